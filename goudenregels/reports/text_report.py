"""The text reporter: the terminal summary (rich), also written as plain text with -f text."""

from __future__ import annotations

import io
from typing import Any

from goudenregels.hookspecs import hookimpl
from goudenregels.i18n import N_
from goudenregels.model import RULE_TITLES, Reporter, rule_title

# How the profile was chosen (Audit.profile_source), shown in the summary's first lines.
PROFILE_SOURCES = (N_("detected"), N_("default"), N_("given"))
STATUS_STYLE = {
    "pass": ("green", "✔", N_("pass")),
    "fail": ("red", "✘", N_("fail")),
    "review": ("yellow", "?", N_("review")),
    "not_applicable": ("dim", "–", N_("n/a")),
    "error": ("magenta", "!", N_("error")),
}


def renderables(audit: Any, verbose: bool = False) -> list[Any]:
    from rich.text import Text

    from goudenregels.i18n import translations

    snap = audit.snapshot
    _ = translations(audit.lang).gettext
    out: list[Any] = [
        _heading(audit, _),
        _rules_table(audit, _),
        _findings_table(audit, _, verbose),
    ]
    if snap.notes:
        out.append(
            Text(
                "\n".join(_("note: %(note)s") % {"note": n} for n in _site_notes(snap, _)),
                style="yellow",
            )
        )
    return out


def _heading(audit: Any, _: Any) -> Any:
    """The site, profile and coverage, and a warning when pages are missing from the report."""
    from rich.text import Text

    from goudenregels.i18n import translations

    snap = audit.snapshot
    head = Text()
    head.append(
        _("goudenregels audit of %(url)s") % {"url": snap.final_url or snap.start_url}, style="bold"
    )
    head.append("\n")
    head.append(
        _("profile %(profile)s (%(source)s) · %(pages)s pages · coverage %(coverage)s")
        % {
            "profile": audit.profile,
            "source": _(audit.profile_source) if audit.profile_source else "",
            "pages": len(snap.pages),
            "coverage": f"{audit.scores.coverage:.0%}",
        }
    )
    unread = sum(1 for p in snap.pages if p.unread)
    if unread:
        ngettext = translations(audit.lang).ngettext
        head.append("\n")
        head.append(
            ngettext(
                "%(count)s page could not be read",
                "%(count)s pages could not be read",
                unread,
            )
            % {"count": unread},
            style="yellow",
        )
    if getattr(snap, "stopped", "") == "time limit":
        head.append("\n")
        head.append(
            _("The crawl stopped at its time limit; this report covers the pages that were read."),
            style="yellow",
        )
    return head


def _rules_table(audit: Any, _: Any) -> Any:
    """Each rule's score and its findings counted by status, then the overall score."""
    from rich.table import Table
    from rich.text import Text

    rules = Table(title=None, show_header=True, header_style="bold", expand=False)
    rules.add_column(_("Rule"), justify="right")
    rules.add_column(_("Title"))
    rules.add_column(_("Score"), justify="right")
    rules.add_column(_("Checks"))
    for rule in RULE_TITLES:
        value = audit.scores.rules.get(rule)
        counts: dict[str, int] = {}
        for f in audit.findings:
            if f.rule == rule:
                counts[f.status] = counts.get(f.status, 0) + 1
        order = ("fail", "review", "error", "pass", "not_applicable")  # what needs action first
        summary = (
            " · ".join(f"{counts[s]} {_(STATUS_STYLE[s][2])}" for s in order if counts.get(s))
            or "–"
        )
        rules.add_row(
            str(rule), rule_title(rule, audit.lang), "–" if value is None else str(value), summary
        )
    overall = audit.scores.overall
    rules.add_row(
        "",
        Text(_("Overall"), style="bold"),
        Text("–" if overall is None else str(overall), style="bold"),
        "",
    )
    return rules


def _findings_table(audit: Any, _: Any, verbose: bool) -> Any:
    """Every finding; the evidence only for those that need action, unless verbose."""
    from rich.table import Table
    from rich.text import Text

    findings = Table(show_header=True, header_style="bold", expand=False)
    findings.add_column(_("Code"))
    findings.add_column(_("Status"))
    findings.add_column(_("Finding"), overflow="fold")
    for f in audit.findings:
        style, mark, name = STATUS_STYLE.get(f.status, ("", "", f.status))
        label = f"{mark} {_(name)}"
        body = Text(f"{f.title}: ", style="bold")
        body.append(f.message)  # plain Text: markup in site content is never interpreted
        if verbose or f.status in ("fail", "review", "error"):
            for ev in f.evidence[:2]:
                depth = _("(depth %(depth)s)") % {"depth": ev.depth} if ev.depth is not None else ""
                where = f"{ev.url} {depth}".strip()
                body.append(f"\n  {where}", style="dim")
                if ev.text or ev.label:
                    body.append(f"\n  {ev.plain(160)}", style="dim")
        findings.add_row(f.code, Text(label, style=style), body)
    return findings


def render(audit: Any, options: dict[str, Any]) -> str:
    from rich.console import Console

    buf = io.StringIO()
    console = Console(
        file=buf, width=110, no_color=True, color_system=None, emoji=False, highlight=False
    )
    for item in renderables(audit, verbose=True):
        console.print(item)
    return buf.getvalue()


@hookimpl
def goudenregels_reporters():
    return [Reporter("text", "txt", render, "plain-text summary, as shown in the terminal")]


def _site_notes(snap: Any, _: Any) -> list[str]:
    """The crawl's own notes in the report's language (plain text from old snapshots as it is)."""
    translated = getattr(snap, "translated_notes", None)
    return translated(_) if translated else list(getattr(snap, "notes", None) or [])
