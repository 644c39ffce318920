"""Finding phone numbers in page text and classifying them by what a call costs (phonenumbers)."""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher, PhoneNumberType

from goudenregels.i18n import N_, _
from goudenregels.words import companyids, prefilter

# Words right before a digit string that make it something other than a phone number. Labels
# that always name another kind of number block on their own; words that also introduce a
# phone line ("Klantenservice:", "Vragen over uw polis:") block only as "…nummer", "…nr".
_NOT_A_PHONE = prefilter.compile(
    r"(?:\b(kvk|k\.v\.k\.?|kamer van koophandel|btw|vat|iban|bic|rsin|sku|ean|gtin|isbn|"
    r"postcode|bsn|kenteken|tracking|track ?& ?trace)(?:[-\s]?(?:nummer|nr\.?|code|id|no\.?))?"
    r"|\b(order|bestel|bestelling|factuur|invoice|klant|customer|artikel|art\.?\s?|article|"
    r"polis|dossier|referentie|reference|kenmerk|rekening|pas|zending|ticket|registratie|"
    r"vergunning)[-\s]?(?:nummer|nr\.?|code|id|no\.?|number))"
    r"\b(?P<gap>[^\n]{0,24})$",
    re.IGNORECASE,
)
# Where a sentence ends, an earlier keyword ("Vragen over je factuur?") no longer applies.
_SENTENCE_END = prefilter.compile(r"[?!]\s|\.\s+(?=[A-Z])")
_TIME_RANGE = prefilter.compile(r"^\d{1,2}[.:]\d{2}\s*(-|–|tot|t/m)?\s*\d{1,2}[.:]\d{2}$")
_PHONE_HINT = prefilter.compile(r"bel|tel|phone|call|nummer van|whatsapp|fax", re.IGNORECASE)
_IBAN = prefilter.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b")
_FAX = prefilter.compile(r"(?:[Ff][Aa][Xx][\w\s.:-]{0,10}|\bF\s*[:.]\s*)$")
# A Belgian site also lists Dutch numbers written the Dutch way ("088 123 4567", ten digits):
# what is no Belgian number is read once more as a Dutch one (and so counts as foreign).
_FALLBACK = {"BE": ("NL",)}
# WhatsApp as the way to use a number ("WhatsApp ons op", "app ons", "06-… (WhatsApp)").
_WHATSAPP = prefilter.compile(
    r"whats\s?app|\bapp\s+(ons|me|gerust|naar)\b|\bappen\b", re.IGNORECASE
)
# Words that offer the same number for calls: then it is a phone line that also takes messages.
_CALL = prefilter.compile(
    r"\bbel\w*|\bcall\w*|telefo\w*|\btel\b|\bphone\b|\bgsm\b|\bmobiel\b|\bt\s*[:.]", re.IGNORECASE
)
# Said outright: the number takes no calls ("alleen via WhatsApp", "niet bellen", "no calls").
_ONLY_WHATSAPP = prefilter.compile(
    r"(alleen|uitsluitend|enkel|only)\s+(via\s+|per\s+|on\s+|by\s+)?whats\s?app|"
    r"whats\s?app[\s-]+only|niet\s+(te\s+)?(bellen|gebeld|bereikbaar\s+voor\s+(telefoon|oproepen))|"
    r"geen\s+(telefoon|oproepen|bellen)|no\s+(phone\s+)?calls|not\s+for\s+calls",
    re.IGNORECASE,
)
# Where the words about one number stop: another number, a list separator, a line break.
_LEAD_STOP = prefilter.compile(r".*(?:\d|[|·•;\n])", re.DOTALL)
_TRAIL_STOP = prefilter.compile(r"\d|[|·•;,\n]|\b(of|or|en|and|maar|but)\b", re.IGNORECASE)

# What a caller pays, decided by the Dutch number range (national significant number prefix):
# kind -> its name, an English msgid translated where it is shown (see kind_label).
KIND_LABELS = {
    "toll_free": N_("free (0800)"),
    "premium": N_("premium information number (090x)"),
    "paid_08x": N_("paid 084/087 number (070 in Belgium)"),
    "national": N_("national number at basic rate (078)"),
    "company": N_("company number (088)"),
    "municipal": N_("municipal number (14 0xx)"),
    "geographic": N_("landline number"),
    "mobile": N_("mobile number"),
    "voip": N_("VoIP number (085/091)"),
    "international": N_("foreign number"),
    "other": N_("other number"),
}


