"""One timeline of a pair's main events, from the curated events and from what the data hold.

`pair_timeline(partner, country, start_year, end_year)` returns one row per event, each labelled
with its source:

- **Curated timeline**: the project's sourced events involving both states;
- **UCDP**: the onset of each armed conflict with the two states on opposite sides, and the end
  of each conflict episode (UCDP's ``ep_end``: a ceasefire, a settlement or fighting falling
  under 25 deaths a year);
- **CoW MID**: the start of each militarised dispute with the two on opposite sides;
- **SIPRI**: each deal the country ordered from the partner (order year) and each deal's first
  delivery, grouped per year (several deals in one year make one row);
- **UN votes**: turning points in the pair's UN General Assembly vote agreement: the years
  after which the three-year mean rose or fell most, over years with at least
  `alignment.MIN_YEAR_VOTES` shared roll calls (a year of one vote makes no turning point).

Events after ``end_year`` are kept and marked ``after_window`` (the numbers of the report stop at
end_year; the timeline lists everything up to the data's last date).
"""

from __future__ import annotations

import pandas as pd

from strategic_ties import countries
from strategic_ties.analysis import alignment, bilateral_findings, threats
from strategic_ties.datasets import given_or_loaded

COLUMNS = {
    "date": "datetime64[ns]",
    "year": "int64",
    "source": "string",
    "kind": "string",
    "label": "string",
    "in_source_paper": "bool",
    "after_window": "bool",
    # how precisely the date is known: 'day' or 'month' (curated events), 'year' (data items)
    "date_precision": "string",
}
SOURCE_ORDER = ("Curated timeline", "UCDP", "CoW MID", "SIPRI", "UN votes")
TURNING_WINDOW = 3  # years in the moving mean of vote agreement
TURNING_MIN = 0.05  # a change of the moving mean smaller than this is no turning point


