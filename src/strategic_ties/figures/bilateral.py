"""Figures and display tables of the bilateral-ties notebook.

Each figure function takes analysis frames (from `strategic_ties.analysis.trade`, `alignment` and
`energy`) and returns a matplotlib Figure in the house style, without displaying or saving it:
the notebook passes it to `charts.show_figure`. The table functions turn analysis frames into
the reader-facing tables given to `charts.show_table` (the chart data stays the analysis frame).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from strategic_ties import charts, countries, fmt
from strategic_ties.analysis import alignment, bilateral_findings, trade_press
from strategic_ties.charts import FIG_WIDTH, PALETTE

USD_AXIS = "US$ millions (current)"
# Columns of a `pair_events` frame written as the chart data of the timeline and its table.
TIMELINE_DATA = ["event_id", "date", "date_precision", "category", "title", "in_source_paper"]
EVENTS_TABLE_DATA = [
    "event_id",
    "date_label",
    "category",
    "title",
    "description",
    "in_source_paper",
    "confidence",
    "source_urls",
]
MAIN_WIDTH, OTHER_WIDTH = 2.2, 1.2  # line widths: the pair studied, the comparison pairs


def _legend_below(fig: Figure, axes: Iterable[Axes], ncol: int, offset: float, room: float) -> None:
    """One legend for all `axes` (each label once) centred under the figure, `room` kept for it.

    `offset` and `room` are fractions of the figure's height as designed; the part of the legend
    under the figure's edge (a negative `offset`) is added to the canvas, so that everything is
    drawn on it (see `charts.png`), in the same place relative to the rest.
    """
    handles: dict[str, object] = {}
    for ax in axes:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            handles.setdefault(label, handle)
    height = fig.get_figheight()
    below = max(-offset, 0.0) * height  # inches of legend under the designed figure
    fig.set_figheight(height + below)
    fig.legend(
        list(handles.values()),
        list(handles.keys()),
        loc="lower center",
        ncol=ncol,
        bbox_to_anchor=(0.5, (offset * height + below) / (height + below)),
    )
    charts.tight_layout(fig, rect=(0, (room * height + below) / (height + below), 1, 1))


def pair_colours(pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Each pair's line colour, no two alike: the document colour of its second country (the
    partner's counterpart), else of its first, else a colour that no country of the document
    wears. (Russia–Azerbaijan and Armenia–Azerbaijan both end in Azerbaijan, and Armenia's colour
    is Russia–Armenia's: the third pair gets a colour of its own.)"""
    roles = charts.document_colours()
    spare = [c for c in charts.COUNTRY_COLOURS if c not in roles]
    out: dict[tuple[str, str], str] = {}
    for pair in pairs:
        names = [countries.name(countries.iso3_of(member)) for member in (pair[1], pair[0])]
        own = [charts.country_colour(name) for name in names]
        choices = own + spare + list(charts.COUNTRY_COLOURS)
        taken = set(out.values())
        out[pair] = next((c for c in choices if c not in taken), choices[0])
    return out


def _line(ax: Axes, x: pd.Series, y: pd.Series, colour: str, label: str, **style: object) -> None:
    """A line with small round markers (any of them overridden by `style`)."""
    ax.plot(x, y, **({"marker": "o", "ms": 3} | style), color=colour, label=label)


def events_timeline(events: pd.DataFrame) -> Figure:
    """The pair's events (`bilateral_findings.pair_events`) on a time axis, one row per category; stars
    for the events the source paper names."""
    present = set(events["category_label"])
    order = [c for c in bilateral_findings.CATEGORY_LABELS.values() if c in present]
    order += sorted(present - set(order))
    rows = {label: i for i, label in enumerate(reversed(order))}
    fig, ax = charts.subplots(figsize=(FIG_WIDTH, 0.32 * len(order) + 1.3))
    for named, marker, size, label in (
        (False, "o", 30, "Other curated event"),
        (True, "*", 110, "Named in the source paper"),
    ):
        subset = events[events["in_source_paper"] == named]
        if not subset.empty:
            ax.scatter(
                subset["date"],
                subset["category_label"].map(rows),
                marker=marker,
                s=size,
                alpha=0.75,
                label=label,
                color=PALETTE[1 if named else 0],
                zorder=3,
            )
    ax.set_yticks(range(len(order)), list(reversed(order)))
    ax.set_ylim(-0.6, len(order) - 0.4)
    ax.set_xlabel("Date of the event (year)")
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=2)
    return fig


