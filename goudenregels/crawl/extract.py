"""Turn one rendered HTML page into plain data (text, links, forms, phones, e-mails, widgets).

The crawler marks elements the browser does not show with ``data-gr-hidden`` before taking the
HTML; this module also honours the static signs of hidden content (``hidden``, ``display:none``),
so the same function serves the browser crawl and the unit tests on HTML snippets.

Text hidden on load is published (one click away: an accordion, a tab, a modal, a slide-in
panel); it goes into the page's text and is also kept apart in ``hidden_text``. Text not meant
for visitors (templates, print-only copies) is left out. See docs/how-it-reads.md.
"""

from __future__ import annotations

import codecs
import json
import re
import unicodedata
from typing import Any
from urllib.parse import urljoin, urlsplit

from goudenregels.crawl.structured import structured_items
from goudenregels.snapshot import (
    Control,
    CookieBanner,
    Email,
    Field,
    Form,
    Image,
    Link,
    Page,
    Phone,
    Widget,
    jsonld_items,
)
from goudenregels.words import country as countries
from goudenregels.words import phones as ph
from goudenregels.words import prefilter, vocab
from goudenregels.words.channels import CHAT, MESSENGER, SOCIAL, WHATSAPP

BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "button",
        "caption",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "td",
        "th",
        "ul",
        "label",
        "option",
        "legend",
    ]
)
SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "head",
        "iframe",
        "object",
        "embed",
        "select",
        "textarea",
        "input",
        "canvas",
        "video",
        "audio",
        "map",
    ]
)
_REGION_TAGS = {"header": "header", "footer": "footer", "nav": "nav", "aside": "aside"}
_REGION_ROLES = {
    "banner": "header",
    "contentinfo": "footer",
    "navigation": "nav",
    "complementary": "aside",
}
_REGION_TOKEN = prefilter.compile(
    r"^(?:site-|page-|main-|global-)?(header|footer|nav|navbar|navigation|menu|hoofdmenu|menubar)"
    r"(?:[-_].*)?$",
    re.IGNORECASE,
)
_HIDDEN_STYLE = prefilter.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|(?<![\w-])opacity\s*:\s*0(?:\.0*)?\s*(?:;|!|$)",
    re.IGNORECASE,
)
_HIDDEN_CLASSES = frozenset({"hidden", "is-hidden"})
# Text for screen readers only is read as shown (it is published to those who use one); a
# form control styled away this way is still reported as hidden (a restyled check box).
_SR_ONLY_CLASSES = frozenset(
    {"sr-only", "visually-hidden", "screen-reader-text", "screenreader-only", "visuallyhidden"}
)
# Not meant for visitors at all: copies for printing only, and markup a script copies from.
_PRINT_ONLY = prefilter.compile(
    r"^(?:print-only|only-print|visible-print(?:-\w+)?|show-for-print|d-print-(?:block|inline|flex))$",
    re.IGNORECASE,
)
_TEMPLATE_TOKEN = prefilter.compile(
    r"^(?:js-)?(?:template|tpl|prototype)$|[-_](?:template|tpl)$", re.I
)
_PLACEHOLDER = prefilter.compile(r"\{\{.*?\}\}|\$\{[^}]*\}|<%.*?%>|\[\[.*?\]\]")
_DOT = r"(?:\.|\s*(?:\[dot\]|\(dot\)|\{dot\})\s*)"
_EMAIL = prefilter.compile(
    r"(?<![\w.+-])([A-Za-z0-9][A-Za-z0-9._%+-]{0,63})(?:@|\s*(?:\[at\]|\(at\)|\{at\})\s*)"
    rf"([A-Za-z0-9-]+(?:{_DOT}[A-Za-z0-9-]+)*{_DOT}[A-Za-z]{{2,24}})(?![\w-])",
    re.IGNORECASE,
)
_AT_HINT = prefilter.compile(r"@|[\[({]at[\])}]", re.IGNORECASE)
_SPACE = prefilter.compile(r"[ \t\r\f\v\u00a0\u200b]+")
_SOURCE_BREAK = prefilter.compile(r"[\r\n]+")
_PHONE_WORDS = prefilter.compile(r"telefoon|phone|bel |bellen|call", re.IGNORECASE)
# Visible text kept per page: bounds the cost of every check that scans a page's text.
MAX_TEXT_CHARS = 1_000_000
MAX_HIDDEN_CHARS = 200_000
# A page with no text shown but this much hidden was meant to show it (see text()).
HIDDEN_PAGE_CHARS = 40
MAX_LINKS = 5000
MAX_FORMS = 100
# Fields looked at outside <form> elements, ancestors climbed to group them, options kept.
MAX_LOOSE_FIELDS = 400
GROUP_DEPTH = 40
MAX_OPTIONS = 60
MAX_JSONLD_DEPTH = 60
COUNTRY_TEXT = 20_000  # text read for the page's country: its start and its end (the footer)
HINT_WEIGHT = 1.5  # the crawl's site country, for a page that shows none of its own
_BAD_HOST = prefilter.compile(r"[\s<>\"'{}|\\^`%\[\]]|^[.-]|\.\.")
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
# A word as people write it: letters, one capital at most at the start, trailing punctuation.
_WORD = prefilter.compile(r"[(\"'‘“]?[^\W\d_][^\W\d_A-Z]*[-'’]?[^\W\d_A-Z]*[.,:;!?)\"'’”]*")

