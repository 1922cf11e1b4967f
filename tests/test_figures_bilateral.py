"""Figures and display tables of the bilateral notebook, on small hand-made frames."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.figure import Figure

from strategic_ties.analysis import trade
from strategic_ties.figures import bilateral


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _legend(fig: Figure) -> list[str]:
    legends = fig.legends or [ax.get_legend() for ax in fig.axes if ax.get_legend()]
    return [text.get_text() for legend in legends for text in legend.get_texts()]


def _events() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": pd.to_datetime(["1992-04-01", "2009-06-28", "2012-02-26", "2016-12-13"]),
            "date_label": ["1992-04", "2009-06-28", "2012-02-26", "2016-12-13"],
            "category_label": ["Diplomatic relations", "Visit", "Arms deal", "Visit"],
            "title": ["Relations", "Peres in Baku", "Drones deal", "Netanyahu in Baku"],
            "source_domains": ["a.org", "b.com; c.az", "d.il", ""],
            "in_source_paper": [False, True, True, False],
        }
    )


def test_events_timeline_rows_by_category_and_stars():
    fig = bilateral.events_timeline(_events())
    assert isinstance(fig, Figure) and len(fig.axes) == 1
    ax = fig.axes[0]
    assert ax.get_xlabel() == "Date of the event (year)"
    # the house order of categories, the first at the top
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Arms deal",
        "Diplomatic relations",
        "Visit",
    ]
    assert _legend(fig) == ["Other curated event", "Named in the source paper"]
    assert [len(c.get_offsets()) for c in ax.collections] == [2, 2]


def test_events_timeline_keeps_an_unknown_category_and_a_single_kind():
    events = _events().iloc[[1]].assign(category_label="Something new")
    fig = bilateral.events_timeline(events)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["Something new"]
    assert _legend(fig) == ["Named in the source paper"]


def test_events_table():
    table = bilateral.events_table(_events())
    assert list(table.columns) == ["Date", "Category", "Event", "Sources (web domains)"]
    assert table["Event"].tolist() == [
        "Relations",
        "Peres in Baku ★",
        "Drones deal ★",
        "Netanyahu in Baku",
    ]


def _flows() -> pd.DataFrame:
    """Azerbaijan (A) and Israel (B): AZE reports exports 2008-2009 (2009 an IMF estimate),
    Israel reports tiny imports from AZE and exports to it; AZE reports 0.03 of imports in 2009."""
    rows = [
        ("AZE", "ISR", "exports", 2008, 100.0, False),
        ("AZE", "ISR", "exports", 2009, 50.0, True),
        ("ISR", "AZE", "imports", 2008, 1.0, False),
        ("ISR", "AZE", "exports", 2008, 12.0, False),
        ("ISR", "AZE", "exports", 2009, 8.0, False),
        ("AZE", "ISR", "imports", 2009, 0.03, False),
    ]
    data = pd.DataFrame(
        rows, columns=["reporter_iso3", "partner_iso3", "flow", "year", "value_usd_m", "estimate"]
    )
    return trade.bilateral_trade("AZE", "ISR", data=data)


def test_trade_both_reports_has_a_panel_per_direction():
    fig = bilateral.trade_both_reports(_flows(), "Azerbaijan", "Israel")
    assert len(fig.axes) == 2
    assert [ax.get_title() for ax in fig.axes] == ["Azerbaijan → Israel", "Israel → Azerbaijan"]
    for ax in fig.axes:
        assert ax.get_ylabel() == "US$ millions (current)" and ax.get_xlabel() == "Year"
        assert len(ax.get_lines()) == 2  # exporter's and importer's report
    # the 2009 estimate is marked on the Azerbaijan -> Israel panel only
    assert [len(ax.collections) for ax in fig.axes] == [1, 0]
    assert _legend(fig) == [
        "Exporter's report (exports, FOB)",
        "Importer's report (imports, CIF)",
        "IMF estimate",
    ]


def test_trade_table_flags_estimates_and_tiny_values():
    table = bilateral.trade_table(_flows())
    assert list(table.columns) == [
        "Year",
        "AZE→ISR by AZE",
        "AZE→ISR by ISR",
        "ISR→AZE by ISR",
        "ISR→AZE by AZE",
    ]
    assert table.to_dict("list") == {
        "Year": ["2008", "2009"],
        "AZE→ISR by AZE": ["100.0", "50.0 e"],
        "AZE→ISR by ISR": ["1.0", ""],
        "ISR→AZE by ISR": ["12.0", "8.0"],
        "ISR→AZE by AZE": ["", "<0.1"],
    }


def _ranks(shares: list[float], ranks: list[int | None]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": [2008, 2009, 2010][: len(shares)],
            "value_usd_m": shares,
            "share_pct": shares,
            "rank": pd.array(ranks, dtype="Int64"),
            "partners": [20] * len(shares),
        }
    )


def test_export_place_share_and_rank_panels():
    series = {
        "Israel in Azerbaijan's exports": _ranks([10.0, 12.0, 0.0], [3, 2, None]),
        "Azerbaijan in Israel's exports": _ranks([0.5, 0.4, 0.6], [40, 45, 38]),
    }
    fig = bilateral.export_place(series)
    left, right = fig.axes
    assert left.get_ylabel() == "% of exports" and right.get_ylabel() == "Rank (1 = largest)"
    assert right.yaxis_inverted() and not left.yaxis_inverted()
    assert [len(ax.get_lines()) for ax in fig.axes] == [2, 2]
    assert len(right.get_lines()[0].get_xdata()) == 2  # the unranked year is left out
    # ... and is a gap in the share panel, not 0% (DOTS stores no zeros: no measurement)
    shares = list(left.get_lines()[0].get_ydata())
    assert shares[:2] == [10.0, 12.0] and math.isnan(shares[2])
    assert _legend(fig) == list(series)
    stacked = bilateral.stack_series(series)
    assert len(stacked) == 6 and stacked["series"].iloc[-1] == "Azerbaijan in Israel's exports"


def test_press_table_marks_suspect_rows_and_shortens_addresses():
    later = pd.DataFrame(
        {
            "period": ["2021", "2022-01..2022-11"],
            "metric": ["AZE-ISR trade turnover", "AZE-ISR trade turnover"],
            "value": [928.4, 7000.0],
            "value_qualifier": [None, "about "],
            "unit": ["USD million", "USD million"],
            "publisher": ["Trend", "APA"],
            "published": ["2022-02-01", "2022-12-20"],
            "url": ["https://www.trend.az/x", "https://apa.az/y"],
            "suspect": [False, True],
            "note": [None, "same as https://www.azernews.az/z"],
        }
    )
    table = bilateral.press_table(later)
    assert table.to_dict("list") == {
        "Period": ["2021", "Jan–Nov 2022"],
        "Figure and value": [
            "AZE-ISR trade turnover: US$928\u00a0m",
            "AZE-ISR trade turnover: about US$7.00\u00a0bn",
        ],
        "Quoted by; caveat": [
            "Trend, 1 February 2022 (trend.az)",
            "APA, 20 December 2022 (apa.az); SUSPECT, not used; same as azernews.az",
        ],
    }


def _proxy() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": [2008, 2009, 2010],
            "exports_usd_m": [3600.0, 1200.0, 2000.0],
            "fuel_imports_usd_m": [12800.0, 7000.0, 9000.0],
            "share_of_fuel_imports_pct": [28.1, 17.1, 22.2],
        }
    )


def test_energy_proxy_values_and_share():
    fig = bilateral.energy_proxy(_proxy(), "Azerbaijan", "Israel")
    left, right = fig.axes
    assert left.get_ylabel() == "US$ millions (current)"
    assert right.get_ylabel() == "% of Israel's fuel imports"
    assert len(left.containers) == 1 and len(left.containers[0]) == 3  # a bar a year
    assert len(left.get_lines()) == 1 and len(right.get_lines()) == 1
    assert _legend(fig) == [  # matplotlib lists lines before bars
        "Israel's fuel imports (implied)",
        "Azerbaijan's reported exports to Israel",
        "Proxy share of Israel's fuel imports",
    ]


def test_oil_press_table_quotes_words_where_there_is_no_number():
    oil = pd.DataFrame(
        {
            "period": ["2024-01", "2012"],
            "metric": ["crude exports", "share of Israel's oil"],
            "value": [523.5, None],
            "value_text": [None, "about 40%"],
            "unit": ["thousand t", None],
            "publisher": ["Report.az", "The Economist"],
            "published": ["2024-02-15", "2012-03-01"],
            "url": ["https://report.az/a", "https://www.economist.com/b"],
            "agency": ["State Customs Committee", "unnamed"],
            "note": [None, ""],
        }
    )
    table = bilateral.oil_press_table(oil)
    assert table.to_dict("list") == {
        "Period": ["Jan 2024", "2012"],
        "Figure": ["crude exports", "share of Israel's oil"],
        "Value": ["523.5 thousand t", "'about 40%'"],
        "Quoted by; agency; note": [
            "Report.az, 15 February 2024 (report.az); State Customs Committee",
            "The Economist, 1 March 2012 (economist.com); unnamed",
        ],
    }


def _agreement(values: list[float]) -> pd.DataFrame:
    return pd.DataFrame(
        {"year": [2000, 2001, 2002][: len(values)], "agreement": values, "votes": 50}
    )


def test_vote_agreement_two_panels_pair_studied_heavier():
    pairs = [("ISR", "AZE"), ("ISR", "TUR"), ("AZE", "IRN")]
    agree = dict(
        zip(pairs, [_agreement([0.4, 0.3]), _agreement([0.6]), _agreement([])], strict=True)
    )
    without = {
        pair: frame.assign(agreement=frame["agreement"] + 0.1) for pair, frame in agree.items()
    }
    fig = bilateral.vote_agreement(agree, without)
    left, right = fig.axes
    assert left.get_ylabel() == "Agreement index (0 to 1)" and left.get_ylim() == (0, 1.02)
    assert [left.get_title(), right.get_title()] == [
        "All recorded votes",
        "Without Middle East votes",
    ]
    assert [line.get_linewidth() for line in left.get_lines()] == [2.2, 1.2, 1.2]
    assert _legend(fig) == ["Israel–Azerbaijan", "Israel–Türkiye", "Azerbaijan–Iran"]


def test_alignment_table():
    summary = pd.DataFrame(
        {
            "a": ["ISR", "AZE"],
            "b": ["AZE", "IRN"],
            "first_year": pd.array([1993, None], dtype="Int64"),
            "last_year": pd.array([2019, None], dtype="Int64"),
            "roll_calls": [2400, 0],
            "middle_east_share_pct": [18.0, float("nan")],
            "agreement": [0.3, float("nan")],
            "agreement_without_middle_east": [0.5, float("nan")],
            "distance": [2.81, float("nan")],
            "distance_year": pd.array([2024, None], dtype="Int64"),
        }
    )
    table = bilateral.alignment_table(summary)
    assert list(table.columns) == [
        "Pair",
        "Years",
        "Roll calls",
        "Middle East share",
        "Agreement, all votes",
        "Agreement, without Middle East",
        "Ideal-point distance (year)",
    ]
    assert table["Pair"].tolist() == ["Israel–Azerbaijan", "Azerbaijan–Iran"]
    assert table["Years"].tolist() == ["1993–2019", ""]
    assert table["Ideal-point distance (year)"].tolist() == ["2.81 (2024)", "no data"]
    assert set(bilateral.ALIGNMENT_FORMATS) <= set(table.columns)


def test_ideal_point_distance_lines_and_bands():
    pairs = [("ISR", "AZE"), ("ISR", "TUR"), ("AZE", "IRN")]
    frame = pd.DataFrame({"year": [2023, 2024], "distance": [2.7, 2.8], "low": [2.5, 2.6],
                          "high": [2.9, 3.0]})  # fmt: skip
    frames = dict(zip(pairs, [frame, frame.head(0), frame.assign(distance=0.4)], strict=True))
    fig = bilateral.ideal_point_distance(frames)
    ax = fig.axes[0]
    assert ax.get_ylabel() == "Distance (ideal-point scale units)" and ax.get_xlabel() == "Year"
    assert len(ax.get_lines()) == 2 and len(ax.collections) == 2  # the empty pair is left out
    assert _legend(fig) == ["Israel–Azerbaijan", "Azerbaijan–Iran"]


def test_pair_colours_never_repeat_within_a_chart():
    """Russia–Azerbaijan and Armenia–Azerbaijan both end in Azerbaijan: two different colours;
    pairs whose second countries differ keep those countries' document colours."""
    from strategic_ties import charts
    from strategic_ties.figures.bilateral import pair_colours

    saved = list(charts._ROLE_ORDER)
    try:
        charts.set_countries(["Armenia", "Russia", "Azerbaijan", "Türkiye", "Iran"])
        caucasus = pair_colours([("RUS", "ARM"), ("RUS", "AZE"), ("ARM", "AZE")])
        assert len(set(caucasus.values())) == 3
        assert caucasus[("RUS", "AZE")] == charts.country_colour("Azerbaijan")
        # Armenia's colour is Russia–Armenia's: a colour no country of the document wears
        assert caucasus[("ARM", "AZE")] not in charts.document_colours()
        charts.set_countries(["Azerbaijan", "Israel", "Armenia", "Iran", "Russia"])
        default = pair_colours([("ISR", "AZE"), ("ISR", "TUR"), ("AZE", "IRN")])
        assert list(default.values()) == [
            charts.country_colour(name) for name in ("Azerbaijan", "Türkiye", "Iran")
        ]
    finally:
        charts.set_countries(saved)
