"""The 'probe' commands: send a real e-mail or web-form question and time the replies.

Registered on the main command line with ``main.add_command(probe)``; it also runs on its own
(``python -m goudenregels.probe_cli``), with the same one-line errors and exit codes.
"""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from goudenregels.cli_errors import OneLineErrors
from goudenregels.errors import UsageError
from goudenregels.terminal import Column

DEFAULT_HOURS = "mon-fri 09:00-17:00"


@click.group(cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--history",
    "history_path",
    metavar="PATH",
    envvar="GOUDENREGELS_HISTORY",
    help="History database (default: goudenregels/history.sqlite in your data directory).",
)
@click.pass_context
def probe(ctx: click.Context, history_path: str | None) -> None:
    """Measure reaction times with a real question by e-mail or web form.

    \b
    Mail settings come from the environment (GOUDENREGELS_SMTP_HOST, _PORT, _USER,
    _PASSWORD, _FROM, _SECURITY and the same for GOUDENREGELS_IMAP_*) or a [probe]
    table in goudenregels.toml; passwords only from the environment. See docs/probes.md.
    """


def _history_path(ctx: click.Context) -> str | None:
    while ctx is not None and ctx.command is not probe:
        ctx = ctx.parent  # type: ignore[assignment]
    return ctx.params.get("history_path") if ctx is not None else None


def _store(ctx: click.Context):
    from goudenregels.history import Store

    store = Store(_history_path(ctx))
    ctx.call_on_close(store.close)
    return store


def _settings(ctx: click.Context):
    """Mail settings: the environment, then [probe] in the settings file main was given/found."""
    from goudenregels.config import find_config
    from goudenregels.probe import load_settings

    explicit = ctx.find_root().params.get("config_path")
    if explicit and not Path(explicit).is_file():
        raise UsageError(f"config file {explicit} not found")
    return load_settings(Path(explicit) if explicit else find_config())


def _console():
    from goudenregels.terminal import console

    return console()


def _when(value: str | None) -> str:
    if not value:
        return "—"
    from goudenregels.worktime import AMSTERDAM, parse_moment

    return parse_moment(value).astimezone(AMSTERDAM).strftime("%a %d-%m-%Y %H:%M")


# -- probe email --------------------------------------------------------------------------------


@probe.command("email")
@click.option("--to", "to", required=True, metavar="ADDRESS", help="The organisation's address.")
@click.option("--site", metavar="SITE", help="Site to file the probe under (default: its domain).")
@click.option("--subject", metavar="TEXT", help="Subject (the reference is added to it).")
@click.option("--dry-run", is_flag=True, help="Print the message; send and record nothing.")
@click.pass_context
def email_cmd(
    ctx: click.Context, to: str, site: str | None, subject: str | None, dry_run: bool
) -> None:
    """Send a polite customer question by e-mail from the auditor's mailbox, and record it."""
    from email.utils import parseaddr

    from goudenregels import probe as p

    address = parseaddr(to)[1].strip()
    domain = address.rpartition("@")[2]
    if "@" not in address or "." not in domain or " " in address:
        raise UsageError(f"'{to}' is not an e-mail address")
    settings = _settings(ctx)
    if dry_run:
        msg = p.build_email(settings, address, p.new_token(), subject)
        out = [f"{name}: {value}" for name, value in msg.items() if name.lower() != "content-type"]
        click.echo("\n".join([*out, "", msg.get_content().rstrip()]))
        click.echo("\n(dry run: nothing was sent and nothing recorded)", err=True)
        return
    p.require_smtp(settings)
    store = _store(ctx)  # a bad history path fails before anything is sent
    when = p.now_utc()
    token = p.new_token(x["token"] for x in store.probes())
    msg = p.build_email(settings, address, token, subject, when)
    p.send_email(settings, msg)
    key = p.site_of(site or address)
    probe_id = p.record_probe(
        store,
        site=key,
        kind="email",
        target=address,
        token=token,
        message_id=msg["Message-ID"],
        subject=msg["Subject"],
        sent_at=p.iso(when),
        data={"from": settings.from_address, "name": settings.from_name},
    )
    click.echo(
        f"sent probe #{probe_id} ({token}) to {address} for {key} at {_when(p.iso(when))}; "
        "check for replies with 'goudenregels probe status'"
    )


