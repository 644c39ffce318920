"""Checks of the phone view (GR114, GR115, GR305) and the table of where phone and desktop differ.

They read what ``--device mobile`` or ``both`` recorded (crawl/phone.py): the pages read as a
phone (``Snapshot.phone_readings()``), their tap-to-call links and the layers over them on
arrival, and the menu probe (``snapshot.phone["menu"]``). An audit that did not read the phone
view gets "not applicable" with the reason; one whose phone view failed gets "review".
"""

from __future__ import annotations

from typing import Any

from goudenregels.checks.site import Site
from goudenregels.hookspecs import hookimpl
from goudenregels.i18n import N_, _, language, ngettext
from goudenregels.model import (
    FAIL,
    NOT_APPLICABLE,
    PASS,
    REVIEW,
    Cell,
    Evidence,
    Heading,
    Overview,
    Result,
    Screenshot,
    Table,
    check,
    defined_checks,
)
from goudenregels.snapshot import Layer, Page, Phone, TelLink, normalize_url
from goudenregels.words import phones as ph
from goudenregels.words import phoneview as pv
from goudenregels.words import vocab

# A layer covering more than this share of the phone screen on arrival stands in the way.
COVER_LIMIT = 1 / 3
MAX_EVIDENCE = 6
# Layers at least this large are named in the comparison of the two views.
NOTABLE_LAYER = 0.08


def _caption(kind: str) -> str:
    if kind == "home":
        return _("Phone view on arrival: home page")
    if kind == "contact":
        return _("Phone view on arrival: contact page")
    return _("Phone view on arrival")


def _layer_name(kind: str) -> str:
    """What a layer is, in the audit's language (words/phoneview.layer_kind)."""
    if kind == "app":
        return _("app-install banner")
    if kind == "chat":
        return _("chat window")
    if kind == "newsletter":
        return _("newsletter layer")
    return _("layer")


def _what(key: str) -> str:
    """A row of the comparison table: what the two views show differently."""
    names = {
        "numbers": _("phone numbers"),
        "tels": _("tap-to-call links"),
        "emails": _("e-mail addresses"),
        "chat": _("chat"),
        "layers": _("layers on arrival"),
    }
    return names[key]


# -- shared -----------------------------------------------------------------------------------


def readings(site: Site) -> list[Page]:
    """The pages read in the phone view that loaded, nearest to the home page first."""
    pages = [p for p in site.snapshot.phone_readings() if not p.error and (p.status or 0) < 400]
    return sorted(pages, key=lambda p: (p.depth if p.depth is not None else 99, p.address))


def no_phone_view(site: Site, what: str = "pages") -> Result | None:
    """The result when the phone view was not read: n.v.t. when the audit did not ask for it
    (``--device desktop``, an older snapshot), review when it was asked for and failed."""
    snap = site.snapshot
    have = bool(readings(site)) if what == "pages" else bool(snap.phone.get("menu"))
    if have:
        return None
    device = str((snap.settings or {}).get("device") or "desktop")
    if device == "desktop" or not snap.phone:
        return Result(
            NOT_APPLICABLE, _("This audit did not read the site as a phone (--device desktop).")
        )
    return Result(
        REVIEW,
        _("The phone view could not be read; look at the site on a phone."),
        site.on_home(_("phone view not read")),
    )


def _number(phone: Phone) -> str:
    return phone.national or phone.raw


def _tel_number(site: Site, page: Page, link: TelLink) -> str:
    """The E.164 number a tel: link dials ('' when it dials nothing a numbering plan knows)."""
    number = ph.parse_tel_href(link.href, page.country or site.country)
    return ph.e164(number) if number is not None else ""


def _where(link: TelLink) -> str:
    if not link.shown:
        return _("in a menu or panel that opens with a tap")
    regions = {"header": _("in the header"), "footer": _("in the footer"), "nav": _("in the menu")}
    return regions.get(link.region, _("on the page"))


