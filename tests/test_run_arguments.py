"""`strategic-ties run` refuses what it cannot do with one sentence (issue 14): a notebook path
outside the folder being built, a staging folder whose path exceeds PATH_MAX."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from strategic_ties import cli
from strategic_ties.pipeline.build import select

FIXTURES = Path(__file__).parent / "fixtures" / "pipeline" / "notebooks"
CLI = str(Path(sys.executable).with_name("strategic-ties"))


def test_a_notebook_path_in_the_folder_is_its_name() -> None:
    assert select([str(FIXTURES / "demo_section.ipynb")], FIXTURES) == ["demo_section"]
    assert select(["demo_section.ipynb", "briefing"], FIXTURES) == ["briefing", "demo_section"]


def test_a_notebook_path_elsewhere_is_refused(tmp_path: Path, capsys) -> None:
    elsewhere = tmp_path / "demo_section.ipynb"
    elsewhere.write_bytes((FIXTURES / "demo_section.ipynb").read_bytes())
    out = tmp_path / "out"
    argv = ["run", str(elsewhere), "--notebooks-dir", str(FIXTURES), "--out", str(out)]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"strategic-ties: error: Notebook {str(elsewhere)!r} is not one of the notebooks in "
        f"{FIXTURES.resolve()}; give a notebook's name (e.g. briefing) or its path in that folder."
    ]
    assert not out.exists()


def test_staging_folder_beyond_path_max_is_one_sentence(tmp_path: Path) -> None:
    """The lock file beside the report folder still fits in PATH_MAX (4096), the staging
    folder's longer name does not: exit 2, the existing sentence, nothing left behind."""
    out = tmp_path
    while len(str(out)) < 3800:
        out = out / ("d" * 200)
    out = out / ("e" * (4096 - len(str(out)) - len("/.israel-azerbaijan.lock") - 10))
    os.makedirs(out)
    done = subprocess.run(
        [CLI, "run", "--notebooks-dir", str(FIXTURES), "--out", str(out), "--formats", "html"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2, done.stderr
    assert len(lines) == 1 and "Traceback" not in done.stderr
    assert lines[0].startswith(f"strategic-ties: error: The staging folder {out}/.israel-azer")
    assert lines[0].endswith(
        "cannot be created (File name too long); choose a shorter or writable --out."
    )
    assert [p.name for p in out.iterdir()] == [".israel-azerbaijan.lock"]  # no staging
