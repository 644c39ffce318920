"""The phone view end to end: tests/sites/mobile differs on a phone (a script-built hamburger menu
with the contact link two taps deep, a tel: link only in the phone header, an app banner over half
the phone screen), audited once with the default --device both and once with --device mobile."""

from __future__ import annotations

import contextlib
import http.server
import json
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from goudenregels.checks.phone import phone_overview
from goudenregels.crawl.phone import service_kind, service_pages
from goudenregels.snapshot import Page, Phone, Snapshot
from goudenregels.words import phoneview as pv
from tests.helpers import run_cli

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def both(audited) -> tuple[dict, Path, Snapshot]:
    result, out = audited("mobile")
    return result, out, Snapshot.load(out / "snapshot")


@pytest.fixture(scope="module")
def mobile(site_url, tmp_path_factory) -> tuple[dict, Snapshot]:
    out = tmp_path_factory.mktemp("phone-mobile")
    proc = run_cli(
        "audit", site_url("mobile"), "--device", "mobile", "--no-journeys", "-o", str(out),
        "-f", "json", "-q", "--no-history",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return json.loads((out / "goudenregels.json").read_text()), Snapshot.load(out / "snapshot")


def _finding(result: dict, code: str) -> dict:
    (finding,) = [f for f in result["findings"] if f["code"] == code]
    return finding


def _by_path(pages: list[Page]) -> dict[str, Page]:
    return {"/" + p.address.split("/", 3)[-1]: p for p in pages}


def test_both_reads_the_service_pages_again_as_a_phone(both) -> None:
    _, _, snap = both
    assert snap.settings["device"] == "both"
    assert snap.phone["device"] == "Pixel 7" and snap.phone["viewport"]["width"] < 500
    # A tab of the desktop's own context made a phone: no second browser profile.
    assert snap.phone["emulation"] == "tab"
    assert {p.view for p in snap.pages} == {"desktop"}
    phone = _by_path(snap.phone_pages)
    # Home, contact and complaint page: the other pages are not read twice.
    assert set(phone) == {"/", "/klantenservice.html", "/klachten.html"}
    assert all(p.view == "mobile" and not p.error for p in phone.values())
    # The phone readings take the click depth of the page they read again.
    assert phone["/klantenservice.html"].depth == 1


def test_the_tel_link_shows_only_in_the_phone_header(both) -> None:
    _, _, snap = both
    desktop = _by_path(snap.pages)["/"]
    phone = _by_path(snap.phone_pages)["/"]
    assert [(t.href, t.shown, t.region) for t in phone.tel_links] == [
        ("tel:+31201234567", True, "header")
    ]
    # On the desktop the same link is in the HTML but hidden: not a number shown as a link.
    assert not [p for p in desktop.phones if p.source == "tel"]


def test_layers_on_arrival_are_measured_on_the_phone_screen(both) -> None:
    _, _, snap = both
    layers = _by_path(snap.phone_pages)["/"].layers
    banner = next(x for x in layers if "app" in x.hint)
    assert 0.45 < banner.coverage < 0.65 and banner.position == "fixed"
    assert pv.layer_kind(banner.text, banner.hint, banner.targets) == "app"
    bubble = next(x for x in layers if "chat" in x.hint)
    assert bubble.coverage < 0.05


def test_screenshots_of_the_phone_home_and_contact_page(both) -> None:
    _, out, snap = both
    shots = {p.screenshot for p in snap.phone_pages if p.screenshot}
    assert shots == {"screens/phone-home.png", "screens/phone-contact.png"}
    for rel in shots:
        data = (out / "snapshot" / rel).read_bytes()
        assert data.startswith(PNG)
        width = int.from_bytes(data[16:20], "big")
        assert width == snap.phone["viewport"]["width"]  # CSS pixels: a small image


def test_the_menu_probe_finds_the_contact_link_two_taps_deep(both, site_url) -> None:
    _, _, snap = both
    menu = snap.phone["menu"]
    assert menu["status"] == "done" and menu["taps"] == 2
    assert menu["path"][1] == "Service en hulp" and "Menu openen" in menu["path"][0]
    assert menu["link"]["href"] == "/klantenservice.html"
    # The newsletter form's button looks like a menu toggle; it is a submit and never pressed.
    assert site_url.servers["mobile"].posts == 0


def test_phone_checks(both) -> None:
    result, _, _ = both
    assert _finding(result, "GR114")["status"] == "pass"
    menu = _finding(result, "GR115")
    assert menu["status"] == "pass"
    assert "Service en hulp" in menu["evidence"][0]["text"]
    covered = _finding(result, "GR305")
    assert covered["status"] == "fail"
    assert "Download onze app" in covered["evidence"][0]["text"]


def test_the_report_shows_where_the_views_differ_and_the_phone_screens(both) -> None:
    result, out, snap = both
    audit = SimpleNamespace(snapshot=snap, profile="algemeen")
    table = phone_overview(audit, "en")
    assert table is not None and table.key == "phone" and not table.summary
    differ = {(r["page"].rsplit("/", 1)[-1], r["what"]) for r in table.rows}
    # The home page: a number and a tel: link only in the phone header, the app banner.
    assert {("", "phone numbers"), ("", "tap-to-call links"), ("", "layers on arrival")} <= differ
    # The contact page shows its number as text in both views: no row for it.
    assert ("klantenservice.html", "phone numbers") not in differ
    assert [s.path for s in table.shots] == ["screens/phone-home.png", "screens/phone-contact.png"]
    html = (out / "goudenregels.html").read_text()
    section = html[html.index('id="phone"') : html.index("</section>", html.index('id="phone"'))]
    assert "De telefoonweergave" in section and "tel:-links" in section
    assert section.count("data:image/png;base64,") == 2
    assert 'href="#phone"' in html  # in the table of contents


def test_the_summary_leaves_the_phone_view_to_the_report(both) -> None:
    _, out, _ = both
    proc = run_cli("check", str(out / "snapshot"), "-f", "summary-html", "-o", "-", "-q")
    assert proc.returncode in (0, 1), proc.stderr
    assert 'id="phone"' not in proc.stdout and 'id="channels"' in proc.stdout


def test_mobile_reads_the_whole_site_as_a_phone(mobile) -> None:
    result, snap = mobile
    assert snap.pages and {p.view for p in snap.pages} == {"mobile"}
    assert snap.phone_pages == [] and snap.phone_readings() == snap.pages
    assert snap.phone["menu"]["taps"] == 2
    home = _by_path(snap.pages)["/"]
    assert home.screenshot == "screens/phone-home.png"
    assert any(t.shown for t in home.tel_links)
    assert _finding(result, "GR305")["status"] == "fail"
    assert _finding(result, "GR114")["status"] == "pass"
    # No comparison without a second view; the screenshots all the same.
    table = phone_overview(SimpleNamespace(snapshot=snap, profile="algemeen"), "en")
    assert table is not None and table.rows == [] and "no desktop reading" in table.empty
    assert [s.path for s in table.shots][0] == "screens/phone-home.png"


@pytest.mark.parametrize(
    ("path", "title", "kind"),
    [
        ("/", "Welkom", "home"),
        ("/contact", "Contact", "contact"),
        ("/klanten-service/", "Hulp", "contact"),
        ("/info", "Klantenservice en openingstijden", "contact"),
        ("/klachten", "Een klacht indienen", "complaint"),
        ("/winkelwagen", "Uw bestelling", "cart"),
        ("/contactlenzen", "Daglenzen", ""),
        ("/over-ons", "Over ons", ""),
    ],
)
def test_service_kind(path: str, title: str, kind: str) -> None:
    page = Page(url=f"https://www.example.nl{path}", title=title)
    assert service_kind(page, "https://www.example.nl/") == kind


def test_service_pages_takes_the_first_of_each_kind_and_skips_errors() -> None:
    home = "https://www.example.nl/"
    pages = [
        Page(url=home, title="Home"),
        Page(url=f"{home}contact", title="Contact", error="timed out"),
        Page(url=f"{home}klantenservice", title="Klantenservice"),
        Page(url=f"{home}contact-zakelijk", title="Contact zakelijk"),
        Page(url=f"{home}klachten", title="Klachten", status=404),
    ]
    chosen = [(kind, p.url.rsplit("/", 1)[-1]) for kind, p in service_pages(pages, home)]
    assert chosen == [("home", ""), ("contact", "klantenservice")]


def test_service_pages_adds_the_nearest_page_with_the_number_when_none_shows_it() -> None:
    home = "https://www.example.nl/"
    pages = [
        Page(url=home, title="Home", depth=0),
        Page(url=f"{home}contact", title="Contact", depth=1),
        Page(url=f"{home}faq/bellen/fax", title="Fax", depth=2, phones=[_phone("fax", "text")]),
        Page(url=f"{home}faq/bellen/diep", title="Diep", depth=3, phones=[_phone("phone", "text")]),
        Page(url=f"{home}faq/bellen", title="Bellen", depth=2, phones=[_phone("phone", "tel")]),
    ]
    chosen = [(kind, p.url.rsplit("/", 1)[-1]) for kind, p in service_pages(pages, home)]
    assert chosen == [("home", ""), ("contact", "contact"), ("phone", "bellen")]
    # A contact page that shows the number needs no extra page.
    pages[1].phones = [_phone("phone", "text")]
    assert [kind for kind, _ in service_pages(pages, home)] == ["home", "contact"]


def _phone(kind: str, source: str) -> Phone:
    purpose = "phone"
    return Phone(
        raw="020 123 45 67", e164="+31201234567", national="020 123 4567",
        kind="fax" if kind == "fax" else "geographic", source=source, purpose=purpose,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "href", "route"),
    [
        ("Contact", "/contact", True),
        ("Neem contact op", "#", True),
        ("", "/klanten-service/", True),
        ("Klantendienst", "/nl/kd", True),
        ("Customer service", "/en/cs", True),
        ("Helpcentrum", "/hc", True),
        ("Hulp en service", "/hulp", True),
        ("Get in touch", "/touch", True),
        ("Contactlenzen", "/contactlenzen", False),
        ("Contactloos betalen", "/betalen", False),
        ("Onze services", "/services", False),
        ("We helpen je graag verder", "/over-ons", False),
        ("Bel ons", "tel:+31201234567", False),
        ("info@example.nl", "mailto:info@example.nl", False),
    ],
)
def test_contact_route_words(text: str, href: str, route: bool) -> None:
    assert pv.is_contact_route(text, href) is route


