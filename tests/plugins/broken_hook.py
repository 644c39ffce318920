"""A plugin whose hook raises."""

from goudenregels import hookimpl


@hookimpl
def goudenregels_checks():
    raise ValueError("cannot build my checks")
