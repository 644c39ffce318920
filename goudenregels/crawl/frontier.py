"""The crawl frontier: pages still to read, handed out in one fixed order whatever the timing.

The order is (priority, click depth, URL). A page's place never depends on which browser tab
happened to finish first, so two crawls of an unchanged site read the same pages within the same
budget, on an idle machine and on a busy one.
"""

from __future__ import annotations

import heapq


class Frontier:
    """URLs waiting to be read, each with its best (priority, depth) so far."""

    def __init__(self) -> None:
        self._best: dict[str, tuple[int, int]] = {}
        self._heap: list[tuple[int, int, str]] = []

    def add(self, url: str, priority: int, depth: int) -> None:
        """Add a URL, or move it forward when it was found again nearer or as more important."""
        current = self._best.get(url)
        key = (
            (priority, depth)
            if current is None
            else (min(current[0], priority), min(current[1], depth))
        )
        if key == current:
            return
        self._best[url] = key
        heapq.heappush(self._heap, (key[0], key[1], url))

    def depth(self, url: str) -> int:
        return self._best[url][1]

    def remove(self, url: str) -> None:
        self._best.pop(url, None)

    def first(self, n: int) -> list[str]:
        """The n URLs that come next, in order (stale heap entries are dropped on the way)."""
        out: list[tuple[int, int, str]] = []
        while self._heap and len(out) < n:
            item = heapq.heappop(self._heap)
            if self._best.get(item[2]) == (item[0], item[1]):
                out.append(item)
        for item in out:
            heapq.heappush(self._heap, item)
        return [item[2] for item in out]

    def __len__(self) -> int:
        return len(self._best)

    def __contains__(self, url: object) -> bool:
        return url in self._best
