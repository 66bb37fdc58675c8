"""The evidence domain: items, sources, files and their processing."""

import os

from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Evidence archive"

    def ready(self):
        from archive import csv_exports, storage
        from archive.signal_handlers import register_signal_handlers

        register_signal_handlers()  # queues new originals; retires the public cache on changes
        csv_exports.install()  # every admin CSV export: no cell a spreadsheet would run
        # A forked process (the import's workers) opens its own connections to the bucket.
        os.register_at_fork(after_in_child=storage.forget_bucket_connections)

        register_admin_permission_policies()
        register_worker_wakeup()


def register_worker_wakeup() -> None:
    """Every task queued wakes the idle workers at once (archive/worker_wakeup.py)."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.compat import task_enqueued

    from archive.worker_wakeup import notify_enqueued

    task_enqueued.connect(
        notify_enqueued, sender=DatabaseBackend, dispatch_uid="archive-worker-wakeup"
    )


def register_admin_permission_policies() -> None:
    """Pages and files are listed and acted on in the admin through these policies, which leave
    restricted evidence out for users without the permission (archive/admin_access.py).
    Registered here, before wagtail.documents registers its own in its ready(): the file's is
    registered for its exact class, which the registry asks first."""
    from wagtail.documents import get_document_model_string
    from wagtail.models import Page
    from wagtail.permissions import register_permission_policy

    from archive.admin_access import (
        RestrictedDocumentPermissionPolicy,
        RestrictedPagePermissionPolicy,
    )
    from archive.models import EvidenceFile

    register_permission_policy(Page, RestrictedPagePermissionPolicy(Page))
    document_policy = RestrictedDocumentPermissionPolicy(
        get_document_model_string(),
        auth_model="wagtaildocs.Document",
        owner_field_name="uploaded_by_user",
    )
    register_permission_policy(EvidenceFile, document_policy, exact_class=True)
