"""Rule 3 checks, "Val de klant niet onnodig lastig"."""

from __future__ import annotations

from goudenregels.hookspecs import hookimpl


@hookimpl
def goudenregels_checks():
    return []
