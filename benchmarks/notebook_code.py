"""Run one notebook's code as a plain script in this process (no kernel) and time it.

    .venv/bin/python benchmarks/notebook_code.py bilateral_ties            # CPU s, wall s, peak MB
    .venv/bin/python benchmarks/notebook_code.py bilateral_ties --profile  # + cProfile top 25
    .venv/bin/python benchmarks/notebook_code.py bilateral_ties --warm     # run twice, time the 2nd
    .venv/bin/python benchmarks/notebook_code.py briefing --repo /tmp/before  # another tree's notebooks
    .venv/bin/python benchmarks/notebook_code.py arms_trade -p partner Russia -p country Armenia

(With ``--repo``, put that tree's ``src`` first on PYTHONPATH so its package is the one imported.)

The code cells run in order in one fresh namespace with the notebook's default parameters, from
the repository root, with output (``display``) sent to a sink; the figures are still rendered.
Prints one JSON line: ``imports`` (CPU s to import what the notebook imports), ``cpu`` and
``wall`` (the cells), ``peak_mb`` (peak resident set of the process).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def cells(name: str, repo: Path = REPO) -> list[str]:
    """The notebook's code cells, as Python source (IPython magics are not used)."""
    notebook = json.loads((repo / "notebooks" / f"{name}.ipynb").read_text("utf-8"))
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]


def import_lines(sources: list[str]) -> str:
    """The top-level import statements of the cells (what importing the notebook needs)."""
    lines = []
    for source in sources:
        for line in source.splitlines():
            if line.startswith(("import ", "from ")) and not line.rstrip().endswith("("):
                lines.append(line)
    return "\n".join(lines)


def with_parameters(sources: list[str], values: list[tuple[str, str]]) -> list[str]:
    """The cells with `values` assigned after the first (parameters) cell, as papermill does."""
    if not values:
        return sources
    injected = "\n".join(f"{key} = {value!r}" for key, value in values)
    return [sources[0], injected, *sources[1:]]


def run(sources: list[str]) -> tuple[float, float]:
    """Exec the cells in one fresh namespace; (CPU seconds, wall seconds)."""
    namespace: dict = {"__name__": "__main__"}
    cpu, wall = time.process_time(), time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        for source in sources:
            exec(compile(source, "<cell>", "exec"), namespace)
    return time.process_time() - cpu, time.perf_counter() - wall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--warm", action="store_true", help="time a second run in the process")
    parser.add_argument("--repo", type=Path, default=REPO, help="tree whose notebooks/ to run")
    parser.add_argument(
        "-p",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="a string parameter, e.g. -p partner Russia",
    )
    args = parser.parse_args(argv)
    os.chdir(args.repo)
    sources = with_parameters(cells(args.notebook, args.repo), [tuple(p) for p in args.p])
    t = time.process_time()
    exec(import_lines(sources), {})
    imports = time.process_time() - t
    if args.warm:
        run(sources)
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        cpu, wall = run(sources)
        profiler.disable()
        stats = pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative")
        stats.print_stats(40)
        stats.sort_stats("tottime").print_stats(25)
    else:
        cpu, wall = run(sources)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "notebook": args.notebook,
                **({"params": dict(args.p)} if args.p else {}),
                "imports": round(imports, 3),
                "cpu": round(cpu, 3),
                "wall": round(wall, 3),
                "peak_mb": round(peak),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
