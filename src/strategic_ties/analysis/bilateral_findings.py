"""Values for the bilateral-ties section's paragraphs: the pair's shared events on the curated
timeline (`pair_events`, `events_overview`) and what its UN alignment shows against the
comparison pairs (`agreement_findings`, `closeness_reasons`, `surprising_result`,
`comparison_values`, `distance_findings`). Numbers and clauses only; the measures themselves
are `strategic_ties.analysis.alignment`'s.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlparse

import numpy as np
import pandas as pd

from strategic_ties import countries, fmt
from strategic_ties.analysis.alignment import (
    IRAN,
    agreement_trend,
    pair_iso3,
    pair_label,
    year_mask,
)
from strategic_ties.datasets import given_or_loaded

SOURCE_PAPER_YEAR = 2014  # Murinson, The Ties between Israel and Azerbaijan, BESA, October 2014
CATEGORY_LABELS = {
    "diplomatic_visit": "Visit",
    "diplomatic_relations": "Diplomatic relations",
    "agreement": "Agreement",
    "arms_deal": "Arms deal",
    "military_exercise": "Military exercise",
    "war_or_clash": "War or clash",
    "ceasefire_or_peace": "Ceasefire or peace",
    "terrorism_or_plot": "Terrorism or plot",
    "crisis_or_threat": "Crisis or threat",
    "domestic_security": "Domestic security",
    "other": "Other",
}


def url_domain(url: object) -> str:
    """'https://www.jpost.com/a/b' -> 'jpost.com' ('' for a missing address)."""
    if not isinstance(url, str) or not url.strip():
        return ""
    host = urlparse(url.strip()).netloc.lower()
    return host.removeprefix("www.")


def _date_label(date: pd.Timestamp, precision: object) -> str:
    """The date as precisely as it is known (`fmt.date`): '28 June 2009', 'June 2009', '2009'."""
    if pd.isna(date):
        return ""
    return fmt.date(pd.Timestamp(date), str(precision) if precision in ("month", "year") else "day")


def text_with_domains(text: object) -> str:
    """Free text with every web address shortened to its domain (for tables at A4 width)."""
    if not isinstance(text, str):
        return ""
    return re.sub(r"https?://[^\s;,)]+", lambda m: url_domain(m.group(0)), text)


def pair_events(
    country_a: str,
    country_b: str,
    start_year: int | None = None,
    end_year: int | None = None,
    *,
    data: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Curated events whose actors include both A and B, oldest first.

    Adds ``date_label`` (the date to its known precision), ``category_label`` (reader-facing
    category) and ``source_domains`` (the web domains of
    the supporting pages, '; '-separated, in their order).
    """
    a, b = pair_iso3(country_a, country_b)
    events = given_or_loaded("events", data)
    in_years = year_mask(events["year"], start_year, end_year).to_numpy()
    # a few dozen rows: the actors' codes split in Python rather than by whole-column string ops
    rows = [
        i
        for i, actors in enumerate(events["actors"].tolist())
        if in_years[i] and _has_both(actors, a, b)
    ]
    dates, ids = events["date"].tolist(), events["event_id"].tolist()
    rows.sort(key=lambda i: (*_sort_key(dates[i]), *_sort_key(ids[i])))  # date, then event id
    out = events.take(rows).reset_index(drop=True)
    out["date_label"] = [
        _date_label(date, precision)
        for date, precision in zip(out["date"], out["date_precision"], strict=True)
    ]
    out["category_label"] = pd.Series(  # the reader's label; an unknown category as it is
        [CATEGORY_LABELS.get(c, c) if isinstance(c, str) else c for c in out["category"].tolist()],
        index=out.index,
        dtype=object,
    )
    out["source_domains"] = [
        "; ".join(dict.fromkeys(url_domain(u) for u in str(urls).split(";") if u.strip()))
        for urls in out["source_urls"].fillna("")
    ]
    out["in_source_paper"] = out["in_source_paper"].astype("boolean").fillna(False).astype(bool)
    return out


