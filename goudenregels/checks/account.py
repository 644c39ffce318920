"""Checks inside the customer's account area (audit --session): own data, orders, cancel, return.

They read only the pages read logged in (``Site.account_pages``). Without a session they do not
apply ("not looked at"), so an audit without one scores exactly as before; with a session that
turned out not to be logged in they ask for review rather than judge a login page.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from goudenregels.checks.site import Note, Site, line_around, link_note
from goudenregels.hookspecs import hookimpl
from goudenregels.i18n import N_, _, ngettext
from goudenregels.model import FAIL, NOT_APPLICABLE, PASS, REVIEW, Result, check, defined_checks
from goudenregels.snapshot import Page
from goudenregels.words import account as words
from goudenregels.words import prefilter, vocab

MAX_EVIDENCE = 4
MIN_PERSONAL = 2  # kinds of personal data (name, address, e-mail, phone) that make a data page
VALUE_LENGTH = 80  # a longer line after a label is a sentence, not the value


def _gate(site: Site) -> Result | None:
    """n.v.t. without a session; review when the session read no account page."""
    session = site.snapshot.session or {}
    if not session:
        return Result(
            NOT_APPLICABLE,
            _("Not looked at: no test account (audit --session)."),
            data={"not_looked_at": "session"},
        )
    if site.account_pages:
        return None
    walls = [str(u) for u in session.get("login_walls") or []]
    if walls:
        return Result(
            REVIEW,
            _(
                "The session was not logged in: the account pages showed the login page, so "
                "the account area could not be judged. Save a new session and audit again."
            ),
            [
                site.note_on(p, Note(_("the login page instead of the account page")))
                for p in site.snapshot.pages
                if p.url in walls
            ][:MAX_EVIDENCE],
            {"login_walls": walls[:MAX_EVIDENCE]},
        )
    return Result(
        REVIEW,
        _(
            "No page of the account area was found with the session given; check by hand "
            "where customers manage their account."
        ),
    )


def _complete(site: Site) -> bool:
    """The crawl read everything it found: what is missing from the account area is not there."""
    snap = site.snapshot
    limited = any("page limit" in note or "time limit" in note for note in snap.notes)
    return snap.complete and not limited


def _quote(page: Page, pattern: prefilter.Pattern) -> str:
    m = pattern.search(page.text)
    return line_around(page.text, m.start(), end=m.end()) if m else ""


def _controls(page: Page) -> list[tuple[str, str]]:
    """(text, href) of the page's links and buttons."""
    return [(link.text.strip(), link.href) for link in page.links] + [
        (b.text.strip(), "") for b in page.buttons
    ]


# -- GR605 own data ----------------------------------------------------------------------------


def _personal_data(page: Page) -> dict[str, str]:
    """Kinds of personal data the page shows with a value: kind -> the line that shows it.

    A label with its value on the line ("Naam: Jan de Vries") or a label line followed by the
    value (a definition list, a table)."""
    lines = [line.strip() for line in page.text.split("\n") if line.strip()]
    found: dict[str, str] = {}
    for i, line in enumerate(lines):
        for kind, label in words.PERSONAL_LABELS.items():
            m = label.match(line)
            if kind in found or not m:
                continue
            rest = line[m.end() :].strip()
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            if rest and len(rest) <= VALUE_LENGTH:
                found[kind] = line
            elif not rest and nxt and len(nxt) <= VALUE_LENGTH and not _is_label(nxt):
                found[kind] = f"{line}\n{nxt}"
    return found


def _is_label(line: str) -> bool:
    return any(
        label.match(line) and not line[label.match(line).end() :].strip()
        for label in words.PERSONAL_LABELS.values()
    )


def _edit_routes(site: Site) -> list[tuple[Page, str]]:
    """(page, what) for edit forms and 'change your data' links or buttons in the account area."""
    out: list[tuple[Page, str]] = []
    for page in site.account_pages:
        for form in page.forms:
            personal = [
                f for f in form.fields if words.PERSONAL_FIELD.search(f"{f.name} {f.label}")
            ]
            if len(personal) >= MIN_PERSONAL and not any(f.type == "password" for f in form.fields):
                out.append((page, Note(_("a form to change personal data"))))
        shows = len(_personal_data(page)) >= MIN_PERSONAL
        for text, href in _controls(page):
            if (
                len(text.split()) > 6
                or not words.EDIT_DATA.search(text)
                or words.NOT_DATA_EDIT.search(text)
            ):
                continue
            if words.DATA_SUBJECT.search(f"{text} {urlsplit(href).path}") or shows:
                out.append((page, link_note(text, href) if href else Note(text)))
    return out


