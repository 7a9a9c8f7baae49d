import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qala.common.i18n import NamedModel
from qala.common.models import TimeStampedModel

DESCRIPTION_MIN = 10
DESCRIPTION_MAX = 2000


class Source(models.TextChoices):
    """The channel an appeal or a change came through."""

    WEB = "web", _("web site")
    PHONE = "phone", _("phone call (109)")
    BOT = "bot", _("Telegram")
    API = "api", _("API")
    OPEN311 = "open311", _("Open311")
    OPERATOR = "operator", _("operator console")
    SYSTEM = "system", _("system")


class Category(NamedModel, TimeStampedModel):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    icon = models.CharField(_("icon"), max_length=8, help_text=_("An emoji shown on the map and in lists."))
    deadline_days = models.PositiveSmallIntegerField(_("deadline, working days"), default=10)
    accepts_reports = models.BooleanField(_("accepts reports"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=100)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "code"]


class Appeal(TimeStampedModel):
    class Kind(models.TextChoices):
        REPORT = "report", _("problem report")
        STATEMENT = "statement", _("statement")
        REQUEST = "request", _("request")
        PROPOSAL = "proposal", _("proposal")
        COMPLAINT = "complaint", _("complaint")
        GRATITUDE = "gratitude", _("gratitude")
        OTHER = "other", pgettext_lazy("appeal kind", "other")

    class Status(models.TextChoices):
        NEW = "new", pgettext_lazy("appeal status", "New")
        ASSIGNED = "assigned", pgettext_lazy("appeal status", "Assigned")
        IN_PROGRESS = "in_progress", pgettext_lazy("appeal status", "In progress")
        DONE = "done", pgettext_lazy("appeal status", "Done")
        CLOSED = "closed", pgettext_lazy("appeal status", "Closed")
        REJECTED = "rejected", pgettext_lazy("appeal status", "Rejected")

    FINISHED = (Status.DONE, Status.CLOSED, Status.REJECTED)
    OPEN = (Status.NEW, Status.ASSIGNED, Status.IN_PROGRESS)

    number = models.CharField(_("number"), max_length=12, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.REPORT)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW, editable=False)
    source = models.CharField(_("channel"), max_length=20, choices=Source.choices, default=Source.WEB)
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="appeals")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appeals",
    )
    description = models.TextField(
        _("description"), validators=[MinLengthValidator(DESCRIPTION_MIN), MaxLengthValidator(DESCRIPTION_MAX)]
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=16, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    territory = models.ForeignKey(
        "territory.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="appeals"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    executor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("executor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    # The deadline whose breach the sweep has recorded, so each breach is recorded once.
    breached_deadline = models.DateTimeField(null=True, blank=True, editable=False)
    answer = models.TextField(_("executor's report"), blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    feedback = models.TextField(_("resident's comment"), blank=True)
    title = models.CharField(_("summary"), max_length=200, blank=True)
    deputy = models.ForeignKey(
        "organisations.Deputy",
        verbose_name=_("addressed to deputy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["applicant", "-created_at"], name="appeal_applicant_idx"),
            models.Index(fields=["status", "created_at"], name="appeal_status_idx"),
            models.Index(fields=["category", "status"], name="appeal_category_idx"),
            models.Index(fields=["territory", "status"], name="appeal_territory_idx"),
            models.Index(fields=["latitude", "longitude"], name="appeal_point_idx"),
            models.Index(fields=["status", "deadline"], name="appeal_deadline_idx"),
            models.Index(fields=["deadline"], name="appeal_due_idx"),
            models.Index(fields=["status", "done_at"], name="appeal_done_idx"),
            models.Index(fields=["organisation", "status", "deadline"], name="appeal_org_idx"),
            models.Index(fields=["executor", "status", "deadline"], name="appeal_executor_idx"),
            models.Index(fields=["source", "status"], name="appeal_source_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(latitude__gte=-90, latitude__lte=90), name="appeal_lat_range"),
            models.CheckConstraint(
                condition=models.Q(longitude__gte=-180, longitude__lte=180), name="appeal_lon_range"
            ),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="appeal_rating_1_5",
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def is_overdue(self):
        return bool(self.deadline) and self.status not in self.FINISHED and self.deadline < timezone.now()


def photo_path(instance, filename):
    return f"photos/{timezone.now():%Y/%m}/{filename}"


class Photo(models.Model):
    class Stage(models.TextChoices):
        REPORT = "report", _("resident's photo")
        BEFORE = "before", _("before work")
        AFTER = "after", _("after work")
        DISPUTE = "dispute", _("resident's dispute")

    appeal = models.ForeignKey(Appeal, null=True, blank=True, on_delete=models.CASCADE, related_name="photos")
    draft = models.ForeignKey("ReportDraft", null=True, blank=True, on_delete=models.CASCADE, related_name="photos")
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.REPORT)
    image = models.ImageField(_("image"), upload_to=photo_path)
    thumbnail = models.ImageField(_("thumbnail"), upload_to=photo_path)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(appeal__isnull=False) | models.Q(draft__isnull=False), name="photo_has_owner"
            ),
        ]

    def __str__(self):
        return self.image.name


def attachment_path(instance, filename):
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}/{filename}"


class Attachment(models.Model):
    """A document filed with a formal appeal, or attached to the written answer."""

    class Stage(models.TextChoices):
        APPEAL = "appeal", _("filed with the appeal")
        ANSWER = "answer", _("attached to the answer")

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="attachments")
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.APPEAL)
    file = models.FileField(_("file"), upload_to=attachment_path)
    name = models.CharField(_("name"), max_length=120)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.name


