"""Message catalogs for the reports: gettext .po sources compiled to .mo, read with the stdlib.

The catalogs live in ``goudenregels/locale/{lang}/LC_MESSAGES/goudenregels.po`` with English
msgids; the compiled ``.mo`` files beside them are what is loaded at run time (and shipped).
After editing a ``.po`` file, recompile with::

    python -m goudenregels.i18n            # compile every catalog
    python -m goudenregels.i18n --check    # exit 1 when a committed .mo file is stale

The compiler follows CPython's ``Tools/i18n/msgfmt.py`` (no Babel needed): entries marked
``fuzzy`` and untranslated entries are left out, so gettext falls back to the English msgid.
"""

from __future__ import annotations

import ast
import gettext
import struct
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

DOMAIN = "goudenregels"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGS = ("nl", "en")


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    return po_path(lang).with_suffix(".mo")


# The language of the audit being scored: checks write their messages through _() in it.
_current_lang: ContextVar[str] = ContextVar("goudenregels_lang", default="en")


def current_language() -> str:
    """The language of the audit being scored ("en" outside an audit)."""
    return _current_lang.get()


def _(message: str) -> str:
    """``message`` (an English msgid) in the language of the audit being scored."""
    return translations(_current_lang.get()).gettext(message)


def N_(message: str) -> str:  # noqa: N802 - gettext's "translate later" marker
    """Mark ``message`` (an English msgid) for the catalogs; it is translated where it is shown."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 - a gettext marker
    """Mark a singular and plural msgid for the catalogs; the count picks one where it is shown
    (a crawl note, say, kept in the snapshot and translated by each report)."""
    return singular, plural


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural message for ``count`` in the language of the audit being scored."""
    return translations(_current_lang.get()).ngettext(singular, plural, count)


def translate_all(msgids: dict[str, str], lang: str) -> dict[str, str]:
    """A table of msgids (a reporter's labels, say) with every value in ``lang``."""
    gettext = translations(lang).gettext
    return {key: gettext(msgid) for key, msgid in msgids.items()}


@contextmanager
def language(lang: str) -> Iterator[None]:
    """Run the checks of one audit in ``lang`` (nl or en)."""
    token = _current_lang.set(lang)
    try:
        yield
    finally:
        _current_lang.reset(token)


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalog for ``lang``; an unknown language gets the English msgids unchanged.

    A known language whose compiled catalog is missing is a packaging error and raises, rather
    than silently printing a Dutch report in English.
    """
    if lang not in LANGS:
        return gettext.NullTranslations()
    path = mo_path(lang)
    if not path.is_file():
        raise FileNotFoundError(
            f"message catalog {path} is missing; run 'python -m goudenregels.i18n'"
        )
    with path.open("rb") as fh:
        return gettext.GNUTranslations(fh)


# -- .po parsing and .mo writing (after CPython's Tools/i18n/msgfmt.py) -----------------------


class PoError(ValueError):
    pass


def _unquote(token: str, where: str) -> str:
    token = token.strip()
    if not (len(token) >= 2 and token[0] == token[-1] == '"'):
        raise PoError(f"{where}: expected a quoted string, got {token!r}")
    try:
        value = ast.literal_eval(token)
    except (ValueError, SyntaxError) as exc:
        raise PoError(f"{where}: bad string {token!r}: {exc}") from None
    if not isinstance(value, str):
        raise PoError(f"{where}: bad string {token!r}")
    return value


def parse_po(text: str, name: str = "<po>") -> dict[str, str]:
    """Entries of a .po file as .mo keys and values (context and plurals joined as gettext does).

    Fuzzy and untranslated entries are left out; the header (msgid "") is kept.
    """
    reader = _PoReader(name)
    for lineno, raw in enumerate(text.splitlines(), 1):
        reader.read(raw.strip(), f"{name}:{lineno}")
    if reader.section == "msgstr":
        reader.finish()
    return reader.messages


class _PoReader:
    """The state of reading a .po file line by line: the entry so far and the section in it."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.messages: dict[str, str] = {}
        self.entry: dict[str, object] = {}
        self.fuzzy = False
        self.section = ""
        self.index = 0

    def read(self, line: str, where: str) -> None:
        if not line:
            return
        if line.startswith("#"):
            self._comment(line)
        elif line.startswith('"'):
            self._continuation(line, where)
        else:
            self._keyword(line, where)

    def _comment(self, line: str) -> None:
        # The fuzzy flag belongs to the entry that follows it, so the one before is finished.
        if line.startswith("#,") and "fuzzy" in line:
            if self.section == "msgstr":
                self.finish()
                self.section = ""
            self.fuzzy = True

    def _continuation(self, line: str, where: str) -> None:
        if not self.section:
            raise PoError(f"{where}: string outside an entry")
        value = _unquote(line, where)
        if self.section == "msgstr":
            strs = self.entry["msgstr"]
            assert isinstance(strs, dict)
            strs[self.index] += value
        else:
            self.entry[self.section] = str(self.entry[self.section]) + value

    def _keyword(self, line: str, where: str) -> None:
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and self.section == "msgstr":
            self.finish()
        if keyword in ("msgctxt", "msgid", "msgid_plural"):
            self.section = keyword
            self.entry[keyword] = _unquote(rest, where)
        elif keyword == "msgstr":
            self.section, self.index = "msgstr", 0
            self.entry.setdefault("msgstr", {})[0] = _unquote(rest, where)  # type: ignore[union-attr]
        elif keyword.startswith("msgstr[") and keyword.endswith("]"):
            self.section, self.index = "msgstr", int(keyword[7:-1])
            strs = self.entry.setdefault("msgstr", {})
            strs[self.index] = _unquote(rest, where)  # type: ignore[union-attr]
        else:
            raise PoError(f"{where}: cannot parse {line!r}")

    def finish(self) -> None:
        """Keep the entry read so far if it is translated and not fuzzy; start a new one."""
        if "msgid" in self.entry:
            msgid = str(self.entry["msgid"])
            plural = self.entry.get("msgid_plural")
            strs = self.entry.get("msgstr", {})
            assert isinstance(strs, dict)
            if plural is not None:
                key = f"{msgid}\0{plural}"
                value = "\0".join(strs[i] for i in sorted(strs))
            else:
                key, value = msgid, strs.get(0, "")
            if "msgctxt" in self.entry:
                key = f"{self.entry['msgctxt']}\x04{key}"
            translated = any(strs.values())
            if translated and not (self.fuzzy and msgid):
                if key in self.messages:
                    raise PoError(f"{self.name}: duplicate msgid {msgid!r}")
                self.messages[key] = value
        self.entry, self.fuzzy = {}, False


