"""Warm kernels: started ahead, modules imported, and the notebook's namespace still clean."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from strategic_ties.pipeline import kernels
from strategic_ties.pipeline.execute import KERNEL_ARGUMENTS, execute

PROBE = (
    "import json, sys\n"
    "print(json.dumps({'warm': 'pandas' in sys.modules,\n"
    "                  'names': sorted(k for k in globals() if not k.startswith('_')),\n"
    "                  'hidden': sorted(k for k in globals() if 'warm' in k),\n"
    "                  'count': get_ipython().execution_count,\n"
    "                  'history': len(In)}))"
)


def probe_notebook(path: Path) -> Path:
    nb = new_notebook(
        cells=[
            new_code_cell("start_year = 1992", metadata={"tags": ["parameters"]}),
            new_code_cell(PROBE),
            new_markdown_cell("%%magic cells are skipped"),
            new_code_cell("%matplotlib inline\nimport os"),
            new_code_cell("import pandas as pd\nfrom strategic_ties import fmt"),
        ]
    )
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)
    return path


def seen(nb) -> dict:
    return json.loads(nb.cells[2].outputs[0]["text"])  # cell 0: papermill's injected parameters


def test_warm_modules_are_the_notebooks_top_level_imports(tmp_path: Path) -> None:
    source = probe_notebook(tmp_path / "probe.ipynb")
    # the "%matplotlib" cell is not Python: it is skipped, not guessed at
    assert kernels.warm_modules([source]) == [
        "json",
        "sys",
        "pandas",
        "strategic_ties",
        "strategic_ties.fmt",
    ]


def test_a_warm_kernel_leaves_the_namespace_as_a_fresh_one(tmp_path: Path) -> None:
    source = probe_notebook(tmp_path / "probe.ipynb")
    parameters = {"start_year": 2001}
    warm = kernels.WarmKernel(tmp_path, ["pandas", "strategic_ties.fmt"], KERNEL_ARGUMENTS)
    km = warm.take()
    assert km is not None
    with_warm = seen(execute(source, tmp_path / "warm.ipynb", parameters, cwd=tmp_path, km=km))
    assert not _alive(km), "the kernel serves one notebook only (stopped after it)"
    fresh = seen(execute(source, tmp_path / "fresh.ipynb", parameters, cwd=tmp_path))
    # the plain papermill CLI, as a user runs a notebook on its own
    done = subprocess.run(
        [str(Path(sys.executable).with_name("papermill")), str(source), str(tmp_path / "cli.ipynb")]
        + ["-p", "start_year", "2001", "-k", "python3", "--cwd", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    cli = seen(nbformat.read(tmp_path / "cli.ipynb", as_version=4))
    assert with_warm["warm"] is True and fresh["warm"] is False and cli["warm"] is False
    for key in ("names", "hidden", "count", "history"):
        assert with_warm[key] == fresh[key] == cli[key], key
    assert with_warm["hidden"] == [] and "start_year" in with_warm["names"]


def _alive(km) -> bool:
    from jupyter_core.utils import run_sync

    return bool(run_sync(km.is_alive)())


def test_spares_follow_the_budget_and_are_stopped(tmp_path: Path) -> None:
    source = probe_notebook(tmp_path / "probe.ipynb")
    kernels.plan([source], tmp_path, serial=True)
    try:
        kernels.prestart()
        kernels.prestart()  # one spare at a time
        km = kernels.take()  # serial: would start the next one, but the budget (1) is spent
        assert km is not None and _alive(km)
        assert kernels._spare is None
        kernels.stop(km)
        assert not _alive(km)
    finally:
        kernels.discard()
        kernels.plan([], None, serial=True)
