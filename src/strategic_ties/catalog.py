"""The data catalogue (data/catalog.yaml): citation, licence, version and checksums per dataset.

`strategic-ties data build` writes the catalogue; everything else only reads it. Each entry holds
title, publisher, url, citation, licence, version, source_note, raw_files, processed (file,
sha256, bytes), rows, columns, coverage and caveats (see data/README.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, StrictInt, StrictStr, ValidationError

from strategic_ties import paths
from strategic_ties.errors import DataError

REBUILD = "strategic-ties data build --raw ../shared/data"

_cache: dict[tuple[str, int, int], dict[str, Any]] = {}
# libyaml parses the catalogue ~10x faster than pure Python (keeps a cached build under 1 s).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Model(BaseModel):
    model_config = ConfigDict(extra="allow")


class Processed(_Model):
    file: StrictStr
    sha256: StrictStr | None = None
    bytes: StrictInt | None = None


class Coverage(_Model):
    years: tuple[StrictInt, StrictInt] | None = None


class Entry(_Model):
    """One dataset's entry: the fields readers of the catalogue rely on (others are kept as is)."""

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
    try:
        Catalog.model_validate(loaded)
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


def load_catalog() -> dict[str, Any]:
    """The whole catalogue as a dict: {'datasets': {name: entry, ...}, ...}."""
    path = catalog_path()
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise DataError(
            f"The data catalogue {path} is missing; rebuild it with `{REBUILD}`."
        ) from None
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _cache:
        try:
            loaded = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise DataError(
                f"The data catalogue {path} is not valid YAML ({type(exc).__name__}); "
                f"rebuild it with `{REBUILD}`."
            ) from None
        _cache.clear()
        _cache[key] = validate_catalog(loaded, path)
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
