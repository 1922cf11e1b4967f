"""The data catalogue (data/catalog.yaml): citation, licence, version and checksums per dataset.

`strategic-ties data build` writes the catalogue; everything else only reads it. Each entry holds
title, publisher, url, citation, licence, version, source_note, raw_files, processed (file,
sha256, bytes), rows, columns, coverage and caveats (see data/README.md).
"""

from __future__ import annotations

import json
import os
import time
from functools import cache
from pathlib import Path
from typing import Any

from strategic_ties import paths
from strategic_ties.errors import DataError
from strategic_ties.pipeline.manifest import write_cache_file

REBUILD = "strategic-ties data build --raw ../shared/data"

_cache: dict[tuple[str, tuple[int, ...]], dict[str, Any]] = {}
CACHE_VERSION = 1
FRESH_NS = 2_000_000_000  # a catalogue changed less than 2 s ago is not cached on disk


@cache
def _model():
    """The pydantic model of the catalogue (built on first use: pydantic is imported only when a
    catalogue is parsed, not when a cached parse is read)."""
    from pydantic import BaseModel, ConfigDict, StrictInt, StrictStr

    class _Model(BaseModel):
        model_config = ConfigDict(extra="allow")

    class Processed(_Model):
        file: StrictStr
        sha256: StrictStr | None = None
        bytes: StrictInt | None = None

    class Coverage(_Model):
        years: tuple[StrictInt, StrictInt] | None = None

    class Entry(_Model):
        """One dataset's entry: the fields readers rely on (others are kept as is)."""

        title: StrictStr
        url: StrictStr
        citation: StrictStr
        licence: StrictStr
        version: StrictStr
        source_note: StrictStr
        processed: Processed
        coverage: Coverage | None = None
        columns: dict[str, dict[str, Any] | None] | None = None
        raw_files: list[dict[str, Any]] | None = None
        caveats: list[StrictStr] | None = None

    class Catalog(_Model):
        datasets: dict[str, Entry]

    return Catalog


_KINDS = {
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "string_type": "a text",
    "int_type": "a whole number",
    "list_type": "a list",
    "tuple_type": "a list of two years",
}


def _problem(error: dict[str, Any]) -> str:
    """One pydantic error as reader words: where in the catalogue, what is wrong."""
    loc = [str(part) for part in error["loc"]]
    where = f"dataset {loc[1]!r}" if len(loc) > 1 and loc[0] == "datasets" else "the top level"
    field = ".".join(loc[2:]) if len(loc) > 2 else (loc[0] if loc and len(loc) == 1 else "")
    if error["type"] == "missing":
        return f"{where} has no {field!r}"
    found = type(error.get("input")).__name__.replace("NoneType", "nothing")
    found = {"str": "a text", "dict": "a mapping", "list": "a list", "int": "a number"}.get(
        found, found
    )
    wanted = _KINDS.get(error["type"], "another value")
    target = f"{field!r} of {where}" if field else where
    if len(loc) == 2:
        target = where
    return f"{target} should be {wanted}, not {found}"


def validate_catalog(loaded: Any, path: Path) -> dict[str, Any]:
    """The parsed catalogue checked as a whole (pydantic); DataError with one sentence if not."""
    if not isinstance(loaded, dict) or not isinstance(loaded.get("datasets"), dict):
        raise DataError(
            f"The data catalogue {path} has no 'datasets' section; rebuild it with `{REBUILD}`."
        )
    from pydantic import ValidationError

    try:
        _model().model_validate(loaded)
    except ValidationError as exc:
        errors = exc.errors()
        more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
        raise DataError(
            f"The data catalogue {path} is not valid: {_problem(errors[0])}{more}; "
            f"rebuild it with `{REBUILD}`."
        ) from None
    return loaded


def catalog_path() -> Path:
    return paths.data_dir() / "catalog.yaml"


def clear_cache() -> None:
    """Forget the parsed catalogue (the build calls this after writing a new one)."""
    _cache.clear()


def _identity(stat: os.stat_result) -> tuple[int, ...]:
    """Size, modification and status-change times, inode, device: any write changes one."""
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev)


