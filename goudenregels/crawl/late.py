"""Late pop-ups: watch service pages a few seconds after load for layers that arrive late.

An init script in the top frame of every page observes the DOM from DOMContentLoaded on (a
MutationObserver, no polling) and notes, per element that becomes a fixed, modal or dialog layer,
when that happened by the page's own clock. On the service pages only (home, contact, complaint,
cart) the crawler lets the page run until WATCH_MS of its clock have passed since
DOMContentLoaded before reading it; every other page is read at once and costs nothing extra.
Timing comes from the page clock, so a busy machine gives the same answer: a timer the page set
for 2.5 s runs before the wait for 4 s of the same clock ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from typing import Any
from urllib.parse import urlsplit

from goudenregels.snapshot import Overlay, Page
from goudenregels.words import prefilter

# How long a service page is watched: page-clock milliseconds after DOMContentLoaded.
WATCH_MS = 4000
# A layer that came within this time of DOMContentLoaded counts as there on arrival.
LATE_MS = 1000
# Page-clock milliseconds a watched page runs on after its watch, for what the crawler does next.
AFTER_MS = 20000
# The longest a single browser call of the watch may take (a page that stalls its own clock).
CALL_WAIT = 2.0
# Service pages watched per crawl beyond the home page (bounds the total watching time).
MAX_WATCHED = 8
# The page addresses watched besides the home page: contact, complaints, cart and checkout.
WATCHED = prefilter.compile(
    r"contact|klantenservice|klanten-service|customer-?service|klacht|complaint|"
    r"winkelwagen|winkelmand|cart|basket|checkout|afrekenen",
    re.IGNORECASE,
)

WATCH_INIT_SCRIPT = r"""
(() => {
  if (window.top !== window || window.__grWatch) return;
  // The observer stops this long after DOMContentLoaded: watching has a bounded cost.
  const STOP_MS = 12000;
  const layers = [];
  const seen = new WeakSet();
  const inserted = new WeakMap();
  const pending = new Map();
  let timer = 0;
  let dcl = null;
  let observer = null;
  const later = window.setTimeout;
  const modal = (el) => {
    const role = el.getAttribute('role') || '';
    return role === 'dialog' || role === 'alertdialog' || el.getAttribute('aria-modal') === 'true'
      || (el.tagName === 'DIALOG' && el.open);
  };
  const isLayer = (el) => {
    if (!el || el.nodeType !== 1 || el === document.body || el === document.documentElement) return false;
    const s = getComputedStyle(el);
    if (!modal(el) && s.position !== 'fixed') return false;
    if (s.display === 'none' || s.visibility === 'hidden' || parseFloat(s.opacity) < 0.05) return false;
    const r = el.getBoundingClientRect();
    const w = Math.min(r.right, innerWidth) - Math.max(r.left, 0);
    const h = Math.min(r.bottom, innerHeight) - Math.max(r.top, 0);
    return w > 0 && h > 0 && w * h >= innerWidth * innerHeight * 0.015;
  };
  // While the crawler clicks the page itself (script navigation), what becomes a layer is its
  // doing (a cart drawer it opened), not the page's: seen, never reported.
  let ours = false;
  const note = (el, t) => { seen.add(el); if (!ours && layers.length < 40) layers.push({el, t}); };
  // The element, its nearest ancestors and its first descendants: a layer is often a wrapper's
  // child, or the parent of the node a script changed.
  const consider = (el, t) => {
    for (let e = el, d = 0; e && d < 8; e = e.parentElement, d++) {
      if (seen.has(e)) return;
      if (isLayer(e)) { note(e, t); return; }
    }
    const queue = [el];
    let looked = 0;
    while (queue.length && looked < 30) {
      const e = queue.shift();
      for (const c of e.children) {
        if (++looked > 30) break;
        if (seen.has(c)) continue;
        if (isLayer(c)) note(c, t); else queue.push(c);
      }
    }
  };
  const flush = () => {
    if (timer) { clearTimeout(timer); timer = 0; }
    // Bounded work per look: a page that restyles hundreds of elements at once (an animation)
    // costs at most this many elements' styles every 600 ms, for twelve seconds.
    const batch = Array.from(pending).slice(0, 150);
    pending.clear();
    for (const [el, t] of batch) if (el.isConnected) consider(el, t);
  };
  const onMutations = (records) => {
    const t = performance.now();
    if (dcl !== null && t - dcl > STOP_MS) { observer.disconnect(); return; }
    for (const r of records) {
      if (r.type === 'attributes') { if (!pending.has(r.target)) pending.set(r.target, t); continue; }
      for (const n of r.addedNodes) {
        if (n.nodeType !== 1) continue;
        if (!inserted.has(n)) inserted.set(n, t);
        if (!pending.has(n)) pending.set(n, t);
      }
    }
    // Looked at a moment later, in one go (the time noted is the mutation's). Not a short
    // timer: the crawler's settle step waits for those.
    if (!timer && pending.size) timer = later(flush, 600);
  };
  const start = () => {
    const nav = performance.getEntriesByType('navigation')[0];
    dcl = nav && nav.domContentLoadedEventStart ? nav.domContentLoadedEventStart : performance.now();
    observer = new MutationObserver(onMutations);
    observer.observe(document.documentElement, {
      childList: true, subtree: true, attributes: true,
      attributeFilter: ['class', 'style', 'open', 'hidden', 'aria-hidden', 'aria-modal'],
    });
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, {once: true});
  else start();
  const rel = (t) => Math.max(0, Math.round(t - (dcl === null ? 0 : dcl)));
  // When an element appeared, ms after DOMContentLoaded: as a layer, else when it or an
  // ancestor (across shadow roots) was inserted; 0 when it was there on arrival.
  // A platform's host element may be there on arrival and filled later: then the layer
  // appeared when its content was inserted. Mutations not yet looked at are looked at first,
  // so the answer does not depend on how soon after the insertion the crawler asks.
  const appeared = (el) => {
    flush();
    for (const l of layers) if (l.el === el || l.el.contains(el) || el.contains(l.el)) return rel(l.t);
    for (let e = el; e; e = e.parentElement || (e.getRootNode && e.getRootNode().host) || null) {
      if (inserted.has(e)) return rel(inserted.get(e));
    }
    let first = null;
    const inside = el.querySelectorAll ? el.querySelectorAll('*') : [];
    for (let i = 0; i < inside.length && i < 300; i++) {
      const t = inserted.get(inside[i]);
      if (t !== undefined && (first === null || t < first)) first = t;
    }
    return first === null ? 0 : rel(first);
  };
  // The crawler's own clicks begin and end: what they changed is looked at while still "ours".
  const clicking = (on) => { flush(); ours = !!on; };
  Object.defineProperty(window, '__grWatch', {value: {
    flush, appeared, clicking, layers: () => layers.map((l) => ({el: l.el, after: rel(l.t)})),
    since: () => (dcl === null ? 0 : performance.now() - dcl),
  }});
  Object.defineProperty(window, '__grAppeared', {value: appeared});
})();
"""

# Layers that arrived late and are still shown: not the cookie banner, not a header or menu.
LATE_SCRIPT = r"""
(lateMs) => {
  const w = window.__grWatch;
  if (!w) return [];
  w.flush();
  const out = [];
  const controls = 'button, a, [role=button], input[type=button], input[type=submit]';
  for (const {el, after} of w.layers()) {
    if (after < lateMs || !el.isConnected || out.length >= 6) continue;
    if (el.closest('[data-gr-cookie-banner], header, nav, [role=banner], [role=navigation]')) continue;
    if (el.querySelector('[data-gr-cookie-banner], nav')) continue;
    const s = getComputedStyle(el);
    if (s.display === 'none' || s.visibility === 'hidden' || parseFloat(s.opacity) < 0.05) continue;
    if (typeof el.checkVisibility === 'function' && !el.checkVisibility()) continue;
    const text = (el.innerText || '').trim();
    if (text.length < 15 || el.querySelectorAll('a[href]').length > 8) continue;
    const buttons = Array.from(el.querySelectorAll(controls)).slice(0, 30)
      .map((b) => (b.innerText || b.value || b.getAttribute('aria-label') || '').trim()).filter((t) => t);
    const r = el.getBoundingClientRect();
    const coverage = (Math.max(0, Math.min(r.right, innerWidth) - Math.max(r.left, 0))
      * Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0))) / (innerWidth * innerHeight);
    out.push({text: text.slice(0, 400), buttons: buttons.slice(0, 8), after_ms: after,
              coverage: Math.round(coverage * 1000) / 1000});
  }
  return out;
}
"""


def watched(url: str) -> bool:
    """A page watched for late layers besides the home page: contact, complaints, cart."""
    return bool(WATCHED.search(urlsplit(url).path))


async def watch(page: Any, until: float) -> None:
    """Let the page run until WATCH_MS of its own clock since DOMContentLoaded (bounded).

    Where the browser offers virtual time (Chromium), the page's clock is run forward: its
    timers fire in their order at once, network fetches are waited for, and a page that sets a
    pop-up for 2.5 s costs milliseconds instead of seconds. Elsewhere the page runs in real time.
    """
    left = until - time.monotonic() - 0.5
    if left <= 0:
        return
    timeout = min(WATCH_MS / 1000 + 1.0, left)
    if await _fast_forward(page, timeout):
        return
    with contextlib.suppress(Exception):
        await page.wait_for_function(
            "ms => !window.__grWatch || window.__grWatch.since() >= ms",
            arg=WATCH_MS,
            timeout=timeout * 1000,
            polling=100,
        )


async def _page_ms(page: Any) -> float | None:
    """Milliseconds of the page's clock since DOMContentLoaded, or None when not watched."""
    with contextlib.suppress(Exception):
        since = await asyncio.wait_for(
            page.evaluate("() => window.__grWatch ? window.__grWatch.since() : null"), CALL_WAIT
        )
        return float(since) if isinstance(since, int | float) else None
    return None


