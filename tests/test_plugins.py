"""Plugins: -p loads a module, -p no: disables one, entry points load, broken ones are skipped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import run_cli

PLUGINS = str(Path(__file__).parent / "plugins")
ENV = {"PYTHONPATH": PLUGINS}


@pytest.fixture(scope="module")
def snapshot_dir(audited) -> Path:
    return audited("gemeente")[1] / "snapshot"


def _check_json(snapshot_dir: Path, tmp_path: Path, *plugin_args: str) -> dict:
    out = tmp_path / "r.json"
    proc = run_cli(
        *plugin_args, "check", str(snapshot_dir), "-f", "json", "-o", str(out), "-q", env=ENV
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(out.read_text())


def test_plugin_check_appears_in_catalogue_findings_and_scores(snapshot_dir, tmp_path) -> None:
    listing = run_cli("-p", "extra_check", "checks", env=ENV)
    assert listing.returncode == 0 and "GR190" in listing.stdout and "has-title" in listing.stdout
    base = _check_json(snapshot_dir, tmp_path)
    result = _check_json(snapshot_dir, tmp_path, "-p", "extra_check")
    codes = {f["code"]: f for f in result["findings"]}
    assert codes["GR190"]["status"] == "pass"
    # The crash inside GR191 is an error finding, not a crashed audit.
    assert codes["GR191"]["status"] == "error" and "boom" in codes["GR191"]["message"]
    # An error is not decided: rule 2's score is the same with the crashing check as without.
    assert result["scores"]["rules"]["2"]["score"] == base["scores"]["rules"]["2"]["score"]
    decided = sum(f["status"] in ("pass", "fail") for f in base["findings"])
    applicable = sum(f["status"] != "not_applicable" for f in base["findings"])
    # GR190 is decided, GR191 is an error: one more decided out of two more applicable.
    assert result["scores"]["coverage"] == round((decided + 1) / (applicable + 2), 3)
    assert "GR190" not in {f["code"] for f in base["findings"]}


def test_disabling_a_builtin_plugin(snapshot_dir, tmp_path) -> None:
    blocked = "no:rule1,no:measured,no:facts,no:phone"
    result = _check_json(snapshot_dir, tmp_path, "-p", blocked, "-p", "extra_check")
    codes = {f["code"] for f in result["findings"]}
    assert not any(code.startswith(("GR10", "GR7", "GR114", "GR115", "GR305")) for code in codes)
    assert "GR190" in codes
    # Only GR190 is left in rule 1 (the declared-facts and phone-view checks of rule 1 are off
    # too), and it passes.
    assert [f["code"] for f in result["findings"] if f["rule"] == 1] == ["GR190"]
    assert result["scores"]["rules"]["1"]["score"] == 100
    listing = run_cli("-p", "no:rule1", "plugins")
    rows = [line.split("\t") for line in listing.stdout.splitlines()]
    assert [row for row in rows if row[0] == "rule1"] == [["rule1", "disabled", "", ""]]


def test_broken_plugins_are_named_and_skipped(snapshot_dir, tmp_path) -> None:
    proc = run_cli(
        "-p", "broken_import", "-p", "broken_hook", "-p", "extra_check", "checks", env=ENV
    )
    assert proc.returncode == 0, proc.stderr
    assert "plugin 'broken_import' failed to load" in proc.stderr
    assert "plugin 'broken_hook' failed in goudenregels_checks" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert "GR101" in proc.stdout and "GR190" in proc.stdout


def test_entry_point_plugin_is_loaded_and_can_be_disabled(tmp_path) -> None:
    dist = tmp_path / "site"
    info = dist / "gr_extra-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: gr-extra\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[goudenregels]\nextra = extra_check\n")
    env = {"PYTHONPATH": f"{dist}:{PLUGINS}"}
    listing = run_cli("plugins", env=env)
    assert "extra" in listing.stdout and "entry point" in listing.stdout
    assert "GR190" in run_cli("checks", env=env).stdout
    assert "GR190" not in run_cli("-p", "no:extra", "checks", env=env).stdout
    (info / "entry_points.txt").write_text("[goudenregels]\nbad = broken_import\n")
    proc = run_cli("checks", env=env)
    assert proc.returncode == 0 and "plugin 'bad' (broken_import) failed to load" in proc.stderr


def test_checks_explains_one_check_in_both_languages() -> None:
    proc = run_cli("checks", "GR101")
    assert proc.returncode == 0
    for needle in ("GR101 phone-findable", "Nederlands", "English", "Why", "Fix", "twee klikken"):
        assert needle in proc.stdout, needle


def test_gatherer_and_audit_finished_hooks(site_url, tmp_path) -> None:
    from goudenregels.snapshot import Snapshot

    finished = tmp_path / "finished.json"
    proc = run_cli(
        "-p",
        "hooks_plugin",
        "audit",
        site_url("gemeente"),
        "-f",
        "json",
        "-o",
        str(tmp_path / "out"),
        "-q",
        env={**ENV, "GR_TEST_FINISHED_FILE": str(finished)},
    )
    assert proc.returncode == 0, proc.stderr
    assert "gatherer broken_gatherer failed" in proc.stderr
    home = Snapshot.load(tmp_path / "out" / "snapshot").home
    assert isinstance(home.artifacts["heading_count"], int) and home.artifacts["heading_count"] >= 1
    assert "gatherer exploded" in home.artifacts["broken_gatherer"]["error"]
    journeys = Snapshot.load(tmp_path / "out" / "snapshot").journeys
    assert journeys["exploding"] == {"status": "error", "error": "journey exploded"}
    assert "journey exploding failed" in proc.stderr
    result = json.loads(finished.read_text())
    data = json.loads((tmp_path / "out" / "goudenregels.json").read_text())
    assert result == {"overall": data["scores"]["overall"], "formats": ["json"]}


def test_select_ignore_and_language(snapshot_dir, tmp_path) -> None:
    out = tmp_path / "r.json"
    proc = run_cli(
        "check",
        str(snapshot_dir),
        "--select",
        "GR10",
        "--ignore",
        "GR105,GR106",
        "--ignore",
        "GR108,GR109",
        "--lang",
        "en",
        "-f",
        "json",
        "-o",
        str(out),
        "-q",
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text())
    assert [f["code"] for f in data["findings"]] == ["GR101", "GR102", "GR103", "GR104", "GR107"]
    assert data["findings"][0]["title"] == "Phone number easy to find"
    assert data["scores"]["rules"]["1"]["title"] == "Be available when asked"
    proc = run_cli("check", str(snapshot_dir), "--select", "GR999", "-q")
    assert proc.returncode == 2 and "no check matches 'GR999'" in proc.stderr


def test_docs_checks_md_is_up_to_date() -> None:
    from goudenregels.catalogue import render
    from goudenregels.plugins import Plugins

    expected = render(Plugins(entry_points=False).checks())
    current = (Path(__file__).parent.parent / "docs" / "checks.md").read_text(encoding="utf-8")
    assert current == expected, (
        "docs/checks.md is stale: run goudenregels checks --markdown > docs/checks.md"
    )


def test_every_check_is_documented() -> None:
    from goudenregels.plugins import Plugins

    for c in Plugins(entry_points=False).checks():
        for field in (
            "title_nl",
            "title_en",
            "what_en",
            "what_nl",
            "why_en",
            "why_nl",
            "fix_en",
            "fix_nl",
        ):
            assert len(getattr(c, field)) > 10, (c.code, field)


def test_docs_plugins_md_is_up_to_date() -> None:
    from goudenregels.catalogue import PLUGIN_MARKERS, render_plugins
    from goudenregels.plugins import Plugins

    current = (Path(__file__).parent.parent / "docs" / "plugins.md").read_text(encoding="utf-8")
    start, end = current.index(PLUGIN_MARKERS[0]), current.index(PLUGIN_MARKERS[1])
    generated = render_plugins(Plugins(entry_points=False).info)
    assert current[start : end + len(PLUGIN_MARKERS[1])] + "\n" == generated, (
        "docs/plugins.md is stale: paste the output of 'goudenregels plugins --markdown'"
    )
