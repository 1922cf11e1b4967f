"""Run a batch: every pair as a task on local worker processes or on a Dask cluster.

- local (default): `--jobs N` worker processes, one pair at a time each;
- `--cluster local`: a `dask.distributed.LocalCluster` with N single-threaded workers, for the run;
- `--scheduler ADDRESS`: an existing Dask cluster (`dask scheduler`, `dask worker ADDRESS`).

A failing pair does not stop the others. A worker that dies mid-pair is replaced: on Dask the
scheduler reruns the task on another worker; locally the pair is reported failed. Either way the
per-report lock and the staged, atomic install keep the pair's previous good report intact.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from strategic_ties import fmt
from strategic_ties.batch.pairs import Batch
from strategic_ties.batch.worker import PairJob, build_pair, catalogue_checksums
from strategic_ties.errors import UserError

Result = dict[str, Any]


@dataclass
class Options:
    out: Path
    formats: tuple[str, ...] = ("html", "pdf")
    jobs: int = 1
    force: bool = False
    pdf_engine: str = "auto"
    timeout: float | None = None
    scheduler: str | None = None
    cluster: str | None = None  # "local" or None
    notebooks: str | None = None


def jobs_for(batch: Batch, options: Options) -> list[PairJob]:
    checksums = catalogue_checksums()
    return [
        PairJob(
            slug=pair.slug,
            label=pair.label,
            values=pair.values,
            out=str(options.out),
            formats=tuple(options.formats),
            force=options.force,
            pdf_engine=options.pdf_engine,
            timeout=options.timeout,
            notebooks=options.notebooks,
            checksums=checksums,
        )
        for pair in batch.pairs
    ]


# ---- progress --------------------------------------------------------------------------------------


class Progress:
    """One bar for the batch on a terminal (tqdm); a plain line per pair otherwise."""

    def __init__(self, total: int, stream: Any = None) -> None:
        self.stream = stream or sys.stderr
        self.total, self.done, self.started = total, 0, time.monotonic()
        self.bar = None
        if getattr(self.stream, "isatty", lambda: False)():
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="pair", file=self.stream, dynamic_ncols=True)

    def update(self, result: Result) -> None:
        self.done += 1
        status = result["status"]
        line = (
            f"[{self.done}/{self.total}] {status:<7} {result['slug']} ({result['seconds']:.1f} s)"
        )
        if status == "failed":
            line += f": {result['failure']['message'].splitlines()[0]}"
        if self.bar is not None:
            self.bar.write(line, file=self.stream)
            self.bar.update(1)
        else:
            self.stream.write(line + "\n")
            self.stream.flush()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


# ---- executors -----------------------------------------------------------------------------------


def _crashed(job: PairJob, reason: str) -> Result:
    return {
        "slug": job.slug,
        "label": job.label,
        "status": "failed",
        "seconds": 0.0,
        "folder": str(Path(job.out) / job.slug),
        "failure": {"message": reason, "notebook": None, "cell": None},
    }


def run_local(jobs: list[PairJob], workers: int, on_result: Callable[[Result], None]) -> None:
    """Worker processes (forked, warm); a process that dies fails only its pair. Every notebook
    kernel of the batch is forked from one template process (pipeline/forkserver.py)."""
    from strategic_ties.pipeline import kernels

    with kernels.template(_sources(jobs)):
        _run_local(jobs, workers, on_result)


def _sources(jobs: list[PairJob]) -> list[Path]:
    from strategic_ties.pipeline.build import notebooks_dir

    folders = {notebooks_dir(job.notebooks) for job in jobs}
    return sorted(path for folder in folders for path in folder.glob("*.ipynb"))


def _run_local(jobs: list[PairJob], workers: int, on_result: Callable[[Result], None]) -> None:
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            on_result(build_pair(job))
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    from strategic_ties.pipeline.signals import stop_workers, worker_init

    _warm()
    context = multiprocessing.get_context("fork")
    attempts = dict.fromkeys((job.slug for job in jobs), 0)
    remaining = list(jobs)
    while remaining:  # a dead process breaks the pool: rerun what was unfinished, twice at most
        size = min(workers, len(remaining))
        # Workers die with the batch (SIGTERM, kill -9: signals.worker_init) and ignore the
        # terminal's Ctrl-C: this process stops them (each kills its kernel and Chromium).
        pool = ProcessPoolExecutor(
            max_workers=size,
            mp_context=context,
            initializer=worker_init,
            initargs=(os.getpid(),),
        )
        try:
            futures = {pool.submit(build_pair, job): job for job in remaining}
            for future in as_completed(futures):
                try:
                    result = future.result()
                except BrokenProcessPool:
                    continue
                remaining.remove(futures[future])
                on_result(result)
        except BaseException:  # Ctrl-C, SIGTERM turned into Terminated: no worker may build on
            stop_workers(dict(getattr(pool, "_processes", None) or {}))
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown(wait=True)
        for job in list(remaining):
            attempts[job.slug] += 1
            if attempts[job.slug] >= 2:
                remaining.remove(job)
                on_result(_crashed(job, "A worker process died while this pair was building."))


def _warm() -> None:
    """Import the heavy modules before forking, so every worker starts warm."""
    import nbformat  # noqa: F401
    import papermill  # noqa: F401

    from strategic_ties.pipeline.render import warm_up

    warm_up()


def run_dask(
    jobs: list[PairJob], client: Any, on_result: Callable[[Result], None], retries: int = 1
) -> None:
    """Each pair a Dask task; a worker lost mid-pair makes the scheduler rerun it elsewhere
    (up to `distributed.scheduler.allowed-failures` times), then the pair is reported failed."""
    from distributed import as_completed

    futures = {
        client.submit(
            build_pair,
            job,
            key=f"pair-{job.slug}-{os.getpid()}-{time.time_ns()}",
            pure=False,
            retries=retries,
        ): job
        for job in jobs
    }
    for future in as_completed(futures):
        job = futures[future]
        try:
            on_result(future.result())
        except Exception as exc:  # KilledWorker, lost connection, ...
            on_result(
                _crashed(job, f"The Dask task for this pair failed: {type(exc).__name__}: {exc}")
            )


def dask_client(options: Options) -> tuple[Any, Callable[[], None]]:
    """A connected client and a function closing what was opened for the run."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise UserError(
            "Dask is not installed; install it with `pip install 'dask[distributed]'`."
        ) from None
    if options.scheduler:
        check_scheduler(options.scheduler)
        try:
            client = Client(options.scheduler, timeout="10s")
        except (OSError, TimeoutError, ValueError, TypeError) as exc:
            raise UserError(
                f"Option '--scheduler': cannot reach a Dask scheduler at {options.scheduler} "
                f"({exc}); start one with `dask scheduler` and workers with `dask worker ADDRESS`."
            ) from None
        return client, client.close
    try:
        cluster = LocalCluster(
            n_workers=max(1, options.jobs),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=40,
        )
    except BaseException:  # e.g. Ctrl-C while the workers start
        _forget_half_started_clusters()
        raise
    client = Client(cluster)

    def close() -> None:
        client.close()
        cluster.close()

    return client, close


