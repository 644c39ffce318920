"""Checks over measured reaction times (probes and the auditor's log), not over the website."""

from __future__ import annotations

from typing import Any

from goudenregels.checks.site import Site
from goudenregels.hookspecs import hookimpl
from goudenregels.i18n import N_, _, ngettext
from goudenregels.model import (
    FAIL,
    NOT_APPLICABLE,
    PASS,
    REVIEW,
    Evidence,
    Result,
    check,
    defined_checks,
)
from goudenregels.words import vocab
from goudenregels.words.channels import EMAIL, FORM, NORMS, name_in_text
from goudenregels.worktime import judge, parse_moment


def _judged(site: Site, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each measured reaction with its verdict against the channel's norm, in working time."""
    out = []
    for row in rows:
        verdict = judge(
            row["channel"],
            parse_moment(row["started"]),
            parse_moment(row["answered"]) if row.get("answered") else None,
            site.working_hours,
            now=site.now,
        )
        out.append(
            {
                **row,
                **verdict,
                "noreply": bool(row.get("sender"))
                and bool(vocab.NOREPLY_LOCAL.match(row["sender"])),
            }
        )
    return out


def _evidence(row: dict[str, Any]) -> Evidence:
    took = row.get("elapsed_seconds")
    took_text = (
        _("no reaction yet")
        if took is None
        else _("after {duration}").format(duration=_duration(took))
    )
    kinds = {"ack": _("acknowledgement"), "answer": _("answer")}
    text = (
        _("{channel} {kind} {took} from {sender} (started {started}; norm: {norm})")
        if row.get("sender")
        else _("{channel} {kind} {took} (started {started}; norm: {norm})")
    )
    return Evidence(
        url="",
        text=text.format(
            channel=name_in_text(row["channel"]),
            kind=kinds.get(row["kind"], row["kind"]),
            took=took_text,
            sender=row.get("sender"),
            started=row["started"],
            norm=NORMS[row["channel"]].text(),
        ),
    )


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 2 * 3600:
        return f"{seconds / 60:.0f} min"
    if seconds < 2 * 86400:
        return _("{hours} h").format(hours=f"{seconds / 3600:.1f}")
    return _("{days} days").format(days=f"{seconds / 86400:.1f}")


def _written_channel(site: Site, channel: str) -> Result:
    rows = [m for m in site.measurements if m["channel"] == channel]
    if not rows:
        return Result(
            NOT_APPLICABLE,
            _(
                "No {channel} reaction was measured; run 'goudenregels probe' or log one with "
                "'goudenregels measure add'."
            ).format(channel=name_in_text(channel)),
        )
    judged = _judged(site, rows)
    answers = [r for r in judged if r["kind"] == "answer"]
    acks = [r for r in judged if r["kind"] == "ack"]
    data = _measurement_data(judged)
    evidence = [_evidence(r) for r in judged[:6]]
    noreply = [r for r in judged if r["noreply"]]
    late = [r for r in answers if r["verdict"] == "fail"]
    if late:
        return Result(FAIL, _late_message(len(late), len(answers), channel), evidence, data)
    if noreply:
        return Result(
            FAIL,
            _("A reaction came from a no-reply address ({sender}).").format(
                sender=noreply[0]["sender"]
            ),
            evidence,
            data,
        )
    pending = [r for r in answers if r["verdict"] == "pending"]
    if pending or not answers:
        bare = [r for r in acks if "bare" in (r.get("note") or "")]
        what = _("only a bare acknowledgement so far") if bare else _("no answer yet")
        name = name_in_text(channel)
        return Result(
            REVIEW,
            _("{channel}: {what}; the deadline has not passed.").format(
                channel=name[:1].upper() + name[1:], what=what
            ),
            evidence,
            data,
        )
    return Result(
        PASS,
        ngettext(
            "The one measured {channel} question was answered within the norm ({norm}).",
            "All {n} measured {channel} questions were answered within the norm ({norm}).",
            len(answers),
        ).format(n=len(answers), channel=name_in_text(channel), norm=NORMS[channel].text()),
        evidence,
        data,
    )


def _late_message(late: int, answers: int, channel: str) -> str:
    return ngettext(
        "{late} of {n} {channel} question answered later than the norm ({norm}).",
        "{late} of {n} {channel} questions answered later than the norm ({norm}).",
        answers,
    ).format(late=late, n=answers, channel=name_in_text(channel), norm=NORMS[channel].text())


def _measurement_data(judged: list[dict]) -> dict:
    """The judged measurements as the finding's data: the same keys for every row."""
    return {
        "measurements": [
            {
                k: r.get(k)
                for k in (
                    "kind",
                    "started",
                    "answered",
                    "sender",
                    "verdict",
                    "deadline",
                    "elapsed_seconds",
                    "working_seconds",
                    "source",
                    "noreply",
                    "note",
                )
            }
            for r in judged
        ]
    }


@check(
    code="GR120",
    absence=False,
    slug="measured-email",
    rule=1,
    title_en=N_("Measured e-mail reaction time"),
    what_en=N_(
        "Judges measured e-mail probes: the acknowledgement and the first real answer "
        "against the norm (the same or the next working day, with Dutch public holidays), and the "
        "sender (a no-reply address fails)."
    ),
    why_en=N_(
        "Customers live the reaction time, not the promise on the website; only a real "
        "message shows how long they wait."
    ),
    fix_en=N_(
        "Answer e-mail the same or the next working day, from an address customers can reply "
        "to; send an acknowledgement that says what happens next, not only a term."
    ),
    weight=2,
    norm=N_("E-mail: the same or the next working day (Gouden Regels, rule 1)"),
)
def measured_email(site: Site) -> Result:
    return _written_channel(site, EMAIL.key)


@check(
    code="GR121",
    absence=False,
    slug="measured-form",
    rule=1,
    title_en=N_("Measured web-form reaction time"),
    what_en=N_(
        "Judges measured web-form probes: the reaction to a question sent through the site's "
        "contact form against the norm (the same working day)."
    ),
    why_en=N_(
        "A contact form is a promise of contact; a form that goes unanswered for days is "
        "worse than no form."
    ),
    fix_en=N_(
        "Route form messages to the team that answers the phone and answer them the same "
        "working day."
    ),
    weight=2,
    norm=N_("Website or app: the same working day (Gouden Regels, rule 1)"),
)
def measured_form(site: Site) -> Result:
    return _written_channel(site, FORM.key)


@check(
    code="GR122",
    absence=False,
    slug="measured-channels",
    rule=1,
    title_en=N_("Measured reaction time per channel"),
    what_en=N_(
        "Judges the auditor's measurement log (mystery calls, chats, WhatsApp, social media "
        "and Messenger messages) against the norm per channel: one row per channel."
    ),
    why_en=N_(
        "Phone within 30 seconds, chat at once and messaging the same working day is what "
        "customers expect; only measuring shows whether it happens."
    ),
    fix_en=N_(
        "Staff the slow channels at the busy moments, or stop offering a channel that cannot "
        "meet its norm."
    ),
    weight=2,
    norm=N_("Expected reaction time per channel (Gouden Regels, rule 1)"),
)
def measured_channels(site: Site) -> Result:
    rows = [
        m
        for m in site.measurements
        # e-mail and the web form are judged by GR120 and GR121
        if m["channel"] not in (EMAIL.key, FORM.key) and m["channel"] in NORMS
    ]
    if not rows:
        return Result(
            NOT_APPLICABLE,
            _(
                "No calls, chats or messages were logged; record them with "
                "'goudenregels measure add' or 'measure import'."
            ),
        )
    judged = _judged(site, rows)
    table = []
    for channel in sorted({r["channel"] for r in judged}):
        mine = [r for r in judged if r["channel"] == channel]
        table.append(
            {
                "channel": channel,
                "norm": NORMS[channel].text("nl"),
                "measured": len(mine),
                "passed": sum(r["verdict"] == "pass" for r in mine),
                "failed": sum(r["verdict"] == "fail" for r in mine),
                "pending": sum(r["verdict"] == "pending" for r in mine),
                "slowest_seconds": max((r["elapsed_seconds"] or 0 for r in mine), default=0),
            }
        )
    evidence = [_evidence(r) for r in judged if r["verdict"] != "pass"][:6] or [
        _evidence(r) for r in judged[:3]
    ]
    data = {"channels": table}
    failed = [t for t in table if t["failed"]]
    if failed:
        names = ", ".join(name_in_text(t["channel"]) for t in failed)
        return Result(
            FAIL, _("Slower than the norm on: {channels}.").format(channels=names), evidence, data
        )
    if any(t["pending"] for t in table):
        return Result(REVIEW, _("Some logged contacts have no reaction yet."), evidence, data)
    return Result(
        PASS,
        ngettext(
            "All {n} logged contacts on {channels} channel met the norm.",
            "All {n} logged contacts on {channels} channels met the norm.",
            len(table),
        ).format(n=len(judged), channels=len(table)),
        evidence,
        data,
    )


@hookimpl
def goudenregels_checks():
    return defined_checks(__name__)
