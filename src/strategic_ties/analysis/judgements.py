"""Key judgements: five to seven findings on the pair, each computed by a fixed rule from the
analysis functions, with a likelihood and a confidence on fixed scales.

Numbers only: the sentences are in `strategic_ties.wording.briefing`. The scales and rules below
are printed in the methods appendix (`wording.briefing.rules_markdown`).

**Likelihood** (how clearly the data show the stated direction), from the size of the change
against the judgement's threshold *t*:

- *almost certain*: the change is at least 2 t;
- *likely*: at least t;
- below t the direction is not stated: the finding is "steady", *likely* when the change is
  under t / 2 (the sentence says the quantity changed little) and *roughly even* otherwise (the
  sentence says the data cannot tell whether it changed).

A stated direction must also hold at the end of the series (`latest_check`): when the latest
value does not lie beyond the earlier average in that direction, or has moved back against the
latest five-year average by at least t / 2, the finding is *mixed* (no clear direction,
*roughly even*). A small base and a second source pointing the other way (below) each lower
the likelihood one step as well as the confidence (so do provisional years, below).

**Confidence** starts *high* and drops one step (to *moderate*, then *low*) for each of:

- *stale data*: the main series ends `recency.STALE_YEARS` (3) or more years before the
  report's last year;
- *thin coverage*: data for fewer than 60% of the years the judgement compares;
- *small base*: the total a share or trend rests on is below the judgement's minimum (or, for a
  share, fell to under a quarter of the previous period's: `recency.small_base`);
- *sources disagree*: a second, independent measure points the other way;
- *provisional years* (arms): a falling share whose latest period records no delivery from
  the partner in SIPRI's last `PROVISIONAL_YEARS` years, which SIPRI still revises (absence of
  a record is not evidence of none);
- *thin sources* (threat): the years compared are recorded only by armed-conflict data.

The judgements and their thresholds:

1. **Arms** — the country's largest supplier in the latest period (SIPRI TIV) and the change
   in the partner's share from the previous period; t = 5 percentage points; minimum base
   TIV 100 m in the latest period. When the partner's own deliveries in the latest period are
   within `FLAT_DELIVERIES` of its mean over the (up to two) periods before, the sentence says
   the deliveries were about flat and only the share moved, and a stated direction is one step
   less likely (the share moved with the country's total). Two findings state a fact without a
   likelihood: *none* (no delivery from the partner in either period; the sentence gives its
   last recorded delivery and its share then) and *new* (a change under t from a partner whose
   first recorded delivery falls in the latest period; the sentence gives that year and its
   orders not yet delivered). When the country supplies at least `REVERSE_SHARE` of the
   partner's own arms imports in the latest period, the sentence says so (the flow the other
   way; it does not enter the rule).
2. **Alignment** — change in the UN General Assembly ideal-point distance of the pair between
   the five years before the latest and the latest five; t = 0.15 ideal-point units; the second
   source is the vote-agreement trend (rising agreement = converging).
3. **Principal threat** — the highest-ranked rival (`analysis.rivals.rank_rivals`: disputes plus
   conflict-years in the last ten years the records cover, then over the whole window), and the change in the number of years with recorded
   hostility between them (`hostile_years`: a dispute under way, a conflict-year or a hostile
   timeline event; each year counted once) between the previous five years and the latest
   five; t = 2 years; minimum base 3 years. A rise must hold in the latest year the records
   cover (hostility recorded then), a fall likewise (none recorded). *Thin sources*
   (`threat_coverage`): when the dispute data cover under 60% of the ten years and the
   curated timeline has fewer than `TIMELINE_MIN` events naming both states, only armed
   conflict (UCDP) is recorded for those years: the confidence drops a step, and when nothing
   at all is recorded the finding is *unknown* (the data cannot tell calm from silence):
   no likelihood, confidence *low*.
4. **Military balance** — the principal rival's military spending as a multiple of the
   country's, latest year against five years earlier; the change is relative (new ratio / old
   ratio - 1); t = 20%; the second source is the share of GDP.
5. **Trade** — the latest five-year average of two-way trade (IMF DOTS) against the five years
   before, leaving out a latest year flagged as an anomaly (`recency.anomaly`); t = 15%; minimum
   base US$50 m a year. When the two sides' reports differ by more than `MIRROR_TOLERANCE`, the
   judgement names whose reports show the change (each side's own exports); a side whose
   import reports hold under `MIRROR_FLOOR` of what the other reports exporting to it is named
   as incomplete and is no second source. A value the IMF flags as its estimate ('e') is no
   side's own report (`trade.own_reports`): it is left out of the comparison, and a side
   whose figures in the windows include one is named as no check on the trend.
6. **Since the source paper** (its pair only, `strategic_ties.paper.is_paper_pair`) — the
   partner's share of the country's arms imports since the paper's year against the five years
   before it; t = 5 percentage points. When judgement 1's latest period moves the other way, the
   finding is *mixed* and the sentence gives the latest period's share too.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from strategic_ties import countries, recency, reuse
from strategic_ties.analysis import alignment, arms, threats

LIKELIHOOD = ("almost certain", "likely", "roughly even")
CONFIDENCE = ("high", "moderate", "low")
COVERAGE_SHARE = 0.6
PAPER_YEAR = 2014
WINDOW = 5  # years per side of a trend comparison

THRESHOLDS = {
    "arms": 0.05,
    "alignment": 0.15,
    "threat": 2.0,
    "balance": 0.2,  # relative change of the ratio
    "trade": 0.15,
    "since_paper": 0.05,
}
# judgement 1 also names the flow the other way when the country supplies at least this share
# of the partner's arms imports in the latest period (Iran: 64% of Russia's in 2020-2024)
REVERSE_SHARE = 0.10
FLAT_DELIVERIES = 0.3  # partner's latest-period TIV within +-30% of its earlier mean: "flat"
MIRROR_TOLERANCE = 0.15  # two reports of one flow "agree" within +-15%
MIRROR_FLOOR = 0.25  # an importer recording under a quarter of the exporter's flow: incomplete
# judgement 3: fewer timeline events naming the two states than this, and the curated timeline
# (compiled around the source paper's pair) does not follow them
TIMELINE_MIN = 5
MIN_BASE = {"arms": 100.0, "threat": 3.0, "trade": 50.0, "since_paper": 50.0}
# SIPRI's latest years are provisional (deliveries are disclosed late): a partner's falling share
# whose latest period records nothing from it in this many final years rests partly on an absence
PROVISIONAL_YEARS = 2


@dataclass(frozen=True)
class Evidence:
    """What a judgement's confidence rests on."""

    last_year: int | None  # last year of the main series
    end_year: int  # the report's last year
    years_covered: int = 0  # years with data among those compared
    years_needed: int = 0  # years compared
    base: float | None = None  # the total the finding rests on
    min_base: float | None = None
    agree: bool | None = None  # a second source agrees (None: none available)
    base_fell: bool = False  # the base fell to under a quarter of the previous period's
    # a fall that rests on nothing recorded in the series' provisional latest years
    provisional: bool = False
    # the years compared are recorded only by sources that are thin for the pair (threat:
    # the dispute data end before them and the curated timeline barely names the two)
    thin: bool = False


