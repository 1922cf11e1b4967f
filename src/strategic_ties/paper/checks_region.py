"""Claim checks for the sections on threats from Russia and on Nagorno-Karabakh."""

from __future__ import annotations

import re

import pandas as pd

from strategic_ties import fmt
from strategic_ties.analysis import alignment, bilateral_findings, threats, trade
from strategic_ties.paper import PAPER_COUNTRY, PAPER_DATE, PAPER_YEAR
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
    _not_borne_out,
    _opposed_disputes,
    _outside,
    _rank_text,
    _supplier_place,
    hostile_events,
)


def check_center_2011(ev: Evidence) -> ClaimResult:
    """Rule: a Russian exercise dated 2011 naming Center-2011 -> partly supported (the data
    record its size, not the paper's ranking 'largest since 2002' or 'dozens of vessels');
    none -> not borne out by these data."""
    rows = _events(ev, "RUS")
    rows = rows[(rows["category"] == "military_exercise").fillna(False).astype(bool)]
    rows = _matching(rows[(rows["year"] == 2011).fillna(False).astype(bool)], r"Cent(?:er|re)-2011")
    if rows.empty:
        return _not_borne_out("The timeline records no Center-2011 exercise.", ev, "events")
    row = rows.iloc[0]
    people = re.search(r"([\d,]+)\s+[\w ]*personnel", str(row["description"]))
    size = f"; it records about {people.group(1)} personnel" if people else ""
    finding = (
        f"The exercise is dated {fmt.date(row['date'])}{size}. The paper's 'largest since 2002' "
        "and 'dozens of vessels' are not corroborated by the data."
    )
    return ClaimResult(PARTLY, finding, ev.source("events"))


def check_caspian_exercise_2014(ev: Evidence) -> ClaimResult:
    """Rule: a Russian exercise dated April 2014 -> supported; none -> not borne out by these data (a
    curated timeline's silence is not evidence against it)."""
    rows = _events(ev, "RUS")
    rows = rows[(rows["category"] == "military_exercise").fillna(False).astype(bool)]
    rows = _between(rows, "2014-04-01", "2014-04-30")
    if rows.empty:
        return _not_borne_out(
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
        f"In {fmt.span(start, end)} Russia supplied {fmt.percent(arm['share'], 0)} of Armenia's "
        f"imports of major arms and {fmt.percent(aze['share'], 0)} of Azerbaijan's "
        f"({fmt.tiv(aze['tiv'])} against {fmt.tiv(arm['tiv'])} for Armenia): it armed both sides."
        if aze["share"] >= 0.25
        else f"In {fmt.span(start, end)} Russia supplied {fmt.percent(arm['share'], 0)} of Armenia's "
        f"imports of major arms and {fmt.percent(aze['share'], 0)} of Azerbaijan's."
    )
    return ClaimResult(
        verdict,
        finding,
        ev.source("arms_deliveries"),
        {"armenia_share": arm["share"], "azerbaijan_share": aze["share"]},
    )


