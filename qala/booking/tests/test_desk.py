"""The PSC desk: a centre's day board per window, check-in by code, attended and no-show, staff scope."""

from datetime import timedelta

import pytest
from django.utils import timezone

from qala.accounts.tests.factories import UserFactory
from qala.booking import desk, services
from qala.booking.models import Booking, Slot
from qala.booking.services import BookingRefused
from qala.common.errors import NotAllowed
from qala.territory.models import Territory

from .test_services import MONDAY, centre, resident, service, slot

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk():
    user = UserFactory(role="psc_staff", username="clerk")
    user.territories.add(Territory.objects.get(code="KZ-71"))
    return user


@pytest.fixture
def booked(city):
    where = centre()
    return services.book(user=resident(), slot=slot(where), service=service("id-card"))


@pytest.fixture
def on_the_day(monkeypatch):
    monkeypatch.setattr(desk, "today", lambda: MONDAY)


def started(booking):
    """Move the booking's time into the past, as if the clock had passed it."""
    Slot.objects.filter(pk=booking.slot_id).update(start_at=timezone.now() - timedelta(minutes=5))
    booking.refresh_from_db()
    return booking


def test_check_in_by_code_marks_attended_once(clerk, booked, on_the_day):
    checked = desk.check_in(clerk, booked.slot.centre, f"  {booked.code.lower()} ")
    assert checked.status == "attended" and checked.marked_by == clerk and checked.marked_at
    with pytest.raises(BookingRefused) as refused:
        desk.check_in(clerk, booked.slot.centre, booked.code)
    assert refused.value.rule == "marked" and "attended" in str(refused.value.message)


def test_check_in_refuses_unknown_codes_other_days_and_cancelled(clerk, booked):
    where = booked.slot.centre
    with pytest.raises(BookingRefused) as refused:
        desk.check_in(clerk, where, "ZZZZZZ")
    assert refused.value.rule == "unknown_code"
    with pytest.raises(BookingRefused) as refused:
        desk.check_in(clerk, where, booked.code)  # today is not the booking's day
    assert refused.value.rule == "other_day" and MONDAY.strftime("%d.%m.%Y") in str(refused.value.message)
    services.cancel(booked, user=booked.user)
    with pytest.raises(BookingRefused):
        desk.mark(clerk, booked, "attended")
    assert Booking.objects.get(pk=booked.pk).status == "cancelled"


def test_no_show_only_after_the_time_has_started(clerk, booked):
    with pytest.raises(BookingRefused) as refused:
        desk.mark(clerk, booked, "no_show")
    assert refused.value.rule == "too_early"
    assert desk.mark(clerk, started(booked), "no_show").status == "no_show"
    with pytest.raises(BookingRefused):
        desk.mark(clerk, booked, "booked")


def test_staff_work_only_at_the_centres_of_their_territories(booked, on_the_day):
    elsewhere = UserFactory(role="psc_staff", username="almaty-clerk")
    elsewhere.territories.add(Territory.objects.get(code="KZ-75"))
    for outsider in (elsewhere, UserFactory(role="operator", username="op"), booked.user):
        with pytest.raises(NotAllowed):
            desk.check_in(outsider, booked.slot.centre, booked.code)
    assert Booking.objects.get(pk=booked.pk).status == "booked"
    assert list(desk.centres_of_staff(UserFactory(role="admin", username="root"))) == [booked.slot.centre]


def test_the_board_has_a_column_per_window_and_a_row_per_time(clerk, booked, django_assert_num_queries):
    other = services.book(user=resident("850720400007"), slot=booked.slot, service=service("passport"))
    slot(booked.slot.centre, hour=11)
    with django_assert_num_queries(2):
        boards = desk.day_board(booked.slot.centre, MONDAY)
    (documentation,) = boards
    assert documentation.windows == 2 and [s.start_at.hour for s, _ in documentation.rows] == [5, 6]  # UTC
    assert documentation.rows[0][1] == [booked, other] and documentation.rows[1][1] == [None, None]


def test_an_attended_or_missed_visit_keeps_its_seat_and_still_counts(clerk, booked, on_the_day):
    desk.check_in(clerk, booked.slot.centre, booked.code)
    assert services.free_seats(booked.slot) == 1
    with pytest.raises(BookingRefused) as refused:
        services.book(
            user=booked.user, slot=slot(booked.slot.centre, day=MONDAY + timedelta(days=3)), service=service("id-card")
        )
    assert refused.value.rule == "window"
    with pytest.raises(BookingRefused) as refused:
        services.cancel(booked, user=booked.user)
    assert refused.value.rule == "inactive"


def test_closing_a_day_cancels_its_bookings_tells_their_holders_and_reopening_restores_seats(booked):
    from qala.booking import closures
    from qala.notifications.models import Notification

    where = booked.slot.centre
    assert closures.centre_close(where, MONDAY) == 1
    booked.refresh_from_db()
    assert booked.status == "cancelled"
    told = Notification.objects.get(recipient=booked.user, kind="booking_centre_closed", channel="inapp")
    assert booked.code in told.context["code"]
    with pytest.raises(BookingRefused) as refused:
        services.book(user=resident("850720400007"), slot=booked.slot, service=service("id-card"))
    assert refused.value.rule == "full"
    closures.centre_reopen(where, MONDAY)
    assert services.free_seats(Slot.objects.get(pk=booked.slot_id)) == 2
    assert not where.closures.exists()
