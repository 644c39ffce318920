"""The sarif reporter: SARIF 2.1.0 for code-scanning dashboards, one result per finding to act on.

One run; ``tool.driver.rules`` holds one reporting descriptor per check of the audit (``id`` the
code, ``name`` the slug in PascalCase, help text from the check's why/fix/norm), and results
point at them by ``ruleId`` and ``ruleIndex``. The artifacts are web pages, so a location's
``artifactLocation.uri`` is the absolute URL of the page the evidence came from.

Which findings become results:

- ``fail``: ``kind`` "fail", ``level`` "error" for a check of weight 2 or more, else "warning";
- ``review``: ``kind`` "review" with ``level`` "none": SARIF 2.1.0 (§3.27.10) requires level
  "none" for any kind other than "fail", so the human-review state is carried by the kind;
- ``error`` (the check crashed): ``level`` "warning" with ``properties.checkError`` true, and a
  tool execution notification on the invocation;
- ``pass`` and ``not_applicable`` are left out, unless the option ``sarif_all`` is set; then they
  are results of kind "pass" and "notApplicable" (level "none").

Each result carries ``partialFingerprints["goudenregels/v1"]``, a hash of the check code, the
page URL and the normalised evidence text, so a dashboard recognises the same finding in the
next run even when its message wording or the page's click depth changes.

Evidence text goes into the location's ``message``, not a ``region.snippet``: a SARIF region must
have a start (line or offset), and a crawl knows the page but not where in its source the text is.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from goudenregels import __version__
from goudenregels.hookspecs import hookimpl
from goudenregels.i18n import LANGS, N_, translate_all
from goudenregels.model import ERROR, FAIL, NOT_APPLICABLE, PASS, REVIEW, Reporter

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/goudenregels/"
FINGERPRINT_KEY = "goudenregels/v1"

# Headings of a rule's help text: English msgids, translated into the report's language.
_LABELS = {"why": N_("Why"), "fix": N_("Fix"), "norm": N_("Norm")}


def _level_for_weight(weight: float) -> str:
    # Weight 2 and 3 are the checks the score leans on most; weight 1 ones are refinements.
    return "error" if weight >= 2 else "warning"


def _pascal(slug: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^0-9A-Za-z]+", slug))


def _text(check: Any, field: str, lang: str) -> str:
    # Plugin checks often document only English; fall back rather than show nothing.
    return (getattr(check, f"{field}_{lang}", "") or getattr(check, f"{field}_en", "")).strip()


def _descriptor(check: Any, lang: str) -> dict[str, Any]:
    labels = translate_all(_LABELS, lang)
    title = check.title(lang)
    what, why, fix = (_text(check, name, lang) for name in ("what", "why", "fix"))
    parts = [(labels["why"], why), (labels["fix"], fix)]
    if check.norm:
        parts.append((labels["norm"], check.norm))
    parts = [(label, body) for label, body in parts if body]
    tags = [f"rule-{check.rule}", *(check.profiles or ())]
    level = _level_for_weight(check.weight)
    out: dict[str, Any] = {
        "id": check.code,
        "name": _pascal(check.slug),
        "shortDescription": {"text": title},
        "fullDescription": {"text": what or title},
        "defaultConfiguration": {"level": level},
        "properties": {
            "tags": tags,
            # Checks answer "review" when unsure, so a "fail" is seldom wrong (see README).
            "precision": "high",
            "problem.severity": level,
            "weight": check.weight,
        },
    }
    if parts:
        out["help"] = {
            "text": "\n\n".join(f"{label}: {body}" for label, body in parts),
            "markdown": "\n\n".join(f"**{label}**: {body}" for label, body in parts),
        }
    return out


def _bare_descriptor(finding: Any) -> dict[str, Any]:
    """A descriptor from the finding alone, for a finding whose check the audit does not list."""
    level = _level_for_weight(finding.weight)
    return {
        "id": finding.code,
        "name": _pascal(finding.slug),
        "shortDescription": {"text": finding.title},
        "fullDescription": {"text": finding.title},
        "defaultConfiguration": {"level": level},
        "properties": {"tags": [f"rule-{finding.rule}"], "problem.severity": level},
    }


def _normalise_url(url: str) -> str:
    # The fragment and letter case of scheme and host do not make it another page.
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # evidence from a site may hold an address that does not parse
        return url.strip()
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, parts.query, ""))


def _normalise_text(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def fingerprint(code: str, url: str, text: str) -> str:
    """Stable across runs: the same check, page and evidence text give the same value."""
    key = "\x1f".join((code, _normalise_url(url), _normalise_text(text)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _location(ev: Any, fallback_url: str) -> dict[str, Any]:
    loc: dict[str, Any] = {
        "physicalLocation": {"artifactLocation": {"uri": ev.url or fallback_url}},
    }
    if ev.text or ev.label:
        loc["message"] = {"text": ev.plain()}
    props: dict[str, Any] = {}
    if ev.depth is not None:
        props["depth"] = ev.depth
    if ev.click_path:
        props["clickPath"] = list(ev.click_path)
    if ev.found_by:
        props["foundBy"] = ev.found_by
    if props:
        loc["properties"] = props
    return loc


def _result(finding: Any, index: int, site_url: str) -> dict[str, Any]:
    status = finding.status
    result: dict[str, Any] = {"ruleId": finding.code, "ruleIndex": index}
    props: dict[str, Any] = {"status": status, "rule": finding.rule}
    if status == FAIL:
        result["kind"] = "fail"
        result["level"] = _level_for_weight(finding.weight)
    elif status == ERROR:
        result["kind"] = "fail"
        result["level"] = "warning"
        props["checkError"] = True
    else:
        result["kind"] = {REVIEW: "review", PASS: "pass", NOT_APPLICABLE: "notApplicable"}[status]
        result["level"] = "none"
    result["message"] = {"text": finding.message or finding.title}

    with_url = [ev for ev in finding.evidence if ev.url]
    if with_url:
        primary = with_url[0]
        fp_url, fp_text = primary.url, primary.text
        result["locations"] = [_location(primary, site_url)]
        related = [ev for ev in finding.evidence if ev is not primary]
        if related:
            result["relatedLocations"] = [
                {"id": i, **_location(ev, site_url)} for i, ev in enumerate(related, 1)
            ]
    else:
        # A site-wide finding (no page evidence) is about the site as a whole: point at its
        # home page, since dashboards drop results without a location.
        fp_url = site_url
        fp_text = finding.evidence[0].text if finding.evidence else ""
        location: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": site_url}}}
        if fp_text:
            location["message"] = {"text": fp_text}
        result["locations"] = [location]
    result["partialFingerprints"] = {FINGERPRINT_KEY: fingerprint(finding.code, fp_url, fp_text)}
    if finding.verdict:
        props["verdict"] = finding.verdict
    result["properties"] = props
    return result


def render(audit: Any, options: dict[str, Any]) -> str:
    lang = audit.lang if audit.lang in LANGS else "en"
    snap = audit.snapshot
    site_url = snap.final_url or snap.start_url
    include_all = bool(options.get("sarif_all"))

    rules = [_descriptor(audit.checks[code], lang) for code in sorted(audit.checks)]
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    # Sorted so two renders of one audit are byte-identical, whatever order plugins ran in.
    findings = sorted(audit.findings, key=lambda f: f.code)
    for f in findings:
        if f.code not in index:
            index[f.code] = len(rules)
            rules.append(_bare_descriptor(f))

    wanted = {FAIL, REVIEW, ERROR} | ({PASS, NOT_APPLICABLE} if include_all else set())
    results = [_result(f, index[f.code], site_url) for f in findings if f.status in wanted]
    notifications = [
        {
            "level": "error",
            "message": {"text": f.message},
            "associatedRule": {"id": f.code, "index": index[f.code]},
        }
        for f in findings
        if f.status == ERROR
    ]
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications

    run = {
        "tool": {
            "driver": {
                "name": "goudenregels",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }
        },
        "language": lang,
        "invocations": [invocation],
        "results": results,
        "properties": {
            "site": {"url": snap.start_url, "finalUrl": site_url},
            "profile": audit.profile,
            "scores": audit.scores.to_dict(lang),
        },
    }
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


@hookimpl
def goudenregels_reporters():
    return [Reporter("sarif", "sarif", render, "SARIF 2.1.0 for code-scanning dashboards")]
