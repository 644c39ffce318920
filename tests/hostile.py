"""A hostile web site on 127.0.0.1: everything a real site can do to a crawler, served by the suite.

``HostileServer("site")`` serves a normal-looking Dutch home page that links to a real contact page
and to pages that loop, stall, trickle, explode or lie about their content, and it carries
malformed and placeholder links. The other modes make the home page itself hostile, so that the
server's start URL is the hostile page:

==============  ===========================================================================
mode            the home page ``/``
==============  ===========================================================================
site            a normal page linking to every hostile sub-page and to ``/contact``
stall           headers and a few bytes, then silence (at most :data:`SLOW_LIMIT` s)
binary          300 KB of random bytes sent as text/html
empty           a page whose body a script empties on arrival
redirect-loop   302 to ``/?loop=1``, which redirects back to ``/``
js-loop         real content ("Klantenservice 020 123 4567") and a script that navigates to
                a query variant of itself every 50 ms
trickle         headers, then one byte per second of a page whose visible text never arrives
==============  ===========================================================================

Every slow answer ends by itself after at most :data:`SLOW_LIMIT` seconds, and at once when the
server is closed, so no server thread outlives a test for long. GET and HEAD are served; a POST
is counted in :attr:`HostileServer.posts` and answered 405.
"""

from __future__ import annotations

import html
import http.server
import random
import sys
import threading
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

SLOW_LIMIT = 120.0  # seconds: the longest any slow answer lasts
IDLE_LIMIT = 30.0  # seconds a connection may stay open without sending a request
MODES = ("site", "stall", "binary", "empty", "redirect-loop", "js-loop", "trickle")

PHONE = "020 123 4567"
EMAIL = "klantenservice@vijandig-voorbeeld.nl"
HOURS = "maandag t/m vrijdag 09:00 - 17:00"
CALENDAR_MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
ITEM_COUNT = 5000
BINARY_SIZE = 300 * 1024
HUGE_SIZE = 30 * 1024 * 1024
DEEP_DOM_MAX = 10_000

# Links no browser or URL parser can take at face value: (href, link text, markers). A crawler
# must skip or note them, never crash on them; ``markers`` are the spellings (raw, lower-cased,
# percent-encoded) by which a record of the link in snapshot.json can be recognised.
MALFORMED_LINKS: list[tuple[str, str, tuple[str, ...]]] = [
    ("http://[bad", "Kapotte IPv6-link", ("[bad", "%5bbad")),
    ("https://www.[bedrijf].nl/pad", "Sjabloonlink", ("[bedrijf]", "%5bbedrijf%5d", "bedrijf")),
    ("http://exa mple.nl/", "Link met spatie", ("exa mple", "exa%20mple")),
    ("http://127.0.0.1:99999/", "Poort buiten bereik", ("99999",)),
    ("//[::1", "Halve IPv6-link", ("[::1", "%5b::1")),
]
# Links that are odd but harmless: a crawler may follow them or drop them silently.
ODD_LINKS: list[tuple[str, str]] = [
    ("javascript:void(0)", "Scriptlink"),
    ("/nul\x00pagina", "Link met een NUL-teken"),
    ("/stuur\x01\x1f\x7ftekens", "Link met stuurtekens"),
    ("/lang?q=" + "a" * 100_000, "Link van honderd kilobyte"),
]

# The hostile sub-pages the home page of mode "site" links to: path -> link text.
SUB_PAGES: dict[str, str] = {
    "/redirect-loop": "Doorverwijzing in een kringetje",
    "/js-nav-loop": "Springende pagina",
    "/calendar?month=0": "Agenda",
    "/trickle": "Druppelpagina",
    "/stall": "Vastgelopen pagina",
    "/binary": "Binaire pagina",
    "/huge": "Enorme pagina",
    "/deep-dom?n=3000": "Diepe pagina",
    "/deep-dom?n=10000": "Nog diepere pagina",
    "/dialogs": "Pagina vol dialoogvensters",
    "/cp1252": "Pagina in oude tekenset",
    "/links5000": "Alle artikelen",
    "/malformed": "Meer kapotte links",
}
CONTACT_PATH = "/contact"


