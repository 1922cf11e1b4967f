"""Threat-picture analysis: hand-made tables with hand-computed answers, then the real data."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from strategic_ties.analysis import threats
from strategic_ties.errors import UnknownCountryError
from strategic_ties.schemas import TABLES

Z90 = 1.6448536269514722


def table(name: str, rows: list[dict]) -> pd.DataFrame:
    """A frame with exactly the columns and dtypes of a processed table; unlisted cells are NA."""
    columns = TABLES[name]
    frame = pd.DataFrame({column: [row.get(column) for row in rows] for column in columns})
    for column, (dtype, _meaning) in columns.items():
        if dtype.startswith("datetime"):
            frame[column] = pd.to_datetime(frame[column])
        else:
            frame[column] = frame[column].astype(dtype)
    return frame


# --------------------------------------------------------------------------------------------
# fixtures

AZ = "Government of Azerbaijan"
AM = "Government of Armenia"


@pytest.fixture
def bd() -> pd.DataFrame:
    common = {"side_a": AZ, "territory_name": "T", "primary_iso3": "AZE", "version": "24.1"}
    return table(
        "battle_deaths",
        [
            {
                **common,
                "conflict_id": 1,
                "dyad_id": 11,
                "side_b": "Rebels X",
                "year": 2000,
                "best": 10,
                "low": 8,
                "high": 12,
            },
            {
                **common,
                "conflict_id": 1,
                "dyad_id": 12,
                "side_b": "Rebels Y",
                "year": 2000,
                "best": 20,
                "low": 15,
                "high": 30,
            },
            {
                **common,
                "conflict_id": 1,
                "dyad_id": 11,
                "side_b": "Rebels X",
                "year": 2001,
                "best": 50,
                "low": 40,
                "high": 60,
            },
            {
                "conflict_id": 2,
                "dyad_id": 21,
                "side_a": AM,
                "side_b": AZ,
                "year": 2002,
                "best": 100,
                "low": 90,
                "high": 110,
                "primary_iso3": "ARM;AZE",
            },
            {
                **common,
                "conflict_id": 3,
                "dyad_id": 31,
                "side_b": "Republic of Artsakh",
                "side_b_2nd": AM,
                "territory_name": "Karabakh",
                "year": 2003,
                "best": 70,
                "low": 60,
                "high": 80,
            },
            {
                "conflict_id": 4,
                "dyad_id": 41,
                "side_a": "Government of Iran",
                "side_b": "KDPI",
                "year": 2001,
                "best": 30,
                "low": 30,
                "high": 35,
                "primary_iso3": "IRN",
            },
        ],
    )


@pytest.fixture
def acd() -> pd.DataFrame:
    return table(
        "conflicts",
        [
            {
                "conflict_id": 1,
                "side_a": AZ,
                "side_b": "Rebels X, Rebels Y",
                "year": 2000,
                "intensity_level": 1,
                "primary_iso3": "AZE",
            },
            {
                "conflict_id": 2,
                "side_a": AM,
                "side_b": AZ,
                "year": 2002,
                "intensity_level": 1,
                "primary_iso3": "ARM;AZE",
            },
            {
                "conflict_id": 3,
                "side_a": AZ,
                "side_a_2nd": "Government of Turkey",
                "side_b": "Republic of Artsakh",
                "side_b_2nd": AM,
                "territory_name": "Karabakh",
                "year": 2003,
                "intensity_level": 2,
                "primary_iso3": "AZE",
            },
            {
                "conflict_id": 4,
                "side_a": "Government of Iran",
                "side_b": "KDPI",
                "year": 2001,
                "intensity_level": 1,
                "primary_iso3": "IRN",
            },
            {
                "conflict_id": 5,
                "side_a": "Government of Russia (Soviet Union)",
                "side_b": "Government of Iran, Government of Syria",
                "year": 1990,
                "intensity_level": 1,
                "primary_iso3": "RUS;IRN;SYR",
            },
        ],
    )


@pytest.fixture
def milex() -> pd.DataFrame:
    old, new = "SIPRI 2024", "SIPRI 2025 via OWID"
    return table(
        "military_expenditure",
        [
            {
                "iso3": "AZE",
                "year": 2021,
                "constant_usd_m": 2000.0,
                "share_gdp_pct": 4.0,
                "release": old,
            },
            {
                "iso3": "AZE",
                "year": 2022,
                "constant_usd_m": 2500.0,
                "share_gdp_pct": 4.5,
                "release": old,
            },
            {"iso3": "AZE", "year": 2022, "share_gdp_pct": 4.9, "release": new},
            {"iso3": "AZE", "year": 2023, "share_gdp_pct": 5.0, "release": new},
            {
                "iso3": "ARM",
                "year": 2021,
                "constant_usd_m": 600.0,
                "share_gdp_pct": 4.2,
                "release": old,
            },
            {"iso3": "ARM", "year": 2022, "constant_usd_m": 750.0, "release": old},
            {
                "iso3": "IRN",
                "year": 2021,
                "constant_usd_m": 25000.0,
                "share_gdp_pct": 2.1,
                "release": old,
            },
            {
                "iso3": "SYR",
                "year": 2010,
                "constant_usd_m": 2000.0,
                "share_gdp_pct": 4.0,
                "release": old,
            },
        ],
    )


@pytest.fixture
def mids() -> pd.DataFrame:
    return table(
        "mids",
        [
            # 100: Azerbaijan vs Armenia, 1993-1994, Armenia's highest hostility war (5)
            {
                "dispnum": 100,
                "ccode": 373,
                "iso3": "AZE",
                "side_a": True,
                "start_year": 1993,
                "end_year": 1994,
                "hostlev": 4,
                "fatality": 6,
            },
            {
                "dispnum": 100,
                "ccode": 371,
                "iso3": "ARM",
                "side_a": False,
                "start_year": 1993,
                "end_year": 1994,
                "hostlev": 5,
                "fatality": -9,
            },
            # 101: Azerbaijan and Armenia on the same side against Russia: not between them
            {
                "dispnum": 101,
                "ccode": 373,
                "iso3": "AZE",
                "side_a": True,
                "start_year": 1999,
                "end_year": 1999,
                "hostlev": 3,
                "fatality": 0,
            },
            {
                "dispnum": 101,
                "ccode": 371,
                "iso3": "ARM",
                "side_a": True,
                "start_year": 1999,
                "end_year": 1999,
                "hostlev": 3,
                "fatality": 0,
            },
            {
                "dispnum": 101,
                "ccode": 365,
                "iso3": "RUS",
                "side_a": False,
                "start_year": 1999,
                "end_year": 1999,
                "hostlev": 2,
                "fatality": 0,
            },
            # 102: Armenia joins twice (2010 and 2012); Azerbaijan in 2011
            {
                "dispnum": 102,
                "ccode": 371,
                "iso3": "ARM",
                "side_a": True,
                "start_year": 2010,
                "end_year": 2010,
                "hostlev": 3,
                "fatality": 1,
            },
            {
                "dispnum": 102,
                "ccode": 371,
                "iso3": "ARM",
                "side_a": True,
                "start_year": 2012,
                "end_year": 2012,
                "hostlev": 2,
                "fatality": 0,
            },
            {
                "dispnum": 102,
                "ccode": 373,
                "iso3": "AZE",
                "side_a": False,
                "start_year": 2011,
                "end_year": 2011,
                "hostlev": 3,
                "fatality": 0,
            },
            {
                "dispnum": 900,
                "ccode": 2,
                "iso3": "USA",
                "side_a": True,
                "start_year": 1816,
                "end_year": 2014,
                "hostlev": 1,
                "fatality": 0,
            },
        ],
    )


def _point(iso3: str, year: int, point: float, sd: float, votes: int = 80) -> dict:
    return {
        "iso3": iso3,
        "year": year,
        "ideal_point": point,
        "q5": point - Z90 * sd,
        "q95": point + Z90 * sd,
        "votes": votes,
    }


@pytest.fixture
def points() -> pd.DataFrame:
    return table(
        "unga_ideal_points",
        [
            _point("AZE", 2019, 0.0, 0.2, 90),
            _point("ARM", 2019, 0.1, 0.1, 70),
            _point("AZE", 2020, -0.5, 0.2, 60),
            _point("ARM", 2020, 0.1, 0.1, 75),
            _point("AZE", 2021, -0.4, 0.2),
            {"iso3": "IRN", "year": 2020, "ideal_point": None, "votes": 0},
        ],
    )


@pytest.fixture
def deliveries() -> pd.DataFrame:
    def row(supplier: str, recipient: str, year: int, tiv: float) -> dict:
        return {
            "supplier": supplier,
            "supplier_iso3": supplier,
            "supplier_kind": "state",
            "recipient": recipient,
            "recipient_iso3": recipient,
            "recipient_kind": "state",
            "year": year,
            "tiv": tiv,
        }

    return table(
        "arms_deliveries",
        [
            row("RUS", "AZE", 2000, 80.0),
            row("ISR", "AZE", 2001, 20.0),
            row("RUS", "AZE", 2006, 10.0),
            row("TUR", "AZE", 2007, 30.0),
            row("RUS", "ARM", 2001, 50.0),
        ],
    )


@pytest.fixture
def timeline() -> pd.DataFrame:
    def row(
        eid: str, date: str, precision: str, category: str, theme: str, actors: str, title: str
    ) -> dict:
        stamp = pd.Timestamp(date)
        return {
            "event_id": eid,
            "date": stamp,
            "date_precision": precision,
            "year": stamp.year,
            "category": category,
            "theme": theme,
            "actors": actors,
            "title": title,
            "in_source_paper": False,
            "confidence": "confirmed",
        }

    return table(
        "events",
        [
            row(
                "EV2", "2020-09-27", "day", "war_or_clash", "nagorno_karabakh", "AZE;ARM;TUR", "War"
            ),
            row(
                "EV1",
                "1994-05-12",
                "day",
                "ceasefire_or_peace",
                "nagorno_karabakh",
                "AZE;ARM;RUS",
                "Ceasefire",
            ),
            row(
                "EV3",
                "2008-05-01",
                "month",
                "terrorism_or_plot",
                "threat_iran",
                "AZE;ISR;IRN",
                "Plot",
            ),
            row(
                "EV4", "2011-01-07", "day", "domestic_security", "threat_islamist", "AZE", "Arrest"
            ),
            row(
                "EV5",
                "2008-08-08",
                "day",
                "war_or_clash",
                "threat_russia",
                "RUS;GEO",
                "Georgia war",
            ),
        ],
    )


@pytest.fixture
def gtd() -> pd.DataFrame:
    return table(
        "terrorism",
        [
            {
                "country": "World",
                "year": 1970,
                "incidents": 600.0,
                "fatalities": 170.0,
                "injuries": 10.0,
            },
            {
                "country": "World",
                "year": 2017,
                "incidents": 10900.0,
                "fatalities": 26400.0,
                "injuries": 1.0,
            },
            {
                "country": "Azerbaijan",
                "iso3": "AZE",
                "year": 1992,
                "incidents": 2.0,
                "fatalities": 1.0,
                "injuries": 0.0,
            },
            {
                "country": "Azerbaijan",
                "iso3": "AZE",
                "year": 1994,
                "incidents": 3.0,
                "fatalities": 20.0,
                "injuries": 40.0,
            },
            {
                "country": "Azerbaijan",
                "iso3": "AZE",
                "year": 2017,
                "incidents": 1.0,
                "fatalities": 0.0,
                "injuries": 0.0,
            },
        ],
    )


@pytest.fixture
def acled() -> pd.DataFrame:
    return table(
        "political_violence",
        [
            {
                "country": "Azerbaijan",
                "iso3": "AZE",
                "year": 2018,
                "events": 100,
                "fatalities": 10,
                "partial_year": False,
            },
            {
                "country": "Azerbaijan",
                "iso3": "AZE",
                "year": 2026,
                "events": 5,
                "fatalities": 0,
                "partial_year": True,
            },
            {
                "country": "Armenia",
                "iso3": "ARM",
                "year": 2018,
                "events": 90,
                "fatalities": 9,
                "partial_year": False,
            },
        ],
    )


# --------------------------------------------------------------------------------------------
# armed conflict


def test_battle_deaths_sums_dyads_per_conflict_year(bd):
    out = threats.battle_deaths("azerbaijan", data=bd)
    assert list(out.columns) == threats.BATTLE_COLUMNS
    assert out[["year", "conflict_id", "best", "low", "high"]].astype(int).values.tolist() == [
        [2000, 1, 30, 23, 42],
        [2001, 1, 50, 40, 60],
        [2002, 2, 100, 90, 110],
        [2003, 3, 70, 60, 80],
    ]
    assert out["conflict"].iloc[0] == "T conflict"  # territorial: the territory's name
    assert set(out["role"]) == {"primary"}


def test_battle_deaths_window_and_primary_only(bd, acd):
    assert threats.battle_deaths("AZE", 2001, 2002, data=bd)["year"].tolist() == [2001, 2002]
    armenia = threats.battle_deaths("ARM", data=bd, conflicts=acd)
    # conflict 3: Armenia backs Artsakh against the Government of Azerbaijan as a secondary
    # party; that war counts for Armenia too (issue 10: no "no conflict" beside four wars)
    assert armenia["conflict_id"].tolist() == [2, 3]
    assert armenia["role"].tolist() == ["primary", "secondary"]
    # Turkey backs Azerbaijan in conflict 3, facing Armenia's government on the other side
    assert threats.battle_deaths("TUR", data=bd, conflicts=acd)["role"].tolist() == ["secondary"]
    # support against rebels alone does not count: with Armenia gone, Turkey fought no state
    alone = acd.assign(side_b_2nd=None)
    assert threats.battle_deaths("TUR", data=bd, conflicts=alone).empty


def test_battle_deaths_adds_secondary_role_against_rivals(bd, acd):
    out = threats.battle_deaths("Armenia", against=["Azerbaijan"], data=bd, conflicts=acd)
    assert out[["year", "conflict_id", "best"]].astype(int).values.tolist() == [
        [2002, 2, 100],
        [2003, 3, 70],
    ]
    assert out["role"].tolist() == ["primary", "secondary"]
    # a rival it never fought adds nothing
    assert len(threats.battle_deaths("Armenia", against=["Iran"], data=bd, conflicts=acd)) == 1


def test_battle_deaths_empty_has_columns(bd):
    out = threats.battle_deaths("Georgia", data=bd)
    assert out.empty and list(out.columns) == threats.BATTLE_COLUMNS


def test_battle_deaths_totals_and_summary(bd):
    deaths = threats.battle_deaths("AZE", data=bd)
    totals = threats.battle_deaths_by_year(deaths)
    assert totals["best"].tolist() == [30, 50, 100, 70]
    summary = threats.conflict_summary(deaths)
    first = summary.iloc[0]  # sorted by total best: conflict 2 (100) first
    assert (first["conflict_id"], first["best"]) == (2, 100)
    c1 = summary[summary["conflict_id"] == 1].iloc[0]
    assert (c1["years"], c1["first"], c1["last"], c1["best"], c1["peak_year"], c1["peak_best"]) == (
        2,
        2000,
        2001,
        80,
        2001,
        50,
    )


def test_armed_clashes_primary_and_secondary(acd):
    out = threats.armed_clashes("ARM", "AZE", data=acd)
    assert out["year"].tolist() == [2002, 2003]
    assert out["country_role"].tolist() == ["primary", "secondary"]
    assert out["rival_role"].tolist() == ["primary", "primary"]
    assert threats.last_clash("ARM", "AZE", data=acd)["conflict_id"] == 3
    assert threats.last_clash("ARM", "AZE", 2002, data=acd)["year"] == 2002
    # Turkey backs side A in 2003, Armenia side B: both secondary
    turkey = threats.armed_clashes("Armenia", "Türkiye", data=acd)
    assert turkey[["year", "country_role", "rival_role"]].values.tolist() == [
        [2003, "secondary", "secondary"]
    ]
    assert threats.last_clash("AZE", "IRN", data=acd) is None
    # historical names in parentheses map to the state named first; coalitions split
    assert threats.last_clash("Russia", "Syria", data=acd)["year"] == 1990
    assert threats.last_clash("Iran", "Syria", data=acd) is None  # same side


# --------------------------------------------------------------------------------------------
# military balance


def test_military_balance_prefers_full_release_and_marks_extension(milex):
    out = threats.military_balance(["Azerbaijan", "ARM"], 2021, 2023, data=milex)
    assert list(out.columns) == threats.BALANCE_COLUMNS
    aze = out[out["country_iso3"] == "AZE"]
    assert aze["year"].tolist() == [2021, 2022, 2023]
    assert aze["milex_share_gdp"].tolist() == [4.0, 4.5, 5.0]  # 2022 from the 2024 release
    assert aze["release"].tolist() == ["SIPRI 2024", "SIPRI 2024", "SIPRI 2025 via OWID"]
    assert math.isnan(aze["milex_constant_usd"].iloc[2])
    assert out["country_iso3"].tolist()[:3] == ["AZE"] * 3  # the order asked for
    assert out["country"].iloc[0] == "Azerbaijan"


def test_military_balance_notes(milex):
    out = threats.military_balance(["AZE", "ARM", "GEO"], 2021, 2023, data=milex)
    notes = threats.military_balance_notes(out, ["AZE", "ARM", "GEO"], 2021, 2023, data=milex)
    assert notes == [
        "The SIPRI 2024 figures end in 2022; the share of GDP in 2023 for Azerbaijan comes from "
        "SIPRI 2025 via OWID, whose figures differ slightly from the SIPRI 2024 ones.",
        # Azerbaijan's constant-US$ series ends with the release: no note of its own
        "Armenia: the share-of-GDP series ends in 2021.",
        "Georgia: no SIPRI military-expenditure data for 2021–2023.",
    ]
    late = threats.military_balance(["SYR"], 2005, 2022, data=milex)
    assert threats.military_balance_notes(late, ["SYR"], 2005, 2022, data=milex) == [
        # the same gaps in both series are said once
        "Syria: the constant-US$ and share-of-GDP series start in 2010, end in 2010.",
    ]


def test_spending_ratio(milex):
    assert threats.spending_ratio("AZE", "ARM", data=milex) == (0.3, 2022)  # 750 / 2500
    assert threats.spending_ratio("AZE", "ARM", 2021, data=milex) == (0.3, 2021)  # 600 / 2000
    assert threats.spending_ratio("AZE", "Iran", data=milex) == (12.5, 2021)
    assert threats.spending_ratio("AZE", "Syria", data=milex) is None  # no common year
    assert threats.spending_ratio("AZE", "Georgia", data=milex) is None


def test_arms_imports_by_period(deliveries):
    out = threats.arms_imports_by_period(["AZE", "ARM"], 1995, 2009, 5, data=deliveries)
    # window cut to the table's years 2000-2007: periods 2000-2002 (partial) and 2003-2007
    assert out[["country_iso3", "period", "tiv"]].values.tolist() == [
        ["AZE", "2000–2002", 100.0],
        ["AZE", "2003–2007", 40.0],
        ["ARM", "2000–2002", 50.0],
        ["ARM", "2003–2007", 0.0],
    ]
    assert out["partial"].tolist() == [True, False, True, False]


# --------------------------------------------------------------------------------------------
# disputes, UN votes, Russia


def test_mids_between(mids):
    out = threats.mids_between("Azerbaijan", "Armenia", data=mids)
    assert out["dispnum"].tolist() == [100, 102]
    # 102: Armenia 2010-2012 (two spells), Azerbaijan 2011 -> both took part in 2011
    assert out[["start_year", "end_year", "hostlev"]].astype(int).values.tolist() == [
        [1993, 1994, 5],
        [2011, 2011, 3],
    ]
    assert out["hostility"].tolist() == ["war", "display of force"]
    assert out["fatality"].tolist() == [6, 1]  # -9 (unknown) ignored
    assert threats.mids_between("AZE", "ARM", 2000, data=mids)["dispnum"].tolist() == [102]
    assert threats.mids_between("AZE", "ARM", 1995, 2009, data=mids).empty
    assert threats.mids_between("AZE", "RUS", data=mids)["dispnum"].tolist() == [101]
    summary = threats.mids_summary(threats.mids_between("AZE", "ARM", data=mids))
    assert {k: summary[k] for k in ("disputes", "first_year", "last_year")} == {
        "disputes": 2,
        "first_year": 1993,
        "last_year": 2011,
    }
    assert (summary["hostlev"], summary["hostility"]) == (5, "war")
    assert threats.mids_summary(threats.mids_between("AZE", "IRN", data=mids))["disputes"] == 0
    assert threats.mids_coverage(data=mids) == (1816, 2014)


def test_ideal_point_distance(points):
    out = threats.ideal_point_distance("AZE", "ARM", data=points)
    assert out["year"].tolist() == [2019, 2020]  # 2021: no Armenian point
    # 2020: |0.1 - -0.5| = 0.6; sd = sqrt(0.2^2 + 0.1^2) = 0.223607; 1.644854 * sd = 0.367800
    row = out[out["year"] == 2020].iloc[0]
    assert row["distance"] == pytest.approx(0.6)
    assert row["low"] == pytest.approx(0.232200, abs=1e-6)
    assert row["high"] == pytest.approx(0.967800, abs=1e-6)
    assert row["votes"] == 60
    # 2019: difference 0.1, interval -0.2678..0.4678 spans 0 -> low 0
    row = out[out["year"] == 2019].iloc[0]
    assert (row["low"], row["high"]) == (0.0, pytest.approx(0.467800, abs=1e-6))
    assert threats.ideal_point_distance("AZE", "IRN", data=points).empty


def test_mids_hostility_is_attributed_by_side(mids):
    """CoW codes the highest hostility per participant: Armenia's war (5) in dispute 100 is
    Armenia's, Azerbaijan's own level there is 4; neither is given the other's."""
    out = threats.mids_between("Azerbaijan", "Armenia", data=mids).set_index("dispnum")
    assert (out.loc[100, "country_hostlev"], out.loc[100, "rival_hostlev"]) == (4, 5)
    flipped = threats.mids_between("Armenia", "Azerbaijan", data=mids).set_index("dispnum")
    assert (flipped.loc[100, "country_hostlev"], flipped.loc[100, "rival_hostlev"]) == (5, 4)
    summary = threats.mids_summary(out.reset_index())
    assert summary["country_hostility"] == "use of force" and summary["rival_hostility"] == "war"
    assert summary["rival_force"] == 1  # Armenia used force (4+) only in dispute 100
    table = threats.mids_table(out.reset_index(), "Azerbaijan", "Armenia")
    assert table.loc[0, "Highest action by Azerbaijan"] == "use of force"
    assert table.loc[0, "Highest action by Armenia"] == "war"


