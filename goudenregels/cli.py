"""The command line: audit, crawl, check, checks, plugins (click; heavy imports stay inside)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from goudenregels import __version__
from goudenregels.cli_errors import OneLineErrors
from goudenregels.errors import GoudenregelsError, UsageError
from goudenregels.i18n import LANGS
from goudenregels.options import Options, click_options


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
    ctx.obj = {"load": load, "block": block, "plugins": None}
    from goudenregels.config import default_map, find_config

    path = Path(config_path) if config_path else find_config()
    if config_path and not path.is_file():
        raise UsageError(f"config file {config_path} not found")
    if path is not None and ctx.invoked_subcommand not in ("init", None):
        ctx.default_map = default_map(path)


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
) -> int:
    """Run the audit pipeline and print its outcome; returns the exit code."""
    from goudenregels.pipeline import run_audit

    outcome = run_audit(
        snapshot,
        options,
        _plugins(ctx),
        snapshot_dir=snapshot_dir,
        crawl_seconds=crawl_seconds,
        record=record,
        warn=_warn,
    )
    if not options.quiet:
        from rich.console import Console

        from goudenregels.reports.text_report import renderables

        console = Console(highlight=False, emoji=False)
        for item in renderables(outcome.audit):
            console.print(item)
        for path in outcome.written:
            console.print(f"wrote {path}", markup=False, highlight=False)
        if outcome.audit_id is not None:
            click.echo(f"stored as audit {outcome.audit_id} in {outcome.history}")
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
@click.option("--markdown", is_flag=True, help="Print the hooks and built-in plugins as Markdown.")
@click.pass_context
def plugins(ctx: click.Context, markdown: bool) -> None:
    """List the loaded plugins and the hooks each implements."""
    from rich.console import Console
    from rich.table import Table

    manager = _plugins(ctx)
    if markdown:
        from goudenregels.catalogue import render_plugins

        click.echo(render_plugins(manager.info), nl=False)
        return
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


from goudenregels.batch_cli import batch_cmd, batch_report_cmd  # noqa: E402
from goudenregels.history_cli import diff_cmd, history_cmd, measure  # noqa: E402
from goudenregels.probe_cli import probe  # noqa: E402

main.add_command(history_cmd)
main.add_command(diff_cmd)
main.add_command(measure)
main.add_command(probe)
main.add_command(batch_cmd)
main.add_command(batch_report_cmd)


if __name__ == "__main__":
    sys.exit(main())
