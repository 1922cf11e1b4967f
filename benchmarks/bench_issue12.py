"""Issue 12 benchmark: every target, before and after, measured in one run.

"before" is another commit of this repository (default: the one before the speed work), unpacked
with `git archive` into a temporary folder and run with its own package (PYTHONPATH), notebooks
and data; "after" is this working tree. Each measure alternates before/after, median of --reps.

- notebook code: each notebook's code cells as a plain script in a fresh process
  (benchmarks/notebook_code.py): CPU seconds (time.process_time, robust on a shared machine),
  wall seconds, peak resident memory of the process, and CPU seconds to import what it imports;
- dataset loads for one pair: per dataset a fresh process that imports the package and then
  does that dataset's loads as the four notebooks do them for the default pair
  (NOTEBOOK_LOADS: the pair's rows where the analysis selects them, whole tables otherwise),
  so the first load pays what a kernel's first load pays (catalogue, checksum, lazy imports);
  before = `datasets.load(name)` (that commit had no row selection);
- builds (skip with --no-build): the naive route (papermill CLI -> nbconvert -> PDF, as
  bench_build.py), `strategic-ties run --force --jobs 1` and `--jobs 2`, and the cached rerun;
- a cProfile of the slowest notebook (after), top functions by cumulative time.

Writes benchmarks/RESULTS.md (the table) and benchmarks/PROFILE.txt (the profile).

    .venv/bin/python benchmarks/bench_issue12.py --reps 3
    .venv/bin/python benchmarks/bench_issue12.py --reps 3 --no-build --results /tmp/r.md
    .venv/bin/python benchmarks/bench_issue12.py --loads-only --reps 3   # this tree's loads
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
BEFORE = "34921ad"  # main just before the speed work of issue 12 (pinned test first)
NOTEBOOKS = ("briefing", "bilateral_ties", "threat_picture", "arms_trade")
PAIR, PARTNER, COUNTRY = ("ISR", "AZE"), "ISR", "AZE"
# The loads the four notebooks do for the default pair (Israel-Azerbaijan, rivals Turkey and
# Iran, Armenia's trade), in the order they first occur, traced from the notebooks' code
# (`datasets.load` wrapped while benchmarks/notebook_code.py ran each notebook). None = the
# whole table; [where, columns] = those rows and columns.
NOTEBOOK_LOADS: dict[str, list[dict | list | None]] = {
    "arms_deliveries": [
        None,
        {"recipient_iso3": [COUNTRY]},
        {"supplier_iso3": [PARTNER]},
    ],
    "arms_tiv_totals": [None],
    "arms_transfers": [None],
    "battle_deaths": [None],
    "conflicts": [None],
    "country_outlines": [None],
    "events": [None],
    "fuel_imports_share": [None],
    "gdp": [None],
    "mids": [None],
    "military_expenditure": [None],
    "oil_press": [None],
    "political_violence": [None],
    "population": [None],
    "terrorism": [None],
    "trade": [
        {"reporter_iso3": ["AZE", "ISR"]},
        {"reporter_iso3": ["AZE"]},
        {"reporter_iso3": ["ISR"]},
        {"reporter_iso3": ["IRN"]},
        {"reporter_iso3": ["ARM"]},
    ],
    "trade_press": [None],
    "unga_ideal_points": [
        {"iso3": ["ISR", "AZE"]},
        {"iso3": ["ISR", "TUR"]},
        {"iso3": ["AZE", "IRN"]},
        None,
    ],
    "unga_votes": [
        {"iso3": ["ISR", "AZE"]},
        {"iso3": ["ISR", "TUR"]},
        {"iso3": ["AZE", "IRN"]},
    ],
    # the claim ledger's vote agreement of Israel, Azerbaijan and Iran with every state in
    # 2004-2014 (paper.evidence), from the table built from unga_votes (before: the votes of all
    # states in 2004-2014, read from unga_votes; see the git history of this list)
    "unga_agreement": [{"iso3": ["ISR"]}, {"iso3": ["AZE"]}, {"iso3": ["IRN"]}],
}
TARGETS = {"cpu": 1.5, "peak_mb": 500, "imports": 1.0, "load_ms": 50, "cold_ratio": 0.15}

LOADS = r"""
import json, sys, time
from strategic_ties import datasets
name, loads, rows = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3] == "rows"
out = []
for where in loads:  # the first pays what a kernel's first load pays (catalogue, checksum)
    where, columns = where if isinstance(where, list) else (where, None)
    wall, cpu = time.perf_counter(), time.process_time()
    if rows and columns:
        frame = datasets.load(name, where, columns=columns)
    else:
        frame = datasets.load(name, where) if where and rows else datasets.load(name)
    out.append([time.perf_counter() - wall, time.process_time() - cpu, len(frame)])
