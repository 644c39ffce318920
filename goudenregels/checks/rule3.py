"""Rule 3 checks, "Val de klant niet onnodig lastig": consent, cookie choices, pop-ups, tracking."""

from __future__ import annotations

from urllib.parse import urlsplit

from goudenregels.checks import prominence as pr
from goudenregels.checks.site import Site, staff_only
from goudenregels.hookspecs import hookimpl
from goudenregels.i18n import N_, _, ngettext
from goudenregels.model import (
    FAIL,
    NOT_APPLICABLE,
    PASS,
    REVIEW,
    Evidence,
    Result,
    check,
    defined_checks,
)
from goudenregels.snapshot import ConsentControl, CookieBanner, Field, Page
from goudenregels.words import vocab

MAX_EVIDENCE = 6


# -- GR301 -------------------------------------------------------------------------------------


def _box_text(field: Field) -> str:
    """What the customer reads beside the box, with its name where the label alone says little."""
    label = field.label.strip()
    if label and (vocab.MARKETING_CONSENT.search(label) or not field.name):
        return label
    return f"{label} ({field.name})" if label else field.name


def _box_evidence(site: Site, page: Page, field: Field, what: str) -> Evidence:
    """The box as evidence: its label quoted, its name as a note where the label says little."""
    label = field.label.strip()
    if not label:
        return site.note_on(page, f"{what}: {field.name}")
    plain = vocab.MARKETING_CONSENT.search(label) or not field.name
    return site.evidence(page, label, label=what, note="" if plain else field.name)


def _is_marketing(field: Field) -> bool:
    # The name counts too: a radio labelled "Ja" may be named "nieuwsbrief".
    return bool(vocab.MARKETING_CONSENT.search(f"{field.label} {field.name}"))


def _is_opt_out(field: Field) -> bool:
    """A box that says "no" before its subject ("Ik wil géén nieuwsbrief"), or a "Nee" radio."""
    if field.type == "radio":
        return bool(vocab.CONSENT_OPT_OUT.match(field.label.strip()))
    if vocab.CONSENT_REFUSAL.search(field.label):
        return True
    m = vocab.MARKETING_CONSENT.search(field.label)
    before = field.label[: m.start()] if m else field.label
    return bool(vocab.CONSENT_OPT_OUT.search(before))


def _consent_boxes(site: Site) -> list[tuple[Page, Field, bool]]:
    """(page, box, shown) for every checkbox, and every radio about marketing, once per label."""
    seen: set[str] = set()
    out = []
    # The site's own back office (an admin editor) asks the customer nothing.
    for page in (p for p in site.pages if not staff_only(p)):
        for form in page.forms:
            for field in form.fields:
                if field.type not in ("checkbox", "radio"):
                    continue
                if field.type == "radio" and not _is_marketing(field):
                    continue
                key = f"{field.type}|{field.name}|{_box_text(field).lower()}|{field.checked}"
                if key not in seen:
                    seen.add(key)
                    out.append((page, field, form.visible and field.visible))
    return out


