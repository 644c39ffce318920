"""The phone view: a phone's browser context, the service pages read in it, and the menu probe.

``--device both`` reads the whole site as a desktop browser and the service pages (home,
contact, complaint, cart: at most one of each) again in a phone's own browser context, with the
cookie choice the desktop crawl made: the home page beside the desktop crawl, each other service
page as soon as the desktop crawl adds it. The phone is a tab of the desktop's own browser context
made a phone over the DevTools protocol (screen, layout, touch, user agent), so no second browser
profile starts its own renderer processes; where the browser does not offer that, a phone's own
browser context takes its place. ``--device mobile`` reads the whole site as a phone.
Either way each phone reading records the layers over the page on arrival (a tap grid: what a
thumb would hit), its tap-to-call links and, for the home and contact pages, a screenshot; and in
the tab that read the phone's home page the menu is probed: is the contact route reachable within
two taps. Nothing here submits a form: the probe's tab aborts every request other than GET, HEAD
and OPTIONS.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import re
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from goudenregels.crawl.tabs import Tab, TabPool, close_quietly
from goudenregels.snapshot import Layer, Page, TelLink, normalize_url
from goudenregels.words import phoneview as pv
from goudenregels.words import vocab
from goudenregels.words.scope import READ_ONLY_METHODS

if TYPE_CHECKING:
    from goudenregels.crawl.crawler import Crawler

DEVICES = ("desktop", "mobile", "both")
# A Chromium phone from Playwright's device descriptors: viewport, scale, touch, user agent.
PHONE_DEVICE = "Pixel 7"
# Service pages read again as a phone with --device both, by kind, in this order.
SERVICE_KINDS = ("home", "contact", "complaint", "cart")
SCREEN_KINDS = ("home", "contact")
PHONE_TABS = 2
# The tap grid: columns and rows of points where the layers over the page are hit-tested.
GRID = (9, 16)
# How long the probe waits for a tap's effect (a menu sliding in, a script building it).
TAP_WAIT_MS = 1500
MAX_SUBMENUS = 3

LAYER_SCRIPT = r"""
([cols, rows]) => {
  const W = innerWidth, H = innerHeight;
  const consent = /cookie|consent|gdpr|cmp|onetrust|cookiebot|didomi|cybot|usercentrics|truste|sourcepoint|iubenda|klaro|osano|complianz/i;
  // The outermost fixed, stuck-sticky or modal element around what a tap at a point hits.
  const layerOf = (el) => {
    let found = null, pos = '';
    for (let e = el; e && e !== document.body && e !== document.documentElement; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.position === 'fixed') { found = e; pos = 'fixed'; }
      else if (s.position === 'sticky' && e.getBoundingClientRect().top <= 1) { found = e; pos = 'sticky'; }
      else if (e.tagName === 'DIALOG' && e.open) { found = e; pos = 'dialog'; }
    }
    return found ? [found, pos] : null;
  };
  const hits = new Map();
  for (let i = 0; i < cols; i++) {
    for (let j = 0; j < rows; j++) {
      const el = document.elementFromPoint((i + 0.5) * W / cols, (j + 0.5) * H / rows);
      const got = el && layerOf(el);
      if (!got) continue;
      const entry = hits.get(got[0]) || {pos: got[1], n: 0};
      entry.n++;
      hits.set(got[0], entry);
    }
  }
  const layers = [];
  for (const [el, {pos, n}] of hits) {
    if (el.closest('[data-gr-cookie-banner]') || el.querySelector('[data-gr-cookie-banner]')) continue;
    const frames = Array.from(el.tagName === 'IFRAME' ? [el] : el.querySelectorAll('iframe')).slice(0, 3);
    const hint = [el.id || '', typeof el.className === 'string' ? el.className : '',
      el.getAttribute('aria-label') || '', ...frames.map((f) => (f.title || '') + ' ' + (f.id || ''))]
      .join(' ').replace(/\s+/g, ' ').trim().slice(0, 200);
    const targets = [...frames.map((f) => f.src || ''),
      ...Array.from(el.querySelectorAll('a[href]')).slice(0, 5).map((a) => a.href)]
      .filter((t) => t).map((t) => t.slice(0, 200));
    if (consent.test(hint + ' ' + frames.map((f) => f.src).join(' '))) continue;
    const buttons = Array.from(el.querySelectorAll('button, a, [role=button], input[type=submit]')).slice(0, 20)
      .map((b) => (b.innerText || b.value || b.getAttribute('aria-label') || '').trim()).filter((t) => t);
    const text = (el.innerText || '').trim();
    // The page's own frame (an app shell, the header with the navigation): not a layer over it.
    const frame = !!el.querySelector('main, [role=main], article, h1') || el.matches('main, [role=main]')
      || el.querySelectorAll('a[href]').length > 25 || text.length > 2500;
    layers.push({text: text.slice(0, 400), coverage: n / (cols * rows), position: pos, hint,
      buttons: buttons.slice(0, 8), targets, page_frame: frame});
  }
  const region = (el) => { const r = el.closest('header, footer, nav, aside'); return r ? r.tagName.toLowerCase() : 'main'; };
  const tels = Array.from(document.querySelectorAll('a[href]')).filter((a) => /^\s*tel:/i.test(a.getAttribute('href')))
    .slice(0, 30).map((a) => {
      const r = a.getBoundingClientRect();
      const seen = (typeof a.checkVisibility !== 'function' || a.checkVisibility({opacityProperty: true, visibilityProperty: true}))
        && r.width > 0 && r.height > 0 && r.right > 0 && r.left < W;
      return {href: a.getAttribute('href').trim().slice(0, 80),
        text: ((a.innerText || '') + ' ' + (a.getAttribute('aria-label') || '')).replace(/\s+/g, ' ').trim().slice(0, 80),
        shown: seen, region: region(a)};
    });
  layers.sort((a, b) => b.coverage - a.coverage);
  return {layers: layers.slice(0, 8), tels};
}
"""

# Where the contact route is on the phone's page now, and which menu buttons could open it.
# Elements already marked as toggles (shown before the last tap) are not offered again.
PROBE_SCRIPT = r"""
([contactSrc, toggleSrc, serviceSrc, mark]) => {
  const contact = new RegExp(contactSrc, 'i'), toggle = new RegExp(toggleSrc, 'i');
  const service = new RegExp(serviceSrc, 'i');
  const W = innerWidth;
  const shown = (el) => {
    if (typeof el.checkVisibility === 'function' && !el.checkVisibility({opacityProperty: true, visibilityProperty: true})) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.right > 0 && r.left < W;
  };
  const label = (el) => ((el.innerText || '') + ' ' + (el.getAttribute('aria-label') || '') + ' ' + (el.title || ''))
    .replace(/\s+/g, ' ').trim();
  const route = (a) => {
    const href = a.getAttribute('href') || '';
    // A call or mail link is a channel, not the route to the contact page (GR114 reads those).
    if (/^\s*(tel|mailto|sms|javascript):/i.test(href)) return false;
    return contact.test(label(a)) || contact.test(href.split('?')[0].replace(/[-_\/.]+/g, ' '));
  };
  const region = (el) => { const r = el.closest('header, footer, nav, aside'); return r ? r.tagName.toLowerCase() : 'main'; };
  let inPage = false, link = null;
  for (const a of Array.from(document.querySelectorAll('a[href], [role=link]')).slice(0, 3000)) {
    if (!route(a)) continue;
    inPage = true;
    if (shown(a)) { link = {text: label(a).slice(0, 80), href: (a.getAttribute('href') || '').slice(0, 200), region: region(a)}; break; }
  }
  const toggles = [];
  if (!link && mark) {
    const cands = document.querySelectorAll(
      'button, [role=button], a[href^="#"], a:not([href]), a[href^="javascript:" i], [aria-expanded], [aria-controls], label[for], summary');
    for (const el of Array.from(cands).slice(0, 3000)) {
      if (toggles.length >= 8) break;
      if (el.hasAttribute('data-gr-toggle') || !shown(el) || el.closest('[data-gr-cookie-banner]')) continue;
      // A form's submit button is never pressed.
      if (el.closest('form') && (el.type === 'submit' || (el.tagName === 'BUTTON' && !el.getAttribute('type')))) continue;
      if (el.tagName === 'INPUT') continue;
      const name = label(el) + ' ' + (el.id || '') + ' ' + (typeof el.className === 'string' ? el.className : '')
        + ' ' + (el.getAttribute('aria-controls') || '');
      const expands = el.getAttribute('aria-expanded') === 'false' || el.tagName === 'SUMMARY';
      const menu = toggle.test(name);
      if (!menu && !expands) continue;
      const id = mark + toggles.length;
      el.setAttribute('data-gr-toggle', id);
      toggles.push({id, label: (label(el) || el.getAttribute('aria-label') || el.id || '').slice(0, 60),
        menu, service: service.test(label(el))});
    }
  }
  return {link, inPage, toggles};
}
"""


def context_options(devices: Any, version: str) -> dict[str, Any]:
    """The phone's browser-context options from Playwright's device descriptor, naming the tool
    in the user agent as the desktop context does."""
    descriptor = dict(devices[PHONE_DEVICE])
    descriptor.pop("default_browser_type", None)
    # Drawn at one device pixel per CSS pixel: the layout, the media queries on width and what
    # covers the screen are the phone's, while the browser paints a seventh of the pixels.
    descriptor["device_scale_factor"] = 1
    descriptor["user_agent"] = f"{descriptor['user_agent']} goudenregels/{version}"
    return descriptor


def emulation(devices: Any, version: str) -> list[tuple[str, dict[str, Any]]]:
    """The DevTools commands that make a tab the phone of ``context_options``: the same screen,
    layout (a mobile viewport that honours the page's meta viewport), touch points and user
    agent with its client hints, as Playwright sets them for a phone's browser context."""
    options = context_options(devices, version)
    width, height = options["viewport"]["width"], options["viewport"]["height"]
    screen = options.get("screen") or options["viewport"]
    agent = options["user_agent"]
    android = re.search(r"Android (\d+(?:\.\d+)*)", agent)
    hints = {
        "mobile": True,
        "model": "",
        "architecture": "arm",
        "platform": "Android" if android else "Linux",
        "platformVersion": android.group(1) if android else "",
    }
    return [
        (
            "Emulation.setDeviceMetricsOverride",
            {
                "width": width,
                "height": height,
                "deviceScaleFactor": options["device_scale_factor"],
                "mobile": True,
                "screenWidth": screen["width"],
                "screenHeight": screen["height"],
            },
        ),
        ("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 1}),
        (
            "Emulation.setUserAgentOverride",
            {"userAgent": agent, "acceptLanguage": "nl-NL", "userAgentMetadata": hints},
        ),
    ]


# Whether a tab is the phone the commands asked for (on its blank page, before it reads).
IS_PHONE_SCRIPT = """([width, agent]) => screen.width === width
  && navigator.userAgent === agent && matchMedia('(pointer: coarse)').matches"""


class NoEmulation(Exception):
    """The browser cannot make a tab a phone (not Chromium, or it refused a command)."""


async def make_phone(context: Any, page: Any, devices: Any, version: str) -> Any:
    """Make a tab a phone over the DevTools protocol; the session, which must stay open (the
    emulation ends with it). NoEmulation where the browser does not do it."""
    try:
        session = await context.new_cdp_session(page)
        for method, params in emulation(devices, version):
            await session.send(method, params)
        options = context_options(devices, version)
        args = [(options.get("screen") or options["viewport"])["width"], options["user_agent"]]
        if not await page.evaluate(IS_PHONE_SCRIPT, args):
            raise NoEmulation("the tab did not become a phone")
    except NoEmulation:
        raise
    except Exception as exc:
        raise NoEmulation(str(exc)) from None
    return session


def service_kind(page: Page, home_url: str) -> str:
    """home, contact, complaint, cart or '': which service page this is, by its address and title."""
    if normalize_url(page.address) == normalize_url(home_url) or page.depth == 0:
        return "home"
    raw = urlsplit(page.address).path
    path = raw.replace("-", " ").replace("_", " ")
    named = f"{path} {page.title}"
    if pv.CONTACT_PAGE_NAME.search(f"{raw} {page.title}"):
        return "contact"
    if vocab.COMPLAINT_WORDS.search(named):
        return "complaint"
    if vocab.CART_LINK.search(path):
        return "cart"
    return ""


def _shows_number(page: Page) -> bool:
    return any(
        p.purpose == "phone" and p.kind != "fax" and p.source in ("text", "tel")
        for p in page.phones
    )


def service_pages(pages: list[Page], home_url: str) -> list[tuple[str, Page]]:
    """The first page of each service kind, in SERVICE_KINDS order (pages that were read); and
    when none of them shows a phone number, the nearest page that does ("phone"), so that the
    phone view sees the number where customers find it."""
    read = [p for p in pages if not p.error and (p.status or 0) < 400]
    found: dict[str, Page] = {}
    for page in read:
        kind = service_kind(page, home_url)
        if kind and kind not in found:
            found[kind] = page
    chosen = [(kind, found[kind]) for kind in SERVICE_KINDS if kind in found]
    if not any(_shows_number(page) for _, page in chosen):
        numbered = [p for p in read if _shows_number(p)]
        if numbered:
            nearest = min(numbered, key=lambda p: p.depth if p.depth is not None else 99)
            chosen.append(("phone", nearest))
    return chosen


async def read_extras(crawler: Crawler, tab: Tab, page: Page, kind: str) -> None:
    """What only a phone shows of a page just read: layers on arrival, tap-to-call links, and a
    screenshot of the screen for the home and contact pages (one of each)."""
    page.view = "mobile"
    with contextlib.suppress(Exception):
        got = await tab.page.evaluate(LAYER_SCRIPT, list(GRID))
        page.layers = [Layer(**item) for item in got.get("layers", [])]
        page.tel_links = [TelLink(**item) for item in got.get("tels", [])]
    shots: set[str] = crawler.phone_shots
    if kind in SCREEN_KINDS and kind not in shots:
        shots.add(kind)
        rel = f"screens/phone-{kind}.png"
        target = crawler.out_dir / rel
        with contextlib.suppress(Exception):
            target.parent.mkdir(parents=True, exist_ok=True)
            if tab.device is not None:  # Playwright's own screenshot knows the desktop's size
                shot = await asyncio.wait_for(
                    tab.device.send("Page.captureScreenshot", {"format": "png"}), 5
                )
                target.write_bytes(base64.b64decode(shot["data"]))
            else:
                await tab.page.screenshot(path=str(target), timeout=5000, scale="css")
            page.screenshot = rel


def _mobile(page: Page | None, desktop: Page) -> Page | None:
    """A phone reading under the desktop page's address."""
    if page is not None:
        page.url, page.view = desktop.url, "mobile"
    return page


class PhoneView:
    """The phone view of a crawl. With ``both`` it reads the phone's home page (and probes its
    menu) while the desktop crawl goes on (:meth:`begin`), and the other service pages once the
    crawl has found them (:meth:`finish`); with ``mobile`` the crawl itself is the phone's and
    only the menu probe is left to do."""

    def __init__(self, crawler: Crawler, browser: Any, devices: Any) -> None:
        self.crawler = crawler
        self.browser = browser
        self.devices = devices
        self.context: Any = None
        # The phone's tabs are the desktop context's, made phones (the context is not ours).
        self.shared = False
        self.pool: TabPool | None = None
        self._home: asyncio.Future[Page | None] | None = None
        self._opening: asyncio.Future[TabPool] | None = None
        # Service pages read as a phone as soon as the desktop crawl adds them, by address.
        self._early: dict[str, asyncio.Future[Page | None]] = {}
        self._kinds_found: set[str] = set()
        self._one_at_a_time = asyncio.Lock()

    def _describe(self) -> None:
        self.crawler.snapshot.phone.update(
            device=PHONE_DEVICE,
            viewport=dict(self.devices[PHONE_DEVICE]["viewport"]),
            view=self.crawler.settings.device,
        )

    def open(self) -> None:
        """``both``: open the phone's tab while the desktop reads robots.txt and its home page."""
        if self.crawler.settings.device == "both":
            self._opening = asyncio.ensure_future(self._phone_pool())
            # A crawl that stops at its home page never waits for it: its failure is not news.
            self._opening.add_done_callback(lambda f: f.cancelled() or f.exception())

    def begin(self) -> None:
        """``both``: start reading the phone's home page beside the desktop crawl."""
        if self.crawler.settings.device == "both":
            self._describe()
            self._home = asyncio.ensure_future(self._begin())

    async def _begin(self) -> Page | None:
        crawler = self.crawler
        # One tab while the desktop crawl runs: the phone's home page costs the crawl little.
        self.pool = await (self._opening or self._phone_pool()) or await self._context_pool()
        home = crawler.snapshot.home
        return await self._read(self.pool, "home", home) if home is not None else None

    def found(self, page: Page) -> None:
        """A page the desktop crawl has just added: the first of each service kind is read as
        a phone at once (``both``), so that little of the phone view is left for the end.
        The pages are the ones ``service_pages`` chooses: the first of each kind, in order."""
        if self._home is None or page.error or (page.status or 0) >= 400:
            return
        snapshot = self.crawler.snapshot
        kind = service_kind(page, snapshot.final_url or self.crawler.start_url)
        if not kind or kind == "home" or kind in self._kinds_found:
            return
        self._kinds_found.add(kind)
        self._early[page.url] = asyncio.ensure_future(self._read_early(kind, page))

    async def _read_early(self, kind: str, desktop: Page) -> Page | None:
        """One service page as a phone, after the phone's home page, one at a time."""
        assert self._home is not None
        with contextlib.suppress(Exception):
            await self._home
        async with self._one_at_a_time:
            if self.pool is None:
                return None
            await self.pool.fill()
            return await self._read(self.pool, kind, desktop)

    async def finish(self) -> None:
        """The rest of the phone view, after the desktop pages; ``phone.seconds`` is the time it
        added to the crawl."""
        crawler = self.crawler
        started = time.monotonic()
        try:
            if crawler.settings.device == "mobile":
                self._describe()
                await self._probe(crawler.context)
            elif self._home is not None:
                await self._rest(await self._home)
        finally:
            crawler.snapshot.phone["seconds"] = round(time.monotonic() - started, 2)

    async def _rest(self, home: Page | None) -> None:
        """The other service pages as a phone; the home page's probe if its reading failed."""
        crawler = self.crawler
        snapshot = crawler.snapshot
        assert self.pool is not None
        snapshot.compute_depths()  # "nearest" by clicks from home, as the checks count
        chosen = service_pages(snapshot.pages, snapshot.final_url or crawler.start_url)
        rest = [(kind, p) for kind, p in chosen if kind != "home"]
        early = {p.url: self._early.pop(p.url) for _, p in rest if p.url in self._early}
        for left_over in self._early.values():
            left_over.cancel()
        late = [(kind, p) for kind, p in rest if p.url not in early]
        if late:
            async with self._one_at_a_time:
                self.pool.size = min(PHONE_TABS, len(late))
                await self.pool.fill()
        reads = {
            p.url: early.get(p.url) or asyncio.ensure_future(self._read(self.pool, kind, p))
            for kind, p in rest
        }
        done = await asyncio.gather(*reads.values(), return_exceptions=True)
        read = [r if isinstance(r, Page) else None for r in done]
        snapshot.phone_pages = [p for p in [home, *read] if p is not None]
        await self.pool.close()
        if "menu" not in snapshot.phone:  # the home page could not be read as a phone
            await self._probe(self.context)

    async def cancel(self) -> None:
        """Stop whatever is still under way (a crawl that stopped early) and close the context."""
        for early in self._early.values():
            early.cancel()
        await asyncio.gather(*self._early.values(), return_exceptions=True)
        self._early.clear()
        if self._home is not None and not self._home.done():
            self._home.cancel()
            with contextlib.suppress(BaseException):
                await self._home
        if self._opening is not None and self.pool is None:
            with contextlib.suppress(BaseException):
                self.pool = await asyncio.wait_for(self._opening, 10)
        if self.pool is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.pool.close(), 10)
        if self.context is not None and not self.shared:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.context.close(), 10)
        self.context = None

    async def _phone_pool(self) -> TabPool | None:
        """One phone tab: a tab of the desktop's context made a phone, which shares its cookie
        choice, cache and renderer processes; None where the browser cannot do that."""
        from goudenregels import __version__

        desktop = self.crawler.context

        async def as_phone(page: Any) -> Any:
            return await make_phone(desktop, page, self.devices, __version__)

        pool = TabPool(desktop, 1, prepare=as_phone)
        phone = self.crawler.snapshot.phone
        try:
            await pool.fill()
            self.context, self.shared = desktop, True
            phone["emulation"] = "tab"
            return pool
        except NoEmulation:
            await pool.close()
        phone["emulation"] = "context"
        return None

    async def _context_pool(self) -> TabPool:
        """One tab of a phone's own browser context, made once the desktop's cookie choice is
        saved (after the home page), so the phone carries it."""
        self.context = await self._context()
        pool = TabPool(self.context, 1)
        await pool.fill()
        return pool

    async def _context(self) -> Any:
        """A phone's own browser context, with the cookie choice the desktop crawl made."""
        from goudenregels import __version__
        from goudenregels.crawl.crawler import STATE_FILE
        from goudenregels.crawl.page_script import INIT_SCRIPT

        crawler = self.crawler
        state = crawler.out_dir / STATE_FILE
        context = await self.browser.new_context(
            **context_options(self.devices, __version__),
            locale="nl-NL",
            timezone_id="Europe/Amsterdam",
            service_workers="block",
            accept_downloads=False,
            storage_state=str(state) if state.is_file() else None,
        )
        context.set_default_timeout(crawler.settings.timeout * 1000)
        await context.add_init_script(INIT_SCRIPT)
        return context

    async def _read(self, pool: TabPool, kind: str, desktop: Page) -> Page | None:
        """One service page as a phone shows it, under the page's one hard deadline."""
        crawler = self.crawler
        budget = min(crawler.settings.timeout, crawler._remaining())
        if budget < 1:
            return None
        try:
            tab = await asyncio.wait_for(pool.acquire(), budget)
        except TimeoutError:
            return None
        crawler.phone_kinds[id(tab)] = kind
        healthy = False
        try:
            visit = await asyncio.wait_for(
                crawler._in_tab(tab, desktop.address, False, budget), budget
            )
            page = visit.page
            healthy = page is not None and not page.error and not tab.hostile
            if healthy and kind == "home":
                await self._probe(pool.context, tab)
                healthy = not tab.hostile  # the next reading navigates the tab afresh
        except Exception as exc:
            from goudenregels.crawl.crawler import _short_error

            page = Page(url=desktop.address, error=_short_error(exc), view="mobile")
        finally:
            crawler.phone_kinds.pop(id(tab), None)
            if healthy:
                pool.release(tab)
            elif kind == "home":
                # Tabs for the other service pages are opened when they are read (finish):
                # no tab is opened while the desktop crawl needs the machine.
                await pool.discard(tab)
            else:
                await pool.replace(tab)
        return _mobile(page, desktop)

    async def _device(self, page: Any) -> Any:
        """A throwaway tab of the shared desktop context made a phone (its session), or None."""
        if not self.shared:
            return None
        from goudenregels import __version__

        return await make_phone(self.context, page, self.devices, __version__)

    async def _probe(self, context: Any, loaded: Tab | None = None) -> None:
        """Look for the contact route from the phone's home page: in the tab that has just
        read it (``loaded``, which reads the next service page afterwards), or in a throwaway tab
        of its own, closed afterwards."""
        crawler = self.crawler
        home = crawler.snapshot.final_url or crawler.start_url
        budget = min(crawler.settings.timeout, crawler._remaining())
        result: dict[str, Any] = {"status": "skipped", "url": home}
        probe: MenuProbe | None = None
        if budget >= 2:
            tab = loaded.page if loaded is not None else await context.new_page()
            try:
                device = loaded.device if loaded is not None else await self._device(tab)
                if loaded is None:  # a window a tap opens is closed (a Tab does so itself)
                    tab.on("popup", lambda popup: asyncio.ensure_future(close_quietly(popup)))
                probe = MenuProbe(tab, home, time.monotonic() + budget, loaded is not None)
                probe.device = device
                if loaded is None:
                    await probe.guard()
                result = await asyncio.wait_for(probe.run(), budget)
            except Exception as exc:
                from goudenregels.crawl.crawler import _short_error

                result = {"status": "error", "url": home, "error": _short_error(exc)}
            finally:
                if loaded is None:
                    await close_quietly(tab)
                elif (
                    probe is not None and probe.guarded
                ):  # the tab reads the next service page: requests go through
                    with contextlib.suppress(Exception):
                        await tab.unroute("**/*", _read_only)
        crawler.snapshot.phone["menu"] = result


