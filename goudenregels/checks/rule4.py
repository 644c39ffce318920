"""Rule 4 checks, "Doe niet moeilijk over formaliteiten": returns, withdrawal, terms, cancelling.

What the law requires of these procedures is decided from the site's own text; where the text
does not settle it (a function behind a login, an unclear route), the checks ask for review.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlsplit

from goudenregels.checks.site import Note, Site, link_note
from goudenregels.checks.text import (
    is_menu,
    is_question,
    may_match,
    menu_labels,
    negated,
    sentences,
    statements,
    unique,
    url_of,
)
from goudenregels.hookspecs import hookimpl
from goudenregels.i18n import N_, _, ngettext
from goudenregels.model import FAIL, NOT_APPLICABLE, PASS, REVIEW, Result, check, defined_checks
from goudenregels.snapshot import Form, Link, Page, normalize_url
from goudenregels.words import prefilter, vocab
from goudenregels.words.durations import NUMBER_WORDS, Duration, find_durations

FINDABLE_DEPTH = 2  # "within two clicks of the home page"
CANCEL_DEPTH = 3  # cancelling is usually one level further, under service or "Mijn ..."
MIN_RETURN_DAYS = 14  # the statutory withdrawal period for distance sales
PERIOD_REACH = 60  # characters between a period and the word it belongs to
# A refund or delivery word farther from a period than this is in another clause of any real
# sentence (and looking farther makes an endless one-line page slow to read).
RIVAL_REACH = 1000
_MATCH_MARGIN = 200  # longer than any match of a vocabulary pattern
DAYS_PER_UNIT = {"days": 1, "workdays": 7 / 5, "weeks": 7, "months": 30}
_DOCUMENT = prefilter.compile(r"\.(pdf|docx?|odt|rtf)$", re.IGNORECASE)
# Where one clause ends and the next begins; a period belongs to a word in its own clause.
_CLAUSE_BREAK = prefilter.compile(r"[,;:()]|\s(en|maar|of|dan|and|but|or|then)\s", re.IGNORECASE)
# Receiving something ("je ontvangt binnen 2 dagen een label") is not the returns period.
_RECEIVING = prefilter.compile(r"\b(ontvang|ontvangt|krijg|krijgt|receive|receives|get)\b", re.I)


def _links_to(page: Page, pattern: prefilter.Pattern) -> list[Link]:
    return [
        link
        for link in page.links
        if pattern.search(link.text) or pattern.search(urlsplit(link.href).path)
    ]


def _mentioned_within(site: Site, pattern: prefilter.Pattern, depth: int):
    """(page, text) where a topic is within ``depth`` clicks: on a page, or a link to it.

    A menu line of link texts on a page at ``depth`` points one click further, so only the
    page's own sentences count there; links count from pages one level up.
    """
    found = []
    for page in site.within(depth):
        where = f"{urlsplit(page.url).path} {page.title}"
        own = []
        if may_match(pattern, page.text):
            labels = menu_labels(page)
            own = [s for s in sentences(page.text) if pattern.search(s) and not is_menu(s, labels)]
        if own:
            found.append((page, own[0]))
        elif pattern.search(where):
            found.append((page, Note(_("page ‘{title}’").format(title=page.title or page.url))))
    for page in site.within(depth - 1):
        for link in _links_to(page, pattern):
            found.append((page, link_note(link.text, link.href)))
    return found


def _on_topic(pages: list[Page], pattern: prefilter.Pattern):
    """(page, sentence) for statements on a topic, or answering a heading or question on it
    ("Herroepen? Stuur een e-mail naar ...")."""
    for page in pages:
        if not may_match(pattern, page.text):
            continue
        said = sentences(page.text)
        for i, sentence in enumerate(said):
            about = f"{said[i - 1] if i else ''} {sentence}"
            if pattern.search(about) and not is_question(sentence):
                yield page, sentence


# -- GR401 -------------------------------------------------------------------------------------


def _days(d: Duration) -> float | None:
    """A stated period in days; None for hours, 'morgen' and other non-periods."""
    first = d.text.split()[0].lower() if d.text.split() else ""
    if d.unit not in DAYS_PER_UNIT or not (first[:1].isdigit() or first in NUMBER_WORDS):
        return None
    return d.value * DAYS_PER_UNIT[d.unit]


def _distance(span: tuple[int, int], pattern: prefilter.Pattern, sentence: str, reach: int):
    """Characters to the nearest match of a pattern in the same clause, or None.

    "Retourneren is eenvoudig: meld je retour aan en je ontvangt binnen 2 werkdagen een
    label" - the colon and "en je" start new clauses, so 2 werkdagen is not a returns period.
    """
    best = None
    # Only matches within reach can count: search just there, so that a page that is one
    # endless "sentence" costs time linear in its length, not quadratic.
    window = (max(0, span[0] - reach - _MATCH_MARGIN), span[1] + reach + _MATCH_MARGIN)
    for m in pattern.finditer(sentence, *window):
        lo, hi = sorted((span, m.span()))
        gap = max(0, hi[0] - lo[1])
        if gap > reach or (gap > 3 and _CLAUSE_BREAK.search(sentence, lo[1], hi[0])):
            continue
        best = gap if best is None else min(best, gap)
    return best


def _periods(sentence: str) -> tuple[list[float], list[float]]:
    """Periods in a returns sentence: (tied to a returns word, loose ones).

    A duration nearer to a refund or delivery word ("binnen 14 dagen terugbetaald", "levertijd
    14 dagen") is about that, not about the returns period, and is left out.
    """
    tied, loose, pos = [], [], 0
    for d in find_durations(sentence):
        at = sentence.find(d.text, pos)
        days = _days(d)
        if at < 0 or days is None:
            continue
        pos = at + 1
        span = (at, at + len(d.text))
        near = _distance(span, vocab.RETURN_PERIOD_ANCHOR, sentence, PERIOD_REACH)
        if near is None:
            near = _distance(span, vocab.RETURN_PERIOD_SHORT, sentence, 3)
        rivals = (vocab.REFUND_WORDS, vocab.DELIVERY_TIME_WORDS, _RECEIVING)
        gaps = [_distance(span, pattern, sentence, RIVAL_REACH) for pattern in rivals]
        rival = min((g for g in gaps if g is not None), default=None)
        if rival is not None and (near is None or rival <= near):
            continue
        (tied if near is not None else loose).append(days)
    return tied, loose


def _missing_nearby(
    site: Site, words, limit: int, deeper_msg: str, absent_msg: str, home_label: str
) -> Result:
    """FAIL for information not found within ``limit`` clicks, saying where it is if deeper.

    The messages come translated from the caller (literal msgids for the catalog) with the
    placeholders {limit} and {url}.
    """
    deeper = site.mentions(words)
    message = deeper_msg if deeper else absent_msg
    return Result(
        FAIL,
        message.format(limit=limit, url=url_of(deeper[0][0]) if deeper else ""),
        [site.evidence(p, line) for p, line in deeper[:2]] or site.on_home(home_label),
    )


@check(
    code="GR401",
    slug="returns-policy",
    rule=4,
    title_en=N_("Returns policy findable, with its period"),
    what_en=N_(
        "Looks within two clicks of the home page for information on returns and the right "
        "of withdrawal, and reads the period stated for it ('14 dagen bedenktijd', 'binnen 30 "
        "dagen retourneren')."
    ),
    why_en=N_(
        "Customers who buy online may change their minds within at least 14 days. Rule 4 asks "
        "for clear procedures for returns and exchanges that are not tucked away."
    ),
    fix_en=N_(
        "Link a returns page from the footer of every page and state the period in plain "
        "words ('Je hebt 14 dagen bedenktijd na ontvangst'), with the steps to follow."
    ),
    weight=3,
    profiles=("webshop",),
    norm=N_("Dutch Civil Code (BW) 6:230o: a 14-day cooling-off period for distance sales"),
)
def returns_policy(site: Site) -> Result:
    found = _mentioned_within(site, vocab.RETURNS_WORDS, FINDABLE_DEPTH)
    if not found:
        return _missing_nearby(
            site,
            vocab.RETURNS_WORDS,
            FINDABLE_DEPTH,
            _(
                "No returns or withdrawal information within {limit} clicks of the home page; "
                "it appears only deeper ({url})."
            ),
            _("No returns or withdrawal information within {limit} clicks of the home page."),
            _("no returns information"),
        )
    tied, loose = [], []
    for page, sentence in _on_topic(site.within(FINDABLE_DEPTH), vocab.RETURNS_WORDS):
        t, lo = _periods(sentence)
        tied += [(days, page, sentence) for days in t]
        loose += [(days, page, sentence) for days in lo]
    return _judge_period(site, found, tied, loose)


def _on_returns_page(page: Page) -> bool:
    return bool(vocab.RETURNS_WORDS.search(f"{urlsplit(page.url).path} {page.title}"))


def _judge_period(site: Site, found, tied, loose) -> Result:
    if tied:
        # The longest period wins (a shop may extend the legal 14 days); on a tie, the
        # returns page itself is the better evidence than a top bar.
        days, page, sentence = max(tied, key=lambda item: (item[0], _on_returns_page(item[1])))
        data = {"period_days": round(days)}
        evidence = [site.evidence(page, sentence)]
        if days >= MIN_RETURN_DAYS:
            return Result(
                PASS,
                _("Returns period of {days} days stated.").format(days=round(days)),
                evidence,
                data,
            )
        if not any(d >= MIN_RETURN_DAYS for d, _p, _s in loose):
            return Result(
                FAIL,
                _(
                    "The returns period stated is {days} days, shorter than the {minimum} days "
                    "the law gives."
                ).format(days=round(days), minimum=MIN_RETURN_DAYS),
                evidence,
                data,
            )
    evidence = [site.evidence(p, text) for p, text in found[:2]]
    evidence += [site.evidence(p, s) for _d, p, s in (tied + loose)[:2]]
    return Result(
        REVIEW,
        _("Returns information is within reach, but the returns period could not be read from it."),
        evidence,
    )


# -- GR402 -------------------------------------------------------------------------------------


def _is_data_form(form: Form) -> bool:
    """A published form that asks for something (not a search box, newsletter or login).

    A form hidden on load (a modal, a tab) is published too; see docs/how-it-reads.md.
    """
    shown = [f for f in form.fields if f.visible and f.type not in ("hidden", "submit")]
    return (
        bool(shown)
        and not any(f.type == "password" for f in form.fields)
        and not vocab.NOT_CONTACT_FORM.search(form.text)
    )


def _forms_about(site: Site, pattern: prefilter.Pattern) -> list[tuple[Page, str]]:
    """(page, subject) for forms whose list options or labels name the topic."""
    out = []
    for page in site.pages:
        for form in page.forms:
            said = [o for f in form.fields for o in [*f.options, f.label] if pattern.search(o)]
            if said and _is_data_form(form):
                out.append((page, said[0][:80]))
    return out


def _function_signals(site: Site) -> list[tuple[Page, str]]:
    out = []
    for page in site.pages:
        for control in page.buttons:
            if vocab.WITHDRAWAL_FUNCTION.search(control.text):
                out.append((page, Note(_("button ‘{text}’").format(text=control.text))))
        for link in page.links:
            if vocab.WITHDRAWAL_FUNCTION.search(link.text) and not _DOCUMENT.search(link.href):
                out.append((page, link_note(link.text, link.href)))
        where = f"{urlsplit(page.url).path} {page.title}"
        if vocab.WITHDRAWAL_WORDS.search(where) and any(_is_data_form(f) for f in page.forms):
            out.append((page, Note(_("withdrawal form on the page"))))
    for page, sentence, _m in statements(site, vocab.WITHDRAWAL_FUNCTION):
        # Only a sentence that names a button or online route, and denies nothing, counts.
        if vocab.FUNCTION_NAMED.search(sentence) and not vocab.NEGATION.search(sentence):
            out.append((page, sentence))
    return out


def _model_forms(site: Site) -> list[tuple[Page, str]]:
    out = []
    for page in site.pages:
        for link in page.links:
            named = vocab.MODEL_FORM_WORDS.search(link.text) or vocab.WITHDRAWAL_WORDS.search(
                f"{link.text} {link.href}"
            )
            if named and (_DOCUMENT.search(link.href) or vocab.MODEL_FORM_WORDS.search(link.text)):
                out.append((page, link_note(link.text, link.href)))
    out += [(p, s) for p, s, _m in statements(site, vocab.MODEL_FORM_WORDS)]
    return out


def _email_routes(site: Site) -> list[tuple[Page, str]]:
    return [
        (page, sentence)
        for page, sentence in _on_topic(site.pages, vocab.WITHDRAWAL_WORDS)
        if vocab.EMAIL_ROUTE.search(sentence) or "@" in sentence
    ]


def _returns_forms(site: Site, stated: bool = False) -> list[tuple[Page, str]]:
    """Forms that may serve to withdraw: a form on a returns page, and a contact form whose
    subject list offers returns or withdrawal. ``stated``: the site's withdrawal text names its
    own route (e-mail, a model form); then a contact form that offers returns among its other
    subjects ("Retour of klacht") is the general contact form, not a withdrawal route."""
    out = [
        (page, Note(_("returns form on the page")))
        for page in site.pages
        if vocab.RETURNS_WORDS.search(f"{urlsplit(page.url).path} {page.title}")
        and any(_is_data_form(f) for f in page.forms)
    ]
    # A contact form whose subject list offers returns or withdrawal is a route, though not the
    # dedicated withdrawal function the law asks for; a subject that names withdrawal itself
    # ("Herroeping") is one whatever else the site says.
    for page, subject in _forms_about(site, vocab.RETURNS_WORDS):
        if stated and not vocab.WITHDRAWAL_WORDS.search(subject):
            continue
        out.append(
            (page, Note(_("contact form with the subject ‘{subject}’").format(subject=subject)))
        )
    return out


@check(
    code="GR402",
    slug="withdrawal-function",
    rule=4,
    title_en=N_("Online withdrawal function"),
    what_en=N_(
        "Looks for an unambiguous way to withdraw from a contract online: a button or link "
        "such as 'Overeenkomst herroepen' or a withdrawal form on the site, rather than only a model "
        "form to download or an e-mail address. A site whose withdrawal text offers only a model "
        "form, e-mail or post fails; a returns form, or text that may point to an online route, "
        "is left for review (a contact form that offers returns among its subjects counts only "
        "where the withdrawal text names no route, or its subject names withdrawal). Not "
        "applicable where no contract is concluded on the site (no "
        "order, booking or sign-up) or the site is a healthcare provider without a shop."
    ),
    why_en=N_(
        "Withdrawing should be as easy as buying. Since 19 June 2026 traders who sell online "
        "must offer a clearly labelled withdrawal function on their interface."
    ),
    fix_en=N_(
        "Add a permanently available button 'Overeenkomst hier herroepen' that leads to a "
        "short form (name, order, how to withdraw) and confirms receipt by e-mail."
    ),
    weight=2,
    profiles=("webshop", "dienstverlener"),
    norm=N_(
        "Directive (EU) 2023/2673 (art. 11a of Directive 2011/83/EU): withdrawal function, in force since 19 June 2026"
    ),
)
def withdrawal_function(site: Site) -> Result:
    function = _function_signals(site)
    if function:
        page, text = function[0]
        return Result(
            PASS,
            _("An online withdrawal function was found on {url}.").format(url=url_of(page)),
            [site.evidence(p, t) for p, t in function[:3]],
        )
    scope = _withdrawal_scope(site)
    if scope is not None:
        return scope
    model, email = _model_forms(site), _email_routes(site)
    routes = [
        ("only a model form", model),
        ("only e-mail or post", email),
        ("a returns form, not a withdrawal function", _returns_forms(site, bool(model or email))),
    ]
    found = [(name, items) for name, items in routes if items]
    if found:
        return _offline_routes(site, found)
    described = _described(
        site,
        _(
            "Withdrawal or returns are described, but no online withdrawal function was "
            "found; check the account area and the order confirmation."
        ),
    )
    if described is not None:
        return described
    return Result(
        FAIL,
        _("No withdrawal information and no withdrawal function on the {n} pages crawled.").format(
            n=len(site.pages)
        ),
        site.on_home(_("no withdrawal information")),
    )


def _online_route_named(sentence: str) -> bool:
    return any(
        not negated(sentence, m.start())
        and not vocab.PAPER_FORM.search(sentence[m.start() :])
        # "uw retour aanmelden via info@winkel.nl": the route it names is e-mail.
        and not vocab.BY_MAIL_OR_POST.match(sentence, m.end())
        for m in vocab.WITHDRAWAL_ONLINE_ROUTE.finditer(sentence)
    )


def _unclear_routes(site: Site) -> list[tuple[Page, str]]:
    """What leaves the site's route open: a withdrawal sentence, or any sentence on a returns
    page, that may name an online route ("of via je account", "via ons retourportaal"); and a
    withdrawal or returns link whose target was not read (a returns portal elsewhere, a page
    past the crawl)."""
    topic_pages = [p for p in site.pages if vocab.RETURNS_WORDS.search(_path_title(p))]
    said = list(_on_topic(site.pages, vocab.WITHDRAWAL_WORDS))
    said += [(p, s) for p in topic_pages for s in sentences(p.text)]
    out = unique([(p, s) for p, s in said if _online_route_named(s)])
    read = {normalize_url(p.address) for p in site.pages} | {
        normalize_url(p.url) for p in site.pages
    }
    for page in site.pages:
        for link in page.links:
            named = vocab.MODEL_FORM_WORDS.search(link.text) or vocab.RETURNS_WORDS.search(
                link.text
            )
            target = normalize_url(link.href)
            web = target.startswith("http") and not _DOCUMENT.search(link.href)
            if named and web and target not in read:
                out.append(
                    (
                        page,
                        Note(_("not read: {link}").format(link=link_note(link.text, link.href))),
                    )
                )
    return out


def _path_title(page: Page) -> str:
    return f"{urlsplit(page.address).path} {page.title}"


def _concludes_online(site: Site) -> bool:
    """A cart, or a form or button that orders, books or signs up on the site itself."""
    if site.profile == "webshop" or site.has_cart:
        return True
    controls = [f.submit for p in site.pages for f in p.forms]
    controls += [b.text for p in site.pages for b in p.buttons]
    return any(vocab.ONLINE_CONTRACT.search(text) for text in controls if text)


def _described(site: Site, message: str) -> Result | None:
    """REVIEW with the sentences on withdrawal or returns, when the site has any."""
    info = unique([(p, line) for p, line in site.mentions(vocab.RETURNS_WORDS)])
    if not info:
        return None
    return Result(REVIEW, message, [site.evidence(p, line) for p, line in info[:3]])


def _withdrawal_scope(site: Site) -> Result | None:
    """NOT_APPLICABLE where the function cannot be owed: no contract is concluded on the site,
    or the site is a healthcare provider without a shop (treatment is exempt). Withdrawal text
    on such a site is for a person to place (REVIEW), never a fail."""
    health = [(p, line) for p, line in site.mentions(vocab.HEALTHCARE_PROVIDER)]
    shop = site.profile == "webshop" or site.has_cart
    if _concludes_online(site) and not (health and not shop):
        return None
    described = _described(
        site,
        _(
            "Withdrawal is described, but the pages read conclude no contract on the site "
            "itself (no order, booking or sign-up), so the online function may not be owed."
        ),
    )
    if described is not None:
        return described
    why = (
        _("a healthcare provider's treatment is exempt from the right of withdrawal")
        if health and not shop
        else _("the pages read conclude no contract on the site (no order, booking or sign-up)")
    )
    evidence = [site.evidence(p, line) for p, line in health[:1]] if health and not shop else []
    return Result(
        NOT_APPLICABLE, _("No online withdrawal function is owed: {why}.").format(why=why), evidence
    )


def _offline_routes(site: Site, found: list[tuple[str, list[tuple[Page, str]]]]) -> Result:
    """No function, but the site says how to withdraw. A model form or e-mail alone is not an
    online function by this check's definition: that fails, unless the text leaves room for an
    online route or a returns form (which may serve) is offered."""
    evidence = [site.evidence(p, t) for _n, items in found for p, t in items[:2]]
    offers = {
        "only a model form": _("only a model form"),
        "only e-mail or post": _("only e-mail or post"),
        "a returns form, not a withdrawal function": _("a returns form, not a withdrawal function"),
    }
    names = [name for name, _items in found]
    unclear = _unclear_routes(site)
    if "a returns form, not a withdrawal function" in names or unclear:
        return Result(
            REVIEW,
            _("No online withdrawal function found; the site offers {route}.").format(
                route=offers[names[0]]
            ),
            [*evidence, *(site.evidence(p, t) for p, t in unclear[:2])][:4],
            {"routes": names},
        )
    return Result(
        FAIL,
        _(
            "No online withdrawal function: the site offers {route}, which is not a way to "
            "withdraw on the site itself."
        ).format(route=" + ".join(offers[n] for n in names)),
        evidence[:4],
        {"routes": names},
    )


# -- GR403 -------------------------------------------------------------------------------------


def _terms_links(page: Page) -> list[Link]:
    out = []
    for link in page.links:
        path = urlsplit(link.href).path
        named = vocab.TERMS_LINK.search(link.text) or vocab.TERMS_URL.search(path)
        if named and not vocab.NOT_TERMS.search(f"{link.text} {path}"):
            out.append(link)
    return out


def _chrome_terms(page: Page) -> list[Link]:
    return [link for link in _terms_links(page) if link.region in vocab.CHROME_REGIONS]


def _is_terms_page(page: Page) -> bool:
    path = urlsplit(page.url).path
    named = vocab.TERMS_URL.search(path) or vocab.TERMS_LINK.search(page.title)
    return bool(named) and not vocab.NOT_TERMS.search(f"{path} {page.title}")


def _nearest_terms(site: Site) -> tuple[int, Page, str] | None:
    """(depth, page it is on or linked from, text) of the nearest terms page or link."""
    best: tuple[int, Page, str] | None = None
    for page in site.pages:
        if page.depth is None:
            continue
        options = (
            [(page.depth, page, _("terms page ‘{title}’").format(title=page.title))]
            if _is_terms_page(page)
            else []
        )
        options += [(page.depth + 1, page, link_note(k.text, k.href)) for k in _terms_links(page)]
        for option in options:
            if best is None or option[0] < best[0]:
                best = option
    return best


@check(
    code="GR403",
    slug="terms-findable",
    rule=4,
    title_en=N_("Terms and conditions findable"),
    what_en=N_(
        "Looks for a link to the terms and conditions in the footer or menu of every page, "
        "or otherwise within two clicks of the home page."
    ),
    why_en=N_(
        "Rules that customers cannot find feel like small print. Rule 4 asks that rules are "
        "not tucked away, and the law requires terms to be available before the contract is made."
    ),
    fix_en=N_(
        "Put a link 'Algemene voorwaarden' in the footer of every page and next to the order "
        "or sign-up button."
    ),
    weight=1,
    norm=N_(
        "Dutch Civil Code (BW) 6:233 and 6:234: general terms provided in advance (online: available electronically)"
    ),
)
def terms_findable(site: Site) -> Result:
    nearest = _nearest_terms(site)
    if nearest is None:
        if site.profile == "gemeente":
            return Result(NOT_APPLICABLE, _("No terms found; municipalities rarely publish them."))
        if site.profile == "algemeen":
            # A site that sells nothing online may rightly have no terms of its own.
            return Result(
                REVIEW,
                _(
                    "No terms and conditions found; check whether the organisation sells or "
                    "contracts online and should publish them."
                ),
                site.on_home(_("no link to terms")),
            )
        return Result(
            FAIL,
            _("No terms and conditions found on the {n} pages crawled.").format(n=len(site.pages)),
            site.on_home(_("no link to terms")),
        )
    depth, page, text = nearest
    with_link = [p for p in site.pages if _chrome_terms(p)]
    site_wide = (
        site.home is not None
        and bool(_chrome_terms(site.home))
        and len(with_link) * 2 > len(site.pages)
    )
    data = {"site_wide": site_wide, "depth": depth}
    evidence = [site.evidence(page, text)]
    if site_wide:
        return Result(
            PASS,
            _("Terms are linked from the header, menu or footer on {linked} of {n} pages.").format(
                linked=len(with_link), n=len(site.pages)
            ),
            evidence,
            data,
        )
    if depth <= FINDABLE_DEPTH or site.profile == "gemeente":
        return Result(
            PASS, _("Terms are found at click depth {depth}.").format(depth=depth), evidence, data
        )
    return Result(
        FAIL,
        _(
            "Terms are found only at click depth {depth}; customers need them within {limit} "
            "clicks."
        ).format(depth=depth, limit=FINDABLE_DEPTH),
        evidence,
        data,
    )


# -- GR404 -------------------------------------------------------------------------------------


def _cancel_sentences(site: Site):
    """Sentences about cancelling; after a question about it ("Wil je toch opzeggen?"), its
    answer, whose routes are the ones offered (the question's own words offer nothing)."""
    out = []
    for page in site.pages:
        said = sentences(page.text)
        for i, sentence in enumerate(said):
            if not vocab.CANCEL_WORDS.search(sentence):
                continue
            if not is_question(sentence):
                out.append((page, sentence))
            elif i + 1 < len(said) and not is_question(said[i + 1]):
                out.append((page, said[i + 1]))
    return unique(out)


def _online_words(sentence: str) -> list[re.Match[str]]:
    """Online routes a cancel sentence names; a form to print and post is not one."""
    paper = vocab.PAPER_FORM.search(sentence)
    return [
        m
        for m in vocab.CANCEL_ONLINE.finditer(sentence)
        if not (paper and "form" in m.group(0).lower())
    ]


def _online_route(sentence: str) -> bool:
    return any(not negated(sentence, m.start()) for m in _online_words(sentence))


def _offline_route(sentence: str) -> bool:
    denied = any(negated(sentence, m.start()) for m in _online_words(sentence))
    offline = denied or bool(vocab.CANCEL_OFFLINE.search(sentence))
    # "Wij mogen ... schriftelijk opzeggen", "wij bevestigen per brief": not the customer's route.
    # E-mail is neither letter nor phone, nor a function on the site: a person weighs it.
    return offline and not vocab.COMPANY_SIDE.search(sentence) and not _BY_EMAIL.search(sentence)


_BY_EMAIL = prefilter.compile(
    r"\b(?:per|via|by)\s+e-?mail\b|\be-?mail(?:en)?\s+naar\b", re.IGNORECASE
)


def _online_controls(site: Site) -> list[tuple[Page, str]]:
    out = []
    for page in site.pages:
        out += [
            (page, Note(_("button ‘{text}’").format(text=c.text)))
            for c in page.buttons
            if vocab.CANCEL_WORDS.search(c.text)
        ]
        for link in page.links:
            to_account = vocab.ACCOUNT_URL.search(urlsplit(link.href).path)
            if to_account and vocab.CANCEL_WORDS.search(f"{link.text} {link.href}"):
                out.append((page, link_note(link.text, link.href)))
        where = f"{urlsplit(page.url).path} {page.title}"
        if vocab.CANCEL_WORDS.search(where) and any(_is_data_form(f) for f in page.forms):
            out.append((page, Note(_("cancellation form on the page"))))
    return out


@check(
    code="GR404",
    slug="online-cancellation",
    rule=4,
    title_en=N_("Cancel online"),
    what_en=N_(
        "Looks within three clicks for how to cancel a subscription or contract, and then "
        "whether that can be done online (a form, a button, the 'Mijn …' account area) or only by "
        "letter or phone. Not applicable when the site offers no subscription or contract that "
        "runs on (one-off jobs, appointments, single purchases)."
    ),
    why_en=N_(
        "Leaving should be as easy as joining. Dutch law requires that a contract concluded "
        "online can be cancelled online, through an easy-to-find route on the website."
    ),
    fix_en=N_(
        "Offer an 'Opzeggen' button or form on the website (and in the account area), "
        "linked from the service pages, and confirm the cancellation by e-mail."
    ),
    weight=2,
    profiles=("dienstverlener",),
    norm=N_(
        "Van Dam Act, Dutch Civil Code (BW) 6:236 under o-s (cancel the same way as signing up) and BW 6:267(2); ACM guidelines on protecting online consumers (cancelling as easy as signing up)"
    ),
)
def online_cancellation(site: Site) -> Result:
    near = _mentioned_within(site, vocab.CANCEL_WORDS, CANCEL_DEPTH)
    if not near and not site.mentions(vocab.CANCEL_WORDS) and not _running_contracts(site):
        return Result(
            NOT_APPLICABLE,
            _(
                "The pages read offer no subscription or contract that runs on, so there is "
                "nothing to cancel."
            ),
        )
    if not near:
        return _missing_nearby(
            site,
            vocab.CANCEL_WORDS,
            CANCEL_DEPTH,
            _(
                "No information on cancelling within {limit} clicks of the home page; it appears "
                "only deeper ({url})."
            ),
            _("No information on cancelling within {limit} clicks of the home page."),
            _("no cancellation information"),
        )
    said = _cancel_sentences(site)
    online = _online_controls(site) + [(p, s) for p, s in said if _online_route(s)]
    if online:
        return Result(
            PASS,
            _("Cancelling can be done online."),
            [site.evidence(p, t) for p, t in online[:3]],
            {"online": True},
        )
    offline = [(p, s) for p, s in said if _offline_route(s)]
    if offline:
        return Result(
            FAIL,
            _("Cancelling is possible only by letter or phone, not online."),
            [site.evidence(p, s) for p, s in offline[:3]],
            {"online": False},
        )
    return Result(
        REVIEW,
        _("Cancelling is mentioned, but the site does not make clear how to do it."),
        [site.evidence(p, t) for p, t in (said[:2] or near[:2])],
    )


def _running_contracts(site: Site):
    """Sentences offering a subscription or a contract that runs on (not 'geen abonnement')."""
    return statements(site, vocab.RUNNING_CONTRACT)


# -- GR405 -------------------------------------------------------------------------------------

MIN_WORDS = 100
MIN_CONTENT_WORDS = 5  # shorter lines are headings, menu items and buttons
THRESHOLD = {"nl": 40.0, "en": 50.0}
_WORDS = prefilter.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
_SENTENCE_MARK = prefilter.compile(r"[.!?]+(?=\s|$)")
# Dutch vowel sounds written with more than one letter, longest first; 'ij' counts as a vowel.
_VOWEL_UNITS = (
    "aai", "eeu", "ieu", "oei", "ooi",
    "aa", "ee", "oo", "uu", "ie", "oe", "eu", "ui", "ei", "ij", "ou", "au",
)  # fmt: skip
_VOWEL_RUN = prefilter.compile(r"(?:ij|[aeiouyàáâäèéêëìíîïòóôöùúûü])+", re.IGNORECASE)
# A diaeresis marks a new syllable ("beëindigen", "ideeën"); accents do not change the count.
_NEW_SYLLABLE = prefilter.compile(r"(?=[äëïöü])")
_PLAIN = str.maketrans("àáâäèéêëìíîïòóôöùúûü", "aaaaeeeeiiiioooouuuu")


def _dutch_syllables(run: str) -> int:
    """Syllables in a run of vowels: greedy vowel units, split where a diaeresis stands."""
    count = 0
    for piece in _NEW_SYLLABLE.split(run.lower()):
        plain, i = piece.translate(_PLAIN), 0
        while i < len(plain):
            i += len(next((u for u in _VOWEL_UNITS if plain.startswith(u, i)), plain[i]))
            count += 1
    return count


def syllables(word: str, lang: str = "nl") -> int:
    """A vowel-group estimate of a word's syllables, tuned to Dutch spelling."""
    runs = [m.group(0) for m in _VOWEL_RUN.finditer(word)]
    if lang != "en":
        return max(1, sum(_dutch_syllables(run) for run in runs))
    count = len(runs)
    lower = word.lower()
    if count > 1 and lower.endswith("e") and not lower.endswith(("le", "ee")):
        count -= 1  # English silent final e: "make", "purchase"
    return max(1, count)


def _language(page: Page, words: list[str]) -> str:
    if page.lang[:2] in ("nl", "en"):
        return page.lang[:2]
    lower = [w.lower() for w in words]
    nl = sum(w in vocab.STOPWORDS_NL for w in lower)
    en = sum(w in vocab.STOPWORDS_EN for w in lower)
    return "en" if en > nl else "nl"


def _boilerplate(site: Site) -> set[str]:
    """Lines repeated across the site (header, footer, top bar): not the page's own text."""
    counts = Counter(line.strip() for p in site.pages for line in set(p.text.split("\n")))
    home = set(site.home.text.split("\n")) if site.home else set()
    many = max(3, len(site.pages) // 2 + 1)
    return {line for line, n in counts.items() if n >= many} | {line.strip() for line in home}


def readability(text: str, lang: str) -> tuple[float, int]:
    """(Flesch-Douma or Flesch reading ease score, word count) of a text."""
    sentence_count, words = 0, []
    for line in text.split("\n"):
        line_words = _WORDS.findall(line)
        if len(line_words) < MIN_CONTENT_WORDS:
            continue
        words += line_words
        sentence_count += max(1, len(_SENTENCE_MARK.findall(line)))
    if not words:
        return 0.0, 0
    asl = len(words) / sentence_count
    asw = sum(syllables(w, lang) for w in words) / len(words)
    if lang == "en":
        return 206.835 - 1.015 * asl - 84.6 * asw, len(words)
    return 206.835 - 0.93 * asl - 77 * asw, len(words)


def _policy_pages(site: Site) -> list[Page]:
    return [p for p in site.pages if vocab.POLICY_PAGE.search(f"{urlsplit(p.url).path} {p.title}")]


@check(
    code="GR405",
    absence=False,
    slug="readable-policies",
    rule=4,
    title_en=N_("Readable policies"),
    what_en=N_(
        "Scores the readability of the terms, returns and complaints pages: Flesch-Douma for "
        "Dutch, Flesch reading ease for English, on the page's own text (menus and footers left "
        "out)."
    ),
    why_en=N_(
        "Long sentences and long words make rules into small print. Rule 4 asks for rules "
        "customers can understand; the law asks that terms are written clearly and "
        "comprehensibly."
    ),
    fix_en=N_(
        "Rewrite the pages at language level B1: short sentences, everyday words, one rule "
        "per paragraph, and a plain summary at the top."
    ),
    weight=1,
    norm=N_(
        "Dutch Civil Code (BW) 6:238(2): terms worded clearly and understandably; language level B1 (Flesch-Douma 60 and above is easy, below 40 hard)"
    ),
)
def readable_policies(site: Site) -> Result:
    chrome = _boilerplate(site)
    rows, low = [], []
    for page in _policy_pages(site)[:10]:
        own = "\n".join(line for line in page.text.split("\n") if line.strip() not in chrome)
        lang = _language(page, _WORDS.findall(own))
        score, words = readability(own, lang)
        if words < MIN_WORDS:
            continue
        rows.append({"url": url_of(page), "score": round(score, 1), "words": words, "lang": lang})
        if score < THRESHOLD[lang]:
            low.append((page, rows[-1]))
    if not rows:
        return Result(
            NOT_APPLICABLE,
            _("No terms, returns or complaints page with at least {n} words of text.").format(
                n=MIN_WORDS
            ),
        )
    data = {"pages": rows}
    if low:
        return Result(
            REVIEW,
            ngettext(
                "{low} of {n} policy pages is hard to read (score below {nl} Flesch-Douma / "
                "{en} Flesch).",
                "{low} of {n} policy pages are hard to read (score below {nl} Flesch-Douma / "
                "{en} Flesch).",
                len(low),
            ).format(
                low=len(low),
                n=len(rows),
                nl=f"{THRESHOLD['nl']:.0f}",
                en=f"{THRESHOLD['en']:.0f}",
            ),
            [
                site.note_on(
                    p,
                    _("score {score} ({lang}, {words} words)").format(
                        score=r["score"], lang=r["lang"], words=r["words"]
                    ),
                )
                for p, r in low[:4]
            ],
            data,
        )
    return Result(
        PASS,
        ngettext(
            "The policy page reads reasonably easily.",
            "The {n} policy pages read reasonably easily.",
            len(rows),
        ).format(n=len(rows)),
        [],
        data,
    )


# -- GR406 -------------------------------------------------------------------------------------

MAX_REQUIRED = 5


def _required_extra(form: Form) -> list[str]:
    """Labels of required visible fields beyond the message, one e-mail and one name."""
    free = {"message": 1, "email": 1, "name": 1}
    extra, groups = [], set()
    for field in form.fields:
        if not field.visible or field.type in ("hidden", "submit", "button"):
            continue
        if field.type in ("radio", "checkbox") and field.name:
            if field.name in groups:
                continue  # a group of options is one question
            groups.add(field.name)
        label = field.label or field.name
        if not (field.required or vocab.REQUIRED_MARK.search(field.label)):
            continue
        what = (
            "message"
            if field.tag == "textarea"
            else "email"
            if field.type == "email" or vocab.EMAIL_FIELD.search(f"{field.name} {field.label}")
            else "name"
            if vocab.NAME_FIELD.search(field.name) or vocab.NAME_FIELD.search(field.label)
            else ""
        )
        if what and free[what]:
            free[what] -= 1
            continue
        extra.append(vocab.REQUIRED_MARK.sub("", label).strip() or field.type)
    return extra


@check(
    code="GR406",
    absence=False,
    slug="lean-forms",
    rule=4,
    title_en=N_("Lean contact forms"),
    what_en=N_(
        "Counts the required fields of contact and complaint forms, apart from the message "
        "itself, one e-mail address and one name."
    ),
    why_en=N_(
        "Every extra required field is a formality between the customer and an answer. Rule 4 "
        "asks organisations not to be difficult about formalities; privacy law asks them to collect "
        "only what they need."
    ),
    fix_en=N_(
        "Make only the message and a way to reply required; ask for an order or customer "
        "number as an optional field."
    ),
    weight=1,
    norm=N_("GDPR (AVG) art. 5(1)(c) (data minimisation) and Gouden Regel 4"),
)
def lean_forms(site: Site) -> Result:
    forms = site.contact_forms
    if not forms:
        return Result(NOT_APPLICABLE, _("No contact or complaint form found."))
    rows, heavy = [], []
    for page, form in forms:
        extra = _required_extra(form)
        rows.append({"url": url_of(page), "required": extra, "counted": len(extra)})
        # Too many questions, or one that asks for sensitive data a question rarely needs.
        if len(extra) > MAX_REQUIRED or any(vocab.SENSITIVE_FIELD.search(e) for e in extra):
            heavy.append((page, extra))
    data = {"forms": rows}
    if heavy:
        page, extra = heavy[0]
        return Result(
            REVIEW,
            ngettext(
                "A form asks for {n} required field besides name, e-mail and message; check whether it is needed.",
                "A form asks for {n} required fields besides name, e-mail and message; check whether each is needed.",
                len(extra),
            ).format(n=len(extra)),
            [
                site.note_on(
                    p, _("required: {fields}").format(fields=", ".join(f"‘{x}’" for x in e))
                )
                for p, e in heavy[:3]
            ],
            data,
        )
    return Result(
        PASS,
        ngettext(
            "The contact form asks at most {fields}.",
            "The {n} contact forms ask at most {fields}.",
            len(forms),
        ).format(n=len(forms), fields=_extra_fields(max(r["counted"] for r in rows))),
        [site.note_on(page, _("contact form")) for page, _form in forms[:2]],
        data,
    )


def _extra_fields(extra: int) -> str:
    return ngettext("{n} extra required field", "{n} extra required fields", extra).format(n=extra)


@hookimpl
def goudenregels_checks():
    return defined_checks(__name__)
