"""Militancy (GTD terrorism aggregates to 2017, ACLED political violence from 2018) and the
curated timeline of events."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from strategic_ties import countries as _countries
from strategic_ties import fmt
from strategic_ties.analysis.frames import _empty, _has_code, _iso3s, _mask, _window
from strategic_ties.datasets import given_or_loaded

WAR_CATEGORIES = ("war_or_clash", "ceasefire_or_peace")


MILITANCY_CATEGORIES = ("terrorism_or_plot", "domestic_security")


def terrorism(
    country: str,
    start_year: int | None = None,
    end_year: int | None = None,
    *,
    data: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Terrorist incidents, deaths and injuries per year (GTD aggregates via OWID, to 2017):
    year, incidents, fatalities, injuries.

    GTD lists only years with an incident, so missing years inside the GTD coverage are filled
    with 0, except 1993, for which GTD has no data (NaN). A country GTD never mentions gets an
    empty frame, not zeros.
    """
    iso3 = _countries.iso3_of(country)
    frame = given_or_loaded("terrorism", data)
    columns = {
        "year": "Int64",
        "incidents": "float64",
        "fatalities": "float64",
        "injuries": "float64",
    }
    rows = frame[_mask(frame["iso3"] == iso3)]
    if rows.empty:
        return _empty(columns)
    covered_first, covered_last = int(frame["year"].min()), int(frame["year"].max())
    first = max(start_year if start_year is not None else covered_first, covered_first)
    last = min(end_year if end_year is not None else covered_last, covered_last)
    if first > last:
        return _empty(columns)
    years = pd.Index(range(first, last + 1), name="year")
    out = (
        rows.groupby("year")[["incidents", "fatalities", "injuries"]]
        .sum(min_count=1)
        .reindex(years)
        .fillna(0.0)
    )
    if 1993 in out.index:
        out.loc[1993] = np.nan
    return out.reset_index().astype(columns)


