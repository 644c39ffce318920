"""Quality gates for CI: overall and per-rule minimum scores, and failing on fail/review items."""

from __future__ import annotations

from typing import Any

from goudenregels.errors import UsageError
from goudenregels.model import FAIL, REVIEW


def parse_rule_minimums(values: list[str] | tuple[str, ...]) -> dict[int, int]:
    """'1=80' → {1: 80}; one line of error for anything else."""
    out: dict[int, int] = {}
    for value in values:
        for item in filter(None, (v.strip() for v in str(value).split(","))):
            rule, _, score = item.partition("=")
            try:
                rule_no, minimum = int(rule), int(score)
            except ValueError:
                raise UsageError(f"--fail-under-rule '{item}': use RULE=SCORE, e.g. 1=80") from None
            if not 1 <= rule_no <= 6 or not 0 <= minimum <= 100:
                raise UsageError(f"--fail-under-rule '{item}': rule 1-6, score 0-100")
            out[rule_no] = minimum
    return out


def failures(
    audit: Any, fail_under: int | None, rule_minimums: dict[int, int], fail_on: str | None
) -> list[str]:
    """Why the audit does not pass its gates; empty when it does."""
    out = []
    overall = audit.scores.overall
    if fail_under is not None and (overall is None or overall < fail_under):
        shown = "no score" if overall is None else str(overall)
        out.append(f"overall score {shown} is below {fail_under}")
    for rule, minimum in sorted(rule_minimums.items()):
        score = audit.scores.rules.get(rule)
        if score is None or score < minimum:
            shown = "no score" if score is None else str(score)
            out.append(f"rule {rule} score {shown} is below {minimum}")
    if fail_on:
        statuses = {FAIL} if fail_on == "fail" else {FAIL, REVIEW}
        hits = [f.code for f in audit.findings if f.status in statuses]
        if hits:
            out.append(
                f"{len(hits)} finding(s) with status {' or '.join(sorted(statuses))}: "
                f"{', '.join(hits[:10])}{' …' if len(hits) > 10 else ''}"
            )
    return out