def _rows(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    for column, dtype in COLUMNS.items():
        if dtype == "bool":
            frame[column] = frame[column].astype("boolean").fillna(False).astype(bool)
        elif column == "date_precision":
            frame[column] = frame[column].astype(dtype).fillna("year")
        else:
            frame[column] = frame[column].astype(dtype)
    return frame


def _jan(year: int) -> pd.Timestamp:
    return pd.Timestamp(year=int(year), month=7, day=1)  # mid-year for year-only dates


def curated_items(
    partner: str, country: str, start_year: int, data=None, max_others: int | None = None
) -> pd.DataFrame:
    """The curated events involving both states from start_year on; with ``max_others``, only
    those with at most that many other actors (a many-party event is not a bilateral one)."""
    events = bilateral_findings.pair_events(partner, country, start_year, None, data=data)
    if max_others is not None:
        actors = events["actors"].astype("string").fillna("").str.split(";").map(len)
        events = events[(actors - 2 <= max_others).astype(bool)]
    return _rows(
        [
            {
                "date": row.date,
                "year": int(row.year),
                "source": "Curated timeline",
                "kind": row.category_label,
                "label": row.title,
                "in_source_paper": bool(row.in_source_paper),
                "date_precision": row.date_precision,
            }
            for row in events.itertuples()
        ]
    )


def ucdp_items(partner: str, country: str, start_year: int, data=None) -> pd.DataFrame:
    """Onsets and episode ends of UCDP conflicts with the two states on opposite sides."""
    a, b = countries.iso3_of(partner), countries.iso3_of(country)
    conflicts = given_or_loaded("conflicts", data)
    opposed = threats._opposed(conflicts, a, [b])
    rows = []
    for _conflict, years in opposed.groupby("conflict_id"):
        years = years.sort_values("year")
        name = threats.conflict_label(
            list(years["side_a"].dropna()),
            list(years["side_b"].dropna()),
            years["territory_name"].iloc[0],
        )
        onset = years["start_date"].dropna()
        first = years.iloc[0]
        date = onset.iloc[0] if not onset.empty else _jan(first["year"])
        rows.append(
            {
                "date": date,
                "year": int(date.year),
                "source": "UCDP",
                "kind": "Conflict onset",
                "label": name,
            }
        )
        ends = years[years["ep_end"].astype("boolean").fillna(False).astype(bool)]
        for end in ends.itertuples():
            when = end.ep_end_date if pd.notna(end.ep_end_date) else _jan(end.year)
            rows.append(
                {
                    "date": when,
                    "year": int(end.year),
                    "source": "UCDP",
                    "kind": "Episode ends",
                    "label": name,
                }
            )
    frame = _rows(rows)
    return frame[frame["year"] >= start_year].reset_index(drop=True)


def mid_items(partner: str, country: str, start_year: int, data=None) -> pd.DataFrame:
    """The start of each CoW militarised dispute with the two on opposite sides, naming the
    other states in it (dispute 3564 of 1993, Russia against Iran, is the Karabakh war's:
    'Dispute 3564 (also Armenia, Azerbaijan, Türkiye): use of force')."""
    disputes = threats.mids_between(partner, country, start_year, None, data=data)
    table = given_or_loaded("mids", data)
    pair = {countries.iso3_of(partner), countries.iso3_of(country)}

    def others(dispnum: int) -> str:
        codes = sorted(set(table.loc[table["dispnum"] == dispnum, "iso3"].dropna()) - pair)
        names = sorted(countries.name(c) for c in codes)
        if not names:
            return ""
        shown = names[:3] + ([f"{len(names) - 3} more"] if len(names) > 3 else [])
        return f" (also {', '.join(shown)})"

    return _rows(
        [
            {
                "date": _jan(row.start_year),
                "year": int(row.start_year),
                "source": "CoW MID",
                "kind": "Militarised dispute",
                "label": f"Dispute {int(row.dispnum)}{others(int(row.dispnum))}: {row.hostility}",
            }
            for row in disputes.itertuples()
            if pd.notna(row.start_year)
        ]
    )


def sipri_items(partner: str, country: str, start_year: int, data=None) -> pd.DataFrame:
    """Deals the country ordered from the partner and their first deliveries, one row per year
    and kind ('Arms order', 'First delivery'), naming up to three designations."""
    p, c = countries.iso3_of(partner), countries.iso3_of(country)
    register = given_or_loaded("arms_transfers", data, supplier_iso3=[p], recipient_iso3=[c])
    deals = register[
        (register["supplier_iso3"] == p).fillna(False)
        & (register["recipient_iso3"] == c).fillna(False)
    ]
    rows = []
    for kind, column in (("Arms order", "order_year"), ("First delivery", "first_delivery_year")):
        dated = deals.dropna(subset=[column])
        for year, group in dated.groupby(dated[column].astype(int)):
            names = list(dict.fromkeys(group["designation"].dropna().astype(str)))
            shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
            deal_word = "deal" if len(group) == 1 else "deals"
            rows.append(
                {
                    "date": _jan(year),
                    "year": int(year),
                    "source": "SIPRI",
                    "kind": kind,
                    "label": f"{len(group)} {deal_word}: {shown}",
                }
            )
    frame = _rows(rows)
    return frame[frame["year"] >= start_year].reset_index(drop=True)


def vote_turning_points(agreement: pd.DataFrame) -> pd.DataFrame:
    """The years after which the pair's vote agreement (three-year moving mean) rose most and
    fell most, when the change is at least `TURNING_MIN`. Input: `alignment.vote_agreement`."""
    if agreement.empty or len(agreement) < TURNING_WINDOW + 1:
        return _rows([])
    mean = agreement.set_index("year")["agreement"].sort_index().rolling(TURNING_WINDOW).mean()
    change = mean.diff().dropna()
    rows = []
    for kind, year in (("Votes converge", change.idxmax()), ("Votes diverge", change.idxmin())):
        step = float(change.loc[year])
        if abs(step) < TURNING_MIN or (kind == "Votes converge") != (step > 0):
            continue
        rows.append(
            {
                "date": _jan(year),
                "year": int(year),
                "source": "UN votes",
                "kind": kind,
                "label": f"3-year agreement {'up' if step > 0 else 'down'} {abs(step):.2f} "
                f"to {float(mean.loc[year]):.2f}",
            }
        )
    return _rows(rows)


def pair_timeline(
    partner: str,
    country: str,
    start_year: int,
    end_year: int,
    *,
    curated: bool = True,
    max_others: int | None = None,
    tables: dict[str, pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """All items of the pair from start_year to the data's last date, oldest first (columns:
    date, year, source, kind, label, in_source_paper, after_window). ``tables`` may hold the
    frames of 'events', 'conflicts', 'mids', 'arms_transfers', 'unga_votes' (tests);
    ``max_others`` limits the curated events to those with few other actors (`curated_items`)."""
    tables = tables or {}
    parts = [
        curated_items(partner, country, start_year, tables.get("events"), max_others)
        if curated
        else _rows([]),
        ucdp_items(partner, country, start_year, tables.get("conflicts")),
        mid_items(partner, country, start_year, tables.get("mids")),
        sipri_items(partner, country, start_year, tables.get("arms_transfers")),
        vote_turning_points(
            alignment.vote_agreement(
                partner,
                country,
                start_year,
                None,
                min_votes=alignment.MIN_YEAR_VOTES,  # 2020 holds one roll call: no turning point
                data=tables["unga_votes"],
            )
            if "unga_votes" in tables  # else the same values from the dyad-year table
            else alignment.dyad_agreement(
                partner, country, start_year, None, min_votes=alignment.MIN_YEAR_VOTES
            )
        ),
    ]
    out = pd.concat([p for p in parts if not p.empty] or [_rows([])], ignore_index=True)
    out["after_window"] = out["year"] > int(end_year)
    out["order"] = out["source"].map({s: i for i, s in enumerate(SOURCE_ORDER)})
    out = out.sort_values(["date", "order"], kind="stable").drop(columns="order")
    return out.reset_index(drop=True)


KEY_KINDS = (
    "Conflict onset",
    "Episode ends",
    "Militarised dispute",
    "War or clash",
    "Ceasefire or peace",
    "Agreement",
    "Diplomatic relations",
    "Votes converge",
    "Votes diverge",
    "Visit",
    "Crisis or threat",
    "Terrorism or plot",
)
"""Kinds of item worth a text label on the chart, most important first (SIPRI rows never)."""


def key_items(items: pd.DataFrame, limit: int = 10) -> pd.DataFrame:
    """Up to `limit` items to name on the chart: by `KEY_KINDS` rank, then the earliest of
    each kind first so that the labels spread over the period; returned oldest first."""
    rank = {kind: i for i, kind in enumerate(KEY_KINDS)}
    chosen = items[items["kind"].isin(rank)].copy()
    chosen["rank"] = chosen["kind"].map(rank)
    chosen["nth"] = chosen.groupby("kind").cumcount()
    chosen = chosen.sort_values(["nth", "rank", "date"]).head(limit)
    return chosen.drop(columns=["rank", "nth"]).sort_values("date")


def sipri_by_year(items: pd.DataFrame) -> pd.DataFrame:
    """SIPRI rows as deals per year and kind: year, kind, deals (for the chart's marker sizes)."""
    rows = items[items["source"] == "SIPRI"]
    deals = rows["label"].str.extract(r"^(\d+) deal")[0].astype(float)
    out = rows.assign(deals=deals).groupby(["year", "kind"], as_index=False)["deals"].sum()
    return out


def source_counts(items: pd.DataFrame) -> dict[str, int]:
    """Number of items per source, in `SOURCE_ORDER` (sources without items left out)."""
    counts = items["source"].value_counts()
    return {s: int(counts[s]) for s in SOURCE_ORDER if s in counts}
