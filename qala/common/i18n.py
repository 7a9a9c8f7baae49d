"""Staff-written short labels live in three columns (`name_kk`, `name_ru`, `name_en`)."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

# When the active language's column is empty, show the first of these that is filled.
FALLBACK_ORDER = ("kk", "ru", "en")


def localized(obj, field, language=None):
    language = (language or translation.get_language() or "kk")[:2]
    value = getattr(obj, f"{field}_{language}", "")
    if value:
        return value
    for code in FALLBACK_ORDER:
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return value
    return ""


class NamedModel(models.Model):
    """A model with a required name in Kazakh, Russian and English."""

    name_kk = models.CharField(_("name (Kazakh)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def name(self):
        return localized(self, "name")
