"""The browser profiles a killed site leaves behind, found and removed (Linux).

Playwright starts Chromium with a profile in a temporary folder and removes it when the browser
closes. A site stopped by its hard wall (or a worker that crashed) is killed with its whole
process group, and nobody removes that folder: over a long batch they pile up in the temporary
directory. Before the group is killed, the folders its browsers use are read from their command
lines (``--user-data-dir``); once it is gone they are removed. Only folders Playwright made
(the temporary directory, its prefix) are ever touched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

PREFIXES = ("playwright_chromiumdev_profile-", "playwright_firefoxdev_profile-")
FLAG = "--user-data-dir="


def profiles_of(group: int) -> set[Path]:
    """The Playwright profile folders the processes of process group ``group`` were started
    with; none where /proc cannot be read (not Linux)."""
    found: set[Path] = set()
    try:
        pids = [name for name in os.listdir("/proc") if name.isdigit()]
    except OSError:
        return found
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
            if int(fields[2]) != group:  # the process group, after state and parent
                continue
            with open(f"/proc/{pid}/cmdline", "rb") as cmd:
                args = cmd.read().decode(errors="replace").split("\0")
        except (OSError, IndexError, ValueError):
            continue
        found |= {p for a in args if a.startswith(FLAG) and (p := _ours(a[len(FLAG) :]))}
    return found


def _ours(folder: str) -> Path | None:
    path = Path(folder)
    temp = Path(tempfile.gettempdir()).resolve()
    try:
        inside = path.resolve().parent == temp
    except OSError:
        return None
    return path if inside and path.name.startswith(PREFIXES) else None


def remove(folders: set[Path]) -> None:
    """Remove the folders (what a browser still writing adds is taken on a second pass)."""
    for folder in folders:
        for _ in range(2):
            shutil.rmtree(folder, ignore_errors=True)
            if not folder.exists():
                break
