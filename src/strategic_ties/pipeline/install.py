"""The install step: move the staged outputs into the report folder and write the manifest.

`new_manifest` composes the manifest from the old one, the plan and the workers' results (pure);
`install` moves the files into place and writes the manifest last.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import os
import shutil
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
        kept = [
            f"{f}/{p.name}.{f}"
            for f in FORMATS
            if p.execute
            and f not in request.formats
            and (request.folder / f / f"{p.name}.{f}").is_file()
        ]
        notebooks[p.name] = {
            "exec_key": p.exec_key,
            "render_keys": {**before.get("render_keys", {}), **p.render_keys},
            "parameters": request.parameters,
            "timings": {**before.get("timings", {}), **by_name[p.name]["timings"]},
            "charts": by_name[p.name]["charts"],
            "built_at": build_date,
        }
        if kept:  # kept, never deleted, but from the previous inputs: rebuilt when next asked for
            notebooks[p.name]["stale"] = kept
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
        if not rebuilt and old_briefing.get("pages"):
            new["briefing"]["pages"] = old_briefing["pages"]
        stale = [
            f"briefing.{f}"
            for f in FORMATS
            if rebuilt and f not in request.formats and (request.folder / f"briefing.{f}").is_file()
        ]
        if stale:
            new["briefing"]["stale"] = stale
    return new


def staging_for(folder: Path) -> Path:
    """A fresh staging folder beside the report folder (same file system: the swap is a rename)."""
    return folder.parent / f".{folder.name}.staging-{os.getpid()}-{uuid.uuid4().hex[:8]}"


def stale_stagings(folder: Path) -> list[Path]:
    """Staging folders left by killed runs (only called while holding the folder's lock)."""
    return [*folder.parent.glob(f".{folder.name}.staging-*"), *folder.glob(".staging-*")]


def replaced(results: list[dict[str, Any]], plan: Plan) -> set[str]:
    """Relative paths (files or folders) this build supersedes in the old report folder."""
    paths = {manifest.NAME, "tmp"}
    for r in results:
        name = r["name"]
        paths |= {f"chart-data/{name}", f"failed/{name}.ipynb"}
        if "execute" in r["timings"]:  # else the executed notebook is reused and kept
            paths.add(f"notebooks/{name}.ipynb")
    paths |= {f"briefing.{f}" for f in plan.briefing_todo}
    return paths


def carry_over(old_folder: Path, staging: Path, skip: set[str]) -> None:
    """Hard-link (else copy) every file of the old report that this build does not replace."""
    if not old_folder.is_dir():
        return
    for path in sorted(old_folder.rglob("*")):
        rel = path.relative_to(old_folder)
        if path.is_dir() or rel.parts[0].startswith(".") or path.name.startswith("."):
            continue
        if any(str(rel) == s or str(rel).startswith(s + "/") for s in skip):
            continue
        target = staging / rel
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, target)
        except OSError:
            shutil.copy2(path, target)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False when unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    done = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    if done == 0:
        return True
    errno = ctypes.get_errno()
    if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: file system cannot exchange
        return False
    raise OSError(errno, os.strerror(errno), str(b))


def swap(staging: Path, folder: Path) -> None:
    """Make `staging` the report folder; the old folder ends up at `staging` (to be removed)."""
    if not folder.exists():
        os.rename(staging, folder)
        return
    if _exchange(staging, folder):
        return
    parked = staging.with_name(staging.name + ".old")
    os.rename(folder, parked)
    os.rename(staging, folder)
    os.rename(parked, staging)


def install(
    request: Request,
    plan: Plan,
    results: list[dict[str, Any]],
    staging: Path,
    new: dict[str, Any],
) -> None:
    """Complete the staged folder (kept files of the old report, then the manifest) and swap it
    in: a reader sees the old report or the new one, never a mix. Nothing is deleted that this
    build did not replace: formats not asked for stay (and are marked stale when re-executed)."""
    shutil.rmtree(staging / "tmp", ignore_errors=True)
    carry_over(request.folder, staging, replaced(results, plan))
    manifest.write(staging, new)
    fix_modes(staging)
    swap(staging, request.folder)


def fix_modes(folder: Path) -> None:
    """Files 0644 and folders 0755 (less what the umask removes), whoever created them."""
    mask = os.umask(0)
    os.umask(mask)
    for path in [folder, *folder.rglob("*")]:
        if path.is_symlink():
            continue
        wanted = (0o755 if path.is_dir() else 0o644) & ~mask
        if path.stat().st_mode & 0o777 != wanted:
            path.chmod(wanted)


def last_run(outcome: Any, jobs: int) -> dict[str, Any]:
    return {
        "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "seconds": round(outcome.seconds, 3),
        "jobs": jobs,
        "built": outcome.built,
        "cached": outcome.cached,
        "briefing_rebuilt": outcome.briefing_built,
    }
