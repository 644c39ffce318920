"""Rule 2 checks, "Kom de belofte na": next steps, consistent contact details, links, promises.

A website cannot show whether a promise was kept; these checks gather what the site promises and
whether what it tells customers holds together, so an auditor can verify the rest.
"""

from __future__ import annotations

import re
from collections import defaultdict
from urllib.parse import urlsplit

from goudenregels.checks.complaints import ComplaintContext, complaint_sources, handling_terms
from goudenregels.checks.overview import format_hours
from goudenregels.checks.promises import page_promises
from goudenregels.checks.site import Site, error_text, line_around
from goudenregels.checks.text import (
    WORD,
    is_menu,
    is_question,
    menu_labels,
    negated,
    sentences,
    statements,
    unique,
    url_of,
)
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
from goudenregels.snapshot import Page, normalize_url
from goudenregels.words import channels as chan
from goudenregels.words import prefilter, vocab
from goudenregels.words.durations import find_durations
from goudenregels.words.quotes import clip
from goudenregels.words.scope import UNSAFE_LINK, domain_name, in_scope

# Durations followed by "per" are frequencies ("7 dagen per week"), not lead times.
_FREQUENCY_AFTER = prefilter.compile(r"^\s*per\b", re.IGNORECASE)
# "na ons antwoord": the reply is the starting point of another deadline.
_AFTER = prefilter.compile(r"\b(na|after)\b", re.IGNORECASE)
# "orderbevestiging", "bestelbevestiging": the confirmation names the order itself.
_ORDER_NAMED = prefilter.compile(r"order|bestel", re.IGNORECASE)
# "Na betaling ontvang je een bevestigingsmail": a confirmation of what was bought.
_PAYMENT_NAMED = prefilter.compile(
    r"\bbetaling\b|\bbetaald\b|\baankoop\b|\bgekocht\b|\bpayment\b|\bpurchase\b|\bpaid\b",
    re.IGNORECASE,
)
# A delivery time named as such, the strongest evidence of a delivery promise.
_NAMED_LEAD_TIME = prefilter.compile(
    vocab.DELIVERY_TIME_WORDS.pattern + "|" + vocab.ORDER_CUTOFF.pattern, re.IGNORECASE
)
MAX_LISTED = 30  # promises and conflicts kept in a finding's data


def lead_times(sentence: str):
    """Durations in a sentence that are lead times, not frequencies like '7 dagen per week'."""
    out = []
    for d in find_durations(sentence):
        at = sentence.find(d.text)
        if at >= 0 and _FREQUENCY_AFTER.match(sentence[at + len(d.text) :]):
            continue
        out.append(d)
    return out


def delivery_time(sentence: str) -> str | None:
    """The delivery time a sentence states ('morgen in huis', '1-2 werkdagen'), if any."""
    if is_question(sentence) or vocab.RETURNS_WORDS.search(sentence):
        return None
    if vocab.REFUND_WORDS.search(sentence):
        return None
    cutoff = vocab.ORDER_CUTOFF.search(sentence)
    if cutoff:
        return cutoff.group(0)
    delivery = vocab.DELIVERY_WORDS.search(sentence)
    shipping = vocab.SHIPPING_WORDS.search(sentence) and vocab.PARCEL_WORDS.search(sentence)
    if not (delivery or shipping):
        return None
    times = lead_times(sentence)
    return times[0].text if times else None


def _rows(found) -> list[dict[str, str]]:
    return [{"url": url_of(p), "text": s[:300]} for p, s, *_ in found[:MAX_LISTED]]


# -- GR201 -------------------------------------------------------------------------------------


def _delivery_statements(site: Site):
    """Sentences stating a delivery time; named lead times ('levertijd', cut-offs) first."""
    out = []
    for page in site.pages:
        for sentence in sentences(page.text):
            found = delivery_time(sentence)
            if found:
                out.append((page, sentence, found))
    out = _not_complaints(site, out)
    return unique(sorted(out, key=lambda item: not _NAMED_LEAD_TIME.search(item[1])))


