"""A read-only view over a snapshot with the lookups checks share (computed once per audit).

One policy for text hidden on load (docs/how-it-reads.md): it is published, one click away, so
phones, e-mail addresses, forms and text hidden on load count wherever visible ones count, with
"shown after a click" in the evidence. A number hidden behind a "show number" button is the
exception: that is the channel steering rule 1 names, so it is not counted as shown.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime
from functools import cached_property, partial, wraps
from typing import Any
from urllib.parse import urlsplit

from goudenregels import i18n
from goudenregels.facts import Facts
from goudenregels.i18n import _
from goudenregels.model import QUOTE, Evidence, found_by_text
from goudenregels.snapshot import Email, Form, Page, Phone, Snapshot, jsonld_items, normalize_url
from goudenregels.words import channels as chan
from goudenregels.words import country as countries
from goudenregels.words import phones as phone_words
from goudenregels.words import prefilter, titles, vocab
from goudenregels.words.hours import Hours, parse_jsonld, parse_text
from goudenregels.words.quotes import QUOTE_WIDTH, clip, line_around  # noqa: F401 - shared

COUNTRY_PAGES = 20  # the pages nearest the home page say where the organisation is
COUNTRY_TEXT = 10_000  # characters of each of those pages read for addresses and numbers


def per_site(func):
    """A lookup several checks share, computed once per audit (per page, where it takes pages):
    the first check that asks computes it. The result is shared, so no caller may change it."""

    @wraps(func)
    def shared(site: Site, *pages: Any) -> Any:
        key = (func, *map(id, pages))
        if key not in site.memo:
            site.memo[key] = func(site, *pages)
        return site.memo[key]

    return shared


def _ends(text: str, size: int) -> str:
    """The start and the end of a text (header and footer), at most ``size`` characters."""
    return text if len(text) <= size else f"{text[: size // 2]}\n{text[-size // 2 :]}"


HIDDEN = "hidden"  # the source of a phone or address hidden on load
SHOWN_SOURCES = frozenset({"text", "tel", "mailto"})


def _depth_key(page: Page) -> tuple[int, str]:
    return (page.depth if page.depth is not None else 10_000, page.url)


class Note(str):
    """The tool's own words where a check collects (page, text) pairs that are otherwise quotes
    from the page ("complaint form on the complaint page"): :meth:`Site.evidence` draws such a
    text as the tool's note, never as a quote from the site."""


_NET_ERROR = prefilter.compile(r"^(?P<words>[^()]+?)(?: \((?P<code>net::ERR_[A-Z_]+)\))?$")


def error_text(error: str) -> str:
    """An error the crawl kept ("host name not found (net::ERR_NAME_NOT_RESOLVED)", "timed
    out") in the audit's language; an error it has no words for is shown as it is."""
    m = _NET_ERROR.match(error or "")
    if not m:
        return error
    words = i18n._(m.group("words"))  # an N_ msgid of crawl.crawler.NET_ERRORS
    return f"{words} ({m.group('code')})" if m.group("code") else words


def link_note(text: str, href: str) -> Note:
    """A link as the tool describes it: its text and where it goes."""
    return Note(_("link ‘{text}’ → {href}").format(text=text, href=href))


