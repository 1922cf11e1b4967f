"""SIPRI Military Expenditure Database workbook (April 2024 release) and OWID's 2025-release CSV.

Workbook quirks (shared/data/milex/PROVENANCE.md): the country sheets have their header on row 6
('Country', possibly an unnamed column, 'Notes', then years); region names are rows without any
value; '...' / '. .' mean unavailable and 'xxx' means the country did not exist; 'Share of GDP'
is a fraction (0.0532 = 5.32 %), stored here in per cent. The OWID CSV (Entity, Code, Year,
'Military expenditure (% of GDP)', region) is already in per cent and runs to 2024.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd

from strategic_ties.errors import DataError
from strategic_ties.ingest.common import (
    add_actor,
    finish,
    read_csv_text,
    read_text,
    require,
    require_columns,
)

SHEETS = {
    "Constant (2022) US$": "constant_usd_m",
    "Current US$": "current_usd_m",
    "Share of GDP": "share_gdp_pct",
}
RELEASE_2024 = "SIPRI 2024"
RELEASE_2025 = "SIPRI 2025 (via OWID)"
MISSING = {"...", ". .", "..", "xxx", ""}
OWID_VALUE = "Military expenditure (% of GDP)"


def _sheet(book, sheet: str, path: Path) -> pd.DataFrame:
    if sheet not in book.sheetnames:
        raise DataError(f"{path.name} (SIPRI milex workbook) lacks the sheet {sheet!r}.")
    rows = list(book[sheet].iter_rows(values_only=True))
    header_at = next((i for i, row in enumerate(rows[:15]) if row and row[0] == "Country"), None)
    if header_at is None:
        raise DataError(
            f"{path.name} [{sheet}] has no 'Country' header row; the workbook layout has changed."
        )
    header = rows[header_at]
    years = {
        i: int(v) for i, v in enumerate(header) if isinstance(v, int | float) and 1900 < v < 2100
    }
    if not years:
        raise DataError(f"{path.name} [{sheet}] has no year columns.")
    records = []
    for row in rows[header_at + 1 :]:
        if not row or not isinstance(row[0], str) or not row[0].strip():
            continue
        cells = {year: row[i] if i < len(row) else None for i, year in years.items()}
        if all(v is None for v in cells.values()):
            continue  # a region heading ('Africa', 'North Africa'), not a country
        for year, value in cells.items():
            if value is None or (isinstance(value, str) and value.strip() in MISSING):
                continue
            if not isinstance(value, int | float):
                raise DataError(
                    f"{path.name} [{sheet}] {row[0]} {year}: {value!r} is not a number."
                )
            records.append({"country": row[0].strip(), "year": year, "value": float(value)})
    return pd.DataFrame.from_records(records)


def parse_workbook(path: Path) -> pd.DataFrame:
    import openpyxl

    require(path, "SIPRI milex workbook")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # 'Workbook contains no default style'
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise DataError(
            f"{path.name} (SIPRI milex workbook) cannot be opened as .xlsx ({type(exc).__name__}); "
            "the file is truncated or not a workbook."
        ) from None
    try:
        frames = []
        for sheet, column in SHEETS.items():
            part = _sheet(book, sheet, path).rename(columns={"value": column})
            frames.append(part.set_index(["country", "year"]))
    finally:
        book.close()
    wide = pd.concat(frames, axis=1).reset_index()
    wide["share_gdp_pct"] = wide["share_gdp_pct"] * 100.0
    wide["release"] = RELEASE_2024
    return wide


def parse_owid(path: Path) -> pd.DataFrame:
    what = "OWID military spending share of GDP"
    raw = read_csv_text(read_text(path, "utf-8", what), path, what)
    require_columns(raw, ["Entity", "Code", "Year", OWID_VALUE], path, what)
    return pd.DataFrame(
        {
            "country": raw["Entity"],
            "year": raw["Year"],
            "share_gdp_pct": pd.to_numeric(raw[OWID_VALUE], errors="raise"),
            "constant_usd_m": float("nan"),
            "current_usd_m": float("nan"),
            "release": RELEASE_2025,
        }
    )


def parse_milex(workbook: Path, owid_csv: Path) -> pd.DataFrame:
    frame = pd.concat([parse_workbook(workbook), parse_owid(owid_csv)], ignore_index=True)
    add_actor(frame, "country", "SIPRI military expenditure", prefix="")
    return finish("military_expenditure", frame, ["release", "country", "year"])
