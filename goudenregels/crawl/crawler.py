"""The crawler: loads a site's pages in one headless Chromium, service pages first, into a snapshot.

Robustness is the design constraint: every page has one hard deadline for everything done with
it, a tab a page left in an unknown state is replaced, the pages read within a budget follow a
fixed order, and the snapshot records honestly whether the crawl finished.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from goudenregels import __version__
from goudenregels.crawl import consent, late, phone
from goudenregels.crawl import extract as ex
from goudenregels.crawl.frontier import Frontier
from goudenregels.crawl.netfetch import Fetcher
from goudenregels.crawl.page_script import (
    INIT_SCRIPT,
    MAX_HTML_CHARS,
    MAX_STYLED_ELEMENTS,
    PAGE_SCRIPT,
    READ_SCRIPT,
)
from goudenregels.crawl.scriptnav import MAX_FOUND, follow_clicks
from goudenregels.crawl.session import AccountCrawl, open_session
from goudenregels.crawl.tabs import Tab, TabPool, close_quietly
from goudenregels.errors import Interrupted, SiteError, UsageError
from goudenregels.i18n import N_, N_plural
from goudenregels.snapshot import Overlay, Page, Snapshot, SnapshotWriter, normalize_url
from goudenregels.words import prefilter, vocab
from goudenregels.words import scope as sc

ROBOTS_AGENT = "goudenregels"

LOAD_WAIT_MS = 5000
BOT_CHECK = prefilter.compile(
    r"just a moment|checking (if the site connection is secure|your browser)|verify you are human|"
    r"attention required|access denied|ddos protection|captcha|ben je een mens|robotcontrole",
    re.IGNORECASE,
)
# Beyond a page's --timeout, for reading its HTML from the server when the page's scripts kept
# the browser from reading it (a navigation loop, an alert() loop, a crashed tab).
RAW_READ_TIME = 5.0
SETTLE_TIME = 1.5  # seconds a page may take to finish the scripts and data it started
# Share of the page's time the navigation may take: the rest reads what has arrived.
NAVIGATION_SHARE = 0.75
# Beyond --max-time, for closing the browser and writing the snapshot.
CLOSE_GRACE = 15.0
SCRIPT_RETRIES = 3
MAX_RAW_BYTES = 8_000_000
# Third-party addresses kept per page for the consent checks: enough to name the trackers.
MAX_BEFORE_CONSENT = 300
# How far ahead of the next page to add the tabs may load, in tabs' worth of pages.
LOOK_AHEAD = 4

STATE_FILE = "browser-state.json"


@dataclass
class CrawlSettings:
    max_pages: int = 60
    max_depth: int = 4
    timeout: float = 20.0  # per page, seconds
    max_time: float = 600.0  # whole crawl, seconds
    concurrency: int = 4
    respect_robots: bool = True
    journeys: bool = True
    script_nav: bool = True  # click elements without an href that navigate by script
    allow_cart: bool = False  # opt-in: journeys may add one product to a cart
    browser: str | None = None
    headless: bool = True
    demo: bool = False  # the bundled demo site: its audits may replace each other
    # Behind the login (crawl/session.py): a saved session, or a login script; read-only unless
    # allow_post. Kept out of the snapshot's settings when unused, so those stay as they were.
    session: str | None = None
    login_script: str | None = None
    allow_post: bool = False
    # desktop, mobile (the whole crawl as a phone) or both (service pages read again as a phone)
    device: str = "both"

    def as_dict(self) -> dict[str, Any]:
        optional = ("session", "login_script", "allow_post")
        return {
            k: getattr(self, k)
            for k in self.__dataclass_fields__
            if k != "browser" and (k not in optional or getattr(self, k))
        }


@dataclass
class Visit:
    """What reading one URL gave: a page (maybe with an error), or a reason to skip it."""

    page: Page | None = None
    html: str | None = None
    skip: str = ""
    stored: bool = False


class _ScriptTrouble(Exception):
    """The page's scripts kept the browser from reading it (navigation loop, crash, dialogs)."""


# Chromium's network errors in words: English msgids, kept so in the snapshot and translated
# where a report shows them (checks.site.error_text).
NET_ERRORS = {
    "ERR_CONNECTION_REFUSED": N_("connection refused"),
    "ERR_NAME_NOT_RESOLVED": N_("host name not found"),
    "ERR_CONNECTION_TIMED_OUT": N_("connection timed out"),
    "ERR_TIMED_OUT": N_("timed out"),
    "ERR_ADDRESS_UNREACHABLE": N_("address unreachable"),
    "ERR_INTERNET_DISCONNECTED": N_("no network"),
    "ERR_CONNECTION_RESET": N_("connection reset"),
    "ERR_EMPTY_RESPONSE": N_("empty response"),
    "ERR_TOO_MANY_REDIRECTS": N_("too many redirects"),
    "ERR_UNSAFE_PORT": N_("the browser refuses this port"),
    "ERR_SSL_PROTOCOL_ERROR": N_("TLS error"),
    "ERR_INVALID_RESPONSE": N_("invalid response"),
    "ERR_CONTENT_LENGTH_MISMATCH": N_("the response was cut off"),
    "ERR_INCOMPLETE_CHUNKED_ENCODING": N_("the response was cut off"),
}
_SCRIPT_TROUBLE = prefilter.compile(
    r"execution context was destroyed|navigat|target (page, context or browser )?(has been )?closed|"
    r"target crashed|page crashed|frame was detached",
    re.IGNORECASE,
)


def _short_error(exc: BaseException) -> str:
    text = str(exc)
    m = re.search(r"net::(ERR_[A-Z_]+)", text)
    if m:
        code = m.group(1)
        human = NET_ERRORS.get(code) or (N_("TLS certificate problem") if "CERT" in code else "")
        return f"{human} (net::{code})" if human else f"net::{code}"
    if isinstance(exc, TimeoutError) or "Timeout" in type(exc).__name__:
        return N_("timed out")
    if "Timeout" in text.split("\n")[0]:
        return N_("timed out")
    return text.strip().split("\n")[0][:200] or type(exc).__name__


def _priority(url: str, text: str = "") -> int:
    path = urlsplit(url).path + " " + text[:200]
    return 0 if vocab.SERVICE_WORDS.search(path) else 1