@dataclass(frozen=True)
class Judgement:
    """One key judgement: `finding` is a code the wording module turns into a sentence."""

    key: str
    finding: str
    likelihood: str
    confidence: str
    reasons: tuple[str, ...]
    values: dict[str, Any] = field(default_factory=dict)
    section: str = ""
    anchor: str = ""  # id of the figure or table that backs it ('fig-imports-by-supplier')


def confidence(evidence: Evidence) -> tuple[str, tuple[str, ...]]:
    """The confidence word and the reasons it was lowered (see the module docstring)."""
    reasons: list[str] = []
    if evidence.last_year is None or evidence.end_year - evidence.last_year >= recency.STALE_YEARS:
        reasons.append("stale")
    if evidence.years_needed and evidence.years_covered < COVERAGE_SHARE * evidence.years_needed:
        reasons.append("coverage")
    if evidence.base_fell or (
        evidence.base is not None
        and evidence.min_base is not None
        and evidence.base < evidence.min_base
    ):
        reasons.append("base")
    if evidence.agree is False:
        reasons.append("disagree")
    if evidence.provisional:
        reasons.append("provisional")
    if evidence.thin:
        reasons.append("thin")
    return CONFIDENCE[min(len(reasons), len(CONFIDENCE) - 1)], tuple(reasons)


def direction(change: float, threshold: float, up: str, down: str, flat: str) -> tuple[str, str]:
    """(finding, likelihood) of a change against its threshold (module docstring): a direction
    only when the change reaches the threshold."""
    size = abs(change)
    if size >= threshold:
        return (up if change > 0 else down), (
            "almost certain" if size >= 2 * threshold else "likely"
        )
    return flat, "likely" if size < threshold / 2 else "roughly even"


