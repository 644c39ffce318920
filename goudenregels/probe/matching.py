"""Replies to probes: which reply belongs to which probe, bare acknowledgements, timing."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from goudenregels.probe.common import iso, question, site_of
from goudenregels.probe.mail import Reply, fetch_replies
from goudenregels.probe.settings import MailSettings, require_imap
from goudenregels.words.channels import channel as find_channel
from goudenregels.words.vocab import NOREPLY_LOCAL
from goudenregels.worktime import WorkingHours, judge, parse_moment

OPEN_STATUSES = ("sent", "acknowledged")

# -- is it a bare acknowledgement? --------------------------------------------------------------

_QUOTE_START = [
    re.compile(r"^\s*(op|on)\b.{0,200}\b(schreef|wrote|geschreven)\b", re.I),
    re.compile(
        r"^\s*-{2,}\s*(original message|oorspronkelijk bericht|origineel bericht|"
        r"forwarded message|doorgestuurd bericht)",
        re.I,
    ),
    re.compile(r"^\s*_{10,}\s*$"),
]
_HEADER_LINE = re.compile(r"^\s*(verzonden|sent|datum|date|aan|to|onderwerp|subject)\s*:", re.I)
_FROM_LINE = re.compile(r"^\s*(van|from)\s*:\s*\S", re.I)
_CLOSING = re.compile(
    r"^\s*((met\s+)?(vriendelijke|hartelijke|beste|warme|zonnige)\s+groet(en)?|mvg|"
    r"groet(en|jes)?|(kind|best|warm|many thanks and)\s+regards|regards|(yours\s+)?sincerely|"
    r"cheers)\b",
    re.I,
)
# Sentences a bare acknowledgement is made of, in Dutch and English: receipt, a term, "this is
# automatic", a ticket number, a pointer to the FAQ, busy times, greetings.
ACK_PHRASES = re.compile(
    "|".join(
        [
            # receipt and thanks
            r"\b(hebben|heeft|hebben wij|hebben we)\b.{0,60}\bontvangen\b",
            r"\b(is|zijn)\s+(in goede orde\s+|goed\s+)?(door ons\s+)?ontvangen\b",
            r"\bontvangstbevestiging\b",
            r"\b(bedankt|dank|hartelijk dank|dank je wel|dank u wel)\s+(je\s+|u\s+)?(wel\s+)?voor\b",
            r"\b(thank you|thanks)\b",
            r"\b(we|we've|we have|we did|has|have been)\b.{0,30}\breceived\b",
            # a term or a promise to come back
            r"\b(binnen|uiterlijk|na)\s+(\d+|een|één|twee|drie|vier|vijf|zes|zeven|acht|tien|"
            r"veertien|enkele|een aantal|\d+\s*[-–]\s*\d+)\s+(werk)?(dagen|dag|uur|uren|weken|week)\b",
            r"\bzo (snel|spoedig) (als )?mogelijk\b",
            r"\b(hoort|ontvangt|krijgt)\s+(u|je|jij)\b.{0,60}\b(van ons|reactie|antwoord|bericht)",
            r"\b(nemen|neemt)\b.{0,40}\bcontact\b",
            r"\b(komen|komt)\b.{0,40}\bop terug\b",
            r"\b(in behandeling|op volgorde van binnenkomst|behandelen (wij|we) (uw|je))\b",
            r"\b(we will|we'll|we aim to|we try to|we strive to|we endeavour to|someone will)\b"
            r".{0,50}\b(get back|respond|reply|answer|contact|be in touch|help)\b",
            r"\bget back to you\b",
            r"\bwithin\s+(\d+|one|two|three|four|five|a few|several)\s+(business\s+|working\s+)?"
            r"(days?|hours?|weeks?)\b",
            r"\bas soon as (possible|we can)\b",
            # automatic, do not reply, references
            r"\bautomatisch(e)?\b",
            r"\b(niet|geen)\b.{0,30}\b(beantwoorden|reageren|antwoorden|beantwoord|gelezen)\b",
            r"\b(ticket|referentie|dossier|zaak|klant|aanvraag|melding|vraag)\s?(nummer|-?id)\b",
            r"\bkenmerk\b",
            r"\bautomat(ed|ic|ically)\b",
            r"\b(do not|don't|please do not|cannot|can't) (reply|respond)\b",
            r"\b(ticket|reference|case|request)\s*(number|id|no\.?|#)",
            r"\b(auto-?reply|out of (the )?office|afwezig)\b",
            # pointers elsewhere and busy times
            r"\b(veel ?gestelde vragen|faq|klantenservicepagina|helpcentrum|help ?cent(er|re)|"
            r"kennisbank|knowledge base)\b",
            r"\b(in de tussentijd|in the meantime|onze website|our website)\b",
            r"\b(drukte|drukker dan|wachttijd|langer dan (normaal|gebruikelijk)|higher than usual|"
            r"busier than usual)\b",
            r"\b(ons|onze|our) (uiterste )?best\b",
            r"\b(helpen|help) (u|je|you) graag\b|\bhappy to help\b",
        ]
    ),
    re.I,
)
_GREETING = re.compile(
    r"^(beste|geachte|hallo|hoi|dag|goedendag|goedemorgen|goedemiddag|goedenavond|dear|hello|hi)"
    r"\b[^.!?]{0,60}[,!.]?$",
    re.I,
)
_WORD = re.compile(r"\w{2,}|\d")
# Fewer content words than this, after the acknowledgement's own sentences, is no answer: enough
# for "Wij zijn open van maandag tot en met vrijdag van 9 tot 17 uur" (11), not for a "Graag gedaan".
BARE_MAX_WORDS = 8


def reply_text(text: str) -> str:
    """A reply's own words: without the quoted original and without the signature."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped in ("--", "-- ") or line.rstrip("\n") == "-- ":
            break
        if any(p.search(line) for p in _QUOTE_START):
            break
        if _FROM_LINE.search(line) and any(_HEADER_LINE.search(x) for x in lines[i + 1 : i + 5]):
            break
        if _CLOSING.search(line):
            break
        if stripped.startswith(">"):
            continue
        kept.append(line)
    return "\n".join(kept).strip()


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" .,:;!?-").lower()