# Chat and messaging vendors recognised by script, iframe or element names.
_WIDGET_PART = prefilter.compile(
    r"widget|chat|messenger|launcher|frame|container|messages|bubble|button|beacon", re.I
)
CHAT_VENDORS = {
    "livechatinc": "LiveChat",
    "livechat": "LiveChat",
    "zopim": "Zendesk Chat",
    "zdassets": "Zendesk",
    "zendesk": "Zendesk",
    "intercom": "Intercom",
    "tawk.to": "Tawk.to",
    "drift": "Drift",
    "crisp.chat": "Crisp",
    "freshchat": "Freshchat",
    # HubSpot's tracking code (hs-scripts.com) loads on sites without chat; its chat is this.
    "usemessages": "HubSpot",
    "hubspot-messages": "HubSpot",
    "tidio": "Tidio",
    "userlike": "Userlike",
    "olark": "Olark",
    "purechat": "Pure Chat",
    "seamly": "Seamly",
    "watermelon": "Watermelon",
    "obi4wan": "OBI4wan",
    "trengo": "Trengo",
    "kustomer": "Kustomer",
    "salesforceliveagent": "Salesforce",
    "embeddedservice": "Salesforce",
    "smartsupp": "Smartsupp",
    "chatwoot": "Chatwoot",
    "genesys": "Genesys",
    "webchat": "",
    "chat-launcher": "",
    "chat-widget": "",
    "chatbot": "",
}
SOCIAL_HOSTS = {
    "facebook.com": "Facebook",
    "fb.com": "Facebook",
    "twitter.com": "X",
    "x.com": "X",
    "instagram.com": "Instagram",
    "linkedin.com": "LinkedIn",
    "tiktok.com": "TikTok",
    "youtube.com": "YouTube",
}


def _region_of(tag: Any, inherited: str) -> str:
    name = tag.name
    if name in _REGION_TAGS:
        return _REGION_TAGS[name]
    if name == "main":
        return "main"
    role = (tag.get("role") or "").lower()
    if role in _REGION_ROLES:
        return _REGION_ROLES[role]
    tokens = [tag.get("id") or ""] + list(tag.get("class") or [])
    for token in tokens:
        m = _REGION_TOKEN.match(token)
        if m:
            word = m.group(1).lower()
            return {"navbar": "nav", "navigation": "nav", "hoofdmenu": "nav"}.get(
                word, "nav" if word in ("menu", "menubar") else word
            )
    return inherited


def _is_hidden(tag: Any, sr_only: bool = False) -> bool:
    """Hidden on load; with ``sr_only``, an element styled for screen readers only counts too."""
    if tag.has_attr("data-gr-hidden") or tag.has_attr("hidden"):
        return True
    parent = tag.parent
    if parent is not None and parent.name == "details" and tag.name != "summary":
        # A closed <details> shows only its summary until it is opened.
        return not parent.has_attr("open")
    if sr_only and tag.has_attr("data-gr-sr-only"):
        return True
    # aria-hidden alone hides nothing from sighted visitors (and a collapsed panel often carries
    # it): only the styles and classes below decide.
    style = tag.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    classes = tag.get("class") or []
    return any(c in _HIDDEN_CLASSES or (sr_only and c in _SR_ONLY_CLASSES) for c in classes)


def _is_inert(tag: Any, hidden: bool) -> bool:
    """Not meant for visitors: a print-only copy, or hidden markup a script copies from."""
    classes = list(tag.get("class") or [])
    if any(_PRINT_ONLY.match(c) for c in classes):
        return True
    if not hidden:
        return False
    if tag.has_attr("data-template") or "template" in str(tag.get("type") or "").lower():
        return True
    return any(_TEMPLATE_TOKEN.search(t) for t in [str(tag.get("id") or ""), *classes] if t)


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