def latest_check(
    finding: str,
    up: str,
    down: str,
    latest_change: float | None,
    recent_change: float | None,
    threshold: float,
) -> bool:
    """Whether a stated direction (`up`/`down`) still holds at the series' end: the latest value
    lies beyond the earlier average in that direction (`latest_change`: latest against the
    earlier average, signed like the change) and has not moved back against the latest window's
    average (`recent_change`: latest against that average, signed likewise) by threshold / 2 or
    more. True for a steady finding or unknown values."""
    if finding not in (up, down):
        return True
    sign = 1 if finding == up else -1
    if latest_change is not None and sign * latest_change <= 0:
        return False
    return not (recent_change is not None and -sign * recent_change >= threshold / 2)


def lower(likelihood: str) -> str:
    """One step down the likelihood scale (never below 'roughly even' for a stated finding)."""
    i = LIKELIHOOD.index(likelihood)
    return LIKELIHOOD[min(i + 1, 2)]


def judge(
    key: str,
    change: float,
    evidence: Evidence,
    words: tuple[str, str, str],
    values: dict[str, Any],
    section: str,
    anchor: str,
    *,
    latest_change: float | None = None,
    recent_change: float | None = None,
) -> Judgement:
    """A trend judgement from its change, evidence and finding codes (up, down, flat); a stated
    direction that the latest value or trend contradicts becomes 'mixed' (`latest_check`)."""
    threshold = THRESHOLDS[key]
    finding, likely = direction(change, threshold, *words)
    if not latest_check(finding, words[0], words[1], latest_change, recent_change, threshold):
        finding, likely = "mixed", "roughly even"
    level, reasons = confidence(evidence)
    if finding in words[:2]:
        for reason in ("base", "disagree", "provisional"):
            if reason in reasons:
                likely = lower(likely)
    return Judgement(
        key, finding, likely, level, reasons, {"change": change, **values}, section, anchor
    )


def is_paper_pair(partner_iso3: str, country_iso3: str) -> bool:
    """`strategic_ties.paper.is_paper_pair` (the claim ledger's test until that package lands)."""
    try:
        from strategic_ties.paper import is_paper_pair as test
    except ImportError:
        from strategic_ties.analysis import claims

        return bool(claims.applies_to(partner_iso3, country_iso3))
    return bool(test(partner_iso3, country_iso3))


# ---- gathering the numbers --------------------------------------------------------------------


def _mean_in(frame: pd.DataFrame, column: str, first: int, last: int) -> tuple[float | None, int]:
    rows = frame[frame["year"].between(first, last)][column].dropna()
    return (float(rows.mean()) if len(rows) else None), int(len(rows))


def _windows(frame: pd.DataFrame, column: str, last: int) -> tuple[dict[str, Any], int]:
    """Means of `column` over the latest WINDOW years to `last` and the WINDOW years before:
    the values a trend judgement reports, and how many of those years have data."""
    recent_years = (last - WINDOW + 1, last)
    earlier_years = (last - 2 * WINDOW + 1, last - WINDOW)
    recent, n_recent = _mean_in(frame, column, *recent_years)
    earlier, n_earlier = _mean_in(frame, column, *earlier_years)
    values = {
        "recent": recent,
        "earlier": earlier,
        "recent_years": recent_years,
        "earlier_years": earlier_years,
        "last_year": last,
    }
    return values, n_recent + n_earlier