def _order_followups(site: Site):
    """Sentences on what follows an order: tracking, or a confirmation said of an order.

    A bare "je ontvangt een bevestiging" may be about a contact form; it counts when the
    sentence or the one before it names the order ("... afgerond. Je ontvangt daarvan ...").
    """
    out = []
    for page in site.pages:
        said = sentences(page.text)
        for i, sentence in enumerate(said):
            if is_question(sentence):
                continue
            m = vocab.TRACKING_WORDS.search(sentence)
            if not m:
                m = vocab.CONFIRMATION_WORDS.search(sentence)
                about = f"{said[i - 1] if i else ''} {sentence}"
                named = m and (
                    _ORDER_NAMED.search(m.group(0))
                    or vocab.PARCEL_WORDS.search(about)
                    or _PAYMENT_NAMED.search(about)
                )
                m = m if named else None
            if m and not negated(sentence, m.start(), m.end()):
                out.append((page, sentence, m))
    return unique(_not_complaints(site, out))


def _effective_statements(site: Site):
    """Sentences saying when a change takes effect, how fast it is processed, or confirmed."""
    out = statements(site, vocab.CHANGE_EFFECTIVE) + statements(site, vocab.CONFIRMATION_WORDS)
    for page, sentence, m in statements(site, vocab.PROCESSING_WORDS):
        if lead_times(sentence) and not vocab.DELIVERY_WORDS.search(sentence):
            out.append((page, sentence, m))
    return unique(_not_complaints(site, out))


@check(
    code="GR201",
    slug="next-steps",
    rule=2,
    title_en=N_("Clear next steps"),
    what_en=N_(
        "Webshops: looks for a stated delivery time and for what happens after an order (an "
        "order confirmation, track & trace). Service providers: looks for what follows a "
        "request, booking or change: a confirmation, when they get in touch, the steps of the "
        "process, when a change takes effect or how fast it is processed. The steps of a "
        "complaint procedure (the acknowledgement of a complaint, its handling term) do not count."
    ),
    why_en=N_(
        "A customer who knows what comes next does not need to call to ask. Rule 2 asks for "
        "clear next steps after an order or a change: when it arrives or takes effect, and a "
        "confirmation."
    ),
    fix_en=N_(
        "State the delivery time near the order button and on the delivery page, and say "
        "which e-mails follow (order confirmation, shipping notice with track & trace). For changes, "
        "state the date they take effect and that a confirmation follows."
    ),
    weight=2,
    profiles=("webshop", "dienstverlener"),
    norm=N_(
        "Dutch Civil Code (BW) 6:230m (state the delivery time in advance) and 6:230v (confirmation of the contract)"
    ),
)
def next_steps(site: Site) -> Result:
    if site.profile == "dienstverlener":
        return _next_steps_service(site)
    return _next_steps_shop(site)


def _not_complaints(site: Site, found: list) -> list:
    """``found`` without what a complaint procedure says: its "ontvangstbevestiging" confirms a
    complaint, not an order, booking or change, and its handling term is no processing time."""
    context = ComplaintContext(site)
    return [item for item in found if not context.holds(item[0], item[1])]


def _next_steps_shop(site: Site) -> Result:
    delivery = _delivery_statements(site)
    after = _order_followups(site)
    data = {"delivery": _rows(delivery), "after_order": _rows(after)}
    evidence = [site.evidence(p, s, label=_("delivery time")) for p, s, _m in delivery[:2]]
    evidence += [site.evidence(p, s, label=_("after ordering")) for p, s, _m in after[:2]]
    if delivery and after:
        return Result(
            PASS,
            _("The site states a delivery time (‘{time}’) and what follows an order.").format(
                time=delivery[0][2]
            ),
            evidence,
            data,
        )
    if delivery or after:
        found, missing = (
            (
                _("a delivery time"),
                _("what happens after ordering (confirmation, track & trace)"),
            )
            if delivery
            else (_("what happens after ordering"), _("a delivery time"))
        )
        return Result(
            REVIEW,
            _("The site states {found} but not {missing}; check the checkout.").format(
                found=found, missing=missing
            ),
            evidence,
            data,
        )
    return Result(
        FAIL,
        _(
            "No delivery time and no order confirmation or tracking found on the {n} pages crawled."
        ).format(n=len(site.pages)),
        site.on_home(_("no delivery time or order follow-up")),
        data,
    )


def _request_followups(site: Site):
    """Sentences on what follows a request or booking, and pages that number its steps."""
    out = statements(site, vocab.REQUEST_FOLLOWUP)
    for page in site.pages:
        steps = list(vocab.PROCESS_STEP.finditer(page.text))
        if len({m.group(2) for m in steps}) >= 2:
            first = steps[0]
            out.append((page, line_around(page.text, first.start(), 160, end=first.end()), first))
    return unique(_not_complaints(site, out))


