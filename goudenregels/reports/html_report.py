"""The HTML reporter: the client report, one self-contained page that runs no script.

The report is laid out to be printed: a cover (score, coverage, the chart, what could not be
seen, the top improvements), then per rule the findings that need attention in full and the
rest in one compact table, then an appendix (method, pages read).

Everything taken from the site is untrusted: the templates autoescape every value (nothing from
the site is marked safe), a URL is shown as its path and is a link only when it is an http(s)
address (never ``javascript:`` or ``data:``), screenshots are embedded as ``data:`` URIs only
when they are real PNG files inside the snapshot directory, and the page carries a
Content-Security-Policy that forbids scripts and any outside resource.

Texts come from gettext catalogs (``goudenregels/locale``, see :mod:`goudenregels.i18n`) through
Jinja's i18n extension; check titles, explanations and fixes come from the checks in both
languages, finding messages are in the language the audit was scored in.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from goudenregels.hookspecs import hookimpl
from goudenregels.i18n import N_
from goudenregels.model import (
    DECIDED,
    ERROR,
    FAIL,
    NOT_APPLICABLE,
    PASS,
    REVIEW,
    RULE_TITLES,
    Reporter,
    Screenshots,
    Table,
    found_by_text,
    rule_title,
)
from goudenregels.reports.unseen import gaps

# A screenshot larger than this is left out: the report must stay a mailable file.
MAX_SCREENSHOT_BYTES = 600 * 1024
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
TOP_IMPROVEMENTS = 5
MAX_EVIDENCE = 6  # evidence items shown per finding; the JSON report has them all

# Order of findings inside a rule section: what needs action first.
STATUS_ORDER = {FAIL: 0, REVIEW: 1, ERROR: 2, PASS: 3, NOT_APPLICABLE: 4}

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


@dataclass
class Screen:
    caption: str
    url: str = ""
    src: str = ""  # a data: URI, or empty when the file is missing or too large
    note: str = ""


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
    """A URL as it is shown: its path on the audited site, host and path elsewhere.

    The full address stays available as the link target (:func:`link_target`), so a printed
    table needs no column wide enough for ``https://www.example.nl/...``.
    """
    try:
        parts, home = urlsplit(url), urlsplit(site)
    except ValueError:
        return url
    if not parts.netloc:
        return url
    query = f"?{parts.query}" if parts.query else ""
    if parts.netloc == home.netloc:
        return (parts.path or "/") + query
    return parts.netloc + (parts.path if parts.path not in ("", "/") else "") + query


def link_target(url: Any) -> str:
    """``url`` when it may be a link in the report (an http(s) address), else ""."""
    if not isinstance(url, str):
        return ""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    if parts.scheme.lower() in ("http", "https") and parts.netloc and url == url.strip():
        return url
    return ""


# -- the view model --------------------------------------------------------------------------


def _top_improvements(findings: list[Any]) -> list[Any]:
    """Failed findings by value: weight × (1 if failed), ties by rule and check order."""
    order = {id(f): i for i, f in enumerate(findings)}
    failed = [f for f in findings if f.status == FAIL]
    failed.sort(key=lambda f: (-(f.weight * 1), f.rule, order[id(f)]))
    return failed[:TOP_IMPROVEMENTS]


def _screens(finding: Any, snapshot_dir: Any, _: Any) -> list[Screen]:
    """The screenshots a finding's details show (a journey's steps), embedded when they can be."""
    if finding.status == NOT_APPLICABLE:
        return []
    screens = []
    for detail in finding.details:
        if not isinstance(detail, Screenshots):
            continue
        for shot in detail.items:
            src, problem = embed_png(snapshot_dir, shot.path)
            caption = _(shot.caption) if shot.caption else ""
            note = _("Screenshot too large to include.") if problem == "too_large" else ""
            if src or note:
                screens.append(Screen(caption, shot.url, src, note))
    return screens


def _overviews(audit: Any, lang: str) -> list[Table]:
    """The audit-wide tables the checks own (the channel overview), in the report's language."""
    out = []
    for overview in getattr(audit, "overviews", None) or []:
        table = overview.build(audit, lang)
        if isinstance(table, Table):
            out.append(table)
    return out


