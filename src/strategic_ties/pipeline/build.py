"""`strategic-ties run`: plan from cache keys, execute and render in parallel, install atomically.

1. Find the notebooks, resolve the PDF engine, take the folder's lock.
2. Compare each notebook's execute/render keys with manifest.json: skip what is current.
3. Execute + render the rest in worker processes (one kernel per notebook) into a staging folder.
4. Join all parts into the combined briefing when any part changed.
5. Move the staged files into place (os.replace), then write the manifest last.

A notebook that fails leaves the report folder as it was, except `failed/<notebook>.ipynb`.
Heavy modules (papermill, nbconvert) are imported only when there is work to do.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import time
import traceback
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from strategic_ties import __version__, paths
from strategic_ties.errors import UserError
from strategic_ties.params import ReportParams
from strategic_ties.pipeline import cache, combine, manifest
from strategic_ties.pipeline.lock import build_lock

FORMATS = ("html", "pdf")
NOTEBOOKS_ENV = "STRATEGIC_TIES_NOTEBOOKS"


class BuildFailed(Exception):
    """A notebook failed to execute or a renderer failed: exit code 1."""

    exit_code = 1


def say(text: str) -> None:
    """One progress line on stderr, written in one call (parallel workers do not interleave)."""
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def notebooks_dir(override: Path | str | None = None) -> Path:
    """The folder of notebooks to build: the option, else $STRATEGIC_TIES_NOTEBOOKS, else notebooks/."""
    chosen = override or os.environ.get(NOTEBOOKS_ENV) or paths.NOTEBOOKS_DIR
    return Path(chosen).resolve()


def available(folder: Path) -> list[str]:
    if not folder.is_dir():
        return []
    return combine.order([p.stem for p in folder.glob("*.ipynb")])


def select(names: list[str] | None, folder: Path) -> list[str]:
    """The notebooks to build, checked: unknown names are a UserError naming what exists."""
    known = available(folder)
    if not known:
        raise UserError(f"No notebooks found in {folder}; there is nothing to build.")
    if not names:
        return known
    chosen: list[str] = []
    for raw in names:
        name = Path(raw).stem if raw.endswith(".ipynb") else raw
        if name not in known:
            import difflib

            close = difflib.get_close_matches(name, known, n=1)
            hint = f" Did you mean {close[0]}?" if close else ""
            raise UserError(
                f"Unknown notebook {raw!r}.{hint} Available notebooks: {', '.join(known)}."
            )
        if name not in chosen:
            chosen.append(name)
    return combine.order(chosen)


def parse_formats(text: str) -> list[str]:
    chosen = [part.strip().lower() for part in text.split(",") if part.strip()]
    bad = [f for f in chosen if f not in FORMATS]
    if bad or not chosen:
        raise UserError(
            f"Option '--formats': {text!r} is not accepted; give html, pdf or html,pdf."
        )
    return [f for f in FORMATS if f in chosen]


# ---- work done in a worker process ------------------------------------------------------------


@dataclass
class Task:
    name: str
    source: Path
    staging: Path
    reuse: Path | None  # executed notebook to re-render (execution is cached)
    formats: list[str]
    engine: str | None
    parameters: dict[str, Any]
    cover: dict[str, Any]
    cwd: Path


def work(task: Task) -> dict[str, Any]:
    """Execute (unless cached) and render one notebook into the staging folder. Never raises."""
    from strategic_ties.pipeline.execute import NotebookFailed

    result: dict[str, Any] = {"name": task.name, "timings": {}, "charts": []}
    try:
        import nbformat

        from strategic_ties.pipeline.exporters import chart_data
        from strategic_ties.pipeline.render import html_file_to_pdf, render_html

        executed = task.staging / "notebooks" / f"{task.name}.ipynb"
        started = time.perf_counter()
        if task.reuse is None:
            from strategic_ties.pipeline.execute import execute

            say(f"  run      {task.name}")
            nb = execute(task.source, executed, task.parameters, cwd=task.cwd)
            result["timings"]["execute"] = round(time.perf_counter() - started, 3)
        else:
            nb = nbformat.read(task.reuse, as_version=4)
        charts_dir = task.staging / "chart-data" / task.name
        charts_dir.mkdir(parents=True, exist_ok=True)
        for key, csv in chart_data(nb):
            (charts_dir / f"{key}.csv").write_text(csv, encoding="utf-8")
            result["charts"].append(f"{key}.csv")
        nb.metadata["strategic_ties"] = dict(task.cover)
        started = time.perf_counter()
        document = render_html(nb, task.name)
        html_dir = task.staging / ("html" if "html" in task.formats else "tmp")
        html_dir.mkdir(parents=True, exist_ok=True)
        html_path = html_dir / f"{task.name}.html"
        html_path.write_text(document, encoding="utf-8")
        result["timings"]["html"] = round(time.perf_counter() - started, 3)
        if "pdf" in task.formats:
            started = time.perf_counter()
            (task.staging / "pdf").mkdir(parents=True, exist_ok=True)
            html_file_to_pdf(html_path, task.staging / "pdf" / f"{task.name}.pdf", task.engine)
            result["timings"]["pdf"] = round(time.perf_counter() - started, 3)
    except NotebookFailed as exc:
        result["failed"] = {
            "message": str(exc),
            "cell": exc.cell,
            "ename": exc.ename,
            "executed": str(exc.executed),
        }
    except Exception as exc:  # a renderer or I/O failure: report it, the main process decides
        result["error"] = f"{type(exc).__name__}: {exc}"
        result["traceback"] = traceback.format_exc()
    return result


# ---- the build -------------------------------------------------------------------------------------


@dataclass
class Plan:
    name: str
    exec_key: str
    render_keys: dict[str, str]
    execute: bool
    render: list[str]  # formats to (re)render


@dataclass
class Outcome:
    folder: Path
    built: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    briefing_built: bool = False
    seconds: float = 0.0


def _install(staged: Path, final: Path) -> None:
    final.parent.mkdir(parents=True, exist_ok=True)
    os.replace(staged, final)


def _install_dir(staged: Path, final: Path, trash: Path) -> None:
    """Swap a whole folder (chart-data/<nb>/): stale files from an older build do not survive."""
    if final.exists():
        trash.mkdir(parents=True, exist_ok=True)
        os.replace(final, trash / f"{final.name}-{uuid.uuid4().hex[:8]}")
    _install(staged, final)


def _preimport() -> None:
    """Import the heavy modules once in the parent, so forked workers start warm."""
    import nbformat  # noqa: F401
    import papermill  # noqa: F401

    from strategic_ties.pipeline.render import warm_up

    warm_up()


def run(
    params: ReportParams,
    names: list[str] | None = None,
    *,
    out: Path | None = None,
    formats: list[str] | tuple[str, ...] = FORMATS,
    jobs: int | None = None,
    force: bool = False,
    pdf_engine: str = "auto",
    notebooks: Path | str | None = None,
    timeout: float | None = None,
) -> Outcome:
    """Build the report folder for `params`; see the module docstring."""
    from strategic_ties.pipeline.render import resolve_engine

    t0 = time.perf_counter()
    folder_nb = notebooks_dir(notebooks)
    chosen = select(names, folder_nb)
    everything = chosen == available(folder_nb)
    formats = [f for f in FORMATS if f in formats]
    engine = resolve_engine(pdf_engine) if "pdf" in formats else None
    jobs = max(1, jobs or os.cpu_count() or 1)
    folder = (Path(out) if out else paths.REPORTS_DIR).resolve() / params.slug
    parameters = params.for_papermill()

    with build_lock(folder, timeout=timeout, say=say):
        outcome = Outcome(folder=folder)
        for stale in folder.glob(".staging-*"):  # left by a killed run
            shutil.rmtree(stale, ignore_errors=True)
        old = manifest.read(folder)
        old_nbs = old.get("notebooks", {}) if not force else {}
        data = cache.data_fingerprint()
        package = cache.package_digest()
        template = cache.template_digest()

        plans: list[Plan] = []
        for name in chosen:
            exec_key = cache.execute_key(folder_nb / f"{name}.ipynb", parameters, data, package)
            render_keys = {f: cache.render_key(exec_key, template, f, engine) for f in formats}
            before = old_nbs.get(name, {})
            executed_ok = (
                before.get("exec_key") == exec_key
                and (folder / "notebooks" / f"{name}.ipynb").is_file()
                and (folder / "chart-data" / name).is_dir()
            )
            outputs = {
                "html": folder / "html" / f"{name}.html",
                "pdf": folder / "pdf" / f"{name}.pdf",
            }
            render = [
                f
                for f in formats
                if not executed_ok
                or before.get("render_keys", {}).get(f) != render_keys[f]
                or not outputs[f].is_file()
            ]
            plans.append(Plan(name, exec_key, render_keys, not executed_ok, render))

        briefing_keys: dict[str, str] = {}
        briefing_todo: list[str] = []
        if everything:
            part_keys = {f: [p.render_keys[f] for p in plans] for f in formats}
            briefing_keys = {
                f: cache.briefing_key(part_keys[f], template, f, engine) for f in formats
            }
            old_briefing = old.get("briefing", {}).get("keys", {}) if not force else {}
            briefing_todo = [
                f
                for f in formats
                if old_briefing.get(f) != briefing_keys[f]
                or not (folder / f"briefing.{f}").is_file()
            ]

        todo = [p for p in plans if p.execute or p.render]
        outcome.cached = [p.name for p in plans if not (p.execute or p.render)]
        if not todo and not briefing_todo:
            outcome.seconds = time.perf_counter() - t0
            say(f"{_short(folder)} is up to date ({len(plans)} notebooks cached).")
            return outcome

        if any(p.execute for p in todo):
            check_data()
        build_date = dt.datetime.now(dt.UTC).strftime("%d %B %Y, %H:%M UTC")
        from strategic_ties.pipeline.exporters import data_vintages

        cover = {"build_date": build_date, "vintages": data_vintages()}
        staging = folder / f".staging-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        staging.mkdir(parents=True)
        try:
            say(
                f"Building {_short(folder)}: {len(todo)} of {len(plans)} notebooks"
                f"{' + combined briefing' if everything else ''}, "
                f"{min(jobs, max(len(todo), 1))} job(s)"
                + (f", PDF by {engine}" if engine else "")
                + "."
            )
            for name in outcome.cached:
                say(f"  cached   {name}")
            tasks = [
                Task(
                    name=p.name,
                    source=folder_nb / f"{p.name}.ipynb",
                    staging=staging,
                    reuse=None if p.execute else folder / "notebooks" / f"{p.name}.ipynb",
                    formats=formats if p.execute else p.render,
                    engine=engine,
                    parameters=parameters,
                    cover=cover,
                    cwd=paths.REPO_ROOT,
                )
                for p in todo
            ]
            # Longest first (from the last build's timings, even with --force): better packing.
            last = old.get("notebooks", {})
            tasks.sort(key=lambda t: -sum(last.get(t.name, {}).get("timings", {}).values()))
            results = _run_tasks(tasks, jobs)
            failures = [r for r in results if "failed" in r or "error" in r]
            if failures:
                _keep_failed(folder, staging, failures)
                raise BuildFailed(_failure_message(folder, failures))

            if briefing_todo:
                started = time.perf_counter()
                _render_briefing(folder, staging, chosen, briefing_todo, engine, cover)
                outcome.briefing_built = True
                briefing_seconds = round(time.perf_counter() - started, 3)
                say(
                    f"  done     briefing.{','.join(briefing_todo)} (combined): {briefing_seconds:.1f} s"
                )

            # Install: first forget the keys of what is replaced, then move files, then the manifest.
            new = dict(old)
            new_nbs = dict(old.get("notebooks", {}))
            for p in todo:
                new_nbs.pop(p.name, None)
            if briefing_todo:
                new.pop("briefing", None)
            new["notebooks"] = new_nbs
            manifest.write(folder, new)
            trash = staging / ".trash"
            for r in results:
                name = r["name"]
                for rel in (f"notebooks/{name}.ipynb", f"html/{name}.html", f"pdf/{name}.pdf"):
                    if (staging / rel).is_file():
                        _install(staging / rel, folder / rel)
                _install_dir(staging / "chart-data" / name, folder / "chart-data" / name, trash)
                (folder / "failed" / f"{name}.ipynb").unlink(missing_ok=True)
                if "execute" in r["timings"]:
                    # re-executed: an output in a format not built now would be from older inputs
                    for f in set(FORMATS) - set(formats):
                        (folder / f / f"{name}.{f}").unlink(missing_ok=True)
            for f in briefing_todo:
                _install(staging / f"briefing.{f}", folder / f"briefing.{f}")
            if briefing_todo:
                for f in set(FORMATS) - set(formats):
                    (folder / f"briefing.{f}").unlink(missing_ok=True)

            by_name = {r["name"]: r for r in results}
            for p in plans:
                entry = dict(old_nbs.get(p.name, {})) if p.name not in by_name else {}
                if p.name in by_name:
                    r = by_name[p.name]
                    previous = old_nbs.get(p.name, {}).get("timings", {}) if not p.execute else {}
                    entry = {
                        "exec_key": p.exec_key,
                        "render_keys": {
                            **old_nbs.get(p.name, {}).get("render_keys", {}),
                            **p.render_keys,
                        }
                        if not p.execute
                        else dict(p.render_keys),
                        "parameters": parameters,
                        "timings": {**previous, **r["timings"]},
                        "charts": r["charts"],
                        "built_at": build_date,
                    }
                new_nbs[p.name] = entry
            new.update(
                {
                    "package": {"name": "strategic-ties", "version": __version__, "code": package},
                    "parameters": parameters,
                    "slug": params.slug,
                    "title": params.title,
                    "formats": list(formats),
                    "engine": engine,
                    "data": {"fingerprint": data, "datasets": manifest.dataset_versions()},
                    "template": template,
                    "notebooks": new_nbs,
                }
            )
            if everything:
                timings = (
                    dict(old.get("briefing", {}).get("timings", {})) if not briefing_todo else {}
                )
                if briefing_todo:
                    timings = {"render": briefing_seconds}
                new["briefing"] = {
                    "keys": briefing_keys,
                    "parts": chosen,
                    "timings": timings,
                    "parameters": parameters
                    if briefing_todo
                    else old.get("briefing", {}).get("parameters", parameters),
                }
            outcome.built = [r["name"] for r in results]
            outcome.seconds = time.perf_counter() - t0
            new["last_run"] = {
                "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "seconds": round(outcome.seconds, 3),
                "jobs": jobs,
                "built": outcome.built,
                "cached": outcome.cached,
                "briefing_rebuilt": outcome.briefing_built,
            }
            manifest.write(folder, new)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        say(f"Built {_short(folder)} in {outcome.seconds:.1f} s.")
        if not everything and any(p.execute for p in todo) and (folder / "briefing.html").is_file():
            say(
                "  note     briefing.html/pdf were not rebuilt (only some notebooks ran) and still "
                "show the last full run; run without notebook names to refresh them."
            )
        return outcome


def check_data() -> None:
    """Missing or corrupt processed data is the user's to fix (exit 2), before any kernel starts.

    A quick check (files present, SHA-256 as catalogued); `strategic-ties data check` also
    validates each table's schema, which `datasets.load` repeats inside the notebooks anyway."""
    import hashlib

    from strategic_ties.catalog import catalog_path, load_catalog
    from strategic_ties.errors import DataError

    if not catalog_path().is_file():
        return  # no data layer yet (e.g. a fresh clone before `data build`): notebooks will say
    try:
        datasets = load_catalog()["datasets"]
    except DataError as exc:
        raise UserError(f"The processed data cannot be used: {exc}") from None
    problems = []
    for name, entry in sorted(datasets.items()):
        processed = (entry or {}).get("processed") or {}
        path = paths.data_dir() / str(processed.get("file", f"processed/{name}.parquet"))
        if not path.is_file():
            problems.append(f"dataset '{name}' is missing ({path} does not exist)")
        elif (
            processed.get("sha256")
            and hashlib.sha256(path.read_bytes()).hexdigest() != processed["sha256"]
        ):
            problems.append(f"dataset '{name}' does not match its catalogued checksum ({path})")
    if problems:
        more = f"; {len(problems) - 1} more" if len(problems) > 1 else ""
        raise UserError(
            f"The processed data cannot be used: {problems[0]}{more}; "
            "run `strategic-ties data check`, or rebuild with `strategic-ties data build --raw DIR`."
        )


