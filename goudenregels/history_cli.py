"""Commands over the history store: history, diff, and the auditor's measurement log."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import click

from goudenregels.errors import UsageError
from goudenregels.options import BY_NAME, click_option
from goudenregels.terminal import NONE, Column
from goudenregels.words.channels import MEASURABLE
from goudenregels.words.channels import channel as find_channel

# The channels the measurement log takes, by key; their aliases are accepted too.
CHANNELS = tuple(c.key for c in MEASURABLE)

history_option = click_option(BY_NAME["history"], "history", param="history_path")


def open_store(path: str | None):
    from goudenregels.history import Store

    return Store(path)


def site_of(value: str) -> str:
    """The history key of a site given as a URL or a domain: its registrable domain."""
    from goudenregels.words.scope import site_key

    text = value.strip()
    return site_key(text if "://" in text else f"https://{text}") or text


def channel_of(value: str) -> str:
    found = find_channel(value)
    if found is None or not found.measurable:
        raise UsageError(f"unknown channel '{value}'; use one of {', '.join(CHANNELS)}")
    return found.key


@click.command("history")
@click.argument("site", required=False)
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10000))
@click.option("--batch", "batch_id", metavar="ID", help="Only the audits of this batch.")
@history_option
def history_cmd(
    site: str | None, limit: int, batch_id: str | None, history_path: str | None
) -> None:
    """List stored audits with their scores (all sites, or one SITE)."""
    from goudenregels.terminal import print_table

    store = open_store(history_path)
    rows = store.audits(site_of(site) if site else None, limit, batch_id)
    if not rows and site:
        rows = store.audits(site, limit, batch_id)  # a substring of the URL
    if not rows:
        click.echo(f"no audits stored in {store.path}")
        return
    print_table(HISTORY_COLUMNS, [_history_row(row) for row in rows])


# The site folds (a long domain over two lines); on a narrow terminal the profile gives way
# first, then the rules' scores from 6 down, then the coverage; never id, date, site or the
# overall score.
HISTORY_COLUMNS = (
    Column("id", "right"),
    Column("date", fold=10),
    Column("site", fold=12),
    Column("profile", drop=8),
    Column("score", "right"),
    Column("coverage", "right", drop=1),
    *(Column(str(rule), "right", drop=1 + rule) for rule in range(1, 7)),
)


def _history_row(row: dict[str, Any]) -> list[Any]:
    scores = [row["rules"].get(str(r)) for r in range(1, 7)]
    when = (row["finished_at"] or row["recorded_at"] or "")[:16].replace("T", " ")
    return [
        str(row["id"]),
        when or None,
        row["site"],
        row["profile"] or None,
        _num(row["overall"]),
        f"{row['coverage']:.0%}" if row["coverage"] is not None else None,
        *(_num(s) for s in scores),
    ]


def _num(value: Any) -> str | None:
    return None if value is None else str(value)


@click.command("diff")
@click.argument("ids", nargs=-1, type=int)
@click.option("--site", help="With --baseline last: the site to compare (default: the latest).")
@click.option(
    "--baseline",
    type=click.Choice(["last"]),
    help="Compare the latest audit of the site with the one before it.",
)
@click.option("--fail-on-regression", is_flag=True, help="Exit 1 when anything got worse.")
@click.option(
    "--allow-different-sites",
    is_flag=True,
    help="Compare two audits of different sites (refused without it).",
)
@history_option
def diff_cmd(
    ids: tuple[int, ...],
    site: str | None,
    baseline: str | None,
    fail_on_regression: bool,
    allow_different_sites: bool,
    history_path: str | None,
) -> None:
    """Show what got better and worse between audits A and B (ids from 'goudenregels history').

    A and B must be audits of the same site; --allow-different-sites compares two sites anyway.
    """
    from goudenregels.history import compare, regressions

    store = open_store(history_path)
    before, after = _diff_pair(store, ids, site)
    if before["site"] != after["site"]:
        sites = (
            f"audit {before['id']} is of {before['site']}, audit {after['id']} of {after['site']}"
        )
        if not allow_different_sites:
            raise UsageError(
                f"{sites}; pass --allow-different-sites to compare two different sites"
            )
        click.echo(f"warning: {sites}: comparing two different sites", err=True)
    _print_diff(before, after, compare(before, after))
    worse = regressions(before, after)
    if fail_on_regression and worse:
        for item in worse:
            click.echo(f"gate failed: regression: {item}", err=True)
        raise click.exceptions.Exit(1)


def _diff_pair(store: Any, ids: tuple[int, ...], site: str | None) -> tuple[dict, dict]:
    """The two audits to compare: A and B, or B (default: the latest) and the one before it."""
    if len(ids) == 2:
        return store.audit(ids[0]), store.audit(ids[1])
    if len(ids) > 2:
        raise UsageError("give two audit ids, one, or none with --baseline last")
    if ids:
        after = store.audit(ids[0])
    else:
        latest = store.audits(site_of(site) if site else None, 1)
        if not latest:
            raise UsageError("no audits stored yet" + (f" for {site}" if site else ""))
        after = latest[0]
    before = store.previous(after["site"], before_id=after["id"])
    if before is None:
        raise UsageError(
            f"audit {after['id']} is the first of {after['site']}; nothing to compare with"
        )
    return before, after


DIFF_COLUMNS = (
    Column("check"),
    Column("title", drop=1),
    Column("before"),
    Column("after"),
    Column("change"),
)


def _print_diff(before: dict[str, Any], after: dict[str, Any], diff: dict[str, Any]) -> None:
    from rich.text import Text

    from goudenregels.terminal import console, print_line, print_table

    out = console()
    site = (
        after["site"] if before["site"] == after["site"] else f"{before['site']} → {after['site']}"
    )
    heading = (
        f"{site}: audit {before['id']} → {after['id']}, overall "
        f"{_num(before['overall']) or NONE} → {_num(after['overall']) or NONE}"
    )
    print_line(heading, out, style="bold", comment=True)
    rows: list[list[Any]] = []
    for change in diff["checks"]:
        style = {"better": "green", "worse": "red"}.get(change["change"], "")
        rows.append(
            [
                change["code"],
                change["title"],
                _num(change["before"]),
                _num(change["after"]),
                Text(change["change"], style=style),
            ]
        )
    for rule in diff["rules"]:
        style = "green" if rule["change"] == "better" else "red"
        rows.append(
            [
                f"rule {rule['rule']}",
                "score",
                _num(rule["before"]),
                _num(rule["after"]),
                Text(rule["change"], style=style),
            ]
        )
    if rows:
        print_table(DIFF_COLUMNS, rows, out)
    else:
        print_line("no changes", out)


@click.group("measure")
def measure() -> None:
    """The auditor's log of measured reactions: mystery calls, chats and messages."""


