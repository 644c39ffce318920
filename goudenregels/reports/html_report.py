"""The HTML reporter: the client report, one self-contained page that runs no script.

Everything taken from the site is untrusted: the templates autoescape every value (nothing from
the site is marked safe), URLs are printed as text and never made into links, screenshots are
embedded as ``data:`` URIs only when they are real PNG files inside the snapshot directory, and
the page carries a Content-Security-Policy that forbids scripts and any outside resource.

Texts come from gettext catalogs (``goudenregels/locale``, see :mod:`goudenregels.i18n`) through
Jinja's i18n extension; check titles, explanations and fixes come from the checks in both
languages. Finding messages are the checks' English text, shown as they are.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from goudenregels.hookspecs import hookimpl
from goudenregels.i18n import N_
from goudenregels.model import ERROR, FAIL, NOT_APPLICABLE, PASS, REVIEW, RULE_TITLES, Reporter
from goudenregels.words import channels as chan

# A screenshot larger than this is left out: the report must stay a mailable file.
MAX_SCREENSHOT_BYTES = 600 * 1024
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
TOP_IMPROVEMENTS = 5
MAX_EVIDENCE = 6  # evidence items shown per finding; the JSON report has them all

# Order of findings inside a rule section: what needs action first.
STATUS_ORDER = {FAIL: 0, REVIEW: 1, ERROR: 2, PASS: 3, NOT_APPLICABLE: 4}

# Channels that have no opening hours of their own.
NO_HOURS = (chan.LETTER.key, chan.UNNAMED.key)
# Where each channel's row goes in the channel table: the order of the channel table in words.
CHANNEL_RANK = {c.key: i for i, c in enumerate(chan.CHANNELS)}


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
MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)
STEP_NAMES = {
    "product": N_("Product page"),
    "add_to_cart": N_("Added to the cart"),
    "cart": N_("Cart"),
    "checkout": N_("Checkout"),
    "login": N_("Login page"),
    "password-reset": N_("Password reset page"),
}
WEEK = tuple(DAY_ABBR)[:7]


@dataclass
class Screen:
    caption: str
    url: str = ""
    src: str = ""  # a data: URI, or empty when the file is missing or too large
    note: str = ""


@dataclass
class ChannelRow:
    channel: str
    name: str
    url: str = ""
    depth: int | None = None
    text: str = ""
    hours: list[tuple[str, str]] = field(default_factory=list)
    hours_general: bool = False  # the site-wide hours, not hours found beside the channel
    promises: list[dict[str, Any]] = field(default_factory=list)
    norm: str = ""
    # Measured reactions (probes and the auditor's log): (text, verdict) per line.
    measured: list[tuple[str, str]] = field(default_factory=list)


# -- small helpers -------------------------------------------------------------------------


def embed_png(snapshot_dir: Path | None, rel: Any) -> tuple[str, str]:
    """(data URI, "") for a screenshot, or ("", reason) when it cannot be embedded.

    The path comes from the snapshot, so it is confined to the snapshot directory, and only a
    real PNG file is embedded: a crafted snapshot cannot pull another file into the report.
    """
    if not snapshot_dir or not isinstance(rel, str) or not rel:
        return "", "missing"
    base = Path(snapshot_dir).resolve()
    try:
        path = (base / rel).resolve()
        if not path.is_relative_to(base) or not path.is_file():
            return "", "missing"
        if path.stat().st_size > MAX_SCREENSHOT_BYTES:
            return "", "too_large"
        data = path.read_bytes()
    except OSError:
        return "", "missing"
    if not data.startswith(PNG_MAGIC):
        return "", "missing"
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii"), ""


def format_date(value: str, _: Any) -> str:
    """'2026-11-23T02:25:39+00:00' -> '23 November 2026, 02:25 UTC' in the report language."""
    if not value:
        return "–"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    zone = ""
    if moment.tzinfo is not None:
        offset = moment.utcoffset()
        zone = (
            " UTC" if not offset else f" UTC{moment.strftime('%z')[:3]}:{moment.strftime('%z')[3:]}"
        )
    return f"{moment.day} {_(MONTHS[moment.month - 1])} {moment.year}, {moment:%H:%M}{zone}"


def site_path(url: str, site: str) -> str:
    """A URL on the audited site as its path (shorter in a breadcrumb); others in full."""
    try:
        parts, home = urlsplit(url), urlsplit(site)
    except ValueError:
        return url
    if parts.netloc and parts.netloc == home.netloc:
        return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return url


def _norm_url(url: str) -> str:
    from goudenregels.snapshot import normalize_url

    try:
        return normalize_url(url)
    except ValueError:
        return url


def format_hours(hours: dict[str, str], _: Any) -> list[tuple[str, str]]:
    """Opening hours per day, consecutive days with the same hours joined: [('Mon–Fri', ...)]."""
    rows: list[tuple[list[str], str]] = []
    for day, value in hours.items():
        shown = _(HOURS_VALUES[value]) if value in HOURS_VALUES else str(value)
        if rows and day in WEEK and rows[-1][0][-1] in WEEK and rows[-1][1] == shown:
            last = rows[-1][0][-1]
            if WEEK.index(day) == WEEK.index(last) + 1:
                rows[-1][0].append(day)
                continue
        rows.append(([day], shown))
    out = []
    for days, shown in rows:
        names = [_(DAY_ABBR[d]) if d in DAY_ABBR else str(d) for d in days]
        label = names[0] if len(names) == 1 else f"{names[0]}–{names[-1]}"
        out.append((label, shown))
    return out


# -- the view model --------------------------------------------------------------------------


def _top_improvements(findings: list[Any]) -> list[Any]:
    """Failed findings by value: weight × (1 if failed), ties by rule and check order."""
    order = {id(f): i for i, f in enumerate(findings)}
    failed = [f for f in findings if f.status == FAIL]
    failed.sort(key=lambda f: (-(f.weight * 1), f.rule, order[id(f)]))
    return failed[:TOP_IMPROVEMENTS]


def _screens(audit: Any, finding: Any, snapshot_dir: Any, _: Any) -> list[Screen]:
    """Screenshots that show a finding: the checkout steps (GR110), the reset page (GR109)."""
    if finding.status == NOT_APPLICABLE:
        return []
    journeys = getattr(audit.snapshot, "journeys", None) or {}
    items: list[tuple[str, str, Any]] = []  # (step name, url, screenshot path)
    if finding.code == "GR110":
        journey = journeys.get("guest_checkout") or finding.data.get("journey") or {}
        for step in journey.get("steps") or []:
            if isinstance(step, dict) and step.get("screenshot"):
                items.append(
                    (str(step.get("name", "")), str(step.get("url", "")), step["screenshot"])
                )
    elif finding.code == "GR109":
        journey = journeys.get("password_reset") or finding.data.get("journey") or {}
        shot = journey.get("screenshot")
        if shot:
            name = "password-reset" if journey.get("status") == "done" else "login"
            url = journey.get("reset_url") or journey.get("login_url") or ""
            items.append((name, str(url), shot))
    screens = []
    for name, url, rel in items:
        src, problem = embed_png(snapshot_dir, rel)
        caption = _(STEP_NAMES[name]) if name in STEP_NAMES else name
        note = _("Screenshot too large to include.") if problem == "too_large" else ""
        if src or note:
            screens.append(Screen(caption, url, src, note))
    return screens


def _row_key(name: str) -> str:
    """The channel table's row for a channel word: its key, so aliases share one row."""
    found = chan.channel(name)
    return found.key if found else name


