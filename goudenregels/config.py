"""Settings from goudenregels.toml or [tool.goudenregels] in pyproject.toml, and verdict files."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from goudenregels.errors import UsageError
from goudenregels.model import STATUSES

CONFIG_FILE = "goudenregels.toml"

# Config key -> (commands it applies to, click parameter name). Flags on the command line win.
KEYS: dict[str, tuple[tuple[str, ...], str]] = {
    "url": (("audit",), "url"),
    "profile": (("audit", "check"), "profile"),
    "select": (("audit", "check"), "select"),
    "ignore": (("audit", "check"), "ignore"),
    "format": (("audit", "check"), "formats"),
    "output": (("audit", "check"), "output"),
    "lang": (("audit", "check"), "lang"),
    "verdicts": (("audit", "check"), "verdicts"),
    "fail_under": (("audit", "check"), "fail_under"),
    "fail_under_rule": (("audit", "check"), "fail_under_rule"),
    "fail_on": (("audit", "check"), "fail_on"),
    "max_pages": (("audit", "crawl"), "max_pages"),
    "max_depth": (("audit", "crawl"), "max_depth"),
    "timeout": (("audit", "crawl"), "timeout"),
    "max_time": (("audit", "crawl"), "max_time"),
    "concurrency": (("audit", "crawl"), "concurrency"),
    "ignore_robots": (("audit", "crawl"), "ignore_robots"),
    "allow_cart": (("audit", "crawl"), "allow_cart"),
    "journeys": (("audit", "crawl"), "no_journeys"),
    "history": (("audit", "check"), "history_path"),
    "hours": (("audit", "check"), "working_hours"),
    "fail_on_regression": (("audit", "check"), "fail_on_regression"),
}
LIST_KEYS = {"select", "ignore", "format"}

STARTER = """\
# goudenregels settings for this project. Command-line flags override what is set here.
# The same keys work under [tool.goudenregels] in pyproject.toml.

# The site to audit when 'goudenregels audit' is run without a URL.
# url = "https://www.example.nl"

# webshop, dienstverlener, gemeente or algemeen; detected from the site when not set.
# profile = "webshop"

# Checks to run or skip, by code or prefix (see 'goudenregels checks').
# select = ["GR1", "GR5"]
# ignore = ["GR604"]

# Reports: json, html, text, junit, sarif, markdown; written into 'output'.
format = ["html", "json"]
output = "goudenregels-report"
lang = "nl"            # nl or en

# Crawl limits.
max_pages = 60
max_depth = 4
timeout = 20           # seconds per page
max_time = 600         # seconds for the whole crawl
# allow_cart = false   # let the checkout journey add one product to a cart (nothing is ordered)

# Gates for CI: the exit code is 1 when one of these is not met.
# fail_under = 70                    # overall score
# fail_under_rule = { 1 = 80, 5 = 60 }
# fail_on = "fail"                   # any failed check ("review": also any review item)

# An auditor's verdicts for review items (see docs/verdicts.md).
# verdicts = "verdicts.toml"
"""


def find_config(start: Path | None = None) -> Path | None:
    """goudenregels.toml, else a pyproject.toml with [tool.goudenregels], in the directory."""
    here = start or Path.cwd()
    own = here / CONFIG_FILE
    if own.is_file():
        return own
    pyproject = here / "pyproject.toml"
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError):
            return None  # someone else's broken pyproject is not ours to report
        if "goudenregels" in data.get("tool", {}):
            return pyproject
    return None


def load_table(path: Path) -> dict[str, Any]:
    """The goudenregels settings of a file: the whole goudenregels.toml, or the
    [tool.goudenregels] table of a pyproject.toml; one-line errors for unreadable files."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path} is not valid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("goudenregels", {})
    return data


def read_config(path: Path) -> dict[str, Any]:
    data = load_table(path)
    # [probe] holds mail settings that goudenregels.probe reads and checks itself.
    unknown = sorted(set(data) - set(KEYS) - {"probe"})
    if unknown:
        raise UsageError(
            f"{path}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(KEYS))}"
        )
    return data


def default_map(path: Path) -> dict[str, dict[str, Any]]:
    """Click's default_map per command, so that flags given on the command line win."""
    out: dict[str, dict[str, Any]] = {}
    for key, value in read_config(path).items():
        if key not in KEYS:
            continue
        commands, param = KEYS[key]
        if key in LIST_KEYS:
            value = [value] if isinstance(value, str) else list(value)
        if key == "fail_under_rule":
            if not isinstance(value, dict):
                raise UsageError(f"{path}: fail_under_rule must be a table like {{ 1 = 80 }}")
            value = [f"{rule}={score}" for rule, score in value.items()]
        if key == "journeys":
            value = not value
        for command in commands:
            out.setdefault(command, {})[param] = value
    return out


# -- verdicts ----------------------------------------------------------------------------------


def read_verdicts(path: str | Path) -> list[dict[str, Any]]:
    """An auditor's verdicts: [[verdict]] tables with code, status, note, auditor, evidence."""
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot read verdicts file {p}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{p} is not valid TOML: {exc}") from None
    default_auditor = str(data.get("auditor", "")).strip()
    items = data.get("verdict", [])
    if not isinstance(items, list):
        raise UsageError(f"{p}: use [[verdict]] tables, one per verdict")
    verdicts = []
    for i, item in enumerate(items, 1):
        where = f"{p}: verdict {i}"
        if not isinstance(item, dict) or not item.get("code") or not item.get("status"):
            raise UsageError(f"{where} needs at least code and status")
        status = str(item["status"]).strip().lower().replace("-", "_")
        if status not in STATUSES or status == "error":
            raise UsageError(
                f"{where}: status '{item['status']}' is not one of pass, fail, "
                "review, not_applicable"
            )
        auditor = str(item.get("auditor", default_auditor)).strip()
        if not auditor:
            raise UsageError(f'{where} names no auditor (set auditor = "…" at the top)')
        verdicts.append(
            {
                "code": str(item["code"]).strip().upper(),
                "status": status,
                "note": str(item.get("note", "")).strip(),
                "auditor": auditor,
                "evidence": str(item.get("evidence", "")).strip(),
                "date": str(item.get("date", "")).strip(),
            }
        )
    return verdicts
