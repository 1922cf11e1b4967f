"""The threat picture, measured: pure functions over the processed tables.

Armed conflict (UCDP battle deaths and conflict-years), military spending (SIPRI), militarised
interstate disputes (Correlates of War MID, to 2014), UN General Assembly ideal-point distance
(Bailey, Strezhnev & Voeten), Russia's place in arms imports (SIPRI TIV), terrorism (GTD via
OWID, to 2017) and political violence (ACLED, from 2018), the curated timeline, and a threat
matrix that puts the latest value of each indicator side by side, one row per rival.

Every public function takes countries by name or ISO3 (any case) and optional data frames; a
frame left as ``None`` is read with ``strategic_ties.datasets.load``. Nothing here reads files
or plots.

Missing is never zero: a value that cannot be computed is NaN (in the numeric frames) or the
words "no data" (in the display frame of `threat_matrix`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

import numpy as np
import pandas as pd

from strategic_ties import countries as _countries
from strategic_ties.datasets import given_or_loaded

NO_DATA = "no data"
RUSSIA = "RUS"

# CoW MID highest hostility level (codebook).
HOSTILITY = {
    1: "no militarised action",
    2: "threat to use force",
    3: "display of force",
    4: "use of force",
    5: "war",
}

# CoW MID fatality levels (codebook); -9 = unknown.
FATALITY = {
    0: "none",
    1: "1–25 deaths",
    2: "26–100 deaths",
    3: "101–250 deaths",
    4: "251–500 deaths",
    5: "501–999 deaths",
    6: "more than 999 deaths",
}

# Timeline categories marked on the battle-deaths chart.
WAR_CATEGORIES = ("war_or_clash", "ceasefire_or_peace")
# Timeline categories of the militancy section: arrests, plots, trials.
MILITANCY_CATEGORIES = ("terrorism_or_plot", "domestic_security")

BATTLE_COLUMNS = ["year", "conflict_id", "conflict", "best", "low", "high", "role"]
BALANCE_COLUMNS = [
    "country",
    "country_iso3",
    "year",
    "milex_constant_usd",
    "milex_share_gdp",
    "release",
]
MATRIX_COLUMNS = [
    "Rival",
    "Spending ratio (rival ÷ country)",
    "Militarised disputes (CoW MID)",
    "Last armed clash (UCDP)",
    "UN-vote distance (90% band)",
    "Russia's share of its arms imports",
]


# --------------------------------------------------------------------------------------------
# small helpers


def _iso3s(names: str | Iterable[str]) -> list[str]:
    if isinstance(names, str):
        names = [names]
    out: list[str] = []
    for item in names:
        code = _countries.iso3_of(item)
        if code not in out:
            out.append(code)
    return out


def _mask(values: pd.Series) -> pd.Series:
    """A boolean Series with missing values counted as False."""
    return values.fillna(False).astype(bool)


def _window(
    frame: pd.DataFrame, start_year: int | None, end_year: int | None, column: str = "year"
) -> pd.DataFrame:
    keep = pd.Series(True, index=frame.index)
    if start_year is not None:
        keep &= _mask(frame[column] >= start_year)
    if end_year is not None:
        keep &= _mask(frame[column] <= end_year)
    return frame[keep]


def _has_code(codes: pd.Series, iso3: str) -> pd.Series:
    """Rows whose ';'-separated ISO3 list contains `iso3`."""
    text = codes.astype("string").fillna("")
    return _mask(text.str.split(";").map(lambda parts: iso3 in [p.strip() for p in parts]))


def _year_span(first: int, last: int) -> str:
    """'1992–2014', or '2020' when both years are the same."""
    return str(first) if first == last else f"{first}–{last}"


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


def coverage(name: str, *, data: pd.DataFrame | None = None) -> tuple[int, int]:
    """First and last year of a processed table (its ``year`` column; MIDs: participant years)."""
    frame = given_or_loaded(name, data)
    if "year" in frame.columns:
        years = frame["year"].dropna()
        return int(years.min()), int(years.max())
    return int(frame["start_year"].min()), int(frame["end_year"].max())


def _empty(columns: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in columns.items()})


# --------------------------------------------------------------------------------------------
# 1. armed conflict (UCDP)


def conflict_label(side_a: Sequence[str], side_b: Sequence[str], territory: str | None) -> str:
    """A reader's name for a UCDP conflict: 'Azerbaijan vs Republic of Artsakh: Artsakh (...)'.

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
    label = f"{a} vs {b}" if b else a
    if isinstance(territory, str) and territory.strip():
        label += f": {territory.strip()}"
    return label


def _sides(row) -> tuple[frozenset[str], frozenset[str]]:
    """Codes of the governments on side A and side B of a UCDP conflict-year, with supporters."""
    side_a = _codes(row.side_a) | _codes(row.side_a_2nd)
    side_b = _codes(row.side_b) | _codes(row.side_b_2nd)
    return side_a, side_b


def _opposed(conflicts: pd.DataFrame, iso3: str, others: Iterable[str]) -> pd.DataFrame:
    """Conflict-years in which `iso3` and one of `others` are on opposite sides (any role)."""
    others = set(others)
    if conflicts.empty:
        return conflicts.iloc[0:0]
    # The four side columns as plain lists (not itertuples over every column): same values.
    a1, a2, b1, b2 = (
        conflicts[c].astype(object).tolist()
        for c in ("side_a", "side_a_2nd", "side_b", "side_b_2nd")
    )
    keep = []
    for values in zip(a1, a2, b1, b2, strict=True):
        side_a = _codes(values[0]) | _codes(values[1])
        side_b = _codes(values[2]) | _codes(values[3])
        keep.append(
            (iso3 in side_a and bool(others & side_b)) or (iso3 in side_b and bool(others & side_a))
        )
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
    """Battle-related deaths per conflict and year in the conflicts where `country` is a primary
    party (its ISO3 in UCDP's primary state parties).

    Columns year, conflict_id, conflict, best, low, high, role. Dyads of one conflict are summed
    (UCDP's conflict-level figures). ``role`` is 'primary'; when `against` names rivals, the
    conflict-years in which the country fought one of them only as a secondary (supporting)
    party are added with role 'secondary' (read from the UCDP/PRIO conflict table, `conflicts`).
    UCDP records a conflict-year only from 25 deaths, so a missing year means fewer than 25.
    """
    iso3 = _countries.iso3_of(country)
    frame = _window(given_or_loaded("battle_deaths", data), start_year, end_year)
    primary = _has_code(frame["primary_iso3"], iso3)
    parts = [frame[primary].assign(role="primary")]
    if against:
        acd = _opposed(given_or_loaded("conflicts", conflicts), iso3, _iso3s(against))
        keys = set(
            zip(acd["conflict_id"].astype("Int64"), acd["year"].astype("Int64"), strict=True)
        )
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


