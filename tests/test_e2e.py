"""End to end: audit the fixture sites in a real browser and assert every rule-1 status."""

from __future__ import annotations

import functools
import json
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import jsonschema
import pytest

from goudenregels.snapshot import Snapshot
from tests.helpers import SITES, run_cli

SCHEMA = json.loads(
    (Path(__file__).parent.parent / "goudenregels" / "schema" / "audit.schema.json").read_text()
)

EXPECTED = {
    "webshop": {
        "profile": "webshop",
        "GR101": "pass", "GR102": "pass", "GR103": "pass", "GR104": "pass",
        "GR105": "pass", "GR106": "pass", "GR107": "pass", "GR108": "review",
        "GR109": "pass", "GR110": "pass", "GR111": "pass", "GR112": "pass",
        "GR113": "pass", "GR114": "pass", "GR115": "pass", "GR120": "not_applicable", "GR121": "not_applicable", "GR122": "not_applicable", "GR201": "pass", "GR202": "pass", "GR203": "pass",
        "GR204": "review", "GR301": "pass", "GR302": "pass", "GR303": "pass",
        "GR304": "pass", "GR305": "pass", "GR306": "review", "GR401": "pass", "GR402": "review", "GR403": "pass",
        "GR404": "not_applicable", "GR405": "pass", "GR406": "pass", "GR501": "fail",
        "GR502": "review", "GR503": "pass", "GR504": "pass", "GR601": "pass",
        "GR602": "pass", "GR603": "pass", "GR604": "review",
    },
    "dienstverlener": {
        "profile": "dienstverlener",
        "GR101": "fail", "GR102": "fail", "GR103": "review", "GR104": "pass",
        "GR105": "fail", "GR106": "pass", "GR107": "fail", "GR108": "fail",
        "GR109": "pass", "GR110": "not_applicable", "GR111": "pass", "GR112": "not_applicable",
        "GR113": "pass", "GR114": "fail", "GR115": "pass", "GR120": "not_applicable", "GR121": "not_applicable", "GR122": "not_applicable", "GR201": "pass", "GR202": "pass", "GR203": "pass",
        "GR204": "review", "GR301": "fail", "GR302": "fail", "GR303": "fail",
        "GR304": "fail", "GR305": "pass", "GR306": "not_applicable", "GR401": "not_applicable", "GR402": "fail", "GR403": "pass",
        "GR404": "pass", "GR405": "pass", "GR406": "pass", "GR501": "pass",
        "GR502": "pass", "GR503": "pass", "GR504": "pass", "GR601": "pass",
        "GR602": "pass", "GR603": "pass", "GR604": "review",
    },
    "gemeente": {
        "profile": "gemeente",
        "GR101": "pass", "GR102": "pass", "GR103": "pass", "GR104": "pass",
        "GR105": "pass", "GR106": "pass", "GR107": "pass", "GR108": "fail",
        "GR109": "not_applicable", "GR110": "not_applicable", "GR111": "pass", "GR112": "not_applicable",
        "GR113": "pass", "GR114": "pass", "GR115": "pass", "GR120": "not_applicable", "GR121": "not_applicable", "GR122": "not_applicable", "GR201": "not_applicable", "GR202": "pass", "GR203": "pass",
        "GR204": "review", "GR301": "not_applicable", "GR302": "pass", "GR303": "pass",
        "GR304": "pass", "GR305": "pass", "GR306": "not_applicable", "GR401": "not_applicable", "GR402": "not_applicable", "GR403": "not_applicable",
        "GR404": "not_applicable", "GR405": "not_applicable", "GR406": "pass", "GR501": "fail",
        "GR502": "not_applicable", "GR503": "not_applicable", "GR504": "fail", "GR601": "pass",
        "GR602": "review", "GR603": "not_applicable", "GR604": "review",
    },
    "demo": {
        "profile": "webshop",
        "GR101": "pass", "GR102": "fail", "GR103": "pass", "GR104": "pass",
        "GR105": "fail", "GR106": "pass", "GR107": "fail", "GR108": "fail",
        "GR109": "not_applicable", "GR110": "pass", "GR111": "pass", "GR112": "not_applicable",
        "GR113": "pass", "GR114": "fail", "GR115": "pass", "GR120": "not_applicable", "GR121": "not_applicable", "GR122": "not_applicable", "GR201": "pass", "GR202": "not_applicable", "GR203": "pass",
        "GR204": "review", "GR301": "not_applicable", "GR302": "fail", "GR303": "pass",
        "GR304": "pass", "GR305": "pass", "GR306": "not_applicable", "GR401": "pass", "GR402": "review", "GR403": "pass",
        "GR404": "not_applicable", "GR405": "pass", "GR406": "pass", "GR501": "fail",
        "GR502": "not_applicable", "GR503": "not_applicable", "GR504": "review", "GR601": "fail",
        "GR602": "pass", "GR603": "pass", "GR604": "review",
    },
}  # fmt: skip
# No fixture site is audited with declared facts: the GR7xx checks do not apply to any of them.
for _expected in EXPECTED.values():
    _expected.update({f"GR70{n}": "not_applicable" for n in range(1, 10)})
    # Nor with a test account's session: the account checks do not look (tests/test_login.py does).
    _expected.update(dict.fromkeys(("GR407", "GR408", "GR605", "GR606"), "not_applicable"))


