"""Warm kernels: a kernel started ahead of its notebook, with the notebooks' modules imported.

Starting a kernel (~0.7 s) and importing pandas, matplotlib and the package (1-3 s) is work every
notebook pays before its first cell. A build knows its notebooks in advance, so a process that
executes notebooks keeps one spare kernel booting while it does other work (the parent's
imports, the previous notebook, its rendering), and hands it to papermill (`km=`) for the next
notebook. One kernel still serves exactly one notebook.

The namespace stays clean: the imports run as a silent request (no history, no execution count)
inside a function that is deleted afterwards, so the notebook sees only what a fresh kernel has,
except that `import pandas` finds the module already in `sys.modules`. Which modules: the
top-level imports of the notebooks' own code cells (`warm_modules`). The plain papermill CLI is
not involved: it starts its own kernel as before.
"""

from __future__ import annotations

import ast
import contextlib
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

KERNEL = "python3"
# Defined, called and deleted in one silent request: no name is left in the user namespace.
WARM_CODE = """def __st_warm(names):
    import importlib
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:
            pass
__st_warm({names!r})
del __st_warm
"""
READY_TIMEOUT = 120
WARM_ENV = "STRATEGIC_TIES_WARM_KERNELS"  # "0": no spare kernels (papermill starts each one)


def warm_modules(sources: list[Path]) -> list[str]:
    """Modules imported at the top level of the notebooks' code cells, in first-seen order."""
    names: list[str] = []
    for source in sources:
        try:
            cells = json.loads(source.read_text(encoding="utf-8")).get("cells", [])
        except (OSError, ValueError):
            continue
        for cell in cells:
            if cell.get("cell_type") != "code":
                continue
            text = "".join(cell.get("source", []))
            try:
                tree = ast.parse(text)
            except SyntaxError:  # IPython magics: no warm-up for this cell
                continue
            for node in tree.body:
                if isinstance(node, ast.Import):
                    found = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    # `from a import b`: b may be a submodule (tried; an attribute is skipped)
                    found = [node.module]
                    found += [f"{node.module}.{a.name}" for a in node.names if a.name != "*"]
                else:
                    continue
                names += [n for n in found if n not in names]
    return names


class WarmKernel:
    """One kernel started now; its imports run in a background thread until `take()`."""

    def __init__(self, cwd: Path, modules: list[str], arguments: list[str]) -> None:
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        os.environ.setdefault("MPLBACKEND", "Agg")
        self.km = AsyncKernelManager(kernel_name=KERNEL)
        if _template is not None and _template.alive():  # a fork of the template (forkserver.py)
            from strategic_ties.pipeline.forkserver import provisioner_for

            self.km.provisioner = provisioner_for(self.km, _template.address)
        run_sync(self.km.start_kernel)(extra_arguments=list(arguments), cwd=str(cwd))
        self.ok = False
        self._thread = threading.Thread(target=self._warm, args=(modules,), daemon=True)
        self._thread.start()

    def _warm(self, modules: list[str]) -> None:
        from jupyter_client.blocking import BlockingKernelClient

        client = BlockingKernelClient()
        client.load_connection_info(self.km.get_connection_info())
        client.start_channels(hb=False)  # no heartbeat: it reads "dead" until its first beat
        try:
            client.wait_for_ready(timeout=READY_TIMEOUT)
            if modules:
                msg_id = client.execute(
                    WARM_CODE.format(names=modules), silent=True, store_history=False
                )
                while True:  # the reply to our request (not a stray one)
                    reply = client.get_shell_msg(timeout=READY_TIMEOUT)
                    if reply["parent_header"].get("msg_id") == msg_id:
                        break
            self.ok = True
        except Exception:
            self.ok = False
        finally:
            client.stop_channels()

    def take(self) -> Any | None:
        """The kernel manager, ready and warm; None (and the kernel stopped) if warming failed."""
        from jupyter_core.utils import run_sync

        self._thread.join(READY_TIMEOUT)
        if self.ok and run_sync(self.km.is_alive)():
            return self.km
        self.stop()
        return None

    def stop(self) -> None:
        stop(self.km)


def stop(km: Any) -> None:
    """Stop a kernel at once."""
    from strategic_ties.pipeline.execute import stop_kernel

    stop_kernel(km)


# ---- the spare kernel of this process -------------------------------------------------------

_spare: WarmKernel | None = None
_config: dict[str, Any] = {}
_template: Any = None  # forkserver.Template of this build (or batch), inherited by its workers


@contextlib.contextmanager
def template(sources: list[Path]) -> Iterator[None]:
    """Kernels forked from one template process for the block (forkserver.py), unless one is
    running already (a batch's, inherited by its workers) or fork kernels are turned off.
    `sources`: the notebooks to execute (their top-level imports are done in the template)."""
    global _template
    from strategic_ties.pipeline import forkserver

    if not sources or not forkserver.enabled() or (_template is not None and _template.alive()):
        yield
        return
    try:
        _template = forkserver.Template.start(warm_modules(sources))
    except OSError:  # no template: kernels start as usual
        _template = None
        yield
        return
    try:
        yield
    finally:
        started, _template = _template, None
        started.stop()


def plan(sources: list[Path], cwd: Path | None, serial: bool) -> None:
    """Set up spare kernels for the notebooks `sources` to execute, in this process and in the
    workers forked from it. `serial`: one process runs them all, so the next kernel boots while
    the current notebook runs (the other core is free); in parallel workers a spare is started
    after a notebook has executed, while it is rendered. A shared budget (one kernel per
    notebook) keeps the workers from starting kernels nobody will use."""
    import multiprocessing

    _config.clear()
    if not sources or cwd is None or os.environ.get(WARM_ENV, "1").strip() == "0":
        return
    from strategic_ties.pipeline.execute import KERNEL_ARGUMENTS

    _config.update(
        cwd=cwd,
        modules=warm_modules(sources),
        arguments=list(KERNEL_ARGUMENTS),
        budget=multiprocessing.get_context("fork").Value("i", len(sources)),
        serial=serial,
    )


def worker_start() -> None:
    """Pool initializer: start this worker's first spare; stop what is left when it exits."""
    from multiprocessing.util import Finalize

    Finalize(None, discard, exitpriority=10)
    prestart()


def executed() -> None:
    """A notebook of this process has executed: in a parallel worker, start the next spare."""
    if not _config.get("serial"):
        prestart()


def prestart() -> None:
    """Start this process's spare kernel unless there is one (or the budget is spent)."""
    global _spare
    if _spare is not None or not _config:
        return
    budget = _config.get("budget")
    if budget is not None:
        with budget.get_lock():
            if budget.value <= 0:
                return
            budget.value -= 1
    try:
        _spare = WarmKernel(_config["cwd"], _config["modules"], _config["arguments"])
    except Exception:  # no kernel now: papermill starts its own later
        _spare = None


def take() -> Any | None:
    """The spare kernel's manager for the next notebook (None: let papermill start one).
    Without a spare, a kernel is forked from the template now when there is one.
    Run serially, the next spare starts booting now."""
    global _spare
    spare, _spare = _spare, None
    if spare is None and _template is not None and _config:
        with contextlib.suppress(Exception):
            spare = WarmKernel(_config["cwd"], _config["modules"], _config["arguments"])
    km = spare.take() if spare is not None else None
    if _config.get("serial"):
        prestart()
    return km


def discard() -> None:
    """Stop the spare kernel, if any (end of the build or of a worker)."""
    global _spare
    spare, _spare = _spare, None
    if spare is not None:
        spare._thread.join(READY_TIMEOUT)
        spare.stop()
