"""The resident's answer to "done": stars, then an optional comment that closes the appeal; or a dispute."""

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from asgiref.sync import sync_to_async
from django.utils.translation import gettext as _

from qala.appeals import workflow
from qala.appeals.models import Appeal, Source
from qala.common.errors import DomainError

from .. import keyboards as kb

router = Router(name="answers")


class Answer(StatesGroup):
    comment = State()
    dispute = State()


def _appeal(number: str):
    return Appeal.objects.select_related("category").filter(number=number).first()


@router.callback_query(kb.Rate.filter())
async def rate(query: CallbackQuery, callback_data: kb.Rate, state: FSMContext):
    await query.answer()
    if not 1 <= callback_data.stars <= 5:
        return
    await state.set_state(Answer.comment)
    await state.update_data(number=callback_data.number, stars=callback_data.stars)
    await query.message.edit_text(
        _("You gave %(stars)s. Leave a comment? Write it in one message, or tap Skip.")
        % {"stars": "⭐" * callback_data.stars},
        reply_markup=kb.skip_comment(callback_data.number),
    )


async def _answer(message: Message, state: FSMContext, transition, done: str, **arguments) -> None:
    """The resident's answer about the appeal the conversation is on: one workflow call, then its outcome."""
    data = await state.get_data()
    await state.clear()
    appeal = await sync_to_async(_appeal)(data.get("number", ""))
    if appeal is None:
        await message.answer(_("This appeal was not found."), reply_markup=kb.menu())
        return
    try:
        await sync_to_async(transition)(appeal, source=Source.BOT, **arguments)
    except DomainError as error:
        await message.answer(str(error.message), reply_markup=kb.menu())
        return
    await message.answer(done % {"number": appeal.number}, reply_markup=kb.menu())


async def _confirm(message: Message, state: FSMContext, user, comment: str):
    stars = (await state.get_data()).get("stars")
    done = _("Thank you! Appeal %(number)s is closed.")
    await _answer(message, state, workflow.confirm, done, actor=user, rating=stars, comment=comment)


@router.message(Answer.comment, F.text)
async def comment(message: Message, state: FSMContext, user):
    await _confirm(message, state, user, message.text[:1000])


@router.callback_query(Answer.comment, kb.SkipComment.filter())
async def skip(query: CallbackQuery, state: FSMContext, user):
    await query.answer()
    await query.message.edit_reply_markup(reply_markup=None)
    await _confirm(query.message, state, user, "")


@router.callback_query(kb.Dispute.filter())
async def dispute_ask(query: CallbackQuery, callback_data: kb.Dispute, state: FSMContext):
    await query.answer()
    await state.set_state(Answer.dispute)
    await state.update_data(number=callback_data.number)
    await query.message.edit_text(_("What is still wrong? Write it in one message."))


@router.message(Answer.dispute, F.text)
async def dispute(message: Message, state: FSMContext, user):
    done = _("Appeal %(number)s went back to the organisation with a new deadline.")
    await _answer(message, state, workflow.dispute, done, actor=user, reason=message.text[:1000])


@router.message(Answer.comment)
@router.message(Answer.dispute)
async def text_please(message: Message):
    await message.answer(_("Please write it as a text message."))
