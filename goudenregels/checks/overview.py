"""The channel overview: every channel, where it was found, its hours, the promised, measured and
expected reaction time, as one :class:`~goudenregels.model.Table` of the whole audit.

The checks own it because they own the findings that feed it (the channels of GR106, the hours
of GR104, the promises of GR108 and the measurements of GR120-GR122): a reporter only draws the
table it gets through the ``goudenregels_overviews`` hook and never reads a check's data.
"""

from __future__ import annotations

from typing import Any

from goudenregels.hookspecs import hookimpl
from goudenregels.i18n import N_
from goudenregels.model import Cell, Heading, Overview, Table
from goudenregels.snapshot import normalize_url
from goudenregels.words import channels as chan
from goudenregels.words.quotes import clip

# The findings the overview reads, by the code of the check that writes each.
CHANNELS, HOURS, PROMISES = "GR106", "GR104", "GR108"
MEASURED_WRITTEN = (("GR120", chan.EMAIL.key), ("GR121", chan.FORM.key))
MEASURED_LOG = "GR122"

# Channels that have no opening hours of their own.
NO_HOURS = (chan.LETTER.key, chan.UNNAMED.key)
# Where each channel's row goes: the order of the channel table in words.
CHANNEL_RANK = {c.key: i for i, c in enumerate(chan.CHANNELS)}
# The data text of a contact-form channel, left out of the table (the name says it).
FORM_TEXT = "contact form"

DAY_ABBR = {
    "maandag": N_("Mon"),
    "dinsdag": N_("Tue"),
    "woensdag": N_("Wed"),
    "donderdag": N_("Thu"),
    "vrijdag": N_("Fri"),
    "zaterdag": N_("Sat"),
    "zondag": N_("Sun"),
    "dagelijks": N_("daily"),
    "dag niet genoemd": N_("day not named"),
}
HOURS_VALUES = {"gesloten": N_("closed"), "24 uur per dag": N_("24 hours a day")}
WEEK = tuple(DAY_ABBR)[:7]
VERDICTS = {
    "pass": N_("meets the norm"),
    "fail": N_("slower than the norm"),
}

HEADINGS = [
    Heading("channel", N_("Channel")),
    Heading("where", N_("Where"), "url"),
    Heading("hours", N_("Opening hours"), "nowrap"),
    Heading("promised", N_("Promised reaction"), empty=N_("not stated")),
    Heading("measured", N_("Measured"), empty=N_("not measured")),
    Heading("norm", N_("Norm")),
]


def format_hours(hours: dict[str, str], gettext: Any) -> list[tuple[str, str]]:
    """Opening hours per day, consecutive days with the same hours joined: [('Mon–Fri', ...)]."""
    rows: list[tuple[list[str], str]] = []
    for day, value in hours.items():
        shown = gettext(HOURS_VALUES[value]) if value in HOURS_VALUES else str(value)
        if rows and day in WEEK and rows[-1][0][-1] in WEEK and rows[-1][1] == shown:
            last = rows[-1][0][-1]
            if WEEK.index(day) == WEEK.index(last) + 1:
                rows[-1][0].append(day)
                continue
        rows.append(([day], shown))
    out = []
    for days, shown in rows:
        names = [gettext(DAY_ABBR[d]) if d in DAY_ABBR else str(d) for d in days]
        label = names[0] if len(names) == 1 else f"{names[0]}–{names[-1]}"
        out.append((label, shown))
    return out


def _norm_url(url: str) -> str:
    try:
        return normalize_url(url)
    except ValueError:
        return url


def _data(by_code: dict[str, Any], code: str, key: str) -> list[Any]:
    finding = by_code.get(code)
    return list((finding.data.get(key) or []) if finding is not None else [])


def _verdict(verdict: Any, gettext: Any) -> str:
    return gettext(VERDICTS.get(str(verdict), N_("to review")))


def _took(seconds: Any, gettext: Any) -> str:
    if seconds is None:
        return gettext("no reaction yet")
    seconds = float(seconds)
    if seconds < 120:
        return gettext("%(n)s s") % {"n": f"{seconds:.0f}"}
    if seconds < 2 * 3600:
        return gettext("%(n)s min") % {"n": f"{seconds / 60:.0f}"}
    if seconds < 2 * 86400:
        return gettext("%(n)s hours") % {"n": f"{seconds / 3600:.1f}"}
    return gettext("%(n)s days") % {"n": f"{seconds / 86400:.1f}"}


class _Row:
    """One channel's row while the overview is put together."""

    def __init__(self, name: str, url: str = "", depth: Any = None, text: str = "") -> None:
        self.name, self.url, self.depth, self.text = name, url, depth, text
        self.quote = False  # the text is the site's own words, shown in quotation marks
        self.hours: list[tuple[str, str]] = []
        self.hours_general = False
        self.promises: list[Cell] = []
        self.measured: list[Cell] = []


def _key(name: str) -> str:
    """A channel word's row: its key, so aliases share one row."""
    found = chan.channel(name)
    return found.key if found else name


