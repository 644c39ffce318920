"""Opening hours as sites write them (Dutch, Flemish, English) and texts that only look like them.

The cases are data (tests/data/hours/phrasings.yml); each hours case states the exact week that
must be read, each not-hours case a text from which no opening hours may be read.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from goudenregels.words import vocab
from goudenregels.words.hours import parse_text
from tests.test_properties import props

DATA = yaml.safe_load(
    (Path(__file__).parent / "data" / "hours" / "phrasings.yml").read_text(encoding="utf-8")
)
SHORT = dict(zip(("ma", "di", "wo", "do", "vr", "za", "zo"), vocab.DAYS, strict=True))


def _days(spec: str) -> list[str]:
    """'ma-vr' → mon..fri, 'ma,wo' → mon, wed (a range never wraps in the test data)."""
    out: list[str] = []
    for part in spec.split(","):
        ends = [vocab.DAYS.index(SHORT[d]) for d in part.split("-")]
        out.extend(vocab.DAYS[ends[0] : ends[-1] + 1])
    return out


def expected_table(expect: str) -> dict[str, str]:
    """The as_table() dict the compact notation of phrasings.yml stands for."""
    if expect.strip() == "24/7":
        return {"dagelijks": "24 uur per dag"}
    per_day: dict[str, str] = {}
    unspecified = ""
    for part in filter(None, (p.strip() for p in expect.split(";"))):
        days, value = part.split(" ", 1)
        spans = (
            value
            if value == "gesloten"
            else ", ".join("–".join(s.strip().split("-")) for s in value.split(","))
        )
        if days == "?":
            unspecified = spans
            continue
        for day in _days(days):
            per_day[day] = spans
    table = {vocab.DAY_NAMES_NL[d]: per_day[d] for d in vocab.DAYS if d in per_day}
    if unspecified:
        table["dag niet genoemd"] = unspecified
    return table


def test_the_notation_of_the_data_is_read_as_meant() -> None:
    assert expected_table("ma-vr 09:00-17:00; do 09:00-20:00; zo gesloten") == {
        "maandag": "09:00–17:00",
        "dinsdag": "09:00–17:00",
        "woensdag": "09:00–17:00",
        "donderdag": "09:00–20:00",
        "vrijdag": "09:00–17:00",
        "zondag": "gesloten",
    }
    assert expected_table("? 09:00-12:00,13:00-17:00") == {
        "dag niet genoemd": "09:00–12:00, 13:00–17:00"
    }


def test_there_are_enough_cases() -> None:
    assert len(DATA["hours"]) >= 150
    assert len(DATA["not_hours"]) >= 50
    texts = [c["text"] for c in DATA["hours"] + DATA["not_hours"]]
    assert len(texts) == len(set(texts)), "a phrasing is listed twice"


@pytest.mark.parametrize("case", DATA["hours"], ids=lambda c: c["text"][:60])
def test_opening_hours_are_read_exactly(case: dict[str, Any]) -> None:
    assert parse_text(case["text"]).as_table() == expected_table(case["expect"])


@pytest.mark.parametrize("case", DATA["not_hours"], ids=lambda c: c["text"][:60])
def test_times_that_are_not_opening_hours_are_not_read(case: dict[str, Any]) -> None:
    assert parse_text(case["text"]).as_table() == {}


# -- robustness -------------------------------------------------------------------------------

HOURS_WORDS = st.sampled_from(
    [
        "ma", "vr", "we", "zo", "t/m", "tot", "van", "en", "-", "–", ":", "9", "17", "8u30",
        "12.00", "uur", "u", "half", "gesloten", "feestdagen", "7 maart", "werkdagen", "pauze",
        "Monday", "to", "5pm", "closed", "\n", "|", "yogales", "openingstijden", "24/7", "'s",
        "middags", "donderdagavond", "vanaf", "09:00", "zaterdag", "1e uur", "(", ")",
    ]
)  # fmt: skip
HOURS_TEXT = st.lists(st.one_of(HOURS_WORDS, st.text(max_size=6)), max_size=40).map(" ".join)


@props(300)
@given(HOURS_TEXT)
@example("ma-vr 9-17, do tot 20 uur, woensdagmiddag gesloten, lunchpauze 12-13 uur, zo gesloten")
@example("zaterdag 7 en zondag 8 maart van 11 tot 16 uur; van 9u tot 12u en van 13u30 tot 17u")
@example("gesloten op op op zondag en en maandag tot tot 9 uur vanaf vanaf")
def test_the_parser_never_fails_on_hours_like_text(text: str) -> None:
    hours = parse_text(text)
    assert not (hours.closed & set(hours.days))
    for spans in hours.days.values():
        assert spans and all(0 <= a < b <= 24 * 60 for a, b in spans)
    assert all(isinstance(v, str) for v in hours.as_table().values())


@pytest.mark.parametrize(
    "unit",
    [
        "ma-vr 9:00-17:00, do tot 20 uur. ",
        "zaterdag 7 maart 10-16 uur yogales. ",
        "9 " * 20,
        "maandag " * 10 + "\n",
        "1:1:1:1:1-" * 10,
        "van van van 9u 9u 9u tot tot " * 3,
        "we zo do ma " * 8,
    ],
)
def test_reading_time_grows_about_linearly(unit: str) -> None:
    """A page of thousands of such lines must not take quadratic (or worse) time."""

    def seconds(n: int) -> float:
        text = unit * n
        started = time.process_time()  # CPU time: a busy machine must not make it fail
        parse_text(text)
        return time.process_time() - started

    seconds(20)  # warm up compiled patterns
    small, large = seconds(100), seconds(800)
    assert large < 0.5 + small * 8 * 3, (small, large)
