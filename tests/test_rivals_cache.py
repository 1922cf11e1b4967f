"""The disk cache of the rivals chosen from the data: same answer as the computation, never stale,
and a parameter validation that finds its answer there imports no pandas."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from strategic_ties import rivals_cache
from strategic_ties.analysis.rivals import choose_rivals


@pytest.fixture
def cache_in(tmp_path, monkeypatch):
    folder = tmp_path / "rivals"
    monkeypatch.setattr(rivals_cache, "cache_dir", lambda: folder)
    return folder


@pytest.mark.parametrize(
    ("country", "partner", "first"),
    [
        ("Azerbaijan", "Israel", ["Armenia", "Iran", "Russia"]),
        ("Armenia", "Russia", ["Azerbaijan"]),
    ],
)
def test_cached_rivals_are_the_computed_ones(cache_in, country, partner, first) -> None:
    computed = choose_rivals(country, partner, 1992, 2024)
    assert computed[: len(first)] == first
    assert rivals_cache.chosen_rivals(country, partner, 1992, 2024) == computed  # computed, stored
    (stored,) = cache_in.glob("*.json")
    assert json.loads(stored.read_text())["rivals"] == computed
    assert rivals_cache.chosen_rivals(country, partner, 1992, 2024) == computed  # read back


def test_the_answer_is_read_from_disk_and_keyed_by_the_question(cache_in) -> None:
    rivals_cache.chosen_rivals("Azerbaijan", "Israel", 1992, 2024)
    (stored,) = cache_in.glob("*.json")
    record = json.loads(stored.read_text())
    stored.write_text(json.dumps({**record, "rivals": ["Marker"]}))
    assert rivals_cache.chosen_rivals("Azerbaijan", "Israel", 1992, 2024) == ["Marker"]
    assert rivals_cache.chosen_rivals("Azerbaijan", "Israel", 1993, 2024) != ["Marker"]
    assert len(list(cache_in.glob("*.json"))) == 2
    stored.write_text("not json")  # a damaged file is recomputed
    assert rivals_cache.chosen_rivals("Azerbaijan", "Israel", 1992, 2024)[0] == "Armenia"


def test_key_follows_data_and_code(monkeypatch) -> None:
    before = rivals_cache.key("Azerbaijan", "Israel", 1992, 2024, 3)
    monkeypatch.setattr(rivals_cache, "_code_digest", lambda: "other code")
    assert rivals_cache.key("Azerbaijan", "Israel", 1992, 2024, 3) != before
    monkeypatch.undo()
    from strategic_ties.pipeline import cache

    monkeypatch.setattr(cache, "data_fingerprint", lambda: "other data")
    assert rivals_cache.key("Azerbaijan", "Israel", 1992, 2024, 3) != before


def test_validation_with_a_stored_answer_imports_no_pandas() -> None:
    script = (
        "import sys\n"
        "from strategic_ties import params\n"
        "p = params.validate()\n"
        "assert p.rivals == ['Armenia', 'Iran', 'Russia'], p.rivals\n"
        "print(sorted(m for m in ('pandas', 'pyarrow', 'pandera') if m in sys.modules))\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)  # fills the cache if needed
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "[]"
