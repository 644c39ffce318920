"""Consent platforms: name the platform, find its first layer, read its buttons and dismiss it.

The platform is named by DuckDuckGo's autoconsent (MPL-2.0, bundled unmodified in
``vendor/autoconsent``; see docs/consent.md): its rule set detects a few hundred consent
platforms and whether their pop-up is open, in the page and in frames. It runs detection only
(no opt-out, no opt-in, no hiding: ``autoAction`` is off), so it never clicks anything. Where its
first layer was drawn (the page, an open shadow root or a frame) and what its buttons look like
(size, fill, outline, contrast, place) is read here, for every platform and for home-made
banners alike. Dismissing clicks one of those buttons, never one that submits a form.
"""

from __future__ import annotations

import contextlib
import json
from functools import cache
from importlib import resources
from typing import Any

from goudenregels.snapshot import ConsentControl, CookieBanner
from goudenregels.words import vocab

# Frames looked into for a consent layer (a consent platform's frame is among the first).
MAX_FRAMES = 6
# Elements looked at for open shadow roots; past this the rest of the page is not searched.
MAX_SHADOW_SCAN = 40000
# How long autoconsent may take to decide, in ms (its detection of a visible pop-up waits).
DETECT_MS = 1500

# autoconsent's rule names as a visitor knows the platforms; other names are shown as they are.
PLATFORM_NAMES = {
    "cybotcookiebot": "Cookiebot",
    "cookiebot": "Cookiebot",
    "onetrust": "OneTrust",
    "usercentrics-api": "Usercentrics",
    "usercentrics-button": "Usercentrics",
    "cookieyes": "CookieYes",
    "complianz banner": "Complianz",
    "complianz categories": "Complianz",
    "complianz notice": "Complianz",
    "complianz opt-out": "Complianz",
    "complianz optin": "Complianz",
    "didomi": "Didomi",
    "cookieinformation": "Cookie Information",
    "cookie information banner": "Cookie Information",
    "cookiefirst.com": "CookieFirst",
    "borlabs": "Borlabs Cookie",
    "sourcepoint-frame": "Sourcepoint",
    "sourcepoint-top": "Sourcepoint",
    "trustarc-top": "TrustArc",
    "trustarc-frame": "TrustArc",
    "consentmanager.net": "consentmanager",
    "klaro": "Klaro",
}

# Runs autoconsent's detection in a frame, answering its set-up message itself (rules, and a
# configuration that never acts), and notes what it reports.
_SHIM = r"""
(() => {
  if (window.__grCmp) return;
  window.__grCmp = {found: [], detected: [], state: '', started: performance.now()};
  const config = {
    enabled: true, autoAction: null, disabledCmps: [], enablePrehide: false,
    enableCosmeticRules: false, enableGeneratedRules: true, enableHeuristicDetection: false,
    enablePopupMutationObserver: false, heuristicMode: 'off', detectRetries: 0, isMainWorld: true,
    visualTest: false, prehideTimeout: 0,
    logs: {lifecycle: false, rulesteps: false, detectionsteps: false, evals: false, errors: false,
           messages: false, waits: false},
  };
  window.autoconsentSendMessage = (m) => {
    if (m.type === 'init') {
      setTimeout(() => window.autoconsentReceiveMessage(
        {type: 'initResp', config, rules: {autoconsent: [], compact: __RULES__}}), 0);
    } else if (m.type === 'report') {
      window.__grCmp.state = m.state.lifecycle;
    } else if (m.type === 'cmpDetected') {
      window.__grCmp.detected.push(m.cmp);
    } else if (m.type === 'popupFound') {
      window.__grCmp.found.push(m.cmp);
    }
    return Promise.resolve();
  };
})();
"""

_DONE = """() => !window.__grCmp || window.__grCmp.found.length > 0
  || ['nothingDetected', 'openPopupDetected'].includes(window.__grCmp.state)"""

