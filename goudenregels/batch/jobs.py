"""One site of a batch: the job a worker gets, the audit it runs and the result it returns.

``run_job`` audits one site the way ``goudenregels audit -o OUT/<slug>`` does: the snapshot in
OUT/<slug>/snapshot (an interrupted crawl there is continued, a finished one scored as it is),
the reports beside it, the audit stored in the history tagged with the batch. Whatever goes
wrong becomes a result with an exit-code class and a one-line reason; nothing is raised, so a
worker of any executor (a local process, a Dask worker) just returns what it gets.
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from goudenregels.errors import (
    EXIT_GATE,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_SITE,
    EXIT_USAGE,
    GoudenregelsError,
    Interrupted,
)

# The classes of failure a site's record names, by exit code; "timeout" and "crashed" are what
# the executor reports for a site that hit its hard wall or whose worker died.
FAILURE_CLASSES = {
    EXIT_USAGE: "usage",
    EXIT_SITE: "site",
    EXIT_INTERNAL: "internal",
}
TIMEOUT, CRASHED, INTERRUPTED = "timeout", "crashed", "interrupted"
OVERVIEWS_FILE = "overviews.json"


@dataclass(frozen=True)
class SiteJob:
    """Everything a worker needs to audit one site; plain data, so it travels to any worker."""

    slug: str
    url: str
    site_dir: str  # OUT/<slug>
    options: dict[str, Any]  # Options fields (the batch's audit settings)
    batch: str  # the batch id the history tags the audit with
    profile: str = ""  # the list's profile for this site, over the batch's
    record: bool = True  # store the audit in the history
    plugins_load: tuple[str, ...] = ()
    plugins_block: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SiteJob:
        data = dict(data)
        data["plugins_load"] = tuple(data.get("plugins_load", ()))
        data["plugins_block"] = tuple(data.get("plugins_block", ()))
        return cls(**data)


@dataclass
class SiteResult:
    """What became of one site: exit_code 0 done, 1 done with a gate not met, else failed."""

    slug: str
    exit_code: int
    reason: str = ""  # one line, for a failure
    failure: str = ""  # usage | site | internal | timeout | crashed | interrupted
    seconds: float = 0.0
    overall: int | None = None
    coverage: float | None = None
    pages: int | None = None
    audit_id: int | None = None
    gates: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def audited(self) -> bool:
        return self.exit_code in (EXIT_OK, EXIT_GATE)

    @property
    def interrupted(self) -> bool:
        return self.failure == INTERRUPTED

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SiteResult:
        return cls(**data)


def failed(slug: str, exit_code: int, reason: str, failure: str = "", seconds: float = 0.0):
    """A failed site's result; the failure class follows from the exit code unless given."""
    kind = failure or FAILURE_CLASSES.get(exit_code, "internal")
    return SiteResult(slug, exit_code, reason, kind, round(seconds, 3))


def run_job(job: SiteJob) -> SiteResult:
    """Audit one site; never raises (an interruption comes back as an 'interrupted' result)."""
    from goudenregels.snapshot import unlock_dir

    started = time.perf_counter()
    try:
        return _audit(job, started)
    except Interrupted as exc:
        return failed(job.slug, exc.exit_code, str(exc), INTERRUPTED, time.perf_counter() - started)
    except KeyboardInterrupt:
        return failed(
            job.slug, EXIT_INTERRUPTED, "interrupted", INTERRUPTED, time.perf_counter() - started
        )
    except GoudenregelsError as exc:
        return failed(job.slug, exc.exit_code, str(exc), seconds=time.perf_counter() - started)
    except Exception as exc:  # a bug, or a browser that died oddly: recorded, not raised
        first = (str(exc).strip().splitlines() or [""])[0]
        reason = f"internal error: {type(exc).__name__}: {first}".rstrip(": ")
        return failed(job.slug, EXIT_INTERNAL, reason, seconds=time.perf_counter() - started)
    finally:
        unlock_dir(Path(job.site_dir) / "snapshot")


