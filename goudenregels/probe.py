"""Reaction-time probes: send a real question by e-mail or web form, then time the replies.

A probe is one polite customer question with a unique reference (``GR-7F3K2Q``). It is sent from
the auditor's own mailbox (SMTP) or through a site's contact form (Chromium), recorded in the
history store, and later matched against the replies in the auditor's mailbox (IMAP): the first
reply is the acknowledgement, the first reply that is more than a bare acknowledgement is the
answer. Both become measurements that the reaction-time checks judge in Dutch working time.

Mail settings come from ``GOUDENREGELS_SMTP_*`` / ``GOUDENREGELS_IMAP_*`` environment variables
or a ``[probe]`` table in goudenregels.toml; passwords only ever from the environment.
"""

from __future__ import annotations

import asyncio
import contextlib
import email
import email.policy
import imaplib
import ipaddress
import json
import os
import re
import secrets
import smtplib
import ssl
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr, parsedate_to_datetime
from pathlib import Path
from typing import Any

from goudenregels.errors import EXIT_SITE, GoudenregelsError, UsageError
from goudenregels.words.channels import channel as find_channel
from goudenregels.words.vocab import MARKETING_CONSENT, NOREPLY_LOCAL
from goudenregels.worktime import AMSTERDAM, WorkingHours, judge, parse_moment

ENV_PREFIX = "GOUDENREGELS_"
SECURITIES = ("starttls", "ssl", "none")
FILE_KEYS = (
    "smtp_host",
    "smtp_port",
    "smtp_user",
    "smtp_from",
    "smtp_security",
    "imap_host",
    "imap_port",
    "imap_user",
    "imap_folder",
    "imap_security",
)
SECRET_KEYS = ("smtp_password", "imap_password")
DEFAULT_PORTS = {
    ("smtp", "starttls"): 587,
    ("smtp", "ssl"): 465,
    ("smtp", "none"): 25,
    ("imap", "starttls"): 143,
    ("imap", "ssl"): 993,
    ("imap", "none"): 143,
}
NETWORK_TIMEOUT = 30.0
# The mailbox is searched from the day before the oldest open probe, and at most this many of
# the newest messages are read: a busy mailbox keeps a status check bounded.
MAX_MESSAGES = 5000
OPEN_STATUSES = ("sent", "acknowledged")

# Unambiguous characters only: a reference is read and typed by people, too.
TOKEN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

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


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# -- settings ------------------------------------------------------------------------------------


@dataclass
class MailSettings:
    """Where the auditor's mailbox lives. Passwords are never printed (repr=False)."""

    smtp_host: str = ""
    smtp_port: int | None = None
    smtp_user: str = ""
    smtp_password: str = field(default="", repr=False)
    smtp_from: str = ""
    smtp_security: str = "starttls"
    imap_host: str = ""
    imap_port: int | None = None
    imap_user: str = ""
    imap_password: str = field(default="", repr=False)
    imap_folder: str = "INBOX"
    imap_security: str = "ssl"

    @property
    def from_address(self) -> str:
        return parseaddr(self.smtp_from)[1]

    @property
    def from_name(self) -> str:
        """The auditor's name for forms: the display name in smtp_from, else its local part."""
        name, address = parseaddr(self.smtp_from)
        return name.strip() or address.split("@")[0]

    def port(self, proto: str) -> int:
        explicit = getattr(self, f"{proto}_port")
        return explicit or DEFAULT_PORTS[(proto, getattr(self, f"{proto}_security"))]


def env_name(key: str) -> str:
    return ENV_PREFIX + key.upper()


def _file_settings(path: Path | None) -> dict[str, Any]:
    """The [probe] table of goudenregels.toml (or [tool.goudenregels.probe] in pyproject.toml)."""
    if path is None:
        return {}
    from goudenregels.config import load_table

    table = load_table(path).get("probe", {})
    if not isinstance(table, dict):
        raise UsageError(f"{path}: 'probe' must be a table ([probe])")
    secrets_found = sorted(set(table) & set(SECRET_KEYS))
    if secrets_found:
        names = " / ".join(env_name(k) for k in secrets_found)
        raise UsageError(
            f"{path}: passwords are never read from a file; remove {', '.join(secrets_found)} "
            f"and set {names} in the environment"
        )
    unknown = sorted(set(table) - set(FILE_KEYS))
    if unknown:
        raise UsageError(
            f"{path}: unknown [probe] setting(s) {', '.join(unknown)}; "
            f"known: {', '.join(FILE_KEYS)}"
        )
    return table


