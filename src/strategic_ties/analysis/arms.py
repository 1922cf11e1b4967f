"""Arms transfers between states, from SIPRI's Arms Transfers Database: pure functions.

Two SIPRI tables are used (see ``schemas.TABLES``):

- ``arms_deliveries``: one row per deal and delivery year with the TIV delivered that year. It is
  the source of every annual or period TIV figure here. SIPRI's export starts in **1995**: a
  window that begins earlier is summed over the years the table covers (see `coverage`).
- ``arms_transfers``: the full trade register, one row per deal (1950 onwards), with SIPRI's
  '?' flags. It is the source of the deal register (`deals`, `register_table`).

TIV is SIPRI's trend-indicator value in millions: a volume measure, not a price.

Periods (`periods`) are aligned like SIPRI's fact sheets: the last period ends in ``end_year``
(e.g. 2020-2024) and the earlier ones step back by ``period_years`` (2015-2019, ...); the first
period is cut at ``start_year`` when the window does not divide evenly, and flagged ``partial``.

Countries are given by name or ISO3 in any case; actors without an ISO3 (unknown suppliers,
rebel groups, organisations) keep SIPRI's name. No function here reads files or plots.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from strategic_ties import countries
from strategic_ties.datasets import given_or_loaded

DELIVERIES = "arms_deliveries"
TRANSFERS = "arms_transfers"

# The register's columns a reader sees, in order (see `register_table`).
REGISTER_COLUMNS = [
    "Designation",
    "Description",
    "Number ordered",
    "Number delivered",
    "Order year",
    "Delivery years",
    "Deal status",
    "TIV delivered (millions)",
]


def _display(iso3: pd.Series, sipri_name: pd.Series) -> pd.Series:
    """Display names: the package's name for a state, SIPRI's name for anything without ISO3."""
    codes = iso3.to_numpy(dtype=object, na_value=None)
    return pd.Series(
        _names(codes, sipri_name.to_numpy(dtype=object, na_value=None)),
        index=sipri_name.index,
        dtype="string",
    )


def _names(codes, labels) -> list:
    """`_display` over plain sequences (None for a missing code)."""
    return [
        countries.name(code) if isinstance(code, str) else label
        for code, label in zip(codes, labels, strict=True)
    ]


def _is(column: pd.Series, iso3: str) -> pd.Series:
    """Boolean mask column == iso3, with missing codes counted as no match."""
    return (column == iso3).fillna(False).astype(bool)


def _window(frame: pd.DataFrame, start_year: int, end_year: int, column: str = "year"):
    years = frame[column]
    return frame[((years >= start_year) & (years <= end_year)).fillna(False).astype(bool)]


def coverage(*, data: pd.DataFrame | None = None) -> tuple[int, int]:
    """First and last delivery year in ``arms_deliveries`` (SIPRI's export: 1995 to the latest)."""
    frame = given_or_loaded(DELIVERIES, data)
    years = frame["year"].dropna()
    return int(years.min()), int(years.max())


def latest_year(*, data: pd.DataFrame | None = None) -> int:
    """The latest delivery year covered by ``arms_deliveries``."""
    return coverage(data=data)[1]


def _only(frame: pd.DataFrame, mask: pd.Series) -> pd.DataFrame:
    """frame[mask], without copying when every row is kept (a frame already filtered)."""
    return frame if mask.all() else frame[mask]


def _objects(values: list) -> np.ndarray:
    """Values as an object array with pd.NA for None (what a string Series' to_numpy gives)."""
    return np.array([pd.NA if v is None else v for v in values], dtype=object)


def _shares(frame: pd.DataFrame, side: str, start_year: int, end_year: int) -> pd.DataFrame:
    """TIV by `side` ('supplier' or 'recipient') within the window, with share and rank."""
    return _shares_of(_side_arrays(frame, side), side, start_year, end_year)


def _side_arrays(frame: pd.DataFrame, side: str) -> tuple[np.ndarray, ...]:
    """The rows with TIV > 0 as arrays: years (float, NaN missing), ISO3 codes and names
    (object, None missing), TIV. Converted once for all the windows asked of one frame (Arrow
    strings to objects cost more than the sums)."""
    positive = (frame["tiv"].fillna(0) > 0).to_numpy(dtype=bool)
    return (
        frame["year"].to_numpy(dtype="float64", na_value=np.nan)[positive],
        frame[f"{side}_iso3"].to_numpy(dtype=object, na_value=None)[positive],
        frame[side].to_numpy(dtype=object, na_value=None)[positive],
        frame["tiv"].to_numpy(dtype="float64")[positive],
    )


def _shares_of(
    arrays: tuple[np.ndarray, ...], side: str, start_year: int, end_year: int
) -> pd.DataFrame:
    """`_shares` of `_side_arrays`: the rows in the window, grouped and ranked."""
    columns = [side, f"{side}_iso3", "tiv", "share", "rank"]
    years, all_codes, all_labels, all_tiv = arrays
    inside = (years >= start_year) & (years <= end_year)  # NaN years compare False
    if not inside.any():
        return pd.DataFrame(
            {
                side: pd.Series(dtype="string"),
                f"{side}_iso3": pd.Series(dtype="string"),
                "tiv": pd.Series(dtype="float64"),
                "share": pd.Series(dtype="float64"),
                "rank": pd.Series(dtype="Int64"),
            }
        )
    codes, labels = all_codes[inside], all_labels[inside]
    # One group per ISO3 code, or per SIPRI name where there is no code; the first code and
    # name of each group (in first-seen order) and its TIV summed as pandas sums.
    keys = [
        c if c is not None else None if n is None else "name:" + n
        for c, n in zip(codes, labels, strict=True)
    ]
    group, _ = pd.factorize(pd.Series(keys, dtype=object))  # -1: no code and no name
    firsts: dict[int, list] = {}
    for g, code, label in zip(group.tolist(), codes, labels, strict=True):
        if g >= 0:
            first = firsts.setdefault(g, [None, None])
            first[0] = code if first[0] is None else first[0]
            first[1] = label if first[1] is None else first[1]
    keep = group >= 0
    tiv = all_tiv[inside][keep]
    sums = pd.Series(tiv).groupby(group[keep]).sum()
    order = sorted(firsts)
    iso3 = [firsts[g][0] for g in order]
    out = pd.DataFrame(
        {
            side: _objects(_names(iso3, [firsts[g][1] for g in order])),
            f"{side}_iso3": _objects(iso3),
            "tiv": sums.loc[order].to_numpy(dtype="float64"),
        }
    )
    out = out.sort_values(["tiv", side], ascending=[False, True], kind="stable")
    out["share"] = out["tiv"] / out["tiv"].sum()
    out["rank"] = out["tiv"].rank(method="min", ascending=False).astype("Int64")
    return out[columns].reset_index(drop=True)


def supplier_shares(
    recipient: str, start_year: int, end_year: int, *, data: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The recipient's arms imports by supplier over start_year..end_year (inclusive).

    Columns supplier, supplier_iso3, tiv (TIV millions), share (0-1), rank (1 = largest; ties
    share a rank), sorted by tiv descending. Empty when nothing was delivered in the window.
    """
    iso3 = countries.iso3_of(recipient)
    frame = given_or_loaded(DELIVERIES, data, recipient_iso3=[iso3])
    frame = _only(frame, _is(frame["recipient_iso3"], iso3))
    return _shares(frame, "supplier", start_year, end_year)


def client_shares(
    supplier: str, start_year: int, end_year: int, *, data: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The supplier's arms exports by recipient over start_year..end_year (inclusive).

    Columns recipient, recipient_iso3, tiv, share (0-1), rank; sorted by tiv descending.
    """
    iso3 = countries.iso3_of(supplier)
    frame = given_or_loaded(DELIVERIES, data, supplier_iso3=[iso3])
    frame = _only(frame, _is(frame["supplier_iso3"], iso3))
    return _shares(frame, "recipient", start_year, end_year)


def _pair(frame: pd.DataFrame, supplier: str, recipient: str) -> pd.DataFrame:
    return frame[
        _is(frame["supplier_iso3"], countries.iso3_of(supplier))
        & _is(frame["recipient_iso3"], countries.iso3_of(recipient))
    ]


def _estimated(rows: pd.DataFrame) -> pd.Series:
    """Rows whose delivered TIV rests on a SIPRI estimate (delivery year or number delivered)."""
    return rows["year_estimate"].fillna(False).astype(bool) | rows[
        "number_delivered_estimate"
    ].fillna(False).astype(bool)


def deliveries_by_year(
    supplier: str,
    recipient: str,
    start_year: int,
    end_year: int,
    *,
    data: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Annual supplier -> recipient deliveries: year, tiv, deals, tiv_estimated, estimated.

    One row for every year of the window that ``arms_deliveries`` covers (years with nothing
    delivered have tiv 0 and deals 0). ``deals`` counts distinct deals delivering that year;
    ``tiv_estimated`` is the part of ``tiv`` from rows whose delivery year or number delivered
    SIPRI marks as an estimate, and ``estimated`` is True when that part is non-zero or any such
    row occurs in the year.
    """
    frame = given_or_loaded(DELIVERIES, data)
    first, last = coverage(data=frame)
    years = pd.Index(range(max(start_year, first), min(end_year, last) + 1), name="year")
    rows = _window(_pair(frame, supplier, recipient), start_year, end_year)
    rows = rows.assign(
        _est=_estimated(rows), _tiv=rows["tiv"].fillna(0.0), year=rows["year"].astype(int)
    )
    rows = rows.assign(_tiv_est=rows["_tiv"].where(rows["_est"], 0.0))
    grouped = rows.groupby("year").agg(
        tiv=("_tiv", "sum"),
        deals=("deal_id", "nunique"),
        tiv_estimated=("_tiv_est", "sum"),
        estimated=("_est", "any"),
    )
    out = grouped.reindex(years)
    out = out.reset_index()
    out["year"] = out["year"].astype("Int64")
    out["deals"] = out["deals"].fillna(0).astype("Int64")
    out["tiv"] = out["tiv"].fillna(0.0).astype("float64")
    out["tiv_estimated"] = out["tiv_estimated"].fillna(0.0).astype("float64")
    out["estimated"] = out["estimated"].astype("boolean").fillna(False).astype(bool)
    return out[["year", "tiv", "deals", "tiv_estimated", "estimated"]]


def deliveries_by_category(
    supplier: str,
    recipient: str,
    start_year: int,
    end_year: int,
    *,
    data: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Supplier -> recipient TIV by delivery year and weapon category: year, category, tiv, deals.

    Uses the reader-facing ``category`` of ``arms_deliveries`` (UAVs and loitering munitions are
    their own category there, apart from other aircraft). Only non-zero cells are returned.
    """
    frame = given_or_loaded(DELIVERIES, data)
    rows = _window(_pair(frame, supplier, recipient), start_year, end_year)
    rows = rows[rows["tiv"].fillna(0) > 0]
    out = (
        rows.assign(category=rows["category"].fillna("Other").astype(str))
        .groupby(["year", "category"], as_index=False)
        .agg(tiv=("tiv", "sum"), deals=("deal_id", "nunique"))
    )
    out["year"] = out["year"].astype("Int64")
    out["deals"] = out["deals"].astype("Int64")
    return out.sort_values(["year", "tiv"], ascending=[True, False]).reset_index(drop=True)


def category_totals(by_category: pd.DataFrame) -> pd.DataFrame:
    """Totals of a `deliveries_by_category` frame: category, tiv, share, first, last (years)."""
    if by_category.empty:
        return pd.DataFrame(columns=["category", "tiv", "share", "first", "last"])
    out = by_category.groupby("category", as_index=False).agg(
        tiv=("tiv", "sum"), first=("year", "min"), last=("year", "max")
    )
    out["share"] = out["tiv"] / out["tiv"].sum()
    out = out.sort_values(["tiv", "category"], ascending=[False, True]).reset_index(drop=True)
    return out[["category", "tiv", "share", "first", "last"]]


def periods(start_year: int, end_year: int, period_years: int) -> pd.DataFrame:
    """Periods of `period_years` ending in `end_year`, oldest first: period, start, end, partial.

    SIPRI's alignment: the last period ends in the last year (2020-2024 for end_year 2024), the
    others step back (2015-2019, ...). The first period is cut at `start_year` if the window does
    not divide evenly (``partial`` True). Labels use an en dash: '2020–2024'.
    """
    if period_years < 1:
        raise ValueError("period_years must be at least 1")
    rows = []
    end = end_year
    while end >= start_year:
        start = max(end - period_years + 1, start_year)
        label = str(start) if start == end else f"{start}–{end}"
        rows.append((label, start, end, end - start + 1 < period_years))
        end -= period_years
    rows.reverse()
    return pd.DataFrame(rows, columns=["period", "start", "end", "partial"])


def _shares_by_period(
    side: str, start_year: int, end_year: int, period_years: int, frame: pd.DataFrame
) -> pd.DataFrame:
    """`_shares(frame, side, start, end)` for each period (the frame holds one party's rows),
    stacked with period, start, end in front and the period's total TIV at the back; periods
    without any TIV are absent.

    One pass for all periods instead of one `_shares` per period, with the same results: sums
    per (period, group) over the rows in order, groups in their first-seen order within the
    period before the stable sort, totals summed over each period's sorted TIV as pandas does.
    """
    columns = ["period", "start", "end", side, f"{side}_iso3", "tiv", "share", "rank", "total"]
    table = periods(start_year, end_year, period_years)
    years, codes, labels, tiv = _side_arrays(frame, side)
    starts, ends = table["start"].to_numpy(), table["end"].to_numpy()
    at = np.searchsorted(ends, years, side="left")  # first period ending in or after the year
    inside = at < len(table)
    inside[inside] &= years[inside] >= starts[at[inside]]  # NaN years compare False
    keys = [
        c if c is not None else None if n is None else "name:" + n
        for c, n in zip(codes, labels, strict=True)
    ]
    group, _ = pd.factorize(pd.Series(keys, dtype=object))  # -1: no code and no name
    inside &= group >= 0
    if not inside.any():
        return pd.DataFrame(columns=columns)
    rows = pd.DataFrame(
        {
            "period": at[inside],
            "group": group[inside],
            "position": np.flatnonzero(inside),
            "code": pd.Series(codes[inside], dtype=object),
            "label": pd.Series(labels[inside], dtype=object),
            "tiv": tiv[inside],
        }
    )
    by = rows.groupby(["period", "group"], sort=False)
    out = pd.DataFrame(
        {
            "position": by["position"].min(),
            "code": by["code"].first(),  # the first non-missing code and name, as _shares_of
            "label": by["label"].first(),
            "tiv": by["tiv"].sum(),
        }
    ).reset_index()
    codes_out = [c if isinstance(c, str) else None for c in out["code"]]
    labels_out = [n if isinstance(n, str) else None for n in out["label"]]
    names = _names(codes_out, labels_out)
    name_order = pd.Index(sorted(set(names))).get_indexer(names)
    out_tiv = out["tiv"].to_numpy(dtype="float64")
    order = np.lexsort((out["position"].to_numpy(), name_order, -out_tiv, out["period"]))
    period = out["period"].to_numpy()[order]
    out_tiv = out_tiv[order]
    bounds = np.flatnonzero(np.diff(period)) + 1
    totals = np.concatenate(
        [np.full(len(part), pd.Series(part).sum()) for part in np.split(out_tiv, bounds)]
    )
    rank = pd.Series(out_tiv).groupby(period).rank(method="min", ascending=False)
    result = pd.DataFrame(
        {
            "period": table["period"].to_numpy(dtype=object)[period],
            "start": starts[period].astype("int64"),
            "end": ends[period].astype("int64"),
            side: _objects([names[i] for i in order]),
            f"{side}_iso3": _objects([codes_out[i] for i in order]),
            "tiv": out_tiv,
            "share": out_tiv / totals,
            "rank": rank.to_numpy().astype("int64"),
            "total": totals,
        }
    )
    return result.astype({"rank": "Int64"})


def supplier_shares_by_period(
    recipient: str,
    start_year: int,
    end_year: int,
    period_years: int,
    *,
    data: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """`supplier_shares` for each period: period, start, end, supplier, supplier_iso3, tiv,
    share, rank, total (the recipient's imports in that period). Periods with no imports are
    absent."""
    iso3 = countries.iso3_of(recipient)
    frame = given_or_loaded(DELIVERIES, data, recipient_iso3=[iso3])
    frame = frame[_is(frame["recipient_iso3"], iso3)]  # once, not in every period
    return _shares_by_period("supplier", start_year, end_year, period_years, frame)


def client_shares_by_period(
    supplier: str,
    start_year: int,
    end_year: int,
    period_years: int,
    *,
    data: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """`client_shares` for each period: period, start, end, recipient, recipient_iso3, tiv,
    share, rank, total (the supplier's exports in that period)."""
    iso3 = countries.iso3_of(supplier)
    frame = given_or_loaded(DELIVERIES, data, supplier_iso3=[iso3])
    frame = frame[_is(frame["supplier_iso3"], iso3)]  # once, not in every period
    return _shares_by_period("recipient", start_year, end_year, period_years, frame)


def _party_by_period(
    by_period: pd.DataFrame, side: str, iso3: str, start_year: int, end_year: int, period_years: int
) -> pd.DataFrame:
    out = periods(start_year, end_year, period_years)[["period", "start", "end"]].copy()
    totals = by_period.groupby("period")["tiv"].sum() if not by_period.empty else pd.Series()
    mine = by_period[_is(by_period[f"{side}_iso3"], iso3)].set_index("period")
    out["tiv"] = out["period"].map(mine["tiv"]).fillna(0.0).astype("float64")
    out["total"] = out["period"].map(totals).fillna(0.0).astype("float64")
    out["share"] = (out["tiv"] / out["total"].where(out["total"] > 0)).astype("float64")
    out["rank"] = out["period"].map(mine["rank"]).astype("Int64")
    return out


def partner_share_by_period(
    supplier: str,
    recipient: str,
    start_year: int,
    end_year: int,
    period_years: int,
    *,
    data: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The supplier's place in the recipient's arms imports, per period.

    Columns period, start, end, tiv (supplier -> recipient), total (recipient's imports from
    all suppliers), share (tiv / total, NaN when the recipient imported nothing), rank (the
    supplier's rank among the recipient's suppliers; <NA> when it delivered nothing). One row
    per period of `periods`, oldest first.
    """
    frame = given_or_loaded(DELIVERIES, data)
    by_period = supplier_shares_by_period(recipient, start_year, end_year, period_years, data=frame)
    return _party_by_period(
        by_period, "supplier", countries.iso3_of(supplier), start_year, end_year, period_years
    )


def client_share_by_period(
    supplier: str,
    recipient: str,
    start_year: int,
    end_year: int,
    period_years: int,
    *,
    data: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The recipient's place among the supplier's clients, per period: period, start, end, tiv,
    total (the supplier's exports to all), share, rank (among the supplier's recipients)."""
    frame = given_or_loaded(DELIVERIES, data)
    by_period = client_shares_by_period(supplier, start_year, end_year, period_years, data=frame)
    return _party_by_period(
        by_period, "recipient", countries.iso3_of(recipient), start_year, end_year, period_years
    )


LATEST_NAMED = 3  # each period's largest actors, shown by name in share charts
MAX_NAMED = 10  # at most this many actors named in a share chart (its legend stays readable)


def share_matrix(by_period: pd.DataFrame, side: str = "supplier", top: int = 6) -> pd.DataFrame:
    """Wide table of shares for a chart: one row per period (oldest first), one column per actor.

    Keeps the `top` actors by TIV over all periods, and every period's `LATEST_NAMED` largest
    states (the text names the latest period's: Italy's 16% of Azerbaijan's imports in 2020-2024
    must not hide in Others; an earlier period's leader, Bulgaria's 10% in 2000-2004, neither),
    the latest period's first, then the others by share; at most `MAX_NAMED` in all. The rest
    are summed as 'Others'. Values are shares (0-1) of each period's total. `by_period` is a
    `*_shares_by_period` frame.
    """
    if by_period.empty:
        return pd.DataFrame()
    ranking = by_period.groupby(side)["tiv"].sum().sort_values(ascending=False, kind="stable")
    keep = list(ranking.index[:top])
    named = by_period[by_period["tiv"] > 0]
    if f"{side}_iso3" in named:  # a state, not 'unknown supplier(s)'
        named = named[named[f"{side}_iso3"].notna().to_numpy(dtype=bool)]
    named = named.sort_values("share", ascending=False, kind="stable")
    leaders = named.groupby("start", sort=False).head(LATEST_NAMED)
    latest = leaders["start"] == by_period["start"].max()
    for actor in [*leaders[latest][side], *leaders[~latest][side]]:
        if actor not in keep and len(keep) < max(MAX_NAMED, top):
            keep.append(actor)
    label = by_period[side].where(by_period[side].isin(keep), "Others")
    wide = by_period.assign(_actor=label).pivot_table(
        index=["start", "period"], columns="_actor", values="share", aggfunc="sum", fill_value=0.0
    )
    wide = wide.sort_index(level="start").droplevel("start")
    order = keep + (["Others"] if "Others" in wide.columns else [])
    wide = wide[order]
    wide.columns.name = None
    return wide


def deals(supplier: str, recipient: str, *, data: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every register row (``arms_transfers``) from supplier to recipient, all years, sorted by
    order year and designation. Same columns as the table."""
    pair = {"supplier_iso3": [countries.iso3_of(supplier)]}
    pair["recipient_iso3"] = [countries.iso3_of(recipient)]
    rows = _pair(given_or_loaded(TRANSFERS, data, **pair), supplier, recipient)
    return rows.sort_values(
        ["order_year", "first_delivery_year", "designation"], kind="stable", na_position="last"
    ).reset_index(drop=True)


def deals_in_window(register: pd.DataFrame, start: int, end: int) -> tuple[pd.DataFrame, int]:
    """The deals of `register` ordered or delivered in start..end (an order year or any delivery
    year inside), and how many deals fall wholly before `start` (left out)."""
    if register.empty:
        return register, 0
    order = pd.to_numeric(register["order_year"], errors="coerce")
    delivered = [
        [int(y) for y in re.findall(r"\d{4}", str(years))] if isinstance(years, str) else []
        for years in register["delivery_years"]
    ]
    inside = [
        (start <= o <= end if not pd.isna(o) else False) or any(start <= y <= end for y in ys)
        for o, ys in zip(order, delivered, strict=True)
    ]
    last = [
        max(([] if pd.isna(o) else [int(o)]) + ys, default=end)
        for o, ys in zip(order, delivered, strict=True)
    ]
    earlier = sum(1 for keep, y in zip(inside, last, strict=True) if not keep and y < start)
    return register[inside].reset_index(drop=True), earlier


def _number(value: float, uncertain: bool) -> str:
    if value is None or pd.isna(value):
        return ""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return text + ("?" if uncertain else "")


def compact_years(years: str | None) -> str:
    """'2011; 2012; 2013; 2016' -> '2011–2013, 2016' (runs of consecutive years joined)."""
    if years is None or (not isinstance(years, str) and pd.isna(years)):
        return ""
    found = sorted({int(y) for y in re.findall(r"\d{4}", str(years))})
    if not found:
        return str(years).strip()
    runs: list[list[int]] = [[found[0], found[0]]]
    for year in found[1:]:
        if year == runs[-1][1] + 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)


def _flag(value) -> bool:
    return bool(value) if not pd.isna(value) else False


def register_table(register: pd.DataFrame) -> pd.DataFrame:
    """The deal register as a reader sees it (`REGISTER_COLUMNS`); SIPRI's '?' kept on numbers
    and order years; delivery years compacted; TIV of the delivered weapons (millions)."""
    rows = []
    for deal in register.itertuples(index=False):
        order_year = "" if pd.isna(deal.order_year) else str(int(deal.order_year))
        if order_year and _flag(deal.order_year_uncertain):
            order_year += "?"
        rows.append(
            {
                "Designation": deal.designation if not pd.isna(deal.designation) else "",
                "Description": deal.description if not pd.isna(deal.description) else "",
                "Number ordered": _number(
                    deal.number_ordered, _flag(deal.number_ordered_uncertain)
                ),
                "Number delivered": _number(
                    deal.number_delivered, _flag(deal.number_delivered_uncertain)
                ),
                "Order year": order_year,
                "Delivery years": compact_years(deal.delivery_years),
                "Deal status": deal.status if not pd.isna(deal.status) else "",
                "TIV delivered (millions)": float(deal.tiv_delivered)
                if not pd.isna(deal.tiv_delivered)
                else np.nan,
            }
        )
    return pd.DataFrame(rows, columns=REGISTER_COLUMNS)


def flag_summary(register: pd.DataFrame) -> dict[str, int]:
    """How many register rows carry each SIPRI '?' flag, and how many deals there are."""
    return {
        "deals": len(register),
        "order_year": int(register["order_year_uncertain"].fillna(False).astype(bool).sum()),
        "number_ordered": int(
            register["number_ordered_uncertain"].fillna(False).astype(bool).sum()
        ),
        "number_delivered": int(
            register["number_delivered_uncertain"].fillna(False).astype(bool).sum()
        ),
        "any": int(
            (
                register["order_year_uncertain"].fillna(False).astype(bool)
                | register["number_ordered_uncertain"].fillna(False).astype(bool)
                | register["number_delivered_uncertain"].fillna(False).astype(bool)
            ).sum()
        ),
    }


def undelivered(register: pd.DataFrame) -> pd.DataFrame:
    """Register rows with nothing delivered yet (orders that `arms_deliveries` cannot show)."""
    delivered = register["number_delivered"].fillna(0)
    return register[(delivered <= 0) & register["first_delivery_year"].isna()]


def supplier_shares_for(
    recipients: list[str],
    windows: list[tuple[int, int]],
    *,
    data: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """`supplier_shares` of several recipients over several (start, end) windows, long form:
    recipient, recipient_iso3, window ('2020–2024'), start, end, supplier, supplier_iso3, tiv,
    share, rank, total. A recipient with no imports in a window has no rows for it."""
    frame = given_or_loaded(DELIVERIES, data)
    parts = []
    for recipient in recipients:
        found = countries.resolve(recipient)
        for start, end in windows:
            shares = supplier_shares(found.iso3, start, end, data=frame)
            if shares.empty:
                continue
            label = str(start) if start == end else f"{start}–{end}"
            shares.insert(0, "end", end)
            shares.insert(0, "start", start)
            shares.insert(0, "window", label)
            shares.insert(0, "recipient_iso3", found.iso3)
            shares.insert(0, "recipient", found.name)
            shares["total"] = shares["tiv"].sum()
            parts.append(shares)
    columns = ["recipient", "recipient_iso3", "window", "start", "end"]
    columns += ["supplier", "supplier_iso3", "tiv", "share", "rank", "total"]
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)[columns]


def comparison_matrix(long: pd.DataFrame, top: int = 3) -> pd.DataFrame:
    """Wide share matrix of a `supplier_shares_for` frame: one row per 'recipient, window' (in
    input order), one column per supplier that is among the `top` of any row (ordered by how
    much they supplied in all), plus 'Others'. Values are shares (0-1)."""
    if long.empty:
        return pd.DataFrame()
    keep_mask = long["rank"].astype("Int64") <= top
    volume = long[keep_mask].groupby("supplier")["tiv"].sum()
    keep = list(volume.sort_values(ascending=False, kind="stable").index)
    row = long["recipient"] + ", " + long["window"]
    actor = long["supplier"].where(long["supplier"].isin(keep), "Others")
    wide = (
        long.assign(_row=row, _actor=actor)
        .pivot_table(index="_row", columns="_actor", values="share", aggfunc="sum", fill_value=0.0)
        .reindex(list(dict.fromkeys(row)))
    )
    order = keep + (["Others"] if "Others" in wide.columns else [])
    wide = wide[order]
    wide.index.name = None
    wide.columns.name = None
    return wide


def percent(share: float) -> str:
    """A share (0-1) as a whole percentage, '<1%' for small non-zero shares, '' when missing."""
    if share is None or pd.isna(share):
        return ""
    text = f"{share:.0%}"
    return "<1%" if share > 0 and text == "0%" else text


def leaders(by_group: pd.DataFrame, group: str, side: str = "supplier", n: int = 3) -> pd.Series:
    """For each value of `group` (e.g. 'period'), the `n` largest actors as text:
    'Russia 79%, Belarus 8%, Israel 7%'. Input: a `*_shares_by_period` or `supplier_shares_for`
    frame (sorted by tiv within each group, as those functions return it)."""
    if by_group.empty:
        return pd.Series(dtype="string")

    def text(rows: pd.DataFrame) -> str:
        rows = rows.sort_values("tiv", ascending=False, kind="stable").head(n)
        return ", ".join(
            f"{name} {percent(share)}"
            for name, share in zip(rows[side], rows["share"], strict=True)
        )

    return by_group.groupby(group, sort=False)[[side, "tiv", "share"]].apply(text)


TIV = "TIV millions"  # the unit as the report writes it
