"""Rule 5 checks, "Geef fouten toe en los ze op de juiste wijze op": complaints and disputes."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from goudenregels.checks.complaints import (
    SENTENCE_BREAK,
    SENTENCE_SPAN,
    Source,
    complaint_sources,
    complaint_word,
    handling_terms,
    is_news,
    sentence_verdict,
    stated_durations,
    words_of,
)
from goudenregels.checks.site import (
    Note,
    Site,
    contact_page_channels,
    contact_pages,
    line_around,
    link_note,
)
from goudenregels.hookspecs import hookimpl
from goudenregels.i18n import N_, _
from goudenregels.model import FAIL, NOT_APPLICABLE, PASS, REVIEW, Result, check, defined_checks
from goudenregels.snapshot import Link, Page, normalize_url
from goudenregels.words import disputes, prefilter, vocab
from goudenregels.words.durations import Duration, find_durations
from goudenregels.words.quotes import clip

FINDABLE_DEPTH = 2  # "within two clicks of the home page", as in rule 1
FIRST_REACTION_DAYS = 14  # the usual term for a first reaction to a complaint
GOVERNMENT_HANDLING_DAYS = 42  # Awb 9:11: six weeks for a complaint to a government body
LINK_MAX_WORDS = 6
MAX_EVIDENCE = 4
# Sellers to consumers, who must say which dispute body they are affiliated with (GR504).
CONSUMER_PROFILES = ("webshop", "dienstverlener")

# Durations on a complaint page that are about something else than reacting to a complaint.
_OTHER_TOPIC = prefilter.compile(
    rf"{vocab.RETURNS_WORDS.pattern}|{vocab.DELIVERY_WORDS.pattern}|"
    rf"{vocab.GUARANTEE_WORDS.pattern}|opzeg\w*|levertijd",
    re.IGNORECASE,
)
_FREQUENCY = prefilter.compile(
    r"\b(per|a|an)\s+(dag|week|jaar|day|week|year)\b|24/7", re.IGNORECASE
)
# A word that is a term by itself: "direct", "dezelfde dag", "de volgende werkdag", "morgen".
_WORDED_TERM = prefilter.compile(
    r"direct|meteen|onmiddellijk|gelijk|real-?time|immediately|instantly|right away|binnen|"
    r"(?:de |op de )?(?:dezelfde|zelfde|volgende|eerstvolgende|next|same)\b|nog vandaag|"
    r"vandaag nog|morgen|eerstvolgende",
    re.IGNORECASE,
)


def _complaint_links(site: Site) -> list[tuple[Page, Link, bool]]:
    """(page, link, leads into the terms) for complaint links on pages one click from home.

    A link whose target was read counts when that page explains complaints; an unread target is
    judged by the link's words and address ("Rugklachten", "/klachten/nekpijn" do not count).
    """
    seen: set[str] = set()
    crawled = {normalize_url(p.address): p for p in site.pages}
    explains = {normalize_url(s.page.address) for s in complaint_sources(site)}
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
            target = normalize_url(link.href.split("#")[0])
            if target in crawled and target not in explains:
                continue
            if (
                target not in crawled
                and sentence_verdict(f"{text} . {words_of(link.href)}") is False
            ):
                continue
            seen.add(link.href)
            terms = bool(vocab.TERMS_AND_CONDITIONS_PAGE.search(f"{path} {text}"))
            out.append((page, link, terms))
    return out


def _line_of(text: str, index: int) -> str:
    """The whole line (paragraph) of ``text`` that holds ``index``."""
    start = text.rfind("\n", 0, index) + 1
    end = text.find("\n", index)
    return text[start : end if end >= 0 else len(text)]


def _said(text: str) -> str:
    """A (page, text) item in a message: the site's words in quotation marks, a note as it is."""
    if isinstance(text, Note):
        return text
    return f"“{clip(text, 120).rstrip('.')}”"


