"""Correlates of War Militarized Interstate Disputes v5.0: participants (MIDB) with dispute info (MIDA).

-9 is COW's code for missing; it becomes null. Participants are identified by COW state code,
mapped to ISO3 by countries.from_cow() at the participant's start year (so 365 before 1992 is the
Soviet Union); states with no ISO code (e.g. Bavaria) keep a null iso3 and their COW abbreviation.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from strategic_ties import countries
from strategic_ties.errors import DataError, UnknownCountryError
from strategic_ties.ingest.common import finish, read_csv_rows

MIDB_COLUMNS = [
    "dispnum", "stabb", "ccode", "stday", "stmon", "styear", "endday", "endmon", "endyear",
    "sidea", "revstate", "revtype1", "revtype2", "fatality", "fatalpre", "hiact", "hostlev",
    "orig", "version",
]  # fmt: skip
MIDA_COLUMNS = ["dispnum", "styear", "endyear", "outcome", "fatality", "hostlev", "hiact"]


def _read(path: Path, columns: list[str], what: str) -> pd.DataFrame:
    raw = read_csv_rows(path, what, columns)
    numeric = [c for c in columns if c != "stabb"]
    bad = [c for c in numeric if not pd.api.types.is_numeric_dtype(raw[c])]
    if bad:
        raise DataError(f"{path.name} ({what}): column(s) {bad} are not numeric.")
    return raw


def _missing(values: pd.Series) -> pd.Series:
    return values.astype("Int64").mask(values.eq(-9))


def parse_mids(midb: Path, mida: Path) -> pd.DataFrame:
    part = _read(midb, MIDB_COLUMNS, "COW MID participants")
    disp = _read(mida, MIDA_COLUMNS, "COW MID disputes")
    unknown = sorted(set(part["dispnum"]) - set(disp["dispnum"]))
    if unknown:
        raise DataError(f"{midb.name}: disputes {unknown[:5]} are not in {mida.name}.")
    iso3 = []
    for code, year in zip(part["ccode"], part["styear"], strict=True):
        try:
            iso3.append(countries.from_cow(int(code), int(year)))
        except UnknownCountryError as exc:
            raise DataError(f"{midb.name}: {exc}") from None
    frame = pd.DataFrame(
        {
            "dispnum": part["dispnum"],
            "ccode": part["ccode"],
            "iso3": iso3,
            "side_a": part["sidea"].map({1: True, 0: False}),
            "start_year": _missing(part["styear"]),
            "end_year": _missing(part["endyear"]),
            "hostlev": _missing(part["hostlev"]),
            "hiact": _missing(part["hiact"]),
            "fatality": _missing(part["fatality"]),
            "orig": part["orig"].map({1: True, 0: False}),
            "stabb": part["stabb"].str.strip(),
        }
    )
    dispute = disp.set_index("dispnum")
    frame["dispute_start_year"] = _missing(frame["dispnum"].map(dispute["styear"]))
    frame["dispute_end_year"] = _missing(frame["dispnum"].map(dispute["endyear"]))
    frame["dispute_hostlev"] = _missing(frame["dispnum"].map(dispute["hostlev"]))
    frame["dispute_fatality"] = _missing(frame["dispnum"].map(dispute["fatality"]))
    frame["outcome"] = _missing(frame["dispnum"].map(dispute["outcome"]))
    return finish("mids", frame, ["dispnum", "ccode", "start_year"])
