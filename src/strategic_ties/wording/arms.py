"""Wording and display tables of the arms-trade section: names, report windows, the sentences
and the reader's tables the arms_trade notebook shows, built from `strategic_ties.analysis.arms`
(numbers there, words here)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

from strategic_ties import countries, fmt
from strategic_ties.analysis.arms import (
    DELIVERIES,
    TIV,
    _is,
    coverage,
    flag_summary,
    leaders,
    percent,
    periods,
    supplier_shares_by_period,
    undelivered,
)
from strategic_ties.datasets import given_or_loaded

PAPER_YEAR = 2014  # the source paper's year: the report says how much came after it
UAV = "UAVs and loitering munitions"

_ARTICLE = fmt.ARTICLE  # names that take 'the' in running text (kept in the house style)


def ordinal(n: int) -> str:
    """1 -> '1st', 2 -> '2nd', 11 -> '11th', 23 -> '23rd'; '' for a missing rank."""
    if n is None or pd.isna(n):
        return ""
    n = int(n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


possessive = fmt.possessive
with_article = fmt.the
capitalise = fmt.capitalise
plural = fmt.count  # '1 deal', '3 deals'


def category_label(category: str) -> str:
    """A weapon category as a table label: 'aircraft' -> 'Aircraft'."""
    return capitalise(category)


@dataclass(frozen=True)
class PairNames:
    """The partner's and the country's names as running text needs them."""

    partner_the: str
    country_the: str
    partner_s: str
    country_s: str
    Partner: str
    Partner_s: str
    Country: str
    Country_s: str

    def fields(self) -> dict[str, str]:
        """The names as template values: ``charts.say(template, **names.fields())``."""
        return asdict(self)


def pair_names(partner: str, country: str) -> PairNames:
    """Running-text names of a pair: 'the United States', "Israel's", 'The United States'..."""
    partner_the, country_the = with_article(partner), with_article(country)
    return PairNames(
        partner_the=partner_the,
        country_the=country_the,
        partner_s=possessive(partner_the),
        country_s=possessive(country_the),
        Partner=capitalise(partner_the),
        Partner_s=capitalise(possessive(partner_the)),
        Country=capitalise(country_the),
        Country_s=capitalise(possessive(country_the)),
    )


@dataclass(frozen=True)
class ReportWindow:
    """The years the annual and period figures cover: the asked window clipped to SIPRI's data.

    ``has_data`` is False when the asked window lies wholly outside the annual data; then
    ``start``/``end`` are the asked years (so the report says what was asked for).
    """

    start: int
    end: int
    first: int  # first year of SIPRI's annual data
    last: int  # latest year of SIPRI's annual data
    has_data: bool

    @property
    def label(self) -> str:
        return f"{self.start}–{self.end}"


def report_window(
    start_year: int, end_year: int, *, data: pd.DataFrame | None = None
) -> ReportWindow:
    """Clip start_year..end_year to the years ``arms_deliveries`` covers (see `ReportWindow`)."""
    first, last = coverage(data=data)
    start, end = max(start_year, first), min(end_year, last)
    if start <= end:
        return ReportWindow(start, end, first, last, True)
    return ReportWindow(start_year, end_year, first, last, False)


def coverage_caveat(window: ReportWindow, asked_start: int) -> str | None:
    """The caveat to show when the asked window reaches beyond SIPRI's annual data, else None."""
    if not window.has_data:
        return (
            f"SIPRI's year-by-year delivery data cover {window.first}–{window.last}; none of the "
            f"years {window.label} is among them, so no annual or period figures can be shown. "
            "The deal register (below) lists deals of every year."
        )
    if asked_start < window.first:
        return (
            f"SIPRI's year-by-year delivery data begin in {window.first}: the annual and period "
            f"figures below cover {window.label}, not the years {asked_start}–{window.first - 1}. "
            "The deal register (below) lists the deals ordered or delivered in those years too."
        )
    return None


def no_transfers_text(supplier: str, recipient: str, window: ReportWindow) -> str:
    """The sentence shown instead of a chart when a pair has no deliveries in the window."""
    return (
        f"No transfers recorded for {with_article(supplier)} to {with_article(recipient)} in "
        f"SIPRI's database between {window.start} and {window.end}."
    )


def no_imports_text(recipients: str, window: ReportWindow) -> str:
    """Instead of a chart of imports: `recipients` is running text ('the United States')."""
    return (
        f"No arms imports recorded for {recipients} in SIPRI's database between {window.start} "
        f"and {window.end}."
    )