class Applicant(models.Model):
    """Who filed a formal appeal, as the Administrative Procedural Code asks: personal data, staff-only."""

    class Type(models.TextChoices):
        INDIVIDUAL = "individual", _("individual")
        LEGAL_ENTITY = "legal_entity", _("legal entity")

    appeal = models.OneToOneField(Appeal, on_delete=models.CASCADE, related_name="applicant_details")
    type = models.CharField(_("applicant"), max_length=20, choices=Type.choices)
    is_resident = models.BooleanField(_("resident of Kazakhstan"), default=True)
    iin = models.CharField(_("IIN"), max_length=12, blank=True)
    bin = models.CharField(_("BIN"), max_length=12, blank=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    company_name = models.CharField(_("company name"), max_length=300, blank=True)
    representative = models.CharField(_("representative"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100)
    district = models.CharField(_("district"), max_length=100, blank=True)
    microdistrict = models.CharField(_("microdistrict"), max_length=100, blank=True)
    street = models.CharField(_("street"), max_length=200)
    house = models.CharField(_("house"), max_length=20)
    flat = models.CharField(_("flat"), max_length=20, blank=True)
    phone = models.CharField(_("phone"), max_length=16)
    email = models.EmailField(_("e-mail"))

    class Meta:
        verbose_name = _("applicant")
        verbose_name_plural = _("applicants")

    def __str__(self):
        return self.company_name or self.full_name


class ReportDraft(TimeStampedModel):
    """A resident's report in progress: kept on the server so a lost connection loses nothing."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_draft")
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    territory = models.ForeignKey("territory.Territory", null=True, blank=True, on_delete=models.SET_NULL)
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.SET_NULL)
    description = models.TextField(blank=True)
    address = models.CharField(max_length=300, blank=True)
    contact_phone = models.CharField(max_length=32, blank=True)

    def __str__(self):
        return f"draft of {self.user_id}"

    @property
    def has_place(self):
        return self.latitude is not None and self.territory_id is not None


class Event(models.Model):
    """One immutable line of an appeal's history."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        ASSIGNED = "assigned", _("assigned")
        STARTED = "started", _("work started")
        COMPLETED = "completed", _("work completed")
        RETURNED = "returned", _("returned to the operator")
        REJECTED = "rejected", _("rejected")
        CONFIRMED = "confirmed", _("confirmed by the resident")
        DISPUTED = "disputed", _("disputed by the resident")
        AUTO_CLOSED = "auto_closed", _("closed without the resident's answer")
        MERGED = "merged", _("merged into another appeal")
        REASSIGNED = "reassigned", _("reassigned")
        EDITED = "edited", _("corrected by the operator")
        EXTENSION_REQUESTED = "extension_requested", _("deadline extension requested")
        EXTENSION_REFUSED = "extension_refused", _("deadline extension refused")
        DEADLINE_EXTENDED = "deadline_extended", _("deadline extended")
        DEADLINE_BREACHED = "deadline_breached", _("deadline missed")
        FORWARDED = "forwarded", _("forwarded to the competent body")
        ACKNOWLEDGED = "acknowledged", _("acknowledged by the organisation")

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="events")
    # A request waiting for a decision (a deadline extension) until an answer event names it.
    answers = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="answered_by")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=20, choices=Source.choices)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["kind", "created_at"], name="event_kind_idx")]

    def __str__(self):
        return f"{self.appeal_id}: {self.kind}"

    @property
    def to_status_label(self):
        return Appeal.Status(self.to_status).label if self.to_status else ""


class CalendarDay(models.Model):
    """A government day-off transfer that the `holidays` package does not know yet."""

    date = models.DateField(_("date"), unique=True)
    is_working = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date}: {'working' if self.is_working else 'day off'}"
