"""Which channel a promised reaction time is about: by the words near it, its section's heading,
or the contact element (form, e-mail address, phone number) beside it; otherwise none.

A page is read as its text lines (the reader's ``Page.text``). The order of evidence:

1. the nearest channel word in the promise's own sentence, in its own clause first ("bel ons of
   mail: e-mails beantwoorden we binnen 1 werkdag" is about e-mail), with the channels listed
   together with it ("via WhatsApp en e-mail": both; a live channel only for a live term);
2. the channel word of the sentence just before it in the same paragraph ("Stuur ons een
   e-mail. U hoort binnen 2 werkdagen van ons."), or, where that sentence or its own sends the
   reader to the contact page ("Bezoek onze contactpagina"), the written channels that page
   offers;
3. the heading of its section, the nearest short heading-like line above it ("WhatsApp");
4. the nearest contact element in document order, within a few lines and in the same section,
   when no element of another channel is as near (a line naming another channel counts as one)
   and it can own the duration.

What none of these settles has no channel: a guess would hold a promise to the wrong norm.
The phone's norm is about picking up within seconds; a promise of hours or days is never taken
from a phone number or heading nearby, only from a sentence that says so ("wij bellen u binnen
één werkdag terug").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from goudenregels.words import channels, prefilter, vocab
from goudenregels.words.channels import Channel
from goudenregels.words.durations import Duration

HEADING_CHARS = 60  # a longer line is a sentence, not a heading
HEADING_WORDS = 8
SECTION_LINES = 12  # how far above a promise its heading is looked for
ELEMENT_LINES = 4  # how far from a promise a contact element may be and still own it
LABEL_EXTRA = 20  # characters a label line may add to the label ("(optioneel)", "*")
NEIGHBOURS = 4  # channel words either side of one that may overlap it
PHONE_WITHIN_HOURS = 1.0  # only a promise this quick can be about picking up the phone

_CLAUSE_BREAK = prefilter.compile(
    r"[,;:()]|\s(?:maar|en|terwijl|but|and|whereas|while)\s|\s[-–]\s", re.IGNORECASE
)
_SENTENCE_END = prefilter.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")
# What stands between channel words that are listed together: "WhatsApp en e-mail", "chat/mail".
_LISTED = prefilter.compile(
    r"[\w-]{0,15}\s*(,|&|/|\+|\ben\b|\bof\b|\band\b|\bor\b)\s*"
    r"((via|per|by|met|through)\s+)?((de|het|the|ons|onze|our|je|uw|your)\s+)?",
    re.IGNORECASE,
)
_CONTACT_DETAIL = prefilter.compile(r"@|\d{3}[\s.-]?\d{2,}")


@dataclass(frozen=True)
class Anchor:
    """A contact element's place in the page text: the lines it spans and its channel."""

    first: int
    last: int
    channel: Channel

    def distance(self, line: int) -> int:
        if line < self.first:
            return self.first - line
        return max(0, line - self.last)


@dataclass(frozen=True)
class Attribution:
    channel: Channel | None  # None: the promise names no channel and none is beside it
    # "sentence", "paragraph", "contact page", "heading", "element" or "" (not attributed)
    how: str
    # Channels named together with it in the sentence ("WhatsApp en e-mail"): the same promise.
    also: tuple[Channel, ...] = ()
    # The heading or sentence before says the duration is about something else ("Klachten").
    other_topic: bool = False


@lru_cache(maxsize=32)
def channel_words(text: str) -> tuple[tuple[int, int, Channel], ...]:
    """(start, end, channel) for every channel word; a word inside or right beside a more
    specific channel's word ("WhatsApp-chat", "Facebook Messenger") counts only as that one."""
    found: list[tuple[int, int, int, Channel]] = []
    for rank, (channel, pattern) in enumerate(vocab.PROMISE_CHANNELS):
        for m in pattern.finditer(text):
            found.append((m.start(), m.end(), rank, channel))
    found.sort(key=lambda item: item[0])
    kept = []
    for i, (start, end, rank, channel) in enumerate(found):
        # Sorted by start: only the few words around this one can touch it.
        near = found[max(0, i - NEIGHBOURS) : i + NEIGHBOURS + 1]
        beaten = any(r < rank and s <= end + 1 and start <= e + 1 for s, e, r, _c in near)
        if not beaten:
            kept.append((start, end, channel))
    return tuple(kept)


