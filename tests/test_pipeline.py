"""The audit pipeline without click, and the one option table the CLI, the settings file and the
starter config are derived from."""

from __future__ import annotations

import dataclasses
import json
import re
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from goudenregels import cli, config
from goudenregels.errors import SiteError
from goudenregels.history import Store
from goudenregels.options import BY_NAME, COMMANDS, SETTINGS, Options
from goudenregels.pipeline import crawl_settings, run_audit
from goudenregels.plugins import Plugins
from tests.helpers import snapshot_from_pages

PHONE = '<footer>Klantenservice: <strong>020 - 123 45 67</strong></footer><a href="/x">x</a>'
NO_PHONE = '<p>Welkom</p><a href="/x">x</a>'


@pytest.fixture(scope="module")
def plugins() -> Plugins:
    return Plugins(entry_points=False)


def _options(tmp_path: Path, **changes) -> Options:
    return Options(
        output=str(tmp_path / "out"),
        history=str(tmp_path / "history.sqlite"),
        **changes,
    )


def test_run_audit_writes_reports_gates_and_records_without_printing(
    plugins, tmp_path, capsys
) -> None:
    snapshot = snapshot_from_pages({"/": PHONE, "/x": "<p>x</p>"})
    options = _options(tmp_path, formats=("json", "html", "text"), fail_under=100)
    outcome = run_audit(snapshot, options, plugins, crawl_seconds=1.5, record=True)

    out = tmp_path / "out"
    expected = [out / "goudenregels.json", out / "goudenregels.html", out / "goudenregels.txt"]
    assert outcome.written == expected and all(path.is_file() for path in expected)
    assert list(outcome.paths) == ["json", "html", "text"]
    assert not list(out.glob("*.tmp"))
    data = json.loads((out / "goudenregels.json").read_text(encoding="utf-8"))
    # The JSON is rendered once, when the timings are known: its stats are the audit's.
    assert data["stats"] == outcome.audit.stats
    assert set(data["stats"]) >= {"checks_seconds", "crawl_seconds", "report_seconds", "pages"}
    assert data["stats"]["crawl_seconds"] == 1.5
    overall = outcome.audit.scores.overall
    assert outcome.failures == [f"overall score {overall} is below 100"]
    assert outcome.exit_code == 1
    stored = Store(tmp_path / "history.sqlite").audit(outcome.audit_id)
    assert stored["overall"] == overall and outcome.history == tmp_path / "history.sqlite"
    assert outcome.warnings == []
    assert capsys.readouterr() == ("", "")


def test_warnings_go_to_the_outcome_and_the_callback(plugins, tmp_path, capsys) -> None:
    verdicts = tmp_path / "verdicts.toml"
    verdicts.write_text(
        'auditor = "A"\n[[verdict]]\ncode = "GR101"\nevidence = "/nergens"\nstatus = "pass"\n'
    )
    snapshot = snapshot_from_pages({"/": PHONE, "/x": "<p>x</p>"})
    options = _options(tmp_path, formats=("json",), select=("GR1",), verdicts=str(verdicts))
    heard: list[str] = []
    outcome = run_audit(snapshot, options, plugins, warn=heard.append)
    assert outcome.warnings == heard == ["verdict for GR101 matched no finding in this audit"]
    assert outcome.failures == [] and outcome.exit_code == 0 and outcome.audit_id is None
    assert {f.code[:3] for f in outcome.audit.findings} == {"GR1"}
    assert capsys.readouterr() == ("", "")


def test_regression_gate_compares_with_the_previous_stored_audit(plugins, tmp_path) -> None:
    options = _options(tmp_path, formats=("json",), select=("GR101",), fail_on_regression=True)
    before = run_audit(snapshot_from_pages({"/": PHONE, "/x": "x"}), options, plugins, record=True)
    assert before.failures == [] and before.audit.findings[0].status == "pass"
    after = run_audit(snapshot_from_pages({"/": NO_PHONE, "/x": "x"}), options, plugins)
    assert "regression: GR101 pass → fail" in after.failures and after.exit_code == 1
    assert after.audit_id is None  # not recorded: the next run still compares with the first