# --------------------------------------------------------------------------------------------
# militancy and the timeline


def test_terrorism_fills_zero_years_but_not_1993(gtd):
    out = threats.terrorism("Azerbaijan", 1992, 2020, data=gtd)
    assert out["year"].iloc[0] == 1992 and out["year"].iloc[-1] == 2017  # GTD ends in 2017
    by_year = out.set_index("year")
    assert by_year.loc[1992, "incidents"] == 2 and by_year.loc[1994, "fatalities"] == 20
    assert math.isnan(by_year.loc[1993, "incidents"])
    assert by_year.loc[1995, "incidents"] == 0
    assert threats.terrorism("Georgia", data=gtd).empty  # never mentioned: not zeros


def test_political_violence(acled):
    out = threats.political_violence("AZE", 2018, 2030, data=acled)
    assert out.values.tolist() == [[2018, 100, 10, False], [2026, 5, 0, True]]
    assert threats.political_violence("Iran", data=acled).empty


def test_events_filters(timeline):
    assert threats.events(data=timeline)["event_id"].tolist() == ["EV1", "EV3", "EV5", "EV4", "EV2"]
    assert threats.events("threat_iran", data=timeline)["event_id"].tolist() == ["EV3"]
    assert threats.events(None, 2000, 2010, data=timeline)["event_id"].tolist() == ["EV3", "EV5"]
    assert threats.events(actors=["ISR", "Georgia"], data=timeline)["event_id"].tolist() == [
        "EV3",
        "EV5",
    ]
    both = threats.events(actors=["Azerbaijan", "Russia"], match="all", data=timeline)
    assert both["event_id"].tolist() == ["EV1"]
    cats = threats.events(categories=threats.MILITANCY_CATEGORIES, actors="AZE", data=timeline)
    assert cats["event_id"].tolist() == ["EV3", "EV4"]
    with pytest.raises(ValueError):
        threats.events(match="some", data=timeline)


