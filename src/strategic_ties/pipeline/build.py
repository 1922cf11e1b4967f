"""`strategic-ties run`: plan from cache keys, execute and render in parallel, install atomically.

`run(params, ...)` is the one entry point (the CLI and batch builds call it per pair); it chains
small steps, each testable alone:

1. `request(...)`: find the notebooks, resolve formats and PDF engine (no lock, no kernel).
2. `plan.make_plan`: compare each notebook's execute/render keys with manifest.json.
3. `execute`: run + render the rest in worker processes (`worker.run_tasks`) into a staging folder.
4. `render_briefing`: join all parts into the combined briefing when any part changed.
5. `install.install`: move the staged files into place (os.replace), the manifest last.

A notebook that fails leaves the report folder as it was, except `failed/<notebook>.ipynb`.
Heavy modules (papermill, nbconvert) are imported only when there is work to do.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from strategic_ties import paths
from strategic_ties.errors import UserError
from strategic_ties.params import ReportParams
from strategic_ties.pipeline import combine, install, kernels, manifest
from strategic_ties.pipeline.lock import build_lock, data_lock
from strategic_ties.pipeline.pdf import RenderError, browser_session
from strategic_ties.pipeline.plan import Plan, Request, make_plan
from strategic_ties.pipeline.signals import terminate_raises
from strategic_ties.pipeline.worker import Task, failed, run_tasks, say

FORMATS = ("html", "pdf")
NOTEBOOKS_ENV = "STRATEGIC_TIES_NOTEBOOKS"


class BuildFailed(Exception):
    """A notebook failed to execute or a renderer failed: exit code 1."""

    exit_code = 1


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
        if "/" in raw or os.sep in raw:  # a path: only a notebook of the folder being built
            given = Path(raw).expanduser().resolve()
            if given.parent != folder or given.suffix != ".ipynb":
                raise UserError(
                    f"Notebook {raw[:200]!r} is not one of the notebooks in {folder}; give a "
                    f"notebook's name (e.g. {known[0]}) or its path in that folder."
                )
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


@dataclass
class Outcome:
    folder: Path
    built: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    briefing_built: bool = False
    seconds: float = 0.0


def request(
    params: ReportParams,
    names: list[str] | None = None,
    *,
    out: Path | None = None,
    formats: list[str] | tuple[str, ...] = FORMATS,
    jobs: int | None = None,
    pdf_engine: str = "auto",
    notebooks: Path | str | None = None,
) -> Request:
    """Resolve the user's options into a Request (UserError for unknown notebooks or engines)."""
    from strategic_ties.pipeline.pdf import resolve_engine

    folder_nb = notebooks_dir(notebooks)
    chosen = select(names, folder_nb)
    formats = [f for f in FORMATS if f in formats]
    return Request(
        folder=(Path(out) if out else paths.REPORTS_DIR).resolve() / params.slug,
        notebooks_dir=folder_nb,
        chosen=chosen,
        everything=chosen == available(folder_nb),
        formats=formats,
        engine=resolve_engine(pdf_engine) if "pdf" in formats else None,
        jobs=max(1, jobs or os.cpu_count() or 1),
        parameters=params.for_papermill(),
        slug=params.slug,
        title=params.title,
    )


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
    """Build the report folder for `params`; see the module docstring. Raises UserError (exit 2)
    or BuildFailed (exit 1); returns the Outcome (folder, built, cached, seconds)."""
    t0 = time.perf_counter()
    req = request(
        params, names, out=out, formats=formats, jobs=jobs, pdf_engine=pdf_engine,
        notebooks=notebooks,
    )  # fmt: skip
    folder = req.folder
    with (
        terminate_raises(),
        build_lock(folder, timeout=timeout, say=say),
        data_lock(exclusive=False, say=say),
        browser_session(),  # one Chromium per process for all of this build's prints
        contextlib.ExitStack() as stack,
    ):
        _check_folder(folder)
        for stale in install.stale_stagings(folder):  # left by a killed run
            shutil.rmtree(stale, ignore_errors=True)
        old = manifest.read(folder)
        plan = make_plan(req, old, force)
        outcome = Outcome(folder=folder, cached=plan.cached)
        if plan.up_to_date:
            outcome.seconds = time.perf_counter() - t0
            say(f"{_short(folder)} is up to date ({len(plan.notebooks)} notebooks cached).")
            return outcome
        # The kernel template imports while the data are checked and the parent imports papermill.
        sources = [req.notebooks_dir / f"{p.name}.ipynb" for p in plan.notebooks if p.execute]
        stack.enter_context(kernels.template(sources))
        if plan.executes:
            check_data()
        from strategic_ties.pipeline.exporters import data_vintages

        cover = {
            "build_date": dt.datetime.now(dt.UTC).strftime("%d %B %Y, %H:%M UTC"),
            "vintages": data_vintages(req.parameters),
            "title": req.title,
        }
        staging = install.staging_for(folder)
        try:
            staging.mkdir(parents=True)
        except OSError as exc:
            raise UserError(
                f"The staging folder {staging} cannot be created ({exc.strerror or exc}); "
                "choose a shorter or writable --out."
            ) from None
        try:
            briefing: dict[str, Any] = {}

            def combined() -> None:  # once every part's HTML is staged (worker.run_tasks)
                started = time.perf_counter()
                try:
                    briefing["timings"] = render_briefing(
                        folder, staging, req.chosen, plan.briefing_todo, req.engine, cover,
                        req.parameters, old.get("briefing", {}).get("pages"),
                    )  # fmt: skip
                except RenderError as exc:
                    briefing["error"] = exc
                    return
                briefing["seconds"] = round(time.perf_counter() - started, 3)
                say(
                    f"  done     briefing.{','.join(plan.briefing_todo)} (combined): "
                    f"{briefing['seconds']:.1f} s"
                )

            todo = combined if plan.briefing_todo else None
            results = _no_space_is_user_error(folder, execute, req, plan, old, staging, cover, todo)
            if plan.briefing_todo and not briefing:  # e.g. no part to build: not run yet
                _no_space_is_user_error(folder, combined)
            if "error" in briefing:
                raise BuildFailed(
                    f"Rendering the combined briefing failed: {briefing['error']}\n"
                    f"The previous report in {_short(folder)} is unchanged."
                ) from None
            outcome.briefing_built = "seconds" in briefing
            briefing_seconds = briefing.get("seconds")
            briefing_timings = briefing.get("timings", {})
            new = install.new_manifest(
                req, plan, old, results, cover["build_date"], briefing_seconds, force
            )
            if briefing_timings:
                pages = briefing_timings.pop("pages", None)
                new["briefing"]["timings"].update(briefing_timings)
                if pages:  # the contents' page numbers: next build's first guess
                    new["briefing"]["pages"] = pages
            outcome.built = [r["name"] for r in results]
            outcome.seconds = time.perf_counter() - t0
            new["last_run"] = install.last_run(outcome, req.jobs)
            try:
                install.install(req, plan, results, staging, new)
            except OSError as exc:
                raise UserError(
                    f"The report could not be installed in {_short(folder)} "
                    f"({exc.strerror or exc}); the previous report is unchanged."
                ) from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        say(f"Built {_short(folder)} in {outcome.seconds:.1f} s.")
        stale = [s for e in new.get("notebooks", {}).values() for s in e.get("stale", [])]
        stale += new.get("briefing", {}).get("stale", [])
        if stale:
            say(
                f"  note     kept from the previous build (older inputs): {', '.join(stale)}; "
                "add their format to --formats to rebuild them."
            )
        if not req.everything and plan.executes and (folder / "briefing.html").is_file():
            say(
                "  note     briefing.html/pdf were not rebuilt (only some notebooks ran) and still "
                "show the last full run; run without notebook names to refresh them."
            )
        return outcome