def _next_steps_service(site: Site) -> Result:
    found = _effective_statements(site)
    requests = _request_followups(site)
    data = {"found": _rows(found + requests)}
    if found or requests:
        message = (
            _("The site says when a change takes effect or that a confirmation follows.")
            if found
            else _("The site says what follows a request or booking.")
        )
        return Result(
            PASS, message, [site.evidence(p, s) for p, s, _ in (found + requests)[:3]], data
        )
    return Result(
        REVIEW,
        _(
            "No statement found about when a change takes effect or is confirmed; this is often "
            "shown only after logging in, so check the customer journey."
        ),
        site.on_home(_("no next steps for changes found")),
        data,
    )


# -- GR202 -------------------------------------------------------------------------------------

_NUMBER_BEFORE = prefilter.compile(r"[.!?;|•·]|\+?\d[\d\s().-]{5,}\d")


def _label(context: str, raw: str) -> tuple[str, str]:
    """What the words around a number or address call it: ('general', word), ('department',
    word) or ('none', '')."""
    lower, needle = context.lower(), raw.lower()
    at = lower.find(needle)
    before = lower[:at] if at >= 0 else lower
    after = lower[at + len(needle) :] if at >= 0 else ""
    before = _NUMBER_BEFORE.split(before)[-1][-80:]
    after = _NUMBER_BEFORE.split(after)[0][:40]
    dept = vocab.DEPARTMENT_LABEL.search(f"{before} {after}")
    if dept:
        return "department", dept.group(0)
    labels = list(vocab.GENERAL_CONTACT_LABEL.finditer(before))
    if not labels:
        return "none", ""
    general = labels[-1]  # the label nearest the number
    between = WORD.findall(before[general.end() :])
    if any(w not in vocab.LABEL_FILLER for w in between):
        return "none", ""  # "Klantenservice verhuur: ..." names something more specific
    return "general", " ".join(general.group(0).split())