def arms_judgement(
    partner: str, country: str, start: int, end: int, period_years: int
) -> Judgement | None:
    """Judgement 1: who arms the country, and the partner's role."""
    first, last = arms.coverage()
    lo, hi = max(start, first), min(end, last)
    if lo > hi:
        return None
    shares = reuse.partner_share_by_period(partner, country, lo, hi, period_years)
    # no imports in any period: `supplier_shares_by_period` would be empty
    if shares.empty or not (shares["total"] > 0).any():
        return None
    latest, previous = shares.iloc[-1], (shares.iloc[-2] if len(shares) > 1 else None)
    # the latest period's suppliers (that period of `supplier_shares_by_period`)
    in_latest = reuse.supplier_shares(country, int(latest["start"]), int(latest["end"]))
    in_latest = in_latest.sort_values("rank")
    share = 0.0 if pd.isna(latest["share"]) else float(latest["share"])
    before = None if previous is None or pd.isna(previous["share"]) else float(previous["share"])
    total = float(latest["total"]) if pd.notna(latest["total"]) else 0.0
    previous_total = None if previous is None else float(previous["total"])
    values = {
        "partner": partner,
        "country": country,
        "period": str(latest["period"]),
        "previous_period": None if previous is None else str(previous["period"]),
        "share": share,
        "previous_share": before,
        "rank": None if pd.isna(latest["rank"]) else int(latest["rank"]),
        "top_supplier": str(in_latest["supplier"].iloc[0]) if len(in_latest) else None,
        "top_share": float(in_latest["share"].iloc[0]) if len(in_latest) else None,
        "total": total,
        "last_year": last,
        "tiv": float(latest["tiv"]) if pd.notna(latest["tiv"]) else 0.0,
        "previous_tiv": None
        if previous is None or pd.isna(previous["tiv"])
        else float(previous["tiv"]),
        "tivs": [
            (str(r.period), float(r.tiv) if pd.notna(r.tiv) else 0.0)
            for r in shares.tail(3).itertuples()
        ],
        "small_base": recency.small_base(total, previous_total),
    }
    values.update(_arms_history(partner, country, shares, lo, hi))
    values["reverse"] = _reverse_flow(partner, country, lo, hi, period_years)
    change = 0.0 if before is None else share - before
    silent = None
    if change < 0 and int(latest["end"]) == last:
        recent = arms.deliveries_by_year(partner, country, last - PROVISIONAL_YEARS + 1, last)
        if not recent.empty and float(recent["tiv"].sum()) == 0:
            silent = (last - PROVISIONAL_YEARS + 1, last)
    values["provisional_silence"] = silent
    evidence = Evidence(
        last_year=last,
        end_year=end,
        years_covered=hi - lo + 1,
        years_needed=end - max(start, end - 2 * period_years + 1) + 1,
        base=total,
        min_base=MIN_BASE["arms"],
        base_fell=recency.small_base(total, previous_total) is not None,
        provisional=silent is not None,
    )
    found = judge(
        "arms",
        change,
        evidence,
        ("grows", "shrinks", "steady"),
        values,
        "Arms trade",
        "fig-imports-by-supplier",
    )
    if share == 0 and not before:
        # nothing from the partner in either period: no change to rate, only an absence
        return replace(found, finding="none", likelihood="")
    if found.finding in ("grows", "shrinks") and values["flat"]:
        # the share moved with the country's total, not with the partner's deliveries
        return replace(found, likelihood=lower(found.likelihood))
    first = values["first_delivery"]
    if found.finding == "steady" and first is not None and first >= int(latest["start"]):
        # a supplier that has only begun (its first delivery in the latest period): a small
        # change is no trend either way; the sentence gives the first year and open orders
        return replace(found, finding="new", likelihood="")
    return found


def _reverse_flow(
    partner: str, country: str, lo: int, hi: int, period_years: int
) -> dict[str, Any] | None:
    """The flow the other way (judgement 1): the country's share of the partner's arms imports
    in the latest period, when it is at least REVERSE_SHARE (period, share, rank, previous
    period's share); None otherwise."""
    back = reuse.partner_share_by_period(country, partner, lo, hi, period_years)
    if back.empty or pd.isna(back["share"].iloc[-1]):
        return None
    share = float(back["share"].iloc[-1])
    if share < REVERSE_SHARE:
        return None
    before = back["share"].iloc[-2] if len(back) > 1 else None
    return {
        "period": str(back["period"].iloc[-1]),
        "share": share,
        "rank": None if pd.isna(back["rank"].iloc[-1]) else int(back["rank"].iloc[-1]),
        "previous_period": str(back["period"].iloc[-2]) if len(back) > 1 else None,
        "previous_share": None if before is None or pd.isna(before) else float(before),
    }


def _arms_history(
    partner: str, country: str, shares: pd.DataFrame, lo: int, hi: int
) -> dict[str, Any]:
    """What the period shares leave out (judgement 1): the partner's first and last recorded
    delivery to the country (SIPRI, any year), its latest period with a share above zero
    (period, share), whether its deliveries in the latest period were flat against the
    periods before (`FLAT_DELIVERIES`), and its orders still undelivered that were placed in
    the last two periods (count, designations, first and last order year)."""
    yearly = arms.deliveries_by_year(partner, country, lo, hi)
    delivered = yearly.loc[yearly["tiv"] > 0, "year"]
    some = shares[shares["share"].fillna(0) > 0]
    tivs = [0.0 if pd.isna(t) else float(t) for t in shares["tiv"].tail(3)]
    before = tivs[:-1]
    mean = sum(before) / len(before) if before else 0.0
    flat = bool(mean > 0 and abs(tivs[-1] / mean - 1) <= FLAT_DELIVERIES)
    register = arms.deals(partner, country)
    waiting = arms.undelivered(register) if len(register) else register
    since = int(shares["start"].iloc[max(0, len(shares) - 2)])
    if len(waiting):
        ordered = pd.to_numeric(waiting["order_year"], errors="coerce")
        waiting = waiting[(ordered >= since).fillna(False).astype(bool)]
    years = pd.to_numeric(waiting["order_year"], errors="coerce").dropna().astype(int)
    return {
        "first_delivery": int(delivered.min()) if len(delivered) else None,
        "last_delivery": int(delivered.max()) if len(delivered) else None,
        "last_share": (str(some["period"].iloc[-1]), float(some["share"].iloc[-1]))
        if len(some)
        else None,
        "flat": flat,
        "pending": int(len(waiting)),
        "pending_names": [str(x) for x in waiting["designation"].tolist()],
        "pending_years": (int(years.min()), int(years.max())) if len(years) else None,
        "coverage": (lo, hi),
        # the two periods compared, first year to last
        "span": (int(shares["start"].iloc[max(0, len(shares) - 2)]), int(shares["end"].iloc[-1])),
    }


