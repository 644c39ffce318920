"""Rule 1 checks, "Wees beschikbaar als de klant daar om vraagt": reachable, findable, on time."""

from __future__ import annotations

import bisect
import itertools
from urllib.parse import urlsplit

from goudenregels import i18n
from goudenregels.checks.overview import format_hours
from goudenregels.checks.promises import page_promises
from goudenregels.checks.site import (
    FORM_TEXT,
    Note,
    Site,
    error_text,
    line_around,
    offered_channels,
    staff_only,
)
from goudenregels.checks.steps import describe_step
from goudenregels.hookspecs import hookimpl
from goudenregels.i18n import N_, _, ngettext
from goudenregels.model import (
    ERROR,
    FAIL,
    NOT_APPLICABLE,
    NOTE,
    PASS,
    QUOTE,
    REVIEW,
    Cell,
    Evidence,
    Heading,
    Result,
    Screenshot,
    Screenshots,
    Table,
    check,
    defined_checks,
)
from goudenregels.snapshot import Page, normalize_url
from goudenregels.words import channels as chan
from goudenregels.words import norms, vocab
from goudenregels.words.hours import Hours
from goudenregels.words.norms import AXE_BLOCKING_IMPACTS
from goudenregels.words.phones import kind_label
from goudenregels.words.quotes import clip

FINDABLE_DEPTH = 2  # "within two clicks of the home page", the usual findability bar
OFFICE_CLOSE = 18 * 60  # reachable after 18:00 counts as evening hours


def _phone_evidence(site: Site, page, phone, label: str = "") -> Evidence:
    """A number as the site shows it (the line it stands in), labelled with its kind; a number
    the page shows only as a link or after a click is the tool's note of it."""
    kind = kind_label(phone.kind)
    label = f"{label}, {kind}" if label else kind
    if phone.source in ("text", "hidden"):
        quote = phone.context if phone.raw in phone.context else phone.raw
        return site.evidence(page, quote, label=label, note=site.shown(phone))
    note = f"{phone.raw} (‘{phone.context}’)" if phone.context else phone.raw
    return site.note_on(page, note, label=label)


def _one_per_page(items):
    """One entry per (page, number): a number shown as text and as tel: link is one finding."""
    seen, out = set(), []
    for page, phone in items:
        if (page.url, phone.e164) not in seen:
            seen.add((page.url, phone.e164))
            out.append((page, phone))
    return out


@check(
    code="GR101",
    slug="phone-findable",
    rule=1,
    title_en=N_("Phone number easy to find"),
    what_en=N_(
        "Looks for a customer-service phone number shown as text (or a tel: link) on the home "
        "page or within two clicks of it."
    ),
    why_en=N_(
        "Customers who want to call should not have to search. Hiding the number behind FAQs "
        "or contact forms is channel steering at the customer's expense; rule 1 asks that contact "
        "details are easy to find and phone numbers not hidden."
    ),
    fix_en=N_(
        "Show the customer-service number as text in the footer or header of every page, or "
        "at least on a contact page linked from the main menu."
    ),
    weight=3,
)
def phone_findable(site: Site) -> Result:
    # Shown on load or one click away (an accordion, a slide-in panel): both are published.
    visible = _one_per_page(site.published_phones())
    near = [(p, ph) for p, ph in visible if p.depth is not None and p.depth <= FINDABLE_DEPTH]
    # Quote the customer-service line first, not an emergency or department number.
    near.sort(
        key=lambda item: (not vocab.OWN_LINE.search(item[1].context), item[1].source == "hidden")
    )
    if near:
        page, phone = near[0]
        return Result(
            PASS,
            _("Phone number {raw} shown at click depth {depth}.").format(
                raw=phone.raw, depth=page.depth
            ),
            [_phone_evidence(site, p, ph) for p, ph in near[:3]],
            {"number": phone.e164, "depth": page.depth},
        )
    if visible:
        page, phone = visible[0]
        where = site.depth_text(page)
        return Result(
            FAIL,
            _(
                "A phone number ({raw}) appears only at {where}, on {url}; customers need it "
                "within {limit} clicks of the home page."
            ).format(raw=phone.raw, where=where, url=page.address, limit=FINDABLE_DEPTH),
            [_phone_evidence(site, p, ph) for p, ph in visible[:3]],
            {"number": phone.e164, "depth": page.depth},
        )
    return (
        _whatsapp_only(site)
        or _phone_offered_otherwise(site)
        or Result(
            FAIL,
            _("No phone number found on the {n} pages crawled.").format(n=len(site.pages)),
            site.on_home(_("no phone number on the home page")),
        )
    )


def _whatsapp_only(site: Site) -> Result | None:
    """A review when the only number published is one for WhatsApp messages, not for calls."""
    shown = [(p, ph) for p, ph in site.whatsapp_numbers if ph.source in ("text", "tel", "link")]
    if not shown:
        return None
    shown.sort(key=lambda item: item[0].depth if item[0].depth is not None else 10_000)
    page, phone = shown[0]
    return Result(
        REVIEW,
        _(
            "The only number published ({raw}) is for WhatsApp messages, not for calls; check "
            "whether customers can phone the organisation."
        ).format(raw=phone.raw),
        [_phone_evidence(site, p, ph, "WhatsApp") for p, ph in _one_per_page(shown)[:3]],
        {"whatsapp": phone.e164},
    )


