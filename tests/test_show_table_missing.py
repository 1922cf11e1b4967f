"""Missing values in the reader's tables: a dash, never pandas' '<NA>' (issue 14: USSR rows)."""

from __future__ import annotations

import pandas as pd
from IPython.core.interactiveshell import InteractiveShell

from strategic_ties import charts


def test_missing_values_show_a_dash_not_na(capsys) -> None:
    InteractiveShell.instance()  # display() needs a shell to publish to
    frame = pd.DataFrame(
        {
            "supplier": pd.array(["USSR", "Russia"], dtype=pd.StringDtype("pyarrow")),
            "iso3": pd.array([None, "RUS"], dtype=pd.StringDtype("pyarrow")),
            "first_year": pd.array([None, 1992], dtype="Int64"),
            "share": [None, 0.5],
        }
    )
    published = []
    shell = InteractiveShell.instance()
    original = shell.display_pub.publish
    shell.display_pub.publish = lambda data, metadata=None, **_: published.append(data)
    try:
        charts.show_table(frame, key="suppliers", caption="Suppliers", source="Hand-made")
    finally:
        shell.display_pub.publish = original
    html = published[0]["text/html"]
    assert "NA&gt;" not in html and "<NA>" not in html and "nan" not in html
    assert html.count(f"<td>{charts.NO_VALUE}</td>") == 3
    assert "<td>USSR</td>" in html and "<td>RUS</td>" in html
