"""UN vote agreement, ideal-point distance and shared events: hand-made tables, then the real data."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from strategic_ties import datasets
from strategic_ties.analysis import alignment, bilateral_findings
from strategic_ties.errors import ParameterError

Z = 1.6448536269514722


@pytest.fixture
def votes() -> pd.DataFrame:
    """A (AZE) and B (ISR) on seven roll calls; C (IRN) votes too and must not interfere."""
    rows = [
        # rcid, year, middle_east, AZE, ISR, IRN      score
        (1, 2000, False, "yes", "yes", "no"),  # 1    same vote
        (2, 2000, False, "yes", "no", "yes"),  # 0    opposite
        (3, 2000, False, "abstain", "no", "no"),  # 0.5  one abstains
        (4, 2000, False, "yes", None, "yes"),  # --   ISR absent: not counted
        (5, 2000, True, "no", "yes", "no"),  # 0    opposite, Middle East
        (6, 2001, False, "abstain", "abstain", "yes"),  # 1    both abstain
        (7, 2001, True, "yes", "abstain", "yes"),  # 0.5  one abstains, Middle East
    ]
    records = []
    for rcid, year, me, *cast in rows:
        for iso3, vote in zip(("AZE", "ISR", "IRN"), cast, strict=True):
            if vote is not None:
                records.append(
                    {
                        "rcid": rcid,
                        "iso3": iso3,
                        "country": iso3,
                        "vote": vote,
                        "date": pd.Timestamp(f"{year}-10-01"),
                        "year": year,
                        "session": year - 1945,
                        "important": False,
                        "middle_east": me,
                    }
                )
    frame = pd.DataFrame(records)
    return frame.astype({"rcid": "Int64", "year": "Int64", "middle_east": "boolean"})


def test_score_votes():
    a = pd.Series(["yes", "no", "abstain", "yes", "abstain", "no"])
    b = pd.Series(["yes", "yes", "no", "abstain", "abstain", "no"])
    assert alignment.score_votes(a, b).tolist() == [1.0, 0.0, 0.5, 0.5, 1.0, 1.0]


def test_vote_agreement_by_hand(votes):
    out = alignment.vote_agreement("Azerbaijan", "Israel", data=votes)
    assert out["year"].tolist() == [2000, 2001]
    # 2000: (1 + 0 + 0.5 + 0) / 4 roll calls both voted on; 2001: (1 + 0.5) / 2
    assert out["agreement"].tolist() == [0.375, 0.75]
    assert out["votes"].tolist() == [4, 2]


def test_vote_agreement_without_middle_east(votes):
    out = alignment.vote_agreement("AZE", "ISR", exclude_middle_east=True, data=votes)
    assert out["agreement"].tolist() == [0.5, 1.0]  # (1 + 0 + 0.5) / 3 and 1 / 1
    assert out["votes"].tolist() == [3, 1]


def test_vote_agreement_years_order_and_pooling(votes):
    out = alignment.vote_agreement("isr", "aze", start_year=2001, end_year=2001, data=votes)
    assert out["agreement"].tolist() == [0.75]
    full = alignment.vote_agreement("AZE", "ISR", data=votes)
    assert alignment.pooled_agreement(full) == 0.5  # (0.375 x 4 + 0.75 x 2) / 6
    iran = alignment.vote_agreement("AZE", "IRN", data=votes)
    # AZE-IRN: 2000: no, yes(1), no, abstain-no 0.5, yes-yes 1, no-no 1 -> (0+1+0.5+1+1)/5
    assert iran["agreement"].tolist() == [0.7, 0.75]
    assert alignment.vote_agreement("AZE", "Armenia", data=votes).empty
    thick = alignment.vote_agreement("AZE", "ISR", min_votes=3, data=votes)
    assert thick["year"].tolist() == [2000]  # 2001 has only two shared roll calls
    with pytest.raises(ParameterError):
        alignment.vote_agreement("AZE", "AZE", data=votes)


def test_alignment_summary(votes, points):
    out = alignment.alignment_summary(
        [("AZE", "ISR"), ("AZE", "IRN")], min_votes=1, votes=votes, ideal_points=points
    )
    first, second = out.iloc[0], out.iloc[1]
    assert (first["a"], first["b"], first["first_year"], first["last_year"]) == (
        "AZE", "ISR", 2000, 2001,
    )  # fmt: skip
    assert first["roll_calls"] == 6 and first["agreement"] == 0.5
    assert first["agreement_without_middle_east"] == pytest.approx((0.5 * 3 + 1 * 1) / 4)
    assert first["middle_east_share_pct"] == pytest.approx(2 / 6 * 100)
    assert (first["distance"], first["distance_year"]) == (pytest.approx(0.3), 2023)
    # AZE-IRN: 2000 (0+1+0.5+1+1)/5, 2001 (0.5+1)/2; without the two Middle East votes 3/5
    assert second["roll_calls"] == 7 and second["agreement"] == pytest.approx(5 / 7)
    assert second["agreement_without_middle_east"] == pytest.approx(0.6)
    assert math.isnan(second["distance"]) and pd.isna(second["distance_year"])


def test_agreement_trend(votes):
    out = alignment.vote_agreement("AZE", "ISR", data=votes)
    trend = alignment.agreement_trend(out)
    assert trend["first_period"] == (2000, 2001) and trend["first_mean"] == 0.5
    assert trend["per_decade"] == pytest.approx(3.75) and trend["direction"] == "rising"
    flat = pd.DataFrame({"year": [2000, 2010], "agreement": [0.5, 0.51], "votes": [10, 10]})
    assert alignment.agreement_trend(flat)["direction"] == "flat"  # 0.01 a decade
    assert alignment.agreement_trend(out.head(1))["direction"] is None


@pytest.fixture
def points() -> pd.DataFrame:
    rows = [
        ("ISR", 2020, 1.0, 0.3),
        ("AZE", 2020, -1.0, 0.4),
        ("ISR", 2021, 0.1, 0.3),
        ("AZE", 2021, 0.0, 0.4),
        ("ISR", 2022, 0.5, 0.3),
        ("ISR", 2023, 0.5, 0.3),
        ("AZE", 2023, 0.2, None),
    ]
    return pd.DataFrame(
        {
            "iso3": [r[0] for r in rows],
            "country": [r[0] for r in rows],
            "year": pd.array([r[1] for r in rows], dtype="Int64"),
            "ideal_point": [r[2] for r in rows],
            # quantiles placed so that each posterior's implied standard deviation is r[3]
            "q5": [r[2] - Z * r[3] if r[3] else float("nan") for r in rows],
            "q95": [r[2] + Z * r[3] if r[3] else float("nan") for r in rows],
            "ideal_point_all": float("nan"),
            "votes": pd.array([90] * len(rows), dtype="Int64"),
        }
    )


def test_ideal_point_distance_by_hand(points):
    out = alignment.ideal_point_distance("Israel", "Azerbaijan", data=points)
    assert out["year"].tolist() == [2020, 2021, 2023]  # 2022: no Azerbaijani estimate
    # sd of the difference = sqrt(0.3^2 + 0.4^2) = 0.5, so the 90% band is d +/- 0.5 Z
    y2020, y2021, y2023 = (out.iloc[i] for i in range(3))
    assert y2020["distance"] == pytest.approx(2.0)
    assert (y2020["low"], y2020["high"]) == pytest.approx((2.0 - 0.5 * Z, 2.0 + 0.5 * Z))
    # 2021: d = 0.1, interval [-0.72, 0.92] spans zero -> low 0
    assert y2021["distance"] == pytest.approx(0.1)
    assert (y2021["low"], y2021["high"]) == pytest.approx((0.0, 0.1 + 0.5 * Z))
    assert y2023["distance"] == pytest.approx(0.3) and math.isnan(y2023["low"])
    later = alignment.ideal_point_distance("AZE", "ISR", 2021, 2024, data=points)
    assert later["year"].tolist() == [2021, 2023]


def test_comparison_pairs_adapt_to_the_pair():
    assert alignment.comparison_pairs("Israel", "Azerbaijan", ["Iran", "Armenia"]) == [
        ("ISR", "TUR"),
        ("AZE", "IRN"),
    ]
    # other pairs: benchmarks from the pair's own rivals, never the paper's Türkiye or Iran
    assert alignment.comparison_pairs("Türkiye", "Azerbaijan", ["Iran"]) == [
        ("TUR", "IRN"),
        ("AZE", "IRN"),
    ]
    assert alignment.comparison_pairs("Russia", "Armenia", ["Azerbaijan", "Turkey"]) == [
        ("RUS", "AZE"),
        ("ARM", "AZE"),
    ]
    assert alignment.comparison_pairs("Iran", "Azerbaijan", ["Iran", "Armenia"]) == [
        ("IRN", "ARM"),
        ("AZE", "ARM"),
    ]
    assert alignment.comparison_pairs("United States", "Israel", []) == []


def test_comparison_note_says_why():
    from strategic_ties.wording import bilateral

    note = bilateral.comparison_note("RUS", "ARM", [("RUS", "AZE"), ("ARM", "AZE")])
    assert "Azerbaijan" in note and "rivals as chosen from the data" in note
    assert "source paper" not in note and "Türkiye" not in note
    assert "source paper" in bilateral.comparison_note("ISR", "AZE", [("ISR", "TUR")])
    assert bilateral.comparison_note("RUS", "ARM", []) == ""


def test_pair_events():
    events = pd.DataFrame(
        {
            "event_id": ["EV002", "EV001", "EV003"],
            "date": pd.to_datetime(["2009-06-28", "1992-04-01", "2020-09-27"]),
            "date_precision": ["day", "month", "day"],
            "year": pd.array([2009, 1992, 2020], dtype="Int64"),
            "category": ["diplomatic_visit", "diplomatic_relations", "war_or_clash"],
            "actors": ["ISR;AZE", "AZE;ISR;IRN", "AZE;ARM"],
            "title": ["Peres in Baku", "<b>Relations</b>", "War"],
            "source_urls": [
                "https://www.example.com/a;http://news.am/x;https://example.com/b",
                "https://besacenter.org/x",
                "https://a.org/",
            ],
            "in_source_paper": pd.array([True, False, False], dtype="boolean"),
        }
    )
    out = bilateral_findings.pair_events("Israel", "Azerbaijan", data=events)
    assert out["event_id"].tolist() == ["EV001", "EV002"]
    assert out["source_domains"].tolist() == ["besacenter.org", "example.com; news.am"]
    assert out["category_label"].tolist() == ["Diplomatic relations", "Visit"]
    assert out["date_label"].tolist() == ["April 1992", "28 June 2009"]
    assert bilateral_findings.pair_events("ISR", "AZE", 2000, 2024, data=events)[
        "event_id"
    ].tolist() == ["EV002"]


def test_text_with_domains():
    text = "same figure in https://www.azernews.az/nation/204457.html (2022); also http://a.org/x"
    assert (
        bilateral_findings.text_with_domains(text)
        == "same figure in azernews.az (2022); also a.org"
    )
    assert bilateral_findings.text_with_domains(None) == ""


# --- the real processed data -------------------------------------------------------------


def test_real_vote_agreement_matches_an_independent_count(raw_data):
    raw = pd.read_csv(raw_data / "unvotes" / "un_votes_subset_8countries.clean.csv")
    raw = raw[raw["date"].str.startswith("2010")]
    pair = raw[raw["country"] == "Israel"].merge(
        raw[raw["country"] == "Azerbaijan"], on="rcid", suffixes=("_i", "_a")
    )
    points = {("yes", "yes"): 1, ("no", "no"): 1, ("abstain", "abstain"): 1}
    scores = [
        points.get((i, a), 0.5 if "abstain" in (i, a) else 0)
        for i, a in zip(pair["vote_i"], pair["vote_a"], strict=True)
    ]
    out = alignment.vote_agreement("Israel", "Azerbaijan", 2010, 2010)
    assert out["votes"].tolist() == [len(pair)]
    assert out["agreement"].iloc[0] == pytest.approx(sum(scores) / len(scores))


def test_real_middle_east_votes_pull_israel_apart():
    with_me = alignment.vote_agreement("ISR", "AZE", 1992, 2019)
    without = alignment.vote_agreement("ISR", "AZE", 1992, 2019, exclude_middle_east=True)
    assert with_me["year"].min() == 1992 and with_me["year"].max() == 2019
    assert alignment.pooled_agreement(without) > alignment.pooled_agreement(with_me)


def test_real_ideal_point_distance_2024():
    out = alignment.ideal_point_distance("ISR", "AZE", 2024, 2024)
    # Bailey-Strezhnev-Voeten July 2025: ISR 2.152297, AZE -0.660445 (idealpointfp)
    assert out["distance"].iloc[0] == pytest.approx(2.152297 + 0.660445, abs=1e-5)
    assert out["low"].iloc[0] < out["distance"].iloc[0] < out["high"].iloc[0]


def test_real_pair_events_include_the_papers_visits():
    out = bilateral_findings.pair_events("Israel", "Azerbaijan")
    assert {"EV012", "EV028", "EV032"} <= set(out.loc[out["in_source_paper"], "event_id"])


# --- values and clauses for the notebook's narrative ---------------------------------------


def _events(rows: list[tuple[int, str, bool]]) -> pd.DataFrame:
    """A `pair_events`-shaped frame: (year, category, in_source_paper) per event."""
    return pd.DataFrame(
        {
            "year": pd.array([r[0] for r in rows], dtype="Int64"),
            "category": [r[1] for r in rows],
            "category_label": [bilateral_findings.CATEGORY_LABELS[r[1]] for r in rows],
            "in_source_paper": [r[2] for r in rows],
        }
    )


def test_pair_label():
    assert alignment.pair_label(("isr", "Azerbaijan")) == "Israel–Azerbaijan"


def test_events_overview_by_hand():
    events = _events(
        [
            (2009, "diplomatic_visit", True),
            (2012, "agreement", True),
            (2016, "diplomatic_visit", False),
        ]
    )
    assert bilateral_findings.events_overview(events) == {
        "n": 3,
        "first": 2009,
        "last": 2016,
        "mix": "visit (2), agreement (1)",
        "paper": "2 of them are named in the source paper, the latest in 2012; 1 happened after "
        "the paper was written (2014).",
    }
    one = bilateral_findings.events_overview(events.assign(in_source_paper=[True, False, False]))
    assert one["paper"] == (
        "One of them is named in the source paper (2009); 1 happened after the paper was written "
        "(2014)."
    )
    none = bilateral_findings.events_overview(events.assign(in_source_paper=False))
    assert none["paper"].startswith("None of them is named in the source paper")


def test_agreement_and_distance_by_pair(votes, points):
    pairs = [("AZE", "ISR"), ("AZE", "IRN")]
    agree = alignment.agreement_by_pair(pairs, min_votes=1, data=votes)
    assert list(agree) == pairs
    assert agree[pairs[0]]["agreement"].tolist() == [0.375, 0.75]  # (1+0+0.5+0)/4, (1+0.5)/2
    assert agree[pairs[1]]["agreement"].tolist() == [0.7, 0.75]  # (0+1+0.5+1+1)/5, (0.5+1)/2
    without = alignment.agreement_by_pair(pairs, exclude_middle_east=True, min_votes=1, data=votes)
    assert without[pairs[1]]["agreement"].tolist() == [0.625, 0.5]  # rcid 5 and 7 left out
    assert alignment.agreement_by_pair(pairs, data=votes)[pairs[0]].empty  # under 10 a year
    stacked = alignment.stack_agreement(agree, without)
    assert len(stacked) == 8 and stacked["votes_included"].value_counts().to_dict() == {
        "all": 4,
        "without Middle East": 4,
    }
    assert stacked["pair"].iloc[0] == "Azerbaijan–Israel"
    distance = alignment.distance_by_pair([("ISR", "AZE"), ("ISR", "IRN")], data=points)
    assert distance[("ISR", "AZE")]["year"].tolist() == [2020, 2021, 2023]
    assert distance[("ISR", "IRN")].empty
    assert alignment.stack_pairs(distance)["pair"].tolist() == ["Israel–Azerbaijan"] * 3


def test_agreement_findings_by_hand(votes, points):
    pairs = [("AZE", "ISR"), ("AZE", "IRN")]
    summary = alignment.alignment_summary(pairs, min_votes=1, votes=votes, ideal_points=points)
    yearly = alignment.vote_agreement("AZE", "ISR", data=votes)
    assert bilateral_findings.agreement_findings(summary, yearly) == {
        "years": "2000–2001",
        "n": 6,
        "m": 0.5,  # (1+0+0.5+0+1+0.5)/6
        "mx": 0.625,  # without rcid 5 and 7: (1+0+0.5+1)/4
        "moves": "rises",
        "first": 0.5,
        "fp": "2000–2001",
        "last": 0.5,
        "lp": "2000–2001",
        "direction": "rising",
        "rp": "2000–2001",  # the years the direction is read from
    }


def test_alignment_summary_reuses_given_agreement(votes, points):
    """Passing the agreement_by_pair results gives the same summary, and they are what is used."""
    pairs = [("AZE", "ISR"), ("AZE", "IRN")]
    agree = alignment.agreement_by_pair(pairs, min_votes=1, data=votes)
    without = alignment.agreement_by_pair(pairs, exclude_middle_east=True, min_votes=1, data=votes)
    computed = alignment.alignment_summary(pairs, min_votes=1, votes=votes, ideal_points=points)
    given = alignment.alignment_summary(
        pairs,
        min_votes=1,
        votes=votes,
        ideal_points=points,
        agreement=agree,
        agreement_without=without,
    )
    pd.testing.assert_frame_equal(given, computed)
    halved = {pair: frame.assign(agreement=frame["agreement"] / 2) for pair, frame in agree.items()}
    used = alignment.alignment_summary(
        pairs, min_votes=1, votes=votes, ideal_points=points, agreement=halved
    )
    assert used["agreement"].tolist() == pytest.approx((computed["agreement"] / 2).tolist())


def test_closeness_reasons():
    ranks = pd.DataFrame({"rank": pd.array([1, 12, 5, 8, None, 3, 9], dtype="Int64")})
    events = _events(
        [
            (2009, "diplomatic_visit", True),
            (2012, "agreement", False),
            (2016, "diplomatic_visit", False),
            (2020, "war_or_clash", False),
        ]
    )
    assert bilateral_findings.closeness_reasons(ranks, events, "Israel", "Azerbaijan") == [
        # the last five ranked years: 12, 5, 8, 3, 9 -> four in the top ten
        "Israel was among Azerbaijan's ten largest export destinations in 4 of the last 5 years "
        "of trade data",
        "the timeline records 3 visits and agreements between them",
    ]
    assert (
        bilateral_findings.closeness_reasons(ranks.head(2), events.head(2), "Israel", "Azerbaijan")
        == []
    )
    assert (
        bilateral_findings.closeness_reasons(ranks.head(0), events.head(0), "Israel", "Azerbaijan")
        == []
    )


def _summary(agreements: list[float]) -> pd.DataFrame:
    pairs = [("ISR", "AZE"), ("ISR", "TUR"), ("AZE", "IRN")][: len(agreements)]
    return pd.DataFrame(
        {"a": [p[0] for p in pairs], "b": [p[1] for p in pairs], "agreement": agreements}
    )


def test_surprising_result_and_comparison_values():
    summary = _summary([0.3, 0.35, 0.8])  # only Azerbaijan-Iran votes clearly more alike
    got = bilateral_findings.surprising_result(summary, ["a reason"], ("IRN", "ARM"))
    assert got == {
        "m": 0.3,
        "why": "a reason",
        "others": "Azerbaijan–Iran",
        "values": "0.80",
        "iran": " Azerbaijan votes far more like Iran, one of the rivals this report sets against "
        "it, than like Israel.",
    }
    assert bilateral_findings.surprising_result(summary, ["a reason"], ("ARM",))["iran"] == ""
    assert bilateral_findings.surprising_result(summary, [], ("IRN",)) is None  # not close partners
    assert bilateral_findings.surprising_result(_summary([0.6, 0.7, 0.9]), ["r"], ("IRN",)) is None
    assert (
        bilateral_findings.surprising_result(_summary([0.3, 0.35, 0.39]), ["r"], ("IRN",)) is None
    )
    assert bilateral_findings.comparison_values(summary) == {
        "others": "Israel–Türkiye and of Azerbaijan–Iran",
        "values": "0.35 and 0.80",
    }
    assert bilateral_findings.comparison_values(summary.head(1)) is None


def test_distance_findings_by_hand(points):
    iran = points.iloc[[0]].assign(
        iso3="IRN", year=pd.array([2021], dtype="Int64"), ideal_point=-2.0
    )
    frames = alignment.distance_by_pair(
        [("ISR", "AZE"), ("ISR", "IRN"), ("AZE", "IRN")], 2020, 2021, data=pd.concat([points, iran])
    )
    got = bilateral_findings.distance_findings(frames)
    assert (got["year"], got["first"]) == (2021, 2020)
    assert (got["d"], got["lo"]) == (pytest.approx(0.1), 0.0)  # band spans zero
    assert got["hi"] == pytest.approx(0.1 + 0.5 * Z)
    assert got["mean"] == pytest.approx((2.0 + 0.1) / 2)
    # Israel 0.1 and Iran -2.0 in 2021; Azerbaijan 0.0
    assert got["cmp"] == "; Israel–Iran: 2.10 (2021); Azerbaijan–Iran: 2.00 (2021)"


def _agreement_by_merge(votes, a, b, start, end, exclude_middle_east=False, min_votes=1):
    """The rule spelled out with pandas string work and a merge (the former implementation)."""
    votes = votes[votes["iso3"].isin([a, b]).fillna(False).astype(bool)]
    votes = votes[votes["vote"].astype("string").str.lower().isin(alignment.VOTES).fillna(False)]
    years = votes["year"]
    inside = years.notna()
    if start is not None:
        inside &= years >= start
    if end is not None:
        inside &= years <= end
    votes = votes[inside.fillna(False).astype(bool)]
    if exclude_middle_east:
        votes = votes[~votes["middle_east"].astype("boolean").fillna(False).astype(bool)]
    mine = votes.loc[votes["iso3"] == a, ["rcid", "year", "vote"]].drop_duplicates("rcid")
    theirs = votes.loc[votes["iso3"] == b, ["rcid", "vote"]].drop_duplicates("rcid")
    both = mine.merge(theirs, on="rcid", suffixes=("_a", "_b"))
    both["score"] = alignment.score_votes(both["vote_a"], both["vote_b"]).to_numpy()
    out = (
        both.assign(year=both["year"].astype("int64"))
        .groupby("year")
        .agg(agreement=("score", "mean"), votes=("score", "size"))
        .reset_index()
    )
    out["votes"] = out["votes"].astype("int64")
    return out[out["votes"] >= min_votes].reset_index(drop=True)


def _odd_votes() -> pd.DataFrame:
    rows = [
        (1, "ARM", "yes", 2000, False),
        (1, "ARM", "no", 2000, False),  # a second vote on one roll call: the first counts
        (1, "BEL", "Yes", 2000, False),
        (2, "ARM", "ABSTAIN", 2000, True),
        (2, "BEL", "no", 2000, True),
        (2, "BEL", "yes", 2000, True),  # on both sides
        (3, "ARM", "absent", 2001, False),  # not a vote
        (3, "BEL", "yes", 2001, False),
        (None, "ARM", "no", 2001, False),  # no roll-call id: missing ids pair with each other
        (None, "BEL", "no", 2001, None),
        (4, "ARM", "no", 2001, False),
        (4, "BEL", "yes", 2001, False),
        (5, "ARM", "yes", None, False),  # no year
        (5, "BEL", "yes", None, False),
        (6, None, "yes", 2001, False),
        (6, "ARM", "yes", 2002, False),
        (6, "BEL", "abstain", 2002, False),
    ]
    frame = pd.DataFrame(rows, columns=["rcid", "iso3", "vote", "year", "middle_east"])
    return frame.astype(
        {
            "rcid": "Int64",
            "iso3": "string",
            "vote": "string",
            "year": "Int64",
            "middle_east": "boolean",
        }
    )


@pytest.mark.parametrize("exclude", [False, True])
@pytest.mark.parametrize("span", [(None, None), (2001, 2002), (1990, 1999)])
@pytest.mark.parametrize("min_votes", [1, 2])
def test_vote_agreement_follows_the_rule_on_odd_rows(exclude, span, min_votes) -> None:
    votes = _odd_votes()
    for a, b in (("ARM", "BEL"), ("BEL", "ARM")):
        found = alignment.vote_agreement(a, b, *span, exclude, min_votes=min_votes, data=votes)
        expected = _agreement_by_merge(votes, a, b, *span, exclude, min_votes)
        if expected.empty:
            assert found.empty and list(found.columns) == ["year", "agreement", "votes"]
            continue
        pd.testing.assert_frame_equal(found, expected, check_exact=True)
    whole = alignment.vote_agreement("ARM", "BEL", data=votes)
    assert whole["agreement"].tolist() == [0.75, 0.5, 0.5] and whole["votes"].tolist() == [2, 2, 1]


def test_vote_agreement_follows_the_rule_on_the_real_data() -> None:
    votes = datasets.load("unga_votes", {"iso3": ["ISR", "AZE", "IRN", "RUS", "DDR", "USA"]})
    for a, b in (("ISR", "AZE"), ("AZE", "IRN"), ("RUS", "USA"), ("DDR", "USA")):
        for exclude in (False, True):
            found = alignment.vote_agreement(a, b, 1946, 2020, exclude, data=votes)
            expected = _agreement_by_merge(votes, a, b, 1946, 2020, exclude)
            pd.testing.assert_frame_equal(found, expected, check_exact=True)
            assert len(found) > 10
