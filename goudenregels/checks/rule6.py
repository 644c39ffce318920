"""Rule 6 checks, "Wees oprecht betrokken bij je klant": own data, self-service, openness, tone."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from goudenregels.checks.site import Note, Site, line_around, link_note, staff_only
from goudenregels.hookspecs import hookimpl
from goudenregels.i18n import N_, _, ngettext
from goudenregels.model import FAIL, NOT_APPLICABLE, PASS, REVIEW, Result, check, defined_checks
from goudenregels.snapshot import Form, Page, jsonld_items, normalize_url
from goudenregels.words import companyids, disputes, prefilter, vocab
from goudenregels.words import country as countries
from goudenregels.words.quotes import clip

FINDABLE_DEPTH = 2
MIN_QUESTIONS = 3  # a service page with this many questions works as an FAQ
FOLDED_ANSWERS = 200  # characters of hidden text under an FAQ heading's topics: their answers
QUESTION_WORDS = 15  # a longer line without a question mark is a sentence, not a question
HEADING_LENGTH = 60  # a longer line is a sentence, not a section heading
FAQ_WINDOW = 40  # lines under an FAQ heading read as its section
QUOTES = 6
QUOTE_LENGTH = 300
PROSE_WORDS = 6  # a line with fewer words is a menu item or a heading, not an intro
# A site of at most this many pages, all read, is small enough to judge as a whole: what a check
# looks for and did not find is not there (GR601, GR602 for the general profile).
SMALL_SITE_PAGES = 15
MAX_EVIDENCE = 4
_ITEM_SEPARATOR = prefilter.compile(r"\s[›»·|>/]\s")


def _path_title(page: Page) -> str:
    return f"{urlsplit(page.address).path} {page.title}"


# -- GR601 -------------------------------------------------------------------------------------


def _account_entries(site: Site) -> list[tuple[Page, str]]:
    """(page, what) for links or buttons to an account area and pages asking for a password."""
    seen: set[str] = set()
    out = []
    for page in site.pages:
        if staff_only(page):
            continue  # the shop owner's admin login is no account area for customers
        controls = [link.text for link in page.links if not vocab.STAFF_LOGIN.search(link.href)] + [
            b.text for b in page.buttons
        ]
        for text in controls:
            text = text.strip()
            if (
                text.lower() not in seen
                and len(text.split()) <= 5
                and vocab.ACCOUNT_LINK.search(text)
                and not vocab.NOT_ACCOUNT_LINK.search(text)
            ):
                seen.add(text.lower())
                out.append((page, Note(_("link ‘{text}’").format(text=text))))
        if any(f.type == "password" for form in page.forms for f in form.fields):
            out.append((page, Note(_("login form with a password field"))))
    return out


@check(
    code="GR601",
    slug="own-data-access",
    rule=6,
    title_en=N_("Own data accessible online"),
    what_en=N_(
        "Looks for a customer account area ('Mijn …', log in, a password field) or an "
        "explained way to see the data the organisation keeps (an access request). A small site "
        "of the general profile, read whole, is judged by what it collects: with no form asking "
        "for personal data and no privacy statement the check does not apply; otherwise the "
        "missing explanation fails. A public body's site read whole fails when it offers no "
        "account, explains no access and names no route outside it (DigiD, MijnOverheid); one "
        "that names such a route is left for review."
    ),
    why_en=N_(
        "Customers want to see and manage their own data, contracts and orders online; rule 6 "
        "names access to one's own data through an app or 'Mijn omgeving' as part of genuine "
        "engagement."
    ),
    fix_en=N_(
        "Offer a 'Mijn …' environment linked from every page, or at least explain on the "
        "privacy page how customers can see the data kept about them."
    ),
    weight=1,
    norm=N_("GDPR (AVG) art. 15 (right of access); Gouden Regel 6 (access to one's own data)"),
)
def own_data_access(site: Site) -> Result:
    accounts = _account_entries(site)
    if accounts:
        return Result(
            PASS,
            _("A customer account area is offered ({entry}).").format(entry=accounts[0][1]),
            [site.evidence(p, what) for p, what in accounts[:MAX_EVIDENCE]],
        )
    access = site.mentions(vocab.DATA_ACCESS)
    if access:
        return Result(
            PASS,
            _("The site explains how customers can see the data kept about them."),
            [site.evidence(p, line) for p, line in access[:MAX_EVIDENCE]],
        )
    if site.profile in ("webshop", "dienstverlener"):
        return Result(FAIL, _("No account area and no explained way to see one's own data."))
    if site.profile == "algemeen" and small_and_complete(site):
        return _small_site_own_data(site)
    if site.profile == "gemeente" and read_whole(site):
        return _public_site_own_data(site)
    return Result(
        REVIEW,
        _(
            "No account area and no explained way to see one's own data. Check whether "
            "customers reach their data elsewhere (DigiD, MijnOverheid)."
        ),
    )


def read_whole(site: Site) -> bool:
    """The crawl read the whole site: it ended by itself, not at a limit, and every page it
    found was read, so what a check looks for and did not find is not there."""
    snap = site.snapshot
    limited = any("page limit" in note for note in snap.notes)
    return (
        snap.complete and not snap.stopped and not limited and not site.unseen and bool(site.pages)
    )


def small_and_complete(site: Site) -> bool:
    """The crawl read the whole site and it is small: nothing it looks for is left unread."""
    return read_whole(site) and len(site.pages) <= SMALL_SITE_PAGES


def _unread_privacy(site: Site) -> Result | None:
    """REVIEW where a privacy statement is linked but was not read (a PDF, another site)."""
    read = {p.url for p in site.pages} | {p.address for p in site.pages}
    unread = [
        (page, link)
        for page in site.pages
        for link in page.links
        if vocab.PRIVACY_STATEMENT.search(f"{link.text} {urlsplit(link.href).path}")
        and link.href.startswith("http")
        and normalize_url(link.href) not in read
    ]
    if not unread:
        return None
    page, link = unread[0]
    return Result(
        REVIEW,
        _(
            "No account area and no explained way to see one's own data on the pages read; "
            "the privacy statement ({href}) could not be read."
        ).format(href=link.href),
        [site.evidence(page, link_note(link.text, link.href))],
    )


def _public_site_own_data(site: Site) -> Result:
    """A public body's site read whole. A public body keeps residents' data whatever its site
    collects; the route to it may be DigiD or MijnOverheid, outside the site. A site that names
    such a route is left for review; one that names none and explains no access fails."""
    unread = _unread_privacy(site)
    if unread is not None:
        return unread
    elsewhere = site.mentions(vocab.PUBLIC_DATA_ROUTE)
    if elsewhere:
        return Result(
            REVIEW,
            _(
                "No account area and no explained way to see one's own data; the site names "
                "a route outside it. Check whether residents reach their data there."
            ),
            [site.evidence(p, line) for p, line in elsewhere[:MAX_EVIDENCE]],
        )
    return Result(
        FAIL,
        ngettext(
            "The whole site was read ({n} page): it offers no account, names no DigiD or MijnOverheid route and does not explain how residents can see the data kept about them.",
            "The whole site was read ({n} pages): it offers no account, names no DigiD or MijnOverheid route and does not explain how residents can see the data kept about them.",
            len(site.pages),
        ).format(n=len(site.pages)),
    )


def _collects_data(form: Form) -> bool:
    """A visible form that asks for personal data (a contact or sign-up form, not a search)."""
    if not form.visible or any(f.type == "password" for f in form.fields):
        return False
    fields = [f for f in form.fields if f.visible and f.type not in ("hidden", "submit")]
    if not fields or all(vocab.SEARCH_FIELD.search(f"{f.name} {f.label}") for f in fields):
        return False
    return any(
        f.type in ("email", "tel")
        or f.tag == "textarea"
        or vocab.PERSONAL_FIELD.search(f"{f.name} {f.label}")
        for f in fields
    )


def _small_site_own_data(site: Site) -> Result:
    """A small general site read whole: without data collected online there is no own data to
    reach (not applicable); a site that collects it or has a privacy statement, yet explains no
    access, fails; a privacy statement that could not be read is left for review."""
    privacy_pages = [p for p in site.pages if vocab.PRIVACY_STATEMENT.search(_path_title(p))]
    unread = _unread_privacy(site)
    if unread is not None:
        return unread
    forms = [p for p in site.pages if any(_collects_data(f) for f in p.forms)]
    if not forms and not privacy_pages:
        return Result(
            NOT_APPLICABLE,
            ngettext(
                "A small site ({n} page, read) that collects no personal data and offers no account: there is no own data to reach online.",
                "A small site ({n} pages, all read) that collects no personal data and offers no account: there is no own data to reach online.",
                len(site.pages),
            ).format(n=len(site.pages)),
        )
    evidence = [site.note_on(p, _("form asking for personal data")) for p in forms[:2]]
    evidence += [site.evidence(p, p.title or _("privacy statement")) for p in privacy_pages[:2]]
    return Result(
        FAIL,
        _(
            "The site collects personal data or has a privacy statement, but offers no account "
            "and does not explain how customers can see the data kept about them."
        ),
        evidence,
    )


# -- GR602 -------------------------------------------------------------------------------------


def _is_question(line: str) -> bool:
    """A line that asks: it ends in '?', or is short and starts like a question."""
    line = line.strip()
    if line.endswith("?"):
        return True
    words = len(line.split())
    return (
        2 <= words <= QUESTION_WORDS
        and not line.endswith((".", ":", "!"))
        and bool(vocab.QUESTION_START.match(line))
    )


def faq_section(page: Page) -> str | None:
    """What makes part of a page an FAQ: FAQPage structured data, or a heading such as
    'Veelgestelde vragen' followed by at least MIN_QUESTIONS questions."""
    for data in page.jsonld:
        for item in jsonld_items(data):
            kind = item.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if "FAQPage" in kinds or ("Question" in kinds and item.get("acceptedAnswer")):
                return _("FAQ in structured data (FAQPage)")
    lines = [line.strip() for line in page.text.split("\n")]
    links = {link.text.strip() for link in page.links}
    for i, line in enumerate(lines):
        # A menu link named 'FAQ' points elsewhere; a heading introduces questions below it.
        heading = len(line) <= HEADING_LENGTH and not line.endswith((".", "!", ";", ","))
        if not heading or line in links or not vocab.FAQ_HEADING.search(line):
            continue
        window = lines[i + 1 : i + 1 + FAQ_WINDOW]
        asked = [q for q in window if _is_question(q)]
        if len(asked) >= MIN_QUESTIONS:
            return _("FAQ section ‘{heading}’ ({n} questions)").format(heading=line, n=len(asked))
        # An accordion: topic titles shown, the answers folded away until clicked.
        topics = [t for t in window if _is_topic(t) and t not in links]
        if len(topics) >= MIN_QUESTIONS and len(page.hidden_text) >= FOLDED_ANSWERS:
            return _("FAQ section ‘{heading}’ ({n} topics with folded answers)").format(
                heading=line, n=len(topics)
            )
    return None


def _is_topic(line: str) -> bool:
    """A short title line, as an accordion shows its folded items ('Tarieven')."""
    return 1 <= len(line.split()) <= 6 and not line.endswith((".", ":", "!", ";", ","))


def _is_help_page(site: Site, page: Page) -> bool:
    if vocab.HELP_PAGE.search(site.path_title(page)) or faq_section(page):
        return True
    questions = [line for line in page.text.split("\n") if _is_question(line)]
    if not vocab.SERVICE_PAGE.search(site.path_title(page)):
        return False
    # A service page with questions and its own search box is a help page, even a short one;
    # the site's search in the header is on every page and makes none a help page.
    searchable = any(_is_search_form(f) and f.region == "main" for f in page.forms)
    return len(questions) >= MIN_QUESTIONS or (searchable and len(questions) >= 1)


def _help_what(page: Page) -> str:
    """The tool's note of what makes a page a help page (its FAQ section, else its title)."""
    what = faq_section(page)
    if what:
        return Note(what)
    return (
        Note(_("page ‘{title}’").format(title=page.title)) if page.title else Note(_("help page"))
    )


