"""Claim checks for the paper's section on threats from Iran."""

from __future__ import annotations

import re

import pandas as pd

from strategic_ties import fmt
from strategic_ties.paper import PAPER_COUNTRY, PAPER_DATE, PAPER_PARTNER, PAPER_YEAR
from strategic_ties.paper.evidence import (
    NOT_BORNE_OUT,
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
    _side_hostility,
)


def check_iran_recall_after_peres(ev: Evidence) -> ClaimResult:
    """Rule: an Iranian recall of its envoy within 31 days after the Peres visit -> supported;
    within a year -> partly supported; none (or no dated visit) -> not borne out by these data."""
    visits = _matching(_events(ev, PAPER_PARTNER, PAPER_COUNTRY), "Peres")
    visits = visits[visits["category"] == "diplomatic_visit"]
    if visits.empty:
        return _not_borne_out(
            "The timeline has no dated Peres visit to anchor the check.", ev, "events"
        )
    visit = visits.iloc[0]["date"]
    recalls = _matching(_events(ev, "IRN", "AZE"), r"envoy|ambassador")
    recalls = _matching(recalls, r"recall|home|withdr")
    recalls = _between(recalls, visit, visit + pd.Timedelta(days=365))
    if recalls.empty:
        return _not_borne_out(
            "The timeline records no Iranian recall of its envoy in the year after the visit.",
            ev,
            "events",
        )
    gap = int((recalls.iloc[0]["date"] - visit).days)
    verdict = SUPPORTED if gap <= 31 else PARTLY
    finding = (
        f"Iran recalled its envoy {fmt.count(gap, 'day')} after the visit began "
        f"({_event_phrase(recalls.iloc[0])})."
    )
    return ClaimResult(verdict, finding, ev.source("events"), {"days_after": gap})


def check_samadov_sentence_2011(ev: Evidence) -> ClaimResult:
    """Rule: a court sentence of Samadov dated October 2011 -> supported; dated otherwise ->
    partly supported; none -> not borne out by these data. The prison terms are read from the record."""
    rows = _matching(_events(ev, "AZE"), r"Samadov")
    rows = _matching(rows, r"sentenc|jailed|court|prison")
    if rows.empty:
        return _not_borne_out("The timeline records no sentence of Samadov.", ev, "events")
    row = rows.iloc[0]
    on_time = row["date"].year == 2011 and row["date"].month == 10
    terms = sorted({int(n) for n in re.findall(r"(\d+)\s*years?", str(row["description"]))})
    term_text = (
        f"; the record gives a term of {fmt.listing(map(fmt.number, terms))} years" if terms else ""
    )
    finding = (
        f"The timeline dates the sentence to {fmt.date(row['date'], row['date_precision'])}"
        f"{term_text}."
    )
    return ClaimResult(
        SUPPORTED if on_time else PARTLY,
        finding,
        ev.source("events"),
        {"date": row["date"].date().isoformat(), "terms": terms},
    )


def check_arrests_feb_2012(ev: Evidence) -> ClaimResult:
    """Rule: arrests in Azerbaijan dated February 2012 with a reported number of at least 24
    ('dozens') -> supported; arrests that month with a smaller or no number -> partly
    supported; none -> not borne out by these data."""
    rows = _events(ev, "AZE")
    rows = rows[rows["category"].isin(["terrorism_or_plot", "domestic_security"]).fillna(False)]
    rows = _between(rows, "2012-02-01", "2012-02-29")
    rows = _matching(rows, r"detain|arrest|held")
    if rows.empty:
        return _not_borne_out(
            "The timeline records no arrests in Azerbaijan in February 2012.", ev, "events"
        )
    numbers = [
        int(n)
        for text in rows["description"].astype(str)
        for n in re.findall(r"\b(\d{1,4})\b", text)
    ]
    largest = max(numbers) if numbers else None
    verdict = SUPPORTED if largest is not None and largest >= 24 else PARTLY
    count = f"the largest number reported is {largest}" if largest else "no number is reported"
    finding = (
        f"The timeline records {fmt.count(len(rows), 'arrest event')} in February 2012 "
        f"({'; '.join(_event_phrase(r) for _, r in rows.iterrows())}); {count}, and no "
        f"location near Baku is recorded."
    )
    return ClaimResult(verdict, finding, ev.source("events"), {"largest_number": largest})


