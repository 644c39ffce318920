"""The client report (HTML): rendered and opened in a real Chromium, printed, attacked.

The browser tests open the file:// report the CLI wrote and read the DOM; the unit tests below
them build small audits in-process (ranking, verdicts, screenshots, channel table, catalogs).
"""

from __future__ import annotations

import asyncio
import base64
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape

from goudenregels.model import QUOTE, RULE_TITLES, Evidence, Finding, rule_title
from tests.helpers import run_cli, snapshot_from_pages

# -- opening a report in Chromium ------------------------------------------------------------

FACTS_JS = """() => {
  const text = el => el ? el.textContent.replace(/\\s+/g, ' ').trim() : null;
  const svg = document.querySelector('svg.chart');
  const csp = document.querySelector('meta[http-equiv="Content-Security-Policy"]');
  return {
    pwned: typeof window.__pwned,
    lang: document.documentElement.lang,
    csp: csp ? csp.content : null,
    svg: svg && {
      role: svg.getAttribute('role'),
      title: text(svg.querySelector('title')),
      desc: text(svg.querySelector('desc')),
      labels: [...svg.querySelectorAll('text.rlabel')].map(text),
      values: [...svg.querySelectorAll('text.value')].map(text),
      decided: [...svg.querySelectorAll('text.decided')].map(text),
      unscored: [...svg.querySelectorAll('text.unscored')].map(text),
      bars: svg.querySelectorAll('rect.bar').length,
      fills: [...svg.querySelectorAll('g.rule-bar')].map(g => {
        const bar = g.querySelector('rect.bar');
        return [g.getAttribute('class'), bar ? getComputedStyle(bar).fill : null];
      }),
    },
    legend: [...document.querySelectorAll('.cover .legend li')].map(text),
    unseen: text(document.querySelector('.cover #unseen')),
    links: [...document.querySelectorAll('a.url')].map(a => [a.getAttribute('href'), text(a)]),
    overall: text(document.querySelector('.overall .big')),
    coverage: text(document.querySelector('.coverage')),
    rules: [...document.querySelectorAll('section.rule')].map(s => ({
      id: s.id, title: text(s.querySelector('h2')),
      findings: [...s.querySelectorAll('article.finding')].map(a => a.id),
      quiet: [...s.querySelectorAll('table.quiet tbody tr')].map(tr => tr.id),
      decided: text(s.querySelector('.rule-score .decided')),
    })),
    badges: [...document.querySelectorAll('article.finding .badge')].map(text),
    top: [...document.querySelectorAll('#improvements ol > li')].map(li => ({
      code: text(li.querySelector('.code')), text: text(li),
    })),
    channels: [...document.querySelectorAll('#channels tbody tr')].map(
      tr => [tr.cells[0].firstChild.textContent.trim(), ...[...tr.cells].slice(1).map(text)]),
    channelLinks: [...document.querySelectorAll('#channels tbody tr')].map(
      tr => [...tr.cells[1].querySelectorAll('a')].map(a => a.getAttribute('href'))),
    todo: [...document.querySelectorAll('#todo .checklist > li .code')].map(text),
    screens: Object.fromEntries([...document.querySelectorAll('article.finding')].map(a => [
      a.id, [...a.querySelectorAll('.screens img')].map(i => ({
        src: i.getAttribute('src').slice(0, 22), loaded: i.complete && i.naturalWidth > 0,
      })),
    ])),
    handlers: [...document.querySelectorAll('*')].flatMap(e => [...e.attributes]
      .filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name)),
    scripts: document.scripts.length,
    iframes: document.querySelectorAll('iframe, object, embed, form, base').length,
    hrefs: [...document.querySelectorAll('[href]')].map(e => e.getAttribute('href')),
    srcs: [...document.querySelectorAll('[src]')].map(e => e.getAttribute('src').slice(0, 30)),
    body: text(document.body),
  };
}"""

PRINT_JS = """() => ({
  nav: getComputedStyle(document.querySelector('nav.toc')).display,
  cover: getComputedStyle(document.querySelector('header.cover')).breakAfter,
  breaks: [...document.querySelectorAll('section.rule')].map(s => getComputedStyle(s).breakBefore),
  short: [...document.querySelectorAll('article.finding:not(.long)')].map(
    a => getComputedStyle(a).breakInside),
  whole: [...document.querySelectorAll('table.whole')].map(
    t => [t.tBodies[0].rows.length, getComputedStyle(t).breakInside]),
  lastRows: [...document.querySelectorAll('tbody tr:last-child')].map(
    tr => getComputedStyle(tr).breakBefore),
  pagesTable: document.querySelector('#crawl table.pages').getBoundingClientRect().height,
})"""


