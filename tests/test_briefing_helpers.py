"""The small presentation helpers the briefing notebook calls (moved out of the notebook)."""

from __future__ import annotations

import pandas as pd

from strategic_ties import catalog, charts
from strategic_ties.paper import claims


def _displayed_markdown(monkeypatch, func, *args) -> str:
    shown: list[str] = []
    monkeypatch.setattr(charts, "display", lambda obj, **_: shown.append(obj.data))
    func(*args)
    assert len(shown) == 1
    return shown[0]


def test_bullets_bold_topics_and_escaped_text(monkeypatch):
    text = _displayed_markdown(
        monkeypatch, charts.bullets, [("Arms", "Israel 60%"), ("Trade", "<script>x</script>")]
    )
    assert text == "- **Arms.** Israel 60%\n- **Trade.** &#60;script&#62;x&#60;/script&#62;"


def test_source_notes_are_unique_and_in_order():
    first, second = catalog.source_note("arms_deliveries"), catalog.source_note("events")
    joined = catalog.source_notes("arms_deliveries", "events", "arms_deliveries")
    assert joined == f"{first}; {second}"


def test_ledger_display_columns_and_order():
    rows = pd.DataFrame(
        {
            "id": ["C01"],
            "section": ["Arms"],
            "kind": ["paper"],
            "claim": ["Israel sells drones"],
            "finding": ["Heron, Hermes delivered"],
            "verdict": ["supported"],
            "source": ["SIPRI"],
        }
    )
    shown = claims.ledger_display(rows)
    assert list(shown.columns) == [
        "No.",
        "Claim (paraphrased)",
        "What the data say",
        "Verdict",
        "Source",
    ]
    assert shown.iloc[0].tolist() == [
        "C01",
        "Israel sells drones",
        "Heron, Hermes delivered",
        "supported",
        "SIPRI",
    ]


def test_spending_since_skips_a_zero_base_year():
    """A state that spent nothing in the paper's year has no percentage change (not a crash)."""
    from strategic_ties import datasets
    from strategic_ties.analysis import summary

    frame = datasets.load("military_expenditure")
    frame.loc[
        (frame["iso3"] == "AZE") & (frame["year"] == summary.PAPER_YEAR), "constant_usd_m"
    ] = 0
    point = summary.spending_since("Azerbaijan", ["Armenia"], 2024, data=frame)
    assert "AZE" not in point.values
    assert "ARM" in point.values and "Armenia" in point.text and "Azerbaijan" not in point.text


def test_conflict_point_names_the_conflict_with_its_article():
    """One conflict: 'all in the Nagorno-Karabakh conflict'; several: 'the deadliest, the ...'."""
    from strategic_ties.analysis import summary

    one = summary.conflict_point("Armenia", 1992, 2024).text
    assert "all in the Nagorno-Karabakh conflict, which peaked at" in one and "1992–" in one
    several = summary.conflict_point("Azerbaijan", 1992, 2024).text
    assert "conflicts); the deadliest, the Nagorno-Karabakh conflict, peaked at" in several


def test_arms_point_says_none_recorded_not_zero_percent():
    """Ukraine to Georgia: no SIPRI delivery in 2020-2024 reads as an absence of record, not as
    '0% ... (no deliveries recorded)'."""
    from strategic_ties.analysis import summary

    text = summary.arms_point("Ukraine", "Georgia", 1992, 2024, 5).text
    assert text.startswith(
        "SIPRI records no delivery of major arms from Ukraine to Georgia in 2020–2024"
    )
    assert "0%" not in text.split(",")[0]


def test_matrix_sentence_names_states_with_their_article():
    from strategic_ties.analysis import threats

    values = threats.threat_matrix_values(
        "Iran", ["Israel", "United States", "Türkiye"], 1992, 2024, 5
    )
    assert threats.matrix_sentences(values, "Iran")[0] == (
        "Israel, the United States and Türkiye outspend Iran."
    )
