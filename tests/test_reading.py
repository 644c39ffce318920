"""How a page is read (docs/how-it-reads.md): text hidden on load, script-built forms, list
options, microdata and RDFa, and older snapshots read under the same policy."""

from __future__ import annotations

from goudenregels.crawl.extract import extract
from goudenregels.snapshot import Page

URL = "https://www.bedrijf.nl/contact"


def _script_forms(html: str):
    return [f for f in extract(html, URL).forms if f.kind == "script"]


def test_an_older_snapshot_reads_its_hidden_text_as_published() -> None:
    old = {"url": URL, "text": "Welkom", "hidden_text": "Bel 020 123 4567"}
    page = Page.from_dict(old)
    assert page.text == "Welkom\nBel 020 123 4567" and page.hidden_text == "Bel 020 123 4567"
    again = Page.from_dict(page.to_dict())
    assert again.text == page.text  # read once: a new snapshot is not merged twice


def test_fields_a_newer_version_adds_are_ignored_when_loading() -> None:
    data = extract("<form><select name='s'><option>Klacht</option></select></form>", URL)
    raw = data.to_dict()
    raw["future"] = 1
    raw["forms"][0]["future"] = 2
    raw["forms"][0]["fields"][0]["future"] = 3
    raw["phones"] = [{"raw": "x", "e164": "+31", "national": "x", "kind": "k", "source": "text",
                      "future": 4}]  # fmt: skip
    page = Page.from_dict(raw)
    assert page.forms[0].fields[0].options == ["Klacht"]


def test_hidden_text_is_in_the_text_in_document_order() -> None:
    page = extract(
        "<p>Eerst</p><details><summary>Open</summary><p>Verborgen</p></details><p>Daarna</p>", URL
    )
    assert page.text.split("\n") == ["Eerst", "Open", "Verborgen", "Daarna"]
    assert page.hidden_text == "Verborgen"


def test_a_page_with_all_its_text_hidden_gets_a_note() -> None:
    html = '<div style="opacity:0"><p>Wij zijn bereikbaar op werkdagen via de telefoon.</p></div>'
    assert any("hidden on load" in n for n in extract(html, URL).notes)
    assert not extract("<p>Kort</p><div hidden>Meer tekst die verborgen is</div>", URL).notes


def test_script_fields_are_grouped_by_the_container_with_their_button() -> None:
    forms = _script_forms(
        '<header><div class="zoek"><input name="q"><button>Zoek</button></div></header>'
        '<main><div class="contact"><div><input name="naam"></div><div><textarea name="vraag">'
        "</textarea></div><div><button>Verstuur</button></div></div></main>"
    )
    assert [(f.submit, [x.name for x in f.fields]) for f in forms] == [
        ("Zoek", ["q"]),
        ("Verstuur", ["naam", "vraag"]),
    ]


def test_check_boxes_with_a_button_are_settings_not_a_form() -> None:
    forms = _script_forms(
        '<div class="cookie-instellingen"><label><input type="checkbox"> Analytisch</label>'
        "<label><input type=checkbox> Marketing</label><button>Opslaan</button></div>"
    )
    assert forms == []


def test_loose_fields_without_a_button_form_one_group_only_with_a_text_area() -> None:
    assert _script_forms("<input name='a'><input name='b'>") == []
    (form,) = _script_forms("<input name='a'><textarea name='b'></textarea>")
    assert [f.name for f in form.fields] == ["a", "b"] and form.submit == ""


def test_fields_in_a_form_element_are_not_counted_twice() -> None:
    page = extract("<form><input name='a'><textarea name='b'></textarea><button>Stuur</button>"
                   "</form>", URL)  # fmt: skip
    assert [f.kind for f in page.forms] == ["form"]


def test_clickable_element_marked_by_the_browser_is_the_submit_button() -> None:
    (form,) = _script_forms(
        "<div><input name='email'><textarea name='m'></textarea>"
        "<div data-gr-clickable='1'>Verstuur bericht</div></div>"
    )
    assert form.submit == "Verstuur bericht"


def test_select_options_are_stored_and_kept_out_of_the_label() -> None:
    page = extract(
        "<form><label>Onderwerp <select name='o'><option value=''>Kies</option>"
        "<option>Retour</option><option>Klacht</option><option>Klacht</option></select></label>"
        "</form>",
        URL,
    )
    field = page.forms[0].fields[0]
    assert field.label == "Onderwerp"
    assert field.options == ["Kies", "Retour", "Klacht"]
    assert "Retour / Klacht" in page.forms[0].text


def test_a_restyled_check_box_is_still_a_hidden_field() -> None:
    page = extract("<form><input type=checkbox class='sr-only' name='nb' checked></form>", URL)
    assert page.forms[0].fields[0].visible is False


def test_microdata_and_rdfa_join_the_json_ld() -> None:
    page = extract(
        '<script type="application/ld+json">{"@type": "Organization", "name": "A"}</script>'
        '<div itemscope itemtype="http://schema.org/LocalBusiness">'
        '<meta itemprop="telephone" content="+31 20 123 4567">'
        '<div itemprop="address" itemscope itemtype="http://schema.org/PostalAddress">'
        '<span itemprop="postalCode">1234 AB</span></div></div>'
        '<p vocab="http://schema.org/" typeof="Organization"><span property="email">'
        "info@bedrijf.nl</span></p>",
        URL,
    )
    types = [d.get("@type") for d in page.jsonld]
    assert types == ["Organization", "LocalBusiness", "Organization"]
    assert page.jsonld[1]["address"] == {"@type": "PostalAddress", "postalCode": "1234 AB"}
    assert {(p.e164, p.source) for p in page.phones} == {("+31201234567", "jsonld")}
    assert "info@bedrijf.nl" in {e.address for e in page.emails}


def test_open_graph_alone_does_not_start_the_rdfa_reader() -> None:
    page = extract('<head><meta property="og:title" content="Welkom"></head><p>x</p>', URL)
    assert page.jsonld == []


def test_an_xml_declaration_does_not_stop_the_microdata_reader() -> None:
    page = extract(
        '<?xml version="1.0" encoding="iso-8859-1"?><html><body>'
        '<div itemscope itemtype="https://schema.org/Organization">'
        '<meta itemprop="email" content="post@bedrijf.nl"></div></body></html>',
        URL,
    )
    assert [e.address for e in page.emails] == ["post@bedrijf.nl"]