def events_table(events: pd.DataFrame) -> pd.DataFrame:
    """The timeline as a reader's table: Date, Category, Event (★ = in the paper), Sources."""
    return pd.DataFrame(
        {
            "Date": events["date_label"],
            "Category": events["category_label"],
            "Event": events["title"] + events["in_source_paper"].map({True: " ★", False: ""}),
            "Sources (web domains)": events["source_domains"],
        }
    )


def trade_both_reports(flows: pd.DataFrame, country: str, partner: str) -> Figure:
    """Two panels of a `trade.bilateral_trade(country, partner)` frame, one per direction: the
    exporter's and the importer's report of the flow, IMF estimates marked with a cross."""
    fig, axes = charts.subplots(1, 2, figsize=(FIG_WIDTH, 3.2))
    directions = (
        (country, partner, "a_exports_to_b", "b_imports_from_a"),
        (partner, country, "b_exports_to_a", "a_imports_from_b"),
    )
    for ax, (exporter, importer, exp_col, imp_col) in zip(axes, directions, strict=True):
        _line(ax, flows["year"], flows[exp_col], PALETTE[0], "Exporter's report (exports, FOB)")
        _line(
            ax,
            flows["year"],
            flows[imp_col],
            PALETTE[1],
            "Importer's report (imports, CIF)",
            marker="s",
            ls="--",
        )
        flagged = pd.concat(
            [
                flows.loc[flows[f"{col}_estimate"].astype(bool), ["year", col]].set_axis(
                    ["year", "value"], axis=1
                )
                for col in (exp_col, imp_col)
            ]
        )
        if not flagged.empty:
            ax.scatter(
                flagged["year"],
                flagged["value"],
                marker="x",
                color="black",
                zorder=4,
                label="IMF estimate",
            )
        charts.title(ax, f"{exporter} → {importer}")
        ax.set_xlabel("Year")
        ax.set_ylabel(USD_AXIS)
        ax.set_ylim(bottom=0)
    _legend_below(fig, axes, ncol=3, offset=-0.06, room=0.06)
    return fig


def _flagged(values: pd.Series, flags: pd.Series) -> list[str]:
    """Values to one decimal ('<0.1' for tiny ones), ' e' after IMF estimates, '' if missing."""
    return [
        "" if pd.isna(v) else ("<0.1" if 0 < v < 0.05 else f"{v:,.1f}") + (" e" if f else "")
        for v, f in zip(values, flags, strict=True)
    ]


def trade_table(flows: pd.DataFrame) -> pd.DataFrame:
    """A `bilateral_trade` frame as a reader's table: Year and each flow as each side reports it,
    in US$ millions, columns named by ISO3 ('AZE→ISR by ISR')."""
    a, b = str(flows.attrs["a"]), str(flows.attrs["b"])
    shown = pd.DataFrame({"Year": flows["year"].astype(str)})
    for label, col in (
        (f"{a}→{b} by {a}", "a_exports_to_b"),
        (f"{a}→{b} by {b}", "b_imports_from_a"),
        (f"{b}→{a} by {b}", "b_exports_to_a"),
        (f"{b}→{a} by {a}", "a_imports_from_b"),
    ):
        shown[label] = _flagged(flows[col], flows[f"{col}_estimate"])
    return shown


def export_place(series: dict[str, pd.DataFrame]) -> Figure:
    """Share (left) and rank (right, 1 at the top) of a partner among export destinations, one
    line per labelled `trade.partner_ranks` frame. A year in which the reporter lists no exports
    to the partner is a gap, not 0%: DOTS stores no zeros, so the absence is no measurement
    (Armenia's 1992 report, US$6.6 m to 13 partners, does not list Russia)."""
    fig, (left, right) = charts.subplots(1, 2, figsize=(FIG_WIDTH, 3.0))
    for i, (label, frame) in enumerate(series.items()):
        listed = frame["share_pct"].where(frame["rank"].notna())
        _line(left, frame["year"], listed, PALETTE[i], label)
        ranked = frame.dropna(subset=["rank"])
        _line(right, ranked["year"], ranked["rank"].astype(float), PALETTE[i], label)
    charts.title(left, "Share of exports to partner states")
    left.set_ylabel("% of exports")
    left.set_ylim(bottom=0)
    charts.title(right, "Rank among export destinations")
    right.set_ylabel("Rank (1 = largest)")
    right.invert_yaxis()
    for ax in (left, right):
        ax.set_xlabel("Year")
    _legend_below(fig, [left], ncol=2, offset=-0.04, room=0.06)
    return fig


