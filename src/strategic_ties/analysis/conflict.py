"""Armed conflict from UCDP: battle-related deaths and the UCDP/PRIO list of armed conflicts.

A country takes part in a conflict-year as a primary party (its government on side A or B) or as
a secondary party (a state supporting one side with troops). Countries are given by name or ISO3;
a frame left as ``None`` is read with ``strategic_ties.datasets.load``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

import numpy as np
import pandas as pd

from strategic_ties import countries as _countries
from strategic_ties import fmt
from strategic_ties.analysis.frames import _empty, _has_code, _iso3s, _window, _year_span
from strategic_ties.datasets import given_or_loaded

BATTLE_COLUMNS = ["year", "conflict_id", "conflict", "best", "low", "high", "role"]


def _strip_government(name: str) -> str:
    return re.sub(r"^Government of ", "", str(name).strip())


@cache
def _actor_codes(text: str) -> frozenset[str]:
    """ISO3 codes of the governments in a UCDP side field ('Government of A, Government of B').

    Non-state actors ('Republic of Artsakh', 'IS') have no code and are left out; a historical
    name in parentheses ('Russia (Soviet Union)') maps to the state named first.
    """
    codes: set[str] = set()
    for part in re.split(r",\s*(?=Government of )", text or ""):
        part = part.strip()
        if not part.startswith("Government of "):
            continue
        plain = re.sub(r"\s*\(.*?\)", "", _strip_government(part)).strip()
        code = _countries.to_iso3(plain)
        if code:
            codes.add(code)
    return frozenset(codes)


def _codes(value) -> frozenset[str]:
    return _actor_codes("" if pd.isna(value) else str(value))


def conflict_label(side_a: Sequence[str], side_b: Sequence[str], territory: str | None) -> str:
    """A reader's name for a UCDP conflict: 'Nagorno-Karabakh conflict' for a territorial one,
    'Azerbaijan vs Military faction (...)' for one over government.

    Several opponents on side B (one dyad each) are listed up to two, then counted.
    """
    a = ", ".join(dict.fromkeys(_strip_government(s) for s in side_a if isinstance(s, str)))
    b_names = list(dict.fromkeys(_strip_government(s) for s in side_b if isinstance(s, str)))
    if len(b_names) > 2:
        b = f"{b_names[0]}, {b_names[1]} and {len(b_names) - 2} other" + (
            "s" if len(b_names) > 3 else ""
        )
    else:
        b = " and ".join(b_names)
    if isinstance(territory, str) and territory.strip() and territory.strip().lower() != "various":
        # ('Various': UCDP's word for several territories, e.g. Iran-Iraq 1974-1988)
        # a territorial conflict goes by its territory's common name, the one UCDP gives in
        # brackets when it has two ('Artsakh (Nagorno-Karabakh)' -> 'Nagorno-Karabakh conflict')
        found = re.search(r"\(([^()]+)\)\s*$", territory.strip())
        return f"{(found.group(1) if found else territory).strip()} conflict"
    return f"{a} vs {b}" if b else a


def _sides(row) -> tuple[frozenset[str], frozenset[str]]:
    """Codes of the governments on side A and side B of a UCDP conflict-year, with supporters."""
    side_a = _codes(row.side_a) | _codes(row.side_a_2nd)
    side_b = _codes(row.side_b) | _codes(row.side_b_2nd)
    return side_a, side_b


def _opposed(conflicts: pd.DataFrame, iso3: str, others: Iterable[str] | None) -> pd.DataFrame:
    """Conflict-years in which `iso3` and one of `others` (any state when None) are on opposite
    sides (any role)."""
    wanted = None if others is None else set(others)
    if conflicts.empty:
        return conflicts.iloc[0:0]
    # The four side columns as plain lists (not itertuples over every column): same values.
    a1, a2, b1, b2 = (
        conflicts[c].astype(object).tolist()
        for c in ("side_a", "side_a_2nd", "side_b", "side_b_2nd")
    )
    keep = []
    seen: dict[tuple, bool] = {}  # a conflict's sides repeat year after year: judge them once
    for values in zip(a1, a2, b1, b2, strict=True):
        opposed = seen.get(values)
        if opposed is None:
            side_a = _codes(values[0]) | _codes(values[1])
            side_b = _codes(values[2]) | _codes(values[3])
            other = side_b if iso3 in side_a else side_a if iso3 in side_b else frozenset()
            opposed = seen[values] = bool(other if wanted is None else other & wanted)
        keep.append(opposed)
    return conflicts[np.array(keep, dtype=bool)]


def battle_deaths(
    country: str,
    start_year: int | None = None,
    end_year: int | None = None,
    *,
    against: Sequence[str] | None = None,
    data: pd.DataFrame | None = None,
    conflicts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Battle-related deaths per conflict and year in the conflicts `country` fought in.

    Columns year, conflict_id, conflict, best, low, high, role. Dyads of one conflict are summed
    (UCDP's conflict-level figures). ``role`` is 'primary' where the country is a primary party
    (its ISO3 in UCDP's primary state parties) and 'secondary' for the conflict-years in which
    it fought only as a secondary (supporting) party against a state: a government on the other
    side, read from the UCDP/PRIO conflict table (`conflicts`). Support for a government against
    rebels only (coalition contingents) is not counted. `against` narrows the secondary rows to
    conflicts against those states. UCDP records a conflict-year only from 25 deaths, so a
    missing year means fewer than 25.
    """
    iso3 = _countries.iso3_of(country)
    frame = _window(given_or_loaded("battle_deaths", data), start_year, end_year)
    primary = _has_code(frame["primary_iso3"], iso3)
    parts = [frame[primary].assign(role="primary")]
    acd = _opposed(
        given_or_loaded("conflicts", conflicts), iso3, _iso3s(against) if against else None
    )
    keys = set(zip(acd["conflict_id"].astype("Int64"), acd["year"].astype("Int64"), strict=True))
    pairs = zip(frame["conflict_id"], frame["year"], strict=True)
    secondary = np.array([pair in keys for pair in pairs], dtype=bool) & ~primary.to_numpy()
    parts.append(frame[secondary].assign(role="secondary"))
    rows = pd.concat(parts, ignore_index=True)
    if rows.empty:
        return _empty(
            {
                "year": "Int64",
                "conflict_id": "Int64",
                "conflict": "string",
                "best": "Int64",
                "low": "Int64",
                "high": "Int64",
                "role": "string",
            }
        )
    labels = {
        cid: conflict_label(
            group["side_a"].tolist(), group["side_b"].tolist(), group["territory_name"].iloc[0]
        )
        for cid, group in rows.groupby("conflict_id", sort=False)
    }
    out = (
        rows.groupby(["year", "conflict_id"], as_index=False)
        .agg(best=("best", "sum"), low=("low", "sum"), high=("high", "sum"), role=("role", "first"))
        .sort_values(["year", "conflict_id"], kind="stable")
    )
    out["conflict"] = out["conflict_id"].map(labels).astype("string")
    for column in ("year", "conflict_id", "best", "low", "high"):
        out[column] = out[column].astype("Int64")
    out["role"] = out["role"].astype("string")
    return out[BATTLE_COLUMNS].reset_index(drop=True)


