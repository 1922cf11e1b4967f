"""The `strategic-ties data build|check|sources` sub-commands (the CLI wires them up)."""

from __future__ import annotations

from pathlib import Path

from strategic_ties import catalog, datasets
from strategic_ties.errors import DataError
from strategic_ties.schemas import TABLES


def build(raw: Path, only: list[str] | None = None) -> None:
    """Rebuild data/processed/*.parquet and data/catalog.yaml from the raw exports in `raw`."""
    import shutil

    from strategic_ties import paths
    from strategic_ties.ingest.build import build as run
    from strategic_ties.pipeline.lock import data_lock

    with data_lock(exclusive=True):  # no run reads the data while it is rewritten
        for stale in paths.data_dir().glob(".build-*"):  # left by a killed build
            shutil.rmtree(stale, ignore_errors=True)
        run(Path(raw), only=only)


def check() -> list[str]:
    """Problems found (one sentence each); empty means every table matches catalogue and schema."""
    datasets.clear_cache()
    problems: list[str] = []
    try:
        listed = set(catalog.datasets())
    except DataError as exc:
        return [str(exc)]
    for name in TABLES:
        if name not in listed:
            problems.append(
                f"Dataset '{name}' is not in the data catalogue; rebuild with `{catalog.REBUILD}`."
            )
            continue
        try:
            datasets.check(name)  # the whole file hashed, whatever its checksum stamp says
        except DataError as exc:
            problems.append(str(exc))
    for name in sorted(listed - set(TABLES)):
        problems.append(f"The catalogue lists '{name}', which the package does not define.")
    datasets.clear_cache()
    return problems


def sources() -> str:
    """The citation, version and licence of every dataset, as plain text."""
    blocks = []
    for name in catalog.datasets():
        entry = catalog.entry(name)
        blocks.append(
            f"{name}: {entry['title']}\n"
            f"  Source: {entry['citation']}\n"
            f"  Version: {entry['version']}\n"
            f"  Terms: {entry['licence']}\n"
            f"  URL: {entry['url']}"
        )
    return "\n\n".join(blocks)