def _overview_screens(tables: list[Table], snapshot_dir: Any, _: Any) -> dict[str, list[Screen]]:
    """The screenshots each overview shows under its table, embedded when they can be."""
    out: dict[str, list[Screen]] = {}
    for table in tables:
        for shot in table.shots:
            src, problem = embed_png(snapshot_dir, shot.path)
            note = _("Screenshot too large to include.") if problem == "too_large" else ""
            if src or note:
                caption = _(shot.caption) if shot.caption else ""
                out.setdefault(table.key, []).append(Screen(caption, shot.url, src, note))
    return out


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
            return profile.title(lang)
    return name


# Score bands of the chart and the rule headings (as Lighthouse colours its gauges).
BANDS = ((90, "good", N_("good")), (50, "fair", N_("needs work")), (0, "poor", N_("poor")))


def band(score: int | None) -> str:
    """The band a score falls in: good, fair or poor; "none" for a rule that has no score."""
    if score is None:
        return "none"
    return next(name for floor, name, _label in BANDS if score >= floor)


def _legend(_: Any) -> list[dict[str, str]]:
    bounds = {"good": "90–100", "fair": "50–89", "poor": "0–49"}
    out = [{"band": name, "label": f"{_(label)} ({bounds[name]})"} for _f, name, label in BANDS]
    out.append({"band": "none", "label": _("not assessed")})
    return out


def rule_counts(findings: list[Any]) -> dict[int, dict[str, int]]:
    """Per rule: its decided checks (pass or fail) and its applicable checks (all but n/a)."""
    out = {}
    for rule in RULE_TITLES:
        mine = [f for f in findings if f.rule == rule and f.status != NOT_APPLICABLE]
        out[rule] = {"decided": sum(1 for f in mine if f.status in DECIDED), "total": len(mine)}
    return out


def _chart(scores: dict[int, int | None], counts: dict[int, dict[str, int]]) -> dict[str, Any]:
    """Geometry of the horizontal bar chart (an SVG viewBox of 720 wide)."""
    left, width, row = 200, 280, 34
    bars = []
    for i, rule in enumerate(RULE_TITLES):
        value = scores.get(rule)
        y = 26 + i * row
        bars.append(
            {
                "rule": rule,
                "score": value,
                "band": band(value),
                "y": y,
                "mid": y + 11,
                # A score of 0 keeps a sliver of its band's colour, so it reads as a bar.
                "w": 0
                if value is None
                else max(3, round(width * max(0, min(value, 100)) / 100, 1)),
                **counts.get(rule, {"decided": 0, "total": 0}),
            }
        )
    ticks = [{"x": left + width * t / 100, "label": t} for t in (0, 25, 50, 75, 100)]
    return {
        "left": left,
        "width": width,
        "height": 26 + len(bars) * row,
        "bars": bars,
        "ticks": ticks,
        "text_x": left + width + 10,
        "count_x": left + width + 52,
    }


def cell_lines(value: Any) -> list[Any]:
    """A table cell as its lines: one for a text or a Cell, several for a list."""
    if value is None or value == "":
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def view(audit: Any, options: dict[str, Any]) -> dict[str, Any]:
    """Everything the templates draw, in the report's language."""
    from goudenregels.i18n import translations

    lang = options.get("lang") or getattr(audit, "lang", "nl") or "nl"
    snapshot_dir = getattr(audit, "snapshot_dir", None) or options.get("snapshot_dir")
    _ = translations(lang).gettext
    snap = audit.snapshot
    findings = list(audit.findings)
    items = _finding_items(audit, findings, lang, snapshot_dir, _)
    by_finding = {id(item["f"]): item for item in items}
    pages = sorted(snap.pages, key=lambda p: (p.depth is None, p.depth or 0, p.address))
    counts = rule_counts(findings)
    site = snap.final_url or snap.start_url
    overviews = _overviews(audit, lang)
    return {
        **_cover(audit, snap, lang, _),
        "counts": {s: sum(1 for f in findings if f.status == s) for s in STATUS_ORDER},
        "rules": _rule_sections(audit, items, counts, lang),
        "chart": _chart(audit.scores.rules, counts),
        "legend_items": _legend(_),
        "top": [by_finding[id(f)] for f in _top_improvements(findings)],
        "todo": [i for i in items if i["f"].status == REVIEW],
        "unseen": gaps(audit, lang),
        "overviews": overviews,
        "overview_screens": _overview_screens(overviews, snapshot_dir, _),
        "pages": pages,
        "found_by": lambda page: found_by_text(page.found_by, _),
        "read": [p for p in pages if not p.unread],
        "unread": [p for p in pages if p.unread],
        "logged_in": [p for p in pages if p.account],
        "notes": _crawl_notes(audit, _),
        "site_notes": _site_notes(snap, _),
        "limits": _limits(snap.settings or {}, _),
        "skipped": len(snap.skipped or []),
        "cell_lines": cell_lines,
        "site_path": lambda url: site_path(url, site),
        "link_target": link_target,
        "band": band,
    }


