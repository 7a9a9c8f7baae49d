"""My appeals: the resident's appeals, newest first, five to a page; one appeal with its photos."""

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, InputMediaPhoto, Message
from aiogram.utils.media_group import MediaGroupBuilder
from asgiref.sync import sync_to_async
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from qala.appeals import selectors

from .. import keyboards as kb

router = Router(name="mine")
PAGE_SIZE = 5


def _page(user, number: int):
    listed = selectors.appeals_of_applicant(user).prefetch_related(None)  # a line needs no photos or history
    appeals = list(listed[(number - 1) * PAGE_SIZE : number * PAGE_SIZE + 1])
    return appeals[:PAGE_SIZE], len(appeals) > PAGE_SIZE


def _line(appeal) -> str:
    when = date_format(timezone.localtime(appeal.created_at), "SHORT_DATETIME_FORMAT")
    return f"{appeal.number} · {when} · {appeal.get_status_display()} · {appeal.category.name}"


async def show_page(message: Message, user, number: int, *, edit: bool = False):
    appeals, has_more = await sync_to_async(_page)(user, number)
    if not appeals and number == 1:
        await message.answer(
            _("You have no appeals yet. Tap “New appeal” to report a problem."), reply_markup=kb.menu()
        )
        return
    text = _("Your appeals, page %(page)d:") % {"page": number} + "\n" + "\n".join(_line(a) for a in appeals)
    markup = kb.appeal_list([a.number for a in appeals], number, has_more)
    if edit:
        await message.edit_text(text, reply_markup=markup)
    else:
        await message.answer(text, reply_markup=markup)


@router.message(Command("my"))
@router.message(F.text.in_(kb.labels(kb.MY_APPEALS)))
async def mine(message: Message, user):
    await show_page(message, user, 1)


@router.callback_query(kb.Page.filter())
async def page(query: CallbackQuery, callback_data: kb.Page, user):
    await query.answer()
    await show_page(query.message, user, max(1, callback_data.number), edit=True)


def describe(appeal) -> str:
    """One appeal as the resident reads it."""
    lines = [
        _("Appeal %(number)s") % {"number": appeal.number},
        _("Filed: %(when)s") % {"when": date_format(timezone.localtime(appeal.created_at), "SHORT_DATETIME_FORMAT")},
        _("Status: %(status)s") % {"status": appeal.get_status_display()},
        _("Region: %(region)s") % {"region": appeal.territory.name},
    ]
    if appeal.address:
        lines.append(_("Address: %(address)s") % {"address": appeal.address})
    lines.append(appeal.description)
    if appeal.answer:
        lines.append(_("Executor's report: %(answer)s") % {"answer": appeal.answer})
    return "\n".join(lines)


def _photo_files(appeal) -> list[tuple[str, bytes]]:
    """(stage, JPEG bytes at full size) of the report photos and the executor's photos."""
    found = []
    for photo in appeal.photos.all():
        if photo.stage in ("report", "after"):
            with photo.image.open("rb") as handle:
                found.append((photo.stage, handle.read()))
    return found


@router.callback_query(kb.Show.filter())
async def show(query: CallbackQuery, callback_data: kb.Show, user):
    await query.answer()
    appeal = await sync_to_async(
        lambda: selectors.appeals_of_applicant(user).filter(number=callback_data.number).first()
    )()
    if appeal is None:
        await query.message.answer(_("This appeal was not found."))
        return
    text, photos = await sync_to_async(lambda: (describe(appeal), _photo_files(appeal)))()
    await query.message.answer(text, reply_markup=kb.open_appeal(appeal.number))
    if photos:
        await query.message.answer_media_group(media_group(photos))


def media_group(photos) -> list[InputMediaPhoto]:
    builder = MediaGroupBuilder()
    for index, (stage, content) in enumerate(photos[:10]):
        caption = _("After the work") if stage == "after" else _("Reported")
        builder.add_photo(BufferedInputFile(content, filename=f"{stage}-{index}.jpg"), caption=caption)
    return builder.build()