# --------------------------------------------------------------------------------------------
# 2. military balance (SIPRI)


def _primary_release(frame: pd.DataFrame) -> str | None:
    """The release that carries constant-US$ values (SIPRI's full release); others are extras."""
    with_usd = frame[frame["constant_usd_m"].notna()]
    if with_usd.empty:
        return None
    counts = with_usd["release"].astype("string").value_counts()
    return str(counts.index[0])


def military_balance(
    countries: str | Sequence[str],
    start_year: int | None = None,
    end_year: int | None = None,
    *,
    data: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Military spending of each country per year: country, country_iso3, year,
    milex_constant_usd (US$ millions at constant 2022 prices), milex_share_gdp (per cent of GDP),
    release.

    Values come from SIPRI's full release (the one with constant-US$ figures, April 2024, data to
    2023). A country-year missing there is taken from another release in the table (SIPRI's
    2025 release via Our World in Data: share of GDP only, to 2024) and its ``release`` says so;
    releases are never mixed within a row. Countries without any data have no rows (see
    `military_balance_notes`).
    """
    codes = _iso3s(countries)
    frame = given_or_loaded("military_expenditure", data)
    primary = _primary_release(frame)
    rows = _window(frame[frame["iso3"].isin(codes)], start_year, end_year)
    rows = rows[rows["constant_usd_m"].notna() | rows["share_gdp_pct"].notna()].copy()
    rows["_rank"] = (rows["release"].astype("string") != primary).astype(int)
    rows = rows.sort_values(["iso3", "year", "_rank"], kind="stable").drop_duplicates(
        ["iso3", "year"], keep="first"
    )
    out = pd.DataFrame(
        {
            "country": [_countries.name(code) for code in rows["iso3"]],
            "country_iso3": rows["iso3"].astype("string").to_numpy(),
            "year": rows["year"].astype("Int64").to_numpy(),
            "milex_constant_usd": rows["constant_usd_m"].astype("float64").to_numpy(),
            "milex_share_gdp": rows["share_gdp_pct"].astype("float64").to_numpy(),
            "release": rows["release"].astype("string").to_numpy(),
        }
    )
    for column in ("country", "country_iso3", "release"):
        out[column] = out[column].astype("string")
    order = {code: i for i, code in enumerate(codes)}
    out = out.sort_values(
        ["country_iso3", "year"], key=lambda s: s.map(order) if s.name == "country_iso3" else s
    )
    return out[BALANCE_COLUMNS].reset_index(drop=True)


def military_balance_notes(
    balance: pd.DataFrame,
    countries: str | Sequence[str],
    start_year: int,
    end_year: int,
    *,
    data: pd.DataFrame | None = None,
) -> list[str]:
    """Plain sentences on what a `military_balance` frame lacks: where the main release ends and
    which later years come from another release (first), then countries with no data and series
    that start late, end before the release does, or have gaps. `data` is the
    ``military_expenditure`` table (where each release ends is read from it)."""
    notes: list[str] = []
    table = given_or_loaded("military_expenditure", data)
    primary = _primary_release(table)
    primary_last = (
        int(table.loc[table["release"] == primary, "year"].max()) if primary else end_year
    )
    if primary and primary_last < end_year:
        sentence = f"The {primary} figures end in {primary_last}"
        others = balance[(balance["release"] != primary) & balance["milex_share_gdp"].notna()]
        for release, group in others.groupby("release", sort=True):
            names = [_countries.name(c) for c in dict.fromkeys(group["country_iso3"])]
            years = year_ranges(int(y) for y in group["year"].unique())
            sentence += (
                f"; the share of GDP in {years} for {_listing(names)} comes from {release}, "
                f"whose figures differ slightly from the {primary} ones"
            )
        notes.append(sentence + ".")
    for code in _iso3s(countries):
        label = _countries.name(code)
        rows = balance[balance["country_iso3"] == code]
        if rows.empty:
            notes.append(
                f"{label}: no SIPRI military-expenditure data for {_year_span(start_year, end_year)}."
            )
            continue
        for column, what in (
            ("milex_constant_usd", "constant-US$"),
            ("milex_share_gdp", "share-of-GDP"),
        ):
            years = rows.loc[rows[column].notna(), "year"]
            if years.empty:
                notes.append(f"{label}: no {what} figures for {_year_span(start_year, end_year)}.")
                continue
            first, last = int(years.min()), int(years.max())
            gaps = sorted(set(range(first, last + 1)) - {int(y) for y in years})
            parts = []
            if first > start_year:
                parts.append(f"starts in {first}")
            if last < min(end_year, primary_last):
                parts.append(f"ends in {last}")
            if gaps:
                parts.append(f"has no figure for {year_ranges(gaps)}")
            if parts:
                notes.append(f"{label}: the {what} series " + ", ".join(parts) + ".")
    return notes


def _listing(names: Sequence[str]) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def year_ranges(years: Iterable[int]) -> str:
    """[2012, 2013, 2014, 2020] -> '2012–2014 and 2020' (empty string for no years)."""
    runs: list[tuple[int, int]] = []
    for year in sorted(years):
        if runs and year == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], year)
        else:
            runs.append((year, year))
    texts = [_year_span(a, b) for a, b in runs]
    if not texts:
        return ""
    return texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " and " + texts[-1]


def latest_balance(balance: pd.DataFrame, countries: Sequence[str] | None = None) -> pd.DataFrame:
    """The latest figures of a `military_balance` frame, one row per country (in its order, or
    in the order of `countries`, which also adds a row for a country without data): country,
    country_iso3, spending_year, milex_constant_usd, share_year, milex_share_gdp, share_release.
    Years are <NA> and values NaN when a series is empty."""
    rows = []
    codes = (
        _iso3s(countries) if countries is not None else list(dict.fromkeys(balance["country_iso3"]))
    )
    for code in codes:
        group = balance[balance["country_iso3"] == code]
        if group.empty:
            rows.append({"country": _countries.name(code), "country_iso3": code})
            continue
        usd = group[group["milex_constant_usd"].notna()]
        share = group[group["milex_share_gdp"].notna()]
        rows.append(
            {
                "country": group["country"].iloc[0],
                "country_iso3": code,
                "spending_year": int(usd["year"].max()) if len(usd) else None,
                "milex_constant_usd": float(usd["milex_constant_usd"].iloc[-1])
                if len(usd)
                else np.nan,
                "share_year": int(share["year"].max()) if len(share) else None,
                "milex_share_gdp": float(share["milex_share_gdp"].iloc[-1])
                if len(share)
                else np.nan,
                "share_release": share["release"].iloc[-1] if len(share) else None,
            }
        )
    columns = [
        "country",
        "country_iso3",
        "spending_year",
        "milex_constant_usd",
        "share_year",
        "milex_share_gdp",
        "share_release",
    ]
    out = pd.DataFrame(rows, columns=columns)
    return out.astype(
        {
            "spending_year": "Int64",
            "share_year": "Int64",
            "milex_constant_usd": "float64",
            "milex_share_gdp": "float64",
        }
    )


def spending_ratio(
    country: str, rival: str, end_year: int | None = None, *, data: pd.DataFrame | None = None
) -> tuple[float, int] | None:
    """(rival's / country's constant-US$ military spending, year) for the latest year up to
    `end_year` in which both have a figure from the same release; None when there is none."""
    balance = military_balance([country, rival], None, end_year, data=data)
    balance = balance[balance["milex_constant_usd"].notna()]
    wide = balance.pivot_table(
        index=["year", "release"], columns="country_iso3", values="milex_constant_usd"
    )
    a, b = _countries.iso3_of(country), _countries.iso3_of(rival)
    if a not in wide.columns or b not in wide.columns:
        return None
    both = wide[[a, b]].dropna()
    both = both[both[a] > 0]
    if both.empty:
        return None
    year, _release = both.index.max()
    value = both.loc[both.index.max()]
    return float(value[b] / value[a]), int(year)


def arms_imports_by_period(
    countries: str | Sequence[str],
    start_year: int,
    end_year: int,
    period_years: int,
    *,
    data: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Arms imports (SIPRI TIV millions, all suppliers) per period: country, country_iso3, period,
    start, end, partial, tiv. The window is cut to the years ``arms_deliveries`` covers (SIPRI's
    export starts in 1995); a period with no deliveries has tiv 0."""
    from strategic_ties.analysis import arms

    frame = given_or_loaded("arms_deliveries", data)
    first, last = arms.coverage(data=frame)
    start, end = max(start_year, first), min(end_year, last)
    rows = []
    if start <= end:
        spans = arms.periods(start, end, period_years)
        for code in _iso3s(countries):
            mine = frame[_mask(frame["recipient_iso3"] == code)]
            for span in spans.itertuples():
                tiv = _window(mine, span.start, span.end)["tiv"].sum()
                rows.append(
                    (
                        _countries.name(code),
                        code,
                        span.period,
                        span.start,
                        span.end,
                        span.partial,
                        float(tiv),
                    )
                )
    out = pd.DataFrame(
        rows, columns=["country", "country_iso3", "period", "start", "end", "partial", "tiv"]
    )
    return out.astype(
        {
            "country": "string",
            "country_iso3": "string",
            "period": "string",
            "start": "Int64",
            "end": "Int64",
            "partial": "boolean",
            "tiv": "float64",
        }
    )


