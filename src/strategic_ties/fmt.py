"""The house style for every number, date and year a reader sees: one function per kind.

Every notebook, wording module, table formatter and chart label writes its numbers with these
functions; nothing else formats a number for the reader. The rule per kind:

- **percent** — a 0–1 share, one decimal by default: ``0.214 -> '21.4%'``. A share above zero
  that would round to zero is written ``'<0.1%'``; ``signed=True`` adds the sign of a change
  (``'+12.0%'``, ``'−3.5%'``, with a true minus sign).
- **money_usd** — a value in millions of current US dollars: whole millions below one billion
  (``'US$628 m'``; one decimal under ten million: ``'US$6.3 m'``), billions with two decimals
  from one billion (``'US$1.03 bn'``, ``'US$12.40 bn'``). No space after ``US$``, a space before
  the unit.
- **tiv** — SIPRI trend-indicator values, in millions: ``'TIV 1,234 m'`` (same digits as money).
- **ratio** — one decimal and a multiplication sign: ``2.28 -> '2.3×'``.
- **count** — a whole number with its noun, plural when not exactly one: ``'1 deal'``,
  ``'3 deals'``, ``'1,200 people'`` (irregular plurals passed in, ``-y``/``-s`` handled).
- **number** — thousands separated by commas, ``digits`` decimals (0 by default):
  ``'1,234'``; negative numbers take a true minus sign ``'−5'``.
- **date** — day, full month name, year: ``'29 June 2009'``; as precise as known
  (``'June 2009'``, ``'2009'``).
- **span** — two years joined by an en dash: ``'1992–2024'``; one year when both are the same.
- **year** — a year as four digits, whatever type it arrives in: ``2024.0 -> '2024'``.
- **years** — a set of years as runs: ``[2011, 2012, 2013, 2016] -> '2011–2013 and 2016'``.
- **listing** — names joined for a sentence: ``'A, B and C'``.
- **the / possessive / capitalise** — a country name in running text takes its article where
  English needs one: ``the('United States') -> 'the United States'``, ``possessive`` of that
  ``-> "the United States'"``, ``capitalise`` at the start of a sentence.

Missing values (``None``, NaN, NaT) are written ``'n/a'`` by every function.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

MISSING = "n/a"
MINUS = "\u2212"
EN_DASH = "\u2013"
TIMES = "\u00d7"
# Between a number and its unit ("US$628\u00a0m"): a line never breaks there.
UNIT_SPACE = "\u00a0"

__all__ = [
    "MISSING",
    "count",
    "date",
    "is_missing",
    "listing",
    "money_usd",
    "money_usd_range",
    "number",
    "percent",
    "plural_noun",
    "ratio",
    "span",
    "tiv",
    "year",
    "years",
]


def is_missing(value: Any) -> bool:
    """True for None, NaN, NaT and pandas' NA."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, NaT and pd.NA are not equal to themselves
    except TypeError:  # pd.NA raises on bool()
        return True


def _signed(text: str, negative: bool, signed: bool, zero: bool) -> str:
    if negative:
        return MINUS + text
    return ("+" + text) if signed and not zero else text


def number(x: Any, digits: int = 0, *, signed: bool = False) -> str:
    """1234.5 -> '1,235'; (1234.5, 1) -> '1,234.5'; -5 -> '−5'; signed=True: '+5'."""
    if is_missing(x):
        return MISSING
    value = float(x)
    text = f"{abs(value):,.{digits}f}"
    zero = float(text.replace(",", "")) == 0
    return _signed(text, value < 0 and not zero, signed, zero)


def percent(x: Any, digits: int = 1, *, signed: bool = False) -> str:
    """A 0–1 share: 0.214 -> '21.4%'; (0.214, 0) -> '21%'; 0.0001 -> '<0.1%'."""
    if is_missing(x):
        return MISSING
    value = float(x) * 100
    smallest = 10.0**-digits
    if 0 < abs(value) < smallest / 2:
        return ("<" if value > 0 else ">" + MINUS) + f"{smallest:.{digits}f}%"
    return number(value, digits, signed=signed) + "%"


def _millions(x: float) -> str:
    value = abs(x)
    if value >= 1000:
        return f"{value / 1000:,.2f}{UNIT_SPACE}bn"
    if value < 10 and round(value, 1) != round(value):
        return f"{value:.1f}{UNIT_SPACE}m"
    return f"{value:,.0f}{UNIT_SPACE}m"


def money_usd(x_millions: Any) -> str:
    """Millions of US dollars: 628 -> 'US$628 m'; 1033 -> 'US$1.03 bn'; 6.25 -> 'US$6.3 m'."""
    if is_missing(x_millions):
        return MISSING
    value = float(x_millions)
    return (MINUS if value < 0 else "") + "US$" + _millions(value)


def money_usd_range(low_millions: Any, high_millions: Any) -> str:
    """A range of amounts in one unit, the larger one's: (828, 1450) -> 'US$0.83–1.45 bn';
    (120, 640) -> 'US$120–640 m' (never 'US$828 m–US$1.45 bn')."""
    if is_missing(low_millions) or is_missing(high_millions):
        return MISSING
    low, high = float(low_millions), float(high_millions)
    if low < 0 or high < 0:
        return f"{money_usd(low)}{EN_DASH}{money_usd(high)}"
    if max(low, high) >= 1000:
        return f"US${low / 1000:,.2f}{EN_DASH}{high / 1000:,.2f}{UNIT_SPACE}bn"
    low_number = _millions(low).split(UNIT_SPACE)[0]  # both below 1,000: millions
    return f"US${low_number}{EN_DASH}{_millions(high)}"


