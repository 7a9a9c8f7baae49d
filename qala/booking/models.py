from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qala.common.i18n import NamedModel

ACTIVE = ("booked", "rebooked")  # still to come: can be re-booked, cancelled, checked in
# Everything but a cancelled booking keeps its seat and counts for the rules: a visit that happened
# (or was missed) still used up the day.
HOLDING = (*ACTIVE, "attended", "no_show")


class Centre(NamedModel):
    """A Public Service Centre (ХҚО / ЦОН), an auto-PSC or a specialised one."""

    class Kind(models.TextChoices):
        PSC = "psc", _("Public Service Centre")
        AUTO_PSC = "auto_psc", _("auto-PSC (vehicles, driving licences)")
        SPECIAL = "special", _("specialised centre")

    code = models.SlugField(max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    address = models.CharField(_("address"), max_length=300)
    territory = models.ForeignKey("territory.Territory", verbose_name=_("district"), on_delete=models.PROTECT)
    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)
    # weekday (0 = Monday) → ["09:00", "18:00", "13:00", "14:00"] (open, close, lunch from, lunch to); no key: closed
    hours = models.JSONField(_("working hours"), default=dict)
    slot_minutes = models.PositiveSmallIntegerField(_("slot length, minutes"), default=15)

    class Meta:
        verbose_name = _("centre")
        verbose_name_plural = _("centres")


class CentreClosure(models.Model):
    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="closures")
    date = models.DateField(_("closed on"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["centre", "date"], name="closure_once")]

    def __str__(self):
        return f"{self.centre_id} {self.date}"


class Service(NamedModel):
    class Group(models.TextChoices):
        DOCUMENTATION = "documentation", _("documentation (ID card, passport)")
        VEHICLES = "vehicles", _("vehicles")
        REAL_ESTATE = "real_estate", _("real estate")
        SOCIAL = "social", _("social")
        OTHER = "other", _("other")

    code = models.SlugField(max_length=60, unique=True)
    group = models.CharField(_("group"), max_length=20, choices=Group.choices)
    needs_seller = models.BooleanField(_("only in the seller's name"), default=False)
    minutes = models.PositiveSmallIntegerField(
        _("duration, minutes"), default=15, help_text=_("A group's times are as long as its longest service.")
    )

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")


class Window(models.Model):
    """How many windows of a centre serve one service group: the capacity of each of its slots."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="windows")
    group = models.CharField(max_length=20, choices=Service.Group.choices)
    count = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["centre", "group"], name="window_once")]

    def __str__(self):
        return f"{self.centre_id} {self.group} × {self.count}"


class Slot(models.Model):
    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="slots")
    group = models.CharField(max_length=20, choices=Service.Group.choices)
    start_at = models.DateTimeField()
    end_at = models.DateTimeField()
    local_date = models.DateField()
    capacity = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["start_at"]
        constraints = [models.UniqueConstraint(fields=["centre", "group", "start_at"], name="slot_once")]
        indexes = [models.Index(fields=["centre", "group", "local_date"], name="slot_day_idx")]

    def __str__(self):
        return f"{self.centre_id} {self.group} {self.start_at:%Y-%m-%d %H:%M}"


class Vehicle(models.Model):
    """The vehicle-registry adapter's local table (the demo's stand-in for the real registry)."""

    plate = models.CharField(max_length=12, unique=True)
    vin = models.CharField(max_length=17, unique=True)
    owner_iin = models.CharField(max_length=12)

    def __str__(self):
        return self.plate


class IinLock(models.Model):
    """One row per IIN, updated first in every booking transaction: bookings of one IIN queue up here."""

    iin = models.CharField(max_length=12, primary_key=True)
    version = models.BigIntegerField(default=0)

    def __str__(self):
        return self.iin


class Booking(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", _("booked")
        REBOOKED = "rebooked", _("re-booked")
        CANCELLED = "cancelled", _("cancelled")
        ATTENDED = "attended", _("attended")
        NO_SHOW = "no_show", _("no-show")

    code = models.CharField(_("ticket code"), max_length=8, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookings")
    iin = models.CharField(max_length=12)
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="bookings")
    seat_no = models.PositiveSmallIntegerField()
    service = models.ForeignKey(Service, on_delete=models.PROTECT)
    centre_kind = models.CharField(max_length=20)
    local_date = models.DateField()
    is_documentation = models.BooleanField(default=False)
    vehicle = models.ForeignKey(Vehicle, null=True, blank=True, on_delete=models.PROTECT)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.BOOKED)
    created_at = models.DateTimeField(auto_now_add=True)
    reminded_day_before = models.DateTimeField(null=True, blank=True)
    reminded_two_hours = models.DateTimeField(null=True, blank=True)
    marked_at = models.DateTimeField(null=True, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["iin", "centre_kind", "local_date"], name="booking_iin_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "seat_no"], condition=Q(status__in=HOLDING), name="booking_seat_once"
            ),
            models.UniqueConstraint(
                fields=["iin", "local_date", "service"],
                condition=Q(status__in=HOLDING),
                name="booking_service_once_a_day",
            ),
            models.UniqueConstraint(
                fields=["iin", "local_date"],
                condition=Q(status__in=HOLDING, is_documentation=True),
                name="booking_one_documentation_a_day",
            ),
        ]

    def __str__(self):
        return self.code