def ack_analysis(
    text: str, auto: bool = False, echo_text: str = "", echo_marks: Iterable[str] = ()
) -> dict[str, Any]:
    """Why a reply is (not) a bare acknowledgement: phrases recognised and words left over.

    Bare means: at least one acknowledgement phrase (or an Auto-Submitted header) and fewer than
    BARE_MAX_WORDS words outside the acknowledgement's own sentences, the greeting and the echo
    of our own question. The echo matters for forms: many send "a copy of your message", whose
    words are ours, not an answer. ``echo_text`` is our question (a sentence of three or more
    words found in it is ours); a sentence with one of ``echo_marks`` (our address, the
    reference) is too.
    """
    own = reply_text(text)
    blob = _norm(echo_text)
    marks = [m.lower() for m in echo_marks if m]
    hits, echoed, rest = 0, 0, []
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", own):
        sentence = sentence.strip()
        norm = _norm(sentence)
        if not norm:
            continue
        if any(m in norm for m in marks) or (blob and len(norm.split()) >= 3 and norm in blob):
            echoed += 1
        elif ACK_PHRASES.search(sentence):
            hits += 1
        elif not _GREETING.match(sentence):
            rest.append(sentence)
    words = sum(len(_WORD.findall(s)) for s in rest)
    bare = (hits > 0 or auto) and words < BARE_MAX_WORDS
    return {
        "bare": bare,
        "ack_phrases": hits,
        "echoed_sentences": echoed,
        "content_words": words,
        "auto": auto,
    }


def is_bare_ack(text: str, auto: bool = False) -> bool:
    return bool(ack_analysis(text, auto)["bare"])


def is_noreply(address: str) -> bool:
    return bool(address) and bool(NOREPLY_LOCAL.match(address))


# -- matching replies to probes -----------------------------------------------------------------


def _ids(value: str) -> set[str]:
    return set(re.findall(r"<[^<>\s]+>", value or ""))