async def _fast_forward(page: Any, timeout: float) -> bool:
    """Run the page's clock to WATCH_MS in virtual time; False where that is not on offer.

    Virtual time first waits for the page's fetches (a chat script still loading comes in),
    then, if fetches keep it waiting, runs on regardless. Afterwards the page's time stands
    still: the tab is read once more and closed, never used for another page.
    """
    since = await _page_ms(page)
    if since is None or since >= WATCH_MS:
        return since is not None
    try:
        cdp = await asyncio.wait_for(page.context.new_cdp_session(page), CALL_WAIT)
    except Exception:
        return False
    try:
        for policy, share in (("pauseIfNetworkFetchesPending", 0.6), ("advance", 0.4)):
            budget = WATCH_MS - (await _page_ms(page) or 0.0)
            if budget <= 0 or await _run_virtual(cdp, policy, budget, timeout * share):
                return True
        return True
    except Exception:
        return False
    finally:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(cdp.detach(), CALL_WAIT)


async def resume(page: Any) -> None:
    """After a watch in virtual time, let the page's clock run again for what the crawler does
    next on it (a consent platform's detection, a click and the layer leaving): its timers fire
    as fast as they come due, for at most AFTER_MS of its clock, then it stands still."""
    with contextlib.suppress(Exception):
        cdp = await asyncio.wait_for(page.context.new_cdp_session(page), CALL_WAIT)
        try:
            policy = {"policy": "pauseIfNetworkFetchesPending", "budget": AFTER_MS}
            await asyncio.wait_for(cdp.send("Emulation.setVirtualTimePolicy", policy), CALL_WAIT)
        finally:
            await asyncio.wait_for(cdp.detach(), CALL_WAIT)


