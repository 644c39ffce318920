"""The audit pipeline: a snapshot and Options in, an Outcome out; no click, nothing printed.

``run_audit`` does everything between reading a snapshot and printing the result: select the
checks, read the auditor's verdicts and the measurements in the history, build the audit, write
the reports, run the audit-finished hook, evaluate the gates and the regression gate, and record
the audit in the history. The command line (cli.py) parses, calls it and prints the Outcome;
batch audits and workers call it the same way. The functions before it prepare a crawl: check
the options before a long crawl, claim the snapshot directory, crawl.

Bad input raises a ``GoudenregelsError`` (one line, an exit code); warnings go to the ``warn``
callback as they happen and into ``Outcome.warnings``.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from goudenregels.errors import EXIT_GATE, EXIT_OK, SiteError, UsageError
from goudenregels.options import DEFAULT_OUTPUT, Options

if TYPE_CHECKING:
    from goudenregels.audit import Audit
    from goudenregels.crawl.crawler import CrawlSettings
    from goudenregels.history import Store
    from goudenregels.plugins import Plugins
    from goudenregels.snapshot import Snapshot

REPORT_STEM = "goudenregels"
STDOUT = Path("-")  # the report path of '-o -'
Warn = Callable[[str], None]


@dataclass
class Outcome:
    """What run_audit did, for the caller to print or collect."""

    audit: Audit
    paths: dict[str, Path]  # the report file of each chosen format, in the order chosen
    written: list[Path]  # the reports written, in that order (a failing reporter's is missing)
    failures: list[str] = field(default_factory=list)  # gates not met, one line each
    audit_id: int | None = None  # the audit's id in the history, when it was recorded
    history: Path | None = None  # the history database it was recorded in
    warnings: list[str] = field(default_factory=list)  # e.g. a verdict that matched nothing

    @property
    def exit_code(self) -> int:
        return EXIT_GATE if self.failures else EXIT_OK


# -- before a crawl ----------------------------------------------------------------------------


def crawl_settings(options: Options, demo: bool = False) -> CrawlSettings:
    """The crawler's input from the crawl settings of the options."""
    from goudenregels.crawl.crawler import CrawlSettings

    return CrawlSettings(
        max_pages=options.max_pages,
        max_depth=options.max_depth,
        timeout=options.timeout,
        max_time=options.max_time,
        concurrency=options.concurrency,
        respect_robots=not options.ignore_robots,
        journeys=options.journeys,
        script_nav=options.script_nav,
        allow_cart=options.allow_cart,
        device=options.device,
        browser=options.browser,
        demo=demo,
        session=options.session,
        login_script=options.login_script,
        allow_post=options.allow_post,
    )


def check_audit_options(options: Options, plugins: Plugins, record: bool) -> str:
    """Reject bad input before a long crawl; return the start URL ('' for the demo site)."""
    from goudenregels.words.scope import validate_start_url

    chosen_formats(options, plugins)
    if options.hours:
        from goudenregels.worktime import WorkingHours

        WorkingHours.parse(options.hours)
    start = validate_start_url(options.url) if options.url is not None else ""
    from goudenregels.crawl.session import check_session_options

    check_session_options(options)  # a bad session file or login script: exit 2 at once
    if record:
        open_history(options, record=True).close()  # a history that cannot be opened
    profiles = plugins.profiles()
    if options.profile and options.profile not in profiles:
        raise UsageError(
            f"unknown profile '{options.profile}'; choose from {', '.join(sorted(profiles))}"
        )
    return start