def _phone_offered_otherwise(site: Site) -> Result | None:
    """A review when no number is shown as text but one seems to be offered another way."""
    indirect = [
        (p, ph)
        for p, ph in site.phones
        if ph.source in ("image", "hidden", "jsonld", "revealed") and not site.is_published(p, ph)
    ]
    reveal = [
        (p, b)
        for p in site.pages
        for b in p.buttons
        if vocab.REVEAL_PHONE.search(b.text) or vocab.CALL_BUTTON.match(b.text)
    ]
    images = [(p, img) for p in site.pages for img in p.images]
    if not (indirect or reveal or images):
        return None
    how = {
        "image": _("only in an image"),
        "hidden": _("hidden behind a button that reveals the number"),
        "jsonld": _("only in the page's structured data, not as visible text"),
        "revealed": _("only after a click"),
    }
    evidence = [site.note_on(p, ph.raw, label=how[ph.source]) for p, ph in indirect[:3]]
    evidence += [site.evidence(p, b.text, label=_("button")) for p, b in reveal[:3]]
    evidence += [
        site.evidence(p, img.alt, label=_("image"))
        if img.alt
        else site.note_on(p, _("image {src}").format(src=img.src))
        for p, img in images[:3]
    ]
    return Result(
        REVIEW,
        _(
            "No phone number shown as text, but a number appears to be offered another way "
            "(an image, a reveal button or structured data); check what a visitor sees."
        ),
        evidence,
    )


@check(
    code="GR102",
    slug="phone-basic-rate",
    rule=1,
    title_en=N_("Phone at basic rate"),
    what_en=N_(
        "Classifies every customer-facing phone number by cost: free (0800), premium "
        "information numbers (0900/0906/0909), other paid numbers (084/087) or a basic rate "
        "(geographic, mobile, 085/088, 14 0xx)."
    ),
    why_en=N_(
        "A premium number makes customers pay to be helped and signals that contact is "
        "unwelcome. Dutch consumer law forbids charging more than the basic rate for calls about a "
        "contract already concluded."
    ),
    fix_en=N_(
        "Offer a free 0800 number or a number at basic rate (geographic, 085 or 088) for "
        "customer service."
    ),
    weight=2,
)
def phone_basic_rate(site: Site) -> Result:
    phones = site.phones
    if not phones:
        return Result(NOT_APPLICABLE, _("No phone number found, so its rate cannot be judged."))
    premium = [(p, ph) for p, ph in phones if ph.kind == "premium"]
    paid = [(p, ph) for p, ph in phones if ph.kind == "paid_08x"]
    basic = [(p, ph) for p, ph in phones if ph.kind not in ("premium", "paid_08x")]
    numbers = sorted({ph.e164 for _, ph in phones})
    data = {"numbers": {ph.e164: ph.kind for _, ph in phones}}

    def ev(items):
        items = sorted(items, key=lambda i: i[1].source not in ("text", "tel"))
        seen, out = set(), []
        for p, ph in items:
            if ph.e164 not in seen:
                seen.add(ph.e164)
                out.append(_phone_evidence(site, p, ph))
        return out[:4]

    if premium and not basic:
        return Result(
            FAIL,
            _("The phone number customers are given is a premium-rate number ({raw}).").format(
                raw=premium[0][1].raw
            ),
            ev(premium),
            data,
        )
    if premium:
        return Result(
            REVIEW,
            _(
                "Both a premium-rate and a basic-rate number are published; check which one is "
                "the customer-service line."
            ),
            ev(premium + basic),
            data,
        )
    if paid and not basic:
        return Result(
            REVIEW,
            _("The phone number is a paid 084/087 number ({raw}); check its rate.").format(
                raw=paid[0][1].raw
            ),
            ev(paid),
            data,
        )
    return Result(
        PASS,
        ngettext(
            "{n} phone number found, not at a premium rate.",
            "{n} phone numbers found, none at a premium rate.",
            len(numbers),
        ).format(n=len(numbers)),
        ev(basic),
        data,
    )


@check(
    code="GR103",
    slug="email-findable",
    rule=1,
    title_en=N_("E-mail address findable"),
    what_en=N_(
        "Looks for an e-mail address customers can write to (not a no-reply address) "
        "within two clicks of the home page."
    ),
    why_en=N_(
        "Customers expect to be able to write. Webshops must publish an e-mail address under "
        "Dutch law (Burgerlijk Wetboek 3:15d and 6:230m); a contact form alone gives the customer no "
        "copy and no address to reply to."
    ),
    fix_en=N_(
        "Publish a monitored customer-service e-mail address on the contact page, and "
        "preferably in the footer."
    ),
    weight=2,
)
def email_findable(site: Site) -> Result:
    emails = site.contact_emails()
    near = [(p, e) for p, e in emails if p.depth is not None and p.depth <= FINDABLE_DEPTH]
    if near:
        page, email = near[0]
        return Result(
            PASS,
            _("E-mail address {address} shown at click depth {depth}.").format(
                address=email.address, depth=page.depth
            ),
            [site.evidence(p, e.address, note=site.shown(e)) for p, e in near[:3]],
            {"address": email.address, "depth": page.depth},
        )
    forms = site.contact_forms
    deeper = [
        site.evidence(
            p,
            e.address,
            label=_("e-mail address deeper in the site"),
            note=site.shown(e),
        )
        for p, e in emails[:2]
    ]
    shop = site.profile == "webshop" or site.has_cart
    if forms and shop and not emails and not site.unseen:
        # A distance seller must publish an e-mail address (BW 6:230m): a form does not replace it.
        return Result(
            FAIL,
            _(
                "No e-mail address on any of the {n} pages read; a webshop must publish one, and "
                "its contact form does not replace it ({url})."
            ).format(n=len(site.pages), url=forms[0][0].address),
            [site.note_on(p, _("contact form")) for p, _form in forms[:2]],
        )
    if forms:
        page, _form = forms[0]
        return Result(
            REVIEW,
            _(
                "No e-mail address within {limit} clicks; customers are offered a contact form "
                "({url})."
            ).format(limit=FINDABLE_DEPTH, url=page.address),
            [site.note_on(p, _("contact form")) for p, _form in forms[:2]] + deeper,
        )
    return Result(
        FAIL,
        _("No e-mail address or contact form within {limit} clicks of the home page.").format(
            limit=FINDABLE_DEPTH
        ),
        deeper or site.on_home(_("no e-mail address")),
    )


