"""The types plugins work with: checks and their results, reporters, profiles, gatherers, journeys."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from goudenregels.i18n import N_, translations
from goudenregels.words.quotes import clip

if TYPE_CHECKING:
    from goudenregels.audit import Audit
    from goudenregels.checks.site import Site
    from goudenregels.snapshot import Page, Snapshot

PASS, FAIL, REVIEW, NOT_APPLICABLE, ERROR = "pass", "fail", "review", "not_applicable", "error"
STATUSES = (PASS, FAIL, REVIEW, NOT_APPLICABLE, ERROR)
DECIDED = (PASS, FAIL)

# The six rules' titles as English msgids; the Dutch in the catalog is the official rule name.
RULE_TITLES = {
    1: N_("Be available when asked"),
    2: N_("Keep your promises"),
    3: N_("Do not bother the customer needlessly"),
    4: N_("Do not be difficult about formalities"),
    5: N_("Admit mistakes and put them right"),
    6: N_("Be genuinely engaged with the customer"),
}


def rule_title(rule: int, lang: str) -> str:
    """The title of ``rule`` in ``lang`` (nl: the official rule name)."""
    return translations(lang).gettext(RULE_TITLES[rule])


# What an evidence item's text is: the site's own words (drawn as a quote), or the tool's note.
QUOTE, NOTE = "quote", "note"
EVIDENCE_KINDS = (QUOTE, NOTE)


# How a page reached by a click on a script-navigating element was found, by where it sits.
_FOUND_BY = {
    "nav": N_("found through a click on ‘%(text)s’ in the menu of %(page)s"),
    "header": N_("found through a click on ‘%(text)s’ in the header of %(page)s"),
    "footer": N_("found through a click on ‘%(text)s’ in the footer of %(page)s"),
    "main": N_("found through a click on ‘%(text)s’ on %(page)s"),
}
_HOME_PAGE = N_("the home page")


def found_by_text(found_by: dict[str, Any], gettext: Callable[[str], str]) -> str:
    """A page's ``found_by`` (see snapshot.Page) as a sentence in ``gettext``'s language; ""
    for a page a link leads to."""
    from urllib.parse import urlsplit

    if not found_by or not found_by.get("text"):
        return ""
    if found_by.get("home"):
        where = gettext(_HOME_PAGE)
    else:
        parts = urlsplit(str(found_by.get("page", "")))
        where = parts.path + (f"?{parts.query}" if parts.query else "")
    msgid = _FOUND_BY.get(str(found_by.get("region")), _FOUND_BY["main"])
    return gettext(msgid) % {"text": clip(str(found_by["text"]), 60), "page": where}


@dataclass
class Evidence:
    """Where a check looked and what it found (or missed).

    ``text`` is either a quote, the site's own words exactly as they stand on the page
    (``kind="quote"``; reporters draw it as a quotation), or the tool's own note about what it
    saw or missed (``kind="note"``, the default; never drawn as a quotation). ``label`` and
    ``note`` are the tool's words before and after a quote ("e-mail", "shown after a click"),
    so a quote holds nothing but the site's words.
    """

    url: str = ""
    depth: int | None = None
    click_path: list[str] = field(default_factory=list)
    text: str = ""
    kind: str = NOTE
    label: str = ""
    note: str = ""
    # How the page was found when its last step was a click on a script-navigating element
    # rather than a link ("found through a click on ‘Contact’ in the menu of the home page").
    found_by: str = ""

    def __post_init__(self) -> None:
        if self.kind not in EVIDENCE_KINDS:
            raise ValueError(f"unknown evidence kind {self.kind!r}; use 'quote' or 'note'")

    @property
    def is_quote(self) -> bool:
        return self.kind == QUOTE and bool(self.text)

    def plain(self, width: int = 0) -> str:
        """The item as one line of plain text: ``label: “quote” (note)``, a note unquoted; the
        text cut to about ``width`` characters when given."""
        text = clip(self.text, width) if width else self.text
        text = f"“{text}”" if self.is_quote else text
        line = f"{self.label}: {text}" if self.label and text else self.label or text
        return f"{line} ({self.note})" if self.note else line

    def to_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "depth": self.depth,
            "click_path": self.click_path,
            "kind": self.kind,
            "label": self.label,
            "text": self.text,
            "note": self.note,
            **({"found_by": self.found_by} if self.found_by else {}),
        }


@dataclass
class Heading:
    """A column of a :class:`Table`: the row key it shows and its label (a gettext msgid)."""

    key: str
    label: str
    kind: str = "text"  # text | url (an address, never a link) | nowrap (short lines, unbroken)
    empty: str = ""  # msgid shown (muted) for an empty list in this column; "–" when not given

    def to_dict(self) -> dict[str, Any]:
        out = {"key": self.key, "label": self.label, "kind": self.kind}
        if self.empty:
            out["empty"] = self.empty
        return out


@dataclass
class Cell:
    """A table cell with a small note under or beside it: ``Cell("Telefoon", note="020 …")``."""

    text: str
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "note": self.note}


def _cell_json(value: Any) -> Any:
    if isinstance(value, Cell):
        return value.to_dict()
    if isinstance(value, list | tuple):
        return [_cell_json(v) for v in value]
    return value


@dataclass
class Table:
    """A finding's (or an overview's) table, drawn by every reporter without knowing the check.

    ``rows`` map a heading's key to a cell: text, a number, ``None`` (drawn as "–"), a
    :class:`Cell`, or a list of those (one line each). Labels and ``title``, ``intro`` and
    ``empty`` are gettext msgids (mark them with ``N_``): the reporter translates them into the
    report's language. Cell texts are shown as they are, always escaped.
    """

    headings: list[Heading]
    rows: list[dict[str, Any]] = field(default_factory=list)
    title: str = ""
    key: str = ""  # an overview's anchor in the report (e.g. "channels")
    short: str = ""  # an overview's name in the table of contents
    intro: str = ""
    empty: str = ""  # shown when there are no rows
    # Pictures an overview shows under its table (the phone view's screenshots), and whether
    # the one-page summary draws the overview (the channel table) or leaves it to the report.
    shots: list[Screenshot] = field(default_factory=list)
    summary: bool = True

    type = "table"

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "title": self.title,
            "headings": [h.to_dict() for h in self.headings],
            "rows": [{k: _cell_json(v) for k, v in row.items()} for row in self.rows],
        }


@dataclass
class Screenshot:
    caption: str  # what the step did and showed, in the audit's language (checks/steps.py)
    url: str = ""
    path: str = ""  # relative to the snapshot directory


@dataclass
class Screenshots:
    """Pictures that show a finding (a journey's steps); the HTML report embeds them."""

    items: list[Screenshot] = field(default_factory=list)

    type = "screenshots"

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "items": [{"caption": i.caption, "url": i.url, "path": i.path} for i in self.items],
        }


