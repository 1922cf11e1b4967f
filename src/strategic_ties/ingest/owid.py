"""Our World in Data grapher CSVs of the Global Terrorism Database (2018 release).

Quirk (shared/data/conflict/PROVENANCE.md): `incidence-of-terrorism.csv` has a malformed header
of 7 names ('Year' twice) over 6 data fields. It is read without its header, with the names
Entity, Code, Year, Fatalities, Incidents, Injuries; the build checks that the fatalities and
incidents columns equal the two single-indicator files row for row, which proves the mapping.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from strategic_ties.errors import DataError
from strategic_ties.ingest.common import add_actor, finish, read_csv_text, read_text

INCIDENCE_NAMES = ["Entity", "Code", "Year", "Fatalities", "Incidents", "Injuries"]
MALFORMED_HEADER = (
    "Entity,Code,Year,Year,Fatalities (deaths),Incidents (incidents),"
    "Non-fatal injuries (injured (non-fatal))"
)


def read_incidence(path: Path) -> pd.DataFrame:
    what = "OWID GTD incidence of terrorism"
    text = read_text(path, "utf-8", what)
    header = text.split("\n", 1)[0].strip()
    names = [n for n in header.split(",") if n]
    if header != MALFORMED_HEADER and names[:3] != ["Entity", "Code", "Year"]:
        raise DataError(f"{path.name} ({what}) does not start with OWID's Entity,Code,Year header.")
    raw = read_csv_text(text, path, what, header=None, skiprows=1, names=INCIDENCE_NAMES)
    if raw.empty:
        raise DataError(f"{path.name} ({what}) has no rows.")
    extra = raw[INCIDENCE_NAMES[3:]].apply(pd.to_numeric, errors="coerce")
    if extra.isna().all(axis=1).any() or raw["Year"].isna().any():
        raise DataError(f"{path.name} ({what}) has rows with fewer than 6 fields; it is truncated.")
    return raw


def read_single(path: Path, what: str) -> pd.DataFrame:
    raw = read_csv_text(read_text(path, "utf-8", what), path, what)
    if list(raw.columns[:3]) != ["Entity", "Code", "Year"] or raw.shape[1] != 4:
        raise DataError(f"{path.name} ({what}) is not a 4-column OWID Entity,Code,Year file.")
    return raw.rename(columns={raw.columns[3]: "value"})


def parse_terrorism(incidence: Path, fatalities: Path, incidents: Path) -> pd.DataFrame:
    main = read_incidence(incidence)
    for path, column, what in (
        (fatalities, "Fatalities", "OWID GTD fatalities"),
        (incidents, "Incidents", "OWID GTD incidents"),
    ):
        single = read_single(path, what)
        merged = main.merge(single, on=["Entity", "Year"], how="outer", indicator=True)
        if not merged["_merge"].eq("both").all() or not merged[column].equals(merged["value"]):
            raise DataError(
                f"{incidence.name}: its {column} column does not match {path.name}; the "
                "header-less column mapping no longer holds."
            )
    frame = pd.DataFrame(
        {
            "country": main["Entity"],
            "year": main["Year"],
            "incidents": main["Incidents"],
            "fatalities": main["Fatalities"],
            "injuries": main["Injuries"],
        }
    )
    add_actor(frame, "country", "OWID GTD entities", prefix="")
    return finish("terrorism", frame, ["country", "year"])
