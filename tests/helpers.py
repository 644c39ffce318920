"""Shared test helpers: build a snapshot from HTML snippets, run the CLI, serve fixture sites."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from goudenregels.crawl.extract import extract
from goudenregels.snapshot import Snapshot

ROOT = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"
BASE = "https://www.example.nl"


def snapshot_from_pages(pages: dict[str, str]) -> Snapshot:
    """A snapshot whose pages are the given HTML snippets; the first path is the home page."""
    snap = Snapshot(start_url=f"{BASE}/", final_url=f"{BASE}/", scope="example.nl", complete=True)
    for path, html in pages.items():
        url = BASE + path
        doc = html if "<html" in html.lower() else f"<html><body>{html}</body></html>"
        snap.pages.append(extract(doc, url))
    snap.compute_depths()
    return snap


def run_cli(*args: str, timeout: float = 180, env: dict[str, str] | None = None):
    """Run 'python -m goudenregels ARGS' as a user would; returns the CompletedProcess."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("GOUDENREGELS_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "goudenregels", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=full_env,
        cwd=str(ROOT),
    )
