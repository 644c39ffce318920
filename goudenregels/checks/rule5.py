"""Rule 5 checks, "Geef fouten toe en los ze op de juiste wijze op"."""

from __future__ import annotations

from goudenregels.hookspecs import hookimpl


@hookimpl
def goudenregels_checks():
    return []
