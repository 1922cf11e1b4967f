"""Batch throughput: `strategic-ties batch` over N real pairs, cold, with 1 and 2 workers.

For each worker count the batch runs in a fresh output folder (cold: nothing cached) as a user
would type it. The script samples the process tree every 0.25 s: the peak resident memory of
each worker process alone, of one notebook kernel, and the peak of the whole tree (batch
process, workers, kernel template, kernels, Chromium) counted once per shared page (PSS, since
kernels are forks of one template and share its pages); per worker = that peak / workers. CPU
seconds are user + sys of the whole tree (getrusage of the reaped children; this script is a
child subreaper, so orphaned Chromium processes are reaped and counted too). It prints one
Markdown table for benchmarks/RESULTS.md: amortised seconds per pair for each worker count,
the scaling ratio, memory per worker, with the load average.

    .venv/bin/python benchmarks/bench_batch.py                       # 20 pairs, 1 and 2 workers
    .venv/bin/python benchmarks/bench_batch.py --pairs 4 --formats html   # a quick look
    .venv/bin/python benchmarks/bench_batch.py --cluster local       # the same on a Dask LocalCluster
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
from subreaper import become_subreaper, reap

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
    """Peak memory of the batch's process tree: per worker, per kernel, and of the whole tree."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.alone: dict[int, int] = {}  # peak RSS per worker process (the batch one included)
        self.kernel = 0  # peak RSS of one notebook kernel
        self.total = 0  # peak PSS of the whole tree
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                tree = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                break
            kinds = {p.pid: _kind(p) for p in tree}
            builders = {pid for pid, kind in kinds.items() if kind == "builder"}
            total = 0
            for process in tree:
                total += _pss(process)
                kind = kinds[process.pid]
                if kind == "kernel":
                    self.kernel = max(self.kernel, _rss(process))
                elif process.pid in builders and not any(
                    c.pid in builders for c in _children(process)
                ):  # a leaf builder: the process that builds pairs (see _kind)
                    self.alone[process.pid] = max(self.alone.get(process.pid, 0), _rss(process))
            self.total = max(self.total, total)
            time.sleep(0.25)


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


def _pss(process: psutil.Process) -> int:
    try:
        return process.memory_full_info().pss
    except (psutil.Error, AttributeError):
        return _rss(process)


def _kind(process: psutil.Process) -> str:
    """kernel (started by papermill, or forked from the kernel template), template, helper
    (Chromium, multiprocessing's helpers) or builder (the batch process, its workers, Dask's)."""
    try:
        command = " ".join(process.cmdline())
        name = process.name()
        parent = " ".join(process.parent().cmdline()) if process.parent() else ""
    except psutil.Error:
        return "helper"
    template = "strategic_ties.pipeline.forkserver"
    if "ipykernel" in command or (template in command and template in parent):
        return "kernel"
    if template in command:
        return "template"
    helpers = ("resource_tracker", "forkserver", "chrom")
    return "helper" if any(h in command or h in name for h in helpers) else "builder"


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
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    sampler = Sampler(process.pid)
    sampler.start()
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    reap()  # Chromium's zygotes and renderers, orphaned when a browser quits, end here
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
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
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "seconds": seconds,
        "cpu": cpu,
        "alone": max((sampler.alone.get(pid, 0) for pid in keep), default=0) / mib,
        "kernel": sampler.kernel / mib,
        "per_worker": sampler.total / mib / workers,
        "summary": stdout.strip().splitlines()[-1] if stdout.strip() else "",
    }


def table(rows: list[tuple[int, dict]], count: int) -> list[str]:
    """The Markdown table: one row per measure, one column per worker count."""
    base = rows[0][1]["seconds"]
    head = " | ".join(f"`--jobs {w}`" for w, _ in rows)
    lines = [f"| measure | {head} |", "|---|" + "---:|" * len(rows)]

    def line(label: str, cells: list[str]) -> None:
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    line(
        "**amortised seconds per pair** (wall / pairs)",
        [f"**{r['seconds'] / count:.2f} s**" for _, r in rows],
    )
    line("wall time of the batch", [f"{r['seconds']:.1f} s" for _, r in rows])
    line(
        f"**scaling** (wall of `--jobs {rows[0][0]}` / wall)",
        [f"**{base / r['seconds']:.2f}×**" for _, r in rows],
    )
    line(
        "CPU seconds per pair (user + sys, whole tree)",
        [f"{r['cpu'] / count:.2f} s" for _, r in rows],
    )
    line(
        "**memory per worker**: peak PSS of the whole tree / workers",
        [f"**{r['per_worker']:.0f} MiB**" for _, r in rows],
    )
    line("peak RSS of one worker process alone", [f"{r['alone']:.0f} MiB" for _, r in rows])
    line("peak RSS of one notebook kernel", [f"{r['kernel']:.0f} MiB" for _, r in rows])
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=20, help="how many pairs (at most 20)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts")
    parser.add_argument("--formats", default="html,pdf")
    parser.add_argument("--cluster", choices=("local",), help="use a Dask LocalCluster")
    args = parser.parse_args()
    # Orphans of the batch's tree (Chromium's zygotes, whose reaped renderers carry most of its
    # CPU, outlive their browser for a moment) are re-parented here and counted in
    # RUSAGE_CHILDREN; without this ~3 CPU s per pair went uncounted.
    become_subreaper()
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
    end = os.getloadavg()
    route = "Dask LocalCluster" if args.cluster else "worker processes"
    print(
        f"### Batch throughput ({dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, "
        f"load average {load[0]:.1f} at start, {end[0]:.1f} at end)\n\n"
        f"`strategic-ties batch` of {count} real pairs (four notebooks each + combined briefing), "
        f"formats {args.formats}, cold (fresh output folder), {route}; "
        f"{os.cpu_count()} cores, Python {platform.python_version()}; "
        f"`benchmarks/bench_batch.py --pairs {count}`.\n"
    )
    print("\n".join(table(rows, count)))


if __name__ == "__main__":
    main()
