"""A small static web server on 127.0.0.1: serves the bundled demo site (and test fixtures)."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path


class _Handler(http.server.SimpleHTTPRequestHandler):
    posts = 0
    post_paths: list[str] = []
    post_redirect = ""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass

    def do_POST(self) -> None:  # noqa: N802 - stdlib name
        # Counted so tests can prove the auditor never submits a form.
        type(self).posts += 1
        type(self).post_paths.append(self.path)
        if self.post_redirect:
            self.send_response(303)
            self.send_header("Location", self.post_redirect)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_error(405, "POST not accepted by this static server")


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # A browser that drops a connection mid-answer (a cancelled or blocked request) is
        # normal; say nothing rather than print a traceback into the user's terminal.
        import sys

        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class StaticServer:
    """Serve a directory on 127.0.0.1 in a background thread: ``with StaticServer(d) as url``."""

    def __init__(self, directory: str | Path, port: int = 0, post_redirect: str = "") -> None:
        handler = type(
            "Handler", (_Handler,), {"posts": 0, "post_paths": [], "post_redirect": post_redirect}
        )
        self.handler = handler
        self.httpd = _QuietServer(
            ("127.0.0.1", port), functools.partial(handler, directory=str(directory))
        )
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    @property
    def posts(self) -> int:
        return self.handler.posts

    def __enter__(self) -> str:
        self.thread.start()
        return self.url

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def demo_site() -> Path:
    return Path(__file__).parent / "demo" / "site"
