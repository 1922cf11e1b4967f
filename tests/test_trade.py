"""Bilateral trade: hand-made DOTS and press tables with hand-computed answers, then the real data."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from strategic_ties.analysis import energy, key_figures, trade, trade_press
from strategic_ties.errors import ParameterError, UserError


def _trade_row(reporter, partner, flow, year, value, estimate=False, kind="state"):
    names = {"AZE": "Azerbaijan, Rep. of", "ISR": "Israel", "ITA": "Italy", "TUR": "Turkey"}
    names |= {"RUS": "Russian Federation", None: partner}
    return {
        "reporter": names.get(reporter, reporter),
        "reporter_iso3": reporter,
        "partner": names.get(partner, partner) if partner else "World",
        "partner_iso3": partner,
        "partner_kind": kind,
        "flow": flow,
        "year": year,
        "value_usd_m": value,
        "estimate": estimate,
        "source": "fixture",
    }


def _frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    for column in ("reporter", "reporter_iso3", "partner", "partner_iso3", "partner_kind", "flow"):
        frame[column] = frame[column].astype("string")
    frame["year"] = frame["year"].astype("Int64")
    frame["estimate"] = frame["estimate"].astype("boolean")
    return frame


@pytest.fixture
def dots() -> pd.DataFrame:
    """Azerbaijan (A) and Israel (B), 2007-2010, plus Azerbaijan's other destinations in 2008."""
    return _frame(
        [
            _trade_row("AZE", "ISR", "exports", 2008, 100.0),
            _trade_row("AZE", "ISR", "exports", 2009, 50.0, estimate=True),
            _trade_row("AZE", "ISR", "imports", 2008, 10.0),
            _trade_row("ISR", "AZE", "imports", 2008, 1.0),
            _trade_row("ISR", "AZE", "exports", 2008, 12.0),
            _trade_row("ISR", "AZE", "exports", 2009, 8.0),
            _trade_row("ISR", "AZE", "imports", 2010, 5.0),
            _trade_row("AZE", "ITA", "exports", 2007, 10.0),
            _trade_row("AZE", "ITA", "exports", 2008, 500.0),
            _trade_row("AZE", "TUR", "exports", 2008, 100.0),
            _trade_row("AZE", "RUS", "exports", 2008, 50.0),
            _trade_row("AZE", None, "exports", 2008, 1000.0, kind="aggregate"),
            _trade_row("AZE", None, "exports", 2008, 30.0, kind="aggregate"),
            _trade_row("AZE", "TUR", "imports", 2008, 999.0),
        ]
    )


def test_bilateral_trade_both_reports_and_mirror_gaps(dots):
    out = trade.bilateral_trade("Azerbaijan", "isr", data=dots)
    assert out["year"].tolist() == [2008, 2009, 2010]
    y2008, y2009, y2010 = (out.iloc[i] for i in range(3))
    assert (y2008["a_exports_to_b"], y2008["a_imports_from_b"]) == (100.0, 10.0)
    assert (y2008["b_exports_to_a"], y2008["b_imports_from_a"]) == (12.0, 1.0)
    assert y2008["gap_a_to_b"] == 99.0  # 100 reported by AZE - 1 reported by ISR
    assert y2008["gap_b_to_a"] == 2.0  # 12 - 10
    assert (y2008["a_to_b"], y2008["b_to_a"], y2008["turnover"]) == (100.0, 12.0, 112.0)
    assert y2008["a_to_b_basis"] == "exporter"
    # 2009: the estimate flag travels; nothing to compare the exports with
    assert bool(y2009["a_exports_to_b_estimate"]) and not bool(y2009["b_exports_to_a_estimate"])
    assert math.isnan(y2009["gap_a_to_b"]) and y2009["turnover"] == 58.0
    # 2010: only Israel's import report: the mirror stands in for the A->B flow
    assert y2010["a_to_b"] == 5.0 and y2010["a_to_b_basis"] == "importer (mirror)"
    assert pd.isna(y2010["b_to_a_basis"]) and y2010["turnover"] == 5.0
    assert out.attrs == {"a": "AZE", "b": "ISR"}


