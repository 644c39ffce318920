"""The checks of one audit shared out over two processes where the machine has the cores.

Checks are pure functions of the site, and Python runs one of them at a time: on a machine with
two or more cores a forked copy of the process takes built-in checks from a shared queue while
this one does the same, and the findings come back in the checks' order, identical to a run in
one process. Only where forking is safe: Linux, one thread in the process, and not switched off
with GOUDENREGELS_WORKERS=1. Whatever goes wrong with the copy (it dies, its answer cannot be
read), the checks it did not answer for are run here: the copy can make an audit faster, never
different.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any

# Fewer checks than this are not worth a second process.
MIN_CHECKS = 8
_INDEX = 2  # bytes per queued item number


def workers() -> int:
    """How many processes the checks may use: 1 or 2."""
    if os.environ.get("GOUDENREGELS_WORKERS", "").strip() == "1":
        return 1
    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        return 1
    return 2 if (os.cpu_count() or 1) >= 2 else 1


def run_all(items: Sequence[Any], run: Callable[[Any], Any], shared: Sequence[bool]) -> list[Any]:
    """``run(item)`` for every item, in order. The items marked ``shared`` may run in a forked
    copy of this process, the rest always run here."""
    queued = [i for i, ok in enumerate(shared) if ok]
    if workers() < 2 or len(queued) < MIN_CHECKS or len(items) >= 256**_INDEX:
        return [run(item) for item in items]
    read, write = os.pipe()
    os.write(write, b"".join(i.to_bytes(_INDEX, "big") for i in queued))
    os.close(write)  # an empty queue then reads as the end
    child = _fork(lambda: _take(read, items, run))
    results = dict(_take(read, items, run))
    os.close(read)
    results.update((i, run(items[i])) for i, ok in enumerate(shared) if not ok)
    results.update(_collect(child))
    return [results[i] if i in results else run(items[i]) for i in range(len(items))]


def _take(queue: int, items: Sequence[Any], run: Callable[[Any], Any]) -> list[tuple[int, Any]]:
    """Run items taken from the queue (a pipe read by both processes) until it is empty."""
    done = []
    while len(raw := os.read(queue, _INDEX)) == _INDEX:  # a pipe read this small is atomic
        index = int.from_bytes(raw, "big")
        done.append((index, run(items[index])))
    return done


def _fork(work: Callable[[], list[Any]]) -> tuple[int, int] | None:
    """(pid, read end of a pipe) of a copy of this process that writes ``work()`` pickled to the
    pipe and exits; None where the copy could not be made."""
    try:
        read, write = os.pipe()
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:  # the copy: never back into the caller's code, never its exit handlers
        code = 1
        try:
            os.close(read)
            with os.fdopen(write, "wb") as out:
                pickle.dump(work(), out, protocol=pickle.HIGHEST_PROTOCOL)
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    return pid, read


def _collect(child: tuple[int, int] | None) -> list[tuple[int, Any]]:
    """The copy's (index, result) pairs; none when it has none to give."""
    if child is None:
        return []
    pid, read = child
    try:
        with os.fdopen(read, "rb") as answer:
            data = answer.read()
    finally:
        _, status = os.waitpid(pid, 0)
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
        return []
    try:
        results = pickle.loads(data)
    except Exception:
        return []
    return results if isinstance(results, list) else []