def _tel_evidence(site: Site, page: Page, link: TelLink, number: str) -> Evidence:
    text = _("tel: link ‘{text}’ → {number}").format(text=link.text or link.href, number=number)
    return site.note_on(page, f"{text} ({_where(link)})", label=_("phone view"))


# -- GR114 ------------------------------------------------------------------------------------


def _service_numbers(site: Site, pages: list[Page]) -> dict[str, tuple[Page, Phone]]:
    """The numbers customers are given to call: the site's published ones and those the phone
    view shows; WhatsApp-only and fax numbers, and other organisations' lines, are not."""
    found: dict[str, tuple[Page, Phone]] = {}
    for page, phone in site.published_phones():
        found.setdefault(phone.e164, (page, phone))
    for page in pages:
        for phone in page.phones:
            if phone.kind == "fax" or phone.purpose != "phone" or not ph.is_real(phone.e164):
                continue
            if vocab.OTHER_ORGANISATION.search(phone.context):
                continue  # the police's or a hospital's line is not this site's channel
            if phone.e164 in ph.OTHER_ORGANISATION_NUMBERS:
                continue
            if phone.source in ("text", "tel", "hidden"):
                found.setdefault(phone.e164, (page, phone))
    return found


def _once(links: list[tuple[Page, TelLink, str]]) -> list[tuple[Page, TelLink, str]]:
    """One tel: link per number and place (the same header link on every page is one)."""
    seen: set[tuple[str, str, bool]] = set()
    out = []
    for page, link, number in links:
        key = (number or link.href, link.region, link.shown)
        if key not in seen:
            seen.add(key)
            out.append((page, link, number))
    return out


def _plain_numbers(pages: list[Page], numbers: dict[str, Any]) -> list[tuple[Page, Phone]]:
    """Service numbers the phone view shows as text, once each."""
    seen: set[str] = set()
    out = []
    for page in pages:
        for phone in page.phones:
            plain = phone.source in ("text", "hidden") and phone.e164 in numbers
            if plain and phone.e164 not in seen:
                seen.add(phone.e164)
                out.append((page, phone))
    return out


def _plain_evidence(site: Site, page: Page, phone: Phone) -> Evidence:
    quote = phone.context if phone.raw in phone.context else phone.raw
    return site.evidence(page, quote, label=_("phone view, plain text"), note=site.shown(phone))


@check(
    code="GR114",
    slug="tap-to-call",
    rule=1,
    absence=False,
    title_en=N_("Tap to call on a phone"),
    what_en=N_(
        "Reads the home and contact pages as a phone shows them and looks whether the "
        "customer-service number is a tap-to-call link (tel:)."
    ),
    why_en=N_(
        "Most customers look the number up on the phone they will call with. A number shown "
        "as plain text must be remembered or copied digit by digit; a tap-to-call link rings at "
        "once. Rule 1 asks that contact is easy when the customer wants it."
    ),
    fix_en=N_(
        'Wrap the number in a link: <a href="tel:+31201234567">020 123 45 67</a>, on the '
        "contact page and wherever the number is shown, also in the phone's header or menu."
    ),
    weight=1,
    norm=N_("Gouden Regel 1 (be available when the customer asks)"),
)
def tap_to_call(site: Site) -> Result:
    missing = no_phone_view(site)
    if missing is not None:
        return missing
    pages = readings(site)
    numbers = _service_numbers(site, pages)
    links = [(p, link, _tel_number(site, p, link)) for p in pages for link in p.tel_links]
    carried = _once([(p, link, n) for p, link, n in links if n in numbers])
    if carried:
        shown = _number(numbers[carried[0][2]][1])
        evidence = [_tel_evidence(site, p, link, _number(numbers[n][1])) for p, link, n in carried]
        return Result(
            PASS,
            _(
                "The customer-service number {number} is a tap-to-call link in the phone view."
            ).format(number=shown),
            evidence[:MAX_EVIDENCE],
        )
    if not numbers:
        return Result(NOT_APPLICABLE, _("The site gives no phone number to call."))
    plain = _plain_numbers(pages, numbers)
    if links:
        evidence = [_tel_evidence(site, p, link, n or link.href) for p, link, n in _once(links)]
        evidence += [_plain_evidence(site, p, phone) for p, phone in plain]
        return Result(
            REVIEW,
            _(
                "The phone view has tap-to-call links, but none for the number the site gives "
                "customers; check which number they dial."
            ),
            evidence[:MAX_EVIDENCE],
        )
    if plain:
        first = _number(plain[0][1])
        return Result(
            FAIL,
            _(
                "The number {number} is plain text in the phone view, with no tap-to-call link "
                "anywhere: a customer on a phone cannot tap it to call."
            ).format(number=first),
            [_plain_evidence(site, p, phone) for p, phone in plain][:MAX_EVIDENCE],
        )
    return Result(
        REVIEW,
        _(
            "The phone view shows the site's number neither as text nor as a link (it may be "
            "in an image or behind a button); look on a phone."
        ),
        [site.note_on(p, _("no number as text or link in the phone view")) for p in pages[:3]],
    )