def test_mirror_summary(dots):
    out = trade.mirror_summary(trade.bilateral_trade("AZE", "ISR", data=dots)).set_index(
        "direction"
    )
    # AZE->ISR: only 2008 has both reports: ISR's 1 against AZE's 100
    assert out.loc["a_to_b", "years"] == 1 and out.loc["a_to_b", "median_ratio"] == 0.01
    assert (out.loc["a_to_b", "gap_year"], out.loc["a_to_b", "gap_importer_usd_m"]) == (2008, 1.0)
    # ISR->AZE: 2008, AZE's 10 against ISR's 12
    assert out.loc["b_to_a", "median_ratio"] == pytest.approx(10 / 12)
    empty = trade.mirror_summary(trade.bilateral_trade("AZE", "ISR", 2010, 2010, data=dots))
    assert empty["years"].tolist() == [0, 0] and empty["median_ratio"].isna().all()


def test_named_columns(dots):
    named = trade.named_columns(trade.bilateral_trade("AZE", "ISR", data=dots))
    assert {"aze_exports_to_isr", "isr_imports_from_aze_estimate", "gap_aze_to_isr"} <= set(
        named.columns
    )
    assert "turnover" in named.columns and "year" in named.columns


def test_bilateral_trade_is_symmetric_and_filters_years(dots):
    out = trade.bilateral_trade("Israel", "AZE", 2009, 2010, data=dots)
    assert out["year"].tolist() == [2009, 2010]
    assert out.iloc[0]["a_exports_to_b"] == 8.0 and out.iloc[0]["b_exports_to_a"] == 50.0
    assert out.iloc[1]["b_to_a"] == 5.0


def test_bilateral_trade_without_data_is_empty(dots):
    out = trade.bilateral_trade("Armenia", "Israel", data=dots)
    assert out.empty and "turnover" in out.columns


def test_bilateral_trade_rejects_bad_countries(dots):
    with pytest.raises(UserError, match="Narnia"):
        trade.bilateral_trade("Narnia", "Israel", data=dots)
    with pytest.raises(ParameterError, match="two different"):
        trade.bilateral_trade("Israel", "ISR", data=dots)
    with pytest.raises(ParameterError, match="reversed"):
        trade.bilateral_trade("AZE", "ISR", 2010, 2008, data=dots)


def test_partner_ranks_exclude_aggregates_and_share_ties(dots):
    out = trade.partner_ranks("AZE", "Israel", "exports", data=dots)
    assert out["year"].tolist() == [2007, 2008, 2009]
    y2007, y2008, y2009 = (out.iloc[i] for i in range(3))
    # 2007: Israel absent (Italy only): share 0, no rank
    assert y2007["value_usd_m"] == 0.0 and y2007["share_pct"] == 0.0 and pd.isna(y2007["rank"])
    # 2008: ITA 500, ISR 100, TUR 100, RUS 50 (World and the 30 unallocated are aggregates)
    assert y2008["total_usd_m"] == 750.0 and y2008["partners"] == 4
    assert y2008["rank"] == 2  # tied with Türkiye, both take the better rank
    assert y2008["share_pct"] == pytest.approx(100 / 750 * 100)
    assert (y2009["share_pct"], y2009["rank"]) == (100.0, 1)


