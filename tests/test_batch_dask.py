"""``goudenregels batch --dask``: the batch on a dask.distributed LocalCluster of two worker
processes started here (127.0.0.1 only), a worker killed mid-site, Ctrl-C and resuming; and the
parts of the Dask executor that need no cluster (folders as bytes, what travels to a worker)."""

from __future__ import annotations

import functools
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tarfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from goudenregels.batch.jobs import SiteJob
from goudenregels.serve import StaticServer
from tests.helpers import ROOT, SITES, batch_budget, run_cli

distributed = pytest.importorskip("distributed")

BUDGET = batch_budget(1)
WALL = ["--max-time", "20", "--site-time", "40"]


@pytest.fixture(scope="module")
def cluster():
    """A LocalCluster of two single-threaded worker processes (each under a nanny, which
    starts a new one when a worker dies), and a client of the test's own to watch it."""
    # The workers (and the site processes they start) import goudenregels from this tree.
    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), old) if p)
    local = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
    )
    client = distributed.Client(local)
    yield local, client
    client.close()
    local.close()
    if old is None:
        os.environ.pop("PYTHONPATH", None)
    else:
        os.environ["PYTHONPATH"] = old


@pytest.fixture(scope="module")
def sites():
    servers = [StaticServer(SITES / name) for name in ("webshop", "gemeente", "dienstverlener")]
    urls = [server.__enter__() for server in servers]
    yield dict(zip(("winkel", "gemeente", "dienst"), urls, strict=True))
    for server in servers:
        server.__exit__(None, None, None)