# -- GR115 ------------------------------------------------------------------------------------


def _desktop_route(site: Site) -> bool:
    """The home page (desktop reading) links to a contact or customer-service page."""
    home = site.home
    return home is not None and any(pv.is_contact_route(k.text, k.href) for k in home.links)


def _phone_home(site: Site) -> Page | None:
    pages = readings(site)
    home = site.home
    key = normalize_url(home.address) if home is not None else ""
    return next((p for p in pages if normalize_url(p.address) == key), home)


def _path_text(menu: dict[str, Any]) -> str:
    link = menu.get("link") or {}
    steps = [f"‘{s}’" for s in menu.get("path") or []] + [f"‘{link.get('text', '')}’"]
    return " → ".join(steps)


def _screens(site: Site) -> list[Screenshot]:
    """The phone screen on arrival at the home and contact page, home first."""
    return [
        Screenshot(_caption(_shot_kind(p)), p.address, p.screenshot)
        for p in readings(site)
        if p.screenshot
    ]


def _shot_kind(page: Page) -> str:
    name = page.screenshot.rsplit("/", 1)[-1].removesuffix(".png")
    return name.removeprefix("phone-")


@check(
    code="GR115",
    slug="contact-in-phone-menu",
    rule=1,
    title_en=N_("Contact within two taps on a phone"),
    what_en=N_(
        "Opens the home page as a phone, and taps the menu (the hamburger) and its sub-menus "
        "the way a visitor would, until a link to the contact or customer-service page shows: "
        "at once (in the header or footer), or after at most two taps."
    ),
    why_en=N_(
        "On a phone the navigation hides behind a menu button. When the contact page is three "
        "levels deep there, or only in the desktop layout, customers on a phone do not find "
        "it. Rule 1 asks that contact details are easy to find."
    ),
    fix_en=N_(
        "Put 'Contact' or 'Klantenservice' in the first level of the phone menu, or as an icon "
        "in the phone's header or footer."
    ),
    weight=1,
    norm=N_("Gouden Regel 1 (contact details easy to find)"),
)
def contact_in_phone_menu(site: Site) -> Result:
    missing = no_phone_view(site, "menu")
    if missing is not None:
        return missing
    menu = site.snapshot.phone.get("menu") or {}
    home = _phone_home(site)
    on_home = [site.note_on(home, _path_text(menu), label=_("tap path"))] if home else []
    if menu.get("status") != "done":
        error = menu.get("error") or menu.get("status") or ""
        return Result(
            REVIEW,
            _("The phone menu could not be tried ({error}); look on a phone.").format(error=error),
            site.on_home(_("phone menu not tried")),
        )
    taps = menu.get("taps")
    if taps == 0:
        link = menu.get("link") or {}
        return Result(
            PASS,
            _("A contact link shows on the phone's home page without a tap: ‘{text}’.").format(
                text=link.get("text", "")
            ),
            on_home,
        )
    if isinstance(taps, int):
        return Result(
            PASS,
            ngettext(
                "The contact route is {count} tap away in the phone menu: {path}.",
                "The contact route is {count} taps away in the phone menu: {path}.",
                taps,
            ).format(count=taps, path=_path_text(menu)),
            on_home,
        )
    return _not_reached(site, menu, home)


