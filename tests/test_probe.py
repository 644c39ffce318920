"""Probes against real protocol servers on 127.0.0.1: SMTP (aiosmtpd), IMAP (Twisted), HTTP."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import datetime
from email import message_from_bytes
from email.policy import default as default_policy
from email.utils import parsedate_to_datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest

from goudenregels import probe as p
from goudenregels.history import Store
from goudenregels.serve import StaticServer
from goudenregels.worktime import AMSTERDAM, WorkingHours
from tests.helpers import ROOT, SITES

PASSWORD = "s3cret-Pw-7781"  # must never show up in argv, output, the store or the message
IMAP_PASSWORD = "imap-Pw-5521"
AUDITOR = "auditor@example.nl"
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


def run_probe(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None, timeout=60):
    """Run the probe commands as a user would: ``goudenregels probe`` once it is registered."""
    from goudenregels.cli import main

    full_env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GOUDENREGELS_SMTP_", "GOUDENREGELS_IMAP_", "GOUDENREGELS_HISTORY"))
    }
    full_env.pop("GOUDENREGELS_DEBUG", None)
    full_env["COLUMNS"] = "220"  # one line per table cell value: easy to assert on
    full_env["PYTHONPATH"] = str(ROOT)
    full_env.update(env or {})
    entry = (
        ["-m", "goudenregels", "probe"]
        if "probe" in main.commands
        else ["-m", "goudenregels.probe_cli"]
    )
    argv = [sys.executable, *entry, *args]
    proc = subprocess.run(
        argv, capture_output=True, text=True, timeout=timeout, env=full_env, cwd=str(cwd or ROOT)
    )
    proc.argv = argv  # type: ignore[attr-defined]
    return proc


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def one_line_error(proc: subprocess.CompletedProcess) -> str:
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: ")
    return lines[0]


# -- SMTP -----------------------------------------------------------------------------------------


class SMTPSink:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.logins: list[str] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append(
            (envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content)
        )
        return "250 OK"

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        from aiosmtpd.smtp import AuthResult

        ok = auth_data.login == b"auditor" and auth_data.password == PASSWORD.encode()
        if ok:
            self.logins.append(auth_data.login.decode())
        return AuthResult(success=ok)


@pytest.fixture
def smtp() -> Iterator[tuple[SMTPSink, int]]:
    from aiosmtpd.controller import Controller

    sink = SMTPSink()
    port = free_port()
    controller = Controller(
        sink,
        hostname="127.0.0.1",
        port=port,
        authenticator=sink.authenticate,
        auth_required=True,
        auth_require_tls=False,  # the client only sends a password in the clear to loopback
        ready_timeout=5,
    )
    controller.start()
    try:
        yield sink, port
    finally:
        controller.stop()


def test_email_probe_sends_through_smtp(smtp, tmp_path):
    sink, port = smtp
    history = tmp_path / "history.sqlite"
    # Server and sender from the settings file, the login from the environment.
    (tmp_path / "goudenregels.toml").write_text(
        "[probe]\n"
        'smtp_host = "127.0.0.1"\n'
        f"smtp_port = {port}\n"
        f'smtp_from = "Auditor Jansen <{AUDITOR}>"\n'
        'smtp_security = "none"\n',
        encoding="utf-8",
    )
    env = {"GOUDENREGELS_SMTP_USER": "auditor", "GOUDENREGELS_SMTP_PASSWORD": PASSWORD}
    proc = run_probe(
        "--history", str(history), "email", "--to", "info@www.shop.example", env=env, cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    assert sink.logins == ["auditor"]
    assert len(sink.messages) == 1
    mail_from, rcpt, raw = sink.messages[0]
    assert mail_from == AUDITOR
    assert rcpt == ["info@www.shop.example"]
    msg = message_from_bytes(raw, policy=default_policy)
    assert msg["From"].addresses[0].addr_spec == AUDITOR
    store = Store(history)
    (row,) = store.probes()
    assert row["kind"] == "email" and row["status"] == "sent"
    assert row["target"] == "info@www.shop.example"
    assert row["site"] == "shop.example"  # the registrable domain of the address
    assert row["token"] in msg["Subject"] and f"[ref {row['token']}]" in msg["Subject"]
    assert row["token"] in msg.get_content()
    assert msg["Message-ID"] == row["message_id"] and row["message_id"].startswith("<")
    assert row["subject"] == msg["Subject"]
    assert datetime.fromisoformat(row["sent_at"]).utcoffset().total_seconds() == 0
    store.close()
    # The password travelled only through the environment.
    assert PASSWORD not in " ".join(proc.argv)
    assert PASSWORD not in proc.stdout + proc.stderr
    assert PASSWORD.encode() not in raw
    assert PASSWORD.encode() not in history.read_bytes()


def test_email_dry_run_sends_and_records_nothing(smtp, tmp_path):
    sink, port = smtp
    history = tmp_path / "history.sqlite"
    env = {
        "GOUDENREGELS_SMTP_HOST": "127.0.0.1",
        "GOUDENREGELS_SMTP_PORT": str(port),
        "GOUDENREGELS_SMTP_FROM": AUDITOR,
        "GOUDENREGELS_SMTP_SECURITY": "none",
    }
    proc = run_probe(
        "--history",
        str(history),
        "email",
        "--to",
        "info@shop.example",
        "--dry-run",
        "--subject",
        "Vraag over levering",
        env=env,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Subject: Vraag over levering [ref GR-" in proc.stdout
    assert "Message-ID: <" in proc.stdout
    assert "Goedendag" in proc.stdout
    assert sink.messages == []
    assert not history.exists()


# -- IMAP -----------------------------------------------------------------------------------------


def _imap_classes():
    from twisted.cred import checkers, portal
    from twisted.internet import defer, protocol
    from twisted.mail import imap4
    from zope.interface import implementer

    @implementer(imap4.IMessage, imap4.IMessageFile)
    class Message:
        def __init__(self, raw: bytes, uid: int) -> None:
            self.raw, self.uid = raw, uid
            self.parsed = message_from_bytes(raw)
            head, _, self.body = raw.partition(b"\r\n\r\n")

        def getUID(self):  # noqa: N802 - Twisted's interface
            return self.uid

        def getFlags(self):  # noqa: N802
            return []

        def getInternalDate(self):  # noqa: N802
            return self.parsed["Date"]

        def getHeaders(self, negate, *names):  # noqa: N802
            wanted = {n.lower() if isinstance(n, str) else n.decode().lower() for n in names}
            return {
                k.lower(): v
                for k, v in self.parsed.items()
                if not wanted or ((k.lower() in wanted) != negate)
            }

        def getBodyFile(self):  # noqa: N802
            return BytesIO(self.body)

        def getSize(self):  # noqa: N802
            return len(self.raw)

        def isMultipart(self):  # noqa: N802
            return False

        def getSubPart(self, part):  # noqa: N802
            raise TypeError("not multipart")

        def open(self):
            return BytesIO(self.raw)

    @implementer(imap4.IMailboxInfo, imap4.IMailbox, imap4.ISearchableMailbox)
    class Mailbox:
        def __init__(self) -> None:
            self.messages: list[Message] = []
            self.listeners: list[Any] = []
            self.searches: list[Any] = []

        def add(self, raw: bytes) -> None:
            self.messages.append(
                Message(raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"), len(self.messages) + 1)
            )

        def getFlags(self):  # noqa: N802
            return ["\\Seen"]

        def getHierarchicalDelimiter(self):  # noqa: N802
            return "/"

        def getUIDValidity(self):  # noqa: N802
            return 1

        def getUIDNext(self):  # noqa: N802
            return len(self.messages) + 1

        def getUID(self, message):  # noqa: N802
            return self.messages[message - 1].uid

        def getMessageCount(self):  # noqa: N802
            return len(self.messages)

        def getRecentCount(self):  # noqa: N802
            return 0

        def getUnseenCount(self):  # noqa: N802
            return len(self.messages)

        def isWriteable(self):  # noqa: N802
            return False

        def destroy(self):
            pass

        def requestStatus(self, names):  # noqa: N802
            return defer.succeed(imap4.statusRequestHelper(self, names))

        def addListener(self, listener):  # noqa: N802
            self.listeners.append(listener)

        def removeListener(self, listener):  # noqa: N802
            self.listeners.remove(listener)

        def addMessage(self, message, flags=(), date=None):  # noqa: N802
            self.add(message.read())
            return defer.succeed(len(self.messages))

        def expunge(self):
            return []

        def fetch(self, messages, uid):
            if not self.messages:
                return []
            with contextlib.suppress(ValueError):  # "*" already resolved
                messages.last = len(self.messages)  # UIDs equal sequence numbers here
            return [(n, m) for n, m in enumerate(self.messages, 1) if n in messages]

        def store(self, messages, flags, mode, uid):
            return {}

        def search(self, query, uid):
            # Twisted's own SINCE fails on Python 3 (bytes); the client's query is one key.
            self.searches.append(query)
            key = query[0].upper()
            if key == b"ALL":
                return [m.uid for m in self.messages]
            assert key == b"SINCE", query
            since = datetime.strptime(query[1].decode(), "%d-%b-%Y").date()
            return [
                m.uid
                for m in self.messages
                if parsedate_to_datetime(m.parsed["Date"]).date() >= since
            ]

    class Account(imap4.MemoryAccount):
        def _emptyMailbox(self, name, id):  # noqa: N802
            return Mailbox()

    @implementer(portal.IRealm)
    class Realm:
        def __init__(self, account) -> None:
            self.account = account

        def requestAvatar(self, avatar_id, mind, *interfaces):  # noqa: N802
            assert imap4.IAccount in interfaces
            return imap4.IAccount, self.account, lambda: None

    class Factory(protocol.ServerFactory):
        def __init__(self, the_portal) -> None:
            self.portal = the_portal

        def buildProtocol(self, addr):  # noqa: N802
            server = imap4.IMAP4Server()
            server.portal = self.portal
            server.factory = self
            return server

    def build(user: str, password: str):
        mailbox = Mailbox()
        account = Account(user)
        account.addMailbox("INBOX", mailbox)
        checker = checkers.InMemoryUsernamePasswordDatabaseDontUse()
        checker.addUser(user.encode(), password.encode())
        return mailbox, Factory(portal.Portal(Realm(account), [checker]))

    return build


@pytest.fixture(scope="module")
def imap() -> Iterator[tuple[Any, int]]:
    """A Twisted IMAP4 server with one in-memory INBOX, its reactor in a thread."""
    from twisted.internet import reactor

    mailbox, factory = _imap_classes()(AUDITOR, IMAP_PASSWORD)
    listening = reactor.listenTCP(0, factory, interface="127.0.0.1")
    thread = threading.Thread(
        target=reactor.run, kwargs={"installSignalHandlers": False}, daemon=True
    )
    thread.start()
    try:
        yield mailbox, listening.getHost().port
    finally:
        reactor.callFromThread(reactor.stop)
        thread.join(10)
        assert not thread.is_alive(), "the IMAP reactor did not stop"


def mail(sender: str, subject: str, date: str, body: str, **headers: str) -> bytes:
    lines = [
        f"From: {sender}",
        f"To: {AUDITOR}",
        f"Subject: {subject}",
        f"Date: {date}",
        f"Message-ID: <{abs(hash((sender, subject, date)))}@mail.example>",
        *(f"{k.replace('_', '-')}: {v}" for k, v in headers.items()),
        "Content-Type: text/plain; charset=utf-8",
        "",
        body,
    ]
    return "\n".join(lines).encode()


BARE_ACK = """Beste klant,