def uncounted_years(
    deaths: pd.DataFrame,
    start_year: int | None = None,
    end_year: int | None = None,
    *,
    data: pd.DataFrame | None = None,
    conflicts: pd.DataFrame | None = None,
    country: str | None = None,
) -> pd.DataFrame:
    """Years of the country's secondary-party conflicts (a `battle_deaths` frame's 'secondary'
    rows) that `battle_deaths` leaves out: conflict, year, best, listed. ``listed`` is False
    where UCDP records the conflict without the country among the parties (Armenia is not
    listed in the Nagorno-Karabakh conflict in 1994, a year of 1,507 deaths that Azerbaijan's
    count includes), True where UCDP lists it supporting a side that faced no state (Iran with
    Syria's government against insurgents alone, 2015-2019), which this count leaves out by
    rule. With `country` None, every year is taken as not listed."""
    columns = {"conflict": "string", "year": "Int64", "best": "Int64", "listed": "boolean"}
    secondary = deaths[deaths["role"] == "secondary"]
    if secondary.empty:
        return _empty(columns)
    frame = _window(given_or_loaded("battle_deaths", data), start_year, end_year)
    rows = frame[frame["conflict_id"].isin(secondary["conflict_id"].unique())]
    totals = rows.groupby(["conflict_id", "year"], as_index=False)["best"].sum()
    counted = set(zip(deaths["conflict_id"], deaths["year"], strict=True))
    keep = [pair not in counted for pair in zip(totals["conflict_id"], totals["year"], strict=True)]
    missing = totals[keep]
    labels = dict(zip(secondary["conflict_id"], secondary["conflict"], strict=True))
    listed = [False] * len(missing)
    if country is not None:
        iso3 = _countries.iso3_of(country)
        acd = given_or_loaded("conflicts", conflicts)
        acd = acd[acd["conflict_id"].isin(missing["conflict_id"].unique())]
        on_a_side = {
            (int(r.conflict_id), int(r.year))
            for r in acd.itertuples()
            if any(iso3 in side for side in _sides(r))
        }
        listed = [
            (int(c), int(y)) in on_a_side
            for c, y in zip(missing["conflict_id"], missing["year"], strict=True)
        ]
    out = pd.DataFrame(
        {
            "conflict": missing["conflict_id"].map(labels),
            "year": missing["year"],
            "best": missing["best"],
            "listed": listed,
        }
    )
    return out.astype(columns).reset_index(drop=True)


