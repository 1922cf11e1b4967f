"""Cache keys: each input changes exactly the keys that depend on it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from strategic_ties import paths
from strategic_ties.pipeline import cache

FIXTURES = Path(__file__).parent / "fixtures" / "pipeline" / "notebooks"
PARAMS = {"partner": "Israel", "country": "Azerbaijan", "rivals": ["Iran"], "start_year": 1992}


@pytest.fixture()
def notebook(tmp_path: Path) -> Path:
    target = tmp_path / "demo_section.ipynb"
    shutil.copy(FIXTURES / "demo_section.ipynb", target)
    return target


def key(nb: Path, params=PARAMS, data="d", package="p") -> str:
    return cache.execute_key(nb, params, data, package)


def test_same_inputs_same_key(notebook: Path) -> None:
    assert key(notebook) == key(notebook)


def test_notebook_source_changes_the_key_but_outputs_and_counts_do_not(notebook: Path) -> None:
    before = key(notebook)
    nb = nbformat.read(notebook, as_version=4)
    nb.cells[3].outputs = [nbformat.v4.new_output("stream", name="stdout", text="x")]
    nb.cells[3].execution_count = 7
    nbformat.write(nb, notebook)
    assert key(notebook) == before
    nb.cells[3].source += "\n# an edit"
    nbformat.write(nb, notebook)
    assert key(notebook) != before


def test_cell_tags_change_the_key(notebook: Path) -> None:
    before = key(notebook)
    nb = nbformat.read(notebook, as_version=4)
    nb.cells[3].metadata["tags"] = ["remove_output"]
    nbformat.write(nb, notebook)
    assert key(notebook) != before


@pytest.mark.parametrize(
    "change",
    [
        {"rivals": ["Iran", "Armenia"]},
        {"start_year": 1993},
        {"end_year": 2020},
        {"country": "Armenia"},
    ],
)
def test_parameters_change_the_key(notebook: Path, change: dict) -> None:
    assert key(notebook, {**PARAMS, **change}) != key(notebook)


def test_data_and_package_change_the_key(notebook: Path) -> None:
    assert key(notebook, data="other") != key(notebook)
    assert key(notebook, package="other") != key(notebook)


def test_data_fingerprint_follows_catalogue_and_processed_files(tmp_path: Path) -> None:
    (tmp_path / "processed").mkdir()
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text("datasets:\n  arms: {processed: {sha256: aaa}}\n")
    table = tmp_path / "processed" / "arms.parquet"
    table.write_bytes(b"1234")
    first = cache.data_fingerprint(tmp_path)
    assert cache.data_fingerprint(tmp_path) == first
    catalog.write_text("datasets:\n  arms: {processed: {sha256: bbb}}\n")
    second = cache.data_fingerprint(tmp_path)
    assert second != first
    table.write_bytes(b"12345")
    assert cache.data_fingerprint(tmp_path) != second


def test_package_digest_follows_notebook_code_only(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("STRATEGIC_TIES_CODE_DIGEST", raising=False)
    package = tmp_path / "strategic_ties"
    shutil.copytree(paths.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(paths, "PACKAGE_DIR", package)
    before = cache.package_digest()
    (package / "pipeline" / "build.py").write_text("# pipeline code does not re-execute\n")
    (package / "cli.py").write_text("# neither does the CLI\n")
    assert cache.package_digest() == before
    with (package / "charts.py").open("a") as handle:
        handle.write("\n# a change to code the notebooks run\n")
    assert cache.package_digest() != before


def test_pinned_code_digest_stands_in_for_the_code(monkeypatch) -> None:
    monkeypatch.setenv("STRATEGIC_TIES_CODE_DIGEST", "one")
    first = cache.package_digest()
    monkeypatch.setenv("STRATEGIC_TIES_CODE_DIGEST", "two")
    assert cache.package_digest() != first


def test_template_digest_follows_template_and_render_code(tmp_path: Path, monkeypatch) -> None:
    package = tmp_path / "strategic_ties"
    shutil.copytree(paths.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(paths, "PACKAGE_DIR", package)
    monkeypatch.setattr(paths, "TEMPLATES_DIR", package / "templates")
    before = cache.template_digest()
    with (package / "templates" / "report" / "report.css").open("a") as handle:
        handle.write("\nh1 { color: red; }\n")
    after_css = cache.template_digest()
    assert after_css != before
    with (package / "pipeline" / "exporters.py").open("a") as handle:
        handle.write("\n# render code\n")
    assert cache.template_digest() != after_css


def test_render_keys_depend_on_format_and_pdf_engine_only_for_pdf() -> None:
    html_chromium = cache.render_key("e", "t", "html", "chromium")
    assert html_chromium == cache.render_key("e", "t", "html", "weasyprint")
    assert cache.render_key("e", "t", "pdf", "chromium") != cache.render_key(
        "e", "t", "pdf", "weasyprint"
    )
    assert cache.render_key("e", "t2", "html", None) != cache.render_key("e", "t", "html", None)
    assert cache.render_key("e2", "t", "html", None) != cache.render_key("e", "t", "html", None)
    assert cache.briefing_key(["a", "b"], "t", "pdf", "chromium") != cache.briefing_key(
        ["a", "c"], "t", "pdf", "chromium"
    )


def test_digest_is_stable_json() -> None:
    assert cache.digest({"b": 1, "a": 2}) == cache.digest({"a": 2, "b": 1})
    assert json.loads(json.dumps(cache.digest(1)))  # a plain hex string
