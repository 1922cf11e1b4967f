"""Reader sentences of the threat picture. Numbers come from `strategic_ties.analysis`; this
module only puts them into words."""

from __future__ import annotations

from collections.abc import Sequence


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
            f"No state was on the opposite side of {country} in a militarised dispute, an armed "
            f"conflict or a hostile event of the timeline since {start_year}, so no rival is "
            "compared."
        )
    return (
        f"The rivals compared, {_listing(rivals)}, were chosen from the data: the states most "
        f"often on the opposite side of {country} since {start_year}, counting each militarised "
        "interstate dispute (Correlates of War) and each year of armed conflict (UCDP/PRIO, as "
        "a primary or supporting party) once, with hostile events in the curated timeline "
        "breaking ties; the partner is never one of them."
    )