Detail = Table | Screenshots


@dataclass
class Result:
    """What a check function returns; the runner adds the check's metadata."""

    status: str
    message: str
    evidence: list[Evidence] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    # Typed details every reporter can draw without knowing the check: tables, screenshots.
    details: list[Detail] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}; use one of {', '.join(STATUSES)}")


@dataclass
class Check:
    """A check and its documentation, kept next to its code (like ruff's rule docs)."""

    code: str
    slug: str
    rule: int
    # The texts are English msgids (marked with N_()); the Dutch is in the catalog and is read
    # with title(lang), text(name, lang) or the *_nl properties.
    title_en: str
    func: Callable[[Site], Result]
    what_en: str = ""
    why_en: str = ""
    fix_en: str = ""
    weight: float = 1.0
    profiles: tuple[str, ...] | None = None  # None: every profile
    # The law, rule or practice the check measures against, for citing: an English msgid (N_)
    # whose Dutch is in the catalog, like the other texts.
    norm: str = ""
    plugin: str = ""
    # True when the check fails because something was not found: pages that could not be
    # read may hold it, so such a fail becomes a review while any page went unread.
    absence: bool = True
    # Dutch texts a plugin gives itself (title_nl=... and so on), by name ("title", "what", ...):
    # its msgids are not in goudenregels' catalog.
    dutch: dict[str, str] = field(default_factory=dict)

    def text(self, name: str, lang: str = "nl") -> str:
        """The check's ``name`` text (title, what, why, fix or norm) in ``lang``."""
        english = self.norm if name == "norm" else getattr(self, f"{name}_en")
        if lang == "nl" and self.dutch.get(name):
            return self.dutch[name]
        if not english:  # gettext("") would be the catalog's header
            return ""
        return translations(lang).gettext(english)

    def title(self, lang: str = "nl") -> str:
        return self.text("title", lang)

    @property
    def title_nl(self) -> str:
        return self.text("title", "nl")

    @property
    def what_nl(self) -> str:
        return self.text("what", "nl")

    @property
    def why_nl(self) -> str:
        return self.text("why", "nl")

    @property
    def fix_nl(self) -> str:
        return self.text("fix", "nl")

    def applies_to(self, profile: str) -> bool:
        return self.profiles is None or profile in self.profiles

    def __call__(self, site: Site) -> Result:
        return self.func(site)


