"""Reporting a problem inside the chat: photos → place → category → description → phone → confirm.

What the resident gives is kept in the same server-side draft the web form uses, and the appeal
is made by the same service; the chat only asks the questions.
"""

import io

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from asgiref.sync import sync_to_async
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _

from qala.appeals import services
from qala.appeals.models import DESCRIPTION_MAX, DESCRIPTION_MIN, Category, Source
from qala.common.errors import DomainError
from qala.common.phones import normalise_kz_phone
from qala.territory.models import Territory
from qala.territory.selectors import region_choices, territory_children

from .. import keyboards as kb

router = Router(name="report")


class Report(StatesGroup):
    photos = State()
    place = State()
    category = State()
    description = State()
    phone = State()
    confirm = State()


ORDER = [Report.photos, Report.place, Report.category, Report.description, Report.phone, Report.confirm]


# --- asking each question


async def ask(message: Message, state: FSMContext, step: State, user):
    await state.set_state(step)
    if step == Report.photos:
        count = await sync_to_async(lambda: services.draft_for(user).photos.count())()
        await message.answer(
            _("Send 1 to 5 photos of the problem (as photos, not files). Photos so far: %(count)d.") % {"count": count},
            reply_markup=kb.photos_step(),
        )
    elif step == Report.place:
        await message.answer(_("Where is it? Send your location, or choose the region."), reply_markup=kb.place_step())
    elif step == Report.category:
        await message.answer(_("The place is saved."), reply_markup=kb.plain_step())
        items = await sync_to_async(lambda: list(Category.objects.filter(accepts_reports=True)))()
        await message.answer(_("Choose the category:"), reply_markup=kb.categories(items))
    elif step == Report.description:
        await message.answer(_("Describe the problem in 10 to 2000 characters."), reply_markup=kb.plain_step())
    elif step == Report.phone:
        await message.answer(_("Share your phone number or type it."), reply_markup=kb.phone_step())
    elif step == Report.confirm:
        await message.answer(await sync_to_async(_summary)(user), reply_markup=kb.confirm())


def _summary(user) -> str:
    draft = services.draft_for(user)
    return _(
        "Check your appeal:\nPhotos: %(photos)d\nPlace: %(place)s\nCategory: %(category)s\n"
        "Description: %(description)s\nPhone: %(phone)s"
    ) % {
        "photos": draft.photos.count(),
        "place": draft.territory.name if draft.territory else "—",
        "category": draft.category.name if draft.category else "—",
        "description": draft.description,
        "phone": draft.contact_phone,
    }


# --- entering, leaving, going back


@router.callback_query(F.data == "report:chat")
async def begin_from_button(query: CallbackQuery, state: FSMContext, user):
    await query.answer()
    await ask(query.message, state, Report.photos, user)


@router.message(Command("report"))
async def begin(message: Message, state: FSMContext, user):
    await ask(message, state, Report.photos, user)


@router.message(StateFilter(*ORDER), F.text.in_(kb.labels(kb.CANCEL)))
@router.callback_query(StateFilter(Report.confirm), kb.Confirm.filter(F.ok.is_(False)))
async def cancel(event, state: FSMContext, user):
    await state.clear()
    await sync_to_async(services.draft_discard)(user)
    message = event.message if isinstance(event, CallbackQuery) else event
    if isinstance(event, CallbackQuery):
        await event.answer()
    await message.answer(_("Cancelled. Nothing was sent."), reply_markup=kb.menu())


@router.message(StateFilter(*ORDER), F.text.in_(kb.labels(kb.BACK)))
async def back(message: Message, state: FSMContext, user):
    current = await state.get_state()
    index = [s.state for s in ORDER].index(current)
    if index == 0:
        await state.clear()
        await message.answer(_("Choose an action from the menu."), reply_markup=kb.menu())
        return
    await ask(message, state, ORDER[index - 1], user)


# --- 1. photos


@router.message(Report.photos, F.photo)
async def photo(message: Message, state: FSMContext, bot: Bot, user):
    data = io.BytesIO()
    await bot.download(message.photo[-1], destination=data)
    upload = SimpleUploadedFile(f"telegram-{message.message_id}.jpg", data.getvalue())
    try:
        draft = await sync_to_async(services.draft_for)(user)
        await sync_to_async(services.draft_add_photos)(draft, [upload])
    except DomainError as error:
        await message.answer(str(error.message), reply_markup=kb.photos_step())
        return
    count = await sync_to_async(lambda: draft.photos.count())()
    await message.answer(
        _("Photo %(count)d of 5 saved. Send more or tap “Photos are ready”.") % {"count": count},
        reply_markup=kb.photos_step(),
    )