def _new_row(name: str, _: Any, url: str = "", depth: Any = None, text: str = "") -> ChannelRow:
    found = chan.channel(name)
    return ChannelRow(name, _(found.name) if found else name, url, depth, text)


def _norm_text(name: str, lang: str) -> str:
    found = chan.channel(name)
    if found is None or found.norm is None:
        return ""
    return found.norm.text_nl if lang == "nl" else found.norm.text_en


def _channel_rows(audit: Any, by_code: dict[str, Any], lang: str, _: Any) -> list[ChannelRow]:
    depths: dict[str, int | None] = {}
    for page in audit.snapshot.pages:
        for url in (page.url, page.final_url):
            if url:
                depths.setdefault(_norm_url(url), page.depth)

    hours_rows = [r for r in (by_code.get("GR104") or _Empty).data.get("hours") or [] if r]
    general = next((r for r in hours_rows if r.get("source") == "structured data"), None)
    general = general or (hours_rows[0] if hours_rows else None)
    promises = (by_code.get("GR108") or _Empty).data.get("promises") or []

    # One row per channel, keyed by the channel's key; a row keeps the word it was first named by.
    rows: dict[str, ChannelRow] = {}
    for item in (by_code.get("GR106") or _Empty).data.get("channels") or []:
        channel = str(item.get("channel", ""))
        rows.setdefault(
            _row_key(channel),
            _new_row(
                channel,
                _,
                str(item.get("url", "")),
                item.get("depth"),
                str(item.get("text", "")),
            ),
        )
    for promise in promises:
        channel = str(promise.get("channel", ""))
        key = _row_key(channel)
        if key not in rows:  # a promise for a channel the channel check did not list
            url = str(promise.get("url", ""))
            rows[key] = _new_row(channel, _, url, depths.get(_norm_url(url)))
        rows[key].promises.append(promise)
    for key, row in rows.items():
        if key in NO_HOURS:
            continue
        match = next(
            (r for r in hours_rows if _norm_url(str(r.get("url", ""))) == _norm_url(row.url)),
            None,
        )
        chosen = match or general
        if chosen and isinstance(chosen.get("hours"), dict):
            row.hours = format_hours(chosen["hours"], _)
            row.hours_general = match is None
    _add_measured(rows, by_code, _)
    for key, row in rows.items():
        row.norm = _norm_text(key, lang)
    order = sorted(rows.items(), key=lambda item: (CHANNEL_RANK.get(item[0], 50), item[0]))
    return [row for _key, row in order]


