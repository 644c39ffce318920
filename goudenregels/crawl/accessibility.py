"""Accessibility of contact and complaint forms with axe-core (a built-in gatherer plugin)."""

from __future__ import annotations

from typing import Any

from goudenregels.hookspecs import hookimpl
from goudenregels.snapshot import Page


def _has_question_form(page: Page) -> bool:
    return any(f.visible and any(x.tag == "textarea" for x in f.fields) for f in page.forms)


class AxeForms:
    """Runs axe-core (shipped by axe-playwright-python) on pages with a question form."""

    name = "axe"

    async def gather(self, tab: Any, page: Page) -> Any:
        if not _has_question_form(page):
            return None
        from axe_playwright_python.async_playwright import Axe

        # Only the forms are judged: the rest of the page is outside this check's question.
        context = {"include": [["form"]]} if await tab.locator("form").count() else None
        results = await Axe().run(tab, context=context)
        violations = []
        for v in results.response.get("violations", []):
            violations.append(
                {
                    "id": v.get("id", ""),
                    "impact": v.get("impact") or "",
                    "help": v.get("help", ""),
                    "nodes": len(v.get("nodes", [])),
                    "targets": [
                        " ".join(map(str, n.get("target", [])))[:120]
                        for n in v.get("nodes", [])[:3]
                    ],
                }
            )
        return {
            "engine": f"axe-core {results.response.get('testEngine', {}).get('version', '')}",
            "violations": violations,
        }


@hookimpl
def goudenregels_gatherers():
    return [AxeForms()]
