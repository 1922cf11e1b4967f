"""The build: deterministic bytes, atomic replacement, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from strategic_ties import datasets
from strategic_ties.errors import DataError
from strategic_ties.ingest import build as build_module
from strategic_ties.ingest.sources import SOURCES

RAW = Path(__file__).resolve().parents[2] / "shared" / "data"
REPO_DATA = Path(__file__).resolve().parents[1] / "data"
needs_raw = pytest.mark.skipif(not RAW.is_dir(), reason=f"raw publisher files not at {RAW}")
SMALL = ["events", "conflicts", "arms_tiv_totals"]


def quiet(_message: str) -> None:
    pass


@needs_raw
def test_build_is_deterministic_and_reproduces_the_committed_tables(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for target in (first, second):
        build_module.build(RAW, only=SMALL, data_dir=target, log=quiet)
    for name in SMALL:
        a = (first / "processed" / f"{name}.parquet").read_bytes()
        b = (second / "processed" / f"{name}.parquet").read_bytes()
        assert a == b, name
        committed = (REPO_DATA / "processed" / f"{name}.parquet").read_bytes()
        assert a == committed, f"{name}: committed table differs from a fresh build"
    assert (first / "catalog.yaml").read_bytes() == (second / "catalog.yaml").read_bytes()
    document = yaml.safe_load((first / "catalog.yaml").read_text())
    assert sorted(document["datasets"]) == sorted(SMALL)
    entry = document["datasets"]["conflicts"]
    assert entry["raw_files"][0]["path"] == "conflict/UcdpPrioConflict_v25_1.csv"
    assert entry["processed"]["sha256"] == datasets.sha256_file(
        first / "processed" / "conflicts.parquet"
    )
    assert not list(first.glob(".build-*"))  # temporary folder removed


@needs_raw
def test_failed_build_leaves_the_last_good_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_module.build(RAW, only=["events"], data_dir=tmp_path, log=quiet)
    before = (tmp_path / "processed" / "events.parquet").read_bytes()
    catalog_before = (tmp_path / "catalog.yaml").read_bytes()

    def broken(raw: Path):
        raise DataError("simulated parser failure.")

    monkeypatch.setitem(
        SOURCES,
        "conflicts",
        SOURCES["conflicts"].__class__(**{**vars(SOURCES["conflicts"]), "parse": broken}),
    )
    with pytest.raises(DataError, match="simulated"):
        build_module.build(RAW, only=["events", "conflicts"], data_dir=tmp_path, log=quiet)
    assert (tmp_path / "processed" / "events.parquet").read_bytes() == before
    assert (tmp_path / "catalog.yaml").read_bytes() == catalog_before
    assert not (tmp_path / "processed" / "conflicts.parquet").exists()
    assert not list(tmp_path.glob(".build-*"))


def test_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="does not exist"):
        build_module.build(tmp_path / "nowhere", data_dir=tmp_path, log=quiet)
    with pytest.raises(DataError, match="Unknown dataset"):
        build_module.build(tmp_path, only=["nope"], data_dir=tmp_path, log=quiet)
    with pytest.raises(DataError, match="Raw file events/events.csv .* is missing"):
        build_module.build(tmp_path, only=["events"], data_dir=tmp_path, log=quiet)


def test_every_table_has_a_source() -> None:
    from strategic_ties.schemas import TABLES

    assert set(SOURCES) == set(TABLES)
    for source in SOURCES.values():
        assert source.caveats and source.citation and source.licence and source.refresh
