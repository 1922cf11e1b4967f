"""The build's papermill engine writes the executed notebook once, and still names a failing cell."""

from __future__ import annotations

from pathlib import Path

import nbformat
import papermill.engines
import papermill.execute
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from strategic_ties.pipeline.execute import NotebookFailed, execute


def _notebook(path: Path, *sources: str) -> Path:
    nb = new_notebook(cells=[new_code_cell(source) for source in sources])
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)
    return path


@pytest.fixture
def writes(monkeypatch) -> list[str]:
    """Paths papermill writes a notebook to, through either of its write call sites."""
    seen: list[str] = []
    real = papermill.execute.write_ipynb

    def counting(nb, path, *args, **kwargs):
        seen.append(str(path))
        return real(nb, path, *args, **kwargs)

    monkeypatch.setattr(papermill.execute, "write_ipynb", counting)
    monkeypatch.setattr(papermill.engines, "write_ipynb", counting)
    return seen


def test_a_good_run_writes_its_notebook_once(tmp_path: Path, writes: list[str]) -> None:
    source = _notebook(tmp_path / "three.ipynb", "x = 1", "y = x + 1", "print(y)")
    target = tmp_path / "out" / "three.ipynb"
    nb = execute(source, target, {}, cwd=tmp_path)
    assert writes == [str(target)]  # papermill's own engine writes 8 times for 3 cells
    on_disk = nbformat.read(target, as_version=4)
    assert on_disk.cells[-1].outputs[0]["text"] == "2\n"
    assert nb.cells[-1].outputs == on_disk.cells[-1].outputs
    assert [c.metadata.papermill["status"] for c in on_disk.cells] == ["completed"] * 3


def test_a_failing_cell_is_written_once_and_named(tmp_path: Path, writes: list[str]) -> None:
    source = _notebook(tmp_path / "fails.ipynb", "x = 1", "raise ValueError('bad input')", "x")
    target = tmp_path / "fails.out.ipynb"
    with pytest.raises(NotebookFailed) as failure:
        execute(source, target, {}, cwd=tmp_path)
    assert str(failure.value) == "Notebook fails failed in cell 2: ValueError: bad input"
    assert writes == [str(target)]
    cells = nbformat.read(target, 4).cells  # papermill puts an error banner cell first
    statuses = [c.metadata["papermill"]["status"] for c in cells if "papermill" in c.metadata]
    assert statuses == ["completed", "failed", "pending"], statuses


def test_a_dead_kernel_still_leaves_the_notebook_with_its_running_cell(
    tmp_path: Path, writes: list[str]
) -> None:
    source = _notebook(
        tmp_path / "dies.ipynb", "x = 1", "import os, signal\nos.kill(os.getpid(), 9)", "x"
    )
    target = tmp_path / "dies.out.ipynb"
    with pytest.raises(NotebookFailed) as failure:
        execute(source, target, {}, cwd=tmp_path)
    assert str(failure.value).startswith("Notebook dies failed in cell 2: DeadKernelError")
    assert writes == [str(target)]  # written by the engine as the run stopped
    cells = nbformat.read(target, 4).cells
    assert cells[0].metadata.papermill["status"] == "completed"
    assert cells[1].metadata.papermill["start_time"]
