"""The Chromium prints of one build, one fresh browser per print against one browser for all.

Replays the six prints a default build makes, from a built report folder: the four parts' HTML,
then the combined briefing's layout copy and the briefing itself. Routes, interleaved:

- before: a fresh `chromium --print-to-pdf` per print, and the layout copy with all its text;
- one browser for all six over the DevTools pipe (`pdf.browser_session()`, as a build's
  process does with --jobs 1, and a batch worker for all its pairs), same layout copy;
- after: one browser, and the layout copy that draws only its headings (`combine.layout_copy`).

CPU is that of the whole process tree: this script is a child subreaper (prctl), so Chromium's
zygotes and renderers, orphaned when the browser quits, are reaped here and counted.

    .venv/bin/python benchmarks/bench_pdf.py [--report reports/israel-azerbaijan] [--reps 5]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from subreaper import become_subreaper, reap

REPO = Path(__file__).resolve().parents[1]


def cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def documents(report: Path, work: Path, headings_only: bool = True) -> list[Path]:
    """The six documents a build prints, in its order; `headings_only=False`: the layout copy
    as it was before (all text drawn, only the images emptied)."""
    from strategic_ties.pipeline import combine

    parts = [report / "html" / f"{n}.html" for n in combine.order(
        [p.stem for p in (report / "html").glob("*.html")]
    )]  # fmt: skip
    briefing = (report / "briefing.html").read_text(encoding="utf-8")
    copy = combine.layout_copy(briefing)
    if not headings_only:
        copy = copy.replace(combine._LAYOUT_ONLY, "")
    layout = work / f"briefing-layout{'' if headings_only else '-full'}.html"
    layout.write_text(copy, encoding="utf-8")
    return [*parts, layout, report / "briefing.html"]


def one_shot(docs: list[Path], out: Path) -> list[float]:
    from strategic_ties.pipeline.pdf import CHROMIUM_FLAGS, find_chromium

    times = []
    for doc in docs:
        started = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="st-bench-") as profile:
            subprocess.run(
                [
                    find_chromium(),
                    *CHROMIUM_FLAGS,
                    f"--user-data-dir={profile}",
                    f"--print-to-pdf={out / (doc.stem + '.pdf')}",
                    doc.resolve().as_uri(),
                ],
                capture_output=True,
                check=True,
                env={**os.environ, "HOME": profile},
            )
        times.append(time.perf_counter() - started)
    return times


def pipe(docs: list[Path], out: Path) -> list[float]:
    from strategic_ties.pipeline import pdf

    times = []
    with pdf.browser_session():
        for doc in docs:
            started = time.perf_counter()
            pdf.chromium_pdf(doc, out / (doc.stem + ".pdf"))
            times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", type=Path, default=REPO / "reports" / "israel-azerbaijan")
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    become_subreaper()
    routes = {  # name: (print route, layout copy draws only the headings)
        "before: one-shot, full layout copy": (one_shot, False),
        "one browser, full layout copy": (pipe, False),
        "after: one browser, headings-only layout copy": (pipe, True),
    }
    seen: dict[str, dict[str, list[float]]] = {r: {"cpu": [], "wall": []} for r in routes}
    prints: dict[str, list[list[float]]] = {r: [] for r in routes}
    with tempfile.TemporaryDirectory(prefix="st-bench-pdf-") as tmp:
        work = Path(tmp)
        docs = {flag: documents(args.report, work, flag) for flag in (False, True)}
        for rep in range(args.reps + 1):  # the first round warms caches and is not counted
            for name, (route, flag) in routes.items():
                reap()
                c0, t0 = cpu(), time.perf_counter()
                times = route(docs[flag], work)
                reap()
                if rep:
                    seen[name]["cpu"].append(cpu() - c0)
                    seen[name]["wall"].append(time.perf_counter() - t0)
                    prints[name].append(times)
    names = [d.name for d in docs[True]]
    print(f"{len(names)} prints ({', '.join(names)}); medians of {args.reps}, interleaved")
    print("| route | CPU of the tree (s) | wall (s) | per print, wall (s) |")
    print("|---|---|---|---|")
    for name in routes:
        per = [statistics.median(run[i] for run in prints[name]) for i in range(len(names))]
        print(
            f"| {name} | {statistics.median(seen[name]['cpu']):.2f} "
            f"({', '.join(f'{x:.2f}' for x in seen[name]['cpu'])}) "
            f"| {statistics.median(seen[name]['wall']):.2f} "
            f"| {' / '.join(f'{x:.2f}' for x in per)} |"
        )
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
