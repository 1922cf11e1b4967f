"""The catalogue is validated as a whole when read (issue 14): entries of the wrong shape give one
sentence and exit 2 from `run`, `data check` and `data sources`, never a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from strategic_ties import catalog, paths
from strategic_ties.errors import DataError

CLI = str(Path(sys.executable).with_name("strategic-ties"))


def _spoil(data: Path, change) -> None:
    document = yaml.safe_load((data / "catalog.yaml").read_text(encoding="utf-8"))
    change(document["datasets"])
    (data / "catalog.yaml").write_text(yaml.safe_dump(document, sort_keys=False), "utf-8")


def _string_entry(datasets: dict) -> None:
    datasets["events"] = "just a string"


def _no_citation(datasets: dict) -> None:
    del datasets["arms_deliveries"]["citation"]


def _processed_text(datasets: dict) -> None:
    datasets["gdp"]["processed"] = "processed/gdp.parquet"


CASES = {
    _string_entry: "dataset 'events' should be a mapping, not a text",
    _no_citation: "dataset 'arms_deliveries' has no 'citation'",
    _processed_text: "'processed' of dataset 'gdp' should be a mapping, not a text",
}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(paths.data_dir() / "catalog.yaml", folder / "catalog.yaml")
    (folder / "processed").symlink_to(paths.processed_dir())
    return folder


@pytest.mark.parametrize("change", list(CASES), ids=lambda f: f.__name__)
@pytest.mark.parametrize("command", ["data check", "data sources", "run"])
def test_bad_catalogue_one_sentence_exit_2(data: Path, tmp_path: Path, change, command) -> None:
    _spoil(data, change)
    out = tmp_path / "out"
    extra = ["--out", str(out), "--formats", "html"] if command == "run" else []
    done = subprocess.run(
        [CLI, *command.split(), *extra],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "STRATEGIC_TIES_DATA": str(data)},
    )
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2, done.stderr
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert f"The data catalogue {data / 'catalog.yaml'} is not valid: " in lines[0]
    assert CASES[change] in lines[0] and lines[0].endswith("`.")
    assert not out.exists()  # nothing staged, nothing built


def test_valid_catalogue_passes_and_keeps_its_fields() -> None:
    loaded = catalog.load_catalog()
    assert catalog.datasets() and all(catalog.citation(n) for n in catalog.datasets())
    assert loaded["datasets"]["events"]["caveats"]  # fields beyond the model are kept


def test_validate_catalog_counts_the_other_problems(tmp_path: Path) -> None:
    document = {"datasets": {"a": {"title": "A"}, "b": 3}}
    with pytest.raises(DataError, match=r"dataset 'a' has no 'url' \(and 6 more problems\)"):
        catalog.validate_catalog(document, tmp_path / "catalog.yaml")
    with pytest.raises(DataError, match="has no 'datasets' section"):
        catalog.validate_catalog({"datasets": []}, tmp_path / "catalog.yaml")
