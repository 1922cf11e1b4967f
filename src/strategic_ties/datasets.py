"""load(name) -> a processed table, verified against the catalogue's checksum and the schema.

Every failure a user can meet (file missing, truncated, tampered with, built by an incompatible
version) is a DataError with one sentence naming the dataset, the file and the rebuild command.
"""

from __future__ import annotations

import hashlib
import mmap
import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pandas as pd
import pyarrow as pa

from strategic_ties import catalog, paths, stamps
from strategic_ties.errors import DataError
from strategic_ties.schemas import ACTOR_KINDS, TABLES, column_problem

REBUILD = catalog.REBUILD

_loaded: dict[tuple, pd.DataFrame] = {}
# Verified file contents per (name, path, mtime, size): the bytes whose SHA-256 matched (or a
# memory map of a file whose checksum stamp matched, see _open_verified), so a load reads the
# very contents that were checked, and the check runs once per process.
_verified: dict[tuple[str, str, int, int], pa.Buffer] = {}
# Whole tables decoded to Arrow (single-row-group files): filtered loads select from them.
_arrow: dict[tuple[str, str, int, int], pa.Table] = {}
Where = dict[str, Iterable[str]]
# Arrow strings become pandas "string[pyarrow]" without a copy (the dtype schemas.TABLES promises).
_STRINGS = {pa_type: pd.StringDtype("pyarrow") for pa_type in (pa.string(), pa.large_string())}


def names() -> list[str]:
    """Every dataset the package defines (the keys of schemas.TABLES)."""
    return list(TABLES)


def path_of(name: str) -> Path:
    return paths.processed_dir() / f"{name}.parquet"


def clear_cache() -> None:
    """Forget every loaded table (the build calls this after replacing files)."""
    _loaded.clear()
    _verified.clear()
    _arrow.clear()
    catalog.clear_cache()


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file, read in 1 MiB blocks (the checksums in data/catalog.yaml)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fail(name: str, path: Path, problem: str) -> DataError:
    return DataError(
        f"Dataset '{name}' ({path}) {problem}; rebuild the processed data with `{REBUILD}`."
    )


_KINDS = frozenset(ACTOR_KINDS)


def _known_kinds(series: pd.Series) -> bool:
    """Every non-null value is one of schemas.ACTOR_KINDS.

    Tested on the distinct values (a handful) instead of row by row: the same guarantee, and on
    the 2.6 million rows of `trade` one hashing pass instead of a pass plus a boolean mask.
    """
    return all(value in _KINDS for value in series.unique() if not pd.isna(value))


@cache
def pandera_schema(name: str):
    """The pandera schema of a table, built from schemas.TABLES (exact columns, order and dtypes)."""
    import pandera.pandas as pandera

    known_kinds = pandera.Check(
        _known_kinds,
        element_wise=False,
        name="known_actor_kinds",
        error=f"values outside {', '.join(ACTOR_KINDS)}",
    )
    columns = {}
    for column, (dtype, _meaning) in TABLES[name].items():
        checks = [known_kinds] if column == "kind" or column.endswith("_kind") else []
        kind = pd.StringDtype("pyarrow") if dtype == "string" else dtype
        columns[column] = pandera.Column(kind, checks=checks, nullable=True)
    return pandera.DataFrameSchema(columns, strict=True, ordered=True, coerce=False, name=name)


@cache
def _expected_dtypes(name: str) -> dict[str, object]:
    return {
        column: pd.StringDtype("pyarrow") if dtype == "string" else pd.api.types.pandas_dtype(dtype)
        for column, (dtype, _meaning) in TABLES[name].items()
    }


def conforms(name: str, frame: pd.DataFrame) -> bool:
    """True when the frame passes the pandera schema, decided without pandera: the schema only
    asks for exactly these columns in this order, these dtypes (no coercion, nulls allowed) and
    known actor kinds, which a few comparisons check. False means "ask pandera" (which then
    names the problem), never that pandera would accept it."""
    expected = _expected_dtypes(name)
    if list(frame.columns) != list(expected):
        return False
    for column, dtype in expected.items():
        if frame[column].dtype != dtype:
            return False
        if (column == "kind" or column.endswith("_kind")) and not _known_kinds(frame[column]):
            return False
    return True