def _cover(audit: Any, snap: Any, lang: str, _: Any) -> dict[str, Any]:
    """The audit's identity and headline figures."""
    from goudenregels import __version__

    return {
        "lang": lang,
        "site": snap.final_url or snap.start_url,
        "start_url": snap.start_url,
        "date": format_date(snap.finished_at or snap.started_at, _),
        "profile": _profile_title(audit.profile, lang),
        "profile_source": getattr(audit, "profile_source", ""),
        "overall": audit.scores.overall,
        "coverage": round(100 * (audit.scores.coverage or 0)),
        "version": __version__,
    }


def _finding_items(
    audit: Any, findings: list[Any], lang: str, snapshot_dir: Any, _: Any
) -> list[dict[str, Any]]:
    """Each finding with its check's texts in the report's language, evidence and screenshots."""
    checks = getattr(audit, "checks", {}) or {}

    def text(code: str, name: str) -> str:
        check = checks.get(code)
        return check.text(name, lang) if check else ""

    items = []
    for f in findings:
        item = {
            "f": f,
            "title": text(f.code, "title") or f.title,
            "why": text(f.code, "why"),
            "fix": text(f.code, "fix"),
            "norm": text(f.code, "norm"),
            "evidence": f.evidence[:MAX_EVIDENCE],
            "more_evidence": max(0, len(f.evidence) - MAX_EVIDENCE),
            "screens": _screens(f, snapshot_dir, _),
            "tables": [d for d in f.details if isinstance(d, Table)],
        }
        # A long card may break across pages in print (between its parts); a short one not.
        item["long"] = len(item["evidence"]) > 3 or bool(item["tables"] or item["screens"])
        items.append(item)
    return items


# Statuses drawn in full in a rule's section (they need the reader's attention); the others
# share one compact table.
ATTENTION = (FAIL, REVIEW, ERROR)


def _rule_sections(
    audit: Any, items: list[dict[str, Any]], counts: dict[int, dict[str, int]], lang: str
) -> list[dict[str, Any]]:
    """One section per rule: what needs attention in full, the rest in a compact table."""
    rules = []
    for rule in RULE_TITLES:
        mine = [item for item in items if item["f"].rule == rule]
        mine.sort(key=lambda i: STATUS_ORDER.get(i["f"].status, 9))
        score = audit.scores.rules.get(rule)
        rules.append(
            {
                "rule": rule,
                "title": rule_title(rule, lang),
                "score": score,
                "band": band(score),
                "attention": [i for i in mine if i["f"].status in ATTENTION],
                # Checks that need the auditor's test account, without one: named in one line.
                "quiet": [
                    i
                    for i in mine
                    if i["f"].status not in ATTENTION and not i["f"].data.get("not_looked_at")
                ],
                "unlooked": [i["f"].code for i in mine if i["f"].data.get("not_looked_at")],
                "any": bool(mine),
                **counts[rule],
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


def _site_notes(snap: Any, _: Any) -> list[str]:
    """The crawl's own notes in the report's language (plain text from old snapshots as it is)."""
    translated = getattr(snap, "translated_notes", None)
    return translated(_) if translated else list(getattr(snap, "notes", None) or [])