def load_settings(
    config_path: Path | None = None, env: Mapping[str, str] | None = None
) -> MailSettings:
    """Settings from the environment (which wins) and the [probe] table of the settings file."""
    env = os.environ if env is None else env
    table = _file_settings(config_path)
    out = MailSettings()
    for key in (*FILE_KEYS, *SECRET_KEYS):
        raw = env.get(env_name(key))
        where = env_name(key)
        if raw is None or raw == "":
            if key in SECRET_KEYS or key not in table:
                continue
            raw, where = table[key], f"{key} in {config_path}"
        value: Any = str(raw).strip() if key not in SECRET_KEYS else str(raw)
        if key.endswith("_port"):
            try:
                value = int(value)
            except ValueError:
                value = 0
            if not 0 < value < 65536:
                raise UsageError(f"{where} must be a port number (1-65535), not '{raw}'")
        elif key.endswith("_security"):
            value = value.lower()
            if value not in SECURITIES:
                raise UsageError(f"{where} must be one of {', '.join(SECURITIES)}, not '{raw}'")
        setattr(out, key, value)
    if out.smtp_from and "@" not in out.from_address:
        raise UsageError(f"{env_name('smtp_from')} '{out.smtp_from}' is not an e-mail address")
    return out


def _is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _refuse_cleartext(settings: MailSettings, proto: str) -> None:
    # A password in the clear over the internet is worse than no probe; a local bridge is fine.
    host = getattr(settings, f"{proto}_host")
    if (
        getattr(settings, f"{proto}_security") == "none"
        and getattr(settings, f"{proto}_user")
        and not _is_loopback(host)
    ):
        raise UsageError(
            f"refusing to send the {proto.upper()} password unencrypted to {host}; set "
            f"{env_name(proto + '_security')} to starttls or ssl"
        )


def require_sender(settings: MailSettings) -> None:
    if not settings.smtp_from:
        raise UsageError(
            f"no auditor address: set {env_name('smtp_from')} "
            "(or smtp_from in the [probe] table of goudenregels.toml)"
        )


def require_smtp(settings: MailSettings) -> None:
    missing = [k for k in ("smtp_host", "smtp_from") if not getattr(settings, k)]
    if missing:
        raise UsageError(
            "no SMTP settings: set "
            + " and ".join(env_name(k) for k in missing)
            + f" (also {env_name('smtp_user')}, {env_name('smtp_password')}, "
            f"{env_name('smtp_port')}, {env_name('smtp_security')}; or a [probe] table in "
            "goudenregels.toml, passwords only from the environment)"
        )
    if settings.smtp_user and not settings.smtp_password:
        raise UsageError(
            f"{env_name('smtp_user')} is set but {env_name('smtp_password')} is not "
            "(passwords are read only from the environment)"
        )
    _refuse_cleartext(settings, "smtp")


def require_imap(settings: MailSettings) -> None:
    missing = [
        env_name(k) for k in ("imap_host", "imap_user", "imap_password") if not getattr(settings, k)
    ]
    if missing:
        raise UsageError(
            "cannot read the mailbox: set "
            + ", ".join(missing)
            + f" (also {env_name('imap_port')}, {env_name('imap_security')}, "
            f"{env_name('imap_folder')}; or a [probe] table in goudenregels.toml, "
            "passwords only from the environment)"
        )
    _refuse_cleartext(settings, "imap")


# -- tokens, sites, the question ----------------------------------------------------------------


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


# -- e-mail probe ---------------------------------------------------------------------------------


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
        raise ProbeError(f"the SMTP server {host}:{port}: {_one_line(exc)}") from None
    except smtplib.SMTPRecipientsRefused:
        raise ProbeError(
            f"the SMTP server {host}:{port} refused the recipient {msg['To']}"
        ) from None
    except (smtplib.SMTPException, OSError) as exc:
        raise ProbeError(f"could not send through {host}:{port}: {_one_line(exc)}") from None
    if refused:
        raise ProbeError(f"the SMTP server {host}:{port} refused {', '.join(refused)}")


