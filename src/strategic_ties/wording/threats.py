"""Reader sentences of the threat picture. Numbers come from `strategic_ties.analysis`; this
module only puts them into words."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from strategic_ties import fmt
from strategic_ties.analysis import rivals as rivals_rule

# The kinds of timeline event counted as hostility of one state against another, as a reader
# meets them (the rule: `analysis.rivals.is_hostile`); every count of hostile events says this.
HOSTILE_KINDS = (
    "war, clash, crisis, threat, plot, a drill not held jointly or a downgrade of relations"
)


def _listing(names: Sequence[str]) -> str:
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def rivals_sentence(country: str, rivals: Sequence[str], start_year: int, from_data: bool) -> str:
    """One sentence on which rivals the section compares and how they were chosen."""
    if not from_data:
        return f"The rivals compared are the ones chosen for this report: {_listing(rivals)}."
    if not rivals:
        return (
            f"No state was on the opposite side of {fmt.the(country)} in a militarised dispute, an armed "
            f"conflict or a hostile event of the timeline since {start_year}, so no rival is "
            "compared."
        )
    return (
        f"The rivals compared, {_listing(rivals)}, were chosen from the data: the states most "
        f"often on the opposite side of {fmt.the(country)} in the last "
        f"{fmt.number(rivals_rule.RECENT_YEARS)} years the records cover, then since "
        f"{start_year}, counting each militarised "
        "interstate dispute (Correlates of War) and each year of armed conflict (UCDP/PRIO, as "
        "a primary or supporting party) once, with hostile events in the curated timeline "
        "breaking ties; the partner is never one of them. After the first, a state is compared "
        f"only with {fmt.number(rivals_rule.MIN_SCORE)} or more disputes and conflict-years, or at "
        f"least one conflict-year against {fmt.the(country)}."
    )


def no_conflict_sentence(country: str, start_year: int, end_year: int) -> str:
    """When UCDP records no conflict-year for the country, as either kind of party."""
    return (
        f"UCDP records no conflict-year with 25 or more battle-related deaths between "
        f"{start_year} and {end_year} in which {fmt.the(country)} fought, either as a primary party or "
        "as a secondary (supporting) party against a state."
    )


LISTED_YEARS = 4  # uncounted years named one by one up to this many


def secondary_note(
    country: str, conflicts: Sequence[str], uncounted: pd.DataFrame | None = None
) -> str:
    """Which conflicts count because the country fought in them as a supporting party, and the
    years of those conflicts that UCDP records without the country (`threats.uncounted_years`),
    which the counts above leave out."""
    text = (
        f"UCDP codes {fmt.the(country)} as a secondary (supporting) party, not a primary one, in "
        f"{fmt.listing(fmt.the(c) for c in conflicts)}; the years in which UCDP lists {fmt.the(country)} fighting a state "
        "there count above, and the conflict's deaths are counted whole."
    )
    if uncounted is not None and not uncounted.empty:
        listed = (
            uncounted["listed"].fillna(False).astype(bool)
            if "listed" in uncounted
            else pd.Series(False, index=uncounted.index)
        )
        for conflict, rows in uncounted[listed].groupby("conflict", sort=False):
            text += (
                f" In {fmt.years(rows['year'])}, UCDP lists {fmt.the(country)} as a supporting party "
                f"of {fmt.the(conflict)} with no state on the other side "
                f"({fmt.count(rows['best'].sum(), 'death')}): "
                "this section counts a supporting party's years only when a state fought on the "
                "other side, so those deaths are left out."
            )
        for conflict, rows in uncounted[~listed].groupby("conflict", sort=False):
            if len(rows) > LISTED_YEARS:  # many years: their span and total, not a list
                when = (
                    f"{fmt.count(len(rows), 'year')} between {fmt.year(rows['year'].min())} and "
                    f"{fmt.year(rows['year'].max())} ({fmt.count(rows['best'].sum(), 'death')} "
                    "in all)"
                )
            else:
                when = fmt.listing(
                    f"{fmt.year(r.year)} ({fmt.count(r.best, 'death')})" for r in rows.itertuples()
                )
            text += (
                f" UCDP records {fmt.the(conflict)} without {fmt.the(country)} among the parties in "
                f"{when}: those deaths are not counted here, so a briefing on the "
                "other side of that conflict gives a higher total for it."
            )
    return text


def uncounted_label(country: str, uncounted: pd.DataFrame) -> str:
    """The battle-deaths chart's key to its hatched years (`conflict.uncounted_years`): 'Not
    counted: UCDP lists the Nagorno-Karabakh conflict without Armenia (1994)'; '' for none."""
    if uncounted is None or uncounted.empty:
        return ""
    if "listed" in uncounted:  # only the years UCDP lists without the country
        uncounted = uncounted[~uncounted["listed"].fillna(False).astype(bool)]
        if uncounted.empty:
            return ""
    parts = [
        f"{fmt.the(conflict)} without {fmt.the(country)} "
        f"({fmt.listing(fmt.year(y) for y in rows['year'])})"
        for conflict, rows in uncounted.groupby("conflict", sort=False)
    ]
    return f"Not counted: UCDP lists {fmt.listing(parts)}"


