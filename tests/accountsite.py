"""A shop with a real login on 127.0.0.1: server-side sessions, an account area and its traps.

``AccountSite()`` serves a small Dutch webshop. ``POST /inloggen`` with the test account's e-mail
address and password starts a server-side session (cookie ``sid``); the account pages under
``/mijn-account`` answer only with it and otherwise redirect to the login page. Everything that
reaches the server is logged in :attr:`AccountSite.requests` as (method, path), so a test can
assert that the crawl sent no POST and never opened the logout address.

Traps for a crawl that must stay read-only: a "Verwijder account" form (POST), a button whose
script POSTs a preference, a script that POSTs a "seen" beacon on every account page load, and a
logout link whose address does not say "logout" (only its text "Uitloggen" does).

``editable=False`` is the variant without a way to change one's own data online (a customer has
to call), so the account checks have something to fail on.
"""

from __future__ import annotations

import http.server
import secrets
import threading
from urllib.parse import parse_qs, urlsplit

from tests.helpers import ThreadedServer

USER = "test.klant@voorbeeld-shop.test"
PASSWORD = "Geheim-wachtwoord-42"

PAGE = """<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>{title}</title></head>
<body><header><nav><a href="/">Home</a> <a href="/contact">Klantenservice</a> {login}</nav>
</header><main><h1>{title}</h1>{body}</main>
<footer><p>Voorbeeldshop B.V. · Klantenservice 030 765 4321 · KvK 12345678</p></footer>
{script}</body></html>"""

BEACON = """<script>
fetch('/api/gezien', {method: 'POST', body: location.pathname});
document.querySelector('#voorkeur')?.addEventListener('click', () =>
  fetch('/api/voorkeuren', {method: 'POST', body: 'nieuwsbrief=aan'}));
</script>"""

PUBLIC = {
    "/": (
        "Voorbeeldshop",
        "<p>Welkom bij de Voorbeeldshop: gereedschap voor thuis.</p>"
        '<p><a href="/contact">Contact</a> · <a href="/retourneren">Retourneren</a></p>',
    ),
    "/contact": (
        "Klantenservice",
        "<p>Bel ons op 030 765 4321, maandag tot en met vrijdag van 9.00 tot 17.00 uur.</p>"
        "<p>Mail naar service@voorbeeld-shop.test.</p>",
    ),
    "/retourneren": (
        "Retourneren",
        "<p>U heeft 14 dagen bedenktijd. Retourneren meldt u aan in Mijn account.</p>",
    ),
}

OVERVIEW = """<p>Welkom terug, Jan de Vries.</p>
<ul>
<li><a href="/mijn-account/gegevens">Mijn gegevens</a></li>
<li><a href="/mijn-account/bestellingen">Mijn bestellingen</a></li>
<li><a href="/mijn-account/abonnement">Mijn abonnement</a></li>
<li><a href="/sessie/einde">Uitloggen</a></li>
</ul>
<form method="post" action="/mijn-account/verwijderen"><button>Verwijder account</button></form>
<button id="voorkeur" type="button">Nieuwsbrief aanzetten</button>"""

DETAILS = """<dl><dt>Naam</dt><dd>Jan de Vries</dd>
<dt>Adres</dt><dd>Dorpsstraat 12, 3511 AB Utrecht</dd>
<dt>E-mailadres</dt><dd>{user}</dd>
<dt>Telefoonnummer</dt><dd>06 12345678</dd></dl>
{edit}"""
EDIT_LINK = '<p><a href="/mijn-account/gegevens/wijzigen">Gegevens wijzigen</a></p>'
NO_EDIT = "<p>Klopt er iets niet? Bel onze klantenservice om uw gegevens te laten aanpassen.</p>"
EDIT_FORM = """<form method="post" action="/mijn-account/gegevens">
<label for="naam">Naam</label><input id="naam" name="naam" value="Jan de Vries">
<label for="adres">Adres</label><input id="adres" name="adres" value="Dorpsstraat 12">
<label for="email">E-mailadres</label><input id="email" name="email" type="email">
<button type="submit">Opslaan</button></form>"""
ORDERS = """<table><tr><th>Bestelnummer</th><th>Datum</th><th>Status</th></tr>
<tr><td><a href="/mijn-account/bestellingen/100234">100234</a></td><td>3 maart</td>
<td>Geleverd</td></tr></table>"""
ORDER = """<p>Bestelnummer: 100234 · besteld op 1 maart · geleverd op 3 maart</p>
<p>Accuboormachine, 1 stuk, € 89,95</p>
<p><a href="/mijn-account/retour/100234">Retour aanmelden of bestelling herroepen</a></p>"""
RETURN = """<p>U kunt deze bestelling binnen 14 dagen herroepen of retourneren.</p>
<form method="post" action="/mijn-account/retour/100234"><label>Reden
<select name="reden"><option>Herroepen</option><option>Defect</option></select></label>
<button>Retour aanmelden</button></form>"""
SUBSCRIPTION = """<p>Abonnement: Gereedschapsbox, € 12,50 per maand, loopt tot 1 januari.</p>
<p><a href="/mijn-account/abonnement/opzeggen">Abonnement opzeggen</a></p>"""
CANCEL = """<p>Jammer dat u gaat. Zeg hier uw abonnement online op.</p>
<form method="post" action="/mijn-account/abonnement/opzeggen">
<button>Abonnement opzeggen</button></form>"""
LOGIN = """{error}<form method="post" action="/inloggen">
<label for="email">E-mailadres</label><input id="email" name="email" type="email">
<label for="wachtwoord">Wachtwoord</label><input id="wachtwoord" name="wachtwoord" type="password">
<button type="submit">Inloggen</button></form>
<p><a href="/wachtwoord-vergeten">Wachtwoord vergeten?</a></p>"""


