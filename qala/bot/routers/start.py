"""/start, the language, the menu and About."""

from aiogram import F, Router
from aiogram.filters import Command, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from asgiref.sync import sync_to_async
from django.utils import translation
from django.utils.translation import gettext as _

from qala.accounts import services as accounts

from .. import keyboards as kb

router = Router(name="start")
# Asked before anyone knows the resident's language, so in all three at once.
CHOOSE_LANGUAGE = "Тілді таңдаңыз · Выберите язык · Choose your language"


def greeting() -> str:
    return _(
        "Hello! Qala takes your city's problems to the people who fix them. "
        "Report a problem with a photo and a point on the map, and follow it here."
    )


@router.message(CommandStart())
async def start(message: Message, state: FSMContext, user):
    await state.clear()
    if not user.language:
        await message.answer(CHOOSE_LANGUAGE, reply_markup=kb.language_choice())
        return
    await message.answer(greeting(), reply_markup=kb.menu())


@router.message(Command("language"))
async def language_ask(message: Message):
    await message.answer(CHOOSE_LANGUAGE, reply_markup=kb.language_choice())


@router.callback_query(kb.Language.filter())
async def language_set(query: CallbackQuery, callback_data: kb.Language, user):
    await sync_to_async(accounts.user_language_set)(user, callback_data.code)
    await query.answer()
    with translation.override(callback_data.code):
        await query.message.answer(greeting(), reply_markup=kb.menu())


@router.message(Command("help"))
@router.message(F.text.in_(kb.labels(kb.ABOUT)))
async def about(message: Message):
    await message.answer(
        _(
            "Qala is the city's service for problem reports and Public Service Centre bookings.\n"
            "/new — report a problem\n/my — my appeals\n"
            "/book — book a visit to a Public Service Centre\n/bookings — my bookings\n"
            "/language — change the language\n"
            "To link a Qala web account, get a code on your profile page and send /link CODE."
        ),
        reply_markup=kb.menu(),
    )


@router.message(Command("new"))
@router.message(F.text.in_(kb.labels(kb.NEW_APPEAL)))
async def new_appeal(message: Message):
    await message.answer(_("How would you like to report it?"), reply_markup=kb.new_appeal_choice())


@router.message()
async def anything_else(message: Message, state: FSMContext):
    await message.answer(_("Choose an action from the menu."), reply_markup=kb.menu())
