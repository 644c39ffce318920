"""A plugin whose check hangs on sites served under /slow/: a site past --site-time in a batch."""

import time

from goudenregels import hookimpl
from goudenregels.model import PASS, Result, check


@check(code="GR195", slug="hangs-on-slow", rule=6, title_nl="Hangt", title_en="Hangs")
def hangs(site):
    if "/slow/" in site.snapshot.start_url:
        time.sleep(3600)  # stopped by the batch's hard wall, never by itself
    return Result(PASS, "not a slow site")


@hookimpl
def goudenregels_checks():
    return [hangs]
