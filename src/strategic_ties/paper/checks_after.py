"""The project's own questions about developments after the paper (not the paper's claims)."""

from __future__ import annotations

import re

import pandas as pd

from strategic_ties import fmt
from strategic_ties.analysis import arms, energy
from strategic_ties.analysis.rivals import COOPERATIVE
from strategic_ties.paper import PAPER_COUNTRY, PAPER_DATE, PAPER_PARTNER, PAPER_YEAR
from strategic_ties.paper.checks_region import _karabakh_deaths
from strategic_ties.paper.evidence import (
    BEFORE,
    CONTRADICTED,
    NOT_BORNE_OUT,
    PARTLY,
    SUPPORTED,
    ClaimResult,
    Evidence,
    _event_phrase,
    _events,
    _matching,
    _mirror_flows,
    _outside,
    _rank_text,
    _supplier_place,
    _text,
    hostile_events,
)


def check_loitering_before_2016(ev: Evidence) -> ClaimResult:
    """Rule: Israeli loitering munitions delivered to Azerbaijan before 2016 (SIPRI) ->
    supported; only in 2016 -> partly supported (SIPRI gives years, not months: before or after
    the April fighting cannot be told); none by 2016 -> contradicted."""
    deliveries = ev.table("arms_deliveries")
    rows = deliveries[
        (deliveries["supplier_iso3"] == PAPER_PARTNER).fillna(False)
        & (deliveries["recipient_iso3"] == PAPER_COUNTRY).fillna(False)
        & deliveries["description"]
        .astype("string")
        .str.contains("loitering", case=False)
        .fillna(False)
        & (deliveries["year"] <= 2016).fillna(False)
    ]
    if rows.empty:
        return ClaimResult(
            CONTRADICTED,
            "SIPRI records no Israeli loitering munitions delivered to Azerbaijan by 2016.",
            ev.source("arms_deliveries"),
        )
    units = float(rows["number_delivered"].fillna(0).sum())
    models = ", ".join(sorted(set(rows["designation"].dropna().astype(str))))
    early = rows[(rows["year"] < 2016).fillna(False)]
    in_2016 = float(rows.loc[(rows["year"] == 2016).fillna(False), "number_delivered"].sum())
    parts = []
    if not early.empty:
        parts.append(
            f"{fmt.number(early['number_delivered'].fillna(0).sum())} in "
            f"{fmt.years(early['year'].dropna())}, before the April 2016 fighting"
        )
    if in_2016:
        parts.append(
            f"{fmt.number(in_2016)} in 2016, a year SIPRI does not divide into months: before "
            "or after April cannot be told"
        )
    finding = (
        f"SIPRI records {fmt.count(units, 'Israeli loitering munition')} ({models}, "
        f"{fmt.tiv(rows['tiv'].fillna(0).sum())}) delivered by 2016: {'; '.join(parts)}."
    )
    verdict = SUPPORTED if not early.empty else PARTLY
    return ClaimResult(verdict, finding, ev.source("arms_deliveries"), {"units": units})


def check_israel_top_before_2020(ev: Evidence) -> ClaimResult:
    """Rule (SIPRI TIV, 2016-2020): Israel ranked 1 -> supported; ranked 2-3 -> partly
    supported; lower or absent -> contradicted."""
    place = _supplier_place(ev, PAPER_PARTNER, PAPER_COUNTRY, 2016, 2020)
    rank = place["rank"]
    verdict = SUPPORTED if rank == 1 else PARTLY if rank in (2, 3) else CONTRADICTED
    finding = (
        f"In {fmt.span(2016, 2020)} Israel supplied {fmt.tiv(place['tiv'])}, "
        f"{fmt.percent(place['share'], 0)} of Azerbaijan's imports of major arms ({_rank_text(place)})."
    )
    return ClaimResult(verdict, finding, ev.source("arms_deliveries"), place)