def check_russia_iran_strained(ev: Evidence) -> ClaimResult:
    """Rule (the decade before the paper, 2005 to October 2014; the claim is in the present
    tense): signs of tension are militarised disputes with Russia and Iran on opposite sides
    (COW MID) and hostile Russia-Iran events in the timeline. A dispute, or two
    or more hostile events -> supported; one hostile event -> partly supported; none -> not
    borne out by these data. Arms supplies and UN votes are given for context only: they
    measure alignment, not tension."""
    disputes = _opposed_disputes(ev, "RUS", "IRN", last_year=PAPER_YEAR, first_year=PAPER_YEAR - 9)
    since = pd.Timestamp(year=PAPER_YEAR - 9, month=1, day=1)
    hostile = _between(hostile_events(_events(ev, "RUS", "IRN")), since, PAPER_DATE)
    n_mid, n_events = len(disputes), len(hostile)
    if n_mid >= 1 or n_events >= 2:
        verdict = SUPPORTED
    elif n_events == 1:
        verdict = PARTLY
    else:
        verdict = NOT_BORNE_OUT
    place = _supplier_place(ev, "RUS", "IRN", 2000, PAPER_YEAR)
    iran = alignment.pooled_agreement(ev.pair_agreement("RUS", "IRN", 2000, PAPER_YEAR))
    israel = alignment.pooled_agreement(ev.pair_agreement("RUS", "ISR", 2000, PAPER_YEAR))
    finding = (
        f"COW records {fmt.count(n_mid, 'militarised dispute')} between Russia and Iran in "
        f"{fmt.span(PAPER_YEAR - 9, PAPER_YEAR)}, and the timeline "
        f"{fmt.count(n_events, 'hostile Russia-Iran event')} in those years. For context, "
        f"the alignment measures show closeness: Russia supplied {fmt.percent(place['share'], 0)} "
        f"of Iran's imports of major arms in {fmt.span(2000, PAPER_YEAR)} ({_rank_text(place)}) "
        f"and its UN vote-agreement index with Iran was {fmt.number(iran, 2)}, against "
        f"{fmt.number(israel, 2)} with Israel (1 = always the same vote)."
    )
    return ClaimResult(
        verdict,
        finding,
        ev.source("mids", "events", "arms_deliveries", "unga_votes"),
        {
            "disputes": n_mid,
            "hostile_events": n_events,
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
        f"In {fmt.span(start, end)} Russia supplied {fmt.tiv(place['tiv'])}, "
        f"{fmt.percent(place['share'], 0)} of the Syrian government's imports of major arms ({_rank_text(place)})."
    )
    return ClaimResult(verdict, finding, ev.source("arms_deliveries"), place)


def _after_window(ev: Evidence, a: str, b: str, category: str) -> pd.DataFrame:
    """The pair's timeline events of `category` dated after the report's last year (none when
    the evidence has no end year): named in findings, never counted."""
    if ev.end_year is None:
        return ev.table("events").iloc[0:0]
    pair = bilateral_findings.pair_events(a, b, data=ev.table("events"))
    later = pair[(pair["year"] > ev.end_year).fillna(False).astype(bool)]
    return later[(later["category"] == category).fillna(False).astype(bool)]


def _window_note(later: pd.DataFrame, what: str) -> str:
    """' (…, dated YEAR, falls after the report's window)' for events after the end year."""
    if later.empty:
        return ""
    years = fmt.years(later["year"].dropna())
    verb = "falls" if len(later) == 1 else "fall"
    return f" ({fmt.count(len(later), what)}, dated {years}, {verb} after the report's window)"


def check_iran_reaction_to_strikes(ev: Evidence) -> ClaimResult:
    """Rule (events to the report's last year): after the first Israeli or US attack on Iran
    after the paper, an Iranian hostile act against Azerbaijan within 183 days -> supported;
    none -> not borne out by these data (a curated timeline's silence is no refutation, and the
    window may run past the timeline's last date or the report's last year); no such attack
    recorded by then -> outside these data."""
    attacks = pd.concat([_events(ev, "ISR", "IRN"), _events(ev, "USA", "IRN")])
    attacks = attacks[(attacks["category"] == "war_or_clash").fillna(False).astype(bool)]
    attacks = attacks[(attacks["date"] > PAPER_DATE).fillna(False).astype(bool)].sort_values("date")
    if attacks.empty:
        if ev.end_year is None:
            return _outside(
                f"No Israeli or US attack on Iran after {PAPER_YEAR} is recorded.", ev, "events"
            )
        later = pd.concat(
            [_after_window(ev, who, "IRN", "war_or_clash") for who in ("ISR", "USA")]
        ).drop_duplicates("event_id")
        # The timeline is compiled by hand: its silence does not show that no attack happened.
        conflicts = ev.table("conflicts")
        isr, usa = (
            threats.armed_clashes("IRN", who, PAPER_YEAR + 1, ev.end_year, data=conflicts)
            for who in ("ISR", "USA")
        )
        ucdp = ""
        if len(isr):
            ucdp = f" UCDP/PRIO lists an armed conflict between Iran and Israel in {fmt.years(isr['year'])}"
            if len(usa):
                ucdp += f", the United States fighting on Israel's side in {fmt.years(usa['year'])}"
        elif len(usa):
            ucdp = f" UCDP/PRIO lists armed conflict between Iran and the United States in {fmt.years(usa['year'])}"
        if ucdp:
            ucdp += ", without recording what was struck."
        return _outside(
            f"The timeline, compiled by hand, records no Israeli or US attack on Iran from the "
            f"paper to the end of {fmt.year(ev.end_year)}{_window_note(later, 'later attack')}; "
            f"whether the claim's condition arose by then is outside these data.{ucdp}",
            ev,
            "events",
            *(["conflicts"] if ucdp else []),
        )
    attack = attacks.iloc[0]
    window_end = attack["date"] + pd.Timedelta(days=183)
    after = hostile_events(_events(ev, "IRN", "AZE"))
    after = after[after["event_id"] != attack["event_id"]]
    after = _between(after, attack["date"], window_end)
    last = min(d for d in (ev.table("events")["date"].max(), ev.last_day(), window_end) if d)
    covered = int((last - attack["date"]).days)
    if not after.empty:
        return ClaimResult(
            SUPPORTED,
            f"Within six months of {_event_phrase(attack)} the timeline records "
            f"{fmt.count(len(after), 'hostile Iranian act')} against Azerbaijan.",
            ev.source("events"),
            {"hostile": len(after)},
        )
    finding = (
        f"After the attack on Iran recorded as '{attack['title']}' ({fmt.date(attack['date'])}), "
        "the timeline records no hostile Iranian act against "
        f"Azerbaijan in the {fmt.count(covered, 'day')} it covers"
        + (" of the 183-day window." if covered < 183 else ".")
    )
    return ClaimResult(
        NOT_BORNE_OUT, finding, ev.source("events"), {"hostile": 0, "days_covered": covered}
    )


def check_russia_caspian_stance(ev: Evidence) -> ClaimResult:
    """Always outside these data: stated positions on the Caspian division are not recorded."""
    return _outside(
        "No dataset here records positions on the Caspian division; not testable here.",
        ev,
    )


def _karabakh_deaths(ev: Evidence) -> pd.DataFrame:
    """UCDP battle deaths per year in the Azerbaijan-Nagorno-Karabakh conflict, up to the
    report's last year: year, best."""
    deaths = ev.until_end(ev.table("battle_deaths"))
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
            f"UCDP records {fmt.count(total, 'battle death')} in {fmt.span(1992, 1994)}, below "
            "war level in every year.",
            ev.source("battle_deaths", "events"),
        )
    cease = (
        f"; a ceasefire took effect on {fmt.date(truce.iloc[0]['date'])}" if not truce.empty else ""
    )
    # UCDP lists a conflict-year only from 25 deaths: no row is "under 25", not zero
    in_1995 = fmt.number(after) if after else "none it records (under its 25-death threshold)"
    finding = (
        f"UCDP counts {fmt.count(total, 'battle death')} in {fmt.span(1992, 1994)} and "
        f"{in_1995} in 1995{cease}. "
        "The data confirm the war's end in 1994, not its military outcome. UCDP counts only "
        "deaths it can verify, far fewer than the totals commonly cited for this war."
    )
    return ClaimResult(
        PARTLY, finding, ev.source("battle_deaths", "events"), {"deaths_1992_1994": total}
    )


