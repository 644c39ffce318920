"""The Dutch and English words of the domain, in one place: every layer reads them, none copies."""

from __future__ import annotations

import re

from goudenregels.words import channels, prefilter

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
    # Adverbial and plural forms: "'s zaterdags", "closed on Sundays", "Tues", "Thurs".
    "maandags": "mon", "dinsdags": "tue", "woensdags": "wed", "donderdags": "thu",
    "vrijdags": "fri", "zaterdags": "sat", "zondags": "sun", "mondays": "mon",
    "tuesdays": "tue", "wednesdays": "wed", "thursdays": "thu", "fridays": "fri",
    "saturdays": "sat", "sundays": "sun", "tues": "tue", "weds": "wed", "thur": "thu",
    "thurs": "thu", "vrij": "fri", "woe": "wed", "zat": "sat", "zon": "sun", "don": "thu",
}  # fmt: skip
# Short day names that are also common words ("zijn we bereikbaar", "vrij parkeren", "de zon"): a
# day only in a day range or list, or standing alone before a colon or line end as in a table.
AMBIGUOUS_DAYS = frozenset({"we", "vrij", "zon", "zat", "don"})
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
    "m-f": DAYS[:5],
    "door de week": DAYS[:5],
    "weekenden": DAYS[5:],
    "elke werkdag": DAYS[:5],
    "iedere werkdag": DAYS[:5],
    "alle werkdagen": DAYS[:5],
    "in de week": DAYS[:5],
    "monday through friday": DAYS[:5],
    "weekenddagen": DAYS[5:],
    "zater- en zondag": DAYS[5:],
    "zaterdag- en zondag": DAYS[5:],
    "zon- en feestdagen": DAYS[6:],
    "7/7": DAYS,
    "7 op 7": DAYS,
    "zeven op zeven": DAYS,
    "alle dagen van de week": DAYS,
    "elke dag van de week": DAYS,
    "7 days": DAYS,
    "seven days a week": DAYS,
}
# Public holidays and named days of the year: not a weekday, so hours or "gesloten" written with
# them say nothing about the weekly schedule ("op feestdagen gesloten").
HOLIDAY_WORDS = prefilter.compile(
    r"\b(feestdag\w*|feest- en|public holidays?|bank holidays?|holidays?|kerst\w*|pasen|"
    r"paas\w*|pinkster\w*|koningsdag|oudejaars\w*|nieuwjaars\w*|hemelvaart\w*|christmas|"
    r"new year\w*|bevrijdingsdag|carnaval\w*)\b",
    re.IGNORECASE,
)
_MONTHS = (
    r"(?:jan(?:uari|uary)?|feb(?:ruari|ruary)?|maart|mrt|march|mar|apr(?:il)?|mei|may|"
    r"jun[ie]?|jul[iy]?|aug(?:ustus|ust)?|sep(?:t|tember)?|okt(?:ober)?|oct(?:ober)?|"
    r"nov(?:ember)?|dec(?:ember)?)\.?"
)
# A calendar date: "7 maart", "12 mei 2025", "March 7th", "14-09-2024", "14/09/24". Next to a
# weekday it makes the day one date (an event, an exception), not a day of the weekly schedule.
CALENDAR_DATE = prefilter.compile(
    rf"\b\d{{1,2}}(?:e|ste|de|st|nd|rd|th)?\s+{_MONTHS}(?![a-z])|\b{_MONTHS}\s+\d{{1,2}}"
    r"(?:st|nd|rd|th)?\b(?![:.]\d)|\b\d{1,2}[-/]\d{1,2}[-/](?:\d{4}|\d{2})\b",
    re.IGNORECASE,
)
ROUND_THE_CLOCK = prefilter.compile(
    r"24\s*/\s*7|24\s*uur\s*per\s*dag|dag\s*en\s*nacht|24\s*hours\s*a\s*day|round the clock|"
    r"24x7|24\s*uur\s+(?:bereikbaar|open|geopend)|"
    r"24\s*hours,?\s*7\s*days|24\s*hours\s*a\s*day|24\s*uur\s*per\s*etmaal",
    re.IGNORECASE,
)
# "24/7" about a product or a system rather than about people who answer.
NOT_REACHABLE_24_7 = prefilter.compile(
    r"bestel|order|winkel|shop|online|webshop|app\b|monitor\w*|inzetbaar|bewaking|bewaakt|"
    r"beveilig\w*|uptime|server\w*|hosting|platform|systeem|systemen|software|dashboard|"
    r"toegang|access|camera\w*|alarm\w*|inloggen|portaal|portal|website|self-?service|"
    r"zelf regelen|mijn omgeving|geautomatiseerd|automatisch|backup|product\w*|parkeer\w*|"
    r"garage|tankstation|\b\w*automaat|laadpa\w*|\b\w*kluis|brievenbus|internetbankieren",
    re.IGNORECASE,
)
CLOSED = prefilter.compile(r"\b(gesloten|closed|niet bereikbaar|geen service)\b", re.IGNORECASE)
# Text near published hours that says they are about reaching the organisation.
HOURS_CONTEXT = prefilter.compile(
    r"openingstijden|openingsuren|openingstijd|geopend|bereikbaar|bereikbaarheid|klantenservice|"
    r"klantencontact|telefonisch|bel ons|bellen|chat|servicedesk|helpdesk|balie|loket|"
    r"opening hours|open hours|business hours|available|reachable|customer service|contact|"
    r"\bopen\b|spreekuur|receptie|reception|bemand|staffed|helpline|hotline|storingsdienst|"
    r"meldpunt|alarmnummer",
    re.IGNORECASE,
)
# Words that can only be about someone's hours of being reachable, and generic words for the
# working day ("kantooruren") that say so only when they are the organisation's own ("onze
# kantooruren", "Kantooruren:"): "tijdens kantooruren stroom gebruiken" or "buiten kantooruren
# leveren" is about the time of day, not about when anyone answers.
_HOURS_OWN_WORDS = (
    r"(?:openingstijden|openingsuren|opening hours|bereikbaar (?:op|van|tussen|tijdens)|"
    r"telefonisch bereikbaar|bereikbaarheid|"
    r"wanneer (?:zijn wij|zijn we|kunt u ons|kun je ons) bereiken)"
)
_HOURS_GENERIC_WORDS = r"(?:kantooruren|kantoortijden|office hours|business hours)"
# Whose hours: everyone's or the reader's hours say nothing about this site's, and a claim to be
# reachable "always" is no schedule (the parser reads "24/7" itself where it is one).
_NOT_OWN = (
    r"(?<!alle )(?<!álle )(?<!uw )(?<!jouw )(?<!hun )(?<!your )(?<!their )(?<!altijd )"
    r"(?<!altijd direct )(?<!always )"
)
_HOURS_HINT_WORDS = (
    rf"(?:{_NOT_OWN}{_HOURS_OWN_WORDS}|"
    rf"(?:\b(?:onze|ons|our)\s+|^[ \t]*){_HOURS_GENERIC_WORDS})"
)
# Words saying hours are published, even where the hours themselves could not be read: as a
# heading (a short line of its own), or in a sentence that goes on to name days or times. In
# other prose ("bereikbaarheid van de units", "neem contact op voor openingstijden") the word
# says nothing about this site's hours.
HOURS_HINT = prefilter.compile(
    rf"^[^\n]{{0,25}}{_HOURS_HINT_WORDS}[^\n]{{0,25}}$|^[ \t]*{_HOURS_HINT_WORDS}[ \t]*:|"
    rf"{_HOURS_HINT_WORDS}(?=[^\n.?!]{{0,120}}(?:\d|\b(?:(?:maan|dins|woens|donder|vrij|zater|"
    r"zon)dag|werkdag|weekdag|dagelijks|weekend|monday|friday|weekday|daily)))",
    re.IGNORECASE | re.MULTILINE,
)
# An hours block that only says visits or contact are by appointment ("Openingstijden: Op
# afspraak", "Bezoek enkel na afspraak", "By appointment only"): it publishes no hours (GR104).
APPOINTMENT_ONLY = prefilter.compile(
    r"\b(?:op|volgens|na|via|met)\s+(?:telefonische\s+|voorafgaande\s+|een\s+)?afspraak\b|"
    r"\bafspraak\s+(?:vooraf\s+)?(?:maken|vereist|nodig|noodzakelijk)\b|"
    r"\bby\s+(?:prior\s+)?appointment\b|\bappointment\s+only\b|\bsur\s+rendez-vous\b",
    re.IGNORECASE,
)
# What a schedule names: a time or a number, a weekday, a group of days (GR104). A block with one
# of these may hold hours the parser missed.
SCHEDULE_WORD = prefilter.compile(
    r"\d|\b(?:maan|dins|woens|donder|vrij|zater|zon)dag\w*|\bwerkdag\w*|\bweekdag\w*|"
    r"\bweekend\w*|\bdagelijks\b|\belke\s+dag\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)days?\b|"
    r"\bweekdays?\b|\bdaily\b|\b(?:ma|di|wo|do|vr|za|zo)\s*[-–:/.]|"
    r"\b(?:ochtend|middag|avond|morning|afternoon|evening)\w*|\bkantooruren\b|office hours",
    re.IGNORECASE,
)
# Hours in these contexts are about something else (deliveries, events), not about contact.
# The words decide by nearness: the topic word nearest to a time (before it, or after it on its
# line) says whether it is a weekly schedule of the organisation or about something else.
NOT_HOURS_CONTEXT = prefilter.compile(
    "|".join(
        (
            # deliveries, pick-ups and ordering
            r"bezorg\w*|levering\w*|leveren|geleverd|delivery|deliveries|afhaal\w*|afhalen|"
            r"ophaal\w*|ophalen|pickup|pick-up|tijdslot\w*|verzend\w*|verzonden|shipping|"
            r"besteld|bestel\s+(?:voor|vóór)",
            # a promise to call back: when they call, not when the customer can
            r"contact met (?:u|je|jou) op|terugbel\w*|bellen (?:wij |we )?(?:u|je) terug|"
            r"call you back",
            # events, shows, meetings and markets
            r"evenement\w*|\bevents?\b|festival\w*|concert\w*|voorstelling\w*|optreden|"
            r"open\s?dag|open huis|kijkdag|braderie|\bmarkt\b|marktdag\w*|(?:kerst|week|rommel|"
            r"vlooien|boeken|zomer|avond|jaar|streek|boeren)markt\w*|\bbeurs\b|lezing\w*|"
            r"webinar\w*|seminar\w*|congres|symposium|bijeenkomst\w*|inloopavond|"
            r"informatieavond\w*|voorlichting\w*|excursie\w*|workshop\w*|rondleiding\w*|"
            r"tentoonstelling\w*|expositie\w*|film\w*|bioscoop|borrel\w*|feest(?!dag)\w*|"
            r"quiz\w*|bingo|karaoke|kampioenschap\w*|wandeltocht\w*|fietstocht\w*|"
            r"rondvaart\w*|presentatie\w*|demonstratie\w*|proeverij\w*|veiling\w*|happy hour|"
            r"vergadering\w*|\b\w*zitting\b|repetitie\w*|activiteit\w*|condoleance\w*|"
            r"uitvaart\w*|inzameling\w*|stembureau\w*|stemlokal\w*|verkiezing\w*|"
            r"aanvang|duurt|begint|eindigt|start om|starts at|gereserveerd|reserved for|"
            r"stilte-?uur|seniorenuur|quiet hour",
            # broadcasts
            r"uitzending\w*|livestream\w*|\bstream\w*|broadcast\w*|podcast\w*|\bradio\w*|"
            r"\btv\b|televisie",
            # classes, courses, school and sports
            r"\bles\b|lessen|lesuur|lesuren|lestijd\w*|lesrooster\w*|schooltijd\w*|"
            r"(?:yoga|zwem|dans|muziek|gitaar|piano|taal|rij|sport|gym|bij|turn|pilates)les\w*|"
            r"\b\d+\s*(?:e|ste|de)\s+(?:les)?uur\b|cursus\w*|training\w*|\bclinic\w*|"
            r"class\w*|lesson\w*|\bcourse\w*|examen\w*|tentamen\w*|\byoga\b|pilates|zumba|"
            r"bootcamp|wedstrijd\w*|toernooi\w*|competitie\w*|aftrap|kick-?off|\bmatch\w*|"
            r"tournament\w*|speeltijd\w*|zwemtijd\w*|\b\w*zwemmen\b|rehearsal\w*|"
            r"(?:football|soccer|hockey|basketball|tennis|band|choir|team) practice",
            # church
            r"kerkdienst\w*|eredienst\w*|viering\w*|\bmass\b|worship|bijbel\w*|bible|gebed\w*|"
            r"prayer",
            # travel and timetables
            r"\bbus\b|buslijn\w*|\btrein\w*|vertrek\w*|aankomst\w*|dienstregeling\w*|"
            r"halte\w*|\b\w*pont\b|vaart\b|vaartijd\w*|afvaart\w*|ferry|departure\w*|"
            r"arrival\w*|\blijn\s+\d+",
            # jobs, hotels and meals
            r"vacature\w*|sollicit\w*|werktijd\w*|werkweek|dienstverband|check-?in|check-?out|"
            r"inchecken|uitchecken|ontbijt\w*|\bdiner\b|breakfast|dinner|brunch",
            # recipes, systems, parking, visits, deadlines
            r"recept\w*|\boven\b|graden|minuten\s+(?:op|in|laten)|cron\w*|\blogs?\b|"
            r"timestamp\w*|server\w*|backup\w*|onderhoud\w*|maintenance|storing(?!sdienst)\w*|"
            r"internetbankieren|parkeer\w*|parkeren|parking|bezoektijd\w*|bezoekuur\w*|"
            r"visiting hours|inschrijven|aanmelden\s+(?:kan\s+)?tot|deadline",
        )
    ),
    re.IGNORECASE,
)
# Words saying hours are a weekly schedule of reaching the organisation (the rival of the above).
SCHEDULE_CONTEXT = prefilter.compile(
    r"openingstijd\w*|openingsuren|openingsuur|geopend|\bopen\b|bereikbaar\w*|"
    r"klantenservice|klantendienst|klantcontact\w*|klantenteam|telefonisch|bel ons|belt u|"
    r"bellen|\bchat\w*|servicedesk|helpdesk|servicepunt|balie|loket|spreekuur|kantoor\w*|"
    r"\bwinkel\w*|showroom|receptie|opening hours|office hours|business hours|open hours|"
    r"customer service|customer support|support|reachable|available|\bcall us|contact\w*|"
    r"\btel\b|telefoon\w*|phone|\be-?mail\b|whatsapp",
    re.IGNORECASE,
)
# The words of the above that name the organisation's service itself: they win over a delivery or
# an event named in the same sentence ("Klantenservice voor leveringen: ma-vr 8-18 uur").
SERVICE_SCHEDULE_CONTEXT = prefilter.compile(
    r"openingstijd\w*|openingsuren|klantenservice|klantendienst|klantcontact\w*|bereikbaar|"
    r"telefonisch|servicedesk|helpdesk|spreekuur|balie|loket|opening hours|office hours|"
    r"business hours|customer service|customer support",
    re.IGNORECASE,
)
# A time range that is a break in the day, written before or after it ("lunchpauze 12-13 uur",
# "12.00–13.00 uur gesloten").
BREAK_WORDS = (
    r"(?:lunch\s?pauze|middagpauze|lunchbreak|lunch\s?break|pauze|lunch|gesloten|closed|"
    r"niet bereikbaar|not available|unavailable)"
)
# A part of the day written with a day or before "gesloten" ("woensdagmiddag", "'s middags").
DAY_PARTS = {
    "middag": "pm", "namiddag": "pm", "middags": "pm", "afternoon": "pm", "afternoons": "pm",
    "avond": "eve", "avonds": "eve", "evening": "eve", "evenings": "eve",
    "ochtend": "am", "ochtends": "am", "morgen": "am", "morgens": "am", "voormiddag": "am",
    "morning": "am", "mornings": "am", "nacht": "night",
}  # fmt: skip

