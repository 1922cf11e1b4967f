"""Threat-picture charts and the notebook's table and wording helpers: hand-made frames with
hand-computed answers, then the real processed data."""

from __future__ import annotations

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from test_threats import table

from strategic_ties import charts
from strategic_ties.analysis import threats
from strategic_ties.figures import threats as figures
from strategic_ties.paper import threats as paper_threats


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def legend_labels(ax) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


# --------------------------------------------------------------------------------------------
# figures


def test_colours_are_the_document_colours():
    charts.set_countries(["Azerbaijan", "Israel", "Iran"])
    out = figures.colours(["Iran", "Azerbaijan", "Chad"])
    assert list(out) == ["Iran", "Azerbaijan", "Chad"]
    assert (
        out["Azerbaijan"] == charts.COUNTRY_COLOURS[0] and out["Iran"] == charts.COUNTRY_COLOURS[2]
    )
    assert len(set(out.values())) == 3


def test_starred_marks_partial_periods():
    frame = pd.DataFrame(
        {"period": ["1992–1994", "1995–1999"], "start": [1992, 1995], "partial": [True, False]}
    )
    wide = pd.DataFrame({"A": [1.0, 2.0]}, index=["1992–1994", "1995–1999"])
    shown, note = figures.starred(frame, wide)
    assert shown.index.tolist() == ["1992–1994*", "1995–1999"]
    assert note == "; * shorter period: the window starts in 1992"
    shown, note = figures.starred(frame.assign(partial=[False, pd.NA]), wide)
    assert shown.index.tolist() == ["1992–1994", "1995–1999"] and note == ""


def test_battle_deaths_figure():
    totals = pd.DataFrame(
        {
            "year": [1992, 1993, 1994],
            "best": [1200, 50, 30],
            "low": [1000, 60, 20],
            "high": [1500, 80, 40],
        }
    )
    markers = pd.DataFrame(
        {
            "number": [1, 2],
            "x": [1994.36, 1994.9],
            "label": ["12 May 1994: Ceasefire", "1994: Talks"],
        }
    )
    fig = figures.battle_deaths_figure(totals, markers, 1992, 1994)
    assert isinstance(fig, Figure) and len(fig.axes) == 1
    ax = fig.axes[0]
    assert ax.get_ylabel() == "Battle-related deaths per year\n(log scale)"
    assert ax.get_yscale() == "log"
    assert [b.get_height() for b in ax.containers[0]] == [1200, 50, 30]
    assert [b.get_x() + b.get_width() / 2 for b in ax.containers[0]] == [1992.5, 1993.5, 1994.5]
    assert ax.get_xlim() == (1992, 1995)
    assert legend_labels(ax) == ["Best estimate", "Low–high estimate"]
    # the low estimate above the best (1993) gives no whisker below
    _, caps, (whiskers,) = ax.containers[1]
    segments = whiskers.get_segments()
    assert segments[1][0][1] == 50 and segments[1][1][1] == 80
    event_lines = [line for line in ax.get_lines() if line.get_linestyle() == ":"]
    assert sorted(line.get_xdata()[0] for line in event_lines) == [1994.36, 1994.9]
    texts = [t.get_text() for t in ax.texts]
    assert "1  12 May 1994: Ceasefire\n2  1994: Talks" in texts
    assert [a.get_text() for a in ax.texts if a.get_text() in {"1", "2"}] == ["1", "2"]


def test_battle_deaths_figure_without_markers_has_no_key():
    totals = pd.DataFrame({"year": [2000], "best": [40], "low": [30], "high": [50]})
    fig = figures.battle_deaths_figure(
        totals, pd.DataFrame(columns=["number", "x", "label"]), 2000, 2000
    )
    assert len(fig.axes[0].texts) == 0