def test_partner_rank_one_year_and_errors(dots):
    got = trade.partner_rank("Azerbaijan", "Türkiye", "Exports, FOB", 2008, data=dots)
    assert got["rank"] == 2 and got["partner"] == "TUR" and got["flow"] == "exports"
    assert got["share_pct"] == pytest.approx(100 / 750 * 100)
    imports = trade.partner_rank("AZE", "TUR", "imports", 2008, data=dots)
    assert imports["share_pct"] == pytest.approx(999 / (999 + 10) * 100) and imports["rank"] == 1
    with pytest.raises(ParameterError, match="reported no exports by partner for 2015"):
        trade.partner_rank("AZE", "ISR", "exports", 2015, data=dots)
    with pytest.raises(ParameterError, match="'exports' or 'imports'"):
        trade.partner_rank("AZE", "ISR", "re-exports", 2008, data=dots)


@pytest.fixture
def press() -> pd.DataFrame:
    rows = [
        ("2021", "AZE-ISR trade turnover", 928.4, ""),
        ("2021-01..2021-07", "AZE exports to ISR", 460.5, ""),
        ("2022", "AZE total exports", 38100.0, ""),
        ("2022-01..2022-11", "AZE-ISR trade turnover", 7000.0, "SUSPECT: likely a typo"),
    ]
    frame = pd.DataFrame(
        {
            "period": [r[0] for r in rows],
            "agency": "fixture",
            "metric": [r[1] for r in rows],
            "value": [r[2] for r in rows],
            "unit": "USD million",
            "publisher": "fixture",
            "published": "2023",
            "url": "https://example.com/a",
            "note": [r[3] for r in rows],
            "suspect": [r[3].startswith("SUSPECT") for r in rows],
        }
    )
    return frame.astype({c: "string" for c in frame.columns if c not in ("value", "suspect")})


def test_press_figures_keep_the_pair_and_flag_suspect(press):
    out = trade_press.press_figures("Israel", "Azerbaijan", data=press)
    assert out["period"].tolist() == ["2021", "2021-01..2021-07", "2022-01..2022-11"]
    assert out["year"].tolist() == [2021, 2021, 2022]
    assert out["full_year"].tolist() == [True, False, False]
    assert out["suspect"].tolist() == [False, False, True]
    assert trade_press.press_figures("Russia", "Armenia", data=press).empty


def test_key_figures_on_fixtures(dots, press):
    votes = pd.DataFrame(
        {
            "rcid": [1, 1, 2, 2],
            "iso3": ["ISR", "AZE", "ISR", "AZE"],
            "vote": ["yes", "no", "yes", "yes"],
            "year": [2000, 2000, 2001, 2001],
            "middle_east": [True, True, False, False],
        }
    )
    points = pd.DataFrame(
        {
            "iso3": ["ISR", "AZE"],
            "year": [2024, 2024],
            "ideal_point": [2.0, -0.5],
            "q5": [float("nan")] * 2,
            "q95": [float("nan")] * 2,
        }
    )
    kf = key_figures.key_figures(
        "Israel",
        "Azerbaijan",
        trade=dots,
        trade_press=press,
        votes=votes,
        ideal_points=points,
        min_votes=1,
    )
    assert (kf.largest_trade_year, kf.largest_trade_usd_m) == (2008, 112.0)
    assert kf.largest_country_to_partner_usd_m == 100.0
    assert (kf.latest_trade_year, kf.latest_trade_usd_m) == (2010, 5.0)
    assert kf.latest_partner_to_country_usd_m is None
    assert kf.partner_share_of_country_exports_pct is None  # AZE reported no exports in 2010
    assert (kf.press_latest_year, kf.press_latest_turnover_usd_m) == (2021, 928.4)
    assert (kf.agreement_first_mean, kf.agreement_last_mean) == (0.5, 0.5)  # 2000-2001 pooled
    assert kf.agreement_trend == "rising" and kf.agreement_trend_per_decade == pytest.approx(10.0)
    assert kf.agreement_mean_without_middle_east == 1.0
    assert (kf.ideal_point_distance_year, kf.ideal_point_distance) == (2024, 2.5)
    assert kf.as_dict()["partner"] == "Israel"


