"""`unga_agreement`, the dyad-year vote agreement built from `unga_votes` (ingest.agreement), and
the claim ledger's lookup of it (paper.evidence.agreement_from_dyads): the same values as
pairing the votes themselves, on a hand-made table and on the real data."""

from __future__ import annotations

import pandas as pd
import pytest

from strategic_ties import datasets
from strategic_ties.ingest.agreement import dyad_years
from strategic_ties.paper.evidence import Evidence, agreement_from_dyads, agreement_with_all


def _votes() -> pd.DataFrame:
    rows = [
        (1, "AAA", "yes", 2000),
        (1, "BBB", "yes", 2000),
        (1, "CCC", "no", 2000),
        (2, "AAA", "abstain", 2000),
        (2, "BBB", "no", 2000),
        (2, "CCC", "no", 2000),
        (3, "AAA", "YES", 2000),  # any case
        (3, "BBB", "absent", 2000),  # not a vote
        (3, "CCC", "yes", 2000),
        (3, None, "yes", 2000),  # no state
        (4, "AAA", "no", 2001),
        (4, "AAA", "yes", 2001),  # a second vote: first on its own side, each on the other
        (4, "BBB", "yes", 2001),
    ]
    frame = pd.DataFrame(rows, columns=["rcid", "iso3", "vote", "year"])
    return frame.astype({"rcid": "Int64", "iso3": "string", "vote": "string", "year": "Int64"})


def test_dyad_years_by_hand() -> None:
    table = dyad_years(_votes())
    assert list(table.columns) == ["iso3", "other_iso3", "year", "votes", "score"]
    assert datasets.conforms("unga_agreement", table)
    found = [tuple(row) for row in table.astype(object).itertuples(index=False)]
    assert found == [
        ("AAA", "BBB", 2000, 2, 1.5),  # yes-yes 1, abstain-no 0.5
        ("AAA", "BBB", 2001, 1, 0.0),  # its first vote (no) against yes
        ("AAA", "CCC", 2000, 3, 1.5),  # yes-no 0, abstain-no 0.5, yes-yes 1
        ("BBB", "AAA", 2000, 2, 1.5),
        ("BBB", "AAA", 2001, 2, 1.0),  # each of AAA's two votes: no 0, yes 1
        ("BBB", "CCC", 2000, 2, 1.0),
        ("CCC", "AAA", 2000, 3, 1.5),
        ("CCC", "BBB", 2000, 2, 1.0),
    ]


@pytest.mark.parametrize("iso3", ["AAA", "BBB", "CCC", "XXX"])
@pytest.mark.parametrize("span", [(2000, 2000), (2000, 2001), (2001, 2001), (1990, 1995)])
def test_lookup_equals_pairing_the_votes(iso3, span) -> None:
    votes = _votes()
    expected = agreement_with_all(votes, iso3, *span)
    found = agreement_from_dyads(dyad_years(votes), iso3, *span)
    assert found.empty == expected.empty
    if not expected.empty:
        pd.testing.assert_series_equal(found, expected, check_exact=True)


def test_the_processed_table_is_the_votes_paired() -> None:
    """The built table's rows of 2004-2014 are what dyad_years makes of those years' votes."""
    votes = datasets.load(
        "unga_votes", {"year": range(2004, 2015)}, ["rcid", "iso3", "vote", "year"]
    )
    table = datasets.load("unga_agreement")
    years = table[table["year"].between(2004, 2014)].reset_index(drop=True)
    pd.testing.assert_frame_equal(years, dyad_years(votes), check_exact=True)
    assert table["iso3"].nunique() > 190 and (table["votes"] > 0).all()


@pytest.mark.parametrize(
    ("iso3", "span"), [("USA", (1946, 2020)), ("ARM", (1992, 2019)), ("RUS", (2015, 2019))]
)
def test_ledger_lookup_on_the_real_data(iso3, span) -> None:
    votes = datasets.load("unga_votes", {"year": range(span[0], span[1] + 1)})
    expected = agreement_with_all(votes, iso3, *span)
    found = Evidence().agreement(iso3, *span)
    pd.testing.assert_series_equal(found, expected, check_exact=True)
    assert len(found) > 150


def test_reports_list_the_votes_not_the_derived_table() -> None:
    from strategic_ties import catalog, paper

    names = catalog.datasets()
    assert "unga_agreement" in names and "unga_votes" in names
    for pair in (("Israel", "Azerbaijan"), ("Russia", "Armenia")):
        used = paper.report_datasets(*pair, names)
        assert "unga_agreement" not in used and "unga_votes" in used
    assert catalog.source_note("unga_agreement") == catalog.source_note("unga_votes")


@pytest.mark.parametrize(
    ("a", "b", "span"),
    [
        ("RUS", "IRN", (2000, 2014)),
        ("RUS", "ISR", (2000, 2014)),
        ("ISR", "AZE", (1946, 2020)),
        ("USA", "DDR", (1946, 2020)),
        ("AZE", "ARM", (2016, 2030)),
    ],
)
def test_pair_agreement_is_vote_agreement_on_the_real_data(a, b, span) -> None:
    from strategic_ties.analysis import alignment

    expected = alignment.vote_agreement(a, b, *span)
    found = Evidence().pair_agreement(a, b, *span)
    pd.testing.assert_frame_equal(found, expected, check_exact=True)
    assert found.attrs == expected.attrs
    assert alignment.pooled_agreement(found) == alignment.pooled_agreement(expected)


def test_pair_agreement_by_hand() -> None:
    from strategic_ties.paper.evidence import agreement_by_year

    table = dyad_years(_votes())
    found = agreement_by_year(table, "BBB", "AAA", 2000, 2001)
    assert found["year"].tolist() == [2000, 2001]
    assert found["agreement"].tolist() == [0.75, 0.5] and found["votes"].tolist() == [2, 2]
    assert agreement_by_year(table, "AAA", "CCC", 2001, 2001).empty


@pytest.mark.parametrize(
    ("a", "b", "span", "min_votes"),
    [
        ("ISR", "AZE", (1992, None), 10),
        ("RUS", "ARM", (None, None), 1),
        ("IRN", "TUR", (2004, 2014), 1),
        ("AZE", "ARM", (1950, 1991), 10),  # before both states: no roll call
    ],
)
def test_pair_agreement_from_the_dyad_table(a, b, span, min_votes) -> None:
    """alignment.dyad_agreement (the timeline's vote turning points) is vote_agreement over all
    roll calls, values exactly, read from the dyad-year table."""
    from strategic_ties.analysis import alignment

    votes = datasets.load("unga_votes", {"iso3": [a, b]})
    expected = alignment.vote_agreement(a, b, *span, min_votes=min_votes, data=votes)
    found = alignment.dyad_agreement(a, b, *span, min_votes=min_votes)
    pd.testing.assert_frame_equal(found, expected, check_exact=True)
    assert found.attrs == expected.attrs
