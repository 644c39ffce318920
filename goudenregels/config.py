"""Settings from goudenregels.toml or [tool.goudenregels] in pyproject.toml, and verdict files."""

from __future__ import annotations

import textwrap
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from goudenregels.errors import UsageError
from goudenregels.model import STATUSES
from goudenregels.options import SECTIONS, SETTINGS, Setting

if TYPE_CHECKING:
    from goudenregels.facts import Facts

CONFIG_FILE = "goudenregels.toml"

# Config key -> the setting it sets, from the one option table in options.py (which also says
# which commands take it). Flags on the command line win.
FILE_SETTINGS: dict[str, Setting] = {s.key: s for s in SETTINGS if s.key}
KEYS: dict[str, tuple[tuple[str, ...], str]] = {
    key: (setting.commands, setting.name) for key, setting in FILE_SETTINGS.items()
}
STARTER_HEADER = """\
# goudenregels settings for this project. Command-line flags override what is set here.
# The same keys work under [tool.goudenregels] in pyproject.toml.
"""


def toml_value(value: Any) -> str:
    """A default as TOML: strings, numbers (20.0 as 20), booleans and lists of strings."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, tuple | list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return str(value)


def starter() -> str:
    """The commented goudenregels.toml that 'goudenregels init' writes, from the option table:
    a setting with an example is shown commented out, the others set to their default."""
    lines = [STARTER_HEADER.rstrip("\n")]
    for section, heading in SECTIONS.items():
        lines += ["", *(f"# {line}" for line in textwrap.wrap(heading, 96))]
        rows = []
        for setting in FILE_SETTINGS.values():
            if setting.section == section:
                value = setting.example or toml_value(setting.default)
                prefix = "# " if setting.example is not None else ""
                rows.append((f"{prefix}{setting.key} = {value}", setting.comment))
        width = max((len(line) for line, comment in rows if comment), default=0) + 2
        lines += [f"{line:<{width}}# {comment}" if comment else line for line, comment in rows]
    return "\n".join(lines) + "\n"


STARTER = starter()


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
    # [probe] holds mail settings that goudenregels.probe reads and checks itself, [facts] the
    # declared contact facts that read_facts validates.
    unknown = sorted(set(data) - set(KEYS) - {"probe", "facts"})
    if unknown:
        raise UsageError(
            f"{path}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(KEYS))}"
        )
    return data


def read_facts(path: Path) -> Facts | None:
    """The declared facts of a settings file ([facts], or [tool.goudenregels.facts]), validated;
    None when it declares none."""
    from goudenregels.facts import parse_facts

    table = load_table(path).get("facts")
    if table is None:
        return None
    return parse_facts(table, str(path))


def default_map(path: Path) -> dict[str, dict[str, Any]]:
    """Click's default_map per command, so that flags given on the command line win."""
    out: dict[str, dict[str, Any]] = {}
    for key, value in read_config(path).items():
        setting = FILE_SETTINGS.get(key)
        if setting is None:
            continue
        for command in setting.commands:
            out.setdefault(command, {})[setting.name] = file_value(setting, value, path)
    return out


def file_value(setting: Setting, value: Any, path: Path) -> Any:
    """A value from the file in the form its command-line option takes."""
    if setting.table:  # fail_under_rule = { 1 = 80 } is --fail-under-rule 1=80
        if not isinstance(value, dict):
            raise UsageError(f"{path}: {setting.key} must be a table like {{ 1 = 80 }}")
        return [f"{rule}={score}" for rule, score in value.items()]
    if setting.multiple:
        return [value] if isinstance(value, str) else list(value)
    return value


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