class Site:
    """What checks read: pages in click-depth order and shared, cached lookups."""

    def __init__(
        self,
        snapshot: Snapshot,
        profile: str = "algemeen",
        measurements: list[dict[str, Any]] | None = None,
        working_hours: Any = None,
        now: datetime | None = None,
        facts: Facts | None = None,
    ) -> None:
        from goudenregels.worktime import WorkingHours

        self.snapshot = snapshot
        self.profile = profile
        # Reaction times measured for this site (probes and the auditor's log), from the history.
        self.measurements = measurements or []
        self.working_hours = working_hours or WorkingHours()
        self.now = now
        # What the organisation declares about itself ([facts]); None: nothing declared.
        self.facts = facts
        # Lookups several checks share (per_site), by function and page.
        self.memo: dict[tuple[Any, ...], Any] = {}

    @cached_property
    def pages(self) -> list[Page]:
        """Public pages that loaded, nearest to the home page first.

        Pages of the account area (read logged in, audit --session) are left out: the other
        checks judge what every visitor sees; the account checks read ``account_pages``."""
        return sorted((p for p in self.snapshot.ok_pages() if not p.account), key=_depth_key)

    @cached_property
    def account_pages(self) -> list[Page]:
        """Pages of the customer's account area read logged in, nearest to the home page first."""
        return sorted((p for p in self.snapshot.ok_pages() if p.account), key=_depth_key)

    @property
    def home(self) -> Page | None:
        return self.snapshot.home

    @cached_property
    def unseen(self) -> list[Page]:
        """Pages that may hold what a check looks for, but could not be read (time-out, crash).

        A page that answered with an HTTP error, a redirect loop or binary data was read: its
        answer is the error, and it holds nothing a customer could use either.
        """
        return [p for p in self.snapshot.pages if p.may_hold_content]

    @cached_property
    def _shared_title_parts(self) -> frozenset[str]:
        home = self.home.title if self.home else ""
        return titles.shared_parts(home, (p.title for p in self.pages))

    def path_title(self, page: Page) -> str:
        """The page's path and its own title, without the site's name every title repeats
        (a word in 'NRT Elektroservice' says nothing of each page)."""
        own = titles.own_title(page.title, self._shared_title_parts)
        return f"{urlsplit(page.address).path} {own}"

    def within(self, depth: int) -> list[Page]:
        return [p for p in self.pages if p.depth is not None and p.depth <= depth]

    def on_home(self, text: str) -> list[Evidence]:
        """The tool's note that something is missing, pointing at the home page (none without
        one)."""
        return [self.note_on(self.home, text)] if self.home else []

    @staticmethod
    def depth_text(page: Page) -> str:
        """'click depth 3', or 'unknown depth' for a page the link graph does not reach."""
        if page.depth is None:
            return _("unknown depth")
        return _("click depth {depth}").format(depth=page.depth)

    @staticmethod
    def evidence(page: Page, text: str = "", *, label: str = "", note: str = "") -> Evidence:
        """A quote from ``page``: ``text`` must be the site's own words, as they stand there.

        ``label`` and ``note`` are the tool's words around the quote (what it is, how it was
        shown); the tool's own description of what it saw or missed is :meth:`note_on`.
        """
        if isinstance(text, Note):
            return Site.note_on(page, text, label=label)
        return Evidence(
            url=page.address,
            depth=page.depth,
            click_path=list(page.click_path),
            found_by=found_by_text(page.found_by, _),
            # Blank lines between the site's blocks say nothing in a quote.
            text=clip(re.sub(r"\n\s*\n", "\n", text.strip()), QUOTE_WIDTH),
            kind=QUOTE,
            label=label,
            note=note,
        )

    @staticmethod
    def note_on(page: Page, text: str, *, label: str = "") -> Evidence:
        """The tool's own note about ``page`` ("contact form", "no complaint information"):
        drawn as plain text, never as a quote from the site."""
        return Evidence(
            url=page.address,
            depth=page.depth,
            click_path=list(page.click_path),
            found_by=found_by_text(page.found_by, _),
            text=text,
            label=label,
        )

    # -- the site's country ----------------------------------------------------------------

    @cached_property
    def country_signals(self) -> countries.Signals:
        """What says which country the site belongs to (domain, language, addresses, numbers)."""
        pages = self.pages[:COUNTRY_PAGES]
        items = [i for p in pages for d in p.jsonld for i in jsonld_items(d)]
        codes = []
        for page in pages:
            for phone in page.phones:
                number = phone_words.parse_e164(phone.e164)
                if number is not None and phone.source in ("text", "tel"):
                    codes.append(number.country_code)
        return countries.detect(
            url=self.snapshot.final_url or self.snapshot.start_url,
            langs=[p.lang for p in pages if p.lang],
            text="\n".join(_ends(p.text, COUNTRY_TEXT) for p in pages),
            address_countries=countries.address_countries(items),
            phone_codes=codes,
        )

    @cached_property
    def country(self) -> str:
        """NL or BE: how national numbers are read and which numbers count as foreign."""
        return self.country_signals.country

    def _for_country(self, page: Page, phone: Phone) -> Phone:
        """The phone as read for the site's country (a page may have been read for another)."""
        if phone.kind == "fax":
            return phone
        number = phone_words.parse_e164(phone.e164)
        if number is None:
            return phone
        if (page.country or countries.DEFAULT) != self.country:
            number = phone_words.reread(phone.raw, number, self.country)
        e164 = phone_words.e164(number)
        kind = phone_words.classify(number, self.country)
        if e164 == phone.e164 and kind == phone.kind:
            return phone
        national = phone_words.national_format(number, self.country)
        return dataclasses.replace(phone, e164=e164, kind=kind, national=national)

    # -- contact details -----------------------------------------------------------------

    @cached_property
    def all_phones(self) -> list[tuple[Page, Phone]]:
        """Every number (calls and WhatsApp) read for the site's country; fax numbers excluded.

        Another organisation's line ("Politie: 0900-8844") is not this site's channel.
        """
        return [
            (p, self._for_country(p, ph))
            for p in self.pages
            for ph in p.phones
            if ph.kind != "fax"
            and not vocab.OTHER_ORGANISATION.search(ph.context)
            and ph.e164 not in phone_words.OTHER_ORGANISATION_NUMBERS
        ]

    @cached_property
    def whatsapp_numbers(self) -> list[tuple[Page, Phone]]:
        """Numbers offered only for WhatsApp: never also offered for calls anywhere on the site."""
        callable_ = {ph.e164 for _, ph in self.all_phones if ph.purpose != "whatsapp"}
        return [
            (p, ph)
            for p, ph in self.all_phones
            if ph.purpose == "whatsapp" and ph.e164 not in callable_
        ]

    @cached_property
    def phones(self) -> list[tuple[Page, Phone]]:
        """Every phone number customers can call, by page (nearest first).

        Fax numbers and numbers offered only for WhatsApp are left out. Numbers the reveal-phone
        journey uncovered by clicking a button have source 'revealed'.
        """
        found = [(p, ph) for p, ph in self.all_phones if ph.purpose != "whatsapp"]
        by_url = {normalize_url(p.address): p for p in self.pages}
        journey = self.snapshot.journeys.get("reveal_phone") or {}
        for item in journey.get("revealed", []):
            page = by_url.get(normalize_url(item.get("url", "")))
            if page is not None:
                number = phone_words.parse_e164(item.get("e164", ""))
                kind = item.get("kind", "other")
                phone = Phone(
                    raw=item.get("raw", ""),
                    e164=item.get("e164", ""),
                    national=item.get("raw", ""),
                    kind=phone_words.classify(number, self.country) if number else kind,
                    source="revealed",
                    context=_("after clicking ‘{button}’").format(button=item.get("button")),
                )
                found.append((page, phone))
        # A number no numbering plan has ("+32 123456789" behind a "Bel direct" button) rings
        # nowhere: it is no line a customer can call.
        return [(p, ph) for p, ph in found if phone_words.is_real(ph.e164)]

    @staticmethod
    def behind_reveal_button(page: Page) -> bool:
        """The page hides its number behind a "show number" button (deliberate steering)."""
        return any(vocab.REVEAL_PHONE.search(b.text) for b in page.buttons)

    def is_published(self, page: Page, item: Phone | Email) -> bool:
        """Shown to visitors as text or a link, on load or one click away (see the module)."""
        if item.source == HIDDEN:
            return not (isinstance(item, Phone) and self.behind_reveal_button(page))
        return item.source in SHOWN_SOURCES

    @staticmethod
    def shown(item: Phone | Email) -> str:
        """The note for a quote of ``item``: how it was shown, when it was hidden on load."""
        return _("shown after a click") if item.source == HIDDEN else ""

    def published_phones(self) -> list[tuple[Page, Phone]]:
        """Numbers shown as text or a tel: link, on load first, then those a click away."""
        found = [(p, ph) for p, ph in self.phones if self.is_published(p, ph)]
        return sorted(found, key=lambda item: item[1].source == HIDDEN)

    visible_phones = published_phones

    @cached_property
    def channels_offered(self) -> dict[str, tuple]:
        """Each channel the site offers (see ``offered_channels``), read once per audit."""
        return _offered_channels(self)

    @cached_property
    def emails(self) -> list[tuple[Page, Email]]:
        return [(p, e) for p in self.pages for e in p.emails]

    @staticmethod
    def is_noreply(address: str) -> bool:
        return bool(vocab.NOREPLY_LOCAL.match(address))

    def contact_emails(self) -> list[tuple[Page, Email]]:
        """Addresses a customer can write to: published (shown on load first), not no-reply."""
        found = [
            (p, e)
            for p, e in self.emails
            if self.is_published(p, e)
            and not self.is_noreply(e.address)
            and not vocab.NOT_CUSTOMER_MAILBOX.match(e.address)
        ]
        return sorted(found, key=lambda item: item[1].source == HIDDEN)

    @staticmethod
    def is_contact_form(form: Form, page: Page) -> bool:
        """A form for a question or message: has a free-text field and is not search/login/etc.

        A form hidden on load (in a modal, a slide-in panel, a tab) is published all the same;
        forms a script builds without a <form> element count too. Its text includes the options
        of its lists, so "Onderwerp: Retour / Klacht" tells what it handles.
        """
        labels = form.text
        if any(f.type == "password" for f in form.fields):
            return False
        has_text = any(f.tag == "textarea" for f in form.fields)
        if not has_text:
            return False
        return not (
            vocab.NOT_CONTACT_FORM.search(labels) and not vocab.CONTACT_FORM_WORDS.search(labels)
        )

    @cached_property
    def contact_forms(self) -> list[tuple[Page, Form]]:
        return [(p, f) for p in self.pages for f in p.forms if self.is_contact_form(f, p)]

    @cached_property
    def has_cart(self) -> bool:
        """A link to a shopping cart on any page read: the site sells on the site itself."""
        return any(
            vocab.CART_LINK.search(f"{link.text} {link.href}")
            for p in self.pages
            for link in p.links
        )

    # -- opening hours ---------------------------------------------------------------------

    @cached_property
    def all_hours(self) -> list[tuple[Page, Hours, str, bool]]:
        """Every set of opening hours: (page, hours, source, about customer contact)."""
        out = []
        for page in self.pages:
            items = [i for d in page.jsonld for i in jsonld_items(d)]
            if items:
                h = parse_jsonld(items)
                if not h.empty():
                    out.append((page, h, "structured data", True))
            h = parse_text(page.text)
            if not h.empty():
                out.append((page, h, "text", self._service_hours(page, h)))
        return out

    @staticmethod
    def _service_hours(page: Page, hours: Hours) -> bool:
        """Whether hours read from a page's text are about reaching the organisation.

        On a page about news, an event or a course the page's own topic does not count: only
        the words around the hours do ("nieuwe openingstijden klantenservice").
        """
        where = f"{page.url} {page.title}"
        if vocab.NOT_SCHEDULE_PAGE.search(urlsplit(page.url).path):
            return bool(vocab.SERVICE_HOURS_CONTEXT.search(hours.text))
        return bool(
            vocab.CONTACT_PAGE.search(where)
            or vocab.SERVICE_HOURS_CONTEXT.search(f"{where} {hours.text}")
        )

    @cached_property
    def hours(self) -> list[tuple[Page, Hours, str]]:
        """The hours of customer contact where the site says so; otherwise the hours that read
        as a weekly schedule (several days, or named as opening hours) outside news and events.
        """
        service = [(p, h, src) for p, h, src, is_service in self.all_hours if is_service]
        return service or [
            (p, h, src)
            for p, h, src, _ in self.all_hours
            if src != "text"
            or (
                not vocab.NOT_SCHEDULE_PAGE.search(urlsplit(p.url).path)
                and (h.week_pattern() or vocab.SCHEDULE_CONTEXT.search(h.text))
            )
        ]

    def mentions(self, pattern: prefilter.Pattern, pages: list[Page] | None = None):
        """(page, the sentence around the first match) for each page whose visible text matches."""
        out = []
        for page in self.pages if pages is None else pages:
            if not prefilter.may_match(pattern, page.text):
                continue
            m = pattern.search(page.text)
            if m:
                out.append((page, line_around(page.text, m.start(), end=m.end())))
        return out


