"""Real signals to real `strategic-ties` processes: a stopped batch or data build exits with its
code and one sentence, leaves no staging or temporary folder and no process, and every report
holds its previous good version (or a complete new one)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from terminal import foreground_signals

FIXTURES = Path(__file__).parent / "fixtures" / "pipeline" / "notebooks"
COMMAND = str(Path(sys.executable).with_name("strategic-ties"))
THREE = """\
pairs:
  - {partner: Israel, country: Azerbaijan}
  - {partner: Russia, country: Armenia}
  - {partner: Türkiye, country: Azerbaijan}
"""
SLUGS = ("israel-azerbaijan", "russia-armenia", "turkiye-azerbaijan")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict[str, Path]:
    """A copy of the data, the fixture notebooks plus one that sleeps BATCH_TEST_SLEEP seconds,
    and the three pairs' reports built once (no sleep), to be copied by each test."""
    from strategic_ties import paths

    root = tmp_path_factory.mktemp("faults")
    data = root / "data"
    shutil.copytree(paths.data_dir(), data, ignore=shutil.ignore_patterns("raw", ".cache"))
    notebooks = root / "notebooks"
    shutil.copytree(FIXTURES, notebooks)
    nb = nbformat.read(FIXTURES / "demo_section.ipynb", as_version=4)
    nb.cells = [
        nb.cells[0],
        nb.cells[1],
        nbformat.v4.new_code_cell(
            "import os, time\ntime.sleep(float(os.environ.get('BATCH_TEST_SLEEP', '0')))"
        ),
        nbformat.v4.new_markdown_cell("# Slow section\n\nIt waited."),
    ]
    for number, cell in enumerate(nb.cells):
        cell["id"] = f"slow-{number}"
    nbformat.write(nb, notebooks / "slow_section.ipynb")
    pairs_file = root / "three.yaml"
    pairs_file.write_text(THREE, encoding="utf-8")
    built = root / "built"
    done = subprocess.run(
        [COMMAND, "batch", str(pairs_file), "--out", str(built), "--formats", "html", "-j", "2"],
        capture_output=True, text=True, env=_env(data, notebooks, 0), timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return {"data": data, "notebooks": notebooks, "pairs": pairs_file, "built": built}


def _env(data: Path, notebooks: Path, sleep: float) -> dict[str, str]:
    return {
        **os.environ,
        "STRATEGIC_TIES_DATA": str(data),
        "STRATEGIC_TIES_NOTEBOOKS": str(notebooks),
        "STRATEGIC_TIES_CODE_DIGEST": "fixture",
        "BATCH_TEST_SLEEP": str(sleep),
    }


def _contents(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith((".lock", ".lock-owner"))
    }


def _session(pid: int) -> list[str]:
    import psutil

    left = []
    for process in psutil.process_iter(["pid", "cmdline"]):
        with contextlib.suppress(OSError, psutil.Error):
            if process.pid != pid and os.getsid(process.pid) == pid:
                left.append(" ".join(process.info["cmdline"] or [])[:100])
    return left


def _wait_until(check, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_stopped_local_batch_cleans_up_and_builds_nothing_more(tmp_path, inputs, signum):
    """Three pairs on two workers, stopped while the first two sleep in a cell. SIGTERM used to
    kill the batch outright (no message, exit -15) and its workers' staging folders stayed;
    after Ctrl-C a worker went back to its pool and started the third pair, so the batch ended
    only when it was killed 10 s later, leaving that pair's staging folder."""
    out = tmp_path / "out"
    shutil.copytree(inputs["built"], out)
    before = _contents(out)
    batch = subprocess.Popen(
        [COMMAND, "batch", str(inputs["pairs"]), "--out", str(out), "--formats", "html",
         "-j", "2", "--force"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        env=_env(inputs["data"], inputs["notebooks"], 60), preexec_fn=foreground_signals,
    )  # fmt: skip
    try:
        staged = lambda: len(list(out.glob(".*.staging-*/notebooks/demo_section.ipynb"))) == 2  # noqa: E731
        assert _wait_until(staged, 120), "the two first pairs did not reach their slow cell"
        time.sleep(1.0)
        stopped = time.monotonic()
        batch.send_signal(signum)
        _, err = batch.communicate(timeout=60)
        took = time.monotonic() - stopped
        assert _wait_until(lambda: not _session(batch.pid), 10), _session(batch.pid)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(batch.pid, signal.SIGKILL)
    code = {signal.SIGINT: 130, signal.SIGTERM: 143}[signum]
    assert batch.returncode == code, err
    assert "Traceback" not in err
    assert (
        err.rstrip()
        .splitlines()[-1]
        .endswith("pairs finished before were installed; the others keep their previous report.")
    )
    assert took < 8, f"the batch took {took:.1f} s to stop"
    assert not [p.name for p in out.iterdir() if ".staging-" in p.name]
    assert _contents(out) == before  # no pair finished: every report is the previous one


def test_ctrl_c_while_the_local_cluster_starts_is_one_sentence(tmp_path, inputs):
    """Ctrl-C while LocalCluster started its workers: distributed's exit hook then printed a
    traceback (AssertionError: Status.init) closing the half-started cluster."""
    out = tmp_path / "out"
    batch = subprocess.Popen(
        [COMMAND, "batch", str(inputs["pairs"]), "--out", str(out), "--formats", "html",
         "--cluster", "local", "-j", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        env=_env(inputs["data"], inputs["notebooks"], 0), preexec_fn=foreground_signals,
    )  # fmt: skip
    try:
        first = batch.stderr.readline()
        assert "on a local Dask cluster of 2 workers" in first
        time.sleep(0.5)  # the cluster's scheduler and nannies are starting
        batch.send_signal(signal.SIGINT)
        _, err = batch.communicate(timeout=60)
        assert _wait_until(lambda: not _session(batch.pid), 15), _session(batch.pid)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(batch.pid, signal.SIGKILL)
    assert batch.returncode == 130, err
    assert "Traceback" not in err, err
    assert err.strip().startswith("strategic-ties: interrupted;")
    assert not any(out.glob(".*.staging-*")) if out.exists() else True


def test_sigterm_stops_a_data_build_without_leaving_its_temporary_folder(
    tmp_path, inputs, raw_data
):
    """SIGTERM killed `data build` outright (exit -15), leaving data/.build-* (tens of MB)."""
    data = tmp_path / "data"
    shutil.copytree(inputs["data"], data)
    before = _contents(data / "processed"), (data / "catalog.yaml").read_bytes()
    build = subprocess.Popen(
        [COMMAND, "data", "build", "--raw", str(raw_data)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        env={**os.environ, "STRATEGIC_TIES_DATA": str(data)},
    )  # fmt: skip
    try:
        writing = lambda: any(data.glob(".build-*/*.parquet"))  # noqa: E731
        assert _wait_until(writing, 120), "the build wrote no table"
        build.send_signal(signal.SIGTERM)
        _, err = build.communicate(timeout=60)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(build.pid, signal.SIGKILL)
    assert build.returncode == 143, err
    assert err.rstrip().splitlines()[-1] == (
        "strategic-ties: terminated (SIGTERM); nothing was installed."
    )
    assert not list(data.glob(".build-*"))
    assert (_contents(data / "processed"), (data / "catalog.yaml").read_bytes()) == before
