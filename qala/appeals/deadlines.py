"""Working-time arithmetic on the Kazakh calendar.

A working day runs 09:00–13:00 and 14:00–18:00 in Asia/Almaty (eight hours). Weekends and
public holidays come from the `holidays` package, which also knows the government's day-off
transfers it was released with; `CalendarDay` rows entered by an admin override both.
"""

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

ALMATY = ZoneInfo("Asia/Almaty")
WORK_PERIODS = ((time(9), time(13)), (time(14), time(18)))
HOURS_PER_DAY = sum((e.hour - s.hour) for s, e in WORK_PERIODS)


@lru_cache(maxsize=32)
def _kz_calendar(year: int):
    return holidays.country_holidays("KZ", years=year)


def is_working_day(day: date, overrides: Mapping[date, bool] | None = None) -> bool:
    if overrides and day in overrides:
        return overrides[day]
    return _kz_calendar(day.year).is_working_day(day)


def add_working_hours(start: datetime, hours: float, overrides: Mapping[date, bool] | None = None) -> datetime:
    """The moment `hours` of working time after `start` (an aware datetime)."""
    remaining = timedelta(hours=hours)
    cursor = start.astimezone(ALMATY)
    while True:
        day = cursor.date()
        if is_working_day(day, overrides):
            for begin, end in WORK_PERIODS:
                period_start = datetime.combine(day, begin, ALMATY)
                period_end = datetime.combine(day, end, ALMATY)
                if cursor >= period_end:
                    continue
                cursor = max(cursor, period_start)
                available = period_end - cursor
                if remaining <= available:
                    return cursor + remaining
                remaining -= available
                cursor = period_end
        cursor = datetime.combine(day + timedelta(days=1), time(0), ALMATY)


def due_at(start: datetime, working_days: int, overrides: Mapping[date, bool] | None = None) -> datetime:
    """The deadline `working_days` full working days of working time after `start`."""
    return add_working_hours(start, working_days * HOURS_PER_DAY, overrides)


def calendar_overrides() -> dict[date, bool]:
    from .models import CalendarDay

    return dict(CalendarDay.objects.values_list("date", "is_working"))