def execute(
    req: Request,
    plan: Plan,
    old: dict[str, Any],
    staging: Path,
    cover: dict[str, Any],
    after_html: Callable[[], None] | None = None,
) -> list[dict[str, Any]]:
    """Execute and render the planned notebooks into `staging`; BuildFailed if one fails.
    `after_html` (the combined briefing) runs once every part's HTML is staged."""
    todo = plan.todo
    say(
        f"Building {_short(req.folder)}: {len(todo)} of {len(plan.notebooks)} notebooks"
        f"{' + combined briefing' if req.everything else ''}, "
        f"{min(req.jobs, max(len(todo), 1))} job(s)"
        + (f", PDF by {req.engine}" if req.engine else "")
        + "."
    )
    for name in plan.cached:
        say(f"  cached   {name}")
    tasks = [
        Task(
            name=p.name,
            source=req.notebooks_dir / f"{p.name}.ipynb",
            staging=staging,
            reuse=None if p.execute else req.folder / "notebooks" / f"{p.name}.ipynb",
            formats=req.formats if p.execute else p.render,
            engine=req.engine,
            parameters=req.parameters,
            cover=cover,
            cwd=paths.REPO_ROOT,
        )
        for p in todo
    ]
    # Longest first (from the last build's timings, even with --force): better packing.
    last = old.get("notebooks", {})
    tasks.sort(key=lambda t: -sum(last.get(t.name, {}).get("timings", {}).values()))
    results = run_tasks(tasks, req.jobs, after_html)
    failures = [r for r in results if failed(r)]
    # A full disk is the user's to fix (exit 2); a notebook that failed as well still says so (1).
    if any(r.get("no_space") for r in failures) and not any("failed" in r for r in failures):
        raise _disk_full(req.folder)
    if failures:
        _keep_failed(req.folder, staging, failures)
        raise BuildFailed(_failure_message(req.folder, failures))
    return results


