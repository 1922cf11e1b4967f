"""Assemble the combined briefing from the parts' rendered HTML (no notebook is rendered again).

Document order:

1. main text: the briefing notebook, then the sections (bilateral_ties, threat_picture,
   arms_trade, then any others alphabetically), each without its cells tagged ``annex`` or
   ``appendix``;
2. the annex: per part that has cells tagged ``annex``, one appendix "Annex A. <section>" holding
   them in their order (when the first of them opens with a ``#`` heading, that heading is the
   annex's title: "Annex A. <heading>");
3. the cells tagged ``appendix`` (the methods and sources), as the last annex.

Each part is cut into its top-level cell blocks (the house template's ``jp-Cell`` divs, whose
class carries the cell's tags as ``celltag_<tag>``). Figures and tables are renumbered and the
headings given ids through the whole document; the contents list gets a page-number slot per
entry. `write_pdf` fills the slots: with Chromium it prints once, reads each heading's page from
the PDF's named destinations (pypdf) and prints again with the numbers; WeasyPrint fills them
itself (CSS ``target-counter``).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BRIEFING = "briefing"
SECTION_ORDER = ("bilateral_ties", "threat_picture", "arms_trade")
ANNEX_TAG = "annex"
APPENDIX_TAG = "appendix"
MAIN_OPEN = '<main class="st-body">'
MAIN_CLOSE = "</main>"

_DIV = re.compile(r"<div\b[^>]*>|</div>")
_CELL_CLASS = re.compile(
    r'<div\b[^>]*\bclass="([^"]*\b(?:jp-Notebook-cell|jp-MarkdownOutput)\b[^"]*)"'
)
_STAMPED = re.compile(r'<span class="st-label">(Figure|Table) \d+\.</span>')
_H1 = re.compile(r"(<h1\b[^>]*>)(.*?)(</h1>)", re.S)
_FIRST_HEADING = re.compile(r"<h([1-6])\b", re.S)
_CELL_ID = re.compile(r'\bid="cell-id=')
_PAGE_SLOT = re.compile(r'(<span class="st-toc-page"><a href="#([^"]+)">)[^<]*(</a></span>)')
_TAGS = re.compile(r"<[^>]+>")
_CLASS = re.compile(r'(<div\b[^>]*\bclass=")([^"]*")')
_PNG_SRC = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/]{32})[^"]*"')


def order(names: list[str]) -> list[str]:
    """Document order of notebook names."""
    known = [BRIEFING, *SECTION_ORDER]
    first = [n for n in known if n in names]
    return first + sorted(n for n in names if n not in known)


@dataclass
class Part:
    """One rendered notebook, cut into its cell blocks and sorted by destination."""

    name: str
    title: str
    main: list[str] = field(default_factory=list)
    annex: list[str] = field(default_factory=list)
    appendix: list[str] = field(default_factory=list)


def body_of(document: str) -> str:
    """The report body of a house HTML document (what the template puts inside <main>)."""
    start = document.index(MAIN_OPEN) + len(MAIN_OPEN)
    return document[start : document.rindex(MAIN_CLOSE)]


def cell_blocks(body: str) -> list[str]:
    """The top-level blocks of a body (one per rendered cell), in order.

    The body was re-serialised by the sanitiser, so every `<div` in it is a tag, never text."""
    blocks: list[str] = []
    depth, start, last = 0, 0, 0
    for match in _DIV.finditer(body):
        if match.group(0).startswith("</"):
            depth -= 1
            if depth == 0:
                blocks.append(body[start : match.end()])
                last = match.end()
        else:
            if depth == 0:
                if body[last : match.start()].strip():  # stray text between cells: keep it
                    blocks.append(body[last : match.start()])
                start = match.start()
            depth += 1
    if body[last:].strip():
        blocks.append(body[last:])
    return blocks


def tags_of(block: str) -> set[str]:
    """The cell tags of one block (from the cell's and its Markdown's class attributes)."""
    tags: set[str] = set()
    for match in _CELL_CLASS.finditer(block[:2000]):
        tags |= {c[len("celltag_") :] for c in match.group(1).split() if c.startswith("celltag_")}
    return tags


def _heading_block(text: str) -> str:
    """A Markdown-cell block holding one h1 (the structure the house CSS keeps with what follows)."""
    import html

    return (
        '<div class="jp-Cell jp-MarkdownCell jp-Notebook-cell st-added-heading">'
        '<div class="jp-Cell-inputWrapper"><div class="jp-InputArea jp-Cell-inputArea">'
        '<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput">'
        f"<h1>{html.escape(text)}</h1></div></div></div></div>"
    )


def split_part(name: str, document: str) -> Part:
    """Cut one rendered part into main, annex and appendix blocks (cell ids made unique)."""
    body = _CELL_ID.sub(f'id="cell-id={name}-', body_of(document))
    part = Part(name=name, title="")
    for block in cell_blocks(body):
        tags = tags_of(block)
        if APPENDIX_TAG in tags:
            part.appendix.append(block)
        elif ANNEX_TAG in tags:
            part.annex.append(block)
        else:
            part.main.append(block)
    title = _first_h1(part.main)
    if title is None:
        title = name.replace("_", " ").capitalize()
        part.main.insert(0, _heading_block(title))
    part.title = title
    return part


def _first_h1(blocks: list[str]) -> str | None:
    import html

    for block in blocks:
        match = _H1.search(block)
        if match:
            return html.unescape(_TAGS.sub("", match.group(2))).strip()
    return None


def _titled(blocks: list[str], label: str, default: str, first_annex: bool) -> list[str]:
    """`blocks` under the title "<label>. <heading>": their own opening h1, else `default`.

    The title's block gets the class `st-annex` (and `st-annex-start` on the first annex: the
    house CSS starts the annex on a new page)."""
    first = _FIRST_HEADING.search(blocks[0]) if blocks else None
    if first is not None and first.group(1) == "1":
        head = _H1.sub(lambda m: f"{m.group(1)}{label}. {m.group(2)}{m.group(3)}", blocks[0], 1)
        blocks = [head, *blocks[1:]]
    else:
        blocks = [_heading_block(f"{label}. {default}"), *blocks]
    classes = "st-annex st-annex-start" if first_annex else "st-annex"
    blocks[0] = _CLASS.sub(lambda m: f"{m.group(1)}{classes} {m.group(2)}", blocks[0], count=1)
    return blocks


def annex_letters() -> list[str]:
    return list(string.ascii_uppercase) + [a + b for a in "AB" for b in string.ascii_uppercase]


def renumber(body: str) -> str:
    """Figure and table numbers in document order through the whole body."""
    counters = {"Figure": 0, "Table": 0}

    def number(match: re.Match[str]) -> str:
        counters[match.group(1)] += 1
        return f'<span class="st-label">{match.group(1)} {counters[match.group(1)]}.</span>'

    return _STAMPED.sub(number, body)


def assemble(documents: dict[str, str], skeleton: str) -> str:
    """The combined briefing: `skeleton` (the cover, an empty body) filled with the parts."""
    from strategic_ties.pipeline.exporters import resolve_refs
    from strategic_ties.pipeline.postprocess import contents, number_headings

    parts = [split_part(name, documents[name]) for name in order(list(documents))]
    blocks = [block for part in parts for block in part.main]
    letters = iter(annex_letters())
    for part in parts:
        if part.annex:
            label = next(letters)
            blocks += _titled(part.annex, f"Annex {label}", part.title, label == "A")
    appendix = [block for part in parts for block in part.appendix]
    if appendix:
        label = next(letters)
        blocks += _titled(appendix, f"Annex {label}", "Methods and sources", label == "A")
    body, entries = number_headings(resolve_refs(renumber("\n".join(blocks))))
    cover = skeleton[: skeleton.index(MAIN_OPEN)]  # the skeleton's own (empty) body is dropped
    tail = skeleton[skeleton.rindex(MAIN_CLOSE) :]
    return cover + contents(entries, pages=True) + MAIN_OPEN + "\n" + body + "\n" + tail


def skeleton(parameters: dict[str, Any], cover: dict[str, Any]) -> str:
    """The combined briefing's frame (head, house CSS, cover block) rendered from no cells."""
    import nbformat

    from strategic_ties.pipeline.render import render_html

    nb = nbformat.v4.new_notebook()
    nb.metadata["papermill"] = {"parameters": dict(parameters)}
    nb.metadata["strategic_ties"] = {
        "combined": True,
        "subtitle": "Combined briefing",
        "kicker": "Analytical briefing",
        **{k: v for k, v in cover.items() if k in ("build_date", "vintages", "title")},
    }
    return render_html(nb, BRIEFING)


