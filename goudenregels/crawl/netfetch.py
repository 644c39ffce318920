"""GETs the crawl makes beside its pages: robots.txt, sitemaps, a page read raw, link checks.

They go through Playwright's request API, which runs in the driver (Node), not in Chromium. When
GOUDENREGELS_HOST_RESOLVER_RULES maps host names (a staging server audited under its production
name, the test suite's "no outside host"), that API would not follow the mapping and would ask
the production server instead. Then they go through Chromium's own network stack, as the pages
do (DevTools ``Network.loadNetworkResource`` from a tab of their own), and reach the same server.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import os
from dataclasses import dataclass, field
from typing import Any

from goudenregels.crawl.browser import HOST_RULES_VAR

CHUNK = 65536


@dataclass
class Answer:
    """What a GET returned: the status (None when no answer came), headers, the body read."""

    status: int | None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    url: str = ""  # where the answer came from after redirects ('' when not known)
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def mapped() -> bool:
    """Whether host names are mapped for the browser (GOUDENREGELS_HOST_RESOLVER_RULES)."""
    return bool(os.environ.get(HOST_RULES_VAR, "").strip())


class Fetcher:
    """GETs for one crawl's browser context, by the route the host mapping asks for."""

    def __init__(self, context: Any, in_browser: bool | None = None) -> None:
        self.context = context
        self.in_browser = mapped() if in_browser is None else in_browser
        self._session: Any = None
        self._frame = ""
        self._opening: asyncio.Lock | None = None

    async def get(
        self, url: str, timeout: float, max_bytes: int, max_redirects: int = 10
    ) -> Answer:
        """GET url within timeout seconds; at most max_bytes of the body (0: none)."""
        if self.in_browser and not await self._can_open():
            self.in_browser = False  # no DevTools (not Chromium): the request API after all
        try:
            if self.in_browser:
                return await asyncio.wait_for(self._in_browser(url, max_bytes), timeout)
            return await self._by_request(url, timeout, max_bytes, max_redirects)
        except TimeoutError:
            return Answer(None, error="timed out")
        except Exception as exc:
            return Answer(None, error=(str(exc).strip().splitlines() or [type(exc).__name__])[0])

    async def check(self, url: str, timeout: float) -> Answer:
        """Where a link leads, without its body: HEAD (GET where a server refuses HEAD) by the
        request API; a GET whose body is not read in the browser."""
        if self.in_browser:
            return await self.get(url, timeout, 0)
        try:
            resp = await self.context.request.fetch(url, method="HEAD", timeout=timeout * 1000)
            if resp.status in (403, 405, 501):  # servers that refuse HEAD
                resp = await self.context.request.get(url, timeout=timeout * 1000)
            return Answer(resp.status, dict(resp.headers), b"", resp.url)
        except Exception as exc:
            return Answer(None, error=(str(exc).strip().splitlines() or [type(exc).__name__])[0])

    async def _by_request(
        self, url: str, timeout: float, max_bytes: int, max_redirects: int
    ) -> Answer:
        resp = await asyncio.wait_for(
            self.context.request.get(url, timeout=timeout * 1000, max_redirects=max_redirects),
            timeout + 1,
        )
        body = await asyncio.wait_for(resp.body(), timeout) if max_bytes else b""
        return Answer(resp.status, dict(resp.headers), body[:max_bytes], resp.url)

    async def _in_browser(self, url: str, max_bytes: int) -> Answer:
        session, frame = await self._open()
        got = await session.send(
            "Network.loadNetworkResource",
            {
                "frameId": frame,
                "url": url,
                "options": {"disableCache": False, "includeCredentials": True},
            },
        )
        resource = got.get("resource") or {}
        status = resource.get("httpStatusCode")
        headers = {str(k).lower(): str(v) for k, v in (resource.get("headers") or {}).items()}
        stream = resource.get("stream")
        body = await self._read(session, stream, max_bytes) if stream else b""
        error = "" if status else str(resource.get("netErrorName") or "no answer")
        if "TIMED_OUT" in error:
            error = "timed out"  # as the request API says it: the link checks read it so
        return Answer(int(status) if status else None, headers, body, "", error)

    async def _can_open(self) -> bool:
        try:
            await asyncio.wait_for(self._open(), 10)
        except Exception:
            return False
        return True

    async def _open(self) -> tuple[Any, str]:
        """A tab of its own and its DevTools session, opened at the first GET."""
        if self._opening is None:
            self._opening = asyncio.Lock()
        async with self._opening:
            if self._session is None:
                page = await self.context.new_page()
                session = await self.context.new_cdp_session(page)
                tree = await session.send("Page.getFrameTree")
                self._frame = tree["frameTree"]["frame"]["id"]
                self._session = session
        return self._session, self._frame

    @staticmethod
    async def _read(session: Any, stream: str, max_bytes: int) -> bytes:
        body = b""
        try:
            while len(body) < max_bytes:
                chunk = await session.send("IO.read", {"handle": stream, "size": CHUNK})
                data = chunk.get("data") or ""
                body += base64.b64decode(data) if chunk.get("base64Encoded") else data.encode()
                if chunk.get("eof"):
                    break
        finally:
            with contextlib.suppress(Exception):
                await session.send("IO.close", {"handle": stream})
        return body[:max_bytes]
