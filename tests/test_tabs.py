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