def check_scheduler(address: str) -> None:
    """A usage error (exit 2) for an address Dask cannot parse, before any connection."""
    from distributed.comm import get_address_host_port

    try:
        get_address_host_port(address)
    except (ValueError, TypeError) as exc:
        raise UserError(
            f"Option '--scheduler': {address[:200]!r} is not a Dask scheduler address ({exc}); "
            "give tcp://HOST:PORT, e.g. tcp://127.0.0.1:8786."
        ) from None


def _forget_half_started_clusters() -> None:
    """Stop the processes of a LocalCluster interrupted while starting, and drop it from
    distributed's registry, whose exit hook would otherwise print a traceback closing it. The
    nannies' start tasks then fail unread: asyncio's report of them is muted (the batch ends)."""
    import logging

    from distributed.deploy.spec import SpecCluster

    from strategic_ties.pipeline.signals import kill_children

    # muted first: the nannies' start tasks fail while their processes are being killed, and
    # the loop thread reports them at once (muting after the kill came too late, now and then)
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)
    kill_children(grace=2.0)
    for cluster in list(SpecCluster._instances):
        SpecCluster._instances.discard(cluster)


def tidy(folder: Path) -> None:
    """Remove staging folders a dead worker left beside a pair's folder, when no build holds it."""
    from filelock import FileLock, Timeout

    from strategic_ties.pipeline.install import stale_stagings
    from strategic_ties.pipeline.lock import lock_path

    if not stale_stagings(folder):
        return
    lock = FileLock(str(lock_path(folder)))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return  # another build is working on this pair: its staging folder is live
    try:
        for stale in stale_stagings(folder):
            shutil.rmtree(stale, ignore_errors=True)
    finally:
        lock.release()


def execute(batch: Batch, options: Options, stream: Any = None, client: Any = None) -> list[Result]:
    """Build every pair; results in the pairs file's order."""
    jobs = jobs_for(batch, options)
    progress = Progress(len(jobs), stream)
    results: dict[str, Result] = {}

    def record(result: Result) -> None:
        results[result["slug"]] = result
        progress.update(result)

    try:
        if client is not None:
            run_dask(jobs, client, record)
        elif options.scheduler or options.cluster:
            client, close = dask_client(options)
            try:
                run_dask(jobs, client, record)
            finally:
                close()
        else:
            from strategic_ties.pipeline.pdf import browser_session

            with browser_session():  # one Chromium per worker process for all its pairs
                run_local(jobs, options.jobs, record)
    except BaseException:  # Ctrl-C, SIGTERM: the stopped workers' staging folders go too
        for job in jobs:
            if job.slug not in results:
                tidy(Path(job.out) / job.slug)
        raise
    finally:
        progress.close()
    for job in jobs:
        if results.get(job.slug, {}).get("status") == "failed":
            tidy(Path(job.out) / job.slug)
    return [results[job.slug] for job in jobs if job.slug in results]


def summary(results: Iterable[Result]) -> str:
    """The table printed at the end: each pair with built / cached / failed (notebook, cell)."""
    rows = list(results)
    width = max((len(r["slug"]) for r in rows), default=4)
    lines = [f"{'pair':<{width}}  status   seconds  detail"]
    for r in rows:
        detail = ""
        if r["status"] == "failed":
            failure = r["failure"]
            where = ""
            if failure.get("notebook"):
                cell = f", cell {failure['cell']}" if failure.get("cell") else ""
                where = f"notebook {failure['notebook']}{cell}: "
            message = failure["message"].splitlines()[0]
            if where:  # the message's own "Notebook X failed in cell N: " says it again
                message = message.split(": ", 1)[-1]
            detail = where + message
        lines.append(f"{r['slug']:<{width}}  {r['status']:<7}  {r['seconds']:>7.1f}  {detail}")
    counts = {s: sum(r["status"] == s for r in rows) for s in ("built", "cached", "failed")}
    lines.append(
        f"{fmt.count(len(rows), 'pair')}: {counts['built']} built, {counts['cached']} cached, "
        f"{counts['failed']} failed."
    )
    return "\n".join(lines)
