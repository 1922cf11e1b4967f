"""Press-quoted official figures (trade turnover 2021-23, crude-oil exports): small UTF-8 CSVs.

These are secondary sources (articles quoting Azerbaijan's statistical and customs agencies),
kept apart from the official series. A row whose note says SUSPECT is flagged (trade_press).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from strategic_ties.errors import DataError
from strategic_ties.ingest.common import finish, read_csv_rows

TRADE_COLUMNS = [
    "period", "reporter_or_source_agency", "metric", "value", "unit", "publisher", "published",
    "url", "note",
]  # fmt: skip
OIL_COLUMNS = [
    "period", "source_agency", "exporter", "destination", "metric", "value", "unit",
    "publisher", "published", "url", "note",
]  # fmt: skip


def _read(path: Path, columns: list[str], what: str) -> pd.DataFrame:
    raw = read_csv_rows(path, what, columns, dtype=str, keep_default_na=False)
    text = raw["value"].str.strip()
    raw["value_qualifier"] = text.str.extract(r"^([<>])", expand=False)  # '>1700' = more than
    values = pd.to_numeric(text.str.lstrip("<>").str.strip(), errors="coerce")
    qualitative = raw["unit"].str.strip().eq("text")  # e.g. "'a good third'" (The Economist)
    raw["value_text"] = text.where(qualitative).str.strip("'")
    if (values.isna() & ~qualitative).any():
        raise DataError(
            f"{path.name} ({what}): value {raw['value'][values.isna()].iloc[0]!r} is not a "
            "number and the unit is not 'text'."
        )
    raw["value"] = values
    for column in columns:
        if column != "value":  # value_qualifier is NaN (not '') where absent
            raw[column] = raw[column].str.strip().replace("", None)
    return raw


def parse_trade_press(path: Path) -> pd.DataFrame:
    raw = _read(path, TRADE_COLUMNS, "press-reported trade figures")
    frame = raw.rename(columns={"reporter_or_source_agency": "agency"})
    frame["suspect"] = frame["note"].fillna("").str.contains("SUSPECT", case=True)
    return finish("trade_press", frame, ["period", "agency", "metric", "publisher", "url"])


def parse_oil_press(path: Path) -> pd.DataFrame:
    raw = _read(path, OIL_COLUMNS, "press-reported oil figures")
    frame = raw.rename(columns={"source_agency": "agency"})
    return finish("oil_press", frame, ["period", "exporter", "destination", "metric", "publisher"])