def _page(title: str, body: str, head: str = "") -> bytes:
    return (
        '<!DOCTYPE html>\n<html lang="nl"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>{head}</head>\n<body>\n{body}\n</body></html>\n"
    ).encode()


def _link(href: str, text: str) -> str:
    return f'<a href="{html.escape(href, quote=True)}">{html.escape(text)}</a>'


def _malformed_list() -> str:
    items = [_link(href, text) for href, text, _ in MALFORMED_LINKS]
    items += [_link(href, text) for href, text in ODD_LINKS]
    return "<ul>\n" + "\n".join(f"<li>{item}</li>" for item in items) + "\n</ul>"


NAV = (
    "<header><nav>"
    + _link("/", "Home")
    + " "
    + _link(CONTACT_PATH, "Klantenservice")
    + "</nav></header>"
)
FOOTER = "<footer><p>Vijandige Testsite B.V., Keizersgracht 1, Amsterdam</p></footer>"


def home_page() -> bytes:
    links = "\n".join(f"<li>{_link(path, text)}</li>" for path, text in SUB_PAGES.items())
    return _page(
        "Vijandige Testsite",
        f"""{NAV}
<main>
<h1>Welkom bij de Vijandige Testsite</h1>
<p>Wij verkopen niets, maar wij laten graag zien wat een website een bezoeker allemaal kan
aandoen. Lees rustig verder; onze medewerkers staan voor u klaar.</p>
<p>Heeft u een vraag? Kijk dan bij {_link(CONTACT_PATH, "Contact met de klantenservice")}.</p>
<h2>Onze pagina's</h2>
<ul>
{links}
</ul>
<h2>Links die niet kloppen</h2>
{_malformed_list()}
</main>
{FOOTER}""",
    )


def contact_page() -> bytes:
    return _page(
        "Klantenservice - Vijandige Testsite",
        f"""{NAV}
<main>
<h1>Klantenservice</h1>
<p>Heeft u een vraag of een klacht? Onze klantenservice helpt u graag.</p>
<h2>Bellen</h2>
<p>Bel ons op {PHONE} (gewoon tarief).</p>
<h2>E-mail</h2>
<p>Mail naar {EMAIL}; u krijgt binnen één werkdag antwoord.</p>
<h2>Openingstijden</h2>
<p>Telefonisch bereikbaar {HOURS}.</p>
</main>
{FOOTER}""",
    )


def calendar_page(month: int) -> bytes:
    year, index = 2026 + month // 12, month % 12
    days = "".join(
        f"<td>{day}</td>" + ("</tr><tr>" if day % 7 == 0 else "") for day in range(1, 29)
    )
    return _page(
        f"Agenda {CALENDAR_MONTHS[index]} {year}",
        f"""{NAV}
<main>
<h1>Agenda: {CALENDAR_MONTHS[index]} {year}</h1>
<table><tr>{days}</tr></table>
<p>{_link(f"/calendar?month={month - 1}", "Vorige maand")}
{_link(f"/calendar?month={month + 1}", "Volgende maand")}
{_link(f"/calendar?month={month + 12}", "Volgend jaar")}</p>
</main>""",
    )


def cp1252_page() -> bytes:
    """Dutch text in windows-1252, with no charset in the header or in a meta tag."""
    text = (
        '<!DOCTYPE html>\n<html lang="nl"><head><title>Caf\u00e9 De Oude Tekens</title></head>\n'
        "<body><h1>Caf\u00e9 De Oude Tekens</h1>\n"
        "<p>Wij hebben idee\u00ebn over \u2018goede service\u2019: een kop koffie kost "
        "\u20ac 2,50 en \u00e9\u00e9n appeltaart \u20ac 3,75.</p>\n"
        "<p>Ook re\u00fcnies en cr\u00e8me br\u00fbl\u00e9e zijn welkom; na\u00efef is het niet.</p>\n"
        '<p><a href="/">Terug naar de voorpagina</a></p>\n</body></html>\n'
    )
    return text.encode("cp1252")


def links_page() -> bytes:
    items = "\n".join(
        f'<li><a href="/item/{n}">Artikel {n}</a></li>' for n in range(1, ITEM_COUNT + 1)
    )
    return _page(
        "Alle artikelen", f"{NAV}\n<main><h1>Alle artikelen</h1>\n<ul>\n{items}\n</ul></main>"
    )


