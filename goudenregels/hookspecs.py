"""Hook specifications: the whole plugin API of goudenregels, one documented function per hook.

Built-in checks, reporters, profiles and gatherers implement these same hooks as internal
plugins; a third-party plugin is any module (loaded with ``-p module`` or from the
``goudenregels`` entry-point group) that implements some of them with ``@hookimpl``::

    from goudenregels import hookimpl
    from goudenregels.model import Result, check

    @check(code="GR901", slug="has-sitemap", rule=1, title_en="...", title_nl="...")
    def has_sitemap(site):
        return Result("pass", "...")

    @hookimpl
    def goudenregels_checks():
        return [has_sitemap]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from goudenregels.audit import Audit
    from goudenregels.model import (
        Check,
        Gatherer,
        Journey,
        Overview,
        Profile,
        Reporter,
        SectorReporter,
    )

PROJECT = "goudenregels"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def goudenregels_checks() -> list[Check]:
    """Return the checks this plugin contributes.

    Each item is a :class:`goudenregels.model.Check`, usually made with the
    :func:`goudenregels.model.check` decorator. Codes must be unique across all plugins: a
    duplicate code is reported and the later check skipped. Checks are pure functions over the
    snapshot: they must not touch the network or the browser.
    """


@hookspec
def goudenregels_overviews() -> list[Overview]:
    """Return overviews: audit-wide tables built by the code that owns the findings they read.

    An :class:`goudenregels.model.Overview` has a ``name`` and a ``build(audit, lang)`` method
    returning a :class:`goudenregels.model.Table` (or ``None``); the HTML report draws each one
    as a section of its own, before the rules, without knowing which checks fed it. The channel
    overview of the built-in checks is one.
    """


@hookspec
def goudenregels_gatherers() -> list[Gatherer]:
    """Return per-page gatherers: extra artifacts read from every loaded page.

    A gatherer has a ``name`` and an async ``gather(tab, page)`` method that receives the live
    Playwright page and the extracted :class:`goudenregels.snapshot.Page`; whatever JSON-able value
    it returns is stored as ``page.artifacts[name]`` in the snapshot, where checks can read it. An
    exception is recorded as ``{"error": ...}`` for that page and the crawl goes on.
    """


@hookspec
def goudenregels_journeys() -> list[Journey]:
    """Return journeys: scripted interactions that run once per audit after the crawl.

    A journey has a ``name`` and an async ``run(ctx)`` method, where ``ctx`` is a
    :class:`goudenregels.crawl.journeys.JourneyContext`: the Playwright browser context (cookie
    choice already made), the crawled ``snapshot``, a ``timeout``, ``new_tab()`` and
    ``screenshot(tab, name)``. Requests other than GET and HEAD are blocked while journeys run;
    a journey must never submit a form, pay or place an order. Its JSON-able return value is
    stored as ``snapshot.journeys[name]``; an exception or time-out is stored as
    ``{"status": "error", "error": ...}`` and the audit goes on.
    """


@hookspec
def goudenregels_reporters() -> list[Reporter]:
    """Return output formats.

    A :class:`goudenregels.model.Reporter` has a ``name`` (the ``--format`` value), a file
    ``extension`` and a ``render(audit, options)`` method returning text. The name must be unique.
    """


@hookspec
def goudenregels_sector_reporters() -> list[SectorReporter]:
    """Return sector report formats: what a batch of audits writes beside its sites.

    A :class:`goudenregels.model.SectorReporter` has a ``name``, a file ``extension`` and a
    ``render(sector, options)`` method returning text, written as ``OUT/benchmark.<extension>``
    by ``goudenregels batch`` and ``goudenregels batch-report``. ``sector`` is plain data: the
    batch id and, per site, its record (url, name, sector, state, failure reason), its scores,
    each check's status and the rows of the audit's overviews. The name must be unique.
    """


@hookspec
def goudenregels_profiles() -> list[Profile]:
    """Return organisation profiles (webshop, dienstverlener, gemeente, algemeen, ...).

    A :class:`goudenregels.model.Profile` has a ``name``, titles and a ``detect(snapshot)`` method
    returning a confidence between 0 and 1; the profile with the highest confidence above 0.5 is
    used unless the auditor passes ``--profile``.
    """


@hookspec
def goudenregels_audit_finished(audit: Audit, options: dict[str, Any]) -> None:
    """Called once when an audit is scored and its reports are written.

    ``options`` holds the command-line settings (output directory, formats). Use it to notify,
    upload or store; an exception here is reported as a warning and does not change the result.
    """
