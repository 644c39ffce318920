"""The Dutch and English words the checks share, in one place (never copied into a check)."""

from __future__ import annotations

import re

# Days as keys mon..sun, in order.
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES_NL = {
    "mon": "maandag",
    "tue": "dinsdag",
    "wed": "woensdag",
    "thu": "donderdag",
    "fri": "vrijdag",
    "sat": "zaterdag",
    "sun": "zondag",
}
DAY_WORDS = {
    "maandag": "mon", "maandagen": "mon", "ma": "mon", "monday": "mon", "mon": "mon", "mo": "mon",
    "dinsdag": "tue", "dinsdagen": "tue", "di": "tue", "tuesday": "tue", "tue": "tue", "tu": "tue",
    "woensdag": "wed", "woensdagen": "wed", "wo": "wed", "wednesday": "wed", "wed": "wed",
    "we": "wed",
    "donderdag": "thu", "donderdagen": "thu", "do": "thu", "thursday": "thu", "thu": "thu",
    "th": "thu",
    "vrijdag": "fri", "vrijdagen": "fri", "vr": "fri", "friday": "fri", "fri": "fri", "fr": "fri",
    "zaterdag": "sat", "zaterdagen": "sat", "za": "sat", "saturday": "sat", "sat": "sat",
    "sa": "sat",
    "zondag": "sun", "zondagen": "sun", "zo": "sun", "sunday": "sun", "sun": "sun", "su": "sun",
}  # fmt: skip
# Words that stand for a group of days.
DAY_GROUPS = {
    "werkdagen": DAYS[:5],
    "op werkdagen": DAYS[:5],
    "weekdagen": DAYS[:5],
    "doordeweeks": DAYS[:5],
    "weekdays": DAYS[:5],
    "workdays": DAYS[:5],
    "working days": DAYS[:5],
    "weekend": DAYS[5:],
    "weekends": DAYS[5:],
    "het weekend": DAYS[5:],
    "dagelijks": DAYS,
    "elke dag": DAYS,
    "iedere dag": DAYS,
    "alle dagen": DAYS,
    "7 dagen per week": DAYS,
    "zeven dagen per week": DAYS,
    "daily": DAYS,
    "every day": DAYS,
    "7 days a week": DAYS,
}
ROUND_THE_CLOCK = re.compile(
    r"24\s*/\s*7|24\s*uur\s*per\s*dag|dag\s*en\s*nacht|24\s*hours\s*a\s*day|round the clock|"
    r"24x7|altijd bereikbaar|always available",
    re.IGNORECASE,
)
NOT_REACHABLE_24_7 = re.compile(r"bestel|order|winkel|shop|online|webshop|app\b", re.IGNORECASE)
CLOSED = re.compile(r"\b(gesloten|closed|niet bereikbaar|geen service)\b", re.IGNORECASE)
# Text near published hours that says they are about reaching the organisation.
HOURS_CONTEXT = re.compile(
    r"openingstijden|openingsuren|openingstijd|geopend|bereikbaar|bereikbaarheid|klantenservice|"
    r"klantencontact|telefonisch|bel ons|bellen|chat|servicedesk|helpdesk|balie|loket|"
    r"opening hours|open hours|business hours|available|reachable|customer service|contact|"
    r"\bopen\b|spreekuur",
    re.IGNORECASE,
)
# Words saying hours are published, even where the hours themselves could not be read.
HOURS_HINT = re.compile(
    r"openingstijden|openingsuren|opening hours|bereikbaar (op|van|tussen|tijdens)|"
    r"telefonisch bereikbaar|bereikbaarheid",
    re.IGNORECASE,
)
# Hours in these contexts are about something else (deliveries, events), not about contact.
NOT_HOURS_CONTEXT = re.compile(
    r"bezorg|levering|leveren|delivery|afhaal|ophaal|pickup|evenement|event|voorstelling|"
    r"tijdslot|onderhoud|maintenance|storing",
    re.IGNORECASE,
)

