"""PSC booking: slots from schedules, every eGov rule with its edge days, and safety under a rush."""

import contextlib
import random
import threading
from datetime import date, datetime, timedelta

import pytest
from django.db import connection

from qala.accounts.tests.factories import UserFactory
from qala.booking import services
from qala.booking.models import ACTIVE, Booking, Centre, CentreClosure, Service, Slot, Vehicle, Window
from qala.booking.services import ALMATY, BookingRefused
from qala.common.errors import Invalid
from qala.common.iin import generate_iin
from qala.territory.models import Territory

pytestmark = pytest.mark.django_db
HOURS = {str(day): ["09:00", "18:00", "13:00", "14:00"] for day in range(5)}
MONDAY = date(2030, 1, 14)  # far enough ahead to be bookable; an ordinary working week


def centre(code="psc-1", kind="psc", windows=2):
    made = Centre.objects.create(
        code=code,
        kind=kind,
        name_kk=code,
        name_ru=code,
        name_en=code,
        address="—",
        territory=Territory.objects.get(code="KZ-71-yesil"),
        latitude=51.12,
        longitude=71.43,
        hours=HOURS,
    )
    for group in Service.Group.values:
        Window.objects.create(centre=made, group=group, count=windows)
    return made


def service(code, group=Service.Group.DOCUMENTATION, needs_seller=False):
    return Service.objects.get_or_create(
        code=code,
        defaults={"group": group, "name_kk": code, "name_ru": code, "name_en": code, "needs_seller": needs_seller},
    )[0]


def slot(where, day=MONDAY, hour=10, group=Service.Group.DOCUMENTATION):
    start = datetime.combine(day, datetime.min.time().replace(hour=hour), ALMATY)
    return Slot.objects.get_or_create(
        centre=where,
        group=group,
        start_at=start,
        defaults={"end_at": start + timedelta(minutes=15), "local_date": day, "capacity": 2},
    )[0]


def resident(iin="900115300003"):
    return UserFactory(iin=iin)


@pytest.fixture
def psc(city):
    return centre()


def test_slots_skip_the_lunch_break_weekends_holidays_and_closures(city):
    where = centre(windows=3)
    CentreClosure.objects.create(centre=where, date=date(2026, 12, 14))
    created = services.slots_generate(where, start=date(2026, 12, 12), days=7)  # Sat 12 … Fri 18 December
    days = sorted(set(Slot.objects.values_list("local_date", flat=True)))
    # Sat/Sun off, Mon 14 closed, Wed 16 Independence Day: Tue 15, Thu 17, Fri 18 remain.
    assert days == [date(2026, 12, 15), date(2026, 12, 17), date(2026, 12, 18)]
    local = [
        s.start_at.astimezone(ALMATY).strftime("%H:%M")
        for s in Slot.objects.filter(group="documentation", local_date=days[0])
    ]
    assert "13:00" not in local and "13:45" not in local and local[0] == "09:00" and local[-1] == "17:45"
    assert len(local) == 32 and Slot.objects.first().capacity == 3
    assert services.slots_generate(where, start=date(2026, 12, 12), days=7) == 0 or created  # re-run safe
    assert Slot.objects.count() == created


def test_a_groups_times_are_as_long_as_its_longest_service(city):
    where = centre(windows=1)
    service("car-re-registration", group=Service.Group.VEHICLES)
    Service.objects.filter(code="car-re-registration").update(minutes=30)
    services.slots_generate(where, start=MONDAY, days=1)
    vehicles = list(Slot.objects.filter(group="vehicles"))
    assert len(vehicles) == 16 and Slot.objects.filter(group="documentation").count() == 32
    assert {s.end_at - s.start_at for s in vehicles} == {timedelta(minutes=30)}
    assert vehicles[-1].start_at.astimezone(ALMATY).strftime("%H:%M") == "17:30"