def match_replies(
    probes: list[dict[str, Any]], replies: list[Reply], own_addresses: Iterable[str] = ()
) -> dict[int, list[tuple[Reply, str]]]:
    """Each open probe's replies (oldest first) with how they were matched.

    By thread (In-Reply-To/References name the probe's Message-ID), else by its reference token
    in the subject or text. A form probe's reply may carry neither (a ticket system that starts
    a new thread): then a personal (not bulk) message from the probe's site after it was sent is
    taken, but only when exactly one open form probe waits for that site.
    """
    own = {a.lower() for a in own_addresses if a}
    own_ids = {p["message_id"] for p in probes if p.get("message_id")}
    out: dict[int, list[tuple[Reply, str]]] = {p["id"]: [] for p in probes}
    claimed: set[int] = set()
    candidates = [r for r in replies if r.sender not in own and r.message_id not in own_ids]
    for n, reply in enumerate(candidates):
        threads = _ids(reply.in_reply_to) | _ids(reply.references)
        haystack = f"{reply.subject}\n{reply.text}".upper()
        for probe in probes:
            sent = parse_moment(probe["sent_at"])
            if reply.date < sent - timedelta(minutes=10):
                continue  # older than the question: cannot be its answer
            if probe.get("message_id") and probe["message_id"] in threads:
                out[probe["id"]].append((reply, "thread"))
            elif probe["token"].upper() in haystack:
                out[probe["id"]].append((reply, "reference"))
            else:
                continue
            claimed.add(n)
            break
    form_sites: dict[str, list[dict[str, Any]]] = {}
    for probe in probes:
        if probe["kind"] == "form":
            form_sites.setdefault(probe["site"], []).append(probe)
    for n, reply in enumerate(candidates):
        if n in claimed or reply.bulk or "@" not in reply.sender:
            continue
        waiting = form_sites.get(site_of(reply.sender), [])
        if len(waiting) == 1 and reply.date >= parse_moment(waiting[0]["sent_at"]):
            out[waiting[0]["id"]].append((reply, "sender domain"))
    for items in out.values():
        items.sort(key=lambda pair: pair[0].date)
    return out


def apply_replies(store: Any, probe: dict[str, Any], matched: list[tuple[Reply, str]]) -> list[str]:
    """Record what the replies tell about a probe: its measurements and its row, together."""
    # One transaction: a crash can never leave a measurement without its probe update.
    with store.transaction():
        return _apply_replies(store, probe, matched)


def _apply_replies(
    store: Any, probe: dict[str, Any], matched: list[tuple[Reply, str]]
) -> list[str]:
    """Record the acknowledgement and the first real answer of one probe; return what changed.

    Idempotent: a moment already recorded is kept, so running status again adds nothing.
    """
    if not matched:
        return []
    channel = probe_channel(probe)
    sent = parse_moment(probe["sent_at"])
    data = json.loads(probe.get("data") or "{}")
    reader = _reader(probe, data, sent)
    fields: dict[str, Any] = {}
    events: list[str] = []
    if probe.get("ack_at") is None:
        events.append(_record_ack(store, probe, channel, reader, matched[0], fields, data))
    if probe.get("answer_at") is None:
        events += _record_answer(store, probe, channel, reader, matched, fields, data)
    if not fields:
        return []
    fields["status"] = (
        "answered" if (fields.get("answer_at") or probe.get("answer_at")) else "acknowledged"
    )
    fields["data"] = json.dumps(data, ensure_ascii=False)
    store.update_probe(probe["id"], **fields)
    return events


@dataclass
class _Reader:
    """How one probe's replies are read: against its own question, timed from its sending."""

    sent: datetime
    echo_text: str
    marks: list[str]

    def analyse(self, reply: Reply) -> dict[str, Any]:
        return ack_analysis(reply.text, reply.auto, self.echo_text, self.marks)

    def at(self, reply: Reply) -> datetime:
        # A reply stamped before the question (a server clock behind) counts as instant.
        return max(reply.date, self.sent)


