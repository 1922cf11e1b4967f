"""Stopping pool workers: each is reaped through its multiprocessing handle, so the executor
never waits for a process it can no longer see (a SIGTERM'd build then hung at exit)."""

from __future__ import annotations

import multiprocessing
import signal
import time

from strategic_ties.pipeline.signals import stop_workers


def _sleep() -> None:
    time.sleep(60)


def _sleep_ignoring_sigterm() -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    time.sleep(60)


def _started(target) -> multiprocessing.Process:
    process = multiprocessing.get_context("fork").Process(target=target)
    process.start()
    return process


def test_workers_are_reaped_through_their_handles() -> None:
    workers = [_started(_sleep), _started(_sleep)]
    started = time.monotonic()
    stop_workers({p.pid: p for p in workers}, grace=10)
    assert time.monotonic() - started < 5
    # multiprocessing itself saw them end: a pid reaped behind its back stays "alive" for ever
    assert [p.is_alive() for p in workers] == [False, False]
    assert [p.exitcode for p in workers] == [-signal.SIGTERM, -signal.SIGTERM]


def test_a_worker_ignoring_sigterm_is_killed_after_the_grace() -> None:
    stubborn = _started(_sleep_ignoring_sigterm)
    time.sleep(0.3)  # its handler is in place
    started = time.monotonic()
    stop_workers({stubborn.pid: stubborn}, grace=0.5)
    assert 0.4 < time.monotonic() - started < 5
    assert not stubborn.is_alive() and stubborn.exitcode == -signal.SIGKILL
