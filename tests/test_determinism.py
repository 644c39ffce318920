"""The same site gives the same audit: twice in a row, under CPU load, and after an interruption.

The fixture site is larger than the page budget and answers after random delays, so the order in
which tabs finish differs from run to run; the pages read and the statuses must not.
"""

from __future__ import annotations

import http.server
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import ROOT, run_cli

PAGES = 60
BUDGET = ["--max-pages", "14", "--max-depth", "3", "--concurrency", "4", "--no-journeys"]


def _page(n: int) -> bytes:
    links = "".join(
        f'<li><a href="/p/{k}">Pagina {k}</a></li>'
        for k in (2 * n + 1, 2 * n + 2, n + 7)
        if k < PAGES
    )
    extra = ""
    if n == 0:
        links += '<li><a href="/klantenservice">Klantenservice</a></li>'
    if n == 9:
        extra = "<p>Bel ons op 020 765 4321, maandag t/m vrijdag 08:00 - 20:00.</p>"
    return (
        f"<!doctype html><html lang=nl><head><title>Pagina {n}</title></head><body>"
        f"<h1>Pagina {n}</h1><p>Dit is pagina {n} van de testwinkel, met gewone tekst.</p>"
        f"{extra}<ul>{links}</ul></body></html>"
    ).encode()


CONTACT = (
    b"<!doctype html><html lang=nl><head><title>Klantenservice</title></head><body>"
    b"<h1>Klantenservice</h1><p>Mail ons via service@testwinkel.nl.</p>"
    b'<p><a href="/p/30">Meer hulp</a></p></body></html>'
)


class SlowSite:
    """A generated site whose pages answer after a random delay; counts GETs per path."""

    def __init__(self) -> None:
        self.gets: Counter[str] = Counter()
        self.phone_gets: Counter[str] = Counter()
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                path = self.path.split("?")[0]
                # The phone view (--device both) reads the service pages again, in a phone's
                # own view, once the crawl is done (a resumed crawl too): counted apart.
                phone = "Mobile" in (self.headers.get("User-Agent") or "")
                (site.phone_gets if phone else site.gets)[path] += 1
                if path == "/":
                    body = _page(0)
                elif path == "/klantenservice":
                    body = CONTACT
                elif path.startswith("/p/") and path[3:].isdigit() and int(path[3:]) < PAGES:
                    body = _page(int(path[3:]))
                else:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                time.sleep(random.uniform(0, 0.25))  # a different finishing order every run
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.handle_error = lambda *args: None  # a crawl killed mid-answer is expected here
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def slow_site() -> Iterator[SlowSite]:
    site = SlowSite()
    yield site
    site.close()


def _audit(url: str, out: Path) -> tuple[list[str], dict[str, str]]:
    proc = run_cli("audit", url, "-o", str(out), "-f", "json", "-q", "--no-history", *BUDGET)
    assert proc.returncode == 0, proc.stderr
    result = json.loads((out / "goudenregels.json").read_text())
    pages = sorted(p["url"] for p in result["pages"])
    return pages, {f["code"]: f["status"] for f in result["findings"]}


class CpuLoad:
    """Busy processes on every core, for as long as the block runs."""

    def __enter__(self) -> CpuLoad:
        self.procs = [
            subprocess.Popen([sys.executable, "-c", "while True: pass"])
            for _ in range(os.cpu_count() or 2)
        ]
        return self

    def __exit__(self, *exc: object) -> None:
        for proc in self.procs:
            proc.kill()
            proc.wait()


def test_same_pages_and_statuses_twice_and_under_load(slow_site, tmp_path):
    first_pages, first_status = _audit(slow_site.url, tmp_path / "a")
    assert len(first_pages) == 14
    # Service pages come first: the customer-service page is read within the budget.
    assert any(u.endswith("/klantenservice") for u in first_pages)
    second_pages, second_status = _audit(slow_site.url, tmp_path / "b")
    with CpuLoad():
        loaded_pages, loaded_status = _audit(slow_site.url, tmp_path / "c")
    assert second_pages == first_pages
    assert loaded_pages == first_pages
    assert second_status == first_status
    assert loaded_status == first_status


