"""The history store: every audit, measurement and probe in one SQLite file (WAL, atomic writes),
and the comparison of stored audits (what got better or worse; the regression gate)."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from goudenregels.errors import UsageError

ENV_VAR = "GOUDENREGELS_HISTORY"
SCHEMA_VERSION = 2
SCHEMA = """
CREATE TABLE IF NOT EXISTS audits (
    id INTEGER PRIMARY KEY,
    site TEXT NOT NULL,
    url TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT,
    recorded_at TEXT NOT NULL,
    profile TEXT,
    overall INTEGER,
    coverage REAL,
    rules TEXT NOT NULL,
    findings TEXT NOT NULL,
    snapshot_dir TEXT,
    tool_version TEXT,
    batch TEXT,
    batch_site TEXT
);
CREATE INDEX IF NOT EXISTS audits_site ON audits (site, id);
CREATE TABLE IF NOT EXISTS measurements (
    id INTEGER PRIMARY KEY,
    site TEXT NOT NULL,
    channel TEXT NOT NULL,
    started TEXT NOT NULL,
    answered TEXT,
    kind TEXT NOT NULL DEFAULT 'answer',
    source TEXT NOT NULL DEFAULT 'log',
    sender TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS measurements_site ON measurements (site, channel);
CREATE TABLE IF NOT EXISTS probes (
    id INTEGER PRIMARY KEY,
    site TEXT NOT NULL,
    kind TEXT NOT NULL,
    target TEXT NOT NULL,
    token TEXT NOT NULL UNIQUE,
    message_id TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL DEFAULT '',
    sent_at TEXT NOT NULL,
    ack_at TEXT,
    ack_from TEXT NOT NULL DEFAULT '',
    ack_bare INTEGER,
    answer_at TEXT,
    answer_from TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'sent',
    data TEXT NOT NULL DEFAULT '{}'
);
"""

# Made after the upgrade, so that an older database has the columns the index is on.
BATCH_INDEX = "CREATE INDEX IF NOT EXISTS audits_batch ON audits (batch, batch_site);"


def default_path() -> Path:
    """The user's data directory (XDG on Linux, Library on macOS, AppData on Windows)."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    if os.name == "nt":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming"))
    elif os.uname().sysname == "Darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "goudenregels" / "history.sqlite"


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """One SQLite file; every write is one transaction, so a crash never leaves half an audit."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path else default_path()
        self._depth = 0
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # A second audit writing at the same time waits for the lock instead of failing.
            self.conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA busy_timeout=30000")
            self.conn.execute("PRAGMA foreign_keys=ON")
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise UsageError(
                    f"{self.path} was written by a newer goudenregels "
                    f"(schema {version}); upgrade to read it"
                )
            # executescript commits by itself: the schema goes in as one script of its own.
            self.conn.executescript(f"BEGIN IMMEDIATE;{SCHEMA}COMMIT;")
            self._upgrade()
        except sqlite3.DatabaseError as exc:
            raise UsageError(f"cannot open history {self.path}: {exc}") from None
        except OSError as exc:
            raise UsageError(f"cannot open history {self.path}: {exc.strerror or exc}") from None

    def _upgrade(self) -> None:
        """Bring a database of an older schema up to date (schema 2 added the batch an audit
        belongs to), in one transaction that batch workers opening it at once take in turn."""
        with self.transaction() as conn:
            columns = {row[1] for row in conn.execute("PRAGMA table_info(audits)")}
            for column in ("batch", "batch_site"):
                if column not in columns:
                    conn.execute(f"ALTER TABLE audits ADD COLUMN {column} TEXT")
            conn.execute(BATCH_INDEX)
            conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic write; nested uses join the outer transaction."""
        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")
        finally:
            self._depth = 0

    def close(self) -> None:
        self.conn.close()

    # -- audits ----------------------------------------------------------------------------

    def record_audit(
        self,
        result: dict[str, Any],
        site: str,
        snapshot_dir: str = "",
        batch: tuple[str, str] | None = None,
    ) -> int:
        """Store an audit (its public JSON form); return its id.

        batch is (batch id, the site's name in the batch): a site audited again in the same batch
        (a resumed or retried batch, a worker lost mid-site) replaces its earlier record, so a
        batch holds each of its sites once.
        """
        scores = result["scores"]
        batch_id, batch_site = batch or (None, None)
        with self.transaction() as conn:
            if batch is not None:
                conn.execute(
                    "DELETE FROM audits WHERE batch = ? AND batch_site = ?", (batch_id, batch_site)
                )
            cur = conn.execute(
                "INSERT INTO audits (site, url, started_at, finished_at, recorded_at, profile, "
                "overall, coverage, rules, findings, snapshot_dir, tool_version, batch, "
                "batch_site) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    site,
                    result["site"]["final_url"],
                    result.get("started_at"),
                    result.get("finished_at"),
                    now_iso(),
                    result["site"]["profile"],
                    scores["overall"],
                    scores["coverage"],
                    json.dumps({k: v["score"] for k, v in scores["rules"].items()}),
                    json.dumps(
                        [
                            {
                                "code": f["code"],
                                "status": f["status"],
                                "title": f["title"],
                                "message": f["message"],
                            }
                            for f in result["findings"]
                        ],
                        ensure_ascii=False,
                    ),
                    snapshot_dir,
                    result["tool"]["version"],
                    batch_id,
                    batch_site,
                ),
            )
            return int(cur.lastrowid)

    def audits(
        self, site: str | None = None, limit: int = 50, batch: str | None = None
    ) -> list[dict[str, Any]]:
        query = "SELECT * FROM audits WHERE 1=1"
        args: list[Any] = []
        if site:
            query += " AND (site = ? OR url LIKE ?)"
            args += [site, f"%{site}%"]
        if batch:
            query += " AND batch = ?"
            args.append(batch)
        query += " ORDER BY id DESC LIMIT ?"
        args.append(limit)
        return [self._audit(row) for row in self.conn.execute(query, args)]

    def audit(self, audit_id: int) -> dict[str, Any]:
        row = self.conn.execute("SELECT * FROM audits WHERE id = ?", (audit_id,)).fetchone()
        if row is None:
            raise UsageError(f"no audit with id {audit_id} in {self.path}")
        return self._audit(row)

    def previous(self, site: str, before_id: int | None = None) -> dict[str, Any] | None:
        query, args = "SELECT * FROM audits WHERE site = ?", [site]
        if before_id is not None:
            query += " AND id < ?"
            args.append(before_id)
        row = self.conn.execute(query + " ORDER BY id DESC LIMIT 1", args).fetchone()
        return self._audit(row) if row else None

    @staticmethod
    def _audit(row: sqlite3.Row) -> dict[str, Any]:
        out = dict(row)
        out["rules"] = json.loads(out["rules"])
        out["findings"] = json.loads(out["findings"])
        return out

    # -- measurements ----------------------------------------------------------------------

    def add_measurement(
        self,
        site: str,
        channel: str,
        started: str,
        answered: str | None,
        kind: str = "answer",
        source: str = "log",
        sender: str = "",
        note: str = "",
    ) -> int:
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO measurements (site, channel, started, answered, kind, source, "
                "sender, note, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (site, channel, started, answered, kind, source, sender, note, now_iso()),
            )
            return int(cur.lastrowid)

    def measurements(self, site: str) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT * FROM measurements WHERE site = ? ORDER BY started, id", (site,)
        )
        return [dict(row) for row in rows]

    # -- probes ----------------------------------------------------------------------------

    def add_probe(self, **fields: Any) -> int:
        fields.setdefault("data", "{}")
        columns = ", ".join(fields)
        marks = ", ".join("?" for _ in fields)
        with self.transaction() as conn:
            cur = conn.execute(
                f"INSERT INTO probes ({columns}) VALUES ({marks})", list(fields.values())
            )
            return int(cur.lastrowid)

    def update_probe(self, probe_id: int, **fields: Any) -> None:
        sets = ", ".join(f"{name} = ?" for name in fields)
        with self.transaction() as conn:
            conn.execute(f"UPDATE probes SET {sets} WHERE id = ?", [*fields.values(), probe_id])

    def probes(self, site: str | None = None, open_only: bool = False) -> list[dict[str, Any]]:
        query, args = "SELECT * FROM probes WHERE 1=1", []
        if site:
            query += " AND site = ?"
            args.append(site)
        if open_only:
            query += " AND status != 'answered'"
        return [dict(row) for row in self.conn.execute(query + " ORDER BY id", args)]