def test_chart_markers(timeline):
    out = threats.chart_markers("Azerbaijan", 1992, 2023, data=timeline)
    assert out["event_id"].tolist() == ["EV1", "EV2"]  # Georgia war does not involve Azerbaijan
    assert out["number"].tolist() == [1, 2]
    assert out["label"].tolist() == ["12 May 1994: Ceasefire", "27 September 2020: War"]
    # 1994-05-12 is day 131 of 365 (0-based); 2020-09-27 is day 270 of 366
    assert out["x"].tolist() == pytest.approx([1994 + 131 / 365, 2020 + 270 / 366])
    assert threats.date_text(pd.Timestamp("2008-05-01"), "month") == "May 2008"


# --------------------------------------------------------------------------------------------
# the threat matrix


@pytest.fixture
def frames(milex, mids, acd, points, deliveries) -> dict:
    return {
        "milex": milex,
        "mids": mids,
        "conflicts": acd,
        "ideal_points": points,
        "deliveries": deliveries,
    }


def test_threat_matrix_values(frames):
    out = threats.threat_matrix_values(
        "AZE", ["Armenia", "Iran", "Syria", "Russia"], 1992, 2023, **frames
    )
    arm, irn, syr, rus = (out.iloc[i] for i in range(4))
    assert (arm["spending_ratio"], arm["spending_year"]) == (0.3, 2022)
    assert (arm["disputes"], arm["disputes_first"], arm["disputes_last"]) == (2, 1993, 2011)
    assert (arm["clash_year"], arm["clash_conflict_id"]) == (2003, 3)
    assert (arm["unga_distance"], arm["unga_year"]) == (pytest.approx(0.6), 2020)
    assert arm["supplier"] is None and arm["supplier_period"] == "2003–2007"  # no imports
    assert irn["spending_ratio"] == 12.5 and irn["disputes"] == 0 and pd.isna(irn["clash_year"])
    assert math.isnan(irn["unga_distance"])
    assert math.isnan(syr["spending_ratio"])
    assert rus["disputes"] == 1