def _sites_file(path: Path, sites: dict[str, str], extra: dict[str, str] | None = None) -> Path:
    rows = {**sites, **(extra or {})}
    lines = ["url,name"] + [f"{url},{name}" for name, url in rows.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _command(sites_file: Path, out: Path, address: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "goudenregels",
        "batch",
        str(sites_file),
        "-o",
        str(out),
        "--dask",
        address,
        *BUDGET,
        *WALL,
    ]


def _env(history: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "GOUDENREGELS_HISTORY": str(history)}


def _ledger(out: Path) -> dict:
    return json.loads((out / "batch.json").read_text(encoding="utf-8"))


def _history_rows(history: Path, batch: str) -> list[tuple]:
    with sqlite3.connect(history) as conn:
        return conn.execute(
            "SELECT batch_site, id, snapshot_dir FROM audits WHERE batch = ? ORDER BY batch_site",
            (batch,),
        ).fetchall()


def _executing(client, slug: str) -> str | None:
    """The address of the worker that is running this site's task right now."""

    def running(dask_worker) -> list[str]:
        return [str(k) for k, t in dask_worker.state.tasks.items() if t.state == "executing"]

    for address, keys in client.run(running).items():
        if any(key.startswith(f"goudenregels-{slug}-") for key in keys):
            return address
    return None


def _kill_worker_running(client, slug: str, timeout: float = 90) -> tuple[str, int]:
    """Wait until a worker is auditing slug, give its browser a moment, then kill -9 it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        address = _executing(client, slug)
        if address is not None:
            time.sleep(1.0)  # mid-site: the site's process is starting its browser
            pid = client.run(os.getpid, workers=[address])[address]
            assert _executing(client, slug) == address, f"{slug} ended before it could be killed"
            os.kill(pid, signal.SIGKILL)
            return address, pid
        time.sleep(0.1)
    raise AssertionError(f"no worker started {slug} within {timeout} s")


def test_a_batch_on_dask_survives_a_worker_killed_mid_site(cluster, sites, tmp_path) -> None:
    local, client = cluster
    closed = f"http://127.0.0.1:{_closed_port()}/"
    sites_file = _sites_file(tmp_path / "sites.csv", sites, {"dicht": closed})
    out, history = tmp_path / "out", tmp_path / "history.sqlite"
    pids_before = set(client.run(os.getpid).values())
    proc = subprocess.Popen(
        _command(sites_file, out, local.scheduler_address),
        env=_env(history),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _address, pid = _kill_worker_running(client, "gemeente")
        stdout, stderr = proc.communicate(timeout=240)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert pid in pids_before
    assert proc.returncode == 3, stderr  # the closed port could not be audited; the rest could
    ledger = _ledger(out)
    states = {s["slug"]: (s["state"], s.get("failure", "")) for s in ledger["sites"]}
    assert states == {
        "winkel": ("done", ""),
        "gemeente": ("done", ""),
        "dienst": ("done", ""),
        "dicht": ("failed", "site"),
    }, json.dumps(ledger["sites"], indent=1)
    records = {s["slug"]: s for s in ledger["sites"]}
    # The scheduler gave the killed worker's site to another worker; the batch saw one attempt.
    assert records["gemeente"]["attempts"] == 1 and records["gemeente"]["pages"] >= 1
    assert "cannot load" in records["dicht"]["reason"]
    # Each site's folder once, whole, laid out as a local batch lays it out; nothing left over.
    assert sorted(p.name for p in out.iterdir() if p.is_dir() and p.name != ".batch") == [
        "dicht",
        "dienst",
        "gemeente",
        "winkel",
    ]
    assert not [p for p in (out / ".batch").iterdir() if p.suffix in (".incoming", ".old")]
    for slug in ("winkel", "gemeente", "dienst"):
        report = json.loads((out / slug / "goudenregels.json").read_text(encoding="utf-8"))
        assert report["scores"]["overall"] == records[slug]["overall"]
        assert (out / slug / "goudenregels.html").is_file()
        assert (out / slug / "overviews.json").is_file()
        assert (out / slug / "snapshot" / "snapshot.json").is_file()
    # The history: each audited site once, with the id the ledger names and the folder in OUT.
    rows = _history_rows(history, ledger["batch"])
    assert [row[0] for row in rows] == ["dienst", "gemeente", "winkel"]
    for slug, audit_id, snapshot_dir in rows:
        assert records[slug]["audit_id"] == audit_id
        assert Path(snapshot_dir) == out / slug / "snapshot"
    summary = json.loads((out / "benchmark.json").read_text(encoding="utf-8"))
    assert summary["counts"] == {"sites": 4, "audited": 3, "failed": 1, "waiting": 0}
    assert "3 of 4 site(s) audited, 1 failed" in stdout


def _pages_read(client, slug: str) -> int:
    """Pages the site has saved so far in its worker's scratch folder (which holds the job
    its worker process was given, named by the site)."""

    def count(dask_worker) -> int:
        total = 0
        for scratch in Path(dask_worker.local_directory).glob("goudenregels-*"):
            if not (scratch / ".batch" / f"{slug}.job.json").is_file():
                continue
            try:
                pages = scratch / "site" / "snapshot" / "pages.jsonl"
                total += len(pages.read_bytes().splitlines())
            except OSError:  # not written yet, or the site just ended and took it away
                continue
        return total

    return sum(client.run(count).values())


class _SlowPages(SimpleHTTPRequestHandler):
    """A static site whose pages each take 0.6 s to arrive."""

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        if self.path.endswith((".html", "/")):
            time.sleep(0.6)
        super().do_GET()


def test_ctrl_c_on_dask_keeps_the_partial_crawls_and_the_rerun_continues_them(
    cluster, sites, tmp_path, request
) -> None:
    local, client = cluster
    # The shop answers slowly, so it is still crawling when Ctrl-C comes, however fast the machine.
    slow = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_SlowPages, directory=str(SITES / "webshop"))
    )
    threading.Thread(target=slow.serve_forever, daemon=True).start()
    request.addfinalizer(lambda: (slow.shutdown(), slow.server_close()))
    two = {"winkel": f"http://127.0.0.1:{slow.server_address[1]}/", "dienst": sites["dienst"]}
    sites_file = _sites_file(tmp_path / "sites.csv", two)
    out, history = tmp_path / "out", tmp_path / "history.sqlite"
    command = [*_command(sites_file, out, local.scheduler_address), "-q"]
    command[command.index("--max-pages") + 1] = "12"  # long enough to be stopped mid-crawl
    proc = subprocess.Popen(command, env=_env(history), cwd=ROOT, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and _pages_read(client, "winkel") < 2:
            time.sleep(0.1)
        proc.send_signal(signal.SIGINT)  # mid-crawl: pages read on a worker, more to come
        _, stderr = proc.communicate(timeout=90)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, stderr
    stopped = {s["slug"]: s for s in _ledger(out)["sites"]}
    assert stopped["winkel"]["state"] == "pending"
    kept = (out / "winkel" / "snapshot" / "pages.jsonl").read_text().splitlines()
    assert kept, "the stopped site's partial crawl came back into OUT"
    done = {slug for slug, record in stopped.items() if record["state"] == "done"}
    assert {row[0] for row in _history_rows(history, _ledger(out)["batch"])} == done
    again = subprocess.run(command, env=_env(history), cwd=ROOT, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    meta = json.loads((out / "winkel" / "snapshot" / "snapshot.json").read_text())
    assert any(note.startswith("resumed an interrupted crawl; ") for note in meta["notes"])
    ledger = _ledger(out)
    assert {s["slug"]: s["state"] for s in ledger["sites"]} == {"winkel": "done", "dienst": "done"}
    assert [row[0] for row in _history_rows(history, ledger["batch"])] == ["dienst", "winkel"]


def _site_processes(client) -> list[int]:
    """The site processes (goudenregels.batch.worker) the cluster's workers have running."""

    def sites() -> list[int]:
        import psutil

        found = []
        for child in psutil.Process().children(recursive=True):
            try:
                if "goudenregels.batch.worker" in " ".join(child.cmdline()):
                    found.append(child.pid)
            except psutil.Error:  # ended meanwhile, or a zombie
                continue
        return found

    return [pid for pids in client.run(sites).values() for pid in pids]


