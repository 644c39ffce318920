"""Finding phone numbers in page text and classifying them by what a call costs (phonenumbers)."""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher, PhoneNumberType

from goudenregels.i18n import N_, _

# Words right before a digit string that make it something other than a phone number. Labels
# that always name another kind of number block on their own; words that also introduce a
# phone line ("Klantenservice:", "Vragen over uw polis:") block only as "…nummer", "…nr".
_NOT_A_PHONE = re.compile(
    r"(?:\b(kvk|k\.v\.k\.?|kamer van koophandel|btw|vat|iban|bic|rsin|sku|ean|gtin|isbn|"
    r"postcode|bsn|kenteken|tracking|track ?& ?trace)(?:[-\s]?(?:nummer|nr\.?|code|id|no\.?))?"
    r"|\b(order|bestel|bestelling|factuur|invoice|klant|customer|artikel|art\.?\s?|article|"
    r"polis|dossier|referentie|reference|kenmerk|rekening|pas|zending|ticket|registratie|"
    r"vergunning)[-\s]?(?:nummer|nr\.?|code|id|no\.?|number))"
    r"\b(?P<gap>[^\n]{0,24})$",
    re.IGNORECASE,
)
# Where a sentence ends, an earlier keyword ("Vragen over je factuur?") no longer applies.
_SENTENCE_END = re.compile(r"[?!]\s|\.\s+(?=[A-Z])")
_TIME_RANGE = re.compile(r"^\d{1,2}[.:]\d{2}\s*(-|–|tot|t/m)?\s*\d{1,2}[.:]\d{2}$")
_PHONE_HINT = re.compile(r"bel|tel|phone|call|nummer van|whatsapp|fax", re.IGNORECASE)
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b")
_FAX = re.compile(r"(?:[Ff][Aa][Xx][\w\s.:-]{0,10}|\bF\s*[:.]\s*)$")

# What a caller pays, decided by the Dutch number range (national significant number prefix):
# kind -> its name, an English msgid translated where it is shown (see kind_label).
KIND_LABELS = {
    "toll_free": N_("free (0800)"),
    "premium": N_("premium information number (090x)"),
    "paid_08x": N_("paid 084/087 number"),
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


def classify(number: phonenumbers.PhoneNumber) -> str:
    """Return the cost kind of a parsed number (see KIND_LABELS)."""
    if number.country_code != 31:
        return "international"
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


def national_format(number: phonenumbers.PhoneNumber) -> str:
    if number.country_code == 31 and phonenumbers.national_significant_number(number).startswith(
        "140"
    ):
        # phonenumbers has no national format for 14 0xx; write it the way municipalities do.
        nsn = phonenumbers.national_significant_number(number)
        return f"{nsn[:2]} {nsn[2:]}"
    fmt = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == 31
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, fmt)


def find_in_text(text: str, region: str = "NL") -> list[tuple[str, phonenumbers.PhoneNumber, str]]:
    """Phone numbers in a text: (raw text, parsed number, purpose) with purpose phone or fax.

    Digit strings introduced as a KvK, IBAN, order or customer number are skipped.
    """
    if not any(ch.isdigit() for ch in text):
        return []
    # Non-breaking and thin spaces are common inside numbers; the matcher wants plain spaces.
    clean = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ")
    # Bank account numbers contain long digit runs; blank them out, keeping positions.
    clean = _IBAN.sub(lambda m: " " * len(m.group()), clean)
    found = []
    for match in PhoneNumberMatcher(clean, region, leniency=Leniency.VALID):
        if _TIME_RANGE.match(match.raw_string.strip()) or re.match(
            r"\s*(uur|u\b|h\b)", clean[match.end : match.end + 5]
        ):
            continue  # "08.00 - 17.00 uur" is a time range, not 0800-1700
        before = clean[max(0, match.start - 40) : match.start]
        before = _SENTENCE_END.split(before)[-1]
        other = _NOT_A_PHONE.search(before)
        if other and not _PHONE_HINT.search(other.group("gap")):
            continue
        purpose = "fax" if _FAX.search(before) else "phone"
        found.append((match.raw_string, match.number, purpose))
    return found


@lru_cache(maxsize=512)
def parse_tel_href(href: str) -> phonenumbers.PhoneNumber | None:
    """Parse the target of a ``tel:`` link; None when it is not a valid number."""
    value = href.split(":", 1)[-1].split(";")[0].strip()
    value = re.sub(r"%20|%2B", lambda m: " " if m.group() == "%20" else "+", value)
    try:
        number = phonenumbers.parse(value, "NL")
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_possible_number(number) else None


def e164(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
