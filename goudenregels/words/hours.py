"""Reading published opening hours per day from text and from schema.org data.

Text is read as tokens (days, day groups, time ranges, "tot 20 uur", breaks, "gesloten", dates,
holidays) in order. Only a weekly schedule of the organisation counts: times on a calendar date
("zaterdag 7 maart") are an event or an exception, and times whose nearest topic words are about
something else (a delivery, a class, a match, a service in church, a timetable, a system) are left
out. The topic is decided by the words in the time's clause and, failing those, by the nearer of
the last schedule word and the last other word before it (a heading).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from goudenregels.words import prefilter, vocab

_DASH = prefilter.compile(r"[\u2010-\u2015\u2212]")
_SPACES = prefilter.compile(r"[\u00a0\u2007\u2009\u202f]")  # no-break and thin spaces: "9\u202fAM"
_CONNECT_RANGE = prefilter.compile(
    r"^[ \t]*(-+|t\s*/\s*m|tm|t\.?\s*e\.?\s*m\.?|tem|tot\s+en\s+met|tot|to|through|thru|until|till)"
    r"[ \t]*$",
    re.I,
)
_CONNECT_LIST = prefilter.compile(r"^-?\s*(,|en|and|&|/|\+|of|or|,\s*en)?\s*$", re.IGNORECASE)
# What may stand between a short day name ("ma", "vr", "Sat") and the day or time it belongs to.
_SHORT_GAP = prefilter.compile(
    r"^[\s:,.;|/&+()-]*(?:(?:van|from|tussen|between|vanaf|en|and|t\s*/\s*m|tm|tem|t\.e\.m|"
    r"tot(?:\s+en\s+met)?|to|through|thru|till|until|op|on)\b[\s:,.()-]*)?$",
    re.IGNORECASE,
)
_UNIT = r"(?:uur|u\b\.?|h\b|hrs?\b|am\b|pm\b|a\.m\.|p\.m\.)"


def _time_pattern(n: int) -> str:
    """One time of day, its parts in groups numbered n: '9', '9.30', '8u30', '17u', '5pm'."""
    return (
        rf"(?:(?P<half{n}>half\s+)?(?P<h{n}>\d{{1,2}})"
        rf"(?:\s*[:.]\s*(?P<m{n}>\d{{2}})|[uUhH](?P<mu{n}>\d{{2}}))?"
        rf"(?:\s*(?P<u{n}>{_UNIT}))?|(?P<w{n}>noon|midday|midnight|middernacht))"
    )


# "en"/"and" joins two times into a range only after "tussen"/"between": "zondag 10.30 en 18.30"
# is two services, "tussen 9 en 17 uur" one span.
_RANGE_SEP = r"(?:-+|>|tot|to|until|till|t\s*/\s*m|(?(between)(?:en|and)|(?!)))"
_TIME_RANGE = prefilter.compile(
    rf"(?<![\d.,:/-])(?:(?:van|from|vanaf|(?P<between>tussen|between))\s+)?{_time_pattern(1)}\s*"
    rf"{_RANGE_SEP}\s*{_time_pattern(2)}(?!\d|[.,:/-]\d)",
    re.IGNORECASE,
)
# Two times in neighbouring table cells: "Maandag | 09:00 | 17:00" (opening, closing).
_CELL_PAIR = prefilter.compile(
    r"(?<![\d.,:/-])(?P<h1>\d{1,2})[:.](?P<m1>\d{2})(?:\s*uur)?(?:\s*\|\s*|[ \t]*\n[ \t]*|[ \t]+)"
    r"(?P<h2>\d{1,2})[:.](?P<m2>\d{2})(?:\s*uur)?(?!\d|[.,:/-]\d)"
)
# One end of the day alone: "donderdag tot 20.00 uur", "zaterdag vanaf 10 uur".
_UNTIL = prefilter.compile(
    rf"(?<![\w.,:/-])(?:tot|until|till)\s+(?:ongeveer\s+|circa\s+)?{_time_pattern(1)}"
    r"(?!\d|[.,:/-]\d|\s*[-–]\s*\d)",
    re.IGNORECASE,
)
_FROM = prefilter.compile(
    rf"(?<![\w.,:/-])(?:vanaf|from)\s+{_time_pattern(1)}(?!\d|[.,:/-]\d|\s*(?:-|tot|to)\s*\d)",
    re.IGNORECASE,
)
_BREAK_BEFORE = prefilter.compile(
    rf"\b{vocab.BREAK_WORDS}(?:\s+for\s+lunch)?\s*[:(]?\s*(?:van|tussen|from|between|of)?\s*$",
    re.IGNORECASE,
)
_BREAK_AFTER = prefilter.compile(
    rf"[ \t]*(?:uur)?[ \t]*\)?[ \t]*[:-]?[ \t]*(?:is\s+|zijn\s+we\s+|zijn\s+wij\s+)?"
    rf"{vocab.BREAK_WORDS}\b(?:\s+for\s+lunch)?",
    re.IGNORECASE,
)
_PART_BEFORE = prefilter.compile(
    r"(?:'s\s*|in\s+de\s+|op\s+de\s+|in\s+the\s+)?(?P<part>"
    + "|".join(sorted(vocab.DAY_PARTS, key=len, reverse=True))
    + r")\s*[:,]?\s*(?:zijn\s+we\s+|zijn\s+wij\s+|is\s+|we\s+are\s+)?$",
    re.IGNORECASE,
)
_SLASH_DATE = prefilter.compile(r"\s*\(?\d{1,2}\s*/\s*\d{1,2}\b(?!\s*[:.]\d)")
# Words before a date that make it the start of a period hours hold from, not an event.
_VALIDITY = prefilter.compile(
    r"\b(?:vanaf|per|m\.?i\.?v\.?|met ingang van|from|as of|starting|since|sinds|geldig|valid)"
    r"\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
# "Werkdagen 9-17 uur, behalve op woensdag": the days after it are not open as said before.
_EXCEPT = prefilter.compile(
    r"\b(?:behalve|uitgezonderd|met uitzondering van|m\.u\.v\.|except|excluding|not on)\b",
    re.IGNORECASE,
)
# "Woensdagmiddag op afspraak": that part of the day has no open hours (a whole day on
# appointment is left unread: it is neither open nor closed).
_APPOINTMENT = prefilter.compile(
    r"\b(?:(?:enkel|alleen|uitsluitend|only)\s+)?(?:op afspraak|by appointment)\b", re.I
)
# "Elke eerste zondag van de maand": a day of the month, not of the week (read as a date).
_ORDINAL_DAY = prefilter.compile(
    r"\b(?:eerste|tweede|derde|vierde|laatste|[1-4](?:e|ste|de|st|nd|rd|th)|first|second|third|"
    r"fourth|last)\s+(?:" + "|".join(w for w in vocab.DAY_WORDS if len(w) > 3) + r")\b",
    re.IGNORECASE,
)
# A dash alone after a day, at the end of its cell or line: "Wo -", "Zondag | –" (closed).
_DASH_CELL = prefilter.compile(r"(?<=[^\W\d_.])\.?[ \t]*[:|]?[ \t]*-{1,2}[ \t]*(?=\n|\||$)")
_COUNTED = prefilter.compile(
    r"(?<![\d:.])(?<!half )\b\d{1,3}[ \t]*(?:(?:à|-|tot|to|of|or)[ \t]*\d{1,3}[ \t]*)?$", re.I
)
_COUNTABLE_DAYS = frozenset({"werkdagen", "weekdagen", "working days", "workdays", "weekdays"})
_SENTENCE_END = prefilter.compile(r"[!?;]|\.(?!\d)|\n")
_NEGATED = prefilter.compile(r"\b(?:niet|geen|not|no)\s+$", re.IGNORECASE)


def _day_pattern() -> re.Pattern[str]:
    groups = sorted(vocab.DAY_GROUPS, key=len, reverse=True)
    days = sorted(vocab.DAY_WORDS, key=len, reverse=True)
    parts = "|".join(sorted(vocab.DAY_PARTS, key=len, reverse=True))
    return re.compile(
        r"(?P<group>(?<![\w/-])(?:" + "|".join(re.escape(g) for g in groups) + r")(?![\w/]))"
        r"|(?P<day>\b(?P<word>" + "|".join(re.escape(d) for d in days) + r")"
        r"(?:-?(?P<part>" + parts + r"))?\b\.?)",
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

    def week_pattern(self) -> bool:
        """Whether the hours read as a week: several days named, or all days at once."""
        return self.round_the_clock or len(set(self.days) | self.closed) >= 2

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


def _one_time(m: re.Match[str], n: int) -> tuple[int | None, str, bool]:
    """(minutes, am/pm unit, written as a time) of time n in a match of ``_time_pattern``."""
    word = (m.group(f"w{n}") or "").lower()
    if word:
        return (12 * 60 if word in ("noon", "midday") else 24 * 60), "", True
    unit = (m.group(f"u{n}") or "").lower().replace(".", "")
    hour, minute = m.group(f"h{n}"), m.group(f"m{n}") or m.group(f"mu{n}")
    if m.group(f"half{n}"):
        # "half 6" is 5:30 in Dutch; only read with a whole hour after it.
        if minute or int(hour) < 1:
            return None, "", False
        return _to_minutes(str(int(hour) - 1), "30", unit), unit, True
    value = _to_minutes(hour, minute, unit if unit in ("am", "pm") else None)
    return value, unit, bool(minute or unit)


def _range(m: re.Match[str]) -> tuple[tuple[int, int], bool] | None:
    """The span a time range names, and whether it is bare ('9-17': no minutes, no unit)."""
    start, u1, written1 = _one_time(m, 1)
    end, u2, written2 = _one_time(m, 2)
    if start is None or end is None:
        return None
    if u2 == "pm" and not u1 and start < end - 12 * 60 < 12 * 60:
        start += 12 * 60  # "1-5pm": both ends are in the afternoon
    if end == 0 and start > 0:
        end = 24 * 60  # "18:00 - 00:00": until midnight
    if (
        end <= start
        and end < 12 * 60
        and start < end + 12 * 60 <= 24 * 60
        and not {u1, u2} & {"am", "pm"}
    ):
        end += 12 * 60  # "van 8 tot half 6", "9-5": the end is in the afternoon
    if end <= start:
        return None
    return (start, end), not (written1 or written2)


Token = tuple[int, int, str, Any]


Windows = list[tuple[int, int]]


def _spread(spots: list[tuple[int, int]], reach: int, size: int) -> Windows:
    """The stretches within ``reach`` of the spots, overlapping ones joined, in order."""
    out: list[list[int]] = []
    for start, end in sorted(spots):
        low, high = max(0, start - reach), min(size, end + reach)
        if out and low <= out[-1][1]:
            out[-1][1] = max(out[-1][1], high)
        else:
            out.append([low, high])
    return [(a, b) for a, b in out]


def _find(pattern: prefilter.Pattern, text: str, windows: Windows) -> Iterator[re.Match[str]]:
    for low, high in windows:
        yield from pattern.finditer(text, low, high)


def _day_tokens(text: str, windows: Windows) -> list[Token]:
    tokens: list[Token] = []
    for m in _find(_DAY, text, windows):
        if m.group("group"):
            # "binnen 2 werkdagen", "3-5 working days": a duration, not the days of a week.
            counted = m.group().lower() in _COUNTABLE_DAYS and _COUNTED.search(
                text[max(0, m.start() - 12) : m.start()]
            )
            if not counted:
                days = set(vocab.DAY_GROUPS[m.group().lower()])
                tokens.append((m.start(), m.end(), "days", days))
            continue
        word = m.group("word").lower()
        part = vocab.DAY_PARTS.get((m.group("part") or "").lower(), "")
        short = len(word) <= 3 or word in vocab.AMBIGUOUS_DAYS
        # "zondag." ends a sentence; "ma." and "vr." are abbreviations.
        end = m.end() - 1 if m.group().endswith(".") and len(word) > 3 else m.end()
        tokens.append((m.start(), end, "day", (vocab.DAY_WORDS[word], short, part)))
        slash = _SLASH_DATE.match(text, m.end())
        if slash and not re.match(r"\s*\(?(?:24\s*/\s*7|7\s*/\s*7)\b", text[m.end() : slash.end()]):
            tokens.append((slash.start(), slash.end(), "date", None))  # "za 14/9"
    return tokens


def _time_tokens(text: str, windows: Windows) -> list[Token]:
    tokens: list[Token] = []
    for m in _find(_TIME_RANGE, text, windows):
        read = _range(m)
        if read:
            tokens.append(_time_token(text, m.start(), m.end(), *read))
    for m in _find(_CELL_PAIR, text, windows):
        read = _range_of_pair(m)
        if read:
            tokens.append((m.start(), m.end(), "bare", read))
    for pattern, kind in ((_UNTIL, "until"), (_FROM, "from")):
        for m in _find(pattern, text, windows):
            minutes, _unit, written = _one_time(m, 1)
            if minutes is not None and written and 6 * 60 <= minutes <= 24 * 60:
                tokens.append((m.start(), m.end(), kind, minutes))
    return tokens


def _range_of_pair(m: re.Match[str]) -> tuple[int, int] | None:
    start = _to_minutes(m.group("h1"), m.group("m1"), None)
    end = _to_minutes(m.group("h2"), m.group("m2"), None)
    return (start, end) if start is not None and end is not None and start < end else None


def _time_token(text: str, start: int, end: int, span: tuple[int, int], bare: bool) -> Token:
    """A time range, a bare one ('9-17', read only next to a day) or a break in the day."""
    if bare:
        return (start, end, "bare", span)
    after = _BREAK_AFTER.match(text, end)
    if after:
        return (start, after.end(), "break", span)
    line_start = max(text.rfind("\n", max(0, start - 40), start) + 1, start - 40)
    if _BREAK_BEFORE.search(text[line_start:start]):
        return (start, end, "break", span)
    return (start, end, "time", span)


def _closed_tokens(text: str, windows: Windows) -> list[Token]:
    tokens: list[Token] = []
    for m in _find(vocab.CLOSED, text, windows):
        before = text[max(0, m.start() - 30) : m.start()]
        part = _PART_BEFORE.search(before)
        tokens.append((m.start(), m.end(), "closed", vocab.DAY_PARTS[part["part"].lower()]
                       if part else ""))  # fmt: skip
    for m in _find(_DASH_CELL, text, windows):
        tokens.append((m.start(), m.end(), "closed", ""))
    for m in _find(_APPOINTMENT, text, windows):
        tokens.append((m.start(), m.end(), "closed", "appointment"))
    for m in _find(_EXCEPT, text, windows):
        tokens.append((m.start(), m.end(), "except", None))
    for m in _find(vocab.HOLIDAY_WORDS, text, windows):
        tokens.append((m.start(), m.end(), "holiday", None))
    for pattern in (vocab.CALENDAR_DATE, _ORDINAL_DAY):
        for m in _find(pattern, text, windows):
            tokens.append((m.start(), m.end(), "date", None))
    return tokens


_DIGITS = prefilter.compile(r"\d+")
# A page may hold thousands of times (a log, a timetable); opening hours are among the first few
# hundred, and reading context for each costs time.
_MAX_TOKENS = 3000


# Days, "gesloten", dates and the like matter only this near a time; the rest of a page is not
# searched for them (a page may be long, and these patterns are many words).
_CONTEXT_REACH = 600


def _tokens(text: str) -> list[Token]:
    digits = [m.span() for m in _DIGITS.finditer(text)]
    times = _time_tokens(text, _spread(digits, 40, len(text)))
    near = _spread([(t[0], t[1]) for t in times], _CONTEXT_REACH, len(text))
    tokens = _day_tokens(text, near) + times + _closed_tokens(text, near)
    tokens.sort(key=lambda t: (t[0], -t[1]))
    # Overlaps: the token that starts first (and then the longest) wins; "to", "en" in a time
    # range are not days, "7 maart" in "zaterdag 7 maart" is not a time.
    out: list[Token] = []
    for tok in tokens:
        if out and tok[0] < out[-1][1]:
            continue
        out.append(tok)
    return out[:_MAX_TOKENS]


def _gap(text: str, a: Token | None, b: Token | None) -> str | None:
    """The text between two neighbouring tokens (None if either is missing or far apart)."""
    if a is None or b is None or b[0] - a[1] > 14:
        return None
    return text[a[1] : b[0]]


def _short_day_ok(tokens: list[Token], i: int, text: str) -> bool:
    """Two- and three-letter day names count only next to another day or a time ('ma-vr 9-17')."""
    tok = tokens[i]
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    prv = tokens[i - 1] if i else None
    word = text[tok[0] : tok[1]].rstrip(".").lower()
    next_gap, prev_gap = _gap(text, tok, nxt), _gap(text, prv, tok)
    next_day = nxt is not None and nxt[2] in ("day", "days")
    prev_day = prv is not None and prv[2] in ("day", "days")
    if next_day and next_gap is not None and _SHORT_GAP.match(next_gap):
        return True
    if prev_day and prev_gap is not None and _SHORT_GAP.match(prev_gap):
        return True
    if word in vocab.AMBIGUOUS_DAYS:
        # "We:" or "We" alone in a table cell, or "zon 12-17" in a row of days and times; never
        # "zijn we bereikbaar".
        in_row = (
            prv is not None
            and prv[2] in ("time", "bare", "closed")
            and prev_gap is not None
            and re.match(r"^[\s,;|]*$", prev_gap)
            and nxt is not None
            and nxt[2] in ("time", "bare", "closed")
            and next_gap is not None
            and re.match(r"^[ \t:]*$", next_gap)
        )
        return bool(in_row or re.match(r"[ \t]*(?::|\n|$)", text[tok[1] :]))
    return bool(
        nxt is not None
        and nxt[2] in ("time", "bare", "closed", "until", "from", "date", "holiday")
        and next_gap is not None
        and _SHORT_GAP.match(next_gap)
    )


def _bare_ok(tokens: list[Token], i: int, text: str) -> bool:
    """A bare range ('9-17', '09:00 17:00' in cells) is hours only right next to its days."""
    prv = tokens[i - 1] if i else None
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    gap = _gap(text, prv, tokens[i])
    start, end = tokens[i][3]
    after_gap = _gap(text, tokens[i], nxt)
    # A number right after a day but not as its hours ("ma-do € 10-15") belongs to that day.
    owned = prv is not None and prv[2] in ("day", "days") and gap is not None
    if (
        nxt
        and not owned
        and after_gap is not None
        and re.match(r"^[\s,(]*(?:op|on)?\s*$", after_gap, re.I)
    ):
        # "9-5 Monday to Friday", "9-17 op werkdagen"; never "5-7 werkdagen" (a count).
        named = nxt[2] == "day" or re.search(r"\b(?:op|on)\b", after_gap, re.I)
        if nxt[2] in ("day", "days") and named:
            return start >= 5 * 60 and end <= 24 * 60
    if prv is None or prv[2] not in ("day", "days") or gap is None:
        return False
    after = text[tokens[i][1] : tokens[i][1] + 20]
    # "ma 3-5 werkdagen", "za 2-4 personen": a count, not a time.
    next_day = _DAY.match(after.lstrip())
    if (
        re.match(r"\s*[^\W\d_]", after)
        and not (next_day and next_day["day"])
        and not re.match(
            r"\s*(?:en|and|op|on|uur|u\b|h\b|hrs?\b|(?:maan|dins|woens|donder|vrij|zater|zon)dag|"
            r"za|zo|sat|sun|gesloten|closed|"
            r"cet|cest|gmt|utc|bst|local|lokaal|(?:ned|nl|nederlandse|belgische)\w*\s+tijd)\b",
            after,
            re.IGNORECASE,
        )
    ):
        return False
    return bool(re.match(r"^[\s:,|-]*$", gap)) and start >= 5 * 60 and end <= 24 * 60


def _read_tokens(clean: str) -> list[Token]:
    tokens = _tokens(clean)
    tokens = [
        t
        for i, t in enumerate(tokens)
        if not (t[2] == "day" and t[3][1] and not _short_day_ok(tokens, i, clean))
    ]
    out = []
    for i, t in enumerate(tokens):
        if t[2] == "bare":
            if not _bare_ok(tokens, i, clean):
                continue
            t = (t[0], t[1], "time", t[3])
        out.append(t)
    return out


# How far back headings and earlier sentences are read for what a time is about.
_TOPIC_REACH = 200


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence (or table line) around ``text[start:end]`` starts and ends."""
    low = max(0, start - _LINE_REACH)
    before = list(_SENTENCE_END.finditer(text, low, start))
    after = _SENTENCE_END.search(text, end, min(len(text), end + _LINE_REACH))
    return (before[-1].end() if before else low), (after.start() if after else end + _LINE_REACH)