def test_fuel_import_proxy_on_fixtures(dots):
    world = _frame([_trade_row("ISR", None, "imports", 2008, 2000.0, kind="aggregate")])
    fuel = pd.DataFrame(
        {"iso3": ["ISR", "ISR"], "year": [2008, 2009], "fuel_share_pct": [25.0, 20.0]}
    )
    out = energy.fuel_import_proxy("AZE", "ISR", trade=pd.concat([dots, world]), fuel=fuel)
    assert out["year"].tolist() == [2008]  # 2009 lacks Israel's total imports
    row = out.iloc[0]
    assert row["fuel_imports_usd_m"] == 500.0  # 2000 x 25%
    assert row["share_of_fuel_imports_pct"] == 20.0  # 100 / 500
    assert row["share_of_total_imports_pct"] == 5.0  # 100 / 2000
    assert energy.oil_proxy_available("Azerbaijan", "Israel")
    assert not energy.oil_proxy_available("Armenia", "Russia")


# --- the real processed data -------------------------------------------------------------


def test_real_azerbaijan_exports_to_israel_2008():
    out = trade.bilateral_trade("AZE", "ISR", 1992, 2020)
    y2008 = out[out["year"] == 2008].iloc[0]
    assert y2008["a_exports_to_b"] == pytest.approx(3605.8, abs=0.1)  # The Economist: $3.6bn
    assert out.set_index("year").loc[2009, "a_exports_to_b"] == pytest.approx(1236.2, abs=0.1)
    # Israel reports almost none of it (no origin for its crude): the mirror gap is the flow
    assert out["b_imports_from_a"].max() <= 13.7 + 1e-6
    assert y2008["gap_a_to_b"] == pytest.approx(3605.8 - 0.3, abs=0.1)


def test_real_partner_rank_is_consistent_with_the_bilateral_flow():
    got = trade.partner_rank("Azerbaijan", "Israel", "exports", 2008)
    assert got["value_usd_m"] == pytest.approx(3605.8, abs=0.1)
    assert got["share_pct"] == pytest.approx(got["value_usd_m"] / got["total_usd_m"] * 100)
    assert 1 <= got["rank"] <= 10 and got["partners"] > 20


def test_real_press_figures_for_the_default_pair():
    out = trade_press.press_figures("Israel", "Azerbaijan")
    full = out[out["full_year"] & out["metric"].str.contains("turnover")]
    assert full.set_index("year").loc[2021, "value"] == pytest.approx(928.4)
    assert out["suspect"].sum() == 1


def test_real_fuel_proxy_matches_the_derived_estimate(raw_data):
    """Same numbers as the estimate shipped in energy/ (computed there by an independent script)."""
    derived = pd.read_csv(
        raw_data / "energy" / "azerbaijan_share_of_israel_fuel_imports_estimate.clean.csv"
    ).set_index("year")
    out = energy.fuel_import_proxy("AZE", "ISR", 1995, 2020).set_index("year")
    assert len(out) == 26
    expected = derived.loc[out.index, "aze_exports_to_isr_share_of_isr_fuel_imports_pct"]
    assert out["share_of_fuel_imports_pct"].round(3).tolist() == pytest.approx(
        expected.tolist(), abs=0.002
    )
    assert out.loc[2008, "share_of_fuel_imports_pct"] == pytest.approx(28.094, abs=0.01)


def test_press_vs_dots_compares_like_with_like(dots, press):
    extra = press.iloc[[0, 0]].copy()
    extra["period"] = ["2008", "2009"]
    extra["metric"] = ["AZE exports to ISR", "AZE-ISR trade turnover"]
    extra["value"] = [110.0, 29.0]
    out = trade_press.press_vs_dots(
        "Azerbaijan", "Israel", press=pd.concat([press, extra]), data=dots
    )
    assert out["year"].tolist() == [2008, 2009]  # 2021 is beyond the DOTS years
    assert out["dots_value"].tolist() == [100.0, 58.0]  # AZE exports; turnover 50 + 8
    assert out["difference_pct"].tolist() == pytest.approx([10.0, -50.0])


