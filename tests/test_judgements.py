"""Key judgements: the likelihood and confidence rules on hand-made numbers, the wording, and
the judgements for the default pair from the real data."""

from dataclasses import replace

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
        (-0.03, ("steady", "roughly even")),  # below t: no direction stated
        (0.02, ("steady", "likely")),
        (0.005, ("steady", "likely")),
    ],
)
def test_direction_against_threshold(change, expected):
    assert J.direction(change, 0.05, "grows", "shrinks", "steady") == expected


def test_a_change_below_the_threshold_states_no_direction():
    # United States–Israel: the distance grew 0.08, under the alignment threshold 0.15
    j = J.judge(
        "alignment",
        -0.08,
        J.Evidence(**FRESH),
        ("converges", "diverges", "steady"),
        {
            "partner": "United States",
            "country": "Israel",
            "recent": 1.1,
            "earlier": 1.02,
            "recent_years": (2020, 2024),
            "earlier_years": (2015, 2019),
            "last_year": 2024,
            "latest": 1.12,
        },
        "Bilateral ties",
        "fig-ideal-point-distance",
    )
    assert (j.finding, j.likelihood) == ("steady", "roughly even")
    text = wording.sentence(j)
    assert "drifting apart" not in text and "changed little" not in text
    assert text.startswith(
        "The data cannot tell whether the United States and Israel are moving closer or apart"
    )
    assert text.endswith(
        "The change is too large to call little (0.075 or more) and too small to count as a "
        "shift (under 0.15)."
    )


def test_roughly_even_never_sits_beside_changed_little():
    """A steady finding says 'changed little' only when it is likely (under t / 2); between t / 2
    and t the sentence says the data cannot tell, with the bounds (Russia-Armenia: the spending
    ratio 3.2x -> 2.8x, -11%; Azerbaijan-Armenia hostility 3 -> 4 of 5 years)."""
    undecided = _balance(3.2, 2.8)
    assert (undecided.finding, undecided.likelihood) == ("steady", "roughly even")
    text = wording.sentence(undecided)
    assert "changed little" not in text
    assert "the data cannot tell whether the balance is shifting: " in text
    assert text.endswith("too small to count as a shift (under 20%).")
    # no likelihood word beside "the data cannot tell" (it read as a verdict); the rule's value
    # is unchanged
    assert wording.calibration(undecided, 2024).startswith(
        "No direction judged; confidence in the data"
    )
    assert "Roughly even" not in wording.calibration(undecided, 2024)
    little = _balance(3.2, 3.1)  # -3%
    assert (little.finding, little.likelihood) == ("steady", "likely")
    assert "the balance changed little: " in wording.sentence(little)
    assert "cannot tell" not in wording.sentence(little)
    for key, change in (("arms", 0.03), ("since_paper", -0.04), ("trade", 0.1), ("threat", 1)):
        j = replace(undecided, key=key, values={**undecided.values, "change": change})
        assert wording.undecided_note(j).startswith((" The change is", " A difference of 1 year"))


def _alignment(recent, earlier, latest):
    values = {
        "partner": "Israel",
        "country": "Azerbaijan",
        "recent": recent,
        "earlier": earlier,
        "recent_years": (2020, 2024),
        "earlier_years": (2015, 2019),
        "last_year": 2024,
        "latest": latest,
    }
    return J.judge(
        "alignment",
        earlier - recent,
        J.Evidence(**FRESH),
        ("converges", "diverges", "steady"),
        values,
        "Bilateral ties",
        "fig-ideal-point-distance",
        latest_change=earlier - latest,
        recent_change=recent - latest,
    )


def test_converging_needs_the_latest_value_and_trend_too():
    # averages fell by 0.3 but the latest year (2.81) is above the earlier average (2.60)
    mixed = _alignment(2.30, 2.60, 2.81)
    assert (mixed.finding, mixed.likelihood) == ("mixed", "roughly even")
    assert "no clear direction" in wording.sentence(mixed)
    assert "stood at 2.81 in 2024" in wording.sentence(mixed)
    # Israel–Azerbaijan 2024: averages 2.98 -> 2.60, latest 2.81 back above the recent average
    assert _alignment(2.60, 2.98, 2.81).finding == "mixed"
    assert _alignment(2.60, 2.98, 2.64).finding == "converges"  # 0.04 back: under t / 2