# --------------------------------------------------------------------------------------------
# 3. disputes and UN votes


def mids_between(
    country: str,
    rival: str,
    start_year: int | None = None,
    end_year: int | None = None,
    *,
    data: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Militarised interstate disputes (CoW MID 5.0, to 2014) with the two states on opposite
    sides: dispnum, start_year, end_year (the years both states took part), hostlev (the higher
    of the two states' highest hostility), hostility (its label), fatality (the higher of the two
    states' fatality levels; NaN if unknown).

    A dispute counts when its years (the two participants' span) overlap the window.
    """
    a, b = _countries.iso3_of(country), _countries.iso3_of(rival)
    frame = given_or_loaded("mids", data)
    rows = frame[frame["iso3"].isin([a, b])]
    columns = {
        "dispnum": "Int64",
        "start_year": "Int64",
        "end_year": "Int64",
        "hostlev": "Int64",
        "hostility": "string",
        "fatality": "Int64",
    }
    if rows.empty:
        return _empty(columns)
    per_state = rows.groupby(["dispnum", "iso3"], as_index=False).agg(
        side_a=("side_a", "max"),
        start_year=("start_year", "min"),
        end_year=("end_year", "max"),
        hostlev=("hostlev", "max"),
        fatality=("fatality", "max"),
    )
    out = []
    for dispnum, group in per_state.groupby("dispnum"):
        if set(group["iso3"]) != {a, b} or group["side_a"].nunique() != 2:
            continue
        fatality = group["fatality"].where(group["fatality"] >= 0).max()
        hostlev = int(group["hostlev"].max())
        # the years both took part; the union if their spans do not overlap
        first, last = int(group["start_year"].max()), int(group["end_year"].min())
        if first > last:
            first, last = int(group["start_year"].min()), int(group["end_year"].max())
        out.append(
            {
                "dispnum": int(dispnum),
                "start_year": first,
                "end_year": last,
                "hostlev": hostlev,
                "hostility": HOSTILITY.get(hostlev, str(hostlev)),
                "fatality": fatality,
            }
        )
    if not out:
        return _empty(columns)
    result = pd.DataFrame(out)
    keep = pd.Series(True, index=result.index)
    if start_year is not None:
        keep &= result["end_year"] >= start_year
    if end_year is not None:
        keep &= result["start_year"] <= end_year
    result = result[keep].sort_values(["start_year", "dispnum"], kind="stable")
    return result.astype(columns).reset_index(drop=True)


def mids_summary(disputes: pd.DataFrame) -> dict:
    """Count, first and last year, and highest hostility of a `mids_between` frame.

    Keys disputes, first_year, last_year, hostlev, hostility (years and hostility None when 0)."""
    if disputes.empty:
        return {
            "disputes": 0,
            "first_year": None,
            "last_year": None,
            "hostlev": None,
            "hostility": None,
        }
    hostlev = int(disputes["hostlev"].max())
    return {
        "disputes": len(disputes),
        "first_year": int(disputes["start_year"].min()),
        "last_year": int(disputes["end_year"].max()),
        "hostlev": hostlev,
        "hostility": HOSTILITY.get(hostlev, str(hostlev)),
    }


def mids_coverage(*, data: pd.DataFrame | None = None) -> tuple[int, int]:
    """First and last year of the MID data (2014 for MID 5.0)."""
    return coverage("mids", data=data)


def ideal_point_distance(
    country: str,
    rival: str,
    start_year: int | None = None,
    end_year: int | None = None,
    *,
    data: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Absolute distance between the two states' UNGA ideal points (final-passage votes) per year:
    year, country_point, rival_point, distance, low, high, votes (the fewer of the two states'
    final-passage votes that year).

    Computed by `strategic_ties.analysis.alignment.ideal_point_distance`: ``low``-``high`` is an
    approximate 90% band (each posterior taken as normal with sd = (q95 - q5) / 3.29, the two
    independent; low = 0 when the interval of the difference spans zero). Years where either
    point is missing have no row.
    """
    from strategic_ties.analysis import alignment

    a, b = _countries.iso3_of(country), _countries.iso3_of(rival)
    frame = given_or_loaded("unga_ideal_points", data)
    found = alignment.ideal_point_distance(a, b, start_year, end_year, data=frame)
    votes = frame.groupby(["iso3", "year"])["votes"].max().astype("float64")
    years = found["year"].astype("int64")
    fewer = np.fmin(
        votes.reindex(pd.MultiIndex.from_arrays([[a] * len(years), years])).to_numpy(),
        votes.reindex(pd.MultiIndex.from_arrays([[b] * len(years), years])).to_numpy(),
    )
    out = pd.DataFrame(
        {
            "year": years.to_numpy(),
            "country_point": found["a_ideal_point"].to_numpy(dtype="float64"),
            "rival_point": found["b_ideal_point"].to_numpy(dtype="float64"),
            "distance": found["distance"].to_numpy(dtype="float64"),
            "low": found["low"].to_numpy(dtype="float64"),
            "high": found["high"].to_numpy(dtype="float64"),
            "votes": fewer,
        }
    )
    return out.astype({"year": "Int64", "votes": "Int64"})


# --------------------------------------------------------------------------------------------
# 4. Russia as arms supplier


def russia_arms_share(
    recipients: str | Sequence[str],
    start_year: int,
    end_year: int,
    period_years: int,
    *,
    data: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Russia's share of each recipient's arms imports per period (SIPRI TIV): country,
    country_iso3, period, start, end, partial, russia_tiv, total_tiv, share (0-1; NaN when the
    recipient imported nothing in the period).

    Uses `strategic_ties.analysis.arms.partner_share_by_period`. The window is cut to the years
    ``arms_deliveries`` covers (1995 onwards). Russia itself is skipped (no rows).
    """
    from strategic_ties.analysis import arms

    frame = given_or_loaded("arms_deliveries", data)
    first, last = arms.coverage(data=frame)
    start, end = max(start_year, first), min(end_year, last)
    parts = []
    if start <= end:
        spans = arms.periods(start, end, period_years).set_index("period")
        for code in _iso3s(recipients):
            if code == RUSSIA:
                continue
            shares = arms.partner_share_by_period(
                RUSSIA, code, start, end, period_years, data=frame
            )
            parts.append(
                pd.DataFrame(
                    {
                        "country": _countries.name(code),
                        "country_iso3": code,
                        "period": shares["period"].to_numpy(),
                        "start": shares["start"].to_numpy(),
                        "end": shares["end"].to_numpy(),
                        "partial": spans.loc[shares["period"], "partial"].to_numpy(),
                        "russia_tiv": shares["tiv"].to_numpy(dtype="float64"),
                        "total_tiv": shares["total"].to_numpy(dtype="float64"),
                        "share": shares["share"].to_numpy(dtype="float64"),
                    }
                )
            )
    columns = {
        "country": "string",
        "country_iso3": "string",
        "period": "string",
        "start": "Int64",
        "end": "Int64",
        "partial": "boolean",
        "russia_tiv": "float64",
        "total_tiv": "float64",
        "share": "float64",
    }
    if not parts:
        return _empty(columns)
    return pd.concat(parts, ignore_index=True).astype(columns)


# --------------------------------------------------------------------------------------------
# 5. militancy


def terrorism(
    country: str,
    start_year: int | None = None,
    end_year: int | None = None,
    *,
    data: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Terrorist incidents, deaths and injuries per year (GTD aggregates via OWID, to 2017):
    year, incidents, fatalities, injuries.

    GTD lists only years with an incident, so missing years inside the GTD coverage are filled
    with 0, except 1993, for which GTD has no data (NaN). A country GTD never mentions gets an
    empty frame, not zeros.
    """
    iso3 = _countries.iso3_of(country)
    frame = given_or_loaded("terrorism", data)
    columns = {
        "year": "Int64",
        "incidents": "float64",
        "fatalities": "float64",
        "injuries": "float64",
    }
    rows = frame[_mask(frame["iso3"] == iso3)]
    if rows.empty:
        return _empty(columns)
    covered_first, covered_last = int(frame["year"].min()), int(frame["year"].max())
    first = max(start_year if start_year is not None else covered_first, covered_first)
    last = min(end_year if end_year is not None else covered_last, covered_last)
    if first > last:
        return _empty(columns)
    years = pd.Index(range(first, last + 1), name="year")
    out = (
        rows.groupby("year")[["incidents", "fatalities", "injuries"]]
        .sum(min_count=1)
        .reindex(years)
        .fillna(0.0)
    )
    if 1993 in out.index:
        out.loc[1993] = np.nan
    return out.reset_index().astype(columns)


def political_violence(
    country: str,
    start_year: int | None = None,
    end_year: int | None = None,
    *,
    data: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """ACLED political-violence events and reported fatalities per year: year, events,
    fatalities, partial_year. ACLED's coverage of a country starts in its own year (2018 for the
    South Caucasus); only the years ACLED lists are returned."""
    iso3 = _countries.iso3_of(country)
    frame = _window(given_or_loaded("political_violence", data), start_year, end_year)
    rows = frame[_mask(frame["iso3"] == iso3)]
    columns = {"year": "Int64", "events": "Int64", "fatalities": "Int64", "partial_year": "boolean"}
    if rows.empty:
        return _empty(columns)
    out = rows.groupby("year", as_index=False).agg(
        events=("events", "sum"),
        fatalities=("fatalities", "sum"),
        partial_year=("partial_year", "max"),
    )
    return out.astype(columns)


# --------------------------------------------------------------------------------------------
# the curated timeline


def events(
    theme: str | Sequence[str] | None = None,
    start_year: int | None = None,
    end_year: int | None = None,
    *,
    actors: str | Sequence[str] | None = None,
    match: str = "any",
    categories: str | Sequence[str] | None = None,
    data: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Rows of the curated timeline (same columns as the ``events`` table), sorted by date.

    `theme` and `categories` take one value or several. `actors` takes countries (names or
    ISO3); with ``match='any'`` an event involving any of them is kept, with ``'all'`` only
    events involving all of them.
    """
    if match not in ("any", "all"):
        raise ValueError("match must be 'any' or 'all'")
    frame = _window(given_or_loaded("events", data), start_year, end_year)
    if theme is not None:
        frame = frame[frame["theme"].isin([theme] if isinstance(theme, str) else list(theme))]
    if categories is not None:
        wanted = [categories] if isinstance(categories, str) else list(categories)
        frame = frame[frame["category"].isin(wanted)]
    if actors is not None:
        codes = _iso3s(actors)
        masks = [_has_code(frame["actors"], code) for code in codes]
        if masks:
            combined = masks[0]
            for mask in masks[1:]:
                combined = (combined & mask) if match == "all" else (combined | mask)
            frame = frame[combined]
    return frame.sort_values(["date", "event_id"], kind="stable").reset_index(drop=True)


def related_events(
    country: str,
    other: str,
    theme: str,
    start_year: int | None = None,
    end_year: int | None = None,
    *,
    data: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Timeline events bearing on `other` (e.g. Iran) for `country`: every event involving both,
    plus the events of the `theme` strand (e.g. 'threat_iran') that the source paper names, which
    give the paper's context even where the country is not an actor. Sorted by date."""
    frame = events(None, start_year, end_year, actors=[other], data=data)
    both = _has_code(frame["actors"], _countries.iso3_of(country))
    cited = (frame["theme"] == theme) & _mask(frame["in_source_paper"])
    return frame[both | cited].reset_index(drop=True)


def decimal_year(date: pd.Timestamp) -> float:
    """2020-09-27 -> 2020.74 (the fraction of the year elapsed at the start of that day)."""
    start = pd.Timestamp(year=date.year, month=1, day=1)
    days = 366 if date.is_leap_year else 365
    return date.year + (date - start).days / days


def date_text(date: pd.Timestamp, precision: str) -> str:
    """'12 May 1994', 'May 2008' or '2008' according to the timeline's date precision."""
    if precision == "year":
        return str(date.year)
    if precision == "month":
        return date.strftime("%b %Y")
    return f"{date.day} {date.strftime('%b %Y')}"


def chart_markers(
    country: str,
    start_year: int | None = None,
    end_year: int | None = None,
    *,
    categories: Sequence[str] = WAR_CATEGORIES,
    data: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Timeline events to mark on a chart of the country's armed conflict: number (1, 2, ...),
    event_id, x (decimal year of the start date), date, label ('12 May 1994: <title>'), category.
    Wars, clashes, ceasefires and peace steps involving the country, oldest first."""
    rows = events(None, start_year, end_year, actors=country, categories=categories, data=data)
    out = pd.DataFrame(
        {
            "number": range(1, len(rows) + 1),
            "event_id": rows["event_id"].astype("string").to_numpy(),
            "x": [decimal_year(d) for d in rows["date"]],
            "date": rows["date"].to_numpy(),
            "label": [
                f"{date_text(d, p)}: {t}"
                for d, p, t in zip(rows["date"], rows["date_precision"], rows["title"], strict=True)
            ],
            "category": rows["category"].astype("string").to_numpy(),
        }
    )
    return out.astype({"number": "Int64", "x": "float64", "label": "string"})


# --------------------------------------------------------------------------------------------
# 6. the threat matrix


def threat_matrix_values(
    country: str,
    rivals: Sequence[str],
    start_year: int | None = None,
    end_year: int | None = None,
    period_years: int = 5,
    *,
    milex: pd.DataFrame | None = None,
    mids: pd.DataFrame | None = None,
    conflicts: pd.DataFrame | None = None,
    ideal_points: pd.DataFrame | None = None,
    deliveries: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The numbers behind `threat_matrix`, one row per rival (NaN/None where there is no data):

    rival, rival_iso3; spending_ratio, spending_year (rival ÷ country, constant US$);
    disputes, disputes_first, disputes_last, hostility (MIDs since `start_year`);
    clash_year, clash_conflict_id (last UCDP conflict-year on opposite sides);
    unga_distance, unga_low, unga_high, unga_year (latest year);
    russia_share, russia_period (share of the rival's arms imports from Russia in the latest
    period of `period_years` ending at `end_year` or the data's last year).
    """
    milex = given_or_loaded("military_expenditure", milex)
    mids = given_or_loaded("mids", mids)
    conflicts = given_or_loaded("conflicts", conflicts)
    ideal_points = given_or_loaded("unga_ideal_points", ideal_points)
    deliveries = given_or_loaded("arms_deliveries", deliveries)
    from strategic_ties.analysis import arms

    arms_last = arms.coverage(data=deliveries)[1]
    arms_end = arms_last if end_year is None else min(end_year, arms_last)
    rows = []
    for rival in _iso3s(rivals):
        row: dict = {"rival": _countries.name(rival), "rival_iso3": rival}
        ratio = spending_ratio(country, rival, end_year, data=milex)
        row["spending_ratio"], row["spending_year"] = ratio if ratio else (np.nan, None)

        summary = mids_summary(mids_between(country, rival, start_year, end_year, data=mids))
        row["disputes"] = summary["disputes"]
        row["disputes_first"] = summary["first_year"]
        row["disputes_last"] = summary["last_year"]
        row["hostility"] = summary["hostility"]

        clash = last_clash(country, rival, end_year, data=conflicts)
        row["clash_year"] = clash["year"] if clash else None
        row["clash_conflict_id"] = clash["conflict_id"] if clash else None

        distance = ideal_point_distance(country, rival, start_year, end_year, data=ideal_points)
        if distance.empty:
            row.update(unga_distance=np.nan, unga_low=np.nan, unga_high=np.nan, unga_year=None)
        else:
            last = distance.iloc[-1]
            row.update(
                unga_distance=float(last["distance"]),
                unga_low=float(last["low"]),
                unga_high=float(last["high"]),
                unga_year=int(last["year"]),
            )

        row["russia_share"], row["russia_period"] = np.nan, None
        if rival != RUSSIA:
            start = arms_end - period_years + 1
            shares = russia_arms_share(rival, start, arms_end, period_years, data=deliveries)
            if not shares.empty:
                latest = shares.iloc[-1]
                row["russia_period"] = str(latest["period"])
                row["russia_share"] = (
                    float(latest["share"]) if pd.notna(latest["share"]) else np.nan
                )
        rows.append(row)
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    for column in (
        "spending_year",
        "disputes_first",
        "disputes_last",
        "clash_year",
        "clash_conflict_id",
        "unga_year",
        "disputes",
    ):
        out[column] = out[column].astype("Int64")
    return out


def _matrix_cells(
    row: pd.Series, start_year: int | None, mids_end: int, ucdp_span: str
) -> list[str]:
    if pd.notna(row["spending_ratio"]):
        spending = f"{row['spending_ratio']:.2f}× ({row['spending_year']})"
    else:
        spending = NO_DATA
    since = f" since {start_year}" if start_year is not None else ""
    if row["disputes"] > 0:
        span = _year_span(int(row["disputes_first"]), int(row["disputes_last"]))
        disputes = f"{row['disputes']} ({span}; {row['hostility']})"
    else:
        disputes = f"none{since} (data to {mids_end})"
    if pd.notna(row["clash_year"]):
        clash = f"{row['clash_year']} (conflict {row['clash_conflict_id']})"
    else:
        clash = f"none ({ucdp_span})"
    if pd.notna(row["unga_distance"]):
        unga = f"{row['unga_distance']:.2f} ({row['unga_low']:.2f}–{row['unga_high']:.2f}; {row['unga_year']})"
    else:
        unga = NO_DATA
    if row["rival_iso3"] == RUSSIA:
        russia = "n/a (Russia itself)"
    elif pd.notna(row["russia_share"]):
        russia = f"{row['russia_share']:.0%} ({row['russia_period']})"
    elif row["russia_period"] is not None:
        russia = f"{NO_DATA}: no imports in {row['russia_period']}"
    else:
        russia = NO_DATA
    return [row["rival"], spending, disputes, clash, unga, russia]


def threat_matrix(
    country: str,
    rivals: Sequence[str],
    end_year: int | None = None,
    *,
    start_year: int | None = None,
    period_years: int = 5,
    milex: pd.DataFrame | None = None,
    mids: pd.DataFrame | None = None,
    conflicts: pd.DataFrame | None = None,
    ideal_points: pd.DataFrame | None = None,
    deliveries: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The threat matrix for display: one row per rival, one text cell per indicator, each with
    its year or period; "no data" where an indicator cannot be computed (never 0).

    Columns (`MATRIX_COLUMNS`): rival; spending ratio (rival ÷ country, constant US$, latest
    common year); militarised disputes (count since `start_year`, span and highest hostility;
    the MID data end in 2014); last armed clash (latest UCDP conflict-year with the two on
    opposite sides, and the UCDP conflict id); UN-vote distance (ideal points, latest year,
    approximate 90% band); Russia's share of the rival's arms imports (latest period). The
    numbers are in `threat_matrix_values`.
    """
    mids = given_or_loaded("mids", mids)
    conflicts = given_or_loaded("conflicts", conflicts)
    values = threat_matrix_values(
        country,
        rivals,
        start_year,
        end_year,
        period_years,
        milex=milex,
        mids=mids,
        conflicts=conflicts,
        ideal_points=ideal_points,
        deliveries=deliveries,
    )
    mids_end = mids_coverage(data=mids)[1]
    years = conflicts["year"].dropna()
    ucdp_span = _year_span(int(years.min()), int(years.max())) if len(years) else "UCDP"
    cells = [_matrix_cells(row, start_year, mids_end, ucdp_span) for _, row in values.iterrows()]
    return pd.DataFrame(cells, columns=MATRIX_COLUMNS).astype("string")


# --------------------------------------------------------------------------------------------
# 7. wording and display tables for the threat notebook (the story's sentences stay there)

PAPER_MARK = " †"


def listing(names: Iterable[str], conjunction: str = "and") -> str:
    """'A', 'A and B', 'A, B and C' (or 'A or B' with conjunction='or'); '' for no names."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {conjunction} " + names[-1]


def pct(share: float) -> str:
    """0.25 -> '25%'; a share above 0 but under 0.5% -> '<1%'."""
    return "<1%" if 0 < share < 0.005 else f"{share:.0%}"


def plural(n: int, word: str, words: str | None = None) -> str:
    """(1, 'dispute') -> '1 dispute'; (1200, 'person', 'people') -> '1,200 people'."""
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def involve(n: int) -> str:
    """'none involves', '1 involves', '3 involve'."""
    if n == 0:
        return "none involves"
    return f"{n} involves" if n == 1 else f"{n} involve"


def events_window(start_year: int, end_year: int, latest_year: int) -> tuple[int | None, str]:
    """The timeline's end year and its wording: timeline rows run to the timeline's end (None)
    when the report runs to the latest data year; an earlier end year cuts them too."""
    if end_year >= latest_year:
        return None, f"since {start_year}"
    return end_year, f"in {start_year}–{end_year}"


def event_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Timeline rows as a reader's table: Date, Event (marked † when the source paper names
    it), States (the ISO3 codes involved) and What happened."""
    paper = rows["in_source_paper"].astype("boolean").fillna(False)
    return pd.DataFrame(
        {
            "Date": [
                date_text(d, p) for d, p in zip(rows["date"], rows["date_precision"], strict=True)
            ],
            "Event": [
                t + (PAPER_MARK if p else "") for t, p in zip(rows["title"], paper, strict=True)
            ],
            "States": [", ".join(str(a).split(";")) for a in rows["actors"]],
            "What happened": rows["description"].to_numpy(),
        }
    )


def count_involving(rows: pd.DataFrame, country: str) -> int:
    """How many timeline rows name the country among their actors."""
    return int(_has_code(rows["actors"], _countries.iso3_of(country)).sum())


def conflict_table(summary: pd.DataFrame) -> pd.DataFrame:
    """A `conflict_summary` frame for display; the Role column is left out when every conflict
    has the same role."""
    shown = pd.DataFrame(
        {
            "Conflict (UCDP id)": [
                f"{c} ({i})"
                for c, i in zip(summary["conflict"], summary["conflict_id"], strict=True)
            ],
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


def battle_deaths_facts(deaths: pd.DataFrame) -> dict:
    """The computed values the battle-deaths narrative quotes (from a non-empty `battle_deaths`
    frame): when, best, low, high, n_conflicts, peak_year, peak, peak_conflict, wars,
    latest_year, latest."""
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
        "n_conflicts": plural(len(summary), "conflict"),
        "peak_year": int(peak["year"]),
        "peak": int(peak["best"]),
        "peak_conflict": in_peak["conflict"].iloc[0],
        "wars": (
            f"Deaths reached UCDP's war threshold of 1,000 in {year_ranges(wars)}."
            if wars
            else "No year reached UCDP's war threshold of 1,000 deaths."
        ),
        "latest_year": int(totals["year"].iloc[-1]),
        "latest": int(totals["best"].iloc[-1]),
    }


def clash_lines(
    country: str,
    rivals: Sequence[str],
    start_year: int,
    end_year: int,
    *,
    data: pd.DataFrame | None = None,
) -> list[str]:
    """One Markdown bullet per rival: the years UCDP/PRIO has the two on opposite sides (with
    war-level years), or that it records none in the window."""
    data = given_or_loaded("conflicts", data)
    last_year = coverage("conflicts", data=data)[1]
    lines = []
    for rival in rivals:
        clashes = armed_clashes(country, rival, start_year, end_year, data=data)
        if clashes.empty:
            lines.append(
                f"- **{rival}**: no armed conflict on opposite sides recorded in "
                f"{start_year}–{min(end_year, last_year)}."
            )
            continue
        years = sorted(set(clashes["year"].astype(int)))
        wars = sorted(set(clashes.loc[clashes["intensity_level"] == 2, "year"].astype(int)))
        war_text = f"; war-level fighting (1,000+ deaths) in {year_ranges(wars)}" if wars else ""
        lines.append(
            f"- **{rival}**: on opposite sides in {plural(len(years), 'year')} "
            f"({year_ranges(years)}), latest {years[-1]}{war_text}."
        )
    return lines


def spending_table(
    latest: pd.DataFrame, ratios: dict[str, tuple[float, int] | None], country: str
) -> pd.DataFrame:
    """A `latest_balance` frame for display, with each rival's `spending_ratio` to the country
    (year in brackets; "no data" where missing, "—" on the country's own row)."""

    def ratio(name: str) -> str:
        if name == country:
            return "—"
        found = ratios.get(name)
        return f"{found[0]:.2f}× ({found[1]})" if found else NO_DATA

    return pd.DataFrame(
        {
            "Country": latest["country"].to_numpy(),
            "Spending, US$ bn (2022 prices)": [
                f"{v / 1000:,.2f} ({y})" if pd.notna(v) else NO_DATA
                for v, y in zip(latest["milex_constant_usd"], latest["spending_year"], strict=True)
            ],
            "Share of GDP, %": [
                f"{v:.1f} ({y})" if pd.notna(v) else NO_DATA
                for v, y in zip(latest["milex_share_gdp"], latest["share_year"], strict=True)
            ],
            f"Ratio to {country}": [ratio(name) for name in latest["country"]],
        }
    )


def spending_sentences(
    latest: pd.DataFrame, ratios: dict[str, tuple[float, int] | None], country: str
) -> list[str]:
    """Sentences on the country's latest spending and each rival's ratio to it (Markdown)."""
    sentences = []
    own = latest[latest["country"] == country]
    if len(own) and pd.notna(own.iloc[0]["milex_constant_usd"]):
        own = own.iloc[0]
        share = (
            f"; its latest share of GDP is **{own['milex_share_gdp']:.1f}%** ({own['share_year']})."
            if pd.notna(own["milex_share_gdp"])
            else "."
        )
        sentences.append(
            f"In {own['spending_year']}, {country} spent "
            f"**US$ {own['milex_constant_usd'] / 1000:,.1f} bn** (2022 prices) on its armed "
            f"forces{share}"
        )
    for rival, found in ratios.items():
        if found is None:
            sentences.append(
                f"No common year of constant-US$ figures exists for {country} and {rival}."
            )
        elif found[0] >= 1:
            sentences.append(f"{rival} spent **{found[0]:.1f} times** as much in {found[1]}.")
        else:
            sentences.append(
                f"{rival} spent **{found[0]:.0%}** of {country}'s amount in {found[1]}."
            )
    return sentences


def release_facts(balance: pd.DataFrame, default_last: int) -> tuple[int, str]:
    """The last year with constant-US$ spending in a `military_balance` frame (`default_last`
    when it has none) and the SIPRI release those figures come from ('main release' if none)."""
    usd = balance[balance["milex_constant_usd"].notna()]
    if usd.empty:
        return (default_last if balance.empty else int(balance["year"].max())), "main release"
    return int(usd["year"].max()), str(usd["release"].iloc[0])


def imports_wide(imports: pd.DataFrame, order: Sequence[str]) -> pd.DataFrame:
    """An `arms_imports_by_period` frame as periods × countries (TIV), oldest period first,
    countries in `order` (those without rows left out)."""
    wide = imports.pivot_table(
        index=["start", "period"], columns="country", values="tiv", sort=False
    )
    wide = wide.sort_index(level="start").droplevel("start")
    wide.columns.name = None
    return wide[[c for c in order if c in set(imports["country"])]]


def imports_lead(wide: pd.DataFrame, country: str) -> str:
    """Who imported most in the latest period of `imports_wide`, and where the country stood."""
    last_period = wide.index[-1]
    ranked = wide.loc[last_period].sort_values(ascending=False)
    own = wide.loc[last_period, country] if country in wide.columns else 0.0
    if ranked.index[0] == country and len(ranked) > 1:
        return (
            f"{country} was the largest arms importer of the group (**{own:,.0f}** TIV "
            f"million), ahead of {ranked.index[1]} ({ranked.iloc[1]:,.0f})"
        )
    return (
        f"the largest arms importer of the group was **{ranked.index[0]}** "
        f"({ranked.iloc[0]:,.0f} TIV million); {country} imported {own:,.0f}"
    )


def mids_table(disputes: pd.DataFrame) -> pd.DataFrame:
    """A `mids_between` frame for display: MID number, years, highest hostility, fatality level."""
    return pd.DataFrame(
        {
            "MID number": disputes["dispnum"].to_numpy(),
            "Years": [
                _year_span(a, b)
                for a, b in zip(disputes["start_year"], disputes["end_year"], strict=True)
            ],
            "Highest hostility (either state)": disputes["hostility"].to_numpy(),
            "Fatality level (either state, whole dispute)": [
                FATALITY.get(int(f), "unknown") if pd.notna(f) else "unknown"
                for f in disputes["fatality"]
            ],
        }
    )


def mids_span(summary: dict) -> str:
    """'2001–2012' or 'in 2001' from a `mids_summary`."""
    first, last = summary["first_year"], summary["last_year"]
    return f"{first}–{last}" if first != last else f"in {first}"


def distance_frame(distances: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The `ideal_point_distance` frames of several rivals stacked, with a ``rival`` column."""
    frames = [d.assign(rival=rival) for rival, d in distances.items()]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["rival"])


def distance_parts(distances: dict[str, pd.DataFrame]) -> list[str]:
    """Per rival: the latest ideal-point distance with its 90% band and year, and the average."""
    parts = []
    for rival, d in distances.items():
        last = d.iloc[-1]
        parts.append(
            f"{rival} {last['distance']:.2f} (90% band {last['low']:.2f}–{last['high']:.2f}, "
            f"{int(last['year'])}; average since {int(d['year'].min())}: {d['distance'].mean():.2f})"
        )
    return parts


def russia_share_wide(shares: pd.DataFrame, recipients: Sequence[str]) -> pd.DataFrame:
    """A `russia_arms_share` frame as periods × recipients, in per cent, oldest period first."""
    order = shares.drop_duplicates("period").sort_values("start")["period"].tolist()
    wide = shares.pivot(index="period", columns="country", values="share").reindex(order)
    wide.columns.name = None
    return wide[[c for c in recipients if c in wide.columns]] * 100


def russia_share_table(shares: pd.DataFrame) -> pd.DataFrame:
    """Russia's share per period and recipient as text: '62% (1,234 of 2,000)' (TIV millions),
    or 'no imports'."""
    wide = russia_share_wide(shares, list(dict.fromkeys(shares["country"])))
    table = pd.DataFrame({"Period": wide.index})
    for name in wide.columns:
        rows = shares[shares["country"] == name].set_index("period")
        table[name] = [
            "no imports"
            if rows.loc[p, "total_tiv"] == 0
            else f"{pct(rows.loc[p, 'share'])} ({rows.loc[p, 'russia_tiv']:,.0f} of "
            f"{rows.loc[p, 'total_tiv']:,.0f})"
            for p in wide.index
        ]
    return table


def russia_share_parts(shares: pd.DataFrame) -> list[str]:
    """Per recipient: Russia's share in the latest period and its peak."""
    parts = []
    for name in dict.fromkeys(shares["country"]):
        rows = shares[(shares["country"] == name) & shares["share"].notna()].sort_values("start")
        if rows.empty:
            parts.append(f"{name} imported no major arms in these periods")
            continue
        top, last = rows.loc[rows["share"].idxmax()], rows.iloc[-1]
        if top["share"] == 0:
            parts.append(f"{name}: none in any period (Russia delivered it no major arms)")
            continue
        peak = (
            "its highest"
            if top["period"] == last["period"]
            else f"highest {pct(top['share'])} in {top['period']}"
        )
        parts.append(f"{name}: {pct(last['share'])} in {last['period']} ({peak})")
    return parts


def terrorism_facts(gtd: pd.DataFrame) -> dict:
    """The values the terrorism narrative quotes (from a non-empty `terrorism` frame): first,
    last, incidents, deaths, peak_year, peak, dead."""
    known = gtd.dropna(subset=["incidents"])
    peak = known.loc[known["incidents"].idxmax()]
    deadliest = known.loc[known["fatalities"].idxmax()]
    total_deaths = int(known["fatalities"].sum())
    return {
        "first": int(gtd["year"].min()),
        "last": int(gtd["year"].max()),
        "incidents": plural(int(known["incidents"].sum()), "terrorist incident"),
        "deaths": (
            f"which killed {plural(total_deaths, 'person', 'people')}"
            if total_deaths > 0
            else "none of them fatal"
        ),
        "peak_year": int(peak["year"]),
        "peak": peak["incidents"],
        "dead": (
            f", the most deaths in {int(deadliest['year'])} ({deadliest['fatalities']:,.0f})"
            if deadliest["fatalities"] > 0
            else ""
        ),
    }


def political_violence_facts(acled: pd.DataFrame) -> dict:
    """The values the ACLED narrative quotes (from a non-empty `political_violence` frame):
    first, events, deaths, peak_year, peak (the deadliest complete year), partial (text of the
    incomplete years, '' if none)."""
    is_partial = acled["partial_year"].astype("boolean").fillna(False)
    full = acled[~is_partial]
    peak = full.loc[full["fatalities"].astype(float).idxmax()] if len(full) else acled.iloc[0]
    return {
        "first": int(acled["year"].min()),
        "last": int(acled["year"].max()),
        "events": int(acled["events"].sum()),
        "deaths": int(acled["fatalities"].sum()),
        "peak_year": int(peak["year"]),
        "peak": int(peak["fatalities"]),
        "partial": year_ranges(acled.loc[is_partial, "year"].astype(int)),
    }


def matrix_sentences(values: pd.DataFrame, country: str) -> list[str]:
    """What the threat matrix shows, from `threat_matrix_values`: who outspends the country,
    where UCDP records armed conflict, and the closest and furthest rival in UN votes."""
    outspend = values[values["spending_ratio"] > 1]["rival"].tolist()
    fought = values[values["clash_year"].notna()]
    closest = values.dropna(subset=["unga_distance"]).sort_values("unga_distance")
    sentences = [
        f"{listing(outspend)} outspend{'s' if len(outspend) == 1 else ''} {country}."
        if outspend
        else f"None of the rivals with data outspends {country}."
    ]
    if len(fought):
        clashes = [
            f"{r} (latest {int(y)})"
            for r, y in zip(fought["rival"], fought["clash_year"], strict=True)
        ]
        sentences.append(f"UCDP records armed conflict with {listing(clashes)}.")
    else:
        sentences.append(f"UCDP records no armed conflict between {country} and these rivals.")
    if len(closest) > 1:
        near, far = closest.iloc[0], closest.iloc[-1]
        overlap = near["unga_high"] >= far["unga_low"]
        sentences.append(
            f"In UN votes {country} stands closest to {near['rival']} and furthest from "
            f"{far['rival']}"
            + (", though the two distances lie within each other's 90% bands." if overlap else ".")
        )
    return sentences


def side_hostility(
    dispnums: Iterable[int], country: str, *, data: pd.DataFrame | None = None
) -> int | None:
    """The highest hostility level `country` itself reached in the given CoW disputes.

    CoW records hostility per participant (``hostlev`` on each side's row): a dispute's highest
    level belongs to the side that reached it, not to both (e.g. dispute 4642, 2011: Azerbaijan 4,
    Iran 3). None when the country has no row in those disputes.
    """
    code = _countries.iso3_of(country)
    mids = given_or_loaded("mids", data)
    rows = mids[(mids["iso3"] == code).fillna(False) & mids["dispnum"].isin(list(dispnums))]
    levels = rows["hostlev"].dropna()
    return int(levels.max()) if not levels.empty else None
