"""The military balance from SIPRI: spending (constant US$ and share of GDP) and arms imports.

Countries are given by name or ISO3; a frame left as ``None`` is read with
``strategic_ties.datasets.load``. Missing is never zero: NaN, or "no data" in display frames.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from strategic_ties import countries as _countries
from strategic_ties import fmt
from strategic_ties.analysis.frames import NO_DATA, _iso3s, _mask, _year_span
from strategic_ties.datasets import given_or_loaded

BALANCE_COLUMNS = [
    "country",
    "country_iso3",
    "year",
    "milex_constant_usd",
    "milex_share_gdp",
    "release",
]


def _primary_release(frame: pd.DataFrame) -> str | None:
    """The release that carries constant-US$ values (SIPRI's full release); others are extras."""
    with_usd = frame["release"][frame["constant_usd_m"].notna().to_numpy(dtype=bool)]
    if with_usd.empty:
        return None
    counts = with_usd.astype("string").value_counts()
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
    picked = frame["iso3"].isin(codes).to_numpy(dtype=bool)
    if start_year is not None:
        picked &= _mask(frame["year"] >= start_year).to_numpy()
    if end_year is not None:
        picked &= _mask(frame["year"] <= end_year).to_numpy()
    at = np.flatnonzero(picked)  # the countries' rows in the window, in table order

    def column(name: str, dtype: str) -> pd.Series:
        return frame[name].iloc[at].astype(dtype)

    usd = column("constant_usd_m", "float64").to_numpy()
    share = column("share_gdp_pct", "float64").to_numpy()
    release = column("release", "string")
    other = (release != primary).astype(int).to_numpy()  # 0: the primary release
    iso3 = column("iso3", "string").to_numpy()
    years = column("year", "Int64").to_numpy()
    # One row per country and year, the primary release's first (else the first other row), in
    # the order of `codes`, then by year; rows with neither value are left out.
    order = {code: i for i, code in enumerate(codes)}
    kept: dict[tuple, int] = {}
    for i in np.flatnonzero(~np.isnan(usd) | ~np.isnan(share)):
        key = (order[iso3[i]], years[i])
        if key not in kept or other[i] < other[kept[key]]:
            kept[key] = i
    pick = [kept[key] for key in sorted(kept)]
    return pd.DataFrame(
        {
            "country": pd.Series([_countries.name(iso3[i]) for i in pick], dtype="string"),
            "country_iso3": pd.Series(iso3[pick], dtype="string"),
            "year": years[pick],
            "milex_constant_usd": usd[pick],
            "milex_share_gdp": share[pick],
            "release": pd.Series(release.to_numpy()[pick], dtype="string"),
        }
    )


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
            years = fmt.years(int(y) for y in group["year"].unique())
            sentence += (
                f"; the share of GDP in {years} for {fmt.listing(names)} comes from {release}, "
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
        said: dict[str, list[str]] = {}  # the same gaps in both series are said once
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
                parts.append(f"has no figure for {fmt.years(gaps)}")
            if parts:
                text = ", ".join(parts)
                said.setdefault(text, []).append(what)
        for text, whats in said.items():
            if len(whats) > 1:  # 'starts in 2000, has no figure' -> 'start in 2000, have no figure'
                for one, many in (("starts", "start"), ("ends", "end"), ("has", "have")):
                    text = text.replace(f"{one} in", f"{many} in").replace("has no", "have no")
            notes.append(f"{label}: the " + " and ".join(whats) + " series " + text + ".")
    return notes


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
    a, b = _countries.iso3_of(country), _countries.iso3_of(rival)
    # each (year, release): the two countries' figures (one row per country and year)
    found: dict[tuple, dict[str, float]] = {}
    for iso3, year, release, value in zip(
        balance["country_iso3"].tolist(),
        balance["year"].tolist(),
        balance["release"].tolist(),
        balance["milex_constant_usd"].tolist(),
        strict=True,
    ):
        if not np.isnan(value):
            found.setdefault((int(year), release), {})[iso3] = value
    both = [key for key, v in found.items() if a in v and b in v and v[a] > 0 and a != b]
    if not both:
        return None
    latest = max(both)  # the latest year (then the last release by name)
    return float(found[latest][b] / found[latest][a]), latest[0]


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
        years = frame["year"].to_numpy(dtype="float64", na_value=np.nan)  # NaN: outside
        values = frame["tiv"]
        for code in _iso3s(countries):
            mine = _mask(frame["recipient_iso3"] == code).to_numpy()
            for span in spans.itertuples():
                inside = mine & (years >= span.start) & (years <= span.end)
                # the window's TIV in row order, summed as pandas sums it (NaN skipped)
                tiv = values[inside].sum()
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
            f"{fmt.the(country)} was the largest arms importer of the group "
            f"({fmt.tiv(own)}), ahead of {fmt.the(ranked.index[1])} ({fmt.tiv(ranked.iloc[1])})"
        )
    return (
        f"the largest arms importer of the group was {fmt.the(ranked.index[0])} "
        f"({fmt.tiv(ranked.iloc[0])}); {fmt.the(country)} imported {fmt.tiv(own)}"
    )


def spending_table(
    latest: pd.DataFrame, ratios: dict[str, tuple[float, int] | None], country: str
) -> pd.DataFrame:
    """A `latest_balance` frame for display, with each rival's `spending_ratio` to the country
    (year in brackets; "no data" where missing, "—" on the country's own row)."""

    def ratio(name: str) -> str:
        if name == country:
            return "—"
        found = ratios.get(name)
        return f"{fmt.ratio(found[0])} ({found[1]})" if found else NO_DATA

    return pd.DataFrame(
        {
            "Country": latest["country"].to_numpy(),
            "Spending (2022 prices)": [  # written as the text writes it: US$442 m, US$3.23 bn
                f"{fmt.money_usd(v)} ({y})" if pd.notna(v) else NO_DATA
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
            f"**{fmt.money_usd(own['milex_constant_usd'])}** (2022 prices) on its armed "
            f"forces{share}"
        )
    for rival, found in ratios.items():
        if found is None:
            sentences.append(
                f"No common year of constant-US$ figures exists for {country} and {rival}."
            )
        else:
            sentences.append(
                f"{rival} spent **{fmt.ratio(found[0])}** as much as {country} in {found[1]}."
            )
    return sentences
