"""Join the executed notebooks into the one briefing document.

Order: the briefing notebook's own content (without its `appendix` cells), then the sections
(bilateral_ties, threat_picture, arms_trade, then any others alphabetically), then the briefing's
cells tagged `appendix` (methods and sources) at the very end. Each part starts with its first
Markdown `#` heading; a part without one gets a heading from its file name.
"""

from __future__ import annotations

import copy
from typing import Any

BRIEFING = "briefing"
SECTION_ORDER = ("bilateral_ties", "threat_picture", "arms_trade")
APPENDIX_TAG = "appendix"


def order(names: list[str]) -> list[str]:
    """Document order of notebook names."""
    known = [BRIEFING, *SECTION_ORDER]
    first = [n for n in known if n in names]
    return first + sorted(n for n in names if n not in known)


def _is_appendix(cell: Any) -> bool:
    return APPENDIX_TAG in cell.get("metadata", {}).get("tags", [])


def _heading_cell(name: str) -> Any:
    import nbformat

    return nbformat.v4.new_markdown_cell(f"# {name.replace('_', ' ').capitalize()}")


def section_title_of_cells(cells: list[Any]) -> str | None:
    """The first '#' heading, if the first Markdown cell among `cells` starts with one."""
    for cell in cells:
        if cell.get("cell_type") == "markdown":
            first = cell.source.lstrip().splitlines()[0] if cell.source.strip() else ""
            return first[2:].strip() if first.startswith("# ") else None
    return None


def combine(executed: dict[str, Any], build_date: str | None = None) -> Any:
    """One notebook node holding every part in document order (figures numbered through it)."""
    import nbformat

    from strategic_ties.pipeline.exporters import section_title

    names = order(list(executed))
    first = executed[names[0]]
    combined = nbformat.v4.new_notebook()
    combined.metadata = copy.deepcopy(first.metadata)
    appendix: list[Any] = []
    parts: list[str] = []
    for name in names:
        nb = copy.deepcopy(executed[name])
        title = section_title(nb)
        if title is None:
            combined.cells.append(_heading_cell(name))
        parts.append(title or name)
        for cell in nb.cells:
            if name == BRIEFING and _is_appendix(cell):
                appendix.append(cell)
            else:
                combined.cells.append(cell)
    if appendix and section_title_of_cells(appendix) is None:
        appendix.insert(0, _heading_cell("appendix"))
        appendix[0].source = "# Appendix: methods and sources"
    combined.cells.extend(appendix)
    for number, cell in enumerate(combined.cells):
        cell["id"] = f"part-cell-{number}"  # ids stay unique across the joined notebooks
    meta = {"combined": True, "subtitle": "Combined briefing", "kicker": "Analytical briefing"}
    if build_date:
        meta["build_date"] = build_date
    combined.metadata["strategic_ties"] = meta
    return combined
