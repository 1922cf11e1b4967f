"""Small helpers the threat modules share: country codes, windows, empty typed frames."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from strategic_ties import countries as _countries
from strategic_ties import fmt
from strategic_ties.datasets import given_or_loaded

NO_DATA = "no data"


def _iso3s(names: str | Iterable[str]) -> list[str]:
    if isinstance(names, str):
        names = [names]
    out: list[str] = []
    for item in names:
        code = _countries.iso3_of(item)
        if code not in out:
            out.append(code)
    return out


def _mask(values: pd.Series) -> pd.Series:
    """A boolean Series with missing values counted as False."""
    return values.fillna(False).astype(bool)


def _window(
    frame: pd.DataFrame, start_year: int | None, end_year: int | None, column: str = "year"
) -> pd.DataFrame:
    keep = pd.Series(True, index=frame.index)
    if start_year is not None:
        keep &= _mask(frame[column] >= start_year)
    if end_year is not None:
        keep &= _mask(frame[column] <= end_year)
    return frame[keep]


def _has_code(codes: pd.Series, iso3: str) -> pd.Series:
    """Rows whose ';'-separated ISO3 list contains `iso3`."""
    text = codes.astype("string").fillna("")  # the few thousand values split in Python
    found = [iso3 in [p.strip() for p in value.split(";")] for value in text.tolist()]
    return pd.Series(np.array(found, dtype=bool), index=codes.index, name=codes.name)


_year_span = fmt.span  # '1992–2014', or '2020' when both years are the same


def coverage(name: str, *, data: pd.DataFrame | None = None) -> tuple[int, int]:
    """First and last year of a processed table (its ``year`` column; MIDs: participant years)."""
    frame = given_or_loaded(name, data)
    if "year" in frame.columns:
        years = frame["year"].dropna()
        return int(years.min()), int(years.max())
    return int(frame["start_year"].min()), int(frame["end_year"].max())


def _empty(columns: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in columns.items()})
