"""What runs on a worker (a local process or a Dask worker): check the data, build one pair.

`build_pair` is the only adapter onto the per-pair build (`pipeline.build.run`), so a pair in a
batch is built exactly as `strategic-ties run` builds it, with the same cache and lock. It never
raises: every outcome comes back as a plain dict (picklable, for Dask).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import socket
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from strategic_ties import paths, stamps

FAILED_CELL = re.compile(r"Notebook (\S+) failed in (cell (\d+)|before its first cell)")


@dataclass(frozen=True)
class PairJob:
    """Everything a worker needs to build one pair (plain values: it travels to Dask workers)."""

    slug: str
    label: str
    values: dict[str, Any]
    out: str
    formats: tuple[str, ...] = ("html", "pdf")
    force: bool = False
    pdf_engine: str = "auto"
    timeout: float | None = None
    notebooks: str | None = None
    checksums: dict[str, str] = field(default_factory=dict)  # the client's catalogue


def catalogue_checksums() -> dict[str, str]:
    """{dataset: sha256 of its processed file} as this machine's catalogue records it."""
    from strategic_ties.catalog import clear_cache, load_catalog

    clear_cache()
    try:
        datasets = load_catalog()["datasets"]
    except Exception:
        return {}
    out = {}
    for name, entry in sorted(datasets.items()):
        processed = (entry or {}).get("processed") or {}
        if isinstance(processed, dict) and processed.get("sha256"):
            out[name] = str(processed["sha256"])
    return out


def data_mismatch(expected: dict[str, str]) -> str | None:
    """Why this worker's data cannot build what the client asked for, or None when they match:
    the worker's catalogue must record the client's checksums and its files must match them."""
    if not expected:
        return None
    from strategic_ties.catalog import load_catalog

    here = catalogue_checksums()
    host = socket.gethostname()
    differ = sorted(name for name, sha in expected.items() if here.get(name) != sha)
    if differ:
        name = differ[0]
        more = f" (and {len(differ) - 1} more)" if len(differ) > 1 else ""
        found = here.get(name)
        state = f"checksum {found[:12]}" if found else "no entry"
        return (
            f"The data on worker {host} ({paths.data_dir()}) do not match the client's catalogue: "
            f"dataset '{name}'{more} has {state} there, {expected[name][:12]} on the client; "
            "copy the client's data/ folder (catalog.yaml and processed/) to the worker."
        )
    datasets = load_catalog()["datasets"]
    for name in sorted(expected):
        processed = datasets[name].get("processed") or {}
        path = paths.data_dir() / str(processed.get("file", f"processed/{name}.parquet"))
        if not path.is_file():
            return (
                f"The data on worker {host} are incomplete: {path} is missing (dataset '{name}')."
            )
        if stamps.file_sha256(path) != expected[name]:
            return (
                f"The data on worker {host} do not match the client's catalogue: {path} "
                f"(dataset '{name}') has a different checksum; copy the client's data/ folder."
            )
    return None


def _failure(message: str) -> dict[str, Any]:
    match = FAILED_CELL.search(message)
    return {
        "message": message.strip(),
        "notebook": match.group(1) if match else None,
        "cell": int(match.group(3)) if match and match.group(3) else None,
    }


@contextlib.contextmanager
def captured_stderr(log: io.StringIO) -> Iterator[None]:
    """Send everything written to stderr (file descriptor 2: this process, its kernels and
    Chromium, and library loggers) to `log` for the block, so that the batch's own output stays
    one line per pair. Only one pair builds at a time in a worker, so this is safe."""
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            log.write(sink.read().decode("utf-8", errors="replace"))


def build_pair(job: PairJob) -> dict[str, Any]:
    """Build one pair as `strategic-ties run` would (one notebook at a time); never raises.

    Returns slug, status ('built', 'cached' or 'failed'), seconds, worker, folder, and for a
    failure its message, notebook and cell."""
    from strategic_ties.errors import UserError
    from strategic_ties.params import validate
    from strategic_ties.pipeline import build

    started = time.perf_counter()
    result: dict[str, Any] = {
        "slug": job.slug,
        "label": job.label,
        "worker": f"{socket.gethostname()}:{os.getpid()}",
        "folder": str(Path(job.out) / job.slug),
    }
    log = io.StringIO()
    try:
        mismatch = data_mismatch(job.checksums)
        if mismatch:
            result.update(status="failed", failure=_failure(mismatch))
            return result
        params = validate(dict(job.values))
        with captured_stderr(log):
            outcome = build.run(
                params,
                out=Path(job.out),
                formats=list(job.formats),
                jobs=1,
                force=job.force,
                pdf_engine=job.pdf_engine,
                notebooks=job.notebooks,
                timeout=job.timeout,
            )
        result["folder"] = str(outcome.folder)
        result["status"] = "built" if (outcome.built or outcome.briefing_built) else "cached"
    except (build.BuildFailed, UserError) as exc:
        result.update(status="failed", failure=_failure(str(exc)))
    except Exception as exc:  # a bug or an environment problem: this pair fails, others go on
        result.update(status="failed", failure=_failure(f"{type(exc).__name__}: {exc}"))
    finally:
        result["seconds"] = round(time.perf_counter() - started, 3)
        result["log"] = log.getvalue()[-4000:]
    return result
