"""What the bot tells Telegram about itself: its commands and the chat's menu button (the Web App form)."""

from aiogram import Bot
from aiogram.types import BotCommand, MenuButtonWebApp, WebAppInfo
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from . import keyboards as kb
from .i18n import LANGUAGES

COMMANDS = (
    ("new", gettext_noop("Report a problem")),
    ("my", gettext_noop("My appeals")),
    ("book", gettext_noop("Book a PSC visit")),
    ("bookings", gettext_noop("My bookings")),
    ("help", gettext_noop("Help")),
    ("language", gettext_noop("Language")),
)


async def configure(bot: Bot) -> None:
    for language in LANGUAGES:
        with translation.override(language):
            commands = [BotCommand(command=name, description=_(text)) for name, text in COMMANDS]
            await bot.set_my_commands(commands, language_code=language)
    with translation.override("kk"):
        await bot.set_chat_menu_button(
            menu_button=MenuButtonWebApp(text=_("New appeal"), web_app=WebAppInfo(url=kb.webapp_url()))
        )