@check(
    code="GR104",
    slug="opening-hours",
    rule=1,
    title_en=N_("Opening hours published"),
    what_en=N_(
        "Reads the opening hours of customer service or the phone line per day, from the "
        "text of the pages or from schema.org data (openingHoursSpecification). Hours that are "
        "mentioned but cannot be read per day are left for review; where every mention says "
        "only that contact is by appointment ('Openingstijden: op afspraak'), with no day or "
        "time, no hours are published."
    ),
    why_en=N_(
        "Customers need to know when someone will answer; without hours they call in vain or "
        "give up."
    ),
    fix_en=N_(
        "Publish the hours per channel on the contact page (e.g. 'maandag t/m vrijdag "
        "08:00-20:00') and add openingHoursSpecification to the organisation's structured data."
    ),
    weight=2,
)
def opening_hours(site: Site) -> Result:
    found = site.hours
    if found:
        rows = [{"url": p.address, "source": src, "hours": h.as_table()} for p, h, src in found]
        evidence = [site.note_on(p, _hours_note(h)) for p, h, _src in found[:3]]
        return Result(
            PASS,
            ngettext(
                "Opening hours found on {n} page.",
                "Opening hours found on {n} pages.",
                len({r["url"] for r in rows}),
            ).format(n=len({r["url"] for r in rows})),
            evidence,
            {"hours": rows},
            [_hours_table(rows)],
        )
    hints = site.mentions(vocab.HOURS_HINT)
    if hints:
        by_appointment = _appointment_only(site)
        if by_appointment:
            return Result(
                FAIL,
                _(
                    "The opening hours say only that contact is by appointment: no days or "
                    "times are published."
                ),
                [site.evidence(p, line) for p, line in by_appointment[:3]],
            )
        return Result(
            REVIEW,
            _("Opening hours seem to be mentioned but could not be read per day."),
            [site.evidence(p, line) for p, line in hints[:3]],
        )
    return Result(
        FAIL, _("No opening hours found on the {n} pages crawled.").format(n=len(site.pages))
    )


HOURS_BLOCK_LINES = 2  # lines under an hours heading read as what it says


def _appointment_only(site: Site) -> list[tuple[Page, str]]:
    """(page, line) for each place hours are mentioned, when every one of them says only that
    contact is by appointment ("Openingstijden / Op afspraak: altijd mogelijk"): the block under
    the word names no time, weekday or part of the day. Empty when any mention may hold hours."""
    out = []
    for page in site.pages:
        lines = page.text.split("\n")
        starts = list(itertools.accumulate((len(line) + 1 for line in lines), initial=0))
        for m in vocab.HOURS_HINT.finditer(page.text):
            at = bisect.bisect_right(starts, m.start()) - 1
            block = lines[at : at + 1 + HOURS_BLOCK_LINES]
            said = "\n".join(block[:2])
            if vocab.SCHEDULE_WORD.search("\n".join(block)):
                return []
            appointment = vocab.APPOINTMENT_ONLY.search(said)
            if not appointment:
                return []
            out.append((page, line_around(said, appointment.start(), end=appointment.end())))
    return out


HOURS_SOURCES = {"structured data": N_("structured data"), "text": N_("page text")}


def _hours_table(rows: list[dict]) -> Table:
    """The hours found, a row per page: drawn in the report beside the finding."""
    return Table(
        [
            Heading("url", N_("Page"), "url"),
            Heading("source", N_("Read from")),
            Heading("hours", N_("Opening hours"), "nowrap"),
        ],
        [
            {
                "url": r["url"],
                "source": i18n._(HOURS_SOURCES.get(r["source"], r["source"])),
                "hours": [Cell(f"{d} {v}") for d, v in format_hours(r["hours"], i18n._)],
            }
            for r in rows
        ],
    )


def _hours_note(hours: Hours) -> str:
    """The hours as read, per day in the audit's language: the tool's reading, not a quote."""
    days = "; ".join(f"{d} {v}" for d, v in format_hours(hours.as_table(), _))
    return _("opening hours as read: {hours}").format(hours=days)


@check(
    code="GR105",
    slug="hours-beyond-office",
    rule=1,
    title_en=N_("Reachable beyond office hours"),
    what_en=N_(
        "From the published hours: is customer service reachable in the evening (after "
        "18:00) or at the weekend?"
    ),
    why_en=N_(
        "Most customers work during office hours. Rule 1 asks for opening hours that suit "
        "customers, not only the organisation."
    ),
    fix_en=N_(
        "Open at least one real-time channel (phone or chat) on some evenings or on "
        "Saturday, and publish those hours."
    ),
    weight=1,
)
def hours_beyond_office(site: Site) -> Result:
    found = site.hours
    if not found:
        return Result(NOT_APPLICABLE, _("No opening hours found (see GR104)."))
    evidence, reasons = [], []
    for page, hours, _src in found:
        if hours.round_the_clock:
            reasons.append(_("around the clock"))
        elif hours.latest_close() > OFFICE_CLOSE:
            close = hours.latest_close()
            reasons.append(_("until {time}").format(time=f"{close // 60:02d}:{close % 60:02d}"))
        elif hours.weekend_open():
            reasons.append(_("at the weekend"))
        else:
            continue
        evidence.append(site.note_on(page, _hours_note(hours)))
    if evidence:
        return Result(
            PASS,
            _("Reachable beyond office hours ({reason}).").format(reason=reasons[0]),
            evidence[:3],
        )
    all_evidence = [site.note_on(p, _hours_note(h)) for p, h, _ in found[:3]]
    if all(not h.days for _, h, _ in found):
        return Result(
            REVIEW,
            _("Hours are published without naming the days; check whether weekends are covered."),
            all_evidence,
        )
    return Result(
        FAIL, _("Only office hours: closed in the evening and at the weekend."), all_evidence
    )


def _channel_names(names) -> str:
    """Channel keys or aliases as their names in the audit's language, joined for a message."""
    return ", ".join(chan.name_in_text(name) for name in names)


