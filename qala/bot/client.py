"""The aiogram Bot and Dispatcher, pointed at the configured Bot API server."""

from functools import cache

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.fsm.storage.redis import RedisStorage
from django.conf import settings


def make_bot(token: str | None = None) -> Bot:
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.TELEGRAM_API_BASE))
    return Bot(token or settings.TELEGRAM_BOT_TOKEN, session=session)


def storage():
    """Where a conversation's step is kept: Redis when configured, so webhook workers share it."""
    return RedisStorage.from_url(settings.REDIS_URL) if settings.REDIS_URL else MemoryStorage()


@cache
def dispatcher() -> Dispatcher:
    """The one Dispatcher of this process (aiogram attaches a router to one dispatcher only)."""
    from .middleware import ResidentMiddleware
    from .routers import answers, booking, link, mine, report, start

    dp = Dispatcher(storage=storage())
    dp.update.outer_middleware(ResidentMiddleware())
    # Order matters: the report flow's, the answers' and the booking flow's states come before the menu's catch-alls.
    dp.include_routers(link.router, answers.router, report.router, booking.router, mine.router, start.router)
    return dp