def record_probe(store: Any, **fields: Any) -> int:
    data = fields.pop("data", {})
    return store.add_probe(status="sent", data=json.dumps(data, ensure_ascii=False), **fields)


# -- web-form probe -------------------------------------------------------------------------------

# What a field asks is read from its label, then its name, id and autocomplete hint, then its
# placeholder; the first matching role wins, so specific names come first.
ROLE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("email", re.compile(r"e-?mail", re.I)),
    ("name", re.compile(r"voor-?\s*en\s*achternaam|full[\s_-]?name|volledige naam", re.I)),
    ("other", re.compile(r"gebruikersnaam|user-?name|tussenvoegsel|wachtwoord|password", re.I)),
    (
        "first_name",
        re.compile(r"voornaam|first[\s_-]?name|given[\s_-]?name|\bfname\b|roepnaam", re.I),
    ),
    (
        "last_name",
        re.compile(r"achternaam|last[\s_-]?name|surname|family[\s_-]?name|\blname\b", re.I),
    ),
    ("company", re.compile(r"bedrijf|company|organi[sz]ati|firma|instelling", re.I)),
    ("phone", re.compile(r"telefoon|phone|mobiel|mobile|\btel\b|gsm", re.I)),
    ("subject", re.compile(r"onderwerp|subject|betreft|\btitel\b|\btitle\b", re.I)),
    ("name", re.compile(r"naam|\bname\b", re.I)),
]
PRIVACY_CONSENT = re.compile(
    r"privacy|akkoord|toestemming|voorwaarden|consent|agree|persoonsgegevens|gegevens\b.*"
    r"(verwerk|gebruik)|\bavg\b|gdpr",
    re.I,
)
# An option that commits the auditor to nothing when a required choice must be made.
NEUTRAL_OPTION = re.compile(
    r"overig|anders|other|algemeen|general|geen voorkeur|informatie|vraag|question|contact", re.I
)
CAPTCHA_SELECTOR = (
    '.g-recaptcha:not([data-size="invisible"]), .h-captcha, .cf-turnstile, '
    'iframe[src*="recaptcha/api2/anchor"], iframe[src*="hcaptcha.com"], '
    'iframe[src*="challenges.cloudflare.com"]'
)

_DESCRIBE_FORM = """
(captchaSelector) => {
  const shown = (el) => {
    if (!el || !el.isConnected) return false;
    const s = getComputedStyle(el);
    if (s.display === 'none' || s.visibility === 'hidden' || parseFloat(s.opacity) === 0) return false;
    const r = el.getBoundingClientRect();
    // Off-screen fields are honeypots for robots: a person never sees them.
    return r.width > 1 && r.height > 1 && r.right + scrollX > 0 && r.bottom + scrollY > 0;
  };
  const forms = [...document.querySelectorAll('form')].filter(
    (f) => [...f.querySelectorAll('textarea')].some(shown));
  if (!forms.length) return null;
  const form = forms[0];
  form.setAttribute('data-gr-probe-form', '1');
  const text = (el) => (el ? (el.innerText || el.textContent || '') : '').replace(/\\s+/g, ' ').trim();
  const fields = [];
  [...form.elements].forEach((el, i) => {
    const tag = el.tagName.toLowerCase();
    if (!['input', 'select', 'textarea', 'button'].includes(tag)) return;
    el.setAttribute('data-gr-probe', String(i));
    const type = (el.type || '').toLowerCase();
    const labels = [...(el.labels || [])];
    let label = labels.map(text).join(' ');
    if (!label && el.getAttribute('aria-label')) label = el.getAttribute('aria-label');
    if (!label && el.getAttribute('aria-labelledby')) {
      label = el.getAttribute('aria-labelledby').split(/\\s+/)
        .map((id) => text(document.getElementById(id))).join(' ');
    }
    if (!label && (type === 'checkbox' || type === 'radio')) label = text(el.parentElement);
    if (!label && (tag === 'button' || type === 'submit')) label = text(el) || el.value || '';
    const isBox = type === 'checkbox' || type === 'radio';
    fields.push({
      index: i, tag, type, name: el.name || '', id: el.id || '',
      label: label.trim(), placeholder: el.placeholder || '',
      autocomplete: el.getAttribute('autocomplete') || '',
      required: !!el.required || el.getAttribute('aria-required') === 'true',
      visible: isBox ? (shown(el) || labels.some(shown)) : shown(el),
      disabled: !!el.disabled, readonly: !!el.readOnly,
      value: isBox ? (el.value || 'on') : (el.value || ''), checked: !!el.checked,
      options: tag === 'select'
        ? [...el.options].map((o) => ({value: o.value, text: text(o), disabled: o.disabled}))
        : [],
    });
  });
  return {
    action: form.action || location.href, method: (form.method || 'get').toLowerCase(),
    fields, captcha: !!form.querySelector(captchaSelector),
  };
}
"""

