"""Build orchestrator: raw exports -> data/processed/*.parquet + data/catalog.yaml.

Everything is written into a temporary folder inside data/ first and moved into place only when
every requested dataset has parsed and validated, so a failed build never leaves a half-written
table or a catalogue that disagrees with the files. Output is deterministic: same raw files, same
bytes (rows sorted, fixed column order, no timestamps in the Parquet files or the catalogue).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from strategic_ties import datasets, paths
from strategic_ties.datasets import sha256_file
from strategic_ties.errors import DataError
from strategic_ties.ingest.common import write_parquet
from strategic_ties.ingest.sources import SOURCES, UNITS, Source
from strategic_ties.schemas import TABLES

ACTOR_STATE_KINDS = ("state", "historical_state")
# Large tables whose rows are sorted by the key a pair's analysis filters on (trade: sorted by
# reporter_iso3, unga_votes by iso3) are written in row groups, so `datasets.load(name,
# where=...)` reads only the groups holding the pair's rows (a few of 158 for `trade`, of 107
# for `unga_votes`) instead of 2.6 million or 870,000 rows. `unga_votes` holds ~5,000 rows per
# state: groups of 8,192 decode about a third of the rows that groups of 32,768 did for a pair
# (ISR+AZE: 14 -> 6 ms CPU warm; the file grows from 1.6 to 2.3 MB). `unga_agreement` (sorted by iso3,
# then other_iso3 and year) holds ~8,500 rows per state: one state's rows are one or two groups.
ROW_GROUP_ROWS = {"trade": 16384, "unga_votes": 8192, "unga_agreement": 16384}


def _coverage(source: Source, frame: pd.DataFrame) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if (
        source.year_column
        and source.year_column in frame
        and frame[source.year_column].notna().any()
    ):
        years = frame[source.year_column].dropna()
        out["years"] = [int(years.min()), int(years.max())]
    else:
        out["years"] = None
    codes: set[str] = set()
    for column in source.iso3_columns:
        codes.update(str(c) for c in frame[column].dropna().unique())
    list_column = source.extra.get("iso3_list_column")
    if list_column:
        for value in frame[list_column].dropna().unique():
            codes.update(filter(None, str(value).split(";")))
    out["countries"] = len(codes)
    return out


def _entry(source: Source, frame: pd.DataFrame, raw: Path, out_file: Path) -> dict[str, Any]:
    return {
        "title": source.title,
        "publisher": source.publisher,
        "url": source.url,
        "citation": source.citation,
        "licence": source.licence,
        "version": source.version,
        "source_note": source.source_note,
        "raw_files": [
            {"path": rel, "sha256": sha256_file(raw / rel), "bytes": (raw / rel).stat().st_size}
            for rel in raw_files(source, raw)
        ],
        "processed": {
            "file": f"processed/{source.name}.parquet",
            "sha256": sha256_file(out_file),
            "bytes": out_file.stat().st_size,
        },
        "rows": len(frame),
        "columns": {
            column: {"dtype": dtype, "meaning": meaning}
            | ({"unit": UNITS[column]} if column in UNITS else {})
            for column, (dtype, meaning) in TABLES[source.name].items()
        },
        "coverage": _coverage(source, frame),
        "caveats": list(source.caveats),
        "refresh": source.refresh,
    }


def raw_files(source: Source, raw: Path) -> list[str]:
    """The raw files of a source, relative to `raw`; a folder entry stands for the files in it."""
    out: list[str] = []
    for rel in source.raw:
        path = raw / rel
        if path.is_dir():
            out.extend(str(p.relative_to(raw)) for p in path.iterdir() if p.is_file())
        else:
            out.append(rel)
    return sorted(out)


def build_frame(name: str, raw: Path) -> pd.DataFrame:
    """Parse and validate one dataset from the raw folder (no files written)."""
    source = SOURCES[name]
    for rel in source.raw:
        if not (raw / rel).exists():
            raise DataError(
                f"Raw file {rel} for dataset '{name}' is missing under {raw}; "
                "point --raw at the folder holding the publishers' exports (e.g. ../shared/data)."
            )
    frame = source.parse(raw)
    try:
        datasets.validate(name, frame)
    except Exception as exc:  # pandera error: a bug in the parser, reported in one sentence
        raise DataError(
            f"Dataset '{name}' does not match its schema after parsing: {exc}"
        ) from None
    return frame


def build(
    raw: Path,
    only: Iterable[str] | None = None,
    data_dir: Path | None = None,
    log=print,
) -> dict[str, Any]:
    """Build the requested datasets (default: all) and rewrite the catalogue; returns it."""
    raw = Path(raw).resolve()
    if not raw.is_dir():
        raise DataError(f"The raw data folder {raw} does not exist; pass --raw ../shared/data.")
    names = list(SOURCES) if only is None else list(only)
    unknown = [n for n in names if n not in SOURCES]
    if unknown:
        raise DataError(f"Unknown dataset(s) {unknown}; the datasets are: {', '.join(SOURCES)}.")
    data_dir = Path(data_dir) if data_dir is not None else paths.data_dir()
    processed = data_dir / "processed"
    processed.mkdir(parents=True, exist_ok=True)

    old_catalog: dict[str, Any] = {}
    catalog_file = data_dir / "catalog.yaml"
    if catalog_file.exists() and only is not None:
        loaded = yaml.safe_load(catalog_file.read_text(encoding="utf-8")) or {}
        old_catalog = dict(loaded.get("datasets") or {})

    tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=data_dir))
    try:
        entries: dict[str, Any] = {}
        for name in names:
            started = time.perf_counter()
            frame = build_frame(name, raw)
            out_file = tmp / f"{name}.parquet"
            write_parquet(frame, out_file, ROW_GROUP_ROWS.get(name))
            entries[name] = _entry(SOURCES[name], frame, raw, out_file)
            log(f"{name}: {len(frame):,} rows in {time.perf_counter() - started:.1f} s")
        merged = {**old_catalog, **entries}
        document = {
            "about": (
                "Written by `strategic-ties data build --raw DIR`; do not edit by hand. "
                "See data/README.md for what each dataset is and how to refresh it."
            ),
            "datasets": {name: merged[name] for name in sorted(merged)},
        }
        (tmp / "catalog.yaml").write_text(
            yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100),
            encoding="utf-8",
        )
        for name in names:
            os.replace(tmp / f"{name}.parquet", processed / f"{name}.parquet")
        os.replace(tmp / "catalog.yaml", catalog_file)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    datasets.clear_cache()
    return document