class _Claims:
    """Contact details per page with their labels, for one kind (phone or e-mail)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.labels: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
        self.chrome: dict[str, set[str]] = defaultdict(set)
        self.on_page: dict[str, set[str]] = defaultdict(set)
        self.first: dict[tuple[str, str], tuple[Page, str, str]] = {}

    def add(self, page: Page, value: str, context: str, raw: str, region: str) -> None:
        url = url_of(page)
        label = _label(context, raw)
        self.labels[(url, value)].add(label)
        self.on_page[url].add(value)
        self.first.setdefault((url, value), (page, context or raw, raw))
        if region in ("footer", "header") and not vocab.DEPARTMENT_LABEL.search(url):
            self.chrome[url].add(value)

    def _department(self, url: str, value: str) -> bool:
        return any(kind == "department" for kind, _ in self.labels[(url, value)])

    def _together(self, a: str, b: str) -> bool:
        """Published side by side somewhere: the site knowingly offers both."""
        return any(a in values and b in values for values in self.on_page.values())

    def _groups(self) -> dict[str, dict[str, str]]:
        """label or 'footer/header' -> value -> first url that uses it."""
        groups: dict[str, dict[str, str]] = defaultdict(dict)
        for (url, value), labels in self.labels.items():
            if self._department(url, value):
                continue
            for kind, word in labels:
                if kind == "general":
                    groups[word].setdefault(value, url)
        for url, values in self.chrome.items():
            for value in values:
                if not self._department(url, value):
                    groups["footer/header"].setdefault(value, url)
        return groups

    def conflicts(self) -> list[dict]:
        out, seen = [], set()
        for label, values in self._groups().items():
            items = sorted(values.items())
            for i, (a, url_a) in enumerate(items):
                for b, url_b in items[i + 1 :]:
                    if url_a == url_b or self._together(a, b) or frozenset((a, b)) in seen:
                        continue
                    seen.add(frozenset((a, b)))
                    out.append(self._conflict(label, (url_a, a), (url_b, b)))
        return out

    def _conflict(self, label: str, a: tuple[str, str], b: tuple[str, str]) -> dict:
        def side(url: str, value: str) -> dict:
            page, text, raw = self.first[(url, value)]
            text = clip(text, 200)
            return {"url": url, "text": text, "value": value, "shown": raw, "page": page}

        return {"kind": self.kind, "label": label, "a": side(*a), "b": side(*b)}


def _phone_claims(site: Site) -> _Claims:
    claims = _Claims("phone")
    for page, phone in site.phones:
        if phone.kind in ("fax", "international") or not site.is_published(page, phone):
            continue
        claims.add(page, phone.e164, phone.context, phone.raw, phone.region)
    return claims


def _email_claims(site: Site) -> _Claims:
    claims = _Claims("email")
    for page, email in site.contact_emails():
        claims.add(page, email.address, email.context, email.address, email.region)
    return claims


# "info@bedrijf" with its domain cut off: an address no mail reaches (no dot after the name).
# An address written against harvesting ("info@bedrijf[dot]nl", "info@bedrijf . nl") is whole.
_CUT_ADDRESS = prefilter.compile(
    r"(?<![\w.+-])([\w.+-]+)@([A-Za-z0-9-]+)"
    r"(?![\w-])(?!\s*[.\[({])(?!\s*(?:dot|punt|point)\b)",
    re.IGNORECASE,
)
# Addresses per country ("België: info@bedrijf.be") are two mailboxes on purpose.
_COUNTRY = prefilter.compile(
    r"\b(?:nederland|netherlands|belgi[eë]|belgium|belgique|vlaanderen|duitsland|deutschland|"
    r"germany|frankrijk|france|luxemburg|(?-i:NL|BE|DE|FR|LU))\b(?![.@])",
    re.IGNORECASE,
)


def _email_conflicts(emails: _Claims, spelled: list[dict]) -> list[dict]:
    """Addresses under one label that differ, then one mailbox spelled two ways, each once."""
    out = emails.conflicts()
    known = {frozenset((c["a"]["value"], c["b"]["value"])) for c in out}
    return out + [c for c in spelled if frozenset((c["a"]["value"], c["b"]["value"])) not in known]


def _spelling_conflicts(site: Site) -> list[dict]:
    """One mailbox written two ways: the same name before the @ at the same organisation's
    name under another suffix (info@bedrijf.nl, info@bedrijf.com), or cut short (info@bedrijf).
    Per-person and per-department addresses differ before the @, so they never meet here."""
    seen: dict[tuple[str, str], tuple[Page, str, str]] = {}
    out, pairs = [], set()
    spellings = [(p, e.address.lower(), e.context) for p, e in site.contact_emails()]
    for page in site.pages:
        for m in _CUT_ADDRESS.finditer(page.text):
            spellings.append((page, m.group(0).lower(), line_around(page.text, m.start())))
    for page, address, context in spellings:
        local, _at, domain = address.partition("@")
        key = (local, domain_name(domain))
        first = seen.setdefault(key, (page, address, context))
        if first[1] == address or frozenset((first[1], address)) in pairs:
            continue
        # Two whole addresses on one page are offered knowingly; a cut one never is.
        cut = "." not in first[1].partition("@")[2] or "." not in domain
        together = not cut and any(
            _shows(p.text, first[1]) and _shows(p.text, address) for p in site.pages
        )
        if not together and not (_for_country(*first[1:]) or _for_country(address, context)):
            pairs.add(frozenset((first[1], address)))
            out.append(_spelling_conflict(first, (page, address, context)))
    return out


def _for_country(address: str, context: str) -> bool:
    """Labelled for a country right before it ("België: info@bedrijf.be")."""
    at = context.lower().find(address)
    before = context[max(0, at - 30) : at] if at >= 0 else context[-30:]
    return bool(_COUNTRY.search(before.split("\n")[-1]))


def _shows(text: str, address: str) -> bool:
    """Whether a text shows this address whole ("info@bedrijf" is not in "info@bedrijf.nl")."""
    pattern = rf"(?<![\w.+-]){re.escape(address)}(?![\w-]|\.[A-Za-z])"
    return re.search(pattern, text, re.IGNORECASE) is not None


def _spelling_conflict(a: tuple[Page, str, str], b: tuple[Page, str, str]) -> dict:
    def side(page: Page, address: str, context: str) -> dict:
        return {
            "url": url_of(page),
            "text": clip(context or address, 200),
            "value": address,
            "shown": address,
            "page": page,
        }

    return {"kind": "email", "label": a[1].partition("@")[0], "a": side(*a), "b": side(*b)}


def _hours_topics(page: Page) -> frozenset[str]:
    """The channels the lines around a page's opening hours are about."""
    lines = page.text.split("\n")
    near = [
        f"{lines[i - 1] if i else ''} {line}"
        for i, line in enumerate(lines)
        if re.search(r"\d{1,2}[:.]\d{2}|\d{1,2}\s*(uur|u)\b", line)
    ]
    text = " ".join(near)
    return frozenset(name for name, pattern in vocab.HOURS_TOPICS if pattern.search(text))


