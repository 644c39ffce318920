"""Rule 4 checks, "Doe niet moeilijk over formaliteiten"."""

from __future__ import annotations

from goudenregels.hookspecs import hookimpl


@hookimpl
def goudenregels_checks():
    return []
