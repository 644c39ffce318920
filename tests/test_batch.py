"""End to end: ``goudenregels batch`` over a small sector of fixture sites on 127.0.0.1.

The sector: two sites under one server (one registrable domain: never audited at once), a site
on its own server, a site whose port is closed (unreachable), and a site whose scoring hangs
(a test plugin's check sleeps on /slow/ sites) until --site-time stops it. Budgets are small.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from goudenregels.serve import StaticServer
from tests.helpers import ROOT, SITES, batch_budget, run_cli

PLUGINS = str(Path(__file__).resolve().parent / "plugins")
BUDGET = batch_budget(2)
# A crawl stops by itself at 10 s; the wall leaves room for a loaded machine's slow start-up.
WALL = ["--max-time", "10", "--site-time", "16"]


def _closed_port() -> int:
    """A port nothing listens on (bound, then freed)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def sector(tmp_path_factory):
    """URLs of the sector's sites, the servers, and a history of the module's own."""
    root = tmp_path_factory.mktemp("sector")
    # One server for two sites: the web shop at its root, the municipality under /gemeente/.
    shutil.copytree(SITES / "webshop", root / "shared")
    shutil.copytree(SITES / "gemeente", root / "shared" / "gemeente")
    shutil.copytree(SITES / "postshop", root / "slow" / "slow")
    shutil.copytree(SITES / "cookiewall", root / "crash" / "crash")
    servers = [
        StaticServer(root / "shared"),
        StaticServer(root / "slow"),
        StaticServer(SITES / "dienstverlener"),
        StaticServer(root / "crash"),
    ]
    urls = [server.__enter__() for server in servers]
    port = _closed_port()
    sites = {
        "winkel": urls[0],
        "gemeente": urls[0] + "gemeente/",
        "dienst": urls[2],
        "dicht": f"http://127.0.0.1:{port}/",
        "traag": urls[1] + "slow/",
        "kapot": urls[3] + "crash/",
    }
    history = tmp_path_factory.mktemp("history") / "history.sqlite"
    yield {"sites": sites, "port": port, "history": history, "root": root}
    for server in servers:
        server.__exit__(None, None, None)


def _sites_csv(path: Path, sites: dict[str, str], names: list[str]) -> Path:
    lines = ["url,name,sector"] + [f"{sites[n]},{n.title()},test" for n in names]
    path.write_text("# a small sector\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def _batch(
    sites_file: Path, out: Path, history: Path, *more: str, plugin: bool = False, timeout=180
):
    args = ["-p", "slow_check"] if plugin else []
    env = {"PYTHONPATH": f"{ROOT}:{PLUGINS}", "GOUDENREGELS_HISTORY": str(history)}
    return run_cli(
        *args,
        "batch",
        str(sites_file),
        "-o",
        str(out),
        *BUDGET,
        *WALL,
        *more,
        env=env,
        timeout=timeout,
    )


def _ledger(out: Path) -> dict:
    return json.loads((out / "batch.json").read_text(encoding="utf-8"))


def _states(out: Path) -> dict[str, tuple[str, str]]:
    return {s["slug"]: (s["state"], s.get("failure", "")) for s in _ledger(out)["sites"]}


def _history_rows(history: Path, batch: str) -> list[tuple]:
    import sqlite3

    with sqlite3.connect(history) as conn:
        return conn.execute(
            "SELECT batch_site, overall FROM audits WHERE batch = ? ORDER BY batch_site", (batch,)
        ).fetchall()


@pytest.fixture(scope="module")
def first_run(sector, tmp_path_factory):
    """One batch of the whole sector with two workers and the hanging plugin loaded."""
    work = tmp_path_factory.mktemp("batch")
    names = ["traag", "winkel", "gemeente", "dienst", "dicht", "kapot"]
    sites_file = _sites_csv(work / "sites.csv", sector["sites"], names)
    out = work / "out"
    started = time.monotonic()
    proc = _batch(sites_file, out, sector["history"], "--workers", "2", plugin=True)
    return {
        "proc": proc,
        "out": out,
        "sites_file": sites_file,
        "seconds": time.monotonic() - started,
    }


