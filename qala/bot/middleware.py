"""Every update: find (or create) the resident behind it and answer in their language."""

from aiogram import BaseMiddleware
from asgiref.sync import sync_to_async
from django.utils import translation

from qala.accounts import services as accounts

from .i18n import user_language


class ResidentMiddleware(BaseMiddleware):
    async def __call__(self, handler, event, data):
        sender = data.get("event_from_user")
        if sender is None or sender.is_bot:
            return await handler(event, data)
        user = await sync_to_async(accounts.telegram_resident)(sender.id, first_name=sender.first_name or "")
        data["user"] = user
        with translation.override(user_language(user, sender.language_code)):
            return await handler(event, data)
