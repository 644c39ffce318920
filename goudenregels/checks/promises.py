"""Reaction-time promises on a page, each with the channel it is about (GR108, GR204)."""

from __future__ import annotations

import re

from goudenregels.checks.site import Site, contact_page_channels, per_site
from goudenregels.words import attribution, prefilter, vocab
from goudenregels.words import channels as chan
from goudenregels.words.durations import Duration, find_durations

# A sentence with more terms than this is a list or a table, read for its first few only.
MAX_SENTENCE_PROMISES = 4
# A duration that says how often, not how soon: "24 uur per dag", "7 dagen per week", "24/7",
# "24 uur/dag". "binnen 3 werkdagen per mail" says how the answer comes: a promise.
_FREQUENCY = prefilter.compile(
    r"\s*(?:per|/|a|an|in de|in het|in the|each|every)\s*"
    r"(?:dag|etmaal|week|maand|jaar|uur|day|week|month|year|hour|7)\b",
    re.IGNORECASE,
)


def page_lines(site: Site, page) -> attribution.PageLines:
    """The page's lines with where its contact form, e-mail addresses and phone numbers are."""
    lines = page.text.split("\n")
    anchors = []
    for form in page.forms:
        if site.is_contact_form(form, page):
            texts = [f.label for f in form.fields if f.visible] + [form.submit]
            where = attribution.locate(lines, texts)
            if where:
                anchors.append(attribution.Anchor(where[0], where[1], chan.FORM))
    details = [(e.address, chan.EMAIL) for p, e in site.contact_emails() if p is page]
    details += [(ph.raw, chan.PHONE) for p, ph in site.visible_phones() if p is page]
    for needle, channel in details:
        for i, line in enumerate(lines):
            if needle and needle in line:
                anchors.append(attribution.Anchor(i, i, channel))
    return attribution.PageLines(lines, anchors, {link.text.strip() for link in page.links})


@per_site
def page_promises(site: Site, page) -> list[tuple[chan.Channel, str, Duration, str]]:
    """(channel, sentence, duration, how the channel was found) for each reaction promise."""
    lines = page_lines(site, page)
    out = []
    on_contact_page: tuple[chan.Channel, ...] | None = None
    for index, line in enumerate(lines.lines):
        before = ""
        for sentence in attribution.sentences_of(line):
            if on_contact_page is None and vocab.REACTION_WORDS.search(sentence):
                on_contact_page = contact_page_channels(site)
            out += _promises_in(lines, index, sentence, before, on_contact_page or ())
            before = sentence
    return out


def _promises_in(
    lines: attribution.PageLines,
    index: int,
    sentence: str,
    before: str,
    on_contact_page: tuple[chan.Channel, ...],
):
    """The promises of one sentence: its first duration, and any later one whose own clause
    names another channel ("via WhatsApp binnen 1 uur, per e-mail binnen 1 werkdag")."""
    if not vocab.REACTION_WORDS.search(sentence) or vocab.NOT_A_REACTION.search(sentence):
        return []
    out = []
    for i, (promise, span) in enumerate(_lead_durations(sentence)[:MAX_SENTENCE_PROMISES]):
        own = attribution.in_clause(sentence, span)
        if i and (own is None or any(c is own for c, *_rest in out)):
            continue
        found = attribution.attribute(
            lines, index, sentence, before, span, promise, on_contact_page
        )
        if found.other_topic:
            return []
        for channel in (found.channel or chan.UNNAMED, *found.also):
            if promise.hours() == 0 and not channel.realtime:
                continue  # "direct" promises something only about a live channel
            out.append((channel, sentence, promise, found.how))
    return out


def _lead_durations(sentence: str) -> list[tuple[Duration, tuple[int, int]]]:
    """Durations with where they stand; '24 uur per dag' and '7 dagen per week' are not."""
    out = []
    at = 0
    for d in find_durations(sentence):
        start = sentence.find(d.text, at)
        if start < 0:
            start = at
        end = start + len(d.text)
        at = end
        if not _FREQUENCY.match(sentence, end):
            out.append((d, (start, end)))
    return out
