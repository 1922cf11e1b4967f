"""Fork-server kernels: one template process imports ipykernel, pandas, matplotlib, pyarrow and
the package once; every notebook's kernel is a fork of it, not a new interpreter.

A kernel started the usual way costs an interpreter start and ipykernel's imports (~0.7 s CPU)
and then the notebook's imports (~0.9 s), paid by every notebook. The template pays both once
per build (or per batch), without starting a thread, a kernel or a zmq context, and each kernel
then costs a fork plus ipykernel's own set-up.

- `Template.start(modules)` starts the template (`python -m strategic_ties.pipeline.forkserver`)
  on a listening Unix socket bound before it starts, so clients never wait for a file to appear.
- `ForkProvisioner` is a jupyter_client kernel provisioner: the kernel manager writes the
  connection file as usual and, instead of `Popen`, asks the template to fork a kernel with the
  same command line, environment, working directory and stdout/stderr (passed as file
  descriptors). If the template cannot be reached it falls back to `Popen`.
- One kernel per notebook, as before: the fork happens before ipykernel creates its shell, so the
  notebook's namespace is a fresh one; only `sys.modules` is warm.
- No process is left behind: each kernel is its own session (signals reach its group, as with
  `Popen(start_new_session=True)`); the template kills a kernel whose client connection closes
  (the client process died) and, on SIGTERM or when its parent dies, all its kernels.

The plain papermill CLI and Jupyter are not involved: they start kernels as before.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from typing import Any

LAUNCHER = ["-m", "ipykernel_launcher"]
# What every kernel imports at start (ipykernel, IPython) besides the notebooks' own modules.
KERNEL_MODULES = [
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "matplotlib_inline.backend_inline",
]
CONNECT_TIMEOUT = 120.0
# How long the template waits for a connected client's request (env: for the tests).
REQUEST_TIMEOUT = float(os.environ.get("STRATEGIC_TIES_TEMPLATE_REQUEST_TIMEOUT", "30"))
ENV = "STRATEGIC_TIES_FORK_KERNELS"  # "0": start every kernel with Popen


def enabled() -> bool:
    return os.environ.get(ENV, "1").strip() != "0" and sys.platform == "linux"


# ---- the client side: the template's handle and the provisioner ------------------------------


class Template:
    """A running template process and the abstract socket address its clients connect to."""

    def __init__(self, process: subprocess.Popen, address: str) -> None:
        self.process, self.address, self.owner = process, address, os.getpid()

    @classmethod
    def start(cls, modules: list[str]) -> Template:
        os.environ.setdefault("MPLBACKEND", "Agg")  # as the kernels get it (execute.py)
        address = f"\0strategic-ties-kernels-{os.getpid()}-{os.urandom(6).hex()}"
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(address)
        listener.listen(64)
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", "strategic_ties.pipeline.forkserver", str(os.getpid())],
                stdin=subprocess.PIPE,
                pass_fds=[listener.fileno()],
                env={**os.environ, "ST_TEMPLATE_FD": str(listener.fileno())},
                start_new_session=True,  # Ctrl-C reaches the build, which stops the template
            )
            assert process.stdin is not None
            process.stdin.write(json.dumps(modules).encode() + b"\n")
            process.stdin.close()
        finally:
            listener.close()
        return cls(process, address)

    def alive(self) -> bool:
        return self.process.poll() is None if self.owner == os.getpid() else True

    def stop(self) -> None:
        """Stop the template and its kernels (only the process that started it does this)."""
        if self.owner != os.getpid():
            return
        with contextlib.suppress(OSError):
            self.process.terminate()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Forked:
    """A forked kernel as the provisioner sees it: the `Popen` methods it uses."""

    stdin = stdout = stderr = None

    def __init__(self, conn: socket.socket, pid: int) -> None:
        self.conn, self.pid, self.returncode = conn, pid, None
        self.orphan = False

    def _read_status(self, timeout: float | None) -> int | None:
        """The exit code, as the template reports it; if the template is gone, once the process
        is (a kernel it killed may take a moment to die). None while it runs."""
        if self.returncode is not None:
            return self.returncode
        deadline = None if timeout is None else time.monotonic() + timeout
        if not self.orphan:
            ready, _, _ = select.select([self.conn], [], [], timeout)
            if not ready:
                return None
            data = b""
            with contextlib.suppress(OSError):
                data = self.conn.recv(64)
            self.conn.close()
            if data.startswith(b"exit "):
                self.returncode = int(data.split()[1])
                return self.returncode
            self.orphan = True  # the template is gone: ask the system
        while _pid_alive(self.pid):
            if deadline is not None and time.monotonic() >= deadline:
                return None
            time.sleep(0.05)
        self.returncode = -signal.SIGKILL
        return self.returncode

    def poll(self) -> int | None:
        return self._read_status(0)

    def wait(self, timeout: float | None = None) -> int:
        code = self._read_status(timeout)
        if code is None:
            raise subprocess.TimeoutExpired("kernel", timeout or 0)
        return code

    def send_signal(self, signum: int) -> None:
        if self.returncode is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def _pid_alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def fork_kernel(address: str, cmd: list[str], env: dict[str, str], cwd: str) -> Forked:
    """Ask the template at `address` for a kernel running `cmd`; OSError if it cannot."""
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.settimeout(CONNECT_TIMEOUT)  # the template may still be importing
        conn.connect(address)
        request = json.dumps({"argv": cmd[3:], "env": env, "cwd": cwd}).encode() + b"\n"
        socket.send_fds(conn, [request], [sys.stdout.fileno(), sys.stderr.fileno()])
        reply = b""
        while not reply.endswith(b"\n"):
            chunk = conn.recv(64)
            if not chunk:
                raise ConnectionError("the kernel template closed the connection")
            reply += chunk
        conn.settimeout(None)
        return Forked(conn, int(reply.split()[1]))
    except (OSError, ValueError, IndexError):
        conn.close()
        raise OSError("the kernel template did not start a kernel") from None


def forkable(cmd: list[str]) -> bool:
    """True for the python3 kernel's command with this interpreter (what the template runs)."""
    return (
        len(cmd) >= 3
        and cmd[1:3] == LAUNCHER
        and os.path.realpath(cmd[0]) == os.path.realpath(sys.executable)
    )