def _hours_conflicts(site: Site) -> list[dict]:
    tables: dict[frozenset[str], list[tuple[Page, dict[str, str]]]] = defaultdict(list)
    for page, hours, source, is_service in site.all_hours:
        where = f"{page.url} {page.title}"
        if not is_service or source != "text" or vocab.LOCATION_PAGE.search(where):
            continue
        if vocab.TEMPORARY_HOURS.search(hours.text) or vocab.TEMPORARY_HOURS.search(page.title):
            continue
        topics = _hours_topics(page)
        if topics:
            tables[topics].append((page, hours.as_table()))
    out, seen = [], set()
    for rows in tables.values():
        for i, (page_a, a) in enumerate(rows):
            for page_b, b in rows[i + 1 :]:
                days = [d for d in a if d in b and d in vocab.DAY_NAMES_NL.values()]
                differ = [d for d in days if a[d] != b[d]]
                # A footer repeated on every page conflicts once, not once per page.
                pair = frozenset((str(sorted(a.items())), str(sorted(b.items()))))
                if differ and pair not in seen:
                    seen.add(pair)
                    out.append(_hours_conflict(page_a, a, page_b, b, differ))
    return out


def _conflict_value(side: dict) -> str:
    """One side of a conflict as the message shows it: hours per day in the audit's language."""
    if "hours" in side:
        return "; ".join(f"{d} {v}" for d, v in format_hours(side["hours"], _))
    return str(side.get("shown", side["text"]))


def _hours_conflict(page_a: Page, a: dict, page_b: Page, b: dict, days: list[str]) -> dict:
    def side(page: Page, table: dict) -> dict:
        text = "; ".join(f"{d} {table[d]}" for d in days)
        return {
            "url": url_of(page),
            "text": text,
            "hours": {d: table[d] for d in days},
            "page": page,
        }

    return {"kind": "hours", "label": ", ".join(days), "a": side(page_a, a), "b": side(page_b, b)}


@check(
    code="GR202",
    absence=False,
    slug="consistent-contact",
    rule=2,
    title_en=N_("Consistent contact details"),
    what_en=N_(
        "Compares the phone numbers, e-mail addresses and opening hours the site publishes "
        "on different pages: the same label (such as 'klantenservice') with different numbers, "
        "different general numbers in the header or footer, different hours for the same "
        "channel, or one mailbox written two ways (info@bedrijf.nl on one page, "
        "info@bedrijf.com or a cut-off info@bedrijf on another; addresses per country, labelled "
        "as such, are no conflict)."
    ),
    why_en=N_(
        "A customer who finds two numbers or two sets of hours does not know which one holds "
        "and loses trust. Customers switch between channels and pages; what the site says must be "
        "the same everywhere."
    ),
    fix_en=N_(
        "Keep contact details in one place in the website's content system and show them "
        "from there; remove old numbers and hours from pages and footers."
    ),
    weight=1,
    norm=N_(
        "Gouden Regel 2: reliable, consistent information across all channels; Dutch Civil Code (BW) 3:15d (correct contact details)"
    ),
)
def consistent_contact(site: Site) -> Result:
    phones, emails = _phone_claims(site), _email_claims(site)
    service_hours = {url_of(p) for p, _h, _s, is_service in site.all_hours if is_service}
    spelled = _spelling_conflicts(site)
    places = set(phones.on_page) | set(emails.on_page) | service_hours
    places |= {c[side]["url"] for c in spelled for side in ("a", "b")}
    if len(places) < 2:
        return Result(
            NOT_APPLICABLE,
            _("Contact details appear in fewer than two places, so there is nothing to compare."),
        )
    conflicts = phones.conflicts() + _email_conflicts(emails, spelled) + _hours_conflicts(site)
    if not conflicts:
        return Result(
            PASS,
            _("Contact details are the same on the {n} pages that publish them.").format(
                n=len(places)
            ),
            data={"pages": len(places), "conflicts": []},
        )
    kinds = {"phone": _("phone"), "email": _("email"), "hours": _("hours")}
    evidence = []
    for c in conflicts[:4]:
        for side in ("a", "b"):
            label, page = kinds.get(c["kind"], c["kind"]), c[side]["page"]
            if c["kind"] == "hours":  # the hours as read, in the report's language
                read = "; ".join(f"{d} {v}" for d, v in format_hours(c[side]["hours"], _))
                evidence.append(site.note_on(page, read, label=label))
            else:
                evidence.append(site.evidence(page, c[side]["text"], label=label))
    data = {
        "conflicts": [
            {
                "kind": c["kind"],
                "label": c["label"],
                "a": {k: v for k, v in c["a"].items() if k != "page"},
                "b": {k: v for k, v in c["b"].items() if k != "page"},
            }
            for c in conflicts[:MAX_LISTED]
        ]
    }
    a, b = conflicts[0]["a"], conflicts[0]["b"]
    return Result(
        FAIL,
        ngettext(
            "{n} conflicting contact detail: {kind} ‘{a}’ on {url_a} versus ‘{b}’ on {url_b}.",
            "{n} conflicting contact details; e.g. {kind} ‘{a}’ on {url_a} versus ‘{b}’ on "
            "{url_b}.",
            len(conflicts),
        ).format(
            n=len(conflicts),
            kind=kinds.get(conflicts[0]["kind"], conflicts[0]["kind"]),
            a=_conflict_value(a),
            url_a=a["url"],
            b=_conflict_value(b),
            url_b=b["url"],
        ),
        evidence,
        data,
    )


