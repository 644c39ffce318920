"""Words of a customer's account area: where it is, what ends a session, what a customer sees there.

Used by the session crawl (which pages are the account area, which links would log out) and by
the account checks (own data shown and changeable, orders and contracts, cancelling, withdrawal).
"""

from __future__ import annotations

import re

from goudenregels.words import prefilter

# Links and addresses that end the session: never followed while a session is used. Matched on a
# link's text and on its address ("/sessie/einde" with the text "Uitloggen" counts).
LOGOUT = prefilter.compile(
    r"\blog\s*-?\s*(out|uit)\b|\buitlog\w*|\bafmelden\b|\bmeld\s+(je|u|jezelf)\s+af\b|"
    r"\bsign\s*-?\s*(out|off)\b|\blogoff\b|\bsession/(end|destroy)\b|\bsessie/(einde|stop)\b|"
    r"\bend\s+session\b|\bverlaat\s+(mijn|uw|je)\s+\w+",
    re.IGNORECASE,
)
# Addresses that delete or close the account: a GET there may already do it on a careless site.
DESTRUCTIVE = prefilter.compile(
    r"(account|profiel|profile|gegevens)[/_-]*(verwijder\w*|delete|remove|opheffen|sluiten)|"
    r"(verwijder\w*|delete|remove|opheffen)[/_-]*(account|profiel|profile)|/delete\b",
    re.IGNORECASE,
)

# The account area by its address or title: "Mijn …", /account, /mijn-, profile, orders.
# "Mijn" as a brand prefix (/mijnkpn, /mijn-ing) but not "mijnheer", "mijnbouw"; "my" only
# before an account word (/my-account, /myorders), not in "mystery" or "mysql".
ACCOUNT_AREA = prefilter.compile(
    r"(^|[/._-])mijn(?!heer|bouw|wer|en(veger)?\b|streek|schacht)|"
    r"(^|[/._-])my[-_]?(account|orders?|profile|details|dashboard|settings|subscriptions?|"
    r"contracts?|plan|bills?|invoices?|area|portal)|"
    r"(^|[/._-])(account|accounts|profiel|profile|klantportaal|"
    r"portal|portaal|dashboard|bestellingen|orders?|contract(en)?|abonnement(en)?|"
    r"overeenkomst(en)?|facturen|invoices?|polissen|mijnomgeving|klantomgeving|"
    r"persoonsgegevens|mijn-gegevens|instellingen|settings)([/._-]|$)|"
    r"^\s*(mijn|my)\s+\w+",
    re.IGNORECASE,
)
# A page that asks to log in: its address, or a password field with these words.
LOGIN_ADDRESS = prefilter.compile(
    r"(^|[/._-])(login|log-in|inloggen|signin|sign-in|aanmelden|auth|sso|sessie/nieuw|"
    r"session/new)([/._?-]|$)",
    re.IGNORECASE,
)
# The button of a login form ("Inloggen", "Log in", "Verder" on a two-step login).
LOGIN_SUBMIT = prefilter.compile(
    r"inloggen|log\s*-?\s*in|aanmelden|sign\s*-?\s*in|login|verder|doorgaan|continue|volgende",
    re.IGNORECASE,
)

