"""The sector report of a batch: read OUT/ (the ledger, each site's JSON report and overview
rows) into plain data and write OUT/benchmark.<ext> with every sector reporter.

Nothing here audits: ``goudenregels batch-report OUT`` rebuilds the same files from what is on
disk. The output depends only on that (its date is the last site's finishing time, not the
time of writing), so rebuilding an unchanged batch gives byte-identical files.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from goudenregels.batch import ledger as lg
from goudenregels.batch.jobs import OVERVIEWS_FILE
from goudenregels.errors import UsageError

REPORT_JSON, REPORT_HTML = "goudenregels.json", "goudenregels.html"
BENCHMARK_STEM = "benchmark"


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _label(record: dict[str, Any]) -> str:
    """How a site is named in the report: its name from the list, else its address."""
    if record.get("name"):
        return record["name"]
    return record["url"].split("://", 1)[-1].removeprefix("www.").rstrip("/")


def _site(out: Path, record: dict[str, Any]) -> dict[str, Any]:
    """One site's data: its ledger record and, when it was audited, its scores and statuses."""
    site = {k: v for k, v in record.items() if k not in ("warnings", "gates")}
    site.update(label=_label(record), rules=None, checks={}, overall=None, coverage=None)
    folder = out / record["slug"]
    report = _read_json(folder / REPORT_JSON) if record["state"] == lg.DONE else None
    if isinstance(report, dict):
        scores = report.get("scores", {})
        site["overall"] = scores.get("overall")
        site["coverage"] = scores.get("coverage")
        site["rules"] = {k: v.get("score") for k, v in scores.get("rules", {}).items()}
        site["checks"] = {f["code"]: f["status"] for f in report.get("findings", [])}
        site["titles"] = {
            f["code"]: {"title": f.get("title", ""), "rule": f.get("rule")}
            for f in report.get("findings", [])
        }
        site["profile_used"] = report.get("site", {}).get("profile", "")
        site["gates"] = record.get("gates", [])
    elif record["state"] == lg.DONE:
        site["state"] = lg.FAILED  # audited, but its report is gone: nothing to compare
        site["failure"], site["reason"] = "usage", f"{folder / REPORT_JSON} is missing"
    site["overviews"] = _read_json(folder / OVERVIEWS_FILE) or {}
    for name in (REPORT_HTML, REPORT_JSON):
        if (folder / name).is_file():
            site["href"] = f"{record['slug']}/{name}"
            break
    return site


def gather(out: Path) -> dict[str, Any]:
    """The batch in OUT as the sector reporters' plain data."""
    ledger = lg.Ledger.load(out)
    if ledger is None:
        raise UsageError(f"{out} holds no batch (no {lg.LEDGER}); run 'goudenregels batch' first")
    sites = [_site(out, record) for record in ledger.sites]
    finished = [s.get("finished", "") for s in ledger.sites if s["state"] in (lg.DONE, lg.FAILED)]
    return {
        "batch": ledger.batch,
        "created": ledger.created,
        "generated": max(finished, default=ledger.created),
        "options": ledger.options,
        "sites": sites,
    }


def check_titles(sector: dict[str, Any], plugins: Any, lang: str) -> dict[str, dict[str, Any]]:
    """Each check's title and rule in the report's language: as the audits wrote them when
    that is their language (so the report does not depend on the plugins loaded now), else
    from the checks installed, and the audits' own for a check no longer installed."""
    found: dict[str, dict[str, Any]] = {}
    for site in sector["sites"]:
        for code, info in (site.get("titles") or {}).items():
            found.setdefault(code, info)
    if lang != sector["options"].get("lang"):
        for c in plugins.checks():
            found[c.code] = {"title": c.title(lang), "rule": c.rule}
    return found


def write_benchmark(
    out: Path, plugins: Any, lang: str, compare: Path | None = None, warn: Any = None
) -> list[Path]:
    """Write OUT/benchmark.<ext> with each sector reporter; returns the files written."""
    from goudenregels.batch.ledger import write_atomically

    sector = gather(out)
    options = {
        "lang": lang,
        "checks": check_titles(sector, plugins, lang),
        "compare": gather(compare) if compare is not None else None,
    }
    written = []
    for name, reporter in plugins.sector_reporters().items():
        try:
            text = reporter.render(sector, options)
        except Exception as exc:  # a plugin's format must not lose the others
            if warn is not None:
                warn(f"sector format '{name}' failed: {type(exc).__name__}: {exc}")
            continue
        path = out / f"{BENCHMARK_STEM}.{reporter.extension}"
        write_atomically(path, text)
        written.append(path)
    return written
