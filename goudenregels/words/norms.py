"""The expected reaction time per customer-service channel (the norm behind rule 1)."""

from __future__ import annotations

from dataclasses import dataclass

from goudenregels.checks.durations import SAME_DAY, Duration


@dataclass(frozen=True)
class Norm:
    channel: str
    text_nl: str
    text_en: str
    max_seconds: float | None = None  # real-time channels: answered within this many seconds
    max_workdays: float | None = None  # written channels: answered within this many working days

    def text(self) -> str:
        """The norm in the language of the audit being scored (see :mod:`goudenregels.i18n`)."""
        from goudenregels.i18n import current_language

        return self.text_nl if current_language() == "nl" else self.text_en

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


NORMS = {
    "telefoon": Norm(
        "telefoon", "binnen 30 seconden opgenomen", "picked up within 30 seconds", max_seconds=30
    ),
    "chat": Norm(
        "chat", "direct, tijdens het contact", "immediately, during the contact", max_seconds=120
    ),
    "persoonlijk": Norm(
        "persoonlijk",
        "direct, tijdens het contact",
        "immediately, during the contact",
        max_seconds=120,
    ),
    "social": Norm("social", "dezelfde werkdag", "the same working day", max_workdays=SAME_DAY),
    "whatsapp": Norm("whatsapp", "dezelfde werkdag", "the same working day", max_workdays=SAME_DAY),
    "messenger": Norm(
        "messenger", "dezelfde werkdag", "the same working day", max_workdays=SAME_DAY
    ),
    "formulier": Norm(
        "formulier", "dezelfde werkdag", "the same working day", max_workdays=SAME_DAY
    ),
    "e-mail": Norm(
        "e-mail",
        "dezelfde of de volgende werkdag",
        "the same working day or within one working day",
        max_workdays=1,
    ),
    # A promise that names no channel is held to the most lenient written norm.
    "algemeen": Norm(
        "algemeen",
        "uiterlijk de volgende werkdag (mildste schriftelijke norm)",
        "within one working day (the most lenient written norm)",
        max_workdays=1,
    ),
}
