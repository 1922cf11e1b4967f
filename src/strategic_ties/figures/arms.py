"""Charts of the arms-trade report: analysis frames in, matplotlib Figure out.

Each function draws one figure in the house style (`strategic_ties.charts`: PALETTE, FIG_WIDTH)
and returns it; the notebook shows it with `charts.show_figure`. Nothing here reads files,
displays or saves. The frames are those of `strategic_ties.analysis.arms` (and
`threats.chart_markers` for war markers).
"""

from __future__ import annotations

from collections.abc import Iterable

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import offset_copy

from strategic_ties import charts
from strategic_ties.analysis import arms
from strategic_ties.wording import arms as arms_text

OTHER_GREY = "#d0d0d0"
WAR_RED = "#c00000"
DEALS_GREY = "#7f7f7f"
LIGHT_BLUE = "#9dc3e6"
NUMBER_STEP = 12  # points between the levels of war numbers that would overlap
# Fixed category colours: drones stand out in red, other aircraft in a pale blue.
CATEGORY_COLOURS = {arms_text.UAV: WAR_RED, "aircraft": LIGHT_BLUE}


def actor_colours(names: Iterable[str], highlight: str | None = None) -> dict[str, str]:
    """A colour per actor: each country in its document colour (`charts.country_colours`, the
    same in every chart), 'Others' grey. `highlight` is kept for callers; the partner is already
    one of the document's first colours."""
    names = list(names)
    colours = charts.country_colours([n for n in names if n != "Others"])
    return {name: OTHER_GREY if name == "Others" else colours[name] for name in names}


def lone_year(frame: pd.DataFrame, column: str) -> int | None:
    """The year, if `frame` (a row per year, or per year and category) has a positive `column`
    in exactly one year: a chart of it would be a lone bar, and a sentence says it instead."""
    years = frame.loc[frame[column].fillna(0).astype(float) > 0, "year"].unique()
    return int(years[0]) if len(years) == 1 else None


def deliveries_by_year(yearly: pd.DataFrame, wars: pd.DataFrame | None = None) -> Figure:
    """Annual deliveries of a pair (`arms.deliveries_by_year`): TIV bars, the part resting on
    SIPRI estimates hatched, the number of deals below; `wars` (`threats.chart_markers`) drawn as
    numbered dotted lines with their labels under the chart."""
    fig, (top, bottom) = charts.subplots(
        2, 1, figsize=(charts.FIG_WIDTH, 4.0), sharex=True, gridspec_kw={"height_ratios": [3, 1]}
    )
    years = yearly["year"].astype(int)
    firm = yearly["tiv"] - yearly["tiv_estimated"]
    colour = charts.PALETTE[0]
    charts.bar(top, years, firm, color=colour, width=0.8)
    hatched = {"color": "white", "edgecolor": colour, "hatch": "////"}
    charts.bar(
        top, years, yearly["tiv_estimated"], bottom=firm, linewidth=0.6, width=0.8, **hatched
    )
    top.set_ylabel(arms.TIV)
    charts.bar(bottom, years, yearly["deals"], color=DEALS_GREY, width=0.8)
    bottom.set_ylabel("Deals")
    bottom.set_xlabel("Delivery year")
    bottom.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=3))
    markers = wars if wars is not None else pd.DataFrame(columns=["number", "x", "label"])
    numbers = []
    for marker in markers.itertuples():
        x = marker.x - 0.5  # bars are centred on the year: year Y spans Y-0.5 .. Y+0.5
        for axis in (top, bottom):
            axis.axvline(x, color=WAR_RED, linestyle=":", linewidth=1)
        # circled over the axes, as on the battle-deaths chart: inside, they lay on tall bars
        numbers.append(charts.event_number(top, marker.number, x, WAR_RED, WAR_RED))
    below = 0.0
    # as readable as the legend
    key_size = FontProperties(size=matplotlib.rcParams["legend.fontsize"]).get_size_in_points()
    if len(markers):
        legend = "; ".join(f"({m.number}) {m.label}" for m in markers.itertuples())
        # wrapped here to the figure's right edge, as wrap=True would, but without matplotlib
        # laying the text out once per word
        lines = charts.wrap("Dotted red lines: " + legend, 0.99 * charts.FIG_WIDTH, key_size)
        below = 0.1 + 0.17 * len(lines)  # the key's room, on the canvas under the axes
        height = fig.get_figheight()
        fig.set_figheight(height + below)
        fig.text(
            0.01,
            (below - 0.01 * height) / (height + below),
            "\n".join(lines),
            fontsize=key_size,
            ha="left",
            va="top",
        )
    # numbers apart as the Axes will be (the layout keeps their width to a few points), the
    # legend over them
    levels = charts.unstack(numbers, NUMBER_STEP, gap=2.0)
    lift = 3 + NUMBER_STEP * (levels + 1) + 2 if numbers else 0
    estimated = "Delivery year or number delivered estimated by SIPRI ('?')"
    top.legend(
        handles=[
            Patch(color=colour, label="Firm figures"),
            Patch(facecolor="white", edgecolor=colour, hatch="////", label=estimated),
        ],
        loc="lower left",
        bbox_to_anchor=(0, 1.0),
        bbox_transform=offset_copy(top.transAxes, fig=fig, y=lift, units="points"),
        ncol=2,
    )
    charts.tight_layout(fig, rect=(0, below / fig.get_figheight(), 1, 1))
    return fig


