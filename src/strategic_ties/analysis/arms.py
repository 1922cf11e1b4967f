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


def _load(name: str, data: pd.DataFrame | None) -> pd.DataFrame:
    if data is not None:
        return data
    from strategic_ties import datasets

    return datasets.load(name)


def _iso3(country: str) -> str:
    return countries.resolve(country).iso3


def _display(iso3: pd.Series, sipri_name: pd.Series) -> pd.Series:
    """Display names: the package's name for a state, SIPRI's name for anything without ISO3."""
    names = [
        countries.name(code) if isinstance(code, str) else label
        for code, label in zip(
            iso3.astype(object).where(iso3.notna(), None), sipri_name, strict=True
        )
    ]
    return pd.Series(names, index=sipri_name.index, dtype="string")


def _is(column: pd.Series, iso3: str) -> pd.Series:
    """Boolean mask column == iso3, with missing codes counted as no match."""
    return (column == iso3).fillna(False).astype(bool)


def _window(frame: pd.DataFrame, start_year: int, end_year: int, column: str = "year"):
    years = frame[column]
    return frame[((years >= start_year) & (years <= end_year)).fillna(False).astype(bool)]


def coverage(*, data: pd.DataFrame | None = None) -> tuple[int, int]:
    """First and last delivery year in ``arms_deliveries`` (SIPRI's export: 1995 to the latest)."""
    frame = _load(DELIVERIES, data)
    years = frame["year"].dropna()
    return int(years.min()), int(years.max())


def latest_year(*, data: pd.DataFrame | None = None) -> int:
    """The latest delivery year covered by ``arms_deliveries``."""
    return coverage(data=data)[1]


def _shares(frame: pd.DataFrame, side: str, start_year: int, end_year: int) -> pd.DataFrame:
    """TIV by `side` ('supplier' or 'recipient') within the window, with share and rank."""
    columns = [side, f"{side}_iso3", "tiv", "share", "rank"]
    rows = _window(frame, start_year, end_year)
    rows = rows[rows["tiv"].fillna(0) > 0]
    if rows.empty:
        return pd.DataFrame(
            {
                side: pd.Series(dtype="string"),
                f"{side}_iso3": pd.Series(dtype="string"),
                "tiv": pd.Series(dtype="float64"),
                "share": pd.Series(dtype="float64"),
                "rank": pd.Series(dtype="Int64"),
            }
        )
    iso3 = rows[f"{side}_iso3"].astype("string")
    key = iso3.fillna("name:" + rows[side].astype("string"))
    grouped = (
        rows.assign(_key=key)
        .groupby("_key", sort=False)
        .agg(iso3=(f"{side}_iso3", "first"), name=(side, "first"), tiv=("tiv", "sum"))
    )
    out = pd.DataFrame(
        {
            side: _display(grouped["iso3"], grouped["name"]).to_numpy(),
            f"{side}_iso3": grouped["iso3"].astype("string").to_numpy(),
            "tiv": grouped["tiv"].astype("float64").to_numpy(),
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
    frame = _load(DELIVERIES, data)
    frame = frame[_is(frame["recipient_iso3"], _iso3(recipient))]
    return _shares(frame, "supplier", start_year, end_year)


def client_shares(
    supplier: str, start_year: int, end_year: int, *, data: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The supplier's arms exports by recipient over start_year..end_year (inclusive).

    Columns recipient, recipient_iso3, tiv, share (0-1), rank; sorted by tiv descending.
    """
    frame = _load(DELIVERIES, data)
    frame = frame[_is(frame["supplier_iso3"], _iso3(supplier))]
    return _shares(frame, "recipient", start_year, end_year)


def _pair(frame: pd.DataFrame, supplier: str, recipient: str) -> pd.DataFrame:
    return frame[
        _is(frame["supplier_iso3"], _iso3(supplier))
        & _is(frame["recipient_iso3"], _iso3(recipient))
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
    frame = _load(DELIVERIES, data)
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
    frame = _load(DELIVERIES, data)
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
    frame = _load(DELIVERIES, data)
    parts = []
    for row in periods(start_year, end_year, period_years).itertuples():
        shares = supplier_shares(recipient, row.start, row.end, data=frame)
        if shares.empty:
            continue
        shares.insert(0, "end", row.end)
        shares.insert(0, "start", row.start)
        shares.insert(0, "period", row.period)
        shares["total"] = shares["tiv"].sum()
        parts.append(shares)
    if not parts:
        return pd.DataFrame(
            columns=[
                "period",
                "start",
                "end",
                "supplier",
                "supplier_iso3",
                "tiv",
                "share",
                "rank",
                "total",
            ]
        )
    return pd.concat(parts, ignore_index=True)


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
    frame = _load(DELIVERIES, data)
    parts = []
    for row in periods(start_year, end_year, period_years).itertuples():
        shares = client_shares(supplier, row.start, row.end, data=frame)
        if shares.empty:
            continue
        shares.insert(0, "end", row.end)
        shares.insert(0, "start", row.start)
        shares.insert(0, "period", row.period)
        shares["total"] = shares["tiv"].sum()
        parts.append(shares)
    if not parts:
        return pd.DataFrame(
            columns=[
                "period",
                "start",
                "end",
                "recipient",
                "recipient_iso3",
                "tiv",
                "share",
                "rank",
                "total",
            ]
        )
    return pd.concat(parts, ignore_index=True)


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
    frame = _load(DELIVERIES, data)
    by_period = supplier_shares_by_period(recipient, start_year, end_year, period_years, data=frame)
    return _party_by_period(
        by_period, "supplier", _iso3(supplier), start_year, end_year, period_years
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
    frame = _load(DELIVERIES, data)
    by_period = client_shares_by_period(supplier, start_year, end_year, period_years, data=frame)
    return _party_by_period(
        by_period, "recipient", _iso3(recipient), start_year, end_year, period_years
    )


def share_matrix(by_period: pd.DataFrame, side: str = "supplier", top: int = 6) -> pd.DataFrame:
    """Wide table of shares for a chart: one row per period (oldest first), one column per actor.

    Keeps the `top` actors by TIV over all periods and sums the rest as 'Others'. Values are
    shares (0-1) of each period's total. `by_period` is a `*_shares_by_period` frame.
    """
    if by_period.empty:
        return pd.DataFrame()
    ranking = by_period.groupby(side)["tiv"].sum().sort_values(ascending=False, kind="stable")
    keep = list(ranking.index[:top])
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
    frame = _load(TRANSFERS, data)
    rows = _pair(frame, supplier, recipient)
    return rows.sort_values(
        ["order_year", "first_delivery_year", "designation"], kind="stable", na_position="last"
    ).reset_index(drop=True)


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
    frame = _load(DELIVERIES, data)
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
