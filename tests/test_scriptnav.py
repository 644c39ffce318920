"""Script navigation: menu items, router buttons and cards without an href are followed safely.

The fixture site tests/sites/scriptnav reaches its contact and complaint pages only through an
``onclick`` menu item and a pushState router button; other pages through a card with
``data-href``, a click listener that first POSTs, and ``window.open``. A logout button, a logout
icon known by its id and an order button are there too: the server records every request, and
none of those may arrive, nor any request that is not a GET.
"""

from __future__ import annotations

import functools
import json
import re
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import jsonschema
import pytest

from goudenregels.i18n import translations
from goudenregels.model import found_by_text
from goudenregels.snapshot import Click, Link, Page, Snapshot, SnapshotWriter
from tests.helpers import SITES, run_cli

SCHEMA = json.loads(
    (Path(__file__).parent.parent / "goudenregels" / "schema" / "audit.schema.json").read_text()
)


class _Recording(SimpleHTTPRequestHandler):
    """Static files from the fixture site; every request's method and path is written down."""

    seen: list[tuple[str, str]] = []

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        self.seen.append(("GET", self.path))
        super().do_GET()

    def do_POST(self) -> None:  # noqa: N802 - stdlib name
        self.seen.append(("POST", self.path))
        self.send_response(204)
        self.end_headers()


@pytest.fixture
def recorded() -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """(base URL, the requests it has answered) of the scriptnav site."""
    handler = type("Handler", (_Recording,), {"seen": []})
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(SITES / "scriptnav"))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", handler.seen
    finally:
        server.shutdown()
        server.server_close()


def _audit(url: str, out: Path, *extra: str) -> dict:
    proc = run_cli(
        "audit", url, "-o", str(out), "-f", "json,html", "-q", "--profile", "dienstverlener",
        *extra,
    )  # fmt: skip
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads((out / "goudenregels.json").read_text())


def _status(result: dict, code: str) -> str:
    return next(f["status"] for f in result["findings"] if f["code"] == code)


def test_pages_behind_script_navigation_are_found_and_nothing_unsafe_is_clicked(
    recorded, tmp_path: Path
) -> None:
    url, seen = recorded
    result = _audit(url, tmp_path / "out")
    jsonschema.validate(result, SCHEMA)
    pages = {p["url"].removeprefix(url.rstrip("/")): p for p in result["pages"]}
    for path in (
        "/contact.html",  # onclick menu item
        "/klachten/",  # a router button's pushState
        "/storingen.html",  # a card with data-href and a click listener
        "/veelgestelde-vragen.html",  # a listener that POSTs first, then navigates
        "/chat.html",  # window.open
        "/over-bestellen.html",  # "Meer over bestellen": informational, so clicked
        "/openingstijden.html",  # role=button in the footer, one listener on the document
        "/verhuizen.html",  # a menu item that moves on mousedown
        "/tarieven.html",  # a tile with only a pointerdown listener
        "/facturen.html",  # a router button in a web component's open shadow root
    ):
        assert path in pages, (path, sorted(pages))
        assert pages[path]["depth"] == 1, pages[path]
    assert pages["/contact.html"]["found_by"] == {
        "text": "Contact",
        "page": url,
        "region": "nav",
        "home": True,
    }
    # The checks that need the contact and complaint pages decide on them.
    for code in ("GR101", "GR103", "GR104", "GR501", "GR503", "GR504"):
        assert _status(result, code) == "pass", code
    # Nothing that acts on the site reached the server.
    assert [r for r in seen if r[0] != "GET"] == []
    paths = [path for _, path in seen]
    for never in ("/uitloggen", "/afmelden", "/bestellen", "/bestelling-bevestigd", "/nieuwsbrief"):
        assert not any(p.startswith(never) for p in paths), (never, paths)
    # The report says how the contact page was found, not that a link leads there.
    html = (tmp_path / "out" / "goudenregels.html").read_text()
    assert "gevonden via een klik op ‘Contact’ in het menu van de homepagina" in html
    assert re.search(r"10 pagina(&#39;|')s zijn alleen gevonden via een klik op een element", html)


