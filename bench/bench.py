"""Performance benchmark for goudenregels.

Generates an N-page static site, serves it on 127.0.0.1 and measures, in one run:

  a. a plain sequential HTTP client (urllib) fetching every page;
  b. a bare Playwright loop (one Chromium, one context, 4 reused tabs);
  c. the full ``goudenregels audit`` as a subprocess (wall time, peak memory of the
     whole process tree, phase timings from its JSON report);
  d. ``goudenregels --help`` start-up time (median of 5).

Usage:  python bench/bench.py --pages 50 --runs 1 [--json out.json]

It is a measurement, not a test: the exit code is 0 whatever the figures are, and
non-zero only when a phase could not run (a one-line error is printed last).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import json
import os
import platform
import random
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import zlib
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

# Targets (see README.md).
TARGET_RATIO = 1.5  # audit wall / bare loop wall, at most
TARGET_PPS = 8.0  # audit pages/s on 50 pages, at least
TARGET_HELP = 0.3  # seconds for `goudenregels --help`, below

BARE_WORKERS = 4
SAMPLE_INTERVAL = 0.05
HELP_RUNS = 5
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# --------------------------------------------------------------------------------------
# Site generation
# --------------------------------------------------------------------------------------

_WORD_TEXT = (
    "de het een en van in op met voor door naar over bij uit om aan tot onder tegen "
    "wij jullie onze uw klant klanten bedrijf team dienst diensten advies afspraak "
    "kwaliteit service aanbod product producten prijs prijzen offerte levering "
    "werkplaats winkel vestiging regio gemeente stad dorp straat huis woning tuin "
    "onderhoud reparatie installatie montage ontwerp renovatie verbouwing keuken "
    "badkamer dak gevel kozijn schilderwerk timmerwerk loodgieter elektricien "
    "ervaring vakmanschap betrouwbaar snel vriendelijk persoonlijk duurzaam eerlijk "
    "vakkundig scherp zorgvuldig flexibel lokaal modern klassiek praktisch helder "
    "graag altijd vandaag morgen binnenkort direct eenvoudig gratis vrijblijvend "
    "bellen mailen langskomen plannen bespreken helpen leveren maken bouwen zorgen "
    "werken denken kiezen vragen antwoorden weten bieden zoeken vinden regelen "
    "jaar jaren week dag uur tijd moment seizoen voorjaar zomer najaar winter "
    "garantie kosten budget planning materiaal hout steen glas staal isolatie "
    "energie besparing comfort veiligheid vergunning subsidie"
)
WORDS = _WORD_TEXT.split()

SECTION_NAMES = [
    "Diensten",
    "Over ons",
    "Projecten",
    "Werkwijze",
    "Tarieven",
    "Nieuws",
    "Vacatures",
    "Reviews",
    "Veelgestelde vragen",
    "Werkgebied",
]

CSS = """\
* { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, sans-serif; line-height: 1.6; color: #222; }
header, footer { background: #1d3557; color: #fff; padding: 1rem 2rem; }
header a, footer a { color: #f1faee; margin-right: .8rem; text-decoration: none; }
nav.sub { background: #e9ecef; padding: .5rem 2rem; }
nav.sub a { margin-right: 1rem; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem 2rem; }
main img { max-width: 100%; height: auto; display: block; margin: 1rem 0; }
footer ul { list-style: none; padding: 0; columns: 3; }
.hours { font-weight: bold; }
"""

JS = """\
document.addEventListener("DOMContentLoaded", function () {
  var year = document.getElementById("jaar");
  if (year) { year.textContent = String(new Date().getFullYear()); }
  var links = document.querySelectorAll("header a");
  for (var i = 0; i < links.length; i++) {
    if (links[i].getAttribute("href") === location.pathname) {
      links[i].setAttribute("aria-current", "page");
    }
  }
});
"""

PNG_COLOURS = [(29, 53, 87), (230, 57, 70), (69, 123, 157), (168, 218, 220)]


def make_png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A tiny valid, solid-colour RGB PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(row * height, 9))
        + chunk(b"IEND", b"")
    )


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(6, 14))
    return words[0].capitalize() + " " + " ".join(words[1:]) + rng.choice(".....?!")


def _paragraphs(rng: random.Random, count: int) -> list[str]:
    return [" ".join(_sentence(rng) for _ in range(rng.randint(6, 10))) for _ in range(count)]


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plan_site(n_pages: int) -> dict:
    """Decide file names and the link structure for an N-page site.

    index.html (depth 0) links to up to 10 section pages (depth 1) and contact.html;
    every section links to its leaf pages (depth 2). Every page's menu links to index,
    the sections and contact, so all pages are reachable within depth 2.
    """
    if n_pages < 2:
        raise ValueError("--pages must be at least 2 (index.html and contact.html)")
    n_sections = min(10, n_pages - 2)
    n_leaves = n_pages - 2 - n_sections
    sections = [f"sectie-{i + 1:02d}.html" for i in range(n_sections)]
    leaves = [f"pagina-{i + 1:03d}.html" for i in range(n_leaves)]
    parent = {leaf: sections[i % n_sections] for i, leaf in enumerate(leaves)}
    children: dict[str, list[str]] = {s: [] for s in sections}
    for leaf, sec in parent.items():
        children[sec].append(leaf)
    titles = {"index.html": "Home", "contact.html": "Contact"}
    for i, sec in enumerate(sections):
        titles[sec] = SECTION_NAMES[i]
    for i, leaf in enumerate(leaves):
        titles[leaf] = f"{titles[parent[leaf]]} - onderwerp {i + 1}"
    files = ["index.html", "contact.html", *sections, *leaves]
    return {
        "files": files,
        "sections": sections,
        "leaves": leaves,
        "parent": parent,
        "children": children,
        "titles": titles,
    }


def _href(name: str) -> str:
    """Root-relative link; the home page is "/" so that it is one URL, not two."""
    return "/" if name == "index.html" else f"/{name}"


def _page_html(name: str, plan: dict, index: int, seed: int) -> str:
    rng = random.Random(seed * 100_003 + index)
    titles = plan["titles"]
    sections = plan["sections"]
    title = titles[name]

    menu = ["index.html", *sections[:8], "contact.html"]
    header = " ".join(f'<a href="{_href(f)}">{_esc(titles[f])}</a>' for f in menu)

    if name == "index.html":
        nav_targets = sections
    elif name in plan["children"]:
        nav_targets = ["index.html", *plan["children"][name]]
    elif name in plan["parent"]:
        par = plan["parent"][name]
        nav_targets = [par, *[s for s in plan["children"][par] if s != name][:5]]
    else:
        nav_targets = ["index.html"]
    nav = " ".join(f'<a href="{_href(f)}">{_esc(titles[f])}</a>' for f in nav_targets)

    footer_targets = ["index.html", "contact.html", *sections]
    footer_targets += [f for f in plan["leaves"] if f not in footer_targets][
        : max(0, 14 - len(footer_targets))
    ]
    footer_items = [f'<li><a href="{_href(f)}">{_esc(titles[f])}</a></li>' for f in footer_targets]
    footer_items.append('<li><a href="mailto:info@voorbeeld.nl">info@voorbeeld.nl</a></li>')

    body: list[str] = [f"<h1>{_esc(title)}</h1>"]
    n_images = 1 + index % 2
    paras = _paragraphs(rng, rng.randint(5, 7))
    for i, para in enumerate(paras):
        if i and i % 2 == 0:
            body.append(f"<h2>{_esc(_sentence(rng).rstrip('.?!'))}</h2>")
        body.append(f"<p>{_esc(para)}</p>")
        if i < n_images:
            img = f"/img/foto-{(index + i) % len(PNG_COLOURS) + 1}.png"
            body.append(f'<img src="{img}" alt="Foto bij {_esc(title)}" width="64" height="48">')

    if name == "contact.html":
        body.append(
            "<h2>Contactgegevens</h2>\n"
            '<p>Bel ons op <a href="tel:+31201234567">020 123 45 67</a> of mail naar '
            '<a href="mailto:info@voorbeeld.nl">info@voorbeeld.nl</a>.</p>\n'
            '<p class="hours">Openingstijden: maandag t/m vrijdag 9:00 - 17:00</p>\n'
            "<address>Voorbeeldstraat 12, 1012 AB Amsterdam</address>"
        )

    description = _esc(_sentence(rng))
    main = "\n".join(body)
    footer = "\n".join(footer_items)
    return f"""<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_esc(title)} | Voorbeeld Vakbedrijf</title>
<meta name="description" content="{description}">
<link rel="stylesheet" href="/assets/style.css">
<script src="/assets/app.js" defer></script>
</head>
<body>
<header><strong>Voorbeeld Vakbedrijf</strong>
<nav class="menu">{header}</nav>
</header>
<nav class="sub" aria-label="Subnavigatie">{nav}</nav>
<main>
{main}
</main>
<footer>
<ul>
{footer}
</ul>
<p>&copy; <span id="jaar">2024</span> Voorbeeld Vakbedrijf &middot; Tel. 020 123 45 67</p>
</footer>
</body>
</html>
"""


def generate_site(root: Path, n_pages: int, seed: int = 42) -> list[str]:
    """Write the site under ``root``; return the page file names (index.html first)."""
    plan = plan_site(n_pages)
    (root / "assets").mkdir(parents=True, exist_ok=True)
    (root / "img").mkdir(parents=True, exist_ok=True)
    (root / "assets" / "style.css").write_text(CSS, encoding="utf-8")
    (root / "assets" / "app.js").write_text(JS, encoding="utf-8")
    for i, rgb in enumerate(PNG_COLOURS):
        (root / "img" / f"foto-{i + 1}.png").write_bytes(make_png(64, 48, rgb))
    for i, name in enumerate(plan["files"]):
        (root / name).write_text(_page_html(name, plan, i, seed), encoding="utf-8")
    return plan["files"]


# --------------------------------------------------------------------------------------
# Server
# --------------------------------------------------------------------------------------


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def start_server(root: Path) -> tuple[ThreadingHTTPServer, str]:
    handler = functools.partial(QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="bench-http", daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    return server, f"http://{host}:{port}/"


# --------------------------------------------------------------------------------------
# Memory sampling
# --------------------------------------------------------------------------------------


class TreeSampler:
    """Samples the summed memory of a process and all its descendants; keeps the maxima.

    RSS is summed every ``interval`` seconds (cheap, but pages shared between Chromium's
    processes are counted once per process, so it overstates). PSS, which splits shared
    pages fairly, costs ~2 ms per process to read, so it is sampled only every
    ``PSS_EVERY`` samples; it is the better estimate of real memory use.
    """

    PSS_EVERY = 10

    def __init__(self, pid: int, interval: float = SAMPLE_INTERVAL) -> None:
        import psutil

        self._psutil = psutil
        self._proc = psutil.Process(pid)
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-rss", daemon=True)
        self.peak_bytes = 0
        self.peak_pss_bytes: int | None = None
        self.peak_procs = 0
        self.samples = 0

    def _sample(self) -> None:
        psutil = self._psutil
        gone = (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess)
        try:
            procs = [self._proc, *self._proc.children(recursive=True)]
        except gone:
            return
        want_pss = self.samples % self.PSS_EVERY == 0
        total = 0
        pss: int | None = 0
        for proc in procs:
            try:
                total += proc.memory_info().rss
            except gone:
                continue
            if want_pss and pss is not None:
                try:
                    pss += proc.memory_full_info().pss
                except gone:
                    continue
                except (AttributeError, NotImplementedError, OSError):
                    pss = None  # no PSS on this platform
        self.samples += 1
        self.peak_bytes = max(self.peak_bytes, total)
        self.peak_procs = max(self.peak_procs, len(procs))
        if want_pss and pss is not None:
            self.peak_pss_bytes = max(self.peak_pss_bytes or 0, pss)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self._interval)

    def __enter__(self) -> TreeSampler:
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak_mb(self) -> float:
        return self.peak_bytes / (1024 * 1024)

    @property
    def peak_pss_mb(self) -> float | None:
        if self.peak_pss_bytes is None:
            return None
        return self.peak_pss_bytes / (1024 * 1024)


# --------------------------------------------------------------------------------------
# Phases
# --------------------------------------------------------------------------------------


def run_http(urls: list[str]) -> dict:
    """(a) Fetch every page sequentially with urllib (no proxies)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    total_bytes = 0
    t0 = time.perf_counter()
    for url in urls:
        with opener.open(url, timeout=30) as resp:
            if resp.status != 200:
                raise RuntimeError(f"HTTP {resp.status} for {url}")
            total_bytes += len(resp.read())
    wall = time.perf_counter() - t0
    return {
        "seconds": wall,
        "pages": len(urls),
        "pages_per_s": len(urls) / wall if wall else None,
        "bytes": total_bytes,
    }


def find_chromium(playwright_exe: str | None) -> str:
    if playwright_exe and os.path.exists(playwright_exe):
        return playwright_exe
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError(
        "no Chromium found (Playwright's own, chromium, chromium-browser, google-chrome)"
    )


def chromium_args() -> list[str]:
    args = list(CHROMIUM_ARGS)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")
    return args


async def _bare_loop(urls: list[str], warmup: bool) -> dict:
    from playwright.async_api import async_playwright

    t0 = time.perf_counter()
    async with async_playwright() as p:
        try:
            pw_exe = p.chromium.executable_path
        except Exception:  # noqa: BLE001 - no bundled browser registered
            pw_exe = None
        exe = find_chromium(pw_exe)
        args = chromium_args()
        if warmup:
            # Untimed: bring the browser binary into the page cache so that the timed
            # launch (and the audit's launch later) are not penalised by a cold disk.
            browser = await p.chromium.launch(headless=True, executable_path=exe, args=args)
            await browser.close()
            t0 = time.perf_counter()
        browser = await p.chromium.launch(headless=True, executable_path=exe, args=args)
        launched = time.perf_counter()
        context = await browser.new_context()
        queue: asyncio.Queue[str] = asyncio.Queue()
        for url in urls:
            queue.put_nowait(url)
        failures: list[str] = []
        html_bytes = 0

        async def worker() -> None:
            nonlocal html_bytes
            page = await context.new_page()
            try:
                while True:
                    try:
                        url = queue.get_nowait()
                    except asyncio.QueueEmpty:
                        return
                    resp = await page.goto(url, wait_until="load")
                    if resp is None or resp.status != 200:
                        failures.append(url)
                    html = await page.content()  # await first: += is not atomic here
                    html_bytes += len(html)
            finally:
                await page.close()

        await asyncio.gather(*(worker() for _ in range(BARE_WORKERS)))
        await context.close()
        await browser.close()
    wall = time.perf_counter() - t0
    if failures:
        raise RuntimeError(f"{len(failures)} page(s) did not load with 200, e.g. {failures[0]}")
    return {
        "seconds": wall,
        "launch_seconds": launched - t0,
        "pages": len(urls),
        "pages_per_s": len(urls) / wall if wall else None,
        "html_bytes": html_bytes,
        "browser": exe,
        "workers": BARE_WORKERS,
    }


def run_bare(urls: list[str], warmup: bool) -> dict:
    """(b) Bare Playwright loop; peak RSS is that of this process plus its children."""
    with TreeSampler(os.getpid()) as sampler:
        result = asyncio.run(_bare_loop(urls, warmup))
    result["peak_mb"] = sampler.peak_mb
    result["peak_pss_mb"] = sampler.peak_pss_mb
    result["peak_processes"] = sampler.peak_procs
    return result


# The tool's compiled bytecode, kept apart from the working tree: an installed package has its
# modules compiled at install, so a run does not compile them from source (a machine that sets
# PYTHONDONTWRITEBYTECODE would otherwise add that to every run).
PYCACHE = Path(tempfile.gettempdir()) / "goudenregels-bench-pycache"


def _tool_env() -> dict[str, str]:
    """Environment for the tool: prefer the working tree's package over an installed one, with
    its bytecode compiled once (see PYCACHE)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    extra = [str(p) for p in (REPO_ROOT / "src", REPO_ROOT) if (p / "goudenregels").is_dir()]
    if extra:
        old = env.get("PYTHONPATH")
        env["PYTHONPATH"] = os.pathsep.join(extra + ([old] if old else []))
    return env


def _last_line(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[-1] if lines else ""


def run_audit(url: str, n_pages: int, workdir: Path, timeout: float, device: str = "") -> dict:
    """(c) Full audit as a subprocess, with peak RSS of its whole process tree."""
    outdir = workdir / "audit-out"
    shutil.rmtree(outdir, ignore_errors=True)
    outdir.mkdir(parents=True)
    cmd = [
        sys.executable,
        "-m",
        "goudenregels",
        "audit",
        url,
        "--max-pages",
        str(n_pages + 5),
        "--max-depth",
        "6",
        "--format",
        "json",
        "-o",
        str(outdir),
        # --device: the phone view's cost (both) against the desktop view alone.
        *(["--device", device] if device else []),
    ]
    out_path, err_path = workdir / "audit.stdout", workdir / "audit.stderr"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            cmd,
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            env=_tool_env(),
            cwd=str(workdir),
        )
        with TreeSampler(proc.pid) as sampler:
            try:
                code = proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                _kill_tree(proc)
                partial = {"command": cmd, "seconds": time.perf_counter() - t0}
                raise PhaseError(f"audit failed: timed out after {timeout:g} s", partial) from None
        wall = time.perf_counter() - t0
    result: dict = {
        "command": cmd,
        "seconds": wall,
        "exit_code": code,
        "peak_mb": sampler.peak_mb,
        "peak_pss_mb": sampler.peak_pss_mb,
        "peak_processes": sampler.peak_procs,
    }
    if code != 0:
        stderr = err_path.read_text(encoding="utf-8", errors="replace")
        stdout = out_path.read_text(encoding="utf-8", errors="replace")
        why = _last_line(stderr) or _last_line(stdout) or f"exit code {code}"
        raise PhaseError(f"audit failed: {why}", result)

    report_path = outdir / "goudenregels.json"
    if not report_path.is_file():
        raise PhaseError(f"audit failed: no {report_path.name} in the output directory", result)
    try:
        report = json.loads(report_path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise PhaseError(f"audit failed: {report_path.name} is not JSON ({exc})", result) from None

    stats = report.get("stats") if isinstance(report, dict) else None
    stats = stats if isinstance(stats, dict) else {}
    pages_list = report.get("pages") if isinstance(report, dict) else None
    pages = stats.get("pages")
    if not isinstance(pages, int):
        pages = len(pages_list) if isinstance(pages_list, list) else None
    crawl = stats.get("crawl_seconds")
    result.update(
        pages=pages,
        pages_in_report=len(pages_list) if isinstance(pages_list, list) else None,
        crawl_seconds=crawl,
        checks_seconds=stats.get("checks_seconds"),
        report_seconds=stats.get("report_seconds"),
        has_stats=bool(stats),
        pages_per_s=pages / wall if pages and wall else None,
        crawl_pages_per_s=pages / crawl if pages and crawl else None,
    )
    return result


def _kill_tree(proc: subprocess.Popen) -> None:
    try:
        import psutil

        victims = psutil.Process(proc.pid).children(recursive=True)
    except Exception:  # noqa: BLE001
        victims = []
    proc.kill()
    for child in victims:
        with contextlib.suppress(Exception):
            child.kill()
    proc.wait()


def compile_tool() -> None:
    """Compile the tool's modules before anything is timed, as an install does."""
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import compileall, goudenregels, os; "
            "compileall.compile_dir(os.path.dirname(goudenregels.__file__), quiet=1)",
        ],
        env=_tool_env(),
        check=False,
        capture_output=True,
    )


def run_help(runs: int = HELP_RUNS) -> dict:
    """(d) Median wall time of `python -m goudenregels --help`."""
    cmd = [sys.executable, "-m", "goudenregels", "--help"]
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.run(
            cmd,
            check=False,
            capture_output=True,
            text=True,
            env=_tool_env(),
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
        times.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            why = _last_line(proc.stderr) or _last_line(proc.stdout)
            raise PhaseError(
                f"help failed: {why or f'exit code {proc.returncode}'}",
                {"exit_code": proc.returncode},
            )
    return {"seconds": statistics.median(times), "all_seconds": times}


class PhaseError(Exception):
    def __init__(self, message: str, partial: dict | None = None) -> None:
        super().__init__(message)
        self.partial = partial or {}


# --------------------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------------------


def _median(values: list) -> float | None:
    nums = [v for v in values if isinstance(v, (int, float))]
    return statistics.median(nums) if nums else None


def summarise(runs: list[dict]) -> dict:
    """Median of each numeric figure over runs; peak memory is the maximum."""
    summary: dict = {}
    for phase in ("http", "bare", "audit"):
        ok = [r[phase] for r in runs if isinstance(r.get(phase), dict) and "error" not in r[phase]]
        if not ok:
            errs = [r[phase]["error"] for r in runs if isinstance(r.get(phase), dict)]
            summary[phase] = {"error": errs[0] if errs else "not run"}
            continue
        merged: dict = {"runs_ok": len(ok)}
        keys = {
            k
            for r in ok
            for k, v in r.items()
            if isinstance(v, (int, float)) and not isinstance(v, bool)
        }
        for key in sorted(keys):
            vals = [r.get(key) for r in ok]
            if key.startswith("peak"):
                nums = [v for v in vals if isinstance(v, (int, float))]
                merged[key] = max(nums) if nums else None
            else:
                merged[key] = _median(vals)
        for key in ("browser", "has_stats"):
            if key in ok[0]:
                merged[key] = ok[0][key]
        summary[phase] = merged
    return summary


def evaluate_targets(summary: dict, help_result: dict, n_pages: int) -> dict:
    audit, bare = summary.get("audit", {}), summary.get("bare", {})
    ratio = None
    if audit.get("seconds") and bare.get("seconds") and "error" not in audit:
        ratio = audit["seconds"] / bare["seconds"]

    def verdict(value: float | None, ok: bool) -> str:
        return "n/a" if value is None else ("PASS" if ok else "MISS")

    pps = audit.get("pages_per_s")
    crawl_pps = audit.get("crawl_pages_per_s")
    help_s = help_result.get("seconds")
    note = "" if n_pages == 50 else f" (target is for 50 pages; ran {n_pages})"
    return {
        "audit_wall_over_bare_wall": {
            "value": ratio,
            "target": f"<= {TARGET_RATIO}",
            "result": verdict(ratio, ratio is not None and ratio <= TARGET_RATIO),
        },
        "audit_pages_per_s_wall": {
            "value": pps,
            "target": f">= {TARGET_PPS:g}{note}",
            "result": verdict(pps, pps is not None and pps >= TARGET_PPS),
        },
        "audit_pages_per_s_crawl": {
            "value": crawl_pps,
            "target": f">= {TARGET_PPS:g}{note}",
            "result": verdict(crawl_pps, crawl_pps is not None and crawl_pps >= TARGET_PPS),
        },
        "help_startup_seconds": {
            "value": help_s,
            "target": f"< {TARGET_HELP}",
            "result": verdict(help_s, help_s is not None and help_s < TARGET_HELP),
        },
    }


def _fmt(value: float | None, spec: str = ".3f") -> str:
    return "-" if value is None else format(value, spec)


def print_report(figures: dict) -> None:
    s, help_result = figures["summary"], figures["help"]
    n = figures["pages_requested"]
    print()
    print(
        f"goudenregels benchmark: {n} pages, {figures['runs']} run(s), "
        f"{figures['machine']['cpus']} CPU(s), python {figures['machine']['python']}"
    )
    print()
    header = ("phase", "seconds", "pages/s", "peak MB", "peak PSS MB")
    rows: list[tuple[str, ...]] = []

    def row(label: str, seconds: float | None = None, pps: float | None = None, data=None):
        if data is not None and "error" in data:
            rows.append((label, "FAILED", "", "", ""))
            return
        data = data or {}
        rows.append(
            (
                label,
                _fmt(seconds),
                _fmt(pps, ".1f") if pps is not None else "",
                _fmt(data["peak_mb"], ".0f") if "peak_mb" in data else "",
                _fmt(data["peak_pss_mb"], ".0f") if "peak_pss_mb" in data else "",
            )
        )

    http, bare, audit = s["http"], s["bare"], s["audit"]
    row("a. http (urllib, sequential)", http.get("seconds"), http.get("pages_per_s"), http)
    bare_label = f"b. bare playwright ({BARE_WORKERS} tabs)"
    row(bare_label, bare.get("seconds"), bare.get("pages_per_s"), bare)
    if "error" not in bare:
        row("     of which browser launch", bare.get("launch_seconds"))
    row("c. audit (total wall)", audit.get("seconds"), audit.get("pages_per_s"), audit)
    if "error" not in audit:
        row("     crawl", audit.get("crawl_seconds"), audit.get("crawl_pages_per_s"))
        row("     checks", audit.get("checks_seconds"))
        row("     report", audit.get("report_seconds"))
    row(f"d. --help (median of {HELP_RUNS})", help_result.get("seconds"), data=help_result)

    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(r: tuple[str, ...]) -> str:
        cells = [r[0].ljust(widths[0])] + [r[i].rjust(widths[i]) for i in range(1, len(r))]
        return "  ".join(cells).rstrip()

    print(line(header))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print(line(r))

    print()
    if "error" not in audit:
        crawled = audit.get("pages")
        print(
            f"audit crawled {'?' if crawled is None else format(crawled, 'g')} of {n} pages"
            + ("" if audit.get("has_stats") else '; no "stats" in the report (older tool?)')
        )
    if "error" not in bare:
        print(f"bare loop browser: {bare.get('browser')}")
    print(
        "peak MB: max summed RSS of the process tree every 50 ms (shared pages counted per "
        "process);\npeak PSS MB: same tree every 0.5 s, shared pages split (closer to real use)"
    )

    print()
    t = figures["targets"]
    trows = [
        ("audit wall / bare loop wall", "audit_wall_over_bare_wall", ".2f"),
        ("audit pages/s (pages / wall)", "audit_pages_per_s_wall", ".1f"),
        ("audit pages/s (pages / crawl)", "audit_pages_per_s_crawl", ".1f"),
        ("help startup (s)", "help_startup_seconds", ".3f"),
    ]
    values = [_fmt(t[key]["value"], spec) for _, key, spec in trows]
    tw = max(len(label) for label, _, _ in trows)
    vw = max(len("value"), *(len(v) for v in values))
    print(f"{'target'.ljust(tw)}  {'value'.rjust(vw)}  result  goal")
    for (label, key, _), value in zip(trows, values, strict=True):
        print(
            f"{label.ljust(tw)}  {value.rjust(vw)}  {t[key]['result'].ljust(6)}  {t[key]['target']}"
        )

    if figures["errors"]:
        print()
        for err in figures["errors"]:
            print(f"! {err}")


# --------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------


def _phase(results: dict, name: str, errors: list[str], func, *args) -> None:
    try:
        results[name] = func(*args)
    except PhaseError as exc:
        results[name] = {**exc.partial, "error": str(exc)}
        errors.append(str(exc))
    except Exception as exc:  # noqa: BLE001 - report and go on with the other phases
        msg = f"{name} failed: {type(exc).__name__}: {exc}".splitlines()[0]
        results[name] = {"error": msg}
        errors.append(msg)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark goudenregels against a local site.")
    parser.add_argument("--pages", type=int, default=50, help="pages in the site (default 50)")
    parser.add_argument("--runs", type=int, default=1, help="repetitions of a-c (default 1)")
    parser.add_argument("--json", metavar="FILE", help="also write all figures as JSON")
    parser.add_argument("--seed", type=int, default=42, help="text generator seed")
    parser.add_argument(
        "--timeout",
        type=float,
        default=600.0,
        help="seconds before the audit subprocess is killed (default 600)",
    )
    parser.add_argument(
        "--device",
        choices=("desktop", "mobile", "both"),
        default="",
        help="the audit's --device (default: the tool's own default)",
    )
    args = parser.parse_args(argv)
    if args.pages < 2:
        parser.error("--pages must be at least 2")
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    errors: list[str] = []
    server = None
    with tempfile.TemporaryDirectory(prefix="goudenregels-bench-") as tmp:
        tmpdir = Path(tmp)
        try:
            site = tmpdir / "site"
            files = generate_site(site, args.pages, args.seed)
            server, base = start_server(site)
        except Exception as exc:  # noqa: BLE001
            print(f"error: could not set up the test site: {exc}", file=sys.stderr)
            return 2
        try:
            urls = [base + ("" if f == "index.html" else f) for f in files]
            runs: list[dict] = []
            compile_tool()
            for i in range(args.runs):
                print(f"run {i + 1}/{args.runs}: http ...", end=" ", flush=True)
                res: dict = {}
                _phase(res, "http", errors, run_http, urls)
                print("bare playwright ...", end=" ", flush=True)
                _phase(res, "bare", errors, run_bare, urls, i == 0)
                print("audit ...", end=" ", flush=True)
                _phase(
                    res, "audit", errors, run_audit, base, args.pages, tmpdir, args.timeout,
                    args.device,
                )  # fmt: skip
                print("done", flush=True)
                runs.append(res)
            print(f"help x{HELP_RUNS} ...", flush=True)
            help_res: dict = {}
            _phase(help_res, "help", errors, run_help)
        finally:
            server.shutdown()
            server.server_close()

    summary = summarise(runs)
    unique_errors = list(dict.fromkeys(errors))
    figures = {
        "pages_requested": args.pages,
        "runs": args.runs,
        "seed": args.seed,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "summary": summary,
        "help": help_res["help"],
        "per_run": runs,
        "errors": unique_errors,
    }
    figures["targets"] = evaluate_targets(summary, figures["help"], args.pages)
    print_report(figures)

    if args.json:
        try:
            Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        except OSError as exc:
            print(f"error: could not write {args.json}: {exc}", file=sys.stderr)
            return 2
    if unique_errors:
        print(f"error: {unique_errors[0]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