def alignment_judgement(partner: str, country: str, start: int, end: int) -> Judgement | None:
    """Judgement 2: whether the pair's UN positions converge or diverge."""
    distance = alignment.ideal_point_distance(partner, country, start, end)
    if distance.empty:
        return None
    last = int(distance["year"].max())
    window, covered = _windows(distance, "distance", last)
    recent, earlier = window["recent"], window["earlier"]
    if recent is None or earlier is None:
        return None
    change = recent - earlier  # negative = closer
    agree = None
    votes = alignment.vote_agreement(
        partner, country, start, end, min_votes=alignment.MIN_YEAR_VOTES
    )
    if not votes.empty:
        recent_votes = votes[votes["year"] > votes["year"].max() - 2 * WINDOW]
        trend = alignment.agreement_trend(recent_votes)
        word = str(trend.get("direction", trend.get("trend", "")))
        if word in {"rising", "falling"} and abs(change) >= THRESHOLDS["alignment"] / 2:
            agree = (word == "rising") == (change < 0)
    latest = float(distance.loc[distance["year"] == last, "distance"].iloc[0])
    values = {
        "partner": partner,
        "country": country,
        **window,
        "latest": latest,
    }
    evidence = Evidence(
        last_year=recency.last_year("unga_ideal_points") or last,
        end_year=end,
        years_covered=covered,
        years_needed=2 * WINDOW,
        agree=agree,
    )
    return judge(
        "alignment",
        -change,
        evidence,
        ("converges", "diverges", "steady"),
        values,
        "Bilateral ties",
        "fig-ideal-point-distance",
        latest_change=earlier - latest,
        recent_change=recent - latest,
    )


def hostile_years(country_iso3: str, rival_iso3: str, first: int, last: int) -> set[int]:
    """Years in first..last in which the records oppose the two states at least once: a
    militarised dispute under way, a UCDP conflict-year on opposite sides, or a hostile
    timeline event of one against the other. Each year counts once, however many records it
    holds (the 2020 war is a conflict-year and several timeline events: one year of hostility)."""
    disputes, fights, hostile = reuse.opponents(country_iso3, first, last)
    years: set[int] = set()
    spans = disputes[disputes["opponent"] == rival_iso3]
    for a, b in zip(spans["first"].tolist(), spans["last"].tolist(), strict=True):
        years.update(range(max(int(a), first), min(int(b), last) + 1))
    years.update(int(y) for y in fights.loc[fights["opponent"] == rival_iso3, "year"].tolist())
    years.update(int(y) for y in hostile.loc[hostile["other"] == rival_iso3, "year"].tolist())
    return years


def timeline_events(country_iso3: str, rival_iso3: str, first: int, last: int) -> int:
    """How many events of the curated timeline in first..last name both states (any category):
    the timeline is compiled around the source paper's pair, and this says whether it follows
    these two at all."""
    from strategic_ties import datasets

    frame = datasets.load("events", columns=["year", "actors"])
    frame = frame[frame["year"].between(first, last).fillna(False).astype(bool)]
    return sum(
        1
        for actors in frame["actors"].dropna().tolist()
        if {country_iso3, rival_iso3} <= {a.strip() for a in str(actors).split(";")}
    )


def threat_coverage(
    country_iso3: str, rival_iso3: str, start: int, end: int
) -> dict[str, int | bool | None]:
    """What speaks for the ten years judgement 3 compares (end - 9 .. end), besides UCDP's
    armed conflicts (25 or more battle deaths a year: silent on hostility short of war): the
    years the dispute data (CoW MIDs) cover, and the timeline events naming both states in the
    report's window. `thin`: the dispute data cover under COVERAGE_SHARE of the ten years and
    the timeline holds under TIMELINE_MIN events of the pair, so a year without a record is
    no evidence of calm. `conflict_last`: the last UCDP conflict-year between the two."""
    first = end - 2 * WINDOW + 1
    mids_last = recency.last_year("mids")
    mids_years = 0 if mids_last is None else max(0, min(end, mids_last) - first + 1)
    events = timeline_events(country_iso3, rival_iso3, start, end)
    fights = reuse.opponents(country_iso3, start, end)[1]
    fought = fights.loc[fights["opponent"] == rival_iso3, "year"].dropna()
    return {
        "mids_years": mids_years,
        "timeline_events": events,
        "conflict_last": int(fought.max()) if len(fought) else None,
        "thin": mids_years < COVERAGE_SHARE * 2 * WINDOW and events < TIMELINE_MIN,
    }


