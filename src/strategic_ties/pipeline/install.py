"""The install step: move the staged outputs into the report folder and write the manifest.

`new_manifest` composes the manifest from the old one, the plan and the workers' results (pure);
`install` moves the files into place and writes the manifest last.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import Path
from typing import Any

from strategic_ties import __version__
from strategic_ties.pipeline import manifest
from strategic_ties.pipeline.plan import Plan, Request

FORMATS = ("html", "pdf")


def new_manifest(
    request: Request,
    plan: Plan,
    old: dict[str, Any],
    results: list[dict[str, Any]],
    build_date: str,
    briefing_seconds: float | None,
    force: bool = False,
) -> dict[str, Any]:
    """The manifest after this build: rebuilt notebooks get new entries, cached ones keep theirs."""
    old_nbs = old.get("notebooks", {})
    usable = old_nbs if not force else {}
    by_name = {r["name"]: r for r in results}
    notebooks = dict(old_nbs)
    for p in plan.notebooks:
        if p.name not in by_name:
            notebooks[p.name] = dict(usable.get(p.name, {}))
            continue
        before = usable.get(p.name, {}) if not p.execute else {}
        notebooks[p.name] = {
            "exec_key": p.exec_key,
            "render_keys": {**before.get("render_keys", {}), **p.render_keys},
            "parameters": request.parameters,
            "timings": {**before.get("timings", {}), **by_name[p.name]["timings"]},
            "charts": by_name[p.name]["charts"],
            "built_at": build_date,
        }
    new = dict(old)
    new.update(
        {
            "package": {"name": "strategic-ties", "version": __version__, "code": plan.package},
            "parameters": request.parameters,
            "slug": request.slug,
            "title": request.title,
            "formats": list(request.formats),
            "engine": request.engine,
            "data": {"fingerprint": plan.data, "datasets": manifest.dataset_versions()},
            "template": plan.template,
            "notebooks": notebooks,
        }
    )
    if request.everything:
        old_briefing = old.get("briefing", {})
        rebuilt = bool(plan.briefing_todo)
        new["briefing"] = {
            "keys": plan.briefing_keys,
            "parts": request.chosen,
            "timings": {"render": briefing_seconds}
            if rebuilt
            else dict(old_briefing.get("timings", {})),
            "parameters": request.parameters
            if rebuilt
            else old_briefing.get("parameters", request.parameters),
        }
    return new


def _move(staged: Path, final: Path) -> None:
    final.parent.mkdir(parents=True, exist_ok=True)
    os.replace(staged, final)


def _move_dir(staged: Path, final: Path, trash: Path) -> None:
    """Swap a whole folder (chart-data/<nb>/): stale files from an older build do not survive."""
    if final.exists():
        trash.mkdir(parents=True, exist_ok=True)
        os.replace(final, trash / f"{final.name}-{uuid.uuid4().hex[:8]}")
    _move(staged, final)


def install(
    request: Request,
    plan: Plan,
    old: dict[str, Any],
    results: list[dict[str, Any]],
    staging: Path,
    new: dict[str, Any],
) -> None:
    """Move the staged files into `request.folder`, then write the manifest `new`."""
    folder, formats = request.folder, request.formats
    # First forget the keys of what is replaced, then move files, then the manifest.
    forgotten = dict(old)
    forgotten["notebooks"] = {
        k: v for k, v in old.get("notebooks", {}).items() if k not in {r["name"] for r in results}
    }
    if plan.briefing_todo:
        forgotten.pop("briefing", None)
    manifest.write(folder, forgotten)
    trash = staging / ".trash"
    for r in results:
        name = r["name"]
        for rel in (f"notebooks/{name}.ipynb", f"html/{name}.html", f"pdf/{name}.pdf"):
            if (staging / rel).is_file():
                _move(staging / rel, folder / rel)
        _move_dir(staging / "chart-data" / name, folder / "chart-data" / name, trash)
        (folder / "failed" / f"{name}.ipynb").unlink(missing_ok=True)
        if "execute" in r["timings"]:
            # re-executed: an output in a format not built now would be from older inputs
            for f in set(FORMATS) - set(formats):
                (folder / f / f"{name}.{f}").unlink(missing_ok=True)
    for f in plan.briefing_todo:
        _move(staging / f"briefing.{f}", folder / f"briefing.{f}")
    if plan.briefing_todo:
        for f in set(FORMATS) - set(formats):
            (folder / f"briefing.{f}").unlink(missing_ok=True)
    manifest.write(folder, new)


def last_run(outcome: Any, jobs: int) -> dict[str, Any]:
    return {
        "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "seconds": round(outcome.seconds, 3),
        "jobs": jobs,
        "built": outcome.built,
        "cached": outcome.cached,
        "briefing_rebuilt": outcome.briefing_built,
    }
