"""Real-site accuracy benchmark: audit hand-labelled real websites on 127.0.0.1 and score the tool.

Each site in ``bench/realsites/sites/*.yml`` names a public repository, a commit and a build
recipe, plus hand labels per check (see ``bench/realsites/README.md``). This script exports the
commit from a local bare mirror, builds it, serves it on 127.0.0.1 (the site's own host names in
absolute links pointed at the local copy), runs ``goudenregels audit`` and compares every labelled
check with the tool's answer.

    python bench/realsites.py                     # all sites
    python bench/realsites.py --site nl-bakker    # one site (repeatable)
    python bench/realsites.py --build-only        # export, build and serve check only
    python bench/realsites.py --rescore           # score the stored snapshots again (no browser)

It is a measurement, not a test: it exits 0 whatever the figures, and 2 when a site cannot be
built or audited (a one-line error per site is printed).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
SITES_DIR = REPO_ROOT / "bench" / "realsites" / "sites"
DEFAULT_MIRRORS = Path("/work/.mirror")
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "gr-realsites"
TEXT_SUFFIXES = {".html", ".htm", ".css", ".js", ".json", ".xml", ".txt", ".svg", ".php", ""}
DECIDED = {"pass", "fail"}


@dataclass
class Tally:
    """Counts of how the tool's answers compare with the labels."""

    labels: int = 0
    agree: int = 0
    false_fail: int = 0
    false_pass: int = 0
    needless_review: int = 0
    other: int = 0
    cases: list[str] = field(default_factory=list)

    def add(self, label: str, got: str, case: str) -> None:
        self.labels += 1
        if got == label:
            self.agree += 1
            return
        if got == "fail" and label in ("pass", "not_applicable"):
            self.false_fail += 1
        elif got == "pass" and label == "fail":
            self.false_pass += 1
        elif label in DECIDED and got in ("review", "not_applicable"):
            self.needless_review += 1
        else:
            self.other += 1
        self.cases.append(case)


# -- build and serve ---------------------------------------------------------------------


def export(site: dict, mirrors: Path, cache: Path) -> Path:
    """The site's files at its labelled commit, built and with its own links made local."""
    target = cache / site["name"] / site["commit"][:12]
    done = target / ".built"
    if done.exists():
        return target / (site.get("root") or "")
    mirror = mirrors / site["repo"].replace("/", "+")
    if not mirror.exists():
        raise RuntimeError(f"no mirror of {site['repo']} in {mirrors} (fetch it first)")
    git_dir = _git_dir(mirror)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "--git-dir", str(git_dir), "archive", site["commit"]],
        capture_output=True,
        check=False,
    )
    if archive.returncode:
        _export_files(git_dir, site["commit"], target)
    else:
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    if site.get("build"):
        subprocess.run(site["build"], shell=True, cwd=target, check=True, timeout=600)
    root = target / (site.get("root") or "")
    _localise(root, site.get("domains") or [])
    done.touch()
    return root


def _export_files(git_dir: Path, commit: str, target: Path) -> None:
    """File by file, for a mirror whose largest blobs are absent (media): those are left out."""
    listing = subprocess.run(
        ["git", "--git-dir", str(git_dir), "ls-tree", "-r", "-z", commit],
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", errors="replace")
    for entry in filter(None, listing.split("\0")):
        meta, _, name = entry.partition("\t")
        mode, kind, blob = meta.split()
        if kind != "blob" or mode == "120000":
            continue
        data = subprocess.run(
            ["git", "--git-dir", str(git_dir), "cat-file", "blob", blob],
            capture_output=True,
            check=False,
        )
        if data.returncode:
            continue
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.stdout)


def _git_dir(mirror: Path) -> Path:
    """The bare git directory inside a mirror folder (the folder itself, or one level down)."""
    if (mirror / "HEAD").exists():
        return mirror
    for child in sorted(mirror.iterdir()):
        if (child / "HEAD").exists():
            return child
    raise RuntimeError(f"{mirror} holds no git directory")


def _localise(root: Path, domains: list[str]) -> None:
    """Point absolute links to the site's own hosts at the local copy (root-relative)."""
    if not domains:
        return
    hosts = "|".join(re.escape(d) for d in sorted(domains, key=len, reverse=True))
    pattern = re.compile(rf"(?:https?:)?(?:\\?/){{2}}(?:{hosts})(?![\w.-])(?::\d+)?(\\?/)?", re.I)
    for path in root.rglob("*"):
        if not path.is_file() or path.suffix.lower() not in TEXT_SUFFIXES:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        new = pattern.sub(lambda m: "\\/" if (m.group(1) or "").startswith("\\") else "/", text)
        if new != text:
            path.write_text(new, encoding="utf-8")


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files with the pretty URLs static hosts give: /contact -> contact.html."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass

    def translate_path(self, path: str) -> str:
        real = super().translate_path(path)
        if os.path.exists(real):
            return real
        for candidate in (real + ".html", real.rstrip("/") + ".html", real + ".htm"):
            if os.path.isfile(candidate):
                return candidate
        return real


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass


