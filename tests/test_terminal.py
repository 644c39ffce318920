"""Tables on the command line: they fit 80 columns on a terminal and are tab-separated in a pipe."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import re
import struct
import subprocess
import sys
import termios

import pytest
from rich.console import Console
from rich.text import Text

from goudenregels.history import Store
from goudenregels.terminal import Column, fit, print_table, rich_table
from tests.helpers import ROOT

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
COLUMNS = (
    Column("id", "right"),
    Column("date", fold=10),
    Column("site", fold=12),
    Column("profile", drop=3),
    Column("note", drop=2),
    Column("score", "right"),
)
ROWS = [
    ["7", "2026-11-26 08:02", "gemeente-westerkwartier.nl", "gemeente", "a long remark " * 3, "66"],
    ["12", "2026-11-27 17:45", "shop.example.be", None, "short", None],
]


def _terminal(width: int) -> Console:
    return Console(file=io.StringIO(), width=width, force_terminal=True, color_system=None)


def _drawn(width: int, columns=COLUMNS, rows=ROWS) -> list[str]:
    out = _terminal(width)
    print_table(columns, rows, out)
    return out.file.getvalue().splitlines()


def _rest_below(rest: str, lines: list[str], i: int, at: int) -> bool:
    """rest continues a folded word at column ``at`` of line i (and maybe the lines below)."""
    if i >= len(lines):
        return False
    cell = lines[i][at:]
    if cell.startswith(rest):
        return True
    k = 0
    while k < len(rest) and k < len(cell) and cell[k] == rest[k]:
        k += 1
    return k > 0 and (k == len(cell) or cell[k] == " ") and _rest_below(rest[k:], lines, i + 1, at)


def _shown(word: str, lines: list[str]) -> bool:
    """The word is on one line, or folded: its start ends a cell and the rest goes on below."""
    if any(word in line for line in lines):
        return True
    for i, line in enumerate(lines[:-1]):
        for k in range(1, len(word)):
            at = line.find(word[:k])
            while at >= 0:
                end = at + k
                if (end == len(line) or line[end] == " ") and _rest_below(
                    word[k:], lines, i + 1, at
                ):
                    return True
                at = line.find(word[:k], at + 1)
    return False


@pytest.mark.parametrize("width", [40, 60, 80, 100, 200])
def test_a_drawn_table_never_exceeds_the_width_and_never_cuts_a_word(width: int) -> None:
    lines = _drawn(width)
    assert max(len(line) for line in lines) <= width, lines
    text = "\n".join(lines)
    assert "…" not in text
    for needed in ("2026-11-26", "08:02", "gemeente-westerkwartier.nl", "shop.example.be", "66"):
        assert _shown(needed, lines), (needed, lines)


def test_columns_give_way_in_their_order_and_the_caption_names_them() -> None:
    wide = _drawn(200)
    assert "not shown" not in "\n".join(wide)
    assert fit(COLUMNS, ROWS, 200) == [0, 1, 2, 3, 4, 5]
    # At their narrowest (the note wrapped, date and site folded) all six fit 58 columns.
    assert fit(COLUMNS, ROWS, 58) == [0, 1, 2, 3, 4, 5]
    # Narrower, the profile goes first (highest drop), then the note; id, date, site, score stay.
    assert fit(COLUMNS, ROWS, 50) == [0, 1, 2, 4, 5]
    assert fit(COLUMNS, ROWS, 40) == [0, 1, 2, 5]
    assert "not shown at this width: profile" in "\n".join(_drawn(50))
    narrow = "\n".join(_drawn(40))
    assert "not shown at this width: profile, note" in narrow
    assert narrow.splitlines()[0].split() == ["id", "date", "site", "score"]
    # Far too narrow: the columns that never give way are kept and folded.
    assert fit(COLUMNS, ROWS, 10) == [0, 1, 2, 5]


def test_a_table_that_fits_is_drawn_whole_with_an_empty_cell_shown_as_a_dash() -> None:
    lines = _drawn(200)
    header = lines[0].split()
    assert header == ["id", "date", "site", "profile", "note", "score"]
    row = next(line for line in lines if line.lstrip().startswith("12"))
    assert "–" in row and "shop.example.be" in row


def test_in_a_pipe_the_rows_are_tab_separated_and_nothing_is_cut() -> None:
    out = Console(file=io.StringIO(), width=40, force_terminal=False)
    styled = [*ROWS, ["3", Text("multi\nline", style="bold"), "a\tb", None, "", "1"]]
    print_table(COLUMNS, styled, out, title="Audits")
    lines = out.file.getvalue().splitlines()
    assert lines[0] == "# Audits"
    assert lines[1] == "id\tdate\tsite\tprofile\tnote\tscore"
    assert lines[2].split("\t") == [
        "7",
        "2026-11-26 08:02",
        "gemeente-westerkwartier.nl",
        "gemeente",
        "a long remark a long remark a long remark",
        "66",
    ]
    assert lines[3].split("\t") == ["12", "2026-11-27 17:45", "shop.example.be", "", "short", ""]
    # A cell's lines are joined with '; ' and a tab inside a cell is a space: one field each.
    assert lines[4].split("\t") == ["3", "multi; line", "a b", "", "", "1"]
    assert "\x1b" not in out.file.getvalue()


def test_rich_table_widths_add_up_to_the_terminal() -> None:
    table = rich_table(COLUMNS, ROWS, 80)
    out = _terminal(80)
    out.print(table)
    assert max(len(line) for line in out.file.getvalue().splitlines()) <= 80


# -- the commands, in a real terminal of 80 columns and in a pipe ------------------------------


def _in_terminal(args: list[str], width: int, env: dict[str, str]) -> str:
    """Run goudenregels in a pseudo-terminal of the given width; what it shows, without colour."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, width, 0, 0))
    full = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "FORCE_COLOR")}
    full.update(env, TERM="xterm", PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-m", "goudenregels", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=full,
        cwd=ROOT,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert proc.wait(timeout=60) == 0
    return ANSI.sub("", b"".join(chunks).decode().replace("\r\n", "\n"))


def _in_pipe(args: list[str], env: dict[str, str]) -> str:
    full = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    full.update(env, PYTHONPATH=str(ROOT), COLUMNS="80")
    proc = subprocess.run(
        [sys.executable, "-m", "goudenregels", *args],
        capture_output=True,
        text=True,
        env=full,
        cwd=ROOT,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture(scope="module")
def stored(tmp_path_factory) -> dict[str, str]:
    """A history with audits of two sites, one with a long domain name."""
    from goudenregels.audit import build_audit
    from goudenregels.plugins import Plugins
    from tests.helpers import snapshot_from_pages

    path = tmp_path_factory.mktemp("history") / "h.sqlite"
    plugins = Plugins(entry_points=False)
    store = Store(path)
    for base in ("https://www.gemeente-westerkwartier.nl", "https://www.bakkerij.nl"):
        snap = snapshot_from_pages(
            {
                "/": "<p>Bel ons: 020 123 45 67</p><a href='/contact'>Contact</a>",
                "/contact": "<p>Mail info@example.nl, ma-vr 09:00-17:00</p>",
            },
            base=base,
        )
        audit = build_audit(snap, plugins.checks(), plugins.profiles())
        store.record_audit(audit.to_dict(), snap.scope, "")
    store.close()
    return {"GOUDENREGELS_HISTORY": str(path)}


def test_history_and_checks_fit_80_columns_in_a_terminal(stored) -> None:
    shown = _in_terminal(["history"], 80, stored)
    lines = shown.splitlines()
    assert lines and max(len(line) for line in lines) <= 80, shown
    assert "…" not in shown
    assert _shown("gemeente-westerkwartier.nl", lines) and _shown("bakkerij.nl", lines)
    assert re.search(r"20\d\d-\d\d-\d\d", shown)  # the date, whole
    checks = _in_terminal(["checks"], 80, {})
    assert max(len(line) for line in checks.splitlines()) <= 80 and "…" not in checks
    for slug in ("no-tracking-before-consent", "hours-beyond-office", "complaint-findable"):
        assert slug in checks  # slugs are never folded or cut


def test_history_checks_and_plugins_in_a_pipe_are_tab_separated(stored) -> None:
    lines = _in_pipe(["history"], stored).splitlines()
    assert lines[0].split("\t") == [
        "id",
        "date",
        "site",
        "profile",
        "score",
        "coverage",
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
    ]
    rows = [line.split("\t") for line in lines[1:]]
    assert [r[2] for r in rows] == ["bakkerij.nl", "gemeente-westerkwartier.nl"]
    assert all(len(r) == 12 for r in rows) and all(r[4].isdigit() for r in rows)
    checks = [line.split("\t") for line in _in_pipe(["checks"], {}).splitlines()]
    assert checks[0] == ["Code", "Slug", "Rule", "Title", "Profiles", "Plugin"]
    assert all(len(row) == 6 for row in checks)
    assert ["GR304", "no-tracking-before-consent"] in [row[:2] for row in checks]
    plugins = [line.split("\t") for line in _in_pipe(["plugins"], {}).splitlines()]
    assert ["rule1", "builtin", "goudenregels.checks.rule1", "goudenregels_checks"] in plugins


def test_a_reader_that_stops_early_ends_the_listing_quietly(stored) -> None:
    """'goudenregels checks | head -1': no traceback, no 'internal error' (here the reader has
    gone before the first line, so every write finds the pipe closed)."""
    full = {**os.environ, **stored, "PYTHONPATH": str(ROOT)}
    for command in ("checks", "history"):
        read, write = os.pipe()
        os.close(read)
        proc = subprocess.run(
            [sys.executable, "-m", "goudenregels", command],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            env=full,
            cwd=ROOT,
            timeout=60,
        )
        os.close(write)
        assert proc.stderr == "", proc.stderr
        assert proc.returncode in (0, 1), proc.returncode  # never 4, an internal error