def test_failures_are_recorded_with_their_reason_and_the_others_finish(first_run) -> None:
    proc, out = first_run["proc"], first_run["out"]
    assert proc.returncode == 3, proc.stderr  # a site could not be audited
    assert _states(out) == {
        "winkel": ("done", ""),
        "gemeente": ("done", ""),
        "dienst": ("done", ""),
        "dicht": ("failed", "site"),
        "traag": ("failed", "timeout"),
        "kapot": ("failed", "crashed"),
    }, json.dumps(_ledger(out)["sites"], indent=1)
    records = {s["slug"]: s for s in _ledger(out)["sites"]}
    assert "cannot load" in records["dicht"]["reason"] and records["dicht"]["exit_code"] == 3
    assert "--site-time 16" in records["traag"]["reason"]
    assert "killed by signal 9" in records["kapot"]["reason"] and records["kapot"]["exit_code"] == 4
    assert 16 <= records["traag"]["seconds"] < 32
    # Not a terminal: one plain line per site, and the summary.
    assert "failed traag: timeout" in proc.stderr and "done winkel" in proc.stderr
    assert "3 of 6 site(s) audited, 3 failed" in proc.stdout
    assert not any(p.name.endswith(".tmp") for p in out.rglob("*"))


def test_each_site_has_its_folder_with_snapshot_and_reports(first_run) -> None:
    out = first_run["out"]
    for slug in ("winkel", "gemeente", "dienst"):
        report = json.loads((out / slug / "goudenregels.json").read_text())
        assert report["site"]["url"].startswith("http://127.0.0.1:")
        assert (out / slug / "goudenregels.html").is_file()
        assert (out / slug / "snapshot" / "snapshot.json").is_file()
        overviews = json.loads((out / slug / "overviews.json").read_text())
        assert set(overviews["channels"]) == {"nl", "en"}
    # The overview rows are what the audit's own channel table lists, in both languages.
    winkel = json.loads((out / "winkel" / "overviews.json").read_text())["channels"]
    assert "Phone" in winkel["en"]["rows"] and "Telefoon" in winkel["nl"]["rows"]


def test_sites_of_one_domain_are_never_audited_at_the_same_time(first_run) -> None:
    records = {s["slug"]: s for s in _ledger(first_run["out"])["sites"]}
    first, second = sorted((records["winkel"], records["gemeente"]), key=lambda r: r["started"])
    assert first["finished"] <= second["started"]


def test_the_sector_report_csv_and_json(first_run) -> None:
    out = first_run["out"]
    rows = list(csv.DictReader((out / "benchmark.csv").open(encoding="utf-8")))
    assert [r["slug"] for r in rows] == ["traag", "winkel", "gemeente", "dienst", "dicht", "kapot"]
    header = list(rows[0])
    assert header[:8] == [
        "slug",
        "name",
        "url",
        "sector",
        "profile",
        "state",
        "overall",
        "coverage",
    ]
    assert header[8:14] == [f"rule_{n}" for n in range(1, 7)]
    assert "GR101" in header and header[-2:] == ["failure", "reason"]
    winkel = json.loads((out / "winkel" / "goudenregels.json").read_text())
    statuses = {f["code"]: f["status"] for f in winkel["findings"]}
    assert {code: rows[1][code] for code in statuses} == statuses
    assert rows[1]["overall"] == str(winkel["scores"]["overall"])
    assert (rows[4]["state"], rows[4]["overall"], rows[4]["failure"]) == ("failed", "", "site")
    summary = json.loads((out / "benchmark.json").read_text())
    assert summary["counts"] == {"sites": 6, "audited": 3, "failed": 3, "waiting": 0}
    assert summary["sites"][1]["report"] == "winkel/goudenregels.html"
    html = (out / "benchmark.html").read_text()
    assert 'href="winkel/goudenregels.html"' in html and "van 3 sites voldoen niet" in html


def test_each_audit_is_in_the_history_tagged_with_the_batch(first_run, sector) -> None:
    ledger = _ledger(first_run["out"])
    rows = _history_rows(sector["history"], ledger["batch"])
    done = {s["slug"]: s for s in ledger["sites"] if s["state"] == "done"}
    assert rows == sorted((slug, s["overall"]) for slug, s in done.items())
    env = {"GOUDENREGELS_HISTORY": str(sector["history"])}
    listing = run_cli("history", sector["sites"]["dienst"], env=env)
    assert listing.returncode == 0 and str(done["dienst"]["overall"]) in listing.stdout
    one_batch = run_cli("history", "--batch", ledger["batch"], env=env)
    assert one_batch.returncode == 0 and one_batch.stdout.count("127.0.0.1:") == 3
    other = run_cli("history", "--batch", "no-such-batch", env=env)
    assert "no audits stored" in other.stdout


