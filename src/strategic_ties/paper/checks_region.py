"""Claim checks for the sections on threats from Russia and on Nagorno-Karabakh."""

from __future__ import annotations

import re

import pandas as pd

from strategic_ties.analysis import alignment, trade
from strategic_ties.paper import PAPER_COUNTRY, PAPER_DATE, PAPER_YEAR
from strategic_ties.paper.evidence import (
    BEFORE,
    CONTRADICTED,
    OUTSIDE,
    PARTLY,
    SUPPORTED,
    ClaimResult,
    Evidence,
    _between,
    _date,
    _event_phrase,
    _events,
    _matching,
    _num,
    _outside,
    _pct,
    _rank_text,
    _supplier_place,
    hostile_events,
)


def check_center_2011(ev: Evidence) -> ClaimResult:
    """Rule: a Russian exercise dated 2011 naming Center-2011 -> partly supported (the data
    record its size, not the paper's ranking 'largest since 2002' or 'dozens of vessels');
    none -> outside these data."""
    rows = _events(ev, "RUS")
    rows = rows[(rows["category"] == "military_exercise").fillna(False).astype(bool)]
    rows = _matching(rows[(rows["year"] == 2011).fillna(False).astype(bool)], r"Cent(?:er|re)-2011")
    if rows.empty:
        return _outside("The timeline records no Center-2011 exercise.", ev, "events")
    row = rows.iloc[0]
    people = re.search(r"([\d,]+)\s+[\w ]*personnel", str(row["description"]))
    size = f"; it records about {people.group(1)} personnel" if people else ""
    finding = (
        f"The exercise is dated {_date(row['date'])}{size}. The paper's 'largest since 2002' "
        "and 'dozens of vessels' are not corroborated by the data."
    )
    return ClaimResult(PARTLY, finding, ev.source("events"))


def check_caspian_exercise_2014(ev: Evidence) -> ClaimResult:
    """Rule: a Russian exercise dated April 2014 -> supported; none -> outside these data (a
    curated timeline's silence is not evidence against it)."""
    rows = _events(ev, "RUS")
    rows = rows[(rows["category"] == "military_exercise").fillna(False).astype(bool)]
    rows = _between(rows, "2014-04-01", "2014-04-30")
    if rows.empty:
        return _outside(
            "The timeline has no corroborated record of it, which neither confirms nor refutes it.",
            ev,
            "events",
        )
    return ClaimResult(
        SUPPORTED, f"The timeline records {_event_phrase(rows.iloc[0])}.", ev.source("events")
    )


def check_russia_backs_armenia(ev: Evidence) -> ClaimResult:
    """Rule (SIPRI TIV, 2010-2014): Russia >= 50% of Armenia's imports and < 25% of
    Azerbaijan's -> supported; >= 50% of Armenia's but also >= 25% of Azerbaijan's -> partly
    supported (Russia armed both sides); 25-50% of Armenia's -> partly supported; below 25% of
    Armenia's -> contradicted."""
    start, end = BEFORE
    arm = _supplier_place(ev, "RUS", "ARM", start, end)
    aze = _supplier_place(ev, "RUS", "AZE", start, end)
    if arm["share"] >= 0.5 and aze["share"] < 0.25:
        verdict = SUPPORTED
    elif arm["share"] >= 0.25:
        verdict = PARTLY
    else:
        verdict = CONTRADICTED
    finding = (
        f"In {start}-{end} Russia supplied {_pct(arm['share'])} of Armenia's imports of major arms "
        f"and {_pct(aze['share'])} of Azerbaijan's ({_num(aze['tiv'])} TIV m against "
        f"{_num(arm['tiv'])} for Armenia): it armed both sides."
        if aze["share"] >= 0.25
        else f"In {start}-{end} Russia supplied {_pct(arm['share'])} of Armenia's imports of major "
        f"arms and {_pct(aze['share'])} of Azerbaijan's."
    )
    return ClaimResult(
        verdict,
        finding,
        ev.source("arms_deliveries"),
        {"armenia_share": arm["share"], "azerbaijan_share": aze["share"]},
    )


