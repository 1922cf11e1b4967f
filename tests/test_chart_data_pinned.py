"""Same results: the default report's chart-data CSVs match the pinned copy in tests/pinned/.

Numbers must agree to a relative 1e-9, text exactly. When a result changes ON PURPOSE, regenerate
the pin with ``.venv/bin/python tests/pin_chart_data.py`` (see its docstring) and give the reason
in the commit message.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pin_chart_data import PINNED, REGENERATE, compare, differences

from strategic_ties import paths

needs_data = pytest.mark.skipif(
    not (paths.data_dir() / "catalog.yaml").is_file(),
    reason="processed data not built (run `strategic-ties data build --raw ../shared/data`)",
)


def test_comparison_tolerates_rounding_noise_only() -> None:
    pinned = "year,value,name\n2000,0.1,Israel\n2001,,Iran\n"
    assert (
        differences(pinned, "year,value,name\n2000,0.10000000000000002,Israel\n2001,,Iran\n") == []
    )
    assert differences(pinned, "year,value,name\n2000,0.1001,Israel\n2001,,Iran\n") == [
        "row 1, value: '0.1' -> '0.1001'"
    ]
    assert differences(pinned, "year,value,name\n2000,0.1,Israel\n2001,0,Iran\n") == [
        "row 2, value: '' -> '0'"
    ]
    assert differences(pinned, "year,value,name\n2000,0.1,Israel\n") == ["2 rows -> 1 rows"]
    assert differences(pinned, "year,value,label\n2000,0.1,Israel\n2001,,Iran\n")


def test_every_pinned_file_is_a_csv_with_a_header() -> None:
    files = sorted(PINNED.glob("*/*.csv"))
    assert {f.parent.name for f in files} >= {"arms_trade", "bilateral_ties", "threat_picture"}
    assert all(f.read_text("utf-8").split("\n", 1)[0] for f in files)


@pytest.mark.slow
@needs_data
def test_default_report_chart_data_matches_the_pin(default_report: Path) -> None:
    problems = compare(default_report)
    assert not problems, f"chart data changed ({REGENERATE}):\n" + "\n".join(problems[:40])
