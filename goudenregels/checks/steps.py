"""A journey's steps worded from the visitor's side: what was done, and what the page showed.

The journeys (crawl/journeys.py) record facts in the snapshot — the product's name, the button
clicked, what the cart link or the cart page said afterwards — and this module turns them into
the captions and evidence a client reads ("Op ‘In winkelwagen’ geklikt; de winkelwagen toont
1 artikel"). A caption says only what the screenshot beside it shows: a cart the page calls
empty is never captioned as filled. Steps recorded by an older version have fewer facts and get
the plainer caption.
"""

from __future__ import annotations

from typing import Any

from goudenregels.i18n import _, ngettext


def describe_step(step: dict[str, Any]) -> str:
    """One step of a journey as the visitor saw it, in the audit's language."""
    name = str(step.get("name", ""))
    describe = _DESCRIBERS.get(name)
    if describe is not None:
        return describe(step)
    return name.replace("_", " ").replace("-", " ")


def _product(step: dict[str, Any]) -> str:
    product = str(step.get("product") or "").strip()
    if product:
        return _("Product opened: {product}").format(product=product)
    return _("Product page opened")


def _add_to_cart(step: dict[str, Any]) -> str:
    button = str(step.get("button") or "").strip() or _("add to cart")
    if step.get("blocked"):
        return _(
            "Clicked ‘{button}’; adding to the cart needed a request to the server, which the "
            "audit blocked"
        ).format(button=button)
    if step.get("cart_state") == "empty":
        return _("Clicked ‘{button}’; the cart is still empty").format(button=button)
    count = step.get("cart_items")
    if isinstance(count, int):
        return ngettext(
            "Clicked ‘{button}’; the cart shows {n} item",
            "Clicked ‘{button}’; the cart shows {n} items",
            count,
        ).format(button=button, n=count)
    if step.get("message"):
        return _("Clicked ‘{button}’; the page says “{message}”").format(
            button=button, message=step["message"]
        )
    if step.get("button_after"):
        return _("Clicked ‘{button}’; the button now reads ‘{after}’").format(
            button=button, after=step["button_after"]
        )
    if step.get("changed") is False:
        return _("Clicked ‘{button}’; nothing on the page changed").format(button=button)
    return _("Clicked ‘{button}’").format(button=button)


def _cart(step: dict[str, Any]) -> str:
    state = step.get("cart_state")
    if state == "empty":
        return _("Cart opened: the cart is empty")
    count = step.get("cart_items")
    if state == "items" and isinstance(count, int):
        return ngettext(
            "Cart opened: the cart holds {n} item", "Cart opened: the cart holds {n} items", count
        ).format(n=count)
    return _("Cart opened")


def _checkout(step: dict[str, Any]) -> str:
    link = str(step.get("link") or "").strip()
    if link:
        return _("Clicked ‘{link}’: the checkout page").format(link=link)
    return _("Checkout page opened")


def _login(step: dict[str, Any]) -> str:
    return _("Login page opened")


def _password_reset(step: dict[str, Any]) -> str:
    link = str(step.get("link") or "").strip()
    if link:
        return _("Clicked ‘{link}’: the page it leads to").format(link=link)
    return _("Password-reset page opened")


_DESCRIBERS = {
    "product": _product,
    "add_to_cart": _add_to_cart,
    "cart": _cart,
    "checkout": _checkout,
    "login": _login,
    "password-reset": _password_reset,
}
