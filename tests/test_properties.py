"""Property-based tests: nothing a site sends crashes the parsers, the checks or the reporters.

Every function that reads what a web site sends (markup, link targets, text, JSON-LD, phone
numbers, opening hours, durations, robots.txt) is fed arbitrary and deliberately nasty input:
random unicode, HTML and URL fragments glued together, control characters, very long strings,
deep nesting. The properties are the contracts the crawler relies on: no exception escapes,
results have the declared types and invariants, and normalising is idempotent.

The runs are derandomised (the same examples every run, so CI is reproducible) and keep no
example database on disk.
"""

from __future__ import annotations

import html as html_lib
import io
import json
import math
import re
import tempfile
import time as time_module
from datetime import UTC, datetime, time, timedelta
from typing import Any
from urllib.parse import urlsplit

import phonenumbers
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from goudenregels.audit import build_audit, run_check
from goudenregels.checks.rule2 import _CUT_ADDRESS, _promise_kind
from goudenregels.checks.rule3 import possible_tracker, tracker_of
from goudenregels.checks.site import Site
from goudenregels.crawl import structured
from goudenregels.crawl.crawler import Crawler, CrawlSettings
from goudenregels.crawl.extract import detect_cookie_banner, extract, find_emails
from goudenregels.crawl.structured import structured_items
from goudenregels.errors import UsageError
from goudenregels.i18n import language
from goudenregels.model import ERROR, STATUSES
from goudenregels.plugins import Plugins
from goudenregels.snapshot import (
    CookieBanner,
    Page,
    Snapshot,
    SnapshotWriter,
    jsonld_items,
    normalize_url,
)
from goudenregels.words import channels as chan_table
from goudenregels.words import phones as ph
from goudenregels.words import vocab
from goudenregels.words.channels import NORMS
from goudenregels.words.durations import HOURS_PER_UNIT, Duration, find_durations, first_duration
from goudenregels.words.hours import Hours, parse_jsonld, parse_text
from goudenregels.words.quotes import line_around
from goudenregels.words.scope import (
    SKIP_EXTENSIONS,
    UNSAFE_LINK,
    in_scope,
    site_key,
    validate_start_url,
)
from goudenregels.worktime import WorkingHours, judge
from tests.helpers import BASE, snapshot_from_pages

# bs4 warns when a document looks like a file name, a URL or XML; for these inputs it is noise.
pytestmark = [
    pytest.mark.filterwarnings("ignore::bs4.MarkupResemblesLocatorWarning"),
    pytest.mark.filterwarnings("ignore::bs4.XMLParsedAsHTMLWarning"),
]

PLUGINS = Plugins(entry_points=False)
CHECKS = PLUGINS.checks()
PROFILES = PLUGINS.profiles()
REPORTERS = PLUGINS.reporters()
PAGE_URL = f"{BASE}/contact"
CHECK_BY_CODE = {c.code: c for c in CHECKS}
# Sentences of an "about us" paragraph that offer no channel (no visit word, no number).
FILLER_SENTENCES = [
    "Zonnig begon in 2012 in een oude schuur op de Veluwe, waar de oprichter banken opknapte.",
    "De vraag naar stevige, mooie tuinmeubelen bleek al snel groot.",
    "Tegenwoordig werken we met een team van achttien mensen.",
    "Al het hout dat we gebruiken heeft een keurmerk en komt uit Europa!",
    "We kiezen leveranciers die we zelf hebben bezocht; dat kost tijd, maar het loont.",
    "Duurzaamheid is voor ons geen mode maar een manier van werken.",
]