def political_violence(
    country: str,
    start_year: int | None = None,
    end_year: int | None = None,
    *,
    data: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """ACLED political-violence events and reported fatalities per year: year, events,
    fatalities, partial_year. ACLED's coverage of a country starts in its own year (2018 for the
    South Caucasus); only the years ACLED lists are returned."""
    iso3 = _countries.iso3_of(country)
    frame = _window(given_or_loaded("political_violence", data), start_year, end_year)
    rows = frame[_mask(frame["iso3"] == iso3)]
    columns = {"year": "Int64", "events": "Int64", "fatalities": "Int64", "partial_year": "boolean"}
    if rows.empty:
        return _empty(columns)
    out = rows.groupby("year", as_index=False).agg(
        events=("events", "sum"),
        fatalities=("fatalities", "sum"),
        partial_year=("partial_year", "max"),
    )
    return out.astype(columns)


def events(
    theme: str | Sequence[str] | None = None,
    start_year: int | None = None,
    end_year: int | None = None,
    *,
    actors: str | Sequence[str] | None = None,
    match: str = "any",
    categories: str | Sequence[str] | None = None,
    data: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Rows of the curated timeline (same columns as the ``events`` table), sorted by date.

    `theme` and `categories` take one value or several. `actors` takes countries (names or
    ISO3); with ``match='any'`` an event involving any of them is kept, with ``'all'`` only
    events involving all of them.
    """
    if match not in ("any", "all"):
        raise ValueError("match must be 'any' or 'all'")
    frame = _window(given_or_loaded("events", data), start_year, end_year)
    if theme is not None:
        frame = frame[frame["theme"].isin([theme] if isinstance(theme, str) else list(theme))]
    if categories is not None:
        wanted = [categories] if isinstance(categories, str) else list(categories)
        frame = frame[frame["category"].isin(wanted)]
    if actors is not None:
        codes = _iso3s(actors)
        masks = [_has_code(frame["actors"], code) for code in codes]
        if masks:
            combined = masks[0]
            for mask in masks[1:]:
                combined = (combined & mask) if match == "all" else (combined | mask)
            frame = frame[combined]
    return frame.sort_values(["date", "event_id"], kind="stable").reset_index(drop=True)


def decimal_year(date: pd.Timestamp) -> float:
    """2020-09-27 -> 2020.74 (the fraction of the year elapsed at the start of that day)."""
    start = pd.Timestamp(year=date.year, month=1, day=1)
    days = 366 if date.is_leap_year else 365
    return date.year + (date - start).days / days


def date_text(date: pd.Timestamp, precision: str) -> str:
    """'12 May 1994', 'May 2008' or '2008' according to the timeline's date precision
    (`fmt.date`: full month names)."""
    return fmt.date(date, precision)


def chart_markers(
    country: str,
    start_year: int | None = None,
    end_year: int | None = None,
    *,
    categories: Sequence[str] = WAR_CATEGORIES,
    data: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Timeline events to mark on a chart of the country's armed conflict: number (1, 2, ...),
    event_id, x (decimal year of the start date), date, label ('12 May 1994: <title>'), category.
    Wars, clashes, ceasefires and peace steps involving the country, oldest first."""
    rows = events(None, start_year, end_year, actors=country, categories=categories, data=data)
    out = pd.DataFrame(
        {
            "number": range(1, len(rows) + 1),
            "event_id": rows["event_id"].astype("string").to_numpy(),
            "x": [decimal_year(d) for d in rows["date"]],
            "date": rows["date"].to_numpy(),
            "label": [
                f"{date_text(d, p)}: {t}"
                for d, p, t in zip(rows["date"], rows["date_precision"], rows["title"], strict=True)
            ],
            "category": rows["category"].astype("string").to_numpy(),
        }
    )
    return out.astype({"number": "Int64", "x": "float64", "label": "string"})


def events_window(start_year: int, end_year: int, latest_year: int) -> tuple[int | None, str]:
    """The timeline's end year and its wording: timeline rows run to the timeline's end (None)
    when the report runs to the latest data year; an earlier end year cuts them too."""
    if end_year >= latest_year:
        return None, f"since {start_year}"
    return end_year, f"in {start_year}–{end_year}"


def event_table(rows: pd.DataFrame, mark: str = "") -> pd.DataFrame:
    """Timeline rows as a reader's table: Date, Event (followed by `mark` when the row is flagged
    ``in_source_paper``; no mark by default), States (the ISO3 codes involved), What happened."""
    paper = rows["in_source_paper"].astype("boolean").fillna(False)
    return pd.DataFrame(
        {
            "Date": [
                date_text(d, p) for d, p in zip(rows["date"], rows["date_precision"], strict=True)
            ],
            "Event": [t + (mark if p else "") for t, p in zip(rows["title"], paper, strict=True)],
            "States": [", ".join(str(a).split(";")) for a in rows["actors"]],
            "What happened": rows["description"].to_numpy(),
        }
    )


def count_involving(rows: pd.DataFrame, country: str | Sequence[str]) -> int:
    """How many timeline rows name the country (or any of several) among their actors."""
    found = pd.Series(False, index=rows.index)
    for code in _iso3s(country):
        found |= _has_code(rows["actors"], code)
    return int(found.sum())


def involve(n: int) -> str:
    """'none involves', '1 involves', '3 involve'."""
    if n == 0:
        return "none involves"
    return f"{n} involves" if n == 1 else f"{n} involve"


def terrorism_facts(gtd: pd.DataFrame) -> dict:
    """The values the terrorism narrative quotes (from a non-empty `terrorism` frame): first,
    last, incidents, deaths, peak_year, peak, dead."""
    known = gtd.dropna(subset=["incidents"])
    peak = known.loc[known["incidents"].idxmax()]
    deadliest = known.loc[known["fatalities"].idxmax()]
    total_deaths = int(known["fatalities"].sum())
    return {
        "first": int(gtd["year"].min()),
        "last": int(gtd["year"].max()),
        "incidents": fmt.count(int(known["incidents"].sum()), "terrorist incident"),
        "deaths": (
            f"which killed {fmt.count(total_deaths, 'person', 'people')}"
            if total_deaths > 0
            else "none of them fatal"
        ),
        "peak_year": int(peak["year"]),
        "peak": peak["incidents"],
        "dead": (
            f", the most deaths in {int(deadliest['year'])} ({deadliest['fatalities']:,.0f})"
            if deadliest["fatalities"] > 0
            else ""
        ),
    }


def political_violence_facts(acled: pd.DataFrame) -> dict:
    """The values the ACLED narrative quotes (from a non-empty `political_violence` frame):
    first, events, deaths, peak_year, peak (the deadliest complete year), partial (text of the
    incomplete years, '' if none)."""
    is_partial = acled["partial_year"].astype("boolean").fillna(False)
    full = acled[~is_partial]
    peak = full.loc[full["fatalities"].astype(float).idxmax()] if len(full) else acled.iloc[0]
    return {
        "first": int(acled["year"].min()),
        "last": int(acled["year"].max()),
        "events": int(acled["events"].sum()),
        "deaths": int(acled["fatalities"].sum()),
        "peak_year": int(peak["year"]),
        "peak": int(peak["fatalities"]),
        "partial": fmt.years(acled.loc[is_partial, "year"].astype(int)),
    }
