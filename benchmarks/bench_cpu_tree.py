"""CPU seconds of a build's (or batch's) whole process tree, by kind of process.

Runs COMMAND as a child, becomes the subreaper of everything it starts (orphans are reaped
here, so `RUSAGE_CHILDREN` is the whole tree), and samples every descendant's own user+sys
time from /proc every `--every` seconds. Each process is put in one kind: the parent (the
command itself), pool workers (forks of the parent), the kernel template, kernels (forks of the
template, or ipykernel_launcher), Chromium by `--type` (browser, renderer, gpu, utility, zygote)
and other. "unsampled" is the tree's total minus what the samples saw (processes too short for
a sample, or the last slice before a process ended). In-process work (nbconvert render, pypdf)
is inside "parent" / "worker"; see bench_timeline.py for those steps' times.

    .venv/bin/python benchmarks/bench_cpu_tree.py [--every 0.02] -- COMMAND...
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from collections import defaultdict

from subreaper import become_subreaper, reap

TICK = os.sysconf("SC_CLK_TCK")


def stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, own user+sys seconds) of `pid`, None once it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK


def cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def kind(pid: int, seen: dict[int, dict], root: int) -> str:
    info = seen[pid]
    line, parent = info["cmd"], info["ppid"]
    if pid == root:
        return "parent"
    if "chrom" in line.split(" ", 1)[0]:
        for part in line.split():
            if part.startswith("--type="):
                kind_ = part[7:]
                return f"chromium {'gpu' if kind_ == 'gpu-process' else kind_}"
        return "chromium browser"
    if "strategic_ties.pipeline.forkserver" in line:
        parent_cmd = seen.get(parent, {}).get("cmd", "")
        if "strategic_ties.pipeline.forkserver" in parent_cmd:
            return "kernel (forked)"
        return "kernel template"
    if "ipykernel_launcher" in line:
        return "kernel (Popen)"
    if parent == root and line == seen[root]["cmd"]:
        return "worker"
    if seen.get(parent, {}).get("kind") == "worker" and line == seen[root]["cmd"]:
        return "worker child"
    return "other: " + os.path.basename(line.split(" ", 1)[0])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=float, default=0.02)
    parser.add_argument(
        "--timeline", type=float, default=0.0, help="print cores used per window of this many s"
    )
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = [c for c in args.command if c != "--"] if args.command[:1] == ["--"] else args.command
    become_subreaper()
    me = os.getpid()
    started = time.perf_counter()
    process = subprocess.Popen(command)
    root = process.pid
    seen: dict[int, dict] = {}
    windows: list[float] = []  # CPU seconds the sampled tree used per timeline window
    last_total = 0.0
    while process.poll() is None:
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            pid = int(name)
            got = stat(pid)
            if got is None:
                continue
            ppid, cpu = got
            if pid not in seen:
                if pid != root and ppid not in seen and ppid != me:
                    continue  # not in the tree (an orphan of the tree is re-parented here)
                seen[pid] = {"ppid": ppid, "cmd": cmdline(pid), "cpu": cpu}
                seen[pid]["kind"] = kind(pid, seen, root)
            else:
                seen[pid]["cpu"] = cpu
                if not seen[pid]["cmd"]:
                    seen[pid]["cmd"] = cmdline(pid)
                if seen[pid]["cmd"] and seen[pid]["kind"].startswith("other: "):
                    seen[pid]["kind"] = kind(pid, seen, root)
        if args.timeline:
            index = int((time.perf_counter() - started) / args.timeline)
            windows += [0.0] * (index + 1 - len(windows))
            total_now = sum(info["cpu"] for info in seen.values())
            windows[index] += total_now - last_total
            last_total = total_now
        time.sleep(args.every)
    wall = time.perf_counter() - started
    reap()  # re-parented orphans still running
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = usage.ru_utime + usage.ru_stime
    by_kind: dict[str, list[float]] = defaultdict(list)
    for info in seen.values():
        by_kind[info["kind"]].append(info["cpu"])
    sampled = sum(sum(v) for v in by_kind.values())
    print(f"command exit {process.returncode}; wall {wall:.2f} s; load {os.getloadavg()[0]:.2f}")
    print(f"{'kind':28} {'procs':>5} {'CPU s':>8}")
    for name, values in sorted(by_kind.items(), key=lambda kv: -sum(kv[1])):
        print(f"{name:28} {len(values):5d} {sum(values):8.2f}")
    print(f"{'unsampled':28} {'':5} {total - sampled:8.2f}")
    print(f"{'TOTAL (rusage, whole tree)':28} {len(seen):5d} {total:8.2f}")
    if windows:
        print(f"cores used per {args.timeline:g} s window (sampled processes still running):")
        print(" ".join(f"{w / args.timeline:.1f}" for w in windows))
    return process.returncode


if __name__ == "__main__":
    sys.exit(main())