def _gap(start: int, end: int, span: tuple[int, int]) -> int:
    if end <= span[0]:
        return span[0] - end
    if start >= span[1]:
        return start - span[1]
    return 0


def _clause(sentence: str, at: int) -> tuple[int, int]:
    """The clause of a sentence that holds position ``at``."""
    start, end = 0, len(sentence)
    for m in _CLAUSE_BREAK.finditer(sentence):
        if m.end() <= at:
            start = m.end()
        elif m.start() >= at:
            end = m.start()
            break
    return start, end


def in_sentence(sentence: str, span: tuple[int, int]) -> list[Channel]:
    """The channel word nearest to the duration at ``span``, its own clause first, with the
    channels listed together with it ("via WhatsApp en e-mail", "telefoon, chat of mail")."""
    words = list(channel_words(sentence))
    if not words:
        return []
    lo, hi = _clause(sentence, span[0])
    own = [w for w in words if w[0] >= lo and w[1] <= hi]
    nearest = min(own or words, key=lambda w: _gap(w[0], w[1], span))
    at = words.index(nearest)
    listed = [nearest]
    for step in (-1, 1):
        i = at
        while 0 <= i + step < len(words):
            left, right = sorted((words[i], words[i + step]), key=lambda w: w[0])
            if not _LISTED.fullmatch(sentence[left[1] : right[0]]):
                break
            i += step
            listed.append(words[i])
    out: list[Channel] = []
    for _s, _e, channel in sorted(listed, key=lambda w: w[0]):
        if all(c is not channel for c in out):
            out.append(channel)
    # The nearest first: it is the promise's main channel.
    return [nearest[2], *(c for c in out if c is not nearest[2])]


def in_clause(sentence: str, span: tuple[int, int]) -> Channel | None:
    """The channel word in the duration's own clause, nearest to it; None without one."""
    lo, hi = _clause(sentence, span[0])
    own = [w for w in channel_words(sentence) if w[0] >= lo and w[1] <= hi]
    return min(own, key=lambda w: _gap(w[0], w[1], span))[2] if own else None


def _fits(channel: Channel, duration: Duration) -> bool:
    """Whether a channel taken from outside the sentence can own this duration."""
    if channel is channels.PHONE:
        return duration.hours() < PHONE_WITHIN_HOURS
    return True


def _last_word_channel(text: str, duration: Duration) -> Channel | None:
    words = [w for w in channel_words(text) if _fits(w[2], duration)]
    return words[-1][2] if words else None


def is_heading(line: str, links: set[str]) -> bool:
    """A short line that names a section: no closing full stop, no contact detail, no link."""
    line = line.strip()
    return (
        0 < len(line) <= HEADING_CHARS
        and len(line.split()) <= HEADING_WORDS
        and not line.endswith((".", ",", ";", ":", "!"))
        and not _CONTACT_DETAIL.search(line)
        and line not in links
        and any(ch.isalpha() for ch in line)
    )


@dataclass
class PageLines:
    """A page's text as lines, with where its contact elements are."""

    lines: list[str]
    anchors: list[Anchor]
    links: set[str]

    def taken(self, index: int) -> bool:
        """A line inside a form (its labels and button) is no heading."""
        return any(a.first <= index <= a.last and a.channel is channels.FORM for a in self.anchors)

    def heading_above(self, index: int) -> int | None:
        for i in range(index - 1, max(-1, index - 1 - SECTION_LINES), -1):
            if not self.taken(i) and is_heading(self.lines[i], self.links):
                return i
        return None

    def titles_form(self, index: int) -> bool:
        """The line right above a form's first label: its title or legend ("Ik ben…",
        "Contactformulier"), part of the form rather than the start of another section."""
        return any(a.first == index + 1 and a.channel is channels.FORM for a in self.anchors)

    def heading_below(self, index: int) -> int:
        """The next heading, looked for only as far as an element may be from a promise; a
        form's own title does not end the section the text above the form stands in."""
        for i in range(index + 1, min(len(self.lines), index + 1 + ELEMENT_LINES)):
            if self.titles_form(i):
                continue
            if not self.taken(i) and is_heading(self.lines[i], self.links):
                return i
        return len(self.lines)


