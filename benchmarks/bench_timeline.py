"""Where a cold `strategic-ties run --force` spends its wall time: a timeline of one build.

Runs the build in this process with the pipeline's steps wrapped so that each one logs its start
and end (wall clock, process id) to a file; forked workers inherit the wrappers. Prints one line
per step and a summary (serial start-up, notebook phases, the combined briefing), plus the CPU
seconds of this process tree. Timing only: the build itself is unchanged.

    .venv/bin/python benchmarks/bench_timeline.py [--jobs N] [--notebooks-dir DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from subreaper import become_subreaper, reap

LOG = Path(tempfile.gettempdir()) / f"st-timeline-{os.getpid()}.jsonl"


def wrap(owner: object, name: str, label: str) -> None:
    """Log start/end of `owner.name` (a module function) under `label`."""
    original = getattr(owner, name)

    @functools.wraps(original)
    def logged(*args, **kwargs):
        start = time.time()
        try:
            return original(*args, **kwargs)
        finally:
            detail = getattr(args[0], "name", "") if args else ""
            if not isinstance(detail, str):
                detail = ""
            if not detail and args and isinstance(args[0], Path):
                detail = args[0].stem
            with LOG.open("a") as handle:
                handle.write(
                    json.dumps(
                        {
                            "label": label,
                            "pid": os.getpid(),
                            "start": start,
                            "end": time.time(),
                            "detail": detail,
                        }
                    )
                    + "\n"
                )

    setattr(owner, name, logged)


def instrument() -> None:
    import nbclient.client as nbc

    from strategic_ties.pipeline import build, combine, execute, pdf, render, worker

    wrap(execute, "execute", "execute (papermill)")
    wrap(worker, "work", "task (execute+render)")
    wrap(render, "render_html", "render_html")
    wrap(pdf, "html_file_to_pdf", "pdf print")
    wrap(render, "html_file_to_pdf", "pdf print")
    wrap(worker, "preimport", "parent preimport")
    wrap(build, "render_briefing", "combined briefing")
    wrap(build, "check_data", "check_data")
    wrap(combine, "heading_pages", "pypdf heading pages")
    original_start = nbc.NotebookClient.async_start_new_kernel_client

    async def client(self, *args, **kwargs):
        start = time.time()
        try:
            return await original_start(self, *args, **kwargs)
        finally:
            with LOG.open("a") as handle:
                handle.write(
                    json.dumps(
                        {
                            "label": "kernel ready (client wait)",
                            "pid": os.getpid(),
                            "start": start,
                            "end": time.time(),
                            "detail": "",
                        }
                    )
                    + "\n"
                )

    nbc.NotebookClient.async_start_new_kernel_client = client


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--notebooks-dir", default=None)
    parser.add_argument("--out", default=str(Path(tempfile.gettempdir()) / "st-timeline-report"))
    args = parser.parse_args()
    # a child subreaper: Chromium's orphaned zygotes (and their renderers' CPU) are counted
    become_subreaper()
    t0 = time.time()
    LOG.unlink(missing_ok=True)
    from strategic_ties.params import validate

    params = validate({})
    t_params = time.time()
    instrument()
    from strategic_ties.pipeline import build

    build.run(params, out=Path(args.out), jobs=args.jobs, force=True, notebooks=args.notebooks_dir)
    t_end = time.time()
    rows = [json.loads(line) for line in LOG.read_text().splitlines()]
    rows.sort(key=lambda r: r["start"])
    print(f"load average: {os.getloadavg()}")
    print(f"{'step':32} {'what':16} {'pid':>7} {'start':>7} {'end':>7} {'secs':>6}")
    print(
        f"{'validate params (+imports)':32} {'':16} {os.getpid():>7} {0:7.2f} {t_params - t0:7.2f} {t_params - t0:6.2f}"
    )
    for row in rows:
        print(
            f"{row['label']:32} {row['detail'][:16]:16} {row['pid']:>7} {row['start'] - t0:7.2f} "
            f"{row['end'] - t0:7.2f} {row['end'] - row['start']:6.2f}"
        )
    first_task = min((r["start"] for r in rows if r["label"].startswith("task")), default=t_end)
    reap()  # the orphans re-parented here
    usage = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"total wall {t_end - t0:.2f} s; before the first task {first_task - t0:.2f} s")
    print(
        f"CPU: this process {usage.ru_utime + usage.ru_stime:.2f} s, "
        f"reaped children {children.ru_utime + children.ru_stime:.2f} s"
    )
    LOG.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
