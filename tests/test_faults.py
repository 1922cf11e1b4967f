"""Unhappy paths of `run`, `batch` and `data`, on real files and processes: one sentence and
exit 2 for bad input, nothing lost or half-written. (Signals: test_faults_signals.py.)"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from strategic_ties import cli
from strategic_ties.batch import pairs

FIXTURES = Path(__file__).parent / "fixtures" / "pipeline" / "notebooks"
ONE = "pairs:\n  - {partner: Israel, country: Azerbaijan}\n"


def write(tmp_path: Path, text: str, name: str = "pairs.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run_cli(capsys, *argv: str) -> tuple[int, str]:
    code = cli.main(list(argv))
    return code, capsys.readouterr().err


@pytest.fixture
def data_copy(tmp_path, monkeypatch) -> Path:
    """A copy of the processed data (STRATEGIC_TIES_DATA), safe to damage."""
    from strategic_ties import catalog, datasets, paths

    data = tmp_path / "data"
    shutil.copytree(paths.data_dir(), data, ignore=shutil.ignore_patterns("raw", ".cache"))
    monkeypatch.setenv("STRATEGIC_TIES_DATA", str(data))
    catalog.clear_cache()
    datasets.clear_cache()
    yield data
    catalog.clear_cache()
    datasets.clear_cache()


# ---- the pairs file ------------------------------------------------------------------------------


def test_pairs_file_refuses_anchors_and_aliases(tmp_path):
    """An alias bomb took ~20 s and 150 MB to be refused; a repeated pair written as an alias
    was named at its anchor's line. Refused as in a parameter file (`run -f`)."""
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
    text = bomb + "pairs:\n  - {partner: Israel, country: Azerbaijan, rivals: *b}\n"
    with pytest.raises(pairs.UserError, match=r"line 1: YAML anchors and aliases are not accepted"):
        pairs.load(write(tmp_path, text))
    repeated = "pairs:\n  - &p {partner: Israel, country: Azerbaijan}\n  - *p\n"
    with pytest.raises(pairs.UserError, match=r"line 2: YAML anchors"):
        pairs.load(write(tmp_path, repeated))


def test_pairs_file_size_and_pair_count_are_bounded(tmp_path):
    """A 4 MB file of 100,000 pairs took a minute and 900 MB to be checked."""
    many = "pairs:\n" + "  - {partner: Israel, country: Azerbaijan}\n" * (pairs.MAX_PAIRS + 1)
    with pytest.raises(pairs.UserError, match=r"lists 1001 pairs; at most 1000"):
        pairs.load(write(tmp_path, many))
    huge = "pairs:\n" + "  - {partner: Israel, country: Azerbaijan}    \n" * 25_000
    assert len(huge) > pairs.MAX_BYTES
    with pytest.raises(pairs.UserError, match=r"larger than 1 MB"):
        pairs.load(write(tmp_path, huge))


def test_an_empty_partner_is_not_shown_as_a_blank(tmp_path):
    text = 'pairs:\n  - {partner: "", country: Azerbaijan}\n'
    with pytest.raises(pairs.UserError) as caught:
        pairs.load(write(tmp_path, text))
    assert "pair 1 (Azerbaijan): Parameter 'partner'" in str(caught.value)


# ---- batch options and folders --------------------------------------------------------------------


@pytest.mark.parametrize(
    "address", ["nonsense", "http://127.0.0.1:8786", "tcp://host-without-port"]
)
def test_batch_bad_scheduler_address_is_one_sentence(capsys, tmp_path, address):
    """These raised ValueError from distributed: a traceback, exit 1."""
    code, err = run_cli(capsys, "batch", str(write(tmp_path, ONE)), "--scheduler", address)
    assert code == 2 and "Traceback" not in err
    assert f"Option '--scheduler': {address!r} is not a Dask scheduler address" in err


@pytest.mark.parametrize("value", ["nan", "inf"])
def test_batch_timeout_must_be_seconds(capsys, tmp_path, value):
    """`run` refused nan and inf; `batch` took them (a lock wait of nan seconds)."""
    out = tmp_path / "out"
    pairs_file = str(write(tmp_path, ONE))
    code, err = run_cli(capsys, "batch", pairs_file, "--out", str(out), "--timeout", value)
    assert code == 2 and "Option '--timeout'" in err and "give seconds, 0 or more" in err
    assert not out.exists()


