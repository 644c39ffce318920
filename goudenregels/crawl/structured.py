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

# Pages larger than this are not parsed a second time for microdata (the JSON-LD is still read).
MAX_HTML_CHARS = 1_500_000
MAX_ITEMS = 50
MAX_ITEM_CHARS = 100_000
MAX_DEPTH = 8
_MICRODATA = re.compile(r"\bitemscope\b|\bitemprop\s*=", re.IGNORECASE)
# RDFa that describes something: typeof/vocab attributes (Open Graph <meta property> alone is not).
_RDFA = re.compile(r"\s(?:typeof|vocab)\s*=", re.IGNORECASE)
_SCHEMA = re.compile(r"^https?://schema\.org/", re.IGNORECASE)


def structured_items(html: str, base_url: str) -> list[dict[str, Any]]:
    """The microdata and RDFa items of a page as JSON-LD-like dicts (at most MAX_ITEMS)."""
    if not html or len(html) > MAX_HTML_CHARS:
        return []
    syntaxes = [
        name for name, hint in (("microdata", _MICRODATA), ("rdfa", _RDFA)) if hint.search(html)
    ]
    if not syntaxes:
        return []
    try:
        import extruct

        data = extruct.extract(
            html, base_url=base_url, syntaxes=syntaxes, uniform=True, errors="ignore"
        )
    except Exception:  # noqa: BLE001 - a third-party parser on hostile input: any failure is "none"
        return []
    items = [i for i in data.get("microdata") or [] if isinstance(i, dict)]
    items += _compact_rdfa(data.get("rdfa") or [])
    return [i for i in (_bounded(i) for i in items[:MAX_ITEMS]) if i is not None]


def _bounded(item: dict[str, Any]) -> dict[str, Any] | None:
    """The item if it serialises to a sane size (ordinary JSON types only), else None."""
    try:
        text = json.dumps(item, ensure_ascii=False, default=str)
    except (TypeError, ValueError, RecursionError):
        return None
    if len(text) > MAX_ITEM_CHARS:
        return None
    return json.loads(text)


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
