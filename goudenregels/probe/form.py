"""The web-form probe: find a contact form, plan each field, and with --live fill and submit it."""

from __future__ import annotations

import asyncio
import contextlib
import re
from dataclasses import dataclass, field
from typing import Any

from goudenregels.errors import UsageError
from goudenregels.probe.common import ProbeError, now_utc, one_line
from goudenregels.words.vocab import MARKETING_CONSENT

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
    values = _identity_values(identity)
    radios_done: set[str] = set()
    for f in description["fields"]:
        _plan_field(plan, f, description["fields"], values, identity["message"], radios_done)
    if not _has_message(plan):
        plan.problems.append("no visible message field (textarea) in the form")
    if not any(a.role == "email" and a.action == "fill" for a in plan.actions):
        plan.problems.append("the form asks no e-mail address: the reply could not be measured")
    return plan


def _identity_values(identity: dict[str, str]) -> dict[str, str]:
    """The value for each role goudenregels may honestly fill in."""
    first, _, last = identity["name"].partition(" ")
    return {
        "email": identity["email"],
        "name": identity["name"],
        "first_name": first,
        "last_name": last or first,
        "subject": identity["subject"],
    }


def _has_message(plan: FormPlan) -> bool:
    # Only the one text area that carries the question is given the role "message".
    return any(a.role == "message" for a in plan.actions)


def _plan_field(
    plan: FormPlan,
    f: dict[str, Any],
    fields: list[dict[str, Any]],
    values: dict[str, str],
    message: str,
    radios_done: set[str],
) -> None:
    label, kind = _field_name(f), f["type"]
    if f["tag"] == "button" or kind in ("submit", "image"):
        _plan_button(plan, f)
    elif kind in ("hidden", "reset", "button") or f["disabled"] or f["readonly"]:
        return
    elif not f["visible"]:
        if f["required"] and not f["value"]:
            plan.problems.append(f"a required field is invisible ('{label}')")
    elif kind == "checkbox":
        _plan_checkbox(plan, f, label)
    elif kind == "radio":
        _plan_radio(plan, f, label, fields, radios_done)
    else:
        _plan_input(plan, f, label, values, message)


def _plan_button(plan: FormPlan, f: dict[str, Any]) -> None:
    if plan.submit_index is None and f["visible"] and not f["disabled"] and f["type"] == "submit":
        plan.submit_index = f["index"]


def _plan_checkbox(plan: FormPlan, f: dict[str, Any], label: str) -> None:
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
            f"ticked the required privacy consent '{label}': the form cannot be sent without it"
        )
    elif f["required"] and not f["checked"]:
        plan.problems.append(f"the form requires ticking '{label}'")
    else:
        plan.actions.append(FormAction(f["index"], label, "checkbox", "leave"))


def _plan_radio(
    plan: FormPlan,
    f: dict[str, Any],
    label: str,
    fields: list[dict[str, Any]],
    radios_done: set[str],
) -> None:
    """A radio group is decided once, at its first button, for all its buttons."""
    group = f["name"] or label
    if group in radios_done:
        return
    radios_done.add(group)
    siblings = [
        g for g in fields if g["type"] == "radio" and (g["name"] or _field_name(g)) == group
    ]
    if any(g["checked"] for g in siblings) or not any(g["required"] for g in siblings):
        return
    choice = next((g for g in siblings if g["visible"] and NEUTRAL_OPTION.search(g["label"])), None)
    if choice is None:
        plan.problems.append(f"the form requires a choice in '{group}' with no neutral option")
    else:
        plan.actions.append(FormAction(choice["index"], _field_name(choice), "choice", "check"))
        plan.notes.append(f"chose '{_field_name(choice)}' in the required group '{group}'")


def _plan_input(
    plan: FormPlan, f: dict[str, Any], label: str, values: dict[str, str], message: str
) -> None:
    role = _role(f)
    if f["tag"] == "select":
        _plan_select(plan, f, label, role)
    elif role == "message":
        _plan_message(plan, f, label, message)
    elif values.get(role):
        if role == "subject":
            plan.subject = values[role]
        plan.actions.append(FormAction(f["index"], label, role, "fill", values[role]))
    elif f["required"] and not f["value"]:
        plan.problems.append(
            f"the required field '{label}' ({role}) has no value goudenregels may fill"
        )
    else:
        plan.actions.append(FormAction(f["index"], label, role, "leave"))


def _plan_select(plan: FormPlan, f: dict[str, Any], label: str, role: str) -> None:
    if f["value"] or not (f["required"] or role == "subject"):
        plan.actions.append(FormAction(f["index"], label, role, "leave"))
        return
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


def _plan_message(plan: FormPlan, f: dict[str, Any], label: str, message: str) -> None:
    # The question goes into the first text area; a second one cannot be answered honestly.
    if _has_message(plan):
        if f["required"]:
            plan.problems.append(f"a second required text area '{label}'")
        return
    plan.actions.append(FormAction(f["index"], label, "message", "fill", message))


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

    from goudenregels.crawl.browser import keep_driver_compiled, launch

    keep_driver_compiled()
    async with async_playwright() as pw:
        browser = await launch(pw, browser_path)
        try:
            context = await browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
            page = await context.new_page()
            page.set_default_timeout(timeout * 1000)
            plan = plan_form(await _describe(page, url), url, identity)
            if not live or plan.problems:
                return plan, {}
            await _fill(page, plan)
            return plan, await _submit(page, plan, identity["token"], timeout)
        finally:
            await browser.close()


async def _describe(page: Any, url: str) -> dict[str, Any]:
    """Load URL and describe its contact form; a page that cannot be read stops the probe."""
    try:
        response = await page.goto(url, wait_until="load")
    except Exception as exc:
        raise ProbeError(f"could not load {url}: {one_line(exc)}") from None
    if response is not None and response.status >= 400:
        raise ProbeError(f"{url} answered HTTP {response.status}")
    description = await page.evaluate(_DESCRIBE_FORM, CAPTCHA_SELECTOR)
    if description is None:
        raise UsageError(f"no visible contact form with a message field on {url}")
    return description


async def _fill(page: Any, plan: FormPlan) -> None:
    """Carry out the plan; a form the browser itself would refuse is never submitted."""
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
            "the form would not accept the message (nothing was sent): " + "; ".join(invalid)
        )


async def _submit(page: Any, plan: FormPlan, token: str, timeout: float) -> dict[str, Any]:
    """Submit the filled form once and follow where it leads: sent_at, final URL, HTTP status."""
    watch = _SubmitWatch(page, token)
    sent_at = now_utc()
    await _press_submit(page, plan.submit_index)
    first = await watch.request(min(timeout, 15))
    if first is None:
        raise ProbeError(
            "the form sent nothing after the click (a script may have stopped it); "
            "nothing was recorded"
        )
    # Only now is page.url the page the submission led to (e.g. the thank-you page).
    await watch.finish(timeout)
    reply = watch.response
    return {
        "sent_at": sent_at,
        "final_url": page.url,
        "request": f"{first.method} {first.url}",
        "status": reply.status if reply is not None else None,
    }


async def _press_submit(page: Any, submit_index: int | None) -> None:
    if submit_index is None:
        await page.evaluate("() => document.querySelector('[data-gr-probe-form]').requestSubmit()")
        return
    button = page.locator(f'[data-gr-probe="{submit_index}"]')
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
            submit_index,
        )