def test_evidence_shows_the_click_and_the_snapshot_keeps_it(recorded, tmp_path: Path) -> None:
    url, _ = recorded
    result = _audit(url, tmp_path / "out", "--lang", "en")
    gr101 = next(f for f in result["findings"] if f["code"] == "GR101")
    contact = [e for e in gr101["evidence"] if e["url"].endswith("/contact.html")]
    assert contact and contact[0]["found_by"] == (
        "found through a click on ‘Contact’ in the menu of the home page"
    )
    snap = Snapshot.load(tmp_path / "out" / "snapshot")
    home = snap.home
    assert home is not None
    texts = {c.text: c.href for c in home.clicks}
    assert texts["Klachten"] == url + "klachten/"
    assert "Uitloggen" not in texts and "Bestellen" not in texts


def test_without_script_navigation_the_hidden_sections_stay_hidden(
    recorded, tmp_path: Path
) -> None:
    """The same audit with --no-script-nav: the contact and complaint pages are never reached,
    so the checks that need them cannot pass (the fixture really hides them)."""
    url, _ = recorded
    result = _audit(url, tmp_path / "out", "--no-script-nav")
    paths = {p["url"].removeprefix(url.rstrip("/")) for p in result["pages"]}
    assert "/contact.html" not in paths and "/klachten/" not in paths, paths
    assert _status(result, "GR101") != "pass"
    assert _status(result, "GR503") != "pass"  # the term is on the complaint page only


def _page(
    url: str, links: tuple[str, ...] = (), clicks: tuple[tuple[str, str, str], ...] = ()
) -> Page:
    return Page(
        url=url,
        status=200,
        links=[Link(href=h, text="x") for h in links],
        clicks=[Click(text=t, href=h, region=r) for t, h, r in clicks],
    )


def test_click_edges_give_depth_and_say_how_and_a_link_wins_at_the_same_depth() -> None:
    base = "https://www.example.nl/"
    snap = Snapshot(start_url=base, final_url=base)
    snap.pages = [
        _page(
            base,
            links=(base + "producten",),
            clicks=(
                ("Klantenservice", base + "klantenservice", "nav"),
                ("Producten", base + "producten", "nav"),
            ),
        ),
        _page(base + "producten", clicks=(("Storing melden", base + "storing", "main"),)),
        _page(base + "klantenservice", links=(base + "klachten",)),
        _page(base + "storing"),
        _page(base + "klachten"),
    ]
    snap.compute_depths()
    by = {p.url.removeprefix(base): p for p in snap.pages}
    assert by["producten"].found_by == {}  # a link leads there too
    assert by["klantenservice"].depth == 1
    assert by["klantenservice"].found_by == {
        "text": "Klantenservice",
        "page": base,
        "region": "nav",
        "home": True,
    }
    assert by["storing"].depth == 2
    assert by["storing"].click_path == [base, base + "producten", base + "storing"]
    assert by["storing"].found_by["home"] is False
    assert by["klachten"].depth == 2 and by["klachten"].found_by == {}
    nl = translations("nl").gettext
    en = translations("en").gettext
    assert found_by_text(by["klantenservice"].found_by, nl) == (
        "gevonden via een klik op ‘Klantenservice’ in het menu van de homepagina"
    )
    assert found_by_text(by["storing"].found_by, en) == (
        "found through a click on ‘Storing melden’ on /producten"
    )
    assert found_by_text(by["klachten"].found_by, nl) == ""


