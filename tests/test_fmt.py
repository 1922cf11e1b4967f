"""The house style for reader numbers (strategic_ties.fmt): one rule per kind."""

import datetime as dt
import math

import pandas as pd
import pytest

from strategic_ties import fmt


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (0.214, 1, "21.4%"),
        (0.214, 0, "21%"),
        (1.0, 1, "100.0%"),
        (0, 1, "0.0%"),
        (0.0004, 1, "<0.1%"),
        (0.0, 0, "0%"),
        (0.004, 0, "<1%"),
        (-0.035, 1, "\u22123.5%"),
    ],
)
def test_percent(value, digits, expected):
    assert fmt.percent(value, digits) == expected


def test_percent_signed_and_missing():
    assert fmt.percent(0.12, signed=True) == "+12.0%"
    assert fmt.percent(-0.12, 0, signed=True) == "\u221212%"
    assert fmt.percent(0.0, 0, signed=True) == "0%"
    assert fmt.percent(None) == fmt.percent(float("nan")) == fmt.percent(pd.NA) == "n/a"


@pytest.mark.parametrize(
    ("millions", "expected"),
    [
        (628, "US$628\u00a0m"),
        (628.4, "US$628\u00a0m"),
        (1033, "US$1.03\u00a0bn"),
        (12_400, "US$12.40\u00a0bn"),
        (999.4, "US$999\u00a0m"),
        (6.25, "US$6.2\u00a0m"),
        (6.0, "US$6\u00a0m"),
        (0.4, "US$0.4\u00a0m"),
        (-50, "\u2212US$50\u00a0m"),
    ],
)
def test_money_usd(millions, expected):
    assert fmt.money_usd(millions) == expected


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (828, 1450, "US$0.83\u20131.45\u00a0bn"),  # one unit, never "US$828 m–US$1.45 bn"
        (120, 640, "US$120\u2013640\u00a0m"),
        (6.25, 9.4, "US$6.2\u20139.4\u00a0m"),
        (1500, 12400, "US$1.50\u201312.40\u00a0bn"),
        (None, 5, "n/a"),
    ],
)
def test_money_usd_range(low, high, expected):
    assert fmt.money_usd_range(low, high) == expected


def test_tiv_and_ratio():
    assert fmt.tiv(1234) == "TIV 1,234\u00a0m"  # SIPRI publishes TIV in millions, never bn
    assert fmt.tiv(0.4) == "TIV 0.4\u00a0m"
    assert fmt.tiv(628) == "TIV 628\u00a0m"
    assert fmt.ratio(2.28) == "2.3\u00d7"
    assert fmt.ratio(0.52) == "0.52\u00d7"
    assert fmt.ratio(0.255) == "0.26\u00d7"
    assert fmt.ratio(math.nan) == "n/a"


@pytest.mark.parametrize(
    ("n", "noun", "plural", "expected"),
    [
        (1, "deal", None, "1 deal"),
        (3, "deal", None, "3 deals"),
        (0, "deal", None, "0 deals"),
        (1200, "person", None, "1,200 people"),
        (2, "country", None, "2 countries"),
        (2, "day", None, "2 days"),
        (2, "process", None, "2 processes"),
        (2, "such event", None, "2 such events"),
        (2, "criterion", "criteria", "2 criteria"),
        (1.0, "dispute", None, "1 dispute"),
    ],
)
def test_count(n, noun, plural, expected):
    assert fmt.count(n, noun, plural) == expected


def test_number():
    assert fmt.number(1234.4) == "1,234"
    assert fmt.number(1234.56, 1) == "1,234.6"
    assert fmt.number(-5) == "\u22125"
    assert fmt.number(-0.01) == "0"
    assert fmt.number(5, signed=True) == "+5"
    assert fmt.number(None) == "n/a"


def test_dates():
    assert fmt.date(dt.date(2009, 6, 29)) == "29 June 2009"
    assert fmt.date(pd.Timestamp("2009-06-29")) == "29 June 2009"
    assert fmt.date("2009-06-29") == "29 June 2009"
    assert fmt.date("2009-06") == "June 2009"
    assert fmt.date("2009") == "2009"
    assert fmt.date(pd.Timestamp("2009-06-29"), "month") == "June 2009"
    assert fmt.date(pd.Timestamp("2009-06-29"), "year") == "2009"
    assert fmt.date(pd.NaT) == "n/a"


def test_years_and_spans():
    assert fmt.year(2024.0) == "2024"
    assert fmt.year("2024") == "2024"
    assert fmt.year(dt.date(2024, 1, 5)) == "2024"
    assert fmt.span(1992, 2024) == "1992\u20132024"
    assert fmt.span(2020, 2020.0) == "2020"
    assert fmt.span(None, 2020) == "2020"
    assert fmt.years([2013, 2011, 2012, 2016]) == "2011\u20132013 and 2016"
    assert fmt.years([2016]) == "2016"
    assert fmt.years([]) == ""
    assert fmt.listing(["A", "B", "C"]) == "A, B and C"
    assert fmt.listing(["A", "B"], "or") == "A or B"


def test_names_take_their_article_in_running_text() -> None:
    assert fmt.the("United States") == "the United States"
    assert fmt.the("Israel") == "Israel"
    assert fmt.whose("United States") == "the United States'"
    assert fmt.whose("Israel") == "Israel's"
    assert fmt.capitalise(fmt.whose("United States")) == "The United States'"
    assert fmt.the("Nagorno-Karabakh conflict") == "the Nagorno-Karabakh conflict"
    assert fmt.the("Azerbaijan vs Military faction") == "Azerbaijan vs Military faction"
