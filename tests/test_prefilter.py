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


# The patterns the checks pass over page texts with the pre-check: the dispute bodies, and
# domain patterns of every shape (alternations, lookaheads, repeats, both case modes).
PATTERNS = [pattern for _body, pattern in disputes._compiled()] + [
    vocab.DATA_ACCESS.regex,
    vocab.REACTION_WORDS.regex,
    vocab.REFUND_WORDS.regex,
    vocab.CONFIRMATION_WORDS.regex,
    vocab.WITHDRAWAL_FUNCTION.regex,
    vocab.DISPUTE_ROUTE_HINT.regex,
    vocab.SERVICE_WORDS.regex,
    vocab.HOURS_CONTEXT.regex,
]


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.pattern[:40])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_text_the_pattern_matches_is_never_passed_over(pattern, data) -> None:
    text = data.draw(st.from_regex(pattern))
    # Around it, text in other cases and letters the engine reads as others (İ as i, ſ as s).
    before = data.draw(st.sampled_from(["", "Zie ook: ", "MELD HET BIJ ", "\n", "İſ ", "Ωμέγα "]))
    sample = before + data.draw(st.sampled_from([str, str.upper, str.title]))(text)
    if pattern.search(sample):
        assert prefilter.may_match(pattern, sample)
        gated = prefilter.Prefiltered(pattern)
        assert gated.search(sample) is not None


def test_caseless_reads_letters_as_the_engine_does_when_it_ignores_case() -> None:
    """Whatever character the engine matches to a pattern letter, ignoring case, is the same
    character in caseless(): checked over every character of the Basic Multilingual Plane."""
    every = "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000)
    for letter in "abcikmsyzéëïüøßıſµσςİ\u212a":
        matched = re.findall(re.escape(letter), every, re.IGNORECASE)
        assert matched and {prefilter.caseless(ch) for ch in matched} == {
            prefilter.caseless(letter)
        }, letter
    # casefold() would lose these: "İ" is read as "i", "ß" is not "ss".
    assert re.search("xix", "XİX", re.IGNORECASE) and prefilter.may_match(
        re.compile("xix", re.IGNORECASE), "XİX"
    )
    assert prefilter.may_match(re.compile("kosten", re.IGNORECASE), "\u212aoſten")


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(alphabet="abceinorstuvwIRSTÜİſ .,-\n", max_size=60),
    which=st.sampled_from(["search", "match", "fullmatch", "findall", "split", "sub", "subn"]),
)
def test_a_prefiltered_pattern_answers_as_its_pattern(text: str, which: str) -> None:
    """Only the time differs: every method a check uses gives the pattern's own answer."""
    for regex in (
        re.compile(r"(?:retour|ruil)\w*|\bterug\s+sturen", re.IGNORECASE),
        re.compile(r"Service\s+(?:uren|tijden)"),
        re.compile(r"\w+"),  # nothing required: always run
    ):
        gated = prefilter.Prefiltered(regex)
        args = ("-", text) if which in ("sub", "subn") else (text,)
        want, got = getattr(regex, which)(*args), getattr(gated, which)(*args)
        if which in ("search", "match", "fullmatch"):
            want, got = want and want.span(), got and got.span()
        assert got == want
        assert [m.span() for m in gated.finditer(text)] == [m.span() for m in regex.finditer(text)]
    assert gated.pattern == regex.pattern and gated.flags == regex.flags


def test_the_domain_patterns_are_prefiltered_and_read_at_first_use() -> None:
    assert isinstance(vocab.RETURNS_WORDS, prefilter.Prefiltered)
    assert prefilter.required(vocab.RETURNS_WORDS) == prefilter.required(vocab.RETURNS_WORDS.regex)
    assert "retour" in (prefilter.required(vocab.RETURNS_WORDS) or ())


def test_every_domain_pattern_compiles_and_is_compiled_only_when_needed() -> None:
    import goudenregels.crawl.crawler  # noqa: F401 - its patterns and the page reader's too
    from goudenregels.plugins import Plugins

    Plugins()
    fresh = prefilter.compile(r"klachten(?:regeling|procedure)", re.IGNORECASE)
    assert fresh._regex is None and fresh.pattern.startswith("klachten")
    assert not fresh.search("Geen woorden die het zoekt.")
    assert fresh._regex is None  # the strings said no: nothing compiled
    assert fresh.search("Lees de KLACHTENREGELING.").group(0) == "KLACHTENREGELING"
    assert prefilter.warm() > 300  # a bad pattern would raise here
    assert all(p._regex is not None and p._needs is not prefilter._UNREAD for p in prefilter._MADE)
