"""Built-in journeys: guest checkout, password reset and hidden phone numbers (an internal plugin).

Journeys click where a crawl only reads. They never submit a form, pay or place an order: every
request that could change something on the server (anything but GET and HEAD) is blocked, except
the one add-to-cart click when the auditor passed ``--allow-cart``. Nothing on a checkout page is
ever clicked; the page is only read.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from goudenregels.hookspecs import hookimpl
from goudenregels.snapshot import Page, Snapshot, jsonld_items
from goudenregels.words import phones as ph
from goudenregels.words import vocab


@dataclass
class JourneyContext:
    """What a journey gets: the browser context, the crawled snapshot and its limits."""

    browser_context: Any
    snapshot: Snapshot
    out_dir: Path
    timeout: float = 20.0
    allow_cart: bool = False
    blocked: list[dict[str, str]] = field(default_factory=list)
    allow_state_change: bool = False

    async def guard(self) -> None:
        """Block every request that could change state, unless an opt-in step allows it."""

        async def route(route: Any) -> None:
            request = route.request
            if request.method in ("GET", "HEAD", "OPTIONS") or self.allow_state_change:
                await route.fallback()
                return
            self.blocked.append({"method": request.method, "url": request.url[:300]})
            await route.abort("blockedbyclient")

        await self.browser_context.route("**/*", route)

    async def new_tab(self) -> Any:
        tab = await self.browser_context.new_page()
        tab.set_default_timeout(self.timeout * 1000)
        return tab

    async def screenshot(self, tab: Any, name: str) -> str:
        """Save a screenshot beside the snapshot; return its path relative to the snapshot."""
        rel = f"screens/{name}.png"
        target = self.out_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(Exception):
            await tab.screenshot(path=str(target), timeout=5000)
            return rel
        return ""


async def _goto(tab: Any, url: str, timeout: float) -> Any:
    response = await tab.goto(url, wait_until="domcontentloaded", timeout=timeout * 1000)
    with contextlib.suppress(Exception):
        await tab.wait_for_load_state("load", timeout=5000)
    return response


async def _click_and_settle(tab: Any, element: Any, wait_ms: float = 2500) -> None:
    """Click, then wait for what the click set off: the page changing, then a quiet network.

    Event-driven rather than a fixed sleep, so a busy machine waits longer instead of reading
    the page before the click took effect; bounded, so a click that changes nothing costs little.
    """
    before = ""
    with contextlib.suppress(Exception):
        before = await tab.evaluate("() => document.body ? document.body.innerText : ''")
    with contextlib.suppress(Exception):
        await element.click(timeout=5000)
    with contextlib.suppress(Exception):
        await tab.wait_for_function(
            "(t) => !document.body || document.body.innerText !== t", arg=before, timeout=wait_ms
        )
    with contextlib.suppress(Exception):
        await tab.wait_for_load_state("networkidle", timeout=wait_ms)


async def _visible_text(tab: Any) -> str:
    return await tab.evaluate("() => document.body ? document.body.innerText : ''")


async def _find(tab: Any, selector: str, pattern: re.Pattern[str], exclude=None) -> Any | None:
    """The first visible element matching selector whose label matches pattern."""
    items = tab.locator(selector)
    labels = await items.evaluate_all(
        """els => els.map(e => [
            (e.innerText || e.value || e.getAttribute('aria-label') || e.title || '').trim(),
            e.getAttribute('href') || '',
            !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length)])"""
    )
    for i, (label, href, visible) in enumerate(labels):
        text = f"{label} {href}"
        if visible and pattern.search(text) and not (exclude and exclude.search(label)):
            return items.nth(i), label, href
    return None


def _shop_pages(snapshot: Snapshot) -> list[Page]:
    """Product pages first (schema.org Product), then pages with an add-to-cart button."""
    pages = [p for p in snapshot.ok_pages()]
    products = [
        p
        for p in pages
        for item in (i for d in p.jsonld for i in jsonld_items(d))
        if "Product" in str(item.get("@type", ""))
    ]
    with_button = [p for p in pages if any(vocab.CART_BUTTON.search(b.text) for b in p.buttons)]
    seen, out = set(), []
    for p in products + with_button:
        if p.url not in seen:
            seen.add(p.url)
            out.append(p)
    return out


class GuestCheckout:
    """Put one product in the cart, go to checkout, and read whether a guest may order."""

    name = "guest_checkout"

    async def run(self, ctx: JourneyContext) -> dict[str, Any]:
        result: dict[str, Any] = {
            "status": "no_product",
            "steps": [],
            "guest_option": None,
            "account_forced": None,
            "evidence": "",
        }
        candidates = _shop_pages(ctx.snapshot)
        if not candidates:
            return result
        tab = await ctx.new_tab()
        try:
            await _goto(tab, candidates[0].address, ctx.timeout)
            await _step(ctx, tab, result, "product", "checkout-1-product")
            added_blocked = await self._add_to_cart(ctx, tab, result)
            if added_blocked is None:
                result["status"] = "no_cart_button"
                return result
            await self._open_cart(ctx, tab, result)
            if not await self._open_checkout(ctx, tab, result):
                result["status"] = "blocked" if added_blocked else "no_checkout"
                result["evidence"] = (await _visible_text(tab))[:300]
                return result
            result.update(_judge_checkout(await _visible_text(tab), await _checkout_fields(tab)))
            result["status"] = "done"
            result["checkout_url"] = tab.url
        finally:
            await tab.close()
        return result

    @staticmethod
    async def _add_to_cart(ctx: JourneyContext, tab: Any, result: dict[str, Any]) -> bool | None:
        """Click the add-to-cart button; True when the request it needed was blocked."""
        selector = "button, a, input[type=submit], input[type=button], [role=button]"
        found = await _find(tab, selector, vocab.CART_BUTTON)
        if found is None:
            return None
        button, label, _ = found
        blocked_before = len(ctx.blocked)
        ctx.allow_state_change = ctx.allow_cart  # the one opt-in request, never more
        try:
            with contextlib.suppress(Exception):
                await button.click(timeout=5000)
            with contextlib.suppress(Exception):
                await tab.wait_for_load_state("networkidle", timeout=3000)
        finally:
            ctx.allow_state_change = False
        blocked = len(ctx.blocked) > blocked_before
        await _step(
            ctx, tab, result, "add_to_cart", "checkout-2-added", button=label, blocked=blocked
        )
        return blocked

    @staticmethod
    async def _open_cart(ctx: JourneyContext, tab: Any, result: dict[str, Any]) -> None:
        cart = await _find(tab, "a[href]", vocab.CART_LINK)
        if cart is not None and cart[2] and not cart[2].startswith(("#", "javascript:")):
            await _goto(tab, await cart[0].evaluate("a => a.href"), ctx.timeout)
            await _step(ctx, tab, result, "cart", "checkout-3-cart")

    @staticmethod
    async def _open_checkout(ctx: JourneyContext, tab: Any, result: dict[str, Any]) -> bool:
        """Follow the link to the checkout (never an order button); False when there is none."""
        checkout = await _find(
            tab, "a[href], button, [role=button]", vocab.CHECKOUT_LINK, exclude=vocab.ORDER_BUTTON
        )
        if checkout is None:
            return False
        element, label, href = checkout
        if href and not href.startswith(("#", "javascript:")):
            await _goto(tab, await element.evaluate("a => a.href"), ctx.timeout)
        else:
            with contextlib.suppress(Exception):
                await element.click(timeout=5000)
            with contextlib.suppress(Exception):
                await tab.wait_for_load_state("load", timeout=5000)
        await _step(ctx, tab, result, "checkout", "checkout-4-checkout", link=label)
        return True


async def _step(
    ctx: JourneyContext, tab: Any, result: dict[str, Any], name: str, shot: str, **extra: Any
) -> None:
    """Record a journey step: where the tab is, what was done, and a screenshot of it."""
    step = {"name": name, "url": tab.url, **extra}
    step["screenshot"] = await ctx.screenshot(tab, shot)
    result["steps"].append(step)


async def _checkout_fields(tab: Any) -> list[list[str]]:
    """The visible fields of a checkout page: their type and their names, for judging it."""
    return await tab.evaluate(
        """() => Array.from(document.querySelectorAll('input, select'))
            .filter(e => e.offsetWidth || e.offsetHeight)
            .map(e => [e.type || '', (e.name || '') + ' ' + (e.id || '') + ' '
                       + (e.getAttribute('autocomplete') || '') + ' '
                       + (e.placeholder || '')])"""
    )


def _judge_checkout(text: str, fields: list[list[str]]) -> dict[str, Any]:
    """Is ordering as a guest offered on this checkout page, or is an account forced?"""
    guest = vocab_line(vocab.GUEST_CHECKOUT, text)
    forced = vocab_line(vocab.ACCOUNT_FORCED, text)
    has_password = any(kind == "password" for kind, _ in fields)
    has_address = sum(1 for kind, name in fields if vocab.ADDRESS_FIELDS.search(name)) >= 2
    if guest:
        return {"guest_option": True, "account_forced": False, "evidence": guest}
    if forced:
        return {"guest_option": False, "account_forced": True, "evidence": forced}
    if has_address and not has_password:
        return {
            "guest_option": True,
            "account_forced": False,
            "evidence": "the checkout asks for an address without a login",
        }
    if has_password and not has_address:
        return {
            "guest_option": False,
            "account_forced": None,
            "evidence": "the checkout shows a login form and no address form",
        }
    return {"guest_option": None, "account_forced": None, "evidence": text[:300]}


def vocab_line(pattern: re.Pattern[str], text: str) -> str:
    m = pattern.search(text)
    if not m:
        return ""
    start = text.rfind("\n", 0, m.start()) + 1
    end = text.find("\n", m.end())
    return text[start : end if end >= 0 else len(text)][:300]


class PasswordReset:
    """Find a login form and follow its password-reset link (never submits anything)."""

    name = "password_reset"

    async def run(self, ctx: JourneyContext) -> dict[str, Any]:
        result: dict[str, Any] = {"status": "no_login"}
        pages = ctx.snapshot.ok_pages()
        login = next(
            (p for p in pages for f in p.forms for fl in f.fields if fl.type == "password"), None
        )
        tab = await ctx.new_tab()
        try:
            if login is None:
                # A login behind a menu link ("Inloggen", "Mijn account") that the crawl did not
                # follow, or a login form in a pop-up.
                home = ctx.snapshot.home
                if home is None or not any(
                    vocab.LOGIN_LINK.match(item.text) for item in [*home.links, *home.buttons]
                ):
                    return result
                await _goto(tab, home.address, ctx.timeout)
                found = await _find(tab, "a[href], button, [role=button]", vocab.LOGIN_LINK)
                if found is None:
                    return result
                element, label, href = found
                if href and not href.startswith(("#", "javascript:")):
                    await _goto(tab, await element.evaluate("a => a.href"), ctx.timeout)
                else:
                    await _click_and_settle(tab, element)
                if not await tab.locator("input[type=password]").count():
                    return result
                login_url = tab.url
            else:
                login_url = login.address
                await _goto(tab, login_url, ctx.timeout)
            result.update({"status": "no_reset", "login_url": login_url})
            found = await _find(tab, "a[href], button, [role=button]", vocab.RESET_LINK)
            if found is None:
                result["screenshot"] = await ctx.screenshot(tab, "login")
                return result
            element, label, href = found
            result["reset_link_text"] = label[:120]
            if href and not href.startswith(("#", "javascript:")):
                response = await _goto(tab, await element.evaluate("a => a.href"), ctx.timeout)
                result["reset_status"] = response.status if response is not None else None
            else:
                await _click_and_settle(tab, element)
            result["reset_url"] = tab.url
            result["reset_form"] = bool(
                await tab.locator(
                    "input[type=email], input[name*=mail i], input[autocomplete=email], "
                    "input[name*=user i], input[type=text]"
                ).count()
            )
            result["screenshot"] = await ctx.screenshot(tab, "password-reset")
            result["status"] = "done"
        finally:
            await tab.close()
        return result


class RevealPhone:
    """Click 'toon telefoonnummer'-style buttons and record the numbers they reveal."""

    name = "reveal_phone"

    async def run(self, ctx: JourneyContext) -> dict[str, Any]:
        pages = [
            (p, b.text)
            for p in ctx.snapshot.ok_pages()
            for b in p.buttons
            if vocab.REVEAL_PHONE.search(b.text) or vocab.CALL_BUTTON.match(b.text)
        ][:3]
        result: dict[str, Any] = {"status": "no_button", "revealed": [], "tried": []}
        if not pages:
            return result
        tab = await ctx.new_tab()
        try:
            for page, label in pages:
                await _goto(tab, page.address, ctx.timeout)
                region = page.country or "NL"  # as the page's own numbers were read
                text = await _visible_text(tab)
                before = {ph.e164(n) for _, n, _ in ph.find_in_text(text, region)}
                found = await _find(tab, "button, [role=button], a", re.compile(re.escape(label)))
                result["tried"].append({"url": page.address, "button": label})
                if found is None:
                    continue
                element = found[0]
                if await element.evaluate("e => e.type === 'submit' && !!e.form"):
                    continue  # a submit button belongs to a form: never pressed
                await _click_and_settle(tab, element)
                for raw, number, purpose in ph.find_in_text(await _visible_text(tab), region):
                    if ph.e164(number) not in before and purpose == "phone":
                        result["revealed"].append(
                            {
                                "url": page.address,
                                "button": label,
                                "raw": raw,
                                "e164": ph.e164(number),
                                "kind": ph.classify(number, region),
                            }
                        )
                href = await element.evaluate("e => e.getAttribute('href') || ''")
                if href.lower().startswith("tel:") and (number := ph.parse_tel_href(href, region)):
                    result["revealed"].append(
                        {
                            "url": page.address,
                            "button": label,
                            "raw": href[4:],
                            "e164": ph.e164(number),
                            "kind": ph.classify(number, region),
                        }
                    )
            result["status"] = "done"
        finally:
            await tab.close()
        return result


@hookimpl
def goudenregels_journeys():
    return [GuestCheckout(), PasswordReset(), RevealPhone()]