def test_batch_report_rebuilds_identical_files(first_run, tmp_path) -> None:
    out = first_run["out"]
    before = {
        name: (out / name).read_bytes()
        for name in ("benchmark.html", "benchmark.csv", "benchmark.json")
    }
    proc = run_cli("batch-report", str(out), "-q")
    assert proc.returncode == 0, proc.stderr
    assert {name: (out / name).read_bytes() for name in before} == before
    english = run_cli("batch-report", str(out), "--lang", "en", "-q")
    assert english.returncode == 0 and "of 3 sites fail" in (out / "benchmark.html").read_text()
    run_cli("batch-report", str(out), "-q")  # back to the batch's language


def test_rerun_skips_finished_sites_and_retry_failed_retries(first_run, sector) -> None:
    out, sites_file, history = first_run["out"], first_run["sites_file"], sector["history"]
    ledger = _ledger(out)
    slow_snapshot = json.loads((out / "traag" / "snapshot" / "snapshot.json").read_text())
    # The same command again: nothing left to do, nothing audited twice.
    again = _batch(sites_file, out, history, "--workers", "2", plugin=True)
    assert again.returncode == 3 and _ledger(out)["sites"] == ledger["sites"]
    # The closed port now answers; retried without the hanging plugin, both failed sites pass.
    server = StaticServer(SITES / "cookiewall", port=sector["port"])
    server.__enter__()
    try:
        retry = _batch(sites_file, out, history, "--workers", "2", "--retry-failed")
    finally:
        server.__exit__(None, None, None)
    assert retry.returncode == 0, retry.stderr
    states = _states(out)
    assert set(states.values()) == {("done", "")}
    records = {s["slug"]: s for s in _ledger(out)["sites"]}
    assert records["dicht"]["attempts"] == 2 and records["winkel"]["attempts"] == 1
    # The hung site's crawl had finished: it was scored from its snapshot, not crawled again.
    resumed = json.loads((out / "traag" / "snapshot" / "snapshot.json").read_text())
    assert resumed["started_at"] == slow_snapshot["started_at"]
    rows = _history_rows(history, ledger["batch"])
    assert [slug for slug, _ in rows] == sorted(states)  # each site once


def test_a_site_stopped_mid_crawl_continues_its_crawl(first_run, sector) -> None:
    """As a batch killed mid-site leaves it: the ledger says running, the snapshot is partial."""
    out = first_run["out"]
    snapshot_dir = out / "dienst" / "snapshot"
    meta = json.loads((snapshot_dir / "snapshot.json").read_text())
    meta.update(complete=False, stopped="interrupted (SIGTERM)")
    (snapshot_dir / "snapshot.json").write_text(json.dumps(meta))
    pages = (snapshot_dir / "pages.jsonl").read_text().splitlines(keepends=True)
    kept = pages[:2]
    (snapshot_dir / "pages.jsonl").write_text("".join(kept))
    ledger = _ledger(out)
    for record in ledger["sites"]:
        if record["slug"] == "dienst":
            record["state"] = "running"
    (out / "batch.json").write_text(json.dumps(ledger))
    proc = _batch(first_run["sites_file"], out, sector["history"], "--workers", "2")
    assert proc.returncode == 0, proc.stderr
    resumed = json.loads((snapshot_dir / "snapshot.json").read_text())
    assert f"resumed an interrupted crawl; {len(kept)} pages were already read" in resumed["notes"]
    assert resumed["complete"] or resumed["stopped"] == "time limit"
    records = {s["slug"]: s for s in _ledger(out)["sites"]}
    assert records["dienst"]["state"] == "done" and records["dienst"]["pages"] >= len(kept)
    rows = _history_rows(sector["history"], ledger["batch"])
    assert [slug for slug, _ in rows] == sorted(records)  # still each site once


def test_a_changed_list_is_refused_without_force(first_run, sector, tmp_path) -> None:
    out = first_run["out"]
    other = _sites_csv(tmp_path / "other.csv", sector["sites"], ["winkel", "dienst"])
    proc = _batch(other, out, sector["history"])
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "another list of sites" in proc.stderr
    changed = _batch(first_run["sites_file"], out, sector["history"], "--max-pages", "3")
    assert changed.returncode == 2 and "another audit settings" in changed.stderr