def provisioner_for(km: Any, address: str) -> Any:
    """A ForkProvisioner for the kernel manager `km` (set as `km.provisioner` before starting)."""
    import uuid

    from jupyter_client.provisioning.local_provisioner import LocalProvisioner

    class ForkProvisioner(LocalProvisioner):
        """Launch the kernel as a fork of the template; Popen when that is not possible."""

        async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
            cwd = str(kwargs.get("cwd") or os.getcwd())
            env = kwargs.get("env") or dict(os.environ)
            if forkable(cmd):
                try:
                    self.process = fork_kernel(address, cmd, env, cwd)
                except OSError:
                    self.process = None
                if self.process is not None:
                    self.pid = self.pgid = self.process.pid  # its own session (setsid)
                    self.cwd = cwd
                    return self.connection_info
            return await super().launch_kernel(cmd, **kwargs)

        async def kill(self, restart: bool = False) -> None:
            """SIGKILL, then wait for the template's word that the kernel is gone: the
            kernel manager then finds it dead at once instead of polling every 0.1 s."""
            await super().kill(restart=restart)
            if isinstance(self.process, Forked):
                with contextlib.suppress(subprocess.TimeoutExpired, OSError):
                    self.process.wait(2.0)

    km.kernel_id = km.kernel_id or str(uuid.uuid4())
    return ForkProvisioner(kernel_id=km.kernel_id, kernel_spec=km.kernel_spec, parent=km)


# ---- the template process ---------------------------------------------------------------------


def _preimport(modules: list[str]) -> None:
    import importlib

    for name in [*KERNEL_MODULES, *modules]:
        with contextlib.suppress(Exception):
            importlib.import_module(name)


