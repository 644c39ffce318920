"""A cheap pre-check for a regular expression: strings of which every match contains one.

Many of the domain patterns start with an alternation of words, which Python's regex engine tries
at every position of a page's text. Read from the pattern itself (its parse tree), a set of
literal strings of which every match must contain at least one lets a text that holds none of them
be passed over with a substring search. The set is derived, never written by hand, so it cannot
drift from the pattern: a literal run is taken only from parts every match goes through (not from
an optional part, a repeat that may be empty or a branch some matches avoid), and a part whose
flags differ from the pattern's is not read. Where no set of strings of at least MIN_LENGTH
characters can be read, the pattern is simply always run.
"""

from __future__ import annotations

import re
from functools import cache
from re import _constants as sre_c
from re import _parser as sre_p
from typing import Any

# Shorter strings are found in nearly every text: not worth the look.
MIN_LENGTH = 3


@cache
def required(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings (casefolded when the pattern ignores case) of which every match contains at least
    one, or None when the pattern must always be run."""
    if pattern.flags & re.VERBOSE:
        return None  # comments and layout: read as written would be wrong; not worth it
    try:
        tree = sre_p.parse(pattern.pattern, pattern.flags)
    except Exception:
        return None
    fold = bool(pattern.flags & re.IGNORECASE)
    found = _sequence(list(tree), fold)
    if not found or min(len(s) for s in found) < MIN_LENGTH:
        return None
    return tuple(sorted(set(found)))


def may_match(pattern: re.Pattern[str], text: str, folded: str | None = None) -> bool:
    """False only when the pattern cannot match the text (none of its required strings is in
    it); ``folded`` is the text casefolded, when the caller has it already."""
    needs = required(pattern)
    if needs is None:
        return True
    if pattern.flags & re.IGNORECASE:
        haystack = folded if folded is not None else text.casefold()
    else:
        haystack = text
    return any(s in haystack for s in needs)


def _sequence(items: list[Any], fold: bool) -> tuple[str, ...] | None:
    """The best requirement of a sequence of parse items: a literal run it always contains (one
    string), or the requirement of a part it always goes through (a set of strings)."""
    candidates: list[tuple[str, ...]] = []
    run: list[str] = []

    def close_run() -> None:
        if run:
            text = "".join(run)
            candidates.append((text.casefold() if fold else text,))
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
