import asyncio

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from qala.bot.client import dispatcher, make_bot
from qala.bot.setup import configure


class Command(BaseCommand):
    help = "Run the Telegram bot with long polling (TELEGRAM_BOT_TOKEN must be set)."

    def handle(self, *args, **options):
        if not settings.TELEGRAM_BOT_TOKEN:
            raise CommandError("Set TELEGRAM_BOT_TOKEN to run the bot.")
        asyncio.run(self._poll())

    async def _poll(self):
        bot = make_bot()
        await configure(bot)
        await bot.delete_webhook(drop_pending_updates=False)
        await dispatcher().start_polling(bot, handle_signals=True)