def props(max_examples: int) -> settings:
    """Modest, reproducible runs: a fixed seed, no deadline, no example database on disk."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
            HealthCheck.large_base_example,
        ],
    )


# -- strategies ---------------------------------------------------------------------------------

# Unicode without lone surrogates (a str that came from a decoded byte stream cannot hold one).
CHARS = st.characters(exclude_categories=("Cs",))
ANY_TEXT = st.text(CHARS, max_size=120)

TEXT_FRAGMENTS = [
    # phone numbers, and digit strings that are not phone numbers
    "0900-", "0900-1234", "0800-0123", "0800 - 1700", "020 123 4567", "020-1234567",
    "+31 (0)20 123 45 67", "+31 6 12345678", "06-12345678", "14 020", "14020", "088 123 4567",
    "085-", "+44 20 7946 0958", "+1 (800) ", "tel.", "Tel:", "Fax: 020 765 4321", "Bel ons",
    "KvK 12345678", "KvK-nummer:", "BTW NL123456789B01", "NL91ABNA0417164300", "IBAN", "Ordernr.",
    "klantnummer 123456789", "postcode 1234 AB", "1" * 40, "0" * 17, "123456789012345678901234",
    # Belgian numbers, enterprise and VAT numbers, WhatsApp, addresses, complaints and disputes
    "02 511 22 33", "0475/12.34.56", "+32 2 511 22 33", "0032", "070 22 33 44", "078 15 15 15",
    "Ondernemingsnummer", "0403.170.701", "BE0403170701", "BTW BE", "KBO-nr.", "RSIN",
    "WhatsApp ons op", "(alleen WhatsApp)", "niet bellen", "wa.me/31612345678",
    "Meir 12, 2000 Antwerpen", "B-1000 Brussel", "België", "1234 AB Utrecht", "Nederland",
    "klachten", "klachtenregeling", "Heeft u een klacht?", "bij de vervoerder", "rugklachten",
    "Geschillencommissie", "Ombudsman voor de Energie", "Kifid", "ombudsman", "Return to top",
    # e-mail addresses, plain and obfuscated
    "info@", "@example.nl", "klantenservice@bedrijf.nl", "naam [at] bedrijf [dot] nl",
    "naam(at)bedrijf(dot)nl", "{at}", "[dot]", "noreply@bedrijf.nl", "logo@2x.png", "a@b.c",
    "mailto:", "x" * 70 + "@example.nl",
    # opening hours
    "ma t/m vr", "ma-vr", "maandag", "dinsdag t/m zaterdag", "zaterdag", "zo", "za en zo",
    "werkdagen", "weekend", "dagelijks", "gesloten", "niet bereikbaar", "8u30", "8.30 - 17.00 uur",
    "9:00-17:00", "van 9.00 tot 17.00 uur", "tussen 8 en 20 uur", "09:00 - 24:00", "00:00-00:00",
    "12am-12pm", "1-5pm", "13pm", "99:99", "25:00 - 26:00", "17.00 - 9.00", "24/7",
    "24 uur per dag", "dag en nacht", "Openingstijden", "bereikbaar", "klantenservice",
    "Mo-Fr 09:00-17:00", "Sa 10:00-14:00",
    # reaction times and other promises
    "binnen 5 werkdagen", "binnen 24 uur", "twee weken", "48 uur", "3 à 5 werkdagen",
    "dezelfde dag", "direct", "morgen", "1,5 werkdag", "binnen één werkdag", "half uur",
    "1" * 400 + " seconden", "wij reageren", "u krijgt antwoord", "reactie", "garantie",
    "gratis verzending", "voor 22:00 besteld, morgen in huis", "retourneren", "30 dagen bedenktijd",
    "geld terug", "klacht", "Geschillencommissie", "herroepingsrecht", "opzeggen",
    # the rest of a customer-service site
    "cookies", "Accepteren", "Weigeren", "Instellingen", "chat", "Live chat", "WhatsApp",
    "Mijn account", "Inloggen", "Wachtwoord vergeten?", "Bestellen als gast", "€ 12,95",
    "Contact", "Veelgestelde vragen", "Privacyverklaring", "Algemene voorwaarden", "?", "!",
    ". ", ":", "\n", "\t", "\r\n", " ", "\u00a0", "\u202f", "\u2009", "\u200b", "\ufeff",
    "\u2013", "\u2212", "\x00", "\x0b", "\x7f", "\u2028", "٣", "９", "½", "𝟘", "ß", "İ", "ﬁ", "🙂",
]  # fmt: skip
HTML_FRAGMENTS = [
    '<a href="', '">', "</a>", "<a>", "<p>", "</p>", "<div>", "</div>", "<span>", "</span>",
    "<br>", "<br/>", "<hr>", "<footer>", "</footer>", "<header>", "<nav>", "</nav>", "<main>",
    "<aside>", '<div role="contentinfo">', '<div id="site-footer">', '<div class="menu-main">',
    "<form>", '<form action="', "</form>", '<textarea name="vraag">', "</textarea>",
    '<input type="email" required>', '<input type="password">', '<input type="submit" value="',
    '<input type="checkbox" checked name="nieuwsbrief">', '<input type="hidden" value="0800">',
    '<label for="x">', "</label>", '<select><option value="">', "</select>", "<button>",
    "</button>", '<a class="btn" href="#">', '<div role="button">', "<table><tr><td>", "</td>",
    '<script type="application/ld+json">', "<script>", "</script>", "<style>", "</style>",
    "<noscript>", "<template>", "<svg><text>", "</svg>", "<iframe src=\"", "<!--", "-->",
    "<![CDATA[", "]]>", "<?xml ?>", "<!DOCTYPE html>", "<html lang=\"", "<html>", "</html>",
    "<head>", "</head>", "<body>", "</body>", "<title>", "</title>", '<base href="',
    '<meta charset="', '<img alt="', '<img src="telefoon.png" alt="', "<img>", '" hidden>',
    '<div hidden>', '<div style="display:none">', '<div aria-hidden="true">',
    '<span class="sr-only">', '<div data-gr-hidden>', "&#x0;", "&#0;", "&#xD800;", "&#x110000;",
    "&#99999999;", "&amp;", "&nbsp;", "&bogus;", "&", "<", ">", '"', "'", "=", "</", "<a href=",
    "<a href='tel:", "<a href=\"mailto:", '<a href="javascript:', "<math>", "<p><p><p>",
    # microdata and RDFa, folded content, script-built forms
    '<div itemscope itemtype="https://schema.org/Organization">', '<div itemscope>',
    '<span itemprop="telephone">', '<meta itemprop="openingHours" content="', '<link itemprop="',
    '<div itemprop="openingHoursSpecification" itemscope>', '<meta itemprop="opens" content="',
    '<div itemref="', '<div id="', '" itemscope itemprop="address">', '<time itemprop="',
    '<div vocab="https://schema.org/" typeof="LocalBusiness">', '<span property="telephone">',
    '<div property="address" typeof="PostalAddress">', '<div typeof="', '<span about="',
    '<html prefix="', '<div resource="#', '<details>', '<details open>', "<summary>",
    "</details>", '<div contenteditable="true">', '<div role="textbox" aria-multiline="true">',
    '<span role="button">', '<div data-gr-clickable>', '<div data-gr-sr-only>',
    '<div class="js-template" hidden>', '<p class="print-only">', "{{ phone }}", "${x}",
    '<div style="opacity:0">', '<option>Klacht</option>', "<option>", "</option>",
]  # fmt: skip
URL_FRAGMENTS = [
    "http://", "https://", "HTTPS://", "//", "///", "http:", "ftp://", "javascript:", "mailto:",
    "tel:", "data:", "sms:", "about:blank", "[", "]", "[::1]", "[bad", "[bedrijf]", "[v1.x]",
    "[fe80::1%eth0]", ":", ":99999", ":-1", ":0", ":80", ":443", ":8080", ":abc", ":", "@",
    "user:pass@", "www.", "example.nl", "www.example.nl", "bücher.de", "xn--bcher-kva.de",
    "EXAMPLE.NL", "example.nl.", "..", ".", "co.uk", "localhost", "127.0.0.1", "0x7f.1",
    "999.999.999.999", "/", "/contact", "/logout", "/uitloggen", "/file.pdf", "/a.JPG", "?",
    "?q=1&r=2", "#", "#top", "%", "%zz", "%00", "%20", "%2B", "\\", " ", "\t", "\n", "\r", "\x00",
    "\x7f", "\u3000", "\ufeff", "\u202e", "\uff0e", "ａ", "@evil.com", "…",
]  # fmt: skip
NASTY_URLS = [
    "",
    "http://[bad",
    "https://www.[bedrijf].nl/pad",
    "http://[::1",
    "http://]/",
    "http://[::1]:99999/",
    "http://[::1]:8000/pad",
    "https://[2001:db8::1]/",
    "http://[v1.x]/",
    "http://www.example.nl:99999/",
    "http://localhost:99999/",
    "http://example.nl:-1/",
    "http://example.nl:abc/",
    "http://example.nl:/",
    "https://exämple.nl/päd?q=ü#frag",
    "https://xn--exmple-cua.nl/",
    "http://a\x00b.nl/",
    "http://example.nl/\x00",
    "http:///pad",
    "https://user:pass@www.example.nl:443/x",
    "//www.example.nl/x",
    "https://www.example.nl/logout",
    "https://www.example.nl/" + "a" * 5000,
    "https://" + "a." * 2000 + "nl/",
    "https://www.example.nl/\u202e/",
    "http://127.0.0.1:8080/",
    "http://localhost/",
    "https://example.nl./x",
    "https://.nl/",
    "https://..nl/",
    "https://example.nl\\@evil.com/",
]

URL_TEXT = st.lists(st.one_of(st.sampled_from(URL_FRAGMENTS), ANY_TEXT), max_size=8).map("".join)
BUILT_URL = st.builds(
    lambda scheme, user, host, port, path, query, frag: (
        f"{scheme}{user}{host}{port}{path}{query}{frag}"
    ),
    st.sampled_from(["http://", "https://", "HTTP://", "//", "", "ftp://", "javascript:"]),
    st.sampled_from(["", "user@", "user:pass@", "@", "a@b@"]),
    st.one_of(
        st.sampled_from(["www.example.nl", "example.nl", "shop.co.uk", "localhost", "[::1]"]),
        st.sampled_from(["127.0.0.1", "[bad", "[bedrijf]", "bücher.de", "", ".", "a..b", "nl"]),
        st.from_regex(r"\A[a-z0-9.-]{0,20}\Z"),
        ANY_TEXT,
    ),
    st.one_of(
        st.just(""),
        st.integers(-5, 200_000).map(lambda n: f":{n}"),
        st.sampled_from([":", ":abc", ": 80", ":٣"]),
    ),
    st.one_of(st.just("/"), st.from_regex(r"\A(/[^?#]{0,12}){0,3}\Z"), ANY_TEXT),
    st.sampled_from(["", "?", "?q=1", "?a=%zz&b", "?x=[y]"]),
    st.sampled_from(["", "#", "#top", "#a#b"]),
)
LONG_URL = st.builds(
    lambda prefix, fragment, n: prefix + fragment * n,
    st.sampled_from(["https://www.example.nl/", "http://", "https://[", ""]),
    st.sampled_from(["a", "/", "[", ":", "%", "é", "a."]),
    st.integers(100, 3000),
)
URLS = st.one_of(st.sampled_from(NASTY_URLS), BUILT_URL, URL_TEXT, LONG_URL, ANY_TEXT)

SITE_TEXT = st.lists(
    st.one_of(st.sampled_from(TEXT_FRAGMENTS), ANY_TEXT, st.from_regex(r"\A[0-9 .:/-]{1,16}\Z")),
    max_size=14,
).map(" ".join)

JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),  # NaN and infinities too: json.dumps writes them, json.loads reads them back
    ANY_TEXT,
    st.sampled_from(
        [
            "09:00", "17:00", "24:00", "00:00", "23:59", "25:61", "9", "",
            "https://schema.org/Monday", "Sunday", "PublicHolidays", "Mo-Fr 09:00-17:00",
            "Mo,We 9:00-12:00; Sa 10:00-14:00", "Mo-Su", "020 123 4567", "+31201234567",
            "mailto:info@example.nl", "info@example.nl", "LocalBusiness", "Organization",
        ]
    ),
)  # fmt: skip
JSONLD_KEYS = st.sampled_from(
    [
        "@context", "@type", "@graph", "telephone", "email", "openingHours",
        "openingHoursSpecification", "hoursAvailable", "dayOfWeek", "opens", "closes",
        "contactPoint", "url", "name", "address",
    ]
)  # fmt: skip
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(JSONLD_KEYS, ANY_TEXT), inner, max_size=5),
    ),
    max_leaves=20,
)


def _attr(value: str) -> str:
    return html_lib.escape(value, quote=True)


@st.composite
def elements(draw: st.DrawFn, depth: int = 0) -> str:
    """Well-formed-ish markup with links, forms and hidden parts, nested a few levels."""
    kind = draw(
        st.sampled_from(
            ["text", "link", "tel", "mailto", "jsonld", "form", "img", "button", "block", "block"]
        )
    )
    if kind == "text" or depth >= 4:
        return _attr(draw(SITE_TEXT))
    if kind == "link":
        href = draw(URLS)
        raw = draw(st.booleans())  # as written (the parser unescapes) or escaped properly
        return f'<a href="{href if raw else _attr(href)}">{_attr(draw(SITE_TEXT))}</a>'
    if kind == "tel":
        number = draw(st.one_of(st.sampled_from(TEXT_FRAGMENTS), ANY_TEXT))
        return f'<a href="tel:{_attr(number)}">{_attr(draw(SITE_TEXT))}</a>'
    if kind == "mailto":
        address = draw(st.one_of(st.sampled_from(TEXT_FRAGMENTS), URLS))
        return f'<a href="mailto:{_attr(address)}">{_attr(draw(ANY_TEXT))}</a>'
    if kind == "jsonld":
        body = json.dumps(draw(JSON_VALUES), ensure_ascii=draw(st.booleans()))
        if draw(st.booleans()):
            body = body[: draw(st.integers(0, len(body)))]  # cut off: invalid JSON
        return f'<script type="application/ld+json">{body}</script>'
    if kind == "form":
        fields = "".join(
            draw(
                st.lists(
                    st.sampled_from(
                        [
                            '<textarea name="vraag"></textarea>',
                            '<input type="email" name="email" required>',
                            '<input type="password" name="pw">',
                            '<input type="checkbox" name="nieuwsbrief" checked>',
                            '<label for="n">Naam</label><input id="n" aria-labelledby="zz">',
                            '<select name="onderwerp"><option>Klacht</option></select>',
                            '<input type="submit" value="Verstuur">',
                            "<button>Verzenden</button>",
                        ]
                    ),
                    max_size=5,
                )
            )
        )
        return f'<form action="{_attr(draw(URLS))}" method="post">{fields}</form>'
    if kind == "img":
        return f'<img src="{_attr(draw(URLS))}" alt="{_attr(draw(SITE_TEXT))}">'
    if kind == "button":
        return f"<button>{_attr(draw(SITE_TEXT))}</button>"
    tag = draw(
        st.sampled_from(["div", "p", "span", "footer", "header", "nav", "main", "section", "li"])
    )
    attrs = draw(
        st.sampled_from(
            [
                "",
                " hidden",
                ' style="display:none"',
                ' class="sr-only"',
                ' role="contentinfo"',
                ' id="site-header"',
                ' class="cookie-banner chat-widget"',
                ' aria-hidden="true"',
                " data-gr-hidden",
            ]
        )
    )
    children = draw(st.lists(elements(depth + 1), max_size=4))
    return f"<{tag}{attrs}>{''.join(children)}</{tag}>"


# Glued fragments: unbalanced, broken and hostile markup.
FRAGMENT_SOUP = st.lists(
    st.one_of(
        st.sampled_from(HTML_FRAGMENTS),
        st.sampled_from(TEXT_FRAGMENTS),
        st.sampled_from(URL_FRAGMENTS),
        ANY_TEXT,
    ),
    max_size=40,
).map("".join)


@st.composite
def documents(draw: st.DrawFn) -> str:
    """A whole HTML document: a title, a language, and a body of elements and fragment soup."""
    body = "".join(draw(st.lists(st.one_of(elements(), FRAGMENT_SOUP), min_size=1, max_size=5)))
    if draw(st.booleans()):
        return body  # a snippet: no <html>, <head> or <body>
    head = f"<title>{_attr(draw(ANY_TEXT))}</title>"
    if draw(st.booleans()):
        head += f'<base href="{_attr(draw(URLS))}">'
    lang = _attr(draw(st.sampled_from(["nl", "en", "NL-nl", "", " "]) | ANY_TEXT))
    return f'<!DOCTYPE html><html lang="{lang}"><head>{head}</head><body>{body}</body></html>'


DOCUMENTS = st.one_of(documents(), ANY_TEXT, FRAGMENT_SOUP)


# -- URLs ---------------------------------------------------------------------------------------


def _parses(url: str) -> bool:
    try:
        urlsplit(url).port  # noqa: B018 - reading the port validates it
    except ValueError:
        return False
    return True


@props(400)
@given(URLS)
@example("http://[bad")
@example("https://www.[bedrijf].nl/pad")
@example("http://www.example.nl:99999/")
@example("http://[::1]:8000/pad")
@example("https://exämple.nl/")
@example("http://a\x00b.nl/\x7f")
def test_normalize_url_returns_a_key_for_any_string(url: str) -> None:
    """The crawler and compute_depths key every link with normalize_url: it must not raise."""
    assert isinstance(normalize_url(url), str)


@props(400)
@given(URLS)
@example("https://WWW.Example.NL:443/a#b")
@example("http://[::1]:8000/pad")
@example("https://[2001:db8::1]/")
@example("http://example.nl:80")
def test_normalize_url_is_idempotent(url: str) -> None:
    """For the http(s) URLs pages are keyed by, normalising twice changes nothing."""
    if not _parses(url):
        return
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return
    once = normalize_url(url)
    assert normalize_url(once) == once
    assert urlsplit(once).fragment == ""
    # The key stays on the same host and site: the crawler tests scope on the normalised URL.
    assert urlsplit(once).hostname == parts.hostname
    assert site_key(once) == site_key(url.strip())


@props(400)
@given(URLS)
@example("http://[bad")
@example("https://www.[bedrijf].nl/pad")
@example("http://localhost:99999/")
@example("http://[::1]:abc/")
def test_site_key_and_in_scope_never_raise(url: str) -> None:
    key = site_key(url)
    assert isinstance(key, str)
    assert key == key.lower() or not key
    inside = in_scope(url, "example.nl")
    assert isinstance(inside, bool)
    if inside:
        assert urlsplit(url).scheme in ("http", "https")
    if key:
        assert in_scope(url, key) == (urlsplit(url).scheme in ("http", "https"))


@props(400)
@given(st.one_of(URLS, st.from_regex(r"\A[\w.-]{1,20}\.[a-z]{2,4}(:\d{1,6})?(/\S{0,10})?\Z")))
@example("http://[bad")
@example("https://www.[bedrijf].nl/pad")
@example("example.nl")
@example("http://www.example.nl:99999/")
@example("http://[::1]:8000/")
@example("HTTP://.")
@example("http://shop..nl/")
def test_validate_start_url_returns_a_usable_url_or_raises_usage_error(url: str) -> None:
    """A bad start URL is a one-line usage error (exit 2), never a traceback."""
    try:
        start = validate_start_url(url)
    except UsageError:
        return
    assert isinstance(start, str)
    parts = urlsplit(start)
    assert parts.scheme in ("http", "https") and parts.hostname
    assert parts.port is None or 0 < parts.port < 65536
    assert site_key(start)
    assert validate_start_url(start) == start
    normalize_url(start)


@props(200)
@given(st.lists(URLS, max_size=6), ANY_TEXT)
@example(["http://[bad", "https://www.[bedrijf].nl/pad", "http://www.example.nl:99999/"], "")
def test_crawler_enqueue_survives_any_link_sitemap_entry_and_robots_txt(
    links: list[str], robots: str
) -> None:
    """What the crawler does with the links on a page and with the entries of a sitemap (both
    as the crawler filters them first), under any robots.txt: no exception."""
    from protego import Protego

    from goudenregels.crawl.extract import safe_url

    page = extract("".join(f'<a href="{_attr(u)}">x</a>' for u in links), f"{BASE}/")
    with tempfile.TemporaryDirectory() as tmp:
        crawler = Crawler(f"{BASE}/", tmp, CrawlSettings())
        crawler.scope = site_key(f"{BASE}/")
        crawler.snapshot = Snapshot(start_url=f"{BASE}/", scope=crawler.scope)
        crawler.robots = Protego.parse(robots + "\nUser-agent: *\nDisallow: /geheim\n")
        for link in page.links:
            crawler._enqueue(link.href, 1, link.text)
        for url in links:
            if safe_url(url):  # a sitemap's <loc> entries
                crawler._enqueue(url, 4, priority=2)
        for url in crawler.frontier.first(len(crawler.frontier)):
            assert in_scope(url, crawler.scope)
            assert not SKIP_EXTENSIONS.search(urlsplit(url).path)
            assert not UNSAFE_LINK.search(url)


@props(300)
@given(URLS)
@example("http://[::1]:8000/")
@example("https://www.example.nl/\x00")
def test_safe_url_accepts_only_what_the_crawler_can_key(url: str) -> None:
    from goudenregels.crawl.extract import safe_url

    if safe_url(url):
        assert urlsplit(url).scheme in ("http", "https")
        key = normalize_url(url)
        assert normalize_url(key) == key and site_key(key) == site_key(url)


@props(300)
@given(URLS)
@example("http://[bad")
@example("//[bad")
def test_tracker_of_never_raises(url: str) -> None:
    hit = tracker_of(url)
    assert hit is None or (isinstance(hit, tuple) and all(isinstance(x, str) for x in hit))


@given(URLS)
@example("http://[bad")
@example("https://cdn.example/x/tracker.js")
def test_possible_tracker_never_raises(url: str) -> None:
    hit = possible_tracker(url)
    assert hit is None or (isinstance(hit, tuple) and all(isinstance(x, str) for x in hit))


@given(
    st.from_regex(r"[a-z][a-z0-9.]{0,10}", fullmatch=True),
    st.from_regex(r"[a-z][a-z0-9-]{0,12}[a-z0-9]", fullmatch=True),
    st.sampled_from(["nl", "be", "com", "co.uk"]),
    st.text(max_size=20),
)
def test_a_whole_address_is_never_read_as_cut_short(
    local: str, name: str, suffix: str, after: str
) -> None:
    text = f"Mail {local}@{name}.{suffix}{after}"
    assert not any(m.start() == 5 for m in _CUT_ADDRESS.finditer(text))


# -- the extractor ------------------------------------------------------------------------------


def _assert_page(page: Page, url: str) -> None:
    assert isinstance(page, Page)
    assert page.url == url
    for name in ("title", "lang", "text", "hidden_text", "content_type"):
        assert isinstance(getattr(page, name), str), name
    for link in page.links:
        assert isinstance(link.href, str) and isinstance(link.text, str)
        assert urlsplit(link.href).scheme in ("http", "https")
        assert "#" not in link.href
    for phone in page.phones:
        assert phone.e164.startswith("+") and phone.e164[1:].isdigit()
        assert phone.kind in ph.KIND_LABELS or phone.kind == "fax"
        assert isinstance(phone.national, str) and isinstance(phone.raw, str)
    for email in page.emails:
        assert isinstance(email.address, str) and "@" in email.address
    for form in page.forms:
        assert isinstance(form.action, str) and isinstance(form.method, str)
        assert all(isinstance(f.label, str) and len(f.label) <= 200 for f in form.fields)
    assert all(isinstance(b.text, str) and 0 < len(b.text) <= 120 for b in page.buttons)
    assert {w.kind for w in page.widgets} <= {"chat", "whatsapp", "messenger", "social"}
    json.dumps(page.to_dict(), ensure_ascii=False)  # what the snapshot writer stores


@props(300)
@given(DOCUMENTS, st.sampled_from([200, 204, 404, 500, None]), ANY_TEXT)
@example('<a href="http://[bad">x</a>', 200, "text/html")
@example('<a href="https://www.[bedrijf].nl/pad">x</a>', 200, "text/html")
@example('<base href="http://[bad"><a href="/x">x</a>', 200, "text/html")
@example('<form action="http://[bad"><textarea></textarea></form>', 200, "text/html")
@example('<img src="http://[bad" alt="Bel 020 123 4567">', 200, "text/html")
@example('<a href="http://www.example.nl:99999/">x</a>', 200, "text/html")
@example("<p>&#x0; &#xD800; &#x110000; \x00</p>", 200, "text/html")
def test_extract_never_raises(doc: str, status: int | None, content_type: str) -> None:
    page = extract(doc, PAGE_URL, status=status, content_type=content_type)
    _assert_page(page, PAGE_URL)


@pytest.mark.parametrize("tag", ["div", "span"])
def test_extract_survives_deeply_nested_markup(tag: str) -> None:
    levels = 5000
    doc = f"<p>boven</p>{f'<{tag}>' * levels}diep: bel 020 123 4567{f'</{tag}>' * levels}<p>onder"
    page = extract(doc, PAGE_URL)
    _assert_page(page, PAGE_URL)
    assert "boven" in page.text and "diep" in page.text and "onder" in page.text


@pytest.mark.parametrize("levels", [600, 100_000])
def test_extract_survives_deeply_nested_json_ld(levels: int) -> None:
    doc = f'<script type="application/ld+json">{"[" * levels}{"]" * levels}</script><p>x'
    page = extract(doc, PAGE_URL)
    _assert_page(page, PAGE_URL)


def test_extract_survives_lone_surrogates() -> None:
    """A script can put a lone surrogate in the DOM; the browser hands it over as it is."""
    page = extract("<p>Bel \ud800 020 123 4567</p><a href='/x\udfff'>y</a>", PAGE_URL)
    _assert_page(page, PAGE_URL)


def test_extract_survives_a_large_page() -> None:
    block = "".join(
        f"<p>{t}</p>" for t in TEXT_FRAGMENTS if "\x00" not in t and len(t) < 100
    ) + "".join(f'<a href="{_attr(u)}">{i}</a>' for i, u in enumerate(NASTY_URLS))
    page = extract(f"<html><body>{block * 40}</body></html>", PAGE_URL)
    _assert_page(page, PAGE_URL)


@props(200)
@given(DOCUMENTS)
@example('<div itemscope itemref="a"><p id="a" itemscope itemref="a" itemprop="x">1</p></div>')
@example('<div vocab="https://schema.org/" typeof="Thing"><span property="sameAs" resource="#me">')
@example('<div itemscope><meta itemprop="openingHours" content="\x00\ud800">')
def test_structured_items_never_raise_and_stay_bounded(doc: str) -> None:
    items = structured_items(doc, PAGE_URL)
    assert isinstance(items, list) and len(items) <= structured.MAX_ITEMS
    for item in items:
        assert isinstance(item, dict)
        assert len(json.dumps(item, ensure_ascii=False)) <= structured.MAX_ITEM_CHARS


@pytest.mark.parametrize("levels", [20, 300, 5000])
def test_structured_items_survive_deeply_nested_items(levels: int) -> None:
    """Nesting slows the microdata reader quadratically: deep pages are bounded, not hung."""
    doc = (
        '<div itemscope itemtype="https://schema.org/Thing">'
        + '<div itemprop="about" itemscope>' * levels
        + '<span itemprop="telephone">020 123 4567</span>'
        + "</div>" * (levels + 1)
    )
    started = time_module.monotonic()
    items = structured_items(doc, PAGE_URL)
    assert isinstance(items, list) and time_module.monotonic() - started < 5
    assert bool(items) == (levels < structured.MAX_MICRODATA_NESTING)
    _assert_page(extract(doc, PAGE_URL), PAGE_URL)


def test_structured_items_skip_a_page_past_the_size_bound() -> None:
    item = '<div itemscope itemtype="https://schema.org/Organization">'
    item += '<span itemprop="telephone">020 123 4567</span></div>'
    assert structured_items(item, PAGE_URL)
    padding = "<p>" + "x" * structured.MAX_HTML_CHARS + "</p>"
    assert structured_items(item + padding, PAGE_URL) == []


@props(100)
@given(DOCUMENTS)
@example("<p>Bel 020 123 4567 \u2028 of \u2029 of \x85</p>")
def test_extracted_page_survives_the_snapshot_round_trip(doc: str) -> None:
    """The crawler's path: extract, write to pages.jsonl, load again, compute click depths."""
    page = extract(doc, f"{BASE}/")
    with tempfile.TemporaryDirectory() as tmp:
        writer = SnapshotWriter(tmp, Snapshot(start_url=f"{BASE}/", scope="example.nl"))
        writer.add_page(page, doc)
        writer.close()
        loaded = Snapshot.load(tmp)
    assert [p.to_dict() for p in loaded.pages] == [page.to_dict()]
    assert loaded.pages[0].depth == 0


