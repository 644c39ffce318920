"""Which country a site belongs to (the Netherlands or Belgium), weighed from what it shows.

The country decides how a national phone number is read ("02 511 22 33" is Brussels, not a
broken Dutch number), which numbers are foreign, and which registration number and dispute
bodies to expect. It is weighed from independent signals, none decisive on its own: the domain's
top-level domain, the page language (nl-BE, fr-BE), postal addresses (Dutch "1234 AB Plaats",
Belgian "1000 Brussel" after a street), the country named in structured data, enterprise or KvK
numbers, and the country prefixes of phone numbers. Crawl (per page) and checks (per site) call
the same function with what they have.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from goudenregels.words import companyids, prefilter

DEFAULT = "NL"  # the product audits Dutch sites first: no signal at all means the Netherlands
SUPPORTED = ("NL", "BE")

# Weights: a top-level domain or structured address is strong, a language tag a little weaker
# (Flemish sites often write plain lang="nl"), single mentions weak and capped per kind.
TLD_WEIGHT = 3.0
LANG_WEIGHT = 2.0
PLAIN_NL_WEIGHT = 0.5
JSONLD_WEIGHT = 3.0
ADDRESS_WEIGHT = 2.0
REGISTRATION_WEIGHT = 3.0
PHONE_WEIGHT = 1.0
CAP_PER_KIND = 3  # at most this many hits of one kind count

_TLDS = {"nl": "NL", "be": "BE", "vlaanderen": "BE", "brussels": "BE", "gent": "BE", "frl": "NL"}
_COUNTRY_NAMES = {
    "nl": "NL",
    "nld": "NL",
    "netherlands": "NL",
    "the netherlands": "NL",
    "nederland": "NL",
    "holland": "NL",
    "pays-bas": "NL",
    "be": "BE",
    "bel": "BE",
    "belgium": "BE",
    "belgië": "BE",
    "belgie": "BE",
    "belgique": "BE",
    "belgien": "BE",
}
# Dutch postcode: four digits (not starting with 0), two capitals (never SA, SD, SS), a place.
_NL_POSTCODE = prefilter.compile(
    r"\b[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}\b(?=[\s,]+(?:[A-Z][a-z'-]+|[A-Z]{3,}\b))"
)
# Belgian postcode: four digits and a place, which is an address when "B-" stands before it, a
# street and house number just before it ("Meir 12, 2000 Antwerpen") or the country after it
# ("9000 Gent, België"). Found from the digits, then the words around them are read.
_BE_POSTCODE = prefilter.compile(
    r"(?<![\w-])(?P<b>B-?)?[1-9]\d{3}\s+(?:[A-Z][a-zà-ÿ'-]+(?:[- ][A-Z]?[a-zà-ÿ'-]+)?"
    r"(?!\s?[A-Z]{2}\b)|[A-ZÀ-Þ]{3,}(?:[- ][A-ZÀ-Þ]{2,})?\b)"
)
_BE_STREET_BEFORE = prefilter.compile(
    r"[A-Za-zÀ-ÿ'.-]{2,}\s+\d{1,4}(?:\s?(?:bus|bte|b)\s?\d+|[A-Za-z])?\s*,?\s*$"
)
_BE_COUNTRY_AFTER = prefilter.compile(r"^\s*[,(-]?\s*(?:België|Belgie|Belgium|Belgique)\b")
# A Belgian address as written on a site: street and number, postcode and place.
BELGIAN_ADDRESS = prefilter.compile(
    r"\b[A-Z][\wÀ-ÿ'.-]*(?:[ -][\wÀ-ÿ'.-]+){0,3}?\s+\d{1,4}(?:\s?(?:bus|bte|b)\s?\d+|[A-Za-z])?"
    r"\s*,?\s+(?:B-?)?[1-9]\d{3}\s+[A-Z][a-zà-ÿ'-]+(?:[- ][A-Z]?[a-zà-ÿ'-]+)?(?!\s?[A-Z]{2}\b)"
)
# A country named on a line of an address ("Nederland", "België") with a postcode before it.
_COUNTRY_LINE = prefilter.compile(
    r"\b\d{4}(?:\s?[A-Z]{2})?\s+[A-Z][\wà-ÿ'-]+\s*[,\n(-]\s*"
    r"(Nederland|The Netherlands|Netherlands|België|Belgie|Belgium|Belgique)\b"
)
# Country prefixes written with a number: +32 / 0032 Belgium, +31 / 0031 the Netherlands.
_PREFIX = prefilter.compile(r"(?:\+|\b00)\s?(31|32)[\s(.-]*\d")
# Belgian numbers are written with a slash after the zone: "02/511.22.33", "0475/12.34.56".
_BE_SLASH = prefilter.compile(r"\b0\d{1,3}\s?/\s?\d{2,3}[ .]?\d{2}[ .]?\d{2}\b")


@dataclass
class Signals:
    """Evidence for each country, with the reasons (for evidence in a report)."""

    scores: dict[str, float] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)

    def add(self, country: str, weight: float, reason: str) -> None:
        self.scores[country] = self.scores.get(country, 0.0) + weight
        self.reasons.append(f"{country}: {reason}")

    def merge(self, other: Signals) -> None:
        for country, score in other.scores.items():
            self.scores[country] = self.scores.get(country, 0.0) + score
        self.reasons.extend(other.reasons)

    @property
    def country(self) -> str:
        """The country with the most weight; the default when none or a tie."""
        if not self.scores:
            return DEFAULT
        best = max(self.scores.values())
        leaders = [c for c, s in self.scores.items() if s == best]
        return leaders[0] if len(leaders) == 1 else DEFAULT


def country_of_name(value: object) -> str | None:
    """'BE', 'België', 'Belgium', {'name': 'Belgique'} … as a country code, else None."""
    if isinstance(value, dict):
        value = value.get("name") or value.get("@id") or ""
    if not isinstance(value, str):
        return None
    return _COUNTRY_NAMES.get(value.strip().lower())


def from_host(host_or_url: str) -> str | None:
    """The country of a domain's top-level domain (.nl, .be), None for .com and the like."""
    try:
        host = urlsplit(host_or_url).hostname if "/" in host_or_url else host_or_url
    except ValueError:  # a malformed address has no top-level domain to go by
        return None
    tld = (host or "").rstrip(".").rsplit(".", 1)[-1].lower()
    return _TLDS.get(tld)