def check_deliveries_2020(ev: Evidence) -> ClaimResult:
    """Rule: SIPRI deliveries from Israel dated 2020 -> supported; none in SIPRI but a recorded
    protest against Israeli deliveries during the war -> partly supported; neither ->
    contradicted."""
    year = arms.deliveries_by_year(
        PAPER_PARTNER, PAPER_COUNTRY, 2020, 2020, data=ev.table("arms_deliveries")
    )
    tiv = float(year["tiv"].sum())
    protest = _matching(_events(ev, "ARM", PAPER_PARTNER), r"deliver|weapon")
    protest = protest[(protest["year"] == 2020).fillna(False).astype(bool)]
    protest_text = f"; {_event_phrase(protest.iloc[0])}" if not protest.empty else ""
    if tiv > 0:
        verdict = SUPPORTED
    elif not protest.empty:
        verdict = PARTLY
    else:
        verdict = CONTRADICTED
    finding = (
        f"SIPRI dates {fmt.tiv(tiv)} of Israeli deliveries to Azerbaijan to 2020 "
        f"({fmt.count(year['deals'].sum(), 'deal')}){protest_text}."
    )
    return ClaimResult(verdict, finding, ev.source("arms_deliveries", "events"), {"tiv_2020": tiv})


def check_israel_top_after_2020(ev: Evidence) -> ClaimResult:
    """Rule (SIPRI TIV, 2021-latest): Israel ranked 1 -> supported; a supplier but lower ->
    partly supported; no Israeli deliveries recorded -> not borne out by these data (SIPRI's
    latest years are provisional and some transfers are undisclosed); a report ending before
    2021 -> outside these data."""
    latest = ev.latest()
    if latest < 2021:
        return _outside(
            f"The report ends in {fmt.year(latest)}, before the years asked about (from 2021).",
            ev,
            "arms_deliveries",
        )
    place = _supplier_place(ev, PAPER_PARTNER, PAPER_COUNTRY, 2021, latest)
    rank = place["rank"]
    verdict = SUPPORTED if rank == 1 else PARTLY if rank is not None else NOT_BORNE_OUT
    israel = (
        f"{fmt.tiv(place['tiv'])} of Israeli deliveries ({_rank_text(place)})"
        if rank is not None
        else "no Israeli deliveries"
    )
    top = (
        f"; {place['top']} supplied {fmt.percent(place['top_share'], 0)} of {fmt.tiv(place['total'])}"
        if place["top"] is not None
        else "; SIPRI records no deliveries to Azerbaijan from any supplier"
    )
    finding = (
        f"In {fmt.span(2021, latest)} SIPRI records {israel}{top}. Recent SIPRI years are "
        "provisional and may miss undisclosed transfers."
    )
    return ClaimResult(verdict, finding, ev.source("arms_deliveries"), place)


def check_russia_supplier_decline(ev: Evidence) -> ClaimResult:
    """Rule: Russia's share of Azerbaijan's imports in the latest five years below half its
    2010-2014 share -> supported; lower but not halved -> partly supported; not lower ->
    contradicted."""
    latest = ev.latest()
    before = _supplier_place(ev, "RUS", PAPER_COUNTRY, *BEFORE)
    after = _supplier_place(ev, "RUS", PAPER_COUNTRY, latest - 4, latest)
    if after["share"] < before["share"] / 2:
        verdict = SUPPORTED
    elif after["share"] < before["share"]:
        verdict = PARTLY
    else:
        verdict = CONTRADICTED
    finding = (
        f"Russia's share of Azerbaijan's imports of major arms went from "
        f"{fmt.percent(before['share'], 0)} in {fmt.span(*BEFORE)} to {fmt.percent(after['share'], 0)} "
        f"in {fmt.span(latest - 4, latest)}."
    )
    return ClaimResult(
        verdict,
        finding,
        ev.source("arms_deliveries"),
        {"share_before": before["share"], "share_after": after["share"]},
    )


