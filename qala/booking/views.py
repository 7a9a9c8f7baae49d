"""Booking pages: a centre, a day, a time, the ticket; My bookings with re-booking and cancelling."""

import io
from datetime import date

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qala.common.errors import DomainError

from . import selectors, services
from .models import Booking, Centre, Service, Slot


def _service(request):
    code = request.GET.get("service") or request.POST.get("service")
    return Service.objects.filter(code=code).first() if code else None


def centres(request):
    """Choose a service, then a centre from the list or the map, narrowed to a district if wished."""
    service = _service(request)
    districts = selectors.centre_districts()
    district = next((d for d in districts if str(d.pk) == request.GET.get("district")), None)
    found = list(selectors.centres_for(service, district)) if service else []
    return render(
        request,
        "booking/centres.html",
        {
            "services": Service.objects.all(),
            "service": service,
            "districts": districts,
            "district": district,
            "centres": found,
            "markers": [_marker(centre, service) for centre in found],
        },
    )


def _marker(centre, service):
    return {
        "name": centre.name,
        "kind": centre.get_kind_display(),
        "address": centre.address,
        "lat": float(centre.latitude),
        "lon": float(centre.longitude),
        "url": reverse("booking:days", kwargs={"centre": centre.code}) + f"?service={service.code}",
    }


@login_required
def days(request, centre):
    place, service = get_object_or_404(Centre, code=centre), _service(request)
    if service is None:
        return redirect("booking:centres")
    free = selectors.days_with_free_seats(place, service, days=settings.QALA_BOOKING_DAYS_AHEAD)
    return render(
        request,
        "booking/days.html",
        {"centre": place, "service": service, "days": free, "rebook": request.GET.get("rebook", "")},
    )


@login_required
def times(request, centre, day):
    place, service = get_object_or_404(Centre, code=centre), _service(request)
    try:
        chosen = date.fromisoformat(day)
    except ValueError:
        raise Http404 from None
    if service is None:
        return redirect("booking:centres")
    context = {
        "centre": place,
        "service": service,
        "day": chosen,
        "rebook": request.GET.get("rebook", ""),
        "slots": lambda: selectors.free_slots(place, service, chosen),  # read only when a page is drawn
        "needs_vehicle": service.needs_seller,
    }
    if request.method == "POST":
        chosen_slot = request.POST.get("slot", "")
        slot = get_object_or_404(Slot, pk=chosen_slot if chosen_slot.isdigit() else None, centre=place)
        try:
            booking = _book_or_move(request, slot, service)
        except DomainError as error:
            context.update(error=error.message, nearest=getattr(error, "nearest", None))
            return render(request, "booking/times.html", context, status=400)
        return redirect("booking:ticket", code=booking.code)
    return render(request, "booking/times.html", context)


def _book_or_move(request, slot, service):
    code = request.POST.get("rebook")
    if code:
        old = get_object_or_404(Booking, code=code, user=request.user)
        return services.rebook(old, user=request.user, slot=slot)
    return services.book(user=request.user, slot=slot, service=service, vehicle=request.POST.get("vehicle", ""))


def _qr_svg(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


@login_required
def ticket(request, code):
    booking = get_object_or_404(selectors.bookings_of(request.user), code=code)
    return render(
        request,
        "booking/ticket.html",
        {"booking": booking, "qr": mark_safe(_qr_svg(booking.code)), "active": services.changeable(booking)},
    )


@login_required
def mine(request):
    return render(request, "booking/mine.html", {"bookings": selectors.bookings_of(request.user)[:50]})


@login_required
@require_POST
def cancel(request, code):
    booking = get_object_or_404(Booking, code=code, user=request.user)
    try:
        services.cancel(booking, user=request.user)
        messages.success(request, _("The booking is cancelled; the time is free for others."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("booking:mine")
