"""The parent survives whatever a child does: the tasks below run in real child processes."""

import ctypes
import os
import subprocess
import time
from pathlib import Path

import pytest

from archive.processing import Limits, sandbox


def segfault(path: str, limits: Limits) -> dict:
    return {"never": ctypes.string_at(0)}


def abort(path: str, limits: Limits) -> dict:
    os.abort()


def allocate_too_much(path: str, limits: Limits) -> dict:
    return {"size": len(bytearray(limits.memory_bytes))}


def hang_with_a_grandchild(path: str, limits: Limits) -> dict:
    Path(path).write_text(str(subprocess.Popen(["sleep", "60"]).pid))
    time.sleep(60)
    return {}


def flood(path: str, limits: Limits) -> dict:
    return {"text": "x" * sandbox.MAX_OUTPUT_BYTES}


def explode(path: str, limits: Limits) -> dict:
    raise ValueError(f"bad byte in {path}")


def echo(path: str, limits: Limits) -> dict:
    return {"path": path, "pages": limits.max_pages}


@pytest.mark.parametrize(
    ("task", "failure"),
    [(segfault, "memory"), (abort, "memory"), (allocate_too_much, "memory"), (flood, "output")],
)
def test_crashes_become_outcomes(tmp_path: Path, task: sandbox.Task, failure: str) -> None:
    assert sandbox.run(task, tmp_path, Limits(memory_bytes=256 << 20)).failure == failure


def test_timeout_kills_the_child_and_what_it_started(tmp_path: Path) -> None:
    pid_file = tmp_path / "grandchild"
    started = time.monotonic()
    assert sandbox.run(hang_with_a_grandchild, pid_file, Limits(seconds=1)).failure == "timeout"
    assert time.monotonic() - started < 5
    stat = Path(f"/proc/{pid_file.read_text()}/stat")

    def dead() -> bool:  # gone, or a zombie where no init process reaps orphans (containers)
        try:
            return stat.read_text().split()[2] == "Z"
        except FileNotFoundError:
            return True

    # SIGKILL is sent to the whole group at once, but a grandchild dies on its own time: it
    # was seen still running ("R") just after, 1 run in 3 on a busy machine.
    deadline = time.monotonic() + 2
    while not dead() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert dead(), stat.read_text()


def test_exception_becomes_a_detail_without_the_storage_path(tmp_path: Path) -> None:
    outcome = sandbox.run(explode, tmp_path / "original.pdf", Limits())
    assert (outcome.failure, outcome.detail) == ("error", "ValueError: bad byte in the file")


def test_result_and_limits_travel(tmp_path: Path) -> None:
    outcome = sandbox.run(echo, tmp_path, Limits(max_pages=7))
    assert outcome == sandbox.Outcome(data={"path": str(tmp_path), "pages": 7})
