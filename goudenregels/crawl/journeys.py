"""Built-in journeys: guest checkout, password reset and hidden phone numbers (an internal plugin).

Journeys click where a crawl only reads. They never submit a form, pay or place an order: every
request that could change something on the server (anything but GET and HEAD) is blocked, except
the one add-to-cart click when the auditor passed ``--allow-cart``. Nothing on a checkout page is
ever clicked; the page is only read.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from goudenregels.hookspecs import hookimpl
from goudenregels.snapshot import Page, Snapshot, jsonld_items
from goudenregels.words import phones as ph
from goudenregels.words import prefilter, vocab
from goudenregels.words.quotes import line_around

# Attempts to set the journeys' guard on the browser context.
GUARD_TRIES = 3


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

        # A tab of the context closing at that moment can fail the call: tried again.
        for attempt in range(GUARD_TRIES):
            try:
                await self.browser_context.route("**/*", route)
                return
            except Exception:
                if attempt == GUARD_TRIES - 1:
                    raise  # no journey runs without the guard
                await asyncio.sleep(0.2)

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


async def _find(tab: Any, selector: str, pattern: prefilter.Pattern, exclude=None) -> Any | None:
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
            product = await _heading(tab) or candidates[0].title
            await _step(ctx, tab, result, "product", "checkout-1-product", product=product)
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
        before = await _cart_view(tab)
        ctx.allow_state_change = ctx.allow_cart  # the one opt-in request, never more
        try:
            await _click_and_settle(tab, button, 3000)
        finally:
            ctx.allow_state_change = False
        blocked = len(ctx.blocked) > blocked_before
        after = await _cart_view(tab)
        seen = added_signals(before, after, label, await _label_now(button))
        await _step(
            ctx,
            tab,
            result,
            "add_to_cart",
            "checkout-2-added",
            button=label,
            blocked=blocked,
            **seen,
        )
        return blocked

    @staticmethod
    async def _open_cart(ctx: JourneyContext, tab: Any, result: dict[str, Any]) -> None:
        cart = await _find(tab, "a[href]", vocab.CART_LINK)
        if cart is not None and cart[2] and not cart[2].startswith(("#", "javascript:")):
            await _goto(tab, await cart[0].evaluate("a => a.href"), ctx.timeout)
            seen = read_cart(await _cart_view(tab))
            await _step(ctx, tab, result, "cart", "checkout-3-cart", **seen)

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


# -- what a visitor sees of the cart: read in the page, judged by the pure functions below ------


async def _heading(tab: Any) -> str:
    """The page's main heading (a product page's product name)."""
    with contextlib.suppress(Exception):
        text = await tab.evaluate(
            "() => { const h = document.querySelector('h1'); return h ? h.innerText.trim() : ''; }"
        )
        return " ".join(str(text).split())[:120]
    return ""


async def _label_now(element: Any) -> str:
    """A button's label now (after a click it may read 'Toegevoegd'); '' when it is gone."""
    with contextlib.suppress(Exception):
        text = await element.evaluate(
            "e => (e.innerText || e.value || e.getAttribute('aria-label') || '').trim()",
            timeout=2000,
        )
        return " ".join(str(text).split())[:120]
    return ""


async def _cart_view(tab: Any) -> dict[str, Any]:
    """What the page shows now: its visible text and the labels of its links to the cart."""
    view: dict[str, Any] = {"text": "", "cart_links": []}
    with contextlib.suppress(Exception):
        view = await tab.evaluate(
            """() => ({
                text: document.body ? document.body.innerText : '',
                cart_links: Array.from(document.querySelectorAll('a[href], button'))
                    .filter(e => e.offsetWidth || e.offsetHeight || e.getClientRects().length)
                    .map(e => [((e.innerText || '') + ' ' + (e.getAttribute('aria-label') || '')
                                + ' ' + (e.title || '')).trim(), e.getAttribute('href') || ''])
            })"""
        )
    return view


def _cart_link_count(view: dict[str, Any]) -> int | None:
    """The count a visible cart link shows ("Winkelwagen (1)"), if any shows one."""
    for label, href in view.get("cart_links") or []:
        if vocab.CART_LINK.search(f"{label} {href}"):
            m = vocab.CART_LINK_COUNT.search(label) or re.fullmatch(r"\s*\(?(\d{1,3})\)?\s*", label)
            if m:
                return int(m.group(1))
    return None


def added_signals(
    before: dict[str, Any], after: dict[str, Any], label: str, label_now: str
) -> dict[str, Any]:
    """What a visitor sees change after clicking add-to-cart: a count on the cart link, a message
    that appeared ("Toegevoegd aan je winkelwagen"), the button's new label, or nothing."""
    seen: dict[str, Any] = {"changed": before.get("text") != after.get("text")}
    count = _cart_link_count(after)
    if count is not None and count != _cart_link_count(before):
        seen["cart_items"] = count
    old_lines = set(str(before.get("text", "")).split("\n"))
    new_text = "\n".join(
        line for line in str(after.get("text", "")).split("\n") if line not in old_lines
    )
    # The click may have opened the cart page (a form posted, then redirected there).
    cart = read_cart({"text": new_text})
    if cart["cart_state"] == "empty":
        seen["cart_state"] = "empty"
    elif "cart_items" not in seen and cart.get("cart_items") is not None:
        seen["cart_items"] = cart["cart_items"]
    for line in new_text.split("\n"):
        m = vocab.ADDED_TO_CART.search(line)
        if line.strip() and line not in old_lines and m and line.strip() != label_now:
            seen["message"] = line_around(line, m.start(), 160, end=m.end())
            break
    if label_now and label_now != label:
        seen["button_after"] = label_now
    return seen


def read_cart(view: dict[str, Any]) -> dict[str, Any]:
    """What a cart page says of its contents: empty, a number of items, or nothing readable;
    with the site's own sentence that says so."""
    text = str(view.get("text", ""))
    empty = vocab.CART_EMPTY.search(text)
    if empty:
        line = line_around(text, empty.start(), 160, end=empty.end())
        return {"cart_state": "empty", "cart_line": line}
    items = vocab.CART_ITEMS.search(text)
    if items:
        line = line_around(text, items.start(), 160, end=items.end())
        return {"cart_state": "items", "cart_items": int(items.group(1)), "cart_line": line}
    count = _cart_link_count(view)
    if count is not None:
        return {"cart_state": "empty" if count == 0 else "items", "cart_items": count}
    return {"cart_state": "unknown"}


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
    # "evidence" is always the site's own words (a quote); "seen" names what the tool saw when
    # no sentence says it (the report words it in its language).
    if guest:
        return {"guest_option": True, "account_forced": False, "evidence": guest}
    if forced:
        return {"guest_option": False, "account_forced": True, "evidence": forced}
    if has_address and not has_password:
        return {"guest_option": True, "account_forced": False, "evidence": "", "seen": "address"}
    if has_password and not has_address:
        return {"guest_option": False, "account_forced": None, "evidence": "", "seen": "login"}
    return {"guest_option": None, "account_forced": None, "evidence": "", "seen": "unclear"}


def vocab_line(pattern: prefilter.Pattern, text: str) -> str:
    """The sentence of ``text`` around the first match of ``pattern`` ('' when none)."""
    m = pattern.search(text)
    return line_around(text, m.start(), 300, end=m.end()) if m else ""


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