def _not_reached(site: Site, menu: dict[str, Any], home: Page | None) -> Result:
    """No contact link within two taps: n.v.t., review or fail by what the probe could try."""
    tried = [f"‘{t}’" for t in menu.get("tried") or []]
    if not menu.get("in_page") and not _desktop_route(site):
        return Result(
            NOT_APPLICABLE,
            _("The home page links to no contact page in either view."),
        )
    if not tried:
        return Result(
            REVIEW,
            _(
                "No menu button was recognised on the phone's home page and no contact link "
                "shows there; look on a phone."
            ),
            site.on_home(_("no menu button recognised")),
        )
    note = _("tapped: {tried}").format(tried=", ".join(tried))
    return Result(
        FAIL,
        _(
            "No link to the contact page shows on the phone's home page, nor within two taps "
            "of its menu."
        ),
        [site.note_on(home, note, label=_("tap path"))] if home else [],
    )


# -- GR305 ------------------------------------------------------------------------------------


def _covering(pages: list[Page]) -> list[tuple[Page, Layer, str]]:
    """Distinct layers over more than a third of the phone screen, consent layers left out."""
    seen: set[tuple[str, str]] = set()
    out = []
    for page in pages:
        for layer in page.layers:
            if layer.coverage <= COVER_LIMIT or layer.page_frame:
                continue
            kind = pv.layer_kind(layer.text, layer.hint, layer.targets)
            key = (kind, " ".join(layer.text.split())[:120])
            if kind == "consent" or key in seen:
                continue
            seen.add(key)
            out.append((page, layer, kind))
    return out


def _layer_evidence(site: Site, page: Page, layer: Layer, kind: str) -> Evidence:
    label = _("{what}, {share}% of the screen").format(
        what=_layer_name(kind), share=round(layer.coverage * 100)
    )
    buttons = ", ".join(f"‘{b}’" for b in layer.buttons if b.strip())
    note = _("buttons: {buttons}").format(buttons=buttons) if buttons else ""
    if layer.text.strip():
        return site.evidence(page, layer.text, label=label, note=note)
    return site.note_on(page, layer.hint or note, label=label)


@check(
    code="GR305",
    slug="phone-screen-not-covered",
    rule=3,
    absence=False,
    title_en=N_("Phone screen not covered on arrival"),
    what_en=N_(
        "Reads the service pages as a phone shows them on arrival and measures the layers "
        "fixed over the page (app-install banners, chat windows, newsletter layers): a layer "
        "a tap would hit on more than a third of the screen stands in the way. The cookie "
        "banner is left to GR302."
    ),
    why_en=N_(
        "A phone screen is small: a banner asking to install the app or a chat window that "
        "opens by itself can hide most of the page the customer came for. Rule 3 asks not to "
        "bother customers needlessly."
    ),
    fix_en=N_(
        "Keep layers on a phone small and out of the way: a slim app banner (or the browser's "
        "own smart app banner), a chat button rather than an open chat window, no newsletter "
        "layer on arrival."
    ),
    weight=1,
    norm=N_("Gouden Regel 3 (do not bother the customer needlessly)"),
)
def phone_screen_not_covered(site: Site) -> Result:
    missing = no_phone_view(site)
    if missing is not None:
        return missing
    pages = readings(site)
    covering = _covering(pages)
    if covering:
        names = sorted({_layer_name(kind) for _p, _l, kind in covering})
        return Result(
            FAIL,
            ngettext(
                "{count} layer covers more than a third of the phone screen on arrival ({names}).",
                "{count} layers cover more than a third of the phone screen on arrival ({names}).",
                len(covering),
            ).format(count=len(covering), names=", ".join(names)),
            [_layer_evidence(site, p, layer, kind) for p, layer, kind in covering][:MAX_EVIDENCE],
        )
    return Result(
        PASS,
        ngettext(
            "Nothing covers more than a third of the phone screen on arrival ({count} page read "
            "as a phone).",
            "Nothing covers more than a third of the phone screen on arrival ({count} pages read "
            "as a phone).",
            len(pages),
        ).format(count=len(pages)),
    )