async def _inspect(path: Path, pdf: bool = False) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    from goudenregels.crawl.browser import launch

    requests: list[str] = []
    dialogs: list[str] = []
    errors: list[str] = []
    async with async_playwright() as pw:
        browser = await launch(pw)
        try:
            page = await browser.new_page()
            page.on("request", lambda r: requests.append(r.url))
            page.on("pageerror", lambda e: errors.append(str(e)))

            async def on_dialog(dialog: Any) -> None:
                dialogs.append(dialog.message)
                await dialog.dismiss()

            page.on("dialog", on_dialog)
            url = path.resolve().as_uri()
            await page.goto(url, wait_until="load")
            await page.wait_for_timeout(300)  # an injected handler would have fired by now
            facts = await page.evaluate(FACTS_JS)
            out: dict[str, Any] = {"url": url, "facts": facts}
            if pdf:
                out["pdf"] = await page.pdf(format="A4", prefer_css_page_size=True)
                await page.emulate_media(media="print")
                out["print"] = await page.evaluate(PRINT_JS)
        finally:
            await browser.close()
    out.update(requests=requests, dialogs=dialogs, errors=errors)
    return out


def _render(out_dir: Path, target: Path, *extra: str) -> Path:
    proc = run_cli(
        "check", str(out_dir / "snapshot"), "-f", "html", "-o", str(target), "-q", *extra
    )
    assert proc.returncode == 0, proc.stderr
    return target


def _pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


@pytest.fixture(scope="module")
def demo_nl(audited, tmp_path_factory):
    result, out = audited("demo")
    report = _render(out, tmp_path_factory.mktemp("report-nl") / "r.html")
    return result, report, asyncio.run(_inspect(report, pdf=True))


@pytest.fixture(scope="module")
def demo_en(audited, tmp_path_factory):
    result, out = audited("demo")
    report = _render(out, tmp_path_factory.mktemp("report-en") / "r.html", "--lang", "en")
    return result, report, asyncio.run(_inspect(report))


def _finding(result: dict, code: str) -> dict:
    return next(f for f in result["findings"] if f["code"] == code)


# -- the demo report in a browser --------------------------------------------------------------


def test_report_opens_offline_without_any_request(demo_nl) -> None:
    result, report, seen = demo_nl
    assert seen["requests"] == [seen["url"]], seen["requests"]  # the document itself, nothing else
    assert seen["errors"] == [] and seen["dialogs"] == []
    facts = seen["facts"]
    assert facts["scripts"] == 0 and facts["iframes"] == 0
    assert "default-src 'none'" in facts["csp"] and "img-src data:" in facts["csp"]
    # Links go to a place in the report or to a page of the audited site, nowhere else.
    site = result["site"]["final_url"]
    outside = [h for h in facts["hrefs"] if not h.startswith("#")]
    assert outside and all(h.startswith(site) for h in outside), outside
    assert all(s.startswith("data:image/png;base64,") for s in facts["srcs"]), facts["srcs"]
    html = report.read_text(encoding="utf-8")
    assert not re.search(r"""src=["']?(?:https?:)?//""", html)