def test_spending_figure_breaks_gaps_and_marks_a_later_release():
    def row(name, iso3, year, usd, share, release="SIPRI 2024"):
        return {
            "country": name,
            "country_iso3": iso3,
            "year": year,
            "milex_constant_usd": usd,
            "milex_share_gdp": share,
            "release": release,
        }

    balance = pd.DataFrame(
        [
            row("Azerbaijan", "AZE", 2020, 2000.0, 5.0),
            row("Azerbaijan", "AZE", 2022, 3000.0, 4.0),
            row("Azerbaijan", "AZE", 2023, np.nan, 4.5, "SIPRI 2025"),
            row("Armenia", "ARM", 2020, 500.0, 4.0),
            row("Armenia", "ARM", 2021, 600.0, 4.2),
        ]
    )
    fig = figures.spending_figure(balance, ["Azerbaijan", "Armenia", "Iran"], "Azerbaijan")
    top, bottom = fig.axes
    assert top.get_ylabel() == "US$ bn, constant\n2022 prices (log scale)"
    assert bottom.get_ylabel() == "% of GDP" and bottom.get_xlabel() == "Year"
    assert top.get_yscale() == "log"
    assert top.get_position().y0 == bottom.get_position().y0  # side by side, not stacked
    assert fig.get_figheight() <= 3.0
    assert [t.get_text() for t in fig.legends[0].get_texts()] == [
        "Azerbaijan",
        "Armenia",
        "Later year from SIPRI's next release (share of GDP only)",
    ]
    az, am = top.get_lines()
    assert az.get_linewidth() == 2.2 and am.get_linewidth() == 1.3
    assert list(az.get_xdata()) == [2020, 2021, 2022]
    assert np.isnan(az.get_ydata()[1]) and az.get_ydata()[2] == 3.0  # 2021 missing: a gap
    # bottom: one line per country, plus a dashed join and an open marker for the extension
    assert len(bottom.get_lines()) == 4
    dashed = [line for line in bottom.get_lines() if line.get_linestyle() == "--"]
    assert [list(d.get_xdata()) for d in dashed] == [[2022, 2023]]


def test_imports_figure_groups_bars():
    wide = pd.DataFrame(
        {"Azerbaijan": [100.0, 300.0], "Armenia": [50.0, np.nan], "Iran": [0.0, 20.0]},
        index=["2015–2019", "2020–2024"],
    )
    colour = figures.colours(list(wide.columns))
    fig = figures.imports_figure(wide, colour, 5)
    ax = fig.axes[0]
    assert len(fig.axes) == 1
    assert ax.get_ylabel() == "Arms imports, TIV millions"
    assert ax.get_xlabel() == "5-year period"
    assert legend_labels(ax) == ["Azerbaijan", "Armenia", "Iran"]
    assert len(ax.containers) == 3 and all(len(c) == 2 for c in ax.containers)
    assert [b.get_height() for b in ax.containers[1]] == [50.0, 0.0]  # missing drawn as 0
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2015–2019", "2020–2024"]
    # only the country's own bars (the first column) carry their values
    assert [t.get_text() for t in ax.texts] == ["100", "300"]


def test_distance_figure():
    def frame(values):
        years = range(2000, 2000 + len(values))
        return pd.DataFrame(
            {
                "year": list(years),
                "distance": values,
                "low": [v - 0.2 for v in values],
                "high": [v + 0.2 for v in values],
            }
        )

    distances = {"Iran": frame([1.0, 1.2]), "Armenia": frame([0.5, 0.4, 0.3])}
    colour = {"Iran": charts.PALETTE[1], "Armenia": charts.PALETTE[2]}
    fig = figures.distance_figure(distances, "Azerbaijan", colour, highlight="Iran")
    ax = fig.axes[0]
    assert ax.get_ylabel() == "Ideal-point distance\n(UNGA final-passage votes)"
    assert ax.get_xlabel() == "Year" and ax.get_ylim()[0] == 0
    assert legend_labels(ax) == ["Azerbaijan–Iran", "Azerbaijan–Armenia"]
    assert [line.get_linewidth() for line in ax.get_lines()] == [2.2, 1.3]
    assert len(ax.collections) == 2  # the two 90% bands


def test_terrorism_figure_shades_1993():
    gtd = pd.DataFrame(
        {
            "year": [1992, 1993, 1994],
            "incidents": [12.0, np.nan, 3.0],
            "fatalities": [186.0, np.nan, 0.0],
        }
    )
    fig = figures.terrorism_figure(gtd)
    top, bottom = fig.axes
    assert top.get_ylabel() == "Incidents" and bottom.get_ylabel() == "Deaths"
    assert bottom.get_xlabel() == "Year"
    assert [b.get_height() for b in top.containers[0]] == [12.0, 0.0, 3.0]
    assert [b.get_height() for b in bottom.containers[0]] == [186.0, 0.0, 0.0]
    assert [t.get_text() for t in top.texts] == ["no GTD data"]
    without = figures.terrorism_figure(gtd[gtd["year"] != 1993])
    assert len(without.axes[0].texts) == 0


