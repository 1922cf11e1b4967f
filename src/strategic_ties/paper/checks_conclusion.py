"""Claim checks for the paper's conclusion (oil, arms sales, prospects)."""

from __future__ import annotations

import pandas as pd

from strategic_ties import fmt, recency
from strategic_ties.analysis import arms
from strategic_ties.paper import PAPER_COUNTRY, PAPER_DATE, PAPER_PARTNER, PAPER_YEAR
from strategic_ties.paper.evidence import (
    BEFORE,
    CONTRADICTED,
    NOT_BORNE_OUT,
    OUTSIDE,
    PARTLY,
    SUPPORTED,
    ClaimResult,
    Evidence,
    _events,
    _matching,
    _mirror_flows,
    _outside,
    _supplier_place,
    _text,
)


def check_oil_sales(ev: Evidence) -> ClaimResult:
    """Rule (IMF DOTS, 2010-2014): Azerbaijan-reported exports to Israel averaging >= US$100m a
    year -> supported; above zero -> partly supported; none reported -> contradicted; no
    reports at all -> outside these data."""
    start, end = BEFORE
    flows = _mirror_flows(ev, start, end)
    exports = flows["a_exports_to_b"].dropna() if not flows.empty else pd.Series(dtype=float)
    if exports.empty:
        return _outside(
            f"Azerbaijan reported no exports by partner in {fmt.span(start, end)}.", ev, "trade"
        )
    mean = float(exports.mean())
    israel = flows["b_imports_from_a"].dropna()
    verdict = SUPPORTED if mean >= 100 else PARTLY if mean > 0 else CONTRADICTED
    finding = (
        f"Azerbaijan reported exports to Israel of {fmt.money_usd(mean)} a year on average in "
        f"{fmt.span(start, end)} (all goods); Israel, which does not record where its crude "
        f"comes from, reported {fmt.money_usd(israel.mean() if not israel.empty else 0)}."
    )
    return ClaimResult(verdict, finding, ev.source("trade"), {"mean_exports_usd_m": mean})


def check_client_of_israel(ev: Evidence) -> ClaimResult:
    """Rule (SIPRI TIV, 2010-2014): Israeli major arms delivered to Azerbaijan in those years ->
    supported (a buyer is a client, whatever its rank among Israel's buyers); none ->
    contradicted (these years are no longer provisional)."""
    start, end = BEFORE
    clients = arms.client_shares(PAPER_PARTNER, start, end, data=ev.table("arms_deliveries"))
    mine = clients[clients["recipient_iso3"] == PAPER_COUNTRY]
    if mine.empty:
        return ClaimResult(
            CONTRADICTED,
            f"SIPRI records no Israeli deliveries to Azerbaijan in {fmt.span(start, end)}.",
            ev.source("arms_deliveries"),
        )
    rank, share, tiv = (
        int(mine["rank"].iloc[0]),
        float(mine["share"].iloc[0]),
        float(mine["tiv"].iloc[0]),
    )
    finding = (
        f"In {fmt.span(start, end)} Azerbaijan received {fmt.tiv(tiv)} of Israeli major arms, "
        f"{fmt.percent(share, 0)} of Israel's exports: rank {rank} of "
        f"{fmt.count(len(clients), 'recipient')}."
    )
    return ClaimResult(
        SUPPORTED, finding, ev.source("arms_deliveries"), {"rank": rank, "share": share}
    )


UAV_CATEGORY = "UAVs and loitering munitions"


def check_drones(ev: Evidence) -> ClaimResult:
    """Rule (SIPRI deliveries to 2014): Israeli UAVs delivered and Israel >= 50% of
    Azerbaijan's UAV imports by TIV -> supported; some delivered -> partly supported; none ->
    contradicted."""
    deliveries = ev.table("arms_deliveries")
    uav = deliveries[
        (deliveries["recipient_iso3"] == PAPER_COUNTRY).fillna(False)
        & (deliveries["category"] == UAV_CATEGORY).fillna(False)
        & (deliveries["year"] <= PAPER_YEAR).fillna(False)
    ]
    total = float(uav["tiv"].fillna(0).sum())
    israeli = uav[(uav["supplier_iso3"] == PAPER_PARTNER).fillna(False)]
    tiv = float(israeli["tiv"].fillna(0).sum())
    units = float(israeli["number_delivered"].fillna(0).sum())
    share = tiv / total if total > 0 else None
    if tiv <= 0:
        verdict = CONTRADICTED
    elif share is not None and share >= 0.5:
        verdict = SUPPORTED
    else:
        verdict = PARTLY
    models = ", ".join(sorted(set(israeli["designation"].dropna().astype(str)))) or "none"
    finding = (
        f"By {PAPER_YEAR}: {fmt.count(units, 'Israeli UAV')} delivered ({models}; "
        f"{fmt.tiv(tiv)}), {fmt.percent(share, 0)} of Azerbaijan's UAV imports."
    )
    return ClaimResult(
        verdict, finding, ev.source("arms_deliveries"), {"units": units, "share": share}
    )