def test_addresses_show_their_path_and_link_to_the_full_url(demo_nl) -> None:
    from urllib.parse import urlsplit

    result, _report, seen = demo_nl
    links = seen["facts"]["links"]
    site = result["site"]["final_url"]
    assert len(links) >= len(result["pages"])  # at least the appendix's list of pages
    for href, shown in links:
        parts = urlsplit(href)
        assert href.startswith(site)
        assert shown == (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    # Every page read is in the appendix, by its path.
    assert {p["url"] for p in result["pages"]} <= {href for href, _shown in links}
    assert "http://" not in " ".join(shown for _href, shown in links)


def test_cover_score_coverage_and_chart(demo_nl) -> None:
    result, _report, seen = demo_nl
    facts = seen["facts"]
    assert facts["overall"] == str(result["scores"]["overall"])
    pct = round(100 * result["scores"]["coverage"])
    assert f"{pct}% automatisch beoordeeld" in facts["coverage"]
    svg = facts["svg"]
    assert svg["role"] == "img" and svg["title"] and svg["desc"]
    assert [label.split(" · ")[0] for label in svg["labels"]] == ["1", "2", "3", "4", "5", "6"]
    assert "Wees beschikbaar" in svg["labels"][0]
    scores = [result["scores"]["rules"][str(r)]["score"] for r in RULE_TITLES]
    assert svg["values"] == [str(s) for s in scores if s is not None]
    for rule, score in zip(RULE_TITLES, scores, strict=True):
        mine = [f for f in result["findings"] if f["rule"] == rule]
        applicable = [f for f in mine if f["status"] != "not_applicable"]
        decided = [f for f in applicable if f["status"] in ("pass", "fail")]
        counted = f"{len(decided)} van {len(applicable)} beoordeeld"
        assert svg["decided"][rule - 1] == counted
        assert facts["rules"][rule - 1]["decided"] == counted
        assert (
            f"Regel {rule}, {rule_title(rule, 'nl')}: {score}, "
            f"{len(decided)} van {len(applicable)} checks beslist." in svg["desc"]
        )
    assert facts["legend"] == [
        "goed (90–100)",
        "matig (50–89)",
        "onvoldoende (0–49)",
        "niet beoordeeld",
    ]


def test_cover_says_what_could_not_be_seen(demo_nl, demo_en) -> None:
    result, _report, seen = demo_nl
    # The demo's checkout journey ends at an empty cart, so no checkout page is reached.
    assert result["findings"] and "Wat we niet konden zien" in seen["facts"]["unseen"]
    assert (
        "Bestellen als gast (klantreis): er is geen afrekenpagina bereikt."
        in (seen["facts"]["unseen"])
    )
    assert (
        "Ordering as a guest (scripted journey): no checkout page was reached."
        in (demo_en[2]["facts"]["unseen"])
    )


def test_top_improvements_are_the_heaviest_fails_with_their_fix(demo_nl) -> None:
    result, _report, seen = demo_nl
    order = {f["code"]: i for i, f in enumerate(result["findings"])}
    fails = [f for f in result["findings"] if f["status"] == "fail"]
    fails.sort(key=lambda f: (-f["weight"], f["rule"], order[f["code"]]))
    top = seen["facts"]["top"]
    assert [t["code"] for t in top] == [f["code"] for f in fails[:5]]
    assert len(top) == min(5, len(fails)) > 0
    assert all("Oplossing:" in t["text"] for t in top)


def test_one_section_per_rule_with_badged_findings(demo_nl) -> None:
    result, _report, seen = demo_nl
    rules = seen["facts"]["rules"]
    assert [r["id"] for r in rules] == [f"rule-{n}" for n in RULE_TITLES]
    assert [r["title"] for r in rules] == [rule_title(r, "nl") for r in RULE_TITLES]
    # What needs attention is drawn in full; what passed or does not apply is one row each.
    shown = {code for r in rules for code in r["findings"]}
    attention = {f["code"] for f in result["findings"] if f["status"] in ("fail", "review")}
    assert shown == attention
    quiet = {code for r in rules for code in r["quiet"]}
    rest = {f["code"] for f in result["findings"] if f["status"] in ("pass", "not_applicable")}
    # Checks that need a test account, without one, are named in one line per rule instead.
    unlooked = {f["code"] for f in result["findings"] if f.get("data", {}).get("not_looked_at")}
    assert unlooked and quiet == rest - unlooked
    assert all(code in seen["facts"]["body"] for code in unlooked)
    # Status in words, not only in colour.
    assert {"✗ Voldoet niet", "? Te beoordelen"} <= set(seen["facts"]["badges"])
    assert "✓ Voldoet" in seen["facts"]["body"]
    # Every review finding is on the auditor's to-do list.
    reviews = [f["code"] for f in result["findings"] if f["status"] == "review"]
    assert seen["facts"]["todo"] == reviews


def test_channel_table_lists_every_channel_with_hours_and_norm(demo_nl) -> None:
    from goudenregels.words.channels import NORMS

    result, _report, seen = demo_nl
    channels = _finding(result, "GR106")["data"]["channels"]
    rows = {row[0]: row for row in seen["facts"]["channels"]}
    names = {"telefoon": "Telefoon", "e-mail": "E-mail", "formulier": "Webformulier"}
    names["bezoek"] = "Persoonlijk bezoek"
    assert len(seen["facts"]["channels"]) == len(channels)
    links = dict(zip(rows, seen["facts"]["channelLinks"], strict=True))
    for item in channels:
        row = rows[names[item["channel"]]]
        # The place is shown as its path and links to the full address.
        assert links[names[item["channel"]]] == [item["url"]]
        path = "/" + item["url"].split("/", 3)[3]
        assert row[1].startswith(path) and f"klikdiepte {item['depth']}" in row[1]
    phone = rows["Telefoon"]
    assert "ma–vr 09:00–17:30" in phone[2]
    assert phone[5] == NORMS["telefoon"].text("nl")
    assert phone[4] == "niet gemeten"  # nothing measured for the demo site
    assert rows["Persoonlijk bezoek"][5] == NORMS["persoonlijk"].text("nl")
    email = rows["E-mail"]
    assert "“twee werkdagen”" in email[3] and "trager dan de norm" in email[3]
    assert email[5] == NORMS["e-mail"].text("nl")


def test_prints_to_pdf_on_a4_with_a_print_stylesheet(demo_nl) -> None:
    _result, _report, seen = demo_nl
    assert seen["pdf"].startswith(b"%PDF") and _pdf_pages(seen["pdf"]) > 1
    printed = seen["print"]
    assert printed["nav"] == "none"
    assert printed["cover"] == "page"  # the cover is a page of its own
    assert set(printed["breaks"]) == {"auto"}  # the rules flow: no page left mostly empty
    assert printed["short"] and set(printed["short"]) == {"avoid"}
    # A short table moves whole; a long one keeps its last row with the one before.
    assert printed["whole"] and all(n <= 6 and b == "avoid" for n, b in printed["whole"])
    assert set(printed["lastRows"]) == {"avoid"}
    assert printed["pagesTable"] > 0


def test_dutch_by_default_english_with_lang_en(demo_nl, demo_en) -> None:
    nl, en = demo_nl[2]["facts"], demo_en[2]["facts"]
    assert nl["lang"] == "nl" and en["lang"] == "en"
    for text in (
        "Zo leest u dit rapport",
        "Totaalscore",
        "Contactkanalen",
        "Te doen voor de auditor",
    ):
        assert text in nl["body"]
    for text in ("How to read this report", "Overall score", "Contact channels", "Auditor's to-do"):
        assert text in en["body"]
        assert text not in nl["body"]
    assert "assessed automatically" in en["coverage"]
    assert [r["title"] for r in en["rules"]] == [rule_title(r, "en") for r in RULE_TITLES]
    assert "Mon–Fri 09:00–17:30" in " ".join(row[2] for row in en["channels"])
    assert "Bellen tegen basistarief" in nl["body"] and "Basic-rate phone number" not in nl["body"]
    assert demo_en[2]["requests"] == [demo_en[2]["url"]]


def test_checkout_and_password_reset_screenshots_are_embedded(audited, tmp_path) -> None:
    from goudenregels.audit import build_audit
    from goudenregels.plugins import Plugins
    from goudenregels.reports import html_report
    from goudenregels.snapshot import Snapshot

    result, out = audited("webshop")
    # The webshop passes both; a passed check is one row without pictures, so the report is
    # compact. Drawn in full (as when they fail), the journeys' screenshots are embedded.
    report = _render(out, tmp_path / "r.html")
    passed = report.read_text(encoding="utf-8")
    for code in ("GR109", "GR110"):
        assert _finding(result, code)["status"] == "pass"
        assert f'<tr id="{code}" class="status-pass">' in passed
    # The only pictures are the phone view's screens on arrival, in its own section.
    phone = passed.index('id="phone"')
    outside = passed[:phone] + passed[passed.index("</section>", phone) :]
    assert "data:image" not in outside
    plugins = Plugins(entry_points=False)
    audit = build_audit(Snapshot.load(out / "snapshot"), plugins.checks(), plugins.profiles())
    audit.snapshot_dir = out / "snapshot"
    for finding in audit.findings:
        if finding.code in ("GR109", "GR110"):
            finding.status = "fail"
    report.write_text(html_report.render(audit, {}), encoding="utf-8")
    seen = asyncio.run(_inspect(report))
    screens = seen["facts"]["screens"]
    steps = _finding(result, "GR110")["data"]["journey"]["steps"]
    assert len(screens["GR110"]) == len(steps) == 4
    assert len(screens["GR109"]) == 1
    for shot in screens["GR110"] + screens["GR109"]:
        assert shot["src"] == "data:image/png;base64," and shot["loaded"]
    assert seen["requests"] == [seen["url"]]


def test_hostile_site_cannot_script_the_report(audited, tmp_path) -> None:
    result, out = audited("xss")
    report = out / "goudenregels.html"
    html = report.read_text(encoding="utf-8")
    # The attack reached the audit data, so the report had something to escape.
    assert "<script>window.__pwned=1</script>" in result["pages"][0]["title"]
    for target in (report, _render(out, tmp_path / "en.html", "--lang", "en")):
        seen = asyncio.run(_inspect(target))
        facts = seen["facts"]
        assert facts["pwned"] == "undefined"
        assert seen["dialogs"] == [] and seen["errors"] == []
        assert facts["scripts"] == 0 and facts["handlers"] == [] and facts["iframes"] == 0
        site = result["site"]["final_url"]
        assert all(h.startswith(("#", site)) for h in facts["hrefs"]), facts["hrefs"]
        assert seen["requests"] == [seen["url"]]
        assert "<script>window.__pwned=1</script>" in facts["body"]  # shown as text
    assert "<script" not in html.lower()
    assert not re.search(r"<[a-z][^<>]*\son[a-z]+\s*=", html, re.IGNORECASE)
    tag_attr = r"""<[a-z][^<>]*?\s(?:href|src|action|formaction)=["']?([^"'\s>]*)"""
    attrs = re.findall(tag_attr, html, re.IGNORECASE)  # in real tags only: text has no "<"
    site = result["site"]["final_url"]
    assert all(a.startswith(("#", "data:image/png;base64,", site)) for a in attrs), attrs


# -- in-process audits ------------------------------------------------------------------------


def _audit(findings: list[Finding], lang: str = "nl", snapshot=None, snapshot_dir=None):
    from goudenregels.audit import Audit
    from goudenregels.plugins import Plugins
    from goudenregels.scoring import score

    snap = snapshot or snapshot_from_pages({"/": "<p>Hallo</p>"})
    plugins = Plugins(entry_points=False)
    checks = {c.code: c for c in plugins.checks()}
    return Audit(
        snapshot=snap,
        profile="webshop",
        profile_source="given",
        findings=findings,
        scores=score(findings),
        lang=lang,
        checks=checks,
        snapshot_dir=snapshot_dir,
        overviews=plugins.overviews(),
    )


def _f(code: str, status: str, weight: float = 1.0, **kw: Any) -> Finding:
    return Finding(code, code.lower(), int(code[2]), status, code, f"message {code}", weight, **kw)


def _render_audit(audit) -> str:
    from goudenregels.reports import html_report

    return html_report.render(audit, {})


def test_ranking_by_weight_then_rule_order() -> None:
    findings = [
        _f("GR101", "fail"),
        _f("GR102", "fail", 2),
        _f("GR103", "review", 5),
        _f("GR104", "pass", 5),
        _f("GR203", "fail"),
        _f("GR302", "fail", 3),
        _f("GR501", "fail"),
        _f("GR601", "fail"),
    ]
    audit = _audit(findings)
    html = _render_audit(audit)
    top = re.search(r'<ol class="improvements">(.*?)</ol>', html, re.S).group(1)
    codes = re.findall(r'<span class="code">(GR\d+)</span>', top)
    assert codes == ["GR302", "GR102", "GR101", "GR203", "GR501"]
    assert str(escape(audit.checks["GR302"].fix_nl)) in top
    assert str(escape(audit.checks["GR302"].title_nl)) in top
    english = _render_audit(_audit(findings, "en"))
    assert str(escape(audit.checks["GR302"].fix_en)) in english


def test_auditor_verdict_is_marked_with_the_original_status() -> None:
    verdict = {
        "auditor": "Jan <b>de Vries</b>",
        "note": "Vriendelijke toon",
        "original_status": "review",
    }
    findings = [_f("GR604", "pass", verdict=verdict), _f("GR103", "review")]
    html = _render_audit(_audit(findings))
    assert "Oordeel auditor: Jan &lt;b&gt;de Vries&lt;/b&gt;" in html
    assert "Vriendelijke toon" in html and "automatische uitkomst: Te beoordelen" in html
    todo = html.split('id="todo"', 1)[1].split("</section>", 1)[0]
    assert "GR103" in todo and "GR604" not in todo
    assert "Auditor's verdict: Jan" in _render_audit(_audit(findings, "en"))


def _chart_rows(html: str) -> dict[int, dict[str, Any]]:
    """Per rule: the band class of its bar group and the texts drawn in it."""
    chart = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    rows = {}
    for group in re.findall(r'<g class="rule-bar band-(\w+)">(.*?)</g>', chart, re.S):
        band, body = group
        rule = int(re.search(r'class="rlabel"[^>]*>(\d) ·', body).group(1))
        texts = dict(
            re.findall(r'<text class="(value|decided|unscored)"[^>]*>([^<]*)</text>', body)
        )
        rows[rule] = {"band": band, "bar": 'class="bar"' in body, **texts}
    return rows


def test_chart_colours_by_band_counts_decided_checks_and_never_draws_a_false_zero() -> None:
    findings = [
        _f("GR101", "pass"),
        _f("GR102", "fail"),  # rule 1: 50, needs work
        _f("GR201", "pass"),
        _f("GR202", "pass"),
        _f("GR203", "review"),  # rule 2: 100 from 2 of 3
        _f("GR301", "fail"),  # rule 3: 0, a real zero
        _f("GR401", "review"),
        _f("GR402", "error"),  # rule 4: nothing decided
        _f("GR501", "not_applicable"),  # rule 5: nothing applies
    ]
    html = _render_audit(_audit(findings))
    rows = _chart_rows(html)
    assert [rows[r]["band"] for r in RULE_TITLES] == [
        "fair",
        "good",
        "poor",
        "none",
        "none",
        "none",
    ]
    assert rows[1]["value"] == "50" and rows[1]["decided"] == "2 van 2 beoordeeld"
    assert rows[2]["value"] == "100" and rows[2]["decided"] == "2 van 3 beoordeeld"
    assert rows[3]["value"] == "0" and rows[3]["bar"]  # a zero that was measured is drawn
    for rule in (4, 5, 6):  # no decided check: "not assessed", never a bar or a 0
        assert "value" not in rows[rule] and not rows[rule]["bar"]
        assert rows[rule]["unscored"] == "niet beoordeeld"
    assert rows[4]["decided"] == "0 van 2 beoordeeld"
    assert rows[5]["decided"] == rows[6]["decided"] == "geen check van toepassing"
    assert "Regel 4, Doe niet moeilijk over formaliteiten: niet beoordeeld" in html
    # The rule's own heading says so too, and the English report in English.
    head = html.split('id="rule-4"', 1)[1].split("</p>", 2)[1]
    assert "niet beoordeeld" in head and "0 van 2 beoordeeld" in head
    english = _chart_rows(_render_audit(_audit(findings, "en")))
    assert english[4]["unscored"] == "not assessed" and english[2]["decided"] == "2 of 3 assessed"


def test_bands_have_the_legend_bounds() -> None:
    from goudenregels.reports.html_report import band

    assert [band(s) for s in (100, 90, 89, 50, 49, 0, None)] == [
        "good",
        "good",
        "fair",
        "fair",
        "poor",
        "poor",
        "none",
    ]


def test_a_rule_shows_fails_and_reviews_in_full_and_the_rest_in_one_table() -> None:
    evidence = [Evidence(url="https://www.example.nl/contact", depth=1, text="Bel ons")]
    findings = [
        _f("GR101", "pass", evidence=evidence),
        _f("GR108", "fail", evidence=evidence),
        _f("GR103", "review"),
        _f("GR104", "error"),
        _f("GR109", "not_applicable"),
    ]
    audit = _audit(findings)
    html = _render_audit(audit)
    section = html.split('id="rule-1"', 1)[1].split("</section>", 1)[0]
    cards = re.findall(r'<article class="finding[^"]*" id="(GR\d+)"', section)
    assert cards == ["GR108", "GR103", "GR104"]
    card = section.split('id="GR108"', 1)[1].split("</article>", 1)[0]
    norm = audit.checks["GR108"].text("norm", "nl")
    assert norm and str(escape(norm)) in card
    assert str(escape(audit.checks["GR108"].fix_nl)) in card
    assert "Bel ons" in card and 'href="https://www.example.nl/contact">/contact</a>' in card
    quiet = section.split('<table class="quiet', 1)[1].split("</table>", 1)[0]
    assert re.findall(r'<tr id="(GR\d+)"', quiet) == ["GR101", "GR109"]
    assert "message GR101" in quiet and "Voldoet of niet van toepassing: 2 checks" in section
    # A pass row names where it was found, by path; a passed check has no fix to offer.
    assert ">/contact</a>" in quiet.split('id="GR101"', 1)[1].split("</tr>", 1)[0]
    assert str(escape(audit.checks["GR101"].fix_nl)) not in section


def _png(size: int = 0) -> bytes:
    tiny = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=="
    )
    return tiny + b"\0" * size


