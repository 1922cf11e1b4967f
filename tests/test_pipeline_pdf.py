"""Printing with one headless Chromium over the DevTools pipe (pipeline/cdp.py, pipeline/pdf.py).

Real Chromium throughout. Faults are real too: the browser's processes are killed (SIGKILL) or
frozen (SIGSTOP) right after the print command reaches them.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from pypdf import PdfReader

from strategic_ties.pipeline import cdp, pdf

FIXTURES = Path(__file__).parent / "fixtures" / "pipeline" / "notebooks"
SLUG = "israel-azerbaijan"

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>@page {{ size: A4; margin: 20mm 18mm; @bottom-center {{ content: "Page " counter(page)
" of " counter(pages); }} }} body {{ font-family: "DejaVu Sans", sans-serif; }}
h1 {{ break-before: page; }} h1:first-of-type {{ break-before: auto; }}</style></head><body>
{body}</body></html>"""


@pytest.fixture(autouse=True)
def chromium_required() -> None:
    if pdf.find_chromium() is None:
        pytest.fail("Chromium is required for the PDF tests (install chromium-headless-shell)")


def page(tmp_path: Path, name: str, sections: int = 2) -> Path:
    body = "".join(
        f"<h1 id='s{i}'>{name} section {i}</h1>"
        + "".join(f"<p>Paragraph {j} of section {i}: ties, trade and arms.</p>" for j in range(12))
        + "<table><thead><tr><th>Year</th><th>Value</th></tr></thead><tbody>"
        + "".join(f"<tr><td>{2000 + j}</td><td>{j * 7}</td></tr>" for j in range(10))
        + "</tbody></table>"
        for i in range(1, sections + 1)
    )
    path = tmp_path / f"{name}.html"
    path.write_text(PAGE.format(title=name, body=body), encoding="utf-8")
    return path


def texts(path: Path) -> list[str]:
    return [p.extract_text() for p in PdfReader(path).pages]


def descendants() -> list[psutil.Process]:
    """This process's descendants that still run (zombies have stopped already), except
    Python's multiprocessing resource tracker: started by an earlier test's Dask cluster
    (spawned workers), it serves this interpreter until it exits and is not the build's."""
    children = psutil.Process().children(recursive=True)
    return [p for p in children if p.pid in _running([p.pid]) and not _resource_tracker(p)]


def _resource_tracker(process: psutil.Process) -> bool:
    try:
        return "multiprocessing.resource_tracker" in " ".join(process.cmdline())
    except psutil.Error:
        return False


def gone(pids: list[int], within: float = 10.0) -> bool:
    """True once none of `pids` runs any more (within `within` seconds)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not _running(pids):
            return True
        time.sleep(0.1)
    return False


def _running(pids: list[int]) -> list[int]:
    alive = []
    for pid in pids:
        try:
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                alive.append(pid)
        except psutil.Error:
            pass
    return alive


def test_a_session_prints_every_document_with_one_browser_and_leaves_nothing(
    tmp_path: Path,
) -> None:
    documents = [
        page(tmp_path, name, sections) for name, sections in (("a", 1), ("b", 3), ("c", 2))
    ]
    pids, profiles = set(), set()
    with pdf.browser_session():
        for document in documents:
            pdf.chromium_pdf(document, document.with_suffix(".pdf"))
            pids.add(pdf._browser.pid)
            profiles.add(pdf._browser.profile)
        family = [pdf._browser.pid] + [p.pid for p in psutil.Process(pdf._browser.pid).children()]
    assert len(pids) == 1 and len(profiles) == 1  # one browser for the three prints
    assert [len(texts(d.with_suffix(".pdf"))) for d in documents] == [1, 3, 2]
    assert "b section 3" in texts(documents[1].with_suffix(".pdf"))[2]
    assert "Page 3 of 3" in texts(documents[1].with_suffix(".pdf"))[2]
    assert pdf._browser is None
    assert gone(family) and descendants() == []
    assert not any(p.exists() for p in profiles)


def test_a_print_outside_a_session_starts_and_stops_its_own_browser(tmp_path: Path) -> None:
    document = page(tmp_path, "alone")
    pdf.chromium_pdf(document, tmp_path / "alone.pdf")
    assert pdf._browser is None and descendants() == []
    assert len(texts(tmp_path / "alone.pdf")) == 2


def test_the_pipe_prints_the_same_pdf_as_chromiums_own_print_to_pdf(tmp_path: Path) -> None:
    """Same page size, page count and text as `chromium --print-to-pdf` (the earlier route)."""
    document = page(tmp_path, "same", sections=3)
    profile = tmp_path / "profile"
    subprocess.run(
        [
            pdf.find_chromium(),
            *pdf.CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--print-to-pdf={tmp_path / 'cli.pdf'}",
            document.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    pdf.chromium_pdf(document, tmp_path / "pipe.pdf")
    cli, pipe = PdfReader(tmp_path / "cli.pdf"), PdfReader(tmp_path / "pipe.pdf")
    assert len(pipe.pages) == len(cli.pages) == 3
    assert [tuple(p.mediabox) for p in pipe.pages] == [tuple(p.mediabox) for p in cli.pages]
    assert texts(tmp_path / "pipe.pdf") == texts(tmp_path / "cli.pdf")
    assert set(pipe.named_destinations) == set(cli.named_destinations)  # the contents' anchors


def _fault_on_print(monkeypatch, action: signal.Signals, on: int = 1) -> list[int]:
    """Send `action` to the browser's processes right after the `on`-th print command."""
    original = cdp.Browser._send
    seen: list[int] = []

    def send(self: cdp.Browser, message: dict) -> None:
        original(self, message)
        if message["method"] == "Page.printToPDF":
            seen.append(self.pid)
            if len(seen) == on:
                family = psutil.Process(self.pid).children(recursive=True)
                for process in [psutil.Process(self.pid), *family]:
                    process.send_signal(action)

    monkeypatch.setattr(cdp.Browser, "_send", send)
    return seen


