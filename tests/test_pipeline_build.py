"""End to end: papermill runs of the fixture notebooks, rendered to HTML and PDF (both engines).

One report is built once for this module (`built`) and copied by tests that change things.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from pypdf import PdfReader
from terminal import foreground_signals

from strategic_ties import cli
from strategic_ties.pipeline import manifest
from strategic_ties.pipeline.lock import build_lock
from strategic_ties.pipeline.render import find_chromium

FIXTURES = Path(__file__).parent / "fixtures" / "pipeline" / "notebooks"
SLUG = "israel-azerbaijan"
CODE_FRAGMENTS = ("from strategic_ties", "charts.show_table", "params = setup", "import pandas")
PINNED = ("STRATEGIC_TIES_DATA", "STRATEGIC_TIES_CODE_DIGEST")
NOISE = ("FIXTURE-WARNING", "FIXTURE-STDERR", "Traceback", "UserWarning")


@pytest.fixture(scope="module", autouse=True)
def stable_inputs(tmp_path_factory) -> None:
    """Pin what colleagues may change while the suite runs: the processed data (a copy) and the
    hash of the analysis code."""
    from strategic_ties import paths

    data = tmp_path_factory.mktemp("data") / "data"
    shutil.copytree(paths.data_dir(), data, ignore=shutil.ignore_patterns("raw"))
    saved = {k: os.environ.get(k) for k in PINNED}
    os.environ.update({"STRATEGIC_TIES_DATA": str(data), "STRATEGIC_TIES_CODE_DIGEST": "fixture"})
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def build(out: Path, *extra: str, notebooks: Path = FIXTURES) -> tuple[int, str]:
    """Run `strategic-ties run` in a subprocess (as a user would); returns (exit code, stderr)."""
    command = [
        str(Path(sys.executable).with_name("strategic-ties")),
        "run",
        "--notebooks-dir",
        str(notebooks),
        "--out",
        str(out),
        *extra,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    return done.returncode, done.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory, stable_inputs) -> Path:
    """The fixture report, built once with the default options (Chromium when on PATH).

    Module scope: the pinned environment of `stable_inputs` must not leak into other modules."""
    out = tmp_path_factory.mktemp("report")
    code, err = build(out)
    assert code == 0, err
    return out / SLUG


def copy_of(built: Path, tmp_path: Path) -> Path:
    shutil.copytree(built, tmp_path / SLUG)
    return tmp_path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def pdf_text(path: Path) -> tuple[str, int, PdfReader]:
    reader = PdfReader(path)
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages), reader


class ResourceScan(HTMLParser):
    """Collects every tag and every attribute that could load something."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.loads: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            if name in {"src", "srcset", "data", "poster", "background"} or (
                tag == "link" and name == "href"
            ):
                self.loads.append((tag, name, value or ""))


# ---- outputs ---------------------------------------------------------------------------------------


def test_outputs_follow_the_contract(built: Path) -> None:
    for name in ("briefing", "demo_section"):
        assert (built / "html" / f"{name}.html").stat().st_size > 1000
        assert (built / "pdf" / f"{name}.pdf").stat().st_size > 1000
        executed = nbformat.read(built / "notebooks" / f"{name}.ipynb", as_version=4)
        assert executed.metadata["papermill"]["parameters"]["rivals"] is None  # from the data
    assert (built / "briefing.html").is_file() and (built / "briefing.pdf").is_file()
    charts = sorted(p.name for p in (built / "chart-data" / "demo_section").iterdir())
    assert charts == ["deals.csv", "long-table.csv", "values-by-year.csv"]
    csv = (built / "chart-data" / "demo_section" / "values-by-year.csv").read_text().splitlines()
    assert csv[0] == "year,value" and csv[1] == "1992,45"  # (1992 % 7) * 10 + 5
    assert not (built / "failed").exists()
    assert not list(built.parent.glob(".*staging-*"))


def test_manifest_records_parameters_versions_keys_and_timings(built: Path) -> None:
    data = manifest.read(built)
    assert data["parameters"]["partner"] == "Israel" and data["parameters"]["end_year"] >= 2020
    assert data["package"]["version"]
    assert data["engine"] in {"chromium", "weasyprint"}
    assert set(data["notebooks"]) == {"briefing", "demo_section"}
    entry = data["notebooks"]["demo_section"]
    assert len(entry["exec_key"]) == 64 and set(entry["render_keys"]) == {"html", "pdf"}
    assert entry["timings"]["execute"] > 0 and entry["timings"]["pdf"] > 0
    assert data["briefing"]["parts"] == ["briefing", "demo_section"]
    assert "fingerprint" in data["data"]


