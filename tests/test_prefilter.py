"""The regex pre-check (words/prefilter.py): the strings it requires are read from the pattern,
and no text a pattern matches is ever passed over."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goudenregels.words import disputes, prefilter, vocab


@pytest.mark.parametrize(
    ("pattern", "needs"),
    [
        (r"klachtencommissie", ("klachtencommissie",)),
        (r"ab(?:cde)?fgh", ("fgh",)),  # the optional part is not required
        (r"(?:foo|bar)\s+quux", ("quux",)),  # the longest guaranteed run wins
        # The parser takes a common first letter out of the branches: still one of the two.
        (r"(?:kifid|klachteninstituut)\b", ("ifid", "lachteninstituut")),
        (r"(?:ab|xyz)", None),  # a branch of two letters guarantees nothing worth a look
        (r"x(?i:abcd)", None),  # a part with its own flags is not read
        (r"(?:geschillen)+commissie", ("geschillen",)),  # the longer of two guaranteed runs
        (r"(?:hallo)*wereld", ("wereld",)),  # a repeat that may be empty is not required
        (r"\w+", None),
    ],
)
def test_required_strings_are_read_from_the_pattern(pattern: str, needs) -> None:
    assert prefilter.required(re.compile(pattern)) == needs


def test_case_is_folded_only_when_the_pattern_ignores_it() -> None:
    assert prefilter.required(re.compile("Kifid", re.IGNORECASE)) == ("kifid",)
    assert prefilter.required(re.compile("Kifid")) == ("Kifid",)
    assert prefilter.may_match(re.compile("Kifid", re.IGNORECASE), "Meld het bij KIFID.")
    assert not prefilter.may_match(re.compile("Kifid"), "Meld het bij KIFID.")


# The patterns the checks pass over page texts with the pre-check.
PATTERNS = [pattern for _body, pattern in disputes._compiled()] + [vocab.DATA_ACCESS]


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.pattern[:40])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_text_the_pattern_matches_is_never_passed_over(pattern, data) -> None:
    text = data.draw(st.from_regex(pattern))
    # Around it, text in other cases: what the pattern matches stays matched.
    before = data.draw(st.sampled_from(["", "Zie ook: ", "MELD HET BIJ ", "\n"]))
    sample = before + text
    if pattern.search(sample):
        assert prefilter.may_match(pattern, sample)
