"""Which elements the crawler may click to find where they lead: never one that acts on the site.

A menu item, card or button without an ``href`` that navigates by script is clicked in a guarded
tab (every navigation stopped, every non-GET request aborted). These words are the second guard:
an element whose text, aria-label, title or id says it logs out, buys, pays, deletes, submits or
signs up for something is never clicked at all, whatever the guard would have stopped.

The words are actions, read as a visitor reads a button: "Bestellen", "Nu kopen", "Log uit",
"In winkelwagen". A menu item that names a *topic* ("Bestellen en betalen", "Meer over
bestellen", "Hoe kan ik betalen?", "Mijn bestellingen") is a page about it, not the act, and may
be clicked: a click on it can at worst navigate, which the guard stops and records.
"""

from __future__ import annotations

import re

from goudenregels.words import prefilter

# Purchases, payments, carts: the act itself, not a page about it.
_BUY_VERB = (
    r"bestel(?:len)?|koop|kopen|betaal|betalen|afrekenen|reken\s+af|doneer|doneren|"
    r"order|buy|purchase|pay|checkout|check\s*out|kaufen|bestellen|acheter|commander|payer"
)
_CART = r"(?:winkel)?(?:wagen|wagentje|mand|mandje)|boodschappenlijst|cart|basket|bag|trolley"
# A purchase verb that leads the label ("Bestellen", "Nu kopen", "Direct betalen ›").
_BUY_LEADS = prefilter.compile(
    rf"^(?:(?:nu|direct|meteen|snel|veilig|online|ik|ja,?)\s+)?(?:{_BUY_VERB})\b", re.IGNORECASE
)
_BUY_ANYWHERE = prefilter.compile(
    rf"\b(?:in|naar|aan)\s+(?:de\s+|het\s+|mijn\s+|je\s+|uw\s+)?(?:{_CART})\b(?!\s*(?:bekijken|tonen))|"
    rf"\b(?:add|toevoegen|voeg)\b.{{0,20}}\b(?:{_CART})\b|"
    r"\b(?:bestel|koop|betaal)\s+(?:nu|direct|meteen)\b|"
    r"\b(?:nu|direct|meteen)\s+(?:bestellen|kopen|betalen|afrekenen|reserveren|boeken)\b|"
    r"\b(?:naar|ga\s+naar|door\s*(?:gaan)?\s+naar)\s+(?:de\s+)?(?:kassa|betalen|afrekenen)\b|"
    r"\b(?:bestelling|aankoop|order|betaling)\s+(?:plaatsen|afronden|bevestigen|voltooien)\b|"
    r"\bplaats\s+(?:je\s+|uw\s+|de\s+)?(?:bestelling|order)\b|"
    r"\b(?:place|complete|confirm|submit)\s+(?:your\s+|my\s+|the\s+)?(?:order|purchase|payment)\b|"
    r"\b(?:proceed|continue|go)\s+to\s+(?:checkout|payment|pay)\b|"
    r"\b(?:buy|order|pay)\s+(?:it\s+)?now\b|\bkoop\s+met\b|\bbetaal\s+met\b",
    re.IGNORECASE,
)
# Leaving the session, deleting, cancelling, and signing up: for a newsletter, an account, a list.
_SESSION = prefilter.compile(
    r"\b(?:uit|af)loggen\b|\blog\s*(?:je\s+|u\s+)?(?:uit|out|off)\b|\bsign\s*(?:out|off)\b|"
    r"\bafmelden\b|\bmeld\s+(?:je\s+|u\s+)?af\b|\buitschrijven\b|\bschrijf\s+(?:je\s+|u\s+)?uit\b|"
    r"\bunsubscribe\b|\bopt[\s-]?out\b|\bdéconnexion\b|\babmelden\b",
    re.IGNORECASE,
)
_DESTROY = prefilter.compile(
    r"\bverwijder(?:en)?\b|\bwis(?:sen)?\b|\bleeg\s*(?:maken)?\b|\bmaak\s+leeg\b|\bdelete\b|"
    r"\bremove\b|\berase\b|\bclear\s+(?:cart|basket|all)\b|\bempty\s+(?:cart|basket)\b|"
    r"\bannuleer\b|\bannuleren\b|\bcancel\b|\b(?:nu|direct|definitief)\s+opzeggen\b|"
    r"\bopzegging\s+bevestigen\b|\bbevestig\s+(?:de\s+|je\s+|uw\s+)?opzegging\b",
    re.IGNORECASE,
)
_SIGN_UP = prefilter.compile(
    r"\baanmelden\b|\bmeld\s+(?:je\s+|u\s+)?aan\b|\binschrijven\b|\bschrijf\s+(?:je\s+|u\s+)?in\b|"
    r"\babonneer\b|\babonneren\b|\bsubscribe\b|\bsign\s*up\b|\bjoin\s+(?:now|us|the)\b|"
    r"\bregistreer\b|\bregistreren\b|\bregister\b|\bnieuwsbrief\b|\bnewsletter\b",
    re.IGNORECASE,
)
# A choice of language or country ("English", "Belgien (Deutsch)", "FR", "België - Nederlands"):
# it changes what the visitor's browser keeps for every later page, and leads to no new page.
_LANGUAGES = (
    r"nederlands|vlaams|english|engels|deutsch|duits|fran[cç]ais|frans|espa[nñ]ol|spaans|"
    r"italiano|italiaans|polski|portugu[eê]s|türkçe|dansk|svenska|norsk"
)
_SETTING = prefilter.compile(
    rf"^(?:(?:{_LANGUAGES})|(?:nl|en|de|fr|es|it|pl)(?:[-_ ]?(?:nl|be|de|fr|gb|uk|us|lu))?)$|"
    rf"\((?:{_LANGUAGES})\)$|^[\w\s.]{{2,30}}\s[-–|/]\s(?:{_LANGUAGES})$|"
    r"^(?:taal|language|sprache|langue)(?:\s*(?:kiezen|wijzigen|choose|select|change|wählen))?\b",
    re.IGNORECASE,
)
# Buttons that send, save or agree: they belong to forms and dialogs, never to navigation.
_COMMIT = prefilter.compile(
    r"^(?:(?:alles|alle(?:\s+cookies)?|all)\s+)?(?:opslaan|bewaar|bewaren|verzend|verzenden|versturen|verstuur|stuur|insturen|submit|save|"
    r"send|bevestig|bevestigen|confirm|akkoord|accepteer|accepteren|accept|weiger|weigeren|"
    r"reject|decline|toestaan|allow|agree|ok|ja|yes|uitvoeren|wijzigingen\s+opslaan|stem|vote|"
    r"like|reset|herstel|update)\b",
    re.IGNORECASE,
)
# A label that names a topic, a question or an overview rather than the act: "Meer over
# bestellen", "Bestellen & betalen", "Hoe bestel ik?", "Vragen over betalen", "Alles over kopen".
_TOPIC = prefilter.compile(
    r"^(?:(?:meer\s+)?(?:info(?:rmatie)?\s+)?over|alles\s+over|info(?:rmatie)?\s+(?:over|bij)|"
    r"vragen\s+over|veelgestelde\s+vragen|hulp\s+bij|help\s+(?:with|bij)|uitleg|"
    r"about|more\s+about|how\s+(?:to|do|can)|hoe|wat|waar|wanneer|kan\s+ik|faq)\b|"
    r"\?\s*$|"
    r"^(?:order|bestel|betaal|payment)\s*(?:status|history|historie|overzicht|overview|tracking|"
    r"info|informatie|nummer|number|gegevens|details)\b",
    re.IGNORECASE,
)
# Two subjects side by side name a menu's topic: "Bestellen & betalen", "Verzenden en retourneren".
_PAIR = prefilter.compile(r"^(\w+)(?:\s*[&+/,]\s*|\s+(?:en|and)\s+)(\w+)$", re.IGNORECASE)
# ...unless the first is a dialog's own verb: "Opslaan en sluiten", "Accepteren en doorgaan".
_DIALOG_VERB = prefilter.compile(
    r"^(?:opslaan|bewaren|save|accepteren|accepteer|accept|akkoord|agree|bevestigen|confirm|"
    r"versturen|verstuur|submit|send|weigeren|reject)$",
    re.IGNORECASE,
)
# Identifiers (id, name, class) say the act in one word: "btn-logout", "addToCart", "buyNow".
_IDENT_WORDS = frozenset(
    {
        "logout",
        "signout",
        "logoff",
        "uitloggen",
        "afmelden",
        "checkout",
        "addtocart",
        "addtobasket",
        "buynow",
        "ordernow",
        "paynow",
        "pay",
        "purchase",
        "buy",
        "bestellen",
        "bestel",
        "afrekenen",
        "betalen",
        "kopen",
        "delete",
        "remove",
        "verwijderen",
        "unsubscribe",
        "subscribe",
        "newsletter",
        "nieuwsbrief",
        "submit",
    }
)