def _is_municipal_self_service(site: Site, page: Page) -> bool:
    """Municipalities organise self-service as topics and products, not as an FAQ."""
    return bool(vocab.MUNICIPAL_SELF_SERVICE.search(site.path_title(page)))


def _is_search_form(form: Form) -> bool:
    if not form.visible:
        return False
    names = [f"{f.name} {f.label}".strip() for f in form.fields if f.type != "hidden"]
    return any(f.type == "search" for f in form.fields) or any(
        vocab.SEARCH_FIELD.search(text) for text in [*names, form.submit] if text
    )


def _help_links(site: Site) -> list[tuple[Page, str, str]]:
    out = []
    for page in site.within(FINDABLE_DEPTH - 1):
        for link in page.links:
            if len(link.text.split()) <= 5 and vocab.HELP_PAGE.search(link.text):
                out.append((page, link.text, link.href))
    return out


@check(
    code="GR602",
    slug="self-service",
    rule=6,
    title_en=N_("Self-service answers"),
    what_en=N_(
        "Looks for frequently asked questions or help pages within two clicks of the home "
        "page, and notes whether they can be searched. A short FAQ section on any page counts: "
        "a heading such as 'Veelgestelde vragen' with three questions under it (also as "
        "fold-out questions), or FAQPage structured data. A page is a service page by its path "
        "and its own title, not by the site's name every title repeats. A public body's or a "
        "larger general site without help pages is left to a person; any other site without "
        "them fails, a small one read whole included."
    ),
    why_en=N_(
        "Many customers prefer to find the answer themselves, at any hour. Complete and "
        "understandable information is part of rule 6, and self-service answers questions at a "
        "fraction of the cost of a call."
    ),
    fix_en=N_(
        "Publish the most asked questions with clear answers on a help page linked from the "
        "main menu or footer, with a search box."
    ),
    weight=1,
    norm=N_("Gouden Regel 6 (complete and understandable information, self-service)"),
)
def self_service(site: Site) -> Result:
    pages = [
        p
        for p in site.pages
        if _is_help_page(site, p)
        or (site.profile == "gemeente" and _is_municipal_self_service(site, p))
    ]
    near = [p for p in pages if p.depth is not None and p.depth <= FINDABLE_DEPTH]
    if near:
        searchable = any(_is_search_form(f) for f in near[0].forms)
        return Result(
            PASS,
            (
                _("Help pages found at click depth {depth}, with a search box.")
                if searchable
                else _("Help pages found at click depth {depth}, without a search box.")
            ).format(depth=near[0].depth),
            [site.evidence(p, _help_what(p)) for p in near[:MAX_EVIDENCE]],
            {"depth": near[0].depth, "searchable": searchable},
        )
    links = _help_links(site)
    if links:
        page, text, href = links[0]
        return Result(
            PASS,
            _("A help link (‘{text}’) is one click from a page at depth {depth}.").format(
                text=text, depth=page.depth
            ),
            [site.evidence(p, link_note(t, h)) for p, t, h in links[:MAX_EVIDENCE]],
            {"depth": (page.depth or 0) + 1, "searchable": None},
        )
    if pages:
        page = pages[0]
        where = site.depth_text(page)
        return Result(
            FAIL,
            _(
                "Help pages appear only at {where}; customers need them within {limit} clicks."
            ).format(where=where, limit=FINDABLE_DEPTH),
            [site.evidence(p, _help_what(p)) for p in pages[:MAX_EVIDENCE]],
            {"depth": page.depth},
        )
    return _no_help_pages(site)


