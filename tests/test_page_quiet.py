"""The page's own count of what it is still doing (page_script.INIT_SCRIPT, __grQuiet): a page is
read once its short timers have run and its data requests, bodies included, are done."""

from __future__ import annotations

import asyncio

from goudenregels.crawl.page_script import INIT_SCRIPT

PAGE = b"<html><body><p>Mijn gegevens</p></body></html>"
# The answer's head comes at once, its body 0.3 s later (short timers are waited for during the
# first half second): reading it is still the request.
SLOW = (200, {"Content-Type": "application/json", "X-Body-Delay": "0.3"}, b'{"ok": false}')

READ_THEN_ACT = """async () => {
  const t = {};
  fetch('/check.json').then((r) => { t.head = performance.now(); return r.json(); })
    .then(() => { t.body = performance.now(); setTimeout(() => { t.acted = performance.now(); }, 50); });
  while (t.head === undefined) await new Promise((r) => setTimeout(r, 10));
  await window.__grQuiet(3000);
  t.quiet = performance.now();
  return t;
}"""


async def _quiet_times(url: str) -> dict:
    from playwright.async_api import async_playwright

    from goudenregels.crawl.browser import launch

    async with async_playwright() as pw:
        browser = await launch(pw, None, True)
        try:
            context = await browser.new_context()
            await context.add_init_script(INIT_SCRIPT)
            page = await context.new_page()
            await page.goto(url)
            return await page.evaluate(READ_THEN_ACT)
        finally:
            await browser.close()


def test_a_page_is_not_quiet_while_it_reads_an_answer_and_acts_on_it(scripted) -> None:
    server = scripted({"/": (200, {"Content-Type": "text/html"}, PAGE), "/check.json": SLOW})
    t = asyncio.run(_quiet_times(server.url + "/"))
    # Quiet only after the body was read and the short timer it set has run.
    assert t["body"] - t["head"] > 0.2 * 1000
    assert t["quiet"] >= t["acted"] >= t["body"]
