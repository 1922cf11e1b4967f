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


# ---- kernels forked from a template (pipeline/forkserver.py) ------------------------------------


def _kernel_children(template) -> list:
    import psutil

    return [p for p in psutil.Process(template.process.pid).children() if p.status() != "zombie"]


def _wait_gone(template, within: float = 10.0) -> list:
    import time

    deadline = time.monotonic() + within
    while _kernel_children(template) and time.monotonic() < deadline:
        time.sleep(0.1)
    return _kernel_children(template)


def _fork_notebook(path: Path, code: str) -> Path:
    nb = new_notebook(
        cells=[new_code_cell("start_year = 1992", metadata={"tags": ["parameters"]}),
               new_code_cell("import pandas as pd\nprint('ready')"), new_code_cell(code)]
    )  # fmt: skip
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)
    return path


def test_a_forked_kernel_is_a_fork_of_the_template_with_a_clean_namespace(tmp_path: Path) -> None:
    source = probe_notebook(tmp_path / "probe.ipynb")
    parameters = {"start_year": 2001}
    with kernels.template([source]):
        template = kernels._template
        assert template is not None
        kernels.plan([source, source], tmp_path, serial=True)
        try:
            km = kernels.take()  # no spare yet: forked from the template now
            assert km is not None and km.provisioner.pid in {
                p.pid for p in _kernel_children(template)
            }, "the kernel is the template's child, not a new interpreter"
            forked = seen(execute(source, tmp_path / "forked.ipynb", parameters, tmp_path, km))
            second = kernels.take()  # each notebook its own kernel
            assert second is not None and second.provisioner.pid != km.provisioner.pid
            again = seen(execute(source, tmp_path / "again.ipynb", parameters, tmp_path, second))
        finally:
            kernels.discard()
            kernels.plan([], None, serial=True)
        assert _wait_gone(template) == [], "a stopped kernel was left running"
    assert template.process.poll() is not None, "the template outlived its block"
    fresh = seen(execute(source, tmp_path / "fresh.ipynb", parameters, cwd=tmp_path))
    assert forked["warm"] is True and again["warm"] is True and fresh["warm"] is False
    for key in ("names", "hidden", "count", "history"):
        assert forked[key] == again[key] == fresh[key], key
    assert again["names"] == forked["names"], "the first notebook's names did not leak"


def test_a_forked_kernel_outlives_the_templates_request_timeout(tmp_path, monkeypatch) -> None:
    """The template waits a while for a client's request; the kernel forked for it must not
    inherit that timeout (its watcher would read a timeout as the client's death)."""
    monkeypatch.setenv("STRATEGIC_TIES_TEMPLATE_REQUEST_TIMEOUT", "1")
    source = _fork_notebook(tmp_path / "slow.ipynb", "import time\ntime.sleep(4)\nprint('done')")
    with kernels.template([source]):
        kernels.plan([source], tmp_path, serial=True)
        try:
            km = kernels.take()
            assert km is not None and km.provisioner.pid
            nb = execute(source, tmp_path / "out.ipynb", {}, cwd=tmp_path, km=km)
        finally:
            kernels.discard()
            kernels.plan([], None, serial=True)
    assert nb.cells[-1].outputs[0]["text"] == "done\n"


def test_a_forked_kernel_that_dies_fails_its_notebook_in_one_sentence(tmp_path: Path) -> None:
    import pytest

    from strategic_ties.pipeline.execute import NotebookFailed

    source = _fork_notebook(tmp_path / "dies.ipynb", "import os, signal\nos.kill(os.getpid(), 9)")
    with kernels.template([source]):
        template = kernels._template
        kernels.plan([source], tmp_path, serial=True)
        try:
            km = kernels.take()
            assert km is not None and km.provisioner.pid
            with pytest.raises(NotebookFailed) as failure:
                execute(source, tmp_path / "out.ipynb", {}, cwd=tmp_path, km=km)
        finally:
            kernels.discard()
            kernels.plan([], None, serial=True)
        assert _wait_gone(template) == []
    message = str(failure.value)
    assert message.startswith("Notebook dies failed in cell 3: DeadKernelError"), message
    assert "\n" not in message and "Traceback" not in message