def test_a_browser_killed_mid_print_is_one_sentence_and_the_next_print_restarts_it(
    tmp_path: Path, monkeypatch
) -> None:
    first, second = page(tmp_path, "first"), page(tmp_path, "second")
    _fault_on_print(monkeypatch, signal.SIGKILL)
    with pdf.browser_session():
        with pytest.raises(pdf.RenderError) as caught:
            pdf.chromium_pdf(first, tmp_path / "first.pdf")
        message = str(caught.value)
        assert message.startswith("Chromium stopped while printing first.html (")
        assert message.endswith("; no PDF was written.") and "\n" not in message
        assert not (tmp_path / "first.pdf").exists()
        assert pdf._browser is None
        pdf.chromium_pdf(second, tmp_path / "second.pdf")  # a new browser
        assert len(texts(tmp_path / "second.pdf")) == 2
    assert descendants() == []


def test_a_print_that_hangs_times_out_and_its_browser_is_killed(
    tmp_path: Path, monkeypatch
) -> None:
    document = page(tmp_path, "frozen")
    _fault_on_print(monkeypatch, signal.SIGSTOP)
    monkeypatch.setattr(pdf, "CHROMIUM_TIMEOUT", 3)
    started = time.monotonic()
    with pdf.browser_session(), pytest.raises(pdf.RenderError) as caught:
        pdf.chromium_pdf(document, tmp_path / "frozen.pdf")
    assert time.monotonic() - started < 15
    assert str(caught.value) == (
        "Chromium did not print frozen.html within 3 s; no PDF was written."
    )
    assert descendants() == [] and not (tmp_path / "frozen.pdf").exists()


def test_a_forked_child_never_holds_the_parents_browser(tmp_path: Path) -> None:
    """A fork inherits the session, not the browser: the child starts its own, and the parent's
    browser quits as soon as the parent closes it (no copy of its pipe is left in the child)."""
    document = page(tmp_path, "parent")
    with pdf.browser_session():
        pdf.chromium_pdf(document, tmp_path / "parent.pdf")
        parent_browser = pdf._browser.pid
        read, write = os.pipe()
        child = os.fork()
        if child == 0:  # pragma: no cover (runs in the child)
            os.close(read)
            try:
                ok = pdf._browser is None
                pdf.chromium_pdf(document, tmp_path / "child.pdf")
                ok = ok and pdf._browser.pid != parent_browser
                pdf.close_browser()
            except BaseException:
                ok = False
            os.write(write, b"1" if ok else b"0")
            os._exit(0)
        os.close(write)
        answer = os.read(read, 1)
        os.waitpid(child, 0)
    assert answer == b"1"
    assert gone([parent_browser], within=3)
    assert len(texts(tmp_path / "child.pdf")) == 2