def check_firouzabadi_threat(ev: Evidence) -> ClaimResult:
    """Rule: the threat dated within 92 days after Samadov's arrest -> supported; later ->
    partly supported (the threat is real, the timing is not); either missing -> not borne out by these data."""
    aze = _events(ev, "AZE")
    arrest = _matching(_matching(aze, "Samadov"), r"detain|arrest")
    threat = _matching(_events(ev, "IRN", "AZE"), "Firouzabadi")
    if arrest.empty or threat.empty:
        return _not_borne_out("The timeline lacks the arrest or the threat.", ev, "events")
    gap = int((threat.iloc[0]["date"] - arrest.iloc[0]["date"]).days)
    verdict = SUPPORTED if 0 <= gap <= 92 else PARTLY
    finding = (
        f"The threat is dated {fmt.date(threat.iloc[0]['date'])}, {fmt.count(gap, 'day')} "
        f"(about {fmt.count(round(gap / 30.4), 'month')}) after the arrest on "
        f"{fmt.date(arrest.iloc[0]['date'])}."
    )
    return ClaimResult(verdict, finding, ev.source("events"), {"days_after_arrest": gap})


def check_plots_foiled_2012(ev: Evidence) -> ClaimResult:
    """Rule: at least one plot against Israeli targets foiled in Azerbaijan, January-April 2012
    -> supported; none -> not borne out by these data."""
    rows = _events(ev, PAPER_COUNTRY, PAPER_PARTNER)
    rows = _between(rows[rows["category"] == "terrorism_or_plot"], "2012-01-01", "2012-04-30")
    if rows.empty:
        return _not_borne_out("The timeline records no foiled plot in early 2012.", ev, "events")
    listed = "; ".join(_event_phrase(r) for _, r in rows.iterrows())
    finding = (
        f"The timeline records {fmt.count(len(rows), 'foiled plot')} against Israeli targets in "
        f"Baku in January{fmt.EN_DASH}April 2012: {listed}."
    )
    return ClaimResult(SUPPORTED, finding, ev.source("events"), {"plots": len(rows)})


def check_iran_undermining(ev: Evidence) -> ClaimResult:
    """Rule (to October 2014): two or more Iran-linked plots or security cases in Azerbaijan ->
    supported; one -> partly supported; none -> not borne out by these data."""
    rows = _events(ev, "AZE", "IRN")
    rows = rows[rows["category"].isin(["terrorism_or_plot", "domestic_security"]).fillna(False)]
    rows = _between(rows, "1991-01-01", PAPER_DATE)
    n = len(rows)
    verdict = SUPPORTED if n >= 2 else PARTLY if n == 1 else NOT_BORNE_OUT
    years = ", ".join(fmt.year(y) for y in rows["year"].dropna().astype(int)) or "none"
    cases = fmt.count(n, "Iran-linked plot or security case", "Iran-linked plots or security cases")
    finding = (
        f"The timeline holds {cases} in Azerbaijan before the "
        f"paper (years {years}); these are allegations by Azerbaijani authorities, not court findings."
    )
    return ClaimResult(verdict, finding, ev.source("events"), {"cases": n})