@props(300)
@given(URLS, URLS)
@example(BASE + "/", "http://[bad")
@example("http://[bad", "/contact")
@example(BASE + "/", "https://www.[bedrijf].nl/pad")
@example(BASE + "/", "//[::1]:99999/")
def test_resolve_link(base: str, href: str) -> None:
    """A link target is an absolute http(s) URL, '' (not a page) or None (unusable)."""
    from goudenregels.crawl.extract import resolve_link

    target = resolve_link(base, href)
    assert target is None or isinstance(target, str)
    if target:
        assert urlsplit(target).scheme in ("http", "https") and "#" not in target
        assert normalize_url(normalize_url(target)) == normalize_url(target)


CHARSETS = [
    "utf-8", "UTF8", '"utf-8"', "utf-16", "utf-32-be", "utf-7", "latin-1", "windows-1252",
    "iso-8859-15", "shift_jis", "euc-kr", "gb18030", "koi8-r", "x-user-defined", "idna",
    "punycode", "undefined", "unicode_escape", "raw_unicode_escape", "base64", "rot13", "hex",
    "zlib", "uu", "bz2", "mbcs", "ascii", "", "bogus", "utf-8;q=1",
]  # fmt: skip


@props(300)
@given(
    st.one_of(
        st.binary(max_size=300),
        DOCUMENTS.map(lambda d: d.encode("utf-8")),
        st.builds(
            lambda cs, d: f'<meta charset="{cs}"><p>{d}'.encode("utf-8", "replace"),
            st.sampled_from(CHARSETS),
            SITE_TEXT,
        ),
    ),
    st.one_of(
        st.sampled_from(CHARSETS).map(lambda cs: f"text/html; charset={cs}"),
        ANY_TEXT,
    ),
)
@example(b"<p>caf\xe9</p>", "text/html; charset=idna")
@example(b"<p>caf\xe9</p>", "text/html; charset=undefined")
@example(b"<p>caf\xe9</p>", "text/html; charset=punycode")
@example(b"<p>a\\&b caf\xe9</p>", "text/html; charset=unicode_escape")
@example(b'<meta charset="idna"><p>caf\xe9</p>', "text/html")
def test_decode_html(body: bytes, content_type: str) -> None:
    """Whatever bytes and Content-Type header a server sends, they decode to text."""
    from goudenregels.crawl.extract import decode_html

    text = decode_html(body, content_type)
    assert isinstance(text, str)
    text.encode("utf-8")  # no lone surrogates: the snapshot stores it as UTF-8


