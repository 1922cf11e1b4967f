"""The rendered default briefing: key judgements on the first page after the cover, a main text
of about twelve pages (at most 14), then the annex (read from the PDF with pypdf)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
MAIN_TEXT_PAGES = 14


def _pdf(report: Path) -> Path:
    """The default report's PDF: the session's HTML build, printed (its notebooks are cached)."""
    command = [
        str(Path(sys.executable).with_name("strategic-ties")),
        *("run", "--out", str(report.parent), "--formats", "pdf"),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=1800, cwd=REPO)
    assert done.returncode == 0, done.stderr[-2000:]
    return report / "briefing.pdf"


def annex_start(texts: list[str]) -> int | None:
    """1-based page where the annex begins: the first page after the cover (whose contents list
    names the annex too) that opens with an 'Annex A' heading."""
    for number, text in enumerate(texts[1:], start=2):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if any(line.startswith("Annex A.") for line in lines[:3]):
            return number
    return None


def test_annex_start_is_found_on_hand_made_pages():
    pages = ["Cover\nContents\nAnnex A. Arms trade 30", "Page 2\nKey judgements", "Page 3\nx"]
    pages += ["Page 4 of 9\nAnnex A. Arms trade\nThe deal register"]
    assert annex_start(pages) == 4
    assert annex_start(pages[:3]) is None


@pytest.mark.slow
def test_main_text_is_about_twelve_pages(default_report: Path) -> None:
    from pypdf import PdfReader

    texts = [page.extract_text() or "" for page in PdfReader(_pdf(default_report)).pages]
    assert "Key judgements" in texts[1].splitlines()[:3] or texts[1].find("Key judgements") < 80
    start = annex_start(texts)
    assert start is not None, "no page opens with 'Annex A.'"
    main_text = start - 2  # after the cover page, before the annex
    assert main_text <= MAIN_TEXT_PAGES, f"main text runs to {main_text} pages"
