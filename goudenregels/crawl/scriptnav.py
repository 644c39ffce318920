"""Script navigation: find elements without an href that lead somewhere when clicked, and where.

Menus built from ``onclick`` handlers, cards with ``data-href``, buttons whose router handler
calls ``history.pushState``, elements a script gave a click or press listener, in the page or in
an open shadow root (a web component's menu), hide whole sections from a crawl that only follows
``<a href>``. After a page has been read, its tab clicks such elements
(at most MAX_CLICKS, navigation menus first, within CLICK_TIME) under two guards:

- the page's own words: an element that says it logs out, buys, pays, deletes, submits or signs
  up is never clicked (``words.clicks``); nor is anything inside a form, a toggle, or a link;
- the browser: every navigation the click starts is caught by the Navigation API's ``navigate``
  event, recorded and cancelled before any request leaves (location.href, location.assign, a
  made-up link's click, history.pushState/replaceState, a form's submit); ``window.open`` is
  recorded and opens nothing; and a request route aborts every non-GET request and every
  navigation that still gets through. The page is never left, and nothing is read there.

The addresses found are queued like links (same scope, robots.txt, unsafe-address rules) and
remembered on the page as ``Page.clicks``, so the click path can say "a click on ‘Contact’ in the
menu" rather than imply a link. Element discovery is one script call: a page without such
elements costs that call and nothing else.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from goudenregels.snapshot import Click, normalize_url
from goudenregels.words.clicks import unsafe_reason
from goudenregels.words.scope import READ_ONLY_METHODS

# Elements clicked per page at most, and elements the page script hands back to choose from.
MAX_CLICKS = 30
MAX_FOUND = 120
# Seconds the clicks on one page may take, and a click that started scripts or requests may wait
# for them to navigate (an app that fetches its data, then routes).
CLICK_TIME = 6.0
ASYNC_WAIT = 0.4
# Times a page is loaded again when a click redrew it in place (a router) and took the rest away.
MAX_RELOADS = 2
POLL = 0.03

# Candidates, marked data-gr-nav="n", navigation menus first, in document order within a region.
DISCOVER_SCRIPT = r"""
(maxFound) => {
  for (const el of (window.__grNavEls || [])) { try { el.removeAttribute('data-gr-nav'); } catch (e) {} }
  for (const el of document.querySelectorAll('[data-gr-nav]')) el.removeAttribute('data-gr-nav');
  if (!document.body) return [];
  // Open shadow roots, nested ones too: a web component may draw the whole menu in one.
  const roots = [];
  const scan = (root, depth) => {
    const els = root.querySelectorAll('*');
    for (let i = 0; i < els.length && i < 6000 && roots.length < 60; i++) {
      if (els[i].shadowRoot && depth < 6) { roots.push(els[i].shadowRoot); scan(els[i].shadowRoot, depth + 1); }
    }
  };
  scan(document, 0);
  // closest() and the parent chain, across the shadow boundary to the host and on.
  const host = (node) => { const root = node.getRootNode(); return root instanceof ShadowRoot ? root.host : null; };
  const closest = (el, css) => {
    for (let node = el; node; node = host(node)) { const hit = node.closest(css); if (hit) return hit; }
    return null;
  };
  const parent = (el) => el.parentElement || host(el);
  const menus = 'nav, [role=navigation], [role=menu], [role=menubar], [class*=menu i], [id*=menu i]';
  const sel = [
    '[onclick]', '[role=link]', '[role=menuitem]', '[data-href]', '[data-url]', '[data-link]',
    '[data-gr-clickable]', 'nav button', 'header button', 'footer button',
    '[role=navigation] button', '[role=menu] button', '[role=menubar] button',
    '[class*=menu i] button', '[id*=menu i] button',
    'nav [role=button]', 'header [role=button]', 'footer [role=button]', '[role=menu] [role=button]',
  ].join(', ');
  const pool = new Set();
  for (const root of [document, ...roots]) {
    for (const el of Array.from(root.querySelectorAll(sel)).slice(0, 2000)) pool.add(el);
  }
  // A button inside a component that sits in a menu, header or footer counts as one there.
  for (const root of roots) {
    if (closest(root.host, 'nav, header, footer, ' + menus)) for (const el of root.querySelectorAll('button, [role=button]')) pool.add(el);
  }
  for (const el of (window.__grClick || [])) if (el.isConnected) pool.add(el);
  // Menu items drawn as list items with a pointer cursor and a listener higher up.
  for (const root of [document, ...roots]) {
    for (const li of Array.from(root.querySelectorAll('nav li, [role=menu] li, [class*=menu i] li')).slice(0, 300)) {
      if (!li.querySelector('a, button') && getComputedStyle(li).cursor === 'pointer') pool.add(li);
    }
  }
  const consent = /cookie|consent|gdpr|cmp|onetrust|cookiebot|didomi|usercentrics/i;
  const skip = (el) => {
    const tag = el.tagName;
    if (el === document.body || el === document.documentElement) return true;
    if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA' || tag === 'OPTION' || tag === 'LABEL'
        || tag === 'SUMMARY' || tag === 'DETAILS' || tag === 'IFRAME' || tag === 'VIDEO') return true;
    if (closest(el, 'a[href], form, [data-gr-cookie-banner], [contenteditable]')) return true;
    if (el.form || el.type === 'submit' && tag !== 'BUTTON' || el.disabled) return true;
    if (tag === 'BUTTON' && el.getAttribute('type') === 'submit') return true;
    if (el.getAttribute('aria-disabled') === 'true') return true;
    // A toggle opens a menu or a panel in place: nothing to follow.
    if (el.hasAttribute('aria-expanded') || el.hasAttribute('aria-haspopup')
        || el.hasAttribute('aria-controls') || el.hasAttribute('aria-pressed')) return true;
    if (el.querySelector('a[href], button, input, select, textarea, form')) return true;
    for (let p = el; p && p !== document.body; p = parent(p)) {
      const name = (p.id || '') + ' ' + (typeof p.className === 'string' ? p.className : '');
      if (consent.test(name)) return true;
    }
    return false;
  };
  const region = (el) => {
    if (closest(el, 'footer, [role=contentinfo]')) return 'footer';
    if (closest(el, menus)) return 'nav';
    if (closest(el, 'header, [role=banner]')) return 'header';
    return 'main';
  };
  const rank = {nav: 0, header: 1, footer: 2, main: 3};
  const words = (el) => (el.innerText || el.textContent || '').replace(/\s+/g, ' ').trim();
  // What a visitor would call it: its words, or a card's heading, or its aria-label or title.
  const label = (el) => {
    const own = (el.getAttribute('aria-label') || '').trim();
    let text = words(el);
    const head = el.querySelector('h1, h2, h3, h4, h5, h6, strong, b');
    if (head && (text.length > 40 || !text)) text = words(head) || text;
    if (!text || text.length > 80) text = own || el.getAttribute('title') || (el.querySelector('img[alt]') || {}).alt || text;
    return (text || '').slice(0, 80);
  };
  // Document order, so the choice within a region does not depend on how the pool was built;
  // with shadow roots, the order of a walk that enters each one where its host stands.
  let order = null;
  if (roots.length) {
    order = new Map();
    const walk = (root) => { for (const el of root.querySelectorAll('*')) { order.set(el, order.size); if (el.shadowRoot) walk(el.shadowRoot); } };
    walk(document);
  }
  const before = (a, b) => order
    ? (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9)
    : ((a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) ? -1 : 1);
  const out = [];
  const seen = new Set();
  const all = Array.from(pool).filter((el) => el.isConnected && !skip(el));
  all.sort(before);
  for (const el of all) {
    const text = label(el);
    const where = region(el);
    const target = el.getAttribute('data-href') || el.getAttribute('data-url') || el.getAttribute('data-link') || el.getAttribute('onclick') || '';
    const key = where + '|' + text + '|' + target.slice(0, 200);
    if (!text || seen.has(key)) continue;
    seen.add(key);
    const ident = [el.id, el.getAttribute('name'), el.getAttribute('aria-label'), el.getAttribute('title'),
      typeof el.className === 'string' ? el.className : '', el.getAttribute('data-action') || ''].join(' ');
    const full = words(el).slice(0, 200);
    out.push({el, text, key, full, region: where, ident: ident.slice(0, 300), hidden: !!closest(el, '[data-gr-hidden]')});
  }
  out.sort((a, b) => (rank[a.region] - rank[b.region]) || (a.hidden - b.hidden));
  const chosen = out.slice(0, maxFound);
  // Kept by number for the clicks: an element in a shadow root is not found by a selector.
  Object.defineProperty(window, '__grNavEls', {value: chosen.map((c) => c.el), configurable: true, writable: true});
  return chosen.map((c, i) => {
    c.el.setAttribute('data-gr-nav', String(i));
    return {n: i, text: c.text, full: c.full, region: c.region, ident: c.ident, key: c.key};
  });
}
"""

# Click candidate n with the guard on: where the page tried to go comes back, and it stayed.
CLICK_SCRIPT = r"""
(n) => {
  let g = window.__grNavGuard;
  if (!g) {
    g = window.__grNavGuard = {on: true, urls: [], pending: 0, open: window.open, fetch: window.fetch,
      send: XMLHttpRequest.prototype.send};
    if (window.navigation) {
      navigation.addEventListener('navigate', (e) => {
        if (!g.on) return;
        // A hash change stays on the page; a traversal or reload goes nowhere new.
        if (!e.hashChange && !e.formData && (e.navigationType === 'push' || e.navigationType === 'replace'))
          g.urls.push(e.destination.url);
        if (e.cancelable) e.preventDefault();
      });
    }
    window.open = function (url) {
      if (!g.on) return g.open.apply(this, arguments);
      try { if (url) g.urls.push(new URL(String(url), location.href).href); } catch (err) {}
      return null;
    };
    // Requests a click starts: an app that fetches first and routes after is waited for.
    if (g.fetch) {
      window.fetch = function (...args) {
        const p = g.fetch.apply(this, args);
        if (g.on) { g.pending++; p.then(() => { g.pending--; }, () => { g.pending--; }); }
        return p;
      };
    }
    XMLHttpRequest.prototype.send = function (...args) {
      if (g.on) { g.pending++; this.addEventListener('loadend', () => { g.pending--; }, {once: true}); }
      return g.send.apply(this, args);
    };
  }
  g.on = true;
  const el = (window.__grNavEls || [])[n] || document.querySelector('[data-gr-nav="' + n + '"]');
  if (!el || !el.isConnected) return {gone: true, urls: [], busy: false};
  const timers = window.__grTimers ? window.__grTimers() : 0;
  // A press as a mouse makes it, for menus that move on pointerdown or mousedown; then the click.
  const press = (type, Kind) => {
    try {
      el.dispatchEvent(new Kind(type, {bubbles: true, cancelable: true, composed: true, view: window,
        button: 0, buttons: type.endsWith('down') ? 1 : 0, pointerType: 'mouse', isPrimary: true}));
    } catch (err) {}
  };
  press('pointerdown', PointerEvent); press('mousedown', MouseEvent);
  press('pointerup', PointerEvent); press('mouseup', MouseEvent);
  try { el.click(); } catch (err) {}
  const after = window.__grTimers ? window.__grTimers() : 0;
  return {gone: false, urls: g.urls.splice(0), busy: after > timers || g.pending > 0};
}
"""

# Where the page tried to go since, and whether the click's requests and timers are all done.
COLLECT_SCRIPT = r"""
() => {
  const g = window.__grNavGuard;
  if (!g) return {urls: [], idle: true};
  const timers = window.__grTimers ? window.__grTimers() : 0;
  return {urls: g.urls.splice(0), idle: g.pending <= 0 && timers === 0};
}
"""
CLICKING_SCRIPT = "() => { if (window.__grWatch) window.__grWatch.clicking(true); }"

STOP_SCRIPT = r"""
() => {
  if (window.__grWatch) window.__grWatch.clicking(false);
  const g = window.__grNavGuard;
  if (g) {
    g.on = false;
    window.open = g.open;
    if (g.fetch) window.fetch = g.fetch;
    XMLHttpRequest.prototype.send = g.send;
  }
  for (const el of (window.__grNavEls || [])) { try { el.removeAttribute('data-gr-nav'); } catch (e) {} }
  for (const el of document.querySelectorAll('[data-gr-nav]')) el.removeAttribute('data-gr-nav');
}
"""


class _Guard:
    """The request route while clicking: non-GET requests and navigations never leave."""

    def __init__(self) -> None:
        self.navigations: list[str] = []
        self.blocked = 0
        self.reloading = False

    async def handle(self, route: Any, request: Any) -> None:
        try:
            if request.method not in READ_ONLY_METHODS:
                self.blocked += 1
                await route.abort()
            elif request.is_navigation_request() and not self.reloading:
                self.navigations.append(request.url)
                await route.abort()
            else:
                await route.continue_()
        except Exception:  # the page went away or the route was handled already
            return


async def follow_clicks(
    tab: Any,
    until: float,
    allowed: Callable[[str], bool],
    memo: dict[str, list[str]] | None = None,
    found: list[dict[str, Any]] | None = None,
) -> tuple[list[Click], int]:
    """Click the page's script-navigating elements in ``tab``; where they led, and how many
    requests the guard blocked. ``allowed(url)`` says whether an address may be queued.

    ``memo`` carries what clicks led to from page to page of one crawl: a menu repeated on
    every page is clicked once per folder of the site, not once per page. ``found``: what
    DISCOVER_SCRIPT returned when the page was read (page_script.READ_SCRIPT), else it runs now.
    """
    until = min(until, time.monotonic() + CLICK_TIME)
    chosen = safe(found) if found is not None else await _discover(tab.page, until)
    if not chosen:
        return [], 0
    memo = {} if memo is None else memo
    here = tab.page.url
    folder = urlsplit(here).path.rsplit("/", 1)[0]
    clicks: list[Click] = []
    fresh = []
    for cand in chosen:
        known = memo.get(f"{folder}|{_key(cand)}")
        if known is None:
            fresh.append(cand)
        else:
            _note(clicks, cand, known, normalize_url(here), allowed)
    if not fresh:
        return clicks, 0
    guard = _Guard()
    kept = await _stored(tab.page)
    try:
        # The late pop-up watch (crawl/late.py) leaves what these clicks open to them.
        await asyncio.wait_for(tab.page.evaluate(CLICKING_SCRIPT), _left(until))
        await asyncio.wait_for(tab.page.route("**/*", guard.handle), _left(until))
        for cand, urls in await _click_all(tab, guard, fresh, until):
            memo[f"{folder}|{_key(cand)}"] = urls
            _note(clicks, cand, urls, normalize_url(here), allowed)
    except Exception:
        pass  # the tab went away: keep what was found
    finally:
        if not tab.hostile:  # a tab given up is closed, not tidied
            with contextlib.suppress(Exception):
                await asyncio.wait_for(tab.page.evaluate(STOP_SCRIPT), 2)
            with contextlib.suppress(Exception):
                await asyncio.wait_for(tab.page.unroute("**/*", guard.handle), 2)
        await _restore(tab.page, kept)
    return clicks, guard.blocked


_LOCAL = """() => { try { return Object.entries(localStorage).slice(0, 500); } catch (e) { return null; } }"""
_SET_LOCAL = """(entries) => { try { localStorage.clear();
  for (const [k, v] of entries) localStorage.setItem(k, v); } catch (e) {} }"""


def _cookie_key(cookie: dict[str, Any]) -> tuple[str, str, str]:
    return (str(cookie.get("name")), str(cookie.get("domain")), str(cookie.get("path")))


async def _stored(page: Any) -> tuple[list[dict[str, Any]], Any] | None:
    """What the visitor's browser keeps before the clicks: cookies and the page's local storage."""
    try:
        cookies = await asyncio.wait_for(page.context.cookies(), 2)
        local = await asyncio.wait_for(page.evaluate(_LOCAL), 2)
    except Exception:
        return None
    return cookies, local


async def _restore(page: Any, kept: tuple[list[dict[str, Any]], Any] | None) -> None:
    """Put back what the clicks changed of the stored state (a language a switch chose, a
    setting a toggle saved), so every later page is read as the visitor who did not click."""
    if kept is None:
        return
    cookies, local = kept
    with contextlib.suppress(Exception):
        now = await asyncio.wait_for(page.context.cookies(), 2)
        before = {_cookie_key(c): c for c in cookies}
        changed = [c for c in now if before.get(_cookie_key(c)) != c]
        for cookie in changed:
            name, domain, path = _cookie_key(cookie)
            await page.context.clear_cookies(name=name, domain=domain, path=path)
        back = [before[_cookie_key(c)] for c in changed if _cookie_key(c) in before]
        gone = [c for key, c in before.items() if key not in {_cookie_key(n) for n in now}]
        if back or gone:
            await page.context.add_cookies([*back, *gone])
    if isinstance(local, list):
        with contextlib.suppress(Exception):
            if await asyncio.wait_for(page.evaluate(_LOCAL), 2) != local:
                await asyncio.wait_for(page.evaluate(_SET_LOCAL, local), 2)


async def _click_all(
    tab: Any, guard: _Guard, chosen: list[dict[str, Any]], until: float
) -> list[tuple[dict[str, Any], list[str]]]:
    """Click the candidates in order, at most MAX_CLICKS; each with the addresses it tried."""
    here = tab.page.url
    done: dict[str, tuple[dict[str, Any], list[str]]] = {}
    reloads = 0
    while chosen and time.monotonic() < until and len(done) < MAX_CLICKS:
        cand = chosen.pop(0)
        if _key(cand) in done:
            continue
        try:
            urls = await _click_one(tab, guard, int(cand["n"]), until)
        except Exception:
            break  # the page or tab gave out: keep what was found
        if urls is None:  # a click before redrew the page in place: read it afresh
            if reloads >= MAX_RELOADS or not await _reload(tab, guard, here, until):
                break
            reloads += 1
            chosen = [c for c in await _discover(tab.page, until) if _key(c) not in done]
            continue
        done[_key(cand)] = (cand, urls)
    return list(done.values())


def _key(cand: dict[str, Any]) -> str:
    """The same element after a reload: its region, words and where its attributes point."""
    return str(cand.get("key") or cand["text"])


def _note(
    clicks: list[Click],
    cand: dict[str, Any],
    urls: list[str],
    here: str,
    allowed: Callable[[str], bool],
) -> None:
    """Keep where a click led: the first address it tried that is another page of the site."""
    target = next((u for u in map(normalize_url, urls) if u != here and allowed(u)), "")
    if target and all(c.href != target or c.text != cand["text"] for c in clicks):
        clicks.append(Click(text=str(cand["text"]), href=target, region=str(cand["region"])))


async def _discover(page: Any, until: float) -> list[dict[str, Any]]:
    """The candidates on the page that may be clicked (see words.clicks), best first."""
    try:
        found = await asyncio.wait_for(page.evaluate(DISCOVER_SCRIPT, MAX_FOUND), _left(until))
    except Exception:
        return []
    return safe(found)


def safe(found: Any) -> list[dict[str, Any]]:
    """The candidates DISCOVER_SCRIPT found that are safe to click (see words.clicks)."""
    if not isinstance(found, list):
        return []
    # A card is judged by all its words too: "Schrijf u in..." under a harmless heading.
    return [
        c
        for c in found
        if isinstance(c, dict)
        and not unsafe_reason(str(c.get("text", "")), str(c.get("ident", "")))
        and not unsafe_reason(str(c.get("full") or ""))
    ]


async def _reload(tab: Any, guard: _Guard, url: str, until: float) -> bool:
    """Load the page again (the guard lets this one navigation through); False when it failed."""
    guard.reloading = True
    try:
        left = until - time.monotonic()
        if left < 1:
            return False
        await tab.page.goto(url, wait_until="domcontentloaded", timeout=left * 1000)
        with contextlib.suppress(Exception):
            await asyncio.wait_for(tab.page.evaluate(CLICKING_SCRIPT), _left(until))
        return True
    except Exception:
        return False
    finally:
        guard.reloading = False


async def _click_one(tab: Any, guard: _Guard, n: int, until: float) -> list[str] | None:
    """Click one candidate; the addresses it tried to reach (waiting briefly when it started
    timers or requests that may navigate later); None when the element is no longer there."""
    requests = len(tab.requested)
    before = len(guard.navigations)
    try:
        got = await asyncio.wait_for(tab.page.evaluate(CLICK_SCRIPT, n), _left(until))
    except TimeoutError:
        # The click's handler keeps the page busy (a loop): the tab is not trusted again.
        tab.hostile = tab.hostile or "a click kept the page busy"
        raise
    urls = [str(u) for u in got.get("urls", [])] if isinstance(got, dict) else []
    if not isinstance(got, dict) or got.get("gone"):
        return None
    if urls:
        return urls
    await asyncio.sleep(0)  # let the route hand over a navigation the click started
    # Only what this click started counts: a page that polls all the time is not waited for.
    busy = got.get("busy") or len(tab.requested) > requests
    end = min(until, time.monotonic() + (ASYNC_WAIT if busy else POLL))
    while True:
        urls = guard.navigations[before:]
        idle = False
        if not urls:
            more = await asyncio.wait_for(tab.page.evaluate(COLLECT_SCRIPT), _left(until))
            more = more if isinstance(more, dict) else {}
            urls, idle = [str(u) for u in more.get("urls") or []], bool(more.get("idle"))
        if urls or idle or time.monotonic() >= end:
            return urls
        await asyncio.sleep(POLL)


def _left(until: float) -> float:
    return max(0.2, until - time.monotonic())
