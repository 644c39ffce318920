"""'goudenregels init --from-site URL': a [facts] table proposed from what a crawled site says,
with a comment per value saying where it was found, for the team to confirm and commit.

Every value is written in the form goudenregels.facts reads back (tests hold the round trip), so
the proposal, once confirmed, is a valid [facts] table as it stands.
"""

from __future__ import annotations

import re
from typing import Any

from goudenregels.checks.complaints import complaint_sources, handling_terms
from goudenregels.checks.facts import contact_pages, found_hours, promise_pages
from goudenregels.checks.promises import page_promises
from goudenregels.checks.rule5 import dispute_bodies
from goudenregels.checks.site import Site, offered_channels
from goudenregels.config import toml_value
from goudenregels.snapshot import Page
from goudenregels.words import channels as chan
from goudenregels.words import companyids
from goudenregels.words import phones as phone_words
from goudenregels.words.hours import Hours, fmt

DAY_ABBR = {
    "mon": "ma",
    "tue": "di",
    "wed": "wo",
    "thu": "do",
    "fri": "vr",
    "sat": "za",
    "sun": "zo",
}
WEEK = tuple(DAY_ABBR)
HEADER = """\
# Declared facts proposed by 'goudenregels init --from-site {url}' from what the site says.
# Each value says where it was found. Check every one with the people who know (customer
# service, legal), remove what is not true, add what the site does not say, and commit:
# the GR7xx checks then report every page that says something else.
"""


def _where(page: Page, text: str = "") -> str:
    """'found on URL: "text"', one line, for a TOML comment."""
    quoted = re.sub(r"\s+", " ", text).strip()[:90]
    return f"{page.address}: {quoted}" if quoted else page.address


def hours_text(hours: Hours) -> str:
    """Hours as 'ma-vr 09:00-17:00, za 10:00-14:00', the form the hours parser reads back."""
    if hours.round_the_clock:
        return "24/7"
    groups: list[tuple[list[str], str]] = []
    for day in WEEK:
        spans = hours.days.get(day)
        if not spans:
            continue
        value = ", ".join(f"{fmt(a)}-{fmt(b)}" for a, b in sorted(spans))
        if (
            groups
            and groups[-1][1] == value
            and WEEK.index(groups[-1][0][-1]) == WEEK.index(day) - 1
        ):
            groups[-1][0].append(day)
        else:
            groups.append(([day], value))
    parts = []
    for days, value in groups:
        label = DAY_ABBR[days[0]] if len(days) == 1 else f"{DAY_ABBR[days[0]]}-{DAY_ABBR[days[-1]]}"
        parts.append(f"{label} {value}")
    return "; ".join(parts)


def _phones(site: Site) -> list[tuple[dict[str, Any], str]]:
    seen: dict[str, tuple[dict[str, Any], Page, str, int]] = {}
    found = [(p, ph) for p, ph in site.published_phones()]
    found += [(p, ph) for p, ph in site.whatsapp_numbers if site.is_published(p, ph)]
    # A number the contact page does not show now is proposed as one it need not show.
    contact_urls = _contact_urls(site)
    on_contact = {ph.e164 for p, ph in found if p.url in contact_urls}
    for page, phone in found:
        if phone.e164 in seen:
            entry, first, context, count = seen[phone.e164]
            seen[phone.e164] = (entry, first, context, count + 1)
            continue
        number = phone_words.parse_e164(phone.e164)
        shown = phone_words.national_format(number, site.country) if number else phone.raw
        purpose = "whatsapp" if phone.purpose == "whatsapp" else ""
        entry: dict[str, Any] = {"number": shown, "purpose": purpose}
        if phone.e164 not in on_contact:
            entry["contact_page"] = False
        seen[phone.e164] = (entry, page, phone.context, 1)
    return [
        (entry, f"found {count}x, first on {_where(page, context)}")
        for entry, page, context, count in seen.values()
    ]


def _contact_urls(site: Site) -> set[str]:
    return {p.url for p in contact_pages(site)}


