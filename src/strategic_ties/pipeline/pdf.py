"""HTML to PDF: headless Chromium or WeasyPrint (no nbconvert here, so the exporters can use it).

Chromium is driven over its DevTools pipe (`cdp.py`): `Page.printToPDF` with the same page as
`--print-to-pdf` (A4 and margins from the CSS, no Chromium header or footer), a fresh browser
context and page per document, a fresh `--user-data-dir` per browser and the flags that keep it
from calling home. Inside `browser_session()` (a build) the prints of one process share one
browser, closed when the outermost session ends, or when a forked worker exits; outside, each
print starts and stops its own. The PDF is checked to exist and start with %PDF.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from strategic_ties.errors import UserError

if TYPE_CHECKING:
    from strategic_ties.pipeline.cdp import Browser

ENGINES = ("auto", "chromium", "weasyprint")
CHROMIUM_NAMES = ("chromium-headless-shell", "chromium", "chromium-browser", "google-chrome")
BROWSER_FLAGS = (
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
    "--run-all-compositor-stages-before-draw",
)
# the same for a one-shot `--print-to-pdf` (the naive route in benchmarks/, tests)
CHROMIUM_FLAGS = (*BROWSER_FLAGS, "--no-pdf-header-footer")
CHROMIUM_TIMEOUT = 180
# A print read only for where things land (the combined briefing's layout print, whose named
# destinations give the contents' page numbers): no accessibility tags (same pages, same
# destinations; ~25% less of Chromium's CPU for that print). Every kept PDF stays tagged.
LAYOUT_ONLY = {"generateTaggedPDF": False}


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


_lock = threading.RLock()  # one print at a time per process (threads of a Dask worker)
_sessions = 0
_exit_pid = 0  # the process that registered close_browser at exit
_browser: Browser | None = None  # shared by the prints of this process while _sessions > 0


@contextlib.contextmanager
def browser_session() -> Iterator[None]:
    """Inside the block, Chromium prints in this process share one browser (started at the first
    print); it is closed when the outermost block ends. Forked workers inherit the session and
    close their own browser when they exit."""
    global _sessions
    with _lock:
        _sessions += 1
    try:
        yield
    finally:
        with _lock:
            _sessions -= 1
            if _sessions == 0:
                close_browser()


def close_browser() -> None:
    """Stop this process's shared browser, if any."""
    global _browser
    with _lock:
        browser, _browser = _browser, None
    if browser is not None:
        browser.close()


def _forked() -> None:
    global _browser, _lock
    _lock = threading.RLock()  # a lock held by another thread at fork time stays held
    if _browser is not None:
        _browser.forget()  # the parent's: never write to it, never keep its pipe open
        _browser = None


os.register_at_fork(after_in_child=_forked)


def _shared_browser(executable: str) -> Browser:
    """The process's browser, started (again) when there is none or it has quit."""
    global _browser
    from strategic_ties.pipeline.cdp import Browser

    if _browser is not None and not _browser.alive():
        _browser.close()
        _browser = None
    if _browser is None:
        _browser = Browser.launch(executable, BROWSER_FLAGS)
        _close_at_exit()
    return _browser


def prelaunch() -> None:
    """Inside a `browser_session()`, start this process's shared browser in a background thread,
    so that its first print finds it running (the launch overlaps the notebooks). The first
    print waits for the launch (the lock); a failed launch is retried by that print. Call it
    only where no fork follows while it runs (a forked child would inherit a held lock)."""
    executable = find_chromium()
    if not _sessions or executable is None or (_browser is not None and _browser.alive()):
        return

    def launch() -> None:
        from strategic_ties.pipeline.cdp import BrowserError

        with _lock:
            if _sessions:
                with contextlib.suppress(BrowserError, OSError):
                    _shared_browser(executable)

    threading.Thread(target=launch, name="st-chromium-launch", daemon=True).start()


def _close_at_exit() -> None:
    """Close the shared browser when this process ends: atexit in a main process, a
    multiprocessing finaliser in a pool worker (which leaves through os._exit)."""
    global _exit_pid
    if _exit_pid == os.getpid():
        return
    import atexit
    import multiprocessing.util

    _exit_pid = os.getpid()
    atexit.register(close_browser)
    multiprocessing.util.Finalize(None, close_browser, exitpriority=10)


def chromium_pdf(html_path: Path, pdf_path: Path, options: dict | None = None) -> None:
    """Print an HTML file to PDF with headless Chromium (`options`: see cdp.Browser.print_pdf)."""
    from strategic_ties.pipeline.cdp import Browser, BrowserError

    executable = find_chromium()
    if executable is None:
        raise RenderError("no Chromium on PATH")
    pdf_path.unlink(missing_ok=True)
    with _lock:
        browser = None
        try:
            browser = (
                _shared_browser(executable)
                if _sessions
                else Browser.launch(executable, BROWSER_FLAGS)
            )
            browser.print_pdf(html_path, pdf_path, CHROMIUM_TIMEOUT, options)
        except BrowserError as exc:
            _discard(browser, now=False)
            pdf_path.unlink(missing_ok=True)
            raise RenderError(f"{exc}; no PDF was written.") from None
        except TimeoutError:
            _discard(browser, now=True)
            pdf_path.unlink(missing_ok=True)
            raise RenderError(
                f"Chromium did not print {html_path.name} within {CHROMIUM_TIMEOUT} s; "
                "no PDF was written."
            ) from None
        except BaseException:  # Ctrl-C, SIGTERM mid-print: the browser's state is unknown
            _discard(browser, now=True)
            raise
        if not _sessions:
            browser.close()
    _check_pdf(pdf_path, "Chromium")


def _discard(browser: Browser | None, now: bool) -> None:
    """After a failed print: a one-off or broken browser goes; a healthy shared one stays."""
    global _browser
    if browser is None:
        return
    if browser is _browser and browser.alive() and not now:
        return
    if browser is _browser:
        _browser = None
    browser.close(now=now)


def weasyprint_pdf(html_path: Path, pdf_path: Path) -> None:
    """Print an HTML file to PDF with WeasyPrint (no browser needed)."""
    for name in ("weasyprint", "fontTools", "fontTools.subset"):
        logging.getLogger(name).setLevel(logging.ERROR)
    import weasyprint

    weasyprint.HTML(filename=str(html_path)).write_pdf(str(pdf_path))
    _check_pdf(pdf_path, "WeasyPrint")


def html_file_to_pdf(
    html_path: Path, pdf_path: Path, engine: str = "auto", *, layout_only: bool = False
) -> str:
    """Render `html_path` to `pdf_path`; returns the engine used. `layout_only`: the PDF is
    read for its pages and destinations, then thrown away (Chromium: LAYOUT_ONLY)."""
    engine = resolve_engine(engine)
    if engine == "chromium":
        chromium_pdf(html_path, pdf_path, LAYOUT_ONLY if layout_only else None)
    else:
        weasyprint_pdf(html_path, pdf_path)
    return engine


def html_to_pdf_bytes(document: str, engine: str = "auto") -> tuple[bytes, str]:
    """Render an HTML string to PDF bytes (for the nbconvert PDF exporter)."""
    with tempfile.TemporaryDirectory(prefix="st-pdf-") as tmp:
        html_path, pdf_path = Path(tmp) / "report.html", Path(tmp) / "report.pdf"
        html_path.write_text(document, encoding="utf-8")
        used = html_file_to_pdf(html_path, pdf_path, engine)
        return pdf_path.read_bytes(), used