def _rows(audit: Any, gettext: Any) -> dict[str, _Row]:
    """One row per channel, keyed by the channel's key; a row keeps the word it was named by."""
    by_code = {f.code: f for f in audit.findings}
    depths: dict[str, int | None] = {}
    for page in audit.snapshot.pages:
        for url in (page.url, page.final_url):
            if url:
                depths.setdefault(_norm_url(url), page.depth)
    rows: dict[str, _Row] = {}
    for item in _data(by_code, CHANNELS, "channels"):
        channel = str(item.get("channel", ""))
        row = _Row(channel, str(item.get("url", "")), item.get("depth"), str(item.get("text", "")))
        row.quote = item.get("kind", "quote") == "quote"
        rows.setdefault(_key(channel), row)
    for promise in _data(by_code, PROMISES, "promises"):
        channel = str(promise.get("channel", ""))
        key = _key(channel)
        if key not in rows:  # a promise for a channel the channel check did not list
            url = str(promise.get("url", ""))
            rows[key] = _Row(channel, url, depths.get(_norm_url(url)))
        text = f"“{promise.get('promise', '')}”"
        rows[key].promises.append(Cell(text, _verdict(promise.get("verdict"), gettext)))
    _add_hours(rows, _data(by_code, HOURS, "hours"), gettext)
    _add_measured(rows, by_code, gettext)
    return rows


def _add_hours(rows: dict[str, _Row], found: list[Any], gettext: Any) -> None:
    hours_rows = [r for r in found if r]
    general = next((r for r in hours_rows if r.get("source") == "structured data"), None)
    general = general or (hours_rows[0] if hours_rows else None)
    for key, row in rows.items():
        if key in NO_HOURS:
            continue
        match = next(
            (r for r in hours_rows if _norm_url(str(r.get("url", ""))) == _norm_url(row.url)),
            None,
        )
        chosen = match or general
        if chosen and isinstance(chosen.get("hours"), dict):
            row.hours = format_hours(chosen["hours"], gettext)
            row.hours_general = match is None


def _add_measured(rows: dict[str, _Row], by_code: dict[str, Any], gettext: Any) -> None:
    """Measured times beside the promise and the norm (the probes and the auditor's log)."""

    def row_for(channel: str) -> _Row:
        return rows.setdefault(_key(channel), _Row(channel))

    for code, channel in MEASURED_WRITTEN:
        for m in _data(by_code, code, "measurements"):
            if m.get("kind") != "answer":
                continue
            took = _took(m.get("elapsed_seconds"), gettext)
            if m.get("elapsed_seconds") is not None:
                took = gettext("answered after %(time)s") % {"time": took}
            row_for(channel).measured.append(Cell(took, _verdict(m.get("verdict", ""), gettext)))
    for item in _data(by_code, MEASURED_LOG, "channels"):
        verdict = "fail" if item.get("failed") else "pending" if item.get("pending") else "pass"
        text = gettext("%(passed)s of %(count)s within the norm; slowest %(time)s") % {
            "passed": item.get("passed", 0),
            "count": item.get("measured", 0),
            "time": _took(item.get("slowest_seconds"), gettext),
        }
        row_for(str(item.get("channel", ""))).measured.append(
            Cell(text, _verdict(verdict, gettext))
        )


def _norm_text(key: str, lang: str) -> str:
    found = chan.channel(key)
    if found is None or found.norm is None:
        return ""
    return found.norm.text(lang)


def _cells(key: str, row: _Row, lang: str, gettext: Any) -> dict[str, Any]:
    found = chan.channel(row.name)
    note = clip(row.text, 70) if row.text and row.text != FORM_TEXT else ""
    if note and row.quote:
        note = f"“{note}”"
    where = None
    if row.url or row.depth is not None:
        depth = "" if row.depth is None else gettext("click depth %(depth)s") % {"depth": row.depth}
        where = Cell(row.url or "–", depth)
    hours: Any = [Cell(f"{label} {value}") for label, value in row.hours] or None
    if hours and row.hours_general:
        hours.append(Cell("", gettext("general opening hours")))
    return {
        "channel": Cell(gettext(found.name) if found else row.name, note),
        "where": where,
        "hours": hours,
        "promised": row.promises,
        "measured": row.measured,
        "norm": _norm_text(key, lang) or None,
    }


def channel_overview(audit: Any, lang: str) -> Table | None:
    """The channel table of an audit in ``lang``; None when the channel check did not run."""
    from goudenregels.i18n import translations

    gettext = translations(lang).gettext
    table = Table(
        HEADINGS,
        title=N_("Contact channels"),
        key="channels",
        short=N_("Channels"),
        intro=N_(
            "Every channel found, where it was found, its opening hours, the reaction time the "
            "site promises, the reaction time measured and the norm customers may expect."
        ),
        empty=N_("No contact channel was found on the pages read."),
    )
    if not any(f.code == CHANNELS for f in audit.findings):
        table.intro, table.empty = "", N_("The channel check was not run in this audit.")
        return table
    rows = _rows(audit, gettext)
    order = sorted(rows.items(), key=lambda item: (CHANNEL_RANK.get(item[0], 50), item[0]))
    table.rows = [_cells(key, row, lang, gettext) for key, row in order]
    return table


@hookimpl
def goudenregels_overviews() -> list[Overview]:
    return [Overview("channels", channel_overview)]