NOREPLY_LOCAL = prefilter.compile(
    r"^(no[-_.]?reply|do[-_.]?not[-_.]?reply|dont[-_.]?reply|niet[-_.]?beantwoorden|"
    r"geen[-_.]?antwoord|niet[-_.]?reageren|noresponse|no[-_.]?response|mailer-daemon|"
    r"ne[-_.]?pas[-_.]?repondre|nepasrepondre|no[-_.]?answer)"
    r"([-_.+][\w.-]*)?@",
    re.IGNORECASE,
)

# Buttons that reveal a phone number only after a click.
REVEAL_PHONE = prefilter.compile(
    r"toon\s+(het\s+)?(telefoon)?nummer|laat\s+(het\s+)?(telefoon)?nummer\s+zien|"
    r"bekijk\s+(het\s+)?(telefoon)?nummer|telefoonnummer\s+(tonen|weergeven|bekijken)|"
    r"show\s+(phone\s+)?number|reveal\s+(phone\s+)?number|toon\s+telefoon",
    re.IGNORECASE,
)
CALL_BUTTON = prefilter.compile(r"^\s*(bel\s+ons|bel\s+direct|call\s+us|bellen)\s*$", re.IGNORECASE)

CONTACT_FORM_WORDS = prefilter.compile(
    r"contact|vraag|bericht|message|question|klacht|complaint|stel je vraag|stel uw vraag|"
    r"onderwerp|subject|opmerking|toelichting|omschrijving",
    re.IGNORECASE,
)
NOT_CONTACT_FORM = prefilter.compile(
    r"zoek|search|nieuwsbrief|newsletter|inlog|login|log in|wachtwoord|password|postcode-?check|"
    r"winkelwagen|cart|coupon|kortingscode|filter|sorteer",
    re.IGNORECASE,
)

# Contact channels recognised in text or links (GR106).
VIDEO_WORDS = prefilter.compile(
    r"videobellen|beeldbellen|video-?call|videogesprek|video chat|video-afspraak|"
    r"video appointment|videoconsult",
    re.IGNORECASE,
)
# The in-person channel (GR106). A place of service named by itself - a visiting address, a
# counter, a service point - is one wherever it is named.
VISIT_PLACE = prefilter.compile(
    r"\b(bezoekadres|bezoekersadres|loket|balie|klantenbalie|servicebalie|servicepunt|"
    r"showroom(?:adres)?\s*:|visiting address|visitors'? address)\b",
    re.IGNORECASE,
)
# An invitation to come by, or the organisation's own showroom or shop ("een showroom van auto's"
# in a history of the building is someone else's). On a marketing page it is often a sales
# invitation ("Kom langs voor een proefopstelling"): it offers a visit only where the site says
# where or when (VISIT_WHERE_WHEN) or on the contact page. "Bezoek ons op Facebook", "visit us
# at www..." are the web, not a visit.
VISIT_INVITE = prefilter.compile(
    r"\b(kom (?:gerust |eens |even |vrijblijvend |dan |ook )?langs|langs(?:\s|-)?komen|"
    r"loop (?:gerust |eens |even |gewoon |vrijblijvend )?(?:bij ons )?binnen|binnen(?:\s|-)?lopen|"
    r"binnen te lopen|spring (?:gerust |eens |even )?(?:bij ons )?binnen|"
    r"(?:onze|in de|bezoek de|naar de|our) showroom|"
    r"(?:hebben|openden|openen) (?:we|wij) (?:nu |ook )?een showroom|"
    r"(?:we|wij) (?:hebben|openden|openen|beschikken over) (?:nu |ook )?een showroom|"
    r"visit us|come (?:and )?(?:visit|see) us|drop (?:by|in)|visit our (?:store|shop|office)|"
    r"bezoek ons|onze (?:winkel|zaak|kantoor|praktijk) in|welkom in onze (?:winkel|zaak))\b"
    r"(?![ \t]+(?:op|via|on|at)[ \t]+(?:facebook|instagram|linkedin|twitter|x|youtube|tiktok|"
    r"pinterest|social|sociale|onze website|de website|our website|www\b))",
    re.IGNORECASE,
)
VISIT_WORDS = prefilter.compile(f"{VISIT_PLACE.pattern}|{VISIT_INVITE.pattern}", re.IGNORECASE)
# Where or when a visit is: a street (and number), a postcode, a weekday, an hour. "In Beernem"
# alone is a town, not where to go.
VISIT_WHERE_WHEN = prefilter.compile(
    r"\b[A-Z][\wÀ-ÿ'.-]*(?:straat|laan|weg|plein|gracht|kade|singel|dijk|steenweg|lei|dreef|"
    r"markt|baan|boulevard|street|road|avenue)\b|"
    r"\b[A-Z][\w'.-]*\s(?:Street|Road|Avenue|Lane|Square)\b|"
    r"\b(?:aan|op) (?:de|het) [A-Z][\wÀ-ÿ'-]+|"
    r"\b[1-9]\d{3}\s?[A-Z]{2}\b|(?<![\w-])(?:B-)?[1-9]\d{3}\s+[A-Z][a-zà-ÿ'-]+|"
    r"(?i:\b(?:maan|dins|woens|donder|vrij|zater|zon)dag\w*|\bwerkdag\w*|\bweekdag\w*|"
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)days?\b|\bweekdays?\b|\bdagelijks\b|"
    r"\bdaily\b|\b\d{1,2}[:.]\d{2}\b|\b\d{1,2}u(?:\d{2})?\b|"
    r"\b(?:van|vanaf|tot|om|tussen|from|until|till)\s+\d{1,2}\s?(?:uur|h|am|pm)\b|"
    r"\bopen (?:op|van|vanaf|elke|iedere|on|from|daily)\b|"
    # "onze showroom is open voor iedereen", "the shop is open to everyone"
    r"\b(?:is|zijn|staat|staan)\s+(?:(?:elke\s+dag|ook|altijd|gewoon)\s+)?open\b|"
    r"\bopen\s+(?:voor|to)\s+(?:iedereen|publiek|het\s+publiek|bezoekers|everyone|the\s+public|"
    r"visitors))"
)
# Hours named without saying them ("kom langs tijdens de openingsuren", "neem contact op voor
# openingstijden"): they say when only where the site publishes its hours.
VISIT_HOURS_NAMED = prefilter.compile(
    r"\bopeningstijden|\bopeningsuren|\bbezoekuren|\bbezoektijden|\bopening hours|"
    r"\bgeopend\b|\bopen tijdens\b",
    re.IGNORECASE,
)
# URL paths of pages about an event, a course, news or a timetable: hours on them are the event's,
# unless the text says they are the organisation's opening hours.
NOT_SCHEDULE_PAGE = prefilter.compile(
    r"/(?:nieuws|news|blog|agenda|evenementen|evenement|events?|activiteiten|activiteit|kalender|"
    r"calendar|cursussen|cursus|courses?|trainingen|workshops?|lessen|lesrooster|rooster|"
    r"dienstregeling|timetable|recepten|recept|recipes?|vacatures?|jobs?|careers?)(?:[/_.?#-]|$)",
    re.IGNORECASE,
)
# Words that make published hours about customer contact rather than, say, a recycling centre.
SERVICE_HOURS_CONTEXT = prefilter.compile(
    r"klantenservice|klantcontact|klantendienst|telefonisch|bereikbaar|bel ons|contact|balie|"
    r"loket|servicedesk|helpdesk|chat|customer service|support|stadhuis|gemeentehuis|"
    r"klantenteam|servicepunt|customer care|reachable|call us",
    re.IGNORECASE,
)
LETTER_WORDS = prefilter.compile(
    r"postadres|antwoordnummer|postbus|per post|by post|per brief", re.I
)
CHAT_WORDS = prefilter.compile(
    r"\b(live ?chat|chat met|chatten|start (een )?chat|webchat|chat with|chatbot)\b", re.IGNORECASE
)

NEGATION = prefilter.compile(r"\b(geen|niet|nooit|no|not|never)\b", re.IGNORECASE)

# Page names customers look for, by purpose.
SERVICE_PAGE = prefilter.compile(
    r"contact|klantenservice|klanten-service|customer-service|service|help|support|"
    r"veelgestelde|faq|vragen",
    re.IGNORECASE,
)
CONTACT_PAGE = prefilter.compile(r"contact|klantenservice|customer[- ]service|bereikbaar", re.I)

# Words in a URL or link text that mark a page customers need: the crawler reads these first.
SERVICE_WORDS = prefilter.compile(
    r"contact|klantenservice|klanten-service|service|klacht|complaint|retour|return|ruilen|"
    r"voorwaarden|terms|conditions|veelgestelde|faq|vragen|help|support|inlog|login|sign-?in|"
    r"account|mijn|winkelwagen|cart|checkout|afrekenen|bezorg|verzend|shipping|delivery|"
    r"openingstijden|bereikbaar|opzeggen|cancel|privacy|cookie|over-ons|about|bellen|telefoon|"
    r"herroep|withdraw|bedenktijd",
    re.IGNORECASE,
)

