"""History: stored audits, diff and regressions, the measurement log, and safe concurrent writes."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from goudenregels.history import Store
from tests.helpers import run_cli


@pytest.fixture
def history(tmp_path) -> dict[str, str]:
    return {"GOUDENREGELS_HISTORY": str(tmp_path / "h.sqlite")}


@pytest.fixture(scope="module")
def saved(audited) -> tuple[dict, Path]:
    result, out = audited("dienstverlener")
    return result, out / "snapshot"


def test_audits_are_stored_listed_and_compared(saved, history, tmp_path) -> None:
    result, snapshot = saved
    first = run_cli(
        "check",
        str(snapshot),
        "--record",
        "-f",
        "json",
        "-o",
        str(tmp_path / "1.json"),
        "-q",
        env=history,
    )
    assert first.returncode == 0, first.stderr
    verdicts = tmp_path / "v.toml"
    verdicts.write_text(
        'auditor = "A"\n[[verdict]]\ncode = "GR104"\nstatus = "fail"\n'
        '[[verdict]]\ncode = "GR101"\nstatus = "pass"\n'
    )
    second = run_cli(
        "check",
        str(snapshot),
        "--record",
        "--verdicts",
        str(verdicts),
        "--fail-on-regression",
        "-f",
        "json",
        "-o",
        str(tmp_path / "2.json"),
        "-q",
        env=history,
    )
    # GR104 got worse (pass -> fail): the regression gate fails; GR101 got better.
    assert second.returncode == 1
    assert "gate failed: regression: GR104 pass → fail" in second.stderr
    listing = run_cli("history", env=history)
    assert (
        listing.returncode == 0
        and listing.stdout.count(result["site"]["final_url"].split("/")[2]) >= 2
    )
    diff = run_cli("diff", "--baseline", "last", env=history)
    assert diff.returncode == 0, diff.stderr
    assert "GR104" in diff.stdout and "worse" in diff.stdout
    assert "GR101" in diff.stdout and "better" in diff.stdout
    gate = run_cli("diff", "1", "2", "--fail-on-regression", env=history)
    assert gate.returncode == 1 and "regression: GR104" in gate.stderr
    store = Store(history["GOUDENREGELS_HISTORY"])
    rows = store.audits()
    assert [r["id"] for r in rows] == [2, 1]
    assert {f["code"]: f["status"] for f in rows[0]["findings"]}["GR104"] == "fail"
    assert run_cli("diff", "7", "8", env=history).returncode == 2


def test_measurements_are_logged_imported_and_judged(saved, history, tmp_path) -> None:
    result, snapshot = saved
    site = result["site"]["final_url"]
    add = run_cli(
        "measure",
        "add",
        "--site",
        site,
        "--channel",
        "phone",
        "--started",
        "2026-11-19T10:00:00",
        "--answered",
        "2026-11-19T10:03:10",
        "--note",
        "mystery call",
        env=history,
    )
    assert add.returncode == 0, add.stderr
    assert "fail" in add.stdout  # 190 seconds against a 30-second norm
    csv_file = tmp_path / "log.csv"
    csv_file.write_text(
        "site;channel;started;answered;note\n"
        f"{site};whatsapp;2026-11-19T11:00:00;2026-11-19T14:00:00;\n"
        f"{site};chat;2026-11-19T12:00:00;2026-11-19T12:00:40;\n"
    )
    imported = run_cli("measure", "import", str(csv_file), env=history)
    assert imported.returncode == 0 and "imported 2 measurement(s)" in imported.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text(f"site,channel,started,answered\n{site},fax,2026-11-19T11:00,\n")
    refused = run_cli("measure", "import", str(bad), env=history)
    assert refused.returncode == 2 and "bad.csv:2: unknown channel 'fax'" in refused.stderr
    out = tmp_path / "r.json"
    proc = run_cli(
        "check", str(snapshot), "-f", "json", "-o", str(out), "-q", "--lang", "en", env=history
    )
    assert proc.returncode == 0, proc.stderr
    gr122 = next(f for f in json.loads(out.read_text())["findings"] if f["code"] == "GR122")
    assert gr122["status"] == "fail" and "phone" in gr122["message"]
    assert {row["channel"] for row in gr122["data"]["channels"]} == {"telefoon", "whatsapp", "chat"}
    # The report's channel table shows the measured times beside the promise and the norm.
    html = tmp_path / "r.html"
    proc = run_cli("check", str(snapshot), "-f", "html", "-o", str(html), "-q", env=history)
    assert proc.returncode == 0, proc.stderr
    page = html.read_text()
    assert "Gemeten" in page
    assert "0 van 1 binnen de norm; langzaamste 3 min" in page  # the slow phone call
    assert "1 van 1 binnen de norm; langzaamste 40 s" in page  # the chat
    assert (
        len(
            Store(history["GOUDENREGELS_HISTORY"]).measurements(
                result["site"]["final_url"].split("/")[2]
            )
        )
        == 3
    )


def test_working_hours_may_wrap_around_the_week(saved, history, tmp_path) -> None:
    # 'fri-mon' once parsed to no working day at all and made GR120 an error (OverflowError).
    result, snapshot = saved
    add = run_cli(
        "measure",
        "add",
        "--site",
        result["site"]["final_url"],
        "--channel",
        "whatsapp",
        "--started",
        "2026-11-21T10:00:00",  # a Saturday
        "--answered",
        "2026-11-23T10:00:00",  # the Monday after
        env=history,
    )
    assert add.returncode == 0, add.stderr
    findings = {}
    for hours in (None, "fri-mon 09:00-17:00"):
        out = tmp_path / f"{hours is None}.json"
        extra = ("--hours", hours) if hours else ()
        proc = run_cli(
            "check", str(snapshot), "-f", "json", "-o", str(out), "-q", *extra, env=history
        )
        assert proc.returncode == 0, proc.stderr
        findings[hours] = {f["code"]: f for f in json.loads(out.read_text())["findings"]}
        assert not [c for c, f in findings[hours].items() if f["status"] == "error"]
    # WhatsApp, "the same working day": Saturday is a working day with fri-mon, so a Monday
    # answer is late; Monday-to-Friday hours make the Monday answer the same working day.
    assert findings[None]["GR122"]["status"] == "pass"
    assert findings["fri-mon 09:00-17:00"]["GR122"]["status"] == "fail"


@pytest.mark.parametrize(
    "spec", ["17:00-09:00", "mon-fri 17:00-09:00", "mon-fri 09:00-25:00", "mon-fry 09:00-17:00"]
)
def test_unusable_working_hours_are_one_line(saved, history, tmp_path, spec) -> None:
    _result, snapshot = saved
    out = tmp_path / "r.json"
    for proc in (
        run_cli("check", str(snapshot), "-f", "json", "-o", str(out), "--hours", spec, env=history),
        run_cli("probe", "status", "--no-fetch", "--hours", spec, env=history),
    ):
        assert proc.returncode == 2, (proc.stdout, proc.stderr)
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1, proc.stderr
        assert lines[0].startswith(f"error: working hours '{spec}': ")
    assert not out.exists()


WRITER = textwrap.dedent("""
    import sys
    from goudenregels.history import Store
    store = Store(sys.argv[1])
    result = {"site": {"final_url": "https://x.example/", "profile": "algemeen"},
              "started_at": "", "finished_at": "", "tool": {"version": "t"},
              "scores": {"overall": 50, "coverage": 0.5, "rules": {"1": {"score": 50}}},
              "findings": [{"code": "GR101", "status": "pass", "title": "t", "message": "m"}]}
    for i in range(40):
        store.record_audit(result, sys.argv[2])