def serve(root: Path) -> tuple[_Server, str]:
    server = _Server(("127.0.0.1", 0), functools.partial(_Handler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


# -- audit and compare -------------------------------------------------------------------


def audit(site: dict, url: str, work: Path, rescore: bool) -> dict:
    """Run goudenregels on the served site; the JSON report as a dict."""
    exe = [sys.executable, "-m", "goudenregels"]
    report = work / "report.json"
    snapshot = work / "snapshot"
    profile = ["--profile", site["profile"]] if site.get("profile") else []
    if rescore and snapshot.exists():
        cmd = exe + ["check", str(snapshot), "-f", "json", "-o", str(report)]
    else:
        for old in (report, snapshot):
            if old.is_dir():
                shutil.rmtree(old)
            elif old.exists():
                old.unlink()
        cmd = exe + ["crawl", url + site.get("start", "/"), "-o", str(snapshot), "-q"]
        cmd += ["--max-pages", str(site.get("max_pages", 60)), "--ignore-robots"]
        _run(cmd)
        cmd = exe + ["check", str(snapshot), "-f", "json", "-o", str(report)]
    _run(cmd + profile + ["-q"])
    return json.loads(report.read_text(encoding="utf-8"))


def _run(cmd: list[str]) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=900, check=False)
    if done.returncode not in (0, 1):
        last = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise RuntimeError(f"{' '.join(cmd[3:5])} exited {done.returncode}: {last}")


def compare(site: dict, report: dict, per_check: dict[str, Tally], total: Tally) -> list[str]:
    got = {r["code"]: r["status"] for r in report.get("findings", [])}
    lines = []
    for code, label in sorted((site.get("labels") or {}).items()):
        want = label["status"] if isinstance(label, dict) else str(label)
        answer = got.get(code, "absent")
        case = f"{site['name']} {code}: label {want}, tool {answer}"
        per_check[code].add(want, answer, case)
        total.add(want, answer, case)
        if answer != want:
            quote = label.get("text", "") if isinstance(label, dict) else ""
            lines.append(f"  {code}: label {want:<14} tool {answer:<14} {quote[:70]}")
    return lines


# -- main --------------------------------------------------------------------------------


def load_sites(names: list[str], directory: Path = SITES_DIR) -> list[dict]:
    sites = []
    for path in sorted(directory.glob("*.yml")):
        site = yaml.safe_load(path.read_text(encoding="utf-8"))
        site.setdefault("name", path.stem)
        if not names or site["name"] in names:
            sites.append(site)
    return sites


def print_table(per_check: dict[str, Tally], total: Tally) -> None:
    head = f"{'check':<7} {'labels':>6} {'agree':>6} {'false fail':>10} {'false pass':>10}"
    print("\n" + head + f" {'needless review':>15} {'other':>5}")
    for code in sorted(per_check):
        t = per_check[code]
        print(
            f"{code:<7} {t.labels:>6} {t.agree:>6} {t.false_fail:>10} {t.false_pass:>10}"
            f" {t.needless_review:>15} {t.other:>5}"
        )
    share = 100 * total.agree / total.labels if total.labels else 0.0
    print(
        f"{'total':<7} {total.labels:>6} {total.agree:>6} {total.false_fail:>10}"
        f" {total.false_pass:>10} {total.needless_review:>15} {total.other:>5}"
    )
    print(f"\nagreement {share:.1f}% ({total.agree} of {total.labels} labels)")


def run_site(site: dict, args: argparse.Namespace, per_check: dict, total: Tally) -> dict:
    root = export(site, args.mirrors, args.cache)
    server, url = serve(root)
    try:
        if args.build_only:
            pages = sum(1 for p in root.rglob("*.htm*") if p.is_file())
            print(f"{site['name']}: {url}{site.get('start', '/')}  ({pages} HTML files)")
            return {}
        work = args.cache / site["name"] / "audit"
        work.mkdir(parents=True, exist_ok=True)
        report = audit(site, url, work, args.rescore)
    finally:
        server.shutdown()
        server.server_close()
    lines = compare(site, report, per_check, total)
    n = len(site.get("labels") or {})
    pages = len(report.get("pages", []) or [])
    print(f"{site['name']}: {n - len(lines)}/{n} agree ({pages} pages read)")
    for line in lines:
        print(line)
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", action="append", default=[], help="only this site (repeatable)")
    ap.add_argument("--mirrors", type=Path, default=DEFAULT_MIRRORS)
    ap.add_argument("--sites", type=Path, default=SITES_DIR, help="folder of site files")
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    ap.add_argument("--build-only", action="store_true")
    ap.add_argument("--rescore", action="store_true", help="score stored snapshots again")
    ap.add_argument("--json", type=Path, help="write the figures as JSON here")
    args = ap.parse_args(argv)
    sites = load_sites(args.site, args.sites)
    if not sites:
        print(f"error: no site files in {args.sites}", file=sys.stderr)
        return 2
    per_check: dict[str, Tally] = defaultdict(Tally)
    total = Tally()
    failed = Counter()
    for site in sites:
        try:
            run_site(site, args, per_check, total)
        except (RuntimeError, subprocess.SubprocessError, OSError, KeyError) as exc:
            failed[site["name"]] += 1
            print(f"{site['name']}: error: {exc}", file=sys.stderr)
    if not args.build_only:
        print_table(per_check, total)
        if args.json:
            figures = {code: vars(t) for code, t in per_check.items()} | {"total": vars(total)}
            args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 2 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
