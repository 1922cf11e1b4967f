"""Reader sentences of the bilateral-ties section that are new with the integrated timeline,
the recency flags and the mirror gap by period (numbers come from the analysis modules)."""

from __future__ import annotations

import pandas as pd

from strategic_ties import fmt
from strategic_ties.recency import Anomaly

TIMELINE_INTRO = (
    "One timeline of the pair's main events, from the first year analysed to the latest date "
    "in the data. It joins the project's curated, sourced events (where it has any for this "
    "pair) with what the datasets record: armed conflicts and their episodes (UCDP), "
    "militarised disputes (Correlates of War), arms orders and first deliveries (SIPRI) and "
    "turning points in UN General Assembly votes. Each item names its source."
)

SOURCE_NOUNS = {
    "Curated timeline": ("curated event", "curated events"),
    "UCDP": ("UCDP conflict item", "UCDP conflict items"),
    "CoW MID": ("militarised dispute", "militarised disputes"),
    "SIPRI": (
        "SIPRI year of orders or first deliveries",
        "SIPRI years of orders or first deliveries",
    ),
    "UN votes": ("turning point in UN votes", "turning points in UN votes"),
}


def timeline_lead(items: pd.DataFrame, partner: str, country: str, end_year: int) -> str:
    """What the timeline holds, per source, and how many items fall after end_year."""
    if items.empty:
        return (
            f"Neither the curated timeline nor the datasets record an event between {fmt.the(partner)} "
            f"and {fmt.the(country)} in these years."
        )
    counts = items["source"].value_counts()
    parts = [
        fmt.count(int(counts[source]), *nouns)
        for source, nouns in SOURCE_NOUNS.items()
        if source in counts
    ]
    text = (
        f"The timeline holds {fmt.count(len(items), 'item')} for {fmt.the(partner)} and {fmt.the(country)} from "
        f"{fmt.year(items['year'].min())} to {fmt.year(items['year'].max())}: "
        f"{fmt.listing(parts)}."
    )
    from strategic_ties.paper import is_paper_pair

    if "Curated timeline" not in counts:
        text += " The project's curated timeline has no event for this pair; every item comes from the data."
    elif not is_paper_pair(partner, country):
        text += (
            " The curated timeline was compiled around the source paper's pair, Israel and "
            "Azerbaijan: it holds other pairs' events only where they touch that relationship, so "
            "for this pair it is far from complete and the datasets carry the timeline."
        )
    after = int(items["after_window"].sum())
    if after:
        text += (
            f" {fmt.count(after, 'item')} {'falls' if after == 1 else 'fall'} after "
            f"{fmt.year(end_year)}, the report's last year: "
            "they are shaded and marked, and no number in the report counts them."
        )
    return text


def timeline_in_words(items: pd.DataFrame) -> str:
    """Instead of a timeline chart with too few years to draw (`timeline_too_sparse`): each
    item in order, with its year, source and kind."""
    parts = [
        f"{row.kind.lower()} in {fmt.year(row.year)} ({row.source}) – {row.label}"
        for row in items.sort_values("date", kind="mergesort").itertuples()
    ]
    years = fmt.years(sorted(items["year"].unique()))
    return (
        f"With items in {years} only, the timeline is listed rather than charted: "
        f"{'; '.join(parts)}."
    )


def series_ends(what: str, last: int, end_year: int) -> str:
    """'The IMF series stops in 2020, 4 years before 2024, the report's last year.' ('' if not)."""
    if last >= end_year:
        return ""
    return (
        f"{what} stops in {fmt.year(last)}, {fmt.count(end_year - last, 'year')} before "
        f"{fmt.year(end_year)}, the report's last year; nothing here covers "
        f"{fmt.span(last + 1, end_year)}."
    )


def anomaly_note(flag: Anomaly | None, what: str) -> str:
    """One sentence when the latest value is far outside the previous five years ('' if not)."""
    if flag is None:
        return ""
    side = "below the lowest" if flag.direction == "low" else "above the highest"
    return (
        f"Read {fmt.year(flag.year)} with care: {what} of {fmt.money_usd(flag.value)} lies "
        f"{side} of {fmt.span(flag.first, flag.last)} ({fmt.money_usd_range(flag.low, flag.high)}), "
        f"{fmt.percent(abs(flag.change), 0)} "
        f"{'under' if flag.direction == 'low' else 'over'} their median; one year off the trend "
        "is not a new level."
    )


