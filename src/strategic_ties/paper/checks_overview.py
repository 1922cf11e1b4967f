"""Claim checks for the paper's opening overview (ties, visits, Turkey)."""

from __future__ import annotations

import pandas as pd

from strategic_ties.analysis import alignment
from strategic_ties.paper import PAPER_COUNTRY, PAPER_DATE, PAPER_PARTNER, PAPER_YEAR
from strategic_ties.paper.evidence import (
    BEFORE,
    CONTRADICTED,
    OUTSIDE,
    PARTLY,
    SUPPORTED,
    ClaimResult,
    Evidence,
    _between,
    _event_phrase,
    _events,
    _matching,
    _num,
    _opposed_disputes,
    _outside,
    _pct,
    _rank_text,
    _supplier_place,
    _visit_check,
    hostile_events,
)


def check_israel_main_supplier(ev: Evidence) -> ClaimResult:
    """Rule (SIPRI TIV, 2010-2014): Israel ranked 1-3 with >= 10% of Azerbaijan's imports ->
    supported; ranked 4-5 or >= 5% -> partly supported; otherwise contradicted."""
    start, end = BEFORE
    place = _supplier_place(ev, PAPER_PARTNER, PAPER_COUNTRY, start, end)
    rank, share = place["rank"], place["share"]
    if rank is not None and rank <= 3 and share >= 0.10:
        verdict = SUPPORTED
    elif rank is not None and (rank <= 5 or share >= 0.05):
        verdict = PARTLY
    else:
        verdict = CONTRADICTED
    finding = (
        f"In {start}-{end} Israel delivered {_num(place['tiv'])} TIV m, {_pct(share)} of "
        f"Azerbaijan's imports of major arms ({_rank_text(place)} of {place['suppliers']}; "
        f"{place['top']} {_pct(place['top_share'])})."
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
            f" Israeli orders placed in {start}-{end} brought {_num(value)} TIV m in all, "
            f"{_pct(later / value)} of it delivered after {end}."
        )
        place = {**place, "orders_tiv": value, "orders_tiv_after": later}
    return ClaimResult(verdict, finding, ev.source("arms_deliveries"), place)


def agreement_with_all(votes: pd.DataFrame, iso3: str, start: int, end: int) -> pd.Series:
    """Pooled UNGA vote agreement of `iso3` with every other state over start..end (index ISO3),
    scored as in `alignment.score_votes` (1 same vote, 0.5 one abstains, 0 opposed)."""
    rows = votes[votes["year"].between(start, end).fillna(False).astype(bool)]
    rows = rows[rows["vote"].astype("string").str.lower().isin(alignment.VOTES).fillna(False)]
    rows = rows[["rcid", "iso3", "vote"]].dropna(subset=["iso3"])
    mine = rows[rows["iso3"] == iso3].drop_duplicates("rcid")[["rcid", "vote"]]
    others = rows[rows["iso3"] != iso3]
    both = others.merge(mine, on="rcid", suffixes=("", "_own"))
    if both.empty:
        return pd.Series(dtype="float64")
    both = both.assign(score=alignment.score_votes(both["vote"], both["vote_own"]).to_numpy())
    return both.groupby(both["iso3"].astype(str))["score"].mean()


def check_close_relations_un_votes(ev: Evidence) -> ClaimResult:
    """Rule (UNGA votes 2004-2014): Israel-Azerbaijan agreement at or above the median of
    Israel's agreement with every other state voting -> supported; below -> partly supported
    (the bilateral ties are close, UN voting does not show it); no votes -> outside."""
    start, end = 2004, PAPER_YEAR
    scores = agreement_with_all(ev.table("unga_votes"), PAPER_PARTNER, start, end)
    if PAPER_COUNTRY not in scores.index:
        return _outside(
            "No UN General Assembly votes of both states in 2004-2014.", ev, "unga_votes"
        )
    pair = float(scores[PAPER_COUNTRY])
    others = scores.drop(PAPER_COUNTRY)
    median = float(others.median()) if not others.empty else None
    verdict = SUPPORTED if median is None or pair >= median else PARTLY
    finding = (
        f"Israel and Azerbaijan voted alike on {_pct(pair)} of UN General Assembly roll calls "
        f"in {start}-{end}"
    )
    if median is not None:
        above = int((others > pair).sum())
        finding += (
            f", against a median of {_pct(median)} for Israel with the {len(others)} other "
            f"states voting; {above} of them agreed with Israel more often."
        )
    else:
        finding += "."
    return ClaimResult(
        verdict, finding, ev.source("unga_votes"), {"agreement": pair, "median": median}
    )