def stack_series(series: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Labelled frames in one, with the label in a ``series`` column (the chart data)."""
    return pd.concat([frame.assign(series=label) for label, frame in series.items()])


def _press_value(value: float, unit: str) -> str:
    """A press figure in the house style: US dollar millions through fmt.money_usd."""
    if str(unit).strip().lower() in {"usd million", "us$ million", "usd m"}:
        return fmt.money_usd(value)
    return f"{fmt.number(value, 1)} {unit}"


def press_table(later: pd.DataFrame) -> pd.DataFrame:
    """`trade_press.press_figures` rows as a reader's table: Period, Figure and value, Quoted by;
    caveat (SUSPECT rows say they are not used; addresses shortened to domains)."""
    values = [
        f"{metric}: "
        + ("no figure" if pd.isna(v) else ("" if pd.isna(q) else q) + _press_value(v, u))
        for metric, v, q, u in zip(
            later["metric"], later["value"], later["value_qualifier"], later["unit"], strict=True
        )
    ]
    quoted = [
        f"{pub}, {fmt.date(date)} ({bilateral_findings.url_domain(url)})"
        + ("; SUSPECT, not used" if bad and "SUSPECT" not in str(note) else "")
        + (
            f"; {bilateral_findings.text_with_domains(note)}"
            if isinstance(note, str) and note
            else ""
        )
        for pub, date, url, bad, note in zip(
            later["publisher"],
            later["published"],
            later["url"],
            later["suspect"],
            later["note"],
            strict=True,
        )
    ]
    return pd.DataFrame(
        {
            "Period": later["period"].map(trade_press.period_label),
            "Figure and value": values,
            "Quoted by; caveat": quoted,
        }
    )


def energy_proxy(proxy: pd.DataFrame, exporter: str, importer: str) -> Figure:
    """An `energy.fuel_import_proxy` frame: the exporter's sales (bars) against the importer's
    fuel imports (line) in US$ millions, and the proxy share in % of the fuel imports."""
    fig, (left, right) = charts.subplots(1, 2, figsize=(FIG_WIDTH, 3.0))
    charts.bar(
        left,
        proxy["year"],
        proxy["exports_usd_m"],
        color=PALETTE[0],
        label=f"{exporter}'s reported exports to {importer}",
    )
    _line(
        left,
        proxy["year"],
        proxy["fuel_imports_usd_m"],
        PALETTE[1],
        f"{importer}'s fuel imports (implied)",
    )
    left.set_ylabel(USD_AXIS)
    charts.title(left, "Values")
    _line(
        right,
        proxy["year"],
        proxy["share_of_fuel_imports_pct"],
        PALETTE[2],
        f"Proxy share of {importer}'s fuel imports",
    )
    right.set_ylabel(f"% of {importer}'s fuel imports")
    right.set_ylim(bottom=0)
    charts.title(right, "Proxy share")
    for ax in (left, right):
        ax.set_xlabel("Year")
    _legend_below(fig, [left, right], ncol=2, offset=-0.08, room=0.09)
    return fig


def oil_press_table(oil: pd.DataFrame) -> pd.DataFrame:
    """`energy.oil_press_figures` rows as a reader's table: Period, Figure, Value (the words
    quoted where there is no number), Quoted by; agency; note."""
    values = [
        f"'{t}'" if pd.isna(v) else _press_value(v, u)
        for v, t, u in zip(oil["value"], oil["value_text"], oil["unit"], strict=True)
    ]
    quoted = [
        f"{pub}, {fmt.date(date)} ({bilateral_findings.url_domain(url)}); {agency}"
        + (
            f"; {bilateral_findings.text_with_domains(note)}"
            if isinstance(note, str) and note
            else ""
        )
        for pub, date, url, agency, note in zip(
            oil["publisher"], oil["published"], oil["url"], oil["agency"], oil["note"], strict=True
        )
    ]
    return pd.DataFrame(
        {
            "Period": oil["period"].map(trade_press.period_label),
            "Figure": oil["metric"],
            "Value": values,
            "Quoted by; agency; note": quoted,
        }
    )


def _pair_lines(
    ax: Axes,
    frames: dict[tuple[str, str], pd.DataFrame],
    y: str,
    *,
    skip_empty: bool = False,
    **style: object,
) -> None:
    """One line per pair (the first, the pair studied, drawn thicker with `style`), labelled with
    its names; a pair without data keeps its legend entry unless `skip_empty`."""
    colours = pair_colours(frames)
    for i, (pair, frame) in enumerate(frames.items()):
        if skip_empty and frame.empty:
            continue
        main = i == 0
        ax.plot(
            frame["year"],
            frame[y],
            color=colours[pair],
            lw=MAIN_WIDTH if main else OTHER_WIDTH,
            label=alignment.pair_label(pair),
            **(style if main else {}),
        )


def vote_agreement(
    agree: dict[tuple[str, str], pd.DataFrame], agree_without: dict[tuple[str, str], pd.DataFrame]
) -> Figure:
    """Yearly agreement (`alignment.agreement_by_pair`) of each pair, the pair studied first: all
    votes (left) and without Middle East votes (right), on a shared 0-1 axis."""
    fig, axes = charts.subplots(1, 2, figsize=(FIG_WIDTH, 3.2), sharey=True)
    for ax, frames, title in (
        (axes[0], agree, "All recorded votes"),
        (axes[1], agree_without, "Without Middle East votes"),
    ):
        _pair_lines(ax, frames, "agreement", marker="o", ms=3)
        charts.title(ax, title)
        ax.set_xlabel("Year")
        ax.set_ylim(0, 1.02)
    axes[0].set_ylabel("Agreement index (0 to 1)")
    _legend_below(fig, axes, ncol=len(agree), offset=-0.04, room=0.07)
    return fig


def alignment_table(summary: pd.DataFrame) -> pd.DataFrame:
    """An `alignment.alignment_summary` frame as a reader's table (numbers left for formatters)."""
    return pd.DataFrame(
        {
            "Pair": [alignment.pair_label(p) for p in zip(summary["a"], summary["b"], strict=True)],
            "Years": [
                f"{a}–{b}" if pd.notna(a) else ""
                for a, b in zip(summary["first_year"], summary["last_year"], strict=True)
            ],
            "Roll calls": summary["roll_calls"],
            "Middle East share": summary["middle_east_share_pct"],
            "Agreement, all votes": summary["agreement"],
            "Agreement, without Middle East": summary["agreement_without_middle_east"],
            "Ideal-point distance (year)": [
                f"{d:.2f} ({int(y)})" if pd.notna(d) else "no data"
                for d, y in zip(summary["distance"], summary["distance_year"], strict=True)
            ],
        }
    )