_CLAUSE_MARK = prefilter.compile(r":\s|,\s|\||\(|\)|;")


def _clause(text: str, s_start: int, s_end: int, start: int, end: int) -> tuple[int, int]:
    """The part of a sentence between colons, commas and brackets that holds a time."""
    marks = list(_CLAUSE_MARK.finditer(text, s_start, start))
    after = _CLAUSE_MARK.search(text, end, s_end)
    if after and after.group().startswith(":"):
        # "Zaterdag 10-12 uur: kinderactiviteit": what follows the colon names the time.
        after = _CLAUSE_MARK.search(text, after.end(), s_end)
    return (marks[-1].end() if marks else s_start), (after.start() if after else s_end)


class _Topics:
    """The topic words of a text, found once: a page may hold thousands of times, and reading
    the words around each one afresh would cost time in proportion to both.

    Only the stretches of text around the given positions are searched.
    """

    PATTERNS = {
        "other": vocab.NOT_HOURS_CONTEXT,
        "schedule": vocab.SCHEDULE_CONTEXT,
        "service": vocab.SERVICE_SCHEDULE_CONTEXT,
    }

    def __init__(self, text: str, spots: list[tuple[int, int]]) -> None:
        self.found: dict[str, list[tuple[int, int]]] = {k: [] for k in self.PATTERNS}
        reach = _TOPIC_REACH + _LINE_REACH
        stretches: list[list[int]] = []
        for start, end in sorted(spots):
            low, high = max(0, start - reach), min(len(text), end + reach)
            if stretches and low <= stretches[-1][1]:
                stretches[-1][1] = max(stretches[-1][1], high)
            else:
                stretches.append([low, high])
        for low, high in stretches:
            for key, pattern in self.PATTERNS.items():
                self.found[key].extend(
                    (m.start(), m.end())
                    for m in pattern.finditer(text, low, high)
                    # "niet bereikbaar", "geen bezorging": the word is denied, not the topic.
                    if not _NEGATED.search(text[max(0, m.start() - 8) : m.start()])
                )
        self.starts = {k: [a for a, _b in v] for k, v in self.found.items()}

    def within(self, key: str, low: int, high: int) -> list[tuple[int, int]]:
        """The matches of ``key`` that lie within low..high."""
        i = bisect.bisect_left(self.starts[key], low)
        out = []
        while i < len(self.found[key]) and self.found[key][i][0] < high:
            if self.found[key][i][1] <= high:
                out.append(self.found[key][i])
            i += 1
        return out

    def last_end(self, key: str, low: int, high: int) -> int:
        """Where the last match of ``key`` within low..high ends (-1 if none)."""
        i = bisect.bisect_left(self.starts[key], high) - 1
        while i >= 0 and self.found[key][i][0] >= low:
            if self.found[key][i][1] <= high:
                return self.found[key][i][1]
            i -= 1
        return -1