def test_threat_matrix_says_no_data_never_zero(frames):
    out = threats.threat_matrix(
        "Azerbaijan", ["ARM", "IRN", "SYR", "RUS"], 2023, start_year=1992, **frames
    )
    assert list(out.columns) == threats.MATRIX_COLUMNS
    rows = {row[0]: row for row in out.values.tolist()}
    assert rows["Armenia"][1:] == [
        "0.30× (2022)",
        "2 (1993–2011; force used by the rival in 1)",
        "2003 (the Karabakh conflict; Armenia as a supporting party)",  # as UCDP codes it
        "0.60 (0.23–0.97; 2020)",
        "no data: no imports in 2003–2007",
    ]
    assert rows["Iran"][1] == "12.5× (2021)"
    assert rows["Iran"][2] == "none since 1992 (data to 2014)"
    assert rows["Iran"][3] == "none (1992–2003)"
    assert rows["Iran"][4] == "no data"
    assert rows["Syria"][1] == "no data" and rows["Syria"][4] == "no data"
    assert not any(
        cell.strip() in {"0", "0.0", "nan", "<NA>"} for row in rows.values() for cell in row
    )


def test_unknown_country_is_one_sentence(bd):
    with pytest.raises(UnknownCountryError, match="not a known country"):
        threats.battle_deaths("Atlantis", data=bd)


