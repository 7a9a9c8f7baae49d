"""Reminders of a booking the day before and two hours before, through the resident's channels.

Each reminder is claimed with a conditional update before it is queued, so a re-run or a second
worker never sends it twice; a re-booked or cancelled booking is no longer active and gets none.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone, translation

from qala.common.i18n import language_or_default
from qala.notifications.services import notify

from .models import ACTIVE, Booking
from .services import ALMATY

REMINDERS = (("reminded_day_before", timedelta(hours=24)), ("reminded_two_hours", timedelta(hours=2)))


def booking_context(booking) -> dict:
    """What a message about a booking says, with the names in the resident's language."""
    with translation.override(language_or_default(booking.user.language)):
        return {
            "code": booking.code,
            "centre": booking.slot.centre.name,
            "address": booking.slot.centre.address,
            "time": booking.slot.start_at.isoformat(),
            "when": timezone.localtime(booking.slot.start_at, ALMATY).strftime("%d.%m.%Y %H:%M"),
            "service": booking.service.name,
        }


@transaction.atomic
def send_due_reminders(now=None) -> int:
    now = now or timezone.now()
    sent = 0
    for field, lead in REMINDERS:
        due = Booking.objects.filter(
            status__in=ACTIVE, slot__start_at__gt=now, slot__start_at__lte=now + lead, **{f"{field}__isnull": True}
        ).select_related("slot__centre", "service", "user")
        for booking in due:
            if not Booking.objects.filter(pk=booking.pk, **{f"{field}__isnull": True}).update(**{field: now}):
                continue
            notify(
                [booking.user],
                kind="booking_reminder",
                cause=f"booking-{booking.pk}-{field}",
                context=booking_context(booking),
            )
            sent += 1
    return sent