@check(
    code="GR301",
    absence=False,
    slug="no-preticked-consent",
    rule=3,
    title_en=N_("No pre-ticked consent"),
    what_en=N_(
        "Looks at every checkbox in the site's forms for boxes about newsletters, offers, "
        "marketing or sharing data with partners that are already ticked when the page loads."
    ),
    why_en=N_(
        "A ticked box the customer never ticked is not consent: it signs people up for mail "
        "they did not ask for. Rule 3 names pre-ticked newsletter and marketing boxes explicitly."
    ),
    fix_en=N_(
        "Leave marketing and newsletter boxes unticked, and word them as an opt-in "
        "('Ja, stuur mij de nieuwsbrief')."
    ),
    weight=2,
    norm=N_(
        "GDPR (AVG) art. 4(11) and 7: consent must be given actively (CJEU C-673/17, Planet49); Dutch Telecommunications Act 11.7 (unsolicited electronic messages)"
    ),
)
def no_preticked_consent(site: Site) -> Result:
    boxes = _consent_boxes(site)
    if not boxes:
        return Result(NOT_APPLICABLE, _("No form with a checkbox was found."))
    marketing = [(p, f, shown) for p, f, shown in boxes if _is_marketing(f)]
    ticked = [(p, f, s) for p, f, s in marketing if f.checked and not _is_opt_out(f)]
    shown = [(p, f) for p, f, s in ticked if s]
    if shown:
        return Result(
            FAIL,
            ngettext(
                "{n} marketing or newsletter box is ticked in advance: {boxes}.",
                "{n} marketing or newsletter boxes are ticked in advance: {boxes}.",
                len(shown),
            ).format(n=len(shown), boxes="; ".join(f"‘{_box_text(f)}’" for _p, f in shown[:3])),
            [_box_evidence(site, p, f, _("pre-ticked")) for p, f in shown[:MAX_EVIDENCE]],
            {"boxes": [{"url": p.address, "label": _box_text(f)} for p, f in shown]},
        )
    hidden = [(p, f) for p, f, s in ticked if not s]
    opt_out = [(p, f) for p, f, _ in marketing if not f.checked and _is_opt_out(f)]
    if hidden or opt_out:
        evidence = [_box_evidence(site, p, f, _("ticked but styled or hidden")) for p, f in hidden]
        evidence += [_box_evidence(site, p, f, _("unticked opt-out box")) for p, f in opt_out]
        return Result(
            REVIEW,
            _(
                "A marketing box is ticked but not plainly shown, or the customer must tick a box "
                "to refuse marketing; check what a visitor sees and what happens when nothing is "
                "ticked."
            ),
            evidence[:MAX_EVIDENCE],
        )
    count = sum(1 for _, f, _ in boxes if f.type == "checkbox")
    return Result(
        PASS,
        _("No pre-ticked marketing box among {boxes} ({marketing}).").format(
            boxes=ngettext("{n} checkbox", "{n} checkboxes", count).format(n=count),
            marketing=ngettext(
                "{n} about marketing, left for the customer to tick",
                "{n} about marketing, all left for the customer to tick",
                len(marketing),
            ).format(n=len(marketing)),
        ),
        [_box_evidence(site, p, f, _("unticked")) for p, f, _shown in marketing[:3]],
    )


# -- trackers (GR302, GR304) ----------------------------------------------------------------


def tracker_of(url: str) -> tuple[str, str] | None:
    """(host, vendor) when a request goes to a known tracking or advertising service.

    None for anything else, including a URL that cannot be parsed ('//[bad').
    """
    try:
        parts = urlsplit(url if "//" in url else f"//{url}")
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    path = parts.path or "/"

    def under(suffix: str) -> bool:
        return host == suffix or host.endswith("." + suffix)

    for suffix, vendor in vocab.TRACKER_HOSTS.items():
        if under(suffix):
            return host, vendor
    for (suffix, prefix), vendor in vocab.TRACKER_PATHS.items():
        if under(suffix) and (path == prefix or path.startswith(prefix + "/")):
            return f"{host}{prefix}", vendor
    return None


def possible_tracker(url: str) -> tuple[str, str] | None:
    """(address, what) for a request that may track visitors but is on no list: cookieless
    analytics, or a script named as a tracker on a generic host. A person weighs these."""
    try:
        parts = urlsplit(url if "//" in url else f"//{url}")
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    for suffix, vendor in vocab.COOKIELESS_ANALYTICS_HOSTS.items():
        if host == suffix or host.endswith("." + suffix):
            return host, vendor
    path = parts.path or ""
    if vocab.TRACKER_NAME.search(path) and not vocab.NOT_VISITOR_TRACKING.search(path):
        return f"{host}{path}"[:120], ""
    return None


