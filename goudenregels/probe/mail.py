"""E-mail: sending the probe's question over SMTP and reading the replies over IMAP."""

from __future__ import annotations

import contextlib
import email
import email.policy
import imaplib
import re
import smtplib
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr, parsedate_to_datetime
from typing import Any

from goudenregels.errors import UsageError
from goudenregels.probe.common import ProbeError, now_utc, one_line, question
from goudenregels.probe.settings import MailSettings, env_name
from goudenregels.worktime import AMSTERDAM

NETWORK_TIMEOUT = 30.0
# The mailbox is searched from the day before the oldest open probe, and at most this many of
# the newest messages are read: a busy mailbox keeps a status check bounded.
MAX_MESSAGES = 5000
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


# -- sending ---------------------------------------------------------------------------------------


def build_email(
    settings: MailSettings,
    to: str,
    token: str,
    subject: str | None = None,
    when: datetime | None = None,
) -> EmailMessage:
    name = settings.from_name if settings.smtp_from else "(GOUDENREGELS_SMTP_FROM)"
    subject_line, body = question(token, name, subject)
    msg = EmailMessage()
    msg["From"] = settings.smtp_from or "auditor@example.invalid"
    msg["To"] = to
    msg["Subject"] = subject_line
    msg["Date"] = format_datetime((when or now_utc()).astimezone(AMSTERDAM))
    domain = (settings.from_address.rsplit("@", 1)[-1] if settings.smtp_from else "") or "localhost"
    msg["Message-ID"] = make_msgid(idstring=token.lower(), domain=domain)
    # No Auto-Submitted header on purpose: RFC 3834 autoresponders stay silent for automated
    # mail, and the acknowledgement is part of what is measured.
    msg.set_content(body)
    return msg


def send_email(settings: MailSettings, msg: EmailMessage) -> None:
    """Send over SMTP (STARTTLS, SSL or plain as configured); errors become one line."""
    host, port, security = settings.smtp_host, settings.port("smtp"), settings.smtp_security
    context = ssl.create_default_context()
    try:
        if security == "ssl":
            conn: smtplib.SMTP = smtplib.SMTP_SSL(
                host, port, timeout=NETWORK_TIMEOUT, context=context
            )
        else:
            conn = smtplib.SMTP(host, port, timeout=NETWORK_TIMEOUT)
        with conn:
            conn.ehlo()
            if security == "starttls":
                conn.starttls(context=context)
                conn.ehlo()
            if settings.smtp_user:
                conn.login(settings.smtp_user, settings.smtp_password)
            refused = conn.send_message(msg, from_addr=settings.from_address)
    except smtplib.SMTPAuthenticationError:
        raise UsageError(
            f"the SMTP server {host}:{port} refused the login of '{settings.smtp_user}' (check "
            f"{env_name('smtp_user')} and {env_name('smtp_password')})"
        ) from None
    except smtplib.SMTPNotSupportedError as exc:
        raise ProbeError(f"the SMTP server {host}:{port}: {one_line(exc)}") from None
    except smtplib.SMTPRecipientsRefused:
        raise ProbeError(
            f"the SMTP server {host}:{port} refused the recipient {msg['To']}"
        ) from None
    except (smtplib.SMTPException, OSError) as exc:
        raise ProbeError(f"could not send through {host}:{port}: {one_line(exc)}") from None
    if refused:
        raise ProbeError(f"the SMTP server {host}:{port} refused {', '.join(refused)}")


# -- reading the mailbox ---------------------------------------------------------------------------


@dataclass
class Reply:
    """One message in the auditor's mailbox, reduced to what matching and timing need."""

    uid: str
    message_id: str
    in_reply_to: str
    references: str
    subject: str
    sender: str
    date: datetime
    text: str
    auto: bool = False
    bulk: bool = False


def _imap_date(moment: datetime) -> str:
    # IMAP wants English month names whatever the locale.
    return f"{moment.day:02d}-{MONTHS[moment.month - 1].title()}-{moment.year}"


