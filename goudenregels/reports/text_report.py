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


def renderables(audit: Any, verbose: bool = False, width: int = 110) -> list[Any]:
    """The summary as rich renderables: heading, rules table, findings table, crawl notes; the
    tables fit ``width`` (they wrap, and leave out what cannot fit)."""
    from rich.text import Text

    from goudenregels.i18n import translations
    from goudenregels.terminal import rich_table

    _ = translations(audit.lang).gettext
    out: list[Any] = [
        _heading(audit, _),
        rich_table(*_rules_rows(audit, _), width),
        rich_table(*_findings_rows(audit, _, verbose, marks=True), width),
    ]
    notes = _notes(audit, _)
    if notes:
        out.append(Text("\n".join(notes), style="yellow"))
    return out


def print_summary(audit: Any, out: Any) -> None:
    """The terminal summary on the console ``out``: drawn tables on a terminal; elsewhere the
    heading and notes as '# ' lines and the two tables as tab-separated lines."""
    if out.is_terminal:
        for item in renderables(audit, width=out.width):
            out.print(item)
        return
    from goudenregels.i18n import translations
    from goudenregels.terminal import tsv_lines

    _ = translations(audit.lang).gettext
    lines = [f"# {line}" for line in _heading(audit, _).plain.splitlines()]
    lines += tsv_lines(*_rules_rows(audit, _))
    lines += [""] + tsv_lines(*_findings_rows(audit, _, False, marks=False))
    lines += [f"# {note}" for note in _notes(audit, _)]
    out.file.write("".join(f"{line}\n" for line in lines))
    out.file.flush()


def _notes(audit: Any, _: Any) -> list[str]:
    return [_("note: %(note)s") % {"note": n} for n in _site_notes(audit.snapshot, _)]


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


def _rules_rows(audit: Any, _: Any) -> tuple[list[Any], list[list[Any]]]:
    """Each rule's score and its findings counted by status, then the overall score."""
    from rich.text import Text

    from goudenregels.terminal import Column

    columns = [
        Column(_("Rule"), "right"),
        Column(_("Title")),
        Column(_("Score"), "right"),
        Column(_("Checks")),
    ]
    rows: list[list[Any]] = []
    order = ("fail", "review", "error", "pass", "not_applicable")  # what needs action first
    for rule in RULE_TITLES:
        value = audit.scores.rules.get(rule)
        counts: dict[str, int] = {}
        for f in audit.findings:
            if f.rule == rule:
                counts[f.status] = counts.get(f.status, 0) + 1
        summary = " · ".join(f"{counts[s]} {_(STATUS_STYLE[s][2])}" for s in order if counts.get(s))
        rows.append([str(rule), rule_title(rule, audit.lang), _score(value), summary or None])
    overall = audit.scores.overall
    rows.append(
        ["", Text(_("Overall"), style="bold"), Text(_score(overall) or "–", style="bold"), ""]
    )
    return columns, rows


def _score(value: Any) -> str | None:
    return None if value is None else str(value)


def _findings_rows(
    audit: Any, _: Any, verbose: bool, marks: bool
) -> tuple[list[Any], list[list[Any]]]:
    """Every finding; the evidence only for those that need action, unless verbose. With marks,
    the status has its symbol (✔ ✘ ?) for the eye; without, it is the bare word."""
    from rich.text import Text

    from goudenregels.terminal import Column

    columns = [Column(_("Code")), Column(_("Status"), wrap=False), Column(_("Finding"), fold=30)]
    rows: list[list[Any]] = []
    for f in audit.findings:
        style, mark, name = STATUS_STYLE.get(f.status, ("", "", f.status))
        label = f"{mark} {_(name)}" if marks else _(name)
        body = Text(f"{f.title}: ", style="bold")
        body.append(f.message)  # plain Text: markup in site content is never interpreted
        if verbose or f.status in ("fail", "review", "error"):
            _append_evidence(body, f.evidence[:2], _)
        rows.append([f.code, Text(label, style=style), body])
    return columns, rows


def _append_evidence(body: Any, evidence: Any, _: Any) -> None:
    """Where each piece of evidence was found, and what was found there: the site's words in
    quotation marks, the tool's own as they are."""
    for ev in evidence:
        depth = _("(depth %(depth)s)") % {"depth": ev.depth} if ev.depth is not None else ""
        where = f"{ev.url} {depth}".strip()
        body.append(f"\n  {where}", style="dim")
        if ev.text or ev.label:
            body.append(f"\n  {ev.plain(160)}", style="dim")


def render(audit: Any, options: dict[str, Any]) -> str:
    from rich.console import Console

    buf = io.StringIO()
    console = Console(
        file=buf, width=110, no_color=True, color_system=None, emoji=False, highlight=False
    )
    for item in renderables(audit, verbose=True, width=110):
        console.print(item)
    return buf.getvalue()


@hookimpl
def goudenregels_reporters():
    return [Reporter("text", "txt", render, "plain-text summary, as shown in the terminal")]


def _site_notes(snap: Any, _: Any) -> list[str]:
    """The crawl's own notes in the report's language (plain text from old snapshots as it is)."""
    translated = getattr(snap, "translated_notes", None)
    return translated(_) if translated else list(getattr(snap, "notes", None) or [])
