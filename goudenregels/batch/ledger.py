"""The batch ledger OUT/batch.json: the list, the settings and every site's state.

Only the batch's own process writes it, always whole and atomically (a temporary file, flushed
to disk, then renamed over the old one), so Ctrl-C, a kill or a power cut leaves either the old
ledger or the new one, never half of one. A site is ``pending`` (not yet audited, or stopped
mid-way and to be continued), ``running``, ``done`` (audited; its gates may have failed) or
``failed`` (could not be audited: the reason and the exit-code class say why).
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from goudenregels.batch.sites import SiteEntry
from goudenregels.errors import UsageError

LEDGER = "batch.json"
FORMAT = 1
PENDING, RUNNING, DONE, FAILED = "pending", "running", "done", "failed"
STATES = (PENDING, RUNNING, DONE, FAILED)
# What a site's record keeps of its last attempt.
RESULT_KEYS = (
    "exit_code",
    "reason",
    "failure",
    "seconds",
    "overall",
    "coverage",
    "pages",
    "audit_id",
    "gates",
    "warnings",
    "started",
    "finished",
)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def new_batch_id() -> str:
    """A batch's id: when it started, and a few random letters so two batches never clash."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(3)


@dataclass
class Ledger:
    """A batch's state; save() after every change."""

    path: Path
    batch: str
    sites_hash: str
    options_hash: str
    options: dict[str, Any]
    sites: list[dict[str, Any]]
    created: str = field(default_factory=now)
    sites_file: str = ""

    # -- reading and writing ---------------------------------------------------------------

    @classmethod
    def load(cls, out: Path) -> Ledger | None:
        path = out / LEDGER
        if not path.exists():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                raise UsageError(f"{path} is a batch ledger of another format ({data['format']})")
            return cls(
                path=path,
                batch=data["batch"],
                sites_hash=data["sites_hash"],
                options_hash=data["options_hash"],
                options=data["options"],
                sites=data["sites"],
                created=data["created"],
                sites_file=data.get("sites_file", ""),
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise UsageError(f"{path} is not a readable batch ledger: {exc}") from None

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "batch": self.batch,
            "created": self.created,
            "sites_file": self.sites_file,
            "sites_hash": self.sites_hash,
            "options_hash": self.options_hash,
            "options": self.options,
            "counts": self.counts(),
            "sites": self.sites,
        }

    def save(self) -> None:
        write_atomically(self.path, json.dumps(self.to_dict(), indent=1, ensure_ascii=False))

    # -- the sites ---------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        return {state: sum(1 for s in self.sites if s["state"] == state) for state in STATES}

    def site(self, slug: str) -> dict[str, Any]:
        for record in self.sites:
            if record["slug"] == slug:
                return record
        raise KeyError(slug)

    def adopt(self, entries: list[SiteEntry], keep_results: bool) -> None:
        """Take a new list (after --force): sites still in it keep their record when their
        results still hold (keep_results: the settings did not change); the others start over."""
        old = {(r["slug"], r["url"]): r for r in self.sites}
        sites = []
        for entry in entries:
            record = old.get((entry.slug, entry.url))
            if record is None or not keep_results:
                record = new_record(entry)
            else:
                record.update(entry.to_dict())
            sites.append(record)
        self.sites = sites

    def mark(self, slug: str, state: str, **result: Any) -> dict[str, Any]:
        record = self.site(slug)
        record["state"] = state
        if state == RUNNING:
            record["attempts"] = record.get("attempts", 0) + 1
            for key in RESULT_KEYS:
                record.pop(key, None)
            record["started"] = now()
        for key, value in result.items():
            if key in RESULT_KEYS and value is not None:
                record[key] = value
        if state in (DONE, FAILED, PENDING) and "finished" not in result:
            record["finished"] = now()
        return record


def new_record(entry: SiteEntry) -> dict[str, Any]:
    return {**entry.to_dict(), "state": PENDING, "attempts": 0}


def new_ledger(
    out: Path,
    entries: list[SiteEntry],
    sites_hash: str,
    options: dict[str, Any],
    options_hash: str,
    sites_file: str,
) -> Ledger:
    return Ledger(
        path=out / LEDGER,
        batch=new_batch_id(),
        sites_hash=sites_hash,
        options_hash=options_hash,
        options=options,
        sites=[new_record(e) for e in entries],
        sites_file=sites_file,
    )


def write_atomically(path: Path, text: str) -> None:
    """Write a file whole or not at all: a temporary file beside it, synced, then renamed."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:  # interrupted half-way (Ctrl-C), the old file stays and no temporary one
        tmp.unlink(missing_ok=True)