@measure.command("add")
@click.option("--site", required=True, help="The audited site (URL or domain).")
@click.option("--channel", required=True, help=f"One of {', '.join(CHANNELS)}.")
@click.option(
    "--started",
    required=True,
    metavar="TIME",
    help="When the contact started (ISO 8601; Dutch local time unless a zone is given).",
)
@click.option("--answered", metavar="TIME", help="When it was answered (leave out: not yet).")
@click.option("--note", default="", help="What happened.")
@history_option
def measure_add(
    site: str, channel: str, started: str, answered: str | None, note: str, history_path: str | None
) -> None:
    """Record one measured contact."""
    row = _measurement(site, channel, started, answered, note)
    store = open_store(history_path)
    store.add_measurement(**row)
    _print_judged([row])


@measure.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--site", help="Site for rows without a site column.")
@history_option
def measure_import(file: str, site: str | None, history_path: str | None) -> None:
    """Import measurements from a CSV file: site, channel, started, answered, note."""
    path = Path(file)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    rows = []
    reader = csv.DictReader(text.splitlines(), delimiter=_delimiter(text))
    missing = {"channel", "started"} - set(reader.fieldnames or [])
    if missing:
        raise UsageError(
            f"{path}: missing column(s) {', '.join(sorted(missing))}; expected "
            "site, channel, started, answered, note"
        )
    for number, item in enumerate(reader, 2):
        row_site = (item.get("site") or site or "").strip()
        if not row_site:
            raise UsageError(f"{path}:{number}: no site (add a site column or --site)")
        try:
            rows.append(
                _measurement(
                    row_site,
                    item["channel"],
                    item["started"],
                    (item.get("answered") or "").strip() or None,
                    (item.get("note") or "").strip(),
                )
            )
        except UsageError as exc:
            raise UsageError(f"{path}:{number}: {exc}") from None
    store = open_store(history_path)
    for row in rows:  # validated first, so a bad line stores nothing
        store.add_measurement(**row)
    _print_judged(rows)
    click.echo(f"imported {len(rows)} measurement(s) into {store.path}")


@measure.command("list")
@click.argument("site")
@history_option
def measure_list(site: str, history_path: str | None) -> None:
    """Show the measurements of SITE judged against the norm per channel."""
    _print_judged(open_store(history_path).measurements(site_of(site)))


def _delimiter(text: str) -> str:
    first = text.splitlines()[0] if text.strip() else ""
    return ";" if first.count(";") > first.count(",") else ","


def _measurement(
    site: str, channel: str, started: str, answered: str | None, note: str
) -> dict[str, Any]:
    from goudenregels.worktime import parse_moment

    try:
        start = parse_moment(started)
        end = parse_moment(answered) if answered else None
    except ValueError:
        raise UsageError(
            f"times must be ISO 8601, e.g. 2026-11-20T10:15:00 "
            f"(got '{started}'{f', {answered!r}' if answered else ''})"
        ) from None
    if end is not None and end < start:
        raise UsageError("answered is before started")
    return {
        "site": site_of(site),
        "channel": channel_of(channel),
        "started": start.isoformat(),
        "answered": end.isoformat() if end else None,
        "kind": "answer",
        "source": "log",
        "note": note,
    }


JUDGED_COLUMNS = (
    Column("site", fold=12),
    Column("channel"),
    Column("started", fold=10),
    Column("answered", fold=10),
    Column("norm", drop=1),
    Column("verdict"),
)


def _print_judged(rows: list[dict[str, Any]]) -> None:
    from rich.text import Text

    from goudenregels.terminal import print_table
    from goudenregels.worktime import judge, parse_moment

    lines = []
    for row in rows:
        verdict = judge(
            row["channel"],
            parse_moment(row["started"]),
            parse_moment(row["answered"]) if row.get("answered") else None,
        )
        style = {"pass": "green", "fail": "red"}.get(verdict["verdict"], "yellow")
        lines.append(
            [
                row["site"],
                row["channel"],
                row["started"][:19].replace("T", " "),
                (row.get("answered") or "")[:19].replace("T", " ") or None,
                verdict["norm"],
                Text(verdict["verdict"], style=style),
            ]
        )
    print_table(JUDGED_COLUMNS, lines)
