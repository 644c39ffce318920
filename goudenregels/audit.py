"""Running checks over a snapshot into an Audit: findings, scores and the public JSON form."""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from goudenregels import __version__
from goudenregels.errors import UsageError
from goudenregels.i18n import _, ngettext
from goudenregels.model import (
    ERROR,
    FAIL,
    NOT_APPLICABLE,
    REVIEW,
    Check,
    Evidence,
    Finding,
    Result,
)
from goudenregels.scoring import Scores, score
from goudenregels.snapshot import Snapshot

SCHEMA_VERSION = 1


@dataclass
class Audit:
    snapshot: Snapshot
    profile: str
    profile_source: str  # "detected", "default" or "given"
    findings: list[Finding]
    scores: Scores
    lang: str = "nl"
    checks: dict[str, Check] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)
    # Where the snapshot lives (screenshots are beside it), when it was read from disk.
    snapshot_dir: Path | None = None
    unmatched_verdicts: list[dict[str, Any]] = field(default_factory=list)
    # The audit-wide tables the checks own (goudenregels_overviews), drawn by the HTML report.
    overviews: list[Any] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        snap = self.snapshot
        return {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": "goudenregels", "version": __version__},
            "site": {
                "url": snap.start_url,
                "final_url": snap.final_url or snap.start_url,
                "profile": self.profile,
                "profile_source": self.profile_source,
            },
            "started_at": snap.started_at,
            "finished_at": snap.finished_at,
            "scores": self.scores.to_dict(self.lang),
            "findings": [f.to_dict() for f in self.findings],
            "pages": [
                {
                    "url": p.address,
                    "status": p.status,
                    "depth": p.depth,
                    "title": p.title,
                    **({"error": p.error} if p.error else {}),
                    **({"account": True} if p.account else {}),
                    **({"found_by": p.found_by} if p.found_by else {}),
                }
                for p in sorted(snap.pages, key=lambda p: (p.depth is None, p.depth or 0, p.url))
            ],
            "crawl": {
                "complete": snap.complete,
                "settings": snap.settings,
                "notes": snap.notes,
                "skipped": len(snap.skipped),
                # Only with a test account's session (audit --session): what it read and blocked.
                **({"session": snap.session} if getattr(snap, "session", None) else {}),
            },
            "stats": self.stats,
        }


def matching_checks(checks: list[Check], pattern: str) -> list[Check]:
    """The checks a code, a code prefix (GR1, GR10, gr3) or a slug names, in code order."""
    wanted = pattern.strip()
    return [c for c in checks if c.code.upper().startswith(wanted.upper()) or c.slug == wanted]


def select_checks(
    checks: list[Check], select: tuple[str, ...] = (), ignore: tuple[str, ...] = ()
) -> list[Check]:
    """Keep checks matching --select (code or prefix, e.g. GR1) minus --ignore, as ruff does."""
    for pattern in (*select, *ignore):
        if not pattern.strip() or not matching_checks(checks, pattern):
            raise UsageError(f"no check matches '{pattern}' (see 'goudenregels checks')")
    chosen = {c.code for p in select for c in matching_checks(checks, p)}
    dropped = {c.code for p in ignore for c in matching_checks(checks, p)}
    return [c for c in checks if (not select or c.code in chosen) and c.code not in dropped]


def run_check(check: Check, site: Any, lang: str) -> Finding:
    """Run one check; an exception inside it becomes an ``error`` finding, never a crash."""
    title = check.title(lang)
    if not check.applies_to(site.profile):
        return Finding(
            check.code,
            check.slug,
            check.rule,
            NOT_APPLICABLE,
            title,
            _("Does not apply to the profile ‘{profile}’.").format(profile=site.profile),
            check.weight,
        )
    try:
        result = check(site)
        if not isinstance(result, Result):
            raise TypeError(f"returned {type(result).__name__}, not a Result")
    except Exception as exc:
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return Finding(
            check.code,
            check.slug,
            check.rule,
            ERROR,
            title,
            _("The check failed: {error}").format(error=f"{type(exc).__name__}: {exc}"),
            check.weight,
            data={"exception": type(exc).__name__, "where": f"{where.filename}:{where.lineno}"},
        )
    if result.status == FAIL and check.absence and getattr(site, "unseen", None):
        result = _not_decided(result, site.unseen)
    return Finding(
        check.code,
        check.slug,
        check.rule,
        result.status,
        title,
        result.message,
        check.weight,
        _distinct(result.evidence),
        result.data,
        details=list(result.details),
    )