def test_a_resident_without_a_valid_iin_cannot_book(psc):
    for user, rule in ((UserFactory(), "iin"),):
        with pytest.raises(BookingRefused) as error:
            services.book(user=user, slot=slot(psc), service=service("id-card"))
        assert error.value.rule == rule
    with pytest.raises(Invalid) as bad:
        services.book(user=resident("900115300004"), slot=slot(psc), service=service("id-card"))
    assert bad.value.code == "iin_checksum"


def test_within_ten_days_one_day_only_day_9_refused_day_10_allowed(psc):
    user = resident()
    services.book(user=user, slot=slot(psc, MONDAY), service=service("id-card"))
    with pytest.raises(BookingRefused) as error:
        services.book(user=user, slot=slot(psc, MONDAY + timedelta(days=9)), service=service("passport"))
    assert error.value.rule == "window" and error.value.nearest == MONDAY + timedelta(days=10)
    services.book(user=user, slot=slot(psc, MONDAY + timedelta(days=10)), service=service("passport"))


def test_psc_and_auto_psc_are_counted_separately(psc):
    user = resident()
    auto = centre("auto-1", kind="auto_psc")
    services.book(user=user, slot=slot(psc, MONDAY), service=service("id-card"))
    services.book(
        user=user,
        slot=slot(auto, MONDAY + timedelta(days=2), group="vehicles"),
        service=service("licence", group="vehicles"),
    )
    assert Booking.objects.filter(status__in=ACTIVE).count() == 2


def test_pooled_kinds_when_configured(psc, settings):
    settings.QALA_BOOKING_POOL_KINDS = True
    user = resident()
    services.book(user=user, slot=slot(psc, MONDAY), service=service("id-card"))
    with pytest.raises(BookingRefused):
        services.book(
            user=user,
            slot=slot(centre("auto-1", kind="auto_psc"), MONDAY + timedelta(days=2), group="vehicles"),
            service=service("licence", group="vehicles"),
        )


def test_a_cancelled_booking_no_longer_counts(psc):
    user = resident()
    first = services.book(user=user, slot=slot(psc, MONDAY), service=service("id-card"))
    services.cancel(first, user=user)
    services.book(user=user, slot=slot(psc, MONDAY + timedelta(days=3)), service=service("id-card"))


def test_two_services_a_day_one_of_them_documentation(psc):
    user = resident()
    services.book(user=user, slot=slot(psc, hour=10), service=service("id-card"))
    with pytest.raises(BookingRefused) as twice:
        services.book(user=user, slot=slot(psc, hour=11), service=service("passport"))
    assert twice.value.rule == "documentation"
    with pytest.raises(BookingRefused) as same:
        services.book(user=user, slot=slot(psc, hour=11), service=service("id-card"))
    assert same.value.rule == "same_service"
    services.book(user=user, slot=slot(psc, hour=11, group="real_estate"), service=service("deed", group="real_estate"))
    with pytest.raises(BookingRefused) as third:
        services.book(user=user, slot=slot(psc, hour=12, group="social"), service=service("benefit", group="social"))
    assert third.value.rule == "two_a_day"


def test_re_registration_only_in_the_sellers_name(city):
    auto = centre("auto-1", kind="auto_psc")
    seller, buyer = resident("900115300003"), resident("850720400007")
    Vehicle.objects.create(plate="123ABC01", vin="XTA21099012345678", owner_iin=seller.iin)
    transfer = service("re-registration", group="vehicles", needs_seller=True)
    with pytest.raises(BookingRefused) as error:
        services.book(user=buyer, slot=slot(auto, group="vehicles"), service=transfer, vehicle="123 ABC 01")
    assert error.value.rule == "seller"
    with pytest.raises(BookingRefused) as unknown:
        services.book(user=seller, slot=slot(auto, group="vehicles"), service=transfer, vehicle="999ZZZ01")
    assert unknown.value.rule == "vehicle"
    booked = services.book(
        user=seller, slot=slot(auto, group="vehicles"), service=transfer, vehicle="XTA21099012345678"
    )
    assert booked.vehicle.plate == "123ABC01"