def acled_frame(years, events, fatalities, partial) -> pd.DataFrame:
    """A `political_violence` frame with its dtypes."""
    return pd.DataFrame(
        {
            "year": pd.array(years, dtype="Int64"),
            "events": pd.array(events, dtype="Int64"),
            "fatalities": pd.array(fatalities, dtype="Int64"),
            "partial_year": pd.array(partial, dtype="boolean"),
        }
    )


def test_political_violence_figure_hatches_the_incomplete_year():
    acled = acled_frame([2022, 2023, 2024], [10, 20, 5], [1, 300, 2], [False, None, True])
    fig = figures.political_violence_figure(acled)
    left, right = fig.axes
    assert left.get_title() == "Political-violence events"
    assert right.get_title() == "Reported fatalities"
    assert left.get_ylabel() == "Count per year" and right.get_xlabel() == "Year"
    assert [b.get_height() for b in right.containers[0]] == [1, 300, 2]
    assert [b.get_hatch() for b in left.containers[0]] == [None, None, "////"]


# --------------------------------------------------------------------------------------------
# wording and display tables (analysis/threats.py)


def test_small_wording_helpers():
    assert threats.listing([]) == ""
    assert threats.listing(["A"]) == "A"
    assert threats.listing(["A", "B", "C"]) == "A, B and C"
    assert threats.listing(["A", "B"], "or") == "A or B"
    assert [threats.pct(s) for s in (0, 0.004, 0.25, 1)] == ["0%", "<1%", "25%", "100%"]
    assert threats.plural(1, "dispute") == "1 dispute"
    assert threats.plural(1200, "person", "people") == "1,200 people"
    assert [threats.involve(n) for n in (0, 1, 3)] == ["none involves", "1 involves", "3 involve"]
    assert threats.events_window(1992, 2024, 2024) == (None, "since 1992")
    assert threats.events_window(1992, 2010, 2024) == (2010, "in 1992–2010")


@pytest.fixture
def timeline_rows() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": pd.to_datetime(["1994-05-12", "2008-05-01", "2012-01-01"]),
            "date_precision": ["day", "month", "year"],
            "title": ["Ceasefire", "Plot foiled", "Arrests"],
            "in_source_paper": pd.array([True, None, False], dtype="boolean"),
            "actors": ["AZE;ARM", "AZE;ISR;IRN", "IRN"],
            "description": ["d1", "d2", "d3"],
        }
    )


def test_event_table_and_count_involving(timeline_rows):
    out = threats.event_table(timeline_rows)
    assert out.columns.tolist() == ["Date", "Event", "States", "What happened"]
    assert out["Date"].tolist() == ["12 May 1994", "May 2008", "2012"]
    assert out["Event"].tolist() == ["Ceasefire", "Plot foiled", "Arrests"]  # generic: no mark
    marked = paper_threats.militancy_table(timeline_rows)  # the paper's pair only
    assert marked["Event"].tolist() == ["Ceasefire †", "Plot foiled", "Arrests"]
    assert threats.count_involving(timeline_rows, ["ISR", "ARM"]) == 2
    assert out["States"].tolist() == ["AZE, ARM", "AZE, ISR, IRN", "IRN"]
    assert threats.count_involving(timeline_rows, "Azerbaijan") == 2
    assert threats.count_involving(timeline_rows, "irn") == 2
    assert threats.count_involving(timeline_rows, "Israel") == 1


def summary_frame(roles: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "conflict_id": [388, 396],
            "conflict": ["Karabakh", "Mutiny"],
            "role": roles,
            "years": [16, 1],
            "first": [1992, 1993],
            "last": [2023, 1993],
            "best": [13739, 60],
            "low": [13112, 50],
            "high": [19910, 70],
            "peak_year": [2020, 1993],
            "peak_best": [7646, 60],
        }
    )


def test_conflict_table():
    out = threats.conflict_table(summary_frame(["primary", "primary"]))
    assert out.columns.tolist() == [
        "Conflict (UCDP)",
        "Years with 25+ deaths",
        "First–last",
        "Deaths, best (low–high)",
        "Deadliest year",
    ]
    assert out.iloc[0].tolist() == [
        "Karabakh",  # a reader's name, no UCDP id
        16,
        "1992–2023",
        "13,739 (13,112–19,910)",
        "2020 (7,646)",
    ]
    assert out.iloc[1]["First–last"] == "1993"
    mixed = threats.conflict_table(summary_frame(["primary", "secondary"]))
    assert mixed["Role"].tolist() == ["primary", "secondary"]


