"""Political alignment between two states: UN General Assembly votes, ideal points, shared events.

**Vote agreement index.** For each recorded roll call on which *both* states cast a vote
(yes, abstain or no), the pair scores 1 when the votes are the same (yes-yes, no-no or
abstain-abstain), 0.5 when one abstains and the other votes yes or no, and 0 when one votes yes
and the other no. A year's agreement is the mean score over those roll calls, so it runs from
0 (always opposed) to 1 (always the same vote). Absences and non-membership are not counted: the
source data (Voeten's UNGA votes, via the R package `unvotes`) dropped them, so a roll call on
which either state was absent does not enter the index at all. ``votes`` is the number of roll
calls behind each year's value.

**Ideal-point distance.** Bailey, Strezhnev and Voeten estimate each state's position on one
dimension (higher = closer to the US-led Western pole) from its votes each year. The distance is
the absolute difference of the two states' estimates; unlike agreement it does not depend on
which resolutions came to a vote that year.

All functions are pure: they take the tables as optional data frames and otherwise load them
with `strategic_ties.datasets.load`. What the bilateral section says with these measures, and
the pair's shared timeline events, are `strategic_ties.analysis.bilateral_findings`'.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from strategic_ties import countries
from strategic_ties.datasets import given_or_loaded
from strategic_ties.errors import ParameterError

VOTES = ("yes", "abstain", "no")
Z90 = 1.6448536269514722  # the 95% quantile of the standard normal
MIN_YEAR_VOTES = 10  # years with fewer shared roll calls are too thin to report (2020: one)
FLAT_PER_DECADE = 0.02  # |trend| below this (agreement points per decade) counts as flat
TURKEY, IRAN, ISRAEL = "TUR", "IRN", "ISR"


def pair_iso3(country_a: str, country_b: str) -> tuple[str, str]:
    a = countries.iso3_of(country_a, "country_a")
    b = countries.iso3_of(country_b, "country_b")
    if a == b:
        raise ParameterError(
            f"Both countries are {countries.name(a)}; give two different countries."
        )
    return a, b


def year_mask(years: pd.Series, start_year: int | None, end_year: int | None) -> pd.Series:
    if start_year is not None and end_year is not None and int(start_year) > int(end_year):
        raise ParameterError(
            f"Years are reversed ({start_year} > {end_year}); start_year must not be after end_year."
        )
    mask = years.notna()
    if start_year is not None:
        mask &= years >= int(start_year)
    if end_year is not None:
        mask &= years <= int(end_year)
    return mask.fillna(False).astype(bool)


def score_votes(a: pd.Series, b: pd.Series) -> pd.Series:
    """Agreement score of paired votes: 1 same vote, 0.5 one abstains, 0 yes against no."""
    a = a.astype("string").str.lower()
    b = b.astype("string").str.lower()
    same = a == b
    one_abstains = (a == "abstain") ^ (b == "abstain")
    return pd.Series(np.where(same, 1.0, np.where(one_abstains, 0.5, 0.0)), index=a.index)


def _vote_codes(values: pd.Series) -> np.ndarray:
    """Votes as codes (VOTES' order: yes 0, abstain 1, no 2; anything else or missing -1): the
    few distinct values are lower-cased once instead of every row."""
    codes, uniques = pd.factorize(values)
    lowered = [str(v).lower() if isinstance(v, str) else None for v in uniques]
    table = np.array([VOTES.index(v) if v in VOTES else -1 for v in lowered] + [-1])
    return table[codes]  # code -1 (missing) picks the trailing -1


def vote_agreement(
    country_a: str,
    country_b: str,
    start_year: int | None = None,
    end_year: int | None = None,
    exclude_middle_east: bool = False,
    *,
    min_votes: int = 1,
    data: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """UNGA vote agreement of A and B per year: ``year, agreement, votes`` (see the module doc).

    ``exclude_middle_east`` drops roll calls flagged as on the Palestinian conflict (issue 'me'),
    which make up a large share of the agenda and set Israel apart from almost every state.
    Years with fewer than ``min_votes`` shared roll calls have no row (use MIN_YEAR_VOTES to
    leave out thin years such as 2020, which has one roll call in the data).
    """
    a, b = pair_iso3(country_a, country_b)
    votes = given_or_loaded("unga_votes", data, iso3=[a, b])
    votes = votes[votes["iso3"].isin([a, b]).fillna(False).astype(bool)]
    code = _vote_codes(votes["vote"])  # yes 0, abstain 1, no 2, anything else -1
    keep = (code >= 0) & year_mask(votes["year"], start_year, end_year).to_numpy()
    if exclude_middle_east:
        keep &= ~votes["middle_east"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    # Each state's first vote per roll call (missing roll-call ids count as one id), paired on
    # the roll calls both voted on; per year the mean score (sums of halves: exact in any order).
    call, _ = pd.factorize(votes["rcid"], use_na_sentinel=False)
    firsts = []
    for iso3 in (a, b):
        rows = np.flatnonzero((votes["iso3"] == iso3).fillna(False).to_numpy(dtype=bool) & keep)
        _, first = np.unique(call[rows], return_index=True)
        firsts.append(rows[first])
    _, at_a, at_b = np.intersect1d(
        call[firsts[0]], call[firsts[1]], assume_unique=True, return_indices=True
    )
    if len(at_a) == 0:
        return pd.DataFrame(
            {
                "year": pd.Series(dtype="int64"),
                "agreement": pd.Series(dtype="float64"),
                "votes": pd.Series(dtype="int64"),
            }
        )
    rows_a, rows_b = firsts[0][at_a], firsts[1][at_b]
    vote_a, vote_b, abstain = code[rows_a], code[rows_b], 1  # the same as score_votes
    score = np.where(
        vote_a == vote_b, 1.0, np.where((vote_a == abstain) ^ (vote_b == abstain), 0.5, 0.0)
    )
    years, at_year = np.unique(
        np.asarray(votes["year"].to_numpy()[rows_a], dtype="int64"), return_inverse=True
    )
    counts = np.bincount(at_year)
    out = pd.DataFrame(
        {
            "year": years.astype("int64"),
            "agreement": np.bincount(at_year, weights=score) / counts,
            "votes": counts.astype("int64"),
        }
    )
    out = out[out["votes"] >= min_votes].reset_index(drop=True)
    out.attrs.update({"a": a, "b": b, "exclude_middle_east": bool(exclude_middle_east)})
    return out


def dyad_agreement(
    country_a: str,
    country_b: str,
    start_year: int | None = None,
    end_year: int | None = None,
    *,
    min_votes: int = 1,
) -> pd.DataFrame:
    """`vote_agreement` over all roll calls (no ``exclude_middle_east``), read from the processed
    `unga_agreement` table (A's rows: votes and summed scores per other state and year, built
    from `unga_votes` at data build time) instead of pairing the two states' votes. The scores
    are halves, so score / votes is the same value exactly."""
    a, b = pair_iso3(country_a, country_b)
    table = given_or_loaded("unga_agreement", None, iso3=[a])
    mine = ((table["iso3"] == a) & (table["other_iso3"] == b)).fillna(False).to_numpy(dtype=bool)
    rows = table[mine & year_mask(table["year"], start_year, end_year).to_numpy()]
    votes = rows["votes"].to_numpy(dtype="int64", na_value=0)
    if not (votes > 0).any():  # no roll call both voted on: as vote_agreement, no attrs
        return pd.DataFrame(
            {
                "year": pd.Series(dtype="int64"),
                "agreement": pd.Series(dtype="float64"),
                "votes": pd.Series(dtype="int64"),
            }
        )
    keep = (votes > 0) & (votes >= min_votes)
    order = np.argsort(rows["year"].to_numpy(dtype="int64")[keep], kind="stable")
    out = pd.DataFrame(
        {
            "year": rows["year"].to_numpy(dtype="int64")[keep][order],
            "agreement": rows["score"].to_numpy(dtype="float64")[keep][order] / votes[keep][order],
            "votes": votes[keep][order],
        }
    )
    out.attrs.update({"a": a, "b": b, "exclude_middle_east": False})
    return out


def pooled_agreement(agreement: pd.DataFrame) -> float | None:
    """Agreement over all roll calls in a `vote_agreement` frame (years weighted by votes)."""
    if agreement.empty or agreement["votes"].sum() == 0:
        return None
    return float((agreement["agreement"] * agreement["votes"]).sum() / agreement["votes"].sum())


def agreement_trend(agreement: pd.DataFrame, window: int = 5) -> dict[str, Any]:
    """Summary of a `vote_agreement` frame.

    ``first_period``/``last_period``: (first, last) calendar years of the first and last `window`
    years with votes; ``first_mean``/``last_mean``: pooled agreement over them;
    ``per_decade``: least-squares slope of the yearly agreement x 10 over all years;
    ``recent_period``/``recent_per_decade``: the same slope over the last 2 x `window` years with
    votes; ``direction``: 'rising', 'falling' or 'flat' (|recent slope| below FLAT_PER_DECADE),
    from the recent years, the window the key judgements compare, so that a long flat record
    does not hide a recent fall. All None with fewer than two years.
    """
    keys = (
        "first_period",
        "first_mean",
        "last_period",
        "last_mean",
        "per_decade",
        "recent_period",
        "recent_per_decade",
        "direction",
    )
    frame = agreement.sort_values("year")
    if len(frame) < 2:
        return dict.fromkeys(keys)
    first, last = frame.head(window), frame.tail(window)

    def slope(rows: pd.DataFrame) -> float:
        x, y = rows["year"].astype(float), rows["agreement"].astype(float)
        return float(np.polyfit(x, y, 1)[0]) * 10

    recent = frame.tail(2 * window)
    per_decade, recent_per_decade = slope(frame), slope(recent)
    direction = (
        "flat"
        if abs(recent_per_decade) < FLAT_PER_DECADE
        else ("rising" if recent_per_decade > 0 else "falling")
    )
    return {
        "first_period": (int(first["year"].min()), int(first["year"].max())),
        "first_mean": pooled_agreement(first),
        "last_period": (int(last["year"].min()), int(last["year"].max())),
        "last_mean": pooled_agreement(last),
        "per_decade": per_decade,
        "recent_period": (int(recent["year"].min()), int(recent["year"].max())),
        "recent_per_decade": recent_per_decade,
        "direction": direction,
    }


def alignment_summary(
    pairs: list[tuple[str, str]],
    start_year: int | None = None,
    end_year: int | None = None,
    *,
    min_votes: int = MIN_YEAR_VOTES,
    votes: pd.DataFrame | None = None,
    ideal_points: pd.DataFrame | None = None,
    agreement: dict[tuple[str, str], pd.DataFrame] | None = None,
    agreement_without: dict[tuple[str, str], pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """One row per pair: how often they vote alike over the whole window, and how far apart.

    Columns: ``a, b`` (ISO3), ``first_year, last_year`` (years with at least `min_votes` shared
    roll calls), ``roll_calls``, ``middle_east_share_pct`` (share of those roll calls on the
    Middle East), ``agreement`` and ``agreement_without_middle_east`` (pooled over the years,
    see `pooled_agreement`), ``distance`` and ``distance_year`` (the latest ideal-point distance).
    Missing values are NaN / <NA>. `agreement` and `agreement_without` may hold the
    `agreement_by_pair` results for the same pairs, years and `min_votes` (all votes, and
    without the Middle East) when the caller has them already: they are not computed again.
    """
    if ideal_points is None:
        ideal_points = _pairs_rows("unga_ideal_points", pairs)
    rows = []
    for a, b in pairs:
        every = (agreement or {}).get((a, b))
        if every is None:
            every = vote_agreement(a, b, start_year, end_year, min_votes=min_votes, data=votes)
        without = (agreement_without or {}).get((a, b))
        if without is None:
            without = vote_agreement(
                a, b, start_year, end_year, True, min_votes=min_votes, data=votes
            )
        dist = ideal_point_distance(a, b, start_year, end_year, data=ideal_points).dropna(
            subset=["distance"]
        )
        calls = int(every["votes"].sum())
        rows.append(
            {
                "a": countries.iso3_of(a),
                "b": countries.iso3_of(b),
                "first_year": int(every["year"].min()) if calls else pd.NA,
                "last_year": int(every["year"].max()) if calls else pd.NA,
                "roll_calls": calls,
                "middle_east_share_pct": (
                    (1 - without["votes"].sum() / calls) * 100 if calls else float("nan")
                ),
                "agreement": pooled_agreement(every),
                "agreement_without_middle_east": pooled_agreement(without),
                "distance": float(dist["distance"].iloc[-1]) if not dist.empty else float("nan"),
                "distance_year": int(dist["year"].iloc[-1]) if not dist.empty else pd.NA,
            }
        )
    out = pd.DataFrame(rows)
    for column in ("first_year", "last_year", "distance_year"):
        out[column] = out[column].astype("Int64")
    for column in ("agreement", "agreement_without_middle_east"):
        out[column] = out[column].astype("float64")
    return out


def ideal_point_distance(
    country_a: str,
    country_b: str,
    start_year: int | None = None,
    end_year: int | None = None,
    *,
    data: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Distance between A's and B's UNGA ideal points per year (final-passage votes).

    Columns: ``year, distance`` (|A - B|), ``low, high`` (an approximate 90% band),
    ``a_ideal_point, b_ideal_point``. The band treats each estimate as normal with the standard
    deviation implied by its 5%-95% posterior quantiles, (q95 - q5) / 3.29, and the two as
    independent: the difference's 90% interval is d +/- 1.645 x sqrt(sd_a^2 + sd_b^2), and the
    band is that interval's absolute value (low = 0 when it spans zero). NaN where a quantile is
    missing. Years where either state has no estimate have no row.
    """
    a, b = pair_iso3(country_a, country_b)
    points = given_or_loaded("unga_ideal_points", data, iso3=[a, b])
    inside = year_mask(points["year"], start_year, end_year).to_numpy()
    known = points["ideal_point"].notna().to_numpy(dtype=bool) & inside
    iso3 = points["iso3"]
    rows_a = np.flatnonzero((iso3 == a).fillna(False).to_numpy(dtype=bool) & known)
    rows_b = np.flatnonzero((iso3 == b).fillna(False).to_numpy(dtype=bool) & known)
    years = points["year"].to_numpy(dtype="float64", na_value=np.nan)
    if len(np.unique(years[rows_a])) == len(rows_a) and len(np.unique(years[rows_b])) == len(
        rows_b
    ):  # one estimate per state and year (the processed table): pair them in numpy
        return _distance(points, a, b, rows_a, rows_b, years)
    points = points[year_mask(points["year"], start_year, end_year)]
    columns = ["year", "ideal_point", "q5", "q95"]
    pa = points.loc[points["iso3"] == a, columns].dropna(subset=["ideal_point"])
    pb = points.loc[points["iso3"] == b, columns].dropna(subset=["ideal_point"])
    both = pa.merge(pb, on="year", suffixes=("_a", "_b"))
    out = pd.DataFrame({"year": both["year"].astype("int64")})
    diff = (both["ideal_point_a"] - both["ideal_point_b"]).astype("float64")
    sd = np.sqrt(
        ((both["q95_a"] - both["q5_a"]) / (2 * Z90)) ** 2
        + ((both["q95_b"] - both["q5_b"]) / (2 * Z90)) ** 2
    ).astype("float64")
    lo, hi = diff - Z90 * sd, diff + Z90 * sd
    out["distance"] = diff.abs()
    spans_zero = (lo <= 0) & (hi >= 0)
    out["low"] = np.where(spans_zero, 0.0, np.minimum(lo.abs(), hi.abs()))
    out["high"] = np.maximum(lo.abs(), hi.abs())
    out.loc[sd.isna(), ["low", "high"]] = np.nan
    out["a_ideal_point"] = both["ideal_point_a"].astype("float64")
    out["b_ideal_point"] = both["ideal_point_b"].astype("float64")
    out = out.sort_values("year", ignore_index=True)
    out.attrs.update({"a": a, "b": b})
    return out


def _distance(
    points: pd.DataFrame, a: str, b: str, rows_a: np.ndarray, rows_b: np.ndarray, years
) -> pd.DataFrame:
    """`ideal_point_distance` of the two states' rows (one per year each), the same arithmetic
    on arrays: the years both have, ascending."""
    common, at_a, at_b = np.intersect1d(
        years[rows_a], years[rows_b], assume_unique=True, return_indices=True
    )

    def values(column: str, rows: np.ndarray) -> np.ndarray:
        return points[column].to_numpy(dtype="float64", na_value=np.nan)[rows]

    point_a, point_b = values("ideal_point", rows_a)[at_a], values("ideal_point", rows_b)[at_b]
    q5_a, q95_a = values("q5", rows_a)[at_a], values("q95", rows_a)[at_a]
    q5_b, q95_b = values("q5", rows_b)[at_b], values("q95", rows_b)[at_b]
    diff = point_a - point_b
    sd = np.sqrt(((q95_a - q5_a) / (2 * Z90)) ** 2 + ((q95_b - q5_b) / (2 * Z90)) ** 2)
    lo, hi = diff - Z90 * sd, diff + Z90 * sd
    spans_zero = (lo <= 0) & (hi >= 0)
    low = np.where(spans_zero, 0.0, np.minimum(np.abs(lo), np.abs(hi)))
    high = np.maximum(np.abs(lo), np.abs(hi))
    low[np.isnan(sd)] = np.nan
    high[np.isnan(sd)] = np.nan
    out = pd.DataFrame(
        {
            "year": common.astype("int64"),
            "distance": np.abs(diff),
            "low": low,
            "high": high,
            "a_ideal_point": point_a,
            "b_ideal_point": point_b,
        }
    )
    out.attrs.update({"a": a, "b": b})
    return out


def comparison_pairs(
    partner: str, country: str, rivals: list[str] | tuple[str, ...] = (), n: int = 2
) -> list[tuple[str, str]]:
    """Benchmark pairs for the partner-country alignment, as ISO3 tuples (partner side first).

    For the source paper's pair (Israel-Azerbaijan): Israel with Türkiye (its earlier Muslim
    partner in the paper) and Azerbaijan with Iran. For any other pair the benchmarks come from
    the pair's own rivals: the partner with the country's first rival (does the partner stand
    closer to the country or to its rival?), then the country with each rival in turn. A pair
    that coincides with the pair studied or pairs a state with itself is skipped.
    """
    from strategic_ties.paper import is_paper_pair

    p = countries.iso3_of(partner, "partner")
    c = countries.iso3_of(country, "country")
    own = [countries.iso3_of(r, "rivals") for r in rivals]
    if is_paper_pair(p, c):
        candidates = [(p, TURKEY), (p, ISRAEL), (c, IRAN)] + [(c, r) for r in own]
    else:
        candidates = [(p, r) for r in own] + [(c, r) for r in own]
    seen = {frozenset((p, c))}
    chosen: list[tuple[str, str]] = []
    partner_side = False
    for x, y in candidates:
        key = frozenset((x, y))
        if x == y or key in seen:
            continue
        if x == p and partner_side:  # one partner-side benchmark is enough
            continue
        seen.add(key)
        chosen.append((x, y))
        partner_side = partner_side or x == p
        if len(chosen) == n:
            break
    return chosen


# --- values and clauses for the bilateral notebook's narrative --------------------------------


def pair_label(pair: tuple[str, str]) -> str:
    """('ISR', 'AZE') -> 'Israel–Azerbaijan'."""
    return (
        f"{countries.name(countries.iso3_of(pair[0]))}–{countries.name(countries.iso3_of(pair[1]))}"
    )


def _pairs_rows(name: str, pairs: list[tuple[str, str]]) -> pd.DataFrame | None:
    """The rows of table `name` of every country in `pairs`, read once for all of them (each
    per-pair function keeps its own pair's rows); None when a name is not a country (each
    call then reports it in its own words)."""
    try:
        codes = sorted({countries.iso3_of(c) for pair in pairs for c in pair})
    except ParameterError:
        return None
    return given_or_loaded(name, None, iso3=codes) if codes else None


def agreement_by_pair(
    pairs: list[tuple[str, str]],
    start_year: int | None = None,
    end_year: int | None = None,
    exclude_middle_east: bool = False,
    *,
    min_votes: int = MIN_YEAR_VOTES,
    data: pd.DataFrame | None = None,
) -> dict[tuple[str, str], pd.DataFrame]:
    """`vote_agreement` for each pair, keyed by the pair (in the given order)."""
    if data is None:
        data = _pairs_rows("unga_votes", pairs)
    return {
        pair: vote_agreement(
            *pair, start_year, end_year, exclude_middle_east, min_votes=min_votes, data=data
        )
        for pair in pairs
    }


def distance_by_pair(
    pairs: list[tuple[str, str]],
    start_year: int | None = None,
    end_year: int | None = None,
    *,
    data: pd.DataFrame | None = None,
) -> dict[tuple[str, str], pd.DataFrame]:
    """`ideal_point_distance` for each pair (years with a distance only), keyed by the pair."""
    if data is None:
        data = _pairs_rows("unga_ideal_points", pairs)
    return {
        pair: ideal_point_distance(*pair, start_year, end_year, data=data).dropna(
            subset=["distance"]
        )
        for pair in pairs
    }


def stack_pairs(frames: dict[tuple[str, str], pd.DataFrame], **columns: Any) -> pd.DataFrame:
    """The frames of `agreement_by_pair` / `distance_by_pair` in one, with a ``pair`` label column
    (and any constant `columns`), for the chart data."""
    return pd.concat(
        [frame.assign(pair=pair_label(pair), **columns) for pair, frame in frames.items()],
        ignore_index=True,
    )


def stack_agreement(
    agree: dict[tuple[str, str], pd.DataFrame], agree_without: dict[tuple[str, str], pd.DataFrame]
) -> pd.DataFrame:
    """The chart data of the agreement figure: both `agreement_by_pair` results in one frame, with
    ``pair`` and ``votes_included`` ('all' or 'without Middle East')."""
    return pd.concat(
        [
            stack_pairs(agree, votes_included="all"),
            stack_pairs(agree_without, votes_included="without Middle East"),
        ],
        ignore_index=True,
    )
