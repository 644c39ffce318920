"""The crawler: loads a site's pages in one headless Chromium, service pages first, into a snapshot."""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from goudenregels import __version__
from goudenregels.crawl import extract as ex
from goudenregels.crawl import scope as sc
from goudenregels.errors import SiteError
from goudenregels.snapshot import Overlay, Page, Snapshot, SnapshotWriter, normalize_url

ROBOTS_AGENT = "goudenregels"

# Words in a URL or link text that mark a page customers need: crawled before anything else.
SERVICE_WORDS = re.compile(
    r"contact|klantenservice|klanten-service|service|klacht|complaint|retour|return|ruilen|"
    r"voorwaarden|terms|conditions|veelgestelde|faq|vragen|help|support|inlog|login|sign-?in|"
    r"account|mijn|winkelwagen|cart|checkout|afrekenen|bezorg|verzend|shipping|delivery|"
    r"openingstijden|bereikbaar|opzeggen|cancel|privacy|cookie|over-ons|about|bellen|telefoon|"
    r"herroep|withdraw|bedenktijd",
    re.IGNORECASE,
)
LOAD_WAIT_MS = 5000
BOT_CHECK = re.compile(
    r"just a moment|checking (if the site connection is secure|your browser)|verify you are human|"
    r"attention required|access denied|ddos protection|captcha|ben je een mens|robotcontrole",
    re.IGNORECASE,
)
_BLOCKED_RESOURCES = re.compile(
    r"\.(png|jpe?g|gif|webp|avif|svg|ico|bmp|woff2?|ttf|otf|eot|mp4|webm|ogg|mp3|wav|m4a|mov)"
    r"(\?.*)?$",
    re.IGNORECASE,
)