def item_page(n: int) -> bytes:
    return _page(
        f"Artikel {n}",
        f"{NAV}\n<main><h1>Artikel {n}</h1><p>Dit is artikel nummer {n}. Het is klein.</p>"
        f"<p>{_link('/links5000', 'Terug naar alle artikelen')}</p></main>",
    )


def deep_dom_page(depth: int) -> bytes:
    return _page(
        f"Diepe pagina ({depth})",
        f"""{NAV}
<main><h1>Een heel diepe pagina</h1><div id="root"></div></main>
<script>
let el = document.getElementById('root');
for (let i = 0; i < {depth}; i++) {{
  const d = document.createElement('div');
  d.className = 'laag';
  el.appendChild(d);
  el = d;
}}
el.textContent = 'Onderaan de diepe pagina, {depth} lagen diep.';
</script>""",
    )


def dialogs_page() -> bytes:
    return _page(
        "Pagina vol dialoogvensters",
        f"""{NAV}
<main><h1>Dialoogvensters</h1><p>Deze pagina vraagt voortdurend om aandacht.</p></main>
<script>
window.onbeforeunload = (e) => {{
  e.preventDefault();
  e.returnValue = 'Weet u zeker dat u weg wilt?';
  return 'Weet u zeker dat u weg wilt?';
}};
const nag = (n) => {{
  for (let i = 0; i < n; i++) {{
    alert('Melding ' + i);
    confirm('Weet u het zeker? ' + i);
    prompt('Wat is uw naam? ' + i, 'bezoeker');
  }}
}};
const storm = (n) => {{
  for (let i = 0; i < n; i++) {{
    try {{ window.open('about:blank', 'venster' + Math.random()); }} catch (e) {{}}
  }}
}};
nag(20);
storm(50);
const started = Date.now();
const timer = setInterval(() => {{
  if (Date.now() - started > 30000) {{ clearInterval(timer); return; }}
  nag(3);
  storm(5);
}}, 1000);
</script>""",
    )


def js_nav_loop_page(text: str, path: str) -> bytes:
    return _page(
        "Springende pagina",
        f"""<main><h1>Springende pagina</h1>
<p>{text}</p>
</main>
<script>
const n = Number(new URLSearchParams(location.search).get('n') || 0);
setInterval(() => {{ location.href = '{path}?n=' + (n + 1); }}, 50);
</script>""",
    )


def malformed_page() -> bytes:
    return _page(
        "Meer kapotte links",
        f"{NAV}\n<main><h1>Meer kapotte links</h1>\n{_malformed_list()}\n</main>",
    )


def js_loop_home() -> bytes:
    return _page(
        "Klantenservice - Springende Testsite",
        f"""<main>
<h1>Klantenservice</h1>
<p>Klantenservice {PHONE}</p>
<p>Heeft u een vraag? Bel ons {HOURS}, of mail naar {EMAIL}.</p>
<p>Wij helpen u graag verder met uw bestelling, uw abonnement of uw klacht.</p>
</main>
<script>
const n = Number(new URLSearchParams(location.search).get('n') || 0);
setInterval(() => {{ location.href = '/?n=' + (n + 1); }}, 50);
</script>""",
    )


def empty_home() -> bytes:
    return _page(
        "Even geduld",
        """<main><h1>Even geduld</h1><p>De pagina wordt geladen.</p></main>
<script>document.body.innerHTML = '';</script>""",
    )


# The start of the trickled home page: padding in a comment, so no visible text ever arrives.
TRICKLE_HOME_HEAD = b'<!DOCTYPE html>\n<html lang="nl"><head><!-- '
TRICKLE_HOME_TAIL = (
    b"x" * 400 + b" --><title>Druppel</title></head><body><p>Welkom</p></body></html>"
)
TRICKLE_PAGE_HEAD = _page("Druppelpagina", "<p>Deze pagina komt druppelsgewijs binnen.</p>")[:-16]
TRICKLE_PAGE_TAIL = b"<p>" + b"Nog een druppel. " * 20 + b"</p></body></html>\n"
STALL_HEAD = b'<!DOCTYPE html>\n<html lang="nl"><head><title>Wa'

