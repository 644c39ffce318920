"""From findings to scores: per rule 0-100 over decided checks, overall, and coverage."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from goudenregels.model import DECIDED, NOT_APPLICABLE, PASS, RULE_TITLES, Finding, rule_title


@dataclass
class Scores:
    overall: int | None
    coverage: float
    rules: dict[int, int | None] = field(default_factory=dict)

    def to_dict(self, lang: str = "nl") -> dict[str, Any]:
        return {
            "overall": self.overall,
            "coverage": self.coverage,
            "rules": {
                str(rule): {"score": self.rules.get(rule), "title": rule_title(rule, lang)}
                for rule in RULE_TITLES
            },
        }


def score(findings: list[Finding]) -> Scores:
    """Weighted share of passed checks per rule; review, error and n/a do not count.

    A rule with no decided check has no score (None), and the overall score is the mean of the
    rules that have one, so an undecided rule neither helps nor hurts. Coverage is the share of
    applicable checks that were decided automatically.
    """
    rules: dict[int, int | None] = {}
    for rule in RULE_TITLES:
        decided = [f for f in findings if f.rule == rule and f.status in DECIDED]
        total = sum(f.weight for f in decided)
        if total > 0:
            passed = sum(f.weight for f in decided if f.status == PASS)
            rules[rule] = round(100 * passed / total)
        else:
            rules[rule] = None
    scored = [s for s in rules.values() if s is not None]
    overall = round(sum(scored) / len(scored)) if scored else None
    applicable = [f for f in findings if f.status != NOT_APPLICABLE]
    decided_count = sum(1 for f in applicable if f.status in DECIDED)
    coverage = round(decided_count / len(applicable), 3) if applicable else 0.0
    return Scores(overall=overall, coverage=coverage, rules=rules)