@props(300)
@given(SITE_TEXT)
@example("naam [at] bedrijf [dot] nl")
@example("a" * 64 + "@" + "b." * 200 + "nl")
def test_find_emails(text: str) -> None:
    for raw, address in find_emails(text):
        assert isinstance(raw, str) and raw
        assert address == address.lower() and address.count("@") == 1
        assert not re.search(r"\s", address)


@props(200)
@given(ANY_TEXT, st.lists(ANY_TEXT, max_size=6))
def test_detect_cookie_banner(text: str, buttons: list[str]) -> None:
    banner = detect_cookie_banner(text, buttons)
    if not text and not buttons:
        assert banner is None
        return
    assert isinstance(banner, CookieBanner)
    assert len(banner.text) <= 600 and all(len(b) <= 80 for b in banner.buttons)


@props(200)
@given(JSON_VALUES)
def test_jsonld_items_returns_every_object(data: Any) -> None:
    items = jsonld_items(data)
    assert all(isinstance(item, dict) for item in items)
    if isinstance(data, dict):
        assert data in items


# -- phone numbers ------------------------------------------------------------------------------


@props(300)
@given(SITE_TEXT)
@example("Bel 0900-1234 of 0800-0123, KvK 12345678, fax 020 765 4321")
@example("ma t/m vr 08.00 - 17.00 uur")
@example("1" * 2000)
def test_find_in_text(text: str) -> None:
    for raw, number, purpose in ph.find_in_text(text):
        assert isinstance(raw, str) and raw
        assert isinstance(number, phonenumbers.PhoneNumber)
        assert purpose in ("phone", "fax", "whatsapp")
        assert ph.classify(number) in ph.KIND_LABELS
        assert ph.classify(number, "BE") in ph.KIND_LABELS
        assert isinstance(ph.national_format(number), str)
        assert ph.e164(number).startswith("+")