# -- probe form ---------------------------------------------------------------------------------


PLAN_COLUMNS = (Column("Field"), Column("Role", drop=1), Column("What goudenregels does"))


def _print_plan(plan: Any) -> None:
    from goudenregels.terminal import print_line, print_table

    rows = []
    for item in plan.actions:
        if item.action == "fill":
            value = " ".join(item.value.split())
            what = f"fill in: {value if len(value) <= 70 else value[:67] + '…'}"
        elif item.action == "select":
            what = f"choose: {item.note}"
        elif item.action == "check":
            what = "tick"
        elif item.action == "uncheck":
            what = "untick"
        else:
            what = "leave as it is"
        rows.append([item.label, item.role, what])
    console = _console()
    print_table(PLAN_COLUMNS, rows, console, title=f"Contact form on {plan.url}")
    for note in plan.notes:
        print_line(f"note: {note}", console)
    for problem in plan.problems:
        print_line(f"cannot submit: {problem}", console)


@probe.command("form")
@click.argument("url")
@click.option("--live", is_flag=True, help="Really submit the form, once. Without it: a preview.")
@click.option("--site", metavar="SITE", help="Site to file the probe under (default: the URL's).")
@click.option("--browser", "browser_path", metavar="PATH", help="Chromium binary to use.")
@click.option(
    "--timeout",
    default=30.0,
    show_default=True,
    type=click.FloatRange(1, 300),
    help="Seconds to wait for the page.",
)
@click.pass_context
def form_cmd(
    ctx: click.Context,
    url: str,
    live: bool,
    site: str | None,
    browser_path: str | None,
    timeout: float,
) -> None:
    """Fill the contact form on URL with a customer question; submit it once with --live.

    Marketing and newsletter boxes are never ticked; a privacy-consent box only when the form
    cannot be sent without it. The reply comes to the auditor's mailbox (GOUDENREGELS_SMTP_FROM).
    """
    import asyncio

    from goudenregels import probe as p
    from goudenregels.words.scope import validate_start_url

    start = validate_start_url(url)
    settings = _settings(ctx)
    p.require_sender(settings)
    store = _store(ctx) if live else None
    token = p.new_token(x["token"] for x in store.probes()) if store else p.new_token()
    identity = _form_identity(settings, token)
    plan, result = asyncio.run(p.form_probe(start, identity, live, browser_path, timeout))
    _print_plan(plan)
    if plan.problems:
        raise UsageError(
            "the form cannot be submitted by goudenregels (nothing was sent): "
            + "; ".join(plan.problems)
        )
    if not live:
        raise UsageError("nothing was submitted: add --live to submit this form once")
    assert store is not None
    key = p.site_of(site or start)
    probe_id = _record_form_probe(store, key, start, token, settings, plan, result)
    status = f", HTTP {result['status']}" if result.get("status") else ""
    click.echo(
        f"submitted the form once: probe #{probe_id} ({token}) for {key} at "
        f"{_when(p.iso(result['sent_at']))}{status}; the reply should reach "
        f"{settings.from_address}; check with 'goudenregels probe status'"
    )


def _form_identity(settings: Any, token: str) -> dict[str, str]:
    """Who the form says is asking, and the question it asks."""
    from goudenregels import probe as p

    subject, body = p.question(token, settings.from_name)
    return {
        "name": settings.from_name,
        "email": settings.from_address,
        "subject": subject,
        "message": body,
        "token": token,
    }


def _record_form_probe(
    store: Any,
    key: str,
    start: str,
    token: str,
    settings: Any,
    plan: Any,
    result: dict[str, Any],
) -> int:
    """File the submitted form as a probe, with what the form was given and where it led."""
    from goudenregels import probe as p

    return p.record_probe(
        store,
        site=key,
        kind="form",
        target=start,
        token=token,
        subject=plan.subject,
        sent_at=p.iso(result["sent_at"]),
        data={
            "from": settings.from_address,
            "name": settings.from_name,
            "final_url": result.get("final_url", ""),
            "request": result.get("request", ""),
            "http_status": result.get("status"),
            "fields": [
                {"label": a.label, "role": a.role, "action": a.action} for a in plan.actions
            ],
            "notes": plan.notes,
        },
    )


# -- probe status -------------------------------------------------------------------------------