def tiv(x_millions: Any) -> str:
    """SIPRI TIV in millions: 1234 -> 'TIV 1,234 m'; 0.4 -> 'TIV 0.4 m'.

    Always millions, as SIPRI publishes them (never 'bn': a TIV is not a money amount)."""
    if is_missing(x_millions):
        return MISSING
    value = abs(float(x_millions))
    digits = 1 if value < 10 and round(value, 1) != round(value) else 0
    return "TIV " + f"{value:,.{digits}f}{UNIT_SPACE}m"


def ratio(x: Any) -> str:
    """2.28 -> '2.3×'; below 1, two decimals so the ratio stays readable: 0.255 -> '0.26×'."""
    if is_missing(x):
        return MISSING
    return number(x, 1 if abs(float(x)) >= 1 else 2) + TIMES


_IRREGULAR = {"person": "people", "child": "children", "country": "countries"}


def plural_noun(noun: str) -> str:
    """'deal' -> 'deals', 'country' -> 'countries', 'process' -> 'processes'; for the last word
    of a phrase ('such event' -> 'such events')."""
    head, _, last = noun.rpartition(" ")
    prefix = head + " " if head else ""
    if last in _IRREGULAR:
        return prefix + _IRREGULAR[last]
    if last.endswith("y") and len(last) > 1 and last[-2] not in "aeiou":
        return prefix + last[:-1] + "ies"
    if last.endswith(("s", "sh", "ch", "x", "z")):
        return prefix + last + "es"
    return prefix + last + "s"


def count(n: Any, noun: str, plural: str | None = None) -> str:
    """(1, 'deal') -> '1 deal'; (3, 'deal') -> '3 deals'; (1200, 'person') -> '1,200 people'."""
    if is_missing(n):
        return f"{MISSING} {plural or plural_noun(noun)}"
    n = int(n)
    return f"{number(n)} {noun if n == 1 else (plural or plural_noun(noun))}"


def year(y: Any) -> str:
    """2024, 2024.0, '2024' or a date -> '2024'."""
    if is_missing(y):
        return MISSING
    if isinstance(y, dt.date):
        return str(y.year)
    return str(int(float(y)))


def span(y0: Any, y1: Any) -> str:
    """(1992, 2024) -> '1992–2024'; (2020, 2020) -> '2020'; a missing end -> the other one."""
    if is_missing(y0) and is_missing(y1):
        return MISSING
    if is_missing(y0) or is_missing(y1):
        return year(y1 if is_missing(y0) else y0)
    first, last = year(y0), year(y1)
    return first if first == last else f"{first}{EN_DASH}{last}"


def years(values: Iterable[Any], conjunction: str = "and") -> str:
    """[2011, 2012, 2013, 2016] -> '2011–2013 and 2016'; '' for no years."""
    found = sorted({int(float(v)) for v in values if not is_missing(v)})
    runs: list[list[int]] = []
    for y in found:
        if runs and y == runs[-1][1] + 1:
            runs[-1][1] = y
        else:
            runs.append([y, y])
    return listing([span(a, b) for a, b in runs], conjunction)


def listing(names: Iterable[str], conjunction: str = "and") -> str:
    """'A', 'A and B', 'A, B and C' (or 'A or B'); '' for no names."""
    names = [str(n) for n in names]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {conjunction} " + names[-1]


def date(d: Any, precision: str | None = "day") -> str:
    """A date as precisely as it is known: '29 June 2009', 'June 2009' or '2009'.

    ``d`` may be a date, datetime, pandas Timestamp or ISO string ('2009-06-29')."""
    if is_missing(d):
        return MISSING
    if isinstance(d, str):
        d = dt.date.fromisoformat(d[:10]) if len(d) >= 10 else d
        if isinstance(d, str):  # '2009-06' or '2009'
            parts = d.split("-")
            if len(parts) == 1:
                return parts[0]
            d, precision = dt.date(int(parts[0]), int(parts[1]), 1), "month"
    if precision == "year":
        return str(d.year)
    month = d.strftime("%B")
    if precision == "month":
        return f"{month} {d.year}"
    return f"{d.day} {month} {d.year}"


# Names in running text take an article where English needs one ("the United States").
ARTICLE = frozenset(
    {
        "United States",
        "United Kingdom",
        "United Arab Emirates",
        "Netherlands",
        "Philippines",
        "Czech Republic",
        "Dominican Republic",
        "Central African Republic",
        "Bahamas",
        "Gambia",
        "Comoros",
        "Maldives",
        "Marshall Islands",
        "Solomon Islands",
    }
)


def the(name: str) -> str:
    """A name as running text needs it: 'United States' -> 'the United States', and a named
    conflict 'Nagorno-Karabakh conflict' -> 'the Nagorno-Karabakh conflict'."""
    return f"the {name}" if name in ARTICLE or name.endswith(" conflict") else name


def possessive(name: str) -> str:
    """'Israel' -> "Israel's", 'the Bahamas' -> "the Bahamas'"."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def capitalise(text: str) -> str:
    """First letter upper case, the rest untouched ('the United States' -> 'The United States')."""
    return text[:1].upper() + text[1:]


def whose(name: str) -> str:
    """The possessive of a country name in running text: 'United States' -> "the United States'"."""
    return possessive(the(name))
