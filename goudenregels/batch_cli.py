"""The batch commands: ``batch SITES -o OUT`` audits many sites; ``batch-report OUT`` rebuilds
the sector report from what a batch gathered."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from goudenregels.errors import UsageError
from goudenregels.i18n import LANGS
from goudenregels.options import Options, click_options


def _warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)


def _plugins(ctx: click.Context) -> Any:
    from goudenregels.plugins import Plugins

    obj = ctx.find_root().obj or {}
    if obj.get("plugins") is None:
        obj["plugins"] = Plugins(load=obj.get("load", ()), block=obj.get("block", ()), warn=_warn)
    return obj["plugins"]


def _output(ctx: click.Context, values: dict[str, Any]) -> Path:
    """OUT: given on the command line (a settings file's output is a single audit's)."""
    source = ctx.get_parameter_source("output")
    if source not in (click.core.ParameterSource.COMMANDLINE,):
        raise UsageError("batch needs -o OUT: the directory for the batch")
    return Path(values["output"])


class _Lines:
    """Progress as plain lines (not a terminal): one line per site that ends."""

    def __init__(self, progress: Any) -> None:
        self.progress = progress

    def started(self, record: dict[str, Any]) -> None:
        pass

    def finished(self, record: dict[str, Any]) -> None:
        click.echo(self.line(record), err=True)

    def line(self, record: dict[str, Any]) -> str:
        p = self.progress
        ended = p.done + p.failed
        head = f"[{ended}/{p.total}] {record['state']} {record['slug']}"
        if record["state"] == "done":
            tail = f"{record.get('overall', '–')}/100, {record.get('seconds', 0):.0f} s"
        elif record["state"] == "pending":
            tail = "stopped; it continues when the batch is run again"
        else:
            tail = f"{record.get('failure', '')}: {record.get('reason', '')}"
        return f"{head}: {tail}"


class _Bar:
    """A rich progress bar: sites done, failed, in flight, and the time left."""

    def __init__(self, progress: Any, live: Any, task: Any) -> None:
        self.progress, self.live, self.task = progress, live, task

    def _update(self) -> None:
        p = self.progress
        self.live.update(
            self.task,
            completed=p.done + p.failed,
            failed=p.failed,
            flight=len(p.in_flight),
            description=", ".join(p.in_flight)[-50:],
        )

    def started(self, record: dict[str, Any]) -> None:
        self._update()

    def finished(self, record: dict[str, Any]) -> None:
        # Each site's line stays above the bar, as in a log.
        self.live.console.print(_Lines(self.progress).line(record), markup=False, highlight=False)
        self._update()


def _run_with_display(out: Path, ledger: Any, executor: Any, settings: Any, quiet: bool) -> None:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
    from rich.progress import Progress as Live

    from goudenregels.batch.runner import Progress, run_batch

    progress = Progress()
    console = Console(stderr=True)
    if quiet or not console.is_terminal:
        shown = None if quiet else _Lines(progress)
        progress.started = shown.started if shown else progress.started  # type: ignore[method-assign]
        progress.finished = shown.finished if shown else progress.finished  # type: ignore[method-assign]
        run_batch(out, ledger, executor, settings, progress)
        return
    columns = (
        TextColumn("[bold]sites"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("failed {task.fields[failed]}"),
        TextColumn("in flight {task.fields[flight]}"),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        TextColumn("{task.description}", markup=False),
    )
    with Live(*columns, console=console, transient=True) as live:
        counts = ledger.counts()
        task = live.add_task(
            "", total=len(ledger.sites), completed=counts["done"], failed=0, flight=0
        )
        bar = _Bar(progress, live, task)
        progress.started, progress.finished = bar.started, bar.finished  # type: ignore[method-assign]
        run_batch(out, ledger, executor, settings, progress)


def _executor(
    ctx: click.Context, dask_address: str | None, workers: int, site_time: float, out: Path
) -> Any:
    """The local process pool, or with --dask the cluster (--workers then caps the sites in
    flight only when given; else every thread of the cluster is used)."""
    from goudenregels.batch.executor import LocalExecutor
    from goudenregels.batch.runner import work_dir

    if not dask_address:
        return LocalExecutor(workers, site_time, work_dir(out))
    given = ctx.get_parameter_source("workers") == click.core.ParameterSource.COMMANDLINE
    return _dask_executor(dask_address, site_time, out, workers if given else None)


def _dask_executor(address: str, site_time: float, out: Path, workers: int | None) -> Any:
    """The Dask executor; dask is imported here only, so other commands start without it."""
    from goudenregels.batch.runner import work_dir

    try:
        from goudenregels.batch.dask_executor import DaskExecutor
    except ImportError as exc:
        raise UsageError(
            f"--dask needs dask.distributed ({exc}); install it with: "
            "pip install 'goudenregels[dask]'"
        ) from None
    return DaskExecutor(address, site_time, work_dir(out), workers)


@click.command("batch")
@click.argument("sites", metavar="SITES")
@click_options("batch")
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Sites audited at the same time, each in its own process with its own browser.",
)
@click.option(
    "--site-time",
    type=click.FloatRange(10, 86400),
    default=900.0,
    show_default=True,
    help="Hard limit in seconds for one site (crawl and scoring); a site past it is stopped "
    "and recorded as failed. A crawl stops by itself at --max-time or at 80% of this, "
    "whichever comes first, and is scored on what was read.",
)
@click.option("--retry-failed", is_flag=True, help="Audit the sites that failed before again.")
@click.option(
    "--force", is_flag=True, help="Take a changed list or changed settings into an existing OUT."
)
@click.option("--no-history", is_flag=True, help="Do not store the audits in the history.")
@click.option(
    "--dask",
    "dask_address",
    metavar="ADDRESS",
    help="Run the sites on a dask.distributed cluster (e.g. tcp://host:8786) instead of this "
    "machine; results come back into OUT. --workers then caps the sites in flight (default: "
    "every thread of the cluster). Needs goudenregels[dask].",
)
@click.pass_context
def batch_cmd(
    ctx: click.Context,
    sites: str,
    workers: int,
    site_time: float,
    retry_failed: bool,
    force: bool,
    no_history: bool,
    dask_address: str | None,
    **values: Any,
) -> None:
    """Audit every site of SITES into OUT/ (a folder per site) and write the sector report.

    SITES is a CSV file with a header (url, and optional name, sector, profile) or a list of
    URLs, one per line; lines starting with # are comments. Run the same command again to
    resume a stopped batch. See docs/batch.md.

    \b
    Exit codes: 0 every site audited, 1 a site's gate was not met, 2 usage or input error,
    3 a site could not be audited (see OUT/batch.json), 130 (143) interrupted.
    """
    from goudenregels.batch import runner, sector
    from goudenregels.batch.sites import read_sites
    from goudenregels.pipeline import check_audit_options
    from goudenregels.snapshot import lock_dir

    options, out = _batch_options(values), _output(ctx, values)
    plugins = _plugins(ctx)
    check_audit_options(options, plugins, not no_history)
    entries = read_sites(sites, tuple(plugins.profiles()))
    runner.check_out(out)  # before the lock file is made in it
    # A cluster that cannot be reached is refused before anything is written into OUT.
    executor = _executor(ctx, dask_address, workers, site_time, out)
    try:
        lock_dir(out)
        ledger = runner.open_ledger(out, entries, options, force, str(Path(sites).resolve()))
        ledger.save()
        obj = ctx.find_root().obj or {}
        settings = runner.BatchSettings(
            workers=workers,
            site_time=site_time,
            retry_failed=retry_failed,
            record=not no_history,
            plugins_load=tuple(obj.get("load", ())),
            plugins_block=tuple(obj.get("block", ())),
        )
        _run_with_display(out, ledger, executor, settings, options.quiet)
    finally:
        getattr(executor, "close", lambda: None)()
    written = sector.write_benchmark(out, plugins, options.lang, warn=_warn)
    if not options.quiet:
        counts = ledger.counts()
        click.echo(
            f"{counts['done']} of {len(ledger.sites)} site(s) audited, {counts['failed']} failed "
            f"(batch {ledger.batch})"
        )
        for path in written:
            click.echo(f"wrote {path}")
    ctx.exit(runner.exit_code(ledger))


def _batch_options(values: dict[str, Any]) -> Options:
    options = Options.from_params(values)
    if options.login_script:
        raise UsageError(
            "--login-script logs in to one site: run 'goudenregels audit URL --login-script "
            "FILE' for it (a batch takes --session, used for the site it was saved on)"
        )
    return options


@click.command("batch-report")
@click.argument("out", metavar="OUT")
@click.option(
    "--compare",
    metavar="OUT_OLD",
    help="An earlier batch's directory: show each site's change since then.",
)
@click.option(
    "--lang",
    type=click.Choice(LANGS),
    default=None,
    help="Language of the sector report (default: the batch's --lang).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing.")
@click.pass_context
def batch_report_cmd(
    ctx: click.Context, out: str, compare: str | None, lang: str | None, quiet: bool
) -> None:
    """Rebuild OUT/benchmark.html, .csv and .json from a batch, without auditing anything."""
    from goudenregels.batch import sector
    from goudenregels.batch.ledger import Ledger

    folder = Path(out)
    ledger = Ledger.load(folder)
    if ledger is None:
        raise UsageError(f"{out} holds no batch (no batch.json)")
    old = Path(compare) if compare else None
    if old is not None and Ledger.load(old) is None:
        raise UsageError(f"--compare {compare}: holds no batch (no batch.json)")
    chosen = lang or ledger.options.get("lang") or "nl"
    written = sector.write_benchmark(folder, _plugins(ctx), chosen, compare=old, warn=_warn)
    if not quiet:
        for path in written:
            click.echo(f"wrote {path}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(batch_cmd())
