"""Crawling behind the login: the auditor's saved session, read-only guards, the account area.

With ``audit --session state.json`` (or ``--login-script``) the crawl's browser context carries
the test account's cookies. Then the whole crawl is read-only: every request goes through one
route that aborts anything but GET, HEAD and OPTIONS (unless ``--allow-post``) and any request to
an address that logs out; links that would log out are never followed. Pages of the account area
are marked (``Page.account``), their e-mail addresses masked, and a login page shown where an
account page was expected is recorded, so the report says the session was not (or no longer)
logged in instead of scoring a login page as the account area.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from goudenregels.errors import UsageError
from goudenregels.i18n import N_, N_plural
from goudenregels.snapshot import Form, Page, Snapshot, normalize_url
from goudenregels.words import account as words
from goudenregels.words.scope import READ_ONLY_METHODS

# Our own key in a state file: where the auditor's login ended (the account area's start).
STATE_KEY = "goudenregels"
MAX_LISTED = 50  # blocked requests and walls kept in the snapshot


def read_state(path: str | Path) -> tuple[dict[str, Any], str]:
    """A saved session: (Playwright storage state, the account URL the login ended on).

    One-line UsageError for a file that is missing or is not a storage state."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(
            f"session file {path} not found (save one with 'goudenregels login')"
        ) from None
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read session file {path}: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("cookies"), list):
        raise UsageError(
            f"{path} is not a saved session (a Playwright storage state with 'cookies')"
        )
    origins = data.get("origins") if isinstance(data.get("origins"), list) else []
    own = data.get(STATE_KEY) if isinstance(data.get(STATE_KEY), dict) else {}
    url = own.get("account_url") if isinstance(own.get("account_url"), str) else ""
    return {"cookies": data["cookies"], "origins": origins}, url


def belongs_to(path: str | Path, url: str) -> bool:
    """Whether a saved session is for the site of ``url``: the site of the account page it was
    saved on (by 'goudenregels login'), or, for a bare storage state, a site its cookies would be
    sent to (the cookie's domain is the site's host or a domain above it)."""
    from urllib.parse import urlsplit

    from goudenregels.words.scope import site_key

    state, account_url = read_state(path)
    if account_url:
        return site_key(account_url) == site_key(url)
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    for cookie in state["cookies"]:
        domain = str(cookie.get("domain") or "").lower().lstrip(".").rstrip(".")
        if domain and (host == domain or host.endswith("." + domain)):
            return True
    origins = [str(o.get("origin") or "") for o in state["origins"] if isinstance(o, dict)]
    return any(site_key(origin) == site_key(url) for origin in origins if origin)


