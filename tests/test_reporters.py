"""The junit, sarif and markdown reporters, on audits built without a browser and via the CLI."""

from __future__ import annotations

import copy
import json
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from goudenregels.audit import Audit, build_audit
from goudenregels.model import RULE_TITLES, STATUSES, rule_title
from goudenregels.plugins import Plugins
from goudenregels.reports import junit_report, markdown_report, sarif_report
from goudenregels.reports.markdown_report import escape
from tests.helpers import BASE, run_cli, snapshot_from_pages

PLUGINS = Path(__file__).parent / "plugins"
MALICIOUS = "| ](javascript:alert(1)) <img src=x onerror=alert(1)>"

PAGES = {
    "/": "<html><head><title>Home</title></head><body><a href='/contact'>Contact</a>"
    "<footer>Bel 020 123 4567</footer></body></html>",
    "/contact": "<html><head><title>Contact</title></head><body>"
    "<p>Mail info@example.nl. Wij reageren binnen 5 werkdagen.</p></body></html>",
}


@pytest.fixture(scope="module")
def plugins() -> Plugins:
    # extra_check brings GR191, a check that raises: the source of a real 'error' finding.
    sys.path.insert(0, str(PLUGINS))
    try:
        return Plugins(load=["extra_check"], entry_points=False)
    finally:
        sys.path.remove(str(PLUGINS))


@pytest.fixture
def audit(plugins) -> Audit:
    audit = build_audit(snapshot_from_pages(PAGES), plugins.checks(), plugins.profiles())
    statuses = {f.status for f in audit.findings}
    assert statuses == set(STATUSES), "the fixture site must give every status"
    return audit


def _by(audit: Audit, status: str) -> list:
    return [f for f in audit.findings if f.status == status]


def _with_evidence(audit: Audit, status: str):
    return next(f for f in _by(audit, status) if any(ev.url for ev in f.evidence))


# -- JUnit -------------------------------------------------------------------------------------


def test_junit_counts_match_statuses(audit) -> None:
    root = ET.fromstring(junit_report.render(audit, {}))
    counts = Counter(f.status for f in audit.findings)
    assert root.tag == "testsuites"
    assert int(root.get("tests")) == len(audit.findings)
    assert int(root.get("failures")) == counts["fail"]  # reviews pass by default
    assert int(root.get("errors")) == counts["error"]
    assert int(root.get("skipped")) == counts["not_applicable"]
    assert root.get("time") == "0"

    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [
        f"Regel {rule}: {rule_title(rule, 'nl')}"
        for rule in RULE_TITLES
        if any(f.rule == rule for f in audit.findings)
    ]
    for suite in suites:
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == sum(c.find("failure") is not None for c in cases)
        assert int(suite.get("errors")) == sum(c.find("error") is not None for c in cases)
        assert int(suite.get("skipped")) == sum(c.find("skipped") is not None for c in cases)
        assert suite.get("time") == "0"
    cases = {c.get("name").split()[0]: c for c in root.iter("testcase")}
    assert len(cases) == len(audit.findings)
    for f in audit.findings:
        case = cases[f.code]
        assert case.get("classname") == f"goudenregels.rule{f.rule}"
        assert case.get("name") == f"{f.code} {f.slug}: {f.title}"
    error = _by(audit, "error")[0]
    assert "boom" in cases[error.code].find("error").get("message")
    for f in _by(audit, "not_applicable"):
        assert cases[f.code].find("skipped").get("message") == f.message
    for f in _by(audit, "pass"):
        assert list(cases[f.code]) == []


def test_junit_failure_has_message_and_evidence(audit) -> None:
    fail = _with_evidence(audit, "fail")
    root = ET.fromstring(junit_report.render(audit, {}))
    case = next(c for c in root.iter("testcase") if c.get("name").startswith(fail.code))
    failure = case.find("failure")
    assert failure.get("message") == fail.message
    ev = next(ev for ev in fail.evidence if ev.url)
    assert fail.message in failure.text
    assert ev.url in failure.text and f"klikdiepte {ev.depth}" in failure.text
    assert ev.text in failure.text


def test_junit_reviews_pass_by_default_and_fail_on_request(audit) -> None:
    reviews = _by(audit, "review")
    default = ET.fromstring(junit_report.render(audit, {}))
    gated = ET.fromstring(junit_report.render(audit, {"review_as": "failure"}))
    for f in reviews:
        case = next(c for c in default.iter("testcase") if c.get("name").startswith(f.code))
        assert case.find("failure") is None
        out = case.find("system-out").text
        assert "beoordeeld" in out and f.message in out
        case = next(c for c in gated.iter("testcase") if c.get("name").startswith(f.code))
        assert case.find("failure").get("type") == "review"
    assert int(gated.get("failures")) == int(default.get("failures")) + len(reviews)


