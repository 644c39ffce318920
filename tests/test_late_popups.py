"""Late pop-ups: service pages are watched by the page's own clock for layers that come late,
other pages are not waited for, and GR303 says when a pop-up came."""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
import time

import pytest

from goudenregels.crawl import late
from goudenregels.crawl.crawler import Crawler, CrawlSettings
from goudenregels.crawl.tabs import Tab
from goudenregels.serve import StaticServer
from goudenregels.snapshot import CookieBanner, Overlay, Page, Snapshot
from tests.helpers import SITES


def _page(result_dir, path: str) -> Page:
    snapshot = Snapshot.load(result_dir / "snapshot")
    return next(p for p in snapshot.pages if p.url.endswith(path))


def test_late_newsletter_and_chat_invitation_are_seen_with_their_time(audited) -> None:
    result, out = audited("latepopups")
    gr303 = next(f for f in result["findings"] if f["code"] == "GR303")
    assert gr303["status"] == "fail"
    assert "na 3 seconden" in gr303["message"]  # the newsletter came 2.5 s after loading
    home = _page(out, "/")
    [newsletter] = home.overlays
    assert "nieuwsbrief" in newsletter.text and 2400 <= newsletter.after_ms < 3900
    [invite] = _page(out, "/contact.html").overlays
    assert "Kunnen we u helpen?" in invite.text and 2900 <= invite.after_ms < 3900
    assert invite.buttons == ["Start chat", "×"]


def test_pages_that_are_not_service_pages_are_not_waited_for(audited) -> None:
    _result, out = audited("latepopups")
    # Its prize layer comes 8 s after loading: the crawl read the page long before.
    assert _page(out, "/planten.html").overlays == []


@pytest.mark.parametrize(
    ("path", "watched"),
    [
        ("/contact", True),
        ("/klantenservice/bellen", True),
        ("/winkelwagen", True),
        ("/cart/", True),
        ("/klachten-indienen", True),
        ("/customer-service.html", True),
        ("/checkout/stap-1", True),
        ("/over-ons", False),
        ("/blog/tuinieren-in-de-herfst", False),
        ("/producten?ref=contact", False),  # the query does not make a page a service page
    ],
)
def test_which_pages_are_watched(path: str, watched: bool) -> None:
    assert late.watched("https://www.example.nl" + path) is watched


def test_merge_adds_late_layers_and_times_known_ones() -> None:
    page = Page(url="https://www.example.nl/")
    page.cookie_banner = CookieBanner(text="Wij gebruiken cookies om de site te verbeteren.")
    page.overlays = [Overlay(text="Kies uw land om verder te gaan", buttons=["Nederland"])]
    late.merge(
        page,
        [
            {"text": "Kies uw land om verder te gaan Nederland België", "after_ms": 40},
            {"text": "Hulp nodig? Chat met ons", "buttons": ["Chat"], "after_ms": 3100},
            {"text": "Wij gebruiken cookies om de site te verbeteren.", "after_ms": 1500},
            # A small layer on arrival (a toast) is not a pop-up; a large one is.
            {"text": "Gratis verzending vanaf 20 euro", "after_ms": 200, "coverage": 0.02},
            {"text": "Wij zijn verhuisd naar de Markt 1", "after_ms": 200, "coverage": 0.3},
        ],
    )
    assert [(o.text, o.after_ms) for o in page.overlays] == [
        ("Kies uw land om verder te gaan", 40),
        ("Hulp nodig? Chat met ons", 3100),
        ("Wij zijn verhuisd naar de Markt 1", 200),
    ]


async def _watch(url: str, out, busy: int = 0) -> tuple[list[dict], float]:
    """Load the page and watch it as the crawler does, with `busy` processes spinning meanwhile."""
    from playwright.async_api import async_playwright

    from goudenregels.crawl.browser import launch

    crawler = Crawler(url, out, CrawlSettings())
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(busy)]
    try:
        async with async_playwright() as pw:
            browser = await launch(pw, None, True)
            try:
                context = await crawler._new_context(browser)
                page = await context.new_page()
                Tab(page)
                await page.goto(url, wait_until="domcontentloaded")
                with contextlib.suppress(Exception):
                    await page.wait_for_load_state("load", timeout=5000)
                started = time.monotonic()
                await late.watch(page, time.monotonic() + 20)
                found = await late.late_layers(page)
                return found, time.monotonic() - started
            finally:
                await browser.close()
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()


def test_the_watch_follows_the_page_clock_on_a_busy_machine(tmp_path) -> None:
    # Twice as many spinning processes as cores: the page's timers run late in real time.
    with StaticServer(SITES / "latepopups") as url:
        found, took = asyncio.run(_watch(url, tmp_path, busy=2 * (os.cpu_count() or 2)))
    [layer] = found
    assert "nieuwsbrief" in layer["text"] and 2400 <= layer["after_ms"] < 3900
    assert took < late.WATCH_MS / 1000 + 1.5  # bounded however slow the page is


def test_the_page_clock_runs_ahead_instead_of_being_waited_for(tmp_path) -> None:
    # Virtual time: the newsletter's 2.5 s timer fires without 2.5 s of waiting.
    with StaticServer(SITES / "latepopups") as url:
        found, took = asyncio.run(_watch(url, tmp_path))
    [layer] = found
    assert 2400 <= layer["after_ms"] < 3900
    assert took < 1.5


def test_without_virtual_time_the_page_runs_in_real_time(tmp_path, monkeypatch) -> None:
    # A browser without Chromium's virtual time (Firefox, WebKit): the page is waited for.
    async def unavailable(page, timeout):
        return False

    monkeypatch.setattr(late, "_fast_forward", unavailable)
    with StaticServer(SITES / "latepopups") as url:
        found, took = asyncio.run(_watch(url, tmp_path))
    [layer] = found
    assert 2400 <= layer["after_ms"] < 3900
    assert 2.0 <= took < late.WATCH_MS / 1000 + 1.5


def test_late_layers_recorded_after_a_page_was_written_are_read_back(tmp_path) -> None:
    from goudenregels.snapshot import SnapshotWriter

    snapshot = Snapshot(start_url="https://www.example.nl/", final_url="https://www.example.nl/")
    writer = SnapshotWriter(tmp_path, snapshot)
    page = Page(url="https://www.example.nl/contact", title="Contact")
    writer.add_page(page)  # written before its watch ended
    snapshot.late[page.url] = {"overlays": [{"text": "Hulp nodig?", "after_ms": 3000}]}
    writer.close()
    again = Snapshot.load(tmp_path)
    [loaded] = again.pages
    assert [(o.text, o.after_ms) for o in loaded.overlays] == [("Hulp nodig?", 3000)]
    assert loaded.title == "Contact" and loaded.cookie_banner is None
