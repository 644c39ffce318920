"""Fixtures: fixture sites and scripted misbehaving servers, all on 127.0.0.1."""

from __future__ import annotations

import http.server
import json
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from goudenregels.serve import StaticServer, demo_site

# Every browser the suite starts resolves only local names: a fixture that references an outside
# host (a tracker script) produces a request that fails inside Chromium, and no traffic leaves.
# Audits the suite runs are stored in a history of its own, never in the user's data directory.
os.environ["GOUDENREGELS_HISTORY"] = os.path.join(
    tempfile.mkdtemp(prefix="gr-history-"), "history.sqlite"
)
os.environ["GOUDENREGELS_HOST_RESOLVER_RULES"] = (
    "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"
)
from tests.helpers import SITES, ThreadedServer, run_cli


@pytest.fixture(scope="session")
def site_url() -> Iterator:
    """site_url(name) -> base URL of tests/sites/NAME served for the whole session."""
    servers: dict[str, StaticServer] = {}

    def get(name: str) -> str:
        if name not in servers:
            servers[name] = StaticServer(demo_site() if name == "demo" else SITES / name)
            servers[name].__enter__()
        return servers[name].url

    get.servers = servers  # type: ignore[attr-defined]
    yield get
    for server in servers.values():
        server.__exit__(None, None, None)


class ScriptedServer:
    """Answers each path with a fixed (status, headers, body): for bad-input tests."""

    def __init__(self, routes: dict[str, tuple[int, dict[str, str], bytes]]) -> None:
        routes_ref = routes

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                status, headers, body = routes_ref.get(
                    self.path, (404, {"Content-Type": "text/html"}, b"<h1>Not found</h1>")
                )
                if "X-Delay" in headers:  # a resource that takes this long: bounded, then ends
                    time.sleep(float(headers["X-Delay"]))
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if "X-Body-Delay" in headers:  # the answer's head at once, its body later
                    self.wfile.flush()
                    time.sleep(float(headers["X-Body-Delay"]))
                self.wfile.write(body)

        self.server = ThreadedServer(Handler)
        self.url = self.server.url

    def close(self) -> None:
        self.server.close()


@pytest.fixture
def scripted() -> Iterator:
    servers: list[ScriptedServer] = []

    def make(routes: dict[str, tuple[int, dict[str, str], bytes]]) -> ScriptedServer:
        server = ScriptedServer(routes)
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.close()


@pytest.fixture(scope="session")
def audited(site_url, tmp_path_factory) -> Iterator:
    """audited(name) -> (json result, output dir) of one audit of a fixture site per session."""
    cache: dict[str, tuple[dict, Path]] = {}

    def get(name: str) -> tuple[dict, Path]:
        if name not in cache:
            out = tmp_path_factory.mktemp(f"audit-{name}")
            proc = run_cli("audit", site_url(name), "-o", str(out), "-f", "json,html", "-q")
            assert proc.returncode == 0, proc.stderr
            cache[name] = (json.loads((out / "goudenregels.json").read_text()), out)
        return cache[name]

    yield get
