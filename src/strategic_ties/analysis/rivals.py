"""Rivals chosen from the data: the states that have fought or threatened the country studied.

The rule (`strategic_ties.wording.threats.rivals_sentence` says it in one sentence):

1. **Candidates** are the states on the opposite side of the country, between `start_year` and
   `end_year`, in
   - a militarised interstate dispute (Correlates of War MID; a dispute counts when the years
     both states took part overlap the window, as in `disputes.mids_between`);
   - a conflict-year of armed conflict in the UCDP/PRIO list (25+ battle deaths), where either
     state may be a primary or a secondary (supporting) party;
   - a hostile event of the curated timeline (`is_hostile`: war or clash, crisis or threat,
     plot or attack, a military exercise that is not joint, a downgrade of diplomatic
     relations) of one of the two against the other (the timeline names the acting state
     first, its target second). The same definition counts the briefing's hostile events since
     the source paper (`paper.evidence.hostile_events`).
   The partner, the country itself, anything in `exclude` and states that no longer exist
   (Soviet Union, Yugoslavia, Serbia and Montenegro, ...) are never candidates.
2. **Score** = disputes + conflict-years. Both are records of organised hostility between the two
   governments, so they count alike. The **recent score** counts the same in the last
   `RECENT_YEARS` (10) years the data cover (to `end_year`, or to the latest year of the three
   records when they stop earlier): the years key judgement 3 compares.
3. **Order**: highest recent score first, then highest score over the whole window (a state
   at war with the country today outranks one with many disputes twenty years ago: Israel,
   with UCDP conflict-years against Iran in 2018-2024, before Iraq, 16 disputes in 1992-2011);
   ties are broken by the number of hostile timeline events, then by the latest year of any of
   the three, then by name. The timeline does not record which side each state was on (an ally
   at war beside the country is an actor too), so it only orders states, and makes one a
   candidate only when the two datasets hold nothing at all for it.
4. **Chosen** (`choose_rivals`): the first, and after it only states with a record of weight
   (`is_substantial`): a score of at least `MIN_SCORE`, or a UCDP conflict-year against the
   country. Two displays of force thirty years ago do not make a neighbour a rival (Iran for
   Armenia: two disputes in 1993-1994), and timeline events alone never do (a plot against two
   states names both, and the timeline does not say who was on which side).

For Azerbaijan from 1992 this gives Armenia (8 disputes, 15 conflict-years), Iran (4 disputes)
and Russia (3 disputes): the source paper's three.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from strategic_ties import countries as _countries
from strategic_ties.datasets import given_or_loaded

# The recent score counts this many years, to the last year the data cover (see rule 2).
RECENT_YEARS = 10

# What counts as hostility of one state against another in the curated timeline (`is_hostile`):
# these categories; a military exercise unless its text says it is joint (or a thaw); a change
# of diplomatic relations whose text says an envoy was recalled, expelled or sent home, or ties
# cut or suspended.
HOSTILE_CATEGORIES = ("war_or_clash", "crisis_or_threat", "terrorism_or_plot")
DOWNGRADE = re.compile(
    r"recall|expel|expelled|withdr[ae]w|persona non grata|cut ties|sent .* home|envoy to leave|"
    r"envoy home|suspend",
    re.I,
)
COOPERATIVE = re.compile(r"\bjoint\b|thaw|reopen|resum|eased", re.I)


def event_text(frame: pd.DataFrame) -> pd.Series:
    """Each timeline event's title and description, as one string."""
    return (
        frame["title"].astype("string").fillna("")
        + " "
        + frame["description"].astype("string").fillna("")
    )


def is_hostile(frame: pd.DataFrame) -> pd.Series:
    """Which timeline events record hostility (the one definition: `HOSTILE_CATEGORIES`, a
    non-joint exercise, a downgrade of relations); who against whom is `acting_pair`'s."""
    category = frame["category"].astype("string").fillna("")
    text = event_text(frame)
    exercise = (category == "military_exercise") & ~text.str.contains(COOPERATIVE).fillna(False)
    downgrade = (category == "diplomatic_relations") & text.str.contains(DOWNGRADE).fillna(False)
    return (category.isin(HOSTILE_CATEGORIES) | exercise | downgrade).fillna(False).astype(bool)


# `choose_rivals`: a state behind the first rival is compared only with a record of weight:
# this many disputes and conflict-years together, or one conflict-year.
MIN_SCORE = 3