def _no_help_pages(site: Site) -> Result:
    """No help pages at all: a municipality or a larger general site is looked at by a person
    (they often help in other ways); any other site, a small general one read whole included,
    fails."""
    small = site.profile == "algemeen" and small_and_complete(site)
    if site.profile in ("gemeente", "algemeen") and not small:
        return Result(
            REVIEW,
            _(
                "No FAQ or help pages found on the {n} pages crawled; check how customers find "
                "answers themselves."
            ).format(n=len(site.pages)),
        )
    return Result(
        FAIL, _("No FAQ or help pages found on the {n} pages crawled.").format(n=len(site.pages))
    )


# -- GR603 -------------------------------------------------------------------------------------


def _first(site: Site, pattern) -> tuple[Page, str] | None:
    for page in site.pages:
        m = pattern.search(page.text)
        if m:
            return page, m.group(0)
    return None


def _jsonld_values(site: Site) -> list[tuple[Page, dict]]:
    return [(p, item) for p in site.pages for d in p.jsonld for item in jsonld_items(d)]


def _legal_name(site: Site) -> tuple[Page, str] | None:
    for page in site.pages:
        for m in vocab.LEGAL_FORM_NAME.finditer(page.text):
            # "Stichting Geschillencommissies …" is someone else's name.
            if not vocab.NOT_OWN_NAME.search(m.group(0)) and not disputes.find(m.group(0)):
                return page, m.group(0).strip()
    for page, item in _jsonld_values(site):
        name = item.get("legalName") or (item.get("@type") == "Organization" and item.get("name"))
        if isinstance(name, str) and name.strip():
            return page, name.strip()
    return _first_group(site, vocab.COPYRIGHT_NAME)