def claim_snapshot_dir(path: Path, force: bool, resume: bool = False, demo: bool = False) -> bool:
    """Claim a snapshot directory; True when an interrupted crawl in it is to be continued.

    Nothing the user saved is replaced without --force: a directory holding other files is
    refused, and so is an earlier snapshot, unless --resume continues it, --force replaces it,
    or both it and this run are audits of the bundled demo site.
    """
    from goudenregels.snapshot import META_FILE, Snapshot, lock_dir

    if path.exists() and not path.is_dir():
        raise UsageError(f"{path} exists and is not a directory")
    holds = path.is_dir() and any(p.name != ".lock" for p in path.iterdir())
    if holds and not (path / META_FILE).exists():
        raise UsageError(f"{path} exists and is not empty; choose a new directory")
    lock_dir(path)
    if not holds:
        if resume:
            raise UsageError(f"--resume: {path} holds no snapshot to continue")
        return False
    if resume:
        return True
    old = Snapshot.load(path)
    if not force and not (demo and old.settings.get("demo")):
        raise UsageError(
            f"{path} already holds a snapshot of {old.start_url}; pass --resume to continue it, "
            "--force to replace it, or choose another output"
        )
    for item in path.iterdir():
        if item.name != ".lock":
            shutil.rmtree(item) if item.is_dir() else item.unlink()
    return False


def crawl_site(
    url: str,
    out_dir: Path,
    options: Options,
    plugins: Plugins,
    *,
    resume: bool = False,
    demo: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
    warn: Warn | None = None,
) -> Snapshot:
    """Crawl url into a snapshot saved in out_dir, with the plugins' gatherers and journeys."""
    from goudenregels.crawl.crawler import crawl

    settings = crawl_settings(options, demo)
    gatherers = plugins.gatherers()
    journeys = plugins.journeys()
    return crawl(
        url,
        out_dir,
        settings,
        gatherers=gatherers,
        journeys=journeys,
        warn=warn,
        resume=resume,
        progress=progress,
    )


# -- where the reports go ----------------------------------------------------------------------


def chosen_formats(options: Options, plugins: Plugins) -> tuple[list[str], dict[str, Any]]:
    """The report formats asked for (each once) and every reporter by format name."""
    reporters = plugins.reporters()
    chosen = list(options.formats) or ["json", "html"]
    for name in chosen:
        if name not in reporters:
            raise UsageError(f"unknown format '{name}'; choose from {', '.join(sorted(reporters))}")
    return list(dict.fromkeys(chosen)), reporters


def report_paths(
    options: Options, formats: list[str], reporters: dict[str, Any]
) -> dict[str, Path]:
    """The file of each format: in the output directory; the output itself when it names a file
    (an existing file, or a name ending in a format's extension: -f json -o result.json); stdout
    for '-o -'. A file name or '-' with several formats is an input error, and so is a file name
    whose extension is another format's: nothing is written where the user did not ask."""
    output = options.output or DEFAULT_OUTPUT
    if output == "-":
        if len(formats) != 1:
            raise UsageError(
                f"-o - writes one format to stdout, but {len(formats)} are chosen "
                f"({', '.join(formats)}); choose one with -f"
            )
        return {formats[0]: STDOUT}
    target = Path(output)
    if target.is_dir():
        return _directory_paths(target, formats, reporters)
    suffix = target.suffix.lstrip(".").lower()
    named = [name for name, r in reporters.items() if suffix and r.extension == suffix]
    if target.exists() and not named:
        raise UsageError(f"{target} exists and is not a directory")
    if named:
        if len(formats) > 1:
            raise UsageError(
                f"-o {output} names one file, but {len(formats)} formats are chosen "
                f"({', '.join(formats)}); give a directory for several formats, or choose one"
            )
        if formats[0] not in named:
            raise UsageError(
                f"-o {output} has the extension of the {named[0]} format, but the format is "
                f"{formats[0]}; name the file .{reporters[formats[0]].extension} or give a "
                "directory"
            )
        return {formats[0]: target}
    return _directory_paths(target, formats, reporters)


def _directory_paths(
    target: Path, formats: list[str], reporters: dict[str, Any]
) -> dict[str, Path]:
    """goudenregels.EXT for each format; a second format with an extension already taken (two
    HTML formats) gets goudenregels-FORMAT.EXT, so no report overwrites another."""
    out: dict[str, Path] = {}
    for name in formats:
        path = target / f"{REPORT_STEM}.{reporters[name].extension}"
        if path in out.values():
            path = target / f"{REPORT_STEM}-{name}.{reporters[name].extension}"
        out[name] = path
    return out


