"""Bilateral merchandise trade from IMF Direction of Trade Statistics (DOTS).

Each DOTS reporter states its own exports (FOB) to, and imports (CIF) from, every partner. A flow
between two countries is therefore reported twice: by the exporter as exports and by the importer
as imports (the *mirror* report). The two rarely match (valuation, timing, re-exports, unstated
origin). Israel, for example, does not publish the origin of its crude-oil imports, so its reported
imports from Azerbaijan are a tiny fraction of what Azerbaijan reports exporting to Israel.

The headline flow from A to B used here is **A's reported exports to B**; only where A reports
nothing is B's reported imports from A (the mirror) used instead. Both reports are always kept
side by side, with their difference (the mirror gap).

Press figures (the `trade_press` table) are in `strategic_ties.analysis.trade_press`, the
section's key-figure table in `strategic_ties.analysis.key_figures`.

All functions are pure: they take the tables as optional data frames and otherwise load them
with `strategic_ties.datasets.load`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from strategic_ties import countries, fmt
from strategic_ties.datasets import given_or_loaded
from strategic_ties.errors import ParameterError

STATE_KINDS = ("state", "historical_state")
FLOWS = ("exports", "imports")


def _flow_kind(values: pd.Series) -> pd.Series:
    """'exports', 'Exports, FOB', 'exports_fob' -> 'exports' (and the same for imports).

    The few distinct values are classified once and the rows take their value by code (no
    string work per row); missing values give ''."""
    codes, uniques = pd.factorize(values)
    text = pd.Series(np.asarray(uniques, dtype=object), dtype="string").str.strip().str.lower()
    kinds = np.select(
        [
            text.str.startswith("export").fillna(False).to_numpy(dtype=bool),
            text.str.startswith("import").fillna(False).to_numpy(dtype=bool),
        ],
        ["exports", "imports"],
        default="",
    )
    return pd.Series(np.append(kinds, "")[codes], index=values.index)  # code -1: missing


def _flow_argument(flow: str) -> str:
    text = str(flow).strip().lower()
    for kind in FLOWS:
        if text.startswith(kind[:6]):
            return kind
    raise ParameterError(f"Flow {flow!r} is not accepted; give 'exports' or 'imports'.")


def _year_bounds(start_year: int | None, end_year: int | None) -> tuple[int, int]:
    start = -(10**6) if start_year is None else int(start_year)
    end = 10**6 if end_year is None else int(end_year)
    if start > end:
        raise ParameterError(
            f"Years are reversed ({start_year} > {end_year}); start_year must not be after end_year."
        )
    return start, end


def _reported(
    trade: pd.DataFrame, reporter: str, partner: str, flow: str, kinds: pd.Series | None = None
) -> pd.DataFrame:
    """year, value, estimate for one reporter -> partner flow (summed if a year repeats).

    `kinds` is ``_flow_kind(trade["flow"])`` when the caller has it already (one string pass
    for the four flows of a pair instead of four)."""
    kinds = _flow_kind(trade["flow"]) if kinds is None else kinds
    keep = (trade["reporter_iso3"] == reporter) & (trade["partner_iso3"] == partner)
    rows = trade[keep & (kinds == flow)]
    if rows.empty:
        return pd.DataFrame({"year": pd.Series(dtype="int64"), "value": [], "estimate": []})
    years = rows["year"].astype("int64")
    return pd.DataFrame(
        {
            "value": rows["value_usd_m"].groupby(years).sum(min_count=1).astype("float64"),
            "estimate": rows["estimate"].fillna(False).astype(bool).groupby(years).any(),
        }
    ).reset_index(names="year")


def bilateral_trade(
    country_a: str,
    country_b: str,
    start_year: int | None = None,
    end_year: int | None = None,
    *,
    data: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Merchandise trade between A and B per year, as each side reports it (US$ millions).

    One row per year in [start_year, end_year] in which either side reported a flow. Columns:

    - ``a_exports_to_b`` / ``a_imports_from_b``: A's own reports (FOB / CIF);
      ``b_exports_to_a`` / ``b_imports_from_a``: B's own reports. NaN where not reported.
      Each has an ``*_estimate`` column: True where the IMF marked the value as an estimate.
    - ``gap_a_to_b`` = A's reported exports to B minus B's reported imports from A (the mirror
      gap of the A->B flow); ``gap_b_to_a`` likewise. NaN unless both sides reported.
    - ``a_to_b`` / ``b_to_a``: the headline flow: the exporter's report, or the importer's mirror
      report where the exporter reported nothing; ``a_to_b_basis`` / ``b_to_a_basis`` say which
      ('exporter' or 'importer (mirror)').
    - ``turnover`` = a_to_b + b_to_a (a missing direction counts as 0 once the other is known).

    ``frame.attrs`` holds ``a`` and ``b`` (ISO3 codes).
    """
    a = countries.iso3_of(country_a, "country_a")
    b = countries.iso3_of(country_b, "country_b")
    if a == b:
        raise ParameterError(
            f"Both countries are {countries.name(a)}; give two different countries."
        )
    start, end = _year_bounds(start_year, end_year)
    trade = given_or_loaded("trade", data, reporter_iso3=[a, b])
    trade = trade[trade["reporter_iso3"].isin([a, b]) & trade["partner_iso3"].isin([a, b])]
    kinds = _flow_kind(trade["flow"])
    parts = {
        "a_exports_to_b": _reported(trade, a, b, "exports", kinds),
        "a_imports_from_b": _reported(trade, a, b, "imports", kinds),
        "b_exports_to_a": _reported(trade, b, a, "exports", kinds),
        "b_imports_from_a": _reported(trade, b, a, "imports", kinds),
    }
    years = sorted(
        {int(y) for part in parts.values() for y in part["year"] if start <= int(y) <= end}
    )
    out = pd.DataFrame({"year": pd.Series(years, dtype="int64")})
    for column, part in parts.items():
        part = part.rename(columns={"value": column, "estimate": f"{column}_estimate"})
        out = out.merge(part, on="year", how="left")
        out[column] = out[column].astype("float64")
        out[f"{column}_estimate"] = out[f"{column}_estimate"].astype("boolean").fillna(False)
    out["gap_a_to_b"] = out["a_exports_to_b"] - out["b_imports_from_a"]
    out["gap_b_to_a"] = out["b_exports_to_a"] - out["a_imports_from_b"]
    for direction, exporter, importer in (
        ("a_to_b", "a_exports_to_b", "b_imports_from_a"),
        ("b_to_a", "b_exports_to_a", "a_imports_from_b"),
    ):
        out[direction] = out[exporter].where(out[exporter].notna(), out[importer])
        out[f"{direction}_basis"] = pd.Series(
            np.where(
                out[exporter].notna(),
                "exporter",
                np.where(out[importer].notna(), "importer (mirror)", ""),
            ),
            dtype="string",
        ).replace("", pd.NA)
    out["turnover"] = out[["a_to_b", "b_to_a"]].sum(axis=1, min_count=1)
    out.attrs.update({"a": a, "b": b})
    return out


