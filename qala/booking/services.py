"""Booking a time at a Public Service Centre under eGov's rules, safe under a rush.

The guarantees live in the database: a partial unique constraint gives each seat of a slot to one
active booking, two more keep one IIN to one booking of a service a day and one documentation
service a day, and a lock row per IIN (updated first in every booking transaction) serialises the
rules that no index can express (one day within ten; two services a day). The slot's row is locked
while its seat is taken, so bookings of one slot queue instead of colliding, and a centre closing
that day (closures.py) is seen. A lost race is retried.
"""

import secrets
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qala.appeals import deadlines
from qala.common.errors import Conflict, Invalid
from qala.common.iin import validate_iin

from .models import ACTIVE, HOLDING, Booking, Centre, IinLock, Service, Slot, Vehicle, Window

ALMATY = ZoneInfo("Asia/Almaty")
CODE_LETTERS = "ACDEFHJKLMNPRTUVWXY3479"
ATTEMPTS = 8


class BookingRefused(Invalid):
    """A rule refused the booking; `rule` names it and `nearest` is the first day it would allow."""

    code = "booking_refused"

    def __init__(self, message, *, rule: str, nearest: date | None = None):
        self.rule, self.nearest = rule, nearest
        super().__init__(message, code=f"booking_{rule}")


# --- slots


def slots_generate(centre: Centre, *, start: date, days: int) -> int:
    """Create the missing slots of `days` days from `start`: working days only, around the lunch break.

    Each group's times are as long as the centre's slot or its longest service, whichever is longer.
    """
    capacity = dict(Window.objects.filter(centre=centre).values_list("group", "count"))
    longest = dict(Service.objects.values("group").annotate(m=Max("minutes")).values_list("group", "m"))
    closed = set(centre.closures.values_list("date", flat=True))
    overrides = deadlines.calendar_overrides()
    rows = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        hours = centre.hours.get(str(day.weekday()))
        if not hours or day in closed or not deadlines.is_working_day(day, overrides):
            continue
        for group, count in capacity.items():
            minutes = max(centre.slot_minutes, longest.get(group) or 0)
            rows += [
                Slot(
                    centre=centre,
                    group=group,
                    start_at=begin,
                    end_at=begin + timedelta(minutes=minutes),
                    local_date=day,
                    capacity=count,
                )
                for begin in _starts(day, hours, minutes)
            ]
    before = Slot.objects.filter(centre=centre).count()
    Slot.objects.bulk_create(rows, ignore_conflicts=True)  # returns every row given, made or not: count instead
    return Slot.objects.filter(centre=centre).count() - before


def local_today() -> date:
    return timezone.localtime(timezone.now(), ALMATY).date()


def slots_extend(today: date | None = None) -> int:
    """Keep every centre's slots generated up to the booking horizon (the scheduler calls this)."""
    today = today or local_today()
    horizon = today + timedelta(days=settings.QALA_BOOKING_DAYS_AHEAD)
    last_days = Centre.objects.annotate(last=Max("slots__local_date"))
    created = 0
    for centre in last_days:
        start = max(today, centre.last + timedelta(days=1)) if centre.last else today
        if start <= horizon:
            created += slots_generate(centre, start=start, days=(horizon - start).days + 1)
    return created


def _starts(day: date, hours: list[str], minutes: int):
    """The times that fit whole into the morning (opening to lunch) and the afternoon (lunch to closing)."""
    opens, closes, lunch_from, lunch_to = (datetime.combine(day, clock.fromisoformat(h), ALMATY) for h in hours)
    step = timedelta(minutes=minutes)
    for moment, end in ((opens, lunch_from), (lunch_to, closes)):
        while moment + step <= end:
            yield moment
            moment += step


def free_seats(slot: Slot) -> int:
    return slot.capacity - slot.bookings.filter(status__in=HOLDING).count()


# --- the rules


def _iin_of(user) -> str:
    if not user.iin:
        raise BookingRefused(_("Enter your IIN on your profile page first."), rule="iin")
    return validate_iin(user.iin)


def _check_time_and_service(slot: Slot, service: Service) -> None:
    if slot.start_at <= timezone.now():
        raise BookingRefused(_("This time has already passed. Choose a later one."), rule="past")
    if service.group != slot.group:
        raise BookingRefused(_("This time is for another group of services."), rule="group")


def _check_seller(iin: str, service: Service, vehicle_id: str) -> Vehicle | None:
    """Rule 5: a vehicle is re-registered only in the name of its registered owner (the seller)."""
    if not service.needs_seller:
        return None
    key = (vehicle_id or "").strip().upper().replace(" ", "")
    vehicle = Vehicle.objects.filter(plate=key).first() or Vehicle.objects.filter(vin=key).first()
    if vehicle is None:
        raise BookingRefused(_("No vehicle with this plate or VIN was found in the registry."), rule="vehicle")
    if vehicle.owner_iin != iin:
        raise BookingRefused(
            _("Re-registration is booked only in the name of the seller, the registered owner."), rule="seller"
        )
    return vehicle


