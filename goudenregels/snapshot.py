"""The data model of a crawled site, its JSON form on disk, and click depths from the link graph.

A snapshot directory holds:

- ``snapshot.json``: site metadata (written when the crawl starts, rewritten when it ends);
- ``pages.jsonl``: one extracted page per line, appended and flushed as pages are crawled, so an
  interrupted crawl keeps every page it finished;
- ``html/``: the rendered HTML of each page, for reference.

Checks read only this data. See ``docs/snapshot.md`` for the field reference.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from goudenregels.errors import UsageError

SNAPSHOT_VERSION = 1
# How a page's ``text`` was read. 2: the published text in document order, text hidden on load
# included (``hidden_text`` repeats that part); 1 (older snapshots): the text shown on load only,
# with the hidden text apart. See docs/how-it-reads.md.
TEXT_POLICY = 2
META_FILE = "snapshot.json"
PAGES_FILE = "pages.jsonl"


def normalize_url(url: str) -> str:
    """Canonical form used as a page key: no fragment, lower-case host, no default port.

    Never raises: a URL that does not parse (``http://[bad``, a port past 65535) is returned
    stripped, as its own key; the scope test then keeps it out of the crawl.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return url.strip()
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if not host:
        return url.strip()  # not a web address: its own key, left as it is
    if ":" in host:
        host = f"[{host}]"  # an IPv6 literal keeps its brackets
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    path = parts.path or "/"
    return urlunsplit((scheme, host, path, parts.query, ""))


# Errors after which a page may still hold content the crawl could not see (as opposed to a
# page that answered with nothing: a redirect loop, a refused connection, binary data).
_MAY_HOLD_CONTENT = re.compile(
    r"timed out|crash|keeps (navigating|opening)|did not finish|closed|navigat|scripts kept",
    re.IGNORECASE,
)


def jsonld_items(data: Any) -> list[Any]:
    """Every JSON-LD object in a parsed block, nested ones and @graph members included."""
    items: list[Any] = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            items.append(item)
            for value in item.values():
                if isinstance(value, dict | list):
                    stack.append(value)
    return items


@dataclass
class Link:
    href: str
    text: str
    region: str = "main"


@dataclass
class Click:
    """An element without an href that navigates by script (an onclick menu item, a card with
    data-href, a router button), and the address its click led to (the page was not left)."""

    text: str
    href: str
    region: str = "main"


@dataclass
class Field:
    tag: str
    type: str
    name: str = ""
    label: str = ""
    required: bool = False
    checked: bool = False
    visible: bool = True
    # The choices of a <select> (or a group of radio buttons' labels): "Retour", "Klacht", ...
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    action: str
    method: str
    region: str = "main"
    submit: str = ""
    # Shown on load; a form hidden on load (in a modal, a slide-in, a tab) is still published.
    visible: bool = True
    fields: list[Field] = field(default_factory=list)
    # "form": a <form> element; "script": inputs and a button a script wires up without one.
    kind: str = "form"

    @property
    def text(self) -> str:
        """What the form says about itself: field names, labels, options and the submit text."""
        parts = [f"{f.name} {f.label} {' / '.join(f.options)}" for f in self.fields]
        return " ".join([*parts, self.submit]).strip()


@dataclass
class Phone:
    raw: str
    e164: str
    national: str
    kind: str
    source: str
    context: str = ""
    region: str = "main"
    # phone (calls), or whatsapp: offered only for WhatsApp messages (a wa.me link, "WhatsApp
    # ons op 06-…"); fax numbers keep kind "fax".
    purpose: str = "phone"


@dataclass
class Email:
    address: str
    source: str
    context: str = ""
    region: str = "main"


@dataclass
class Widget:
    kind: str
    vendor: str = ""
    evidence: str = ""


@dataclass
class Control:
    """A button or button-like link: its text and where it sits."""

    text: str
    region: str = "main"


@dataclass
class Image:
    src: str
    alt: str = ""


@dataclass
class ConsentControl:
    """A button on a consent layer's first layer, with what makes it stand out (GR306)."""

    text: str
    # accept, reject, settings or other: what its label says (words/vocab.py).
    kind: str = ""
    # Size and place in CSS pixels; shown: drawn, not hidden; in_view: wholly inside the first
    # screen on arrival (not only after scrolling the page or the layer).
    width: int = 0
    height: int = 0
    x: int = 0
    y: int = 0
    shown: bool = True
    in_view: bool = True
    # Look: a filled background, an outline, an underlined link, its font, and contrasts (WCAG
    # ratio) of its text with its background and of its fill with the layer's background.
    filled: bool = False
    outlined: bool = False
    underlined: bool = False
    font_px: float = 0.0
    bold: bool = False
    contrast: float = 0.0
    fill_contrast: float = 0.0
    # It would submit a form: the crawl never clicks it.
    submits: bool = False


@dataclass
class CookieBanner:
    text: str
    buttons: list[str] = field(default_factory=list)
    dismissed_with: str = ""
    # The page's content was hidden or blocked until a choice was made (a cookie wall).
    wall: bool = False
    # The consent platform by name (autoconsent's rule set, a TCF API, or "" for a home-made
    # banner), where its first layer was drawn (page, shadow, iframe), the frame's address,
    # and when it appeared: milliseconds after the page's DOMContentLoaded (0: on arrival).
    platform: str = ""
    where: str = ""
    frame_url: str = ""
    after_ms: int = 0
    tcf: bool = False
    controls: list[ConsentControl] = field(default_factory=list)


@dataclass
class Overlay:
    """A modal or fixed layer visible on arrival that is not the cookie banner."""

    text: str
    buttons: list[str] = field(default_factory=list)
    # When it appeared: milliseconds after the page's DOMContentLoaded (0: on arrival).
    after_ms: int = 0


@dataclass
class Layer:
    """A layer over the page on arrival in the phone view (fixed, stuck at the top, or a modal),
    as far as a tap on the screen would hit it; measured in the browser (crawl/phone.py)."""

    text: str
    # The share of the screen where a tap lands on this layer (0-1), from a grid of points.
    coverage: float
    position: str = "fixed"  # fixed, sticky or dialog
    # The element's own naming (id, class, aria-label, a frame's title and address): what it is.
    hint: str = ""
    buttons: list[str] = field(default_factory=list)
    # Addresses its links and frames lead to (an app store, a chat service).
    targets: list[str] = field(default_factory=list)
    # The page's own frame: a layer that holds the page's main content or navigation.
    page_frame: bool = False


@dataclass
class TelLink:
    """A tap-to-call link (``tel:``) as the phone view shows it."""

    href: str
    text: str = ""
    # Shown without a tap (rendered and on the page's width), not in a closed menu.
    shown: bool = True
    region: str = "main"


@dataclass
class Page:
    url: str
    final_url: str = ""
    status: int | None = None
    content_type: str = ""
    title: str = ""
    lang: str = ""
    # The country (NL, BE) national phone numbers on this page were read for, from its signals.
    country: str = ""
    # The published text in document order: what shows on load and what is hidden on load but
    # one click away (accordions, tabs, modals, slide-in panels); see docs/how-it-reads.md.
    text: str = ""
    # The part of ``text`` that was hidden on load (quoted with "shown after a click").
    hidden_text: str = ""
    links: list[Link] = field(default_factory=list)
    # Where elements without an href lead when clicked (script navigation); see Click.
    clicks: list[Click] = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)
    buttons: list[Control] = field(default_factory=list)
    phones: list[Phone] = field(default_factory=list)
    emails: list[Email] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    jsonld: list[Any] = field(default_factory=list)
    widgets: list[Widget] = field(default_factory=list)
    cookie_banner: CookieBanner | None = None
    overlays: list[Overlay] = field(default_factory=list)
    # Permission prompts the page asked for while loading: notifications, geolocation.
    prompts: list[str] = field(default_factory=list)
    # Third-party requests made before any cookie choice (recorded until consent is given).
    requests_before_consent: list[str] = field(default_factory=list)
    script_errors: list[str] = field(default_factory=list)
    load_ms: int = 0
    error: str = ""
    html_file: str = ""
    # What the reader had to do or leave out on this page (cut text, scripts not run, ...).
    notes: list[str] = field(default_factory=list)
    # Links whose address could not be used (malformed, placeholders): skipped, listed here.
    bad_links: list[str] = field(default_factory=list)
    artifacts: dict[str, Any] = field(default_factory=dict)
    # Filled from the link graph when the snapshot is assembled, never from visiting order.
    depth: int | None = None
    click_path: list[str] = field(default_factory=list)
    # Set with the click path when its last step is a click on a script-navigating element, not
    # a link: {"text": the element's words, "page": the address it is on, "region": nav/...,
    # "home": whether that is the home page}.
    found_by: dict[str, Any] = field(default_factory=dict)
    text_policy: int = TEXT_POLICY
    # Read logged in, in the customer's account area (audit --session; docs/login.md).
    account: bool = False
    # The view the page was read in: "desktop" or "mobile" (a phone's screen, touch, user agent).
    view: str = "desktop"
    # Phone view only: layers over the page on arrival, tap-to-call links, and a screenshot of
    # the screen on arrival (relative to the snapshot directory), for the home and contact pages.
    layers: list[Layer] = field(default_factory=list)
    tel_links: list[TelLink] = field(default_factory=list)
    screenshot: str = ""

    @property
    def address(self) -> str:
        """Where the page was read: its URL after redirects, else the URL asked for."""
        return self.final_url or self.url

    @property
    def unread(self) -> bool:
        """The page could not be read: an error other than an HTTP error answer."""
        return bool(self.error) and (self.status or 0) < 400

    @property
    def may_hold_content(self) -> bool:
        """Unread for a reason on the crawl's side (time-out, crash, scripts): it may hold text."""
        return self.unread and bool(_MAY_HOLD_CONTENT.search(self.error))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Page:
        kw = _known(cls, data)
        kw["links"] = [_build(Link, x) for x in kw.get("links", [])]
        kw["clicks"] = [_build(Click, x) for x in kw.get("clicks", [])]
        kw["forms"] = [
            _build(Form, {**f, "fields": [_build(Field, x) for x in f.get("fields", [])]})
            for f in kw.get("forms", [])
        ]
        kw["buttons"] = [_build(Control, x) for x in kw.get("buttons", [])]
        kw["phones"] = [_build(Phone, x) for x in kw.get("phones", [])]
        kw["emails"] = [_build(Email, x) for x in kw.get("emails", [])]
        kw["images"] = [_build(Image, x) for x in kw.get("images", [])]
        kw["widgets"] = [_build(Widget, x) for x in kw.get("widgets", [])]
        if kw.get("cookie_banner"):
            banner = dict(kw["cookie_banner"])
            banner["controls"] = [_build(ConsentControl, c) for c in banner.get("controls", [])]
            kw["cookie_banner"] = _build(CookieBanner, banner)
        kw["overlays"] = [_build(Overlay, x) for x in kw.get("overlays", [])]
        kw["layers"] = [_build(Layer, x) for x in kw.get("layers", [])]
        kw["tel_links"] = [_build(TelLink, x) for x in kw.get("tel_links", [])]
        if "text_policy" not in kw:
            # An older snapshot kept the text hidden on load apart: it is published text too.
            hidden = kw.get("hidden_text") or ""
            kw["text"] = "\n".join(t for t in (kw.get("text") or "", hidden) if t)
            kw["text_policy"] = TEXT_POLICY
        return cls(**kw)


