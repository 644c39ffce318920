"""A third-party style plugin for the tests: one extra check, loaded with -p extra_check."""

from goudenregels import hookimpl
from goudenregels.model import FAIL, PASS, Result, check


@check(
    code="GR190",
    slug="has-title",
    rule=1,
    title_nl="Pagina's hebben een titel",
    title_en="Pages have a title",
    weight=5,
)
def has_title(site):
    untitled = [p for p in site.pages if not p.title]
    if untitled:
        return Result(
            FAIL, f"{len(untitled)} pages without a title", [site.evidence(p) for p in untitled[:3]]
        )
    return Result(PASS, f"all {len(site.pages)} pages have a title")


@check(code="GR191", slug="always-crashes", rule=2, title_nl="Crasht", title_en="Crashes")
def crashes(site):
    raise RuntimeError("boom")


@hookimpl
def goudenregels_checks():
    return [has_title, crashes]
