"""Rule 2 checks, "Kom de belofte na"."""

from __future__ import annotations

from goudenregels.hookspecs import hookimpl


@hookimpl
def goudenregels_checks():
    return []
