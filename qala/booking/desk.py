"""The PSC desk: a centre's day board per window, checking a visitor in by code, attended or no-show.

PSC staff work at the centres inside their territories (an administrator at any). Every mark is a
compare-and-set on an active booking, so two clerks pressing at once record it once.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qala.accounts.models import User
from qala.accounts.selectors import territory_scope
from qala.common.errors import NotAllowed

from .models import ACTIVE, Booking, Centre, Service, Slot
from .services import ALMATY, BookingRefused, local_today

Status = Booking.Status


def centres_of_staff(user):
    centres = Centre.objects.select_related("territory").defer("territory__boundary").order_by("code")
    if user.role == User.Role.ADMIN:
        return centres
    if user.role != User.Role.PSC_STAFF:
        return centres.none()
    return centres.filter(territory__in=territory_scope(user))


def _check_desk(user, centre: Centre) -> None:
    if not centres_of_staff(user).filter(pk=centre.pk).exists():
        raise NotAllowed(_("You do not work at this centre."), code="desk_scope")


def today() -> date:
    return local_today()


def local_time(moment) -> str:
    return timezone.localtime(moment, ALMATY).strftime("%H:%M")


@dataclass
class GroupBoard:
    """One service group's table: a row per time, a column per window (seat n of a slot is window n)."""

    group: str
    windows: int = 0
    rows: list = field(default_factory=list)  # (slot, [booking or None per window])

    @property
    def label(self):
        return Service.Group(self.group).label


def day_board(centre: Centre, day: date) -> list[GroupBoard]:
    slots = list(Slot.objects.filter(centre=centre, local_date=day).order_by("group", "start_at"))
    held = defaultdict(dict)
    bookings = (
        Booking.objects.filter(slot__in=[s.pk for s in slots])
        .exclude(status=Status.CANCELLED)
        .select_related("service", "user")
    )
    for booking in bookings:
        held[booking.slot_id][booking.seat_no] = booking
    boards = {}
    for slot in slots:
        board = boards.setdefault(slot.group, GroupBoard(slot.group))
        board.windows = max(board.windows, slot.capacity)
        board.rows.append((slot, held[slot.pk]))
    for board in boards.values():  # a window added or closed mid-day still gets its column
        board.rows = [(slot, [seats.get(n) for n in range(1, board.windows + 1)]) for slot, seats in board.rows]
    return list(boards.values())


def check_in(user, centre: Centre, code: str) -> Booking:
    """The visitor shows the ticket's code: today's active booking at this centre becomes attended."""
    _check_desk(user, centre)
    code = (code or "").strip().upper()
    booking = Booking.objects.filter(code=code, slot__centre=centre).select_related("slot", "service").first()
    if booking is None:
        raise BookingRefused(_("No booking with this code at this centre."), rule="unknown_code")
    if booking.local_date != today():
        raise BookingRefused(
            _("This booking is for %(day)s, not today.") % {"day": booking.local_date.strftime("%d.%m.%Y")},
            rule="other_day",
        )
    return _mark(user, booking, Status.ATTENDED)


def mark(user, booking: Booking, status: str) -> Booking:
    """Mark a booking attended, or a no-show once its time has started."""
    _check_desk(user, booking.slot.centre)
    if status == Status.NO_SHOW and booking.slot.start_at > timezone.now():
        raise BookingRefused(_("A no-show can be marked only after the time has started."), rule="too_early")
    if status not in (Status.ATTENDED, Status.NO_SHOW):
        raise BookingRefused(_("Choose attended or no-show."), rule="mark")
    return _mark(user, booking, status)


def _mark(user, booking: Booking, status: str) -> Booking:
    now = timezone.now()
    done = Booking.objects.filter(pk=booking.pk, status__in=ACTIVE).update(status=status, marked_at=now, marked_by=user)
    booking.refresh_from_db()
    if not done:
        raise BookingRefused(
            _("This booking is already %(status)s.") % {"status": booking.get_status_display()}, rule="marked"
        )
    return booking