Bedankt voor uw bericht. Wij hebben uw vraag in goede orde ontvangen.
U hoort binnen 5 werkdagen van ons.

Dit is een automatisch gegenereerd bericht; u kunt hierop niet reageren.

Met vriendelijke groet,
Klantenservice Shop
"""

ANSWER = """Beste heer Jansen,

Dank voor uw vraag. Onze klantenservice is bereikbaar van maandag tot en met vrijdag
van 9:00 tot 17:00 uur, telefonisch via 020 123 4567, per chat en per e-mail.
Over een levering belt u het best; dan kijken we direct in uw bestelling mee.

Met vriendelijke groet,
Petra de Vries
Klantenservice Shop

Op vr 10 mei 2024 om 16:30 schreef Auditor Jansen <auditor@example.nl>:
> Goedendag,
> Ik heb een vraag.
"""

FORM_COPY = """Bedankt voor uw bericht! Hieronder vindt u een kopie.

Naam: Auditor Jansen
E-mail: auditor@example.nl
Onderwerp: Vraag over openingstijden en bereikbaarheid [ref GR-FORM55]
Bericht:
Goedendag,

Ik heb een vraag. Wat zijn de openingstijden van uw klantenservice, en hoe kan ik u het
snelst bereiken als ik een vraag heb over een bestelling, een levering of een aanvraag?

