"""Declared facts: the contact details an organisation says are true ([facts] in goudenregels.toml),
read into parsed values (numbers, hours, durations, bodies) that the GR7xx checks compare with.

The table is validated as a whole: anything that does not parse is a one-line usage error (exit
code 2) naming the key, so a typo in CI never silently turns a check off.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from goudenregels.errors import UsageError
from goudenregels.words import channels as chan
from goudenregels.words import companyids, disputes
from goudenregels.words import phones as phone_words
from goudenregels.words.durations import Duration, first_duration
from goudenregels.words.hours import Hours, parse_text

KEYS = (
    "country",
    "phones",
    "emails",
    "channels",
    "hours",
    "promises",
    "complaint_term",
    "dispute_body",
    "kvk",
    "enterprise_number",
)
COUNTRIES = ("NL", "BE")
PHONE_KEYS = ("number", "purpose", "contact_page")
EMAIL_KEYS = ("address", "purpose", "contact_page")
# How a round-the-clock channel is declared; the hours parser reads these from page text.
ROUND_THE_CLOCK = ("24/7", "24x7", "24 uur per dag", "dag en nacht", "24 hours a day", "always")


@dataclass(frozen=True)
class DeclaredPhone:
    raw: str
    e164: str
    purpose: str = ""
    contact_page: bool = True  # the number must be on the contact page


@dataclass(frozen=True)
class DeclaredEmail:
    address: str  # lower case: addresses are compared case-insensitively
    purpose: str = ""
    contact_page: bool = True


@dataclass
class Facts:
    """What the organisation declares, parsed; an empty Facts declares nothing."""

    country: str = "NL"
    phones: list[DeclaredPhone] = field(default_factory=list)
    emails: list[DeclaredEmail] = field(default_factory=list)
    channels: list[chan.Channel] = field(default_factory=list)
    hours: dict[str, Hours] = field(default_factory=dict)  # channel key -> hours
    promises: dict[str, Duration] = field(default_factory=dict)  # channel key -> term
    complaint_term: Duration | None = None
    dispute_body: disputes.Body | None = None
    company_ids: list[companyids.CompanyId] = field(default_factory=list)
    # The values as written in the file, by key, for messages ("declared: ma-vr 9-17").
    written: dict[str, str] = field(default_factory=dict)

    def phone(self, e164: str) -> DeclaredPhone | None:
        return next((p for p in self.phones if p.e164 == e164), None)

    def email(self, address: str) -> DeclaredEmail | None:
        wanted = address.strip().lower()
        return next((e for e in self.emails if e.address == wanted), None)


class _Reader:
    """Reads one [facts] table; ``where`` names the file in every error."""

    def __init__(self, where: str) -> None:
        self.where = where

    def error(self, key: str, problem: str) -> UsageError:
        return UsageError(f"{self.where}: facts.{key}: {problem}")

    def text(self, key: str, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, "must be a non-empty string")
        return value.strip()

    def items(self, key: str, value: Any) -> list[Any]:
        if not isinstance(value, list):
            raise self.error(key, "must be a list")
        return value

    def table(self, key: str, value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.error(key, 'must be a table, like { telefoon = "ma-vr 09:00-17:00" }')
        return value

    def entry(self, key: str, value: Any, main: str, keys: tuple[str, ...]) -> dict[str, Any]:
        """A list entry: a string (the main value) or a table with the given keys."""
        if isinstance(value, str):
            return {main: value}
        if not isinstance(value, dict) or main not in value:
            raise self.error(key, f'each entry is a string or a table with {main} = "…"')
        unknown = sorted(set(value) - set(keys))
        if unknown:
            raise self.error(key, f"unknown key(s) {', '.join(unknown)}; known: {', '.join(keys)}")
        if not isinstance(value.get("contact_page", True), bool):
            raise self.error(key, "contact_page must be true or false")
        return value

    def channel(self, key: str, name: Any) -> chan.Channel:
        found = chan.channel(name) if isinstance(name, str) else None
        if found is None or not found.named:
            known = ", ".join(c.key for c in chan.CHANNELS if c.named)
            raise self.error(key, f"'{name}' is not a channel; use one of {known}")
        return found

    def phone(self, key: str, value: Any, country: str) -> DeclaredPhone:
        item = self.entry(key, value, "number", PHONE_KEYS)
        raw = self.text(key, item["number"])
        number = phone_words.parse_tel_href(f"tel:{raw}", country)
        e164 = phone_words.e164(number) if number is not None else ""
        if not e164 or not phone_words.is_real(e164):
            raise self.error(key, f"'{raw}' is not a phone number")
        purpose = str(item.get("purpose", "")).strip()
        return DeclaredPhone(raw, e164, purpose, bool(item.get("contact_page", True)))

    def email(self, key: str, value: Any) -> DeclaredEmail:
        item = self.entry(key, value, "address", EMAIL_KEYS)
        address = self.text(key, item["address"]).lower().removeprefix("mailto:")
        local, _at, domain = address.partition("@")
        if not local or "." not in domain or " " in address:
            raise self.error(key, f"'{address}' is not an e-mail address")
        purpose = str(item.get("purpose", "")).strip()
        return DeclaredEmail(address, purpose, bool(item.get("contact_page", True)))

    def hours(self, key: str, value: Any) -> Hours:
        written = self.text(key, value)
        if written.lower() in ROUND_THE_CLOCK:
            return Hours(round_the_clock=True, text=written)
        hours = parse_text(written)
        if hours.empty() or not hours.days:
            raise self.error(
                key, f"'{written}' names no days and times; write e.g. 'ma-vr 09:00-17:00'"
            )
        return hours

    def duration(self, key: str, value: Any) -> Duration:
        written = self.text(key, value)
        found = first_duration(written)
        if found is None:
            raise self.error(key, f"'{written}' is no term; write e.g. 'binnen 1 werkdag'")
        return found

    def body(self, key: str, value: Any) -> disputes.Body:
        written = self.text(key, value)
        found = disputes.find(written) or []
        body = found[0].body if found else disputes.by_host(written)
        if body is None:
            raise self.error(key, f"'{written}' is no dispute body goudenregels knows")
        return body

    def company_id(self, key: str, value: Any, label: str, kinds: tuple[str, ...]) -> Any:
        written = self.text(key, str(value) if isinstance(value, int) else value)
        found = [c for c in companyids.find(f"{label} {written}") if c.kind in kinds and c.valid]
        if not found:
            raise self.error(key, f"'{written}' is not a valid {label} number")
        return found[0]


def parse_facts(table: Any, where: str) -> Facts:
    """The [facts] table of a settings file as parsed values; a UsageError for anything wrong."""
    read = _Reader(where)
    if not isinstance(table, dict):
        raise UsageError(f"{where}: facts must be a table ([facts])")
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise UsageError(f"{where}: unknown fact(s) {', '.join(unknown)}; known: {', '.join(KEYS)}")
    country = str(table.get("country", "NL")).strip().upper()
    if country not in COUNTRIES:
        raise read.error("country", f"'{country}' is not one of {', '.join(COUNTRIES)}")
    facts = Facts(country=country)
    facts.phones = [
        read.phone("phones", v, country) for v in read.items("phones", table.get("phones", []))
    ]
    facts.emails = [read.email("emails", v) for v in read.items("emails", table.get("emails", []))]
    facts.channels = [
        read.channel("channels", v) for v in read.items("channels", table.get("channels", []))
    ]
    for name, value in read.table("hours", table.get("hours", {})).items():
        key = read.channel("hours", name).key
        facts.hours[key] = read.hours(f"hours.{name}", value)
        facts.written[f"hours.{key}"] = str(value)
    for name, value in read.table("promises", table.get("promises", {})).items():
        key = read.channel("promises", name).key
        facts.promises[key] = read.duration(f"promises.{name}", value)
        facts.written[f"promises.{key}"] = str(value)
    if "complaint_term" in table:
        facts.complaint_term = read.duration("complaint_term", table["complaint_term"])
        facts.written["complaint_term"] = str(table["complaint_term"])
    if "dispute_body" in table:
        facts.dispute_body = read.body("dispute_body", table["dispute_body"])
        facts.written["dispute_body"] = str(table["dispute_body"])
    if "kvk" in table:
        facts.company_ids.append(read.company_id("kvk", table["kvk"], "KvK", ("nl_kvk",)))
    if "enterprise_number" in table:
        kinds = ("be_enterprise", "be_vat")
        value = table["enterprise_number"]
        facts.company_ids.append(
            read.company_id("enterprise_number", value, "ondernemingsnummer", kinds)
        )
    return facts