def test_html_is_self_contained_without_code_or_noise(built: Path) -> None:
    for path in [*built.glob("html/*.html"), built / "briefing.html"]:
        text = path.read_text(encoding="utf-8")
        scan = ResourceScan()
        scan.feed(text)
        assert not {"script", "link", "iframe", "object", "embed"} & scan.tags, path
        assert all(v.startswith("data:image/") for _, _, v in scan.loads), scan.loads
        if "demo_section" in path.name or path.name == "briefing.html" and path.parent == built:
            assert scan.loads, "the figure is embedded as a data: URI"
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text) and "@import" not in text
        for fragment in CODE_FRAGMENTS + NOISE:
            assert fragment not in text, (path.name, fragment)
        assert "In&nbsp;[" not in text and 'class="jp-InputPrompt' not in text


def test_html_has_title_block_toc_and_numbered_captions(built: Path) -> None:
    text = (built / "html" / "demo_section.html").read_text(encoding="utf-8")
    assert "Strategic ties: Israel and Azerbaijan" in text
    rivals = "Armenia, Iran and Russia (chosen from the data)"
    for fragment in ("Scope", rivals, "Data vintages", "Built ", "Contents"):
        assert fragment in text
    assert '<a href="#sec-2">A figure</a>' in text
    assert '<span class="st-label">Figure 1.</span>' in text
    assert '<span class="st-label">Table 1.</span> <span class="st-caption">Deals' in text
    assert '<span class="st-label">Table 2.</span> <span class="st-caption">A long table' in text
    assert "Source: Fixture data, version 1" in text


def test_combined_briefing_order_and_numbering_through_the_whole_document(built: Path) -> None:
    text = (built / "briefing.html").read_text(encoding="utf-8")
    body = text.split('<main class="st-body">', 1)[1]
    order = [body.index(s) for s in ("Fixture summary", "Demo section", "Methods and sources")]
    assert order == sorted(order), "briefing, then sections, then the appendix"
    assert re.findall(r'st-label">(Table \d+\.)</span> <span class="st-caption">([^<]+)', text) == [
        ("Table 1.", "Key points of the fixture"),
        ("Table 2.", "Deals with &lt;b&gt;raw&lt;/b&gt; comments"),
        ("Table 3.", "A long table that spans pages"),
    ]
    assert "Combined briefing" in text and "st-combined" in text
    # the source link in the appendix is a link, not a loaded resource
    assert 'href="https://www.sipri.org/databases/armstransfers"' in text


def test_data_text_is_escaped_not_markup(built: Path) -> None:
    text = (built / "html" / "demo_section.html").read_text(encoding="utf-8")
    assert "<script" not in text.lower()
    assert text.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 2  # table cell and narrative
    assert "&lt;b&gt;raw&lt;/b&gt;" in text
    pdf, _, _ = pdf_text(built / "pdf" / "demo_section.pdf")
    assert "<script>alert(1)</script>" in pdf


def check_pdf(path: Path, producer: str) -> None:
    text, pages, reader = pdf_text(path)
    assert (
        producer.lower()
        in str(reader.metadata.get("/Producer", "")).lower()
        + str(reader.metadata.get("/Creator", "")).lower()
    )
    assert "Strategic ties: Israel and Azerbaijan" in text
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    assert pages >= 3  # the 120-row table continues over pages
    for fragment in CODE_FRAGMENTS + NOISE:
        assert fragment not in text, fragment
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 595) < 2 and abs(float(box.height) - 842) < 2  # A4
    # the long table's header repeats on the pages it continues on
    assert sum("row label value" in page.extract_text() for page in reader.pages) >= 2


def orphans(pdf: Path, html: Path) -> list[str]:
    """Headings or captions left as the last line of a page (their content went to the next)."""
    text = html.read_text(encoding="utf-8")
    headings = {
        re.sub(r"<[^>]+>", "", h).strip()
        for h in re.findall(r'<h[1-3] id="sec-\d+">(.*?)</h[1-3]>', text, re.S)
    }
    found = []
    for number, page in enumerate(PdfReader(pdf).pages[:-1], start=1):
        lines = [line.strip() for line in page.extract_text().splitlines() if line.strip()]
        body = [
            line for line in lines if not line.startswith("Page ") and "Strategic ties:" not in line
        ]
        # (page 1 ends with the contents list, whose entries are heading texts)
        last = body[-1] if body and number > 1 else ""
        if last and (last in headings or re.match(r"(Table|Figure) \d+\.", last)):
            found.append(f"page {number}: {last}")
    return found


def test_no_heading_or_caption_is_left_at_a_page_bottom(built: Path) -> None:
    for name in ("demo_section", "briefing"):
        assert orphans(built / "pdf" / f"{name}.pdf", built / "html" / f"{name}.html") == []
    assert orphans(built / "briefing.pdf", built / "briefing.html") == []