@check(
    code="GR106",
    slug="channels",
    rule=1,
    title_en=N_("Contact channels"),
    what_en=N_(
        "Lists every contact channel the site offers (phone, e-mail, form, chat, WhatsApp, "
        "Messenger, social media, video calling, visit, letter) with where it was found. A "
        "visiting address or a counter is a visit channel; an invitation to come by counts "
        "on the contact page or where it says where or when (an address, days, hours), not as "
        "a sales invitation on a product page."
    ),
    why_en=N_(
        "Customers switch channels and pick the one that fits the question. A real-time "
        "channel (phone, chat) answers urgent questions; a written one (e-mail, form, messaging) "
        "leaves a record."
    ),
    fix_en=N_(
        "Offer at least one real-time channel (phone or chat) and one written channel "
        "(e-mail or a contact form), and list them together on the contact page."
    ),
    weight=2,
)
def channels(site: Site) -> Result:
    found = offered_channels(site)
    rows = [
        {
            "channel": name,
            "url": page.address,
            "depth": page.depth,
            "text": clip(text, 200),
            # the site's own words, or the tool's note of the channel (a chat widget's vendor)
            "kind": "note" if isinstance(text, Note) or text == FORM_TEXT else "quote",
        }
        for name, (page, text) in sorted(found.items())
    ]
    evidence = [
        site.note_on(page, _("contact form"), label=chan.name_in_text(name))
        if text == FORM_TEXT
        else site.evidence(page, text, label=chan.name_in_text(name))
        for name, (page, text) in sorted(found.items())
    ]
    realtime = [c for c in found if chan.channel(c).realtime]
    written = [c for c in found if not chan.channel(c).realtime]
    data = {"channels": rows}
    if realtime and written:
        return Result(
            PASS,
            _("{n} channels found: {channels}.").format(
                n=len(found), channels=_channel_names(sorted(found))
            ),
            evidence,
            data,
        )
    missing = (
        _("a real-time channel (phone, chat)")
        if not realtime
        else _("a written channel (e-mail, form)")
    )
    listed = _channel_names(sorted(found)) or _("none")
    return Result(
        FAIL,
        _("Channels found: {channels}; missing {missing}.").format(
            channels=listed, missing=missing
        ),
        evidence,
        data,
    )


@check(
    code="GR107",
    absence=False,
    slug="no-noreply",
    rule=1,
    title_en=N_("No no-reply address"),
    what_en=N_(
        "Looks for no-reply sender addresses (noreply@, no-reply@, donotreply@ …) that the "
        "site tells customers they will receive mail from."
    ),
    why_en=N_(
        "A confirmation from an address that cannot be answered shuts the conversation; rule 1 "
        "names the no-reply acknowledgement as something customers dislike."
    ),
    fix_en=N_(
        "Send confirmations from an address that customers can reply to and that is read "
        "(e.g. service@), and say so."
    ),
    weight=1,
)
def no_noreply(site: Site) -> Result:
    hits = [(p, e) for p, e in site.emails if site.is_noreply(e.address)]
    if hits:
        seen: set[str] = set()
        evidence = []
        for page, email in hits:
            if (email.address, page.url) not in seen:
                seen.add((email.address, page.url))
                evidence.append(site.evidence(page, email.context or email.address))
        return Result(
            FAIL,
            _("The site publishes a no-reply address: {address}.").format(
                address=hits[0][1].address
            ),
            evidence[:4],
            {"addresses": sorted({e.address for _, e in hits})},
        )
    return Result(
        PASS, _("No no-reply address found on the {n} pages crawled.").format(n=len(site.pages))
    )


@check(
    code="GR108",
    absence=False,
    slug="response-promises",
    rule=1,
    title_en=N_("Promised reaction time per channel"),
    what_en=N_(
        "Reads the reaction times the site promises per channel ('binnen 5 werkdagen', "
        "'binnen 24 uur', 'dezelfde dag', 'direct') and compares each with the norm for that "
        "channel: phone picked up within 30 seconds, chat at once, WhatsApp, social media, "
        "Messenger and web forms the same working day, e-mail the same or the next working day. "
        "A promise belongs to the channel named nearest to it in its sentence (and to the "
        "channels listed with it), else in the sentence before, else to the written channels of "
        "the contact page where either sentence sends the reader there, else in its section's "
        "heading, "
        "else to the contact form, e-mail address or phone number that alone is right beside it "
        "(a phone number only for a promise in seconds or minutes); otherwise it names no "
        "channel and is held to the most lenient norm, or left for review where the site also "
        "offers a channel expected to answer the same working day (a form, WhatsApp) and the "
        "promise may be slower than that."
    ),
    why_en=N_(
        "Customers judge by their own clock, not by internal targets: 'we answer within five "
        "working days' tells a customer that the question can wait. The norm table says what "
        "customers expect per channel."
    ),
    fix_en=N_(
        "Meet the norm for each channel and say so; promise the time you actually make "
        "rather than a safe upper bound."
    ),
    weight=2,
    norm=N_("Expected reaction time per channel (Gouden Regels, rule 1)"),
)
def response_promises(site: Site) -> Result:
    rows: list[dict] = []
    evidence: list[Evidence] = []
    seen: set[tuple[str, str]] = set()
    for page in site.pages:
        if vocab.NOT_PROMISE_PAGE.search(f"{page.url} {page.title}"):
            continue  # complaint and privacy terms are legal handling times, judged elsewhere
        if not vocab.REACTION_WORDS.search(page.text):
            continue  # most pages promise nothing: skip splitting them into sentences
        _read_promises(site, page, seen, rows, evidence)
    return _judge_promises(rows, evidence)


