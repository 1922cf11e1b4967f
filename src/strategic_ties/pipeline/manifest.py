"""reports/<slug>/manifest.json: what was built from what, with keys and timings."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

NAME = "manifest.json"


def read(folder: Path) -> dict[str, Any]:
    """The folder's manifest, or {} when there is none, it is unreadable (even a folder) or of
    the wrong shape: then everything is rebuilt and a good manifest replaces it."""
    try:
        loaded = json.loads((folder / NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if _well_formed(loaded) else {}


def _well_formed(loaded: Any) -> bool:
    if not isinstance(loaded, dict):
        return False
    notebooks = loaded.get("notebooks", {})
    briefing = loaded.get("briefing", {})
    return (
        isinstance(notebooks, dict)
        and all(
            isinstance(e, dict)
            and isinstance(e.get("render_keys", {}), dict)
            and isinstance(e.get("timings", {}), dict)
            and all(isinstance(v, int | float) for v in e.get("timings", {}).values())
            for e in notebooks.values()
        )
        and isinstance(briefing, dict)
        and isinstance(briefing.get("keys", {}), dict)
        and isinstance(briefing.get("timings", {}), dict)
    )


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename it over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        mask = os.umask(0)
        os.umask(mask)
        os.fchmod(handle, 0o666 & ~mask)  # mkstemp's 0600 would differ from every other output
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_cache_file(path: Path, text: str) -> None:
    """Best effort for a cache beside the data: written atomically (parallel processes never read
    half a file), and nothing happens when it cannot be written (a read-only data folder)."""
    with contextlib.suppress(OSError):
        atomic_write_bytes(path, text.encode("utf-8"))


def write(folder: Path, manifest: dict[str, Any]) -> None:
    text = json.dumps(manifest, indent=2, sort_keys=False, ensure_ascii=False) + "\n"
    atomic_write_bytes(folder / NAME, text.encode("utf-8"))


def dataset_versions() -> dict[str, dict[str, Any]]:
    """Version and processed checksum of each catalogued dataset ({} without a catalogue)."""
    try:
        from strategic_ties.catalog import load_catalog

        datasets = load_catalog().get("datasets", {})
    except Exception:
        return {}
    out: dict[str, dict[str, Any]] = {}
    for name, entry in sorted(datasets.items()):
        if not isinstance(entry, dict):
            continue
        processed = entry.get("processed") or {}
        out[name] = {
            "version": entry.get("version"),
            "sha256": processed.get("sha256") if isinstance(processed, dict) else None,
            "rows": entry.get("rows"),
        }
    return out