def _term(text: str) -> str:
    """A term as the site words it ("2 werkdagen"), marked as the site's words in a message."""
    return f"‘{text}’"


def _link(link: Link) -> str:
    return link_note(link.text, link.href)


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
    norm=N_(
        "Dutch Civil Code (BW) 6:230m(1)(j) (information on complaint handling); General Administrative Law Act (Awb) chapter 9 (complaints to the government); Gouden Regel 5"
    ),
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

# Words that send the reader along the link after them: "via", "op", "bezoek", "klik", "use".
_POINTER = prefilter.compile(
    r"\b(?:via|op|naar|bezoek|zie|gebruik|kijk|lees|klik|ga|visit|see|use|through|on|at|"
    r"click|go)\b[^.!?]{0,30}$",
    re.IGNORECASE,
)


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
                    out.append((page, Note(_("complaint form on the complaint page"))))
            out += [(p, e.address) for p, e in site.contact_emails() if p is page]
        m = vocab.COMPLAINT_ONLINE.search(source.text)
        if m:
            out.append((page, line_around(source.text, m.start(), end=m.end())))
        for link in page.links:
            if complaint_word(link.text) and vocab.COMPLAINT_ONLINE.search(link.text):
                out.append((page, _link(link)))
    for page, email in site.contact_emails():
        if vocab.COMPLAINT_WORDS.search(f"{email.address.split('@')[0]} {email.context}"):
            out.append((page, email.context or email.address))
    return out + _to_contact_page(site, sources)


def _to_contact_page(site: Site, sources: list[Source]) -> list[tuple[Page, str]]:
    """A complaint text that sends the reader to the contact page ("Wil je een klacht indienen?
    Bezoek onze contactpagina"): an online route where that page offers a written channel (its
    form, an e-mail address), read as GR108 reads such a pointer (``contact_page_channels``)."""
    offered = contact_page_channels(site)
    if not offered:
        return []
    pages = contact_pages(site)
    targets = {normalize_url(p.address) for p in pages}
    note = Note(
        _("the contact page offers: {channels}").format(
            channels=", ".join(c.in_text() for c in offered)
        )
    )
    for source in sources:
        if source.kind == "form":
            continue
        previous = ""
        for m in SENTENCE_SPAN.finditer(source.text):
            sentence = m.group(0).strip()
            if _points_to_contact(sentence, source.page, targets) and _complaint_lead(
                sentence, previous, source.kind in ("page", "section")
            ):
                return [(source.page, sentence), (_offering(site, pages), note)]
            previous = sentence
    return []


def _offering(site: Site, pages: list[Page]) -> Page:
    """The contact page with the form or e-mail address on it (the first, when several)."""
    on = {id(p) for p, _f in site.contact_forms} | {id(p) for p, _e in site.contact_emails()}
    return next((p for p in pages if id(p) in on), pages[0])


def _points_to_contact(sentence: str, page: Page, targets: set[str]) -> bool:
    """The sentence names the contact page, or sends the reader along a link in the page's
    content to it ("meld je klacht via <a>deze pagina</a>", "klik <a>hier</a>"); a heading
    "Contact & klachten" beside a link "Contact" sends nobody anywhere."""
    if vocab.CONTACT_PAGE_REF.search(sentence):
        return True
    for link in page.links:
        text = link.text.strip()
        if not text or link.region != "main" or text not in sentence:
            continue
        if normalize_url(link.href.split("#")[0]) not in targets:
            continue
        if _POINTER.search(sentence[: sentence.index(text)]):
            return True
    return False


def _complaint_lead(sentence: str, previous: str, about: bool) -> bool:
    """The pointer is about complaints: it names them, follows a sentence that does ("Wil je een
    klacht indienen? Bezoek onze contactpagina."), or stands in a text that is all about them
    (``about``: the complaint page, a complaint section), unless the sentence before it names a
    route of its own; a pointer "for other questions" is not."""
    if vocab.OTHER_QUESTIONS.search(sentence):
        return False
    if complaint_word(sentence):
        return True
    routes = (vocab.POSTAL_ROUTE, vocab.WRITTEN_ROUTE, vocab.PHONE_ROUTE, vocab.COMPLAINT_ONLINE)
    if any(r.search(previous) for r in routes):
        return False
    return about or bool(complaint_word(previous))