def test_battle_deaths_facts():
    deaths = pd.DataFrame(
        {
            "year": [2016, 2020, 2020, 2023],
            "conflict_id": [388, 388, 400, 388],
            "conflict": ["Karabakh", "Karabakh", "Border", "Karabakh"],
            "best": [200, 1500, 100, 300],
            "low": [150, 1400, 90, 250],
            "high": [260, 1700, 120, 400],
            "role": ["primary"] * 4,
        }
    )
    assert threats.battle_deaths_facts(deaths) == {
        "when": "Between 2016 and 2023",
        "best": 2100,
        "low": 1890,
        "high": 2480,
        "n_conflicts": "2 conflicts",
        "peak_year": 2020,
        "peak": 1600,
        "peak_conflict": "Karabakh",
        "peak_share": "most of them",
        "wars": "Deaths reached UCDP's war threshold of 1,000 in 2020.",
        "latest_year": 2023,
        "latest": 300,
    }
    one = threats.battle_deaths_facts(deaths[deaths["year"] == 2016])
    assert one["when"] == "In 2016" and one["n_conflicts"] == "1 conflict"
    assert one["wars"] == "No year reached UCDP's war threshold of 1,000 deaths."


def test_clash_lines():
    common = {"side_a": "Government of Azerbaijan", "side_b": "Government of Armenia"}
    acd = table(
        "conflicts",
        [
            {**common, "conflict_id": 2, "year": y, "intensity_level": i, "primary_iso3": "AZE;ARM"}
            for y, i in ((2014, 1), (2015, 1), (2016, 1), (2020, 2))
        ],
    )
    assert threats.clash_lines("Azerbaijan", ["Armenia", "Iran"], 2010, 2024, data=acd) == [
        "- **Armenia**: on opposite sides in 4 years (2014–2016 and 2020), latest 2020; "
        "war-level fighting (1,000+ deaths) in 2020.",
        "- **Iran**: no armed conflict on opposite sides recorded in 2010–2020.",
    ]
    assert threats.clash_lines("AZE", ["ARM"], 2015, 2015, data=acd) == [
        "- **ARM**: on opposite sides in 1 year (2015), latest 2015."
    ]


@pytest.fixture
def latest() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "country": ["Azerbaijan", "Iran", "Armenia"],
            "spending_year": pd.array([2023, 2023, None], dtype="Int64"),
            "milex_constant_usd": [3228.2, 7376.0, np.nan],
            "share_year": pd.array([2024, None, 2024], dtype="Int64"),
            "milex_share_gdp": [4.99, np.nan, 5.48],
        }
    )


def test_spending_table(latest):
    ratios = {"Iran": (2.2847, 2023), "Armenia": None}
    out = threats.spending_table(latest, ratios, "Azerbaijan")
    assert out.to_dict("list") == {
        "Country": ["Azerbaijan", "Iran", "Armenia"],
        "Spending (2022 prices)": ["US$3.23\u00a0bn (2023)", "US$7.38\u00a0bn (2023)", "no data"],
        "Share of GDP, %": ["5.0 (2024)", "no data", "5.5 (2024)"],
        "Ratio to Azerbaijan": ["—", "2.3× (2023)", "no data"],
    }


def test_spending_sentences(latest):
    ratios = {"Iran": (2.2847, 2023), "Armenia": None, "Georgia": (0.25, 2022)}
    assert threats.spending_sentences(latest, ratios, "Azerbaijan") == [
        "In 2023, Azerbaijan spent **US$3.23\u00a0bn** (2022 prices) on its armed forces; its latest "
        "share of GDP is **5.0%** (2024).",
        "Iran spent **2.3\u00d7** as much as Azerbaijan in 2023.",
        "No common year of constant-US$ figures exists for Azerbaijan and Armenia.",
        # one ratio style (fmt.ratio), two decimals below 1
        "Georgia spent **0.25\u00d7** as much as Azerbaijan in 2022.",
    ]
    assert threats.spending_sentences(latest, {}, "Armenia") == []


