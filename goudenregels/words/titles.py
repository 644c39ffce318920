"""Page titles without the site's name: the part every title repeats says nothing of the page.

"Intercom installatie - NRT Elektroservice" is about intercoms, not about service; the site's
name after the separator is on every page, so a word in it must not make each page a help or
service page.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from goudenregels.words import prefilter

# Separators sites put between the page's own title and the site's name.
SEPARATOR = prefilter.compile(r"\s+[-–—|·•:»/]\s+|\s*[|·•»]\s*")
MIN_TITLES = 3  # fewer titles cannot tell the site's name from a page's own words
SHARED_SHARE = 0.6  # a part in this share of the titles is the site's name


def parts(title: str) -> list[str]:
    return [p.strip() for p in SEPARATOR.split(title) if p.strip()]


def shared_parts(home: str, titles: Iterable[str]) -> frozenset[str]:
    """The parts (case-folded) of the home page's title that most pages repeat: the site's
    name, its slogan. Only the home title's parts: on a crawl of mostly help articles, their
    shared 'Klantenservice' is the section, not the site's name."""
    titles = [t for t in titles if t.strip()]
    if len(titles) < MIN_TITLES:
        return frozenset()
    counts = Counter(p.casefold() for t in titles for p in {q.casefold() for q in parts(t)})
    named = {p.casefold() for p in parts(home)}
    return frozenset(p for p in named if counts[p] >= SHARED_SHARE * len(titles))


def own_title(title: str, shared: frozenset[str]) -> str:
    """The title without the parts every page repeats (the whole title if nothing is left)."""
    own = [p for p in parts(title) if p.casefold() not in shared]
    return " | ".join(own) if own else ("" if shared else title)
