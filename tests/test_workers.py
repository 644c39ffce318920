"""Checks shared out over two processes (goudenregels/workers.py): faster, never different."""

from __future__ import annotations

import os
import time

import pytest

from goudenregels import workers
from goudenregels.audit import build_audit
from goudenregels.plugins import Plugins
from tests.helpers import snapshot_from_pages


@pytest.fixture
def two_cores(monkeypatch):
    """As on a 2-core Linux machine with one thread, whatever runs the tests."""
    monkeypatch.setattr(workers.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(workers.threading, "active_count", lambda: 1)
    monkeypatch.delenv("GOUDENREGELS_WORKERS", raising=False)


def _where(item: int) -> tuple[int, int]:
    time.sleep(0.005)  # long enough for the copy to take items too
    return item, os.getpid()


def test_items_come_back_in_order_and_some_ran_in_a_second_process(two_cores) -> None:
    items = list(range(40))
    shared = [i % 5 != 0 for i in items]
    got = workers.run_all(items, _where, shared)
    assert [item for item, _pid in got] == items
    pids = {pid for _item, pid in got}
    assert os.getpid() in pids and len(pids) == 2
    # What is not to be shared (a plugin's check) always runs here.
    assert all(pid == os.getpid() for item, pid in got if not shared[item])


def test_a_copy_that_dies_leaves_its_items_to_this_process(two_cores) -> None:
    parent = os.getpid()

    def run(item: int) -> int:
        if os.getpid() != parent and item > 3:
            os._exit(3)  # the copy dies half-way, holding items it had taken
        time.sleep(0.005)
        return item * 2

    items = list(range(30))
    assert workers.run_all(items, run, [True] * len(items)) == [i * 2 for i in items]


def test_one_process_where_asked_or_where_forking_is_not_safe(two_cores, monkeypatch) -> None:
    items = list(range(20))
    monkeypatch.setenv("GOUDENREGELS_WORKERS", "1")
    assert {pid for _i, pid in workers.run_all(items, _where, [True] * 20)} == {os.getpid()}
    monkeypatch.delenv("GOUDENREGELS_WORKERS")
    monkeypatch.setattr(workers.threading, "active_count", lambda: 3)
    assert {pid for _i, pid in workers.run_all(items, _where, [True] * 20)} == {os.getpid()}
    monkeypatch.setattr(workers.threading, "active_count", lambda: 1)
    assert len({pid for _i, pid in workers.run_all(items, _where, [True] * 20)}) == 2


def test_an_audit_is_the_same_in_one_process_and_in_two(two_cores, monkeypatch) -> None:
    snap = snapshot_from_pages(
        {
            "/": '<a href="/contact">Contact</a><a href="/klachten">Klachten</a>'
            '<a href="/winkelwagen">Winkelwagen</a><p>Bel 020 123 45 67, ma-vr 9-17 uur.</p>',
            "/contact": "<h1>Contact</h1><p>Mail info@example.nl, wij antwoorden binnen 2 "
            'werkdagen.</p><form><input name="naam" aria-label="Naam"><button>Verstuur</button>'
            "</form>",
            "/klachten": "<h1>Klachten</h1><p>Een klacht beantwoorden wij binnen 14 dagen. Komt u "
            "er met ons niet uit, dan kunt u naar De Geschillencommissie.</p>",
            "/winkelwagen": "<p>Je winkelwagen is leeg.</p>",
        }
    )
    plugins = Plugins(entry_points=False)
    checks, profiles = plugins.checks(), plugins.profiles()

    def findings() -> list[dict]:
        audit = build_audit(snap, checks, profiles, "webshop", "nl")
        return [f.to_dict() for f in audit.findings]

    together = findings()
    monkeypatch.setenv("GOUDENREGELS_WORKERS", "1")
    alone = findings()
    assert together == alone
    assert {f["status"] for f in alone} >= {"pass", "fail"}
