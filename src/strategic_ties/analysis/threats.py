"""The threat picture, measured: one profile per rival and the threat matrix.

The numbers come from modules with one job each, re-exported here so that callers keep one
name for the section: `conflict` (UCDP armed conflict), `balance` (SIPRI spending and arms
imports), `disputes` (CoW MIDs and UN-vote ideal points), `militancy` (GTD, ACLED and the
curated timeline), `frames` (shared helpers). The rivals themselves are chosen in `rivals`.

Every public function takes countries by name or ISO3 (any case) and optional data frames; a
frame left as ``None`` is read with ``strategic_ties.datasets.load``. Nothing here reads files
or plots. Missing is never zero: NaN in numeric frames, "no data" in display frames.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from strategic_ties import countries as _countries
from strategic_ties import fmt, reuse
from strategic_ties.analysis import balance as _balance
from strategic_ties.analysis import disputes as _disputes
from strategic_ties.analysis.balance import (  # noqa: F401 (re-exported)
    BALANCE_COLUMNS,
    arms_imports_by_period,
    imports_lead,
    imports_wide,
    latest_balance,
    military_balance,
    military_balance_notes,
    release_facts,
    spending_sentences,
    spending_table,
)
from strategic_ties.analysis.conflict import (  # noqa: F401 (re-exported)
    BATTLE_COLUMNS,
    _actor_codes,
    _codes,
    _opposed,
    _sides,
    armed_clashes,
    battle_deaths,
    battle_deaths_by_year,
    battle_deaths_facts,
    conflict_label,
    conflict_summary,
    conflict_table,
    gap_years,
    last_clash,
    listed_without,
    uncounted_years,
    war_episodes,
)
from strategic_ties.analysis.disputes import (  # noqa: F401 (re-exported)
    FATALITY,
    HOSTILITY,
    distance_frame,
    distance_parts,
    mids_between,
    mids_coverage,
    mids_span,
    mids_summary,
    mids_table,
    side_hostility,
)
from strategic_ties.analysis.frames import NO_DATA, _iso3s, _year_span, coverage  # noqa: F401
from strategic_ties.analysis.militancy import (  # noqa: F401 (re-exported)
    MILITANCY_CATEGORIES,
    WAR_CATEGORIES,
    chart_markers,
    count_involving,
    date_text,
    decimal_year,
    event_table,
    events,
    events_window,
    involve,
    political_violence,
    political_violence_facts,
    terrorism,
    terrorism_facts,
)
from strategic_ties.datasets import given_or_loaded

MATRIX_COLUMNS = [
    "Rival",
    "Spending ratio (rival ÷ country)",
    "Militarised disputes (CoW MID)",
    "Last armed clash (UCDP)",
    "UN-vote distance (90% band)",
    "Main arms supplier of the rival",
]

listing = fmt.listing  # 'A', 'A and B', 'A, B and C' (or 'A or B'); '' for no names
plural = fmt.count  # (1, 'dispute') -> '1 dispute'; (1200, 'person', 'people') -> '1,200 people'


def pct(share: float) -> str:
    """0.25 -> '25%' (`fmt.percent` without decimals)."""
    return fmt.percent(share, 0)


def year_ranges(years: Iterable[int]) -> str:
    """[2012, 2013, 2014, 2020] -> '2012–2014 and 2020' (empty string for no years)."""
    return fmt.years(years)


def _once(reads: tuple[str, ...], func, data: pd.DataFrame | None, *args):
    """``func(*args, data=data)``; with ``data=None`` (the processed table) computed once per run
    (`strategic_ties.reuse`), so the rival profiles and the threat matrix share the work."""
    if data is None:
        return reuse.call(reads, func, *args)
    return func(*args, data=data)


def spending_ratio(
    country: str, rival: str, end_year: int | None = None, *, data: pd.DataFrame | None = None
) -> tuple[float, int] | None:
    """`balance.spending_ratio`, computed once per run for the processed table."""
    codes = (_countries.iso3_of(country), _countries.iso3_of(rival), end_year)
    return _once(("military_expenditure",), _balance.spending_ratio, data, *codes)


def ideal_point_distance(
    country: str,
    rival: str,
    start_year: int | None = None,
    end_year: int | None = None,
    *,
    data: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """`disputes.ideal_point_distance`, computed once per run for the processed table."""
    codes = (_countries.iso3_of(country), _countries.iso3_of(rival), start_year, end_year)
    return _once(("unga_ideal_points",), _disputes.ideal_point_distance, data, *codes)


def rival_profile(
    country: str,
    rival: str,
    start_year: int,
    end_year: int,
    period_years: int = 5,
    *,
    mids: pd.DataFrame | None = None,
    conflicts: pd.DataFrame | None = None,
    ideal_points: pd.DataFrame | None = None,
    deliveries: pd.DataFrame | None = None,
    timeline: pd.DataFrame | None = None,
) -> dict:
    """The numbers of one rival's section, the same for every rival.

    Keys: rival; disputes (the `mids_between` frame) and mids (its `mids_summary`, with each
    side's own highest hostility); mids_last (where the MID data end); clash_years, war_years
    (UCDP/PRIO conflict-years on opposite sides, and those at war level),
    clashes_supporting_only (in every one both were only supporting parties), clash_last (the
    conflict list's last year); distance (the `ideal_point_distance` frame); suppliers (the
    rival's arms suppliers in the latest period: supplier, share), supplier_period; events
    (hostile timeline events naming both, counted by `rivals.hostile_events`).
    """
    from strategic_ties.analysis import arms
    from strategic_ties.analysis.rivals import hostile_events

    iso3, rival_iso3 = _countries.iso3_of(country), _countries.iso3_of(rival)
    window = (iso3, rival_iso3, start_year, end_year)
    disputes = _once(("mids",), mids_between, mids, *window)
    clashes = _once(("conflicts",), armed_clashes, conflicts, *window)
    mids = given_or_loaded("mids", mids)
    conflicts = given_or_loaded("conflicts", conflicts)
    years = sorted(set(clashes["year"].astype(int)))
    both_supporting = (clashes["country_role"] == "secondary") & (
        clashes["rival_role"] == "secondary"
    )
    wars = sorted(set(clashes.loc[clashes["intensity_level"] == 2, "year"].astype(int)))
    arms_last = min(end_year, arms.coverage(data=deliveries)[1])
    arms_start = max(arms_last - period_years + 1, start_year)
    suppliers = _once(
        ("arms_deliveries",), arms.supplier_shares, deliveries, rival_iso3, arms_start, arms_last
    )
    hostile = _once(("events",), hostile_events, timeline, iso3, start_year, end_year)
    return {
        "rival": _countries.name(rival_iso3),
        "disputes": disputes,
        "mids": mids_summary(disputes),
        "mids_last": mids_coverage(data=mids)[1],
        "clash_years": years,
        "war_years": wars,
        # every such year with both states only supporting others (Armenia and Türkiye, 2020)
        "clashes_supporting_only": bool(len(clashes)) and bool(both_supporting.all()),
        "clash_last": coverage("conflicts", data=conflicts)[1],
        "distance": ideal_point_distance(*window, data=ideal_points),
        "suppliers": suppliers[["supplier", "share"]].head(3),
        "supplier_period": fmt.span(arms_start, arms_last),
        "events": int(hostile.loc[hostile["other"] == rival_iso3, "event_id"].nunique()),
    }


def threat_matrix_values(
    country: str,
    rivals: Sequence[str],
    start_year: int | None = None,
    end_year: int | None = None,
    period_years: int = 5,
    *,
    milex: pd.DataFrame | None = None,
    mids: pd.DataFrame | None = None,
    conflicts: pd.DataFrame | None = None,
    ideal_points: pd.DataFrame | None = None,
    deliveries: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The numbers behind `threat_matrix`, one row per rival (NaN/None where there is no data):

    rival, rival_iso3; spending_ratio, spending_year (rival ÷ country, constant US$);
    disputes, disputes_first, disputes_last, hostility (MIDs since `start_year`);
    clash_year, clash_conflict_id (last UCDP conflict-year on opposite sides);
    unga_distance, unga_low, unga_high, unga_year (latest year);
    rival_force (disputes in which the rival itself used force);
    supplier, supplier_share, supplier_period (the rival's largest arms supplier and its share
    of the rival's imports in the latest period of `period_years` ending at `end_year` or the
    data's last year).
    """
    from strategic_ties.analysis import arms

    arms_last = arms.coverage(data=given_or_loaded("arms_deliveries", deliveries))[1]
    arms_end = arms_last if end_year is None else min(end_year, arms_last)
    iso3 = _countries.iso3_of(country)
    rows = []
    for rival in _iso3s(rivals):
        row: dict = {"rival": _countries.name(rival), "rival_iso3": rival}
        ratio = spending_ratio(iso3, rival, end_year, data=milex)
        row["spending_ratio"], row["spending_year"] = ratio if ratio else (np.nan, None)

        window = (iso3, rival, start_year, end_year)
        summary = mids_summary(_once(("mids",), mids_between, mids, *window))
        row["disputes"] = summary["disputes"]
        row["disputes_first"] = summary["first_year"]
        row["disputes_last"] = summary["last_year"]
        row["hostility"] = summary["hostility"]
        row["rival_force"] = summary["rival_force"]

        clash = _once(("conflicts",), last_clash, conflicts, iso3, rival, end_year)
        row["clash_year"] = clash["year"] if clash else None
        row["clash_conflict_id"] = clash["conflict_id"] if clash else None
        row["clash_conflict"] = clash["conflict"] if clash else None
        # both only supporting others that year: no clash between the two themselves
        row["clash_supporting"] = bool(
            clash and clash["country_role"] == "secondary" and clash["rival_role"] == "secondary"
        )
        # who took part only as a supporting party (UCDP's secondary party, with troops)
        row["clash_country_role"] = clash["country_role"] if clash else None
        row["clash_rival_role"] = clash["rival_role"] if clash else None

        distance = ideal_point_distance(*window, data=ideal_points)
        if distance.empty:
            row.update(unga_distance=np.nan, unga_low=np.nan, unga_high=np.nan, unga_year=None)
        else:
            last = distance.iloc[-1]
            row.update(
                unga_distance=float(last["distance"]),
                unga_low=float(last["low"]),
                unga_high=float(last["high"]),
                unga_year=int(last["year"]),
            )

        start = arms_end - period_years + 1
        suppliers = _once(
            ("arms_deliveries",), arms.supplier_shares, deliveries, rival, start, arms_end
        )
        row["supplier_period"] = fmt.span(start, arms_end)
        row["supplier"] = str(suppliers["supplier"].iloc[0]) if len(suppliers) else None
        row["supplier_share"] = float(suppliers["share"].iloc[0]) if len(suppliers) else np.nan
        rows.append(row)
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    for column in (
        "spending_year",
        "disputes_first",
        "disputes_last",
        "clash_year",
        "clash_conflict_id",
        "unga_year",
        "disputes",
    ):
        out[column] = out[column].astype("Int64")
    return out


def _matrix_cells(
    row: pd.Series, country: str, start_year: int | None, mids_end: int, ucdp_span: str
) -> list[str]:
    if pd.notna(row["spending_ratio"]):
        spending = f"{fmt.ratio(row['spending_ratio'])} ({row['spending_year']})"
    else:
        spending = NO_DATA
    since = f" since {start_year}" if start_year is not None else ""
    if row["disputes"] > 0:
        span = _year_span(int(row["disputes_first"]), int(row["disputes_last"]))
        disputes = (
            f"{row['disputes']} ({span}; force used by the rival in {row['rival_force'] or 'none'})"
        )
    else:
        disputes = f"none{since} (data to {mids_end})"
    if pd.notna(row["clash_year"]):
        roles = (row.get("clash_country_role"), row.get("clash_rival_role"))
        supporting = {
            ("secondary", "secondary"): "; both as supporting parties",
            ("primary", "secondary"): f"; {fmt.the(row['rival'])} as a supporting party",
            ("secondary", "primary"): f"; {fmt.the(country)} as a supporting party",
        }.get(roles, "")
        clash = f"{row['clash_year']} ({fmt.the(row['clash_conflict'])}{supporting})"
    else:
        clash = f"none ({ucdp_span})"
    if pd.notna(row["unga_distance"]):
        unga = f"{row['unga_distance']:.2f} ({row['unga_low']:.2f}–{row['unga_high']:.2f}; {row['unga_year']})"
    else:
        unga = NO_DATA
    if row["supplier"] is not None:
        supplier = (
            f"{row['supplier']}, {fmt.percent(row['supplier_share'], 0)} ({row['supplier_period']})"
        )
    else:
        supplier = f"{NO_DATA}: no imports in {row['supplier_period']}"
    return [row["rival"], spending, disputes, clash, unga, supplier]


def threat_matrix(
    country: str,
    rivals: Sequence[str],
    end_year: int | None = None,
    *,
    start_year: int | None = None,
    period_years: int = 5,
    milex: pd.DataFrame | None = None,
    mids: pd.DataFrame | None = None,
    conflicts: pd.DataFrame | None = None,
    ideal_points: pd.DataFrame | None = None,
    deliveries: pd.DataFrame | None = None,
    values: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The threat matrix for display: one row per rival, one text cell per indicator, each with
    its year or period; "no data" where an indicator cannot be computed (never 0).

    Columns (`MATRIX_COLUMNS`): rival; spending ratio (rival ÷ country, constant US$, latest
    common year); militarised disputes (count since `start_year`, span, and in how many the
    rival itself used force; the MID data end in 2014); last armed clash (latest UCDP conflict-year with the two on
    opposite sides, and the UCDP conflict id); UN-vote distance (ideal points, latest year,
    approximate 90% band); the rival's main arms supplier (latest period). The
    numbers are in `threat_matrix_values`; pass them as `values` when the caller has them
    already (the same arguments), so they are computed once.
    """
    mids = given_or_loaded("mids", mids)
    conflicts = given_or_loaded("conflicts", conflicts)
    if values is None:
        values = threat_matrix_values(
            country,
            rivals,
            start_year,
            end_year,
            period_years,
            milex=milex,
            mids=mids,
            conflicts=conflicts,
            ideal_points=ideal_points,
            deliveries=deliveries,
        )
    mids_end = mids_coverage(data=mids)[1]
    years = conflicts["year"].dropna()
    # the report's window, not UCDP's 1946: 'none (1946-2024)' is odd for a state born in 1991
    first = max(int(years.min()), start_year) if start_year is not None else int(years.min())
    ucdp_span = _year_span(first, int(years.max())) if len(years) else "UCDP"
    cells = [
        _matrix_cells(row, country, start_year, mids_end, ucdp_span) for _, row in values.iterrows()
    ]
    return pd.DataFrame(cells, columns=MATRIX_COLUMNS).astype("string")


def matrix_sentences(values: pd.DataFrame, country: str) -> list[str]:
    """What the threat matrix shows, from `threat_matrix_values`: who outspends the country,
    where UCDP records armed conflict, and the closest and furthest rival in UN votes."""
    outspend = values[values["spending_ratio"] > 1]["rival"].tolist()
    fought = values[values["clash_year"].notna()]
    closest = values.dropna(subset=["unga_distance"]).sort_values("unga_distance")
    sentences = [
        f"{fmt.capitalise(listing(fmt.the(r) for r in outspend))} "
        f"outspend{'s' if len(outspend) == 1 else ''} {fmt.the(country)}."
        if outspend
        else f"None of the rivals with data outspends {country}."
    ]
    if len(fought):
        clashes = [
            f"{r} (latest {int(y)})"
            for r, y in zip(fought["rival"], fought["clash_year"], strict=True)
        ]
        sentences.append(f"UCDP records armed conflict with {listing(clashes)}.")
    else:
        sentences.append(f"UCDP records no armed conflict between {country} and these rivals.")
    if len(closest) > 1:
        near, far = closest.iloc[0], closest.iloc[-1]
        overlap = near["unga_high"] >= far["unga_low"]
        sentences.append(
            f"In UN votes (a measure of alignment, not of hostility) {country} stands closest to "
            f"{near['rival']} and furthest from "
            f"{far['rival']}"
            + (", though the two distances lie within each other's 90% bands." if overlap else ".")
        )
    return sentences


def clash_lines(
    country: str,
    rivals: Sequence[str],
    start_year: int,
    end_year: int,
    *,
    data: pd.DataFrame | None = None,
) -> list[str]:
    """One Markdown bullet per rival: the years UCDP/PRIO has the two on opposite sides (with
    war-level years), or that it records none in the window."""
    last_year = coverage("conflicts", data=given_or_loaded("conflicts", data))[1]
    lines = []
    for rival in rivals:
        window = (_countries.iso3_of(country), _countries.iso3_of(rival), start_year, end_year)
        clashes = _once(("conflicts",), armed_clashes, data, *window)
        if clashes.empty:
            lines.append(
                f"- **{rival}**: no armed conflict on opposite sides recorded in "
                f"{start_year}–{min(end_year, last_year)}."
            )
            continue
        years = sorted(set(clashes["year"].astype(int)))
        wars = sorted(set(clashes.loc[clashes["intensity_level"] == 2, "year"].astype(int)))
        war_text = f"; war-level fighting (1,000+ deaths) in {year_ranges(wars)}" if wars else ""
        # a war-level year next to the rival's, without it: why the rival's war years stop short
        # of the conflict's (the section's battle deaths count the conflict's years)
        without = listed_without(clashes, country, rival, start_year, end_year, data=data)
        next_to = {y + step for y in years for step in (-1, 1)} - set(years)
        without = without[without["year"].isin(next_to) & (without["intensity_level"] == 2)]
        gaps = "".join(
            f" UCDP lists {fmt.the(conflict)} without {fmt.the(rival)} as a party in "
            f"{year_ranges(group['year'])}, also a war-level year."
            for conflict, group in without.groupby("conflict", sort=False)
        )
        lines.append(
            f"- **{rival}**: on opposite sides in {plural(len(years), 'year')} "
            f"({year_ranges(years)}), latest {years[-1]}{war_text}.{gaps}"
        )
    return lines
