"""The test database in a file that other threads and processes can open: SQLite's in-memory
test database lives in one connection of this process (see `shared_db` in tests/conftest.py)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest

from django.core.management import call_command
from django.db import connection


class SharedDatabase:
    """Copies of the in-memory test database in files, one at a time (see `shared_db`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.copies = 0
        connection.ensure_connection()
        self.in_memory = connection.connection
        self.name = connection.settings_dict["NAME"]
        self.path: Path | None = None

    def fresh(self) -> Path:
        """Point the connection at a new copy of the test database as it was at the start."""
        connection.close()  # the previous copy's connection, if any
        self.copies += 1
        self.path = self.folder / f"shared-{self.copies}.sqlite3"
        copy = sqlite3.connect(self.path)
        with copy:
            self.in_memory.backup(copy)
        copy.close()
        # The in-memory one is set aside, not closed: closing its last connection would drop it.
        connection.connection = None
        connection.settings_dict["NAME"] = str(self.path)
        return self.path

    def restore(self) -> None:
        connection.close()
        connection.settings_dict["NAME"] = self.name
        connection.connection = self.in_memory


@pytest.fixture
def shared_db(transactional_db, tmp_path):
    """A test database that processes forked from this one (import workers) can use.

    SQLite's in-memory test database lives in this process only, so the worker processes that
    `import_evidence --workers N` forks could not see it (the command would read files in this
    process instead). For the test, this fixture copies it to a file (SQLite's backup API, as
    Django's parallel test runner does) and points the connection at the copy; `fresh()` starts
    over on a new copy; afterwards the connection points back, and the copies go with tmp_path.
    (It asks for `transactional_db`, so that pytest-django sets the test database up and runs
    the test outside a transaction.) A server database (PostgreSQL) is shared already: there
    the test simply runs as a transactional one, and `fresh()` flushes it.
    """
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield SimpleNamespace(fresh=lambda: call_command("flush", "--noinput", verbosity=0))
        return
    shared = SharedDatabase(tmp_path)
    shared.fresh()
    try:
        yield shared
    finally:
        shared.restore()
