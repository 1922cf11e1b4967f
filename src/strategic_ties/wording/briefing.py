"""Reader sentences of the briefing: the claim ledger and the "data as of" table."""

from __future__ import annotations

import pandas as pd

from strategic_ties import fmt
from strategic_ties.recency import STALE_YEARS, SmallBase

LEDGER_LEAD = (
    "The paper's statements, paraphrased, each tested by one rule (appendix); its forward-looking "
    "points are checked above. *Not borne out by these data*: the data could have shown it and "
    "do not, without evidence against it. *Outside these data*: the datasets cannot test it. "
    "Neither means the claim is false."
)
DEVELOPMENTS_LEAD = (
    "The paper stops in 2014. The questions below are this project's, not claims of the paper; "
    "they are answered from the data without a verdict."
)


def ledger_summary(counts: dict[str, int]) -> str:
    """One sentence on the ledger's verdict counts (keys: the five verdicts)."""
    total = sum(counts.values())
    return (
        f"of its {fmt.count(total, 'checked claim')}, {counts['supported']} are supported by the "
        f"data, {counts['partly supported']} partly supported, {counts['contradicted']} "
        f"contradicted, {counts['not borne out by these data']} not borne out by these data, and "
        f"{counts['outside these data']} lie outside these data."
    )


def data_as_of_lead(as_of: pd.DataFrame, end_year: int) -> str:
    """The sentence above the table: which series stop STALE_YEARS or more before end_year."""
    stale = as_of[as_of["dated"].astype(bool)]
    if stale.empty:
        return f"Every series reaches to within {STALE_YEARS - 1} years of {fmt.year(end_year)}."
    names = [f"{row.series} ({fmt.year(row.last_year)})" for row in stale.itertuples()]
    return (
        f"{fmt.count(len(stale), 'series', 'series')} end {STALE_YEARS} or more years before "
        f"{fmt.year(end_year)}: {fmt.listing(names)}. Numbers from them carry their year in the "
        "text."
    )


def data_as_of_display(as_of: pd.DataFrame) -> pd.DataFrame:
    """The `recency.data_as_of` frame as the briefing shows it."""
    note = [
        f"{fmt.count(int(row.years_short), 'year')} short" if row.years_short else ""
        for row in as_of.itertuples()
    ]
    return pd.DataFrame(
        {
            "Series": as_of["series"],
            "Years": [
                fmt.span(a, b) for a, b in zip(as_of["first_year"], as_of["last_year"], strict=True)
            ],
            "Last year": [fmt.year(y) for y in as_of["last_year"]],
            "Before the window's end": note,
            "Source": as_of["source"],
        }
    )


def small_base_note(
    flag: SmallBase | None, country: str, period: str, previous: str, partner: str, year: int | None
) -> str:
    """One sentence when a share is taken of a small total (''): the fall of the total and, when
    all of the partner's deliveries came in one year, that year."""
    if flag is None:
        return ""
    text = (
        f" That share is of a small total: {country}'s imports in {period} were "
        f"{fmt.percent(flag.fall, 0)} below those of {previous}"
    )
    if year is not None:
        text += f", and all of {partner}'s deliveries in {period} date from {fmt.year(year)}"
    return text + "."