@router.message(Report.photos, F.text.in_(kb.labels(kb.PHOTOS_DONE)))
async def photos_done(message: Message, state: FSMContext, user):
    has_photos = await sync_to_async(lambda: services.draft_for(user).photos.exists())()
    if not has_photos:
        await message.answer(_("Add at least one photo."), reply_markup=kb.photos_step())
        return
    await ask(message, state, Report.place, user)


@router.message(Report.photos)
async def not_a_photo(message: Message):
    await message.answer(_("Please send a photo of the problem."), reply_markup=kb.photos_step())


# --- 2. place


@router.message(Report.place, F.location)
async def location(message: Message, state: FSMContext, user):
    await _place(message, state, user, message.location.latitude, message.location.longitude)


async def _place(message, state, user, latitude, longitude):
    try:
        draft = await sync_to_async(services.draft_for)(user)
        await sync_to_async(services.draft_set_place)(draft, latitude=latitude, longitude=longitude)
    except DomainError as error:
        await message.answer(str(error.message), reply_markup=kb.place_step())
        return
    await ask(message, state, Report.category, user)


@router.message(Report.place, F.text.in_(kb.labels(kb.CHOOSE_REGION)))
async def regions(message: Message):
    places = await sync_to_async(region_choices)()
    await message.answer(_("Choose the region or city:"), reply_markup=kb.regions(places))


@router.callback_query(Report.place, kb.Region.filter())
async def region(query: CallbackQuery, callback_data: kb.Region, state: FSMContext, user):
    await query.answer()
    territory = await sync_to_async(Territory.objects.filter(pk=callback_data.pk).first)()
    if territory is None:
        return
    children = await sync_to_async(territory_children)(territory)
    if children:
        await query.message.answer(_("Choose the district or town:"), reply_markup=kb.regions(children))
        return
    await _place(query.message, state, user, territory.centre_lat, territory.centre_lon)


@router.message(Report.place)
async def not_a_place(message: Message):
    await message.answer(_("Send your location with the button, or choose the region."), reply_markup=kb.place_step())


# --- 3. category


@router.callback_query(Report.category, kb.CategoryChoice.filter())
async def category(query: CallbackQuery, callback_data: kb.CategoryChoice, state: FSMContext, user):
    await query.answer()
    chosen = await sync_to_async(Category.objects.filter(pk=callback_data.pk, accepts_reports=True).first)()
    if chosen is None:
        await query.message.answer(_("Choose a category."))
        return
    await sync_to_async(services.draft_save_changes)(user, category=chosen)
    await ask(query.message, state, Report.description, user)


@router.message(Report.category)
async def not_a_category(message: Message):
    await message.answer(_("Choose the category with the buttons above."))


# --- 4. description


@router.message(Report.description, F.text)
async def description(message: Message, state: FSMContext, user):
    text = message.text.strip()
    if not DESCRIPTION_MIN <= len(text) <= DESCRIPTION_MAX:
        await message.answer(_("Describe the problem in 10 to 2000 characters."), reply_markup=kb.plain_step())
        return
    await sync_to_async(services.draft_save_changes)(user, description=text)
    await ask(message, state, Report.phone, user)


@router.message(Report.description)
async def not_a_description(message: Message):
    await message.answer(_("Describe the problem in 10 to 2000 characters."), reply_markup=kb.plain_step())


# --- 5. phone


@router.message(Report.phone, F.contact | F.text)
async def phone(message: Message, state: FSMContext, user):
    typed = message.contact.phone_number if message.contact else message.text
    try:
        number = normalise_kz_phone(typed)
    except DomainError as error:
        await message.answer(str(error.message), reply_markup=kb.phone_step())
        return
    await sync_to_async(services.draft_save_changes)(user, contact_phone=number)
    await ask(message, state, Report.confirm, user)


@router.message(Report.phone)
async def not_a_phone(message: Message):
    await message.answer(_("Share your phone number or type it."), reply_markup=kb.phone_step())


# --- 6. confirm


@router.callback_query(Report.confirm, kb.Confirm.filter(F.ok))
async def send(query: CallbackQuery, state: FSMContext, user):
    await query.answer()
    draft = await sync_to_async(services.draft_for)(user)
    try:
        appeal = await sync_to_async(services.draft_submit)(
            draft,
            actor=user,
            source=Source.BOT,
            category=draft.category,
            description=draft.description,
            address=draft.address,
            contact_phone=draft.contact_phone,
        )
    except DomainError as error:
        await query.message.answer(str(error.message))
        await ask(query.message, state, Report.photos, user)
        return
    await state.clear()
    await query.message.answer(
        _("Your appeal was created. Number: %(number)s") % {"number": appeal.number},
        reply_markup=kb.open_appeal(appeal.number),
    )
    await query.message.answer(_("Choose an action from the menu."), reply_markup=kb.menu())
