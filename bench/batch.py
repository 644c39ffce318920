"""Batch throughput benchmark for ``goudenregels batch``: sites per hour and peak memory.

Generates N local sites of realistic weight (20–30 pages each: menus, sub-navigation, footers,
a contact page; bench.py's generator), serves each on its own 127.0.0.1 port (so no two share
a registrable domain and politeness never holds one back), and runs the same batch in each
configuration:

  local1   ``batch --workers 1``
  local2   ``batch --workers 2``
  dask2    ``batch --dask ADDRESS`` on a dask.distributed LocalCluster of 2 single-threaded
           worker processes (started by this script beforehand, as an existing cluster would be)

For each: the wall time, sites per hour, the peak memory (PSS, and RSS) of the whole process
tree (this script with the sites' servers, the batch, its workers, the cluster and every
browser), the CPU seconds that tree spent per site (what a core can do, whatever else runs on
the machine), how busy the machine's cores were (other users included), and where a site's time goes (from each site's
goudenregels.json stats and the ledger: crawl, checks, reports, and the rest — process and
browser start-up, imports, hand-over). The machine's load is printed before and after.

Usage:  python bench/batch.py --sites 12 --budget 20 [--configs local1,local2,dask2]
                              [--json out.json] [--seed 7]

A measurement, not a test: exit 0 whatever the figures are; 1 when a configuration failed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench as single  # noqa: E402  (bench/bench.py: the site generator, server and sampler)

CONFIGS = ("local1", "local2", "dask2")
TARGET_SITES_PER_HOUR = 400  # at a 20-page budget on 2 cores (issue 12)
CLUSTER_SCRIPT = """
import sys, time
from distributed import LocalCluster
cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                       host="127.0.0.1", dashboard_address="127.0.0.1:0")
print(cluster.scheduler_address, flush=True)
sys.stdin.read()  # until the benchmark closes our stdin
cluster.close()
"""


def make_sites(root: Path, count: int, seed: int) -> list[Path]:
    """count sites of 20–30 pages each, each different (its own seed)."""
    rng = random.Random(seed)
    folders = []
    for i in range(count):
        folder = root / f"site-{i + 1:03d}"
        single.generate_site(folder, rng.randint(20, 30), seed=seed * 1000 + i)
        folders.append(folder)
    return folders


@contextlib.contextmanager
def served(folders: list[Path]):
    servers = [single.start_server(folder) for folder in folders]
    try:
        yield [url for _, url in servers]
    finally:
        for server, _ in servers:
            server.shutdown()
            server.server_close()


@contextlib.contextmanager
def local_cluster():
    """A LocalCluster in a child process of this script (so the memory sampler sees it)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", CLUSTER_SCRIPT],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=single._tool_env(),
        text=True,
    )
    try:
        started = time.perf_counter()
        address = proc.stdout.readline().strip()
        if not address.startswith("tcp://"):
            raise RuntimeError("the LocalCluster did not start (is dask[distributed] installed?)")
        yield address, time.perf_counter() - started
    finally:
        with contextlib.suppress(OSError):
            proc.stdin.close()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            single._kill_tree(proc)


def batch_command(sites_file: Path, out: Path, budget: int, config: str, address: str | None):
    cmd = [sys.executable, "-m", "goudenregels", "batch", str(sites_file), "-o", str(out)]
    cmd += ["--max-pages", str(budget), "-q"]
    if config == "local1":
        cmd += ["--workers", "1"]
    elif config == "local2":
        cmd += ["--workers", "2"]
    else:
        cmd += ["--dask", str(address)]
    return cmd


def run_config(config: str, sites_file: Path, work: Path, budget: int, address: str | None):
    out = work / f"out-{config}"
    shutil.rmtree(out, ignore_errors=True)
    env = {**single._tool_env(), "GOUDENREGELS_HISTORY": str(work / f"history-{config}.sqlite")}
    cmd = batch_command(sites_file, out, budget, config, address)
    cpu_before = _cpu_seconds()
    with single.TreeSampler(os.getpid()) as sampler:
        started = time.perf_counter()
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - started
    cpu = _cpu_seconds() - cpu_before
    result = {
        "config": config,
        "command": " ".join(cmd),
        "exit_code": proc.returncode,
        "seconds": wall,
        "peak_pss_mb": sampler.peak_pss_mb,
        "peak_rss_mb": sampler.peak_mb,
        "peak_processes": sampler.peak_procs,
        "machine_cpu_busy": cpu / (wall * (os.cpu_count() or 1)),  # other users' included
    }
    if proc.returncode not in (0, 1):
        result["error"] = single._last_line(proc.stderr) or f"exit code {proc.returncode}"
    result.update(site_figures(out, wall))
    parallel = 1 if config == "local1" else 2
    if result.get("done") and result["mean_seconds"].get("site") is not None:
        # What a site costs beyond its own audit: its process, imports and hand-over.
        per_site = wall * parallel / result["done"]
        result["mean_seconds"]["between"] = per_site - result["mean_seconds"]["site"]
    return result


def _tree_cpu() -> tuple[float, float]:
    """CPU seconds (user + system) of this script's ended children and their descendants (the
    batch, its workers, browsers, the cluster), and of this script itself (the sites' servers):
    unlike the machine's CPU, not moved by what else runs on the machine."""
    import resource

    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = resource.getrusage(resource.RUSAGE_SELF)
    return kids.ru_utime + kids.ru_stime, own.ru_utime + own.ru_stime


def _cpu_seconds() -> float:
    """CPU time the whole machine spent (user + system), for how busy the cores were."""
    import psutil

    times = psutil.cpu_times()
    return times.user + times.system + getattr(times, "nice", 0.0)


