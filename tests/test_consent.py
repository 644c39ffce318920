"""Consent platforms in a real browser: each fixture page's first layer is found where the
platform draws it (page, shadow root, cross-origin frame, inserted late), named, its buttons
read and measured, judged by GR302/GR306 and dismissed by refusing; near-misses are no layer."""

from __future__ import annotations

import asyncio
import contextlib
import time
from pathlib import Path
from typing import Any

import pytest

from goudenregels.audit import run_check
from goudenregels.checks.site import Site
from goudenregels.crawl import consent, late
from goudenregels.crawl.crawler import Crawler, CrawlSettings
from goudenregels.crawl.tabs import Tab
from goudenregels.plugins import Plugins
from goudenregels.serve import StaticServer
from goudenregels.snapshot import Page, Snapshot
from tests.helpers import SITES

SITE = SITES / "consentplatforms"
CHECKS = {c.code: c for c in Plugins(entry_points=False).checks()}

# page -> (platform, where, refuse label, accept label, GR306 status)
PLATFORMS = {
    "cookiebot.html": ("Cookiebot", "page", "Weigeren", "Alle cookies toestaan", "pass"),
    "onetrust.html": ("OneTrust", "page", "Alles weigeren", "Alle cookies accepteren", "pass"),
    "usercentrics.html": ("Usercentrics", "shadow", "Weigeren", "Alles accepteren", "pass"),
    "cookieyes.html": ("CookieYes", "page", "Alles weigeren", "Alles accepteren", "review"),
    "complianz.html": ("Complianz", "page", "Weigeren", "Accepteren", "pass"),
    "didomi.html": (
        "Didomi",
        "page",
        "Doorgaan zonder te accepteren",
        "Akkoord en sluiten",
        "fail",
    ),
    "cookieinformation.html": (
        "Cookie Information",
        "page",
        "Alleen noodzakelijke cookies",
        "Alle cookies accepteren",
        "pass",
    ),
    "cookiefirst.html": ("CookieFirst", "page", "Alles weigeren", "Alles accepteren", "pass"),
    "borlabs.html": (
        "Borlabs Cookie",
        "page",
        "Alleen essentiële cookies accepteren",
        "Alle cookies accepteren",
        "fail",
    ),
    "tcf.html": ("TCF CMP 371", "page", "Niet akkoord", "Toestemming geven", "pass"),
    "sourcepoint.html": ("Sourcepoint", "iframe", "Alles weigeren", "Alles accepteren", "pass"),
    "homemade.html": ("", "page", "Nee, liever niet", "Ja, prima", "pass"),
    # The refuse link only after a long text: outside the first screen, and a link.
    "homemade-scroll.html": ("", "page", "Weigeren", "Akkoord", "fail"),
}
# Pages that hold no consent layer: a newsletter dialog that links to the privacy statement,
# a cookie statement with a sticky header, a plain list of links.
NEAR_MISSES = ["newsletter.html", "aboutcookies.html", "index.html"]


async def _read_one(crawler: Crawler, context: Any, url: str) -> dict[str, Any]:
    """Read a page as the crawler reads a home page, then dismiss its banner as it does."""
    page = await context.new_page()
    tab = Tab(page)
    try:
        await page.goto(url, wait_until="domcontentloaded")
        with contextlib.suppress(Exception):
            await page.wait_for_load_state("load", timeout=5000)
        read, _html = await crawler._read(
            tab, url, url, 200, "text/html", True, time.monotonic() + 25
        )
        # As the crawler does with a home page: refuse what was there at once, then watch the
        # page for what comes late (Crawler._watch_home).
        await crawler._dismiss_banner(page, read)
        await late.watch(page, time.monotonic() + 10)
        found = await late.late_layers(page)
        await crawler._late_banner(tab, read)
        late.merge(read, found)
        gone = await _gone(page)
        return {"page": read, "gone": gone}
    finally:
        await page.close()


async def _gone(page: Any) -> bool:
    """The marked layer (in the page or a shadow root) and the platform's frame have gone."""
    try:
        await page.wait_for_function(
            f"() => ({consent.GONE_SCRIPT})() && !document.querySelector('iframe[id^=sp_message]')",
            timeout=3000,
        )
    except Exception:
        return False
    return True


async def _read_all(first: str, second: str, out: Path) -> dict[str, dict[str, Any]]:
    from playwright.async_api import async_playwright

    from goudenregels.crawl.browser import launch

    crawler = Crawler(first, out, CrawlSettings())
    crawler._prepare_snapshot()
    names = [*PLATFORMS, *NEAR_MISSES]
    # The Sourcepoint-style message comes from another origin (another port), as on real sites.
    urls = [
        first
        + name
        + (f"?message_origin={second.rstrip('/')}" if name == "sourcepoint.html" else "")
        for name in names
    ]
    async with async_playwright() as pw:
        browser = await launch(pw, None, True)
        try:
            context = await crawler._new_context(browser)
            results = []
            # A few at a time: the pages are watched for seconds, and the machine may be busy.
            for start in range(0, len(urls), 5):
                batch = urls[start : start + 5]
                results += await asyncio.gather(*(_read_one(crawler, context, u) for u in batch))
        finally:
            await browser.close()
    return dict(zip(names, results, strict=True))


@pytest.fixture(scope="module")
def readings(tmp_path_factory) -> dict[str, dict[str, Any]]:
    out = tmp_path_factory.mktemp("consent")
    with StaticServer(SITE) as first, StaticServer(SITE) as second:
        return asyncio.run(_read_all(first, second, out))