def _possible_trackers(site: Site) -> list[tuple[Page, str, str]]:
    """(page, address, vendor or "") for each possible tracker before consent, once each."""
    seen: set[str] = set()
    out = []
    for page in site.pages:
        for url in page.requests_before_consent:
            hit = None if tracker_of(url) else possible_tracker(url)
            if hit and hit[0] not in seen:
                seen.add(hit[0])
                out.append((page, *hit))
    return out


def _trackers(site: Site) -> list[tuple[Page, str, str]]:
    """(page, host, vendor) for each tracker contacted before consent, once per host."""
    seen: set[str] = set()
    out = []
    for page in site.pages:
        for url in page.requests_before_consent:
            hit = tracker_of(url)
            if hit and hit[0] not in seen:
                seen.add(hit[0])
                out.append((page, *hit))
    return out


# -- GR302 ------------------------------------------------------------------------------------


def _banner_page(site: Site) -> Page | None:
    home = site.home
    if home is not None and home.cookie_banner is not None:
        return home
    return next((p for p in site.pages if p.cookie_banner is not None), None)


def _consent_tool_signs(site: Site) -> list[Evidence]:
    """Signs of a consent tool whose banner was not seen: its platform's requests, a link that
    reopens it ("Cookie-instellingen"), or consent text hidden in the page on arrival."""
    signs: list[Evidence] = []
    for page in site.pages:
        for url in page.requests_before_consent:
            host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
            vendor = next(
                (v for h, v in vocab.CONSENT_PLATFORM_HOSTS.items() if _under(host, h)), None
            )
            if vendor:
                note = _("consent platform {vendor} ({host})").format(vendor=vendor, host=host)
                signs.append(site.note_on(page, note))
                break
        for text in [*(link.text for link in page.links), *(b.text for b in page.buttons)]:
            if vocab.CONSENT_TOOL_LINK.search(text):
                signs.append(site.evidence(page, text, label=_("link to consent settings")))
                break
    home = site.home
    if home is None:
        return signs
    # The footer's "Cookie-instellingen" is often a script link the reader keeps only as text;
    # only the home page's text counts, as a cookie statement discusses browser settings.
    m = vocab.CONSENT_TOOL_LINK.search(home.text)
    if m:
        signs.append(site.evidence(home, m.group(0), label=_("link to consent settings")))
    if vocab.CONSENT_TOOL_TEXT.search(home.hidden_text):
        signs.append(site.note_on(home, _("consent text hidden on arrival")))
    return signs


def _under(host: str, suffix: str) -> bool:
    return host == suffix or host.endswith("." + suffix)


def _no_banner(site: Site) -> Result:
    trackers = _trackers(site)
    # A tracker on a generic CDN: whether there is anything to refuse is a person's call
    # (GR304 lists it). Cookieless analytics sets nothing to refuse.
    possible = [x for x in _possible_trackers(site) if not x[2]] if not trackers else []
    if possible:
        return Result(
            REVIEW,
            _(
                "No cookie banner and no known tracker, but requests that may track visitors "
                "load (see GR304); check whether they need consent."
            ),
            [site.note_on(p, where) for p, where, _v in possible[:MAX_EVIDENCE]],
        )
    if not trackers:
        return Result(
            PASS,
            _(
                "No cookie banner, and no known tracker loads before consent: there is nothing "
                "to refuse."
            ),
            site.on_home(_("no cookie banner")),
        )
    vendors = ", ".join(sorted({v for _, _, v in trackers}))
    evidence = [site.note_on(p, f"{host} ({vendor})") for p, host, vendor in trackers]
    signs = _consent_tool_signs(site)
    if signs:
        # A consent tool is there but its banner was not read (shadow DOM, shown late).
        return Result(
            REVIEW,
            ngettext(
                "No cookie banner was read, but the site has a consent tool and {n} tracker loads before any choice ({vendors}); check whether refusing is as easy as accepting.",
                "No cookie banner was read, but the site has a consent tool and {n} trackers load before any choice ({vendors}); check whether refusing is as easy as accepting.",
                len(trackers),
            ).format(n=len(trackers), vendors=vendors),
            [*signs[:2], *evidence][:MAX_EVIDENCE],
        )
    return Result(
        FAIL,
        _(
            "Trackers load ({vendors}) but the site offers no way to refuse them: no cookie "
            "banner or consent tool was found on any page read."
        ).format(vendors=vendors),
        [*evidence[: MAX_EVIDENCE - 1], *site.on_home(_("no cookie banner or consent tool"))],
        {"trackers": [{"host": h, "vendor": v, "url": p.address} for p, h, v in trackers]},
    )


