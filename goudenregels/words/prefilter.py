"""A cheap pre-check for a regular expression: strings of which every match contains one.

Many of the domain patterns start with an alternation of words, which Python's regex engine tries
at every position of a page's text. Read from the pattern itself (its parse tree), a set of
literal strings of which every match must contain at least one lets a text that holds none of them
be passed over with a substring search. The set is derived, never written by hand, so it cannot
drift from the pattern: a literal run is taken only from parts every match goes through (not from
an optional part, a repeat that may be empty or a branch some matches avoid), and a part whose
flags differ from the pattern's is not read. Where no set of strings of at least MIN_LENGTH
characters can be read, the pattern is simply always run.

The domain's patterns are compiled with ``compile`` below: a ``Prefiltered`` pattern makes that
look itself before every search, so every check and the page reader get it without asking. Case
is compared as the regex engine compares it (``caseless``), never more loosely or strictly.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from re import _casefix as sre_casefix
from re import _constants as sre_c
from re import _parser as sre_p
from typing import Any

# Shorter strings are found in nearly every text: not worth the look.
MIN_LENGTH = 3


# Beyond lower case, the regex engine treats some letters as one (dotless ı and i, long ſ and s,
# Greek σ and ς): each is written as the lowest of its set. Its own lower case and str.lower()
# agree for every character but "İ", which lower() makes "i" and a combining dot.
_TWINS = {
    low: min((low, *same))
    for low, same in sre_casefix._EXTRA_CASES.items()
    if min((low, *same)) != low
}
_HAS_TWIN = re.compile("[" + "".join(re.escape(chr(code)) for code in _TWINS) + "]")


def caseless(text: str) -> str:
    """The text as a pattern that ignores case compares it: a string the pattern's literal (made
    caseless too) matches contains that literal here. Not casefold(), which turns "İ" into two
    characters where the engine reads an "i", and "ß" into "ss"."""
    if text.isascii():
        return text.lower()
    low = text.replace("\u0130", "i").lower()
    return low.translate(_TWINS) if _HAS_TWIN.search(low) else low


# What required() read of each plain pattern, by id: a pattern's own hash is computed over its
# whole compiled code at every call, which for the long domain patterns costs more than a search.
_READ: dict[int, tuple[re.Pattern[str], tuple[str, ...] | None]] = {}


def required(pattern: re.Pattern[str] | Prefiltered) -> tuple[str, ...] | None:
    """Strings (made caseless when the pattern ignores case) of which every match contains at
    least one, or None when the pattern must always be run."""
    if isinstance(pattern, Prefiltered):
        return pattern.needs
    known = _READ.get(id(pattern))
    if known is not None and known[0] is pattern:
        return known[1]
    needs = _read(pattern.pattern, pattern.flags)
    _READ[id(pattern)] = (pattern, needs)
    return needs


def _read(source: str | bytes, flags: int) -> tuple[str, ...] | None:
    if not isinstance(source, str) or flags & re.VERBOSE:
        return None  # comments and layout: read as written would be wrong; not worth it
    try:
        tree = sre_p.parse(source, flags)
    except Exception:
        return None
    fold = bool(flags & re.IGNORECASE)
    found = _sequence(list(tree), fold)
    if not found or min(len(s) for s in found) < MIN_LENGTH:
        return None
    return tuple(sorted(set(found)))


def may_match(pattern: re.Pattern[str] | Prefiltered, text: str, folded: str | None = None) -> bool:
    """False only when the pattern cannot match the text (none of its required strings is in
    it); ``folded`` is ``caseless(text)``, when the caller has it already."""
    needs = required(pattern)
    if needs is None:
        return True
    if pattern.flags & re.IGNORECASE:
        haystack = folded if folded is not None else caseless(text)
    else:
        haystack = text
    return any(s in haystack for s in needs)


_UNREAD: tuple[str, ...] = ("",)


class Prefiltered:
    """A pattern that first looks for the strings every match contains, and answers "no match"
    at once for a text without any of them; otherwise the pattern itself runs. The answers are
    those of the pattern: only the time differs. It offers what the checks use of a pattern
    (search, match, fullmatch, finditer, findall, sub, subn, split, and the pattern's
    attributes), so a module can compile its patterns with ``compile`` below unchanged.

    Compiled, and its strings read, at first use: importing the domain's few hundred patterns
    compiled them all before a crawl could start, most of them for checks that run minutes
    later, in two processes that each compile what they need.
    """

    __slots__ = ("_source", "_flags", "_regex", "_needs", "_fold")

    def __init__(self, pattern: str | re.Pattern[str], flags: int = 0) -> None:
        if isinstance(pattern, re.Pattern):
            self._regex: re.Pattern[str] | None = pattern
            self._source, self._flags = pattern.pattern, pattern.flags
        else:
            self._regex, self._source, self._flags = None, pattern, flags
        self._needs = _UNREAD
        self._fold = bool(self._flags & re.IGNORECASE)

    @property
    def regex(self) -> re.Pattern[str]:
        regex = self._regex
        if regex is None:
            regex = self._regex = re.compile(self._source, self._flags)
        return regex

    @property
    def needs(self) -> tuple[str, ...] | None:
        needs = self._needs
        if needs is _UNREAD:
            needs = self._needs = _read(self._source, self._flags)
        return needs

    def _may(self, string: str) -> bool:
        needs = self._needs
        if needs is _UNREAD:
            needs = self.needs
        if needs is None:
            return True
        haystack = caseless(string) if self._fold else string
        for needed in needs:  # noqa: SIM110 - a loop is faster here than any() over a generator
            if needed in haystack:
                return True
        return False

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.regex.search(string, pos, endpos) if self._may(string) else None

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.regex.match(string, pos, endpos) if self._may(string) else None

    def fullmatch(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> re.Match[str] | None:
        return self.regex.fullmatch(string, pos, endpos) if self._may(string) else None

    def finditer(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        return self.regex.finditer(string, pos, endpos) if self._may(string) else iter(())

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list:
        return self.regex.findall(string, pos, endpos) if self._may(string) else []

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        return self.regex.sub(repl, string, count) if self._may(string) else string

    def subn(
        self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0
    ) -> tuple[str, int]:
        return self.regex.subn(repl, string, count) if self._may(string) else (string, 0)

    def split(self, string: str, maxsplit: int = 0) -> list[str | None]:
        return self.regex.split(string, maxsplit) if self._may(string) else [string]

    @property
    def pattern(self) -> str:
        return self._source

    @property
    def flags(self) -> int:
        return self.regex.flags

    @property
    def groups(self) -> int:
        return self.regex.groups

    @property
    def groupindex(self) -> dict[str, int]:
        return dict(self.regex.groupindex)

    def __repr__(self) -> str:
        return f"Prefiltered({self._source!r}, {self._flags})"


# Every pattern compile() made: what warm() prepares (the tests: every one of them compiles).
_MADE: list[Prefiltered] = []


def compile(pattern: str, flags: int = 0) -> Prefiltered:
    """``re.compile`` for a domain pattern searched in many texts: see Prefiltered."""
    made = Prefiltered(pattern, flags)
    _MADE.append(made)
    return made


def warm() -> int:
    """Compile every domain pattern made so far and read its strings (a bad pattern raises
    here). Returns how many there are."""
    made = list(_MADE)
    for pattern in made:
        pattern.regex  # noqa: B018 - compiled for later
        pattern.needs  # noqa: B018
    return len(made)


def _sequence(items: list[Any], fold: bool) -> tuple[str, ...] | None:
    """The best requirement of a sequence of parse items: a literal run it always contains (one
    string), or the requirement of a part it always goes through (a set of strings)."""
    candidates: list[tuple[str, ...]] = []
    run: list[str] = []

    def close_run() -> None:
        if run:
            text = "".join(run)
            candidates.append((caseless(text) if fold else text,))
            run.clear()

    for op, av in items:
        if op is sre_c.LITERAL:
            run.append(chr(av))
            continue
        close_run()
        inner = _part(op, av, fold)
        if inner:
            candidates.append(inner)
    close_run()
    usable = [c for c in candidates if min(len(s) for s in c) >= MIN_LENGTH]
    if not usable:
        return None
    # The most selective: the set whose shortest string is longest, then the smallest set.
    return max(usable, key=lambda c: (min(len(s) for s in c), -len(c)))


def _part(op: Any, av: Any, fold: bool) -> tuple[str, ...] | None:
    """The requirement of one non-literal item, or None when it guarantees nothing."""
    if op is sre_c.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        if add_flags or del_flags:
            return None
        return _sequence(list(sub), fold)
    if op is sre_c.BRANCH:
        _none, branches = av
        out: list[str] = []
        for branch in branches:
            need = _sequence(list(branch), fold)
            if not need:
                return None  # a branch that guarantees nothing: the whole alternation neither
            out.extend(need)
        return tuple(out)
    if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, sre_c.POSSESSIVE_REPEAT):
        low, _high, sub = av
        return _sequence(list(sub), fold) if low >= 1 else None
    if op is sre_c.ATOMIC_GROUP:
        return _sequence(list(av), fold)
    return None


# What a function that takes a domain pattern accepts.
Pattern = re.Pattern[str] | Prefiltered