print(json.dumps(out))
"""


def load_key(name: str, where: dict | list | None) -> str:
    where, columns = where if isinstance(where, list) else (where, None)
    if not where:
        return f"{name} (whole table)"
    selected = ", ".join(
        f"{column}={values[0]}-{values[-1]}" if isinstance(values[0], int) else
        f"{column}={'+'.join(values)}"
        for column, values in where.items()
    )  # fmt: skip
    return f"{name} ({selected}{'; ' + ', '.join(columns) if columns else ''})"


def env_for(tree: Path | None) -> dict[str, str]:
    env = dict(os.environ)
    if tree is not None:
        env["PYTHONPATH"] = str(tree / "src")
        env["STRATEGIC_TIES_DATA"] = str(tree / "data")
    else:
        env.pop("PYTHONPATH", None)
        env["STRATEGIC_TIES_DATA"] = str(REPO / "data")
    return env


def run(command: list[str], tree: Path | None, cwd: Path | None = None) -> str:
    done = subprocess.run(
        command, capture_output=True, text=True, env=env_for(tree), cwd=cwd or tree or REPO
    )
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{done.stderr[-2000:]}")
    return done.stdout


def notebook_code(name: str, tree: Path | None) -> dict:
    command = [sys.executable, str(REPO / "benchmarks" / "notebook_code.py"), name]
    command += ["--repo", str(tree)] if tree else []
    return json.loads(run(command, tree).strip().splitlines()[-1])


def loads(tree: Path | None) -> dict:
    """Each dataset's loads in a fresh process (after importing the package), as the notebooks
    do them: {key: [wall s, CPU s, rows]}. The before tree had no row selection: whole tables."""
    out = {}
    for name, wheres in NOTEBOOK_LOADS.items():
        if tree is not None and not (tree / "src" / "strategic_ties" / "schemas.py").is_file():
            continue
        mode = "whole" if tree else "rows"
        args = [sys.executable, "-c", LOADS, name, json.dumps(wheres), mode]
        try:
            results = json.loads(run(args, tree))
        except SystemExit:  # a dataset the before tree did not have
            continue
        for where, result in zip(wheres, results, strict=True):
            out[load_key(name, where)] = result
    return out


def timed(command: list[str], tree: Path | None, cwd: Path) -> float:
    started = time.perf_counter()
    run(command, tree, cwd)
    return time.perf_counter() - started


def builds(tree: Path | None, work: Path, rep: int) -> dict[str, float]:
    """Naive route, cold --jobs 2 and --jobs 1 (each into a new folder), cached rerun: wall s."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    import bench_build

    root = tree or REPO
    notebooks = sorted((root / "notebooks").glob("*.ipynb"))
    naive_dir = work / f"naive-{rep}"
    naive_dir.mkdir(parents=True)
    started = time.perf_counter()
    env = os.environ.copy()
    os.environ.update(env_for(tree))
    cwd = os.getcwd()
    os.chdir(root)
    try:
        bench_build.naive(notebooks, naive_dir)
    finally:
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(env)
    naive = time.perf_counter() - started
    out = work / f"ours-{rep}"
    st = [str(BIN / "strategic-ties"), "run", "--out", str(out)]
    jobs2 = timed([*st, "--force", "--jobs", "2"], tree, root)
    cached = statistics.median(timed(st, tree, root) for _ in range(3))
    # a fresh folder: over an existing report the combined briefing reuses its page numbers
    one = [str(BIN / "strategic-ties"), "run", "--out", str(work / f"ours-{rep}-jobs1")]
    jobs1 = timed([*one, "--force", "--jobs", "1"], tree, root)
    return {"naive": naive, "jobs2": jobs2, "jobs1": jobs1, "cached": cached}


