"""Working hours (--hours): the spec syntax, wrap-around day ranges, and one-line usage errors."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from goudenregels.errors import UsageError
from goudenregels.words.channels import NORMS
from goudenregels.worktime import AMSTERDAM, WorkingHours, judge

SATURDAY = datetime(2024, 5, 11, 10, 0, tzinfo=AMSTERDAM)  # no public holiday that weekend
MONDAY = datetime(2024, 5, 13, 10, 0, tzinfo=AMSTERDAM)


@pytest.mark.parametrize(
    ("spec", "days"),
    [
        ("mon-fri 09:00-17:00", [0, 1, 2, 3, 4]),
        ("fri-mon 09:00-17:00", [4, 5, 6, 0]),  # wraps around the week
        ("sun-mon 09:00-17:00", [6, 0]),
        ("sat-fri 09:00-17:00", [5, 6, 0, 1, 2, 3, 4]),  # the whole week
        ("fri-fri 09:00-17:00", [4]),
        ("Monday - Friday 8:30 – 17:30", [0, 1, 2, 3, 4]),  # full names, spaces, an en dash
        ("mon-thu 08:30-17:30, fri 08:30-12:00,", [0, 1, 2, 3, 4]),  # a trailing comma is fine
    ],
)
def test_day_ranges_including_wrap_around(spec: str, days: list[int]) -> None:
    assert list(WorkingHours.parse(spec).days) == days


def test_times_and_the_end_of_the_day() -> None:
    hours = WorkingHours.parse("mon-fri 8:30-17:30, sat 10:00-24:00")
    assert hours.days[0] == (time(8, 30), time(17, 30))
    assert hours.days[5][0] == time(10) and hours.days[5][1] > time(23, 59)


def test_a_saturday_measurement_counts_as_working_time_with_fri_mon() -> None:
    fri_mon = WorkingHours.parse("fri-mon 09:00-17:00")
    answered = SATURDAY.replace(hour=15)
    assert fri_mon.is_working_day(SATURDAY.date())
    assert fri_mon.working_seconds(SATURDAY, answered) == 5 * 3600
    assert WorkingHours().working_seconds(SATURDAY, answered) == 0  # mon-fri: the weekend is off
    # Web form, "the same working day": on Saturday for fri-mon, on Monday for mon-fri.
    assert judge("formulier", SATURDAY, answered, fri_mon)["verdict"] == "pass"
    assert judge("formulier", SATURDAY, MONDAY, fri_mon)["verdict"] == "fail"
    assert judge("formulier", SATURDAY, MONDAY, WorkingHours())["verdict"] == "pass"
    # Tuesday to Thursday are no working days: a Monday-evening e-mail is handled on Friday,
    # so "the same or the next working day" ends on Saturday.
    monday_evening = MONDAY.replace(hour=18)
    deadline = judge("e-mail", monday_evening, None, fri_mon, now=monday_evening)["deadline"]
    assert deadline == "2024-05-18T17:00:00+02:00"  # the next working day after Friday


@pytest.mark.parametrize(
    ("spec", "says"),
    [
        ("mon-fri 17:00-09:00", "the closing time must come after the opening time"),
        ("mon-fri 09:00-09:00", "the closing time must come after the opening time"),
        ("mon-fri 22:00-06:00", "cannot run past midnight"),
        ("mon-fri 09:00-25:00", "'25:00' is not a time of day"),
        ("mon-fri 09:00-24:30", "'24:30' is not a time of day"),
        ("mon-fri 09:60-17:00", "'09:60' is not a time of day"),
        ("mon-fry 09:00-17:00", "unknown day 'fry'"),
        ("monkey 09:00-17:00", "unknown day 'monkey'"),
        ("ma-vr 09:00-17:00", "unknown day 'ma'"),
        ("mon-fri 09:00-17:00, fri 09:00-12:00", "fri is given twice"),
        ("fri-mon 09:00-17:00, sat 10:00-14:00", "sat is given twice"),
        ("17:00-09:00", "give days and times like 'mon-fri 09:00-17:00'"),
        ("mon-fri", "give days and times like"),
        ("mon-fri 9-17", "give days and times like"),
        ("mon-fri 09:00-17:00+01:00", "give days and times like"),
        ("mon-fri\n09:00\n17:00", "give days and times like"),
        ("", "no days given"),
        (" , ", "no days given"),
    ],
)
def test_what_cannot_be_meant_is_a_one_line_usage_error(spec: str, says: str) -> None:
    with pytest.raises(UsageError) as caught:
        WorkingHours.parse(spec)
    message = str(caught.value)
    assert message.startswith("working hours")
    assert says in message
    assert "\n" not in message


@pytest.mark.parametrize(
    "spec",
    ["fri-mon 09:00-17:00", "sun-sun 00:00-24:00", "sat-sun 10:00-14:00", "wed 23:59-24:00"],
)
def test_any_accepted_spec_judges_without_overflow(spec: str) -> None:
    # 'fri-mon' once parsed to no day at all, and finding the next working day then ran off the
    # end of the calendar (OverflowError, GR120 'error'). Every accepted spec has a working day.
    hours = WorkingHours.parse(spec)
    assert hours.days
    start = datetime(2024, 12, 24, 16, tzinfo=AMSTERDAM)  # Christmas ahead
    for channel in sorted(NORMS):
        for answered in (None, start.replace(day=31)):
            verdict = judge(channel, start, answered, hours, now=start.replace(day=31))
            assert verdict["verdict"] in ("pass", "fail", "pending")


def test_hours_without_any_working_day_fail_clearly_not_with_overflow() -> None:
    with pytest.raises(ValueError, match="no working day"):
        WorkingHours(days={}).next_working_day(SATURDAY.date())
