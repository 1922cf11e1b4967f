"""The bilateral section's key figures: trade (IMF DOTS), the press's latest full-year turnover,
UN vote agreement and the ideal-point distance, in one table (`key_figures`), and the vote
figures alone (`vote_figures`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

from strategic_ties import countries, fmt
from strategic_ties.analysis import alignment
from strategic_ties.analysis.trade import bilateral_trade, partner_ranks
from strategic_ties.analysis.trade_press import press_figures


@dataclass(frozen=True)
class KeyFigures:
    """The bilateral section's key figures (see `key_figures`). None where the data say nothing."""

    partner: str
    country: str
    trade_first_year: int | None
    trade_last_year: int | None
    largest_trade_year: int | None
    largest_trade_usd_m: float | None
    largest_country_to_partner_usd_m: float | None
    latest_trade_year: int | None
    latest_trade_usd_m: float | None
    latest_country_to_partner_usd_m: float | None
    latest_partner_to_country_usd_m: float | None
    partner_share_of_country_exports_pct: float | None
    partner_rank_in_country_exports: int | None
    press_latest_year: int | None
    press_latest_turnover_usd_m: float | None
    agreement_first_period: tuple[int, int] | None
    agreement_first_mean: float | None
    agreement_last_period: tuple[int, int] | None
    agreement_last_mean: float | None
    agreement_trend_per_decade: float | None
    agreement_trend: str | None
    agreement_mean_without_middle_east: float | None
    ideal_point_distance_year: int | None
    ideal_point_distance: float | None
    agreement_trend_period: tuple[int, int] | None = None  # years the trend is taken over

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def frame(self) -> pd.DataFrame:
        """The figures as one row (the chart data behind the key-figures table)."""
        return pd.DataFrame([self.as_dict()])

    def table(self) -> pd.DataFrame:
        """The figures as reader-facing rows: ``figure, value, source`` (text; 'no data' if None)."""

        def usd(value: float | None) -> str:
            return "no data" if value is None else fmt.money_usd(value)

        def when(year: int | None, text: str) -> str:
            return text if year is None or text == "no data" else f"{text} ({year})"

        share = self.partner_share_of_country_exports_pct
        rank = self.partner_rank_in_country_exports
        agreement = (
            "no data"
            if self.agreement_first_mean is None
            else (
                f"{self.agreement_first_mean:.2f} in {_span(self.agreement_first_period)} → "
                f"{self.agreement_last_mean:.2f} in {_span(self.agreement_last_period)} "
                f"({self.agreement_trend} in {_span(self.agreement_trend_period)}, "
                f"{self.agreement_trend_per_decade:+.2f} a decade)"
            )
        )
        rows = [
            (
                "Largest trade year (both directions)",
                when(self.largest_trade_year, usd(self.largest_trade_usd_m)),
                "IMF DOTS",
            ),
            (
                "Latest full-year trade (both directions)",
                when(self.latest_trade_year, usd(self.latest_trade_usd_m)),
                "IMF DOTS",
            ),
            (
                f"{self.country} → {self.partner}, latest year",
                when(self.latest_trade_year, usd(self.latest_country_to_partner_usd_m)),
                "IMF DOTS",
            ),
            (
                f"{self.partner} → {self.country}, latest year",
                when(self.latest_trade_year, usd(self.latest_partner_to_country_usd_m)),
                "IMF DOTS",
            ),
            (
                f"{fmt.capitalise(fmt.whose(self.partner))} share of {fmt.whose(self.country)} exports, latest year",
                "no data"
                if share is None
                else f"{share:.1f}%, rank {rank if rank is not None else 'n/a'} ({self.latest_trade_year})",
                "IMF DOTS",
            ),
            (
                "Latest full-year trade quoted in the press (lower confidence)",
                when(self.press_latest_year, usd(self.press_latest_turnover_usd_m)),
                "Press quotations",
            ),
            ("UN vote agreement, first → last five years", agreement, "UNGA votes"),
            (
                "UN vote agreement without Middle East votes, all years",
                "no data"
                if self.agreement_mean_without_middle_east is None
                else f"{self.agreement_mean_without_middle_east:.2f}",
                "UNGA votes",
            ),
            (
                "Ideal-point distance, latest year",
                when(
                    self.ideal_point_distance_year,
                    "no data"
                    if self.ideal_point_distance is None
                    else f"{self.ideal_point_distance:.2f}",
                ),
                "UNGA ideal points",
            ),
        ]
        return pd.DataFrame(rows, columns=["figure", "value", "source"])


def _span(period: tuple[int, int] | None) -> str:
    if period is None:
        return ""
    return str(period[0]) if period[0] == period[1] else f"{period[0]}-{period[1]}"


