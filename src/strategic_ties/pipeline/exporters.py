"""nbconvert exporters for the house report: HTML (self-contained, no code) and PDF from that HTML.

Both are registered as nbconvert entry points, so these work as well as `strategic-ties run`:

    jupyter nbconvert --to strategic_ties_html executed.ipynb
    jupyter nbconvert --to strategic_ties_pdf executed.ipynb

What the exporters do to an executed notebook before it reaches the template
(`prepare_notebook`): refuse notebooks with error outputs, drop stderr streams and cells tagged
``remove_cell``/``remove_output``, stamp figure and table numbers in document order. After the
template: `postprocess.finish_html` (sanitise the body with nh3, give headings stable ids, build
the table of contents) and `postprocess.check_inert`.
"""

from __future__ import annotations

import copy
import datetime as dt
import logging
import re
from typing import Any

from nbconvert.exporters import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor
from traitlets import Bool, Unicode, default

from strategic_ties import __version__, paths
from strategic_ties.csvsafe import neutral_csv
from strategic_ties.pipeline.pdf import html_to_pdf_bytes
from strategic_ties.pipeline.postprocess import check_inert, finish_html, soup_frame

log = logging.getLogger(__name__)

METADATA_KEY = "strategic_ties"
REMOVE_CELL_TAGS = {"remove_cell", "remove-cell"}
REMOVE_OUTPUT_TAGS = {"remove_output", "remove-output", "hide-output", "hide_output"}
PAPERMILL_ERROR_TAG = "papermill-error-cell-tag"
PARAMETER_ORDER = ("partner", "country", "rivals", "start_year", "end_year", "period_years")

_LABEL = re.compile(r'<span class="st-label">(Figure|Table)</span>')
# a numbered figure or table block: its id, then (before the next block) its stamped label
# (found by `block_numbers` with three plain searches instead of one regex whose tempered scan
# stepped through every base64 image character by character)
_BLOCK_ID = re.compile(r'id="((?:fig|tab)-[a-z0-9_-]+)"')
_BLOCK_START = re.compile(r'id="(?:fig|tab)-')
_NUMBER_LABEL = re.compile(r'<span class="st-label">(Figure|Table) (\d+)\.</span>')
_REF = re.compile(r'(<a class="st-ref" href="#((?:fig|tab)-[a-z0-9_-]+)"[^>]*>)[^<]*</a>')

# No script, no plug-in, nothing loaded from anywhere: only the inline house CSS and data: images.
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "base-uri 'none'; form-action 'none'"
)


class NotebookError(Exception):
    """An executed notebook holds an error output: it must not be rendered."""

    def __init__(self, cell: int, ename: str, evalue: str):
        self.cell, self.ename, self.evalue = cell, ename, evalue
        super().__init__(f"cell {cell} raised {ename}: {evalue}")


# ---- notebook-level preparation ---------------------------------------------------------------


def _tags(cell: Any) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def source_cells(nb: Any) -> list[Any]:
    """The notebook's own cells (without papermill's injected-parameters and error cells)."""
    return [
        c
        for c in nb.cells
        if not ({"injected-parameters", PAPERMILL_ERROR_TAG} & _tags(c))
        and "papermill-error-cell" not in str(c.get("id", ""))
    ]


def first_error(nb: Any) -> NotebookError | None:
    """The first error output, numbered as the cell's position in the source notebook (1-based)."""
    for number, cell in enumerate(source_cells(nb), start=1):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return NotebookError(number, output.get("ename", "Error"), output.get("evalue", ""))
    return None


def clean(nb: Any) -> Any:
    """Drop what never belongs in a report: stderr, removed cells/outputs, papermill's error cell.

    Tagged cells and outputs go through nbconvert's own TagRemovePreprocessor."""
    error = first_error(nb)
    if error is not None:
        raise error
    remover = TagRemovePreprocessor(
        remove_cell_tags=REMOVE_CELL_TAGS | {PAPERMILL_ERROR_TAG},
        remove_all_outputs_tags=REMOVE_OUTPUT_TAGS,
    )
    nb, _ = remover.preprocess(nb, {})
    cells = []
    for cell in nb.cells:
        if cell.get("cell_type") == "code":
            cell.outputs = [
                o
                for o in cell.outputs
                if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
            ]
            if not cell.outputs:
                # Nothing to show (the code is never shown): an empty block would only offer the
                # PDF a page break between a heading and the figure that follows it.
                continue
        cells.append(cell)
    nb.cells = cells
    return nb


def stamp_numbers(nb: Any) -> dict[str, int]:
    """Write 'Figure 3.' / 'Table 2.' into the caption labels, in document order."""
    counters = {"Figure": 0, "Table": 0}

    def number(match: re.Match[str]) -> str:
        kind = match.group(1)
        counters[kind] += 1
        return f'<span class="st-label">{kind} {counters[kind]}.</span>'

    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/html" in data:
                text = data["text/html"]
                text = "".join(text) if isinstance(text, list) else text
                data["text/html"] = _LABEL.sub(number, text)
    for cell in nb.cells:  # cross-references, now that every block has its number
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/html" in data and "st-ref" in data["text/html"]:
                data["text/html"] = resolve_refs(data["text/html"], _numbers_of(nb))
    return counters


