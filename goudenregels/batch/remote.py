"""The worker's side of a Dask batch: audit one site in a scratch folder and send the folder back.

``run_remote(payload)`` is what a Dask worker runs for one site. The worker may be another
machine: nothing of the client's file system is assumed. The site's folder as the client has it
(a crawl to continue) arrives as bytes, is unpacked into a temporary folder, audited there by a
local worker process of its own (the same hard wall, session and orphan watch as a local batch,
so a hostile site can take down only that process, never the Dask worker), and goes back as
bytes. The client unpacks it into OUT/<slug> and stores the audit in its own history, so a
worker never writes a history: what scoring reads from the history (the site's measurements) and
the auditor's verdicts travel with the payload.

No ``dask`` import at module level: the local worker process imports this module's helpers too.
"""

from __future__ import annotations

import contextlib
import io
import tarfile
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from goudenregels.batch.jobs import INTERRUPTED, SiteJob, SiteResult, failed
from goudenregels.errors import EXIT_INTERRUPTED, EXIT_USAGE

SITE = "site"  # the site's folder inside the scratch folder
HISTORY = "history.sqlite"  # the scratch history that holds the shipped measurements
POLL = 0.5  # seconds between looks at the site's process and at the batch's stop signal


# -- folders as bytes ------------------------------------------------------------------------


def pack(folder: Path, part: str = "") -> bytes:
    """A folder (or only its subfolder part) as the bytes of a gzip'ed tar, paths relative to
    the folder; an empty folder gives an empty archive."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", compresslevel=6) as tar:
        for path in sorted((folder / part).rglob("*")):
            if path.is_file() and not path.is_symlink():
                tar.add(path, arcname=str(path.relative_to(folder)), recursive=False)
    return buffer.getvalue()


def unpack(data: bytes, folder: Path) -> None:
    """Unpack pack()'s bytes into folder; members that would land outside it are refused."""
    folder.mkdir(parents=True, exist_ok=True)
    root = folder.resolve()
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        members = []
        for member in tar.getmembers():
            target = (root / member.name).resolve()
            if not (member.isfile() or member.isdir()) or not target.is_relative_to(root):
                raise ValueError(f"unsafe member in a site's folder: {member.name!r}")
            members.append(member)
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4+: the library checks as well
            tar.extractall(root, members=members, filter="data")
        else:  # pragma: no cover - older 3.11
            tar.extractall(root, members=members)


# -- the worker's side -----------------------------------------------------------------------


def run_remote(payload: dict[str, Any]) -> dict[str, Any]:
    """Audit one site on this worker; returns {"result": SiteResult dict, "folder": bytes}.

    Never raises for anything the site does; a worker process that dies takes this task with
    it, and the scheduler gives it to another worker.
    """
    from goudenregels import __version__

    job = SiteJob.from_dict(payload["job"])
    if payload.get("version") != __version__:
        reason = (
            f"this Dask worker has goudenregels {__version__}, the batch runs goudenregels "
            f"{payload.get('version')}; install the same version on every worker"
        )
        return {"result": failed(job.slug, EXIT_USAGE, reason).to_dict(), "folder": b""}
    with tempfile.TemporaryDirectory(prefix="goudenregels-", dir=_scratch_root()) as tmp:
        scratch = Path(tmp)
        site_dir = scratch / SITE
        site_dir.mkdir()
        if payload.get("folder"):
            unpack(payload["folder"], site_dir)
        local = _local_job(job, payload, scratch)
        result = _run_isolated(local, float(payload["site_time"]), scratch, payload.get("stop"))
        return {"result": result.to_dict(), "folder": pack(site_dir)}


def _scratch_root() -> str | None:
    """The Dask worker's own scratch space (cleared when a dead worker's space is reclaimed),
    else the system's temporary folder."""
    with contextlib.suppress(Exception):
        from distributed import get_worker

        return str(get_worker().local_directory)
    return None


def _local_job(job: SiteJob, payload: dict[str, Any], scratch: Path) -> SiteJob:
    """The job as the local worker process runs it: the scratch folder, the shipped verdicts
    and measurements, and no history written (the client stores the audit)."""
    options = dict(job.options)
    if payload.get("verdicts") is not None:
        verdicts = scratch / "verdicts.toml"
        verdicts.write_text(payload["verdicts"], encoding="utf-8")
        options["verdicts"] = str(verdicts)
    options["history"] = str(scratch / HISTORY)
    options["fail_on_regression"] = False  # judged by the client, against its history
    if payload.get("measurements"):
        from goudenregels.history import Store

        store = Store(scratch / HISTORY)
        try:
            for row in payload["measurements"]:
                store.add_measurement(**row)
        finally:
            store.close()
    return replace(job, site_dir=str(scratch / SITE), options=options, record=False)


def _run_isolated(job: SiteJob, site_time: float, scratch: Path, stop: str | None) -> SiteResult:
    """Run the job in a local worker process under the hard wall; stop it (its snapshot saved)
    when the batch is stopped or this task was given up by the scheduler."""
    from goudenregels.batch.executor import LocalExecutor

    watch = _StopWatch(stop)
    if watch.stopped():  # stopped while it waited for a worker: not started at all
        return failed(job.slug, EXIT_INTERRUPTED, "interrupted", INTERRUPTED)
    executor = LocalExecutor(1, site_time, scratch / ".batch")
    executor.submit(job)
    while True:
        results = executor.poll(POLL)
        if results:
            return results[0]
        if watch.stopped():
            results = executor.stop()
            if results:
                return results[0]
            return failed(job.slug, EXIT_INTERRUPTED, "interrupted", INTERRUPTED)


class _StopWatch:
    """Whether to stop: the batch's stop event is set (Ctrl-C on the client), or the scheduler
    no longer wants this task (the client went away). Looked at every few seconds, and never
    fatal: without a scheduler to ask, the site simply runs to its wall."""

    EVERY = 2.0

    def __init__(self, name: str | None) -> None:
        self.name = name
        self.checked = 0.0
        self.worker: Any = None
        self.key: Any = None
        self.event: Any = None
        with contextlib.suppress(Exception):
            from distributed import Event, get_worker

            self.worker = get_worker()
            self.key = self.worker.get_current_task()
            self.event = Event(name) if name else None

    def stopped(self) -> bool:
        if self.worker is None or time.monotonic() - self.checked < self.EVERY:
            return False
        self.checked = time.monotonic()
        with contextlib.suppress(Exception):
            if self.event is not None and self.event.is_set():
                return True
        if self.key is None:  # no key to ask about: only the stop event counts
            return False
        with contextlib.suppress(Exception):
            task = self.worker.state.tasks.get(self.key)
            return task is None or task.state in ("cancelled", "released", "forgotten")
        return False