def test_key_figures_table_says_no_data(dots, press):
    kf = key_figures.key_figures(
        "Russia",
        "Armenia",
        trade=dots,
        trade_press=press,
        votes=_no_votes(),
        ideal_points=_no_points(),
    )
    table = kf.table()
    assert list(table.columns) == ["figure", "value", "source"]
    assert (table["value"] == "no data").all()


def _no_votes() -> pd.DataFrame:
    return pd.DataFrame({"rcid": [], "iso3": [], "vote": [], "year": [], "middle_east": []})


def _no_points() -> pd.DataFrame:
    return pd.DataFrame({"iso3": [], "year": [], "ideal_point": [], "q5": [], "q95": []})


def test_period_label():
    assert trade_press.period_label("2020-01..2020-07") == "Jan–Jul 2020"
    assert trade_press.period_label("2022-11..2023-02") == "Nov 2022–Feb 2023"
    assert trade_press.period_label("2024-01") == "Jan 2024"
    assert trade_press.period_label("2021") == "2021"
    assert trade_press.period_label(None) == ""


def test_oil_press_figures_match_names_and_sort():
    rows = [
        ("2024-01", "Azerbaijan", "Israel", 523.5),
        ("unknown year; 5 months", "Azerbaijan", "Israel", 385.5),
        ("2020-01..2020-06", "Azerbaijan", "Israel", 809.1),
        ("2024-01", "Azerbaijan", "Italy", 179.2),
        ("2023", "Azerbaijan", "EU27", 20300.0),
    ]
    oil = pd.DataFrame(rows, columns=["period", "exporter", "destination", "value"])
    out = energy.oil_press_figures("AZE", "isr", data=oil)
    assert out["period"].tolist() == ["2020-01..2020-06", "2024-01", "unknown year; 5 months"]


@pytest.mark.slow
def test_notebook_says_so_for_a_pair_without_trade(tmp_path):
    """The real notebook, run by papermill for a pair DOTS has no trade for: clear sentences, no errors."""
    import nbformat
    import papermill

    from strategic_ties import paths

    out = tmp_path / "bilateral.ipynb"
    papermill.execute_notebook(
        str(paths.NOTEBOOKS_DIR / "bilateral_ties.ipynb"),
        str(out),
        parameters={"partner": "Israel", "country": "Syria", "rivals": ["Iran"]},
        kernel_name="python3",
        cwd=str(paths.REPO_ROOT),
        progress_bar=False,
    )
    outputs = [
        o for cell in nbformat.read(out, as_version=4).cells for o in cell.get("outputs", [])
    ]
    assert not [o for o in outputs if o["output_type"] == "error"]
    assert not [o for o in outputs if o["output_type"] == "stream" and o["name"] == "stderr"]
    text = " ".join(str(o.get("data", {}).get("text/html", "")) for o in outputs)
    assert "IMF DOTS has no merchandise trade between Syria and Israel" in text
    assert "oil estimate" not in text  # no empty energy stub for a pair without one


def test_real_key_figures_for_the_default_pair():
    kf = key_figures.key_figures("Israel", "Azerbaijan", 1992, 2024)
    assert (kf.largest_trade_year, kf.trade_last_year) == (2008, 2020)
    assert kf.largest_country_to_partner_usd_m == pytest.approx(3605.8, abs=0.1)
    assert kf.latest_country_to_partner_usd_m == pytest.approx(437.5, abs=0.1)
    assert (kf.press_latest_year, kf.press_latest_turnover_usd_m) == (2021, pytest.approx(928.4))
    assert kf.agreement_last_period == (2015, 2019)  # 2020 (one roll call) is left out
    assert kf.agreement_trend == "falling" and kf.agreement_first_mean > kf.agreement_last_mean
    assert kf.ideal_point_distance_year == 2024
    assert (kf.table()["value"] != "no data").all()