def test_pdf_with_chromium(built: Path, tmp_path: Path) -> None:
    assert find_chromium(), "Chromium is needed: apt-get install chromium-headless-shell"
    out = copy_of(built, tmp_path)
    code, err = build(out, "--pdf-engine", "chromium")
    assert code == 0, err
    check_pdf(out / SLUG / "pdf" / "demo_section.pdf", "skia")  # Chromium's PDF backend


def test_pdf_with_weasyprint_rerenders_without_executing(built: Path, tmp_path: Path) -> None:
    out = copy_of(built, tmp_path)
    executed = (out / SLUG / "notebooks" / "demo_section.ipynb").stat().st_mtime_ns
    html_before = (out / SLUG / "html" / "demo_section.html").read_bytes()
    code, err = build(out, "--pdf-engine", "weasyprint")
    assert code == 0, err
    assert "run      " not in err  # nothing executed: only the PDFs' keys changed
    assert (out / SLUG / "notebooks" / "demo_section.ipynb").stat().st_mtime_ns == executed
    assert (out / SLUG / "html" / "demo_section.html").read_bytes() == html_before
    check_pdf(out / SLUG / "pdf" / "demo_section.pdf", "weasyprint")
    data = manifest.read(out / SLUG)
    assert data["engine"] == "weasyprint" and "execute" not in str(data["last_run"])
    text, pages, _ = pdf_text(out / SLUG / "briefing.pdf")
    assert "Fixture summary" in text and "Demo section" in text and pages >= 4


# ---- cache -------------------------------------------------------------------------------------------


def test_warm_rerun_is_cached_and_changes_nothing(built: Path, tmp_path: Path) -> None:
    out = copy_of(built, tmp_path)
    before = snapshot(out / SLUG)
    started = time.perf_counter()
    code, err = build(out)
    elapsed = time.perf_counter() - started
    assert code == 0, err
    assert "up to date" in err
    assert snapshot(out / SLUG) == before
    assert elapsed < 30  # generous: the benchmark measures the real figure


def test_parameter_change_builds_its_own_folder_and_force_rebuilds_all(
    built: Path, tmp_path: Path
) -> None:
    """Item 7 of issue 14: other parameters never overwrite the default report."""
    out = copy_of(built, tmp_path)
    before = snapshot(out / SLUG)
    code, err = build(out, "demo_section", "-p", "start_year", "2000", "--formats", "html")
    assert code == 0, err
    assert snapshot(out / SLUG) == before
    (other,) = [p for p in out.iterdir() if p.name.startswith(f"{SLUG}-2000-")]
    csv = (other / "chart-data" / "demo_section" / "values-by-year.csv").read_text()
    assert csv.splitlines()[1].startswith("2000,")
    data = manifest.read(other)
    assert data["notebooks"]["demo_section"]["parameters"]["start_year"] == 2000
    assert data["slug"] == other.name
    code, err = build(out, "briefing", "--formats", "html")
    assert code == 0 and "up to date" in err
    code, err = build(out, "briefing", "--formats", "html", "--force")
    assert code == 0 and "run      briefing" in err


def test_partial_formats_never_delete_other_formats(built: Path, tmp_path: Path) -> None:
    """Item 7: a later `--formats html` re-execution keeps the PDFs (marked stale, said so)."""
    out = copy_of(built, tmp_path)
    pdfs = {p: p.read_bytes() for p in (out / SLUG).rglob("*.pdf")}
    code, err = build(out, "--formats", "html", "--force")
    assert code == 0, err
    assert {p: p.read_bytes() for p in (out / SLUG).rglob("*.pdf")} == pdfs
    assert "kept from the previous build" in err and "pdf/demo_section.pdf" in err
    data = manifest.read(out / SLUG)
    assert data["notebooks"]["demo_section"]["stale"] == ["pdf/demo_section.pdf"]
    assert "pdf" not in data["notebooks"]["demo_section"]["render_keys"]
    code, err = build(out, "--formats", "pdf")  # the stale PDFs are re-rendered, not re-executed
    assert code == 0 and "run      " not in err, err
    assert "stale" not in manifest.read(out / SLUG)["notebooks"]["demo_section"]


def test_read_only_report_folder_at_install_keeps_the_old_report(
    built: Path, tmp_path: Path
) -> None:
    """Item 6: the new report is built beside the old one and swapped in, or not at all."""
    out = copy_of(built, tmp_path)
    folder = out / SLUG
    before = snapshot(folder)
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
        pytest.fail("chattr +i is needed for this test (root on ext4)")
    try:
        code, err = build(out, "demo_section", "--formats", "html", "--force")
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)
    assert code == 2, err
    lines = err.strip().splitlines()
    assert "Traceback" not in err
    assert lines[-1].startswith("strategic-ties: error: The report could not be installed")
    assert "previous report is unchanged" in lines[-1]
    assert snapshot(folder) == before
    assert not [p for p in out.iterdir() if ".staging-" in p.name]