# --------------------------------------------------------------------------------------------
# real processed data (committed under data/processed)


def _real(name: str) -> pd.DataFrame:
    from strategic_ties import datasets

    return datasets.load(name)


def test_real_battle_deaths_karabakh():
    out = threats.battle_deaths("Azerbaijan", 1992, 2023)
    row = out[(out["conflict_id"] == 388) & (out["year"] == 2020)].iloc[0]
    assert (row["best"], row["low"], row["high"]) == (7646, 7548, 9077)
    assert row["conflict"] == "Nagorno-Karabakh conflict"
    assert set(out["conflict_id"]) == {388, 396}
    armenia = threats.battle_deaths("Armenia", 1992, 2023, against=["Azerbaijan", "Türkiye"])
    assert set(armenia["conflict_id"]) == {388} and set(armenia["role"]) == {"secondary"}
    assert 1994 not in set(armenia["year"])  # UCDP lists no Armenian support in 1994


def test_real_clashes_and_disputes():
    assert threats.last_clash("Azerbaijan", "Armenia")["conflict_id"] == 388
    assert threats.last_clash("Israel", "Iran")["conflict_id"] == 14609
    # 1982: Syria backs the Palestinian side against Israel in Lebanon (conflict 234)
    assert threats.last_clash("Israel", "Syria")["year"] == 1982
    assert threats.last_clash("Azerbaijan", "Iran") is None
    # PROVENANCE lists 8 Azerbaijan-Armenia and 4 Azerbaijan-Iran disputes
    assert len(threats.mids_between("Azerbaijan", "Armenia")) == 8
    assert set(threats.mids_between("Azerbaijan", "Iran")["dispnum"]) == {4317, 4409, 4418, 4642}