def _read_promises(
    site: Site, page, seen: set[tuple[str, str]], rows: list[dict], evidence: list[Evidence]
) -> None:
    """Add the reaction times one page promises: a row per channel and sentence, once."""
    for channel, sentence, promise, how in page_promises(site, page):
        key = (channel.key, sentence)
        if key in seen:
            continue
        seen.add(key)
        row = _promise_row(page, sentence, promise, channel, how)
        same_day = _same_day_channel(site) if channel is chan.UNNAMED else None
        if same_day and row["verdict"] == PASS and norms.SAME_WORKING_DAY.judge(promise) != PASS:
            # "Wij reageren binnen 24 uur" meets the e-mail norm, not the form's same working
            # day: with such a channel on offer, which one it is about decides.
            row["verdict"] = REVIEW
            row["open_channel"] = same_day.key
        rows.append(row)
        evidence.append(site.evidence(page, sentence, label=chan.name_in_text(channel.key)))


def _same_day_channel(site: Site) -> chan.Channel | None:
    """A written channel the site offers that is held to the same working day (a form)."""
    offered = offered_channels(site)
    for c in chan.CHANNELS:
        if c.key in offered and c.norm is norms.SAME_WORKING_DAY and not c.realtime:
            return c
    return None


def _promise_row(page, sentence: str, promise, channel, how: str) -> dict:
    norm = channel.norm
    assert norm is not None  # every channel a promise can name has a norm
    verdict = norm.judge(promise)
    if channel is chan.UNNAMED and verdict == FAIL:
        verdict = REVIEW  # no channel named or on the page: a person decides
    return {
        "channel": channel.key,
        "promise": promise.text,
        "norm": norm.text("nl"),
        "verdict": verdict,
        "inferred_channel": how != "sentence",
        "attributed_by": how,
        "url": page.address,
        "text": sentence[:300],
    }


PROMISE_VERDICTS = {
    PASS: N_("meets the norm"),
    FAIL: N_("slower than the norm"),
    REVIEW: N_("to review"),
}


def _promise_table(rows: list[dict]) -> Table:
    """The promises read, a row per channel and sentence, each beside the channel's norm."""
    return Table(
        [
            Heading("channel", N_("Channel")),
            Heading("promise", N_("Promised reaction")),
            Heading("norm", N_("Norm")),
            Heading("url", N_("Page"), "url"),
        ],
        [
            {
                "channel": i18n._(chan.channel(r["channel"]).name),
                "promise": Cell(
                    f"“{r['promise']}”", i18n._(PROMISE_VERDICTS.get(r["verdict"], N_("to review")))
                ),
                "norm": chan.NORMS[r["channel"]].text(),
                "url": r["url"],
            }
            for r in rows
        ],
    )


def _judge_promises(rows: list[dict], evidence: list[Evidence]) -> Result:
    result = _judge_promise_rows(rows, evidence)
    if rows:
        result.details.append(_promise_table(rows))
    return result


def _edge_message(edge: list[dict]) -> str:
    """Why promises on the edge of their norm are left to a person."""
    named = [r for r in edge if r["channel"] != chan.UNNAMED.key]
    if named:
        return _("‘{promise}’ for {channel} may or may not be the same working day.").format(
            promise=named[0]["promise"], channel=chan.name_in_text(named[0]["channel"])
        )
    if edge[0].get("open_channel"):
        return _(
            "‘{promise}’ is promised without naming a channel: that meets the e-mail norm, but "
            "the site also offers contact by {channel}, where the same working day is expected; check "
            "which channel it is about."
        ).format(promise=edge[0]["promise"], channel=chan.name_in_text(edge[0]["open_channel"]))
    return _(
        "‘{promise}’ is promised without naming a channel, and is slower than the most "
        "lenient norm; check which channel it is about."
    ).format(promise=edge[0]["promise"])


def _judge_promise_rows(rows: list[dict], evidence: list[Evidence]) -> Result:
    data = {"promises": rows}
    if not rows:
        return Result(
            NOT_APPLICABLE,
            _(
                "The pages read promise no reaction time, so there is no promise to compare with "
                "the norm; the real reaction time can only be measured (GR120–GR122)."
            ),
            [],
            data,
        )
    slow = [r for r in rows if r["verdict"] == "fail"]
    edge = [r for r in rows if r["verdict"] == "review"]
    if slow:
        worst = slow[0]
        return Result(
            FAIL,
            _("The site promises ‘{promise}’ for {channel}, slower than the norm ({norm}).").format(
                promise=worst["promise"],
                channel=chan.name_in_text(worst["channel"]),
                norm=chan.NORMS[worst["channel"]].text(),
            ),
            [e for e, r in zip(evidence, rows, strict=True) if r["verdict"] == "fail"][:4],
            data,
        )
    if edge:
        return Result(REVIEW, _edge_message(edge), evidence[:4], data)
    return Result(
        PASS,
        ngettext(
            "{n} promised reaction time, within the norm.",
            "{n} promised reaction times, all within the norm.",
            len(rows),
        ).format(n=len(rows)),
        evidence[:4],
        data,
    )


@check(
    code="GR109",
    slug="password-reset",
    rule=1,
    title_en=N_("Password reset offered"),
    what_en=N_(
        "Where the site has a login form, looks for a password-reset link next to it and "
        "follows it (without submitting anything)."
    ),
    why_en=N_(
        "A customer who forgot a password and finds no way back is locked out of their own "
        "orders and data; rule 1 asks for easy login and password reset."
    ),
    fix_en=N_(
        "Put a 'Wachtwoord vergeten?' link directly under every login form, leading to a "
        "page that asks only for the e-mail address."
    ),
    weight=1,
)
def password_reset(site: Site) -> Result:
    result = _password_reset(site)
    journey = site.snapshot.journeys.get("password_reset") or {}
    shot = journey.get("screenshot")
    if shot:
        done = journey.get("status") == "done"
        step = {"name": "password-reset" if done else "login"}
        if done:
            step["link"] = journey.get("reset_link_text", "")
        url = journey.get("reset_url") or journey.get("login_url") or ""
        result.details.append(Screenshots([Screenshot(describe_step(step), str(url), str(shot))]))
    return result