def test_template_change_rerenders_without_executing(
    built: Path, tmp_path: Path, monkeypatch
) -> None:
    from strategic_ties import paths

    templates = tmp_path / "templates"
    shutil.copytree(paths.TEMPLATES_DIR, templates)
    with (templates / "report" / "report.css").open("a") as handle:
        handle.write("\n.st-title { letter-spacing: 0.01em; }\n")
    monkeypatch.setattr(paths, "TEMPLATES_DIR", templates)
    out = copy_of(built, tmp_path)
    executed = (out / SLUG / "notebooks" / "briefing.ipynb").read_bytes()
    code = cli.main(
        [
            "run",
            "--notebooks-dir",
            str(FIXTURES),
            "--out",
            str(out),
            "--formats",
            "html",
            "--jobs",
            "1",
        ]
    )
    assert code == 0
    assert (out / SLUG / "notebooks" / "briefing.ipynb").read_bytes() == executed
    assert "letter-spacing: 0.01em" in (out / SLUG / "html" / "briefing.html").read_text()
    assert "letter-spacing: 0.01em" in (out / SLUG / "briefing.html").read_text()


# ---- failure -------------------------------------------------------------------------------------------


def test_failing_notebook_exits_1_and_keeps_the_previous_report(
    built: Path, tmp_path: Path
) -> None:
    notebooks = tmp_path / "notebooks"
    shutil.copytree(FIXTURES, notebooks)
    nb = nbformat.read(notebooks / "demo_section.ipynb", as_version=4)
    nb.cells[5].source += "\nraise ValueError('fixture failure in the figure cell')"
    nbformat.write(nb, notebooks / "demo_section.ipynb")
    out = copy_of(built, tmp_path)
    before = snapshot(out / SLUG)
    code, err = build(out, notebooks=notebooks)
    assert code == 1
    message = err.strip().splitlines()
    assert any(
        "Notebook demo_section failed in cell 6: ValueError: fixture failure in the figure cell"
        in line
        for line in message
    ), err
    assert "Traceback" not in err
    assert "unchanged" in err
    failed = out / SLUG / "failed" / "demo_section.ipynb"
    kept = nbformat.read(failed, as_version=4)
    assert any(o.get("output_type") == "error" for c in kept.cells for o in c.get("outputs", []))
    after = snapshot(out / SLUG)
    after.pop("failed/demo_section.ipynb")
    assert after == before  # HTML, PDF, briefing, manifest: untouched


def test_a_hanging_cell_times_out_with_exit_1(built: Path, tmp_path: Path, monkeypatch) -> None:
    notebooks = tmp_path / "notebooks"
    shutil.copytree(FIXTURES, notebooks)
    nb = nbformat.read(notebooks / "demo_section.ipynb", as_version=4)
    nb.cells[5].source += "\nimport time\ntime.sleep(120)"
    nbformat.write(nb, notebooks / "demo_section.ipynb")
    out = copy_of(built, tmp_path)
    before = snapshot(out / SLUG)
    monkeypatch.setenv("STRATEGIC_TIES_CELL_TIMEOUT", "3")
    code, err = build(out, notebooks=notebooks)
    assert code == 1
    assert "Notebook demo_section failed in cell 6: CellTimeoutError" in err, err  # cells[5]
    assert "failed in before" not in err
    assert "Traceback" not in err and ".." not in err  # issue 14: the two wording bugs
    assert (out / SLUG / "failed" / "demo_section.ipynb").stat().st_mode & 0o777 == 0o644
    assert (out / SLUG / "failed" / "demo_section.ipynb").is_file()
    after = snapshot(out / SLUG)
    after.pop("failed/demo_section.ipynb")
    assert after == before


def test_missing_data_exits_2_before_any_kernel(tmp_path: Path, monkeypatch) -> None:
    data = tmp_path / "data"
    shutil.copytree(os.environ["STRATEGIC_TIES_DATA"], data)
    victim = sorted((data / "processed").glob("*.parquet"))[0]
    victim.write_bytes(victim.read_bytes()[:100])  # truncated
    monkeypatch.setenv("STRATEGIC_TIES_DATA", str(data))
    code, err = build(tmp_path / "out")
    assert code == 2, err
    assert (
        err.strip()
        .splitlines()[-1]
        .startswith("strategic-ties: error: The processed data cannot be used:")
    )
    assert victim.stem in err and "run      " not in err
    assert not (tmp_path / "out" / SLUG / "notebooks").exists()