async def _read_only(route: Any) -> None:
    """The probe's tab reads; a request that could change something is aborted."""
    if route.request.method in READ_ONLY_METHODS:
        await route.fallback()
    else:
        await route.abort("blockedbyclient")


class MenuProbe:
    """Taps the phone menu open (at most two taps) until a contact route shows."""

    def __init__(self, tab: Any, home: str, until: float, loaded: bool = False) -> None:
        self.tab = tab
        self.home = home
        self.until = until
        self.loaded = loaded  # the tab shows the home page as it was on arrival
        self.tried: list[str] = []
        # The DevTools session of a tab made a phone: taps are touches sent through it.
        self.device: Any = None
        self.guarded = False

    async def guard(self) -> None:
        """From the first tap on, every request other than GET, HEAD and OPTIONS is aborted (a
        probe that only looks needs no guard: the page was read with its requests let through)."""
        if not self.guarded:
            await self.tab.route("**/*", _read_only)
            self.guarded = True

    def _left_ms(self, most: float) -> float:
        return max(100.0, min(most, (self.until - time.monotonic()) * 1000))

    async def _open(self) -> None:
        await self.tab.goto(self.home, wait_until="domcontentloaded", timeout=self._left_ms(15000))
        with contextlib.suppress(Exception):
            await self.tab.wait_for_load_state("load", timeout=self._left_ms(3000))

    async def _look(self, mark: str) -> dict[str, Any]:
        args = [pv.CONTACT_ROUTE.pattern, pv.MENU_TOGGLE.pattern, pv.SERVICE_SUBMENU.pattern, mark]
        for _attempt in range(3):
            try:
                return await self.tab.evaluate(PROBE_SCRIPT, args)
            except Exception:  # the tap navigated: look at the page it led to
                with contextlib.suppress(Exception):
                    await self.tab.wait_for_load_state("load", timeout=self._left_ms(3000))
        return {"link": None, "inPage": False, "toggles": []}

    async def _tap(self, toggle: dict[str, Any]) -> dict[str, Any]:
        """Tap a toggle, wait for a contact route to show (bounded), and look again."""
        self.tried.append(toggle["label"])
        await self.guard()
        target = self.tab.locator(f'[data-gr-toggle="{toggle["id"]}"]').first
        try:
            await self._touch(target)
        except Exception:  # covered by a layer, or no touch events: a plain click
            with contextlib.suppress(Exception):
                await target.evaluate("e => e.click()")
        with contextlib.suppress(Exception):
            await self.tab.wait_for_function(
                f"() => ({PROBE_SCRIPT})({_js_args()}).link !== null",
                timeout=self._left_ms(TAP_WAIT_MS),
                polling=100,
            )
        return await self._look("")

    async def _touch(self, target: Any) -> None:
        """A finger on the element: Playwright's tap in a phone's own context; in a tab made a
        phone, a touch sent to where the element is, once nothing covers that point."""
        if self.device is None:
            await target.tap(timeout=2000, no_wait_after=True)
            return
        await target.scroll_into_view_if_needed(timeout=2000)
        if not await target.evaluate(HIT_SCRIPT, timeout=2000):
            raise RuntimeError("covered")
        box = await target.bounding_box(timeout=2000)
        if not box:
            raise RuntimeError("not shown")
        point = {"x": box["x"] + box["width"] / 2, "y": box["y"] + box["height"] / 2}
        for kind, points in (("touchStart", [point]), ("touchEnd", [])):
            await asyncio.wait_for(
                self.device.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points}),
                2,
            )

    async def run(self) -> dict[str, Any]:
        if not self.loaded:
            await self._open()
        first = await self._look("a")
        result: dict[str, Any] = {"status": "done", "url": self.home, "in_page": first["inPage"]}
        if first["link"]:
            return {**result, "taps": 0, "path": [], "link": first["link"]}
        toggles = sorted(first["toggles"], key=lambda t: (not t["menu"], not t["service"]))[:3]
        for i, toggle in enumerate(toggles):
            if i:
                await self._open()
                await self._look("a")
            found = await self._second(toggle)
            if found is not None:
                return {**result, **found, "tried": self.tried}
        return {**result, "taps": None, "path": [], "tried": self.tried}

    async def _second(self, toggle: dict[str, Any]) -> dict[str, Any] | None:
        """Tap one toggle, then the sub-menus it showed; the path to a contact route or None."""
        after = await self._tap(toggle)
        if after["link"]:
            return {"taps": 1, "path": [toggle["label"]], "link": after["link"]}
        subs = await self._look("b")
        order = sorted(subs["toggles"], key=lambda t: not t["service"])[:MAX_SUBMENUS]
        for j, sub in enumerate(order):
            if time.monotonic() > self.until - 1:
                break
            if j:  # back to one tap: the home page again, the same toggle
                await self._open()
                await self._look("a")
                await self._tap(toggle)
                await self._look("b")
            found = await self._tap(sub)
            if found["link"]:
                return {"taps": 2, "path": [toggle["label"], sub["label"]], "link": found["link"]}
        return None


# Whether a tap at the element's middle reaches it (not a layer over it).
HIT_SCRIPT = """(el) => { const r = el.getBoundingClientRect();
  const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
  return !!hit && (hit === el || el.contains(hit)); }"""


def _js_args() -> str:
    """The probe script's arguments as a JavaScript literal (for a wait in the page)."""
    import json

    return json.dumps(
        [pv.CONTACT_ROUTE.pattern, pv.MENU_TOGGLE.pattern, pv.SERVICE_SUBMENU.pattern, ""]
    )