# Finds the first layer of a consent banner: the one the page script marked in the page, else one
# in an open shadow root, else (in a frame) the frame's own page; reads its buttons and look.
LAYER_SCRIPT = r"""
([inFrame, maxScan]) => {
  const names = /cookie|consent|gdpr|\bcmp|onetrust|cookiebot|didomi|cybot|qc-cmp|truste|usercentrics|\buc-|iubenda|klaro|osano|complianz|cmplz|cky-|brlbs|borlabs|cookiefirst|coi-|sp_message|privacy-(banner|notice|prompt)/i;
  const strong = /cookie|consent|toestemming|gdpr|tracking|tracker/i;
  // A frame's page is a consent layer only with a button that accepts or refuses.
  const choice = /accept|akkoord|toestaan|allow|agree|toestemming|weiger|afwijzen|reject|decline|refuse|deny|noodzakelijk|necessary/i;
  const CONTROLS = 'button, a, [role=button], input[type=button], input[type=submit]';
  const visible = (el) => typeof el.checkVisibility === 'function'
    ? el.checkVisibility({opacityProperty: true, visibilityProperty: true})
    : !!(el.offsetWidth || el.offsetHeight);
  const label = (el) => (el.innerText || el.value || el.getAttribute('aria-label') || '').trim();
  const idOf = (el) => (el.id || '') + ' ' + (typeof el.className === 'string' ? el.className : '');
  const isCandidate = (el, host) => {
    const role = el.getAttribute('role') || '';
    const named = names.test(idOf(el)) || (host && names.test(idOf(host)));
    const pos = getComputedStyle(el).position;
    if (!named && role !== 'dialog' && role !== 'alertdialog' && pos !== 'fixed' && pos !== 'sticky') return false;
    return visible(el) && strong.test((el.innerText || '').slice(0, 5000)) && el.querySelector(CONTROLS);
  };
  let layer = null, where = 'page';
  if (inFrame) {
    const body = document.body;
    const choices = body ? Array.from(body.querySelectorAll(CONTROLS)).slice(0, 40).filter((b) => choice.test(label(b))) : [];
    if (body && strong.test((body.innerText || '').slice(0, 5000)) && choices.length) {
      layer = body; where = 'iframe';
    }
  } else {
    layer = document.querySelector('[data-gr-cookie-banner]');
    if (!layer) {
      // Open shadow roots (Usercentrics and others draw their banner in one), nested ones too.
      const roots = [];
      const scan = (root) => {
        for (const el of root.querySelectorAll('*')) {
          if (--maxScan < 0) return;
          if (el.shadowRoot && roots.length < 20) roots.push({root: el.shadowRoot, host: el});
        }
      };
      scan(document);
      for (let i = 0; i < roots.length && maxScan > 0; i++) scan(roots[i].root);
      for (const {root, host} of roots) {
        const cands = Array.from(root.querySelectorAll('*')).slice(0, 5000).filter((el) => isCandidate(el, host));
        const outer = cands.find((el) => !cands.some((o) => o !== el && o.contains(el)));
        if (outer) { layer = outer; where = 'shadow'; break; }
      }
    }
  }
  let tcf = typeof window.__tcfapi === 'function', cmpId = 0;
  if (tcf) { try { window.__tcfapi('ping', 2, (d) => { cmpId = (d && d.cmpId) || 0; }); } catch (e) {} }
  if (!layer) return {found: false, tcf, cmpId};
  layer.setAttribute('data-gr-cookie-banner', '1');
  const rgba = (c) => {
    const m = (c || '').match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const ratio = (a, b) => {
    const x = lum(a), y = lum(b);
    return Math.round(((Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05)) * 100) / 100;
  };
  const up = (el) => el.parentElement || (el.getRootNode && el.getRootNode().host) || null;
  const bgOf = (el) => {
    for (let e = el; e; e = up(e)) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c && c.a >= 0.5) return c;
    }
    return {r: 255, g: 255, b: 255, a: 1};
  };
  const layerBg = bgOf(layer);
  const read = (b) => {
    const s = getComputedStyle(b);
    const r = b.getBoundingClientRect();
    const own = rgba(s.backgroundColor);
    const painted = own && own.a >= 0.5;
    const filled = (painted && ratio(own, layerBg) >= 1.1) || (s.backgroundImage || 'none') !== 'none';
    const bc = rgba(s.borderTopColor);
    const outlined = (parseFloat(s.borderTopWidth) || 0) >= 1 && s.borderTopStyle !== 'none'
      && !!bc && bc.a >= 0.5 && ratio(bc, layerBg) >= 1.5;
    const type = (b.getAttribute('type') || (b.tagName === 'BUTTON' ? 'submit' : '')).toLowerCase();
    const form = b.form || b.closest('form');
    return {
      text: label(b).slice(0, 80),
      width: Math.round(r.width), height: Math.round(r.height), x: Math.round(r.left), y: Math.round(r.top),
      shown: visible(b) && r.width > 0 && r.height > 0,
      // Inside the first screen on arrival, or only after scrolling (the page or the layer).
      in_view: r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight + 1 && r.right <= innerWidth + 1,
      filled, outlined,
      underlined: (s.textDecorationLine || s.textDecoration || '').includes('underline'),
      font_px: parseFloat(s.fontSize) || 0, bold: (parseInt(s.fontWeight, 10) || 400) >= 600,
      contrast: ratio(rgba(s.color) || {r: 0, g: 0, b: 0}, bgOf(b)),
      fill_contrast: painted ? ratio(own, layerBg) : 0,
      submits: !!form && (b.tagName === 'BUTTON' || b.tagName === 'INPUT') && type === 'submit',
    };
  };
  const controls = Array.from(layer.querySelectorAll(CONTROLS)).slice(0, 60).map(read)
    .filter((c) => c.text && c.shown).slice(0, 20);
  const r = layer.getBoundingClientRect();
  const coverage = (Math.max(0, Math.min(r.right, innerWidth) - Math.max(r.left, 0))
    * Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0))) / (innerWidth * innerHeight);
  return {
    found: true, where, tcf, cmpId, controls,
    text: (layer.innerText || '').trim().slice(0, 800),
    coverage: Math.round(coverage * 1000) / 1000,
    after_ms: window.__grAppeared ? window.__grAppeared(layer) : 0,
  };
}
"""

