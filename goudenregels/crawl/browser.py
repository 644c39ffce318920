"""Finding and launching Chromium: Playwright's own build when installed, else the system one."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from goudenregels.errors import BrowserMissing

# Quiet, reproducible headless Chromium: no background calls home, no GPU, no QUIC.
BASE_ARGS = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
SYSTEM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
ENV_VAR = "GOUDENREGELS_CHROMIUM"
# Chromium's --host-resolver-rules, e.g. "MAP www.example.nl 10.0.0.5" to audit a staging
# server under its production name; the test suite uses it to keep every request on 127.0.0.1.
HOST_RULES_VAR = "GOUDENREGELS_HOST_RESOLVER_RULES"

MISSING_HELP = (
    "no Chromium found: install Playwright's build with 'python -m playwright install chromium', "
    "or the system package (Debian/Ubuntu: 'apt-get install chromium'), "
    f"or point {ENV_VAR} at a Chromium binary"
)


# Node's own cache of compiled code: Playwright's driver starts a third faster once it is filled.
NODE_CACHE_VAR = "NODE_COMPILE_CACHE"


def cache_dir() -> Path:
    """The user's cache directory for goudenregels (XDG on Linux, Library on macOS)."""
    if os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif os.uname().sysname == "Darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "goudenregels"


def keep_driver_compiled() -> None:
    """Let the Playwright driver (Node) keep its compiled code between runs, as Python keeps its
    bytecode: it starts in about 0.18 s instead of 0.25 s. A cache the user chose is kept; one
    that cannot be written is simply not used (Node goes on without it)."""
    if os.environ.get(NODE_CACHE_VAR) or os.environ.get("NODE_DISABLE_COMPILE_CACHE"):
        return
    os.environ[NODE_CACHE_VAR] = str(cache_dir() / "node-compile-cache")


def launch_args() -> list[str]:
    args = list(BASE_ARGS)
    # The sandbox protects a user from hostile pages; Chromium refuses to start it as root only.
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")
    rules = os.environ.get(HOST_RULES_VAR, "").strip()
    if rules:
        args.append(f"--host-resolver-rules={rules}")
    return args


def system_chromium() -> str | None:
    for name in SYSTEM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def candidates(pw: Any, explicit: str | None = None) -> list[tuple[str, str | None]]:
    """(description, executable_path) pairs to try in order; None means Playwright's default."""
    out: list[tuple[str, str | None]] = []
    chosen = explicit or os.environ.get(ENV_VAR)
    if chosen:
        source = "--browser" if explicit else ENV_VAR
        return [(f"the Chromium given with {source}", chosen)]
    try:
        own = pw.chromium.executable_path
    except Exception:  # Playwright raises when its browser registry is unreadable
        own = ""
    if own and Path(own).exists():
        out.append(("Playwright's own Chromium", None))
        out.append(("Playwright's own Chromium", own))
    system = system_chromium()
    if system:
        out.append(("the system's Chromium", system))
    return out


async def launch(pw: Any, explicit: str | None = None, headless: bool = True) -> Any:
    """Launch the first Chromium that starts; raise :class:`BrowserMissing` naming both remedies."""
    browser, _desc, _path = await launch_described(pw, explicit, headless)
    return browser


async def launch_described(
    pw: Any, explicit: str | None = None, headless: bool = True
) -> tuple[Any, str, str]:
    """Like :func:`launch`, and also which Chromium started: (browser, description, path)."""
    tried = candidates(pw, explicit)
    if not tried:
        raise BrowserMissing(MISSING_HELP)
    last = ""
    for desc, path in tried:
        try:
            kwargs: dict[str, Any] = {"headless": headless, "args": launch_args()}
            if path:
                kwargs["executable_path"] = path
            browser = await pw.chromium.launch(**kwargs)
        except Exception as exc:  # a broken install: try the next candidate
            last = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            continue
        return browser, desc, path or pw.chromium.executable_path
    raise BrowserMissing(f"Chromium would not start ({last}); {MISSING_HELP}")
