"""What counts as a change the public can see: each retires the public cache (archive/public_cache).

Receivers are connected per sender model (as wagtail/images/signal_handlers.py does), for every
installed model that is one of SHOWN_MODELS or a subclass (each kind of page, letters' included,
found through the app registry rather than imported), by register_signal_handlers() from the
app's ready(). Raw saves (fixtures, a restore's loaddata) are skipped.

Over-counting only costs a re-render; missing a change would serve an outdated page until the
cache's timeout (though never a withdrawn item: the cache checks those on every hit).
"""

from __future__ import annotations

from django_tasks_db.compat import task_finished  # what django-tasks' workers send

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from archive.models import EvidenceFile, Place, Source, Topic
from archive.public_cache import content_changed
from archive.signals import evidence_access_changed, evidence_file_processed

SHOWN_MODELS = (Page, EvidenceFile, Source, Topic, Place, PageViewRestriction, Site)


def model_changed(sender, raw=False, **kwargs):
    if not raw:
        content_changed()


def public_event(sender, **kwargs):
    content_changed()


def register_signal_handlers() -> None:
    for model in apps.get_models():
        if not issubclass(model, SHOWN_MODELS):
            continue
        post_save.connect(model_changed, sender=model, dispatch_uid="public-changes")
        post_delete.connect(model_changed, sender=model, dispatch_uid="public-changes")
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                model_changed, sender=field.remote_field.through, dispatch_uid="public-changes"
            )
    for signal in (
        page_published,
        page_unpublished,
        post_page_move,
        evidence_file_processed,
        evidence_access_changed,
    ):
        signal.connect(public_event, dispatch_uid="public-changes")
    # e.g. Wagtail's reference index ("Cited in"), a search index retry
    task_finished.connect(public_event, dispatch_uid="public-changes")