def test_compare_shows_each_sites_change(first_run, sector, tmp_path) -> None:
    old = tmp_path / "old"
    shutil.copytree(first_run["out"], old, ignore=shutil.ignore_patterns(".lock"))
    ledger = _ledger(old)
    winkel = json.loads((old / "winkel" / "goudenregels.json").read_text())
    winkel["scores"]["overall"] -= 7
    (old / "winkel" / "goudenregels.json").write_text(json.dumps(winkel))
    proc = run_cli("batch-report", str(first_run["out"]), "--compare", str(old), "-q")
    assert proc.returncode == 0, proc.stderr
    rows = {r["slug"]: r for r in csv.DictReader((first_run["out"] / "benchmark.csv").open())}
    assert rows["winkel"]["overall_change"] == "7"
    assert rows["gemeente"]["overall_change"] == "0"
    summary = json.loads((first_run["out"] / "benchmark.json").read_text())
    assert summary["compared_with"] == ledger["batch"]
    run_cli("batch-report", str(first_run["out"]), "-q")


def _workers_of(out: Path) -> list[int]:
    """Processes whose command line names this batch's folder (its workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmd = (entry / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if "goudenregels.batch.worker" in cmd and str(out) in cmd:
                found.append(int(entry.name))
    return found


def test_a_batch_killed_mid_run_resumes_without_loss_or_duplicates(sector, tmp_path) -> None:
    names = ["winkel", "dienst"]
    sites_file = _sites_csv(tmp_path / "sites.csv", sector["sites"], names)
    out, history = tmp_path / "out", tmp_path / "history.sqlite"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GOUDENREGELS_HISTORY": str(history)}
    args = [sys.executable, "-m", "goudenregels", "batch", str(sites_file), "-o", str(out)]
    proc = subprocess.Popen([*args, *BUDGET, *WALL, "-q"], env=env, cwd=ROOT)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if (out / "batch.json").exists() and _ledger(out)["counts"]["done"] >= 1:
                break
            time.sleep(0.1)
        proc.send_signal(signal.SIGKILL)  # no chance to tidy up
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    killed = _ledger(out)
    assert killed["counts"]["done"] == 1
    # The orphaned worker notices and stops its site (saving its snapshot) within seconds.
    deadline = time.monotonic() + 20
    while _workers_of(out) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _workers_of(out) == []
    done_before = {s["slug"]: s["audit_id"] for s in killed["sites"] if s["state"] == "done"}
    again = _batch(sites_file, out, history, "-q")
    assert again.returncode == 0, again.stderr
    ledger = _ledger(out)
    assert ledger["batch"] == killed["batch"]
    assert {s["slug"]: s["state"] for s in ledger["sites"]} == dict.fromkeys(names, "done")
    for slug, audit_id in done_before.items():  # finished sites were not audited again
        assert ledger["sites"][names.index(slug)]["audit_id"] == audit_id
    assert [slug for slug, _ in _history_rows(history, ledger["batch"])] == sorted(names)


# -- refusals before anything runs -------------------------------------------------------------


def test_bad_input_is_refused_in_one_line_before_anything_is_written(tmp_path) -> None:
    good = tmp_path / "sites.txt"
    good.write_text("https://www.voorbeeld.example.nl/\n")
    bad = tmp_path / "bad.csv"
    bad.write_text("url,name\nhttps://a.example.nl,A\nnot a url,B\n")
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "notes.txt").write_text("mine")
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    cases = [
        (["batch", str(good)], "batch needs -o OUT"),
        (["batch", str(tmp_path / "missing.csv"), "-o", str(tmp_path / "o1")], "cannot read"),
        (["batch", str(bad), "-o", str(tmp_path / "o2")], "bad.csv line 3"),
        (["batch", str(good), "-o", str(taken)], "holds no batch"),
        (["batch", str(good), "-o", str(a_file)], "is not a directory"),
        (
            ["batch", str(good), "-o", str(tmp_path / "o3"), "--profile", "winkel"],
            "unknown profile",
        ),
        (["batch-report", str(taken)], "holds no batch"),
    ]
    for args, message in cases:
        proc = run_cli(*args)
        assert proc.returncode == 2, (args, proc.stderr)
        assert proc.stderr.count("\n") == 1 and message in proc.stderr, (args, proc.stderr)
    assert sorted(p.name for p in taken.iterdir()) == ["notes.txt"]  # no lock file left in it
    assert not any((tmp_path / name).exists() for name in ("o1", "o2", "o3"))
