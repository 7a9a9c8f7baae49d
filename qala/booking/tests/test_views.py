"""Booking through the pages: a centre, a day, a time, the ticket; re-book and cancel; a refusal explained."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from qala.accounts.tests.factories import UserFactory
from qala.booking import demo, selectors, services
from qala.booking.models import Booking, Centre, Service, Slot
from qala.territory.models import Territory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(client, city):
    demo.seed("850720400007")
    user = UserFactory(iin="900115300003")
    client.force_login(user)
    return user


def first_free(centre_code="psc-yesil", group="documentation", skip_days=1):
    soon = timezone.now() + timedelta(days=skip_days)
    return Slot.objects.filter(centre__code=centre_code, group=group, start_at__gt=soon).order_by("start_at").first()


def test_book_see_the_ticket_rebook_and_cancel(client, ready):
    slot = first_free()
    page = client.get(f"/en/booking/psc-yesil/{slot.local_date.isoformat()}/?service=id-card").content.decode()
    assert f'value="{slot.pk}"' in page
    response = client.post(
        f"/en/booking/psc-yesil/{slot.local_date.isoformat()}/", {"slot": slot.pk, "service": "id-card"}
    )
    booking = Booking.objects.get()
    assert response["Location"] == f"/en/booking/ticket/{booking.code}/"
    ticket = client.get(response["Location"]).content.decode()
    assert booking.code in ticket and "<svg" in ticket
    later = Slot.objects.filter(
        centre=slot.centre, group=slot.group, local_date=slot.local_date, start_at__gt=slot.start_at
    ).first()
    client.post(
        f"/en/booking/psc-yesil/{later.local_date.isoformat()}/",
        {"slot": later.pk, "service": "id-card", "rebook": booking.code},
    )
    booking.refresh_from_db()
    moved = Booking.objects.get(status="rebooked")
    assert booking.status == "cancelled" and moved.slot == later
    client.post(f"/en/booking/ticket/{moved.code}/cancel/")
    moved.refresh_from_db()
    assert moved.status == "cancelled"
    assert "cancelled" in client.get("/en/booking/mine/").content.decode().lower()


def test_a_refusal_names_the_rule_and_the_nearest_allowed_day(client, ready):
    first = first_free()
    services.book(user=ready, slot=first, service=Service.objects.get(code="id-card"))
    other_day = (
        Slot.objects.filter(centre=first.centre, group="documentation", local_date__gt=first.local_date)
        .order_by("start_at")
        .first()
    )
    response = client.post(
        f"/en/booking/psc-yesil/{other_day.local_date.isoformat()}/", {"slot": other_day.pk, "service": "passport"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "one day only" in page and "The nearest day the rule allows" in page


def test_the_centres_offering_a_service_and_the_days_with_free_places(client, ready):
    page = client.get("/en/booking/?service=driving-licence").content.decode()
    assert "Auto-PSC" in page and "PSC of Yesil district" not in page
    days = client.get("/en/booking/auto-psc-nura/?service=driving-licence").content.decode()
    assert "free places" in days


def test_only_the_owner_sees_a_ticket(client, ready):
    booking = services.book(user=ready, slot=first_free(), service=Service.objects.get(code="id-card"))
    client.force_login(UserFactory())
    assert client.get(f"/en/booking/ticket/{booking.code}/").status_code == 404


def test_demo_seed_is_re_run_safe(city):
    demo.seed("850720400007")
    count = Slot.objects.count()
    demo.seed("850720400007")
    assert Slot.objects.count() == count > 0 and Centre.objects.count() == 3


def test_reminders_come_the_day_before_and_two_hours_before_once_each(ready):
    from qala.booking.reminders import send_due_reminders
    from qala.notifications.models import Notification

    slot = first_free()
    booking = services.book(user=ready, slot=slot, service=Service.objects.get(code="id-card"))
    assert send_due_reminders(now=slot.start_at - timedelta(hours=30)) == 0
    assert send_due_reminders(now=slot.start_at - timedelta(hours=20)) == 1
    assert send_due_reminders(now=slot.start_at - timedelta(hours=19)) == 0
    assert send_due_reminders(now=slot.start_at - timedelta(hours=1)) == 1
    rows = Notification.objects.filter(recipient=ready, kind="booking_reminder", channel="inapp")
    assert rows.count() == 2
    from qala.notifications.rendering import render

    text = render(rows.first(), "en").text
    assert booking.code in text and timezone.localtime(slot.start_at).strftime("%d.%m.%Y %H:%M") in text


def test_centres_narrow_to_a_district_and_come_with_map_markers(client, ready):
    yesil = Territory.objects.get(code="KZ-71-yesil")
    page = client.get(f"/en/booking/?service=id-card&district={yesil.pk}")
    assert [c.code for c in page.context["centres"]] == ["psc-yesil"]
    (marker,) = page.context["markers"]
    assert marker["url"] == "/en/booking/psc-yesil/?service=id-card" and marker["lat"] == pytest.approx(51.1205)
    assert 'id="centre-markers"' in page.content.decode()
    everywhere = client.get("/en/booking/?service=id-card&district=forged")
    assert {c.code for c in everywhere.context["centres"]} == {"psc-yesil", "psc-saryarka"}


def test_slots_are_extended_to_the_horizon_once(city, settings):
    demo.seed("850720400007")
    Slot.objects.all().delete()
    monday = date(2030, 1, 14)
    settings.QALA_BOOKING_DAYS_AHEAD = 6
    created = services.slots_extend(today=monday)
    assert created > 0 and services.slots_extend(today=monday) == 0
    assert sorted(set(Slot.objects.values_list("local_date", flat=True))) == [
        monday + timedelta(days=n) for n in range(5)
    ]
    assert services.slots_extend(today=monday + timedelta(days=1)) > 0  # the next Monday came within reach
    assert Slot.objects.filter(local_date=monday + timedelta(days=7)).exists()


def desk_clerk(client):
    clerk = UserFactory(role="psc_staff", username="desk-clerk")
    clerk.territories.add(Territory.objects.get(code="KZ-71-yesil"))
    client.force_login(clerk)
    return clerk


def test_the_desk_checks_in_by_code_and_marks_a_no_show(client, ready, monkeypatch):
    from qala.booking import desk

    booking = services.book(user=ready, slot=first_free(), service=Service.objects.get(code="id-card"))
    desk_clerk(client)
    assert client.get("/en/booking/desk/")["Location"] == "/en/booking/desk/psc-yesil/"
    board = client.get(f"/en/booking/desk/psc-yesil/?day={booking.local_date.isoformat()}").content.decode()
    assert booking.code in board and "Window 2" in board
    response = client.post("/en/booking/desk/psc-yesil/check-in/", {"code": booking.code}, follow=True)
    assert "not today" in response.content.decode()
    monkeypatch.setattr(desk, "today", lambda: booking.local_date)
    response = client.post("/en/booking/desk/psc-yesil/check-in/", {"code": booking.code.lower()}, follow=True)
    assert f"{booking.code} checked in" in response.content.decode()
    assert Booking.objects.get(pk=booking.pk).status == "attended"
    other = services.book(
        user=UserFactory(iin="850720400007"), slot=first_free(), service=Service.objects.get(code="id-card")
    )
    client.post(f"/en/booking/desk/psc-yesil/{other.code}/mark/", {"status": "no_show"})
    assert Booking.objects.get(pk=other.pk).status == "booked"  # its time has not started


def test_the_desk_is_closed_to_residents_and_to_other_districts(client, ready):
    booking = services.book(user=ready, slot=first_free(), service=Service.objects.get(code="id-card"))
    assert client.get("/en/booking/desk/").status_code == 403
    clerk = desk_clerk(client)
    clerk.territories.set([Territory.objects.get(code="KZ-71-saryarka")])
    assert client.get("/en/booking/desk/psc-yesil/").status_code == 404
    assert client.post("/en/booking/desk/psc-yesil/check-in/", {"code": booking.code}).status_code == 404
    assert Booking.objects.get(pk=booking.pk).status == "booked"


def test_a_closed_day_added_in_the_admin_cancels_that_days_bookings(client, ready):
    booking = services.book(user=ready, slot=first_free(), service=Service.objects.get(code="id-card"))
    centre = booking.slot.centre
    client.force_login(UserFactory(role="admin", is_staff=True, is_superuser=True))
    fields = ("name_kk", "name_ru", "name_en", "code", "kind", "address", "territory", "latitude", "longitude")
    data = {name: getattr(centre, name) for name in fields}
    data.update(territory=centre.territory_id, hours='{"0": ["09:00", "18:00", "13:00", "14:00"]}', slot_minutes=15)
    windows = list(centre.windows.all())
    data.update({"windows-TOTAL_FORMS": len(windows), "windows-INITIAL_FORMS": len(windows)})
    for n, window in enumerate(windows):
        data.update({f"windows-{n}-id": window.pk, f"windows-{n}-centre": centre.pk})
        data.update({f"windows-{n}-group": window.group, f"windows-{n}-count": window.count})
    data.update({"closures-TOTAL_FORMS": 1, "closures-INITIAL_FORMS": 0, "closures-0-date": booking.local_date})
    response = client.post(f"/en/admin/booking/centre/{centre.pk}/change/", data, follow=True)
    assert "1 booking on" in response.content.decode()
    assert Booking.objects.get(pk=booking.pk).status == "cancelled"
    assert not selectors.free_slots(centre, booking.service, booking.local_date)
    assert booking.local_date not in dict(selectors.days_with_free_seats(centre, booking.service, days=14))


def test_a_forged_or_missing_time_is_not_found(client, ready):
    for forged in ("abc", "", "1; drop"):
        response = client.post("/en/booking/psc-yesil/2030-01-14/", {"slot": forged, "service": "id-card"})
        assert response.status_code == 404
    assert not Booking.objects.exists()
