"""The site's languages, and staff-written short labels in three columns (`name_kk`, `name_ru`, `name_en`)."""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .errors import Invalid

# When the active language's column is empty, show the first of these that is filled.
FALLBACK_ORDER = ("kk", "ru", "en")


def language_codes() -> tuple[str, ...]:
    return tuple(code for code, _name in settings.LANGUAGES)


def language_or_default(code) -> str:
    """A saved language if it is one of ours, else the site's default (Kazakh)."""
    return code if code in language_codes() else settings.LANGUAGE_CODE


def language_check(code) -> str:
    if code not in language_codes():
        raise Invalid(_("Choose Kazakh, Russian or English."), code="language", field="language")
    return code


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
