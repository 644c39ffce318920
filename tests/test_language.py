"""Every sentence in one language and one voice: the demo report rendered in Dutch and in
English holds no words of the other language outside what it quotes from the site, the Dutch
addresses the reader as "u" (docs/style.md), and every message has a real Dutch translation."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from goudenregels.audit import run_check
from goudenregels.checks.site import Site
from goudenregels.i18n import extract_messages, language, parse_po, po_path
from goudenregels.model import RULE_TITLES, rule_title
from goudenregels.plugins import Plugins
from goudenregels.worktime import parse_moment
from tests.helpers import BASE, run_cli, snapshot_from_pages

# Words that belong to one language only (function words, the tool's recurring nouns, day names):
# one of them in the tool's own text of the other language's report is an untranslated message.
DUTCH_ONLY = {
    "de",
    "het",
    "een",
    "en",
    "van",
    "niet",
    "geen",
    "wordt",
    "zijn",
    "op",
    "bij",
    "naar",
    "voor",
    "zonder",
    "gevonden",
    "pagina",
    "pagina's",
    "paginas",
    "voldoet",
    "beoordelen",
    "klantenservice",
    "telefoon",
    "bezoek",
    "formulier",
    "werkdag",
    "werkdagen",
    "dezelfde",
    "volgende",
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
    "gesloten",
    "uur",
    "klikdiepte",
    "winkelwagen",
    "geopend",
    "geklikt",
    "knop",
    "levertijd",
    "klacht",
    "bevindingen",
    "artikel",
    "artikelen",
    "juni",
    "gangbare",
    "praktijk",
}
ENGLISH_ONLY = {
    "the",
    "and",
    "not",
    "with",
    "without",
    "found",
    "page",
    "pages",
    "shown",
    "which",
    "were",
    "was",
    "are",
    "has",
    "have",
    "could",
    "should",
    "this",
    "that",
    "these",
    "rule",
    "review",
    "pass",
    "fail",
    "opened",
    "clicked",
    "button",
    "cart",
    "checkout",
    "stopped",
    "limit",
    "read",
    "while",
    "more",
    "than",
    "every",
    "each",
    "within",
    "after",
    "before",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "closed",
    "hours",
    "depth",
    "phone",
    "number",
    "form",
    "forms",
    "field",
    "fields",
}
# "je", "jij", "jouw", "jullie": the Dutch report addresses the reader as "u" (docs/style.md).
INFORMAL = {"je", "jij", "jou", "jouw", "jullie", "jezelf"}

# Names, not sentences: the six rules' official Dutch names (one says "je") and "Gouden Regels".
NAMES = re.compile(
    "|".join(re.escape(rule_title(rule, "nl")) for rule in RULE_TITLES) + r"|Gouden Regels?(?: \d)?"
)
# Quoted words are the site's (or a button's label): “…”, ‘…’, '…' and "…".
QUOTED = re.compile(r"“[^”]*”|‘[^’]*’|(?<!\w)'[^'\n]{1,200}'(?!\w)|\"[^\"\n]{1,200}\"")
WORD = re.compile(r"[^\W\d_]+(?:'s)?", re.UNICODE)


@pytest.fixture(scope="module")
def reports(audited, tmp_path_factory) -> dict[str, dict]:
    """The demo site's audit rendered again from its snapshot in each language."""
    _result, out = audited("demo")
    found = {}
    for lang in ("nl", "en"):
        target = tmp_path_factory.mktemp(f"lang-{lang}")
        proc = run_cli(
            "check", str(out / "snapshot"), "-f", "json,html", "-o", str(target), "-q",
            "--lang", lang,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        found[lang] = {
            "json": json.loads((target / "goudenregels.json").read_text(encoding="utf-8")),
            "html": (target / "goudenregels.html").read_text(encoding="utf-8"),
        }
    return found


def _tool_text_of_html(html: str, site: str) -> str:
    """The report's own words: without quotes from the site, addresses, page titles, code."""
    soup = BeautifulSoup(html, "html.parser")
    for node in soup.select(
        "style, script, q.site-quote, .url, code, .code, h1, table:not(.details) td:last-child, "
        "figure img, .colophon, .crumbs"
    ):
        node.decompose()
    text = soup.get_text("\n").replace(site, " ")
    return QUOTED.sub(" ", NAMES.sub(" ", text))


def _tool_text_of_json(audit: dict) -> str:
    """The human text of the findings: titles, messages, screenshot captions, the tool's notes
    and labels of evidence (a quote's text is the site's)."""
    parts = []
    for f in audit["findings"]:
        parts += [f["title"], f["message"]]
        for ev in f["evidence"]:
            parts += [ev.get("label", ""), ev.get("note", "")]
            if ev.get("kind") != "quote":
                parts.append(ev["text"])
        for detail in f.get("details", []):
            parts += [item.get("caption", "") for item in detail.get("items", [])]
    return QUOTED.sub(" ", NAMES.sub(" ", "\n".join(parts)))


def _words(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(text)}


def _other_language(lang: str, text: str) -> list[str]:
    foreign = ENGLISH_ONLY if lang == "nl" else DUTCH_ONLY
    words = _words(text)
    return sorted(words & foreign)


def _lines_with(text: str, words: list[str]) -> dict[str, str]:
    """For each word, the first line it stands in (to show where a message is untranslated)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return {w: next((ln for ln in lines if w in _words(ln)), "") for w in words}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_report_has_no_words_of_the_other_language(reports, lang: str) -> None:
    report = reports[lang]
    site = urlsplit(report["json"]["site"]["url"]).netloc
    for name, text in (
        ("html", _tool_text_of_html(report["html"], site)),
        ("json", _tool_text_of_json(report["json"])),
    ):
        foreign = _other_language(lang, text)
        assert foreign == [], (name, foreign, _lines_with(text, foreign))


def test_the_dutch_report_says_u_throughout(reports) -> None:
    report = reports["nl"]
    for text in (
        _tool_text_of_html(report["html"], urlsplit(report["json"]["site"]["url"]).netloc),
        _tool_text_of_json(report["json"]),
    ):
        informal = sorted(_words(text) & INFORMAL)
        assert informal == [], (informal, _lines_with(text, informal))


def test_every_dutch_message_says_u() -> None:
    """Not only the demo's: no Dutch message of the catalog says "je" or "jouw" to the reader
    (quoted site words and the rules' official names aside)."""
    nl = parse_po(po_path("nl").read_text(encoding="utf-8"))
    informal = {
        key.split("\0")[0]: value
        for key, value in nl.items()
        if _words(QUOTED.sub(" ", NAMES.sub(" ", value))) & INFORMAL
    }
    assert informal == {}


def test_the_how_to_read_section_tells_the_truth(reports) -> None:
    """It once said that the check messages are in English, in a report whose messages are
    Dutch; it now explains the one distinction the reader needs: quote or the tool's note."""
    for lang, report in reports.items():
        soup = BeautifulSoup(report["html"], "html.parser")
        howto = soup.select_one("#howto").get_text(" ")
        assert "English" not in howto and "Engels" not in howto, (lang, howto)
        assert ("aanhalingstekens" if lang == "nl" else "quotation marks") in howto


# Messages whose Dutch is rightly the same as the English msgid (names, loanwords, symbols).
SAME_IN_DUTCH = re.compile(
    r"^(|[\W\d]*|%\(\w+\)s [a-z]+|.*\{\w+\}.*→.*|link ‘\{text\}’|chat|e-mail|pop-up|overlay|banner|link|"
    r"Score|score|Code|Status|Totaal|Cookies|Link|Chat|Checks?|WhatsApp|Messenger|"
    r"[A-Z][\w-]*(?: [A-Z][\w-]*)*|goudenregels.*)$"
)


def test_every_message_has_a_real_dutch_translation() -> None:
    """No msgid without a Dutch msgstr, none 'translated' as the English itself, and a plural
    message has both Dutch forms."""
    nl = parse_po(po_path("nl").read_text(encoding="utf-8"))
    missing, same = [], []
    for msgid, plural in extract_messages().items():
        key = msgid if plural is None else f"{msgid}\0{plural}"
        value = nl.get(key, "")
        forms = value.split("\0")
        if not value or any(not f for f in forms) or (plural and len(forms) != 2):
            missing.append(msgid)
        elif forms[0] == msgid and not SAME_IN_DUTCH.match(msgid):
            same.append(msgid)
    assert missing == [], "messages without a Dutch translation"
    assert same == [], "messages 'translated' into Dutch as the English msgid"


def test_no_message_writes_a_plural_with_brackets() -> None:
    """'page(s)', 'pagina('s)', 'veld(en)': a count takes ngettext's real singular and plural."""
    bracketed = re.compile(r"\w\((?:s|es|en|'s|e|n)\)")
    nl = parse_po(po_path("nl").read_text(encoding="utf-8"))
    found = [
        m for m, p in extract_messages().items()
        if bracketed.search(m) or bracketed.search(nl.get(m if p is None else f"{m}\0{p}", ""))
    ]  # fmt: skip
    assert found == []
    templates = Path(__file__).parent.parent / "goudenregels" / "reports" / "templates"
    for template in templates.glob("*.j2"):
        assert not bracketed.search(template.read_text(encoding="utf-8")), template.name


# -- every check's words, on every case of tests/checks --------------------------------------

# Not words: a command-line option, an address, a path, a browser error code.
_NOT_WORDS = re.compile(r"--[\w-]+|\S+@\S+|https?://\S+|(?<!\w)/[\w./?=&#%-]*|net::\w+")


def _case_findings():
    cases_dir = Path(__file__).parent / "checks"
    checks = {c.code: c for c in Plugins(entry_points=False).checks()}
    for path in sorted(cases_dir.glob("GR*.yml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            snapshot = snapshot_from_pages(
                case["pages"], case.get("snapshot"), case.get("base", BASE)
            )
            now = parse_moment(case["now"]) if "now" in case else None
            for lang in ("nl", "en"):
                site = Site(
                    snapshot, case.get("profile", "algemeen"), case.get("measurements"), now=now
                )
                with language(lang):
                    finding = run_check(checks[path.stem], site, lang)
                yield lang, path.stem, case["name"], finding


def _finding_words(finding) -> str:
    parts = [finding.message]
    for ev in finding.evidence:
        parts += [ev.label, ev.note] + ([] if ev.kind == "quote" else [ev.text])
    parts += [i.caption for d in finding.details for i in getattr(d, "items", [])]
    text = NAMES.sub(" ", "\n".join(parts))
    return _NOT_WORDS.sub(" ", QUOTED.sub(" ", text))


def test_no_check_says_anything_in_the_other_language() -> None:
    """Every case of every check, scored in Dutch and in English: outside quotes and names, no
    word of the other language, and no "je" in the Dutch (axe-core's own English descriptions
    of accessibility rules, GR113, have no Dutch and are left out)."""
    wrong = []
    for lang, code, name, finding in _case_findings():
        if code == "GR113" and lang == "nl":
            finding.evidence = []
        words = _words(_finding_words(finding))
        foreign = words & (ENGLISH_ONLY | INFORMAL if lang == "nl" else DUTCH_ONLY)
        if foreign:
            wrong.append((lang, code, name, sorted(foreign), finding.message))
    assert wrong == []
