import asyncio

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from qala.bot.client import make_bot
from qala.bot.setup import configure
from qala.common.links import absolute_url


class Command(BaseCommand):
    help = "Register (or with --delete remove) the webhook at QALA_SITE_URL/telegram/<TELEGRAM_WEBHOOK_PATH>/."

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true")

    def handle(self, *args, delete, **options):
        if not (settings.TELEGRAM_BOT_TOKEN and settings.TELEGRAM_WEBHOOK_PATH and settings.TELEGRAM_WEBHOOK_SECRET):
            raise CommandError("Set TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_PATH and TELEGRAM_WEBHOOK_SECRET.")
        url = absolute_url(f"/telegram/{settings.TELEGRAM_WEBHOOK_PATH}/")
        asyncio.run(self._apply(url, delete))
        self.stdout.write(("Webhook removed: " if delete else "Webhook set: ") + url)

    async def _apply(self, url, delete):
        bot = make_bot()
        try:
            if delete:
                await bot.delete_webhook()
            else:
                await configure(bot)
                await bot.set_webhook(url, secret_token=settings.TELEGRAM_WEBHOOK_SECRET)
        finally:
            await bot.session.close()
