"""Render an executed notebook to the house HTML (one compiled exporter per process).

The PDF side lives in `pdf.py`; its names are re-exported here for callers of the old module.
"""

from __future__ import annotations

from typing import Any

from strategic_ties.pipeline.pdf import (  # noqa: F401  (re-exported)
    CHROMIUM_FLAGS,
    ENGINES,
    RenderError,
    chromium_pdf,
    find_chromium,
    html_file_to_pdf,
    html_to_pdf_bytes,
    resolve_engine,
    weasyprint_pdf,
)

_exporters: dict[str, Any] = {}


def html_exporter() -> Any:
    """One exporter per process and template folder: its Jinja templates compile once."""
    from strategic_ties import paths
    from strategic_ties.pipeline.exporters import ReportHTMLExporter

    key = str(paths.TEMPLATES_DIR)
    if key not in _exporters:
        _exporters[key] = ReportHTMLExporter()
    return _exporters[key]


def warm_up() -> None:
    """Compile the templates in this process (before forking workers, so they inherit them)."""
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Warm-up")])
    render_html(nb, "warm-up")


def render_html(nb: Any, name: str) -> str:
    """The house HTML of an executed notebook node (raises exporters.NotebookError on errors)."""
    document, _ = html_exporter().from_notebook_node(nb, {"metadata": {"name": name}})
    return document