# --- values and clauses for the notebook's narrative ---------------------------------------


def test_usd_and_years_label():
    assert trade.usd(3605.8) == "US$3.61\u00a0bn"
    assert trade.usd(0.34) == "US$0.3\u00a0m"
    assert trade.usd(None) == "no figure" and trade.usd(float("nan")) == "no figure"
    assert trade.years_label(2008, 2010) == "2008–2010"
    assert trade.years_label(2009, 2009) == "2009"
    assert trade.years_label(None, 2010) == ""


def test_no_trade_message_says_why():
    before = trade.no_trade_message("Azerbaijan", "Israel", 2021, 2024, 2020)
    assert before == (
        "The IMF DOTS edition used here ends in 2020, before the years analysed (2021–2024), "
        "so there is no trade chart."
    )
    none = trade.no_trade_message("Syria", "Israel", 1992, 2024, 2020)
    assert none.startswith(
        "IMF DOTS has no merchandise trade between Syria and Israel for 1992–2024"
    )


def test_trade_overview_by_hand(dots):
    flows = trade.bilateral_trade("AZE", "ISR", data=dots)
    got = trade.trade_overview(flows, "Azerbaijan", "Israel")
    assert got == {
        "first": 2008,
        "last": 2010,
        "peak_year": 2008,
        "peak": "US$112\u00a0m",  # 100 + 12
        "peak_cp": "US$100\u00a0m",
        "latest": "; in 2010 it was US$5\u00a0m (Azerbaijan → Israel US$5\u00a0m, "
        "Israel → Azerbaijan no figure)",
    }
    peak_last = trade.trade_overview(flows[flows["year"] == 2008], "Azerbaijan", "Israel")
    assert peak_last["latest"] == " and Israel → Azerbaijan US$12\u00a0m, the last year of the data"


def test_mirror_findings_by_hand(dots):
    flows = trade.bilateral_trade("AZE", "ISR", data=dots)
    aze_isr, isr_aze = trade.mirror_findings(flows, "Azerbaijan", "Israel")
    # AZE->ISR, 2008 only: Israel reports 1 against Azerbaijan's 100 (ratio 0.01)
    assert aze_isr == {
        "e": "Azerbaijan",
        "i": "Israel",
        "comparable": True,
        "n": 1,
        "pct": "1%",
        "verdict": "the two sides disagree strongly",
        "gap_year": 2008,
        "exp": "US$100\u00a0m",
        "imp": "US$1\u00a0m",
        "origin_unreported": True,  # Israel hides crude origins and reports under half
        "exp_max": "US$100\u00a0m",
        "imp_max": "US$5\u00a0m",  # Israel's 2010 report
        "estimated": (2009, 2009, 1),  # Azerbaijan's 2009 exports: an IMF estimate
        "estimated_by": ["Azerbaijan"],
    }
    # ISR->AZE, 2008: Azerbaijan reports 10 against Israel's 12
    assert (isr_aze["e"], isr_aze["pct"], isr_aze["origin_unreported"]) == ("Israel", "83%", False)
    # 83% is outside +-15%: say which side records less
    assert isr_aze["verdict"] == "in a typical year Azerbaijan records less than Israel reports"
    one_side = trade.mirror_findings(flows[flows["year"] == 2010], "Azerbaijan", "Israel")
    assert one_side == [
        {"e": "Azerbaijan", "i": "Israel", "comparable": False, "estimated": None,
         "estimated_by": []},
        {"e": "Israel", "i": "Azerbaijan", "comparable": False, "estimated": None,
         "estimated_by": []},
    ]  # fmt: skip


