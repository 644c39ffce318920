"""The check catalogue as Markdown (docs/checks.md), generated from the checks' own metadata."""

from __future__ import annotations

from goudenregels.model import RULE_TITLES, Check

HEADER = """# Check catalogue

Generated from the checks' metadata by `goudenregels checks --markdown > docs/checks.md`;
a test fails when this file is out of date. `goudenregels checks CODE` shows the same text.

Statuses: **pass**, **fail**, **review** (a person judges; the evidence is gathered),
**not applicable** (the check does not apply to this site or profile), **error** (the check
itself failed). The hundreds digit of a code is the rule.
"""


def render(checks: list[Check]) -> str:
    lines = [HEADER]
    for rule, titles in RULE_TITLES.items():
        members = [c for c in checks if c.rule == rule]
        if not members:
            continue
        lines.append(f"\n## Rule {rule}: {titles['nl']}\n\n*{titles['en']}*\n")
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
    return "\n".join(lines).rstrip() + "\n"