def _drop_column(data: Path) -> str:
    import pyarrow.parquet as pq
    import yaml

    path = data / "processed" / "events.parquet"
    pq.write_table(pq.read_table(path).drop_columns(["confidence"]), path)
    document = yaml.safe_load((data / "catalog.yaml").read_text())
    document["datasets"]["events"]["processed"].update(
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(), bytes=path.stat().st_size
    )
    (data / "catalog.yaml").write_text(yaml.safe_dump(document, sort_keys=False))
    return "events' ("  # then its path; the sentence goes on below


def _remove_entry(data: Path) -> str:
    import yaml

    document = yaml.safe_load((data / "catalog.yaml").read_text())
    del document["datasets"]["gdp"]
    (data / "catalog.yaml").write_text(yaml.safe_dump(document, sort_keys=False))
    return "dataset 'gdp' is not in the catalogue"


def _empty_folder(data: Path) -> str:
    shutil.rmtree(data)
    data.mkdir()
    return f"{data}"


@pytest.mark.parametrize("spoil", [_empty_folder, _remove_entry, _drop_column])
def test_data_problems_exit_2_before_any_kernel(
    spoil, built: Path, tmp_path: Path, monkeypatch
) -> None:
    """Issue 14: an empty STRATEGIC_TIES_DATA folder, a removed catalogue entry and a schema
    mismatch are found before a kernel starts (exit 2, one sentence, previous report intact)."""
    data = tmp_path / "data"
    shutil.copytree(os.environ["STRATEGIC_TIES_DATA"], data)
    expected = spoil(data)
    out = copy_of(built, tmp_path)
    before = snapshot(out / SLUG)
    monkeypatch.setenv("STRATEGIC_TIES_DATA", str(data))
    code, err = build(out, "--force")
    lines = err.strip().splitlines()
    assert code == 2, err
    assert len(lines) == 1 and lines[0].startswith("strategic-ties: error: "), err
    assert expected in lines[0] and "({)" not in err and "Traceback" not in err
    if spoil is _drop_column:
        assert "does not match its schema (column 'confidence' is missing" in lines[0]
    assert "run      " not in err  # no notebook started
    assert snapshot(out / SLUG) == before
    assert not [p for p in out.iterdir() if "staging" in p.name]


DISK_FULL_DRIVER = """
import json, subprocess, sys
from pathlib import Path
mount, command = Path(sys.argv[1]), json.loads(sys.argv[2])
subprocess.run(["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", str(mount)], check=True)
def snapshot():
    return {str(p.relative_to(mount)): p.read_bytes().hex() for p in sorted(mount.rglob("*"))
            if p.is_file() and not p.name.startswith(".")}
first = subprocess.run(command, capture_output=True, text=True)
before = snapshot()
second = subprocess.run(command + ["--force"], capture_output=True, text=True)
print(json.dumps({"first": first.returncode, "code": second.returncode, "err": second.stderr,
                  "same": snapshot() == before, "names": sorted(p.name for p in mount.rglob("*"))}))
"""


