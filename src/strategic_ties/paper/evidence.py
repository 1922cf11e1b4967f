"""The claim ledger's building blocks: verdicts, `ClaimResult`, `Evidence` and shared helpers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from strategic_ties import countries, fmt, reuse
from strategic_ties.analysis import alignment, arms, bilateral_findings, threats, trade
from strategic_ties.analysis.rivals import acting_pair, event_text, is_hostile
from strategic_ties.errors import DataError
from strategic_ties.paper import PAPER_COUNTRY, PAPER_PARTNER

VERDICTS = (
    "supported",
    "partly supported",
    "contradicted",
    "not borne out by these data",
    "outside these data",
)
SUPPORTED, PARTLY, CONTRADICTED, NOT_BORNE_OUT, OUTSIDE = VERDICTS
VERDICT_MEANINGS = {
    SUPPORTED: "The data show what the paper says.",
    PARTLY: "The data support part of the claim and not the rest, or point both ways.",
    CONTRADICTED: "The data hold positive evidence against the claim.",
    NOT_BORNE_OUT: (
        "The data could have shown it and do not, without evidence against it: the curated "
        "timeline has no record of it, or SIPRI records no deliveries in its latest years, "
        "which are provisional (orders are often delivered late or disclosed later)."
    ),
    OUTSIDE: (
        "Nothing in these data can test it: small arms and ammunition (outside SIPRI's "
        "coverage), intentions, stated positions, lobbying."
    ),
}

BEFORE = (2010, 2014)  # the five-year period that ends with the paper (SIPRI-style)
LEDGER_COLUMNS = ["id", "section", "kind", "claim", "finding", "verdict", "source"]


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


T = TypeVar("T")
# The tables an Evidence holds (its frame fields).
TABLE_NAMES = (
    "arms_deliveries",
    "arms_transfers",
    "trade",
    "fuel_imports_share",
    "oil_press",
    "events",
    "mids",
    "battle_deaths",
    "conflicts",
    "terrorism",
    "unga_votes",
)


def _rows_equal(frame: pd.DataFrame, column: str, value: str) -> pd.DataFrame:
    return frame[(frame[column] == value).fillna(False).astype(bool)]


CodedVotes = tuple[np.ndarray, np.ndarray, np.ndarray, pd.Index]
_VOTE_CODES = {vote: code for code, vote in enumerate(alignment.VOTES)}  # yes 0, abstain 1, no 2


def coded_votes(votes: pd.DataFrame, start: int, end: int) -> CodedVotes:
    """The votes cast in start..end as integer arrays: (roll call, state code, vote code, the
    states' ISO3 by code). Votes other than yes, abstain and no (any case) and rows without a
    state are left out; the few distinct values are lower-cased and coded once."""
    rows = votes[votes["year"].between(start, end).fillna(False).astype(bool)]
    vote_codes, vote_values = pd.factorize(rows["vote"])
    lowered = pd.Series(vote_values, dtype="string").str.lower()
    code_of = np.array([_VOTE_CODES.get(v, -1) if isinstance(v, str) else -1 for v in lowered])
    vote = np.where(vote_codes >= 0, code_of[vote_codes] if len(code_of) else -1, -1)
    state_codes, states = pd.factorize(rows["iso3"])
    keep = (vote >= 0) & (state_codes >= 0)
    return rows["rcid"].to_numpy()[keep], state_codes[keep], vote[keep], pd.Index(states)


def agreement_with_all(votes: pd.DataFrame, iso3: str, start: int, end: int) -> pd.Series:
    """Pooled UNGA vote agreement of `iso3` with every other state over start..end (index ISO3,
    sorted), scored as in `alignment.score_votes` (1 same vote, 0.5 one abstains, 0 opposed).

    Each roll call counts once for `iso3` (its first vote) and once per vote of the other state.
    """
    return agreement_of(coded_votes(votes, start, end), iso3)


def agreement_of(coded: CodedVotes, iso3: str) -> pd.Series:
    """`agreement_with_all` of `coded_votes`: computed on the integer codes instead of joining
    and comparing strings; the scores are halves, so the means are exact."""
    rcid, state, vote, states = coded
    own_code = states.get_indexer([iso3])[0] if len(states) else -1
    mine = state == own_code
    own = pd.Series(vote[mine]).groupby(rcid[mine], sort=False).first()
    at = pd.Index(own.index).get_indexer(rcid[~mine]) if len(own) else np.full((~mine).sum(), -1)
    found = at >= 0
    if not found.any():
        return pd.Series(dtype="float64")
    theirs, their_state = vote[~mine][found], state[~mine][found]
    ours = own.to_numpy()[at[found]]
    abstain = _VOTE_CODES["abstain"]
    score = np.where(
        theirs == ours, 1.0, np.where((theirs == abstain) ^ (ours == abstain), 0.5, 0.0)
    )
    n = np.bincount(their_state, minlength=len(states))
    total = np.bincount(their_state, weights=score, minlength=len(states))
    present = np.flatnonzero(n)
    out = pd.Series(
        total[present] / n[present],
        index=pd.Index(np.asarray(states[present], dtype=object).astype(str), name="iso3"),
        name="score",
    )
    return out.sort_index()


def agreement_from_dyads(table: pd.DataFrame, iso3: str, start: int, end: int) -> pd.Series:
    """`agreement_with_all` from rows of the `unga_agreement` table (ingest.agreement): pooled
    agreement of `iso3` with every other state over start..end, sum(score) / sum(votes) per
    state (index ISO3 sorted, name 'score'). The scores are halves: the same values exactly."""
    rows = table[(table["iso3"] == iso3).fillna(False).astype(bool)]
    rows = rows[rows["year"].between(start, end).fillna(False).astype(bool)]
    sums = rows.groupby(rows["other_iso3"].astype(str), sort=True)[["votes", "score"]].sum()
    sums = sums[sums["votes"] > 0]
    return pd.Series(
        sums["score"].to_numpy(dtype="float64") / sums["votes"].to_numpy(dtype="float64"),
        index=pd.Index(np.asarray(sums.index, dtype=object).astype(str), name="iso3"),
        name="score",
    )


def agreement_by_year(table: pd.DataFrame, a: str, b: str, start: int, end: int) -> pd.DataFrame:
    """`alignment.vote_agreement(a, b, start, end)` (year, agreement, votes) from rows of the
    `unga_agreement` table: per year score / votes, the mean of halves, so the same values
    (the processed votes hold no repeated vote of a state on one roll call)."""
    rows = table[((table["iso3"] == a) & (table["other_iso3"] == b)).fillna(False).astype(bool)]
    rows = rows[rows["year"].between(start, end).fillna(False).astype(bool)]
    rows = rows[(rows["votes"] > 0).fillna(False).astype(bool)].sort_values("year")
    if rows.empty:
        return pd.DataFrame(
            {
                "year": pd.Series(dtype="int64"),
                "agreement": pd.Series(dtype="float64"),
                "votes": pd.Series(dtype="int64"),
            }
        )
    votes = rows["votes"].to_numpy(dtype="int64")
    out = pd.DataFrame(
        {
            "year": rows["year"].to_numpy(dtype="int64"),
            "agreement": rows["score"].to_numpy(dtype="float64") / votes,
            "votes": votes,
        }
    )
    out.attrs.update({"a": a, "b": b, "exclude_middle_east": False})
    return out


@dataclass
class Evidence:
    """The tables the checks read. A table left as None is loaded (once) on first use; `trade`
    left as None is passed on as None, so the trade functions load only the pair's rows.

    `latest_year` is the last year of the data the checks treat as "latest" (default: the last
    delivery year in SIPRI's table); `sources` overrides the catalogue's source notes (tests).
    `end_year` is the report's last year: events, battle deaths and "latest" stop there, as every
    count of the report does (None: the data's last year).

    Results that several checks ask for (a recipient's supplier shares, vote agreement with all
    states) are computed once per Evidence (`memo`): one ledger run, the same inputs.
    `unga_votes` left as None is not read: vote agreement comes from `unga_agreement`.
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
    end_year: int | None = None
    _memo: dict[tuple, Any] = field(default_factory=dict, init=False, repr=False, compare=False)
    _given: frozenset[str] = field(default=frozenset(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._given = frozenset(name for name in TABLE_NAMES if getattr(self, name) is not None)

    def given(self, name: str) -> bool:
        """True when the table was passed in (tests), False when it is the processed table."""
        return name in self._given

    def memo(self, key: tuple, compute: Callable[[], T]) -> T:
        """`compute()`, run once per key for this Evidence (a frame comes back as a copy)."""
        if key not in self._memo:
            self._memo[key] = compute()
        value = self._memo[key]
        return value.copy() if isinstance(value, pd.DataFrame) else value

    def votes_in(self, start: int, end: int) -> CodedVotes:
        """`coded_votes` of every state in start..end of the given `unga_votes` (once)."""
        if self.unga_votes is None:
            raise ValueError("votes_in needs a given unga_votes table; see agreement()")
        votes = self.unga_votes
        return self.memo(("votes_in", start, end), lambda: coded_votes(votes, start, end))

    def agreement(self, iso3: str, start: int, end: int) -> pd.Series:
        """`agreement_with_all(votes, iso3, start, end)`, computed once per Evidence: of the
        given `unga_votes`, else summed from the state's rows of the processed `unga_agreement`
        table (built from `unga_votes`; the same values, without reading a decade of votes)."""

        def compute() -> pd.Series:
            if self.unga_votes is not None:
                return agreement_of(self.votes_in(start, end), iso3)
            from strategic_ties import datasets

            rows = datasets.load("unga_agreement", {"iso3": [iso3]})
            return agreement_from_dyads(rows, iso3, start, end)

        return self.memo(("agreement", iso3, start, end), compute)

    def pair_agreement(self, a: str, b: str, start: int, end: int) -> pd.DataFrame:
        """`alignment.vote_agreement(a, b, start, end)` of the given `unga_votes`, else from
        a's rows of the processed `unga_agreement` table (read once per state)."""
        if self.unga_votes is not None:
            return alignment.vote_agreement(a, b, start, end, data=self.unga_votes)
        from strategic_ties import datasets

        rows = self.memo(
            ("unga_agreement", a), lambda: datasets.load("unga_agreement", {"iso3": [a]})
        )
        return agreement_by_year(rows, a, b, start, end)

    def deliveries_to(self, recipient: str) -> pd.DataFrame:
        """The rows of `arms_deliveries` whose recipient is `recipient` (ISO3), in table order."""
        return self.memo(
            ("deliveries_to", recipient),
            lambda: _rows_equal(self.table("arms_deliveries"), "recipient_iso3", recipient),
        )

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
        return self.latest_year if self.end_year is None else min(self.latest_year, self.end_year)

    def until_end(self, frame: pd.DataFrame, column: str = "year") -> pd.DataFrame:
        """The rows of `frame` dated up to `end_year` (all of them when it is None)."""
        if self.end_year is None:
            return frame
        return frame[(frame[column] <= self.end_year).fillna(False).astype(bool)]

    def last_day(self) -> pd.Timestamp | None:
        """31 December of `end_year`: the last date an event counts (None: no limit)."""
        return None if self.end_year is None else pd.Timestamp(self.end_year, 12, 31)

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


# ---- shared helpers --------------------------------------------------------------------------


def _events(ev: Evidence, *actors: str) -> pd.DataFrame:
    """Events whose actors include all of `actors` (ISO3), oldest first, up to `end_year`."""
    return ev.memo(("events", actors), lambda: _events_of(ev, actors))


def _events_of(ev: Evidence, actors: tuple[str, ...]) -> pd.DataFrame:
    frame = ev.until_end(ev.table("events"))
    if len(actors) >= 2:
        out = bilateral_findings.pair_events(actors[0], actors[1], data=frame)
    else:
        codes = frame["actors"].astype("string").fillna("").str.upper().str.split(";")
        out = frame[codes.map(lambda c: actors[0] in c).astype(bool)]
        out = out.sort_values(["date", "event_id"], ignore_index=True)
    for code in actors[2:]:
        codes = out["actors"].astype("string").fillna("").str.upper().str.split(";")
        out = out[codes.map(lambda c, code=code: code in c).astype(bool)]
    return out.reset_index(drop=True)


_text = event_text


def _matching(frame: pd.DataFrame, pattern: str) -> pd.DataFrame:
    return frame[_text(frame).str.contains(pattern, case=False, regex=True).fillna(False)]


def _between(frame: pd.DataFrame, start: str | pd.Timestamp, end: str | pd.Timestamp):
    dates = frame["date"]
    mask = (dates >= pd.Timestamp(start)) & (dates <= pd.Timestamp(end))
    return frame[mask.fillna(False).astype(bool)]


def hostile_events(frame: pd.DataFrame, between: tuple[str, str] | None = None) -> pd.DataFrame:
    """Hostile events: crises, plots, clashes; non-joint exercises; downgrades of relations
    (`analysis.rivals.is_hostile`, the definition the rivals' ranking counts too).

    With ``between=(a, b)`` (ISO3), an event counts only when it is one of the two against the
    other: the timeline lists the acting state first and its target second ('ARM;ISR;AZE',
    Armenia recalls its ambassador from Israel, is no Armenia-Azerbaijan hostility;
    'AZE;ARM;RUS', the Lachin blockade, is Azerbaijan against Armenia, not against Russia, whose
    peacekeepers stood by; 'IRN;AZE;ARM', Iran's drills on the Aras, is Iran against Azerbaijan)."""
    mask = is_hostile(frame)
    if between is not None:
        pair = set(between)
        mask &= frame["actors"].map(lambda actors: set(acting_pair(actors)) == pair).astype(bool)
    return frame[mask.fillna(False).astype(bool)]


def _event_phrase(row: pd.Series) -> str:
    return f"{row['title']} ({fmt.date(row['date'], row.get('date_precision'))})"


def _visit_check(ev: Evidence, who: str, year: int, month: int | None) -> ClaimResult:
    """Rule: a visit by that person dated in the stated month (or year) -> supported; dated
    otherwise -> partly supported; none in the timeline -> not borne out by these data."""
    source = ev.source("events")
    visits = _events(ev, PAPER_PARTNER, PAPER_COUNTRY)
    visits = visits[(visits["category"] == "diplomatic_visit").fillna(False).astype(bool)]
    visits = visits[visits["title"].astype("string").str.contains(who, case=False).fillna(False)]
    stated = fmt.date(f"{year}-{month:02d}") if month else fmt.year(year)
    if visits.empty:
        return ClaimResult(
            NOT_BORNE_OUT,
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
        f"The events timeline dates the visit to {fmt.date(date, row['date_precision'])}"
        f" ({fmt.count(days, 'day')}); the paper says {stated}."
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
    to = countries.iso3_of(recipient)
    if ev.given("arms_deliveries"):
        shares = ev.memo(
            ("supplier_shares", to, start, end),
            lambda: arms.supplier_shares(to, start, end, data=ev.deliveries_to(to)),
        )
    else:  # the processed table: shared with the rest of the run
        shares = reuse.supplier_shares(to, start, end)
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


def _not_borne_out(reason: str, ev: Evidence, *names: str) -> ClaimResult:
    """The data could show it and do not (a curated timeline's silence, provisional years)."""
    return ClaimResult(NOT_BORNE_OUT, reason, ev.source(*names))


def _side_hostility(ev: Evidence, dispnums: pd.Series, iso3: str) -> int | None:
    """`threats.side_hostility` on the evidence's MID table (CoW's per-participant level)."""
    return threats.side_hostility(dispnums, iso3, data=ev.table("mids"))


def _opposed_disputes(
    ev: Evidence, a: str, b: str, *, last_year: int, first_year: int | None = None
) -> pd.DataFrame:
    """`threats.mids_between` for disputes in first_year..last_year (from the start of the data
    when None), plus ``a_side_a`` (True when `a` was on the initiating side A)."""
    mids = ev.table("mids")
    disputes = threats.mids_between(a, b, first_year, last_year, data=mids)
    disputes = disputes[(disputes["start_year"] <= last_year).fillna(False).astype(bool)]
    initiators = mids[(mids["iso3"] == a).fillna(False) & mids["side_a"].fillna(False)]
    disputes = disputes.assign(a_side_a=disputes["dispnum"].isin(initiators["dispnum"]))
    return disputes.reset_index(drop=True)


def _mirror_flows(ev: Evidence, start: int, end: int) -> pd.DataFrame:
    """Azerbaijan-Israel trade per year: a_* = Azerbaijan's reports, b_* = Israel's."""
    if ev.trade is None:  # the processed table: the pair's series once per run
        return reuse.bilateral_trade(PAPER_COUNTRY, PAPER_PARTNER, start, end)
    return trade.bilateral_trade(PAPER_COUNTRY, PAPER_PARTNER, start, end, data=ev.trade)
