"""Key judgements: the likelihood and confidence rules on hand-made numbers, the wording, and
the judgements for the default pair from the real data."""

import pandas as pd
import pytest

from strategic_ties import paths, recency
from strategic_ties.analysis import judgements as J
from strategic_ties.pipeline.exporters import resolve_refs
from strategic_ties.wording import briefing as wording

FRESH = {"last_year": 2024, "end_year": 2024}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (0.12, ("grows", "almost certain")),
        (0.06, ("grows", "likely")),
        (-0.03, ("shrinks", "roughly even")),
        (0.02, ("steady", "roughly even")),
        (0.005, ("steady", "likely")),
    ],
)
def test_direction_against_threshold(change, expected):
    assert J.direction(change, 0.05, "grows", "shrinks", "steady") == expected


def test_confidence_is_high_with_fresh_full_data():
    assert J.confidence(J.Evidence(**FRESH, years_covered=10, years_needed=10)) == ("high", ())


def test_stale_data_lower_confidence():
    stale = J.Evidence(last_year=2024 - recency.STALE_YEARS, end_year=2024)
    assert J.confidence(stale) == ("moderate", ("stale",))
    nearly = J.Evidence(last_year=2024 - recency.STALE_YEARS + 1, end_year=2024)
    assert J.confidence(nearly) == ("high", ())
    assert J.confidence(J.Evidence(last_year=None, end_year=2024))[0] == "moderate"


def test_each_weakness_lowers_one_step_down_to_low():
    assert J.confidence(J.Evidence(**FRESH, base=40, min_base=100)) == ("moderate", ("base",))
    assert J.confidence(J.Evidence(**FRESH, base_fell=True))[1] == ("base",)
    assert J.confidence(J.Evidence(**FRESH, years_covered=5, years_needed=10)) == (
        "moderate",
        ("coverage",),
    )
    assert J.confidence(J.Evidence(**FRESH, years_covered=6, years_needed=10))[0] == "high"
    assert J.confidence(J.Evidence(**FRESH, agree=False)) == ("moderate", ("disagree",))
    assert J.confidence(J.Evidence(**FRESH, agree=True))[0] == "high"
    worst = J.Evidence(last_year=2018, end_year=2024, base=1, min_base=100, agree=False)
    assert J.confidence(worst) == ("low", ("stale", "base", "disagree"))


def _arms(share, previous, last_year=2024):
    evidence = J.Evidence(last_year=last_year, end_year=2024, base=500, min_base=100)
    values = {
        "partner": "Israel",
        "country": "Azerbaijan",
        "period": "2020–2024",
        "previous_period": "2015–2019",
        "share": share,
        "previous_share": previous,
        "rank": 2,
        "top_supplier": "Türkiye",
        "top_share": 0.59,
        "total": 500.0,
        "last_year": last_year,
    }
    return J.judge(
        "arms",
        share - previous,
        evidence,
        ("grows", "shrinks", "steady"),
        values,
        "Arms trade",
        "fig-imports-by-supplier",
    )


def test_arms_judgement_and_its_wording():
    j = _arms(0.21, 0.60)
    assert (j.finding, j.likelihood, j.confidence) == ("shrinks", "almost certain", "high")
    text = wording.sentence(j)
    assert text.startswith("Türkiye is Azerbaijan's largest arms supplier (59%)")
    assert "Israel's role is shrinking" in text and "21%" in text and "60%" in text
    assert "\u221239 percentage points" in text
    assert wording.calibration(j, 2024) == "Almost certain; confidence high."
    old = _arms(0.21, 0.60, last_year=2020)
    assert old.confidence == "moderate"
    assert wording.calibration(old, 2024).endswith("(the data end 3 years or more before 2024).")


def test_arms_judgement_names_take_their_article():
    j = _arms(0.66, 0.76)
    us = J.Judgement(
        **{
            **j.__dict__,
            "values": {
                **j.values,
                "partner": "United States",
                "country": "Israel",
                "top_supplier": "United States",
            },
        }
    )
    text = wording.sentence(us)
    assert text.startswith(
        "The United States is Israel's largest arms supplier, and the United "
        "States' role is shrinking: the United States supplied 66%"
    )


def test_item_links_to_its_figure_and_the_number_is_filled_in():
    item = wording.judgements_html([_arms(0.21, 0.60)], 2024)
    assert '<a class="st-ref" href="#fig-imports-by-supplier">Figure</a>' in item
    body = (
        '<figure class="st-figure" id="fig-imports-by-supplier"><img alt="x"><figcaption>'
        '<span class="st-label">Figure 4.</span></figcaption></figure>' + item
    )
    assert 'href="#fig-imports-by-supplier">Figure 4</a>' in resolve_refs(body)


def test_trade_wording_uses_the_house_style():
    evidence = J.Evidence(last_year=2020, end_year=2024)
    values = {
        "partner": "Israel",
        "country": "Azerbaijan",
        "recent": 1053.8,
        "earlier": 1409.1,
        "recent_years": (2016, 2020),
        "earlier_years": (2011, 2015),
        "last_year": 2020,
    }
    j = J.judge(
        "trade",
        1053.8 / 1409.1 - 1,
        evidence,
        ("grows", "shrinks", "steady"),
        values,
        "Bilateral ties",
        "fig-trade-both-reports",
    )
    assert (j.finding, j.likelihood, j.confidence) == ("shrinks", "likely", "moderate")
    assert "US$1.05 bn a year in 2016–2020, \u221225% on 2011–2015" in wording.sentence(j)


def test_cover_rows_in_reader_words():
    from strategic_ties.params import validate

    rows = dict(wording.cover_rows(validate({"start_year": 1992, "end_year": 2024})))
    assert rows["Years covered"] == "1992–2024; arms periods of five years"
    assert "start_year" not in rows and "period_years" not in rows


def test_rules_are_written_for_the_methods_appendix():
    text = wording.rules_markdown()
    for word in (*J.LIKELIHOOD, *J.CONFIDENCE):
        assert word in text
    assert "5 percentage points" in text


@pytest.mark.skipif(
    not (paths.data_dir() / "catalog.yaml").is_file(), reason="processed data not built"
)
def test_default_pair_from_the_real_data():
    from strategic_ties.params import validate

    found = J.key_judgements(validate({}))
    keys = [j.key for j in found]
    assert keys[:2] == ["arms", "alignment"] and "since_paper" in keys and "trade" in keys
    assert 5 <= len(found) <= 7 or "threat" not in keys
    trade = next(j for j in found if j.key == "trade")
    assert "stale" in trade.reasons  # IMF DOTS ends in 2020
    for j in found:
        assert j.likelihood in J.LIKELIHOOD and j.confidence in J.CONFIDENCE
        assert j.anchor.startswith(("fig-", "tab-")) and wording.sentence(j)
    other = J.key_judgements(validate({"partner": "Russia", "country": "Armenia"}))
    assert "since_paper" not in [j.key for j in other]
    assert isinstance(pd.DataFrame([j.values for j in other]), pd.DataFrame)
