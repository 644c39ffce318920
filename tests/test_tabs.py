"""The tab pool: worn tabs are replaced so a long crawl's memory stays flat in pages."""

from __future__ import annotations

import asyncio
from typing import Any

from goudenregels.crawl import tabs


class _FakePage:
    def __init__(self) -> None:
        self.closed = False

    def on(self, _event: str, _handler: Any) -> None:
        pass

    async def close(self, run_before_unload: bool = False) -> None:
        self.closed = True

    async def route(self, *_args: Any) -> None:
        pass


class _FakeContext:
    def __init__(self) -> None:
        self.opened: list[_FakePage] = []

    async def new_page(self) -> _FakePage:
        page = _FakePage()
        self.opened.append(page)
        return page

    async def new_cdp_session(self, _page: Any) -> Any:
        raise RuntimeError("no DevTools here")  # the pool falls back to route()


def test_worn_tabs_are_replaced_and_the_pool_keeps_its_size() -> None:
    async def crawl(pages: int) -> _FakeContext:
        context = _FakeContext()
        pool = tabs.TabPool(context, 2)
        await pool.fill()
        for _ in range(pages):
            tab = await pool.acquire()
            if pool.worn(tab):  # as the crawler does after each page
                await pool.replace(tab)
            else:
                pool.release(tab)
        assert pool.alive == 2
        return context

    context = asyncio.run(crawl(tabs.RECYCLE_PAGES * 5))
    # Each of the two tabs served its share of pages, then made way for a fresh one.
    assert len(context.opened) >= 2 + 4
    assert sum(p.closed for p in context.opened) == len(context.opened) - 2


def test_a_tab_is_taken_as_soon_as_it_is_open_while_others_still_open() -> None:
    """The pages after the home page start on the tabs that are open; a slow one joins later."""

    class _SlowSecond(_FakeContext):
        def __init__(self) -> None:
            super().__init__()
            self.release = asyncio.Event()

        async def new_page(self) -> _FakePage:
            if len(self.opened) == 1:
                self.opened.append(None)  # type: ignore[arg-type]  # a place for the slow one
                await self.release.wait()
                page = _FakePage()
                self.opened[1] = page
                return page
            return await super().new_page()

    async def run() -> None:
        context = _SlowSecond()
        pool = tabs.TabPool(context, 2)
        filling = asyncio.ensure_future(pool.fill())
        first = await asyncio.wait_for(pool.acquire(), 1)  # not held back by the second
        assert first.page is context.opened[0] and not filling.done()
        context.release.set()
        await filling
        second = await asyncio.wait_for(pool.acquire(), 1)
        assert second.page is context.opened[1]

    asyncio.run(run())


def test_a_tab_that_cannot_be_opened_ends_the_crawl_at_once(site_url, tmp_path, monkeypatch):
    """The home page's tab opened; the others fail (a browser that broke): the crawl stops with
    that error instead of waiting for tabs that never come."""
    import time

    import pytest

    from goudenregels.crawl import crawler

    opened = []
    real_open = tabs.TabPool.open

    async def open_once(self):
        opened.append(self)
        if len(opened) > 1:
            raise RuntimeError("the browser cannot open another tab")
        return await real_open(self)

    monkeypatch.setattr(tabs.TabPool, "open", open_once)
    settings = crawler.CrawlSettings(journeys=False, max_pages=8, device="desktop", timeout=20)
    started = time.monotonic()
    with pytest.raises(RuntimeError, match="cannot open another tab"):
        crawler.crawl(site_url("demo"), tmp_path / "s", settings)
    assert time.monotonic() - started < 15
