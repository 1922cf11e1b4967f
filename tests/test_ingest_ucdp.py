"""UCDP parsers: ';'-separated ACD re-save with D-M-YYYY dates and a split record; BRD."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from strategic_ties.errors import DataError
from strategic_ties.ingest import ucdp

RAW = Path(__file__).resolve().parents[2] / "shared" / "data" / "conflict"
FIX = Path(__file__).resolve().parent / "fixtures" / "ingest"
needs_raw = pytest.mark.skipif(not RAW.is_dir(), reason=f"raw UCDP files not at {RAW}")


def test_acd_fixture() -> None:
    frame = ucdp.parse_conflicts(FIX / "ucdp_acd.csv")
    assert len(frame) == 5  # 6 data lines, one record split over two
    war = frame[frame["conflict_id"].eq(388) & frame["year"].eq(2020)].iloc[0]
    assert war["start_date"] == pd.Timestamp("1988-02-19")  # D-M-YYYY
    assert war["intensity_level"] == 2 and not war["ep_end"]
    assert war["primary_iso3"] == "AZE"  # Artsakh is not a state; Armenia is secondary
    assert war["side_b_2nd"] == "Government of Armenia"
    end = frame[frame["conflict_id"].eq(388) & frame["year"].eq(2023)].iloc[0]
    assert end["ep_end"] and end["ep_end_date"] == pd.Timestamp("2023-12-04")
    split = frame[frame["conflict_id"].eq(11349)].iloc[0]  # rejoined, not dropped
    assert split["year"] == 2008 and split["territory_name"] == "East Turkestan"
    assert split["gwno_a"] == "710" and pd.isna(split["gwno_b"])
    assert split["start_date"] == pd.Timestamp("1990-04-05")
    assert split["version"] == "25.1" and split["primary_iso3"] == "CHN"
    interstate = frame[frame["conflict_id"].eq(14609)].iloc[0]
    assert interstate["primary_iso3"] == "IRN;ISR"
    soviet = frame[frame["conflict_id"].eq(99999)].iloc[0]
    assert soviet["primary_iso3"] == "SUN"  # GW 365 in 1980


def test_acd_comma_separated_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "acd.csv"
    path.write_text((FIX / "ucdp_acd.csv").read_text().replace(";", ","))
    with pytest.raises(DataError, match="separated by ';'"):
        ucdp.parse_conflicts(path)


def test_acd_truncated(tmp_path: Path) -> None:
    data = (FIX / "ucdp_acd.csv").read_bytes()
    path = tmp_path / "acd.csv"
    path.write_bytes(data[: data.rindex(b";365;1;25.1")])
    with pytest.raises(DataError, match="truncated"):
        ucdp.parse_conflicts(path)


def test_acd_iso_dates_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "acd.csv"
    path.write_bytes((FIX / "ucdp_acd.csv").read_bytes().replace(b"19-2-1988", b"1988-02-19"))
    with pytest.raises(DataError, match="D-M-YYYY"):
        ucdp.parse_conflicts(path)


def test_acd_damaged_split_record(tmp_path: Path) -> None:
    path = tmp_path / "acd.csv"
    path.write_bytes((FIX / "ucdp_acd.csv").read_bytes().replace(b",710,;,;", b"710;;"))
    with pytest.raises(DataError, match="split record"):
        ucdp.parse_conflicts(path)


def test_brd_fixture_and_missing_column(tmp_path: Path) -> None:
    frame = ucdp.parse_battle_deaths(FIX / "ucdp_brd.csv")
    row = frame[frame["year"].eq(2020)].iloc[0]
    assert (row["best"], row["low"], row["high"]) == (7646, 7548, 9077)
    assert frame[frame["year"].eq(2022)].iloc[0]["battle_location"] == "Armenia, Azerbaijan"
    path = tmp_path / "brd.csv"
    path.write_text((FIX / "ucdp_brd.csv").read_text().replace('"bd_best"', '"best"'))
    with pytest.raises(DataError, match="'bd_best'"):
        ucdp.parse_battle_deaths(path)


@needs_raw
def test_real_acd() -> None:
    frame = ucdp.parse_conflicts(RAW / "UcdpPrioConflict_v25_1.csv")
    assert len(frame) == 2751  # 2,750 valid lines + the rejoined split record
    assert frame["year"].min() == 1946 and frame["year"].max() == 2024
    kara = frame[frame["conflict_id"].eq(388)].set_index("year")
    assert set(kara.index) >= {1992, 1993, 1994, 2020, 2023}
    assert kara.loc[2020, "intensity_level"] == 2
    assert kara.loc[2020, "side_a_2nd"] == "Government of Turkey"
    assert kara.loc[2023, "ep_end_date"] == pd.Timestamp("2023-12-04")
    assert frame[frame["conflict_id"].eq(11349) & frame["year"].eq(2008)].shape[0] == 1
    assert frame[frame["conflict_id"].eq(14609)]["primary_iso3"].eq("IRN;ISR").all()


@needs_raw
def test_real_battle_deaths() -> None:
    frame = ucdp.parse_battle_deaths(RAW / "BattleDeaths_v24_1.csv")
    assert len(frame) == 1920
    kara = frame[frame["conflict_id"].eq(388) & frame["year"].eq(2020)]
    assert kara["best"].sum() == 7646  # issue 3's cross-check
    # UCDP's own file has low > best in five dyad-years (by 1 to 6 deaths) and best > high in
    # two; kept as published.
    above = frame[frame["best"] > frame["high"]]
    assert sorted(zip(above["conflict_id"], above["year"], strict=True)) == [
        (354, 1990),
        (364, 2004),
    ]
    odd = frame[frame["low"] > frame["best"]]
    assert sorted(zip(odd["conflict_id"], odd["year"], strict=True)) == [
        (234, 2012), (335, 1999), (343, 2015), (352, 1998), (364, 2018)
    ]  # fmt: skip
    assert frame["year"].max() == 2023