def test_release_facts():
    balance = pd.DataFrame(
        {
            "year": [2022, 2023, 2024],
            "milex_constant_usd": [1.0, 2.0, np.nan],
            "release": ["SIPRI 2024", "SIPRI 2024", "SIPRI 2025"],
        }
    )
    assert threats.release_facts(balance, 2023) == (2023, "SIPRI 2024")
    assert threats.release_facts(balance.iloc[0:0], 2023) == (2023, "main release")
    assert threats.release_facts(balance.iloc[2:], 2023) == (2024, "main release")


def test_imports_wide_and_lead():
    imports = pd.DataFrame(
        {
            "country": ["Azerbaijan", "Azerbaijan", "Armenia", "Armenia"],
            "period": ["2020–2024", "2015–2019", "2020–2024", "2015–2019"],
            "start": [2020, 2015, 2020, 2015],
            "tiv": [300.0, 100.0, 450.0, 50.0],
        }
    )
    wide = threats.imports_wide(imports, ["Azerbaijan", "Armenia", "Iran"])
    assert wide.index.tolist() == ["2015–2019", "2020–2024"]
    assert wide.columns.tolist() == ["Azerbaijan", "Armenia"]
    assert wide["Armenia"].tolist() == [50.0, 450.0]
    assert threats.imports_lead(wide, "Azerbaijan") == (
        "the largest arms importer of the group was Armenia (TIV 450\u00a0m); "
        "Azerbaijan imported TIV 300\u00a0m"
    )
    assert threats.imports_lead(wide.iloc[:1], "Azerbaijan") == (
        "Azerbaijan was the largest arms importer of the group (TIV 100\u00a0m), "
        "ahead of Armenia (TIV 50\u00a0m)"
    )
    assert threats.imports_lead(wide[["Armenia"]], "Azerbaijan").endswith(
        "Azerbaijan imported TIV 0\u00a0m"
    )


def test_mids_table_and_span():
    disputes = pd.DataFrame(
        {
            "dispnum": [4317, 4409],
            "start_year": [2001, 2002],
            "end_year": [2001, 2004],
            "country_hostlev": pd.array([3, 4], dtype="Int64"),
            "rival_hostlev": pd.array([3, None], dtype="Int64"),
            "fatality": pd.array([0, None], dtype="Int64"),
        }
    )
    out = threats.mids_table(disputes, "Azerbaijan", "Iran")
    assert out["Highest action by Azerbaijan"].tolist() == ["display of force", "use of force"]
    assert out["Highest action by Iran"].tolist() == ["display of force", "unknown"]
    assert out["Years"].tolist() == ["2001", "2002–2004"]
    assert out["Fatality level (either state, whole dispute)"].tolist() == [
        threats.FATALITY[0],
        "unknown",
    ]
    assert threats.mids_span({"first_year": 2001, "last_year": 2011}) == "2001–2011"
    assert threats.mids_span({"first_year": 2001, "last_year": 2001}) == "in 2001"


def test_distance_frame_and_parts():
    iran = pd.DataFrame(
        {"year": [2000, 2001], "distance": [1.0, 0.5], "low": [0.8, 0.25], "high": [1.2, 0.75]}
    )
    frame = threats.distance_frame({"Iran": iran, "Armenia": iran.iloc[:1]})
    assert frame["rival"].tolist() == ["Iran", "Iran", "Armenia"]
    assert threats.distance_frame({}).empty
    assert threats.distance_parts({"Iran": iran}) == [
        "Iran 0.50 (90% band 0.25–0.75, 2001; average since 2000: 0.75)"
    ]


def test_terrorism_facts():
    gtd = pd.DataFrame(
        {
            "year": [1992, 1993, 1994],
            "incidents": [12.0, np.nan, 13.0],
            "fatalities": [186.0, np.nan, 30.0],
        }
    )
    assert threats.terrorism_facts(gtd) == {
        "first": 1992,
        "last": 1994,
        "incidents": "25 terrorist incidents",
        "deaths": "which killed 216 people",
        "peak_year": 1994,
        "peak": 13.0,
        "dead": ", the most deaths in 1992 (186)",
    }
    calm = threats.terrorism_facts(gtd.assign(fatalities=0.0, incidents=[1.0, np.nan, 0.0]))
    assert calm["deaths"] == "none of them fatal" and calm["dead"] == ""
    assert calm["incidents"] == "1 terrorist incident"


