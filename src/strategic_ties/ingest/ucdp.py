"""UCDP/PRIO Armed Conflict Dataset v25.1 and UCDP Battle-Related Deaths Dataset v24.1.

ACD quirks (shared/data/conflict/PROVENANCE.md): not the pristine UCDP file but an Excel re-save
with ';' as delimiter, CRLF line ends and D-M-YYYY dates ('29-5-1997'); one record (conflict
11349, China-ETIM 2008) is split over two lines: the first carries the fields up to
territory_name and empty padding, the second starts with ';' and the year, and its gwno fields
were glued with commas (',710,' = ep_end_prec, gwno_a, gwno_a_2nd). The record is rejoined
field by field (not dropped), and the result is checked.
BRD is the official fully quoted comma-separated format.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from strategic_ties import countries
from strategic_ties.errors import DataError, UnknownCountryError
from strategic_ties.ingest.common import finish, read_csv_rows, read_text

ACD_COLUMNS = [
    "conflict_id", "location", "side_a", "side_a_id", "side_a_2nd", "side_b", "side_b_id",
    "side_b_2nd", "incompatibility", "territory_name", "year", "intensity_level",
    "cumulative_intensity", "type_of_conflict", "start_date", "start_prec", "start_date2",
    "start_prec2", "ep_end", "ep_end_date", "ep_end_prec", "gwno_a", "gwno_a_2nd", "gwno_b",
    "gwno_b_2nd", "gwno_loc", "region", "version",
]  # fmt: skip

BRD_COLUMNS = [
    "conflict_id", "dyad_id", "location_inc", "side_a", "side_a_id", "side_a_2nd", "side_b",
    "side_b_id", "side_b_2nd", "incompatibility", "territory_name", "year", "bd_best", "bd_low",
    "bd_high", "type_of_conflict", "battle_location", "gwno_a", "gwno_a_2nd", "gwno_b",
    "gwno_b_2nd", "gwno_loc", "gwno_battle", "region", "version",
]  # fmt: skip

_YEAR = re.compile(r"\d{4}")


def _rejoin(first: list[str], second: list[str], path: Path, line: int) -> list[str]:
    """Rebuild the record split after territory_name (see the module docstring)."""
    head = first[:10]
    tail = second[1:]
    try:
        glued_a = tail[10].split(",")  # ep_end_prec, gwno_a, gwno_a_2nd
        glued_b = tail[11].split(",")  # gwno_b, gwno_b_2nd
        rest = tail[12:15]  # gwno_loc, region, version
    except IndexError:
        glued_a, glued_b, rest = [], [], []
    record = head + tail[:10] + glued_a + glued_b + rest
    if (
        len(glued_a) != 3
        or len(glued_b) != 2
        or len(record) != len(ACD_COLUMNS)
        or any(f.strip() for f in tail[15:])
        or not re.fullmatch(r"\d+(\.\d+)?", record[-1])
    ):
        raise DataError(
            f"{path.name} (UCDP conflicts): lines {line}-{line + 1} hold a split record that "
            "does not have the known shape; the file is damaged."
        )
    return record


def _acd_rows(text: str, path: Path) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text.replace("\r\n", "\n")), delimiter=";"))
    if not rows or [c.strip() for c in rows[0]] != ACD_COLUMNS:
        found = rows[0] if rows else []
        missing = [c for c in ACD_COLUMNS if c not in found]
        raise DataError(
            f"{path.name} (UCDP conflicts) does not have the 28 UCDP/PRIO columns separated by "
            f"';' (missing: {', '.join(missing) or 'none, but in another order'})."
        )
    out: list[list[str]] = []
    index = 1
    while index < len(rows):
        row = rows[index]
        line = index + 1
        if not any(f.strip() for f in row):
            index += 1
            continue
        if len(row) != len(ACD_COLUMNS):
            raise DataError(
                f"{path.name} (UCDP conflicts): line {line} has {len(row)} fields, expected 28; "
                "the file is truncated or damaged."
            )
        if _YEAR.fullmatch(row[10].strip()):
            out.append(row)
            index += 1
            continue
        following = rows[index + 1] if index + 1 < len(rows) else []
        if not row[10].strip() and following and not following[0].strip():
            if not _YEAR.fullmatch(following[1].strip()):
                raise DataError(f"{path.name} (UCDP conflicts): line {line + 1} has no year.")
            out.append(_rejoin(row, following, path, line))
            index += 2
            continue
        raise DataError(f"{path.name} (UCDP conflicts): line {line} has no valid year.")
    if not out:
        raise DataError(f"{path.name} (UCDP conflicts) has no records.")
    return out


def _date(values: pd.Series, path: Path, column: str) -> pd.Series:
    text = values.str.strip().replace("", None)
    parsed = pd.to_datetime(text, format="%d-%m-%Y", errors="coerce")
    bad = text[parsed.isna() & text.notna()]
    if len(bad):
        raise DataError(
            f"{path.name}: {column} {bad.iloc[0]!r} is not a D-M-YYYY date as in this UCDP copy."
        )
    return parsed


def _gw_iso3(codes: str, year: int, path: Path) -> list[str]:
    out = []
    for part in str(codes).split(","):
        part = part.strip()
        if not part:
            continue
        try:
            iso3 = countries.from_gw(int(part), year)
        except (ValueError, UnknownCountryError):
            raise DataError(f"{path.name}: Gleditsch-Ward code {part!r} is not mapped.") from None
        if iso3 is not None and iso3 not in out:
            out.append(iso3)
    return out


def primary_iso3(gwno_a: pd.Series, gwno_b: pd.Series, years: pd.Series, path: Path) -> list:
    """';'-separated ISO3 of the primary parties (sides A and B), in code order, per row."""
    out = []
    for a, b, year in zip(gwno_a, gwno_b, years, strict=True):
        codes = _gw_iso3(a, int(year), path) + _gw_iso3(b, int(year), path)
        unique = list(dict.fromkeys(codes))
        out.append(";".join(unique) if unique else None)
    return out


def _int(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values.str.strip().replace("", None), errors="raise")


def parse_conflicts(path: Path) -> pd.DataFrame:
    what = "UCDP conflicts"
    text = read_text(path, "utf-8", what)
    raw = pd.DataFrame(_acd_rows(text, path), columns=ACD_COLUMNS).apply(lambda c: c.str.strip())
    years = _int(raw["year"])
    frame = pd.DataFrame(
        {
            "conflict_id": _int(raw["conflict_id"]),
            "location": raw["location"],
            "side_a": raw["side_a"],
            "side_a_2nd": raw["side_a_2nd"].replace("", None),
            "side_b": raw["side_b"],
            "side_b_2nd": raw["side_b_2nd"].replace("", None),
            "incompatibility": _int(raw["incompatibility"]),
            "territory_name": raw["territory_name"].replace("", None),
            "year": years,
            "intensity_level": _int(raw["intensity_level"]),
            "type_of_conflict": _int(raw["type_of_conflict"]),
            "start_date": _date(raw["start_date"], path, "start_date"),
            "ep_end": _int(raw["ep_end"]).astype("Int64").map({1: True, 0: False}),
            "ep_end_date": _date(raw["ep_end_date"], path, "ep_end_date"),
            "gwno_a": raw["gwno_a"].replace("", None),
            "gwno_b": raw["gwno_b"].replace("", None),
            "primary_iso3": primary_iso3(raw["gwno_a"], raw["gwno_b"], years, path),
            "version": raw["version"],
        }
    )
    if frame.duplicated(["conflict_id", "year"]).any():
        raise DataError(f"{path.name} ({what}): a conflict-year appears twice.")
    return finish("conflicts", frame, ["conflict_id", "year"])


def parse_battle_deaths(path: Path) -> pd.DataFrame:
    what = "UCDP battle-related deaths"
    raw = read_csv_rows(path, what, BRD_COLUMNS, dtype=str, keep_default_na=False)
    years = _int(raw["year"])
    frame = pd.DataFrame(
        {
            "conflict_id": _int(raw["conflict_id"]),
            "dyad_id": _int(raw["dyad_id"]),
            "location": raw["location_inc"],
            "side_a": raw["side_a"],
            "side_b": raw["side_b"],
            "side_b_2nd": raw["side_b_2nd"].replace("", None),
            "territory_name": raw["territory_name"].replace("", None),
            "year": years,
            "best": _int(raw["bd_best"]),
            "low": _int(raw["bd_low"]),
            "high": _int(raw["bd_high"]),
            "type_of_conflict": _int(raw["type_of_conflict"]),
            "battle_location": raw["battle_location"].replace("", None),
            "primary_iso3": primary_iso3(raw["gwno_a"], raw["gwno_b"], years, path),
            "version": raw["version"],
        }
    )
    return finish("battle_deaths", frame, ["conflict_id", "dyad_id", "year"])
