"""Runs every case in tests/checks/GR*.yml: HTML snippets in, expected status and evidence out."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
import yaml

from goudenregels.audit import run_check
from goudenregels.checks.site import Site
from goudenregels.facts import parse_facts
from goudenregels.plugins import Plugins
from goudenregels.worktime import parse_moment
from tests.helpers import BASE, snapshot_from_pages

CASES_DIR = Path(__file__).parent / "checks"
CHECKS = {c.code: c for c in Plugins(entry_points=False).checks()}


def _cases():
    for path in sorted(CASES_DIR.glob("GR*.yml")):
        code = path.stem
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            yield pytest.param(code, case, id=f"{code}-{case['name']}")


@pytest.mark.parametrize(("code", "case"), list(_cases()))
def test_check_case(code: str, case: dict) -> None:
    base = case.get("base", BASE)
    snapshot = snapshot_from_pages(case["pages"], case.get("snapshot"), base, case.get("phone"))
    now = parse_moment(case["now"]) if "now" in case else None
    # Declared facts ([facts] of goudenregels.toml) as the case gives them, read as the file is.
    facts = parse_facts(case["facts"], f"{code}.yml") if "facts" in case else None
    profile = case.get("profile", "algemeen")
    site = Site(snapshot, profile, case.get("measurements"), now=now, facts=facts)
    finding = run_check(CHECKS[code], site, "en")
    detail = f"{finding.status}: {finding.message} {[e.plain() for e in finding.evidence]}"
    assert finding.status == case["status"], detail
    for needle in case.get("evidence", []):
        assert any(needle in _shown(e) or needle in e.url for e in finding.evidence), (
            needle,
            detail,
        )
    if "message" in case:
        assert case["message"] in finding.message, detail
    for key, value in case.get("data", {}).items():
        assert finding.data.get(key) == value, (key, finding.data)
    for ev in finding.evidence:
        # Evidence points at the site, or at nothing (a measured reaction has no page).
        assert not ev.url or ev.url.startswith(f"{base}/")
    assert_quotes_are_the_sites(finding.evidence, snapshot)


def _shown(ev: Any) -> str:
    """An evidence item as the case files name it: 'label: text (note)', without quote marks."""
    line = f"{ev.label}: {ev.text}" if ev.label and ev.text else ev.label or ev.text
    return f"{line} ({ev.note})" if ev.note else line


def _strings(value: Any) -> list[str]:
    """Every string in a page's data: its text, titles, link and button texts, labels..."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def _squash(text: str) -> str:
    return " ".join(text.split())


def assert_quotes_are_the_sites(evidence: list, snapshot: Any) -> None:
    """A quote holds only the site's words: each part of it (between "…" cuts) stands in what
    was read from its page (or what a journey read on the live site). The tool's own words must
    be a note, a label or a note after it."""
    pages = {p.address: p for p in snapshot.pages}
    # A page read again as a phone is quoted from either reading of it.
    phone = {p.address: p for p in snapshot.phone_pages}
    journeys = [_squash(s) for s in _strings(snapshot.journeys)]
    for ev in evidence:
        if ev.kind != "quote" or not ev.text:
            continue
        page = pages.get(ev.url)
        # A page only a journey opened (the checkout) is quoted from what the journey read.
        assert page is not None or journeys, f"a quote without its page: {ev}"
        read = _strings(dataclasses.asdict(page)) if page is not None else []
        if ev.url in phone:
            read += _strings(dataclasses.asdict(phone[ev.url]))
        said = [_squash(s) for s in read] + journeys
        for part in ev.text.split("…"):
            part = _squash(part)
            assert not part or any(part in s for s in said), (
                f"quoted but not on the page: {part!r} ({ev.plain()})"
            )


def test_every_builtin_check_has_cases_for_each_status_it_can_give() -> None:
    present = {p.stem for p in CASES_DIR.glob("GR*.yml")}
    assert set(CHECKS) <= present, f"checks without a case file: {sorted(set(CHECKS) - present)}"
    for code in CHECKS:
        statuses = {c["status"] for c in yaml.safe_load((CASES_DIR / f"{code}.yml").read_text())}
        # Every check is tested on at least two outcomes; checks that only hand evidence to the
        # auditor (review) have no pass case by design.
        assert len(statuses) >= 2 and ({"fail", "review"} & statuses), (code, statuses)
        assert "pass" in statuses or CHECKS[code].weight == 0 or "review" in statuses, code
