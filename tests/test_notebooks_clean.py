"""Every notebook is stored without outputs, tagged for papermill and takes the house parameters."""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb")) + sorted(
    (REPO / "tests" / "fixtures" / "pipeline" / "notebooks").glob("*.ipynb")
)
EXPECTED = {
    "partner": "Israel",
    "country": "Azerbaijan",
    "rivals": None,  # chosen from the data
    "start_year": 1992,
    "end_year": None,
    "period_years": 5,
}


def test_there_are_notebooks_to_check() -> None:
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_without_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: cell {number} has stored outputs"
            assert cell.execution_count is None, (
                f"{path.name}: cell {number} has an execution count"
            )
    assert "papermill" not in nb.metadata, f"{path.name}: stored with papermill run metadata"
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_first_code_cell_is_the_tagged_parameters_cell(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, f"{path.name}: needs exactly one cell tagged 'parameters'"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[0] is tagged[0], f"{path.name}: the parameters cell must be the first code cell"
    values = {}
    for node in ast.parse(tagged[0].source).body:
        assert isinstance(node, ast.Assign) and len(node.targets) == 1, path.name
        values[node.targets[0].id] = ast.literal_eval(node.value)
    assert values == EXPECTED, f"{path.name}: parameters differ from the contract"
    setup = code[1].source
    assert "from strategic_ties.notebook import setup" in setup and "setup(" in setup, path.name
