"""Execute one notebook with papermill: kernel "python3", cwd = repository root, native parameters."""

from __future__ import annotations

import contextlib
import errno
import logging
import os
from pathlib import Path
from typing import Any

from strategic_ties import paths

KERNEL = "python3"
# Keep the kernel's own start-up chatter (e.g. ipykernel's TCP notice) off the user's terminal.
# No IPython history: otherwise every cell is written to ~/.ipython/.../history.sqlite, one
# file shared by every kernel on the machine (lock waits; ~7 ms a cell measured). Nothing in a
# report reads it (In/Out and execution counts do not need it).
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL", "--HistoryManager.enabled=False"]
# A cell that runs longer than this many seconds fails the notebook instead of hanging the build.
DEFAULT_CELL_TIMEOUT = 600


def cell_timeout() -> int:
    """Seconds one cell may run (env STRATEGIC_TIES_CELL_TIMEOUT, default 600)."""
    value = os.environ.get("STRATEGIC_TIES_CELL_TIMEOUT", "")
    return int(value) if value.strip().isdigit() and int(value) > 0 else DEFAULT_CELL_TIMEOUT


def no_space(exc: BaseException | None) -> bool:
    """True when the error (or one it was raised from) is ENOSPC: the disk is full."""
    while exc is not None:
        if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
            return True
        exc = exc.__cause__ or exc.__context__
    return False


class NotebookFailed(Exception):
    """A notebook raised while executing; `executed` holds the partial executed notebook."""

    def __init__(self, notebook: str, cell: int | None, ename: str, evalue: str, executed: Path):
        self.notebook, self.cell, self.ename, self.evalue = notebook, cell, ename, evalue
        self.executed = executed
        where = f"in cell {cell}" if cell else "before its first cell"
        detail = f"{ename}: {evalue}" if evalue else ename
        super().__init__(f"Notebook {notebook} failed {where}: {detail}")


def running_cell(executed: Path) -> int | None:
    """The source cell (1-based) papermill marked running or failed when the run stopped."""
    import nbformat

    from strategic_ties.pipeline.exporters import first_error, source_cells

    try:
        nb = nbformat.read(executed, as_version=4)
    except Exception:
        return None
    for number, cell in enumerate(source_cells(nb), start=1):
        if cell.get("metadata", {}).get("papermill", {}).get("status") in {"running", "failed"}:
            return number
    # papermill marks every cell "completed" when a cell times out or the kernel dies: the cell
    # that stopped the run is the one with an error output, else the last one that started
    # (papermill stamps a cell's start time before sending it; its execution count arrives from
    # the kernel, which may die first).
    error = first_error(nb)
    if error is not None:
        return error.cell
    stamped = [
        number
        for number, cell in enumerate(source_cells(nb), start=1)
        if cell.get("metadata", {}).get("papermill", {}).get("start_time")
    ]
    if stamped:
        return stamped[-1]
    started = [
        number
        for number, cell in enumerate(source_cells(nb), start=1)
        if cell.get("cell_type") == "code" and cell.get("execution_count") is not None
    ]
    return started[-1] if started else None


def execute(
    source: Path,
    target: Path,
    parameters: dict[str, Any],
    cwd: Path | None = None,
    km: Any | None = None,
) -> Any:
    """Run `source` into `target`; returns the executed notebook node or raises NotebookFailed.

    `km`: a kernel already started (pipeline/kernels.py, same cwd and arguments); it serves this
    notebook only and is stopped afterwards. Without it papermill starts one. Either way the
    kernel is stopped at once when the notebook is done (nothing is left to flush)."""
    logging.getLogger("papermill").setLevel(logging.WARNING)
    os.environ.setdefault("MPLBACKEND", "Agg")
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from strategic_ties.pipeline import engine
    from strategic_ties.pipeline.exporters import first_error

    name = source.stem
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        nb = papermill.execute_notebook(
            str(source),
            str(target),
            parameters=parameters,
            kernel_name=KERNEL,
            engine_name=engine.NAME,
            cwd=str(cwd or paths.REPO_ROOT),
            progress_bar=False,
            log_output=False,
            extra_arguments=KERNEL_ARGUMENTS,
            execution_timeout=cell_timeout(),
            shutdown_kernel="immediate",
            **({"km": km} if km is not None else {}),
        )
    except PapermillExecutionError as exc:
        nb = nbformat.read(target, as_version=4) if target.exists() else None
        error = first_error(nb) if nb is not None else None
        cell = error.cell if error else None
        raise NotebookFailed(name, cell, exc.ename, str(exc.evalue), target) from None
    except Exception as exc:  # a cell timed out, the kernel died, bad notebook JSON, ...
        if no_space(exc):
            raise  # the build's disk is full: not the notebook's fault (the caller says so)
        if not target.exists() or target.stat().st_size == 0:
            target.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
        first_line = (str(exc).strip().splitlines() or [""])[0]  # nbclient adds a cell preview
        raise NotebookFailed(
            name, running_cell(target), type(exc).__name__, first_line, target
        ) from None
    finally:
        if km is not None:
            stop_kernel(km)
    error = first_error(nb)
    if error is not None:  # an error output that did not stop the run (e.g. allowed errors)
        raise NotebookFailed(name, error.cell, error.ename, error.evalue, target)
    return nb


def stop_kernel(km: Any) -> None:
    """Stop a kernel at once (its notebook is done: nothing is left to flush)."""
    from jupyter_core.utils import run_sync

    with contextlib.suppress(Exception):  # already gone
        run_sync(km.shutdown_kernel)(now=True)
