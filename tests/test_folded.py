"""End to end: contact details folded away on load, a script-built form and microdata, read in a
real browser (tests/sites/folded) under the one policy of docs/how-it-reads.md."""

from __future__ import annotations

import pytest

from goudenregels.snapshot import Snapshot


def _finding(result: dict, code: str) -> dict:
    return next(f for f in result["findings"] if f["code"] == code)


@pytest.fixture(scope="module")
def folded(audited):
    result, out = audited("folded")
    snap = Snapshot.load(out / "snapshot")
    pages = {p.address.rsplit("/", 1)[-1] or "index.html": p for p in snap.pages}
    return result, pages


def test_details_in_a_slide_in_panel_count_with_a_note(folded) -> None:
    result, pages = folded
    home = pages["index.html"]
    sources = {p.e164: p.source for p in home.phones}
    assert sources.get("+31302345678") == "hidden"  # the panel is hidden by the stylesheet
    gr101, gr103 = _finding(result, "GR101"), _finding(result, "GR103")
    assert gr101["status"] == "pass" and gr101["data"]["depth"] == 0
    # The site's words are the quote; "shown after a click" is the tool's note beside it.
    assert any(
        "030 234 56 78" in e["text"] and "na een klik" in e["note"] and e["kind"] == "quote"
        for e in gr101["evidence"]
    )
    assert gr103["status"] == "pass" and gr103["data"]["address"] == "hallo@delinde.example"
    assert any("na een klik" in e["note"] for e in gr103["evidence"])


def test_screen_reader_text_is_read_as_shown_and_print_copies_are_left_out(folded) -> None:
    _, pages = folded
    home = pages["index.html"]
    assert "Telefoon voor schermlezers" in home.text
    assert "Telefoon voor schermlezers" not in home.hidden_text
    assert "030 999 88 77" not in home.text  # shown only when printed
    assert "Lindelaan 4" in home.hidden_text  # a collapsed footer panel: hidden on load


def test_microdata_hours_are_read(folded) -> None:
    result, pages = folded
    assert any(item.get("openingHours") for item in pages["index.html"].jsonld)
    gr104 = _finding(result, "GR104")
    assert gr104["status"] == "pass"
    assert any(row["hours"].get("zaterdag") == "09:00–18:00" for row in gr104["data"]["hours"])


def test_script_built_form_with_a_complaint_subject(folded) -> None:
    result, pages = folded
    forms = [f for f in pages["service.html"].forms if f.kind == "script"]
    assert len(forms) == 1
    form = forms[0]
    assert form.submit == "Versturen"  # a <div> button, marked clickable by the browser
    assert any("Klacht" in field.options for field in form.fields)
    assert any(field.tag == "textarea" for field in form.fields)
    assert _finding(result, "GR501")["status"] == "pass"
    assert _finding(result, "GR502")["status"] == "pass"


def test_a_page_hidden_by_a_failed_stylesheet_is_read_as_published(folded) -> None:
    _, pages = folded
    page = pages["storing.html"]
    assert any("hidden on load" in note for note in page.notes)
    assert "bestellen@delinde.example" in {e.address for e in page.emails}
    assert "bestellen@delinde.example" in page.text