@props(300)
@given(st.one_of(st.sampled_from(TEXT_FRAGMENTS), SITE_TEXT, URLS).map(lambda s: f"tel:{s}"))
@example("tel:+31%2020%20123%204567")
@example("tel:")
@example("tel:;ext=1")
@example("tel:" + "9" * 300)
def test_parse_tel_href(href: str) -> None:
    assert ph.whatsapp_link_number(href) is None or ph.e164(ph.whatsapp_link_number(href))
    number = ph.parse_tel_href(href)
    if number is None:
        return
    assert isinstance(number, phonenumbers.PhoneNumber)
    assert ph.classify(number) in ph.KIND_LABELS
    assert isinstance(ph.national_format(number), str)
    assert ph.e164(number).startswith("+")


# -- opening hours ------------------------------------------------------------------------------


def _assert_spans(spans: list[tuple[int, int]], merged: bool) -> None:
    for a, b in spans:
        assert isinstance(a, int) and isinstance(b, int)
        assert 0 <= a < b <= 24 * 60, (a, b)
    if merged:
        assert all(spans[i][1] < spans[i + 1][0] for i in range(len(spans) - 1)), spans


def _assert_hours(hours: Hours, merged_days: bool = True) -> None:
    assert isinstance(hours, Hours)
    assert set(hours.days) <= set(vocab.DAYS) and hours.closed <= set(vocab.DAYS)
    for spans in hours.days.values():
        _assert_spans(spans, merged_days)
    _assert_spans(hours.unspecified, False)
    assert isinstance(hours.text, str)
    assert isinstance(hours.empty(), bool)
    assert 0 <= hours.latest_close() <= 24 * 60
    assert set(hours.weekend_open()) <= {"sat", "sun"}
    table = hours.as_table()
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in table.items())


@props(400)
@given(SITE_TEXT)
@example("Openingstijden: ma t/m vr 8u30 - 17.00 uur, za 10-14 uur, zo gesloten")
@example("Klantenservice 24/7 bereikbaar")
@example("maandag t/m zondag 12am-12pm, vrijdag 9:00-25:00")
@example("zo - ma 9.00 - 17.00 uur; werkdagen van 9 tot 5pm")
def test_hours_parse_text(text: str) -> None:
    hours = parse_text(text)
    _assert_hours(hours)
    assert not (hours.closed & set(hours.days))