def threat_judgement(partner: str, country: str, start: int, end: int) -> Judgement | None:
    """Judgement 3: the country's principal threat and its trend; 'unknown' (no likelihood,
    confidence low) when no hostility is recorded in the ten years compared and only thin
    sources speak for them (`threat_coverage`)."""
    iso3, partner_iso3 = countries.iso3_of(country), countries.iso3_of(partner)
    ranked = reuse.rank_rivals(iso3, start, end, exclude=[partner_iso3])
    if ranked.empty:
        return None
    top = ranked.iloc[0]
    rival_iso3 = str(top["rival_iso3"])
    years = hostile_years(iso3, rival_iso3, end - 2 * WINDOW + 1, end)
    recent = sum(1 for y in years if y > end - WINDOW)
    earlier = len(years) - recent
    lasts = [recency.last_year(d) for d in ("mids", "conflicts", "events")]
    known = [y for y in lasts if y is not None]
    # the latest year the records can speak for: a quiet year past every series' end is no
    # evidence of calm
    latest = min(end, max(known)) if known else end
    covered = threat_coverage(iso3, rival_iso3, start, end)
    values = {
        "country": country,
        "rival": str(top["rival"]),
        "disputes": int(top["disputes"]),
        "conflict_years": int(top["conflict_years"]),
        "events": int(top["events"]),
        "recent": recent,
        "earlier": earlier,
        "latest_year": latest,
        "latest_hostile": latest in years,
        "recent_years": (end - WINDOW + 1, end),
        "earlier_years": (end - 2 * WINDOW + 1, end - WINDOW),
        "runner_up": str(ranked["rival"].iloc[1]) if len(ranked) > 1 else None,
        "window": (start, end),
        "mids_last_year": recency.last_year("mids"),
        **covered,
    }
    evidence = Evidence(
        last_year=max(known) if known else None,
        end_year=end,
        base=float(recent + earlier),
        min_base=MIN_BASE["threat"],
        # the dispute data stop early: only the conflict and event records speak for the
        # latest years, so a rival ranked by disputes alone is less certain
        agree=None if int(top["conflict_years"]) else (recency.stale("mids", end) is False),
        thin=bool(covered["thin"]),
    )
    if covered["thin"] and not years:
        # nothing recorded, and nothing that would record hostility short of war: the data
        # cannot tell calm from silence
        values["change"] = 0.0
        return Judgement(
            "threat", "unknown", "", "low", ("thin",), values, "Threat picture", "tab-threat-matrix"
        )
    return judge(
        "threat",
        float(recent - earlier),
        evidence,
        ("rises", "falls", "steady"),
        values,
        "Threat picture",
        "tab-threat-matrix",
        # rising must still hold in the latest year the records cover (hostility recorded that
        # year), falling must too (none recorded): the latest year against the earlier share
        latest_change=float(latest in years) - earlier / WINDOW,
    )


def balance_judgement(country: str, rival: str, start: int, end: int) -> Judgement | None:
    """Judgement 4: the military-spending balance with the principal rival."""
    balance = threats.military_balance([country, rival], start, end)
    if balance.empty:
        return None
    wide = balance.pivot_table(index="year", columns="country_iso3", values="milex_constant_usd")
    a, b = countries.iso3_of(country), countries.iso3_of(rival)
    if a not in wide or b not in wide:
        return None
    ratio = (wide[b] / wide[a]).dropna()
    if ratio.empty:
        return None
    last = int(ratio.index.max())
    then = ratio[ratio.index <= last - WINDOW]
    if then.empty:
        return None
    now_value, then_value = float(ratio.loc[last]), float(then.iloc[-1])
    gdp = balance.pivot_table(index="year", columns="country_iso3", values="milex_share_gdp")
    agree = None
    if a in gdp and b in gdp:
        gap = (gdp[b] - gdp[a]).dropna()
        if last in gap.index and int(then.index[-1]) in gap.index:
            moved = gap.loc[last] - gap.loc[int(then.index[-1])]
            relative = now_value / then_value - 1 if then_value else 0.0
            if abs(relative) >= THRESHOLDS["balance"] and moved != 0:
                agree = (moved > 0) == (now_value > then_value)
    values = {
        "country": country,
        "rival": rival,
        "ratio": now_value,
        "year": last,
        "previous_ratio": then_value,
        "previous_year": int(then.index[-1]),
        "spend": float(wide[a].loc[last]),
        "previous_spend": float(wide[a].loc[int(then.index[-1])]),
        "rival_spend": float(wide[b].loc[last]),
        "previous_rival_spend": float(wide[b].loc[int(then.index[-1])]),
    }
    evidence = Evidence(
        last_year=last,
        end_year=end,
        years_covered=len(ratio[ratio.index > last - 2 * WINDOW]),
        years_needed=2 * WINDOW,
        agree=agree,
    )
    return judge(
        "balance",
        now_value / then_value - 1 if then_value else 0.0,
        evidence,
        ("widens", "narrows", "steady"),
        values,
        "Threat picture",
        "fig-military-spending",
    )