def test_junit_strips_characters_xml_cannot_hold(audit) -> None:
    fail = _with_evidence(audit, "fail")
    fail.message = "bad\x00\x01\x0b\x1f\udfff\ufffe byte"
    fail.evidence[0].text = "<script>&\x08</script>"
    root = ET.fromstring(junit_report.render(audit, {}))  # parses: nothing illegal left
    case = next(c for c in root.iter("testcase") if c.get("name").startswith(fail.code))
    assert case.find("failure").get("message") == "bad byte"
    assert "<script>&</script>" in case.find("failure").text


def test_junit_english(audit) -> None:
    audit.lang = "en"
    root = ET.fromstring(junit_report.render(audit, {}))
    assert root.find("testsuite").get("name") == f"Rule 1: {rule_title(1, 'en')}"


# -- SARIF -------------------------------------------------------------------------------------


def _validate_sarif(log: dict) -> None:
    """The structure SARIF 2.1.0 requires, as far as this tool fills it in."""
    assert log["version"] == "2.1.0"
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "goudenregels" and driver["version"]
    rules = driver["rules"]
    assert len({r["id"] for r in rules}) == len(rules)
    for rule in rules:
        assert rule["id"] and rule["shortDescription"]["text"]
        assert re.fullmatch(r"[A-Z][A-Za-z0-9]*", rule["name"])
        assert rule["defaultConfiguration"]["level"] in ("error", "warning")
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["message"]["text"]
        assert result["locations"]
        for loc in result["locations"] + result.get("relatedLocations", []):
            assert re.match(r"https?://", loc["physicalLocation"]["artifactLocation"]["uri"])
            assert "region" not in loc["physicalLocation"]  # a region needs a start we lack
        # SARIF 3.27.10: any kind other than "fail" must have level "none".
        if result.get("kind", "fail") != "fail":
            assert result["level"] == "none"
        assert result["level"] in ("none", "note", "warning", "error")
    assert run["invocations"][0]["executionSuccessful"] is True


def test_sarif_structure_and_results(audit) -> None:
    log = json.loads(sarif_report.render(audit, {}))
    _validate_sarif(log)
    run = log["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == sorted(audit.checks)
    results = {r["ruleId"]: r for r in run["results"]}
    shown = [f for f in audit.findings if f.status in ("fail", "review", "error")]
    assert sorted(results) == sorted(f.code for f in shown)
    for f in shown:
        result = results[f.code]
        assert result["message"]["text"] == f.message
        assert result["properties"]["status"] == f.status
        if f.status == "fail":
            assert result["level"] == ("error" if f.weight >= 2 else "warning")
        elif f.status == "review":
            assert result["kind"] == "review"
        else:
            assert result["properties"]["checkError"] is True and result["level"] == "warning"
    fail = _with_evidence(audit, "fail")
    location = results[fail.code]["locations"][0]
    ev = next(ev for ev in fail.evidence if ev.url)
    assert location["physicalLocation"]["artifactLocation"]["uri"] == ev.url
    assert location["message"]["text"] == ev.plain()
    rule = run["tool"]["driver"]["rules"][results[fail.code]["ruleIndex"]]
    assert rule["properties"]["tags"][0] == f"rule-{fail.rule}"
    assert "**Waarom**" in rule["help"]["markdown"]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert [n["associatedRule"]["id"] for n in notes] == [f.code for f in _by(audit, "error")]
    assert run["properties"]["scores"]["overall"] == audit.scores.overall


def test_sarif_all_includes_pass_and_not_applicable(audit) -> None:
    log = json.loads(sarif_report.render(audit, {"sarif_all": True}))
    _validate_sarif(log)
    kinds = Counter(r["kind"] for r in log["runs"][0]["results"])
    counts = Counter(f.status for f in audit.findings)
    assert kinds["pass"] == counts["pass"]
    assert kinds["notApplicable"] == counts["not_applicable"]
    assert sum(kinds.values()) == len(audit.findings)


def test_sarif_fingerprints_are_stable_and_distinct(audit) -> None:
    def prints(a: Audit) -> dict[str, str]:
        log = json.loads(sarif_report.render(a, {"sarif_all": True}))
        return {
            r["ruleId"]: r["partialFingerprints"]["goudenregels/v1"]
            for r in log["runs"][0]["results"]
        }

    first = prints(audit)
    assert first == prints(audit)
    assert len(set(first.values())) == len(first)
    # Another wording of the message or another click depth is still the same finding ...
    again = copy.deepcopy(audit)
    fail = _with_evidence(again, "fail")
    fail.message = "reworded"
    for ev in fail.evidence:
        ev.depth = 7
    assert prints(again) == first
    # ... but evidence on another page is not.
    next(ev for ev in fail.evidence if ev.url).url = f"{BASE}/elders"
    assert prints(again)[fail.code] != first[fail.code]


# -- Markdown ----------------------------------------------------------------------------------


def _html(markdown: str) -> str:
    markdown_it = pytest.importorskip("markdown_it")
    # Raw HTML allowed on purpose: anything not escaped by the reporter would come through.
    return markdown_it.MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)