def _html_text(html: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    # The quoted original in HTML replies: Gmail, Apple Mail, Outlook.
    for tag in soup.select(
        "blockquote, .gmail_quote, #divRplyFwdMsg, #appendonsend, [type=cite], style, script, head"
    ):
        tag.decompose()
    for br in soup.find_all(["br", "p", "div", "tr", "li"]):
        br.insert_after("\n")
    return soup.get_text()


def _body_text(msg: email.message.EmailMessage) -> str:
    try:
        part = msg.get_body(preferencelist=("plain", "html"))
        if part is None:
            return ""
        content = part.get_content()
    except Exception:  # any mail can arrive: an odd charset or MIME tree must not stop status
        payload = msg.get_payload(decode=True) if not msg.is_multipart() else b""
        content = (payload or b"").decode("utf-8", "replace")
        part = msg
    if isinstance(content, bytes):
        content = content.decode("utf-8", "replace")
    return _html_text(content) if part.get_content_subtype() == "html" else str(content)


def parse_reply(raw: bytes, uid: str = "", arrived: datetime | None = None) -> Reply:
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(msg, email.message.EmailMessage)

    def header(name: str) -> str:
        try:
            return str(msg.get(name, "") or "")
        except (ValueError, IndexError, TypeError):  # a malformed header is an empty one
            return ""

    sender = parseaddr(header("From"))[1].lower()
    date = None
    try:
        date = parsedate_to_datetime(header("Date")) if header("Date") else None
    except (TypeError, ValueError):
        date = None
    if date is not None and date.tzinfo is None:
        date = date.replace(tzinfo=UTC)  # "-0000": the sender did not know its zone
    auto = (
        header("Auto-Submitted").lower().startswith("auto-")
        or bool(header("X-Autoreply") or header("X-Autorespond"))
        or header("Precedence").lower() == "auto_reply"
    )
    bulk = bool(header("List-Id") or header("List-Unsubscribe")) or header(
        "Precedence"
    ).lower() in ("bulk", "list")
    return Reply(
        uid=uid,
        message_id=header("Message-ID").strip(),
        in_reply_to=header("In-Reply-To"),
        references=header("References"),
        subject=header("Subject"),
        sender=sender,
        date=date or arrived or now_utc(),
        text=_body_text(msg),
        auto=auto,
        bulk=bulk,
    )


def _quote_mailbox(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def fetch_replies(settings: MailSettings, since: datetime) -> list[Reply]:
    """Messages in the auditor's folder that arrived on or after ``since`` (read-only, unseen kept)."""
    host, port, security = settings.imap_host, settings.port("imap"), settings.imap_security
    context = ssl.create_default_context()
    try:
        if security == "ssl":
            conn: imaplib.IMAP4 = imaplib.IMAP4_SSL(
                host, port, ssl_context=context, timeout=NETWORK_TIMEOUT
            )
        else:
            conn = imaplib.IMAP4(host, port, timeout=NETWORK_TIMEOUT)
            if security == "starttls":
                conn.starttls(ssl_context=context)
    except (imaplib.IMAP4.error, OSError) as exc:
        raise ProbeError(f"cannot reach the mailbox at {host}:{port}: {one_line(exc)}") from None
    try:
        try:
            conn.login(settings.imap_user, settings.imap_password)
        except imaplib.IMAP4.error:
            raise UsageError(
                f"the IMAP server {host}:{port} refused the login of '{settings.imap_user}' "
                f"(check {env_name('imap_user')} and {env_name('imap_password')})"
            ) from None
        # Read-only: reading the replies must not mark them as read for the auditor.
        typ, _ = conn.select(_quote_mailbox(settings.imap_folder), readonly=True)
        if typ != "OK":
            raise UsageError(
                f"no folder '{settings.imap_folder}' in the mailbox (check {env_name('imap_folder')})"
            )
        try:
            typ, data = conn.uid("SEARCH", "SINCE", _imap_date(since.astimezone(AMSTERDAM)))
        except imaplib.IMAP4.error:
            typ = "NO"
        if typ != "OK":  # a server that cannot search by date: read the whole folder
            typ, data = conn.uid("SEARCH", "ALL")
        uids = (data[0] or b"").split() if typ == "OK" and data else []
        uids = uids[-MAX_MESSAGES:]
        replies: list[Reply] = []
        for start in range(0, len(uids), 100):
            chunk = b",".join(uids[start : start + 100]).decode()
            typ, data = conn.uid("FETCH", chunk, "(INTERNALDATE BODY.PEEK[])")
            if typ != "OK":
                raise ProbeError(f"the IMAP server {host}:{port} would not return messages")
            replies += _parse_fetch(data)
        return replies
    except (imaplib.IMAP4.error, OSError) as exc:
        raise ProbeError(f"reading the mailbox at {host}:{port} failed: {one_line(exc)}") from None
    finally:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            conn.logout()


_INTERNALDATE = re.compile(
    rb'INTERNALDATE "\s?(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)"'
)


def _internaldate(meta: bytes) -> datetime | None:
    # Parsed here rather than with imaplib.Internaldate2tuple, which answers in local time.
    m = _INTERNALDATE.search(meta)
    if not m or m.group(2).decode().lower() not in MONTHS:
        return None
    day, mon, year, hh, mm, ss, sign, zh, zm = (g.decode() for g in m.groups())
    offset = timedelta(hours=int(zh), minutes=int(zm)) * (-1 if sign == "-" else 1)
    return datetime(
        int(year),
        MONTHS.index(mon.lower()) + 1,
        int(day),
        int(hh),
        int(mm),
        int(ss),
        tzinfo=timezone(offset),
    )


def _parse_fetch(data: list[Any]) -> list[Reply]:
    """imaplib's FETCH answer: (envelope, literal) tuples, the rest of each in the bytes after."""
    out: list[Reply] = []
    pending: tuple[bytes, bytes] | None = None
    trailers: list[bytes] = []

    def flush() -> None:
        if pending is None:
            return
        meta = pending[0] + b" " + b" ".join(trailers)
        uid = re.search(rb"UID (\d+)", meta)
        out.append(
            parse_reply(pending[1], uid.group(1).decode() if uid else "", _internaldate(meta))
        )

    for item in data:
        if isinstance(item, tuple):
            flush()
            pending, trailers = (item[0], item[1]), []
        elif isinstance(item, bytes) and pending is not None:
            trailers.append(item)
    flush()
    return out