def key_figures(
    partner: str,
    country: str,
    start_year: int | None = None,
    end_year: int | None = None,
    *,
    trade: pd.DataFrame | None = None,
    trade_press: pd.DataFrame | None = None,
    votes: pd.DataFrame | None = None,
    ideal_points: pd.DataFrame | None = None,
    min_votes: int = alignment.MIN_YEAR_VOTES,
) -> KeyFigures:
    """Key figures for the briefing, all computed from the data.

    - Trade (IMF DOTS, headline flows as in `bilateral_trade`, turnover = both directions): the
      largest-turnover year, the latest full year reported (DOTS years are calendar years), the
      partner's share of the country's exports to partner states and its rank in that year.
    - Press: the latest full-year turnover quoted in the press (lower confidence; never mixed in).
    - UN votes: mean agreement (see `alignment.vote_agreement`) over the first and last five
      years with at least `min_votes` shared roll calls, the linear trend per decade, and the
      mean without Middle East votes.
    - Ideal points: the latest distance (`alignment.ideal_point_distance`).
    """
    p = countries.resolve(partner, parameter="partner")
    c = countries.resolve(country, parameter="country")
    flows = bilateral_trade(c.iso3, p.iso3, start_year, end_year, data=trade)
    flows = flows[flows["turnover"].notna()]
    values: dict[str, Any] = {"partner": p.name, "country": c.name}
    if flows.empty:
        values.update(
            trade_first_year=None,
            trade_last_year=None,
            largest_trade_year=None,
            largest_trade_usd_m=None,
            largest_country_to_partner_usd_m=None,
            latest_trade_year=None,
            latest_trade_usd_m=None,
            latest_country_to_partner_usd_m=None,
            latest_partner_to_country_usd_m=None,
            partner_share_of_country_exports_pct=None,
            partner_rank_in_country_exports=None,
        )
    else:
        peak = flows.loc[flows["turnover"].idxmax()]
        latest = flows.iloc[-1]
        ranks = partner_ranks(c.iso3, p.iso3, "exports", start_year, end_year, data=trade)
        at_latest = ranks[ranks["year"] == int(latest["year"])]
        values.update(
            trade_first_year=int(flows["year"].min()),
            trade_last_year=int(flows["year"].max()),
            largest_trade_year=int(peak["year"]),
            largest_trade_usd_m=float(peak["turnover"]),
            largest_country_to_partner_usd_m=_float(peak["a_to_b"]),
            latest_trade_year=int(latest["year"]),
            latest_trade_usd_m=float(latest["turnover"]),
            latest_country_to_partner_usd_m=_float(latest["a_to_b"]),
            latest_partner_to_country_usd_m=_float(latest["b_to_a"]),
            partner_share_of_country_exports_pct=(
                float(at_latest["share_pct"].iloc[0]) if not at_latest.empty else None
            ),
            partner_rank_in_country_exports=(
                None
                if at_latest.empty or pd.isna(at_latest["rank"].iloc[0])
                else int(at_latest["rank"].iloc[0])
            ),
        )
    press = press_figures(c.iso3, p.iso3, data=trade_press)
    turnover = press[
        press["full_year"]
        & ~press["suspect"]
        & press["metric"].str.contains("turnover", case=False)
        & press["value"].notna()
    ]
    if not turnover.empty:
        last = turnover.sort_values("year").iloc[-1]
        values.update(
            press_latest_year=int(last["year"]), press_latest_turnover_usd_m=float(last["value"])
        )
    else:
        values.update(press_latest_year=None, press_latest_turnover_usd_m=None)

    values.update(
        vote_figures(
            p.iso3,
            c.iso3,
            start_year,
            end_year,
            votes=votes,
            ideal_points=ideal_points,
            min_votes=min_votes,
        )
    )
    return KeyFigures(**values)


def vote_figures(
    partner: str,
    country: str,
    start_year: int | None = None,
    end_year: int | None = None,
    *,
    votes: pd.DataFrame | None = None,
    ideal_points: pd.DataFrame | None = None,
    min_votes: int = alignment.MIN_YEAR_VOTES,
    without_middle_east: bool = True,
) -> dict[str, Any]:
    """The UN figures of `key_figures` (agreement_*, ideal_point_distance*), alone: for callers
    that need no trade figures. ``without_middle_east=False`` leaves out
    agreement_mean_without_middle_east (a second pass over the votes)."""
    p = countries.resolve(partner, parameter="partner")
    c = countries.resolve(country, parameter="country")
    agreement = alignment.vote_agreement(
        p.iso3, c.iso3, start_year, end_year, min_votes=min_votes, data=votes
    )
    trend = alignment.agreement_trend(agreement)
    values: dict[str, Any] = {
        "agreement_first_period": trend["first_period"],
        "agreement_first_mean": trend["first_mean"],
        "agreement_last_period": trend["last_period"],
        "agreement_last_mean": trend["last_mean"],
        "agreement_trend_per_decade": trend["recent_per_decade"],
        "agreement_trend": trend["direction"],
        "agreement_trend_period": trend["recent_period"],
    }
    if without_middle_east:
        without = alignment.vote_agreement(
            p.iso3,
            c.iso3,
            start_year,
            end_year,
            exclude_middle_east=True,
            min_votes=min_votes,
            data=votes,
        )
        values["agreement_mean_without_middle_east"] = alignment.pooled_agreement(without)
    distance = alignment.ideal_point_distance(
        p.iso3, c.iso3, start_year, end_year, data=ideal_points
    ).dropna(subset=["distance"])
    if distance.empty:
        values.update(ideal_point_distance_year=None, ideal_point_distance=None)
    else:
        values.update(
            ideal_point_distance_year=int(distance["year"].iloc[-1]),
            ideal_point_distance=float(distance["distance"].iloc[-1]),
        )
    return values


def _float(value: Any) -> float | None:
    return None if pd.isna(value) else float(value)
