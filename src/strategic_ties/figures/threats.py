"""Charts of the threat picture, in the house style of `strategic_ties.charts`.

Each public function takes frames from `strategic_ties.analysis.threats` (and labels) and
returns a matplotlib Figure; the notebook hands it to `charts.show_figure`, which saves and
closes it. Nothing here displays, reads or writes files.

Yearly bars for year Y sit on Y + 0.5, so an event dated inside Y falls inside its bar.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullFormatter, NullLocator
from matplotlib.transforms import offset_copy

from strategic_ties import charts

THOUSANDS = FuncFormatter(lambda value, _pos: f"{value:,.0f}")
EVENT_GREY = "#595959"
GTD_GAP_YEAR = 1993
# the Global Terrorism Database lost its 1993 records


def colours(names: Sequence[str]) -> dict[str, str]:
    """Each country's document colour (`charts.country_colours`: the same in every chart)."""
    return charts.country_colours(names)


def starred(frame: pd.DataFrame, wide: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """`wide` (indexed by period) with the partial periods of `frame` marked '*', and the
    caption's note on them ('' if none)."""
    partial = set(frame.loc[frame["partial"].astype("boolean").fillna(False), "period"])
    shown = wide.rename(index=lambda p: f"{p}*" if p in partial else p)
    note = (
        f"; * shorter period: the window starts in {int(frame['start'].min())}" if partial else ""
    )
    return shown, note


def _year_axis(ax: Axes, first: int, last: int) -> None:
    """Year ticks centred on the yearly bars, thinned for long spans."""
    step = 1 if last - first <= 12 else (2 if last - first <= 24 else 4)
    ticks = [y for y in range(first, last + 1) if (y - first) % step == 0]
    ax.set_xticks([y + 0.5 for y in ticks], [str(y) for y in ticks])
    ax.set_xlim(first, last + 1)


NUMBER_STEP = 12  # points between the levels of event numbers that would overlap


def _mark_events(ax: Axes, markers: pd.DataFrame) -> tuple[list[str], int]:
    """Dotted lines at timeline events, numbered above the axes (a number that would overlap an
    earlier one goes a level higher, `charts.unstack`); returns the key's lines and the highest
    level used."""
    key: list[str] = []
    numbers = []
    for m in markers.itertuples():
        ax.axvline(m.x, color=EVENT_GREY, linestyle=":", linewidth=1.0, zorder=1)
        numbers.append(charts.event_number(ax, m.number, m.x, EVENT_GREY))
        key.append(f"{m.number}  {m.label}")
    return key, charts.unstack(numbers, NUMBER_STEP)


GAP_EDGE = "#c8c8c8"


def _hatch_year(ax: Axes, year: int, label: str | None = None) -> None:
    """A year without data drawn as a hatched band (not filled: a solid band read as the tallest
    bar), with `label` written up it."""
    ax.axvspan(
        year + 0.1,
        year + 0.9,
        facecolor="none",
        edgecolor=GAP_EDGE,
        hatch="////",
        linewidth=0,
        zorder=0,
    )
    if label:
        ax.text(
            year + 0.5,
            0.5,
            label,
            transform=ax.get_xaxis_transform(),
            rotation=90,
            ha="center",
            va="center",
            fontsize=6.5,
            color="#404040",
        )


def _add_key(ax: Axes, key: list[str]) -> int:
    """The numbered events listed under the chart, in two columns when there are many; returns
    the number of lines of the longer column."""
    if not key:
        return 0
    wrapped = [textwrap.fill(line, 52, subsequent_indent="     ") for line in key]
    half = (len(wrapped) + 1) // 2
    columns = [wrapped] if len(wrapped) <= 3 else [wrapped[:half], wrapped[half:]]
    for i, lines in enumerate(columns):
        ax.text(
            -0.08 + 0.55 * i,
            -0.16,
            "\n".join(lines),
            transform=ax.transAxes,
            va="top",
            ha="left",
            fontsize=7,
            linespacing=1.35,
        )
    return max("\n".join(lines).count("\n") + 1 for lines in columns)


def _grouped_bars(
    ax: Axes,
    wide: pd.DataFrame,
    colour: dict[str, str],
    fmt: Callable[[float], str] | None = None,
    labelled: Sequence[str] | None = None,
) -> None:
    """Grouped vertical bars: one group per row of `wide`, one bar per column; with `fmt`, each
    bar of the `labelled` columns (default all) is labelled (n/a for a missing value)."""
    width = 0.8 / max(len(wide.columns), 1)
    x = np.arange(len(wide))
    for i, column in enumerate(wide.columns):
        values = wide[column].to_numpy(dtype="float64")
        bars = charts.bar(
            ax,
            x - 0.4 + width * (i + 0.5),
            np.nan_to_num(values),
            width=width * 0.95,
            color=colour[column],
            label=column,
        )
        show = fmt is not None and (labelled is None or column in labelled)
        for bar, value in zip(bars, values, strict=True) if show else ():
            ax.annotate(
                "n/a" if np.isnan(value) else fmt(value),
                (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                xytext=(0, 2),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=6,
            )
    ax.set_xticks(x, wide.index)
    ax.grid(axis="x", visible=False)


def battle_deaths_figure(
    totals: pd.DataFrame,
    markers: pd.DataFrame,
    start_year: int,
    end_year: int,
    *,
    uncounted: Sequence[int] = (),
    uncounted_label: str = "",
) -> Figure:
    """Battle-related deaths per year (`battle_deaths_by_year`): best-estimate bars with low–high
    whiskers on a log scale, and the `chart_markers` events as numbered lines keyed below. The
    `uncounted` years (`conflict.uncounted_years`: UCDP records a conflict of the country's
    without it that year) are hatched, marked 'not counted' and keyed with `uncounted_label`."""
    fig, ax = charts.subplots(figsize=(charts.FIG_WIDTH, 3.3))
    x = totals["year"].astype(int).to_numpy() + 0.5
    best = totals["best"].astype(float).to_numpy()
    charts.bar(ax, x, best, width=0.8, color=charts.PALETTE[0], label="Best estimate", zorder=2)
    # UCDP's low estimate occasionally exceeds its best (e.g. Israel 2012): no whisker below
    below = np.clip(best - totals["low"].astype(float).to_numpy(), 0, None)
    above = np.clip(totals["high"].astype(float).to_numpy() - best, 0, None)
    ax.errorbar(
        x,
        best,
        yerr=[below, above],
        fmt="none",
        ecolor=charts.PALETTE[1],
        elinewidth=1.1,
        capsize=2.5,
        label="Low–high estimate",
        zorder=3,
    )
    ax.set_yscale("log")
    ax.set_ylim(10, max(totals["high"].max(), 100) * 2.5)
    ax.yaxis.set_major_formatter(THOUSANDS)
    ax.yaxis.set_minor_formatter(NullFormatter())
    # ~8 minor ticks a decade on a log axis, which the house style shows neither as marks, grid
    # lines nor labels: without them, ~40 invisible tick objects fewer to make, place and draw
    ax.yaxis.set_minor_locator(NullLocator())
    ax.set_ylabel("Battle-related deaths per year\n(log scale)")
    _year_axis(ax, start_year, end_year)
    ax.grid(axis="x", visible=False)
    key, levels = _mark_events(ax, markers)
    handles, labels = ax.get_legend_handles_labels()
    shown = sorted({int(y) for y in uncounted if start_year <= int(y) <= end_year})
    for year in shown:
        _hatch_year(ax, year, "not counted")
    if shown and uncounted_label:
        handles.append(Patch(facecolor="none", edgecolor=GAP_EDGE, hatch="////"))
        labels.append(uncounted_label)
    # over the axes and their event numbers: inside, the legend lay on bars and event lines
    lift = (3 + NUMBER_STEP * (levels + 1) + 2) if len(key) else 2
    legend = ax.legend(
        handles,
        labels,
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        bbox_transform=offset_copy(ax.transAxes, fig=fig, y=lift, units="points"),
        ncol=2,  # over the axes there is width: the long 'not counted' entry beside the others
        borderaxespad=0,
    )
    lines = _add_key(ax, key)
    # the key's lines (7 pt, spaced 1.35) under the year labels, the legend and the staggered
    # event numbers over the axes: on the canvas (see charts.png); what is not drawn on is
    # cropped away
    renderer = fig.canvas.get_renderer()
    reach = (legend.get_window_extent(renderer).y1 - ax.get_window_extent(renderer).y1) / fig.dpi
    margin = (1 - fig.subplotpars.top) * fig.get_figheight()
    charts.make_room(fig, below=0.25 + 0.16 * lines, above=max(reach - margin + 0.05, 0.0))
    return fig


def _yearly(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per year from the first to the last, so a missing year breaks a line."""
    if rows.empty:
        return rows
    indexed = rows.set_index("year")
    years = range(int(indexed.index.min()), int(indexed.index.max()) + 1)
    return indexed.reindex(years).rename_axis("year").reset_index()


def spending_figure(balance: pd.DataFrame, names: Sequence[str], country: str) -> Figure:
    """Military spending (`military_balance`) of each of `names`: constant US$ bn on a log scale
    (left) and % of GDP (right), the country's line heavier, one legend over both. A share of
    GDP from a later SIPRI release than the main one is drawn dashed with open markers. Side by
    side, not stacked: a stacked pair was too tall for the page's last third (see report.css)."""
    colour = colours(names)
    with_usd = balance[balance["milex_constant_usd"].notna()]
    primary = with_usd["release"].mode().iloc[0] if len(with_usd) else None
    fig, (top, bottom) = charts.subplots(1, 2, figsize=(charts.FIG_WIDTH, 3.0), sharex=True)
    extension_seen = False
    for name in names:
        rows = balance[balance["country"] == name]
        if rows.empty:
            continue
        weight = 2.2 if name == country else 1.3
        main = _yearly(rows[rows["release"] == primary])
        years = main["year"].astype(int)
        top.plot(
            years, main["milex_constant_usd"] / 1000, color=colour[name], lw=weight, label=name
        )
        bottom.plot(years, main["milex_share_gdp"], color=colour[name], linewidth=weight)
        later = rows[(rows["release"] != primary) & rows["milex_share_gdp"].notna()]
        if len(later):
            extension_seen = True
            joined = pd.concat([main.dropna(subset=["milex_share_gdp"]).tail(1), later])
            bottom.plot(
                joined["year"].astype(int),
                joined["milex_share_gdp"],
                color=colour[name],
                linewidth=weight,
                linestyle="--",
            )
            bottom.plot(
                later["year"].astype(int),
                later["milex_share_gdp"],
                "o",
                mfc="white",
                mec=colour[name],
                ms=4,
            )
    top.set_yscale("log")
    lowest = balance["milex_constant_usd"].min() / 1000
    highest = balance["milex_constant_usd"].max() / 1000
    if pd.notna(lowest) and lowest > 0:
        top.set_ylim(10 ** np.floor(np.log10(lowest)), highest * 1.6)
        subs = (1.0, 2.0, 5.0) if highest / lowest < 200 else (1.0,)
        top.yaxis.set_major_locator(LogLocator(base=10, subs=subs))
    top.yaxis.set_major_formatter(
        FuncFormatter(lambda v, _p: f"{v:,.2g}" if v < 1 else f"{v:,.0f}")
    )
    top.yaxis.set_minor_formatter(NullFormatter())
    top.yaxis.set_minor_locator(NullLocator())  # invisible minor ticks: see battle_deaths_figure
    top.set_ylabel("US$ bn, constant\n2022 prices (log scale)")
    bottom.set_ylabel("% of GDP")
    top.set_xlabel("Year")
    bottom.set_xlabel("Year")
    bottom.set_ylim(bottom=0)
    handles, labels = top.get_legend_handles_labels()
    if extension_seen:
        handles.append(
            Line2D([], [], color=EVENT_GREY, linestyle="--", marker="o", mfc="white", ms=4)
        )
        labels.append("Later year from SIPRI's next release (share of GDP only)")
    columns = min(len(labels), 4)
    fig.legend(handles, labels, loc="upper center", ncol=columns, bbox_to_anchor=(0.5, 1.0))
    rows = -(-len(labels) // columns) if labels else 0
    charts.tight_layout(fig, rect=(0, 0, 1, 1 - (0.24 * rows + 0.04) / fig.get_figheight()))
    return fig


def imports_figure(shown: pd.DataFrame, colour: dict[str, str], period_years: int) -> Figure:
    """Arms imports in TIV millions, periods × countries (`imports_wide`, `starred`): grouped
    bars, one colour per country."""
    fig, ax = charts.subplots(figsize=(charts.FIG_WIDTH, 3.0))
    # the country's own bars carry their values: beside a large rival's they can be too small
    # to read (Armenia beside Türkiye)
    _grouped_bars(ax, shown, colour, fmt=lambda v: THOUSANDS(v, None), labelled=shown.columns[:1])
    ax.set_ylabel("Arms imports, TIV millions")
    ax.set_xlabel(f"{period_years}-year period")
    ax.yaxis.set_major_formatter(THOUSANDS)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=min(4, len(shown.columns)))
    charts.tight_layout(fig)
    return fig


def distance_figure(
    distances: dict[str, pd.DataFrame], country: str, colour: dict[str, str], highlight: str
) -> Figure:
    """UN-vote ideal-point distance from the country per year (`ideal_point_distance` per
    rival): a line each with its 90% band, the `highlight` rival's line heavier."""
    fig, ax = charts.subplots(figsize=(charts.FIG_WIDTH, 3.2))
    for rival, d in distances.items():
        years = d["year"].astype(int)
        weight = 2.2 if rival == highlight else 1.3
        ax.plot(
            years, d["distance"], color=colour[rival], linewidth=weight, label=f"{country}–{rival}"
        )
        ax.fill_between(years, d["low"], d["high"], color=colour[rival], alpha=0.15, linewidth=0)
    ax.set_ylabel("Ideal-point distance\n(UNGA final-passage votes)")
    ax.set_xlabel("Year")
    ax.set_ylim(bottom=0)
    # above the plot, as the other period charts: inside it the legend covered a band
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=min(3, len(distances)))
    charts.tight_layout(fig)
    return fig


def terrorism_figure(gtd: pd.DataFrame) -> Figure:
    """Terrorist incidents (top) and deaths (bottom) per year (`terrorism`); 1993, which the GTD
    lost, is shaded and labelled when it falls in the window."""
    fig, (top, bottom) = charts.subplots(2, 1, figsize=(charts.FIG_WIDTH, 3.8), sharex=True)
    years = gtd["year"].astype(int).to_numpy() + 0.5
    charts.bar(top, years, gtd["incidents"].fillna(0), width=0.8, color=charts.PALETTE[0])
    charts.bar(bottom, years, gtd["fatalities"].fillna(0), width=0.8, color=charts.PALETTE[1])
    top.set_ylabel("Incidents")
    bottom.set_ylabel("Deaths")
    gap = GTD_GAP_YEAR in set(gtd["year"].astype(int))
    for ax in (top, bottom):
        ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=4))
        ax.grid(axis="x", visible=False)
        if gap:
            _hatch_year(ax, GTD_GAP_YEAR, "no GTD data" if ax is top else None)
    _year_axis(bottom, int(gtd["year"].min()), int(gtd["year"].max()))
    bottom.set_xlabel("Year")
    charts.tight_layout(fig)
    return fig