def battle_deaths_by_year(deaths: pd.DataFrame) -> pd.DataFrame:
    """Totals over conflicts of a `battle_deaths` frame: year, best, low, high, conflicts."""
    if deaths.empty:
        return _empty(
            {
                "year": "Int64",
                "best": "Int64",
                "low": "Int64",
                "high": "Int64",
                "conflicts": "Int64",
            }
        )
    out = deaths.groupby("year", as_index=False).agg(
        best=("best", "sum"),
        low=("low", "sum"),
        high=("high", "sum"),
        conflicts=("conflict_id", "nunique"),
    )
    return out.astype(
        {"year": "Int64", "best": "Int64", "low": "Int64", "high": "Int64", "conflicts": "Int64"}
    )


def conflict_summary(deaths: pd.DataFrame) -> pd.DataFrame:
    """One row per conflict of a `battle_deaths` frame: conflict_id, conflict, role, years
    (count of years with 25+ deaths), first, last, best, low, high (sums), peak_year, peak_best."""
    columns = [
        "conflict_id",
        "conflict",
        "role",
        "years",
        "first",
        "last",
        "best",
        "low",
        "high",
        "peak_year",
        "peak_best",
    ]
    if deaths.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    for cid, group in deaths.groupby("conflict_id", sort=False):
        peak = group.loc[group["best"].astype("float64").idxmax()]
        rows.append(
            {
                "conflict_id": int(cid),
                "conflict": group["conflict"].iloc[0],
                "role": group["role"].iloc[0],
                "years": int(group["year"].nunique()),
                "first": int(group["year"].min()),
                "last": int(group["year"].max()),
                "best": int(group["best"].sum()),
                "low": int(group["low"].sum()),
                "high": int(group["high"].sum()),
                "peak_year": int(peak["year"]),
                "peak_best": int(peak["best"]),
            }
        )
    return (
        pd.DataFrame(rows, columns=columns)
        .sort_values("best", ascending=False, kind="stable")
        .reset_index(drop=True)
    )


