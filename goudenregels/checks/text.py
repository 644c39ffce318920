"""Text helpers the checks share: sentences, negation, statements, menus and de-duplication."""

from __future__ import annotations

import re
from functools import lru_cache

from goudenregels.checks.site import Site
from goudenregels.snapshot import Page
from goudenregels.words import prefilter, vocab
from goudenregels.words.quotes import SENTENCE_END

WORD = prefilter.compile(r"[^\W\d_]+", re.UNICODE)


@lru_cache(maxsize=1024)
def sentences(text: str) -> tuple[str, ...]:
    """A page text split into sentences; each line is at least one sentence.

    Kept per text: a dozen checks split the same pages.
    """
    return tuple(s.strip() for s in SENTENCE_END.split(text) if s and s.strip())


def may_match(pattern: prefilter.Pattern, text: str) -> bool:
    """Whether any sentence of a text can match: a cheap test before splitting it."""
    return bool(pattern.search(text.replace("\n", " ")))


def is_question(sentence: str) -> bool:
    return sentence.rstrip().endswith("?")


def negated(sentence: str, start: int, end: int | None = None) -> bool:
    """True when one of the three words before ``start`` negates it ('geen track & trace'), or
    a word inside ``start:end`` does ('je ontvangt geen bevestiging')."""
    words = WORD.findall(sentence[:start])[-3:]
    words += WORD.findall(sentence[start:end]) if end is not None else []
    return any(vocab.NEGATION.fullmatch(w) or w.lower() == "zonder" for w in words)


def statements(site: Site, pattern: prefilter.Pattern, pages: list[Page] | None = None):
    """(page, sentence, match) for each non-question, non-negated sentence matching a pattern."""
    out = []
    for page in site.pages if pages is None else pages:
        for sentence in sentences(page.text):
            m = pattern.search(sentence)
            if m and not is_question(sentence) and not negated(sentence, m.start(), m.end()):
                out.append((page, sentence, m))
    return out


def unique(found):
    """Drop repeats of the same sentence (footers, top bars); the nearest page is kept."""
    seen: set[str] = set()
    out = []
    for item in found:
        key = " ".join(item[1].lower().split())
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def url_of(page: Page) -> str:
    return page.address


def menu_labels(page: Page) -> list[str]:
    """Short link texts, longest first: a menu item 'Garantie & retour' is not a promise."""
    labels = {link.text.strip().lower() for link in page.links if len(link.text.split()) <= 3}
    return sorted((label for label in labels if label), key=len, reverse=True)


def is_menu(sentence: str, labels: list[str]) -> bool:
    """A line made only of link texts is a menu; one with a number ('30 dagen retour') is not."""
    if any(ch.isdigit() for ch in sentence):
        return False
    rest = sentence.lower()
    for label in labels:
        rest = rest.replace(label, " ")
    return not WORD.search(rest)