def mirror_verdict(ratio: float, exporter: str, importer: str) -> str:
    """'the two reports agree (within ±15%).' when the importer's report is within
    `judgements.MIRROR_TOLERANCE` of the exporter's; otherwise which side records more."""
    from strategic_ties.analysis.judgements import MIRROR_TOLERANCE

    if abs(ratio - 1) <= MIRROR_TOLERANCE:
        return f"the two reports agree (within ±{fmt.percent(MIRROR_TOLERANCE, 0)})."
    if ratio < 1:
        return (
            f"{importer} records {fmt.percent(1 - ratio, 0)} less than {exporter} reports "
            "exporting (median year)."
        )
    return (
        f"{importer} records {fmt.percent(ratio - 1, 0)} more than {exporter} reports "
        "exporting (median year)."
    )


def estimate_note(found: dict) -> str:
    """One sentence when a side's report of a flow is an IMF estimate in some years (a
    `trade.mirror_findings` row): those years are left out of the comparison ('' if none)."""
    if not found.get("estimated"):
        return ""
    first, last, n = found["estimated"]
    whose = fmt.listing([fmt.whose(name) for name in found["estimated_by"]])
    years = (
        fmt.span(first, last)
        if n == last - first + 1
        else f"{fmt.count(n, 'year')} of {fmt.span(first, last)}"
    )
    return (
        f"For {years}, {whose} report of the {found['e']} → {found['i']} flow is an IMF "
        "estimate (flagged 'e' in DOTS, usually derived from the other side's report), not "
        "its own figure: those years are left out of the comparison of the two reports."
    )


def mirror_periods(rows: pd.DataFrame, exporter: str, importer: str) -> str:
    """The importer's report against the exporter's, period by period (one sentence)."""
    if rows.empty:
        return ""
    parts = [
        f"{fmt.span(r.first, r.last)} {fmt.percent(r.median, 0)}"
        + (
            f" ({fmt.percent(r.low, 0)}–{fmt.percent(r.high, 0)})"
            if r.years > 1 and round(r.low, 2) != round(r.high, 2)
            else ""
        )
        for r in rows.itertuples()
    ]
    last = rows.iloc[-1]
    return (
        f"**{exporter} → {importer}, by period:** {importer} recorded, as a share of what "
        f"{exporter} reported exporting (median year, range in brackets): {'; '.join(parts)}. "
        f"In {fmt.span(last['first'], last['last'])} "
        + mirror_verdict(float(last["median"]), exporter, importer)
    )


def comparison_note(partner_iso3: str, country_iso3: str, pairs: list[tuple[str, str]]) -> str:
    """One sentence saying which comparison pairs are shown and why (ISO3 codes in)."""
    from strategic_ties import countries
    from strategic_ties.paper import is_paper_pair

    if not pairs:
        return ""
    shown = ", ".join(f"{countries.name(a)}–{countries.name(b)}" for a, b in pairs)
    if is_paper_pair(partner_iso3, country_iso3):
        why = (
            "the source paper's benchmarks: Israel with Türkiye, its earlier Muslim partner, and "
            "Azerbaijan with its southern rival"
        )
    else:
        p, c = countries.name(partner_iso3), countries.name(country_iso3)
        why = (
            f"{p} and {c} each with {c}'s rivals as chosen from the data, so that the pair's "
            f"agreement can be set against {p}'s agreement with them"
        )
    return f"The comparison pairs ({shown}) are {why}."


def same_side_sentence(
    rows: pd.DataFrame, partner: str, country: str, start_year: int, end_year: int
) -> str:
    """What UCDP/PRIO's conflict list says of the two fighting on the same side (`same_side`):
    per conflict, who supported whom and in which years; a plain absence of records otherwise."""
    p, c = fmt.the(partner), fmt.the(country)
    if rows.empty:
        return (
            f"UCDP/PRIO's list of armed conflicts records no year in {fmt.span(start_year, end_year)} "
            f"with {p} and {c} on the same side, as primary or supporting parties (coalitions of "
            "many states, such as peacekeeping missions, are not counted)."
        )
    clauses = []
    for conflict, group in rows.groupby("conflict", sort=False):
        years = fmt.years(group["year"].tolist())
        roles = (group["partner_role"].iloc[-1], group["country_role"].iloc[-1])
        if roles == ("supporting", "primary"):
            clause = f"{p} as a supporting party on {fmt.whose(country)} side"
        elif roles == ("primary", "supporting"):
            clause = f"{c} as a supporting party on {fmt.whose(partner)} side"
        elif roles == ("supporting", "supporting"):
            clause = "both as supporting parties of the same side"
        else:
            clause = "both as primary parties of the same side"
        clauses.append(f"in {fmt.the(conflict)} ({years}), {clause}")
    return (
        "UCDP/PRIO's list of armed conflicts records the two on the same side "
        f"{fmt.listing(clauses)}. Fighting on the same side, or sending forces to support the "
        "other, is a stronger tie than trade or votes; UCDP lists a state as a supporting party "
        "only when it sent troops to help a side, not when it sent arms or money."
    )
