"""Militarised interstate disputes (Correlates of War MID 5.0, to 2014) and the distance between
two states' UN General Assembly ideal points (Bailey, Strezhnev & Voeten)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from strategic_ties import countries as _countries
from strategic_ties.analysis.frames import _empty, _year_span, coverage
from strategic_ties.datasets import given_or_loaded

HOSTILITY = {
    1: "no militarised action",
    2: "threat to use force",
    3: "display of force",
    4: "use of force",
    5: "war",
}


FATALITY = {
    0: "none",
    1: "1–25 deaths",
    2: "26–100 deaths",
    3: "101–250 deaths",
    4: "251–500 deaths",
    5: "501–999 deaths",
    6: "more than 999 deaths",
}


def mids_between(
    country: str,
    rival: str,
    start_year: int | None = None,
    end_year: int | None = None,
    *,
    data: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Militarised interstate disputes (CoW MID 5.0, to 2014) with the two states on opposite
    sides: dispnum, start_year, end_year (the years both states took part), country_hostlev and
    rival_hostlev (each state's own highest hostility: CoW codes it per participant, so a use of
    force by one side is never the other's), hostlev (the higher of the two), hostility (its
    label), fatality (the higher of the two states' fatality levels; NaN if unknown).

    A dispute counts when its years (the two participants' span) overlap the window.
    """
    a, b = _countries.iso3_of(country), _countries.iso3_of(rival)
    frame = given_or_loaded("mids", data)
    columns = {
        "dispnum": "Int64",
        "start_year": "Int64",
        "end_year": "Int64",
        "country_hostlev": "Int64",
        "rival_hostlev": "Int64",
        "hostlev": "Int64",
        "hostility": "string",
        "fatality": "Int64",
    }
    iso3 = frame["iso3"]
    own, other = _per_dispute(frame, iso3 == a), _per_dispute(frame, iso3 == b)
    # One row per dispute with both states (dispnum order), on opposite sides: two different,
    # known sides.
    _, at_a, at_b = np.intersect1d(own[0], other[0], assume_unique=True, return_indices=True)
    side_a, side_b = own[1][at_a], other[1][at_b]
    opposed = ~np.isnan(side_a) & ~np.isnan(side_b) & (side_a != side_b)
    at_a, at_b = at_a[opposed], at_b[opposed]
    if not len(at_a):
        return _empty(columns)
    (dispnum, _, start_a, end_a, host_a, fatal_a) = (v[at_a] for v in own)
    (_, _, start_b, end_b, host_b, fatal_b) = (v[at_b] for v in other)
    hostlev = np.fmax(host_a, host_b).astype("int64")
    # the years both took part; the union if their spans do not overlap
    first, last = np.fmax(start_a, start_b), np.fmin(end_a, end_b)
    apart = first > last
    first = np.where(apart, np.fmin(start_a, start_b), first).astype("int64")
    last = np.where(apart, np.fmax(end_a, end_b), last).astype("int64")
    keep = np.ones(len(dispnum), dtype=bool)
    if start_year is not None:
        keep &= last >= start_year
    if end_year is not None:
        keep &= first <= end_year
    order = np.lexsort((dispnum[keep], first[keep]))  # by start year, then dispute
    pick = np.flatnonzero(keep)[order]
    out = {
        "dispnum": dispnum[pick].astype("int64"),
        "start_year": first[pick],
        "end_year": last[pick],
        "country_hostlev": host_a[pick],
        "rival_hostlev": host_b[pick],
        "hostlev": hostlev[pick],
        "hostility": [HOSTILITY.get(h, str(h)) for h in hostlev[pick].tolist()],
        # the higher of the two states' known (non-negative) fatality levels
        "fatality": np.fmax(
            np.where(fatal_a[pick] >= 0, fatal_a[pick], np.nan),
            np.where(fatal_b[pick] >= 0, fatal_b[pick], np.nan),
        ),
    }
    return pd.DataFrame(out).astype(columns)


