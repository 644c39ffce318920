"""The scripts the crawler runs inside a page: mark hidden elements, read the banner, cap the HTML.

Marks left for the extractor: ``data-gr-hidden`` (not shown on load), ``data-gr-sr-only`` (styled
for screen readers only: its text counts as shown, a form control in it as hidden) and
``data-gr-clickable`` (a short <div>/<span> with a pointer cursor: a script-built button).

Every loop here is iterative and bounded: a page may hold a DOM thousands of levels deep or
hundreds of thousands of elements, and reading it must still end within the page's deadline.
"""

from goudenregels.crawl.scriptnav import DISCOVER_SCRIPT

# Elements looked at one by one (computed style) at most; past this, the rest count as visible.
MAX_STYLED_ELEMENTS = 40000
# Characters of HTML taken from a page: enough for any real page, bounded for hostile ones.
MAX_HTML_CHARS = 4_000_000

PAGE_SCRIPT = r"""
([findBanner, maxStyled]) => {
  // A page may be read twice (after a cookie choice): start from a clean slate.
  for (const name of ['data-gr-hidden', 'data-gr-sr-only', 'data-gr-clickable']) {
    for (const el of document.querySelectorAll('[' + name + ']')) el.removeAttribute(name);
  }
  const native = typeof Element.prototype.checkVisibility === 'function';
  // 'hidden', 'sr' (styled for screen readers only: read as shown text) or '' (shown).
  // An element fading in (a CSS transition or animation of its opacity under way, towards a
  // visible value) is shown: a moment later the visitor sees it, whenever it is read.
  const appearing = (el) => {
    if (typeof el.getAnimations !== 'function') return false;
    try {
      return el.getAnimations().some((a) => a.playState === 'running' && a.effect
        && a.effect.getKeyframes().some((k) => k.opacity !== undefined && parseFloat(k.opacity) > 0));
    } catch (e) { return false; }
  };
  const state = (el, s) => {
    if (s.display === 'none' || s.visibility === 'hidden' || s.visibility === 'collapse') return 'hidden';
    const faded = parseFloat(s.opacity) === 0;
    if (faded && !appearing(el)) return 'hidden';
    // Opacity is judged above, element by element: an ancestor fading in is not a hidden one.
    if (!faded && native && !el.checkVisibility({visibilityProperty: true})) {
      // checkVisibility is false for display:contents too; those still show their children.
      if (s.display !== 'contents') return 'hidden';
    }
    if (s.clip === 'rect(0px, 0px, 0px, 0px)' || s.clipPath === 'inset(50%)') return 'sr';
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0 && s.overflow === 'hidden') return 'hidden';
    return '';
  };
  // A short element a script made clickable (a <div> or <span> "button" in a script-built form).
  const clickable = (el, s) => (el.tagName === 'DIV' || el.tagName === 'SPAN')
    && s.cursor === 'pointer' && !el.hasAttribute('role') && el.childElementCount <= 3
    && !el.querySelector('a, button, input, textarea, select')
    && (el.textContent || '').trim().length > 0 && (el.textContent || '').length <= 60;
  let styled = 0;
  let capped = false;
  if (document.body) {
    const stack = [document.body];
    while (stack.length) {
      const el = stack.pop();
      for (let i = el.children.length - 1; i >= 0; i--) {
        const child = el.children[i];
        const tag = child.tagName;
        if (tag === 'SCRIPT' || tag === 'STYLE' || tag === 'TEMPLATE') continue;
        if (styled >= maxStyled) { capped = true; break; }
        styled++;
        const s = getComputedStyle(child);
        const seen = state(child, s);
        if (seen === 'hidden') { child.setAttribute('data-gr-hidden', '1'); continue; }
        if (seen === 'sr') child.setAttribute('data-gr-sr-only', '1');
        else if (clickable(child, s)) child.setAttribute('data-gr-clickable', '1');
        stack.push(child);
      }
      if (capped) break;
    }
  }
  // textContent needs no layout; innerText (visible text) only where the page is small.
  const raw = document.body ? document.body.textContent.length : 0;
  const textLength = raw > 100000 ? raw : (document.body ? document.body.innerText.length : 0);
  if (!findBanner) return {banner: null, textLength, capped};
  // Candidates for banners and overlays: named, modal, or near the top of the tree.
  const pool = document.querySelectorAll('body *').length <= maxStyled
    ? Array.from(document.querySelectorAll('body *'))
    : Array.from(document.querySelectorAll(
        'body > *, body > * > *, body > * > * > *, [id*=cookie i], [class*=cookie i], [id*=consent i], ' +
        '[class*=consent i], [role=dialog], [role=alertdialog], dialog, [aria-modal=true]'));
  const words = /cookie|consent|toestemming|privacy|gdpr|avg/i;
  const strong = /cookie|consent|toestemming|gdpr|tracking|tracker/i;
  const names = /cookie|consent|gdpr|cmp|onetrust|cookiebot|didomi|cybot|qc-cmp|truste|usercentrics|iubenda|klaro|osano|complianz|cky-/i;
  let banner = null;
  const cands = pool.filter((el) => {
    if (el.hasAttribute('data-gr-hidden') || el.closest('[data-gr-hidden]')) return false;
    const id = (el.id || '') + ' ' + (typeof el.className === 'string' ? el.className : '');
    const role = el.getAttribute('role') || '';
    const pos = getComputedStyle(el).position;
    const named = names.test(id) || role === 'dialog' || role === 'alertdialog';
    // A dialog known only by its role must speak of cookies or consent: a newsletter dialog
    // that links to the privacy statement is no consent layer.
    const byName = names.test(id);
    // A fixed header or menu that links to the privacy page is not a banner: a layer known
    // only by its position must speak of cookies or consent, and hold no navigation.
    if (!named && (pos !== 'fixed' && pos !== 'sticky' || el.matches('header, nav') || el.querySelector('nav'))) return false;
    return (byName ? words : strong).test((el.innerText || '').slice(0, 5000))
      && el.querySelector('button, a, [role=button], input[type=button], input[type=submit]');
  });
  // The outermost match is the banner; inner matches are parts of it.
  for (const el of cands) {
    if (!cands.some((o) => o !== el && o.contains(el))) { banner = el; break; }
  }
  let out = null;
  if (banner) {
    const buttons = Array.from(banner.querySelectorAll('button, a, [role=button], input[type=button], input[type=submit]'))
      .filter((b) => !b.closest('[data-gr-hidden]'))
      .slice(0, 50)
      .map((b) => (b.innerText || b.value || b.getAttribute('aria-label') || '').trim())
      .filter((t) => t);
    const r = banner.getBoundingClientRect();
    const coverage = (Math.min(r.width, innerWidth) * Math.min(r.height, innerHeight)) / (innerWidth * innerHeight);
    out = {text: (banner.innerText || '').slice(0, 800), buttons: buttons.slice(0, 12), coverage};
    banner.setAttribute('data-gr-cookie-banner', '1');
  }
  if (!out) {
    // Consent platforms that render their banner in a frame (Sourcepoint, TrustArc, ...).
    // A video or map embed is no banner, though a privacy-friendly player is "youtube-nocookie".
    const embed = /youtube|youtu\.be|vimeo|dailymotion|spotify|soundcloud|google\.[a-z.]+\/maps|maps\.google|openstreetmap/i;
    const frame = Array.from(document.querySelectorAll('iframe')).slice(0, 200).find((f) =>
      !f.closest('[data-gr-hidden]') && !embed.test(f.src || '') &&
      names.test((f.id || '') + ' ' + (f.src || '') + ' ' + (f.title || '')));
    if (frame) out = {text: '', buttons: [], frame: frame.src || frame.id || frame.title};
  }
  // Layers over the page on arrival (newsletter pop-ups, age gates), not the cookie banner.
  const overlays = [];
  for (const el of pool) {
    if (overlays.length >= 5) break;
    if (el.closest('[data-gr-hidden], [data-gr-cookie-banner], header, nav')) continue;
    const role = el.getAttribute('role') || '';
    const modal = role === 'dialog' || role === 'alertdialog' || el.getAttribute('aria-modal') === 'true' || el.tagName === 'DIALOG';
    const pos = getComputedStyle(el).position;
    if (!modal && pos !== 'fixed') continue;
    // What covers the screen on arrival: a drawer parked off-screen or a faded-out layer
    // (a cart panel, a closed menu) is there but not seen.
    const r = el.getBoundingClientRect();
    const seenW = Math.min(r.right, innerWidth) - Math.max(r.left, 0);
    const seenH = Math.min(r.bottom, innerHeight) - Math.max(r.top, 0);
    if (seenW <= 0 || seenH <= 0 || seenW * seenH < innerWidth * innerHeight * 0.08) continue;
    const look = getComputedStyle(el);
    if (look.visibility === 'hidden' || parseFloat(look.opacity) < 0.05) continue;
    if (overlays.some((o) => o.el.contains(el))) continue;
    const text = (el.innerText || '').slice(0, 2000).trim();
    if (text.length < 15) continue;
    const buttons = Array.from(el.querySelectorAll('button, a, [role=button], input[type=submit]')).slice(0, 30)
      .map((b) => (b.innerText || b.value || b.getAttribute('aria-label') || '').trim()).filter((t) => t);
    overlays.push({el, text: text.slice(0, 400), buttons: buttons.slice(0, 8)});
  }
  return {
    banner: out, textLength, capped,
    overlays: overlays.map((o) => ({text: o.text, buttons: o.buttons,
                                    after_ms: window.__grAppeared ? window.__grAppeared(o.el) : 0})),
    prompts: window.__grPrompts || [],
  };
}
"""