# ---- a whole build whose Chromium dies mid-print --------------------------------------------------


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """The fixture report built once (a user's run, in a subprocess), and its pinned inputs."""
    from strategic_ties import paths

    data = tmp_path_factory.mktemp("data") / "data"
    shutil.copytree(paths.data_dir(), data, ignore=shutil.ignore_patterns("raw"))
    pinned = {"STRATEGIC_TIES_DATA": str(data), "STRATEGIC_TIES_CODE_DIGEST": "pdf"}
    out = tmp_path_factory.mktemp("report")
    command = [
        str(Path(sys.executable).with_name("strategic-ties")),
        "run", "--notebooks-dir", str(FIXTURES), "--out", str(out), "--jobs", "1",
    ]  # fmt: skip
    env = {**os.environ, **pinned}
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, env=env)
    assert done.returncode == 0, done.stderr
    return out / SLUG, pinned


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


@pytest.mark.slow
@pytest.mark.parametrize(
    ("on", "first_line"),
    [
        # a part's print (the parts run longest first, so either may be the first)
        (1, r"Rendering (\w+) failed: RenderError: Chromium stopped while printing \1\.html \("),
        # the combined briefing's layout print, after the two parts
        (3, r"Rendering the combined briefing failed: Chromium stopped while printing briefing"),
    ],
)
def test_chromium_killed_mid_build_fails_clearly_and_keeps_the_previous_report(
    report: tuple[Path, dict[str, str]],
    tmp_path: Path,
    monkeypatch,
    capsys,
    on: int,
    first_line: str,
) -> None:
    import re

    from strategic_ties.cli import main

    built, pinned = report
    out = tmp_path / "out"
    shutil.copytree(built, out / SLUG)
    before = snapshot(out / SLUG)
    for key, value in pinned.items():
        monkeypatch.setenv(key, value)
    printed = _fault_on_print(monkeypatch, signal.SIGKILL, on=on)
    argv = ["run", "--notebooks-dir", str(FIXTURES), "--out", str(out), "--force", "--jobs", "1"]
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 1, err
    assert len(printed) == on
    lines = [x for x in err.splitlines() if x.startswith("strategic-ties: error:")]
    assert len(lines) == 1 and re.match(f"strategic-ties: error: {first_line}", lines[0]), err
    assert "no PDF was written." in lines[0]
    assert err.rstrip().endswith("is unchanged."), err
    assert "Traceback" not in err
    assert snapshot(out / SLUG) == before
    assert descendants() == []


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL])
def test_a_stopped_build_leaves_no_chromium_behind(
    report: tuple[Path, dict[str, str]], tmp_path: Path, signum: signal.Signals
) -> None:
    """--jobs 2: one worker has printed its part (its browser stays up for the next print), the
    other is in a sleeping notebook; SIGTERM or SIGKILL on the build leaves no process behind."""
    import nbformat

    built, pinned = report
    notebooks = tmp_path / "notebooks"
    shutil.copytree(FIXTURES, notebooks)
    nb = nbformat.read(notebooks / "briefing.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import time\ntime.sleep(120)"))
    nbformat.write(nb, notebooks / "briefing.ipynb")
    out = tmp_path / "out"
    shutil.copytree(built, out / SLUG)
    before = snapshot(out / SLUG)
    command = [
        str(Path(sys.executable).with_name("strategic-ties")),
        "run", "--notebooks-dir", str(notebooks), "--out", str(out), "--force", "--jobs", "2",
    ]  # fmt: skip
    proc = subprocess.Popen(
        command, stderr=subprocess.PIPE, text=True, start_new_session=True,
        env={**os.environ, **pinned},
    )  # fmt: skip

    def family() -> list[psutil.Process]:
        try:
            return psutil.Process(proc.pid).children(recursive=True)
        except psutil.Error:
            return []

    def browsers() -> list[psutil.Process]:
        found = []
        for process in family():
            try:
                if "remote-debugging-pipe" in " ".join(process.cmdline()):
                    found.append(process)
            except psutil.Error:
                pass
        return found

    deadline = time.monotonic() + 240
    while not browsers() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1)
    assert browsers() and proc.poll() is None, proc.stderr.read() if proc.poll() else "timeout"
    pids = [p.pid for p in family()]
    proc.send_signal(signum)
    proc.communicate(timeout=60)
    assert gone(pids, within=15), [
        psutil.Process(p).cmdline() for p in pids if psutil.pid_exists(p)
    ]
    assert snapshot(out / SLUG) == before


