"""IMF DOTS workbooks: layout, text years, ' e' flags, commas, aggregates, duplicates."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from strategic_ties import datasets
from strategic_ties.errors import DataError
from strategic_ties.ingest import imf_dots

RAW = Path(__file__).resolve().parents[2] / "shared" / "data" / "trade" / "imf_dots_by_reporter"
needs_raw = pytest.mark.skipif(not RAW.is_dir(), reason=f"raw IMF DOTS files not at {RAW}")


def make_workbook(path: Path, reporter: str = "Azerbaijan, Rep. of", rows=None, unit=None) -> Path:
    """A workbook laid out like the IMF's export (rows 4, 5, 7 and partners from row 8)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    rows = rows or [
        ("Australia", 1.5, "0.01 e", None),
        ("Israel", "3,605.83", 1236.2, "1,744.8 e"),
        ("World", 19000.0, 14000.0, 21000.0),
        ("Euro Area", 5000.0, None, ""),
        ("Australia", 1.5, "0.01 e", None),  # listed twice, as in every real workbook
        ("Memorandum Items", None, None, None),  # a heading without values
        ("Middle East", 250.0, 240.0, 260.0),
    ]
    for sheet, title in (("Exports, FOB", "Exports, FOB to Partner Countries"),
                         ("Imports, CIF", "Imports, CIF from Partner Countries")):  # fmt: skip
        ws = book.create_sheet(sheet)
        ws["B2"] = title
        ws["B4"] = reporter
        ws["B5"] = unit or "US Dollars, Millions"
        ws["C7"], ws["D7"], ws["E7"] = 2008, "2009", "2010"  # numbers and text
        for offset, (partner, *values) in enumerate(rows):
            ws.cell(row=8 + offset, column=2, value=partner)
            for col, value in enumerate(values, start=3):
                ws.cell(row=8 + offset, column=col, value=value)
    book.save(path)
    return path


def test_fixture_workbook(tmp_path: Path) -> None:
    make_workbook(tmp_path / "DOTS_1.xlsx")
    frame = imf_dots.parse_dots(tmp_path, workers=1)
    israel = frame[frame["partner"].eq("Israel") & frame["flow"].eq("exports")].set_index("year")
    assert israel.loc[2008, "value_usd_m"] == pytest.approx(3605.83)  # commas dropped
    assert israel.loc[2010, "value_usd_m"] == pytest.approx(1744.8)
    assert israel.loc[2010, "estimate"] and not israel.loc[2009, "estimate"]  # ' e' flag
    assert frame["reporter_iso3"].eq("AZE").all() and frame["reporter_kind"].eq("state").all()
    assert set(frame["flow"]) == {"exports", "imports"}
    aus = frame[frame["partner"].eq("Australia") & frame["flow"].eq("exports")]
    assert len(aus) == 2  # duplicate row stored once; the empty 2010 cell is no row
    for aggregate in ("World", "Euro Area", "Middle East"):
        rows = frame[frame["partner"].eq(aggregate)]
        assert len(rows) > 0 and rows["partner_iso3"].isna().all()
        assert rows["partner_kind"].eq("aggregate").all()
    assert "Memorandum Items" not in set(frame["partner"])
    assert frame["source"].eq(imf_dots.SOURCE).all()


def test_aggregate_reporter(tmp_path: Path) -> None:
    make_workbook(tmp_path / "DOTS_2.xlsx", reporter="Advanced Economies")
    frame = imf_dots.parse_dots(tmp_path, workers=1)
    assert frame["reporter_kind"].eq("aggregate").all() and frame["reporter_iso3"].isna().all()


def test_conflicting_duplicates_fail(tmp_path: Path) -> None:
    rows = [("Israel", 1.0, 2.0, 3.0), ("Israel", 1.0, 2.5, 3.0)]
    make_workbook(tmp_path / "DOTS_1.xlsx", rows=rows)
    with pytest.raises(DataError, match="different values"):
        imf_dots.parse_dots(tmp_path, workers=1)


def test_unmapped_partner_fails(tmp_path: Path) -> None:
    make_workbook(tmp_path / "DOTS_1.xlsx", rows=[("Atlantis", 1.0, 2.0, 3.0)])
    with pytest.raises(DataError, match="'Atlantis'"):
        imf_dots.parse_dots(tmp_path, workers=1)


def test_bad_cell_unit_and_truncation(tmp_path: Path) -> None:
    bad = make_workbook(tmp_path / "bad.xlsx", rows=[("Israel", "n/a", 2.0, 3.0)])
    with pytest.raises(DataError, match="neither a number"):
        imf_dots.read_workbook(bad)
    unit = make_workbook(tmp_path / "unit.xlsx", unit="US Dollars, Billions")
    with pytest.raises(DataError, match="expected 'US Dollars, Millions'"):
        imf_dots.read_workbook(unit)
    good = make_workbook(tmp_path / "good.xlsx")
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(good.read_bytes()[:2000])
    with pytest.raises(DataError, match="cannot be opened as an .xlsx"):
        imf_dots.read_workbook(cut)
    with pytest.raises(DataError, match="No DOTS_"):
        imf_dots.parse_dots(tmp_path / "empty-folder-that-does-not-exist", workers=1)


