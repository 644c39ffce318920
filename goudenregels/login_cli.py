"""The 'login' command: a visible browser for the auditor's own login, saved as a session file."""

from __future__ import annotations

from pathlib import Path

import click

from goudenregels.errors import UsageError


@click.command("login")
@click.argument("url")
@click.option(
    "--save",
    "save_path",
    required=True,
    metavar="FILE",
    help="Where to save the session (cookies and local storage; readable only by you).",
)
@click.option("--force", is_flag=True, help="Replace FILE when it exists.")
@click.option("--browser", "browser_path", metavar="PATH", help="Chromium binary to use.")
def login_cmd(url: str, save_path: str, force: bool, browser_path: str | None) -> None:
    """Open a visible browser at URL to log in with a test account; save the session to FILE.

    Log in as a customer would, then close the browser window (or press Enter here). Audit
    with the saved session: 'goudenregels audit URL --session FILE'. The file logs in as that
    account: keep it private and delete it after the audit (docs/login.md).

    \b
    Exit codes: 0 saved, 2 usage error (FILE exists, no display: use xvfb-run or
    --login-script), 3 the browser could not open URL.
    """
    import asyncio

    from goudenregels.crawl.login import NO_DISPLAY, has_display, interactive_login
    from goudenregels.crawl.session import write_state
    from goudenregels.words.scope import validate_start_url

    start = validate_start_url(url)
    target = Path(save_path)
    if target.exists() and not force:
        raise UsageError(f"{target} exists; pass --force to replace it")
    if not has_display():
        raise UsageError(NO_DISPLAY)
    click.echo(
        f"A browser window opens at {start}. Log in with the test account, then close the "
        "window (or press Enter here).",
        err=True,
    )
    state, where = asyncio.run(interactive_login(start, browser_path))
    write_state(target, state, where, force)
    cookies = len(state.get("cookies") or [])
    click.echo(f"saved the session ({cookies} cookies, ended on {where}) in {target}")
    if not cookies:
        click.echo("warning: no cookies were set; was the login finished?", err=True)