# --- rule 1 additions: promises, journeys, chat ---
# Who reacts to a customer in a promise: the organisation, one of its people or its service.
_WE = (
    r"we|wij|ik|onze? (?:medewerkers?|adviseurs?|collega'?s|klantenservice|klantendienst|"
    r"team|servicedesk|helpdesk)|een (?:medewerker|adviseur|collega|van ons)|de klantenservice"
)
# Contact taken with the organisation itself is the customer's, not a reaction.
_NOT_US = r"(?!\s+(?:met|with)\s+(?:ons|onze|mij|us)\b)"
# Words that make a sentence about reacting to a customer (GR108).
REACTION_WORDS = prefilter.compile(
    r"reageren|reageert|reactie|antwoord|beantwoord|(hoort|horen)\b.{0,30}\bvan (ons|mij)|"
    r"nemen (wij |we )?(binnen .{0,20})?contact (met u |met je )?op|terugbellen|"
    # Who takes contact, then the words between: "we nemen binnen twee werkdagen telefonisch
    # contact met je op", "neemt een adviseur uiterlijk morgen contact met u op". A customer
    # told to take contact ("neem binnen 14 dagen contact op", "hebben we je niet geholpen,
    # neem dan contact met ons op") is given a term, not a promise.
    rf"\b(?:{_WE})\b[^.!?]{{0,40}}\bne(?:em|emt|men)\b[^.!?]{{0,50}}\bcontact\b{_NOT_US}"
    rf"[^.!?]{{0,25}}\bop\b|"
    rf"\bne(?:em|emt|men)\s+(?:{_WE})\b[^.!?]{{0,50}}\bcontact\b{_NOT_US}[^.!?]{{0,25}}\bop\b|"
    # "we komen binnen 2 werkdagen bij je terug", "daar komen we uiterlijk vrijdag op terug",
    # "laten we binnen een dag iets van ons horen".
    rf"\b(?:{_WE})\s+kom(?:t|en)?\b[^.!?]{{0,40}}\b(?:bij (?:u|je|jou|jullie)|erop|op)\s+terug\b|"
    rf"\bkom(?:t|en)\s+(?:{_WE})\b[^.!?]{{0,40}}\b(?:bij (?:u|je|jou|jullie)|erop|op)\s+terug\b|"
    rf"\bla(?:at|ten)\s+(?:{_WE})\b[^.!?]{{0,40}}\bhoren\b|"
    r"bellen (wij |we )?(u|je|jou)\b.{0,30}\bterug|call (you )?back|"
    r"opnemen|opgenomen|wachttijd|in behandeling|respond|reply|get back to|answer|"
    # "U heeft meteen iemand aan de lijn": the phone is answered.
    r"(?:iemand|een medewerker|een mens|een adviseur|someone|a person)\s+aan de (?:lijn|telefoon)",
    re.IGNORECASE,
)
# Durations in these sentences are about something else than answering a question.
NOT_A_REACTION = prefilter.compile(
    r"levertijd|geleverd|bezorg|verzend|retour|terugbetaal|terugstort|bedenktijd|herroep|"
    r"klacht|garantie|opzegtermijn|delivery|shipping|refund|warranty|complaint|"
    r"geldig|vervalt|bewaren|bewaartermijn|aanvraag|besluit|beslis|vergunning|planning|"
    r"reparatie|monteur|melding|afspraak|"
    # A customer telling what answer they got ("krijgen we meestal dezelfde dag antwoord")
    # promises nothing.
    r"\b(?:krijgen|kregen|krijg|kreeg|ontvingen|ontving|hadden|had)\s+(?:we|wij|ik)\b[^.!?]{0,40}"
    r"\b(?:antwoord|reactie|teruggebeld)|"
    # A live status of the queue ("de wachttijd is nu 2 minuten") reports, it promises nothing.
    r"(?:actuele|huidige)\s+wachttijd|wachttijd\s+is\s+(?:nu|op\s+dit\s+moment|momenteel)\b|"
    r"current\s+wait(?:ing)?\s+time|wait(?:ing)?\s+time\s+is\s+(?:now|currently)\b",
    re.IGNORECASE,
)
# A sentence that invites any question ("Neem contact op om een afspraak te maken of uw vragen te
# stellen") is not about another topic only, though it names one: a reaction term after it is
# about answering.
ANY_QUESTION = prefilter.compile(
    r"\b(?:uw|je|jouw|al uw|al je|andere|overige|any|your)\s+(?:vragen|vraag|questions?)\b|"
    r"\bvragen\s+(?:stellen|hebt|heeft|heb)\b|\b(?:heeft|hebt|heb)\s+(?:u|je)\s+(?:een\s+)?"
    r"(?:vragen|vraag)\b(?!\s+over)",
    re.IGNORECASE,
)
# A heading that names a topic of its own ("Klachten") makes a term under it that topic's; one
# that also names contact or questions in general ("Contact & klachten", "Vragen of klachten?")
# heads a section about any question, where a reaction term is about answering (GR108).
# "Vragen over je retour" is about the return.
GENERAL_CONTACT = prefilter.compile(
    r"\bcontact\b|\bcontacteer|klantenservice|klantendienst|\b(?:vragen|vraag)\b(?!\s+over)|"
    r"\bquestions?\b|\bhelp\b|customer service|\bsupport\b",
    re.IGNORECASE,
)
# A sentence that sends the reader to the contact page ("Bezoek onze contactpagina", "via de
# pagina Contact"): a reaction term beside it is about the channels that page offers (GR108).
CONTACT_PAGE_REF = prefilter.compile(
    r"\bcontact-?\s?pagina|\bklantenservice-?\s?pagina|\bpagina\s+[\"'“‘]?contact\b|"
    r"\bcontact\s+page\b|\bcontact\s+us\s+page\b",
    re.IGNORECASE,
)
# A pointer for questions other than the one at hand ("Voor andere vragen: zie onze
# contactpagina"): after a complaint route it does not send the complaint there (GR502).
OTHER_QUESTIONS = prefilter.compile(
    r"\b(?:andere|overige|algemene|alle andere)\s+(?:vragen|zaken|onderwerpen)\b|"
    r"\b(?:other|general|any other)\s+(?:questions|enquiries|inquiries|matters)\b",
    re.IGNORECASE,
)
# Channel words in a promise sentence, checked in this order (GR108): the more specific first,
# so "WhatsApp-chat" is WhatsApp and "Facebook Messenger" is Messenger.
PROMISE_CHANNELS = (
    (channels.WHATSAPP, prefilter.compile(r"whatsapp|appen|\bapp ons\b", re.IGNORECASE)),
    (channels.MESSENGER, prefilter.compile(r"messenger", re.IGNORECASE)),
    (channels.CHAT, prefilter.compile(r"\bchat", re.IGNORECASE)),
    (
        channels.SOCIAL,
        prefilter.compile(
            r"facebook|twitter|\bx\b|instagram|linkedin|social media|sociale media|"
            r"tiktok",
            re.IGNORECASE,
        ),
    ),
    (channels.FORM, prefilter.compile(r"formulier|form\b|webform|contactformulier", re.IGNORECASE)),
    (channels.EMAIL, prefilter.compile(r"e-?mail|\bmail", re.IGNORECASE)),
    (
        channels.PHONE,
        prefilter.compile(
            r"telefo|bellen|\bbel\b|opnemen|opgenomen|wachttijd|aan de lijn|phone|call",
            re.IGNORECASE,
        ),
    ),
)
RESET_LINK = prefilter.compile(
    r"wachtwoord (vergeten|kwijt|herstellen|opnieuw instellen|wijzigen|resetten)|"
    r"nieuw wachtwoord (aanvragen|instellen)|forgot(ten)? (your )?password|reset (your )?password|"
    r"password reset|inloggegevens vergeten|wachtwoord\s*\?|"
    r"/(wachtwoord|password)[-_/]?(vergeten|reset|forgot|herstellen)",
    re.IGNORECASE,
)
CART_BUTTON = prefilter.compile(
    r"in (de |mijn |het )?(winkel(wagen|mand(je)?)|mandje|karretje)|add to (cart|basket|bag)|"
    r"toevoegen aan (winkelwagen|mandje|winkelmand)|in winkelwagen|koop nu|buy now",
    re.IGNORECASE,
)
GUEST_CHECKOUT = prefilter.compile(
    r"als gast|zonder (een )?account|gastbestelling|geen account (nodig|vereist)|"
    r"zonder registratie|zonder te registreren|guest checkout|checkout as (a )?guest|"
    r"continue as (a )?guest|without (an )?account|doorgaan als gast|bestellen als gast",
    re.IGNORECASE,
)
# Wording that a chat (or chatbot) hands over to a person (GR112).
HUMAN_ROUTE = prefilter.compile(
    r"medewerker|met een mens|menselijke|echte (collega|persoon|mensen)|een collega|"
    r"doorverbinden|doorgeschakeld|live agent|human agent|speak to a (person|human)|"
    r"talk to (a person|an agent|a human)|servicemedewerker|klantenservicemedewerker",
    re.IGNORECASE,
)
# Pages whose stated terms are legal handling times (complaints, privacy requests), not reactions.
NOT_PROMISE_PAGE = prefilter.compile(
    r"klacht|complaint|privacy|avg|gdpr|voorwaarden|terms|cookie", re.I
)

# --- rule 2 and 4 vocabulary ---
# Patterns are matched within one sentence unless a comment says otherwise.

# Pages with the policies customers look up: terms, returns, withdrawal, complaints (GR203, GR405).
POLICY_PAGE = prefilter.compile(
    r"voorwaarden|terms|conditions|retour|return|ruilen|herroep|withdraw|bedenktijd|klacht|"
    r"complaint",
    re.IGNORECASE,
)

# Delivery: words that make a stated time a delivery time (GR201, GR204). Shipping verbs also
# describe e-mails being sent, so they count only next to a parcel word.
DELIVERY_TIME_WORDS = prefilter.compile(
    r"\b(levertijd(en)?|bezorgtijd(en)?|levertermijn|leveringstermijn|geleverd|bezorgd|"
    r"thuisbezorgd|in huis|in de brievenbus|delivery time|delivered)\b",
    re.IGNORECASE,
)
DELIVERY_WORDS = prefilter.compile(
    DELIVERY_TIME_WORDS.pattern
    + r"|\b(leveren|levering|bezorging|bezorgen|delivery|levertijd|bezorgtijd)\b",
    re.IGNORECASE,
)
SHIPPING_WORDS = prefilter.compile(
    r"\b(verzonden|verstuurd|verzenden|versturen|verzending|shipped|ships|dispatched|shipping)\b",
    re.IGNORECASE,
)
PARCEL_WORDS = prefilter.compile(
    r"\b(bestelling(en)?|order(s)?|pakket(je|ten)?|pakje|zending|artikel(en)?|product(en)?|"
    r"goederen|meubel(s|en)?|parcel|package|items?)\b",
    re.IGNORECASE,
)
# "Voor 22:00 besteld, ..." and "bestel vóór 16.00 uur": an order cut-off is a delivery promise.
ORDER_CUTOFF = prefilter.compile(
    r"\b(voor|vóór|before)\s+\d{1,2}([:.]\d{2})?\s*(uur|u\b\.?|h\b|pm\b|am\b)?\s*"
    r"(besteld|bestellen|bestelt|geplaatst|ordered|order)\b|"
    r"\b(besteld|bestel|bestelt|order(ed)?)\s+(\w+\s+){0,3}?(voor|vóór|before)\s+\d{1,2}[:.]\d{2}",
    re.IGNORECASE,
)
# What happens after an order: a confirmation and a way to follow the parcel (GR201).
CONFIRMATION_WORDS = prefilter.compile(
    r"orderbevestiging|bestelbevestiging|bevestigingsmail|bevestigings-?e-?mail|"
    r"ontvangstbevestiging|\b(ontvang|ontvangt|ontvangen|krijg|krijgt|krijgen|sturen|stuurt|"
    r"sturen we|mailen)\b(\s+\S+){0,6}?\s+(\w*bevestiging|\w*bevestigd)|"
    r"\b(order|booking) confirmation|confirmation (e-?mail|message)|\bconfirm(s|ed)? (your|by)",
    re.IGNORECASE,
)
TRACKING_WORDS = prefilter.compile(
    r"track\s*(&|and|en|\+)\s*trace|track-?and-?trace|trackingcode|trackingnummer|"
    r"tracking\s*(code|number|link|nummer)|volg\s+(je|uw|jouw)\s+(bestelling|pakket|zending|order)|"
    r"track (your|my) (order|parcel|package)|verzendbevestiging|"
    r"\bzodra\s+(je|uw|jouw|de)\s+(bestelling|pakket|zending|order)\s+(is\s+)?"
    r"(verzonden|onderweg|verstuurd)",
    re.IGNORECASE,
)
# When a change or request takes effect (GR201, service providers).
_TAKES_EFFECT_ON = r"\s+(per|vanaf|op\s+(de\s+)?(\d|eerste|dag|datum|volgende))"
CHANGE_EFFECTIVE = prefilter.compile(
    r"\bgaat\b(\s+\S+){0,4}?\s+in" + _TAKES_EFFECT_ON + r"|\bin\s*gaan" + _TAKES_EFFECT_ON + "|"
    r"\bin\s*gaat" + _TAKES_EFFECT_ON + r"|ingangsdatum|\bgaat\s+(direct|meteen|per direct)\s+in\b|"
    r"\bper\s+direct\s+(actief|geregeld|in orde|gewijzigd)|takes effect|effective (date|from)|"
    r"\bwijziging\w*\s+(is|zijn)\s+(direct|meteen)\b",
    re.IGNORECASE,
)
PROCESSING_WORDS = prefilter.compile(
    r"\b(verwerkt|verwerken|doorgevoerd|doorvoeren|afgehandeld|afhandelen|geregeld|aangepast|"
    r"gewijzigd|actief|processed|handled|completed)\b",
    re.IGNORECASE,
)

# Refund and money-back wording (GR204, and a rival for durations in GR401).
REFUND_WORDS = prefilter.compile(
    r"terugbetal\w*|terugstort\w*|\b(betal|stort)\w*\s+(\S+\s+){0,6}?terug\b|\bgeld\s+terug\b|"
    r"\brefund\w*|crediteren|creditnota|money back",
    re.IGNORECASE,
)
# Money paid back by someone else (a health insurer, the mutualiteit): not the seller's promise.
THIRD_PARTY_REFUND = prefilter.compile(
    r"ziekenfonds|mutualiteit|ziekenkas|zorgverzeker\w*|verzekeraar\w*|"
    r"aanvullende verzekering|health insur\w*|insurer",
    re.IGNORECASE,
)
# Promises listed for the auditor (GR204), by kind.
RESPONSE_WORDS = prefilter.compile(
    r"\b(reageren|reageert|reactie|antwoord|antwoorden|beantwoord\w*|terugbellen|"
    r"bellen\s+(we|wij)\s+(je|u)\s+terug|nemen\s+(we|wij)\s+(\S+\s+){0,4}?contact|"
    r"reply|replies|respond\w*|response|get back to)\b",
    re.IGNORECASE,
)
GUARANTEE_WORDS = prefilter.compile(
    r"(?<![^\W\d_])\w{0,20}?garantie\w*|\bgegarandeerd|\b(wij|we|ik)\s+(\w+\s+){0,2}?garanderen\b|"
    r"\bgaranderen\s+(wij|we|ik)\b|\bguarantee\w*|niet\s+goed,?\s+geld\s+terug|"
    r"laagste\s+prijs|beste\s+prijs|best price|lowest price|money-back",
    re.IGNORECASE,
)
FREE_OFFER_WORDS = prefilter.compile(
    r"\bgratis\s+(verzending|verzonden|verzenden|bezorging|bezorgd|bezorgen|levering|geleverd|"
    r"retour\w*|ruilen|terugsturen|installatie|montage|ophalen)\b|"
    r"\bverzendkosten\s*(zijn\s*)?gratis|\bfree\s+(shipping|delivery|returns?)\b",
    re.IGNORECASE,
)