_INVALID_FIELDS = """
() => {
  const form = document.querySelector('[data-gr-probe-form]');
  return [...form.elements].filter((e) => e.willValidate && !e.checkValidity()).map((e) => {
    const label = [...(e.labels || [])].map((l) => l.innerText).join(' ').trim();
    return (label || e.name || e.id || e.tagName) + ': ' + e.validationMessage;
  });
}
"""


@dataclass
class FormAction:
    index: int
    label: str
    role: str
    action: str  # fill, select, check, uncheck or leave
    value: str = ""
    note: str = ""


@dataclass
class FormPlan:
    url: str
    method: str = ""
    action_url: str = ""
    actions: list[FormAction] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    submit_index: int | None = None
    subject: str = ""


def _field_name(f: dict[str, Any]) -> str:
    return (f["label"] or f["placeholder"] or f["name"] or f["id"] or f["type"])[:80]


def _role(f: dict[str, Any]) -> str:
    if f["tag"] == "textarea":
        return "message"
    if f["type"] == "email":
        return "email"
    if f["type"] == "tel":
        return "phone"
    # The visible label says most; a placeholder often says something else ("Waar gaat uw
    # e-mail over?" on a subject field), so it is read last.
    for key in (f["label"], f"{f['name']} {f['id']} {f['autocomplete']}", f["placeholder"]):
        for role, pattern in ROLE_PATTERNS:
            if pattern.search(key):
                return role
    return "other"