# Marks what the browser does not show, and reads the first layer of a cookie banner.
PAGE_SCRIPT = r"""
(findBanner) => {
  // A page may be read twice (after a cookie choice): start from a clean slate.
  for (const el of document.querySelectorAll('[data-gr-hidden]')) el.removeAttribute('data-gr-hidden');
  const native = typeof Element.prototype.checkVisibility === 'function';
  const hidden = (el) => {
    if (native && !el.checkVisibility({opacityProperty: true, visibilityProperty: true})) {
      // checkVisibility is false for display:contents too; those still show their children.
      if (getComputedStyle(el).display !== 'contents') return true;
    }
    const s = getComputedStyle(el);
    if (s.display === 'none' || s.visibility === 'hidden' || s.visibility === 'collapse') return true;
    if (parseFloat(s.opacity) === 0) return true;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0 && s.overflow === 'hidden') return true;
    if (s.clip === 'rect(0px, 0px, 0px, 0px)' || s.clipPath === 'inset(50%)') return true;
    return false;
  };
  const walk = (el) => {
    for (const child of el.children) {
      const tag = child.tagName;
      if (tag === 'SCRIPT' || tag === 'STYLE' || tag === 'TEMPLATE') continue;
      if (hidden(child)) { child.setAttribute('data-gr-hidden', '1'); continue; }
      walk(child);
    }
  };
  if (document.body) walk(document.body);
  const textLength = document.body ? document.body.innerText.length : 0;
  if (!findBanner) return {banner: null, textLength};
  const words = /cookie|consent|toestemming|privacy|gdpr|avg/i;
  const names = /cookie|consent|gdpr|cmp|onetrust|cookiebot|didomi|cybot|qc-cmp|truste|usercentrics|iubenda|klaro|osano|complianz|cky-/i;
  let banner = null;
  const cands = Array.from(document.querySelectorAll('body *')).filter((el) => {
    if (el.hasAttribute('data-gr-hidden') || el.closest('[data-gr-hidden]')) return false;
    const id = (el.id || '') + ' ' + (typeof el.className === 'string' ? el.className : '');
    const role = el.getAttribute('role') || '';
    const pos = getComputedStyle(el).position;
    return (names.test(id) || role === 'dialog' || role === 'alertdialog' || pos === 'fixed' || pos === 'sticky')
      && words.test(el.innerText || '') && el.querySelector('button, a, [role=button], input[type=button], input[type=submit]');
  });
  // The outermost match is the banner; inner matches are parts of it.
  for (const el of cands) {
    if (!cands.some((o) => o !== el && o.contains(el))) { banner = el; break; }
  }
  let out = null;
  if (banner) {
    const buttons = Array.from(banner.querySelectorAll('button, a, [role=button], input[type=button], input[type=submit]'))
      .filter((b) => !b.closest('[data-gr-hidden]'))
      .map((b) => (b.innerText || b.value || b.getAttribute('aria-label') || '').trim())
      .filter((t) => t);
    const r = banner.getBoundingClientRect();
    const coverage = (Math.min(r.width, innerWidth) * Math.min(r.height, innerHeight)) / (innerWidth * innerHeight);
    out = {text: (banner.innerText || '').slice(0, 800), buttons: buttons.slice(0, 12), coverage};
    banner.setAttribute('data-gr-cookie-banner', '1');
  }
  if (!out) {
    // Consent platforms that render their banner in a frame (Sourcepoint, TrustArc, ...).
    const frame = Array.from(document.querySelectorAll('iframe')).find((f) =>
      !f.closest('[data-gr-hidden]') && names.test((f.id || '') + ' ' + (f.src || '') + ' ' + (f.title || '')));
    if (frame) out = {text: '', buttons: [], frame: frame.src || frame.id || frame.title};
  }
  // Layers over the page on arrival (newsletter pop-ups, age gates), not the cookie banner.
  const overlays = [];
  for (const el of document.querySelectorAll('body *')) {
    if (overlays.length >= 5) break;
    if (el.closest('[data-gr-hidden], [data-gr-cookie-banner], header, nav')) continue;
    const role = el.getAttribute('role') || '';
    const modal = role === 'dialog' || role === 'alertdialog' || el.getAttribute('aria-modal') === 'true' || el.tagName === 'DIALOG';
    const pos = getComputedStyle(el).position;
    if (!modal && pos !== 'fixed') continue;
    const r = el.getBoundingClientRect();
    if (r.width * r.height < innerWidth * innerHeight * 0.08) continue;
    if (overlays.some((o) => o.el.contains(el))) continue;
    const text = (el.innerText || '').trim();
    if (text.length < 15) continue;
    const buttons = Array.from(el.querySelectorAll('button, a, [role=button], input[type=submit]'))
      .map((b) => (b.innerText || b.value || b.getAttribute('aria-label') || '').trim()).filter((t) => t);
    overlays.push({el, text: text.slice(0, 400), buttons: buttons.slice(0, 8)});
  }
  return {
    banner: out, textLength,
    overlays: overlays.map((o) => ({text: o.text, buttons: o.buttons})),
    prompts: window.__grPrompts || [],
  };
}
"""

# Records permission prompts a page asks for while loading (no prompt is shown headless).
INIT_SCRIPT = r"""
(() => {
  window.__grPrompts = [];
  const note = (kind) => { if (!window.__grPrompts.includes(kind)) window.__grPrompts.push(kind); };
  try {
    if (window.Notification && Notification.requestPermission) {
      const orig = Notification.requestPermission.bind(Notification);
      Notification.requestPermission = (...a) => { note('notifications'); return orig(...a); };
    }
    if (navigator.geolocation) {
      for (const name of ['getCurrentPosition', 'watchPosition']) {
        const orig = navigator.geolocation[name].bind(navigator.geolocation);
        navigator.geolocation[name] = (...a) => { note('geolocation'); return orig(...a); };
      }
    }
    if (window.PushManager && PushManager.prototype.subscribe) {
      const orig = PushManager.prototype.subscribe;
      PushManager.prototype.subscribe = function (...a) { note('notifications'); return orig.apply(this, a); };
    }
  } catch (e) {}
})();
"""