def test_the_layout_copy_paginates_like_the_document_and_draws_only_headings(
    tmp_path: Path,
) -> None:
    """combine.layout_copy: images become empty boxes and all but the headings is hidden; the
    headings land on the same pages as in the real document (the contents' page numbers)."""
    import base64
    import io

    from PIL import Image

    from strategic_ties.pipeline import combine

    buffer = io.BytesIO()
    Image.new("RGB", (900, 700), (200, 60, 30)).save(buffer, format="PNG")
    image = base64.b64encode(buffer.getvalue()).decode()
    body = "".join(
        f"<h2 id='sec-{i}'>Heading {i}</h2>"
        + "".join(f"<p>Paragraph {j} under heading {i}.</p>" for j in range(i % 4 * 5))
        + (f"<img src='data:image/png;base64,{image}' width='450' height='350'>" if i % 2 else "")
        for i in range(1, 13)
    )
    links = "".join(f"<li><a href='#sec-{i}'>Heading {i}</a></li>" for i in range(1, 13))
    document = PAGE.format(title="layout", body=f"<ol>{links}</ol>{body}")  # links: named dests
    (tmp_path / "real.html").write_text(document, encoding="utf-8")
    (tmp_path / "layout.html").write_text(combine.layout_copy(document), encoding="utf-8")
    with pdf.browser_session():
        pdf.chromium_pdf(tmp_path / "real.html", tmp_path / "real.pdf")
        pdf.chromium_pdf(tmp_path / "layout.html", tmp_path / "layout.pdf")
        # as combine.write_pdf prints it: untagged (read for its destinations, then dropped)
        pdf.html_file_to_pdf(
            tmp_path / "layout.html", tmp_path / "untagged.pdf", "chromium", layout_only=True
        )
    real = combine.heading_pages(tmp_path / "real.pdf")
    assert len(real) >= 12 and max(real.values()) >= 4
    assert combine.heading_pages(tmp_path / "layout.pdf") == real
    assert combine.heading_pages(tmp_path / "untagged.pdf") == real
    assert "/StructTreeRoot" in PdfReader(tmp_path / "real.pdf").trailer["/Root"]  # kept: tagged
    assert "/StructTreeRoot" not in PdfReader(tmp_path / "untagged.pdf").trailer["/Root"]
    text = "\n".join(texts(tmp_path / "layout.pdf"))
    assert "Heading 12" in text and "Paragraph" not in text
    assert (tmp_path / "layout.pdf").stat().st_size < (tmp_path / "real.pdf").stat().st_size / 2


def test_a_browser_launched_ahead_serves_the_first_print_and_goes_with_the_session(
    tmp_path: Path,
) -> None:
    document = page(tmp_path, "ahead", 2)
    pdf.prelaunch()  # outside a session: nothing starts
    time.sleep(0.2)
    assert pdf._browser is None and descendants() == []
    with pdf.browser_session():
        pdf.prelaunch()
        deadline = time.monotonic() + 60
        while pdf._browser is None and time.monotonic() < deadline:
            time.sleep(0.02)
        launched = pdf._browser
        assert launched is not None and launched.alive()
        pdf.prelaunch()  # running already: no second browser
        pdf.chromium_pdf(document, tmp_path / "ahead.pdf")
        assert pdf._browser is launched
        family = [launched.pid] + [p.pid for p in psutil.Process(launched.pid).children()]
    assert len(texts(tmp_path / "ahead.pdf")) == 2
    assert pdf._browser is None and gone(family) and descendants() == []
    assert not launched.profile.exists()


def test_a_session_that_ends_while_its_browser_launches_leaves_nothing() -> None:
    with pdf.browser_session():
        pdf.prelaunch()  # the session ends at once: close waits for the launch, then stops it
    deadline = time.monotonic() + 10
    while descendants() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert pdf._browser is None and descendants() == []


def test_a_launched_browser_keeps_no_page_open_between_prints(tmp_path: Path) -> None:
    """Chromium's start page is closed: an open page keeps its compositor drawing (CPU) while
    the browser waits for the next print; every print opens and closes its own page."""
    executable = pdf.find_chromium()
    browser = cdp.Browser.launch(executable, pdf.BROWSER_FLAGS)
    try:

        def pages() -> list[dict]:  # a page being closed may still be listed for a moment
            deadline = time.monotonic() + 5
            while True:
                infos = browser.call("Target.getTargets", deadline=time.monotonic() + 30)
                found = [t for t in infos["targetInfos"] if t.get("type") == "page"]
                if not found or time.monotonic() > deadline:
                    return found
                time.sleep(0.05)

        assert pages() == []
        browser.print_pdf(page(tmp_path, "one"), tmp_path / "one.pdf", 60)
        assert pages() == [] and len(texts(tmp_path / "one.pdf")) == 2
    finally:
        browser.close()
    assert descendants() == []