def test_an_imf_estimate_is_no_sides_own_report():
    """Iran's exports to Russia in 2000-2020 are IMF estimates derived from Russia's imports:
    set against Russia's report they would always 'agree'. They are left out of the mirror
    comparison; the headline flow keeps them."""
    rows = [
        _trade_row("AZE", "ISR", "exports", 2008, 94.0, estimate=True),
        _trade_row("ISR", "AZE", "imports", 2008, 100.0),
        _trade_row("AZE", "ISR", "exports", 2009, 50.0),
        _trade_row("ISR", "AZE", "imports", 2009, 100.0),
    ]
    flows = trade.bilateral_trade("AZE", "ISR", data=_frame(rows))
    assert flows["a_to_b"].tolist() == [94.0, 50.0]  # the headline is unchanged
    own = trade.own_reports(flows)
    assert math.isnan(own.loc[0, "a_exports_to_b"]) and own.loc[1, "a_exports_to_b"] == 50.0
    summary = trade.mirror_summary(flows).set_index("direction")
    assert summary.loc["a_to_b", "years"] == 1  # 2009 only, where Israel records twice as much
    assert summary.loc["a_to_b", "median_ratio"] == 2.0
    gaps = trade.mirror_gap_by_period(flows, 5)
    assert gaps[gaps["direction"] == "a_to_b"]["years"].tolist() == [1]
    assert trade.estimated_years(flows, "a_exports_to_b") == [2008]


def test_real_russia_iran_mirror_leaves_out_irans_estimated_exports():
    from strategic_ties import reuse
    from strategic_ties.wording import bilateral

    flows = reuse.bilateral_trade("Iran", "Russia")
    iran_russia, russia_iran = trade.mirror_findings(flows, "Iran", "Russia")
    assert iran_russia["estimated"] == (2000, 2020, 21) and iran_russia["n"] == 8
    assert russia_iran["estimated"] is None
    gaps = trade.mirror_gap_by_period(flows, 5)
    assert gaps.loc[gaps["direction"] == "a_to_b", "last"].max() == 1999
    assert bilateral.estimate_note(iran_russia).startswith(
        "For 2000–2020, Iran's report of the Iran → Russia flow is an IMF estimate"
    )


def test_export_places_and_findings(dots):
    israel = trade.partner_ranks("AZE", "ISR", "exports", data=dots)
    armenia = trade.partner_ranks("AZE", "ARM", "exports", data=dots)  # zeros only
    kept = trade.export_places({"Israel": israel, "Armenia": armenia, "none": armenia.head(0)})
    assert list(kept) == ["Israel"]
    frame = pd.DataFrame(
        {
            "year": [2007, 2008, 2009],
            "value_usd_m": [5.0, 20.0, 0.0],
            "total_usd_m": [100.0, 100.0, 50.0],
            "share_pct": [5.0, 20.0, 0.0],
            "rank": pd.array([3, 1, None], dtype="Int64"),
            "partners": [10, 12, 9],
        }
    )
    never = frame.assign(rank=pd.array([None] * 3, dtype="Int64"))
    assert trade.export_place_findings({"X in Y's exports": frame, "never": never}) == [
        {
            "label": "X in Y's exports",
            "share": 0.0,
            "year": 2009,
            "rank": "not among the destinations that year",
            "best": 20.0,
            "best_year": 2008,
            "best_rank": 1,
            "best_n": 12,
        }
    ]
    latest = trade.export_place_findings({"X": frame.head(2)})[0]
    assert latest["rank"] == "rank 1 of 12 destinations"


def test_press_rows_beside_dots(press):
    periods = pd.DataFrame({"period": ["2019", "2021-01..2021-07", "unknown year", "2024-01"]})
    assert trade_press.within_years(periods, 2020, 2023)["period"].tolist() == [
        "2021-01..2021-07",
        "unknown year",
    ]
    figures = trade_press.press_figures("AZE", "ISR", data=press)
    dots_2021 = pd.DataFrame({"year": [2021]})
    later = trade_press.press_beyond_dots(figures, dots_2021, 2000, 2030)
    assert later["period"].tolist() == ["2021-01..2021-07", "2022-01..2022-11"]  # not full 2021
    assert trade_press.press_beyond_dots(figures, dots_2021.head(0), 2022, 2030)[
        "period"
    ].tolist() == ["2022-01..2022-11"]