# -- comparing audits ------------------------------------------------------------------------

STATUS_RANK = {"pass": 3, "not_applicable": 2, "review": 1, "error": 1, "fail": 0}


def stored_form(result: dict[str, Any]) -> dict[str, Any]:
    """An audit's public JSON in the shape the store returns, for comparing with a stored one."""
    return {
        "overall": result["scores"]["overall"],
        "rules": {k: v["score"] for k, v in result["scores"]["rules"].items()},
        "findings": [
            {"code": f["code"], "status": f["status"], "title": f["title"]}
            for f in result["findings"]
        ],
    }


def compare(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """What got better and worse between two stored audits, per check and per rule."""
    old = {f["code"]: f for f in before["findings"]}
    new = {f["code"]: f for f in after["findings"]}
    changes = []
    for code in sorted(set(old) | set(new)):
        a, b = old.get(code, {}).get("status"), new.get(code, {}).get("status")
        if a == b:
            continue
        if a is None or b is None:
            direction = "added" if a is None else "removed"
        else:
            direction = "better" if STATUS_RANK[b] > STATUS_RANK[a] else "worse"
        changes.append(
            {
                "code": code,
                "title": (new.get(code) or old.get(code))["title"],
                "before": a,
                "after": b,
                "change": direction,
            }
        )
    rules = []
    for rule in sorted(set(before["rules"]) | set(after["rules"])):
        a, b = before["rules"].get(rule), after["rules"].get(rule)
        if a != b:
            worse = a is not None and (b is None or b < a)
            rules.append(
                {"rule": rule, "before": a, "after": b, "change": "worse" if worse else "better"}
            )
    return {
        "checks": changes,
        "rules": rules,
        "overall": {"before": before["overall"], "after": after["overall"]},
    }


def regressions(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """What got worse from one audit to the next, one line each (the regression gate's reasons)."""
    diff = compare(before, after)
    out = [
        f"{c['code']} {c['before']} → {c['after']}"
        for c in diff["checks"]
        if c["change"] == "worse"
    ]
    out += [
        f"rule {r['rule']} score {r['before']} → {r['after']}"
        for r in diff["rules"]
        if r["change"] == "worse"
    ]
    return out
