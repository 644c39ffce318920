"""Behind the login: session crawls of a shop with a real login (tests/accountsite.py).

The crawl must read the account area, send no request that changes anything (the login script's
own POST excepted), never open the logout address, say when the session is not logged in, and
keep the test account's password and e-mail address out of everything it writes.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import urllib.request
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goudenregels.checks.account import _personal_data
from goudenregels.crawl.login import parse_login_script
from goudenregels.crawl.session import is_login_form, read_state, write_state
from goudenregels.errors import UsageError
from goudenregels.snapshot import Field, Form, Page
from goudenregels.words import account as words
from tests.accountsite import PASSWORD, USER, AccountSite
from tests.helpers import ROOT, run_cli
from tests.test_e2e import SCHEMA

ACCOUNT_CHECKS = ("GR605", "GR606", "GR407", "GR408")
LOGIN_STEPS = """steps:
  - goto: /inloggen
  - fill: {selector: "#email", value: "${GR_USER}"}
  - fill: {selector: "#wachtwoord", value: "${GR_PASSWORD}"}
  - click: "button[type=submit]"
  - wait: {url: "**/mijn-account"}
"""
SECRETS = {"GR_USER": USER, "GR_PASSWORD": PASSWORD}


@pytest.fixture
def shop():
    sites: list[AccountSite] = []

    def make(editable: bool = True) -> AccountSite:
        sites.append(AccountSite(editable=editable))
        return sites[-1]

    yield make
    for site in sites:
        site.close()


def _audit(url: str, out: Path, *extra: str, env: dict[str, str] | None = None):
    return run_cli(
        "audit", url, "-o", str(out), "-q", "--no-history", "-f", "json,html", *extra, env=env
    )


def _findings(out: Path) -> dict[str, dict]:
    report = json.loads((out / "goudenregels.json").read_text())
    return {f["code"]: f for f in report["findings"]}


def _snapshot(out: Path) -> tuple[dict, list[dict]]:
    meta = json.loads((out / "snapshot" / "snapshot.json").read_text())
    pages = [json.loads(line) for line in (out / "snapshot" / "pages.jsonl").open() if line.strip()]
    return meta, pages


def _logged_in_state(site: AccountSite, path: Path) -> Path:
    """Log in the way a browser would (a form POST) and save the cookie as a storage state."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    body = f"email={USER}&wachtwoord={PASSWORD}".encode()
    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(urllib.request.Request(site.url + "inloggen", data=body), timeout=10)
    except urllib.error.HTTPError as answer:  # the 303 to the account, with the cookie
        cookie = answer.headers["Set-Cookie"].split(";")[0].split("=", 1)[1]
    _save_cookie(path, cookie)
    return path


def _save_cookie(path: Path, value: str) -> None:
    cookie = {
        "name": "sid",
        "value": value,
        "domain": "127.0.0.1",
        "path": "/",
        "expires": -1,
        "httpOnly": True,
        "secure": False,
        "sameSite": "Lax",
    }
    path.write_text(json.dumps({"cookies": [cookie], "origins": []}))


def _every_file_text(out: Path) -> str:
    return "\n".join(
        p.read_text(errors="replace") for p in out.rglob("*") if p.is_file() and p.suffix != ".png"
    )


def test_login_script_reads_the_account_area_and_changes_nothing(shop, tmp_path) -> None:
    site = shop()
    script = tmp_path / "login.yml"
    script.write_text(LOGIN_STEPS)
    out = tmp_path / "out"
    proc = _audit(site.url, out, "--login-script", str(script), "--profile", "webshop", env=SECRETS)
    assert proc.returncode == 0, proc.stderr
    # The login's own form post is the only request that was not a GET, and logout never ran.
    assert site.non_get() == [("POST", "/inloggen")], site.requests
    assert "/sessie/einde" not in site.paths()
    assert "/mijn-account/verwijderen" not in site.paths()
    meta, pages = _snapshot(out)
    account = {p["url"].removeprefix(site.url.rstrip("/")) for p in pages if p["account"]}
    assert {"/mijn-account/gegevens", "/mijn-account/bestellingen/100234"} <= account
    assert {"/mijn-account/abonnement/opzeggen", "/mijn-account/retour/100234"} <= account
    public = {p["url"].removeprefix(site.url.rstrip("/")) for p in pages if not p["account"]}
    assert {"/", "/contact"} <= public
    session = meta["session"]
    assert session["logged_in"] and session["how"] == "script"
    assert session["blocked_count"] >= 1  # the account pages' beacon POSTs
    assert {b["url"].split("/", 3)[3] for b in session["blocked"]} == {"api/gezien"}
    assert [u.endswith("/sessie/einde") for u in session["logout_skipped"]] == [True]
    findings = _findings(out)
    assert {c: findings[c]["status"] for c in ACCOUNT_CHECKS} == dict.fromkeys(
        ACCOUNT_CHECKS, "pass"
    )
    report = json.loads((out / "goudenregels.json").read_text())
    jsonschema.validate(report, SCHEMA)
    assert sum(1 for p in report["pages"] if p.get("account")) == len(account)
    assert report["crawl"]["session"]["account_pages"] == len(account)
    assert "ingelogd gelezen" in (out / "goudenregels.html").read_text()
    # Neither the password nor the test account's address is written anywhere or printed.
    written = _every_file_text(out)
    for secret in (PASSWORD, USER):
        assert secret not in written and secret not in proc.stdout + proc.stderr


