"""Every figure keeps what it draws on its canvas: keys and legends under the axes and event
numbers over them get room on the canvas, so that `charts.png` draws the figure with the
renderer that laid it out; no text is clipped by the crop. Hand-made frames with long keys and
many events, then the real data of the default pair and of Russia-Armenia."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text
from test_arms import deliveries  # noqa: F401  (the fixture, used by name)

from strategic_ties import charts, datasets
from strategic_ties.analysis import arms, threats
from strategic_ties.figures import arms as arms_figures
from strategic_ties.figures import bilateral, maps
from strategic_ties.figures import threats as threat_figures


@pytest.fixture(autouse=True)
def _close_figures():
    charts.apply_style()
    yield
    plt.close("all")


def _texts(fig) -> list[Text]:
    """The texts a reader sees: figure texts, Axes texts, titles, axis labels, legend texts."""
    texts = list(fig.texts)
    for legend in [*fig.legends, *(ax.get_legend() for ax in fig.axes)]:
        texts += list(legend.get_texts()) if legend is not None else []
    for ax in fig.axes:
        texts += [*ax.texts, ax.title, ax.xaxis.label, ax.yaxis.label]
    return [t for t in texts if t.get_visible() and t.get_text()]


def assert_on_canvas(fig) -> None:
    """Nothing drawn (tick labels included) reaches beyond the figure's canvas."""
    if not hasattr(fig.canvas, "get_renderer"):  # the locator map's bare Figure
        FigureCanvasAgg(fig)
    fig.dpi = charts.DPI
    renderer = fig.canvas.get_renderer()
    extent = fig.get_tightbbox(renderer)
    assert charts.on_canvas(fig, extent), (extent, fig.get_size_inches())
    fig.canvas.draw()  # places the legends' texts
    width, height = fig.bbox.width, fig.bbox.height
    for text in _texts(fig):
        box = text.get_window_extent(renderer)
        assert box.x0 >= -1 and box.y0 >= -1, text.get_text()
        assert box.x1 <= width + 1 and box.y1 <= height + 1, text.get_text()


def test_arms_figures_with_a_long_war_key(deliveries):  # noqa: F811
    yearly = arms.deliveries_by_year("ISR", "AZE", 2015, 2021, data=deliveries)
    wars = pd.DataFrame(
        {
            "number": [1, 2, 3, 4],
            "x": [2016.25, 2017.5, 2020.75, 2021.2],
            "label": [
                "1–5 Apr 2016: Four-Day War in Nagorno-Karabakh along the line of contact",
                "2017: border clashes with heavy artillery and drones along the northern front",
                "27 Sep–10 Nov 2020: Second Nagorno-Karabakh War, ended by a tripartite ceasefire",
                "19–20 Sep 2023: Azerbaijani offensive; the region's Armenians leave",
            ],
        }
    )
    fig = arms_figures.deliveries_by_year(yearly, wars)
    assert "\n" in fig.texts[0].get_text()  # the key is wrapped to the figure's width
    assert_on_canvas(fig)
    assert_on_canvas(arms_figures.deliveries_by_year(yearly))
    by_period = arms.supplier_shares_by_period("AZE", 2012, 2021, 5, data=deliveries)
    assert_on_canvas(arms_figures.supplier_periods(by_period, highlight="Israel"))


def test_battle_deaths_with_many_close_events_and_a_long_key():
    totals = pd.DataFrame(
        {"year": range(1992, 2000), "best": 100, "low": 50, "high": 5000}
    )  # fmt: skip
    markers = pd.DataFrame(
        {
            "number": range(1, 9),
            "x": [1992.2, 1992.5, 1992.8, 1993.1, 1995.0, 1996.5, 1998.0, 1999.9],
            "label": [
                f"{d} May 199{d}: an event with a rather long name to wrap" for d in range(8)
            ],
        }
    )
    fig = threat_figures.battle_deaths_figure(totals, markers, 1992, 1999)
    assert_on_canvas(fig)
    assert fig.axes[0].yaxis.get_minor_ticks() == []  # the log axis' invisible minor ticks


def test_bilateral_legends_below():
    pairs = [("ISR", "AZE"), ("ISR", "TUR"), ("AZE", "IRN")]
    frame = pd.DataFrame(
        {"year": [2000, 2001], "agreement": [0.4, 0.5], "distance": [2.7, 2.8],
         "low": [2.5, 2.6], "high": [2.9, 3.0]}
    )  # fmt: skip
    frames = dict.fromkeys(pairs, frame)
    assert_on_canvas(bilateral.vote_agreement(frames, frames))
    assert_on_canvas(bilateral.ideal_point_distance(frames))
    series = {"Azerbaijan": frame.assign(share_pct=1.0, rank=3), "Israel": frame.assign(
        share_pct=2.0, rank=5)}  # fmt: skip
    assert_on_canvas(bilateral.export_place(series))


@pytest.mark.parametrize(
    ("country", "partner", "rivals"),
    [
        (("AZE", "Azerbaijan"), ("ISR", "Israel"), [("IRN", "Iran"), ("ARM", "Armenia")]),
        (("ARM", "Armenia"), ("RUS", "Russia"), [("AZE", "Azerbaijan"), ("TUR", "Türkiye")]),
    ],
)
def test_real_locator_maps_and_battle_deaths(country, partner, rivals):
    outlines = datasets.load("country_outlines")
    charts.set_countries([country[1], partner[1], *(name for _, name in rivals)])
    assert_on_canvas(maps.locator_map(outlines, country=country, partner=partner, rivals=rivals))
    deaths = threats.battle_deaths(country[1], 1992, 2023)
    markers = threats.chart_markers(country[1], 1992, 2023)
    fig = threat_figures.battle_deaths_figure(
        threats.battle_deaths_by_year(deaths), markers, 1992, 2023
    )
    assert_on_canvas(fig)