def med(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--before", default=BEFORE, help="commit measured as 'before'")
    parser.add_argument("--no-build", action="store_true", help="skip the whole-build routes")
    parser.add_argument("--results", type=Path, default=REPO / "benchmarks" / "RESULTS.md")
    parser.add_argument("--profile", type=Path, default=REPO / "benchmarks" / "PROFILE.txt")
    parser.add_argument("--loads-only", action="store_true", help="print this tree's loads")
    parser.add_argument("--from-raw", type=Path, help="re-render the table of an earlier RESULTS")
    args = parser.parse_args()
    if args.loads_only:
        runs = [loads(None) for _ in range(args.reps)]
        for key in runs[0]:
            cpu = sorted(round(r[key][1] * 1000) for r in runs)
            print(f"{key}: {runs[0][key][2]:,} rows, CPU ms {cpu}, median {med(cpu):.0f}")
        return
    if args.from_raw:
        text = args.from_raw.read_text(encoding="utf-8")
        raw = json.loads(text.split("<!-- raw: ", 1)[1].split(" -->", 1)[0])
        nb, ld, bd = raw["notebooks"], raw["loads"], raw["builds"]
        slowest = max(NOTEBOOKS, key=lambda n: med([r["cpu"] for r in nb["after"][n]]))
        reps = len(ld["after"])
        head = text.split("Load average at start / end: ", 1)[1].split(" ", 3)
        when = text.split(" from ", 1)[1].split(" UTC", 1)[0]
        started = dt.datetime.strptime(when.split(" to ")[0], "%Y-%m-%d %H:%M")
        lines = report(args, nb, ld, bd, (float(head[0]),), started, slowest, reps, head[2])
        args.results.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return
    # Colleagues may edit code while this runs: pin the cache's code digest (as bench_build.py).
    sys.path.insert(0, str(REPO / "src"))
    from strategic_ties.pipeline.cache import package_digest

    os.environ["STRATEGIC_TIES_CODE_DIGEST"] = package_digest()
    load_start, started = os.getloadavg(), dt.datetime.now(dt.UTC)
    with tempfile.TemporaryDirectory(prefix="st-issue12-") as tmp:
        work = Path(tmp)
        before = work / "before"
        before.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", args.before, "src", "notebooks", "data"],
            capture_output=True,
            check=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(before)], input=archive, check=True)
        trees = {"before": before, "after": None}
        nb: dict = {t: {n: [] for n in NOTEBOOKS} for t in trees}
        ld: dict = {t: [] for t in trees}
        bd: dict = {t: [] for t in trees}
        for rep in range(args.reps):
            for label, tree in trees.items():
                for name in NOTEBOOKS:
                    nb[label][name].append(notebook_code(name, tree))
                ld[label].append(loads(tree))
                if not args.no_build:
                    bd[label].append(builds(tree, work / label, rep))
            print(f"rep {rep + 1} of {args.reps} done", flush=True)
            slowest = max(NOTEBOOKS, key=lambda n: med([r["cpu"] for r in nb["after"][n]]))
            partial = report(args, nb, ld, bd, load_start, started, slowest, rep + 1)
            args.results.write_text("\n".join(partial) + "\n", encoding="utf-8")
        slowest = max(NOTEBOOKS, key=lambda n: med([r["cpu"] for r in nb["after"][n]]))
        profile = subprocess.run(
            [sys.executable, str(REPO / "benchmarks" / "notebook_code.py"), slowest, "--profile"],
            capture_output=True,
            text=True,
            env=env_for(None),
            cwd=REPO,
        )
    lines = report(args, nb, ld, bd, load_start, started, slowest, args.reps)
    args.results.write_text("\n".join(lines) + "\n", encoding="utf-8")
    args.profile.write_text(
        f"cProfile of notebook '{slowest}' (after), `benchmarks/notebook_code.py {slowest} "
        f"--profile`, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC\n{profile.stdout}\n"
        + profile.stderr[:60000],
        encoding="utf-8",
    )
    print("\n".join(lines))


def _met(value: float, limit: float) -> str:
    return "**met**" if value <= limit else "missed"


