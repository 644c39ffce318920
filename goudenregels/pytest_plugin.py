"""The pytest plugin: ``pytest --goudenregels URL`` audits a site once per session and turns each
check into a test item; the fixtures ``gr_audit`` and ``gr_site`` let teams write their own
expectations as plain tests.

It is registered as a ``pytest11`` entry point and does nothing unless asked for: without
``--goudenregels URL``, ``--goudenregels-snapshot DIR`` or the ini setting ``goudenregels_url``
no item is added and nothing is imported beyond this module. Settings (limits, profile,
select/ignore, [facts]) come from goudenregels.toml as for ``goudenregels audit``.

Once per session, also with pytest-xdist: the crawl runs in whichever process first needs the
audit, under a file lock in a directory the xdist controller hands to every worker; the other
workers wait for the lock, read the saved snapshot and score it themselves (scoring is pure and
takes a second), so every process has the same audit and the site is crawled once.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from goudenregels.errors import GoudenregelsError, UsageError

GROUP = "goudenregels"
OUTCOMES = {
    "review": ("skip", "xfail", "fail", "pass"),
    "not_applicable": ("skip", "xfail", "pass"),
}
SHARED_DIR = pytest.StashKey[Path]()
STATE = pytest.StashKey[dict[str, Any]]()
WORKER_KEY = "goudenregels_dir"  # the shared directory in an xdist worker's input


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup(GROUP, "goudenregels: audit a site's customer friendliness")
    group.addoption(
        "--goudenregels",
        dest="goudenregels_url",
        metavar="URL",
        default=None,
        help="Audit URL once and add a test item per check (off unless given).",
    )
    group.addoption(
        "--goudenregels-snapshot",
        dest="goudenregels_snapshot",
        metavar="DIR",
        default=None,
        help="Score a snapshot saved by 'goudenregels crawl' instead of crawling.",
    )
    group.addoption(
        "--goudenregels-config",
        dest="goudenregels_config",
        metavar="FILE",
        default=None,
        help="Settings file (default: goudenregels.toml or pyproject.toml where pytest runs, "
        "else in the rootdir).",
    )
    parser.addini("goudenregels_url", "Site the goudenregels plugin audits (as --goudenregels).")
    parser.addini(
        "goudenregels_review",
        "What a check that needs review becomes: skip (default), xfail, fail or pass.",
        default="skip",
    )
    parser.addini(
        "goudenregels_not_applicable",
        "What a check that does not apply becomes: skip (default), xfail or pass.",
        default="skip",
    )


def _target(config: pytest.Config) -> tuple[str | None, str | None]:
    """(URL, snapshot directory) the session audits; (None, None): the plugin is off."""
    url = config.getoption("goudenregels_url") or config.getini("goudenregels_url") or None
    return url, config.getoption("goudenregels_snapshot")


def _outcome_setting(config: pytest.Config, status: str) -> str:
    value = str(config.getini(f"goudenregels_{status}")).strip().lower()
    if value not in OUTCOMES[status]:
        raise pytest.UsageError(
            f"goudenregels_{status} = {value!r}: use one of {', '.join(OUTCOMES[status])}"
        )
    return value


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "goudenregels: a goudenregels check of the audited site")
    if _target(config) == (None, None):
        return
    for status in OUTCOMES:
        _outcome_setting(config, status)  # a typo stops the run before the crawl
    try:
        _settings(config)  # so do bad settings or facts, in one line
    except GoudenregelsError as exc:
        raise pytest.UsageError(f"goudenregels: {exc}") from None
    worker = getattr(config, "workerinput", None)
    if worker is not None:  # an xdist worker: the controller made the directory
        config.stash[SHARED_DIR] = Path(worker[WORKER_KEY])
        return
    config.stash[SHARED_DIR] = Path(tempfile.mkdtemp(prefix="goudenregels-pytest-"))


def pytest_unconfigure(config: pytest.Config) -> None:
    if SHARED_DIR in config.stash and getattr(config, "workerinput", None) is None:
        shutil.rmtree(config.stash[SHARED_DIR], ignore_errors=True)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """xdist: hand each worker the directory in which one process crawls for all."""
    config = node.config
    if SHARED_DIR in config.stash:
        node.workerinput[WORKER_KEY] = str(config.stash[SHARED_DIR])


def pytest_report_header(config: pytest.Config) -> str | None:
    url, snapshot = _target(config)
    if url is None and snapshot is None:
        return None
    return f"goudenregels: auditing {snapshot or url} once for this session"


# -- the audit, once ---------------------------------------------------------------------------


def _settings(config: pytest.Config, output: str | None = None) -> tuple[Any, Any, Any]:
    """(Options, Plugins, facts) from the settings file, as 'goudenregels audit' reads them."""
    from goudenregels.config import default_map, find_config, read_facts
    from goudenregels.options import Options
    from goudenregels.plugins import Plugins

    given = config.getoption("goudenregels_config")
    here = Path(config.invocation_params.dir)
    path = Path(given) if given else find_config(here) or find_config(Path(config.rootpath))
    if given and not path.is_file():
        raise UsageError(f"config file {given} not found")
    values: dict[str, Any] = default_map(path).get("audit", {}) if path else {}
    values = {**values, "quiet": True, "formats": ("json",), "fail_on": None}
    if output is not None:
        values["output"] = output
    facts = read_facts(path) if path else None
    return Options.from_params(values), Plugins(), facts


def _crawl_once(config: pytest.Config, options: Any, plugins: Any) -> tuple[Path, bool]:
    """The snapshot directory of this session: crawled by the first process to get here."""
    url, given = _target(config)
    if given:
        return Path(given), False
    from goudenregels.pipeline import crawl_site
    from goudenregels.words.scope import validate_start_url

    shared = config.stash[SHARED_DIR]
    snapshot_dir, done = shared / "snapshot", shared / "crawled.json"
    with _locked(shared / "lock"):  # the others wait here until the crawl is saved
        if done.exists():
            error = json.loads(done.read_text(encoding="utf-8")).get("error")
            if error:  # the crawl failed in another process: no second try per worker
                raise AuditFailed(error)
            return snapshot_dir, False
        try:
            crawl_site(validate_start_url(url or ""), snapshot_dir, options, plugins, warn=_ignore)
        except Exception as exc:
            message = f"goudenregels could not audit {url}: {exc}"
            done.write_text(json.dumps({"url": url, "error": message}), encoding="utf-8")
            raise AuditFailed(message) from None
        done.write_text(json.dumps({"url": url}), encoding="utf-8")
        return snapshot_dir, True


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock on a file shared by the processes of one run (flock; Windows: msvcrt)."""
    with open(path, "a+") as handle:
        try:
            import fcntl
        except ImportError:  # Windows
            import msvcrt

            msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
        else:
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


