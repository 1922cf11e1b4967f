"""Helpers shared by the parsers: strict reading, actor classification, typed frames, Parquet."""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from strategic_ties import countries
from strategic_ties.errors import DataError, UnknownCountryError
from strategic_ties.schemas import TABLES

# Text columns are pandas "string" backed by Arrow: loads of the big tables stay fast, and
# `dtype == "string"` holds as for the Python-backed variant.
STRING = pd.StringDtype("pyarrow")


def require(path: Path, what: str) -> Path:
    """The path itself, or DataError if the raw file is absent."""
    if not path.is_file():
        raise DataError(f"The raw file for {what} is missing: {path} does not exist.")
    return path


def read_text(path: Path, encoding: str, what: str) -> str:
    """Decode a raw export strictly in the encoding its publisher uses.

    'latin-1' decodes any byte, so for Latin-1 exports a file that is valid UTF-8 with non-ASCII
    characters is rejected: it has been re-saved and would turn 'Türkiye' into mojibake.
    """
    data = require(path, what).read_bytes()
    if encoding == "latin-1":
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            if any(b > 0x7F for b in data):
                raise DataError(
                    f"{path.name} ({what}) is UTF-8 encoded, but SIPRI exports Latin-1; "
                    "use the file as downloaded from the publisher."
                )
        return data.decode("latin-1")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DataError(
            f"{path.name} ({what}) is not valid {encoding} text (byte {exc.start}); "
            "use the file as downloaded from the publisher."
        ) from None


def read_csv_text(text: str, path: Path, what: str, **kwargs) -> pd.DataFrame:
    """pandas.read_csv on decoded text, with parser errors turned into one DataError sentence."""
    try:
        return pd.read_csv(io.StringIO(text), **kwargs)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DataError(
            f"{path.name} ({what}) cannot be parsed as CSV: {first.rstrip('.')}."
        ) from None


def require_columns(frame: pd.DataFrame, columns: Iterable[str], path: Path, what: str) -> None:
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise DataError(
            f"{path.name} ({what}) lacks the column(s) {', '.join(map(repr, missing))}; "
            "the publisher's format may have changed."
        )


def read_csv_rows(path: Path, what: str, columns: Iterable[str], **kwargs) -> pd.DataFrame:
    """A UTF-8 CSV export (read_csv_text with `kwargs`) that has `columns` and at least one row;
    DataError otherwise."""
    raw = read_csv_text(read_text(path, "utf-8", what), path, what, **kwargs)
    require_columns(raw, columns, path, what)
    if raw.empty:
        raise DataError(f"{path.name} ({what}) has no rows.")
    return raw


def classify_names(names: Iterable[str], what: str) -> dict[str, tuple[str | None, str]]:
    """Classify every distinct name; one DataError listing all names that are not mapped."""
    out: dict[str, tuple[str | None, str]] = {}
    unmapped: list[str] = []
    for name in sorted({str(n) for n in names if isinstance(n, str)}):
        try:
            out[name] = countries.classify(name)
        except UnknownCountryError:
            unmapped.append(name)
    if unmapped:
        raise DataError(
            f"{what} contains names that countries.classify does not map: "
            f"{', '.join(map(repr, unmapped))}; add them to the tables in countries.py."
        )
    return out


def add_actor(frame: pd.DataFrame, column: str, what: str, prefix: str | None = None) -> None:
    """Add `<prefix>_iso3` and `<prefix>_kind` columns (prefix defaults to the column name)."""
    prefix = column if prefix is None else prefix
    mapping = classify_names(frame[column].dropna().unique(), what)
    iso3 = {name: value[0] for name, value in mapping.items()}
    kind = {name: value[1] for name, value in mapping.items()}
    frame[f"{prefix}_iso3" if prefix else "iso3"] = frame[column].map(iso3)
    frame[f"{prefix}_kind" if prefix else "kind"] = frame[column].map(kind)


def finish(name: str, frame: pd.DataFrame, sort: list[str]) -> pd.DataFrame:
    """Cast to the schema's dtypes, fix the column order and sort rows (deterministic output)."""
    spec = TABLES[name]
    missing = [c for c in spec if c not in frame.columns]
    if missing:
        raise DataError(f"Internal: table {name} lacks {missing}.")
    out = pd.DataFrame(index=frame.index)
    for column, (dtype, _meaning) in spec.items():
        values = frame[column]
        if dtype == "string":
            values = values.astype(STRING)  # None and NaN become <NA>
        elif dtype == "Int64":
            values = pd.to_numeric(values).astype("Int64")
        elif dtype == "float64":
            values = pd.to_numeric(values).astype("float64")
        elif dtype == "boolean":
            values = values.astype("boolean")
        elif dtype.startswith("datetime64"):
            values = pd.to_datetime(values).astype("datetime64[ns]")
        out[column] = values
    keys = sort if not out.duplicated(sort).any() else sort + [c for c in spec if c not in sort]
    out = out.sort_values(keys, kind="mergesort")
    return out.reset_index(drop=True)


def write_parquet(frame: pd.DataFrame, path: Path, row_group_rows: int | None = None) -> None:
    """Write deterministically: no index, fixed compression, no timestamps.

    One row group, or groups of ``row_group_rows`` rows: with rows sorted by a key, a reader
    that filters on that key (`datasets.load(name, where=...)`) skips the other groups.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(frame, preserve_index=False)
    pq.write_table(
        table,
        path,
        compression="zstd",
        compression_level=9,
        # No dictionary pages. The text columns are large_string, so the former list of
        # pa.string() columns was always empty: the files never had them. Measured
        # (benchmarks/RESULTS-load.md): dictionary pages do not make the loader faster, since
        # pandas needs the strings decoded in full; they only shrink some files.
        use_dictionary=False,
        row_group_size=row_group_rows or max(len(frame), 1),
        write_statistics=True,
        store_schema=True,
    )