def test_screenshots_are_confined_to_the_snapshot_and_capped(tmp_path) -> None:
    from goudenregels.reports.html_report import MAX_SCREENSHOT_BYTES, embed_png

    snap_dir = tmp_path / "snapshot"
    (snap_dir / "screens").mkdir(parents=True)
    (snap_dir / "screens" / "ok.png").write_bytes(_png())
    (snap_dir / "screens" / "big.png").write_bytes(_png(MAX_SCREENSHOT_BYTES))
    (snap_dir / "screens" / "fake.png").write_text("<script>alert(1)</script>")
    (tmp_path / "secret.png").write_bytes(_png())
    assert embed_png(snap_dir, "screens/ok.png")[0].startswith("data:image/png;base64,iVBOR")
    assert embed_png(snap_dir, "screens/big.png") == ("", "too_large")
    assert embed_png(snap_dir, "screens/fake.png") == ("", "missing")
    assert embed_png(snap_dir, "../secret.png") == ("", "missing")
    assert embed_png(snap_dir, str(tmp_path / "secret.png")) == ("", "missing")
    assert embed_png(snap_dir, "screens/gone.png") == ("", "missing")
    assert embed_png(None, "screens/ok.png") == ("", "missing")

    steps = [
        {"name": "product", "url": "https://www.example.nl/p", "screenshot": "screens/ok.png"},
        {"name": "add_to_cart", "url": "https://www.example.nl/p", "screenshot": "../secret.png"},
        {"name": "cart", "url": "https://www.example.nl/cart", "screenshot": "screens/gone.png"},
        {"name": "checkout", "url": "https://www.example.nl/co", "screenshot": "screens/big.png"},
    ]
    journeys = {
        "guest_checkout": {"status": "done", "steps": steps},
        "password_reset": {"status": "done", "screenshot": "screens/ok.png"},
    }
    snap = snapshot_from_pages({"/": "<p>Hallo</p>"}, {"journeys": journeys})
    findings = _run(snap, "GR110", "GR109")  # the checks return their screenshots as details
    html = _render_audit(_audit(findings, snapshot=snap, snapshot_dir=snap_dir))
    gr110 = html.split('id="GR110"', 1)[1].split("</article>", 1)[0]
    assert gr110.count("data:image/png;base64,") == 1
    assert "Schermafdruk te groot om op te nemen." in gr110 and "Productpagina" in gr110
    gr109 = html.split('id="GR109"', 1)[1].split("</article>", 1)[0]
    assert (
        gr109.count("data:image/png;base64,") == 1
        and "Pagina voor een nieuw wachtwoord geopend" in gr109
    )
    # Without a snapshot directory the report still renders, without pictures.
    assert "data:image" not in _render_audit(_audit(findings, snapshot=snap))