# -- GR203 -------------------------------------------------------------------------------------

# Failures on our side (slow network, a crawl deadline) say nothing about the link itself.
_INCONCLUSIVE_ERROR = prefilter.compile(
    r"timed out|no network|time limit|INTERNET_DISCONNECTED", re.I
)


def _is_service_page(site: Site, page: Page) -> bool:
    where = f"{page.url} {page.title}"
    return (
        page is site.home
        or page.depth == 0
        or bool(vocab.SERVICE_PAGE.search(where) or vocab.POLICY_PAGE.search(where))
    )


def _internal(site: Site, url: str) -> bool:
    scope = site.snapshot.scope
    if scope:
        return in_scope(url, scope)
    home = site.home
    host = (urlsplit(url_of(home)).hostname or "") if home else ""
    return (urlsplit(url).hostname or "") == host


def _known_targets(site: Site) -> dict[str, tuple[int | None, str]]:
    """normalised url -> (status, error); 'unchecked' as error for robots-excluded links."""
    known: dict[str, tuple[int | None, str]] = {}
    for item in site.snapshot.skipped:
        reason = str(item.get("reason", ""))
        known[normalize_url(item.get("url", ""))] = (
            None,
            "unchecked" if "robots" in reason else "",
        )
    for url, result in (site.snapshot.link_checks or {}).items():
        result = result if isinstance(result, dict) else {}
        known[normalize_url(url)] = (result.get("status"), str(result.get("error") or ""))
    for page in site.snapshot.pages:
        for url in (page.url, page.final_url):
            if url:
                known[normalize_url(url)] = (page.status, page.error)
    return known


def _link_state(known, key: str) -> str:
    if key not in known:
        return "unknown"
    status, error = known[key]
    if error == "unchecked":
        return "unchecked"
    if status is not None and status >= 400:
        return "broken"
    if error:
        return "unknown" if _INCONCLUSIVE_ERROR.search(error) else "broken"
    return "ok"


