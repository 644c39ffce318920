"""Snapshot round trip, interrupted snapshots, scoring and scope: no browser needed."""

from __future__ import annotations

import json

from goudenregels.model import Finding
from goudenregels.scoring import score
from goudenregels.snapshot import Snapshot, SnapshotWriter
from goudenregels.words.scope import in_scope, site_key
from tests.helpers import snapshot_from_pages


def test_snapshot_round_trip_and_interrupted_crawl(tmp_path) -> None:
    snap = snapshot_from_pages(
        {
            "/": '<a href="/contact">Contact</a><footer>Bel 020 123 45 67</footer>',
            "/contact": '<a href="mailto:a@example.nl">mail</a><a href="/deep">x</a>',
            "/deep": "<p>deep</p>",
        }
    )
    writer = SnapshotWriter(
        tmp_path, Snapshot(start_url=snap.start_url, final_url=snap.final_url, scope=snap.scope)
    )
    for page in snap.pages:
        writer.add_page(page, "<html></html>")
    writer.close()
    loaded = Snapshot.load(tmp_path)
    assert [p.to_dict() for p in loaded.pages] == [p.to_dict() for p in snap.pages]
    assert [p.depth for p in loaded.pages] == [0, 1, 2]
    # An interrupted crawl: the last line was cut off mid-write and the meta file never finished.
    lines = (tmp_path / "pages.jsonl").read_text().splitlines()
    (tmp_path / "pages.jsonl").write_text(lines[0] + "\n" + lines[1] + "\n" + lines[2][:40])
    meta = json.loads((tmp_path / "snapshot.json").read_text())
    meta["complete"] = False
    (tmp_path / "snapshot.json").write_text(json.dumps(meta))
    partial = Snapshot.load(tmp_path)
    assert [p.url for p in partial.pages] == [p.url for p in snap.pages[:2]]
    assert partial.pages[1].depth == 1


def _f(rule: int, status: str, weight: float = 1) -> Finding:
    return Finding("GR100", "x", rule, status, "t", "m", weight)


def test_scoring_weights_decided_checks_only() -> None:
    scores = score(
        [
            _f(1, "pass", 3),
            _f(1, "fail", 1),
            _f(1, "review", 5),
            _f(2, "fail"),
            _f(3, "not_applicable"),
            _f(4, "error"),
        ]
    )
    assert scores.rules[1] == 75  # 3 of 4 weight passed; review does not count
    assert scores.rules[2] == 0
    assert scores.rules[3] is None and scores.rules[4] is None
    assert scores.overall == round((75 + 0) / 2)
    assert scores.coverage == round(3 / 5, 3)  # n/a is not applicable; review and error undecided


def test_scoring_with_nothing_decided() -> None:
    scores = score([_f(1, "review"), _f(2, "not_applicable")])
    assert scores.overall is None and scores.coverage == 0.0


def test_scope_is_the_registrable_domain() -> None:
    assert (
        site_key("https://www.winkel.co.uk/a")
        == site_key("http://shop.winkel.co.uk/")
        == "winkel.co.uk"
    )
    assert site_key("https://gemeente.amsterdam.nl") == "amsterdam.nl"
    assert in_scope("https://klant.bol.com/x", site_key("https://www.bol.com"))
    assert not in_scope("https://www.facebook.com/bol", site_key("https://www.bol.com"))
    assert site_key("http://127.0.0.1:8000/") != site_key("http://127.0.0.1:8001/")


def test_site_content_reaches_the_reports_escaped() -> None:
    from goudenregels.audit import build_audit
    from goudenregels.plugins import Plugins
    from goudenregels.reports import html_report, text_report

    evil = "<script>alert(1)</script>"
    snap = snapshot_from_pages(
        {
            "/": f"<html><head><title>{evil}</title></head><body>"
            f'<a href="/x?q=%3Cscript%3E">{evil}</a>'
            '<p>Bel 0900-1234567 [bold red]markup[/] <img src=x onerror="alert(2)"></p>'
            "<p>noreply&lt;script&gt;@example.nl</p></body></html>",
            "/x?q=<script>": f"<p>{evil} U ontvangt mail van noreply@example.nl</p>",
        }
    )
    plugins = Plugins(entry_points=False)
    audit = build_audit(snap, plugins.checks(), plugins.profiles())
    html = html_report.render(audit, {})
    assert "<script>" not in html and "onerror=" not in html.replace("onerror=&#34;", "")
    assert "&lt;script&gt;" in html
    assert "default-src 'none'" in html  # the report itself runs no script at all
    text = text_report.render(audit, {})
    flat = "".join(ch for ch in text if not ch.isspace() and ch not in "│┃")
    assert "[boldred]markup[/]" in flat  # rich markup from the site is printed, not applied


def _statuses_with(error: str) -> dict[str, str]:
    from goudenregels.audit import build_audit
    from goudenregels.plugins import Plugins

    plugins = Plugins(entry_points=False)
    snap = snapshot_from_pages(
        {
            "/": '<p>Welkom bij de winkel.</p><a href="/contact">Contact</a>',
            "/contact": {"html": "", "fields": {"error": error, "status": None}},
        }
    )
    audit = build_audit(snap, plugins.checks(), plugins.profiles(), "algemeen", "en")
    return {f.code: f for f in audit.findings}


def test_a_page_that_timed_out_is_not_a_page_without_a_phone_number():
    findings = _statuses_with("timed out")
    gr101 = findings["GR101"]
    assert gr101.status == "review"
    assert gr101.data["status_if_all_read"] == "fail"
    assert gr101.data["unread_pages"] == [
        {"url": "https://www.example.nl/contact", "error": "timed out"}
    ]
    assert "could not be read" in gr101.message
    # A check that fails on what it found, not on what it missed, is not softened.
    from goudenregels.plugins import Plugins

    checks = {c.code: c for c in Plugins(entry_points=False).checks()}
    assert not any(
        "unread_pages" in f.data for f in findings.values() if not checks[f.code].absence
    )


def test_a_page_that_answered_with_nothing_still_counts_as_read():
    # A redirect loop holds nothing a customer could find either: the fail stands.
    findings = _statuses_with("too many redirects (net::ERR_TOO_MANY_REDIRECTS)")
    assert findings["GR101"].status == "fail"
    assert "unread_pages" not in findings["GR101"].data


def test_a_match_at_the_start_of_a_sentence_is_quoted_without_the_sentence_before() -> None:
    from goudenregels.words.quotes import line_around

    text = "Wij werken zonder franje en geen dag hetzelfde. Onze showroom in Ede is open."
    at = text.index("Onze")
    assert line_around(text, at, end=at + len("Onze showroom")) == ("Onze showroom in Ede is open.")
