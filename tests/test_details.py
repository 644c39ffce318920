"""Typed finding details: a check's Table reaches every reporter without the reporter knowing it."""

from __future__ import annotations

import re
from pathlib import Path

from goudenregels.hookspecs import hookimpl
from goudenregels.i18n import N_
from goudenregels.model import PASS, REVIEW, Cell, Heading, Result, Table, check
from tests.helpers import snapshot_from_pages

REPORTS = Path(__file__).resolve().parent.parent / "goudenregels" / "reports"
CHECK_CODE = re.compile(r"GR[1-6][0-9][0-9]")


@check(code="GR977", slug="plugin-table", rule=2, title_en="A plugin's table", title_nl="Tabel")
def plugin_table(site):
    """Returns a table of its own, with a cell the site wrote."""
    table = Table(
        [Heading("name", N_("Page")), Heading("where", N_("Where"), "url")],
        [{"name": Cell("<b>Kassa</b>", "noot"), "where": "https://x.example/k?a=<i>"}],
        title=N_("Channel"),
    )
    # A finding that needs review is drawn in full, tables and all (a pass is one table row).
    return Result(REVIEW, "measured", data={"private": 1}, details=[table])


@hookimpl
def goudenregels_checks():
    return [plugin_table]


def test_a_plugin_checks_table_is_drawn_by_the_html_report() -> None:
    import sys

    from goudenregels.audit import build_audit
    from goudenregels.plugins import Plugins
    from goudenregels.reports import html_report

    plugins = Plugins(load=[__name__], entry_points=False)
    assert __name__ in sys.modules
    checks = [c for c in plugins.checks() if c.code == "GR977"]
    snap = snapshot_from_pages({"/": "<p>Hallo</p>"})
    audit = build_audit(snap, checks, plugins.profiles(), profile="algemeen", lang="nl")
    audit.overviews = plugins.overviews()
    html = html_report.render(audit, {})
    card = html.split('id="GR977"', 1)[1].split("</article>", 1)[0]
    table = card.split('<table class="details', 1)[1].split("</table>", 1)[0]
    assert "<caption>Kanaal</caption>" in table  # the label is translated
    assert '<th scope="col">Pagina</th>' in table and "Vindplaats" in table
    assert "&lt;b&gt;Kassa&lt;/b&gt;" in table and "<b>" not in table  # site text escaped
    assert '<span class="small">noot</span>' in table
    # An address is shown by host and path and links to itself, escaped.
    assert '<a class="url" href="https://x.example/k?a=&lt;i&gt;">x.example/k?a=&lt;i&gt;</a>' in (
        table
    )
    # The JSON finding carries the same table as data a consumer can read.
    finding = next(f for f in audit.to_dict()["findings"] if f["code"] == "GR977")
    assert finding["data"] == {"private": 1}
    assert finding["details"][0]["type"] == "table"
    assert finding["details"][0]["rows"][0]["name"] == {"text": "<b>Kassa</b>", "note": "noot"}


def test_findings_without_details_keep_their_json_shape() -> None:
    from goudenregels.model import Finding

    assert "details" not in Finding("GR977", "s", 2, PASS, "t", "m").to_dict()


def test_no_reporter_names_a_check_code() -> None:
    offenders = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted(REPORTS.rglob("*"))
        if path.is_file() and path.suffix in (".py", ".j2", ".css")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if CHECK_CODE.search(line)
    ]
    assert not offenders, "a reporter reads a check's private data: " + "; ".join(offenders)


def test_the_channel_overview_comes_from_the_checks() -> None:
    from goudenregels.plugins import Plugins

    overviews = Plugins(entry_points=False).overviews()
    assert [(o.name, o.plugin) for o in overviews] == [("channels", "overview"), ("phone", "phone")]