# The frames' elements as the page shows them: named like a consent tool, or large enough to be
# a banner; a video or map embed is neither.
_FRAME_SCRIPT = r"""
(f) => {
  const embed = /youtube|youtu\.be|vimeo|dailymotion|spotify|soundcloud|google\.[a-z.]+\/maps|maps\.google|openstreetmap/i;
  const names = /consent|cookie|cmp|privacy|sp_message|sourcepoint|trustarc|gdpr/i;
  const r = f.getBoundingClientRect();
  const shown = typeof f.checkVisibility === 'function' ? f.checkVisibility({opacityProperty: true, visibilityProperty: true}) : true;
  const big = r.width * r.height >= innerWidth * innerHeight * 0.03;
  const named = names.test((f.id || '') + ' ' + (f.src || '') + ' ' + (f.title || '') + ' ' + (f.name || ''));
  const coverage = (Math.max(0, Math.min(r.right, innerWidth) - Math.max(r.left, 0))
    * Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0))) / (innerWidth * innerHeight);
  return {
    candidate: shown && !embed.test(f.src || '') && (named || big),
    coverage: Math.round(coverage * 1000) / 1000,
    after_ms: window.__grAppeared ? window.__grAppeared(f) : 0,
  };
}
"""


@cache
@cache
def _autoconsent() -> str:
    """autoconsent's detection script with its rule set, ready to evaluate in a frame."""
    vendor = resources.files("goudenregels.crawl") / "vendor" / "autoconsent"
    rules = (vendor / "compact-rules.json").read_text(encoding="utf-8")
    json.loads(rules)  # a damaged copy fails here, not in the page
    bundle = (vendor / "autoconsent.playwright.js").read_text(encoding="utf-8")
    return _SHIM.replace("__RULES__", rules) + "\n" + bundle


def platform_name(rule: str) -> str:
    """The platform's name as people know it, from the autoconsent rule that detected it."""
    return PLATFORM_NAMES.get(rule.strip().lower(), rule.strip())


async def _detect(frame: Any) -> tuple[list[str], list[str]]:
    """autoconsent's verdict in one frame: (platforms with an open pop-up, platforms present)."""
    try:
        await frame.evaluate(_autoconsent())
        with contextlib.suppress(Exception):
            await frame.wait_for_function(_DONE, timeout=DETECT_MS, polling=50)
        got = await frame.evaluate("() => window.__grCmp || {}")
    except Exception:
        return [], []
    found = [str(x) for x in got.get("found", [])] if isinstance(got, dict) else []
    present = [str(x) for x in got.get("detected", [])] if isinstance(got, dict) else []
    return found, present


async def _frames(page: Any) -> list[tuple[Any, dict[str, Any]]]:
    """Child frames that may hold a consent layer, with their place in the page."""
    out = []
    for frame in page.frames[1 : 1 + MAX_FRAMES * 3]:
        try:
            element = await frame.frame_element()
            info = await element.evaluate(_FRAME_SCRIPT)
        except Exception:
            continue
        # Only frames of the top page: a frame inside a frame is read with its parent's.
        if frame.parent_frame is page.main_frame and info.get("candidate"):
            out.append((frame, info))
        if len(out) >= MAX_FRAMES:
            break
    return out


