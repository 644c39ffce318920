"""The declared-facts and pytest-plugin recipes of docs/ci.md, run as written against the facts
fixture site: the settings file, the team's test file and each CI job's command come from the doc.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from goudenregels.facts import parse_facts
from tests.helpers import ROOT

DOC = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", DOC, re.S)


def _commands(job: str, needle: str) -> list[str]:
    """The command of ``job`` in the GitHub Actions recipe and in the GitLab CI recipe."""
    found = []
    for block in _blocks("yaml"):
        data = yaml.safe_load(block)
        github = data.get("jobs", {}).get(job)
        if github:
            found += [s["run"] for s in github["steps"] if needle in s.get("run", "")]
        elif job in data:
            found += [line for line in data[job]["script"] if needle in line]
    assert len(found) == 2, (job, found)
    return found


def _project(tmp_path: Path) -> Path:
    """A team's repository: the doc's goudenregels.toml and its test file where it says."""
    (tmp_path / "goudenregels.toml").write_text(_blocks("toml")[0], encoding="utf-8")
    test_file = next(b for b in _blocks("python") if b.startswith("# tests/site/"))
    path = tmp_path / test_file.splitlines()[0].removeprefix("# ").strip()
    path.parent.mkdir(parents=True)
    path.write_text(test_file, encoding="utf-8")
    return tmp_path


def _run(command: str, cwd: Path, site: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "SITE_URL": site,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        # Until the package is reinstalled its pytest11 entry point is not registered yet; the
        # entry point has the module's name, so loading it this way as well is harmless.
        "PYTEST_ADDOPTS": "-p goudenregels.pytest_plugin",
    }
    return subprocess.run(
        ["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_the_documented_facts_table_is_valid() -> None:
    facts = parse_facts(tomllib.loads(_blocks("toml")[0])["facts"], "docs/ci.md")
    assert facts.phones and facts.hours and facts.promises and facts.company_ids


def test_every_declared_facts_check_is_in_the_table() -> None:
    from goudenregels.plugins import Plugins

    codes = {c.code: c.slug for c in Plugins(entry_points=False).checks() if c.code[:3] == "GR7"}
    listed = dict(re.findall(r"^\| (GR7\d\d) ([a-z-]+) \|", DOC, re.M))
    assert listed == codes


def test_facts_recipe_stops_a_release_with_an_old_number(site_url, tmp_path) -> None:
    commands = set(_commands("facts", "goudenregels audit"))
    assert len(commands) == 1  # the same command in both recipes: it runs once
    proc = _run(commands.pop(), _project(tmp_path), site_url("facts"))
    # The facts site still shows 030 765 4321 on its complaint page: the gate fails on it.
    assert proc.returncode == 1, proc.stderr
    assert "gate failed" in proc.stderr and "GR701" in proc.stderr
    cases = {
        c.get("name"): c
        for c in ET.parse(tmp_path / "reports" / "goudenregels.xml").iter("testcase")
    }
    assert all(name.startswith("GR7") for name in cases if name), sorted(cases)
    assert (tmp_path / "reports" / "goudenregels.md").is_file()


@pytest.mark.parametrize("index", [0, 1], ids=["github-actions", "gitlab-ci"])
def test_pytest_recipe_runs_checks_and_own_tests(site_url, tmp_path, index: int) -> None:
    command = _commands("site-tests", "pytest tests")[index]
    if " -n " in command:
        pytest.importorskip("xdist")
    proc = _run(command, _project(tmp_path), site_url("facts"))
    assert proc.returncode == 1, proc.stdout[-3000:]  # GR701 fails on the old number
    junit = ET.parse(tmp_path / "reports" / "site-tests.xml")
    cases = {c.get("name"): c for c in junit.iter("testcase")}
    assert cases["test_contact_page_shows_0800"].find("failure") is None
    assert cases["test_no_check_errors"].find("failure") is None
    assert cases["GR701-declared-numbers"].find("failure") is not None