def check_data() -> None:
    """Missing or mismatched processed data is the user's to fix (exit 2), before any kernel starts.

    A quick check: the catalogue is valid and lists every dataset the package defines, each file
    is present with its catalogued SHA-256, and its columns (names, order, Arrow types, read from
    the Parquet footer) match schemas.TABLES. `datasets.load` repeats the full pandera check
    inside the notebooks."""
    import pyarrow.parquet as pq

    from strategic_ties.catalog import catalog_path, load_catalog
    from strategic_ties.errors import DataError
    from strategic_ties.schemas import TABLES, column_problem
    from strategic_ties.stamps import file_sha256

    data = paths.data_dir()
    if not catalog_path().is_file():
        raise UserError(
            f"The data folder {data} has no catalogue (catalog.yaml): "
            "check STRATEGIC_TIES_DATA, or rebuild with `strategic-ties data build --raw DIR`."
        )
    try:
        datasets = load_catalog()["datasets"]
    except DataError as exc:
        raise UserError(f"The processed data cannot be used: {exc}") from None
    problems = [f"dataset '{n}' is not in the catalogue" for n in TABLES if n not in datasets]
    for name, entry in sorted(datasets.items()):
        processed = entry["processed"]
        path = data / str(processed.get("file", f"processed/{name}.parquet"))
        if not path.is_file():
            problems.append(f"dataset '{name}' is missing ({path} does not exist)")
            continue
        if processed.get("sha256") and file_sha256(path) != processed["sha256"]:
            problems.append(f"dataset '{name}' does not match its catalogued checksum ({path})")
            continue
        if name not in TABLES:
            continue
        try:
            schema = pq.read_schema(path)
        except Exception as exc:  # pyarrow raises many types for a corrupt file
            problems.append(f"dataset '{name}' cannot be read as Parquet ({type(exc).__name__})")
            continue
        columns = [c for c in schema.names if not c.startswith("__index_level_")]
        types = [str(schema.field(c).type) for c in columns]
        wrong = column_problem(name, columns, types)
        if wrong:
            problems.append(f"dataset '{name}' does not match its schema ({wrong}; {path})")
    if problems:
        more = f"; {len(problems) - 1} more" if len(problems) > 1 else ""
        raise UserError(
            f"The processed data cannot be used: {problems[0]}{more}; "
            "run `strategic-ties data check`, or rebuild with `strategic-ties data build --raw DIR`."
        )


