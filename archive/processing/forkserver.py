"""A warm fork server: a process that has imported one reader forks a fresh child for each run.

    python -m archive.processing.forkserver MODULE:FUNCTION

Starting Python and importing pdfminer.six (or pypdfium2 and Pillow) takes about 0.2 s, and a
PDF is read by two children: for a short PDF that is more than the reading. A server pays it
once per reader and worker; each run is then a fork of it, a new process that has never seen
another file, in its own session, with the same limits (set by `archive.processing.child`),
working folder and stderr file as a child started from scratch. A server imports what its reader
would import anyway (the task module and its `preload` list) and nothing more, so a child's
address space, which the memory limit caps, is what it was with a fresh interpreter. The server
opens no file it is asked to read, and enforces the wall-time limit itself, so a child cannot
outlive it even if the worker dies.

Protocol, one JSON line each way over the server's stdin and stdout, one run at a time:
    ready  {"ready": true}                       once the reader is imported
    asks   {"argv": [task, path, out, limits, options], "cwd": ..., "stderr": ..., "seconds": ...}
    says   {"pid": N}, then {"code": C, "timeout": T}   C as subprocess's returncode
When its stdin closes (the worker exited or gave up on it) the server kills any child and exits.
"""

import gc
import importlib
import json
import os
import select
import signal
import sys
import time
import traceback

REQUESTS, REPLIES = 0, 1  # the server's stdin and stdout


def main(task_name: str) -> None:
    # Ctrl+C in a terminal reaches the whole process group; the worker decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    importlib.import_module("archive.processing.child")
    module, _, name = task_name.partition(":")
    task = getattr(importlib.import_module(module), name)
    for preload in getattr(task, "preload", ()):
        importlib.import_module(preload)
    gc.collect()
    gc.freeze()  # keep the preloaded objects' pages shared with the children
    _reply({"ready": True})
    buffer = b""
    while True:
        while b"\n" not in buffer:
            chunk = os.read(REQUESTS, 65536)
            if not chunk:
                return  # the parent has gone
            buffer += chunk
        line, _, buffer = buffer.partition(b"\n")
        request = json.loads(line)
        if request["argv"][0] != task_name:
            raise ValueError(f"this server runs {task_name}, not {request['argv'][0]}")
        pid = os.fork()
        if pid == 0:
            _child(request)  # never returns
        _reply({"pid": pid})
        code, timed_out = _wait(pid, request["seconds"])
        _reply({"code": code, "timeout": timed_out})


def _reply(message: dict) -> None:
    os.write(REPLIES, json.dumps(message).encode() + b"\n")


def _wait(pid: int, seconds: float) -> tuple[int, bool]:
    """Wait for the child up to the time limit; kill it (and what it started) after that."""
    deadline = time.monotonic() + seconds
    pidfd = os.pidfd_open(pid)
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                _kill(pid)
                os.waitpid(pid, 0)
                return -signal.SIGKILL, True
            ready, _, _ = select.select([pidfd, REQUESTS], [], [], remaining)
            if pidfd in ready:
                break
            if REQUESTS in ready and not os.read(REQUESTS, 1):  # the parent has gone
                _kill(pid)
                os.waitpid(pid, 0)
                sys.exit(0)
    finally:
        os.close(pidfd)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), False


def _kill(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)  # the child leads its own session and process group
    except ProcessLookupError:  # killed before it called setsid()
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _child(request: dict) -> None:
    """In the forked child: become what `python -m archive.processing.child ...` would be."""
    code = 1
    try:
        os.setsid()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        devnull = os.open(os.devnull, os.O_RDWR)
        stderr = os.open(request["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        # Replacing stdin and stdout also lets go of the server's pipes to its parent.
        os.dup2(devnull, 0)
        os.dup2(devnull, 1)
        os.dup2(stderr, 2)
        os.close(devnull)
        os.close(stderr)
        os.chdir(request["cwd"])
        child = sys.modules["archive.processing.child"]
        child.main(*request["argv"])
        code = 0
    except SystemExit as exc:
        code = 0 if exc.code is None else exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        traceback.print_exc()
    finally:
        try:
            sys.stderr.flush()
        finally:
            os._exit(code)


if __name__ == "__main__":
    main(sys.argv[1])
