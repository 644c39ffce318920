"""The command line: audit, crawl, check, checks, plugins (click; heavy imports stay inside)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from goudenregels import __version__
from goudenregels.cli_errors import OneLineErrors
from goudenregels.errors import GoudenregelsError, SiteError, UsageError
from goudenregels.i18n import LANGS
from goudenregels.options import Options, click_options
from goudenregels.terminal import Column


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
    ctx.obj = {"load": load, "block": block, "plugins": None, "facts": None}
    # What a setting's help lists (--format, --profile): the names its registry holds now.
    ctx.obj["registry"] = lambda name: sorted(getattr(_plugins(ctx), name)())
    from goudenregels.config import default_map, find_config, read_facts

    path = Path(config_path) if config_path else find_config()
    if config_path and not path.is_file():
        raise UsageError(f"config file {config_path} not found")
    if path is not None and ctx.invoked_subcommand not in ("init", None):
        ctx.default_map = default_map(path)
        # Declared facts are validated before a long crawl, so a typo stops the run at once.
        ctx.obj["facts"] = read_facts(path)


def _run_crawl(
    ctx: click.Context,
    url: str,
    out_dir: Path,
    options: Options,
    resume: bool = False,
    demo: bool = False,
):
    """Crawl with a progress bar on a terminal (none with --quiet)."""
    from goudenregels.pipeline import crawl_site

    common = {"resume": resume, "demo": demo, "warn": _warn}
    if options.quiet:
        return crawl_site(url, out_dir, options, _plugins(ctx), **common)
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
        task = progress.add_task("", total=options.max_pages)

        def update(done: int, total: int, page_url: str) -> None:
            progress.update(task, completed=done, description=page_url[-60:])

        return crawl_site(url, out_dir, options, _plugins(ctx), progress=update, **common)


def _score_and_report(
    ctx: click.Context,
    snapshot,
    options: Options,
    record: bool,
    snapshot_dir: Path,
    crawl_seconds: float | None = None,
    kept: bool = True,
) -> int:
    """Run the audit pipeline and print its outcome; returns the exit code. With -o - the
    report is all that goes to stdout: the summary and the other lines go to stderr."""
    from goudenregels.pipeline import run_audit, writes_stdout

    outcome = run_audit(
        snapshot,
        options,
        _plugins(ctx),
        snapshot_dir=snapshot_dir,
        snapshot_kept=kept,
        crawl_seconds=crawl_seconds,
        record=record,
        warn=_warn,
        facts=ctx.find_root().obj.get("facts"),
    )
    to_stderr = writes_stdout(outcome.paths)
    if not options.quiet:
        from goudenregels.reports.text_report import print_summary
        from goudenregels.terminal import console

        print_summary(outcome.audit, console(stderr=to_stderr))
        for path in outcome.written:
            if not to_stderr:
                click.echo(f"wrote {path}")
        if outcome.audit_id is not None:
            click.echo(f"stored as audit {outcome.audit_id} in {outcome.history}", err=to_stderr)
    for reason in outcome.failures:
        click.echo(f"gate failed: {reason}", err=True)
    return outcome.exit_code


@main.command()
@click_options("audit")
@click.option("--no-history", is_flag=True, help="Do not store this audit in the history.")
@click.option("--force", is_flag=True, help="Replace an earlier audit's snapshot and reports.")
@click.option(
    "--resume", is_flag=True, help="Continue the interrupted crawl in the output's snapshot."
)
@click.pass_context
def audit(ctx: click.Context, no_history: bool, force: bool, resume: bool, **values: Any) -> None:
    """Crawl URL in a browser, run the checks and write the reports.

    Without URL, audits the demo site bundled with goudenregels (served on 127.0.0.1).
    """
    from goudenregels import pipeline
    from goudenregels.snapshot import Snapshot

    options, plugins, record = Options.from_params(values), _plugins(ctx), not no_history
    start = pipeline.check_audit_options(options, plugins, record)
    demo = options.url is None
    paths = pipeline.report_paths(options, *pipeline.chosen_formats(options, plugins))
    if pipeline.writes_stdout(paths):
        ctx.exit(_audit_to_stdout(ctx, start, options, record, resume))
    snapshot_dir = pipeline.snapshot_dir_for(options, paths)
    existed = (snapshot_dir / "snapshot.json").exists()
    resume = pipeline.claim_snapshot_dir(snapshot_dir, force, resume, demo)
    pipeline.guard_reports(paths, force, existed or resume)
    if resume and Snapshot.load(snapshot_dir).complete:
        # A finished crawl needs no browser: score it as it is.
        snapshot = Snapshot.load(snapshot_dir)
        ctx.exit(_score_and_report(ctx, snapshot, options, record, snapshot_dir))
    crawl_seconds = _crawl_for_audit(ctx, start, snapshot_dir, options, resume)
    # Score the snapshot as saved, so 'check DIR' on it gives the identical result.
    snapshot = Snapshot.load(snapshot_dir)
    ctx.exit(_score_and_report(ctx, snapshot, options, record, snapshot_dir, crawl_seconds))


def _audit_to_stdout(
    ctx: click.Context, start: str, options: Options, record: bool, resume: bool
) -> int:
    """audit -o -: the one report goes to stdout and everything else to stderr; the snapshot
    lives in a temporary directory for this run only, so there is nothing to resume or keep."""
    import shutil
    import tempfile

    from goudenregels.pipeline import claim_snapshot_dir
    from goudenregels.snapshot import Snapshot

    if resume:
        raise UsageError("--resume continues the snapshot kept in the output; -o - keeps none")
    scratch = Path(tempfile.mkdtemp(prefix="goudenregels-"))
    try:
        snapshot_dir = scratch / "snapshot"
        claim_snapshot_dir(snapshot_dir, force=False)
        crawl_seconds = _crawl_for_audit(ctx, start, snapshot_dir, options, False)
        snapshot = Snapshot.load(snapshot_dir)
        return _score_and_report(
            ctx, snapshot, options, record, snapshot_dir, crawl_seconds, kept=False
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _crawl_for_audit(
    ctx: click.Context, start: str, snapshot_dir: Path, options: Options, resume: bool
) -> float:
    """Crawl the site, or the bundled demo site (served for the crawl) when start is ''; returns
    the seconds the crawl took."""
    import time

    if start:
        started = time.perf_counter()
        _run_crawl(ctx, start, snapshot_dir, options, resume)
        return time.perf_counter() - started
    from goudenregels.serve import StaticServer, demo_site

    server = StaticServer(demo_site())
    demo_url = server.__enter__()
    if not options.quiet:
        click.echo(f"auditing the bundled demo site at {demo_url}", err=True)
    try:
        started = time.perf_counter()
        _run_crawl(ctx, demo_url, snapshot_dir, options, resume, demo=True)
        return time.perf_counter() - started
    finally:
        server.__exit__(None, None, None)


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
@click_options("crawl")
@click.pass_context
def crawl(
    ctx: click.Context, url: str, output_dir: str, force: bool, resume: bool, **values: Any
) -> None:
    """Crawl URL and save a snapshot in DIR, to score later with 'goudenregels check DIR'."""
    from goudenregels.pipeline import claim_snapshot_dir
    from goudenregels.words.scope import validate_start_url

    options = Options.from_params(values)
    start = validate_start_url(url)
    out = Path(output_dir)
    resume = claim_snapshot_dir(out, force, resume)
    snapshot = _run_crawl(ctx, start, out, options, resume)
    if not options.quiet:
        click.echo(f"saved {len(snapshot.pages)} pages of {snapshot.final_url} in {out}")


@main.command()
@click.argument("directory", metavar="DIR")
@click_options("check")
@click.option("--record", is_flag=True, help="Store this result in the history as an audit.")
@click.pass_context
def check(ctx: click.Context, directory: str, record: bool, **values: Any) -> None:
    """Score a saved snapshot offline (no browser, no network)."""
    from goudenregels.snapshot import Snapshot

    snapshot = Snapshot.load(directory)
    if not snapshot.pages:
        raise UsageError(f"the snapshot in {directory} holds no pages")
    options = Options.from_params(values)
    ctx.exit(_score_and_report(ctx, snapshot, options, record, Path(directory)))


@main.command("checks")
@click.argument("codes", nargs=-1, metavar="[CODE]...")
@click.option("--lang", type=click.Choice(LANGS), default="nl", show_default=True)
@click.option(
    "--markdown", is_flag=True, help="Print the catalogue (or the checks named) as Markdown."
)
@click.pass_context
def checks_cmd(ctx: click.Context, codes: tuple[str, ...], lang: str, markdown: bool) -> None:
    """List every check, or the checks CODE names, or explain one (what, why, how to fix).

    CODE is a code (GR101), a prefix (GR1 for rule 1, GR10) or a slug, as for --select; one
    check named is explained, several are listed.
    """
    from goudenregels.audit import matching_checks
    from goudenregels.options import split_list

    items = _plugins(ctx).checks()
    if codes:
        named: dict[str, Any] = {}
        for pattern in split_list(codes):
            found = matching_checks(items, pattern)
            if not found:
                raise UsageError(f"no check matches '{pattern}' (see 'goudenregels checks')")
            named.update((c.code, c) for c in found)
        items = sorted(named.values(), key=lambda c: c.code)
    if markdown:
        from goudenregels.catalogue import render

        click.echo(render(items), nl=False)
    elif len(items) == 1 and codes:
        _explain(items[0])
    else:
        _list_checks(items, lang)


# Slugs are never folded (they are what --select and 'checks CODE' take); the title wraps. On a
# narrow terminal the plugin goes first, then the rule (the code's hundreds digit says it).
CHECK_COLUMNS = (
    Column("Code"),
    Column("Slug"),
    Column("Rule", "right", drop=2),
    Column("Title"),
    Column("Profiles", drop=1),
    Column("Plugin", drop=3),
)


def _list_checks(items: list[Any], lang: str) -> None:
    from goudenregels.terminal import print_table

    rows = [
        [
            c.code,
            c.slug,
            str(c.rule),
            c.title(lang),
            ", ".join(c.profiles) if c.profiles else "all",
            c.plugin,
        ]
        for c in items
    ]
    print_table(CHECK_COLUMNS, rows)


def _explain(c: Any) -> None:
    """One check in both languages: what it checks, why, how to fix it, and its norm."""
    from rich.text import Text

    from goudenregels.terminal import console

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
    console().print(text)


PLUGIN_COLUMNS = (
    Column("Name"),
    Column("Origin", drop=1),
    Column("Module", drop=2),
    Column("Hooks"),
)


@main.command()
@click.option("--markdown", is_flag=True, help="Print the hooks and built-in plugins as Markdown.")
@click.pass_context
def plugins(ctx: click.Context, markdown: bool) -> None:
    """List the loaded plugins and the hooks each implements."""
    from goudenregels.terminal import print_table

    manager = _plugins(ctx)
    if markdown:
        from goudenregels.catalogue import render_plugins

        click.echo(render_plugins(manager.info), nl=False)
        return
    rows: list[list[Any]] = [
        [info.name, info.origin, info.module, ", ".join(info.hooks)]
        for info in manager.info.values()
    ]
    # Plugins disabled with -p no:NAME are rows too, so a pipe sees them in the same columns.
    rows += [[name, "disabled", None, None] for name in sorted(manager.blocked)]
    print_table(PLUGIN_COLUMNS, rows)


@main.command()
@click.option(
    "--force", is_flag=True, help="Replace an existing goudenregels.toml (its [facts] only)."
)
@click.option(
    "--from-site",
    "from_site",
    metavar="URL",
    help="Crawl URL once and propose a [facts] table from what the site says.",
)
@click.option(
    "--max-pages",
    type=click.IntRange(1, 10000),
    default=60,
    show_default=True,
    help="With --from-site: stop the crawl after this many pages.",
)
@click.pass_context
def init(ctx: click.Context, force: bool, from_site: str | None, max_pages: int) -> None:
    """Write a commented starter goudenregels.toml in the current directory.

    With --from-site URL the site is crawled once and a [facts] table is proposed, each value
    with where it was found. A new goudenregels.toml gets the starter settings and the
    proposal; an existing one is never changed without --force (then only its [facts] is
    replaced): without it the proposal is printed.
    """
    from goudenregels.config import CONFIG_FILE, STARTER

    target = Path(CONFIG_FILE)
    if from_site:
        _init_from_site(ctx, target, from_site, force, max_pages)
        return
    if target.exists() and not force:
        raise UsageError(f"{CONFIG_FILE} already exists; pass --force to replace it")
    _write_config(target, STARTER)
    click.echo(f"wrote {CONFIG_FILE}; edit it, then run 'goudenregels audit'")


def _write_config(target: Path, text: str) -> None:
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from None


def _init_from_site(
    ctx: click.Context, target: Path, url: str, force: bool, max_pages: int
) -> None:
    """Crawl once, propose [facts]; write it only where that replaces nothing unasked."""
    import tempfile

    from goudenregels.checks.site import Site
    from goudenregels.config import STARTER
    from goudenregels.propose import propose, replace_facts
    from goudenregels.words.scope import validate_start_url

    start = validate_start_url(url)
    options = Options(url=start, max_pages=max_pages, journeys=False, quiet=True)
    with tempfile.TemporaryDirectory(prefix="goudenregels-init-") as tmp:
        snapshot = _run_crawl(ctx, start, Path(tmp), options)
    if not snapshot.ok_pages():
        raise SiteError(f"no page of {url} could be read; there is nothing to propose")
    proposal = propose(Site(snapshot), start)
    if not target.exists():
        _write_config(target, replace_facts(STARTER, proposal))
        click.echo(f"wrote {target} with a proposed [facts] table; check every value, then commit")
    elif force:
        _write_config(target, replace_facts(target.read_text(encoding="utf-8"), proposal))
        click.echo(f"replaced the [facts] table of {target}; check every value, then commit")
    else:
        click.echo(proposal, nl=False)
        click.echo(
            f"{target} exists and is left as it is: the proposal is printed above "
            "(pass --force to put it in the file)",
            err=True,
        )


@main.command()
@click.option("--browser", "browser_path", metavar="PATH", help="Chromium binary to try.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing; the exit code says it all.")
def doctor(browser_path: str | None, quiet: bool) -> None:
    """Check the set-up: which Chromium would be used (path and version), and that it starts."""
    import asyncio
    import platform

    from goudenregels.crawl.browser import launch_described

    async def probe() -> tuple[str, str, str]:
        from playwright.async_api import async_playwright

        async with async_playwright() as pw:
            browser, desc, path = await launch_described(pw, browser_path)
            try:
                page = await browser.new_page()
                await page.set_content("<p>ok</p>")
                text = await page.inner_text("p")
                if text != "ok":
                    raise GoudenregelsError(f"{desc} started but could not render a page")
                return desc, path, f"{browser.browser_type.name} {browser.version}"
            finally:
                await browser.close()

    desc, path, version = asyncio.run(probe())
    if not quiet:
        click.echo(f"goudenregels {__version__}, Python {platform.python_version()}")
        click.echo(f"browser: {version}, {desc}")
        click.echo(f"path: {path}")
        click.echo("ready: it starts and renders a page")


from goudenregels.batch_cli import batch_cmd, batch_report_cmd  # noqa: E402
from goudenregels.history_cli import diff_cmd, history_cmd, measure  # noqa: E402
from goudenregels.login_cli import login_cmd  # noqa: E402
from goudenregels.probe_cli import probe  # noqa: E402

main.add_command(history_cmd)
main.add_command(diff_cmd)
main.add_command(measure)
main.add_command(probe)
main.add_command(batch_cmd)
main.add_command(batch_report_cmd)
main.add_command(login_cmd)


if __name__ == "__main__":
    sys.exit(main())