# Returns and withdrawal (GR401, GR402).
WITHDRAWAL_WORDS = prefilter.compile(
    r"\bherroep\w*|bedenktijd|bedenktermijn|zichttermijn|\bwithdraw\w*|cooling[- ]off",
    re.IGNORECASE,
)
# "Return to the home page", "terug naar home", "retourneer naar vorige pagina", "back to top",
# "returning customer", "we return your call": navigation and other senses of the word, not a
# returns policy. Checked at the position of a returns word.
NOT_RETURNS = (
    r"(?:return(?:ing)?|retour\w*|ga\s+terug|keer\s+terug|terug|back|go\s+back)\s+"
    r"(?:naar|to|nach|à|a)\s+(?:the\s+|de\s+|het\s+|je\s+|uw\s+|your\s+|la\s+|l['’])?"
    r"(?:home\s?page|homepage|home|top|start\w*|begin\w*|vorige|previous|overzicht|overview|"
    r"bovenkant|boven|page|pagina|site|website|menu|inlog\w*|log\s?in|sign\s?in|"
    r"shop|winkel\w*|webshop|cart|winkelwagen|accueil|navigation|content|inhoud|zoek\w*|search)"
    r"|returning\s+(?:customer|visitor|user|klant)s?"
    r"|return(?:s|ed|ing)?\s+(?:your|uw|je|our|the)\s+(?:call|e-?mail|message|bericht)"
    r"|(?:tax|belasting)\s?returns?|return\s+on\s+investment|\breturn\s+(?:key|toets)"
    # Money sent back ("het inschrijfbedrag wordt retour gestort") is a refund, and a return
    # ticket or trip ("retourvlucht", "een retourtje Utrecht") is travel: no returns policy.
    r"|retour\s+(?:(?:zal|zullen|wordt|worden|werd|is|zijn|te)\s+)*"
    r"(?:ge)?(?:stort\w*|overgemaakt|overmaken|betaald|betalen|boekt|geboekt)\b"
    r"|retour(?:vlucht|ticket|tje|kaart|rit|reis)\w*"
)
# English "return(s)" is goods going back only in a commerce sense: an item, order or parcel
# returned, a returns policy, form or label, free returns, "Shipping & returns". "Return to sport",
# "return to work", "a return visit", "your tax return", "return on investment" and "the function
# returns a value" are other senses. So the English word counts only in one of these shapes; the
# bare plural "Returns" (a heading, a footer link, /returns) counts where it stands as a noun.
_EN_GOODS = (
    r"(?:items?|orders?|products?|goods|parcels?|packages?|purchases?|merchandise|articles?|"
    r"shipments?|garments?|clothing|clothes|shoes|gifts?|devices?|equipment|books?|"
    r"artworks?|prints?|pieces?|furniture)\b"
)
# Words between the verb and the goods: "return (any unused) items", "return part of your order";
# never a direction or a visit ("return to sport items" is not one).
_EN_BETWEEN = r"(?:(?!(?:to|from|on|home|visit)\b)[\w'’-]+\s+){0,3}?"
_EN_NOT_MONEY = r"(?<!\btax\s)(?<!\btax-)(?<!\bannual\s)(?<!\bfinancial\s)(?<!\binvestment\s)"
_EN_NOT_MONEY += r"(?<!\bdiminishing\s)(?<!\bhappy\s)(?<!\bexpected\s)(?<!\bfund\s)"
EN_GOODS_RETURN = (
    rf"{_EN_NOT_MONEY}(?:"
    # return (an item), returned goods, returning your order
    rf"\breturn(?:s|ed|ing)?\s+{_EN_BETWEEN}{_EN_GOODS}"
    rf"|\b{_EN_GOODS}\s+(?:\w+\s+){{0,3}}?returned\b"
    r"|\breturn(?:s|ed|ing)?\s+(?:it|them)\s+(?:to\s+us|within|for\s+(?:a|free)|at\s+no|"
    r"free|unused|in\s+(?:its|their|the)\s+original)"
    r"|\bbe\s+returned\s+(?:within|for\s+a|free|unused|in\s+(?:its|their|the)\s+original)"
    # a returns policy, form, label, address, portal ...
    r"|\breturns?[\s_-]+(?:polic(?:y|ies)|forms?|labels?|address|portal|process|procedure|"
    r"period|window|requests?|shipping|shipment|costs?|fees?|cent(?:re|er)|department|page|"
    r"conditions|instructions|information|info|service|slip|numbers?|authori[sz]ation|"
    r"merchandise|options?|guidelines|terms|rights?|parcel|package|box|reasons?|status|"
    r"postage)\b"
    # Shipping & returns, Returns and refunds
    r"|\b(?:shipping|delivery|deliveries|refunds?|exchanges?|warrant(?:y|ies)|"
    r"cancell?ations?)\s*(?:&|and|\+|/|,)\s*returns?\b"
    r"|\breturns?\s*(?:&|and|\+|/|,)\s*(?:refunds?|exchanges?|warrant\w*|cancell?ations?|"
    r"complaints?|repairs?)\b"
    r"|\b(?:free|easy|hassle[\s-]free|simple|no[\s-]quibble|extended|(?:\d+|thirty|"
    r"fourteen)[\s-]days?)\s+returns?\b"
    # make a return, we accept returns, once we receive your return
    r"|\b(?:make|start|request|initiate|register|submit|process|arrange|book|create|log|"
    r"announce|track|accept|receive|handle|approve|refuse)(?:s|d|ed|ing)?\s+"
    r"(?:(?:a|an|your|the|my|our|any|all|no)\s+)?returns?\b(?!\s+(?:to|on|visits?|trips?|"
    r"flights?|journeys?|tickets?|a|an|the)\b)"
    r"|\b(?:your|my)\s+return\b(?!\s+(?:to|on|from|home|visits?|trips?|flights?|"
    r"journeys?|tickets?)\b)"
    r"|\bright\s+(?:of|to)\s+return\b(?!\s+to\b)|\b(?:non-?|un)?returnable\b"
    r"|\breturn(?:s|ed)?\s+(?:\w+\s+){0,3}?(?:within|after)\s+\w+\s+(?:days?|weeks?)\s+"
    r"(?:of|after|from)\s+(?:the\s+)?(?:delivery|receipt|purchase|receiving)"
    # the bare plural as a noun: "Returns", "Returns:", "Returns are free", "For returns, ..."
    r"|\breturns\b(?=[^\S\n]*(?:\n|\Z|[.,:;!?|/&()\-–])|\s+(?:and|or|are|is|can|may|must|"
    r"will|should|within|made|sent|received|accepted)\b)"
    r")"
)
RETURNS_WORDS = prefilter.compile(
    rf"(?!{NOT_RETURNS})(?:"
    + WITHDRAWAL_WORDS.pattern
    + r"|\bretour\w*|\bterug\s*(te\s+)?sturen\b|\bterugzenden|\b(om)?ruilen\b|"
    + EN_GOODS_RETURN
    + ")",
    re.IGNORECASE,
)
# Words a returns period is attached to: "14 dagen bedenktijd", "binnen 30 dagen retourneren".
RETURN_PERIOD_ANCHOR = prefilter.compile(
    rf"(?!{NOT_RETURNS})(?:"
    r"bedenktijd|bedenktermijn|zichttermijn|herroepingstermijn|herroepingsperiode|"
    r"retourtermijn|retourperiode|retourrecht|ruiltermijn|omruiltermijn|\bherroep\w*|"
    r"\bretourne\w*|\bterug\s*(te\s+)?sturen\b|\bstuur\w*\s+(\S+\s+){0,6}?terug\b|"
    r"\bterugzenden|\b(om)?ruilen\b|\bontbind\w*|\bretour\s+(sturen|zenden|doen|aanmelden)|"
    r"\bwithdraw\w*|cooling[- ]off|\bexchange\b|" + EN_GOODS_RETURN + ")",
    re.IGNORECASE,
)
# A bare "retour" names a period only right next to it: "30 dagen retour".
RETURN_PERIOD_SHORT = prefilter.compile(r"\bretour\b|\bgratis retour", re.IGNORECASE)
# An online withdrawal function (GR402): button or link text, or a named function.
WITHDRAWAL_FUNCTION = prefilter.compile(
    r"herroepingsknop|herroepingsfunctie|herroepknop|"
    r"(overeenkomst|contract|bestelling|aankoop|koop|abonnement)\s+(hier\s+)?herroepen|"
    r"^\s*(hier\s+)?herroepen\s*$|\bherroep\s+(hier\s+)?(je|uw|jouw|de)\s+"
    r"(overeenkomst|contract|bestelling|aankoop)|online\s+herroep\w*|"
    r"(digitaal|digitale|online)\s+herroepingsformulier|"
    r"withdraw\s+from\s+(the\s+)?contract|withdraw\s+(your\s+|my\s+|the\s+)?(order|contract|purchase)|"
    r"withdrawal (button|function)",
    re.IGNORECASE,
)
# Text that names the function rather than describing withdrawal in general.
FUNCTION_NAMED = prefilter.compile(r"knop|button|klik|click|online|digita\w*", re.IGNORECASE)
MODEL_FORM_WORDS = prefilter.compile(
    r"modelformulier|model\s*formulier|herroepingsformulier|formulier\s+voor\s+herroeping|"
    r"model withdrawal form|withdrawal form",
    re.IGNORECASE,
)
# A withdrawal sentence that may name an online route (GR402): then an e-mail or model form
# is not the only way and the page is unclear. "Online" describing the purchase does not count.
WITHDRAWAL_ONLINE_ROUTE = prefilter.compile(
    r"\bonline\b(?!\s+(aankoop|aankopen|gekocht|besteld|bestelling\w*|winkel\w*|shop\w*|"
    r"verko\w*|purchases?|orders?|bought|ordered|stores?|shopping))|\bdigita(al|le)\b|"
    r"\b(via|in|op|through|on)\s+(je|uw|jouw|het|de|onze|ons|our|your|the)\s+"
    r"(account|profiel|omgeving|website|site|webshop|app|portal|portaal|klantportaal)\b|"
    r"\bmijn\s+(omgeving|account|profiel|portaal|bestellingen)\b|(?-i:\bMijn\s*[A-Z]\w+)|"
    r"\b(web|online|digitaal|digitale|contact|retour)\s*formulier\b|\bknop\b|\bbutton\b|"
    r"\bonline form\b|\bweb form\b|\bcontact form\b|\bmy account\b|\baccount\b|"
    r"\b\w*port(aa|a)l\b|\bklik\w*|\bclick\w*|\blog\s*(je |u )?(in|on)\b|\binlogg\w*|"
    r"\b\w+\.(nl|be|com|eu)/\S*|\bvolg\w* (je |u )?de stappen|follow the steps|\baanmelden\b",
    re.IGNORECASE,
)
# Right after a route word, the channel it goes by: an e-mail address, e-mail or post.
BY_MAIL_OR_POST = prefilter.compile(
    r"\s*(?:via|per|naar|aan|to|by)\s+(?:(?:ons|onze|our|het|een|an?)\s+)?"
    r"(?:[\w.+-]+@[\w-]+\.[\w.-]+|e-?mail\w*|mail\b|post\b|brief\b|letter\b)",
    re.IGNORECASE,
)
# Withdrawing by writing an e-mail or a letter rather than with a function on the site.
EMAIL_ROUTE = prefilter.compile(
    r"\b(stuur|stuurt|sturen|mail|mailen|e-?mail)\w*\s+(\S+\s+){0,3}?(e-?mail|mail|bericht)\b|"
    r"\b(per|via|by)\s+(e-?mail|mail|post|brief)\b|\bmail\s+ons\b|\bsend\s+(us\s+)?an?\s+e-?mail",
    re.IGNORECASE,
)

# Terms and conditions (GR403): link text, URL path, and what looks like terms but is not.
TERMS_LINK = prefilter.compile(
    r"\b(algemene\s+)?(leverings|verkoop|gebruiks|polis|service|klant)?voorwaarden\b|"
    r"terms\s*(and|&)\s*conditions|terms\s+of\s+(service|use|sale)|\bterms\b|^\s*AV\s*$",
    re.IGNORECASE,
)
TERMS_URL = prefilter.compile(
    r"(algemene-?|leverings-?|verkoop-?)?voorwaarden|terms|conditions|/av(\.\w+)?/?$", re.I
)
NOT_TERMS = prefilter.compile(r"privacy|cookie|actie|winactie|wedstrijd|promoti|vacature", re.I)
# Regions repeated on every page: a link there is reachable from anywhere.
CHROME_REGIONS = ("footer", "header", "nav")

# Cancelling a subscription or contract (GR404).
CANCEL_WORDS = prefilter.compile(
    r"\bopzeg\w*|\bop\s+te\s+zeggen\b|\bzeg\w*\s+(je|uw|jouw|het|de)\s+(\S+\s+){0,2}?op\b|"
    r"\b(abonnement|contract|overeenkomst|lidmaatschap|polis|verzekering)\s+"
    r"(\S+\s+){0,2}?(beëindigen|beeindigen|stopzetten|stoppen|opzeggen)|\bstopzetten\b|"
    r"\bcancel\w*\s+(your\s+|my\s+|the\s+)?(subscription|contract|membership|plan|policy)|"
    r"\bunsubscribe from (your )?(plan|subscription)",
    re.IGNORECASE,
)
CANCEL_ONLINE = prefilter.compile(
    r"\bonline\b|opzegformulier|opzegknop|\b(?:web|contact|online)?formulier\b|"
    r"(?-i:\bMijn\s*[A-Z]\w+)|\b\w*port(?:aa|a)l\b|"
    r"\bmijn\s+(omgeving|account|profiel|portaal|gegevens)\b|"
    r"\b(via|in|op)\s+(je|uw|jouw|het|de|onze)\s+(account|profiel|omgeving|website|app)\b|"
    r"\bknop\b|\bbutton\b|\bhier\s+opzeggen\b|\bonline form\b|\bin your account\b",
    re.IGNORECASE,
)
# Paper and phone routes; a form to print and post is one of them.
CANCEL_OFFLINE = prefilter.compile(
    r"\bschriftelijk\w*|\bper\s+(post|brief)\b|\baangetekend\w*|\bbrief\b|\bbel\s+(ons|naar|met)\b|"
    r"\btelefonisch\b|\bbellen\b|\buit\s*te\s*printen|\b(uit)?printen\b|\bafdrukken\b|\bpdf\b|"
    r"\bop\s+(te\s+)?sturen\b|\bopsturen\b|\bop\s+de\s+post\b|\bpostbus\b|\bantwoordnummer\b|"
    r"\bby (letter|post|phone)\b|\bin writing\b|\bcall us\b",
    re.IGNORECASE,
)
# A form to print or download and send by post (GR404).
PAPER_FORM = prefilter.compile(
    r"\b(uit)?printen\b|\buit\s*te\s*printen|\bafdrukken\b|\bpdf\b|\bdownload\w*|"
    r"\bop\s*(te\s+)?sturen\b|\bop\s+de\s+post\b",
    re.IGNORECASE,
)
# Sentences about what the company may do or confirms are not the customer's route (GR404).
COMPANY_SIDE = prefilter.compile(
    r"^\W*(wij|we|zij|de verzekeraar|de maatschappij|de aanbieder|het bedrijf|the company)\b|"
    r"\bbevestig\w*|\bconfirm\w*",
    re.IGNORECASE,
)
ACCOUNT_URL = prefilter.compile(r"mijn|account|login|inloggen|formulier|form|portal|portaal", re.I)