class Crawler:
    def __init__(
        self,
        start_url: str,
        out_dir: str | Path,
        settings: CrawlSettings,
        gatherers: list[Any] | None = None,
        journeys: list[Any] | None = None,
        progress: Callable[[int, int, str], None] | None = None,
        warn: Callable[[str], None] | None = None,
        resume: bool = False,
    ) -> None:
        self.start_url = start_url
        self.out_dir = Path(out_dir)
        self.settings = settings
        self.gatherers = gatherers or []
        self.journeys = journeys or []
        self.progress = progress or (lambda done, total, url: None)
        self.warn = warn or (lambda msg: None)
        self.resume = resume
        # The site's country (NL, BE) as the home page shows it: a hint for reading the phone
        # numbers of pages that do not show their own address.
        self.country = ""
        self.robots: Any = None
        self.frontier = Frontier()
        self._seen: set[str] = set()
        self._done = 0
        self._deadline = 0.0
        self._crawled: set[str] = set()
        self._content: dict[int, str] = {}
        self._banner_seen = False
        self._stored: dict[str, Page] = {}
        # Where script-navigating elements led, shared by the pages of the crawl (scriptnav).
        self._click_memo: dict[str, list[str]] = {}
        self._stopped = ""
        self._chosen: tuple[Page, str | None] | None = None
        self._choice_made = False
        self._watched = 0  # service pages watched for late pop-ups (late.MAX_WATCHED at most)
        # Service pages watched for late layers in tabs taken out of the pool (_watch_later).
        self._watches: list[asyncio.Future[None]] = []
        self.writer: SnapshotWriter | None = None
        # The session crawl's guard and bookkeeping; None without --session/--login-script.
        self.account: AccountCrawl | None = None
        self._session_state: dict[str, Any] | None = None
        # The phone view (crawl/phone.py): the kind of service page each phone tab reads
        # (--device both), the screenshots taken, Playwright's device descriptors.
        self.phone_kinds: dict[int, str] = {}
        self.phone_shots: set[str] = set()
        self.phone_context: Any = None
        self.phone_view: phone.PhoneView | None = None
        self.devices: Any = {}
        self._fetcher: Fetcher | None = None

    @property
    def fetcher(self) -> Fetcher:
        """robots.txt, sitemaps, raw reads and link checks (crawl/netfetch.py)."""
        if self._fetcher is None:
            self._fetcher = Fetcher(self.context)
        return self._fetcher

    def _remaining(self) -> float:
        return self._deadline - time.monotonic()

    # -- frontier ------------------------------------------------------------------------

    def _enqueue(self, url: str, depth: int, text: str = "", priority: int | None = None) -> None:
        key = normalize_url(url)
        if self.account is not None and priority is None:
            priority = self.account.priority(key, text)
        if key in self.frontier:
            prio = _priority(key, text) if priority is None else priority
            self.frontier.add(key, prio, depth)  # found again: maybe nearer or more important
            return
        if key in self._seen or not sc.in_scope(key, self.scope):
            return
        prio = _priority(key, text) if priority is None else priority
        self._seen.add(key)
        path = urlsplit(key).path
        refused = self.account.skip(key, text) if self.account is not None else ""
        if refused:
            self.snapshot.skipped.append({"url": key, "reason": refused})
            return
        if sc.SKIP_EXTENSIONS.search(path):
            self.snapshot.skipped.append({"url": key, "reason": "not a page (file link)"})
            return
        if sc.UNSAFE_LINK.search(key):
            self.snapshot.skipped.append({"url": key, "reason": "changes state (not followed)"})
            return
        if self.robots is not None and not self.robots.can_fetch(key, ROBOTS_AGENT):
            self.snapshot.skipped.append({"url": key, "reason": "disallowed by robots.txt"})
            return
        self.frontier.add(key, prio, depth)

    # -- robots and sitemap --------------------------------------------------------------

    async def _get_text(self, context: Any, url: str, max_redirects: int = 20) -> str:
        """GET a small text resource (robots.txt, a sitemap) within the page deadline; '' on failure."""
        limit = max(1.0, min(self.settings.timeout, self._remaining()))
        answer = await self.fetcher.get(url, limit, MAX_RAW_BYTES, max_redirects)
        if not answer.ok:
            return ""
        return ex.decode_html(answer.body, answer.headers.get("content-type", ""))

    async def _load_robots(self, context: Any, origin: str) -> None:
        from protego import Protego

        body = await self._get_text(context, urljoin(origin, "/robots.txt"), max_redirects=3)
        self.robots_text = body
        try:
            self.robots = Protego.parse(body) if body else None
        except Exception:  # a robots.txt protego cannot read counts as none
            self.robots = None

    async def _sitemap_urls(self, context: Any, origin: str, limit: int = 500) -> list[str]:
        sitemaps = list(self.robots.sitemaps) if self.robots is not None else []
        if not sitemaps:
            sitemaps = [urljoin(origin, "/sitemap.xml")]
        urls: list[str] = []
        for sitemap in sitemaps[:5]:
            urls.extend(await self._read_sitemap(context, sitemap, limit, nested=True))
            if len(urls) >= limit:
                break
        return urls[:limit]

    async def _read_sitemap(self, context: Any, url: str, limit: int, nested: bool) -> list[str]:
        if not ex.safe_url(url):
            return []
        body = await self._get_text(context, url)
        locs = re.findall(r"<loc>\s*([^<\s]+)\s*</loc>", body, re.IGNORECASE)[: limit * 2]
        if nested and re.search(r"<sitemapindex", body, re.IGNORECASE):
            out: list[str] = []
            for sub in locs[:5]:
                out.extend(
                    await self._read_sitemap(context, sub.replace("&amp;", "&"), limit, False)
                )
            return out
        return [u for u in (loc.replace("&amp;", "&") for loc in locs) if ex.safe_url(u)]

    # -- reading one page ----------------------------------------------------------------

    async def _visit(self, url: str) -> Visit:
        """Read one URL with a tab from the pool, under the page's one hard deadline."""
        if url in self._stored:
            return Visit(page=self._stored[url], stored=True)
        budget = min(self.settings.timeout, self._remaining())
        if budget < 1:
            return Visit(skip="time limit")
        started = time.monotonic()
        try:
            tab = await asyncio.wait_for(self.pool.acquire(), budget)
        except TimeoutError:
            return Visit(skip="time limit")
        healthy = False
        try:
            visit = await asyncio.wait_for(self._in_tab(tab, url, False, budget), budget)
            # A tab whose page failed, or navigated on by itself, is not reused.
            healthy = not tab.hostile and not (visit.page is not None and visit.page.error)
            if visit.page is not None and normalize_url(tab.page.url) != normalize_url(
                visit.page.final_url or url
            ):
                healthy = False
        except (TimeoutError, _ScriptTrouble) as exc:
            reason = (
                tab.hostile or _short_error(exc) or "the page's scripts kept it from being read"
            )
            visit = await self._read_raw(url, self._raw_time(), reason)
        except Exception as exc:  # a page must never take the crawl down
            visit = Visit(page=Page(url=url, error=_short_error(exc)))
        finally:
            if healthy and visit.page is not None and self._watching(visit.page):
                await self._detach_to_watch(tab, visit.page, False)
            elif healthy and not self.pool.worn(tab):
                self.pool.release(tab)
            else:
                await self.pool.replace(tab)
        if visit.page is not None and not visit.page.load_ms:
            visit.page.load_ms = int((time.monotonic() - started) * 1000)
        return visit

    async def _in_tab(self, tab: Tab, url: str, first: bool, budget: float) -> Visit:
        """Navigate a tab to URL and read it; SiteError for a home page that cannot be audited."""
        started = time.monotonic()
        stalled = False
        try:
            response = await tab.page.goto(
                url, wait_until="domcontentloaded", timeout=budget * NAVIGATION_SHARE * 1000
            )
        except Exception as exc:
            reason = _short_error(exc)
            if tab.hostile or re.search(r"crash|interrupted by another navigation", str(exc), re.I):
                raise _ScriptTrouble(tab.hostile or reason) from None
            if "Download is starting" in str(exc) or "download" in reason.lower():
                if first:
                    raise SiteError(
                        f"{url} is not an HTML page (the browser downloads it)"
                    ) from None
                return Visit(skip="download, not a page")
            if reason == "timed out" and tab.page.url not in ("about:blank", ""):
                response, stalled = None, True  # read what has arrived
            elif first:
                raise SiteError(f"cannot load {url}: {reason}") from None
            else:
                return Visit(page=Page(url=url, error=reason))
        if response is not None:
            # Wait for 'load' only briefly: ads and trackers keep heavy real sites loading.
            wait = min(LOAD_WAIT_MS, budget * 250)
            with contextlib.suppress(Exception):
                await tab.page.wait_for_load_state("load", timeout=wait)
        status = response.status if response is not None else None
        headers = response.headers if response is not None else {}
        ctype = headers.get("content-type", "text/html").split(";")[0].strip().lower()
        final = tab.page.url
        if first:
            if status is not None and status >= 400:
                raise SiteError(f"the home page {url} answered HTTP {status}")
            if "html" not in ctype:
                raise SiteError(f"{url} is not an HTML page (content type {ctype})")
        if "html" not in ctype and "xml" not in ctype:
            return Visit(skip=f"not HTML ({ctype})")
        if not first and not sc.in_scope(final, self.scope):
            return Visit(skip=f"redirects off-site to {final}")
        until = started + budget - 0.5
        page, html = await self._read(tab, url, final, status, ctype, first, until)
        if not first and not self._choice_made:
            # No cookie choice was made (no banner, or none the crawl could answer): what this
            # page loads from elsewhere loads before any consent, as on the home page.
            elsewhere = [u for u in tab.requested if not sc.in_scope(u, self.scope)]
            page.requests_before_consent = list(dict.fromkeys(elsewhere))[:MAX_BEFORE_CONSENT]
        if stalled:
            page.notes.append("the page did not finish loading in time; what had arrived was read")
            has_content = page.links or page.phones or page.emails or page.forms
            if not page.error and len(page.text.split()) < 3 and not has_content:
                page.error = "the page did not finish loading and showed nothing readable"
        page.load_ms = int((time.monotonic() - started) * 1000)
        # After what the page loaded and how long it took are noted; a phone reading leaves
        # the places a page's scripts lead to the desktop crawl.
        if not first and id(tab) not in self.phone_kinds:
            await self._follow_clicks(tab, page, until)
        return Visit(page=page, html=html)

    def _raw_time(self) -> float:
        return max(0.0, min(RAW_READ_TIME, self.settings.timeout / 2, self._remaining()))

    @staticmethod
    async def _await_content(tab: Tab, until: float) -> None:
        """A script-rendered page: wait until its text appears or its network falls quiet."""
        left = max(0.0, min(10.0, (until - time.monotonic()) / 2)) * 1000
        waits = [
            asyncio.ensure_future(
                tab.page.wait_for_function(
                    "() => document.body && document.body.innerText.length >= 200", timeout=left
                )
            ),
            asyncio.ensure_future(tab.page.wait_for_load_state("networkidle", timeout=left)),
        ]
        try:
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for wait in waits:
                wait.cancel()
            await asyncio.gather(*waits, return_exceptions=True)

    async def _evaluate(self, tab: Tab, script: str, arg: Any) -> Any:
        """Run a script in the page; retry when the page navigates under it, then give up."""
        for attempt in range(SCRIPT_RETRIES):
            try:
                return await tab.page.evaluate(script, arg)
            except Exception as exc:
                if tab.hostile or not _SCRIPT_TROUBLE.search(str(exc)):
                    raise _ScriptTrouble(tab.hostile or _short_error(exc)) from None
                if attempt == SCRIPT_RETRIES - 1:
                    raise _ScriptTrouble("the page keeps navigating away") from None
                with contextlib.suppress(Exception):
                    await tab.page.wait_for_load_state("load", timeout=2000)
        raise _ScriptTrouble("the page keeps navigating away")

    async def _read(
        self,
        tab: Tab,
        url: str,
        final: str,
        status: int | None,
        ctype: str,
        first: bool,
        until: float,
    ) -> tuple[Page, str]:
        """Read the loaded page in a tab: mark hidden elements, find a banner, extract."""
        # Banners are looked for until one has been seen and dismissed on this site; a phone
        # reading looks for its own (its layers leave the banner to GR302) and changes nothing.
        extra = id(tab) in self.phone_kinds
        find_banner = first or extra or not self._banner_seen
        settle = max(0.0, min(SETTLE_TIME, (until - time.monotonic()) / 4))
        settled = time.monotonic() + settle
        await tab.settle(settle)
        # The rest of the settle time is waited in the page, by its own clock (READ_SCRIPT).
        wait_ms = int(max(0.0, settled - time.monotonic()) * 1000)
        info, got = await self._read_script(tab, find_banner, max(wait_ms, 100))
        if (info or {}).get("textLength", 0) < 200:
            # Script-rendered pages may still be fetching their content.
            await self._await_content(tab, until)
            info, got = await self._read_script(tab, find_banner, 0)
        if not first and sc.in_scope(tab.page.url, self.scope):
            final = tab.page.url  # a script sent the visitor on: this is where they are
        html = got.get("html", "") if isinstance(got, dict) else ""
        page = await asyncio.to_thread(
            ex.extract, html, final, status=status, content_type=ctype, country=self.country
        )
        if first and not self.country:
            self.country = page.country
        page.url = url
        if isinstance(got, dict) and got.get("cut"):
            page.notes.append(f"only the first {MAX_HTML_CHARS:,} characters of the page were read")
        if (info or {}).get("capped"):
            page.notes.append("the page has too many elements to judge each one's visibility")
        page.script_errors = list(tab.errors)[:20]
        self._apply_browser_info(page, info or {}, find_banner, extra)
        # A phone reading changes nothing in the desktop crawl's consent state.
        if find_banner and not extra and (first or page.cookie_banner is not None):
            await self._read_consent(tab, page)
        ex.mark_unreadable(page)
        if self.settings.device == "mobile" or extra:
            home = self.snapshot.final_url or self.start_url
            kind = self.phone_kinds.get(id(tab)) or ("home" if first else "")
            await phone.read_extras(self, tab, page, kind or phone.service_kind(page, home))
        if not page.error and not extra:
            await self._gather(tab, url, page, until)
        return page, html

    async def _read_script(self, tab: Tab, find_banner: bool, wait_ms: int) -> tuple[Any, Any]:
        """What PAGE_SCRIPT reads of the page and what HTML_SCRIPT takes, in one round trip,
        once the page is quiet (at most wait_ms of its clock); what may navigate by script is
        kept on the tab."""
        discover = self.settings.script_nav and id(tab) not in self.phone_kinds
        args = [find_banner, MAX_STYLED_ELEMENTS, MAX_HTML_CHARS, wait_ms, MAX_FOUND * discover]
        both = await self._evaluate(tab, READ_SCRIPT, args)
        if not isinstance(both, dict):
            return None, None
        tab.nav_found = both.get("nav") if discover else None
        return both.get("info"), both.get("got")

    def _watching(self, page: Page) -> bool:
        """The home page and a bounded number of service pages are watched for late layers."""
        if page.error or not late.watched(page.address) or self._watched >= late.MAX_WATCHED:
            return False
        self._watched += 1
        return True

    async def _detach_to_watch(self, tab: Tab, page: Page, home: bool) -> None:
        """Watch a page's tab for layers that come late while the pool's other tabs crawl on."""
        await self.pool.detach(tab)
        self._watches.append(asyncio.ensure_future(self._watch_later(tab, page, home)))

    async def _watch_later(self, tab: Tab, page: Page, home: bool) -> None:
        """Let the page run for late.WATCH_MS of its clock, then add what came late to it (and to
        the snapshot's record of late layers, as the page may have been written already)."""
        try:
            await self._watch_in(tab, page, home)
        except Exception:  # a page that misbehaves while watched keeps what was read on time
            pass
        finally:
            await close_quietly(tab.page)

    async def _watch_in(self, tab: Tab, page: Page, home: bool) -> None:
        until = time.monotonic() + max(0.0, min(self.settings.timeout, self._remaining()))
        await late.watch(tab.page, until)
        # The layers as the page stood when its watch ended; then a consent layer that came late.
        found = await late.late_layers(tab.page)
        if home:
            with contextlib.suppress(Exception):
                await self._late_banner(tab, page)
        late.merge(page, found)
        seen: dict[str, Any] = {"overlays": [asdict(o) for o in page.overlays]}
        if home:
            banner = page.cookie_banner
            seen["cookie_banner"] = asdict(banner) if banner is not None else None
        self.snapshot.late[page.url] = seen

    async def _watches_done(self) -> None:
        """Wait for the pages still watched (each is bounded by its own deadline)."""
        pending = [w for w in self._watches if not w.done()]
        if pending:
            await asyncio.wait(pending, timeout=late.WATCH_MS / 1000 + self.settings.timeout)

    async def _read_consent(self, tab: Tab, page: Page) -> None:
        """Name the consent platform and read its first layer (page, shadow root or frame)."""
        info = await consent.read_consent(tab.page, known=page.cookie_banner is not None)
        if info is None:
            return
        page.cookie_banner = consent.apply(page.cookie_banner, info)
        if page.cookie_banner is not None:
            self._banner_seen = True

    def _apply_browser_info(
        self, page: Page, info: dict[str, Any], find_banner: bool, extra: bool = False
    ) -> None:
        banner = info.get("banner")
        if banner:
            self._banner_seen = self._banner_seen or not extra
            page.cookie_banner = ex.detect_cookie_banner(
                banner.get("text", "") or f"(in a frame: {str(banner.get('frame', ''))[:120]})",
                list(banner.get("buttons", [])),
            )
            if page.cookie_banner is not None:
                # A banner covering most of the screen blocks the page until a choice: a wall.
                page.cookie_banner.wall = float(banner.get("coverage") or 0) >= 0.6
        if find_banner:
            page.overlays = [
                Overlay(
                    text=str(o.get("text", "")),
                    buttons=[str(b) for b in o.get("buttons", [])],
                    after_ms=int(o.get("after_ms") or 0),
                )
                for o in info.get("overlays", [])
            ]
        page.prompts = [str(p) for p in info.get("prompts", [])][:10]

    async def _gather(self, tab: Tab, url: str, page: Page, until: float) -> None:
        """Run the plugins' gatherers within what is left of the page's deadline."""
        for gatherer in self.gatherers:
            name = getattr(gatherer, "name", type(gatherer).__name__)
            left = until - time.monotonic()
            if left < 0.5:
                # The page used its time up before: not the gatherer's failure, and no warning
                # (a home page refused for it says so in one line).
                page.artifacts[name] = {"error": "no time left for it on this page"}
                continue
            try:
                value = await asyncio.wait_for(gatherer.gather(tab.page, page), left)
                if value is not None:  # None: nothing to say about this page
                    page.artifacts[name] = value
            except Exception as exc:  # a plugin's gatherer must not stop the crawl
                page.artifacts[name] = {"error": _short_error(exc)}
                self.warn(f"gatherer {name} failed on {url}: {_short_error(exc)}")

    async def _read_raw(self, url: str, budget: float, reason: str) -> Visit:
        """Read the server's HTML without the browser, when the page's scripts prevent reading it."""
        if budget < 1:
            return Visit(page=Page(url=url, error=reason))
        answer = await self.fetcher.get(url, budget, MAX_RAW_BYTES)
        if answer.status is None:
            return Visit(page=Page(url=url, error=reason))
        ctype = answer.headers.get("content-type", "text/html")
        final = answer.url or url  # in the browser a redirect's end is not told
        if (
            "html" not in ctype.lower()
            or answer.status >= 400
            or not sc.in_scope(final, self.scope)
        ):
            return Visit(page=Page(url=url, final_url=final, status=answer.status, error=reason))
        html = ex.decode_html(answer.body, ctype)
        page = await asyncio.to_thread(
            ex.extract,
            html,
            final,
            status=answer.status,
            content_type=ctype.split(";")[0],
            country=self.country,
        )
        page.url = url
        page.notes.append(f"read from the server's HTML without running its scripts ({reason})")
        ex.mark_unreadable(page)
        return Visit(page=page, html=html)

    @staticmethod
    def _check_bot_wall(home: Page) -> None:
        """A bot check instead of the site: say so rather than audit the challenge page."""
        if (
            len(home.links) <= 2
            and len(home.text) < 600
            and BOT_CHECK.search(f"{home.title}\n{home.text}")
        ):
            raise SiteError(
                f"{home.address} answered with a bot check instead of the site "
                f"('{home.title or home.text[:60]}'); ask the site owner to allow goudenregels"
            )

    async def _dismiss_banner(self, tab: Any, page: Page) -> None:
        """Get a cookie banner out of the way (refusing where offered) so later pages are clear."""
        if page.cookie_banner is None:
            return
        label = await consent.dismiss(tab, page.cookie_banner)
        if label:
            page.cookie_banner.dismissed_with = label
            await self._banner_gone(tab)

    @staticmethod
    async def _banner_gone(tab: Any) -> None:
        """Wait until the clicked banner has left the page (bounded; banners in frames too)."""
        with contextlib.suppress(Exception):
            await tab.wait_for_function(consent.GONE_SCRIPT, timeout=3000)

    # -- the crawl -----------------------------------------------------------------------

    async def run(self) -> Snapshot:
        """Crawl; whatever happens, the snapshot on disk says whether the crawl finished."""
        s = self.settings
        self._deadline = time.monotonic() + s.max_time
        self._prepare_snapshot()
        loop = asyncio.get_running_loop()
        if not os.environ.get("GOUDENREGELS_DEBUG"):
            # A hostile page can leave browser calls failing after their tab was closed; they
            # are handled where it matters, and must not print tracebacks at exit.
            loop.set_exception_handler(lambda _loop, _context: None)
        task = asyncio.current_task()
        terminated = False

        def on_term() -> None:
            nonlocal terminated
            terminated = True
            if task is not None:
                task.cancel()

        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(signal.SIGTERM, on_term)
        try:
            await asyncio.wait_for(self._crawl(), s.max_time + CLOSE_GRACE)
        except TimeoutError:
            self._stopped = self._stopped or "time limit"
        except asyncio.CancelledError:
            self._stopped = "interrupted (SIGTERM)" if terminated else "interrupted"
            self._finish()
            if terminated:
                raise Interrupted(self._interrupted_message("SIGTERM"), 143) from None
            raise
        except SiteError:
            self._stopped = "the site could not be audited"
            self._finish()
            raise
        except BaseException as exc:
            self._stopped = f"internal error ({type(exc).__name__})"
            self._finish()
            raise
        finally:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.remove_signal_handler(signal.SIGTERM)
        self._finish()
        return self.snapshot

    def _interrupted_message(self, how: str) -> str:
        kept = len(self.snapshot.pages)
        return (
            f"interrupted by {how}; the snapshot in {self.out_dir} keeps {kept} page(s): "
            "run the same command with --resume to continue"
        )

    def _prepare_snapshot(self) -> None:
        s = self.settings
        self.scope = sc.site_key(self.start_url)
        if self.resume:
            old = Snapshot.load(self.out_dir)
            if normalize_url(old.start_url) != normalize_url(self.start_url):
                raise UsageError(
                    f"{self.out_dir} holds a crawl of {old.start_url}, not {self.start_url}"
                )
            self._stored = {}
            for page in old.pages:
                self._stored.setdefault(normalize_url(page.url), page)
        self.snapshot = Snapshot(
            start_url=self.start_url,
            scope=self.scope,
            started_at=datetime.now(UTC).isoformat(timespec="seconds"),
            tool_version=__version__,
            settings=s.as_dict(),
        )
        if self.resume:
            # Their lines on disk were written before their late layers were known.
            self.snapshot.late = dict(old.late)
            self.snapshot.add_note(
                N_plural(
                    "resumed an interrupted crawl; %(count)s page was already read",
                    "resumed an interrupted crawl; %(count)s pages were already read",
                ),
                count=len(self._stored),
            )
        if not s.respect_robots:
            self.snapshot.add_note(N_("robots.txt was ignored at the auditor's request"))

    def _finish(self) -> None:
        for watch in self._watches:
            watch.cancel()  # a crawl that stopped early does not wait for late layers
        snap = self.snapshot
        snap.finished_at = datetime.now(UTC).isoformat(timespec="seconds")
        snap.stopped = self._stopped
        snap.complete = not self._stopped and self.writer is not None
        bad = sum(len(p.bad_links) for p in snap.pages)
        if bad:
            snap.add_note(
                N_plural(
                    "%(count)s malformed link was skipped", "%(count)s malformed links were skipped"
                ),
                count=bad,
            )
        snap.compute_depths()
        by_click = sum(1 for p in snap.pages if p.found_by)
        if by_click:
            snap.add_note(
                N_plural(
                    "%(count)s page was found only through a click on an element without a link "
                    "(navigation built with scripts)",
                    "%(count)s pages were found only through a click on an element without a "
                    "link (navigation built with scripts)",
                ),
                count=by_click,
            )
        unread = [p for p in snap.pages if p.unread]
        if unread:
            snap.add_note(
                N_plural("%(count)s page could not be read", "%(count)s pages could not be read"),
                count=len(unread),
            )
        if self._stopped == "time limit":
            snap.add_note(
                N_(
                    "the crawl stopped at its time limit of %(seconds)s s; "
                    "what was read by then is scored"
                ),
                seconds=f"{self.settings.max_time:.0f}",
            )
        if self.account is not None:
            self.account.finish(snap)
        if self.writer is not None:
            self.writer.close()

    async def _crawl(self) -> None:
        from playwright.async_api import async_playwright

        from goudenregels.crawl.browser import keep_driver_compiled, launch

        s = self.settings
        keep_driver_compiled()
        # The parser's import overlaps with the browser driver's start-up, which only waits.
        warm = asyncio.ensure_future(asyncio.to_thread(ex.extract, "<p>0</p>", self.start_url))
        async with async_playwright() as pw:
            browser = await launch(pw, s.browser, s.headless)
            self.devices = pw.devices
            try:
                await self._crawl_in(browser)
            finally:
                with contextlib.suppress(BaseException):
                    await asyncio.wait_for(browser.close(), 10)
                with contextlib.suppress(BaseException):
                    await warm

    async def _new_context(self, browser: Any) -> Any:
        version = browser.version.split(".")[0]
        state = self.out_dir / STATE_FILE
        view: dict[str, Any] = {
            "user_agent": (
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                f"Chrome/{version}.0.0.0 Safari/537.36 goudenregels/{__version__}"
            ),
            "viewport": {"width": 1280, "height": 900},
        }
        if self.settings.device == "mobile":
            view = phone.context_options(self.devices, __version__)
        context = await browser.new_context(
            **view,
            locale="nl-NL",
            timezone_id="Europe/Amsterdam",
            service_workers="block",
            accept_downloads=False,
            # A resumed crawl carries on with the cookie choice the first part made; a session
            # crawl starts logged in as the auditor's test account.
            storage_state=self._session_state
            or (str(state) if self.resume and state.is_file() else None),
        )
        context.set_default_timeout(self.settings.timeout * 1000)
        await context.add_init_script(INIT_SCRIPT)
        await context.add_init_script(late.WATCH_INIT_SCRIPT)
        return context

    async def _check_robots(self, context: Any, origin: str, url: str) -> None:
        await self._load_robots(context, origin)
        if self.robots is not None and not self.robots.can_fetch(url, ROBOTS_AGENT):
            raise SiteError(
                f"robots.txt of {origin} disallows {url} for crawlers; "
                "pass --ignore-robots to audit anyway (the report will say so)"
            )

    async def _crawl_in(self, browser: Any) -> None:
        s = self.settings
        self.account, self._session_state = open_session(s)
        self.context = context = await self._new_context(browser)
        self._fetcher = Fetcher(context)
        if self.account is not None:
            await self.account.begin(context, self.start_url, s.timeout)
        origin = f"{urlsplit(self.start_url).scheme}://{urlsplit(self.start_url).netloc}/"
        self.pool = TabPool(context, s.concurrency)
        # Every tab (the home page's first, the others, the phone view's) opens while robots.txt
        # is read; the sitemap is read while the home page loads.
        opening = asyncio.ensure_future(self.pool.open())
        self.phone_view = phone.PhoneView(self, browser, self.devices)
        filling = asyncio.ensure_future(self._open_others(opening))
        sitemap: asyncio.Future[list[str]] | None = None
        try:
            if s.respect_robots:
                await self._check_robots(context, origin, self.start_url)
            home_tab = await opening
            sitemap = asyncio.ensure_future(self._sitemap_urls(context, origin))
            home, html = await self._home(context, home_tab)
        except BaseException:
            await _cancel_all(opening, filling, sitemap)
            with contextlib.suppress(BaseException):
                await self.phone_view.cancel()
            raise
        await self._from_home(home, html, origin, sitemap)
        # The pages after the home page start on the tabs that are open; the others join as
        # they open. A tab that cannot be opened ends the crawl as before, once it is known.
        try:
            await self._after_home(browser, filling)
        finally:
            await _cancel_all(filling)

    async def _open_others(self, first: asyncio.Future[Tab]) -> None:
        """The other tabs open once the home page's has (all at once, they slowed its opening
        down), while robots.txt is read or the home page loads."""
        with contextlib.suppress(BaseException):
            await asyncio.shield(first)
        assert self.phone_view is not None
        self.phone_view.open()
        await self.pool.fill(self.settings.concurrency - 1)

    async def _from_home(
        self, home: Page, html: str | None, origin: str, sitemap: asyncio.Future[list[str]]
    ) -> None:
        """Record the home page and queue what it links to and what the sitemap lists."""
        s, context = self.settings, self.context
        final = normalize_url(home.final_url or self.start_url)
        self.snapshot.final_url = final
        self.writer = SnapshotWriter(self.out_dir, self.snapshot, append=self.resume)
        self._add(home, html, stored=normalize_url(self.start_url) in self._stored)
        for href in home.bad_links:
            self._seen.add(href)
            self.snapshot.skipped.append({"url": href, "reason": "malformed address"})
        self._seen.update({normalize_url(self.start_url), final})
        self._crawled.update({normalize_url(self.start_url), final})
        self._content[hash((home.title, home.text, len(home.links)))] = final
        if s.max_depth >= 1:
            for link in [*home.links, *home.clicks]:
                self._enqueue(link.href, 1, link.text)
        if self.account is not None and self.account.account_url:
            self._enqueue(self.account.account_url, 1, priority=0)
        final_origin = f"{urlsplit(final).scheme}://{urlsplit(final).netloc}/"
        if final_origin != origin:  # the home page redirected: its own site's sitemap
            await _cancel_all(sitemap)
            sitemap = asyncio.ensure_future(self._sitemap_urls(context, final_origin))
        for url in await sitemap:
            prio = 0 if vocab.SERVICE_WORDS.search(urlsplit(url).path) else 2
            self._enqueue(url, s.max_depth, priority=prio)

    async def _after_home(self, browser: Any, filling: asyncio.Future[None]) -> None:
        """The pages after the home page (the phone view reads its home page meanwhile), then
        the rest of the phone view, the link checks and the journeys."""
        s, context = self.settings, self.context
        view = self.phone_view or phone.PhoneView(self, browser, self.devices)
        view.begin()
        try:
            await self._read_pages(filling)
            if self._remaining() <= 0:
                self._stopped = "time limit"
                return
            if s.device != "desktop":
                await self._after_crawl(
                    "phone view",
                    view.finish(),
                    N_("the phone view could not be read: %(error)s"),
                )
        finally:
            await view.cancel()
        await self._after_crawl(
            "link checks",
            self._check_links(context),
            N_("the link checks could not run: %(error)s"),
        )
        # The watched pages finish while the link checks run, and before the journeys: their
        # tabs close, and the journeys' guard is set on the whole context.
        await self._watches_done()
        if s.journeys and self.journeys:
            await self._after_crawl(
                "journeys",
                self._run_journeys(context),
                N_("the journeys could not run: %(error)s"),
            )
        if self._remaining() <= 0:
            self._stopped = "time limit"
        self._note_page_limit()

    def _note_page_limit(self) -> None:
        """Say so when the page limit left pages unread that the crawl had found."""
        if len(self.frontier) and self._done >= self.settings.max_pages:
            self.snapshot.add_note(
                N_plural(
                    "the crawl stopped at its page limit of %(limit)s; %(count)s more page was "
                    "found",
                    "the crawl stopped at its page limit of %(limit)s; %(count)s more pages were "
                    "found",
                ),
                limit=self.settings.max_pages,
                count=len(self.frontier),
            )

    async def _home(self, context: Any, tab: Tab) -> tuple[Page, str | None]:
        """Read the home page alone: it settles the final URL, robots and the cookie banner."""
        key = normalize_url(self.start_url)
        if key in self._stored:
            self.pool.release(tab)
            home = self._stored[key]
            self._banner_seen = home.cookie_banner is not None
            return home, None
        try:
            result = await self._home_in(context, tab)
        except BaseException:
            await self.pool.replace(tab)
            raise
        if tab.hostile:
            await self.pool.replace(tab)
        elif result[0].error:
            self.pool.release(tab)
        else:
            await self._detach_to_watch(tab, result[0], True)  # the home page is always watched
        return result

    async def _late_banner(self, tab: Tab, home: Page) -> None:
        """A consent layer that came after the home page was read: record it and refuse."""
        if home.cookie_banner is not None:
            return
        info = await self._evaluate(tab, PAGE_SCRIPT, [True, MAX_STYLED_ELEMENTS])
        found = {"banner": (info or {}).get("banner"), "prompts": home.prompts}
        self._apply_browser_info(home, found, False)
        await late.resume(tab.page)  # the platform's scripts and the click need the page's clock
        await self._read_consent(tab, home)
        await self._dismiss_banner(tab.page, home)
        if home.cookie_banner is not None and home.cookie_banner.dismissed_with:
            self._choice_made = True

    async def _home_in(self, context: Any, tab: Tab) -> tuple[Page, str | None]:
        s = self.settings
        budget = max(1.0, min(s.timeout, self._remaining()))
        # Third-party requests before any cookie choice (observable even when they fail).
        before_consent: list[str] = []

        def record(request: Any) -> None:
            if len(before_consent) < MAX_BEFORE_CONSENT and not sc.in_scope(
                request.url, self.scope
            ):
                before_consent.append(request.url[:300])

        tab.page.on("request", record)
        try:
            visit = await asyncio.wait_for(self._in_tab(tab, self.start_url, True, budget), budget)
        except (TimeoutError, _ScriptTrouble) as exc:
            reason = tab.hostile or _short_error(exc)
            visit = await self._read_raw(self.start_url, self._raw_time(), reason)
            if visit.page is None or visit.page.error:
                why = visit.page.error if visit.page is not None else reason
                raise SiteError(f"cannot read the home page {self.start_url}: {why}") from None
            home = visit.page
            self._check_home(home)
            return home, visit.html
        home, html = visit.page, visit.html
        if home is None or home.error:
            reason = home.error if home is not None else visit.skip or "no page"
            raise SiteError(f"cannot read the home page {self.start_url}: {reason}")
        home.final_url = normalize_url(tab.page.url)
        self._check_home(home)
        if s.respect_robots:
            final_origin = f"{urlsplit(home.final_url).scheme}://{urlsplit(home.final_url).netloc}/"
            origin = f"{urlsplit(self.start_url).scheme}://{urlsplit(self.start_url).netloc}/"
            if final_origin != origin:
                await self._check_robots(context, final_origin, home.final_url)
        with contextlib.suppress(Exception):
            tab.page.remove_listener("request", record)
        home.requests_before_consent = list(dict.fromkeys(before_consent))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._after_banner(context, tab, home), budget)
        if self._chosen is not None:
            home, html = self._chosen
        await self._follow_clicks(tab, home, time.monotonic() + min(budget, self._remaining()))
        return home, html

    async def _follow_clicks(self, tab: Tab, page: Page, until: float) -> None:
        """Where the page's menu items, cards and buttons without an href lead (scriptnav)."""
        if not self.settings.script_nav or page.error or tab.hostile:
            return
        found, tab.nav_found = tab.nav_found, None
        page.clicks, blocked = await follow_clicks(
            tab,
            until,
            lambda url: sc.in_scope(url, self.scope) and ex.safe_url(url),
            self._click_memo,
            found,
        )
        if blocked:
            page.notes.append(
                "requests that could change state were blocked while clicking elements that "
                f"navigate by script: {blocked}"
            )

    async def _after_crawl(self, what: str, work: Any, note: str) -> None:
        """Run a step after the page crawl; its failure is noted, never the audit's end."""
        try:
            await work
        except Exception as exc:
            self.snapshot.add_note(note, error=_short_error(exc))
            self.warn(f"{what} failed: {_short_error(exc)}")

    def _check_home(self, home: Page) -> None:
        final = normalize_url(home.final_url or self.start_url)
        if sc.site_key(final) != self.scope:
            raise SiteError(
                f"{self.start_url} redirects to {final}, another site; audit that URL instead"
            )
        home.final_url = final
        self._check_bot_wall(home)

    async def _after_banner(self, context: Any, tab: Tab, home: Page) -> None:
        """Make the cookie choice; read the home page again when content appeared only after it."""
        self._chosen = None
        text_before = len(home.text)
        await self._dismiss_banner(tab.page, home)
        banner = home.cookie_banner
        if banner is None or not banner.dismissed_with:
            return
        self._choice_made = True
        with contextlib.suppress(Exception):
            await tab.page.wait_for_load_state("load", timeout=LOAD_WAIT_MS)
        with contextlib.suppress(Exception):
            await context.storage_state(path=str(self.out_dir / STATE_FILE))
        until = time.monotonic() + self.settings.timeout - 0.5
        try:
            again, again_html = await self._read(
                tab,
                self.start_url,
                normalize_url(tab.page.url),
                home.status,
                home.content_type,
                False,
                until,
            )
        except _ScriptTrouble:
            return
        if again.error:
            return
        if len(again.text) > 2 * text_before + 200:
            banner.wall = True  # the content appeared only after the choice
        again.final_url = home.final_url
        again.cookie_banner = banner
        again.overlays = home.overlays
        again.prompts = home.prompts
        again.requests_before_consent = home.requests_before_consent
        again.notes = list(dict.fromkeys([*home.notes, *again.notes]))
        self._chosen = (again, again_html)

    async def _read_pages(self, filling: asyncio.Future[None]) -> None:
        """Read pages in the frontier's order; tabs load the next few ahead, in that order.

        A page is added to the snapshot only when every page before it in the order has been
        added, so the pages read within the budget do not depend on which tab finished first.
        """
        s = self.settings
        tasks: dict[str, asyncio.Task[Visit]] = {}
        try:
            while self._done < s.max_pages and self._remaining() > 0:
                # Tabs work ahead on the pages that come next, never past the page budget.
                window = min(s.max_pages - self._done, LOOK_AHEAD * s.concurrency)
                ahead = self.frontier.first(max(1, window))
                if not ahead:
                    return
                running = sum(1 for t in tasks.values() if not t.done())
                for url in ahead:
                    if url not in tasks and running < s.concurrency:
                        tasks[url] = asyncio.ensure_future(self._visit(url))
                        running += 1
                head = ahead[0]
                if head in tasks and tasks[head].done():
                    self._commit(head, tasks.pop(head).result())
                    continue
                if filling.done() and not filling.cancelled() and filling.exception():
                    raise filling.exception()  # type: ignore[misc]
                # Any tab that finishes takes the next page at once, not when the head is done.
                waiting: set[asyncio.Future[Any]] = {t for t in tasks.values() if not t.done()}
                if not filling.done():
                    waiting.add(filling)
                if waiting:
                    await asyncio.wait(
                        waiting,
                        timeout=max(0.1, self._remaining()),
                        return_when=asyncio.FIRST_COMPLETED,
                    )
        finally:
            for task in tasks.values():
                task.cancel()
            if tasks:
                await asyncio.wait(tasks.values(), timeout=CLOSE_GRACE)

    def _commit(self, url: str, visit: Visit) -> None:
        """Add the next page in the frontier's order to the snapshot and queue its links."""
        depth = self.frontier.depth(url)
        self.frontier.remove(url)
        if visit.skip:
            if visit.skip != "time limit":
                self.snapshot.skipped.append({"url": url, "reason": visit.skip})
            return
        page = visit.page
        assert page is not None
        if self.account is not None:
            self.account.observe(page)
        if not page.error:
            final = normalize_url(page.final_url or url)
            if final != url and final in self._crawled:
                self.snapshot.skipped.append({"url": url, "reason": f"redirects to {final}"})
                return
            key = hash((page.title, page.text, len(page.links)))
            if key in self._content:
                self.snapshot.skipped.append(
                    {"url": url, "reason": f"same content as {self._content[key]}"}
                )
                return
            self._content[key] = url
            self._crawled.add(final)
        self._crawled.add(url)
        for href in page.bad_links:
            if href not in self._seen:
                self._seen.add(href)
                self.snapshot.skipped.append({"url": href, "reason": "malformed address"})
        self._add(page, visit.html, visit.stored)
        if not page.error and depth < self.settings.max_depth:
            for link in [*page.links, *page.clicks]:
                self._enqueue(link.href, depth + 1, link.text)

    def _add(self, page: Page, html: str | None, stored: bool) -> None:
        assert self.writer is not None
        if self.account is not None and not stored:
            html = self.account.mark(page, html)
        if stored:
            self.writer.adopt(page)
        else:
            self.writer.add_page(page, html)
        self._done += 1
        self.progress(self._done, self.settings.max_pages, page.url)
        if self.phone_view is not None:
            self.phone_view.found(page)

    async def _run_journeys(self, context: Any) -> None:
        from goudenregels.crawl.journeys import JourneyContext

        self.snapshot.compute_depths()
        ctx = JourneyContext(
            context, self.snapshot, self.out_dir, self.settings.timeout, self.settings.allow_cart
        )
        await ctx.guard()
        for journey in self.journeys:
            name = getattr(journey, "name", type(journey).__name__)
            remaining = self._deadline - time.monotonic()
            if remaining < 5:
                self.snapshot.journeys[name] = {"status": "skipped", "error": "time limit"}
                continue
            try:
                result = await asyncio.wait_for(
                    journey.run(ctx), timeout=min(remaining, self.settings.timeout * 4)
                )
            except Exception as exc:  # a journey must never take the audit down
                result = {"status": "error", "error": _short_error(exc) or type(exc).__name__}
                self.warn(f"journey {name} failed: {result['error']}")
            self.snapshot.journeys[name] = result
        if ctx.blocked:
            self.snapshot.add_note(
                N_plural(
                    "journeys blocked %(count)s request that could change state on the site "
                    "(nothing is submitted without an opt-in)",
                    "journeys blocked %(count)s requests that could change state on the site "
                    "(nothing is submitted without an opt-in)",
                ),
                count=len(ctx.blocked),
            )

    async def _check_links(self, context: Any, limit: int = 60) -> None:
        """Check where links from service pages lead when the crawl did not visit them."""
        known = {normalize_url(u) for p in self.snapshot.pages for u in (p.url, p.final_url) if u}
        targets: list[str] = []
        for page in self.snapshot.pages:
            if page.error or not (
                page.depth == 0
                or page.url == self.snapshot.final_url
                or vocab.SERVICE_WORDS.search(f"{page.url} {page.title}")
            ):
                continue
            for link in page.links:
                key = normalize_url(link.href)
                if (
                    key in known
                    or key in targets
                    or not sc.in_scope(key, self.scope)
                    or sc.UNSAFE_LINK.search(key)
                    or (self.account is not None and self.account.skip(key, link.text))
                ):
                    continue
                if self.robots is not None and not self.robots.can_fetch(key, ROBOTS_AGENT):
                    continue
                targets.append(key)
        semaphore = asyncio.Semaphore(6)

        async def probe(url: str) -> None:
            async with semaphore:
                remaining = self._deadline - time.monotonic()
                if remaining < 1:
                    return
                answer = await self.fetcher.check(url, min(self.settings.timeout, remaining, 10))
                self.snapshot.link_checks[url] = {"status": answer.status, "error": answer.error}

        await asyncio.gather(*(probe(url) for url in targets[:limit]))
        if len(targets) > limit:
            self.snapshot.add_note(
                N_plural(
                    "%(count)s more link from service pages was not checked",
                    "%(count)s more links from service pages were not checked",
                ),
                count=len(targets) - limit,
            )


async def _cancel_all(*tasks: asyncio.Future[Any] | None) -> None:
    """Cancel work started ahead that is no longer wanted, and let it end."""
    for task in tasks:
        if task is not None:
            task.cancel()
            with contextlib.suppress(BaseException):
                await task


def crawl(start_url: str, out_dir: str | Path, settings: CrawlSettings, **kw: Any) -> Snapshot:
    """Crawl synchronously (runs the asyncio loop); the snapshot is also written to ``out_dir``."""
    crawler = Crawler(start_url, out_dir, settings, **kw)
    try:
        return asyncio.run(crawler.run())
    except KeyboardInterrupt:
        raise Interrupted(crawler._interrupted_message("Ctrl-C (SIGINT)"), 130) from None
