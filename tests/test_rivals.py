"""Rivals chosen from the data: the ranking rule on hand-made tables, and the real cases."""

from __future__ import annotations

import pandas as pd
import pytest

from strategic_ties.analysis import rivals, threats


def mids_fixture() -> pd.DataFrame:
    """Participant rows (dispnum, iso3, side_a, start_year, end_year) of five disputes."""
    rows = [
        # AAA vs BBB twice (1995, 2001), AAA vs CCC once (2003), AAA with DDD against EEE (2005)
        (1, "AAA", True, 1995, 1995),
        (1, "BBB", False, 1995, 1995),
        (2, "BBB", True, 2001, 2002),
        (2, "AAA", False, 2001, 2001),
        (3, "AAA", True, 2003, 2003),
        (3, "CCC", False, 2003, 2003),
        (4, "AAA", True, 2005, 2005),
        (4, "DDD", True, 2005, 2005),
        (4, "EEE", False, 2005, 2005),
        # before the window: AAA vs FFF in 1980
        (5, "AAA", True, 1980, 1981),
        (5, "FFF", False, 1980, 1981),
    ]
    frame = pd.DataFrame(rows, columns=["dispnum", "iso3", "side_a", "start_year", "end_year"])
    return frame.astype({"dispnum": "Int64", "iso3": "string", "side_a": "boolean"})


def conflicts_fixture() -> pd.DataFrame:
    """UCDP/PRIO rows: CCC fights AAA for two years as a supporter of a rebel group; DDD fights
    beside AAA."""
    rows = [
        (900, 2010, "Government of AAA", "Government of DDD", "Rebels", "Government of CCC"),
        (900, 2011, "Government of AAA", None, "Rebels", "Government of CCC"),
        (901, 2012, "Government of GGG", None, "Government of HHH", None),
    ]
    frame = pd.DataFrame(
        rows,
        columns=["conflict_id", "year", "side_a", "side_a_2nd", "side_b", "side_b_2nd"],
    )
    return frame.astype({"conflict_id": "Int64", "year": "Int64"})


def events_fixture(*extra: tuple) -> pd.DataFrame:
    rows = [
        ("E1", 2008, "crisis_or_threat", "AAA;BBB"),
        ("E2", 2009, "war_or_clash", "AAA;CCC;DDD"),
        ("E3", 2009, "diplomatic_visit", "AAA;EEE"),  # not hostile
        *extra,
    ]
    rows = [(*row, *([""] * (6 - len(row)))) for row in rows]  # title, description
    columns = ["event_id", "year", "category", "actors", "title", "description"]
    return pd.DataFrame(rows, columns=columns).astype({"year": "Int64"})


def test_one_definition_of_a_hostile_event_serves_the_ranking_and_the_briefing(codes) -> None:
    """`rivals.is_hostile`: the three categories, a non-joint exercise, a downgrade of relations;
    the rivals' ranking (`rivals.hostile_events`) and the since-the-paper count
    (`paper.evidence.hostile_events`) count the same events of one state against the other."""
    from strategic_ties.paper import evidence

    frame = events_fixture(
        ("E4", 2010, "military_exercise", "GGG;AAA", "Drills on the border", ""),
        ("E5", 2011, "military_exercise", "AAA;GGG", "Joint exercise", "A joint drill"),
        ("E6", 2012, "diplomatic_relations", "AAA;GGG", "AAA recalls its ambassador", ""),
        ("E7", 2013, "diplomatic_relations", "AAA;GGG", "Embassy opens", ""),
    )
    assert rivals.is_hostile(frame).tolist() == [True, True, False, True, False, True, False]
    ranked = rivals.hostile_events("AAA", None, None, data=frame)
    by_pair = evidence.hostile_events(frame, between=("AAA", "GGG"))
    assert sorted(ranked[ranked["other"] == "GGG"]["event_id"]) == ["E4", "E6"]
    assert sorted(by_pair["event_id"]) == ["E4", "E6"]


