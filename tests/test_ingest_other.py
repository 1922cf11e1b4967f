"""Parsers of milex, GTD, ACLED, COW MIDs, WDI, press figures, UN votes and events."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from strategic_ties.errors import DataError
from strategic_ties.ingest import acled, cow, events, milex, owid, press, unvotes, wdi

RAW = Path(__file__).resolve().parents[2] / "shared" / "data"
FIX = Path(__file__).resolve().parent / "fixtures" / "ingest"
needs_raw = pytest.mark.skipif(not RAW.is_dir(), reason=f"raw publisher files not at {RAW}")


# --- SIPRI military expenditure -------------------------------------------------------------


def make_milex(path: Path) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet, extra in (("Constant (2022) US$", True), ("Current US$", False),
                         ("Share of GDP", False)):  # fmt: skip
        ws = book.create_sheet(sheet)
        ws["A1"] = f"Military expenditure by country, {sheet}  © SIPRI 2023"
        header = ["Country"] + ([""] if extra else []) + ["Notes", 2021.0, 2022.0, 2023.0]
        for col, value in enumerate(header, start=1):
            ws.cell(row=6, column=col, value=value)
        value = 0.05 if sheet == "Share of GDP" else 2500.0
        data = [
            ("Asia & Oceania", [None, None, None]),  # a region heading: no values at all
            ("Azerbaijan", [value, "...", value]),
            ("Soviet Union", ["xxx", "xxx", "xxx"]),  # did not exist
            ("Türkiye", [value, value, ". ."]),
        ]
        for offset, (name, values) in enumerate(data, start=8):
            ws.cell(row=offset, column=1, value=name)
            for col, cell in enumerate(values, start=len(header) - 2):
                ws.cell(row=offset, column=col, value=cell)
    book.save(path)
    return path


def test_milex_workbook_fixture(tmp_path: Path) -> None:
    owid_csv = tmp_path / "owid.csv"
    owid_csv.write_text(
        "Entity,Code,Year,Military expenditure (% of GDP),World region according to OWID\n"
        "Azerbaijan,AZE,2024,4.9,Asia\nEuropean Union (SIPRI),,2024,1.6,\n"
    )
    frame = milex.parse_milex(make_milex(tmp_path / "milex.xlsx"), owid_csv)
    old = frame[frame["release"].eq(milex.RELEASE_2024)]
    aze = old[old["iso3"].eq("AZE")].set_index("year")
    assert aze.loc[2021, "share_gdp_pct"] == pytest.approx(5.0)  # fraction -> per cent
    assert aze.loc[2021, "constant_usd_m"] == 2500.0
    assert 2022 not in aze.index  # '...' in every sheet: no row
    assert set(old["country"]) == {"Azerbaijan", "Türkiye"}  # region and 'xxx' rows absent
    assert old[old["country"].eq("Türkiye")]["iso3"].eq("TUR").all()
    new = frame[frame["release"].eq(milex.RELEASE_2025)]
    assert new["constant_usd_m"].isna().all() and len(new) == 2
    assert new[new["country"].str.startswith("European")]["iso3"].isna().all()


def test_milex_missing_sheet_and_truncated(tmp_path: Path) -> None:
    path = make_milex(tmp_path / "milex.xlsx")
    book = openpyxl.load_workbook(path)
    del book["Current US$"]
    book.save(path)
    with pytest.raises(DataError, match="lacks the sheet 'Current US\\$'"):
        milex.parse_workbook(path)
    path.write_bytes(path.read_bytes()[:1500])
    with pytest.raises(DataError, match="truncated"):
        milex.parse_workbook(path)


@needs_raw
def test_milex_real() -> None:
    frame = milex.parse_milex(
        RAW / "milex" / "SIPRI-Milex-data-1949-2023.xlsx",
        RAW / "milex" / "military-spending-as-a-share-of-gdp-sipri.csv",
    )
    isr = frame[frame["iso3"].eq("ISR") & frame["year"].eq(2023)].set_index("release")
    assert isr.loc[milex.RELEASE_2024, "share_gdp_pct"] == pytest.approx(5.32, abs=0.01)
    assert isr.loc[milex.RELEASE_2024, "constant_usd_m"] == pytest.approx(28957, abs=1)
    aze = frame[frame["iso3"].eq("AZE") & frame["year"].eq(2023)].set_index("release")
    assert aze.loc[milex.RELEASE_2024, "share_gdp_pct"] == pytest.approx(4.60, abs=0.01)
    assert aze.loc[milex.RELEASE_2025, "share_gdp_pct"] == pytest.approx(4.92, abs=0.01)
    assert frame[frame["release"].eq(milex.RELEASE_2025)]["year"].max() == 2024
    assert (frame["release"].eq(milex.RELEASE_2024)).sum() == 8691  # as the clean file
    assert frame[frame["release"].eq(milex.RELEASE_2024)]["country"].nunique() == 174


# --- GTD via OWID ------------------------------------------------------------------------------


def test_gtd_malformed_header() -> None:
    frame = owid.parse_terrorism(
        FIX / "gtd_incidence.csv", FIX / "gtd_fatalities.csv", FIX / "gtd_incidents.csv"
    )
    aze = frame[frame["country"].eq("Azerbaijan")].iloc[0]
    assert (aze["fatalities"], aze["incidents"], aze["injuries"]) == (14, 3, 50)
    assert frame[frame["country"].eq("Soviet Union")]["iso3"].iloc[0] == "SUN"
    assert frame[frame["country"].eq("Central Asia")]["iso3"].isna().all()


def test_gtd_mapping_is_checked(tmp_path: Path) -> None:
    swapped = tmp_path / "incidents.csv"
    swapped.write_text((FIX / "gtd_incidents.csv").read_text().replace("1994,3", "1994,14"))
    with pytest.raises(DataError, match="column mapping no longer holds"):
        owid.parse_terrorism(FIX / "gtd_incidence.csv", FIX / "gtd_fatalities.csv", swapped)
    short = tmp_path / "incidence.csv"
    short.write_text((FIX / "gtd_incidence.csv").read_text() + "Armenia,ARM,1994\n")
    with pytest.raises(DataError, match="truncated"):
        owid.read_incidence(short)


@needs_raw
def test_gtd_real() -> None:
    folder = RAW / "conflict"
    frame = owid.parse_terrorism(
        folder / "owid_gtd2018_incidence-of-terrorism.csv",
        folder / "owid_gtd2018_fatalities-from-terrorism.csv",
        folder / "owid_gtd2018_terrorist-incidents.csv",
    )
    assert len(frame) == 4373 and frame["country"].nunique() == 218
    assert 1993 not in set(frame["year"])  # GTD has no 1993
    assert frame["year"].min() == 1970 and frame["year"].max() == 2017


# --- ACLED -------------------------------------------------------------------------------------


def test_acled_fixture(tmp_path: Path) -> None:
    events_path, fatalities_path = tmp_path / "ev.xlsx", tmp_path / "fat.xlsx"
    pd.DataFrame(
        {
            "COUNTRY": ["Azerbaijan", "Azerbaijan", "Iran"],
            "YEAR": [2020, 2026, 2026],
            "EVENTS": [1200, 10, 300],
        }  # fmt: skip
    ).to_excel(events_path, index=False)
    pd.DataFrame(
        {
            "COUNTRY": ["Azerbaijan", "Iran", "Israel"],
            "YEAR": [2020, 2026, 2024],
            "FATALITIES": [3000, 28127, 50],
        }  # fmt: skip
    ).to_excel(fatalities_path, index=False)
    frame = acled.parse_acled(events_path, fatalities_path)
    assert len(frame) == 4  # outer join: nothing dropped
    assert frame[frame["year"].eq(2026)]["partial_year"].all()
    assert not frame[frame["year"].eq(2020)]["partial_year"].any()
    israel = frame[frame["country"].eq("Israel")].iloc[0]
    assert pd.isna(israel["events"]) and israel["fatalities"] == 50
    pd.DataFrame({"COUNTRY": ["Iran"], "YEAR": [2026]}).to_excel(events_path, index=False)
    with pytest.raises(DataError, match="EVENTS"):
        acled.parse_acled(events_path, fatalities_path)


@needs_raw
def test_acled_real() -> None:
    folder = RAW / "conflict"
    frame = acled.parse_acled(
        folder / "acled_number_of_political_violence_events_by_country-year_as-of-06Mar2026.xlsx",
        folder / "acled_number_of_reported_fatalities_by_country-year_as-of-06Mar2026.xlsx",
    )
    assert frame["year"].max() == 2026 and frame["partial_year"].sum() > 0
    assert frame[frame["iso3"].eq("AZE")]["year"].min() == 2018
    iran = frame[frame["iso3"].eq("IRN") & frame["year"].eq(2026)].iloc[0]
    assert iran["fatalities"] == 28127  # appears as-is; flagged in the catalogue's caveats


# --- COW MIDs ----------------------------------------------------------------------------------


def test_mids_fixture() -> None:
    frame = cow.parse_mids(FIX / "midb.csv", FIX / "mida.csv")
    aze = frame[frame["ccode"].eq(373)].iloc[0]
    assert aze["iso3"] == "AZE" and aze["side_a"] and pd.isna(aze["fatality"])  # -9 -> null
    assert aze["dispute_fatality"] == 6 and aze["outcome"] == 5
    bavaria = frame[frame["ccode"].eq(245)].iloc[0]
    assert pd.isna(bavaria["iso3"]) and bavaria["stabb"] == "BAV"
    assert frame[frame["ccode"].eq(365)]["iso3"].iloc[0] == "SUN"  # 1980


def test_mids_unknown_dispute(tmp_path: Path) -> None:
    mida = tmp_path / "mida.csv"
    mida.write_text("\n".join((FIX / "mida.csv").read_text().splitlines()[:2]) + "\n")
    with pytest.raises(DataError, match="are not in"):
        cow.parse_mids(FIX / "midb.csv", mida)


@needs_raw
def test_mids_real() -> None:
    frame = cow.parse_mids(RAW / "conflict" / "MIDB 5.0.csv", RAW / "conflict" / "MIDA 5.0.csv")
    assert len(frame) == 5883
    aze_arm = set(frame[frame["iso3"].eq("AZE")]["dispnum"]) & set(
        frame[frame["iso3"].eq("ARM")]["dispnum"]
    )
    assert {3564, 4175, 4414} <= aze_arm
    assert frame["end_year"].max() == 2014


# --- World Bank --------------------------------------------------------------------------------


def test_wdi_fixture(tmp_path: Path) -> None:
    frame = wdi.parse_gdp(FIX / "wdi_gdp.csv")
    assert frame.set_index("country")["iso3"].to_dict() == {
        "Azerbaijan": "AZE", "Iran, Islamic Rep.": "IRN", "Turkiye": "TUR", "World": None,
    }  # fmt: skip
    wrong = tmp_path / "gdp.csv"
    wrong.write_text((FIX / "wdi_gdp.csv").read_text().replace("Azerbaijan,AZE", "Azerbaijan,ARM"))
    with pytest.raises(DataError, match="World Bank code is ARM"):
        wdi.parse_gdp(wrong)


@needs_raw
def test_wdi_real() -> None:
    gdp = wdi.parse_gdp(RAW / "wdi" / "gdp.csv")
    pop = wdi.parse_population(RAW / "wdi" / "population.csv")
    assert gdp["year"].max() == 2023 and pop["year"].max() == 2024
    assert gdp[gdp["iso3"].eq("TUR")]["year"].min() == 1960
    fuel = wdi.parse_fuel_share(RAW / "energy" / "wdi_TM.VAL.FUEL.ZS.UN_subset_ISR_IRN_RUS.csv")
    assert set(fuel["iso3"]) == {"ISR", "IRN", "RUS"} and len(fuel) == 126


# --- press figures -----------------------------------------------------------------------------


@needs_raw
def test_press_real() -> None:
    trade = press.parse_trade_press(RAW / "trade" / "press_reported_figures.csv")
    assert len(trade) == 18 and trade["suspect"].sum() == 1
    assert trade[trade["suspect"]]["value"].iloc[0] == 7000
    bound = trade[trade["value_qualifier"].eq(">")].iloc[0]
    assert bound["value"] == 1700
    assert trade[trade["period"].eq("2021") & trade["value"].eq(928.4)].shape[0] == 1
    oil = press.parse_oil_press(RAW / "energy" / "press_reported_oil_figures.csv")
    assert len(oil) == 18
    words = oil[oil["unit"].eq("text")].iloc[0]
    assert pd.isna(words["value"]) and words["value_text"] == "a good third"


def test_press_non_number_fails(tmp_path: Path) -> None:
    path = tmp_path / "press.csv"
    path.write_text(
        "period,reporter_or_source_agency,metric,value,unit,publisher,published,url,note\n"
        "2021,Agency,turnover,lots,USD million,Paper,2022-01-01,https://example.org,\n"
    )
    with pytest.raises(DataError, match="not a number"):
        press.parse_trade_press(path)


# --- UN votes and ideal points -----------------------------------------------------------------


def test_rda_and_dta_truncated(tmp_path: Path) -> None:
    path = tmp_path / "un_votes.rda"
    path.write_bytes(b"RDX2\nX\n" + b"\x00" * 50)
    with pytest.raises(DataError, match="truncated or not an .rda"):
        unvotes.read_rda(path, "un_votes")
    dta = tmp_path / "ideal.dta"
    dta.write_bytes(b"<stata_dta><header>broken")
    with pytest.raises(DataError, match="not a .dta"):
        unvotes.parse_ideal_points(dta)


@needs_raw
def test_unvotes_real() -> None:
    folder = RAW / "unvotes"
    votes = unvotes.parse_votes(
        folder / "un_votes.rda", folder / "un_roll_calls.rda", folder / "un_roll_call_issues.rda"
    )
    assert len(votes) == 870109
    assert votes["country"].nunique() == 200  # all 200 countries kept
    assert set(votes["vote"]) == {"yes", "abstain", "no"}
    assert votes[votes["iso3"].eq("AZE")]["year"].min() == 1992
    assert votes["date"].max() == pd.Timestamp("2020-01-14")
    assert votes[votes["country"].eq("Yemen People's Republic")]["iso3"].eq("YMD").all()
    assert votes[votes["country"].eq("Zanzibar")]["iso3"].isna().all()
    assert votes["middle_east"].any() and votes["important"].any()


@needs_raw
def test_ideal_points_real() -> None:
    frame = unvotes.parse_ideal_points(RAW / "unvotes" / "IdealpointsJuly2025.dta")
    assert len(frame) == 11440 and frame["year"].max() == 2024
    assert frame["iso3"].notna().all()
    serbia = frame[frame["ccode"].eq(345) & frame["year"].eq(2020)].iloc[0]
    assert serbia["iso3"] == "SRB" and serbia["country"] == "Serbia"
    assert frame[frame["ccode"].eq(365) & frame["year"].eq(1980)]["iso3"].iloc[0] == "SUN"
    assert frame[frame["ccode"].eq(680)]["iso3"].eq("YMD").all()
    assert "São Tomé & Príncipe" in set(frame["country"])  # mojibake repaired
    assert frame[frame["iso3"].eq("ISR") & frame["year"].eq(1948)].shape[0] == 1  # blank name


# --- events ------------------------------------------------------------------------------------


@needs_raw
def test_events_real_and_bad_date(tmp_path: Path) -> None:
    frame = events.parse_events(RAW / "events" / "events.csv")
    assert len(frame) == 78 and frame["in_source_paper"].sum() == 12
    # no blog, wiki or aggregator page is kept; the 2008 war is sourced to UCDP instead
    assert not frame["source_urls"].str.contains("wikipedia|fandom|wikia|menafn|piglix").any()
    assert frame.set_index("event_id").loc["EV009", "source_urls"] == events.CONFIRMED_BY["EV009"]
    month = frame[frame["date_precision"].eq("month")].iloc[0]
    assert month["date"].day == 1
    bad = tmp_path / "events.csv"
    shutil.copy(RAW / "events" / "events.csv", bad)
    bad.write_text(bad.read_text().replace("1991-09-02,day", "1991-09,day", 1))
    with pytest.raises(DataError, match="does not match its precision"):
        events.parse_events(bad)


def test_events_without_an_established_source_are_dropped() -> None:
    assert events.established_sources("EV999", "https://en.wikipedia.org/wiki/X") == ""
    assert (
        events.established_sources("EV999", "https://www.menafn.com/a; https://tass.com/b")
        == "https://tass.com/b"
    )