def check_russia_iran_strained(ev: Evidence) -> ClaimResult:
    """Rule: signs of closeness are (a) Russia is Iran's largest arms supplier in 2000-2014
    (SIPRI) and (b) Russia-Iran UN vote agreement exceeds Russia-Israel agreement (2000-2014).
    Both -> contradicted; one -> partly supported; neither -> supported."""
    place = _supplier_place(ev, "RUS", "IRN", 2000, PAPER_YEAR)
    votes = ev.table("unga_votes")
    iran = alignment.pooled_agreement(
        alignment.vote_agreement("RUS", "IRN", 2000, PAPER_YEAR, data=votes)
    )
    israel = alignment.pooled_agreement(
        alignment.vote_agreement("RUS", "ISR", 2000, PAPER_YEAR, data=votes)
    )
    top = place["rank"] == 1
    closer = iran is not None and israel is not None and iran > israel
    signs = int(top) + int(closer)
    verdict = CONTRADICTED if signs == 2 else PARTLY if signs == 1 else SUPPORTED
    finding = (
        f"Russia supplied {_pct(place['share'])} of Iran's imports of major arms in 2000-{PAPER_YEAR} "
        f"({_rank_text(place)}); Russia voted with Iran on {_pct(iran)} of UN roll calls against "
        f"{_pct(israel)} with Israel."
    )
    return ClaimResult(
        verdict,
        finding,
        ev.source("arms_deliveries", "unga_votes"),
        {
            "share": place["share"],
            "rank": place["rank"],
            "agree_iran": iran,
            "agree_israel": israel,
        },
    )


def check_russia_backs_syria(ev: Evidence) -> ClaimResult:
    """Rule (SIPRI TIV, 2010-2014): Russia the largest supplier of Syria's arms imports ->
    supported; ranked 2-3 -> partly supported; lower or absent -> contradicted."""
    start, end = BEFORE
    place = _supplier_place(ev, "RUS", "SYR", start, end)
    rank = place["rank"]
    verdict = SUPPORTED if rank == 1 else PARTLY if rank in (2, 3) else CONTRADICTED
    finding = (
        f"In {start}-{end} Russia supplied {_num(place['tiv'])} TIV m, {_pct(place['share'])} of "
        f"the Syrian government's imports of major arms ({_rank_text(place)})."
    )
    return ClaimResult(verdict, finding, ev.source("arms_deliveries"), place)


def check_iran_reaction_to_strikes(ev: Evidence) -> ClaimResult:
    """Rule: after the first Israeli or US attack on Iran after the paper, an Iranian hostile
    act against Azerbaijan within 183 days -> supported; none -> contradicted (within the
    timeline's coverage); no such attack recorded -> outside these data."""
    events = ev.table("events")
    attacks = pd.concat([_events(ev, "ISR", "IRN"), _events(ev, "USA", "IRN")])
    attacks = attacks[(attacks["category"] == "war_or_clash").fillna(False).astype(bool)]
    attacks = attacks[(attacks["date"] > PAPER_DATE).fillna(False).astype(bool)].sort_values("date")
    if attacks.empty:
        return _outside("No Israeli or US attack on Iran after 2014 is recorded.", ev, "events")
    attack = attacks.iloc[0]
    window_end = attack["date"] + pd.Timedelta(days=183)
    after = hostile_events(_events(ev, "IRN", "AZE"))
    after = after[after["event_id"] != attack["event_id"]]
    after = _between(after, attack["date"], window_end)
    covered = int((min(events["date"].max(), window_end) - attack["date"]).days)
    if not after.empty:
        return ClaimResult(
            SUPPORTED,
            f"Within six months of {_event_phrase(attack)} the timeline records "
            f"{len(after)} hostile Iranian acts against Azerbaijan.",
            ev.source("events"),
            {"hostile": len(after)},
        )
    finding = (
        f"After the attack on Iran recorded as '{attack['title']}' ({_date(attack['date'])}), "
        "the timeline records no hostile Iranian act against "
        f"Azerbaijan in the {covered} days it covers."
    )
    return ClaimResult(
        CONTRADICTED, finding, ev.source("events"), {"hostile": 0, "days_covered": covered}
    )


def check_russia_caspian_stance(ev: Evidence) -> ClaimResult:
    """Always outside these data: stated positions on the Caspian division are not recorded."""
    return _outside(
        "No dataset here records positions on the Caspian division; not testable here.",
        ev,
    )


def _karabakh_deaths(ev: Evidence) -> pd.DataFrame:
    """UCDP battle deaths per year in the Azerbaijan-Nagorno-Karabakh conflict: year, best."""
    deaths = ev.table("battle_deaths")
    territory = deaths["territory_name"].astype("string").fillna("")
    mask = territory.str.contains("Karabakh|Artsakh", case=False, regex=True).fillna(False)
    mask &= deaths["primary_iso3"].astype("string").fillna("").str.contains(PAPER_COUNTRY)
    rows = deaths[mask.astype(bool)]
    return (
        rows.assign(year=rows["year"].astype(int), best=rows["best"].fillna(0).astype(int))
        .groupby("year", as_index=False)["best"]
        .sum()
    )


