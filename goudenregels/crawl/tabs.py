"""Browser tabs for the crawl: a small pool; a tab a page left in an unknown state is replaced.

A page may loop on alert(), open windows in a storm, refuse to unload or crash its renderer.
Each tab answers dialogs itself (beforeunload is accepted, so navigation is never held up), closes
pop-up windows at once, and closes itself when a page keeps doing either: the call waiting on it
then fails fast instead of at the page's deadline.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from typing import Any

from goudenregels.words import prefilter

# Dialogs or pop-up windows one page may open before its tab is given up as hostile.
HOSTILE_LIMIT = 20
CLOSE_WAIT = 5.0

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
_BLOCKED_RESOURCES = prefilter.compile(
    r"\.(" + "|".join(BLOCKED_EXTENSIONS) + r")(\?.*)?$",
    re.IGNORECASE,
)


async def block_heavy_resources(context: Any, tab: Any) -> None:
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


# Requests that can change what a page shows after it has loaded; images, fonts and styles
# are blocked or do not add content.
SETTLE_TYPES = frozenset({"script", "fetch", "xhr"})
MAX_TRACKED = 500
# A tab's renderer grows with every page it shows (about 65 to 300 MB over a long crawl): after
# this many pages it is closed and a fresh one takes its place, so memory stays flat in pages.
RECYCLE_PAGES = 20


class Tab:
    """One browser tab and what its current page did: script errors, dialogs, pop-ups."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        self.dialogs = 0
        self.popups = 0
        self.hostile = ""
        # Scripts and data requests still under way: a page that builds its content with them
        # is read once they are done (settle), so what is read does not depend on timing.
        self.loading: set[Any] = set()
        self.served = 0
        # Navigations of the page itself: a script sending the visitor on is followed.
        self.navigations = 0
        self.nav_pending = False
        # Every address the current page asked for, so trackers can be told on any page.
        self.requested: list[str] = []
        # What the last reading found that may navigate by script (scriptnav), or None.
        self.nav_found: list[Any] | None = None
        # The DevTools session that makes this tab a phone (crawl/phone.py), kept open: the
        # emulation ends with it.
        self.device: Any = None
        page.on("pageerror", self._on_error)
        page.on("dialog", self._on_dialog)
        page.on("popup", self._on_popup)
        page.on("crash", self._on_crash)
        page.on("request", self._on_request)
        page.on("requestfinished", self._on_done)
        page.on("requestfailed", self._on_done)
        page.on("framenavigated", self._on_navigated)

    def _on_request(self, request: Any) -> None:
        with contextlib.suppress(Exception):
            if request.is_navigation_request() and request.frame == self.page.main_frame:
                self.navigations += 1
                self.nav_pending = True
        if len(self.requested) < MAX_TRACKED:
            self.requested.append(request.url[:300])
        if request.resource_type in SETTLE_TYPES and len(self.loading) < MAX_TRACKED:
            self.loading.add(request)

    def _on_done(self, request: Any) -> None:
        self.loading.discard(request)
        with contextlib.suppress(Exception):
            if request.is_navigation_request() and request.failure:
                self.nav_pending = False  # an aborted navigation leaves the page where it is

    def _on_navigated(self, frame: Any) -> None:
        if frame == self.page.main_frame:
            self.nav_pending = False

    async def settle(self, seconds: float) -> None:
        """Wait at most ``seconds`` for the scripts and data requests the page has started;
        where they send the visitor on (a script redirect), for the page it leads to. Its short
        timers, and requests the crawler has not heard of yet, are waited for inside the page
        when it is read (page_script.READ_SCRIPT)."""
        end = time.monotonic() + seconds
        navigations = self.navigations
        await self._settle_once(end)
        if self.navigations == navigations:
            return
        while self.nav_pending and time.monotonic() < end:
            await asyncio.sleep(0.03)
        with contextlib.suppress(Exception):
            left = max(0.0, end - time.monotonic())
            await self.page.wait_for_load_state("load", timeout=left * 1000)
        await self._settle_once(end)

    async def _settle_once(self, end: float) -> None:
        # What arrives may start the next request (a script that loads its header, then its
        # data): the page is waited for until a look after its requests finds none started.
        while self.loading and time.monotonic() < end:
            while self.loading and time.monotonic() < end:
                await asyncio.sleep(0.03)
            await asyncio.sleep(0.03)  # let the page draw what arrived, and ask for what is next

    def _on_crash(self, _page: Any) -> None:
        self.hostile = self.hostile or "the page crashed the browser tab"

    def reset(self) -> None:
        self.loading.clear()
        self.requested.clear()
        self.errors.clear()
        self.dialogs = self.popups = 0
        self.nav_found = None

    def _on_error(self, exc: Any) -> None:
        if len(self.errors) < 50:
            self.errors.append(str(exc)[:300])

    async def _on_dialog(self, dialog: Any) -> None:
        self.dialogs += 1
        with contextlib.suppress(Exception):
            if dialog.type == "beforeunload":
                await dialog.accept()  # leaving the page is never held up
            else:
                await dialog.dismiss()
        if self.dialogs > HOSTILE_LIMIT:
            await self._give_up("the page keeps opening dialogs")

    async def _on_popup(self, popup: Any) -> None:
        self.popups += 1
        with contextlib.suppress(Exception):
            await asyncio.wait_for(popup.close(), CLOSE_WAIT)
        if self.popups > HOSTILE_LIMIT:
            await self._give_up("the page keeps opening windows")

    async def _give_up(self, reason: str) -> None:
        if not self.hostile:
            self.hostile = reason
            await close_quietly(self.page)