# Contact details (GR202): labels before a number or address. Departments and channels may
# have numbers of their own; only general labels must agree across pages.
GENERAL_CONTACT_LABEL = prefilter.compile(
    r"\b(klantenservice|klanten service|klantcontact|klantendienst|klantcontactcentrum|"
    r"customer service|customer care|servicedesk|service desk|helpdesk)\b",
    re.IGNORECASE,
)
DEPARTMENT_LABEL = prefilter.compile(
    r"zakelijk\w*|business|bedrijven|ondernemer\w*|schade\w*|storing\w*|spoed\w*|nood\w*|"
    r"alarm\w*|pechhulp|hulpdienst|buitenland|abroad|international|fax|\bpers\b|media|press|"
    r"sales|verkoop|inkoop|vacature\w*|sollicit\w*|recruitment|werken bij|debiteuren|incasso|"
    r"financ\w*|administratie|boekhouding|facturen|reserver\w*|technische dienst|installateur|"
    r"afspraak|afspraken|ziekmeld\w*|meldpunt|meldingen|whatsapp|\bsms\b|chat|teksttelefoon|"
    r"doven|vestiging|winkel|filiaal|showroom|locatie|hoofdkantoor|kantoor|afdeling|"
    r"particulier\w*",
    re.IGNORECASE,
)
# Words allowed between a general label and its number: "Klantenservice is bereikbaar op".
LABEL_FILLER = frozenset({
    "op", "via", "is", "bereikbaar", "telefonisch", "telefoon", "telefoonnummer", "tel",
    "nummer", "bel", "bellen", "te", "kun", "kunt", "je", "u", "ons", "onze", "we", "wij",
    "de", "het", "van", "naar", "gratis", "free", "the", "on", "at", "call", "us", "our",
    "phone", "number", "reachable", "team", "uw", "jouw", "kan",
})  # fmt: skip
# Pages whose hours are their own (a shop, an office), and hours that are temporary.
LOCATION_PAGE = prefilter.compile(
    r"vestiging|winkels?\b|filiaal|filialen|locatie|store|showroom|kantoor|kantoren|branch", re.I
)
TEMPORARY_HOURS = prefilter.compile(
    r"feestdag\w*|kerst\w*|pasen|paasdag\w*|pinkster\w*|koningsdag|oudejaars\w*|nieuwjaars\w*|"
    r"hemelvaart\w*|zomer\w*|vakantie\w*|tijdelijk\w*|aangepaste|afwijkende|holiday\w*|christmas",
    re.IGNORECASE,
)
# Hours topics compared across pages; each pattern names one channel.
HOURS_TOPICS = (
    (
        "klantcontact",
        prefilter.compile(
            r"klantenservice|klantcontact|klantendienst|telefonisch|bel ons|bellen|bereikbaar|"
            r"customer service|servicedesk|helpdesk|contact",
            re.IGNORECASE,
        ),
    ),
    ("chat", prefilter.compile(r"\bchat|whatsapp", re.IGNORECASE)),
    ("balie", prefilter.compile(r"balie|loket|stadhuis|gemeentehuis|servicepunt|spreekuur", re.I)),
    ("winkel", prefilter.compile(r"winkel|showroom|magazijn|afhaalpunt|store", re.IGNORECASE)),
)

# Readability (GR405): common function words to tell Dutch from English.
STOPWORDS_NL = frozenset({
    "de", "het", "een", "en", "van", "is", "dat", "niet", "je", "u", "wij", "we", "voor", "op",
    "met", "zijn", "aan", "als", "bij", "dan", "of", "ook", "om", "tot", "uw", "jouw",
    "worden", "wordt", "kunt", "kan", "deze", "die", "naar", "na",
})  # fmt: skip
STOPWORDS_EN = frozenset({
    "the", "a", "an", "and", "of", "that", "not", "you", "for", "on", "with", "are", "to",
    "as", "at", "by", "or", "also", "be", "your", "this", "these", "will", "can", "may",
    "from", "after", "within",
})  # fmt: skip

# Form fields (GR406): marks of a required field in its label, and free fields.
REQUIRED_MARK = prefilter.compile(r"\*\s*$|\(verplicht\)|\(required\)|\bverplicht\s*$", re.I)
NAME_FIELD = prefilter.compile(
    r"(^|[\W_])(naam|name)([\W_]|$)|voornaam|achternaam|full ?name|firstname|lastname", re.I
)
EMAIL_FIELD = prefilter.compile(r"e-?mail", re.IGNORECASE)
# The organisation as the one who replies, or the customer as the one who receives (GR204).
RESPONSE_BY_US = prefilter.compile(
    r"\b(we|wij|ons|onze|our|us)\b|\b(krijg|krijgt|ontvang|ontvangt|hoort|hoor|get|receive|"
    r"hear)\b",
    re.IGNORECASE,
)


# --- rule 3, 5 and 6 vocabulary ---

# Consent boxes about marketing, newsletters or sharing data with others (GR301).
MARKETING_CONSENT = prefilter.compile(
    r"nieuwsbrief|newsletter|mailing|aanbieding|\bacties\b|actie-?mail|promoti|reclame|marketing|"
    r"commerci[eë]le|persoonlijke (tips|suggesties)|tips en inspiratie|inspiratie|"
    r"\bderden\b|\bpartners?\b|third[- ]part|\boffers\b|promotions?|\bdeals\b|"
    r"nieuws en (aanbiedingen|acties)|op de hoogte van (nieuws|acties|aanbiedingen)",
    re.IGNORECASE,
)
# A box that says "do not" before its subject is an opt-out: ticked it protects the customer.
CONSENT_OPT_OUT = prefilter.compile(
    r"\b(geen|niet|nee|nooit|no|not|don'?t|do not|never|liever niet)\b", re.IGNORECASE
)
# ... or says so after it: "Ik wil de nieuwsbrief niet ontvangen".
CONSENT_REFUSAL = prefilter.compile(
    r"\b(niet|not)\s+(ontvangen|krijgen|delen|gedeeld|gebruiken|gebruikt|benaderd|receive|get|"
    r"share|shared|use|used|contact(ed)?)\b",
    re.IGNORECASE,
)

# Cookie banner buttons (GR302).
COOKIE_REJECT = prefilter.compile(
    r"weiger|afwijzen|wijs (alles )?af|alleen (de )?(strikt )?(noodzakelijke?|functionele?|"
    r"essenti[eë]le?|technische?|benodigde|vereiste)|(accepteer|sta) alleen|niet akkoord|"
    r"niet accepteren|geen cookies|^\s*nee\b|zonder (te )?accepteren|reject|decline|deny|refuse|"
    r"(only|just) (the )?(strictly )?(necessary|essential|required|functional)|"
    r"(necessary|essential|required) (cookies )?only|continue without|disagree|^\s*no\b|"
    r"^\s*(strikt )?(noodzakelijke?|functionele?|essenti[eë]le?)( cookies)?( accepteren)?\s*$",
    re.IGNORECASE,
)
COOKIE_ACCEPT = prefilter.compile(
    r"accept|akkoord|toestaan|sta .*toe|allow|agree|alle cookies|^\s*ok(é|ay)?\b|prima|^\s*ja\b|"
    r"begrepen|got it|(geef|geven|verleen|verlenen) (mijn |uw |je )?toestemming|toestemming (geven|verlenen)|"
    r"i consent|give consent",
    re.IGNORECASE,
)
COOKIE_SETTINGS = prefilter.compile(
    r"instellingen|voorkeuren|aanpassen|beheren|zelf kiezen|settings|preferences|customi[sz]e|"
    r"manage|meer opties|more options",
    re.IGNORECASE,
)
# Buttons the crawler clicks to get a cookie banner out of the way, in order of preference:
# refuse where a button says so, else accept, else close.
DISMISS_PREFERENCE = [
    prefilter.compile(
        r"weiger|alleen (noodzakelijk|functione|essenti)|reject|decline|deny|niet akkoord|"
        r"nee,? bedankt|necessary only|only necessary",
        re.IGNORECASE,
    ),
    prefilter.compile(r"accept|akkoord|toestaan|allow|agree|^ok|prima|ja,? ", re.IGNORECASE),
    prefilter.compile(r"sluit|close|×|✕", re.IGNORECASE),
]
# A banner that only informs: the site says it sets no cookies that need consent.
COOKIE_NOTICE_ONLY = prefilter.compile(
    r"(alleen|uitsluitend|enkel|slechts) (functionele|noodzakelijke|technische|"
    r"strikt noodzakelijke|anonieme analytische)( en (analytische|functionele))? cookies|"
    r"geen (tracking|marketing|advertentie|volg)-?cookies|"
    r"(only|just) (uses? )?(functional|necessary|essential|strictly necessary) cookies|"
    r"no (tracking|marketing|advertising) cookies",
    re.IGNORECASE,
)
# A frame the crawler could not read: it records the banner text as "(in a frame …)".
COOKIE_IN_FRAME = prefilter.compile(r"^\s*\(in an? (i)?frame", re.IGNORECASE)

# Pop-ups on arrival (GR303): promotion and surveys bother; age gates and choosers are neutral.
PROMO_OVERLAY = prefilter.compile(
    r"nieuwsbrief|newsletter|korting|discount|\d+\s?%\s?(off|korting|extra)|% off|aanbieding|"
    r"\bacties?\b|\bsale\b|uitverkoop|\bwin\b|winnen|maak kans|giveaway|kortingscode|coupon|"
    r"promo|subscribe|blijf op de hoogte|mis (niets|geen)|welkomstcadeau|cadeau|gratis verzending|"
    r"enqu[eê]te|survey|vragenlijst|doe mee aan|feedback|beoordeel ons|rate us|app downloaden|"
    r"download (onze|de) app|get the app",
    re.IGNORECASE,
)
# Sign-up words: promotional unless the layer is a login (where "aanmelden" means signing in).
SIGNUP_OVERLAY = prefilter.compile(
    r"aanmelden|meld (je|u) (nu )?aan|inschrijven|schrijf (je|u) (nu )?in|sign up|join now",
    re.IGNORECASE,
)
LOGIN_WORDS = prefilter.compile(
    r"inloggen|log ?in|wachtwoord|password|digid|eherkenning|sign in|mijn account|my account",
    re.IGNORECASE,
)
COOKIE_WORD = prefilter.compile(r"\bcookies?\b", re.IGNORECASE)

# Tracking and advertising hosts, matched by host suffix (GR302, GR304): host -> vendor.
TRACKER_HOSTS = {
    "google-analytics.com": "Google Analytics",
    "analytics.google.com": "Google Analytics",
    "googletagmanager.com": "Google Tag Manager",
    "doubleclick.net": "Google DoubleClick",
    "googleadservices.com": "Google Ads",
    "googlesyndication.com": "Google AdSense",
    "adservice.google.com": "Google Ads",
    "2mdn.net": "Google Ads",
    "facebook.net": "Meta Pixel",
    "hotjar.com": "Hotjar",
    "hotjar.io": "Hotjar",
    "clarity.ms": "Microsoft Clarity",
    "bat.bing.com": "Microsoft Advertising",
    "snap.licdn.com": "LinkedIn Insight",
    "px.ads.linkedin.com": "LinkedIn Insight",
    "ads.linkedin.com": "LinkedIn Ads",
    "analytics.tiktok.com": "TikTok Pixel",
    "criteo.com": "Criteo",
    "criteo.net": "Criteo",
    "adnxs.com": "Xandr",
    "taboola.com": "Taboola",
    "outbrain.com": "Outbrain",
    "ct.pinterest.com": "Pinterest Tag",
    "static.ads-twitter.com": "X Ads",
    "ads-twitter.com": "X Ads",
    "analytics.twitter.com": "X Ads",
    "ads-api.twitter.com": "X Ads",
    "matomo.cloud": "Matomo Cloud",
    "hs-analytics.net": "HubSpot",
    "track.hubspot.com": "HubSpot",
    "hs-scripts.com": "HubSpot",
    "segment.com": "Segment",
    "segment.io": "Segment",
    "mixpanel.com": "Mixpanel",
    "mxpnl.com": "Mixpanel",
    "amplitude.com": "Amplitude",
    "mc.yandex.ru": "Yandex Metrica",
    "mc.yandex.com": "Yandex Metrica",
    "adform.net": "Adform",
    "adsrvr.org": "The Trade Desk",
    "amazon-adsystem.com": "Amazon Ads",
    "demdex.net": "Adobe Audience Manager",
    "omtrdc.net": "Adobe Analytics",
    "everesttech.net": "Adobe Advertising",
    "scorecardresearch.com": "Comscore",
    "quantserve.com": "Quantcast",
    "fullstory.com": "FullStory",
    "mouseflow.com": "Mouseflow",
    "crazyegg.com": "Crazy Egg",
    "heapanalytics.com": "Heap",
    "rubiconproject.com": "Magnite",
    "pubmatic.com": "PubMatic",
    "casalemedia.com": "Index Exchange",
    "smartadserver.com": "Smart AdServer",
    "improvedigital.com": "Improve Digital",
    "360yield.com": "Improve Digital",
    "teads.tv": "Teads",
    "tr.snapchat.com": "Snap Pixel",
    "sc-static.net": "Snap Pixel",
    "alb.reddit.com": "Reddit Pixel",
    "tradetracker.net": "TradeTracker",
    "awin1.com": "Awin",
    "tradedoubler.com": "Tradedoubler",
}
# Trackers served from a host that also serves ordinary content: (host suffix, path prefix).
TRACKER_PATHS = {
    ("facebook.com", "/tr"): "Meta Pixel",
    ("linkedin.com", "/px"): "LinkedIn Insight",
    ("google.com", "/pagead"): "Google Ads",
    ("google.com", "/ads"): "Google Ads",
    ("t.co", "/i/adsct"): "X Ads",
}
# Analytics services that say they set no cookies and keep no personal data: whether they need
# consent depends on how they are set up, so a person weighs them (GR304).
COOKIELESS_ANALYTICS_HOSTS = {
    "umami.is": "Umami",
    "plausible.io": "Plausible",
    "usefathom.com": "Fathom",
    "simpleanalyticscdn.com": "Simple Analytics",
    "goatcounter.com": "GoatCounter",
    "pirsch.io": "Pirsch",
    "counter.dev": "Counter",
}
# A third-party script or request named as a tracker ("/hx-tracker/tracker-v5.min.js",
# "/pixel.gif", "/analytics.js") on a host no list knows, such as a generic CDN.
TRACKER_NAME = prefilter.compile(
    r"(?:^|[/_.-])(?:tracker|tracking|tracktag|pixel|beacon|analytics|visitor-?id)(?:[/_.-]|$)",
    re.IGNORECASE,
)
# Tracking a parcel or an order is a service to the customer, not tracking the visitor.
NOT_VISITOR_TRACKING = prefilter.compile(
    r"order|shipment|parcel|pakket|zending|track-?(?:and|n|en)-?trace|delivery|bezorg",
    re.IGNORECASE,
)
# Consent platforms (CMPs) by the host their script or banner is served from: a request to one
# means a consent tool is present even when its banner was not seen (shadow DOM, late render).
CONSENT_PLATFORM_HOSTS = {
    "cookielaw.org": "OneTrust",
    "onetrust.com": "OneTrust",
    "cookiepro.com": "CookiePro",
    "cookiebot.com": "Cookiebot",
    "cookiebot.eu": "Cookiebot",
    "consentmanager.net": "consentmanager",
    "consentmanager.de": "consentmanager",
    "didomi.io": "Didomi",
    "privacy-center.org": "Didomi",
    "usercentrics.eu": "Usercentrics",
    "usercentrics.com": "Usercentrics",
    "iubenda.com": "iubenda",
    "consensu.org": "IAB TCF CMP",
    "quantcast.com": "Quantcast Choice",
    "trustarc.com": "TrustArc",
    "truste.com": "TrustArc",
    "privacy-mgmt.com": "Sourcepoint",
    "sp-prod.net": "Sourcepoint",
    "sourcepoint.com": "Sourcepoint",
    "cookieyes.com": "CookieYes",
    "cookie-script.com": "Cookie-Script",
    "termly.io": "Termly",
    "osano.com": "Osano",
    "cookiefirst.com": "CookieFirst",
    "cookiehub.net": "CookieHub",
    "cookiehub.eu": "CookieHub",
    "axept.io": "Axeptio",
    "civiccomputing.com": "Civic Cookie Control",
    "cookieinformation.com": "Cookie Information",
    "ketchcdn.com": "Ketch",
    "securiti.ai": "Securiti",
    "clickio.com": "Clickio",
    "fundingchoicesmessages.google.com": "Google Funding Choices",
    "kiprotect.com": "Klaro",
    "cookiecode.nl": "CookieCode",
    "cookiefirst.nl": "CookieFirst",
}
# A link or button that reopens a consent tool ("Cookie-instellingen", "Manage cookies"): the
# site has one even when its banner was not seen. A plain policy link ("Cookiebeleid") is not.
CONSENT_TOOL_LINK = prefilter.compile(
    r"\bcookie-? ?(instellingen|voorkeuren|toestemming|settings|preferences|consent)\b|"
    r"\b(beheer|wijzig|manage|change|update)\w* (je |uw |your |mijn |my )?"
    r"(cookie\w*|toestemming|consent|privacy ?(instellingen|settings|choices|keuzes))|"
    r"\bprivacy ?(instellingen|voorkeuren|settings|preferences|choices|keuzes)\b|"
    r"do not sell",
    re.IGNORECASE,
)
# Text of a consent layer that was in the page but not shown as a banner (hidden on arrival,
# rendered late): a consent word together with a choice word.
CONSENT_TOOL_TEXT = prefilter.compile(
    r"\b(cookie\w*|toestemming|consent)\b.{0,300}?\b(accept\w*|akkoord|weiger\w*|reject\w*|"
    r"decline|toestaan|allow|voorkeuren|preferences|instellingen|settings)\b",
    re.IGNORECASE | re.DOTALL,
)

