"""The oil relationship: an exporter's reported sales to an importer against the importer's fuel bill.

No public table in this project gives crude oil by exporter and destination for the default pair
(Israel does not publish the origin of its crude imports, and no UN Comtrade HS 2709 extract with
Azerbaijan->Israel was found). The proxy below divides the exporter's reported **total**
merchandise exports to the importer (IMF DOTS, FOB) by the importer's implied fuel imports
(its total merchandise imports from the World, DOTS, CIF, times the World Bank's fuel share of
merchandise imports, WDI TM.VAL.FUEL.ZS.UN). Limits: the denominator covers all mineral fuels
(crude, products, gas, coal, electricity); the numerator includes non-oil goods; FOB is divided
by CIF; crude resold by traders or recorded under another destination is missed.

The proxy means something only where the exporter's sales to the importer are almost all crude
oil, which the sources establish only for Azerbaijan -> Israel (see `OIL_PAIRS`).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from strategic_ties import countries, fmt
from strategic_ties.analysis.trade import _flow_kind, bilateral_trade
from strategic_ties.analysis.trade_press import period_year
from strategic_ties.datasets import given_or_loaded

# (exporter, importer) pairs whose bilateral trade is known (from the press and the provenance
# notes) to be almost all crude oil, so that the fuel-import proxy is meaningful.
OIL_PAIRS: frozenset[tuple[str, str]] = frozenset({("AZE", "ISR")})


def oil_proxy_available(exporter: str, importer: str) -> bool:
    """True when the fuel-import proxy is meaningful for the pair (see `OIL_PAIRS`)."""
    pair = (countries.iso3_of(exporter), countries.iso3_of(importer))
    return pair in OIL_PAIRS


def fuel_import_proxy(
    exporter: str,
    importer: str,
    start_year: int | None = None,
    end_year: int | None = None,
    *,
    trade: pd.DataFrame | None = None,
    fuel: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The exporter's reported exports to the importer against the importer's fuel imports.

    One row per year with all inputs present. Columns (US$ millions unless stated):
    ``exports_usd_m`` (exporter-reported exports to the importer, FOB),
    ``importer_total_imports_usd_m`` (importer-reported imports from the World, CIF),
    ``fuel_share_pct`` (WDI fuel share of the importer's merchandise imports, %),
    ``fuel_imports_usd_m`` (total x share / 100), ``share_of_fuel_imports_pct`` and
    ``share_of_total_imports_pct`` (exports / denominator x 100). See the module doc for limits.
    """
    exp = countries.iso3_of(exporter, "exporter")
    imp = countries.iso3_of(importer, "importer")
    trade_table = given_or_loaded("trade", trade, reporter_iso3=[exp, imp])
    if trade is None:  # the processed table: the pair's series computed once per run
        from strategic_ties import reuse

        pair = reuse.bilateral_trade(exp, imp, start_year, end_year)
    else:
        pair = bilateral_trade(exp, imp, start_year, end_year, data=trade_table)
    flows = pair[["year", "a_exports_to_b"]].rename(columns={"a_exports_to_b": "exports_usd_m"})
    own = trade_table[trade_table["reporter_iso3"] == imp]
    world = own[
        (own["partner"].astype("string").str.strip().str.lower() == "world")
        & (_flow_kind(own["flow"]) == "imports")
    ]
    totals = (
        world.assign(year=world["year"].astype("int64"))
        .groupby("year", as_index=False)["value_usd_m"]
        .sum()
        .rename(columns={"value_usd_m": "importer_total_imports_usd_m"})
    )
    fuel_table = given_or_loaded("fuel_imports_share", fuel)
    shares = fuel_table.loc[fuel_table["iso3"] == imp, ["year", "fuel_share_pct"]]
    shares = shares.assign(year=shares["year"].astype("int64"))
    out = flows.merge(totals, on="year").merge(shares, on="year").dropna()
    out["fuel_imports_usd_m"] = out["importer_total_imports_usd_m"] * out["fuel_share_pct"] / 100
    out["share_of_fuel_imports_pct"] = out["exports_usd_m"] / out["fuel_imports_usd_m"] * 100
    out["share_of_total_imports_pct"] = (
        out["exports_usd_m"] / out["importer_total_imports_usd_m"] * 100
    )
    out = out.sort_values("year", ignore_index=True)
    out.attrs.update({"exporter": exp, "importer": imp})
    return out


def oil_press_figures(
    exporter: str, destination: str, *, data: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Press-quoted figures on the exporter's oil sales to the destination (`oil_press` table).

    Matches exporter and destination by name (any spelling `countries.resolve` knows); oldest
    period first, undated rows last. These are quotations, several for part-years: lower
    confidence, not a series.
    """
    exp = countries.iso3_of(exporter, "exporter")
    dest = countries.iso3_of(destination, "destination")
    press = given_or_loaded("oil_press", data)
    exporters = press["exporter"].astype("string").map(lambda n: _maybe_iso3(n))
    destinations = press["destination"].astype("string").map(lambda n: _maybe_iso3(n))
    out = press[(exporters == exp) & (destinations == dest)].copy()
    out["_year"] = [period_year(p) or 9999 for p in out["period"]]
    return out.sort_values(["_year", "period"]).drop(columns="_year").reset_index(drop=True)


def _maybe_iso3(name: object) -> str | None:
    return countries.to_iso3(str(name)) if isinstance(name, str) else None


def oil_pair(country: str, partner: str) -> tuple[str, str] | None:
    """The (exporter, importer) ISO3 pair, country first, for which the oil proxy is meaningful."""
    c = countries.iso3_of(country, "country")
    p = countries.iso3_of(partner, "partner")
    return next((pair for pair in ((c, p), (p, c)) if oil_proxy_available(*pair)), None)


def proxy_summary(proxy: pd.DataFrame, recent_years: int = 10) -> dict[str, Any]:
    """Values for the proxy paragraph from a non-empty `fuel_import_proxy` frame.

    ``peak``/``peak_year`` (highest share of fuel imports), over the last `recent_years` rows:
    ``first``/``last`` (years), ``mean``, ``lo``, ``hi``, ``latest`` (shares in %), and ``tot``
    (the highest share of total imports, %).
    """
    peak = proxy.loc[proxy["share_of_fuel_imports_pct"].idxmax()]
    recent = proxy.sort_values("year").tail(recent_years)
    share = recent["share_of_fuel_imports_pct"]
    return {
        "peak": float(peak["share_of_fuel_imports_pct"]),
        "peak_year": int(peak["year"]),
        "first": int(recent["year"].min()),
        "last": int(recent["year"].max()),
        "mean": float(share.mean()),
        "lo": float(share.min()),
        "hi": float(share.max()),
        "latest": float(share.iloc[-1]),
        "tot": float(proxy["share_of_total_imports_pct"].max()),
    }


def volume_claim(oil: pd.DataFrame, exporter: str, importer: str) -> str:
    """A sentence on the first worded press claim (e.g. 'about 40%') of the importer's oil coming
    from the exporter, which is about volumes the proxy does not measure; '' without one."""
    worded = oil.dropna(subset=["value_text"])
    if worded.empty:
        return ""
    first = worded.iloc[0]
    return (
        f"Statements such as '{first['value_text']}' of {importer}'s oil coming from {exporter} "
        f"({first['publisher']}, {fmt.date(first['published'])}) are about volumes of crude, which this "
        "proxy does not measure."
    )