def test_press_check_summary_and_caveats(press):
    checks = pd.DataFrame({"year": [2008, 2009], "difference_pct": [10.0, -50.0]})
    assert trade_press.press_check_summary(checks) == {
        "years": "2008, 2009",
        "low": -50.0,
        "high": 10.0,
    }
    figures = trade_press.press_figures("AZE", "ISR", data=press)
    assert trade_press.press_caveats(figures) == {
        "suspect": "1 figure is flagged SUSPECT (a US$7.00\u00a0bn turnover for Jan–Nov 2022, out of "
        "line with every other figure and probably a typo) and is not used. ",
        "full": "The latest full-year turnover quoted is US$928\u00a0m for 2021.",
    }
    partial = figures[figures["period"] == "2021-01..2021-07"]
    assert trade_press.press_caveats(partial) == {"suspect": "", "full": ""}


def test_key_figures_frame_is_one_row(dots, press):
    kf = key_figures.key_figures(
        "Israel", "Azerbaijan", trade=dots, trade_press=press, votes=_no_votes(),
        ideal_points=_no_points(),
    )  # fmt: skip
    frame = kf.frame()
    assert len(frame) == 1 and list(frame.columns) == list(kf.as_dict())
    assert frame.loc[0, "largest_trade_usd_m"] == 112.0


def test_oil_pair_proxy_summary_and_volume_claim():
    assert energy.oil_pair("Azerbaijan", "Israel") == ("AZE", "ISR")
    assert energy.oil_pair("Israel", "Azerbaijan") == ("AZE", "ISR")  # the partner exports
    assert energy.oil_pair("Armenia", "Russia") is None
    proxy = pd.DataFrame(
        {
            "year": [2001, 2002, 2003, 2004, 2005],
            "share_of_fuel_imports_pct": [10.0, 40.0, 20.0, 30.0, 25.0],
            "share_of_total_imports_pct": [1.0, 4.0, 2.0, 3.0, 2.5],
        }
    )
    assert energy.proxy_summary(proxy, recent_years=3) == {
        "peak": 40.0,
        "peak_year": 2002,
        "first": 2003,
        "last": 2005,
        "mean": 25.0,  # (20 + 30 + 25) / 3
        "lo": 20.0,
        "hi": 30.0,
        "latest": 25.0,
        "tot": 4.0,
    }
    oil = pd.DataFrame(
        {
            "value_text": [None, "about 40%"],
            "publisher": ["A", "B"],
            "published": ["2010", "2012"],
        }
    )
    assert energy.volume_claim(oil, "Azerbaijan", "Israel") == (
        "Statements such as 'about 40%' of Israel's oil coming from Azerbaijan (B, 2012) are "
        "about volumes of crude, which this proxy does not measure."
    )
    assert energy.volume_claim(oil.head(1), "Azerbaijan", "Israel") == ""


@pytest.mark.parametrize("pair", [("Israel", "Azerbaijan"), ("Russia", "Armenia")])
def test_vote_figures_are_key_figures_un_part(pair) -> None:
    """`key_figures.vote_figures` (what the summary's UN point reads, without the trade figures) gives
    the same values as `key_figures.key_figures`."""
    from dataclasses import asdict

    full = asdict(key_figures.key_figures(*pair, 1992, 2024))
    found = key_figures.vote_figures(*pair, 1992, 2024)
    assert found == {key: full[key] for key in found}
    assert found["agreement_last_mean"] is not None and found["ideal_point_distance"] is not None
    fewer = key_figures.vote_figures(*pair, 1992, 2024, without_middle_east=False)
    assert set(found) - set(fewer) == {"agreement_mean_without_middle_east"}
    assert fewer == {key: found[key] for key in fewer}