def check_iran_azerbaijan_strained(ev: Evidence) -> ClaimResult:
    """Rule (to October 2014): at least one Iran-Azerbaijan militarised dispute (COW MID) and at
    least two hostile events in the timeline -> supported; one of the two -> partly supported;
    neither -> contradicted (MID covers every militarised dispute to 2014)."""
    disputes = _opposed_disputes(ev, "IRN", "AZE", last_year=PAPER_YEAR)
    hostile = _between(hostile_events(_events(ev, "IRN", "AZE")), "1991-01-01", PAPER_DATE)
    n_mid, n_events = len(disputes), len(hostile)
    if n_mid >= 1 and n_events >= 2:
        verdict = SUPPORTED
    elif n_mid >= 1 or n_events >= 2:
        verdict = PARTLY
    else:
        verdict = CONTRADICTED
    years = ", ".join(str(y) for y in sorted(disputes["start_year"])) or "none"
    finding = (
        f"COW records {n_mid} militarised disputes between Iran and Azerbaijan by 2014 "
        f"(starting {years}); the timeline holds {n_events} hostile Iran-Azerbaijan events "
        f"before October 2014."
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
    one -> partly supported; none -> outside these data (the timeline is curated)."""
    pair = _between(_events(ev, "ISR", "TUR"), "2009-01-01", PAPER_DATE)
    rifts = hostile_events(pair)
    thaws = pair[~pair.index.isin(rifts.index)]
    n = len(rifts)
    verdict = SUPPORTED if n >= 2 else PARTLY if n == 1 else OUTSIDE
    listed = "; ".join(_event_phrase(r) for _, r in rifts.iterrows()) or "none"
    finding = (
        f"The timeline records {n} Israel-Turkey crises or downgrades from 2009 to the paper "
        f"({listed}) and {len(thaws)} step{'s' if len(thaws) != 1 else ''} towards a thaw."
    )
    return ClaimResult(verdict, finding, ev.source("events"), {"rifts": n, "thaws": len(thaws)})


def check_turkey_azerbaijan_ally(ev: Evidence) -> ClaimResult:
    """Rule: an Azerbaijan-Turkey alliance or mutual-assistance treaty dated before the paper,
    with Turkey among Azerbaijan's three largest arms suppliers in 2010-2014 or voting with it
    at the UN at least as often as the median state (2004-2014) -> supported; the treaty alone,
    or a treaty only after the paper -> partly supported; no treaty -> outside these data."""
    pair = _events(ev, "AZE", "TUR")
    pacts = pair[(pair["category"] == "agreement").fillna(False).astype(bool)]
    pacts = _matching(pacts, r"treaty|alliance|allied|mutual assistance")
    before = _between(pacts, "1991-01-01", PAPER_DATE)
    arms_place = _supplier_place(ev, "TUR", PAPER_COUNTRY, *BEFORE)
    scores = agreement_with_all(ev.table("unga_votes"), PAPER_COUNTRY, 2004, PAPER_YEAR)
    context = (
        f" Turkey supplied {_pct(arms_place['share'])} of Azerbaijan's arms imports in 2010-2014"
    )
    if "TUR" in scores.index:
        context += (
            f"; Azerbaijan voted with Turkey on {_pct(scores['TUR'])} of UN roll calls in "
            f"2004-2014 (median with all states {_pct(scores.median())})"
        )
    context += "."
    if pacts.empty:
        return ClaimResult(
            OUTSIDE,
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
