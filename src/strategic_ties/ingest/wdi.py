"""World Bank WDI extracts: GDP and population (datahub.io 'core' CSVs) and the fuel-import share.

gdp.csv / population.csv: Country Name, Country Code, Year, Value. Names go through
countries.classify; for states the ISO3 found must equal the World Bank's Country Code, so a
wrong name mapping fails the build. Aggregates (World, income groups...) keep a null iso3.
The fuel-share file is an open-numbers DDF subset: geo (lower-case ISO3), time, tm_val_fuel_zs_un.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from strategic_ties import countries
from strategic_ties.errors import DataError
from strategic_ties.ingest.common import (
    add_actor,
    finish,
    read_csv_rows,
    read_csv_text,
    read_text,
    require_columns,
)

WB_COLUMNS = ["Country Name", "Country Code", "Year", "Value"]


def _wb(path: Path, what: str, table: str, value: str) -> pd.DataFrame:
    raw = read_csv_rows(path, what, WB_COLUMNS, keep_default_na=False)
    values = pd.to_numeric(raw["Value"].replace("", None), errors="coerce")
    if values.isna().any():
        raise DataError(f"{path.name} ({what}): a Value cell is empty or not a number.")
    frame = pd.DataFrame({"country": raw["Country Name"], "year": raw["Year"], value: values})
    add_actor(frame, "country", what, prefix="")
    states = frame["kind"].isin(["state", "historical_state"])
    mismatch = frame[states & frame["iso3"].ne(raw["Country Code"])]
    if len(mismatch):
        row = mismatch.iloc[0]
        raise DataError(
            f"{path.name} ({what}): {row.country!r} maps to {row.iso3} but the World Bank code is "
            f"{raw.loc[row.name, 'Country Code']}; fix the name tables in countries.py."
        )
    return finish(table, frame, ["country", "year"])


def parse_gdp(path: Path) -> pd.DataFrame:
    return _wb(path, "World Bank GDP", "gdp", "gdp_usd")


def parse_population(path: Path) -> pd.DataFrame:
    return _wb(path, "World Bank population", "population", "population")


def parse_fuel_share(path: Path) -> pd.DataFrame:
    what = "WDI fuel imports share"
    raw = read_csv_text(read_text(path, "utf-8", what), path, what)
    require_columns(raw, ["geo", "time", "tm_val_fuel_zs_un"], path, what)
    iso3 = raw["geo"].str.upper()
    bad = sorted({code for code in iso3 if countries.to_iso3(code) != code})
    if bad:
        raise DataError(f"{path.name} ({what}): geo codes {bad} are not ISO3 codes.")
    frame = pd.DataFrame(
        {"iso3": iso3, "year": raw["time"], "fuel_share_pct": raw["tm_val_fuel_zs_un"]}
    )
    return finish("fuel_imports_share", frame, ["iso3", "year"])