def no_exports_text(supplier: str, window: ReportWindow) -> str:
    """Instead of a chart of exports: `supplier` is running text ('the United States')."""
    return (
        f"No arms exports recorded for {supplier} in SIPRI's database between {window.start} "
        f"and {window.end}."
    )


def delivery_facts(yearly: pd.DataFrame) -> dict[str, object]:
    """Numbers for the narrative under the deliveries chart (a `deliveries_by_year` frame):
    total, years (with deliveries), span (years covered), peak_year, peak, peak_deals ('3
    deals'), estimated and after_paper (shares of the total, 0 when nothing was delivered)."""
    total = float(yearly["tiv"].sum())
    peak = yearly.loc[yearly["tiv"].idxmax()]
    return {
        "total": total,
        "years": int((yearly["tiv"] > 0).sum()),
        "span": len(yearly),
        "peak_year": int(peak["year"]),
        "peak": float(peak["tiv"]),
        "peak_deals": plural(peak["deals"], "deal"),
        "estimated": float(yearly["tiv_estimated"].sum()) / total if total else 0.0,
        "after_paper": float(yearly.loc[yearly["year"] > PAPER_YEAR, "tiv"].sum()) / total
        if total
        else 0.0,
    }


_STANDING_LABELS = {
    "supplier": ("Largest suppliers (share)", "no imports recorded"),
    "recipient": ("Largest clients (share)", "no exports recorded"),
}


def standing_table(
    standing: pd.DataFrame, by_period: pd.DataFrame, side: str, *, total: str, part: str
) -> pd.DataFrame:
    """A party's place per period as a reader sees it, formatted as text.

    `standing` is a `partner_share_by_period` / `client_share_by_period` frame, `by_period` the
    matching `*_shares_by_period` frame, `side` its actor column ('supplier' or 'recipient').
    Columns: Period, `total` (all TIV), `part` (the party's TIV), Share, Rank, and the three
    largest suppliers (or clients) of each period, 'no imports (exports) recorded' when none.
    """
    leaders_label, missing = _STANDING_LABELS[side]
    lead = leaders(by_period, "period", side, n=3)
    return pd.DataFrame(
        {
            "Period": standing["period"].astype(str).to_numpy(),
            total: [f"{v:,.0f}" for v in standing["total"]],
            part: [f"{v:,.1f}" for v in standing["tiv"]],
            "Share": [percent(v) for v in standing["share"]],
            "Rank": [ordinal(v) for v in standing["rank"]],
            leaders_label: standing["period"].map(lead).fillna(missing).astype(str).to_numpy(),
        }
    )


def standing_facts(
    overall: pd.DataFrame, standing: pd.DataFrame, partner_iso3: str
) -> dict[str, object]:
    """Numbers for the narrative on the partner's place among the country's suppliers.

    `overall` is `supplier_shares` over the whole window, `standing` `partner_share_by_period`.
    Keys: delivered (False when the partner delivered nothing in the window), top and top_share
    (the largest supplier), and when delivered: partner_rank ('' when the partner is the
    largest, else '; Israel ranked 3rd with 10%'), best_period, best_share, best_rank (the
    period of the partner's highest share), latest_period, latest_share and latest_rank
    (', ranked 4th'; '' when nothing came in the latest period).
    """
    top = overall.iloc[0]
    mine = overall[_is(overall["supplier_iso3"], partner_iso3)]
    facts: dict[str, object] = {
        "delivered": not mine.empty,
        "top": with_article(str(top["supplier"])),
        "top_share": percent(top["share"]),
    }
    if mine.empty:
        return facts
    periods_seen = standing.dropna(subset=["share"])
    best = periods_seen.loc[periods_seen["share"].idxmax()]
    latest = periods_seen.iloc[-1]
    partner_the = with_article(countries.name(partner_iso3))
    rank, share = ordinal(mine.iloc[0]["rank"]), percent(mine.iloc[0]["share"])
    facts.update(
        partner_rank=""
        if top["supplier_iso3"] == partner_iso3
        else f"; {partner_the} ranked {rank} with {share}",
        best_period=best["period"],
        best_share=percent(best["share"]),
        best_rank=ordinal(best["rank"]),
        latest_period=latest["period"],
        latest_share=percent(latest["share"]),
        latest_rank=f", ranked {ordinal(latest['rank'])}" if latest["share"] > 0 else "",
    )
    return facts


