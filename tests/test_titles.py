"""Page titles without the site's name (words/titles.py)."""

from hypothesis import given
from hypothesis import strategies as st

from goudenregels.words import titles


def test_the_name_every_title_repeats_is_left_out() -> None:
    pages = [
        "Slimme installaties - Jansen Elektroservice",
        "Laadpaal installatie | Jansen Elektroservice",
        "Intercom – Jansen Elektroservice",
        "Offerte aanvragen - Jansen Elektroservice",
    ]
    shared = titles.shared_parts(pages[0], pages)
    assert shared == {"jansen elektroservice"}
    assert titles.own_title(pages[1], shared) == "Laadpaal installatie"


def test_a_part_most_pages_share_but_the_home_title_lacks_is_kept() -> None:
    # Most pages are help articles: their 'Klantenservice' is the section, not the site's name.
    pages = ["Winkel Jansen", *[f"Vraag {n} - Klantenservice" for n in range(5)]]
    shared = titles.shared_parts(pages[0], pages)
    assert titles.own_title(pages[2], shared) == "Vraag 1 | Klantenservice"


def test_too_few_titles_say_nothing_of_a_name() -> None:
    assert titles.shared_parts("A - B", ["A - B", "C - B"]) == frozenset()


@given(st.lists(st.text(max_size=40), min_size=1, max_size=8))
def test_own_title_only_keeps_words_of_the_title(pages: list[str]) -> None:
    shared = titles.shared_parts(pages[0], pages)
    for title in pages:
        own = titles.own_title(title, shared)
        for part in own.split(" | "):
            assert part == "" or part in title