def named_columns(flows: pd.DataFrame) -> pd.DataFrame:
    """A `bilateral_trade` frame with 'a'/'b' in its column names replaced by the countries'
    lower-case ISO3 codes ('a_exports_to_b' -> 'aze_exports_to_isr'), for CSV readers."""
    codes = {"a": str(flows.attrs["a"]).lower(), "b": str(flows.attrs["b"]).lower()}
    return flows.rename(
        columns=lambda col: "_".join(codes.get(part, part) for part in str(col).split("_"))
    )


REPORT_COLUMNS = ("a_exports_to_b", "a_imports_from_b", "b_exports_to_a", "b_imports_from_a")


def own_reports(flows: pd.DataFrame) -> pd.DataFrame:
    """A `bilateral_trade` frame with every value the IMF flagged as its own estimate (``e`` in
    DOTS, ``*_estimate`` True) set to NaN: an estimate, usually derived from the partner's
    report, is not the reporter's own figure, so it cannot check the partner's (Iran's
    exports to Russia in 2000-2020 are estimates at 94% of Russia's imports: a mirror
    comparison would find the two 'agree'). The headline flows are left as they are."""
    out = flows.copy()
    for column in REPORT_COLUMNS:
        flag = f"{column}_estimate"
        if column in out and flag in out:
            out[column] = out[column].mask(out[flag].fillna(False).astype(bool))
    return out