def political_violence_figure(acled: pd.DataFrame) -> Figure:
    """ACLED events (left) and reported fatalities (right) per year (`political_violence`); an
    incomplete year is drawn as a hatched outline."""
    fig, axes = charts.subplots(1, 2, figsize=(charts.FIG_WIDTH, 2.8))
    years = acled["year"].astype(int).to_numpy()
    partial = acled["partial_year"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    panels = (
        ("events", charts.PALETTE[0], "Political-violence events"),
        ("fatalities", charts.PALETTE[1], "Reported fatalities"),
    )
    for ax, (column, colour, title) in zip(axes, panels, strict=True):
        bars = charts.bar(ax, years, acled[column].astype(float), width=0.8, color=colour)
        for bar in (bar for bar, cut in zip(bars, partial, strict=True) if cut):
            bar.set_hatch("////")
            bar.set_facecolor("white")
            bar.set_edgecolor(colour)
        charts.title(ax, title, fontsize=9)
        ax.yaxis.set_major_formatter(THOUSANDS)
        ax.set_xticks(years, [str(y) for y in years], rotation=90 if len(years) > 8 else 0)
        ax.grid(axis="x", visible=False)
        ax.set_xlabel("Year")
    axes[0].set_ylabel("Count per year")
    charts.tight_layout(fig)
    return fig