def _distinct(evidence: list[Evidence]) -> list[Evidence]:
    """Each piece of evidence once: a number shown as text and as a link is one place."""
    seen: set[tuple[str, str, str, str, str]] = set()
    out = []
    for ev in evidence:
        key = (ev.url, ev.kind, ev.label, ev.text, ev.note)
        if key not in seen:
            seen.add(key)
            out.append(ev)
    return out


def _not_decided(result: Result, unread: list[Any]) -> Result:
    """A fail for something not found, while some pages could not be read, is not decided."""
    count = len(unread)
    note = ngettext(
        "Not decided: {count} page could not be read and may hold what is missing ({pages}).",
        "Not decided: {count} pages could not be read and may hold what is missing ({pages}).",
        count,
    ).format(count=count, pages=", ".join(p.url for p in unread[:3]))
    # The reason itself (English, technical) stays in the data; the reader gets a sentence.
    why = _("This page could not be read; it may hold what is missing.")
    evidence = [*result.evidence, *(Evidence(url=p.address, text=why) for p in unread[:5])]
    data = {
        **result.data,
        "status_if_all_read": FAIL,
        "unread_pages": [{"url": p.url, "error": p.error} for p in unread[:20]],
    }
    return Result(REVIEW, f"{result.message} {note}", evidence, data, result.details)


def detect_profile(snapshot: Snapshot, profiles: dict[str, Any]) -> str:
    best, best_score = "algemeen", 0.5
    for name, profile in profiles.items():
        try:
            confidence = float(profile.detect(snapshot))
        except Exception:
            continue
        if confidence > best_score:
            best, best_score = name, confidence
    return best


def apply_verdicts(findings: list[Finding], verdicts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Let an auditor's verdicts decide findings; return the verdicts that matched nothing.

    A verdict names a code and, optionally, text that must occur in the finding's message or
    evidence, so it still applies to the next audit of the same site.
    """
    unmatched = []
    for verdict in verdicts:
        matched = False
        for finding in findings:
            if finding.code != verdict["code"]:
                continue
            needle = verdict.get("evidence", "").lower()
            haystack = " ".join([finding.message, *(f"{e.url} {e.text}" for e in finding.evidence)])
            if needle and needle not in haystack.lower():
                continue
            original = (finding.verdict or {}).get("original_status", finding.status)
            finding.verdict = {
                "auditor": verdict["auditor"],
                "note": verdict.get("note", ""),
                "original_status": original,
                **({"date": verdict["date"]} if verdict.get("date") else {}),
            }
            finding.status = verdict["status"]
            matched = True
        if not matched:
            unmatched.append(verdict)
    return unmatched


def build_audit(
    snapshot: Snapshot,
    checks: list[Check],
    profiles: dict[str, Any],
    profile: str | None = None,
    lang: str = "nl",
    verdicts: list[dict[str, Any]] | None = None,
    measurements: list[dict[str, Any]] | None = None,
    working_hours: Any = None,
    facts: Any = None,
) -> Audit:
    from goudenregels.checks.site import Site

    if profile and profile not in profiles:
        raise UsageError(f"unknown profile '{profile}'; choose from {', '.join(sorted(profiles))}")
    started = time.perf_counter()
    if profile:
        chosen, source = profile, "given"
    else:
        chosen = detect_profile(snapshot, profiles)
        source = "detected" if chosen != "algemeen" else "default"
    site = Site(snapshot, chosen, measurements, working_hours, facts=facts)
    from goudenregels import workers
    from goudenregels.i18n import language

    # The built-in checks may run in a second process; a plugin's run here, where its own state
    # lives.
    ours = [c.func.__module__.startswith("goudenregels.") for c in checks]
    with language(lang):  # checks write their messages in the audit's language
        findings = workers.run_all(checks, lambda c: run_check(c, site, lang), ours)
    unmatched = apply_verdicts(findings, verdicts or [])
    audit = Audit(
        snapshot, chosen, source, findings, score(findings), lang, {c.code: c for c in checks}
    )
    audit.stats["checks_seconds"] = round(time.perf_counter() - started, 3)
    audit.unmatched_verdicts = unmatched
    audit.stats["pages"] = len(snapshot.pages)
    return audit
