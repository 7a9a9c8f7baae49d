from django.db import models
from django.utils.translation import gettext_lazy as _

from qala.common.i18n import NamedModel
from qala.common.models import TimeStampedModel


class Organisation(NamedModel, TimeStampedModel):
    """A body that does the work: an akimat department, a utility, a contractor."""

    class Kind(models.TextChoices):
        AKIMAT_DEPARTMENT = "akimat_department", _("akimat department")
        DISTRICT_AKIMAT = "district_akimat", _("district akimat")
        MASLIKHAT = "maslikhat", _("maslikhat")
        UTILITY = "utility", _("utility")
        CONTRACTOR = "contractor", _("contractor")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    territories = models.ManyToManyField("territory.Territory", verbose_name=_("territories served"), blank=True)
    phone = models.CharField(_("phone"), max_length=16, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_ru"]


class RoutingRule(models.Model):
    """Which organisation takes a category's appeals in a territory (and the territories inside it)."""

    category = models.ForeignKey("appeals.Category", verbose_name=_("category"), on_delete=models.CASCADE)
    territory = models.ForeignKey("territory.Territory", verbose_name=_("territory"), on_delete=models.CASCADE)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="routing_rules"
    )

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        constraints = [models.UniqueConstraint(fields=["category", "territory"], name="routing_rule_once")]

    def __str__(self):
        return f"{self.category} × {self.territory} → {self.organisation}"


class Deputy(NamedModel):
    """A maslikhat deputy a formal appeal may be addressed to."""

    territory = models.ForeignKey("territory.Territory", verbose_name=_("territory"), on_delete=models.PROTECT)
    constituency = models.CharField(_("constituency"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("maslikhat"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("The body that receives appeals addressed to this deputy."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("maslikhat deputy")
        verbose_name_plural = _("maslikhat deputies")
        ordering = ["name_ru"]