def _deals_like(ev: Evidence, pattern: str, last_order_year: int) -> pd.DataFrame:
    register = arms.deals(PAPER_PARTNER, PAPER_COUNTRY, data=ev.table("arms_transfers"))
    described = (
        register["description"].astype("string").str.contains(pattern, case=False, regex=True)
    )
    register = register[described.fillna(False).astype(bool)]
    return register[(register["order_year"] <= last_order_year).fillna(False).astype(bool)]


def _deal_check(ev: Evidence, pattern: str, what: str) -> ClaimResult:
    """Rule (SIPRI register, ordered by 2014): at least one delivered -> supported; ordered but
    not delivered -> partly supported; none -> contradicted (SIPRI covers these weapons)."""
    rows = _deals_like(ev, pattern, PAPER_YEAR)
    delivered = rows[(rows["number_delivered"].fillna(0) > 0).astype(bool)]
    if rows.empty:
        return ClaimResult(
            CONTRADICTED,
            f"SIPRI records no {what} ordered from Israel by Azerbaijan by {PAPER_YEAR}.",
            ev.source("arms_transfers"),
        )
    listed = "; ".join(
        f"{int(r['number_delivered']) if pd.notna(r['number_delivered']) else 0} "
        f"{r['designation']} (ordered {r['order_year']}, delivered "
        f"{r['delivery_years'] if pd.notna(r['delivery_years']) else 'not yet'})"
        for _, r in rows.iterrows()
    )
    finding = f"{fmt.count(len(rows), 'deal')} ordered by {PAPER_YEAR}: {listed}."
    return ClaimResult(
        SUPPORTED if not delivered.empty else PARTLY,
        finding,
        ev.source("arms_transfers"),
        {"deals": len(rows), "delivered_deals": len(delivered)},
    )


def check_armoured_carriers(ev: Evidence) -> ClaimResult:
    """Rule: see `_deal_check` (armoured personnel carriers)."""
    return _deal_check(ev, r"\bAPC\b|armoured personnel carrier", "armoured personnel carriers")


def check_rocket_launchers(ev: Evidence) -> ClaimResult:
    """Rule: see `_deal_check` (multiple rocket launchers)."""
    return _deal_check(ev, r"multiple rocket launcher|\bMRL\b", "multiple rocket launchers")


def check_tavor_rifles(ev: Evidence) -> ClaimResult:
    """Always outside these data: SIPRI excludes small arms."""
    deals = arms.deals(PAPER_PARTNER, PAPER_COUNTRY, data=ev.table("arms_transfers"))
    n = len(ev.until_end(deals, "order_year"))
    return ClaimResult(
        OUTSIDE,
        f"None of SIPRI's {fmt.count(n, 'Israeli deal')} with Azerbaijan is for rifles: SIPRI "
        "excludes small arms.",
        ev.source("arms_transfers"),
        {"deals": n},
    )


def check_ammunition(ev: Evidence) -> ClaimResult:
    """Always outside these data: SIPRI excludes ammunition (guided missiles are counted)."""
    missiles = ev.until_end(_deals_like(ev, r"missile", 9999), "order_year")
    return ClaimResult(
        OUTSIDE,
        f"SIPRI excludes ammunition (it lists "
        f"{fmt.count(len(missiles), 'Israeli guided-missile deal')} with Azerbaijan, a separate "
        "category).",
        ev.source("arms_transfers"),
        {"missile_deals": len(missiles)},
    )