def _first_group(site: Site, pattern) -> tuple[Page, str] | None:
    for page in site.pages:
        m = pattern.search(page.text)
        if m:
            return page, m.group(1).strip()
    return None


def _address_text(text: str) -> str | None:
    """The address in a text: street and number, postcode and place, as far as present."""
    postcode = vocab.POSTCODE.search(text)
    if postcode is None:
        belgian = countries.BELGIAN_ADDRESS.search(text)
        if belgian:
            return belgian.group(0)
        street = vocab.STREET_ADDRESS.search(text)
        return street.group(0) if street else None
    end = re.match(r"[\s,]*[\w'-]+", text[postcode.end() :])
    stop = postcode.end() + (end.end() if end else 0)
    # A street on the same line just before the postcode belongs to the same address.
    streets = [
        m
        for m in vocab.STREET_ADDRESS.finditer(
            text, max(0, postcode.start() - 60), postcode.start()
        )
        if "\n" not in text[m.start() : postcode.start()]
    ]
    return text[streets[0].start() if streets else postcode.start() : stop]


def _enterprise_number(site: Site) -> tuple[Page, str] | None:
    """A Belgian organisation's enterprise (KBO) or VAT number, with valid check digits.

    Belgian organisations register at the Kruispuntbank van Ondernemingen, not the KvK; their
    VAT number is the enterprise number with BE in front.
    """
    for page in site.pages:
        found = companyids.belgian_enterprise(page.text)
        if found:
            return page, found.raw.strip()
    return None


