"""Arms-trade charts: each function returns a Figure with the expected axes, labels with units,
legend entries and bars, drawn from the small hand-made frames of test_arms.py."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from test_arms import UAV, deliveries  # noqa: F401  (the fixture, used by name)

from strategic_ties import charts
from strategic_ties.analysis import arms
from strategic_ties.figures import arms as figures


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _bars(ax) -> list[Rectangle]:
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def _legend(legend) -> list[str]:
    return [t.get_text() for t in legend.get_texts()]


def test_actor_colours():
    """Each supplier in its document colour (the same as in every other chart), Others grey."""
    charts.set_countries(["Azerbaijan", "Israel", "Iran", "Armenia", "Russia"])
    colours = figures.actor_colours(["Russia", "Israel", "Others", "Türkiye"], highlight="Israel")
    assert colours["Israel"] == charts.COUNTRY_COLOURS[1]
    assert colours["Russia"] == charts.COUNTRY_COLOURS[4]
    assert colours["Others"] == figures.OTHER_GREY
    assert colours["Türkiye"] not in {colours["Israel"], colours["Russia"], figures.OTHER_GREY}
    # The colour does not depend on the chart: asked alone, Russia keeps its colour.
    assert figures.actor_colours(["Russia"]) == {"Russia": colours["Russia"]}


def test_deliveries_by_year(deliveries):  # noqa: F811
    # ISR -> AZE 2015-2021: 10 in 2016, 50 in 2017 (20 of it estimated), a 0-TIV deal in 2021.
    yearly = arms.deliveries_by_year("ISR", "AZE", 2015, 2021, data=deliveries)
    wars = pd.DataFrame(
        {"number": [1, 2], "x": [2016.25, 2020.75], "label": ["1 Apr 2016: clash", "2020: war"]}
    )
    fig = figures.deliveries_by_year(yearly, wars)
    assert isinstance(fig, Figure)
    top, bottom = fig.axes
    assert (top.get_ylabel(), bottom.get_ylabel(), bottom.get_xlabel()) == (
        "TIV millions",
        "Deals",
        "Delivery year",
    )
    assert _legend(top.get_legend()) == [
        "Firm figures",
        "Delivery year or number delivered estimated by SIPRI ('?')",
    ]
    bars = _bars(top)
    assert len(bars) == 14  # a firm and a hatched bar for each of the 7 years
    firm, estimated = bars[:7], bars[7:]
    assert [b.get_height() for b in firm] == [0.0, 10.0, 30.0, 0.0, 0.0, 0.0, 0.0]
    assert estimated[2].get_height() == 20.0 and estimated[2].get_y() == 30.0
    assert [b.get_height() for b in _bars(bottom)] == [0, 1, 2, 0, 0, 0, 1]
    dotted = [line for line in top.get_lines() if line.get_linestyle() == ":"]
    assert [line.get_xdata()[0] for line in dotted] == [2015.75, 2020.25]
    assert [t.get_text() for t in fig.texts] == [
        "Dotted red lines: (1) 1 Apr 2016: clash; (2) 2020: war"
    ]
    plain = figures.deliveries_by_year(yearly)
    assert plain.texts == [] and not [ln for ln in plain.axes[0].get_lines()]


def test_supplier_periods(deliveries):  # noqa: F811
    # AZE imports 2012-16: RUS 100, ISR 10; 2017-21: ISR 50, TUR 15, unknown 5.
    by_period = arms.supplier_shares_by_period("AZE", 2012, 2021, 5, data=deliveries)
    charts.set_countries(["Azerbaijan", "Israel"])
    fig = figures.supplier_periods(by_period, highlight="Israel", top=2)
    left, right = fig.axes
    assert left.get_xlabel() == "Arms imports (TIV millions)"
    assert right.get_xlabel() == "Share of arms imports (%)"
    assert [t.get_text() for t in left.get_yticklabels()] == ["2012–2016", "2017–2021"]
    # Türkiye, third in the latest period, is named although not in the top 2 overall
    assert _legend(fig.legends[0]) == ["Russia", "Israel", "Türkiye", "Others"]
    bars = _bars(left)
    assert len(bars) == 8 and len(_bars(right)) == 8  # 4 actors x 2 periods
    # Widths in TIV, actor by actor: Russia, Israel, Türkiye, Others (the unknown supplier).
    assert [round(b.get_width(), 6) for b in bars] == [100.0, 0.0, 10.0, 50.0, 0.0, 15.0, 0.0, 5.0]
    assert to_hex(bars[2].get_facecolor()) == charts.country_colour("Israel")  # the partner
    assert to_hex(bars[6].get_facecolor()) == figures.OTHER_GREY
    assert sorted(t.get_text() for t in right.texts) == ["21%", "71%", "91%"]


def test_deliveries_by_category(deliveries):  # noqa: F811
    by_category = arms.deliveries_by_category("ISR", "AZE", 2015, 2018, data=deliveries)
    fig = figures.deliveries_by_category(by_category, 2015, 2018)
    (ax,) = fig.axes
    assert (ax.get_ylabel(), ax.get_xlabel()) == ("TIV millions", "Delivery year")
    assert _legend(ax.get_legend()) == ["Ships", UAV]  # 30 each: the tie goes by name
    bars = _bars(ax)
    assert len(bars) == 8  # 2 categories x 4 years
    assert [b.get_height() for b in bars] == [0, 0, 30, 0, 0, 10, 20, 0]
    assert to_hex(bars[5].get_facecolor()) == figures.WAR_RED  # drones stand out
    assert bars[6].get_y() == 30.0  # stacked on the ships


def test_client_bars(deliveries):  # noqa: F811
    # ISR exports 2012-21: India 100 (1st), Azerbaijan 60 (2nd).
    clients = arms.client_shares("ISR", 2012, 2021, data=deliveries)
    fig = figures.client_bars(clients, "AZE", "Israel", "2012–2021")
    (ax,) = fig.axes
    assert (
        ax.get_xlabel() == "Share of Israel's arms exports, 2012–2021 (%; TIV millions in brackets)"
    )
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Azerbaijan (2nd)", "India (1st)"]
    bars = _bars(ax)
    assert [b.get_width() for b in bars] == [37.5, 62.5]
    assert [to_hex(b.get_facecolor()) for b in bars] == [charts.PALETTE[0], figures.LIGHT_BLUE]
    assert [t.get_text() for t in ax.texts] == [" 37.5% (60)", " 62.5% (100)"]
    # With room for one bar only, the highlighted client still shows.
    one = figures.client_bars(clients, "AZE", "United States", "2012–2021", n=1).axes[0]
    assert [t.get_text() for t in one.get_yticklabels()] == ["Azerbaijan (2nd)"]
    assert one.get_xlabel().startswith("Share of the United States' arms exports")


def test_who_arms_whom(deliveries):  # noqa: F811
    long = arms.supplier_shares_for(
        ["AZE", "Armenia"], [(2012, 2021), (2017, 2021)], data=deliveries
    )
    matrix = arms.comparison_matrix(long, top=1)  # columns Russia, Israel, Others
    fig = figures.who_arms_whom(matrix, "Israel")
    ax, colourbar = fig.axes
    assert ax.get_xlabel() == "Supplier"
    assert colourbar.get_ylabel() == "Share of imports (%)"
    ticks = ax.get_xticklabels()
    assert [t.get_text() for t in ticks] == ["Israel", "Russia", "Others"]  # the partner first
    assert ticks[0].get_fontweight() == "bold"
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Azerbaijan, 2012–2021",
        "Azerbaijan, 2017–2021",
        "Armenia, 2012–2021",
        "Armenia, 2017–2021",
    ]
    # AZE 12-21: 33, 56, 11; AZE 17-21: 71, 0 (blank), 29; Armenia: Russia 100 twice.
    assert [t.get_text() for t in ax.texts] == ["33", "56", "11", "71", "29", "100", "100"]


def test_first_five_country_colours_are_far_apart() -> None:
    """The country, the partner and three rivals share charts: no two of their colours are
    close (distance in RGB at least 80 of 441; vermilion and orange are 67 apart), so e.g. Russia is never orange beside the
    partner's vermilion."""
    from matplotlib.colors import to_rgb

    first = [to_rgb(c) for c in charts.COUNTRY_COLOURS[:5]]
    for i, a in enumerate(first):
        for b in first[i + 1 :]:
            assert sum((255 * (x - y)) ** 2 for x, y in zip(a, b, strict=True)) ** 0.5 >= 80