def _known(cls: Any, data: dict[str, Any]) -> dict[str, Any]:
    """The keys of ``data`` that ``cls`` has: a field a newer version added is left out."""
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in data.items() if k in names}


def _build(cls: Any, data: dict[str, Any]) -> Any:
    return cls(**_known(cls, data))


@dataclass
class Snapshot:
    start_url: str
    final_url: str = ""
    scope: str = ""
    started_at: str = ""
    finished_at: str = ""
    complete: bool = False
    # Why an unfinished crawl stopped: "time limit", "interrupted", "internal error (...)".
    stopped: str = ""
    tool_version: str = ""
    settings: dict[str, Any] = field(default_factory=dict)
    skipped: list[dict[str, str]] = field(default_factory=list)
    # The crawl's notes as English sentences (read by older tools and shown for old snapshots),
    # and each one as a catalog msgid with its arguments, translated where it is shown.
    notes: list[str] = field(default_factory=list)
    note_keys: list[dict[str, Any]] = field(default_factory=list)
    journeys: dict[str, Any] = field(default_factory=dict)
    # Links from service pages that were not crawled, checked separately: url -> {status, error}.
    link_checks: dict[str, Any] = field(default_factory=dict)
    # What watched pages showed after they were written (late pop-ups, a consent layer that came
    # late; crawl/late.py): page url -> {overlays, cookie_banner}, applied when loading.
    late: dict[str, Any] = field(default_factory=dict)
    # A crawl with the auditor's test account (--session, --login-script): whether it was
    # logged in, the account pages read, what the read-only guard blocked. {}: no session.
    session: dict[str, Any] = field(default_factory=dict)
    # The phone view (--device mobile or both): the device profile and the menu probe (docs).
    phone: dict[str, Any] = field(default_factory=dict)
    # --device both: the service pages read again as a phone (view "mobile"), apart from
    # ``pages`` so that no check counts a page twice.
    phone_pages: list[Page] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    version: int = SNAPSHOT_VERSION

    @property
    def home(self) -> Page | None:
        key = normalize_url(self.final_url or self.start_url)
        for page in self.pages:
            if normalize_url(page.url) == key or normalize_url(page.final_url or "") == key:
                return page
        return self.pages[0] if self.pages else None

    def phone_readings(self) -> list[Page]:
        """The pages read in the phone view: the extra readings of ``--device both``, or the
        crawl's own pages when it read the whole site as a phone."""
        if self.phone_pages:
            return list(self.phone_pages)
        return [p for p in self.pages if p.view == "mobile"]

    def ok_pages(self) -> list[Page]:
        """Pages that loaded as HTML (the ones checks should read)."""
        return [p for p in self.pages if not p.error and (p.status or 0) < 400]

    def compute_depths(self) -> None:
        """Set each page's depth and click path as the shortest path from home in the link graph.

        Clicks on script-navigating elements are edges too; at the same depth a link wins, and a
        page reached by a click says so in ``found_by``.
        """
        by_key: dict[str, Page] = {}
        for page in self.pages:
            by_key.setdefault(normalize_url(page.url), page)
            if page.final_url:
                by_key.setdefault(normalize_url(page.final_url), page)
        for page in self.pages:
            page.depth, page.click_path, page.found_by = None, [], {}
        home = self.home
        if home is None:
            return
        home.depth, home.click_path = 0, [home.address]
        level = [home]
        while level:
            found: list[Page] = []
            for clicks in (False, True):  # every link of this level before any click
                for page in level:
                    edges = page.clicks if clicks else page.links
                    for edge in edges:
                        target = by_key.get(normalize_url(edge.href))
                        if target is None or target.depth is not None:
                            continue
                        target.depth = (page.depth or 0) + 1
                        target.click_path = [*page.click_path, target.address]
                        if clicks:
                            target.found_by = {
                                "text": edge.text,
                                "page": page.address,
                                "region": edge.region,
                                "home": page is home,
                            }
                        found.append(target)
            level = found
        # A phone reading of a page is as far from home as the page itself.
        for phone in self.phone_pages:
            twin = by_key.get(normalize_url(phone.url)) or by_key.get(
                normalize_url(phone.final_url or phone.url)
            )
            if twin is not None:
                phone.depth, phone.click_path = twin.depth, list(twin.click_path)

    def add_note(self, msgid: str | tuple[str, str], **args: Any) -> None:
        """Note ``msgid`` (an English catalog msgid, ``%(name)s`` filled from ``args``); a
        (singular, plural) pair from ``N_plural`` is chosen by ``args["count"]``."""
        key: dict[str, Any] = {"msgid": msgid, "args": args}
        if isinstance(msgid, tuple):
            key = {"msgid": msgid[0], "plural": msgid[1], "args": args}
            msgid = msgid[0] if args.get("count") == 1 else msgid[1]
        self.notes.append(msgid % args if args else msgid)
        self.note_keys.append(key)

    def translated_notes(
        self, gettext: Callable[[str], str], ngettext: Callable[[str, str, int], str] | None = None
    ) -> list[str]:
        """The notes in a report's language; a note without its msgid is shown as it is.

        ``ngettext`` defaults to the one of the catalog ``gettext`` belongs to.
        """
        if ngettext is None:
            ngettext = getattr(getattr(gettext, "__self__", None), "ngettext", None)
        keyed: dict[str, str] = {}
        for key in self.note_keys or []:
            msgid, plural, args = key.get("msgid"), key.get("plural"), key.get("args") or {}
            if not isinstance(msgid, str) or not isinstance(args, dict):
                continue
            try:
                if isinstance(plural, str):
                    count = int(args.get("count", 0))
                    english = (msgid if count == 1 else plural) % args
                    local = ngettext(msgid, plural, count) % args if ngettext else english
                    keyed[english] = local
                else:
                    english = msgid % args if args else msgid
                    keyed[english] = gettext(msgid) % args if args else gettext(msgid)
            except (KeyError, TypeError, ValueError):
                continue
        return [keyed.get(note, note) for note in self.notes or []]

    def meta_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("pages")
        data["page_count"] = len(self.pages)
        return data

    # -- disk form -------------------------------------------------------------------------

    @classmethod
    def load(cls, directory: str | Path) -> Snapshot:
        """Read a snapshot directory; a crawl that was interrupted loads with the pages it kept."""
        d = Path(directory)
        meta_path = d / META_FILE
        if not meta_path.is_file():
            raise UsageError(f"{d} is not a snapshot directory (no {META_FILE})")
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise UsageError(f"cannot read {meta_path}: {exc}") from None
        if not isinstance(meta, dict) or meta.get("version") != SNAPSHOT_VERSION:
            raise UsageError(
                f"{meta_path} has snapshot version {meta.get('version')!r}; "
                f"this goudenregels reads version {SNAPSHOT_VERSION}"
            )
        known = {f.name for f in fields(cls)} - {"pages"}
        snap = cls(**{k: v for k, v in meta.items() if k in known})
        snap.phone_pages = [
            Page.from_dict(x) for x in meta.get("phone_pages") or [] if isinstance(x, dict)
        ]
        pages_path = d / PAGES_FILE
        if pages_path.is_file():
            # Only "\n" ends a line: page text may hold U+2028 and friends unescaped.
            for line in pages_path.read_text(encoding="utf-8").split("\n"):
                if not line.strip():
                    continue
                try:
                    snap.pages.append(Page.from_dict(json.loads(line)))
                except (ValueError, TypeError):
                    # The last line of an interrupted crawl may be cut off: keep the rest.
                    continue
        snap.apply_late()
        snap.compute_depths()
        return snap

    def apply_late(self) -> None:
        """Put what watched pages showed after they were written into those pages."""
        for page in self.pages:
            seen = self.late.get(page.url)
            if not isinstance(seen, dict):
                continue
            later = Page.from_dict({"url": page.url, **seen})
            page.overlays = later.overlays
            if "cookie_banner" in seen:
                page.cookie_banner = later.cookie_banner


