"""The restore as it was first written (before issue 18), run on today's code: the baseline
`bench/backup.py --baseline` times in the same run as today's restore.

    DJANGO_SETTINGS_MODULE=... .venv/bin/python bench/original_restore.py BACKUP

The first restore (a11946c) loaded the dump with `loaddata`, one save a row, and rebuilt every
index: the public search index from the archive, Wagtail's admin search index and its
reference index. Its code cannot read today's backups (they carry migrations it does not
have), so this is that method with today's checks: the same manifest and hash checks, the
same file copy and fixity check, through `sitewide.backup`'s own helpers. Only the loading and
the rebuilding are the first version's.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main(src: Path) -> None:
    import django

    django.setup()
    from django.contrib.contenttypes.models import ContentType
    from django.core.files import File
    from django.core.management import call_command
    from django.core.management.sql import emit_post_migrate_signal
    from django.db import connection

    from archive.services.fixity import fixity_check
    from search.indexing import search_rebuild
    from sitewide.backup import (
        DATABASE,
        MEDIA,
        BackupError,
        StoredFile,
        _read_manifest,
        _storage_for,
        _verify,
        reasons_not_empty,
    )

    manifest = _read_manifest(src)
    if reasons := reasons_not_empty():
        raise BackupError("; ".join(reasons))
    _verify(src / DATABASE, manifest["database"]["sha256"], DATABASE)
    files = [StoredFile(**entry) for entry in manifest["files"]]
    for stored in files:
        _verify(src / MEDIA / stored.name, stored.sha256, stored.name)
    for stored in files:
        with (src / MEDIA / stored.name).open("rb") as source:
            _storage_for(stored.field).save(stored.name, File(source, name=stored.name))
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    ContentType.objects.clear_cache()
    call_command("loaddata", str(src / DATABASE), verbosity=0)
    ContentType.objects.clear_cache()
    emit_post_migrate_signal(0, False, connection.alias)
    report = fixity_check()
    if report.problems:
        raise BackupError(f"{len(report.problems)} originals do not match")
    search_rebuild()
    call_command("update_index", verbosity=0)
    call_command("rebuild_references_index", verbosity=0)
    print(f"restored {report.checked} originals")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