def test_political_violence_facts():
    acled = acled_frame([2018, 2020, 2025], [10, 20, 5], [47, 7057, 9000], [False, False, True])
    assert threats.political_violence_facts(acled) == {
        "first": 2018,
        "last": 2025,
        "events": 35,
        "deaths": 16104,
        "peak_year": 2020,  # the incomplete 2025 is not the deadliest year
        "peak": 7057,
        "partial": "2025",
    }


def test_matrix_sentences():
    values = pd.DataFrame(
        {
            "rival": ["Iran", "Armenia", "Russia"],
            "spending_ratio": [2.28, 0.36, np.nan],
            "clash_year": pd.array([None, 2023, None], dtype="Int64"),
            "unga_distance": [0.61, 0.73, 0.06],
            "unga_low": [0.25, 0.40, 0.01],
            "unga_high": [0.98, 1.07, 0.11],
        }
    )
    assert threats.matrix_sentences(values, "Azerbaijan") == [
        "Iran outspends Azerbaijan.",
        "UCDP records armed conflict with Armenia (latest 2023).",
        "In UN votes (a measure of alignment, not of hostility) Azerbaijan stands closest to Russia and furthest from Armenia.",
    ]
    apart = values.assign(
        spending_ratio=[0.5, 0.5, 0.5], clash_year=pd.array([None] * 3, dtype="Int64")
    )
    apart["unga_high"] = [0.98, 1.07, 0.5]
    assert threats.matrix_sentences(apart, "Azerbaijan") == [
        "None of the rivals with data outspends Azerbaijan.",
        "UCDP records no armed conflict between Azerbaijan and these rivals.",
        "In UN votes (a measure of alignment, not of hostility) Azerbaijan stands closest to Russia and furthest from Armenia, though the "
        "two distances lie within each other's 90% bands.",
    ]


# --------------------------------------------------------------------------------------------
# real processed data: the default case draws every chart without a warning


def test_real_figures_default_case():
    country, rivals = "Azerbaijan", ["Iran", "Armenia", "Russia"]
    everyone = [country, *rivals]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        deaths = threats.battle_deaths(country, 1992, 2023)
        markers = threats.chart_markers(country, 1992, 2023)
        fig = figures.battle_deaths_figure(
            threats.battle_deaths_by_year(deaths), markers, 1992, 2023
        )
        assert len(fig.axes[0].containers[0]) == deaths["year"].nunique()
        balance = threats.military_balance(everyone, 1992, 2024)
        assert len(figures.spending_figure(balance, everyone, country).axes) == 2
        imports = threats.arms_imports_by_period(everyone, 1992, 2024, 5)
        wide = threats.imports_wide(imports, everyone)
        assert (
            legend_labels(figures.imports_figure(wide, figures.colours(everyone), 5).axes[0])
            == everyone
        )
        gtd = threats.terrorism(country, 1992, 2024)
        assert [t.get_text() for t in figures.terrorism_figure(gtd).axes[0].texts] == [
            "no GTD data"
        ]
        acled = threats.political_violence(country, 1992, 2024)
        assert len(figures.political_violence_figure(acled).axes) == 2


def test_clash_lines_say_when_the_rival_is_not_listed_in_a_war_year():
    """UCDP lists Armenia (a supporting party) in the Nagorno-Karabakh conflict in 1992-1993 but
    not in 1994, also a war year: the line says so (the section's war years are 1992-1994)."""
    rows = [
        {
            "conflict_id": 388,
            "year": y,
            "intensity_level": 2,
            "side_a": "Government of Azerbaijan",
            "side_b": "Republic of Artsakh",
            "side_b_2nd": b2,
            "territory_name": "Artsakh (Nagorno-Karabakh)",
            "primary_iso3": "AZE",
        }
        for y, b2 in (
            (1992, "Government of Armenia"),
            (1993, "Government of Armenia"),
            (1994, None),
            (1996, None),
        )
    ]
    acd = table("conflicts", rows)
    (line,) = threats.clash_lines("Azerbaijan", ["Armenia"], 1992, 2000, data=acd)
    assert line.endswith(
        "UCDP lists the Nagorno-Karabakh conflict without Armenia as a party in 1994, also a war-level year."
    )  # 1996 is not next to a year the two fought: not named
    real = threats.clash_lines("Azerbaijan", ["Armenia", "Iran"], 1992, 2024)
    assert "without Armenia as a party in 1994" in real[0] and "UCDP lists" not in real[1]


