"""The sector reporters: one batch's sites side by side (benchmark.html, .csv and .json).

A sector reporter's ``render(sector, options)`` gets the batch as plain data (what
``goudenregels.batch.sector.gather`` reads from OUT/: each site's record, scores, check statuses
and overview rows) and returns a file's text. Like the audit reporters they never name a check
code: checks are counted by status, overviews by the labels of their rows. They register
through the ``goudenregels_sector_reporters`` hook, as a plugin's would.

The HTML page is self-contained (no script, no outside resource, every value escaped), in Dutch
or English, printable; it reuses the client report's styles and macros.
"""

from __future__ import annotations

import csv
import io
import json
import statistics
from typing import Any

from goudenregels.hookspecs import hookimpl
from goudenregels.model import RULE_TITLES, SectorReporter, rule_title

RULES = tuple(RULE_TITLES)
STATUSES = ("fail", "review", "pass", "error", "not_applicable")
STRIP = {"left": 210, "width": 440, "row": 34, "top": 26}


# -- the view: what every format shows ---------------------------------------------------------


def audited(sector: dict[str, Any]) -> list[dict[str, Any]]:
    """The sites with a score, in list order."""
    return [s for s in sector["sites"] if s.get("state") == "done" and s.get("rules") is not None]


def ranks(sites: list[dict[str, Any]], score: Any) -> dict[str, int]:
    """Each site's rank by score(site), best first; equal scores share a rank (1, 2, 2, 4) and
    a site without that score has none."""
    scored = sorted((s for s in sites if score(s) is not None), key=lambda s: -score(s))
    out, rank, last = {}, 0, None
    for position, site in enumerate(scored, start=1):
        if score(site) != last:
            rank, last = position, score(site)
        out[site["slug"]] = rank
    return out