def test_latest_check_by_hand():
    assert J.latest_check("up", "up", "down", 0.1, None, 0.2)
    assert not J.latest_check("up", "up", "down", -0.1, None, 0.2)
    assert not J.latest_check("down", "up", "down", -0.1, 0.1, 0.2)
    assert J.latest_check("down", "up", "down", -0.1, 0.09, 0.2)
    assert J.latest_check("steady", "up", "down", 5.0, 5.0, 0.2)


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
    # "Roughly even" alone would read as a verdict on a balance: the reader sees it in full.
    even = replace(j, likelihood="roughly even")
    assert wording.calibration(even, 2024) == "Roughly even chance; confidence high."
    # a direction brought down to an even chance (small base, provisional years) is hedged in
    # the headline too: 'may be shrinking', never 'is shrinking' beside 'Roughly even chance'
    assert "Israel's role may be shrinking" in wording.sentence(even)
    assert "role is shrinking" not in wording.sentence(even)


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


def test_small_base_lowers_likelihood_and_is_said():
    # Israel–Azerbaijan: imports fell 92%, Israel's share 60% -> 21%
    evidence = J.Evidence(last_year=2024, end_year=2024, base=100, min_base=100, base_fell=True)
    values = dict(_arms(0.21, 0.60).values, small_base=recency.small_base(80.0, 1000.0))
    j = J.judge("arms", -0.39, evidence, ("grows", "shrinks", "steady"), values, "A", "fig-x")
    assert (j.finding, j.likelihood, j.confidence) == ("shrinks", "likely", "moderate")
    assert "imports in 2020–2024 were 92% below those of 2015–2019" in wording.sentence(j)


def test_flat_deliveries_with_a_moving_share_are_said():
    values = dict(
        _arms(0.59, 0.44).values,
        partner="Türkiye",
        tivs=[("2010–2014", 59.3), ("2015–2019", 43.8), ("2020–2024", 59.7)],
    )
    j = J.judge("arms", 0.15, J.Evidence(**FRESH), ("grows", "shrinks", "steady"), values, "A", "f")
    text = wording.sentence(j)
    assert "deliveries themselves were about flat" in text and "TIV 60\u00a0m in 2020–2024" in text
    many = dict(values, tivs=[("2015–2019", 10.0), ("2020–2024", 60.0)])
    j = J.judge("arms", 0.15, J.Evidence(**FRESH), ("grows", "shrinks", "steady"), many, "A", "f")
    assert "about flat" not in wording.sentence(j)


def _balance(previous, now, spend=(100.0, 209.0), rival=(30.0, 35.4)):
    values = {
        "country": "Azerbaijan",
        "rival": "Armenia",
        "ratio": now,
        "year": 2024,
        "previous_ratio": previous,
        "previous_year": 2019,
        "previous_spend": spend[0],
        "spend": spend[1],
        "previous_rival_spend": rival[0],
        "rival_spend": rival[1],
    }
    return J.judge(
        "balance",
        now / previous - 1,
        J.Evidence(**FRESH),
        ("widens", "narrows", "steady"),
        values,
        "Threat picture",
        "fig-x",
    )


def test_balance_is_judged_by_the_relative_change():
    # 0.3x -> 0.4x is a third more, not 'steady'
    j = _balance(0.3, 0.4)
    assert (j.finding, j.likelihood) == ("widens", "likely")
    text = wording.sentence(j)
    assert "lead is narrowing" in text and "0.40\u00d7" in text and "+33%" in text
    assert _balance(2.0, 2.3).finding == "steady"  # +15% < 20%


def test_judgement_six_agrees_with_judgement_one():
    arms_now = _arms(0.21, 0.60)  # latest period shrinks
    since = J.judge(
        "since_paper",
        0.2,
        J.Evidence(**FRESH),
        ("grows", "shrinks", "steady"),
        {
            "partner": "Israel",
            "country": "Azerbaijan",
            "share": 0.57,
            "previous_share": 0.37,
            "years": (2015, 2024),
            "previous_years": (2010, 2014),
            "paper_year": 2014,
            "rank": 1,
        },
        "Briefing",
        "tab-x",
    )
    assert since.finding == "grows"
    both = J.consistent(since, arms_now)
    assert (both.finding, both.likelihood) == ("mixed", "roughly even")
    text = wording.sentence(both)
    assert "rose, then fell in the latest period" in text and "21% in 2020–2024 alone" in text
    assert J.consistent(since, _arms(0.70, 0.60)).finding == "grows"