@check(
    code="GR302",
    absence=False,
    slug="cookie-choice",
    rule=3,
    title_en=N_("Refusing cookies as easy as accepting"),
    what_en=N_(
        "Reads the cookie banner shown on arrival: can the visitor refuse on the first layer, "
        "with a button as direct as the accept button, and is the site usable without accepting "
        "(no cookie wall)? Known trackers loading while no page read shows a banner and no "
        "consent tool is present (no consent platform's requests, no link to cookie settings) "
        "leave nothing to refuse with, and fail."
    ),
    why_en=N_(
        "A banner that only offers 'accept' or hides refusal behind settings pushes visitors into "
        "tracking they did not choose, and a cookie wall makes consent the price of entry. Both bother "
        "the customer to the organisation's benefit."
    ),
    fix_en=N_(
        "Put a 'Weigeren' (or 'Alleen noodzakelijke cookies') button next to 'Accepteren', same "
        "size and style, and keep the site usable whatever the choice."
    ),
    weight=2,
    norm=N_(
        "Dutch Telecommunications Act 11.7a (cookies); GDPR (AVG) art. 7(3): refusing or withdrawing as easy as consenting; the Dutch Data Protection Authority on cookie walls"
    ),
)
def cookie_choice(site: Site) -> Result:
    page = _banner_page(site)
    if page is None:
        return _no_banner(site)
    banner = page.cookie_banner
    buttons = [b for b in banner.buttons if b.strip()]
    shown = _("banner buttons: {buttons}").format(
        buttons=", ".join(f"‘{b}’" for b in buttons) or _("(none)")
    )
    evidence = [site.note_on(page, shown), site.evidence(page, banner.text, label=_("banner"))]
    evidence += _platform_evidence(site, page, banner)
    data = {"buttons": buttons, "wall": banner.wall, "platform": banner.platform}
    if vocab.COOKIE_IN_FRAME.match(banner.text) and not buttons:
        return Result(
            REVIEW,
            _(
                "The cookie banner sits in a frame whose buttons could not be read; check by hand "
                "whether refusing is as easy as accepting."
            ),
            evidence,
            data,
        )
    reject = [b for b in buttons if vocab.COOKIE_REJECT.search(b)]
    if reject:
        return _refusing_offered(banner, reject, evidence, data)
    if banner.wall:
        return Result(
            FAIL,
            _(
                "Cookie wall: the content stays blocked until the visitor accepts, with no way to "
                "refuse."
            ),
            evidence,
            data,
        )
    return _refusing_harder(site, banner, buttons, evidence, data)


def _platform_evidence(site: Site, page: Page, banner: CookieBanner) -> list[Evidence]:
    """Which consent platform drew the banner, where, and when it came, as the tool's note."""
    where = {
        "page": _("in the page"),
        "shadow": _("in a shadow root"),
        "iframe": _("in a frame"),
    }.get(banner.where, "")
    if not banner.platform and not where:
        return []
    name = banner.platform or _("home-made banner")
    parts = [_("consent platform: {name}").format(name=name), where, _when(banner.after_ms)]
    return [site.note_on(page, ", ".join(p for p in parts if p))]