def check_trade_expansion(ev: Evidence) -> ClaimResult:
    """Rule (IMF DOTS two-way trade, mean of the years after the paper against 2010-2014):
    two-way trade up -> supported; down, but Israel's exports to Azerbaijan up -> partly
    supported; both down -> not borne out by these data (a claim of potential is not refuted by
    a fall); no later years -> outside these data. A latest year far outside the five before it
    is flagged (the anomaly rule of the data-as-of table)."""
    start, end = BEFORE
    flows = _mirror_flows(ev, start, ev.latest())
    flows = flows[flows["turnover"].notna()]
    before = flows[flows["year"].between(start, end)]
    after = flows[flows["year"] > end]
    if before.empty or after.empty:
        return _outside("DOTS has no two-way trade figures for both periods.", ev, "trade")
    # An outlying last year is left out of the mean, as the key judgement and the summary do.
    flag = recency.anomaly(flows.set_index("year")["turnover"])
    if flag is not None and len(after) > 1:
        after = after[after["year"] != flag.year]
    b, a = float(before["turnover"].mean()), float(after["turnover"].mean())
    ratio = a / b if b else float("nan")
    isr_b = float(before["b_to_a"].mean())
    isr_a = float(after["b_to_a"].mean())
    if ratio >= 1:
        verdict = SUPPORTED
    elif isr_a > isr_b:
        verdict = PARTLY
    else:
        verdict = NOT_BORNE_OUT
    last = int(after["year"].max())  # the outlier left out, the window ends before it
    finding = (
        f"Two-way trade: {fmt.money_usd(a)} a year in {fmt.span(end + 1, last)}, "
        f"{fmt.money_usd(b)} in {fmt.span(start, end)} ({fmt.percent(ratio - 1, 0, signed=True)});"
        f" Israel's exports: {fmt.money_usd(isr_b)}, then {fmt.money_usd(isr_a)}."
    )
    if flag is not None:
        finding += (
            f" {fmt.year(flag.year)}, the last year of the IMF data, is an outlier left out of "
            f"that mean: {fmt.money_usd(flag.value)}, "
            f"{'below' if flag.direction == 'low' else 'above'} every year of "
            f"{fmt.span(flag.first, flag.last)} ({fmt.percent(abs(flag.change), 0)} "
            f"{'under' if flag.direction == 'low' else 'over'} their median)."
        )
    return ClaimResult(verdict, finding, ev.source("trade"), {"ratio": ratio})


def check_lobbying(ev: Evidence) -> ClaimResult:
    """Always outside these data: lobbying is not recorded."""
    return _outside("No dataset here records lobbying; not testable with these data.", ev)


def check_stronger_ties(ev: Evidence) -> ClaimResult:
    """Rule: three signs after the paper: (a) two or more high-level visits, (b) Azerbaijan
    opens an embassy in Israel, (c) Israel's share of Azerbaijan's arms imports in 2015-2019
    above 2010-2014. Two or three -> supported; one -> partly supported; none -> contradicted.
    The finding also gives the share from 2020 to the latest year, so a later fall is not left
    out."""
    pair = _events(ev, PAPER_PARTNER, PAPER_COUNTRY)
    later = pair[(pair["date"] > PAPER_DATE).fillna(False).astype(bool)]
    visits = later[(later["category"] == "diplomatic_visit").fillna(False).astype(bool)]
    embassy = _matching(later, r"embassy")
    embassy = _matching(embassy, r"Azerbaijan")
    embassy = embassy[
        _text(embassy).str.contains(r"in (?:Tel Aviv|Israel)", regex=True).fillna(False)
    ]
    before = _supplier_place(ev, PAPER_PARTNER, PAPER_COUNTRY, *BEFORE)
    after = _supplier_place(ev, PAPER_PARTNER, PAPER_COUNTRY, 2015, 2019)
    signs = int(len(visits) >= 2) + int(not embassy.empty) + int(after["share"] > before["share"])
    verdict = SUPPORTED if signs >= 2 else PARTLY if signs == 1 else CONTRADICTED
    embassy_text = (
        f"Azerbaijan's embassy in Israel: {fmt.date(embassy.iloc[-1]['date'])}"
        if not embassy.empty
        else "no Azerbaijani embassy in Israel recorded"
    )
    moved = "rose" if after["share"] > before["share"] else "went"
    finding = (
        f"After the paper: {fmt.count(len(visits), 'high-level visit')}; {embassy_text}; "
        f"Israel's share of Azerbaijan's arms imports {moved} from "
        f"{fmt.percent(before['share'], 0)} ({fmt.span(*BEFORE)}) to "
        f"{fmt.percent(after['share'], 0)} ({fmt.span(2015, 2019)})"
    )
    latest = ev.latest()
    if latest >= 2020:
        recent = _supplier_place(ev, PAPER_PARTNER, PAPER_COUNTRY, 2020, latest)
        finding += f", and was {fmt.percent(recent['share'], 0)} in {fmt.span(2020, latest)}"
    finding += "."
    return ClaimResult(verdict, finding, ev.source("events", "arms_deliveries"), {"signs": signs})
