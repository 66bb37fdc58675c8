"""Running one reader in a child process that is killed at the time and memory limits."""

import json
import os
import signal
import subprocess
import sys
import tempfile
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

Task = Callable[[str, Limits], dict[str, Any]]


@dataclass
class Outcome:
    data: dict[str, Any] = field(default_factory=dict)  # what the task returned
    failure: str = ""  # "" or one of FAILURE_RANK
    detail: str = ""  # for "error": the exception, e.g. "PSEOF: Unexpected EOF"


def run(task: Task, path: str | os.PathLike[str], limits: Limits) -> Outcome:
    """Run task(path, limits) in a child; never raises for anything the child does."""
    with tempfile.TemporaryDirectory(prefix="archive-processing-") as tmp:
        out, err = Path(tmp, "out.json"), Path(tmp, "stderr")
        command = [
            sys.executable,
            "-m",
            "archive.processing.child",
            f"{task.__module__}:{task.__qualname__}",
            os.fspath(path),
            str(out),
            json.dumps(asdict(limits)),
        ]
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(
                p for p in (str(_ROOT), os.environ.get("PYTHONPATH", "")) if p
            ),
        }
        with err.open("wb") as stderr:
            # A new session, so a timeout kills the child and anything it started; limits
            # are set by the child itself because preexec_fn is unsafe in threaded parents.
            child = subprocess.Popen(
                command,
                cwd=tmp,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                start_new_session=True,
            )
            try:
                code = child.wait(timeout=limits.seconds)
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)
                child.wait()
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