NOREPLY_LOCAL = re.compile(
    r"^(no[-_.]?reply|do[-_.]?not[-_.]?reply|dont[-_.]?reply|niet[-_.]?beantwoorden|"
    r"geen[-_.]?antwoord|niet[-_.]?reageren|noresponse|no[-_.]?response|mailer-daemon|"
    r"ne[-_.]?pas[-_.]?repondre|nepasrepondre|no[-_.]?answer)"
    r"([-_.+][\w.-]*)?@",
    re.IGNORECASE,
)

# Buttons that reveal a phone number only after a click.
REVEAL_PHONE = re.compile(
    r"toon\s+(het\s+)?(telefoon)?nummer|laat\s+(het\s+)?(telefoon)?nummer\s+zien|"
    r"bekijk\s+(het\s+)?(telefoon)?nummer|telefoonnummer\s+(tonen|weergeven|bekijken)|"
    r"show\s+(phone\s+)?number|reveal\s+(phone\s+)?number|toon\s+telefoon",
    re.IGNORECASE,
)
CALL_BUTTON = re.compile(r"^\s*(bel\s+ons|bel\s+direct|call\s+us|bellen)\s*$", re.IGNORECASE)

CONTACT_FORM_WORDS = re.compile(
    r"contact|vraag|bericht|message|question|klacht|complaint|stel je vraag|stel uw vraag|"
    r"onderwerp|subject|opmerking|toelichting|omschrijving",
    re.IGNORECASE,
)
NOT_CONTACT_FORM = re.compile(
    r"zoek|search|nieuwsbrief|newsletter|inlog|login|log in|wachtwoord|password|postcode-?check|"
    r"winkelwagen|cart|coupon|kortingscode|filter|sorteer",
    re.IGNORECASE,
)

# Contact channels recognised in text or links (GR106).
VIDEO_WORDS = re.compile(
    r"videobellen|beeldbellen|video-?call|videogesprek|video chat|video-afspraak|"
    r"video appointment|videoconsult",
    re.IGNORECASE,
)
VISIT_WORDS = re.compile(
    r"\b(bezoekadres|kom (gerust )?langs|loket|balie|showroom|servicepunt|stadhuis|"
    r"gemeentehuis|visiting address|visit us|bezoek ons|onze winkel in)\b",
    re.IGNORECASE,
)
# Words that make published hours about customer contact rather than, say, a recycling centre.
SERVICE_HOURS_CONTEXT = re.compile(
    r"klantenservice|klantcontact|klantendienst|telefonisch|bereikbaar|bel ons|contact|balie|"
    r"loket|servicedesk|helpdesk|chat|customer service|support|stadhuis|gemeentehuis",
    re.IGNORECASE,
)
LETTER_WORDS = re.compile(r"postadres|antwoordnummer|postbus|per post|by post|per brief", re.I)
CHAT_WORDS = re.compile(
    r"\b(live ?chat|chat met|chatten|start (een )?chat|webchat|chat with|chatbot)\b", re.IGNORECASE
)
EMAIL_CHANNEL_WORDS = re.compile(r"\be-?mail\b|\bmail ons\b", re.IGNORECASE)

NEGATION = re.compile(r"\b(geen|niet|nooit|no|not|never)\b", re.IGNORECASE)

# Real-time versus written channels (GR106).
REALTIME_CHANNELS = ("telefoon", "chat", "video", "bezoek")
WRITTEN_CHANNELS = ("e-mail", "formulier", "whatsapp", "messenger", "social", "brief")

# Page names customers look for, by purpose.
SERVICE_PAGE = re.compile(
    r"contact|klantenservice|klanten-service|customer-service|service|help|support|"
    r"veelgestelde|faq|vragen",
    re.IGNORECASE,
)
CONTACT_PAGE = re.compile(r"contact|klantenservice|customer[- ]service|bereikbaar", re.I)