def _has_both(actors: object, a: str, b: str) -> bool:
    """Whether a ';'-separated actors field (any case) names both codes."""
    if actors is None or actors is pd.NA or (isinstance(actors, float) and np.isnan(actors)):
        return False
    codes = str(actors).upper().split(";")
    return a in codes and b in codes


def _sort_key(value: object) -> tuple[bool, object]:
    """A sort key putting missing values last, as ``sort_values`` does."""
    missing = value is None or value is pd.NA or value is pd.NaT
    missing = missing or (isinstance(value, float) and np.isnan(value))
    return (True, 0) if missing else (False, value)


def events_overview(events: pd.DataFrame) -> dict[str, Any]:
    """Values for the timeline paragraph from a non-empty `pair_events` frame.

    ``n``, ``first``/``last`` (years), ``mix`` ('visit (9), agreement (4)') and ``paper``: a
    sentence on the events the source paper names and how many came after it.
    """
    counts = events["category_label"].value_counts()
    in_paper = events[events["in_source_paper"]]
    if in_paper.empty:
        paper = "None of them is named in the source paper, which is about Israel and Azerbaijan."
    else:
        latest = int(in_paper["year"].max())
        paper = (
            f"One of them is named in the source paper ({latest})"
            if len(in_paper) == 1
            else f"{len(in_paper)} of them are named in the source paper, the latest in {latest}"
        )
        after = int((events["year"] > SOURCE_PAPER_YEAR).sum())
        paper += f"; {after} happened after the paper was written ({SOURCE_PAPER_YEAR})."
    return {
        "n": len(events),
        "first": int(events["year"].min()),
        "last": int(events["year"].max()),
        "mix": ", ".join(f"{label.lower()} ({count})" for label, count in counts.items()),
        "paper": paper,
    }


# --- values and clauses for the bilateral notebook's narrative --------------------------------

CLOSE_RANK = 10  # "among the ten largest export destinations"
CLOSE_MIN_YEARS = 3  # ... in at least this many of the last five years of trade data
CLOSE_MIN_TIES = 3  # visits and agreements on the timeline that make "close partners"
CLEARLY_CLOSER = 0.1  # a comparison pair votes clearly more alike by this much agreement


def agreement_findings(summary: pd.DataFrame, agreement: pd.DataFrame) -> dict[str, Any]:
    """Values for the agreement paragraph: the first row of `alignment_summary` (the pair studied)
    and its yearly `vote_agreement` frame (at least two years).

    ``years`` (text), ``n`` (roll calls), ``m``/``mx`` (agreement with / without Middle East votes),
    ``moves`` ('rises'/'falls'), and from `agreement_trend`: ``first``, ``fp``, ``last``, ``lp``,
    ``direction`` and the years it is read from, ``rp`` (the recent years, not first to last).
    """
    row = summary.iloc[0]
    trend = agreement_trend(agreement)
    m, mx = float(row["agreement"]), float(row["agreement_without_middle_east"])
    return {
        "years": (f"{row['first_year']}–{row['last_year']}" if pd.notna(row["first_year"]) else ""),
        "n": int(row["roll_calls"]),
        "m": m,
        "mx": mx,
        "moves": "rises" if mx > m else "falls",
        "first": trend["first_mean"],
        "fp": f"{trend['first_period'][0]}–{trend['first_period'][1]}",
        "last": trend["last_mean"],
        "lp": f"{trend['last_period'][0]}–{trend['last_period'][1]}",
        "direction": trend["direction"] or "no trend",
        "rp": fmt.span(*trend["recent_period"]) if trend["recent_period"] else "",
    }


