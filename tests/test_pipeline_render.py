"""Rendering pieces without a kernel: sanitising, numbering, chart data, joining the briefing."""

from __future__ import annotations

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from strategic_ties.pipeline import exporters, postprocess


def html_output(text: str, meta: dict | None = None):
    return new_output("display_data", data={"text/html": text}, metadata=meta or {})


def test_sanitize_keeps_content_and_drops_anything_active_or_remote() -> None:
    dirty = (
        '<p onclick="x()">text</p><script>alert(1)</script><img src="https://e.com/t.png" alt="t">'
        '<img src="data:image/png;base64,AAAA" alt="ok"><a href="https://www.sipri.org">SIPRI</a>'
        '<a href="javascript:alert(1)">bad</a><iframe src="https://e.com"></iframe>'
        '<link rel="stylesheet" href="https://e.com/x.css"><style>@import url(https://e.com)</style>'
        "&lt;script&gt;alert(1)&lt;/script&gt;"
    )
    clean = postprocess.sanitize(dirty)
    assert "<script" not in clean and "onclick" not in clean and "<iframe" not in clean
    assert "<link" not in clean and "@import" not in clean and "javascript:" not in clean
    assert 'src="https://' not in clean and 'src="data:image/png;base64,AAAA"' in clean
    assert 'href="https://www.sipri.org"' in clean  # a link to a source, not a resource load
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in clean  # escaped data stays visible text


def test_numbers_are_stamped_in_document_order_and_chart_data_collected() -> None:
    label = '<span class="st-label">{}</span>'
    nb = new_notebook(
        cells=[
            new_code_cell(
                outputs=[
                    html_output(
                        label.format("Figure"), {"strategic_ties": {"key": "a", "csv": "x\n1\n"}}
                    ),
                    html_output(
                        label.format("Table"), {"strategic_ties": {"key": "b", "csv": "y\n2\n"}}
                    ),
                ]
            ),
            new_code_cell(
                outputs=[
                    html_output(
                        label.format("Figure"), {"strategic_ties": {"key": "a", "csv": "z\n3\n"}}
                    )
                ]
            ),
        ]
    )
    assert exporters.stamp_numbers(nb) == {"Figure": 2, "Table": 1}
    texts = [o["data"]["text/html"] for c in nb.cells for o in c.outputs]
    assert texts == [label.format("Figure 1."), label.format("Table 1."), label.format("Figure 2.")]
    assert exporters.chart_data(nb) == [("a", "x\n1\n"), ("b", "y\n2\n"), ("a-2", "z\n3\n")]


def test_clean_drops_stderr_and_removed_cells_and_refuses_errors() -> None:
    nb = new_notebook(
        cells=[
            new_code_cell(
                outputs=[
                    new_output("stream", name="stderr", text="UserWarning: noise"),
                    new_output("stream", name="stdout", text="kept"),
                ]
            ),
            new_code_cell(
                metadata={"tags": ["remove_cell"]},
                outputs=[new_output("stream", name="stdout", text="x")],
            ),
            new_code_cell(
                metadata={"tags": ["remove_output"]}, outputs=[html_output("<p>gone</p>")]
            ),
        ]
    )
    cleaned = exporters.clean(nb)
    assert len(cleaned.cells) == 1  # removed cell gone; the cell left without outputs too
    assert [o["name"] for o in cleaned.cells[0].outputs] == ["stdout"]
    failing = new_notebook(
        cells=[
            new_code_cell(metadata={"tags": ["parameters"]}),
            new_code_cell(metadata={"tags": ["injected-parameters"]}),
            new_markdown_cell("# T"),
            new_code_cell(
                outputs=[new_output("error", ename="ValueError", evalue="bad", traceback=[])]
            ),
        ]
    )
    with pytest.raises(exporters.NotebookError, match="cell 3 raised ValueError: bad"):
        exporters.clean(failing)


