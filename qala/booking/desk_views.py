"""The PSC desk pages: choose a centre, its day board per window, check-in by code, attended or no-show."""

from datetime import date, timedelta

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qala.accounts.decorators import role_required
from qala.accounts.models import User
from qala.common.errors import DomainError

from . import desk
from .models import Booking

DESK_ROLES = (User.Role.PSC_STAFF, User.Role.ADMIN)


@role_required(*DESK_ROLES)
def centres(request):
    mine = list(desk.centres_of_staff(request.user))
    if len(mine) == 1:
        return redirect("booking:desk_board", centre=mine[0].code)
    return render(request, "booking/desk_centres.html", {"centres": mine})


def _day(request) -> date:
    try:
        return date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return desk.today()


@role_required(*DESK_ROLES)
def board(request, centre):
    place = get_object_or_404(desk.centres_of_staff(request.user), code=centre)
    day = _day(request)
    return render(
        request,
        "booking/desk_board.html",
        {
            "centre": place,
            "day": day,
            "is_today": day == desk.today(),
            "previous": day - timedelta(days=1),
            "next": day + timedelta(days=1),
            "boards": desk.day_board(place, day),
        },
    )


def _back(centre, day=None):
    url = reverse("booking:desk_board", kwargs={"centre": centre.code})
    return redirect(f"{url}?day={day.isoformat()}" if day else url)


@role_required(*DESK_ROLES)
@require_POST
def check_in(request, centre):
    place = get_object_or_404(desk.centres_of_staff(request.user), code=centre)
    try:
        booking = desk.check_in(request.user, place, request.POST.get("code", ""))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(code)s checked in: %(service)s at %(time)s, window %(window)s.")
            % {
                "code": booking.code,
                "service": booking.service.name,
                "time": desk.local_time(booking.slot.start_at),
                "window": booking.seat_no,
            },
        )
    return _back(place)


@role_required(*DESK_ROLES)
@require_POST
def mark(request, centre, code):
    place = get_object_or_404(desk.centres_of_staff(request.user), code=centre)
    booking = get_object_or_404(Booking.objects.select_related("slot__centre"), code=code, slot__centre=place)
    try:
        desk.mark(request.user, booking, request.POST.get("status", ""))
    except DomainError as error:
        messages.error(request, error.message)
    return _back(place, booking.local_date)