def writes_stdout(paths: dict[str, Path]) -> bool:
    """True when the report goes to stdout (-o -): then the command prints nothing else there."""
    return STDOUT in paths.values()


def snapshot_dir_for(options: Options, paths: dict[str, Path]) -> Path:
    """Where an audit keeps its snapshot: OUTPUT/snapshot, or NAME.snapshot beside a file."""
    if len(paths) == 1:
        (only,) = paths.values()
        if options.output and Path(options.output) == only:
            return only.with_name(only.stem + ".snapshot")
    return Path(options.output or DEFAULT_OUTPUT) / "snapshot"


def guard_reports(paths: dict[str, Path], force: bool, replacing: bool) -> None:
    """Refuse to write over report files that are not part of the audit being replaced."""
    if force or replacing:
        return
    for path in paths.values():
        if path != STDOUT and path.exists():
            raise UsageError(f"{path} already exists; pass --force to replace it")


def open_history(options: Options, record: bool = False) -> Store | None:
    """The history store when this run reads or writes it; None when it has nothing to do."""
    from goudenregels.history import Store, default_path

    path = Path(options.history) if options.history else default_path()
    if record or options.fail_on_regression or path.exists():
        return Store(path)
    return None


# -- the audit ---------------------------------------------------------------------------------


def run_audit(
    snapshot: Snapshot,
    options: Options,
    plugins: Plugins,
    *,
    snapshot_dir: Path | None = None,
    snapshot_kept: bool = True,
    crawl_seconds: float | None = None,
    record: bool = False,
    warn: Warn | None = None,
    batch: tuple[str, str] | None = None,
    facts: Any = None,
) -> Outcome:
    """Score a snapshot, write its reports, evaluate the gates and (with record) store it.

    snapshot_dir holds the snapshot (reports embed its screenshots; the history notes it unless
    snapshot_kept is False, as for 'audit -o -'); crawl_seconds goes into the JSON's stats; warn
    gets each warning at once; batch (id, site name) tags the stored audit; facts: [facts].
    """
    from goudenregels import gates
    from goudenregels.audit import select_checks
    from goudenregels.config import read_verdicts

    _require_pages(snapshot)
    warnings: list[str] = []

    def note(message: str) -> None:
        warnings.append(message)
        if warn is not None:
            warn(message)

    formats, reporters = chosen_formats(options, plugins)
    paths = report_paths(options, formats, reporters)
    rule_minimums = gates.parse_rule_minimums(options.fail_under_rule)
    verdicts = read_verdicts(options.verdicts) if options.verdicts else []
    checks = select_checks(plugins.checks(), options.select, options.ignore)
    store = open_history(options, record)
    try:
        audit = _build(snapshot, options, plugins, checks, verdicts, store, facts)
        audit.snapshot_dir = snapshot_dir
        audit.overviews = plugins.overviews()
        for verdict in audit.unmatched_verdicts:
            note(f"verdict for {verdict['code']} matched no finding in this audit")
        if crawl_seconds is not None:
            audit.stats["crawl_seconds"] = round(crawl_seconds, 3)
        review_as = "failure" if options.fail_on == "review" else "pass"
        written = write_reports(audit, formats, reporters, paths, {"review_as": review_as}, note)
        plugins.audit_finished(
            audit, {"formats": formats, "paths": {k: str(v) for k, v in paths.items()}}
        )
        outcome = Outcome(audit, paths, written, warnings=warnings)
        outcome.failures = gates.failures(audit, options.fail_under, rule_minimums, options.fail_on)
        if store is not None:
            kept = snapshot_dir if snapshot_kept else None
            _with_history(outcome, store, options, record, kept, batch)
        return outcome
    finally:
        if store is not None:
            store.close()


