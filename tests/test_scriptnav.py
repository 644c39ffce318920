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
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from goudenregels.snapshot import Snapshot
from tests.helpers import SITES, run_cli


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
    pages = {p["url"].removeprefix(url.rstrip("/")): p for p in result["pages"]}
    for path in (
        "/contact.html",  # onclick menu item
        "/klachten/",  # a router button's pushState
        "/storingen.html",  # a card with data-href and a click listener
        "/veelgestelde-vragen.html",  # a listener that POSTs first, then navigates
        "/chat.html",  # window.open
        "/over-bestellen.html",  # "Meer over bestellen": informational, so clicked
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