# Signs that a consent platform is at work on a page, before its layer has been drawn: its
# script, frame or element names, its global objects, a TCF or older CMP API.
SIGNS_SCRIPT = r"""
() => {
  const names = /cookie|consent|gdpr|\bcmp|onetrust|optanon|cookiebot|cybot|didomi|usercentrics|iubenda|klaro|osano|complianz|cmplz|cookieyes|cky-|borlabs|brlbs|cookiefirst|cookieinformation|coi-|sp_message|sourcepoint|trustarc|truste|quantcast|privacy-?manager/i;
  const globals = ['__tcfapi', '__cmp', 'Cookiebot', 'OneTrust', 'Optanon', 'Didomi', 'UC_UI',
    'usercentrics', 'CookieFirst', 'cmplz_banner', 'BorlabsCookie', 'CookieInformation', '_sp_'];
  if (globals.some((g) => window[g] !== undefined)) return true;
  for (const s of Array.from(document.scripts).slice(0, 200)) {
    if (names.test(s.src || '') || names.test(s.id || '') || names.test((s.text || '').slice(0, 3000))) return true;
  }
  for (const f of Array.from(document.querySelectorAll('iframe')).slice(0, 50)) {
    if (names.test(f.src || '') || names.test(f.id || '') || names.test(f.name || '')) return true;
  }
  const marked = document.querySelectorAll('[id*=ookie i], [class*=ookie i], [id*=onsent i], [class*=onsent i]');
  return marked.length > 0;
}
"""


async def _signs(frame: Any) -> bool:
    """A consent platform seems at work (see SIGNS_SCRIPT); True when the page cannot tell."""
    try:
        return bool(await frame.evaluate(SIGNS_SCRIPT))
    except Exception:
        return True


async def _find_layer(page: Any) -> tuple[dict[str, Any], str, list[Any]]:
    """The first layer in the page (or an open shadow root), else in a candidate frame: what
    was read of it, the frame's address (or ''), and the candidate frames looked at."""
    info = await _layer(page.main_frame, False)
    frames: list[Any] = []
    if not info.get("found"):
        for frame, place in await _frames(page):
            frames.append(frame)
            got = await _layer(frame, True)
            if got.get("found"):
                info = {**got, "coverage": place["coverage"], "after_ms": place["after_ms"]}
                return info, frame.url, frames
    return info, "", frames


async def read_consent(page: Any, known: bool = False) -> dict[str, Any] | None:
    """The consent layer on the page as the browser shows it now, or None.

    Looks in the page (and its open shadow roots) first, then in frames. autoconsent names the
    platform, and waits for a pop-up its rules expect; it runs where a layer was found, where
    the page script found a banner (``known``) or where a platform shows signs of being at work,
    and a page with none of these is spared its rule set. The layer found is marked
    ``data-gr-cookie-banner`` for dismissing.
    """
    info, frame_url, frames = await _find_layer(page)
    if not info.get("found") and not known and not await _signs(page.main_frame):
        return None
    found: list[str] = []
    present: list[str] = []
    for frame in [page.main_frame, *frames]:
        in_frame, in_present = await _detect(frame)
        found, present = found + in_frame, present + in_present
    if not info.get("found") and found:
        info, frame_url, _ = await _find_layer(page)  # the pop-up autoconsent waited for
    rule = (found or present or [""])[0]
    platform = platform_name(rule) if rule else ""
    if not platform and info.get("tcf"):
        platform = f"TCF CMP {info['cmpId']}" if info.get("cmpId") else "TCF CMP"
    if not info.get("found"):
        # A platform whose pop-up autoconsent saw open, though its layer could not be read.
        if found:
            return {"found": False, "platform": platform, "tcf": bool(info.get("tcf"))}
        return None
    return {**info, "platform": platform, "frame_url": frame_url}


async def _layer(frame: Any, in_frame: bool) -> dict[str, Any]:
    try:
        got = await frame.evaluate(LAYER_SCRIPT, [in_frame, MAX_SHADOW_SCAN])
    except Exception:
        return {}
    return got if isinstance(got, dict) else {}


def control_kind(text: str) -> str:
    """What a consent button's label offers: reject, accept, settings or other."""
    if vocab.COOKIE_REJECT.search(text):
        return "reject"
    if vocab.COOKIE_SETTINGS.search(text):
        return "settings"
    if vocab.COOKIE_ACCEPT.search(text):
        return "accept"
    return "other"