def supplier_periods(by_period: pd.DataFrame, highlight: str | None, top: int = 6) -> Figure:
    """A recipient's imports by supplier per period (`arms.supplier_shares_by_period`): two
    panels sharing the period axis, TIV stacked by supplier and shares in %; the `top` largest
    suppliers and each period's largest by name (`arms.share_matrix`), the rest as Others,
    `highlight` in the first house colour."""
    wide = arms.share_matrix(by_period, "supplier", top=top)
    totals = by_period.groupby("period", sort=False)["total"].first().reindex(wide.index)
    colours = actor_colours(wide.columns, highlight)
    height = 1.5 + 0.38 * len(wide)
    fig, (left, right) = charts.subplots(1, 2, figsize=(charts.FIG_WIDTH, height), sharey=True)
    y = np.arange(len(wide))
    base_tiv = np.zeros(len(wide))
    base_pct = np.zeros(len(wide))
    for name in wide.columns:
        share = wide[name].to_numpy(dtype=float)
        tiv = share * totals.to_numpy(dtype=float)
        charts.bar(
            left,
            y,
            tiv,
            left=base_tiv,
            color=colours[name],
            label=name,
            height=0.7,
            horizontal=True,
        )
        charts.bar(
            right, y, share * 100, left=base_pct, color=colours[name], height=0.7, horizontal=True
        )
        text_colour = "black" if colours[name] == OTHER_GREY else "white"
        for i, value in enumerate(share):
            if value >= 0.12:
                right.text(
                    base_pct[i] + value * 50,
                    i,
                    f"{value:.0%}",
                    ha="center",
                    va="center",
                    fontsize=7,
                    color=text_colour,
                )
        base_tiv = base_tiv + tiv
        base_pct = base_pct + share * 100
    left.set_yticks(list(y), wide.index)
    left.invert_yaxis()
    left.set_xlabel(f"Arms imports ({arms.TIV})")
    right.set_xlabel("Share of arms imports (%)")
    right.set_xlim(0, 100)
    left.grid(axis="y", visible=False)
    right.grid(axis="y", visible=False)
    handles, labels = left.get_legend_handles_labels()
    below = 0.02 * height  # the legend's foot, under the designed figure: on the canvas
    fig.set_figheight(height + below)
    fig.legend(
        handles, labels, loc="lower center", ncol=min(4, len(labels)), bbox_to_anchor=(0.5, 0)
    )
    rows = -(-len(labels) // 4)  # the legend's rows, four names each: ~0.16 in a row
    room = 0.08 + 0.16 * rows + below
    charts.tight_layout(fig, rect=(0, room / (height + below), 1, 1))
    return fig


def deliveries_by_category(by_category: pd.DataFrame, start_year: int, end_year: int) -> Figure:
    """A pair's deliveries by weapon category and year (`arms.deliveries_by_category`), stacked
    bars over every year of the window, the largest category at the bottom; UAVs and loitering
    munitions in red, other aircraft in pale blue."""
    order = list(arms.category_totals(by_category)["category"])
    others = iter(c for c in charts.PALETTE if c != "#a5a5a5")
    colours = {c: CATEGORY_COLOURS.get(c) or next(others, "#a5a5a5") for c in order}
    grid = by_category.pivot_table(
        index="year", columns="category", values="tiv", aggfunc="sum", fill_value=0.0
    )
    grid = grid.reindex(range(start_year, end_year + 1), fill_value=0.0)[order]
    fig, ax = charts.subplots(figsize=(charts.FIG_WIDTH, 3.6))
    bottom = np.zeros(len(grid))
    for category in order:
        label = arms_text.category_label(category)
        values = grid[category].to_numpy(dtype=float)
        charts.bar(
            ax, grid.index, values, bottom=bottom, color=colours[category], label=label, width=0.8
        )
        bottom = bottom + values
    ax.set_ylabel(arms.TIV)
    ax.set_xlabel("Delivery year")
    ax.legend(loc="upper left", ncol=2)
    charts.tight_layout(fig)
    return fig


def client_bars(
    clients: pd.DataFrame, highlight_iso3: str, exporter: str, window: str, n: int = 12
) -> Figure:
    """A supplier's `n` largest clients (`arms.client_shares`), the highlighted one always among
    them: horizontal bars of their share of its exports, rank in the label, TIV at the bar's
    end; `highlight_iso3` in the first house colour. `exporter` is the supplier's name,
    `window` the years ('1995–2024')."""
    rows = arms_text.top_with(clients, "recipient_iso3", highlight_iso3, n=n).iloc[::-1]
    colours = [
        charts.PALETTE[0] if iso == highlight_iso3 else LIGHT_BLUE for iso in rows["recipient_iso3"]
    ]
    labels = [
        f"{name} ({arms_text.ordinal(rank)})"
        for name, rank in zip(rows["recipient"], rows["rank"], strict=True)
    ]
    fig, ax = charts.subplots(figsize=(charts.FIG_WIDTH, 0.9 + 0.24 * len(rows)))
    charts.bar(ax, labels, rows["share"] * 100, color=colours, height=0.7, horizontal=True)
    for i, (share, tiv) in enumerate(zip(rows["share"], rows["tiv"], strict=True)):
        ax.text(share * 100, i, f" {share:.1%} ({tiv:,.0f})", va="center", fontsize=7)
    whose = arms_text.possessive(arms_text.with_article(exporter))
    ax.set_xlabel(f"Share of {whose} arms exports, {window} (%; {arms.TIV} in brackets)")
    ax.set_xlim(0, rows["share"].max() * 100 * 1.3)
    ax.grid(axis="y", visible=False)
    charts.tight_layout(fig)
    return fig


def who_arms_whom(matrix: pd.DataFrame, partner: str) -> Figure:
    """Heat map of a `arms.comparison_matrix`: rows 'recipient, window', columns suppliers, cells
    shares in % (blank under 0.5%); the `partner`'s column first and its name in bold."""
    if partner in matrix.columns:  # the partner's column first, so its role reads at a glance
        matrix = matrix[[partner] + [c for c in matrix.columns if c != partner]]
    fig, ax = charts.subplots(figsize=(charts.FIG_WIDTH, 1.4 + 0.32 * len(matrix)))
    values = matrix.to_numpy(dtype=float) * 100
    image = ax.imshow(
        np.ma.masked_where(values < 0.5, values), cmap="Blues", vmin=0, vmax=100, aspect="auto"
    )
    for (i, j), value in np.ndenumerate(values):
        if value >= 0.5:
            colour = "white" if value > 55 else "black"
            ax.text(j, i, f"{value:.0f}", ha="center", va="center", fontsize=7, color=colour)
    ax.set_xticks(range(len(matrix.columns)), matrix.columns, rotation=35, ha="right")
    for tick in ax.get_xticklabels():
        if tick.get_text() == partner:
            tick.set_fontweight("bold")
    ax.set_yticks(range(len(matrix)), matrix.index)
    # cell borders, drawn where grid lines on minor ticks at the cell edges would be, as two
    # line collections: ~20 tick objects fewer to make, place and draw
    rows, columns = len(matrix), len(matrix.columns)
    border = {"colors": "#e6e6e6", "linewidth": 0.6, "zorder": 0.5}  # under the numbers
    ax.vlines(np.arange(-0.5, columns), -0.5, rows - 0.5, **border)
    ax.hlines(np.arange(-0.5, rows), -0.5, columns - 0.5, **border)
    ax.grid(visible=False)
    ax.tick_params(length=0)
    colourbar = fig.colorbar(image, ax=ax, fraction=0.03, pad=0.02)
    colourbar.set_label("Share of imports (%)")
    ax.set_xlabel("Supplier")
    charts.tight_layout(fig)
    return fig