def _took(seconds: Any, _: Any) -> str:
    if seconds is None:
        return _("no reaction yet")
    seconds = float(seconds)
    if seconds < 120:
        return _("%(n)s s") % {"n": f"{seconds:.0f}"}
    if seconds < 2 * 3600:
        return _("%(n)s min") % {"n": f"{seconds / 60:.0f}"}
    if seconds < 2 * 86400:
        return _("%(n)s hours") % {"n": f"{seconds / 3600:.1f}"}
    return _("%(n)s days") % {"n": f"{seconds / 86400:.1f}"}


def _add_measured(rows: dict[str, ChannelRow], by_code: dict[str, Any], _: Any) -> None:
    """Measured times beside the promise and the norm (GR120, GR121, GR122)."""

    def row_for(channel: str) -> ChannelRow:
        key = _row_key(channel)
        if key not in rows:
            rows[key] = _new_row(channel, _)
        return rows[key]

    for code, channel in (("GR120", chan.EMAIL.key), ("GR121", chan.FORM.key)):
        for m in (by_code.get(code) or _Empty).data.get("measurements") or []:
            if m.get("kind") != "answer":
                continue
            row_for(channel).measured.append(
                (
                    _("answered after %(time)s") % {"time": _took(m.get("elapsed_seconds"), _)}
                    if m.get("elapsed_seconds") is not None
                    else _took(None, _),
                    str(m.get("verdict", "")),
                )
            )
    for item in (by_code.get("GR122") or _Empty).data.get("channels") or []:
        verdict = "fail" if item.get("failed") else "pending" if item.get("pending") else "pass"
        text = _("%(passed)s of %(count)s within the norm; slowest %(time)s") % {
            "passed": item.get("passed", 0),
            "count": item.get("measured", 0),
            "time": _took(item.get("slowest_seconds"), _),
        }
        row_for(str(item.get("channel", ""))).measured.append((text, verdict))


class _Empty:
    data: dict[str, Any] = {}


def _crawl_notes(audit: Any, _: Any) -> list[str]:
    snap = audit.snapshot
    settings = snap.settings or {}
    notes = []
    if getattr(snap, "stopped", "") == "time limit":
        notes.append(
            _("The crawl stopped at its time limit; this report covers the pages that were read.")
        )
    elif not snap.complete:
        notes.append(_("The crawl did not finish; this report covers the pages that were read."))
    if settings.get("respect_robots") is False:
        notes.append(_("robots.txt was ignored at the auditor's request."))
    max_pages = settings.get("max_pages")
    if isinstance(max_pages, int) and len(snap.pages) >= max_pages:
        notes.append(_("The page limit was reached: the site may have pages that were not read."))
    if settings.get("journeys") is False:
        notes.append(_("The scripted journeys (checkout, password reset) were skipped."))
    if settings.get("allow_cart"):
        notes.append(_("The checkout journey was allowed to add one product to a cart."))
    return notes


def _limits(settings: dict[str, Any], _: Any) -> list[tuple[str, str]]:
    labels = (
        ("max_pages", N_("Pages at most")),
        ("max_depth", N_("Clicks from the home page at most")),
        ("timeout", N_("Seconds per page")),
        ("max_time", N_("Seconds for the whole crawl")),
    )
    out = []
    for key, label in labels:
        value = settings.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            out.append((_(label), f"{value:g}"))
    if "respect_robots" in settings:
        out.append((_("robots.txt honoured"), _("yes") if settings["respect_robots"] else _("no")))
    return out


def _profile_title(name: str, lang: str) -> str:
    try:
        from goudenregels.profiles import PROFILES
    except ImportError:  # pragma: no cover - the built-in profiles always exist
        return name
    for profile in PROFILES:
        if profile.name == name:
            return profile.title_nl if lang == "nl" else profile.title_en
    return name