def other_topic(text: str, start: int, end: int, topics: _Topics | None = None) -> bool:
    """Whether the time at ``text[start:end]`` is about something other than a weekly schedule
    of reaching the organisation: an event, a class, a delivery, a timetable, a system.

    Within its clause any such word decides unless a schedule word stands nearer. Otherwise a
    strong schedule word earlier in the sentence ("Klantenservice voor leveringen: ma-vr 8-18")
    makes it a schedule, and else the nearer of the last schedule word and the last such word
    before the time (a heading) decides.
    """
    topics = topics or _Topics(text, [(start, end)])
    s_start, s_end = _sentence(text, start, end)
    c_start, c_end = _clause(text, s_start, s_end, start, end)
    other = topics.within("other", c_start, c_end)
    if other:
        near_other = min(abs(a - start) for a, _b in other)
        sched = topics.within("schedule", c_start, c_end)
        return not sched or min(abs(a - start) for a, _b in sched) > near_other
    if topics.last_end("service", s_start, c_start) >= 0:
        return False
    low = max(0, start - _TOPIC_REACH)
    return topics.last_end("other", low, start) > topics.last_end("schedule", low, start)


_ANY_TIME = prefilter.compile(
    r"\d\s*(?:[:.]\s*\d\d|uur|u\b|h\b|am\b|pm\b|a\.m|p\.m|/\s*7|u\d\d|h\d\d|-\s*\d|"
    r"(?:tot|to|till|until|and|en)\s+(?:half\s+)?\d)",
    re.I,
)


