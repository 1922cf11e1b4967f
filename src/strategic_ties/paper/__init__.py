"""Everything specific to the source paper: Murinson (2014) on Israel and Azerbaijan.

The generic package knows nothing about Israel-Azerbaijan; the paper's claims and their checks
(`strategic_ties.paper.claims`, listed in data/claims.yaml) and the paper-only notes of the
sections live here and are shown only when `is_paper_pair(partner, country)` holds.
"""

from __future__ import annotations

import pandas as pd

from strategic_ties import countries

PAPER_CITATION = (
    "Alexander Murinson, The Ties between Israel and Azerbaijan, Mideast Security and Policy "
    "Studies No. 110, BESA Center, Bar-Ilan University, October 2014 (executive summary)"
)
PAPER_PARTNER, PAPER_COUNTRY = "ISR", "AZE"
PAPER_DATE = pd.Timestamp("2014-10-01")
PAPER_YEAR = 2014


def is_paper_pair(partner_iso3: str, country_iso3: str) -> bool:
    """True when the pair is the paper's: Israel as partner, Azerbaijan as the country studied.

    Names or ISO3 codes in any case are accepted."""
    return (
        countries.iso3_of(partner_iso3) == PAPER_PARTNER
        and countries.iso3_of(country_iso3) == PAPER_COUNTRY
    )


PAPER_ONLY_DATASETS = ("oil_press", "trade_press", "fuel_imports_share")
"""Tables the project uses for the paper's pair only: press figures on Azerbaijan-Israel trade and
oil, and the fuel-import shares behind the oil proxy."""

PAIR_WORDS = " bearing on Israel-Azerbaijan strategic ties"
"""Words of a catalogue title that name the paper's pair; other pairs' reports say instead that
the table was compiled around that pair (OTHER_PAIR_WORDS), which limits what it holds for them."""
OTHER_PAIR_WORDS = (
    " (compiled around Israel–Azerbaijan ties; other pairs only where they touch them)"
)


def report_datasets(partner: str, country: str, names) -> tuple[str, ...]:
    """The catalogued dataset names a pair's report uses: all of `names`, without the paper-only
    tables unless the pair is the paper's, and without tables derived from another one at build
    time (`schemas.DERIVED`: the report cites the table they come from)."""
    from strategic_ties.schemas import DERIVED

    paper_pair = is_paper_pair(partner, country)
    return tuple(
        n for n in names if (paper_pair or n not in PAPER_ONLY_DATASETS) and n not in DERIVED
    )


def reader_title(title: str, paper_pair: bool) -> str:
    """A catalogue title as the pair's report shows it: as catalogued in the paper's pair's own;
    for other pairs the paper's pair is named as what the table was compiled around."""
    return title if paper_pair else title.replace(PAIR_WORDS, OTHER_PAIR_WORDS)