def _judge(page: Page, code: str) -> Any:
    snapshot = Snapshot(start_url=page.url, final_url=page.url, scope="127.0.0.1", complete=True)
    snapshot.pages.append(page)
    snapshot.compute_depths()
    return run_check(CHECKS[code], Site(snapshot, "algemeen"), "en")


@pytest.mark.parametrize("name", list(PLATFORMS))
def test_platform_is_detected_named_and_read(readings, name: str) -> None:
    platform, where, refuse, accept, _status = PLATFORMS[name]
    banner = readings[name]["page"].cookie_banner
    assert banner is not None, name
    assert banner.platform == platform
    assert banner.where == where
    kinds = {c.text: c.kind for c in banner.controls}
    assert kinds.get(refuse) == "reject", kinds
    assert kinds.get(accept) == "accept", kinds
    for control in banner.controls:
        assert control.width > 0 and control.height > 0 and control.font_px > 0
        assert control.contrast >= 1.0


@pytest.mark.parametrize("name", list(PLATFORMS))
def test_platform_is_dismissed_by_refusing(readings, name: str) -> None:
    _platform, _where, refuse, _accept, _status = PLATFORMS[name]
    banner = readings[name]["page"].cookie_banner
    assert banner.dismissed_with == refuse
    assert readings[name]["gone"], f"the layer of {name} is still shown after the click"


@pytest.mark.parametrize("name", list(PLATFORMS))
def test_refusing_is_judged_from_the_measured_buttons(readings, name: str) -> None:
    expected = PLATFORMS[name][4]
    finding = _judge(readings[name]["page"], "GR306")
    assert finding.status == expected, finding.message
    assert _judge(readings[name]["page"], "GR302").status == "pass"


def test_a_refuse_button_the_visitor_must_scroll_to_is_measured_as_such(readings) -> None:
    banner = readings["homemade-scroll.html"]["page"].cookie_banner
    places = {c.text: c.in_view for c in banner.controls}
    assert places == {"Akkoord": True, "Weigeren": False}, places
    assert (
        "outside the first screen"
        in _judge(readings["homemade-scroll.html"]["page"], "GR306").message
    )
    assert all(c.in_view for c in readings["cookiebot.html"]["page"].cookie_banner.controls)


def test_a_frame_banner_reads_the_frame_and_its_address(readings) -> None:
    banner = readings["sourcepoint.html"]["page"].cookie_banner
    assert "message_id=9021" in banner.frame_url
    assert "partners gebruiken cookies" in banner.text


def test_layers_inserted_late_have_their_time_from_the_page_clock(readings) -> None:
    # Cookiebot's dialog is built 700 ms after load, Didomi's notice 300 ms after.
    assert 650 <= readings["cookiebot.html"]["page"].cookie_banner.after_ms < 2500
    assert 250 <= readings["didomi.html"]["page"].cookie_banner.after_ms < 2000
    assert readings["onetrust.html"]["page"].cookie_banner.after_ms < 200


def test_tcf_api_is_recorded(readings) -> None:
    assert readings["tcf.html"]["page"].cookie_banner.tcf
    assert not readings["onetrust.html"]["page"].cookie_banner.tcf


@pytest.mark.parametrize("name", NEAR_MISSES)
def test_near_misses_are_no_consent_layer(readings, name: str) -> None:
    assert readings[name]["page"].cookie_banner is None


def test_the_newsletter_dialog_is_a_pop_up_instead(readings) -> None:
    overlays = readings["newsletter.html"]["page"].overlays
    assert any("nieuwsbrief" in o.text for o in overlays)
    assert _judge(readings["newsletter.html"]["page"], "GR303").status == "fail"


def test_controls_round_trip_through_the_snapshot_json(readings) -> None:
    page = readings["didomi.html"]["page"]
    again = Page.from_dict(page.to_dict())
    assert again.cookie_banner == page.cookie_banner
    assert again.cookie_banner.controls[0].underlined


async def _consent_at_once(url: str, monkeypatch) -> tuple[dict[str, Any] | None, int]:
    """read_consent right after DOMContentLoaded; how often autoconsent was run."""
    from playwright.async_api import async_playwright

    from goudenregels.crawl.browser import launch

    runs = []
    detect = consent._detect

    async def counted(frame: Any) -> tuple[list[str], list[str]]:
        runs.append(frame)
        return await detect(frame)

    monkeypatch.setattr(consent, "_detect", counted)
    async with async_playwright() as pw:
        browser = await launch(pw, None, True)
        try:
            page = await (await browser.new_context()).new_page()
            await page.goto(url, wait_until="domcontentloaded")
            return await consent.read_consent(page), len(runs)
        finally:
            await browser.close()


def test_a_page_without_any_sign_of_a_platform_is_spared_autoconsent(monkeypatch) -> None:
    with StaticServer(SITES / "latepopups") as url:
        info, runs = asyncio.run(_consent_at_once(url + "contact.html", monkeypatch))
    assert info is None and runs == 0


def test_a_platform_at_work_is_waited_for_before_its_layer_is_drawn(monkeypatch) -> None:
    # The Cookiebot page draws its dialog 0.7 s after loading: read at once, nothing is drawn
    # yet, but the platform's object is there, so autoconsent runs and waits for the pop-up,
    # which names the platform (its layer is read where the page script marks it).
    with StaticServer(SITE) as url:
        info, runs = asyncio.run(_consent_at_once(url + "cookiebot.html", monkeypatch))
    assert runs >= 1
    assert info is not None and info["platform"] == "Cookiebot"