def parse_text(text: str) -> Hours:
    """Opening hours in a text, per day where days are named."""
    hours = Hours()
    clean = _DASH.sub("-", _SPACES.sub(" ", text))
    if not _ANY_TIME.search(clean) and not vocab.ROUND_THE_CLOCK.search(clean):
        return hours  # no time of day anywhere: nothing to read
    if _says_round_the_clock(clean):
        hours.round_the_clock = True
    _HoursReader(hours, clean, _read_tokens(clean)).read()
    for day in hours.closed & set(hours.days):
        hours.closed.discard(day)
    _merge_overlaps(hours)
    for day in [d for d, spans in hours.days.items() if not spans]:
        del hours.days[day]
    return hours


_QUOTED = prefilter.compile(r"^\s*[\"“”„‘’'«»]")


def _says_round_the_clock(clean: str) -> bool:
    for m in vocab.ROUND_THE_CLOCK.finditer(clean):
        line = _line(clean, m.start(), m.end())
        if _QUOTED.match(line):
            continue  # a customer's words in a testimonial, not the organisation's hours
        # "Bestel 24/7 online", "24/7 monitoring" are about a product, not about reaching anyone.
        if vocab.HOURS_CONTEXT.search(line) and not vocab.NOT_REACHABLE_24_7.search(line):
            return True
    return False