def test_real_military_balance_and_ratio():
    out = threats.military_balance(["Israel", "Azerbaijan"], 2020, 2024)
    israel = out[(out["country_iso3"] == "ISR") & (out["year"] == 2023)].iloc[0]
    # PROVENANCE: Israel 2023 is 5.32 % of GDP and $28,957m at constant 2022 prices
    assert israel["milex_share_gdp"] == pytest.approx(5.32, abs=0.01)
    assert israel["milex_constant_usd"] == pytest.approx(28957, abs=1)
    later = out[out["year"] == 2024]
    assert later["milex_constant_usd"].isna().all() and later["milex_share_gdp"].notna().all()
    assert later["release"].nunique() == 1 and later["release"].iloc[0] != israel["release"]
    ratio, year = threats.spending_ratio("Azerbaijan", "Armenia")
    assert year == 2023 and 0 < ratio < 1


def test_real_ideal_points_and_suppliers():
    distance = threats.ideal_point_distance("Azerbaijan", "Iran", 2024, 2024).iloc[0]
    # July 2025 release: Azerbaijan -0.660445, Iran -1.275290 in 2024
    assert distance["distance"] == pytest.approx(0.614845, abs=1e-5)
    assert distance["low"] < distance["distance"] < distance["high"]
    profile = threats.rival_profile("Azerbaijan", "Iran", 1992, 2024)
    assert profile["supplier_period"] == "2020–2024"
    assert profile["suppliers"]["supplier"].iloc[0] == "Russia"  # Iran's main supplier
    # CoW MID 4642 (2011): Azerbaijan used force, Iran only displayed it
    assert (profile["mids"]["country_hostility"], profile["mids"]["rival_hostility"]) == (
        "use of force",
        "display of force",
    )
    assert profile["mids"]["disputes"] == 4 and profile["events"] > 0


def test_real_militancy_and_events():
    gtd = threats.terrorism("Azerbaijan", 1992, 2024)
    assert gtd["year"].max() == 2017 and np.isnan(gtd.set_index("year").loc[1993, "incidents"])
    acled = threats.political_violence("Azerbaijan")
    assert acled["year"].min() == 2018
    markers = threats.chart_markers("Azerbaijan", 1992, 2023)
    assert {"EV005", "EV034", "EV042", "EV044", "EV063"} <= set(markers["event_id"])


def test_real_threat_matrix_default_case():
    out = threats.threat_matrix("Azerbaijan", ["Iran", "Armenia", "Russia"], 2024, start_year=1992)
    assert out["Rival"].tolist() == ["Iran", "Armenia", "Russia"]
    armenia = out.iloc[1]
    assert armenia["Last armed clash (UCDP)"] == (
        "2023 (the Nagorno-Karabakh conflict; Armenia as a supporting party)"
    )
    assert out.iloc[0]["Last armed clash (UCDP)"] == "none (1992–2024)"  # not UCDP's 1946
    assert armenia["Militarised disputes (CoW MID)"].startswith("8 (")
    assert out.iloc[0]["Main arms supplier of the rival"] == "Russia, 100% (2020–2024)"
    syria = threats.threat_matrix("Israel", ["Syria"], 2024, start_year=1992)
    assert syria.iloc[0]["Last armed clash (UCDP)"] == (
        "1982 (the Palestine conflict; Syria as a supporting party)"
    )
    iran = threats.threat_matrix("Iran", ["United States"], 2024, start_year=1992)
    assert iran.iloc[0]["Last armed clash (UCDP)"] == (
        "2024 (Iran vs Israel; the United States as a supporting party)"
    )
    assert syria.iloc[0]["Spending ratio (rival ÷ country)"] == "no data"  # no Syrian US$ series


