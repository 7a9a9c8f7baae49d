from datetime import timedelta

import pytest
from django.utils import translation

from qala.analytics.durations import humanize


@pytest.mark.parametrize(
    ("span", "words"),
    [
        (timedelta(0), "0 minutes"),
        (timedelta(minutes=1), "1 minute"),
        (timedelta(minutes=12, seconds=29), "12 minutes"),
        (timedelta(hours=4), "4 hours"),
        (timedelta(hours=3, minutes=5), "3 hours 5 minutes"),
        (timedelta(hours=24), "1 day"),
        (timedelta(hours=30), "1 day 6 hours"),
        (timedelta(days=2, hours=1, minutes=40), "2 days 1 hour"),
        (timedelta(seconds=-5), "0 minutes"),
    ],
)
def test_humanize_in_english(span, words):
    with translation.override("en"):
        assert humanize(span) == words


@pytest.mark.parametrize(
    ("span", "words"),
    [(timedelta(hours=1), "1 час"), (timedelta(hours=3), "3 часа"), (timedelta(days=5, hours=21), "5 дней 21 час")],
)
def test_humanize_in_russian_uses_three_plural_forms(span, words):
    with translation.override("ru"):
        assert humanize(span) == words


def test_humanize_in_kazakh():
    with translation.override("kk"):
        assert humanize(timedelta(hours=30)) == "1 күн 6 сағат"