def _finding(result: dict, code: str) -> dict:
    return next(f for f in result["findings"] if f["code"] == code)


@pytest.mark.parametrize("site", sorted(EXPECTED))
def test_fixture_site_statuses(audited, site: str) -> None:
    result, _ = audited(site)
    expected = EXPECTED[site]
    assert result["site"]["profile"] == expected["profile"]
    got = {f["code"]: f["status"] for f in result["findings"]}
    want = {k: v for k, v in expected.items() if k.startswith("GR")}
    assert {k: got.get(k) for k in want} == want
    # Every built-in check is asserted on this site: a new check needs its expected status here.
    assert set(got) == set(want)


@pytest.mark.parametrize("site", sorted(EXPECTED))
def test_output_matches_published_schema(audited, site: str) -> None:
    result, out = audited(site)
    jsonschema.validate(result, SCHEMA)
    assert (out / "goudenregels.html").read_text().startswith("<!DOCTYPE html>")


def test_webshop_js_menu_is_followed_and_banner_recorded(audited) -> None:
    result, out = audited("webshop")
    urls = {p["url"].rsplit("/", 1)[-1]: p["depth"] for p in result["pages"]}
    # contact.html is linked only from the menu that menu.js builds.
    assert urls["contact.html"] == 1
    assert urls["klantenservice.html"] == 1
    snap = Snapshot.load(out / "snapshot")
    banner = snap.home.cookie_banner
    assert (
        banner is not None and "Weigeren" in banner.buttons and "Alles accepteren" in banner.buttons
    )
    assert banner.dismissed_with == "Weigeren"  # refusing is preferred when offered
    gr101 = _finding(result, "GR101")
    assert gr101["evidence"][0]["click_path"][-1].endswith("/contact.html")
    assert "0800 123 45 67" in gr101["evidence"][0]["text"]


def test_drawer_parked_off_screen_and_faded_layer_are_not_overlays(audited) -> None:
    result, out = audited("webshop")
    home = Snapshot.load(out / "snapshot").home
    assert not any("winkelwagen is leeg" in o.text or "Menu:" in o.text for o in home.overlays)
    assert _finding(result, "GR303")["status"] == "pass"


def test_webshop_ignores_numbers_that_are_not_phone_numbers(audited) -> None:
    result, _ = audited("webshop")
    numbers = _finding(result, "GR102")["data"]["numbers"]
    assert set(numbers) == {"+318001234567"}, numbers


def test_hidden_premium_number_reported_with_depth_and_path(audited) -> None:
    result, _ = audited("dienstverlener")
    gr101 = _finding(result, "GR101")
    assert "klikdiepte 4" in gr101["message"]  # the default report is Dutch
    ev = gr101["evidence"][0]
    assert ev["depth"] == 4 and ev["url"].endswith("/telefonisch.html")
    assert len(ev["click_path"]) == 5
    assert "noreply@zekerheid.example" in _finding(result, "GR107")["data"]["addresses"]


