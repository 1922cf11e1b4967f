"""One headless Chromium driven over the DevTools protocol on a pipe: many prints, one browser.

`Browser.launch` starts Chromium with `--remote-debugging-pipe`: it reads commands on its fd 3
and writes replies and events on its fd 4, each message one JSON object ending in a NUL byte.
`Browser.print_pdf` prints one HTML file in a fresh browser context (its own cookies, storage
and cache) and a fresh page, then disposes of both: documents never see each other.

Leaving no process behind:
- `close()` closes the command pipe (Chromium quits on its own at end of input), waits, then
  kills what is left of its process tree, and removes the temporary profile.
- If this process dies in any way, the kernel closes the pipe and Chromium quits the same way.
- A forked child drops its copies of the pipe (`forget()`), so the parent's Chromium still sees
  end of input when the parent goes, and never gets commands from two processes.

Chromium is started with `os.posix_spawn` (no Python code between fork and exec, safe with
threads), its pipes mapped onto fds 3 and 4 and its stderr to a file in the profile.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import signal
import tempfile
import time
from pathlib import Path
from typing import Any

# Same page as `chromium --print-to-pdf`: A4 and margins from the document's CSS @page rule,
# backgrounds printed, no header or footer from Chromium (the house CSS has its own).
PDF_OPTIONS = {"printBackground": True, "preferCSSPageSize": True, "displayHeaderFooter": False}


class BrowserError(Exception):
    """Chromium failed, quit or did not answer in time (the message is one sentence)."""


def _high(fd: int) -> int:
    """`fd` moved to a number >= 10 (close-on-exec), so mapping it onto 3 or 4 never clobbers."""
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return moved


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        with contextlib.suppress(ValueError):
            return f"killed by {signal.Signals(number).name}"
        return f"killed by signal {number}"
    return f"exit code {os.WEXITSTATUS(status)}"


def _running(processes: list[Any]) -> list[Any]:
    """The psutil processes that still run (a zombie has stopped: only its reaper is missing)."""
    import psutil

    alive = []
    for process in processes:
        with contextlib.suppress(psutil.Error):
            if process.status() != psutil.STATUS_ZOMBIE:
                alive.append(process)
    return alive


class Browser:
    """A running headless Chromium and the two ends of its DevTools pipe."""

    def __init__(self, pid: int, commands: int, replies: int, profile: Path) -> None:
        self.pid, self.owner = pid, os.getpid()
        self._commands, self._replies, self.profile = commands, replies, profile
        self._buffer = bytearray()
        self._scanned = 0
        self._next_id = 0
        self._events: list[dict[str, Any]] = []
        self.status: int | None = None  # wait status once reaped
        self.doing = "starting"  # for the message should it stop
        self._poll = select.poll()  # not select(): fds above 1023 are fine
        self._poll.register(replies, select.POLLIN)

    # ---- start and stop ----------------------------------------------------------------------

    @classmethod
    def launch(cls, executable: str, flags: tuple[str, ...] | list[str]) -> Browser:
        """Start Chromium; BrowserError if it cannot start or does not answer within 60 s."""
        profile = Path(tempfile.mkdtemp(prefix="st-chromium-"))
        to_read, to_write = os.pipe()
        from_read, from_write = os.pipe()
        to_read, from_write = _high(to_read), _high(from_write)
        stderr = _high(os.open(profile / "stderr.log", os.O_WRONLY | os.O_CREAT, 0o600))
        argv = [
            executable,
            *flags,
            f"--user-data-dir={profile}",
            "--remote-debugging-pipe",
        ]
        try:
            pid = os.posix_spawn(
                executable,
                argv,
                {**os.environ, "HOME": str(profile)},
                file_actions=[
                    (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                    (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
                    (os.POSIX_SPAWN_DUP2, stderr, 2),
                    (os.POSIX_SPAWN_DUP2, to_read, 3),
                    (os.POSIX_SPAWN_DUP2, from_write, 4),
                ],
            )
        except OSError as exc:
            for fd in (to_write, from_read):
                os.close(fd)
            shutil.rmtree(profile, ignore_errors=True)
            raise BrowserError(f"Chromium could not be started ({exc.strerror or exc})") from None
        finally:
            for fd in (to_read, from_write, stderr):
                os.close(fd)
        browser = cls(pid, to_write, from_read, profile)
        try:
            deadline = time.monotonic() + 60
            browser.call("Browser.getVersion", deadline=deadline)
            browser._close_start_page(deadline)
        except TimeoutError:
            browser.close(now=True)
            raise BrowserError("Chromium did not start within 60 s") from None
        except BaseException:
            browser.close(now=True)
            raise
        browser.doing = "idle"
        return browser

    def _close_start_page(self, deadline: float) -> None:
        """Close any page Chromium opened at start (it is started without a URL, so the headless
        shell opens none): a visible page keeps the compositor drawing frames, ~0.04 s of CPU
        per second while the browser waits between prints (each print opens a background page)."""
        for target in self.call("Target.getTargets", deadline=deadline)["targetInfos"]:
            if target.get("type") == "page":
                self.call("Target.closeTarget", {"targetId": target["targetId"]}, deadline=deadline)

    def alive(self) -> bool:
        """True while Chromium runs (reaps it once it has quit)."""
        if self.status is not None:
            return False
        try:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:
            self.status = 0
            return False
        if pid:
            self.status = status
        return self.status is None

    def forget(self) -> None:
        """In a forked child: drop this process's copies of the pipe; Chromium is the parent's."""
        for fd in (self._commands, self._replies):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._commands = self._replies = -1
        self.status = 0

    def close(self, grace: float = 5.0, *, now: bool = False) -> None:
        """Stop Chromium and everything it started, remove its profile; never raises. `now`:
        kill at once (after a timeout: its state is unknown), else let it quit by itself."""
        if self.owner != os.getpid():
            self.forget()
            return
        import psutil

        try:  # before it goes: its children would be re-parented out of reach
            family = psutil.Process(self.pid).children(recursive=True)
        except psutil.Error:
            family = []
        if now:
            for process in family:
                with contextlib.suppress(psutil.Error):
                    process.kill()
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
        for fd in (self._commands, self._replies):  # end of input: Chromium quits by itself
            with contextlib.suppress(OSError):
                os.close(fd)
        self._commands = self._replies = -1
        deadline = time.monotonic() + grace
        while self.alive() and time.monotonic() < deadline:
            time.sleep(0.02)
        if self.alive():
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                _, self.status = os.waitpid(self.pid, 0)
        for process in _running(family):  # renderers and helpers normally go with it
            with contextlib.suppress(psutil.Error):
                process.kill()
        while _running(family) and time.monotonic() < deadline + grace:
            time.sleep(0.02)
        shutil.rmtree(self.profile, ignore_errors=True)

    def gone(self) -> BrowserError:
        """The error for a Chromium that quit (while `self.doing`)."""
        deadline = time.monotonic() + 2.0
        while self.alive() and time.monotonic() < deadline:
            time.sleep(0.02)
        how = _describe(self.status) if self.status is not None else "pipe closed"
        if self.doing == "starting":  # say why, in Chromium's words
            with contextlib.suppress(OSError):
                lines = (self.profile / "stderr.log").read_text(errors="replace").splitlines()
                errors = [line for line in lines if "ERROR" in line]
                if errors:
                    how += f": {errors[-1].split('] ', 1)[-1].strip()[:200]}"
        return BrowserError(f"Chromium stopped while {self.doing} ({how})")

    # ---- messages ----------------------------------------------------------------------------

    def _send(self, message: dict[str, Any]) -> None:
        data = memoryview(json.dumps(message).encode() + b"\0")
        try:
            while data:
                data = data[os.write(self._commands, data) :]
        except OSError:  # BrokenPipeError, or closed after a fork
            raise self.gone() from None

    def _receive(self, deadline: float) -> dict[str, Any]:
        while True:
            end = self._buffer.find(b"\0", self._scanned)
            if end >= 0:
                raw = bytes(self._buffer[:end])
                del self._buffer[: end + 1]
                self._scanned = 0
                return json.loads(raw)
            self._scanned = len(self._buffer)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(self.doing)
            if not self._poll.poll(remaining * 1000):
                continue
            try:
                chunk = os.read(self._replies, 1 << 20)
            except OSError:
                chunk = b""
            if not chunk:
                raise self.gone()
            self._buffer += chunk

    def call(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        session: str | None = None,
        *,
        deadline: float,
    ) -> dict[str, Any]:
        """Send one command and return its result; events meanwhile are kept for `wait_for`."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self._send(message)
        while True:
            reply = self._receive(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    error = reply["error"]
                    raise BrowserError(f"{method} failed: {error.get('message', error)}")
                return reply.get("result", {})
            self._check_crash(reply, session)
            self._events.append(reply)

    def wait_for(self, event: str, session: str, *, deadline: float) -> dict[str, Any]:
        """The next `event` of `session` (perhaps one that came during an earlier call)."""
        for index, message in enumerate(self._events):
            if message.get("method") == event and message.get("sessionId") == session:
                return self._events.pop(index)
        while True:
            message = self._receive(deadline)
            self._check_crash(message, session)
            if message.get("method") == event and message.get("sessionId") == session:
                return message
            self._events.append(message)

    def _check_crash(self, message: dict[str, Any], session: str | None) -> None:
        crashed = message.get("method") == "Inspector.targetCrashed"
        if crashed and session and message.get("sessionId") == session:
            raise BrowserError(f"Chromium's page crashed while {self.doing}")

    # ---- printing ----------------------------------------------------------------------------

    def print_pdf(
        self, html_path: Path, pdf_path: Path, timeout: float, options: dict[str, Any] | None = None
    ) -> None:
        """Print `html_path` to `pdf_path` in a fresh context and page (BrowserError, or
        TimeoutError after `timeout` seconds: then the browser's state is unknown). `options`:
        `Page.printToPDF` parameters over PDF_OPTIONS."""
        deadline = time.monotonic() + timeout
        self.doing = f"printing {html_path.name}"
        self._events.clear()
        healthy = False
        context = self.call("Target.createBrowserContext", deadline=deadline)["browserContextId"]
        try:
            target = self.call(
                "Target.createTarget",
                # a background page: never shown, so Chromium composites no frames for it
                {"url": "about:blank", "browserContextId": context, "background": True},
                deadline=deadline,
            )["targetId"]
            session = self.call(
                "Target.attachToTarget", {"targetId": target, "flatten": True}, deadline=deadline
            )["sessionId"]
            self.call("Page.enable", session=session, deadline=deadline)
            url = html_path.resolve().as_uri()
            loaded = self.call("Page.navigate", {"url": url}, session, deadline=deadline)
            if loaded.get("errorText"):
                raise BrowserError(f"Chromium could not open {url} ({loaded['errorText']})")
            self.wait_for("Page.loadEventFired", session, deadline=deadline)
            result = self.call(
                "Page.printToPDF", {**PDF_OPTIONS, **(options or {})}, session, deadline=deadline
            )
            pdf_path.write_bytes(base64.b64decode(result["data"]))
            self.call("Target.closeTarget", {"targetId": target}, deadline=deadline)
            healthy = True
        except BrowserError:
            healthy = self.alive()  # e.g. a page that cannot be opened: the browser is fine
            raise
        finally:
            if healthy:
                with contextlib.suppress(BrowserError, TimeoutError):
                    self.call(
                        "Target.disposeBrowserContext",
                        {"browserContextId": context},
                        deadline=max(deadline, time.monotonic() + 5),
                    )
            self._events.clear()
            self.doing = "idle"
