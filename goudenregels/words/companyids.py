"""Registration numbers of organisations: Belgian enterprise/VAT numbers, Dutch KvK, btw-id, RSIN.

They are found for two reasons: a trader shows who it is with them (GR603; a Belgian
organisation registers at the KBO instead of the KvK), and their digit strings look like phone
numbers ("0844.123.456" is an enterprise number, not a paid 084 line), so the phone finder
blanks them out first.

A Belgian enterprise number has ten digits, starts with 0 or 1 and ends in two check digits:
97 minus the first eight digits modulo 97. An RSIN passes the eleven test. A number written with
a label ("ondernemingsnummer", "KBO", "btw BE…") is never a phone number, valid or not; a bare
"0xxx.xxx.xxx" counts as an enterprise number only when its check digits hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from goudenregels.words import prefilter, vocab


@dataclass(frozen=True)
class CompanyId:
    kind: str  # be_enterprise, be_vat, nl_kvk, nl_vat, nl_rsin
    country: str  # BE or NL
    number: str  # digits only (with BE/NL and B01 for VAT ids)
    raw: str
    start: int
    end: int
    valid: bool

    @property
    def display(self) -> str:
        """The number as it is usually written: 0123.456.749, BE0123456749, 12345678."""
        if self.kind == "be_enterprise":
            n = self.number
            return f"{n[:4]}.{n[4:7]}.{n[7:]}"
        return self.number


_DIGITS_10 = r"[01]\d{3}[.\s]?\d{3}[.\s]?\d{3}"
_DIGITS_9 = r"\d{3}[.\s]?\d{3}[.\s]?\d{3}"
# "BE 0123.456.749", "BE0123456749", "BE-0123 456 749" and the old nine-digit "BE 123.456.749".
_BE_VAT = prefilter.compile(rf"\bBE\s?[-.]?\s?(?P<n>{_DIGITS_10}|{_DIGITS_9})(?![\d.]*\d)")
# Labels a Belgian enterprise number is written after (Dutch, French, German, English), read
# backwards from the number: the label, then at most a short gap.
_BE_LABEL = prefilter.compile(
    r"(?:ondernemings?(?:nummer|nr\.?)|ond(?:ernemings)?\.?\s?nr\.?|\bKBO(?:[-\s]?(?:nummer|nr\.?))?|"
    r"\bBCE\b|num[ée]ro d['’]entreprise|n[°o]\.?\s?(?:d['’]\s?)?entreprise|enterprise number|"
    r"unternehmensnummer|\bRPR\b|\bRPM\b|\bbtw(?:[-\s]?(?:nummer|nr\.?|id))?|\bTVA\b|\bVAT\b"
    r"(?:\s?(?:number|no\.?|nr\.?))?)"
    r"(?P<gap>[^\d\n]{0,25}?)$",
    re.IGNORECASE,
)
LABEL_REACH = 60  # characters before a number searched for its label
# A ten-digit number that may be an enterprise number: 0123.456.749, 0123 456 749, 0123456749.
_BE_CANDIDATE = prefilter.compile(rf"(?<![\d.])(?P<n>{_DIGITS_10})(?![\d.]*\d)")
# Between a label and its number: a sentence end or a phone word means the digits are not its.
_PHONE_GAP = prefilter.compile(
    r"[.!?;]\s|\b(bel|tel|telefoon|phone|call|fax|gsm|mobiel)", re.IGNORECASE
)
# Words one of which is in any text with a KvK number (a quick test before the pattern).
_KVK_WORDS = ("kvk", "k.v.k", "koophandel", "chamber of commerce", "coc", "handelsregister")
_NL_VAT = prefilter.compile(r"\bNL\s?(?P<n>\d{9})\s?B\s?(?P<b>\d{2})\b", re.IGNORECASE)
_RSIN = prefilter.compile(
    r"(?:\brsin\b|fiscaal nummer|fiscaalnummer)(?:[-\s]?(?:nummer|nr\.?))?[^\d\n]{0,20}?"
    r"(?P<n>\d{4}[.\s]?\d{2}[.\s]?\d{3}|\d{3}[.\s]?\d{3}[.\s]?\d{3})(?!\d)",
    re.IGNORECASE,
)


def be_check_ok(digits: str) -> bool:
    """The mod-97 check of a ten-digit Belgian enterprise number."""
    if len(digits) != 10 or not digits.isdigit() or digits[0] not in "01":
        return False
    return 97 - int(digits[:8]) % 97 == int(digits[8:])


def eleven_test(digits: str) -> bool:
    """The eleven test of a nine-digit RSIN (and BSN): weights 9..2 and -1, a multiple of 11."""
    if len(digits) != 9 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    return (total - int(digits[8])) % 11 == 0


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _belgian(text: str) -> list[CompanyId]:
    out = []
    if "BE" in text:
        for m in _BE_VAT.finditer(text):
            digits = _digits(m.group("n")).rjust(10, "0")
            valid = be_check_ok(digits)
            out.append(CompanyId("be_vat", "BE", digits, m.group(0), m.start(), m.end(), valid))
    for m in _BE_CANDIDATE.finditer(text):
        digits = _digits(m.group("n"))
        valid = be_check_ok(digits)
        label = _BE_LABEL.search(text[max(0, m.start() - LABEL_REACH) : m.start()])
        if label and _PHONE_GAP.search(label.group("gap")):
            label = None  # "incl. btw. Bel 0201234567": the label belongs to another sentence
        dotted = m.group("n").count(".") == 2
        if label or (dotted and valid):
            start = m.start() - len(label.group(0)) if label else m.start()
            out.append(
                CompanyId(
                    "be_enterprise", "BE", digits, text[start : m.end()], start, m.end(), valid
                )
            )
    return out


def _dutch(text: str) -> list[CompanyId]:
    out = []
    lower = text.lower()
    if "nl" in lower:
        for m in _NL_VAT.finditer(text):
            number = f"NL{m.group('n')}B{m.group('b')}"
            out.append(CompanyId("nl_vat", "NL", number, m.group(0), m.start(), m.end(), True))
    if any(word in lower for word in _KVK_WORDS):
        for m in vocab.KVK_NUMBER.finditer(text):
            digits = _digits(m.group(1))
            out.append(CompanyId("nl_kvk", "NL", digits, m.group(0), m.start(), m.end(), True))
    if "rsin" in lower or "fiscaal" in lower:
        for m in _RSIN.finditer(text):
            digits = _digits(m.group("n"))
            valid = eleven_test(digits)
            out.append(CompanyId("nl_rsin", "NL", digits, m.group(0), m.start(), m.end(), valid))
    return out


def find(text: str) -> list[CompanyId]:
    """Every registration number in a text, in order of position; overlaps keep the first."""
    if not text or not any(ch.isdigit() for ch in text):
        return []
    found = sorted(_belgian(text) + _dutch(text), key=lambda c: (c.start, -(c.end - c.start)))
    out: list[CompanyId] = []
    for item in found:
        if not out or item.start >= out[-1].end:
            out.append(item)
    return out


def blank(text: str) -> str:
    """The text with every registration number replaced by spaces (positions kept)."""
    for item in find(text):
        text = text[: item.start] + " " * (item.end - item.start) + text[item.end :]
    return text


def belgian_enterprise(text: str) -> CompanyId | None:
    """The first valid Belgian enterprise or VAT number in a text."""
    return next((i for i in find(text) if i.country == "BE" and i.valid), None)
