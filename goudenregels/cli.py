"""The command line: audit, crawl, check, checks, plugins (click; heavy imports stay inside)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from goudenregels import __version__
from goudenregels.cli_errors import OneLineErrors
from goudenregels.errors import EXIT_GATE, GoudenregelsError, UsageError

DEFAULT_OUTPUT = "goudenregels-report"
REPORT_STEM = "goudenregels"
LANGS = ("nl", "en")


def _warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)


def _plugins(ctx: click.Context):
    from goudenregels.plugins import Plugins

    obj = ctx.find_root().obj
    if obj.get("plugins") is None:
        obj["plugins"] = Plugins(load=obj["load"], block=obj["block"], warn=_warn)
    return obj["plugins"]


def _split_plugin_args(values: tuple[str, ...]) -> tuple[list[str], list[str]]:
    load, block = [], []
    for value in values:
        for item in filter(None, (v.strip() for v in value.split(","))):
            if item.startswith("no:"):
                block.append(item[3:])
            else:
                load.append(item)
    return load, block


def _split_multi(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


@click.group(cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="goudenregels")
@click.option(
    "--config",
    "config_path",
    metavar="FILE",
    help="Settings file (default: ./goudenregels.toml or [tool.goudenregels] in pyproject.toml).",
)
@click.option(
    "-p",
    "plugin_args",
    multiple=True,
    metavar="MODULE",
    help="Load a plugin module; '-p no:NAME' disables a plugin (built-in or installed).",
)
@click.pass_context
def main(ctx: click.Context, config_path: str | None, plugin_args: tuple[str, ...]) -> None:
    """Audit a website against the six Gouden Regels of customer friendliness.

    \b
    Exit codes: 0 done, 1 a gate failed, 2 usage or input error,
    3 the site could not be audited, 4 internal error (a bug), 130 interrupted.
    """
    load, block = _split_plugin_args(plugin_args)
    ctx.obj = {"load": load, "block": block, "plugins": None}
    from goudenregels.config import default_map, find_config

    path = Path(config_path) if config_path else find_config()
    if config_path and not path.is_file():
        raise UsageError(f"config file {config_path} not found")
    if path is not None and ctx.invoked_subcommand not in ("init", None):
        ctx.default_map = default_map(path)


def _crawl_options(func):
    options = [
        click.option(
            "--max-pages",
            default=60,
            show_default=True,
            type=click.IntRange(1, 10000),
            help="Stop after this many pages.",
        ),
        click.option(
            "--max-depth",
            default=4,
            show_default=True,
            type=click.IntRange(0, 50),
            help="Follow links at most this many clicks from the home page.",
        ),
        click.option(
            "--timeout",
            default=20.0,
            show_default=True,
            type=click.FloatRange(1, 600),
            help="Seconds to wait for one page.",
        ),
        click.option(
            "--max-time",
            default=600.0,
            show_default=True,
            type=click.FloatRange(5, 86400),
            help="Seconds for the whole crawl.",
        ),
        click.option(
            "--concurrency",
            default=4,
            show_default=True,
            type=click.IntRange(1, 16),
            help="Pages loaded at the same time (browser tabs).",
        ),
        click.option(
            "--ignore-robots",
            is_flag=True,
            help="Crawl pages robots.txt disallows (the report says so).",
        ),
        click.option(
            "--no-journeys",
            is_flag=True,
            help="Skip the scripted journeys (checkout, password reset, hidden number).",
        ),
        click.option(
            "--allow-cart",
            is_flag=True,
            help="Let the checkout journey add one product to a cart on the site "
            "(nothing is ordered or paid).",
        ),
        click.option(
            "--browser",
            "browser_path",
            metavar="PATH",
            help="Chromium binary to use (default: Playwright's, else the system one).",
        ),
        click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary table."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _check_options(func):
    options = [
        click.option(
            "-f",
            "--format",
            "formats",
            multiple=True,
            metavar="FORMAT",
            help="Output format(s): json, html, text (repeat or comma-separate). "
            "Default: json and html.",
        ),
        click.option(
            "-o",
            "--output",
            metavar="PATH",
            help=f"Directory for the reports (default ./{DEFAULT_OUTPUT}), or a file "
            "name when one format is chosen.",
        ),
        click.option(
            "--profile",
            metavar="NAME",
            help="webshop, dienstverlener, gemeente or algemeen (default: detected).",
        ),
        click.option(
            "--select",
            multiple=True,
            metavar="CODE",
            help="Only these checks (code or prefix, e.g. GR1, GR101).",
        ),
        click.option("--ignore", multiple=True, metavar="CODE", help="Skip these checks."),
        click.option(
            "--lang",
            type=click.Choice(LANGS),
            default="nl",
            show_default=True,
            help="Language of titles and the HTML report.",
        ),
        click.option(
            "--verdicts",
            metavar="FILE",
            help="An auditor's verdicts (TOML) that decide review items; see docs/verdicts.md.",
        ),
        click.option(
            "--fail-under",
            type=click.IntRange(0, 100),
            metavar="SCORE",
            help="Exit 1 when the overall score is below SCORE.",
        ),
        click.option(
            "--fail-under-rule",
            multiple=True,
            metavar="RULE=SCORE",
            help="Exit 1 when a rule scores below its minimum, e.g. 1=80 (repeatable).",
        ),
        click.option(
            "--fail-on",
            type=click.Choice(["fail", "review"]),
            help="Exit 1 on any failed check ('review': also on any review item).",
        ),
        click.option(
            "--fail-on-regression",
            is_flag=True,
            help="Exit 1 when a check or rule got worse since the site's previous stored audit.",
        ),
        click.option(
            "--history",
            "history_path",
            metavar="PATH",
            envvar="GOUDENREGELS_HISTORY",
            help="History database (default: goudenregels/history.sqlite in your data directory).",
        ),
        click.option(
            "--hours",
            "working_hours",
            metavar="SPEC",
            help="Working hours for measured reaction times, e.g. 'mon-fri 08:30-17:30' "
            "(default mon-fri 09:00-17:00; Dutch public holidays are never working days).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _settings(kw: dict[str, Any]):
    from goudenregels.crawl.crawler import CrawlSettings

    return CrawlSettings(
        max_pages=kw["max_pages"],
        max_depth=kw["max_depth"],
        timeout=kw["timeout"],
        max_time=kw["max_time"],
        concurrency=kw["concurrency"],
        respect_robots=not kw["ignore_robots"],
        journeys=not kw["no_journeys"],
        allow_cart=kw["allow_cart"],
        browser=kw["browser_path"],
    )


def _prepare_snapshot_dir(
    path: Path, force: bool, resume: bool = False, demo: bool = False
) -> bool:
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
    import shutil

    for item in path.iterdir():
        if item.name != ".lock":
            shutil.rmtree(item) if item.is_dir() else item.unlink()
    return False


def _run_crawl(
    ctx: click.Context, url: str, out_dir: Path, kw: dict[str, Any], resume: bool = False
):
    from goudenregels.crawl.crawler import crawl

    settings = _settings(kw)
    settings.demo = bool(kw.get("demo"))
    plugins = _plugins(ctx)
    gatherers = plugins.gatherers()
    journeys = plugins.journeys()
    common = {"gatherers": gatherers, "journeys": journeys, "warn": _warn, "resume": resume}
    if kw["quiet"]:
        return crawl(url, out_dir, settings, **common)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    with Progress(
        TextColumn("[bold]crawling"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}", markup=False),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as progress:
        task = progress.add_task("", total=settings.max_pages)

        def update(done: int, total: int, page_url: str) -> None:
            progress.update(task, completed=done, description=page_url[-60:])

        return crawl(url, out_dir, settings, progress=update, **common)


def _formats(ctx: click.Context, formats: tuple[str, ...]) -> tuple[list[str], dict[str, Any]]:
    reporters = _plugins(ctx).reporters()
    chosen = list(_split_multi(formats)) or ["json", "html"]
    for name in chosen:
        if name not in reporters:
            raise UsageError(f"unknown format '{name}'; choose from {', '.join(sorted(reporters))}")
    return list(dict.fromkeys(chosen)), reporters


def _output_paths(
    output: str | None, formats: list[str], reporters: dict[str, Any]
) -> dict[str, Path]:
    target = Path(output or DEFAULT_OUTPUT)
    suffix = target.suffix.lstrip(".").lower()
    if len(formats) == 1 and suffix and suffix == reporters[formats[0]].extension:
        return {formats[0]: target}
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} exists and is not a directory")
    return {name: target / f"{REPORT_STEM}.{reporters[name].extension}" for name in formats}


def _snapshot_dir_for(paths: dict[str, Path], output: str | None) -> Path:
    """Where an audit keeps its snapshot: OUTPUT/snapshot, or NAME.snapshot beside a file."""
    if len(paths) == 1:
        (only,) = paths.values()
        if output and Path(output) == only:
            return only.with_name(only.stem + ".snapshot")
    return Path(output or DEFAULT_OUTPUT) / "snapshot"


def _guard_reports(paths: dict[str, Path], force: bool, replacing: bool) -> None:
    """Refuse to write over report files that are not part of the audit being replaced."""
    if force or replacing:
        return
    for path in paths.values():
        if path.exists():
            raise UsageError(f"{path} already exists; pass --force to replace it")


def _history(kw: dict[str, Any]):
    """The history store when this run reads or writes it; None when it has nothing to do."""
    from goudenregels.history import Store, default_path

    path = Path(kw["history_path"]) if kw.get("history_path") else default_path()
    if kw.get("record") or kw.get("fail_on_regression") or path.exists():
        return Store(path)
    return None


def _stored(result: dict[str, Any]) -> dict[str, Any]:
    """An audit's JSON in the shape the history store returns, for comparing with it."""
    return {
        "overall": result["scores"]["overall"],
        "rules": {k: v["score"] for k, v in result["scores"]["rules"].items()},
        "findings": [
            {"code": f["code"], "status": f["status"], "title": f["title"]}
            for f in result["findings"]
        ],
    }