def test_deliveries_war_key_is_readable_and_numbers_cover_nothing():
    """Israel-Azerbaijan: the wars' key was 7-pt red text, smaller than the legend, and the red
    numbers sat inside the axes on the tall 2016 bar, 3 and 4 (2022, 2023) nearly touching. The
    key is now as large as the legend's text; the numbers are over the axes, apart, under the
    legend."""
    from strategic_ties.analysis import threats

    charts.apply_style()
    yearly = arms.deliveries_by_year("Israel", "Azerbaijan", 1995, 2024)
    wars = threats.chart_markers("Azerbaijan", 1995, 2024, categories=["war_or_clash"])
    fig = figures.deliveries_by_year(yearly, wars)
    top = fig.axes[0]
    (key,) = fig.texts
    legend = top.get_legend()
    assert key.get_fontsize() >= max(t.get_fontsize() for t in legend.get_texts())
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    numbers = [t for t in top.texts if t.get_bbox_patch() is not None]
    assert [t.get_text() for t in numbers] == ["1", "2", "3", "4"]
    boxes = [charts.text_box(t, renderer) for t in numbers]
    axes_top = top.get_window_extent(renderer).y1
    assert min(b.y0 for b in boxes) >= axes_top  # over the axes: on no bar
    for i, box in enumerate(boxes):
        assert not any(box.overlaps(other) for other in boxes[i + 1 :]), i + 1
    above = legend.get_window_extent(renderer)
    assert above.y0 >= max(b.y1 for b in boxes)
    assert key.get_window_extent(renderer).y1 < fig.axes[1].get_window_extent(renderer).y0


