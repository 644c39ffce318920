"""A plugin that misbehaves on purpose, for the batch tests: its check hangs on sites served
under /slow/ (a site past --site-time) and kills its own process on /crash/ (a worker that dies,
as one killed for its memory would)."""

import os
import signal
import time

from goudenregels import hookimpl
from goudenregels.model import PASS, Result, check


@check(code="GR195", slug="misbehaves", rule=6, title_nl="Misdraagt zich", title_en="Misbehaves")
def misbehaves(site):
    if "/slow/" in site.snapshot.start_url:
        time.sleep(3600)  # stopped by the batch's hard wall, never by itself
    if "/crash/" in site.snapshot.start_url:
        os.kill(os.getpid(), signal.SIGKILL)
    return Result(PASS, "an ordinary site")


@hookimpl
def goudenregels_checks():
    return [misbehaves]
