"""The build's steps on their own: request, plan and manifest composition (no kernel)."""

from __future__ import annotations

import ast
from pathlib import Path

from strategic_ties.params import validate
from strategic_ties.pipeline import build, install
from strategic_ties.pipeline.plan import make_plan

FIXTURES = Path(__file__).parent / "fixtures" / "pipeline" / "notebooks"
PIPELINE = Path(build.__file__).parent


def _request(tmp_path: Path, formats=("html",)):
    return build.request(validate(), out=tmp_path, formats=list(formats), notebooks=FIXTURES)


def test_request_resolves_folder_notebooks_and_formats(tmp_path: Path) -> None:
    req = _request(tmp_path)
    assert req.folder == tmp_path.resolve() / "israel-azerbaijan"
    assert req.chosen == ["briefing", "demo_section"] and req.everything
    assert req.formats == ["html"] and req.engine is None


def test_plan_executes_everything_in_an_empty_folder(tmp_path: Path) -> None:
    plan = make_plan(_request(tmp_path), {})
    assert [p.name for p in plan.todo] == ["briefing", "demo_section"]
    assert all(p.execute and p.render == ["html"] for p in plan.notebooks)
    assert plan.briefing_todo == ["html"] and not plan.up_to_date


def test_plan_skips_what_the_manifest_says_is_current(tmp_path: Path) -> None:
    req = _request(tmp_path)
    first = make_plan(req, {})
    for p in first.notebooks:
        for rel in (f"notebooks/{p.name}.ipynb", f"html/{p.name}.html"):
            (req.folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (req.folder / rel).write_text("x")
        (req.folder / "chart-data" / p.name).mkdir(parents=True)
    (req.folder / "briefing.html").write_text("x")
    results = [{"name": p.name, "timings": {"execute": 1.0}, "charts": []} for p in first.notebooks]
    old = install.new_manifest(req, first, {}, results, "today", 0.5)
    again = make_plan(req, old)
    assert again.up_to_date and again.cached == ["briefing", "demo_section"]
    assert make_plan(req, old, force=True).todo  # --force ignores the manifest


def test_pipeline_modules_have_no_import_cycle() -> None:
    """exporters <-> render imported each other; the PDF side now lives in pdf.py."""
    graph = {}
    for path in PIPELINE.glob("*.py"):
        names = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "strategic_ties.pipeline."
            ):
                names.add(node.module.rsplit(".", 1)[1])
        graph[path.stem] = names

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        return any(
            n == goal or (n not in seen and reaches(n, goal, seen | {n}))
            for n in graph.get(start, ())
        )

    assert not [m for m in graph if reaches(m, m, {m})]


def test_manifest_of_the_wrong_shape_or_a_folder_means_rebuild(tmp_path: Path) -> None:
    """Issue 14: a bad manifest.json (even a folder) gave tracebacks that --force could not pass."""
    from strategic_ties.pipeline import manifest

    req = _request(tmp_path)
    req.folder.mkdir(parents=True)
    for bad in ('{"notebooks": []}', '{"notebooks": {"briefing": "x"}}', '{"briefing": 3}', "[1]",
                '{"notebooks": {"briefing": {"timings": {"execute": "slow"}}}}'):  # fmt: skip
        (req.folder / "manifest.json").write_text(bad)
        old = manifest.read(req.folder)
        assert old == {}
        assert len(make_plan(req, old).todo) == 2
    (req.folder / "manifest.json").unlink()
    (req.folder / "manifest.json").mkdir()
    assert manifest.read(req.folder) == {}
