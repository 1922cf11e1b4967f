"""The rendered report's HTML after the template: sanitised (nh3 allow-list, images only as
data: URIs), checked inert, numeric table columns right-aligned, headings given ids, the contents
list built; nbconvert's BeautifulSoup pass over the page frame only."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import nh3

_HEADING = re.compile(r"<h([1-3])([^>]*)>(.*?)</h\1>", re.S)
_ANCHOR = re.compile(r'<a class="anchor-link"[^>]*>.*?</a>', re.S)
_TAGS = re.compile(r"<[^>]+>")
_TABLE = re.compile(
    r'(<table class="[^"]*\b(?:st-data|dataframe)\b[^"]*"[^>]*>)(.*?)(</table>)', re.S
)
_ROW = re.compile(r"<tr[^>]*>.*?</tr>", re.S)
_CELL = re.compile(r"<(t[dh])([^>]*)>(.*?)</\1>", re.S)
_NUMBER = re.compile(
    r"[<>~≈±+\-−]?\s*(?:US\$|\$)?\s*\d[\d,.\s]*(?:st|nd|rd|th|%|\s?(?:bn|m|k))?\s*[?*]?(?:\s*\([^()]*\))?"
)
_EMPTY = {"", "–", "—", "-", "n/a", "na", "…"}

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
    "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "s", "section", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "scope", "align"},
    "ol": {"start"},
}

HEAD_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "main", "nav"}
META_ATTRIBUTES = {"charset", "name", "content", "http-equiv"}


class UnsafeDocument(ValueError):
    """A rendered document holds markup that must never be there (a script, a handler...)."""


def _keep_src(element: str, attribute: str, value: str) -> str | None:
    if attribute == "src" and not value.startswith("data:"):
        return None  # never load anything from outside the file
    if attribute == "href" and value.lower().startswith(("javascript:", "data:")):
        return None
    return value


def sanitize(fragment: str) -> str:
    """Allow-list sanitising (defence in depth on top of escaping in charts.py)."""
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "data"},
        attribute_filter=_keep_src,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def align_numbers(fragment: str) -> str:
    """Right-align table columns whose body cells are all numbers (or empty): class st-num."""

    def table(match: re.Match[str]) -> str:
        rows = _ROW.findall(match.group(2))
        grid = [_CELL.findall(row) for row in rows]
        body = [cells for cells in grid if cells and all(tag == "td" for tag, _, _ in cells)]
        if not body:
            return match.group(0)
        width = max(len(cells) for cells in grid)
        numeric = []
        for column in range(width):
            values = [
                html.unescape(_TAGS.sub("", cells[column][2])).strip()
                for cells in body
                if column < len(cells)
            ]
            filled = [v for v in values if v.lower() not in _EMPTY]
            numeric.append(bool(filled) and all(_NUMBER.fullmatch(v) for v in filled))
        if not any(numeric):
            return match.group(0)

        def row(row_match: re.Match[str]) -> str:
            index = -1

            def cell(cell_match: re.Match[str]) -> str:
                nonlocal index
                index += 1
                tag, attrs, inner = cell_match.groups()
                if index < width and numeric[index] and "colspan" not in attrs:
                    attrs = (
                        attrs.replace('class="', 'class="st-num ', 1)
                        if 'class="' in attrs
                        else f'{attrs} class="st-num"'
                    )
                return f"<{tag}{attrs}>{inner}</{tag}>"

            return _CELL.sub(cell, row_match.group(0))

        return match.group(1) + _ROW.sub(row, match.group(2)) + match.group(3)

    return _TABLE.sub(table, fragment)


def number_headings(body: str) -> tuple[str, list[tuple[int, str, str]]]:
    """Give every h1-h3 the id sec-1, sec-2, ... in order; returns the body and (level, id, text)."""
    entries: list[tuple[int, str, str]] = []

    def heading(match: re.Match[str]) -> str:
        level, inner = int(match.group(1)), match.group(3)
        anchor = f"sec-{len(entries) + 1}"
        text = html.unescape(_TAGS.sub("", inner)).strip()
        entries.append((level, anchor, text))
        return f'<h{level} id="{anchor}">{inner}</h{level}>'

    return _HEADING.sub(heading, body), entries


def contents(entries: list[tuple[int, str, str]], pages: bool = False) -> str:
    """The contents list (h1 and h2); `pages` adds an empty page-number slot to each entry."""
    slot = (
        '<span class="st-toc-leader"></span><span class="st-toc-page"><a href="#{}"></a></span>'
        if pages
        else ""
    )
    toc_items = [
        f'<li class="st-toc-{level}"><a href="#{anchor}">{html.escape(text)}</a>'
        f"{slot.format(anchor)}</li>"
        for level, anchor, text in entries
        if level <= 2 and text
    ]
    if len(toc_items) < 2:
        return ""
    return '<nav class="st-toc"><h2>Contents</h2><ol>' + "".join(toc_items) + "</ol></nav>"


def finish_html(document: str) -> str:
    """Sanitise the body, number the headings' ids and insert the table of contents."""
    start, end = "<!--ST-BODY-START-->", "<!--ST-BODY-END-->"
    head, rest = document.split(start, 1)
    body, tail = rest.split(end, 1)
    body, entries = number_headings(align_numbers(sanitize(_ANCHOR.sub("", body))))
    return head.replace("<!--ST-TOC-->", contents(entries)) + body + tail


