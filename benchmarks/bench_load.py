"""Load-time benchmark: `datasets.load(name)` of every processed table against a bare Parquet read.

For each table, each repetition starts fresh Python processes (modules imported before any clock
starts) and times:

- cold: the first `datasets.load(name)` in a fresh process: also pays what a process pays once
  whichever table it loads first (parsing data/catalog.yaml, building pandera's schema objects,
  first calls into pyarrow and pandera);
- first: the same table loaded again in that process after forgetting it (catalogue kept):
  the per-table cost of a first load, i.e. SHA-256 check, Parquet read and pandera check;
- cached: the median of 5 further `load(name)` calls (each returns a copy);
- bare: in its own fresh process, `pyarrow.parquet.read_table(path).to_pandas()` of the same
  file, no checks (the baseline asked for; strings become Python objects);
- arrow: in its own fresh process, the same read with Arrow-backed strings (`types_mapper`),
  i.e. the decode that `load` itself does, without checksum and schema check;
- before (with --before-src): cold and first by another source tree of the package, e.g. the
  previous commit exported with `git archive`, in its own fresh process, same run.

Repetitions are interleaved (table by table, route by route, order rotated) so the machine's
background load falls on every route alike. Also reported: the once-per-process import of
pandera, and one warm first load taken apart (read+hash, Parquet decode, schema check).

    .venv/bin/python benchmarks/bench_load.py --reps 5
    git archive HEAD~1 src | tar -x -C /tmp/before
    .venv/bin/python benchmarks/bench_load.py --reps 5 --before-src /tmp/before/src
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
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET = 0.2  # seconds per load (issue 3, item 5)

# Child processes print one JSON line. Modules are imported before any clock starts.
OURS = r"""
import json, sys, time
import pandas, pyarrow, pyarrow.parquet
t = time.perf_counter(); import pandera.pandas; pandera_import = time.perf_counter() - t
import strategic_ties
from strategic_ties import datasets
name = sys.argv[1]
t = time.perf_counter(); datasets.load(name); cold = time.perf_counter() - t
cached = []
for _ in range(5):
    t = time.perf_counter(); datasets.load(name); cached.append(time.perf_counter() - t)
datasets._loaded.clear()  # forget the table, keep the parsed catalogue: checksum, read and check again
t = time.perf_counter(); datasets.load(name); first = time.perf_counter() - t
out = {"cold": cold, "first": first, "cached": sorted(cached)[2],
       "pandera_import": pandera_import, "package": strategic_ties.__file__}
if "--breakdown" in sys.argv:
    import hashlib
    datasets._loaded.clear()  # decode with no other copy of the table alive, as a first load does
    path = datasets.path_of(name)
    t = time.perf_counter(); data = path.read_bytes(); hashlib.sha256(data).hexdigest()
    out["read_hash"] = time.perf_counter() - t
    mapper = {pyarrow.large_string(): pandas.StringDtype("pyarrow"),
              pyarrow.string(): pandas.StringDtype("pyarrow")}.get
    t = time.perf_counter()
    frame = pyarrow.parquet.read_table(pyarrow.BufferReader(data)).to_pandas(types_mapper=mapper)
    out["decode"] = time.perf_counter() - t
    t = time.perf_counter(); datasets.validate(name, frame); out["validate"] = time.perf_counter() - t
print(json.dumps(out))
"""

# A bare read in a fresh process: argv[2] "bare" = plain to_pandas (Python-object strings),
# "arrow" = Arrow-backed strings, as `load` asks for.
BARE = r"""
import json, sys, time
import pandas, pyarrow, pyarrow.parquet
mapper = {pyarrow.large_string(): pandas.StringDtype("pyarrow"),
          pyarrow.string(): pandas.StringDtype("pyarrow")}.get
