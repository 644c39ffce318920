"""Rule 5 checks, "Geef fouten toe en los ze op de juiste wijze op": complaints and disputes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from goudenregels.checks.site import Site, line_around
from goudenregels.hookspecs import hookimpl
from goudenregels.i18n import N_, _
from goudenregels.model import FAIL, NOT_APPLICABLE, PASS, REVIEW, Result, check, defined_checks
from goudenregels.snapshot import Link, Page
from goudenregels.words import vocab
from goudenregels.words.durations import Duration, find_durations

FINDABLE_DEPTH = 2  # "within two clicks of the home page", as in rule 1
FIRST_REACTION_DAYS = 14  # the usual term for a first reaction to a complaint
GOVERNMENT_HANDLING_DAYS = 42  # Awb 9:11: six weeks for a complaint to a government body
SECTION_LINES = 8  # at most this many lines under a complaint heading read as its section
LISTING_LINES = 4  # after "stuur uw klacht naar:" an address of a few short lines follows
HEADING_MAX = 60  # a complaint word in a longer line is a sentence, not a heading
QUESTION_MAX = 80  # "Heeft u een klacht over uw bestelling of onze service?" still heads a section
LINK_MAX_WORDS = 6
MAX_EVIDENCE = 4

_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n")
_CLAUSE = re.compile(r"[,;]|\s(?:en|maar|and|but)\s", re.IGNORECASE)


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
    """(line, text) for each complaint heading with its section, or procedure sentence."""
    lines = page.text.split("\n")
    link_texts = {link.text.strip() for link in page.links}
    out = []
    for i, raw in enumerate(lines):
        line = raw.strip()
        m = complaint_word(line)
        # A menu link to the complaint page is judged as a link, not as text on every page.
        if not m or line in link_texts:
            continue
        if _is_heading(line, m):
            out.append((line, _section(lines, i)))
        elif m.group(0).lower().startswith(("klacht", "complaint")) and (
            vocab.COMPLAINT_PROCEDURE.search(line)
        ):
            # Only the noun: "niet tevreden? Stuur het terug" in running text is about returns.
            out.append((line, line))
    for email in page.emails:
        if vocab.COMPLAINT_WORDS.search(email.address.split("@")[0]):
            out.append((email.context or email.address, email.context or email.address))
    return out


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
        if not terms and vocab.COMPLAINT_WORDS.search(_path_title(page)):
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
            line = _("contact form with the subject '{subject}'").format(subject=said[0][:80])
            out.append(Source(page, "form", form.text, line))
    return out


def _complaint_links(site: Site) -> list[tuple[Page, Link, bool]]:
    """(page, link, leads into the terms) for complaint links on pages one click from home."""
    seen: set[str] = set()
    out = []
    for page in site.within(FINDABLE_DEPTH - 1):
        for link in page.links:
            path = urlsplit(link.href).path
            text = link.text.strip()
            by_text = complaint_word(text) and len(text.split()) <= LINK_MAX_WORDS
            if not (by_text or vocab.COMPLAINT_WORDS.search(path)) or link.href in seen:
                continue
            if vocab.NEWS_OR_BLOG_PAGE.search(path):
                continue
            seen.add(link.href)
            terms = bool(vocab.TERMS_AND_CONDITIONS_PAGE.search(f"{path} {text}"))
            out.append((page, link, terms))
    return out


def _link(link: Link) -> str:
    return _("link '{text}' → {href}").format(text=link.text, href=link.href)


def _evidence(site: Site, items: list[tuple[Page, str]]) -> list:
    """Evidence for (page, text) items, each once, at most MAX_EVIDENCE."""
    seen: set[tuple[str, str]] = set()
    out = []
    for page, text in items:
        if (page.url, text) not in seen:
            seen.add((page.url, text))
            out.append(site.evidence(page, text))
    return out[:MAX_EVIDENCE]


def _near(page: Page) -> bool:
    return page.depth is not None and page.depth <= FINDABLE_DEPTH


# -- GR501 -------------------------------------------------------------------------------------


@check(
    code="GR501",
    slug="complaint-findable",
    rule=5,
    title_en=N_("Complaint procedure easy to find"),
    what_en=N_(
        "Looks for a complaint form, page or procedure within two clicks of the home page, and "
        "notes when complaints are only explained in the terms and conditions."
    ),
    why_en=N_(
        "A complaint is a moment that decides whether a customer stays. Rule 5 asks that the "
        "complaint form is not tucked away; a procedure only in the small print tells customers their "
        "complaint is unwelcome."
    ),
    fix_en=N_(
        "Add a 'Klacht indienen' page linked from the customer-service or contact page (or the "
        "footer), explaining how to complain and what happens next."
    ),
    weight=2,
    norm="BW 6:230m lid 1 sub j (informatie over klachtenbehandeling); Awb hoofdstuk 9 "
    "(klachtbehandeling door de overheid); Gouden Regel 5",
)
def complaint_findable(site: Site) -> Result:
    sources = complaint_sources(site)
    links = _complaint_links(site)
    own = [s for s in sources if s.kind != "terms"]
    near = [s for s in own if _near(s.page)]
    near_links = [(p, link) for p, link, terms in links if not terms]
    if near or near_links:
        depths = [s.page.depth for s in near] + [(p.depth or 0) + 1 for p, _ in near_links]
        items = [(s.page, s.line) for s in near]
        items += [(p, _link(link)) for p, link in near_links]
        return Result(
            PASS,
            _("Complaint information found at click depth {depth}.").format(depth=min(depths)),
            _evidence(site, items),
            {"depth": min(depths)},
        )
    if own:
        page = own[0].page
        where = site.depth_text(page)
        return Result(
            FAIL,
            _(
                "Complaint information appears only at {where} ({url}); customers need it within "
                "{limit} clicks of the home page."
            ).format(where=where, url=page.address, limit=FINDABLE_DEPTH),
            _evidence(site, [(s.page, s.line) for s in own]),
            {"depth": page.depth},
        )
    small_print = [(s.page, s.line) for s in sources]
    small_print += [(p, _link(link)) for p, link, _terms in links]
    if small_print:
        return Result(
            FAIL,
            _(
                "Complaints are explained only in the terms and conditions: the procedure is in "
                "the small print."
            ),
            _evidence(site, small_print),
        )
    return Result(
        FAIL,
        _("No complaint form or procedure found on the {n} pages crawled.").format(
            n=len(site.pages)
        ),
        site.on_home(_("no complaint information")),
    )


# -- GR502 -------------------------------------------------------------------------------------


def _online_routes(site: Site, sources: list[Source]) -> list[tuple[Page, str]]:
    """(page, what) for each way to complain online: a form, an address, an online route named."""
    out = []
    for source in sources:
        page = source.page
        if source.kind == "form":
            out.append((page, source.line))
        if source.kind == "page":
            for form in page.forms:
                if site.is_contact_form(form, page):
                    out.append((page, _("complaint form on the complaint page")))
            out += [(p, e.address) for p, e in site.contact_emails() if p is page]
        m = vocab.COMPLAINT_ONLINE.search(source.text)
        if m:
            out.append((page, line_around(source.text, m.start())))
        for link in page.links:
            if complaint_word(link.text) and vocab.COMPLAINT_ONLINE.search(link.text):
                out.append((page, _link(link)))
    for page, email in site.contact_emails():
        if vocab.COMPLAINT_WORDS.search(f"{email.address.split('@')[0]} {email.context}"):
            out.append((page, email.context or email.address))
    return out


def _phone_route(source: Source) -> bool:
    if vocab.PHONE_ROUTE.search(source.text):
        return True
    # On a complaint page a number in the content (not the site's header or footer) counts too.
    return source.kind == "page" and any(p.region == "main" for p in source.page.phones)


@check(
    code="GR502",
    slug="complaint-online",
    rule=5,
    title_en=N_("Complaint can be filed online"),
    what_en=N_(
        "Checks whether a complaint can be filed online: a form on the complaint page, an "
        "e-mail address for complaints, or another online route the procedure names."
    ),
    why_en=N_(
        "Customers finish most tasks online, but complaints score worst there because many "
        "organisations offer no online way to file one. A letter or a phone queue adds effort at the "
        "moment the customer is already let down."
    ),
    fix_en=N_(
        "Offer a complaint form on the complaint page (with a copy by e-mail) or at least an "
        "e-mail address for complaints, beside any postal address."
    ),
    weight=2,
    norm="Awb 9:1 (klachten ook elektronisch, waar dat kanaal is opengesteld); Gouden Regel 5",
)
def complaint_online(site: Site) -> Result:
    sources = complaint_sources(site)
    if not sources:
        return Result(NOT_APPLICABLE, _("No complaint information found (see GR501)."))
    online = _online_routes(site, sources)
    if online:
        return Result(
            PASS,
            _("A complaint can be filed online: {how}.").format(how=online[0][1][:120].rstrip(".")),
            _evidence(site, online),
        )
    post = [s for s in sources if vocab.POSTAL_ROUTE.search(s.text)]
    phone = [s for s in sources if _phone_route(s)]
    if post or phone:
        routes = (
            _("by post or by phone") if post and phone else _("by post") if post else _("by phone")
        )
        return Result(
            FAIL,
            _("Complaints can only be made {routes}; no online route is offered.").format(
                routes=routes
            ),
            _evidence(site, [(s.page, s.line) for s in post + phone]),
        )
    return Result(
        REVIEW,
        _("Complaint information was found, but not how to file one; check the route offered."),
        _evidence(site, [(s.page, s.line) for s in sources]),
    )


# -- GR503 -------------------------------------------------------------------------------------


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


def _term_kind(text: str) -> str | None:
    if vocab.TERM_ACKNOWLEDGE.search(text):
        return "acknowledgement"
    if vocab.TERM_FINAL.search(text):
        return "final handling"
    if vocab.TERM_FIRST.search(text):
        return "first reaction"
    return None


def _handling_terms(sources: list[Source]) -> list[Term]:
    out = []
    for source in sources:
        for sentence in _SENTENCE.split(source.text):
            sentence = sentence.strip()
            if not find_durations(sentence) or vocab.CUSTOMER_DEADLINE.search(sentence):
                continue
            whole = _term_kind(sentence)
            if whole is None:
                continue
            # "binnen 2 werkdagen een ontvangstbevestiging en binnen 4 weken een oplossing":
            # each term takes its kind from its own clause.
            for clause in _CLAUSE.split(sentence):
                for duration in find_durations(clause):
                    kind = _term_kind(clause) or whole
                    out.append(Term(kind, duration, sentence, source.page))
    return out


@check(
    code="GR503",
    slug="complaint-term",
    rule=5,
    title_en=N_("Complaint response term"),
    what_en=N_(
        "Reads the term the site states for reacting to a complaint and compares the first "
        "reaction (acknowledgement or answer) with 14 days; a final handling term is told apart "
        "where the text makes that clear."
    ),
    why_en=N_(
        "A customer with a complaint wants to know when they will hear back. Rule 5 asks for "
        "quick reaction and a first-time fix; 14 days for a first reaction is the common Dutch "
        "practice (and the Thuiswinkel code)."
    ),
    fix_en=N_(
        "State on the complaint page when the customer hears back (for example 'binnen 5 "
        "werkdagen een reactie') and when the complaint will be resolved."
    ),
    weight=1,
    norm="BW 6:230m en de gangbare praktijk (Thuiswinkel-gedragscode): reactie op een klacht "
    "binnen 14 dagen; Awb 9:11 (overheid): afhandeling binnen 6 weken",
)
def complaint_term(site: Site) -> Result:
    sources = complaint_sources(site)
    if not sources:
        return Result(NOT_APPLICABLE, _("No complaint information found (see GR501)."))
    terms = _handling_terms(sources)
    first = [t for t in terms if t.kind != "final handling"]
    final = [t for t in terms if t.kind == "final handling"]
    evidence = _evidence(site, [(t.page, t.sentence) for t in first + final])
    if first:
        return _first_reaction_term(site, first, evidence)
    if final:
        return _final_handling_term(final, evidence)
    return Result(
        REVIEW,
        _(
            "The complaint information states no term for a reaction; check what the customer "
            "is told."
        ),
        _evidence(site, [(s.page, s.line) for s in sources]),
    )


def _first_reaction_term(site: Site, first: list, evidence: list) -> Result:
    kinds = {
        "acknowledgement": _("acknowledgement"),
        "first reaction": _("first reaction"),
        "final handling": _("final handling"),
    }
    best = min(first, key=lambda t: t.days)
    data = {"days": best.days, "term": best.duration.text, "kind": best.kind}
    if best.days <= FIRST_REACTION_DAYS:
        return Result(
            PASS,
            _("A first reaction is promised within {term} ({kind}).").format(
                term=best.duration.text, kind=kinds.get(best.kind, best.kind)
            ),
            evidence,
            data,
        )
    if site.profile == "gemeente" and best.days <= GOVERNMENT_HANDLING_DAYS:
        # Government bodies may take six weeks by law (Awb 9:11): a person weighs it.
        return Result(
            REVIEW,
            _(
                "Complaints get a reaction within {term}: within the legal term for "
                "government bodies (Awb 9:11), but slower than {days} days."
            ).format(term=best.duration.text, days=FIRST_REACTION_DAYS),
            evidence,
            data,
        )
    return Result(
        FAIL,
        _("The first reaction to a complaint takes up to {term}, more than {days} days.").format(
            term=best.duration.text, days=FIRST_REACTION_DAYS
        ),
        evidence,
        data,
    )


def _final_handling_term(final: list, evidence: list) -> Result:
    """Only the final handling term is stated: quick enough passes, else a person weighs it."""
    best = min(final, key=lambda t: t.days)
    data = {"days": best.days, "term": best.duration.text, "kind": best.kind}
    if best.days <= FIRST_REACTION_DAYS:
        return Result(
            PASS,
            _("Complaints are handled within {term}.").format(term=best.duration.text),
            evidence,
            data,
        )
    return Result(
        REVIEW,
        _(
            "Only the final handling term is stated ({term}); the site does not say when the "
            "customer first hears back."
        ).format(term=best.duration.text),
        evidence,
        data,
    )


# -- GR504 -------------------------------------------------------------------------------------


def _odr_mentions(site: Site) -> list[tuple[Page, str]]:
    out = []
    for page in site.pages:
        for link in page.links:
            if vocab.ODR_URL.search(link.href):
                out.append((page, _link(link)))
        m = vocab.ODR_URL.search(page.text) or vocab.ODR_TEXT.search(page.text)
        if m and not is_news(page):
            out.append((page, line_around(page.text, m.start())))
    return out


def _dispute_bodies(site: Site) -> list[tuple[Page, str, str]]:
    """(page, name, line) for each dispute body named outside news pages, once per name."""
    seen: set[str] = set()
    out = []
    for page in site.pages:
        if is_news(page):
            continue
        for m in vocab.DISPUTE_BODY.finditer(page.text):
            name = m.group(0).strip()
            line = line_around(page.text, m.start())
            # "ombudsman" or "arbitrage" on its own names a body only where disputes are the topic.
            if vocab.DISPUTE_GENERIC.match(name) and not vocab.DISPUTE_CONTEXT.search(line):
                continue
            if name.lower() not in seen:
                seen.add(name.lower())
                out.append((page, name, line))
    return out


@check(
    code="GR504",
    slug="dispute-body",
    rule=5,
    title_en=N_("Dispute body or ombudsman named"),
    what_en=N_(
        "Looks for an independent body a customer can turn to when a complaint is not solved "
        "(a Geschillencommissie, Kifid, SKGZ, an ombudsman), and for links to the EU ODR platform, "
        "which no longer exists."
    ),
    why_en=N_(
        "Openness about what the customer can do when the organisation and the customer "
        "disagree is part of handling mistakes well. A link to a platform that went offline sends a "
        "customer with a dispute nowhere."
    ),
    fix_en=N_(
        "Name the dispute body you are affiliated with, with a link, on the complaint page; "
        "remove references to the EU ODR platform."
    ),
    weight=1,
    norm="Richtlijn 2013/11/EU (ADR) en BW 6:230m; EU-verordening 524/2013 ingetrokken: "
    "ODR-platform offline sinds 20 juli 2025; Awb 9:18 (Nationale ombudsman)",
)
def dispute_body(site: Site) -> Result:
    odr = _odr_mentions(site)
    bodies = _dispute_bodies(site)
    names = [name for _, name, _ in bodies]
    if odr and names:
        # A body is named, so customers have a route; the dead ODR link is still worth fixing.
        return Result(
            REVIEW,
            _(
                "The site refers to the EU ODR platform, which went offline on 20 July 2025; "
                "remove the dead link ({name} is also named)."
            ).format(name=names[0]),
            _evidence(site, odr),
            {"bodies": names},
        )
    if odr:
        return Result(
            FAIL,
            _(
                "The site refers to the EU ODR platform, which went offline on 20 July 2025; "
                "remove the dead link."
            ),
            _evidence(site, odr),
            {"bodies": names},
        )
    if site.profile == "gemeente":
        bodies = [b for b in bodies if vocab.OMBUDSMAN.search(b[1])]
        if not bodies:
            return Result(
                NOT_APPLICABLE, _("No ombudsman named; municipalities are not judged on this.")
            )
    if bodies:
        return Result(
            PASS,
            _("Named: {bodies}.").format(bodies=", ".join(b[1] for b in bodies[:3])),
            _evidence(site, [(p, line) for p, _, line in bodies]),
            {"bodies": [b[1] for b in bodies]},
        )
    return Result(
        REVIEW,
        _(
            "No dispute body or ombudsman is named; check whether the sector has one the "
            "organisation should mention."
        ),
    )


@hookimpl
def goudenregels_checks():
    return defined_checks(__name__)
