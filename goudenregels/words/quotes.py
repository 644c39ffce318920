"""Quotes from a page's text: the sentence around the matched words, cut at word boundaries.

Evidence quotes the site, so a quote must hold the words that were matched, and only the site's
words; these functions cut it from the text without ever cutting those words off.
"""

from __future__ import annotations

from goudenregels.words import prefilter

# A sentence ends at . ! ? followed by a capital, digit or quote, at a line break, or at the
# separators of a top bar of selling points ("Gratis bezorging · 30 dagen retour").
SENTENCE_END = prefilter.compile(r"(?<=[.!?])\s+(?=[^a-z\s])|\n|\s[·•|]\s")
QUOTE_WIDTH = 400  # characters of a quote at most (plus the matched words when longer)
ELLIPSIS = "…"


def line_around(text: str, index: int, width: int = 200, *, end: int | None = None) -> str:
    """The sentence of ``text`` that holds the words at ``index:end``, as a quote.

    A sentence longer than ``width`` is cut on both sides of those words at word boundaries,
    marked with "…", so the quote always holds the matched words and never a neighbouring
    sentence instead of them (a long paragraph cut at its start would lose them).
    """
    end = max(index, end if end is not None else index)
    start = _sentence_start(text, index)
    stop = next((m.start() for m in SENTENCE_END.finditer(text, end) if m.start() >= end), None)
    stop = len(text) if stop is None else stop
    sentence_start = start + len(text[start:stop]) - len(text[start:stop].lstrip())
    start, stop = sentence_start, sentence_start + len(text[sentence_start:stop].rstrip())
    if stop - start <= width:
        return text[start:stop]
    room = max(0, width - (end - index))
    left = min(index - start, max(room // 2, room - (stop - end)))
    right = min(stop - end, room - left)
    cut_start = _word_start(text, index - left, index) if index - left > start else start
    cut_stop = _word_end(text, end + right, end) if end + right < stop else stop
    quote = text[cut_start:cut_stop].strip()
    before = ELLIPSIS if cut_start > start else ""
    after = ELLIPSIS if cut_stop < stop else ""
    return f"{before}{quote}{after}"


def _sentence_start(text: str, index: int) -> int:
    """Where the sentence holding ``index`` starts (the end of the last boundary before it)."""
    start = 0
    # One character past index: a boundary right before it is told by the capital it precedes.
    for m in SENTENCE_END.finditer(text, max(0, index - 5000), index + 1):
        if m.end() <= index:
            start = m.end()
    return start


def _word_start(text: str, at: int, limit: int) -> int:
    """``at`` moved forward to the start of a word, never past ``limit``."""
    if at > 0 and not text[at - 1].isspace():
        space = text.find(" ", at, limit)
        at = space + 1 if space >= 0 else at
    return at


def _word_end(text: str, at: int, limit: int) -> int:
    """``at`` moved back to the end of a word, never before ``limit``."""
    if at < len(text) and not text[at].isspace():
        space = text.rfind(" ", limit, at)
        at = space if space >= 0 else at
    return at


def clip(text: str, width: int) -> str:
    """``text`` cut to about ``width`` characters at a word boundary, marked with "…"."""
    if len(text) <= width:
        return text
    cut = text.rfind(" ", width // 2, width)
    return text[: cut if cut > 0 else width].rstrip() + ELLIPSIS
