"""Batch throughput: `strategic-ties batch` over N real pairs, cold, with 1 and 2 workers.

For each worker count the batch runs in a fresh output folder (cold: nothing cached) as a user
would type it; the script samples the process tree every 0.2 s and records the peak resident
memory of each worker (the worker process alone, and with its children: the notebook kernel and
Chromium). A cached rerun (a cache check per pair) follows the last cold run. It prints a
Markdown table to paste into benchmarks/RESULTS.md.

    .venv/bin/python benchmarks/bench_batch.py                       # 20 pairs, 1 and 2 workers
    .venv/bin/python benchmarks/bench_batch.py --pairs 4 --workers 2 --formats html   # a quick look
    .venv/bin/python benchmarks/bench_batch.py --cluster local       # the same on a Dask LocalCluster
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
# Twenty supplier–recipient pairs with SIPRI deliveries since 1992: the South Caucasus example
# first, then other large suppliers and their clients.
PAIRS = [
    ("Israel", "Azerbaijan"),
    ("Türkiye", "Azerbaijan"),
    ("Russia", "Azerbaijan"),
    ("Ukraine", "Azerbaijan"),
    ("Russia", "Armenia"),
    ("India", "Armenia"),
    ("France", "Armenia"),
    ("Ukraine", "Georgia"),
    ("Russia", "Iran"),
    ("China", "Iran"),
    ("Russia", "India"),
    ("France", "India"),
    ("Israel", "India"),
    ("China", "Pakistan"),
    ("United States", "Israel"),
    ("United States", "Saudi Arabia"),
    ("United Kingdom", "Saudi Arabia"),
    ("France", "Egypt"),
    ("Russia", "Algeria"),
    ("Germany", "Greece"),
]


def pairs_file(folder: Path, count: int) -> Path:
    lines = ["title: Batch benchmark", "pairs:"]
    lines += [f"  - {{partner: {p}, country: {c}}}" for p, c in PAIRS[:count]]
    path = folder / "pairs.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class Sampler(threading.Thread):
    """Peak RSS per direct child of the batch process (a worker, or a Dask nanny's worker)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.alone: dict[int, int] = {}  # peak RSS per process, the batch process included
        self.tree: dict[int, int] = {}
        self.stop = threading.Event()

    def workers(self) -> list[psutil.Process]:
        """The processes that build pairs: the leaves of the tree once kernels, Chromium and
        multiprocessing helpers are left out (the batch process itself with one local worker,
        the pool's processes with more, the Dask workers under their nannies)."""
        try:
            tree = [self.root, *self.root.children(recursive=True)]
        except psutil.Error:
            return []
        builders = [p for p in tree if _is_builder(p)]
        pids = {p.pid for p in builders}
        return [p for p in builders if not any(c.pid in pids for c in _children(p))]

    def run(self) -> None:
        while not self.stop.is_set():
            for worker in self.workers():
                try:
                    own = worker.memory_info().rss
                    total = own + sum(_rss(c) for c in worker.children(recursive=True))
                except psutil.Error:
                    continue
                self.alone[worker.pid] = max(self.alone.get(worker.pid, 0), own)
                self.tree[worker.pid] = max(self.tree.get(worker.pid, 0), total)
            time.sleep(0.2)


def _children(process: psutil.Process) -> list[psutil.Process]:
    try:
        return process.children()
    except psutil.Error:
        return []


def _rss(process: psutil.Process) -> int:
    try:
        return process.memory_info().rss
    except psutil.Error:
        return 0


def _is_builder(process: psutil.Process) -> bool:
    try:
        command = " ".join(process.cmdline())
        name = process.name()
    except psutil.Error:
        return False
    helpers = ("ipykernel", "resource_tracker", "forkserver", "chrom")
    return not any(h in command or h in name for h in helpers)


def run_batch(pairs: Path, out: Path, workers: int, formats: str, cluster: bool) -> dict:
    command = [
        str(BIN / "strategic-ties"),
        "batch",
        str(pairs),
        "--out",
        str(out),
        "--jobs",
        str(workers),
        "--formats",
        formats,
    ]
    if cluster:
        command += ["--cluster", "local"]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    sampler = Sampler(process.pid)
    sampler.start()
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    sampler.stop.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(
            f"batch failed ({process.returncode}):\n{stdout[-2000:]}\n{stderr[-2000:]}"
        )
    mib = 1024 * 1024
    # With one local worker the batch process builds the pairs itself; otherwise it only
    # coordinates (and writes the portfolio), so its own peak is left out of the workers'.
    keep = [pid for pid in sampler.alone if pid != process.pid] or [process.pid]
    return {
        "seconds": seconds,
        "alone": max((sampler.alone.get(pid, 0) for pid in keep), default=0) / mib,
        "tree": max((sampler.tree.get(pid, 0) for pid in keep), default=0) / mib,
        "client": sampler.alone.get(process.pid, 0) / mib,
        "summary": stdout.strip().splitlines()[-2] if stdout.strip() else "",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=20, help="how many pairs (at most 20)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts")
    parser.add_argument("--formats", default="html,pdf")
    parser.add_argument("--cluster", choices=("local",), help="use a Dask LocalCluster")
    args = parser.parse_args()
    count = max(1, min(args.pairs, len(PAIRS)))
    load = os.getloadavg()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        pairs = pairs_file(Path(tmp), count)
        for workers in args.workers:
            out = Path(tmp) / f"out-{workers}"
            result = run_batch(pairs, out, workers, args.formats, bool(args.cluster))
            rows.append((workers, result))
            print(f"{workers} worker(s): {result['seconds']:.1f} s", file=sys.stderr)
        cached = run_batch(pairs, out, args.workers[-1], args.formats, bool(args.cluster))
    base = rows[0][1]["seconds"]
    route = "Dask LocalCluster" if args.cluster else "worker processes"
    print(
        f"### Batch throughput ({dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC)\n\n"
        f"`strategic-ties batch` of {count} real pairs (four notebooks each + combined briefing), "
        f"formats {args.formats}, cold (fresh output folder), {route}; "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average at start {load[0]:.1f}.\n"
    )
    print(
        "| workers | wall time | per pair (amortised) | speed-up vs first | peak RSS per worker | with its kernel and Chromium |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    for workers, r in rows:
        print(
            f"| {workers} | {r['seconds']:.1f} s | {r['seconds'] / count:.2f} s | "
            f"{base / r['seconds']:.2f}× | {r['alone']:.0f} MiB | {r['tree']:.0f} MiB |"
        )
    print(
        "\nPeak RSS of the batch process itself (client: pairs file, progress, portfolio): "
        + ", ".join(f"{r['client']:.0f} MiB ({w} worker{'s' if w != 1 else ''})" for w, r in rows)
        + "."
    )
    print(
        f"\nCached rerun ({args.workers[-1]} workers, nothing changed): {cached['seconds']:.1f} s "
        f"({cached['seconds'] / count:.2f} s per pair) — {cached['summary']}"
    )


if __name__ == "__main__":
    main()