def category_table(totals: pd.DataFrame) -> pd.DataFrame:
    """A `category_totals` frame as a reader sees it: Weapon category, TIV millions, Share,
    First year, Last year (text)."""
    return pd.DataFrame(
        {
            "Weapon category": [category_label(c) for c in totals["category"]],
            TIV: [f"{v:,.1f}" for v in totals["tiv"]],
            "Share": [percent(v) for v in totals["share"]],
            "First year": [str(int(v)) for v in totals["first"]],
            "Last year": [str(int(v)) for v in totals["last"]],
        }
    )


def category_facts(totals: pd.DataFrame) -> dict[str, object]:
    """Narrative values from a `category_totals` frame: category (the largest, in running text),
    share (its share), uav (a sentence on UAVs and loitering munitions)."""
    first = totals.iloc[0]
    uav = totals[totals["category"] == UAV]
    if uav.empty:
        uav_text = "SIPRI records no UAVs or loitering munitions in these deliveries."
    else:
        row = uav.iloc[0]
        uav_text = (
            f"UAVs and loitering munitions made up {percent(row['share'])} "
            f"({fmt.tiv(row['tiv'])}), delivered from {int(row['first'])} "
            f"to {int(row['last'])}."
        )
    category = str(first["category"])
    return {
        "category": category if category == UAV else category_label(category).lower(),
        "share": percent(first["share"]),
        "uav": uav_text,
    }


def top_with(frame: pd.DataFrame, column: str, value: str, n: int = 12) -> pd.DataFrame:
    """The first `n` rows of a ranked frame, the row whose `column` is `value` always among them
    (it replaces the n-th row when it ranks lower)."""
    head = frame.head(n)
    here = frame[_is(frame[column], value)]
    if here.empty or here.index[0] in head.index:
        return head
    return pd.concat([frame.head(n - 1), here.head(1)])


def client_facts(
    clients: pd.DataFrame, standing: pd.DataFrame, recipient_iso3: str
) -> dict[str, object]:
    """Narrative values on the country among the partner's clients: listed (False when it took
    nothing), n (clients), top, top_share, share, rank, best_share, best_period, best_rank."""
    here = clients[_is(clients["recipient_iso3"], recipient_iso3)]
    facts: dict[str, object] = {
        "listed": not here.empty,
        "n": len(clients),
        "top": with_article(str(clients.iloc[0]["recipient"])),
        "top_share": percent(clients.iloc[0]["share"]),
    }
    if here.empty:
        return facts
    best = standing.loc[standing["share"].fillna(0).idxmax()]
    facts.update(
        share=percent(here.iloc[0]["share"]),  # whole percent, as best_share
        rank=ordinal(here.iloc[0]["rank"]),
        best_share=percent(best["share"]),
        best_period=best["period"],
        best_rank=ordinal(best["rank"]),
    )
    return facts


def register_facts(register: pd.DataFrame) -> dict[str, object]:
    """Narrative values on a non-empty deal register (`deals`): deals, first and last order
    year, tiv (delivered), flagged/order_year/number_ordered/number_delivered ('?' counts) and
    pending (a sentence naming orders with no delivery yet)."""
    flags = flag_summary(register)
    pending = undelivered(register)
    years = register["order_year"].dropna().astype(int)
    if len(pending):
        names = ", ".join(pending["designation"].astype(str))
        pending_text = (
            f"{plural(len(pending), 'order')} had no delivery by the register's date: {names}."
        )
    else:
        pending_text = "Every order had at least one delivery by the register's date."
    return {
        "deals": flags["deals"],
        "first": int(years.min()) if len(years) else "",
        "last": int(years.max()) if len(years) else "",
        "tiv": float(register["tiv_delivered"].sum()),
        "flagged": flags["any"],
        "order_year": flags["order_year"],
        "number_ordered": flags["number_ordered"],
        "number_delivered": flags["number_delivered"],
        "pending": pending_text,
    }


def comparison_windows(window: ReportWindow, period_years: int) -> list[tuple[int, int]]:
    """The windows the rivals are compared over: the whole window, and the latest period when it
    differs from it."""
    latest = periods(window.start, window.end, period_years).iloc[-1]
    windows = [(window.start, window.end)]
    if (int(latest["start"]), int(latest["end"])) != (window.start, window.end):
        windows.append((int(latest["start"]), int(latest["end"])))
    return windows


