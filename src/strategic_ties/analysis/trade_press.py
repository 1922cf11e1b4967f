"""Trade figures quoted in the press (the `trade_press` table), set beside IMF DOTS.

Press figures are quotations of official statistics in news articles: lower confidence, kept
apart, never merged into the DOTS series (`strategic_ties.analysis.trade`).
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from strategic_ties import countries
from strategic_ties.analysis.trade import bilateral_trade, usd
from strategic_ties.datasets import given_or_loaded

_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def period_label(period: object) -> str:
    """A press period for readers: '2020-01..2020-07' -> 'Jan-Jul 2020', '2024-01' -> 'Jan 2024'.

    Other texts ('2021', 'unspecified ...') are returned unchanged.
    """
    text = "" if period is None or pd.isna(period) else str(period).strip()
    span = re.fullmatch(r"(\d{4})-(\d{2})\.\.(\d{4})-(\d{2})", text)
    if span:
        y1, m1, y2, m2 = span.groups()
        first, last = _MONTHS[int(m1) - 1], _MONTHS[int(m2) - 1]
        return f"{first}–{last} {y1}" if y1 == y2 else f"{first} {y1}–{last} {y2}"
    month = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if month:
        return f"{_MONTHS[int(month.group(2)) - 1]} {month.group(1)}"
    return text


def period_year(period: str) -> int | None:
    """The first year named in a press period ('2020-01..2020-07' -> 2020), or None."""
    found = re.search(r"(19|20)\d{2}", str(period))
    return int(found.group(0)) if found else None


def press_figures(
    country_a: str, country_b: str, *, data: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Press-quoted official figures on trade between A and B (the `trade_press` table).

    Keeps rows whose metric names both countries' ISO3 codes (e.g. 'AZE-ISR trade turnover',
    'AZE exports to ISR'). Adds ``year`` (first year named in the period) and ``full_year``
    (True when the period is one bare calendar year). These are lower-confidence quotations,
    not an official series; ``suspect`` rows are kept (and must be shown as such).
    """
    a = countries.iso3_of(country_a, "country_a")
    b = countries.iso3_of(country_b, "country_b")
    press = given_or_loaded("trade_press", data)
    metric = press["metric"].astype("string").fillna("")
    mask = metric.str.contains(rf"\b{a}\b", regex=True) & metric.str.contains(
        rf"\b{b}\b", regex=True
    )
    out = press[mask.fillna(False)].copy()
    out["year"] = pd.array([period_year(p) for p in out["period"]], dtype="Int64")
    out["full_year"] = (
        out["period"].astype("string").str.fullmatch(r"\s*(19|20)\d{2}\s*").fillna(False)
    ).astype(bool)
    out["suspect"] = out["suspect"].astype("boolean").fillna(False).astype(bool)
    return out.sort_values(["year", "period"], ignore_index=True)


_EXPORTS = re.compile(r"\b([A-Z]{3}) exports to ([A-Z]{3})\b")
_TURNOVER = re.compile(r"\b([A-Z]{3})-([A-Z]{3}) trade turnover\b")


def press_vs_dots(
    country_a: str,
    country_b: str,
    *,
    press: pd.DataFrame | None = None,
    data: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Full-year press figures for A and B set against the DOTS figure for the same year.

    Only metrics that DOTS measures are compared: 'XXX exports to YYY' (against XXX's reported
    exports to YYY) and 'XXX-YYY trade turnover' (against the headline turnover of
    `bilateral_trade`). Columns: ``year, metric, press_value, dots_value, difference_pct``
    ((press - DOTS) / DOTS x 100). Years outside DOTS coverage have no row.
    """
    figures = press_figures(country_a, country_b, data=press)
    figures = figures[figures["full_year"] & figures["value"].notna() & ~figures["suspect"]]
    a = countries.iso3_of(country_a, "country_a")
    b = countries.iso3_of(country_b, "country_b")
    if data is None:  # the processed table: the pair's series computed once per run
        from strategic_ties import reuse

        flows = reuse.bilateral_trade(a, b).set_index("year")
    else:
        flows = bilateral_trade(a, b, data=data).set_index("year")
    rows = []
    for _, row in figures.iterrows():
        year, metric = int(row["year"]), str(row["metric"])
        if year not in flows.index:
            continue
        exports, turnover = _EXPORTS.search(metric), _TURNOVER.search(metric)
        if exports and {exports.group(1), exports.group(2)} == {a, b}:
            column = "a_exports_to_b" if exports.group(1) == a else "b_exports_to_a"
        elif turnover and {turnover.group(1), turnover.group(2)} == {a, b}:
            column = "turnover"
        else:
            continue
        dots = flows.at[year, column]
        if pd.isna(dots):
            continue
        rows.append(
            {
                "year": year,
                "metric": metric,
                "press_value": float(row["value"]),
                "dots_value": float(dots),
                "difference_pct": (float(row["value"]) - float(dots)) / float(dots) * 100,
            }
        )
    columns = ["year", "metric", "press_value", "dots_value", "difference_pct"]
    return pd.DataFrame(rows, columns=columns).astype({"year": "int64"})


def within_years(frame: pd.DataFrame, start_year: int, end_year: int) -> pd.DataFrame:
    """Press rows whose period starts in [start_year, end_year], or whose period names no year."""
    years = [period_year(p) for p in frame["period"]]
    keep = [y is None or start_year <= y <= end_year for y in years]
    return frame[pd.Series(keep, index=frame.index, dtype=bool)]


def press_beyond_dots(
    press: pd.DataFrame, flows: pd.DataFrame, start_year: int, end_year: int
) -> pd.DataFrame:
    """The `press_figures` rows to show beside DOTS: in the window, and not a full-year figure
    for a year that the DOTS frame `flows` already covers."""
    shown = within_years(press, start_year, end_year)
    duplicate = shown["full_year"] & shown["year"].isin(set(flows["year"])).fillna(False)
    return shown[~duplicate.astype(bool)]


def press_check_summary(checks: pd.DataFrame) -> dict[str, Any]:
    """`press_vs_dots` rows as ``years`` (text) and the ``low``/``high`` difference in %."""
    return {
        "years": ", ".join(str(y) for y in checks["year"]),
        "low": float(checks["difference_pct"].min()),
        "high": float(checks["difference_pct"].max()),
    }


def press_caveats(later: pd.DataFrame) -> dict[str, str]:
    """Clauses for the press caveat: ``suspect`` (one SUSPECT figure, not used) and ``full`` (the
    latest full-year turnover quoted); each '' when there is nothing to say."""
    suspect = later[later["suspect"]]
    full = later[later["full_year"] & later["metric"].str.contains("turnover") & ~later["suspect"]]
    return {
        "suspect": (
            f"{len(suspect)} figure is flagged SUSPECT (a {usd(suspect['value'].iloc[0])} turnover "
            f"for {period_label(suspect['period'].iloc[0])}, out of line with every other figure "
            "and probably a typo) and is not used. "
            if len(suspect) == 1
            else ""
        ),
        "full": (
            f"The latest full-year turnover quoted is {usd(full['value'].iloc[-1])} for "
            f"{int(full['year'].iloc[-1])}."
            if not full.empty
            else ""
        ),
    }
