"""The markdown reporter: a short GitHub-flavoured Markdown summary for a pull-request comment.

Layout: a heading with the site, overall score and coverage; a table of the six rules; the
failures (heaviest checks first), the crashed checks if any, and the reviews folded in a
``<details>`` block; a footer with the tool version. Long lists end in "… and N more" so a
typical audit stays under about 60 lines; the JSON or HTML report has the rest.

Everything the site supplied (messages quote it, evidence URLs come from it) is neutralised
before it is written: whitespace is collapsed so it cannot end a table row or start a block,
``< > &`` become entities so no HTML gets through, Markdown punctuation is backslash-escaped so
no link, image or emphasis forms, and bare URLs, ``@mentions`` and ``#123`` references are
broken up so GitHub does not turn them into links or notify anyone.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from goudenregels import __version__
from goudenregels.hookspecs import hookimpl
from goudenregels.i18n import LANGS, N_, translate_all
from goudenregels.model import ERROR, FAIL, PASS, REVIEW, RULE_TITLES, Reporter, rule_title

MAX_FAILURES = 10
MAX_REVIEWS = 12
MAX_ERRORS = 5
MAX_MESSAGE = 240  # characters of a finding's message; a PR comment is a summary

# Labels of the summary: English msgids, translated into the report's language.
_LABELS = {
    "rule": N_("Rule"),
    "total": N_("Overall"),
    "coverage": N_("coverage"),
    "profile": N_("profile"),
    "pages": N_("pages"),
    "failures": N_("Failures"),
    "errors": N_("Checks that crashed"),
    "review": N_("Needs review"),
    "none": N_("No check failed."),
    "more": N_("… and %(count)s more"),
}


# Control characters and bidirectional overrides: the first could end a line or a table row,
# the second can make text read differently from what it says.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# ASCII punctuation that Markdown (and GitHub's extensions: tables, strikethrough, math) gives a
# meaning; CommonMark lets any ASCII punctuation be backslash-escaped.
_MARKDOWN = re.compile(r"([\\`*_\[\]|~!$])")
# A zero-width space after "@" or "#" is what keeps GitHub from linking a mention or an issue;
# inserted as the character, since an "&#8203;" entity would itself hold a "#" and a digit.
_ZWSP = "\u200b"
# What GitHub links even without Markdown syntax: bare URLs, www. names, @users, #issues.
_SCHEME = re.compile(r":(?=//)")
_WWW = re.compile(r"(?i)\b(www)\.")
_MENTION = re.compile(r"@(?=\w)")
_ISSUE = re.compile(r"#(?=\d)")
_SAFE_URL = re.compile(r"https?://[^\s<>`|\\\x00-\x1f\x7f]+", re.IGNORECASE)


def escape(text: Any, limit: int | None = None) -> str:
    """Site text as inert Markdown: one line, no HTML, no links, no formatting."""
    plain = " ".join(_INVISIBLE.sub(" ", str(text)).split())
    if limit is not None and len(plain) > limit:
        # Cut before escaping, so an escape sequence is never cut in half.
        plain = plain[: limit - 1].rstrip() + "…"
    plain = _ISSUE.sub("#" + _ZWSP, _MENTION.sub("@" + _ZWSP, plain))
    out = plain.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    out = _MARKDOWN.sub(r"\\\1", out)
    out = _SCHEME.sub(r"\\:", out)
    return _WWW.sub(r"\1\\.", out)


def link(url: str) -> str:
    """A page URL as an autolink when it is a plain http(s) URL, else as inert text."""
    if _SAFE_URL.fullmatch(url):
        return f"<{url}>"
    return escape(url)


def _score(value: int | None) -> str:
    return "—" if value is None else str(value)


def _line(finding: Any) -> str:
    message = escape(finding.message, MAX_MESSAGE)
    line = f"- **{finding.code}** {escape(finding.title)} — {message}"
    urls = [ev.url for ev in finding.evidence if ev.url]
    if urls:
        line += f" · {link(urls[0])}"
    return line


def _listing(findings: list[Any], limit: int, labels: dict[str, str]) -> list[str]:
    lines = [_line(f) for f in findings[:limit]]
    if len(findings) > limit:
        lines.append(f"- {labels['more'] % {'count': len(findings) - limit}}")
    return lines


def render(audit: Any, options: dict[str, Any]) -> str:
    lang = audit.lang if audit.lang in LANGS else "en"
    labels = translate_all(_LABELS, lang)
    snap = audit.snapshot
    site = snap.final_url or snap.start_url
    host = urlsplit(site).hostname or site
    scores = audit.scores
    overall = "—" if scores.overall is None else f"{scores.overall}/100"

    out = [
        f"## Gouden Regels: {escape(host)} — {overall} · {labels['coverage']} "
        f"{scores.coverage:.0%}",
        "",
        f"{link(site)} · {labels['profile']} {escape(audit.profile)} · "
        f"{len(snap.pages)} {labels['pages']}",
        "",
        f"| {labels['rule']} | Score | ✔ | ✘ | ? |",
        "|---|---:|---:|---:|---:|",
    ]
    for rule in RULE_TITLES:
        members = [f for f in audit.findings if f.rule == rule]
        counts = [sum(f.status == s for f in members) for s in (PASS, FAIL, REVIEW)]
        out.append(
            f"| {rule}. {escape(rule_title(rule, lang))} | {_score(scores.rules.get(rule))} | "
            + " | ".join(str(n) for n in counts)
            + " |"
        )
    out.append(f"| **{labels['total']}** | **{_score(scores.overall)}** | | | |")

    # Heaviest failures first: they cost the most score and are what a reviewer should see.
    failures = sorted(
        (f for f in audit.findings if f.status == FAIL), key=lambda f: (-f.weight, f.code)
    )
    errors = sorted((f for f in audit.findings if f.status == ERROR), key=lambda f: f.code)
    reviews = sorted((f for f in audit.findings if f.status == REVIEW), key=lambda f: f.code)

    out += ["", f"### {labels['failures']} ({len(failures)})", ""]
    out += _listing(failures, MAX_FAILURES, labels) if failures else [labels["none"]]
    if errors:
        out += ["", f"### {labels['errors']} ({len(errors)})", ""]
        out += _listing(errors, MAX_ERRORS, labels)
    if reviews:
        # Folded: reviews are for the auditor, not a reason to block the pull request.
        out += ["", "<details>", f"<summary>{labels['review']} ({len(reviews)})</summary>", ""]
        out += _listing(reviews, MAX_REVIEWS, labels)
        out += ["", "</details>"]
    out += ["", "---", f"<sub>goudenregels {__version__}</sub>"]
    return "\n".join(out) + "\n"


@hookimpl
def goudenregels_reporters():
    return [
        Reporter("markdown", "md", render, "a short Markdown summary for a pull-request comment")
    ]
