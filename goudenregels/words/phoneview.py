"""Words of the phone view: what names a contact route, a menu toggle, and a layer's kind.

The crawl hands the first two to the browser as JavaScript regular expressions (``.pattern``
with the ``i`` flag), so they keep to the syntax both languages share: groups, classes, ``\\b``
and look-ahead, no inline flags.
"""

from __future__ import annotations

import re

from goudenregels.words import prefilter

# A link or button that leads a visitor to the organisation: a contact or customer-service page,
# a help centre. "Contactlenzen" (a shop's lenses) and "Onze services" (what is sold) are not.
CONTACT_ROUTE = prefilter.compile(
    r"\bcontact(?!lenz|lens|loos|less)\w*"
    r"|\bklanten[\s-]?(?:service|dienst|contact|team)\b"
    r"|\bcustomer[\s-]?(?:service|care|support)\b"
    r"|\bhelp(?:desk|center|centre|centrum)?\b"
    r"|\bhulp\b|\bsupport\b|\bservice[\s-]?(?:desk|centrum|center|punt)\b"
    r"|\bbel ons\b|\bneem contact\b|\bget in touch\b|\bcall us\b|\bmail ons\b",
    re.IGNORECASE,
)

# A contact page by its address or title (not a help centre: the contact page is preferred).
CONTACT_PAGE_NAME = prefilter.compile(
    r"contact(?!lenz|lens|loos|less)|klanten-?service|klanten-?dienst|customer[\s_-]?service"
    r"|bereikbaar",
    re.IGNORECASE,
)

# How a menu button names itself in its text, label, id or class: "Menu", "Open navigatie",
# a "hamburger", a Bootstrap "navbar-toggler", an off-canvas drawer.
MENU_TOGGLE = prefilter.compile(
    r"menu|menuu|navigat|hamburger|burger|nav[\s_-]?toggle|navbar[\s_-]?toggler|toggle[\s_-]?nav"
    r"|off[\s_-]?canvas|sidenav|side[\s_-]?nav|drawer|mobile[\s_-]?nav",
    re.IGNORECASE,
)

# A sub-menu a visitor opens on the way to the contact route ("Klantenservice", "Service &
# contact", "Meer"): tried before the other sub-menus.
SERVICE_SUBMENU = prefilter.compile(
    r"contact|klanten|service|help|hulp|support|over ons|about|meer|more|informatie|info",
    re.IGNORECASE,
)

# What a layer over the page is, from its text, naming and where its links lead.
APP_PROMO = prefilter.compile(
    r"\b(?:download|installeer|install|open|get|gebruik|probeer)\b[^.\n]{0,40}\bapp\b"
    r"|\bapp\b[^.\n]{0,30}\b(?:downloaden|installeren|openen|store)\b"
    r"|apps\.apple\.com|play\.google\.com|app store|google play|smart-?banner|app-?banner",
    re.IGNORECASE,
)
CHAT_LAYER = prefilter.compile(
    r"\bchat|intercom|zendesk|livechat|tawk|trengo|drift|crisp|freshchat|userlike|watermelon"
    r"|hubspot-messages|messenger|\bbot\b|chatbot|stel (?:je|uw) vraag|hoe kunnen we (?:je|u) helpen",
    re.IGNORECASE,
)
NEWSLETTER_LAYER = prefilter.compile(
    r"nieuwsbrief|newsletter|aanmelden voor|schrijf (?:je|u) in|subscribe|inschrijven"
    r"|korting bij (?:je|uw) eerste|\bkorting\b.{0,30}\bmail",
    re.IGNORECASE,
)
# A consent layer the crawl did not mark as the cookie banner: GR302's business, not counted.
CONSENT_LAYER = prefilter.compile(
    r"cookie|consent|toestemming|gdpr|\btcf\b|onetrust|cookiebot|didomi|usercentrics",
    re.IGNORECASE,
)

LAYER_KINDS = ("consent", "app", "chat", "newsletter", "other")


def layer_kind(text: str, hint: str = "", targets: list[str] | tuple[str, ...] = ()) -> str:
    """consent, app, chat, newsletter or other: what a layer over the page offers."""
    named = f"{hint} {' '.join(targets)}"
    both = f"{text}\n{named}"
    if CONSENT_LAYER.search(both):
        return "consent"
    if APP_PROMO.search(both):
        return "app"
    if CHAT_LAYER.search(named) or CHAT_LAYER.search(text[:200]):
        return "chat"
    if NEWSLETTER_LAYER.search(both):
        return "newsletter"
    return "other"


def is_contact_route(text: str, href: str = "") -> bool:
    """A link to the contact or customer-service page (by its words or its address). A tel: or
    mailto: link is a channel itself, not the route to the page that lists them."""
    if re.match(r"\s*(tel|mailto|sms|javascript):", href, re.IGNORECASE):
        return False
    path = re.sub(r"[-_/.]+", " ", href.split("?")[0])
    return bool(CONTACT_ROUTE.search(text) or CONTACT_ROUTE.search(path))
