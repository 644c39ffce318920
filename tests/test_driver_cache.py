"""The Playwright driver keeps its compiled code between runs (NODE_COMPILE_CACHE)."""

from __future__ import annotations

import os

from goudenregels.crawl import browser
from tests.helpers import run_cli


def test_the_cache_goes_to_the_users_cache_directory(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv(browser.NODE_CACHE_VAR, raising=False)
    monkeypatch.delenv("NODE_DISABLE_COMPILE_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    browser.keep_driver_compiled()
    assert os.environ[browser.NODE_CACHE_VAR] == str(tmp_path / "goudenregels/node-compile-cache")


def test_a_cache_the_user_chose_or_switched_off_is_kept(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv(browser.NODE_CACHE_VAR, "/elsewhere")
    browser.keep_driver_compiled()
    assert os.environ[browser.NODE_CACHE_VAR] == "/elsewhere"
    monkeypatch.delenv(browser.NODE_CACHE_VAR)
    monkeypatch.setenv("NODE_DISABLE_COMPILE_CACHE", "1")
    browser.keep_driver_compiled()
    assert browser.NODE_CACHE_VAR not in os.environ


def test_a_crawl_fills_the_cache(site_url, tmp_path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), browser.NODE_CACHE_VAR: ""}
    proc = run_cli(
        "crawl", site_url("webshop"), "-o", str(tmp_path / "s"), "-q", "--max-pages", "2",
        "--no-journeys", env=env,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    cache = tmp_path / "cache" / "goudenregels" / "node-compile-cache"
    assert any(p.is_file() for p in cache.rglob("*"))