def validate(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Check a frame against the table's schema; raise pandera's error (callers wrap it).

    A frame that `conforms` needs no pandera (and no pandera import: ~0.3 s per kernel, and
    ~25-80 ms per first load). Otherwise pandera decides and names the problem.
    inplace=True only spares pandera a defensive copy of the whole frame: the schema does not
    coerce, so nothing is modified.
    """
    if conforms(name, frame):
        return frame
    checked = pandera_schema(name).validate(frame, lazy=False, inplace=True)
    # pandas caches the `.pandera` accessor that pandera used on the frame, and the accessor
    # refers back to the frame: a reference cycle that kept a forgotten table (400 MB for
    # `trade`) alive until the next full garbage collection. The schema stays registered.
    checked.__dict__.pop("pandera", None)
    return checked


def _schema_problem(exc: Exception, frame: pd.DataFrame | None = None, name: str = "") -> str:
    """A short description of a schema failure: the columns first (names, order), else pandera's
    first error cut to one line (its lazy SchemaErrors print a JSON report, not a sentence)."""
    if frame is not None and name in TABLES:
        found = column_problem(name, [str(c) for c in frame.columns])
        if found:
            return found
    errors = getattr(exc, "schema_errors", None)
    if errors:
        exc = errors[0]
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    text = text.split(" DataFrameSchema {")[0].rstrip(".")
    return text if len(text) <= 200 else text[:199] + "…"


def load(
    name: str, where: Where | None = None, columns: Iterable[str] | None = None
) -> pd.DataFrame:
    """The processed table `name` as a pandas DataFrame with exactly the columns of schemas.TABLES.

    Verified against the SHA-256 in data/catalog.yaml and the schema on the first load in a
    process (the hash is skipped when the file's checksum stamp from an earlier process still
    matches its identity, see strategic_ties.stamps; `check` always hashes); later loads come
    from a cache and return a copy, so callers may modify it. The copy is cheap: Arrow-backed
    string columns are immutable and shared, only the numeric columns are duplicated.

    ``where={"reporter_iso3": ["ISR", "AZE"]}`` returns only the rows whose column holds one of
    the values (in the file's order, index 0..n-1): the same rows as ``load(name)`` filtered
    with ``isin``, read from the verified Parquet bytes. Row groups without such rows are
    skipped (tables written in sorted row groups, see ingest.build.ROW_GROUP_ROWS), so one
    pair's rows of `trade` never decode the whole table. The rows are checked with the schema.

    ``columns=["rcid", "iso3", "vote", "year"]`` returns only those columns (in the table's
    order, same dtypes, checked against the schema): ``load(name)[columns]``, decoding only
    them (the 870,000 rows of `unga_votes` in ~40 ms instead of ~120 ms for all 14 columns).
    """
    if name not in TABLES:
        raise DataError(
            f"There is no dataset named {name!r}; the datasets are: {', '.join(TABLES)}."
        )
    wanted = _wanted(name, columns)
    path = path_of(name)
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise _fail(name, path, "is missing") from None
    key = (name, str(path), stat.st_mtime_ns, stat.st_size)
    if where is None and wanted is None:
        if key not in _loaded:
            _loaded[key] = _checked(name, path, _decode(name, path, _verified_buffer(key)))
        return _loaded[key].copy()
    filters = tuple(
        sorted((column, tuple(sorted(set(values)))) for column, values in (where or {}).items())
    )
    unknown = [column for column, _ in filters if column not in TABLES[name]]
    if unknown:
        raise DataError(f"Dataset '{name}' has no column {unknown[0]!r} to select rows by.")
    if key in _loaded:  # the whole table is in memory already: select from it
        frame = _loaded[key]
        mask = pd.Series(True, index=frame.index)
        for column, values in filters:
            mask &= frame[column].isin(values).fillna(False).astype(bool)
        frame = frame[mask] if filters else frame
        return (frame if wanted is None else frame[list(wanted)]).reset_index(drop=True)
    selection = (key, filters) if wanted is None else (key, filters, wanted)
    if selection not in _loaded:
        _loaded[selection] = _checked(name, path, _select(key, filters, wanted), wanted)
    return _loaded[selection].copy()


def _wanted(name: str, columns: Iterable[str] | None) -> tuple[str, ...] | None:
    """The requested columns in the table's order (None: all of them), or DataError."""
    if columns is None:
        return None
    asked = set(columns)
    unknown = sorted(asked - set(TABLES[name]))
    if unknown:
        raise DataError(f"Dataset '{name}' has no column {unknown[0]!r} to load.")
    if asked == set(TABLES[name]):
        return None
    return tuple(column for column in TABLES[name] if column in asked)


def given_or_loaded(name: str, data: pd.DataFrame | None, **where: Iterable[str]) -> pd.DataFrame:
    """`data` when the caller passed a frame, else the processed table `name` (see load); keyword
    arguments select rows (``reporter_iso3=[a, b]``) that the caller would keep anyway."""
    if data is not None:
        return data
    return load(name, where or None)


def _verified_buffer(key: tuple[str, str, int, int]) -> pa.Buffer:
    if key not in _verified:
        _verified[key] = _open_verified(key[0], Path(key[1]))
    return _verified[key]


def _parquet(buffer: pa.Buffer):
    """A Parquet reader over the buffer: `.metadata`, `.read_all()`, `.read_row_groups()`.

    pyarrow's own ParquetReader, which pq.ParquetFile wraps, opened with ParquetFile's defaults:
    importing pyarrow.parquet also imports pyarrow.fs (with ssl and the Azure file system),
    ~30 ms of every kernel's first load. Should that internal class change, ParquetFile's reader
    is used instead (tests/test_datasets.py checks both give the same tables).
    """
    try:
        from pyarrow._parquet import ParquetReader

        reader = ParquetReader()
        reader.open(
            pa.BufferReader(buffer),
            use_memory_map=False,
            buffer_size=0,
            pre_buffer=True,
            arrow_extensions_enabled=True,
        )
        return reader
    except (ImportError, TypeError, AttributeError):
        import pyarrow.parquet as pq

        return pq.ParquetFile(pa.BufferReader(buffer)).reader


def _decode(name: str, path: Path, buffer: pa.Buffer) -> pd.DataFrame:
    try:
        table = _parquet(buffer).read_all(use_threads=False)
        return table.to_pandas(types_mapper=_STRINGS.get, use_threads=False)
    except Exception as exc:  # pyarrow raises many types for a corrupt file
        raise _fail(name, path, f"cannot be read as Parquet ({type(exc).__name__})") from None


def _groups(metadata, filters: tuple) -> list[int]:
    """Row groups that may hold rows matching every filter, by their min/max statistics."""
    columns = [metadata.schema.column(i).path for i in range(metadata.num_columns)]
    wanted = [(columns.index(column), values) for column, values in filters if column in columns]
    keep = []
    for group in range(metadata.num_row_groups):
        row_group = metadata.row_group(group)
        for index, values in wanted:
            stats = row_group.column(index).statistics
            if stats is None:
                continue
            if stats.has_null_count and stats.null_count == row_group.num_rows:
                break  # only nulls, which match no value
            if not stats.has_min_max:
                continue
            low, high = stats.min, stats.max
            try:
                if not any(low <= value <= high for value in values):
                    break
            except TypeError:  # values of another type than the column: decide on the rows
                continue
        else:
            keep.append(group)
    return keep


def _select(key: tuple[str, str, int, int], filters: tuple, wanted: tuple | None) -> pd.DataFrame:
    """Rows of a verified file matching every (column, values) filter, in the file's order,
    with the `wanted` columns (None: all).

    Files in several row groups (sorted by the key, see ingest.build.ROW_GROUP_ROWS) read only
    the groups whose statistics allow a match, and only the columns needed; a one-group file
    is decoded to Arrow once and later selections filter that."""
    import pyarrow.compute as pc

    name, path = key[0], Path(key[1])
    buffer = _verified_buffer(key)
    try:
        table = _arrow.get(key)
        if table is None:
            parquet = _parquet(buffer)
            metadata = parquet.metadata
            if metadata.num_row_groups > 1:
                groups = _groups(metadata, filters)
                indices = None
                if wanted is not None:
                    needed = set(wanted) | {column for column, _ in filters}
                    names = [metadata.schema.column(i).path for i in range(metadata.num_columns)]
                    indices = [i for i, column in enumerate(names) if column in needed]
                table = parquet.read_row_groups(groups, column_indices=indices, use_threads=False)
            else:
                table = _arrow[key] = parquet.read_all(use_threads=False)
    except Exception as exc:  # pyarrow raises many types for a corrupt file
        raise _fail(name, path, f"cannot be read as Parquet ({type(exc).__name__})") from None
    needed = [column for column, _ in filters] + list(wanted or ())
    missing = [column for column in needed if column not in table.column_names]
    if missing:
        raise _fail(name, path, f"does not match its schema (no column {missing[0]!r})")
    mask = None
    for column, values in filters:
        found = pc.is_in(table[column], value_set=pa.array(values, table[column].type))
        mask = found if mask is None else pc.and_(mask, found)
    if mask is not None:
        table = table.filter(pc.fill_null(mask, False))
    if wanted is not None:
        table = table.select(list(wanted))
    return table.to_pandas(types_mapper=_STRINGS.get, use_threads=False)


def _checked(
    name: str, path: Path, frame: pd.DataFrame, wanted: tuple | None = None
) -> pd.DataFrame:
    if wanted is not None:  # some columns: each must be as the schema says
        problem = _columns_problem(name, frame, wanted)
        if problem:
            raise _fail(name, path, f"does not match its schema ({problem})")
        return frame
    try:
        validate(name, frame)
    except Exception as exc:  # pandera SchemaError / SchemaErrors
        problem = _schema_problem(exc, frame, name)
        raise _fail(name, path, f"does not match its schema ({problem})") from None
    return frame


def _columns_problem(name: str, frame: pd.DataFrame, wanted: tuple) -> str | None:
    """What is wrong with a frame of some of a table's columns (None: nothing), checked as
    `conforms` checks whole tables: these columns in order, their dtypes, known actor kinds."""
    if tuple(frame.columns) != wanted:
        return f"columns {', '.join(map(str, frame.columns))}, expected {', '.join(wanted)}"
    expected = _expected_dtypes(name)
    for column in wanted:
        if frame[column].dtype != expected[column]:
            return f"column {column!r} has dtype {frame[column].dtype}, expected {expected[column]}"
        if (column == "kind" or column.endswith("_kind")) and not _known_kinds(frame[column]):
            return f"column {column!r} has values outside {', '.join(ACTOR_KINDS)}"
    return None


def _expected(name: str, path: Path) -> dict:
    """The catalogue's `processed` entry (sha256, bytes) of a dataset, or DataError."""
    try:
        listed = catalog.load_catalog()["datasets"]
    except DataError:
        if catalog.catalog_path().is_file():
            raise  # present but invalid: the catalogue's own sentence says what is wrong
        raise _fail(
            name,
            path,
            f"cannot be verified: the data catalogue {catalog.catalog_path()} is missing or invalid",
        ) from None
    try:
        expected = listed[name]["processed"]
        expected["sha256"], expected["bytes"]  # noqa: B018 - both keys must exist
    except (KeyError, TypeError):
        raise _fail(name, path, "has no checksum in the data catalogue") from None
    return expected


def _open_verified(name: str, path: Path, full: bool = False) -> pa.Buffer:
    """The file's contents after checking its size and SHA-256 against the catalogue.

    A file whose identity (size, times, inode) matches its stamp from an earlier full check
    (strategic_ties.stamps) is memory-mapped, not hashed: a filtered load then touches only the
    row groups it reads. Otherwise the file is read once and the bytes that are hashed are the
    bytes that are parsed; a match is stamped for later processes. ``full`` ignores stamps.
    """
    expected = _expected(name, path)
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise _fail(name, path, "is missing") from None
    with handle:
        stat = os.fstat(handle.fileno())
        if stat.st_size != expected.get("bytes"):
            raise _truncated(name, path, stat.st_size, expected)
        cache = paths.data_dir() / ".cache"
        if (
            not full
            and stat.st_size
            and (stamps.recorded_sha256(cache, name, path, stat) == expected.get("sha256"))
        ):
            return pa.py_buffer(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ))
        data = handle.read()
        if len(data) != expected.get("bytes"):  # changed while being read
            raise _truncated(name, path, len(data), expected)
        digest = hashlib.sha256(data).hexdigest()
        if digest != expected.get("sha256"):
            raise _fail(
                name, path, "does not match its SHA-256 checksum in the catalogue (modified)"
            )
        if stamps.identity(os.fstat(handle.fileno())) == stamps.identity(stat):
            stamps.record(cache, name, path, stat, digest)
    return pa.py_buffer(data)


def _truncated(name: str, path: Path, size: int, expected: dict) -> DataError:
    return _fail(
        name,
        path,
        f"has {size} bytes but the catalogue expects {expected.get('bytes')} (truncated or replaced)",
    )


def check(name: str) -> None:
    """Verify one table in full (SHA-256 of the whole file, no stamp trusted), decode it and check
    its schema; DataError with one sentence if anything is wrong (`strategic-ties data check`)."""
    path = path_of(name)
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise _fail(name, path, "is missing") from None
    key = (name, str(path), stat.st_mtime_ns, stat.st_size)
    _loaded.pop(key, None)
    _verified[key] = _open_verified(name, path, full=True)
    load(name)