# -- where the two views differ ----------------------------------------------------------------

COMPARE_HEADINGS = [
    Heading("page", N_("Page"), "url"),
    Heading("what", N_("What")),
    Heading("desktop", N_("Desktop")),
    Heading("phone", N_("Phone")),
]


def _facts(page: Page) -> dict[str, set[str]]:
    """What a reading shows that the two views may not share, as comparable sets of words."""
    return {
        "numbers": {
            p.national or p.raw
            for p in page.phones
            if p.purpose == "phone" and p.kind != "fax" and p.source in ("text", "tel")
        },
        "emails": {e.address for e in page.emails if e.source != "hidden"},
        "chat": {w.vendor or w.kind for w in page.widgets if w.kind == "chat"},
    }


def _layers_of(page: Page) -> set[str]:
    if page.view == "mobile":
        return {
            _layer_name(k) + f" ({round(layer.coverage * 100)}%)"
            for layer in page.layers
            if layer.coverage >= NOTABLE_LAYER
            and not layer.page_frame
            and (k := pv.layer_kind(layer.text, layer.hint, layer.targets)) != "consent"
        }
    return {" ".join(o.text.split())[:40] for o in page.overlays}


def compare_rows(site: Site) -> list[dict[str, Any]]:
    """Per service page read in both views, the things one view shows and the other does not."""
    by_key = {normalize_url(p.address): p for p in site.pages}
    rows: list[dict[str, Any]] = []
    for phone in site.snapshot.phone_pages:
        desktop = by_key.get(normalize_url(phone.address))
        if desktop is None or phone.error:
            continue
        ours, theirs = _facts(desktop), _facts(phone)
        # The desktop reading has no tap grid: its tel: links are those its HTML shows.
        ours["tels"] = {p.e164 for p in desktop.phones if p.source == "tel"}
        shown = {_tel_number(site, phone, t) for t in phone.tel_links if t.shown}
        theirs["tels"] = shown - {""}
        ours["layers"] = _layers_of(desktop)
        theirs["layers"] = _layers_of(phone)
        for what in ours:
            if ours[what] != theirs[what]:
                rows.append(_row(phone, what, ours[what], theirs[what]))
    return rows


def _row(page: Page, what: str, desktop: set[str], phone: set[str]) -> dict[str, Any]:
    def cell(items: set[str]) -> Any:
        return [Cell(i) for i in sorted(items)] or Cell(_("none"))

    return {
        "page": page.address,
        "what": _what(what),
        "desktop": cell(desktop),
        "phone": cell(phone),
    }


def phone_overview(audit: Any, lang: str) -> Table | None:
    """The phone view in the report: where it differs from the desktop view, and the phone
    screen on arrival; None when the audit did not read the site as a phone."""
    snap = audit.snapshot
    if not snap.phone_readings():
        return None
    with language(lang):
        site = Site(snap, getattr(audit, "profile", "algemeen"))
        rows = compare_rows(site) if snap.phone_pages else []
        shots = _screens(site)
    empty = (
        N_("The service pages show the same contact details and layers in both views.")
        if snap.phone_pages
        else N_("The whole site was read as a phone: there is no desktop reading to compare.")
    )
    return Table(
        COMPARE_HEADINGS,
        rows,
        title=N_("The phone view"),
        key="phone",
        short=N_("Phone"),
        intro=N_(
            "The service pages read again as a phone, where they differ from the desktop view: "
            "phone numbers, tap-to-call links, e-mail addresses, chat and layers on arrival that "
            "one view shows and the other does not."
        ),
        empty=empty,
        shots=shots,
        summary=False,
    )


@hookimpl
def goudenregels_checks():
    return defined_checks(__name__)


@hookimpl
def goudenregels_overviews() -> list[Overview]:
    return [Overview("phone", phone_overview)]