@pytest.mark.parametrize(
    ("text", "hint", "kind"),
    [
        ("Download onze app en bestel sneller", "", "app"),
        ("Open in app", "smartbanner", "app"),
        ("Get the app", "", "app"),
        ("", "intercom-messenger-frame", "chat"),
        ("Hoe kunnen we u helpen?", "widget", "chat"),
        ("Schrijf je in voor de nieuwsbrief", "modal", "newsletter"),
        ("Wij gebruiken cookies", "banner", "consent"),
        ("Gratis verzending vanaf 50 euro", "promo-bar", "other"),
        ("Appartementen te huur in Utrecht", "hero", "other"),
    ],
)
def test_layer_kinds(text: str, hint: str, kind: str) -> None:
    assert pv.layer_kind(text, hint) == kind


class _SlowOnPhones(http.server.BaseHTTPRequestHandler):
    """A contact page that hangs for phones only: the phone reading must keep its deadline."""

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        phone = "Mobile" in (self.headers.get("User-Agent") or "")
        if self.path == "/contact" and phone:
            time.sleep(8)
        body = (
            b"<!doctype html><html lang=nl><head><title>Contact</title></head><body>"
            b"<h1>Contact</h1><p>Bel 020 123 45 67.</p></body></html>"
            if self.path == "/contact"
            else b"<!doctype html><html lang=nl><head><title>Winkel</title></head><body>"
            b'<h1>Winkel</h1><p><a href="/contact">Contact</a></p></body></html>'
        )
        with contextlib.suppress(OSError):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)


