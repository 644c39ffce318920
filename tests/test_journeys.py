"""Journeys click but never submit: the fixture server counts every POST it receives."""

from __future__ import annotations

import json

from goudenregels.serve import StaticServer
from tests.helpers import SITES, run_cli


def _audit(url: str, out, *extra: str) -> dict:
    proc = run_cli("audit", url, "--profile", "webshop", "-f", "json", "-o", str(out), "-q", *extra)
    assert proc.returncode == 0, proc.stderr
    return json.loads((out / "goudenregels.json").read_text())


def _finding(result: dict, code: str) -> dict:
    return next(f for f in result["findings"] if f["code"] == code)


def test_no_post_without_opt_in(tmp_path) -> None:
    server = StaticServer(SITES / "postshop", post_redirect="/winkelwagen.html")
    with server as url:
        result = _audit(url, tmp_path)
    assert server.posts == 0, server.handler.post_paths
    journey = _finding(result, "GR110")["data"]["journey"]
    assert journey["status"] == "blocked"
    assert _finding(result, "GR110")["status"] == "review"
    assert any("blocked" in note for note in result["crawl"]["notes"])


def test_opt_in_adds_to_cart_but_never_orders(tmp_path) -> None:
    server = StaticServer(SITES / "postshop", post_redirect="/winkelwagen.html")
    with server as url:
        result = _audit(url, tmp_path, "--allow-cart")
    # Exactly one request reached the server: the add-to-cart; the order button was never pressed.
    assert server.handler.post_paths == ["/winkelwagen/toevoegen"]
    gr110 = _finding(result, "GR110")
    assert gr110["status"] == "fail", gr110
    assert "Log in om te bestellen" in gr110["evidence"][0]["text"]
    screens = [s.get("screenshot") for s in gr110["data"]["journey"]["steps"]]
    assert all(screens) and all((tmp_path / "snapshot" / s).is_file() for s in screens)
    # Captions say what each screenshot shows, from the visitor's side (the report is Dutch).
    captions = [i["caption"] for d in gr110["details"] for i in d["items"]]
    assert captions[0] == "Product geopend: Sencha Uji", captions
    # The shop posts the form and shows its cart page, which says what it holds.
    assert captions[1] == "Op ‘In winkelwagen’ geklikt; de winkelwagen toont 1 artikel", captions


def test_webshop_guest_checkout_and_password_reset(audited) -> None:
    result, out = audited("webshop")
    gr110 = _finding(result, "GR110")
    assert gr110["status"] == "pass"
    assert [s["name"] for s in gr110["data"]["journey"]["steps"]] == [
        "product",
        "add_to_cart",
        "cart",
        "checkout",
    ]
    # The shop's button turns into 'Toegevoegd' but its cart page says the cart is empty: the
    # captions say so, rather than that the product went into the cart.
    captions = [i["caption"] for d in gr110["details"] for i in d["items"]]
    assert captions[1] == "Op ‘In winkelwagen’ geklikt; op de knop staat nu ‘Toegevoegd’", captions
    assert captions[2] == "Winkelwagen geopend: de winkelwagen is leeg", captions
    assert captions[3].startswith("Op ‘") and "afrekenpagina" in captions[3], captions
