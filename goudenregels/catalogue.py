"""The check catalogue as Markdown (docs/checks.md), generated from the checks' own metadata."""

from __future__ import annotations

from goudenregels.model import RULE_TITLES, Check, rule_title

HEADER = """# Check catalogue

Generated from the checks' metadata by `goudenregels checks --markdown > docs/checks.md`;
a test fails when this file is out of date. `goudenregels checks CODE` shows the same text.

Statuses: **pass**, **fail**, **review** (a person judges; the evidence is gathered),
**not applicable** (the check does not apply to this site or profile), **error** (the check
itself failed). The hundreds digit of a code is the rule.
"""


def render(checks: list[Check]) -> str:
    lines = [HEADER]
    for rule in RULE_TITLES:
        members = [c for c in checks if c.rule == rule]
        if not members:
            continue
        lines.append(f"\n## Rule {rule}: {rule_title(rule, 'nl')}\n\n*{rule_title(rule, 'en')}*\n")
        lines.append("| code | slug | title | profiles | weight |")
        lines.append("|---|---|---|---|---|")
        for c in members:
            profiles = ", ".join(c.profiles) if c.profiles else "all"
            lines.append(
                f"| [{c.code}](#{c.code.lower()}) | {c.slug} | {c.title_en} | "
                f"{profiles} | {c.weight:g} |"
            )
        for c in members:
            lines.append(f"\n### {c.code}\n\n**{c.slug}**: {c.title_en} · *{c.title_nl}*\n")
            for label, body in (
                ("What it checks", c.what_en),
                ("Why it matters", c.why_en),
                ("How to fix", c.fix_en),
            ):
                if body:
                    lines.append(f"- **{label}.** {body}")
            if c.norm:
                lines.append(f"- **Norm.** {c.norm}")
            if c.what_nl or c.why_nl or c.fix_nl:
                lines.append("")
                for label, body in (
                    ("Wat", c.what_nl),
                    ("Waarom", c.why_nl),
                    ("Oplossing", c.fix_nl),
                ):
                    if body:
                        lines.append(f"- *{label}.* {body}")
                if c.norm:
                    lines.append(f"- *Norm.* {c.text('norm', 'nl')}")
    return "\n".join(lines).rstrip() + "\n"


PLUGIN_MARKERS = ("<!-- generated: goudenregels plugins --markdown -->", "<!-- end generated -->")


def render_plugins(info: dict[str, object]) -> str:
    """The hook reference and the built-in plugins, for docs/plugins.md.

    Signatures and first doc lines come from ``goudenregels/hookspecs.py`` itself, the plugin
    list from the plugin manager, so neither can drift from the code.
    """
    import inspect

    from goudenregels import hookspecs

    lines = [PLUGIN_MARKERS[0], "", "| hook | what it is for |", "|---|---|"]
    for name, func in inspect.getmembers(hookspecs, inspect.isfunction):
        if not name.startswith("goudenregels_"):
            continue
        signature = str(inspect.signature(func)).replace("'", "")
        summary = (inspect.getdoc(func) or "").split("\n\n")[0].replace("\n", " ")
        lines.append(f"| `{name}{signature}` | {summary} |")
    lines += ["", "| built-in plugin | module | hooks |", "|---|---|---|"]
    for plugin in info.values():
        if getattr(plugin, "origin", "") != "builtin":
            continue
        hooks = ", ".join(f"`{h}`" for h in getattr(plugin, "hooks", []))
        lines.append(f"| `{plugin.name}` | `{plugin.module}` | {hooks} |")  # type: ignore[attr-defined]
    lines += ["", PLUGIN_MARKERS[1]]
    return "\n".join(lines) + "\n"
