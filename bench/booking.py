"""How fast the booking service takes seats under a rush, on PostgreSQL.

    DATABASE_URL=postgres://qala:qala@127.0.0.1:5432/qala_bench .venv/bin/python bench/booking.py

Fills the database DATABASE_URL names (use a scratch one) with a centre, 50 slots of 10 seats and
600 residents with valid IINs, then 20 threads book at once — more people than seats, as in a rush.
Prints bookings per second and the p50/p95 latency of `booking.services.book` (the function every
channel calls); refusals (full slots) are counted apart.
"""

import os
import random
import statistics
import sys
import threading
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qala.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench")

THREADS, SLOTS, SEATS, PEOPLE = 20, 50, 10, 600


def main():
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from qala.accounts.models import User
    from qala.booking import services
    from qala.booking.models import Booking, Centre, Service, Slot
    from qala.common.iin import generate_iin
    from qala.territory.models import Territory
    from qala.territory.services import territories_load

    if connection.vendor != "postgresql":
        sys.exit("Run it on PostgreSQL: set DATABASE_URL to a scratch database.")
    call_command("migrate", verbosity=0)
    territories_load()
    Booking.objects.all().delete()
    Slot.objects.all().delete()
    centre, _ = Centre.objects.get_or_create(
        code="bench-psc",
        defaults={
            "kind": "psc",
            "name_kk": "Bench",
            "name_ru": "Bench",
            "name_en": "Bench",
            "address": "—",
            "territory": Territory.objects.get(code="KZ-71-yesil"),
            "latitude": 51.12,
            "longitude": 71.43,
        },
    )
    service, _ = Service.objects.get_or_create(
        code="bench-id", defaults={"group": "documentation", "name_kk": "ID", "name_ru": "ID", "name_en": "ID"}
    )
    start = datetime.combine(date.today() + timedelta(days=3), datetime.min.time(), services.ALMATY)
    slots = [
        Slot.objects.create(
            centre=centre,
            group="documentation",
            start_at=start + timedelta(minutes=15 * i),
            end_at=start + timedelta(minutes=15 * (i + 1)),
            local_date=start.date(),
            capacity=SEATS,
        )
        for i in range(SLOTS)
    ]
    rng = random.Random(5)
    User.objects.filter(username__startswith="bench-").delete()
    people = [User.objects.create(username=f"bench-{i}", iin=generate_iin(rng)) for i in range(PEOPLE)]
    timings, refused, lock = [], [], threading.Lock()

    def worker(batch):
        for person in batch:
            target = rng.choice(slots)
            began = time.perf_counter()
            try:
                services.book(user=person, slot=target, service=service)
                outcome = None
            except Exception as error:  # noqa: BLE001 - a refusal is a result here
                outcome = getattr(error, "code", type(error).__name__)
            took = time.perf_counter() - began
            with lock:
                (refused.append(outcome) if outcome else timings.append(took))
        connection.close()

    threads = [threading.Thread(target=worker, args=(people[i::THREADS],)) for i in range(THREADS)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    ordered = sorted(timings)
    p95 = ordered[int(0.95 * (len(ordered) - 1))] * 1000
    print(f"{THREADS} threads, {PEOPLE} residents, {SLOTS * SEATS} seats")
    print(f"booked {len(timings)}, refused {len(refused)} ({sorted(set(refused))}) in {elapsed:.2f} s")
    print(f"bookings per second: {len(timings) / elapsed:.0f}")
    print(f"latency of a successful booking: p50 {statistics.median(ordered) * 1000:.1f} ms, p95 {p95:.1f} ms")
    seats = Booking.objects.filter(status__in=("booked", "rebooked")).values_list("slot", "seat_no")
    assert len(seats) == len(set(seats)) == len(timings), "a seat was given twice"


if __name__ == "__main__":
    main()
