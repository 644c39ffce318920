"""Journeys from the visitor's side: what the cart shows after a click, and captions that say
only what the screenshot shows (a cart the page calls empty is never captioned as filled)."""

from __future__ import annotations

import pytest

from goudenregels.checks.steps import describe_step
from goudenregels.crawl.journeys import added_signals, read_cart
from goudenregels.i18n import language


def _view(text: str, *links: tuple[str, str]) -> dict:
    return {"text": text, "cart_links": [list(link) for link in links]}


@pytest.mark.parametrize(
    ("text", "state", "items"),
    [
        ("Winkelwagen\nJe winkelwagen is nog leeg.\nVerder winkelen", "empty", None),
        ("Uw winkelmand is leeg", "empty", None),
        ("Je winkelmandje is momenteel leeg.", "empty", None),
        ("Er zitten geen producten in je winkelwagen.", "empty", None),
        ("Your cart is empty.", "empty", None),
        ("Your shopping bag is currently empty", "empty", None),
        ("Je winkelwagen bevat 1 artikel.", "items", 1),
        ("Winkelwagen\n2 artikelen\nTotaal € 31,90", "items", 2),
        ("Shopping cart\n3 items in your cart", "items", 3),
        # near misses: nothing says what the cart holds
        ("Winkelwagen\nBestel voor € 75 en we bezorgen gratis.", "unknown", None),
        ("Artikelen in je winkelwagen bewaren we dertig dagen.", "unknown", None),
        ("Lege dozen nemen we mee. De winkelwagen van de supermarkt is groot.", "unknown", None),
    ],
)
def test_the_cart_page_says_what_it_holds(text: str, state: str, items: int | None) -> None:
    seen = read_cart(_view(text))
    assert seen["cart_state"] == state, seen
    assert seen.get("cart_items") == items
    if state != "unknown":
        assert seen["cart_line"] and seen["cart_line"] in text  # the site's own sentence


def test_a_cart_page_without_a_sentence_is_read_by_its_cart_link() -> None:
    seen = read_cart(_view("Winkelwagen\nTotaal € 12,95", ("Winkelwagen (1)", "/cart")))
    assert seen == {"cart_state": "items", "cart_items": 1}
    assert read_cart(_view("Winkelwagen", ("Winkelwagen (0)", "/cart")))["cart_state"] == "empty"


@pytest.mark.parametrize(
    ("before", "after", "label_now", "expected"),
    [
        # the cart link's count goes up
        (
            _view("Zadel", ("Winkelwagen", "/cart")),
            _view("Zadel", ("Winkelwagen (1)", "/cart")),
            "In winkelwagen",
            {"cart_items": 1},
        ),
        (_view("x", ("Cart 0", "/cart")), _view("x", ("Cart 1", "/cart")), "", {"cart_items": 1}),
        # a message appears
        (
            _view("Zadel\nIn winkelwagen"),
            _view("Zadel\nHet zadel is toegevoegd aan je winkelwagen"),
            "In winkelwagen",
            {"message": "Het zadel is toegevoegd aan je winkelwagen"},
        ),
        (
            _view("Saddle"),
            _view("Saddle\nAdded to your cart"),
            "Add to cart",
            {"message": "Added to your cart"},
        ),
        # the click opened the cart page, which says what it holds (or that it is empty)
        (
            _view("Sencha\nIn winkelwagen"),
            _view("Winkelwagen\nJe winkelwagen bevat 1 artikel."),
            "",
            {"cart_items": 1},
        ),
        (
            _view("Sencha\nIn winkelwagen"),
            _view("Winkelwagen\nJe winkelwagen is leeg."),
            "",
            {"cart_state": "empty"},
        ),
        # the button's own label changes
        (
            _view("Zadel\nIn winkelwagen"),
            _view("Zadel\nToegevoegd"),
            "Toegevoegd",
            {"button_after": "Toegevoegd"},
        ),
    ],
)
def test_what_changes_after_the_add_to_cart_click(before, after, label_now, expected) -> None:
    seen = added_signals(before, after, "In winkelwagen", label_now)
    for key, value in expected.items():
        assert seen.get(key) == value, seen
    assert seen["changed"] is (before["text"] != after["text"])


