"""docs/contributing.md holds: a new check is one module edit, one case file and one command.

The recipe is followed in a copy of the project: scaffold a check, extract its messages,
translate them, regenerate the catalogue, and the copy's own tests pass with the new check in.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT

CODE = "GR699"


def _run(copy: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(copy), "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, *args], cwd=copy, env=env, capture_output=True, text=True, timeout=300
    )


def _translate_new_entries(po: Path) -> int:
    """Do the contributor's one manual step: give every untranslated Dutch entry a text."""
    blocks = po.read_text(encoding="utf-8").split("\n\n")
    done = 0
    for i, block in enumerate(blocks):
        if CODE in block and 'msgstr ""' in block:
            blocks[i] = block.replace('msgstr ""', f'msgstr "Nederlands voor {CODE}"')
            done += 1
    po.write_text("\n\n".join(blocks), encoding="utf-8")
    return done


def test_adding_a_check_follows_the_recipe(tmp_path):
    copy = tmp_path / "project"
    ignore = shutil.ignore_patterns("__pycache__", ".hypothesis", "*.pyc")
    for name in ("goudenregels", "tests", "scripts", "docs"):
        shutil.copytree(ROOT / name, copy / name, ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", copy)

    made = _run(copy, "scripts/add_check.py", CODE, "example-check", "--title-en", "Example")
    assert made.returncode == 0, made.stderr
    assert (
        "goudenregels/checks/rule6.py" in made.stdout and f"tests/checks/{CODE}.yml" in made.stdout
    )
    again = _run(copy, "scripts/add_check.py", CODE, "example-check")
    assert again.returncode != 0 and "exists already" in again.stderr

    extracted = _run(copy, "-m", "goudenregels.i18n", "extract")
    # The command names what is left for a person to translate, and says so with its exit code.
    assert extracted.returncode == 1 and "to translate" in extracted.stdout, extracted.stdout
    assert _translate_new_entries(copy / "goudenregels/locale/nl/LC_MESSAGES/goudenregels.po") == 3
    compiled = _run(copy, "-m", "goudenregels.i18n", "extract")
    assert compiled.returncode == 0, compiled.stdout

    catalogue = _run(copy, "-m", "goudenregels", "checks", "--markdown")
    assert catalogue.returncode == 0 and CODE in catalogue.stdout
    (copy / "docs" / "checks.md").write_text(catalogue.stdout, encoding="utf-8")

    pytest = ("-m", "pytest", "-q", "-p", "no:cacheprovider")
    tests = _run(
        copy,
        *pytest,
        "tests/test_checks.py",
        "tests/test_i18n.py",
        "tests/test_html_report.py::test_catalogs_translate_every_message_and_nothing_else",
    )
    assert tests.returncode == 0, tests.stdout[-3000:]
    collected = _run(copy, *pytest, "--collect-only", "tests/test_checks.py").stdout
    assert f"{CODE}-the page says it" in collected
