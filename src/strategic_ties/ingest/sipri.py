"""SIPRI Arms Transfers Database exports: trade register, deliveries by year, TIV country totals.

Quirks handled on purpose (see shared/data/sipri/PROVENANCE.md):
- register (file 1): Latin-1; 11 metadata lines before the header; three flag columns whose name
  is a single space and whose value '?' marks an uncertain figure; records split over two
  physical lines by an unquoted line break inside Comments (rejoined with a space).
- deliveries (file 2): CRLF line ends; a stray ';' at the end of most lines; header on line 12;
  Yes/No estimate flags; no terminator on the last line.
- TIV totals (file 3): 8 metadata lines and a blank line before the header; '0 ' (zero and a
  space) means more than 0 but less than 0.5; an empty cell means no deliveries; a final
  'Total world ...' row and total/percentage columns that are not country-years.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd

from strategic_ties.errors import DataError
from strategic_ties.ingest.common import (
    add_actor,
    finish,
    read_csv_text,
    read_text,
    require_columns,
)
from strategic_ties.ingest.weapon_categories import categorise

REGISTER_COLUMNS = [
    "Recipient",
    "Supplier",
    "Year of order",
    "order_year_flag",
    "Number ordered",
    "number_ordered_flag",
    "Weapon designation",
    "Weapon description",
    "Number delivered",
    "number_delivered_flag",
    "Year(s) of delivery",
    "status",
    "Comments",
    "SIPRI TIV per unit",
    "SIPRI TIV for total order",
    "SIPRI TIV of delivered weapons",
]

DELIVERIES_COLUMNS = [
    "SIPRI AT Database ID",
    "Supplier",
    "Recipient",
    "Designation",
    "Description",
    "Armament category",
    "Order date",
    "Order date is estimate",
    "Numbers delivered",
    "Numbers delivered is estimate",
    "Delivery year",
    "Delivery year is estimate",
    "Status",
    "SIPRI estimate",
    "TIV deal unit",
    "TIV delivery values",
    "Local production",
]

_GENERATED = re.compile(r"Data generated:\s*(\d{1,2} \w{3} \d{4})")


def generated_date(text: str) -> str | None:
    """'12 Feb 2026' from SIPRI's 'Data generated: 12 Feb 2026 12:26:12 PM' line."""
    found = _GENERATED.search(text[:5000])
    return found.group(1) if found else None


def _header_index(lines: list[str], starts: str, path: Path, what: str, within: int = 20) -> int:
    for index, line in enumerate(lines[:within]):
        if line.startswith(starts):
            return index
    raise DataError(
        f"{path.name} ({what}) has no header line starting with {starts!r} in its first "
        f"{within} lines; the file is truncated or not a SIPRI export."
    )


