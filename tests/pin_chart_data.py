"""Pinned chart data: the numbers behind every figure and table of the default report.

The pinned copy lives in ``tests/pinned/chart-data/<notebook>/<key>.csv``; the test
``tests/test_chart_data_pinned.py`` compares a fresh build against it (numbers within a relative
1e-9, text exactly), so speed work cannot change a result unnoticed.

When you change a result ON PURPOSE, regenerate the pin and say why in the commit message::

    .venv/bin/python tests/pin_chart_data.py                 # builds the default report (HTML only)
    .venv/bin/python tests/pin_chart_data.py --from reports/israel-azerbaijan   # reuse a build

then ``git add tests/pinned`` and commit with the reason.
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PINNED = REPO / "tests" / "pinned" / "chart-data"
REGENERATE = (
    "regenerate with `.venv/bin/python tests/pin_chart_data.py` and give the reason in the commit"
)
RTOL = 1e-9
ATOL = 1e-12


def build_default_report(out: Path) -> Path:
    """`strategic-ties run` for the default pair, HTML only, into ``out``; the report folder."""
    command = [
        str(Path(sys.executable).with_name("strategic-ties")),
        *("run", "--out", str(out), "--formats", "html"),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=1800, cwd=REPO)
    if done.returncode != 0:
        raise RuntimeError(f"strategic-ties run failed:\n{done.stderr[-3000:]}")
    return out / "israel-azerbaijan"


def chart_files(folder: Path) -> dict[str, Path]:
    """``notebook/key.csv`` -> path, for every chart-data CSV under ``folder``."""
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.glob("*/*.csv"))}


def _number(cell: str) -> float | None:
    try:
        return float(cell)
    except ValueError:
        return None


def _same_cell(a: str, b: str) -> bool:
    if a == b:
        return True
    x, y = _number(a), _number(b)
    if x is None or y is None:
        return False
    if math.isnan(x) or math.isnan(y):
        return math.isnan(x) and math.isnan(y)
    return math.isclose(x, y, rel_tol=RTOL, abs_tol=ATOL)


def differences(pinned: str, fresh: str) -> list[str]:
    """Human-readable differences between two CSV texts (empty when they agree)."""
    old = list(csv.reader(io.StringIO(pinned)))
    new = list(csv.reader(io.StringIO(fresh)))
    if old[:1] != new[:1]:
        return [f"columns {old[:1]} -> {new[:1]}"]
    if len(old) != len(new):
        return [f"{len(old) - 1} rows -> {len(new) - 1} rows"]
    found = []
    for number, (row_a, row_b) in enumerate(zip(old, new, strict=True)):
        if len(row_a) != len(row_b):
            found.append(f"row {number}: {len(row_a)} cells -> {len(row_b)} cells")
            continue
        for column, a, b in zip(old[0], row_a, row_b, strict=True):
            if not _same_cell(a, b):
                found.append(f"row {number}, {column}: {a!r} -> {b!r}")
    return found


def compare(report: Path, pinned: Path = PINNED) -> list[str]:
    """Every difference between ``report``'s chart-data and the pinned copy."""
    old, new = chart_files(pinned), chart_files(report / "chart-data")
    problems = [f"{name}: no longer produced" for name in sorted(old.keys() - new.keys())]
    problems += [f"{name}: new, not pinned" for name in sorted(new.keys() - old.keys())]
    for name in sorted(old.keys() & new.keys()):
        found = differences(old[name].read_text("utf-8"), new[name].read_text("utf-8"))
        problems += [f"{name}: {line}" for line in found[:5]]
        if len(found) > 5:
            problems.append(f"{name}: ... {len(found) - 5} more differences")
    return problems


def update(report: Path, pinned: Path = PINNED) -> int:
    """Replace the pinned copy with ``report``'s chart-data; the number of files pinned."""
    files = chart_files(report / "chart-data")
    if not files:
        raise SystemExit(f"no chart-data CSVs under {report}")
    if pinned.exists():
        shutil.rmtree(pinned)
    for name, path in files.items():
        target = pinned / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return len(files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", type=Path, help="an existing default-pair report")
    args = parser.parse_args(argv)
    if args.source is not None:
        count = update(args.source)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            count = update(build_default_report(Path(tmp)))
    print(f"pinned {count} chart-data files in {PINNED.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