class _Walker:
    """One pass over the body collecting text blocks and the region/visibility of elements."""

    def __init__(self) -> None:
        self.blocks: list[tuple[str, str, bool]] = []  # (text, region, hidden)
        self._buf: list[str] = []
        self._buf_region = "main"
        self._buf_hidden = False
        self._pre = 0  # inside <pre>/<textarea>, where a line break in the source is shown

    def _flush(self) -> None:
        text = _clean("".join(self._buf))
        # Hidden text with unfilled placeholders ("{{ phone }}") is a template, not published.
        if text and not (self._buf_hidden and _PLACEHOLDER.search(text)):
            self.blocks.append((text, self._buf_region, self._buf_hidden))
        self._buf = []

    def _add(self, text: str, region: str, hidden: bool) -> None:
        if self._buf and (region != self._buf_region or hidden != self._buf_hidden):
            self._flush()
        if not self._buf:
            self._buf_region, self._buf_hidden = region, hidden
        self._buf.append(text)

    def walk(self, root: Any, region: str, hidden: bool) -> None:
        """Walk the tree with an explicit stack: a page may nest thousands of levels deep."""
        from bs4 import Comment, NavigableString, Tag

        # Each frame: the children still to visit, their region and visibility, and what to do
        # when the element ends ("block": end the text block, "a": a word break).
        stack: list[tuple[Any, str, bool, str]] = [(iter(root.children), region, hidden, "")]
        while stack:
            children, region, hidden, closing = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                if closing in ("block", "pre"):
                    self._flush()
                    self._pre -= closing == "pre"
                elif closing == "a" and self._buf:
                    self._buf.append(" ")
                continue
            if isinstance(child, Tag):
                name = child.name
                # Alt text is not shown: a number only in an image is not findable as text.
                if name in SKIP_TAGS or name == "img":
                    continue
                if name == "br":
                    self._buf.append("\n")
                    continue
                block = name in BLOCK_TAGS
                if block:
                    self._flush()
                elif name == "a" and self._buf:
                    # Adjacent menu links read as separate words, as a browser shows them.
                    self._buf.append(" ")
                child_region = _region_of(child, region)
                child_hidden = hidden or _is_hidden(child)
                if _is_inert(child, child_hidden):
                    continue
                closing = "block" if block else ("a" if name == "a" else "")
                if name in ("pre", "textarea"):
                    closing = "pre"
                    self._pre += 1
                stack.append((iter(child.children), child_region, child_hidden, closing))
            elif isinstance(child, NavigableString) and not isinstance(child, Comment):
                text = str(child)
                if not self._pre:
                    # A browser shows a line break in the source as a space: "we\n zijn" is
                    # one sentence, as the visitor reads it.
                    text = _SOURCE_BREAK.sub(" ", text)
                if text.strip() or self._buf:
                    self._add(text, region, hidden)

    def finish(self) -> None:
        self._flush()


def _ancestor_region(tag: Any) -> str:
    chain = [tag, *tag.parents]
    for node in chain:
        if getattr(node, "name", None) in (None, "[document]"):
            continue
        region = _region_of(node, "")
        if region:
            return region
    return "main"


def _ancestor_hidden(tag: Any, sr_only: bool = False) -> bool:
    for node in [tag, *tag.parents]:
        if getattr(node, "name", None) in (None, "[document]"):
            continue
        if _is_hidden(node, sr_only):
            return True
    return False


def _ancestor_inert(tag: Any) -> bool:
    """Inside a <template>, a print-only copy or hidden template markup (see _is_inert)."""
    chain = [n for n in [tag, *tag.parents] if getattr(n, "name", None) not in (None, "[document]")]
    if any(n.name in ("template", "noscript", "script") for n in chain):
        return True
    hidden = _ancestor_hidden(tag)
    return any(_is_inert(n, hidden) for n in chain)


def _label_for(field: Any, soup: Any) -> str:
    fid = field.get("id")
    if fid:
        label = soup.find("label", attrs={"for": fid})
        if label:
            return _clean(label.get_text(" "))
    parent = field.find_parent("label")
    if parent:
        # The label's own words, not the options or typed text of the control inside it.
        words = [t for t in parent.find_all(string=True) if not t.find_parent(_CONTROL_TEXT)]
        return _clean(" ".join(words))
    for attr in ("aria-label", "placeholder", "title"):
        if field.get(attr):
            return _clean(field[attr])
    labelledby = field.get("aria-labelledby")
    if labelledby:
        ref = soup.find(id=labelledby.split()[0])
        if ref:
            return _clean(ref.get_text(" "))
    return ""


_CONTROL_TEXT = ["select", "textarea", "option", "datalist"]