def test_threat_wording_dates_the_dispute_series():
    values = {
        "country": "Azerbaijan",
        "rival": "Armenia",
        "disputes": 8,
        "conflict_years": 12,
        "events": 10,
        "recent": 7,
        "earlier": 3,
        "recent_years": (2020, 2024),
        "earlier_years": (2015, 2019),
        "window": (1992, 2024),
        "mids_last_year": 2014,
    }
    j = J.judge("threat", 4, J.Evidence(**FRESH), ("rises", "falls", "steady"), values, "T", "t")
    text = wording.sentence(j)
    assert "8 militarised disputes (CoW, to 2014)" in text and "in 1992–2024" in text
    assert "hostile record" not in text
    assert "hostility recorded (a dispute, a conflict-year or a hostile event) in 7 of" in text
    assert "2020–2024 against 3 of 5 in 2015–2019" in text
    quiet = J.judge(
        "threat",
        4,
        J.Evidence(**FRESH),
        ("rises", "falls", "steady"),
        {**values, "latest_year": 2024, "latest_hostile": False},
        "T",
        "t",
        latest_change=0.0 - 3 / 5,
    )
    # 2024 without any record: a rise is not stated (the report's end-of-series rule)
    assert (quiet.finding, quiet.likelihood) == ("mixed", "roughly even")
    assert "(none in 2024)" in wording.sentence(quiet)
    assert "shows no clear direction" in wording.sentence(quiet)


def test_hostile_years_count_each_year_once():
    """The 2020 war is a UCDP conflict-year and several timeline events: one year."""
    years = J.hostile_years("AZE", "ARM", 2015, 2024)
    assert 2020 in years and 2024 not in years
    assert all(2015 <= y <= 2024 for y in years)
    j = J.threat_judgement("Israel", "Azerbaijan", 1992, 2024)
    assert j.values["recent"] == len({y for y in years if y >= 2020})
    assert j.values["earlier"] == len({y for y in years if y < 2020})
    assert j.values["latest_year"] == 2024 and j.values["latest_hostile"] is False
    assert j.finding != "rises"


def test_trade_leaves_out_an_anomaly_and_names_the_side():
    values = {
        "partner": "Türkiye",
        "country": "Azerbaijan",
        "recent": 2000.0,
        "earlier": 1500.0,
        "recent_years": (2015, 2019),
        "earlier_years": (2010, 2014),
        "last_year": 2019,
        "anomaly_year": 2020,
        "anomaly_direction": "low",
        "sides_disagree": True,
        "country_change": 0.6,
        "partner_change": 0.02,
    }
    j = J.judge(
        "trade",
        2000 / 1500 - 1,
        J.Evidence(last_year=2020, end_year=2024, agree=False),
        ("grows", "shrinks", "steady"),
        values,
        "Bilateral ties",
        "fig-x",
    )
    text = wording.sentence(j)
    assert "(2020 left out: unusually low against the five years before)" in text
    assert "in Azerbaijan's own reports trade changed +60%, in Türkiye's +2%" in text
    assert j.confidence == "low"
    # +33% is 'almost certain' alone; the other side's reports pointing the other way lower it
    assert j.likelihood == "likely"
    # data ending four years before the report: what the series showed, in the past tense
    assert text.startswith(
        "Trade between Türkiye and Azerbaijan grew in the IMF data, which end in 2020:"
    )
    fresh = J.judge(
        "trade", 0.33, J.Evidence(**FRESH), ("grows", "shrinks", "steady"), values, "B", "f"
    )
    assert wording.sentence(fresh).startswith("Trade between Türkiye and Azerbaijan is growing:")


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
    assert "US$1.05\u00a0bn a year in 2016–2020, \u221225% on 2011–2015" in wording.sentence(j)


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


def test_summary_trade_line_uses_the_judgements_windows():
    """The executive summary and key judgement 5 give the same average for the same years: an
    anomalous latest year (2020 for Israel–Azerbaijan) is left out of both."""
    from strategic_ties import fmt
    from strategic_ties.analysis import summary

    j = J.trade_judgement("Israel", "Azerbaijan", 1992, 2024)
    point = summary.trade_point("Israel", "Azerbaijan", 1992, 2024)
    first, last = j.values["recent_years"]
    assert j.values["anomaly_year"] == 2020 and (first, last) == (2015, 2019)
    assert f"the {fmt.span(first, last)} average ({fmt.money_usd(j.values['recent'])}" in point.text
    assert "2020 left out" in point.text
    assert point.values["five_year_change"] == pytest.approx(j.values["change"])
    since = summary.trade_since("Israel", "Azerbaijan")
    assert f"({fmt.money_usd(j.values['recent'])} without 2020, unusually low)" in since.text