""")


def test_concurrent_writers_never_corrupt_the_history(tmp_path) -> None:
    db = tmp_path / "h.sqlite"
    Store(db).close()
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(db), f"site{n}"]) for n in range(3)
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0]
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM audits").fetchone()[0] == 120


CRASHER = textwrap.dedent("""
    import os, sys
    from goudenregels.history import Store
    store = Store(sys.argv[1])
    with store.transaction() as conn:
        conn.execute("INSERT INTO measurements (site, channel, started, recorded_at) "
                     "VALUES ('x', 'chat', 'now', 'now')")
        os._exit(9)  # dies before the commit
""")


def test_a_crash_mid_write_leaves_no_half_record(tmp_path) -> None:
    db = tmp_path / "h.sqlite"
    store = Store(db)
    store.add_measurement("x", "telefoon", "2026-11-19T10:00:00", None)
    proc = subprocess.run([sys.executable, "-c", CRASHER, str(db)], timeout=60)
    assert proc.returncode == 9
    assert [m["channel"] for m in Store(db).measurements("x")] == ["telefoon"]
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_unusable_history_path_is_one_line(tmp_path) -> None:
    (tmp_path / "file").write_text("x")
    proc = run_cli("history", env={"GOUDENREGELS_HISTORY": str(tmp_path / "file" / "h.sqlite")})
    assert proc.returncode == 2 and proc.stderr.startswith("error: cannot open history")
    assert len(proc.stderr.strip().splitlines()) == 1
