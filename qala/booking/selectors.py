from datetime import timedelta

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from qala.territory.models import Territory

from .models import HOLDING, Booking, Centre, Slot


def centres_for(service=None, territory=None):
    centres = Centre.objects.select_related("territory").defer("territory__boundary")
    if service is not None:
        centres = centres.filter(windows__group=service.group, windows__count__gt=0)
    if territory is not None:
        centres = centres.filter(territory=territory)
    return centres.distinct()


def centre_districts():
    """The territories that have a centre, for the district filter."""
    return list(Territory.objects.filter(centre__isnull=False).defer("boundary").distinct().order_by("code"))


def _with_taken(slots):
    taken = Booking.objects.filter(slot=OuterRef("pk"), status__in=HOLDING).values("slot").annotate(n=Count("pk"))
    return slots.annotate(taken=Coalesce(Subquery(taken.values("n"), output_field=IntegerField()), 0))


def days_with_free_seats(centre, service, *, days: int):
    """(day, free seats) for the next `days` days that have future slots of the service's group."""
    now = timezone.now()
    slots = _with_taken(
        Slot.objects.filter(
            centre=centre,
            group=service.group,
            capacity__gt=0,  # a day the centre closed after its slots were made is not offered
            start_at__gt=now,
            start_at__lt=now + timedelta(days=days),
        )
    )
    free = {}
    for slot in slots:
        free[slot.local_date] = free.get(slot.local_date, 0) + max(slot.capacity - slot.taken, 0)
    return sorted(free.items())


def free_slots(centre, service, day):
    slots = _with_taken(
        Slot.objects.filter(centre=centre, group=service.group, local_date=day, start_at__gt=timezone.now())
    )
    return [slot for slot in slots if slot.taken < slot.capacity]


def bookings_of(user):
    return Booking.objects.filter(user=user).select_related("slot__centre", "service").order_by("-slot__start_at")
