"""Rule 6 checks, "Wees oprecht betrokken bij je klant"."""

from __future__ import annotations

from goudenregels.hookspecs import hookimpl


@hookimpl
def goudenregels_checks():
    return []
