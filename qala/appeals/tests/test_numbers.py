import re
import threading

import pytest
from django.db import connection

from qala.accounts.tests.factories import UserFactory
from qala.appeals import numbers, workflow
from qala.appeals.models import Appeal, Category, Source
from qala.appeals.tests.factories import ASTANA
from qala.territory.routing import route_point

pytestmark = pytest.mark.django_db
NUMBER = re.compile(r"^[A-Z]{3}-\d{3}$")


def _submit(user, category, territory):
    return workflow.submit(
        actor=user,
        source=Source.WEB,
        category=category,
        description="Яма на дороге у дома",
        latitude=ASTANA[0],
        longitude=ASTANA[1],
        territory=territory,
    )


def test_number_looks_like_dwh_808_and_avoids_confusable_letters():
    for _ in range(2000):
        number = numbers.new_number()
        assert NUMBER.match(number)
        assert not set(number[:3]) & {"I", "O", "Q"}


def test_numbers_are_not_a_sequence():
    drawn = [numbers.new_number() for _ in range(50)]
    assert drawn != sorted(drawn)
    assert len(set(drawn)) == 50


@pytest.mark.parametrize("typed", ["dwh-808", "DWH 808", " dwh808 "])
def test_typed_numbers_are_normalised(typed):
    assert numbers.normalise(typed) == "DWH-808"


def test_a_burst_of_1000_submissions_gets_1000_distinct_numbers(city):
    user, category, territory = UserFactory(), Category.objects.get(code="pothole"), route_point(*ASTANA)
    created = [_submit(user, category, territory).number for _ in range(1000)]
    assert len(set(created)) == 1000
    assert all(NUMBER.match(n) for n in created)


def test_a_taken_number_is_never_reused(city, monkeypatch):
    user, category, territory = UserFactory(), Category.objects.get(code="pothole"), route_point(*ASTANA)
    first = _submit(user, category, territory)
    drawn = iter([first.number, first.number, "ZZZ-999"])
    monkeypatch.setattr(numbers, "new_number", lambda: next(drawn))
    second = _submit(user, category, territory)
    assert second.number == "ZZZ-999"
    assert Appeal.objects.filter(number=first.number).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_from_many_threads_all_succeed_with_distinct_numbers(city):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the PostgreSQL run exercises real concurrency")
    user, category, territory = UserFactory(), Category.objects.get(code="pothole"), route_point(*ASTANA)
    results, errors = [], []

    def worker():
        try:
            for _ in range(25):
                results.append(_submit(user, category, territory).number)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(results) == len(set(results)) == 200