def _reset_link_evidence(journey: dict) -> Evidence:
    """The reset link the journey followed: its text as the site shows it, where it led."""
    return Evidence(
        url=journey.get("login_url", ""),
        text=str(journey.get("reset_link_text", "")),
        kind=QUOTE,
        label=_("link"),
        note=_("leads to {url}").format(url=journey.get("reset_url", "")),
    )


# Answers that say the page is not there; a server error may pass, so a person looks.
GONE = (404, 410)


def _lands_home(site: Site, url: str) -> bool:
    """A reset link that ends on the home page (a missing page redirected there) resets
    nothing, whatever form the home page holds (a newsletter sign-up)."""
    home = site.snapshot.home
    if not url or home is None:
        return False
    try:
        return normalize_url(url) == normalize_url(home.address)
    except ValueError:
        return False


def _customer_logins(site: Site) -> tuple[list, list, dict]:
    """(pages with a password field, those for customers, the reset journey unless it went to a
    staff login)."""
    with_password = [
        p for p in site.pages if any(fl.type == "password" for f in p.forms for fl in f.fields)
    ]
    logins = [p for p in with_password if not staff_only(p)]
    journey = site.snapshot.journeys.get("password_reset") or {}
    staff_urls = {p.address for p in with_password if p not in logins}
    if journey.get("login_url") and (
        journey["login_url"] in staff_urls or vocab.STAFF_LOGIN.search(str(journey["login_url"]))
    ):
        journey = {}
    return with_password, logins, journey


def _followed_reset(site: Site, journey: dict) -> Result:
    """The reset link was followed: a reset form passes, a missing page fails, else review."""
    ev = [_reset_link_evidence(journey)]
    if (
        journey.get("reset_form")
        and (journey.get("reset_status") or 200) < 400
        and not _lands_home(site, str(journey.get("reset_url", "")))
    ):
        return Result(
            PASS,
            _("The login form has a password-reset link that leads to a reset form."),
            ev,
            {"journey": journey},
        )
    if journey.get("reset_status") in GONE and not journey.get("reset_form"):
        return Result(
            FAIL,
            _(
                "The password-reset link leads to a page that does not exist (HTTP "
                "{status}): a customer who forgot the password cannot get back in."
            ).format(status=journey["reset_status"]),
            ev,
            {"journey": journey},
        )
    return Result(
        REVIEW,
        _(
            "A password-reset link exists, but the page it leads to shows no field to ask "
            "for a new password."
        ),
        ev,
        {"journey": journey},
    )


def _static_reset(site: Site, static: list) -> Result:
    """A reset link on a login page, where no journey followed one: it passes unless the link
    checks found every such link's page missing."""
    checked = site.snapshot.link_checks or {}

    def gone(item: object) -> int | None:
        href = getattr(item, "href", "")
        status = (checked.get(normalize_url(href)) or {}).get("status") if href else None
        return status if status in GONE else None

    working = [(p, item) for p, item in static if gone(item) is None]
    if not working:
        page, item = static[0]
        return Result(
            FAIL,
            _(
                "The password-reset link leads to a page that does not exist (HTTP "
                "{status}): a customer who forgot the password cannot get back in."
            ).format(status=gone(item)),
            [site.evidence(page, getattr(item, "text", ""), label=_("link"))],
        )
    page, item = working[0]
    return Result(
        PASS,
        _("The login form has a password-reset link."),
        [site.evidence(page, getattr(item, "text", ""), label=_("link"))],
    )


def _password_reset(site: Site) -> Result:
    with_password, logins, journey = _customer_logins(site)
    if with_password and not logins and not journey:
        return Result(
            NOT_APPLICABLE,
            _(
                "Only a login for the site's own staff was found ({url}); customers have none."
            ).format(url=with_password[0].address),
        )
    if journey.get("status") == "error" and not logins:
        return Result(
            ERROR,
            _("The password-reset journey failed: {error}.").format(error=journey.get("error")),
            data={"journey": journey},
        )
    if not logins and journey.get("status") not in ("done", "no_reset"):
        return Result(NOT_APPLICABLE, _("No login form found."))
    static = [
        (p, link)
        for p in logins
        for link in p.links
        if vocab.RESET_LINK.search(f"{link.text} {link.href}")
    ]
    static += [(p, b) for p in logins for b in p.buttons if vocab.RESET_LINK.search(b.text)]
    if journey.get("status") == "done":
        return _followed_reset(site, journey)
    if static:
        return _static_reset(site, static)
    where = [site.note_on(p, _("login form without a reset link")) for p in logins[:3]]
    if not where and journey.get("login_url"):
        where = [Evidence(url=journey["login_url"], text=_("login form without a reset link"))]
    return Result(FAIL, _("A login form offers no way to reset a forgotten password."), where)


@check(
    code="GR110",
    absence=False,
    slug="guest-checkout",
    rule=1,
    title_en=N_("Ordering without an account"),
    what_en=N_(
        "Puts a product in the cart (only with --allow-cart when that needs the server), "
        "goes to the checkout and reads whether ordering as a guest is offered or an account is "
        "forced. Nothing is ordered or paid. Where the journey cannot decide, a crawled checkout "
        "page or order form (a one-page shop's cart drawer) that asks for an address and no "
        "password shows that guests can order."
    ),
    why_en=N_(
        "Forcing customers to create an account before they may buy adds a password to "
        "remember and data to hand over; rule 1 names ordering without an account."
    ),
    fix_en=N_(
        "Offer 'bestellen als gast' at the start of the checkout; offer the account "
        "afterwards, on the confirmation page."
    ),
    weight=2,
    profiles=("webshop",),
)
def guest_checkout(site: Site) -> Result:
    result = _guest_checkout(site)
    journey = site.snapshot.journeys.get("guest_checkout") or {}
    shots = [
        Screenshot(describe_step(step), str(step.get("url", "")), str(step["screenshot"]))
        for step in journey.get("steps") or []
        if isinstance(step, dict) and step.get("screenshot")
    ]
    if shots:
        result.details.append(Screenshots(shots))
    return result


