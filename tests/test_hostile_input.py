"""Issue 14: hostile parameters, parameter files and data text get one sentence, fast.

Each case runs the real CLI in-process (`cli.main`) and checks the exit code, that the error is
one line without a traceback, and that nothing was written."""

from __future__ import annotations

import html
import shutil
import time
from pathlib import Path

import pytest

from strategic_ties import charts, cli
from strategic_ties.csvsafe import neutral_csv
from strategic_ties.errors import DataError
from strategic_ties.ingest import events

RAW = Path(__file__).resolve().parents[2] / "shared" / "data"


def run(capsys, tmp_path: Path, *argv: str) -> tuple[int, list[str]]:
    code = cli.main(["run", "--out", str(tmp_path / "out"), *argv])
    err = capsys.readouterr().err.strip().splitlines()
    assert "Traceback" not in "\n".join(err)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    return code, err


def write(tmp_path: Path, text: str | bytes, name: str = "params.yaml") -> str:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return str(path)


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ('a: &a ["x","x","x","x"]\nb: &b [*a,*a,*a,*a]\nrivals: [*b,*b,*b,*b]\n', "anchors and aliases"),
        ("country: Armenia\ncountry: Iran\n", "'country' is given twice (line 2)"),
        ("country: Armenia\n".encode("utf-16"), "is not UTF-8 text"),
        (b"\x00\xff\xfe binary", "is not UTF-8 text"),
        ("country: " + "x" * 1_100_000, "larger than 1 MB"),
    ],
)  # fmt: skip
def test_bad_parameter_files_exit_2_with_one_sentence(capsys, tmp_path, content, fragment):
    started = time.perf_counter()
    code, err = run(capsys, tmp_path, "-f", write(tmp_path, content))
    assert code == 2 and len(err) == 1 and fragment in err[0], err
    assert time.perf_counter() - started < 5


def test_parameter_file_that_is_a_folder(capsys, tmp_path):
    code, err = run(capsys, tmp_path, "-f", str(tmp_path))
    assert code == 2 and err == [
        f"strategic-ties: error: Parameter file {str(tmp_path)!r} is a folder; give a YAML file."
    ]


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["-p", "country", "A" * 100_000], "is too long (100000 characters; at most 200)"),
        (["-p", "rivals", ",".join(["Iran"] * 60)], "is too long (299 characters"),
        (["-p", "country", "Korea"], "ambiguous; give one of North Korea or South Korea"),
        (["-p", "country", "Congo"], "Democratic Republic of the Congo"),
        (["-p", "country", "Northern Cyprus"], "not a state in the data"),
    ],
)
def test_flooding_or_ambiguous_values_exit_2_fast_with_a_short_echo(
    capsys, tmp_path, argv, fragment
):
    started = time.perf_counter()
    code, err = run(capsys, tmp_path, *argv)
    assert code == 2 and len(err) == 1 and fragment in err[0], err
    assert len(err[0]) < 400 and time.perf_counter() - started < 5


def test_end_year_latest_is_accepted_in_a_file_as_with_p() -> None:
    from strategic_ties.params import validate

    values = cli.collect_parameters([], None)
    values.update({"end_year": "latest"})
    assert validate(values).end_year == validate().end_year


def test_say_keeps_data_text_literal_in_markdown() -> None:
    text = charts.markdown_literal("[phish](https://evil.example/login) ![x](u) *b* $1 $2")
    for active in "[]()!*$:":
        assert active not in text
    import html

    assert html.unescape(text) == "[phish](https://evil.example/login) ![x](u) *b* $1 $2"


def test_csv_cells_that_start_a_formula_are_neutralised() -> None:
    text = 'a,b\n=HYPERLINK("x"),-3.5\n+cmd,@SUM(1)\n-x,1\n'
    assert neutral_csv(text) == 'a,b\n"\'=HYPERLINK(""x"")",-3.5\n\'+cmd,\'@SUM(1)\n\'-x,1\n'
    assert neutral_csv("a,b\n1,-2\n") == "a,b\n1,-2\n"  # numbers (and clean files) unchanged


@pytest.mark.skipif(not (RAW / "events" / "events.csv").is_file(), reason="raw data not present")
@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("1991-09-02,day", "2015-13-45,day", "row 2, field 'date': '2015-13-45' is not a calendar date"),
        (",diplomatic_relations,", ",[phish](https://evil.example),", "field 'category'"),
    ],
)  # fmt: skip
def test_bad_event_fields_name_file_row_and_field(tmp_path, old, new, fragment) -> None:
    bad = tmp_path / "events.csv"
    shutil.copy(RAW / "events" / "events.csv", bad)
    text = bad.read_text(encoding="utf-8")
    assert old in text
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataError, match="events.csv") as caught:
        events.parse_events(bad)
    assert fragment in str(caught.value)


@pytest.mark.parametrize("value", ["nan", "-1", "inf"])
def test_timeout_that_is_no_duration_exits_2(capsys, tmp_path, value) -> None:
    code, err = run(capsys, tmp_path, "--timeout", value)
    assert code == 2 and len(err) == 1 and "Option '--timeout'" in err[0], err


def test_plain_papermill_shows_our_sentence_without_the_kernel_traceback(tmp_path) -> None:
    """UserError defines IPython's `_render_traceback_`: the notebook's error is one sentence
    (papermill's own traceback of its CLI remains; it is not the package's)."""
    import subprocess
    import sys

    notebook = Path(__file__).parent / "fixtures" / "pipeline" / "notebooks" / "demo_section.ipynb"
    done = subprocess.run(
        [str(Path(sys.executable).with_name("papermill")), str(notebook), str(tmp_path / "o.ipynb"),
         "-p", "country", "Atlantis", "-k", "python3", "--cwd", str(Path(__file__).parents[1])],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 1
    kernel_part = done.stderr.split('Exception encountered at "In [')[1].splitlines()[1:]
    assert [line for line in kernel_part if line.strip()] == [
        "UnknownCountryError: Parameter 'country': 'Atlantis' is not a known country. Did you "
        "mean Albania? Give a country name or ISO3 code, e.g. 'Azerbaijan' or 'AZE'."
    ]
    assert "pydantic" not in done.stderr and "params.py" not in done.stderr


def test_say_values_render_as_the_plain_text_they_are() -> None:
    """An apostrophe or ampersand in a value reaches the reader as itself, not as '&#x27;'."""
    import html

    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    value = "Azerbaijan's imports & Iran's <b>"
    rendered = markdown2html_mistune(f"Lead: {charts.markdown_literal(value)}.")
    assert "&amp;#" not in rendered and "&#x27;" not in html.unescape(rendered)
    assert html.unescape(rendered).strip() == f"<p>Lead: {value}.</p>"


def test_prose_keeps_emphasis_and_lists_but_no_links_or_images(monkeypatch) -> None:
    """A wording module's Markdown keeps its bold and list items; link or image markup that data
    text could bring is shown as text."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    shown: list[str] = []
    monkeypatch.setattr(charts, "display", lambda obj, **_: shown.append(obj.data))
    charts.prose("Rivals:\n\n- **Armenia**: 8 disputes\n- [x](https://evil.example) ![i](u) $1 $2")
    rendered = markdown2html_mistune(shown[0])
    assert "<strong>Armenia</strong>" in rendered and rendered.count("<li>") == 2
    assert "<a " not in rendered and "<img" not in rendered
    assert "[x](https://evil.example)" in html.unescape(rendered)
