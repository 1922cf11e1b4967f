"""`unga_agreement`: UN General Assembly vote agreement of every state with every other, per year.

Derived from `unga_votes` at `data build` time, so that an analysis that needs one state's
agreement with all others (the claim ledger's "at least as often as the median state") reads a
few thousand rows instead of decoding and pairing a decade of every state's votes.

For each year, each ordered pair of states (iso3, other_iso3) with at least one roll call on
which both cast a vote (yes, abstain or no, any case) has one row: ``votes``, the number of those
roll calls, and ``score``, the sum of their scores as in `analysis.alignment.score_votes` (1 same
vote, 0.5 one abstains, 0 yes against no). Agreement over any span of years is then
``sum(score) / sum(votes)``; the scores are halves, so the sums and the ratio are exact and equal
the agreement computed from the votes themselves. Rows without a state, roll call or year, and
votes other than yes/abstain/no are left out. Should a state vote twice on one roll call (the
source has no such rows), its own side counts its first vote and the other side each vote, as
`paper.evidence.agreement_of` does.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from strategic_ties.ingest.common import finish

CODES = {"yes": 0, "abstain": 1, "no": 2}


def dyad_years(votes: pd.DataFrame) -> pd.DataFrame:
    """The `unga_agreement` table of a frame of `unga_votes` (columns rcid, iso3, vote, year)."""
    code = votes["vote"].astype("string").str.lower().map(CODES).astype("Int64")
    keep = (
        code.notna() & votes["iso3"].notna() & votes["rcid"].notna() & votes["year"].notna()
    ).to_numpy(dtype=bool)
    rows = pd.DataFrame(
        {
            "rcid": votes["rcid"].to_numpy()[keep].astype("int64"),
            "iso3": votes["iso3"].astype("string").to_numpy()[keep].astype(str),
            "code": code.to_numpy()[keep].astype("int64"),
            "year": votes["year"].to_numpy()[keep].astype("int64"),
        }
    )
    rows["first"] = ~rows.duplicated(["rcid", "iso3"])
    parts = [_one_year(int(year), group) for year, group in rows.groupby("year", sort=True)]
    columns = {"iso3": [], "other_iso3": [], "year": [], "votes": [], "score": []}
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns)
    return finish("unga_agreement", frame, ["iso3", "other_iso3", "year"])


def _one_year(year: int, rows: pd.DataFrame) -> pd.DataFrame:
    """One year's rows: states x roll calls as matrices per vote, paired by matrix products.

    The state's own side counts its first vote per roll call, the other side each of its votes
    (as `paper.evidence.agreement_of`); counts are exact in float64 (far below 2**53)."""
    state, states = pd.factorize(rows["iso3"], sort=True)
    call, calls = pd.factorize(rows["rcid"], sort=True)
    code, first = rows["code"].to_numpy(), rows["first"].to_numpy()
    own = [np.zeros((len(states), len(calls))) for _ in CODES]
    every = [np.zeros((len(states), len(calls))) for _ in CODES]
    for value in CODES.values():
        chosen = code == value
        np.add.at(every[value], (state[chosen], call[chosen]), 1.0)
        chosen &= first
        own[value][state[chosen], call[chosen]] = 1.0
    (yes, abstain, no), (yes_all, abstain_all, no_all) = own, every
    both = (yes + abstain + no) @ (yes_all + abstain_all + no_all).T
    same = yes @ yes_all.T + abstain @ abstain_all.T + no @ no_all.T
    one_abstains = abstain @ (yes_all + no_all).T + (yes + no) @ abstain_all.T
    votes = np.rint(both).astype(np.int64)
    halves = np.rint(2 * same + one_abstains).astype(np.int64)  # score x 2, an integer
    a, b = np.nonzero(votes)
    other = a != b
    a, b = a[other], b[other]
    names = np.asarray(states, dtype=object)
    return pd.DataFrame(
        {
            "iso3": names[a],
            "other_iso3": names[b],
            "year": year,
            "votes": votes[a, b],
            "score": halves[a, b] / 2.0,
        }
    )