def _parsed_path() -> Path:
    return paths.data_dir() / ".cache" / "catalog.json"


def _read_parsed(path: Path, identity: tuple[int, ...]) -> dict[str, Any] | None:
    """The catalogue as parsed and validated by an earlier process, if its file is unchanged."""
    try:
        stored = json.loads(_parsed_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if (
        isinstance(stored, dict)
        and stored.get("version") == CACHE_VERSION
        and stored.get("path") == str(path)
        and stored.get("identity") == list(identity)
        and isinstance(stored.get("catalog"), dict)
    ):
        return stored["catalog"]
    return None


def _write_parsed(path: Path, stat: os.stat_result, loaded: dict[str, Any]) -> None:
    """Store the validated parse as JSON for later processes (YAML parsing costs each kernel
    ~30 ms, JSON ~1 ms). Skipped for a file changed within FRESH_NS (timestamps are coarse, so
    a change moments later could keep them) or a parse JSON cannot hold exactly (dates)."""
    if time.time_ns() - max(stat.st_ctime_ns, stat.st_mtime_ns) < FRESH_NS:
        return
    try:
        text = json.dumps(
            {
                "version": CACHE_VERSION,
                "path": str(path),
                "identity": list(_identity(stat)),
                "catalog": loaded,
            }  # fmt: skip
        )
    except (TypeError, ValueError):
        return
    if json.loads(text)["catalog"] != loaded:
        return
    write_cache_file(_parsed_path(), text)


def _parse(path: Path) -> dict[str, Any]:
    import yaml

    # libyaml parses the catalogue ~10x faster than pure Python.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        loaded = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise DataError(
            f"The data catalogue {path} is not valid YAML ({type(exc).__name__}); "
            f"rebuild it with `{REBUILD}`."
        ) from None
    return validate_catalog(loaded, path)


def load_catalog() -> dict[str, Any]:
    """The whole catalogue as a dict: {'datasets': {name: entry, ...}, ...}.

    Parsed once per process; a later process reads the validated parse from
    data/.cache/catalog.json while catalog.yaml's identity (size, times, inode) is unchanged.
    """
    path = catalog_path()
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise DataError(
            f"The data catalogue {path} is missing; rebuild it with `{REBUILD}`."
        ) from None
    key = (str(path), _identity(stat))
    if key not in _cache:
        loaded = _read_parsed(path, key[1])
        if loaded is None:
            loaded = _parse(path)
            _write_parsed(path, stat, loaded)
        _cache.clear()
        _cache[key] = loaded
    return _cache[key]


def datasets() -> list[str]:
    """Names of the datasets in the catalogue, sorted."""
    return sorted(load_catalog()["datasets"])


def entry(name: str) -> dict[str, Any]:
    """The catalogue entry of one dataset, or DataError naming it."""
    found = load_catalog()["datasets"].get(name)
    if found is None:
        known = ", ".join(datasets())
        raise DataError(
            f"Dataset {name!r} is not in the data catalogue {catalog_path()} (known: {known}); "
            f"rebuild it with `{REBUILD}`."
        )
    return found


def source_note(name: str) -> str:
    """One line for a chart's source note, e.g. 'SIPRI Arms Transfers Database, data generated 12 Feb 2026'."""
    return str(entry(name)["source_note"])


def source_notes(*names: str) -> str:
    """Source notes of several datasets, each once, joined with '; ' (for a combined note)."""
    return "; ".join(dict.fromkeys(source_note(name) for name in names))


def citation(name: str) -> str:
    """The full citation text the publisher asks for."""
    return str(entry(name)["citation"])


def licence(name: str) -> str:
    return str(entry(name)["licence"])


def version(name: str) -> str:
    """Release or export date of the dataset, as the publisher states it."""
    return str(entry(name)["version"])


def coverage_years(name: str) -> tuple[int, int]:
    first, last = entry(name)["coverage"]["years"]
    return int(first), int(last)


def latest_year() -> int:
    """Last delivery year in SIPRI's arms_deliveries table (the report's default end year)."""
    return coverage_years("arms_deliveries")[1]