def test_a_forked_kernel_times_out_and_is_stopped(tmp_path: Path, monkeypatch) -> None:
    import pytest

    from strategic_ties.pipeline.execute import NotebookFailed

    monkeypatch.setenv("STRATEGIC_TIES_CELL_TIMEOUT", "3")
    source = _fork_notebook(tmp_path / "hangs.ipynb", "import time\ntime.sleep(120)")
    with kernels.template([source]):
        template = kernels._template
        kernels.plan([source], tmp_path, serial=True)
        try:
            km = kernels.take()
            assert km is not None
            with pytest.raises(NotebookFailed) as failure:
                execute(source, tmp_path / "out.ipynb", {}, cwd=tmp_path, km=km)
        finally:
            kernels.discard()
            kernels.plan([], None, serial=True)
        assert _wait_gone(template) == []
    assert "failed in cell 3: CellTimeoutError" in str(failure.value), str(failure.value)


def test_a_forked_kernel_dies_with_the_process_that_asked_for_it(tmp_path: Path) -> None:
    """A worker killed with SIGKILL cannot stop its kernel: the template does (the worker's
    connection closes), and the template's kernels go when the template is stopped."""
    import multiprocessing
    import os
    import signal

    from strategic_ties.pipeline import forkserver

    source = _fork_notebook(tmp_path / "x.ipynb", "pass")

    def client(queue) -> None:
        km = kernels.take()
        queue.put(km.provisioner.pid)
        signal.pause()

    with kernels.template([source]):
        template = kernels._template
        kernels.plan([source], tmp_path, serial=True)
        try:
            queue = multiprocessing.get_context("fork").SimpleQueue()
            worker = multiprocessing.get_context("fork").Process(target=client, args=(queue,))
            worker.start()
            pid = queue.get()
            assert pid in {p.pid for p in _kernel_children(template)}
            os.kill(worker.pid, signal.SIGKILL)
            worker.join()
            assert _wait_gone(template) == [], "the kernel outlived the process that used it"
            # and the template's own kernels go with it
            address = template.address
            env = dict(os.environ)
            cmd = [sys.executable, "-m", "ipykernel_launcher", "-f", str(tmp_path / "k.json")]
            forked = forkserver.fork_kernel(address, cmd, env, str(tmp_path))
            assert forked.poll() is None
        finally:
            kernels.discard()
            kernels.plan([], None, serial=True)
    assert forked.wait(10) is not None and not forkserver._pid_alive(forked.pid)


def test_without_a_template_kernels_start_as_before(tmp_path: Path, monkeypatch) -> None:
    from strategic_ties.pipeline import forkserver

    source = _fork_notebook(tmp_path / "x.ipynb", "print(1)")
    monkeypatch.setenv(forkserver.ENV, "0")
    with kernels.template([source]):
        assert kernels._template is None
    monkeypatch.delenv(forkserver.ENV)
    with kernels.template([source]):  # a template that is gone: Popen, not an error
        kernels._template.stop()
        warm = kernels.WarmKernel(tmp_path, [], KERNEL_ARGUMENTS)
        km = warm.take()
        assert km is not None and km.provisioner.process.__class__.__name__ == "Popen"
        execute(source, tmp_path / "out.ipynb", {}, cwd=tmp_path, km=km)


def test_kernels_keep_no_history_database_but_count_executions(tmp_path) -> None:
    """The build's kernels write no IPython history (a SQLite file shared by every kernel on
    the machine); cells are still numbered and `Out` still works."""
    import nbformat

    source = tmp_path / "h.ipynb"
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("1 + 1"),
            nbformat.v4.new_code_cell(
                "ip = get_ipython()\nprint(ip.history_manager.enabled, Out[1])"
            ),
        ]
    )
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, source)
    done = execute(source, tmp_path / "out.ipynb", {}, cwd=tmp_path)
    assert [c.execution_count for c in done.cells] == [1, 2]
    assert done.cells[1].outputs[0]["text"].split() == ["False", "2"]
