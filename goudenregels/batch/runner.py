"""The batch itself: open or resume OUT/, hand sites to an executor politely, keep the ledger.

Politeness: never two sites of one registrable domain in flight at once (the crawl's own
``--concurrency`` is then the most any host sees, whatever the number of workers). The ledger is
saved after every change of state, so a batch stopped in any way is resumed by running the same
command again: finished sites are skipped, sites stopped mid-way continue their crawl, and
``--retry-failed`` gives failed sites another go.
"""

from __future__ import annotations

import hashlib
import json
import signal
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from goudenregels.batch import ledger as lg
from goudenregels.batch.executor import Executor
from goudenregels.batch.jobs import SiteJob, SiteResult
from goudenregels.batch.sites import SiteEntry, fingerprint
from goudenregels.errors import (
    EXIT_GATE,
    EXIT_OK,
    EXIT_SITE,
    Interrupted,
    UsageError,
)
from goudenregels.options import Options
from goudenregels.words.scope import site_key

WORK_DIR = ".batch"
WALL_MARGIN = 1.25  # the hard wall per site is this many times the longest crawl it allows  # OUT/.batch: jobs and results handed to and from workers
# Settings that change neither what is crawled nor how it is scored: a batch may be resumed
# with other values of these (where reports go, what is printed, which browser binary).
NOT_IN_FINGERPRINT = ("url", "output", "quiet", "formats", "history", "browser")


@dataclass
class BatchSettings:
    """The batch's own settings, beside the audit Options every site gets."""

    workers: int = 1
    site_time: float = 900.0
    retry_failed: bool = False
    force: bool = False
    record: bool = True
    plugins_load: tuple[str, ...] = ()
    plugins_block: tuple[str, ...] = ()


@dataclass
class Progress:
    """What a progress display is told: counts, and each site as it starts and ends."""

    total: int = 0
    done: int = 0
    failed: int = 0
    in_flight: list[str] = field(default_factory=list)

    def started(self, record: dict[str, Any]) -> None:  # pragma: no cover - display hooks
        """A site was handed to a worker."""

    def finished(self, record: dict[str, Any]) -> None:  # pragma: no cover - display hooks
        """A site ended (record['state'] says how)."""


# Settings naming a file: made absolute, so a worker (or a resumed batch) finds the same file.
FILE_SETTINGS = ("verdicts", "history", "browser")


def audit_options(options: Options) -> dict[str, Any]:
    """The Options a batch hands to every site, as plain data."""
    data = asdict(options)
    for name in FILE_SETTINGS:
        value = data.get(name)
        # A browser given as a bare command name is looked up on PATH: left as it is.
        if value and (name != "browser" or "/" in value):
            data[name] = str(Path(value).resolve())
    return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}


def options_fingerprint(options: Options) -> str:
    data = {k: v for k, v in audit_options(options).items() if k not in NOT_IN_FINGERPRINT}
    text = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def open_ledger(
    out: Path, entries: list[SiteEntry], options: Options, force: bool, sites_file: str
) -> lg.Ledger:
    """The ledger of OUT: a new one, or the existing one when it is the same batch.

    A different list or different settings are refused unless force: then the new list is
    taken, and results kept only where the settings are unchanged.
    """
    sites_hash, options_hash = fingerprint(entries), options_fingerprint(options)
    ledger = lg.Ledger.load(out)
    if ledger is None:
        check_out(out)
        data = audit_options(options)
        return lg.new_ledger(out, entries, sites_hash, data, options_hash, sites_file)
    same_sites, same_options = ledger.sites_hash == sites_hash, ledger.options_hash == options_hash
    if not force and not (same_sites and same_options):
        what = "list of sites" if not same_sites else "audit settings"
        raise UsageError(
            f"{out} holds batch {ledger.batch} with another {what}; run it with the same "
            "list and settings to resume it, pass --force to change it, or choose a new directory"
        )
    if not (same_sites and same_options):
        ledger.adopt(entries, keep_results=same_options)
        ledger.sites_hash, ledger.options_hash = sites_hash, options_hash
        ledger.options = audit_options(options)
        ledger.sites_file = sites_file
    return ledger


