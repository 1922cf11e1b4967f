"""Real batches of the fixture notebooks: worker processes, a Dask LocalCluster with two workers,
a worker killed in the middle of a pair, two batches over the same pairs at once. HTML only (the
PDF is not the point here); the data and the code digest are pinned as in test_pipeline_build.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import pytest
from terminal import foreground_signals

from strategic_ties.batch import pairs, runner
from strategic_ties.pipeline.install import stale_stagings

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).parent / "fixtures" / "pipeline" / "notebooks"
PINNED = ("STRATEGIC_TIES_DATA", "STRATEGIC_TIES_CODE_DIGEST", "STRATEGIC_TIES_NOTEBOOKS")
THREE = """\
title: Three fixture pairs
defaults: {period_years: 5}
pairs:
  - {partner: Israel, country: Azerbaijan}
  - {partner: Russia, country: Armenia}
  - {partner: Türkiye, country: Azerbaijan}
"""


@pytest.fixture(scope="module", autouse=True)
def stable_inputs(tmp_path_factory):
    """A copy of the processed data, a pinned code digest, the fixture notebooks (env: the
    Dask workers and batch subprocesses inherit them)."""
    from strategic_ties import paths

    data = tmp_path_factory.mktemp("data") / "data"
    shutil.copytree(paths.data_dir(), data, ignore=shutil.ignore_patterns("raw"))
    saved = {k: os.environ.get(k) for k in PINNED}
    os.environ.update(
        {
            "STRATEGIC_TIES_DATA": str(data),
            "STRATEGIC_TIES_CODE_DIGEST": "fixture",
            "STRATEGIC_TIES_NOTEBOOKS": str(FIXTURES),
        }
    )
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def batch_command(pairs_file: Path, out: Path, *extra: str) -> list[str]:
    return [
        str(Path(sys.executable).with_name("strategic-ties")),
        "batch",
        str(pairs_file),
        "--out",
        str(out),
        "--formats",
        "html",
        *extra,
    ]


def assert_complete(folder: Path) -> None:
    """A whole report: manifest naming every notebook, their HTML and the briefing, no staging."""
    record = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert set(record["notebooks"]) == {"briefing", "demo_section"}
    for name in record["notebooks"]:
        assert (
            (folder / "html" / f"{name}.html")
            .read_text(encoding="utf-8")
            .rstrip()
            .endswith("</html>")
        )
    assert (folder / "briefing.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert not stale_stagings(folder)


def test_local_cluster_two_workers_three_pairs(tmp_path):
    pairs_file = tmp_path / "three.yaml"
    pairs_file.write_text(THREE, encoding="utf-8")
    out = tmp_path / "out"
    done = subprocess.run(
        batch_command(pairs_file, out, "--cluster", "local", "--jobs", "2"),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "on a local Dask cluster of 2 workers" in done.stderr
    assert "3 pairs: 3 built, 0 cached, 0 failed." in done.stdout
    assert sum(line.startswith("[") for line in done.stderr.splitlines()) == 3  # a line per pair
    for slug in ("israel-azerbaijan", "russia-armenia", "turkiye-azerbaijan"):
        assert_complete(out / slug)
    page = (out / "index.html").read_text(encoding="utf-8")
    assert page.count('href="') == 3 and "turkiye-azerbaijan/briefing.html" in page

    again = subprocess.run(
        batch_command(pairs_file, out, "--jobs", "2"), capture_output=True, text=True, timeout=600
    )
    assert again.returncode == 0, again.stderr
    assert "3 pairs: 0 built, 3 cached, 0 failed." in again.stdout  # a cache check per pair


def slow_notebooks(tmp_path: Path) -> Path:
    """The fixture notebooks plus one whose cell sleeps BATCH_TEST_SLEEP seconds."""
    folder = tmp_path / "notebooks"
    shutil.copytree(FIXTURES, folder)
    nb = nbformat.read(FIXTURES / "demo_section.ipynb", as_version=4)
    cells = [nb.cells[0], nb.cells[1]]
    cells.append(
        nbformat.v4.new_code_cell(
            "import os, time\ntime.sleep(float(os.environ.get('BATCH_TEST_SLEEP', '0')))"
        )
    )
    cells.append(nbformat.v4.new_markdown_cell("# Slow section\n\nIt waited."))
    for number, cell in enumerate(cells):
        cell["id"] = f"slow-{number}"
    nb.cells = cells
    nbformat.write(nb, folder / "slow_section.ipynb")
    return folder


def test_worker_killed_mid_pair_is_retried_and_leaves_nothing_half_written(
    tmp_path, monkeypatch, record_property, capsys
):
    """The scheduler reruns the pair on the other worker (retries=1, and Dask allows 3 worker
    deaths per task before KilledWorker), so the outcome observed is "retried and built"; the
    test records it (printed in the test output, and as a JUnit property) and fails if the pair was reported failed
    instead. The killed worker's kernel (and kernel template) must go with it."""
    import psutil
    from distributed import Client, LocalCluster

    notebooks = slow_notebooks(tmp_path)
    monkeypatch.setenv("BATCH_TEST_SLEEP", "4")
    pairs_file = tmp_path / "one.yaml"
    pairs_file.write_text("pairs:\n  - {partner: Russia, country: Armenia}\n", encoding="utf-8")
    batch = pairs.load(pairs_file)
    out = tmp_path / "out"
    folder = out / "russia-armenia"
    options = runner.Options(out=out, formats=("html",), jobs=2, notebooks=str(notebooks))
    killed: list[int] = []
    orphans: list[psutil.Process] = []

    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):

        def kill_when_staging_appears() -> None:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and not stale_stagings(folder):
                time.sleep(0.1)
            time.sleep(1.0)  # a notebook is executing now
            busy = [addr for addr, keys in client.processing().items() if keys]
            pid = client.run(os.getpid, workers=busy[:1])[busy[0]]
            orphans.extend(psutil.Process(pid).children(recursive=True))  # its kernel
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

        killer = threading.Thread(target=kill_when_staging_appears, daemon=True)
        killer.start()
        with open(os.devnull, "w") as quiet:
            results = runner.execute(batch, options, stream=quiet, client=client)
        killer.join(timeout=5)
    # the killed worker's kernel and kernel template die with it (nothing left running)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_running(p) for p in orphans):
        time.sleep(0.2)
    left = [p.pid for p in orphans if _running(p)]
    for process in orphans:
        with contextlib.suppress(psutil.Error):
            process.kill()

    assert killed, "the worker was not killed"
    (result,) = results
    outcome = "retried and built" if result["status"] == "built" else "reported failed"
    record_property("killed_worker_outcome", outcome)
    with capsys.disabled():  # in the test output, not only on failure
        print(f"\nworker {killed[0]} killed mid-pair: the pair was {outcome} ({result['worker']})")
    assert not left, f"processes of the killed worker still run: {left}"
    assert not stale_stagings(folder)  # nothing half-written left beside or in the folder
    assert outcome == "retried and built", result.get("failure")
    assert result["worker"].split(":")[1] != str(killed[0])  # on another worker process
    record = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert set(record["notebooks"]) == {"briefing", "demo_section", "slow_section"}
    assert (folder / "briefing.html").read_text(encoding="utf-8").rstrip().endswith("</html>")


