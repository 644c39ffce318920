"""The HTML reporter: one self-contained page, everything from the site autoescaped."""

from __future__ import annotations

from typing import Any

from goudenregels.hookspecs import hookimpl
from goudenregels.model import RULE_TITLES, Reporter


def render(audit: Any, options: dict[str, Any]) -> str:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("goudenregels", "reports/templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    template = env.get_template("report.html.j2")
    by_rule = {rule: [f for f in audit.findings if f.rule == rule] for rule in RULE_TITLES}
    return template.render(
        audit=audit,
        data=audit.to_dict(),
        rules=RULE_TITLES,
        by_rule=by_rule,
        lang=audit.lang,
    )


@hookimpl
def goudenregels_reporters():
    return [Reporter("html", "html", render, "a self-contained HTML page")]