class AccountSite:
    """The shop, served on 127.0.0.1 until :meth:`close`."""

    def __init__(self, editable: bool = True) -> None:
        self.editable = editable
        self.sessions: set[str] = set()
        self.requests: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        self.server = ThreadedServer(self._handler())
        self.url = self.server.url

    def close(self) -> None:
        self.server.close()

    def non_get(self) -> list[tuple[str, str]]:
        return [r for r in self.requests if r[0] not in ("GET", "HEAD")]

    def paths(self) -> list[str]:
        return [path for _method, path in self.requests]

    def account_page(self, path: str) -> tuple[str, str] | None:
        """(title, body) of an account page, or None when there is no such page."""
        pages = {
            "/mijn-account": ("Mijn account", OVERVIEW),
            "/mijn-account/gegevens": (
                "Mijn gegevens",
                DETAILS.format(user=USER, edit=EDIT_LINK if self.editable else NO_EDIT),
            ),
            "/mijn-account/bestellingen": ("Mijn bestellingen", ORDERS),
            "/mijn-account/bestellingen/100234": ("Bestelling 100234", ORDER),
            "/mijn-account/retour/100234": ("Retour aanmelden", RETURN),
            "/mijn-account/abonnement": ("Mijn abonnement", SUBSCRIPTION),
            "/mijn-account/abonnement/opzeggen": ("Abonnement opzeggen", CANCEL),
        }
        if self.editable:
            pages["/mijn-account/gegevens/wijzigen"] = ("Gegevens wijzigen", EDIT_FORM)
        return pages.get(path)

    def _handler(self) -> type:
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _session(self) -> str:
                for part in self.headers.get("Cookie", "").split(";"):
                    name, _, value = part.strip().partition("=")
                    if name == "sid" and value in site.sessions:
                        return value
                return ""

            def _send(self, status: int, body: str = "", headers: dict | None = None) -> None:
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _page(self, title: str, body: str, account: bool) -> None:
                login = (
                    '<a href="/mijn-account">Mijn account</a>'
                    if account or self._session()
                    else '<a href="/inloggen">Inloggen</a>'
                )
                script = BEACON if account else ""
                self._send(200, PAGE.format(title=title, body=body, login=login, script=script))

            def do_HEAD(self) -> None:  # noqa: N802
                site.requests.append(("HEAD", urlsplit(self.path).path))
                self._send(200)

            def do_GET(self) -> None:  # noqa: N802
                path = urlsplit(self.path).path.rstrip("/") or "/"
                with site.lock:
                    site.requests.append(("GET", path))
                if path == "/sessie/einde":
                    site.sessions.discard(self._session())
                    self._send(303, headers={"Location": "/", "Set-Cookie": "sid=; Max-Age=0"})
                elif path in PUBLIC:
                    self._page(*PUBLIC[path], account=False)
                elif path == "/inloggen":
                    if self._session():
                        self._send(303, headers={"Location": "/mijn-account"})
                    else:
                        self._page("Inloggen", LOGIN.format(error=""), account=False)
                elif site.account_page(path) is not None:
                    if not self._session():
                        self._send(302, headers={"Location": f"/inloggen?terug={path}"})
                    else:
                        self._page(*site.account_page(path), account=True)
                else:
                    self._send(404, "<h1>Niet gevonden</h1>")

            def do_POST(self) -> None:  # noqa: N802
                path = urlsplit(self.path).path
                length = int(self.headers.get("Content-Length") or 0)
                form = parse_qs(self.rfile.read(length).decode(errors="replace"))
                with site.lock:
                    site.requests.append(("POST", path))
                if path != "/inloggen":
                    self._send(204)
                    return
                if form.get("email") == [USER] and form.get("wachtwoord") == [PASSWORD]:
                    sid = secrets.token_hex(16)
                    site.sessions.add(sid)
                    cookie = f"sid={sid}; Path=/; HttpOnly; SameSite=Lax"
                    self._send(303, headers={"Location": "/mijn-account", "Set-Cookie": cookie})
                else:
                    error = "<p>E-mailadres of wachtwoord onjuist.</p>"
                    self._page("Inloggen", LOGIN.format(error=error), account=False)

            do_PUT = do_PATCH = do_DELETE = do_POST  # noqa: N815

        return Handler
