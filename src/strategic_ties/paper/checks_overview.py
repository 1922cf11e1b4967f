"""Claim checks for the paper's opening overview (ties, visits, Turkey)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from strategic_ties import fmt
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
    _between,
    _event_phrase,
    _events,
    _matching,
    _opposed_disputes,
    _rank_text,
    _supplier_place,
    _visit_check,
    hostile_events,
)


def _order_shares(ev: Evidence, recipient: str, start: int, end: int) -> pd.Series:
    """Each supplier's share of the TIV (delivered to date) of the deals `recipient` ordered in
    start..end, largest first (index: supplier ISO3)."""
    deliveries = ev.table("arms_deliveries")
    ordered = deliveries[
        (deliveries["recipient_iso3"] == recipient).fillna(False)
        & deliveries["order_year"].between(start, end).fillna(False)
    ]
    totals = ordered.groupby(ordered["supplier_iso3"].astype(str))["tiv"].sum()
    total = float(totals.sum())
    return (totals / total).sort_values(ascending=False) if total > 0 else totals


def check_israel_main_supplier(ev: Evidence) -> ClaimResult:
    """Rule (SIPRI TIV, 2010-2014): Israel among Azerbaijan's three largest suppliers with >= 10%
    either of the arms delivered or of the arms ordered in those years (orders are delivered
    over several years) -> supported; a supplier by either measure but smaller -> partly
    supported; neither deliveries nor orders -> contradicted."""
    start, end = BEFORE
    place = _supplier_place(ev, PAPER_PARTNER, PAPER_COUNTRY, start, end)
    rank, share = place["rank"], place["share"]
    orders = _order_shares(ev, PAPER_COUNTRY, start, end)
    order_share = float(orders.get(PAPER_PARTNER, 0.0))
    order_rank = list(orders.index).index(PAPER_PARTNER) + 1 if order_share > 0 else None
    major = (rank is not None and rank <= 3 and share >= 0.10) or (
        order_rank is not None and order_rank <= 3 and order_share >= 0.10
    )
    if major:
        verdict = SUPPORTED
    elif rank is not None or order_rank is not None:
        verdict = PARTLY
    else:
        verdict = CONTRADICTED
    finding = (
        f"In {fmt.span(start, end)} Israel delivered {fmt.tiv(place['tiv'])}, {fmt.percent(share, 0)} "
        f"of Azerbaijan's imports of major arms ({_rank_text(place)} of {place['suppliers']}; "
        f"{place['top']} {fmt.percent(place['top_share'], 0)})."
    )
    deliveries = ev.table("arms_deliveries")
    ordered = deliveries[
        (deliveries["supplier_iso3"] == PAPER_PARTNER).fillna(False)
        & (deliveries["recipient_iso3"] == PAPER_COUNTRY).fillna(False)
        & deliveries["order_year"].between(start, end).fillna(False)
    ]
    value = float(ordered["tiv"].fillna(0).sum())
    if value > 0:
        later = float(ordered.loc[(ordered["year"] > end).fillna(False), "tiv"].fillna(0).sum())
        finding += (
            f" Israeli orders placed in {fmt.span(start, end)} brought {fmt.tiv(value)} in all "
            f"({fmt.percent(order_share, 0)} of Azerbaijan's orders of those years, rank "
            f"{order_rank}), {fmt.percent(later / value, 0)} of it delivered after {end}."
        )
        place = {**place, "orders_tiv": value, "orders_tiv_after": later}
    place = {**place, "order_share": order_share, "order_rank": order_rank}
    return ClaimResult(verdict, finding, ev.source("arms_deliveries"), place)


HIGH_LEVEL = (
    r"\b(?:President|Prime Minister|PM|Foreign Minister|FM|Defen[cs]e Minister|Netanyahu|Peres)\b"
)


def check_close_relations(ev: Evidence) -> ClaimResult:
    """Rule (events timeline, to October 2014): two or more high-level Israel-Azerbaijan visits
    -> supported; one -> partly supported; none -> not borne out by these data. UN General
    Assembly votes (2004-2014) are given for context only: they measure alignment on the
    assembly's agenda, not working relations."""
    pair = _between(_events(ev, PAPER_PARTNER, PAPER_COUNTRY), "1991-01-01", PAPER_DATE)
    visits = pair[(pair["category"] == "diplomatic_visit").fillna(False).astype(bool)]
    visits = _matching(visits, HIGH_LEVEL)
    n = len(visits)
    verdict = SUPPORTED if n >= 2 else PARTLY if n == 1 else NOT_BORNE_OUT
    listed = "; ".join(_event_phrase(r) for _, r in visits.iterrows()) or "none"
    finding = (
        f"The timeline records {fmt.count(n, 'high-level visit')} before the paper ({listed})."
    )
    scores = ev.agreement(PAPER_PARTNER, 2004, PAPER_YEAR)
    values: dict[str, Any] = {"visits": n}
    if PAPER_COUNTRY in scores.index:
        pair_score = float(scores[PAPER_COUNTRY])
        median = float(scores.drop(PAPER_COUNTRY).median())
        finding += (
            f" For context, Azerbaijan's UN General Assembly vote-agreement index with Israel was "
            f"{fmt.number(pair_score, 2)} in {fmt.span(2004, PAPER_YEAR)} (median state "
            f"{fmt.number(median, 2)}; 1 = always the same vote): on the "
            "assembly's agenda it votes with most states, not with Israel."
        )
        values.update(agreement=pair_score, median=median)
    return ClaimResult(verdict, finding, ev.source("events", "unga_votes"), values)