# The data text of a contact-form channel: kept in English (the report leaves it out), while the
# evidence shows it translated.
FORM_TEXT = "contact form"

# Widgets of these kinds are contact channels; a widget's kind is the channel's key.
WIDGET_CHANNELS = frozenset(c.key for c in (chan.CHAT, chan.WHATSAPP, chan.MESSENGER, chan.SOCIAL))
# GR106 names the in-person channel by this alias in its data and evidence, as it always has.
VISIT = "bezoek"


def offered_channels(site: Site) -> dict[str, tuple]:
    """Each channel the site offers, with the shallowest page and the text that offers it."""
    return dict(site.channels_offered)


def _offered_channels(site: Site) -> dict[str, tuple]:
    found: dict[str, tuple] = {}

    def add(name: str, page, text: str) -> None:
        if name not in found or (page.depth or 99) < (found[name][0].depth or 99):
            found[name] = (page, text)

    for page, phone in site.phones:
        add(chan.PHONE.key, page, phone.raw)
    for page, phone in site.whatsapp_numbers:
        # A number offered only for WhatsApp is the WhatsApp channel, not a phone line.
        add(chan.WHATSAPP.key, page, Note(f"WhatsApp {phone.raw}"))
    for page, email in site.contact_emails():
        add(chan.EMAIL.key, page, email.address)
    for page, _form in site.contact_forms:
        add(chan.FORM.key, page, FORM_TEXT)
    for page in site.pages:
        for widget in page.widgets:
            if widget.kind in WIDGET_CHANNELS and (
                widget.kind != chan.SOCIAL.key or widget.vendor != "YouTube"
            ):
                add(widget.kind, page, Note(f"{widget.vendor} {widget.evidence}".strip()))
    told = [p for p in site.pages if not vocab.STORY_PAGE.search(p.address)]
    words = [
        (chan.CHAT.key, vocab.CHAT_WORDS),
        (chan.VIDEO.key, vocab.VIDEO_WORDS),
        (VISIT, vocab.VISIT_WORDS),
        (chan.LETTER.key, vocab.LETTER_WORDS),
    ]
    if site.profile == "gemeente":
        words.append((VISIT, vocab.MUNICIPAL_VISIT_WORDS))
    for name, pattern in words:
        placed = partial(_visit_placed, bool(site.hours)) if pattern is vocab.VISIT_WORDS else None
        for page, sentence in _offers(pattern, told, placed):
            add(name, page, sentence)
    return found