def test_saved_session_without_an_edit_route_fails_own_data(shop, tmp_path) -> None:
    site = shop(editable=False)
    state = _logged_in_state(site, tmp_path / "state.json")
    before = len(site.requests)
    out = tmp_path / "out"
    proc = _audit(site.url, out, "--session", str(state), "--profile", "webshop", "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    crawl_requests = site.requests[before:]
    assert [r for r in crawl_requests if r[0] not in ("GET", "HEAD")] == []
    assert ("GET", "/sessie/einde") not in crawl_requests
    findings = _findings(out)
    assert findings["GR605"]["status"] == "fail", findings["GR605"]
    assert "no way to change them" in findings["GR605"]["message"]
    assert findings["GR606"]["status"] == "pass"
    assert findings["GR407"]["status"] == "pass"
    # The account's address is masked in the snapshot, yet shown to be there.
    _meta, pages = _snapshot(out)
    (details,) = [p for p in pages if p["url"].endswith("/mijn-account/gegevens")]
    assert "t***@voorbeeld-shop.test" in details["text"] and USER not in details["text"]
    # The public checks read the public pages only: the account's data are not the shop's.
    assert USER not in json.dumps(findings)


@pytest.mark.parametrize("saved_by_login", [True, False])
def test_an_expired_session_is_reported_not_scored(shop, tmp_path, saved_by_login) -> None:
    """A session the server has forgotten. Saved by 'login', the file names the account page,
    which now shows the login page; a bare storage state names none, and the site's login page,
    shown to a crawl that should have been logged in, tells it instead."""
    site = shop()
    state = tmp_path / "state.json"
    _save_cookie(state, "a-session-the-server-has-forgotten")
    if saved_by_login:
        saved = json.loads(state.read_text())
        write_state(state, saved, site.url + "mijn-account", force=True)
    out = tmp_path / "out"
    proc = _audit(site.url, out, "--session", str(state), "--lang", "en", "--profile", "webshop")
    assert proc.returncode == 0, proc.stderr
    meta, pages = _snapshot(out)
    assert meta["session"]["logged_in"] is False
    shown_login = "/mijn-account" if saved_by_login else "/inloggen"
    assert any(u.endswith(shown_login) for u in meta["session"]["login_walls"]), meta["session"]
    assert not any(p["account"] for p in pages)
    findings = _findings(out)
    for code in ACCOUNT_CHECKS:
        assert findings[code]["status"] == "review", findings[code]
        assert "not logged in" in findings[code]["message"]
    html = (out / "goudenregels.html").read_text()
    gap = html.split('id="unseen"', 1)[1].split("</section>", 1)[0]
    assert "session was not logged in" in gap
    assert site.non_get() == []


def test_without_a_session_the_account_checks_do_not_apply(audited) -> None:
    report, _out = audited("demo")
    statuses = {f["code"]: f["status"] for f in report["findings"] if f["code"] in ACCOUNT_CHECKS}
    assert set(statuses.values()) <= {"not_applicable"}, statuses
    assert {"session", "login_script", "allow_post"}.isdisjoint(report["crawl"]["settings"])
    assert not any(p.get("account") for p in report["pages"])


# -- the login script: validation, secrets -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("steps: [\n  - goto: /x\n", "not valid YAML"),
        ("steps: []\n", "a list of steps is needed"),
        ("- open: /inloggen\n", "unknown step 'open'"),
        ("- fill: '#email'\n", "'fill' needs a mapping"),
        ("- fill: {selector: '#email'}\n", "needs a selector and a value"),
        ("- wait: {}\n", "'wait' needs either a selector or a url"),
        ("- press: {selector: '#p', key: Enter, delay: 5}\n", "does not take 'delay'"),
        ("- fill: {selector: '#p', value: '${GR_NOT_SET_ANYWHERE}'}\n", "GR_NOT_SET_ANYWHERE"),
        ("steps: [{click: button}]\nuser: me\n", "unknown key 'user'"),
    ],
)
def test_a_bad_login_script_is_one_line_and_exit_2(tmp_path, text: str, says: str) -> None:
    script = tmp_path / "login.yml"
    script.write_text(text)
    proc = run_cli("audit", "http://127.0.0.1:9/", "--login-script", str(script), "-q")
    assert proc.returncode == 2, proc.stderr
    assert says in proc.stderr and len(proc.stderr.strip().splitlines()) == 1, proc.stderr