def undercount_sentence(episodes: pd.DataFrame) -> str:
    """One sentence on why UCDP's counts for major wars sit below totals cited elsewhere (its
    own definition: verified battle-related deaths only), with each war-level episode's count.
    '' when no year reached war level."""
    if episodes.empty:
        return ""
    parts = []
    for conflict, group in episodes.groupby("conflict", sort=False):
        counts = [
            f"{fmt.number(r.best)} in {fmt.span(r.first, r.last)} (range "
            f"{fmt.number(r.low)}–{fmt.number(r.high)})"
            for r in group.itertuples()
        ]
        parts.append(f"{fmt.listing(counts)} in {fmt.the(conflict)}")
    return (
        "UCDP counts only battle-related deaths it can verify in its sources, year by year; "
        "deliberate killings of civilians and indirect deaths fall outside that count, so for "
        "wars its figures are conservative and often well below totals cited elsewhere. It "
        f"records {'; '.join(parts)}."
    )


def _times(n: int) -> str:
    """'none of them', '1 of them', '3 of them'."""
    return "none of them" if n == 0 else f"{fmt.number(n)} of them"


def rival_paragraph(country: str, profile: dict, start_year: int, end_year: int) -> str:
    """The sentences of one rival's section, built the same way for every rival, from
    `threats.rival_profile`."""
    rival, mids = profile["rival"], profile["mids"]
    mids_end = min(end_year, profile["mids_last"])
    sentences = []
    if mids["disputes"]:
        sentences.append(
            f"The Correlates of War data list {fmt.count(mids['disputes'], 'militarised dispute')} "
            f"between {fmt.the(country)} and {fmt.the(rival)} in {fmt.span(mids['first_year'], mids['last_year'])}"
            f" (the data end in {profile['mids_last']}). {fmt.capitalise(fmt.whose(rival))} own highest action was "
            f"{mids['rival_hostility']}, {fmt.whose(country)} {mids['country_hostility']}; {fmt.the(rival)} "
            f"used force in {_times(mids['rival_force'])}, {fmt.the(country)} in "
            f"{_times(mids['country_force'])}."
        )
    else:
        sentences.append(
            f"The Correlates of War data list no militarised dispute between {fmt.the(country)} and "
            f"{fmt.the(rival)} in {fmt.span(start_year, mids_end)} (the data end in {profile['mids_last']})."
        )
    years, wars = profile["clash_years"], profile["war_years"]
    if years:
        war_text = f", at war level (1,000+ deaths) in {fmt.years(wars)}" if wars else ""
        supporting = (
            ", each time both only as supporting parties of others, not fighting each other "
            "directly"
            if profile.get("clashes_supporting_only")
            else ""
        )
        sentences.append(
            f"UCDP/PRIO has the two on opposite sides of an armed conflict in "
            f"{fmt.count(len(years), 'year')} ({fmt.years(years)}){war_text}{supporting}."
        )
    else:
        sentences.append(
            f"UCDP/PRIO records no armed conflict with the two on opposite sides in "
            f"{fmt.span(start_year, min(end_year, profile['clash_last']))}."
        )
    distance = profile["distance"]
    if len(distance):
        last = distance.iloc[-1]
        sentences.append(
            f"In UN General Assembly votes the distance between their ideal points was "
            f"{fmt.number(last['distance'], 2)} in {int(last['year'])} (90% band "
            f"{fmt.number(last['low'], 2)}–{fmt.number(last['high'], 2)}; average since "
            f"{int(distance['year'].min())}: {fmt.number(distance['distance'].mean(), 2)})."
        )
    suppliers = profile["suppliers"]
    if len(suppliers):
        named = [
            f"{fmt.the(s.supplier)} ({fmt.percent(s.share, 0)})" for s in suppliers.itertuples()
        ]
        lead = (
            "main arms suppliers in {period} were"
            if len(named) > 1
            else "only arms supplier in {period} was"
        ).format(period=profile["supplier_period"])
        sentences.append(
            f"{fmt.capitalise(fmt.whose(rival))} {lead} "
            f"{fmt.listing(named)} (shares of its imports, SIPRI TIV)."
        )
    else:
        sentences.append(
            f"SIPRI records no major-arms imports by {fmt.the(rival)} in {profile['supplier_period']}."
        )
    if profile["events"]:
        sentences.append(
            f"The curated timeline records "
            f"{fmt.count(profile['events'], 'hostile event')} of one against the other "
            f"({HOSTILE_KINDS}) in {fmt.span(start_year, end_year)}."
        )
    return " ".join(sentences)
