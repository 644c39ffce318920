"""robots.txt, sitemaps and link checks reach the server the pages come from, also when host names
are mapped (GOUDENREGELS_HOST_RESOLVER_RULES: a staging server under its production name)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from goudenregels.crawl import crawler
from goudenregels.crawl.browser import HOST_RULES_VAR
from goudenregels.crawl.netfetch import Fetcher
from goudenregels.serve import StaticServer

PAGE = """<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>{title}</title></head>
<body><h1>{title}</h1><p>Tuincentrum De Linde, bel 0412 - 45 67 89.</p>{links}</body></html>"""


def _site(root: Path, base: str) -> None:
    """A home page, its contact page (whose link to a page that is gone is checked, one click
    deeper than the crawl goes), a page robots.txt closes and one only the sitemap names."""
    links = '<a href="/contact.html">Contact</a> <a href="/geheim.html">Intern</a>'
    (root / "index.html").write_text(PAGE.format(title="Home", links=links))
    gone = '<a href="/weg.html">Route</a>'
    (root / "contact.html").write_text(PAGE.format(title="Contact", links=gone))
    (root / "geheim.html").write_text(PAGE.format(title="Intern", links=""))
    (root / "alleen-sitemap.html").write_text(PAGE.format(title="Openingstijden", links=""))
    robots = f"User-agent: *\nDisallow: /geheim.html\nSitemap: {base}sitemap.xml\n"
    (root / "robots.txt").write_text(robots)
    (root / "sitemap.xml").write_text(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{base}alleen-sitemap.html</loc></url></urlset>"
    )


@pytest.mark.parametrize("mapped", [True, False])
def test_robots_sitemap_and_link_checks_reach_the_pages_server(tmp_path, monkeypatch, mapped):
    """Mapped: the site is audited as http://staging.test:PORT/, a name only the browser's
    mapping knows; robots.txt and the sitemap must come from there too (the request API would
    ask a real staging.test). Not mapped: the plain address, read by the request API."""
    (tmp_path / "site").mkdir()
    with StaticServer(tmp_path / "site") as url:
        port = url.rstrip("/").rsplit(":", 1)[1]
        base = f"http://{'staging.test' if mapped else '127.0.0.1'}:{port}/"
        _site(tmp_path / "site", base)
        if mapped:
            monkeypatch.setenv(HOST_RULES_VAR, "MAP staging.test 127.0.0.1, MAP * ~NOTFOUND")
        else:
            monkeypatch.delenv(HOST_RULES_VAR, raising=False)
        settings = crawler.CrawlSettings(journeys=False, max_pages=8, max_depth=1, device="desktop")
        snap = crawler.crawl(base, tmp_path / "snap", settings)
    paths = {p.url.removeprefix(base.rstrip("/")) for p in snap.pages}
    assert "/geheim.html" not in paths, paths
    assert {"url": base + "geheim.html", "reason": "disallowed by robots.txt"} in snap.skipped
    assert "/alleen-sitemap.html" in paths, paths  # found only in the sitemap
    assert snap.link_checks[base + "weg.html"]["status"] == 404


def test_without_devtools_the_request_api_is_used() -> None:
    """A browser without DevTools (not Chromium): the GETs go by the request API after all."""

    class Response:
        status, headers, url = 200, {"content-type": "text/plain"}, "https://example.nl/robots.txt"

        async def body(self) -> bytes:
            return b"User-agent: *\n"

    class Request:
        async def get(self, url: str, **_kw: Any) -> Response:
            return Response()

    class Context:
        request = Request()

        async def new_page(self) -> Any:
            return object()

        async def new_cdp_session(self, _page: Any) -> Any:
            raise RuntimeError("Target.attachToTarget is not supported")

    fetcher = Fetcher(Context(), in_browser=True)
    answer = asyncio.run(fetcher.get("https://example.nl/robots.txt", 5, 1000))
    assert answer.ok and answer.body == b"User-agent: *\n" and not fetcher.in_browser