# ---- contents page numbers ---------------------------------------------------------------------


def fill_pages(document: str, pages: dict[str, int], placeholder: str | None = None) -> str:
    """Write each contents entry's page number (or `placeholder`) into its slot."""

    def slot(match: re.Match[str]) -> str:
        number = placeholder if placeholder is not None else str(pages.get(match.group(2), ""))
        return f"{match.group(1)}{number}{match.group(3)}"

    return _PAGE_SLOT.sub(slot, document)


def heading_pages(pdf_path: Path) -> dict[str, int]:
    """Page (1-based) of every named destination in a PDF: Chromium names them after the ids
    that links point to, so each contents entry's heading has one."""
    from pypdf import PdfReader

    reader = PdfReader(pdf_path)
    return {
        str(name).lstrip("/"): reader.get_destination_page_number(dest) + 1
        for name, dest in reader.named_destinations.items()
    }


# Hidden boxes keep their size and place, so pages break the same; only the headings (whose
# pages are read back) are painted: the layout print skips drawing and embedding the text.
_LAYOUT_ONLY = (
    "<style>body * { visibility: hidden !important; } "
    "h1, h2, h3 { visibility: visible !important; }</style>"
)


def layout_copy(document: str) -> str:
    """`document` with every PNG replaced by an empty SVG of the same pixel size and everything
    but the headings hidden (not drawn, still laid out): it lays out page by page the same,
    and prints much faster (no image to decode or embed, little text to draw)."""
    import base64
    import struct

    def placeholder(match: re.Match[str]) -> str:
        header = base64.b64decode(match.group(1))  # signature, IHDR length and type, then size
        if header[12:16] != b"IHDR":
            return match.group(0)
        width, height = struct.unpack(">II", header[16:24])
        svg = f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}'/>"
        return f'src="data:image/svg+xml;base64,{base64.b64encode(svg.encode()).decode()}"'

    return _PNG_SRC.sub(placeholder, document).replace("</head>", _LAYOUT_ONLY + "</head>", 1)