_cache: dict[str, bytes] = {}
_cache_lock = threading.Lock()


def _cached(name: str, make: Callable[[], bytes]) -> bytes:
    with _cache_lock:
        if name not in _cache:
            _cache[name] = make()
        return _cache[name]


def binary_bytes() -> bytes:
    """300 KB of random bytes, the same on every run."""
    return _cached("binary", lambda: random.Random(20260101).randbytes(BINARY_SIZE))


def huge_page() -> bytes:
    """A 30 MB HTML page of ordinary paragraphs, generated once."""

    def make() -> bytes:
        head = _page("Enorme pagina", "<h1>Een enorme pagina</h1>")[:-16]
        para = (
            "<p>Alinea {}: dit is een gewone alinea op een heel lange pagina. Er staat niets "
            "bijzonders in, maar er staat wel heel veel van, alinea na alinea na alinea.</p>\n"
        )
        parts = [head.decode()]
        size, n = len(head), 0
        while size < HUGE_SIZE:
            n += 1
            chunk = para.format(n)
            parts.append(chunk)
            size += len(chunk)
        parts.append("</body></html>\n")
        return "".join(parts).encode()

    return _cached("huge", make)


HTML = "text/html; charset=utf-8"


class _Response:
    """A complete answer: status, headers and body."""

    def __init__(self, status: int, body: bytes = b"", ctype: str = HTML, **headers: str) -> None:
        self.status = status
        self.body = body
        self.headers = {"Content-Type": ctype, "Cache-Control": "no-store", **headers}


class _Slow:
    """An answer that takes its time: headers and ``head`` at once, then ``tail`` byte by byte
    (one per second), or nothing at all when ``tail`` is empty; ends after SLOW_LIMIT at most."""

    def __init__(self, head: bytes, tail: bytes = b"") -> None:
        self.head = head
        self.tail = tail


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a slow answer must not hold up close()

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], OSError):
            return  # the browser hung up on a slow answer: expected
        super().handle_error(request, client_address)