VISIT_LINES = 2  # lines after an invitation to come by that may say where or when
VISIT_REACH = 300  # characters either side of it, within those lines


def _visit_placed(hours: bool, page: Page, m: re.Match[str]) -> bool:
    """Whether a visit word offers a visit to the organisation: a place of service (a visiting
    address, a counter) always does; an invitation ("kom langs", "bezoek onze showroom") does on
    the contact page, or where its line or the lines beside it say where or when (a street or
    postcode, a weekday, an hour; "tijdens de openingsuren" only where the site publishes its
    ``hours``). On a product or marketing page without either it is a sales invitation ("Kom
    langs voor een proefopstelling"), not a customer-service channel."""
    if vocab.VISIT_PLACE.match(page.text, m.start()):
        return True
    if vocab.CONTACT_PAGE.search(f"{urlsplit(page.address).path} {page.title}"):
        return True
    text = page.text
    # the line before, the match's line and VISIT_LINES after it, at most VISIT_REACH either side
    start = text.rfind("\n", 0, max(0, text.rfind("\n", 0, m.start()))) + 1
    end = m.end() - 1
    for _line in range(VISIT_LINES + 1):
        found = text.find("\n", end + 1)
        end = len(text) if found < 0 else found
    block = text[max(start, m.start() - VISIT_REACH) : min(end, m.end() + VISIT_REACH)]
    return bool(
        vocab.VISIT_WHERE_WHEN.search(block) or (hours and vocab.VISIT_HOURS_NAMED.search(block))
    )