def test_a_client_that_dies_leaves_no_site_running_on_the_workers(cluster, sites, tmp_path) -> None:
    from tests.hostile import HostileServer

    local, client = cluster
    hostile = HostileServer("site").start()  # pages that stall: the crawl runs to --max-time
    sites_file = _sites_file(tmp_path / "sites.csv", {"winkel": hostile.url})
    out, history = tmp_path / "out", tmp_path / "history.sqlite"
    command = [*_command(sites_file, out, local.scheduler_address), "-q"]
    command[command.index("--max-pages") + 1] = "30"
    proc = subprocess.Popen(command, env=_env(history), cwd=ROOT)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not _site_processes(client):
            time.sleep(0.2)
        assert _site_processes(client), "the site never started on a worker"
        proc.send_signal(signal.SIGKILL)  # no chance to tell anyone
        proc.wait(10)
        killed = time.monotonic()
    finally:
        if proc.poll() is None:
            proc.kill()
    # The scheduler releases the dead client's task; its worker stops the site (within a few
    # seconds, long before the crawl's own 20 s limit would have ended it).
    try:
        while _site_processes(client) and time.monotonic() - killed < 12:
            time.sleep(0.5)
        assert _site_processes(client) == []
        assert _executing(client, "winkel") is None
    finally:
        hostile.close()


def test_an_unreachable_scheduler_is_refused_before_anything_is_written(sites, tmp_path) -> None:
    sites_file = _sites_file(tmp_path / "sites.csv", sites)
    out = tmp_path / "out"
    with_port = f"tcp://127.0.0.1:{_closed_port()}"
    proc = run_cli(
        "batch", str(sites_file), "-o", str(out), "--dask", with_port, *BUDGET, timeout=120
    )
    assert proc.returncode == 2, proc.stderr
    assert f"cannot reach the Dask scheduler at {with_port}" in proc.stderr
    assert not out.exists()


def _closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- without a cluster -------------------------------------------------------------------------


def test_other_commands_do_not_import_dask() -> None:
    code = (
        "import sys, goudenregels.cli, goudenregels.batch_cli, goudenregels.batch.runner;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
    )
    assert proc.stdout.strip() == "[]"


def test_a_folder_travels_as_bytes_and_back(tmp_path) -> None:
    from goudenregels.batch.remote import pack, unpack

    site = tmp_path / "site"
    (site / "snapshot" / "html").mkdir(parents=True)
    (site / "snapshot" / "snapshot.json").write_text('{"pages": 2}', encoding="utf-8")
    (site / "snapshot" / "html" / "0001.html").write_bytes("<p>Bel ons €</p>".encode())
    (site / "goudenregels.json").write_text("{}", encoding="utf-8")
    whole, part = pack(site), pack(site, "snapshot")
    unpack(whole, tmp_path / "whole")
    unpack(part, tmp_path / "part")
    assert (tmp_path / "whole" / "snapshot" / "html" / "0001.html").read_bytes() == (
        site / "snapshot" / "html" / "0001.html"
    ).read_bytes()
    assert (tmp_path / "whole" / "goudenregels.json").is_file()
    assert (tmp_path / "part" / "snapshot" / "snapshot.json").is_file()
    assert not (tmp_path / "part" / "goudenregels.json").exists()  # only the snapshot part
    empty = tmp_path / "empty"
    empty.mkdir()
    unpack(pack(empty), tmp_path / "from-empty")
    assert list((tmp_path / "from-empty").iterdir()) == []


