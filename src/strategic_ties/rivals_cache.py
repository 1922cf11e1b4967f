"""The rivals chosen from the data, remembered on disk (standard library only).

Choosing the rivals (`strategic_ties.analysis.rivals.choose_rivals`) imports pandas and reads
three tables: about a second of CPU. Parameter validation needs them before the build cache is
consulted, so without this every `strategic-ties run`, even one with nothing to do, would pay it.
The answer is stored in `data/.cache/rivals/<key>.json`, where the key hashes the country,
partner, years and limit, the data fingerprint (catalogue checksums, processed files' sizes and
modification times) and the code that chooses (the analysis package and the country names).
Any change to those gives a new key, so a stored answer is never stale; a folder that cannot be
written only costs the computation.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from strategic_ties import paths
from strategic_ties.pipeline.manifest import write_cache_file

VERSION = 1


def cache_dir() -> Path:
    return paths.data_dir() / ".cache" / "rivals"


def _code_digest() -> str:
    root = paths.PACKAGE_DIR
    files = [root / "countries.py", root / "datasets.py", *sorted((root / "analysis").glob("*.py"))]
    hasher = hashlib.sha256()
    for path in files:
        if path.is_file():
            hasher.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return hasher.hexdigest()


def key(country: str, partner: str, start_year: int, end_year: int, limit: int) -> str:
    """The cache key of one choice (see the module docstring for what it covers)."""
    from strategic_ties.pipeline.cache import data_fingerprint

    parts = [VERSION, country, partner, start_year, end_year, limit]
    parts += [data_fingerprint(), _code_digest()]
    return hashlib.sha256(json.dumps(parts).encode("utf-8")).hexdigest()


def _read(path: Path) -> list[str] | None:
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    rivals = stored.get("rivals") if isinstance(stored, dict) else None
    if isinstance(rivals, list) and all(isinstance(r, str) for r in rivals):
        return rivals
    return None


def chosen_rivals(
    country: str, partner: str, start_year: int, end_year: int, limit: int = 3
) -> list[str]:
    """`choose_rivals(country, partner, start_year, end_year, limit)`, read from the disk cache
    when the same question was answered on the same data and code."""
    path = cache_dir() / f"{key(country, partner, start_year, end_year, limit)}.json"
    stored = _read(path)
    if stored is not None:
        return stored
    from strategic_ties.analysis.rivals import choose_rivals

    rivals = choose_rivals(country, partner, start_year, end_year, limit)
    record = {
        "country": country,
        "partner": partner,
        "start_year": start_year,
        "end_year": end_year,
        "limit": limit,
        "rivals": rivals,
    }
    write_cache_file(path, json.dumps(record))
    return rivals
