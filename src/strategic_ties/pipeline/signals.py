"""Ctrl-C, SIGTERM and a killed parent: stop cleanly, leave no process behind.

- The main process turns SIGTERM into `Terminated` (like Ctrl-C's KeyboardInterrupt), so the
  build's `finally` blocks remove the staging folder and release the lock.
- Worker processes ignore SIGINT (the terminal sends it to the whole process group; the parent
  decides), ask the kernel to send them SIGTERM when the parent dies (prctl PR_SET_PDEATHSIG,
  plus a watcher thread that sends it where prctl is missing), and on SIGTERM kill their own
  children (the notebook kernel, Chromium) before exiting. A batch worker stopped inside a
  pair's build (`terminate_raises`) first lets the build remove its staging folder and release
  its lock, then exits: it never goes back to the pool for the next pair.
- Once SIGTERM has been turned into `Terminated`, further SIGTERMs are ignored until the block
  ends, so a second signal cannot cut the clean-up short.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import threading
import time
from collections.abc import Iterator
from typing import Any

PR_SET_PDEATHSIG = 1


class Terminated(BaseException):  # noqa: N818  (a signal, like KeyboardInterrupt)
    """SIGTERM arrived: stop the build (exit code 143)."""


_in_worker = False  # set by worker_init: this process is a pool worker


def _raise_terminated(signum: int, frame: Any) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # the clean-up runs once, to its end
    raise Terminated()


@contextlib.contextmanager
def terminate_raises() -> Iterator[None]:
    """In the main thread: SIGTERM raises Terminated for the duration of the block. In a pool
    worker the block's clean-up runs, then the worker exits (143) instead of taking more work."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    stopping = False
    try:
        yield
    except Terminated:
        stopping = True
        if _in_worker:
            kill_children(grace=1.0)
            os._exit(128 + signal.SIGTERM)
        raise
    finally:  # an outer block still cleaning up after Terminated keeps ignoring SIGTERM
        keep_ignoring = stopping and previous is _raise_terminated
        signal.signal(signal.SIGTERM, signal.SIG_IGN if keep_ignoring else previous)


def kill_children(grace: float = 3.0) -> None:
    """Terminate, then kill, every descendant of this process (kernels, Chromium)."""
    import psutil

    try:
        children = psutil.Process().children(recursive=True)
    except psutil.Error:
        return
    for child in children:
        with contextlib.suppress(psutil.Error):
            child.terminate()
    _, alive = psutil.wait_procs(children, timeout=grace)
    for child in alive:
        with contextlib.suppress(psutil.Error):
            child.kill()


def _worker_exit(signum: int, frame: Any) -> None:
    kill_children(grace=1.0)
    os._exit(128 + signum)


def _watch_parent(parent: int, grace: float = 3.0) -> None:
    """When the parent dies: SIGTERM this worker (as PDEATHSIG does, where prctl is missing), so
    a build in progress removes its staging folder (~1 s); after `grace`, exit regardless."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(grace)
    kill_children(grace=1.0)
    os._exit(143)


def worker_init(parent: int) -> None:
    """ProcessPoolExecutor initializer: a worker never outlives the build that started it."""
    global _in_worker
    _in_worker = True
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _worker_exit)
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before prctl took effect
        _worker_exit(signal.SIGTERM, None)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def stop_workers(processes: dict[int, Any], grace: float = 10.0) -> None:
    """SIGTERM each worker (each kills its kernel), wait, then SIGKILL what is left.

    `processes` maps pids to the executor's multiprocessing handles, and the workers are reaped
    through those handles (`join`), never by pid: a worker reaped behind multiprocessing's back
    (psutil's wait did that) stays `is_alive()` for ever, and the executor's manager thread then
    spun at 100% CPU at exit, so a build stopped by SIGTERM sometimes never ended."""
    workers = list(processes.values())
    for proc in workers:
        with contextlib.suppress(Exception):  # already gone
            proc.terminate()
    deadline = time.monotonic() + grace
    for proc in workers:
        proc.join(max(0.0, deadline - time.monotonic()))
    for proc in workers:
        if proc.is_alive():
            with contextlib.suppress(Exception):
                proc.kill()
            proc.join(5)