def check_out(out: Path) -> None:
    """Refuse a directory that holds something other than a batch (before anything is written)."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} exists and is not a directory")
    if (out / lg.LEDGER).exists() or not out.exists():
        return
    if any(p.name not in (".lock", WORK_DIR) for p in out.iterdir()):
        raise UsageError(f"{out} exists and holds no batch; choose a new directory")


def _job(ledger: lg.Ledger, record: dict[str, Any], out: Path, settings: BatchSettings) -> SiteJob:
    # The crawl ends by its own time limit well inside the hard wall, so a slow site is scored
    # on what was read; the wall is for what hangs beyond that.
    crawl_time = min(ledger.options["max_time"], settings.site_time / WALL_MARGIN)
    return SiteJob(
        slug=record["slug"],
        url=record["url"],
        site_dir=str(out / record["slug"]),
        options={**ledger.options, "max_time": crawl_time},
        batch=ledger.batch,
        profile=record.get("profile", ""),
        record=settings.record,
        plugins_load=settings.plugins_load,
        plugins_block=settings.plugins_block,
    )


def _to_run(ledger: lg.Ledger, retry_failed: bool) -> list[dict[str, Any]]:
    """Sites still to audit, in list order: pending ones, those a stopped batch left running,
    and the failed ones when asked."""
    wanted = {lg.PENDING, lg.RUNNING} | ({lg.FAILED} if retry_failed else set())
    return [r for r in ledger.sites if r["state"] in wanted]


def _next(queue: list[dict[str, Any]], busy: set[str]) -> dict[str, Any] | None:
    """The first waiting site whose registrable domain has no site in flight."""
    for record in queue:
        if site_key(record["url"]) not in busy:
            queue.remove(record)
            return record
    return None


class _Stop(Exception):
    """SIGTERM to the batch: stop the sites in flight and keep what they read."""


def _on_term(_signum: int, _frame: Any) -> None:
    raise _Stop


def run_batch(
    out: Path,
    ledger: lg.Ledger,
    executor: Executor,
    settings: BatchSettings,
    progress: Progress | None = None,
) -> lg.Ledger:
    """Audit every site still to do; returns the ledger. Stopped (Ctrl-C, SIGTERM), it saves
    the sites in flight as pending and raises Interrupted."""
    progress = progress or Progress()
    queue = _to_run(ledger, settings.retry_failed)
    for record in queue:
        if record["state"] != lg.PENDING:
            ledger.mark(record["slug"], lg.PENDING)
    ledger.save()
    counts = ledger.counts()
    progress.total, progress.done = len(ledger.sites), counts[lg.DONE]
    progress.failed = counts[lg.FAILED]
    previous = signal.signal(signal.SIGTERM, _on_term)
    try:
        _loop(out, ledger, executor, settings, progress, queue)
    except (KeyboardInterrupt, _Stop) as exc:
        for result in executor.stop():
            _record(ledger, result, progress, stopping=True)
        how = "SIGTERM" if isinstance(exc, _Stop) else "Ctrl-C"
        raise Interrupted(
            f"batch interrupted by {how}; {ledger.counts()[lg.DONE]} of {len(ledger.sites)} "
            "site(s) done: run the same command again to continue",
            143 if isinstance(exc, _Stop) else 130,
        ) from None
    finally:
        signal.signal(signal.SIGTERM, previous)
    return ledger


def _loop(
    out: Path,
    ledger: lg.Ledger,
    executor: Executor,
    settings: BatchSettings,
    progress: Progress,
    queue: list[dict[str, Any]],
) -> None:
    busy: dict[str, str] = {}  # slug -> registrable domain of the sites in flight
    while queue or busy:
        while len(busy) < executor.capacity:
            record = _next(queue, set(busy.values()))
            if record is None:
                break
            ledger.mark(record["slug"], lg.RUNNING)
            ledger.save()
            executor.submit(_job(ledger, record, out, settings))
            busy[record["slug"]] = site_key(record["url"])
            progress.in_flight.append(record["slug"])
            progress.started(record)
        for result in executor.poll(timeout=0.5):
            busy.pop(result.slug, None)
            _record(ledger, result, progress)


MAX_WARNINGS = 20  # a site's warnings kept in the ledger (its report has them all)


def _record(
    ledger: lg.Ledger, result: SiteResult, progress: Progress, stopping: bool = False
) -> None:
    """Write one site's result into the ledger (saved at once) and tell the display.

    A site the batch stopped is pending (continued on the next run); one whose worker was
    stopped by something else failed, so the batch does not end with it silently undone.
    """
    if result.slug in progress.in_flight:
        progress.in_flight.remove(result.slug)
    if result.interrupted:
        state = lg.PENDING if stopping else lg.FAILED
    else:
        state = lg.DONE if result.audited else lg.FAILED
    data = result.to_dict()
    data.pop("slug")
    data["warnings"] = data["warnings"][:MAX_WARNINGS]
    record = ledger.mark(result.slug, state, **data)
    ledger.save()
    if state == lg.DONE:
        progress.done += 1
    elif state == lg.FAILED:
        progress.failed += 1
    progress.finished(record)


def exit_code(ledger: lg.Ledger) -> int:
    """3 when a site could not be audited, else 1 when a site's gate was not met, else 0."""
    states = [r["state"] for r in ledger.sites]
    if lg.FAILED in states:
        return EXIT_SITE
    if any(r.get("exit_code") == EXIT_GATE for r in ledger.sites):
        return EXIT_GATE
    return EXIT_OK


def work_dir(out: Path) -> Path:
    return out / WORK_DIR
