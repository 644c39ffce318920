"""Built-in organisation profiles and how each is recognised in a snapshot (an internal plugin)."""

from __future__ import annotations

import re

from goudenregels.hookspecs import hookimpl
from goudenregels.i18n import N_
from goudenregels.model import Profile
from goudenregels.snapshot import Snapshot, jsonld_items
from goudenregels.words import vocab

_PRICE = re.compile(r"€\s?\d{1,5}(?:[.,]\d{2}|,-)")
_MUNICIPAL = re.compile(
    r"\bgemeente\b|burgerzaken|gemeenteraad|afvalkalender|paspoort|rijbewijs|omgevingsvergunning|"
    r"bestemmingsplan|wethouder|burgemeester|\bwmo\b|bijstand|parkeervergunning",
    re.IGNORECASE,
)
_SERVICE = re.compile(
    r"\bmijn\s+[A-Z]\w+|\bmijn omgeving|abonnement|polis|verzekering|contract|opzeggen|"
    r"overstappen|energie|tarieven|termijnbedrag|aansluiting|klantnummer|inloggen",
    re.IGNORECASE,
)


def _types(snapshot: Snapshot) -> set[str]:
    out: set[str] = set()
    for page in snapshot.ok_pages():
        for item in (i for d in page.jsonld for i in jsonld_items(d)):
            t = item.get("@type")
            for value in t if isinstance(t, list) else [t]:
                if isinstance(value, str):
                    out.add(value.rsplit("/", 1)[-1])
    return out


def _near(pages: list) -> list:
    """Pages close to home: what an organisation is shows there, and it keeps detection fast."""
    return [p for p in pages if p.depth is not None and p.depth <= 1] or pages[:10]


def detect_webshop(snapshot: Snapshot) -> float:
    pages = snapshot.ok_pages()
    types = _types(snapshot)
    buttons = any(vocab.CART_BUTTON.search(b.text) for p in pages for b in p.buttons)
    text_button = any(vocab.CART_BUTTON.search(p.text) for p in pages)
    cart_link = any(
        any(w.search(f"{link.href} {link.text}") for w in (vocab.CART_LINK, vocab.CHECKOUT_LINK))
        for p in pages
        for link in p.links
    )
    prices = sum(len(_PRICE.findall(p.text)) for p in pages)
    score = 0.0
    score += 0.35 if types & {"Product", "Offer", "AggregateOffer"} else 0
    score += 0.35 if buttons else 0.2 if text_button else 0
    score += 0.2 if cart_link else 0
    score += 0.15 if prices >= 5 else 0
    return min(score, 1.0)


def detect_gemeente(snapshot: Snapshot) -> float:
    pages = snapshot.ok_pages()
    home = snapshot.home
    types = _types(snapshot)
    score = 0.0
    if home and re.search(r"\bgemeente\b", f"{home.title} {home.text[:2000]}", re.IGNORECASE):
        score += 0.4
    if types & {"GovernmentOrganization", "GovernmentOffice"}:
        score += 0.3
    if any(ph.kind == "municipal" for p in pages for ph in p.phones):
        score += 0.3
    words = {m.group().lower() for p in _near(pages) for m in _MUNICIPAL.finditer(p.text)}
    score += min(0.3, 0.06 * len(words))
    return min(score, 1.0)


def detect_dienstverlener(snapshot: Snapshot) -> float:
    pages = snapshot.ok_pages()
    words = {m.group().lower() for p in _near(pages) for m in _SERVICE.finditer(p.text)}
    login = any(f.type == "password" for p in pages for form in p.forms for f in form.fields)
    mijn = any(re.search(r"\bmijn\b", link.text, re.IGNORECASE) for p in pages for link in p.links)
    score = min(0.45, 0.08 * len(words)) + (0.2 if login else 0) + (0.2 if mijn else 0)
    # A shop has accounts too: product data and cart buttons point to webshop instead.
    if detect_webshop(snapshot) >= 0.55:
        score -= 0.3
    return max(0.0, min(score, 1.0))


PROFILES = [
    Profile("webshop", N_("Online shop"), detect_webshop),
    Profile("dienstverlener", N_("Service provider"), detect_dienstverlener),
    Profile("gemeente", N_("Municipality"), detect_gemeente),
    Profile("algemeen", N_("General"), lambda snapshot: 0.5),
]


@hookimpl
def goudenregels_profiles():
    return PROFILES