def _chart(scores: dict[int, int | None]) -> dict[str, Any]:
    """Geometry of the horizontal bar chart (an SVG viewBox of 720 wide)."""
    left, width, row = 250, 380, 38
    bars = []
    for i, rule in enumerate(RULE_TITLES):
        value = scores.get(rule)
        y = 30 + i * row
        bars.append(
            {
                "rule": rule,
                "score": value,
                "y": y,
                "mid": y + 12,
                "w": 0 if value is None else round(width * max(0, min(value, 100)) / 100, 1),
            }
        )
    ticks = [{"x": left + width * t / 100, "label": t} for t in (0, 25, 50, 75, 100)]
    return {
        "left": left,
        "width": width,
        "height": 30 + len(bars) * row + 4,
        "bars": bars,
        "ticks": ticks,
        "text_x": left + width + 12,
    }


def view(audit: Any, options: dict[str, Any]) -> dict[str, Any]:
    from goudenregels import __version__
    from goudenregels.i18n import translations

    lang = options.get("lang") or getattr(audit, "lang", "nl") or "nl"
    snapshot_dir = getattr(audit, "snapshot_dir", None) or options.get("snapshot_dir")
    _ = translations(lang).gettext
    snap = audit.snapshot
    findings = list(audit.findings)
    by_code = {f.code: f for f in findings}
    items = _finding_items(audit, findings, lang, snapshot_dir, _)
    by_finding = {id(item["f"]): item for item in items}
    pages = sorted(snap.pages, key=lambda p: (p.depth is None, p.depth or 0, p.address))
    counts = {s: sum(1 for f in findings if f.status == s) for s in STATUS_ORDER}
    return {
        "lang": lang,
        "site": snap.final_url or snap.start_url,
        "start_url": snap.start_url,
        "date": format_date(snap.finished_at or snap.started_at, _),
        "profile": _profile_title(audit.profile, lang),
        "profile_source": getattr(audit, "profile_source", ""),
        "overall": audit.scores.overall,
        "coverage": round(100 * (audit.scores.coverage or 0)),
        "counts": counts,
        "rules": _rule_sections(audit, items, lang),
        "chart": _chart(audit.scores.rules),
        "top": [by_finding[id(f)] for f in _top_improvements(findings)],
        "todo": [i for i in items if i["f"].status == REVIEW],
        "channels": _channel_rows(audit, by_code, lang, _),
        "channels_measured": "GR106" in by_code,
        "pages": pages,
        "read": [p for p in pages if not p.unread],
        "unread": [p for p in pages if p.unread],
        "notes": _crawl_notes(audit, _),
        "site_notes": list(snap.notes or []),
        "limits": _limits(snap.settings or {}, _),
        "skipped": len(snap.skipped or []),
        "version": __version__,
        "site_path": lambda url: site_path(url, snap.final_url or snap.start_url),
    }


def _finding_items(
    audit: Any, findings: list[Any], lang: str, snapshot_dir: Any, _: Any
) -> list[dict[str, Any]]:
    """Each finding with its check's texts in the report's language, evidence and screenshots."""
    checks = getattr(audit, "checks", {}) or {}

    def text(code: str, name: str) -> str:
        check = checks.get(code)
        return getattr(check, f"{name}_{'nl' if lang == 'nl' else 'en'}", "") if check else ""

    items = []
    for f in findings:
        items.append(
            {
                "f": f,
                "title": text(f.code, "title") or f.title,
                "why": text(f.code, "why"),
                "fix": text(f.code, "fix"),
                "norm": getattr(checks.get(f.code), "norm", "") or "",
                "evidence": f.evidence[:MAX_EVIDENCE],
                "more_evidence": max(0, len(f.evidence) - MAX_EVIDENCE),
                "screens": _screens(audit, f, snapshot_dir, _),
            }
        )
    return items


def _rule_sections(audit: Any, items: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """One section per rule: its findings, most urgent first, and the not-applicable apart."""
    rules = []
    for rule, titles in RULE_TITLES.items():
        mine = [item for item in items if item["f"].rule == rule]
        mine.sort(key=lambda i: STATUS_ORDER.get(i["f"].status, 9))
        counts = {s: sum(1 for i in mine if i["f"].status == s) for s in STATUS_ORDER}
        rules.append(
            {
                "rule": rule,
                "title": titles["nl" if lang == "nl" else "en"],
                "score": audit.scores.rules.get(rule),
                "shown": [i for i in mine if i["f"].status != NOT_APPLICABLE],
                "not_applicable": [i for i in mine if i["f"].status == NOT_APPLICABLE],
                "counts": counts,
            }
        )
    return rules


def environment(lang: str) -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    from goudenregels.i18n import translations

    env = Environment(
        loader=PackageLoader("goudenregels", "reports/templates"),
        autoescape=True,  # every template, every value: site data is never trusted
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_translations(translations(lang), newstyle=True)
    return env


def render(audit: Any, options: dict[str, Any]) -> str:
    context = view(audit, options)
    return environment(context["lang"]).get_template("report.html.j2").render(**context)


@hookimpl
def goudenregels_reporters():
    return [Reporter("html", "html", render, "the client report: one self-contained HTML page")]
