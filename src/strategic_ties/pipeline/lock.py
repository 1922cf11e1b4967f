"""One build at a time per report folder: an exclusive lock on reports/.<slug>.lock.

The lock sits beside the folder, not in it: the install swaps the whole folder for a new one.

A second run into the same folder waits (saying so and who holds it) or, after `timeout`
seconds, stops with a clear message. Different folders (pairs) build side by side.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from strategic_ties.errors import UserError


def lock_path(folder: Path) -> Path:
    return folder.parent / f".{folder.name}.lock"


def owner_path(folder: Path) -> Path:
    return folder.parent / f".{folder.name}.lock-owner"


class BuildLocked(UserError):
    """Another build holds the folder and did not finish within the timeout."""


def _owner(folder: Path) -> str:
    try:
        return owner_path(folder).read_text(encoding="utf-8").strip()
    except OSError:
        return "another process"


@contextlib.contextmanager
def build_lock(folder: Path, timeout: float | None = None, say=None) -> Iterator[None]:
    """Hold the folder's lock for the duration of the block."""
    say = say or (lambda text: print(text, file=sys.stderr, flush=True))
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(lock_path(folder)))
        lock.acquire(timeout=0)
    except Timeout:
        limit = "" if timeout is None else f" (at most {timeout:g} s)"
        say(f"Waiting for {_owner(folder)} to finish building {folder}{limit}...")
        started = time.monotonic()
        try:
            lock.acquire(timeout=-1 if timeout is None else timeout)
        except Timeout:
            raise BuildLocked(
                f"Another build ({_owner(folder)}) is still writing {folder}; "
                "wait for it to finish or give a longer --timeout."
            ) from None
        say(f"Lock on {folder} acquired after {time.monotonic() - started:.1f} s.")
    except OSError as exc:  # after Timeout, which is an OSError too
        raise UserError(
            f"The report folder {folder} cannot be written ({exc.strerror or exc}); choose another with --out."
        ) from None
    try:
        owner_path(folder).write_text(
            f"build pid {os.getpid()} on {socket.gethostname()}", encoding="utf-8"
        )
        yield
    finally:
        with contextlib.suppress(OSError):
            owner_path(folder).unlink()
        lock.release()


DATA_LOCK_NAME = ".data.lock"


@contextlib.contextmanager
def data_lock(exclusive: bool, say=None) -> Iterator[None]:
    """A shared (run) or exclusive (`data build`) lock on the data folder, so a run never
    records old data fingerprints with new checksums. A data folder where no lock file can be
    made (read-only) is used without a lock: nothing can rebuild it there either."""
    import fcntl

    from strategic_ties import paths

    say = say or (lambda text: print(text, file=sys.stderr, flush=True))
    folder = paths.data_dir()
    try:
        handle = open(folder / DATA_LOCK_NAME, "a+b")  # noqa: SIM115 (held for the block)
    except OSError:
        yield
        return
    mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
    try:
        try:
            fcntl.flock(handle, mode | fcntl.LOCK_NB)
        except BlockingIOError:
            what = "runs to finish reading" if exclusive else "the data build to finish"
            say(f"Waiting for {what} {folder}...")
            fcntl.flock(handle, mode)
        yield
    finally:
        handle.close()  # releases the lock
