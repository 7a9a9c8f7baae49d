from django.db import models
from django.utils.translation import gettext_lazy as _

from qala.common.i18n import NamedModel
from qala.common.models import TimeStampedModel


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class Guide(TimeStampedModel):
    """A life-situation, business or visitor guide; its words live in one GuideTranslation per language."""

    class Section(models.TextChoices):
        LIFE = "life", _("Life situations")
        BUSINESS = "business", _("For business")
        VISITORS = "visitors", _("For visitors")

    class Theme(models.TextChoices):
        SOCIAL = "social", _("social services")
        HEALTH = "health", _("health")
        EDUCATION = "education", _("education")
        HOUSING = "housing", _("housing")
        VEHICLES = "vehicles", _("vehicles")
        FINANCE = "finance", _("finance and state services")
        CONSUMER = "consumer", _("consumer rights")
        MIGRATION = "migration", _("migration")
        PROCUREMENT = "procurement", _("public procurement")
        INVESTMENT = "investment", _("investment")
        INTELLECTUAL_PROPERTY = "intellectual_property", _("intellectual property")
        SUPPORT = "support", _("subsidies and support")
        TAXES = "taxes", _("taxes")
        STAY = "stay", _("where to stay")
        EAT = "eat", _("where to eat")
        MEDICAL = "medical", _("medical help")
        STUDY = "study", _("study")
        SEE = "see", _("what to see")

    class NextStep(models.TextChoices):
        NONE = "", _("none")
        BOOK_PSC = "book_psc", _("book a PSC slot")
        FILE_APPEAL = "file_appeal", _("file an appeal")

    slug = models.SlugField(_("address"), max_length=80, unique=True)
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    theme = models.CharField(_("theme"), max_length=30, choices=Theme.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    next_step = models.CharField(_("next step"), max_length=20, choices=NextStep.choices, blank=True)
    places = models.ManyToManyField("DirectoryEntry", verbose_name=_("where to go"), blank=True)

    class Meta:
        verbose_name = _("guide")
        verbose_name_plural = _("guides")
        ordering = ["section", "theme", "slug"]
        indexes = [models.Index(fields=["status", "section", "theme"], name="guide_list_idx")]

    def __str__(self):
        return self.slug


class GuideTranslation(models.Model):
    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=2, choices=[("kk", "kk"), ("ru", "ru"), ("en", "en")])
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    steps = models.JSONField(_("steps"), default=list, blank=True)
    documents = models.JSONField(_("documents needed"), default=list, blank=True)
    # Lower-cased, with Kazakh letters folded to their nearest Russian ones, for search.
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("guide translation")
        verbose_name_plural = _("guide translations")
        constraints = [models.UniqueConstraint(fields=["guide", "language"], name="guide_translation_once")]

    def __str__(self):
        return f"{self.guide_id} {self.language}"

    def save(self, *args, **kwargs):
        from .search import indexed

        self.search_text = indexed(self.title, self.summary, " ".join([*self.steps, *self.documents]))
        super().save(*args, **kwargs)


class DirectoryEntry(NamedModel, TimeStampedModel):
    """A city organisation residents look for: address, phones, hours, services and a point on the map."""

    class Kind(models.TextChoices):
        AKIMAT_DEPARTMENT = "akimat_department", _("akimat department")
        DISTRICT_AKIMAT = "district_akimat", _("district akimat")
        PSC = "psc", _("Public Service Centre")
        SCHOOL = "school", _("school")
        CLINIC = "clinic", _("polyclinic")
        HOSPITAL = "hospital", _("hospital")
        UTILITY = "utility", _("utility")
        EMERGENCY = "emergency", _("emergency service")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    territory = models.ForeignKey("territory.Territory", verbose_name=_("district"), on_delete=models.PROTECT)
    address_kk = models.CharField(_("address (Kazakh)"), max_length=300)
    address_ru = models.CharField(_("address (Russian)"), max_length=300)
    address_en = models.CharField(_("address (English)"), max_length=300)
    hours_kk = models.CharField(_("opening hours (Kazakh)"), max_length=200, blank=True)
    hours_ru = models.CharField(_("opening hours (Russian)"), max_length=200, blank=True)
    hours_en = models.CharField(_("opening hours (English)"), max_length=200, blank=True)
    services_kk = models.TextField(_("services (Kazakh)"), blank=True)
    services_ru = models.TextField(_("services (Russian)"), blank=True)
    services_en = models.TextField(_("services (English)"), blank=True)
    phones = models.JSONField(_("phones"), default=list, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("web site"), blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("takes appeals as"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    staff_notes = models.TextField(_("staff notes"), blank=True, help_text=_("Never shown to the public."))
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("directory entry")
        verbose_name_plural = _("city directory")
        ordering = ["name_ru"]
        indexes = [
            models.Index(fields=["status", "kind", "territory"], name="directory_filter_idx"),
            models.Index(fields=["latitude", "longitude"], name="directory_point_idx"),
        ]

    def save(self, *args, **kwargs):
        from .search import indexed

        names = " ".join([self.name_kk, self.name_ru, self.name_en])
        rest = " ".join(
            [
                self.address_kk,
                self.address_ru,
                self.address_en,
                self.services_kk,
                self.services_ru,
                self.services_en,
                self.get_kind_display(),
            ]
        )
        self.search_text = indexed(names, "", rest)
        super().save(*args, **kwargs)
