"""Cache keys: what each output depends on, hashed. Only the standard library (keeps warm runs fast).

- execute key (per notebook): the notebook's source without outputs, the parameters, the data
  fingerprint (catalogue with its checksums + the processed files), the package version and the
  package's own code (analysis, charts, ...), the Python version.
- render key (per notebook and format): the execute key, the template and the rendering code,
  the format and, for PDF, the engine.
- briefing key: the render keys of every part, in order.

Any change to an input changes exactly the keys that depend on it; `--force` ignores them all.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from strategic_ties import __version__, paths

# Code that only renders (changes re-render, never re-execute).
NOT_NOTEBOOK_CODE = {"cli.py", "data_cli.py"}
RENDER_CODE = ("pipeline/exporters.py", "pipeline/render.py", "pipeline/combine.py")


def digest(*parts: Any) -> str:
    """SHA-256 of a JSON rendering of `parts` (stable: sorted keys)."""
    text = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files_digest(files: Iterable[Path], root: Path) -> str:
    hasher = hashlib.sha256()
    for path in sorted(files):
        hasher.update(str(path.relative_to(root)).encode())
        hasher.update(b"\0")
        hasher.update(path.read_bytes())
        hasher.update(b"\0")
    return hasher.hexdigest()


def notebook_digest(path: Path) -> str:
    """Hash of what a notebook *is*: cell types, sources and tags, kernel; not outputs or counts."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = []
    for cell in nb.get("cells", []):
        source = cell.get("source", "")
        cells.append(
            [
                cell.get("cell_type"),
                "".join(source) if isinstance(source, list) else source,
                sorted(cell.get("metadata", {}).get("tags", [])),
            ]
        )
    kernel = nb.get("metadata", {}).get("kernelspec", {}).get("name")
    return digest(cells, kernel)


def data_fingerprint(data_dir: Path | None = None) -> str:
    """The catalogue and claim files (which carry the datasets' checksums) and the processed files'
    names, sizes and modification times. Absent files hash as absent."""
    data_dir = data_dir or paths.data_dir()
    hasher = hashlib.sha256()
    for path in sorted(data_dir.glob("*.yaml")):
        hasher.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    processed = data_dir / "processed"
    if processed.is_dir():
        for path in sorted(processed.rglob("*")):
            if path.is_file():
                stat = path.stat()
                hasher.update(
                    f"{path.relative_to(processed)}|{stat.st_size}|{stat.st_mtime_ns}\0".encode()
                )
    return hasher.hexdigest()


def package_digest() -> str:
    """The package version and the code notebooks run (not the pipeline, the CLI or the ingest
    code, which reaches notebooks only through the processed data).

    `STRATEGIC_TIES_CODE_DIGEST`, when set, stands in for the code's hash: the pipeline's own
    tests pin it so that colleagues editing analysis code meanwhile do not invalidate their cache.
    """
    pinned = os.environ.get("STRATEGIC_TIES_CODE_DIGEST")
    if pinned:
        return digest(__version__, pinned, sys.version_info[:2])
    root = paths.PACKAGE_DIR
    files = [
        p
        for p in root.rglob("*.py")
        if not {"pipeline", "ingest"} & set(p.relative_to(root).parts)
        and p.name not in NOT_NOTEBOOK_CODE
    ]
    return digest(__version__, files_digest(files, root), sys.version_info[:2])


def template_digest() -> str:
    """The report template (HTML + CSS) and the code that renders it."""
    root = paths.PACKAGE_DIR
    templates = [p for p in (paths.TEMPLATES_DIR / "report").rglob("*") if p.is_file()]
    code = [root / name for name in RENDER_CODE if (root / name).is_file()]
    return digest(files_digest(templates, paths.TEMPLATES_DIR), files_digest(code, root))


def execute_key(notebook: Path, parameters: dict[str, Any], data: str, package: str) -> str:
    return digest("execute", notebook_digest(notebook), parameters, data, package)


def render_key(exec_key: str, template: str, fmt: str, engine: str | None = None) -> str:
    return digest("render", exec_key, template, fmt, engine if fmt == "pdf" else None)


def briefing_key(part_keys: list[str], template: str, fmt: str, engine: str | None) -> str:
    return digest("briefing", part_keys, template, fmt, engine if fmt == "pdf" else None)