def contact_pages(site: Site) -> list[Page]:
    """Pages that are the contact page: the word is in their address or their title."""
    return [
        p for p in site.pages if vocab.CONTACT_PAGE.search(f"{urlsplit(p.address).path} {p.title}")
    ]


def contact_page_channels(site: Site) -> tuple[chan.Channel, ...]:
    """The written channels the contact page offers (its contact form, e-mail address,
    WhatsApp number), in the order of the channel table."""
    pages = set(map(id, contact_pages(site)))
    found = {chan.FORM.key for p, _f in site.contact_forms if id(p) in pages}
    found |= {chan.EMAIL.key for p, _e in site.contact_emails() if id(p) in pages}
    found |= {chan.WHATSAPP.key for p, _n in site.whatsapp_numbers if id(p) in pages}
    return tuple(c for c in chan.CHANNELS if c.key in found)


def _offers(pattern, pages, placed=None):
    """(page, the first sentence on it that offers what ``pattern`` names), for each page with
    one: an FAQ question or a denial ("wij hebben geen balie") is not an offer, and a question
    before it ("Heeft u een showroom? Ja, in Ede.") does not hide the answer after it.
    ``placed(page, match)``, when given, must also hold (a visit needs a where or when)."""
    for page in pages:
        for m in pattern.finditer(page.text):
            if placed is not None and not placed(page, m):
                continue
            sentence = line_around(page.text, m.start(), end=m.end())
            before = _WORD.findall(page.text[max(0, m.start() - 60) : m.start()])[-3:]
            if (
                not sentence.rstrip("…").rstrip().endswith("?")
                and not vocab.NEGATION.search(sentence)
                # "zonder balie of showroom", but "zonder afspraak langskomen" is an offer
                and not any(w.lower() in ("zonder", "without") for w in before)
            ):
                yield page, sentence
                break


_WORD = prefilter.compile(r"[^\W\d_]+")


def staff_only(page: Page) -> bool:
    """A login page for the site's own staff (an admin or CMS login), not for customers."""
    top = page.text[:300]
    return bool(vocab.STAFF_LOGIN.search(f"{page.address} {page.title} {top}"))
