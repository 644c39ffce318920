"""The batch on a dask.distributed cluster: the executor the runner uses with ``--dask ADDRESS``.

The same three methods as the local executor (``submit``, ``poll``, ``stop``), over Dask
futures. Each site goes to a worker as a payload (the job, the site's folder as bytes so an
interrupted crawl continues, the auditor's verdicts, the site's measurements from the history)
and comes back as its result and its folder, which is unpacked into OUT/<slug> the moment it
arrives; the audit is then stored in this machine's history. The ledger, resuming and the sector
report therefore work as in a local batch. A worker that dies mid-site takes its task with it
and the scheduler gives the site to another worker; only the finished future is stored, so a
site is never in OUT/ or the history twice.

Imported only when ``--dask`` is given: ``dask`` stays out of every other command's start-up.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import shutil
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from distributed import Client, Event, Future

from goudenregels.batch.jobs import CRASHED, INTERRUPTED, SiteJob, SiteResult, failed, job_options
from goudenregels.batch.remote import pack, run_remote, unpack
from goudenregels.errors import (
    EXIT_GATE,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    GoudenregelsError,
    UsageError,
)

STOP_WAIT = 30.0  # seconds stopped sites get to save their snapshots and send them back
CAPACITY_EVERY = 5.0  # seconds between looks at how many worker threads the cluster has
CONNECT_TIMEOUT = 15.0
MEASUREMENT_FIELDS = ("site", "channel", "started", "answered", "kind", "source", "sender", "note")


@dataclass
class _Remote:
    job: SiteJob
    future: Future
    started: float


class DaskExecutor:
    """Sites as Dask tasks; at most ``capacity`` in flight (the cluster's threads, or --workers)."""

    def __init__(
        self,
        address: str,
        site_time: float,
        work_dir: Path,
        workers: int | None = None,
    ) -> None:
        try:
            self.client = Client(address, timeout=f"{CONNECT_TIMEOUT}s", set_as_default=False)
        except Exception as exc:  # OSError, TimeoutError, a bad address: all one answer
            raise UsageError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
        self.address = address
        self.site_time = site_time
        self.work_dir = work_dir  # OUT/.batch: folders on their way into OUT/<slug>
        self.workers = workers
        self.running: dict[str, _Remote] = {}
        self.stop_name = f"goudenregels-stop-{secrets.token_hex(6)}"
        self._threads, self._checked = 1, 0.0

    @property
    def capacity(self) -> int:
        """--workers when given, else every thread of the cluster (workers may come and go)."""
        if self.workers:
            return self.workers
        if time.monotonic() - self._checked > CAPACITY_EVERY:
            with contextlib.suppress(Exception):
                # At least one: with no worker yet, a site waits on the scheduler for one.
                self._threads = max(1, sum(self.client.nthreads().values()))
            self._checked = time.monotonic()
        return self._threads

    def submit(self, job: SiteJob) -> None:
        from goudenregels import __version__

        site_dir = Path(job.site_dir)
        payload = {
            "job": job.to_dict(),
            "site_time": self.site_time,
            "version": __version__,
            "folder": pack(site_dir, "snapshot") if (site_dir / "snapshot").is_dir() else b"",
            "verdicts": _verdicts(job),
            "measurements": _measurements(job),
            "stop": self.stop_name,
        }
        key = f"goudenregels-{job.slug}-{secrets.token_hex(4)}"
        future = self.client.submit(run_remote, payload, key=key, pure=False)
        self.running[job.slug] = _Remote(job, future, time.monotonic())

    def poll(self, timeout: float) -> list[SiteResult]:
        deadline = time.monotonic() + timeout
        while True:
            done = [slug for slug, run in self.running.items() if run.future.done()]
            if done or time.monotonic() >= deadline or not self.running:
                return [self._finish(self.running.pop(slug)) for slug in done]
            time.sleep(min(0.1, max(0.0, deadline - time.monotonic())))

    def stop(self) -> list[SiteResult]:
        """Tell every site in flight to stop (each saves its snapshot), take back what they
        send within STOP_WAIT; tasks that never answer are cancelled."""
        if not self.running:
            return []
        with contextlib.suppress(Exception):
            Event(self.stop_name, client=self.client).set()
        out: list[SiteResult] = []
        deadline = time.monotonic() + STOP_WAIT
        while self.running and time.monotonic() < deadline:
            out += self.poll(0.5)
        for slug, run in list(self.running.items()):
            run.future.cancel()
            seconds = time.monotonic() - run.started
            out.append(failed(slug, EXIT_INTERRUPTED, "interrupted", INTERRUPTED, seconds))
        self.running.clear()
        return out

    def close(self) -> None:
        with contextlib.suppress(Exception):
            Event(self.stop_name, client=self.client).clear()
        with contextlib.suppress(Exception):
            self.client.close()

    # -- a finished site -----------------------------------------------------------------------

    def _finish(self, run: _Remote) -> SiteResult:
        seconds = time.monotonic() - run.started
        future = run.future
        try:
            if future.status == "finished":
                return self._arrived(run.job, future.result())
            if future.status == "error":
                return _task_error(run.job.slug, future.exception(), seconds)
            reason = f"the Dask task was {future.status} (by the cluster, not this batch)"
            return failed(run.job.slug, EXIT_INTERNAL, reason, CRASHED, seconds)
        except GoudenregelsError as exc:
            return failed(run.job.slug, exc.exit_code, str(exc), seconds=seconds)
        except Exception as exc:  # a result that cannot be read: the site failed, not the batch
            return _task_error(run.job.slug, exc, seconds)
        finally:
            future.release()

    def _arrived(self, job: SiteJob, data: dict[str, Any]) -> SiteResult:
        result = SiteResult.from_dict(data["result"])
        if data.get("folder"):
            self._unpack(job, data["folder"])
        if not result.audited:
            return result
        try:
            return _store(job, result)
        except (OSError, ValueError, KeyError) as exc:
            reason = f"audited, but the audit could not be stored here: {type(exc).__name__}: {exc}"
            return failed(job.slug, EXIT_INTERNAL, reason, seconds=result.seconds)

    def _unpack(self, job: SiteJob, data: bytes) -> None:
        """Put the site's folder in OUT/<slug>, replacing the old one only once the new one is
        whole on disk."""
        site_dir = Path(job.site_dir)
        incoming = self.work_dir / f"{job.slug}.incoming"
        old = self.work_dir / f"{job.slug}.old"
        for path in (incoming, old):
            shutil.rmtree(path, ignore_errors=True)
        unpack(data, incoming)
        if site_dir.exists():
            site_dir.rename(old)
        incoming.rename(site_dir)
        shutil.rmtree(old, ignore_errors=True)


def _task_error(slug: str, exc: BaseException | None, seconds: float) -> SiteResult:
    """A task that raised: its worker died too often (KilledWorker), or the worker could not
    run it (goudenregels missing there, say)."""
    name = type(exc).__name__
    try:
        text = str(exc).strip()
    except Exception:  # an exception whose message cannot be made: its name says enough
        text = ""
    first = (text.splitlines() or [""])[0]
    if name == "KilledWorker":
        reason = f"every Dask worker that took this site died while auditing it: {first}"
        return failed(slug, EXIT_INTERNAL, reason.rstrip(": "), CRASHED, seconds)
    reason = f"the Dask task failed: {name}: {first}".rstrip(": ")
    return failed(slug, EXIT_INTERNAL, reason, seconds=seconds)


def _verdicts(job: SiteJob) -> str | None:
    """The auditor's verdicts file, as text: the worker has no access to this machine's files."""
    path = job.options.get("verdicts")
    if not path:
        return None
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot read verdicts file {path}: {exc.strerror or exc}") from None


def _measurements(job: SiteJob) -> list[dict[str, Any]]:
    """The site's measurements in this machine's history (scoring reads them), as plain rows.
    The history files them under the site's registrable domain, which the crawl takes from
    the start URL, so they can be looked up before the crawl."""
    from goudenregels.history import Store, default_path
    from goudenregels.words.scope import site_key, validate_start_url

    options = job_options(job)
    path = Path(options.history) if options.history else default_path()
    if not path.exists():  # no history, no measurements (and none is made by looking)
        return []
    store = Store(path)
    try:
        rows = store.measurements(site_key(validate_start_url(job.url)))
    finally:
        store.close()
    return [{k: row.get(k) for k in MEASUREMENT_FIELDS} for row in rows]


def _store(job: SiteJob, result: SiteResult) -> SiteResult:
    """The history's part of a site audited on a worker: the regression gate and the record,
    here, in this machine's history (tagged with the batch, so a redone site replaces itself)."""
    from goudenregels.pipeline import history_site, open_history, store_audit
    from goudenregels.snapshot import Snapshot

    options = job_options(job)
    if not (job.record or options.fail_on_regression):
        return result
    site_dir = Path(job.site_dir)
    report = json.loads((site_dir / "goudenregels.json").read_text(encoding="utf-8"))
    site = history_site(Snapshot.load(site_dir / "snapshot"))
    store = open_history(options, job.record)
    if store is None:
        return result
    try:
        snapshot_dir = site_dir / "snapshot"
        batch = (job.batch, job.slug)
        gates, audit_id = store_audit(store, report, site, options, job.record, snapshot_dir, batch)
    finally:
        store.close()
    gates = [*result.gates, *gates]
    exit_code = EXIT_GATE if gates else result.exit_code
    return replace(result, gates=gates, exit_code=exit_code, audit_id=audit_id)