def job_options(job: SiteJob):
    """The audit's Options: the batch's, with this site's folder, profile and JSON report."""
    from dataclasses import replace

    from goudenregels.options import Options

    options = Options(**{**job.options, "url": job.url})
    formats = tuple(dict.fromkeys(("json", *options.formats)))
    profile = job.profile or options.profile
    if options.session:
        from goudenregels.crawl.session import belongs_to

        # A session logs in to one site: the batch's other sites are crawled without it.
        if not belongs_to(options.session, job.url):
            options = replace(options, session=None, allow_post=False)
    return replace(options, output=job.site_dir, formats=formats, profile=profile, quiet=True)


def _prepare_snapshot_dir(snapshot_dir: Path, url: str) -> tuple[bool, bool]:
    """(resume, complete): continue a crawl of this URL left in the folder; anything else there
    (a crawl of another address, after the list changed) is cleared."""
    from goudenregels.snapshot import META_FILE, Snapshot, normalize_url

    if not (snapshot_dir / META_FILE).exists():
        if snapshot_dir.exists():
            shutil.rmtree(snapshot_dir)
        return False, False
    try:
        old = Snapshot.load(snapshot_dir)
    except GoudenregelsError:
        old = None
    if old is None or normalize_url(old.start_url) != normalize_url(url):
        shutil.rmtree(snapshot_dir)
        return False, False
    return True, bool(old.complete and old.pages)


def _audit(job: SiteJob, started: float) -> SiteResult:
    from goudenregels import pipeline
    from goudenregels.plugins import Plugins
    from goudenregels.snapshot import Snapshot

    warnings: list[str] = []
    plugins = Plugins(load=job.plugins_load, block=job.plugins_block, warn=warnings.append)
    options = job_options(job)
    start = pipeline.check_audit_options(options, plugins, job.record)
    snapshot_dir = Path(job.site_dir) / "snapshot"
    resume, complete = _prepare_snapshot_dir(snapshot_dir, start)
    resume = pipeline.claim_snapshot_dir(snapshot_dir, force=True, resume=resume)
    crawl_seconds = None
    if not complete:
        crawl_started = time.perf_counter()
        pipeline.crawl_site(
            start, snapshot_dir, options, plugins, resume=resume, warn=warnings.append
        )
        crawl_seconds = time.perf_counter() - crawl_started
    snapshot = Snapshot.load(snapshot_dir)
    outcome = pipeline.run_audit(
        snapshot,
        options,
        plugins,
        snapshot_dir=snapshot_dir,
        crawl_seconds=crawl_seconds,
        record=job.record,
        warn=warnings.append,
        batch=(job.batch, job.slug),
    )
    write_overviews(Path(job.site_dir), outcome.audit, plugins)
    scores = outcome.audit.scores
    return SiteResult(
        job.slug,
        outcome.exit_code,
        seconds=round(time.perf_counter() - started, 3),
        overall=scores.overall,
        coverage=scores.coverage,
        pages=len(snapshot.ok_pages()),
        audit_id=outcome.audit_id,
        gates=list(outcome.failures),
        warnings=warnings,
    )


def overview_rows(audit: Any, plugins: Any) -> dict[str, Any]:
    """The audit-wide overviews (the channel table) as the label of each row, in every
    language: what the sector report counts across sites without knowing which check fed it."""
    from goudenregels.i18n import LANGS, translations

    out: dict[str, Any] = {}
    for overview in plugins.overviews():
        for lang in LANGS:
            table = overview.build(audit, lang)
            if table is None or not table.headings:
                continue
            first = table.headings[0].key
            labels = []
            for row in table.rows:
                cell = row.get(first)
                text = getattr(cell, "text", cell)
                if text:
                    labels.append(str(text))
            gettext = translations(lang).gettext
            entry = out.setdefault(overview.name, {})
            entry[lang] = {
                "title": gettext(table.title or table.short),
                "short": gettext(table.short or table.title),
                "rows": labels,
            }
    return out


def write_overviews(site_dir: Path, audit: Any, plugins: Any) -> None:
    from goudenregels.batch.ledger import write_atomically

    text = json.dumps(overview_rows(audit, plugins), indent=1, ensure_ascii=False)
    write_atomically(site_dir / OVERVIEWS_FILE, text)
