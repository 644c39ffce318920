"""Imports point down: words < snapshot and model < crawl, checks, reports... < pipeline < CLI.

Every module of the package is read with ``ast`` (imports inside functions and under
``if TYPE_CHECKING:`` count too) and each import of a goudenregels module is held against the
layers and the rules below. A new module must be given a layer here before the suite passes.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "goudenregels"

# Each module's layer, lowest first, by dotted name or package (the longest match wins). A module
# may import from its own layer and the layers below it, never from a layer above.
LAYERS = {
    # 0, the domain's words and the foundations everything may use.
    "goudenregels": 0,  # the package itself: __version__ (and the hookimpl re-export, below)
    "goudenregels.words": 0,
    "goudenregels.errors": 0,
    "goudenregels.i18n": 0,
    # 1, plain data: the crawled site, the check and finding types, the plugin hook specs.
    "goudenregels.snapshot": 1,
    "goudenregels.model": 1,
    "goudenregels.hookspecs": 1,
    "goudenregels.facts": 1,  # the declared facts, parsed with the words
    # 2, the work: gathering, judging, scoring, reporting, measuring, storing, settings.
    "goudenregels.crawl": 2,
    "goudenregels.checks": 2,
    "goudenregels.reports": 2,
    "goudenregels.profiles": 2,
    "goudenregels.audit": 2,
    "goudenregels.scoring": 2,
    "goudenregels.gates": 2,
    "goudenregels.catalogue": 2,
    "goudenregels.history": 2,
    "goudenregels.worktime": 2,
    "goudenregels.probe": 2,  # the package: settings, common, mail, form, matching
    "goudenregels.config": 2,
    "goudenregels.options": 2,
    "goudenregels.serve": 2,
    "goudenregels.propose": 2,  # init --from-site: a [facts] table from what the checks read
    # 3, the application: plugin loading and the audit pipeline that runs layer 2 in order.
    "goudenregels.plugins": 3,
    "goudenregels.pipeline": 3,
    "goudenregels.batch": 3,  # many sites: runs the pipeline per site, the sector report
    "goudenregels.pytest_plugin": 3,  # runs the pipeline inside pytest
    # 4, the commands: parse, call, print.
    "goudenregels.cli": 4,
    "goudenregels.cli_errors": 4,
    "goudenregels.history_cli": 4,
    "goudenregels.probe_cli": 4,
    "goudenregels.batch_cli": 4,
    "goudenregels.login_cli": 4,
    "goudenregels.__main__": 4,
}

# Imports forbidden on top of the layer order: (importer, imported, unless it is, why).
RULES = [
    (
        "goudenregels.words",
        "goudenregels",
        ("goudenregels.words", "goudenregels.i18n", "goudenregels.errors"),
        "the domain's words are shared by every layer, so they depend on none of them",
    ),
    (
        "goudenregels.errors",
        "goudenregels",
        ("goudenregels.errors",),
        "the exceptions and exit codes are imported everywhere and import nothing",
    ),
    (
        "goudenregels.i18n",
        "goudenregels",
        ("goudenregels.i18n",),
        "the translation mechanism is imported everywhere and imports nothing",
    ),
    (
        "goudenregels.checks",
        "goudenregels.crawl",
        (),
        "checks read the snapshot and the words, never how the crawler gathered them",
    ),
    (
        "goudenregels.checks",
        "goudenregels.reports",
        (),
        "a check returns findings; how they are shown is not its business",
    ),
    (
        "goudenregels.reports",
        "goudenregels.checks",
        (),
        "reporters draw the findings they are given, never a check's internals",
    ),
    (
        "goudenregels.reports",
        "goudenregels.crawl",
        (),
        "reporters read the audit and its snapshot, not the crawler",
    ),
    (
        "goudenregels.crawl",
        "goudenregels.checks",
        (),
        "the crawler gathers; judging is for the checks, after the snapshot is saved",
    ),
    (
        "goudenregels.crawl",
        "goudenregels.reports",
        (),
        "the crawler gathers; it knows nothing of reports",
    ),
]

# Existing imports that break a rule and are not fixed yet: (importer, imported) -> why.
ALLOWED = {
    ("goudenregels", "goudenregels.hookspecs"): (
        "'from goudenregels import hookimpl' for plugin authors, imported lazily on first use"
    ),
    ("goudenregels.model", "goudenregels.audit"): (
        "type-only (TYPE_CHECKING): the Reporter protocol names the Audit it is given"
    ),
    ("goudenregels.model", "goudenregels.checks.site"): (
        "type-only (TYPE_CHECKING): a check function's signature names the Site it reads"
    ),
    ("goudenregels.hookspecs", "goudenregels.audit"): (
        "type-only (TYPE_CHECKING): the audit-finished hook names the Audit it is given"
    ),
}


def _within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _imports(module: str, path: Path) -> list[tuple[int, str]]:
    """(line, module imported) for every import of a goudenregels module, at any depth."""
    is_package = path.name == "__init__.py"
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against the importing package
                anchor = module.split(".")
                anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                # 'from goudenregels.words import vocab' imports the module words.vocab.
                sub = f"{base}.{alias.name}"
                found.append((node.lineno, sub if sub in MODULES else base))
    return [(line, name) for line, name in found if _within(name, "goudenregels")]


def _layer(module: str) -> int:
    matches = [prefix for prefix in LAYERS if _within(module, prefix)]
    assert matches, f"{module} has no layer: add it to LAYERS in {Path(__file__).name}"
    return LAYERS[max(matches, key=len)]


def _problems() -> list[str]:
    problems = []
    for module, path in MODULES.items():
        for line, imported in _imports(module, path):
            if imported == module or (module, imported) in ALLOWED:
                continue
            shown = path.relative_to(PACKAGE.parent) if path.is_relative_to(PACKAGE) else path
            where = f"{shown}:{line} imports {imported}"
            if _layer(imported) > _layer(module):
                problems.append(
                    f"{where}: layer {_layer(module)} may not import from layer {_layer(imported)}"
                )
            for importer, banned, unless, why in RULES:
                if (
                    _within(module, importer)
                    and _within(imported, banned)
                    and not any(_within(imported, u) for u in unless)
                ):
                    problems.append(f"{where}: {why}")
    return problems


def test_every_module_has_a_layer() -> None:
    assert len(MODULES) > 40
    for module in MODULES:
        _layer(module)


def test_the_probe_package_is_in_the_middle_layer() -> None:
    probe = [m for m in MODULES if _within(m, "goudenregels.probe")]
    assert "goudenregels.probe.mail" in probe
    assert {_layer(m) for m in probe} == {2}
    assert _layer("goudenregels.probe_cli") == 4


def test_imports_point_down() -> None:
    assert _problems() == []


def test_every_allowed_exception_still_exists() -> None:
    """An allow-list entry that no longer matches an import is stale: remove it."""
    seen = {(m, imported) for m, path in MODULES.items() for _line, imported in _imports(m, path)}
    assert sorted(set(ALLOWED) - seen) == []


def test_the_walk_sees_imports_inside_functions_and_from_packages() -> None:
    found = {name for _line, name in _imports("goudenregels.audit", MODULES["goudenregels.audit"])}
    assert "goudenregels.checks.site" in found  # imported inside build_audit
    rule1 = {name for _l, name in _imports("x", MODULES["goudenregels.checks.rule1"])}
    assert "goudenregels.words.vocab" in rule1  # 'from goudenregels.words import vocab'


def test_a_sideways_or_upward_import_is_reported(tmp_path, monkeypatch) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from goudenregels.checks import vocab\n"
        "def f():\n    from goudenregels.crawl.extract import extract\n"
        "from goudenregels import cli\n",
        encoding="utf-8",
    )
    monkeypatch.setitem(MODULES, "goudenregels.words.bad", bad)
    monkeypatch.setitem(MODULES, "goudenregels.checks.bad", bad)
    problems = [p for p in _problems() if "bad.py" in p]
    # From words: all three point up; from checks: crawl is sideways and cli is up.
    assert len([p for p in problems if "layer 0 may not" in p]) == 3
    assert any("never how the crawler gathered" in p for p in problems)
    assert any("layer 2 may not import from layer 4" in p for p in problems)


def test_check_modules_do_not_import_each_other() -> None:
    """A rule module shares code through checks/site.py, text.py, promises.py or complaints.py,
    never through another rule's module: changing one rule's check must not change another's."""
    rules = {m for m in MODULES if re.fullmatch(r"goudenregels\.checks\.rule\d+", m)}
    found = [
        f"{importer}:{line} imports {name}"
        for importer in sorted(rules)
        for line, name in _imports(importer, MODULES[importer])
        if name in rules and name != importer
    ]
    assert found == [], found