DISMISS_PREFERENCE = [
    re.compile(
        r"weiger|alleen (noodzakelijk|functione|essenti)|reject|decline|deny|niet akkoord|"
        r"nee,? bedankt|necessary only|only necessary",
        re.IGNORECASE,
    ),
    re.compile(r"accept|akkoord|toestaan|allow|agree|^ok|prima|ja,? ", re.IGNORECASE),
    re.compile(r"sluit|close|×|✕", re.IGNORECASE),
]


BLOCKED_EXTENSIONS = [
    "png",
    "jpg",
    "jpeg",
    "gif",
    "webp",
    "avif",
    "svg",
    "ico",
    "bmp",
    "woff",
    "woff2",
    "ttf",
    "otf",
    "eot",
    "mp4",
    "webm",
    "ogg",
    "mp3",
    "wav",
    "m4a",
    "mov",
]


async def _block_heavy_resources(context: Any, tab: Any) -> None:
    """Images, media and fonts are never read: block them inside Chromium's network stack.

    The DevTools blocklist costs nothing per request; Playwright's route() is the fallback,
    which sends every request through the driver.
    """
    patterns = [p for ext in BLOCKED_EXTENSIONS for p in (f"*.{ext}", f"*.{ext}?*")]
    try:
        cdp = await context.new_cdp_session(tab)
        await cdp.send("Network.enable")
        await cdp.send("Network.setBlockedURLs", {"urls": patterns})
    except Exception:
        await tab.route(_BLOCKED_RESOURCES, lambda route: route.abort())


@dataclass
class CrawlSettings:
    max_pages: int = 60
    max_depth: int = 4
    timeout: float = 20.0  # per page, seconds
    max_time: float = 600.0  # whole crawl, seconds
    concurrency: int = 4
    respect_robots: bool = True
    journeys: bool = True
    allow_cart: bool = False  # opt-in: journeys may add one product to a cart
    browser: str | None = None
    headless: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "browser"}


@dataclass(order=True)
class _Item:
    priority: int
    depth: int
    order: int
    url: str = field(compare=False)


NET_ERRORS = {
    "ERR_CONNECTION_REFUSED": "connection refused",
    "ERR_NAME_NOT_RESOLVED": "host name not found",
    "ERR_CONNECTION_TIMED_OUT": "connection timed out",
    "ERR_TIMED_OUT": "timed out",
    "ERR_ADDRESS_UNREACHABLE": "address unreachable",
    "ERR_INTERNET_DISCONNECTED": "no network",
    "ERR_CONNECTION_RESET": "connection reset",
    "ERR_EMPTY_RESPONSE": "empty response",
    "ERR_TOO_MANY_REDIRECTS": "too many redirects",
    "ERR_UNSAFE_PORT": "the browser refuses this port",
    "ERR_SSL_PROTOCOL_ERROR": "TLS error",
}


def _short_error(exc: BaseException) -> str:
    text = str(exc)
    m = re.search(r"net::(ERR_[A-Z_]+)", text)
    if m:
        code = m.group(1)
        human = NET_ERRORS.get(code) or ("TLS certificate problem" if "CERT" in code else "")
        return f"{human} (net::{code})" if human else f"net::{code}"
    if "Timeout" in type(exc).__name__ or "Timeout" in text.split("\n")[0]:
        return "timed out"
    return text.strip().split("\n")[0][:200] or type(exc).__name__


