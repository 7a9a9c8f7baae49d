"""Linking this chat to an existing web account with a one-time code (/link CODE or a /start link)."""

from aiogram import Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import Message
from asgiref.sync import sync_to_async
from django.utils.translation import gettext as _

from qala.accounts import services as accounts
from qala.common.errors import DomainError

from .. import keyboards as kb

router = Router(name="link")


async def _link(message: Message, code: str):
    try:
        account = await sync_to_async(accounts.link_code_redeem)(code, telegram_id=message.from_user.id)
    except DomainError as error:
        await message.answer(str(error.message))
        return
    await message.answer(
        _("Done: this chat is linked to your Qala account %(name)s.") % {"name": account.public_name},
        reply_markup=kb.menu(),
    )


@router.message(CommandStart(deep_link=True, magic=None))
async def start_with_code(message: Message, command: CommandObject):
    if (command.args or "").startswith("link-"):
        await _link(message, command.args.removeprefix("link-"))
    else:
        await message.answer(_("Choose an action from the menu."), reply_markup=kb.menu())


@router.message(Command("link"))
async def link(message: Message, command: CommandObject):
    if not command.args:
        await message.answer(_("Send the code from your profile page like this: /link 12345678"))
        return
    await _link(message, command.args)