async def _run_virtual(cdp: Any, policy: str, budget: float, timeout: float) -> bool:
    """Let virtual time run for budget ms under a policy; True when the budget was spent."""
    expired = asyncio.get_running_loop().create_future()

    def on_expired(_event: Any) -> None:
        if not expired.done():
            expired.set_result(True)

    cdp.on("Emulation.virtualTimeBudgetExpired", on_expired)
    policy_set = cdp.send("Emulation.setVirtualTimePolicy", {"policy": policy, "budget": budget})
    try:
        await asyncio.wait_for(policy_set, CALL_WAIT)
        return await asyncio.wait_for(expired, max(0.1, timeout))
    except TimeoutError:
        return False


async def late_layers(page: Any) -> list[dict[str, Any]]:
    """The layers the watcher saw come after DOMContentLoaded that are still shown."""
    try:
        found = await asyncio.wait_for(page.evaluate(LATE_SCRIPT, 0), CALL_WAIT)
    except Exception:
        return []
    return [f for f in found if isinstance(f, dict)] if isinstance(found, list) else []


def same_layer(a: str, b: str) -> bool:
    """Two layer texts read from nested elements of one layer: one starts inside the other."""
    a, b = " ".join(a.split()).lower(), " ".join(b.split()).lower()
    if not a or not b:
        return False
    return a[:60] in b or b[:60] in a


# A layer the watcher saw come on arrival counts only as large as the page script's overlays.
ARRIVAL_COVERAGE = 0.08


def merge(page: Page, found: list[dict[str, Any]]) -> None:
    """Add the watched layers to the page's overlays; an overlay already read gets its time."""
    banner = page.cookie_banner.text if page.cookie_banner is not None else ""
    for item in found:
        text = " ".join(str(item.get("text", "")).split())
        after = int(item.get("after_ms") or 0)
        if not text or (banner and same_layer(text, banner)):
            continue
        known = next((o for o in page.overlays if same_layer(o.text, text)), None)
        if known is not None:
            known.after_ms = known.after_ms or after
            continue
        if after < LATE_MS and float(item.get("coverage") or 0) < ARRIVAL_COVERAGE:
            continue
        buttons = [" ".join(str(b).split())[:80] for b in item.get("buttons", [])][:8]
        page.overlays.append(Overlay(text=text[:400], buttons=buttons, after_ms=after))