# States that no longer exist: their records stay in the data, but they are nobody's rival today.
DEFUNCT = frozenset({"SUN", "YUG", "CSK", "DDR", "YMD", "VDR", "SCG", "ANT"})

RANK_COLUMNS = {
    "rank": "Int64",
    "rival": "string",
    "rival_iso3": "string",
    "disputes": "Int64",
    "conflict_years": "Int64",
    "events": "Int64",
    "score": "Int64",
    "recent": "Int64",
    "last_year": "Int64",
}


def _codes(text) -> frozenset[str]:
    from strategic_ties.analysis.conflict import _codes as side_codes

    return side_codes(text)


def dispute_opponents(
    iso3: str, start_year: int | None, end_year: int | None, *, data: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per (dispute, opponent) of the CoW MIDs in which `iso3` and the opponent were on
    opposite sides and the years both took part overlap the window: dispnum, opponent, first,
    last (those years; their union when the two spans do not overlap)."""
    frame = given_or_loaded("mids", data)
    mine = frame[frame["iso3"] == iso3]
    columns = {"dispnum": "Int64", "opponent": "string", "first": "Int64", "last": "Int64"}
    if mine.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()})
    own = mine.groupby("dispnum").agg(
        side=("side_a", "max"), own_first=("start_year", "min"), own_last=("end_year", "max")
    )
    others = frame[frame["dispnum"].isin(own.index) & frame["iso3"].notna()]
    others = others[others["iso3"] != iso3]
    others = (
        others.groupby(["dispnum", "iso3"], as_index=False)
        .agg(side=("side_a", "max"), first=("start_year", "min"), last=("end_year", "max"))
        .join(own, on="dispnum", rsuffix="_own")
    )
    others = others[others["side"].astype(bool) != others["side_own"].astype(bool)]
    first = others[["first", "own_first"]].max(axis=1)
    last = others[["last", "own_last"]].min(axis=1)
    apart = first > last
    first = first.where(~apart, others[["first", "own_first"]].min(axis=1))
    last = last.where(~apart, others[["last", "own_last"]].max(axis=1))
    out = pd.DataFrame(
        {"dispnum": others["dispnum"], "opponent": others["iso3"], "first": first, "last": last}
    )
    keep = pd.Series(True, index=out.index)
    if start_year is not None:
        keep &= out["last"] >= start_year
    if end_year is not None:
        keep &= out["first"] <= end_year
    return out[keep].astype(columns).reset_index(drop=True)


def conflict_opponents(
    iso3: str, start_year: int | None, end_year: int | None, *, data: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per (conflict-year, opponent) of the UCDP/PRIO list in which `iso3` and the
    opponent's government were on opposite sides, each as a primary or a secondary party:
    conflict_id, year, opponent."""
    frame = given_or_loaded("conflicts", data)
    keep = pd.Series(True, index=frame.index)
    if start_year is not None:
        keep &= (frame["year"] >= start_year).fillna(False)
    if end_year is not None:
        keep &= (frame["year"] <= end_year).fillna(False)
    rows = []
    # the six columns read, as plain lists (not itertuples over every column): same values
    columns = ("conflict_id", "year", "side_a", "side_a_2nd", "side_b", "side_b_2nd")
    kept = frame[keep]
    for conflict_id, year, a1, a2, b1, b2 in zip(
        *(kept[c].astype(object).tolist() for c in columns), strict=True
    ):
        side_a = _codes(a1) | _codes(a2)
        side_b = _codes(b1) | _codes(b2)
        opposite = side_b if iso3 in side_a else side_a if iso3 in side_b else frozenset()
        rows.extend((int(conflict_id), int(year), code) for code in opposite)
    out = pd.DataFrame(rows, columns=["conflict_id", "year", "opponent"]).drop_duplicates()
    return out.astype({"conflict_id": "Int64", "year": "Int64", "opponent": "string"})


def acting_pair(actors: object) -> tuple[str, ...]:
    """The acting state and its target of a timeline event, the first two codes of its actors
    ('AZE;ARM;RUS', the Lachin blockade -> ('AZE', 'ARM')); () when none are given."""
    if actors is None or pd.isna(actors):
        return ()
    return tuple(code for code in (a.strip() for a in str(actors).split(";")) if code)[:2]


def hostile_events(
    iso3: str, start_year: int | None, end_year: int | None, *, data: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per hostile timeline event of `iso3` against another state or of another state
    against it: event_id, year, other. Hostile = `is_hostile`; the timeline lists the acting state first and its target second, so only those two are a pair
    (the Lachin blockade, 'AZE;ARM;RUS', is Azerbaijan against Armenia, not against Russia)."""
    frame = given_or_loaded("events", data)
    keep = is_hostile(frame)
    if start_year is not None:
        keep &= (frame["year"] >= start_year).fillna(False)
    if end_year is not None:
        keep &= (frame["year"] <= end_year).fillna(False)
    rows = []
    for row in frame[keep].itertuples(index=False):
        actors = acting_pair(row.actors)
        if iso3 in actors:
            rows.extend((row.event_id, int(row.year), a) for a in actors if a != iso3)
    out = pd.DataFrame(rows, columns=["event_id", "year", "other"]).drop_duplicates()
    return out.astype({"event_id": "string", "year": "Int64", "other": "string"})


def rank_rivals(
    country_iso3: str,
    start_year: int | None,
    end_year: int | None,
    exclude: Iterable[str] = (),
    *,
    mids: pd.DataFrame | None = None,
    conflicts: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every candidate rival of the country, ranked by the module's rule: rank, rival (name),
    rival_iso3, disputes (CoW MIDs on opposite sides), conflict_years (UCDP/PRIO conflict-years
    on opposite sides), events (hostile timeline events naming both), score (disputes +
    conflict-years), recent (the score in the last RECENT_YEARS years the data cover),
    last_year (latest year of any of them). `exclude` takes names or ISO3."""
    iso3 = _countries.iso3_of(country_iso3)
    found = opponents(iso3, start_year, end_year, mids=mids, conflicts=conflicts, events=events)
    last = data_last_year(mids=mids, conflicts=conflicts, events=events)
    return rank_opponents(iso3, found, exclude, recent_window(end_year, last))


def data_last_year(
    *,
    mids: pd.DataFrame | None = None,
    conflicts: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
) -> int | None:
    """The latest year any of the three records covers (None when all are empty)."""
    years = [
        given_or_loaded("mids", mids)["end_year"].max(),
        given_or_loaded("conflicts", conflicts)["year"].max(),
        given_or_loaded("events", events)["year"].max(),
    ]
    known = [int(y) for y in years if not _missing(y)]
    return max(known) if known else None


def recent_window(end_year: int | None, data_last: int | None) -> tuple[int, int] | None:
    """The RECENT_YEARS years the recent score counts: to end_year, or to the data's last year
    when the data stop before it."""
    ends = [int(y) for y in (end_year, data_last) if y is not None]
    if not ends:
        return None
    last = min(ends)
    return last - RECENT_YEARS + 1, last


Opponents = tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]


def opponents(
    iso3: str,
    start_year: int | None,
    end_year: int | None,
    *,
    mids: pd.DataFrame | None = None,
    conflicts: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
) -> Opponents:
    """The records `rank_rivals` counts: (`dispute_opponents`, `conflict_opponents`,
    `hostile_events`) of the country (ISO3) in the window."""
    return (
        dispute_opponents(iso3, start_year, end_year, data=mids),
        conflict_opponents(iso3, start_year, end_year, data=conflicts),
        hostile_events(iso3, start_year, end_year, data=events),
    )


def opponents_in(found: Opponents, start_year: int | None, end_year: int | None) -> Opponents:
    """`opponents` of a wider window cut to start_year..end_year: the same rows as computing
    them for that window (a dispute overlaps it, a conflict-year or event falls in it)."""
    disputes, fights, hostile = found
    keep_d = pd.Series(True, index=disputes.index)
    keep_f = pd.Series(True, index=fights.index)
    keep_h = pd.Series(True, index=hostile.index)
    if start_year is not None:
        keep_d &= (disputes["last"] >= start_year).fillna(False)
        keep_f &= (fights["year"] >= start_year).fillna(False)
        keep_h &= (hostile["year"] >= start_year).fillna(False)
    if end_year is not None:
        keep_d &= (disputes["first"] <= end_year).fillna(False)
        keep_f &= (fights["year"] <= end_year).fillna(False)
        keep_h &= (hostile["year"] <= end_year).fillna(False)
    return (
        disputes[keep_d.astype(bool)].reset_index(drop=True),
        fights[keep_f.astype(bool)].reset_index(drop=True),
        hostile[keep_h.astype(bool)].reset_index(drop=True),
    )


def rank_opponents(
    iso3: str,
    found: Opponents,
    exclude: Iterable[str] = (),
    recent: tuple[int, int] | None = None,
) -> pd.DataFrame:
    """`rank_rivals` from the country's `opponents` (the module's rule); `recent`: the years
    of the recent score (`recent_window`; None: no recent score, the whole window alone).

    The records are a few dozen rows: they are tallied per opponent in plain Python (distinct
    disputes, conflict-years, distinct hostile events, latest year of any)."""
    lately: dict[str, int] = {}
    if recent is not None:
        recent_disputes, recent_fights, _ = opponents_in(found, *recent)
        for opponent, group in recent_disputes.groupby("opponent")["dispnum"]:
            lately[str(opponent)] = group.nunique()
        for opponent, count in recent_fights["opponent"].value_counts().items():
            lately[str(opponent)] = lately.get(str(opponent), 0) + int(count)
    disputes, fights, hostile = found
    left_out = {iso3, *DEFUNCT, *(_countries.iso3_of(x) for x in exclude)}
    tallies: dict[str, list] = {}  # opponent -> [disputes, conflict-years, events, last year]

    def tally(opponents: list, keys: list, years: list, slot: int) -> None:
        for opponent, key, year in zip(opponents, keys, years, strict=True):
            if _missing(opponent):
                continue
            entry = tallies.setdefault(opponent, [set(), 0, set(), None])
            if slot == 1:
                entry[1] += 1  # every conflict-year row
            elif not _missing(key):
                entry[slot].add(key)  # distinct disputes or events
            if not _missing(year):
                entry[3] = year if entry[3] is None else max(entry[3], year)

    tally(disputes["opponent"].tolist(), disputes["dispnum"].tolist(), disputes["last"].tolist(), 0)
    tally(fights["opponent"].tolist(), fights["year"].tolist(), fights["year"].tolist(), 1)
    tally(hostile["other"].tolist(), hostile["event_id"].tolist(), hostile["year"].tolist(), 2)
    rows = [
        (code, _countries.name(code), len(d), n, len(e), last, lately.get(code, 0))
        for code, (d, n, e, last) in sorted(tallies.items())
        if code not in left_out and _countries.to_iso3(code) == code  # states we can name
    ]
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in RANK_COLUMNS.items()})
    # highest recent score first, then the score; ties by hostile events, then the latest
    # year, then the name
    rows.sort(key=lambda r: (-r[6], -(r[2] + r[3]), -r[4], -r[5], r[1]))
    return pd.DataFrame(
        {
            "rank": range(1, len(rows) + 1),
            "rival": [r[1] for r in rows],
            "rival_iso3": [r[0] for r in rows],
            "disputes": [r[2] for r in rows],
            "conflict_years": [r[3] for r in rows],
            "events": [r[4] for r in rows],
            "score": [r[2] + r[3] for r in rows],
            "recent": [r[6] for r in rows],
            "last_year": [r[5] for r in rows],
        }
    ).astype(RANK_COLUMNS)


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def choose_rivals(
    country: str,
    partner: str,
    start_year: int | None,
    end_year: int | None,
    limit: int = 3,
    **data: pd.DataFrame | None,
) -> list[str]:
    """The names of at most `limit` rivals of `country` ranked by `rank_rivals`, never the
    partner or the country, and after the first only those `is_substantial` says carry weight.
    Empty when the data record no hostility at all. `data` may pass the ``mids``,
    ``conflicts`` and ``events`` frames."""
    ranked = rank_rivals(country, start_year, end_year, exclude=[partner], **data)
    if ranked.empty:
        return []
    keep = is_substantial(ranked)
    keep.iloc[0] = True  # the first is always compared
    return ranked[keep]["rival"].head(limit).astype(str).tolist()


def is_substantial(ranked: pd.DataFrame) -> pd.Series:
    """Which ranked states (`rank_rivals` rows) carry a record of weight against the country
    (the module's rule 4): a score of at least MIN_SCORE, or a UCDP conflict-year."""
    return (ranked["score"] >= MIN_SCORE) | (ranked["conflict_years"] > 0)
