"""countries.classify: every actor name in every processed table is mapped on purpose."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from strategic_ties import countries, datasets
from strategic_ties.errors import UnknownCountryError

# (table, name column, iso3 column, kind column or None)
NAME_COLUMNS = [
    ("arms_transfers", "supplier", "supplier_iso3", "supplier_kind"),
    ("arms_transfers", "recipient", "recipient_iso3", "recipient_kind"),
    ("arms_deliveries", "supplier", "supplier_iso3", "supplier_kind"),
    ("arms_deliveries", "recipient", "recipient_iso3", "recipient_kind"),
    ("arms_tiv_totals", "country", "iso3", "kind"),
    ("trade", "reporter", "reporter_iso3", "reporter_kind"),
    ("trade", "partner", "partner_iso3", "partner_kind"),
    ("military_expenditure", "country", "iso3", None),
    ("terrorism", "country", "iso3", None),
    ("political_violence", "country", "iso3", None),
    ("gdp", "country", "iso3", None),
    ("population", "country", "iso3", None),
    ("unga_votes", "country", "iso3", None),
]


@pytest.mark.parametrize(("table", "name", "iso3", "kind"), NAME_COLUMNS)
def test_every_name_in_every_table_is_classified(table, name, iso3, kind) -> None:
    columns = [name, iso3] + ([kind] if kind else [])
    frame = datasets.load(table)[columns].drop_duplicates()
    assert len(frame) > 0
    for row in frame.itertuples(index=False):
        found_iso3, found_kind = countries.classify(row[0])  # raises if not mapped
        stored = None if pd.isna(row[1]) else row[1]
        assert stored == found_iso3, row
        if kind:
            assert row[2] == found_kind, row


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Soviet Union", ("SUN", "historical_state")),
        ("USSR", ("SUN", "historical_state")),
        ("Yugoslavia", ("YUG", "historical_state")),
        ("Czechoslovakia", ("CSK", "historical_state")),
        ("East Germany (GDR)", ("DDR", "historical_state")),
        ("Eastern Germany", ("DDR", "historical_state")),
        ("German Democratic Republic", ("DDR", "historical_state")),
        ("Yemen, People's Dem. Rep. of", ("YMD", "historical_state")),
        ("Yemen People's Republic", ("YMD", "historical_state")),
        ("Netherlands Antilles", ("ANT", "historical_state")),
        ("Zanzibar", (None, "historical_state")),
        ("Turkey", ("TUR", "state")),
        ("Turkiye", ("TUR", "state")),
        ("Türkiye", ("TUR", "state")),
        ("Azerbaijan, Rep. of", ("AZE", "state")),
        ("Iran, Islamic Rep. of", ("IRN", "state")),
        ("Iran, Islamic Rep.", ("IRN", "state")),
        ("Russian Federation", ("RUS", "state")),
        ("Kosovo, Rep. of", ("XKX", "state")),
        ("West Bank and Gaza", ("PSE", "state")),
        ("Hezbollah (Lebanon)*", (None, "non_state")),
        ("PKK (Turkiye)*", (None, "non_state")),
        ("Houthi rebels (Yemen)*", (None, "non_state")),
        ("unknown rebel group*", (None, "non_state")),
        ("Northern Cyprus", (None, "non_state")),
        ("NATO**", (None, "organisation")),
        ("United Nations**", (None, "organisation")),
        ("African Union**", (None, "organisation")),
        ("European Union**", (None, "organisation")),
        ("European Union", (None, "aggregate")),
        ("unknown supplier(s)", (None, "unknown")),
        ("unknown recipient(s)", (None, "unknown")),
        ("World", (None, "aggregate")),
        ("Euro Area", (None, "aggregate")),
        ("Middle East", (None, "aggregate")),
        ("Belgium-Luxembourg", (None, "aggregate")),
        ("South African Common Customs Area (SACCA)", (None, "aggregate")),
    ],
)
def test_classify(name: str, expected: tuple) -> None:
    assert countries.classify(name) == expected


def test_unmapped_name_raises() -> None:
    with pytest.raises(UnknownCountryError, match="not mapped"):
        countries.classify("Atlantis")
    with pytest.raises(UnknownCountryError):
        countries.classify("  ")


def test_non_state_names_never_become_states_in_to_iso3() -> None:
    assert countries.to_iso3("Hezbollah (Lebanon)*") is None
    assert countries.to_iso3("NATO**") is None
    assert countries.to_iso3("Lebanon") == "LBN"


def test_cow_and_gw_codes() -> None:
    assert countries.from_cow(373) == "AZE"
    assert countries.from_cow(666) == "ISR"
    assert countries.from_cow(365, 1980) == "SUN"
    assert countries.from_cow(365, 2000) == "RUS"
    assert countries.from_cow(345, 1980) == "YUG"
    assert countries.from_cow(345, 2000) == "SCG"
    assert countries.from_cow(345, 2010) == "SRB"
    assert countries.from_cow(680) == "YMD"
    assert countries.from_cow(245) is None  # Bavaria: no ISO code
    assert countries.from_gw(340) == "SRB"
    assert countries.from_gw(751) is None  # Hyderabad
    with pytest.raises(UnknownCountryError):
        countries.from_cow(1)


REVIEWED = Path(__file__).resolve().parent / "fixtures" / "ingest" / "actor_names.csv"


def test_every_name_matches_the_reviewed_list() -> None:
    """actor_names.csv is the reviewed name -> (ISO3, kind) list of every actor in the tables.

    A new publisher name, or a change in how a name is classified (a table edit in countries.py
    or a new country_converter release), fails here until the list is reviewed and updated.
    """
    reviewed = pd.read_csv(REVIEWED, keep_default_na=False)
    assert not reviewed["name"].duplicated().any()
    expected = {row.name: (row.iso3 or None, row.kind) for row in reviewed.itertuples()}
    found: set[str] = set()
    for table, name, _iso3, _kind in NAME_COLUMNS:
        found.update(datasets.load(table)[name].dropna().unique())
    assert sorted(found - set(expected)) == [], "names not in the reviewed list"
    assert sorted(set(expected) - found) == [], "reviewed names no longer in any table"
    changed = {n: countries.classify(n) for n in expected if countries.classify(n) != expected[n]}
    assert changed == {}


def test_names_answered_without_the_converter_agree_with_it():
    """UCDP/press names looked up in the project's own tables give the converter's answer."""
    import logging

    import country_converter as coco

    logging.getLogger("country_converter").setLevel(logging.ERROR)
    converter = coco.CountryConverter()
    for name in ("Turkey", "Ivory Coast", "Congo", "Hyderabad", "EU27", "European Union", "World"):
        found = converter.convert(name, src="regex", to="ISO3", not_found="\x00")
        assert countries.to_iso3(name) == (None if found == "\x00" else found), name
