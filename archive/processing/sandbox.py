"""Running one reader in a child process that is killed at the time and memory limits.

Children are forked from a warm fork server (archive/processing/forkserver.py) that has imported
the readers once; where there is none (not Linux, or it failed to start) each child is a new
Python process. Either way the child sets its own limits (archive/processing/child.py).
"""

import atexit
import contextlib
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from archive.processing.limits import Limits, describe_bytes

MEMORY_EXIT = 86  # the child's exit code when Python ran out of memory
OUTPUT_EXIT = 87  # ... and when its result would exceed MAX_OUTPUT_BYTES
MAX_OUTPUT_BYTES = 64 << 20  # so a hostile file cannot fill the disk or the parent's memory
_ROOT = Path(__file__).resolve().parents[2]  # the folder that holds the 'archive' package
# How the child ended, most telling first: a file that is too big or too slow for one
# reader usually breaks the other one too, and the limit is the clearer thing to report.
FAILURE_RANK = ("timeout", "memory", "output", "error")

Task = Callable[..., dict[str, Any]]  # (path, limits, **options) -> a JSON-able result


@dataclass
class Outcome:
    data: dict[str, Any] = field(default_factory=dict)  # what the task returned
    failure: str = ""  # "" or one of FAILURE_RANK
    detail: str = ""  # for "error": the exception, e.g. "PSEOF: Unexpected EOF"


def run(
    task: Task, path: str | os.PathLike[str], limits: Limits, *, options: dict | None = None
) -> Outcome:
    """Run task(path, limits, **options) in a child; never raises for anything the child does.
    Options are what one run asks beyond the limits (which pages to render), as JSON."""
    with tempfile.TemporaryDirectory(prefix="archive-processing-") as tmp:
        out, err = Path(tmp, "out.json"), Path(tmp, "stderr")
        err.touch()
        argv = [
            f"{task.__module__}:{task.__qualname__}",
            os.fspath(path),
            str(out),
            json.dumps(asdict(limits)),
            json.dumps(options or {}),
        ]
        ended = _fork_server_run(argv, tmp, err, limits.seconds) if USE_FORK_SERVER else None
        code, timed_out = ended or _new_interpreter_run(argv, tmp, err, limits.seconds)
        if timed_out:
            return Outcome(failure="timeout")
        if code == 0:
            try:
                return _read_result(out)
            except ValueError:  # no or truncated JSON: treat like any other crash
                pass
        if code == -signal.SIGXCPU:
            return Outcome(failure="timeout")
        if code == MEMORY_EXIT or code < 0:  # pdfium aborts when an allocation fails
            return Outcome(failure="memory")
        if code == OUTPUT_EXIT:
            return Outcome(failure="output")
        return Outcome(failure="error", detail=_last_line(err) or f"exit code {code}")


def _child_env() -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(
            p for p in (str(_ROOT), os.environ.get("PYTHONPATH", "")) if p
        ),
    }


def _new_interpreter_run(argv: list[str], cwd: str, err: Path, seconds: float) -> tuple[int, bool]:
    """The child as a new Python process: (exit code, whether the time limit killed it)."""
    with err.open("wb") as stderr:
        # A new session, so a timeout kills the child and anything it started; limits
        # are set by the child itself because preexec_fn is unsafe in threaded parents.
        child = subprocess.Popen(
            [sys.executable, "-m", "archive.processing.child", *argv],
            cwd=cwd,
            env=_child_env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,
        )
        try:
            return child.wait(timeout=seconds), False
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
            return child.returncode, True


# --- The warm fork server (archive/processing/forkserver.py) ------------------------------------

# Linux: the server waits on its child through a pidfd. Elsewhere each child starts Python anew.
USE_FORK_SERVER = hasattr(os, "pidfd_open") and hasattr(os, "fork")
SERVER_START_SECONDS = 60.0  # to start Python and import the readers, on a very busy machine
SERVER_GRACE_SECONDS = 30.0  # past a run's own time limit, before the server counts as stuck


class ForkServerGone(Exception):
    """The server died or stopped answering; the run is repeated in a new interpreter."""


def preloads(*modules: str) -> Callable[[Task], Task]:
    """Mark a task with the modules it imports when it runs, for its fork server to import."""

    def mark(task: Task) -> Task:
        task.preload = modules  # type: ignore[attr-defined]
        return task

    return mark


