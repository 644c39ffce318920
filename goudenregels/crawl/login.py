"""Logging in for the session crawl: a login script's steps (CI) and the visible-browser login.

A login script is a YAML file of steps (goto, fill, click, press, wait), run once in the crawl's
browser context before the crawl; values may name environment variables (``${GR_PASSWORD}``) so
no secret is in the file, and no secret is ever printed: a failing step is named by its number,
kind and selector only. ``goudenregels login`` opens a visible browser for the auditor to log in
by hand and saves the session (see docs/login.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from goudenregels.errors import SiteError, UsageError
from goudenregels.words import prefilter

STEP_KINDS = ("goto", "fill", "click", "press", "wait")
_VARIABLE = prefilter.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
# Values this short are too common to mask in page text (a "1" would mask every digit).
MIN_SECRET = 4


@dataclass
class Step:
    kind: str
    selector: str = ""
    value: str = ""  # fill: the text; press: the key; goto: the address; wait: a URL pattern
    secret: bool = False  # the value came from an environment variable

    def describe(self) -> str:
        """The step for messages: never its value when that came from the environment."""
        shown = "***" if self.secret else self.value
        what = " ".join(x for x in (self.selector and repr(self.selector), shown and repr(shown)))
        return f"{self.kind} {what}".strip()


@dataclass
class LoginScript:
    steps: list[Step]
    account: str = ""  # where the account area starts (default: where the steps end)
    secrets: list[str] = field(default_factory=list)


def _expand(value: Any, where: str, env: dict[str, str]) -> tuple[str, bool]:
    """A step's value with ${NAME} taken from the environment; True when one was used."""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise UsageError(f"{where}: the value must be text")
    text = str(value)
    missing = [name for name in _VARIABLE.findall(text) if name not in env]
    if missing:
        raise UsageError(f"{where}: environment variable {missing[0]} is not set")
    return _VARIABLE.sub(lambda m: env[m.group(1)], text), bool(_VARIABLE.search(text))


def _step(item: Any, where: str, env: dict[str, str]) -> Step:
    """One step from its YAML form: {goto: URL}, {click: SELECTOR}, {fill: {selector, value}}…"""
    if not isinstance(item, dict) or len(item) != 1:
        raise UsageError(f"{where}: a step is one of {', '.join(STEP_KINDS)} with its argument")
    ((kind, arg),) = item.items()
    if kind not in STEP_KINDS:
        raise UsageError(f"{where}: unknown step '{kind}'; use {', '.join(STEP_KINDS)}")
    if kind in ("goto", "click"):
        if not isinstance(arg, str) or not arg.strip():
            raise UsageError(f"{where}: '{kind}' needs a {'URL' if kind == 'goto' else 'selector'}")
        value, secret = _expand(arg, where, env) if kind == "goto" else ("", False)
        return Step(kind, selector=arg if kind == "click" else "", value=value, secret=secret)
    if not isinstance(arg, dict):
        raise UsageError(f"{where}: '{kind}' needs a mapping, e.g. {_EXAMPLES[kind]}")
    unknown = set(arg) - _KEYS[kind]
    if unknown:
        raise UsageError(f"{where}: '{kind}' does not take '{sorted(unknown)[0]}'")
    return _keyed_step(kind, arg, where, env)


_KEYS = {"fill": {"selector", "value"}, "press": {"selector", "key"}, "wait": {"selector", "url"}}
_EXAMPLES = {
    "fill": "{selector: '#password', value: '${GR_PASSWORD}'}",
    "press": "{selector: '#password', key: Enter}",
    "wait": "{url: '**/mijn-account**'} or {selector: 'text=Uitloggen'}",
}


def _keyed_step(kind: str, arg: dict[str, Any], where: str, env: dict[str, str]) -> Step:
    selector = arg.get("selector", "")
    if selector and not isinstance(selector, str):
        raise UsageError(f"{where}: the selector must be text")
    if kind == "wait":
        url = arg.get("url", "")
        if bool(selector) == bool(url):
            raise UsageError(f"{where}: 'wait' needs either a selector or a url")
        value, secret = _expand(url, where, env) if url else ("", False)
        return Step(kind, selector=selector, value=value, secret=secret)
    needed = "value" if kind == "fill" else "key"
    if not selector or needed not in arg:
        raise UsageError(f"{where}: '{kind}' needs a selector and a {needed}")
    value, secret = _expand(arg[needed], where, env)
    return Step(kind, selector=selector, value=value, secret=secret)


