"""A throw-away archive for a benchmark: its own SQLite database (or $BENCH_DATABASE_URL) and
media folder."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def scratch_django(prefix: str, work: Path | None = None) -> Path:
    """Point Django at a fresh folder (database and media), set it up, and return the folder.

    Pass `work` to reuse a folder an earlier run left behind. Call before importing anything
    that touches Django models.
    """
    sys.path.insert(0, str(ROOT))
    work = work or Path(tempfile.mkdtemp(prefix=prefix))
    # BENCH_DATABASE_URL=postgres://... runs the bench on an (empty) PostgreSQL database instead.
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or (
        f"sqlite:///{work / 'db.sqlite3'}"
    )
    os.environ["MEDIA_ROOT"] = str(work / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ["LOG_LEVEL"] = "WARNING"
    import django

    django.setup()
    return work