# Complaints (rule 5). "niet tevreden" carries its own negation, so it is matched as a phrase.
COMPLAINT_WORDS = prefilter.compile(
    r"\bklacht\w*|\bcomplaints?\b|\bontevreden\b|\bniet tevreden\b|\bnot satisfied\b|"
    r"\bdissatisfied\b",
    re.IGNORECASE,
)
# Words before a complaint word that turn it into praise ("geen klachten").
COMPLAINT_NEGATION = prefilter.compile(
    r"\b(geen|zonder|nooit|no|without|never|zero)\b", re.IGNORECASE
)
# A line that tells the reader how to complain, as opposed to a review that mentions a complaint.
COMPLAINT_PROCEDURE = prefilter.compile(
    r"\b(u|uw|je|jouw|jij|you|your|ons|onze|wij|we|us|our)\b|procedure|regeling|formulier|\bform\b|indienen|"
    r"afhandeling|how to",
    re.IGNORECASE,
)
# Complaint context: who complains to whom about what. A complaint procedure is the organisation
# telling its customers how to complain to it; "klachten" is also a medical word (symptoms), a
# claim against someone else (the carrier, the seller on a marketplace), a word in a review or in
# a news report. Strong cues name the procedure itself; they decide unless the same sentence
# sends the complaint to a third party.
COMPLAINT_PROCEDURE_CUE = prefilter.compile(
    r"klacht(en)?(regeling|procedure|formulier|behandeling|afhandeling|functionaris|bemiddelaar|"
    r"reglement|lijn|service|bureau|loket|afdeling|management|beleid|commissie)|ombudsdienst|"
    r"\b(een |uw |je |jouw )?klacht (in)?dienen|\bindienen van (een|uw|je|jouw) klacht|"
    r"\b(een|uw|je|jouw) klacht\s+(melden|doorgeven|insturen|sturen|kenbaar maken|voorleggen|"
    r"indienen|deponeren|registreren|behandelen|afhandelen|nemen we|nemen wij)|"
    r"\b(heeft u|heb je|hebt u|had u|mocht u|mocht je|wilt u|wil je)\s+(toch\s+)?"
    r"(een|uw|je)?\s*klacht\b|\b(uw|je|jouw) klacht\b|"
    r"\bklacht(en)? over (ons|onze|de dienstverlening|de service|een (van onze )?medewerker|"
    r"de gemeente|het ziekenhuis|de zorg|de behandeling door|(uw|je) bestelling)|"
    r"\b(niet tevreden|ontevreden)\s+(over|met)\s+(onze|ons|de|het|uw|je|jouw|een)\s+"
    r"(dienstverlening|service|klantenservice|medewerker\w*|behandeling|zorg|afhandeling|"
    r"contact|werkwijze|gemeente|organisatie)|"
    r"complaints? (procedure|policy|form|handling|process|department|officer)|"
    r"\b(make|file|submit|lodge|raise|send us|have|register) (a|your) complaint|"
    r"\byour complaint\b|"
    r"\b(ik|I)\s+(heb|wil|have|want|would like)\b[^.!?]{0,30}\b(klacht|complaint)|"
    r"\b(waar|hoe|bij wie|where|how)\s+(kan|moet|dien|can|do|should)\s+(ik|I)\b[^.!?]{0,40}"
    r"\b(klacht|complain)|\bmet (een|uw|je|jouw) klacht\b|\bhow to (make a )?complain|"
    r"\bplainte\b|service des plaintes|klachtenbehandeling",
    re.IGNORECASE,
)
# The complaint is sent to someone else: "dien een klacht in bij de vervoerder", "neem contact op
# met PostNL". Only after a word that names the addressee (bij, met, naar, aan, tot, to, with).
COMPLAINT_THIRD_PARTY = prefilter.compile(
    # "handled by the carrier" ("door de vervoerder behandeld") as much as "to the carrier".
    r"\b(bij|met|naar|aan|tot|door|to|with|by)\s+(de |het |een |uw |je |jouw |your |the )?"
    r"(vervoerder|transporteur|bezorger|bezorgdienst|pakketdienst|koeriersdienst|postnl|post\.nl|"
    r"dhl|dpd|gls|ups|bpost|fedex|budbee|trunkrs|luchtvaartmaatschappij|airline|reisorganisatie|"
    r"fabrikant|producent|manufacturer|carrier|courier|marktplaats|"
    r"leverancier|supplier|(zorg)?verzekeraar|energieleverancier|netbeheerder|verhuurder|"
    r"woningcorporatie|werkgever|aanbieder|derde|third party|"
    # "uw verkoper", "je adviseur" is the organisation's own salesperson; "de verkoper" on a
    # marketplace is someone else.
    r"(?<!uw )(?<!je )(?<!jouw )(?<!your )(verkoper|seller|partner)|betreffende (organisatie|"
    r"instantie|partij|winkel|webshop)|winkel waar|webshop waar|de partij)\b",
    re.IGNORECASE,
)
# Medical complaints: symptoms, body parts, treatment (a physiotherapist's "klachten" menu).
COMPLAINT_SYMPTOM = prefilter.compile(
    r"klachten?vrij\w*|\b(aanhoudende|blijvende|terugkerende|lichamelijke|psychische|"
    r"psychosomatische|chronische|medische|acute|allergische|hevige|lichte|milde|vage|"
    r"typische|veelvoorkomende|veel voorkomende|ernstige)\s+klacht\w*|"
    r"\bklachten\s+(verminderen|verminder\w*|verlicht\w*|verdwijnen|verdwenen|afnemen|"
    r"nemen af|verergeren|verergerd|houden aan|aanhouden|blijven bestaan|na (de|het|een)|"
    r"tijdens (de|het)|aan (je|uw|de|het|jouw)\s)|"
    r"\b(huisarts|arts|dokter|specialist|fysiotherap\w*|therapeut\w*|medicijn\w*|medicatie|"
    r"symptom\w*|symptoom|\b\w*pijn\w*|migraine|ontsteking\w*|allergie\w*|blessure\w*|"
    r"gewricht\w*|spier\w*|rug|nek|knie\w*|schouder\w*|heup\w*|menstruatie\w*|overgang|"
    r"zwangerschap|bevalling|vermoeidheid|duizeligheid|misselijkheid|benauwdheid|hoest|koorts|"
    r"stress|burn-?out|slapeloosheid|vaccin\w*|operatie|ingreep|griep|infectie\w*|covid|"
    r"symptoms?|pain|doctor|physician|medication)\b|"
    r"\b(rug|nek|maag|darm|overgangs|hart|long|huid|spier|gewrichts|knie|schouder|hoofd|voet|"
    r"hand|pols|heup|bekken|buik|blaas|luchtweg|allergie|stress|slaap|menstruatie)klacht\w*",
    re.IGNORECASE,
)
# Reports about complaints: numbers rising or falling, research, a first-person review.
COMPLAINT_REPORT = prefilter.compile(
    r"\b(aantal|meer|minder|honderden|duizenden|record(aantal)?)\s+klachten\b|"
    r"klachten\s+(nemen|namen|zijn)\s+(toe|af|gestegen|gedaald)|"
    r"\b(nemen|namen|neemt|nam)\s+(flink\s+|sterk\s+|fors\s+)?(toe|af)\b|"
    r"\b(stijg\w*|steeg|gestegen|daal\w*|gedaald|toegenomen|afgenomen|verdubbel\w*|"
    r"jaarverslag)\b|"
    r"\b(ik had|had ik|ik heb gehad|wij hadden|we hadden)\b[^.!?]{0,40}\bklacht|"
    r"\bmijn klacht\w*\s+(was|werd|is|zijn|werden)\b|"
    r"\b(review|recensie|beoordeling|sterren|stars)\b",
    re.IGNORECASE,
)
TERMS_AND_CONDITIONS_PAGE = prefilter.compile(
    r"voorwaarden|\bterms\b|conditions|\bav\b|leveringsvoorwaarden|\btos\b", re.IGNORECASE
)
# Privacy and cookie statements: their complaint route is about data protection (the AP).
PRIVACY_PAGE = prefilter.compile(
    r"privacy|cookie|gegevensbescherming|persoonsgegevens|\bavg\b|\bgdpr\b|data protection",
    re.IGNORECASE,
)
# A privacy statement (GR601): where a site explains what it does with personal data.
PRIVACY_STATEMENT = prefilter.compile(
    r"privacy|gegevensbescherming|persoonsgegevens|\bavg\b|\bgdpr\b|data protection",
    re.IGNORECASE,
)
# News, blogs and press releases: what they mention is not the organisation's own procedure.
NEWS_OR_BLOG_PAGE = prefilter.compile(
    r"(^|/)(nieuws|news|blog|blogs|actueel|artikel|artikelen|pers|press|persberichten|magazine|"
    r"verhalen|stories)(/|$)|^nieuws\b|^news\b",
    re.IGNORECASE,
)
COMPLAINT_ONLINE = prefilter.compile(
    r"klacht(en)?formulier|complaints? form|contactformulier|contact form|webformulier|"
    r"online formulier|digitaal formulier|formulier op (onze|de) website|"
    r"via (het|ons|dit|onderstaand|onderstaande) .{0,20}formulier|onderstaand formulier|"
    r"online .{0,20}(indienen|melden)|klacht online|"
    r"(per|via) e-?mail|e-?mail (ons|naar)|mailen naar|mail (ons|naar)|\bmailen\b|"
    r"via mijn\s?\w+|via (de|onze) (website|app)|by e-?mail|online form",
    re.IGNORECASE,
)
POSTAL_ROUTE = prefilter.compile(
    r"per brief|per post|per aangetekende|aangetekend\w*|postbus|antwoordnummer|\bbrief\b|"
    r"by post|by letter|by mail\b|registered letter",
    re.IGNORECASE,
)
# "Schriftelijk" is not "by post": in Dutch law a written notice may be sent electronically
# (BW 6:227a), so a complaint route "in writing" leaves open whether e-mail is accepted.
WRITTEN_ROUTE = prefilter.compile(r"schriftelijk\w*|in writing|written", re.IGNORECASE)
# A sentence about the customer sending a complaint somewhere, or giving the address to send it
# to; "wij laten u schriftelijk weten" is about the answer, and names no route.
COMPLAINT_FILING = prefilter.compile(
    r"indien\w*|ingediend|\bdien\w*\b[^.!?]{0,60}\bin\b|\bmeld\w*|gemeld|kenbaar|\bstuur\w*|"
    r"gestuurd|verstuur\w*|\bzend\w*|\brichten\b|gericht|\bschrijf\w*|\bsend\b|submit\w*|"
    r"lodge\w*|\bwrite\b|addressed|postbus|antwoordnummer|p\.?\s?o\.?\s?box|t\.a\.v\.",
    re.IGNORECASE,
)
PHONE_ROUTE = prefilter.compile(
    r"telefonisch|\bbel (ons|onze|de|met)|\bbellen\b|by (tele)?phone|call (us|our)",
    re.IGNORECASE,
)
# Complaint handling terms (GR503): a first reaction versus the final handling of a complaint.
TERM_ACKNOWLEDGE = prefilter.compile(
    r"ontvangstbevestiging|bevestig\w*|eerste reactie|in behandeling|aan de slag|"
    r"\bbekijken\b|\bonderzoeken\b|acknowledg\w*|first (response|reply|reaction)|look into|"
    r"investigat\w*",
    re.IGNORECASE,
)
TERM_FINAL = prefilter.compile(
    r"af(ge)?handel\w*|handel\w* .{0,40}\baf\b|\bbehandeld\b|\bbehandel(en|t)\b|inhoudelijk|"
    r"oplossing|opgelost|\bop te lossen\b|\boplossen\b|\blos(sen|t)?\b.{0,40}\bop\b|"
    r"uitsluitsel|beslis\w*|uitspraak|definitie\w*|resolv\w*|\bsolv\w*|\bhandl(e|ed|es|ing)\b|"
    r"deal(t)? with|final (answer|response|decision|reply)|standpunt|\bbesluit\b|outcome",
    re.IGNORECASE,
)
TERM_FIRST = prefilter.compile(
    r"reactie|reageren|reageert|reageer|antwoord|beantwoord\w*|\bhoor\w*|bericht|"
    r"contact met (u|je|jou) op|nemen .{0,20}contact|contact (op)?nemen|terugkoppeling|"
    r"laten (we |wij )?(u|je|jou) .{0,30}weten|terugbellen|bellen (we |wij )?(u|je) terug|"
    r"respon\w*|repl(y|ies)|answer\w*|hear (back )?from|get back|contact you|\bcontact\b|"
    r"\bbel\w*\b.{0,40}\bterug\b|\be-?mail\b|\bmail\b|schriftelijk|in writing|"
    # Flemish: "wij contacteren u binnen de 5 werkdagen"
    r"\bcontacte(?:ren|ert|erden)\b|\bgecontacteerd\b",
    re.IGNORECASE,
)
# What a terms clause says is done with a complaint, in the third person the terms use
# ("ingediende klachten worden beantwoord", "de klacht in onderling overleg op te lossen").
COMPLAINT_HANDLING = prefilter.compile(
    r"\bingediend\w*|\bbeantwoord\w*|\bbehandeld\b|\bafgehandeld\b|\bbehandeling\b|"
    r"\bop te lossen\b|\bopgelost\b|\boplossen\b|\bonderling overleg\b|\bgemeld\b|\bmelden\b|"
    r"\bin behandeling\b|\bhandled\b|\banswered\b|\bresolved\b|\bsubmitted\b",
    re.IGNORECASE,
)
# A term that binds the customer ("klachten moeten binnen 2 maanden worden ingediend").
CUSTOMER_DEADLINE = prefilter.compile(
    r"(moet|moeten|dient|dienen|must|should)\b.{0,80}\b(ingediend|gemeld|melden|indienen|"
    r"kenbaar|submitted|reported)|na (ontdekking|constatering)|niet (meer )?in behandeling|"
    r"verjaar|vervalt",
    re.IGNORECASE,
)
# Links whose target may hold a complaint procedure or a dispute body: a link named so that
# was not read (a PDF, another site) leaves GR503's and GR504's absence undecided.
COMPLAINT_PROCEDURE_LINK = prefilter.compile(
    rf"{COMPLAINT_WORDS.pattern}|klachtenregeling|klachtenprocedure", re.IGNORECASE
)
DISPUTE_DOCUMENT_LINK = prefilter.compile(
    rf"{COMPLAINT_PROCEDURE_LINK.pattern}|{TERMS_LINK.pattern}|{TERMS_URL.pattern}|geschil\w*|"
    r"\bdisputes?\b",
    re.IGNORECASE,
)
# Words that may name an outside route for a dispute the body list does not know (GR504): with
# one on the site, a missing body is not decided. "Geschil" alone often only names the court.
DISPUTE_ROUTE_HINT = prefilter.compile(
    r"ombuds\w*|commissie\w*|committee|keurmerk\w*|\b\w*(winkel|web|shop)keur\b|bemiddel\w*|mediat\w*|"
    r"arbitra\w*|\b\w*loket\b|instituut|institute|bindend advies|binding (advice|decision)|"
    r"onafhankelijke? (instantie|derde|partij|organisatie|geschil\w*)|"
    r"independent (body|party|third|organi[sz]ation)|tucht\w*|trust ?mark|\bADR\b|"
    r"buitengerechtelijk\w*|out-of-court|geschilbeslechting|dispute resolution|"
    # A sector's general conditions declared to apply (the Thuiswinkel conditions, those agreed
    # with the Consumentenbond in the SER): they come with a dispute committee of their own.
    r"(?:voorwaarden|in overleg met)\b.{0,100}?(?:thuiswinkel|consumentenbond|"
    r"sociaal[- ]economische raad|\bSER\b)|zelfreguleringsoverleg",
    re.IGNORECASE,
)
# On a public body's site committees, desks and institutes are everyday business ("commissie
# Ruimte", "Omgevingsloket"): only words for an outside complaint route may point to one.
PUBLIC_ROUTE_HINT = prefilter.compile(
    r"ombuds\w*|klachten(?:advies)?commissie|onafhankelijke? (?:instantie|derde|partij|"
    r"klachtencommissie)|independent (?:body|party)",
    re.IGNORECASE,
)
# A registration line ("Erkenningsnummer psychologencommissie: 812107263", "RIZIV-nummer") names
# who registered the practice, not where a customer can take a complaint.
REGISTRATION_LINE = prefilter.compile(
    r"\b(?:erkennings|registratie|inschrijvings|lid|visum|licentie|vergunnings|big|riziv|agb)"
    r"[- ]?(?:nummer|nr\b)|\b(?:registration|licen[cs]e|member(?:ship)?)\s+(?:number|no\b)",
    re.IGNORECASE,
)
DISPUTE_WORD = prefilter.compile(r"\bgeschil\w*|\bdisputes?\b|\bconflict\w*", re.IGNORECASE)
# A dispute sentence about the court or the law that applies: no outside body.
COURT_ONLY = prefilter.compile(
    r"rechter|rechtbank|\bcourts?\b|toepass\w* recht|recht .{0,20}van toepassing|"
    r"applicable law|governed by|jurisdiction|onderling overleg|in der minne|minnelijk\w*|"
    r"amicabl\w*|between the parties",
    re.IGNORECASE,
)
# External dispute bodies and ombudsmen (GR504, GR603): the registry is words/disputes.py.
OMBUDSMAN = prefilter.compile(r"ombuds(man|vrouw|commissie|functionaris|dienst)", re.IGNORECASE)
# Names near a legal form that belong to someone else (a dispute body), not the site owner.
NOT_OWN_NAME = prefilter.compile(r"geschil|klacht|ombuds|thuiswinkel|kifid", re.IGNORECASE)
ODR_URL = prefilter.compile(r"ec\.europa\.eu/(consumers/)?odr|webgate\.ec\.europa\.eu/odr", re.I)
ODR_TEXT = prefilter.compile(
    r"\bODR[- ]platform|online dispute resolution|platform voor online ?geschillenbeslechting|"
    r"online ?geschillenbeslechting",
    re.IGNORECASE,
)