def parse_login_script(path: str | Path, env: dict[str, str] | None = None) -> LoginScript:
    """Read and validate a login script; every problem is one line naming file and step."""
    import yaml

    env = dict(os.environ) if env is None else env
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"login script {path} not found") from None
    except OSError as exc:
        raise UsageError(f"cannot read login script {path}: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" (line {mark.line + 1})" if mark is not None else ""
        raise UsageError(f"login script {path} is not valid YAML{line}") from None
    account = ""
    if isinstance(data, dict):
        unknown = set(data) - {"steps", "account"}
        if unknown:
            raise UsageError(f"login script {path}: unknown key '{sorted(unknown)[0]}'")
        account = data.get("account") or ""
        if not isinstance(account, str):
            raise UsageError(f"login script {path}: 'account' must be a URL or a path")
        data = data.get("steps")
    if not isinstance(data, list) or not data:
        raise UsageError(f"login script {path}: a list of steps is needed (goto, fill, click…)")
    steps = [_step(item, f"login script {path}, step {n}", env) for n, item in enumerate(data, 1)]
    secrets = [s.value for s in steps if s.secret and len(s.value) >= MIN_SECRET]
    return LoginScript(steps, account, secrets)


async def run_login_script(
    context: Any, script: LoginScript, base: str, timeout: float, arm: Any = None
) -> str:
    """Run the steps in a new tab of the crawl's context; return the address they ended on.

    ``arm`` is called before each click and key press: the one submission it may set off."""
    tab = await context.new_page()
    tab.set_default_timeout(timeout * 1000)
    try:
        for number, step in enumerate(script.steps, 1):
            if arm is not None and step.kind in ("click", "press"):
                arm()
            try:
                await _run_step(tab, step, base, timeout)
            except Exception as exc:
                why = "timed out" if "Timeout" in type(exc).__name__ + str(exc)[:80] else "failed"
                raise SiteError(f"login script step {number} ({step.describe()}) {why}") from None
        with contextlib.suppress(Exception):
            await tab.wait_for_load_state("load", timeout=timeout * 1000)
        return urljoin(base, script.account) if script.account else tab.url
    finally:
        # Leave the page before closing the tab: its scripts stop and their requests are
        # cancelled, rather than let go unrouted by a closing tab.
        with contextlib.suppress(Exception):
            await tab.goto("about:blank", timeout=5000)
        with contextlib.suppress(Exception):
            await tab.close()


async def _run_step(tab: Any, step: Step, base: str, timeout: float) -> None:
    if step.kind == "goto":
        await tab.goto(urljoin(base, step.value), wait_until="domcontentloaded")
    elif step.kind == "fill":
        await tab.locator(step.selector).first.fill(step.value)
    elif step.kind == "click":
        await tab.locator(step.selector).first.click()
    elif step.kind == "press":
        await tab.locator(step.selector).first.press(step.value)
    elif step.selector:
        await tab.locator(step.selector).first.wait_for(state="visible")
    else:
        await tab.wait_for_url(step.value)


def mask_secrets(text: str, secrets: list[str]) -> str:
    """A text with every value the login script took from the environment replaced by ***."""
    for secret in secrets:
        text = text.replace(secret, "***")
    return text


# -- the visible browser: goudenregels login ---------------------------------------------------

NO_DISPLAY = (
    "no display for a visible browser: run 'goudenregels login' on a desktop, or under a "
    "virtual display (xvfb-run goudenregels login …), or log in with --login-script in CI"
)


def has_display() -> bool:
    """A graphical display to open a window on (Linux: X11 or Wayland; macOS, Windows: yes)."""
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


async def interactive_login(url: str, browser_path: str | None) -> tuple:
    """Open a visible browser at url; when the window closes (or Enter is pressed), return
    (storage state, the address the auditor ended on)."""
    from playwright.async_api import async_playwright

    from goudenregels.crawl.browser import keep_driver_compiled, launch

    keep_driver_compiled()
    async with async_playwright() as pw:
        browser = await launch(pw, browser_path, headless=False)
        try:
            context = await browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
            page = await context.new_page()
            try:
                await page.goto(url, wait_until="domcontentloaded")
            except Exception as exc:
                first = str(exc).strip().split("\n")[0][:200]
                raise SiteError(f"the browser could not open {url}: {first}") from None
            return await _watch(browser, context, page)
        finally:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(browser.close(), 10)


def _on_enter() -> threading.Event:
    """Set when a line is read from the terminal; an empty stdin (EOF) never sets it, so the
    window alone decides. A daemon thread: a read still waiting never holds up the exit."""
    pressed = threading.Event()

    def read() -> None:
        with contextlib.suppress(Exception):
            if sys.stdin.readline():
                pressed.set()

    threading.Thread(target=read, daemon=True).start()
    return pressed


async def _watch(browser: Any, context: Any, page: Any) -> tuple:
    """Keep the latest session until the auditor closes the window or presses Enter: a closed
    window may take the state with it, so it is read while the window is open."""
    closed = asyncio.Event()
    # The auditor is done when every window of the session is closed (an SSO pop-up may come
    # and go), or the browser itself is gone.
    context.on("close", lambda _c: closed.set())
    browser.on("disconnected", lambda _b: closed.set())
    enter = _on_enter()
    state: dict[str, Any] = await context.storage_state()
    # Where the auditor's login ended: the last page a window of the session showed, followed
    # as it navigates (a window closed right after the login leaves no time to look).
    where = [page.url]

    def follow(frame: Any) -> None:
        if frame.parent_frame is None and frame.url.startswith("http"):
            where[0] = frame.url

    context.on("page", lambda p: p.on("framenavigated", follow))
    page.on("framenavigated", follow)
    while not closed.is_set() and not enter.is_set():
        if not [p for p in context.pages if not p.is_closed()]:
            break
        with contextlib.suppress(Exception):
            state = await context.storage_state()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(closed.wait(), 0.3)
    # The context outlives its closed windows: read it once more for what the last moments set
    # (the login's own cookie); the state read while a window was open is the fallback.
    if browser.is_connected():
        with contextlib.suppress(Exception):
            state = await asyncio.wait_for(context.storage_state(), 5)
    return state, where[0]
