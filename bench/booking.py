"""How fast PSC bookings go through under a rush, on PostgreSQL.

    DATABASE_URL=postgres://qala:qala@127.0.0.1:5432/qala_bench .venv/bin/python bench/booking.py
    ... bench/booking.py --via service     # the domain function alone, without HTTP

Fills the database DATABASE_URL names (use a scratch one) with a centre, 50 slots of 10 seats and
600 signed-in residents with valid IINs, then 20 client threads book at once — more people than
seats, as in a rush. By default each booking is the booking page's POST over HTTP to gunicorn
(2 workers × 8 threads, DEBUG off) started here; `--via service` calls `booking.services.book`, the
function every channel calls. Prints bookings per second and the p50/p95 latency of a successful
booking; refusals (full slots) are counted apart. Clients and server share the machine's cores.
"""

import argparse
import http.client
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qala.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench")

THREADS, SLOTS, SEATS, PEOPLE = 20, 50, 10, 600


def prepare():
    from django.core.management import call_command

    from qala.accounts.models import User
    from qala.booking import services
    from qala.booking.models import Booking, Centre, Service, Slot
    from qala.common.iin import generate_iin
    from qala.territory.models import Territory
    from qala.territory.services import territories_load

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
    return service, slots, people


def session_for(user) -> str:
    """A signed-in session for the user, as the sign-in page would leave it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string

    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_DEBUG": "false", "DJANGO_ALLOWED_HOSTS": "127.0.0.1", "DJANGO_LOG_LEVEL": "ERROR"}
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "qala.wsgi", "-b", f"127.0.0.1:{port}"]
        + ["-w", "2", "--threads", "8", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    sys.exit("gunicorn did not start")


def http_booker(port, service):
    from django.conf import settings

    local = threading.local()

    def book(person, slot):
        if not hasattr(local, "conn"):
            local.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        token = secrets.token_hex(16)  # the CSRF secret: the same value in the cookie and the form
        body = urlencode({"slot": slot.pk, "service": service.code, "csrfmiddlewaretoken": token})
        cookie = f"{settings.SESSION_COOKIE_NAME}={person.bench_session}; {settings.CSRF_COOKIE_NAME}={token}"
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
        local.conn.request("POST", f"/ru/booking/bench-psc/{slot.local_date.isoformat()}/", body, headers)
        response = local.conn.getresponse()
        response.read()
        if response.status == 302 and "/booking/ticket/" in response.getheader("Location", ""):
            return None
        return f"http {response.status}"

    return book


def service_booker(service):
    from qala.booking import services

    def book(person, slot):
        try:
            services.book(user=person, slot=slot, service=service)
        except Exception as error:  # noqa: BLE001 - a refusal is a result here
            return getattr(error, "code", type(error).__name__)
        return None

    return book


def rush(book, slots, people):
    from django.db import connection

    rng = random.Random(7)
    timings, refused, lock = [], [], threading.Lock()

    def worker(batch):
        for person in batch:
            target = rng.choice(slots)
            began = time.perf_counter()
            outcome = book(person, target)
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
    return timings, refused, time.perf_counter() - began


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--via", choices=("http", "service"), default="http")
    via = parser.parse_args().via

    import django

    django.setup()
    from django.db import connection

    from qala.booking.models import HOLDING, Booking

    if connection.vendor != "postgresql":
        sys.exit("Run it on PostgreSQL: set DATABASE_URL to a scratch database.")
    service, slots, people = prepare()
    server = None
    if via == "http":
        for person in people:
            person.bench_session = session_for(person)
        port = free_port()
        server = start_server(port)
        book = http_booker(port, service)
    else:
        book = service_booker(service)
    try:
        timings, refused, elapsed = rush(book, slots, people)
    finally:
        if server:
            server.terminate()
            server.wait()
    ordered = sorted(timings)
    p95 = ordered[int(0.95 * (len(ordered) - 1))] * 1000
    print(f"via {via}: {THREADS} client threads, {PEOPLE} residents, {SLOTS * SEATS} seats")
    print(f"booked {len(timings)}, refused {len(refused)} ({sorted(set(refused))}) in {elapsed:.2f} s")
    print(f"bookings per second: {len(timings) / elapsed:.0f}")
    print(f"latency of a successful booking: p50 {statistics.median(ordered) * 1000:.1f} ms, p95 {p95:.1f} ms")
    seats = Booking.objects.filter(status__in=HOLDING).values_list("slot", "seat_no")
    assert len(seats) == len(set(seats)) == len(timings), "a seat was given twice"


if __name__ == "__main__":
    main()