def test_a_failing_login_step_names_the_step_not_the_secret(shop, tmp_path) -> None:
    site = shop()
    script = tmp_path / "login.yml"
    script.write_text(LOGIN_STEPS.replace("#wachtwoord", "#geen-veld"))
    out = tmp_path / "out"
    proc = _audit(site.url, out, "--login-script", str(script), "--timeout", "3", env=SECRETS)
    assert proc.returncode == 3, proc.stderr
    assert "step 3 (fill '#geen-veld' '***')" in proc.stderr
    assert PASSWORD not in proc.stderr + proc.stdout


def test_parse_login_script_takes_secrets_from_the_environment(tmp_path) -> None:
    script = tmp_path / "login.yml"
    script.write_text(LOGIN_STEPS + "account: /mijn-account\n")
    parsed = parse_login_script(script, env={"GR_USER": "u@x.test", "GR_PASSWORD": "s3cret-pw"})
    assert [s.kind for s in parsed.steps] == ["goto", "fill", "fill", "click", "wait"]
    assert parsed.steps[2].value == "s3cret-pw" and parsed.steps[2].secret
    assert "s3cret-pw" not in parsed.steps[2].describe()
    assert parsed.secrets == ["u@x.test", "s3cret-pw"] and parsed.account == "/mijn-account"
    # A bare list of steps is a script too; a value written in the file is not a secret.
    script.write_text("- goto: https://www.example.nl/login\n- click: '#ok'\n")
    bare = parse_login_script(script, env={})
    assert bare.secrets == [] and bare.steps[0].value == "https://www.example.nl/login"


def test_allow_post_without_a_session_is_refused() -> None:
    proc = run_cli("audit", "http://127.0.0.1:9/", "--allow-post", "-q")
    assert proc.returncode == 2 and "--allow-post only applies" in proc.stderr


# -- the session file -------------------------------------------------------------------------


def test_session_file_is_private_and_never_replaced_unasked(tmp_path) -> None:
    target = tmp_path / "state.json"
    state = {"cookies": [{"name": "sid", "value": "abc"}], "origins": []}
    write_state(target, state, "https://www.example.nl/mijn", force=False)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert read_state(target) == (state, "https://www.example.nl/mijn")
    with pytest.raises(UsageError, match="pass --force"):
        write_state(target, state, "", force=False)
    write_state(target, {"cookies": [], "origins": []}, "", force=True)
    assert read_state(target) == ({"cookies": [], "origins": []}, "")


@pytest.mark.parametrize(
    ("content", "says"),
    [(None, "not found"), ("{not json", "cannot read"), ('{"origins": []}', "not a saved session")],
)
def test_a_bad_session_file_is_exit_2(tmp_path, content, says) -> None:
    path = tmp_path / "state.json"
    if content is not None:
        path.write_text(content)
    proc = run_cli("audit", "http://127.0.0.1:9/", "--session", str(path), "-q")
    assert proc.returncode == 2 and says in proc.stderr, proc.stderr