# Labels of personal data a customer sees about themselves.
NAME_LABEL = prefilter.compile(
    r"^\s*(naam|volledige naam|voornaam|achternaam|aanhef|name|full name|first name|last name|"
    r"tenaamstelling)\s*[:]?\s*",
    re.IGNORECASE,
)
ADDRESS_LABEL = prefilter.compile(
    r"^\s*(adres|woonadres|postadres|factuuradres|afleveradres|bezorgadres|straat|postcode|"
    r"woonplaats|address|billing address|delivery address|shipping address)\s*[:]?\s*",
    re.IGNORECASE,
)
EMAIL_LABEL = prefilter.compile(r"^\s*(e-?mail(adres)?|email address)\s*[:]?\s*", re.IGNORECASE)
PHONE_LABEL = prefilter.compile(
    r"^\s*(telefoon(nummer)?|mobiel(e nummer)?|phone( number)?|mobile)\s*[:]?\s*", re.IGNORECASE
)
PERSONAL_LABELS = {
    "name": NAME_LABEL,
    "address": ADDRESS_LABEL,
    "email": EMAIL_LABEL,
    "phone": PHONE_LABEL,
}
# Personal data fields of an edit form, by a field's name or label.
PERSONAL_FIELD = prefilter.compile(
    r"naam|name|adres|address|straat|street|postcode|zip|woonplaats|city|plaats|e-?mail|"
    r"telefoon|phone|mobiel|mobile|geboortedatum|birth",
    re.IGNORECASE,
)
# A link or button that changes one's own data: "Gegevens wijzigen", "Edit profile".
EDIT_DATA = prefilter.compile(
    r"\b(wijzig\w*|bewerk\w*|aanpass\w*|pas\s+\S+\s+aan|verander\w*|bijwerken|werk\s+\S+\s+bij|"
    r"edit|change|update|correct\w*)\b",
    re.IGNORECASE,
)
DATA_SUBJECT = prefilter.compile(
    r"gegevens|profiel|adres|naam|e-?mail|telefoonnummer|details|profile|address|name|"
    r"personal|account\s*info",
    re.IGNORECASE,
)
# Changes that are not one's personal data: a password, newsletters, cookie or mail settings.
NOT_DATA_EDIT = prefilter.compile(
    r"wachtwoord|password|pincode|nieuwsbrief|newsletter|voorkeur\w*|preferences?|cookie|"
    r"bestelling|order|betaalmethode|payment|abonnement|subscription|taal|language",
    re.IGNORECASE,
)
# "Wijzigingen doorgeven kan alleen telefonisch": the customer cannot change the data themselves.
EDIT_ELSEWHERE = prefilter.compile(
    r"\b(bel|mail|schrijf|neem\s+contact)\b[^.\n]{0,80}\b(wijzig\w*|aanpass\w*|doorgeven|"
    r"veranderen)|\b(wijzig\w*|aanpass\w*|doorgeven|veranderen)\b[^.\n]{0,80}"
    r"\b(bel\w*|telefonisch|klantenservice|per\s+(post|brief|e-?mail)|contact\s+op)\b|"
    r"\b(call|contact)\s+(us|customer service)\b[^.\n]{0,60}\b(change|update)",
    re.IGNORECASE,
)
# One's orders, contract, subscription or policy with something that identifies it.
ORDERS_HEADING = prefilter.compile(
    r"\b(mijn\s+|uw\s+|je\s+|jouw\s+)?(bestelling(en)?|orders?|aankopen|contract(en)?|"
    r"abonnement(en)?|overeenkomst(en)?|polis(sen)?|leveringen|facturen|lidmaatschap|"
    r"order history|purchases|subscriptions?|invoices?)\b",
    re.IGNORECASE,
)
ORDER_DETAIL = prefilter.compile(
    r"\b(bestel|order|contract|polis|factuur|abonnement|invoice|lidmaatschap)\s*"
    r"(nummer|nr\.?|number|no\.?|#|id)[ \t]*[:#]?[ \t]*(?=[A-Z-]*\d)[A-Z0-9-]{3,}|"
    r"#[ \t]?(?=[A-Z-]*\d)[A-Z0-9-]{4,}\b|\b(looptijd|ingangsdatum|einddatum|besteld op|geleverd op|"
    r"ordered on|delivered on|start date|end date|verlengd tot|loopt tot)\b",
    re.IGNORECASE,
)
NO_ORDERS = prefilter.compile(
    r"\b(nog\s+)?geen\s+(bestellingen|orders|aankopen|contracten|abonnementen)\b|"
    r"\bno\s+orders?\s+(yet|found)\b|\byou have(n't| not) (placed|ordered)",
    re.IGNORECASE,
)


def is_logout(text: str, href: str = "") -> bool:
    """A link or button that would end the session (or unsubscribe the test account)."""
    return bool(LOGOUT.search(text) or LOGOUT.search(href) or UNSUBSCRIBE_LINK.search(text))


UNSUBSCRIBE_LINK = prefilter.compile(
    r"\bafmelden\s+(voor\s+)?(de\s+)?(nieuwsbrief|newsletter|mailing)|\bunsubscribe\b",
    re.IGNORECASE,
)


def mask_email(address: str) -> str:
    """jan.devries@example.nl -> j***@example.nl: shows that an address is there, not whose."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}" if domain else address


EMAIL_IN_TEXT = prefilter.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def mask_emails(text: str) -> str:
    """Every e-mail address in a text masked (see :func:`mask_email`)."""
    return EMAIL_IN_TEXT.sub(lambda m: mask_email(m.group(0)), text)


# Sending something back or withdrawing from a purchase, as the account area offers it:
# "Retour aanmelden", "Retourneren", "Bestelling herroepen", "Return an item".
RETURN_ROUTE = prefilter.compile(
    r"\bherroep\w*|\bretour\s*(aanmelden|melden|sturen|zenden|aanvragen|formulier|label)|"
    r"\bretourne\w*|\bterug\s*(te\s+)?sturen\b|\bterugzenden\b|\bbedenktijd\b|"
    r"\breturn\s+(an?\s+|this\s+|your\s+)?(item|order|product|purchase)s?\b|"
    r"\bstart\s+a\s+return\b|\bwithdraw\w*\s+from\b|\bcooling[- ]off\b",
    re.IGNORECASE,
)
# "Terug naar overzicht", "retour naar de vorige pagina": navigation, not a return.
NOT_RETURN = prefilter.compile(
    r"\b(retour\w*|terug|back|return)\s+(naar|to)\s+(de\s+|het\s+|the\s+)?\w+", re.IGNORECASE
)
