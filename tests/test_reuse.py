"""Results reused within a run (`strategic_ties.reuse`) and the ledger's vote agreement with all
states: the same answers as computing afresh, never stale after a file changes."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pytest

from strategic_ties import datasets, reuse
from strategic_ties.analysis import alignment, arms, trade
from strategic_ties.paper.evidence import Evidence, agreement_with_all


def test_a_result_is_computed_once_and_handed_out_as_a_copy() -> None:
    reuse.clear()
    calls = []

    def frame(n: int) -> pd.DataFrame:
        calls.append(n)
        return pd.DataFrame({"x": range(n)})

    first = reuse.call(("events",), frame, 3)
    first.loc[0, "x"] = 99  # a caller's change stays its own
    again = reuse.call(("events",), frame, 3)
    assert calls == [3] and again["x"].tolist() == [0, 1, 2]
    reuse.call(("events",), frame, 4)
    assert calls == [3, 4]
    reuse.clear()
    reuse.call(("events",), frame, 3)
    assert calls == [3, 4, 3]


def test_a_changed_file_is_never_answered_from_memory(tmp_path, monkeypatch) -> None:
    reuse.clear()
    table = tmp_path / "events.parquet"
    table.write_bytes(b"one")
    monkeypatch.setattr(datasets, "path_of", lambda name: tmp_path / f"{name}.parquet")
    calls = []
    reuse.call(("events",), calls.append, "a")
    reuse.call(("events",), calls.append, "a")
    assert calls == ["a"]
    table.write_bytes(b"other")  # another size, another modification time
    os.utime(table, ns=(1, 1))
    reuse.call(("events",), calls.append, "a")
    assert calls == ["a", "a"]
    table.unlink()  # missing: the function runs (and would report it)
    reuse.call(("events",), calls.append, "a")
    assert calls == ["a", "a", "a"]


def test_frames_as_arguments_are_never_keys() -> None:
    calls = []
    data = pd.DataFrame({"x": [1]})
    reuse.call(("events",), lambda d: calls.append(len(d)), data)
    reuse.call(("events",), lambda d: calls.append(len(d)), data)
    assert calls == [1, 1]


@pytest.mark.parametrize(
    ("a", "b"), [("Azerbaijan", "Israel"), ("ARM", "RUS"), ("India", "France"), ("IRN", "ISR")]
)
def test_trade_windows_cut_from_the_whole_series_are_the_computed_ones(a, b) -> None:
    reuse.clear()
    for start, end in [(None, None), (1992, 2024), (2014, None), (2010, 2014), (2030, 2040)]:
        cut = reuse.bilateral_trade(a, b, start, end)
        computed = trade.bilateral_trade(a, b, start, end)
        pd.testing.assert_frame_equal(cut, computed, check_exact=True)
        assert cut.attrs == computed.attrs


def test_reused_arms_shares_are_the_computed_ones() -> None:
    reuse.clear()
    pd.testing.assert_frame_equal(
        reuse.partner_share_by_period("Israel", "Azerbaijan", 1995, 2024, 5),
        arms.partner_share_by_period("Israel", "Azerbaijan", 1995, 2024, 5),
    )
    pd.testing.assert_frame_equal(
        reuse.supplier_shares("Azerbaijan", 2010, 2014),
        arms.supplier_shares("AZE", 2010, 2014),
    )


def _agreement_by_join(votes: pd.DataFrame, iso3: str, start: int, end: int) -> pd.Series:
    """The rule spelled out with a join of the vote strings (the former implementation)."""
    rows = votes[votes["year"].between(start, end).fillna(False).astype(bool)]
    rows = rows[rows["vote"].astype("string").str.lower().isin(alignment.VOTES).fillna(False)]
    rows = rows[["rcid", "iso3", "vote"]].dropna(subset=["iso3"])
    mine = rows[rows["iso3"] == iso3].drop_duplicates("rcid")[["rcid", "vote"]]
    both = rows[rows["iso3"] != iso3].merge(mine, on="rcid", suffixes=("", "_own"))
    if both.empty:
        return pd.Series(dtype="float64")
    both = both.assign(score=alignment.score_votes(both["vote"], both["vote_own"]).to_numpy())
    return both.groupby(both["iso3"].astype(str))["score"].mean()


def _votes() -> pd.DataFrame:
    rows = [
        (1, "AZE", "yes", 2005),
        (1, "ISR", "No", 2005),
        (1, "TUR", "abstain", 2005),
        (1, "ARM", "yes", 2005),
        (2, "AZE", "abstain", 2006),
        (2, "AZE", "no", 2006),  # a second vote on one roll call: the first counts
        (2, "ISR", "no", 2006),
        (2, "TUR", "ABSTAIN", 2006),
        (2, "TUR", "yes", 2006),  # the other side's duplicates each count
        (3, "AZE", "absent", 2007),  # not a vote
        (3, "ISR", "yes", 2007),
        (4, "AZE", "yes", 2020),  # outside the window
        (4, "ISR", "yes", 2020),
        (5, None, "yes", 2008),
        (5, "AZE", None, 2008),
        (5, "ISR", "yes", 2008),
    ]
    frame = pd.DataFrame(rows, columns=["rcid", "iso3", "vote", "year"])
    return frame.astype({"iso3": "string[pyarrow]", "vote": "string[pyarrow]"})


@pytest.mark.parametrize("iso3", ["AZE", "ISR", "TUR", "XXX"])
def test_agreement_with_all_follows_the_rule(iso3) -> None:
    votes = _votes()
    found = agreement_with_all(votes, iso3, 2004, 2014)
    expected = _agreement_by_join(votes, iso3, 2004, 2014)
    pd.testing.assert_series_equal(found, expected, check_names=False, check_exact=True)


def test_agreement_with_all_on_the_real_votes() -> None:
    ev = Evidence()
    votes = datasets.load("unga_votes", {"year": range(2004, 2015)})
    for iso3 in ("ISR", "AZE", "IRN"):
        expected = _agreement_by_join(votes, iso3, 2004, 2014)
        found = ev.agreement(iso3, 2004, 2014)
        pd.testing.assert_series_equal(found, expected, check_names=False, check_exact=True)
        assert np.isfinite(found).all() and len(found) > 150


@pytest.mark.parametrize("country", ["Azerbaijan", "Armenia", "Israel", "India", "Iceland"])
def test_rival_rankings_cut_from_all_years_are_the_computed_ones(country) -> None:
    from strategic_ties.analysis import rivals

    reuse.clear()
    for start, end in [(1992, 2024), (2015, 2019), (2020, 2024), (1946, 2030), (2030, 2031)]:
        for exclude in [(), ("ISR",), ("Russia", "IRN")]:
            pd.testing.assert_frame_equal(
                reuse.rank_rivals(country, start, end, exclude=exclude),
                rivals.rank_rivals(country, start, end, exclude=exclude),
                check_exact=True,
            )