def _numbers_of(nb: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/html")
            if text:
                found.update(block_numbers("".join(text) if isinstance(text, list) else text))
    return found


def block_numbers(body: str) -> dict[str, str]:
    """'fig-key' -> 'Figure 3' for every numbered figure and table block in `body`."""
    found: dict[str, str] = {}
    pos = 0
    while (block := _BLOCK_ID.search(body, pos)) is not None:
        label = _NUMBER_LABEL.search(body, block.end())
        if label is None:
            break
        other = _BLOCK_START.search(body, block.end(), label.start())
        if other is not None:  # another block opens before this one's label: no number
            pos = block.start() + 1
            continue
        found[block.group(1)] = f"{label.group(1)} {label.group(2)}"
        pos = label.end()
    return found


def resolve_refs(body: str, numbers: dict[str, str] | None = None) -> str:
    """Write the number into each cross-reference ``<a class="st-ref" href="#fig-key">``
    (numbers from `body` itself unless given); a reference to a block not found is left as is."""
    numbers = block_numbers(body) if numbers is None else numbers
    return _REF.sub(
        lambda m: f"{m.group(1)}{numbers[m.group(2)]}</a>" if m.group(2) in numbers else m.group(0),
        body,
    )


def chart_data(nb: Any) -> list[tuple[str, str]]:
    """(key, csv text) of every figure and table, in document order; repeated keys get -2, -3..."""
    found: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            meta = output.get("metadata", {}).get(METADATA_KEY)
            if not isinstance(meta, dict) or "csv" not in meta or "key" not in meta:
                continue
            key = str(meta["key"])
            seen[key] = seen.get(key, 0) + 1
            if seen[key] > 1:
                key = f"{key}-{seen[key]}"
            found.append((key, neutral_csv(str(meta["csv"]))))
    return found


def section_title(nb: Any) -> str | None:
    """The text of the notebook's first Markdown '#' heading."""
    for cell in nb.cells:
        if cell.get("cell_type") != "markdown":
            continue
        for line in cell.source.splitlines():
            match = re.match(r"#\s+(.+?)\s*#*\s*$", line)
            if match:
                return match.group(1)
    return None


# ---- cover block --------------------------------------------------------------------------------


def data_vintages(parameters: dict[str, Any] | None = None) -> list[str]:
    """One line per dataset from data/catalog.yaml (its source note: name and version), without
    repeats; empty when there is no catalogue yet. With the run's `parameters`, only the datasets
    that pair's report uses (`strategic_ties.paper.report_datasets`)."""
    try:
        from strategic_ties.catalog import load_catalog

        datasets = load_catalog().get("datasets", {})
    except Exception as exc:  # a missing or broken catalogue must not stop a render
        log.info("no data vintages: %s", exc)
        return []
    used = set(datasets)
    if parameters is not None:
        try:
            from strategic_ties.paper import report_datasets
            from strategic_ties.params import validate

            known = validate({k: v for k, v in parameters.items() if k in PARAMETER_ORDER})
            used = set(report_datasets(known.partner, known.country, datasets))
        except Exception as exc:  # bad parameters are reported elsewhere; list everything
            log.info("data vintages for all datasets: %s", exc)
    lines: list[str] = []
    for name, entry in sorted(datasets.items()):
        if name not in used or not isinstance(entry, dict):
            continue
        line = str(
            entry.get("source_note")
            or f"{entry.get('title') or name}, {entry.get('version') or 'version unknown'}"
        )
        if line not in lines:
            lines.append(line)
    return sorted(lines, key=str.lower)


def _display(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def cover(nb: Any, name: str = "") -> dict[str, Any]:
    """What the template's cover block shows. `nb.metadata.strategic_ties` overrides the defaults."""
    given = dict(nb.metadata.get(METADATA_KEY, {}))
    parameters = dict(nb.metadata.get("papermill", {}).get("parameters", {}) or {})
    title = given.get("title")
    given_parameters = dict(parameters)
    if title is None:
        try:
            from strategic_ties.params import validate

            known = {k: v for k, v in parameters.items() if k in PARAMETER_ORDER}
            title = validate(known).title
        except Exception:
            title = nb.metadata.get("title") or name or "Report"
    if "rivals" in parameters and parameters["rivals"] is None:
        try:
            from strategic_ties.params import validate

            known = {k: v for k, v in parameters.items() if k in PARAMETER_ORDER}
            chosen = ", ".join(validate(known).rivals) or "none"
            parameters["rivals"] = f"{chosen} (chosen from the data)"
        except Exception:
            parameters["rivals"] = "chosen from the data"
    ordered = [(k, _display(parameters[k])) for k in PARAMETER_ORDER if k in parameters]
    ordered += [(k, _display(v)) for k, v in parameters.items() if k not in PARAMETER_ORDER]
    try:
        from strategic_ties.params import validate
        from strategic_ties.wording.briefing import cover_rows

        known = validate({k: v for k, v in given_parameters.items() if k in PARAMETER_ORDER})
        if set(given_parameters) <= set(PARAMETER_ORDER):
            # the reader's words, not the parameter names
            ordered = cover_rows(known, chosen=given_parameters.get("rivals") is None)
    except Exception:
        pass
    info = {
        "title": title,
        "subtitle": given.get("subtitle", section_title(nb) or ""),
        "kicker": given.get("kicker", "Analytical briefing"),
        "parameters": ordered,
        "vintages": given.get("vintages") or data_vintages(given_parameters),
        "build_date": given.get("build_date")
        or dt.datetime.now(dt.UTC).strftime("%d %B %Y, %H:%M UTC"),
        "package_version": __version__,
        "combined": bool(given.get("combined", False)),
    }
    info["running_title"] = info["title"] + (f" — {info['subtitle']}" if info["subtitle"] else "")
    info["running_title_css"] = css_string(info["running_title"])
    info["csp"] = CSP
    return info


def css_string(text: str) -> str:
    """`text` for the inside of a double-quoted CSS string in a <style> block: every character
    but letters, digits and plain punctuation as a CSS escape, so '</style>', quotes and
    backslashes cannot end the string or the block."""
    safe = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.:;()-")
    return "".join(c if c in safe else f"\\{ord(c):x} " for c in " ".join(text.split()))


def house_css() -> str:
    return (paths.TEMPLATES_DIR / "report" / "report.css").read_text(encoding="utf-8")


# ---- exporters ---------------------------------------------------------------------------------------


class ReportHTMLExporter(HTMLExporter):
    """The house HTML report: no code, no prompts, no stderr, no scripts, no external resources."""

    export_from_notebook = "Strategic-ties report (HTML)"

    stamp = Bool(True, help="Number figure and table captions.").tag(config=True)

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        # Validate the notebook once after the preprocessors, not after each of the dozen
        # (each validation is a full jsonschema pass; an invalid notebook still raises).
        self.optimistic_validation = True
        self.exclude_input = True
        self.exclude_input_prompt = True
        self.exclude_output_prompt = True
        self.exclude_output_stdin = True

    @default("template_name")
    def _template_name_default(self) -> str:
        return "report"

    @default("extra_template_basedirs")
    def _extra_template_basedirs_default(self) -> list[str]:
        return [str(paths.TEMPLATES_DIR)]

    def from_notebook_node(self, nb: Any, resources: dict | None = None, **kw: Any):
        nb = clean(copy.deepcopy(nb))
        if self.stamp:
            stamp_numbers(nb)
        resources = dict(resources or {})
        name = resources.get("metadata", {}).get("name", "")
        info = cover(nb, name)
        info["css"] = house_css()
        resources[METADATA_KEY] = info
        output, resources = self._html(nb, resources, **kw)
        return check_inert(finish_html(output)), resources

    def _html(self, nb: Any, resources: dict, **kw: Any) -> tuple[str, dict]:
        """`HTMLExporter.from_notebook_node` with its BeautifulSoup pass (a parse and a
        re-serialisation, ~half of a render's CPU) over the frame only (`postprocess.soup_frame`)."""
        from nbconvert.exporters.templateexporter import TemplateExporter
        from nbconvert.filters.highlight import Highlight2HTML
        from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

        langinfo = nb.metadata.get("language_info", {})
        lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
        highlight_code = self.filters.get(
            "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)
        )
        resources = self._init_resources(resources)
        filter_data_type = WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources
        )
        self.register_filter("highlight_code", highlight_code)
        self.register_filter("filter_data_type", filter_data_type)
        output, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        return soup_frame(output), resources


class ReportPDFExporter(ReportHTMLExporter):
    """The same HTML printed to an A4 PDF by headless Chromium, or WeasyPrint without Chromium."""

    export_from_notebook = "Strategic-ties report (PDF)"
    output_mimetype = "application/pdf"

    pdf_engine = Unicode("auto", help="auto, chromium or weasyprint").tag(config=True)

    @default("file_extension")
    def _file_extension_default(self) -> str:
        return ".pdf"

    @default("template_extension")
    def _template_extension_default(self) -> str:
        return ".html.j2"

    def from_notebook_node(self, nb: Any, resources: dict | None = None, **kw: Any):
        document, resources = super().from_notebook_node(nb, resources, **kw)
        pdf, engine = html_to_pdf_bytes(document, self.pdf_engine)
        resources["output_extension"] = ".pdf"
        resources.setdefault(METADATA_KEY, {})["engine"] = engine
        return pdf, resources