class HostileServer:
    """The hostile site in one mode (see the module docstring); start() and close(), or ``with``."""

    def __init__(self, mode: str = "site") -> None:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; choose from {', '.join(MODES)}")
        self.mode = mode
        self.closing = threading.Event()
        self.lock = threading.Lock()
        self.posts = 0
        self.requests: list[tuple[str, str]] = []  # (method, path[:200]) in arrival order
        self.httpd: _Server | None = None
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        assert self.httpd is not None, "start() the server first"
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def start(self) -> HostileServer:
        self.httpd = _Server(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, name=f"hostile-{self.mode}", daemon=True
        )
        self.thread.start()
        return self

    def close(self) -> None:
        self.closing.set()  # slow answers end within a second
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.httpd = None

    def __enter__(self) -> HostileServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def requested(self, path_prefix: str) -> bool:
        with self.lock:
            return any(path.startswith(path_prefix) for _, path in self.requests)

    # -- routing -------------------------------------------------------------------------

    def route(self, method: str, target: str) -> _Response | _Slow | None:
        """The answer for one request; None: close the connection without an answer."""
        parts = urlsplit(target)
        path, query = parts.path, parse_qs(parts.query)
        if path in ("/robots.txt", "/sitemap.xml", "/favicon.ico"):
            return _Response(404, b"Not found", "text/plain")
        if path == "/":
            return self._home(query)
        if self.mode != "site":
            return _Response(404, _page("Niet gevonden", "<h1>Niet gevonden</h1>"))
        if path == CONTACT_PATH:
            return _Response(200, contact_page())
        if path == "/redirect-loop":
            return _Response(302, b"", Location="/redirect-loop-b")
        if path == "/redirect-loop-b":
            return _Response(302, b"", Location="/redirect-loop")
        if path == "/js-nav-loop":
            return _Response(
                200, js_nav_loop_page("Deze pagina springt steeds naar zichzelf.", path)
            )
        if path == "/calendar":
            return _Response(200, calendar_page(_int(query, "month", 0)))
        if path == "/trickle":
            return _Slow(TRICKLE_PAGE_HEAD, TRICKLE_PAGE_TAIL)
        if path == "/stall":
            return _Slow(STALL_HEAD)
        if path == "/binary":
            return _Response(200, binary_bytes(), "text/html")
        if path == "/huge":
            return _Response(200, huge_page())
        if path == "/deep-dom":
            depth = min(max(_int(query, "n", 3000), 1), DEEP_DOM_MAX)
            return _Response(200, deep_dom_page(depth))
        if path == "/dialogs":
            return _Response(200, dialogs_page())
        if path == "/cp1252":
            return _Response(200, cp1252_page(), "text/html")
        if path == "/links5000":
            return _Response(200, links_page())
        if path.startswith("/item/") and path[6:].isdigit() and 0 < int(path[6:]) <= ITEM_COUNT:
            return _Response(200, item_page(int(path[6:])))
        if path == "/malformed":
            return _Response(200, malformed_page())
        return _Response(404, _page("Niet gevonden", f"{NAV}<h1>Niet gevonden</h1>"))

    def _home(self, query: dict[str, list[str]]) -> _Response | _Slow:
        mode = self.mode
        if mode == "site":
            return _Response(200, home_page())
        if mode == "stall":
            return _Slow(STALL_HEAD)
        if mode == "trickle":
            return _Slow(TRICKLE_HOME_HEAD, TRICKLE_HOME_TAIL)
        if mode == "binary":
            return _Response(200, binary_bytes(), "text/html")
        if mode == "empty":
            return _Response(200, empty_home())
        if mode == "redirect-loop":
            return _Response(302, b"", Location="/" if "loop" in query else "/?loop=1")
        return _Response(200, js_loop_home())  # js-loop

    # -- the request handler -------------------------------------------------------------

    def _handler(self) -> type[http.server.BaseHTTPRequestHandler]:
        hostile = self

        class Handler(http.server.BaseHTTPRequestHandler):
            timeout = IDLE_LIMIT  # a connection that never sends a request is closed
            server_version = "Vijandig/1.0"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                self._answer("GET")

            def do_HEAD(self) -> None:  # noqa: N802
                self._answer("HEAD")

            def do_POST(self) -> None:  # noqa: N802
                with hostile.lock:
                    hostile.posts += 1
                    hostile.requests.append(("POST", self.path[:200]))
                self._send(_Response(405, b"Method not allowed", "text/plain", Allow="GET, HEAD"))

            def _answer(self, method: str) -> None:
                with hostile.lock:
                    hostile.requests.append((method, self.path[:200]))
                answer = hostile.route(method, self.path)
                try:
                    if isinstance(answer, _Slow):
                        self._slow(answer, method)
                    elif answer is not None:
                        self._send(answer, head_only=method == "HEAD")
                except OSError:
                    pass  # the browser gave up: fine
                self.close_connection = True

            def _send(self, answer: _Response, head_only: bool = False) -> None:
                self.send_response(answer.status)
                for key, value in answer.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                if not head_only:
                    self.wfile.write(answer.body)

            def _slow(self, answer: _Slow, method: str) -> None:
                if method == "HEAD":
                    hostile.closing.wait(SLOW_LIMIT)  # not even a status line
                    return
                self.send_response(200)
                self.send_header("Content-Type", HTML)
                self.send_header("Cache-Control", "no-store")
                self.send_header("Connection", "close")
                self.end_headers()  # no Content-Length: the body ends when the server closes
                self.wfile.write(answer.head)
                self.wfile.flush()
                if not answer.tail:
                    hostile.closing.wait(SLOW_LIMIT)
                    return
                for byte in answer.tail[: int(SLOW_LIMIT)]:
                    if hostile.closing.wait(1.0):
                        return
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()

        return Handler


def _int(query: dict[str, list[str]], name: str, default: int) -> int:
    try:
        return int(query.get(name, [str(default)])[0])
    except ValueError:
        return default


if __name__ == "__main__":  # serve one mode by hand: python -m tests.hostile [MODE]
    import time

    with HostileServer(sys.argv[1] if len(sys.argv) > 1 else "site") as server:
        print(server.url, flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