def write_pdf(
    document: str,
    html_path: Path,
    pdf_path: Path,
    engine: str,
    guess: dict[str, int] | None = None,
) -> dict[str, Any]:
    """Print the combined briefing with page numbers in its contents; returns what it took.

    Chromium: print a layout copy, read the headings' pages, print again with the numbers (and
    once more should the numbers have moved a heading: at most 3 prints). `guess`: the pages of
    the same headings in the last build (manifest.json); when it names exactly these headings,
    the layout print is skipped and the real document printed with them at once. Either way a
    PDF is kept only once the pages read back from it are the numbers printed in it.
    The HTML the final PDF was printed from is left at `html_path`."""
    from strategic_ties.pipeline.pdf import html_file_to_pdf

    anchors = {match[1] for match in _PAGE_SLOT.findall(document)}
    if engine != "chromium" or not anchors:
        html_path.write_text(fill_pages(document, {}, placeholder=""), encoding="utf-8")
        html_file_to_pdf(html_path, pdf_path, engine)
        return {"prints": 1}
    prints = 0
    if guess and set(guess) == anchors and all(isinstance(p, int) for p in guess.values()):
        pages = dict(guess)
    else:
        # 1st print: the layout only (placeholder numbers of the same width, images as empty
        # boxes of the same size); then the real thing, whose pages are checked against it.
        html_path.write_text(
            layout_copy(fill_pages(document, {}, placeholder="00")), encoding="utf-8"
        )
        html_file_to_pdf(html_path, pdf_path, engine, layout_only=True)
        pages = {a: p for a, p in heading_pages(pdf_path).items() if a in anchors}
        prints = 1
    for _ in range(2):
        html_path.write_text(fill_pages(document, pages), encoding="utf-8")
        html_file_to_pdf(html_path, pdf_path, engine)
        prints += 1
        found = {a: p for a, p in heading_pages(pdf_path).items() if a in anchors}
        if found == pages:
            return {"prints": prints, "pages": pages}
        pages = found
    return {"prints": prints, "pages": pages, "unsettled": True}


def part_document(name: str, candidates: list[Path], executed: Path) -> str:
    """A part's house HTML: the first existing candidate file, else rendered from `executed`."""
    for path in candidates:
        if path.is_file():
            return path.read_text(encoding="utf-8")
    import nbformat

    from strategic_ties.pipeline.render import render_html

    return render_html(nbformat.read(executed, as_version=4), name)
