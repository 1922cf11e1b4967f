"""The curated events timeline (shared/data/events/events.csv, UTF-8, RFC 4180)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from strategic_ties import countries
from strategic_ties.errors import DataError
from strategic_ties.ingest.common import finish, read_csv_rows

COLUMNS = [
    "event_id",
    "date",
    "date_precision",
    "end_date",
    "category",
    "theme",
    "actors",
    "title",
    "description",
    "source_urls",
    "in_source_paper",
    "confidence",
]

_DATE = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}


def _start(date: str, precision: str, path: Path) -> pd.Timestamp:
    if precision not in _DATE or not re.fullmatch(_DATE[precision], date):
        raise DataError(
            f"{path.name} (events): date {date!r} does not match its precision {precision!r}."
        )
    padded = {"day": date, "month": f"{date}-01", "year": f"{date}-01-01"}[precision]
    return pd.Timestamp(padded)


def parse_events(path: Path) -> pd.DataFrame:
    what = "events timeline"
    raw = read_csv_rows(path, what, COLUMNS, dtype=str, keep_default_na=False)
    for codes in raw["actors"]:
        for code in filter(None, codes.split(";")):
            if countries.to_iso3(code) != code:
                raise DataError(f"{path.name} ({what}): actor code {code!r} is not an ISO3 code.")
    flags = raw["in_source_paper"].str.lower().map({"true": True, "false": False})
    if flags.isna().any():
        raise DataError(f"{path.name} ({what}): in_source_paper must be true or false.")
    dates = [_start(d, p, path) for d, p in zip(raw["date"], raw["date_precision"], strict=True)]
    frame = raw.assign(
        date=dates,
        end_date=pd.to_datetime(raw["end_date"].replace("", None), format="%Y-%m-%d"),
        year=[d.year for d in dates],
        in_source_paper=flags,
    )
    for column in ("end_date",):
        frame[column] = frame[column].astype("datetime64[ns]")
    return finish("events", frame, ["event_id"])