def test_numeric_columns_are_right_aligned() -> None:
    table = (
        '<table class="st-data"><thead><tr><th>Period</th><th>TIV</th><th>Rank</th><th>Note</th></tr>'
        "</thead><tbody><tr><td>1995–1999</td><td>1,234</td><td>1st</td><td>a</td></tr>"
        "<tr><td>2000–2004</td><td>–</td><td>21st</td><td>7</td></tr>"
        "<tr><td>2005–2009</td><td>33.0?</td><td>3rd</td><td>b</td></tr></tbody></table>"
    )
    out = postprocess.align_numbers(table)
    assert out.count('class="st-num"') == 2 * 4  # TIV and Rank: header + 3 cells each
    assert "<td>1995–1999</td>" in out and "<td>a</td>" in out


def test_headings_get_ids_and_a_contents_list() -> None:
    document = (
        "<html><body><!--ST-TOC--><main><!--ST-BODY-START-->"
        '<h1 id="X">Arms trade<a class="anchor-link" href="#X">¶</a></h1><h2>Who &amp; what</h2>'
        "<h3>Detail</h3><!--ST-BODY-END--></main></body></html>"
    )
    out = postprocess.finish_html(document)
    assert '<h1 id="sec-1">Arms trade</h1>' in out and "anchor-link" not in out
    assert '<li class="st-toc-2"><a href="#sec-2">Who &amp; what</a></li>' in out
    assert "Detail</a>" not in out  # h3 stays out of the contents


def test_block_numbers_pair_each_block_with_its_own_label_only() -> None:
    from strategic_ties.pipeline.exporters import block_numbers

    image = "A" * 200_000  # a base64 image between a block's id and its label
    body = (
        f'<figure id="fig-a"><img src="data:image/png;base64,{image}">'
        '<span class="st-label">Figure 1.</span></figure>'
        '<div id="tab-b"></div>'  # no label before the next block: no number
        '<div id="tab-c"><span class="st-label">Table 7.</span></div>'
        '<div id="fig-d"><span class="st-label">Figure</span></div>'  # not stamped yet
    )
    assert block_numbers(body) == {"fig-a": "Figure 1", "tab-c": "Table 7"}
    assert block_numbers("") == {}


def test_soup_pass_over_the_frame_only_matches_nbconvert_where_it_is_not_sanitised() -> None:
    """The BeautifulSoup pass runs over the document minus its cells: the frame comes out as
    nbconvert's pass over everything makes it; the cells' images get the same alt text."""
    from bs4 import BeautifulSoup

    frame = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">\n'
        '<title>A &amp; B — it\'s</title>\n</head>\n<body class="st-report">\n'
        "<header><ul><li>row's publisher</li></ul></header>\n<main>\n{cells}\n</main>\n</body>\n"
        "</html>\n"
    )
    cells = (
        '<div id="cell-id=1" class="jp-Cell  jp-Notebook-cell"><img src="data:image/png;base64,A">'
        '<img src="data:image/png;base64,B" alt="kept"/><img src="data:image/png;base64,C" /></div>'
    )
    marked = frame.format(cells=f"<!--ST-BODY-START-->{cells}<!--ST-BODY-END-->")
    whole = str(BeautifulSoup(frame.format(cells="<!--ST-BODY-START--><!--ST-BODY-END-->"),
                              features="html.parser"))  # fmt: skip
    ours = postprocess.soup_frame(marked)
    head, _, rest = ours.partition("<!--ST-BODY-START-->")
    body, _, tail = rest.partition("<!--ST-BODY-END-->")
    assert head + "<!--ST-BODY-START--><!--ST-BODY-END-->" + tail == whole
    assert body.count(f'alt="{postprocess.NO_ALT}"') == 2 and 'alt="kept"' in body
    assert f'base64,C" alt="{postprocess.NO_ALT}" />' in body  # after the last attribute
    # not the house template (no markers): the pass over the whole document, as nbconvert's
    plain = '<html><body><img src="x.png"></body></html>'
    soup = BeautifulSoup(plain, features="html.parser")
    soup.img.attrs["alt"] = postprocess.NO_ALT
    assert postprocess.soup_frame(plain) == str(soup)