STATUS_COLUMNS = (
    Column("Probe", fold=16),
    Column("Sent", fold=10),
    Column("Acknowledgement", fold=16),
    Column("Answer", fold=16),
    Column("Verdict", fold=16),
)


def _status_rows(probes: list[dict[str, Any]], hours: Any, now: datetime | None = None):
    """One row per probe: what was sent, the acknowledgement, the answer and the verdict."""
    import json

    from rich.text import Text

    from goudenregels import probe as p

    rows = []
    for row in probes:
        data = json.loads(row.get("data") or "{}")
        what = Text(f"#{row['id']} {row['token']}\n", style="bold")
        what.append(f"{row['kind']} → {row['target']}\n{row['site']}")
        ack = Text("—" if not row.get("ack_at") else f"{_when(row['ack_at'])}\n{row['ack_from']}")
        if row.get("ack_at"):
            if p.is_noreply(row["ack_from"]):
                ack.append("\nno-reply address", style="red")
            if row.get("ack_bare"):
                ack.append("\nbare acknowledgement", style="yellow")
            if data.get("ack", {}).get("matched_by") == "sender domain":
                ack.append("\n(matched by sender domain)", style="dim")
        answer = Text(
            "—" if not row.get("answer_at") else f"{_when(row['answer_at'])}\n{row['answer_from']}"
        )
        judged = p.verdict(row, hours, now)
        style = {"pass": "green", "fail": "red"}.get(judged["verdict"], "yellow")
        verdict = Text(judged["verdict"], style=f"bold {style}")
        verdict.append(f"\nnorm: {judged['norm']}\ndeadline: {_when(judged['deadline'])}")
        rows.append([what, _when(row["sent_at"]), ack, answer, verdict])
    return rows


@probe.command("status")
@click.option("--site", metavar="SITE", help="Only the probes of this site.")
@click.option(
    "--hours",
    default=DEFAULT_HOURS,
    show_default=True,
    metavar="HOURS",
    help="Opening hours the norm counts in, e.g. 'mon-fri 08:30-17:30, sat 10:00-14:00'.",
)
@click.option("--watch", is_flag=True, help="Keep checking until every probe is answered.")
@click.option(
    "--interval",
    default=60.0,
    show_default=True,
    type=click.FloatRange(0.1, 86400),
    help="Seconds between mailbox checks with --watch.",
)
@click.option(
    "--max-wait",
    default=3600.0,
    show_default=True,
    type=click.FloatRange(0, 30 * 86400),
    help="Stop watching after this many seconds.",
)
@click.option("--no-fetch", is_flag=True, help="Show the stored state; do not read the mailbox.")
@click.pass_context
def status_cmd(
    ctx: click.Context,
    site: str | None,
    hours: str,
    watch: bool,
    interval: float,
    max_wait: float,
    no_fetch: bool,
) -> None:
    """Read the auditor's mailbox, record acknowledgements and answers, judge each probe."""
    from goudenregels import probe as p
    from goudenregels.terminal import print_table
    from goudenregels.worktime import WorkingHours

    working = WorkingHours.parse(hours)
    key = p.site_of(site) if site else None
    store = _store(ctx)
    console = _console()

    def check() -> None:
        for line in p.check_mailbox(store, settings, key):
            console.print(f"new: {line}", markup=False)

    if not no_fetch:
        settings = _settings(ctx)
        check()
        if watch:
            stop_at = time.monotonic() + max_wait
            try:
                while store.probes(key, open_only=True) and time.monotonic() < stop_at:
                    time.sleep(max(0.0, min(interval, stop_at - time.monotonic())))
                    try:
                        check()
                    except p.ProbeError as exc:  # a passing network hiccup: try next round
                        click.echo(f"warning: {exc}", err=True)
            except KeyboardInterrupt:
                click.echo("stopped watching (interrupted)", err=True)
            else:
                if store.probes(key, open_only=True):
                    click.echo(f"stopped watching after --max-wait {max_wait:g} s", err=True)
    probes = store.probes(key)
    if not probes:
        click.echo(f"no probes{' for ' + key if key else ''} in {store.path}")
        return
    print_table(STATUS_COLUMNS, _status_rows(probes, working), console, show_lines=True)


if __name__ == "__main__":
    probe(prog_name="goudenregels probe")