def test_disk_full_one_sentence_exit_2(tmp_path: Path) -> None:
    """Issue 14: a real full file system (a 400 KB tmpfs, mounted in a private mount namespace so
    no root is needed): one sentence, exit 2, the previous report intact, no staging left and
    no 0-byte failed/*.ipynb."""
    mount = tmp_path / "small"
    mount.mkdir()
    command = [
        str(Path(sys.executable).with_name("strategic-ties")),
        "run",
        "--notebooks-dir",
        str(FIXTURES),
        "--out",
        str(mount),
        "--formats",
        "html",
        "--jobs",
        "1",
    ]
    driver = tmp_path / "driver.py"
    driver.write_text(DISK_FULL_DRIVER, encoding="utf-8")
    done = subprocess.run(
        ["unshare", "-rm", sys.executable, str(driver), str(mount), json.dumps(command)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["first"] == 0, result
    assert result["code"] == 2, result["err"]
    errors = [line for line in result["err"].splitlines() if line.startswith("strategic-ties:")]
    assert errors == [
        f"strategic-ties: error: The disk holding {mount}/{SLUG}/ is full (no space left on "
        "device); free some space and run again. The previous report is unchanged."
    ], result["err"]
    assert "Traceback" not in result["err"]
    assert result["same"]  # the previous report, byte for byte
    assert not [n for n in result["names"] if "staging" in n]
    assert "failed" not in result["names"]  # no 0-byte failed/*.ipynb


def test_error_outputs_are_never_rendered(built: Path) -> None:
    from strategic_ties.pipeline.exporters import NotebookError
    from strategic_ties.pipeline.render import render_html

    nb = nbformat.read(built / "notebooks" / "demo_section.ipynb", as_version=4)
    nb.cells[6].outputs.append(  # executed: papermill's injected cell sits at index 1
        nbformat.v4.new_output("error", ename="KeyError", evalue="'x'", traceback=["boom"])
    )
    with pytest.raises(NotebookError, match="cell 6 raised KeyError"):
        render_html(nb, "demo_section")


# ---- concurrency -------------------------------------------------------------------------------------------


def test_two_runs_into_one_folder_do_not_mix(tmp_path: Path) -> None:
    command = [
        str(Path(sys.executable).with_name("strategic-ties")),
        "run",
        "--notebooks-dir",
        str(FIXTURES),
        "--out",
        str(tmp_path),
        "--formats",
        "html",
        "--jobs",
        "1",
    ]
    first = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    time.sleep(0.5)
    second = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    errors = [p.communicate(timeout=300)[1] for p in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], errors
    waited = [e for e in errors if "Waiting for build pid" in e]
    assert len(waited) == 1 and "up to date" in waited[0], errors
    folder = tmp_path / SLUG
    assert not list(tmp_path.glob(".*staging-*"))
    data = manifest.read(folder)
    assert set(data["notebooks"]) == {"briefing", "demo_section"}
    for name in ("briefing", "demo_section"):
        nbformat.validate(nbformat.read(folder / "notebooks" / f"{name}.ipynb", as_version=4))


def test_second_run_stops_clearly_after_timeout(tmp_path: Path, capsys) -> None:
    folder = tmp_path / SLUG
    with build_lock(folder):
        code = cli.main(
            ["run", "--notebooks-dir", str(FIXTURES), "--out", str(tmp_path), "--timeout", "0.3"]
        )
    err = capsys.readouterr().err
    assert code == 2
    assert "is still writing" in err and "--timeout" in err


def test_different_pairs_build_side_by_side(tmp_path: Path) -> None:
    with (
        build_lock(tmp_path / "israel-azerbaijan"),
        build_lock(tmp_path / "russia-armenia", timeout=0),
    ):
        assert (tmp_path / ".russia-armenia.lock").exists()


# ---- nbconvert entry points ----------------------------------------------------------------------------------


def test_exporters_work_through_jupyter_nbconvert(built: Path, tmp_path: Path) -> None:
    from importlib.metadata import entry_points

    names = {e.name for e in entry_points(group="nbconvert.exporters")}
    assert {"strategic_ties_html", "strategic_ties_pdf"} <= names
    source = tmp_path / "demo.ipynb"
    shutil.copy(built / "notebooks" / "demo_section.ipynb", source)
    jupyter = Path(sys.executable).with_name("jupyter")
    done = subprocess.run(
        [str(jupyter), "nbconvert", "--to", "strategic_ties_html", str(source)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "STRATEGIC_TIES_CHROMIUM": ""},
    )
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "demo.html").read_text()
    assert "Figure 1." in text and "<script" not in text and "import pandas" not in text

    from strategic_ties.pipeline.exporters import ReportPDFExporter

    pdf, resources = ReportPDFExporter(pdf_engine="weasyprint").from_filename(str(source))
    assert pdf.startswith(b"%PDF-") and resources["output_extension"] == ".pdf"


# ---- signals and orphans (issue 14 items 8, 9) ------------------------------------------------------------


def _sleepy_notebooks(tmp_path: Path) -> Path:
    """The fixture notebooks with a cell that sleeps, so a signal lands while kernels run, and
    two more that wait in the queue behind them (with --jobs 2 one of them is still queued in
    this process, not yet handed to a worker, when the signal comes)."""
    notebooks = tmp_path / "notebooks"
    shutil.copytree(FIXTURES, notebooks)
    queued = ("queued_one", "queued_two")
    for name in queued:
        shutil.copy(notebooks / "demo_section.ipynb", notebooks / f"{name}.ipynb")
    for name in ("briefing", "demo_section", *queued):
        nb = nbformat.read(notebooks / f"{name}.ipynb", as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell("import time\ntime.sleep(120)"))
        nbformat.write(nb, notebooks / f"{name}.ipynb")
    return notebooks


def _start_run(out: Path, notebooks: Path) -> tuple[subprocess.Popen, list[int]]:
    """A real `strategic-ties run --force` in its own session; returns it once both kernels run,
    with the pids of all its descendants (workers, kernels)."""
    import psutil

    command = [
        str(Path(sys.executable).with_name("strategic-ties")),
        "run", "--notebooks-dir", str(notebooks), "--out", str(out), "--force",
        "--formats", "html", "--jobs", "2",
    ]  # fmt: skip
    proc = subprocess.Popen(
        command, stderr=subprocess.PIPE, text=True, start_new_session=True,
        preexec_fn=foreground_signals,
    )  # fmt: skip

    def kernels() -> tuple[int, list[psutil.Process]]:
        try:
            kids = psutil.Process(proc.pid).children(recursive=True)
        except psutil.Error:
            return 0, []
        count = 0
        for kid in kids:
            with contextlib.suppress(psutil.Error):
                count += _is_kernel(kid)
        return count, kids

    deadline = time.monotonic() + 240  # the machine may be busy: kernels can take a while
    while time.monotonic() < deadline and kernels()[0] < 2 and proc.poll() is None:
        time.sleep(0.3)
    time.sleep(3)  # the kernels are inside the notebooks now
    count, kids = kernels()
    assert count >= 2 and proc.poll() is None, proc.stderr.read() if proc.poll() is not None else ""
    return proc, [k.pid for k in kids]


def _is_kernel(process) -> bool:
    """A notebook kernel: started by papermill (ipykernel_launcher) or forked from the kernel
    template (pipeline/forkserver.py: a fork carries the template's command line)."""
    command = " ".join(process.cmdline())
    template = "strategic_ties.pipeline.forkserver"
    return "ipykernel" in command or (
        template in command and template in " ".join(process.parent().cmdline())
    )


def _gone(pids: list[int], within: float = 15.0) -> list[int]:
    import psutil

    deadline = time.monotonic() + within
    alive = pids
    while alive and time.monotonic() < deadline:
        alive = [
            p for p in alive if psutil.pid_exists(p) and psutil.Process(p).status() != "zombie"
        ]
        time.sleep(0.2)
    return alive


@pytest.mark.parametrize(
    ("signum", "code", "line"),
    [(2, 130, "strategic-ties: interrupted"), (15, 143, "strategic-ties: terminated (SIGTERM)")],
)
def test_ctrl_c_and_sigterm_stop_at_once_and_leave_nothing(
    built: Path, tmp_path: Path, signum: int, code: int, line: str
) -> None:
    out = copy_of(built, tmp_path)
    before = snapshot(out / SLUG)
    proc, pids = _start_run(out, _sleepy_notebooks(tmp_path))
    started = time.monotonic()
    os.killpg(proc.pid, signum) if signum == 2 else proc.send_signal(signum)  # Ctrl-C: the group
    _, err = proc.communicate(timeout=60)
    assert time.monotonic() - started < 30  # the queued notebooks were not run to the end
    assert proc.returncode == code, err
    progress = ("Building ", "  run      ")
    assert [x for x in err.splitlines() if not x.startswith(progress)] == [
        f"{line}; nothing was installed."
    ], err
    assert "Traceback" not in err and "never retrieved" not in err
    assert _gone(pids) == []
    assert snapshot(out / SLUG) == before
    assert not [p for p in out.iterdir() if ".staging-" in p.name or p.name.endswith("-owner")]


def test_kill_9_leaves_no_orphan_worker_or_kernel(built: Path, tmp_path: Path) -> None:
    out = copy_of(built, tmp_path)
    before = snapshot(out / SLUG)
    proc, pids = _start_run(out, _sleepy_notebooks(tmp_path))
    proc.kill()
    proc.communicate(timeout=30)
    assert _gone(pids) == [], "workers or kernels outlived a killed run"
    assert snapshot(out / SLUG) == before
    code, err = build(out, "--formats", "html")  # the next run cleans up and succeeds
    assert code == 0, err
    time.sleep(1)
    assert not [p for p in out.iterdir() if ".staging-" in p.name]


# ---- hostile data (issue 14 items 1, 2, 3, 5) ---------------------------------------------------------------

HOSTILE = [
    ("[phish](https://evil.example/login)", "agreement"),
    ("![x](https://evil.example/x.png)", "other"),
    ('=HYPERLINK("https://evil.example","x")', "other"),
    ("+cmd|' /C calc'!A0", "other"),
    ("$\\undefinedmacro{x}$ costs $1.6 billion, then $5 billion", "other"),
    ("<img src=x onerror=alert(1)> https://evil.example/auto", "other"),
]
HOSTILE_CODE = """import os
import matplotlib.pyplot as plt
import pandas as pd
from strategic_ties import charts
events = pd.read_csv(os.environ['HOSTILE_CSV'], dtype=str)
for title, category in zip(events['title'], events['category']):
    charts.say('Event: {t} ({c}).', t=title, c=category)
charts.show_table(events, key='hostile', caption='Hostile events', source='Hand-made')
fig, ax = plt.subplots()
ax.bar(range(len(events)), range(len(events)))
ax.set_title(events['title'][4])
ax.set_xticks(range(len(events)), events['title'], rotation=90)
charts.show_figure(fig, key='hostile-figure', caption='Hostile figure', source='Hand-made',
                   data=events)
"""


def test_hostile_data_reaches_the_reader_as_inert_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import csv
    import json as _json

    rows = tmp_path / "hostile.csv"
    with rows.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["title", "category"])
        writer.writerows(HOSTILE)
    monkeypatch.setenv("HOSTILE_CSV", str(rows))
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    demo = nbformat.read(FIXTURES / "demo_section.ipynb", as_version=4)
    demo.cells = [
        *demo.cells[:2],
        nbformat.v4.new_markdown_cell("# Section </style><script>document.title='pwned'</script>"),
        nbformat.v4.new_code_cell(HOSTILE_CODE),
    ]
    demo.metadata["title"] = "</title><script>alert(2)</script>"
    nbformat.write(demo, notebooks / "hostile.ipynb")
    out = tmp_path / "out"
    code, err = build(out, "--formats", "html", "--jobs", "1", notebooks=notebooks)
    assert code == 0, err
    page = out / SLUG / "html" / "hostile.html"
    text = page.read_text(encoding="utf-8")
    scan = ResourceScan()
    scan.feed(text)
    assert "script" not in scan.tags and "<script" not in text.lower()
    assert not [load for load in scan.loads if not load[2].startswith("data:")]
    assert "evil.example" not in "".join(re.findall(r'href="([^"]*)"', text))
    assert "Content-Security-Policy" in text and "default-src 'none'" in text
    assert "[phish](https://evil.example/login)" in html_unescape(text)
    # Chromium's DOM: nothing active either
    chromium = find_chromium()
    assert chromium, "chromium-headless-shell is needed for this test"
    dom = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120,
    ).stdout  # fmt: skip
    live = ResourceScan()
    live.feed(dom)
    assert "<script" not in dom.lower()  # the heading stayed text: '&lt;script&gt;' in the title
    assert "&lt;/style&gt;&lt;script&gt;document.title='pwned'" in dom.split("</title>")[0]
    assert "script" not in live.tags
    assert not [load for load in live.loads if not load[2].startswith("data:")]
    assert not re.findall(r'<a [^>]*href="https?://evil', dom)
    # CSVs neutralised, text data kept
    table = (out / SLUG / "chart-data" / "hostile" / "hostile.csv").read_text(encoding="utf-8")
    cells = [row[0] for row in csv.reader(table.splitlines()[1:])]
    assert cells[2].startswith("'=HYPERLINK") and cells[3].startswith("'+cmd")
    assert _json.loads(_json.dumps(cells))[0] == HOSTILE[0][0]