def test_markdown_summary(audit) -> None:
    text = markdown_report.render(audit, {})
    lines = text.splitlines()
    assert lines[0].startswith("## Gouden Regels: ")
    assert f"{audit.scores.overall}/100" in lines[0] and "dekking" in lines[0]
    assert "| Regel | Score | ✔ | ✘ | ? |" in lines
    for rule in RULE_TITLES:
        score = audit.scores.rules[rule]
        assert any(
            line.startswith(
                f"| {rule}. {rule_title(rule, 'nl')} | {'—' if score is None else score} |"
            )
            for line in lines
        )
    for f in _by(audit, "fail"):
        assert any(line.startswith(f"- **{f.code}** {escape(f.title)} — ") for line in lines)
    fail = _with_evidence(audit, "fail")
    line = next(line for line in lines if line.startswith(f"- **{fail.code}**"))
    assert line.endswith(f"<{next(ev.url for ev in fail.evidence if ev.url)}>")
    details = text[text.index("<details>") : text.index("</details>")]
    assert all(f"**{f.code}**" in details for f in _by(audit, "review"))
    assert lines[-1] == f"<sub>goudenregels {markdown_report.__version__}</sub>"
    html = _html(text)
    assert html.count("<tr>") == 1 + len(RULE_TITLES) + 1  # header, six rules, total


def test_markdown_neutralises_site_text(audit) -> None:
    fail = _with_evidence(audit, "fail")
    fail.message = f"{MALICIOUS} see https://evil.example www.evil.example @octocat #1"
    review = _by(audit, "review")[0]
    review.title = MALICIOUS
    text = markdown_report.render(audit, {})
    assert "<img" not in text and not re.search(r"(?<!\\)\]\(", text)
    html = _html(text)
    assert "<img" not in html
    # The only links are the ones the reporter made: the audited site's own pages.
    assert all(href.startswith(BASE) for href in re.findall(r'href="([^"]*)"', html))
    assert "@octocat" not in html and "#1" not in html  # no GitHub mention or issue link
    # In a table cell the text stays in its one cell.
    cell = _html(f"| a | b |\n|---|---|\n| {escape(MALICIOUS)} | z |\n")
    assert cell.count("<td>") == 2 and "<img" not in cell


def test_markdown_escape_and_link() -> None:
    assert escape("a\nb\r\n\tc") == "a b c"
    assert escape("x" * 50, limit=10) == "x" * 9 + "…"
    assert markdown_report.link(f"{BASE}/contact") == f"<{BASE}/contact>"
    assert markdown_report.link("https://x.nl/<b>") == "https\\://x.nl/&lt;b&gt;"


def test_markdown_truncates_long_lists(audit) -> None:
    template = _with_evidence(audit, "fail")
    for n in range(30):
        extra = copy.deepcopy(template)
        extra.code = f"GR9{n:02d}"
        audit.findings.append(extra)
    text = markdown_report.render(audit, {})
    assert len(text.splitlines()) < 60
    fails = len(_by(audit, "fail"))
    shown = markdown_report.MAX_FAILURES
    assert f"… en nog {fails - shown}" in text


# -- all three -----------------------------------------------------------------------------------


@pytest.mark.parametrize("reporter", [junit_report, sarif_report, markdown_report])
def test_output_is_deterministic(audit, reporter) -> None:
    first = reporter.render(audit, {})
    assert reporter.render(audit, {}) == first
    audit.findings.reverse()
    assert reporter.render(audit, {}) == first


def test_cli_writes_all_three(audited, tmp_path) -> None:
    _, out_dir = audited("gemeente")
    proc = run_cli(
        "check", str(out_dir / "snapshot"), "-f", "junit,sarif,markdown", "-o", str(tmp_path), "-q"
    )
    assert proc.returncode == 0, proc.stderr
    root = ET.parse(tmp_path / "goudenregels.xml").getroot()
    assert root.tag == "testsuites" and int(root.get("tests")) > 30
    _validate_sarif(json.loads((tmp_path / "goudenregels.sarif").read_text(encoding="utf-8")))
    markdown = (tmp_path / "goudenregels.md").read_text(encoding="utf-8")
    assert markdown.startswith("## Gouden Regels: ") and "| Regel | Score |" in markdown