ALIGNMENT_FORMATS = {
    "Roll calls": "{:,}",
    "Middle East share": "{:.0f}%",
    "Agreement, all votes": "{:.2f}",
    "Agreement, without Middle East": "{:.2f}",
}


def ideal_point_distance(frames: dict[tuple[str, str], pd.DataFrame]) -> Figure:
    """Yearly ideal-point distance of each pair (`alignment.distance_by_pair`, the pair studied
    first, drawn thicker) with its approximate 90% band shaded."""
    fig, ax = charts.subplots(figsize=(FIG_WIDTH, 3.2))
    _pair_lines(ax, frames, "distance", skip_empty=True)
    colours = pair_colours(frames)
    for pair, frame in frames.items():
        if not frame.empty:
            ax.fill_between(
                frame["year"],
                frame["low"],
                frame["high"],
                color=colours[pair],
                alpha=0.15,
                lw=0,
            )
    ax.set_xlabel("Year")
    ax.set_ylabel("Distance (ideal-point scale units)")
    ax.set_ylim(bottom=0)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=len(frames))
    charts.make_room(fig, below=0.15)  # the x-axis label reaches under the default margin
    return fig


TIMELINE_MARKERS = {
    # (source, kind or None for any kind) -> (marker, palette index, legend label)
    ("Curated timeline", None): ("o", 0, "Curated event"),
    ("UCDP", "Conflict onset"): ("X", 3, "Armed conflict begins (UCDP)"),
    ("UCDP", "Episode ends"): ("P", 2, "Conflict episode ends (UCDP)"),
    ("CoW MID", None): ("D", 3, "Militarised dispute (CoW)"),
    ("SIPRI", "Arms order"): ("s", 1, "Arms orders (SIPRI; size = deals)"),
    ("SIPRI", "First delivery"): ("^", 1, "First deliveries (SIPRI)"),
    ("UN votes", None): ("v", 4, "Turning point in UN votes"),
}


TIMELINE_MIN_YEARS = 3  # fewer years with items: a sentence lists them instead of a chart


def timeline_too_sparse(items: pd.DataFrame) -> bool:
    """True when a pair's items (`timeline.pair_timeline`) fall in fewer than
    `TIMELINE_MIN_YEARS` years: a few markers lost on a 30-year axis say less than a sentence."""
    return items["year"].nunique() < TIMELINE_MIN_YEARS