def _check_days(iin: str, slot: Slot, service: Service) -> None:
    mine = Booking.objects.filter(iin=iin, status__in=HOLDING)
    window = settings.QALA_BOOKING_WINDOW_DAYS
    kinds = mine if settings.QALA_BOOKING_POOL_KINDS else mine.filter(centre_kind=slot.centre.kind)
    near = kinds.filter(
        local_date__gt=slot.local_date - timedelta(days=window), local_date__lt=slot.local_date + timedelta(days=window)
    ).exclude(local_date=slot.local_date)
    other_days = sorted(set(near.values_list("local_date", flat=True)))
    if other_days:
        raise BookingRefused(
            _("Within any %(days)d days one IIN may book one day only at this kind of centre.") % {"days": window},
            rule="window",
            nearest=other_days[-1] + timedelta(days=window),
        )
    same_day = list(mine.filter(local_date=slot.local_date).select_related("service"))
    if len(same_day) >= 2:
        raise BookingRefused(_("One IIN may hold at most two bookings on one day."), rule="two_a_day")
    if any(b.service_id == service.pk for b in same_day):
        raise BookingRefused(_("You already have this service booked on that day."), rule="same_service")
    documentation = Service.Group.DOCUMENTATION
    if service.group == documentation and any(b.is_documentation for b in same_day):
        raise BookingRefused(_("Only one documentation service may be booked on one day."), rule="documentation")


def _lock(iin: str) -> None:
    """Take the IIN's lock row for this transaction (made once, in a savepoint, if it is missing)."""
    if not IinLock.objects.filter(iin=iin).update(version=F("version") + 1):
        try:
            with transaction.atomic():
                IinLock.objects.create(iin=iin)
        except IntegrityError:
            pass
        IinLock.objects.filter(iin=iin).update(version=F("version") + 1)


def _new_code() -> str:
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(6))


def _take_seat(slot: Slot) -> int:
    taken = set(slot.bookings.filter(status__in=HOLDING).values_list("seat_no", flat=True))
    free = [seat for seat in range(1, slot.capacity + 1) if seat not in taken]
    if not free:
        raise BookingRefused(_("This time is fully booked. Choose another one."), rule="full")
    return free[0]


# --- book, re-book, cancel


def _retried(attempt_once):
    """Run `attempt_once` in a transaction, again after a lost race (a constraint, SQLite busy, a deadlock)."""
    for attempt in range(ATTEMPTS):
        try:
            with transaction.atomic():
                return attempt_once()
        except (IntegrityError, OperationalError):
            time.sleep(0.005 * (attempt + 1) + secrets.randbelow(10) / 1000)
    raise Conflict(_("Many people are booking right now. Please try again."), code="booking_busy")


def book(*, user, slot: Slot, service: Service, vehicle: str = "") -> Booking:
    """Book a seat for the user's IIN; refused with the rule's reason, retried when a race is lost."""
    iin = _iin_of(user)
    return _retried(lambda: _book_once(user=user, iin=iin, slot_id=slot.pk, service=service, vehicle=vehicle))


def _book_once(*, user, iin, slot_id, service, vehicle, status=Booking.Status.BOOKED) -> Booking:
    _lock(iin)
    slot = Slot.objects.select_for_update(of=("self",)).select_related("centre").get(pk=slot_id)
    _check_time_and_service(slot, service)
    registered = _check_seller(iin, service, vehicle)
    _check_days(iin, slot, service)
    return Booking.objects.create(
        code=_new_code(),
        user=user,
        iin=iin,
        slot=slot,
        seat_no=_take_seat(slot),
        service=service,
        centre_kind=slot.centre.kind,
        local_date=slot.local_date,
        is_documentation=service.group == Service.Group.DOCUMENTATION,
        vehicle=registered,
        status=status,
    )


def rebook(booking: Booking, *, user, slot: Slot) -> Booking:
    """Move a booking to another slot in one step: the old seat is freed, the new one taken, or neither."""
    _own_and_open(booking, user)

    def move():
        # The old booking is cancelled first in the same transaction, so the rules no longer count it.
        if not Booking.objects.filter(pk=booking.pk, status__in=ACTIVE).update(status=Booking.Status.CANCELLED):
            raise Conflict()
        return _book_once(
            user=user,
            iin=booking.iin,
            slot_id=slot.pk,
            service=booking.service,
            vehicle=booking.vehicle.plate if booking.vehicle else "",
            status=Booking.Status.REBOOKED,
        )

    return _retried(move)


@transaction.atomic
def cancel(booking: Booking, *, user) -> Booking:
    _own_and_open(booking, user)
    cancelled = Booking.objects.filter(pk=booking.pk, status__in=ACTIVE).update(status=Booking.Status.CANCELLED)
    booking.refresh_from_db()
    if not cancelled:  # checked in or cancelled elsewhere since it was read
        raise BookingRefused(_("This booking is no longer active."), rule="inactive")
    return booking


def changeable(booking: Booking) -> bool:
    """Still to come: it can be re-booked or cancelled (the owner's check is `_own_and_open`'s)."""
    return booking.status in ACTIVE and booking.slot.start_at > timezone.now()


def _own_and_open(booking: Booking, user) -> None:
    if booking.user_id != user.pk:
        raise BookingRefused(_("This is not your booking."), rule="owner")
    if booking.status not in ACTIVE:
        raise BookingRefused(_("This booking is no longer active."), rule="inactive")
    if booking.slot.start_at <= timezone.now():
        raise BookingRefused(_("The time has already started; it can no longer be changed."), rule="started")