def check_defeat_1994(ev: Evidence) -> ClaimResult:
    """Rule: war-level fighting (>= 1,000 battle deaths in a year of 1992-1994) ended by a 1994
    ceasefire -> partly supported (who won is not coded in these data); war-level fighting
    without a 1994 ceasefire -> partly supported; no war-level year -> contradicted."""
    deaths = _karabakh_deaths(ev)
    war = deaths[deaths["year"].between(1992, 1994)]
    total = int(war["best"].sum())
    after = int(deaths.loc[deaths["year"] == 1995, "best"].sum())
    truce = _events(ev, "AZE", "ARM")
    truce = truce[(truce["category"] == "ceasefire_or_peace").fillna(False).astype(bool)]
    truce = truce[(truce["year"] == 1994).fillna(False).astype(bool)]
    if war.empty or war["best"].max() < 1000:
        return ClaimResult(
            CONTRADICTED,
            f"UCDP records {total:,} battle deaths in 1992-1994, below war level in every year.",
            ev.source("battle_deaths", "events"),
        )
    cease = (
        f"; a ceasefire took effect on {_date(truce.iloc[0]['date'])}" if not truce.empty else ""
    )
    finding = (
        f"UCDP counts {total:,} battle deaths in 1992-1994 and {after:,} in 1995{cease}. "
        "The data confirm the war's end in 1994, not its military outcome."
    )
    return ClaimResult(
        PARTLY, finding, ev.source("battle_deaths", "events"), {"deaths_1992_1994": total}
    )


def check_no_reconciliation(ev: Evidence) -> ClaimResult:
    """Rule: battle deaths after 2014 and no peace step (treaty, declaration) -> supported;
    fighting after 2014 followed by a peace step -> partly supported; no fighting after 2014
    -> contradicted."""
    deaths = _karabakh_deaths(ev)
    later = deaths[deaths["year"] > PAPER_YEAR]
    total = int(later["best"].sum())
    peace = _events(ev, "AZE", "ARM")
    peace = peace[(peace["category"] == "ceasefire_or_peace").fillna(False).astype(bool)]
    peace = _matching(
        peace[(peace["date"] > PAPER_DATE).fillna(False).astype(bool)],
        r"\btreaty\b|\bpeace\b|declaration",
    )
    verdict = CONTRADICTED if total == 0 else PARTLY if not peace.empty else SUPPORTED
    peak = later.loc[later["best"].idxmax()] if not later.empty else None
    finding = f"UCDP counts {total:,} battle deaths in {PAPER_YEAR + 1}-{int(later['year'].max()) if not later.empty else 'latest'}"
    if peak is not None:
        finding += f" (peak {int(peak['year'])}: {int(peak['best']):,})"
    finding += (
        f"; later, {len(peace)} peace steps ({'; '.join(_event_phrase(r) for _, r in peace.iterrows())})."
        if not peace.empty
        else "; the timeline records no peace treaty step."
    )
    return ClaimResult(
        verdict,
        finding,
        ev.source("battle_deaths", "events"),
        {"deaths_after": total, "peace_steps": len(peace)},
    )


def check_armenia_iran_partner(ev: Evidence) -> ClaimResult:
    """Rule (IMF DOTS, Armenia's reports, 2010-2014): Iran's best mean rank among Armenia's
    export or import partners <= 5 -> supported; <= 10 -> partly supported; worse ->
    contradicted; no reports -> outside these data."""
    start, end = BEFORE
    means = {}
    for flow in ("exports", "imports"):
        ranks = trade.partner_ranks("ARM", "IRN", flow, start, end, data=ev.table("trade"))
        if not ranks.empty and ranks["rank"].notna().any():
            means[flow] = (float(ranks["rank"].dropna().mean()), float(ranks["share_pct"].mean()))
    if not means:
        return _outside("Armenia reported no trade by partner in 2010-2014.", ev, "trade")
    flow, (rank, share) = min(means.items(), key=lambda kv: kv[1][0])
    verdict = SUPPORTED if rank <= 5 else PARTLY if rank <= 10 else CONTRADICTED
    finding = (
        f"In {start}-{end} Iran's average rank among Armenia's {flow[:-1]} partners was {rank:.1f} "
        f"({share:.1f}% of the flow)."
    )
    return ClaimResult(verdict, finding, ev.source("trade"), {"flow": flow, "mean_rank": rank})


def check_armenia_loophole(ev: Evidence) -> ClaimResult:
    """Always outside these data: SIPRI records declared or verified transfers, not illicit
    ones; the count of recorded Armenia -> Iran deals is given for context."""
    register = ev.table("arms_transfers")
    n = int(
        ((register["supplier_iso3"] == "ARM") & (register["recipient_iso3"] == "IRN"))
        .fillna(False)
        .sum()
    )
    return ClaimResult(
        OUTSIDE,
        f"SIPRI lists {n} deals from Armenia to Iran; prohibited or illicit transfers are outside its coverage.",
        ev.source("arms_transfers"),
        {"deals": n},
    )
