"""CI gates, the settings file, `init`, auditor verdicts, and the CI recipes in docs/ci.md."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.helpers import ROOT, run_cli


@pytest.fixture(scope="module")
def snap(audited) -> tuple[dict, Path]:
    result, out = audited("dienstverlener")
    return result, out / "snapshot"


def _check(snapshot: Path, tmp_path: Path, *args: str, cwd=None):
    out = tmp_path / "r.json"
    proc = run_cli("check", str(snapshot), "-f", "json", "-o", str(out), "-q", *args, cwd=cwd)
    data = json.loads(out.read_text()) if out.exists() else None
    return proc, data


def test_gates_set_exit_code_1_and_say_why(snap, tmp_path) -> None:
    result, snapshot = snap
    overall = result["scores"]["overall"]
    proc, _ = _check(snapshot, tmp_path, "--fail-under", str(overall + 1))
    assert proc.returncode == 1
    assert f"gate failed: overall score {overall} is below {overall + 1}" in proc.stderr
    proc, _ = _check(snapshot, tmp_path, "--fail-under", str(overall))
    assert proc.returncode == 0, proc.stderr
    rule1 = result["scores"]["rules"]["1"]["score"]
    proc, _ = _check(snapshot, tmp_path, "--fail-under-rule", f"1={rule1 + 1}")
    assert proc.returncode == 1 and f"rule 1 score {rule1} is below" in proc.stderr
    proc, _ = _check(snapshot, tmp_path, "--fail-on", "fail")
    assert proc.returncode == 1 and "GR101" in proc.stderr
    proc, _ = _check(snapshot, tmp_path, "--select", "GR103,GR104", "--fail-on", "fail")
    assert proc.returncode == 0, proc.stderr  # GR104 passes, GR103 only needs review
    proc, _ = _check(snapshot, tmp_path, "--select", "GR103,GR104", "--fail-on", "review")
    assert proc.returncode == 1 and "GR103" in proc.stderr
    proc, _ = _check(snapshot, tmp_path, "--fail-under-rule", "9=50")
    assert proc.returncode == 2 and "rule 1-6" in proc.stderr


def test_settings_file_and_flags_override_it(snap, tmp_path) -> None:
    _, snapshot = snap
    (tmp_path / "goudenregels.toml").write_text(
        'select = ["GR101", "GR104"]\nfail_under = 100\nlang = "en"\n'
    )
    proc, data = _check(snapshot, tmp_path, cwd=tmp_path)
    assert [f["code"] for f in data["findings"]] == ["GR101", "GR104"]
    assert data["findings"][0]["title"] == "Phone number easy to find"
    assert proc.returncode == 1  # fail_under = 100 from the file
    proc, data = _check(snapshot, tmp_path, "--fail-under", "0", "--select", "GR104", cwd=tmp_path)
    assert proc.returncode == 0 and [f["code"] for f in data["findings"]] == ["GR104"]


def test_pyproject_section_and_bad_settings(snap, tmp_path) -> None:
    _, snapshot = snap
    (tmp_path / "pyproject.toml").write_text('[tool.goudenregels]\nignore = ["GR1"]\n')
    _, data = _check(snapshot, tmp_path, cwd=tmp_path)
    assert not any(f["code"].startswith("GR1") for f in data["findings"])
    (tmp_path / "goudenregels.toml").write_text("max_pagez = 3\n")
    proc, _ = _check(snapshot, tmp_path, cwd=tmp_path)
    assert proc.returncode == 2 and "unknown setting(s) max_pagez" in proc.stderr
    (tmp_path / "goudenregels.toml").write_text("select = [\n")
    proc, _ = _check(snapshot, tmp_path, cwd=tmp_path)
    assert proc.returncode == 2 and "not valid TOML" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_init_writes_a_starter_that_loads(tmp_path) -> None:
    proc = run_cli("init", cwd=tmp_path)
    assert proc.returncode == 0 and (tmp_path / "goudenregels.toml").is_file()
    assert run_cli("checks", cwd=tmp_path).returncode == 0  # the starter file is valid
    again = run_cli("init", cwd=tmp_path)
    assert again.returncode == 2 and "--force" in again.stderr


def test_verdicts_decide_review_items_and_carry_over(snap, tmp_path) -> None:
    result, snapshot = snap
    before = {f["code"]: f for f in result["findings"]}
    assert before["GR103"]["status"] == "review" and before["GR604"]["status"] == "review"
    verdicts = tmp_path / "verdicts.toml"
    verdicts.write_text(
        'auditor = "Anna de Vries"\n'
        '[[verdict]]\ncode = "GR103"\nstatus = "fail"\nnote = "Form only; no address."\n'
        '[[verdict]]\ncode = "GR604"\nstatus = "pass"\nauditor = "Bram"\n'
        '[[verdict]]\ncode = "GR101"\nevidence = "/nergens"\nstatus = "pass"\n'
    )
    proc, data = _check(snapshot, tmp_path, "--verdicts", str(verdicts))
    assert proc.returncode == 0, proc.stderr
    after = {f["code"]: f for f in data["findings"]}
    assert after["GR103"]["status"] == "fail"
    assert after["GR103"]["verdict"] == {
        "auditor": "Anna de Vries",
        "note": "Form only; no address.",
        "original_status": "review",
    }
    assert after["GR604"]["status"] == "pass" and after["GR604"]["verdict"]["auditor"] == "Bram"
    # The GR101 verdict names evidence that this audit does not have: it applies to nothing.
    assert after["GR101"]["status"] == before["GR101"]["status"] and "verdict" not in after["GR101"]
    assert "verdict for GR101 matched no finding" in proc.stderr
    assert data["scores"]["rules"]["1"]["score"] != result["scores"]["rules"]["1"]["score"]
    verdicts.write_text('[[verdict]]\ncode = "GR103"\nstatus = "maybe"\nauditor = "A"\n')
    proc, _ = _check(snapshot, tmp_path, "--verdicts", str(verdicts))
    assert proc.returncode == 2 and "is not one of pass" in proc.stderr


def _recipe_commands() -> list[str]:
    text = (ROOT / "docs" / "ci.md").read_text()
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    commands = []
    github = yaml.safe_load(blocks[0])
    for step in github["jobs"]["audit"]["steps"]:
        if "goudenregels audit" in step.get("run", ""):
            commands.append(step["run"])
    gitlab = yaml.safe_load(blocks[1])
    commands += [line for line in gitlab["goudenregels"]["script"] if "goudenregels audit" in line]
    assert len(commands) == 2
    return commands


@pytest.mark.parametrize("index", [0, 1], ids=["github-actions", "gitlab-ci"])
def test_ci_recipes_run_as_documented(site_url, tmp_path, index: int) -> None:
    command = _recipe_commands()[index]
    env = {
        **os.environ,
        "SITE_URL": site_url("gemeente"),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    proc = subprocess.run(
        ["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode in (0, 1), proc.stderr
    reports = tmp_path / "reports"
    assert (reports / "goudenregels.html").is_file() and (reports / "goudenregels.md").is_file()
    assert (reports / "goudenregels.xml").is_file()
    if proc.returncode == 1:
        assert "gate failed" in proc.stderr


def test_audit_takes_url_and_limits_from_the_settings_file(site_url, tmp_path) -> None:
    (tmp_path / "goudenregels.toml").write_text(
        f'url = "{site_url("gemeente")}"\nformat = ["json"]\nmax_pages = 3\n'
    )
    proc = run_cli("audit", "-q", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads((tmp_path / "goudenregels-report" / "goudenregels.json").read_text())
    assert data["site"]["url"] == site_url("gemeente") and len(data["pages"]) == 3