@pytest.fixture
def codes(monkeypatch):
    """Made-up ISO3 codes resolve to themselves (display name = code)."""
    made_up = {"AAA", "BBB", "CCC", "DDD", "EEE", "FFF", "GGG", "HHH"}
    real_to_iso3 = rivals._countries.to_iso3
    real_name = rivals._countries.name
    monkeypatch.setattr(
        rivals._countries, "to_iso3", lambda t: t if t in made_up else real_to_iso3(t)
    )
    monkeypatch.setattr(rivals._countries, "name", lambda c: c if c in made_up else real_name(c))
    real_iso3_of = rivals._countries.iso3_of
    monkeypatch.setattr(
        rivals._countries,
        "iso3_of",
        lambda t, parameter="country": t if t in made_up else real_iso3_of(t, parameter),
    )
    threats._actor_codes.cache_clear()
    yield
    threats._actor_codes.cache_clear()


def rank(**kwargs) -> pd.DataFrame:
    return rivals.rank_rivals(
        "AAA",
        kwargs.pop("start", 1992),
        kwargs.pop("end", 2024),
        kwargs.pop("exclude", ()),
        mids=mids_fixture(),
        conflicts=conflicts_fixture(),
        events=kwargs.pop("events", events_fixture()),
    )


def test_score_counts_disputes_and_conflict_years_alike(codes) -> None:
    ranked = rank()
    # CCC: 1 dispute + 2 conflict-years (as a supporting party) = 3; BBB: 2 disputes; EEE: 1.
    # DDD fought beside AAA (third in the war's actors, after the acting state and its target):
    # never a candidate. FFF's dispute is before the window. The records end in 2012, so the
    # recent score counts 2003-2012: CCC 3, EEE 1 (2005), BBB 0 (1995, 2001): EEE before BBB.
    assert ranked["rival_iso3"].tolist() == ["CCC", "EEE", "BBB"]
    assert ranked["score"].tolist() == [3, 1, 2] and ranked["recent"].tolist() == [3, 1, 0]
    first = ranked.iloc[0]
    assert (first["disputes"], first["conflict_years"], first["events"], first["score"]) == (
        1,
        2,
        1,
        3,
    )
    assert ranked["rank"].tolist() == [1, 2, 3]
    assert ranked.loc[2, "last_year"] == 2008  # BBB: its crisis event is the latest


def test_timeline_breaks_ties_and_only_then(codes) -> None:
    # 2001-2009: BBB, CCC and EEE have one dispute each; BBB and CCC one hostile event each,
    # CCC's the later; DDD (beside AAA in a war) is no candidate
    assert rank(start=2001, end=2009)["rival_iso3"].tolist() == ["CCC", "BBB", "EEE"]
    plots = events_fixture(
        ("E4", 2006, "terrorism_or_plot", "AAA;EEE"), ("E5", 2007, "war_or_clash", "EEE;AAA")
    )
    assert rank(start=2001, end=2009, events=plots)["rival_iso3"].tolist() == [
        "EEE",
        "CCC",
        "BBB",
    ]
    # ...but events never lift a state above one with a higher score (2003-2012: every record
    # is recent, CCC 3, EEE 1 with two more events)
    assert rank(start=2003, end=2012, events=plots)["rival_iso3"].tolist()[:2] == ["CCC", "EEE"]
    # without events, the latest year breaks the tie
    assert rank(start=2001, end=2005)["rival_iso3"].tolist() == ["EEE", "CCC", "BBB"]


def test_window_exclusions_and_timeline_only_candidates(codes) -> None:
    assert rank(start=1970, end=1990)["rival_iso3"].tolist() == ["FFF"]
    assert "CCC" not in rank(exclude=["CCC"])["rival_iso3"].tolist()
    late = rank(start=2008, end=2009)  # no dispute or conflict-year: the timeline alone
    assert late["score"].tolist() == [0, 0]
    assert late["rival_iso3"].tolist() == ["CCC", "BBB"]  # latest event first
    assert rank(start=2030, end=2031).empty


def test_azerbaijan_gets_the_papers_three_rivals() -> None:
    ranked = rivals.rank_rivals("AZE", 1992, 2024, exclude=["Israel"])
    top = ranked.head(3).set_index("rival")
    assert top.index.tolist() == ["Armenia", "Iran", "Russia"]
    assert top["disputes"].tolist() == [8, 4, 3]
    assert top.loc["Armenia", "conflict_years"] > 0  # UCDP: Armenia backs Artsakh (secondary)
    assert rivals.choose_rivals("Azerbaijan", "Israel", 1992, 2024) == [
        "Armenia",
        "Iran",
        "Russia",
    ]