# The page's HTML as the browser holds it now, cut at a bound (the extractor copes with the cut).
HTML_SCRIPT = r"""
(maxChars) => {
  const doctype = document.doctype ? '<!DOCTYPE ' + document.doctype.name + '>' : '';
  const html = document.documentElement ? document.documentElement.outerHTML : '';
  const full = doctype + html;
  return full.length > maxChars ? {html: full.slice(0, maxChars), cut: full.length} : {html: full, cut: 0};
}
"""

# Records permission prompts a page asks for while loading (no prompt is shown headless).
INIT_SCRIPT = r"""
(() => {
  window.__grPrompts = [];
  const note = (kind) => { if (!window.__grPrompts.includes(kind)) window.__grPrompts.push(kind); };
  try {
    if (window.Notification && Notification.requestPermission) {
      const orig = Notification.requestPermission.bind(Notification);
      Notification.requestPermission = (...a) => { note('notifications'); return orig(...a); };
    }
    if (navigator.geolocation) {
      for (const name of ['getCurrentPosition', 'watchPosition']) {
        const orig = navigator.geolocation[name].bind(navigator.geolocation);
        navigator.geolocation[name] = (...a) => { note('geolocation'); return orig(...a); };
      }
    }
    if (window.PushManager && PushManager.prototype.subscribe) {
      const orig = PushManager.prototype.subscribe;
      PushManager.prototype.subscribe = function (...a) { note('notifications'); return orig.apply(this, a); };
    }
  } catch (e) {}
  // Short timers the page set (a redirect 50 ms after a failed login check, content shown a
  // moment after load): the page is read once they have run, whatever the machine's speed.
  try {
    const pending = new Set();
    const set = window.setTimeout, clear = window.clearTimeout;
    window.setTimeout = function (fn, delay, ...rest) {
      if (typeof fn !== 'function' || (Number(delay) || 0) > 500) return set.call(this, fn, delay, ...rest);
      const id = set.call(this, function (...a) { pending.delete(id); return fn.apply(this, a); }, delay, ...rest);
      pending.add(id);
      return id;
    };
    window.clearTimeout = function (id) { pending.delete(id); return clear.call(this, id); };
    Object.defineProperty(window, '__grTimers', {value: () => pending.size});
    // Data requests under way, counted by the page itself the moment they start (the crawler
    // hears of a request only a moment later): a page whose content comes from a chain of
    // them (its header, then its data) is read when the chain has ended.
    let inflight = 0, leaving = false;
    const done = () => { inflight = Math.max(0, inflight - 1); };
    const fetch0 = window.fetch;
    if (typeof fetch0 === 'function') {
      window.fetch = function (...a) {
        inflight++;
        let p;
        try { p = fetch0.apply(this, a); } catch (e) { done(); throw e; }
        Promise.resolve(p).then(done, done);
        return p;
      };
    }
    // Reading a response's body is part of the request: a page that fetches, reads the answer
    // and then acts (a redirect after a failed login check, the next request of a chain) is
    // never seen quiet between the answer and what it does with it.
    if (window.Response) {
      for (const name of ['json', 'text', 'blob', 'arrayBuffer', 'formData']) {
        const read0 = Response.prototype[name];
        if (typeof read0 !== 'function') continue;
        Response.prototype[name] = function (...a) {
          inflight++;
          let p;
          try { p = read0.apply(this, a); } catch (e) { done(); throw e; }
          Promise.resolve(p).then(done, done);
          return p;
        };
      }
    }
    const send0 = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.send = function (...a) {
      inflight++;
      this.addEventListener('loadend', done, {once: true});
      try { return send0.apply(this, a); } catch (e) { done(); throw e; }
    };
    // A script that sends the visitor on: the page is not read as it leaves.
    addEventListener('beforeunload', () => { leaving = true; });
    addEventListener('pageshow', () => { leaving = false; });
    const busy = () => pending.size + inflight + (leaving ? 1 : 0);
    // Two frames drawn (or 150 ms of the page's clock): what the page does on its first frames
    // (an IntersectionObserver revealing the content in view, a layout script) has been done.
    Object.defineProperty(window, '__grFrames', {value: () => new Promise((resolve) => {
      let done = false;
      const end = () => { if (!done) { done = true; resolve(); } };
      try { requestAnimationFrame(() => requestAnimationFrame(end)); } catch (e) { end(); }
      set.call(window, end, 150);
    })});
    // Resolves when the page has been quiet (no short timer, no request, not leaving) for two
    // looks in a row, or after about ms of its own clock; polled with the page's own timer. A
    // page that keeps setting short timers (an animation) is not waited for past half a second.
    Object.defineProperty(window, '__grQuiet', {value: (ms) => new Promise((resolve) => {
      let looks = Math.max(0, Math.ceil((Number(ms) || 0) / 20)), calm = 0, spent = 0;
      const look = () => {
        const now = spent < 500 ? busy() : inflight + (leaving ? 1 : 0);
        calm = now ? 0 : calm + 1;
        spent += 20;
        if (calm >= 2 || looks-- <= 0) resolve(now); else set.call(window, look, 20);
      };
      look();
    })});
  } catch (e) {}
  // Elements given a click or press listener of their own (a menu item that routes, a card, one
  // that moves on mousedown): candidates for script navigation (crawl/scriptnav.py), in the page
  // or a shadow root. Kept at registration, so finding them later costs no DevTools round trip
  // per element; delegated listeners are found by their cursor.
  try {
    const clicked = [];
    const presses = new Set(['click', 'mousedown', 'mouseup', 'pointerdown', 'pointerup']);
    Object.defineProperty(window, '__grClick', {value: clicked});
    const add = EventTarget.prototype.addEventListener;
    EventTarget.prototype.addEventListener = function (type, ...rest) {
      if (presses.has(type) && clicked.length < 1000 && this instanceof Element
          && clicked[clicked.length - 1] !== this) clicked.push(this);
      return add.call(this, type, ...rest);
    };
  } catch (e) {}
})();
"""


# One round trip per page read: wait in the page until it is quiet (its short timers run, its
# data requests done, not leaving; at most waitMs of its clock), then mark and read the page
# (PAGE_SCRIPT), take its HTML (HTML_SCRIPT), and find the elements that may navigate by script
# (scriptnav, when maxFound).
READ_SCRIPT = (
    "async ([findBanner, maxStyled, maxChars, waitMs, maxFound]) => {\n"
    "  if (waitMs > 0 && window.__grQuiet && window.__grFrames) {\n"
    "    await Promise.all([window.__grFrames(), window.__grQuiet(waitMs)]);\n"
    "  }\n"
    f"  const info = ({PAGE_SCRIPT.strip()})([findBanner, maxStyled]);\n"
    f"  const got = ({HTML_SCRIPT.strip()})(maxChars);\n"
    f"  const nav = maxFound > 0 ? ({DISCOVER_SCRIPT.strip()})(maxFound) : null;\n"
    "  return {info, got, nav};\n"
    "}"
)