def test_a_full_slot_and_a_past_slot_are_refused(psc):
    full = slot(psc)
    for iin in (generate_iin(random.Random(1)), generate_iin(random.Random(2))):
        services.book(user=resident(iin), slot=full, service=service("id-card"))
    with pytest.raises(BookingRefused) as error:
        services.book(user=resident(), slot=full, service=service("id-card"))
    assert error.value.rule == "full"
    past = slot(psc, date(2020, 1, 13))
    with pytest.raises(BookingRefused) as late:
        services.book(user=resident(), slot=past, service=service("id-card"))
    assert late.value.rule == "past"


def test_rebooking_moves_the_booking_and_frees_the_old_seat_at_once(psc):
    user = resident()
    old_slot, new_slot = slot(psc, hour=10), slot(psc, hour=15)
    booking = services.book(user=user, slot=old_slot, service=service("id-card"))
    moved = services.rebook(booking, user=user, slot=new_slot)
    booking.refresh_from_db()
    assert (booking.status, moved.status, moved.slot) == ("cancelled", "rebooked", new_slot)
    assert services.free_seats(old_slot) == 2 and services.free_seats(new_slot) == 1


def test_someone_else_cannot_cancel_or_rebook(psc):
    booking = services.book(user=resident(), slot=slot(psc), service=service("id-card"))
    with pytest.raises(BookingRefused):
        services.cancel(booking, user=UserFactory())


@pytest.mark.django_db(transaction=True)
def test_200_concurrent_bookings_for_10_seats_give_exactly_10(city):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the PostgreSQL run races for real")
    where = centre(windows=10)
    target, document = slot(where), service("id-card")
    Slot.objects.filter(pk=target.pk).update(capacity=10)
    rng = random.Random(7)
    people = [resident(generate_iin(rng)) for _ in range(200)]
    results = _race(
        [lambda person=person: services.book(user=person, slot=target, service=document) for person in people]
    )
    assert results.count("ok") == 10
    assert Booking.objects.filter(slot=target, status__in=ACTIVE).count() == 10
    assert set(results) <= {"ok", "booking_full", "booking_busy"}


@pytest.mark.django_db(transaction=True)
def test_one_iin_racing_against_the_ten_day_rule_gets_one_day(city):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the PostgreSQL run races for real")
    where = centre(windows=5)
    user = resident()
    days = [slot(where, MONDAY + timedelta(days=offset)) for offset in range(8)]
    results = _race(
        [
            lambda target=target: services.book(user=user, slot=target, service=service("id-card"))
            for target in days
            for _ in range(5)
        ]
    )
    assert results.count("ok") == 1
    assert len(set(Booking.objects.filter(iin=user.iin, status__in=ACTIVE).values_list("local_date", flat=True))) == 1


@pytest.mark.django_db(transaction=True)
def test_a_closure_racing_a_rush_of_bookings_leaves_none_active_that_day(city):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the PostgreSQL run races for real")
    from qala.booking import closures

    where = centre(windows=10)
    targets = [slot(where, hour=hour) for hour in (9, 10, 11, 15)]
    Slot.objects.filter(pk__in=[t.pk for t in targets]).update(capacity=10)
    rng = random.Random(11)
    people = [resident(generate_iin(rng)) for _ in range(60)]
    calls = [
        lambda person=person, n=n: services.book(user=person, slot=targets[n % 4], service=service("id-card"))
        for n, person in enumerate(people)
    ]
    calls.insert(30, lambda: closures.centre_close(where, MONDAY))
    results = _race(calls)
    assert results.count("ok") >= 1  # the closure itself, and whatever bookings came before it
    assert not Booking.objects.filter(local_date=MONDAY, status__in=ACTIVE).exists()


def _race(calls) -> list[str]:
    results, barrier = [], threading.Barrier(min(len(calls), 20))

    def run(batch):
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=10)
        for call in batch:
            try:
                call()
                results.append("ok")
            except Exception as error:  # noqa: BLE001 - the refusal's code is the result
                results.append(getattr(error, "code", type(error).__name__))
        connection.close()

    batches = [calls[i::20] for i in range(20)]
    threads = [threading.Thread(target=run, args=(batch,)) for batch in batches if batch]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