@check(
    code="GR605",
    slug="account-own-data",
    rule=6,
    title_en=N_("Own data in the account"),
    what_en=N_(
        "Logged in with the auditor's test account (audit --session): does the account area "
        "show the customer's own data (name, address, e-mail address, phone) and offer a way to "
        "change them online (an edit form or a 'change your details' link)? Not looked at "
        "without a session."
    ),
    why_en=N_(
        "Rule 6 asks that customers can see and manage their own data in an app or 'Mijn "
        "omgeving'; data they can see but not correct themselves cost them a call."
    ),
    fix_en=N_(
        "Show the customer's name, address and contact details in the account area with a "
        "'Gegevens wijzigen' form next to them, and confirm a change by e-mail."
    ),
    weight=1,
    norm=N_("GDPR (AVG) art. 15 and 16 (access and rectification); Gouden Regel 6"),
)
def account_own_data(site: Site) -> Result:
    gate = _gate(site)
    if gate is not None:
        return gate
    shown = [(p, _personal_data(p)) for p in site.account_pages]
    shown = [(p, data) for p, data in shown if len(data) >= MIN_PERSONAL]
    edits = _edit_routes(site)
    seen = [site.evidence(p, next(iter(data.values()))) for p, data in shown[:MAX_EVIDENCE]]
    if edits:
        return Result(
            PASS,
            _("The account area lets customers change their own data ({what}).").format(
                what=edits[0][1]
            ),
            seen + [site.evidence(p, what) for p, what in edits[:MAX_EVIDENCE]],
        )
    if not shown:
        return _no_data_page(site)
    elsewhere = [(p, _quote(p, words.EDIT_ELSEWHERE)) for p, _d in shown]
    elsewhere = [(p, q) for p, q in elsewhere if q]
    if elsewhere or _complete(site):
        return Result(
            FAIL,
            _("The account area shows the customer's data, but offers no way to change them."),
            seen + [site.evidence(p, q) for p, q in elsewhere[:MAX_EVIDENCE]],
        )
    return Result(
        REVIEW,
        _(
            "The account area shows the customer's data; no way to change them was found on "
            "the pages read, but the crawl did not read everything."
        ),
        seen,
    )


def _no_data_page(site: Site) -> Result:
    count = len(site.account_pages)
    return Result(
        REVIEW,
        ngettext(
            "No page showing the customer's own data was found among the %(count)s account "
            "page read; check by hand.",
            "No page showing the customer's own data was found among the %(count)s account "
            "pages read; check by hand.",
            count,
        )
        % {"count": count},
        [site.note_on(p, Note(_("account page read"))) for p in site.account_pages[:2]],
    )


# -- GR606 orders and contracts ------------------------------------------------------------------


def _orders(site: Site) -> list[tuple[Page, str]]:
    """(page, quote) for account pages that show the customer's orders or contracts: an order
    or contract number or date, or under an orders heading the statement that there are none
    yet."""
    out = []
    for page in site.account_pages:
        quote = _quote(page, words.ORDER_DETAIL)
        if not quote and words.ORDERS_HEADING.search(f"{page.title}\n{page.text}"):
            quote = _quote(page, words.NO_ORDERS)
        if quote:
            out.append((page, quote))
    return out


def _order_links(site: Site) -> list[tuple[Page, str]]:
    return [
        (page, link_note(text, href))
        for page in site.account_pages
        for text, href in _controls(page)
        if href and len(text.split()) <= 5 and words.ORDERS_HEADING.search(text)
    ]


@check(
    code="GR606",
    slug="account-orders",
    rule=6,
    title_en=N_("Orders or contract in the account"),
    what_en=N_(
        "Logged in with the auditor's test account (audit --session): can customers see their "
        "orders, contract or subscription in the account area (a list with order numbers or "
        "dates, or a page that says there are none yet)? Not looked at without a session."
    ),
    why_en=N_(
        "Rule 6 asks that customers can see their own orders and contracts online instead of "
        "having to ask for them."
    ),
    fix_en=N_(
        "List the customer's orders, contracts and subscriptions in the account area, each "
        "with its number, date and status."
    ),
    weight=1,
    profiles=("webshop", "dienstverlener"),
    norm=N_("Gouden Regel 6 (insight into one's own orders and contracts)"),
)
def account_orders(site: Site) -> Result:
    gate = _gate(site)
    if gate is not None:
        return gate
    lists = _orders(site)
    if lists:
        return Result(
            PASS,
            _("The account area shows the customer's orders or contract."),
            [site.evidence(p, q) for p, q in lists[:MAX_EVIDENCE]],
        )
    links = _order_links(site)
    evidence = [site.evidence(p, what) for p, what in links[:MAX_EVIDENCE]]
    if links or not _complete(site):
        return Result(
            REVIEW,
            _(
                "The account area names orders or contracts, but no page listing them was "
                "read; check by hand."
            ),
            evidence,
        )
    return Result(
        FAIL,
        _("The account area shows no orders, contract or subscription of the customer."),
        [site.note_on(p, Note(_("account page read"))) for p in site.account_pages[:2]],
    )


