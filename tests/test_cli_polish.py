"""The command line's edges: where -o writes, one-line usage errors, formats in the help, code
prefixes, doctor's browser, diff across sites."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from goudenregels.cli import main
from goudenregels.history import Store
from goudenregels.snapshot import Snapshot, SnapshotWriter
from tests.helpers import snapshot_from_pages

PLUGINS = Path(__file__).parent / "plugins"
PAGES = {
    "/": "<h1>Bakkerij Van Dam</h1><p>Bel 020 123 45 67</p><a href='/contact'>Contact</a>",
    "/contact": "<p>Mail ons op info@bakkerij.nl. Open ma-vr 09:00-17:00.</p>",
}


def _run(*args: str, env: dict[str, str] | None = None):
    # CliRunner (click 8.2+) keeps stdout and stderr apart: result.stdout, result.stderr.
    return CliRunner().invoke(
        main, list(args), env=env, catch_exceptions=False, prog_name="goudenregels"
    )


def _one_line(result, *needles: str) -> str:
    assert result.exit_code == 2, (result.exit_code, result.output)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Usage:" not in result.output and "Traceback" not in result.output
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def _save(directory: Path, base: str = "https://www.bakkerij.nl") -> Path:
    snap = snapshot_from_pages(PAGES, base=base)
    meta = Snapshot(
        start_url=snap.start_url, final_url=snap.final_url, scope=snap.scope, complete=True
    )
    writer = SnapshotWriter(directory, meta)
    for page in snap.pages:
        writer.add_page(page)
    writer.close()
    return directory


@pytest.fixture
def saved(tmp_path) -> Path:
    return _save(tmp_path / "snap")


@pytest.fixture
def history(tmp_path) -> dict[str, str]:
    return {"GOUDENREGELS_HISTORY": str(tmp_path / "h.sqlite")}


# -- -o: a file, a directory or stdout ---------------------------------------------------------


@pytest.mark.parametrize(
    ("formats", "output", "needles"),
    [
        ("json,html", "x.json", ("names one file", "2 formats", "json, html")),
        ("json,text", "report.html", ("names one file",)),
        ("html", "x.json", ("extension of the json format", "format is html", ".html")),
        ("json,html", "-", ("-o - writes one format to stdout", "json, html")),
        ("json,html,markdown", "-", ("3 are chosen",)),
    ],
)
def test_an_output_that_cannot_hold_the_formats_is_refused_before_anything_is_written(
    saved, tmp_path, monkeypatch, formats: str, output: str, needles: tuple[str, ...]
) -> None:
    monkeypatch.chdir(tmp_path)
    _one_line(_run("check", str(saved), "-q", "-f", formats, "-o", output), *needles)
    assert not (tmp_path / output).exists()  # no directory named x.json or '-'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["snap"]


def test_the_same_refusal_comes_before_a_crawl() -> None:
    # audit checks -o with the other options, before it starts a browser.
    result = _run("audit", "https://www.bakkerij.nl", "-q", "-f", "json,html", "-o", "a.json")
    _one_line(result, "names one file")


def test_dash_writes_the_one_format_to_stdout_and_nothing_else(saved, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = _run("check", str(saved), "-f", "json", "-o", "-")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)  # stdout holds the report and nothing else
    assert data["site"]["final_url"] == "https://www.bakkerij.nl/"
    assert "goudenregels" in result.stderr and "wrote" not in result.output  # the summary
    assert not (tmp_path / "-").exists() and not (tmp_path / "goudenregels-report").exists()
    markdown = _run("check", str(saved), "-q", "-f", "markdown", "-o", "-")
    assert markdown.exit_code == 0 and markdown.stdout.startswith("#")
    assert markdown.stderr == ""


def test_a_file_name_with_its_own_extension_and_a_directory_still_work(saved, tmp_path) -> None:
    single = tmp_path / "out" / "result.json"
    assert _run("check", str(saved), "-q", "-f", "json", "-o", str(single)).exit_code == 0
    assert json.loads(single.read_text())["schema_version"] == 1
    both = tmp_path / "reports.d"
    assert _run("check", str(saved), "-q", "-f", "json,html", "-o", str(both)).exit_code == 0
    assert sorted(p.name for p in both.iterdir()) == ["goudenregels.html", "goudenregels.json"]


def test_audit_to_stdout_keeps_no_snapshot(site_url, tmp_path, monkeypatch, history) -> None:
    monkeypatch.chdir(tmp_path)
    result = _run("audit", site_url("gemeente"), "-f", "json", "-o", "-", "-q", env=history)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["pages"], result.stdout[:200]
    assert list(tmp_path.iterdir()) == [tmp_path / "h.sqlite"]
    (row,) = Store(history["GOUDENREGELS_HISTORY"]).audits()
    assert row["snapshot_dir"] == ""  # the temporary snapshot is gone; the history says none
    _one_line(
        _run("audit", site_url("gemeente"), "-f", "json", "-o", "-", "--resume"), "keeps none"
    )


# -- click's usage errors -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["nosuchcommand"], ("no such command 'nosuchcommand'", "goudenregels --help")),
        (["--bogus", "checks"], ("no such option '--bogus'",)),
        (
            ["audit", "--formt", "json"],
            ("no such option '--formt' (Did you mean", "'--format'", "'goudenregels audit --help'"),
        ),
        (["audit", "--max-pages", "0"], ("'--max-pages'", "0 is not in the range")),
        (["crawl"], ("missing argument 'URL'",)),
        (["checks", "--lang", "de"], ("'--lang'", "'de' is not one of")),
        (["diff", "--baseline", "first"], ("'--baseline'",)),
        (["measure", "add", "--channel", "e-mail"], ("missing option '--site'",)),
        (["probe", "status", "--interval", "0"], ("'--interval'",)),
        (["history", "--limit", "many"], ("'--limit'", "history --help")),
    ],
)
def test_click_usage_errors_are_one_line_with_exit_code_2(args, needles) -> None:
    line = _one_line(_run(*args), *needles)
    assert not re.search(r"\.\s*$", line)  # no full stop at the end, as our own messages


def test_a_group_without_a_command_still_shows_its_help() -> None:
    for args in ([], ["measure"], ["probe"]):
        result = _run(*args)
        assert "Usage:" in result.output and "Commands:" in result.output, args


# -- --format and --profile help from the registry ---------------------------------------------


def _help_of(*args: str) -> str:
    result = CliRunner().invoke(main, [*args, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def test_format_help_lists_every_registered_format(monkeypatch) -> None:
    from goudenregels.plugins import Plugins

    builtin = sorted(Plugins(entry_points=False).reporters())
    assert {"json", "html", "text", "junit", "sarif", "markdown"} <= set(builtin)
    text = _help_of("audit")
    assert f"(repeat or comma-separate): {', '.join(builtin)}." in text
    monkeypatch.syspath_prepend(str(PLUGINS))
    with_plugin = _help_of("-p", "extra_format", "check")
    assert "csv" in with_plugin.split("--format FORMAT")[1].split("-o,")[0]
    assert "text" not in _help_of("-p", "no:text", "audit").split("--format")[1].split("-o,")[0]
    profiles = _help_of("audit").split("--profile NAME")[1].split("--select")[0]
    for name in ("webshop", "dienstverlener", "gemeente", "algemeen"):
        assert name in profiles


def test_a_plugin_format_is_written(saved, tmp_path, monkeypatch) -> None:
    monkeypatch.syspath_prepend(str(PLUGINS))
    result = _run("-p", "extra_format", "check", str(saved), "-q", "-f", "csv", "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "code,status" and "GR101," in result.stdout
    # Two formats with one extension: neither report overwrites the other.
    out = tmp_path / "reports"
    args = ("-p", "extra_format", "check", str(saved), "-q", "-o", str(out))
    assert _run(*args, "-f", "html,short-html,csv").exit_code == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["goudenregels-short-html.html", "goudenregels.csv", "goudenregels.html"]
    assert "<title>short</title>" in (out / "goudenregels-short-html.html").read_text()
    assert "<title>short</title>" not in (out / "goudenregels.html").read_text()
    # A file name with the extension two formats share still takes one of them.
    single = tmp_path / "s.html"
    assert _run(*args[:-1], str(single), "-f", "short-html").exit_code == 0
    assert "<title>short</title>" in single.read_text()


# -- code prefixes -------------------------------------------------------------------------------


def _listed(*args: str) -> list[str]:
    result = _run("checks", *args)
    assert result.exit_code == 0, result.output
    return [line.split("\t")[0] for line in result.stdout.splitlines()[1:]]


def test_checks_takes_codes_prefixes_and_slugs_as_select_does() -> None:
    from goudenregels.audit import select_checks
    from goudenregels.plugins import Plugins

    every = Plugins(entry_points=False).checks()
    for pattern in ("GR3", "gr3", "GR10", "GR12", "GR4"):
        expected = [c.code for c in select_checks(every, (pattern,))]
        assert expected and _listed(pattern) == expected, pattern
        assert all(code.upper().startswith(pattern.upper()) for code in expected)
    assert _listed("GR10") == [f"GR10{n}" for n in range(1, 10)]  # not GR110..GR113
    assert _listed("GR3", "GR501") == [
        "GR301",
        "GR302",
        "GR303",
        "GR304",
        "GR305",
        "GR306",
        "GR501",
    ]
    assert _listed("GR3,GR2") == [c.code for c in every if c.code[:3] in ("GR2", "GR3")]
    one = _run("checks", "GR302")
    assert "What:" in one.stdout and "Fix:" in one.stdout and "GR302 cookie-choice" in one.stdout
    slug = _run("checks", "cookie-choice")
    assert slug.stdout == one.stdout
    _one_line(_run("checks", "GR9"), "no check matches 'GR9'")
    _one_line(_run("checks", "GR3", "GR31"), "no check matches 'GR31'")


def test_select_and_ignore_take_prefixes(saved, tmp_path) -> None:
    out = tmp_path / "r.json"
    args = ("check", str(saved), "-q", "-f", "json", "-o", str(out))
    assert _run(*args, "--select", "GR10", "--ignore", "gr104").exit_code == 0
    codes = [f["code"] for f in json.loads(out.read_text())["findings"]]
    assert codes == [f"GR10{n}" for n in range(1, 10) if n != 4]
    _one_line(_run(*args, "--select", "GR8"), "no check matches 'GR8'")


# -- doctor ----------------------------------------------------------------------------------------


def test_doctor_names_the_browser_path_and_version() -> None:
    result = _run("doctor")
    assert result.exit_code == 0, result.output
    lines = dict(line.split(": ", 1) for line in result.stdout.splitlines()[1:])
    assert Path(lines["path"]).is_file(), lines
    assert re.match(r"chromium \d+\.\d+", lines["browser"]), lines
    given = _run("doctor", "--browser", lines["path"])
    assert f"path: {lines['path']}" in given.stdout and "--browser" in given.stdout
    missing = _run("doctor", "--browser", "/nonexistent/chromium")
    assert missing.exit_code == 3 and missing.stderr.startswith("error: ")


# -- diff across sites ------------------------------------------------------------------------------


def test_diff_refuses_two_different_sites_unless_allowed(tmp_path, history) -> None:
    from goudenregels.audit import build_audit
    from goudenregels.plugins import Plugins

    plugins = Plugins(entry_points=False)
    store = Store(history["GOUDENREGELS_HISTORY"])
    for base in ("https://www.bakkerij.nl", "https://www.slagerij.be", "https://www.bakkerij.nl"):
        snap = snapshot_from_pages(PAGES, base=base)
        audit = build_audit(snap, plugins.checks(), plugins.profiles())
        store.record_audit(audit.to_dict(), snap.scope, "")
    store.close()
    line = _one_line(_run("diff", "1", "2", env=history), "--allow-different-sites")
    assert "audit 1 is of bakkerij.nl, audit 2 of slagerij.be" in line
    allowed = _run("diff", "1", "2", "--allow-different-sites", env=history)
    assert allowed.exit_code == 0, allowed.output
    assert "warning: audit 1 is of bakkerij.nl, audit 2 of slagerij.be" in allowed.stderr
    assert "bakkerij.nl → slagerij.be" in allowed.stdout
    same = _run("diff", "1", "3", env=history)
    assert same.exit_code == 0 and same.stderr == "" and "bakkerij.nl: audit 1 → 3" in same.stdout
    # One id: the audit before it of the same site, never another site's.
    assert "audit 1 → 3" in _run("diff", "3", env=history).stdout
    _one_line(_run("diff", "2", env=history), "first of slagerij.be")
    _one_line(_run("diff", "99", env=history), "no audit with id 99")