def test_a_phone_reading_keeps_the_page_deadline(tmp_path) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _SlowOnPhones)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        started = time.monotonic()
        proc = run_cli(
            "crawl", url, "-o", str(tmp_path / "s"), "-q", "--timeout", "3", "--no-journeys"
        )
        took = time.monotonic() - started
    finally:
        server.shutdown()
        server.server_close()
    assert proc.returncode == 0, proc.stderr
    snap = Snapshot.load(tmp_path / "s")
    phone = _by_path(snap.phone_pages)
    assert not phone["/"].error
    assert phone["/contact"].error and phone["/contact"].view == "mobile"
    assert not _by_path(snap.pages)["/contact"].error  # the desktop reading is not touched
    assert took < 25, took


def test_phone_readings_round_trip_through_the_snapshot_files(tmp_path) -> None:
    from goudenregels.snapshot import Layer, SnapshotWriter, TelLink

    snap = Snapshot(start_url="https://www.example.nl/", final_url="https://www.example.nl/")
    snap.settings = {"device": "both"}
    snap.phone = {"device": "Pixel 7", "menu": {"status": "done", "taps": 1, "path": ["Menu"]}}
    writer = SnapshotWriter(tmp_path, snap)
    writer.add_page(Page(url="https://www.example.nl/", title="Home"))
    snap.phone_pages = [
        Page(
            url="https://www.example.nl/",
            view="mobile",
            layers=[Layer(text="Download de app", coverage=0.5, hint="smartbanner")],
            tel_links=[TelLink(href="tel:+31201234567", text="Bel", shown=False, region="nav")],
            screenshot="screens/phone-home.png",
        )
    ]
    writer.close()
    again = Snapshot.load(tmp_path)
    assert again.phone == snap.phone and again.pages[0].view == "desktop"
    (phone,) = again.phone_pages
    assert phone.layers == snap.phone_pages[0].layers
    assert phone.tel_links == snap.phone_pages[0].tel_links
    assert phone.screenshot == "screens/phone-home.png" and phone.depth == 0
    assert again.phone_readings() == [phone]
    # A snapshot from before the phone view loads with none.
    meta = json.loads((tmp_path / "snapshot.json").read_text())
    for key in ("phone", "phone_pages"):
        meta.pop(key)
    (tmp_path / "snapshot.json").write_text(json.dumps(meta))
    old = Snapshot.load(tmp_path)
    assert old.phone == {} and old.phone_readings() == []


