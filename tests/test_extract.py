"""Table-driven tests for phone, e-mail and opening-hours extraction (data in tests/data/*.yml).

Each YAML case has a ``name`` (the test id) and may carry ``xfail: "<reason>"`` for a known bug
in the code; such a case is expected to fail (strict: it must start passing once fixed, and the
marker is then removed).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from goudenregels.crawl.extract import extract
from goudenregels.words.hours import parse_jsonld, parse_text

DATA = Path(__file__).parent / "data"
URL = "https://www.bedrijf.nl/contact"

PHONE_KINDS = {
    "toll_free",
    "premium",
    "paid_08x",
    "national",
    "company",
    "municipal",
    "geographic",
    "mobile",
    "voip",
    "international",
    "other",
    "fax",
}
PHONE_SOURCES = {"text", "tel", "hidden", "image", "jsonld", "link"}
EMAIL_SOURCES = {"text", "mailto", "hidden", "jsonld"}


def _cases(filename: str, required: tuple[str, ...]) -> list[Any]:
    """The cases of one data file as pytest params, id = name, xfail honoured."""
    cases = yaml.safe_load((DATA / filename).read_text(encoding="utf-8"))
    params = []
    seen: set[str] = set()
    for case in cases:
        name = case["name"]
        if name in seen:
            raise ValueError(f"{filename}: duplicate case name {name!r}")
        seen.add(name)
        missing = [key for key in required if key not in case]
        if missing:
            raise ValueError(f"{filename}: case {name!r} lacks {missing}")
        marks = []
        if case.get("xfail"):
            marks.append(pytest.mark.xfail(reason=case["xfail"], strict=True))
        params.append(pytest.param(case, id=name, marks=marks))
    return params


def _hours_cases() -> list[Any]:
    params = _cases("hours.yml", ("table",))
    for param in params:
        case = param.values[0]
        if ("text" in case) == ("jsonld" in case):
            raise ValueError(f"hours.yml: case {case['name']!r} needs exactly one of text, jsonld")
    return params


@pytest.mark.parametrize("case", _cases("phones.yml", ("html", "phones")))
def test_phones(case: dict[str, Any]) -> None:
    expected = {(p["e164"], p["kind"], p["source"]) for p in case["phones"]}
    assert {kind for _, kind, _ in expected} <= PHONE_KINDS
    assert {source for _, _, source in expected} <= PHONE_SOURCES
    page = extract(case["html"], case.get("url", URL), country=case.get("hint", ""))
    found = {(p.e164, p.kind, p.source) for p in page.phones}
    assert found == expected, [(p.raw, p.e164, p.kind, p.source) for p in page.phones]
    if "country" in case:
        assert page.country == case["country"]
    for p in case["phones"]:
        if "purpose" in p:
            [phone] = [x for x in page.phones if x.e164 == p["e164"] and x.source == p["source"]]
            assert phone.purpose == p["purpose"]


@pytest.mark.parametrize("case", _cases("emails.yml", ("html", "emails")))
def test_emails(case: dict[str, Any]) -> None:
    expected = {(e["address"], e["source"]) for e in case["emails"]}
    assert {source for _, source in expected} <= EMAIL_SOURCES
    page = extract(case["html"], URL)
    found = {(e.address, e.source) for e in page.emails}
    assert found == expected


@pytest.mark.parametrize("case", _hours_cases())
def test_hours(case: dict[str, Any]) -> None:
    hours = parse_text(case["text"]) if "text" in case else parse_jsonld(case["jsonld"])
    assert hours.as_table() == case["table"]


@pytest.mark.parametrize(
    ("html", "vendors"),
    [
        # HubSpot's tracking code is on many sites without a chat: no chat widget.
        ('<script src="//js-eu1.hs-scripts.com/143690732.js"></script><p>Welkom</p>', set()),
        ('<div id="hubspot-messages-iframe-container"><iframe></iframe></div>', {"HubSpot"}),
        ('<script src="https://js.usemessages.com/conversations-embed.js"></script>', {"HubSpot"}),
        ('<script src="https://embed.tawk.to/abc/default"></script>', {"Tawk.to"}),
        # A site's own section about door intercoms is not the Intercom chat.
        ('<div class="nrt-intercom-container"><h2>Intercom installatie</h2></div>', set()),
        ('<div id="intercom-container"><iframe></iframe></div>', {"Intercom"}),
    ],
)
def test_chat_widgets(html: str, vendors: set[str]) -> None:
    page = extract(html, URL)
    assert {w.vendor for w in page.widgets if w.kind == "chat"} == vendors


@pytest.mark.parametrize(
    ("html", "lines"),
    [
        # A line break in the source is a space on screen: one sentence, one line.
        (
            "<p>Je krijgt meteen iemand\n   aan de lijn die je verder helpt.</p>",
            ["Je krijgt meteen iemand aan de lijn die je verder helpt."],
        ),
        ("<p>Maandag\r\n09:00 - 17:00</p>", ["Maandag 09:00 - 17:00"]),
        # <br> is a line break on screen, and so is a new block.
        ("<p>Maandag 9-17<br>Dinsdag 9-17</p>", ["Maandag 9-17", "Dinsdag 9-17"]),
        ("<div>Bel ons</div><div>020 123 45 67</div>", ["Bel ons", "020 123 45 67"]),
        # Preformatted text keeps its lines, as the browser shows them.
        ("<pre>ma 9-17\ndi 9-17</pre>", ["ma 9-17", "di 9-17"]),
    ],
)
def test_text_lines_as_shown(html: str, lines: list[str]) -> None:
    page = extract(f"<html><body>{html}</body></html>", URL)
    assert [line.strip() for line in page.text.split("\n") if line.strip()] == lines
