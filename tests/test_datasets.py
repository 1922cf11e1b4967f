"""datasets.load and the catalogue: checksums, schemas, caching, one-sentence errors."""

from __future__ import annotations

import gc
import shutil
import weakref
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml

from strategic_ties import catalog, data_cli, datasets, paths
from strategic_ties.errors import DataError, UserError
from strategic_ties.schemas import TABLES

REPO_DATA = Path(__file__).resolve().parents[1] / "data"
REBUILD = "strategic-ties data build --raw ../shared/data"


@pytest.fixture()
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of catalog.yaml and two small processed tables."""
    (tmp_path / "processed").mkdir()
    shutil.copy(REPO_DATA / "catalog.yaml", tmp_path / "catalog.yaml")
    for name in ("events", "conflicts"):
        shutil.copy(REPO_DATA / "processed" / f"{name}.parquet", tmp_path / "processed")
    monkeypatch.setenv("STRATEGIC_TIES_DATA", str(tmp_path))
    datasets.clear_cache()
    yield tmp_path
    datasets.clear_cache()


def _sentence(exc: DataError, path: Path) -> None:
    text = str(exc)
    assert "events" in text and str(path) in text and REBUILD in text
    assert "\n" not in text and isinstance(exc, UserError)


def test_every_table_loads_with_its_schema() -> None:
    for name, columns in TABLES.items():
        frame = datasets.load(name)
        assert list(frame.columns) == list(columns), name
        for column, (dtype, _meaning) in columns.items():
            assert frame[column].dtype == dtype or str(frame[column].dtype) == dtype, (name, column)
        assert len(frame) == catalog.entry(name)["rows"]


def test_load_is_cached_and_returns_copies() -> None:
    first = datasets.load("events")
    first.loc[0, "title"] = "changed"
    assert datasets.load("events").loc[0, "title"] != "changed"


def test_missing_file(data_copy: Path) -> None:
    path = data_copy / "processed" / "events.parquet"
    path.unlink()
    with pytest.raises(DataError, match="is missing") as info:
        datasets.load("events")
    _sentence(info.value, path)


def test_truncated_file(data_copy: Path) -> None:
    path = data_copy / "processed" / "events.parquet"
    path.write_bytes(path.read_bytes()[:1000])
    with pytest.raises(DataError, match="truncated") as info:
        datasets.load("events")
    _sentence(info.value, path)


def test_tampered_file(data_copy: Path) -> None:
    path = data_copy / "processed" / "events.parquet"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF  # same size, one byte changed
    path.write_bytes(bytes(data))
    with pytest.raises(DataError, match="SHA-256") as info:
        datasets.load("events")
    _sentence(info.value, path)


def _register(data_dir: Path, name: str) -> None:
    """Point the catalogue at the current bytes of a file (as a careless rebuild would)."""
    path = data_dir / "processed" / f"{name}.parquet"
    document = yaml.safe_load((data_dir / "catalog.yaml").read_text())
    document["datasets"][name]["processed"].update(
        sha256=datasets.sha256_file(path), bytes=path.stat().st_size
    )
    (data_dir / "catalog.yaml").write_text(yaml.safe_dump(document, sort_keys=False))
    catalog.clear_cache()


def test_not_parquet_even_with_matching_checksum(data_copy: Path) -> None:
    path = data_copy / "processed" / "events.parquet"
    path.write_bytes(b"PAR1 this is not a parquet file PAR1")
    _register(data_copy, "events")
    with pytest.raises(DataError, match="cannot be read as Parquet") as info:
        datasets.load("events")
    _sentence(info.value, path)


def test_schema_mismatch(data_copy: Path) -> None:
    path = data_copy / "processed" / "events.parquet"
    table = pq.read_table(path).drop_columns(["confidence"])
    pq.write_table(table, path)
    _register(data_copy, "events")
    with pytest.raises(DataError, match="does not match its schema") as info:
        datasets.load("events")
    _sentence(info.value, path)


def test_wrong_dtype(data_copy: Path) -> None:
    path = data_copy / "processed" / "events.parquet"
    table = pq.read_table(path)
    index = table.schema.get_field_index("year")
    table = table.set_column(index, "year", pa.array([str(v) for v in table["year"].to_pylist()]))
    pq.write_table(table, path)
    _register(data_copy, "events")
    with pytest.raises(DataError, match="does not match its schema"):
        datasets.load("events")


def test_unknown_dataset_and_missing_catalogue(data_copy: Path) -> None:
    with pytest.raises(DataError, match="no dataset named 'nope'"):
        datasets.load("nope")
    (data_copy / "catalog.yaml").unlink()
    catalog.clear_cache()
    with pytest.raises(DataError, match="catalogue .* is missing or invalid") as info:
        datasets.load("conflicts")
    assert "conflicts" in str(info.value) and REBUILD in str(info.value)
    assert str(info.value).count(REBUILD) == 1


def test_check_reports_problems(data_copy: Path) -> None:
    problems = data_cli.check()
    # only two tables were copied: the others are reported missing, one sentence each
    assert len(problems) == len(TABLES) - 2
    assert all(REBUILD in p for p in problems)


def test_check_and_sources_on_the_committed_data() -> None:
    assert paths.data_dir() == REPO_DATA.resolve()
    assert data_cli.check() == []
    text = data_cli.sources()
    assert "SIPRI Arms Transfers Database" in text and "ACLED" in text


def test_catalogue_entries() -> None:
    assert set(catalog.datasets()) == set(TABLES)
    assert catalog.latest_year() == 2024
    assert catalog.source_note("arms_deliveries") == (
        "SIPRI Arms Transfers Database, data generated 12 Feb 2026"
    )
    assert "Gleditsch" in catalog.citation("conflicts")
    for name in TABLES:
        entry = catalog.entry(name)
        for key in ("title", "publisher", "url", "citation", "licence", "version", "raw_files",
                    "processed", "rows", "columns", "coverage", "caveats"):  # fmt: skip
            assert entry[key] not in (None, "", []), (name, key)
        assert list(entry["columns"]) == list(TABLES[name])
        assert all(len(f["sha256"]) == 64 for f in entry["raw_files"])
    assert "www.acleddata.com" in catalog.citation("political_violence")
    assert "START" in catalog.licence("terrorism")
    with pytest.raises(DataError, match="not in the data catalogue"):
        catalog.entry("nope")


def test_coverage() -> None:
    assert catalog.coverage_years("arms_transfers") == (1940, 2024)
    assert catalog.coverage_years("trade") == (1960, 2020)
    assert catalog.entry("unga_votes")["coverage"]["countries"] >= 195
    assert isinstance(pd.Timestamp(datasets.load("events")["date"].min()), pd.Timestamp)


def test_dataset_missing_from_catalogue(data_copy: Path) -> None:
    document = yaml.safe_load((data_copy / "catalog.yaml").read_text())
    del document["datasets"]["events"]
    (data_copy / "catalog.yaml").write_text(yaml.safe_dump(document, sort_keys=False))
    catalog.clear_cache()
    path = data_copy / "processed" / "events.parquet"
    with pytest.raises(DataError, match="has no checksum in the data catalogue") as info:
        datasets.load("events")
    _sentence(info.value, path)


def _trade_rows(kinds: list[str | None]) -> pd.DataFrame:
    """A hand-made `trade` frame (the loader's dtypes) with the given partner kinds."""
    n = len(kinds)
    text = pd.StringDtype("pyarrow")
    return pd.DataFrame(
        {
            "reporter": pd.array(["Israel"] * n, dtype=text),
            "reporter_iso3": pd.array(["ISR"] * n, dtype=text),
            "partner": pd.array(["Azerbaijan"] * n, dtype=text),
            "partner_iso3": pd.array(["AZE"] * n, dtype=text),
            "partner_kind": pd.array(kinds, dtype=text),
            "flow": pd.array(["exports"] * n, dtype=text),
            "year": pd.array(range(2000, 2000 + n), dtype="Int64"),
            "value_usd_m": [1.5] * n,
            "estimate": pd.array([False] * n, dtype="boolean"),
            "source": pd.array(["IMF DOTS"] * n, dtype=text),
            "reporter_kind": pd.array(["state"] * n, dtype=text),
        }
    )


def test_actor_kinds_checked_on_distinct_values() -> None:
    """The membership check runs on unique values: nulls pass, one stray value anywhere fails."""
    assert list(_trade_rows([])) == list(TABLES["trade"])
    datasets.validate("trade", _trade_rows(["state", None, "aggregate", "state"]))
    with pytest.raises(Exception, match="known_actor_kinds|values outside"):
        datasets.validate("trade", _trade_rows(["state"] * 50 + ["country"] + ["state"] * 50))


def test_unknown_actor_kind_in_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "processed").mkdir()
    shutil.copy(REPO_DATA / "catalog.yaml", tmp_path / "catalog.yaml")
    path = tmp_path / "processed" / "arms_tiv_totals.parquet"
    table = pq.read_table(REPO_DATA / "processed" / "arms_tiv_totals.parquet")
    index = table.schema.get_field_index("kind")
    kinds = table["kind"].to_pylist()
    kinds[len(kinds) // 2] = "country"  # one row out of place
    table = table.set_column(index, table.schema.field(index), pa.array(kinds, pa.large_string()))
    pq.write_table(table, path)
    monkeypatch.setenv("STRATEGIC_TIES_DATA", str(tmp_path))
    datasets.clear_cache()
    try:
        _register(tmp_path, "arms_tiv_totals")
        with pytest.raises(DataError, match="does not match its schema") as info:
            datasets.load("arms_tiv_totals")
        assert "\n" not in str(info.value) and REBUILD in str(info.value)
    finally:
        datasets.clear_cache()


def test_cached_copy_does_not_share_numeric_data() -> None:
    """Cached loads are copies: writing into numbers or strings leaves the cache intact."""
    first = datasets.load("arms_tiv_totals")
    year = first.loc[0, "year"]
    first.loc[0, "year"] = -1
    first.iloc[0, 0] = "changed"
    again = datasets.load("arms_tiv_totals")
    assert again.loc[0, "year"] == year and again.iloc[0, 0] != "changed"


def test_forgotten_table_is_freed_without_waiting_for_gc() -> None:
    """No reference cycle keeps a loaded table alive once the cache forgets it (400 MB for trade)."""
    gc.disable()
    try:
        datasets.clear_cache()
        datasets.load("events")
        (cached,) = [frame for key, frame in datasets._loaded.items() if key[0] == "events"]
        ref = weakref.ref(cached)
        del cached
        datasets.clear_cache()
        assert ref() is None
    finally:
        gc.enable()


@pytest.mark.parametrize(
    ("name", "where"),
    [
        ("trade", {"reporter_iso3": ["ISR", "AZE"]}),  # sorted row groups: pushed into the read
        ("unga_votes", {"iso3": ["TUR", "ISR"]}),  # row groups by statistics, as trade
        ("conflicts", {"side_a": ["Government of Azerbaijan"], "location": ["Azerbaijan", "X"]}),
    ],
)
def test_rows_where_are_the_filtered_table(name: str, where: dict[str, list[str]]) -> None:
    datasets.clear_cache()
    rows = datasets.load(name, where)
    again = datasets.load(name, where)
    rows.iloc[0, 0] = None  # a copy: the cached rows are untouched
    assert not again.iloc[[0], 0].isna().all()
    full = datasets.load(name)
    mask = pd.Series(True, index=full.index)
    for column, values in where.items():
        mask &= full[column].isin(values).fillna(False).astype(bool)
    expected = full[mask].reset_index(drop=True)
    assert 0 < len(expected) < len(full)
    pd.testing.assert_frame_equal(again, expected)
    pd.testing.assert_frame_equal(datasets.load(name, where), expected)  # from the whole table


def test_trade_is_written_in_row_groups_and_a_pair_reads_few() -> None:
    path = datasets.path_of("trade")
    groups = pq.ParquetFile(path).metadata.num_row_groups
    assert groups > 100
    assert (
        datasets.given_or_loaded("trade", None, reporter_iso3=["AZE"])["reporter_iso3"]
        .eq("AZE")
        .all()
    )
    with pytest.raises(DataError, match="no column 'iso3'"):
        datasets.load("trade", {"iso3": ["AZE"]})


def test_rows_where_are_verified_like_the_whole_table(data_copy: Path) -> None:
    path = data_copy / "processed" / "events.parquet"
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(DataError, match="truncated") as info:
        datasets.load("events", {"event_id": ["EV003"]})
    _sentence(info.value, path)


def test_fast_schema_check_agrees_with_pandera() -> None:
    """datasets.conforms (used instead of pandera on every load) accepts exactly what pandera
    accepts, on every real table and on broken copies of one."""
    for name in datasets.names():
        frame = datasets.load(name)
        assert datasets.conforms(name, frame)
        datasets.pandera_schema(name).validate(frame)
    frame = datasets.load("arms_tiv_totals")
    broken = {
        "column missing": frame.drop(columns=[frame.columns[-1]]),
        "columns reordered": frame[list(reversed(frame.columns))],
        "dtype": frame.astype({"year": "float64"}),
        "unknown kind": frame.assign(kind=frame["kind"].where(frame.index != 3, "country")),
        "extra column": frame.assign(extra=1),
    }
    for what, bad in broken.items():
        assert not datasets.conforms("arms_tiv_totals", bad), what
        with pytest.raises(Exception):  # noqa: B017, PT011 - pandera's own error types
            datasets.pandera_schema("arms_tiv_totals").validate(bad)


def test_reader_gives_what_pyarrow_parquet_reads() -> None:
    """datasets._parquet (pyarrow's ParquetReader, without importing pyarrow.parquet) reads the
    same Arrow tables, schema metadata included, as pq.read_table; row groups too."""
    for name in datasets.names():
        path = datasets.path_of(name)
        reader = datasets._parquet(pa.py_buffer(path.read_bytes()))
        expected = pq.read_table(path)
        assert reader.read_all(use_threads=True).equals(expected, check_metadata=True), name
        groups = list(range(reader.metadata.num_row_groups))[-2:]
        assert reader.read_row_groups(groups, use_threads=True).equals(
            pq.ParquetFile(path).read_row_groups(groups), check_metadata=True
        ), name
    empty = datasets.load("trade", {"reporter_iso3": ["none such"]})
    assert len(empty) == 0 and list(empty.columns) == list(TABLES["trade"])
    assert datasets.conforms("trade", empty)


@pytest.mark.parametrize(
    ("name", "where", "columns"),
    [
        ("unga_votes", {"year": range(2004, 2015)}, ["rcid", "iso3", "vote", "year"]),
        ("unga_votes", None, ["year", "iso3"]),  # asked out of order: the table's order
        ("trade", {"reporter_iso3": ["ARM"]}, ["partner_iso3", "value_usd_m"]),
        ("conflicts", {"location": ["Azerbaijan"]}, ["year", "side_a"]),
    ],
)
def test_columns_are_the_table_with_those_columns(name, where, columns) -> None:
    datasets.clear_cache()
    part = datasets.load(name, where, columns=columns)
    order = [column for column in TABLES[name] if column in columns]
    assert list(part.columns) == order
    full = datasets.load(name)
    mask = pd.Series(True, index=full.index)
    for column, values in (where or {}).items():
        mask &= full[column].isin(list(values)).fillna(False).astype(bool)
    expected = full[mask][order].reset_index(drop=True)
    pd.testing.assert_frame_equal(part, expected)
    pd.testing.assert_frame_equal(datasets.load(name, where, columns=columns), expected)
    with pytest.raises(DataError, match="no column 'nope' to load"):
        datasets.load(name, where, columns=["nope"])


def test_columns_of_a_file_missing_them_give_one_sentence(data_copy: Path) -> None:
    path = data_copy / "processed" / "events.parquet"
    table = pq.read_table(path).drop_columns(["confidence"])
    pq.write_table(table, path, row_group_size=20)  # several row groups: the column read
    _register(data_copy, "events")
    with pytest.raises(DataError, match="does not match its schema") as info:
        datasets.load("events", columns=["confidence", "year"])
    _sentence(info.value, path)