Alvast bedankt voor uw antwoord.

We nemen zo snel mogelijk contact met u op.
"""


def _add_probe(store: Store, token: str, site: str, kind: str, sent_local: str) -> int:
    sent = datetime.fromisoformat(sent_local).replace(tzinfo=AMSTERDAM)
    return p.record_probe(
        store,
        site=site,
        kind=kind,
        target=f"info@{site}" if kind == "email" else f"https://www.{site}/contact",
        token=token,
        message_id=f"<{token.lower()}@example.nl>" if kind == "email" else "",
        subject=f"Vraag over openingstijden en bereikbaarheid [ref {token}]",
        sent_at=p.iso(sent),
        data={"from": AUDITOR, "name": "Auditor Jansen"},
    )


def test_status_records_acknowledgement_and_answer_in_working_time(imap, tmp_path):
    mailbox, port = imap
    history = tmp_path / "history.sqlite"
    store = Store(history)
    # Friday 16:30, answered Monday 10:00: within "the same or the next working day".
    a = _add_probe(store, "GR-PASS22", "shop.example", "email", "2024-05-10T16:30:00")
    # Friday 16:30, answered Tuesday 12:00: a working day late.
    b = _add_probe(store, "GR-FAIL33", "winkel.example", "email", "2024-05-10T16:30:00")
    # Friday before Whit Monday (a Dutch public holiday), answered Tuesday 10:00: in time.
    c = _add_probe(store, "GR-HOLI44", "huis.example", "email", "2024-05-17T16:30:00")
    # A web form whose shop answers from a ticket system: no thread, no reference in sight.
    d = _add_probe(store, "GR-FORM55", "formulier.example", "form", "2024-05-10T16:30:00")
    store.close()

    mailbox.add(
        mail(
            "Shop <klantenservice@shop.example>",
            "Oud bericht GR-PASS22",
            "Mon, 01 Apr 2024 10:00:00 +0200",
            ANSWER,
        )
    )
    mailbox.add(
        mail(
            "Shop <noreply@shop.example>",
            "Re: Vraag [ref GR-PASS22]",
            "Fri, 10 May 2024 16:31:00 +0200",
            BARE_ACK,
            Auto_Submitted="auto-replied",
        )
    )
    mailbox.add(
        mail(
            "Someone <friend@elders.example>",
            "Koffie?",
            "Sat, 11 May 2024 09:00:00 +0200",
            "Zin in koffie morgen?",
        )
    )
    mailbox.add(
        mail(
            "Klantenservice <klantenservice@shop.example>",
            "Re: Vraag",
            "Mon, 13 May 2024 10:00:00 +0200",
            ANSWER,
            In_Reply_To="<gr-pass22@example.nl>",
        )
    )
    mailbox.add(
        mail(
            "Winkel <service@winkel.example>",
            "Antwoord op uw vraag GR-FAIL33",
            "Tue, 14 May 2024 12:00:00 +0200",
            ANSWER,
        )
    )
    mailbox.add(
        mail(
            "Huis <info@huis.example>",
            "Re: Vraag",
            "Tue, 21 May 2024 10:00:00 +0200",
            ANSWER,
            References="<other@x.example> <gr-holi44@example.nl>",
        )
    )
    mailbox.add(
        mail(
            "Formulier <info@formulier.example>",
            "Uw bericht",
            "Fri, 10 May 2024 16:30:20 +0200",
            FORM_COPY,
        )
    )
    mailbox.add(
        mail(
            "Formulier <nieuws@formulier.example>",
            "Nieuwsbrief mei",
            "Mon, 13 May 2024 08:00:00 +0200",
            ANSWER,
            List_Unsubscribe="<https://formulier.example/afmelden>",
        )
    )

    env = {
        "GOUDENREGELS_IMAP_HOST": "127.0.0.1",
        "GOUDENREGELS_IMAP_PORT": str(port),
        "GOUDENREGELS_IMAP_USER": AUDITOR,
        "GOUDENREGELS_IMAP_PASSWORD": IMAP_PASSWORD,
        "GOUDENREGELS_IMAP_SECURITY": "none",
        "GOUDENREGELS_SMTP_FROM": AUDITOR,
    }
    proc = run_probe("--history", str(history), "status", env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert mailbox.searches == [[b"SINCE", b"09-May-2024"]]  # the day before the oldest probe
    assert IMAP_PASSWORD not in proc.stdout + proc.stderr + " ".join(proc.argv)

    store = Store(history)
    rows = {r["id"]: r for r in store.probes()}
    hours = WorkingHours()

    # (a) a bare acknowledgement from a no-reply address, then a real answer in the thread
    ra = rows[a]
    assert ra["status"] == "answered"
    assert ra["ack_from"] == "noreply@shop.example" and p.is_noreply(ra["ack_from"])
    assert ra["ack_bare"] == 1
    assert ra["ack_at"] == "2024-05-10T14:31:00+00:00"
    assert ra["answer_from"] == "klantenservice@shop.example"
    assert ra["answer_at"] == "2024-05-13T08:00:00+00:00"
    assert p.verdict(ra, hours)["verdict"] == "pass"
    measured = store.measurements("shop.example")
    assert [(m["kind"], m["sender"], m["answered"]) for m in measured] == [
        ("ack", "noreply@shop.example", "2024-05-10T14:31:00+00:00"),
        ("answer", "klantenservice@shop.example", "2024-05-13T08:00:00+00:00"),
    ]
    assert all(m["channel"] == "e-mail" and m["source"] == "probe" for m in measured)
    assert all(m["started"] == ra["sent_at"] for m in measured)
    assert "bare" in measured[0]["note"] and "no-reply" in measured[0]["note"]
    assert "bare" not in measured[1]["note"]

    # (b) the first reply is the answer itself (matched by the reference): a day late
    rb = rows[b]
    assert rb["status"] == "answered" and rb["ack_bare"] == 0
    assert rb["ack_at"] == rb["answer_at"] == "2024-05-14T10:00:00+00:00"
    assert p.verdict(rb, hours)["verdict"] == "fail"

    # (c) Whit Monday is no working day: Tuesday is still "the next working day"
    rc = rows[c]
    assert rc["answer_at"] == "2024-05-21T08:00:00+00:00"
    assert p.verdict(rc, hours)["verdict"] == "pass"
    # Without Whit Monday off (the US calendar) the same answer is a working day late.
    assert p.verdict(rc, WorkingHours(country="US"))["verdict"] == "fail"

    # (d) the form's copy is a bare acknowledgement; the newsletter is no answer
    rd = rows[d]
    assert rd["status"] == "acknowledged"
    assert rd["ack_from"] == "info@formulier.example" and rd["ack_bare"] == 1
    assert rd["answer_at"] is None
    assert [m["channel"] for m in store.measurements("formulier.example")] == ["formulier"]
    assert p.verdict(rd, hours)["verdict"] == "fail"  # the deadline is long past

    # The table: one row per probe with the flags and the verdicts.
    assert "no-reply address" in proc.stdout and "bare acknowledgement" in proc.stdout
    for token in ("GR-PASS22", "GR-FAIL33", "GR-HOLI44", "GR-FORM55"):
        assert token in proc.stdout
    assert "pass" in proc.stdout and "fail" in proc.stdout
    store.close()

    # Judged again later (state lives in the store): nothing is recorded twice, and --watch
    # stops at --max-wait while a probe is still open.
    proc = run_probe(
        "--history",
        str(history),
        "status",
        "--watch",
        "--interval",
        "0.2",
        "--max-wait",
        "1",
        env=env,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert "--max-wait" in proc.stderr
    store = Store(history)
    assert len(store.measurements("shop.example")) == 2
    assert len(store.measurements("formulier.example")) == 1
    store.close()


# -- the web form --------------------------------------------------------------------------------


@pytest.fixture
def form_server() -> Iterator[tuple[StaticServer, list[bytes]]]:
    server = StaticServer(SITES / "probeform", post_redirect="/bedankt.html")
    bodies: list[bytes] = []
    counted_post = server.handler.do_POST

    def do_post(handler) -> None:
        bodies.append(handler.rfile.read(int(handler.headers.get("Content-Length") or 0)))
        counted_post(handler)

    server.handler.do_POST = do_post
    server.__enter__()
    try:
        yield server, bodies
    finally:
        server.__exit__(None, None, None)


def test_form_without_live_submits_nothing(form_server, tmp_path):
    server, _ = form_server
    history = tmp_path / "history.sqlite"
    env = {"GOUDENREGELS_SMTP_FROM": f"Auditor Jansen <{AUDITOR}>"}
    proc = run_probe(
        "--history", str(history), "form", server.url + "contact.html", env=env, cwd=tmp_path
    )
    line = one_line_error(proc)
    assert "--live" in line
    assert server.posts == 0
    assert AUDITOR in proc.stdout and "Uw vraag" in proc.stdout  # what would be filled
    assert not history.exists()


def test_form_live_submits_once(form_server, tmp_path):
    from urllib.parse import parse_qs

    server, bodies = form_server
    history = tmp_path / "history.sqlite"
    proc = _live_form(server, history, "--site", "www.shop.example")
    assert proc.returncode == 0, proc.stderr
    assert server.posts == 1
    assert server.handler.post_paths == ["/verzenden"]
    store = Store(history)
    (row,) = store.probes()
    store.close()
    sent = {k: v[0] for k, v in parse_qs(bodies[0].decode()).items()}
    assert sent["naam"] == "Auditor Jansen"
    assert sent["email"] == AUDITOR
    assert row["token"] in sent["onderwerp"] and row["token"] in sent["bericht"]
    assert sent["privacy"] == "akkoord"  # required: the form cannot be sent without it
    assert "nieuwsbrief" not in sent and "aanbiedingen" not in sent  # never, even pre-ticked
    assert not sent.get("website") and not sent.get("telefoon")  # no honeypot, no phone
    assert row["kind"] == "form" and row["status"] == "sent"
    assert row["site"] == "shop.example"
    assert row["target"] == server.url + "contact.html"
    assert "privacy" in row["data"] and "bedankt.html" in row["data"]


def _live_form(server: StaticServer, history: Path, *extra: str, timeout: float = 60):
    """Send the fixture's contact form once with --live, as the auditor named in the env."""
    env = {"GOUDENREGELS_SMTP_FROM": f"Auditor Jansen <{AUDITOR}>"}
    target = server.url + "contact.html"
    args = ("--history", str(history), "form", target, "--live", *extra)
    return run_probe(*args, env=env, cwd=history.parent, timeout=timeout)