def test_a_click_that_changes_nothing_says_so() -> None:
    view = _view("Zadel\nIn winkelwagen\nArtikelen in je winkelwagen bewaren we 30 dagen.")
    seen = added_signals(view, dict(view), "In winkelwagen", "In winkelwagen")
    assert seen == {"changed": False}
    with language("nl"):
        caption = describe_step({"name": "add_to_cart", "button": "In winkelwagen", **seen})
    assert caption == "Op ‘In winkelwagen’ geklikt; er veranderde niets op de pagina"


@pytest.mark.parametrize(
    ("step", "nl", "en"),
    [
        (
            {"name": "product", "product": "Loungeset Lissabon"},
            "Product geopend: Loungeset Lissabon",
            "Product opened: Loungeset Lissabon",
        ),
        (
            {"name": "add_to_cart", "button": "In winkelwagen", "cart_items": 1},
            "Op ‘In winkelwagen’ geklikt; de winkelwagen toont 1 artikel",
            "Clicked ‘In winkelwagen’; the cart shows 1 item",
        ),
        (
            {"name": "add_to_cart", "button": "Bestellen", "cart_items": 2},
            "Op ‘Bestellen’ geklikt; de winkelwagen toont 2 artikelen",
            "Clicked ‘Bestellen’; the cart shows 2 items",
        ),
        (
            {"name": "add_to_cart", "button": "In winkelwagen", "blocked": True},
            "Op ‘In winkelwagen’ geklikt; toevoegen vroeg een verzoek aan de server, dat de audit "
            "tegenhield",
            "Clicked ‘In winkelwagen’; adding to the cart needed a request to the server, which the "
            "audit blocked",
        ),
        (
            {"name": "add_to_cart", "button": "In winkelwagen", "cart_state": "empty"},
            "Op ‘In winkelwagen’ geklikt; de winkelwagen is nog steeds leeg",
            "Clicked ‘In winkelwagen’; the cart is still empty",
        ),
        (
            {"name": "cart", "cart_state": "empty"},
            "Winkelwagen geopend: de winkelwagen is leeg",
            "Cart opened: the cart is empty",
        ),
        (
            {"name": "cart", "cart_state": "items", "cart_items": 1},
            "Winkelwagen geopend: de winkelwagen bevat 1 artikel",
            "Cart opened: the cart holds 1 item",
        ),
        (
            {"name": "checkout", "link": "Afrekenen"},
            "Op ‘Afrekenen’ geklikt: de afrekenpagina",
            "Clicked ‘Afrekenen’: the checkout page",
        ),
        # a step recorded before these facts were kept: a plain, still true, caption
        (
            {"name": "add_to_cart", "button": "In winkelwagen"},
            "Op ‘In winkelwagen’ geklikt",
            "Clicked ‘In winkelwagen’",
        ),
        ({"name": "cart"}, "Winkelwagen geopend", "Cart opened"),
    ],
)
def test_steps_are_described_from_the_visitors_side(step: dict, nl: str, en: str) -> None:
    for lang, expected in (("nl", nl), ("en", en)):
        with language(lang):
            assert describe_step(step) == expected


@pytest.mark.parametrize("name", ["product", "add_to_cart", "cart", "checkout", "login"])
def test_no_caption_is_an_internal_step_name(name: str) -> None:
    for lang in ("nl", "en"):
        with language(lang):
            caption = describe_step({"name": name})
        assert "_" not in caption and caption != name and caption[:1].isupper(), caption


def test_an_empty_cart_is_never_captioned_as_holding_the_product() -> None:
    """What the issue found: 'In de winkelwagen gelegd' under a page saying the cart is empty."""
    for lang in ("nl", "en"):
        with language(lang):
            caption = describe_step({"name": "cart", "cart_state": "empty", "cart_items": 1})
        assert ("leeg" if lang == "nl" else "empty") in caption
        assert "1" not in caption