def test_a_lone_year_of_deliveries_is_said_not_charted():
    """France-Armenia: one delivery (2023, TIV 3.8 m, 1 deal, estimated) drew a chart of one
    lone bar, twice. `lone_year` finds such a year; the sentence says what the value is."""
    from strategic_ties.wording import arms as arms_text

    frame = pd.DataFrame({"year": [2020, 2021, 2022], "deals": [0, 2, 0]})
    assert figures.lone_year(frame, "deals") == 2021
    assert figures.lone_year(frame.assign(deals=[1, 2, 0]), "deals") is None
    assert figures.lone_year(frame.assign(deals=0), "deals") is None
    window = arms_text.report_window(1995, 2024)
    yearly = arms.deliveries_by_year("France", "Armenia", 1995, 2024)
    assert figures.lone_year(yearly, "deals") == 2023
    assert arms_text.one_year_text("France", "Armenia", window, yearly, 2023) == (
        "SIPRI's database records deliveries from France to Armenia in one year only between "
        "1995 and 2024: 2023, worth TIV 3.8\u00a0m under 1 deal; SIPRI estimates the delivery "
        "year or the number delivered."
    )
    by_category = arms.deliveries_by_category("France", "Armenia", 1995, 2024)
    assert figures.lone_year(by_category, "tiv") == 2023
    assert arms_text.one_year_categories_text(
        "France", "Armenia", window, by_category, 2023
    ).endswith("came in 2023: TIV 3.8\u00a0m of armoured vehicles.")
    # the pairs with many years keep their charts
    assert (
        figures.lone_year(arms.deliveries_by_year("Russia", "Armenia", 1995, 2024), "deals") is None
    )