def _route_sentence(text: str, route: prefilter.Pattern) -> str:
    """The first sentence naming a route (post, in writing) for the customer's complaint."""
    for m in SENTENCE_SPAN.finditer(text):
        sentence = m.group(0).strip()
        if route.search(sentence) and vocab.COMPLAINT_FILING.search(sentence):
            return sentence
    return ""


def _phone_route(source: Source) -> bool:
    if vocab.PHONE_ROUTE.search(source.text):
        return True
    # On a complaint page a number in the content (not the site's header or footer) counts too.
    # A number offered only for WhatsApp messages is not a phone route.
    return source.kind == "page" and any(
        p.region == "main" and p.purpose != "whatsapp" and p.kind != "fax"
        for p in source.page.phones
    )


@check(
    code="GR502",
    slug="complaint-online",
    rule=5,
    title_en=N_("Complaint can be filed online"),
    what_en=N_(
        "Checks whether a complaint can be filed online: a form on the complaint page, an "
        "e-mail address for complaints, or another online route the procedure names, such as "
        "the contact page when that page offers a form or an e-mail address. It fails "
        "when the procedure names only post or phone for filing; 'schriftelijk' (in writing) "
        "alone is left for review, since a written complaint may be sent by e-mail."
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
    norm=N_(
        "General Administrative Law Act (Awb) 9:1 (complaints also electronically, where that channel is open); Gouden Regel 5"
    ),
)
def complaint_online(site: Site) -> Result:
    sources = complaint_sources(site)
    if not sources:
        return Result(NOT_APPLICABLE, _("No complaint information found (see GR501)."))
    online = _online_routes(site, sources)
    if online:
        return Result(
            PASS,
            _("A complaint can be filed online: {how}.").format(how=_said(online[0][1])),
            _evidence(site, online),
        )
    post = [s for s in sources if _route_sentence(s.text, vocab.POSTAL_ROUTE)]
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
    written = [
        (s.page, sentence)
        for s in sources
        if (sentence := _route_sentence(s.text, vocab.WRITTEN_ROUTE))
    ]
    if written:
        return Result(
            REVIEW,
            _(
                "Complaints are to be made ‘in writing’, which may or may not include e-mail; "
                "check whether an online route is accepted."
            ),
            _evidence(site, written),
        )
    return Result(
        REVIEW,
        _("Complaint information was found, but not how to file one; check the route offered."),
        _evidence(site, [(s.page, s.line) for s in sources]),
    )


# -- GR503 -------------------------------------------------------------------------------------


def _within(duration: Duration) -> str:
    """'within 5 werkdagen' for an amount; a word that is its own term ('direct', 'dezelfde
    dag') as it stands."""
    if not _WORDED_TERM.match(duration.text):
        return _("within {term}").format(term=_term(duration.text))
    return _term(duration.text)


@check(
    code="GR503",
    slug="complaint-term",
    rule=5,
    title_en=N_("Complaint response term"),
    what_en=N_(
        "Reads the term the site states for reacting to a complaint and compares the first "
        "reaction (acknowledgement or answer) with 14 days; a final handling term is told apart "
        "where the text makes that clear. A complaint page that was read and states no term at "
        "all fails, unless a linked complaint procedure could not be read or a stated duration "
        "could not be placed."
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
    norm=N_(
        "Dutch Civil Code (BW) 6:230m and common practice (Thuiswinkel code of conduct): a reaction to a complaint within 14 days; Awb 9:11 (government): handled within 6 weeks"
    ),
)
def complaint_term(site: Site) -> Result:
    sources = complaint_sources(site)
    if not sources:
        return Result(NOT_APPLICABLE, _("No complaint information found (see GR501)."))
    terms = handling_terms(sources)
    first = [t for t in terms if t.kind != "final handling"]
    final = [t for t in terms if t.kind == "final handling"]
    evidence = _evidence(site, [(t.page, t.sentence) for t in first + final])
    if first:
        return _first_reaction_term(site, first, evidence, final)
    if final:
        return _final_handling_term(final, evidence)
    return _no_term(site, sources)


def _first_reaction_term(site: Site, first: list, evidence: list, handling: list) -> Result:
    kinds = {
        "acknowledgement": _("acknowledgement"),
        "first reaction": _("first reaction"),
        "final handling": _("final handling"),
    }
    best = min(first, key=lambda t: t.days)
    data = {"days": best.days, "term": best.duration.text, "kind": best.kind}
    if handling:
        # "binnen 2 werkdagen bevestigen … binnen 10 werkdagen afhandelen": both are read; the
        # first reaction is judged, the handling term is told.
        data["handling_term"] = min(handling, key=lambda t: t.days).duration.text
    if best.days <= FIRST_REACTION_DAYS:
        message = _("A first reaction is promised: {term} ({kind}).").format(
            term=_within(best.duration), kind=kinds.get(best.kind, best.kind)
        )
        if handling:
            message += " " + _("Complaints are handled: {term}.").format(
                term=_within(min(handling, key=lambda t: t.days).duration)
            )
        return Result(PASS, message, evidence, data)
    if site.profile == "gemeente" and best.days <= GOVERNMENT_HANDLING_DAYS:
        # Government bodies may take six weeks by law (Awb 9:11): a person weighs it.
        return Result(
            REVIEW,
            _(
                "Complaints get a reaction within {term}: within the legal term for "
                "government bodies (Awb 9:11), but slower than {days} days."
            ).format(term=_term(best.duration.text), days=FIRST_REACTION_DAYS),
            evidence,
            data,
        )
    return Result(
        FAIL,
        _("The first reaction to a complaint takes up to {term}, more than {days} days.").format(
            term=_term(best.duration.text), days=FIRST_REACTION_DAYS
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
            _("Complaints are handled: {term}.").format(term=_within(best.duration)),
            evidence,
            data,
        )
    return Result(
        REVIEW,
        _(
            "Only the final handling term is stated ({term}); the site does not say when the "
            "customer first hears back."
        ).format(term=_term(best.duration.text)),
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
            out.append((page, line_around(page.text, m.start(), end=m.end())))
    return out


def dispute_bodies(site: Site) -> list[tuple[Page, str, str]]:
    """(page, name, line) for each dispute body named outside news pages, once per body.

    Names come from the registry (words/disputes.py); a link to a body's site counts too (a
    logo of De Geschillencommissie or Kifid linking to its site). A generic name ("ombudsman",
    "tuchtcollege") counts only where its line is about a complaint or dispute.
    """
    seen: set[str] = set()
    out = []
    for page in site.pages:
        # A privacy statement lists where data may go ("bij de geschillencommissie, een rechter
        # of de AP"): that names no route the organisation offers its customers.
        where = f"{urlsplit(page.address).path} {page.title}"
        if is_news(page) or vocab.PRIVACY_PAGE.search(where):
            continue
        for mention in disputes.find(page.text):
            line = line_around(page.text, mention.start, end=mention.end)
            # The context may stand in the sentence before ("Een klacht? Ga naar de ombudsman.").
            if mention.needs_context and not disputes.CONTEXT.search(
                _line_of(page.text, mention.start)
            ):
                continue
            if mention.body.key not in seen:
                seen.add(mention.body.key)
                out.append((page, mention.text, line))
        for link in page.links:
            body = disputes.by_host(link.href)
            if body is not None and not body.defunct and body.key not in seen:
                seen.add(body.key)
                out.append((page, link.text.strip() or body.name, _link(link)))
    return out


@check(
    code="GR504",
    slug="dispute-body",
    rule=5,
    title_en=N_("Dispute body or ombudsman named"),
    what_en=N_(
        "Looks for an independent body a customer can turn to when a complaint is not solved "
        "(a Geschillencommissie, Kifid, SKGZ, an ombudsman), and for links to the EU ODR platform, "
        "which no longer exists. A webshop or service provider fails when every page was read "
        "(its complaint information and terms included, where it has them) and none names such "
        "a body or any word that may point to one (a trust mark, a committee, mediation); a "
        "linked document that was not read leaves it for review. A public body's route is an "
        "ombudsman (the Nationale ombudsman or a local one): it fails when every page was read "
        "and none names one."
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
    norm=N_(
        "Directive 2013/11/EU (ADR) and Dutch Civil Code (BW) 6:230m; EU Regulation 524/2013 repealed: ODR platform offline since 20 July 2025; Awb 9:18 (National Ombudsman)"
    ),
)
def dispute_body(site: Site) -> Result:
    odr = _odr_mentions(site)
    bodies = dispute_bodies(site)
    names = [name for _, name, _ in bodies]
    if odr and names:
        # A body is named, so customers have a route; the dead ODR link is still worth fixing.
        return Result(
            REVIEW,
            _(
                "The site refers to the EU ODR platform, which went offline on 20 July 2025; "
                "remove the dead link ({name} is also named)."
            ).format(name=f"‘{names[0]}’"),
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
        # A public body's independent route is an ombudsman (Awb 9:18); a trade body named for
        # one service (childcare, a utility) is none, but a person weighs it.
        others = bodies
        bodies = [b for b in bodies if vocab.OMBUDSMAN.search(b[1])]
        if others and not bodies:
            return Result(
                REVIEW,
                _("No ombudsman is named; only {bodies}, which handles other disputes.").format(
                    bodies=", ".join(_term(b[1]) for b in others[:2])
                ),
                _evidence(site, [(p, line) for p, _, line in others]),
            )
    if bodies:
        return Result(
            PASS,
            _("Named: {bodies}.").format(bodies=", ".join(f"‘{b[1]}’" for b in bodies[:3])),
            _evidence(site, [(p, line) for p, _, line in bodies]),
            {"bodies": [b[1] for b in bodies]},
        )
    return _no_body(site)


def _unread_references(site: Site, pattern: prefilter.Pattern) -> list[tuple[Page, str]]:
    """Links named for a topic ("Klachtenregeling (PDF)", "Algemene voorwaarden") whose target
    was not read: a document, another site, or a page past the crawl. They may hold what a
    check did not find, so its absence is not decided."""
    read = {p.url for p in site.pages} | {p.address for p in site.pages}
    seen: set[str] = set()
    out = []
    for page in site.pages:
        for link in page.links:
            path = urlsplit(link.href).path
            named = complaint_word(link.text) or pattern.search(f"{link.text} {path}")
            if not named or link.href in seen or normalize_url(link.href) in read:
                continue
            if vocab.NEWS_OR_BLOG_PAGE.search(path) or not link.href.startswith("http"):
                continue
            seen.add(link.href)
            out.append((page, Note(_("not read: {link}").format(link=_link(link)))))
    return out


def _unread_terms(sources: list[Source]) -> list[tuple[Page, str]]:
    """Complaint sentences with a duration this check could not place ("wij gaan binnen 5
    werkdagen met uw klacht aan de slag"): a term may be stated, so its absence is not sure."""
    out = []
    for source in sources:
        for sentence in SENTENCE_BREAK.split(source.text):
            if not stated_durations(sentence, sentence):
                continue
            if vocab.CUSTOMER_DEADLINE.search(sentence):
                continue
            # "Retourneren kan binnen 30 dagen", "7 dagen per week bereikbaar": other topics.
            other = _OTHER_TOPIC.search(sentence) and not complaint_word(sentence)
            if not other and not _FREQUENCY.search(sentence):
                at = max(0, sentence.find(find_durations(sentence)[0].text))
                out.append((source.page, line_around(sentence, at, end=at + 1).strip()))
    return out


def _no_term(site: Site, sources: list[Source]) -> Result:
    """No term in any complaint text. A complaint page that was read, with no complaint
    document or page left unread, states none: that fails; otherwise a person looks."""
    pages = [s for s in sources if s.kind == "page"]
    unread = _unread_references(site, vocab.COMPLAINT_PROCEDURE_LINK) + _unread_terms(sources)
    if pages and not unread:
        return Result(
            FAIL,
            _(
                "The complaint page states no term for a reaction: the customer is not told "
                "when they will hear back."
            ),
            _evidence(site, [(s.page, s.line) for s in sources]),
        )
    return Result(
        REVIEW,
        _(
            "The complaint information states no term for a reaction; check what the customer "
            "is told."
        ),
        _evidence(site, [(s.page, s.line) for s in sources] + unread),
    )


def _route_hints(site: Site) -> list[tuple[Page, str]]:
    """Sentences that may name an outside route the body list does not know ("aangesloten bij
    WebwinkelKeur", "bemiddelt bij geschillen"); one is enough to leave the absence undecided.
    A dispute sentence that only names the court or the applicable law is no such route."""
    public = site.profile == "gemeente"
    hint = vocab.PUBLIC_ROUTE_HINT if public else vocab.DISPUTE_ROUTE_HINT
    for page in site.pages:
        if is_news(page) or vocab.PRIVACY_PAGE.search(
            f"{urlsplit(page.address).path} {page.title}"
        ):
            continue
        # A page whose text names neither anywhere has no sentence that does.
        if not hint.search(page.text) and (public or not vocab.DISPUTE_WORD.search(page.text)):
            continue
        for sentence in SENTENCE_BREAK.split(page.text):
            if vocab.REGISTRATION_LINE.search(sentence):
                continue
            strong = hint.search(sentence)
            weak = (
                not public
                and vocab.DISPUTE_WORD.search(sentence)
                and not vocab.COURT_ONLY.search(sentence)
            )
            m = strong or (vocab.DISPUTE_WORD.search(sentence) if weak else None)
            if m:
                return [(page, line_around(sentence, m.start(), end=m.end()))]
    return []


def _no_body(site: Site) -> Result:
    """No dispute body named anywhere. A consumer seller whose complaint information and terms
    were read names none: that fails; otherwise the sector may have one a person should check."""
    sources = complaint_sources(site)
    unread = _unread_references(site, vocab.DISPUTE_DOCUMENT_LINK) + _route_hints(site)
    if site.profile == "gemeente" and not unread and not site.unseen:
        return Result(
            FAIL,
            _(
                "No ombudsman is named on any of the {n} pages read: a resident whose complaint "
                "is not solved is not told about the Nationale ombudsman or a local one."
            ).format(n=len(site.pages)),
            _evidence(site, [(s.page, s.line) for s in sources])
            or site.on_home(_("no ombudsman named")),
        )
    if site.profile in CONSUMER_PROFILES and not sources and not unread and not site.unseen:
        return Result(
            FAIL,
            _(
                "No dispute body, ombudsman or other independent route is named on any of the "
                "{n} pages read."
            ).format(n=len(site.pages)),
            site.on_home(_("no dispute body named")),
        )
    if site.profile in CONSUMER_PROFILES and sources and not unread:
        return Result(
            FAIL,
            _(
                "No dispute body, ombudsman or other independent route is named, although the "
                "complaint information was read: a customer whose complaint is not solved is "
                "not told where to turn."
            ),
            _evidence(site, [(s.page, s.line) for s in sources]),
        )
    return Result(
        REVIEW,
        _(
            "No dispute body or ombudsman is named; check whether the sector has one the "
            "organisation should mention."
        ),
        _evidence(site, unread),
    )


@hookimpl
def goudenregels_checks():
    return defined_checks(__name__)
