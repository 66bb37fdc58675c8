"""What counts as a change the public can see: each retires the public cache (archive/public_cache).

Over-counting only costs a re-render; missing a change would serve an outdated page until the
cache's timeout (though never a withdrawn item: the cache checks those on every hit).
"""

from __future__ import annotations

from django_tasks_db.compat import task_finished  # what django-tasks' workers send

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from archive.models import EvidenceFile, Place, Source, Topic
from archive.public_cache import content_changed
from archive.signals import evidence_access_changed, evidence_file_processed

SHOWN_MODELS = (Page, EvidenceFile, Source, Topic, Place, PageViewRestriction, Site)


@receiver(post_save)
@receiver(post_delete)
@receiver(m2m_changed)
def model_changed(sender, instance=None, **kwargs):
    if isinstance(instance, SHOWN_MODELS):
        content_changed()


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(evidence_file_processed)
@receiver(evidence_access_changed)
@receiver(task_finished)  # e.g. Wagtail's reference index ("Cited in"), a search index retry
def public_event(sender, **kwargs):
    content_changed()
