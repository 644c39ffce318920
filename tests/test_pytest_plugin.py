"""The pytest plugin, run with pytester against the facts fixture site on 127.0.0.1.

One crawl of the site is saved for the module and most runs score it (--goudenregels-snapshot);
the runs that must crawl themselves (the plugin's own crawl, xdist) crawl the small site once
each. The plugin is loaded with -p: the pytest11 entry point needs the package reinstalled.
"""

from __future__ import annotations

import json
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.helpers import ROOT, run_cli

pytest_plugins = ["pytester"]
PLUGIN = ("-p", "goudenregels.pytest_plugin")
FACTS_TOML = """\
journeys = false
max_pages = 10

[facts]
phones = [{ number = "0800 123 456", purpose = "klantenservice" }]
emails = ["service@fietsenmaker-voorbeeld.nl"]
complaint_term = "binnen 14 dagen"
kvk = "12345678"

[facts.hours]
telefoon = "ma-vr 09:00-17:00"
"""
OWN_TESTS = """\
def test_contact_page_shows_0800(gr_site):
    on_contact = [
        ph.e164 for page, ph in gr_site.published_phones() if page.url.endswith("/contact.html")
    ]
    assert "+31800123456" in on_contact

def test_the_audit_has_findings(gr_audit):
    assert {f.code for f in gr_audit.findings} >= {"GR101", "GR701"}
"""


@pytest.fixture(scope="module")
def facts_snapshot(site_url, tmp_path_factory) -> Path:
    """The facts site crawled once for this module, as 'goudenregels crawl' saves it."""
    out = tmp_path_factory.mktemp("facts-snapshot")
    proc = run_cli("crawl", site_url("facts"), "-o", str(out), "--no-journeys", "-q", "--force")
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    """A team's project: goudenregels.toml with declared facts and a test of its own."""
    pytester.makefile(".toml", goudenregels=FACTS_TOML)
    pytester.makepyfile(test_own=OWN_TESTS)
    return pytester


def test_each_check_is_an_item_and_a_failure_carries_the_evidence(project, facts_snapshot):
    junit = project.path / "junit.xml"
    result = project.runpytest(
        *PLUGIN, f"--goudenregels-snapshot={facts_snapshot}", f"--junitxml={junit}", "-v"
    )
    outcomes = result.parseoutcomes()
    assert outcomes.get("failed", 0) >= 1 and outcomes.get("passed", 0) >= 3
    result.stdout.fnmatch_lines(["*goudenregels::GR701-declared-numbers FAILED*"])
    result.stdout.fnmatch_lines(["*goudenregels::GR709-declared-company-number PASSED*"])
    result.stdout.fnmatch_lines(["*test_own.py::test_contact_page_shows_0800 PASSED*"])
    cases = {c.get("name"): c for c in ET.parse(junit).getroot().iter("testcase")}
    failure = cases["GR701-declared-numbers"].find("failure")
    assert failure is not None
    # The message names the wrong number, the page it is on and the click path to it.
    text = failure.get("message", "") + (failure.text or "")
    assert "030 765 4321" in text and "klachten.html" in text and "click path" in text
    assert cases["GR702-declared-on-contact-page"].find("failure") is None
    # Checks that do not apply (no dispute body declared) are skipped by default.
    assert cases["GR708-declared-dispute-body"].find("skipped") is not None


def test_k_and_x_select_and_stop(project, facts_snapshot):
    result = project.runpytest(
        *PLUGIN, f"--goudenregels-snapshot={facts_snapshot}", "-k", "GR70", "-x"
    )
    outcomes = result.parseoutcomes()
    # GR701 fails first: -x stops the run there, -k left out every other check and test.
    assert outcomes.get("failed") == 1 and "passed" not in outcomes
    assert outcomes.get("deselected", 0) > 30


def test_review_and_not_applicable_become_what_the_ini_says(project, facts_snapshot):
    project.makeini("[pytest]\ngoudenregels_review = xfail\ngoudenregels_not_applicable = pass\n")
    result = project.runpytest(*PLUGIN, f"--goudenregels-snapshot={facts_snapshot}", "-rxs")
    outcomes = result.parseoutcomes()
    audit = _audit(facts_snapshot, project.path)
    reviews = sum(1 for f in audit["findings"] if f["status"] == "review")
    assert reviews and outcomes.get("xfailed") == reviews
    assert "skipped" not in outcomes  # not applicable passes now


def test_a_bad_outcome_setting_is_a_usage_error(project, facts_snapshot):
    project.makeini("[pytest]\ngoudenregels_review = maybe\n")
    result = project.runpytest(*PLUGIN, f"--goudenregels-snapshot={facts_snapshot}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*goudenregels_review = 'maybe'*"])


def test_the_plugin_is_off_unless_asked_for(project):
    result = project.runpytest(*PLUGIN, "-rs")
    outcomes = result.parseoutcomes()
    assert "goudenregels::" not in result.stdout.str()
    # The team's own tests that use the fixtures skip with how to turn it on.
    assert outcomes.get("skipped") == 2
    result.stdout.fnmatch_lines(["*--goudenregels URL*"])


def test_it_crawls_the_url_once_across_xdist_workers(pytester, site_url, tmp_path):
    pytest.importorskip("xdist")
    pytester.makefile(".toml", goudenregels=FACTS_TOML)
    record = tmp_path / "record"
    record.mkdir()
    pytester.makepyfile(
        test_record=f"""
import os
from goudenregels.pytest_plugin import session_audit

def test_record(request, gr_audit):
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    crawled = session_audit(request.config)["crawled_here"]
    (__import__("pathlib").Path({str(record)!r}) / worker).write_text(str(crawled))
    assert len(gr_audit.snapshot.pages) == 3
"""
    )
    result = pytester.runpytest_subprocess(
        *PLUGIN, "-p", "xdist", "-n", "2", "--dist", "each", "--goudenregels", site_url("facts")
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED  # GR701 fails on the old number
    flags = {p.name: p.read_text() for p in record.iterdir()}
    assert sorted(flags) == ["gw0", "gw1"]
    assert sorted(flags.values()) == ["False", "True"]  # one crawled, the other read its save


def test_the_entry_point_is_registered() -> None:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    entry = data["project"]["entry-points"]["pytest11"]
    assert entry == {"goudenregels.pytest_plugin": "goudenregels.pytest_plugin"}


def _audit(snapshot: Path, cwd: Path) -> dict:
    """The same snapshot scored by the command line, with the project's settings file."""
    out = cwd / "cli-report.json"
    proc = run_cli("check", str(snapshot), "-f", "json", "-o", str(out), "-q", cwd=cwd)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(out.read_text())


def test_bad_facts_are_a_usage_error_before_any_crawl(pytester):
    pytester.makefile(".toml", goudenregels='[facts]\nphones = ["12"]\n')
    result = pytester.runpytest(*PLUGIN, "--goudenregels", "http://127.0.0.1:9/")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*goudenregels: *facts.phones: '12' is not a phone number*"])


def test_a_site_that_cannot_be_audited_fails_each_item_in_one_line(pytester):
    pytester.makefile(".toml", goudenregels="journeys = false\n")
    result = pytester.runpytest(*PLUGIN, "--goudenregels", "http://127.0.0.1:9/", "-k", "GR10")
    outcomes = result.parseoutcomes()
    assert outcomes.get("failed", 0) >= 5 and "passed" not in outcomes
    text = result.stdout.str()
    assert text.count("goudenregels could not audit http://127.0.0.1:9/") >= 5
    assert "Traceback" not in text
