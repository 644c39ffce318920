"""Batch parts without a browser: the list of sites, the ledger, the scheduler's politeness, the
history's batch tag and the sector report's arithmetic."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from goudenregels.batch import ledger as lg
from goudenregels.batch import runner
from goudenregels.batch.jobs import INTERRUPTED, SiteJob, SiteResult, failed
from goudenregels.batch.sites import fingerprint, parse_sites
from goudenregels.errors import EXIT_GATE, EXIT_OK, EXIT_SITE, Interrupted, UsageError
from goudenregels.history import Store
from goudenregels.options import Options
from goudenregels.reports import benchmark

PROFILES = ("webshop", "dienstverlener", "gemeente", "algemeen")

# -- the list of sites -------------------------------------------------------------------------


def test_a_plain_list_with_comments_and_bare_domains() -> None:
    text = """# energy suppliers, Q3
https://www.voorbeeld-energie.nl/

   vattenval.example.nl   # not a comment: a bad line? no, the host is valid
"""
    with pytest.raises(UsageError, match="line 4"):
        parse_sites(text, profiles=PROFILES)  # the trailing remark makes it no URL
    entries = parse_sites(
        "# energy\nhttps://www.voorbeeld-energie.nl/\n\n  stroom.example.nl  \n", profiles=PROFILES
    )
    assert [e.url for e in entries] == [
        "https://www.voorbeeld-energie.nl/",
        "https://stroom.example.nl",
    ]
    assert [e.slug for e in entries] == ["voorbeeld-energie-nl", "stroom-example-nl"]
    assert [e.line for e in entries] == [2, 4]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_a_csv_with_a_header_in_any_spreadsheet_dialect(delimiter: str) -> None:
    rows = [
        ["URL", "Name", "Sector", "Profile"],
        ["https://www.winkel.example.nl", "De Winkel B.V.", "retail", "webshop"],
        ["https://gemeente.example.nl/", "Gemeente Oost; Zuid", "overheid", ""],
        ["https://www.winkel.example.nl/be/", "De Winkel B.V.", "retail", ""],
    ]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    entries = parse_sites("\ufeff# list\n" + buffer.getvalue(), profiles=PROFILES)
    assert [(e.name, e.sector, e.profile) for e in entries] == [
        ("De Winkel B.V.", "retail", "webshop"),
        ("Gemeente Oost; Zuid", "overheid", ""),
        ("De Winkel B.V.", "retail", ""),
    ]
    assert [e.slug for e in entries] == ["de-winkel-b-v", "gemeente-oost-zuid", "de-winkel-b-v-2"]


def test_only_the_url_column_is_required_and_columns_may_come_in_any_order() -> None:
    entries = parse_sites("sector,url\nzorg,https://zorg.example.nl\n", profiles=PROFILES)
    assert (entries[0].url, entries[0].sector, entries[0].name) == (
        "https://zorg.example.nl",
        "zorg",
        "",
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "lists no sites"),
        ("# only a comment\n\n", "lists no sites"),
        ("url,name\nftp://files.example.nl,Files\n", "line 2: 'ftp://files.example.nl' is not"),
        ("url,profile\nhttps://a.example.nl,winkel\n", "line 2: unknown profile 'winkel'"),
        ("url,naam\nhttps://a.example.nl,A\n", "unknown column 'naam'"),
        ("https://ok.example.nl\nhttp://[bad\n", "line 2"),
    ],
)
def test_bad_input_is_refused_with_its_line(text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace("[", r"\[")):
        parse_sites(text, profiles=PROFILES)


def test_slugs_never_clash_even_with_a_name_that_looks_numbered() -> None:
    text = (
        "url,name\nhttps://a.nl,Shop\nhttps://b.nl,Shop\nhttps://c.nl,Shop 2\nhttps://d.nl,Shop\n"
    )
    slugs = [e.slug for e in parse_sites(text)]
    assert len(set(slugs)) == 4 and slugs[0] == "shop" and slugs[2] == "shop-2"


def test_the_fingerprint_follows_the_list_not_its_layout() -> None:
    a = parse_sites("url,name\nhttps://a.nl,A\n")
    b = parse_sites("# comment\nname;url\nA;https://a.nl\n")
    c = parse_sites("url,name\nhttps://a.nl,B\n")
    assert fingerprint(a) == fingerprint(b) != fingerprint(c)


# -- the ledger --------------------------------------------------------------------------------


def _ledger(tmp_path: Path, text: str = "https://a.example.nl\nhttps://b.example.nl\n"):
    entries = parse_sites(text)
    return runner.open_ledger(tmp_path, entries, Options(max_pages=5), False, "sites.txt")


def test_the_ledger_is_written_whole_and_read_back(tmp_path: Path) -> None:
    ledger = _ledger(tmp_path)
    ledger.mark("a-example-nl", lg.RUNNING)
    ledger.save()
    assert [p.name for p in tmp_path.iterdir()] == ["batch.json"]  # no temporary file left
    again = lg.Ledger.load(tmp_path)
    assert again is not None and again.batch == ledger.batch
    assert again.site("a-example-nl")["state"] == lg.RUNNING
    assert again.site("a-example-nl")["attempts"] == 1
    assert json.loads((tmp_path / "batch.json").read_text())["counts"]["pending"] == 1


def test_a_torn_ledger_is_refused_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "batch.json").write_text('{"format": 1, "batch": "x", "sit')
    with pytest.raises(UsageError, match="not a readable batch ledger"):
        lg.Ledger.load(tmp_path)


def test_another_list_or_other_settings_need_force(tmp_path: Path) -> None:
    _ledger(tmp_path).save()
    entries = parse_sites("https://a.example.nl\nhttps://c.example.nl\n")
    with pytest.raises(UsageError, match="another list of sites"):
        runner.open_ledger(tmp_path, entries, Options(max_pages=5), False, "")
    same = parse_sites("https://a.example.nl\nhttps://b.example.nl\n")
    with pytest.raises(UsageError, match="another audit settings"):
        runner.open_ledger(tmp_path, same, Options(max_pages=9), False, "")
    # Where reports go and what is printed may differ between runs.
    runner.open_ledger(tmp_path, same, Options(max_pages=5, quiet=True, output="x"), False, "")


def test_force_keeps_results_only_where_they_still_hold(tmp_path: Path) -> None:
    ledger = _ledger(tmp_path)
    ledger.mark("a-example-nl", lg.DONE, overall=70)
    ledger.save()
    entries = parse_sites("https://a.example.nl\nhttps://c.example.nl\n")
    new_list = runner.open_ledger(tmp_path, entries, Options(max_pages=5), True, "")
    assert [(r["slug"], r["state"]) for r in new_list.sites] == [
        ("a-example-nl", lg.DONE),
        ("c-example-nl", lg.PENDING),
    ]
    new_list.save()
    new_settings = runner.open_ledger(tmp_path, entries, Options(max_pages=7), True, "")
    assert {r["state"] for r in new_settings.sites} == {lg.PENDING}
    assert new_settings.batch == ledger.batch


def test_a_folder_that_is_not_a_batch_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(UsageError, match="holds no batch"):
        _ledger(tmp_path)


# -- the scheduler -----------------------------------------------------------------------------


class FakeExecutor:
    """Finishes jobs in submission order, one per poll; records what ran at the same time."""

    def __init__(self, capacity: int, outcome=None) -> None:
        self.capacity = capacity
        self.flight: list[SiteJob] = []
        self.together: list[set[str]] = []
        self.outcome = outcome or (lambda job: SiteResult(job.slug, EXIT_OK, overall=50))
        self.submitted: list[SiteJob] = []

    def submit(self, job: SiteJob) -> None:
        assert len(self.flight) < self.capacity
        self.flight.append(job)
        self.submitted.append(job)
        self.together.append({j.url for j in self.flight})

    def poll(self, timeout: float) -> list[SiteResult]:
        return [self.outcome(self.flight.pop(0))] if self.flight else []

    def stop(self) -> list[SiteResult]:
        out = [failed(j.slug, 130, "interrupted", INTERRUPTED) for j in self.flight]
        self.flight = []
        return out


SECTOR = """url
https://www.alpha.nl/
https://klantenservice.alpha.nl/
https://beta.nl/
https://www.alpha.nl/be/
https://gamma.co.uk/
https://shop.gamma.co.uk/
http://127.0.0.1:8001/
http://127.0.0.1:8001/tweede/
http://127.0.0.1:8002/
"""


def test_never_two_sites_of_one_registrable_domain_at_once(tmp_path: Path) -> None:
    from goudenregels.words.scope import site_key

    ledger = _ledger(tmp_path, SECTOR)
    executor = FakeExecutor(capacity=3)
    runner.run_batch(tmp_path, ledger, executor, runner.BatchSettings(workers=3))
    assert {r["state"] for r in ledger.sites} == {lg.DONE}
    assert len(executor.submitted) == 9
    for flight in executor.together:
        keys = [site_key(url) for url in flight]
        assert len(keys) == len(set(keys)), flight
    assert max(len(f) for f in executor.together) == 3  # the capacity is used


def test_failures_are_recorded_and_never_stop_the_batch(tmp_path: Path) -> None:
    def outcome(job: SiteJob) -> SiteResult:
        if "beta" in job.url:
            return failed(job.slug, EXIT_SITE, "cannot load https://beta.nl/")
        if "gamma" in job.url:
            return SiteResult(job.slug, EXIT_GATE, overall=40, gates=["overall 40 < 60"])
        return SiteResult(job.slug, EXIT_OK, overall=80)

    ledger = _ledger(tmp_path, SECTOR)
    runner.run_batch(tmp_path, ledger, FakeExecutor(2, outcome), runner.BatchSettings())
    beta = ledger.site("beta-nl")
    assert (beta["state"], beta["failure"], beta["exit_code"]) == (lg.FAILED, "site", EXIT_SITE)
    assert ledger.counts() == {"pending": 0, "running": 0, "done": 8, "failed": 1}
    assert runner.exit_code(ledger) == EXIT_SITE
    # Rerun: nothing to do; --retry-failed: only the failed site runs again.
    again = FakeExecutor(2)
    runner.run_batch(tmp_path, ledger, again, runner.BatchSettings())
    assert again.submitted == []
    runner.run_batch(tmp_path, ledger, again, runner.BatchSettings(retry_failed=True))
    assert [j.slug for j in again.submitted] == ["beta-nl"]
    assert ledger.site("beta-nl")["attempts"] == 2
    assert runner.exit_code(ledger) == EXIT_GATE  # gamma's gates are still not met


def test_an_interrupted_batch_leaves_its_sites_in_flight_pending(tmp_path: Path) -> None:
    class Interrupting(FakeExecutor):
        def poll(self, timeout: float) -> list[SiteResult]:
            if len(self.submitted) >= 3:
                raise KeyboardInterrupt
            return super().poll(timeout)

    ledger = _ledger(tmp_path, SECTOR)
    with pytest.raises(Interrupted) as caught:
        runner.run_batch(tmp_path, ledger, Interrupting(2), runner.BatchSettings())
    assert caught.value.exit_code == 130
    saved = lg.Ledger.load(tmp_path)
    assert saved is not None and saved.counts()[lg.RUNNING] == 0
    assert saved.counts()[lg.DONE] >= 1 and saved.counts()[lg.FAILED] == 0


def test_a_worker_stopped_by_something_else_is_a_failure_not_a_silent_gap(tmp_path: Path) -> None:
    def outcome(job: SiteJob) -> SiteResult:
        if "beta" in job.url:  # e.g. someone sent the worker SIGTERM
            return failed(job.slug, 143, "interrupted by SIGTERM", INTERRUPTED)
        return SiteResult(job.slug, EXIT_OK, overall=80, warnings=[f"w{i}" for i in range(50)])

    ledger = _ledger(tmp_path, SECTOR)
    runner.run_batch(tmp_path, ledger, FakeExecutor(2, outcome), runner.BatchSettings())
    assert ledger.site("beta-nl")["state"] == lg.FAILED
    assert ledger.site("beta-nl")["failure"] == INTERRUPTED
    assert runner.exit_code(ledger) == EXIT_SITE
    assert len(ledger.site("alpha-nl")["warnings"]) == runner.MAX_WARNINGS


def test_the_crawl_ends_inside_the_hard_wall(tmp_path: Path) -> None:
    ledger = _ledger(tmp_path)
    record = ledger.sites[0]
    job = runner._job(ledger, record, tmp_path, runner.BatchSettings(site_time=100))
    assert job.options["max_time"] == 80
    job = runner._job(ledger, record, tmp_path, runner.BatchSettings(site_time=10000))
    assert job.options["max_time"] == Options().max_time


# -- the history's batch tag -------------------------------------------------------------------


def _result(overall: int) -> dict:
    return {
        "site": {"final_url": "https://a.example.nl/", "profile": "algemeen"},
        "scores": {"overall": overall, "coverage": 0.8, "rules": {"1": {"score": overall}}},
        "findings": [{"code": "GR101", "status": "pass", "title": "t", "message": "m"}],
        "tool": {"version": "test"},
    }


def test_a_site_audited_again_in_its_batch_is_stored_once(tmp_path: Path) -> None:
    store = Store(tmp_path / "h.sqlite")
    store.record_audit(_result(50), "a.example.nl", batch=("B1", "a"))
    store.record_audit(_result(60), "a.example.nl", batch=("B1", "a"))
    store.record_audit(_result(70), "a.example.nl", batch=("B2", "a"))
    store.record_audit(_result(80), "a.example.nl")
    rows = store.audits("a.example.nl")
    assert [(r["overall"], r["batch"]) for r in rows] == [(80, None), (70, "B2"), (60, "B1")]
    assert [r["overall"] for r in store.audits(batch="B1")] == [60]


def test_an_older_history_gains_the_batch_columns(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(
        "CREATE TABLE audits (id INTEGER PRIMARY KEY, site TEXT NOT NULL, url TEXT NOT NULL, "
        "started_at TEXT, finished_at TEXT, recorded_at TEXT NOT NULL, profile TEXT, "
        "overall INTEGER, coverage REAL, rules TEXT NOT NULL, findings TEXT NOT NULL, "
        "snapshot_dir TEXT, tool_version TEXT);"
        "INSERT INTO audits (site, url, recorded_at, rules, findings) "
        "VALUES ('a.example.nl', 'https://a.example.nl/', 'now', '{}', '[]');"
        "PRAGMA user_version=1;"
    )
    conn.close()
    store = Store(path)
    store.record_audit(_result(55), "a.example.nl", batch=("B1", "a"))
    assert [r["batch"] for r in store.audits("a.example.nl")] == ["B1", None]
    store.close()
    Store(path).close()  # opening it again changes nothing


# -- the sector report ------------------------------------------------------------------------


def _site(slug: str, overall, rules: dict, checks: dict, **more) -> dict:
    return {
        "slug": slug,
        "url": f"https://{slug}.example.nl/",
        "label": more.pop("label", slug),
        "name": "",
        "sector": more.pop("sector", ""),
        "state": more.pop("state", "done"),
        "overall": overall,
        "coverage": 0.8,
        "rules": rules,
        "checks": checks,
        "overviews": more.pop("overviews", {}),
        "href": f"{slug}/goudenregels.html",
        **more,
    }


def _sector() -> dict:
    chan = {
        "channels": {
            "nl": {"title": "Contactkanalen", "short": "Kanalen", "rows": ["Telefoon", "E-mail"]},
            "en": {"title": "Contact channels", "short": "Channels", "rows": ["Phone", "E-mail"]},
        }
    }  # noqa: E501
    only_mail = {"channels": {"en": {"title": "Contact channels", "rows": ["E-mail", "E-mail"]}}}
    return {
        "batch": "B1",
        "generated": "2026-11-26T08:00:00+00:00",
        "sites": [
            _site("a", 90, {"1": 100, "2": 80}, {"GR101": "pass", "GR201": "fail"}, overviews=chan),
            _site("b", 70, {"1": 40, "2": None}, {"GR101": "fail", "GR201": "fail"}),
            _site(
                "c",
                90,
                {"1": 70, "2": 60},
                {"GR101": "fail", "GR201": "not_applicable"},
                overviews=only_mail,
            ),  # noqa: E501
            _site("d", None, None, {}, state="failed", failure="site", reason="cannot load"),
            _site("e", None, None, {}, state="pending"),
        ],
    }


def test_ranking_shares_ranks_on_ties_and_leaves_failures_out() -> None:
    sites = benchmark.audited(_sector())
    ranked = benchmark.ranking(sites)
    assert [(s["slug"], s["rank"]) for s in ranked] == [("a", 1), ("c", 1), ("b", 3)]
    # Per rule: a 100, c 70, b 40 on rule 1; rule 2 has no score for b, so b has no rank there.
    assert {s["slug"]: s["rule_ranks"] for s in ranked} == {
        "a": {"1": 1, "2": 1},
        "c": {"1": 2, "2": 2},
        "b": {"1": 3},
    }
    data = json.loads(benchmark.render_json(_sector(), {}))
    assert [(s["slug"], s["rank"]) for s in data["sites"]] == [
        ("a", 1), ("b", 3), ("c", 1), ("d", None), ("e", None),
    ]  # fmt: skip


def test_rule_statistics_skip_undecided_rules() -> None:
    stats = benchmark.rule_stats(benchmark.audited(_sector()))
    assert stats[1] == {
        "scores": [40, 70, 100],
        "n": 3,
        "min": 40,
        "median": 70,
        "mean": 70.0,
        "max": 100,
    }  # noqa: E501
    assert stats[2]["n"] == 2 and stats[2]["median"] == 70 and stats[2]["mean"] == 70
    assert (
        benchmark.rule_stats([{"rules": {"1": v}} for v in (50, 61, 90, 91)])[1]["median"] == 75.5
    )
    assert benchmark.rule_stats([{"rules": {"1": v}} for v in (1, 1, 2)])[1]["mean"] == 1.3
    assert stats[3]["n"] == 0 and stats[3]["median"] is None


def test_checks_are_sorted_by_how_common_their_failure_is() -> None:
    titles = {"GR101": {"title": "Phone findable", "rule": 1}}
    shares = benchmark.check_shares(benchmark.audited(_sector()), titles)
    assert [c["code"] for c in shares] == ["GR101", "GR201"]  # 2 fails of 3 before 2 of 2
    first, second = shares
    assert (
        first["counts"]["fail"] == 2
        and first["applied"] == 3
        and first["title"] == "Phone findable"
    )
    assert second["applied"] == 2 and second["counts"]["not_applicable"] == 1
    assert second["title"] == "GR201"  # a check no longer installed keeps its code


def test_the_overview_mix_counts_each_site_once_per_row() -> None:
    mix = benchmark.overview_mix(benchmark.audited(_sector()), "en")
    assert mix == [
        {
            "name": "channels",
            "title": "Contact channels",
            "short": "Contact channels",
            "rows": [("E-mail", 2), ("Phone", 1)],
            "of": 3,
        }  # noqa: E501
    ]


def test_the_csv_has_a_row_per_site_and_a_column_per_check_and_rule() -> None:
    rows = list(csv.DictReader(io.StringIO(benchmark.render_csv(_sector(), {}))))
    assert [r["slug"] for r in rows] == ["a", "b", "c", "d", "e"]
    assert list(rows[0])[:14] == [
        "slug", "name", "url", "sector", "profile", "state", "overall", "coverage",
        "rule_1", "rule_2", "rule_3", "rule_4", "rule_5", "rule_6",
    ]  # fmt: skip
    assert list(rows[0])[14:] == ["GR101", "GR201", "failure", "reason"]
    assert (rows[1]["GR101"], rows[1]["rule_2"], rows[1]["overall"]) == ("fail", "", "70")
    assert (rows[3]["state"], rows[3]["failure"], rows[3]["GR101"]) == ("failed", "site", "")


def test_comparing_with_an_earlier_batch_gives_each_sites_change() -> None:
    before = _sector()
    before["sites"][0]["overall"] = 80
    before["sites"][1]["rules"]["1"] = 50
    compare = {"compare": before}
    now = benchmark.audited(_sector())
    delta = benchmark.changes(now, before)
    assert delta["https://a.example.nl/"]["overall"] == 10
    assert (
        delta["https://b.example.nl/"]["1"] == -10 and delta["https://b.example.nl/"]["2"] is None
    )
    rows = list(csv.DictReader(io.StringIO(benchmark.render_csv(_sector(), compare))))
    assert [r["overall_change"] for r in rows] == ["10", "0", "0", "", ""]
    data = json.loads(benchmark.render_json(_sector(), compare))
    assert data["compared_with"] == "B1" and data["sites"][0]["change"]["overall"] == 10


def test_the_html_is_self_contained_escaped_and_in_both_languages() -> None:
    sector = _sector()
    sector["sites"][0]["label"] = "<script>alert(1)</script>"
    titles = {"GR101": {"title": "Telefoonnummer snel te vinden", "rule": 1}}
    html_nl = benchmark.render_html(sector, {"lang": "nl", "checks": titles})
    html_en = benchmark.render_html(sector, {"lang": "en", "checks": titles})
    assert "<script" not in html_nl and "&lt;script&gt;" in html_nl
    assert 'href="a/goudenregels.html"' in html_nl
    assert "2 van 3 sites voldoen niet" in html_nl
    assert "2 of 3 sites fail" in html_en
    assert "Rangschikking" in html_nl and "Ranking" in html_en
    assert "<circle" in html_en and "http://" not in html_en.replace(
        "http://www.w3.org/2000/svg", ""
    )


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
def test_a_killed_sites_browser_profile_is_removed(tmp_path) -> None:
    """A site killed at its wall leaves the profile folder its browser was started with; the
    executor reads it from the group's command lines before the kill and removes it after.
    A folder that is not Playwright's (another prefix, not in the temporary directory) stays."""
    import signal
    import subprocess
    import sys
    import tempfile
    import time

    from goudenregels.batch import executor, leftovers

    profile = Path(tempfile.mkdtemp(prefix="playwright_chromiumdev_profile-"))
    (profile / "Default").mkdir()
    (profile / "Default" / "Cookies").write_bytes(b"x" * 1000)
    mine = tmp_path / "playwright_chromiumdev_profile-mine"  # not in the temporary directory
    mine.mkdir()
    other = Path(tempfile.mkdtemp(prefix="my-browser-"))
    args = [f"--user-data-dir={p}" for p in (profile, mine, other)]
    # A stand-in for a worker's browser: a process in a session of its own, with those flags.
    browser = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)", *args], start_new_session=True
    )
    try:
        time.sleep(0.3)
        assert leftovers.profiles_of(browser.pid) == {profile}
        run = executor._Running(None, browser, tmp_path / "r.json", time.monotonic())  # type: ignore[arg-type]
        executor._stop_group(run, signal.SIGKILL)
        browser.wait(5)
        executor._tidy(run)
        assert not profile.exists()
        assert mine.exists() and other.exists()
    finally:
        browser.kill()
        other.rmdir()
