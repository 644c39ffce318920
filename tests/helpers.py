"""Shared test helpers: build a snapshot from HTML snippets, run the CLI, serve fixture sites."""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from goudenregels.crawl.extract import extract
from goudenregels.snapshot import Page, Snapshot

ROOT = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"
BASE = "https://www.example.nl"


def snapshot_from_pages(
    pages: dict[str, Any],
    snapshot: dict[str, Any] | None = None,
    base: str = BASE,
    phone: dict[str, Any] | None = None,
) -> Snapshot:
    """A snapshot whose pages are the given HTML snippets; the first path is the home page.

    ``base`` is the site's address (https://www.example.nl unless a case is about another
    country's domain).

    A page is an HTML string, or ``{html: ..., fields: {...}}`` where ``fields`` sets what only
    the browser records (cookie_banner, overlays, prompts, requests_before_consent, status,
    artifacts, script_errors). ``snapshot`` sets snapshot-level fields (journeys, link_checks).
    ``phone`` gives pages the same way for the phone view of ``--device both`` (phone_pages;
    their fields add layers, tel_links and screenshot).
    """
    host = base.split("//", 1)[-1]
    scope = host.removeprefix("www.")
    snap = Snapshot(start_url=f"{base}/", final_url=f"{base}/", scope=scope, complete=True)
    snap.pages = [_page(base + path, spec) for path, spec in pages.items()]
    snap.phone_pages = [_page(base + path, spec, "mobile") for path, spec in (phone or {}).items()]
    for key, value in (snapshot or {}).items():
        setattr(snap, key, value)
    snap.compute_depths()
    return snap


def _page(url: str, spec: Any, view: str = "desktop") -> Page:
    html, extra = (
        (spec, {}) if isinstance(spec, str) else (spec.get("html", ""), spec.get("fields", {}))
    )
    doc = html if "<html" in html.lower() else f"<html><body>{html}</body></html>"
    page = extract(doc, url)
    page.view = view
    if extra:
        data = page.to_dict()
        data.update(extra)
        page = Page.from_dict(data)
    return page


def run_cli(*args: str, timeout: float = 180, env: dict[str, str] | None = None, cwd=None):
    """Run 'python -m goudenregels ARGS' as a user would; returns the CompletedProcess."""
    full_env = {**os.environ, "COLUMNS": "200", **(env or {})}
    full_env.pop("GOUDENREGELS_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "goudenregels", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=full_env,
        cwd=str(cwd or ROOT),
    )


def batch_budget(concurrency: int) -> list[str]:
    """A batch site's crawl budget in the tests. The batch mechanics are tested on the desktop
    view alone: the phone view (--device both, the default) is tested in test_phone_view.py and
    its cost measured by bench/bench.py."""
    return [
        "--max-pages", "4", "--max-depth", "2", "--no-journeys",
        "--concurrency", str(concurrency), "--device", "desktop",
    ]  # fmt: skip


class ThreadedServer:
    """An HTTP server on 127.0.0.1 in a thread of its own, until :meth:`close`."""

    def __init__(self, handler: type[http.server.BaseHTTPRequestHandler]) -> None:
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False  # a delayed response must not hold up the teardown
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