_IMG = re.compile(r"<img\b([^>]*)>", re.I)
_ALT = re.compile(r"""\salt\s*=""", re.I)
NO_ALT = "No description has been provided for this image"


def missing_alt(document: str) -> str:
    """Every <img> without an alt attribute gets nbconvert's placeholder alt text (last)."""

    def add(match: re.Match[str]) -> str:
        attributes = match.group(1)
        if _ALT.search(attributes):
            return match.group(0)
        end = len(attributes.rstrip().removesuffix("/").rstrip())  # after the last attribute,
        return f'<img{attributes[:end]} alt="{NO_ALT}"{attributes[end:]}>'  # where bs4 adds it

    return _IMG.sub(add, document)


def soup_frame(document: str) -> str:
    """nbconvert's BeautifulSoup pass (alt text for images without one, tabindex on input and
    output divs, re-serialised) over the document minus its cells, the cells put back after it.
    The cells need no such pass: `finish_html` sanitises them (nh3 re-serialises them, and
    strips tabindex), and `missing_alt` gives their images the same alt text. Same bytes as the
    pass over the whole document, for a fraction of the work."""
    from bs4 import BeautifulSoup

    start, end = "<!--ST-BODY-START-->", "<!--ST-BODY-END-->"
    head, found, rest = document.partition(start)
    body, found_end, tail = rest.partition(end)
    if not found or not found_end:  # not the house template: the pass over everything
        head, body, tail = document, "", ""
    soup = BeautifulSoup(head + (start + end if found_end else "") + tail, features="html.parser")
    for elem in soup.select("img:not([alt])"):
        elem.attrs["alt"] = NO_ALT
    for elem in soup.select(".jp-Notebook div.jp-Cell-inputWrapper"):
        elem.attrs["tabindex"] = "0"
    for elem in soup.select(".jp-Notebook div.jp-OutputArea-output"):
        elem.attrs["tabindex"] = "0"
    frame = str(soup)
    if not found_end:
        return frame
    before, _, after = frame.partition(start + end)
    return before + start + missing_alt(body) + end + after


class _Inert(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS | HEAD_TAGS:
            self.problems.append(f"<{tag}>")
        allowed = ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(tag, set())
        if tag == "meta":
            allowed = META_ATTRIBUTES
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name not in allowed | {"rel", "lang"} or (
                name == "src" and not value.startswith("data:")
            ):
                self.problems.append(f"<{tag} {name}=...>")
            if name == "href" and not value.startswith(("http://", "https://", "mailto:", "#")):
                self.problems.append(f"<{tag} href={value[:30]!r}>")


def check_inert(document: str) -> str:
    """The whole document (head included): only allowed tags and attributes, no script, no
    handler, nothing loaded but data: images; UnsafeDocument otherwise."""
    parser = _Inert()
    parser.feed(document)
    parser.close()
    if parser.problems:
        raise UnsafeDocument(f"unsafe markup in the rendered document: {parser.problems[0]}")
    return document