t = time.perf_counter()
table = pyarrow.parquet.read_table(sys.argv[1])
frame = table.to_pandas(types_mapper=mapper) if sys.argv[2] == "arrow" else table.to_pandas()
print(json.dumps({sys.argv[2]: time.perf_counter() - t, "rows": len(frame)}))
"""


def child(code: str, args: list[str], src: Path | None = None) -> dict:
    env = dict(os.environ)
    env["STRATEGIC_TIES_DATA"] = str(REPO / "data")
    if src is not None:
        env["PYTHONPATH"] = str(src)
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if src is not None and not result["package"].startswith(str(src)):
        raise SystemExit(f"--before-src was not used: the child imported {result['package']}")
    return result


def med(values: list[float]) -> float:
    return statistics.median(values)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def text_mb(name: str) -> float:
    """Uncompressed size of the string columns of a processed file, from its Parquet metadata."""
    import pyarrow.parquet as pq

    from strategic_ties import datasets

    meta = pq.ParquetFile(datasets.path_of(name)).metadata
    total = 0
    for g in range(meta.num_row_groups):
        group = meta.row_group(g)
        for c in range(group.num_columns):
            if group.column(c).physical_type == "BYTE_ARRAY":
                total += group.column(c).total_uncompressed_size
    return total / 1e6


def encoding_check(name: str, reps: int = 7) -> str:
    """The committed file against the same table with dictionary pages, decoded in this process."""
    import io
    import time

    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    from strategic_ties import datasets

    committed = datasets.path_of(name).read_bytes()
    table = pq.read_table(pa.BufferReader(committed))
    buffer = io.BytesIO()
    options = {"compression": "zstd", "compression_level": 9, "store_schema": True}
    pq.write_table(table, buffer, use_dictionary=True, row_group_size=len(table), **options)
    files = {"as committed (no dictionary pages)": committed, "dictionary pages": buffer.getvalue()}
    mapper = {pa.large_string(): pd.StringDtype("pyarrow")}.get
    wall: dict[str, list[float]] = {k: [] for k in files}
    cpu: dict[str, list[float]] = {k: [] for k in files}
    for rep in range(reps):
        for key in list(files)[rep % 2 :] + list(files)[: rep % 2]:
            w, c = time.perf_counter(), time.process_time()
            pq.read_table(pa.BufferReader(files[key])).to_pandas(types_mapper=mapper)
            wall[key].append(time.perf_counter() - w)
            cpu[key].append(time.process_time() - c)
    parts = [
        f"{key}: {len(files[key]) / 1e6:.2f} MB, decode {ms(med(wall[key]))} ms wall /"
        f" {ms(med(cpu[key]))} ms CPU"
        for key in files
    ]
    return (
        f"Parquet encoding, measured on `{name}` (decode to pandas with Arrow strings, median"
        f" of {reps} in one process, alternating): " + "; ".join(parts) + "."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--tables", nargs="*", help="default: every table in schemas.TABLES")
    parser.add_argument("--before-src", type=Path, help="a `src` folder of an older version")
    parser.add_argument("--before-label", default="the previous version", help="what it is")
    parser.add_argument("--output", type=Path, default=REPO / "benchmarks" / "RESULTS-load.md")
    args = parser.parse_args()
    if args.reps < 5:
        parser.error("--reps must be at least 5 (medians of fewer runs are noise here)")

    sys.path.insert(0, str(REPO / "src"))
    from strategic_ties import datasets
    from strategic_ties.schemas import TABLES

    tables = args.tables or list(TABLES)
    routes = ["ours", "bare", "arrow"] + (["before"] if args.before_src else [])
    runs: dict[tuple[str, str], list[dict]] = {(t, r): [] for t in tables for r in routes}
    load_start = os.getloadavg()
    for rep in range(args.reps):
        for i, name in enumerate(tables):
            path = datasets.path_of(name)
            order = routes[(rep + i) % len(routes) :] + routes[: (rep + i) % len(routes)]
            for route in order:
                if route == "ours":
                    result = child(OURS, [name] + (["--breakdown"] if rep == 0 else []))
                elif route == "before":
                    result = child(OURS, [name], src=args.before_src.resolve())
                else:
                    result = child(BARE, [str(path), route])
                runs[(name, route)].append(result)
        print(f"rep {rep + 1}/{args.reps} done", file=sys.stderr, flush=True)
    load_end = os.getloadavg()

    import pandas
    import pandera
    import pyarrow

    lines = [
        "# Load-time benchmark (`datasets.load`)",
        "",
        f"Written by `benchmarks/bench_load.py --reps {args.reps}"
        + (f" --before-src ... --before-label '{args.before_label}'" if args.before_src else "")
        + f"` on {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; Python {platform.python_version()},"
        f" pandas {pandas.__version__}, pyarrow {pyarrow.__version__}, pandera"
        f" {pandera.__version__}; {os.cpu_count()} cores shared with other jobs (load average"
        f" {load_start[0]:.1f} at the start, {load_end[0]:.1f} at the end).",
        "",
        f"Target: each load well under {TARGET * 1000:.0f} ms (issue 3, item 5). Milliseconds,"
        f" median of {args.reps} fresh processes per route (min-max in brackets), routes"
        " interleaved. See the docstring of bench_load.py for the routes: *first* = per-table"
        " first load (checksum + read + pandera check) in a process that has already parsed the"
        " catalogue; *cold* = the first load of a fresh process (adds the once-per-process"
        " costs); *cached* = a later load (a copy); *bare* ="
        " `pyarrow.parquet.read_table(path).to_pandas()`, no checks, Python-object strings;"
        " *arrow* = the same read with Arrow-backed strings, i.e. the decode inside `load`;"
        " ratios are *first* / baseline."
        + (
            f" *before first* / *before cold* = the same two measures for {args.before_label}"
            " (--before-src), in its own fresh process in the same run."
            if args.before_src
            else ""
        ),
        "",
    ]
    header = (
        "| table | rows | MB | first | cold | cached | bare | first/bare | arrow | first/arrow |"
    )
    rule = "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    if args.before_src:
        header += " before first | before/first | before cold | before/cold |"
        rule += "---:|---:|---:|---:|"
    header += " read+hash / decode / schema | met? |"
    rule += "---|---|"
    lines += [header, rule]

    def cell(values: list[float]) -> str:
        return f"{ms(med(values))} ({ms(min(values))}-{ms(max(values))})"

    missed: list[str] = []
    why: list[str] = []
    for name in tables:
        ours = runs[(name, "ours")]
        bare = [r["bare"] for r in runs[(name, "bare")]]
        arrow = [r["arrow"] for r in runs[(name, "arrow")]]
        first = [r["first"] for r in ours]
        cold = [r["cold"] for r in ours]
        cached = [r["cached"] for r in ours]
        rows = runs[(name, "bare")][0]["rows"]
        size = datasets.path_of(name).stat().st_size / 1e6
        parts = ours[0]
        row = (
            f"| {name} | {rows:,} | {size:.2f} | {cell(first)} | {cell(cold)} |"
            f" {ms(med(cached))} | {cell(bare)} | {med(first) / med(bare):.2f} |"
            f" {cell(arrow)} | {med(first) / med(arrow):.2f} |"
        )
        if args.before_src:
            before = [r["first"] for r in runs[(name, "before")]]
            before_cold = [r["cold"] for r in runs[(name, "before")]]
            row += (
                f" {cell(before)} | {med(before) / med(first):.1f}x | {cell(before_cold)} |"
                f" {med(before_cold) / med(cold):.1f}x |"
            )
        row += f" {ms(parts['read_hash'])} / {ms(parts['decode'])} / {ms(parts['validate'])} |"
        met = max(med(first), med(cached)) < TARGET
        if not met:
            missed.append(name)
            why.append(
                f"- **{name}** missed: first load {ms(med(first))} ms. The Parquet decode alone,"
                f" with no checksum and no schema check (*arrow*), takes {ms(med(arrow))} ms in"
                f" a fresh process; in the breakdown decode is {ms(parts['decode'])} ms against"
                f" {ms(parts['read_hash'])} ms for read+SHA-256 and {ms(parts['validate'])} ms"
                f" for the pandera check. The file holds {text_mb(name):.0f} MB of text (uncompressed"
                f" string pages) that pandas needs as Arrow strings, {rows:,} values per column."
            )
        row += " met |" if met else " **missed** |"
        lines.append(row)
    imports = [
        r["pandera_import"] for (_, route), rs in runs.items() if route == "ours" for r in rs
    ]
    overhead = [
        r["cold"] - r["first"] for (_, route), rs in runs.items() if route == "ours" for r in rs
    ]
    lines += [
        "",
        "*read+hash / decode / schema*: one warm first load taken apart (rep 1): reading the"
        " file and its SHA-256, Parquet decode to pandas with Arrow-backed strings, pandera check.",
        "",
        f"Once per process, not per table: `import pandera.pandas` takes {ms(med(imports))} ms"
        f" (median of {len(imports)} processes, {ms(min(imports))}-{ms(max(imports))}), and the"
        f" first load of a process costs {ms(med(overhead))} ms more than a later first load"
        " (*cold* - *first*, median over all tables and runs: the catalogue parse and first"
        " calls into pyarrow and pandera). A notebook kernel pays both once.",
        "",
        f"Met (median *first* and *cached* under {TARGET * 1000:.0f} ms): "
        + (f"all {len(tables)} tables." if not missed else f"all but {', '.join(missed)}."),
        "",
        *why,
        "",
        encoding_check(max(tables, key=lambda n: datasets.path_of(n).stat().st_size)),
        "",
    ]
    args.output.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
