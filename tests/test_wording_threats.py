"""Reader sentences of the threat picture (wording/threats.py) on hand-made numbers."""

from __future__ import annotations

import pandas as pd

from strategic_ties.analysis import threats
from strategic_ties.wording import threats as wording


def deaths_frame() -> pd.DataFrame:
    rows = [
        (1991, 388, "War A", 35, 35, 35),
        (1992, 388, "War A", 2167, 2099, 3635),
        (1993, 388, "War A", 1171, 968, 1801),
        (1994, 388, "War A", 1507, 1257, 3937),
        (1997, 388, "War A", 29, 29, 36),
        (2020, 388, "War A", 7646, 7548, 9077),
        (2001, 9, "Clash B", 40, 30, 50),
    ]
    frame = pd.DataFrame(rows, columns=["year", "conflict_id", "conflict", "best", "low", "high"])
    return frame.assign(role="primary")


def test_war_episodes_are_runs_of_war_level_years() -> None:
    episodes = threats.war_episodes(deaths_frame())
    assert episodes[["first", "last", "best"]].astype(int).values.tolist() == [
        [1992, 1994, 4845],  # 2,167 + 1,171 + 1,507: UCDP's count for the 1992-94 war
        [2020, 2020, 7646],
    ]
    assert threats.war_episodes(deaths_frame().query("best < 1000")).empty


def test_undercount_sentence_gives_ucdp_counts_and_no_other_figure() -> None:
    text = wording.undercount_sentence(threats.war_episodes(deaths_frame()))
    assert "4,845 in 1992–1994 (range 4,324–9,373) and 7,646 in 2020" in text
    assert "verify" in text and "in War A." in text
    assert wording.undercount_sentence(threats.war_episodes(deaths_frame().iloc[-1:])) == ""


def profile(**over) -> dict:
    base = {
        "rival": "Iran",
        "mids": {
            "disputes": 4,
            "first_year": 2001,
            "last_year": 2011,
            "country_hostility": "use of force",
            "rival_hostility": "display of force",
            "rival_force": 0,
            "country_force": 1,
        },
        "mids_last": 2014,
        "clash_years": [],
        "war_years": [],
        "clash_last": 2024,
        "distance": pd.DataFrame(
            {"year": [2023, 2024], "distance": [0.5, 0.61], "low": [0.2, 0.25], "high": [1, 0.98]}
        ),
        "suppliers": pd.DataFrame({"supplier": ["Russia"], "share": [1.0]}),
        "supplier_period": "2020–2024",
        "events": 11,
    }
    return {**base, **over}


def test_rival_paragraph_attributes_force_to_the_side_that_used_it() -> None:
    text = wording.rival_paragraph("Azerbaijan", profile(), 1992, 2024)
    assert "4 militarised disputes between Azerbaijan and Iran in 2001–2011" in text
    assert "Iran's own highest action was display of force, Azerbaijan's use of force" in text
    assert "Iran used force in none of them, Azerbaijan in 1 of them" in text
    assert "no armed conflict with the two on opposite sides in 1992–2024" in text
    assert "0.61 in 2024 (90% band 0.25–0.98" in text
    assert "Russia (100%)" in text and "11 hostile events" in text
    assert "Iran's only arms supplier in 2020–2024 was Russia (100%)" in text  # one: singular


def test_rival_paragraph_names_take_their_article() -> None:
    two = pd.DataFrame({"supplier": ["United States", "Russia"], "share": [0.6, 0.4]})
    text = wording.rival_paragraph(
        "United States", profile(rival="Iran", suppliers=two), 1992, 2024
    )
    assert "between the United States and Iran" in text
    assert "Iran's main arms suppliers in 2020–2024 were the United States (60%) and Russia" in text
    assert "the United States' use of force" in text
    assert "United States's" not in text


def test_rival_paragraph_without_disputes_or_imports() -> None:
    none = profile(
        mids={"disputes": 0},
        suppliers=pd.DataFrame(columns=["supplier", "share"]),
        distance=pd.DataFrame(),
        clash_years=[2020, 2021, 2023],
        war_years=[2020],
        events=0,
    )
    text = wording.rival_paragraph("Armenia", none, 1992, 2024)
    assert "no militarised dispute between Armenia and Iran in 1992–2014" in text
    assert "in 3 years (2020–2021 and 2023), at war level (1,000+ deaths) in 2020" in text
    assert "SIPRI records no major-arms imports by Iran in 2020–2024" in text
    assert "UN General Assembly" not in text and "timeline" not in text


def test_rivals_and_conflict_sentences() -> None:
    chosen = wording.rivals_sentence("Armenia", ["Azerbaijan", "Türkiye"], 1992, True)
    assert "Azerbaijan and Türkiye, were chosen from the data" in chosen
    assert "partner is never one of them" in chosen
    assert "chosen for this report: Iran" in wording.rivals_sentence("X", ["Iran"], 1992, False)
    assert "no rival is compared" in wording.rivals_sentence("X", [], 1992, True)
    assert "secondary (supporting) party against a state" in wording.no_conflict_sentence(
        "Georgia", 1992, 2023
    )
    note = wording.secondary_note("Armenia", ["War A"])
    assert note.startswith("UCDP codes Armenia as a secondary") and "War A" in note


def test_secondary_note_sums_many_uncounted_years() -> None:
    """Up to four uncounted years are named one by one; more are given as a span and a total
    (Russia-Iran listed 30 years of Afghanistan vs UIFSA one by one)."""
    many = pd.DataFrame({"conflict": ["War A"] * 6, "year": range(2001, 2007), "best": [100] * 6})
    note = wording.secondary_note("Iran", ["War A"], many)
    assert (
        "without Iran among the parties in 6 years between 2001 and 2006 (600 deaths in all)"
        in note
    )
    few = many.head(2)
    assert "in 2001 (100 deaths) and 2002 (100 deaths):" in wording.secondary_note(
        "Iran", ["War A"], few
    )