def report(args, nb, ld, bd, load_start, started, slowest, reps: int, end=None) -> list[str]:
    load_end = os.getloadavg() if end is None else (float(end.rstrip("(")),)
    until = f"{dt.datetime.now(dt.UTC):%H:%M}" if end is None else "(see raw)"
    lines = [
        "# Issue 12 benchmark: before and after, one run",
        "",
        f"Written by `benchmarks/bench_issue12.py --reps {args.reps}"
        f"{'' if reps == args.reps else f' (after {reps} of them)'}"
        f"{' --no-build' if args.no_build or not bd['after'] else ''}` from {started:%Y-%m-%d %H:%M} to "
        f"{until} UTC on {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, {os.cpu_count()} cores. Load average at start / "
        f"end: {load_start[0]:.1f} / {load_end[0]:.1f} (the machine is shared: wall-clock times "
        "grow with the load, CPU times much less, so the per-notebook and per-load targets are "
        "judged on CPU time). *Before* = commit "
        f"`{args.before}` (its package, notebooks and data), *after* = this tree. Medians of "
        f"{reps} fresh processes per measure, before and after alternating.",
        "",
        "| target | before | after | limit | after met? |",
        "|---|---:|---:|---:|---|",
    ]
    for name in NOTEBOOKS:
        b = {
            k: med([r[k] for r in nb["before"][name]])
            for k in ("cpu", "wall", "peak_mb", "imports")
        }
        a = {
            k: med([r[k] for r in nb["after"][name]]) for k in ("cpu", "wall", "peak_mb", "imports")
        }
        lines += [
            f"| `{name}` code, CPU s (wall s) | {b['cpu']:.2f} ({b['wall']:.2f}) | "
            f"{a['cpu']:.2f} ({a['wall']:.2f}) | 1.5 | {_met(a['cpu'], TARGETS['cpu'])} |",
            f"| `{name}` peak memory, MB | {b['peak_mb']:.0f} | {a['peak_mb']:.0f} | 500 | "
            f"{_met(a['peak_mb'], TARGETS['peak_mb'])} |",
            f"| `{name}` imports, CPU s | {b['imports']:.2f} | {a['imports']:.2f} | 1.0 | "
            f"{_met(a['imports'], TARGETS['imports'])} |",
        ]
    for key in ld["after"][0]:
        a = [med([r[key][i] for r in ld["after"]]) * 1000 for i in (0, 1)]
        before = [r[key] for r in ld["before"] if key in r]
        b = (
            f"{med([x[1] for x in before]) * 1000:.0f} ({med([x[0] for x in before]) * 1000:.0f})"
            if before
            else "-"  # a table the 'before' tree did not have
        )
        rows = ld["after"][0][key][2]
        lines.append(
            f"| load `{key}`, {rows:,} rows, ms CPU (wall) | {b} | "
            f"{a[1]:.0f} ({a[0]:.0f}) | 50 | {_met(a[1], TARGETS['load_ms'])} |"
        )
    if bd["after"]:
        b = {k: med([r[k] for r in bd["before"]]) for k in bd["before"][0]}
        a = {k: med([r[k] for r in bd["after"]]) for k in bd["after"][0]}
        lines += [
            f"| naive route (papermill CLI → nbconvert → PDF), s | {b['naive']:.1f} | {a['naive']:.1f} | | |",
            f"| `run --force` cold (`--jobs 2`), s | {b['jobs2']:.1f} | {a['jobs2']:.1f} | | |",
            f"| cold / naive (same tree) | {b['jobs2'] / b['naive']:.2f} × | "
            f"{a['jobs2'] / a['naive']:.2f} × | 0.15 × | {_met(a['jobs2'] / a['naive'], 0.15)} |",
            f"| cold (after) / naive route (before): the issue's baseline | | "
            f"{a['jobs2'] / b['naive']:.2f} × | 0.15 × | {_met(a['jobs2'] / b['naive'], 0.15)} |",
            f"| cached rerun, s | {b['cached']:.2f} | {a['cached']:.2f} | 0.3 | {_met(a['cached'], 0.3)} |",
            f"| `--jobs 1` / `--jobs 2` | {b['jobs1'] / b['jobs2']:.2f} × | "
            f"{a['jobs1'] / a['jobs2']:.2f} × | ≥ 1.7 × | "
            f"{'**met**' if a['jobs1'] / a['jobs2'] >= 1.7 else 'missed'} |",
        ]
    lines += [
        "",
        f"Slowest notebook after the change: `{slowest}`; its profile is in "
        f"benchmarks/PROFILE.txt (`benchmarks/notebook_code.py {slowest} --profile`).",
        "",
        "<!-- raw: " + json.dumps({"notebooks": nb, "loads": ld, "builds": bd}) + " -->",
    ]
    return lines


if __name__ == "__main__":
    main()
