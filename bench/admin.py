"""What hiding restricted evidence costs the admin: CPU per admin request, for an Editor
(restricted items filtered out) beside a researcher (the same groups plus
`archive.view_restricted_evidence`: nothing to filter), in one run.

    .venv/bin/python bench/admin.py [--items 2000] [--restricted 0.1] [--calls 20]

Builds the same throw-away archive as bench/load.py, restricts a share of its items, then asks
each admin view through Django's test client as each user. The researcher sees the restricted
rows too, so the Editor's listings are slightly shorter: the ratio slightly understates the cost.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.scratch import scratch_django  # noqa: E402


def admin_paths(index_id: int) -> dict[str, str]:
    return {
        "dashboard": "/admin/",
        "explorer (evidence index)": f"/admin/pages/{index_id}/",
        "page search": "/admin/pages/search/?q=witness",
        "documents index": "/admin/documents/",
        "Reports → Evidence files": "/admin/archive/files/",
        "Reports → Site history": "/admin/reports/site-history/",
    }


def users():
    from django.contrib.auth.models import Group, Permission, User

    groups = Group.objects.filter(name__in=["Editors", "Moderators"])
    editor = User.objects.create_user("bench-editor")
    editor.groups.add(*groups)
    researcher = User.objects.create_user("bench-researcher")
    researcher.groups.add(*groups)
    researcher.user_permissions.add(Permission.objects.get(codename="view_restricted_evidence"))
    return {"editor": editor, "researcher": researcher}


def cpu_ms(client, path: str, calls: int) -> float:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    started = time.process_time()
    for _ in range(calls):
        client.get(path)
    return (time.process_time() - started) / calls * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--restricted", type=float, default=0.1)
    parser.add_argument("--calls", type=int, default=20)
    args = parser.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    work = scratch_django("bench-admin-")
    from django.conf import settings
    from django.test import Client

    from archive.models import EvidenceIndexPage, EvidencePage
    from bench.load import build_archive

    build_archive(args.items)
    every = max(1, round(1 / args.restricted))
    ids = list(EvidencePage.objects.order_by("pk").values_list("pk", flat=True))[::every]
    EvidencePage.objects.filter(pk__in=ids).update(access_level="restricted")
    settings.ALLOWED_HOSTS = ["*"]
    clients = {}
    for name, user in users().items():
        clients[name] = Client()
        clients[name].force_login(user)
    index_id = EvidenceIndexPage.objects.get().pk
    print(f"archive in {work}: {EvidencePage.objects.count()} items, {len(ids)} restricted")
    print("\n| admin request | researcher, CPU ms | Editor, CPU ms | ratio |")
    print("| --- | ---: | ---: | ---: |")
    for name, path in admin_paths(index_id).items():
        seen = cpu_ms(clients["researcher"], path, args.calls)
        hidden = cpu_ms(clients["editor"], path, args.calls)
        print(f"| {name} | {seen:.1f} | {hidden:.1f} | {hidden / seen:.2f}x |")


if __name__ == "__main__":
    main()
