"""A plugin using the gatherer and audit-finished hooks, for the tests."""

import json
import os

from goudenregels import hookimpl


class HeadingCounter:
    name = "heading_count"

    async def gather(self, tab, page):
        # Runs in the live page: counts the h1/h2 headings the browser rendered.
        return await tab.evaluate("() => document.querySelectorAll('h1, h2').length")


class Broken:
    name = "broken_gatherer"

    async def gather(self, tab, page):
        raise RuntimeError("gatherer exploded")


class ExplodingJourney:
    name = "exploding"

    async def run(self, ctx):
        raise RuntimeError("journey exploded")


@hookimpl
def goudenregels_journeys():
    return [ExplodingJourney()]


@hookimpl
def goudenregels_gatherers():
    return [HeadingCounter(), Broken()]


@hookimpl
def goudenregels_audit_finished(audit, options):
    target = os.environ.get("GR_TEST_FINISHED_FILE")
    if target:
        with open(target, "w") as fh:
            json.dump({"overall": audit.scores.overall, "formats": options["formats"]}, fh)
