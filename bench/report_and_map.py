"""How fast Qala routes points, files reports and serves the public map.

    .venv/bin/python bench/report_and_map.py [--appeals 10000]

Runs against a scratch SQLite file (or DATABASE_URL, if set, on a database it may fill),
loads the territories and categories, then measures:
  * route_point() calls per second (warm cache),
  * workflow.submit() appeals per second (number, deadline, first event; no photo),
  * GET /en/map/data.json over the whole country and over one district: p50 / p95 latency
    and payload size, with the given number of appeals in the database.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qala.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("QALA_MEDIA_ROOT", tempfile.mkdtemp(prefix="qala-bench-media-"))
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='qala-bench-')}/bench.sqlite3"


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--appeals", type=int, default=10000)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from qala.accounts.models import User
    from qala.appeals import workflow
    from qala.appeals.models import Appeal, Category, Source
    from qala.appeals.services import categories_load
    from qala.territory.routing import route_point
    from qala.territory.services import boundaries_load_default, territories_load

    call_command("migrate", verbosity=0)
    territories_load()
    boundaries_load_default()
    categories_load()
    rng = random.Random(1)
    points = [(rng.uniform(51.05, 51.25), rng.uniform(71.30, 71.60)) for _ in range(2000)]

    route_point(*points[0])
    started = time.perf_counter()
    routed = [route_point(lat, lon) for lat, lon in points]
    routing_rate = len(points) / (time.perf_counter() - started)

    user, _ = User.objects.get_or_create(email="bench@example.kz", defaults={"username": "bench@example.kz"})
    categories = list(Category.objects.filter(accepts_reports=True))
    missing = max(0, args.appeals - Appeal.objects.count())
    started = time.perf_counter()
    for index in range(missing):
        (lat, lon), territory = points[index % len(points)], routed[index % len(points)]
        workflow.submit(
            actor=user,
            source=Source.WEB,
            category=categories[index % len(categories)],
            description="Bench appeal description",
            latitude=round(lat, 6),
            longitude=round(lon, 6),
            territory=territory,
        )
    submit_rate = missing / (time.perf_counter() - started) if missing else float("nan")

    client = Client()
    print(f"database: {django.db.connection.vendor}, appeals: {Appeal.objects.count()}")
    print(f"route_point: {routing_rate:,.0f} points/s")
    print(f"workflow.submit: {submit_rate:,.0f} appeals/s ({missing} submitted)")
    for label, query in [("whole country", ""), ("one district", "?bbox=51.10,71.40,51.14,71.46")]:
        timings, size = [], 0
        for _ in range(args.requests):
            started = time.perf_counter()
            response = client.get(f"/en/map/data.json{query}")
            timings.append((time.perf_counter() - started) * 1000)
            size = len(response.content)
        print(
            f"map data, {label}: p50 {statistics.median(timings):.1f} ms, p95 {percentile(timings, 0.95):.1f} ms, "
            f"{size / 1024:.0f} KiB, {len(response.json()['markers'])} markers"
        )


if __name__ == "__main__":
    main()