def _write_reports(
    audit,
    formats: list[str],
    reporters: dict[str, Any],
    paths: dict[str, Path],
    options: dict[str, Any] | None = None,
) -> list[Path]:
    import time

    started = time.perf_counter()
    written = []
    for name in formats:
        path = paths[name]
        try:
            text = reporters[name].render(audit, {"lang": audit.lang, **(options or {})})
        except Exception as exc:  # a plugin's reporter must not lose the others
            _warn(f"format '{name}' failed: {type(exc).__name__}: {exc}")
            continue
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(path)
        except OSError as exc:
            raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
        written.append(path)
    audit.stats["report_seconds"] = round(time.perf_counter() - started, 3)
    return written


def _score_and_report(
    ctx: click.Context,
    snapshot,
    kw: dict[str, Any],
    quiet: bool,
    crawl_seconds: float | None = None,
    snapshot_dir: Path | None = None,
) -> int:
    import json

    from goudenregels import gates
    from goudenregels.audit import build_audit, select_checks
    from goudenregels.config import read_verdicts
    from goudenregels.errors import SiteError

    if not snapshot.ok_pages():
        raise SiteError(
            f"no page of {snapshot.final_url or snapshot.start_url} could be read; "
            "there is nothing to score"
        )
    plugins = _plugins(ctx)
    formats, reporters = _formats(ctx, kw["formats"])
    paths = _output_paths(kw["output"], formats, reporters)
    rule_minimums = gates.parse_rule_minimums(kw["fail_under_rule"])
    verdicts = read_verdicts(kw["verdicts"]) if kw["verdicts"] else []
    checks = select_checks(plugins.checks(), _split_multi(kw["select"]), _split_multi(kw["ignore"]))
    store = _history(kw)
    site = snapshot.scope or snapshot.final_url
    from goudenregels.worktime import WorkingHours

    hours = WorkingHours.parse(kw["working_hours"]) if kw.get("working_hours") else None
    audit = build_audit(
        snapshot,
        checks,
        plugins.profiles(),
        kw["profile"],
        kw["lang"],
        verdicts=verdicts,
        measurements=store.measurements(site) if store is not None else [],
        working_hours=hours,
    )
    audit.snapshot_dir = snapshot_dir
    for verdict in audit.unmatched_verdicts:
        _warn(f"verdict for {verdict['code']} matched no finding in this audit")
    if crawl_seconds is not None:
        audit.stats["crawl_seconds"] = round(crawl_seconds, 3)
    options = {"review_as": "failure" if kw["fail_on"] == "review" else "pass"}
    written = _write_reports(audit, formats, reporters, paths, options)
    if "json" in paths and paths["json"] in written:
        # Timings are known only after writing; patch them into the JSON file.
        data = json.loads(paths["json"].read_text(encoding="utf-8"))
        data["stats"] = audit.stats
        paths["json"].write_text(
            json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    if not quiet:
        from rich.console import Console

        from goudenregels.reports.text_report import renderables

        console = Console(highlight=False, emoji=False)
        for item in renderables(audit):
            console.print(item)
        for path in written:
            console.print(f"wrote {path}", markup=False, highlight=False)
    plugins.audit_finished(
        audit, {"formats": formats, "paths": {k: str(v) for k, v in paths.items()}}
    )
    failed = gates.failures(audit, kw["fail_under"], rule_minimums, kw["fail_on"])
    if store is not None:
        from goudenregels.history_cli import regressions

        result = audit.to_dict()
        previous = store.previous(site)
        if kw["fail_on_regression"] and previous is not None:
            failed += [f"regression: {item}" for item in regressions(previous, _stored(result))]
        if kw.get("record"):
            audit_id = store.record_audit(result, site, str(snapshot_dir or ""))
            if not quiet:
                click.echo(f"stored as audit {audit_id} in {store.path}")
    for reason in failed:
        click.echo(f"gate failed: {reason}", err=True)
    return EXIT_GATE if failed else 0


@main.command()
@click.argument("url", required=False)
@_crawl_options
@_check_options
@click.option("--no-history", is_flag=True, help="Do not store this audit in the history.")
@click.option("--force", is_flag=True, help="Replace an earlier audit's snapshot and reports.")
@click.option(
    "--resume", is_flag=True, help="Continue the interrupted crawl in the output's snapshot."
)
@click.pass_context
def audit(ctx: click.Context, url: str | None, **kw: Any) -> None:
    """Crawl URL in a browser, run the checks and write the reports.

    Without URL, audits the demo site bundled with goudenregels (served on 127.0.0.1).
    """
    import time

    from goudenregels.crawl.scope import validate_start_url

    _formats(ctx, kw["formats"])  # reject a bad --format before a long crawl
    if kw.get("working_hours"):
        from goudenregels.worktime import WorkingHours

        WorkingHours.parse(kw["working_hours"])  # and a bad --hours
    start = validate_start_url(url) if url is not None else ""
    kw["record"] = not kw.pop("no_history")
    if kw["record"]:
        _history(kw)  # a history that cannot be opened is reported before a long crawl
    if kw["profile"] and kw["profile"] not in _plugins(ctx).profiles():
        raise UsageError(
            f"unknown profile '{kw['profile']}'; choose from "
            f"{', '.join(sorted(_plugins(ctx).profiles()))}"
        )
    formats, reporters = _formats(ctx, kw["formats"])
    paths = _output_paths(kw["output"], formats, reporters)
    snapshot_dir = _snapshot_dir_for(paths, kw["output"])
    kw["demo"] = url is None
    existed = (snapshot_dir / "snapshot.json").exists()
    resume = _prepare_snapshot_dir(snapshot_dir, kw["force"], kw["resume"], kw["demo"])
    _guard_reports(paths, kw["force"], existed or resume)
    from goudenregels.snapshot import Snapshot

    if resume and Snapshot.load(snapshot_dir).complete:
        # A finished crawl needs no browser: score it as it is.
        snapshot = Snapshot.load(snapshot_dir)
        ctx.exit(_score_and_report(ctx, snapshot, kw, kw["quiet"], None, snapshot_dir))
    if url is None:
        from goudenregels.serve import StaticServer, demo_site

        server = StaticServer(demo_site())
        demo_url = server.__enter__()
        if not kw["quiet"]:
            click.echo(f"auditing the bundled demo site at {demo_url}", err=True)
        try:
            started = time.perf_counter()
            snapshot = _run_crawl(ctx, demo_url, snapshot_dir, kw, resume)
        finally:
            server.__exit__(None, None, None)
    else:
        started = time.perf_counter()
        snapshot = _run_crawl(ctx, start, snapshot_dir, kw, resume)
    crawl_seconds = time.perf_counter() - started

    # Score the snapshot as saved, so 'check DIR' on it gives the identical result.
    snapshot = Snapshot.load(snapshot_dir)
    ctx.exit(_score_and_report(ctx, snapshot, kw, kw["quiet"], crawl_seconds, snapshot_dir))


@main.command()
@click.argument("url")
@click.option(
    "-o",
    "--output",
    "output_dir",
    required=True,
    metavar="DIR",
    help="Directory to save the snapshot in.",
)
@click.option("--force", is_flag=True, help="Replace a snapshot already in DIR.")
@click.option("--resume", is_flag=True, help="Continue the interrupted crawl in DIR.")
@_crawl_options
@click.pass_context
def crawl(
    ctx: click.Context, url: str, output_dir: str, force: bool, resume: bool, **kw: Any
) -> None:
    """Crawl URL and save a snapshot in DIR, to score later with 'goudenregels check DIR'."""
    from goudenregels.crawl.scope import validate_start_url

    start = validate_start_url(url)
    out = Path(output_dir)
    resume = _prepare_snapshot_dir(out, force, resume)
    snapshot = _run_crawl(ctx, start, out, kw, resume)
    if not kw["quiet"]:
        click.echo(f"saved {len(snapshot.pages)} pages of {snapshot.final_url} in {out}")


@main.command()
@click.argument("directory", metavar="DIR")
@_check_options
@click.option("-q", "--quiet", is_flag=True, help="No summary table.")
@click.option("--record", is_flag=True, help="Store this result in the history as an audit.")
@click.pass_context
def check(ctx: click.Context, directory: str, **kw: Any) -> None:
    """Score a saved snapshot offline (no browser, no network)."""
    from goudenregels.snapshot import Snapshot

    snapshot = Snapshot.load(directory)
    if not snapshot.pages:
        raise UsageError(f"the snapshot in {directory} holds no pages")
    ctx.exit(_score_and_report(ctx, snapshot, kw, kw["quiet"], snapshot_dir=Path(directory)))


@main.command("checks")
@click.argument("code", required=False)
@click.option("--lang", type=click.Choice(LANGS), default="nl", show_default=True)
@click.option("--markdown", is_flag=True, help="Print the whole catalogue as Markdown.")
@click.pass_context
def checks_cmd(ctx: click.Context, code: str | None, lang: str, markdown: bool) -> None:
    """List every check, or explain one (what, why, how to fix)."""
    from rich.console import Console
    from rich.table import Table

    items = _plugins(ctx).checks()
    if markdown:
        from goudenregels.catalogue import render

        click.echo(render(items), nl=False)
        return
    console = Console(highlight=False)
    if code:
        match = [c for c in items if c.code.upper() == code.upper() or c.slug == code]
        if not match:
            raise UsageError(f"no check '{code}' (see 'goudenregels checks')")
        c = match[0]
        from rich.text import Text

        text = Text()
        text.append(f"{c.code} {c.slug}", style="bold")
        text.append(
            f"  (rule {c.rule}, weight {c.weight:g}, "
            f"profiles: {', '.join(c.profiles) if c.profiles else 'all'}, "
            f"plugin: {c.plugin})\n\n"
        )
        for lang_name, title, what, why, fix in (
            ("Nederlands", c.title_nl, c.what_nl, c.why_nl, c.fix_nl),
            ("English", c.title_en, c.what_en, c.why_en, c.fix_en),
        ):
            text.append(f"{lang_name}: {title}\n", style="bold underline")
            for label, body in (("What", what), ("Why", why), ("Fix", fix)):
                if body:
                    text.append(f"{label}: ", style="bold")
                    text.append(f"{body}\n")
            if c.norm and lang_name == "English":
                text.append("Norm: ", style="bold")
                text.append(f"{c.norm}\n")
            text.append("\n")
        console.print(text)
        return
    table = Table(header_style="bold")
    for column in ("Code", "Slug", "Rule", "Title", "Profiles", "Plugin"):
        table.add_column(column)
    for c in items:
        table.add_row(
            c.code,
            c.slug,
            str(c.rule),
            c.title(lang),
            ", ".join(c.profiles) if c.profiles else "all",
            c.plugin,
        )
    console.print(table)


@main.command()
@click.pass_context
def plugins(ctx: click.Context) -> None:
    """List the loaded plugins and the hooks each implements."""
    from rich.console import Console
    from rich.table import Table

    manager = _plugins(ctx)
    table = Table(header_style="bold")
    for column in ("Name", "Origin", "Module", "Hooks"):
        table.add_column(column)
    for info in manager.info.values():
        table.add_row(info.name, info.origin, info.module, ", ".join(info.hooks))
    Console(highlight=False).print(table)
    if manager.blocked:
        click.echo(f"disabled: {', '.join(sorted(manager.blocked))}")


@main.command()
@click.option("--force", is_flag=True, help="Replace an existing goudenregels.toml.")
def init(force: bool) -> None:
    """Write a commented starter goudenregels.toml in the current directory."""
    from goudenregels.config import CONFIG_FILE, STARTER

    target = Path(CONFIG_FILE)
    if target.exists() and not force:
        raise UsageError(f"{CONFIG_FILE} already exists; pass --force to replace it")
    try:
        target.write_text(STARTER, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {CONFIG_FILE}: {exc.strerror or exc}") from None
    click.echo(f"wrote {CONFIG_FILE}; edit it, then run 'goudenregels audit'")


@main.command()
@click.option("--browser", "browser_path", metavar="PATH", help="Chromium binary to try.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing; the exit code says it all.")
def doctor(browser_path: str | None, quiet: bool) -> None:
    """Check the set-up: which Chromium would be used, and that it starts."""
    import asyncio

    from goudenregels.crawl.browser import launch

    async def probe() -> str:
        from playwright.async_api import async_playwright

        async with async_playwright() as pw:
            browser = await launch(pw, browser_path)
            try:
                page = await browser.new_page()
                await page.set_content("<p>ok</p>")
                text = await page.inner_text("p")
                if text != "ok":
                    raise GoudenregelsError("Chromium started but could not render a page")
                return f"{browser.browser_type.name} {browser.version}"
            finally:
                await browser.close()

    version = asyncio.run(probe())
    if not quiet:
        import platform

        click.echo(f"goudenregels {__version__}, Python {platform.python_version()}")
        click.echo(f"browser: {version} — ready")


from goudenregels.history_cli import diff_cmd, history_cmd, measure  # noqa: E402
from goudenregels.probe_cli import probe  # noqa: E402

main.add_command(history_cmd)
main.add_command(diff_cmd)
main.add_command(measure)
main.add_command(probe)


def run() -> None:
    main(prog_name="goudenregels")


if __name__ == "__main__":
    sys.exit(main())