def _per_dispute(frame: pd.DataFrame, rows: pd.Series) -> tuple[np.ndarray, ...]:
    """For the MID rows selected by `rows` (one state's), per dispute in dispnum order: dispnum,
    then side_a (the highest: 1.0 on side A), start_year (the first), end_year (the last),
    hostlev and fatality (the highest), as float arrays with NaN where a value is missing (as a
    pandas groupby max or min, which skips missing values)."""
    picked = rows.fillna(False).to_numpy(dtype=bool)

    def values(column: str) -> np.ndarray:
        return frame[column].to_numpy(dtype="float64", na_value=np.nan)[picked]

    dispnum = values("dispnum")
    order = np.argsort(dispnum, kind="stable")
    dispnum = dispnum[order]
    known = ~np.isnan(dispnum)  # a row without a dispute number is in no dispute
    order, dispnum = order[known], dispnum[known]
    starts = np.flatnonzero(np.r_[True, dispnum[1:] != dispnum[:-1]]) if len(dispnum) else []

    def reduced(column: str, how) -> np.ndarray:
        column_values = values(column)[order]
        if not len(column_values):
            return column_values
        with np.errstate(invalid="ignore"):
            return how.reduceat(column_values, starts)

    return (
        dispnum[starts] if len(dispnum) else dispnum,
        reduced("side_a", np.fmax),
        reduced("start_year", np.fmin),
        reduced("end_year", np.fmax),
        reduced("hostlev", np.fmax),
        reduced("fatality", np.fmax),
    )


def mids_summary(disputes: pd.DataFrame) -> dict:
    """Count, first and last year, and highest hostility of a `mids_between` frame, overall and
    per side.

    Keys disputes, first_year, last_year, hostlev, hostility (either state), country_hostlev,
    country_hostility, rival_hostlev, rival_hostility (each state's own highest), rival_force
    and country_force (disputes in which that state used force: level 4 or 5). Years and
    levels are None when there is no dispute."""
    if disputes.empty:
        return {
            "disputes": 0,
            "first_year": None,
            "last_year": None,
            **{f"{k}hostlev": None for k in ("", "country_", "rival_")},
            **{f"{k}hostility": None for k in ("", "country_", "rival_")},
            "rival_force": 0,
            "country_force": 0,
        }
    out = {
        "disputes": len(disputes),
        "first_year": int(disputes["start_year"].min()),
        "last_year": int(disputes["end_year"].max()),
    }
    for prefix in ("", "country_", "rival_"):
        level = disputes[f"{prefix}hostlev"].dropna()
        top = int(level.max()) if len(level) else None
        out[f"{prefix}hostlev"] = top
        out[f"{prefix}hostility"] = HOSTILITY.get(top, str(top)) if top is not None else None
    for side in ("rival", "country"):
        out[f"{side}_force"] = int((disputes[f"{side}_hostlev"].fillna(0) >= 4).sum())
    return out


def side_hostility(
    dispnums: Iterable[int], country: str, *, data: pd.DataFrame | None = None
) -> int | None:
    """The highest hostility level `country` itself reached in the given CoW disputes.

    CoW records hostility per participant (``hostlev`` on each side's row): a dispute's highest
    level belongs to the side that reached it, not to both (e.g. dispute 4642, 2011: Azerbaijan 4,
    Iran 3). None when the country has no row in those disputes.
    """
    code = _countries.iso3_of(country)
    mids = given_or_loaded("mids", data)
    rows = mids[(mids["iso3"] == code).fillna(False) & mids["dispnum"].isin(list(dispnums))]
    levels = rows["hostlev"].dropna()
    return int(levels.max()) if not levels.empty else None


def mids_coverage(*, data: pd.DataFrame | None = None) -> tuple[int, int]:
    """First and last year of the MID data (2014 for MID 5.0)."""
    return coverage("mids", data=data)


