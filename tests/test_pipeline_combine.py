"""The combined briefing: assembled from the parts' rendered HTML, annex after the main text,
contents with page numbers read back from the real Chromium PDF."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from pypdf import PdfReader

from strategic_ties.pipeline import build, combine
from strategic_ties.pipeline.render import find_chromium, render_html

FIXTURES = Path(__file__).parent / "fixtures" / "pipeline" / "notebooks"
PARAMETERS = {"partner": "Israel", "country": "Azerbaijan", "start_year": 1992}
COVER = {"build_date": "1 January 2030", "vintages": ["Fixture data, version 1"], "title": "T"}


def table(caption: str) -> dict:
    text = f'<div class="st-table"><p class="st-table-caption"><span class="st-label">Table</span> {caption}</p></div>'
    return new_output("display_data", data={"text/html": text})


def part(title: str | None, *cells) -> str:
    first = [new_markdown_cell(f"# {title}\n\nIntro of {title}.")] if title else []
    return render_html(new_notebook(cells=[*first, *cells]), "part")


def annex_md(text: str) -> object:
    return new_markdown_cell(text, metadata={"tags": ["annex"]})


def annex_code(caption: str) -> object:
    return new_code_cell(outputs=[table(caption)], metadata={"tags": ["annex"]})


@pytest.fixture(scope="module")
def documents() -> dict[str, str]:
    return {
        "arms_trade": part(
            "Arms trade",
            new_code_cell(outputs=[table("Suppliers")]),
            annex_md("## The deal register"),
            annex_code("Deal register"),
            new_markdown_cell("## What the data cannot show"),
        ),
        "briefing": part(
            "Summary",
            new_markdown_cell("## Key judgements"),
            new_markdown_cell("# Methods and sources", metadata={"tags": ["appendix"]}),
            new_markdown_cell("## Definitions", metadata={"tags": ["appendix"]}),
        ),
        "bilateral_ties": part(
            "Bilateral ties",
            new_code_cell(outputs=[table("Trade")]),
            annex_md("# Annual tables\n\nEvery year."),
            annex_code("Trade by year"),
        ),
        "zeta": part(None, new_markdown_cell("no heading here")),
    }


def headings(document: str) -> list[str]:
    body = combine.body_of(document)
    return [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<h[12][^>]*>(.*?)</h[12]>", body)]


def test_main_text_then_one_annex_per_section_then_methods(documents) -> None:
    document = combine.assemble(documents, combine.skeleton(PARAMETERS, COVER))
    assert headings(document) == [
        "Summary",
        "Key judgements",
        "Bilateral ties",
        "Arms trade",
        "What the data cannot show",  # main text after the annex cells stays in the main text
        "Zeta",
        "Annex A. Annual tables",  # the annex cells' own opening heading titles the appendix
        "Annex B. Arms trade",  # otherwise the section's title
        "The deal register",
        "Annex C. Methods and sources",
        "Definitions",
    ]
    captions = re.findall(r'st-label">(Table \d+\.)</span> (\w[\w ]*)', document)
    assert captions == [
        ("Table 1.", "Trade"),
        ("Table 2.", "Suppliers"),
        ("Table 3.", "Trade by year"),
        ("Table 4.", "Deal register"),
    ]
    ids = re.findall(r'\bid="([^"]+)"', document)
    assert len(ids) == len(set(ids)), "ids stay unique across the joined parts"
    toc = document[document.index('<nav class="st-toc">') : document.index("</nav>")]
    assert toc.count('<span class="st-toc-page">') == 11 and "Annex B. Arms trade" in toc
    assert "Combined briefing" in document and "st-combined" in document
    # the annex titles are marked for the house CSS: a new page where the annex starts
    body = document.split("<main", 1)[1]  # the house CSS in the head names the classes too
    assert len(re.findall(r"\bst-annex\b(?!-)", body)) == 3
    assert body.count("st-annex-start") == 1
    body = combine.body_of(document)
    assert body.index("st-annex-start") < body.index("Annex A. Annual tables")


def test_every_part_block_reaches_the_briefing_unchanged(documents) -> None:
    document = combine.assemble(documents, combine.skeleton(PARAMETERS, COVER))

    def normal(text: str) -> str:  # what assembling may change: ids, numbers, annex titles
        text = re.sub(r'\bid="[^"]*"', "", text).replace(
            'class="st-annex st-annex-start ', 'class="'
        )
        text = text.replace('class="st-annex ', 'class="')
        text = re.sub(r"(Figure|Table) \d+\.", r"\1", text)
        return re.sub(r"(<h1[^>]*>)Annex [A-Z]\. ", r"\1", text)

    combined = normal(combine.body_of(document))
    for name, part_document in documents.items():
        blocks = combine.cell_blocks(combine.body_of(part_document))
        assert blocks, name
        for block in blocks:
            assert normal(block) in combined, (name, block[:200])


def test_page_slots_are_filled_from_the_pages_found() -> None:
    toc = (
        '<li><a href="#sec-1">A</a><span class="st-toc-page"><a href="#sec-1"></a></span></li>'
        '<li><a href="#sec-2">B</a><span class="st-toc-page"><a href="#sec-2"></a></span></li>'
    )
    filled = combine.fill_pages(toc, {"sec-1": 2, "sec-2": 11})
    assert '<a href="#sec-1">2</a>' in filled and '<a href="#sec-2">11</a>' in filled
    assert combine.fill_pages(toc, {}, placeholder="00").count(">00</a>") == 2


def test_briefing_is_assembled_from_rendered_parts_without_notebooks(documents, tmp_path) -> None:
    """No executed notebook exists: the briefing can only come from the parts' HTML files."""
    staging = tmp_path / "staging"
    (staging / "html").mkdir(parents=True)
    for name, text in documents.items():
        (staging / "html" / f"{name}.html").write_text(text, encoding="utf-8")
    timings = build.render_briefing(
        tmp_path / "report", staging, list(documents), ["html"], None, COVER, PARAMETERS
    )
    assert set(timings) == {"html"}
    text = (staging / "briefing.html").read_text(encoding="utf-8")
    assert "Annex B. Arms trade" in text and "Intro of Bilateral ties." in text
    assert not list(tmp_path.rglob("*.ipynb"))