def ranking(sites: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The audited sites best first (overall), each with its rank overall and per rule."""
    overall = ranks(sites, lambda s: s["overall"])
    per_rule = {
        str(rule): ranks(sites, lambda s, key=str(rule): s["rules"].get(key)) for rule in RULES
    }
    order = sorted(
        sites, key=lambda s: (overall.get(s["slug"], len(sites) + 1), s["label"].lower())
    )
    return [
        {
            **site,
            "rank": overall.get(site["slug"]),
            "rule_ranks": {
                rule: by[site["slug"]] for rule, by in per_rule.items() if site["slug"] in by
            },
        }
        for site in order
    ]


def rule_stats(sites: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """Per rule: the scores across the sector, their count, lowest, median, mean and highest."""
    out = {}
    for rule in RULES:
        scores = [s["rules"].get(str(rule)) for s in sites]
        scores = sorted(v for v in scores if v is not None)
        out[rule] = {
            "scores": scores,
            "n": len(scores),
            "min": scores[0] if scores else None,
            "median": _tidy(statistics.median(scores)) if scores else None,
            "mean": _tidy(statistics.fmean(scores)) if scores else None,
            "max": scores[-1] if scores else None,
        }
    return out


def _tidy(value: float) -> float | int:
    """One decimal, and a whole number without it (100, not 100.0)."""
    value = round(value, 1)
    return int(value) if value == int(value) else value


def check_shares(sites: list[dict[str, Any]], titles: dict[str, Any]) -> list[dict[str, Any]]:
    """Per check: how many sites pass, fail, need review; the most common failure first."""
    codes = sorted({code for s in sites for code in s["checks"]})
    out = []
    for code in codes:
        counts = {status: 0 for status in STATUSES}
        for site in sites:
            status = site["checks"].get(code)
            if status in counts:
                counts[status] += 1
        applied = sum(counts.values()) - counts["not_applicable"]
        info = titles.get(code, {})
        out.append(
            {
                "code": code,
                "title": info.get("title") or code,
                "rule": info.get("rule"),
                "counts": counts,
                "applied": applied,
                "fail_share": round(100 * counts["fail"] / applied) if applied else 0,
            }
        )
    out.sort(key=lambda c: (-c["counts"]["fail"], -c["counts"]["review"], c["code"]))
    return out


def overview_mix(sites: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """Per overview (the channels): how many sites have each row, most common first."""
    names = sorted({name for s in sites for name in (s.get("overviews") or {})})
    out = []
    for name in names:
        counts: dict[str, int] = {}
        title = short = name
        for site in sites:
            entry = (site.get("overviews") or {}).get(name, {}).get(lang)
            if not entry:
                continue
            title = entry.get("title") or title
            short = entry.get("short") or title
            for label in dict.fromkeys(entry.get("rows", [])):
                counts[label] = counts.get(label, 0) + 1
        rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        out.append({"name": name, "title": title, "short": short, "rows": rows, "of": len(sites)})
    return out


def changes(sites: list[dict[str, Any]], before: dict[str, Any] | None) -> dict[str, Any]:
    """Per site (by URL), the change of the overall and rule scores since the earlier batch."""
    if not before:
        return {}
    old = {s["url"]: s for s in audited(before)}
    out = {}
    for site in sites:
        prior = old.get(site["url"])
        if prior is None:
            continue
        delta = {"overall": _delta(site["overall"], prior["overall"])}
        for rule in RULES:
            key = str(rule)
            delta[key] = _delta(site["rules"].get(key), prior["rules"].get(key))
        out[site["url"]] = delta
    return out


def _delta(now: int | None, before: int | None) -> int | None:
    return None if now is None or before is None else now - before


def strip_chart(stats: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """Geometry of the strip chart: a dot per site per rule, equal scores stacked apart."""
    left, width, row, top = STRIP["left"], STRIP["width"], STRIP["row"], STRIP["top"]
    rows = []
    for i, rule in enumerate(RULES):
        mid = top + i * row + row / 2
        seen: dict[int, int] = {}
        dots = []
        for score in stats[rule]["scores"]:
            n = seen.get(score, 0)
            seen[score] = n + 1
            offset = ((n + 1) // 2) * 4 * (1 if n % 2 else -1)  # 0, +4, -4, +8, -8 ...
            dots.append(
                {"x": round(left + width * score / 100, 1), "y": mid + max(-14, min(14, offset))}
            )
        median = stats[rule]["median"]
        rows.append(
            {
                "rule": rule,
                "mid": mid,
                "dots": dots,
                "median_x": None if median is None else round(left + width * median / 100, 1),
                "stats": stats[rule],
            }
        )
    ticks = [{"x": left + width * t / 100, "label": t} for t in (0, 25, 50, 75, 100)]
    height = top + len(RULES) * row + 6
    return {"left": left, "width": width, "height": height, "rows": rows, "ticks": ticks}


def view(sector: dict[str, Any], options: dict[str, Any]) -> dict[str, Any]:
    """Everything the formats show, in the language asked for."""
    lang = options.get("lang") or "nl"
    sites = audited(sector)
    stats = rule_stats(sites)
    delta = changes(sites, options.get("compare"))
    failed = [s for s in sector["sites"] if s.get("state") == "failed"]
    waiting = [s for s in sector["sites"] if s.get("state") in ("pending", "running")]
    return {
        "lang": lang,
        "batch": sector["batch"],
        "generated": sector.get("generated", ""),
        "total": len(sector["sites"]),
        "sites": sites,
        "ranking": ranking(sites),
        "stats": stats,
        "chart": strip_chart(stats),
        "checks": check_shares(sites, options.get("checks") or {}),
        "mix": overview_mix(sites, lang),
        "failed": failed,
        "waiting": waiting,
        "delta": delta,
        "compared": bool(options.get("compare")),
        "compare_batch": (options.get("compare") or {}).get("batch", ""),
        "rule_titles": {rule: rule_title(rule, lang) for rule in RULES},
        "sectors": sector_means(sites),
    }


def sector_means(sites: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The mean overall score per sector named in the list (only when it names several)."""
    groups: dict[str, list[int]] = {}
    for site in sites:
        if site.get("sector") and site["overall"] is not None:
            groups.setdefault(site["sector"], []).append(site["overall"])
    if len(groups) < 2:
        return []
    return [
        {"sector": name, "n": len(scores), "mean": round(statistics.fmean(scores), 1)}
        for name, scores in sorted(groups.items())
    ]


# -- the formats -------------------------------------------------------------------------------


def render_html(sector: dict[str, Any], options: dict[str, Any]) -> str:
    from goudenregels import __version__
    from goudenregels.i18n import translations
    from goudenregels.reports.html_report import environment, format_date

    context = view(sector, options)
    context["version"] = __version__
    context["generated"] = format_date(context["generated"], translations(context["lang"]).gettext)
    return environment(context["lang"]).get_template("benchmark.html.j2").render(**context)


def csv_header(sector: dict[str, Any], compared: bool) -> tuple[list[str], list[str]]:
    """(columns, check codes): the site, its state, scores, a column per check, the reason."""
    codes = sorted({code for s in audited(sector) for code in s["checks"]})
    columns = ["slug", "name", "url", "sector", "profile", "state", "overall", "coverage"]
    columns += [f"rule_{rule}" for rule in RULES]
    if compared:
        columns += ["overall_change"]
    return columns + codes + ["failure", "reason"], codes


def render_csv(sector: dict[str, Any], options: dict[str, Any]) -> str:
    """One row per site in list order; a column per check status and per rule score."""
    delta = changes(audited(sector), options.get("compare"))
    columns, codes = csv_header(sector, bool(options.get("compare")))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for site in sector["sites"]:
        rules = site.get("rules") or {}
        checks = site.get("checks") or {}
        row = [site["slug"], site.get("name", ""), site["url"], site.get("sector", "")]
        row += [site.get("profile_used") or site.get("profile", ""), site.get("state", "")]
        row += [_cell(site.get("overall")), _cell(site.get("coverage"))]
        row += [_cell(rules.get(str(rule))) for rule in RULES]
        if options.get("compare"):
            row.append(_cell(delta.get(site["url"], {}).get("overall")))
        row += [checks.get(code, "") for code in codes]
        row += [site.get("failure", ""), site.get("reason", "")]
        writer.writerow(row)
    return buffer.getvalue()


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def render_json(sector: dict[str, Any], options: dict[str, Any]) -> str:
    """The summary: counts, per-rule statistics, per-check shares, the overview mix, the sites."""
    context = view(sector, options)
    keep = ("slug", "name", "url", "sector", "state", "overall", "coverage", "rules", "checks")
    ranked = {site["slug"]: site for site in context["ranking"]}
    sites = []
    for site in sector["sites"]:
        item = {key: site.get(key) for key in keep}
        place = ranked.get(site["slug"], {})
        item.update(rank=place.get("rank"), rule_ranks=place.get("rule_ranks"))
        item.update(profile=site.get("profile_used") or site.get("profile", ""))
        item.update(failure=site.get("failure", ""), reason=site.get("reason", ""))
        item.update(report=site.get("href", ""), change=context["delta"].get(site["url"]))
        sites.append(item)
    data = {
        "batch": context["batch"],
        "generated": context["generated"],
        "counts": {
            "sites": context["total"],
            "audited": len(context["sites"]),
            "failed": len(context["failed"]),
            "waiting": len(context["waiting"]),
        },
        "rules": {
            str(rule): {k: v for k, v in s.items() if k != "scores"}
            for rule, s in context["stats"].items()
        },
        "checks": [
            {k: c[k] for k in ("code", "rule", "counts", "applied")} for c in context["checks"]
        ],
        "overviews": {m["name"]: dict(m["rows"]) for m in context["mix"]},
        "compared_with": context["compare_batch"] or None,
        "sites": sites,
    }
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


@hookimpl
def goudenregels_sector_reporters() -> list[SectorReporter]:
    return [
        SectorReporter("html", "html", render_html, "the sector report: ranking, spread, shares"),
        SectorReporter("csv", "csv", render_csv, "one row per site: state, scores, checks"),
        SectorReporter("json", "json", render_json, "the sector summary as data"),
    ]