def _guest_checkout(site: Site) -> Result:
    journey = site.snapshot.journeys.get("guest_checkout")
    static = site.mentions(vocab.GUEST_CHECKOUT)
    if journey and journey.get("status") == "error" and not static:
        return Result(
            ERROR,
            _("The checkout journey failed: {error}.").format(
                error=journey.get("error", _("unknown"))
            ),
            data={"journey": journey},
        )
    if journey and journey.get("status") == "done":
        steps = journey.get("steps", [])
        url = journey.get("checkout_url", "")
        path = [s.get("url", "") for s in steps]
        ev = [_checkout_evidence(journey, url, path)]
        if journey.get("guest_option"):
            return Result(
                PASS,
                _("The checkout offers ordering without an account."),
                ev,
                {"journey": journey},
            )
        if journey.get("account_forced"):
            return Result(
                FAIL,
                _("The checkout forces customers to create an account or log in."),
                ev,
                {"journey": journey},
            )
    if static:
        page, line = static[0]
        return Result(
            PASS,
            _("The site says ordering without an account is possible."),
            [site.evidence(page, line)],
            {"journey": journey},
        )
    read = _checkout_read(site) or _no_accounts(site)
    if read is not None:
        return read
    reason = {
        None: _("the checkout journey did not run"),
        "no_product": _("no product page was found"),
        "no_cart_button": _("no add-to-cart button was found"),
        "blocked": _("adding to the cart needs a request to the server; rerun with --allow-cart"),
        "no_checkout": _("no way to the checkout was found"),
        "done": _("the checkout page does not say"),
    }.get((journey or {}).get("status"), (journey or {}).get("error", _("the journey failed")))
    return Result(
        REVIEW,
        _("Could not tell whether guests can order: {reason}.").format(reason=reason),
        [
            Evidence(url=s.get("url", ""), text=describe_step(s))
            for s in (journey or {}).get("steps", [])
            if isinstance(s, dict)
        ][:4],
        {"journey": journey},
    )


# What the checkout journey saw when no sentence on the checkout page said it.
CHECKOUT_SEEN = {
    "address": N_("the checkout page asks for an address without a login"),
    "login": N_("the checkout page shows a login form and no address form"),
}


_OLD_CHECKOUT_NOTES = {
    "the checkout asks for an address without a login": "address",
    "the checkout shows a login form and no address form": "login",
}


def _checkout_evidence(journey: dict, url: str, path: list[str]) -> Evidence:
    """The checkout page's own sentence as a quote, or the tool's note of what it saw there."""
    quote = str(journey.get("evidence") or "")
    # A snapshot from before "seen" holds the tool's English note in "evidence".
    seen = journey.get("seen") or _OLD_CHECKOUT_NOTES.get(quote)
    if seen in CHECKOUT_SEEN:
        return Evidence(url=url, click_path=path, text=i18n._(CHECKOUT_SEEN[seen]))
    return Evidence(url=url, click_path=path, text=quote, kind=QUOTE if quote else NOTE)


def _checkout_read(site: Site) -> Result | None:
    """PASS when a crawled checkout page, or a form that places the order, asks for an address
    and no password or account."""
    for page in site.pages:
        # A one-page shop orders from a cart drawer: its order form is the checkout.
        orders = [f for f in page.forms if f.submit and vocab.ORDER_SUBMIT.search(f.submit)]
        if orders:
            fields = [fl for form in orders for fl in form.fields]
        elif vocab.CHECKOUT_LINK.search(f"{page.address} {page.title}"):
            fields = [fl for form in page.forms for fl in form.fields]
        else:
            continue
        address = sum(1 for fl in fields if vocab.ADDRESS_FIELDS.search(f"{fl.name} {fl.label}"))
        password = any(fl.type == "password" for fl in fields)
        if address >= 2 and not password and not vocab.ACCOUNT_FORCED.search(page.text):
            message = (
                _("The order form (‘{button}’) asks for a delivery address without a login.")
                if orders
                else _("The checkout page asks for a delivery address without a login.")
            )
            button = orders[0].submit if orders else ""
            return Result(
                PASS,
                message.format(button=button),
                [site.note_on(page, _("address fields and no password field"))],
            )
    return None


def _no_accounts(site: Site) -> Result | None:
    """PASS when the whole shop was read, has a cart, and offers no customer login anywhere."""
    if site.unseen or not site.pages:
        return None
    if not site.has_cart:
        return None  # without a cart found, the absence of accounts says little
    for page in site.pages:
        if staff_only(page):
            continue
        if any(fl.type == "password" for form in page.forms for fl in form.fields):
            return None
        if any(vocab.LOGIN_LINK.match(item.text) for item in [*page.links, *page.buttons]):
            return None
        if vocab.ACCOUNT_WORDS.search(page.text):
            return None
    return Result(
        PASS,
        _("The site has no customer accounts at all, so every order is placed without one."),
        site.on_home(_("no login or account anywhere on the site")),
    )


@check(
    code="GR111",
    absence=False,
    slug="site-available",
    rule=1,
    title_en=N_("Site available and error-free"),
    what_en=N_(
        "The home page and service pages answer without HTTP errors or time-outs and "
        "render without script errors."
    ),
    why_en=N_(
        "A contact or help page that fails is a closed door; rule 1 asks that website and "
        "app are always up and work logically."
    ),
    fix_en=N_(
        "Fix or redirect the failing pages and the scripts that throw errors; monitor the "
        "service pages."
    ),
    weight=2,
)
def site_available(site: Site) -> Result:
    snap = site.snapshot
    service = [
        p for p in snap.pages if p.depth == 0 or vocab.SERVICE_PAGE.search(f"{p.url} {p.title}")
    ]
    broken = [p for p in service if p.error or (p.status or 0) >= 400]
    if broken:
        return Result(
            FAIL,
            ngettext(
                "{n} service page did not load.", "{n} service pages did not load.", len(broken)
            ).format(n=len(broken)),
            [site.note_on(p, error_text(p.error) or f"HTTP {p.status}") for p in broken[:5]],
            {"pages": [p.address for p in broken]},
        )
    scripts = [p for p in service if p.script_errors]
    if scripts:
        return Result(
            REVIEW,
            ngettext(
                "{n} service page threw script errors while loading; check whether anything visible breaks.",
                "{n} service pages threw script errors while loading; check whether anything visible breaks.",
                len(scripts),
            ).format(n=len(scripts)),
            [site.note_on(p, p.script_errors[0]) for p in scripts[:5]],
        )
    return Result(
        PASS,
        ngettext(
            "{n} home or service page loaded without errors.",
            "{n} home and service pages loaded without errors.",
            len(service),
        ).format(n=len(service)),
    )