def test_a_fall_resting_on_provisional_years_is_said_with_less_certainty():
    """Israel's share of Azerbaijan's arms imports fell in 2020-2024, but SIPRI records no
    Israeli delivery in 2023-2024, years SIPRI still revises: the absence is not evidence."""
    j = J.arms_judgement("Israel", "Azerbaijan", 1992, 2024, 5)
    assert j.finding == "shrinks"
    assert j.values["provisional_silence"] == (2023, 2024)
    assert "provisional" in j.reasons and j.confidence == "low"
    assert "SIPRI's latest 2 years, which SIPRI still revises" in wording.calibration(j, 2024)
    assert "SIPRI records no delivery from Israel in 2023–2024, years it still revises" in (
        wording.sentence(j)
    )
    steady = J.arms_judgement("United States", "Israel", 1992, 2024, 5)
    assert "provisional" not in steady.reasons  # deliveries recorded in 2023-2024
    evidence = J.Evidence(**FRESH, provisional=True)
    assert J.confidence(evidence) == ("moderate", ("provisional",))
    fall = J.judge("arms", -0.2, evidence, ("grows", "shrinks", "steady"), {}, "A", "a")
    assert (fall.finding, fall.likelihood) == ("shrinks", "likely")  # one step below certain


def test_an_importer_recording_a_fraction_of_the_flow_is_no_second_source():
    """Israel does not publish where its crude comes from: its imports from Azerbaijan hold a
    fraction of what Azerbaijan reports exporting, so Israel's own reports cannot check a trend."""
    years = list(range(2010, 2020))
    flows = pd.DataFrame(
        {
            "year": years,
            "a_exports_to_b": [1000.0] * 5 + [600.0] * 5,  # country's exports, e.g. crude
            "b_imports_from_a": [10.0] * 10,  # the partner records almost none of it
            "b_exports_to_a": [100.0] * 10,
            "a_imports_from_b": [90.0] * 10,  # within tolerance: a complete mirror
        }
    )
    window = {"recent_years": (2015, 2019), "earlier_years": (2010, 2014)}
    sides = J._sides(flows, window)
    assert sides["disagree"] and sides["incomplete"] == ("b",)
    values = {
        "partner": "Israel",
        "country": "Azerbaijan",
        "recent": 700.0,
        "earlier": 1100.0,
        **window,
        "last_year": 2019,
        "sides_disagree": True,
        "country_change": -0.36,
        "partner_change": 0.0,
        "incomplete_sides": ["Israel"],
    }
    j = J.judge("trade", 700 / 1100 - 1, J.Evidence(**FRESH), ("grows", "shrinks", "steady"),
                values, "B", "f")  # fmt: skip
    assert "Israel's import reports hold under 25% of what Azerbaijan reports exporting" in (
        wording.sentence(j)
    )
    real = J.trade_judgement("Israel", "Azerbaijan", 1992, 2024)
    assert sorted(real.values["incomplete_sides"]) == ["Azerbaijan", "Israel"]
    assert "disagree" not in real.reasons  # no usable second measure, so none that disagrees


@pytest.mark.skipif(
    not (paths.data_dir() / "catalog.yaml").is_file(), reason="processed data not built"
)
def test_silence_in_thin_records_is_not_read_as_calm():
    """Ukraine-Georgia: Russia, no record of hostility in 2015-2024, but the dispute data end
    in 2014 and the curated timeline names Georgia and Russia twice: only UCDP's armed conflicts
    speak for those years, so the judgement says the data cannot tell (was 'no clear change,
    Likely')."""
    j = J.threat_judgement("Ukraine", "Georgia", 1992, 2024)
    assert j.values["rival"] == "Russia" and j.values["recent"] == j.values["earlier"] == 0
    assert j.values["thin"] and j.values["timeline_events"] == 2 and j.values["mids_years"] == 0
    assert (j.finding, j.likelihood, j.confidence, j.reasons) == ("unknown", "", "low", ("thin",))
    text = wording.sentence(j)
    assert "principal threat" not in text and "no clear change" not in text
    assert text.startswith(
        "Russia ranks first among Georgia's rivals in the records, but the data cannot tell "
        "whether the hostility with it has changed: 12 militarised disputes (CoW, to 2014) and "
        "1 conflict-year (UCDP, last in 2008) in 1992–2024, and no hostility recorded in "
        "2015–2024"
    )
    assert wording.calibration(j, 2024) == (
        "Confidence low (the dispute data end in 2014 and the curated timeline has 2 events "
        "naming both, so hostility short of war in the years compared may go unrecorded)."
    )
    # the default pair's rival is followed by the timeline (14 events): judged as before
    armenia = J.threat_judgement("Israel", "Azerbaijan", 1992, 2024)
    assert armenia.values["rival"] == "Armenia" and not armenia.values["thin"]
    assert armenia.finding == "steady" and "thin" not in armenia.reasons
    # thin sources that do record hostility: judged, one step less confident
    assert J.confidence(J.Evidence(**FRESH, thin=True)) == ("moderate", ("thin",))