def _emails(site: Site) -> list[tuple[str, str]]:
    """(the address as TOML, where it was found); a table when the contact page lacks it."""
    seen: dict[str, tuple[Page, str]] = {}
    on_contact, contact_urls = set(), _contact_urls(site)
    for page, email in site.contact_emails():
        seen.setdefault(email.address.lower(), (page, email.context))
        if page.url in contact_urls:
            on_contact.add(email.address.lower())
    out = []
    for address, (page, context) in seen.items():
        value = toml_value(address)
        if address not in on_contact:
            value = f"{{ address = {value}, contact_page = false }}"
        out.append((value, _where(page, context)))
    return out


def _hours(site: Site) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for page, named, hours, _source in found_hours(site):
        if not hours.days and not hours.round_the_clock:
            continue  # times without days say too little to declare
        key = named[0].key if len(named) == 1 else chan.PHONE.key
        note = "" if len(named) == 1 else "no single channel named beside these hours; "
        out.setdefault(key, (hours_text(hours), note + _where(page, hours.text)))
    return out


def _promises(site: Site) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for page in promise_pages(site):
        for channel, sentence, duration, _how in page_promises(site, page):
            if channel.named:
                out.setdefault(channel.key, (f"binnen {duration.text}", _where(page, sentence)))
    return out


def _complaints(site: Site) -> list[tuple[str, str, str]]:
    """(key, value, where) for the complaint term and the dispute body."""
    out = []
    terms = handling_terms(complaint_sources(site))
    first = next((t for t in terms if t.kind == "first reaction"), terms[0] if terms else None)
    if first is not None:
        out.append(
            ("complaint_term", f"binnen {first.duration.text}", _where(first.page, first.sentence))
        )
    bodies = dispute_bodies(site)
    if bodies:
        page, name, line = bodies[0]
        out.append(("dispute_body", name, _where(page, line)))
    for page in site.pages:
        for found in companyids.find(page.text):
            if not found.valid:
                continue
            if found.kind == "nl_kvk":
                out.append(("kvk", found.number, _where(page, found.raw)))
            elif found.country == "BE":
                digits = "".join(ch for ch in found.number if ch.isdigit())
                display = f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"
                out.append(("enterprise_number", display, _where(page, found.raw)))
    seen: set[str] = set()
    return [item for item in out if not (item[0] in seen or seen.add(item[0]))]


def propose(site: Site, url: str) -> str:
    """The proposed [facts] table, as TOML with a comment per value."""
    lines = [HEADER.format(url=url).rstrip("\n"), "[facts]"]
    lines.append(f'country = "{site.country}"  # read from the domain, language and addresses')
    phones = _phones(site)
    lines.append("phones = [" if phones else "phones = []  # no phone number found")
    for entry, where in phones:
        inline = ", ".join(f"{k} = {toml_value(v)}" for k, v in entry.items())
        lines.append(f"  {{ {inline} }},  # {where}")
    lines += ["]"] if phones else []
    emails = _emails(site)
    lines.append("emails = [" if emails else "emails = []  # no e-mail address found")
    lines += [f"  {value},  # {where}" for value, where in emails]
    lines += ["]"] if emails else []
    offered = offered_channels(site)
    keys = []
    for name in offered:
        found = chan.channel(name)
        if found is not None and found.key not in keys:
            keys.append(found.key)
    lines.append(f"channels = {toml_value(keys)}  # the channels GR106 found")
    for key, value, where in _complaints(site):
        lines.append(f"{key} = {toml_value(value)}  # {where}")
    for table, values in (("hours", _hours(site)), ("promises", _promises(site))):
        lines += ["", f"[facts.{table}]"]
        if not values:
            lines.append("# none found on the site")
        for key, (value, where) in values.items():
            lines.append(f"{toml_value(key)} = {toml_value(value)}  # {where}")
    return "\n".join(lines) + "\n"


def replace_facts(text: str, facts: str) -> str:
    """A settings file's text with its [facts] tables replaced by ``facts`` (appended when it
    has none); every other table and comment is kept as it was."""
    out: list[str] = []
    skipping = False
    for line in text.splitlines():
        header = re.match(r"\s*\[\[?\s*([^\]]+?)\s*\]", line)
        if header:
            skipping = header.group(1) == "facts" or header.group(1).startswith("facts.")
        if not skipping:
            out.append(line)
    kept = "\n".join(out).rstrip("\n")
    return f"{kept}\n\n{facts}" if kept else facts
