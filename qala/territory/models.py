from django.db import models
from django.utils.translation import gettext_lazy as _

from qala.common.i18n import NamedModel
from qala.common.models import TimeStampedModel


class Territory(NamedModel, TimeStampedModel):
    """Region (or city of republican significance) → district or town → city district."""

    class Kind(models.TextChoices):
        REGION = "region", _("region")
        REPUBLICAN_CITY = "republican_city", _("city of republican significance")
        DISTRICT = "district", _("district")
        CITY = "city", _("city of regional significance")
        CITY_DISTRICT = "city_district", _("city district")

    code = models.SlugField(
        _("code"), max_length=40, unique=True, help_text=_("Stable identifier, e.g. KZ-71 or KZ-71-yesil.")
    )
    iso_code = models.CharField(_("ISO 3166-2 code"), max_length=10, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    centre_lat = models.DecimalField(_("centre latitude"), max_digits=9, decimal_places=6)
    centre_lon = models.DecimalField(_("centre longitude"), max_digits=9, decimal_places=6)
    boundary = models.JSONField(_("boundary (GeoJSON geometry)"), null=True, blank=True)
    boundary_source = models.CharField(_("boundary source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["name_ru"]
