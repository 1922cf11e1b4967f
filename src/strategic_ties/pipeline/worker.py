"""The execute step: run and render notebooks in worker processes (one kernel per notebook).

`work(task)` executes one notebook (unless its execution is cached) and renders it into the
staging folder; it never raises. `run_tasks` schedules the tasks over `jobs` processes and
stops queued ones after the first failure.
"""

from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def say(text: str) -> None:
    """One progress line on stderr, written in one call (parallel workers do not interleave)."""
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


@dataclass
class Task:
    name: str
    source: Path
    staging: Path
    reuse: Path | None  # executed notebook to re-render (execution is cached)
    formats: list[str]
    engine: str | None
    parameters: dict[str, Any]
    cover: dict[str, Any]
    cwd: Path


def failed(result: dict[str, Any]) -> bool:
    return "failed" in result or "error" in result


def work(task: Task, pdf: bool = True) -> dict[str, Any]:
    """Execute (unless cached) and render one notebook into the staging folder. Never raises.
    `pdf=False`: stop after the HTML (`print_pdf` prints it later, maybe in another process)."""
    from strategic_ties.pipeline.execute import NotebookFailed

    result: dict[str, Any] = {"name": task.name, "timings": {}, "charts": []}
    try:
        import nbformat

        from strategic_ties.pipeline.exporters import chart_data
        from strategic_ties.pipeline.render import render_html

        executed = task.staging / "notebooks" / f"{task.name}.ipynb"
        started = time.perf_counter()
        if task.reuse is None:
            from strategic_ties.pipeline import kernels
            from strategic_ties.pipeline.execute import execute

            say(f"  run      {task.name}")
            km = kernels.take()  # a warm kernel when one is ready, else papermill starts one
            nb = execute(task.source, executed, task.parameters, cwd=task.cwd, km=km)
            kernels.executed()
            result["timings"]["execute"] = round(time.perf_counter() - started, 3)
        else:
            nb = nbformat.read(task.reuse, as_version=4)
        charts_dir = task.staging / "chart-data" / task.name
        charts_dir.mkdir(parents=True, exist_ok=True)
        for key, csv in chart_data(nb):
            (charts_dir / f"{key}.csv").write_text(csv, encoding="utf-8")
            result["charts"].append(f"{key}.csv")
        nb.metadata["strategic_ties"] = dict(task.cover)
        started = time.perf_counter()
        document = render_html(nb, task.name)
        html_path = _html_path(task)
        html_path.parent.mkdir(parents=True, exist_ok=True)
        html_path.write_text(document, encoding="utf-8")
        result["timings"]["html"] = round(time.perf_counter() - started, 3)
        if pdf and "pdf" in task.formats:
            _print(task, result)
    except NotebookFailed as exc:
        result["failed"] = {
            "message": str(exc),
            "cell": exc.cell,
            "ename": exc.ename,
            "executed": str(exc.executed),
        }
    except Exception as exc:  # a renderer or I/O failure: report it, the main process decides
        _record_error(result, exc)
    return result


def _record_error(result: dict[str, Any], exc: Exception) -> None:
    from strategic_ties.pipeline.execute import no_space

    result["error"] = f"{type(exc).__name__}: {exc}"
    result["no_space"] = no_space(exc)
    result["traceback"] = traceback.format_exc()


def _print(task: Task, result: dict[str, Any]) -> None:
    """Print the task's staged HTML to its PDF; the time goes into result["timings"]["pdf"]."""
    from strategic_ties.pipeline.render import html_file_to_pdf

    started = time.perf_counter()
    (task.staging / "pdf").mkdir(parents=True, exist_ok=True)
    html_file_to_pdf(_html_path(task), task.staging / "pdf" / f"{task.name}.pdf", task.engine)
    result["timings"]["pdf"] = round(time.perf_counter() - started, 3)


def _html_path(task: Task) -> Path:
    return task.staging / ("html" if "html" in task.formats else "tmp") / f"{task.name}.html"


def print_pdf(task: Task) -> dict[str, Any]:
    """Print a rendered notebook's staged HTML to its PDF (`work(task, pdf=False)` ran before).
    Never raises: {"name", "timings": {"pdf": s}} or an "error" as `work` reports it."""
    result: dict[str, Any] = {"name": task.name, "timings": {}}
    try:
        _print(task, result)
    except Exception as exc:
        _record_error(result, exc)
    return result


def preimport() -> None:
    """Import the heavy modules once in the parent, so forked workers start warm."""
    import nbformat  # noqa: F401
    import papermill  # noqa: F401

    from strategic_ties.pipeline.render import warm_up

    warm_up()


def _report_html(result: dict[str, Any]) -> None:
    parts = " · ".join(f"{k} {v:.1f} s" for k, v in result["timings"].items())
    say(f"  html     {result['name']}: {parts} (PDF queued)")


def _report(result: dict[str, Any], index: int, total: int) -> None:
    if "failed" in result:
        say(f"  FAILED   {result['name']}: {result['failed']['message']}")
    elif "error" in result:
        say(f"  FAILED   {result['name']}: {result['error']}")
    else:
        parts = " · ".join(f"{k} {v:.1f} s" for k, v in result["timings"].items())
        say(f"  done     {result['name']} ({index}/{total}): {parts}")