def _number(text: str, path: Path, what: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise DataError(f"{path.name} ({what}): {text!r} is not a number.") from None


def _flag(text: str, path: Path, what: str) -> bool:
    text = text.strip()
    if text not in ("", "?"):
        raise DataError(
            f"{path.name} ({what}): uncertainty flag {text!r} is neither '?' nor empty."
        )
    return text == "?"


def read_register_rows(path: Path) -> tuple[list[list[str]], str]:
    """The register's records as lists of 16 fields (split records rejoined), and the raw text."""
    what = "SIPRI trade register"
    text = read_text(path, "latin-1", what)
    lines = text.replace("\r\n", "\n").split("\n")
    start = _header_index(lines, "Recipient,Supplier,", path, what)
    header = next(csv.reader([lines[start]]))
    if [h.strip() for h in header] != [
        c if not c.endswith("_flag") else "" for c in REGISTER_COLUMNS
    ]:
        raise DataError(
            f"{path.name} ({what}) has the columns {header}, not the 16 SIPRI register columns; "
            "the export format may have changed."
        )
    rows: list[list[str]] = []
    pending = ""
    pending_line = 0
    body = lines[start + 1 :]
    while body and not body[-1].strip():  # trailing newline(s) at the end of the file
        body.pop()
    for number, line in enumerate(body, start=start + 2):
        if not pending and not line.strip():
            continue
        candidate = f"{pending} {line}" if pending else line
        fields = next(csv.reader([candidate]))
        if len(fields) < len(REGISTER_COLUMNS):
            if pending:  # a record split over more than two lines: not a SIPRI quirk we know
                raise DataError(
                    f"{path.name} ({what}): the record starting on line {pending_line} does not "
                    "complete on the next line; the file is damaged."
                )
            pending, pending_line = candidate, number
            continue
        if len(fields) > len(REGISTER_COLUMNS):
            raise DataError(
                f"{path.name} ({what}): line {number} has {len(fields)} fields, expected "
                f"{len(REGISTER_COLUMNS)}."
            )
        rows.append(fields)
        pending = ""
    if pending:
        raise DataError(
            f"{path.name} ({what}) ends in the middle of a record (line {pending_line}); "
            "the file is truncated."
        )
    if not rows:
        raise DataError(f"{path.name} ({what}) has a header but no records; the file is truncated.")
    return rows, text


def _delivery_years(text: str, path: Path, what: str) -> list[int]:
    years = []
    for part in text.split(";"):
        part = part.strip()
        if not part:
            continue
        if not re.fullmatch(r"\d{4}", part):
            raise DataError(f"{path.name} ({what}): delivery year {part!r} is not a year.")
        years.append(int(part))
    return years


def parse_register(path: Path) -> pd.DataFrame:
    """File 1 -> arms_transfers (one row per deal)."""
    what = "SIPRI trade register"
    rows, _text = read_register_rows(path)
    records = []
    for f in rows:
        years = _delivery_years(f[10], path, what)
        order_year = f[2].strip()
        if not re.fullmatch(r"\d{4}", order_year):
            raise DataError(f"{path.name} ({what}): order year {order_year!r} is not a year.")
        records.append(
            {
                "recipient": f[0].strip(),
                "supplier": f[1].strip(),
                "order_year": int(order_year),
                "order_year_uncertain": _flag(f[3], path, what),
                "number_ordered": _number(f[4], path, what),
                "number_ordered_uncertain": _flag(f[5], path, what),
                "designation": f[6].strip(),
                "description": f[7].strip(),
                "number_delivered": _number(f[8], path, what),
                "number_delivered_uncertain": _flag(f[9], path, what),
                "delivery_years": "; ".join(str(y) for y in years) or None,
                "first_delivery_year": min(years) if years else None,
                "last_delivery_year": max(years) if years else None,
                "status": f[11].strip() or None,
                "comments": f[12].strip() or None,
                "tiv_unit": _number(f[13], path, what),
                "tiv_order": _number(f[14], path, what),
                "tiv_delivered": _number(f[15], path, what),
            }
        )
    frame = pd.DataFrame.from_records(records)
    frame["category"] = categorise(frame["description"])
    add_actor(frame, "supplier", what)
    add_actor(frame, "recipient", what)
    return finish("arms_transfers", frame, ["recipient", "supplier", "order_year", "designation"])


# Yes/No estimate flags; SIPRI leaves some flags blank on recent records (blank -> null).
_YES_NO = {"Yes": True, "No": False, "": pd.NA}


def parse_deliveries(path: Path) -> pd.DataFrame:
    """File 2 -> arms_deliveries (one row per deal and delivery year)."""
    what = "SIPRI deliveries by year"
    text = read_text(path, "utf-8", what)
    lines = text.replace("\r\n", "\n").split("\n")
    start = _header_index(lines, "SIPRI AT Database ID,", path, what)
    body = "\n".join(
        line[:-1] if line.endswith(";") else line
        for line in lines[start:]
        if line.strip()  # trailing ';' stripped, blank lines skipped
    )
    raw = read_csv_text(body, path, what, dtype=str, keep_default_na=False)
    require_columns(raw, DELIVERIES_COLUMNS, path, what)
    if raw.empty:
        raise DataError(f"{path.name} ({what}) has a header but no rows; the file is truncated.")
    ragged = raw[raw["Local production"].eq("")]
    if len(ragged):
        raise DataError(
            f"{path.name} ({what}): {len(ragged)} row(s) end before the last column "
            f"(first: deal {ragged.iloc[0]['SIPRI AT Database ID']}); the file is truncated."
        )

    def yes_no(column: str, blank_ok: bool = True) -> pd.Series:
        values = raw[column].str.strip()
        bad = sorted(set(values) - set(_YES_NO) - (set() if blank_ok else {""}))
        if not blank_ok and values.eq("").any():
            bad.append("")
        if bad:
            raise DataError(
                f"{path.name} ({what}): column {column!r} has values {bad}, not Yes/No."
            )
        return values.map(_YES_NO).astype("boolean")

    def numeric(column: str) -> pd.Series:
        values = pd.to_numeric(raw[column].str.strip().replace("", None), errors="coerce")
        bad = raw[column][values.isna() & raw[column].str.strip().ne("")]
        if len(bad):
            raise DataError(
                f"{path.name} ({what}): column {column!r} has non-numbers such as {bad.iloc[0]!r}."
            )
        return values

    frame = pd.DataFrame(
        {
            "deal_id": numeric("SIPRI AT Database ID"),
            "supplier": raw["Supplier"].str.strip(),
            "recipient": raw["Recipient"].str.strip(),
            "designation": raw["Designation"].str.strip(),
            "description": raw["Description"].str.strip(),
            "armament_category": raw["Armament category"].str.strip(),
            "order_year": numeric("Order date"),
            "order_year_estimate": yes_no("Order date is estimate"),
            "year": numeric("Delivery year"),
            "year_estimate": yes_no("Delivery year is estimate"),
            "number_delivered": numeric("Numbers delivered"),
            "number_delivered_estimate": yes_no("Numbers delivered is estimate"),
            "status": raw["Status"].str.strip().replace("", None),
            "tiv_unit_base": numeric("SIPRI estimate"),
            "tiv_unit": numeric("TIV deal unit"),
            "tiv": numeric("TIV delivery values"),
            "local_production": yes_no("Local production", blank_ok=False),
        }
    )
    frame["category"] = categorise(frame["description"])
    add_actor(frame, "supplier", what)
    add_actor(frame, "recipient", what)
    return finish("arms_deliveries", frame, ["deal_id", "year"])


def parse_tiv_table(path: Path, direction: str) -> pd.DataFrame:
    """One 'Volume of transfers of major arms' table (file 3) -> long country-year rows."""
    what = f"SIPRI TIV {direction} table"
    text = read_text(path, "utf-8", what)
    lines = text.replace("\r\n", "\n").split("\n")
    first = "Recipient," if direction == "imports" else "Exports by,"
    start = _header_index(lines, first, path, what)
    raw = read_csv_text("\n".join(lines[start:]), path, what, dtype=str, keep_default_na=False)
    name_column = raw.columns[0]
    year_columns = [c for c in raw.columns if re.fullmatch(r"\d{4}", str(c))]
    if not year_columns:
        raise DataError(f"{path.name} ({what}) has no year columns; the format may have changed.")
    total = raw[name_column].str.startswith("Total world")
    if not total.any():
        raise DataError(
            f"{path.name} ({what}) has no 'Total world' row at the end; the file is truncated."
        )
    raw = raw[~total & raw[name_column].str.strip().ne("")]
    long = raw.melt(
        id_vars=[name_column], value_vars=year_columns, var_name="year", value_name="cell"
    )
    long = long[long["cell"].str.strip().ne("")]  # empty = no deliveries identified
    values = pd.to_numeric(long["cell"].str.strip(), errors="coerce")
    if values.isna().any():
        bad = long["cell"][values.isna()].iloc[0]
        raise DataError(f"{path.name} ({what}): cell {bad!r} is not a number.")
    frame = pd.DataFrame(
        {
            "country": long[name_column].str.strip(),
            "direction": direction,
            "year": long["year"].astype(int),
            "tiv": values,
            # SIPRI prints '0 ' for a volume above 0 but below 0.5.
            "below_half": long["cell"].eq("0 ") | (values.eq(0) & long["cell"].str.endswith(" ")),
        }
    )
    add_actor(frame, "country", what, prefix="")
    return frame


def parse_tiv_totals(imports_path: Path, exports_path: Path) -> pd.DataFrame:
    """File 3 (imports and exports tables) -> arms_tiv_totals."""
    frame = pd.concat(
        [parse_tiv_table(imports_path, "imports"), parse_tiv_table(exports_path, "exports")],
        ignore_index=True,
    )
    return finish("arms_tiv_totals", frame, ["direction", "country", "year"])
