"""What an audit could not see: unread pages, journeys that did not run, a crawl cut short.

The client report puts this on its cover, next to the score, because a score over half a site
reads like a score over all of it. Every line is a plain fact read from the snapshot and the
findings; nothing here judges the site.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from goudenregels.i18n import N_, translations
from goudenregels.model import ERROR

# The built-in journeys in the visitor's words; a plugin's journey is shown by its name.
JOURNEYS = {
    "guest_checkout": N_("Ordering as a guest"),
    "password_reset": N_("Asking for a new password"),
    "reveal_phone": N_("Revealing a hidden phone number"),
}
# Journey outcomes that mean the journey stopped before it could see what it came for. The
# others ("done", and "no_product", "no_login", "no_button": nothing on the site to try) are not
# gaps.
STOPPED_SHORT = {
    "blocked": N_(
        "%(journey)s (scripted journey): stopped before the checkout, because going on would "
        "change the site (allow one product in a cart with --allow-cart)."
    ),
    "no_checkout": N_("%(journey)s (scripted journey): no checkout page was reached."),
    "no_cart_button": N_(
        "%(journey)s (scripted journey): no button was found to put a product in the cart."
    ),
    "no_reset": N_("%(journey)s (scripted journey): no way was found to ask for a new password."),
}
PAGE_LIMIT_NOTE = "the crawl stopped at its page limit of %(limit)s; %(more)s more pages were found"
ROBOTS = "disallowed by robots.txt"
MAX_LISTED = 5  # unread pages named on the cover; the appendix lists them all


@dataclass
class Gap:
    """One thing the audit could not see, and the addresses it concerns (if any)."""

    text: str
    urls: list[str] = field(default_factory=list)
    more: int = 0  # addresses not listed


def gaps(audit: Any, lang: str) -> list[Gap]:
    """Everything the audit could not see, most important first."""
    t = translations(lang)
    snap = audit.snapshot
    out = _crawl_gaps(snap, t.gettext, t.ngettext)
    out += _journey_gaps(snap, t.gettext)
    out += _session_gaps(snap, t.gettext, t.ngettext)
    errors = [f.code for f in audit.findings if f.status == ERROR]
    if errors:
        ngettext = t.ngettext  # by this name, so the catalog extractor finds the msgids
        text = ngettext(
            "%(count)s check could not be measured: %(codes)s.",
            "%(count)s checks could not be measured: %(codes)s.",
            len(errors),
        )
        out.append(Gap(text % {"count": len(errors), "codes": ", ".join(errors)}))
    return out


def _listed(text: str, addresses: list[str]) -> Gap:
    """A gap with its count in the text and the first addresses named."""
    return Gap(
        text % {"count": len(addresses)}, addresses[:MAX_LISTED], len(addresses) - MAX_LISTED
    )


def _crawl_gaps(snap: Any, gettext: Any, ngettext: Any) -> list[Gap]:
    out = []
    unread = [p.address for p in snap.pages if p.unread]
    if unread:
        text = ngettext(
            "%(count)s page could not be read; what it holds is not in this report.",
            "%(count)s pages could not be read; what they hold is not in this report.",
            len(unread),
        )
        out.append(_listed(text, unread))
    cut = _cut_short(snap, gettext)
    if cut:
        out.append(Gap(cut))
    limited = _page_limit(snap, gettext, ngettext)
    if limited:
        out.append(Gap(limited))
    robots = [s.get("url", "") for s in snap.skipped or [] if s.get("reason") == ROBOTS]
    if robots:
        text = ngettext(
            "%(count)s address was not read because the site's robots.txt asks crawlers not to.",
            "%(count)s addresses were not read because the site's robots.txt asks crawlers not to.",
            len(robots),
        )
        out.append(_listed(text, robots))
    return out


def _cut_short(snap: Any, gettext: Any) -> str:
    """Why the crawl ended early, or "" when it finished."""
    settings = snap.settings or {}
    if getattr(snap, "stopped", "") == "time limit":
        seconds = settings.get("max_time")
        if isinstance(seconds, int | float):
            return gettext(
                "The crawl stopped at its time limit of %(seconds)s seconds: pages it had not "
                "reached by then are not in this report."
            ) % {"seconds": f"{seconds:g}"}
        return gettext(
            "The crawl stopped at its time limit: pages it had not reached by then are not in "
            "this report."
        )
    if not snap.complete:
        return gettext("The crawl did not finish: pages it had not reached are not in this report.")
    return ""


def _page_limit(snap: Any, gettext: Any, ngettext: Any) -> str:
    """What the page limit left unread, or "" when it did not stop the crawl."""
    limit = (snap.settings or {}).get("max_pages")
    for key in getattr(snap, "note_keys", None) or []:
        if isinstance(key, dict) and key.get("msgid") == PAGE_LIMIT_NOTE:
            args = key.get("args") or {}
            limit, more = args.get("limit", limit), args.get("more")
            if isinstance(limit, int) and isinstance(more, int):
                text = ngettext(
                    "The crawl stopped at its limit of %(limit)s page; %(more)s more addresses "
                    "were found and not read.",
                    "The crawl stopped at its limit of %(limit)s pages; %(more)s more addresses "
                    "were found and not read.",
                    limit,
                )
                return text % {"limit": limit, "more": more}
    # Without the crawl's note (an older snapshot) the limit may still have cut the site off.
    if isinstance(limit, int) and not isinstance(limit, bool) and len(snap.pages) >= limit:
        text = ngettext(
            "The crawl reached its limit of %(limit)s page; the site may have more pages that "
            "were not read.",
            "The crawl reached its limit of %(limit)s pages; the site may have more pages that "
            "were not read.",
            limit,
        )
        return text % {"limit": limit}
    return ""


def _journey_gaps(snap: Any, gettext: Any) -> list[Gap]:
    settings = snap.settings or {}
    if settings.get("journeys") is False:
        return [Gap(gettext("The scripted journeys did not run: the auditor switched them off."))]
    journeys = snap.journeys or {}
    out = []
    for name in [*JOURNEYS, *(n for n in journeys if n not in JOURNEYS)]:
        title = gettext(JOURNEYS[name]) if name in JOURNEYS else name
        result = journeys.get(name)
        status = result.get("status") if isinstance(result, dict) else None
        if status is None:
            text = gettext("%(journey)s (scripted journey): did not run.")
        elif status == "skipped":
            text = gettext("%(journey)s (scripted journey): did not run, the crawl's time was up.")
        elif status == "error":
            text = gettext("%(journey)s (scripted journey): broke off with an error.")
        elif status in STOPPED_SHORT:
            text = gettext(STOPPED_SHORT[status])
        else:
            continue
        out.append(Gap(text % {"journey": title}))
    return out


def _session_gaps(snap: Any, gettext: Any, ngettext: Any) -> list[Gap]:
    """The account area the session was meant to show and did not (audit --session)."""
    session = getattr(snap, "session", None) or {}
    if not session:
        return []
    walls = [str(u) for u in session.get("login_walls") or []]
    if not session.get("account_pages"):
        if walls:
            text = gettext(
                "The test account's session was not logged in: the account pages showed the "
                "login page, so the account area is not in this report."
            )
            return [Gap(text, walls[:MAX_LISTED], len(walls) - MAX_LISTED)]
        return [
            Gap(
                gettext(
                    "No page of the account area was found with the test account's session, so "
                    "the account area is not in this report."
                )
            )
        ]
    if walls:
        text = ngettext(
            "%(count)s account page showed the login page (the session may have ended during "
            "the crawl); it is not in this report.",
            "%(count)s account pages showed the login page (the session may have ended during "
            "the crawl); they are not in this report.",
            len(walls),
        )
        return [_listed(text, walls)]
    return []