def kind_label(kind: str) -> str:
    """The cost kind of a number in words, in the language of the audit being scored."""
    return _(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


def classify(number: phonenumbers.PhoneNumber, home: str = "NL") -> str:
    """Return the cost kind of a parsed number for a site in ``home`` (see KIND_LABELS).

    A number of another country than the site's is foreign; a Belgian number on a Belgian
    site is read by the Belgian ranges.
    """
    if number.country_code != phonenumbers.country_code_for_region(home):
        return "international"
    if number.country_code == 32:
        return _classify_belgian(number)
    nsn = phonenumbers.national_significant_number(number)
    ntype = phonenumbers.number_type(number)
    if nsn.startswith("800"):
        return "toll_free"
    if nsn.startswith(("900", "906", "909")) or ntype == PhoneNumberType.PREMIUM_RATE:
        return "premium"
    if nsn.startswith(("84", "87")):
        return "paid_08x"
    if nsn.startswith("88"):
        return "company"
    if nsn.startswith("140") and len(nsn) <= 6:
        return "municipal"
    if ntype == PhoneNumberType.MOBILE:
        return "mobile"
    if nsn.startswith(("85", "91")) or ntype == PhoneNumberType.VOIP:
        return "voip"
    if ntype in (PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE):
        return "geographic"
    return "other"


def _classify_belgian(number: phonenumbers.PhoneNumber) -> str:
    """Belgian ranges: 0800 free, 090x premium, 070 paid, 078 national at basic rate."""
    nsn = phonenumbers.national_significant_number(number)
    ntype = phonenumbers.number_type(number)
    if nsn.startswith("800"):
        return "toll_free"
    if nsn.startswith("70"):
        return "paid_08x"  # shared cost, about 30 cents a minute: paid, not a premium line
    if nsn.startswith("90") or ntype == PhoneNumberType.PREMIUM_RATE:
        return "premium"
    if nsn.startswith("78"):
        return "national"
    if ntype == PhoneNumberType.MOBILE:
        return "mobile"
    if ntype in (PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE):
        return "geographic"
    return "other"


def national_format(number: phonenumbers.PhoneNumber, home: str = "NL") -> str:
    """The number as the site's own customers dial it; foreign numbers with their prefix."""
    local = number.country_code == phonenumbers.country_code_for_region(home)
    if number.country_code == 31 and phonenumbers.national_significant_number(number).startswith(
        "140"
    ):
        # phonenumbers has no national format for 14 0xx; write it the way municipalities do.
        nsn = phonenumbers.national_significant_number(number)
        return f"{nsn[:2]} {nsn[2:]}"
    fmt = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if local
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, fmt)


def find_in_text(text: str, region: str = "NL") -> list[tuple[str, phonenumbers.PhoneNumber, str]]:
    """Phone numbers in a text: (raw text, parsed number, purpose), read for a site in ``region``.

    Purpose is phone, fax, or whatsapp (a number offered only for WhatsApp messages). Digit
    strings introduced as a KvK, IBAN, order or customer number are skipped, and so are
    registration numbers (Belgian enterprise and VAT numbers, Dutch btw-id, RSIN).
    """
    if not any(ch.isdigit() for ch in text):
        return []
    # Non-breaking and thin spaces are common inside numbers; the matcher wants plain spaces.
    clean = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ")
    # Bank account and registration numbers contain long digit runs; blank them, keeping positions.
    clean = _IBAN.sub(lambda m: " " * len(m.group()), clean)
    clean = companyids.blank(clean)
    found = []
    for home in (region, *_FALLBACK.get(region, ())):
        for start, end, raw, number, purpose in _matches(clean, home):
            found.append((start, raw, number, purpose))
            clean = clean[:start] + " " * (end - start) + clean[end:]
    return [(raw, number, purpose) for _start, raw, number, purpose in sorted(found, key=_first)]


def _first(item: tuple) -> int:
    return item[0]


