"""The junit reporter: JUnit XML for CI, one test suite per rule and one test case per check.

The layout is the common JUnit schema that Jenkins, GitLab, GitHub test-report actions and Azure
DevOps read::

    <testsuites name="goudenregels" tests failures errors skipped time="0">
      <testsuite name="Regel 1: …" tests failures errors skipped time="0">
        <properties>site, profile, score</properties>
        <testcase classname="goudenregels.rule1" name="GRnnn slug: …" time="0">

Statuses map as follows:

- ``pass``: a passing test case;
- ``fail``: ``<failure type="fail" message="…">`` with the message and every piece of evidence
  (URL, click depth, click path, text) as its body;
- ``error`` (the check itself crashed): ``<error type="error" message="…">``;
- ``not_applicable``: ``<skipped message="…"/>``;
- ``review``: by default a **passing** test case whose ``<system-out>`` says it needs review and
  lists the evidence, because a review is not a defect until a person decides it is, and a red
  CI build for it would train people to ignore the report. With the option
  ``review_as="failure"`` (what the CLI passes when the user gates on review) a review is a
  ``<failure type="review">`` instead, and counts as a failure.

Time is always "0": the checks run over a snapshot, and their durations mean nothing to CI.
Text from the site is stripped of characters XML 1.0 cannot carry; ElementTree escapes the rest.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from goudenregels.hookspecs import hookimpl
from goudenregels.i18n import LANGS, N_, translate_all
from goudenregels.model import (
    ERROR,
    FAIL,
    NOT_APPLICABLE,
    REVIEW,
    RULE_TITLES,
    Reporter,
    rule_title,
)

# Everything XML 1.0 forbids (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF):
# ElementTree would write them as they are and produce a file no parser accepts.
_ILLEGAL_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

# Labels of the test cases: English msgids, translated into the report's language.
_LABELS = {
    "rule": N_("Rule"),
    "depth": N_("click depth"),
    "path": N_("click path"),
    "review": N_("Needs review by a person"),
    "verdict": N_("Verdict by"),
}


def _clean(text: Any) -> str:
    return _ILLEGAL_XML.sub("", str(text))


def _details(finding: Any, labels: dict[str, str]) -> str:
    """The message, an auditor's verdict if any, and one block per piece of evidence."""
    lines = [finding.message]
    if finding.verdict:
        who = finding.verdict.get("auditor") or "?"
        note = finding.verdict.get("note") or ""
        lines.append(f"{labels['verdict']} {who}: {note}".rstrip(": "))
    for ev in finding.evidence:
        where = ev.url or "-"
        if ev.depth is not None:
            where += f" ({labels['depth']} {ev.depth})"
        lines.append(f"- {where}")
        if ev.click_path:
            lines.append(f"  {labels['path']}: {' > '.join(ev.click_path)}")
        if ev.found_by:
            lines.append(f"  {ev.found_by}")
        if ev.text or ev.label:
            lines.append(f"  {ev.plain()}")
    return _clean("\n".join(lines))


def render(audit: Any, options: dict[str, Any]) -> str:
    lang = audit.lang if audit.lang in LANGS else "en"
    labels = translate_all(_LABELS, lang)
    review_fails = options.get("review_as") == "failure"
    snap = audit.snapshot
    site = snap.final_url or snap.start_url

    root = ET.Element("testsuites", name="goudenregels")
    totals = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
    # Sorted so the same audit always gives the same file, whatever order plugins ran in.
    findings = sorted(audit.findings, key=lambda f: (f.rule, f.code))
    for rule in RULE_TITLES:
        members = [f for f in findings if f.rule == rule]
        if not members:  # e.g. --select GR1: an empty suite would only be noise in CI
            continue
        suite = ET.SubElement(
            root, "testsuite", name=_clean(f"{labels['rule']} {rule}: {rule_title(rule, lang)}")
        )
        props = ET.SubElement(suite, "properties")
        ET.SubElement(props, "property", name="site", value=_clean(site))
        ET.SubElement(props, "property", name="profile", value=_clean(audit.profile))
        rule_score = audit.scores.rules.get(rule)
        if rule_score is not None:
            ET.SubElement(props, "property", name="score", value=str(rule_score))
        counts = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
        for f in members:
            counts["tests"] += 1
            case = ET.SubElement(
                suite,
                "testcase",
                classname=f"goudenregels.rule{rule}",
                name=_clean(f"{f.code} {f.slug}: {f.title}"),
                time="0",
            )
            message = _clean(f.message)
            if f.status == FAIL or (f.status == REVIEW and review_fails):
                counts["failures"] += 1
                node = ET.SubElement(case, "failure", message=message, type=f.status)
                node.text = _details(f, labels)
            elif f.status == ERROR:
                counts["errors"] += 1
                node = ET.SubElement(case, "error", message=message, type="error")
                node.text = _details(f, labels)
            elif f.status == NOT_APPLICABLE:
                counts["skipped"] += 1
                ET.SubElement(case, "skipped", message=message)
            elif f.status == REVIEW:
                out = ET.SubElement(case, "system-out")
                out.text = f"{labels['review']}.\n{_details(f, labels)}"
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("time", "0")
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", "0")
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


@hookimpl
def goudenregels_reporters():
    return [Reporter("junit", "xml", render, "JUnit XML: one test case per check")]