# Own data and accounts (GR601).
ACCOUNT_LINK = prefilter.compile(
    r"^\s*(mijn\s?[\w-]+|log\s?in|inloggen|sign in|my account|klantportaal|customer portal|"
    r"account)\b|digid|mijnoverheid|eherkenning",
    re.IGNORECASE,
)
NOT_ACCOUNT_LINK = prefilter.compile(
    r"winkelwagen|winkelmand|mandje|\bcart\b|basket|verlanglijst|wishlist|favoriet|"
    r"vergelijk|mijn (mening|verhaal|buurt|gemeente)",
    re.IGNORECASE,
)
DATA_ACCESS = prefilter.compile(
    r"inzage-?\s*verzoek|\binzage-,|\brecht\s+(op|tot)\s+inzage|"
    r"\b(verzoek\w*|vragen|vraag)\s+(tot|om)\s+inzage|"
    r"inzage\s+(in|van|op)\s+(uw|je|jouw|de|alle)?\s*(eigen\s+)?(persoons)?gegevens|"
    r"(uw|je|jouw)\s+(eigen\s+)?(persoons)?gegevens\s+(\w+\s+){0,2}?(in\s*te\s+zien|inzien|zien)\b|"
    r"(persoons)?gegevens\s+(\w+\s+){0,2}?opvragen|opvragen\s+welke\s+(persoons)?gegevens|"
    r"\binzage:|right (of|to) access|(subject )?access request|see (your|the) data we hold|"
    r"request (a copy of )?(the |your )?(personal )?data we (hold|keep|process)|"
    r"inzageverzoek|inzagerecht|recht (op|van|tot) (inzage|toegang)|"
    r"inzage (in|van|tot) (uw|je|jouw)( eigen)?( persoons)?gegevens|"
    r"(uw|je|jouw) (persoons)?gegevens (in)?zien|(uw|je|jouw )?persoonsgegevens (op)?vragen|"
    r"kopie van (uw|je|jouw|de) (persoons)?gegevens|"
    r"\b(uw|je|jouw|eigen|persoons)\s*(persoons)?gegevens\b[^.!?]{0,40}"
    r"\b(in te zien|inzien|in te kijken|opvragen|op te vragen)\b|"
    r"\b(inzien|inzage)\b[^.!?]{0,40}\b((uw|je|jouw|eigen) (persoons)?gegevens|persoonsgegevens)|"
    r"right (of|to) access|(subject )?access request|see (your|the) data we hold|"
    r"access (to )?your (personal )?(data|information)|copy of (your|the personal) data",
    re.IGNORECASE,
)
# A form field that asks for personal data (GR601): a name, an address, a number, a message.
PERSONAL_FIELD = prefilter.compile(
    r"naam|name|e-?mail|adres|address|telefoon|phone|mobiel|geboorte|birth|bericht|message|"
    r"vraag|question|opmerking|comment",
    re.IGNORECASE,
)

# An overlay that asks for a password to go on: a login gate in front of a private page.
LOGIN_GATE = prefilter.compile(
    r"(?:voer|vul)\s+(?:het|je|uw)\s+wachtwoord\s+in|wachtwoord\s*:?\s*(?:\n|$)|"
    r"enter\s+(?:the|your)\s+password|password\s+(?:required|protected)|"
    r"beveiligd\s+met\s+een\s+wachtwoord|wachtwoord\s+vereist",
    re.IGNORECASE,
)
# Self-service help (GR602, GR604).
HELP_PAGE = prefilter.compile(
    r"veel[- ]?gestelde[- ]vragen|\bfaqs?\b|vraag[- ]en[- ]antwoord|vragen[- ]en[- ]antwoorden|"
    r"\bq\s?&\s?a\b|\bhelp(centrum|center|centre)?\b|\bhulp(centrum|pagina)?\b(?![- ]bij)|"
    r"kennisbank|\bsupport\b|hulp nodig",
    re.IGNORECASE,
)
# The heading of an FAQ section on a page that is not itself a help page (GR602).
FAQ_HEADING = prefilter.compile(
    r"(^|\s[&+/]\s|\sen\s|\sand\s)\W*((meest |vaak |veel ?)gestelde vragen|veelgestelde vragen|\bfaqs?\b|"
    r"vragen (en|&) antwoorden|vraag (en|&) antwoord|\bq\s?&\s?a\b|"
    r"(frequently|commonly) asked questions|(je|jouw|uw|your) vragen beantwoord|"
    r"(your )?questions answered)",
    re.IGNORECASE,
)
# A line that asks something without a question mark: a <details> summary, a heading
# ("Kan ik betalen met iDEAL", "How do I return an item").
QUESTION_START = prefilter.compile(
    r"^\W*(hoe|wat|waar|wanneer|waarom|welke?|wie|hoeveel|hoelang|kan|kun|kunt|mag|moet|"
    r"heb|hebben|heeft|is|zijn|wordt|worden|krijg|ontvang|how|what|where|when|why|which|who|"
    r"can|could|do|does|is|are|will|should|may)\b",
    re.IGNORECASE,
)
SEARCH_FIELD = prefilter.compile(
    r"^(q|query|s|zoek\w*|search\w*|trefwoord\w*|keywords?)$|zoek|search", re.IGNORECASE
)

# Who is behind the site (GR603).
KVK_NUMBER = prefilter.compile(
    r"(?:\bkvk\b|\bk\.v\.k\.?|kamer van koophandel|chamber of commerce|\bcoc\b|handelsregister)"
    r"[^\d\n]{0,40}?(\d{8}|\d{2} \d{2} \d{2} \d{2}|\d{4} \d{4})(?!\d)",
    re.IGNORECASE,
)
VAT_NUMBER = prefilter.compile(r"\bNL\s?\d{9}\s?B\s?\d{2}\b", re.IGNORECASE)
LEGAL_FORM_NAME = prefilter.compile(
    r"\b(?:[A-Z0-9][\w&'’.-]*[ \t]+){1,5}(?:B\.V\.?|N\.V\.?|V\.O\.F\.?|BV|NV|VOF)(?![\w])|"
    r"\b(?:Stichting|Co[öo]peratie(?:ve)?|Vereniging)(?:[ \t]+[A-Z0-9][\w&'’.-]*){1,5}"
)
COPYRIGHT_NAME = prefilter.compile(
    r"(?:©|\([cC]\)|[Cc]opyright)\s*(?:\d{4}(?:\s?[-–]\s?\d{4})?)?\s*"
    r"([A-Z][\w&'’.-]*(?:[ \t]+[A-Z0-9][\w&'’.-]*){0,4})"
)
STREET_ADDRESS = prefilter.compile(
    r"\b[A-Z][\wÀ-ÿ'.-]*(?:[ -][\wÀ-ÿ'.-]+){0,3}?(?:straat|laan|weg|plein|gracht|kade|singel|"
    r"dijk|park|hof|steeg|pad|dreef|markt|boulevard|plantsoen|wal|haven|dam|street|road|"
    r"avenue)\s+\d{1,5}(?:\s?-?\s?[A-Za-z]{1,2}\b|\s?-\s?\d{1,4})?"
)
POSTCODE = prefilter.compile(r"\b[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}\b(?=[\s,]+[A-Z'][A-Za-z'-]+)")