def _worker_start(parent: int, chromium: bool = False) -> None:
    """Pool initializer: die with the parent (signals.py), then the warm kernel (kernels.py),
    and this worker's Chromium, launched while its notebooks run (`chromium`: it will print)."""
    from strategic_ties.pipeline import kernels
    from strategic_ties.pipeline.signals import worker_init

    worker_init(parent)
    kernels.worker_start()
    if chromium:
        from strategic_ties.pipeline.pdf import prelaunch

        prelaunch()


def _prints_with_chromium(tasks: list[Task]) -> bool:
    return any(t.engine == "chromium" and "pdf" in t.formats for t in tasks)


def run_tasks(
    tasks: list[Task], jobs: int, after_html: Callable[[], None] | None = None
) -> list[dict[str, Any]]:
    """Run the tasks (in this process when jobs == 1); queued ones are dropped after a failure.

    `after_html` (the combined briefing) runs in this process once every task's HTML is staged
    and nothing has failed. In parallel, the parts' PDF prints are then queued as tasks of their
    own, so the briefing's assembly and layout print overlap the last parts' prints.

    Ctrl-C and SIGTERM reach only this process (workers ignore SIGINT, kernels have their own
    session); it stops the workers, which kill their kernels, and re-raises (see signals.py).
    A daemonic process (e.g. a Dask worker, which may not have children) runs them itself."""
    import multiprocessing
    import os
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    from strategic_ties.pipeline import kernels
    from strategic_ties.pipeline.signals import kill_children, stop_workers

    serial = jobs == 1 or len(tasks) <= 1 or multiprocessing.current_process().daemon
    kernels.plan(
        [t.source for t in tasks if t.reuse is None], tasks[0].cwd if tasks else None, serial
    )
    if serial:
        kernels.prestart()  # boots while this process imports papermill and nbconvert
        if _prints_with_chromium(tasks):
            from strategic_ties.pipeline.pdf import prelaunch

            prelaunch()  # ready when the first notebook's PDF is due
    preimport()
    results: list[dict[str, Any]] = []
    if serial:
        try:
            for task in tasks:
                results.append(work(task))
                _report(results[-1], len(results), len(tasks))
                if failed(results[-1]):
                    break
            else:
                if after_html is not None:
                    after_html()
        except BaseException:
            # The spare kernel first, while the template it is forked from still runs: its
            # warm-up then ends at once. Killed first, discard() waited up to 120 s for a
            # kernel that would never answer (Ctrl-C or SIGTERM of a `batch --jobs 1`).
            kernels.discard()
            kill_children()  # the kernel (and Chromium) must not outlive an interrupted build
            raise
        finally:
            kernels.discard()
        return results

    pool = ProcessPoolExecutor(
        max_workers=min(jobs, len(tasks)),
        mp_context=multiprocessing.get_context("fork"),
        initializer=_worker_start,
        initargs=(os.getpid(), _prints_with_chromium(tasks)),
    )
    split = after_html is not None  # PDFs printed after all HTML (see above)
    pending: dict[Any, tuple[str, Task]] = {}
    waiting: dict[str, dict[str, Any]] = {}  # HTML done, PDF queued
    html_left, stopped = len(tasks), False
    try:
        for task in tasks:
            pending[pool.submit(work, task, not split)] = ("work", task)
        if split and _prints_with_chromium(tasks):  # the workers are forked: no fork follows
            from strategic_ties.pipeline.pdf import prelaunch

            prelaunch()  # this process prints the combined briefing
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                kind, task = pending.pop(future)
                if future.cancelled():
                    continue
                result = future.result()
                if kind == "work":
                    html_left -= 1
                    if split and "pdf" in task.formats and not failed(result) and not stopped:
                        waiting[task.name] = result
                        _report_html(result)  # its "done" line follows once the PDF is printed
                        pending[pool.submit(print_pdf, task)] = ("pdf", task)
                        continue
                else:
                    result = _merged(waiting.pop(task.name), result)
                results.append(result)
                _report(result, len(results), len(tasks))
                if failed(result) and not stopped:
                    stopped = True
                    for other in pending:
                        other.cancel()  # stop queued work; running tasks finish
            if split and html_left == 0 and not stopped:
                split = False  # once
                after_html()
    except BaseException:  # Ctrl-C, SIGTERM, a dead worker: no kernel may outlive the build
        # The executor cancels its own queue (cancelling the futures here instead races with
        # its manager thread, which then fails to mark a cancelled future broken and prints an
        # InvalidStateError traceback), then the workers are stopped; shutdown forgets them.
        workers = dict(getattr(pool, "_processes", None) or {})
        pool.shutdown(wait=False, cancel_futures=True)
        stop_workers(workers)
        raise
    pool.shutdown(wait=True)
    return results


def _merged(result: dict[str, Any], printed: dict[str, Any]) -> dict[str, Any]:
    """A task's result with its separate PDF print's timing (or error) added."""
    result["timings"].update(printed["timings"])
    for key in ("error", "no_space", "traceback"):
        if key in printed:
            result[key] = printed[key]
    return result
