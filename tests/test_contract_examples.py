"""The interface contract's own example: a notebook run with the plain papermill CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]


def test_plain_papermill_run_from_the_repository_root(tmp_path: Path) -> None:
    out = tmp_path / "out.ipynb"
    papermill = Path(sys.executable).with_name("papermill")
    command = [str(papermill), "notebooks/arms_trade.ipynb", str(out)]
    command += ["-p", "country", "Armenia", "-p", "partner", "Russia"]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    nb = nbformat.read(out, as_version=4)
    outputs = [o for cell in nb.cells for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    assert not [o for o in outputs if o.output_type == "stream" and o.name == "stderr"]
    html = "".join(str(o.get("data", {}).get("text/html", "")) for o in outputs)
    assert "Russia" in html and "Armenia" in html
