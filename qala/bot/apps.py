from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BotConfig(AppConfig):
    name = "qala.bot"
    verbose_name = _("Telegram bot")

    def ready(self):
        from qala.notifications.delivery import SENDERS
        from qala.notifications.models import Channel

        from .sender import send_telegram

        SENDERS[Channel.TELEGRAM] = send_telegram