def test_clicks_and_how_a_page_was_found_survive_the_snapshot_on_disk(tmp_path: Path) -> None:
    base = "https://www.example.nl/"
    snap = Snapshot(start_url=base, final_url=base)
    writer = SnapshotWriter(tmp_path, snap)
    writer.add_page(_page(base, clicks=(("Contact", base + "contact", "header"),)))
    writer.add_page(_page(base + "contact"))
    writer.close()
    again = Snapshot.load(tmp_path)
    assert again.pages[0].clicks == [Click(text="Contact", href=base + "contact", region="header")]
    assert again.pages[1].found_by["region"] == "header"
    assert "in de kop van de homepagina" in found_by_text(
        again.pages[1].found_by, translations("nl").gettext
    )


def _html(body: str) -> tuple[int, dict[str, str], bytes]:
    page = f"<!DOCTYPE html><html lang=nl><head><title>T</title></head><body>{body}</body></html>"
    return 200, {"Content-Type": "text/html; charset=utf-8"}, page.encode()


def test_clicks_per_page_are_bounded_in_number_and_time(scripted, tmp_path: Path) -> None:
    """A menu of 300 script items (most do nothing, 60 lead somewhere): at most 30 are clicked,
    within the page's click time, and the crawl goes on."""
    items = "".join(f'<li onclick="void 0">Onderdeel {i}</li>' for i in range(240))
    items += "".join(
        f"<li onclick=\"location.href='/doel-{i}.html'\">Doel {i}</li>" for i in range(60)
    )
    routes = {"/": _html(f"<nav><ul>{items}</ul></nav><main><p>Welkom op onze site.</p></main>")}
    routes.update({f"/doel-{i}.html": _html(f"<p>Doel {i}</p>") for i in range(60)})
    server = scripted(routes)
    started = time.monotonic()
    proc = run_cli("crawl", server.url, "-o", str(tmp_path / "s"), "-q", "--max-pages", "3")
    assert proc.returncode == 0, proc.stderr
    assert time.monotonic() - started < 40
    home = Snapshot.load(tmp_path / "s").home
    assert home is not None
    # Clicks that did nothing count towards the 30 too: the first 30 items do nothing.
    assert home.clicks == []


def test_a_click_that_hangs_the_page_costs_the_tab_not_the_crawl(scripted, tmp_path: Path) -> None:
    hang = '<nav><span onclick="while (true) {}">Menu openen</span></nav>'
    routes = {
        "/": _html(f'{hang}<main><a href="/a.html">A</a> <a href="/b.html">B</a></main>'),
        "/a.html": _html(f'{hang}<p>Pagina A</p><a href="/c.html">C</a>'),
        "/b.html": _html("<p>Pagina B</p>"),
        "/c.html": _html("<p>Pagina C</p>"),
    }
    server = scripted(routes)
    proc = run_cli("crawl", server.url, "-o", str(tmp_path / "s"), "-q", "--timeout", "12")
    assert proc.returncode == 0, proc.stderr
    pages = {p.url.rsplit("/", 1)[-1]: p for p in Snapshot.load(tmp_path / "s").pages}
    assert {"a.html", "b.html", "c.html"} <= set(pages), sorted(pages)
    assert all(not p.error for p in pages.values()), [(u, p.error) for u, p in pages.items()]


def test_click_targets_follow_the_rules_for_links(scripted, tmp_path: Path) -> None:
    """An address a click leads to is queued as a link would be: robots.txt, scope and the
    unsafe-address rules apply; only the allowed one is read."""
    nav = (
        "<nav><ul>"
        "<li onclick=\"location.href='/verborgen.html'\">Intern</li>"
        "<li onclick=\"location.href='https://elders.example/contact'\">Partner</li>"
        "<li onclick=\"location.href='/account/logout-now'\">Account</li>"
        "<li onclick=\"location.href='/open.html'\">Open</li>"
        "</ul></nav><main><p>Welkom bij ons bedrijf.</p></main>"
    )
    server = scripted(
        {
            "/": _html(nav),
            "/robots.txt": (
                200,
                {"Content-Type": "text/plain"},
                b"User-agent: *\nDisallow: /verborgen",
            ),
            "/verborgen.html": _html("<p>Verborgen</p>"),
            "/open.html": _html("<p>Open pagina</p>"),
            "/account/logout-now": _html("<p>Uitgelogd</p>"),
        }
    )
    proc = run_cli("crawl", server.url, "-o", str(tmp_path / "s"), "-q")
    assert proc.returncode == 0, proc.stderr
    snap = Snapshot.load(tmp_path / "s")
    read = {p.url.removeprefix(server.url.rstrip("/")) for p in snap.pages}
    assert read == {"/", "/open.html"}, read
    skipped = {s["url"].removeprefix(server.url.rstrip("/")): s["reason"] for s in snap.skipped}
    assert skipped["/verborgen.html"] == "disallowed by robots.txt"
    assert skipped["/account/logout-now"] == "changes state (not followed)"
    home = snap.home
    assert home is not None
    assert "elders.example" not in " ".join(c.href for c in home.clicks)