class _ForkServer:
    """A fork server for one task, owned by one thread of one process (runs go one at a time)."""

    def __init__(self, task_name: str) -> None:
        self.owner = os.getpid()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "archive.processing.forkserver", task_name],
            cwd=_ROOT,
            env=_child_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self._buffer = b""
        try:
            if self._read(SERVER_START_SECONDS) != {"ready": True}:
                raise ForkServerGone("the fork server did not start")
        except BaseException:
            self.close()
            raise

    def usable(self) -> bool:
        return self.owner == os.getpid() and self.process.poll() is None

    def run(self, argv: list[str], cwd: str, err: Path, seconds: float) -> tuple[int, bool]:
        request = {"argv": argv, "cwd": cwd, "stderr": str(err), "seconds": seconds}
        try:
            self.process.stdin.write(json.dumps(request).encode() + b"\n")
            self.process.stdin.flush()
        except OSError as exc:
            raise ForkServerGone("the fork server has gone") from exc
        pid = self._read(SERVER_GRACE_SECONDS)["pid"]
        try:
            ended = self._read(seconds + SERVER_GRACE_SECONDS)
        except TimeoutError:  # the server is stuck; its child has not been reaped, so kill both
            os.killpg(pid, signal.SIGKILL)
            self.close()
            return -signal.SIGKILL, True
        return ended["code"], ended["timeout"]

    def _read(self, timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        fd = self.process.stdout.fileno()
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                raise TimeoutError
            chunk = os.read(fd, 65536)
            if not chunk:
                raise ForkServerGone("the fork server has gone")
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return json.loads(line)

    def close(self) -> None:
        """Closing its stdin tells the server to exit (killing any child it is waiting on)."""
        with contextlib.suppress(OSError):
            self.process.stdin.close()
        try:
            self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        with contextlib.suppress(OSError):
            self.process.stdout.close()

    def abandon(self) -> None:
        """In a forked copy of the owner: let go of the pipes, leave the server to its owner."""
        for pipe in (self.process.stdin, self.process.stdout):
            with contextlib.suppress(OSError):
                pipe.close()
        self.process.returncode = 0  # not ours to wait for


_local = threading.local()  # .servers: task name -> this thread's server for it
_servers: list[_ForkServer] = []  # every server this process started
_servers_lock = threading.Lock()
_failed_tasks: set[str] = set()  # tasks whose server could not start here: stop trying


def _fork_server_run(
    argv: list[str], cwd: str, err: Path, seconds: float
) -> tuple[int, bool] | None:
    """Run the child through this thread's fork server; None if there is no working server."""
    task_name = argv[0]
    if not hasattr(_local, "servers"):
        _local.servers = {}
    server: _ForkServer | None = _local.servers.get(task_name)
    if server is None or not server.usable():
        if server is not None:
            _discard(server)
        if task_name in _failed_tasks:
            return None
        try:
            server = _ForkServer(task_name)
        except (OSError, TimeoutError, ValueError, ForkServerGone):
            _failed_tasks.add(task_name)
            return None
        _local.servers[task_name] = server
        with _servers_lock:
            _servers.append(server)
    try:
        return server.run(argv, cwd, err, seconds)
    except (OSError, TimeoutError, ValueError, KeyError, ForkServerGone):
        _discard(server)
        return None


def _discard(server: _ForkServer) -> None:
    server.close()
    with _servers_lock:
        if server in _servers:
            _servers.remove(server)
    servers = getattr(_local, "servers", {})
    for name in [n for n, s in servers.items() if s is server]:
        del servers[name]


def fork_servers_close() -> None:
    """Stop this process's fork servers (they also stop by themselves when it exits)."""
    with _servers_lock:
        mine = [s for s in _servers if s.owner == os.getpid()]
    for server in mine:
        _discard(server)


def _forget_fork_servers() -> None:
    """After a fork, in the child: the parent's servers are the parent's."""
    global _local, _servers_lock
    for server in _servers:
        server.abandon()
    _servers.clear()
    _failed_tasks.clear()
    _servers_lock = threading.Lock()
    _local = threading.local()


os.register_at_fork(after_in_child=_forget_fork_servers)
atexit.register(fork_servers_close)


def _read_result(out: Path) -> Outcome:
    result = json.loads(out.read_text(encoding="utf-8"))
    if "exception" in result:
        return Outcome(failure="error", detail=result["exception"])
    return Outcome(data=result)


def _last_line(err: Path) -> str:
    with err.open("rb") as f:
        f.seek(max(0, err.stat().st_size - 2000))
        lines = f.read().decode("utf-8", "replace").strip().splitlines()
    return lines[-1][:300] if lines else ""


def failure_message(outcome: Outcome, limits: Limits, damaged: str) -> str:
    """One sentence for a researcher; damaged is e.g. 'The PDF is damaged and could not be read'."""
    if outcome.failure == "timeout":
        return f"Reading the file took longer than {limits.seconds:g} s and was stopped."
    if outcome.failure == "memory":
        return (
            f"Reading the file needed more than {describe_bytes(limits.memory_bytes)} of memory"
            " and was stopped (the file may be a decompression bomb)."
        )
    if outcome.failure == "output":
        return (
            f"Reading the file produced more than {describe_bytes(MAX_OUTPUT_BYTES)} of"
            " text and was stopped."
        )
    return f"{damaged} ({outcome.detail.rstrip('.')})."


def failure_reason(outcome: Outcome) -> str:
    """A short clause for warnings: 'it took too long', 'PSEOF: Unexpected EOF'."""
    return {
        "timeout": "it took too long",
        "memory": "it needed too much memory",
        "output": "it produced too much text",
    }.get(outcome.failure, outcome.detail)
