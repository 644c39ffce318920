"""Where a batch's sites run: the executor interface and the local process pool.

An executor takes a :class:`~goudenregels.batch.jobs.SiteJob` (``submit``) and hands back a
:class:`~goudenregels.batch.jobs.SiteResult` for each when it is finished (``poll``); the
runner decides what to submit and when (politeness, the ledger), the executor only runs. The
local executor starts one process per site, in a session of its own, with a hard wall per site:
memory stays flat however many sites there are, since each site's browser ends with its
process, and a site that hangs, crashes its browser or eats its worker affects only itself. A
Dask executor (dask_executor.py) implements the same three methods over ``dask.distributed``
futures, and runs each site on its worker through this local executor (remote.py).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from goudenregels.batch import leftovers
from goudenregels.batch.jobs import (
    CRASHED,
    INTERRUPTED,
    TIMEOUT,
    SiteJob,
    SiteResult,
    failed,
)
from goudenregels.batch.ledger import write_atomically
from goudenregels.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_SITE

STOP_GRACE = 10.0  # seconds a stopped site gets to save its snapshot before it is killed


class Executor(Protocol):
    """Runs site jobs; the runner never has more than ``capacity`` in flight."""

    capacity: int

    def submit(self, job: SiteJob) -> None:
        """Start a job (the runner only submits when fewer than capacity are in flight)."""

    def poll(self, timeout: float) -> list[SiteResult]:
        """The results of jobs finished since the last call; waits at most timeout seconds."""

    def stop(self) -> list[SiteResult]:
        """Stop every job in flight (each saves what it read); their 'interrupted' results."""


@dataclass
class _Running:
    job: SiteJob
    process: subprocess.Popen
    result_path: Path
    started: float
    stopping: str = ""  # why it is being stopped: TIMEOUT or INTERRUPTED
    stop_sent: float = 0.0
    # Browser profiles of its group, read before it is signalled: removed once it is gone.
    profiles: set[Path] = field(default_factory=set)


class LocalExecutor:
    """One worker process per site, at most ``capacity`` at once, each with a hard wall."""

    def __init__(self, capacity: int, site_time: float, work_dir: Path) -> None:
        self.capacity = capacity
        self.site_time = site_time
        self.work_dir = work_dir  # where jobs and results are handed over (OUT/.batch)
        self.running: dict[str, _Running] = {}

    def submit(self, job: SiteJob) -> None:
        self.work_dir.mkdir(parents=True, exist_ok=True)
        job_path = self.work_dir / f"{job.slug}.job.json"
        result_path = self.work_dir / f"{job.slug}.result.json"
        result_path.unlink(missing_ok=True)
        write_atomically(job_path, json.dumps(job.to_dict(), ensure_ascii=False))
        process = subprocess.Popen(
            [sys.executable, "-m", "goudenregels.batch.worker", str(job_path), str(result_path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: the site's browser stops with it
        )
        self.running[job.slug] = _Running(job, process, result_path, time.monotonic())

    def poll(self, timeout: float) -> list[SiteResult]:
        deadline = time.monotonic() + timeout
        while True:
            done = self._collect()
            if done or time.monotonic() >= deadline or not self.running:
                return done
            time.sleep(min(0.1, max(0.0, deadline - time.monotonic())))

    def _collect(self) -> list[SiteResult]:
        out = []
        now = time.monotonic()
        for slug, run in list(self.running.items()):
            if run.process.poll() is None:
                self._enforce_wall(run, now)
                continue
            _stop_group(run, signal.SIGKILL)  # whatever the worker left behind
            _tidy(run)
            del self.running[slug]
            out.append(self._result(run, now))
        return out

    def _enforce_wall(self, run: _Running, now: float) -> None:
        if not run.stopping and now - run.started > self.site_time:
            run.stopping, run.stop_sent = TIMEOUT, now
            _stop_group(run, signal.SIGTERM)
        elif run.stopping and now - run.stop_sent > STOP_GRACE:
            _stop_group(run, signal.SIGKILL)

    def _result(self, run: _Running, now: float) -> SiteResult:
        """The worker's own result; for a stopped or dead worker, what the batch saw."""
        seconds = now - run.started
        if run.stopping == TIMEOUT:
            reason = f"did not finish within --site-time {self.site_time:g} s; stopped"
            return failed(run.job.slug, EXIT_SITE, reason, TIMEOUT, seconds)
        try:
            data = json.loads(run.result_path.read_text(encoding="utf-8"))
            return SiteResult.from_dict(data)
        except (OSError, ValueError, TypeError):
            pass
        if run.stopping == INTERRUPTED:
            return failed(run.job.slug, EXIT_INTERRUPTED, "interrupted", INTERRUPTED, seconds)
        code = run.process.returncode
        how = f"killed by signal {-code}" if code < 0 else f"exit code {code}"
        reason = f"the worker process died ({how}) without a result"
        return failed(run.job.slug, EXIT_INTERNAL, reason, CRASHED, seconds)

    def stop(self) -> list[SiteResult]:
        now = time.monotonic()
        for run in self.running.values():
            run.stopping, run.stop_sent = INTERRUPTED, now
            _stop_group(run, signal.SIGTERM)
        out: list[SiteResult] = []
        while self.running:
            out += self._collect()
            if self.running:
                time.sleep(0.1)
        return out


def _stop_group(run: _Running, sig: int) -> None:
    """Signal a worker's group, noting first the browser profiles its processes use."""
    run.profiles |= leftovers.profiles_of(run.process.pid)
    _kill_group(run.process, sig)


def _tidy(run: _Running, wait: float = 2.0) -> None:
    """Once nothing of the group is left (or ``wait`` s have passed), remove the browser
    profiles that its killed browsers could not."""
    if not run.profiles:
        return
    end = time.monotonic() + wait
    while time.monotonic() < end:
        try:
            os.killpg(run.process.pid, 0)
        except OSError:
            break  # the group is gone
        time.sleep(0.05)
    leftovers.remove(run.profiles)


def _kill_group(process: subprocess.Popen, sig: int) -> None:
    """Signal a worker's whole session (its browser too); gone already is fine."""
    with contextlib.suppress(OSError):
        os.killpg(process.pid, sig)