def html_unescape(text: str) -> str:
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", text))


def test_run_waits_for_a_data_build(tmp_path: Path) -> None:
    """Issue 14 item 10: `data build` holds the data folder exclusively; a run waits for it."""
    from strategic_ties.pipeline.lock import data_lock

    command = [
        str(Path(sys.executable).with_name("strategic-ties")),
        "run", "--notebooks-dir", str(FIXTURES), "--out", str(tmp_path), "--formats", "html",
    ]  # fmt: skip
    with data_lock(exclusive=True):
        proc = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
        time.sleep(4)
        assert proc.poll() is None  # still waiting
        assert not (tmp_path / SLUG).exists()
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert "Waiting for the data build to finish" in err


def test_parallel_tasks_print_pdfs_after_the_combined_step_and_stop_on_a_failed_print(
    built: Path, tmp_path: Path, capsys
) -> None:
    """jobs 2: every part's HTML is staged before `after_html` (the combined briefing) runs, once;
    a part's PDF print that fails is reported as that part's error; no worker is left."""
    import multiprocessing

    from strategic_ties.pipeline.worker import Task, failed, run_tasks

    names = sorted(p.stem for p in (built / "notebooks").glob("*.ipynb"))
    staging = tmp_path / "staging"

    def tasks(engine: str) -> list[Task]:
        return [
            Task(
                name=n,
                source=FIXTURES / f"{n}.ipynb",
                staging=staging,
                reuse=built / "notebooks" / f"{n}.ipynb",
                formats=["html", "pdf"],
                engine=engine,
                parameters={},
                cover={},
                cwd=tmp_path,
            )  # fmt: skip
            for n in names
        ]

    calls: list[list[str]] = []

    def after_html() -> None:
        calls.append(sorted(p.stem for p in (staging / "html").glob("*.html")))

    results = run_tasks(tasks("chromium"), 2, after_html)
    assert calls == [names]  # once, with every part's HTML there
    assert sorted(r["name"] for r in results) == names
    assert not any(failed(r) for r in results)
    assert all(set(r["timings"]) == {"html", "pdf"} for r in results)
    assert all((staging / "pdf" / f"{n}.pdf").stat().st_size for n in names)
    err = capsys.readouterr().err  # progress: each part's HTML as it is ready, then "done"
    for n in names:
        assert err.index(f"  html     {n}: ") < err.index(f"  done     {n} ("), err

    calls.clear()
    results = run_tasks(tasks("no-such-engine"), 2, after_html)
    assert len(calls) <= 1  # not at all when a print failed before the last part's HTML
    assert any(failed(r) and "engine" in r["error"].lower() for r in results), results
    assert not multiprocessing.active_children()