def _slow(server: StaticServer, path: str, seconds: float) -> None:
    """Make the server answer GET PATH late: a thank-you page on a slow or busy site."""
    import time

    plain_get = server.handler.do_GET

    def do_get(handler) -> None:
        if handler.path.startswith(path):
            time.sleep(seconds)
        plain_get(handler)

    server.handler.do_GET = do_get


def _form_row(history: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    import json

    store = Store(history)
    (row,) = store.probes()
    store.close()
    return row, json.loads(row["data"])


def test_form_live_waits_for_the_page_the_submission_leads_to(form_server, tmp_path):
    # Playwright keeps the form page's "load" and "networkidle" until the next page commits:
    # reading the URL right after the submit gave the form's own URL whenever the redirected
    # page was slow (a busy machine has the same effect). The probe must wait for the redirect.
    server, _ = form_server
    _slow(server, "/bedankt.html", 1.5)
    history = tmp_path / "history.sqlite"
    proc = _live_form(server, history)
    assert proc.returncode == 0, proc.stderr
    assert server.posts == 1
    _row, data = _form_row(history)
    assert data["final_url"] == server.url + "bedankt.html"
    assert data["request"] == f"POST {server.url}verzenden" and data["http_status"] == 303


FETCH_SUBMIT = """<script>
document.querySelector("form.contact").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  const reply = await fetch(form.action, {method: "POST", body: new URLSearchParams(new FormData(form))});
  await reply.text();
  if (THEN === "location") { location.href = "/bedankt.html"; }
  else { form.outerHTML = "<p id=bedankt>Bedankt voor uw bericht</p>"; }
});
</script>
</body>"""


@pytest.mark.parametrize("then", ["location", "inplace"])
def test_form_live_sent_with_fetch(tmp_path, then):
    # A form sent by a script: the probe waits for the POST's answer and what the script does
    # with it (go to a thank-you page, or say thanks in place), not for a navigation that
    # may never come.
    import shutil
    import time

    site = tmp_path / "site"
    shutil.copytree(SITES / "probeform", site)
    page = site / "contact.html"
    script = FETCH_SUBMIT.replace("THEN", repr(then))
    page.write_text(page.read_text(encoding="utf-8").replace("</body>", script), "utf-8")
    server = StaticServer(site, post_redirect="/bedankt.html")
    _slow(server, "/bedankt.html", 1.0)
    history = tmp_path / "history.sqlite"
    with server:
        started = time.monotonic()
        proc = _live_form(server, history, "--timeout", "60", timeout=120)
        took = time.monotonic() - started
    assert proc.returncode == 0, proc.stderr
    assert server.posts == 1 and server.handler.post_paths == ["/verzenden"]
    row, data = _form_row(history)
    assert row["status"] == "sent" and data["request"] == f"POST {server.url}verzenden"
    expected = "bedankt.html" if then == "location" else "contact.html"
    assert data["final_url"] == server.url + expected
    assert took < 45  # answered and quiet: no waiting out the 60-second timeout


# -- settings and errors -------------------------------------------------------------------------


def test_missing_settings_give_one_line_errors(tmp_path):
    history = tmp_path / "history.sqlite"
    line = one_line_error(
        run_probe("--history", str(history), "email", "--to", "info@shop.example", cwd=tmp_path)
    )
    assert "GOUDENREGELS_SMTP_HOST" in line and "GOUDENREGELS_SMTP_FROM" in line
    line = one_line_error(run_probe("form", "http://127.0.0.1:9/contact", cwd=tmp_path))
    assert "GOUDENREGELS_SMTP_FROM" in line

    store = Store(history)
    _add_probe(store, "GR-OPEN66", "shop.example", "email", "2024-05-10T16:30:00")
    store.close()
    line = one_line_error(run_probe("--history", str(history), "status", cwd=tmp_path))
    assert "GOUDENREGELS_IMAP_HOST" in line and "GOUDENREGELS_IMAP_PASSWORD" in line

    env = {
        "GOUDENREGELS_SMTP_HOST": "smtp.example.nl",
        "GOUDENREGELS_SMTP_FROM": AUDITOR,
        "GOUDENREGELS_SMTP_USER": "auditor",
    }
    line = one_line_error(
        run_probe(
            "--history", str(history), "email", "--to", "info@shop.example", env=env, cwd=tmp_path
        )
    )
    assert "GOUDENREGELS_SMTP_PASSWORD" in line

    (tmp_path / "goudenregels.toml").write_text(
        f'[probe]\nsmtp_host = "smtp.example.nl"\nsmtp_password = "{PASSWORD}"\n', encoding="utf-8"
    )
    proc = run_probe("--history", str(history), "email", "--to", "info@shop.example", cwd=tmp_path)
    line = one_line_error(proc)
    assert "GOUDENREGELS_SMTP_PASSWORD" in line and PASSWORD not in proc.stderr


def test_password_is_never_sent_in_the_clear_over_the_network(tmp_path):
    env = {
        "GOUDENREGELS_SMTP_HOST": "smtp.example.nl",
        "GOUDENREGELS_SMTP_FROM": AUDITOR,
        "GOUDENREGELS_SMTP_USER": "auditor",
        "GOUDENREGELS_SMTP_PASSWORD": PASSWORD,
        "GOUDENREGELS_SMTP_SECURITY": "none",
    }
    proc = run_probe(
        "--history",
        str(tmp_path / "h.sqlite"),
        "email",
        "--to",
        "info@shop.example",
        env=env,
        cwd=tmp_path,
    )
    assert "unencrypted" in one_line_error(proc)


# -- the bare-acknowledgement heuristic ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "bare"),
    [
        (BARE_ACK, True),
        (ANSWER, False),
        (
            "Thank you for contacting us. We have received your e-mail and will get back to you "
            "within 3 business days.\n\nKind regards,\nCustomer Service",
            True,
        ),
        (
            "Hi,\n\nThanks for your question! Our service desk is open Monday to Friday from "
            "9 am to 5 pm and you can call us on 020 123 4567.\n\nBest regards,\nSam",
            False,
        ),
        ("Wij zijn open van maandag tot en met vrijdag van 9 tot 17 uur.", False),
        (
            "Uw ticketnummer is 48213.\n\nWe streven ernaar binnen twee werkdagen te reageren. "
            "Kijk in de tussentijd op onze veelgestelde vragen.",
            True,
        ),
    ],
)
def test_bare_acknowledgement_heuristic(text, bare):
    assert p.is_bare_ack(text) is bare