@props(300)
@given(st.lists(JSON_VALUES, max_size=4))
@example(
    [
        {
            "openingHoursSpecification": [
                {"dayOfWeek": ["Monday", "https://schema.org/Sunday"], "opens": "09:00"},
                {"dayOfWeek": "Sa", "opens": "00:00", "closes": "00:00"},
                {"dayOfWeek": {"x": 1}, "opens": 9, "closes": ["17:00"]},
                {"dayOfWeek": "Tu", "opens": "25:00", "closes": "99:99"},
            ],
            "openingHours": ["Mo-Fr 09:00-17:00", "Su-Mo 10:00-12:00", 5, "Xx-Yy 1:00-2:00"],
        }
    ]
)
def test_hours_parse_jsonld(data: list[Any]) -> None:
    items = [item for d in data for item in jsonld_items(d)]
    _assert_hours(parse_jsonld(items))


# -- durations and promises ---------------------------------------------------------------------


@props(400)
@given(SITE_TEXT)
@example("Wij reageren binnen 3 à 5 werkdagen, per chat direct en per e-mail dezelfde dag.")
@example("binnen " + "9" * 400 + " seconden")
@example("binnen 1,5 uur of anderhalve week")
def test_find_durations(text: str) -> None:
    found = find_durations(text)
    for duration in found:
        assert isinstance(duration, Duration)
        assert duration.unit in HOURS_PER_UNIT
        assert isinstance(duration.value, float)
        assert math.isfinite(duration.value) and duration.value >= 0
        assert duration.text and duration.text in text
        hours, days = duration.hours(), duration.workdays()
        assert hours >= 0 and days >= 0  # never NaN (NaN compares false)
        assert isinstance(duration.describe(), str)
        for norm in NORMS.values():
            assert norm.judge(duration) in ("pass", "fail", "review")
    first = first_duration(text)
    assert first == (found[0] if found else None)


@props(300)
@given(SITE_TEXT)
@example("Laagste prijs garantie: elders goedkoper?")
@example("Wij reageren binnen 2 werkdagen op uw klacht.")
def test_promise_kind(sentence: str) -> None:
    kind = _promise_kind(sentence)
    if kind is not None:
        name, words = kind
        assert name in ("guarantee", "offer", "delivery", "refund", "response")
        assert isinstance(words, str)


# -- working hours (--hours) --------------------------------------------------------------------

DAY_SPEC = st.sampled_from(
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun", "monday", "Mon", "ma", "xyz", "", "-"]
)
TIME_SPEC = st.sampled_from(
    [
        "09:00", "17:00", "8:30", "24:00", "00:00", "23:59:59.999999", "09", "0900", "25:00",
        "09:00+01:00", "17:00Z", "T09:00", "9u", "",
    ]
)  # fmt: skip
HOURS_SPEC = st.one_of(
    st.lists(
        st.builds(
            lambda a, sep, b, t1, dash, t2: f"{a}{sep}{b} {t1}{dash}{t2}",
            DAY_SPEC,
            st.sampled_from(["-", "", "--"]),
            DAY_SPEC,
            TIME_SPEC,
            st.sampled_from(["-", "–", "", "--"]),
            TIME_SPEC,
        ),
        max_size=3,
    ).map(", ".join),
    st.lists(st.sampled_from([" ", ",", "-", ":", "mon", "fri", "09:00", "17:00"]), max_size=8).map(
        "".join
    ),
    ANY_TEXT,
)


@props(300)
@given(
    HOURS_SPEC,
    st.datetimes(datetime(2020, 1, 1), datetime(2030, 12, 31), timezones=st.just(UTC)),
    st.integers(0, 14 * 24 * 3600),
    st.sampled_from(sorted(NORMS)),
)
@example("mon-fri 09:00-17:00", datetime(2024, 12, 24, 16, tzinfo=UTC), 3600, "e-mail")
@example("", datetime(2024, 1, 1, tzinfo=UTC), 60, "e-mail")
@example("sun-mon 09:00-17:00", datetime(2024, 1, 1, tzinfo=UTC), 60, "e-mail")
@example("mon-fri 09:00-17:00+01:00", datetime(2024, 1, 1, tzinfo=UTC), 60, "e-mail")
def test_working_hours_spec(spec: str, started: datetime, seconds: int, channel: str) -> None:
    """--hours gives working hours or a usage error; the hours it gives can judge a reaction."""
    try:
        hours = WorkingHours.parse(spec)
    except UsageError:
        return
    assert isinstance(hours, WorkingHours)
    # Without a working day, next_working_day would search forever.
    assert hours.days, f"{spec!r} parsed to no working day at all"
    for start, end in hours.days.values():
        assert isinstance(start, time) and isinstance(end, time)
    answered = started + timedelta(seconds=seconds)
    result = judge(channel, started, answered, hours)
    assert result["verdict"] in ("pass", "fail")
    assert result["working_seconds"] >= 0
    pending = judge(channel, started, None, hours, now=answered)
    assert pending["verdict"] in ("pass", "fail", "pending")


# -- the checks and the reporters as a whole ----------------------------------------------------

PATHS = [
    "/contact", "/klantenservice", "/klachten", "/retourneren", "/privacy", "/voorwaarden",
    "/mijn-account", "/winkelwagen", "/over-ons", "/faq",
]  # fmt: skip
PAGE_FIELDS = st.fixed_dictionaries(
    {},
    optional={
        "status": st.sampled_from([200, 301, 404, 500, None]),
        "cookie_banner": st.fixed_dictionaries(
            {
                "text": SITE_TEXT,
                "buttons": st.lists(
                    st.one_of(st.sampled_from(TEXT_FRAGMENTS), ANY_TEXT), max_size=4
                ),
                "dismissed_with": ANY_TEXT,
                "wall": st.booleans(),
            }
        ),
        "overlays": st.lists(
            st.fixed_dictionaries({"text": SITE_TEXT, "buttons": st.lists(ANY_TEXT, max_size=3)}),
            max_size=2,
        ),
        "prompts": st.lists(
            st.sampled_from(["notifications", "geolocation"]) | ANY_TEXT, max_size=2
        ),
        "requests_before_consent": st.lists(URLS, max_size=4),
        "script_errors": st.lists(ANY_TEXT, max_size=2),
        "artifacts": st.fixed_dictionaries(
            {
                "axe": st.fixed_dictionaries(
                    {
                        "violations": st.lists(
                            st.fixed_dictionaries(
                                {
                                    "id": ANY_TEXT,
                                    "impact": st.sampled_from(["serious", "critical", "minor", ""]),
                                    "help": ANY_TEXT,
                                    "nodes": st.integers(0, 5),
                                    "targets": st.lists(ANY_TEXT, max_size=3),
                                }
                            ),
                            max_size=3,
                        )
                    }
                )
            }
        ),
    },
)
JOURNEYS = st.fixed_dictionaries(
    {},
    optional={
        "reveal_phone": st.fixed_dictionaries(
            {
                "status": st.just("done"),
                "revealed": st.lists(
                    st.fixed_dictionaries(
                        {
                            "url": st.sampled_from([f"{BASE}/", f"{BASE}/contact"]) | URLS,
                            "button": ANY_TEXT,
                            "raw": SITE_TEXT,
                            "e164": ANY_TEXT,
                            "kind": st.sampled_from(sorted(ph.KIND_LABELS)),
                        }
                    ),
                    max_size=2,
                ),
            }
        ),
        "password_reset": st.fixed_dictionaries(
            {
                "status": st.sampled_from(["done", "no_reset", "no_login"]),
                "login_url": URLS,
                "reset_url": URLS,
                "reset_link_text": ANY_TEXT,
                "reset_form": st.booleans(),
                "reset_status": st.sampled_from([200, 404, None]),
            }
        ),
        "guest_checkout": st.fixed_dictionaries(
            {
                "status": st.sampled_from(["done", "no_cart_button", "no_checkout", "blocked"]),
                "checkout_url": URLS,
                "steps": st.lists(
                    st.fixed_dictionaries({"name": ANY_TEXT, "url": URLS}), max_size=3
                ),
                "guest_option": st.booleans(),
                "account_forced": st.booleans(),
                "evidence": SITE_TEXT,
            }
        ),
    },
)