def _refusing_offered(banner, reject: list[str], evidence: list, data: dict) -> Result:
    offered = (
        _(
            "Refusing is offered on the first layer (‘{button}’) (the content is blocked "
            "until a choice is made, but refusing lets you in)."
        )
        if banner.wall
        else _("Refusing is offered on the first layer (‘{button}’).")
    )
    return Result(
        PASS,
        offered.format(button=reject[0]),
        evidence,
        data,
    )


def _refusing_harder(site: Site, banner, buttons: list[str], evidence: list, data: dict) -> Result:
    """No refuse button on the first layer: a notice-only banner may be fine, else it fails."""
    accept = [b for b in buttons if vocab.COOKIE_ACCEPT.search(b)]
    if not accept and vocab.COOKIE_NOTICE_ONLY.search(banner.text):
        trackers = _trackers(site)
        status = REVIEW if trackers else PASS
        return Result(
            status,
            _(
                "The banner only informs: it says no cookies needing consent are used; but known "
                "trackers load before any choice."
            )
            if trackers
            else _("The banner only informs: it says no cookies needing consent are used."),
            evidence + [site.note_on(p, h) for p, h, _ in trackers[:3]],
            data,
        )
    settings = [b for b in buttons if vocab.COOKIE_SETTINGS.search(b)]
    more_steps = (
        _(
            "Refusing cookies takes more steps than accepting: no refuse button on the first "
            "layer (‘{button}’ leads to a second layer)."
        ).format(button=settings[0])
        if settings
        else _(
            "Refusing cookies takes more steps than accepting: no refuse button on the first layer."
        )
    )
    return Result(
        FAIL,
        more_steps,
        evidence,
        data,
    )


# -- GR306 ------------------------------------------------------------------------------------


@check(
    code="GR306",
    absence=False,
    slug="refuse-as-prominent",
    rule=3,
    title_en=N_("Refuse button as prominent as accept"),
    what_en=N_(
        "Measures the buttons on the cookie banner's first layer in the browser, wherever the "
        "consent platform draws it (the page, a shadow root, a frame): is the refuse button of "
        "the same kind as the accept button (filled, outlined or a text link), about as high, "
        "with text as large and as clear, and inside the first screen where the accept button "
        "is? It fails only when two or more clear differences agree, and asks for a person's "
        "eye when they differ less."
    ),
    why_en=N_(
        "A big coloured 'Accept' beside a small grey link to refuse steers visitors into "
        "consenting: refusing is offered, but not as easily. Rule 3 asks not to bother the "
        "customer; the regulators ask that refusing be as easy as accepting."
    ),
    fix_en=N_(
        "Give 'Weigeren' the same button style, size and colour as 'Accepteren', side by side on "
        "the first layer."
    ),
    weight=1,
    norm=N_(
        "GDPR (AVG) art. 7(3) and 4(11); EDPB Guidelines 03/2022 on deceptive design patterns; the Dutch Data Protection Authority's cookie guidance (refusing as easy as accepting)"
    ),
)
def refuse_as_prominent(site: Site) -> Result:
    page = _banner_page(site)
    if page is None:
        return Result(NOT_APPLICABLE, _("No cookie banner was read."))
    banner = page.cookie_banner
    shown = [c for c in banner.controls if c.shown]
    if not shown:
        if not any(vocab.COOKIE_REJECT.search(b) for b in banner.buttons):
            return Result(NOT_APPLICABLE, _("The banner has no refuse button to compare (GR302)."))
        return Result(
            REVIEW,
            _(
                "The banner's buttons could not be measured; compare the refuse and accept "
                "buttons by hand."
            ),
            [site.evidence(page, banner.text, label=_("banner"))],
        )
    reject = pr.main_control(shown, "reject")
    accept = pr.main_control(shown, "accept")
    if reject is None:
        return Result(NOT_APPLICABLE, _("The banner has no refuse button to compare (GR302)."))
    if accept is None:
        return Result(
            PASS,
            _("Refusing (‘{reject}’) is offered and no accept button competes with it.").format(
                reject=reject.text
            ),
            [site.note_on(page, pr.describe(reject))],
        )
    return _prominence_result(site, page, banner, accept, reject)