def _cut(spans: list[tuple[int, int]], low: int, high: int) -> list[tuple[int, int]]:
    """The spans without the minutes from low to high (a break, a closed afternoon)."""
    out = []
    for a, b in spans:
        for x, y in ((a, min(b, low)), (max(a, high), b)):
            if x < y:
                out.append((x, y))
    return out


# The part of a day "'s middags gesloten" and the like take away.
_PART_CLOSED = {"pm": (12 * 60, 24 * 60), "am": (0, 12 * 60), "eve": (18 * 60, 24 * 60)}

_CLOSED_BEFORE_DAYS = prefilter.compile(
    r"^[\s:,]*(?:(?:op|on|every|elke|iedere|alle|de|het|en|and|,|in|the)\s*)*$", re.IGNORECASE
)


class _HoursReader:
    """Reads the day, time and closed tokens in order into ``hours``.

    A time belongs to the days named just before it (or, for "9-17 uur op werkdagen", just after
    it); a time no day claims is kept as unspecified. Times about something else (an event, a
    class, a delivery) and times on a calendar date ("zaterdag 7 maart") are not read.
    """

    def __init__(self, hours: Hours, clean: str, tokens: list[Token]) -> None:
        self.hours = hours
        self.clean = clean
        self.tokens = tokens
        self.topics = _Topics(clean, [(t[0], t[1]) for t in tokens if t[2] not in ("day", "days")])
        self.current: set[str] = set()
        self.current_end = -1000
        self.current_start = 0
        self.current_part = ""
        self.last_span: tuple[int, int] | None = None
        self.statement = 0  # which day-statement each span came from
        self.origin: dict[tuple[str, tuple[int, int]], int] = {}
        self.last_kind = ""
        self.dated_until = -1  # times before this position are on a calendar date
        self.pending_closed = -1000  # "gesloten op zondag": the days come after the word
        self.pending_except = False  # … or "behalve op woensdag(middag)"
        self.after_time: tuple[set[str], list[tuple[int, int]], int] | None = None
        # Times in a row no day claimed yet: "van 9 tot 12 en van 13 tot 17 uur op werkdagen".
        self.loose: list[tuple[tuple[int, int], int]] = []
        # "Op maandag tot 21 uur. Verder werkdagen 9-17 uur": applied when all is read.
        self.deferred: list[tuple[str, str, int, tuple[int, int] | None]] = []
        self.end_before_days: tuple[str, int, int] | None = None

    def read(self) -> None:
        i = 0
        while i < len(self.tokens):
            start, end, kind, value = self.tokens[i]
            if kind in ("day", "days"):
                i = self._days(i)
            elif kind == "time":
                self._time(start, end, value)
            elif kind == "closed":
                self._closed(start, end, value)
            elif kind in ("until", "from"):
                self._one_end(start, end, kind, value)
            elif kind == "break":
                self._break(start, end, value)
            elif kind == "except":
                self.pending_closed, self.pending_except = end, True
                self.last_kind = "closed"
            elif kind == "holiday":
                self._holiday(start, end)
            elif kind == "date":
                self._date(start, end)
            i += 1
        for day, kind, minutes, fallback in self.deferred:
            spans = self.hours.days.get(day) or ([fallback] if fallback else [])
            self._apply_end(day, kind, minutes, spans)

    def _days(self, i: int) -> int:
        """Read the days at token i; return the index of the last token read."""
        start = self.tokens[i][0]
        days, end, i = self._day_range(i)
        single = self.tokens[i][2] == "day" and self.tokens[i][0] == start
        self.dated_until = -1
        joined = self.last_kind in ("day", "days") and _CONNECT_LIST.match(
            self.clean[self.current_end : start]
        )
        excepted = self.pending_except and bool(self.current)
        if self._closed_before(start, end, days, self.tokens[i][3][2] if single else "") and (
            excepted
        ):
            # "Elke dag behalve zondag 9-18 uur": the statement goes on without those days.
            self.current = self.current - days
            self.current_end = end
            self.last_kind = "days"
            return i
        if self._end_after(start, days):
            return i
        if (
            not joined
            and self.last_kind == "time"
            and self.loose
            and start - self.loose[-1][1] <= (60 if self._in_brackets(start, end) else 20)
        ):
            self._days_after(days, end)
            return i
        self.loose = []
        if not joined:
            self.current_start = start
            self.statement += 1
        self.current = self.current | days if joined else days
        self.current_end = end
        self.current_part = self.tokens[i][3][2] if single and not joined else ""
        self.last_kind = "days"
        return i

    def _in_brackets(self, start: int, end: int) -> bool:
        """'… en van 13 tot 17 uur voor overige vragen (ma-vr)': days that close a sentence."""
        return self.clean[max(0, start - 2) : start].strip().endswith("(") and (
            self.clean[end : end + 2].strip().startswith(")")
        )

    def _end_after(self, start: int, days: set[str]) -> bool:
        """'Until 8pm on Thursdays': a closing time written before its days."""
        pending, self.end_before_days = self.end_before_days, None
        if pending is None or start - pending[2] > 12:
            return False
        if not re.match(
            r"^[\s,]*(?:op|on|every|elke|iedere|de|the)?\s*$", self.clean[pending[2] : start]
        ):
            return False
        self._end_for(days, pending[0], pending[1])
        self.last_kind = "time"
        return True

    def _days_after(self, days: set[str], end: int) -> None:
        """'Van 9.00 tot 17.00 uur op werkdagen': the days come after the times."""
        spans = [span for span, _end in self.loose]
        for span in spans:
            if span in self.hours.unspecified:
                self.hours.unspecified.remove(span)
            for day in days:
                self.hours.days.setdefault(day, []).append(span)
        self._note_text(max(0, self.loose[0][1] - 20), end)
        self.after_time = (days, spans, end)
        self.last_span = spans[-1]
        self.loose = []
        self.last_kind = "closed"  # the next days start afresh

    def _closed_before(self, start: int, end: int, days: set[str], part: str) -> bool:
        """'Gesloten op zaterdag en zondag', 'closed on Sundays', 'behalve op woensdag': the
        word before the days. Returns whether it took these days."""
        gap = self.clean[max(0, self.pending_closed) : start]
        if not (0 <= start - self.pending_closed <= 20 and _CLOSED_BEFORE_DAYS.match(gap)):
            self.pending_except = False
            return False
        self.pending_closed = end
        if part in _PART_CLOSED:
            self._cut_days(days, *_PART_CLOSED[part])
            return True
        self.hours.closed |= days
        if self.pending_except:
            for day in days:
                self.hours.days.pop(day, None)
        return True

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

    def _skip(self, start: int, end: int) -> bool:
        """Whether the token at start..end is on a calendar date or about something else."""
        return start < self.dated_until or other_topic(self.clean, start, end, self.topics)

    def _time(self, start: int, end: int, value: tuple[int, int]) -> None:
        if self._skip(start, end):
            self.last_kind = "skipped"
            return
        context = self.clean[max(0, start - 250) : end + 60]
        attached = bool(self.current) and start - self.current_end <= 120
        # Times next to named days read as hours by themselves; bare times need a hint.
        if not attached:
            near = self.loose and start - self.loose[-1][1] <= 40
            self.loose = [*self.loose, (value, end)] if near else [(value, end)]
        if attached or vocab.HOURS_CONTEXT.search(context):
            self._note_text(self.current_start if attached else start, end)
            if attached:
                self._attach(value)
                self.last_span = value
            elif value not in self.hours.unspecified:
                self.hours.unspecified.append(value)
        self.current_end = end if self.current else self.current_end
        self.last_kind = "time"

    def _note_text(self, anchor: int, end: int) -> None:
        if not self.hours.text:
            self.hours.text = self.clean[max(0, anchor - 160) : end + 40]

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

    def _closed(self, start: int, end: int, part: str) -> None:
        if self._skip(start, end):
            self.last_kind = "closed"
            return
        near = bool(self.current) and start - self.current_end <= 60
        if part == "appointment":
            if near and self.last_kind == "days" and self.current_part in _PART_CLOSED:
                self._cut_days(self.current, *_PART_CLOSED[self.current_part])
        elif near and self.last_kind == "days":
            part = part or self.current_part
            if part in _PART_CLOSED:
                self._cut_days(self.current, *_PART_CLOSED[part])  # "woensdagmiddag gesloten"
            elif not part:
                self.hours.closed |= self.current
        elif not part:
            self.pending_closed = end
        self.last_kind = "closed"

    def _cut_days(self, days: set[str], low: int, high: int) -> None:
        for day in days:
            if self.hours.days.get(day):
                self.hours.days[day] = _cut(self.hours.days[day], low, high)

    def _one_end(self, start: int, end: int, kind: str, minutes: int) -> None:
        """'Donderdag tot 20.00 uur', 'vrijdag tot 16 uur', 'zaterdag vanaf 10 uur': one day
        closes later, earlier or opens later than the week's hours read before."""
        if self._skip(start, end):
            return
        if self.last_kind != "days" or not self.current or start - self.current_end > 30:
            # "… en tot 21 uur op donderdag": the day may follow.
            self.end_before_days = (kind, minutes, end)
            return
        self._end_for(self.current, kind, minutes)
        self._note_text(self.current_start, end)
        self.current_end = end
        self.last_kind = "time"

    def _end_for(self, days: set[str], kind: str, minutes: int) -> None:
        for day in days:
            if self.hours.days.get(day):
                self._apply_end(day, kind, minutes, self.hours.days[day])
            else:
                self.deferred.append((day, kind, minutes, self.last_span))

    def _apply_end(self, day: str, kind: str, minutes: int, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        if kind == "until":
            spans = [s for s in spans if s[0] < minutes]
            if spans:
                spans[-1] = (spans[-1][0], minutes)
        else:
            spans = [s for s in spans if s[1] > minutes]
            if spans:
                spans[0] = (minutes, spans[0][1])
        if spans:
            self.hours.days[day] = spans
            self.origin.update({(day, s): self.statement for s in spans})

    def _break(self, start: int, end: int, span: tuple[int, int]) -> None:
        """'Lunchpauze 12.00-13.00 uur': the break splits the days it is written with, or all
        the days read so far."""
        if self._skip(start, end):
            return
        # Written in the days' own sentence it is theirs; on a line of its own, every day's.
        near = (
            bool(self.current)
            and start - self.current_end <= 80
            and not _SENTENCE_END.search(self.clean, self.current_end, start)
        )
        self._cut_days(self.current if near else set(self.hours.days), *span)
        if not self.hours.days and self.hours.unspecified:
            self.hours.unspecified = _cut(self.hours.unspecified, *span)
        if near:
            self.current_end = end
        self.last_kind = "break"

    def _holiday(self, start: int, end: int) -> None:
        """'Zon- en feestdagen gesloten' joins the days; 'op feestdagen gesloten' names none."""
        if self.last_kind in ("day", "days") and _CONNECT_LIST.match(
            self.clean[self.current_end : start]
        ):
            self.current_end = end
            return
        self.current = set()
        self.last_kind = "holiday"

    def _date(self, start: int, end: int) -> None:
        """A calendar date: hours on it are an event or an exception, not the weekly schedule.

        A date that starts a period ("vanaf 1 maart", "m.i.v. 1 juli") says from when the hours
        after it hold and leaves them be.
        """
        self.current = set()
        self.last_kind = "date"
        if _VALIDITY.search(self.clean[max(0, start - 40) : start]):
            return
        if self.after_time and 0 <= start - self.after_time[2] <= 6:
            # "van 10 tot 16 uur op zaterdag 7 maart": the span went to the date's day.
            days, spans, _end = self.after_time
            for day in days:
                for span in spans:
                    if span in self.hours.days.get(day, []):
                        self.hours.days[day].remove(span)
        line_end = self.clean.find("\n", end)
        line_end = len(self.clean) if line_end < 0 else line_end
        sentence_end = _SENTENCE_END.search(self.clean, end)
        stop = sentence_end.start() if sentence_end else len(self.clean)
        if not self.clean[end:line_end].strip(" \t:,)-"):
            # The date ends its line (a heading, a table cell): the next line is its hours.
            nxt = self.clean.find("\n", line_end + 1)
            stop = len(self.clean) if nxt < 0 else nxt
        self.dated_until = max(self.dated_until, min(stop, end + _LINE_REACH))


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