def check_iran_azerbaijan_strained(ev: Evidence) -> ClaimResult:
    """Rule (to October 2014): at least one Iran-Azerbaijan militarised dispute (COW MID) and at
    least two hostile events in the timeline -> supported; one of the two -> partly supported;
    neither -> not borne out by these data (strain need not be militarised or recorded)."""
    disputes = _opposed_disputes(ev, "IRN", "AZE", last_year=PAPER_YEAR)
    hostile = _between(hostile_events(_events(ev, "IRN", "AZE")), "1991-01-01", PAPER_DATE)
    n_mid, n_events = len(disputes), len(hostile)
    if n_mid >= 1 and n_events >= 2:
        verdict = SUPPORTED
    elif n_mid >= 1 or n_events >= 2:
        verdict = PARTLY
    else:
        verdict = NOT_BORNE_OUT
    years = ", ".join(fmt.year(y) for y in sorted(disputes["start_year"])) or "none"
    finding = (
        f"COW records {fmt.count(n_mid, 'militarised dispute')} between Iran and Azerbaijan by "
        f"{PAPER_YEAR} (starting {years}); the timeline holds "
        f"{fmt.count(n_events, 'hostile Iran-Azerbaijan event')} before "
        f"{fmt.date(PAPER_DATE, 'month')}."
    )
    return ClaimResult(
        verdict, finding, ev.source("mids", "events"), {"disputes": n_mid, "events": n_events}
    )


def check_peres_visit_2009(ev: Evidence) -> ClaimResult:
    """Rule: see `_visit_check` (Peres, 2009). The delegation's size is not coded in the data."""
    result = _visit_check(ev, "Peres", 2009, None)
    if result.verdict == OUTSIDE:
        return result
    return ClaimResult(
        result.verdict,
        result.finding + " The size of the delegation is not part of the data.",
        result.source,
        result.values,
    )


def check_lieberman_visit_2012(ev: Evidence) -> ClaimResult:
    """Rule: see `_visit_check` (Lieberman, April 2012)."""
    return _visit_check(ev, "Lieberman", 2012, 4)


def check_mammadyarov_visit_2013(ev: Evidence) -> ClaimResult:
    """Rule: see `_visit_check` (Mammadyarov, April 2013)."""
    return _visit_check(ev, "Mammadyarov", 2013, 4)


def check_turkey_israel_rift(ev: Evidence) -> ClaimResult:
    """Rule (2009 to October 2014): two or more Israel-Turkey crises or downgrades -> supported;
    one -> partly supported; none -> not borne out by these data (the timeline is curated)."""
    pair = _between(_events(ev, "ISR", "TUR"), "2009-01-01", PAPER_DATE)
    rifts = hostile_events(pair)
    thaws = pair[~pair.index.isin(rifts.index)]
    n = len(rifts)
    verdict = SUPPORTED if n >= 2 else PARTLY if n == 1 else NOT_BORNE_OUT
    listed = "; ".join(_event_phrase(r) for _, r in rifts.iterrows()) or "none"
    finding = (
        f"The timeline records "
        f"{fmt.count(n, 'Israel-Turkey crisis or downgrade', 'Israel-Turkey crises or downgrades')}"
        f" from 2009 to the paper ({listed}) and {fmt.count(len(thaws), 'step')} towards a thaw."
    )
    return ClaimResult(verdict, finding, ev.source("events"), {"rifts": n, "thaws": len(thaws)})


def check_turkey_azerbaijan_ally(ev: Evidence) -> ClaimResult:
    """Rule: an Azerbaijan-Turkey alliance or mutual-assistance treaty dated before the paper,
    with Turkey among Azerbaijan's three largest arms suppliers in 2010-2014 or voting with it
    at the UN at least as often as the median state (2004-2014) -> supported; the treaty alone,
    or a treaty only after the paper -> partly supported; no treaty -> not borne out by these
    data."""
    pair = _events(ev, "AZE", "TUR")
    pacts = pair[(pair["category"] == "agreement").fillna(False).astype(bool)]
    pacts = _matching(pacts, r"treaty|alliance|allied|mutual assistance")
    before = _between(pacts, "1991-01-01", PAPER_DATE)
    arms_place = _supplier_place(ev, "TUR", PAPER_COUNTRY, *BEFORE)
    scores = ev.agreement(PAPER_COUNTRY, 2004, PAPER_YEAR)
    context = (
        f" Turkey supplied {fmt.percent(arms_place['share'], 0)} of Azerbaijan's arms imports in "
        f"{fmt.span(*BEFORE)}"
    )
    if "TUR" in scores.index:
        context += (
            f"; Azerbaijan's UN vote-agreement index with Turkey was {fmt.number(scores['TUR'], 2)} "
            f"in {fmt.span(2004, PAPER_YEAR)} (median with all states "
            f"{fmt.number(scores.median(), 2)}; 1 = always the same vote)"
        )
    context += "."
    if pacts.empty:
        return ClaimResult(
            NOT_BORNE_OUT,
            "The timeline records no Azerbaijan-Turkey alliance treaty." + context,
            ev.source("events", "arms_deliveries", "unga_votes"),
        )
    first = (before if not before.empty else pacts).iloc[0]
    close = (arms_place["rank"] is not None and arms_place["rank"] <= 3) or (
        "TUR" in scores.index and scores["TUR"] >= scores.median()
    )
    finding = f"The timeline records {_event_phrase(first)}." + context
    return ClaimResult(
        SUPPORTED if not before.empty and close else PARTLY,
        finding,
        ev.source("events", "arms_deliveries", "unga_votes"),
        {"treaties_before": len(before), "turkey_arms_share": arms_place["share"]},
    )