# -- GR407 cancel and GR408 return in the account -------------------------------------------------


def _offers(site: Site, pattern: prefilter.Pattern, exclude=None) -> list[tuple[Page, str]]:
    """(page, quote or link) where the account area offers what ``pattern`` names."""
    out = []
    for page in site.account_pages:
        for text, href in _controls(page):
            wanted = len(text.split()) <= 8 and pattern.search(text)
            if wanted and not (exclude and exclude.search(text)):
                out.append((page, link_note(text, href) if href else Note(text)))
                break
        else:
            m = pattern.search(page.text)
            if m and not (exclude and exclude.match(page.text, m.start())):
                out.append((page, line_around(page.text, m.start(), end=m.end())))
    return out


def _account_text(site: Site) -> str:
    return "\n".join(f"{p.title}\n{p.text}" for p in site.account_pages)


@check(
    code="GR407",
    slug="account-cancel",
    rule=4,
    title_en=N_("Cancel from the account"),
    what_en=N_(
        "Logged in with the auditor's test account (audit --session): when the account area "
        "shows a subscription or contract that runs on, can it be cancelled from there (an "
        "'Opzeggen' link, button or page)? Not looked at without a session; not applicable when "
        "the account shows no running contract."
    ),
    why_en=N_(
        "Leaving should be as easy as joining: a customer who manages a contract in the "
        "account area expects to end it there too."
    ),
    fix_en=N_(
        "Put an 'Opzeggen' button next to each subscription or contract in the account area, "
        "and confirm the cancellation by e-mail."
    ),
    weight=2,
    norm=N_(
        "Dutch Civil Code (BW) 6:236 under o-s (cancel the same way as signing up); ACM "
        "guidelines on protecting online consumers"
    ),
)
def account_cancel(site: Site) -> Result:
    gate = _gate(site)
    if gate is not None:
        return gate
    found = _offers(site, vocab.CANCEL_WORDS)
    if found:
        return Result(
            PASS,
            _("A contract can be cancelled from the account area."),
            [site.evidence(p, what) for p, what in found[:MAX_EVIDENCE]],
        )
    running = vocab.RUNNING_CONTRACT.search(_account_text(site))
    if not running:
        return Result(
            NOT_APPLICABLE,
            _("The account area shows no subscription or contract that runs on."),
        )
    pages = [p for p in site.account_pages if vocab.RUNNING_CONTRACT.search(p.text)]
    evidence = [site.evidence(p, _quote(p, vocab.RUNNING_CONTRACT)) for p in pages[:2]]
    if not _complete(site):
        return Result(
            REVIEW,
            _("No way to cancel was found in the account area, but the crawl did not read it all."),
            evidence,
        )
    return Result(
        FAIL,
        _("The account area shows a running contract but no way to cancel it there."),
        evidence,
    )


@check(
    code="GR408",
    slug="account-return",
    rule=4,
    title_en=N_("Return from the account"),
    what_en=N_(
        "Logged in with the auditor's test account (audit --session): when the account area "
        "shows orders, can the customer start a return or withdraw from a purchase there "
        "('Retour aanmelden', 'Herroepen')? Not looked at without a session; not applicable when "
        "the account shows no orders."
    ),
    why_en=N_(
        "Consumers may withdraw from an online purchase within 14 days; starting that next to "
        "the order itself is the easiest route, and from 2026 the law asks for a withdrawal "
        "function online."
    ),
    fix_en=N_(
        "Offer 'Retour aanmelden' or 'Herroepen' next to each order in the account area, and "
        "confirm it by e-mail."
    ),
    weight=1,
    profiles=("webshop",),
    norm=N_("Dutch Civil Code (BW) 6:230o (right of withdrawal); EU Directive 2023/2673"),
)
def account_return(site: Site) -> Result:
    gate = _gate(site)
    if gate is not None:
        return gate
    found = _offers(site, words.RETURN_ROUTE, words.NOT_RETURN)
    if found:
        return Result(
            PASS,
            _("A return or withdrawal can be started from the account area."),
            [site.evidence(p, what) for p, what in found[:MAX_EVIDENCE]],
        )
    orders = _orders(site)
    if not orders:
        return Result(NOT_APPLICABLE, _("The account area shows no orders to return."))
    evidence = [site.evidence(p, q) for p, q in orders[:2]]
    if not _complete(site):
        return Result(
            REVIEW,
            _("No way to return was found in the account area, but the crawl did not read it all."),
            evidence,
        )
    return Result(
        FAIL,
        _("The account area shows orders but no way to return them or withdraw from them."),
        evidence,
    )


@hookimpl
def goudenregels_checks():
    return defined_checks(__name__)