def _check_folder(folder: Path) -> None:
    """The report path must be a folder (or not exist yet): the install swaps the whole folder,
    which would hide a file or a symbolic link of the user's in a staging name."""
    if folder.is_symlink():
        raise UserError(
            f"The report folder {folder} is a symbolic link (to {folder.resolve()}); a build "
            "replaces the whole folder, so remove the link or choose another --out."
        )
    if folder.exists() and not folder.is_dir():
        raise UserError(
            f"The report folder {folder} is a file, not a folder; move the file away or "
            "choose another --out."
        )


def _no_space_is_user_error(folder: Path, step: Any, *args: Any) -> Any:
    """Run one step; a full disk (ENOSPC) while writing staged files becomes one sentence."""
    from strategic_ties.pipeline.execute import no_space

    try:
        return step(*args)
    except OSError as exc:
        if no_space(exc):
            raise _disk_full(folder) from None
        raise


def _short(folder: Path) -> str:
    try:
        return str(folder.relative_to(Path.cwd())) + "/"
    except ValueError:
        return str(folder) + "/"


def _disk_full(folder: Path) -> UserError:
    return UserError(
        f"The disk holding {_short(folder)} is full (no space left on device); free some space "
        "and run again. The previous report is unchanged."
    )


def _keep_failed(folder: Path, staging: Path, failures: list[dict[str, Any]]) -> None:
    """Keep each failed notebook's executed copy in failed/ (never an empty or partial file:
    the copy is written atomically, and an empty one, e.g. on a full disk, is not kept)."""
    for failure in failures:
        executed = failure.get("failed", {}).get("executed")
        if executed and Path(executed).is_file() and Path(executed).stat().st_size:
            target = folder / "failed" / f"{failure['name']}.ipynb"
            try:
                manifest.atomic_write_bytes(target, Path(executed).read_bytes())
            except OSError:
                continue  # e.g. the disk is full: the failure is still reported
            failure["kept"] = target


def _failure_message(folder: Path, failures: list[dict[str, Any]]) -> str:
    lines = []
    for failure in failures:
        if "failed" in failure:
            line = failure["failed"]["message"].rstrip(". ") + "."
            if failure.get("kept"):
                line += f" The executed notebook is kept at {_short(failure['kept'].parent)}{failure['kept'].name}."
        else:
            line = f"Rendering {failure['name']} failed: {failure['error']}"
        lines.append(line)
    lines.append(f"The previous report in {_short(folder)} is unchanged.")
    return "\n".join(lines)


def render_briefing(
    folder: Path,
    staging: Path,
    names: list[str],
    formats: list[str],
    engine: str | None,
    cover: dict[str, Any],
    parameters: dict[str, Any],
    guess: dict[str, int] | None = None,
) -> dict[str, Any]:
    """The combined briefing, assembled from the parts' HTML (see combine.py); its timings and
    its contents' page numbers ("pages"). `guess`: the last build's (combine.write_pdf)."""
    started = time.perf_counter()
    documents = {
        name: combine.part_document(
            name,
            [staging / "html" / f"{name}.html", staging / "tmp" / f"{name}.html"]
            + ([folder / "html" / f"{name}.html"] if "html" in formats else []),
            _executed(folder, staging, name),
        )
        for name in names
    }
    document = combine.assemble(documents, combine.skeleton(parameters, cover))
    html_path = staging / "briefing.html"
    html_path.write_text(combine.fill_pages(document, {}, placeholder=""), encoding="utf-8")
    timings: dict[str, Any] = {"html": round(time.perf_counter() - started, 3)}
    if "pdf" in formats:
        started = time.perf_counter()
        done = combine.write_pdf(
            document, html_path, staging / "briefing.pdf", engine or "auto",
            guess if isinstance(guess, dict) else None,
        )  # fmt: skip
        timings.update(pdf=round(time.perf_counter() - started, 3), prints=done["prints"])
        if done.get("pages") and not done.get("unsettled"):
            timings["pages"] = done["pages"]
    return timings


def _executed(folder: Path, staging: Path, name: str) -> Path:
    staged = staging / "notebooks" / f"{name}.ipynb"
    return staged if staged.is_file() else folder / "notebooks" / f"{name}.ipynb"