def _prominence_result(
    site: Site, page: Page, banner: CookieBanner, accept: ConsentControl, reject: ConsentControl
) -> Result:
    verdict, signs = pr.compare(accept, reject)
    evidence = [site.note_on(page, pr.describe(accept)), site.note_on(page, pr.describe(reject))]
    evidence += _platform_evidence(site, page, banner)
    data = {
        "verdict": verdict,
        "platform": banner.platform,
        "where": banner.where,
        "accept": {"text": accept.text, "width": accept.width, "height": accept.height},
        "reject": {"text": reject.text, "width": reject.width, "height": reject.height},
    }
    names = {"reject": reject.text, "accept": accept.text}
    if verdict == pr.WEAKER:
        message = _(
            "Refusing (‘{reject}’) is less prominent than accepting (‘{accept}’): {signs}."
        ).format(**names, signs="; ".join(signs))
        return Result(FAIL, message, evidence, data)
    if verdict == pr.EQUAL:
        message = _(
            "Refusing (‘{reject}’) is as prominent as accepting (‘{accept}’): the same kind of "
            "button, of comparable height, text size and contrast."
        ).format(**names)
        return Result(PASS, message, evidence, data)
    message = _(
        "Refusing (‘{reject}’) looks different from accepting (‘{accept}’): {signs}; check "
        "whether it is as easy to see."
    ).format(**names, signs="; ".join(signs))
    return Result(REVIEW, message, evidence, data)


# -- GR303 ------------------------------------------------------------------------------------


def _is_promotional(text: str) -> bool:
    if vocab.PROMO_OVERLAY.search(text):
        return True
    # "Aanmelden" also means signing in; only a sign-up layer without login words promotes.
    return bool(vocab.SIGNUP_OVERLAY.search(text)) and not vocab.LOGIN_WORDS.search(text)


# A layer that came this many milliseconds or more after the page loaded came late (the crawl
# watches service pages for a few seconds: goudenregels/crawl/late.py).
LATE_MS = 1000


def _when(after_ms: int) -> str:
    """'after 3 seconds' for a layer that came late; '' for one there on arrival."""
    if after_ms < LATE_MS:
        return ""
    seconds = int(after_ms / 1000 + 0.5)
    return ngettext("after {n} second", "after {n} seconds", seconds).format(n=seconds)


def _overlays(site: Site) -> list[tuple[Page, str, bool, int]]:
    """(page, overlay text, promotional, ms after load) for each distinct overlay seen."""
    seen: set[str] = set()
    out = []
    for page in site.pages:
        for overlay in page.overlays:
            text = " ".join([overlay.text, *overlay.buttons]).strip()
            key = text.lower()[:200]
            if not text or key in seen:
                continue
            seen.add(key)
            promo = _is_promotional(text)
            # A consent layer the crawler also saw as an overlay is GR302's business; a
            # password gate in front of a private page is a door, not a pop-up.
            if not promo and (vocab.COOKIE_WORD.search(text) or vocab.LOGIN_GATE.search(text)):
                continue
            out.append((page, text, promo, overlay.after_ms))
    return out


def _overlay_evidence(site: Site, page: Page, text: str, what: str) -> Evidence:
    """An overlay's own text quoted, its buttons named after it, and when it came if late."""
    for overlay in page.overlays:
        if " ".join([overlay.text, *overlay.buttons]).strip() == text:
            when = _when(overlay.after_ms)
            label = f"{what}, {when}" if when else what
            buttons = ", ".join(f"‘{b}’" for b in overlay.buttons if b.strip())
            note = _("buttons: {buttons}").format(buttons=buttons) if buttons else ""
            if overlay.text.strip():
                return site.evidence(page, overlay.text, label=label, note=note)
            return site.note_on(page, note, label=label)
    return site.note_on(page, text, label=what)