def estimated_years(flows: pd.DataFrame, column: str) -> list[int]:
    """The years in which a report column of a `bilateral_trade` frame is an IMF estimate."""
    flag = f"{column}_estimate"
    if flag not in flows:
        return []
    marked = flows[flag].fillna(False).astype(bool) & flows[column].notna()
    return [int(y) for y in flows.loc[marked, "year"].tolist()]


def mirror_summary(flows: pd.DataFrame) -> pd.DataFrame:
    """How far the two reports of each flow in a `bilateral_trade` frame agree.

    One row per direction (``a_to_b``, ``b_to_a``) with ``years`` (years in which the exporter
    reported a positive value and the importer reported too), ``median_ratio`` (importer's
    report / exporter's report, median over those years; NaN without such years) and the year
    with the largest absolute gap: ``gap_year``, ``gap_exporter_usd_m``, ``gap_importer_usd_m``.
    IMF estimates are no side's own report and are left out (`own_reports`).
    """
    flows = own_reports(flows)
    rows = []
    for direction, exporter, importer in (
        ("a_to_b", "a_exports_to_b", "b_imports_from_a"),
        ("b_to_a", "b_exports_to_a", "a_imports_from_b"),
    ):
        both = flows.dropna(subset=[exporter, importer])
        both = both[both[exporter] > 0]
        row: dict[str, Any] = {"direction": direction, "years": len(both)}
        if both.empty:
            row.update(
                median_ratio=float("nan"),
                gap_year=pd.NA,
                gap_exporter_usd_m=float("nan"),
                gap_importer_usd_m=float("nan"),
            )
        else:
            widest = both.loc[(both[exporter] - both[importer]).abs().idxmax()]
            row.update(
                median_ratio=float((both[importer] / both[exporter]).median()),
                gap_year=int(widest["year"]),
                gap_exporter_usd_m=float(widest[exporter]),
                gap_importer_usd_m=float(widest[importer]),
            )
        rows.append(row)
    out = pd.DataFrame(rows)
    out["gap_year"] = out["gap_year"].astype("Int64")
    return out


