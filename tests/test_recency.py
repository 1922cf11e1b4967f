"""recency: last years, the data-as-of table, dated headlines, anomaly and small-base flags."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from strategic_ties import catalog, recency


def _entry(years: list[int] | None, columns: dict[str, dict[str, str]], file: str) -> dict:
    return {
        "title": f"Fixture {file}",
        "url": "https://example.org",
        "citation": f"Fixture citation {file}",
        "licence": "CC BY 4.0",
        "version": "1 Jan 2026",
        "source_note": f"Fixture source {file}",
        "coverage": {"years": years},
        "columns": columns,
        "processed": {"file": f"processed/{file}.parquet"},
    }


@pytest.fixture
def fixture_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder with three series: yearly to 2020, votes to 14 Jan 2020, press periods."""
    (tmp_path / "processed").mkdir()
    pd.DataFrame({"year": [2018, 2019, 2020], "value": [1.0, 2.0, 3.0]}).to_parquet(
        tmp_path / "processed" / "trade.parquet"
    )
    pd.DataFrame(
        {
            "date": pd.to_datetime(["1999-10-01", "2019-12-01", "2020-01-14"]),
            "year": [1999, 2019, 2020],
        }
    ).to_parquet(tmp_path / "processed" / "unga_votes.parquet")
    pd.DataFrame({"period": ["2008", "2022-01..2022-06", "unspecified"]}).to_parquet(
        tmp_path / "processed" / "trade_press.parquet"
    )
    cat = {
        "datasets": {
            "trade": _entry([1960, 2020], {"year": {}}, "trade"),
            "unga_votes": _entry([1999, 2020], {"date": {}, "year": {}}, "unga_votes"),
            "trade_press": _entry(None, {"period": {}}, "trade_press"),
        }
    }
    (tmp_path / "catalog.yaml").write_text(yaml.safe_dump(cat), encoding="utf-8")
    monkeypatch.setenv("STRATEGIC_TIES_DATA", str(tmp_path))
    catalog.clear_cache()
    yield tmp_path
    catalog.clear_cache()


def test_last_year_rules(fixture_data: Path) -> None:
    assert recency.last_year("trade") == 2020
    # votes whose last record is in January count that year as not covered
    assert recency.coverage("unga_votes") == (1999, 2019)
    # press tables have no coverage years: the years in their period texts
    assert recency.coverage("trade_press") == (2008, 2022)


def test_stale_and_dated(fixture_data: Path) -> None:
    assert recency.years_short("trade", 2024) == 4
    assert recency.stale("trade", 2024)
    assert not recency.stale("trade", 2022)  # two years short: not dated
    assert recency.stale("trade", 2023)  # exactly three years short: dated
    assert recency.dated("trade of 628", "trade", 2024) == "trade of 628 in 2020"
    assert recency.dated("trade of 900", "trade", 2024, year=2019) == "trade of 900 in 2019"
    assert recency.dated("trade of 628", "trade", 2021) == "trade of 628"
    assert recency.years_short("trade", 2010) == 0


def test_data_as_of_table(fixture_data: Path) -> None:
    table = recency.data_as_of(2024)
    assert list(table["dataset"]) == ["unga_votes", "trade", "trade_press"]
    row = table.set_index("dataset").loc["unga_votes"]
    assert (row["first_year"], row["last_year"], row["years_short"]) == (1999, 2019, 5)
    assert bool(row["dated"]) and row["series"] == "UN General Assembly votes"
    assert row["source"] == "Fixture source unga_votes"
    assert not table.set_index("dataset").loc["trade_press", "dated"]


def test_anomaly_low_latest() -> None:
    # the 2020 trade trough: 628 against 828-1446 in 2015-19
    values = {
        2014: 5000.0,
        2015: 931.0,
        2016: 924.0,
        2017: 828.0,
        2018: 1444.0,
        2019: 1446.0,
        2020: 628.0,
    }
    found = recency.anomaly(values)
    assert found is not None
    assert (found.year, found.direction, found.first, found.last) == (2020, "low", 2015, 2019)
    assert (found.low, found.high, found.median) == (828.0, 1446.0, 931.0)
    assert found.change == pytest.approx(628 / 931 - 1)


def test_anomaly_high_and_inside_band() -> None:
    assert (
        recency.anomaly({2016: 10.0, 2017: 12.0, 2018: 11.0, 2019: 15.0, 2020: 19.0}).direction
        == "high"
    )
    # 18.7 is within 1.25 x 15 = 18.75: not flagged; 0.8 x 10 = 8 is the low edge
    assert recency.anomaly({2016: 10.0, 2017: 12.0, 2018: 11.0, 2019: 15.0, 2020: 18.7}) is None
    assert recency.anomaly({2016: 10.0, 2017: 12.0, 2018: 11.0, 2019: 15.0, 2020: 8.0}) is None
    assert recency.anomaly({2016: 10.0, 2017: 12.0, 2018: 11.0, 2019: 15.0, 2020: 7.9}) is not None


def test_anomaly_needs_history() -> None:
    assert recency.anomaly({2019: 10.0, 2020: 1.0}) is None
    # three earlier years, but one falls outside the five-year window
    assert recency.anomaly({2010: 10.0, 2018: 10.0, 2019: 10.0, 2020: 1.0}) is None
    assert recency.anomaly({2017: 10.0, 2018: None, 2019: 10.0, 2020: 1.0}) is None
    assert recency.anomaly(
        pd.Series({2016: 9.0, 2017: 10.0, 2018: 10.0, 2019: 10.0, 2020: 1.0})
    ).change == pytest.approx(-0.9)


def test_small_base() -> None:
    # Azerbaijan's arms imports fell 92% from one period to the next
    found = recency.small_base(80.0, 1000.0)
    assert found is not None and found.fall == pytest.approx(0.92)
    assert recency.small_base(250.0, 1000.0) is None  # exactly a quarter: not small
    assert recency.small_base(249.0, 1000.0) is not None
    assert recency.small_base(10.0, None) is None
    assert recency.small_base(10.0, 0.0) is None


def test_single_year() -> None:
    assert recency.single_year({2020: 12.0, 2021: 0.0, 2022: None}) == 2020
    assert recency.single_year({2020: 12.0, 2021: 3.0}) is None
    assert recency.single_year({2020: 0.0}) is None


def test_real_catalogue_last_years() -> None:
    """The series the issue names: IMF trade 2020, UN votes 2019, MIDs 2014, GTD 2017."""
    last = recency.data_as_of(2024).set_index("dataset")["last_year"]
    assert (last["trade"], last["unga_votes"], last["mids"], last["terrorism"]) == (
        2020,
        2019,
        2014,
        2017,
    )
    assert last["arms_deliveries"] == catalog.latest_year()
