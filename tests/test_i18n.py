"""The checks' finding messages and evidence labels: Dutch by default, English with --lang en.

Checks write their messages through ``_()`` with English msgids and named ``{placeholders}``
filled in after translation; the catalogs in goudenregels/locale hold the Dutch text (and, by
convention, the English msgid again in the en catalog).
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from goudenregels.i18n import _current_lang, language, parse_po, po_path
from tests.helpers import run_cli

CHECKS_DIR = Path(__file__).resolve().parent.parent / "goudenregels" / "checks"
FIELD = re.compile(r"\{(\w*)\}")
# Labels that read the same in Dutch (a loanword, or only a site-provided link around it).
SAME_IN_DUTCH = {
    "chat",
    "e-mail",
    "pop-up",
    "overlay",
    "banner",
    "link",
    "link ‘{text}’",
    "link ‘{text}’ → {href}",
}
# Messages written by the runner rather than by a check (goudenregels/audit.py).
RUNNER_MESSAGE = re.compile(r"^(Does not apply to the profile|The check failed: )")


def _translate_calls() -> list[tuple[Path, ast.Call]]:
    calls = []
    for module in sorted(CHECKS_DIR.glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_"
            ):
                calls.append((module, node))
    return calls


def _check_msgids() -> set[str]:
    return {
        node.args[0].value
        for _module, node in _translate_calls()
        if node.args and isinstance(node.args[0], ast.Constant)
    }


def _check(snapshot: Path, target: Path, *extra: str) -> dict:
    proc = run_cli("check", str(snapshot), "-f", "json", "-o", str(target), "-q", *extra)
    assert proc.returncode == 0, proc.stderr
    return json.loads(target.read_text(encoding="utf-8"))


def test_finding_messages_are_dutch_by_default_and_english_with_lang_en(audited, tmp_path) -> None:
    _result, out = audited("demo")
    nl = _check(out / "snapshot", tmp_path / "nl.json")
    en = _check(out / "snapshot", tmp_path / "en.json", "--lang", "en")
    nl_by_code = {f["code"]: f for f in nl["findings"]}
    en_by_code = {f["code"]: f for f in en["findings"]}
    assert nl_by_code.keys() == en_by_code.keys()

    gr101_nl, gr101_en = nl_by_code["GR101"], en_by_code["GR101"]
    depth = gr101_nl["data"]["depth"]
    assert gr101_nl["status"] == gr101_en["status"] == "pass"
    assert re.fullmatch(rf"Telefoonnummer .+ staat op klikdiepte {depth}\.", gr101_nl["message"])
    assert re.fullmatch(rf"Phone number .+ shown at click depth {depth}\.", gr101_en["message"])

    for code, finding in nl_by_code.items():
        english = en_by_code[code]
        # The language changes the words only: never a status, a score or the data.
        assert (finding["status"], finding["data"]) == (english["status"], english["data"]), code
        assert [e["url"] for e in finding["evidence"]] == [e["url"] for e in english["evidence"]]
        if not RUNNER_MESSAGE.match(english["message"]):
            assert finding["message"] != english["message"], (code, finding["message"])
    assert nl["scores"]["overall"] == en["scores"]["overall"]
    # Evidence labels the checks write are translated too; what the site says is quoted as is.
    for lang, audit, label in (
        ("nl", nl, "betaald informatienummer (090x)"),
        ("en", en, "premium information number (090x)"),
    ):
        quotes = [e for f in audit["findings"] for e in f["evidence"] if e["label"] == label]
        assert quotes, lang
        assert all(e["kind"] == "quote" and "0900-7654321" in e["text"] for e in quotes), quotes


def test_check_messages_are_literal_msgids() -> None:
    """Every _() in the checks has one literal argument, so the extractor finds each msgid."""
    calls = _translate_calls()
    assert len(calls) > 200
    for module, node in calls:
        literal = (
            len(node.args) == 1
            and not node.keywords
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        )
        assert literal, f"{module.name}:{node.lineno}: _() needs one literal string"


def test_no_check_message_is_left_untranslated() -> None:
    msgids = _check_msgids()
    nl = parse_po(po_path("nl").read_text(encoding="utf-8"))
    en = parse_po(po_path("en").read_text(encoding="utf-8"))
    untranslated = sorted(m for m in msgids if not nl.get(m))
    assert untranslated == [], "check messages without a Dutch translation"
    english_left = sorted(m for m in msgids if nl[m] == m and m not in SAME_IN_DUTCH)
    assert english_left == [], "check messages 'translated' into Dutch as the English msgid"
    assert sorted(m for m in msgids if en.get(m) != m) == [], "en catalog repeats each msgid"
    for msgid in msgids:
        fields = sorted(FIELD.findall(msgid))
        for lang, catalog in (("nl", nl), ("en", en)):
            # The same named placeholders, and no stray brace that would break .format().
            assert sorted(FIELD.findall(catalog[msgid])) == fields, (lang, msgid)
            catalog[msgid].format(**dict.fromkeys(fields, "x"))


@pytest.mark.parametrize(("lang", "expected"), [("nl", "klikdiepte 2"), ("en", "click depth 2")])
def test_messages_follow_the_language_of_the_audit(lang: str, expected: str) -> None:
    from goudenregels.i18n import _

    assert _current_lang.get() == "en"  # outside an audit (per-check tests): English
    with language(lang):
        assert _("click depth {depth}").format(depth=2) == expected
    assert _("click depth {depth}").format(depth=2) == "click depth 2"


_SCOPES = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.Lambda,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
)


def _binds_underscore(scope: ast.AST) -> bool:
    if isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) and any(
        a.arg == "_" for a in scope.args.args + scope.args.kwonlyargs
    ):
        return True
    if isinstance(scope, ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp):
        targets = [n for g in scope.generators for n in ast.walk(g.target)]
        return any(isinstance(n, ast.Name) and n.id == "_" for n in targets)
    todo = list(ast.iter_child_nodes(scope))
    while todo:
        node = todo.pop()
        if isinstance(node, _SCOPES):
            continue
        if isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store):
            return True
        todo.extend(ast.iter_child_nodes(node))
    return False


def test_no_throwaway_underscore_hides_the_translation_function() -> None:
    """``page, _ = ...`` in a function that calls ``_()`` would make the call hit the tuple item."""
    for module in sorted(CHECKS_DIR.glob("*.py")):
        for scope in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(scope, _SCOPES) and _binds_underscore(scope):
                calls = [
                    n
                    for n in ast.walk(scope)
                    if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "_"
                ]
                assert not calls, f"{module.name}:{scope.lineno} binds _ and calls _()"


def test_check_rule_norm_and_profile_texts_are_msgids_with_their_dutch_in_the_catalog() -> None:
    from goudenregels.model import RULE_TITLES, rule_title
    from goudenregels.plugins import Plugins
    from goudenregels.profiles import PROFILES
    from goudenregels.words.norms import NEXT_WORKING_DAY

    for c in Plugins(entry_points=False).checks():
        assert c.dutch == {}, c.code  # built-in checks keep no Dutch of their own
        for name in ("title", "what", "why", "fix"):
            english = getattr(c, f"{name}_en")
            assert c.text(name, "en") == english
            assert c.text(name, "nl") == getattr(c, f"{name}_nl") != english, (c.code, name)
        assert c.title("nl") == c.title_nl
        if c.norm:  # the norm too: English msgid, Dutch from the catalog
            assert c.text("norm", "en") == c.norm != c.text("norm", "nl"), c.code
    assert rule_title(1, "nl") == "Wees beschikbaar als de klant daar om vraagt"
    assert rule_title(1, "en") == RULE_TITLES[1] == "Be available when asked"
    assert NEXT_WORKING_DAY.text("nl") == "dezelfde of de volgende werkdag"
    assert {p.name: p.title("nl") for p in PROFILES}["webshop"] == "Webwinkel"
    assert {p.name: p.title("en") for p in PROFILES}["webshop"] == "Online shop"


def test_a_plugin_check_can_give_its_own_dutch() -> None:
    from goudenregels.model import Result, check

    @check(code="GR998", slug="own-dutch", rule=2, title_en="Own text", title_nl="Eigen tekst")
    def own(site):  # pragma: no cover - never run
        return Result("pass", "")

    assert own.title("nl") == own.title_nl == "Eigen tekst"
    assert own.title("en") == "Own text"
    assert own.what_nl == "" and own.text("why", "en") == ""
