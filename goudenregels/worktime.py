"""Working time: Dutch working days and opening hours, and a measured reaction against the norm."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from goudenregels.checks.norms import NORMS

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


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
        """'mon-fri 08:00-18:00, sat 10:00-14:00' → WorkingHours; for the --hours option."""
        names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        days: dict[int, tuple[time, time]] = {}
        for part in filter(None, (p.strip() for p in spec.split(","))):
            try:
                day_part, hours_part = part.split()
                start, end = (time.fromisoformat(x) for x in hours_part.split("-"))
                first, _, last = day_part.lower().partition("-")
                a, b = names.index(first[:3]), names.index((last or first)[:3])
            except (ValueError, IndexError):
                from goudenregels.errors import UsageError

                raise UsageError(
                    f"working hours '{part}': use e.g. 'mon-fri 09:00-17:00'"
                ) from None
            for day in range(a, b + 1):
                days[day] = (start, end)
        return cls(days=days)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in self.days and day not in _holidays(self.country, day.year)

    def next_working_day(self, day: date) -> date:
        day += timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

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
    out: dict[str, Any] = {"channel": channel, "norm": norm.text_nl, "norm_en": norm.text_en}
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