def _matches(clean: str, region: str):
    """(start, end, raw, number, purpose) for each phone number read for ``region``."""
    for match in PhoneNumberMatcher(clean, _region(region), leniency=Leniency.VALID):
        if _TIME_RANGE.match(match.raw_string.strip()) or re.match(
            r"\s*(uur|u\b|h\b)", clean[match.end : match.end + 5]
        ):
            continue  # "08.00 - 17.00 uur" is a time range, not 0800-1700
        before = clean[max(0, match.start - 40) : match.start]
        before = _SENTENCE_END.split(before)[-1]
        other = _NOT_A_PHONE.search(before)
        if other and not _PHONE_HINT.search(other.group("gap")):
            continue
        after = clean[match.end : match.end + 40]
        yield match.start, match.end, match.raw_string, match.number, _purpose(before, after)


def _region(region: str) -> str:
    return region if region in phonenumbers.SUPPORTED_REGIONS else "NL"


def _purpose(before: str, after: str) -> str:
    """fax, whatsapp (the words around the number offer it only for WhatsApp) or phone."""
    if _FAX.search(before):
        return "fax"
    lead = _LEAD_STOP.sub("", before)
    trail = after.lstrip()
    if trail.startswith("("):
        trail = trail[: trail.find(")") + 1 or len(trail)]  # "06-… (alleen WhatsApp)"
    else:
        stop = _TRAIL_STOP.search(trail)
        trail = trail[: stop.start()] if stop else trail
    around = f"{lead} {trail}"
    if _ONLY_WHATSAPP.search(around):
        return "whatsapp"
    if _WHATSAPP.search(around) and not _CALL.search(around):
        return "whatsapp"
    return "phone"


def whatsapp_link_number(href: str) -> phonenumbers.PhoneNumber | None:
    """The number a WhatsApp link opens a chat with (wa.me/316…, api.whatsapp.com/send?phone=)."""
    m = re.match(
        r"(?:https?://)?(?:www\.)?(?:wa\.me/|(?:api|web)\.whatsapp\.com/send/?\?(?:.*&)?phone=)"
        r"\+?(\d{8,15})",
        href.strip(),
        re.IGNORECASE,
    )
    if not m:
        return None
    try:
        number = phonenumbers.parse("+" + m.group(1), None)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


@lru_cache(maxsize=512)
def parse_tel_href(href: str, region: str = "NL") -> phonenumbers.PhoneNumber | None:
    """Parse the target of a ``tel:`` link; None when it is not a valid number."""
    value = href.split(":", 1)[-1].split(";")[0].strip()
    value = re.sub(r"%20|%2B", lambda m: " " if m.group() == "%20" else "+", value)
    try:
        number = phonenumbers.parse(value, _region(region))
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_possible_number(number) else None


@lru_cache(maxsize=4096)
def parse_e164(value: str) -> phonenumbers.PhoneNumber | None:
    """A stored E.164 number parsed again; None when it does not parse."""
    try:
        return phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return None


@lru_cache(maxsize=4096)
def is_real(value: str) -> bool:
    """An E.164 number that exists in its country's numbering plan."""
    number = parse_e164(value)
    return number is not None and phonenumbers.is_valid_number(number)


def reread(raw: str, number: phonenumbers.PhoneNumber, home: str) -> phonenumbers.PhoneNumber:
    """A number written nationally, read again for the site's country when valid there.

    "0475 12 34 56" on a page read as Dutch is a Belgian mobile on a Belgian site; a number
    written with its country prefix keeps it.
    """
    if re.match(r"\s*(\+|00)", raw) or home not in phonenumbers.SUPPORTED_REGIONS:
        return number
    try:
        other = phonenumbers.parse(raw, home)
    except phonenumbers.NumberParseException:
        return number
    return other if phonenumbers.is_valid_number(other) else number


def e164(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# Nationwide lines of other organisations that sites quote (a police appeal, a crisis line):
# never the site's own channel, whatever the words around them say.
OTHER_ORGANISATION_NUMBERS = {
    "+319008844": "Politie",
    "+318007000": "Meld Misdaad Anoniem",
    "+311400": "Rijksoverheid",
    "+318000113": "113 Zelfmoordpreventie",
    "+321733": "huisartsenwachtdienst",
}
