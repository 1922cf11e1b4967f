"""CSV cells that a spreadsheet would run as formulas are neutralised (CSV injection, OWASP)."""

from __future__ import annotations

import csv
import io


def neutral_csv(text: str) -> str:
    """CSV text with formula injection neutralised (OWASP): a text cell starting with
    = + - @ tab or CR gets a leading apostrophe; numbers such as -3.5 stay as they are."""
    rows = list(csv.reader(io.StringIO(text)))
    if all(_neutral_cell(cell) == cell for row in rows for cell in row):
        return text  # nothing to neutralise: the text stays byte for byte
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow([_neutral_cell(cell) for cell in row])
    return out.getvalue()


def _neutral_cell(cell: str) -> str:
    if not cell or cell[0] not in "=+-@\t\r":
        return cell
    try:
        float(cell)
    except ValueError:
        return "'" + cell
    return cell