# Service wording quoted for tone review (GR604).
ERROR_PAGE_TEXT = prefilter.compile(
    r"pagina (is )?niet gevonden|page not found|(deze )?pagina bestaat niet|"
    r"er ging iets mis|something went wrong",
    re.IGNORECASE,
)
ACK_WORDING = prefilter.compile(
    r"(u|je|jij) hoort binnen|hoort (u|je) binnen|(u|je) ontvangt binnen|"
    r"(we|wij) (nemen|reageren|antwoorden|beantwoorden)\b.{0,40}\bbinnen|"
    r"bedankt voor (uw|je|jouw) (bericht|vraag|klacht|melding|reactie)|"
    r"(we|wij) (nemen|komen) .{0,30}(contact met (u|je)|bij (u|je)) (op|terug)|"
    r"you will hear from us|we will get back to you|thank you for (your )?(message|question)",
    re.IGNORECASE,
)
# Numbers of other organisations a site mentions (police, helplines): not the site's own line.
OTHER_ORGANISATION = prefilter.compile(
    r"politie|juridisch loket|fraudehelpdesk|belastingdienst|postnl|netbeheerder|alarmcentrale|"
    r"ombudsman|consumentenbond|kifid|geschillencommissie|\b112\b|alarmnummer|andere organisaties|"
    r"huisarts|slachtofferhulp|meldpunt|ACM\b|autoriteit|police|emergency services",
    re.IGNORECASE,
)
# A number labelled like this is the organisation's own contact line (preferred in evidence).
OWN_LINE = prefilter.compile(
    r"klantenservice|klantcontact|contact|bel ons|bel gratis|service|customer service|support|"
    r"helpdesk|informatie|vragen",
    re.IGNORECASE,
)
# Mailboxes for something other than customers' questions (privacy officer, jobs, press, invoices).
NOT_CUSTOMER_MAILBOX = prefilter.compile(
    r"^(privacy|fg|avg|gdpr|dpo|functionarisgegevensbescherming|jobs?|vacatures?|werkenbij|"
    r"careers?|recruitment|sollicitaties?|pers|press|media|factu\w*|invoices?|crediteuren|"
    r"debiteuren|administratie|inkoop|abuse|security|webmaster|postmaster)[-_.+]?[\w.-]*@",
    re.IGNORECASE,
)
# A route to one's own data outside a public body's site (GR601): DigiD, MijnOverheid, a
# "Mijn gemeente" portal, eHerkenning.
PUBLIC_DATA_ROUTE = prefilter.compile(
    r"\bdigid\b|mijn\s?overheid|mijn\.overheid\.nl|eherkenning|mijn\s+gemeente|"
    r"persoonlijke\s+internetpagina",
    re.IGNORECASE,
)
# How municipalities name their self-service pages (GR602).
MUNICIPAL_SELF_SERVICE = prefilter.compile(
    r"onderwerpen|producten( en diensten)?|direct regelen|\bik wil\b|online regelen|"
    r"digitaal loket|e-?loket|regel het online",
    re.IGNORECASE,
)
# Form fields asking for data a customer question rarely needs (GR406).
SENSITIVE_FIELD = prefilter.compile(
    r"geboorte|birth|\bbsn\b|burgerservice|sofi|iban|rekeningnummer|bank ?account|"
    r"paspoort|passport|identiteit|id-?kaart|rijbewijs",
    re.IGNORECASE,
)

# --- journeys: the shop, checkout and login words they click by or read ---
# Links to the cart and to the checkout: journeys follow them, profiles count them as shop signs.
CART_LINK = prefilter.compile(
    r"winkelwagen|winkelmand|mandje|\bcart\b|basket|/cart|/winkelwagen", re.I
)
CHECKOUT_LINK = prefilter.compile(
    r"afrekenen|naar (de )?kassa|checkout|check-out|verder (naar|met) bestellen|"
    r"doorgaan naar (bestellen|afrekenen)|bestelling afronden|proceed to checkout|/checkout|/kassa",
    re.IGNORECASE,
)
# What a cart page or a cart link says of its contents: empty, or a number of items.
_CART = (
    r"(?:winkel(?:wagen|wagentje|mand(?:je)?)|mandje|boodschappenmand|cart|basket|shopping bag|bag)"
)
CART_EMPTY = prefilter.compile(
    rf"{_CART}\s+(?:is\s+)?(?:nog\s+|momenteel\s+|currently\s+|still\s+)?(?:leeg|empty)\b|"
    rf"(?:geen|no)\s+(?:artikelen|producten|items|products)\s+(?:in|to)\s+(?:je|jouw|uw|your)\s+{_CART}|"
    rf"(?:je|jouw|uw|your)\s+{_CART}\s+(?:bevat|contains)\s+(?:geen|no)\s+",
    re.IGNORECASE,
)
CART_ITEMS = prefilter.compile(
    r"\b(\d{1,3})\s+(?:artikel(?:en)?|product(?:en)?|items?|stuks?)\b", re.IGNORECASE
)
# A cart link's count: "Winkelwagen (1)", "Winkelmand 2", "Cart: 3" (a price is no count).
CART_LINK_COUNT = prefilter.compile(
    rf"{_CART}\D{{0,3}}?\(?(\d{{1,3}})\)?(?![\d,.:€])", re.IGNORECASE
)
# A message that the product went into the cart.
ADDED_TO_CART = prefilter.compile(
    rf"\btoegevoegd\b|\badded\b|\bin\s+(?:je|jouw|uw|de|het)\s+{_CART}\s+(?:gelegd|geplaatst)",
    re.IGNORECASE,
)
# Never clicked: these place or pay for an order.
ORDER_BUTTON = prefilter.compile(
    r"bestelling plaatsen|plaats bestelling|betalen|nu betalen|betaal|place order|pay now|"
    r"bestellen en betalen|order now|bevestig bestelling|koop nu en betaal",
    re.IGNORECASE,
)
ACCOUNT_FORCED = prefilter.compile(
    r"(maak|creëer|creeer) (eerst )?een account aan om (te bestellen|verder te gaan)|"
    r"log (eerst )?in om (te bestellen|verder te gaan|af te rekenen)|account (is )?verplicht|"
    r"registreer (je|u) om te bestellen|must (create an account|log in|sign in) to|"
    r"alleen (voor )?(geregistreerde|ingelogde) klanten|login required to checkout",
    re.IGNORECASE,
)
ADDRESS_FIELDS = prefilter.compile(r"postcode|zip|straat|street|huisnummer|adres|address", re.I)
LOGIN_LINK = prefilter.compile(
    r"^\s*(inloggen|log ?in|aanmelden|mijn account|sign ?in|mijn \w+)\s*$", re.I
)

# --- what follows a request, and whether there is a running contract at all ---
# GR201 for service providers: what happens after a request, booking or sign-up.
REQUEST_FOLLOWUP = prefilter.compile(
    r"\b(na|zodra|nadat|als)\s+(\w+\s+){0,3}?(ontvangst|ontvangen)\s+(\w+\s+){0,3}?"
    r"(aanvraag|aanmelding|reservering|boeking|verzoek|bericht|inschrijving|opdracht)|"
    r"\b(wij|we|ik)\s+(\w+\s+){0,6}?(nemen|neem)\s+(\w+\s+){0,4}?contact\s+(\w+\s+){0,3}?op\b|"
    r"\b((je|u|jij)\s+(ontvangt|krijgt)|(ontvang|krijg)\s+(je|jij)|(ontvangt|krijgt)\s+u)\s+"
    r"(\w+\s+){0,5}?(\w*bevestiging|offerte|uitnodiging|"
    r"intakeformulier|afspraak|voorstel|planning|factuur|advies)\b|"
    r"\b(is|wordt)\s+definitief\s+(zodra|als|na)\b|"
    r"\b(we|wij|i)\s+(will|'ll)\s+(contact|call|e-?mail|get back to)\s+you\b|"
    r"\byou(\s+will|'ll)\s+receive\s+(\w+\s+){0,3}?(confirmation|quote|invitation|proposal)",
    re.IGNORECASE,
)
# Numbered steps of a process ("Stap 1 … Stap 2", "Step 2"): a page that walks through it.
PROCESS_STEP = prefilter.compile(r"\b(stap|step|fase)\s*([1-9])\b", re.IGNORECASE)
# A subscription or contract that runs on: GR404 applies only where the site offers one.
RUNNING_CONTRACT = prefilter.compile(
    r"\babonnement\w*|\blidmaatschap\w*|\bopzegtermijn\w*|\blooptijd\b|"
    r"\bvoor\s+(on)?bepaalde\s+tijd\b|stilzwijgend\w*\s+verlengd|\bverleng\w*\s+automatisch|"
    r"\b(jaar|maand|onderhouds|service|energie|huur|lease|leverings)contract\w*|"
    r"\b(energie|stroom|gas)leverancier|\b(verzekering|polis)\s+(\w+\s+){0,2}?(afsluiten|sluit)\b|"
    r"\bsluit\s+(\w+\s+){0,3}?(verzekering|polis|abonnement|contract)\w*\s+af\b|"
    r"(€|eur\b|euro)\s*\d[\d.,]*\s*(,-\s*)?(per|p/|/|\bpm\b)\s*(maand|mnd|m\b|jaar|kwartaal)|"
    r"\d[\d.,]*\s*(€|eur\b|euro)\s*(per|p/|/)\s*(maand|mnd|jaar|kwartaal)\b|"
    r"\bmaandelijks\s+(opzegbaar|betalen|bedrag|abonnement|kosten)|"
    r"\bsubscription\w*|\bmembership\w*|\bper\s+month\b|\bmonthly\s+(plan|fee)\b",
    re.IGNORECASE,
)
# A login for the site's own staff, not for customers (GR109 leaves it out).
STAFF_LOGIN = prefilter.compile(
    r"/(wp-admin|wp-login|admin|administrator|beheer|backoffice|back-office|cms|dashboard|"
    r"staff|intranet|medewerkers?)(\b|/|\.|$)|"
    r"\b(admin|beheerder|beheer|back-?office|cms|intranet|medewerkers?)[\s-]*(login|inloggen|"
    r"paneel|panel|omgeving|portaal)\b|\b(login|inloggen)\s+(voor\s+)?(beheerders?|admins?|"
    r"medewerkers|personeel|staff)\b|\bstaff (login|only)\b",
    re.IGNORECASE,
)
# Words that show a site has customer accounts (GR110: without them every order is a guest's).
ACCOUNT_WORDS = prefilter.compile(
    r"\bmijn\s+(account|gegevens|bestellingen|profiel|omgeving)\b|\binloggen\b|\blog\s?in\b|"
    r"\baccount\s+(aanmaken|maken|registreren)\b|\bregistreer\b|\bwachtwoord\b|"
    r"\bmy account\b|\bsign (in|up)\b|\bcreate (an )?account\b|\bpassword\b",
    re.IGNORECASE,
)
# A contract concluded on the site itself (GR402: the withdrawal function is for those).
# The button that places an order at the end of a checkout (GR110).
ORDER_SUBMIT = prefilter.compile(
    r"\bbestelling\s+(?:bevestigen|plaatsen|afronden|afrekenen|versturen)\b|"
    r"\b(?:nu\s+)?(?:bestellen|afrekenen)\b|\b(?:bevestigen|doorgaan)\s+en\s+betalen\b|"
    r"\b(?:place|confirm|complete|submit)\s+(?:your\s+)?order\b|\bcommande[rz]?\b|\bbestel\b",
    re.IGNORECASE,
)
ONLINE_CONTRACT = prefilter.compile(
    r"\b(bestel|bestellen|bestelling plaatsen|afrekenen|afsluiten|abonneren|abonnement afsluiten|"
    r"word klant|klant worden|overstappen|aanmelden als klant|reserveer|reserveren|reservering|"
    r"boek nu|boeken|inschrijven|schrijf (je|u) in|koop nu|in winkelwagen|order now|book now|"
    r"sign up|subscribe|checkout|buy now|contract (online )?(sluiten|afsluiten))\b",
    re.IGNORECASE,
)
# A healthcare provider: treatment is exempt from the right of withdrawal (Richtlijn 2011/83/EU
# art. 3 lid 3 onder b).
HEALTHCARE_PROVIDER = prefilter.compile(
    r"\b(fysiotherap\w*|kinesitherap\w*|kinesist\w*|huisarts\w*|huisartsenpraktijk|tandarts\w*|"
    r"mondhygiën\w*|psycholo(og|gen|gische praktijk)|psychotherap\w*|logopedi\w*|"
    r"ergotherap\w*|diëtist\w*|podotherap\w*|verloskund\w*|osteopa\w*|manueel therapeut|"
    r"big-?(registratie|geregistreerd|nummer)|agb-?code|riziv|zorgverlener|praktijk voor)\b",
    re.IGNORECASE,
)
# Addresses that stand for "your address here" (RFC 2606 example domains, 'jouwnaam@…'): a
# form's sample or a profile mock-up, never an address a customer can write to.
PLACEHOLDER_EMAIL = prefilter.compile(
    r"^(jouwnaam|uwnaam|jenaam|yourname|your\.name|yourname|naam|name|voornaam|"
    r"voornaam\.achternaam|firstname\.lastname|jouw\.naam|jouwemail|youremail|"
    r"your-?email|emailadres|e-?mailadres|mijnnaam|john\.?doe|jan\.?jansen)@|"
    r"@(example\.(com|org|net)|voorbeeld\.(nl|be)|"
    r"(jouw|uw|your|mijn)?-?domein\.(nl|be)|yourdomain\.\w+|domain\.com)$",
    re.IGNORECASE,
)
# Pages whose words tell a story rather than offer a channel: news, blogs and dated archives
# ("/2012/03/brand-bij-het-gemeentehuis/"). A channel named only there is not on offer.
STORY_PAGE = prefilter.compile(
    r"/(?:nieuws|news|blog|blogs|artikel|artikelen|articles?|pers|press|agenda|events?|"
    r"evenementen|vacatures?|jobs?|careers?)(?:[/_.?#-]|$)|/(?:19|20)\d\d/(?:\d\d/)?",
    re.IGNORECASE,
)
# A town hall is a counter for a municipality's own residents, a place name on other sites.
MUNICIPAL_VISIT_WORDS = prefilter.compile(
    r"\b(stadhuis|gemeentehuis|stadskantoor)\b", re.IGNORECASE
)
