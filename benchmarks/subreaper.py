"""Count the CPU of a whole process tree, orphans included.

Chromium's zygotes and renderers are re-parented when a browser quits; a child subreaper
(Linux prctl) receives them instead of init, and `reap` waits for them, so their CPU appears in
``resource.getrusage(RUSAGE_CHILDREN)``. Shared by the benchmark scripts.
"""

from __future__ import annotations

import ctypes
import os
import time

PR_SET_CHILD_SUBREAPER = 36


def become_subreaper() -> None:
    """Make this process the subreaper of everything it starts (Linux)."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def reap(timeout: float = 10.0, poll: float = 0.05) -> None:
    """Wait (at most `timeout` seconds) for every orphan re-parented to this process."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            time.sleep(poll)
