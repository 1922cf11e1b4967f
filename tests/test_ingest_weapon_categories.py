"""The weapon-category table covers every SIPRI description deliberately."""

from __future__ import annotations

from pathlib import Path

import pytest

from strategic_ties.errors import DataError
from strategic_ties.ingest import sipri
from strategic_ties.ingest.weapon_categories import (
    _BY_CATEGORY,
    CATEGORIES,
    MAPPING,
    categorise,
    category_of,
)

RAW = Path(__file__).resolve().parents[2] / "shared" / "data" / "sipri"
needs_raw = pytest.mark.skipif(not RAW.is_dir(), reason=f"raw SIPRI files not at {RAW}")


def test_table_is_consistent() -> None:
    assert set(_BY_CATEGORY) == set(CATEGORIES)
    listed = [d for descriptions in _BY_CATEGORY.values() for d in descriptions]
    assert len(listed) == len(set(listed)), "a description is listed under two categories"
    assert all(d == d.lower().strip() for d in listed)
    # 'other' is an explicit list: engines, refuelling systems, a reactor, a helicopter turret
    assert set(_BY_CATEGORY["other"]) == {
        "air refuel system", "aircraft engine", "aircraft jet engine", "gas turbine",
        "helicopter turret", "ship engine", "ship nuclear reactor", "turbofan", "turbojet",
        "turboprop", "vehicle engine",
    }  # fmt: skip


def test_lookup_is_case_and_space_insensitive() -> None:
    assert category_of("SONAR") == category_of("sonar") == "sensors"
    assert category_of("  Armoured supply vehicle ") == "armoured vehicles"
    assert category_of("FGA aircraft") == "aircraft"
    assert category_of("loitering munition") == "UAVs and loitering munitions"
    assert category_of("SAM system") == "air defence"
    assert category_of("SAM") == "missiles"  # the interceptor, as SIPRI files it
    assert category_of("naval gun") == "artillery and rocket launchers"
    assert category_of("death ray") is None


def test_unmapped_description_fails() -> None:
    with pytest.raises(DataError, match="'death ray'"):
        categorise(["tank", "death ray"])
    assert categorise(["tank", None]) == ["armoured vehicles", None]


@needs_raw
def test_every_description_in_the_real_files_is_mapped() -> None:
    rows, _ = sipri.read_register_rows(RAW / "sipri_trade_register_all_1950-2024_gen2025-03-13.csv")
    register = {row[7].strip() for row in rows}
    deliveries = set(
        sipri.parse_deliveries(RAW / "sipri_deliveries_by_year_all_1995-2024_gen2026-02-12.csv")[
            "description"
        ]
    )
    descriptions = register | deliveries
    assert len(descriptions) > 200
    unmapped = sorted(d for d in descriptions if category_of(d) is None)
    assert unmapped == []
    # and the table has no stale entries that occur in neither file
    used = {d.lower() for d in descriptions}
    assert sorted(set(MAPPING) - used) == []
