"""Declared-facts checks (GR7xx): every page read held against what the organisation declares.

An organisation that runs goudenregels on its own site knows the truth ([facts] in
goudenregels.toml, see goudenregels/facts.py). These checks report each place where a page says
something else: another number or address, other hours or terms, a declared channel or number
that cannot be found. They compare parsed values (a number with spaces or +31 is the same number)
and are not applicable without facts. Their weight is 0: declared facts gate a release (with
``--fail-on fail``) without changing the score, so scores stay comparable between sites.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from goudenregels.checks.complaints import complaint_sources, handling_terms
from goudenregels.checks.promises import page_promises
from goudenregels.checks.rule5 import dispute_bodies
from goudenregels.checks.site import Site, contact_pages, line_around, offered_channels
from goudenregels.facts import Facts
from goudenregels.hookspecs import hookimpl
from goudenregels.i18n import N_, _, ngettext
from goudenregels.model import (
    FAIL,
    NOT_APPLICABLE,
    PASS,
    REVIEW,
    Evidence,
    Result,
    check,
    defined_checks,
)
from goudenregels.snapshot import Page
from goudenregels.words import attribution, companyids, disputes, prefilter, vocab
from goudenregels.words import channels as chan
from goudenregels.words.durations import Duration
from goudenregels.words.hours import Hours, fmt, parse_text

MAX_EVIDENCE = 12
WHOLE_DAY = (0, 24 * 60)
# A line that is part of an opening-hours listing: a time, a day name, "gesloten", "24/7".
_HOURS_LINE = prefilter.compile(
    r"\d{1,2}[:.]\d{2}|\b\d{1,2}\s*(?:-|–|tot|to|t/m)\s*\d{1,2}\s*(?:uur|u|h|am|pm)\b|"
    r"\b(?:ma|di|wo|do|vr|za|zo|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|"
    r"werkdagen|mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday|weekdays)\b|gesloten|closed|24/7|24 uur",
    re.IGNORECASE,
)

# Where hours are those of a visit: a shop, a desk, an office to walk into.
_IN_PERSON = prefilter.compile(
    r"winkel|balie|loket|bezoek|showroom|servicepunt|vestiging|filiaal|kantoor|"
    r"\b(?:shop|store|desk|visit)\b",
    re.IGNORECASE,
)

_SENTENCE_BREAK = prefilter.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def _not_declared(what: str) -> Result:
    return Result(
        NOT_APPLICABLE,
        _("No {what} declared in [facts] of the settings file.").format(what=what),
    )


def _facts(site: Site) -> Facts | None:
    return getattr(site, "facts", None)


def _capped(evidence: list[Evidence]) -> list[Evidence]:
    return evidence[:MAX_EVIDENCE]


# -- phone numbers ----------------------------------------------------------------------------


@check(
    code="GR701",
    slug="declared-numbers",
    rule=1,
    title_en=N_("Only the declared phone numbers"),
    what_en=N_(
        "Compares every phone number on every page read (WhatsApp numbers included, fax numbers "
        "and other organisations' lines left out) with the numbers declared in [facts]. Numbers "
        "are compared as numbers: 020-123 45 67, +31 20 1234567 and a tel: link to it are one."
    ),
    why_en=N_(
        "An old number left on one page after a switch sends customers to a line that no longer "
        "answers, or costs them money. The organisation knows its numbers; every page must show "
        "those."
    ),
    fix_en=N_(
        "Replace the number on the pages listed with a declared one, or, when it is a number "
        "customers may use, declare it in [facts] with its purpose."
    ),
    weight=0,
    absence=False,
)
def declared_numbers(site: Site) -> Result:
    facts = _facts(site)
    if facts is None or not facts.phones:
        return _not_declared(_("phone numbers"))
    found = [(p, ph) for p, ph in site.published_phones()]
    found += [(p, ph) for p, ph in site.whatsapp_numbers if site.is_published(p, ph)]
    other = [
        (p, ph) for p, ph in found if facts.phone(ph.e164) is None and not disputes.find(ph.context)
    ]
    if not other:
        count = len({ph.e164 for _p, ph in found})
        return Result(
            PASS,
            ngettext(
                "{n} number found on the site; each is a declared one.",
                "{n} numbers found on the site; each is a declared one.",
                count,
            ).format(n=count),
            [site.evidence(p, ph.raw, note=site.shown(ph)) for p, ph in found[:3]],
        )
    numbers = sorted({ph.national or ph.raw for _p, ph in other})
    evidence = [site.evidence(p, _phone_line(ph), note=site.shown(ph)) for p, ph in other]
    return Result(
        FAIL,
        ngettext(
            "{n} page shows a number that is not declared: {numbers}.",
            "{n} pages show a number that is not declared: {numbers}.",
            len({p.url for p, _ph in other}),
        ).format(n=len({p.url for p, _ph in other}), numbers=", ".join(numbers)),
        _capped(evidence),
        {"undeclared": [{"url": p.address, "number": ph.e164, "raw": ph.raw} for p, ph in other]},
    )


def _phone_line(phone) -> str:
    """The sentence the number stands in, as the site wrote it; the number alone without one."""
    context = phone.context.strip()
    return context if phone.raw in context else phone.raw


# -- the contact page -------------------------------------------------------------------------


@check(
    code="GR702",
    slug="declared-on-contact-page",
    rule=1,
    title_en=N_("Declared numbers and addresses on the contact page"),
    what_en=N_(
        "Looks for every declared phone number and e-mail address (unless declared with "
        "contact_page = false) on the contact page: a page with contact or customer service in "
        "its address or title."
    ),
    why_en=N_(
        "The contact page is where customers look for a number or address. What the "
        "organisation offers must be there, not only somewhere else on the site."
    ),
    fix_en=N_("Put the missing number or address on the contact page."),
    weight=0,
)
def declared_on_contact_page(site: Site) -> Result:
    facts = _facts(site)
    wanted_phones = [p for p in facts.phones if p.contact_page] if facts else []
    wanted_emails = [e for e in facts.emails if e.contact_page] if facts else []
    if not (wanted_phones or wanted_emails):
        return _not_declared(_("phone numbers or e-mail addresses"))
    pages = contact_pages(site)
    if not pages:
        return Result(
            REVIEW,
            _("No contact page found to look for the declared numbers and addresses on."),
            site.on_home(_("no page with contact or customer service in its address or title")),
        )
    urls = {p.url for p in pages}
    shown_phones = {ph.e164 for p, ph in site.published_phones() if p.url in urls}
    shown_phones |= {ph.e164 for p, ph in site.whatsapp_numbers if p.url in urls}
    shown_emails = {e.address.lower() for p, e in site.contact_emails() if p.url in urls}
    missing = [p.raw for p in wanted_phones if p.e164 not in shown_phones]
    missing += [e.address for e in wanted_emails if e.address not in shown_emails]
    evidence = [site.note_on(p, _("contact page")) for p in pages[:3]]
    if missing:
        return Result(
            FAIL,
            _("Not on the contact page: {missing}.").format(missing=", ".join(missing)),
            evidence,
            {"missing": missing},
        )
    return Result(
        PASS,
        _("Every declared number and address is on the contact page."),
        evidence,
    )


# -- e-mail addresses -------------------------------------------------------------------------


@check(
    code="GR703",
    slug="declared-emails",
    rule=1,
    title_en=N_("Only the declared e-mail addresses"),
    what_en=N_(
        "Compares every e-mail address customers can write to on every page read (no-reply "
        "addresses left out) with the addresses declared in [facts], ignoring upper and lower "
        "case."
    ),
    why_en=N_(
        "A mailbox that is no longer read loses the customer's message without a word. Every "
        "page must show an address the organisation reads."
    ),
    fix_en=N_(
        "Replace the address on the pages listed with a declared one, or declare it in [facts]."
    ),
    weight=0,
    absence=False,
)
def declared_emails(site: Site) -> Result:
    facts = _facts(site)
    if facts is None or not facts.emails:
        return _not_declared(_("e-mail addresses"))
    found = [(p, e) for p, e in site.contact_emails() if not _other_organisation(e)]
    other = [(p, e) for p, e in found if facts.email(e.address) is None]
    if not other:
        count = len({e.address.lower() for _p, e in found})
        return Result(
            PASS,
            ngettext(
                "{n} address found on the site; each is a declared one.",
                "{n} addresses found on the site; each is a declared one.",
                count,
            ).format(n=count),
            [site.evidence(p, e.address) for p, e in found[:3]],
        )
    addresses = sorted({e.address.lower() for _p, e in other})
    evidence, shown = [], set()
    for p, e in other:
        if (p.url, e.address.lower()) not in shown:
            shown.add((p.url, e.address.lower()))
            line = line_around(p.text, max(p.text.find(e.address), 0))
            evidence.append(site.evidence(p, line, note=site.shown(e)))
    return Result(
        FAIL,
        _("An address that is not declared: {addresses}.").format(addresses=", ".join(addresses)),
        _capped(evidence),
        {"undeclared": [{"url": p.address, "address": e.address} for p, e in other]},
    )


def _other_organisation(email) -> bool:
    """Another organisation's address quoted on the site: a dispute body's (by its web host or
    its name beside it), or one the words around it give to someone else (the police)."""
    domain = email.address.rpartition("@")[2]
    return bool(
        disputes.by_host(domain)
        or disputes.find(email.context)
        or vocab.OTHER_ORGANISATION.search(email.context)
    )


# -- opening hours ----------------------------------------------------------------------------


def hour_blocks(text: str) -> list[tuple[list[chan.Channel], str]]:
    """The opening-hours listings of a page's text, each with the channels it names.

    A page can list the hours of several channels ("Telefoon: ma-vr 9-17", "Chat: ma-za 8-20");
    read as one text they would merge. A listing is a run of lines (sentences, where a line has
    several) with times or day names, with the line before it as its heading; a line that names a
    channel starts a listing of its own, so "Bel ons van 9 tot 17 uur. Vragen via het formulier
    ..." is about the phone.
    """
    lines = [part for line in text.split("\n") for part in _SENTENCE_BREAK.split(line)]
    blocks: list[tuple[list[chan.Channel], list[str]]] = []
    current: tuple[list[chan.Channel], list[str]] | None = None
    for i, line in enumerate(lines):
        if not _HOURS_LINE.search(line):
            current = None
            continue
        named = _channels_in(line)
        if current is None or named:
            heading = lines[i - 1] if i and not _HOURS_LINE.search(lines[i - 1]) else ""
            current = (named or _channels_in(heading), [heading, line])
            blocks.append(current)
        else:
            current[1].append(line)
    return [(named, "\n".join(part for part in body if part)) for named, body in blocks]


def _channels_in(text: str) -> list[chan.Channel]:
    """The channels a line of hours names; a shop, desk or visit is the in-person channel."""
    out: list[chan.Channel] = []
    for _start, _end, channel in attribution.channel_words(text):
        if channel not in out:
            out.append(channel)
    if _IN_PERSON.search(text):
        out.append(chan.IN_PERSON)
    return out


def _spans(hours: Hours) -> dict[str, set[tuple[int, int]]]:
    if hours.round_the_clock:
        return {day: {WHOLE_DAY} for day in vocab.DAYS}
    return {day: set(spans) for day, spans in hours.days.items() if spans}


def _differences(found: Hours, declared: list[Hours], exact: bool) -> list[str]:
    """Days on which the hours found are not the declared ones, as 'ma: 09:00–18:00'.

    With one declared channel the days named must match exactly; with several (a listing that
    cannot be told apart) every span found must be one of theirs.
    """
    expected: dict[str, set[tuple[int, int]]] = {}
    for hours in declared:
        for day, spans in _spans(hours).items():
            expected.setdefault(day, set()).update(spans)
    out = []
    for day, spans in _spans(found).items():
        want = expected.get(day, set())
        if (spans != want) if exact else not spans <= want:
            out.append(f"{vocab.DAY_NAMES_NL[day]}: {_span_text(spans)}")
    for day in sorted(found.closed, key=vocab.DAYS.index):
        if expected.get(day):
            out.append(f"{vocab.DAY_NAMES_NL[day]}: {_('closed')}")
    for span in found.unspecified:
        if not any(span in spans for spans in expected.values()):
            out.append(_span_text({span}))
    return out


def _span_text(spans: set[tuple[int, int]]) -> str:
    return ", ".join(f"{fmt(a)}–{fmt(b)}" for a, b in sorted(spans))


def found_hours(site: Site) -> list[tuple[Page, list[chan.Channel], Hours, str]]:
    """Hours of customer contact per listing, with the channels each names and the source
    ("text" or "structured data")."""
    out = []
    pages = []
    for page, hours, source in site.hours:
        if source != "text":
            out.append((page, [], hours, source))  # structured data names no channel
        elif page not in pages:
            pages.append(page)
    for page in pages:
        for named, text in hour_blocks(page.text):
            hours = parse_text(text)
            if not hours.empty():
                out.append((page, named, hours, "text"))
    return out


@check(
    code="GR704",
    slug="declared-hours",
    rule=1,
    title_en=N_("Opening hours as declared"),
    what_en=N_(
        "Reads every listing of opening hours on the pages about customer contact, with the "
        "channel it names, and compares the hours per day with the hours declared for that "
        "channel in [facts]. A listing that names no channel is held against all declared hours."
    ),
    why_en=N_(
        "Two pages with different hours leave the customer guessing when someone answers; "
        "calling at a time the site promised and finding the line closed breaks a promise."
    ),
    fix_en=N_("Make the listed pages show the declared hours, or correct the declaration."),
    weight=0,
    absence=False,
)
def declared_hours(site: Site) -> Result:
    facts = _facts(site)
    if facts is None or not facts.hours:
        return _not_declared(_("opening hours"))
    wrong: list[Evidence] = []
    unsure: list[Evidence] = []
    matched: list[Evidence] = []
    for page, named, hours, source in found_hours(site):
        declared = [c.key for c in named if c.key in facts.hours]
        if named and not declared:
            continue  # the hours of a channel that has no declared hours
        keys = declared or list(facts.hours)
        exact = len(keys) == 1 and len(named) <= 1
        differs = _differences(hours, [facts.hours[k] for k in keys], exact)
        if not differs:
            matched.append(site.evidence(page, hours.text.strip()[:200]))
        else:
            text = _("{channel} {found}; declared: {declared}").format(
                channel=", ".join(chan.name_in_text(k) for k in keys) + ":",
                found="; ".join(differs),
                declared="; ".join(facts.written.get(f"hours.{k}", "") for k in keys),
            )
            evidence = site.evidence(page, hours.text.strip()[:200], label=text)
            (wrong if _sure(named, declared, hours, source) else unsure).append(evidence)
    return _hours_result(wrong, unsure, matched)


def _sure(named: list, declared: list[str], hours: Hours, source: str) -> bool:
    """Whether differing hours are surely about a declared channel: the listing names only
    declared channels, or names none but says it is about customer contact. Structured data
    (often a shop's hours) and a listing beside a channel without declared hours may be about
    something else."""
    if named:
        return len(named) == len(declared)
    return source == "text" and bool(vocab.SERVICE_HOURS_CONTEXT.search(hours.text))


def _hours_result(wrong: list[Evidence], unsure: list[Evidence], matched: list) -> Result:
    if wrong:
        return Result(
            FAIL,
            ngettext(
                "{n} listing of opening hours differs from the declared hours.",
                "{n} listings of opening hours differ from the declared hours.",
                len(wrong),
            ).format(n=len(wrong)),
            _capped(wrong + unsure),
        )
    if unsure:
        return Result(
            REVIEW,
            _(
                "Hours that differ from the declared ones may be about something else (a shop, "
                "a channel without declared hours); check which channel they are for."
            ),
            _capped(unsure),
        )
    if not matched:
        return Result(REVIEW, _("No opening hours of a declared channel found on the site."))
    return Result(
        PASS,
        ngettext(
            "{n} listing of opening hours read; it matches the declared hours.",
            "{n} listings of opening hours read; each matches the declared hours.",
            len(matched),
        ).format(n=len(matched)),
        _capped(matched),
    )


# -- promised reaction times ------------------------------------------------------------------


def _same(a: Duration, b: Duration) -> bool:
    """The same term: 2 weken is 14 dagen and één werkdag is 1 werkdag, but 24 uur is not one
    working day (a mail sent on Friday afternoon)."""
    if (a.unit == "workdays") != (b.unit == "workdays"):
        return a.hours() == 0 and b.hours() == 0
    return abs(a.hours() - b.hours()) < 0.01


@check(
    code="GR705",
    slug="declared-promises",
    rule=2,
    title_en=N_("Reaction times as declared"),
    what_en=N_(
        "Reads every promised reaction time on the site with the channel it is about and "
        "compares it, as a duration, with the term declared for that channel in [facts]."
    ),
    why_en=N_(
        "A promise that quietly changed on one page ('within 5 working days' where the "
        "organisation promises one) is a promise the customer holds it to."
    ),
    fix_en=N_("Make the pages listed promise the declared term, or correct the declaration."),
    weight=0,
    absence=False,
)
def declared_promises(site: Site) -> Result:
    facts = _facts(site)
    if facts is None or not facts.promises:
        return _not_declared(_("reaction times"))
    wrong, unsure, matched, seen = [], [], [], set()
    for page in promise_pages(site):
        for channel, sentence, duration, _how in page_promises(site, page):
            declared = _declared_term(facts, channel)
            if declared is None:
                continue
            key, term = declared
            if key is not None:
                seen.add(key)
            terms = [term] if term is not None else list(facts.promises.values())
            if any(_same(duration, t) for t in terms):
                matched.append(site.evidence(page, sentence.strip()[:200]))
                continue
            text = _("{found} ({channel}); declared: {declared}").format(
                found=duration.text,
                channel=channel.in_text(),
                declared=", ".join(
                    f"{chan.name_in_text(k)} {facts.written[f'promises.{k}']}"
                    for k in ([key] if key else facts.promises)
                ),
            )
            quote = site.evidence(page, sentence.strip()[:200], label=text)
            (wrong if key is not None else unsure).append(quote)
    return _promises_result(facts, wrong, unsure, seen, matched)


def promise_pages(site: Site) -> list[Page]:
    """Pages whose reaction promises are about customer contact, contact pages first. A
    privacy statement's term ("wij reageren binnen een maand") answers a request about personal
    data, within the law's month: no promise about a channel."""
    pages = [
        p
        for p in site.pages
        if not vocab.PRIVACY_PAGE.search(f"{urlsplit(p.address).path} {p.title}")
    ]
    contact = set(map(id, contact_pages(site)))
    return sorted(pages, key=lambda p: id(p) not in contact)


def _declared_term(facts: Facts, channel: chan.Channel) -> tuple[str | None, Any] | None:
    """(channel key, declared term) a promise is held to; (None, None) for a promise that names
    no channel and matches none of several declared terms; None when nothing is declared for it."""
    if channel.named:
        term = facts.promises.get(channel.key)
        return (channel.key, term) if term is not None else None
    terms = list(facts.promises.items())
    if len(terms) == 1:
        return terms[0]
    return (None, None)


def _promises_result(
    facts: Facts, wrong: list, unsure: list, seen: set[str], matched: list
) -> Result:
    if wrong:
        return Result(
            FAIL,
            ngettext(
                "{n} promised reaction time differs from the declared term.",
                "{n} promised reaction times differ from the declared terms.",
                len(wrong),
            ).format(n=len(wrong)),
            _capped(wrong + unsure),
        )
    unseen = [k for k in facts.promises if k not in seen]
    if unsure or unseen:
        message = (
            _("A promised reaction time names no channel; check which term it is.")
            if unsure
            else _("No promised reaction time found for: {channels}.").format(
                channels=", ".join(chan.name_in_text(k) for k in unseen)
            )
        )
        return Result(REVIEW, message, _capped(unsure))
    return Result(
        PASS, _("Every promised reaction time found is the declared term."), _capped(matched)
    )


# -- channels and declared details findable ---------------------------------------------------


@check(
    code="GR706",
    slug="declared-channels",
    rule=1,
    title_en=N_("Declared channels findable"),
    what_en=N_(
        "Looks for every channel declared in [facts] among the channels the site offers (as "
        "GR106 finds them), and for every declared phone number and e-mail address on some "
        "page read."
    ),
    why_en=N_(
        "A channel the organisation offers but the site no longer shows (a WhatsApp link that "
        "disappeared in a redesign) is a channel customers cannot use."
    ),
    fix_en=N_("Show the missing channel, number or address again, or correct the declaration."),
    weight=0,
)
def declared_channels(site: Site) -> Result:
    facts = _facts(site)
    if facts is None or not (facts.channels or facts.phones or facts.emails):
        return _not_declared(_("channels, phone numbers or e-mail addresses"))
    offered = {}
    for name, (page, text) in offered_channels(site).items():
        found = chan.channel(name)
        if found is not None:
            offered.setdefault(found.key, (page, text))
    numbers = {ph.e164 for _p, ph in [*site.phones, *site.whatsapp_numbers]}
    addresses = {e.address.lower() for p, e in site.emails if site.is_published(p, e)}
    missing = [c.in_text() for c in facts.channels if c.key not in offered]
    missing += [p.raw for p in facts.phones if p.e164 not in numbers]
    missing += [e.address for e in facts.emails if e.address not in addresses]
    evidence = [
        site.evidence(page, text, label=chan.name_in_text(key))
        for key, (page, text) in offered.items()
        if any(c.key == key for c in facts.channels)
    ]
    if missing:
        return Result(
            FAIL,
            _("Declared but not found on any page read: {missing}.").format(
                missing=", ".join(missing)
            ),
            evidence or site.on_home(_("not found: {missing}").format(missing=", ".join(missing))),
            {"missing": missing},
        )
    return Result(PASS, _("Every declared channel, number and address was found."), evidence)


# -- complaints -------------------------------------------------------------------------------


@check(
    code="GR707",
    slug="declared-complaint-term",
    rule=5,
    title_en=N_("Complaint term as declared"),
    what_en=N_(
        "Reads the terms the site states for handling a complaint (as GR503 reads them) and "
        "looks for the complaint term declared in [facts]; another term of the same kind "
        "(a first reaction, an acknowledgement, a final answer) on any page is a difference."
    ),
    why_en=N_(
        "The complaint term is a promise to a customer who is already unhappy; two different "
        "terms on the site make the organisation break one of them."
    ),
    fix_en=N_("State the declared complaint term on the complaint page, and only that term."),
    weight=0,
)
def declared_complaint_term(site: Site) -> Result:
    facts = _facts(site)
    if facts is None or facts.complaint_term is None:
        return _not_declared(_("complaint term"))
    declared = facts.complaint_term
    written = facts.written["complaint_term"]
    terms = handling_terms(complaint_sources(site))
    kinds = {t.kind for t in terms if _same(t.duration, declared)}
    other = [t for t in terms if t.kind in kinds and not _same(t.duration, declared)]
    if not kinds:
        other = terms
    evidence = [
        site.evidence(t.page, t.sentence.strip()[:200], label=t.duration.text) for t in other
    ]
    if other:
        return Result(
            FAIL,
            _("The site states another complaint term than the declared {declared}.").format(
                declared=written
            ),
            _capped(evidence),
        )
    if not kinds:
        return Result(
            FAIL,
            _("The declared complaint term ({declared}) is not stated on any page read.").format(
                declared=written
            ),
            site.on_home(_("no complaint term found")),
        )
    found = next(t for t in terms if _same(t.duration, declared))
    return Result(
        PASS,
        _("The complaint term stated is the declared {declared}.").format(declared=written),
        [site.evidence(found.page, found.sentence.strip()[:200])],
    )


def _same_body(found: str, declared: disputes.Body) -> bool:
    """A body or one of its committees: De Geschillencommissie covers 'Geschillencommissie
    Thuiswinkel' (sgc-thuiswinkel), and the other way round."""
    return (
        found == declared.key
        or found.startswith(f"{declared.key}-")
        or (declared.key.startswith(f"{found}-"))
    )


@check(
    code="GR708",
    slug="declared-dispute-body",
    rule=5,
    title_en=N_("Dispute body as declared"),
    what_en=N_(
        "Looks for the dispute body declared in [facts] among the dispute bodies the site names "
        "(as GR504 finds them); another body named instead of it is a difference."
    ),
    why_en=N_(
        "A customer who turns to the wrong body loses time and may miss a deadline; the body "
        "named must be the one the organisation is affiliated with."
    ),
    fix_en=N_("Name the declared dispute body, with a link, on the complaint page."),
    weight=0,
)
def declared_dispute_body(site: Site) -> Result:
    facts = _facts(site)
    if facts is None or facts.dispute_body is None:
        return _not_declared(_("dispute body"))
    body = facts.dispute_body
    named = []
    for page, name, line in dispute_bodies(site):
        mentions = disputes.find(name) or disputes.find(line)
        key = mentions[0].body.key if mentions else getattr(disputes.by_host(line), "key", "")
        named.append((page, name, line, key))
    same = [(p, line) for p, _n, line, key in named if _same_body(key, body)]
    if same:
        return Result(
            PASS,
            _("The declared dispute body is named: {body}.").format(body=body.name),
            [site.evidence(p, line) for p, line in same[:3]],
        )
    if named:
        return Result(
            FAIL,
            _("The site names {found}, not the declared {body}.").format(
                found=", ".join(n for _p, n, _l, _k in named), body=body.name
            ),
            _capped([site.evidence(p, line) for p, _n, line, _k in named]),
        )
    return Result(
        FAIL,
        _("The declared dispute body ({body}) is not named on any page read.").format(
            body=body.name
        ),
        site.on_home(_("no dispute body named")),
    )


# -- registration number ----------------------------------------------------------------------


def _digits(item: companyids.CompanyId) -> str:
    """The number without country letters, so BE0123456749 and 0123.456.749 are one."""
    return "".join(ch for ch in item.number if ch.isdigit())[:10]


def _comparable(found: companyids.CompanyId, declared: companyids.CompanyId) -> bool:
    return found.country == declared.country and (
        found.kind == declared.kind or found.country == "BE"
    )


@check(
    code="GR709",
    slug="declared-company-number",
    rule=6,
    title_en=N_("KvK or enterprise number as declared"),
    what_en=N_(
        "Looks for the KvK number or Belgian enterprise number declared in [facts] on the pages "
        "read; another number of the same kind instead of it is a difference."
    ),
    why_en=N_(
        "The registration number tells customers who they deal with; a wrong one (an old "
        "company, a sister company) points them at another party."
    ),
    fix_en=N_("Show the declared number, for instance in the footer or the colophon."),
    weight=0,
)
def declared_company_number(site: Site) -> Result:
    facts = _facts(site)
    if facts is None or not facts.company_ids:
        return _not_declared(_("KvK or enterprise number"))
    same: list[Evidence] = []
    other: list[Evidence] = []
    for page in site.pages:
        for found in companyids.find(page.text):
            for declared in facts.company_ids:
                if not found.valid or not _comparable(found, declared):
                    continue
                line = line_around(page.text, found.start)
                (same if _digits(found) == _digits(declared) else other).append(
                    site.evidence(page, line)
                )
    wanted = ", ".join(c.display for c in facts.company_ids)
    if same and not other:
        return Result(
            PASS, _("The declared number {number} is shown.").format(number=wanted), same[:3]
        )
    if same:
        return Result(
            REVIEW,
            _("The declared number {number} is shown, and another number beside it.").format(
                number=wanted
            ),
            _capped(other + same[:2]),
        )
    if other:
        return Result(
            FAIL,
            _("The site shows another number than the declared {number}.").format(number=wanted),
            _capped(other),
        )
    return Result(
        FAIL,
        _("The declared number {number} is not shown on any page read.").format(number=wanted),
        site.on_home(_("no registration number found")),
    )


@hookimpl
def goudenregels_checks():
    return defined_checks(__name__)
