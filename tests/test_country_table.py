"""The precomputed name -> ISO3 table gives the converter's own answers."""

from __future__ import annotations

import subprocess
import sys

from strategic_ties import _country_names, countries
from strategic_ties.country_table import build_table


def test_table_is_the_converters_current_data() -> None:
    fresh = build_table()
    assert fresh["COCO_VERSION"] == _country_names.COCO_VERSION
    assert fresh["ISO3_NAMES"] == _country_names.ISO3_NAMES
    assert fresh["EXACT"] == _country_names.EXACT


def test_every_table_name_resolves_as_the_converter_does() -> None:
    converter = countries._converter()
    for key, iso3 in _country_names.EXACT.items():
        for text in (key, key.title(), key.upper()):
            assert converter.convert(text, src="regex", to="ISO3", not_found=None) == iso3, text
            assert countries.to_iso3(text) == iso3 or countries.to_iso3(text) in {
                countries.HISTORICAL.get(key),
                countries.SPELLINGS.get(key),
            }


def test_resolving_common_names_imports_no_pandas() -> None:
    script = (
        "import sys\n"
        "from strategic_ties import countries\n"
        "got = [countries.resolve(n).iso3 for n in ('Israel', 'azerbaijan', 'IRN', 'Russia')]\n"
        "assert got == ['ISR', 'AZE', 'IRN', 'RUS'], got\n"
        "print('pandas' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "False"