def test_armenia_yields_azerbaijan_first_and_never_the_partner() -> None:
    chosen = rivals.choose_rivals("Armenia", "Russia", 1992, 2024)
    assert chosen[0] == "Azerbaijan" and len(chosen) <= 3
    assert "Russia" not in chosen and "Armenia" not in chosen
    assert "Armenia" not in rivals.choose_rivals("Azerbaijan", "Armenia", 1992, 2024)


def test_dispute_counts_match_mids_between() -> None:
    """The ranking counts the disputes the threat picture lists, rival by rival."""
    found = rivals.dispute_opponents("AZE", 1992, 2024)
    for rival in ("ARM", "IRN", "RUS"):
        expected = set(threats.mids_between("AZE", rival, 1992, 2024)["dispnum"])
        assert set(found.loc[found["opponent"] == rival, "dispnum"]) == expected


def test_a_rival_after_the_first_needs_a_record_of_weight() -> None:
    """Iran's two disputes with Armenia in 1993-1994 (Iran's highest action: a display of force)
    do not make it Armenia's rival; timeline events alone do not make Israel Azerbaijan's."""
    armenia = rivals.rank_rivals("Armenia", 1992, 2024, exclude=["Russia"]).set_index("rival")
    assert armenia.loc["Iran", "score"] < rivals.MIN_SCORE
    assert rivals.choose_rivals("Armenia", "Russia", 1992, 2024) == ["Azerbaijan", "Türkiye"]
    azerbaijan = rivals.rank_rivals("Azerbaijan", 1992, 2024, exclude=["Russia"])
    israel = azerbaijan.set_index("rival").loc["Israel"]
    assert israel["events"] > 0 and israel["score"] == 0
    assert "Israel" not in rivals.choose_rivals("Azerbaijan", "Russia", 1992, 2024)
    # a single conflict-year is weight enough; the first rival is always compared
    ranked = pd.DataFrame(
        {"rival": ["A", "B", "C", "D"], "score": [1, 1, 3, 0], "conflict_years": [0, 1, 0, 0]}
    )
    assert rivals.is_substantial(ranked).tolist() == [False, True, True, False]


def test_recent_hostility_ranks_first(codes) -> None:
    """The recent score (the last ten years the data cover) orders before the whole window's:
    BBB's two disputes (1995, 2001) fall behind EEE's one in 2005 once the records reach 2012,
    and ahead of CCC when the report ends in 2003 (recent: 1994-2003; BBB 2, CCC 1)."""
    assert rivals.recent_window(2024, 2012) == (2003, 2012)
    assert rivals.recent_window(2004, 2012) == (1995, 2004)
    assert rivals.recent_window(None, None) is None
    assert rank(start=1992, end=2024)["rival_iso3"].tolist()[1:] == ["EEE", "BBB"]
    assert rank(start=1992, end=2003)["rival_iso3"].tolist() == ["BBB", "CCC"]
    # without a recent window the score alone orders, as before
    found = rivals.opponents(
        "AAA",
        1992,
        2024,
        mids=mids_fixture(),
        conflicts=conflicts_fixture(),
        events=events_fixture(),
    )
    assert rivals.rank_opponents("AAA", found)["rival_iso3"].tolist() == ["CCC", "BBB", "EEE"]


def test_a_state_at_war_with_the_country_today_is_its_first_rival() -> None:
    """Iran: Israel (UCDP conflict-years 2018-2024) ranks before Iraq (16 disputes, 1992-2011,
    none in 2015-2024); the chosen rivals of Azerbaijan, Armenia and Georgia stay as they were."""
    ranked = rivals.rank_rivals("Iran", 1992, 2024, exclude=["Russia"]).set_index("rival")
    assert ranked.index[0] == "Israel" and ranked.loc["Israel", "recent"] == 7
    assert ranked.loc["Iraq", "recent"] == 0 and ranked.loc["Iraq", "score"] == 16
    assert ranked.loc["Iraq", "rank"] > 3
    assert rivals.choose_rivals("Iran", "Russia", 1992, 2024) == [
        "Israel",
        "United States",
        "Türkiye",
    ]
    assert rivals.choose_rivals("Azerbaijan", "Israel", 1992, 2024) == ["Armenia", "Iran", "Russia"]
    assert rivals.choose_rivals("Armenia", "France", 1992, 2024) == ["Azerbaijan", "Türkiye"]
    assert rivals.choose_rivals("Georgia", "Ukraine", 1992, 2024) == ["Russia"]
