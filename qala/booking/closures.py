"""A centre closed, or opened again, for a day whose slots already exist.

Closing takes every slot of the day to no seats (nobody can book it), cancels the bookings already
made and tells their holders; opening gives the slots their windows back. A booking racing the
closure waits on the slot row it locks, so it either lands before and is cancelled, or sees no seat.
"""

from datetime import date

from django.db import transaction

from qala.notifications.services import notify

from .models import ACTIVE, Booking, Centre, CentreClosure, Slot, Window
from .reminders import booking_context


@transaction.atomic
def centre_close(centre: Centre, day: date) -> int:
    """Close the centre on `day`; returns how many bookings were cancelled (their holders are told)."""
    CentreClosure.objects.get_or_create(centre=centre, date=day)
    Slot.objects.filter(centre=centre, local_date=day).update(capacity=0)
    affected = list(
        Booking.objects.filter(slot__centre=centre, local_date=day, status__in=ACTIVE).select_related(
            "user", "service", "slot__centre"
        )
    )
    Booking.objects.filter(pk__in=[b.pk for b in affected], status__in=ACTIVE).update(status=Booking.Status.CANCELLED)
    for booking in affected:
        notify(
            [booking.user],
            kind="booking_centre_closed",
            cause=f"booking-{booking.pk}-closed",
            context=booking_context(booking),
        )
    return len(affected)


@transaction.atomic
def centre_reopen(centre: Centre, day: date) -> None:
    CentreClosure.objects.filter(centre=centre, date=day).delete()
    for group, count in Window.objects.filter(centre=centre).values_list("group", "count"):
        Slot.objects.filter(centre=centre, local_date=day, group=group).update(capacity=count)
