"""Reading published opening hours per day from text and from schema.org data."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from goudenregels.words import vocab

_DASH = re.compile(r"[\u2010-\u2015\u2212]")
_CONNECT_RANGE = re.compile(
    r"^\s*(-|t\s*/\s*m|tm|tot\s+en\s+met|tot|to|through|thru|until|till)\s*$", re.I
)
_CONNECT_LIST = re.compile(r"^\s*(,|en|and|&|/|\+|of|or)?\s*$", re.IGNORECASE)
_TIME = r"(\d{1,2})(?:\s*[:.]\s*(\d{2}))?\s*(uur|u\b\.?|h\b|hrs\b|am\b|pm\b|a\.m\.|p\.m\.)?"
_TIME_RANGE = re.compile(
    rf"(?<![\d.,:/-])(?:van\s+|from\s+|vanaf\s+|tussen\s+|between\s+)?{_TIME}\s*"
    rf"(?:-|tot|to|until|till|t\s*/\s*m|en|and)\s*{_TIME}(?!\d|[.,:/-]\d)",
    re.IGNORECASE,
)


def _day_pattern() -> re.Pattern[str]:
    groups = sorted(vocab.DAY_GROUPS, key=len, reverse=True)
    days = sorted(vocab.DAY_WORDS, key=len, reverse=True)
    return re.compile(
        r"(?P<group>\b(?:" + "|".join(re.escape(g) for g in groups) + r")\b)"
        r"|(?P<day>\b(?:" + "|".join(re.escape(d) for d in days) + r")"
        r"(?:avond|ochtend|middag|morgen|nacht)?\b\.?)",
        re.IGNORECASE,
    )


_DAY = _day_pattern()


@dataclass
class Hours:
    """Opening hours read from one place: minutes since midnight per day."""

    days: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    unspecified: list[tuple[int, int]] = field(default_factory=list)
    closed: set[str] = field(default_factory=set)
    round_the_clock: bool = False
    text: str = ""

    def empty(self) -> bool:
        return not (self.days or self.unspecified or self.round_the_clock)

    def merge(self, other: Hours) -> None:
        for day, spans in other.days.items():
            for span in spans:
                if span not in self.days.setdefault(day, []):
                    self.days[day].append(span)
        for span in other.unspecified:
            if span not in self.unspecified:
                self.unspecified.append(span)
        self.closed |= other.closed
        self.round_the_clock |= other.round_the_clock

    def latest_close(self) -> int:
        spans = [s for v in self.days.values() for s in v] + self.unspecified
        return max((end for _, end in spans), default=0)

    def weekend_open(self) -> list[str]:
        return [d for d in ("sat", "sun") if self.days.get(d)]

    def as_table(self) -> dict[str, str]:
        """Per day (Dutch day names) the hours as text; for evidence and report data."""
        out = {}
        if self.round_the_clock:
            return {"dagelijks": "24 uur per dag"}
        for day in vocab.DAYS:
            spans = self.days.get(day)
            if spans:
                out[vocab.DAY_NAMES_NL[day]] = ", ".join(f"{fmt(a)}–{fmt(b)}" for a, b in spans)
            elif day in self.closed:
                out[vocab.DAY_NAMES_NL[day]] = "gesloten"
        if self.unspecified:
            out["dag niet genoemd"] = ", ".join(f"{fmt(a)}–{fmt(b)}" for a, b in self.unspecified)
        return out


def fmt(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _to_minutes(hour: str, minute: str | None, unit: str | None) -> int | None:
    h, m = int(hour), int(minute or 0)
    unit = (unit or "").lower().replace(".", "")
    if unit == "pm" and h < 12:
        h += 12
    if unit == "am" and h == 12:
        h = 0
    if h > 24 or m > 59 or (h == 24 and m):
        return None
    return h * 60 + m


def _range(m: re.Match[str]) -> tuple[int, int] | None:
    h1, m1, u1, h2, m2, u2 = m.groups()
    # A bare "3 - 5" is a count, not a time: one side needs minutes or a unit.
    if not (m1 or m2 or u1 or u2):
        return None
    if u2 and u2.lower().startswith("p") and not u1 and int(h1) < int(h2) < 12:
        u1 = "pm"  # "1-5pm": both ends are in the afternoon
    start, end = _to_minutes(h1, m1, u1), _to_minutes(h2, m2, u2)
    if start is None or end is None or end <= start:
        return None
    return start, end


def _tokens(text: str) -> list[tuple[int, int, str, Any]]:
    tokens: list[tuple[int, int, str, Any]] = []
    for m in _DAY.finditer(text):
        if m.group("group"):
            tokens.append((m.start(), m.end(), "days", set(vocab.DAY_GROUPS[m.group().lower()])))
        else:
            word = re.sub(
                r"(avond|ochtend|middag|morgen|nacht)$", "", m.group().lower().rstrip(".")
            )
            if word not in vocab.DAY_WORDS:
                continue
            tokens.append((m.start(), m.end(), "day", (vocab.DAY_WORDS[word], len(word) <= 3)))
    for m in _TIME_RANGE.finditer(text):
        span = _range(m)
        if span:
            tokens.append((m.start(), m.end(), "time", span))
    for m in vocab.CLOSED.finditer(text):
        tokens.append((m.start(), m.end(), "closed", None))
    tokens.sort(key=lambda t: (t[0], -t[1]))
    # Overlaps: a time range wins over day words inside it ("to", "en" are not days anyway).
    out: list[tuple[int, int, str, Any]] = []
    for tok in tokens:
        if out and tok[0] < out[-1][1]:
            continue
        out.append(tok)
    return out


def _short_day_ok(tokens: list[tuple[int, int, str, Any]], i: int, text: str) -> bool:
    """Two- and three-letter day names count only next to another day or a time ('ma-vr 9-17')."""
    start, end = tokens[i][0], tokens[i][1]
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    prv = tokens[i - 1] if i else None
    if nxt and nxt[2] in ("day", "days", "time", "closed") and nxt[0] - end <= 12:
        return True
    return bool(prv and prv[2] in ("day", "days") and start - prv[1] <= 12)


_ANY_TIME = re.compile(r"\d\s*(?:[:.]\s*\d\d|uur|u\b|h\b|am\b|pm\b|a\.m|p\.m|/\s*7)", re.I)


def parse_text(text: str) -> Hours:
    """Opening hours in a text, per day where days are named."""
    hours = Hours()
    if not _ANY_TIME.search(text) and not vocab.ROUND_THE_CLOCK.search(text):
        return hours  # no time of day anywhere: nothing to read
    clean = _DASH.sub("-", text.replace("\u00a0", " "))
    if _says_round_the_clock(clean):
        hours.round_the_clock = True
    _HoursReader(hours, clean, _read_tokens(clean)).read()
    for day in hours.closed & set(hours.days):
        hours.closed.discard(day)
    _merge_overlaps(hours)
    return hours


def _says_round_the_clock(clean: str) -> bool:
    for m in vocab.ROUND_THE_CLOCK.finditer(clean):
        line = _line(clean, m.start(), m.end())
        # "Bestel 24/7 online" is about ordering, not about reaching anyone.
        if vocab.HOURS_CONTEXT.search(line) and not vocab.NOT_REACHABLE_24_7.search(line):
            return True
    return False


def _read_tokens(clean: str) -> list[tuple[int, int, str, Any]]:
    tokens = _tokens(clean)
    return [
        t
        for i, t in enumerate(tokens)
        if not (t[2] == "day" and t[3][1] and not _short_day_ok(tokens, i, clean))
    ]


class _HoursReader:
    """Reads the day, time and closed tokens in order into ``hours``.

    A time belongs to the days named just before it (or, for "9-17 uur op werkdagen", just after
    it); a time no day claims is kept as unspecified.
    """

    def __init__(self, hours: Hours, clean: str, tokens: list[tuple[int, int, str, Any]]) -> None:
        self.hours = hours
        self.clean = clean
        self.tokens = tokens
        self.current: set[str] = set()
        self.current_end = -1000
        self.current_start = 0
        self.last_unspecified: tuple[int, int] | None = None
        self.last_time_end = -1000
        self.statement = 0  # which day-statement each span came from
        self.origin: dict[tuple[str, tuple[int, int]], int] = {}
        self.last_kind = ""

    def read(self) -> None:
        i = 0
        while i < len(self.tokens):
            start, end, kind, value = self.tokens[i]
            if kind in ("day", "days"):
                i = self._days(i)
            elif kind == "time":
                self._time(start, end, value)
            elif kind == "closed":
                self._closed(start, end)
            i += 1

    def _days(self, i: int) -> int:
        """Read the days at token i; return the index of the last token read."""
        start = self.tokens[i][0]
        days, end, i = self._day_range(i)
        joined = self.last_kind in ("day", "days") and _CONNECT_LIST.match(
            self.clean[self.current_end : start]
        )
        if (
            not joined
            and self.last_kind == "time"
            and self.last_unspecified is not None
            and start - self.last_time_end <= 20
        ):
            # "van 9.00 tot 17.00 uur op werkdagen": the days come after the time.
            self.hours.unspecified.remove(self.last_unspecified)
            for day in days:
                self.hours.days.setdefault(day, []).append(self.last_unspecified)
            self.last_unspecified = None
            self.last_kind = "closed"  # the next days start afresh
            return i
        if not joined:
            self.current_start = start
            self.statement += 1
        self.current = self.current | days if joined else days
        self.current_end = end
        self.last_kind = "days"
        return i

    def _day_range(self, i: int) -> tuple[set[str], int, int]:
        """The days token i names, where they end, and the index of their last token.

        A day range takes two tokens: "maandag t/m vrijdag", "ma-vr".
        """
        _start, end, kind, value = self.tokens[i]
        if kind == "days":
            return set(value), end, i
        if i + 1 < len(self.tokens) and self.tokens[i + 1][2] == "day":
            between = self.clean[end : self.tokens[i + 1][0]]
            if _CONNECT_RANGE.match(between):
                a = vocab.DAYS.index(value[0])
                b = vocab.DAYS.index(self.tokens[i + 1][3][0])
                span = vocab.DAYS[a : b + 1] if a <= b else vocab.DAYS[a:] + vocab.DAYS[: b + 1]
                return set(span), self.tokens[i + 1][1], i + 1
        return {value[0]}, end, i

    def _time(self, start: int, end: int, value: tuple[int, int]) -> None:
        context = self.clean[max(0, start - 250) : end + 60]
        line = _line(self.clean, start, end)
        self.last_unspecified = None
        self.last_time_end = end
        attached = bool(self.current) and start - self.current_end <= 120
        # Times next to named days read as hours by themselves; bare times need a hint.
        relevant = attached or vocab.HOURS_CONTEXT.search(context)
        if relevant and not vocab.NOT_HOURS_CONTEXT.search(line):
            if not self.hours.text:
                anchor = self.current_start if attached else start
                self.hours.text = self.clean[max(0, anchor - 160) : end + 40]
            if attached:
                self._attach(value)
            elif value not in self.hours.unspecified:
                self.hours.unspecified.append(value)
                self.last_unspecified = value
        self.current_end = end if self.current else self.current_end
        self.last_kind = "time"

    def _attach(self, value: tuple[int, int]) -> None:
        for day in self.current:
            spans = self.hours.days.setdefault(day, [])
            if len(self.current) == 1:
                # "ma t/m vr 8-17 … vrijdag 8-12": a later line for one day replaces
                # the overlapping hours an earlier, wider line gave it.
                spans[:] = [
                    sp
                    for sp in spans
                    if self.origin.get((day, sp)) == self.statement
                    or sp[1] <= value[0]
                    or sp[0] >= value[1]
                ]
            if value not in spans:
                spans.append(value)
                self.origin[(day, value)] = self.statement

    def _closed(self, start: int, end: int) -> None:
        if (
            self.current
            and start - self.current_end <= 60
            and not vocab.NOT_HOURS_CONTEXT.search(_line(self.clean, start, end))
        ):
            self.hours.closed |= self.current
        self.last_kind = "closed"


# How far either side of a match its line is read for context words. A page may be one line of
# a megabyte; reading all of it for every match would take time quadratic in the page's size.
_LINE_REACH = 300


def _line(text: str, start: int, end: int) -> str:
    """The line around ``text[start:end]``, at most ``_LINE_REACH`` characters either side."""
    low, high = max(0, start - _LINE_REACH), min(len(text), end + _LINE_REACH)
    line_start = text.rfind("\n", low, start)
    line_end = text.find("\n", end, high)
    return text[(low if line_start < 0 else line_start + 1) : (high if line_end < 0 else line_end)]


def _merge_overlaps(hours: Hours) -> None:
    """'ma-vr 9-18' plus 'donderdag 9-21' is Thursday 9-21: overlapping spans become one."""
    for day, spans in hours.days.items():
        merged: list[tuple[int, int]] = []
        for a, b in sorted(spans):
            if merged and a <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], b))
            else:
                merged.append((a, b))
        hours.days[day] = merged


_SCHEMA_DAYS = {
    "mo": "mon", "tu": "tue", "we": "wed", "th": "thu", "fr": "fri", "sa": "sat", "su": "sun",
    "monday": "mon", "tuesday": "tue", "wednesday": "wed", "thursday": "thu", "friday": "fri",
    "saturday": "sat", "sunday": "sun",
}  # fmt: skip


def _schema_day(value: str) -> str | None:
    return _SCHEMA_DAYS.get(value.rsplit("/", 1)[-1].strip().lower())


def _hhmm(value: str) -> int | None:
    m = re.match(r"^\s*(\d{1,2}):(\d{2})", str(value))
    return _to_minutes(m.group(1), m.group(2), None) if m else None


def parse_jsonld(items: list[dict[str, Any]]) -> Hours:
    """Hours from schema.org openingHoursSpecification, hoursAvailable and openingHours."""
    hours = Hours()
    for item in items:
        specs = []
        for key in ("openingHoursSpecification", "hoursAvailable"):
            value = item.get(key)
            specs.extend(value if isinstance(value, list) else [value] if value else [])
        for spec in specs:
            if not isinstance(spec, dict):
                continue
            opens, closes = _hhmm(spec.get("opens", "")), _hhmm(spec.get("closes", ""))
            days = spec.get("dayOfWeek") or []
            days = days if isinstance(days, list) else [days]
            if opens is None or closes is None:
                continue
            closed = opens == closes == 0
            if not closed and closes in (0, 23 * 60 + 59):
                closes = 24 * 60  # "until midnight"
            for day in filter(None, (_schema_day(str(d)) for d in days)):
                if closed:
                    hours.closed.add(day)
                elif closes > opens and (opens, closes) not in hours.days.setdefault(day, []):
                    hours.days[day].append((opens, closes))
        texts = item.get("openingHours")
        for text in texts if isinstance(texts, list) else [texts] if texts else []:
            if isinstance(text, str):
                hours.merge(_parse_schema_text(text))
    _merge_overlaps(hours)
    return hours


def _parse_schema_text(text: str) -> Hours:
    """schema.org's compact form: 'Mo-Fr 09:00-17:00', 'Sa 10:00-14:00', 'Mo,We 9:00-12:00'."""
    hours = Hours()
    for part in re.split(r"[;\n]|(?<=\d)\s*,", text):
        m = re.match(r"\s*([A-Za-z,\-\s]+?)\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})", part)
        if not m:
            continue
        days: list[str] = []
        for chunk in m.group(1).split(","):
            ends = [_schema_day(x) for x in chunk.split("-")]
            if len(ends) == 2 and all(ends):
                a, b = vocab.DAYS.index(ends[0]), vocab.DAYS.index(ends[1])
                days.extend(vocab.DAYS[a : b + 1])
            elif len(ends) == 1 and ends[0]:
                days.append(ends[0])
        opens, closes = _hhmm(m.group(2)), _hhmm(m.group(3))
        if opens is None or closes is None or closes <= opens:
            continue
        for day in days:
            hours.days.setdefault(day, []).append((opens, closes))
    return hours