def test_battle_deaths_figure_marks_the_years_ucdp_counts_without_the_country():
    """Russia-Armenia: UCDP lists the Nagorno-Karabakh conflict without Armenia in 1994, so the
    chart's 1994 is empty; it is hatched, marked 'not counted' and keyed from the data."""
    from strategic_ties.analysis import threats as analysis
    from strategic_ties.wording import threats as wording

    deaths = analysis.battle_deaths("Armenia", 1992, 1996)
    uncounted = analysis.uncounted_years(deaths, 1992, 1996)
    assert uncounted["year"].tolist() == [1994]
    label = wording.uncounted_label("Armenia", uncounted)
    assert label == "Not counted: UCDP lists the Nagorno-Karabakh conflict without Armenia (1994)"
    totals = analysis.battle_deaths_by_year(deaths)
    assert 1994 not in totals["year"].tolist()
    fig = figures.battle_deaths_figure(
        totals,
        pd.DataFrame(columns=["number", "x", "label"]),
        1992,
        1996,
        uncounted=uncounted["year"].tolist(),
        uncounted_label=label,
    )
    ax = fig.axes[0]
    bands = [p for p in ax.patches if p.get_hatch() == "////"]
    assert len(bands) == 1 and bands[0].get_x() == 1994.1
    assert [t.get_text() for t in ax.texts] == ["not counted"]
    assert legend_labels(ax)[-1] == label
    # a year outside the chart's window is not drawn, and without years there is no key entry
    plain = figures.battle_deaths_figure(
        totals, pd.DataFrame(columns=["number", "x", "label"]), 1992, 1993, uncounted=[1994]
    )
    assert not [p for p in plain.axes[0].patches if p.get_hatch() == "////"]
    assert legend_labels(plain.axes[0]) == ["Best estimate", "Low–high estimate"]
    assert wording.uncounted_label("Azerbaijan", uncounted.iloc[0:0]) == ""


def _number_boxes(fig: Figure) -> list:
    """The display boxes of the circled event numbers over the battle-deaths chart."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    return [charts.text_box(t, renderer) for t in ax.texts if t.get_bbox_patch() is not None]


@pytest.mark.parametrize("country", ["Azerbaijan", "Armenia"])
def test_battle_deaths_numbers_and_legend_overlap_nothing(country):
    """Israel-Azerbaijan's markers 3-6 (Sep and Nov 2020, Sep 2022, Sep 2023) printed over each
    other; Russia-Armenia's legend, inside the axes, crossed the 2016 event line. Every event
    number now keeps clear of the others and the legend sits over the axes and the numbers."""
    from strategic_ties.wording import threats as wording

    deaths = threats.battle_deaths(country, 1992, 2023)
    markers = threats.chart_markers(country, 1992, 2023)
    hatched = threats.gap_years(
        deaths, threats.uncounted_years(deaths, 1992, 2023, country=country)
    )
    fig = figures.battle_deaths_figure(
        threats.battle_deaths_by_year(deaths),
        markers,
        1992,
        2023,
        uncounted=hatched["year"].tolist(),
        uncounted_label=wording.uncounted_label(country, hatched),
    )
    boxes = _number_boxes(fig)
    assert len(boxes) == len(markers) >= 6
    for i, box in enumerate(boxes):
        assert not any(box.overlaps(other) for other in boxes[i + 1 :]), i + 1
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    legend = ax.get_legend().get_window_extent(renderer)
    assert legend.y0 >= ax.get_window_extent(renderer).y1
    assert not any(legend.overlaps(box) for box in boxes)
    assert legend.y1 <= fig.bbox.y1 and min(b.y1 for b in boxes) > 0  # all on the canvas


def test_close_event_numbers_are_stacked_only_when_they_would_touch():
    totals = pd.DataFrame({"year": range(2000, 2011), "best": 50, "low": 40, "high": 60})
    markers = pd.DataFrame(
        {
            "number": [1, 2, 3, 4],
            "x": [2000.2, 2000.3, 2000.4, 2009.5],
            "label": ["a", "b", "c", "d"],
        }
    )
    fig = figures.battle_deaths_figure(totals, markers, 2000, 2010)
    boxes = _number_boxes(fig)
    assert [round(b.y0) for b in boxes][3] == round(boxes[0].y0)  # far away: not lifted
    assert boxes[0].y1 <= boxes[1].y0 and boxes[1].y1 <= boxes[2].y0
