"""Working time: Dutch working days and opening hours, and a measured reaction against the norm."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from goudenregels.errors import UsageError
from goudenregels.words.channels import NORMS

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# One part of an --hours spec: a day or a day range, then an opening and a closing time.
_HOURS_PART = re.compile(
    r"(?P<first>[^\W\d_]+)(?:\s*[-–]\s*(?P<last>[^\W\d_]+))?"
    r"\s+(?P<opens>[0-9]{1,2}:[0-9]{2})\s*[-–]\s*(?P<closes>[0-9]{1,2}:[0-9]{2})"
)
END_OF_DAY = time.max  # '24:00'


def _hours_error(part: str, problem: str) -> UsageError:
    shown = " ".join(part.split())
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    return UsageError(f"working hours '{shown}': {problem}")


def _weekday(name: str, part: str) -> int:
    """0 for 'mon' or 'monday' (any case), up to 6 for Sunday."""
    key = name.lower()
    for index, day in enumerate(DAY_NAMES):
        if key in (day, day[:3]):
            return index
    raise _hours_error(part, f"unknown day '{name}' (use mon, tue, wed, thu, fri, sat, sun)")


def _clock(text: str, part: str) -> time:
    """'09:00' → time(9); '24:00' → the end of the day."""
    hour, minute = (int(x) for x in text.split(":"))
    if hour == 24 and minute == 0:
        return END_OF_DAY
    if hour > 23 or minute > 59:
        raise _hours_error(part, f"'{text}' is not a time of day (00:00 to 24:00)")
    return time(hour, minute)


@lru_cache(maxsize=16)
def _holidays(country: str, year: int) -> frozenset[date]:
    import holidays

    return frozenset(holidays.country_holidays(country, years=year).keys())


@dataclass
class WorkingHours:
    """When an organisation works: hours per weekday (0 = Monday) and the public holidays."""

    days: dict[int, tuple[time, time]] = field(
        default_factory=lambda: {d: (time(9), time(17)) for d in range(5)}
    )
    country: str = "NL"

    @classmethod
    def parse(cls, spec: str) -> WorkingHours:
        """'mon-fri 08:00-18:00, sat 10:00-14:00' → WorkingHours; for the --hours option.

        Days are English names or their first three letters; a range may wrap around the week
        ('fri-mon' is Friday to Monday). Times are HH:MM from 00:00 to 24:00, closing after
        opening. Each day may be given once. Anything else is a UsageError with one line.
        """
        days: dict[int, tuple[time, time]] = {}
        for part in (p.strip() for p in spec.split(",")):
            if not part:
                continue
            match = _HOURS_PART.fullmatch(part)
            if match is None:
                raise _hours_error(part, "give days and times like 'mon-fri 09:00-17:00'")
            first = _weekday(match["first"], part)
            last = first if match["last"] is None else _weekday(match["last"], part)
            opens = _clock(match["opens"], part)
            closes = _clock(match["closes"], part)
            if closes <= opens:
                raise _hours_error(
                    part,
                    "the closing time must come after the opening time "
                    "(a range cannot run past midnight; 24:00 is the end of the day)",
                )
            for offset in range((last - first) % 7 + 1):  # 'fri-mon' wraps around the week
                day = (first + offset) % 7
                if day in days:
                    raise _hours_error(
                        part, f"{DAY_NAMES[day][:3]} is given twice; give each day once"
                    )
                days[day] = (opens, closes)
        if not days:
            raise UsageError("working hours: no days given; use e.g. 'mon-fri 09:00-17:00'")
        return cls(days=days)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in self.days and day not in _holidays(self.country, day.year)

    def next_working_day(self, day: date) -> date:
        # Bounded: working hours without a single working day must not search until the end
        # of the calendar (an OverflowError); parse() never gives such hours.
        for _ in range(2 * 366):
            day += timedelta(days=1)
            if self.is_working_day(day):
                return day
        raise ValueError("the working hours have no working day")

    def handling_day(self, moment: datetime) -> date:
        """The working day a message that arrives at this moment is handled on."""
        local = moment.astimezone(AMSTERDAM)
        day = local.date()
        if self.is_working_day(day) and local.time() < self.days[day.weekday()][1]:
            return day
        return self.next_working_day(day)

    def end_of(self, day: date) -> datetime:
        return datetime.combine(day, self.days[day.weekday()][1], tzinfo=AMSTERDAM)

    def working_seconds(self, start: datetime, end: datetime) -> float:
        """Seconds of working time between two moments (only opening hours count)."""
        total = 0.0
        day = start.astimezone(AMSTERDAM).date()
        last = end.astimezone(AMSTERDAM).date()
        while day <= last:
            if self.is_working_day(day):
                open_, close = self.days[day.weekday()]
                a = max(start, datetime.combine(day, open_, tzinfo=AMSTERDAM))
                b = min(end, datetime.combine(day, close, tzinfo=AMSTERDAM))
                total += max(0.0, (b - a).total_seconds())
            day += timedelta(days=1)
        return total


def parse_moment(value: str) -> datetime:
    """An ISO 8601 moment; without a time zone it is Dutch local time."""
    moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=AMSTERDAM)


def judge(
    channel: str,
    started: datetime,
    answered: datetime | None,
    hours: WorkingHours | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """A measured reaction against the norm for its channel: pass, fail or pending."""
    hours = hours or WorkingHours()
    norm = NORMS.get(channel)
    if norm is None:
        raise ValueError(f"no norm for channel {channel!r}")
    out: dict[str, Any] = {"channel": channel, "norm": norm.text("nl"), "norm_en": norm.text("en")}
    if norm.max_seconds is not None:
        deadline = started + timedelta(seconds=norm.max_seconds)
    else:
        day = hours.handling_day(started)
        if norm.max_workdays is not None and norm.max_workdays >= 1:
            day = hours.next_working_day(day)  # "the same or the next working day"
        deadline = hours.end_of(day)
    out["deadline"] = deadline.isoformat()
    if answered is None:
        late = (now or datetime.now(AMSTERDAM)) > deadline
        out.update(verdict="fail" if late else "pending", elapsed_seconds=None)
        return out
    elapsed = (answered - started).total_seconds()
    out.update(
        verdict="pass" if answered <= deadline else "fail",
        elapsed_seconds=round(elapsed, 1),
        working_seconds=round(hours.working_seconds(started, answered), 1),
    )
    return out