def _sides(flows: pd.DataFrame, window: dict[str, Any]) -> dict[str, Any]:
    """Two-way trade in each side's own reports (its exports plus its imports), recent and
    earlier window means; whether the two sides disagree (recent levels more than
    MIRROR_TOLERANCE apart, or changes more than the trade threshold apart); and which sides'
    import reports are incomplete (under MIRROR_FLOOR of the other's exports to them)."""

    from strategic_ties.analysis import trade

    # an IMF estimate is no side's own report (Iran's exports to Russia, 2000-2020)
    window_years = flows["year"].between(window["earlier_years"][0], window["recent_years"][1])
    out: dict[str, Any] = {
        "estimated": tuple(
            side
            for side, cols in (
                ("a", ("a_exports_to_b", "a_imports_from_b")),
                ("b", ("b_exports_to_a", "b_imports_from_a")),
            )
            if any(set(trade.estimated_years(flows[window_years], c)) for c in cols)
        )
    }
    flows = trade.own_reports(flows)

    def mean(values: pd.Series, years: tuple[int, int]) -> float | None:
        return _mean_in(pd.DataFrame({"year": flows["year"], "v": values}), "v", *years)[0]

    for side, cols in (
        ("a", ("a_exports_to_b", "a_imports_from_b")),
        ("b", ("b_exports_to_a", "b_imports_from_a")),
    ):
        both = flows[list(cols)].sum(axis=1, min_count=2)
        recent, earlier = mean(both, window["recent_years"]), mean(both, window["earlier_years"])
        out[side] = None if recent is None or not earlier else recent / earlier - 1
        out[f"{side}_recent"] = recent
    ra, rb = out["a_recent"], out["b_recent"]
    # the two sides' levels differ, or their own reports give changes far apart (Russia's low
    # 2011 report of its exports to Armenia: +67% in the headline flows, +46% in Armenia's books)
    apart = out["a"] is not None and out["b"] is not None
    out["disagree"] = bool(ra and rb and abs(ra / rb - 1) > MIRROR_TOLERANCE) or bool(
        apart and abs(out["a"] - out["b"]) > THRESHOLDS["trade"]
    )

    # a side whose import reports hold under MIRROR_FLOOR of what the other side reports
    # exporting to it (Israel's imports from Azerbaijan: no crude-oil origin) is no check
    def recent_mean(column: str) -> float | None:
        return mean(flows[column], window["recent_years"])

    out["incomplete"] = tuple(
        importer
        for importer, mirror, exported in (
            ("a", "a_imports_from_b", "b_exports_to_a"),
            ("b", "b_imports_from_a", "a_exports_to_b"),
        )
        if (sent := recent_mean(exported))
        and (got := recent_mean(mirror)) is not None
        and got < MIRROR_FLOOR * sent
    )
    return out


