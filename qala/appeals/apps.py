from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "qala.appeals"
    verbose_name = _("Appeals")

    def ready(self):
        from . import checks  # noqa: F401  (registers the transition-table check)