def test_a_snapshot_without_a_readable_page_is_refused(plugins, tmp_path) -> None:
    snapshot = snapshot_from_pages({"/": {"html": "", "fields": {"status": 500}}})
    with pytest.raises(SiteError, match="nothing to score"):
        run_audit(snapshot, _options(tmp_path), plugins)
    assert not (tmp_path / "out").exists()


# -- the option table --------------------------------------------------------------------------


def _help(command: str) -> str:
    result = CliRunner().invoke(cli.main, [command, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_setting_is_an_option_of_its_commands(command: str) -> None:
    text = _help(command)
    for setting in SETTINGS:
        shown = [f for f in setting.flags if re.search(rf"(^|[\s,]){f}(?=[\s,]|$)", text, re.M)]
        if command in setting.commands and setting.flags:
            assert shown == list(setting.flags), (setting.name, text)
            helped = " ".join(setting.help_for(command).split())[:30]
            assert helped in " ".join(text.split()), setting.name
        elif command not in setting.commands and (command, setting.name) != (
            "crawl",
            "output",
        ):  # crawl's own -o DIR
            assert not shown, setting.name
    assert ("[URL]" in text) == (command == "audit")


def test_every_options_field_is_in_the_table_and_in_audit_help() -> None:
    assert [f.name for f in dataclasses.fields(Options)] == [s.name for s in SETTINGS]
    text = _help("audit")
    for setting in SETTINGS:
        assert setting.flags or setting.name == "url"
        for flag in setting.flags:
            assert flag in text


def test_config_keys_and_starter_come_from_the_table() -> None:
    keyed = {s.key: s for s in SETTINGS if s.key}
    assert {key: (s.commands, s.name) for key, s in keyed.items()} == config.KEYS
    lines = re.findall(r"^(?:# )?([a-z_]+) = ", config.STARTER, re.M)
    assert lines == [k for k in lines if k in keyed] and sorted(lines) == sorted(keyed)
    for setting in SETTINGS:
        if setting.key:
            commented = re.search(rf"^# {setting.key} = ", config.STARTER, re.M) is not None
            assert commented == (setting.example is not None), setting.key
    assert BY_NAME["browser"].key is None and BY_NAME["quiet"].key is None


def _options_from_file(path: Path, command: str) -> Options:
    """What the command would run with, given only the settings file (the parser's view)."""
    default_map = config.default_map(path).get(command, {})
    ctx = cli.main.commands[command].make_context(
        command, ["DIR"] if command == "check" else [], default_map=default_map
    )
    return Options.from_params(ctx.params)


@pytest.mark.parametrize("command", ["audit", "check"])
def test_the_starter_config_parses_back_to_the_defaults(tmp_path, monkeypatch, command) -> None:
    monkeypatch.delenv("GOUDENREGELS_HISTORY", raising=False)
    path = tmp_path / "goudenregels.toml"
    path.write_text(config.STARTER, encoding="utf-8")
    set_in_file = tomllib.loads(config.STARTER)
    assert set_in_file and all(config.KEYS[key] for key in set_in_file)
    assert _options_from_file(path, command) == Options()
    # Every commented example is a valid setting, and each one changes its setting.
    path.write_text(re.sub(r"^# ([a-z_]+ = )", r"\1", config.STARTER, flags=re.M))
    options = _options_from_file(path, command)
    for setting in SETTINGS:
        if setting.key and setting.example is not None and command in setting.commands:
            assert getattr(options, setting.name) != setting.default, setting.name
    assert options.fail_under_rule == ("1=80", "5=60")


def test_crawl_settings_defaults_match_the_crawler() -> None:
    from goudenregels.crawl.crawler import CrawlSettings

    assert crawl_settings(Options()) == CrawlSettings()
    changed = crawl_settings(
        Options(ignore_robots=True, journeys=False, browser="/bin/chromium"), demo=True
    )
    assert (changed.respect_robots, changed.journeys, changed.browser, changed.demo) == (
        False,
        False,
        "/bin/chromium",
        True,
    )


def test_repeatable_options_may_be_comma_separated() -> None:
    options = Options.from_params(
        {"select": ("GR1, GR2", "GR3"), "formats": (), "fail_under_rule": ("1=80,2=70",)}
    )
    assert options.select == ("GR1", "GR2", "GR3")
    assert options.formats == ("json", "html")  # none given: the default
    assert options.fail_under_rule == ("1=80", "2=70")