def check(
    *,
    code: str,
    slug: str,
    rule: int,
    title_en: str,
    title_nl: str = "",
    what_en: str = "",
    what_nl: str = "",
    why_en: str = "",
    why_nl: str = "",
    fix_en: str = "",
    fix_nl: str = "",
    weight: float = 1.0,
    profiles: Iterable[str] | None = None,
    norm: str = "",
    absence: bool = True,
) -> Callable[[Callable[[Site], Result]], Check]:
    """Declare a check: its function plus the metadata the catalogue and reports show.

    The texts are English msgids, marked with ``N_()`` so that the Dutch comes from
    goudenregels' catalog; a plugin, whose texts are not in that catalog, gives its Dutch
    with ``title_nl=`` and the like.
    """
    if not (code[:2].isalpha() and code[2:].isdigit()):
        raise ValueError(f"check code {code!r} must look like GR101")
    if rule not in RULE_TITLES:
        raise ValueError(f"check {code}: rule must be 1-6, not {rule!r}")

    def wrap(func: Callable[[Site], Result]) -> Check:
        return Check(
            code=code,
            slug=slug,
            rule=rule,
            title_en=title_en,
            func=func,
            what_en=what_en or (func.__doc__ or "").strip(),
            why_en=why_en,
            fix_en=fix_en,
            weight=weight,
            profiles=tuple(profiles) if profiles is not None else None,
            norm=norm,
            absence=absence,
            dutch={
                name: text
                for name, text in (
                    ("title", title_nl),
                    ("what", what_nl),
                    ("why", why_nl),
                    ("fix", fix_nl),
                )
                if text
            },
        )

    return wrap


def defined_checks(module: str) -> list[Check]:
    """The checks a module defines, in the order it defines them.

    A check is registered by being defined: a module's ``goudenregels_checks`` hook returns
    ``defined_checks(__name__)``, so there is no list to keep in step with the functions.
    """
    import sys

    namespace = vars(sys.modules[module])
    return [
        value
        for value in namespace.values()
        if isinstance(value, Check) and getattr(value.func, "__module__", None) == module
    ]


@dataclass
class Finding:
    """A check's result with its metadata: one entry of the audit's ``findings``."""

    code: str
    slug: str
    rule: int
    status: str
    title: str
    message: str
    weight: float = 1.0
    evidence: list[Evidence] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    # Set when an auditor's verdict decided this finding: {"auditor", "note", "original_status"}.
    verdict: dict[str, Any] | None = None
    details: list[Detail] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out = self._fields()
        if self.verdict:
            out["verdict"] = self.verdict
        if self.details:
            out["details"] = [d.to_dict() for d in self.details]
        return out

    def _fields(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "slug": self.slug,
            "rule": self.rule,
            "status": self.status,
            "title": self.title,
            "message": self.message,
            "weight": self.weight,
            "evidence": [e.to_dict() for e in self.evidence],
            "data": self.data,
        }


@dataclass
class Overview:
    """A table of the whole audit that the checks own (the channel overview): ``build(audit,
    lang)`` returns a :class:`Table`, or ``None`` when it has nothing to show."""

    name: str
    build: Callable[[Audit, str], Table | None]
    plugin: str = ""


@dataclass
class Reporter:
    """An output format: ``render(audit, options)`` returns the file's text."""

    name: str
    extension: str
    render: Callable[[Audit, dict[str, Any]], str]
    description: str = ""
    plugin: str = ""


@dataclass
class SectorReporter:
    """A sector report of a batch: ``render(sector, options)`` returns the file's text, written
    as OUT/benchmark.<extension>. ``sector`` is the batch as plain data (see
    ``goudenregels.batch.sector``); options hold ``lang``, ``checks`` (code -> title and rule in
    that language) and ``compare`` (an earlier batch's sector data, or None)."""

    name: str
    extension: str
    render: Callable[[dict[str, Any], dict[str, Any]], str]
    description: str = ""
    plugin: str = ""


@dataclass
class Profile:
    """An organisation type; ``detect`` returns a confidence in [0, 1] from the snapshot."""

    name: str
    # The title as an English msgid; the Dutch is in the catalog (goudenregels.i18n).
    title_msgid: str
    detect: Callable[[Snapshot], float]
    plugin: str = ""

    def title(self, lang: str) -> str:
        """The profile's title in ``lang``."""
        return translations(lang).gettext(self.title_msgid)


class Gatherer(Protocol):
    name: str

    async def gather(self, tab: Any, page: Page) -> Any: ...


class Journey(Protocol):
    name: str

    async def run(self, ctx: Any) -> Any: ...