class SnapshotWriter:
    """Writes a snapshot as the crawl goes, so an interruption loses at most the page in flight."""

    def __init__(self, directory: str | Path, snapshot: Snapshot, append: bool = False) -> None:
        self.dir = Path(directory)
        self.snapshot = snapshot
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            (self.dir / "html").mkdir(exist_ok=True)
        except OSError as exc:
            raise UsageError(f"cannot create snapshot directory {self.dir}: {exc}") from None
        pages = self.dir / PAGES_FILE
        if append:
            _drop_partial_line(pages)
        self._pages = pages.open("a" if append else "w", encoding="utf-8")
        # HTML files are numbered on from those already there (a resumed crawl keeps them).
        self._html_count = sum(1 for _ in (self.dir / "html").iterdir())
        self.write_meta()

    def write_meta(self) -> None:
        tmp = self.dir / (META_FILE + ".tmp")
        tmp.write_text(json.dumps(self.snapshot.meta_dict(), indent=2), encoding="utf-8")
        tmp.replace(self.dir / META_FILE)

    def add_page(self, page: Page, html: str | None = None) -> None:
        if html is not None:
            self._html_count += 1
            name = f"html/{self._html_count:04d}.html"
            (self.dir / name).write_text(html, encoding="utf-8", errors="replace")
            page.html_file = name
        self.snapshot.pages.append(page)
        self._pages.write(json.dumps(page.to_dict(), ensure_ascii=False) + "\n")
        self._pages.flush()

    def adopt(self, page: Page) -> None:
        """Take a page an interrupted crawl already wrote (it stays in the file as it is)."""
        self.snapshot.pages.append(page)

    def close(self) -> None:
        if not self._pages.closed:
            self._pages.close()
        self.snapshot.compute_depths()
        self.write_meta()


def _drop_partial_line(path: Path) -> None:
    """Cut a last line a killed crawl left half-written, so appended pages start on a new line."""
    if not path.is_file():
        return
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        path.write_bytes(data[: data.rfind(b"\n") + 1])


_LOCKS: list[Any] = []


def lock_dir(directory: Path) -> None:
    """Hold a lock on a snapshot directory for this process's life (freed even by kill -9).

    Two runs writing one snapshot would mix their pages: the second is refused instead.
    """
    import fcntl

    from goudenregels.errors import UsageError as _Usage

    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle = (directory / ".lock").open("a")
    except OSError as exc:
        raise _Usage(f"cannot create {directory}: {exc.strerror or exc}") from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise _Usage(f"another goudenregels run is writing {directory}") from None
    _LOCKS.append(handle)


def unlock_dir(directory: Path) -> None:
    """Free this process's lock on a directory (a long-lived worker audits site after site)."""
    target = str(Path(directory) / ".lock")
    for handle in [h for h in _LOCKS if h.name == target]:
        _LOCKS.remove(handle)
        handle.close()