def test_parse_cell() -> None:
    assert imf_dots.parse_cell(None, "x") is None
    assert imf_dots.parse_cell("  ", "x") is None
    assert imf_dots.parse_cell(2.5, "x") == (2.5, False)
    assert imf_dots.parse_cell("1,234.5 e", "x") == (1234.5, True)
    assert imf_dots.parse_cell("3e-05", "x") == (3e-05, False)
    with pytest.raises(DataError):
        imf_dots.parse_cell("abc", "x")


@needs_raw
def test_real_azerbaijan_workbook() -> None:
    frame = imf_dots.read_workbook(RAW / "DOTS_13.xlsx")
    assert frame["reporter"].eq("Azerbaijan, Rep. of").all()
    exports = frame[frame["partner"].eq("Israel") & frame["flow"].eq("exports")]
    by_year = exports.set_index("year")["value_usd_m"]
    # The Economist (2012) quotes $3.6bn, $1.2bn and $1.7bn for 2008-2010.
    assert by_year[2008] == pytest.approx(3605.8, abs=0.1)
    assert by_year[2009] == pytest.approx(1236.2, abs=0.1)
    assert by_year[2010] == pytest.approx(1744.8, abs=0.1)
    assert not exports["estimate"].any()  # PROVENANCE: no flag on ISR-AZE cells


@needs_raw
def test_real_estimate_flags_and_text_years() -> None:
    frame = imf_dots.read_workbook(RAW / "DOTS_2.xlsx")  # Albania: '1.53 e' cells
    first = frame[frame["partner"].eq("Australia") & frame["year"].eq(1981)]
    assert first["estimate"].all() and first["value_usd_m"].iloc[0] == pytest.approx(1.53)


def test_processed_trade_table() -> None:
    trade = datasets.load("trade")
    aze_isr = trade[
        trade["reporter_iso3"].eq("AZE")
        & trade["partner_iso3"].eq("ISR")
        & trade["flow"].eq("exports")
        & trade["year"].eq(2008)
    ]
    assert aze_isr["value_usd_m"].iloc[0] == pytest.approx(3605.8, abs=0.1)
    # Israel reports tiny imports from Azerbaijan (no origin for crude): the mirror gap
    isr = trade[
        trade["reporter_iso3"].eq("ISR")
        & trade["partner_iso3"].eq("AZE")
        & trade["flow"].eq("imports")
    ]
    assert isr["value_usd_m"].max() <= 13.7 + 1e-6
    assert trade["reporter"].nunique() == 234  # 235 workbooks, Nicaragua's twice
    assert not trade.duplicated(["reporter", "partner", "flow", "year"]).any()
    assert set(trade["partner_kind"]) == {"state", "historical_state", "aggregate"}
    assert trade["year"].min() == 1960 and trade["year"].max() == 2020
    assert trade["estimate"].sum() > 0


@needs_raw
@pytest.mark.parametrize(
    ("file", "reporter", "iso3", "kind", "last_year"),
    [
        ("DOTS_54.xlsx", "Czechoslovakia", "CSK", "historical_state", 1992),
        ("DOTS_203.xlsx", "USSR", "SUN", "historical_state", 1991),
        ("DOTS_216.xlsx", "Yemen, People's Dem. Rep. of", "YMD", "historical_state", 1989),
        ("DOTS_221.xlsx", "World", None, "aggregate", 2020),
        ("DOTS_229.xlsx", "Euro Area", None, "aggregate", 2020),
    ],
)
def test_real_defunct_and_aggregate_reporters(file, reporter, iso3, kind, last_year) -> None:
    frame = imf_dots.read_workbook(RAW / file)
    assert frame["reporter"].eq(reporter).all()
    assert frame["year"].max() == last_year
    trade = datasets.load("trade")
    rows = trade[trade["reporter"].eq(reporter)]
    assert len(rows) == len(frame.drop_duplicates())  # every non-empty cell is in the table
    assert rows["reporter_kind"].eq(kind).all()
    assert (
        rows["reporter_iso3"].isna().all() if iso3 is None else rows["reporter_iso3"].eq(iso3).all()
    )


@needs_raw
def test_real_nicaragua_workbooks_are_copies() -> None:
    a = imf_dots.read_workbook(RAW / "DOTS_143.xlsx")
    b = imf_dots.read_workbook(RAW / "DOTS_144.xlsx")
    pd.testing.assert_frame_equal(a, b)