def _element(page: PageLines, index: int, duration: Duration, top: int) -> Channel | None:
    """The nearest contact element in the section, when it alone is nearest and can own the
    duration: a phone number nearer than the e-mail address leaves a days promise unowned."""
    bottom = page.heading_below(index)
    near = [
        (a.distance(index), a.channel)
        for a in page.anchors
        if a.last > top and a.first < bottom and a.distance(index) <= ELEMENT_LINES
    ]
    if not near:
        return None
    # A line that names another channel ("Telefonisch bereikbaar op …") is as much a neighbour
    # as an element, even where the number on it was not read as one.
    for i in range(max(top + 1, index - ELEMENT_LINES), min(bottom, index + ELEMENT_LINES + 1)):
        if not page.taken(i):
            near += [(abs(i - index), c) for _s, _e, c in channel_words(page.lines[i])]
    best = min(d for d, _c in near)
    nearest = {c.key: c for d, c in near if d == best}
    if len(nearest) != 1:
        return None
    found = next(iter(nearest.values()))
    return found if _fits(found, duration) else None


def attribute(
    page: PageLines,
    index: int,
    sentence: str,
    before: str,
    span: tuple[int, int],
    duration,
    contact_page: tuple[Channel, ...] = (),
) -> Attribution:
    """The channel a duration at ``span`` in ``sentence`` (on line ``index``) is promised for.

    ``before`` is the sentence before it on the same line ("" when it opens the line).
    ``contact_page`` holds the written channels the site's contact page offers: a promise
    beside a sentence that sends the reader there ("Bezoek onze contactpagina") is theirs.
    """
    named = in_sentence(sentence, span)
    if named:
        # A live channel listed beside a written one takes only a live term: "via telefoon,
        # chat of e-mail binnen 1 werkdag" is about the written channel.
        listed = tuple(
            c for c in named[1:] if not c.realtime or duration.hours() < PHONE_WITHIN_HOURS
        )
        return Attribution(named[0], "sentence", also=listed)
    if before:
        if vocab.NOT_A_REACTION.search(before) and not vocab.ANY_QUESTION.search(before):
            return Attribution(None, "", other_topic=True)
        found = _last_word_channel(before, duration)
        if found is not None:
            return Attribution(found, "paragraph")
    if contact_page and vocab.CONTACT_PAGE_REF.search(f"{before} {sentence}"):
        return Attribution(contact_page[0], "contact page", also=contact_page[1:])
    heading = page.heading_above(index)
    if heading is not None:
        title = page.lines[heading]
        if vocab.NOT_A_REACTION.search(title) and not vocab.GENERAL_CONTACT.search(title):
            return Attribution(None, "", other_topic=True)
        found = _last_word_channel(title, duration)
        if found is not None:
            return Attribution(found, "heading")
    top = heading if heading is not None else -1
    found = _element(page, index, duration, top)
    if found is not None:
        return Attribution(found, "element")
    return Attribution(None, "")


def sentences_of(line: str) -> list[str]:
    """A line's sentences, split after . ! ? before a capital or digit."""
    return [s.strip() for s in _SENTENCE_END.split(line) if s.strip()]


def _is_label_line(line: str, wanted: list[str]) -> bool:
    """The line shows one of a form's labels: the label itself, with at most a short hint
    ("E-mailadres *", "Telefoon (optioneel)"), not a sentence that happens to contain it."""
    text = line.strip().lower()
    return any(
        n and (text == n or (text.startswith(n) and len(text) <= len(n) + LABEL_EXTRA))
        for n in wanted
    )


def locate(lines: list[str], needles: list[str]) -> tuple[int, int] | None:
    """The lines of an element whose texts are ``needles`` (a form's labels and button): the
    densest run of lines holding them, so a label word elsewhere on the page does not count."""
    wanted = [n.strip().lower().rstrip(" *:") for n in needles if n and n.strip()]
    hits = [i for i, line in enumerate(lines) if _is_label_line(line, wanted)]
    runs: list[list[int]] = []
    for i in hits:
        if runs and i - runs[-1][-1] <= ELEMENT_LINES:
            runs[-1].append(i)
        else:
            runs.append([i])
    if not runs:
        return None
    best = max(runs, key=len)
    return best[0], best[-1]