def write_state(path: Path, state: dict[str, Any], account_url: str, force: bool) -> None:
    """Save a session to a file only its owner can read (it logs in as the test account)."""
    if path.exists() and not force:
        raise UsageError(f"{path} exists; pass --force to replace it")
    data = {**state, STATE_KEY: {"account_url": account_url}}
    tmp = path.with_name(path.name + ".tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=1)
        os.chmod(tmp, 0o600)  # an existing .tmp keeps its mode through O_CREAT
        tmp.replace(path)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None


def is_login_form(form: Form) -> bool:
    """A form that logs in: one password field, and a login button or only a few fields.

    A change-password form in the account area has two or three password fields."""
    passwords = [f for f in form.fields if f.type == "password"]
    if len(passwords) != 1:
        return False
    visible = [f for f in form.fields if f.type not in ("hidden", "submit", "button")]
    return bool(words.LOGIN_SUBMIT.search(form.submit)) or len(visible) <= 3


def shows_login(page: Page) -> bool:
    """The page asks to log in: it is a login address or shows a login form."""
    path = urlsplit(page.final_url or page.url).path
    return bool(words.LOGIN_ADDRESS.search(path)) or any(is_login_form(f) for f in page.forms)


@dataclass
class AccountCrawl:
    """What a session crawl keeps: its guard's log, logout links skipped, pages behind the login."""

    allow_post: bool = False
    account_url: str = ""
    how: str = "session"  # "session" (a saved state) or "script" (--login-script)
    logging_in: bool = False
    blocked: list[dict[str, str]] = field(default_factory=list)
    blocked_count: int = 0
    logout_skipped: list[str] = field(default_factory=list)
    walls: list[str] = field(default_factory=list)
    login_pages: list[str] = field(default_factory=list)  # login pages the crawl came across
    login_posts: int = 0
    arms: int = 0  # submissions the login script's latest click or key press may make
    scope: str = ""
    account_pages: int = 0
    script: Any = None  # a parsed login script (crawl.login.LoginScript) to run first
    secrets: list[str] = field(default_factory=list)
    # Addresses first linked from an account page and from no public page read so far.
    _from_account: set[str] = field(default_factory=set)
    _from_public: set[str] = field(default_factory=set)

    async def begin(self, context: Any, start_url: str, timeout: float) -> None:
        """Put the guard on every request of the context; run the login script if there is one.

        The script's own steps may submit the login form: while they run the guard lets other
        methods through (counted); from then on the crawl is read-only."""
        await context.route("**/*", self._route)
        if self.script is None:
            await self._page_guard(context)
            return
        from goudenregels.crawl.login import run_login_script
        from goudenregels.words.scope import site_key

        self.scope = site_key(start_url)
        self.logging_in = True
        try:
            ended = await run_login_script(context, self.script, start_url, timeout, self._arm)
        finally:
            self.logging_in, self.arms = False, 0
        self.account_url = self.account_url or ended
        await self._page_guard(context)

    async def _page_guard(self, context: Any) -> None:
        """The same rule inside every page: its scripts cannot send what the route would abort.

        A request the browser had paused for the route when its tab closed is let go by the
        driver, unrouted; stopping it in the page first closes that gap."""
        if self.allow_post:
            return
        await context.expose_binding("__grReadOnly", self._page_blocked)
        await context.add_init_script(READ_ONLY_SCRIPT)

    def _page_blocked(self, source: Any, method: Any, url: Any) -> None:
        self.blocked_count += 1
        with contextlib.suppress(Exception):
            url = urljoin(source["frame"].url, str(url))  # a page's own relative address
        item = {"method": str(method)[:10], "url": str(url)[:300], "why": "state change"}
        if len(self.blocked) < MAX_LISTED and item not in self.blocked:
            self.blocked.append(item)

    async def _route(self, route: Any) -> None:
        request = route.request
        if not self.logging_in and words.LOGOUT.search(_path_query(request.url)):
            self._block(request, "logout")
            await route.abort("blockedbyclient")
            return
        if request.method in READ_ONLY_METHODS or self.allow_post:
            await route.fallback()
            return
        if self.logging_in and self.arms and _own_submit(request, self.scope):
            # The click or key press the login script's step just made submits the login form
            # (a form post or the site's own fetch): that one request goes through, and no other.
            self.arms -= 1
            self.login_posts += 1
            await route.fallback()
            return
        self._block(request, "state change")
        await route.abort("blockedbyclient")

    def _arm(self) -> None:
        self.arms = 1

    def _block(self, request: Any, why: str) -> None:
        self.blocked_count += 1
        item = {"method": request.method, "url": request.url[:300], "why": why}
        if len(self.blocked) < MAX_LISTED and item not in self.blocked:
            self.blocked.append(item)

    def skip(self, url: str, text: str) -> str:
        """Why a link must not be followed in a session crawl ('' to follow it)."""
        if words.is_logout(text, _path_query(url)):
            if url not in self.logout_skipped and len(self.logout_skipped) < MAX_LISTED:
                self.logout_skipped.append(url)
            return "logout (would end the session)"
        if words.DESTRUCTIVE.search(urlsplit(url).path):
            return "changes the account (not followed)"
        return ""

    def priority(self, url: str, text: str) -> int | None:
        """Account pages come first, like service pages; None: the crawler's own order."""
        if words.ACCOUNT_AREA.search(urlsplit(url).path) or words.ACCOUNT_AREA.search(text):
            return 0
        return None

    def mark(self, page: Page, html: str | None) -> str | None:
        """Mark an account page (its e-mail addresses masked); note a login page shown instead.

        Every page has the login script's secrets masked (a site may echo the user name)."""
        if self.secrets:
            html = self._hide_secrets(page, html)
        key = normalize_url(page.url)
        if page.error:
            return html
        if shows_login(page):
            self._note_links(page, account=False)
            return html
        final = urlsplit(page.final_url or page.url)
        in_area = bool(
            words.ACCOUNT_AREA.search(final.path)
            or words.ACCOUNT_AREA.search(page.title)
            or (key in self._from_account and key not in self._from_public)
        )
        self._note_links(page, account=in_area)
        if not in_area:
            return html
        page.account = True
        self.account_pages += 1
        _mask_page(page)
        return words.mask_emails(html) if html is not None else None

    def observe(self, page: Page) -> None:
        """Note a login page shown where an account page was asked for: the session is not
        (or no longer) logged in. Called for every page read, before duplicates are dropped."""
        wanted = urlsplit(page.url).path
        expected = bool(words.ACCOUNT_AREA.search(wanted)) and not words.LOGIN_ADDRESS.search(
            wanted
        )
        if page.error or not shows_login(page):
            return
        wall = expected or normalize_url(page.url) in self._from_account
        target = self.walls if wall else self.login_pages
        if page.url not in target and len(target) < MAX_LISTED:
            target.append(page.url)

    def _hide_secrets(self, page: Page, html: str | None) -> str | None:
        from goudenregels.crawl.login import mask_secrets

        page.text = mask_secrets(page.text, self.secrets)
        page.hidden_text = mask_secrets(page.hidden_text, self.secrets)
        for form in page.forms:
            for item in form.fields:
                item.label = mask_secrets(item.label, self.secrets)
        return mask_secrets(html, self.secrets) if html is not None else None

    def _note_links(self, page: Page, account: bool) -> None:
        target = self._from_account if account else self._from_public
        for link in page.links:
            target.add(normalize_url(link.href))

    def finish(self, snapshot: Snapshot) -> None:
        """Record what the session crawl saw and did, in the snapshot and its notes."""
        if not self.account_pages and not self.walls:
            # No account page at all, and the site showed its login page to a crawl that was
            # meant to be logged in (a valid session usually skips it): not logged in either.
            self.walls = list(self.login_pages)
        snapshot.session = {
            "how": self.how,
            "logged_in": self.account_pages > 0,
            "account_url": self.account_url,
            "account_pages": self.account_pages,
            "login_walls": self.walls,
            "logout_skipped": self.logout_skipped,
            "blocked": self.blocked,
            "blocked_count": self.blocked_count,
            "allow_post": self.allow_post,
        }
        if self.blocked_count:
            snapshot.add_note(
                N_plural(
                    "the session crawl blocked %(count)s request that could change the test "
                    "account (read-only: only GET is sent)",
                    "the session crawl blocked %(count)s requests that could change the test "
                    "account (read-only: only GET is sent)",
                ),
                count=self.blocked_count,
            )
        if self.logout_skipped:
            snapshot.add_note(
                N_plural(
                    "%(count)s logout link was not followed, so the session stayed logged in",
                    "%(count)s logout links were not followed, so the session stayed logged in",
                ),
                count=len(self.logout_skipped),
            )
        if self.walls and not self.account_pages:
            snapshot.add_note(N_("the session was not logged in: account pages showed a login"))


# Run in every page of a session crawl (after the login): fetch, XMLHttpRequest, sendBeacon and
# form.submit() with any method but GET, HEAD or OPTIONS fail in the page and are reported.
READ_ONLY_SCRIPT = """(() => {
  const safe = (m) => !m || ['GET', 'HEAD', 'OPTIONS'].includes(String(m).toUpperCase());
  const tell = (m, u) => { try { window.__grReadOnly(String(m), String(u)); } catch (e) {} };
  const fetch0 = window.fetch;
  if (fetch0) window.fetch = function (input, init) {
    const m = (init && init.method) || (input && input.method) || 'GET';
    if (!safe(m)) {
      tell(m, (input && input.url) || input);
      return Promise.reject(new TypeError('read-only: blocked by goudenregels'));
    }
    return fetch0.apply(this, arguments);
  };
  const XHR = window.XMLHttpRequest && XMLHttpRequest.prototype;
  if (XHR) {
    const open0 = XHR.open, send0 = XHR.send;
    XHR.open = function (m, u) { this.__grM = m; this.__grU = u; return open0.apply(this, arguments); };
    XHR.send = function () {
      if (!safe(this.__grM)) { tell(this.__grM, this.__grU); return; }
      return send0.apply(this, arguments);
    };
  }
  if (navigator.sendBeacon) navigator.sendBeacon = (u) => { tell('POST', u); return false; };
  const F = window.HTMLFormElement && HTMLFormElement.prototype;
  if (F) for (const name of ['submit', 'requestSubmit']) {
    const orig = F[name];
    if (orig) F[name] = function () {
      if (!safe(this.method)) { tell(this.method, this.action); return; }
      return orig.apply(this, arguments);
    };
  }
})();"""


def _path_query(url: str) -> str:
    """An address without its host: '/index.php?action=logout' says logout, 'logout.nl' not."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def _own_submit(request: Any, scope: str) -> bool:
    """A request a login form's submission makes: a navigation, or the site's own fetch or XHR
    (not a beacon, not a third party's tracker)."""
    from goudenregels.words.scope import in_scope

    if not in_scope(request.url, scope):
        return False
    with contextlib.suppress(Exception):
        if request.is_navigation_request():
            return True
    return request.resource_type in ("fetch", "xhr", "document")


def check_session_options(options: Any) -> None:
    """Refuse a session file or login script that cannot work before the crawl starts."""
    if options.allow_post and not (options.session or options.login_script):
        raise UsageError("--allow-post only applies with --session or --login-script")
    if options.session:
        read_state(options.session)
    if options.login_script:
        from goudenregels.crawl.login import parse_login_script

        parse_login_script(options.login_script)


def open_session(settings: Any) -> tuple[AccountCrawl | None, dict[str, Any] | None]:
    """The session crawl the settings ask for, and the storage state to start the context with."""
    if not settings.session and not settings.login_script:
        return None, None
    crawl = AccountCrawl(allow_post=settings.allow_post)
    state = None
    if settings.session:
        state, crawl.account_url = read_state(settings.session)
    if settings.login_script:
        from goudenregels.crawl.login import parse_login_script

        crawl.script = parse_login_script(settings.login_script)
        crawl.secrets = crawl.script.secrets
        crawl.how = "script" if not settings.session else "session and script"
    return crawl, state


def _mask_page(page: Page) -> None:
    """The test account's e-mail address is personal data: masked wherever the page keeps it."""
    page.text = words.mask_emails(page.text)
    page.hidden_text = words.mask_emails(page.hidden_text)
    for email in page.emails:
        email.address = words.mask_email(email.address)
        email.context = words.mask_emails(email.context)
    for link in page.links:
        if link.href.lower().startswith("mailto:"):
            link.href = words.mask_emails(link.href)
        link.text = words.mask_emails(link.text)
