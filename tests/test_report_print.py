"""The printed report: the demo site printed to PDF by Chromium, its pages counted and measured;
the one-page summary format; what the cover says the audit could not see.

The PDF tests run Chromium's own print-to-PDF (as an auditor would print from the browser) and
skip when no Chromium is installed. The page fill is read with poppler's pdftotext when it is
there.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from goudenregels.i18n import N_
from goudenregels.model import Finding
from goudenregels.snapshot import Page
from tests.helpers import run_cli, snapshot_from_pages

# -- printing with Chromium ----------------------------------------------------------------

CHROMIUM = next(
    (
        p
        for p in ("/usr/bin/chromium", shutil.which("chromium") or "")
        if p and os.access(p, os.X_OK)
    ),
    "",
)
needs_chromium = pytest.mark.skipif(not CHROMIUM, reason="no Chromium to print with")
BOTTOM_MARGIN_PT = 16 / 25.4 * 72  # the report's @page bottom margin, where the counter is
TOP_MARGIN_PT = 15 / 25.4 * 72


def print_pdf(html: Path, profile: Path) -> bytes:
    """``html`` printed to PDF by headless Chromium, without the browser's own header/footer."""
    pdf = html.with_suffix(".pdf")
    args = [CHROMIUM, "--headless", "--disable-gpu", "--no-pdf-header-footer"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox
    args += [f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", html.resolve().as_uri()]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert pdf.is_file(), proc.stderr[-2000:]
    return pdf.read_bytes()


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


def page_fill(pdf: Path) -> list[float] | None:
    """Per page, how far down the printed content reaches (0-1 of the printable height); None
    without pdftotext."""
    if not shutil.which("pdftotext"):
        return None
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, timeout=60
    ).stdout
    fills = []
    for page in re.findall(r"<page (.*?)</page>", out, re.S):
        height = float(re.search(r'height="([\d.]+)"', page).group(1))
        bottoms = [
            float(y)
            for y_min, y in re.findall(
                r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', page
            )
            if float(y_min) < height - BOTTOM_MARGIN_PT  # the page counter is not content
        ]
        usable = height - TOP_MARGIN_PT - BOTTOM_MARGIN_PT
        fills.append((max(bottoms, default=TOP_MARGIN_PT) - TOP_MARGIN_PT) / usable)
    return fills


@pytest.fixture(scope="module")
def demo_out(audited):
    return audited("demo")


def _write(out: Path, target: Path, fmt: str, lang: str) -> Path:
    proc = run_cli(
        "check", str(out / "snapshot"), "-f", fmt, "-o", str(target), "-q", "--lang", lang
    )
    assert proc.returncode == 0, proc.stderr
    return target


@needs_chromium
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_demo_report_prints_on_about_eight_full_a4_pages(demo_out, tmp_path, lang) -> None:
    result, out = demo_out
    assert len(result["pages"]) == 10  # the demo site is the "10-page site"
    html = _write(out, tmp_path / f"report-{lang}.html", "html", lang)
    data = print_pdf(html, tmp_path / "profile")
    pages = pdf_pages(data)
    # 18 to 20 pages before the layout was made compact; the phone view (issue 13) added one.
    assert 5 <= pages <= 10, pages
    # No page is left less than a third full, except the last.
    fills = page_fill(html.with_suffix(".pdf"))
    if fills is not None:
        assert len(fills) == pages
        assert all(f >= 1 / 3 for f in fills[:-1]), [round(f, 2) for f in fills]
    # The page counter is set in the report's sans-serif, not the browser's default serif.
    fonts = re.findall(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([\w-]+)", data)
    assert fonts and not [f for f in fonts if b"Serif" in f], fonts
    # Addresses are printed by path and link to the full URL.
    uris = set(re.findall(rb"/URI\s*\(([^)]*)\)", data))
    assert {p["url"].encode() for p in result["pages"]} <= uris


@needs_chromium
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_summary_prints_on_exactly_one_page(demo_out, tmp_path, lang) -> None:
    _result, out = demo_out
    html = _write(out, tmp_path / f"summary-{lang}.html", "summary-html", lang)
    assert pdf_pages(print_pdf(html, tmp_path / "profile")) == 1


def _large_site_audit(lang: str):
    """A site with every channel, long notes, many gaps and more fails than the summary lists."""
    from goudenregels.audit import Audit
    from goudenregels.plugins import Plugins
    from goudenregels.scoring import score

    base = "https://www.een-gemeente-met-een-lange-naam.nl"
    snap = snapshot_from_pages({"/": "<p>Hallo</p>"}, base=base)
    snap.pages += [
        Page(url=f"{base}/loket/afspraak/paspoort-{i}", error="Timeout") for i in range(9)
    ]
    snap.journeys = {"guest_checkout": {"status": "blocked"}, "password_reset": {"status": "error"}}
    snap.skipped = [
        {"url": f"{base}/intern/{i}", "reason": "disallowed by robots.txt"} for i in (1, 2)
    ]
    note = (
        "Bel ons op werkdagen tussen negen en vijf uur, of kom langs op het stadhuis aan de Markt"
    )
    channels = [
        {"channel": key, "url": f"{base}/contact/klantenservice/{key}", "depth": 3, "text": note}
        for key in ("telefoon", "chat", "bezoek", "video", "e-mail", "formulier", "whatsapp")
        + ("messenger", "social", "brief")
    ]
    week = {d: "08:30–17:00" for d in ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag")}
    hours = [{"url": f"{base}/", "source": "text", "hours": week}]
    plugins = Plugins(entry_points=False)
    checks = {c.code: c for c in plugins.checks()}
    findings = [
        Finding("GR106", "c", 1, "pass", "t", "m", data={"channels": channels}),
        Finding("GR104", "h", 1, "pass", "t", "m", data={"hours": hours}),
        Finding("GR304", "t", 3, "error", "t", "m"),
    ]
    for code in ("GR102", "GR105", "GR107", "GR302", "GR501", "GR601", "GR402", "GR113"):
        check = checks[code]
        findings.append(Finding(code, check.slug, check.rule, "fail", "t", "long " * 40, 2))
    return Audit(
        snap,
        "gemeente",
        "given",
        findings,
        score(findings),
        lang,
        checks,
        overviews=plugins.overviews(),
    )


@needs_chromium
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_large_sites_summary_still_fits_one_page(tmp_path, lang) -> None:
    from goudenregels.reports import summary_report

    html = tmp_path / "large.html"
    html.write_text(summary_report.render(_large_site_audit(lang), {}), encoding="utf-8")
    text = html.read_text(encoding="utf-8")
    assert '<body class="summary dense">' in text and text.count("<tr>") == 11
    assert pdf_pages(print_pdf(html, tmp_path / "profile")) == 1


@needs_chromium
def test_a_large_sites_cover_is_still_one_page(tmp_path) -> None:
    from goudenregels.reports import html_report

    audit = _large_site_audit("nl")
    html = tmp_path / "large-full.html"
    html.write_text(html_report.render(audit, {}), encoding="utf-8")
    assert '<header class="cover dense"' in html.read_text(encoding="utf-8")
    print_pdf(html, tmp_path / "profile")
    if not shutil.which("pdftotext"):
        pytest.skip("poppler's pdftotext is not installed")
    pages = [page_text(html.with_suffix(".pdf"), n) for n in (1, 2)]
    # The cover ends with the fifth improvement; the channel table opens page 2.
    assert "Wat we niet konden zien" in pages[0]
    codes = re.findall(r"GR\d{3}", pages[0].split("De verbeteringen", 1)[1])
    assert len(set(codes)) == 5
    assert pages[1].lstrip().startswith("Contactkanalen")
    fills = page_fill(html.with_suffix(".pdf"))
    assert fills and all(f >= 1 / 3 for f in fills[:-1]), fills


def page_text(pdf: Path, number: int) -> str:
    return subprocess.run(
        ["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout


# -- the summary format ----------------------------------------------------------------------


def test_summary_is_a_reporter_like_the_others(demo_out, tmp_path) -> None:
    from goudenregels.plugins import Plugins

    reporters = Plugins(entry_points=False).reporters()
    summary = reporters["summary-html"]
    assert summary.plugin == "summary" and summary.extension == "html"
    # Blocked by name like any plugin.
    assert "summary-html" not in Plugins(entry_points=False, block=["summary"]).reporters()
    # Beside the full report in one directory, each in its own file.
    result, out = demo_out
    target = tmp_path / "both"
    proc = run_cli("check", str(out / "snapshot"), "-f", "html,summary-html", "-o", str(target))
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in target.iterdir()) == [
        "goudenregels-summary-html.html",
        "goudenregels.html",
    ]
    assert "<article" in (target / "goudenregels.html").read_text(encoding="utf-8")
    summary = (target / "goudenregels-summary-html.html").read_text(encoding="utf-8")
    assert "<article" not in summary and "Gouden Regels-samenvatting" in summary


def test_summary_holds_score_chart_improvements_and_channels(demo_out, tmp_path) -> None:
    result, out = demo_out
    html = _write(out, tmp_path / "s.html", "summary-html", "nl").read_text(encoding="utf-8")
    assert "default-src 'none'" in html and "<script" not in html.lower()
    score = re.search(r'<span class="big">(\d+)</span>', html).group(1)
    assert int(score) == result["scores"]["overall"]
    assert html.count('<g class="rule-bar') == 6 and "van" in html.split("<svg", 1)[1]
    top = re.search(r'<ol class="improvements">(.*?)</ol>', html, re.S).group(1)
    fails = [f for f in result["findings"] if f["status"] == "fail"]
    assert len(re.findall(r"<li>", top)) == min(5, len(fails))
    assert 'id="channels"' in html and html.count("<tr>") >= 2
    assert 'id="unseen"' in html and "Wat we niet konden zien" in html
    # The evidence stays in the full report.
    assert "<article" not in html and 'class="block rule"' not in html and 'id="todo"' not in html


def test_the_summary_alone_goes_to_a_file_name_ending_in_html(demo_out, tmp_path):
    _result, out = demo_out
    target = _write(out, tmp_path / "voor-de-directie.html", "summary-html", "en")
    assert target.is_file() and "Gouden Regels summary" in target.read_text(encoding="utf-8")


# -- what the audit could not see --------------------------------------------------------------


def _audit(snap, findings: list[Finding] | None = None, lang: str = "nl"):
    from goudenregels.audit import Audit
    from goudenregels.scoring import score

    findings = findings or []
    return Audit(snap, "webshop", "given", findings, score(findings), lang, {})


def _gaps(snap, findings=None, lang="nl") -> list[Any]:
    from goudenregels.reports.unseen import gaps

    return gaps(_audit(snap, findings, lang), lang)


def _done_journeys() -> dict[str, Any]:
    return {n: {"status": "done"} for n in ("guest_checkout", "password_reset", "reveal_phone")}


def _complete(pages: dict[str, str], **meta: Any):
    snap = snapshot_from_pages(pages, {"journeys": _done_journeys(), **meta})
    snap.complete = True
    return snap


def test_nothing_unseen_is_said_plainly(tmp_path) -> None:
    from goudenregels.reports import html_report

    snap = _complete({"/": "<p>Hallo</p>"})
    assert _gaps(snap) == []
    html = html_report.render(_audit(snap), {})
    cover = html.split('<header class="cover"', 1)[1].split("</header>", 1)[0]
    assert "Niets overgeslagen: elke gevonden pagina is gelezen" in cover


def test_unread_pages_are_named_on_the_cover_by_path() -> None:
    from goudenregels.reports import html_report

    snap = _complete({"/": "<p>Hallo</p>"})
    for i in range(7):
        snap.pages.append(Page(url=f"{snap.start_url}p{i}", error="Timeout 20000ms exceeded"))
    snap.pages.append(Page(url=f"{snap.start_url}gone", status=404, error="HTTP 404"))
    (gap,) = _gaps(snap)
    assert gap.text.startswith("7 pagina's konden niet gelezen worden")
    assert len(gap.urls) == 5 and gap.more == 2  # a 404 is an answer, not an unread page
    html = html_report.render(_audit(snap), {})
    cover = html.split('<header class="cover"', 1)[1].split("</header>", 1)[0]
    assert f'href="{snap.start_url}p0">/p0</a>' in cover and "en nog 2" in cover
    one = _complete({"/": "<p>Hallo</p>"})
    one.pages.append(Page(url=f"{one.start_url}x", error="net::ERR_CONNECTION_RESET"))
    assert _gaps(one, lang="en")[0].text.startswith("1 page could not be read; what it holds")


def test_a_crawl_cut_short_is_said_with_its_limit() -> None:
    snap = _complete({"/": "<p>Hallo</p>"}, settings={"max_time": 300, "max_pages": 60})
    snap.complete, snap.stopped = False, "time limit"
    assert [g.text for g in _gaps(snap, lang="en")] == [
        "The crawl stopped at its time limit of 300 seconds: pages it had not reached by then "
        "are not in this report."
    ]
    snap.stopped = "interrupted"
    assert _gaps(snap)[0].text.startswith("De crawl is niet afgerond")
    limited = _complete({"/": "<p>a</p>", "/b": "<p>b</p>"}, settings={"max_pages": 2})
    limited.add_note(
        N_("the crawl stopped at its page limit of %(limit)s; %(more)s more pages were found"),
        limit=2,
        more=14,
    )
    assert [g.text for g in _gaps(limited)] == [
        "De crawl stopte bij de limiet van 2 pagina's; nog 14 gevonden adressen zijn niet gelezen."
    ]
    # Without the crawl's note (an older snapshot) a full limit is named as a possible gap.
    full = _complete({"/": "<p>a</p>"}, settings={"max_pages": 1})
    assert [g.text for g in _gaps(full, lang="en")] == [
        "The crawl reached its limit of 1 page; the site may have more pages that were not read."
    ]
    assert _gaps(_complete({"/": "<p>a</p>"}, settings={"max_pages": 2})) == []


def test_robots_txt_refusals_are_counted_and_other_skips_are_not() -> None:
    snap = _complete({"/": "<p>Hallo</p>"})
    snap.skipped = [
        {"url": f"{snap.start_url}intern", "reason": "disallowed by robots.txt"},
        {"url": f"{snap.start_url}index.html", "reason": f"same content as {snap.start_url}"},
        {"url": f"{snap.start_url}gids.pdf", "reason": "not a page (file link)"},
    ]
    (gap,) = _gaps(snap)
    assert gap.text.startswith("1 adres is niet gelezen, omdat de robots.txt")
    assert gap.urls == [f"{snap.start_url}intern"]


def test_journeys_that_did_not_run_or_stopped_short() -> None:
    snap = _complete({"/": "<p>Hallo</p>"})
    snap.journeys = {
        "guest_checkout": {"status": "blocked"},
        "password_reset": {"status": "error", "error": "Timeout"},
        "shop_plugin_tour": {"status": "skipped", "error": "time limit"},
    }
    texts = [g.text for g in _gaps(snap, lang="en")]
    assert texts == [
        "Ordering as a guest (scripted journey): stopped before the checkout, because going on "
        "would change the site (allow one product in a cart with --allow-cart).",
        "Asking for a new password (scripted journey): broke off with an error.",
        "Revealing a hidden phone number (scripted journey): did not run.",
        "shop_plugin_tour (scripted journey): did not run, the crawl's time was up.",
    ]
    # Nothing on the site to try is not a gap.
    snap.journeys = _done_journeys() | {
        "guest_checkout": {"status": "no_product"},
        "password_reset": {"status": "no_login"},
        "reveal_phone": {"status": "no_button"},
    }
    assert _gaps(snap) == []
    off = _complete({"/": "<p>Hallo</p>"}, settings={"journeys": False})
    off.journeys = {}
    assert [g.text for g in _gaps(off)] == [
        "De klantreizen zijn niet uitgevoerd: de auditor heeft ze uitgezet."
    ]


def test_checks_that_could_not_be_measured_are_named() -> None:
    snap = _complete({"/": "<p>Hallo</p>"})
    findings = [
        Finding("GR113", "a", 1, "error", "t", "m"),
        Finding("GR304", "b", 3, "error", "t", "m"),
        Finding("GR101", "c", 1, "pass", "t", "m"),
    ]
    assert [g.text for g in _gaps(snap, findings)] == [
        "2 checks konden niet gemeten worden: GR113, GR304."
    ]