def check_iran_threatens(ev: Evidence) -> ClaimResult:
    """Rule (COW MID v5, to 2014): three or more disputes Iran started against Azerbaijan ->
    supported (persistent); one or two -> partly supported; none -> not borne out by these data
    (threats need not be militarised). The hostility level reported is Iran's own (CoW codes
    it per side), not the dispute's highest."""
    disputes = _opposed_disputes(ev, "IRN", "AZE", last_year=PAPER_YEAR)
    iran_started = disputes[disputes["a_side_a"]]
    n = len(iran_started)
    verdict = SUPPORTED if n >= 3 else PARTLY if n >= 1 else NOT_BORNE_OUT
    years = ", ".join(fmt.year(y) for y in sorted(iran_started["start_year"])) or "none"
    own = _side_hostility(ev, iran_started["dispnum"], "IRN") if n else None
    other = _side_hostility(ev, iran_started["dispnum"], "AZE") if n else None
    finding = (
        f"COW records {fmt.count(n, 'militarised dispute')} on Iran's initiative against "
        f"Azerbaijan by {PAPER_YEAR} (starting {years})"
    )
    if own is not None:
        finding += f"; Iran's own highest hostility level in them was {own} of 5"
        if other is not None and other > own:
            finding += f" (Azerbaijan's reached {other})"
    finding += "."
    return ClaimResult(
        verdict,
        finding,
        ev.source("mids"),
        {"disputes": n, "max_hostility": own, "other_side_hostility": other},
    )


def check_israeli_presence_reports(ev: Evidence) -> ClaimResult:
    """Rule: at least one published report or Iranian protest about Israeli use of Azerbaijani
    territory before the paper -> supported (the claim is about the reports, not their truth);
    none -> not borne out by these data."""
    rows = _events(ev, PAPER_PARTNER, PAPER_COUNTRY, "IRN")
    rows = _matching(rows, r"airfield|airbase|agents|presence|Mossad|territory")
    rows = _between(rows, "1991-01-01", PAPER_DATE)
    if rows.empty:
        return _not_borne_out(
            "The timeline records no such reports before the paper.", ev, "events"
        )
    listed = "; ".join(_event_phrase(r) for _, r in rows.iterrows())
    finding = (
        f"The timeline records "
        f"{fmt.count(len(rows), 'such report or protest', 'such reports or protests')} before "
        f"the paper ({listed}); "
        "the presence itself is not established by these data."
    )
    return ClaimResult(SUPPORTED, finding, ev.source("events"), {"reports": len(rows)})


def check_sunni_militancy(ev: Evidence) -> ClaimResult:
    """Rule: Islamist-militancy events before the paper or GTD terrorist incidents in Azerbaijan
    in 2000-2014 -> partly supported (the data do not attribute them to al-Qaeda or Dagestan);
    neither -> not borne out by these data."""
    events = ev.table("events")
    islamist = events[(events["theme"] == "threat_islamist").fillna(False).astype(bool)]
    islamist = _between(islamist, "1991-01-01", PAPER_DATE)
    terror = ev.table("terrorism")
    aze = terror[(terror["iso3"] == PAPER_COUNTRY).fillna(False).astype(bool)]
    aze = aze[aze["year"].between(2000, PAPER_YEAR).fillna(False).astype(bool)]
    incidents = float(aze["incidents"].fillna(0).sum())
    deaths = float(aze["fatalities"].fillna(0).sum())
    if islamist.empty and incidents == 0:
        return _not_borne_out(
            "Neither the timeline nor the GTD records such incidents.", ev, "events", "terrorism"
        )
    last = int(aze["year"].max()) if not aze.empty else None
    finding = (
        f"The timeline holds {fmt.count(len(islamist), 'Islamist-militancy event')} in "
        f"Azerbaijan before the paper; the GTD counts {fmt.count(incidents, 'terrorist incident')}"
        f" and {fmt.count(deaths, 'death')} in Azerbaijan in {fmt.span(2000, last or PAPER_YEAR)}."
        " Neither source ties them to al-Qaeda or Dagestan."
    )
    return ClaimResult(
        PARTLY,
        finding,
        ev.source("events", "terrorism"),
        {"events": len(islamist), "incidents": incidents, "deaths": deaths},
    )