def _short(folder: Path) -> str:
    try:
        return str(folder.relative_to(Path.cwd())) + "/"
    except ValueError:
        return str(folder) + "/"


def _run_tasks(tasks: list[Task], jobs: int) -> list[dict[str, Any]]:
    _preimport()
    results: list[dict[str, Any]] = []

    def report(result: dict[str, Any], index: int) -> None:
        if "failed" in result:
            say(f"  FAILED   {result['name']}: {result['failed']['message']}")
        elif "error" in result:
            say(f"  FAILED   {result['name']}: {result['error']}")
        else:
            parts = " · ".join(f"{k} {v:.1f} s" for k, v in result["timings"].items())
            say(f"  done     {result['name']} ({index}/{len(tasks)}): {parts}")

    if jobs == 1 or len(tasks) == 1:
        for task in tasks:
            result = work(task)
            results.append(result)
            report(result, len(results))
            if "failed" in result or "error" in result:
                break
        return results

    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=context) as pool:
        pending = {pool.submit(work, task) for task in tasks}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                result = future.result()
                results.append(result)
                report(result, len(results))
                if "failed" in result or "error" in result:
                    for other in pending:
                        other.cancel()  # stop queued notebooks; running ones finish
    return results


def _keep_failed(folder: Path, staging: Path, failures: list[dict[str, Any]]) -> None:
    for failure in failures:
        executed = failure.get("failed", {}).get("executed")
        if executed and Path(executed).is_file():
            target = folder / "failed" / f"{failure['name']}.ipynb"
            manifest.atomic_write_bytes(target, Path(executed).read_bytes())
            failure["kept"] = target