def _reader(probe: dict[str, Any], data: dict[str, Any], sent: datetime) -> _Reader:
    name = data.get("name", "")
    echo_text = f"{probe.get('subject', '')}\n{question(probe['token'], name)[1] if name else ''}"
    marks = [probe["token"], data.get("from", ""), name if " " in name else ""]
    return _Reader(sent, echo_text, marks)


def _record_ack(
    store: Any,
    probe: dict[str, Any],
    channel: str,
    reader: _Reader,
    first: tuple[Reply, str],
    fields: dict[str, Any],
    data: dict[str, Any],
) -> str:
    """The first reply is the acknowledgement, bare or not."""
    reply, how = first
    analysis = reader.analyse(reply)
    fields.update(
        ack_at=iso(reader.at(reply)), ack_from=reply.sender, ack_bare=int(analysis["bare"])
    )
    data["ack"] = {
        "matched_by": how,
        "subject": reply.subject[:200],
        "noreply": is_noreply(reply.sender),
        **analysis,
    }
    note = [f"probe {probe['token']}"]
    if analysis["bare"]:
        note.append("bare acknowledgement")
    if is_noreply(reply.sender):
        note.append("no-reply sender")
    _store_reply(store, probe, channel, reply, how, "ack", fields["ack_at"], note)
    return f"acknowledgement from {reply.sender}"


def _record_answer(
    store: Any,
    probe: dict[str, Any],
    channel: str,
    reader: _Reader,
    matched: list[tuple[Reply, str]],
    fields: dict[str, Any],
    data: dict[str, Any],
) -> list[str]:
    """The first reply that is more than a bare acknowledgement is the answer, if one came."""
    for reply, how in matched:
        analysis = reader.analyse(reply)
        if analysis["bare"]:
            continue
        fields.update(answer_at=iso(reader.at(reply)), answer_from=reply.sender)
        data["answer"] = {"matched_by": how, "subject": reply.subject[:200], **analysis}
        note = [f"probe {probe['token']}", "first real answer"]
        _store_reply(store, probe, channel, reply, how, "answer", fields["answer_at"], note)
        return [f"answer from {reply.sender}"]
    return []


def check_mailbox(store: Any, settings: MailSettings, site: str | None = None) -> list[str]:
    """Read the mailbox once and record what arrived for the open probes; return the news."""
    probes = [p for p in store.probes(site, open_only=True) if p["status"] in OPEN_STATUSES]
    if not probes:
        return []
    require_imap(settings)
    oldest = min(parse_moment(p["sent_at"]) for p in probes)
    replies = fetch_replies(settings, oldest - timedelta(days=1))
    own = [settings.from_address, settings.imap_user if "@" in settings.imap_user else ""]
    matched = match_replies(probes, replies, own)
    news = []
    for probe in probes:
        for event in apply_replies(store, probe, matched[probe["id"]]):
            news.append(f"{probe['token']}: {event}")
    return news


def probe_channel(probe: dict[str, Any]) -> str:
    """The key of the channel a probe measures; its kind ("email", "form") names the channel."""
    found = find_channel(probe["kind"])
    if found is None:
        raise ValueError(f"probe of unknown kind {probe['kind']!r}")
    return found.key


def verdict(
    probe: dict[str, Any], hours: WorkingHours | None = None, now: datetime | None = None
) -> dict[str, Any]:
    """The probe's first real answer against its channel's norm, in working time."""
    return judge(
        probe_channel(probe),
        parse_moment(probe["sent_at"]),
        parse_moment(probe["answer_at"]) if probe.get("answer_at") else None,
        hours,
        now=now,
    )


def _store_reply(
    store: Any,
    probe: dict[str, Any],
    channel: str,
    reply: Reply,
    how: str,
    kind: str,
    at: str,
    note: list[str],
) -> None:
    """Record a reply to a probe as a measurement (the acknowledgement or the first answer)."""
    if how == "sender domain":
        note = [*note, "matched by sender domain"]
    store.add_measurement(
        probe["site"],
        channel,
        probe["sent_at"],
        at,
        kind=kind,
        source="probe",
        sender=reply.sender,
        note="; ".join(note),
    )
