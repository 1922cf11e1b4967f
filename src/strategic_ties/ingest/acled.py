"""ACLED public country-year aggregates (political-violence events and reported fatalities).

Two workbooks (COUNTRY, YEAR, EVENTS) and (COUNTRY, YEAR, FATALITIES), data as of 6 March 2026.
They cover different country-years (a country-year can have events but no fatalities row), so
they are joined outer and a missing side stays null. The release year (2026) is partial.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd

from strategic_ties.errors import DataError
from strategic_ties.ingest.common import add_actor, finish, require

PARTIAL_YEAR = 2026  # data as of 6 March 2026


def read_sheet(path: Path, value: str) -> pd.DataFrame:
    require(path, "ACLED aggregate workbook")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            raw = pd.read_excel(path, sheet_name=0, engine="openpyxl")
    except Exception as exc:
        raise DataError(
            f"{path.name} (ACLED aggregate) cannot be read as .xlsx ({type(exc).__name__}); "
            "the file is truncated or not a workbook."
        ) from None
    missing = [c for c in ("COUNTRY", "YEAR", value) if c not in raw.columns]
    if missing:
        raise DataError(f"{path.name} (ACLED aggregate) lacks the column(s) {missing}.")
    if raw.empty:
        raise DataError(f"{path.name} (ACLED aggregate) has no rows.")
    if raw.duplicated(["COUNTRY", "YEAR"]).any():
        raise DataError(f"{path.name} (ACLED aggregate) lists a country-year twice.")
    for column in ("YEAR", value):
        if not pd.api.types.is_integer_dtype(raw[column]):
            raise DataError(f"{path.name} (ACLED aggregate): {column} is not whole numbers.")
    return raw[["COUNTRY", "YEAR", value]]


def parse_acled(events: Path, fatalities: Path) -> pd.DataFrame:
    merged = read_sheet(events, "EVENTS").merge(
        read_sheet(fatalities, "FATALITIES"), on=["COUNTRY", "YEAR"], how="outer"
    )
    frame = pd.DataFrame(
        {
            "country": merged["COUNTRY"].str.strip(),
            "year": merged["YEAR"],
            "events": merged["EVENTS"],
            "fatalities": merged["FATALITIES"],
            "partial_year": merged["YEAR"].eq(PARTIAL_YEAR),
        }
    )
    add_actor(frame, "country", "ACLED countries", prefix="")
    return finish("political_violence", frame, ["country", "year"])