def test_quoted_original_and_signature_are_not_the_reply():
    text = (
        "Bedankt, we hebben uw bericht ontvangen.\n\n-- \nShop B.V.\nKvK 12345678 "
        "Hoofdstraat 1 Amsterdam, open ma-vr 9-17 uur, bel 020 123 4567 of mail ons\n"
        "> Wat zijn uw openingstijden en hoe bereik ik u?"
    )
    assert p.reply_text(text) == "Bedankt, we hebben uw bericht ontvangen."
    assert p.is_bare_ack(text)


# -- matching and form planning (pure functions) -------------------------------------------------


def _reply(sender: str, local: str, bulk: bool = False) -> p.Reply:
    return p.Reply(
        uid="1",
        message_id=f"<{sender}-{local}@mail.example>",
        in_reply_to="",
        references="",
        subject="Uw bericht",
        sender=sender,
        date=datetime.fromisoformat(local).replace(tzinfo=AMSTERDAM),
        text="Hallo, de winkel is open van 9 tot 17 uur op werkdagen en ook op zaterdag.",
        bulk=bulk,
    )


def test_a_form_reply_without_reference_is_matched_by_domain_only_when_unambiguous():
    form = {
        "id": 1,
        "kind": "form",
        "site": "shop.example",
        "token": "GR-AAAAAA",
        "message_id": "",
        "sent_at": "2024-05-10T14:30:00+00:00",
    }
    replies = [
        _reply("info@mail.shop.example", "2024-05-10T17:00:00"),
        _reply("nieuws@shop.example", "2024-05-10T18:00:00", bulk=True),  # a newsletter
        _reply("info@shop.example", "2024-05-09T10:00:00"),  # before the question
        _reply("info@other.example", "2024-05-10T17:30:00"),
    ]
    matched = p.match_replies([form], replies)
    assert [(r.sender, how) for r, how in matched[1]] == [
        ("info@mail.shop.example", "sender domain")
    ]
    # Two open form probes for one site: no guessing which one was answered.
    assert p.match_replies([form, {**form, "id": 2, "token": "GR-BBBBBB"}], replies) == {
        1: [],
        2: [],
    }
    # An e-mail probe is matched only by its thread or its reference.
    assert p.match_replies([{**form, "kind": "email", "message_id": "<x@e.nl>"}], replies) == {
        1: []
    }


