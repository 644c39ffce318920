"""The list of sites of a batch: a CSV file (url, and optional name, sector, profile) or a plain
list of URLs, one per line, with ``#`` comments; each site gets a stable folder name (slug)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

from goudenregels.errors import UsageError
from goudenregels.words.scope import validate_start_url

COLUMNS = ("url", "name", "sector", "profile")
MAX_SLUG = 60


@dataclass(frozen=True)
class SiteEntry:
    """One site of the list, as the user gave it; slug is its folder under OUT/."""

    url: str
    slug: str
    name: str = ""
    sector: str = ""
    profile: str = ""
    line: int = 0  # where it was in the file, for messages

    def to_dict(self) -> dict[str, str]:
        out = asdict(self)
        out.pop("line")
        return out


def _slug_base(name: str, url: str) -> str:
    """'Bol.com B.V.' -> 'bol-com-b-v'; without a name the host and path: 'www-shop-nl-nl'."""
    if not name:
        parts = urlsplit(url)
        host = (parts.hostname or "").removeprefix("www.")
        port = f"-{parts.port}" if parts.port else ""
        name = host + port + parts.path
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:MAX_SLUG].strip("-")
    return slug or "site"


def _unique_slugs(bases: list[str]) -> list[str]:
    """Folder names in list order, a repeated one numbered (shop, shop-2) with a number no
    other site's own name has."""
    names, used, out = set(bases), set(), []
    for base in bases:
        slug, number = base, 2
        while slug in used:
            slug, number = f"{base}-{number}", number + 1
            if slug in names:
                slug = base  # another site is called that: try the next number
        used.add(slug)
        out.append(slug)
    return out


def _content_lines(text: str) -> list[tuple[int, str]]:
    """(line number, line) of every line that is not blank and not a # comment."""
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            out.append((number, line))
    return out


def _delimiter(header: str) -> str:
    """Comma, or the semicolon Dutch spreadsheets write, or a tab: whichever the header uses."""
    return max((";", "\t", ","), key=header.count)


def _is_header(line: str) -> bool:
    cells = [c.strip().strip('"').lower() for c in re.split(r"[;,\t]", line)]
    return "url" in cells


def _rows(lines: list[tuple[int, str]], where: str) -> list[tuple[int, dict[str, str]]]:
    """The rows of a CSV file with a header naming its columns (url required)."""
    header = lines[0][1]
    reader = csv.reader(io.StringIO(header), delimiter=_delimiter(header))
    names = [c.strip().lower() for c in next(reader)]
    unknown = [n for n in names if n and n not in COLUMNS]
    if unknown:
        raise UsageError(
            f"{where}: unknown column '{unknown[0]}'; the columns are {', '.join(COLUMNS)}"
        )
    out = []
    for number, line in lines[1:]:
        cells = next(csv.reader(io.StringIO(line), delimiter=_delimiter(header)), [])
        row = {name: cell.strip() for name, cell in zip(names, cells, strict=False) if name}
        out.append((number, row))
    return out


def parse_sites(text: str, where: str = "SITES", profiles: tuple[str, ...] = ()) -> list[SiteEntry]:
    """The sites of a list; bad input (a bad URL, an unknown profile) is refused with its line."""
    lines = _content_lines(text.removeprefix("\ufeff"))
    if not lines:
        raise UsageError(f"{where} lists no sites")
    if _is_header(lines[0][1]):
        rows = _rows(lines, where)
    else:
        rows = [(number, {"url": line.strip()}) for number, line in lines]
    entries = []
    for number, row in rows:
        url = row.get("url", "")
        try:
            url = validate_start_url(url)
        except UsageError as exc:
            raise UsageError(f"{where} line {number}: {exc}") from None
        profile = row.get("profile", "")
        if profile and profiles and profile not in profiles:
            raise UsageError(
                f"{where} line {number}: unknown profile '{profile}'; "
                f"choose from {', '.join(sorted(profiles))}"
            )
        entries.append((number, url, row.get("name", ""), row.get("sector", ""), profile))
    slugs = _unique_slugs([_slug_base(name, url) for _n, url, name, _s, _p in entries])
    return [
        SiteEntry(url, slug, name, sector, profile, number)
        for (number, url, name, sector, profile), slug in zip(entries, slugs, strict=True)
    ]


def read_sites(path: str | Path, profiles: tuple[str, ...] = ()) -> list[SiteEntry]:
    """The sites listed in a file (UTF-8, a byte-order mark allowed)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path} is not UTF-8 text") from None
    return parse_sites(text, str(path), profiles)


def fingerprint(entries: list[SiteEntry]) -> str:
    """A short hash of the list as audited: what a batch folder may only be resumed with."""
    data = json.dumps([e.to_dict() for e in entries], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]
