"""A papermill engine that writes the executed notebook once, not after every cell.

papermill's own engine saves the whole notebook (JSON encoding, nbformat validation, a deep copy)
when the run starts and before and after every cell, so that a reader can follow a long run in
the file. For a report of four notebooks with inline figures that is ~280 saves and ~4 s of CPU
per build, paid in the building process while the kernel waits for its next cell. Nobody reads
the staged notebook mid-run here, so this engine keeps the state in memory and writes the file
once: by papermill at the end of a good run, or here when the run stops (a cell timed out, the
kernel died, the build was interrupted), so that the failing cell can still be named.

The plain papermill CLI is untouched: it keeps its own engine.
"""

from __future__ import annotations

from typing import Any

from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines

NAME = "strategic_ties"


class _SaveOnStop(NotebookExecutionManager):
    """papermill's execution manager whose saves are skipped until the run stops abnormally."""

    def save(self, **kwargs: Any) -> None:
        if kwargs.get("nb") is not None:  # what papermill's catch_nb_assignment would do
            self.nb = kwargs["nb"]
        self.last_save_time = self.now()

    def save_now(self) -> None:
        NotebookExecutionManager.save(self)


class SaveOnceEngine(NBClientEngine):
    """nbclient execution with one write of the notebook (see the module's docstring)."""

    @classmethod
    def execute_notebook(
        cls,
        nb: Any,
        kernel_name: str,
        output_path: str | None = None,
        progress_bar: bool = False,
        log_output: bool = False,
        autosave_cell_every: int = 0,
        **kwargs: Any,
    ) -> Any:
        nb_man = _SaveOnStop(
            nb, output_path=output_path, progress_bar=progress_bar, log_output=log_output,
            autosave_cell_every=0,
        )  # fmt: skip
        nb_man.notebook_start()
        try:
            cls.execute_managed_notebook(nb_man, kernel_name, log_output=log_output, **kwargs)
        except BaseException:
            nb_man.notebook_complete()
            nb_man.save_now()  # papermill will not write it: the failing cell is recorded here
            raise
        nb_man.notebook_complete()  # papermill writes the finished notebook (errors included)
        return nb_man.nb


papermill_engines.register(NAME, SaveOnceEngine)