@check(
    code="GR203",
    absence=False,
    slug="no-broken-links",
    rule=2,
    title_en=N_("No broken links on service pages"),
    what_en=N_(
        "Follows every internal link on the home page and the service pages (contact, "
        "customer service, FAQ, complaints, returns, terms) and reports links that end in an error "
        "page (HTTP 400 or higher) or do not load."
    ),
    why_en=N_(
        "A link on a service page is a promise that help is there. A customer who lands on "
        "'page not found' while looking for help gives up or calls."
    ),
    fix_en=N_(
        "Repair or remove the links listed, redirect moved pages to their new address, and "
        "check service pages for broken links after each site change."
    ),
    weight=1,
    norm=N_(
        "Gouden Regel 2 (keep your promises) and Gouden Regel 1 (a website that always works and makes sense)"
    ),
)
def no_broken_links(site: Site) -> Result:
    known = _known_targets(site)
    links: dict[str, list[tuple[Page, str]]] = defaultdict(list)
    for page in site.pages:
        if not _is_service_page(site, page):
            continue
        for link in page.links:
            key = normalize_url(link.href)
            if _internal(site, key) and not UNSAFE_LINK.search(key):
                links[key].append((page, link.text))
    if not links:
        return Result(NOT_APPLICABLE, _("No internal links found on the service pages crawled."))
    states: dict[str, list[str]] = defaultdict(list)
    for key in links:
        states[_link_state(known, key)].append(key)
    data = {
        "links": len(links),
        "broken": [_broken_row(key, known, links[key]) for key in states["broken"][:MAX_LISTED]],
        "unknown": len(states["unknown"]),
        "unchecked": len(states["unchecked"]),
    }
    if states["broken"]:
        evidence = [
            _link_evidence(site, links[key], f"→ {key} ({_why(known, key)})")
            for key in states["broken"][:5]
        ]
        return Result(
            FAIL,
            _("{broken} of {n} links from service pages are broken.").format(
                broken=len(states["broken"]), n=len(links)
            ),
            evidence,
            data,
        )
    if states["unknown"]:
        evidence = [
            _link_evidence(site, links[key], _("→ {url} (unconfirmed)").format(url=key))
            for key in states["unknown"][:3]
        ]
        return Result(
            REVIEW,
            _(
                "No broken links found, but {unknown} of {n} link targets could not be confirmed "
                "(not crawled, not checked or timed out)."
            ).format(unknown=len(states["unknown"]), n=len(links)),
            evidence,
            data,
        )
    return Result(
        PASS,
        _("All {n} checked links from service pages work.").format(n=len(states["ok"])),
        [],
        data,
    )


def _link_evidence(site: Site, found: list[tuple[Page, str]], note: str) -> Evidence:
    """The first place a link stands: its text quoted, where it goes as the tool's note."""
    page, text = found[0]
    return site.evidence(page, text, label=_("link"), note=note)


def _why(known, key: str) -> str:
    status, error = known[key]
    return f"HTTP {status}" if status is not None and status >= 400 else error_text(error)


def _broken_row(key: str, known, found: list[tuple[Page, str]]) -> dict:
    return {
        "url": key,
        "problem": _why(known, key),
        "on": sorted({url_of(p) for p, _ in found})[:10],
        "text": found[0][1],
    }


# -- GR204 -------------------------------------------------------------------------------------


# Any word one of the promise patterns needs; a sentence without one promises nothing.
_PROMISE_HINT = prefilter.compile(
    "|".join(
        f"(?:{p.pattern})"
        for p in (
            vocab.GUARANTEE_WORDS,
            vocab.FREE_OFFER_WORDS,
            vocab.ORDER_CUTOFF,
            vocab.DELIVERY_WORDS,
            vocab.SHIPPING_WORDS,
            vocab.REFUND_WORDS,
            vocab.RESPONSE_BY_US,
        )
    ),
    re.IGNORECASE,
)


def _promise_kind(sentence: str) -> tuple[str, str] | None:
    """(kind, the words that make it a promise) for a sentence that promises something."""
    if is_question(sentence):
        # "Laagste prijs garantie: elders goedkoper?" - the headline before the colon holds.
        head = sentence.split(":", 1)[0]
        if head == sentence:
            return None
        sentence = head
    for kind, pattern in (("guarantee", vocab.GUARANTEE_WORDS), ("offer", vocab.FREE_OFFER_WORDS)):
        m = pattern.search(sentence)
        if m and not negated(sentence, m.start()):
            return kind, m.group(0)
    delivery = delivery_time(sentence)
    if delivery:
        return "delivery", delivery
    m = vocab.REFUND_WORDS.search(sentence)
    if m and not negated(sentence, m.start()) and not vocab.THIRD_PARTY_REFUND.search(sentence):
        return "refund", m.group(0)
    m = _our_response(sentence)
    if m and lead_times(sentence):
        return "response", m.group(0)
    return None


