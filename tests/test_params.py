"""The one parameter schema: conversion of command-line strings, and one-sentence errors."""

from __future__ import annotations

import re

import pytest

from strategic_ties.cli import collect_parameters
from strategic_ties.errors import ParameterError, UserError
from strategic_ties.params import ReportParams, describe, latest_data_year, validate


def test_defaults_are_the_source_papers_case() -> None:
    params = validate()
    assert (params.partner, params.country) == ("Israel", "Azerbaijan")
    assert params.rivals == ["Armenia", "Iran", "Russia"]  # chosen from the data
    assert params.rivals_from_data and params.for_papermill()["rivals"] is None
    assert params.start_year == 1992
    assert params.end_year == latest_data_year()
    assert params.slug == "israel-azerbaijan"
    assert params.title == "Strategic ties: Israel and Azerbaijan"


def test_command_line_strings_become_declared_types() -> None:
    values = collect_parameters(
        [
            ["start_year", "2000"],
            ["period_years", "2"],
            ["rivals", "iran, ARM"],
            ["country", "aze"],
        ],
        None,
    )
    params = validate(values)
    assert params.start_year == 2000 and type(params.start_year) is int
    assert params.period_years == 2 and type(params.period_years) is int  # not 2.0 (papermill -p)
    assert params.rivals == ["Iran", "Armenia"]
    assert params.country == "Azerbaijan"
    injected = params.for_papermill()
    assert injected["rivals"] == ["Iran", "Armenia"]
    assert all(type(injected[k]) is int for k in ("start_year", "end_year", "period_years"))


@pytest.mark.parametrize("text", ["latest", "None", ""])
def test_end_year_latest_means_default(text: str) -> None:
    values = collect_parameters([["end_year", text]], None)
    assert validate(values).end_year == latest_data_year()


@pytest.mark.parametrize(
    ("values", "fragments"),
    [
        ({"country": "Azerbaijn"}, ["'country'", "'Azerbaijn'", "Did you mean Azerbaijan"]),
        ({"rivals": "Iran,Armenai"}, ["'rivals'", "'Armenai'", "Armenia"]),
        ({"start_year": "2010", "end_year": "2000"}, ["reversed", "2010", "2000"]),
        ({"start_year": "1700"}, ["'start_year'", "1700", "give a year from"]),
        ({"start_year": "abc"}, ["'start_year'", "'abc'", "whole number"]),
        ({"period_years": "2.5"}, ["'period_years'", "'2.5'", "whole number"]),
        ({"period_years": "0"}, ["'period_years'", "1 to 25"]),
        ({"partner": "Israel", "country": "ISR"}, ["partner", "country", "two different"]),
        ({"colour": "red"}, ["Unknown parameter 'colour'", "partner"]),
    ],
)
def test_bad_values_give_one_sentence_naming_the_parameter(values, fragments) -> None:
    with pytest.raises(ParameterError) as caught:
        validate(values)
    message = str(caught.value)
    assert isinstance(caught.value, UserError) and caught.value.exit_code == 2
    assert "\n" not in message and "Traceback" not in message
    for fragment in fragments:
        assert fragment in message


def test_describe_lists_every_parameter_with_type_default_and_help() -> None:
    rows = describe()
    assert [r["name"] for r in rows] == list(ReportParams.model_fields)
    by_name = {r["name"]: r for r in rows}
    assert by_name["rivals"]["type"] == "list[str]"
    assert by_name["start_year"] == {**by_name["start_year"], "type": "int", "default": "1992"}
    assert by_name["end_year"]["default"] == "latest year in the data"
    assert by_name["rivals"]["default"] == "chosen from the data"
    assert all(r["help"] for r in rows)


def test_yaml_file_values_and_p_overrides(tmp_path) -> None:
    file = tmp_path / "params.yaml"
    file.write_text(
        "country: Armenia\npartner: Russia\nrivals: [Azerbaijan, Turkey, Iran]\nstart_year: 1995\n"
    )
    values = collect_parameters([["start_year", "2001"]], file)
    params = validate(values)
    assert (params.partner, params.country, params.start_year) == ("Russia", "Armenia", 2001)
    assert params.rivals == ["Azerbaijan", "Türkiye", "Iran"]
    # other years and rivals than the data would choose: a folder of their own
    assert re.fullmatch(r"russia-armenia-2001-2024-p[0-9a-f]{6}", params.slug)
    # the rivals the data choose (Azerbaijan, Türkiye), named by hand: the same folder
    file.write_text("country: Armenia\npartner: Russia\nrivals: [Azerbaijan, Turkey]\n")
    same = validate(collect_parameters([["start_year", "2001"]], file))
    assert same.slug == "russia-armenia-2001-2024"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("country: [unclosed\n", "not valid YAML at line"), ("- a\n- b\n", "must hold a mapping")],
)
def test_bad_yaml_file_is_a_user_error(tmp_path, text: str, fragment: str) -> None:
    file = tmp_path / "params.yaml"
    file.write_text(text)
    with pytest.raises(UserError, match=fragment):
        collect_parameters([], file)


def test_rivals_left_out_are_chosen_from_the_data_for_the_country_studied() -> None:
    """`-p country Armenia` alone works: its rivals come from the data, Azerbaijan first."""
    chosen = validate(country="Armenia", partner="Russia")
    assert chosen.rivals[0] == "Azerbaijan" and "Russia" not in chosen.rivals
    assert chosen.rivals_from_data and chosen.for_papermill()["rivals"] is None
    given = validate(country="Armenia", partner="Russia", rivals="Azerbaijan")
    assert given.rivals == ["Azerbaijan"] and not given.rivals_from_data
    assert validate(rivals=None).rivals == validate().rivals


def test_the_partner_is_never_a_rival() -> None:
    with pytest.raises(ParameterError, match="Israel is the partner") as caught:
        validate(rivals="Iran,ISR")
    assert caught.value.exit_code == 2 and "\n" not in str(caught.value)
    with pytest.raises(ParameterError, match="Russia is the partner"):
        validate(country="Armenia", partner="Russia", rivals=["Azerbaijan", "russia"])
    assert "Israel" not in validate(country="Iran").rivals  # the default partner is left out


@pytest.mark.parametrize("given", ["", " , ", ",", [], ["", " "]])
def test_rivals_naming_no_country_are_refused(given) -> None:
    """An empty list would pass for a choice and crash a notebook: one sentence, exit 2."""
    with pytest.raises(ParameterError, match="names no country") as caught:
        validate(rivals=given)
    assert "leave the parameter out" in str(caught.value) and caught.value.exit_code == 2


def test_rivals_chosen_by_the_user_may_not_include_the_country() -> None:
    with pytest.raises(ParameterError, match="Armenia is the country itself"):
        validate(country="Armenia", rivals="Iran,Armenia")


def test_slug_is_the_pair_for_defaults_and_suffixed_otherwise() -> None:
    """Issue 14 item 7: different parameters get different report folders."""
    assert validate().slug == "israel-azerbaijan"
    assert validate({"rivals": "Armenia,Iran,Russia"}).slug == "israel-azerbaijan"  # as chosen
    latest = validate().end_year
    assert validate({"start_year": 2000}).slug == f"israel-azerbaijan-2000-{latest}"
    one, two = validate({"rivals": "Iran"}).slug, validate({"rivals": "Russia"}).slug
    assert one.startswith("israel-azerbaijan-p") and len(one) == len("israel-azerbaijan-p") + 6
    assert one != two and validate({"period_years": 3}).slug not in {one, two}