def test_login_without_a_display_says_what_to_do(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    proc = subprocess.run(
        [sys.executable, "-m", "goudenregels", "login", "http://127.0.0.1:9/", "--save", "s.json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "xvfb-run" in proc.stderr and "--login-script" in proc.stderr
    assert not (tmp_path / "s.json").exists()


def test_login_refuses_to_replace_a_file(tmp_path) -> None:
    target = tmp_path / "state.json"
    target.write_text("{}")
    proc = run_cli("login", "http://127.0.0.1:9/", "--save", str(target))
    assert proc.returncode == 2 and "--force" in proc.stderr
    assert target.read_text() == "{}"


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="xvfb-run is not installed")
def test_login_in_a_visible_browser_under_xvfb(shop, tmp_path) -> None:
    """The auditor's part played by a script: it drives the visible window over the DevTools
    port of the browser the command opened, logs in and closes the window."""
    site = shop()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    wrapper = tmp_path / "chromium"
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    wrapper.write_text(f'#!/bin/sh\nexec {chromium} "$@" --remote-debugging-port={port}\n')
    wrapper.chmod(0o755)
    target = tmp_path / "state.json"
    env = {**os.environ, "GOUDENREGELS_CHROMIUM": str(wrapper), "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "goudenregels", "login", site.url + "inloggen"]
    proc = subprocess.Popen(
        ["xvfb-run", "-a", *command, "--save", str(target)],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        asyncio.run(_log_in_by_hand(port))
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert "saved the session (1 cookies" in out
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    state, account_url = read_state(target)
    assert account_url.endswith("/mijn-account")
    assert [c["name"] for c in state["cookies"]] == ["sid"]
    # The saved session logs in: the account page answers instead of redirecting.
    request = urllib.request.Request(
        site.url + "mijn-account", headers={"Cookie": f"sid={state['cookies'][0]['value']}"}
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert "Welkom terug" in answer.read().decode()


async def _log_in_by_hand(port: int) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = None
        for _ in range(300):  # the browser starts under Xvfb: up to 60 s on a busy machine
            try:
                browser = await pw.chromium.connect_over_cdp(f"http://127.0.0.1:{port}")
                break
            except Exception:
                await asyncio.sleep(0.2)
        assert browser is not None, "the login command's browser did not open"
        for _ in range(100):
            pages = [p for c in browser.contexts for p in c.pages if "inloggen" in p.url]
            if pages:
                break
            await asyncio.sleep(0.2)
        page = pages[0]
        await page.fill("#email", USER)
        await page.fill("#wachtwoord", PASSWORD)
        await page.click("button[type=submit]")
        await page.wait_for_url("**/mijn-account")
        await page.close()  # the auditor closes the window


# -- the words --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "href", "logout"),
    [
        ("Uitloggen", "/sessie/einde", True),
        ("Log uit", "/account?actie=weg", True),
        ("Afmelden", "/x", True),
        ("Sign out", "/auth/end", True),
        ("Mijn account", "/user/logout", True),
        ("Mijn account", "/index.php?action=logout", True),
        ("Afmelden voor de nieuwsbrief", "/nieuwsbrief", True),
        ("Log in", "/inloggen", False),
        ("Inloggen", "/login", False),
        ("Mijn bestellingen", "/mijn-account/bestellingen", False),
        ("Aanmelden", "/registreren", False),
        ("Abonnement opzeggen", "/mijn-account/opzeggen", False),
        ("Logopedie", "/zorg/logopedie", False),
    ],
)
def test_logout_links_are_told_by_text_or_address(text: str, href: str, logout: bool) -> None:
    assert words.is_logout(text, href) is logout


@pytest.mark.parametrize(
    ("path", "area"),
    [
        ("/mijn-account", True),
        ("/mijnvodafone/facturen", True),
        ("/account/orders", True),
        ("/my-account/details", True),
        ("/klantportaal", True),
        ("/profiel", True),
        ("/contact", False),
        ("/over-ons", False),
        ("/accountancy-diensten", False),
        ("/mijn.kpn/abonnement", True),
        ("/blog/mijnheer-de-vries", False),
        ("/nieuws/mijnbouw-in-limburg", False),
        ("/mystery-shopper", False),
        ("/mysql-hosting", False),
    ],
)
def test_account_area_addresses(path: str, area: bool) -> None:
    assert bool(words.ACCOUNT_AREA.search(path)) is area


def test_a_change_password_form_is_not_a_login_form() -> None:
    login = Form(
        "/inloggen",
        "post",
        submit="Inloggen",
        fields=[Field("input", "email", "email"), Field("input", "password", "wachtwoord")],
    )
    change = Form(
        "/mijn/wachtwoord",
        "post",
        submit="Opslaan",
        fields=[Field("input", "password", "oud"), Field("input", "password", "nieuw")],
    )
    assert is_login_form(login) and not is_login_form(change)


# -- properties of what is read from account pages ----------------------------------------------

_LOCAL = st.from_regex(r"[a-z][a-z0-9._+-]{0,15}", fullmatch=True)
_DOMAIN = st.from_regex(r"[a-z][a-z0-9-]{0,10}\.(nl|be|com|test)", fullmatch=True)


@settings(deadline=None)  # the machine is shared: a slow example is not a wrong one
@given(local=_LOCAL, domain=_DOMAIN, before=st.text(max_size=40), after=st.text(max_size=40))
def test_a_masked_text_keeps_no_address_whole(local, domain, before, after) -> None:
    address = f"{local}@{domain}"
    masked = words.mask_emails(f"{before} {address} {after}")
    assert address not in masked or local == local[:1]  # a one-letter name is all it shows
    assert f"@{domain}" in masked
    assert words.mask_emails(masked) == masked  # masking twice changes nothing


@settings(deadline=None)
@given(st.lists(st.text(max_size=60), max_size=12))
def test_reading_personal_data_never_fails_and_quotes_the_page(lines) -> None:
    page = Page(url="https://www.example.nl/mijn", text="\n".join(lines))
    for kind, shown in _personal_data(page).items():
        assert kind in words.PERSONAL_LABELS
        assert all(part.strip() in page.text for part in shown.split("\n"))


# -- a batch ------------------------------------------------------------------------------------


def test_a_batch_uses_a_session_only_for_the_site_it_was_saved_on(shop, site_url, tmp_path):
    """The shop's session logs the batch in to the shop; the demo site beside it in the list is
    audited as a visitor, and its account checks do not apply."""
    from tests.helpers import batch_budget

    site = shop(editable=False)
    state = _logged_in_state(site, tmp_path / "state.json")
    write_state(state, json.loads(state.read_text()), site.url + "mijn-account", force=True)
    before = len(site.requests)  # the test's own login POST above
    sites = tmp_path / "sites.csv"
    sites.write_text(f"url,name,profile\n{site.url},Shop,webshop\n{site_url('demo')},Demo,\n")
    out = tmp_path / "batch"
    budget = [*batch_budget(2)]
    budget[budget.index("--max-pages") + 1] = "12"
    proc = run_cli(
        "batch", str(sites), "-o", str(out), "--session", str(state), "--no-history", "-q",
        *budget, "--max-time", "40", "--site-time", "90", timeout=240,
    )  # fmt: skip
    assert proc.returncode in (0, 1), proc.stderr
    ledger = json.loads((out / "batch.json").read_text())
    slugs = {s["url"]: s["slug"] for s in ledger["sites"]}
    assert {s["state"] for s in ledger["sites"]} == {"done"}, ledger["sites"]
    shop_out, demo_out = out / slugs[site.url], out / slugs[site_url("demo")]
    meta, pages = _snapshot(shop_out)
    assert meta["session"]["logged_in"] is True
    assert any(p["account"] for p in pages)
    assert _findings(shop_out)["GR605"]["status"] == "fail"  # the shop's data cannot be changed
    demo_meta, demo_pages = _snapshot(demo_out)
    assert not demo_meta.get("session") and not any(p.get("account") for p in demo_pages)
    assert {_findings(demo_out)[c]["status"] for c in ACCOUNT_CHECKS} == {"not_applicable"}
    assert [r for r in site.requests[before:] if r[0] not in ("GET", "HEAD")] == []


def test_a_batch_refuses_a_login_script_in_one_line(tmp_path) -> None:
    sites = tmp_path / "sites.txt"
    sites.write_text("https://example.nl/\n")
    script = tmp_path / "login.yml"
    script.write_text(LOGIN_STEPS)
    proc = run_cli("batch", str(sites), "-o", str(tmp_path / "o"), "--login-script", str(script))
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "logs in to one site" in proc.stderr
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    ("cookie_domain", "account_url", "url", "belongs"),
    [
        ("winkel.nl", "", "https://www.winkel.nl/", True),
        (".winkel.nl", "", "https://winkel.nl/", True),
        ("winkel.nl", "", "https://anderewinkel.nl/", False),
        ("www.winkel.nl", "", "https://winkel.nl/", False),  # a cookie for a sub-host only
        ("127.0.0.1", "http://127.0.0.1:8001/mijn-account", "http://127.0.0.1:8002/", False),
        ("127.0.0.1", "http://127.0.0.1:8001/mijn-account", "http://127.0.0.1:8001/", True),
    ],
)
def test_which_site_a_session_belongs_to(tmp_path, cookie_domain, account_url, url, belongs):
    from goudenregels.crawl.session import belongs_to

    state = tmp_path / "state.json"
    cookie = {"name": "sid", "value": "x", "domain": cookie_domain, "path": "/"}
    data = {"cookies": [cookie], "origins": []}
    if account_url:
        write_state(state, data, account_url, force=True)
    else:
        state.write_text(json.dumps(data))
    assert belongs_to(state, url) is belongs