async def close_quietly(page: Any) -> None:
    """Close a page without waiting on it for long and without running its beforeunload."""
    with contextlib.suppress(Exception):
        await asyncio.wait_for(page.close(run_before_unload=False), CLOSE_WAIT)


class TabPool:
    """A fixed number of tabs; whoever borrows one gives it back, or has it replaced."""

    def __init__(self, context: Any, size: int, prepare: Any = None) -> None:
        self.context = context
        self.size = max(1, size)
        # Makes each new tab what the pool is for (a phone), before it reads anything.
        self.prepare = prepare
        self._free: asyncio.Queue[Tab] = asyncio.Queue()
        self._all: set[Tab] = set()
        self._opening: set[asyncio.Future[None]] = set()

    async def open(self) -> Tab:
        page = await self.context.new_page()
        await block_heavy_resources(self.context, page)
        tab = Tab(page)
        if self.prepare is not None:
            try:
                tab.device = await self.prepare(page)
            except BaseException:
                await close_quietly(page)
                raise
        self._all.add(tab)
        return tab

    async def fill(self, count: int | None = None) -> None:
        """Open tabs until the pool is full (or ``count`` more, while others are opening)."""
        missing = self.size - len(self._all) if count is None else count

        async def one() -> None:
            self._free.put_nowait(await self.open())  # usable as soon as it is open

        await asyncio.gather(*(one() for _ in range(missing)))

    async def acquire(self) -> Tab:
        tab = await self._free.get()
        tab.reset()
        tab.served += 1
        return tab

    @staticmethod
    def worn(tab: Tab) -> bool:
        """The tab has shown enough pages that a fresh one should take its place."""
        return tab.served >= RECYCLE_PAGES

    def release(self, tab: Tab) -> None:
        self._free.put_nowait(tab)

    async def replace(self, tab: Tab) -> None:
        """Close a tab in an unknown state and put a fresh one in its place."""
        self._all.discard(tab)
        await close_quietly(tab.page)
        try:
            fresh = await asyncio.wait_for(self.open(), CLOSE_WAIT * 2)
        except Exception:
            return  # the pool shrinks; the crawl goes on with the tabs it has
        self._free.put_nowait(fresh)

    async def discard(self, tab: Tab) -> None:
        """Close a tab and let the pool be one smaller until it is filled again."""
        self._all.discard(tab)
        await close_quietly(tab.page)

    async def detach(self, tab: Tab) -> None:
        """Take a tab out of the pool for good (its page is watched a while longer, then
        closed by whoever took it); a fresh one takes its place as soon as it is open, while
        the other tabs go on."""
        self._all.discard(tab)
        opening = asyncio.ensure_future(self._add_fresh())
        self._opening.add(opening)
        opening.add_done_callback(self._opening.discard)

    async def _add_fresh(self) -> None:
        try:
            fresh = await asyncio.wait_for(self.open(), CLOSE_WAIT * 2)
        except Exception:
            return  # the pool shrinks; the crawl goes on with the tabs it has
        self._free.put_nowait(fresh)

    @property
    def alive(self) -> int:
        return len(self._all)

    async def close(self) -> None:
        for opening in list(self._opening):
            opening.cancel()
        await asyncio.gather(*self._opening, return_exceptions=True)
        await asyncio.gather(*(close_quietly(t.page) for t in list(self._all)))
        self._all.clear()