def closeness_reasons(
    ranks: pd.DataFrame, events: pd.DataFrame, partner: str, country: str
) -> list[str]:
    """Why the pair counts as close partners outside the UN, as clauses (none: not close).

    The partner was among the country's `CLOSE_RANK` largest export destinations in at least
    `CLOSE_MIN_YEARS` of the last five years of `ranks` (`trade.partner_ranks` of the country's
    exports); the timeline (`pair_events`) holds at least `CLOSE_MIN_TIES` visits and agreements.
    """
    reasons = []
    recent = ranks.dropna(subset=["rank"]).tail(5)
    top = int((recent["rank"] <= CLOSE_RANK).sum())
    if top >= CLOSE_MIN_YEARS:
        reasons.append(
            f"{fmt.capitalise(fmt.the(partner))} was among {fmt.whose(country)} ten largest export destinations in {top} of the "
            f"last {len(recent)} years of trade data"
        )
    ties = (
        int(events["category"].isin(["diplomatic_visit", "agreement"]).sum()) if len(events) else 0
    )
    if ties >= CLOSE_MIN_TIES:
        reasons.append(f"the timeline records {ties} visits and agreements between them")
    return reasons


def surprising_result(
    summary: pd.DataFrame, reasons: list[str], rivals: list[str] | tuple[str, ...] = ()
) -> dict[str, Any] | None:
    """The 'close partners who rarely vote together' finding, or None when the data do not show it.

    Shown when there are `reasons` (see `closeness_reasons`), the pair studied (first row of
    `alignment_summary`) agrees under 0.5 and some comparison pair agrees at least
    `CLEARLY_CLOSER` more. Values: ``m`` (the pair's agreement), ``why``, ``others`` (pair labels), ``values`` (their agreement)
    and ``iran``: a sentence when the country's pair with Iran, one of the `rivals` (ISO3), is
    among them ('' otherwise).
    """
    main = summary.iloc[0]
    others = summary.iloc[1:]
    closer = others[others["agreement"] >= main["agreement"] + CLEARLY_CLOSER]
    if not reasons or main["agreement"] >= 0.5 or closer.empty:
        return None
    labels = [pair_label((a, b)) for a, b in zip(closer["a"], closer["b"], strict=True)]
    country, partner = countries.name(main["b"]), countries.name(main["a"])
    with_iran = IRAN in rivals and any(
        {a, b} == {main["b"], IRAN} for a, b in zip(closer["a"], closer["b"], strict=True)
    )
    return {
        "m": float(main["agreement"]),
        "why": "; ".join(reasons),
        "others": " and of ".join(labels),
        "values": ", ".join(f"{v:.2f}" for v in closer["agreement"]),
        "iran": (
            f" {country} votes far more like Iran, one of the rivals this report sets against it, "
            f"than like {partner}."
            if with_iran
            else ""
        ),
    }


def comparison_values(summary: pd.DataFrame) -> dict[str, str] | None:
    """The comparison pairs of `alignment_summary` (rows after the first) and their agreement as
    text: ``others``, ``values``; None without comparison pairs."""
    others = summary.iloc[1:]
    if others.empty:
        return None
    return {
        "others": " and of ".join(
            pair_label((a, b)) for a, b in zip(others["a"], others["b"], strict=True)
        ),
        "values": " and ".join(f"{v:.2f}" for v in others["agreement"]),
    }


def distance_findings(frames: dict[tuple[str, str], pd.DataFrame]) -> dict[str, Any]:
    """Values for the ideal-point paragraph from `distance_by_pair` (the pair studied first, with
    data): its latest ``year``, ``d``, ``lo``, ``hi``, ``first`` year and ``mean`` distance, and
    ``cmp``: '; Israel–Türkiye: 0.52 (2024)' for each comparison pair with data."""
    (main, frame), *others = frames.items()
    latest = frame.iloc[-1]
    return {
        "year": int(latest["year"]),
        "d": float(latest["distance"]),
        "lo": float(latest["low"]),
        "hi": float(latest["high"]),
        "cmp": "".join(
            f"; {pair_label(pair)}: {other['distance'].iloc[-1]:.2f} ({int(other['year'].iloc[-1])})"
            for pair, other in others
            if not other.empty
        ),
        "first": int(frame["year"].min()),
        "mean": float(frame["distance"].mean()),
    }
