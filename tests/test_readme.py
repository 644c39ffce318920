"""The figures and lists in the README and docs follow the code, so they cannot go stale."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
import yaml

from goudenregels.cli import main
from goudenregels.model import RULE_TITLES
from goudenregels.plugins import Plugins
from tests.helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md")))


@pytest.fixture(scope="module")
def builtin() -> Plugins:
    return Plugins(entry_points=False)


def _row(table_key: str) -> str:
    """The README table row that starts with this cell."""
    (row,) = [line for line in README.splitlines() if line.startswith(f"| {table_key} |")]
    return row


def test_the_number_of_checks_is_the_number_there_are(builtin) -> None:
    count = len(builtin.checks())
    said = re.findall(r"\ball (\d+) checks\b", README) + re.findall(r"\bchecks \((\d+)\)", README)
    assert len(said) >= 3, said  # the checks section and the performance section
    assert {int(n) for n in said} == {count}, f"the README says {said}, there are {count}"


def test_the_rule_table_lists_every_check_with_its_slug(builtin) -> None:
    listed: dict[int, list[tuple[str, str]]] = {}
    for rule, cell in re.findall(r"^\| ([1-6]) [^|]+ \| (GR[^|]+) \|$", README, re.M):
        listed[int(rule)] = re.findall(r"(GR\d+) ([a-z0-9-]+)", cell)
    expected = {
        rule: [(c.code, c.slug) for c in builtin.checks() if c.rule == rule] for rule in RULE_TITLES
    }
    assert listed == expected


def test_the_formats_and_profiles_are_the_registered_ones(builtin) -> None:
    formats = set(re.findall(r"`([a-z-]+)`", _row("`-f, --format`").split("|")[3]))
    assert formats == set(builtin.reporters())
    profiles = set(re.findall(r"`([a-z-]+)`", _row("`--profile`").split("|")[3]))
    assert profiles == set(builtin.profiles())


def test_every_command_is_in_the_commands_table() -> None:
    table = README.split("## Commands", 1)[1].split("\n\n", 2)[1]
    named = set(re.findall(r"^\| `goudenregels ([a-z][a-z-]*)", table, re.M))
    assert named == set(main.commands)


def _options(command: click.Command, path: tuple[str, ...] = ()):
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from _options(sub, (*path, name))


def test_every_option_of_every_command_is_documented() -> None:
    missing = []
    for path, command in _options(main):
        for param in command.params:
            for flag in getattr(param, "opts", []):
                documented = re.search(rf"{re.escape(flag)}(?![a-z-])", README + DOCS)
                if flag.startswith("--") and flag not in ("--help", "--version") and not documented:
                    missing.append(f"{' '.join(path)} {flag}")
    assert not missing, f"not in README.md or docs/: {missing}"


def test_the_real_site_figures_match_the_corpus() -> None:
    sites = [
        yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((ROOT / "bench" / "realsites" / "sites").glob("*.yml"))
    ]
    countries = [s["country"] for s in sites]
    labels = sum(len(s["labels"]) for s in sites)
    said = re.search(r"audits (\d+) real Dutch \((\d+)\) and Belgian \((\d+)\)", README)
    assert said, "the sentence that counts the real sites"
    assert [int(n) for n in said.groups()] == [
        len(sites),
        countries.count("nl"),
        countries.count("be"),
    ]
    assert f"| {labels} decided labels |" in README


def test_the_readme_names_files_that_exist() -> None:
    for target in re.findall(r"\]\(((?:docs|bench|goudenregels)/[^)#]+)\)", README):
        assert (ROOT / target).exists(), target
    assert Path(ROOT / "docs" / "checks.md").exists()