def site_figures(out: Path, wall: float) -> dict:
    """Throughput and where a site's time goes, from the ledger and each site's stats."""
    try:
        ledger = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"done": 0}
    done = [s for s in ledger["sites"] if s["state"] == "done"]
    phases: dict[str, list[float]] = {"site": [], "crawl": [], "checks": [], "report": []}
    pages = []
    for record in done:
        stats = json.loads((out / record["slug"] / "goudenregels.json").read_text())["stats"]
        phases["site"].append(record["seconds"])
        phases["crawl"].append(stats.get("crawl_seconds") or 0.0)
        phases["checks"].append(stats.get("checks_seconds") or 0.0)
        phases["report"].append(stats.get("report_seconds") or 0.0)
        pages.append(record.get("pages") or 0)
    mean = {k: statistics.mean(v) if v else None for k, v in phases.items()}
    if done:
        known = mean["crawl"] + mean["checks"] + mean["report"]
        mean["other"] = mean["site"] - known
    return {
        "done": len(done),
        "failed": sum(1 for s in ledger["sites"] if s["state"] == "failed"),
        "sites_per_hour": len(done) / wall * 3600 if wall else None,
        "pages_mean": statistics.mean(pages) if pages else None,
        "mean_seconds": mean,
    }


def _f(value, spec=".1f") -> str:
    return "–" if value is None else format(value, spec)


def print_report(figures: dict) -> None:
    print(f"\n{figures['sites']} sites of 20–30 pages, budget {figures['budget']} pages")
    print(f"machine: {figures['cpus']} cores; load before {figures['load_before']}, ", end="")
    print(f"after {figures['load_after']}")
    if figures.get("cluster_start_seconds") is not None:
        print(
            f"LocalCluster start-up (not in dask2's time): {figures['cluster_start_seconds']:.1f} s"
        )
    head = "config   wall s  sites/h  peak PSS MB  peak RSS MB  machine busy  CPU s/site  pages"
    print(head + "  site s  crawl  checks  report  other  between")
    for r in figures["results"]:
        m = r.get("mean_seconds") or {}
        print(
            f"{r['config']:<8} {_f(r['seconds']):>6}  {_f(r.get('sites_per_hour'), '.0f'):>7}  "
            f"{_f(r['peak_pss_mb'], '.0f'):>11}  {_f(r['peak_rss_mb'], '.0f'):>11}  "
            f"{_f(100 * r['machine_cpu_busy'], '.0f'):>11}%  "
            f"{_f(r.get('cpu_seconds_per_site'), '.2f'):>10}  {_f(r.get('pages_mean')):>5}  "
            f"{_f(m.get('site'), '.2f'):>6}  {_f(m.get('crawl'), '.2f'):>5}  "
            f"{_f(m.get('checks'), '.2f'):>6}  {_f(m.get('report'), '.2f'):>6}  "
            f"{_f(m.get('other'), '.2f'):>5}  {_f(m.get('between'), '.2f'):>7}"
        )
        if r.get("error"):
            print(f"  {r['config']} failed: {r['error']}")
    print(f"target: at least {TARGET_SITES_PER_HOUR} sites/hour at a 20-page budget on 2 cores")
    cpu = [r["cpu_seconds_per_site"] for r in figures["results"] if r.get("cpu_seconds_per_site")]
    if cpu:
        best = min(cpu)
        print(
            f"CPU per site {best:.2f} s (best configuration): at most {3600 / best:.0f} sites "
            "per hour per fully used core"
        )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=12, help="number of sites (default 12)")
    parser.add_argument("--budget", type=int, default=20, help="--max-pages per site (20)")
    parser.add_argument("--configs", default=",".join(CONFIGS), help="local1,local2,dask2")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--keep", help="keep the sites and batch folders in this directory")
    return parser.parse_args(argv)


def run_all(args: argparse.Namespace, work: Path) -> dict:
    configs = [c.strip() for c in args.configs.split(",") if c.strip()]
    unknown = set(configs) - set(CONFIGS)
    if unknown:
        raise SystemExit(f"unknown configuration(s): {', '.join(sorted(unknown))}")
    folders = make_sites(work / "sites", args.sites, args.seed)
    figures: dict = {
        "sites": args.sites,
        "budget": args.budget,
        "cpus": os.cpu_count(),
        "load_before": [round(x, 2) for x in os.getloadavg()],
        "results": [],
    }
    with served(folders) as urls:
        sites_file = work / "sites.txt"
        sites_file.write_text("\n".join(urls) + "\n", encoding="utf-8")
        for config in configs:
            before = _tree_cpu()
            if config == "dask2":
                with local_cluster() as (address, start):
                    figures["cluster_start_seconds"] = start
                    result = run_config(config, sites_file, work, args.budget, address)
            else:
                result = run_config(config, sites_file, work, args.budget, None)
            # Counted once every process has ended and been waited for (the cluster included).
            children, own = (
                after - first for after, first in zip(_tree_cpu(), before, strict=True)
            )
            result["cpu_seconds"], result["server_cpu_seconds"] = children, own
            if result.get("done"):
                result["cpu_seconds_per_site"] = children / result["done"]
            figures["results"].append(result)
    figures["load_after"] = [round(x, 2) for x in os.getloadavg()]
    return figures


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.keep:
        work = Path(args.keep)
        work.mkdir(parents=True, exist_ok=True)
        figures = run_all(args, work)
    else:
        with tempfile.TemporaryDirectory(prefix="gr-batch-bench-") as tmp:
            figures = run_all(args, Path(tmp))
    print_report(figures)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return 1 if any(r.get("error") for r in figures["results"]) else 0


if __name__ == "__main__":
    sys.exit(main())
