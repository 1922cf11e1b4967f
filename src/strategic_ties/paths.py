"""Where the project's folders are. `STRATEGIC_TIES_DATA` overrides the data folder (tests use it)."""

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parents[1]
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
REPORTS_DIR = REPO_ROOT / "reports"
TEMPLATES_DIR = PACKAGE_DIR / "templates"


def data_dir() -> Path:
    """The folder holding catalog.yaml, claims.yaml and processed/."""
    return Path(os.environ.get("STRATEGIC_TIES_DATA", REPO_ROOT / "data")).resolve()


def processed_dir() -> Path:
    return data_dir() / "processed"
