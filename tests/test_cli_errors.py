"""Bad input: one line on stderr, a documented exit code, never a traceback."""

from __future__ import annotations

import socket

import pytest

from tests.helpers import run_cli

HTML = {"Content-Type": "text/html; charset=utf-8"}


def _one_line_error(proc, code: int, *needles: str) -> None:
    assert proc.returncode == code, (proc.returncode, proc.stderr)
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: "), lines
    assert "Traceback" not in proc.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


@pytest.mark.parametrize("url", ["not a url", "ftp://example.nl/", "http://", "http://a b/"])
def test_invalid_url(url: str, tmp_path) -> None:
    _one_line_error(run_cli("audit", url, "-o", str(tmp_path), "-q"), 2, "URL")


def test_unreachable_host(tmp_path) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = run_cli("audit", f"http://127.0.0.1:{port}/", "-o", str(tmp_path), "-q")
    _one_line_error(proc, 3, "cannot load", "connection refused")


@pytest.mark.parametrize("status", [404, 500])
def test_home_page_error_status(scripted, status: int, tmp_path) -> None:
    server = scripted({"/": (status, HTML, b"<h1>oops</h1>")})
    proc = run_cli("audit", server.url, "-o", str(tmp_path), "-q")
    _one_line_error(proc, 3, f"HTTP {status}")


@pytest.mark.parametrize(
    ("ctype", "body"),
    [
        ("application/json", b'{"a": 1}'),
        ("application/pdf", b"%PDF-1.4 fake"),
        ("text/plain", b"hi"),
    ],
)
def test_start_url_not_html(scripted, ctype: str, body: bytes, tmp_path) -> None:
    server = scripted({"/": (200, {"Content-Type": ctype}, body)})
    proc = run_cli("audit", server.url, "-o", str(tmp_path), "-q")
    _one_line_error(proc, 3, "not an HTML page")


def test_redirect_to_another_site(scripted, tmp_path) -> None:
    other = scripted({"/": (200, HTML, b"<p>elsewhere</p>")})
    server = scripted({"/": (302, {"Location": other.url}, b"")})
    proc = run_cli("audit", server.url, "-o", str(tmp_path), "-q")
    _one_line_error(proc, 3, "redirects to", "another site")


def test_robots_disallows_everything(scripted, tmp_path) -> None:
    robots = b"User-agent: *\nDisallow: /\n"
    server = scripted(
        {
            "/": (200, HTML, b"<p>Bel 020 123 45 67</p>"),
            "/robots.txt": (200, {"Content-Type": "text/plain"}, robots),
        }
    )
    proc = run_cli("audit", server.url, "-o", str(tmp_path), "-q")
    _one_line_error(proc, 3, "robots.txt", "--ignore-robots")
    proc = run_cli("audit", server.url, "--ignore-robots", "-o", str(tmp_path), "-q", "-f", "json")
    assert proc.returncode == 0, proc.stderr
    assert "robots.txt was ignored" in (tmp_path / "goudenregels.json").read_text()


def test_bad_options(tmp_path) -> None:
    _one_line_error(run_cli("audit", "https://example.nl", "-f", "pdf", "-q"), 2, "unknown format")
    _one_line_error(
        run_cli("audit", "https://example.nl", "--profile", "bakker", "-q"), 2, "unknown profile"
    )
    _one_line_error(run_cli("check", str(tmp_path)), 2, "not a snapshot directory")
    _one_line_error(run_cli("check", str(tmp_path / "missing")), 2, "not a snapshot directory")
    _one_line_error(run_cli("checks", "GR999"), 2, "no check")
    _one_line_error(run_cli("-p", "no_such_plugin_module", "checks"), 2, "no such module")


def test_corrupt_snapshot(tmp_path) -> None:
    (tmp_path / "snapshot.json").write_text("{not json")
    _one_line_error(run_cli("check", str(tmp_path)), 2, "cannot read")


def test_crawl_refuses_a_non_empty_foreign_directory(tmp_path) -> None:
    (tmp_path / "notes.txt").write_text("my notes")
    proc = run_cli("crawl", "https://example.nl", "-o", str(tmp_path), "-q")
    _one_line_error(proc, 2, "not empty")
    assert (tmp_path / "notes.txt").read_text() == "my notes"


def test_bot_check_instead_of_the_site(scripted, tmp_path) -> None:
    page = b"<html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>"
    server = scripted({"/": (403, HTML, page)})
    proc = run_cli("audit", server.url, "-o", str(tmp_path), "-q")
    _one_line_error(proc, 3, "HTTP 403")
    server = scripted({"/": (200, HTML, page)})
    proc = run_cli("audit", server.url, "-o", str(tmp_path), "-q")
    _one_line_error(proc, 3, "bot check")


def test_a_page_that_never_finishes_loading_is_still_read(scripted, tmp_path) -> None:
    body = (
        b"<html><body><p>Klantenservice: bel 030 123 45 67</p>"
        b"<script src='/never.js'></script></body></html>"
    )
    server = scripted({"/": (200, HTML, body), "/never.js": (200, {"X-Delay": "20"}, b"")})
    proc = run_cli("audit", server.url, "--timeout", "8", "-f", "json", "-o", str(tmp_path), "-q")
    assert proc.returncode == 0, proc.stderr
    assert '"status": "pass"' in (tmp_path / "goudenregels.json").read_text()


def test_an_internal_error_has_its_own_exit_code(audited, monkeypatch) -> None:
    """A bug in goudenregels exits 4, apart from 3 (the site could not be audited)."""
    from click.testing import CliRunner

    import goudenregels.audit
    from goudenregels.cli import main

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(goudenregels.audit, "build_audit", broken)
    monkeypatch.delenv("GOUDENREGELS_DEBUG", raising=False)
    out = audited("gemeente")[1]
    result = CliRunner().invoke(
        main, ["check", str(out / "snapshot"), "-q", "-f", "json", "-o", str(out / "again.json")]
    )
    assert result.exit_code == 4
    assert result.output.strip().splitlines() == [
        "error: internal error: RuntimeError: a bug (set GOUDENREGELS_DEBUG=1 for a traceback)"
    ]