def test_latest_balance_and_year_ranges(milex):
    balance = threats.military_balance(["AZE", "ARM", "SYR"], 2021, 2023, data=milex)
    latest = threats.latest_balance(balance)
    assert latest["country_iso3"].tolist() == ["AZE", "ARM"]  # Syria has nothing in 2021-2023
    aze = latest.iloc[0]
    assert (aze["spending_year"], aze["milex_constant_usd"]) == (2022, 2500.0)
    assert (aze["share_year"], aze["milex_share_gdp"], aze["share_release"]) == (
        2023,
        5.0,
        "SIPRI 2025 via OWID",
    )
    padded = threats.latest_balance(balance, ["Syria", "AZE"])
    assert padded["country"].tolist() == ["Syria", "Azerbaijan"]
    assert pd.isna(padded.iloc[0]["spending_year"]) and np.isnan(padded.iloc[0]["milex_share_gdp"])
    assert padded.iloc[1]["milex_constant_usd"] == 2500.0
    assert threats.year_ranges([2014, 2012, 2013, 2020]) == "2012–2014 and 2020"
    assert threats.year_ranges([1999, 2001, 2005]) == "1999, 2001 and 2005"
    assert threats.year_ranges([]) == ""


def test_coverage(mids, gtd):
    assert threats.coverage("mids", data=mids) == (1816, 2014)
    assert threats.coverage("terrorism", data=gtd) == (1970, 2017)


# --------------------------------------------------------------------------------------------
# the notebook itself, with other countries than the default (slow: real papermill runs)

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "threat_picture.ipynb"


def _outputs(notebook) -> list[dict]:
    return [output for cell in notebook.cells for output in cell.get("outputs", [])]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("parameters", "expect"),
    [
        (
            {"country": "Armenia", "partner": "Russia", "rivals": "Azerbaijan,Turkey"},
            [
                "UCDP codes Armenia as a secondary",
                "2023 (the Nagorno-Karabakh conflict; Armenia as a supporting party)",
            ],
        ),
        (
            {"country": "Israel", "partner": "United States", "rivals": "Iran,Syria"},
            [
                "2024 (Iran vs Israel)",
                "1982 (the Palestine conflict; Syria as a supporting party)",
                "<td>no data</td>",
            ],
        ),
    ],
)
def test_notebook_runs_for_other_countries(tmp_path, parameters, expect):
    import papermill

    out = tmp_path / "threat_picture.ipynb"
    notebook = papermill.execute_notebook(
        str(NOTEBOOK),
        str(out),
        parameters=parameters,
        kernel_name="python3",
        cwd=str(NOTEBOOK.parents[1]),
        progress_bar=False,
    )
    outputs = _outputs(notebook)
    problems = [
        o
        for o in outputs
        if o["output_type"] == "error" or (o["output_type"] == "stream" and o["name"] == "stderr")
    ]
    assert problems == []
    html = "\n".join(o.get("data", {}).get("text/html", "") for o in outputs)
    markdown = "\n".join(o.get("data", {}).get("text/markdown", "") for o in outputs)
    for key in ("battle-deaths", "military-spending", "un-vote-distance", "threat-matrix"):
        assert f'id="fig-{key}"' in html or f'id="tab-{key}"' in html
    for text in expect:
        assert text in html + markdown


def test_side_hostility_belongs_to_the_side_that_reached_it() -> None:
    """Dispute 4642 (2011): Azerbaijan used force (4), Iran displayed force (3)."""
    mids = pd.DataFrame(
        {
            "dispnum": [4642, 4642, 9],
            "iso3": ["AZE", "IRN", "IRN"],
            "hostlev": pd.array([4, 3, 5], dtype="Int64"),
        }
    )
    assert threats.side_hostility([4642], "IRN", data=mids) == 3
    assert threats.side_hostility([4642], "Azerbaijan", data=mids) == 4
    assert threats.side_hostility([4642, 9], "IRN", data=mids) == 5
    assert threats.side_hostility([4642], "ARM", data=mids) is None


def test_uncounted_years_of_a_secondary_conflict():
    """Years UCDP records a supporting party's conflict without it: left out of its count, and
    named in the note (Armenia, Nagorno-Karabakh, 1994 in the real data)."""
    from strategic_ties.wording import threats as wording

    deaths = pd.DataFrame(
        {
            "year": [2000, 2002, 2000],
            "conflict_id": [1, 1, 2],
            "conflict": ["War A", "War A", "War B"],
            "best": [50, 60, 70],
            "role": ["secondary", "secondary", "primary"],
        }
    )
    table = pd.DataFrame(
        {
            "conflict_id": [1, 1, 1, 1, 2, 2],
            "year": [2000, 2001, 2001, 2002, 2000, 2001],
            "best": [50, 30, 40, 60, 70, 80],  # 2001: two dyads of War A
        }
    )
    found = threats.uncounted_years(deaths, 1990, 2010, data=table)
    assert found.to_dict("records") == [
        {"conflict": "War A", "year": 2001, "best": 70, "listed": False}
    ]
    assert threats.uncounted_years(deaths, 2002, 2010, data=table).empty  # outside the window
    note = wording.secondary_note("Armenia", ["War A"], found)
    assert "UCDP records War A without Armenia among the parties in 2001 (70 deaths)" in note

    armenia = threats.battle_deaths("Armenia", 1992, 2023)
    real = threats.uncounted_years(armenia, 1992, 2023)
    assert (1994, 1507) in set(zip(real["year"], real["best"], strict=True))
    assert threats.uncounted_years(threats.battle_deaths("Azerbaijan", 1992, 2023)).empty


def test_peak_year_wording_follows_the_conflicts_of_that_year():
    from strategic_ties.analysis.conflict import _peak_share

    one = pd.DataFrame({"conflict_id": [1], "best": [900]})
    two = pd.DataFrame({"conflict_id": [1, 2], "best": [900, 100]})
    even = pd.DataFrame({"conflict_id": [1, 2, 3], "best": [400, 350, 250]})
    assert [_peak_share(f) for f in (one, two, even)] == [
        "all of them",
        "most of them",
        "the largest number",
    ]
    facts = threats.battle_deaths_facts(threats.battle_deaths("Armenia", 1992, 2023))
    assert facts["peak_year"] == 2020 and facts["peak_share"] == "all of them"