def integrated_timeline(
    items: pd.DataFrame, start_year: int, end_year: int, *, stars: bool = False
) -> Figure:
    """One time axis for all of a pair's items (`timeline.pair_timeline`): one lane per source,
    SIPRI orders and first deliveries as one marker per year sized by deals, up to ten key
    items named (`timeline.key_items`), the years after end_year shaded. ``stars`` marks the
    curated events the source paper names (only for the paper's pair)."""
    from strategic_ties.analysis import timeline

    lanes = [s for s in timeline.SOURCE_ORDER if s in set(items["source"])]
    row = {source: len(lanes) - 1 - i for i, source in enumerate(lanes)}
    fig, ax = charts.subplots(figsize=(FIG_WIDTH, 0.5 * len(lanes) + 1.5))
    sipri = timeline.sipri_by_year(items)
    for (source, kind), (marker, colour, label) in TIMELINE_MARKERS.items():
        if source == "SIPRI":
            part = sipri[sipri["kind"] == kind]
            if part.empty:
                continue
            x = pd.to_datetime(part["year"].astype(str) + "-07-01")
            y = [row[source] + (0.15 if kind == "Arms order" else -0.15)] * len(part)
            sizes = 14 + 10 * part["deals"].clip(upper=8)
        else:
            part = items[(items["source"] == source) & ((items["kind"] == kind) if kind else True)]
            if part.empty:
                continue
            x, y, sizes = part["date"], [row[source]] * len(part), 36
        ax.scatter(
            x, y, marker=marker, s=sizes, color=PALETTE[colour], alpha=0.8, label=label, zorder=3
        )
    if stars:
        named = items[items["in_source_paper"]]
        if not named.empty:
            ax.scatter(
                named["date"],
                [row["Curated timeline"]] * len(named),
                marker="*",
                s=120,
                color=PALETTE[1],
                label="Named in the source paper",
                zorder=4,
            )
    keyed = timeline.key_items(items)
    numbers = [
        ax.annotate(
            str(number),
            (item.date, row[item.source]),
            xytext=(0, 7),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=7,
            fontweight="bold",
        )
        for number, item in enumerate(keyed.itertuples(), start=1)
    ]
    first = pd.Timestamp(year=int(start_year), month=1, day=1)
    last = max(items["date"].max(), pd.Timestamp(year=int(end_year), month=12, day=31))
    window_end = pd.Timestamp(year=int(end_year) + 1, month=1, day=1)
    if last > window_end:
        ax.axvspan(window_end, last + pd.Timedelta(days=200), color="0.9", zorder=0)
        ax.text(
            window_end + (last - window_end) / 2, -0.7, "after\nwindow", fontsize=6, ha="center"
        )
    ax.set_xlim(first - pd.Timedelta(days=200), last + pd.Timedelta(days=200))
    ax.set_yticks(list(row.values()), list(row.keys()))
    ax.set_ylim(-0.8, len(lanes) - 0.2)
    ax.set_xlabel("Year")
    ax.grid(axis="x", alpha=0.3)
    key = [f"{n}  {item.date.year}: {item.label}" for n, item in enumerate(keyed.itertuples(), 1)]
    half = (len(key) + 1) // 2
    fig.set_figheight(fig.get_figheight() + 0.16 * half + 0.5)
    text_room = (0.16 * half + 0.15) / fig.get_figheight()
    room = text_room + 0.62 / fig.get_figheight()
    for column, lines in enumerate((key[:half], key[half:])):
        fig.text(
            0.02 + 0.5 * column,
            0.01,
            "\n".join(_short(t) for t in lines),
            fontsize=7.5,
            va="bottom",
        )
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(
        handles, labels, loc="upper center", ncol=3, bbox_to_anchor=(0.5, room), fontsize=7.5
    )
    charts.tight_layout(fig, rect=(0, room, 1, 1))
    # numbers that would print over each other (items close in time on one lane) go a step
    # higher, measured once the Axes have their width
    charts.unstack(numbers, NUMBER_STEP)
    return fig


NUMBER_STEP = 8  # points between the levels of timeline numbers that would overlap


def _short(text: str, width: int = 62) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def timeline_table(items: pd.DataFrame, *, stars: bool = False) -> pd.DataFrame:
    """The items as one reader's table: Date, Source, What, Event (★ only with ``stars``),
    and '(after the report window)' where it applies."""
    mark = items["in_source_paper"].map({True: " ★", False: ""}) if stars else ""
    after = items["after_window"].map({True: " (after the report window)", False: ""})
    return pd.DataFrame(
        {
            "Date": [  # as precisely as the date is known ('May 2008', not '1 May 2008')
                fmt.date(d, p) if s == "Curated timeline" else fmt.year(d.year)
                for d, s, p in zip(
                    items["date"], items["source"], items["date_precision"], strict=True
                )
            ],
            "Source": items["source"],
            "What": items["kind"],
            "Event": items["label"] + mark + after,
        }
    )