def partner_ranks(
    reporter: str,
    partner: str,
    flow: str,
    start_year: int | None = None,
    end_year: int | None = None,
    *,
    data: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The partner's place in the reporter's trade, per year the reporter reported that flow.

    Only partner *states* count (``partner_kind`` state or historical_state, with an ISO3 code);
    aggregates such as World, regions and 'not specified' areas are excluded. Columns:
    ``year, value_usd_m`` (the reporter's flow with the partner, 0 if none reported),
    ``total_usd_m`` (the flow summed over all partner states), ``share_pct`` (value / total x 100),
    ``rank`` (1 = largest; ties share the best rank; NA when the partner is absent that year) and
    ``partners`` (number of partner states with a positive value).
    """
    rep = countries.iso3_of(reporter, "reporter")
    par = countries.iso3_of(partner, "partner")
    kind = _flow_argument(flow)
    start, end = _year_bounds(start_year, end_year)
    trade = given_or_loaded("trade", data, reporter_iso3=[rep])
    reported = (trade["reporter_iso3"] == rep).fillna(False).to_numpy(dtype=bool)
    trade = trade if reported.all() else trade[reported]  # loaded: the reporter's rows only
    # The partners as sorted codes (-1: none): the group-by below then keys on integers, in the
    # same order as on the ISO3 strings, so every sum adds the same values in the same order.
    code, names = pd.factorize(trade["partner_iso3"], sort=True)
    own = names.get_indexer([rep])[0] if len(names) else -1
    years = trade["year"]
    keep = (
        (_flow_kind(trade["flow"]).to_numpy() == kind)
        & (code >= 0)
        & (code != own)
        & trade["partner_kind"].isin(STATE_KINDS).fillna(False).to_numpy(dtype=bool)
        & ((years >= start) & (years <= end)).fillna(False).to_numpy(dtype=bool)
    )
    rows = pd.DataFrame(
        {
            "year": years.to_numpy()[keep],
            "partner": code[keep],
            "value_usd_m": trade["value_usd_m"].to_numpy()[keep],
        }
    )
    columns = ["year", "value_usd_m", "total_usd_m", "share_pct", "rank", "partners"]
    if rows.empty:
        return pd.DataFrame(
            {
                "year": pd.Series(dtype="int64"),
                "value_usd_m": pd.Series(dtype="float64"),
                "total_usd_m": pd.Series(dtype="float64"),
                "share_pct": pd.Series(dtype="float64"),
                "rank": pd.Series(dtype="Int64"),
                "partners": pd.Series(dtype="int64"),
            }
        )
    per_partner = (
        rows.assign(year=rows["year"].astype("int64"))
        .groupby(["year", "partner"], as_index=False)["value_usd_m"]
        .sum()
    )
    per_partner = per_partner[per_partner["value_usd_m"] > 0]
    per_partner["rank"] = (
        per_partner.groupby("year")["value_usd_m"]
        .rank(method="min", ascending=False)
        .astype("int64")
    )
    totals = per_partner.groupby("year").agg(
        total_usd_m=("value_usd_m", "sum"), partners=("partner", "size")
    )
    wanted = names.get_indexer([par])[0] if len(names) else -1
    mine = per_partner[per_partner["partner"] == wanted].set_index("year")
    out = totals.join(mine[["value_usd_m", "rank"]], how="left").reset_index()
    out["value_usd_m"] = out["value_usd_m"].fillna(0.0).astype("float64")
    out["share_pct"] = out["value_usd_m"] / out["total_usd_m"] * 100
    out["rank"] = out["rank"].astype("Int64")
    out["partners"] = out["partners"].astype("int64")
    out = out[columns].sort_values("year", ignore_index=True)
    out.attrs.update({"reporter": rep, "partner": par, "flow": kind})
    return out


def partner_rank(
    reporter: str,
    partner: str,
    flow: str,
    year: int,
    *,
    data: pd.DataFrame | None = None,
) -> dict[str, Any]:
    """Rank and share of `partner` among the reporter's partner states for one flow and year.

    Returns a dict: reporter, partner (ISO3), flow, year, value_usd_m, total_usd_m, share_pct,
    rank (None when the partner does not appear), partners. See `partner_ranks` for definitions.
    A year in which the reporter reported nothing is a ParameterError naming the covered years.
    """
    ranks = partner_ranks(reporter, partner, flow, data=data)
    rep = countries.resolve(reporter, parameter="reporter")
    found = ranks[ranks["year"] == int(year)]
    if found.empty:
        covered = (
            f"its reports cover {int(ranks['year'].min())}-{int(ranks['year'].max())}"
            if not ranks.empty
            else "it has no reports in the data"
        )
        raise ParameterError(
            f"{rep.name} reported no {_flow_argument(flow)} by partner for {year}; {covered}."
        )
    row = found.iloc[0]
    return {
        "reporter": rep.iso3,
        "partner": countries.iso3_of(partner, "partner"),
        "flow": _flow_argument(flow),
        "year": int(row["year"]),
        "value_usd_m": float(row["value_usd_m"]),
        "total_usd_m": float(row["total_usd_m"]),
        "share_pct": float(row["share_pct"]),
        "rank": None if pd.isna(row["rank"]) else int(row["rank"]),
        "partners": int(row["partners"]),
    }


# --- values and clauses for the bilateral notebook's narrative --------------------------------

# Importers whose customs statistics do not publish the origin of crude-oil imports, so that their
# mirror report of an oil exporter's sales is far too small (see the module doc).
UNREPORTED_OIL_ORIGIN = frozenset({"ISR"})


def usd(value: float | None) -> str:
    """US$ millions in the house style (`fmt.money_usd`: 'US$628 m', 'US$3.61 bn'); 'no figure'."""
    if value is None or pd.isna(value):
        return "no figure"
    return fmt.money_usd(value)


def years_label(first: object, last: object) -> str:
    """'1993–2019' for a span of years, '2019' when both ends are the same year, '' if unknown."""
    if first is None or last is None or pd.isna(first) or pd.isna(last):
        return ""
    return str(int(first)) if int(first) == int(last) else f"{int(first)}–{int(last)}"


def no_trade_message(
    country: str, partner: str, start_year: int, end_year: int, edition_end: int
) -> str:
    """Why there is no trade chart: the DOTS edition ends before the window, or no reports."""
    if start_year > edition_end:
        return (
            f"The IMF DOTS edition used here ends in {edition_end}, before the years analysed "
            f"({start_year}–{end_year}), so there is no trade chart."
        )
    return (
        f"IMF DOTS has no merchandise trade between {country} and {partner} for "
        f"{start_year}–{end_year}: neither side reports the other as a partner in those years, so "
        "there is no trade chart for this pair."
    )


def trade_overview(flows: pd.DataFrame, country: str, partner: str) -> dict[str, Any]:
    """Values for the trade paragraph from a non-empty `bilateral_trade(country, partner)` frame.

    ``first``/``last`` (years), ``peak_year``, ``peak`` (turnover text), ``peak_cp`` (country ->
    partner that year) and ``latest``: a clause on the last year, or on the peak's other direction
    when the peak is the last year.
    """
    last_row = flows.loc[flows["year"].idxmax()]
    peak = flows.loc[flows["turnover"].idxmax()]
    last = int(last_row["year"])
    if int(peak["year"]) != last:
        latest = (
            f"; in {last} it was {usd(last_row['turnover'])} ({country} → {partner} "
            f"{usd(last_row['a_to_b'])}, {partner} → {country} {usd(last_row['b_to_a'])})"
        )
    else:
        latest = f" and {partner} → {country} {usd(peak['b_to_a'])}, the last year of the data"
    return {
        "first": int(flows["year"].min()),
        "last": last,
        "peak_year": int(peak["year"]),
        "peak": usd(peak["turnover"]),
        "peak_cp": usd(peak["a_to_b"]),
        "latest": latest,
    }


def mirror_findings(flows: pd.DataFrame, country: str, partner: str) -> list[dict[str, Any]]:
    """One dict per direction of a `bilateral_trade(country, partner)` frame, for the narrative.

    Always ``e`` (exporter), ``i`` (importer) and ``comparable`` (both sides report some year).
    When comparable: ``n`` (years), ``pct`` (importer's report as a share of the exporter's,
    median year), ``verdict``, ``gap_year``, ``exp``/``imp`` (the two reports that year),
    ``origin_unreported`` (the importer hides oil origins and reports under half: explain the
    mirror) with ``exp_max``/``imp_max`` (largest yearly report of each side). Always
    ``estimated``: (first, last, count) of the years in which either side's report of the flow
    is an IMF estimate, left out of the comparison (None when there are none), and
    ``estimated_by``: the sides whose reports those are.
    """
    a, b = str(flows.attrs["a"]), str(flows.attrs["b"])
    summary = mirror_summary(flows).set_index("direction")
    found = []
    for direction, exporter, importer, importer_iso3, exp_col, imp_col in (
        ("a_to_b", country, partner, b, "a_exports_to_b", "b_imports_from_a"),
        ("b_to_a", partner, country, a, "b_exports_to_a", "a_imports_from_b"),
    ):
        m = summary.loc[direction]
        row: dict[str, Any] = {"e": exporter, "i": importer, "comparable": bool(m["years"] > 0)}
        by_exporter, by_importer = estimated_years(flows, exp_col), estimated_years(flows, imp_col)
        marked = sorted(set(by_exporter + by_importer))
        row["estimated"] = (marked[0], marked[-1], len(marked)) if marked else None
        row["estimated_by"] = [
            n for n, ys in ((exporter, by_exporter), (importer, by_importer)) if ys
        ]
        if row["comparable"]:
            ratio = float(m["median_ratio"])
            row.update(
                n=int(m["years"]),
                pct="less than 1%" if ratio < 0.01 else f"{ratio * 100:.0f}%",
                verdict=(
                    "in a typical year the two reports agree within ±15%"
                    if abs(ratio - 1) <= 0.15
                    else (
                        f"in a typical year {importer} records less than {exporter} reports"
                        if ratio < 1
                        else f"in a typical year {importer} records more than {exporter} reports"
                    )
                    if 0.5 <= ratio <= 2
                    else "the two sides disagree strongly"
                ),
                gap_year=int(m["gap_year"]),
                exp=usd(m["gap_exporter_usd_m"]),
                imp=usd(m["gap_importer_usd_m"]),
                origin_unreported=importer_iso3 in UNREPORTED_OIL_ORIGIN and ratio < 0.5,
                exp_max=usd(flows[exp_col].max()),
                imp_max=usd(flows[imp_col].max()),
            )
        found.append(row)
    return found


def export_places(series: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The `partner_ranks` frames (by label) in which the partner ever takes a positive value."""
    return {
        label: frame
        for label, frame in series.items()
        if not frame.empty and frame["value_usd_m"].gt(0).any()
    }


def export_place_findings(series: dict[str, pd.DataFrame]) -> list[dict[str, Any]]:
    """Per labelled `partner_ranks` frame with a ranked year: the latest share and rank, and the
    best year: ``label, share, year, rank`` (text), ``best, best_year, best_rank, best_n``."""
    found = []
    for label, frame in series.items():
        present = frame.dropna(subset=["rank"])
        if present.empty:
            continue
        best = present.loc[present["share_pct"].idxmax()]
        latest = frame.iloc[-1]
        found.append(
            {
                "label": label,
                "share": float(latest["share_pct"]),
                "year": int(latest["year"]),
                "rank": (
                    f"rank {int(latest['rank'])} of {int(latest['partners'])} destinations"
                    if pd.notna(latest["rank"])
                    else "not among the destinations that year"
                ),
                "best": float(best["share_pct"]),
                "best_year": int(best["year"]),
                "best_rank": int(best["rank"]),
                "best_n": int(best["partners"]),
            }
        )
    return found


MIRROR_DIRECTIONS = (
    ("a_to_b", "a_exports_to_b", "b_imports_from_a"),
    ("b_to_a", "b_exports_to_a", "a_imports_from_b"),
)


def mirror_gap_by_period(flows: pd.DataFrame, period_years: int = 5) -> pd.DataFrame:
    """The importer's report as a share of the exporter's, by period, for each direction of a
    `bilateral_trade` frame.

    Periods are `period_years` long and end with the last year of the frame (the first one may
    be shorter). One row per direction and period in which both sides reported and the
    exporter's value is positive: ``direction``, ``first``, ``last`` (years), ``years`` (years
    compared), ``median`` / ``low`` / ``high`` (importer / exporter, as a 0-1 ratio). IMF
    estimates are left out (`own_reports`).
    """
    flows = own_reports(flows)
    rows = []
    if flows.empty:
        return pd.DataFrame(
            columns=["direction", "first", "last", "years", "median", "low", "high"]
        )
    last_year = int(flows["year"].max())
    period = ((last_year - flows["year"].astype(int)) // period_years).astype(int)
    for direction, exporter, importer in MIRROR_DIRECTIONS:
        both = flows.assign(period=period).dropna(subset=[exporter, importer])
        both = both[both[exporter] > 0]
        for _, group in both.groupby("period", sort=False):
            ratio = group[importer] / group[exporter]
            rows.append(
                {
                    "direction": direction,
                    "first": int(group["year"].min()),
                    "last": int(group["year"].max()),
                    "years": len(group),
                    "median": float(ratio.median()),
                    "low": float(ratio.min()),
                    "high": float(ratio.max()),
                }
            )
    out = pd.DataFrame(
        rows, columns=["direction", "first", "last", "years", "median", "low", "high"]
    )
    return out.sort_values(["direction", "first"], ignore_index=True)