def compile_messages(messages: dict[str, str]) -> bytes:
    """The .mo file for ``messages``: sorted keys, no hash table (as msgfmt.py writes it)."""
    keys = sorted(messages)
    ids = strs = b""
    offsets = []
    for key in keys:
        kb, vb = key.encode("utf-8"), messages[key].encode("utf-8")
        offsets.append((len(ids), len(kb), len(strs), len(vb)))
        ids += kb + b"\0"
        strs += vb + b"\0"
    keystart = 7 * 4 + 16 * len(keys)
    valuestart = keystart + len(ids)
    koffsets: list[int] = []
    voffsets: list[int] = []
    for o1, l1, o2, l2 in offsets:
        koffsets += [l1, o1 + keystart]
        voffsets += [l2, o2 + valuestart]
    header = struct.pack(
        "Iiiiiii",
        0x950412DE,  # magic
        0,  # version
        len(keys),
        7 * 4,  # start of the key index
        7 * 4 + len(keys) * 8,  # start of the value index
        0,  # size of the hash table
        0,  # offset of the hash table
    )
    return (
        header
        + struct.pack(f"{len(koffsets)}i", *koffsets)
        + struct.pack(f"{len(voffsets)}i", *voffsets)
        + ids
        + strs
    )


def compile_po(path: Path) -> bytes:
    return compile_messages(parse_po(path.read_text(encoding="utf-8"), str(path)))