def test_sticky_menu_with_a_privacy_link_is_not_a_cookie_banner(audited) -> None:
    result, out = audited("gemeente")
    assert Snapshot.load(out / "snapshot").home.cookie_banner is None
    assert _finding(result, "GR302")["status"] == "pass"


def test_municipal_number_classified(audited) -> None:
    result, _ = audited("gemeente")
    assert _finding(result, "GR102")["data"]["numbers"]["+3114020"] == "municipal"
    hours = _finding(result, "GR104")["data"]["hours"]
    assert any(row["hours"].get("donderdag") == "08:30–20:00" for row in hours)


def test_check_on_saved_snapshot_equals_audit(audited, tmp_path) -> None:
    result, out = audited("dienstverlener")
    proc = run_cli(
        "check", str(out / "snapshot"), "-f", "json", "-o", str(tmp_path / "r.json"), "-q"
    )
    assert proc.returncode == 0, proc.stderr
    rescored = json.loads((tmp_path / "r.json").read_text())
    for data in (result, rescored):
        data.pop("stats")
    assert rescored == result


def test_crawl_then_check(site_url, tmp_path) -> None:
    snap_dir = tmp_path / "snap"
    proc = run_cli("crawl", site_url("gemeente"), "-o", str(snap_dir), "-q")
    assert proc.returncode == 0, proc.stderr
    meta = json.loads((snap_dir / "snapshot.json").read_text())
    assert meta["version"] == 1 and meta["complete"] is True
    lines = (snap_dir / "pages.jsonl").read_text().splitlines()
    assert len(lines) == meta["page_count"] >= 5
    again = run_cli("crawl", site_url("gemeente"), "-o", str(snap_dir), "-q")
    assert again.returncode == 2 and "--force" in again.stderr  # a saved snapshot is kept
    proc = run_cli("check", str(snap_dir), "-f", "text", "-o", str(tmp_path / "r.txt"), "-q")
    assert proc.returncode == 0, proc.stderr
    assert "GR101" in (tmp_path / "r.txt").read_text()