PEACE_STEP = r"\btreaty\b|\bpeace\b|declaration"


def check_no_reconciliation(ev: Evidence) -> ClaimResult:
    """Rule (to the report's last year): battle deaths after 2014 and no peace step (treaty,
    declaration) -> supported; fighting after 2014 followed by a peace step -> partly
    supported; no fighting after 2014 -> contradicted."""
    deaths = _karabakh_deaths(ev)
    later = deaths[deaths["year"] > PAPER_YEAR]
    total = int(later["best"].sum())
    peace = _events(ev, "AZE", "ARM")
    peace = peace[(peace["category"] == "ceasefire_or_peace").fillna(False).astype(bool)]
    peace = _matching(
        peace[(peace["date"] > PAPER_DATE).fillna(False).astype(bool)],
        PEACE_STEP,
    )
    verdict = CONTRADICTED if total == 0 else PARTLY if not peace.empty else SUPPORTED
    peak = later.loc[later["best"].idxmax()] if not later.empty else None
    period = (
        fmt.span(PAPER_YEAR + 1, later["year"].max()) if not later.empty else f"after {PAPER_YEAR}"
    )
    finding = f"UCDP counts {fmt.count(total, 'battle death')} in {period}"
    if peak is not None:
        finding += f" (peak {fmt.year(peak['year'])}: {fmt.number(peak['best'])})"
    steps = "; ".join(_event_phrase(r) for _, r in peace.iterrows())
    finding += (
        f"; later, {fmt.count(len(peace), 'peace step')} ({steps})."
        if not peace.empty
        else "; the timeline records no peace treaty step"
        + (f" to the end of {fmt.year(ev.end_year)}" if ev.end_year is not None else "")
        + _window_note(
            _matching(_after_window(ev, "AZE", "ARM", "ceasefire_or_peace"), PEACE_STEP),
            "later step",
        )
        + "."
    )
    return ClaimResult(
        verdict,
        finding,
        ev.source("battle_deaths", "events"),
        {"deaths_after": total, "peace_steps": len(peace)},
    )