def extract_messages() -> dict[str, str | None]:
    """Every msgid the report uses -> its plural msgid (or None), from templates and Python.

    Templates are read with Jinja's own extractor; every Python module of the package by its
    ``_()``, ``N_()``, ``gettext()``, ``ngettext()`` and ``N_plural()`` calls with literal strings.
    """
    from jinja2 import Environment

    package = Path(__file__).resolve().parent
    found: dict[str, str | None] = {}
    env = Environment(extensions=["jinja2.ext.i18n"])
    env.policies["ext.i18n.trimmed"] = True
    for template in sorted((package / "reports" / "templates").glob("*.j2")):
        source = template.read_text(encoding="utf-8")
        for _lineno, _func, message in env.extract_translations(source):  # type: ignore[attr-defined]
            if isinstance(message, str):
                found.setdefault(message, None)
            elif message is not None:  # None: a variable, e.g. a Table's label (an N_ msgid)
                strings = [m for m in message if isinstance(m, str)]
                if strings:
                    found[strings[0]] = strings[1] if len(strings) > 1 else None
    for module in sorted(package.rglob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            if node.func.id not in ("_", "N_", "gettext", "ngettext", "N_plural") or not node.args:
                continue
            args = [a.value for a in node.args if isinstance(a, ast.Constant)]
            if args and isinstance(args[0], str):
                takes_plural = node.func.id in ("ngettext", "N_plural")
                plural = args[1] if takes_plural and len(args) > 1 else None
                found.setdefault(args[0], plural if isinstance(plural, str) else None)
    return found


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n").replace("\t", "\\t") + '"'


def _block_key(block: str) -> str | None:
    """The .mo key of one .po entry (msgid, or msgid NUL plural); None for a comment block."""
    parts: dict[str, str] = {}
    section = ""
    for line in block.splitlines():
        line = line.strip()
        keyword, _sep, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid", "msgid_plural"):
            section = keyword
            parts[section] = _unquote(rest, "<po>")
        elif line.startswith('"') and section in parts:
            parts[section] += _unquote(line, "<po>")
        elif keyword.startswith("msgstr"):
            section = ""
    if "msgid" not in parts:
        return None
    key = (
        parts["msgid"]
        if "msgid_plural" not in parts
        else f"{parts['msgid']}\0{parts['msgid_plural']}"
    )
    return f"{parts['msgctxt']}\x04{key}" if "msgctxt" in parts else key


def _new_block(msgid: str, plural: str | None, lang: str) -> str:
    """A new entry: English repeats the msgid, other languages start untranslated."""
    english = lang == "en"
    lines = ["#, python-format"] if "%(" in msgid else []
    lines.append(f"msgid {_quote(msgid)}")
    if plural is None:
        lines.append(f"msgstr {_quote(msgid if english else '')}")
    else:
        lines.append(f"msgid_plural {_quote(plural)}")
        lines.append(f"msgstr[0] {_quote(msgid if english else '')}")
        lines.append(f"msgstr[1] {_quote(plural if english else '')}")
    return "\n".join(lines)


def update_catalog(lang: str) -> tuple[list[str], list[str], list[str]]:
    """Bring a .po file in line with the code: add new msgids, drop unused ones.

    Returns (added, removed, untranslated) msgids. Existing entries are kept as written.
    """
    used = extract_messages()
    keys = {m if p is None else f"{m}\0{p}": (m, p) for m, p in used.items()}
    path = po_path(lang)
    blocks = [b for b in path.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    kept, seen, removed = [], set(), []
    for block in blocks:
        key = _block_key(block)
        if key is None or key == "" or key in keys:
            kept.append(block.strip("\n"))
            seen.add(key)
        else:
            removed.append(key.split("\0")[0])
    added = [m for key, (m, p) in keys.items() if key not in seen]
    kept += [_new_block(m, p, lang) for key, (m, p) in keys.items() if key not in seen]
    path.write_text("\n\n".join(kept) + "\n", encoding="utf-8")
    translated = parse_po(path.read_text(encoding="utf-8"), str(path))
    untranslated = [m for key, (m, p) in keys.items() if key not in translated]
    return added, removed, untranslated


def main(argv: list[str] | None = None) -> int:
    """``python -m goudenregels.i18n [extract] [--check]``: update and compile the catalogs.

    ``extract`` first brings both .po files in line with the code (new messages added, unused
    ones dropped) and lists what still needs a translation; then the .mo files are compiled.
    ``--check`` compiles nothing and exits 1 when a compiled catalog is stale.
    """
    args = sys.argv[1:] if argv is None else argv
    check = "--check" in args
    missing = 0
    if "extract" in args:
        for lang in LANGS:
            added, removed, untranslated = update_catalog(lang)
            print(f"{lang}: {len(added)} added, {len(removed)} removed")
            for msgid in untranslated:
                print(f"  to translate in {po_path(lang)}: {msgid[:100]}")
            missing += len(untranslated)
    stale = []
    for lang in LANGS:
        data = compile_po(po_path(lang))
        target = mo_path(lang)
        if target.is_file() and target.read_bytes() == data:
            continue
        if check:
            stale.append(str(target))
        else:
            target.write_bytes(data)
            print(f"wrote {target}")
    if stale:
        print("stale message catalogs (run 'python -m goudenregels.i18n'):", *stale, sep="\n  ")
        return 1
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