def test_a_rival_quiet_in_both_windows_is_not_called_the_principal_threat():
    values = {
        "country": "Georgia",
        "rival": "Russia",
        "disputes": 12,
        "conflict_years": 1,
        "events": 1,
        "recent": 0,
        "earlier": 0,
        "recent_years": (2020, 2024),
        "earlier_years": (2015, 2019),
        "window": (1992, 2024),
        "mids_last_year": 2014,
    }
    j = J.judge("threat", 0, J.Evidence(**FRESH), ("rises", "falls", "steady"), values, "T", "t")
    text = wording.sentence(j)
    assert "principal threat" not in text
    assert text.startswith(
        "Russia ranks first among Georgia's rivals in the records, but no hostility with it is "
        "recorded in 2015–2024:"
    )


@pytest.mark.skipif(
    not (paths.data_dir() / "catalog.yaml").is_file(), reason="processed data not built"
)
def test_russia_iran_principal_threat_is_the_state_at_war_with_it():
    """Iran's principal threat was Iraq (16 disputes to 2011, nothing in 2015-2024) while UCDP
    lists Iran against Israel in 2018-2024: the ranking weighs recent hostility first."""
    from strategic_ties.wording import threats as threat_words

    j = J.threat_judgement("Russia", "Iran", 1992, 2024)
    assert j.values["rival"] == "Israel" and j.values["conflict_years"] == 7
    assert (j.values["recent"], j.values["earlier"]) == (5, 2)
    assert j.finding == "rises" and j.values["conflict_last"] == 2024
    assert wording.sentence(j).startswith(
        "Israel is Iran's principal threat, and the hostility recorded with it is rising"
    )
    text = threat_words.rivals_sentence("Iran", ["Israel"], 1992, True)
    assert "in the last 10 years the records cover, then since 1992" in text


@pytest.mark.skipif(
    not (paths.data_dir() / "catalog.yaml").is_file(), reason="processed data not built"
)
def test_arms_verdicts_stay_within_the_evidence():
    """Türkiye-Azerbaijan: Türkiye's deliveries about flat, its share up only because
    Azerbaijan's imports fell 92% (was 'role is growing, Likely'); France-Armenia: first
    deliveries in 2023 and two orders waiting (was 'changed little'); Ukraine-Georgia: nothing
    in either period, 56% in 2005-2009, last delivery 2009 (was '0% against 0%, Likely')."""
    turkiye = J.arms_judgement("Türkiye", "Azerbaijan", 1992, 2024, 5)
    assert turkiye.finding == "grows" and turkiye.values["flat"]
    assert turkiye.likelihood == "roughly even"  # certain, less a small base, less flat
    assert (
        "and Türkiye's share grew because Azerbaijan's imports fell, not because Türkiye's "
        "deliveries changed: Türkiye supplied 59%"
    ) in wording.sentence(turkiye)
    assert "role is growing" not in wording.sentence(turkiye)

    france = J.arms_judgement("France", "Armenia", 1992, 2024, 5)
    assert (france.finding, france.likelihood) == ("new", "")
    assert france.values["first_delivery"] == 2023 and france.values["pending"] == 2
    text = wording.sentence(france)
    assert text.startswith(
        "India is Armenia's largest arms supplier (63%), and France has only begun to supply it: "
        "France supplied 4% of its imports of major arms in 2020–2024, against 0% in 2015–2019; "
        "its first recorded deliveries to Armenia came in 2023; 2 orders placed in 2023–2024 "
        "(Ground Master-200, CAESAR 155mm) await delivery in SIPRI's data to 2024."
    )
    assert wording.calibration(france, 2024) == "Confidence moderate (a small base)."

    ukraine = J.arms_judgement("Ukraine", "Georgia", 1992, 2024, 5)
    assert (ukraine.finding, ukraine.likelihood) == ("none", "")
    assert ukraine.values["last_delivery"] == 2009
    assert wording.sentence(ukraine) == (
        "Türkiye is Georgia's largest arms supplier (71%), and Ukraine has delivered no major "
        "arms to it since 2009: SIPRI records none from Ukraine to Georgia in 2015–2024, against "
        "56% of Georgia's imports in 2005–2009, its last period with deliveries."
    )
    assert not wording.calibration(ukraine, 2024).startswith("Likely")
    # the default pair is judged as before
    israel = J.arms_judgement("Israel", "Azerbaijan", 1992, 2024, 5)
    assert (israel.finding, israel.likelihood) == ("shrinks", "roughly even")
    assert not israel.values["flat"]


