"""Never crash, never hang, never score junk: audits of the hostile site in tests/hostile.py.

Each audit runs the CLI in a subprocess with small limits, so that a hang, a crash or a traceback
is observable from outside. One audit of the full hostile site serves most assertions; each
hostile home page is audited once.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import ROOT
from tests.hostile import CONTACT_PATH, MALFORMED_LINKS, PHONE, SUB_PAGES, HostileServer

TIMEOUT = 8  # --timeout: seconds per page
SITE_MAX_TIME = 60  # --max-time for the full hostile site
HOME_MAX_TIME = 30  # --max-time for a hostile home page
MARGIN = 45  # seconds past --max-time an audit may take (browser start, checks, reports)


@dataclass
class Run:
    """One audit run: what a user would see of it."""

    url: str
    out: Path
    max_time: float
    returncode: int | None  # None: it hung and was killed
    stdout: str
    stderr: str
    seconds: float

    @property
    def hung(self) -> bool:
        return self.returncode is None

    def __str__(self) -> str:
        code = "killed (hung)" if self.hung else f"exit {self.returncode}"
        return f"{code} after {self.seconds:.1f} s; stderr: {self.stderr.strip()[-800:]!r}"

    def _read(self, *parts: str) -> str:
        path = self.out.joinpath(*parts)
        assert path.is_file(), f"no {'/'.join(parts)} written; {self}"
        return path.read_text(encoding="utf-8")

    def json(self) -> dict[str, Any]:
        return json.loads(self._read("goudenregels.json"))

    def finding(self, code: str) -> dict[str, Any]:
        found = [f for f in self.json()["findings"] if f["code"] == code]
        assert found, f"no {code} finding in the report"
        return found[0]

    def snapshot_meta(self) -> dict[str, Any]:
        return json.loads(self._read("snapshot", "snapshot.json"))

    def snapshot_pages(self) -> list[dict[str, Any]]:
        lines = self._read("snapshot", "pages.jsonl").splitlines()
        return [json.loads(line) for line in lines if line.strip()]


def _audit(url: str, out: Path, max_time: float, max_pages: int = 40) -> Run:
    """Run 'goudenregels audit' as run_cli does, but never wait past max_time + MARGIN.

    The output goes to files, not pipes, and a run that overstays is killed with its process
    group, so that a hanging audit fails this test instead of hanging the suite.
    """
    args = [
        *("audit", url, "-o", str(out), "-f", "json", "-q", "--no-history"),
        *("--timeout", str(TIMEOUT), "--max-time", str(max_time), "--max-pages", str(max_pages)),
    ]
    env = {**os.environ, "COLUMNS": "200"}
    env.pop("GOUDENREGELS_DEBUG", None)
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        started = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-m", "goudenregels", *args],
            stdout=stdout,
            stderr=stderr,
            env=env,
            cwd=str(ROOT),
            start_new_session=True,
        )
        returncode: int | None
        try:
            returncode = proc.wait(timeout=max_time + MARGIN)
        except subprocess.TimeoutExpired:
            returncode = None
            proc.kill()  # its browser driver sees the pipe close and shuts Chromium down
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=10)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)  # whatever of its own group is left
            proc.wait()
        seconds = time.monotonic() - started
        stdout.seek(0)
        stderr.seek(0)
        return Run(
            url=url,
            out=out,
            max_time=max_time,
            returncode=returncode,
            stdout=stdout.read().decode(errors="replace"),
            stderr=stderr.read().decode(errors="replace"),
            seconds=seconds,
        )


def _assert_in_time(run: Run) -> None:
    assert not run.hung, f"the audit hung: {run}"
    assert run.seconds <= run.max_time + MARGIN, str(run)


def _assert_no_crash(run: Run) -> None:
    """No traceback; an error is one line 'error: ...' and not an internal error (a crash)."""
    assert "Traceback" not in run.stderr, str(run)
    errors = [line for line in run.stderr.splitlines() if line.lower().startswith("error")]
    if run.returncode == 0:
        assert not errors, str(run)
        return
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), str(run)
    assert "internal error" not in lines[0], f"a crash, not a refusal: {run}"


def _assert_refused(run: Run) -> None:
    """Exit 3, one line on stderr, and no report (nothing scored)."""
    _assert_in_time(run)
    _assert_no_crash(run)
    assert run.returncode == 3, str(run)
    reports = sorted(p.name for p in run.out.iterdir() if p.name != "snapshot")
    assert not reports, f"reports written for a site that could not be read: {reports}; {run}"


def _page(run: Run, path: str) -> dict[str, Any] | None:
    wanted = run.url.rstrip("/") + path
    for page in run.snapshot_pages():
        if page["url"] == wanted or page.get("final_url") == wanted:
            return page
    return None


# -- the full hostile site ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[tuple[HostileServer, Run]]:
    """One audit of the full hostile site, shared by the tests below."""
    with HostileServer("site") as server:
        run = _audit(server.url, tmp_path_factory.mktemp("hostile-site"), SITE_MAX_TIME)
        yield server, run


def test_site_finishes_in_time(site) -> None:
    _assert_in_time(site[1])


def test_site_never_crashes(site) -> None:
    _assert_no_crash(site[1])


def test_site_is_audited_and_contact_page_read(site) -> None:
    server, run = site
    assert run.returncode == 0, str(run)
    assert server.requested("/contact")
    contact = _page(run, CONTACT_PATH)
    assert contact is not None and not contact["error"], contact
    assert PHONE in contact["text"], contact["text"][:500]
    gr101 = run.finding("GR101")
    assert gr101["status"] == "pass", gr101
    home = [p for p in run.json()["pages"] if p["depth"] == 0]
    assert home and not home[0].get("error"), home


def test_site_records_malformed_links(site) -> None:
    """Links no parser can take are skipped with a reason or noted, never a crash."""
    run = site[1]
    meta = run.snapshot_meta()
    recorded = json.dumps(
        {"skipped": meta.get("skipped", []), "notes": meta.get("notes", [])}, ensure_ascii=False
    ).lower()
    missing = [
        href
        for href, _, markers in MALFORMED_LINKS
        if not any(marker in recorded for marker in markers)
    ]
    assert not missing, f"malformed links neither skipped nor noted: {missing}"


def test_site_snapshot_is_consistent(site) -> None:
    """'complete' is true only when the crawl finished; page_count matches pages.jsonl."""
    run = site[1]
    meta = run.snapshot_meta()
    pages = run.snapshot_pages()
    assert meta["page_count"] == len(pages)
    assert isinstance(meta["complete"], bool)
    took = datetime.fromisoformat(meta["finished_at"]) - datetime.fromisoformat(meta["started_at"])
    hit_time_limit = took.total_seconds() >= SITE_MAX_TIME or any(
        "time limit" in note for note in meta.get("notes", [])
    )
    if hit_time_limit or meta.get("stopped"):
        assert meta["complete"] is False, (took, meta.get("notes"), meta.get("stopped"))
    # Every page the home page links to was tried: read, skipped with a reason, or an error.
    tried = {p["url"] for p in pages} | {s["url"] for s in meta.get("skipped", [])}
    base = run.url.rstrip("/")
    if meta["complete"]:
        untried = [path for path in SUB_PAGES if base + path not in tried]
        assert not untried, f"links on the home page neither read nor skipped: {untried}"


def test_site_cp1252_page_is_decoded(site) -> None:
    run = site[1]
    page = _page(run, "/cp1252")
    assert page is not None, "the windows-1252 page was not read"
    assert not page["error"], page["error"]
    text = page["title"] + "\n" + page["text"]
    assert "é" in text or "€" in text, text
    assert "Ã" not in text and "\ufffd" not in text, f"mis-decoded: {text!r}"


def test_site_binary_page_is_not_scored_as_text(site) -> None:
    """Random bytes sent as text/html are skipped or an error, not a page of junk text."""
    run = site[1]
    page = _page(run, "/binary")
    if page is None or page["error"]:
        return
    junk = page["text"].count("\ufffd") + sum(
        1 for ch in page["text"] if ord(ch) < 32 and ch not in "\n\t"
    )
    assert junk < 50, f"{junk} junk characters read from /binary as page text"


def test_site_sends_no_posts(site) -> None:
    assert site[0].posts == 0


# -- hostile home pages ------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["stall", "binary", "empty", "redirect-loop", "trickle"])
def test_unreadable_home_page_is_refused(mode: str, tmp_path) -> None:
    """A home page with no readable content: exit 3, one line, no report with a score."""
    with HostileServer(mode) as server:
        run = _audit(server.url, tmp_path, HOME_MAX_TIME, max_pages=10)
    _assert_refused(run)


def test_js_navigation_loop_home_page(tmp_path) -> None:
    """Real content on a page that keeps navigating: read it (exit 0), or refuse it (exit 3)."""
    with HostileServer("js-loop") as server:
        run = _audit(server.url, tmp_path, HOME_MAX_TIME, max_pages=10)
    _assert_in_time(run)
    _assert_no_crash(run)
    if run.returncode == 3:
        _assert_refused(run)
        return
    assert run.returncode == 0, str(run)
    home = [p for p in run.json()["pages"] if p["depth"] == 0]
    assert home and not home[0].get("error"), home
    first = run.snapshot_pages()[0]
    assert PHONE in first["text"] and "Klantenservice" in first["text"], first["text"][:500]
    assert run.finding("GR101")["status"] == "pass"