def _complaint_promises(site: Site, found: list) -> list:
    """``found`` and the terms a complaint procedure states, read as GR503 reads them ("wij
    bevestigen binnen 2 weken de ontvangst", "binnen 6 weken een inhoudelijke reactie"): service
    promises like a reply time. A sentence listed already (a reply time, with its channel)
    keeps its place."""
    listed = {(page.url, sentence) for page, sentence, _kind in found}
    out = list(found)
    for term in handling_terms(complaint_sources(site)):
        if (term.page.url, term.sentence) not in listed:
            listed.add((term.page.url, term.sentence))
            out.append((term.page, term.sentence, ("complaint", term.duration.text)))
    return out


def _add_channels(site: Site, found: list, rows: list[dict]) -> None:
    """Give each reply-time promise the channel it is about, read as GR108 reads it (its
    sentence, paragraph, heading or the contact element beside it); 'algemeen' when none."""
    by_page: dict[str, list[tuple[str, str]]] = {}
    for (page, sentence, (kind, _words)), row in zip(found, rows, strict=True):
        if kind != "response":
            continue
        if page.url not in by_page:
            by_page[page.url] = [(s, c.key) for c, s, _d, _how in page_promises(site, page)]
        keys = [key for said, key in by_page[page.url] if said in sentence or sentence in said]
        row["channel"] = keys[0] if keys else chan.UNNAMED.key


def _our_response(sentence: str) -> re.Match[str] | None:
    """A reply the organisation gives ("wij reageren", "u krijgt antwoord"), not one the
    customer gives ("u beantwoordt een paar vragen") or a deadline counted from it ("binnen
    drie maanden na ons antwoord")."""
    if not vocab.RESPONSE_BY_US.search(sentence):
        return None
    for m in vocab.RESPONSE_WORDS.finditer(sentence):
        before = sentence[max(0, m.start() - 30) : m.start()]
        if not negated(sentence, m.start()) and not _AFTER.search(before):
            return m
    return None


@check(
    code="GR204",
    slug="promises-listed",
    rule=2,
    title_en=N_("Promises listed"),
    what_en=N_(
        "Lists every service promise the site makes (delivery times, refunds, reply times, "
        "guarantees, free delivery or returns) with the page and sentence, so the auditor can check "
        "whether they are kept. A reply time carries the channel it is about, read as GR108 "
        "reads it; the terms a complaint procedure states (acknowledgement, answer, handling) "
        "are listed as GR503 reads them."
    ),
    why_en=N_(
        "Rule 2 is about keeping promises. Only a test order, a test message or customer "
        "feedback shows whether 'morgen in huis' or 'binnen 24 uur antwoord' holds; this list is "
        "where that verification starts."
    ),
    fix_en=N_(
        "Promise only what is achieved on the busiest days, state the conditions next to the "
        "promise, and measure whether it is met."
    ),
    weight=1,
    norm=N_(
        "Gouden Regel 2: keep your promises; Dutch Civil Code (BW) 6:193c (misleading commercial practices)"
    ),
)
def promises_listed(site: Site) -> Result:
    found = []
    for page in site.pages:
        menu = menu_labels(page)
        for sentence in sentences(page.text):
            if not _PROMISE_HINT.search(sentence):
                continue  # one pass over the sentence before the detailed patterns
            kind = _promise_kind(sentence)
            if kind and not is_menu(sentence, menu):
                found.append((page, sentence, kind))
    found = _complaint_promises(site, unique(found))
    if not found:
        return Result(NOT_APPLICABLE, _("No service promises found on the pages crawled."))
    rows = [
        {"kind": kind, "text": sentence[:300], "url": url_of(page)}
        for page, sentence, (kind, _words) in found[:MAX_LISTED]
    ]
    _add_channels(site, found[:MAX_LISTED], rows)
    names = {
        "guarantee": _("guarantee"),
        "offer": _("offer"),
        "delivery": _("delivery"),
        "refund": _("refund"),
        "response": _("response"),
        "complaint": _("complaint handling"),
    }
    kinds = [names.get(kind, kind) for kind in sorted({row["kind"] for row in rows})]
    return Result(
        REVIEW,
        ngettext(
            "{n} promise found ({kinds}); verify that it is kept.",
            "{n} promises found ({kinds}); verify that they are kept.",
            len(found),
        ).format(n=len(found), kinds=", ".join(kinds)),
        [
            site.evidence(page, sentence, label=names.get(kind[0], kind[0]))
            for page, sentence, kind in found[:8]
        ],
        {"promises": rows},
    )


@hookimpl
def goudenregels_checks():
    return defined_checks(__name__)
