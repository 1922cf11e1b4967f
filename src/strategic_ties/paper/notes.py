"""Sentences of the sections that belong to the source paper's pair only (Israel-Azerbaijan)."""

from __future__ import annotations

TIMELINE_STARS = (
    "Stars mark the events that the source paper (Murinson, *The Ties between Israel and "
    "Azerbaijan*, BESA Center, 2014, executive summary) names."
)
MIDDLE_EAST_VOTES = (
    'Votes on the Palestinian conflict (the dataset\'s "Middle East" issue) are a large share of '
    "the agenda and set Israel apart from most states, Azerbaijan included; the second line of "
    "each pair leaves them out."
)