def plan_form(description: dict[str, Any], url: str, identity: dict[str, str]) -> FormPlan:
    """What to put in each field of a described form; the reasons become notes and problems.

    ``identity`` holds name, email, subject, message and token. Marketing boxes are never ticked (a
    pre-ticked one is unticked); a privacy-consent box is ticked only when it is required, i.e.
    the form cannot be sent without it. A required field goudenregels has no honest value for
    (a phone number, an order number, a CAPTCHA) is a problem: the form is not submitted.
    """
    plan = FormPlan(url=url, method=description["method"], action_url=description["action"])
    if description.get("captcha"):
        plan.problems.append("the form has a CAPTCHA a person must solve")
    message_done = False
    radios_done: set[str] = set()
    first, _, last = identity["name"].partition(" ")
    values = {
        "email": identity["email"],
        "name": identity["name"],
        "first_name": first,
        "last_name": last or first,
        "subject": identity["subject"],
    }
    for f in description["fields"]:
        label, kind = _field_name(f), f["type"]
        if f["tag"] == "button" or kind in ("submit", "image"):
            if (
                plan.submit_index is None
                and f["visible"]
                and not f["disabled"]
                and kind == "submit"
            ):
                plan.submit_index = f["index"]
            continue
        if kind in ("hidden", "reset", "button") or f["disabled"] or f["readonly"]:
            continue
        if not f["visible"]:
            if f["required"] and not f["value"]:
                plan.problems.append(f"a required field is invisible ('{label}')")
            continue
        if kind == "checkbox":
            key = f"{f['label']} {f['name']} {f['id']}"
            if MARKETING_CONSENT.search(key):
                if f["checked"]:
                    plan.actions.append(FormAction(f["index"], label, "marketing", "uncheck"))
                    plan.notes.append(f"unticked the pre-ticked marketing box '{label}'")
                elif f["required"]:
                    plan.problems.append(f"the form requires ticking the marketing box '{label}'")
                else:
                    plan.actions.append(FormAction(f["index"], label, "marketing", "leave"))
            elif f["required"] and not f["checked"] and PRIVACY_CONSENT.search(key):
                plan.actions.append(FormAction(f["index"], label, "privacy consent", "check"))
                plan.notes.append(
                    f"ticked the required privacy consent '{label}': the form cannot be sent "
                    "without it"
                )
            elif f["required"] and not f["checked"]:
                plan.problems.append(f"the form requires ticking '{label}'")
            else:
                plan.actions.append(FormAction(f["index"], label, "checkbox", "leave"))
            continue
        if kind == "radio":
            group = f["name"] or label
            if group in radios_done:
                continue
            siblings = [
                g
                for g in description["fields"]
                if g["type"] == "radio" and (g["name"] or _field_name(g)) == group
            ]
            if any(g["checked"] for g in siblings) or not any(g["required"] for g in siblings):
                radios_done.add(group)
                continue
            choice = next(
                (g for g in siblings if g["visible"] and NEUTRAL_OPTION.search(g["label"])), None
            )
            radios_done.add(group)
            if choice is None:
                plan.problems.append(
                    f"the form requires a choice in '{group}' with no neutral option"
                )
            else:
                plan.actions.append(
                    FormAction(choice["index"], _field_name(choice), "choice", "check")
                )
                plan.notes.append(f"chose '{_field_name(choice)}' in the required group '{group}'")
            continue
        role = _role(f)
        if f["tag"] == "select":
            if f["value"] or not (f["required"] or role == "subject"):
                plan.actions.append(FormAction(f["index"], label, role, "leave"))
                continue
            options = [o for o in f["options"] if o["value"] and not o["disabled"]]
            choice = next((o for o in options if NEUTRAL_OPTION.search(o["text"])), None)
            choice = choice or (options[0] if options else None)
            if choice is None:
                plan.problems.append(f"the required list '{label}' has no option to choose")
            else:
                plan.actions.append(
                    FormAction(f["index"], label, role, "select", choice["value"], choice["text"])
                )
                plan.notes.append(f"chose '{choice['text']}' in '{label}'")
            continue
        if role == "message":
            if message_done:
                if f["required"]:
                    plan.problems.append(f"a second required text area '{label}'")
                continue
            message_done = True
            plan.actions.append(
                FormAction(f["index"], label, "message", "fill", identity["message"])
            )
            continue
        if role in values and values[role]:
            if role == "subject":
                plan.subject = values[role]
            plan.actions.append(FormAction(f["index"], label, role, "fill", values[role]))
            continue
        if f["required"] and not f["value"]:
            plan.problems.append(
                f"the required field '{label}' ({role}) has no value goudenregels may fill"
            )
        else:
            plan.actions.append(FormAction(f["index"], label, role, "leave"))
    if not message_done:
        plan.problems.append("no visible message field (textarea) in the form")
    if not any(a.role == "email" and a.action == "fill" for a in plan.actions):
        plan.problems.append("the form asks no e-mail address: the reply could not be measured")
    return plan


async def _set_box(page: Any, selector: str, checked: bool) -> None:
    loc = page.locator(selector)
    try:
        await loc.set_checked(checked, timeout=3000)
    except Exception:  # a custom-styled box hides the real input: click it the way a label would
        await loc.evaluate("(el, on) => { if (el.checked !== on) el.click(); }", checked)


