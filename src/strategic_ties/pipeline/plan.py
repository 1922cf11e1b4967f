"""The plan step: compare each notebook's cache keys with the manifest and decide what to do.

Pure bookkeeping (no kernel, no renderer): `make_plan(request, old_manifest, force)` says which
notebooks to execute, which formats to (re)render and whether the combined briefing is due.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from strategic_ties.pipeline import cache


@dataclass
class Request:
    """What the user asked for, resolved: folders, notebooks, formats, engine, jobs."""

    folder: Path  # reports/<slug>/
    notebooks_dir: Path
    chosen: list[str]
    everything: bool  # all notebooks chosen: the combined briefing is built too
    formats: list[str]
    engine: str | None
    jobs: int
    parameters: dict[str, Any]
    slug: str
    title: str


@dataclass
class NotebookPlan:
    name: str
    exec_key: str
    render_keys: dict[str, str]
    execute: bool
    render: list[str]  # formats to (re)render

    @property
    def todo(self) -> bool:
        return self.execute or bool(self.render)


@dataclass
class Plan:
    notebooks: list[NotebookPlan]
    briefing_keys: dict[str, str] = field(default_factory=dict)
    briefing_todo: list[str] = field(default_factory=list)
    data: str = ""
    package: str = ""
    template: str = ""

    @property
    def todo(self) -> list[NotebookPlan]:
        return [p for p in self.notebooks if p.todo]

    @property
    def cached(self) -> list[str]:
        return [p.name for p in self.notebooks if not p.todo]

    @property
    def up_to_date(self) -> bool:
        return not self.todo and not self.briefing_todo

    @property
    def executes(self) -> bool:
        return any(p.execute for p in self.notebooks)


def plan_notebook(
    request: Request, name: str, before: dict[str, Any], digests: tuple[str, str, str]
) -> NotebookPlan:
    """Execute when the execute key changed or outputs are missing; else re-render stale formats."""
    data, package, template = digests
    folder = request.folder
    exec_key = cache.execute_key(
        request.notebooks_dir / f"{name}.ipynb", request.parameters, data, package
    )
    render_keys = {
        f: cache.render_key(exec_key, template, f, request.engine) for f in request.formats
    }
    executed_ok = (
        before.get("exec_key") == exec_key
        and (folder / "notebooks" / f"{name}.ipynb").is_file()
        and (folder / "chart-data" / name).is_dir()
    )
    outputs = {"html": folder / "html" / f"{name}.html", "pdf": folder / "pdf" / f"{name}.pdf"}
    render = [
        f
        for f in request.formats
        if not executed_ok
        or before.get("render_keys", {}).get(f) != render_keys[f]
        or not outputs[f].is_file()
    ]
    return NotebookPlan(name, exec_key, render_keys, not executed_ok, render)


def make_plan(request: Request, old: dict[str, Any], force: bool = False) -> Plan:
    """The whole build's plan against the previous manifest `old` (ignored with `force`)."""
    digests = (cache.data_fingerprint(), cache.package_digest(), cache.template_digest())
    old_nbs = old.get("notebooks", {}) if not force else {}
    plan = Plan(
        notebooks=[plan_notebook(request, n, old_nbs.get(n, {}), digests) for n in request.chosen],
        data=digests[0],
        package=digests[1],
        template=digests[2],
    )
    if request.everything:
        plan.briefing_keys = {
            f: cache.briefing_key(
                [p.render_keys[f] for p in plan.notebooks], plan.template, f, request.engine
            )
            for f in request.formats
        }
        old_briefing = old.get("briefing", {}).get("keys", {}) if not force else {}
        plan.briefing_todo = [
            f
            for f in request.formats
            if old_briefing.get(f) != plan.briefing_keys[f]
            or not (request.folder / f"briefing.{f}").is_file()
        ]
    return plan
