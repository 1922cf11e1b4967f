"""Shared test helpers. Raw publisher files live in ../shared/data beside the repository."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from pin_chart_data import build_default_report  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[1]
RAW_DATA = REPO_ROOT.parent / "shared" / "data"

needs_raw = pytest.mark.skipif(
    not RAW_DATA.is_dir(), reason=f"raw publisher files not found at {RAW_DATA}"
)


@pytest.fixture(scope="session")
def raw_data() -> Path:
    if not RAW_DATA.is_dir():
        pytest.skip(f"raw publisher files not found at {RAW_DATA}")
    return RAW_DATA


@pytest.fixture(scope="session")
def default_report(tmp_path_factory) -> Path:
    """`strategic-ties run` for the default pair, HTML only, built once for the whole session."""
    return build_default_report(tmp_path_factory.mktemp("default-report"))