def _all_read_with_contact_page(site: Site) -> bool:
    """Every page was read, a contact page or contact details among them: where an address
    would stand was read, so what the pages do not show, the site does not publish."""
    contact = any(vocab.CONTACT_PAGE.search(f"{p.url} {p.title}") for p in site.pages)
    details = bool(site.visible_phones() or site.contact_emails())
    return (contact or details) and not site.unseen


def _missing_register(site: Site, belgian: bool, evidence: list, data: dict) -> Result:
    """No KvK or enterprise number: a wrong enterprise number is reviewed, else a fail."""
    wrong = _invalid_enterprise_number(site)
    if wrong:
        # A typo or a made-up number: a person checks it rather than a guessed fail.
        evidence.append(site.evidence(wrong[0], wrong[1]))
        return Result(
            REVIEW,
            _(
                "An enterprise number is shown ({number}), but its check digits do not add "
                "up; check it."
            ).format(number=wrong[1]),
            evidence,
            data,
        )
    if belgian:
        return Result(FAIL, _("No enterprise number (KBO) shown."), evidence, data)
    vat = _first(site, vocab.VAT_NUMBER)
    if vat:
        evidence.append(site.evidence(vat[0], vat[1], label=_("VAT number")))
        message = _("No KvK number shown (a VAT number, {vat}, is not a KvK number).").format(
            vat=vat[1]
        )
    else:
        message = _("No KvK number shown.")
    return Result(FAIL, message, evidence, data)