class _SubmitWatch:
    """What one form submission does in the page, followed by Playwright's events, not by sleeps.

    Playwright keeps the old page's ``load`` and ``networkidle`` states until the next document
    commits, so waiting for a load state right after a submit returns at once and ``page.url``
    is still the form's. This watches instead: the request that carries our message, then the
    main-frame navigation it causes (a form POST, a redirect, a script that sets ``location``)
    or, for a form sent with fetch/XHR, its response, and then a quiet network.
    """

    QUIET = 0.5  # seconds without a request in flight that count as a quiet network

    def __init__(self, page: Any, token: str) -> None:
        self.page = page
        self.token = token
        self.sent: list[Any] = []
        self.response: Any = None
        self.navigations = 0
        self.inflight: set[Any] = set()
        self.submitted = asyncio.Event()
        self.settled = asyncio.Event()
        self.changed = asyncio.Event()
        for event, handler in (
            ("request", self._on_request),
            ("response", self._on_response),
            ("requestfinished", self._on_done),
            ("requestfailed", self._on_failed),
            ("framenavigated", self._on_navigated),
            ("download", self._on_download),
        ):
            page.on(event, handler)

    def _main_navigation(self, request: Any) -> bool:
        try:
            return request.is_navigation_request() and request.frame == self.page.main_frame
        except Exception:  # a service worker's request has no frame
            return False

    def _on_request(self, request: Any) -> None:
        if request.resource_type != "eventsource":  # a stream never ends: it is not traffic
            self.inflight.add(request)
            self.changed.set()
        if self.sent:
            return
        # Our message carries the reference; an analytics beacon fired by the click does not,
        # so it is never mistaken for the submission.
        try:
            body = request.post_data or ""
        except Exception:  # binary bodies cannot be decoded
            body = ""
        if self.token in request.url + body or (
            request.method == "POST" and self._main_navigation(request)
        ):
            self.sent.append(request)
            self.submitted.set()

    def _on_response(self, response: Any) -> None:
        request = response.request
        if self.sent and request is self.sent[0]:
            self.response = response
            if not self._main_navigation(request):
                self.settled.set()  # fetch/XHR: the site has our message
        if self.sent and response.status in (204, 205) and self._main_navigation(request):
            self.settled.set()  # no content: the browser stays on the form

    def _on_done(self, request: Any) -> None:
        self.inflight.discard(request)
        self.changed.set()

    def _on_failed(self, request: Any) -> None:
        self._on_done(request)
        if self.sent and (request is self.sent[0] or self._main_navigation(request)):
            self.settled.set()

    def _on_navigated(self, frame: Any) -> None:
        if self.sent and frame == self.page.main_frame:
            self.navigations += 1
            self.settled.set()
            self.changed.set()

    def _on_download(self, _download: Any) -> None:
        if self.sent:
            self.settled.set()

    @staticmethod
    async def _wait(event: asyncio.Event, seconds: float) -> bool:
        try:
            await asyncio.wait_for(event.wait(), max(0.0, seconds))
        except TimeoutError:
            return False
        return True

    async def request(self, timeout: float) -> Any:
        """The request that carries the message, once the browser sends it; None if it never does."""
        await self._wait(self.submitted, timeout)
        return self.sent[0] if self.sent else None

    async def finish(self, timeout: float, quiet_cap: float = 5.0) -> None:
        """Wait until the submission has landed: navigated and loaded, or answered, then quiet.

        Never raises: by now the message has left, and a page that keeps polling or never
        navigates still got it.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        await self._wait(self.settled, timeout)
        seen = 0
        while True:
            if self.navigations > seen:  # wait for the page the submission led to
                seen = self.navigations
                with contextlib.suppress(Exception):
                    await self.page.wait_for_load_state(
                        "load", timeout=max(1.0, (deadline - loop.time()) * 1000)
                    )
            await self._quiet(min(quiet_cap, deadline - loop.time()))
            if self.navigations == seen or loop.time() >= deadline:
                return

    async def _quiet(self, cap: float) -> None:
        """Until no request has been in flight for QUIET seconds (at most ``cap`` seconds)."""
        loop = asyncio.get_running_loop()
        until = loop.time() + max(0.0, cap)
        while (left := until - loop.time()) > 0:
            self.changed.clear()
            if self.inflight:
                await self._wait(self.changed, left)
            elif not await self._wait(self.changed, min(self.QUIET, left)):
                return


async def form_probe(
    url: str,
    identity: dict[str, str],
    live: bool,
    browser_path: str | None = None,
    timeout: float = 30.0,
) -> tuple[FormPlan, dict[str, Any]]:
    """Find the contact form on URL and plan it; with ``live``, fill it and submit it once.

    Returns the plan and, when submitted, what happened (sent_at, final URL, HTTP status).
    Without ``live`` nothing is typed into the page and nothing is sent.
    """
    from playwright.async_api import async_playwright

    from goudenregels.crawl.browser import launch

    result: dict[str, Any] = {}
    async with async_playwright() as pw:
        browser = await launch(pw, browser_path)
        try:
            context = await browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
            page = await context.new_page()
            page.set_default_timeout(timeout * 1000)
            try:
                response = await page.goto(url, wait_until="load")
            except Exception as exc:
                raise ProbeError(f"could not load {url}: {_one_line(exc)}") from None
            if response is not None and response.status >= 400:
                raise ProbeError(f"{url} answered HTTP {response.status}")
            description = await page.evaluate(_DESCRIBE_FORM, CAPTCHA_SELECTOR)
            if description is None:
                raise UsageError(f"no visible contact form with a message field on {url}")
            plan = plan_form(description, url, identity)
            if not live or plan.problems:
                return plan, result
            for item in plan.actions:
                selector = f'[data-gr-probe="{item.index}"]'
                if item.action == "fill":
                    await page.locator(selector).fill(item.value)
                elif item.action == "select":
                    await page.locator(selector).select_option(item.value)
                elif item.action in ("check", "uncheck"):
                    await _set_box(page, selector, item.action == "check")
            invalid = await page.evaluate(_INVALID_FIELDS)
            if invalid:
                raise UsageError(
                    "the form would not accept the message (nothing was sent): "
                    + "; ".join(invalid)
                )
            watch = _SubmitWatch(page, identity["token"])
            result["sent_at"] = now_utc()
            if plan.submit_index is not None:
                button = page.locator(f'[data-gr-probe="{plan.submit_index}"]')
                try:
                    # A trial click proves the button can be clicked without clicking it, so the
                    # fallback below can never become a second submission.
                    await button.click(trial=True, timeout=5000)
                    clickable = True
                except Exception:
                    clickable = False
                if clickable:
                    await button.click(no_wait_after=True)
                else:  # covered by a banner: submit the way the button would
                    await page.evaluate(
                        "(i) => document.querySelector('[data-gr-probe-form]').requestSubmit("
                        'document.querySelector(`[data-gr-probe="${i}"]`))',
                        plan.submit_index,
                    )
            else:
                await page.evaluate(
                    "() => document.querySelector('[data-gr-probe-form]').requestSubmit()"
                )
            first = await watch.request(min(timeout, 15))
            if first is None:
                raise ProbeError(
                    "the form sent nothing after the click (a script may have stopped it); "
                    "nothing was recorded"
                )
            # Only now is page.url the page the submission led to (e.g. the thank-you page).
            await watch.finish(timeout)
            reply = watch.response
            result.update(
                final_url=page.url,
                request=f"{first.method} {first.url}",
                status=reply.status if reply is not None else None,
            )
            return plan, result
        finally:
            await browser.close()


# -- reading the mailbox ------------------------------------------------------------------------


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
        raise ProbeError(f"cannot reach the mailbox at {host}:{port}: {_one_line(exc)}") from None
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
        raise ProbeError(f"reading the mailbox at {host}:{port} failed: {_one_line(exc)}") from None
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
    fields: dict[str, Any] = {}
    events: list[str] = []

    name = data.get("name", "")
    echo_text = f"{probe.get('subject', '')}\n{question(probe['token'], name)[1] if name else ''}"
    marks = [probe["token"], data.get("from", ""), name if " " in name else ""]

    def analyse(reply: Reply) -> dict[str, Any]:
        return ack_analysis(reply.text, reply.auto, echo_text, marks)

    def at(reply: Reply) -> datetime:
        # A reply stamped before the question (a server clock behind) counts as instant.
        return max(reply.date, sent)

    if probe.get("ack_at") is None:
        reply, how = matched[0]
        analysis = analyse(reply)
        fields.update(ack_at=iso(at(reply)), ack_from=reply.sender, ack_bare=int(analysis["bare"]))
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
        if how == "sender domain":
            note.append("matched by sender domain")
        store.add_measurement(
            probe["site"],
            channel,
            probe["sent_at"],
            fields["ack_at"],
            kind="ack",
            source="probe",
            sender=reply.sender,
            note="; ".join(note),
        )
        events.append(f"acknowledgement from {reply.sender}")
    if probe.get("answer_at") is None:
        for reply, how in matched:
            analysis = analyse(reply)
            if analysis["bare"]:
                continue
            fields.update(answer_at=iso(at(reply)), answer_from=reply.sender)
            data["answer"] = {"matched_by": how, "subject": reply.subject[:200], **analysis}
            note = f"probe {probe['token']}; first real answer"
            if how == "sender domain":
                note += "; matched by sender domain"
            store.add_measurement(
                probe["site"],
                channel,
                probe["sent_at"],
                fields["answer_at"],
                kind="answer",
                source="probe",
                sender=reply.sender,
                note=note,
            )
            events.append(f"answer from {reply.sender}")
            break
    if not fields:
        return []
    fields["status"] = (
        "answered" if (fields.get("answer_at") or probe.get("answer_at")) else "acknowledged"
    )
    fields["data"] = json.dumps(data, ensure_ascii=False)
    store.update_probe(probe["id"], **fields)
    return events


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