def test_batch_out_that_is_a_file_is_named_as_such(capsys, tmp_path):
    blocker = write(tmp_path, "not a folder", "reports")
    code, err = run_cli(capsys, "batch", str(write(tmp_path, ONE)), "--out", str(blocker))
    assert code == 2 and f"Option '--out': {blocker} is a file, not a folder" in err
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_batch_with_damaged_data_stops_before_any_pair(capsys, tmp_path, data_copy):
    """A processed file that no longer matches the catalogue used to fail every pair with "the
    data on worker … do not match the client's", then the portfolio; now one sentence first."""
    target = data_copy / "processed" / "conflicts.parquet"
    damaged = bytearray(target.read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF
    target.write_bytes(bytes(damaged))
    out = tmp_path / "out"
    code, err = run_cli(
        capsys, "batch", str(write(tmp_path, ONE)), "--out", str(out), "--formats", "html",
        "--notebooks-dir", str(FIXTURES),
    )  # fmt: skip
    assert code == 2 and "Traceback" not in err
    assert "The processed data cannot be used: dataset 'conflicts'" in err
    assert not out.exists()


def test_run_refuses_a_file_where_the_report_folder_goes(capsys, tmp_path):
    """The install swapped the user's file out of the way into a hidden staging name."""
    out = tmp_path / "out"
    out.mkdir()
    blocker = out / "israel-azerbaijan"
    blocker.write_text("my notes", encoding="utf-8")
    code, err = run_cli(
        capsys, "run", "--notebooks-dir", str(FIXTURES), "--out", str(out), "--formats", "html"
    )
    assert code == 2 and f"The report folder {blocker} is a file, not a folder" in err
    assert blocker.read_text(encoding="utf-8") == "my notes"
    assert sorted(p.name for p in out.iterdir()) == [".israel-azerbaijan.lock", blocker.name]


def test_run_refuses_a_symbolic_link_as_the_report_folder(capsys, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "israel-azerbaijan").symlink_to(elsewhere)
    code, err = run_cli(
        capsys, "run", "--notebooks-dir", str(FIXTURES), "--out", str(out), "--formats", "html"
    )
    assert code == 2 and "is a symbolic link" in err
    assert (out / "israel-azerbaijan").is_symlink() and not any(elsewhere.iterdir())


def _limit_file_size(limit: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_batch_portfolio_that_cannot_be_written_is_one_sentence(tmp_path, data_copy):
    """With the pair built (cached), the portfolio page is the only write; a file-size limit
    (RLIMIT_FSIZE, as a full disk: the write fails) made a traceback, exit 1."""
    out = tmp_path / "out"
    pairs_file = write(tmp_path, ONE)
    command = [
        str(Path(sys.executable).with_name("strategic-ties")), "batch", str(pairs_file),
        "--out", str(out), "--formats", "html", "--notebooks-dir", str(FIXTURES),
    ]  # fmt: skip
    env = {**os.environ, "STRATEGIC_TIES_CODE_DIGEST": "fixture"}
    first = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert first.returncode == 0, first.stderr
    report = sorted((p, p.read_bytes()) for p in (out / "israel-azerbaijan").rglob("*.*"))
    (out / "index.html").unlink()
    limited = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=300,
        preexec_fn=_limit_file_size(4096),
    )  # fmt: skip
    assert limited.returncode == 2, limited.stderr
    assert "Traceback" not in limited.stderr
    assert f"The portfolio page could not be written in {out} (File too large)" in limited.stderr
    assert "cached" in limited.stdout  # the summary came first
    assert sorted((p, p.read_bytes()) for p in (out / "israel-azerbaijan").rglob("*.*")) == report
    assert not [p.name for p in out.iterdir() if p.name.startswith(".index.")]


# ---- data ----------------------------------------------------------------------------------------


def test_data_build_removes_what_a_killed_build_left(tmp_path, data_copy, raw_data):
    """`data build` writes into data/.build-*; a build killed with -9 left that folder (tens of
    MB) for ever. The next build removes it, holding the data lock."""
    from strategic_ties import data_cli

    stale = data_copy / ".build-abandoned"
    stale.mkdir()
    (stale / "arms_transfers.parquet").write_bytes(b"half a table")
    data_cli.build(raw_data, only=["events"])
    assert not stale.exists()
    assert data_cli.check() == []


def test_batch_with_a_crashing_chromium_fails_without_a_traceback(tmp_path, data_copy):
    """The pairs' PDFs failed cleanly (exit 1), then printing the portfolio's PDF raised
    RenderError through the command: a traceback."""
    chromium = tmp_path / "chromium"
    chromium.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    chromium.chmod(0o755)
    out = tmp_path / "out"
    env = {**os.environ, "STRATEGIC_TIES_CHROMIUM": str(chromium)}
    done = subprocess.run(
        [str(Path(sys.executable).with_name("strategic-ties")), "batch",
         str(write(tmp_path, ONE)), "--out", str(out), "--notebooks-dir", str(FIXTURES),
         "--pdf-engine", "chromium"],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "Chromium stopped while starting (exit code 1)" in done.stdout  # the pair's failure
    assert done.stderr.rstrip().endswith("index.pdf, if any, is from an earlier batch.")
    assert (out / "index.html").is_file() and not (out / "index.pdf").exists()
    assert not (out / "israel-azerbaijan").exists()
    assert not [
        p.name for p in out.iterdir() if ".staging-" in p.name or p.name.startswith(".index.")
    ]


def test_a_folder_where_the_catalogue_should_be_is_one_sentence(capsys, tmp_path, monkeypatch):
    """`data check`, `data sources` and `run` raised IsADirectoryError (a traceback)."""
    from strategic_ties import catalog, datasets

    data = tmp_path / "data"
    (data / "catalog.yaml").mkdir(parents=True)
    monkeypatch.setenv("STRATEGIC_TIES_DATA", str(data))
    catalog.clear_cache()
    datasets.clear_cache()
    expected = f"{data / 'catalog.yaml'} cannot be used (Is a directory); check that path."
    for argv in (
        ["data", "check"],
        ["data", "sources"],
        ["run", "--notebooks-dir", str(FIXTURES), "--out", str(tmp_path / "out")],
    ):
        code, err = run_cli(capsys, *argv)
        assert (code, err.strip()) == (2, f"strategic-ties: error: {expected}"), argv
    catalog.clear_cache()