def _require_pages(snapshot: Snapshot) -> None:
    """No score from pages that were not read."""
    if not snapshot.ok_pages():
        raise SiteError(
            f"no page of {snapshot.final_url or snapshot.start_url} could be read; "
            "there is nothing to score"
        )


def _build(
    snapshot: Snapshot,
    options: Options,
    plugins: Plugins,
    checks: list[Any],
    verdicts: list[dict[str, Any]],
    store: Store | None,
    facts: Any = None,
) -> Audit:
    """The audit of the snapshot: the chosen checks run, verdicts and measurements applied."""
    from goudenregels.audit import build_audit

    hours = None
    if options.hours:
        from goudenregels.worktime import WorkingHours

        hours = WorkingHours.parse(options.hours)
    return build_audit(
        snapshot,
        checks,
        plugins.profiles(),
        options.profile,
        options.lang,
        verdicts=verdicts,
        measurements=store.measurements(_site(snapshot)) if store is not None else [],
        working_hours=hours,
        facts=facts,
    )


def _site(snapshot: Snapshot) -> str:
    """The key the history files a site's audits and measurements under."""
    return snapshot.scope or snapshot.final_url


def _with_history(
    outcome: Outcome,
    store: Store,
    options: Options,
    record: bool,
    snapshot_dir: Path | None,
    batch: tuple[str, str] | None = None,
) -> None:
    """The regression gate against the site's previous stored audit; then store this one."""
    site = _site(outcome.audit.snapshot)
    result = outcome.audit.to_dict()
    failures, outcome.audit_id = store_audit(
        store, result, site, options, record, snapshot_dir, batch
    )
    outcome.failures += failures
    if record:
        outcome.history = store.path


def store_audit(
    store: Store,
    result: dict[str, Any],
    site: str,
    options: Options,
    record: bool,
    snapshot_dir: Path | None,
    batch: tuple[str, str] | None = None,
) -> tuple[list[str], int | None]:
    """The history's part of an audit, from its public JSON form (an audit scored elsewhere, on
    a Dask worker, is stored this way by the batch): the regression gate's failures against the
    site's previous audit, and (with record) the new audit's id."""
    from goudenregels.history import regressions, stored_form

    failures: list[str] = []
    previous = store.previous(site)
    if options.fail_on_regression and previous is not None:
        failures = [f"regression: {item}" for item in regressions(previous, stored_form(result))]
    audit_id = None
    if record:
        audit_id = store.record_audit(result, site, str(snapshot_dir or ""), batch)
    return failures, audit_id


def history_site(snapshot: Snapshot) -> str:
    """The key the history files a site's audits and measurements under (public form)."""
    return _site(snapshot)


def write_reports(
    audit: Audit,
    formats: list[str],
    reporters: dict[str, Any],
    paths: dict[str, Path],
    options: dict[str, Any] | None = None,
    warn: Warn | None = None,
) -> list[Path]:
    """Render and write each format (atomically: a temporary file, then renamed); a reporter
    that fails is reported through warn and the others are still written.

    The JSON report carries the run's timings in its "stats", report_seconds included, so it is
    rendered last, when they are known: report_seconds is the time the other formats took.
    """
    started = time.perf_counter()
    written: dict[str, Path] = {}
    for name in sorted(formats, key=lambda name: name == "json"):
        if name == "json":
            audit.stats["report_seconds"] = round(time.perf_counter() - started, 3)
        try:
            text = reporters[name].render(audit, {"lang": audit.lang, **(options or {})})
        except Exception as exc:  # a plugin's reporter must not lose the others
            if warn is not None:
                warn(f"format '{name}' failed: {type(exc).__name__}: {exc}")
            continue
        written[name] = _write_atomically(paths[name], text)
    if "json" not in formats:
        audit.stats["report_seconds"] = round(time.perf_counter() - started, 3)
    return [written[name] for name in formats if name in written]


def _write_atomically(path: Path, text: str) -> Path:
    if path == STDOUT:
        import sys

        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path