def _running(process) -> bool:
    import psutil

    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def test_two_batches_over_overlapping_pairs_do_not_corrupt_each_other(tmp_path):
    first = tmp_path / "first.yaml"
    first.write_text(
        "pairs:\n  - {partner: Israel, country: Azerbaijan}\n  - {partner: Russia, country: Armenia}\n",
        encoding="utf-8",
    )
    second = tmp_path / "second.yaml"
    second.write_text(
        "pairs:\n  - {partner: Russia, country: Armenia}\n  - {partner: Israel, country: Azerbaijan}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    one = subprocess.Popen(
        batch_command(first, out, "--cluster", "local", "--jobs", "2", "--force"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    two = subprocess.Popen(
        batch_command(second, out, "--jobs", "2", "--force"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    out_one, err_one = one.communicate(timeout=600)
    out_two, err_two = two.communicate(timeout=600)
    assert one.returncode == 0, err_one
    assert two.returncode == 0, err_two
    assert "2 pairs: 2 built" in out_one and "2 pairs: 2 built" in out_two
    for slug in ("israel-azerbaijan", "russia-armenia"):
        assert_complete(out / slug)
    assert (out / "index.html").read_text(encoding="utf-8").rstrip().endswith("</html>")


def test_failing_pair_does_not_stop_the_others_and_keeps_its_last_good_report(tmp_path):
    folder = tmp_path / "notebooks"
    shutil.copytree(FIXTURES, folder)
    nb = nbformat.read(FIXTURES / "demo_section.ipynb", as_version=4)
    nb.cells = [
        nb.cells[0],
        nb.cells[1],
        nbformat.v4.new_markdown_cell("# Flaky section"),
        nbformat.v4.new_code_cell(
            "import os\nif os.environ.get('BATCH_TEST_FAIL') == params.country:\n"
            "    raise RuntimeError('planned failure for ' + params.country)"
        ),
    ]
    for number, cell in enumerate(nb.cells):
        cell["id"] = f"flaky-{number}"
    nbformat.write(nb, folder / "flaky_section.ipynb")
    pairs_file = tmp_path / "two.yaml"
    pairs_file.write_text(
        "pairs:\n  - {partner: Russia, country: Armenia}\n  - {partner: Israel, country: Azerbaijan}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    command = [*batch_command(pairs_file, out, "--jobs", "2"), "--notebooks-dir", str(folder)]
    first = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr
    good = (out / "russia-armenia" / "manifest.json").read_bytes()
    good_html = (out / "russia-armenia" / "briefing.html").read_bytes()

    env = {**os.environ, "BATCH_TEST_FAIL": "Armenia"}
    second = subprocess.run(
        [*command, "--force"], capture_output=True, text=True, timeout=600, env=env
    )
    assert second.returncode == 1, second.stderr
    lines = {line.split()[0]: line for line in second.stdout.splitlines() if "  " in line}
    assert "built" in lines["israel-azerbaijan"]
    failed = lines["russia-armenia"]
    assert "failed" in failed and "notebook flaky_section, cell 4" in failed
    assert "RuntimeError: planned failure for Armenia" in failed
    assert "2 pairs: 1 built, 0 cached, 1 failed." in second.stdout
    assert "Traceback" not in second.stderr
    # the previous good report is untouched; the failed notebook is kept aside
    assert (out / "russia-armenia" / "manifest.json").read_bytes() == good
    assert (out / "russia-armenia" / "briefing.html").read_bytes() == good_html
    assert (out / "russia-armenia" / "failed" / "flaky_section.ipynb").is_file()
    assert not stale_stagings(out / "russia-armenia")
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "russia-armenia/briefing.html" in page and "the link is the last good report" in page


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_a_stopped_local_batch_leaves_no_worker_kernel_or_template_behind(tmp_path, signum):
    """Ctrl-C, `kill` or kill -9 of a local batch mid-pair: its worker processes, their kernels
    and the kernel template all go with it, at once (the workers used to build on, orphaned,
    for a while after `kill`)."""
    import psutil

    notebooks = slow_notebooks(tmp_path)
    pairs_file = tmp_path / "two.yaml"
    pairs_file.write_text(
        "pairs:\n  - {partner: Russia, country: Armenia}\n  - {partner: Israel, country: Azerbaijan}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    env = {**os.environ, "BATCH_TEST_SLEEP": "30", "STRATEGIC_TIES_NOTEBOOKS": str(notebooks)}
    batch = subprocess.Popen(
        batch_command(pairs_file, out, "--jobs", "2"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        preexec_fn=foreground_signals,
    )
    try:
        parent = psutil.Process(batch.pid)
        deadline = time.monotonic() + 120
        family: list[psutil.Process] = []
        while time.monotonic() < deadline:  # until a kernel runs the sleeping cell
            family = parent.children(recursive=True)
            if any("ipykernel" in " ".join(_cmdline(p)) or _forked_kernel(p) for p in family):
                break
            time.sleep(0.2)
        time.sleep(1.0)
        family = parent.children(recursive=True)
        assert len(family) >= 3, "no worker or kernel started"
        os.kill(batch.pid, signum)
        batch.wait(timeout=20)  # not after the 30 s cell
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(_running(p) for p in family):
            time.sleep(0.2)
        left = [(p.pid, " ".join(_cmdline(p))[:80]) for p in family if _running(p)]
    finally:
        with contextlib.suppress(ProcessLookupError):
            batch.kill()
        for process in family:
            with contextlib.suppress(psutil.Error):
                process.kill()
    assert not left, f"processes of the stopped batch still run: {left}"


def _cmdline(process) -> list[str]:
    import psutil

    try:
        return process.cmdline()
    except psutil.Error:
        return []


def _forked_kernel(process) -> bool:
    """A kernel forked from the template: its parent is the template process."""
    import psutil

    try:
        return "strategic_ties.pipeline.forkserver" in " ".join(process.parent().cmdline()) and (
            "strategic_ties.pipeline.forkserver" in " ".join(process.cmdline())
        )
    except (psutil.Error, AttributeError):
        return False