def test_limits_are_honoured(site_url, tmp_path) -> None:
    proc = run_cli(
        "audit",
        site_url("dienstverlener"),
        "--max-pages",
        "3",
        "-f",
        "json,html",
        "-o",
        str(tmp_path),
        "-q",
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads((tmp_path / "goudenregels.json").read_text())
    assert len(result["pages"]) == 3
    assert any("page limit" in note for note in result["crawl"]["notes"])
    # The Dutch report shows the crawl's own note in Dutch, not the English of the JSON.
    html = (tmp_path / "goudenregels.html").read_text()
    assert "de crawl stopte bij zijn paginalimiet van 3" in html
    assert "page limit of 3" not in html
    # Service pages are crawled first: with 3 pages, klantenservice is one of them.
    assert any(p["url"].endswith("/klantenservice/") for p in result["pages"])
    proc = run_cli(
        "audit",
        site_url("dienstverlener"),
        "--max-depth",
        "1",
        "-f",
        "json",
        "-o",
        str(tmp_path / "d1"),
        "-q",
    )
    result = json.loads((tmp_path / "d1" / "goudenregels.json").read_text())
    assert max(p["depth"] for p in result["pages"]) == 1


def test_no_form_is_ever_submitted(site_url, tmp_path) -> None:
    proc = run_cli("audit", site_url("webshop"), "-o", str(tmp_path), "-q", "-f", "json")
    assert proc.returncode == 0, proc.stderr
    server = site_url.servers["webshop"]
    assert server.posts == 0


def test_cookie_wall_is_passed_and_the_content_behind_it_read(site_url, tmp_path) -> None:
    proc = run_cli("audit", site_url("cookiewall"), "-f", "json", "-o", str(tmp_path), "-q")
    assert proc.returncode == 0, proc.stderr
    result = json.loads((tmp_path / "goudenregels.json").read_text())
    home = Snapshot.load(tmp_path / "snapshot").home
    assert home.cookie_banner.dismissed_with == "Alleen noodzakelijke cookies"
    assert "Cookies accepteren" in home.cookie_banner.buttons
    assert "010 - 765 43 21" in home.text  # the footer was hidden until a choice was made
    gr101 = _finding(result, "GR101")
    assert gr101["status"] == "pass" and gr101["data"]["depth"] == 0
    assert _finding(result, "GR103")["status"] == "pass"


def test_consent_banner_in_a_frame_is_recorded_and_dismissed(site_url, tmp_path) -> None:
    proc = run_cli("audit", site_url("framebanner"), "-f", "json", "-o", str(tmp_path), "-q")
    assert proc.returncode == 0, proc.stderr
    banner = Snapshot.load(tmp_path / "snapshot").home.cookie_banner
    assert banner is not None and "consent/message.html" in banner.frame_url
    assert banner.where == "iframe" and "partners gebruiken cookies" in banner.text
    assert banner.buttons == ["Akkoord", "Weigeren"]
    assert [c.kind for c in banner.controls] == ["accept", "reject"]
    assert banner.dismissed_with == "Weigeren"


def test_every_code_is_decided_on_some_fixture_site() -> None:
    from goudenregels.plugins import Plugins

    for check in Plugins(entry_points=False).checks():
        if check.plugin == "measured":
            continue  # judged from measurements, not from a site: see test_history and GR12x.yml
        if check.plugin == "facts":
            continue  # judged against declared facts: the facts site, in test_facts.py
        if check.plugin == "account":
            continue  # judged logged in: the shop with a real login, in test_login.py
        statuses = {site[check.code] for site in EXPECTED.values()}
        assert statuses - {"not_applicable"}, f"{check.code} is only ever not applicable"


class _SlowData(SimpleHTTPRequestHandler):
    """Static files, with the data file a page's script fetches answered late."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        if self.path.startswith("/locaties.json"):
            time.sleep(0.8)
        super().do_GET()


def test_links_a_script_adds_from_late_data_are_followed(tmp_path) -> None:
    """A page whose script fetches its menu after the document loaded is read once the data has
    arrived, whatever the timing: the pages it links to are crawled on every run."""
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_SlowData, directory=str(SITES / "latelinks"))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        proc = run_cli("crawl", url, "-o", str(tmp_path / "snap"), "-q", "--ignore-robots")
        assert proc.returncode == 0, proc.stderr
    finally:
        server.shutdown()
        server.server_close()
    pages = {p.address.rsplit("/", 1)[-1]: p for p in Snapshot.load(tmp_path / "snap").pages}
    assert "contact.html" in pages and "brugge.html" in pages, sorted(pages)
    assert "050 12 34 56" in pages["contact.html"].text


def test_trackers_on_any_page_count_when_no_cookie_choice_was_made(tmp_path: Path, site_url):
    """A site without a cookie banner loads a tracker only on a news page: no choice was ever
    offered, so that page's requests are before consent too (GR304 fails there). A video
    player from youtube-nocookie is not taken for a consent banner (GR302)."""
    out = tmp_path / "snap"
    proc = run_cli("crawl", site_url("pagetracker"), "-o", str(out), "-q", "--ignore-robots")
    assert proc.returncode == 0, proc.stderr
    snapshot = Snapshot.load(out)
    assert all(p.cookie_banner is None for p in snapshot.pages)
    report = tmp_path / "report.json"
    proc = run_cli("check", str(out), "-f", "json", "-o", str(report), "--profile", "algemeen")
    assert proc.returncode in (0, 1), proc.stderr
    findings = {f["code"]: f for f in json.loads(report.read_text())["findings"]}
    assert findings["GR304"]["status"] == "fail", findings["GR304"]
    assert "nieuws.html" in findings["GR304"]["evidence"][0]["url"]
    assert findings["GR302"]["status"] != "review", findings["GR302"]


def test_a_page_that_sends_the_visitor_on_by_script_is_read_where_it_leads(
    tmp_path: Path, site_url
):
    """A private page whose script sends visitors who are not logged in to the login page 50 ms
    after a failed check is read as the visitor sees it (the login page), on every run: the
    crawl waits for a page's short timers, not only for its requests."""
    for run in range(2):
        out = tmp_path / f"snap{run}"
        proc = run_cli("crawl", site_url("scriptredirect"), "-o", str(out), "-q", "--ignore-robots")
        assert proc.returncode == 0, proc.stderr
        pages = Snapshot.load(out).pages
        texts = " ".join(p.text for p in pages)
        assert "Geheime klantgegevens" not in texts, [p.address for p in pages]
        sent_on = [p for p in pages if p.url.endswith("gegevens.html")]
        assert all(p.final_url.endswith("login.html") for p in sent_on), sent_on


def test_a_page_built_from_a_chain_of_requests_is_read_when_the_chain_has_ended(
    scripted, tmp_path: Path
):
    """The home page loads its header, then its list of locations, one request after the
    other (as real sites' scripts do), and only then shows the links: every run reads them all,
    however the crawler hears of the second request."""
    script = (
        "<script>document.addEventListener('DOMContentLoaded', async () => {"
        "const kop = await (await fetch('/kop.json')).json();"
        "const lijst = await (await fetch('/lijst.json')).json();"
        "document.querySelector('main').innerHTML = '<h1>' + kop.titel + '</h1>' +"
        " lijst.map((n) => '<a href=\"/plaats-' + n + '.html\">Plaats ' + n + '</a>').join(' ');"
        "});</script>"
    )
    page = f"<!DOCTYPE html><html lang=nl><head><title>Locaties</title></head><body><main></main>{script}</body></html>"
    json_type = {"Content-Type": "application/json", "X-Delay": "0.3"}
    routes = {
        "/": (200, {"Content-Type": "text/html; charset=utf-8"}, page.encode()),
        "/kop.json": (200, json_type, json.dumps({"titel": "Onze locaties"}).encode()),
        "/lijst.json": (200, json_type, json.dumps(list(range(12))).encode()),
    }
    server = scripted(routes)
    for run in range(2):
        out = tmp_path / f"s{run}"
        proc = run_cli("crawl", server.url, "-o", str(out), "-q", "--max-pages", "1")
        assert proc.returncode == 0, proc.stderr
        home = Snapshot.load(out).home
        assert home is not None and "Onze locaties" in home.text, home.text[:200]
        assert len([link for link in home.links if "/plaats-" in link.href]) == 12


def test_content_fading_in_is_shown_and_content_kept_transparent_is_hidden(
    scripted, tmp_path: Path
):
    """A section revealed on its first frame with a fade (as scroll-reveal scripts do for what
    is in view; here the fade waits 5 s, so the page is read while it is still transparent) is
    shown, whenever the page is read; one that stays transparent is hidden."""
    page = (
        "<!DOCTYPE html><html lang=nl><head><title>Contact</title><style>"
        ".reveal{opacity:0;transition:opacity .6s 5s}.reveal.in{opacity:1}.gone{opacity:0}"
        "</style></head><body><main><div class='reveal' id='r'><h1>Contact</h1>"
        "<p>Bel ons op 030 123 45 67 of mail info@voorbeeld-fade.nl.</p></div>"
        "<div class='gone'><p>Oud nummer 030 765 43 21</p></div></main>"
        "<script>requestAnimationFrame(() => document.getElementById('r').classList.add('in'));"
        "</script></body></html>"
    )
    server = scripted({"/": (200, {"Content-Type": "text/html; charset=utf-8"}, page.encode())})
    out = tmp_path / "s"
    proc = run_cli("crawl", server.url, "-o", str(out), "-q", "--max-pages", "1")
    assert proc.returncode == 0, proc.stderr
    home = Snapshot.load(out).home
    assert home is not None
    sources = {p.raw: p.source for p in home.phones}
    assert sources.get("030 123 45 67") == "text", sources
    assert sources.get("030 765 43 21") == "hidden", sources
    assert "Oud nummer" in home.hidden_text and "Bel ons op" not in home.hidden_text
