"""HTML to PDF: headless Chromium or WeasyPrint (no nbconvert here, so the exporters can use it).

Chromium: `--print-to-pdf` on the HTML file, with a fresh `--user-data-dir` per call (concurrent
Chromiums sharing a profile abort) and the flags that keep it from calling home. The PDF is
checked to exist and start with %PDF; the exit code alone is not trusted.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from strategic_ties.errors import UserError

ENGINES = ("auto", "chromium", "weasyprint")
CHROMIUM_NAMES = ("chromium-headless-shell", "chromium", "chromium-browser", "google-chrome")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--no-pdf-header-footer",
    "--run-all-compositor-stages-before-draw",
)
CHROMIUM_TIMEOUT = 180


class RenderError(Exception):
    """A renderer failed (not the user's fault): reported with exit code 1."""


def find_chromium() -> str | None:
    """Path of a Chromium on PATH (`STRATEGIC_TIES_CHROMIUM` overrides; empty string = none)."""
    override = os.environ.get("STRATEGIC_TIES_CHROMIUM")
    if override is not None:
        return shutil.which(override) if override else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def resolve_engine(engine: str = "auto") -> str:
    """'auto' -> 'chromium' when a Chromium is on PATH, else 'weasyprint'. UserError if impossible."""
    if engine not in ENGINES:
        raise UserError(
            f"Option '--pdf-engine': {engine!r} is not accepted; give auto, chromium or weasyprint."
        )
    if engine == "auto":
        return "chromium" if find_chromium() else "weasyprint"
    if engine == "chromium" and not find_chromium():
        raise UserError(
            "Option '--pdf-engine chromium': no Chromium found on PATH; install "
            "chromium-headless-shell (apt) or use --pdf-engine weasyprint."
        )
    return engine


def _check_pdf(path: Path, engine: str) -> None:
    if not path.is_file() or path.stat().st_size < 100:
        raise RenderError(f"{engine} produced no PDF at {path}")
    with path.open("rb") as handle:
        if handle.read(5) != b"%PDF-":
            raise RenderError(f"{engine} wrote a file that is not a PDF at {path}")


def chromium_pdf(html_path: Path, pdf_path: Path) -> None:
    """Print an HTML file to PDF with headless Chromium."""
    executable = find_chromium()
    if executable is None:
        raise RenderError("no Chromium on PATH")
    pdf_path.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="st-chromium-") as profile:
        command = [
            executable,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--print-to-pdf={pdf_path.resolve()}",
            html_path.resolve().as_uri(),
        ]
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=CHROMIUM_TIMEOUT,
                env={**os.environ, "HOME": profile},
            )
        except subprocess.TimeoutExpired:
            raise RenderError(f"Chromium did not finish within {CHROMIUM_TIMEOUT} s") from None
    try:
        _check_pdf(pdf_path, "Chromium")
    except RenderError as exc:
        tail = "\n".join(done.stderr.strip().splitlines()[-5:])
        raise RenderError(f"{exc} (exit {done.returncode}): {tail}") from None


def weasyprint_pdf(html_path: Path, pdf_path: Path) -> None:
    """Print an HTML file to PDF with WeasyPrint (no browser needed)."""
    for name in ("weasyprint", "fontTools", "fontTools.subset"):
        logging.getLogger(name).setLevel(logging.ERROR)
    import weasyprint

    weasyprint.HTML(filename=str(html_path)).write_pdf(str(pdf_path))
    _check_pdf(pdf_path, "WeasyPrint")


def html_file_to_pdf(html_path: Path, pdf_path: Path, engine: str = "auto") -> str:
    """Render `html_path` to `pdf_path`; returns the engine used."""
    engine = resolve_engine(engine)
    (chromium_pdf if engine == "chromium" else weasyprint_pdf)(html_path, pdf_path)
    return engine


def html_to_pdf_bytes(document: str, engine: str = "auto") -> tuple[bytes, str]:
    """Render an HTML string to PDF bytes (for the nbconvert PDF exporter)."""
    with tempfile.TemporaryDirectory(prefix="st-pdf-") as tmp:
        html_path, pdf_path = Path(tmp) / "report.html", Path(tmp) / "report.pdf"
        html_path.write_text(document, encoding="utf-8")
        used = html_file_to_pdf(html_path, pdf_path, engine)
        return pdf_path.read_bytes(), used