def trade_judgement(partner: str, country: str, start: int, end: int) -> Judgement | None:
    """Judgement 5: two-way trade, latest five years against the five before, the latest year
    left out when it is an anomaly; each side's reports when they disagree."""
    flows = reuse.bilateral_trade(country, partner, start, end)
    flows = flows[flows["turnover"].notna()]
    if flows.empty:
        return None
    last = int(flows["year"].max())
    odd = recency.anomaly(flows.set_index("year")["turnover"])
    if odd is not None:
        last = odd.year - 1
    window, covered = _windows(flows, "turnover", last)
    recent, earlier = window["recent"], window["earlier"]
    if recent is None or not earlier:
        return None
    sides = _sides(flows, window)
    agree = None
    if (
        sides["disagree"]
        and not sides["incomplete"]
        and sides["a"] is not None
        and sides["b"] is not None
    ):
        agree = (
            direction(sides["a"], THRESHOLDS["trade"], "u", "d", "f")[0]
            == direction(sides["b"], THRESHOLDS["trade"], "u", "d", "f")[0]
        )
    values = {
        "partner": partner,
        "country": country,
        **window,
        "anomaly_year": None if odd is None else odd.year,
        "anomaly_direction": None if odd is None else odd.direction,
        "sides_disagree": sides["disagree"],
        "country_change": sides["a"],
        "partner_change": sides["b"],
        "incomplete_sides": [{"a": country, "b": partner}[side] for side in sides["incomplete"]],
        "estimated_sides": [{"a": country, "b": partner}[side] for side in sides["estimated"]],
    }
    evidence = Evidence(
        last_year=int(flows["year"].max()),
        end_year=end,
        years_covered=covered,
        years_needed=2 * WINDOW,
        base=recent,
        min_base=MIN_BASE["trade"],
        agree=agree,
    )
    return judge(
        "trade",
        recent / earlier - 1,
        evidence,
        ("grows", "shrinks", "steady"),
        values,
        "Bilateral ties",
        "fig-trade-both-reports",
    )


def since_paper_judgement(partner: str, country: str, end: int) -> Judgement | None:
    """Judgement 6 (the source paper's pair only): the partner's arms share since the paper."""
    p3, c3 = countries.iso3_of(partner), countries.iso3_of(country)
    if not is_paper_pair(p3, c3):
        return None
    first, last = arms.coverage()
    hi = min(end, last)
    if hi <= PAPER_YEAR:
        return None
    after = reuse.partner_share_by_period(partner, country, PAPER_YEAR + 1, hi, hi - PAPER_YEAR)
    before = reuse.partner_share_by_period(partner, country, PAPER_YEAR - 4, PAPER_YEAR, 5)
    if after.empty or before.empty:
        return None
    now, then = after.iloc[0], before.iloc[0]
    share_now = 0.0 if pd.isna(now["share"]) else float(now["share"])
    share_then = 0.0 if pd.isna(then["share"]) else float(then["share"])
    values = {
        "partner": partner,
        "country": country,
        "share": share_now,
        "previous_share": share_then,
        "years": (PAPER_YEAR + 1, hi),
        "previous_years": (PAPER_YEAR - 4, PAPER_YEAR),
        "rank": None if pd.isna(now["rank"]) else int(now["rank"]),
        "paper_year": PAPER_YEAR,
    }
    evidence = Evidence(
        last_year=last,
        end_year=end,
        base=float(now["total"]),
        min_base=MIN_BASE["since_paper"],
    )
    return judge(
        "since_paper",
        share_now - share_then,
        evidence,
        ("grows", "shrinks", "steady"),
        values,
        "Briefing",
        "tab-suppliers-since-paper",
    )


def consistent(since: Judgement | None, arms_now: Judgement | None) -> Judgement | None:
    """Judgement 6 pools the years since the paper; when judgement 1's latest period moves the
    other way, judgement 6 is 'mixed' and carries the latest period's share (so the two agree).
    Judgement 1's provisional latest years lower judgement 6's confidence too (the same years)."""
    if since is None or arms_now is None or arms_now.key != "arms":
        return since
    opposite = {"grows": "shrinks", "shrinks": "grows"}
    values = {
        **since.values,
        "latest_period": arms_now.values["period"],
        "latest_share": arms_now.values["share"],
        "latest_finding": arms_now.finding,
    }
    # the pooled years end in judgement 1's latest period: its provisional years are these too
    reasons = since.reasons + tuple(
        r for r in arms_now.reasons if r == "provisional" and r not in since.reasons
    )
    level = CONFIDENCE[min(len(reasons), len(CONFIDENCE) - 1)]
    if opposite.get(since.finding) == arms_now.finding:
        return replace(
            since,
            finding="mixed",
            likelihood="roughly even",
            confidence=level,
            reasons=reasons,
            values=values,
        )
    return replace(since, confidence=level, reasons=reasons, values=values)


def key_judgements(params: Any) -> list[Judgement]:
    """The judgements that the data support for the pair in `params` (a ReportParams), in
    order; a judgement without data is left out."""
    p, c = params.partner, params.country
    start, end = params.start_year, params.end_year
    found = [
        arms_judgement(p, c, start, end, params.period_years),
        alignment_judgement(p, c, start, end),
    ]
    threat = threat_judgement(p, c, start, end)
    found.append(threat)
    rival = threat.values["rival"] if threat else (params.rivals[0] if params.rivals else None)
    if rival:
        found.append(balance_judgement(c, rival, start, end))
    found.append(trade_judgement(p, c, start, end))
    found.append(consistent(since_paper_judgement(p, c, end), found[0]))
    return [j for j in found if j is not None]
