"""schema.org microdata and RDFa read with extruct, in the same form as a page's JSON-LD blocks.

Sites write the same facts three ways: a JSON-LD block, microdata attributes
(``itemprop="telephone"``, ``<meta itemprop="openingHours" content="Mo-Fr 09:00-17:00">``) or
RDFa (``property="telephone"``). Items read here are appended to ``page.jsonld`` so every reader
of structured data (opening hours, phones, e-mail, KvK number, profile) sees all three.

extruct is imported only when a page carries microdata or RDFa markup (start-up stays fast). The
input is bounded and the parser's failures are swallowed: a page's garbage never stops a crawl.
"""

from __future__ import annotations

import json
import re
from typing import Any

from goudenregels.words import prefilter

# Pages larger than this are not parsed a second time for microdata (the JSON-LD is still read).
MAX_HTML_CHARS = 1_500_000
MAX_MICRODATA_SCOPES = 400
MAX_MICRODATA_NESTING = 24
MAX_RDFA_HTML_CHARS = 500_000
MAX_RDFA_NODES = 300
MAX_ITEMS = 50
MAX_ITEM_CHARS = 100_000
MAX_DEPTH = 8  # RDFa references followed into one item
MAX_NESTING = 60  # as for a JSON-LD block (extract.MAX_JSONLD_DEPTH)
_ITEMSCOPE = prefilter.compile(r"\bitemscope\b", re.IGNORECASE)
_MICRODATA = prefilter.compile(r"\bitemscope\b|\bitemprop\s*=", re.IGNORECASE)
# RDFa that describes something: typeof/vocab attributes (Open Graph <meta property> alone is not).
_RDFA = prefilter.compile(r"\s(?:typeof|vocab)\s*=", re.IGNORECASE)
_XML_DECLARATION = prefilter.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
_SCHEMA = prefilter.compile(r"^https?://schema\.org/", re.IGNORECASE)


def structured_items(html: str, base_url: str) -> list[dict[str, Any]]:
    """The microdata and RDFa items of a page as JSON-LD-like dicts (at most MAX_ITEMS)."""
    if not html or len(html) > MAX_HTML_CHARS:
        return []
    # extruct's microdata reader slows down with the square of how deeply items nest; more items
    # than this is a product listing or a hostile page, not an organisation's contact details.
    scopes = len(_ITEMSCOPE.findall(html))
    syntaxes = ["microdata"] if _MICRODATA.search(html) and scopes <= MAX_MICRODATA_SCOPES else []
    # The RDFa reader is slow (about half a millisecond per described node): bounded tighter.
    if len(html) <= MAX_RDFA_HTML_CHARS and 0 < len(_RDFA.findall(html)) <= MAX_RDFA_NODES:
        syntaxes.append("rdfa")
    if not syntaxes:
        return []
    # lxml refuses text that still declares an encoding (XHTML's <?xml ... encoding="..."?>).
    html = _XML_DECLARATION.sub("", html, count=1)
    try:
        import extruct
        from extruct.utils import parse_html, parse_xmldom_html

        tree = (parse_xmldom_html if "rdfa" in syntaxes else parse_html)(html, encoding="UTF-8")
        if "microdata" in syntaxes and _item_nesting(tree) > MAX_MICRODATA_NESTING:
            # The reader recurses per nested item: a deeper page could exhaust the stack inside
            # lxml, which leaves that reader unusable for the rest of the process.
            syntaxes.remove("microdata")
        data = extruct.extract(
            tree, base_url=base_url, syntaxes=syntaxes, uniform=True, errors="ignore"
        )
    except Exception:  # noqa: BLE001 - a third-party parser on hostile input: any failure is "none"
        return []
    items = [i for i in data.get("microdata") or [] if isinstance(i, dict)]
    items += _compact_rdfa(data.get("rdfa") or [])
    return [i for i in (_bounded(i) for i in items[:MAX_ITEMS]) if i is not None]


def _item_nesting(tree: Any) -> int:
    """How deeply microdata items nest in a parsed page (0 without items)."""
    deepest = 0
    for scope in tree.xpath("//*[@itemscope]")[: MAX_MICRODATA_SCOPES + 1]:
        deepest = max(deepest, 1 + len(scope.xpath("ancestor::*[@itemscope]")))
        if deepest > MAX_MICRODATA_NESTING:
            break
    return deepest


def _bounded(item: dict[str, Any]) -> dict[str, Any] | None:
    """The item if it nests and serialises within bounds (ordinary JSON types only), else None.

    Deeper than a JSON-LD block may nest (MAX_NESTING) is no real structured data either.
    """
    if _too_deep(item):
        return None
    try:
        text = json.dumps(item, ensure_ascii=False, default=str)
    except (TypeError, ValueError, RecursionError):
        return None
    if len(text) > MAX_ITEM_CHARS:
        return None
    return json.loads(text)


def _too_deep(data: Any) -> bool:
    stack = [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > MAX_NESTING:
                return True
            values = item.values() if isinstance(item, dict) else item
            stack.extend((v, depth + 1) for v in values)
    return False


def _short(iri: Any) -> str | None:
    """'https://schema.org/telephone' -> 'telephone'; None for another vocabulary."""
    if not isinstance(iri, str) or not _SCHEMA.match(iri):
        return None
    return _SCHEMA.sub("", iri) or None


def _compact_rdfa(nodes: list[Any]) -> list[dict[str, Any]]:
    """extruct's expanded RDFa graph as compact schema.org items, references nested in place."""
    nodes = [n for n in nodes if isinstance(n, dict)]
    by_id = {n.get("@id"): n for n in nodes if isinstance(n.get("@id"), str)}
    referenced: set[str] = set()
    for n in nodes:
        for key, values in n.items():
            if not key.startswith("@") and isinstance(values, list):
                referenced |= {v["@id"] for v in values if isinstance(v, dict) and "@id" in v}

    def value(v: Any, depth: int) -> Any:
        if not isinstance(v, dict):
            return v
        if "@value" in v:
            return v["@value"]
        ref = by_id.get(v.get("@id"))
        if ref is not None and depth < MAX_DEPTH:
            return node(ref, depth + 1)
        return v.get("@id", "")

    def node(n: dict[str, Any], depth: int) -> dict[str, Any]:
        types = [t for t in (_short(t) for t in n.get("@type") or []) if t]
        out: dict[str, Any] = {"@type": types[0] if len(types) == 1 else types} if types else {}
        for key, values in n.items():
            name = _short(key)
            if name is None or not isinstance(values, list):
                continue
            got = [value(v, depth) for v in values[:MAX_ITEMS]]
            out[name] = got[0] if len(got) == 1 else got
        return out

    out = []
    for n in nodes:
        schema_typed = any(_short(t) for t in n.get("@type") or [])
        if schema_typed and n.get("@id") not in referenced:
            out.append({"@context": "https://schema.org", **node(n, 0)})
    return out