def ideal_point_distance(
    country: str,
    rival: str,
    start_year: int | None = None,
    end_year: int | None = None,
    *,
    data: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Absolute distance between the two states' UNGA ideal points (final-passage votes) per year:
    year, country_point, rival_point, distance, low, high, votes (the fewer of the two states'
    final-passage votes that year).

    Computed by `strategic_ties.analysis.alignment.ideal_point_distance`: ``low``-``high`` is an
    approximate 90% band (each posterior taken as normal with sd = (q95 - q5) / 3.29, the two
    independent; low = 0 when the interval of the difference spans zero). Years where either
    point is missing have no row.
    """
    from strategic_ties.analysis import alignment

    a, b = _countries.iso3_of(country), _countries.iso3_of(rival)
    frame = given_or_loaded("unga_ideal_points", data, iso3=[a, b])
    frame = frame[frame["iso3"].isin([a, b]).fillna(False).astype(bool)]  # the two states only
    found = alignment.ideal_point_distance(a, b, start_year, end_year, data=frame)
    years = found["year"].astype("int64")
    most_a, most_b = _most_votes(frame, a), _most_votes(frame, b)
    fewer = np.fmin(
        np.array([most_a.get(y, np.nan) for y in years.tolist()], dtype="float64"),
        np.array([most_b.get(y, np.nan) for y in years.tolist()], dtype="float64"),
    )
    out = pd.DataFrame(
        {
            "year": years.to_numpy(),
            "country_point": found["a_ideal_point"].to_numpy(dtype="float64"),
            "rival_point": found["b_ideal_point"].to_numpy(dtype="float64"),
            "distance": found["distance"].to_numpy(dtype="float64"),
            "low": found["low"].to_numpy(dtype="float64"),
            "high": found["high"].to_numpy(dtype="float64"),
            "votes": fewer,
        }
    )
    return out.astype({"year": "Int64", "votes": "Int64"})


def _most_votes(frame: pd.DataFrame, iso3: str) -> dict[int, float]:
    """The state's highest ``votes`` per year of ideal-point rows (NaN when none is known)."""
    rows = (frame["iso3"] == iso3).fillna(False).to_numpy(dtype=bool)
    years = frame["year"].to_numpy(dtype="float64", na_value=np.nan)[rows]
    votes = frame["votes"].to_numpy(dtype="float64", na_value=np.nan)[rows]
    most: dict[int, float] = {}
    for year, value in zip(years.tolist(), votes.tolist(), strict=True):
        if not np.isnan(year):
            most[int(year)] = float(np.fmax(most.get(int(year), np.nan), value))
    return most


def mids_table(disputes: pd.DataFrame, country: str, rival: str) -> pd.DataFrame:
    """A `mids_between` frame for display: MID number, years, each state's own highest action
    and the fatality level."""

    def level(value) -> str:
        return HOSTILITY.get(int(value), str(value)) if pd.notna(value) else "unknown"

    return pd.DataFrame(
        {
            "MID number": disputes["dispnum"].to_numpy(),
            "Years": [
                _year_span(a, b)
                for a, b in zip(disputes["start_year"], disputes["end_year"], strict=True)
            ],
            f"Highest action by {country}": [level(v) for v in disputes["country_hostlev"]],
            f"Highest action by {rival}": [level(v) for v in disputes["rival_hostlev"]],
            "Fatality level (either state, whole dispute)": [
                FATALITY.get(int(f), "unknown") if pd.notna(f) else "unknown"
                for f in disputes["fatality"]
            ],
        }
    )


def mids_span(summary: dict) -> str:
    """'2001–2012' or 'in 2001' from a `mids_summary`."""
    first, last = summary["first_year"], summary["last_year"]
    return f"{first}–{last}" if first != last else f"in {first}"


def distance_frame(distances: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The `ideal_point_distance` frames of several rivals stacked, with a ``rival`` column."""
    frames = [d.assign(rival=rival) for rival, d in distances.items()]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["rival"])


def distance_parts(distances: dict[str, pd.DataFrame]) -> list[str]:
    """Per rival: the latest ideal-point distance with its 90% band and year, and the average."""
    parts = []
    for rival, d in distances.items():
        last = d.iloc[-1]
        parts.append(
            f"{rival} {last['distance']:.2f} (90% band {last['low']:.2f}–{last['high']:.2f}, "
            f"{int(last['year'])}; average since {int(d['year'].min())}: {d['distance'].mean():.2f})"
        )
    return parts