def _tar(members: list[tuple[tarfile.TarInfo, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for info, data in members:
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data) if data else None)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name, kind",
    [
        ("../escaped.txt", tarfile.REGTYPE),
        ("snapshot/../../escaped.txt", tarfile.REGTYPE),
        ("/tmp/absolute.txt", tarfile.REGTYPE),
        ("snapshot/link", tarfile.SYMTYPE),
        ("snapshot/device", tarfile.CHRTYPE),
    ],
)
def test_a_folder_from_a_worker_cannot_write_outside_its_place(tmp_path, name, kind) -> None:
    from goudenregels.batch.remote import unpack

    info = tarfile.TarInfo(name)
    info.type = kind
    if kind == tarfile.SYMTYPE:
        info.linkname = "/etc/passwd"
    data = _tar(
        [
            (tarfile.TarInfo("snapshot/ok.json"), b"{}"),
            (info, b"x" if kind == tarfile.REGTYPE else b""),
        ]
    )
    target = tmp_path / "site"
    with pytest.raises(ValueError, match="unsafe member"):
        unpack(data, target)
    assert not (tmp_path / "escaped.txt").exists()
    assert not (target / "snapshot" / "ok.json").exists()  # nothing is unpacked at all


def _job(url: str, **options) -> SiteJob:
    return SiteJob(
        slug="winkel",
        url=url,
        site_dir="/nowhere/on/the/worker/winkel",
        options={"history": None, "verdicts": None, "fail_on_regression": True, **options},
        batch="20261126T000000-abcdef",
    )


def test_what_scoring_needs_from_this_machine_travels_with_the_site(tmp_path) -> None:
    """The verdicts file's text and the site's measurements (only that site's) go into the
    payload; on the worker they become a scratch file and a scratch history, and the worker
    stores nothing itself."""
    from goudenregels.batch.dask_executor import _measurements, _verdicts
    from goudenregels.batch.remote import HISTORY, _local_job
    from goudenregels.history import Store

    history = tmp_path / "history.sqlite"
    store = Store(history)
    store.add_measurement("127.0.0.1:8123", "email", "2026-11-02T09:00", "2026-11-02T15:00")
    store.add_measurement("127.0.0.1:8123", "phone", "2026-11-03T10:00", None, note="no answer")
    store.add_measurement("127.0.0.1:8124", "email", "2026-11-02T09:00", "2026-11-09T09:00")
    store.close()
    verdicts = tmp_path / "verdicts.toml"
    verdicts.write_text('[[verdict]]\ncode = "GR101"\nstatus = "pass"\n', encoding="utf-8")
    job = _job("http://127.0.0.1:8123/", history=str(history), verdicts=str(verdicts))
    rows = _measurements(job)
    assert [(r["site"], r["channel"], r["note"]) for r in rows] == [
        ("127.0.0.1:8123", "email", ""),
        ("127.0.0.1:8123", "phone", "no answer"),
    ]
    payload = {"measurements": rows, "verdicts": _verdicts(job)}
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    local = _local_job(job, payload, scratch)
    assert local.record is False and local.options["fail_on_regression"] is False
    assert Path(local.site_dir) == scratch / "site"
    assert Path(local.options["verdicts"]).read_text(encoding="utf-8") == verdicts.read_text()
    assert local.options["history"] == str(scratch / HISTORY)
    shipped = Store(scratch / HISTORY)
    try:
        assert [m["channel"] for m in shipped.measurements("127.0.0.1:8123")] == ["email", "phone"]
        assert shipped.measurements("127.0.0.1:8124") == []
    finally:
        shipped.close()


def test_no_history_and_no_verdicts_ship_nothing(tmp_path) -> None:
    from goudenregels.batch.dask_executor import _measurements, _verdicts

    job = _job("http://127.0.0.1:8123/", history=str(tmp_path / "absent.sqlite"))
    assert _measurements(job) == [] and _verdicts(job) is None
    assert not (tmp_path / "absent.sqlite").exists()  # looking did not create a history


