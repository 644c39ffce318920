"""Reading stated durations: '5 werkdagen', 'twee weken', '48 uur', 'dezelfde dag', 'direct'."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from goudenregels.words import prefilter

NUMBER_WORDS = {
    "een": 1, "één": 1, "eén": 1, "1": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6,
    "zeven": 7, "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13,
    "veertien": 14, "vijftien": 15, "twintig": 20, "dertig": 30, "veertig": 40, "zestig": 60,
    "achtenveertig": 48, "vierentwintig": 24, "tweeënzeventig": 72, "tweeenzeventig": 72,
    "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30,
    "half": 0.5,
}  # fmt: skip

UNITS = {
    "minuut": "minutes", "minuten": "minutes", "min": "minutes", "minute": "minutes",
    "minutes": "minutes", "seconden": "seconds", "seconde": "seconds", "seconds": "seconds",
    "sec": "seconds",
    "uur": "hours", "uren": "hours", "hour": "hours", "hours": "hours", "u": "hours",
    "werkdag": "workdays", "werkdagen": "workdays", "werkdag(en)": "workdays",
    "business day": "workdays", "business days": "workdays", "working day": "workdays",
    "working days": "workdays", "kantoordagen": "workdays", "kantoordag": "workdays",
    "dag": "days", "dagen": "days", "day": "days", "days": "days", "kalenderdagen": "days",
    "week": "weeks", "weken": "weeks", "weeks": "weeks",
    "maand": "months", "maanden": "months", "month": "months", "months": "months",
}  # fmt: skip

# Approximate length of each unit in hours of elapsed time (a working day counts as one day).
HOURS_PER_UNIT = {
    "seconds": 1 / 3600,
    "minutes": 1 / 60,
    "hours": 1,
    "days": 24,
    "workdays": 24,
    "weeks": 24 * 7,
    "months": 24 * 30,
}
# Working days each unit stands for, for norms stated in working days. Hours are elapsed time
# ("binnen 24 uur" is about a day); a calendar day is counted as a working day.
WORKDAYS_PER_UNIT = {
    "seconds": 0,
    "minutes": 0,
    "hours": 1 / 24,
    "days": 1,
    "workdays": 1,
    "weeks": 5,
    "months": 21,
}
SAME_DAY = 0.5  # "dezelfde werkdag": faster than "binnen één werkdag", which may be tomorrow

_NUM = (
    r"(\d+(?:[.,]\d+)?|"
    + "|".join(sorted(map(re.escape, NUMBER_WORDS), key=len, reverse=True))
    + r")"
)
_UNIT = r"(" + "|".join(sorted(map(re.escape, UNITS), key=len, reverse=True)) + r")"
_AMOUNT = prefilter.compile(
    rf"(?<![\w-]){_NUM}(?:\s*(?:à|a|tot|-|–|of|or|to)\s*{_NUM})?\s*{_UNIT}(?![\w])",
    re.IGNORECASE,
)
# "Direct contact" is contact without a go-between, not a time.
_IMMEDIATE = prefilter.compile(
    r"\b(direct(?!\s+contact\b)|meteen|onmiddellijk|gelijk|real-?time|immediately|instantly|right away|"
    r"binnen enkele (minuten|seconden))\b",
    re.IGNORECASE,
)
_SAME_DAY = prefilter.compile(
    r"\b(dezelfde (werk)?dag|zelfde (werk)?dag|nog vandaag|same (business |working )?day|"
    r"vandaag nog|op de dag zelf)\b",
    re.IGNORECASE,
)
_NEXT_DAY = prefilter.compile(
    r"\b(de volgende (werk)?dag|(de )?eerstvolgende werkdag|next (business |working )?day|"
    r"morgen)\b",
    re.IGNORECASE,
)


@dataclass
class Duration:
    value: float
    unit: str  # seconds, minutes, hours, days, workdays, weeks, months
    text: str

    def hours(self) -> float:
        return self.value * HOURS_PER_UNIT[self.unit]

    def workdays(self) -> float:
        return self.value * WORKDAYS_PER_UNIT[self.unit]

    def describe(self) -> str:
        value = int(self.value) if float(self.value).is_integer() else self.value
        return f"{value} {self.unit}"


def _number(token: str) -> float | None:
    token = token.lower()
    if token in NUMBER_WORDS:
        return float(NUMBER_WORDS[token])
    try:
        value = float(token.replace(",", "."))
    except ValueError:
        return None
    # A digit string too long for a float ("binnen 999…9 seconden") is no stated duration.
    return value if math.isfinite(value) else None


def find_durations(text: str) -> list[Duration]:
    """Every stated duration in a text, in order; a range ('3 à 5 werkdagen') counts as its top."""
    out: list[tuple[int, Duration]] = []
    for m in _AMOUNT.finditer(text):
        low, high, unit_word = m.group(1), m.group(2), m.group(3)
        value = _number(high or low)
        unit = UNITS.get(unit_word.lower())
        if value is None or unit is None:
            continue
        if unit_word.lower() == "u" and not re.match(r"\d", low):
            continue  # "een u" is not an hour
        if unit_word.lower() in ("a", "an"):
            continue
        out.append((m.start(), Duration(value, unit, m.group(0).strip())))
    for pattern, value, unit in ((_IMMEDIATE, 0.0, "minutes"), (_SAME_DAY, SAME_DAY, "workdays")):
        for m in pattern.finditer(text):
            if not any(abs(pos - m.start()) < 3 for pos, _ in out):
                out.append((m.start(), Duration(value, unit, m.group(0))))
    for m in _NEXT_DAY.finditer(text):
        out.append((m.start(), Duration(1.0, "workdays", m.group(0))))
    return [d for _, d in sorted(out, key=lambda item: item[0])]


def first_duration(text: str) -> Duration | None:
    found = find_durations(text)
    return found[0] if found else None
