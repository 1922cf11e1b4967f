"""Build-time benchmark: `strategic-ties run` against the naive route, measured in the same run.

Routes (all wall-clock, whole processes, as a user would type them):

- naive: for each notebook in turn, the papermill CLI, then `jupyter nbconvert --to html
  --no-input`, then the PDF of that HTML (headless Chromium's --print-to-pdf, or the WeasyPrint
  CLI when no Chromium is installed);
- cold: `strategic-ties run --force` (default jobs = number of cores), which also builds the
  combined briefing that the naive route does not;
- jobs 1 / jobs 2: `strategic-ties run --force --jobs 1` and `--jobs 2`;
- warm: `strategic-ties run` again with nothing changed (everything cached).

Writes benchmarks/RESULTS.md (median of --reps runs, min-max, ratios, the targets).

    .venv/bin/python benchmarks/bench_build.py --reps 3
    .venv/bin/python benchmarks/bench_build.py --reps 3 --notebooks-dir tests/fixtures/pipeline/notebooks
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SLUG = "israel-azerbaijan"


def timed(command: list[str], **kw) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, **kw)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(
            f"benchmark step failed ({done.returncode}): {' '.join(command)}\n{done.stderr[-2000:]}"
        )
    return elapsed


def chromium() -> str | None:
    for name in ("chromium-headless-shell", "chromium"):
        if shutil.which(name):
            return shutil.which(name)
    return None


def naive(notebooks: list[Path], work: Path) -> float:
    """papermill CLI, then nbconvert CLI to HTML, then the PDF, notebook after notebook."""
    # The same Chromium flags as the pipeline, so the routes differ only in orchestration.
    from strategic_ties.pipeline.render import CHROMIUM_FLAGS

    browser = chromium()
    total = 0.0
    for nb in notebooks:
        out = work / f"{nb.stem}.ipynb"
        total += timed([str(BIN / "papermill"), str(nb), str(out), "-k", "python3"])
        total += timed([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(out)])
        html, pdf = out.with_suffix(".html"), out.with_suffix(".pdf")
        if browser:
            with tempfile.TemporaryDirectory() as profile:
                total += timed(
                    [
                        browser,
                        *CHROMIUM_FLAGS,
                        f"--user-data-dir={profile}",
                        f"--print-to-pdf={pdf}",
                        html.as_uri(),
                    ]
                )
        else:
            total += timed([str(BIN / "weasyprint"), str(html), str(pdf)])
        assert pdf.stat().st_size > 0
    return total


def ours(out: Path, notebooks_dir: Path, *extra: str) -> float:
    command = [
        str(BIN / "strategic-ties"),
        "run",
        "--out",
        str(out),
        "--notebooks-dir",
        str(notebooks_dir),
        *extra,
    ]
    return timed(command)


def summary(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} s ({min(values):.2f}–{max(values):.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--warm-reps", type=int, default=5)
    parser.add_argument("--notebooks-dir", type=Path, default=REPO / "notebooks")
    parser.add_argument("--results", type=Path, default=REPO / "benchmarks" / "RESULTS.md")
    args = parser.parse_args()
    if not sorted(args.notebooks_dir.resolve().glob("*.ipynb")):
        raise SystemExit(f"no notebooks in {args.notebooks_dir}")
    source_dir = args.notebooks_dir.resolve()
    # Colleagues may edit analysis code while this runs: pin the code hash to its value now, as if
    # the tree were frozen (it costs the same few milliseconds either way).
    sys.path.insert(0, str(REPO / "src"))
    from strategic_ties.pipeline.cache import package_digest

    os.environ["STRATEGIC_TIES_CODE_DIGEST"] = package_digest()
    load_before = os.getloadavg()
    times: dict[str, list[float]] = {"naive": [], "jobs2": [], "jobs1": [], "warm": []}
    with tempfile.TemporaryDirectory(prefix="st-bench-") as tmp:
        root = Path(tmp)
        # Snapshot the notebooks and the data: the tree may change under us while this runs.
        args.notebooks_dir = root / "notebooks"
        shutil.copytree(source_dir, args.notebooks_dir)
        notebooks = sorted(args.notebooks_dir.glob("*.ipynb"))
        shutil.copytree(REPO / "data", root / "data", ignore=shutil.ignore_patterns("raw"))
        os.environ["STRATEGIC_TIES_DATA"] = str(root / "data")
        # one unmeasured warm-up build: .pyc files, the matplotlib font cache, the data caches
        ours(root / "warmup", args.notebooks_dir, "--force")
        for rep in range(args.reps):
            work = root / f"naive-{rep}"
            work.mkdir()
            times["naive"].append(naive(notebooks, work))
            out = root / f"ours-{rep}"
            times["jobs2"].append(ours(out, args.notebooks_dir, "--force", "--jobs", "2"))
            for _ in range(args.warm_reps if rep == 0 else 2):
                times["warm"].append(ours(out, args.notebooks_dir))
            times["jobs1"].append(ours(out, args.notebooks_dir, "--force", "--jobs", "1"))
            print(
                f"rep {rep + 1}: " + ", ".join(f"{k} {v[-1]:.1f}s" for k, v in times.items()),
                flush=True,
            )
        manifest = (root / "ours-0" / SLUG / "manifest.json").read_text()
    load_after = os.getloadavg()
    median = {k: statistics.median(v) for k, v in times.items()}
    cold_ratio = median["jobs2"] / median["naive"]
    speedup = median["jobs1"] / median["jobs2"]
    cores = os.cpu_count()
    chromium_path = chromium()
    lines = [
        "# Build benchmark",
        "",
        f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC by `benchmarks/bench_build.py --reps {args.reps}` "
        f"on {platform.system()} {platform.release()}, Python {platform.python_version()}, {cores} cores; "
        f"PDF engine: {'Chromium (' + Path(chromium_path).name + ')' if chromium_path else 'WeasyPrint'}.",
        f"Notebooks: {', '.join(nb.stem for nb in notebooks)} (a snapshot of `{source_dir}`, with a snapshot of `data/`). "
        f"Load average before / after: {load_before[0]:.1f} / {load_after[0]:.1f} "
        "(the machine is shared; other work running at the same time adds noise).",
        "",
        "Wall-clock seconds of whole commands: median (min–max).",
        "",
        "| route | time | note |",
        "|---|---|---|",
        f"| naive: papermill CLI → `jupyter nbconvert --to html` → PDF, notebook by notebook | {summary(times['naive'])} | no combined briefing |",
        f"| `strategic-ties run --force` (cold, `--jobs 2` = default on {cores} cores) | {summary(times['jobs2'])} | includes the combined briefing (HTML + PDF) |",
        f"| `strategic-ties run --force --jobs 1` | {summary(times['jobs1'])} | |",
        f"| `strategic-ties run` again, nothing changed (cached) | {summary(times['warm'])} | {len(times['warm'])} runs |",
        "",
        "| target | measured | met |",
        "|---|---|---|",
        f"| cold build ≤ 0.6 × naive | {cold_ratio:.2f} × | {'yes' if cold_ratio <= 0.6 else 'no'} |",
        f"| cached rebuild < 1 s | {median['warm']:.2f} s | {'yes' if median['warm'] < 1 else 'no'} |",
        f"| 2 jobs ≥ 1.6 × faster than 1 | {speedup:.2f} × | {'yes' if speedup >= 1.6 else 'no'} |",
        "",
        "Per-notebook timings of the first measured cold build (from its manifest.json):",
        "",
        "| notebook | execute | html | pdf |",
        "|---|---|---|---|",
    ]
    import json

    data = json.loads(manifest)
    for name, entry in data["notebooks"].items():
        t = entry.get("timings", {})
        lines.append(
            f"| {name} | {t.get('execute', 0):.1f} s | {t.get('html', 0):.1f} s | {t.get('pdf', 0):.1f} s |"
        )
    if "briefing" in data:
        lines.append(
            f"| combined briefing | – | {data['briefing']['timings'].get('render', 0):.1f} s (HTML+PDF) | |"
        )
    lines += ["", "<!-- raw: " + json.dumps(times) + " -->", ""]
    args.results.write_text("\n".join(lines), encoding="utf-8")
    print(args.results.read_text())


if __name__ == "__main__":
    main()