def _read_urls(snapshot_dir: Path) -> list[str]:
    lines = (snapshot_dir / "pages.jsonl").read_text().splitlines()
    return [json.loads(line)["url"] for line in lines if line.strip()]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_interrupted_crawl_resumes_to_the_same_result(slow_site, tmp_path, sig):
    whole = tmp_path / "whole"
    proc = run_cli("crawl", slow_site.url, "-o", str(whole), "-q", *BUDGET)
    assert proc.returncode == 0, proc.stderr
    meta = json.loads((whole / "snapshot.json").read_text())
    assert meta["complete"] is True and meta["stopped"] == ""

    part = tmp_path / "part"
    env = {**os.environ, "COLUMNS": "200"}
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "goudenregels",
            "crawl",
            slow_site.url,
            "-o",
            str(part),
            "-q",
            *BUDGET,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if (part / "pages.jsonl").is_file() and len(_read_urls(part)) >= 5:
            break
        time.sleep(0.05)
    child.send_signal(sig)
    _, stderr = child.communicate(timeout=60)
    kept = _read_urls(part)
    assert 5 <= len(kept) < 14
    meta = json.loads((part / "snapshot.json").read_text())
    assert meta["complete"] is False
    if sig != signal.SIGKILL:
        assert child.returncode == {signal.SIGINT: 130, signal.SIGTERM: 143}[sig]
        assert "Traceback" not in stderr and "--resume" in stderr
        assert stderr.startswith("error: interrupted") and len(stderr.strip().splitlines()) == 1
        assert meta["stopped"].startswith("interrupted")

    before = Counter(slow_site.gets)
    proc = run_cli("crawl", slow_site.url, "-o", str(part), "-q", "--resume", *BUDGET)
    assert proc.returncode == 0, proc.stderr
    fetched = slow_site.gets - before
    for url in kept:
        path = "/" + url.split("/", 3)[3]
        assert fetched[path] == 0, f"{path} was read before the interruption and fetched again"
    assert sorted(set(_read_urls(part))) == sorted(_read_urls(whole))
    meta = json.loads((part / "snapshot.json").read_text())
    assert meta["complete"] is True


def test_snapshot_of_a_finished_crawl_is_not_replaced_without_force(slow_site, tmp_path):
    out = tmp_path / "results"
    args = ("-f", "json", "-q", "--no-history", *BUDGET)
    assert run_cli("audit", slow_site.url, "-o", str(out / "a.json"), *args).returncode == 0
    assert run_cli("audit", slow_site.url, "-o", str(out / "b.json"), *args).returncode == 0
    # Each audit keeps its own snapshot beside its report.
    assert (out / "a.snapshot" / "snapshot.json").is_file()
    assert (out / "b.snapshot" / "snapshot.json").is_file()
    again = run_cli("audit", slow_site.url, "-o", str(out / "a.json"), *args)
    assert again.returncode == 2
    assert again.stderr.startswith("error: ") and "--force" in again.stderr
    assert len(again.stderr.strip().splitlines()) == 1
    forced = run_cli("audit", slow_site.url, "-o", str(out / "a.json"), "--force", *args)
    assert forced.returncode == 0, forced.stderr


def test_two_audits_at_once_keep_their_own_snapshots(slow_site, tmp_path):
    out = tmp_path / "results"
    args = ["-f", "json", "-q", "--no-history", *BUDGET]
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "goudenregels",
                "audit",
                slow_site.url,
                "-o",
                str(out / f"{n}.json"),
                *args,
            ],
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in ("a", "b")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err
    for n in ("a", "b"):
        result = json.loads((out / f"{n}.json").read_text())
        assert len(result["pages"]) == 14
        assert len(_read_urls(out / f"{n}.snapshot")) == 14
