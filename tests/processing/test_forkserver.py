"""The warm fork server behind the sandbox: fresh children, the same outcomes as a new Python
process, one server per reader, and no server outliving the process that started it."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archive.processing import Limits, sandbox
from tests.processing import test_sandbox as tasks

COUNTER = []  # module state: a child that finds it non-empty has seen another child's run


def count(path: str, limits: Limits) -> dict:
    COUNTER.append(path)
    return {"seen": len(COUNTER), "pid": os.getpid(), "parent": os.getppid()}


@sandbox.preloads("json")
def my_parent(path: str, limits: Limits) -> dict:
    return {"parent": os.getppid()}


@pytest.fixture(params=[True, False], ids=["fork-server", "new-interpreter"])
def mode(request, monkeypatch):
    monkeypatch.setattr(sandbox, "USE_FORK_SERVER", request.param)
    return request.param


@pytest.mark.parametrize(
    ("task", "failure"),
    [
        (tasks.segfault, "memory"),
        (tasks.allocate_too_much, "memory"),
        (tasks.flood, "output"),
        (tasks.explode, "error"),
    ],
)
def test_both_ways_of_starting_a_child_end_the_same(tmp_path, mode, task, failure):
    outcome = sandbox.run(task, tmp_path / "f.pdf", Limits(memory_bytes=256 << 20))
    assert outcome.failure == failure


def test_both_ways_enforce_the_time_limit(tmp_path, mode):
    started = time.monotonic()
    outcome = sandbox.run(tasks.hang_with_a_grandchild, tmp_path / "pid", Limits(seconds=1))
    assert outcome.failure == "timeout" and time.monotonic() - started < 5


def test_each_child_is_fresh_and_the_server_is_reused(tmp_path):
    first = sandbox.run(count, tmp_path / "a", Limits()).data
    second = sandbox.run(count, tmp_path / "b", Limits()).data
    assert first["seen"] == second["seen"] == 1  # nothing carried over from the first run
    assert first["pid"] != second["pid"]
    assert first["parent"] == second["parent"] != os.getpid()  # both forked by one server


def test_a_crash_does_not_take_the_server_down(tmp_path):
    before = sandbox.run(count, tmp_path / "a", Limits()).data["parent"]
    assert sandbox.run(tasks.segfault, tmp_path / "b", Limits()).failure == "memory"
    assert sandbox.run(count, tmp_path / "c", Limits()).data["parent"] == before


def test_a_forked_process_starts_its_own_server(tmp_path):
    ours = sandbox.run(my_parent, tmp_path / "a", Limits()).data["parent"]
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: it must not talk to its parent's server
        try:
            theirs = sandbox.run(my_parent, tmp_path / "b", Limits()).data.get("parent", 0)
            os.write(writer, str(theirs).encode())
        finally:
            os._exit(0)
    os.close(writer)
    theirs = int(os.read(reader, 100) or 0)
    os.waitpid(pid, 0)
    assert theirs and theirs != ours
    assert sandbox.run(my_parent, tmp_path / "c", Limits()).data["parent"] == ours


def test_a_server_stops_when_the_process_that_started_it_dies(tmp_path):
    script = (
        "import os, sys\n"
        "from archive.processing import Limits, sandbox\n"
        "from tests.processing.test_forkserver import my_parent\n"
        f"print(sandbox.run(my_parent, {str(tmp_path)!r}, Limits()).data['parent'], flush=True)\n"
        "os._exit(0)  # no clean-up: as if killed\n"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=60
    )
    server = int(done.stdout.strip())
    deadline = time.monotonic() + 10
    while Path(f"/proc/{server}").exists() and _state(server) != "Z":
        assert time.monotonic() < deadline, "the fork server outlived its parent"
        time.sleep(0.05)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"