def _ident_words(ident: str) -> set[str]:
    """The words of an identifier and the pairs they make: "btnLogOut" -> btn, log, out, logout."""
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", ident)
    words = [w.lower() for w in re.split(r"[^A-Za-z0-9]+|\s+", spaced) if w]
    joined = {a + b for a, b in zip(words, words[1:], strict=False)}
    joined |= {a + b + c for a, b, c in zip(words, words[1:], words[2:], strict=False)}
    return set(words) | joined


def _plain(label: str) -> str:
    """A label as read: arrows, bullets and icons' stray characters dropped, spaces collapsed."""
    text = re.sub(r"[›»«‹→←↗>•·|*]+", " ", label)
    return re.sub(r"\s+", " ", text).strip(" .:!-–—")


def unsafe_reason(label: str, ident: str = "") -> str:
    """Why an element with this visible ``label`` (and aria-label, title, id...) must not be
    clicked: "logout", "purchase", "delete", "sign-up", "submit" or "setting" (a choice of
    language or country, kept for every later page); "" when it may be."""
    text = _plain(label)
    if _SESSION.search(text):
        return "logout"
    if _SETTING.search(text.strip()):
        return "setting"
    if _DESTROY.search(text):
        return "delete"
    pair = _PAIR.match(text)
    topic = bool(_TOPIC.search(text)) or bool(pair and not _DIALOG_VERB.match(pair.group(1)))
    if not topic and (_BUY_LEADS.search(text) or _BUY_ANYWHERE.search(text)):
        return "purchase"
    if _SIGN_UP.search(text) and not topic:
        return "sign-up"
    if _COMMIT.search(text) and not topic:
        return "submit"
    words = _ident_words(ident)
    if words & {"logout", "signout", "logoff", "uitloggen", "afmelden", "unsubscribe"}:
        return "logout"
    if words & {"delete", "remove", "verwijderen"}:
        return "delete"
    if words & {"subscribe", "newsletter", "nieuwsbrief"}:
        return "sign-up"
    if words & {"submit"}:
        return "submit"
    if words & _IDENT_WORDS and not topic:
        return "purchase"
    return ""


def safe_to_click(label: str, ident: str = "") -> bool:
    """True when nothing in the element's words says it acts on the site (see unsafe_reason)."""
    return not unsafe_reason(label, ident)