def test_a_repeated_menu_is_remembered_per_folder(scripted, tmp_path: Path) -> None:
    """Every page carries the same script menu: each page records where it leads, and a
    relative target is read from the page's own folder (the memory is kept per folder)."""
    menu = "<nav><ul><li onclick=\"location.href='info.html'\">Info</li></ul></nav>"
    server = scripted(
        {
            "/": _html(f'{menu}<main><a href="/a/x.html">X</a></main>'),
            "/info.html": _html(f"{menu}<p>Info over ons</p>"),
            "/a/x.html": _html(f"{menu}<p>Pagina X</p>"),
            "/a/info.html": _html(f"{menu}<p>Info over afdeling A</p>"),
        }
    )
    proc = run_cli("crawl", server.url, "-o", str(tmp_path / "s"), "-q")
    assert proc.returncode == 0, proc.stderr
    base = server.url.rstrip("/")
    pages = {p.url.removeprefix(base): p for p in Snapshot.load(tmp_path / "s").pages}
    assert set(pages) == {"/", "/info.html", "/a/x.html", "/a/info.html"}, sorted(pages)
    assert [c.href for c in pages["/info.html"].clicks] == []  # leads to itself
    assert [c.href for c in pages["/a/x.html"].clicks] == [base + "/a/info.html"]
    assert [c.href for c in pages["/a/info.html"].clicks] == []
    assert pages["/a/info.html"].found_by["text"] == "Info"


def test_what_a_click_stores_is_put_back_for_the_pages_read_after(scripted, tmp_path: Path) -> None:
    """A toggle in the header that stores a setting (a cookie and local storage, as a
    language or theme switch does) is clicked like any script element; the pages read after
    it are read as the visitor who did not click: the setting is put back."""
    script = (
        "<script>const lang = document.cookie.includes('thema=donker') || "
        "localStorage.getItem('thema') === 'donker';"
        "document.body.insertAdjacentHTML('beforeend', lang ? '<p>Donker thema gekozen</p>'"
        " : '<p>Licht thema</p>');</script>"
    )
    toggle = (
        "<header><span onclick=\"document.cookie='thema=donker; path=/';"
        "localStorage.setItem('thema', 'donker')\">Thema</span></header>"
    )
    routes = {
        "/": _html(f'{toggle}<main><a href="/a.html">A</a></main>{script}'),
        "/a.html": _html(f'<main><a href="/b.html">B</a></main>{script}'),
        "/b.html": _html(f"<main><p>Pagina B</p></main>{script}"),
    }
    server = scripted(routes)
    proc = run_cli("crawl", server.url, "-o", str(tmp_path / "s"), "-q", "--device", "desktop")
    assert proc.returncode == 0, proc.stderr
    pages = {p.url.rsplit("/", 1)[-1]: p for p in Snapshot.load(tmp_path / "s").pages}
    assert {"a.html", "b.html"} <= set(pages), sorted(pages)
    for name in ("a.html", "b.html"):
        assert "Licht thema" in pages[name].text, (name, pages[name].text)
