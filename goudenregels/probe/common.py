"""What every probe shares: its error, its reference, the question it asks, its timestamps."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from goudenregels.errors import EXIT_SITE, GoudenregelsError

# Unambiguous characters only: a reference is read and typed by people, too.
TOKEN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

QUESTION_SUBJECT = "Vraag over openingstijden en bereikbaarheid"
# Short lines keep the message plain 7-bit text, as a person's mail client would send it.
QUESTION_BODY = """\
Goedendag,

Ik heb een vraag. Wat zijn de openingstijden van uw klantenservice, en
hoe kan ik u het snelst bereiken als ik een vraag heb over een
bestelling, een levering of een aanvraag?

Alvast bedankt voor uw antwoord.

Met vriendelijke groet,
{name}

Kenmerk: {token}
"""


class ProbeError(GoudenregelsError):
    """A probe could not be sent or its mailbox read: a server refused or was unreachable."""

    exit_code = EXIT_SITE


def one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def new_token(taken: Iterable[str] = ()) -> str:
    used = set(taken)
    while True:
        token = "GR-" + "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(6))
        if token not in used:
            return token


def site_of(value: str) -> str:
    """The history key of a site (its registrable domain), from a URL, a domain or an address."""
    from goudenregels.words.scope import site_key

    text = value.strip()
    if "@" in text and "://" not in text:
        text = text.rsplit("@", 1)[1]
    return site_key(text if "://" in text else f"https://{text}") or text


def question(token: str, name: str, subject: str | None = None) -> tuple[str, str]:
    """(subject with the reference, body): one plain, harmless customer question in Dutch."""
    subject = (subject or QUESTION_SUBJECT).strip()
    if token not in subject:
        subject = f"{subject} [ref {token}]"
    return subject, QUESTION_BODY.format(name=name, token=token)


def now_utc() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def record_probe(store: Any, **fields: Any) -> int:
    data = fields.pop("data", {})
    return store.add_probe(status="sent", data=json.dumps(data, ensure_ascii=False), **fields)