def _invalid_enterprise_number(site: Site) -> tuple[Page, str] | None:
    """A Belgian enterprise or VAT number written with its label but wrong check digits."""
    for page in site.pages:
        for found in companyids.find(page.text):
            if found.country == "BE" and not found.valid:
                return page, found.raw.strip()
    return None


def _address(site: Site) -> tuple[Page, str] | None:
    for page in site.pages:
        found = _address_text(page.text)
        if found:
            return page, found
    for page, item in _jsonld_values(site):
        address = item.get("address")
        if isinstance(address, dict) and (
            address.get("streetAddress") or address.get("postalCode")
        ):
            parts = [address.get(k, "") for k in ("streetAddress", "postalCode", "addressLocality")]
            return page, " ".join(str(p) for p in parts if p)
    return None


@check(
    code="GR603",
    slug="identity-transparency",
    rule=6,
    title_en=N_("Clear who is behind the site"),
    what_en=N_(
        "Looks for the organisation's name (with its legal form), a postal or visiting "
        "address and its Chamber of Commerce (KvK) number on any crawled page; a Belgian "
        "organisation's enterprise number (KBO, with valid check digits) counts in its place."
    ),
    why_en=N_(
        "Customers want to know whom they deal with and where to find them if something goes "
        "wrong. Openness starts there, and a trader selling online must publish these details."
    ),
    fix_en=N_(
        "Show the legal name, address and KvK number in the footer or on the contact page "
        "(for example 'Tuinhuis B.V. · Dorpsstraat 1, 1234 AB Ergens · KvK 12345678')."
    ),
    weight=1,
    profiles=("webshop", "dienstverlener", "algemeen"),
    norm=N_(
        "Dutch Civil Code (BW) 3:15d (identity, address and KvK number in electronic commerce); Trade Register Decree 2008 art. 49; Belgium: Code of Economic Law art. III.74 (enterprise number)"
    ),
)
def identity_transparency(site: Site) -> Result:
    kvk = _first(site, vocab.KVK_NUMBER)
    enterprise = None if kvk else _enterprise_number(site)
    parts = {
        "name": _legal_name(site),
        "address": _address(site),
        "KvK number": kvk or enterprise,
    }
    found = {k: v for k, v in parts.items() if v}
    missing = [k for k, v in parts.items() if not v]
    belgian = enterprise is not None or (kvk is None and site.country == "BE")
    register = _("enterprise number (KBO)") if belgian else _("KvK number")
    names = {"name": _("name"), "address": _("address"), "KvK number": register}
    evidence = [site.evidence(p, text, label=names[k]) for k, (p, text) in found.items()]
    data = {"found": {k: text for k, (_page, text) in found.items()}, "missing": missing}
    if not missing:
        return Result(
            PASS,
            _("Name, address and {register} are shown.").format(register=register),
            evidence,
            data,
        )
    if "KvK number" in missing:
        return _missing_register(site, belgian, evidence, data)
    if missing == ["address"] and _all_read_with_contact_page(site):
        return Result(
            FAIL,
            _(
                "Name and {register} are shown, but no postal or visiting address on any of the "
                "{n} pages read, their contact details included."
            ).format(register=register, n=len(site.pages)),
            evidence,
            data,
        )
    absent = [names[k] for k in missing]
    return Result(
        REVIEW,
        _("{register} shown, but no {missing} found; check the footer and contact page.").format(
            register=register[:1].upper() + register[1:],
            missing=absent[0]
            if len(absent) == 1
            else _("{first} or {second}").format(first=absent[0], second=absent[1]),
        ),
        evidence,
        data,
    )


# -- GR604 -------------------------------------------------------------------------------------


