"""The text reporter: the terminal summary (rich), also written as plain text with -f text."""

from __future__ import annotations

import io
from typing import Any

from goudenregels.hookspecs import hookimpl
from goudenregels.model import RULE_TITLES, Reporter

STATUS_STYLE = {
    "pass": ("green", "✔ pass"),
    "fail": ("red", "✘ fail"),
    "review": ("yellow", "? review"),
    "not_applicable": ("dim", "– n.v.t."),
    "error": ("magenta", "! error"),
}


def renderables(audit: Any, verbose: bool = False) -> list[Any]:
    from rich.table import Table
    from rich.text import Text

    snap = audit.snapshot
    lang = audit.lang
    out: list[Any] = []
    head = Text()
    head.append(f"goudenregels audit of {snap.final_url or snap.start_url}\n", style="bold")
    head.append(
        f"profile {audit.profile} ({audit.profile_source}) · {len(snap.pages)} pages · "
        f"coverage {audit.scores.coverage:.0%}"
    )
    out.append(head)
    rules = Table(title=None, show_header=True, header_style="bold", expand=False)
    rules.add_column("Rule", justify="right")
    rules.add_column("Title")
    rules.add_column("Score", justify="right")
    rules.add_column("Checks")
    for rule, titles in RULE_TITLES.items():
        value = audit.scores.rules.get(rule)
        counts: dict[str, int] = {}
        for f in audit.findings:
            if f.rule == rule:
                counts[f.status] = counts.get(f.status, 0) + 1
        summary = " ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "–"
        rules.add_row(str(rule), titles[lang], "–" if value is None else str(value), summary)
    overall = audit.scores.overall
    rules.add_row(
        "",
        Text("Overall", style="bold"),
        Text("–" if overall is None else str(overall), style="bold"),
        "",
    )
    out.append(rules)
    findings = Table(show_header=True, header_style="bold", expand=False)
    findings.add_column("Code")
    findings.add_column("Status")
    findings.add_column("Finding", overflow="fold")
    for f in audit.findings:
        style, label = STATUS_STYLE.get(f.status, ("", f.status))
        body = Text(f"{f.title}: ", style="bold")
        body.append(f.message)  # plain Text: markup in site content is never interpreted
        if verbose or f.status in ("fail", "review", "error"):
            for ev in f.evidence[:2]:
                where = ev.url + (f" (depth {ev.depth})" if ev.depth is not None else "")
                body.append(f"\n  {where}", style="dim")
                if ev.text:
                    body.append(f"\n  “{ev.text[:160]}”", style="dim")
        findings.add_row(f.code, Text(label, style=style), body)
    out.append(findings)
    if snap.notes:
        out.append(Text("\n".join(f"note: {n}" for n in snap.notes), style="yellow"))
    return out


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