def _priority(url: str, text: str = "") -> int:
    path = urlsplit(url).path + " " + text
    return 0 if SERVICE_WORDS.search(path) else 1


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
    ) -> None:
        self.start_url = start_url
        self.out_dir = Path(out_dir)
        self.settings = settings
        self.gatherers = gatherers or []
        self.journeys = journeys or []
        self.progress = progress or (lambda done, total, url: None)
        self.warn = warn or (lambda msg: None)
        self.robots: Any = None
        self._heap: list[_Item] = []
        self._seen: set[str] = set()
        self._counter = itertools.count()
        self._active = 0
        self._done = 0
        self._deadline = 0.0
        self._wake = asyncio.Event()
        self._crawled: set[str] = set()
        self._content: dict[int, str] = {}
        self._banner_seen = False

    # -- frontier ------------------------------------------------------------------------

    def _enqueue(self, url: str, depth: int, text: str = "", priority: int | None = None) -> None:
        key = normalize_url(url)
        if key in self._seen or not sc.in_scope(key, self.scope):
            return
        path = urlsplit(key).path
        if sc.SKIP_EXTENSIONS.search(path):
            self._seen.add(key)
            self.snapshot.skipped.append({"url": key, "reason": "not a page (file link)"})
            return
        if sc.UNSAFE_LINK.search(key):
            self._seen.add(key)
            self.snapshot.skipped.append({"url": key, "reason": "changes state (not followed)"})
            return
        if self.robots is not None and not self.robots.can_fetch(key, ROBOTS_AGENT):
            self._seen.add(key)
            self.snapshot.skipped.append({"url": key, "reason": "disallowed by robots.txt"})
            return
        self._seen.add(key)
        prio = _priority(key, text) if priority is None else priority
        heapq.heappush(self._heap, _Item(prio, depth, next(self._counter), key))
        self._wake.set()

    # -- robots and sitemap --------------------------------------------------------------

    async def _load_robots(self, context: Any, origin: str) -> None:
        from protego import Protego

        try:
            resp = await context.request.get(
                urljoin(origin, "/robots.txt"),
                timeout=self.settings.timeout * 1000,
                max_redirects=3,
            )
            body = await resp.text() if resp.ok else ""
        except Exception:
            body = ""
        self.robots_text = body
        self.robots = Protego.parse(body) if body else None

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
        try:
            resp = await context.request.get(url, timeout=self.settings.timeout * 1000)
            if not resp.ok:
                return []
            body = await resp.text()
        except Exception:
            return []
        locs = re.findall(r"<loc>\s*([^<\s]+)\s*</loc>", body, re.IGNORECASE)[: limit * 2]
        if nested and re.search(r"<sitemapindex", body, re.IGNORECASE):
            out: list[str] = []
            for sub in locs[:5]:
                out.extend(
                    await self._read_sitemap(context, sub.replace("&amp;", "&"), limit, False)
                )
            return out
        return [loc.replace("&amp;", "&") for loc in locs]

    # -- loading one page ----------------------------------------------------------------

    async def _load(
        self, tab: Any, url: str, errors: list[str], first: bool = False
    ) -> tuple[Page | None, str | None]:
        """Load one URL in a tab; return the extracted page and its HTML (None when skipped)."""
        started = time.monotonic()
        errors.clear()
        timeout_ms = max(
            1000.0, min(self.settings.timeout, self._deadline - time.monotonic()) * 1000
        )
        try:
            response = await tab.goto(url, wait_until="domcontentloaded", timeout=timeout_ms)
            # Wait for 'load' only briefly: ads and trackers keep heavy real sites loading.
            with contextlib.suppress(Exception):
                await tab.wait_for_load_state("load", timeout=min(timeout_ms, LOAD_WAIT_MS))
        except Exception as exc:
            reason = _short_error(exc)
            if "Download is starting" in str(exc) or "download" in reason.lower():
                if first:
                    raise SiteError(
                        f"{url} is not an HTML page (the browser downloads it)"
                    ) from None
                self.snapshot.skipped.append({"url": url, "reason": "download, not a page"})
                return None, None
            if reason == "timed out" and tab.url not in ("about:blank", ""):
                response = None  # slow subresources: read what has rendered
            elif first:
                raise SiteError(f"cannot load {url}: {reason}") from None
            else:
                return Page(
                    url=url, error=reason, load_ms=int((time.monotonic() - started) * 1000)
                ), None
        status = response.status if response is not None else None
        headers = response.headers if response is not None else {}
        ctype = headers.get("content-type", "text/html").split(";")[0].strip().lower()
        final = tab.url
        if first:
            if status is not None and status >= 400:
                raise SiteError(f"the home page {url} answered HTTP {status}")
            if "html" not in ctype:
                raise SiteError(f"{url} is not an HTML page (content type {ctype})")
        if "html" not in ctype and "xml" not in ctype:
            self.snapshot.skipped.append({"url": url, "reason": f"not HTML ({ctype})"})
            return None, None
        if not first and not sc.in_scope(final, self.scope):
            self.snapshot.skipped.append({"url": url, "reason": f"redirects off-site to {final}"})
            return None, None
        if not first and normalize_url(final) != url:
            if normalize_url(final) in self._crawled:
                return None, None  # a redirect to a page already read
            self._crawled.add(normalize_url(final))
        return await self._read(tab, url, final, status, ctype, errors, started, first)

    async def _read(
        self,
        tab: Any,
        url: str,
        final: str,
        status: int | None,
        ctype: str,
        errors: list[str],
        started: float,
        first: bool,
    ) -> tuple[Page | None, str | None]:
        """Read the loaded page in a tab: mark hidden elements, find a banner, extract."""
        try:
            # Banners are looked for until one has been seen and dismissed on this site.
            find_banner = first or not self._banner_seen
            info = await tab.evaluate(PAGE_SCRIPT, find_banner)
            if (info or {}).get("textLength", 0) < 200:
                # Script-rendered pages may still be fetching their content.
                with contextlib.suppress(Exception):
                    await tab.wait_for_load_state("networkidle", timeout=3000)
                info = await tab.evaluate(PAGE_SCRIPT, find_banner)
            html = await tab.content()
        except Exception as exc:
            return Page(url=url, final_url=final, status=status, error=_short_error(exc)), None
        page = await asyncio.to_thread(ex.extract, html, final, status=status, content_type=ctype)
        page.url = url
        page.load_ms = int((time.monotonic() - started) * 1000)
        page.script_errors = list(errors)[:20]
        banner = (info or {}).get("banner")
        if banner:
            self._banner_seen = True
            page.cookie_banner = ex.detect_cookie_banner(
                banner.get("text", "") or f"(in a frame: {banner.get('frame', '')[:120]})",
                banner.get("buttons", []),
            )
            # A banner covering most of the screen blocks the page until a choice: a wall.
            page.cookie_banner.wall = float(banner.get("coverage") or 0) >= 0.6
        if find_banner:
            page.overlays = [
                Overlay(text=o.get("text", ""), buttons=list(o.get("buttons", [])))
                for o in (info or {}).get("overlays", [])
            ]
        page.prompts = list((info or {}).get("prompts", []))
        for gatherer in self.gatherers:
            name = getattr(gatherer, "name", type(gatherer).__name__)
            try:
                value = await asyncio.wait_for(
                    gatherer.gather(tab, page), timeout=self.settings.timeout
                )
                if value is not None:  # None: nothing to say about this page
                    page.artifacts[name] = value
            except Exception as exc:  # a plugin's gatherer must not stop the crawl
                page.artifacts[name] = {"error": _short_error(exc)}
                self.warn(f"gatherer {name} failed on {url}: {_short_error(exc)}")
        return page, html

    @staticmethod
    def _check_bot_wall(home: Page) -> None:
        """A bot check instead of the site: say so rather than audit the challenge page."""
        if (
            len(home.links) <= 2
            and len(home.text) < 600
            and BOT_CHECK.search(f"{home.title}\n{home.text}")
        ):
            raise SiteError(
                f"{home.final_url or home.url} answered with a bot check instead of the site "
                f"('{home.title or home.text[:60]}'); ask the site owner to allow goudenregels"
            )

    async def _dismiss_banner(self, tab: Any, page: Page) -> None:
        """Get a cookie banner out of the way (refusing where offered) so later pages are clear."""
        if page.cookie_banner is None:
            return
        buttons = tab.locator(
            "[data-gr-cookie-banner] :is(button, a, [role=button], input[type=button], input[type=submit])"
        )
        try:
            labels = await buttons.evaluate_all(
                "els => els.map(b => (b.innerText || b.value || b.getAttribute('aria-label') || '').trim())"
            )
        except Exception:
            return
        targets = [(buttons, labels)]
        if not labels:
            for frame in tab.frames[1:]:
                if re.search(r"consent|cmp|cookie|privacy|sourcepoint|trustarc", frame.url, re.I):
                    found = frame.locator("button, a, [role=button]")
                    try:
                        frame_labels = await found.evaluate_all(
                            "els => els.map(b => (b.innerText || b.getAttribute('aria-label') || '').trim())"
                        )
                    except Exception:
                        continue
                    page.cookie_banner.buttons = [b[:80] for b in frame_labels if b][:12]
                    targets.append((found, frame_labels))
        for pattern in DISMISS_PREFERENCE:
            for locator, names in targets:
                for i, label in enumerate(names):
                    if label and pattern.search(label):
                        try:
                            await locator.nth(i).click(timeout=3000, no_wait_after=True)
                            page.cookie_banner.dismissed_with = label[:80]
                            await asyncio.sleep(0.2)
                            return
                        except Exception:
                            continue

    # -- the crawl -----------------------------------------------------------------------

    async def run(self) -> Snapshot:
        from playwright.async_api import async_playwright

        from goudenregels.crawl.browser import launch

        s = self.settings
        self._deadline = time.monotonic() + s.max_time
        self.scope = sc.site_key(self.start_url)
        self.snapshot = Snapshot(
            start_url=self.start_url,
            scope=self.scope,
            started_at=datetime.now(UTC).isoformat(timespec="seconds"),
            tool_version=__version__,
            settings=s.as_dict(),
        )
        if not s.respect_robots:
            self.snapshot.notes.append("robots.txt was ignored at the auditor's request")
        writer: SnapshotWriter | None = None
        # The parser's import overlaps with the browser driver's start-up, which only waits.
        warm = asyncio.ensure_future(asyncio.to_thread(ex.extract, "<p>0</p>", self.start_url))
        async with async_playwright() as pw:
            browser = await launch(pw, s.browser, s.headless)
            try:
                version = browser.version.split(".")[0]
                context = await browser.new_context(
                    user_agent=(
                        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                        f"Chrome/{version}.0.0.0 Safari/537.36 goudenregels/{__version__}"
                    ),
                    locale="nl-NL",
                    timezone_id="Europe/Amsterdam",
                    viewport={"width": 1280, "height": 900},
                    service_workers="block",
                    accept_downloads=False,
                )
                context.set_default_timeout(s.timeout * 1000)
                await context.add_init_script(INIT_SCRIPT)
                origin = f"{urlsplit(self.start_url).scheme}://{urlsplit(self.start_url).netloc}/"
                if s.respect_robots:
                    await self._load_robots(context, origin)
                    if self.robots is not None and not self.robots.can_fetch(
                        self.start_url, ROBOTS_AGENT
                    ):
                        raise SiteError(
                            f"robots.txt of {origin} disallows {self.start_url} for crawlers; "
                            "pass --ignore-robots to audit anyway (the report will say so)"
                        )
                errors_per_tab: list[list[str]] = [[] for _ in range(max(1, s.concurrency))]

                async def open_tab(errs: list[str]) -> Any:
                    tab = await context.new_page()
                    await _block_heavy_resources(context, tab)
                    tab.on("pageerror", lambda exc, errs=errs: errs.append(str(exc)[:300]))
                    return tab

                tabs = [await open_tab(errors_per_tab[0])]
                # The other tabs open while the home page loads.
                more_tabs = asyncio.ensure_future(
                    asyncio.gather(*(open_tab(errs) for errs in errors_per_tab[1:]))
                )

                # Third-party requests before any cookie choice (observable even when they fail).
                before_consent: list[str] = []

                def record(request: Any) -> None:
                    if not sc.in_scope(request.url, self.scope) and len(before_consent) < 300:
                        before_consent.append(request.url[:300])

                tabs[0].on("request", record)
                # The home page comes first, alone: it settles the final URL and the cookie banner.
                home, html = await self._load(
                    tabs[0], self.start_url, errors_per_tab[0], first=True
                )
                if home is None or home.error:
                    reason = home.error if home is not None else "no page"
                    raise SiteError(f"cannot read the home page {self.start_url}: {reason}")
                final = normalize_url(tabs[0].url)
                if sc.site_key(final) != self.scope:
                    raise SiteError(
                        f"{self.start_url} redirects to {final}, another site; audit that URL instead"
                    )
                home.final_url = final
                self.snapshot.final_url = final
                final_origin = f"{urlsplit(final).scheme}://{urlsplit(final).netloc}/"
                if s.respect_robots and final_origin != origin:
                    await self._load_robots(context, final_origin)
                    if self.robots is not None and not self.robots.can_fetch(final, ROBOTS_AGENT):
                        raise SiteError(
                            f"robots.txt of {final_origin} disallows {final} for crawlers; "
                            "pass --ignore-robots to audit anyway (the report will say so)"
                        )
                self._check_bot_wall(home)
                tabs[0].remove_listener("request", record)
                home.requests_before_consent = list(dict.fromkeys(before_consent))
                text_before = len(home.text)
                await self._dismiss_banner(tabs[0], home)
                if home.cookie_banner is not None and home.cookie_banner.dismissed_with:
                    # Some sites show their content only after a choice: read the page again.
                    with contextlib.suppress(Exception):
                        await tabs[0].wait_for_load_state("load", timeout=LOAD_WAIT_MS)
                    banner = home.cookie_banner
                    again, again_html = await self._read(
                        tabs[0],
                        self.start_url,
                        normalize_url(tabs[0].url),
                        home.status,
                        home.content_type,
                        errors_per_tab[0],
                        time.monotonic(),
                        False,
                    )
                    if again is not None and not again.error:
                        if len(again.text) > 2 * text_before + 200:
                            banner.wall = True  # the content appeared only after the choice
                        again.cookie_banner = banner
                        again.overlays = home.overlays
                        again.prompts = home.prompts
                        again.requests_before_consent = home.requests_before_consent
                        home, html = again, again_html
                writer = SnapshotWriter(self.out_dir, self.snapshot)
                writer.add_page(home, html)
                self._content[hash((home.title, home.text, len(home.links)))] = final
                self._done = 1
                self.progress(self._done, s.max_pages, final)
                self._seen.update({normalize_url(self.start_url), final})
                self._crawled.update({normalize_url(self.start_url), final})
                for link in home.links:
                    if s.max_depth >= 1:
                        self._enqueue(link.href, 1, link.text)
                for url in await self._sitemap_urls(context, final_origin):
                    prio = 0 if SERVICE_WORDS.search(urlsplit(url).path) else 2
                    self._enqueue(url, s.max_depth, priority=prio)

                tabs.extend(await more_tabs)
                with contextlib.suppress(Exception):
                    await warm
                await asyncio.gather(
                    *(
                        self._worker(tab, errs, writer)
                        for tab, errs in zip(tabs, errors_per_tab, strict=True)
                    )
                )
                await self._check_links(context)
                if s.journeys and self.journeys:
                    await self._run_journeys(context)
                if time.monotonic() >= self._deadline:
                    self.snapshot.notes.append(
                        f"the crawl stopped at its time limit of {s.max_time:.0f} s"
                    )
                if self._heap and self._done >= s.max_pages:
                    self.snapshot.notes.append(
                        f"the crawl stopped at its page limit of {s.max_pages}; "
                        f"{len(self._heap)} more pages were found"
                    )
            finally:
                pending = locals().get("more_tabs")
                if pending is not None and not pending.done():
                    pending.cancel()
                if pending is not None:
                    with contextlib.suppress(BaseException):
                        await pending  # never leave an unretrieved error behind
                self.snapshot.finished_at = datetime.now(UTC).isoformat(timespec="seconds")
                self.snapshot.complete = writer is not None and time.monotonic() < self._deadline
                if writer is not None:
                    writer.close()
                await browser.close()
        return self.snapshot

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
            self.snapshot.notes.append(
                f"journeys blocked {len(ctx.blocked)} request(s) that could change state on the "
                "site (nothing is submitted without an opt-in)"
            )

    async def _check_links(self, context: Any, limit: int = 60) -> None:
        """Check where links from service pages lead when the crawl did not visit them."""
        known = {normalize_url(u) for p in self.snapshot.pages for u in (p.url, p.final_url) if u}
        targets: list[str] = []
        for page in self.snapshot.pages:
            if page.error or not (
                page.depth == 0
                or page.url == self.snapshot.final_url
                or SERVICE_WORDS.search(f"{page.url} {page.title}")
            ):
                continue
            for link in page.links:
                key = normalize_url(link.href)
                if (
                    key in known
                    or key in targets
                    or not sc.in_scope(key, self.scope)
                    or sc.UNSAFE_LINK.search(key)
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
                timeout = min(self.settings.timeout, remaining, 10) * 1000
                try:
                    resp = await context.request.fetch(url, method="HEAD", timeout=timeout)
                    if resp.status in (403, 405, 501):  # servers that refuse HEAD
                        resp = await context.request.get(url, timeout=timeout)
                    self.snapshot.link_checks[url] = {"status": resp.status, "error": ""}
                except Exception as exc:
                    self.snapshot.link_checks[url] = {"status": None, "error": _short_error(exc)}

        await asyncio.gather(*(probe(url) for url in targets[:limit]))
        if len(targets) > limit:
            self.snapshot.notes.append(
                f"{len(targets) - limit} more links from service pages were not checked"
            )

    async def _worker(self, tab: Any, errors: list[str], writer: SnapshotWriter) -> None:
        s = self.settings
        while True:
            if self._done >= s.max_pages or time.monotonic() >= self._deadline:
                return
            # Pages in flight count against the budget, so no page is loaded only to be dropped.
            if not self._heap or self._done + self._active >= s.max_pages:
                if self._active == 0:
                    self._wake.set()
                    return
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), timeout=1.0)
                continue
            item = heapq.heappop(self._heap)
            self._active += 1
            try:
                page, html = await self._load(tab, item.url, errors)
                if page is None or self._done >= s.max_pages:
                    continue
                if not page.error:
                    # '/index.html' and '/' are often one page: keep the first, note the alias.
                    key = hash((page.title, page.text, len(page.links)))
                    if key in self._content:
                        self.snapshot.skipped.append(
                            {"url": item.url, "reason": f"same content as {self._content[key]}"}
                        )
                        continue
                    self._content[key] = item.url
                writer.add_page(page, html)
                self._done += 1
                self.progress(self._done, s.max_pages, item.url)
                if not page.error and item.depth < s.max_depth:
                    for link in page.links:
                        self._enqueue(link.href, item.depth + 1, link.text)
                self._crawled.add(item.url)
            finally:
                self._active -= 1
                self._wake.set()


def crawl(start_url: str, out_dir: str | Path, settings: CrawlSettings, **kw: Any) -> Snapshot:
    """Crawl synchronously (runs the asyncio loop); the snapshot is also written to ``out_dir``."""
    crawler = Crawler(start_url, out_dir, settings, **kw)
    return asyncio.run(crawler.run())