def _failure_message(folder: Path, failures: list[dict[str, Any]]) -> str:
    lines = []
    for failure in failures:
        if "failed" in failure:
            line = failure["failed"]["message"] + "."
            if failure.get("kept"):
                line += f" The executed notebook is kept at {_short(failure['kept'].parent)}{failure['kept'].name}."
        else:
            line = f"Rendering {failure['name']} failed: {failure['error']}"
        lines.append(line)
    lines.append(f"The previous report in {_short(folder)} is unchanged.")
    return "\n".join(lines)


def _render_briefing(
    folder: Path,
    staging: Path,
    names: list[str],
    formats: list[str],
    engine: str | None,
    cover: dict[str, Any],
) -> None:
    import nbformat

    from strategic_ties.pipeline.render import html_file_to_pdf, render_html

    executed = {}
    for name in names:
        staged = staging / "notebooks" / f"{name}.ipynb"
        executed[name] = nbformat.read(
            staged if staged.is_file() else folder / "notebooks" / f"{name}.ipynb", as_version=4
        )
    nb = combine.combine(executed, build_date=cover["build_date"])
    nb.metadata["strategic_ties"]["vintages"] = cover["vintages"]
    document = render_html(nb, "briefing")
    html_path = staging / "briefing.html"
    html_path.write_text(document, encoding="utf-8")
    if "pdf" in formats:
        html_file_to_pdf(html_path, staging / "briefing.pdf", engine)
