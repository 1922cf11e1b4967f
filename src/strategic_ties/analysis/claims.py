"""The source paper's claims, checked against the data: one pure check function per claim.

The claims are listed in ``data/claims.yaml`` (paraphrased; each names its check here). Every
check takes an `Evidence` (the processed tables, hand-made frames in tests) and returns a
`ClaimResult`: a verdict, what the data say (a sentence with the computed numbers) and the
source. Verdicts:

- **supported**: the data show what the paper says;
- **partly supported**: the data confirm the core but not a detail, or point both ways;
- **contradicted**: the data show the opposite;
- **outside these data**: nothing here can test it (e.g. small arms and ammunition, which
  SIPRI does not cover; intentions; a curated timeline with no record of the event).

Each check's rule is in its docstring and tested on small fixtures. The paper is the executive
summary of Murinson (2014), so the claims concern Israel (partner) and Azerbaijan (country);
`check_all` returns an empty ledger for any other pair.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from strategic_ties import countries, paths
from strategic_ties.analysis import alignment, arms, energy, threats, trade
from strategic_ties.errors import DataError

VERDICTS = ("supported", "partly supported", "contradicted", "outside these data")
SUPPORTED, PARTLY, CONTRADICTED, OUTSIDE = VERDICTS

PAPER_CITATION = (
    "Alexander Murinson, The Ties between Israel and Azerbaijan, Mideast Security and Policy "
    "Studies No. 110, BESA Center, Bar-Ilan University, October 2014 (executive summary)"
)
PAPER_PARTNER, PAPER_COUNTRY = "ISR", "AZE"
PAPER_DATE = pd.Timestamp("2014-10-01")
PAPER_YEAR = 2014
BEFORE = (2010, 2014)  # the five-year period that ends with the paper (SIPRI-style)
LEDGER_COLUMNS = ["id", "section", "kind", "claim", "finding", "verdict", "source"]

# Event categories that signal hostility between two states; an exercise counts unless joint.
HOSTILE_CATEGORIES = ("crisis_or_threat", "terrorism_or_plot", "war_or_clash")
DOWNGRADE = re.compile(
    r"recall|expel|expelled|withdr[ae]w|persona non grata|cut ties|sent .* home|envoy to leave|"
    r"envoy home|suspend",
    re.I,
)
YEAR_RANGE = re.compile(r"\b((?:19|20)\d{2})-((?:19|20)\d{2})\b")
COOPERATIVE = re.compile(r"\bjoint\b|thaw|reopen|resum|eased", re.I)


@dataclass(frozen=True)
class ClaimResult:
    """The outcome of one check: verdict, what the data say, and where it comes from."""

    verdict: str
    finding: str
    source: str
    values: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict {self.verdict!r} is not one of {VERDICTS}")

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Evidence:
    """The tables the checks read. A table left as None is loaded (once) on first use.

    `latest_year` is the last year of the data the checks treat as "latest" (default: the last
    delivery year in SIPRI's table); `sources` overrides the catalogue's source notes (tests).
    """

    arms_deliveries: pd.DataFrame | None = None
    arms_transfers: pd.DataFrame | None = None
    trade: pd.DataFrame | None = None
    fuel_imports_share: pd.DataFrame | None = None
    oil_press: pd.DataFrame | None = None
    events: pd.DataFrame | None = None
    mids: pd.DataFrame | None = None
    battle_deaths: pd.DataFrame | None = None
    conflicts: pd.DataFrame | None = None
    terrorism: pd.DataFrame | None = None
    unga_votes: pd.DataFrame | None = None
    latest_year: int | None = None
    sources: dict[str, str] | None = None

    def table(self, name: str) -> pd.DataFrame:
        frame = getattr(self, name)
        if frame is None:
            from strategic_ties import datasets

            frame = datasets.load(name)
            setattr(self, name, frame)
        return frame

    def latest(self) -> int:
        if self.latest_year is None:
            self.latest_year = arms.latest_year(data=self.table("arms_deliveries"))
        return self.latest_year

    def source(self, *names: str) -> str:
        """Source notes of the datasets (from data/catalog.yaml), joined with '; '."""
        notes = []
        for name in names:
            if self.sources is not None and name in self.sources:
                notes.append(self.sources[name])
                continue
            try:
                from strategic_ties import catalog

                notes.append(catalog.source_note(name))
            except DataError:
                notes.append(name)
        return "; ".join(dict.fromkeys(notes))


# ---- formatting ----------------------------------------------------------------------------


def _pct(share: float | None) -> str:
    """A 0-1 share as a percentage with one decimal ('67.7%')."""
    return "n/a" if share is None or pd.isna(share) else f"{share * 100:.1f}%"


def _num(value: float, digits: int = 0) -> str:
    return f"{value:,.{digits}f}"


def _date(stamp: pd.Timestamp, precision: str | None = "day") -> str:
    if precision == "month":
        return stamp.strftime("%B %Y")
    if precision == "year":
        return stamp.strftime("%Y")
    return f"{stamp.day} {stamp.strftime('%B %Y')}"


def _count(n: int, noun: str) -> str:
    """'1 deal', '3 deals'."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


# ---- shared helpers --------------------------------------------------------------------------


def _events(ev: Evidence, *actors: str) -> pd.DataFrame:
    """Events whose actors include all of `actors` (ISO3), oldest first."""
    frame = ev.table("events")
    if len(actors) >= 2:
        out = alignment.pair_events(actors[0], actors[1], data=frame)
    else:
        codes = frame["actors"].astype("string").fillna("").str.upper().str.split(";")
        out = frame[codes.map(lambda c: actors[0] in c).astype(bool)]
        out = out.sort_values(["date", "event_id"], ignore_index=True)
    for code in actors[2:]:
        codes = out["actors"].astype("string").fillna("").str.upper().str.split(";")
        out = out[codes.map(lambda c, code=code: code in c).astype(bool)]
    return out.reset_index(drop=True)


def _text(frame: pd.DataFrame) -> pd.Series:
    return (
        frame["title"].astype("string").fillna("")
        + " "
        + frame["description"].astype("string").fillna("")
    )


def _matching(frame: pd.DataFrame, pattern: str) -> pd.DataFrame:
    return frame[_text(frame).str.contains(pattern, case=False, regex=True).fillna(False)]


def _between(frame: pd.DataFrame, start: str | pd.Timestamp, end: str | pd.Timestamp):
    dates = frame["date"]
    mask = (dates >= pd.Timestamp(start)) & (dates <= pd.Timestamp(end))
    return frame[mask.fillna(False).astype(bool)]


def hostile_events(frame: pd.DataFrame) -> pd.DataFrame:
    """Hostile events: crises, plots, clashes; non-joint exercises; downgrades of relations."""
    category = frame["category"].astype("string").fillna("")
    text = _text(frame)
    exercise = (category == "military_exercise") & ~text.str.contains(COOPERATIVE).fillna(False)
    downgrade = (category == "diplomatic_relations") & text.str.contains(DOWNGRADE).fillna(False)
    mask = category.isin(HOSTILE_CATEGORIES) | exercise | downgrade
    return frame[mask.fillna(False).astype(bool)]


def _event_phrase(row: pd.Series) -> str:
    return f"{row['title']} ({_date(row['date'], row.get('date_precision'))})"


def _visit_check(ev: Evidence, who: str, year: int, month: int | None) -> ClaimResult:
    """Rule: a visit by that person dated in the stated month (or year) -> supported; dated
    otherwise -> partly supported; none in the timeline -> outside these data."""
    source = ev.source("events")
    visits = _events(ev, PAPER_PARTNER, PAPER_COUNTRY)
    visits = visits[(visits["category"] == "diplomatic_visit").fillna(False).astype(bool)]
    visits = visits[visits["title"].astype("string").str.contains(who, case=False).fillna(False)]
    stated = f"{pd.Timestamp(year=year, month=month or 1, day=1):%B %Y}" if month else str(year)
    if visits.empty:
        return ClaimResult(
            OUTSIDE,
            f"The curated events timeline has no dated visit by {who}; its absence there proves nothing.",
            source,
        )
    row = visits.iloc[0]
    date = row["date"]
    on_time = date.year == year and (month is None or date.month == month)
    days = 1
    if pd.notna(row["end_date"]):
        days = int((row["end_date"] - date).days) + 1
    finding = (
        f"The events timeline dates the visit to {_date(date, row['date_precision'])}"
        f" ({days} day{'s' if days > 1 else ''}); the paper says {stated}."
    )
    return ClaimResult(
        SUPPORTED if on_time else PARTLY,
        finding,
        source,
        {"date": date.date().isoformat(), "days": days},
    )


def _supplier_place(
    ev: Evidence, supplier: str, recipient: str, start: int, end: int
) -> dict[str, Any]:
    """Supplier's TIV, share and rank in the recipient's imports, and the top supplier."""
    shares = arms.supplier_shares(recipient, start, end, data=ev.table("arms_deliveries"))
    code = countries.iso3_of(supplier)
    mine = shares[shares["supplier_iso3"] == code]
    return {
        "tiv": float(mine["tiv"].iloc[0]) if not mine.empty else 0.0,
        "share": float(mine["share"].iloc[0]) if not mine.empty else 0.0,
        "rank": int(mine["rank"].iloc[0]) if not mine.empty else None,
        "total": float(shares["tiv"].sum()),
        "top": str(shares["supplier"].iloc[0]) if not shares.empty else None,
        "top_share": float(shares["share"].iloc[0]) if not shares.empty else None,
        "suppliers": len(shares),
    }


def _rank_text(place: dict[str, Any]) -> str:
    return f"rank {place['rank']}" if place["rank"] is not None else "not among the suppliers"


def _outside(reason: str, ev: Evidence, *names: str) -> ClaimResult:
    return ClaimResult(OUTSIDE, reason, ev.source(*names) if names else "No dataset applies.")


# ---- Executive summary (overview) ----------------------------------------------------------


def check_israel_main_supplier(ev: Evidence) -> ClaimResult:
    """Rule (SIPRI TIV, 2010-2014): Israel ranked 1-3 with >= 10% of Azerbaijan's imports ->
    supported; ranked 4-5 or >= 5% -> partly supported; otherwise contradicted."""
    start, end = BEFORE
    place = _supplier_place(ev, PAPER_PARTNER, PAPER_COUNTRY, start, end)
    rank, share = place["rank"], place["share"]
    if rank is not None and rank <= 3 and share >= 0.10:
        verdict = SUPPORTED
    elif rank is not None and (rank <= 5 or share >= 0.05):
        verdict = PARTLY
    else:
        verdict = CONTRADICTED
    finding = (
        f"In {start}-{end} Israel delivered {_num(place['tiv'])} TIV m, {_pct(share)} of "
        f"Azerbaijan's imports of major arms ({_rank_text(place)} of {place['suppliers']}; "
        f"{place['top']} {_pct(place['top_share'])})."
    )
    deliveries = ev.table("arms_deliveries")
    ordered = deliveries[
        (deliveries["supplier_iso3"] == PAPER_PARTNER).fillna(False)
        & (deliveries["recipient_iso3"] == PAPER_COUNTRY).fillna(False)
        & deliveries["order_year"].between(start, end).fillna(False)
    ]
    value = float(ordered["tiv"].fillna(0).sum())
    if value > 0:
        later = float(ordered.loc[(ordered["year"] > end).fillna(False), "tiv"].fillna(0).sum())
        finding += (
            f" Israeli orders placed in {start}-{end} brought {_num(value)} TIV m in all, "
            f"{_pct(later / value)} of it delivered after {end}."
        )
        place = {**place, "orders_tiv": value, "orders_tiv_after": later}
    return ClaimResult(verdict, finding, ev.source("arms_deliveries"), place)


def agreement_with_all(votes: pd.DataFrame, iso3: str, start: int, end: int) -> pd.Series:
    """Pooled UNGA vote agreement of `iso3` with every other state over start..end (index ISO3),
    scored as in `alignment.score_votes` (1 same vote, 0.5 one abstains, 0 opposed)."""
    rows = votes[votes["year"].between(start, end).fillna(False).astype(bool)]
    rows = rows[rows["vote"].astype("string").str.lower().isin(alignment.VOTES).fillna(False)]
    rows = rows[["rcid", "iso3", "vote"]].dropna(subset=["iso3"])
    mine = rows[rows["iso3"] == iso3].drop_duplicates("rcid")[["rcid", "vote"]]
    others = rows[rows["iso3"] != iso3]
    both = others.merge(mine, on="rcid", suffixes=("", "_own"))
    if both.empty:
        return pd.Series(dtype="float64")
    both = both.assign(score=alignment.score_votes(both["vote"], both["vote_own"]).to_numpy())
    return both.groupby(both["iso3"].astype(str))["score"].mean()


def check_close_relations_un_votes(ev: Evidence) -> ClaimResult:
    """Rule (UNGA votes 2004-2014): Israel-Azerbaijan agreement at or above the median of
    Israel's agreement with every other state voting -> supported; below -> partly supported
    (the bilateral ties are close, UN voting does not show it); no votes -> outside."""
    start, end = 2004, PAPER_YEAR
    scores = agreement_with_all(ev.table("unga_votes"), PAPER_PARTNER, start, end)
    if PAPER_COUNTRY not in scores.index:
        return _outside(
            "No UN General Assembly votes of both states in 2004-2014.", ev, "unga_votes"
        )
    pair = float(scores[PAPER_COUNTRY])
    others = scores.drop(PAPER_COUNTRY)
    median = float(others.median()) if not others.empty else None
    verdict = SUPPORTED if median is None or pair >= median else PARTLY
    finding = (
        f"Israel and Azerbaijan voted alike on {_pct(pair)} of UN General Assembly roll calls "
        f"in {start}-{end}"
    )
    if median is not None:
        above = int((others > pair).sum())
        finding += (
            f", against a median of {_pct(median)} for Israel with the {len(others)} other "
            f"states voting; {above} of them agreed with Israel more often."
        )
    else:
        finding += "."
    return ClaimResult(
        verdict, finding, ev.source("unga_votes"), {"agreement": pair, "median": median}
    )


def check_iran_azerbaijan_strained(ev: Evidence) -> ClaimResult:
    """Rule (to October 2014): at least one Iran-Azerbaijan militarised dispute (COW MID) and at
    least two hostile events in the timeline -> supported; one of the two -> partly supported;
    neither -> contradicted (MID covers every militarised dispute to 2014)."""
    disputes = _opposed_disputes(ev, "IRN", "AZE", last_year=PAPER_YEAR)
    hostile = _between(hostile_events(_events(ev, "IRN", "AZE")), "1991-01-01", PAPER_DATE)
    n_mid, n_events = len(disputes), len(hostile)
    if n_mid >= 1 and n_events >= 2:
        verdict = SUPPORTED
    elif n_mid >= 1 or n_events >= 2:
        verdict = PARTLY
    else:
        verdict = CONTRADICTED
    years = ", ".join(str(y) for y in sorted(disputes["start_year"])) or "none"
    finding = (
        f"COW records {n_mid} militarised disputes between Iran and Azerbaijan by 2014 "
        f"(starting {years}); the timeline holds {n_events} hostile Iran-Azerbaijan events "
        f"before October 2014."
    )
    return ClaimResult(
        verdict, finding, ev.source("mids", "events"), {"disputes": n_mid, "events": n_events}
    )


def check_peres_visit_2009(ev: Evidence) -> ClaimResult:
    """Rule: see `_visit_check` (Peres, 2009). The delegation's size is not coded in the data."""
    result = _visit_check(ev, "Peres", 2009, None)
    if result.verdict == OUTSIDE:
        return result
    return ClaimResult(
        result.verdict,
        result.finding + " The size of the delegation is not part of the data.",
        result.source,
        result.values,
    )


def check_lieberman_visit_2012(ev: Evidence) -> ClaimResult:
    """Rule: see `_visit_check` (Lieberman, April 2012)."""
    return _visit_check(ev, "Lieberman", 2012, 4)


def check_mammadyarov_visit_2013(ev: Evidence) -> ClaimResult:
    """Rule: see `_visit_check` (Mammadyarov, April 2013)."""
    return _visit_check(ev, "Mammadyarov", 2013, 4)


def check_turkey_israel_rift(ev: Evidence) -> ClaimResult:
    """Rule (2009 to October 2014): two or more Israel-Turkey crises or downgrades -> supported;
    one -> partly supported; none -> outside these data (the timeline is curated)."""
    pair = _between(_events(ev, "ISR", "TUR"), "2009-01-01", PAPER_DATE)
    rifts = hostile_events(pair)
    thaws = pair[~pair.index.isin(rifts.index)]
    n = len(rifts)
    verdict = SUPPORTED if n >= 2 else PARTLY if n == 1 else OUTSIDE
    listed = "; ".join(_event_phrase(r) for _, r in rifts.iterrows()) or "none"
    finding = (
        f"The timeline records {n} Israel-Turkey crises or downgrades from 2009 to the paper "
        f"({listed}) and {len(thaws)} step{'s' if len(thaws) != 1 else ''} towards a thaw."
    )
    return ClaimResult(verdict, finding, ev.source("events"), {"rifts": n, "thaws": len(thaws)})


def check_turkey_azerbaijan_ally(ev: Evidence) -> ClaimResult:
    """Rule: an Azerbaijan-Turkey alliance or mutual-assistance treaty dated before the paper,
    with Turkey among Azerbaijan's three largest arms suppliers in 2010-2014 or voting with it
    at the UN at least as often as the median state (2004-2014) -> supported; the treaty alone,
    or a treaty only after the paper -> partly supported; no treaty -> outside these data."""
    pair = _events(ev, "AZE", "TUR")
    pacts = pair[(pair["category"] == "agreement").fillna(False).astype(bool)]
    pacts = _matching(pacts, r"treaty|alliance|allied|mutual assistance")
    before = _between(pacts, "1991-01-01", PAPER_DATE)
    arms_place = _supplier_place(ev, "TUR", PAPER_COUNTRY, *BEFORE)
    scores = agreement_with_all(ev.table("unga_votes"), PAPER_COUNTRY, 2004, PAPER_YEAR)
    context = (
        f" Turkey supplied {_pct(arms_place['share'])} of Azerbaijan's arms imports in 2010-2014"
    )
    if "TUR" in scores.index:
        context += (
            f"; Azerbaijan voted with Turkey on {_pct(scores['TUR'])} of UN roll calls in "
            f"2004-2014 (median with all states {_pct(scores.median())})"
        )
    context += "."
    if pacts.empty:
        return ClaimResult(
            OUTSIDE,
            "The timeline records no Azerbaijan-Turkey alliance treaty." + context,
            ev.source("events", "arms_deliveries", "unga_votes"),
        )
    first = (before if not before.empty else pacts).iloc[0]
    close = (arms_place["rank"] is not None and arms_place["rank"] <= 3) or (
        "TUR" in scores.index and scores["TUR"] >= scores.median()
    )
    finding = f"The timeline records {_event_phrase(first)}." + context
    return ClaimResult(
        SUPPORTED if not before.empty and close else PARTLY,
        finding,
        ev.source("events", "arms_deliveries", "unga_votes"),
        {"treaties_before": len(before), "turkey_arms_share": arms_place["share"]},
    )


# ---- Threats from Iran ---------------------------------------------------------------------


def check_iran_recall_after_peres(ev: Evidence) -> ClaimResult:
    """Rule: an Iranian recall of its envoy within 31 days after the Peres visit -> supported;
    within a year -> partly supported; none (or no dated visit) -> outside these data."""
    visits = _matching(_events(ev, PAPER_PARTNER, PAPER_COUNTRY), "Peres")
    visits = visits[visits["category"] == "diplomatic_visit"]
    if visits.empty:
        return _outside("The timeline has no dated Peres visit to anchor the check.", ev, "events")
    visit = visits.iloc[0]["date"]
    recalls = _matching(_events(ev, "IRN", "AZE"), r"envoy|ambassador")
    recalls = _matching(recalls, r"recall|home|withdr")
    recalls = _between(recalls, visit, visit + pd.Timedelta(days=365))
    if recalls.empty:
        return _outside(
            "The timeline records no Iranian recall of its envoy in the year after the visit.",
            ev,
            "events",
        )
    gap = int((recalls.iloc[0]["date"] - visit).days)
    verdict = SUPPORTED if gap <= 31 else PARTLY
    finding = (
        f"Iran recalled its envoy {gap} day{'s' if gap != 1 else ''} after the visit began "
        f"({_event_phrase(recalls.iloc[0])})."
    )
    return ClaimResult(verdict, finding, ev.source("events"), {"days_after": gap})


def check_samadov_sentence_2011(ev: Evidence) -> ClaimResult:
    """Rule: a court sentence of Samadov dated October 2011 -> supported; dated otherwise ->
    partly supported; none -> outside these data. The prison terms are read from the record."""
    rows = _matching(_events(ev, "AZE"), r"Samadov")
    rows = _matching(rows, r"sentenc|jailed|court|prison")
    if rows.empty:
        return _outside("The timeline records no sentence of Samadov.", ev, "events")
    row = rows.iloc[0]
    on_time = row["date"].year == 2011 and row["date"].month == 10
    terms = sorted({int(n) for n in re.findall(r"(\d+)\s*years?", str(row["description"]))})
    term_text = f"; the record gives a term of {', '.join(map(str, terms))} years" if terms else ""
    finding = f"The timeline dates the sentence to {_date(row['date'], row['date_precision'])}{term_text}."
    return ClaimResult(
        SUPPORTED if on_time else PARTLY,
        finding,
        ev.source("events"),
        {"date": row["date"].date().isoformat(), "terms": terms},
    )


def check_arrests_feb_2012(ev: Evidence) -> ClaimResult:
    """Rule: arrests in Azerbaijan dated February 2012 with a reported number of at least 24
    ('dozens') -> supported; arrests that month with a smaller or no number -> partly
    supported; none -> outside these data."""
    rows = _events(ev, "AZE")
    rows = rows[rows["category"].isin(["terrorism_or_plot", "domestic_security"]).fillna(False)]
    rows = _between(rows, "2012-02-01", "2012-02-29")
    rows = _matching(rows, r"detain|arrest|held")
    if rows.empty:
        return _outside(
            "The timeline records no arrests in Azerbaijan in February 2012.", ev, "events"
        )
    numbers = [
        int(n)
        for text in rows["description"].astype(str)
        for n in re.findall(r"\b(\d{1,4})\b", text)
    ]
    largest = max(numbers) if numbers else None
    verdict = SUPPORTED if largest is not None and largest >= 24 else PARTLY
    count = f"the largest number reported is {largest}" if largest else "no number is reported"
    finding = (
        f"The timeline records {_count(len(rows), 'arrest event')} in February 2012 "
        f"({'; '.join(_event_phrase(r) for _, r in rows.iterrows())}); {count}, and no "
        f"location near Baku is recorded."
    )
    return ClaimResult(verdict, finding, ev.source("events"), {"largest_number": largest})


def check_firouzabadi_threat(ev: Evidence) -> ClaimResult:
    """Rule: the threat dated within 92 days after Samadov's arrest -> supported; later ->
    partly supported (the threat is real, the timing is not); either missing -> outside."""
    aze = _events(ev, "AZE")
    arrest = _matching(_matching(aze, "Samadov"), r"detain|arrest")
    threat = _matching(_events(ev, "IRN", "AZE"), "Firouzabadi")
    if arrest.empty or threat.empty:
        return _outside("The timeline lacks the arrest or the threat.", ev, "events")
    gap = int((threat.iloc[0]["date"] - arrest.iloc[0]["date"]).days)
    verdict = SUPPORTED if 0 <= gap <= 92 else PARTLY
    finding = (
        f"The threat is dated {_date(threat.iloc[0]['date'])}, {gap} days "
        f"(about {round(gap / 30.4)} months) after the arrest on {_date(arrest.iloc[0]['date'])}."
    )
    return ClaimResult(verdict, finding, ev.source("events"), {"days_after_arrest": gap})


def check_plots_foiled_2012(ev: Evidence) -> ClaimResult:
    """Rule: at least one plot against Israeli targets foiled in Azerbaijan, January-April 2012
    -> supported; none -> outside these data."""
    rows = _events(ev, PAPER_COUNTRY, PAPER_PARTNER)
    rows = _between(rows[rows["category"] == "terrorism_or_plot"], "2012-01-01", "2012-04-30")
    if rows.empty:
        return _outside("The timeline records no foiled plot in early 2012.", ev, "events")
    listed = "; ".join(_event_phrase(r) for _, r in rows.iterrows())
    finding = f"The timeline records {_count(len(rows), 'foiled plot')} against Israeli targets in Baku in January-April 2012: {listed}."
    return ClaimResult(SUPPORTED, finding, ev.source("events"), {"plots": len(rows)})


def check_iran_undermining(ev: Evidence) -> ClaimResult:
    """Rule (to October 2014): two or more Iran-linked plots or security cases in Azerbaijan ->
    supported; one -> partly supported; none -> outside these data."""
    rows = _events(ev, "AZE", "IRN")
    rows = rows[rows["category"].isin(["terrorism_or_plot", "domestic_security"]).fillna(False)]
    rows = _between(rows, "1991-01-01", PAPER_DATE)
    n = len(rows)
    verdict = SUPPORTED if n >= 2 else PARTLY if n == 1 else OUTSIDE
    years = ", ".join(str(y) for y in rows["year"].dropna().astype(int)) or "none"
    finding = (
        f"The timeline holds {n} Iran-linked plots or security cases in Azerbaijan before the "
        f"paper (years {years}); these are allegations by Azerbaijani authorities, not court findings."
    )
    return ClaimResult(verdict, finding, ev.source("events"), {"cases": n})


def _opposed_disputes(ev: Evidence, a: str, b: str, *, last_year: int) -> pd.DataFrame:
    """`threats.mids_between` for disputes starting by `last_year`, plus ``a_side_a`` (True when
    `a` was on the initiating side A)."""
    mids = ev.table("mids")
    disputes = threats.mids_between(a, b, None, last_year, data=mids)
    disputes = disputes[(disputes["start_year"] <= last_year).fillna(False).astype(bool)]
    initiators = mids[(mids["iso3"] == a).fillna(False) & mids["side_a"].fillna(False)]
    disputes = disputes.assign(a_side_a=disputes["dispnum"].isin(initiators["dispnum"]))
    return disputes.reset_index(drop=True)


def check_iran_threatens(ev: Evidence) -> ClaimResult:
    """Rule (COW MID v5, to 2014): three or more disputes Iran started against Azerbaijan ->
    supported (persistent); one or two -> partly supported; none -> contradicted."""
    disputes = _opposed_disputes(ev, "IRN", "AZE", last_year=PAPER_YEAR)
    iran_started = disputes[disputes["a_side_a"]]
    n = len(iran_started)
    verdict = SUPPORTED if n >= 3 else PARTLY if n >= 1 else CONTRADICTED
    years = ", ".join(str(y) for y in sorted(iran_started["start_year"])) or "none"
    top = int(iran_started["hostlev"].max()) if n else None
    finding = (
        f"COW records {n} militarised disputes on Iran's initiative against Azerbaijan by 2014 "
        f"(starting {years})"
        + (f"; the highest hostility level reached was {top} of 5." if top else ".")
    )
    return ClaimResult(verdict, finding, ev.source("mids"), {"disputes": n, "max_hostility": top})


def check_israeli_presence_reports(ev: Evidence) -> ClaimResult:
    """Rule: at least one published report or Iranian protest about Israeli use of Azerbaijani
    territory before the paper -> supported (the claim is about the reports, not their truth);
    none -> outside these data."""
    rows = _events(ev, PAPER_PARTNER, PAPER_COUNTRY, "IRN")
    rows = _matching(rows, r"airfield|airbase|agents|presence|Mossad|territory")
    rows = _between(rows, "1991-01-01", PAPER_DATE)
    if rows.empty:
        return _outside("The timeline records no such reports before the paper.", ev, "events")
    listed = "; ".join(_event_phrase(r) for _, r in rows.iterrows())
    finding = (
        f"The timeline records {len(rows)} such reports or protests before the paper ({listed}); "
        "the presence itself is not established by these data."
    )
    return ClaimResult(SUPPORTED, finding, ev.source("events"), {"reports": len(rows)})


def check_sunni_militancy(ev: Evidence) -> ClaimResult:
    """Rule: Islamist-militancy events before the paper or GTD terrorist incidents in Azerbaijan
    in 2000-2014 -> partly supported (the data do not attribute them to al-Qaeda or Dagestan);
    neither -> outside these data."""
    events = ev.table("events")
    islamist = events[(events["theme"] == "threat_islamist").fillna(False).astype(bool)]
    islamist = _between(islamist, "1991-01-01", PAPER_DATE)
    terror = ev.table("terrorism")
    aze = terror[(terror["iso3"] == PAPER_COUNTRY).fillna(False).astype(bool)]
    aze = aze[aze["year"].between(2000, PAPER_YEAR).fillna(False).astype(bool)]
    incidents = float(aze["incidents"].fillna(0).sum())
    deaths = float(aze["fatalities"].fillna(0).sum())
    if islamist.empty and incidents == 0:
        return _outside(
            "Neither the timeline nor the GTD records such incidents.", ev, "events", "terrorism"
        )
    last = int(aze["year"].max()) if not aze.empty else None
    finding = (
        f"The timeline holds {len(islamist)} Islamist-militancy events in Azerbaijan before the "
        f"paper; the GTD counts {_num(incidents)} terrorist incidents and {_num(deaths)} deaths in "
        f"Azerbaijan in 2000-{last or PAPER_YEAR}. Neither source ties them to al-Qaeda or Dagestan."
    )
    return ClaimResult(
        PARTLY,
        finding,
        ev.source("events", "terrorism"),
        {"events": len(islamist), "incidents": incidents, "deaths": deaths},
    )


# ---- Threats from Russia -------------------------------------------------------------------


def check_center_2011(ev: Evidence) -> ClaimResult:
    """Rule: a Russian exercise dated 2011 naming Center-2011 -> partly supported (the data
    record its size, not the paper's ranking 'largest since 2002' or 'dozens of vessels');
    none -> outside these data."""
    rows = _events(ev, "RUS")
    rows = rows[(rows["category"] == "military_exercise").fillna(False).astype(bool)]
    rows = _matching(rows[(rows["year"] == 2011).fillna(False).astype(bool)], r"Cent(?:er|re)-2011")
    if rows.empty:
        return _outside("The timeline records no Center-2011 exercise.", ev, "events")
    row = rows.iloc[0]
    people = re.search(r"([\d,]+)\s+[\w ]*personnel", str(row["description"]))
    size = f"; it records about {people.group(1)} personnel" if people else ""
    finding = (
        f"The exercise is dated {_date(row['date'])}{size}. The paper's 'largest since 2002' "
        "and 'dozens of vessels' are not corroborated by the data."
    )
    return ClaimResult(PARTLY, finding, ev.source("events"))


def check_caspian_exercise_2014(ev: Evidence) -> ClaimResult:
    """Rule: a Russian exercise dated April 2014 -> supported; none -> outside these data (a
    curated timeline's silence is not evidence against it)."""
    rows = _events(ev, "RUS")
    rows = rows[(rows["category"] == "military_exercise").fillna(False).astype(bool)]
    rows = _between(rows, "2014-04-01", "2014-04-30")
    if rows.empty:
        return _outside(
            "The timeline has no corroborated record of it, which neither confirms nor refutes it.",
            ev,
            "events",
        )
    return ClaimResult(
        SUPPORTED, f"The timeline records {_event_phrase(rows.iloc[0])}.", ev.source("events")
    )


def check_russia_backs_armenia(ev: Evidence) -> ClaimResult:
    """Rule (SIPRI TIV, 2010-2014): Russia >= 50% of Armenia's imports and < 25% of
    Azerbaijan's -> supported; >= 50% of Armenia's but also >= 25% of Azerbaijan's -> partly
    supported (Russia armed both sides); 25-50% of Armenia's -> partly supported; below 25% of
    Armenia's -> contradicted."""
    start, end = BEFORE
    arm = _supplier_place(ev, "RUS", "ARM", start, end)
    aze = _supplier_place(ev, "RUS", "AZE", start, end)
    if arm["share"] >= 0.5 and aze["share"] < 0.25:
        verdict = SUPPORTED
    elif arm["share"] >= 0.25:
        verdict = PARTLY
    else:
        verdict = CONTRADICTED
    finding = (
        f"In {start}-{end} Russia supplied {_pct(arm['share'])} of Armenia's imports of major arms "
        f"and {_pct(aze['share'])} of Azerbaijan's ({_num(aze['tiv'])} TIV m against "
        f"{_num(arm['tiv'])} for Armenia): it armed both sides."
        if aze["share"] >= 0.25
        else f"In {start}-{end} Russia supplied {_pct(arm['share'])} of Armenia's imports of major "
        f"arms and {_pct(aze['share'])} of Azerbaijan's."
    )
    return ClaimResult(
        verdict,
        finding,
        ev.source("arms_deliveries"),
        {"armenia_share": arm["share"], "azerbaijan_share": aze["share"]},
    )


def check_russia_iran_strained(ev: Evidence) -> ClaimResult:
    """Rule: signs of closeness are (a) Russia is Iran's largest arms supplier in 2000-2014
    (SIPRI) and (b) Russia-Iran UN vote agreement exceeds Russia-Israel agreement (2000-2014).
    Both -> contradicted; one -> partly supported; neither -> supported."""
    place = _supplier_place(ev, "RUS", "IRN", 2000, PAPER_YEAR)
    votes = ev.table("unga_votes")
    iran = alignment.pooled_agreement(
        alignment.vote_agreement("RUS", "IRN", 2000, PAPER_YEAR, data=votes)
    )
    israel = alignment.pooled_agreement(
        alignment.vote_agreement("RUS", "ISR", 2000, PAPER_YEAR, data=votes)
    )
    top = place["rank"] == 1
    closer = iran is not None and israel is not None and iran > israel
    signs = int(top) + int(closer)
    verdict = CONTRADICTED if signs == 2 else PARTLY if signs == 1 else SUPPORTED
    finding = (
        f"Russia supplied {_pct(place['share'])} of Iran's imports of major arms in 2000-{PAPER_YEAR} "
        f"({_rank_text(place)}); Russia voted with Iran on {_pct(iran)} of UN roll calls against "
        f"{_pct(israel)} with Israel."
    )
    return ClaimResult(
        verdict,
        finding,
        ev.source("arms_deliveries", "unga_votes"),
        {
            "share": place["share"],
            "rank": place["rank"],
            "agree_iran": iran,
            "agree_israel": israel,
        },
    )


def check_russia_backs_syria(ev: Evidence) -> ClaimResult:
    """Rule (SIPRI TIV, 2010-2014): Russia the largest supplier of Syria's arms imports ->
    supported; ranked 2-3 -> partly supported; lower or absent -> contradicted."""
    start, end = BEFORE
    place = _supplier_place(ev, "RUS", "SYR", start, end)
    rank = place["rank"]
    verdict = SUPPORTED if rank == 1 else PARTLY if rank in (2, 3) else CONTRADICTED
    finding = (
        f"In {start}-{end} Russia supplied {_num(place['tiv'])} TIV m, {_pct(place['share'])} of "
        f"the Syrian government's imports of major arms ({_rank_text(place)})."
    )
    return ClaimResult(verdict, finding, ev.source("arms_deliveries"), place)


def check_iran_reaction_to_strikes(ev: Evidence) -> ClaimResult:
    """Rule: after the first Israeli or US attack on Iran after the paper, an Iranian hostile
    act against Azerbaijan within 183 days -> supported; none -> contradicted (within the
    timeline's coverage); no such attack recorded -> outside these data."""
    events = ev.table("events")
    attacks = pd.concat([_events(ev, "ISR", "IRN"), _events(ev, "USA", "IRN")])
    attacks = attacks[(attacks["category"] == "war_or_clash").fillna(False).astype(bool)]
    attacks = attacks[(attacks["date"] > PAPER_DATE).fillna(False).astype(bool)].sort_values("date")
    if attacks.empty:
        return _outside("No Israeli or US attack on Iran after 2014 is recorded.", ev, "events")
    attack = attacks.iloc[0]
    window_end = attack["date"] + pd.Timedelta(days=183)
    after = hostile_events(_events(ev, "IRN", "AZE"))
    after = after[after["event_id"] != attack["event_id"]]
    after = _between(after, attack["date"], window_end)
    covered = int((min(events["date"].max(), window_end) - attack["date"]).days)
    if not after.empty:
        return ClaimResult(
            SUPPORTED,
            f"Within six months of {_event_phrase(attack)} the timeline records "
            f"{len(after)} hostile Iranian acts against Azerbaijan.",
            ev.source("events"),
            {"hostile": len(after)},
        )
    finding = (
        f"After the attack on Iran recorded as '{attack['title']}' ({_date(attack['date'])}), "
        "the timeline records no hostile Iranian act against "
        f"Azerbaijan in the {covered} days it covers."
    )
    return ClaimResult(
        CONTRADICTED, finding, ev.source("events"), {"hostile": 0, "days_covered": covered}
    )


def check_russia_caspian_stance(ev: Evidence) -> ClaimResult:
    """Always outside these data: stated positions on the Caspian division are not recorded."""
    return _outside(
        "No dataset here records positions on the Caspian division; not testable here.",
        ev,
    )


# ---- Nagorno-Karabakh ----------------------------------------------------------------------


def _karabakh_deaths(ev: Evidence) -> pd.DataFrame:
    """UCDP battle deaths per year in the Azerbaijan-Nagorno-Karabakh conflict: year, best."""
    deaths = ev.table("battle_deaths")
    territory = deaths["territory_name"].astype("string").fillna("")
    mask = territory.str.contains("Karabakh|Artsakh", case=False, regex=True).fillna(False)
    mask &= deaths["primary_iso3"].astype("string").fillna("").str.contains(PAPER_COUNTRY)
    rows = deaths[mask.astype(bool)]
    return (
        rows.assign(year=rows["year"].astype(int), best=rows["best"].fillna(0).astype(int))
        .groupby("year", as_index=False)["best"]
        .sum()
    )


def check_defeat_1994(ev: Evidence) -> ClaimResult:
    """Rule: war-level fighting (>= 1,000 battle deaths in a year of 1992-1994) ended by a 1994
    ceasefire -> partly supported (who won is not coded in these data); war-level fighting
    without a 1994 ceasefire -> partly supported; no war-level year -> contradicted."""
    deaths = _karabakh_deaths(ev)
    war = deaths[deaths["year"].between(1992, 1994)]
    total = int(war["best"].sum())
    after = int(deaths.loc[deaths["year"] == 1995, "best"].sum())
    truce = _events(ev, "AZE", "ARM")
    truce = truce[(truce["category"] == "ceasefire_or_peace").fillna(False).astype(bool)]
    truce = truce[(truce["year"] == 1994).fillna(False).astype(bool)]
    if war.empty or war["best"].max() < 1000:
        return ClaimResult(
            CONTRADICTED,
            f"UCDP records {total:,} battle deaths in 1992-1994, below war level in every year.",
            ev.source("battle_deaths", "events"),
        )
    cease = (
        f"; a ceasefire took effect on {_date(truce.iloc[0]['date'])}" if not truce.empty else ""
    )
    finding = (
        f"UCDP counts {total:,} battle deaths in 1992-1994 and {after:,} in 1995{cease}. "
        "The data confirm the war's end in 1994, not its military outcome."
    )
    return ClaimResult(
        PARTLY, finding, ev.source("battle_deaths", "events"), {"deaths_1992_1994": total}
    )


def check_no_reconciliation(ev: Evidence) -> ClaimResult:
    """Rule: battle deaths after 2014 and no peace step (treaty, declaration) -> supported;
    fighting after 2014 followed by a peace step -> partly supported; no fighting after 2014
    -> contradicted."""
    deaths = _karabakh_deaths(ev)
    later = deaths[deaths["year"] > PAPER_YEAR]
    total = int(later["best"].sum())
    peace = _events(ev, "AZE", "ARM")
    peace = peace[(peace["category"] == "ceasefire_or_peace").fillna(False).astype(bool)]
    peace = _matching(
        peace[(peace["date"] > PAPER_DATE).fillna(False).astype(bool)],
        r"\btreaty\b|\bpeace\b|declaration",
    )
    verdict = CONTRADICTED if total == 0 else PARTLY if not peace.empty else SUPPORTED
    peak = later.loc[later["best"].idxmax()] if not later.empty else None
    finding = f"UCDP counts {total:,} battle deaths in {PAPER_YEAR + 1}-{int(later['year'].max()) if not later.empty else 'latest'}"
    if peak is not None:
        finding += f" (peak {int(peak['year'])}: {int(peak['best']):,})"
    finding += (
        f"; later, {len(peace)} peace steps ({'; '.join(_event_phrase(r) for _, r in peace.iterrows())})."
        if not peace.empty
        else "; the timeline records no peace treaty step."
    )
    return ClaimResult(
        verdict,
        finding,
        ev.source("battle_deaths", "events"),
        {"deaths_after": total, "peace_steps": len(peace)},
    )


def check_armenia_iran_partner(ev: Evidence) -> ClaimResult:
    """Rule (IMF DOTS, Armenia's reports, 2010-2014): Iran's best mean rank among Armenia's
    export or import partners <= 5 -> supported; <= 10 -> partly supported; worse ->
    contradicted; no reports -> outside these data."""
    start, end = BEFORE
    means = {}
    for flow in ("exports", "imports"):
        ranks = trade.partner_ranks("ARM", "IRN", flow, start, end, data=ev.table("trade"))
        if not ranks.empty and ranks["rank"].notna().any():
            means[flow] = (float(ranks["rank"].dropna().mean()), float(ranks["share_pct"].mean()))
    if not means:
        return _outside("Armenia reported no trade by partner in 2010-2014.", ev, "trade")
    flow, (rank, share) = min(means.items(), key=lambda kv: kv[1][0])
    verdict = SUPPORTED if rank <= 5 else PARTLY if rank <= 10 else CONTRADICTED
    finding = (
        f"In {start}-{end} Iran's average rank among Armenia's {flow[:-1]} partners was {rank:.1f} "
        f"({share:.1f}% of the flow)."
    )
    return ClaimResult(verdict, finding, ev.source("trade"), {"flow": flow, "mean_rank": rank})


def check_armenia_loophole(ev: Evidence) -> ClaimResult:
    """Always outside these data: SIPRI records declared or verified transfers, not illicit
    ones; the count of recorded Armenia -> Iran deals is given for context."""
    register = ev.table("arms_transfers")
    n = int(
        ((register["supplier_iso3"] == "ARM") & (register["recipient_iso3"] == "IRN"))
        .fillna(False)
        .sum()
    )
    return ClaimResult(
        OUTSIDE,
        f"SIPRI lists {n} deals from Armenia to Iran; prohibited or illicit transfers are outside its coverage.",
        ev.source("arms_transfers"),
        {"deals": n},
    )


# ---- Conclusion ----------------------------------------------------------------------------


def _mirror_flows(ev: Evidence, start: int, end: int) -> pd.DataFrame:
    """Azerbaijan-Israel trade per year: a_* = Azerbaijan's reports, b_* = Israel's."""
    return trade.bilateral_trade(PAPER_COUNTRY, PAPER_PARTNER, start, end, data=ev.table("trade"))


def check_oil_sales(ev: Evidence) -> ClaimResult:
    """Rule (IMF DOTS, 2010-2014): Azerbaijan-reported exports to Israel averaging >= US$100m a
    year -> supported; above zero -> partly supported; none reported -> contradicted; no
    reports at all -> outside these data."""
    start, end = BEFORE
    flows = _mirror_flows(ev, start, end)
    exports = flows["a_exports_to_b"].dropna() if not flows.empty else pd.Series(dtype=float)
    if exports.empty:
        return _outside("Azerbaijan reported no exports by partner in 2010-2014.", ev, "trade")
    mean = float(exports.mean())
    israel = flows["b_imports_from_a"].dropna()
    verdict = SUPPORTED if mean >= 100 else PARTLY if mean > 0 else CONTRADICTED
    finding = (
        f"Azerbaijan reported exports to Israel of US${_num(mean)}m a year on average in "
        f"{start}-{end} (all goods); Israel, which does not record where its crude comes from, "
        f"reported US${_num(israel.mean() if not israel.empty else 0, 1)}m."
    )
    return ClaimResult(verdict, finding, ev.source("trade"), {"mean_exports_usd_m": mean})


def check_oil_share(ev: Evidence) -> ClaimResult:
    """Rule (proxy, 2010-2014 mean): >= 25% of Israel's fuel imports -> supported; 10-25% ->
    partly supported; < 10% -> contradicted; no years with all inputs -> outside these data."""
    start, end = BEFORE
    proxy = energy.fuel_import_proxy(
        PAPER_COUNTRY,
        PAPER_PARTNER,
        start,
        end,
        trade=ev.table("trade"),
        fuel=ev.table("fuel_imports_share"),
    )
    if proxy.empty:
        return _outside(
            "The inputs of the proxy are missing for 2010-2014.", ev, "trade", "fuel_imports_share"
        )
    proxy = proxy.assign(share=proxy["share_of_fuel_imports_pct"] / 100)
    mean = float(proxy["share"].mean())
    verdict = SUPPORTED if mean >= 0.25 else PARTLY if mean >= 0.10 else CONTRADICTED
    finding = (
        f"Proxy: Azerbaijan's reported exports to Israel equal {_pct(mean)} of Israel's fuel "
        f"imports on average in {int(proxy['year'].min())}-{int(proxy['year'].max())} "
        f"(range {_pct(proxy['share'].min())} to {_pct(proxy['share'].max())}); a value proxy, "
        "not a volume share."
    )
    return ClaimResult(
        verdict, finding, ev.source("trade", "fuel_imports_share"), {"mean_share": mean}
    )


def check_client_of_israel(ev: Evidence) -> ClaimResult:
    """Rule (SIPRI TIV, 2010-2014): Azerbaijan among Israel's five largest recipients ->
    supported; a recipient but lower -> partly supported; no deliveries -> contradicted."""
    start, end = BEFORE
    clients = arms.client_shares(PAPER_PARTNER, start, end, data=ev.table("arms_deliveries"))
    mine = clients[clients["recipient_iso3"] == PAPER_COUNTRY]
    if mine.empty:
        return ClaimResult(
            CONTRADICTED,
            f"SIPRI records no Israeli deliveries to Azerbaijan in {start}-{end}.",
            ev.source("arms_deliveries"),
        )
    rank, share, tiv = (
        int(mine["rank"].iloc[0]),
        float(mine["share"].iloc[0]),
        float(mine["tiv"].iloc[0]),
    )
    verdict = SUPPORTED if rank <= 5 else PARTLY
    finding = (
        f"In {start}-{end} Azerbaijan received {_num(tiv)} TIV m of Israeli major arms, "
        f"{_pct(share)} of Israel's exports: rank {rank} of {len(clients)} recipients."
    )
    return ClaimResult(
        verdict, finding, ev.source("arms_deliveries"), {"rank": rank, "share": share}
    )


UAV_CATEGORY = "UAVs and loitering munitions"


def check_drones(ev: Evidence) -> ClaimResult:
    """Rule (SIPRI deliveries to 2014): Israeli UAVs delivered and Israel >= 50% of
    Azerbaijan's UAV imports by TIV -> supported; some delivered -> partly supported; none ->
    contradicted."""
    deliveries = ev.table("arms_deliveries")
    uav = deliveries[
        (deliveries["recipient_iso3"] == PAPER_COUNTRY).fillna(False)
        & (deliveries["category"] == UAV_CATEGORY).fillna(False)
        & (deliveries["year"] <= PAPER_YEAR).fillna(False)
    ]
    total = float(uav["tiv"].fillna(0).sum())
    israeli = uav[(uav["supplier_iso3"] == PAPER_PARTNER).fillna(False)]
    tiv = float(israeli["tiv"].fillna(0).sum())
    units = float(israeli["number_delivered"].fillna(0).sum())
    share = tiv / total if total > 0 else None
    if tiv <= 0:
        verdict = CONTRADICTED
    elif share is not None and share >= 0.5:
        verdict = SUPPORTED
    else:
        verdict = PARTLY
    models = ", ".join(sorted(set(israeli["designation"].dropna().astype(str)))) or "none"
    finding = (
        f"By {PAPER_YEAR}: {_num(units)} Israeli UAVs delivered ({models}; "
        f"{_num(tiv, 1)} TIV m), {_pct(share)} of Azerbaijan's UAV imports."
    )
    return ClaimResult(
        verdict, finding, ev.source("arms_deliveries"), {"units": units, "share": share}
    )


def _deals_like(ev: Evidence, pattern: str, last_order_year: int) -> pd.DataFrame:
    register = arms.deals(PAPER_PARTNER, PAPER_COUNTRY, data=ev.table("arms_transfers"))
    described = (
        register["description"].astype("string").str.contains(pattern, case=False, regex=True)
    )
    register = register[described.fillna(False).astype(bool)]
    return register[(register["order_year"] <= last_order_year).fillna(False).astype(bool)]


def _deal_check(ev: Evidence, pattern: str, what: str) -> ClaimResult:
    """Rule (SIPRI register, ordered by 2014): at least one delivered -> supported; ordered but
    not delivered -> partly supported; none -> contradicted (SIPRI covers these weapons)."""
    rows = _deals_like(ev, pattern, PAPER_YEAR)
    delivered = rows[(rows["number_delivered"].fillna(0) > 0).astype(bool)]
    if rows.empty:
        return ClaimResult(
            CONTRADICTED,
            f"SIPRI records no {what} ordered from Israel by Azerbaijan by {PAPER_YEAR}.",
            ev.source("arms_transfers"),
        )
    listed = "; ".join(
        f"{int(r['number_delivered']) if pd.notna(r['number_delivered']) else 0} "
        f"{r['designation']} (ordered {r['order_year']}, delivered "
        f"{r['delivery_years'] if pd.notna(r['delivery_years']) else 'not yet'})"
        for _, r in rows.iterrows()
    )
    finding = f"{_count(len(rows), 'deal')} ordered by {PAPER_YEAR}: {listed}."
    return ClaimResult(
        SUPPORTED if not delivered.empty else PARTLY,
        finding,
        ev.source("arms_transfers"),
        {"deals": len(rows), "delivered_deals": len(delivered)},
    )


def check_armoured_carriers(ev: Evidence) -> ClaimResult:
    """Rule: see `_deal_check` (armoured personnel carriers)."""
    return _deal_check(ev, r"\bAPC\b|armoured personnel carrier", "armoured personnel carriers")


def check_rocket_launchers(ev: Evidence) -> ClaimResult:
    """Rule: see `_deal_check` (multiple rocket launchers)."""
    return _deal_check(ev, r"multiple rocket launcher|\bMRL\b", "multiple rocket launchers")


def check_tavor_rifles(ev: Evidence) -> ClaimResult:
    """Always outside these data: SIPRI excludes small arms."""
    n = len(arms.deals(PAPER_PARTNER, PAPER_COUNTRY, data=ev.table("arms_transfers")))
    return ClaimResult(
        OUTSIDE,
        f"None of SIPRI's {n} Israeli deals with Azerbaijan is for rifles: SIPRI excludes small arms.",
        ev.source("arms_transfers"),
        {"deals": n},
    )


def check_ammunition(ev: Evidence) -> ClaimResult:
    """Always outside these data: SIPRI excludes ammunition (guided missiles are counted)."""
    missiles = _deals_like(ev, r"missile", 9999)
    return ClaimResult(
        OUTSIDE,
        f"SIPRI excludes ammunition (it lists {len(missiles)} Israeli guided-missile deals "
        "with Azerbaijan, a separate category).",
        ev.source("arms_transfers"),
        {"missile_deals": len(missiles)},
    )


def check_trade_expansion(ev: Evidence) -> ClaimResult:
    """Rule (IMF DOTS two-way trade, mean of the years after the paper against 2010-2014):
    ratio >= 1 -> supported; 0.5-1 -> partly supported; < 0.5 -> contradicted; no later
    years -> outside these data."""
    start, end = BEFORE
    flows = _mirror_flows(ev, start, ev.latest())
    flows = flows[flows["turnover"].notna()]
    before = flows[flows["year"].between(start, end)]
    after = flows[flows["year"] > end]
    if before.empty or after.empty:
        return _outside("DOTS has no two-way trade figures for both periods.", ev, "trade")
    b, a = float(before["turnover"].mean()), float(after["turnover"].mean())
    ratio = a / b if b else float("nan")
    verdict = SUPPORTED if ratio >= 1 else PARTLY if ratio >= 0.5 else CONTRADICTED
    last = int(after["year"].max())
    isr_b = float(before["b_to_a"].mean())
    isr_a = float(after["b_to_a"].mean())
    finding = (
        f"Two-way trade: US${_num(a)}m a year in {end + 1}-{last}, US${_num(b)}m in "
        f"{start}-{end} ({(ratio - 1) * 100:+.0f}%); Israel's exports: US${_num(isr_b)}m, "
        f"then US${_num(isr_a)}m."
    )
    return ClaimResult(verdict, finding, ev.source("trade"), {"ratio": ratio})


def check_lobbying(ev: Evidence) -> ClaimResult:
    """Always outside these data: lobbying is not recorded."""
    return _outside("No dataset here records lobbying; not testable with these data.", ev)


def check_stronger_ties(ev: Evidence) -> ClaimResult:
    """Rule: three signs after the paper: (a) two or more high-level visits, (b) Azerbaijan
    opens an embassy in Israel, (c) Israel's share of Azerbaijan's arms imports in 2015-2019
    above 2010-2014. Two or three -> supported; one -> partly supported; none -> contradicted."""
    pair = _events(ev, PAPER_PARTNER, PAPER_COUNTRY)
    later = pair[(pair["date"] > PAPER_DATE).fillna(False).astype(bool)]
    visits = later[(later["category"] == "diplomatic_visit").fillna(False).astype(bool)]
    embassy = _matching(later, r"embassy")
    embassy = _matching(embassy, r"Azerbaijan")
    embassy = embassy[
        _text(embassy).str.contains(r"in (?:Tel Aviv|Israel)", regex=True).fillna(False)
    ]
    before = _supplier_place(ev, PAPER_PARTNER, PAPER_COUNTRY, *BEFORE)
    after = _supplier_place(ev, PAPER_PARTNER, PAPER_COUNTRY, 2015, 2019)
    signs = int(len(visits) >= 2) + int(not embassy.empty) + int(after["share"] > before["share"])
    verdict = SUPPORTED if signs >= 2 else PARTLY if signs == 1 else CONTRADICTED
    embassy_text = (
        f"Azerbaijan's embassy in Israel: {_date(embassy.iloc[-1]['date'])}"
        if not embassy.empty
        else "no Azerbaijani embassy in Israel recorded"
    )
    finding = (
        f"After the paper: {len(visits)} high-level visits; {embassy_text}; Israel's share of "
        f"Azerbaijan's arms imports rose from {_pct(before['share'])} (2010-2014) to "
        f"{_pct(after['share'])} (2015-2019)."
        if after["share"] > before["share"]
        else f"After the paper: {len(visits)} high-level visits; {embassy_text}; Israel's share of "
        f"Azerbaijan's arms imports went from {_pct(before['share'])} (2010-2014) to "
        f"{_pct(after['share'])} (2015-2019)."
    )
    return ClaimResult(verdict, finding, ev.source("events", "arms_deliveries"), {"signs": signs})


# ---- After the paper -----------------------------------------------------------------------


def check_loitering_before_2016(ev: Evidence) -> ClaimResult:
    """Rule: Israeli loitering munitions delivered to Azerbaijan by 2016 (SIPRI) -> supported;
    none -> contradicted."""
    deliveries = ev.table("arms_deliveries")
    rows = deliveries[
        (deliveries["supplier_iso3"] == PAPER_PARTNER).fillna(False)
        & (deliveries["recipient_iso3"] == PAPER_COUNTRY).fillna(False)
        & deliveries["description"]
        .astype("string")
        .str.contains("loitering", case=False)
        .fillna(False)
        & (deliveries["year"] <= 2016).fillna(False)
    ]
    if rows.empty:
        return ClaimResult(
            CONTRADICTED,
            "SIPRI records no Israeli loitering munitions delivered to Azerbaijan by 2016.",
            ev.source("arms_deliveries"),
        )
    units = float(rows["number_delivered"].fillna(0).sum())
    models = ", ".join(sorted(set(rows["designation"].dropna().astype(str))))
    years = sorted(set(rows["year"].dropna().astype(int)))
    finding = (
        f"SIPRI records {_num(units)} Israeli loitering munitions ({models}) delivered in "
        f"{', '.join(map(str, years))}, before or during the April 2016 fighting "
        f"({_num(rows['tiv'].fillna(0).sum(), 1)} TIV m)."
    )
    return ClaimResult(SUPPORTED, finding, ev.source("arms_deliveries"), {"units": units})


def check_israel_top_before_2020(ev: Evidence) -> ClaimResult:
    """Rule (SIPRI TIV, 2016-2020): Israel ranked 1 -> supported; ranked 2-3 -> partly
    supported; lower or absent -> contradicted."""
    place = _supplier_place(ev, PAPER_PARTNER, PAPER_COUNTRY, 2016, 2020)
    rank = place["rank"]
    verdict = SUPPORTED if rank == 1 else PARTLY if rank in (2, 3) else CONTRADICTED
    finding = (
        f"In 2016-2020 Israel supplied {_num(place['tiv'])} TIV m, {_pct(place['share'])} of "
        f"Azerbaijan's imports of major arms ({_rank_text(place)})."
    )
    return ClaimResult(verdict, finding, ev.source("arms_deliveries"), place)


def check_deliveries_2020(ev: Evidence) -> ClaimResult:
    """Rule: SIPRI deliveries from Israel dated 2020 -> supported; none in SIPRI but a recorded
    protest against Israeli deliveries during the war -> partly supported; neither ->
    contradicted."""
    year = arms.deliveries_by_year(
        PAPER_PARTNER, PAPER_COUNTRY, 2020, 2020, data=ev.table("arms_deliveries")
    )
    tiv = float(year["tiv"].sum())
    protest = _matching(_events(ev, "ARM", PAPER_PARTNER), r"deliver|weapon")
    protest = protest[(protest["year"] == 2020).fillna(False).astype(bool)]
    protest_text = f"; {_event_phrase(protest.iloc[0])}" if not protest.empty else ""
    if tiv > 0:
        verdict = SUPPORTED
    elif not protest.empty:
        verdict = PARTLY
    else:
        verdict = CONTRADICTED
    finding = (
        f"SIPRI dates {_num(tiv, 1)} TIV m of Israeli deliveries to Azerbaijan to 2020 "
        f"({int(year['deals'].sum())} deals){protest_text}."
    )
    return ClaimResult(verdict, finding, ev.source("arms_deliveries", "events"), {"tiv_2020": tiv})


def check_israel_top_after_2020(ev: Evidence) -> ClaimResult:
    """Rule (SIPRI TIV, 2021-latest): Israel ranked 1 -> supported; a supplier but lower ->
    partly supported; no Israeli deliveries recorded -> contradicted (SIPRI's latest years
    are provisional and some transfers are undisclosed)."""
    latest = ev.latest()
    place = _supplier_place(ev, PAPER_PARTNER, PAPER_COUNTRY, 2021, latest)
    rank = place["rank"]
    verdict = SUPPORTED if rank == 1 else PARTLY if rank is not None else CONTRADICTED
    israel = (
        f"{_num(place['tiv'], 1)} TIV m of Israeli deliveries ({_rank_text(place)})"
        if rank is not None
        else "no Israeli deliveries"
    )
    finding = (
        f"In 2021-{latest} SIPRI records {israel}; {place['top']} supplied "
        f"{_pct(place['top_share'])} of {_num(place['total'])} TIV m. Recent SIPRI years are "
        "provisional and may miss undisclosed transfers."
    )
    return ClaimResult(verdict, finding, ev.source("arms_deliveries"), place)


def check_russia_supplier_decline(ev: Evidence) -> ClaimResult:
    """Rule: Russia's share of Azerbaijan's imports in the latest five years below half its
    2010-2014 share -> supported; lower but not halved -> partly supported; not lower ->
    contradicted."""
    latest = ev.latest()
    before = _supplier_place(ev, "RUS", PAPER_COUNTRY, *BEFORE)
    after = _supplier_place(ev, "RUS", PAPER_COUNTRY, latest - 4, latest)
    if after["share"] < before["share"] / 2:
        verdict = SUPPORTED
    elif after["share"] < before["share"]:
        verdict = PARTLY
    else:
        verdict = CONTRADICTED
    finding = (
        f"Russia's share of Azerbaijan's imports of major arms went from {_pct(before['share'])} "
        f"in 2010-2014 to {_pct(after['share'])} in {latest - 4}-{latest}."
    )
    return ClaimResult(
        verdict,
        finding,
        ev.source("arms_deliveries"),
        {"share_before": before["share"], "share_after": after["share"]},
    )


def check_iran_tensions_after_2014(ev: Evidence) -> ClaimResult:
    """Rule (events after the paper): three or more hostile Iran-Azerbaijan events ->
    supported; one or two -> partly supported; none -> contradicted. Cooperative events
    (joint drills, reopenings) are counted for context."""
    pair = _events(ev, "IRN", "AZE")
    later = pair[(pair["date"] > PAPER_DATE).fillna(False).astype(bool)]
    hostile = hostile_events(later)
    cooperative = later[_text(later).str.contains(COOPERATIVE).fillna(False).astype(bool)]
    n = len(hostile)
    verdict = SUPPORTED if n >= 3 else PARTLY if n >= 1 else CONTRADICTED
    years = sorted(set(hostile["year"].dropna().astype(int)))
    coop_years = sorted(set(cooperative["year"].dropna().astype(int)))
    finding = (
        f"The timeline records {n} hostile Iran-Azerbaijan events after the paper "
        f"(in {', '.join(map(str, years)) or 'no year'}) and {len(cooperative)} cooperative ones"
        + (f" ({', '.join(map(str, coop_years))})." if coop_years else ".")
    )
    return ClaimResult(
        verdict, finding, ev.source("events"), {"hostile": n, "cooperative": len(cooperative)}
    )


def check_karabakh_reversal(ev: Evidence) -> ClaimResult:
    """Rule: a war-level year (>= 1,000 battle deaths) after 2014 and the UCDP conflict episode
    ended afterwards -> supported; one of the two -> partly supported; neither -> contradicted."""
    deaths = _karabakh_deaths(ev)
    later = deaths[deaths["year"] > PAPER_YEAR]
    war_years = later[later["best"] >= 1000]
    conflicts = ev.table("conflicts")
    territory = conflicts["territory_name"].astype("string").fillna("")
    ended = conflicts[
        territory.str.contains("Karabakh|Artsakh", case=False, regex=True).fillna(False)
        & conflicts["ep_end"].astype("boolean").fillna(False)
        & (conflicts["year"] > PAPER_YEAR).fillna(False)
    ]
    end_year = int(ended["year"].max()) if not ended.empty else None
    signs = int(not war_years.empty) + int(end_year is not None)
    verdict = SUPPORTED if signs == 2 else PARTLY if signs == 1 else CONTRADICTED
    wars = ", ".join(f"{int(r.year)}: {int(r.best):,}" for r in war_years.itertuples()) or "none"
    finding = f"UCDP war-level years after {PAPER_YEAR} (battle deaths): {wars}; " + (
        f"UCDP ends the conflict episode in {end_year}."
        if end_year
        else "no end of the conflict episode is recorded."
    )
    return ClaimResult(
        verdict, finding, ev.source("battle_deaths", "conflicts"), {"episode_end": end_year}
    )


def check_oil_after_2014(ev: Evidence) -> ClaimResult:
    """Rule (IMF DOTS, 2015 onwards): Azerbaijan reported exports to Israel in every year ->
    supported; in some years -> partly supported; in none -> contradicted. Press-quoted customs
    figures for later years are cited for context."""
    flows = _mirror_flows(ev, PAPER_YEAR + 1, ev.latest())
    exports = flows[["year", "a_exports_to_b"]].dropna()
    if flows.empty:
        return _outside("DOTS has no Azerbaijan-Israel figures after 2014.", ev, "trade")
    positive = exports[exports["a_exports_to_b"] > 0]
    years = len(flows)
    verdict = SUPPORTED if len(positive) == years else PARTLY if len(positive) else CONTRADICTED
    press = energy.oil_press_figures(PAPER_COUNTRY, PAPER_PARTNER, data=ev.table("oil_press"))
    finding = (
        f"Azerbaijan reported exports to Israel in {len(positive)} of {years} years from "
        f"{int(flows['year'].min())} to {int(flows['year'].max())} (mean US$"
        f"{_num(positive['a_exports_to_b'].mean() if not positive.empty else 0)}m a year); "
        f"{len(press)} press-quoted customs figures cover shipments to Israel up to "
        f"{_press_last_year(press) or 'unknown'}."
    )
    return ClaimResult(
        verdict, finding, ev.source("trade", "oil_press"), {"years_with_exports": len(positive)}
    )


def _press_last_year(press: pd.DataFrame) -> int | None:
    years = [
        int(y) for text in press["period"].astype(str) for y in re.findall(r"(?:19|20)\d{2}", text)
    ]
    return max(years) if years else None


# ---- the ledger ----------------------------------------------------------------------------

CHECKS: dict[str, Callable[[Evidence], ClaimResult]] = {
    name: func
    for name, func in globals().items()
    if name.startswith("check_") and callable(func) and name != "check_all"
}


def claims_path() -> Path:
    return paths.data_dir() / "claims.yaml"


def load_claims(path: Path | None = None) -> dict[str, Any]:
    """data/claims.yaml as a dict: {'paper': {...}, 'claims': [...]} (the one file read here)."""
    import yaml

    target = path or claims_path()
    try:
        loaded = yaml.safe_load(target.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"The claim ledger {target} is missing.") from None
    except yaml.YAMLError as exc:
        raise DataError(
            f"The claim ledger {target} is not valid YAML ({type(exc).__name__})."
        ) from None
    if not isinstance(loaded, dict) or not isinstance(loaded.get("claims"), list):
        raise DataError(f"The claim ledger {target} has no 'claims' list.")
    return loaded


def applies_to(partner: str, country: str) -> bool:
    """True when the pair is the paper's (Israel as partner, Azerbaijan as country)."""
    return (
        countries.iso3_of(partner) == PAPER_PARTNER and countries.iso3_of(country) == PAPER_COUNTRY
    )


def run_check(claim: dict[str, Any], evidence: Evidence) -> ClaimResult:
    """Run the check named by one claims.yaml entry."""
    func = CHECKS.get(str(claim.get("check")))
    if func is None:
        raise DataError(f"Claim {claim.get('id')}: check {claim.get('check')!r} does not exist.")
    return func(evidence)


def check_all(
    params: Any | None = None,
    *,
    ledger: dict[str, Any] | None = None,
    evidence: Evidence | None = None,
) -> pd.DataFrame:
    """The claim ledger: one row per claim with columns id, section, kind, claim, finding,
    verdict, source. Empty (same columns) when `params` names a pair other than the paper's."""
    if params is not None and not applies_to(params.partner, params.country):
        return pd.DataFrame({column: pd.Series(dtype="string") for column in LEDGER_COLUMNS})
    ledger = ledger or load_claims()
    # The claims concern the paper, not the report's window: "latest" is the data's last year.
    evidence = evidence or Evidence()
    rows = []
    for claim in ledger["claims"]:
        result = run_check(claim, evidence)
        rows.append(
            {
                "id": claim["id"],
                "section": claim["section"],
                "kind": claim.get("kind", "paper"),
                "claim": " ".join(str(claim["claim"]).split()),
                "finding": YEAR_RANGE.sub("\\1–\\2", result.finding),
                "verdict": result.verdict,
                "source": result.source,
            }
        )
    return pd.DataFrame(rows, columns=LEDGER_COLUMNS).astype("string")


def verdict_counts(ledger: pd.DataFrame) -> dict[str, int]:
    """Number of claims per verdict, in the order of VERDICTS."""
    counts = ledger["verdict"].value_counts() if not ledger.empty else pd.Series(dtype=int)
    return {verdict: int(counts.get(verdict, 0)) for verdict in VERDICTS}


def rule_text(check: str) -> str:
    """The verdict rule of a check, from its docstring, in one paragraph (helpers it refers to
    with "see `_helper`" are spelled out)."""
    func = CHECKS[check]
    text = " ".join((func.__doc__ or "").split())
    found = re.match(r"Rule:\s*see `(_\w+)`\s*\(([^)]*)\)\.?\s*(.*)", text)
    if found and callable(globals().get(found.group(1))):
        helper = " ".join((globals()[found.group(1)].__doc__ or "").split())
        helper = re.sub(r"^Rule:?\s*", "", helper)
        text = f"{found.group(2)}: {helper} {found.group(3)}".strip()
    text = re.sub(r"^Rule:?\s*", "", text)
    for old, new in (("->", "→"), (">=", "≥"), ("<=", "≤"), ("`", "")):
        text = text.replace(old, new)
    return text[0].upper() + text[1:] if text else text


def rules_table(ledger: dict[str, Any] | None = None) -> pd.DataFrame:
    """One row per claim: id, check (function name) and its verdict rule, for the appendix."""
    ledger = ledger or load_claims()
    rows = [
        {"id": c["id"], "check": c["check"], "rule": rule_text(c["check"])}
        for c in ledger["claims"]
    ]
    return pd.DataFrame(rows, columns=["id", "check", "rule"])


LEDGER_DISPLAY = {
    "id": "No.",
    "claim": "Claim (paraphrased)",
    "finding": "What the data say",
    "verdict": "Verdict",
    "source": "Source",
}


def ledger_display(rows: pd.DataFrame) -> pd.DataFrame:
    """Ledger rows as the briefing shows them: number, claim, finding, verdict, source."""
    return rows[list(LEDGER_DISPLAY)].rename(columns=LEDGER_DISPLAY)