def _prompts(site: Site) -> list[tuple[Page, str]]:
    seen: set[str] = set()
    out = []
    for page in site.pages:
        for prompt in page.prompts:
            if prompt not in seen:
                seen.add(prompt)
                out.append((page, prompt))
    return out


@check(
    code="GR303",
    absence=False,
    slug="no-nagging-popups",
    rule=3,
    title_en=N_("No nagging pop-ups"),
    what_en=N_(
        "Records what appears on arrival apart from the cookie banner, and what appears by "
        "itself in the first seconds on the service pages (home, contact, complaints, cart are "
        "watched for four seconds after loading): promotional pop-ups (newsletter, discount, "
        "sign-up, prize, survey), chat invitations and other layers, and browser permission "
        "prompts (notifications, location). Late layers are reported with when they came."
    ),
    why_en=N_(
        "A visitor comes with a question or an errand. A layer asking for an e-mail address or "
        "permission to send notifications stands in the way before anything was offered; rule 3 names "
        "nagging pop-ups as a way of bothering the customer."
    ),
    fix_en=N_(
        "Drop arrival pop-ups; offer the newsletter or app inline or after a purchase, and ask "
        "for notifications or location only when the visitor uses a feature that needs them."
    ),
    weight=1,
    norm=N_(
        "Gouden Regel 3 (no intrusive pop-ups); Dutch Telecommunications Act 11.7 (unsolicited communication)"
    ),
)
def no_nagging_popups(site: Site) -> Result:
    overlays = _overlays(site)
    prompts = _prompts(site)
    promo = [(p, t) for p, t, is_promo, _ms in overlays if is_promo]
    other = [(p, t, ms) for p, t, is_promo, ms in overlays if not is_promo]
    promo_late = [ms for _p, _t, is_promo, ms in overlays if is_promo and _when(ms)]
    if promo or prompts:
        names = {"notifications": _("notifications"), "geolocation": _("geolocation")}
        evidence = [_overlay_evidence(site, p, t, _("pop-up")) for p, t in promo]
        evidence += [
            site.note_on(p, _("browser prompt: {name}").format(name=names.get(name, name)))
            for p, name in prompts
        ]
        parts = (
            [
                ngettext("{n} promotional pop-up", "{n} promotional pop-ups", len(promo)).format(
                    n=len(promo)
                )
            ]
            if promo
            else []
        )
        if promo_late:
            parts[0] = f"{parts[0]} ({_when(min(promo_late))})"
        parts += [_("a {name} prompt").format(name=names.get(name, name)) for _p, name in prompts]
        sentence = (
            _("Visitors are interrupted: {what}.")
            if promo_late
            else _("Visitors are interrupted on arrival: {what}.")
        )
        return Result(
            FAIL,
            sentence.format(what=", ".join(parts)),
            evidence[:MAX_EVIDENCE],
            {
                "overlays": [t for _, t in promo],
                "prompts": [n for _, n in prompts],
                "after_ms": [ms for _p, _t, is_promo, ms in overlays if is_promo],
            },
        )
    if other:
        return _other_layers(site, other)
    return Result(
        PASS,
        _("No pop-up or permission prompt on arrival on the {n} pages crawled.").format(
            n=len(site.pages)
        ),
    )


def _other_layers(site: Site, other: list[tuple[Page, str, int]]) -> Result:
    """Layers that do not promote: an age check or chooser on arrival, a chat invitation that
    opens by itself; a person judges whether they are needed."""
    late = [ms for _p, _t, ms in other if _when(ms)]
    evidence = [_overlay_evidence(site, p, t, _("overlay")) for p, t, _ms in other[:MAX_EVIDENCE]]
    data = {"after_ms": [ms for _p, _t, ms in other]}
    if late:
        return Result(
            REVIEW,
            ngettext(
                "{n} layer that does not look promotional opens by itself ({when}; a chat invitation, a notice…); check whether it is needed.",
                "{n} layers that do not look promotional open by themselves (the first {when}; a chat invitation, a notice…); check whether they are needed.",
                len(other),
            ).format(n=len(other), when=_when(min(late))),
            evidence,
            data,
        )
    return Result(
        REVIEW,
        ngettext(
            "{n} layer appears on arrival that does not look promotional (an age check, a country or store chooser…); check whether it is needed.",
            "{n} layers appear on arrival that do not look promotional (an age check, a country or store chooser…); check whether they are needed.",
            len(other),
        ).format(n=len(other)),
        evidence,
        data,
    )