# ---- the fixture report, executed by papermill, printed by Chromium -----------------------------


@pytest.fixture(scope="module")
def fixture_report(tmp_path_factory) -> Path:
    import os
    import subprocess
    import sys

    if find_chromium() is None:
        pytest.fail("Chromium is required for the PDF tests (install chromium-headless-shell)")
    out = tmp_path_factory.mktemp("combined")
    env = {**os.environ, "STRATEGIC_TIES_CODE_DIGEST": "fixture-combine"}
    command = [
        str(Path(sys.executable).with_name("strategic-ties")),
        "run",
        "--notebooks-dir",
        str(FIXTURES),
        "--out",
        str(out),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, env=env)
    assert done.returncode == 0, done.stderr
    return out / "israel-azerbaijan"


def page_texts(pdf: Path) -> list[str]:
    """Text per page, ligatures (the "fi" of "figure") undone."""
    return [unicodedata.normalize("NFKC", page.extract_text()) for page in PdfReader(pdf).pages]


def test_fixture_briefing_has_the_annex_after_the_main_text(fixture_report: Path) -> None:
    pages = page_texts(fixture_report / "briefing.pdf")

    def page_of(text: str) -> int:
        # page 1 is the cover with the contents list: look in the pages after it
        return next(number for number, page in enumerate(pages[1:], 2) if text in page)

    main_end = page_of("Main text that follows the annex cells.")
    annex = page_of("Annex A. Demo section")
    assert page_of("Deals with") <= main_end < annex
    assert page_of("A long table that spans pages") >= annex
    assert annex < page_of("Annex B. Methods and sources")
    # the annex is only in the combined briefing: the section on its own keeps its order
    part = "\n".join(page_texts(fixture_report / "pdf" / "demo_section.pdf"))
    assert part.index("A long table") < part.index("Main text that follows")