def _context(block: str, raw: str, width: int = 160) -> str:
    i = block.find(raw)
    if i < 0 or len(block) <= width:
        return block[:width]
    start = max(0, i - width // 2)
    return ("…" if start else "") + block[start : start + width] + "…"


def _norm_email(local: str, domain: str) -> str:
    domain = re.sub(r"\s*(\[dot\]|\(dot\)|\{dot\})\s*", ".", domain, flags=re.IGNORECASE)
    domain = re.sub(r"\s+", "", domain)
    return f"{local}@{domain}".lower()


def find_emails(text: str) -> list[tuple[str, str]]:
    """E-mail addresses in text, including 'naam [at] domein [dot] nl': (raw, normalised)."""
    out = []
    for m in _EMAIL.finditer(text):
        local, domain = m.group(1), m.group(2)
        if "." not in re.sub(r"\[dot\]|\(dot\)|\{dot\}", ".", domain, flags=re.IGNORECASE):
            continue
        if re.search(r"\.(png|jpe?g|gif|svg|webp|css|js)$", domain, re.IGNORECASE):
            continue  # asset names like logo@2x.png
        address = _norm_email(local, domain)
        if vocab.PLACEHOLDER_EMAIL.search(address):
            continue  # "jouwnaam@example.com": a sample, not an address to write to
        out.append((m.group(0), address))
    return out


def extract(
    html: str,
    url: str,
    *,
    status: int | None = 200,
    content_type: str = "text/html",
    country: str = "",
) -> Page:
    """Parse rendered HTML once into a :class:`Page`.

    ``country`` is what the crawl already knows of the site's country (NL, BE); the page's own
    signals are weighed with it to read national phone numbers.
    """
    from bs4 import BeautifulSoup

    # A script can put lone surrogates in the DOM; they cannot be stored as UTF-8.
    html = html.encode("utf-8", "replace").decode("utf-8")
    soup = BeautifulSoup(html, "lxml")
    reader = _Reader(soup, Page(url=url, final_url=url, status=status, content_type=content_type))
    reader.hint = country
    reader.head()
    reader.jsonld()  # read before the walk, which skips scripts
    reader.page.jsonld.extend(structured_items(html, url))  # microdata and RDFa, same form
    _widgets_from_markup(soup, reader.page)
    reader.text()
    reader.links()
    reader.images()
    reader.buttons()
    reader.forms()
    reader.jsonld_contacts()
    _widgets_from_links(reader.page)
    return reader.page


class _Reader:
    """The steps of reading one parsed page into a Page; phones and e-mails counted once each."""

    def __init__(self, soup: Any, page: Page) -> None:
        self.soup = soup
        self.page = page
        self.base = page.url
        self._phones: set[tuple[str, str, str]] = set()
        self._emails: set[tuple[str, str]] = set()
        self.hint = ""  # the site's country as far as the crawl knows it
        self.other_countries: list[str] = []

    @property
    def country(self) -> str:
        return self.page.country or countries.DEFAULT

    def add_phone(
        self, raw: str, number: Any, source: str, context: str, region: str, purpose: str
    ) -> None:
        key = (ph.e164(number), source, purpose)
        if key in self._phones:
            return
        self._phones.add(key)
        self.page.phones.append(
            Phone(
                raw=_clean(raw),
                e164=ph.e164(number),
                national=ph.national_format(number, self.country),
                kind="fax" if purpose == "fax" else ph.classify(number, self.country),
                source=source,
                context=context,
                region=region,
                purpose="whatsapp" if purpose == "whatsapp" else "phone",
            )
        )

    def detect_country(self, text: str) -> None:
        """The page's country from its address, language, text and the crawl's hint."""
        items = [i for d in self.page.jsonld for i in jsonld_items(d)]
        signals = countries.detect(
            url=self.page.url,
            langs=[self.page.lang] if self.page.lang else [],
            # The address and registration numbers sit in the header and footer.
            text=text
            if len(text) <= COUNTRY_TEXT
            else f"{text[: COUNTRY_TEXT // 2]}\n{text[-COUNTRY_TEXT // 2 :]}",
            address_countries=countries.address_countries(items),
        )
        if self.hint in countries.SUPPORTED:
            # Below one address or registration number: a page that shows its own country
            # (a Belgian address on a site whose home page shows none) is read by that.
            signals.add(self.hint, HINT_WEIGHT, "the crawl's site country")
        self.page.country = signals.country
        # A number valid only in another country the page gives evidence of is still read:
        # a number dropped here cannot be recovered when the whole site is judged.
        self.other_countries = [
            c
            for c, score in signals.scores.items()
            if score > 0 and c != signals.country and c in countries.SUPPORTED
        ]

    def add_email(self, address: str, source: str, context: str, region: str) -> None:
        key = (address, source)
        if key not in self._emails:
            self._emails.add(key)
            self.page.emails.append(
                Email(address=address, source=source, context=context, region=region)
            )

    def head(self) -> None:
        soup, page = self.soup, self.page
        base_tag = soup.find("base", href=True)
        if base_tag:
            self.base = resolve_link(page.url, base_tag["href"]) or page.url
        if soup.title and soup.title.string:
            page.title = _clean(soup.title.get_text())
        html_tag = soup.find("html")
        if html_tag and html_tag.get("lang"):
            page.lang = html_tag["lang"].strip().lower()

    def jsonld(self) -> None:
        for script in self.soup.find_all("script", type=re.compile(r"ld\+json", re.IGNORECASE)):
            try:
                data = json.loads(script.string or script.get_text() or "")
            except (ValueError, RecursionError):  # broken, or nested past what can be parsed
                continue
            if _nesting(data) <= MAX_JSONLD_DEPTH:  # deeper is no real structured data
                self.page.jsonld.append(data)

    def text(self) -> None:
        """Visible and hidden text in blocks, and the phones and e-mails written in it."""
        page = self.page
        body = self.soup.body or self.soup
        walker = _Walker()
        walker.walk(body, _region_of(body, "main") if body.name else "main", False)
        walker.finish()
        blocks = _cap_blocks(walker.blocks, page)
        # Hidden on load is still published: it is part of the text, and kept apart as well.
        page.text = "\n".join(t for t, _, _hidden in blocks)
        page.hidden_text = "\n".join(t for t, _, hidden in blocks if hidden)
        self.detect_country(page.text)
        shown = sum(len(t) for t, _, hidden in blocks if not hidden)
        if not shown and len(page.hidden_text) >= HIDDEN_PAGE_CHARS:
            page.notes.append(
                "all text was hidden on load (a stylesheet or script may have failed); "
                "it was read as published"
            )
        for text, region, hidden in blocks:
            source = "hidden" if hidden else "text"
            found = ph.find_in_text(text, self.country)
            for other in self.other_countries:
                read = {raw for raw, _n, _p in found}
                found += [f for f in ph.find_in_text(text, other) if f[0] not in read]
            for raw, number, purpose in found:
                self.add_phone(raw, number, source, _context(text, raw), region, purpose)
            if _AT_HINT.search(text):
                for raw, address in find_emails(text):
                    self.add_email(address, source, _context(text, raw), region)

    def links(self) -> None:
        for a in self.soup.find_all(["a", "area"], href=True):
            href = a["href"].strip()
            text = _clean(a.get_text(" ")) or _clean(a.get("aria-label") or a.get("title") or "")
            if not text:
                img = a.find("img", alt=True)
                text = _clean(img["alt"]) if img else ""
            lower = href.lower()
            if lower.startswith("tel:"):
                self._tel_link(a, href, text)
            elif lower.startswith("mailto:"):
                self._mailto_link(a, href, text)
            elif not lower.startswith(("javascript:", "data:", "#", "sms:", "fax:")):
                self._page_link(a, href, text)

    def _tel_link(self, a: Any, href: str, text: str) -> None:
        number = ph.parse_tel_href(href, self.country)
        if number is None or _ancestor_inert(a):
            return
        source = "hidden" if _ancestor_hidden(a) else "tel"
        # "Bel ons" as link text: quote the number itself, keep the words as context.
        raw = text if any(ch.isdigit() for ch in text) else ph.national_format(number)
        self.add_phone(raw, number, source, text, _ancestor_region(a), "phone")

    def _mailto_link(self, a: Any, href: str, text: str) -> None:
        from urllib.parse import unquote

        if _ancestor_inert(a):
            return
        source = "hidden" if _ancestor_hidden(a) else "mailto"
        for address in unquote(href[7:].split("?")[0]).split(","):
            address = address.strip().lower()
            if "@" in address:
                self.add_email(address, source, text, _ancestor_region(a))

    def _page_link(self, a: Any, href: str, text: str) -> None:
        page = self.page
        target = resolve_link(self.base, href)
        if target is None:
            if len(page.bad_links) < 50:
                page.bad_links.append(href[:200])
        elif target and len(page.links) < MAX_LINKS:
            page.links.append(Link(href=target, text=text[:300], region=_ancestor_region(a)))
            number = ph.whatsapp_link_number(target)
            if number is not None:
                # A WhatsApp link opens a chat with this number: a message channel, not a call.
                source = "hidden" if _ancestor_hidden(a) else "link"
                raw = ph.national_format(number, self.country)
                self.add_phone(raw, number, source, text, _ancestor_region(a), "whatsapp")

    def images(self) -> None:
        """Images whose alt text or file name suggests a phone number (not findable as text)."""
        for img in self.soup.find_all("img"):
            alt = _clean(img.get("alt") or "")
            src = img.get("src") or img.get("data-src") or ""
            found = ph.find_in_text(alt, self.country) if alt else []
            if alt and (found or _PHONE_WORDS.search(alt)):
                self.page.images.append(Image(src=_join(self.base, src) if src else "", alt=alt))
                for raw, number, purpose in found:
                    self.add_phone(raw, number, "image", alt, _ancestor_region(img), purpose)
            elif src and re.search(r"telefoon|phone|tel[-_.]?nr", src, re.IGNORECASE):
                self.page.images.append(Image(src=_join(self.base, src), alt=alt))

    def buttons(self) -> None:
        for el in self.soup.find_all(["button", "input", "a", "div", "span"]):
            if el.name == "input" and (el.get("type") or "").lower() not in ("button", "submit"):
                continue
            if el.name in ("a", "div", "span") and (el.get("role") or "").lower() != "button":
                cls = " ".join(el.get("class") or []).lower()
                if el.name != "a" or not re.search(r"\bbtn\b|button|knop", cls):
                    continue
            if _ancestor_hidden(el):
                continue
            text = _clean(el.get_text(" ") if el.name != "input" else el.get("value") or "")
            text = text or _clean(el.get("aria-label") or el.get("title") or "")
            if text:
                self.page.buttons.append(Control(text=text[:120], region=_ancestor_region(el)))

    def forms(self) -> None:
        soup = self.soup
        for form in soup.find_all("form"):
            if len(self.page.forms) >= MAX_FORMS:
                break
            if not _ancestor_inert(form):
                self.page.forms.append(_form(form, soup, self.base))
        # Forms a script wires up without a <form> element (React, Vue): fields grouped by the
        # nearest container that also holds a submit-like button.
        for fields, button in _script_forms(soup)[: max(0, MAX_FORMS - len(self.page.forms))]:
            self.page.forms.append(_form(None, soup, self.base, fields, button))

    def jsonld_contacts(self) -> None:
        for item in (i for d in self.page.jsonld for i in jsonld_items(d)):
            tel = item.get("telephone")
            for value in tel if isinstance(tel, list) else [tel]:
                if isinstance(value, str):
                    for raw, number, purpose in ph.find_in_text(value, self.country) or []:
                        self.add_phone(raw, number, "jsonld", value, "main", purpose)
            mail = item.get("email")
            for value in mail if isinstance(mail, list) else [mail]:
                if isinstance(value, str) and "@" in value:
                    address = value.removeprefix("mailto:").strip().lower()
                    self.add_email(address, "jsonld", "", "main")


def _is_field(tag: Any) -> bool:
    kind = (tag.get("type") or "text").lower()
    return not (tag.name == "input" and kind in ("hidden", "submit", "button", "image", "reset"))


def _is_free_text(tag: Any) -> bool:
    """A multi-line text box a script builds instead of a <textarea>."""
    if tag.name in ("input", "textarea", "select", "button"):
        return False
    editable = tag.get("contenteditable")
    if editable is not None and str(editable).lower() in ("", "true", "plaintext-only"):
        return True
    return tag.get("role") == "textbox" and tag.get("aria-multiline") == "true"


def _is_form_control(tag: Any) -> bool:
    return tag.name in ("input", "textarea", "select") or _is_free_text(tag)


def _is_submit_like(tag: Any) -> bool:
    """A button that can send what was typed: a button, a button input, or a clickable element."""
    if tag.name == "button":
        return (tag.get("type") or "submit").lower() != "reset"
    if tag.name == "input":
        return (tag.get("type") or "").lower() in ("submit", "button", "image")
    return (tag.get("role") or "").lower() == "button" or tag.has_attr("data-gr-clickable")


def _typed(field: Any) -> bool:
    """A field a person types into (not a check box, radio button or list)."""
    if field.name == "textarea" or _is_free_text(field):
        return True
    kind = (field.get("type") or "text").lower()
    return field.name == "input" and kind in _TYPED_INPUTS


_TYPED_INPUTS = frozenset({"text", "email", "tel", "number", "search", "url", "password", "date"})


def _script_forms(soup: Any) -> list[tuple[list[Any], Any]]:
    """Groups of fields outside any <form>, each with the button that sends them (or None).

    A field belongs to the nearest ancestor that holds a submit-like button; fields with no such
    ancestor form one group when they include a free-text field (the older reading). A group
    needs a field to type into: check boxes and a button alone are settings, not a form.
    """
    loose = [
        f
        for f in soup.find_all(_is_form_control, limit=MAX_LOOSE_FIELDS * 4)
        if not f.find_parent("form") and _is_field(f) and not _ancestor_inert(f)
    ][:MAX_LOOSE_FIELDS]
    if not loose:
        return []
    holder: dict[int, Any] = {}  # id(ancestor) -> the first button inside it
    for button in soup.find_all(_is_submit_like, limit=MAX_LOOSE_FIELDS * 4):
        if button.find_parent("form"):
            continue
        for depth, node in enumerate(button.parents):
            if depth >= GROUP_DEPTH or node.name in (None, "[document]"):
                break
            holder.setdefault(id(node), button)
    groups: dict[int, tuple[list[Any], Any]] = {}
    for f in loose:
        key, button = 0, None
        for depth, node in enumerate(f.parents):
            if depth >= GROUP_DEPTH or node.name in (None, "[document]"):
                break
            if id(node) in holder:
                key, button = id(node), holder[id(node)]
                break
        groups.setdefault(key, ([], button))[0].append(f)
    out = []
    for key, (fields, button) in groups.items():
        typed = any(_typed(f) for f in fields)
        free = any(f.name == "textarea" or _is_free_text(f) for f in fields)
        if (key and typed) or (not key and free):
            out.append((fields, button))
    return out


def _options(field: Any) -> list[str]:
    """The choices of a <select>: the subjects a form handles ("Retour", "Klacht", ...)."""
    if field.name != "select":
        return []
    out = []
    for option in field.find_all("option", limit=MAX_OPTIONS):
        text = _clean(option.get_text(" "))[:100]
        if text and text not in out:
            out.append(text)
    return out


def _field(f: Any, soup: Any) -> Field:
    free = _is_free_text(f)
    kind = f.name if f.name != "input" else (f.get("type") or "text").lower()
    return Field(
        tag="textarea" if free else f.name,
        type="contenteditable" if free else kind,
        name=f.get("name") or f.get("id") or "",
        label=_label_for(f, soup)[:200],
        required=f.has_attr("required") or f.get("aria-required") == "true",
        checked=f.has_attr("checked"),
        visible=not _ancestor_hidden(f, sr_only=True),
        options=_options(f),
    )


def _form(
    form: Any, soup: Any, base: str, loose: list[Any] | None = None, button: Any = None
) -> Form:
    fields_src = loose if loose is not None else form.find_all(_is_form_control)
    anchor = form if form is not None else fields_src[0]
    out = Form(
        action=_join(base, form.get("action") or "") if form is not None else "",
        method=((form.get("method") if form is not None else "") or "get").lower(),
        region=_ancestor_region(anchor),
        visible=not _ancestor_hidden(anchor),
        kind="form" if form is not None else "script",
    )
    for f in fields_src[:MAX_LOOSE_FIELDS]:
        if not _is_field(f):
            if f.name == "input" and (f.get("type") or "").lower() == "submit":
                out.submit = out.submit or _clean(f.get("value") or "")
            continue
        out.fields.append(_field(f, soup))
    if not out.submit:
        button = button if form is None else form.find("button")
        if button is not None:
            text = button.get_text(" ") if button.name != "input" else button.get("value") or ""
            out.submit = _clean(text or button.get("aria-label") or "")[:120]
    return out


def _widgets_from_markup(soup: Any, page: Page) -> None:
    names: list[str] = []
    for tag in soup.find_all(["script", "iframe"]):
        if tag.get("src"):
            names.append(str(tag["src"]).lower())
    for tag in soup.find_all("link", href=True):
        # Only where a <link> points to: a page of the site's own named "/intercom/" (a shop
        # for door intercoms) is not the Intercom chat.
        names.append((urlsplit(str(tag["href"])).hostname or "").lower())
    # An id or class counts only as a widget's own, named for its vendor first ("drift-widget",
    # "intercom-container"): a section styled "drift-section" on a page about water drift, or
    # "nrt-intercom-container" on a page about door intercoms, is no chat.
    own: list[str] = []
    for tag in soup.find_all(id=True):
        own += [t for t in [str(tag["id"]).lower()] if _WIDGET_PART.search(t)]
    for tag in soup.find_all(class_=True):
        own += [t.lower() for t in tag["class"] if _WIDGET_PART.search(t)]
    found: dict[str, Widget] = {}
    candidates = [(n, False) for n in names] + [(n, True) for n in dict.fromkeys(own)]
    for name, is_own in candidates:
        for needle, vendor in CHAT_VENDORS.items():
            at = name.find(needle)
            if at < 0 or (is_own and at > 0) or CHAT.key in found:
                continue
            found[CHAT.key] = Widget(kind=CHAT.key, vendor=vendor, evidence=name[:120])
    page.widgets.extend(found.values())


def _widgets_from_links(page: Page) -> None:
    """Messaging and social widgets from links; a widget's kind is the key of its channel."""
    kinds = {w.kind for w in page.widgets}

    def add(kind: str, vendor: str, evidence: str) -> None:
        if (kind, vendor) not in {(w.kind, w.vendor) for w in page.widgets}:
            page.widgets.append(Widget(kind=kind, vendor=vendor, evidence=evidence))

    for link in page.links:
        host = (urlsplit(link.href).hostname or "").lower().removeprefix("www.")
        if host in ("wa.me", "api.whatsapp.com", "chat.whatsapp.com", "web.whatsapp.com"):
            add(WHATSAPP.key, "WhatsApp", link.href)
        elif host in ("m.me", "messenger.com"):
            add(MESSENGER.key, "Messenger", link.href)
        elif host in SOCIAL_HOSTS:
            add(SOCIAL.key, SOCIAL_HOSTS[host], link.href)
    if CHAT.key not in kinds:
        for control in page.buttons:
            if re.search(r"\b(live ?)?chat\b|\bchatten\b", control.text, re.IGNORECASE):
                add(CHAT.key, "", control.text)
                break


def detect_cookie_banner(text: str, buttons: list[str]) -> CookieBanner | None:
    """Build the record of a cookie banner from its text and button labels (browser-detected)."""
    if not text and not buttons:
        return None
    return CookieBanner(text=_clean(text)[:600], buttons=[_clean(b)[:80] for b in buttons if b])


def safe_url(url: str) -> bool:
    """True for an absolute http(s) URL a browser can load: parses, has a usable host and port."""
    if len(url) > 4000 or any(ord(c) < 32 or c == "\x7f" for c in url):
        return False
    try:
        parts = urlsplit(url)
        port = parts.port
        host = parts.hostname or ""
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not host or _BAD_HOST.search(host):
        return False
    return port is None or 0 < port < 65536


def _nesting(data: Any) -> int:
    """How deeply lists and objects nest in parsed JSON (iterative: any depth is measured)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            if depth > MAX_JSONLD_DEPTH:
                return depth
            values = item.values() if isinstance(item, dict) else item
            stack.extend((v, depth + 1) for v in values)
    return deepest


def _join(base: str, href: str) -> str:
    """An address relative to the page, or '' when it cannot be made into one."""
    try:
        return urljoin(base, href.strip())
    except ValueError:
        return ""


def resolve_link(base: str, href: str) -> str | None:
    """The absolute address of a link without its fragment; '' for a scheme that is not a page
    (mailto:, ftp:), None for an address that cannot be used (malformed, a CMS placeholder)."""
    try:
        target = urljoin(base, href.strip())
        scheme = urlsplit(target).scheme.lower()
    except ValueError:
        return None
    if scheme not in ("http", "https"):
        return "" if scheme and scheme.isalpha() else None
    target = target.split("#")[0]
    return target if safe_url(target) else None


def _cap_blocks(blocks: list[tuple[str, str, bool]], page: Page) -> list[tuple[str, str, bool]]:
    """Keep the visible and hidden text within their bounds; note on the page when cut."""
    kept: list[tuple[str, str, bool]] = []
    used = {False: 0, True: 0}
    limit = {False: MAX_TEXT_CHARS, True: MAX_HIDDEN_CHARS}
    cut = False
    for text, region, hidden in blocks:
        room = limit[hidden] - used[hidden]
        if room <= 0:
            cut = True
            continue
        if len(text) > room:
            text, cut = text[:room], True
        used[hidden] += len(text) + 1
        kept.append((text, region, hidden))
    if cut:
        page.notes.append(f"only the first {MAX_TEXT_CHARS:,} characters of text were read")
    return kept


def decode_html(body: bytes, content_type: str = "") -> str:
    """Bytes from a server as text: the declared charset, a <meta> charset, UTF-8, else cp1252."""
    declared = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", content_type or "", re.I)
    names = [declared.group(1)] if declared else []
    meta = _META_CHARSET.search(body[:4096])
    if meta:
        names.append(meta.group(1).decode("ascii", "replace"))
    for name in names:
        try:
            if "escape" in codecs.lookup(name).name:
                continue  # 'unicode_escape' turns the page's backslashes into code, not text
            return body.decode(name, errors="replace")
        except (LookupError, UnicodeError, TypeError, ValueError):
            continue  # unknown, or not a text encoding ('idna', 'rot13')
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")


def mark_unreadable(page: Page) -> None:
    """Give a page with nothing readable an error, and drop its junk text (it is not evidence)."""
    reason = unreadable_reason(page)
    if reason:
        page.error = page.error or reason
        page.text = page.hidden_text = ""
        page.phones, page.emails = [], []


def unreadable_reason(page: Page) -> str:
    """Why a loaded page holds nothing a person could read ('' when it does).

    Binary data sent as HTML decodes to control characters, replacement characters and
    letter soup without words; an empty page has neither text nor links nor forms.
    """
    sample = page.text[:20000]
    chars = [c for c in sample if not c.isspace()]
    if not chars:
        if page.links or page.forms or page.phones or page.emails:
            return ""
        return "the page shows no text at all"
    odd = sum(1 for c in chars if c == "\ufffd" or unicodedata.category(c) in ("Cc", "Co", "Cn"))
    words = sum(len(t) for t in sample.split() if _WORD.fullmatch(t))
    if len(chars) >= 40 and (odd / len(chars) > 0.05 or words / len(chars) < 0.15):
        return "the page holds no readable text (binary or garbled data)"
    return ""
