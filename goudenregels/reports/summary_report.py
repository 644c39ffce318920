"""The summary reporter (``--format summary-html``): the client report's cover on one A4 page.

For a manager: the score and coverage, the chart, what the audit could not see, the five
improvements worth most and the channel table; the evidence stays in the full report. It is
built from the same view as the HTML report and has the same safety rules (no script, no
outside resource, every site value escaped).
"""

from __future__ import annotations

from typing import Any

from goudenregels.hookspecs import hookimpl
from goudenregels.model import Reporter
from goudenregels.reports.html_report import environment, view

# Beyond these the page is laid out denser (chart and gaps side by side, a smaller table), so a
# large site's summary still fits one A4 page.
DENSE_ROWS = 6
DENSE_GAPS = 2


def render(audit: Any, options: dict[str, Any]) -> str:
    context = view(audit, options)
    context["overviews"] = [table for table in context["overviews"] if table.summary]
    rows = sum(len(table.rows) for table in context["overviews"])
    context["dense"] = rows > DENSE_ROWS or len(context["unseen"]) > DENSE_GAPS
    return environment(context["lang"]).get_template("summary.html.j2").render(**context)


@hookimpl
def goudenregels_reporters():
    return [
        Reporter(
            "summary-html",
            "html",
            render,
            "a one-page HTML summary for a manager: score, chart, improvements, channels",
        )
    ]
