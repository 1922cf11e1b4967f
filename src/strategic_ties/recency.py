"""How recent each series is, and rule-based flags for numbers a reader should not take at face value.

- `last_year(dataset)` — the last year a series covers: the catalogue's coverage, except that a
  series with a ``date`` column whose last record falls in the first half of a year counts that
  year as not covered (UN votes end on 14 January 2020, so their last year is 2019).
- `data_as_of(end_year)` — one row per series with its first and last year and how many years
  it stops short of ``end_year``: the "data as of" table near the front of the briefing.
- `stale(dataset, end_year)` / `dated(text, dataset, end_year)` — a headline number from a
  series that ends `STALE_YEARS` (3) or more years before ``end_year`` carries its year.
- `anomaly(values)` — the latest value lies far outside the previous five years: below
  `ANOMALY_LOW` (0.8) times their lowest or above 1 / 0.8 = 1.25 times their highest value.
- `small_base(total, previous_total)` — a share is taken of a total that fell to under
  `SMALL_BASE` (a quarter) of the previous period's total.
- `single_year(values)` — the one year in which all of a quantity fell, if there is one.

All functions return numbers, frames or small records; the sentences live with the sections.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from strategic_ties import catalog, paths

STALE_YEARS = 3
"""A series ending this many years (or more) before end_year gets its year in every headline."""
ANOMALY_WINDOW = 5
ANOMALY_LOW = 0.8
"""Latest < 0.8 x the lowest (or > 1/0.8 = 1.25 x the highest) of the previous five years."""
ANOMALY_MIN_HISTORY = 3
SMALL_BASE = 0.25
"""A total under a quarter of the previous period's total (a fall of more than 75%) is small."""

LABELS: dict[str, str] = {
    "arms_deliveries": "Arms deliveries by year (SIPRI trade register)",
    "arms_tiv_totals": "Arms imports and exports, totals (SIPRI TIV tables)",
    "arms_transfers": "Arms deals (SIPRI trade register)",
    "battle_deaths": "Battle deaths (UCDP)",
    "conflicts": "Armed conflicts (UCDP/PRIO)",
    "events": "Timeline of events (curated)",
    "fuel_imports_share": "Fuel share of imports (World Bank)",
    "gdp": "GDP (World Bank)",
    "mids": "Militarised interstate disputes (Correlates of War)",
    "military_expenditure": "Military expenditure (SIPRI)",
    "oil_press": "Oil exports quoted in the press",
    "political_violence": "Political violence (ACLED)",
    "population": "Population (World Bank)",
    "terrorism": "Terrorism (Global Terrorism Database)",
    "trade": "Merchandise trade (IMF DOTS)",
    "trade_press": "Trade figures quoted in the press",
    "unga_ideal_points": "UN General Assembly ideal points",
    "unga_votes": "UN General Assembly votes",
}
"""Reader names of the datasets (the catalogue's titles are too long for a table row)."""

_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


def label(dataset: str) -> str:
    """Reader name of a dataset (its catalogue title when no short name is set)."""
    return LABELS.get(dataset) or str(catalog.entry(dataset)["title"])


def _processed(dataset: str) -> Path:
    return paths.data_dir() / str(catalog.entry(dataset)["processed"]["file"])


def _last_date(dataset: str) -> pd.Timestamp | None:
    """Largest value of the dataset's ``date`` column, from the Parquet statistics (no data read)."""
    columns = catalog.entry(dataset).get("columns") or {}
    if "date" not in columns:
        return None
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(_processed(dataset)).metadata
    index = meta.schema.names.index("date")
    found = []
    for group in range(meta.num_row_groups):
        stats = meta.row_group(group).column(index).statistics
        if stats is not None and stats.has_min_max:
            found.append(pd.Timestamp(stats.max))
    return max(found) if found else None


def _press_years(dataset: str) -> tuple[int, int] | None:
    """First and last four-digit year in a press table's ``period`` texts."""
    import pyarrow.parquet as pq

    periods = pq.read_table(_processed(dataset), columns=["period"]).column("period").to_pylist()
    years = [int(y) for text in periods if text for y in _YEAR.findall(str(text))]
    return (min(years), max(years)) if years else None


@cache
def _coverage(dataset: str, data_dir: str) -> tuple[int | None, int | None]:
    years = (catalog.entry(dataset).get("coverage") or {}).get("years")
    if years:
        first, last = int(years[0]), int(years[1])
    elif "period" not in (catalog.entry(dataset).get("columns") or {}):
        return None, None  # a table without years (the country outlines of the locator map)
    else:
        found = _press_years(dataset)
        if found is None:
            return None, None
        first, last = found
    last_date = _last_date(dataset)
    if last_date is not None and last_date.year == last and last_date.month <= 6:
        last -= 1  # e.g. UN votes: one session's last votes in January 2020; 2019 is the last year
    return first, last


def coverage(dataset: str) -> tuple[int | None, int | None]:
    """First and last year a dataset covers (None where it has no years)."""
    return _coverage(dataset, str(paths.data_dir()))


