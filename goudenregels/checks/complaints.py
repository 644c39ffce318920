"""Complaint procedures as sites write them: where a site explains complaints (a complaint page,
a section, a terms clause, a contact form with a complaint subject), whether a sentence is about
complaining to the organisation itself (not a symptom, a carrier, a news report), and the terms
it states for handling a complaint. Read by the rule 5 checks, and by GR204 (the terms are
promises) and GR201 (a complaint's acknowledgement is no order confirmation)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from goudenregels.checks.site import Note, Site, per_site
from goudenregels.i18n import _
from goudenregels.snapshot import Page
from goudenregels.words import prefilter, vocab
from goudenregels.words.durations import Duration, find_durations

SECTION_LINES = 8  # at most this many lines under a complaint heading read as its section
LISTING_LINES = 4  # after "stuur uw klacht naar:" an address of a few short lines follows
HEADING_MAX = 60  # a complaint word in a longer line is a sentence, not a heading
QUESTION_MAX = 80  # "Heeft u een klacht over uw bestelling of onze service?" still heads a section
PAGE_VERDICT_CHARS = 20_000  # enough of a page to tell a symptom page from a procedure
SENTENCE_BREAK = prefilter.compile(r"(?<=[.!?])\s+|\n")
SENTENCE_SPAN = prefilter.compile(r"[^.!?\n]+[.!?]*")
# "Vaak kan een misverstand direct worden opgelost": what may happen is no promise of a term.
_POSSIBLY = prefilter.compile(
    r"\b(?:kan|kunnen|vaak|soms|mogelijk|misschien|wellicht|eventueel|can|may|often|"
    r"sometimes|possibly)\b",
    re.IGNORECASE,
)
_CLAUSE = prefilter.compile(r"[,;]|\s(?:en|maar|and|but)\s", re.IGNORECASE)


@dataclass
class Source:
    """Where the site says something about complaints."""

    page: Page
    # "page" (the page is about complaints), "section" (part of a page), "terms", or "form" (a
    # contact form that takes complaints: "Onderwerp: Klacht")
    kind: str
    text: str  # what it says: the whole page, or the complaint sections of it
    line: str  # the line that shows it, for evidence


def _path_title(page: Page) -> str:
    return f"{urlsplit(page.address).path} {page.title}"


def is_news(page: Page) -> bool:
    path = urlsplit(page.address).path
    return bool(vocab.NEWS_OR_BLOG_PAGE.search(path) or vocab.NEWS_OR_BLOG_PAGE.search(page.title))


def is_terms(page: Page) -> bool:
    return bool(vocab.TERMS_AND_CONDITIONS_PAGE.search(_path_title(page)))


def complaint_word(line: str) -> re.Match[str] | None:
    """The complaint word in a line, unless praise negates it ("geen klachten")."""
    m = vocab.COMPLAINT_WORDS.search(line)
    if m and not vocab.COMPLAINT_NEGATION.search(line[: m.start()]):
        return m
    return None


def sentence_verdict(sentence: str) -> bool | None:
    """Whether a sentence is about complaining to the organisation itself.

    False when it sends the complaint to a third party (the carrier, the seller), is about
    symptoms (a physiotherapist's "klachten"), reports on complaints (news, a review) or is
    about sending a product back; True
    when it names the procedure; None when it says neither.
    """
    if vocab.COMPLAINT_THIRD_PARTY.search(sentence):
        return False
    if vocab.COMPLAINT_PROCEDURE_CUE.search(sentence):
        return True
    if vocab.COMPLAINT_SYMPTOM.search(sentence) or vocab.COMPLAINT_REPORT.search(sentence):
        return False
    noun = re.search(r"\bklacht|\bcomplaint", sentence, re.IGNORECASE)
    if not noun and (
        vocab.RETURNS_WORDS.search(sentence) or vocab.RETURN_PERIOD_ANCHOR.search(sentence)
    ):
        return False  # "Niet tevreden? Stuur het binnen 30 dagen terug": returns, not complaints
    if complaint_word(sentence) and vocab.COMPLAINT_PROCEDURE.search(sentence):
        return True
    return None


def text_verdict(text: str) -> bool | None:
    """True if any sentence describes the procedure, else False if any is about something else."""
    verdicts = [sentence_verdict(s) for s in SENTENCE_BREAK.split(text) if s.strip()]
    if any(v is True for v in verdicts):
        return True
    return False if any(v is False for v in verdicts) else None


def words_of(page_or_url: Page | str) -> str:
    """The words of a page's path and title: '/klachten/rug-pijn' reads 'klachten rug pijn'."""
    if isinstance(page_or_url, str):
        path, title = urlsplit(page_or_url).path, ""
    else:
        path, title = urlsplit(page_or_url.address).path, page_or_url.title
    return f"{re.sub(r'[/_.-]+', ' ', path)} . {title}".strip()


def _is_heading(line: str, m: re.Match[str]) -> bool:
    if line.endswith("?"):
        return len(line) <= QUESTION_MAX
    return (
        len(line) <= HEADING_MAX
        and len(line[: m.start()].split()) <= 3
        and not line.endswith((".", "!"))
    )


def _starts_section(line: str) -> bool:
    """A short line without closing punctuation: the next heading, or a footer's name line."""
    return (
        0 < len(line) <= HEADING_MAX and not line.endswith((".", ",", ";", ":")) and "@" not in line
    )


def _section(lines: list[str], start: int) -> str:
    """The heading's line and the lines under it, up to the next heading."""
    out = [lines[start]]
    listing = 0  # lines still belonging to a list or address announced with a colon
    for raw in lines[start + 1 : start + 1 + SECTION_LINES]:
        line = raw.strip()
        if _starts_section(line) and not listing:
            break
        listing = LISTING_LINES if line.endswith(":") else max(0, listing - 1)
        out.append(line)
    return "\n".join(out)


def _sections(page: Page) -> list[tuple[str, str]]:
    """(line, text) for each complaint heading with its section, or procedure sentence.

    A heading counts unless it or its section is about something else than complaining to the
    organisation (symptoms, a carrier, a report); a sentence counts when it describes the
    procedure.
    """
    lines = page.text.split("\n")
    link_texts = {link.text.strip() for link in page.links}
    terms = is_terms(page)
    out = []
    for i, raw in enumerate(lines):
        line = raw.strip()
        m = complaint_word(line)
        # A menu link to the complaint page is judged as a link, not as text on every page.
        if not m or _is_menu_line(line, link_texts):
            continue
        if _is_heading(line, m):
            section = _section(lines, i)
            heading = sentence_verdict(line)
            # What follows says what the heading is about, even past a sub-heading.
            body = text_verdict("\n".join(lines[i + 1 : i + 1 + SECTION_LINES]))
            # A heading that names the procedure stands on its own; a vaguer one ("Niet tevreden
            # over je aankoop?") is judged by what follows it.
            named = heading is True and vocab.COMPLAINT_PROCEDURE_CUE.search(line)
            if heading is not False and (named or body is not False):
                out.append((line, section))
        elif m.group(0).lower().startswith(("klacht", "complaint")) and (
            _procedure_sentence(line, m.start()) or (terms and _terms_clause(line, m.start()))
        ):
            # Only the noun: "niet tevreden? Stuur het terug" in running text is about returns.
            out.append((line, line))
    for email in page.emails:
        if vocab.COMPLAINT_WORDS.search(email.address.split("@")[0]):
            out.append((email.context or email.address, email.context or email.address))
    return out


def _is_menu_line(line: str, link_texts: set[str]) -> bool:
    """A line made of link texts only ("Klachten Tarieven Contact"): a menu, not a heading."""
    rest = line
    for text in sorted(link_texts, key=len, reverse=True):
        if text:
            rest = rest.replace(text, " ")
    return not re.sub(r"[\s|·•/,-]+", "", rest)


def _procedure_sentence(line: str, index: int) -> bool:
    """Whether the sentence of a line that holds the complaint word describes the procedure."""
    for m in SENTENCE_SPAN.finditer(line):
        if m.start() <= index < m.end():
            return sentence_verdict(m.group(0)) is True
    return sentence_verdict(line) is True


def _terms_clause(line: str, index: int) -> bool:
    """Whether the sentence holding the complaint word is a terms clause on handling complaints.

    Terms name the parties by their roles ("de Parkeerder dient ... de klacht in onderling
    overleg op te lossen", "ingediende klachten worden binnen 14 dagen beantwoord"), without the
    "u" or "wij" a complaint page uses; in terms "klacht" is never a symptom, so a handling word
    is enough, unless the clause sends the complaint elsewhere."""
    for m in SENTENCE_SPAN.finditer(line):
        if m.start() <= index < m.end():
            sentence = m.group(0)
            return bool(vocab.COMPLAINT_HANDLING.search(sentence)) and (
                sentence_verdict(sentence) is not False
            )
    return False


def _is_complaint_page(page: Page, sections: list[tuple[str, str]]) -> bool:
    """A page whose address or title names complaints, and whose content is the procedure.

    "/klachten/rugpijn" on a physiotherapist's site, "Klachtenvrij slapen" or "Klachten over
    parkeren nemen toe" name complaints without being a complaint procedure.
    """
    words = words_of(page)
    if not vocab.COMPLAINT_WORDS.search(words) or is_terms(page):
        return False
    verdict = sentence_verdict(words)
    if verdict is not None:
        return verdict
    return any(sentence_verdict(line) for line, _text in sections) or (
        text_verdict(page.text[:PAGE_VERDICT_CHARS]) is not False
    )


@per_site
def complaint_sources(site: Site) -> list[Source]:
    """Every page that explains complaints, nearest first.

    News and blog pages are left out (what they report is not the procedure), and so are privacy
    statements (their complaint route leads to the data-protection authority).
    """
    out = []
    for page in site.pages:
        if is_news(page) or vocab.PRIVACY_PAGE.search(_path_title(page)):
            continue
        sections = _sections(page)
        terms = is_terms(page)
        if _is_complaint_page(page, sections):
            line = sections[0][0] if sections else page.title or page.url
            out.append(Source(page, "page", page.text, line))
        elif sections:
            text = "\n".join(t for _, t in sections)
            out.append(Source(page, "terms" if terms else "section", text, sections[0][0]))
        out += _complaint_forms(site, page)
    return out


def _complaint_forms(site: Site, page: Page) -> list[Source]:
    """Contact forms that take complaints by their own words: a subject "Klacht", a label."""
    out = []
    for form in page.forms:
        if not site.is_contact_form(form, page):
            continue
        said = [o for f in form.fields for o in [*f.options, f.label] if complaint_word(o)]
        if said:
            line = Note(_("contact form with the subject ‘{subject}’").format(subject=said[0][:80]))
            out.append(Source(page, "form", form.text, line))
    return out


@dataclass
class Term:
    kind: str  # "acknowledgement", "first reaction" or "final handling"
    duration: Duration
    sentence: str
    page: Page

    @property
    def days(self) -> float:
        """Calendar days: a working day counts as 7/5 of a day, so 10 working days is 14 days."""
        d = self.duration
        days = d.value * 7 / 5 if d.unit == "workdays" else d.hours() / 24
        return round(days, 1)


def stated_durations(text: str, sentence: str) -> list[Duration]:
    """The durations a text states as a term: 'direct' in what may happen ('vaak kan het
    direct worden opgelost') promises nothing."""
    hedged = bool(_POSSIBLY.search(sentence))
    return [d for d in find_durations(text) if not (hedged and d.value == 0)]


def _term_kind(text: str) -> str | None:
    if vocab.TERM_ACKNOWLEDGE.search(text):
        return "acknowledgement"
    if vocab.TERM_FINAL.search(text):
        return "final handling"
    if vocab.TERM_FIRST.search(text):
        return "first reaction"
    return None


def handling_terms(sources: list[Source]) -> list[Term]:
    out = []
    for source in sources:
        for sentence in SENTENCE_BREAK.split(source.text):
            sentence = sentence.strip()
            if not stated_durations(sentence, sentence):
                continue
            if vocab.CUSTOMER_DEADLINE.search(sentence):
                continue
            whole = _term_kind(sentence)
            if whole is None:
                continue
            # "binnen 2 werkdagen een ontvangstbevestiging en binnen 4 weken een oplossing":
            # each term takes its kind from its own clause.
            for clause in _CLAUSE.split(sentence):
                for duration in stated_durations(clause, sentence):
                    kind = _term_kind(clause) or whole
                    out.append(Term(kind, duration, sentence, source.page))
    return out


class ComplaintContext:
    """Where a site's text is about its complaint procedure, for checks that must not read a
    complaint's steps as something else: an acknowledgement of a complaint is no order
    confirmation, and a complaint's handling term no processing time of a change (GR201)."""

    def __init__(self, site: Site) -> None:
        self.pages: set[str] = set()  # complaint pages: all of their text is the procedure
        self.sections: dict[str, list[str]] = {}  # complaint sections of other pages
        self.clauses: dict[str, list[str]] = {}  # terms articles on complaints
        for source in complaint_sources(site):
            if source.kind == "page":
                self.pages.add(source.page.address)
            elif source.kind == "section":
                self.sections.setdefault(source.page.address, []).append(source.text)
            elif source.kind == "terms":
                self.clauses.setdefault(source.page.address, []).append(source.text)

    def holds(self, page: Page, sentence: str) -> bool:
        """Whether the sentence on the page belongs to the complaint procedure: it stands on a
        complaint page or in a complaint section, or it is itself about complaining to the
        organisation. In a terms article only a sentence naming complaints counts: articles
        often join complaints with delivery or payment."""
        if page.address in self.pages or sentence_verdict(sentence) is True:
            return True
        if any(sentence in text for text in self.sections.get(page.address, ())):
            return True
        return bool(complaint_word(sentence)) and any(
            sentence in text for text in self.clauses.get(page.address, ())
        )