class AuditFailed(Exception):
    """The site could not be audited; every item that needs the audit reports this one line."""


def _ignore(message: str) -> None:
    """Crawl warnings (a page that timed out) are in the audit's findings and notes."""


def session_audit(config: pytest.Config) -> dict[str, Any]:
    """{"audit", "site", "crawled_here"}: the audit of this session, made on first use."""
    if STATE in config.stash:
        state = config.stash[STATE]
        if "error" in state:
            pytest.fail(state["error"], pytrace=False)
        return state
    if SHARED_DIR not in config.stash:
        pytest.skip("goudenregels is off: run pytest with --goudenregels URL")
    try:
        config.stash[STATE] = _audit(config)
    except (AuditFailed, GoudenregelsError) as exc:
        config.stash[STATE] = {"error": str(exc)}
        pytest.fail(str(exc), pytrace=False)
    return config.stash[STATE]


def _audit(config: pytest.Config) -> dict[str, Any]:
    from goudenregels.checks.site import Site
    from goudenregels.pipeline import run_audit
    from goudenregels.snapshot import Snapshot

    out = tempfile.mkdtemp(prefix="report-", dir=config.stash[SHARED_DIR])
    options, plugins, facts = _settings(config, out)
    snapshot_dir, crawled = _crawl_once(config, options, plugins)
    snapshot = Snapshot.load(snapshot_dir)
    outcome = run_audit(snapshot, options, plugins, snapshot_dir=snapshot_dir, facts=facts)
    audit = outcome.audit
    site = Site(snapshot, audit.profile, facts=facts)
    return {"audit": audit, "site": site, "crawled_here": crawled}


# -- a test item per check ---------------------------------------------------------------------


class CheckFailed(Exception):
    """A check that failed on the site: the message and the evidence are the report."""


class CheckItem(pytest.Item):
    """One check of the audit: passes on pass, fails with the evidence on fail."""

    def __init__(self, *, code: str, slug: str, title: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.code, self.slug, self.title = code, slug, title
        self.add_marker(pytest.mark.goudenregels)

    def runtest(self) -> None:
        audit = session_audit(self.config)["audit"]
        finding = next((f for f in audit.findings if f.code == self.code), None)
        if finding is None:
            pytest.skip(f"{self.code} did not run in this audit")
        self.user_properties.append(("status", finding.status))
        text = _describe(finding)
        if finding.status == "pass":
            return
        if finding.status in ("fail", "error"):
            raise CheckFailed(text)
        action = _outcome_setting(self.config, finding.status)
        if action == "skip":
            pytest.skip(text)
        elif action == "xfail":
            pytest.xfail(text)
        elif action == "fail":
            raise CheckFailed(text)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, CheckFailed):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[str, int | None, str]:
        return "goudenregels", None, f"{self.code} {self.slug}: {self.title}"


def _describe(finding: Any) -> str:
    """The finding as a failure message: status, message, then one line per piece of evidence."""
    lines = [f"{finding.code} {finding.slug} [{finding.status}]: {finding.message}"]
    for ev in finding.evidence:
        path = " > ".join(ev.click_path)
        where = f"{ev.url} (click path: {path})" if path else ev.url
        lines.append(f"  - {where}: {ev.text}" if ev.text else f"  - {where}")
    return "\n".join(lines)


class ChecksCollector(pytest.Collector):
    """The checks of the audit, one item each, named goudenregels::GR101-phone-findable."""

    def collect(self) -> list[pytest.Item]:
        from goudenregels.audit import select_checks

        options, plugins, _facts = _settings(self.config)
        checks = select_checks(plugins.checks(), options.select, options.ignore)
        lang = options.lang
        return [
            CheckItem.from_parent(
                self,
                name=f"{c.code}-{c.slug}",
                code=c.code,
                slug=c.slug,
                title=c.title(lang),
            )
            for c in checks
        ]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Add the check items before -k and -m select (their hooks run after this one)."""
    if SHARED_DIR not in config.stash:
        return
    collector = ChecksCollector.from_parent(session, name=GROUP, nodeid=GROUP)
    items.extend(collector.collect())


# -- fixtures for the team's own tests ---------------------------------------------------------


@pytest.fixture(scope="session")
def gr_audit(pytestconfig: pytest.Config) -> Any:
    """The session's :class:`goudenregels.audit.Audit`: findings, scores, the snapshot."""
    return session_audit(pytestconfig)["audit"]


@pytest.fixture(scope="session")
def gr_site(pytestconfig: pytest.Config) -> Any:
    """The audited site as the checks see it (:class:`goudenregels.checks.site.Site`):
    ``pages``, ``published_phones()``, ``contact_emails()``, ``hours``, ``facts``…"""
    return session_audit(pytestconfig)["site"]