def armed_clashes(
    country: str,
    rival: str,
    start_year: int | None = None,
    end_year: int | None = None,
    *,
    data: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """UCDP/PRIO conflict-years in which the two states fought on opposite sides.

    Both primary parties and secondary (supporting) parties count, as UCDP codes them (e.g.
    Armenia backs the Republic of Artsakh against Azerbaijan in conflict 388). Columns year,
    conflict_id, conflict, intensity_level (1 minor, 2 war), country_role, rival_role, sorted
    by year.
    """
    iso3, other = _countries.iso3_of(country), _countries.iso3_of(rival)
    frame = _window(given_or_loaded("conflicts", data), start_year, end_year)
    rows = _opposed(frame, iso3, [other])
    columns = ["year", "conflict_id", "conflict", "intensity_level", "country_role", "rival_role"]
    if rows.empty:
        return _empty(
            {
                "year": "Int64",
                "conflict_id": "Int64",
                "conflict": "string",
                "intensity_level": "Int64",
                "country_role": "string",
                "rival_role": "string",
            }
        )

    def role(code: str, row) -> str:
        primary = _codes(row.side_a) | _codes(row.side_b)
        return "primary" if code in primary else "secondary"

    out = pd.DataFrame(
        {
            "year": rows["year"].astype("Int64").to_numpy(),
            "conflict_id": rows["conflict_id"].astype("Int64").to_numpy(),
            "conflict": [
                conflict_label([r.side_a], [r.side_b], r.territory_name)
                for r in rows.itertuples(index=False)
            ],
            "intensity_level": rows["intensity_level"].astype("Int64").to_numpy(),
            "country_role": [role(iso3, r) for r in rows.itertuples(index=False)],
            "rival_role": [role(other, r) for r in rows.itertuples(index=False)],
        }
    )
    out["conflict"] = out["conflict"].astype("string")
    return out[columns].sort_values(["year", "conflict_id"], kind="stable").reset_index(drop=True)


def last_clash(
    country: str, rival: str, end_year: int | None = None, *, data: pd.DataFrame | None = None
) -> dict | None:
    """The latest conflict-year of `armed_clashes` up to `end_year` as a dict (year, conflict_id,
    conflict, intensity_level, country_role, rival_role), or None when UCDP records none."""
    clashes = armed_clashes(country, rival, None, end_year, data=data)
    if clashes.empty:
        return None
    row = clashes.iloc[-1]
    return {k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()}


def conflict_table(summary: pd.DataFrame) -> pd.DataFrame:
    """A `conflict_summary` frame for display; the Role column is left out when every conflict
    has the same role."""
    shown = pd.DataFrame(
        {
            "Conflict (UCDP)": summary["conflict"].to_numpy(),
            "Role": summary["role"].to_numpy(),
            "Years with 25+ deaths": summary["years"].to_numpy(),
            "First–last": [
                _year_span(a, b) for a, b in zip(summary["first"], summary["last"], strict=True)
            ],
            "Deaths, best (low–high)": [
                f"{b:,} ({lo:,}–{hi:,})"
                for b, lo, hi in zip(summary["best"], summary["low"], summary["high"], strict=True)
            ],
            "Deadliest year": [
                f"{y} ({n:,})"
                for y, n in zip(summary["peak_year"], summary["peak_best"], strict=True)
            ],
        }
    )
    return shown.drop(columns=["Role"]) if summary["role"].nunique() == 1 else shown


def _peak_share(in_peak: pd.DataFrame) -> str:
    """How the deadliest year's deaths sit in its largest conflict: 'all of them' (one conflict),
    'most of them' (over half) or 'the largest number' ('most' of a single conflict was wrong)."""
    if in_peak["conflict_id"].nunique() == 1:
        return "all of them"
    top, total = float(in_peak["best"].iloc[0]), float(in_peak["best"].sum())
    return "most of them" if total and top / total > 0.5 else "the largest number"


def battle_deaths_facts(deaths: pd.DataFrame) -> dict:
    """The computed values the battle-deaths narrative quotes (from a non-empty `battle_deaths`
    frame): when, best, low, high, n_conflicts, peak_year, peak, peak_conflict, peak_share,
    wars, latest_year, latest."""
    totals = battle_deaths_by_year(deaths)
    summary = conflict_summary(deaths)
    peak = totals.loc[totals["best"].astype(float).idxmax()]
    in_peak = deaths[deaths["year"] == peak["year"]].sort_values("best", ascending=False)
    wars = totals[totals["best"] >= 1000]["year"].astype(int).tolist()
    first, last = int(totals["year"].min()), int(totals["year"].max())
    return {
        "when": f"Between {first} and {last}" if first != last else f"In {first}",
        "best": int(totals["best"].sum()),
        "low": int(totals["low"].sum()),
        "high": int(totals["high"].sum()),
        "n_conflicts": fmt.count(len(summary), "conflict"),
        "peak_year": int(peak["year"]),
        "peak": int(peak["best"]),
        "peak_conflict": in_peak["conflict"].iloc[0],
        "peak_share": _peak_share(in_peak),
        "wars": (
            f"Deaths reached UCDP's war threshold of 1,000 in {fmt.years(wars)}."
            if wars
            else "No year reached UCDP's war threshold of 1,000 deaths."
        ),
        "latest_year": int(totals["year"].iloc[-1]),
        "latest": int(totals["best"].iloc[-1]),
    }


def war_episodes(deaths: pd.DataFrame) -> pd.DataFrame:
    """Runs of consecutive war-level years (UCDP best estimate of 1,000+ deaths) per conflict of
    a `battle_deaths` frame: conflict, first, last, best, low, high (sums over the run), oldest
    first. These are the wars for which UCDP's verified counts sit furthest below the totals
    cited elsewhere (see `strategic_ties.wording.threats.undercount_sentence`)."""
    columns = {
        "conflict": "string",
        "first": "Int64",
        "last": "Int64",
        "best": "Int64",
        "low": "Int64",
        "high": "Int64",
    }
    wars = deaths[deaths["best"].astype("float64") >= 1000].sort_values(["conflict_id", "year"])
    rows = []
    for _cid, group in wars.groupby("conflict_id", sort=False):
        years = group["year"].astype(int).tolist()
        run = [0]
        for i in range(1, len(years) + 1):
            if i == len(years) or years[i] != years[i - 1] + 1:
                part = group.iloc[run[0] : i]
                rows.append(
                    {
                        "conflict": part["conflict"].iloc[0],
                        "first": years[run[0]],
                        "last": years[i - 1],
                        "best": int(part["best"].sum()),
                        "low": int(part["low"].sum()),
                        "high": int(part["high"].sum()),
                    }
                )
                run = [i]
    if not rows:
        return _empty(columns)
    out = pd.DataFrame(rows).sort_values(["first", "conflict"], kind="stable")
    return out.astype(columns).reset_index(drop=True)


# A side with more governments than this is a multinational mission (UCDP lists e.g. some fifty
# contributors on Mali's side), not an alignment of the two states.
MAX_SIDE_STATES = 6


def same_side(
    partner: str,
    country: str,
    start_year: int | None = None,
    end_year: int | None = None,
    *,
    conflicts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Conflict-years of UCDP/PRIO's list in which the two states are on the same side, as
    primary or secondary (supporting) parties: year, conflict_id, conflict (`conflict_label`),
    partner_role, country_role ('primary'/'supporting'). Sides of more than `MAX_SIDE_STATES`
    governments (multinational missions) are left out."""
    a, b = _countries.iso3_of(partner), _countries.iso3_of(country)
    frame = _window(given_or_loaded("conflicts", conflicts), start_year, end_year)
    rows = []
    for r in frame.itertuples():
        for primary, supporting in ((r.side_a, r.side_a_2nd), (r.side_b, r.side_b_2nd)):
            first, second = _codes(primary), _codes(supporting)
            side = first | second
            if {a, b} <= side and len(side) <= MAX_SIDE_STATES:
                rows.append(
                    {
                        "year": int(r.year),
                        "conflict_id": int(r.conflict_id),
                        "conflict": conflict_label([r.side_a], [r.side_b], r.territory_name),
                        "partner_role": "primary" if a in first else "supporting",
                        "country_role": "primary" if b in first else "supporting",
                    }
                )
    columns = {
        "year": "Int64",
        "conflict_id": "Int64",
        "conflict": "string",
        "partner_role": "string",
        "country_role": "string",
    }
    if not rows:
        return _empty(columns)
    return (
        pd.DataFrame(rows).astype(columns).sort_values(["conflict_id", "year"], ignore_index=True)
    )


def listed_without(
    clashes: pd.DataFrame,
    country: str,
    rival: str,
    start_year: int | None = None,
    end_year: int | None = None,
    *,
    data: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Years in which UCDP/PRIO lists a conflict of `clashes` (an `armed_clashes` frame) with the
    country on a side but not the rival on the other: conflict, year, intensity_level. Why a
    rival's war-level years can stop before the conflict's (Armenia is not a party to the
    Nagorno-Karabakh conflict in 1994, Azerbaijan is)."""
    columns = {"conflict": "string", "year": "Int64", "intensity_level": "Int64"}
    if clashes.empty:
        return _empty(columns)
    iso3 = _countries.iso3_of(country)
    frame = _window(given_or_loaded("conflicts", data), start_year, end_year)
    frame = frame[frame["conflict_id"].isin(set(clashes["conflict_id"].astype(int)))]
    fought = set(zip(clashes["conflict_id"].astype(int), clashes["year"].astype(int), strict=True))
    labels = dict(zip(clashes["conflict_id"].astype(int), clashes["conflict"], strict=True))
    rows = [
        {
            "conflict": labels[int(r.conflict_id)],
            "year": int(r.year),
            "intensity_level": int(r.intensity_level),
        }
        for r in frame.itertuples()
        if (int(r.conflict_id), int(r.year)) not in fought
        and any(iso3 in side for side in _sides(r))
    ]
    return pd.DataFrame(rows).astype(columns) if rows else _empty(columns)


def gap_years(deaths: pd.DataFrame, uncounted: pd.DataFrame) -> pd.DataFrame:
    """The rows of `uncounted` (`uncounted_years`) that UCDP lists without the country and that
    lie next to a year counted for it, in a year with no other deaths counted (Armenia's 1994
    beside 1993): the gaps a reader sees in the battle-deaths chart. Years far from the country's own (Afghanistan's war before Iran's
    one year in it) are left to the note."""
    if uncounted.empty:
        return uncounted
    counted = {(str(c), int(y)) for c, y in zip(deaths["conflict"], deaths["year"], strict=True)}
    drawn = {int(y) for y in deaths["year"]}  # a year with a bar needs no hatching
    near = [
        not bool(listed)
        and int(y) not in drawn
        and any((str(c), int(y) + step) in counted for step in (-1, 1))
        for c, y, listed in zip(
            uncounted["conflict"], uncounted["year"], uncounted["listed"].fillna(False), strict=True
        )
    ]
    return uncounted[near].reset_index(drop=True)