def _child(conn: socket.socket, fds: list[int], request: dict[str, Any], keep: set[int]) -> None:
    """In the forked child: become the kernel the request describes. Never returns."""
    code = 1
    try:
        os.setsid()
        for sig in (signal.SIGCHLD, signal.SIGINT, signal.SIGTERM, signal.SIGPIPE):
            signal.signal(sig, signal.SIG_DFL)
        signal.set_wakeup_fd(-1)
        for fd in keep:  # the template's listener and other kernels' connections
            with contextlib.suppress(OSError):
                os.close(fd)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(fds[0], 1)
        os.dup2(fds[1], 2)
        for fd in (null, *fds):
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.path[0] = request["cwd"]  # as `python -m ipykernel_launcher` run in cwd has it
        sys.argv = ["ipykernel_launcher", *request["argv"]]

        def client_gone() -> None:  # the client died: so does this kernel (and its group)
            conn.settimeout(None)
            with contextlib.suppress(OSError):
                while conn.recv(64):
                    pass
            os.killpg(0, signal.SIGKILL)

        threading.Thread(target=client_gone, daemon=True).start()
        from ipykernel import kernelapp

        kernelapp.launch_new_instance()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def serve(listener: socket.socket, parent: int) -> None:
    """Accept kernel requests until SIGTERM or the parent's death; one fork per request."""
    kernels: dict[int, socket.socket] = {}  # pid -> its client's connection

    def stop(signum: int = signal.SIGTERM, frame: Any = None) -> None:
        for pid in kernels:
            _kill(pid)
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        stop()
    wake_r, wake_w = socket.socketpair()
    wake_r.setblocking(False)
    wake_w.setblocking(False)
    signal.signal(signal.SIGCHLD, lambda signum, frame: None)
    signal.set_wakeup_fd(wake_w.fileno())
    while True:
        watched = [listener, wake_r, *kernels.values()]
        try:
            ready, _, _ = select.select(watched, [], [], 1.0)
        except InterruptedError:
            ready = []
        if os.getppid() != parent:
            stop()
        for item in ready:
            if item is wake_r:
                with contextlib.suppress(OSError):
                    wake_r.recv(4096)
            elif item is listener:
                _accept(listener, kernels, {listener.fileno(), wake_r.fileno(), wake_w.fileno()})
            else:  # a client connection: readable only at EOF (its process died or stopped it)
                _kill(next(p for p, c in kernels.items() if c is item))
        _reap(kernels)


def _kill(pid: int) -> None:
    """SIGKILL a kernel and its process group (a kernel just forked may not have one yet)."""
    for kill in (os.killpg, os.kill):
        with contextlib.suppress(OSError):
            kill(pid, signal.SIGKILL)


def _accept(listener: socket.socket, kernels: dict[int, socket.socket], own: set[int]) -> None:
    conn, _ = listener.accept()
    fds: list[int] = []
    try:
        conn.settimeout(REQUEST_TIMEOUT)
        data, fds, _, _ = socket.recv_fds(conn, 1 << 20, 2)
        while not data.endswith(b"\n"):
            more = conn.recv(1 << 20)
            if not more:
                raise ConnectionError
            data += more
        request = json.loads(data)
        if len(fds) != 2:
            raise ValueError("two descriptors expected")
    except (OSError, ValueError):
        for fd in fds:
            os.close(fd)
        conn.close()
        return
    conn.settimeout(None)  # blocking again: the kernel's watcher waits on it for its lifetime
    keep = own | {c.fileno() for c in kernels.values()}
    # SIGTERM waits until the new kernel is registered, so that stopping the template stops it
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    pid = os.fork()
    if pid == 0:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
        _child(conn, fds, request, keep)
    kernels[pid] = conn
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    for fd in fds:
        os.close(fd)
    try:
        conn.sendall(f"pid {pid}\n".encode())
    except OSError:  # the client is gone already
        _kill(pid)


def _reap(kernels: dict[int, socket.socket]) -> None:
    while kernels:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        conn = kernels.pop(pid, None)
        if conn is not None:
            with contextlib.suppress(OSError):
                conn.sendall(f"exit {os.waitstatus_to_exitcode(status)}\n".encode())
            conn.close()


def main() -> None:
    listener = socket.socket(fileno=int(os.environ.pop("ST_TEMPLATE_FD")))
    parent = int(sys.argv[1])
    modules = json.loads(sys.stdin.readline() or "[]")
    _preimport([m for m in modules if isinstance(m, str)])
    serve(listener, parent)


if __name__ == "__main__":
    main()