def test_a_worker_with_another_version_refuses_the_site(tmp_path) -> None:
    from goudenregels.batch.remote import run_remote

    job = _job("http://127.0.0.1:8123/")
    answer = run_remote({"job": job.to_dict(), "version": "0.0.1", "site_time": 10})
    assert answer["folder"] == b""
    assert answer["result"]["failure"] == "usage" and answer["result"]["exit_code"] == 2
    assert "goudenregels 0.0.1" in answer["result"]["reason"]


def test_a_task_whose_workers_keep_dying_is_a_crash_and_others_say_what_failed() -> None:
    from types import SimpleNamespace

    from distributed.scheduler import KilledWorker

    from goudenregels.batch.dask_executor import _task_error

    worker = SimpleNamespace(address="tcp://127.0.0.1:40001")
    lost = _task_error("winkel", KilledWorker("goudenregels-winkel-1", worker, 3), 12.5)
    assert (lost.failure, lost.exit_code, lost.seconds) == ("crashed", 4, 12.5)
    assert "every Dask worker that took this site died" in lost.reason
    assert "tcp://127.0.0.1:40001" in lost.reason  # Dask's own words name the last worker
    missing = _task_error("winkel", ModuleNotFoundError("No module named 'goudenregels'"), 0.1)
    assert missing.failure == "internal"
    assert missing.reason == (
        "the Dask task failed: ModuleNotFoundError: No module named 'goudenregels'"
    )


def _report(overall: int, gr101: str) -> dict:
    """The parts of an audit's public JSON that the history reads."""
    return {
        "site": {"url": "http://127.0.0.1:8123/", "final_url": "http://127.0.0.1:8123/"}
        | {"profile": "webshop"},
        "tool": {"version": "0.1.0"},
        "started_at": "2026-11-26T09:00:00+00:00",
        "finished_at": "2026-11-26T09:00:05+00:00",
        "scores": {"overall": overall, "coverage": 0.9, "rules": {"1": {"score": overall}}},
        "findings": [{"code": "GR101", "status": gr101, "title": "Telefoon", "message": "m"}],
    }


def test_a_site_audited_on_a_worker_is_stored_here_once_with_the_regression_gate(
    tmp_path,
) -> None:
    """The client stores what came back: the regression gate against this machine's history,
    the audit tagged with the batch, and a site that comes back twice replaces itself."""
    from goudenregels.batch.dask_executor import _store
    from goudenregels.batch.jobs import SiteResult
    from goudenregels.history import Store
    from goudenregels.snapshot import META_FILE, SNAPSHOT_VERSION

    history = tmp_path / "history.sqlite"
    store = Store(history)
    store.record_audit(_report(80, "pass"), "127.0.0.1:8123")  # an earlier audit, not a batch
    store.close()
    site_dir = tmp_path / "out" / "winkel"
    (site_dir / "snapshot").mkdir(parents=True)
    meta = {"version": SNAPSHOT_VERSION, "start_url": "http://127.0.0.1:8123/"}
    meta["scope"] = "127.0.0.1:8123"
    (site_dir / "snapshot" / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    (site_dir / "goudenregels.json").write_text(json.dumps(_report(70, "fail")))
    job = SiteJob(
        slug="winkel",
        url="http://127.0.0.1:8123/",
        site_dir=str(site_dir),
        options={"history": str(history), "fail_on_regression": True},
        batch="20261126T000000-abcdef",
    )
    came_back = SiteResult("winkel", 0, overall=70, gates=["overall 70 < 75"])
    stored = _store(job, came_back)
    assert stored.exit_code == 1
    assert stored.gates == [
        "overall 70 < 75",  # the worker's own gate, kept
        "regression: GR101 pass → fail",
        "regression: rule 1 score 80 → 70",
    ]
    again = _store(job, came_back)  # the same site once more (a redone task): replaces itself
    with sqlite3.connect(history) as conn:
        rows = conn.execute("SELECT id, batch, batch_site, snapshot_dir FROM audits").fetchall()
    assert [(r[1], r[2]) for r in rows] == [(None, None), (job.batch, "winkel")]
    assert rows[1][0] == again.audit_id and Path(rows[1][3]) == site_dir / "snapshot"
    quiet = _store(SiteJob(**{**job.to_dict(), "record": False, "options": {}}), came_back)
    assert quiet == came_back  # no history and no gate asked for: nothing to do
