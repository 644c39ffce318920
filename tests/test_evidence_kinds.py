"""Quotes from the site are drawn as quotes and only they: the tool's own words (a note, a label,
a note after a quote) are never inside the quotation marks, in any reporter."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup

from goudenregels.model import NOTE, QUOTE, Evidence
from goudenregels.reports.html_report import environment

QUOTE_EV = Evidence(
    url="https://www.example.nl/contact",
    text="Bel 0900-1234567 (€ 0,45 per gesprek)",
    kind=QUOTE,
    label="betaald informatienummer (090x)",
    note="na een klik getoond",
)
NOTE_EV = Evidence(url="https://www.example.nl/", text="geen klachtinformatie")


def _drawn(ev: Evidence) -> BeautifulSoup:
    macro = environment("nl").get_template("_macros.html.j2").module.evidence_said
    return BeautifulSoup(str(macro(ev)), "html.parser")


def test_a_quote_holds_only_the_sites_words() -> None:
    drawn = _drawn(QUOTE_EV)
    quotes = drawn.select("q.site-quote")
    assert [q.get_text() for q in quotes] == [QUOTE_EV.text]
    assert drawn.select_one(".ev-label").get_text() == "betaald informatienummer (090x):"
    assert drawn.select_one(".ev-note").get_text() == "(na een klik getoond)"


def test_the_tools_note_is_never_drawn_as_a_quote() -> None:
    drawn = _drawn(NOTE_EV)
    assert drawn.select("q, blockquote, .site-quote") == []
    assert drawn.select_one(".tool-note").get_text() == "geen klachtinformatie"


def test_plain_text_puts_quotation_marks_around_quotes_only() -> None:
    assert QUOTE_EV.plain() == (
        "betaald informatienummer (090x): “Bel 0900-1234567 (€ 0,45 per gesprek)” "
        "(na een klik getoond)"
    )
    assert NOTE_EV.plain() == "geen klachtinformatie"
    assert "“" not in NOTE_EV.plain()
    cut = Evidence(text="woord " * 100, kind=QUOTE).plain(40)
    assert cut.startswith("“") and cut.endswith("…”") and len(cut) < 50


def test_the_kind_is_carried_in_the_json() -> None:
    data = json.loads(json.dumps(QUOTE_EV.to_dict()))
    assert (data["kind"], data["label"], data["note"]) == (QUOTE, QUOTE_EV.label, QUOTE_EV.note)
    assert NOTE_EV.to_dict()["kind"] == NOTE
    with pytest.raises(ValueError, match="evidence kind"):
        Evidence(text="x", kind="citation")


def test_the_demo_reports_quotes_are_the_sites_and_its_notes_are_plain(audited) -> None:
    """In the demo site's HTML report every quote is a site-quote element whose text is one of
    the JSON's quotes, and every note of the JSON stands in plain type."""
    result, out = audited("demo")
    html = (out / "goudenregels.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    drawn_quotes = {" ".join(q.get_text().split()) for q in soup.select("q.site-quote")}
    evidence = [e for f in result["findings"] for e in f["evidence"]]
    json_quotes = {" ".join(e["text"].split()) for e in evidence if e["kind"] == QUOTE}
    assert drawn_quotes and drawn_quotes <= json_quotes
    notes = {e["text"] for e in evidence if e["kind"] == NOTE and e["text"]}
    assert notes and not notes & drawn_quotes
    plain = {" ".join(n.get_text().split()) for n in soup.select(".tool-note")}
    assert {" ".join(n.split()) for n in notes} & plain
    assert not re.search(r"<q[^>]*>\s*(geen|no) ", html)