def test_where_a_tab_cannot_be_made_a_phone_the_phone_gets_its_own_context(
    site_url, tmp_path, monkeypatch
) -> None:
    """A browser without the DevTools emulation (not Chromium): the phone view is read in a
    phone's own browser context, with the same findings, and the menu is tapped there too."""
    from goudenregels.crawl import crawler, phone

    async def refuse(*_args, **_kwargs):
        raise phone.NoEmulation("not offered")

    monkeypatch.setattr(phone, "make_phone", refuse)
    settings = crawler.CrawlSettings(journeys=False, max_pages=10)
    snap = crawler.crawl(site_url("mobile"), tmp_path / "s", settings)
    assert snap.phone["emulation"] == "context"
    home = _by_path(snap.phone_pages)["/"]
    assert [(t.href, t.shown) for t in home.tel_links] == [("tel:+31201234567", True)]
    assert snap.phone["menu"]["taps"] == 2  # the sub-menu answers a finger only
    assert {p.view for p in snap.pages} == {"desktop"}


@pytest.mark.parametrize("emulation", ["tab", "context"])
def test_the_phone_carries_the_cookie_choice_the_desktop_made(
    emulation, site_url, tmp_path, monkeypatch
) -> None:
    """The desktop crawl refuses the banner on the home page; the phone, a tab of the same
    context or a context of its own, arrives with that choice and sees no banner."""
    from goudenregels.crawl import crawler, phone

    if emulation == "context":

        async def refuse(*_args, **_kwargs):
            raise phone.NoEmulation("not offered")

        monkeypatch.setattr(phone, "make_phone", refuse)
    settings = crawler.CrawlSettings(journeys=False, max_pages=6)
    snap = crawler.crawl(site_url("webshop"), tmp_path / "s", settings)
    assert snap.phone["emulation"] == emulation
    desktop_home = _by_path(snap.pages)["/"]
    assert desktop_home.cookie_banner is not None and desktop_home.cookie_banner.dismissed_with
    phone_home = _by_path(snap.phone_pages)["/"]
    assert not phone_home.error and phone_home.cookie_banner is None
