"""Start a command the way an interactive terminal starts a foreground job."""

from __future__ import annotations

import signal


def foreground_signals() -> None:
    """`preexec_fn` for tests that press Ctrl-C: SIGINT back to its default in the child.

    A shell starts background jobs with SIGINT ignored and children inherit that, so a suite run
    in the background (`make test &`, nohup, some CI runners) would start `strategic-ties` deaf to
    SIGINT, as it should be there, and a Ctrl-C test would wait in vain. A terminal's foreground
    job, which these tests stand for, has SIGINT at its default.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)