@st.composite
def sites(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """A home page and up to three linked pages of arbitrary markup, plus what the browser saw."""
    paths = draw(st.lists(st.sampled_from(PATHS), unique=True, max_size=3))
    menu = "".join(f'<a href="{p}">{p.strip("/")}</a>' for p in paths)
    pages: dict[str, Any] = {}
    for path in ["/", *paths]:
        doc = draw(DOCUMENTS)
        html = f"<nav>{menu}</nav>{doc}" if path == "/" else doc
        fields = draw(PAGE_FIELDS)
        pages[path] = {"html": html, "fields": fields} if fields else html
    snapshot = {
        "journeys": draw(JOURNEYS),
        "link_checks": draw(
            st.dictionaries(
                URLS,
                st.fixed_dictionaries(
                    {"status": st.sampled_from([200, 404, 500, None]), "error": ANY_TEXT}
                ),
                max_size=3,
            )
        ),
        "skipped": draw(
            st.lists(
                st.fixed_dictionaries({"url": URLS, "reason": st.sampled_from(["robots", "x"])}),
                max_size=2,
            )
        ),
    }
    return pages, snapshot


@pytest.fixture(scope="module")
def base_audit() -> Any:
    snapshot = snapshot_from_pages(
        {
            "/": '<a href="/contact">Contact</a><footer>Bel 0900-1234 (€ 0,80 p/m)</footer>',
            "/contact": "<p>Mail info@example.nl. Wij reageren binnen 5 werkdagen.</p>"
            "<form><textarea name='vraag'></textarea><input type='password'></form>",
        }
    )
    return build_audit(snapshot, CHECKS, PROFILES)


@props(30)
@given(st.lists(st.tuples(URLS, ANY_TEXT), min_size=1, max_size=5), SITE_TEXT)
@example([("http://[bad", "<script>&#x0;\x00")], "bad")
@example([("https://www.[bedrijf].nl/pad", "x"), ("http://x.nl:99999/", "")], "")
def test_reporters_render_any_evidence(
    base_audit: Any, evidence: list[tuple[str, str]], message: str
) -> None:
    """Evidence quotes the site (its URLs and text): every reporter renders whatever it holds."""
    import copy

    audit = copy.deepcopy(base_audit)
    shown = [f for f in audit.findings if f.evidence]
    assert shown
    for n, finding in enumerate(shown):
        finding.message = message or finding.message
        for ev in finding.evidence:
            ev.url, ev.text = evidence[n % len(evidence)]
            ev.click_path = [ev.url]
    _render_everything(audit)


TEXT_CHECKS = ["GR104", "GR105", "GR108", "GR202", "GR204", "GR401", "GR503", "GR604"]


@props(150)
@given(
    st.lists(SITE_TEXT, min_size=1, max_size=6),
    st.sampled_from(["/contact", "/klachten", "/retourneren", "/klantenservice"]),
)
@example(
    ["Wij reageren binnen 3 à 5 werkdagen.", "Per chat direct, per e-mail morgen."], "/contact"
)
@example(["Klachten: binnen " + "9" * 400 + " seconden"], "/klachten")
@example(["Retourneren kan binnen 30 dagen; je krijgt binnen 14 dagen je geld terug."], "/")
def test_text_reading_checks(paragraphs: list[str], path: str) -> None:
    """The checks that read promises, periods and hours from text, on text made to trip them."""
    from goudenregels.audit import run_check
    from goudenregels.checks.site import Site

    body = "".join(f"<p>{_attr(p)}</p>" for p in paragraphs)
    snapshot = snapshot_from_pages({"/": f'<a href="{path}">x</a>{body}', path: body})
    site = Site(snapshot, "webshop")
    by_code = {c.code: c for c in CHECKS}
    for code in TEXT_CHECKS:
        finding = run_check(by_code[code], site, "nl")
        assert finding.status != ERROR, (code, finding.message, finding.data.get("where"))


FACTS = {
    "phones": ["0800 123 4567", {"number": "020 765 4321", "contact_page": False}],
    "emails": ["service@example.nl"],
    "channels": ["telefoon", "chat", "whatsapp"],
    "hours": {"telefoon": "ma-vr 09:00-17:00", "chat": "24/7"},
    "promises": {"e-mail": "binnen 1 werkdag", "whatsapp": "binnen 2 uur"},
    "complaint_term": "14 dagen",
    "dispute_body": "Kifid",
    "kvk": "12345678",
}


@props(150)
@given(
    st.lists(SITE_TEXT, min_size=1, max_size=6),
    st.sampled_from(["/contact", "/klachten", "/klantenservice", "/over-ons"]),
)
@example(["Telefoon: ma-vr 9-17", "Chat: ma-za 8:00-20:00, zo gesloten"], "/contact")
@example(["KvK 12345678 KvK 87654321 BE 0123.456.749"], "/")
@example(["Bel 0800 123 4567 of 030 765 4321, mail info@x.nl"], "/contact")
def test_declared_facts_checks(paragraphs: list[str], path: str) -> None:
    """The GR7xx checks hold any text against declared facts without an internal error."""
    from goudenregels.audit import run_check
    from goudenregels.checks.facts import hour_blocks
    from goudenregels.checks.site import Site
    from goudenregels.facts import parse_facts

    body = "".join(f"<p>{_attr(p)}</p>" for p in paragraphs)
    snapshot = snapshot_from_pages({"/": f'<a href="{path}">x</a>{body}', path: body})
    site = Site(snapshot, "webshop", facts=parse_facts(FACTS, "facts"))
    for check in CHECKS:
        if check.code.startswith("GR7"):
            finding = run_check(check, site, "nl")
            assert finding.status not in (ERROR, "not_applicable"), (check.code, finding.message)
    for page in site.pages:
        for _named, text in hour_blocks(page.text):
            # A listing is made of the page's own lines (or sentences of them).
            assert all(part in page.text for part in text.split("\n"))


def test_checks_read_a_page_that_is_one_long_line_in_linear_time() -> None:
    """Size: a page of one 120,000-character line (no sentence ends, many matches) is read in
    seconds. Checks that re-read the whole line for every match took minutes on such a page. CPU
    time, not the clock: a busy machine must not make it fail."""
    import time as clock

    unit = (
        "24/7 klantenservice bereikbaar, Sa 10:00-14:00 ma t/m vr 9-17 uur 30 dagen bedenktijd "
        "retourneren binnen 5 werkdagen terugbetaald 0800 - 1700 "
    )
    line = f"<p>{unit * (120_000 // len(unit))}</p>"
    snapshot = snapshot_from_pages({"/": line, "/retourneren": line})
    started = clock.process_time()
    audit = build_audit(snapshot, CHECKS, PROFILES, profile="webshop")
    elapsed = clock.process_time() - started
    assert not [f.code for f in audit.findings if f.status == ERROR]
    assert elapsed < 30, f"the checks took {elapsed:.0f} s over two 120 kB pages"


def _render_everything(audit: Any) -> None:
    from rich.console import Console

    from goudenregels.reports.text_report import renderables

    for name in ("json", "html", "text", "junit", "sarif", "markdown"):
        out = REPORTERS[name].render(audit, {"lang": audit.lang})
        assert isinstance(out, str) and out, name
    json.loads(REPORTERS["json"].render(audit, {"lang": audit.lang}))
    json.loads(REPORTERS["sarif"].render(audit, {"lang": audit.lang}))
    console = Console(file=io.StringIO(), width=120, highlight=False, emoji=False)
    for item in renderables(audit, verbose=True):
        console.print(item)


@props(60)
@given(
    sites(),
    st.sampled_from([None, "webshop", "dienstverlener", "gemeente"]),
    st.sampled_from(["nl", "en"]),
)
@example(({"/": '<a href="http://[bad">x</a><p>Bel 020 123 4567</p>'}, {}), None, "en")
@example(({"/": '<a href="https://www.[bedrijf].nl/pad">x</a>'}, {}), None, "en")
@example(({"/": '<a href="http://www.example.nl:99999/">x</a>'}, {}), None, "en")
@example(
    (
        {"/": {"html": "<p>x</p>", "fields": {"requests_before_consent": ["http://[bad"]}}},
        {"link_checks": {"http://[bad": {"status": 404, "error": ""}}},
    ),
    None,
    "nl",
)
def test_checks_and_reporters_survive_any_site(
    site: tuple[dict[str, Any], dict[str, Any]], profile: str | None, lang: str
) -> None:
    """Every check runs without an internal error and every reporter renders the audit."""
    pages, snapshot_fields = site
    snapshot = snapshot_from_pages(pages, snapshot_fields)
    audit = build_audit(snapshot, CHECKS, PROFILES, profile=profile, lang=lang)
    errors = [(f.code, f.message, f.data.get("where")) for f in audit.findings if f.status == ERROR]
    assert not errors, errors
    assert {f.status for f in audit.findings} <= set(STATUSES)
    assert len(audit.findings) == len(CHECKS)
    _render_everything(audit)


# -- which channel a promise is about ----------------------------------------------------------

CHANNEL_TABLE = list(chan_table.CHANNELS)


@props(300)
@given(
    st.lists(SITE_TEXT, min_size=1, max_size=8),
    st.lists(
        st.tuples(st.integers(0, 9), st.integers(0, 3), st.sampled_from(CHANNEL_TABLE)),
        max_size=5,
    ),
    st.integers(0, 9),
)
@example(
    [
        "Bel ons",
        "020 123 4567",
        "Stuur een bericht",
        "Naam",
        "Verstuur",
        "Wij reageren binnen 1 werkdag.",
    ],
    [(0, 1, chan_table.PHONE), (3, 1, chan_table.FORM)],
    5,
)
@example(["WhatsApp-chat: binnen 1 uur, Facebook Messenger binnen 2 uur"], [], 0)
def test_attribute_promise(lines: list[str], anchors: list, index: int) -> None:
    """Any lines and elements: the channel is one of the table's, found how it says."""
    from goudenregels.words import attribution

    index = min(index, len(lines) - 1)
    page = attribution.PageLines(
        lines,
        [attribution.Anchor(a, a + span, c) for a, span, c in anchors],
        {lines[0]},
    )
    sentence = lines[index]
    for d in find_durations(sentence)[:3]:
        start = sentence.find(d.text)
        span = (start, start + len(d.text))
        found = attribution.attribute(page, index, sentence, "", span, d)
        assert found.how in ("sentence", "paragraph", "heading", "element", "")
        assert (found.channel is None) == (found.how == "")
        if found.how == "sentence":
            assert any(c is found.channel for _s, _e, c in attribution.channel_words(sentence))
        if found.channel is chan_table.PHONE and found.how != "sentence":
            assert d.hours() < attribution.PHONE_WITHIN_HOURS
    for start, end, channel in attribution.channel_words(sentence):
        assert 0 <= start < end <= len(sentence) and channel in CHANNEL_TABLE
    where = attribution.locate(lines, lines[-1:])
    assert where is None or 0 <= where[0] <= where[1] < len(lines)


# -- the site's country, registration numbers, dispute bodies, complaint context ----------------


@props(300)
@given(SITE_TEXT, st.sampled_from(["BE", "NL", "DE", "", "XX"]))
@example("Meir 12, 2000 Antwerpen · BTW BE 0403.170.701 · 02 511 22 33", "BE")
@example("0" * 3000, "BE")
def test_country_and_numbers_never_raise(text: str, region: str) -> None:
    from goudenregels.words import companyids
    from goudenregels.words import country as countries

    signals = countries.detect(
        url=f"https://x.{region.lower() or 'com'}/", langs=[region], text=text
    )
    assert signals.country in countries.SUPPORTED
    ids = companyids.find(text)
    assert all(0 <= i.start < i.end <= len(text) and i.country in ("BE", "NL") for i in ids)
    assert len(companyids.blank(text)) == len(text)
    for raw, number, purpose in ph.find_in_text(text, region):
        assert purpose in ("phone", "fax", "whatsapp")
        assert raw and ph.e164(number).startswith("+")
        # A registration number never comes back as a phone number.
        assert not any(i.start <= text.find(raw) < i.end for i in ids if raw in text)


@props(300)
@given(SITE_TEXT)
@example("De Geschillencommissie Thuiswinkel en de Ombudsman voor de Energie")
def test_disputes_and_complaint_context_never_raise(text: str) -> None:
    from goudenregels.checks.complaints import sentence_verdict, text_verdict
    from goudenregels.words import disputes

    for mention in disputes.find(text, include_defunct=True):
        assert text[mention.start : mention.end].strip() == mention.text
    assert sentence_verdict(text) in (True, False, None)
    assert text_verdict(text) in (True, False, None)


@props(200)
@given(
    st.one_of(
        URLS,
        st.sampled_from(
            [
                "wa.me/",
                "https://wa.me/3161234567",
                "https://api.whatsapp.com/send?phone=32475123456",
            ]
        ),
    )
)
def test_whatsapp_links_and_dispute_hosts_never_raise(url: str) -> None:
    from goudenregels.words import disputes

    number = ph.whatsapp_link_number(url)
    assert number is None or ph.e164(number).startswith("+")
    body = disputes.by_host(url)
    assert body is None or body.name


# -- quotes: the sentence around the matched words -----------------------------------------------

QUOTE_TEXT = st.lists(
    st.sampled_from([*"abcdefghij klmnop ABC.!?,;:·|\n 0123é", " · ", ". ", "\n\n", "word "]),
    max_size=400,
).map("".join)


@props(400)
@given(QUOTE_TEXT, st.data(), st.integers(min_value=1, max_value=300))
@example("Zonnig begon in een schuur. " * 9 + "We hebben een showroom in Ede.", None, 200)
def test_a_quote_always_holds_the_matched_words(text: str, data: Any, width: int) -> None:
    """Whatever the text and wherever the match, the quote holds the matched words, is the
    site's own text (cut only where "…" says so) and stays within its width."""
    if data is None:  # the explicit example: the word far into a long paragraph
        start = text.index("showroom")
        end = start + len("showroom")
    else:
        start = data.draw(st.integers(min_value=0, max_value=len(text)))
        end = data.draw(st.integers(min_value=start, max_value=min(len(text), start + 60)))
    quote = line_around(text, start, width, end=end)
    assert text[start:end].strip() in quote
    body = quote.removeprefix("…").removesuffix("…")
    assert body in text
    assert len(body) <= max(width, end - start) + 1
    if quote.startswith("…") or quote.endswith("…"):
        assert len(body) > 0


@props(150)
@given(
    st.lists(st.sampled_from(FILLER_SENTENCES), min_size=0, max_size=14),
    st.lists(st.sampled_from(FILLER_SENTENCES), min_size=0, max_size=14),
    st.sampled_from(["showroom", "bezoekadres", "kom gerust langs", "servicepunt", "loket"]),
)
def test_an_in_person_channel_is_quoted_by_the_sentence_that_offers_it(
    before: list[str], after: list[str], trigger: str
) -> None:
    """GR106's evidence for a visit channel quotes the sentence with the word that made it one,
    however long the paragraph around it (a cut at the paragraph's start lost the word)."""
    sentence = f"Onze {trigger} in Ede is open voor iedereen."
    paragraph = " ".join([*before, sentence, *after])
    page = f"<p>Bel 030 123 45 67 of mail info@example.nl.</p><p>{paragraph}</p>"
    site = Site(snapshot_from_pages({"/": page}), "algemeen")
    with language("nl"):
        finding = run_check(CHECK_BY_CODE["GR106"], site, "nl")
    visit = [e for e in finding.evidence if e.label == "persoonlijk contact"]
    assert visit and visit[0].kind == "quote"
    assert trigger in visit[0].text.lower(), visit[0].text
    assert visit[0].text.strip("…") in paragraph
