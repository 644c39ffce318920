"""Scaffold a new built-in check: its function in checks/ruleN.py and its cases in tests/checks/.

    python scripts/add_check.py GR605 response-tone --title-nl "Toon van antwoorden" \
        --title-en "Tone of answers"

Then edit the two files it names, run ``python -m goudenregels.i18n extract``, translate the
new Dutch entries it lists, and run ``./go test``. See docs/contributing.md.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

TEMPLATE = '''

# -- {code} -------------------------------------------------------------------------------------

# What {code} looks for on the site's pages: replace with the words that show the behaviour.
_{const}_WORDS = re.compile(r"voorbeeldwoord", re.IGNORECASE)


@check(
    code="{code}",
    slug="{slug}",
    rule={rule},
    title_en=N_("{title_en}"),
    what_en=N_("What {code} looks for, in one or two sentences."),
    why_en=N_("Why {code} matters to the customer, with the norm or law."),
    fix_en=N_("What the organisation can do about {code}."),
)
def {func}(site: Site) -> Result:
    """{title_en}."""
    found = [p for p in site.pages if _{const}_WORDS.search(p.text)]
    if found:
        return Result(
            PASS, _("The site says what {code} asks for."), [site.evidence(found[0], "")]
        )
    return Result(
        FAIL,
        _("The site does not say what {code} asks for."),
        site.on_home(_("nothing found for {code}")),
    )
'''

# The Dutch of the check's texts, written into the Dutch catalog beside the English msgids.
DUTCH = {
    "{title_en}": "{title_nl}",
    "What {code} looks for, in one or two sentences.": "Wat {code} zoekt, in een of twee zinnen.",
    "Why {code} matters to the customer, with the norm or law.": (
        "Waarom {code} voor de klant telt, met de norm of wet."
    ),
    "What the organisation can do about {code}.": "Wat de organisatie aan {code} kan doen.",
}

CASES = """# {code} {slug}: {title_en}.
- name: the page says it
  status: pass
  pages:
    /: '<p>Hier staat het voorbeeldwoord.</p>'

- name: nothing on the site
  status: fail
  pages:
    /: '<p>Welkom</p>'
"""


def scaffold(code: str, slug: str, title_nl: str, title_en: str, root: Path = ROOT) -> list[Path]:
    """Write the check and its case file; return the two paths. Refuses a code already used."""
    if not re.fullmatch(r"GR[1-6]\d\d", code):
        raise SystemExit(f"error: '{code}' is not a check code like GR605")
    if not re.fullmatch(r"[a-z][a-z0-9-]*", slug):
        raise SystemExit(f"error: '{slug}' is not a slug like response-tone")
    rule = int(code[2])
    module = root / "goudenregels" / "checks" / f"rule{rule}.py"
    cases = root / "tests" / "checks" / f"{code}.yml"
    source = module.read_text(encoding="utf-8")
    if f'code="{code}"' in source or cases.exists():
        raise SystemExit(f"error: {code} exists already")
    fields = {
        "code": code,
        "slug": slug,
        "rule": rule,
        "title_nl": title_nl.replace('"', "'"),
        "title_en": title_en.replace('"', "'"),
        "func": slug.replace("-", "_"),
        "const": slug.replace("-", "_").upper(),
    }
    hook = source.index("\n\n@hookimpl\ndef goudenregels_checks")
    module.write_text(source[:hook] + TEMPLATE.format(**fields) + source[hook:], encoding="utf-8")
    cases.write_text(CASES.format(**fields), encoding="utf-8")
    _add_dutch(root / "goudenregels" / "locale" / "nl" / "LC_MESSAGES" / "goudenregels.po", fields)
    return [module, cases]


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _add_dutch(po: Path, fields: dict[str, object]) -> None:
    """Give the check's texts their Dutch in the catalog (a msgid already there is kept)."""
    catalog = po.read_text(encoding="utf-8")
    blocks = []
    for english, dutch in DUTCH.items():
        msgid = _quote(english.format(**fields))
        if f"\nmsgid {msgid}\n" not in f"\n{catalog}":
            blocks.append(f"msgid {msgid}\nmsgstr {_quote(dutch.format(**fields))}\n")
    if blocks:
        po.write_text(catalog.rstrip("\n") + "\n\n" + "\n".join(blocks), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("code", help="GRnnn; the hundreds digit is the rule")
    parser.add_argument("slug", help="a short name, e.g. response-tone")
    parser.add_argument("--title-nl", default="Nieuwe controle")
    parser.add_argument("--title-en", default="New check")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    for path in scaffold(args.code, args.slug, args.title_nl, args.title_en, args.root):
        print(f"wrote {path}")
    print("next: python -m goudenregels.i18n extract, translate, ./go test (docs/contributing.md)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