def _run(snap, *codes: str) -> list[Finding]:
    """The named built-in checks run on a snapshot, as the audit runs them."""
    from goudenregels.audit import run_check
    from goudenregels.checks.site import Site
    from goudenregels.plugins import Plugins

    site = Site(snap, "webshop")
    checks = {c.code: c for c in Plugins(entry_points=False).checks()}
    return [run_check(checks[code], site, "nl") for code in codes]


def _overview_rows(audit, lang: str) -> dict[str, dict]:
    from goudenregels.checks.overview import channel_overview

    table = channel_overview(audit, lang)
    return {_text(row["channel"]): row for row in table.rows}


def _text(cell) -> str:
    return getattr(cell, "text", cell)


def test_channel_rows_hours_and_norms() -> None:
    from goudenregels.words.channels import NORMS

    base = "https://www.example.nl"
    week = {d: "09:00–17:00" for d in ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag")}
    data = {
        "GR104": {
            "hours": [
                {"url": f"{base}/", "source": "structured data", "hours": week},
                {"url": f"{base}/winkel", "source": "text", "hours": {"zaterdag": "10:00–16:00"}},
            ]
        },
        "GR106": {
            "channels": [
                {"channel": "bezoek", "url": f"{base}/winkel", "depth": 1, "text": "Kom langs"},
                {"channel": "brief", "url": f"{base}/", "depth": 0, "text": "Postbus 1"},
                {"channel": "telefoon", "url": f"{base}/contact", "depth": 1, "text": "020"},
                {"channel": "video", "url": f"{base}/contact", "depth": 1, "text": "beeldbellen"},
            ]
        },
        "GR108": {
            "promises": [
                {"channel": "chat", "promise": "direct", "verdict": "pass", "url": f"{base}/"},
                {
                    "channel": "telefoon",
                    "promise": "1 minuut",
                    "verdict": "fail",
                    "url": f"{base}/",
                },
            ]
        },
    }
    findings = [_f(code, "pass", data=value) for code, value in data.items()]
    audit = _audit(findings)
    rows = _overview_rows(audit, "nl")
    assert list(rows) == ["Telefoon", "Chat", "Persoonlijk bezoek", "Videobellen", "Brief"]
    visit = rows["Persoonlijk bezoek"]
    assert visit["norm"] == NORMS["persoonlijk"].text("nl")
    assert [c.text for c in visit["hours"]] == ["za 10:00–16:00"]
    phone = rows["Telefoon"]
    assert [c.text for c in phone["hours"]] == ["ma–vr 09:00–17:00", ""]
    assert phone["hours"][-1].note == "algemene openingstijden"
    assert phone["promised"][0].text == "“1 minuut”"
    assert rows["Chat"]["where"].text == f"{base}/" and rows["Chat"]["norm"] == NORMS["chat"].text(
        "nl"
    )
    assert rows["Brief"]["norm"] is None and rows["Brief"]["hours"] is None
    assert rows["Videobellen"]["norm"] is None
    en = _overview_rows(audit, "en")
    assert en["Visit in person"]["norm"] == NORMS["persoonlijk"].text("en")
    html = _render_audit(audit)
    table = html.split('id="channels"', 1)[1].split("</table>", 1)[0]
    assert table.count("<tr>") == 6  # header and five channels
    assert "<td>–</td>" in table  # no norm for a letter or video calling


def test_hours_are_grouped_and_translated() -> None:
    from goudenregels.checks.overview import format_hours
    from goudenregels.i18n import translations

    hours = {d: "09:00–17:00" for d in ("maandag", "dinsdag", "woensdag", "donderdag")}
    hours |= {"vrijdag": "09:00–12:00", "zaterdag": "gesloten", "zondag": "gesloten"}
    assert format_hours(hours, translations("nl").gettext) == [
        ("ma–do", "09:00–17:00"),
        ("vr", "09:00–12:00"),
        ("za–zo", "gesloten"),
    ]
    assert format_hours(hours, translations("en").gettext)[-1] == ("Sat–Sun", "closed")
    assert format_hours({"dagelijks": "24 uur per dag"}, translations("en").gettext) == [
        ("daily", "24 hours a day")
    ]


# -- message catalogs -------------------------------------------------------------------------


def test_compiled_catalogs_are_up_to_date() -> None:
    from goudenregels.i18n import LANGS, compile_po, mo_path, po_path

    for lang in LANGS:
        assert mo_path(lang).read_bytes() == compile_po(po_path(lang)), (
            f"{mo_path(lang)} is stale: run 'python -m goudenregels.i18n'"
        )


def test_catalogs_translate_every_message_and_nothing_else() -> None:
    from goudenregels.i18n import LANGS, extract_messages, parse_po, po_path

    used = {m if p is None else f"{m}\0{p}" for m, p in extract_messages().items()}
    assert len(used) > 50
    for lang in LANGS:
        entries = parse_po(po_path(lang).read_text(encoding="utf-8"))
        entries.pop("")  # the header
        hint = "run 'python -m goudenregels.i18n extract' and translate what it lists"
        assert sorted(used - set(entries)) == [], f"untranslated in {lang}: {hint}"
        assert sorted(set(entries) - used) == [], f"unused in {lang}: {hint}"
        for key, value in entries.items():
            # Placeholders survive translation.
            fields = sorted(re.findall(r"%\(\w+\)s", key.split("\0")[0]))
            assert sorted(re.findall(r"%\(\w+\)s", value.split("\0")[0])) == fields, key


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt not installed")
def test_catalogs_agree_with_gnu_msgfmt(tmp_path) -> None:
    import gettext

    from goudenregels.i18n import LANGS, extract_messages, mo_path, po_path

    for lang in LANGS:
        target = tmp_path / f"{lang}.mo"
        proc = subprocess.run(
            ["msgfmt", "--check", "-o", str(target), str(po_path(lang))],
            capture_output=True,
            text=True,
        )
        assert proc.returncode == 0, proc.stderr
        theirs = gettext.GNUTranslations(target.open("rb"))
        ours = gettext.GNUTranslations(mo_path(lang).open("rb"))
        for msgid, plural in extract_messages().items():
            if plural is None:
                assert ours.gettext(msgid) == theirs.gettext(msgid)
            else:
                for n in (1, 2):
                    assert ours.ngettext(msgid, plural, n) == theirs.ngettext(msgid, plural, n)


def test_unknown_language_falls_back_to_english_msgids() -> None:
    from goudenregels.i18n import translations

    assert translations("fr").gettext("Overall score") == "Overall score"
    assert translations("nl").gettext("Overall score") == "Totaalscore"
    assert translations("en").gettext("Overall score") == "Overall score"


def test_evidence_is_rendered_as_text_with_a_breadcrumb() -> None:
    evidence = [
        Evidence(
            url="https://www.example.nl/klantenservice?a=1&b=<x>",
            depth=2,
            click_path=[
                "https://www.example.nl/",
                "https://www.example.nl/hulp",
                "https://www.example.nl/klantenservice?a=1&b=<x>",
            ],
            text='Bel "><img src=x onerror=alert(1)>',
            kind=QUOTE,
        )
    ]
    html = _render_audit(_audit([_f("GR101", "fail", evidence=evidence)]))
    article = html.split('id="GR101"', 1)[1].split("</article>", 1)[0]
    assert "https://www.example.nl/klantenservice?a=1&amp;b=&lt;x&gt;" in article
    assert "klikdiepte 2" in article
    crumbs = re.findall(r'<li>(?:<span class="url">|<a class="url" href="[^"]*">)([^<]*)<', article)
    assert crumbs == ["homepage", "/hulp", "/klantenservice?a=1&amp;b=&lt;x&gt;"]
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in article
    # The page links to its full address, escaped; the quote is text, never a link.
    assert 'href="https://www.example.nl/klantenservice?a=1&amp;b=&lt;x&gt;"' in article
    assert "<a " not in article.split('class="site-quote"', 1)[1].split("</q>", 1)[0]


def _noted_snapshot():
    from goudenregels.i18n import N_plural

    snap = snapshot_from_pages({"/": "<p>Hallo</p>"})
    snap.add_note(
        N_plural(
            "the crawl stopped at its page limit of %(limit)s; %(count)s more page was found",
            "the crawl stopped at its page limit of %(limit)s; %(count)s more pages were found",
        ),
        limit=3,
        count=7,
    )
    snap.notes.append("an English note from an older snapshot")
    return snap


def test_crawl_notes_are_shown_in_the_report_language() -> None:
    snap = _noted_snapshot()
    assert snap.notes[0] == "the crawl stopped at its page limit of 3; 7 more pages were found"
    assert snap.note_keys == [
        {
            "msgid": "the crawl stopped at its page limit of %(limit)s; %(count)s more page was found",
            "plural": "the crawl stopped at its page limit of %(limit)s; "
            "%(count)s more pages were found",
            "args": {"limit": 3, "count": 7},
        }
    ]
    nl = _render_audit(_audit([], "nl", snapshot=snap))
    assert "de crawl stopte bij zijn paginalimiet van 3; er zijn nog 7 pagina&#39;s gevonden" in nl
    assert "page limit of 3" not in nl
    # A note without its msgid (a snapshot from before note_keys) is shown as it is.
    assert "an English note from an older snapshot" in nl
    en = _render_audit(_audit([], "en", snapshot=snap))
    assert "the crawl stopped at its page limit of 3; 7 more pages were found" in en


def test_crawl_notes_in_the_text_report_and_through_the_snapshot_file(tmp_path) -> None:
    import io
    import json

    from rich.console import Console

    from goudenregels.reports import text_report
    from goudenregels.snapshot import Snapshot

    meta = json.loads(json.dumps(_noted_snapshot().meta_dict()))
    snap = Snapshot(**{k: v for k, v in meta.items() if k not in ("page_count",)})
    out = io.StringIO()
    console = Console(file=out, width=200, color_system=None)
    for item in text_report.renderables(_audit([], "nl", snapshot=snap)):
        console.print(item)
    text = out.getvalue()
    assert "de crawl stopte bij zijn paginalimiet van 3" in text
    assert "an English note from an older snapshot" in text
    # An old snapshot.json without note_keys still loads and shows its English notes.
    meta.pop("note_keys")
    old = Snapshot(**{k: v for k, v in meta.items() if k not in ("page_count",)})
    assert old.translated_notes(lambda s: "X") == old.notes


def test_only_web_addresses_become_links_and_are_shown_by_path() -> None:
    from goudenregels.reports.html_report import link_target, site_path

    site = "https://www.example.nl/"
    assert link_target("https://www.example.nl/a?b=1") == "https://www.example.nl/a?b=1"
    assert link_target("HTTP://www.example.nl/") == "HTTP://www.example.nl/"
    for bad in (
        "javascript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>x</script>",
        "/relative/path",
        "//www.example.nl/no-scheme",
        "mailto:info@example.nl",
        " https://www.example.nl/padded",
        None,
        42,
    ):
        assert link_target(bad) == "", bad
    assert site_path("https://www.example.nl/a/b?c=1", site) == "/a/b?c=1"
    assert site_path("https://www.example.nl", site) == "/"
    assert site_path("https://other.example.com/x", site) == "other.example.com/x"
    assert site_path("https://other.example.com/", site) == "other.example.com"
    assert site_path("not a url", site) == "not a url"
    # A non-link address is drawn as escaped text.
    evidence = [Evidence(url="javascript:alert(1)", text="Bel ons")]
    html = _render_audit(_audit([_f("GR101", "fail", evidence=evidence)]))
    article = html.split('id="GR101"', 1)[1].split("</article>", 1)[0]
    assert '<span class="url">javascript:alert(1)</span>' in article and "<a " not in article