def _clip(text: str) -> str:
    return clip(" ".join(text.split()), QUOTE_LENGTH)


def _is_prose(line: str) -> bool:
    # Menus and headings are short; breadcrumbs and selling-point bars are strings of items.
    return len(line.split()) >= PROSE_WORDS and len(_ITEM_SEPARATOR.findall(line)) < 2


def _intro(page: Page) -> str:
    """The first lines of prose on a page: two when they stand together, else the first."""
    lines = page.text.split("\n")
    first = next((i for i, line in enumerate(lines) if _is_prose(line)), None)
    if first is None:
        return ""
    together = first + 1 < len(lines) and _is_prose(lines[first + 1])
    return _clip(" ".join(lines[first : first + (2 if together else 1)]))


def _passage(text: str, index: int, end: int) -> str:
    """The sentence around the words at ``index:end``, as much of it as a quote holds."""
    return line_around(text, index, QUOTE_LENGTH, end=end)


def _service_kind(page: Page) -> str | None:
    where = _path_title(page)
    if vocab.COMPLAINT_WORDS.search(where) and not vocab.TERMS_AND_CONDITIONS_PAGE.search(where):
        return "complaint page"
    if vocab.CONTACT_PAGE.search(where):
        return "contact page"
    if vocab.ERROR_PAGE_TEXT.search(page.title) or vocab.ERROR_PAGE_TEXT.search(page.text[:500]):
        return "error page"
    return None


def _quotes(site: Site) -> list[tuple[Page, str, str]]:
    """(page, kind, quote): intros of service and error pages, then acknowledgement wording."""
    out: list[tuple[Page, str, str]] = []
    # Pages that answered 404 are not among site.pages (those loaded fine), so add them here.
    missing = [p for p in site.snapshot.pages if p.status == 404]
    for page in site.pages + missing:
        kind = "error page" if page.status == 404 else _service_kind(page)
        if kind and _intro(page):
            out.append((page, kind, _intro(page)))
    for page in site.pages:
        m = vocab.ACK_WORDING.search(page.text)
        if m and all(m.group(0) not in quote for _, _, quote in out):
            out.append((page, "acknowledgement wording", _passage(page.text, m.start(), m.end())))
    return out


@check(
    code="GR604",
    slug="tone-sample",
    rule=6,
    title_en=N_("Tone of service texts"),
    what_en=N_(
        "Collects representative service texts (the introduction of the contact and complaint "
        "pages, error pages, acknowledgement wording) for the auditor to judge tone and empathy."
    ),
    why_en=N_(
        "Genuine engagement shows in how an organisation speaks to a customer who needs help: "
        "personal, understanding, and open about what happens next. Only a person can judge that."
    ),
    fix_en=N_(
        "Write service texts as you would speak to the customer: acknowledge the question or "
        "problem, say what happens next and when, and sign with a name or team."
    ),
    weight=1,
    norm=N_("Gouden Regel 6 (personal, genuine engagement); judged by the auditor"),
)
def tone_sample(site: Site) -> Result:
    quotes = _quotes(site)
    if not quotes:
        return Result(NOT_APPLICABLE, _("No contact, complaint or error page text was crawled."))
    kinds = {
        "complaint page": _("complaint page"),
        "contact page": _("contact page"),
        "error page": _("error page"),
        "acknowledgement wording": _("acknowledgement wording"),
    }
    return Result(
        REVIEW,
        ngettext(
            "{n} service text quoted for the auditor to judge tone and empathy.",
            "{n} service texts quoted for the auditor to judge tone and empathy.",
            min(len(quotes), QUOTES),
        ).format(n=min(len(quotes), QUOTES)),
        [
            site.evidence(p, quote, label=kinds.get(kind, kind))
            for p, kind, quote in quotes[:QUOTES]
        ],
        {
            "quotes": [
                {"url": p.address, "kind": kind, "text": quote}
                for p, kind, quote in quotes[:QUOTES]
            ]
        },
    )


@hookimpl
def goudenregels_checks():
    return defined_checks(__name__)