def last_year(dataset: str) -> int | None:
    """The last year a dataset covers (see the module docstring for the rule)."""
    return coverage(dataset)[1]


def years_short(dataset: str, end_year: int) -> int:
    """How many years before end_year the dataset stops (0 when it reaches end_year)."""
    last = last_year(dataset)
    return 0 if last is None else max(0, int(end_year) - last)


def stale(dataset: str, end_year: int) -> bool:
    """True when the dataset ends `STALE_YEARS` or more years before end_year."""
    return years_short(dataset, end_year) >= STALE_YEARS


def dated(text: str, dataset: str, end_year: int, year: int | None = None) -> str:
    """``text`` followed by ' in YEAR' when the dataset is stale for end_year, else ``text``.

    ``year`` is the year the number refers to (default: the dataset's last year). E.g.
    ``dated('trade of US$628 m', 'trade', 2024)`` -> ``'trade of US$628 m in 2020'``.
    """
    if not stale(dataset, end_year):
        return text
    shown = last_year(dataset) if year is None else int(year)
    return f"{text} in {shown}"


def data_as_of(end_year: int, datasets: tuple[str, ...] | None = None) -> pd.DataFrame:
    """One row per series: ``dataset``, ``series`` (reader name), ``source`` (source note),
    ``first_year``, ``last_year``, ``years_short`` (years before end_year it stops) and
    ``dated`` (True when headlines from it carry their year). Sorted by last year, oldest first."""
    names = catalog.datasets() if datasets is None else list(datasets)
    rows = []
    for name in names:
        first, last = coverage(name)
        if first is None and last is None:
            continue  # not a series (the country outlines of the locator map)
        rows.append(
            {
                "dataset": name,
                "series": label(name),
                "source": catalog.source_note(name),
                "first_year": first,
                "last_year": last,
                "years_short": years_short(name, end_year),
                "dated": stale(name, end_year),
            }
        )
    out = pd.DataFrame(rows)
    for column in ("first_year", "last_year"):
        out[column] = out[column].astype("Int64")
    return out.sort_values(["last_year", "dataset"], kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class Anomaly:
    """The latest value of a yearly series against the previous five years."""

    year: int
    value: float
    low: float  # lowest of the previous years
    high: float  # highest of the previous years
    median: float  # median of the previous years
    first: int  # first of the previous years
    last: int  # last of the previous years
    direction: str  # 'low' or 'high'

    @property
    def change(self) -> float:
        """Latest value against the previous years' median, as a fraction (-0.32 = 32% lower)."""
        return self.value / self.median - 1 if self.median else math.nan


def anomaly(values: pd.Series | Mapping[int, float]) -> Anomaly | None:
    """An `Anomaly` when the latest value is far outside the previous `ANOMALY_WINDOW` years.

    ``values`` maps years to numbers (missing values are dropped). The rule: the latest value is
    below ANOMALY_LOW x the previous years' lowest, or above their highest / ANOMALY_LOW. None
    when the latest value is inside that band or fewer than `ANOMALY_MIN_HISTORY` earlier years
    are known.
    """
    series = pd.Series(values, dtype="float64").dropna().sort_index()
    if len(series) < ANOMALY_MIN_HISTORY + 1:
        return None
    year = int(series.index[-1])
    previous = series[(series.index < year) & (series.index >= year - ANOMALY_WINDOW)]
    if len(previous) < ANOMALY_MIN_HISTORY:
        return None
    latest, low, high = float(series.iloc[-1]), float(previous.min()), float(previous.max())
    if latest < ANOMALY_LOW * low:
        direction = "low"
    elif latest * ANOMALY_LOW > high:
        direction = "high"
    else:
        return None
    return Anomaly(
        year=year,
        value=latest,
        low=low,
        high=high,
        median=float(previous.median()),
        first=int(previous.index.min()),
        last=int(previous.index.max()),
        direction=direction,
    )


@dataclass(frozen=True)
class SmallBase:
    """A total that fell to under a quarter of the previous period's."""

    total: float
    previous_total: float

    @property
    def fall(self) -> float:
        """How much the total fell, as a fraction (0.92 = fell 92%)."""
        return 1 - self.total / self.previous_total


def small_base(total: float, previous_total: float | None) -> SmallBase | None:
    """A `SmallBase` when ``total`` is under `SMALL_BASE` x ``previous_total`` (else None).

    Shares taken of such a total (e.g. one supplier's share of a period's arms imports after
    imports collapsed) say little; the text says so beside the share.
    """
    if previous_total is None or not previous_total > 0 or total != total:
        return None
    if float(total) < SMALL_BASE * float(previous_total):
        return SmallBase(float(total), float(previous_total))
    return None


def single_year(values: pd.Series | Mapping[int, float]) -> int | None:
    """The year holding all of a positive quantity given by year (None if spread or zero)."""
    series = pd.Series(values, dtype="float64").fillna(0.0)
    positive = series[series > 0]
    return int(positive.index[0]) if len(positive) == 1 else None