def _field(index: int, **kw: Any) -> dict[str, Any]:
    base = {
        "index": index,
        "tag": "input",
        "type": "text",
        "name": "",
        "id": "",
        "label": "",
        "placeholder": "",
        "autocomplete": "",
        "required": False,
        "visible": True,
        "disabled": False,
        "readonly": False,
        "value": "",
        "checked": False,
        "options": [],
    }
    return {**base, **kw}


IDENTITY = {
    "name": "Auditor Jansen",
    "email": AUDITOR,
    "subject": "Vraag [ref GR-AAAAAA]",
    "message": "Goedendag, ... Kenmerk: GR-AAAAAA",
    "token": "GR-AAAAAA",
}


def test_form_plan_refuses_what_it_cannot_fill_honestly():
    options = [
        {"value": "", "text": "Kies een onderwerp", "disabled": False},
        {"value": "bestelling", "text": "Mijn bestelling", "disabled": False},
        {"value": "overig", "text": "Overige vragen", "disabled": False},
    ]
    description = {
        "action": "/x",
        "method": "post",
        "captcha": True,
        "fields": [
            _field(0, label="Voornaam", required=True),
            _field(1, label="Achternaam", required=True),
            _field(2, type="email", label="E-mail", required=True),
            _field(3, type="tel", label="Telefoon", required=True),
            _field(
                4,
                tag="select",
                type="select-one",
                label="Onderwerp",
                required=True,
                options=options,
            ),
            _field(5, tag="textarea", type="textarea", label="Bericht", required=True),
            _field(6, type="checkbox", label="Schrijf mij in voor de nieuwsbrief", required=True),
            _field(7, label="Website", visible=False),  # a honeypot
            _field(8, tag="button", type="submit", label="Verstuur"),
        ],
    }
    plan = p.plan_form(description, "https://www.shop.example/contact", IDENTITY)
    problems = " | ".join(plan.problems)
    assert "CAPTCHA" in problems and "Telefoon" in problems and "nieuwsbrief" in problems
    filled = {a.label: a.value for a in plan.actions if a.action in ("fill", "select")}
    assert filled == {
        "Voornaam": "Auditor",
        "Achternaam": "Jansen",
        "E-mail": AUDITOR,
        "Onderwerp": "overig",
        "Bericht": IDENTITY["message"],
    }
    assert plan.submit_index == 8
    no_email = {
        "action": "/x",
        "method": "post",
        "fields": [_field(0, tag="textarea", type="textarea", label="Bericht")],
    }
    assert any("e-mail" in x for x in p.plan_form(no_email, "u", IDENTITY).problems)


def test_a_refused_mailbox_login_is_one_line(imap, tmp_path):
    _, port = imap
    history = tmp_path / "history.sqlite"
    store = Store(history)
    _add_probe(store, "GR-LOGIN7", "shop.example", "email", "2024-05-10T16:30:00")
    store.close()
    env = {
        "GOUDENREGELS_IMAP_HOST": "127.0.0.1",
        "GOUDENREGELS_IMAP_PORT": str(port),
        "GOUDENREGELS_IMAP_USER": AUDITOR,
        "GOUDENREGELS_IMAP_PASSWORD": "wrong-" + IMAP_PASSWORD,
        "GOUDENREGELS_IMAP_SECURITY": "none",
    }
    proc = run_probe("--history", str(history), "status", env=env, cwd=tmp_path)
    line = one_line_error(proc)
    assert "refused the login" in line and "GOUDENREGELS_IMAP_PASSWORD" in line
    assert IMAP_PASSWORD not in proc.stdout + proc.stderr
