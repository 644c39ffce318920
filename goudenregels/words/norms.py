"""The expected reaction times of the norm behind rule 1, and how a promised time is judged."""

from __future__ import annotations

from dataclasses import dataclass

from goudenregels.i18n import N_, current_language, translations
from goudenregels.words.durations import SAME_DAY, Duration


@dataclass(frozen=True)
class Norm:
    """One expected reaction; which channel it applies to is in :mod:`goudenregels.words.channels`."""

    # The norm as an English msgid; the Dutch is in the catalog (goudenregels.i18n).
    msgid: str
    max_seconds: float | None = None  # real-time channels: answered within this many seconds
    max_workdays: float | None = None  # written channels: answered within this many working days

    def text(self, lang: str | None = None) -> str:
        """The norm in ``lang``, by default the language of the audit being scored."""
        return translations(lang or current_language()).gettext(self.msgid)

    def judge(self, promise: Duration) -> str:
        """pass when the promise meets the norm, fail when slower, review when on the edge."""
        if self.max_seconds is not None:
            return "pass" if promise.hours() * 3600 <= self.max_seconds else "fail"
        assert self.max_workdays is not None
        days = promise.workdays()
        if days <= self.max_workdays:
            return "pass"
        # "binnen 24 uur" for a same-day channel may or may not be the same day: a person judges.
        if self.max_workdays == SAME_DAY and days <= 1:
            return "review"
        return "fail"


# The norm table of the domain brief (SAMR's Gouden Regels, rule 1).
PICKED_UP = Norm(N_("picked up within 30 seconds"), max_seconds=30)
AT_ONCE = Norm(N_("immediately, during the contact"), max_seconds=120)
SAME_WORKING_DAY = Norm(N_("the same working day"), max_workdays=SAME_DAY)
NEXT_WORKING_DAY = Norm(N_("the same working day or within one working day"), max_workdays=1)
# A promise that names no channel is held to the most lenient written norm.
MOST_LENIENT = Norm(N_("within one working day (the most lenient written norm)"), max_workdays=1)


# axe-core impact levels that keep people from filling in a form (GR113); lower ones are advice.
AXE_BLOCKING_IMPACTS = ("serious", "critical")