def test_fixture_briefing_contents_show_the_pdf_pages(fixture_report: Path) -> None:
    pages = page_texts(fixture_report / "briefing.pdf")
    html = (fixture_report / "briefing.html").read_text(encoding="utf-8")
    entries = re.findall(
        r'<a href="#(sec-\d+)">([^<]+)</a><span class="st-toc-leader"></span>'
        r'<span class="st-toc-page"><a href="#sec-\d+">(\d+)</a>',
        html,
    )
    titles = [title for _, title, _ in entries]
    assert "Annex A. Demo section" in titles and "Annex B. Methods and sources" in titles
    found = combine.heading_pages(fixture_report / "briefing.pdf")
    for anchor, title, number in entries:
        assert found[anchor] == int(number), title
        assert title.replace("&amp;", "&") in pages[int(number) - 1], (title, number)
    contents = pages[0]
    for _, title, number in entries:  # the number is printed on the contents page
        assert re.search(re.escape(title) + r"[ ._]*" + number + r"\b", contents), title


def test_fixture_manifest_records_the_briefing_prints(fixture_report: Path) -> None:
    import json

    data = json.loads((fixture_report / "manifest.json").read_text(encoding="utf-8"))
    timings = data["briefing"]["timings"]
    # 2 prints: the layout copy (images as empty boxes) paginated exactly like the real document
    assert timings["prints"] == 2 and timings["pdf"] > 0 and timings["html"] > 0


def test_weasyprint_writes_the_contents_page_numbers_itself(documents, tmp_path) -> None:
    """WeasyPrint has CSS target-counter: one print, the numbers come from the CSS."""
    document = combine.assemble(documents, combine.skeleton(PARAMETERS, COVER))
    done = combine.write_pdf(document, tmp_path / "b.html", tmp_path / "b.pdf", "weasyprint")
    assert done["prints"] == 1
    pages = page_texts(tmp_path / "b.pdf")
    assert len(pages) >= 3  # cover, main text (parts flow on), annex on a page of its own
    for title in ("Bilateral ties", "Annex B. Arms trade", "Annex C. Methods and sources"):
        number = next(n for n, page in enumerate(pages[1:], 2) if title in page)
        assert re.search(re.escape(title) + r"\s*" + str(number) + r"\b", pages[0]), title


def test_a_guess_of_the_pages_saves_the_layout_print_and_is_checked(documents, tmp_path) -> None:
    """The last build's pages (manifest.json) are a guess, never trusted: with the right guess
    one print gives the same PDF as layout print + print; a wrong guess is caught by reading
    the pages back, and the document printed again with the true numbers."""
    if find_chromium() is None:
        pytest.fail("Chromium is required for the PDF tests (install chromium-headless-shell)")
    document = combine.assemble(documents, combine.skeleton(PARAMETERS, COVER))
    first = combine.write_pdf(document, tmp_path / "a.html", tmp_path / "a.pdf", "chromium")
    assert first["prints"] == 2 and first["pages"]
    pages = first["pages"]
    assert combine.heading_pages(tmp_path / "a.pdf").items() >= pages.items()
    right = combine.write_pdf(
        document, tmp_path / "b.html", tmp_path / "b.pdf", "chromium", guess=dict(pages)
    )
    assert right == {"prints": 1, "pages": pages}
    assert page_texts(tmp_path / "b.pdf") == page_texts(tmp_path / "a.pdf")
    assert (tmp_path / "b.html").read_text() == (tmp_path / "a.html").read_text()
    wrong = {anchor: page + 1 for anchor, page in pages.items()}
    fixed = combine.write_pdf(
        document, tmp_path / "c.html", tmp_path / "c.pdf", "chromium", guess=wrong
    )
    assert fixed == {"prints": 2, "pages": pages}
    assert page_texts(tmp_path / "c.pdf") == page_texts(tmp_path / "a.pdf")
    # a guess for other headings (e.g. a part was added) is not used
    other = combine.write_pdf(
        document, tmp_path / "d.html", tmp_path / "d.pdf", "chromium", guess={"sec-999": 2}
    )
    assert other["prints"] == 2 and other["pages"] == pages
