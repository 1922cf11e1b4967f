"""Results computed once per report run and reused: the briefing asks for the same supplier
shares, trade series and rival rankings in its summary, its key judgements and its claim ledger.

`call(reads, func, *args)` runs ``func(*args)`` the first time and returns the stored result
afterwards (a copy of a frame, so callers may modify it). The key is the function, its arguments
and the size and modification time of the processed files it reads (`reads`, dataset names): a
rebuilt or replaced file is never answered from memory, and a file that is missing is left for
the function to report. Only calls that load their tables themselves belong here (no frames as
arguments). `clear` forgets everything: `strategic_ties.notebook.setup` calls it, so each run
computes afresh and nothing outlives a run's purpose.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import pandas as pd

T = TypeVar("T")
ALL_YEARS = 10**6  # a window wider than any data (years -ALL_YEARS..ALL_YEARS)
MAX_RESULTS = 256  # a briefing stores a few dozen; the cap only bounds a long-lived process

_results: dict[tuple, Any] = {}


def clear() -> None:
    """Forget every stored result (a new run starts)."""
    _results.clear()


def _is_frame(value: Any) -> bool:
    return type(value).__name__ in ("DataFrame", "Series") and hasattr(value, "copy")


def _frozen(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    if _is_frame(value):
        raise TypeError("frames are not keys")
    return value


def _stamp(reads: Iterable[str]) -> tuple:
    from strategic_ties import datasets

    stamps = []
    for name in reads:
        stat = datasets.path_of(name).stat()
        stamps.append((name, str(datasets.path_of(name)), stat.st_mtime_ns, stat.st_size))
    return tuple(stamps)


def call(reads: tuple[str, ...], func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``func(*args, **kwargs)``, computed once per run for the same arguments and files."""
    try:
        key = (func, _frozen(args), _frozen(sorted(kwargs.items())), _stamp(reads))
        hash(key)
    except (TypeError, OSError):  # unhashable arguments, or a file to be reported missing
        return func(*args, **kwargs)
    if key not in _results:
        if len(_results) >= MAX_RESULTS:
            _results.clear()
        _results[key] = func(*args, **kwargs)
    value = _results[key]
    return value.copy() if _is_frame(value) else value


# ---- the lookups the briefing repeats ---------------------------------------------------------


def _iso3(country: str) -> str:
    from strategic_ties import countries

    return countries.iso3_of(country)


def supplier_shares(recipient: str, start_year: int, end_year: int) -> pd.DataFrame:
    """`analysis.arms.supplier_shares` of the processed table, once per run."""
    from strategic_ties.analysis import arms

    return call(("arms_deliveries",), arms.supplier_shares, _iso3(recipient), start_year, end_year)


def partner_share_by_period(
    supplier: str, recipient: str, start_year: int, end_year: int, period_years: int
) -> pd.DataFrame:
    """`analysis.arms.partner_share_by_period` of the processed table, once per run."""
    from strategic_ties.analysis import arms

    return call(
        ("arms_deliveries",),
        arms.partner_share_by_period,
        _iso3(supplier),
        _iso3(recipient),
        start_year,
        end_year,
        period_years,
    )


def bilateral_trade(
    country_a: str, country_b: str, start_year: int | None = None, end_year: int | None = None
) -> pd.DataFrame:
    """`analysis.trade.bilateral_trade` of the processed table: the pair's whole series once per
    run, cut to the years asked (each year's row depends on that year's reports only)."""
    from strategic_ties.analysis import trade

    if start_year is not None and end_year is not None and int(start_year) > int(end_year):
        return trade.bilateral_trade(country_a, country_b, start_year, end_year)  # its error
    flows = call(("trade",), trade.bilateral_trade, _iso3(country_a), _iso3(country_b))
    keep = flows["year"].notna()
    if start_year is not None:
        keep &= flows["year"] >= int(start_year)
    if end_year is not None:
        keep &= flows["year"] <= int(end_year)
    return flows[keep.astype(bool)].reset_index(drop=True)


def opponents(country: str, start_year: int, end_year: int):
    """`analysis.rivals.opponents` of the processed tables: the country's hostile records are
    gathered once per run (over all years) and each window is cut from them."""
    from strategic_ties.analysis import rivals

    found = call(
        ("mids", "conflicts", "events"), rivals.opponents, _iso3(country), -ALL_YEARS, ALL_YEARS
    )
    return rivals.opponents_in(found, start_year, end_year)


def rank_rivals(
    country: str, start_year: int, end_year: int, exclude: Sequence[str] = ()
) -> pd.DataFrame:
    """`analysis.rivals.rank_rivals` of the processed tables, from `opponents`."""
    from strategic_ties.analysis import rivals

    last = call(("mids", "conflicts", "events"), rivals.data_last_year)
    return rivals.rank_opponents(
        _iso3(country),
        opponents(country, start_year, end_year),
        exclude,
        rivals.recent_window(end_year, last),
    )