def check_armenia_iran_partner(ev: Evidence) -> ClaimResult:
    """Rule (Iran's side, 2010-2014 for trade, 2004-2014 for UN votes): Armenia among Iran's ten
    largest trading partners (Iran's reports, mean rank, either flow) or in the top quarter of
    the states voting with Iran at the UN General Assembly -> supported; among the top twenty
    in trade or above the median in votes -> partly supported; lower on both -> contradicted;
    no data on Iran's side -> outside these data. Iran's rank in Armenia's trade is context."""
    start, end = BEFORE
    table = ev.trade  # None: partner_ranks loads only the reporter's rows
    ranks: dict[str, float] = {}
    for flow in ("exports", "imports"):
        found = trade.partner_ranks("IRN", "ARM", flow, start, end, data=table)
        if not found.empty and found["rank"].notna().any():
            ranks[flow] = float(found["rank"].dropna().mean())
    scores = ev.agreement("IRN", 2004, PAPER_YEAR)
    vote_place = int((scores > scores["ARM"]).sum()) + 1 if "ARM" in scores.index else None
    if not ranks and vote_place is None:
        return _outside(
            f"Neither Iran's trade reports nor UN votes cover {fmt.span(start, end)}.", ev, "trade"
        )
    best_trade = min(ranks.values()) if ranks else None
    quarter = len(scores) / 4
    if (best_trade is not None and best_trade <= 10) or (
        vote_place is not None and vote_place <= quarter
    ):
        verdict = SUPPORTED
    elif (best_trade is not None and best_trade <= 20) or (
        vote_place is not None and vote_place <= len(scores) / 2
    ):
        verdict = PARTLY
    else:
        verdict = CONTRADICTED
    parts = [f"{flow[:-1]} partners {fmt.number(rank)}" for flow, rank in ranks.items()]
    finding = (
        f"On Iran's side, Armenia's average rank in {fmt.span(start, end)} among Iran's "
        + (" and ".join(parts) if parts else "trading partners: not reported")
        + "; "
        + (
            f"it ranked {fmt.number(vote_place)} of {fmt.count(len(scores), 'state')} by UN vote "
            f"agreement with Iran in {fmt.span(2004, PAPER_YEAR)}."
            if vote_place is not None
            else "no UN votes."
        )
    )
    own = trade.partner_ranks("ARM", "IRN", "exports", start, end, data=table)
    if not own.empty and own["rank"].notna().any():
        finding += (
            f" Seen from Armenia the tie is larger: Iran's average rank among Armenia's export "
            f"partners was {fmt.number(own['rank'].dropna().mean())}."
        )
    return ClaimResult(
        verdict,
        finding,
        ev.source("trade", "unga_votes"),
        {"trade_rank": best_trade, "vote_place": vote_place},
    )


def check_armenia_loophole(ev: Evidence) -> ClaimResult:
    """Always outside these data: SIPRI records declared or verified transfers, not illicit
    ones; the count of recorded Armenia -> Iran deals is given for context."""
    register = ev.until_end(ev.table("arms_transfers"), "order_year")
    n = int(
        ((register["supplier_iso3"] == "ARM") & (register["recipient_iso3"] == "IRN"))
        .fillna(False)
        .sum()
    )
    return ClaimResult(
        OUTSIDE,
        f"SIPRI lists {fmt.count(n, 'deal')} from Armenia to Iran; prohibited or illicit "
        "transfers are outside its coverage.",
        ev.source("arms_transfers"),
        {"deals": n},
    )
