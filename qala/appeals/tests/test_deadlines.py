from datetime import date, datetime

from qala.appeals.deadlines import ALMATY, add_working_hours, due_at, is_working_day


def at(*args):
    return datetime(*args, tzinfo=ALMATY)


def test_three_working_days_skip_the_may_holidays():
    # Received Friday 2024-04-26 10:00: Fri 7 h, Mon 8 h, Tue 8 h, May 1 off, Thu 1 h.
    assert due_at(at(2024, 4, 26, 10), 3) == at(2024, 5, 2, 10)


def test_fifteen_working_days_count_the_transferred_saturday():
    # May 1, 7, 8 (transferred from Sat May 4, which was worked) and 9 are off.
    assert due_at(at(2024, 4, 26, 10), 15) == at(2024, 5, 22, 10)


def test_nauryz_is_skipped():
    assert due_at(at(2025, 3, 14, 10), 3) == at(2025, 3, 19, 10)
    assert due_at(at(2025, 3, 14, 10), 15) == at(2025, 4, 9, 10)


def test_a_report_made_on_saturday_starts_counting_on_monday_morning():
    assert due_at(at(2026, 11, 21, 15), 1) == at(2026, 11, 23, 18)


def test_evening_report_starts_next_working_morning():
    assert due_at(at(2026, 11, 24, 21, 30), 1) == at(2026, 11, 25, 18)


def test_lunch_hour_is_not_working_time():
    assert add_working_hours(at(2026, 11, 24, 12, 30), 1) == at(2026, 11, 24, 14, 30)


def test_admin_override_turns_a_weekday_off_and_a_saturday_on():
    overrides = {date(2026, 11, 25): False, date(2026, 11, 28): True}
    assert not is_working_day(date(2026, 11, 25), overrides)
    assert is_working_day(date(2026, 11, 28), overrides)
    # Tue 17:00 + 8 h: 1 h on Tuesday, Wednesday off, 7 h on Thursday.
    assert due_at(at(2026, 11, 24, 17), 1, overrides) == at(2026, 11, 26, 17)
    # Fri 17:00 + 8 h: 1 h on Friday, 7 h on the working Saturday.
    assert due_at(at(2026, 11, 27, 17), 1, overrides) == at(2026, 11, 28, 17)


def test_result_is_aware_and_in_almaty_time():
    result = due_at(at(2026, 11, 24, 9), 1)
    assert result.utcoffset().total_seconds() == 5 * 3600


def test_new_year_holidays_are_skipped():
    # Wed 31 Dec 2025 17:00 + 8 h: 1 h on the 31st; 1 and 2 January are public holidays, then the weekend;
    # 7 h on Monday 5 January (09–13, 14–17).
    assert due_at(at(2025, 12, 31, 17), 1) == at(2026, 1, 5, 17)


def test_a_weekend_between_is_skipped():
    # Fri 16:00 + 2 working days (16 h): 2 h on Friday, 8 h on Monday, 6 h on Tuesday (09–13, 14–16).
    assert due_at(at(2026, 11, 20, 16), 2) == at(2026, 11, 24, 16)


def test_the_holidays_package_knows_the_transferred_day_off():
    # 2024: Saturday 4 May was worked, Wednesday 8 May was off in its place.
    assert is_working_day(date(2024, 5, 4))
    assert not is_working_day(date(2024, 5, 8))
    # Fri 3 May 17:00 + 8 h: 1 h on Friday, 7 h on the working Saturday.
    assert due_at(at(2024, 5, 3, 17), 1) == at(2024, 5, 4, 17)


def test_nauryz_21_to_23_march_is_off():
    for day in (21, 22, 23):
        assert not is_working_day(date(2023, 3, day))