def rival_leaders_table(
    rivals: list[str],
    start_year: int,
    end_year: int,
    period_years: int,
    *,
    data: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Each rival's three largest suppliers per period: Rival, Period, Imports (TIV millions),
    Largest suppliers (share). Rivals with no imports have no rows."""
    frame = given_or_loaded(DELIVERIES, data)
    imports = f"Imports ({TIV})"
    parts = []
    for rival in rivals:
        part = supplier_shares_by_period(rival, start_year, end_year, period_years, data=frame)
        if part.empty:
            continue
        totals = part.groupby("period", sort=False)["total"].first()
        text = leaders(part, "period", "supplier", n=3)
        parts.append(
            pd.DataFrame(
                {
                    "Rival": rival,
                    "Period": totals.index.astype(str),
                    imports: totals.astype("float64").to_numpy(),
                    "Largest suppliers (share)": text.reindex(totals.index).to_numpy(),
                }
            )
        )
    columns = ["Rival", "Period", imports, "Largest suppliers (share)"]
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)[columns]


def rival_sentences(
    compared: pd.DataFrame, rivals: list[str], window: str, partner_iso3: str
) -> str:
    """One sentence per rival on its largest supplier over `window` (a `supplier_shares_for`
    window label) and what the partner supplied it."""
    partner_the = with_article(countries.name(partner_iso3))
    sentences = []
    for rival in rivals:
        rows = compared[(compared["recipient"] == rival) & (compared["window"] == window)]
        if rows.empty:
            sentences.append(f"SIPRI records no arms imports for {rival} in {window}.")
            continue
        top = rows.iloc[0]
        whose = capitalise(possessive(with_article(rival)))
        of_total = f"({percent(top['share'])} of {fmt.tiv(top['total'])})"
        if top["supplier_iso3"] == partner_iso3:
            sentences.append(f"{whose} largest supplier in {window} was {partner_the} {of_total}.")
            continue
        from_partner = rows[_is(rows["supplier_iso3"], partner_iso3)]
        supplied = percent(from_partner.iloc[0]["share"]) if len(from_partner) else "nothing"
        sentences.append(
            f"{whose} largest supplier in {window} was {with_article(str(top['supplier']))} "
            f"{of_total}; {partner_the} supplied {supplied}."
        )
    return " ".join(sentences)


def limits_facts(register: pd.DataFrame, first_year: int, partner: str, country: str) -> dict:
    """Narrative values for 'what the data cannot show': before (a sentence on deliveries before
    the annual data begin) and small_arms ('no deals from X to Y' / '2 deals from X to Y'
    described as rifles or ammunition)."""
    partner_the, country_the = with_article(partner), with_article(country)
    early = (register["first_delivery_year"] < first_year).fillna(False).astype(bool)
    if early.any():
        before = (
            f"{plural(int(early.sum()), 'deal')} between them had deliveries before "
            f"{first_year}; those appear only in SIPRI's deal register, not in the annual figures."
        )
    else:
        before = f"The register holds no {partner}–{country} deliveries before {first_year}."
    described = register["description"].str.contains(
        "rifle|ammunition|small arm", case=False, na=False
    )
    count = int(described.sum()) if len(register) else 0
    small_arms = plural(count, "deal") if count else "no deals"
    return {"before": before, "small_arms": f"{small_arms} from {partner_the} to {country_the}"}


def one_year_text(
    supplier: str, recipient: str, window: ReportWindow, yearly: pd.DataFrame, year: int
) -> str:
    """Instead of a chart of one lone bar: a pair's deliveries (`arms.deliveries_by_year`) all
    fall in `year`; what they were worth, under how many deals, how much of it estimated."""
    row = yearly[yearly["year"] == year].iloc[0]
    estimated = float(row["tiv_estimated"])
    if estimated >= float(row["tiv"]) > 0:
        guess = "; SIPRI estimates the delivery year or the number delivered"
    elif estimated > 0:
        guess = f"; SIPRI estimates the year or number for {fmt.tiv(estimated)} of it"
    else:
        guess = ""
    return (
        f"SIPRI's database records deliveries from {with_article(supplier)} to "
        f"{with_article(recipient)} in one year only between {window.start} and {window.end}: "
        f"{fmt.year(year)}, worth {fmt.tiv(row['tiv'])} under {fmt.count(int(row['deals']), 'deal')}"
        f"{guess}."
    )


def one_year_categories_text(
    supplier: str, recipient: str, window: ReportWindow, by_category: pd.DataFrame, year: int
) -> str:
    """Instead of a chart of one year's stacked bar (`arms.deliveries_by_category`): what was
    delivered that year, by category, largest first."""
    rows = by_category[by_category["year"] == year].sort_values("tiv", ascending=False)
    parts = [f"{fmt.tiv(r.tiv)} of {r.category}" for r in rows.itertuples()]
    return (
        f"All that {with_article(supplier)} delivered to {with_article(recipient)} between "
        f"{window.start} and {window.end} came in {fmt.year(year)}: {fmt.listing(parts)}."
    )