def _path_title(page) -> str:
    return f"{urlsplit(page.address).path} {page.title}"


@check(
    code="GR112",
    slug="human-route",
    rule=1,
    title_en=N_("Chat offers a human"),
    what_en=N_(
        "Where a chat or chatbot is offered, looks for wording that it hands over to a "
        "human employee."
    ),
    why_en=N_(
        "A chatbot that cannot hand over leaves customers stuck; Dutch regulators (ACM and "
        "AP) require a route to a human employee since October 2025."
    ),
    fix_en=N_(
        "Let the chat offer 'chat met een medewerker' at any moment, and say so next to "
        "the chat button."
    ),
    weight=1,
    norm=N_("ACM/AP: a route to a person behind chatbots (October 2025)"),
)
def human_route(site: Site) -> Result:
    # A privacy or cookie statement names chat as data it processes ("webchat-cookie", "chat-
    # en beeldopnamen"): that is no chat on offer, and its sentences say nothing about one.
    offered = [p for p in site.pages if not vocab.PRIVACY_PAGE.search(_path_title(p))]
    chat_pages = [
        p
        for p in offered
        if any(w.kind == chan.CHAT.key for w in p.widgets) or vocab.CHAT_WORDS.search(p.text)
    ]
    if not chat_pages:
        return Result(NOT_APPLICABLE, _("No chat or chatbot found."))
    for page in chat_pages:
        for line in page.text.split("\n"):
            if vocab.HUMAN_ROUTE.search(line) and (
                vocab.CHAT_WORDS.search(line) or "chat" in line.lower()
            ):
                return Result(
                    PASS,
                    _("The chat says it connects to an employee."),
                    [site.evidence(page, line)],
                )
    return Result(
        REVIEW,
        _(
            "A chat is offered, but the site does not say it hands over to a person; start a "
            "chat to check."
        ),
        [site.note_on(p, _("chat")) for p in chat_pages[:3]],
    )


@check(
    code="GR113",
    absence=False,
    slug="accessible-contact",
    rule=1,
    title_en=N_("Accessible contact forms"),
    what_en=N_(
        "Runs axe-core on the contact and complaint forms and reports its serious and "
        "critical findings (missing labels, names, contrast)."
    ),
    why_en=N_(
        "A form that a screen reader cannot label or a customer cannot read shuts out "
        "customers with a disability; the European Accessibility Act applies since June 2025."
    ),
    fix_en=N_(
        "Give every field a visible <label>, every button a name, and enough contrast; "
        "test with axe or a screen reader."
    ),
    weight=1,
    norm=N_("WCAG 2.1 AA / European Accessibility Act (June 2025)"),
)
def accessible_contact(site: Site) -> Result:
    pages = [p for p in site.pages if any(site.is_contact_form(f, p) for f in p.forms)]
    if not pages:
        return Result(NOT_APPLICABLE, _("No contact or complaint form found."))
    gathered = [(p, a) for p in pages if isinstance(a := p.artifacts.get("axe"), dict)]
    # axe-core that failed or had no time left judged nothing: its page is not a clean one.
    judged = [(p, axe) for p, axe in gathered if "error" not in axe]
    untested = [(p, str(axe["error"])) for p, axe in gathered if "error" in axe]
    if not judged:
        return Result(
            REVIEW,
            _("Forms found, but no accessibility results were gathered."),
            [site.note_on(p, _("contact form")) for p in pages[:3]],
        )
    bad = [
        (p, v)
        for p, axe in judged
        for v in axe.get("violations", [])
        if v.get("impact") in AXE_BLOCKING_IMPACTS
    ]
    data = {
        "pages": [{"url": p.address, "violations": axe.get("violations", [])} for p, axe in judged]
    }
    if bad:
        return Result(
            FAIL,
            ngettext(
                "{n} serious or critical accessibility problem in contact forms: ‘{example}’.",
                "{n} serious or critical accessibility problems in contact forms, e.g. ‘{example}’.",
                len(bad),
            ).format(n=len(bad), example=bad[0][1].get("help", bad[0][1].get("id"))),
            [
                site.note_on(
                    p,
                    f"{v.get('id')} ({v.get('impact')}): {v.get('help')} — "
                    f"{', '.join(v.get('targets', []))}",
                )
                for p, v in bad[:5]
            ],
            data,
        )
    if untested:
        return _untested_forms(site, untested, data)
    return Result(
        PASS,
        ngettext(
            "{n} form page has no serious or critical axe-core findings.",
            "{n} form pages have no serious or critical axe-core findings.",
            len(judged),
        ).format(n=len(judged)),
        [site.note_on(p, _("axe-core: no serious findings")) for p, _axe in judged[:3]],
        data,
    )


def _untested_forms(site: Site, untested: list, data: dict) -> Result:
    return Result(
        REVIEW,
        _(
            "No serious or critical axe-core findings on the form pages tested, but axe-core "
            "could not test {n} of them; check those forms by hand."
        ).format(n=len(untested)),
        [site.note_on(p, f"axe-core: {error}") for p, error in untested[:3]],
        data,
    )


@hookimpl
def goudenregels_checks():
    return defined_checks(__name__)
