"""A second, real archive instance for tests that cross processes: its own SQLite file and
media folder, driven through manage.py in subprocesses (workers, restore) and read back with
sqlite3 or through its own ORM.

The in-process test database is SQLite in memory, which no other process can open, so tests
that kill a worker or restore into an empty instance use one of these instead.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.object_storage import flip_byte_in_bucket, names_in_bucket, with_prefix

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = "tests.instance_settings"


class Instance:
    def __init__(self, folder: Path, *, env: dict[str, str] | None = None):
        self.folder = folder
        self.db = folder / "db.sqlite3"
        self.media = folder / "media"
        self.media.mkdir(parents=True, exist_ok=True)
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            "DATABASE_URL": f"sqlite:///{self.db}",
            "MEDIA_ROOT": str(self.media),
            "ELASTICSEARCH_URL": "",
            "PYTHONPATH": str(ROOT),
            **_own_storage(),
            **(env or {}),
        }
        self.storage_url = self.env.get("STORAGE_URL", "")

    def stored_names(self) -> list[str]:
        """Every file in this instance's storage (its media folder, or its bucket prefix)."""
        if self.storage_url.startswith("s3://"):
            return names_in_bucket(self.storage_url)
        return [str(p.relative_to(self.media)) for p in self.media.rglob("*") if p.is_file()]

    def flip_stored_byte(self, name: str) -> None:
        """Damage one of its stored files behind its back (the disk, or the bucket)."""
        if self.storage_url.startswith("s3://"):
            flip_byte_in_bucket(self.storage_url, name)
        else:
            from tests.factories import flip_one_byte  # needs Django set up; this module doesn't

            flip_one_byte(self.media / name)

    def command(self, *args: str) -> list[str]:
        return [sys.executable, str(ROOT / "manage.py"), *args]

    def manage(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        """Run a management command to the end; fail the test (with its output) if it fails."""
        done = self.run(*args, timeout=timeout)
        assert done.returncode == 0, f"manage.py {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
        return done

    def run(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        return subprocess.run(
            self.command(*args),
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def start(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen(
            self.command(*args),
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def python(self, code: str, timeout: float = 300):
        """Run code with Django set up in this instance; returns what it prints, as JSON."""
        done = subprocess.run(
            [sys.executable, "-c", f"import django\ndjango.setup()\n{code}"],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert done.returncode == 0, f"{code}\n{done.stdout}\n{done.stderr}"
        return json.loads(done.stdout.strip().splitlines()[-1])

    def sql(self, query: str, params: tuple = ()) -> list[tuple]:
        with sqlite3.connect(self.db, timeout=20) as connection:
            return connection.execute(query, params).fetchall()

    def execute(self, statement: str, params: tuple = ()) -> None:
        connection = sqlite3.connect(self.db, timeout=20)
        try:
            with connection:
                connection.execute(statement, params)
        finally:
            connection.close()


def _own_storage() -> dict[str, str]:
    """On a run with object storage (make test-postgres), a bucket prefix of the instance's own, as
    its media folder is its own; otherwise nothing (MEDIA_ROOT)."""
    url = os.environ.get("STORAGE_URL", "")
    return {"STORAGE_URL": with_prefix(url)} if url.startswith("s3://") else {}


def migrated_database(folder: Path) -> Path:
    """An empty, migrated database file (migrating takes ~20 s: tests copy this one)."""
    instance = Instance(folder)
    instance.manage("migrate", "--noinput", "-v", "0")
    # One file: fold the write-ahead log in, so a plain copy is the whole database.
    instance.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return instance.db


def instance_from(template: Path, folder: Path, **env: str) -> Instance:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, folder / "db.sqlite3")
    return Instance(folder, env=env)