# -- GR304 ------------------------------------------------------------------------------------


@check(
    code="GR304",
    absence=False,
    slug="no-tracking-before-consent",
    rule=3,
    title_en=N_("No tracking before consent"),
    what_en=N_(
        "Compares the requests each page made before any cookie choice with a list of known "
        "analytics, advertising and tracking services (matched by host name). Analytics that "
        "says it sets no cookies (Umami, Plausible, Fathom …) and third-party scripts named as "
        "trackers on a host no list knows (a tracker on a generic CDN) are left for review."
    ),
    why_en=N_(
        "Loading trackers before the visitor chose makes the banner meaningless: the data has "
        "already left. First-party requests and neutral services (fonts, CDNs) are not counted."
    ),
    fix_en=N_(
        "Load analytics and advertising tags only after consent (block them in the tag manager "
        "or consent platform until the visitor accepts)."
    ),
    weight=2,
    norm=N_("Dutch Telecommunications Act 11.7a (cookies and similar techniques: consent first)"),
)
def no_tracking_before_consent(site: Site) -> Result:
    trackers = _trackers(site)
    if trackers:
        vendors = sorted({v for _, _, v in trackers})
        return Result(
            FAIL,
            ngettext(
                "{n} tracker host contacted before any cookie choice: {vendors}.",
                "{n} tracker hosts contacted before any cookie choice: {vendors}.",
                len(trackers),
            ).format(n=len(trackers), vendors=", ".join(vendors)),
            [site.note_on(p, f"{host} ({vendor})") for p, host, vendor in trackers[:MAX_EVIDENCE]],
            {"trackers": [{"host": h, "vendor": v, "url": p.address} for p, h, v in trackers]},
        )
    possible = _possible_trackers(site)
    if possible:
        return _possible_tracking(site, possible)
    observed = sum(len(p.requests_before_consent) for p in site.pages)
    home = site.home
    chosen = (
        home is not None and home.cookie_banner is not None and home.cookie_banner.dismissed_with
    )
    # After a cookie choice on the home page, later pages load after it: only the home counts.
    pages = 1 if chosen else len(site.pages)
    return Result(
        PASS,
        _(
            "No known tracker contacted before consent ({requests} seen before a choice, {pages})."
        ).format(
            requests=ngettext(
                "{n} third-party request", "{n} third-party requests", observed
            ).format(n=observed),
            pages=ngettext("on {n} page", "on {n} pages", pages).format(n=pages),
        ),
    )


def _possible_tracking(site: Site, possible: list[tuple[Page, str, str]]) -> Result:
    """Requests before consent that may track: left for a person, with what each is."""
    evidence = []
    for page, where, vendor in possible[:MAX_EVIDENCE]:
        if vendor:
            what = _("{vendor}, analytics that says it sets no cookies").format(vendor=vendor)
        else:
            what = _("not a known service; its name says it tracks")
        evidence.append(site.note_on(page, f"{where} ({what})"))
    return Result(
        REVIEW,
        ngettext(
            "No known tracker was contacted before a cookie choice, but {n} request may track "
            "visitors; check what it stores and whether it needs consent.",
            "No known tracker was contacted before a cookie choice, but {n} requests may track "
            "visitors; check what they store and whether they need consent.",
            len(possible),
        ).format(n=len(possible)),
        evidence,
        {"possible_trackers": [{"address": a, "vendor": v} for _, a, v in possible]},
    )


@hookimpl
def goudenregels_checks():
    return defined_checks(__name__)
