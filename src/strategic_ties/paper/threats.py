"""The threat picture's material that belongs to the source paper's pair only: its framing of
the shared threats, and the timeline's plots, arrests and trials with the events the paper names
marked. Shown only when `strategic_ties.paper.is_paper_pair` holds."""

from __future__ import annotations

import pandas as pd

from strategic_ties.analysis import militancy

FRAMING = (
    "The source paper (Murinson, *The Ties between Israel and Azerbaijan*, BESA Center, 2014) "
    "grounds the strategic tie in threats the two states share: pressure from Iran, Russia's "
    "weight in the Caucasus, Islamist militancy and the Nagorno-Karabakh conflict. The sections "
    "below measure each of them with public data, to the latest year the data cover."
)
PAPER_MARK = " †"


def militancy_events(
    country: str, start_year: int, end_year: int | None, *, data: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The curated timeline's plots, attacks, arrests and trials involving the country."""
    return militancy.events(
        categories=militancy.MILITANCY_CATEGORIES,
        actors=[country],
        start_year=start_year,
        end_year=end_year,
        data=data,
    )


def militancy_table(rows: pd.DataFrame) -> pd.DataFrame:
    """`militancy_events` as a reader's table, events named in the source paper marked †."""
    return militancy.event_table(rows, mark=PAPER_MARK)