def apply(banner: CookieBanner | None, info: dict[str, Any]) -> CookieBanner | None:
    """The banner record with what the consent reader found (a new one when the page script
    found none); buttons read from the layer replace the page script's list."""
    if not info.get("found"):
        if banner is not None and info.get("platform"):
            banner.platform = str(info["platform"])[:80]
        return banner
    controls = [_control(c) for c in info.get("controls", []) if isinstance(c, dict)]
    if banner is None:
        banner = CookieBanner(text=" ".join(str(info.get("text", "")).split())[:600])
    elif not banner.text.strip() or vocab.COOKIE_IN_FRAME.match(banner.text):
        banner.text = " ".join(str(info.get("text", "")).split())[:600] or banner.text
    if controls:
        banner.buttons = [c.text for c in controls][:12]
    banner.controls = controls
    banner.platform = str(info.get("platform", ""))[:80]
    banner.where = str(info.get("where", "page"))
    banner.frame_url = str(info.get("frame_url", ""))[:300]
    banner.after_ms = int(info.get("after_ms") or 0)
    banner.tcf = bool(info.get("tcf"))
    coverage = float(info.get("coverage") or 0)
    banner.wall = banner.wall or coverage >= 0.6
    return banner


def _control(data: dict[str, Any]) -> ConsentControl:
    text = " ".join(str(data.get("text", "")).split())[:80]
    control = ConsentControl(text=text, kind=control_kind(text))
    for name in ("width", "height", "x", "y"):
        setattr(control, name, int(data.get(name) or 0))
    for name in ("shown", "filled", "outlined", "underlined", "bold", "submits"):
        setattr(control, name, bool(data.get(name)))
    control.in_view = bool(data.get("in_view", True))
    for name in ("font_px", "contrast", "fill_contrast"):
        setattr(control, name, round(float(data.get(name) or 0), 2))
    return control


# The clicked layer has gone: removed, hidden, or left as an empty shell (OneTrust and Didomi keep
# their host element in the page); a layer in an open shadow root is looked for there too.
GONE_SCRIPT = r"""
() => {
  const find = (root, depth) => {
    const b = root.querySelector('[data-gr-cookie-banner]');
    if (b || depth > 3) return b;
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) { const x = find(el.shadowRoot, depth + 1); if (x) return x; }
    }
    return null;
  };
  const b = find(document, 0);
  if (!b || !b.isConnected) return true;
  if (typeof b.checkVisibility === 'function' && !b.checkVisibility()) return true;
  return !(b.innerText || '').trim();
}
"""

_CONTROLS = (
    "[data-gr-cookie-banner] :is(button, a, [role=button], input[type=button], input[type=submit])"
)
_LABELS = """els => els.map(b => {
  const type = (b.getAttribute('type') || (b.tagName === 'BUTTON' ? 'submit' : '')).toLowerCase();
  const form = b.form || b.closest('form');
  return {text: (b.innerText || b.value || b.getAttribute('aria-label') || '').trim(),
          submits: !!form && (b.tagName === 'BUTTON' || b.tagName === 'INPUT') && type === 'submit'};
})"""


async def dismiss(page: Any, banner: CookieBanner) -> str:
    """Click the banner's refuse button (else accept, else close); the label clicked, or ''.

    Buttons that would submit a form are never clicked. The layer is found where the reader
    marked it: in the page or a shadow root (Playwright's CSS reaches into open shadow roots),
    or in the frame it was read from.
    """
    frames = [page.main_frame]
    if banner.frame_url:
        frames = [f for f in page.frames if f.url == banner.frame_url][:1] + frames
    targets = []
    for frame in frames:
        locator = frame.locator(_CONTROLS)
        try:
            labels = await locator.evaluate_all(_LABELS)
        except Exception:
            continue
        if labels:
            targets.append((locator, labels))
    # Refuse where a button says so (the banner's own words for it), else accept, else close.
    for pattern in [vocab.COOKIE_REJECT, *vocab.DISMISS_PREFERENCE]:
        for locator, labels in targets:
            for i, item in enumerate(labels):
                text = str(item.get("text", ""))
                if not text or item.get("submits") or not pattern.search(text):
                    continue
                try:
                    await locator.nth(i).click(timeout=3000, no_wait_after=True)
                except Exception:
                    continue
                return text[:80]
    return ""