def check_iran_tensions_after_2014(ev: Evidence) -> ClaimResult:
    """Rule (events after the paper, to the report's last year): three or more hostile
    Iran-Azerbaijan events -> supported; one or two -> partly supported; none -> not borne out
    by these data (the timeline is curated). Cooperative events (joint drills, reopenings) are
    counted for context."""
    pair = _events(ev, "IRN", "AZE")
    later = pair[(pair["date"] > PAPER_DATE).fillna(False).astype(bool)]
    hostile = hostile_events(later)
    cooperative = later[_text(later).str.contains(COOPERATIVE).fillna(False).astype(bool)]
    n = len(hostile)
    verdict = SUPPORTED if n >= 3 else PARTLY if n >= 1 else NOT_BORNE_OUT
    years = fmt.years(hostile["year"].dropna())
    coop_years = fmt.years(cooperative["year"].dropna())
    finding = (
        f"The timeline records {fmt.count(n, 'hostile Iran-Azerbaijan event')} after the paper "
        f"(in {years or 'no year'}) and "
        f"{fmt.count(len(cooperative), 'cooperative one')}"
        + (f" ({coop_years})." if coop_years else ".")
    )
    return ClaimResult(
        verdict, finding, ev.source("events"), {"hostile": n, "cooperative": len(cooperative)}
    )


def check_karabakh_reversal(ev: Evidence) -> ClaimResult:
    """Rule: a war-level year (>= 1,000 battle deaths) after 2014 and the UCDP conflict episode
    ended afterwards -> supported; one of the two -> partly supported; neither -> contradicted."""
    deaths = _karabakh_deaths(ev)
    later = deaths[deaths["year"] > PAPER_YEAR]
    war_years = later[later["best"] >= 1000]
    conflicts = ev.until_end(ev.table("conflicts"))
    territory = conflicts["territory_name"].astype("string").fillna("")
    ended = conflicts[
        territory.str.contains("Karabakh|Artsakh", case=False, regex=True).fillna(False)
        & conflicts["ep_end"].astype("boolean").fillna(False)
        & (conflicts["year"] > PAPER_YEAR).fillna(False)
    ]
    end_year = int(ended["year"].max()) if not ended.empty else None
    signs = int(not war_years.empty) + int(end_year is not None)
    verdict = SUPPORTED if signs == 2 else PARTLY if signs == 1 else CONTRADICTED
    wars = (
        ", ".join(f"{fmt.year(r.year)}: {fmt.number(r.best)}" for r in war_years.itertuples())
        or "none"
    )
    finding = f"UCDP war-level years after {PAPER_YEAR} (battle deaths): {wars}; " + (
        f"UCDP ends the conflict episode in {end_year}."
        if end_year
        else "no end of the conflict episode is recorded."
    )
    return ClaimResult(
        verdict, finding, ev.source("battle_deaths", "conflicts"), {"episode_end": end_year}
    )


def check_oil_after_2014(ev: Evidence) -> ClaimResult:
    """Rule (IMF DOTS, 2015 onwards): Azerbaijan reported exports to Israel in every year ->
    supported; in some years -> partly supported; in none -> contradicted. Press-quoted customs
    figures for later years are cited for context."""
    flows = _mirror_flows(ev, PAPER_YEAR + 1, ev.latest())
    exports = flows[["year", "a_exports_to_b"]].dropna()
    if flows.empty:
        return _outside("DOTS has no Azerbaijan-Israel figures after 2014.", ev, "trade")
    positive = exports[exports["a_exports_to_b"] > 0]
    years = len(flows)
    verdict = SUPPORTED if len(positive) == years else PARTLY if len(positive) else CONTRADICTED
    press = energy.oil_press_figures(PAPER_COUNTRY, PAPER_PARTNER, data=ev.table("oil_press"))
    if ev.end_year is not None:  # figures for periods after the report's last year left out
        press = press[[(energy.period_year(p) or 0) <= ev.end_year for p in press["period"]]]
    finding = (
        f"Azerbaijan reported exports to Israel in {len(positive)} of {years} years from "
        f"{fmt.year(flows['year'].min())} to {fmt.year(flows['year'].max())} (mean "
        f"{fmt.money_usd(positive['a_exports_to_b'].mean() if not positive.empty else 0)} a year); "
        f"{fmt.count(len(press), 'press-quoted customs figure')} cover shipments to Israel up to "
        f"{_press_last_year(press) or 'unknown'}."
    )
    return ClaimResult(
        verdict, finding, ev.source("trade", "oil_press"), {"years_with_exports": len(positive)}
    )


def _press_last_year(press: pd.DataFrame) -> int | None:
    years = [
        int(y) for text in press["period"].astype(str) for y in re.findall(r"(?:19|20)\d{2}", text)
    ]
    return max(years) if years else None