def test_clashes_as_supporting_parties_only_are_said_so():
    """Armenia and Türkiye are on opposite sides of the 2020 war only as supporting parties
    (UCDP): the rival's paragraph and the threat matrix say so; Azerbaijan is a primary party."""
    from strategic_ties.wording import threats as wording

    profile = threats.rival_profile("Armenia", "Türkiye", 1992, 2024)
    assert profile["clash_years"] == [2020] and profile["clashes_supporting_only"]
    text = wording.rival_paragraph("Armenia", profile, 1992, 2024)
    assert "both only as supporting parties of others" in text
    assert not threats.rival_profile("Armenia", "Azerbaijan", 1992, 2024)["clashes_supporting_only"]
    values = threats.threat_matrix_values("Armenia", ["Azerbaijan", "Türkiye"], 1992, 2024)
    assert values.set_index("rival")["clash_supporting"].to_dict() == {
        "Azerbaijan": False,
        "Türkiye": True,
    }


def test_conflict_label_various_territories_names_the_sides():
    """UCDP gives 'Various' as the territory of a conflict over several (Iran-Iraq, 1974-1988):
    the label names the sides, never 'the Various conflict'."""
    from strategic_ties.analysis.conflict import conflict_label

    label = conflict_label(["Government of Iran"], ["Government of Iraq"], "Various")
    assert label == "Iran vs Iraq"
    assert (
        conflict_label(
            ["Government of Azerbaijan"], ["Republic of Artsakh"], "Artsakh (Nagorno-Karabakh)"
        )
        == "Nagorno-Karabakh conflict"
    )


def test_same_side_reads_supporting_parties_and_skips_missions():
    """UCDP/PRIO lists Türkiye supporting Azerbaijan in 2020 (conflict 388); Armenia and Türkiye
    both sit among some fifty states on Mali's side (a peacekeeping mission): not an alignment."""
    from strategic_ties.analysis.conflict import same_side

    tur = same_side("Türkiye", "Azerbaijan", 1992, 2024)
    assert tur[["year", "conflict_id", "partner_role", "country_role"]].values.tolist() == [
        [2020, 388, "supporting", "primary"]
    ]
    assert tur["conflict"].tolist() == ["Nagorno-Karabakh conflict"]
    assert same_side("Türkiye", "Armenia", 1992, 2024).empty
    assert same_side("Israel", "Azerbaijan", 1992, 2024).empty
    hand = pd.DataFrame(
        {
            "conflict_id": [1, 1, 2],
            "year": [2001, 2002, 2001],
            "side_a": ["Government of Syria", "Government of Syria", "Government of Mali"],
            "side_a_2nd": [
                "Government of Iran, Government of Russia",
                "Government of Russia",
                ", ".join(
                    f"Government of {n}"
                    for n in ["Iran", "Russia", "France", "Chad", "Togo", "Niger", "Benin"]
                ),
            ],
            "side_b": ["Syrian insurgents"] * 2 + ["JNIM"],
            "side_b_2nd": [pd.NA] * 3,
            "territory_name": [pd.NA] * 3,
        }
    )
    both = same_side("Russia", "Iran", conflicts=hand)
    assert both[["year", "partner_role", "country_role"]].values.tolist() == [
        [2001, "supporting", "supporting"]
    ]
    assert same_side("Russia", "Syria", conflicts=hand)["country_role"].tolist() == ["primary"] * 2


def test_same_side_sentence_names_who_supported_whom():
    from strategic_ties.analysis.conflict import same_side
    from strategic_ties.wording import bilateral

    text = bilateral.same_side_sentence(
        same_side("Türkiye", "Azerbaijan", 1992, 2024), "Türkiye", "Azerbaijan", 1992, 2024
    )
    assert (
        "in the Nagorno-Karabakh conflict (2020), Türkiye as a supporting party on Azerbaijan's side"
        in text
    )
    assert "troops" in text
    none = bilateral.same_side_sentence(
        same_side("Israel", "Azerbaijan", 1992, 2024), "Israel", "Azerbaijan", 1992, 2024
    )
    assert none.startswith(
        "UCDP/PRIO's list of armed conflicts records no year in 1992–2024 with Israel and Azerbaijan"
    )


def test_uncounted_years_tell_unlisted_from_left_out_by_rule():
    """Iran in Syria vs Syrian insurgents: UCDP lists it as a supporting party in 2015-2019,
    with no state on the other side (left out by this count's rule), and not at all in
    2011-2014; the note says which is which, and only unlisted years next to counted ones are
    the chart's gaps (Armenia 1994)."""
    from strategic_ties.wording import threats as wording

    iran = threats.battle_deaths("Iran", 1992, 2023)
    found = threats.uncounted_years(iran, 1992, 2023, country="Iran")
    syria = found[found["conflict"] == "Syria vs Syrian insurgents"]
    assert syria.loc[syria["listed"].astype(bool), "year"].tolist() == [
        2015,
        2016,
        2017,
        2018,
        2019,
    ]
    assert syria.loc[~syria["listed"].astype(bool), "year"].tolist() == [2011, 2012, 2013, 2014]
    note = wording.secondary_note("Iran", ["Syria vs Syrian insurgents"], found)
    assert (
        "In 2015–2019, UCDP lists Iran as a supporting party of Syria vs Syrian insurgents" in note
    )
    assert "without Iran among the parties in 2011 (1,203 deaths)" in note
    assert 2015 not in threats.gap_years(iran, found)["year"].tolist()
    armenia = threats.battle_deaths("Armenia", 1992, 2023)
    gaps = threats.gap_years(
        armenia, threats.uncounted_years(armenia, 1992, 2023, country="Armenia")
    )
    assert gaps["year"].tolist() == [1994]