@pytest.mark.skipif(
    not (paths.data_dir() / "catalog.yaml").is_file(), reason="processed data not built"
)
def test_imf_estimates_are_no_sides_own_report_in_judgement_five():
    """Russia-Iran: Iran's exports to Russia for 2000-2020 are IMF estimates, so 'in Iran's own
    reports trade changed +44%' compared an estimate with Russia's figures."""
    j = J.trade_judgement("Russia", "Iran", 1992, 2024)
    assert j.values["estimated_sides"] == ["Iran"] and j.values["country_change"] is None
    assert "disagree" not in j.reasons
    text = wording.sentence(j)
    assert "Iran's own reports" not in text and "+44%" not in text
    assert text.endswith(
        "Iran's reports for 2011–2020 are partly IMF estimates (flagged 'e' in DOTS), not its "
        "own figures, so they are no check on the trend."
    )
    default = J.trade_judgement("Israel", "Azerbaijan", 1992, 2024)
    assert default.values["estimated_sides"] == []


@pytest.mark.skipif(
    not (paths.data_dir() / "catalog.yaml").is_file(), reason="processed data not built"
)
def test_judgement_one_names_the_flow_the_other_way():
    """SIPRI: Iran supplied 64% of Russia's arms imports in 2020-2024 (none in 2015-2019);
    key judgement 1 on Russia-Iran said nothing of it. Israel-Azerbaijan has no such flow."""
    j = J.arms_judgement("Russia", "Iran", 1992, 2024, 5)
    assert j.values["reverse"]["rank"] == 1 and round(j.values["reverse"]["share"], 2) == 0.64
    assert wording.sentence(j).endswith(
        "The flow also runs the other way: Iran supplied 64% of Russia's imports of major arms "
        "in 2020–2024 (its largest supplier), against none in 2015–2019."
    )
    assert J.arms_judgement("Israel", "Azerbaijan", 1992, 2024, 5).values["reverse"] is None
    # North Korea imported nothing in 2020-2024: no largest supplier to name (was a crash)
    korea = J.arms_judgement("Russia", "North Korea", 1992, 2024, 5)
    assert wording.sentence(korea).startswith(
        "North Korea imported no major arms in 2020–2024, and Russia has delivered no major arms "
        "to it since 2010"
    )
    assert "its 2nd largest supplier" in wording.sentence(korea)
    # a partner that never delivered: the whole SIPRI coverage, not only the two periods
    india = J.arms_judgement("India", "Israel", 1992, 2024, 5)
    assert (
        "India has never delivered major arms to it in SIPRI's records: SIPRI records none from "
        "India to Israel in 1995–2024."
    ) in wording.sentence(india)


def test_since_paper_shares_judgement_1_s_provisional_years():
    """Judgement 6 pools the years since the paper, which end in judgement 1's latest period:
    when judgement 1 rests on SIPRI's provisional years, judgement 6's confidence drops too
    (Israel-Azerbaijan: 'confidence high' beside judgement 1's 'low' on the same deliveries)."""
    from strategic_ties.analysis import judgements as rules

    since = rules.Judgement("since_paper", "grows", "likely", "high", (), {"share": 0.5})
    arms_now = rules.Judgement(
        "arms",
        "shrinks",
        "roughly even",
        "low",
        ("base", "provisional"),
        {"period": "2020–2024", "share": 0.21},
    )
    joined = rules.consistent(since, arms_now)
    assert joined.finding == "mixed" and joined.reasons == ("provisional",)
    assert joined.confidence == "moderate"
    assert "No direction judged" in wording.calibration(joined, 2024)
