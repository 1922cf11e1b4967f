"""IMF Direction of Trade Statistics workbooks, one per reporting economy (DOTS_<n>.xlsx).

Layout (see shared/data/trade/PROVENANCE.md): sheets 'Exports, FOB' and 'Imports, CIF'; row 4
column B = reporter (IMF naming, 'Azerbaijan, Rep. of'); row 5 = unit ('US Dollars, Millions');
row 7 = years, some stored as numbers and some as text; from row 8 one row per partner (column B)
including aggregates ('World', 'Euro Area', regional groups, 'Memorandum Items' groups).
Cells are numbers, or text with thousands separators and a trailing ' e' for IMF estimates.
Empty cells (no data) are not stored as rows; every partner name goes through countries.classify.
"""

from __future__ import annotations

import re
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

from strategic_ties.errors import DataError
from strategic_ties.ingest.common import add_actor, classify_names, finish, require

SHEETS = {"Exports, FOB": "exports", "Imports, CIF": "imports"}
UNIT = "US Dollars, Millions"
SOURCE = "IMF DOTS, exported c. Jan 2022"

_CELL = re.compile(r"^\s*(-?[\d,]*\.?\d+(?:[eE][-+]?\d+)?)\s*(e)?\s*$")


def parse_cell(value, where: str) -> tuple[float, bool] | None:
    """(value, estimate) of one cell; None for an empty cell; DataError for anything else."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise DataError(f"{where}: cell {value!r} is not a number.")
    if isinstance(value, int | float):
        return float(value), False
    text = str(value).strip()
    if text in ("", "...", "..", "-"):
        return None
    match = _CELL.match(text)
    if not match:
        raise DataError(f"{where}: cell {text!r} is neither a number nor a number with ' e'.")
    return float(match.group(1).replace(",", "")), match.group(2) is not None


def _year(value, where: str) -> int:
    text = str(value).strip()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if not re.fullmatch(r"\d{4}", text):
        raise DataError(f"{where}: year header {value!r} is not a year.")
    return int(text)


COLUMNS = ("reporter", "partner", "flow", "year", "value_usd_m", "estimate")


def read_workbook(path: Path) -> pd.DataFrame:
    """All non-empty cells of one reporter's workbook (reporter, partner, flow, year, value...)."""
    import openpyxl

    require(path, "IMF DOTS workbook")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException...
        raise DataError(
            f"{path.name} (IMF DOTS workbook) cannot be opened as an .xlsx file "
            f"({type(exc).__name__}); the file is truncated or not a workbook."
        ) from None
    records: dict[str, list] = {column: [] for column in COLUMNS}
    try:
        missing = [s for s in SHEETS if s not in book.sheetnames]
        if missing:
            raise DataError(f"{path.name} (IMF DOTS workbook) lacks the sheet(s) {missing}.")
        reporter_seen: str | None = None
        for sheet, flow in SHEETS.items():
            rows = list(book[sheet].iter_rows(values_only=True))
            where = f"{path.name} [{sheet}]"
            if len(rows) < 8:
                raise DataError(f"{where} has fewer than 8 rows; the workbook is truncated.")
            reporter = rows[3][1] if len(rows[3]) > 1 else None
            unit = rows[4][1] if len(rows[4]) > 1 else None
            if not isinstance(reporter, str) or not reporter.strip():
                raise DataError(f"{where}: cell B4 (the reporter) is empty.")
            if unit != UNIT:
                raise DataError(f"{where}: cell B5 is {unit!r}, expected {UNIT!r}.")
            reporter = reporter.strip()
            if reporter_seen not in (None, reporter):
                raise DataError(f"{path.name}: the two sheets name different reporters.")
            reporter_seen = reporter
            header = rows[6]
            years = {
                index: _year(value, where)
                for index, value in enumerate(header)
                if index >= 2 and value is not None
            }
            if not years:
                raise DataError(f"{where}: row 7 has no years.")
            for number, row in enumerate(rows[7:], start=8):
                partner = row[1] if len(row) > 1 else None
                cells = {i: row[i] for i in years if i < len(row)}
                if partner is None or not str(partner).strip():
                    if any(v not in (None, "") for v in cells.values()):
                        raise DataError(f"{where} row {number}: values without a partner name.")
                    continue
                for index, value in cells.items():
                    parsed = parse_cell(value, f"{where} row {number}")
                    if parsed is None:
                        continue
                    for column, value in zip(
                        COLUMNS,
                        (reporter, str(partner).strip(), flow, years[index], *parsed),
                        strict=True,
                    ):
                        records[column].append(value)
    finally:
        book.close()
    return pd.DataFrame(records)


def _files(folder: Path) -> list[Path]:
    files = sorted(folder.glob("DOTS_*.xlsx"), key=lambda p: int(re.sub(r"\D", "", p.stem) or 0))
    if not files:
        raise DataError(f"No DOTS_*.xlsx workbooks in {folder}.")
    return files


def parse_dots(folder: Path, workers: int = 2) -> pd.DataFrame:
    """Every reporter's workbook in `folder` -> the trade table."""
    files = _files(folder)
    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            chunks = list(pool.map(read_workbook, files, chunksize=8))
    else:
        chunks = [read_workbook(p) for p in files]
    frame = pd.concat(chunks, ignore_index=True)
    if frame.empty:
        raise DataError(f"The DOTS workbooks in {folder} hold no values.")
    # Known duplicates: every workbook lists 'Australia' twice (rows 8 and ~32) with the same
    # values, and DOTS_143/DOTS_144 are two exports of Nicaragua's workbook. Identical cells are
    # kept once; cells that disagree stop the build.
    key = ["reporter", "partner", "flow", "year"]
    frame = frame.drop_duplicates()
    conflicting = frame.duplicated(key, keep=False)
    if conflicting.any():
        first = frame[conflicting].iloc[0]
        raise DataError(
            f"IMF DOTS: {first.reporter} -> {first.partner} {first.flow} {first.year} appears "
            "twice with different values."
        )
    reporters = classify_names(frame["reporter"].unique(), "IMF DOTS reporters")
    frame["reporter_iso3"] = frame["reporter"].map(lambda n: reporters[n][0])
    add_actor(frame, "partner", "IMF DOTS partners")
    frame["source"] = SOURCE
    frame["reporter_kind"] = frame["reporter"].map(lambda n: reporters[n][1])
    return finish("trade", frame, ["reporter_iso3", "reporter", "partner", "flow", "year"])