def from_lang(lang: str) -> tuple[str | None, float]:
    """The country a language tag names (nl-BE, fr-BE, nl-NL) and how much that says."""
    parts = re.split(r"[-_]", (lang or "").strip().lower())
    if len(parts) >= 2 and parts[1] in ("be", "nl"):
        return parts[1].upper(), LANG_WEIGHT
    if parts[0] == "nl":
        return "NL", PLAIN_NL_WEIGHT
    return None, 0.0


def _count(signals: Signals, country: str, weight: float, hits: int, reason: str) -> None:
    if hits:
        signals.add(country, weight * min(hits, CAP_PER_KIND), reason)


def _belgian_postcodes(text: str) -> int:
    """How many Belgian addresses (postcode and place, in an address's setting) a text holds."""
    hits = 0
    for m in _BE_POSTCODE.finditer(text):
        before = text[max(0, m.start() - 40) : m.start()]
        if (
            m.group("b")
            or _BE_STREET_BEFORE.search(before)
            or _BE_COUNTRY_AFTER.match(text, m.end())
        ):
            hits += 1
            if hits >= CAP_PER_KIND:
                break
    return hits


def from_text(text: str) -> Signals:
    """Signals in visible text: postcodes, registration numbers, phone prefixes."""
    signals = Signals()
    if not text:
        return signals
    _count(signals, "NL", ADDRESS_WEIGHT, len(_NL_POSTCODE.findall(text)), "Dutch postcode")
    _count(signals, "BE", ADDRESS_WEIGHT, _belgian_postcodes(text), "Belgian postcode")
    for m in _COUNTRY_LINE.finditer(text):
        signals.add(country_of_name(m.group(1)) or DEFAULT, ADDRESS_WEIGHT, m.group(1))
    ids = companyids.find(text)
    belgian = sum(1 for i in ids if i.country == "BE" and i.valid)
    dutch = sum(1 for i in ids if i.country == "NL" and i.valid)
    _count(signals, "BE", REGISTRATION_WEIGHT, belgian, "Belgian enterprise number")
    _count(signals, "NL", REGISTRATION_WEIGHT, dutch, "Dutch KvK or VAT number")
    prefixes = [m.group(1) for m in _PREFIX.finditer(text)]
    _count(signals, "BE", PHONE_WEIGHT, prefixes.count("32"), "+32 phone number")
    _count(signals, "NL", PHONE_WEIGHT, prefixes.count("31"), "+31 phone number")
    _count(signals, "BE", PHONE_WEIGHT, len(_BE_SLASH.findall(text)), "Belgian phone notation")
    return signals


def detect(
    url: str = "",
    langs: Iterable[str] = (),
    text: str = "",
    address_countries: Iterable[object] = (),
    phone_codes: Iterable[int] = (),
) -> Signals:
    """Weigh every signal given; ``.country`` is the answer (DEFAULT when nothing is known)."""
    signals = Signals()
    tld = from_host(url) if url else None
    if tld:
        signals.add(tld, TLD_WEIGHT, f"domain .{tld.lower()}")
    for lang in set(langs):
        country, weight = from_lang(lang)
        if country:
            signals.add(country, weight, f"language {lang}")
    named = [c for c in (country_of_name(v) for v in address_countries) if c]
    for country in set(named):
        _count(signals, country, JSONLD_WEIGHT, named.count(country), "addressCountry")
    codes = list(phone_codes)
    _count(signals, "BE", PHONE_WEIGHT, codes.count(32), "+32 number")
    _count(signals, "NL", PHONE_WEIGHT, codes.count(31), "+31 number")
    signals.merge(from_text(text))
    return signals


def address_countries(items: Iterable[object]) -> list[object]:
    """addressCountry values in JSON-LD items (address objects, nested one level)."""
    out: list[object] = []
    for item in items:
        if not isinstance(item, dict):
            continue
        addresses = item.get("address")
        for address in addresses if isinstance(addresses, list) else [addresses]:
            if isinstance(address, dict) and address.get("addressCountry"):
                out.append(address["addressCountry"])
        if item.get("addressCountry"):
            out.append(item["addressCountry"])
    return out
