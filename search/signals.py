"""Receivers that keep the search index in step with the archive (see search/indexing.py).

Each is connected per sender model; raw saves (fixtures, a restore's loaddata, which rebuilds the
index afterwards) are skipped."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from archive.models import EvidencePage, Place, Source, Topic
from archive.signals import evidence_access_changed, evidence_file_processed
from search.indexing import search_items_changed


@receiver(page_published, sender=EvidencePage)
@receiver(page_unpublished, sender=EvidencePage)
@receiver(post_delete, sender=EvidencePage)
def item_changed(sender, instance, **kwargs):
    search_items_changed([instance.pk])


@receiver(evidence_file_processed)
def file_read(sender, evidence_file, item_ids, **kwargs):
    search_items_changed(item_ids)


@receiver(evidence_access_changed)
def access_changed(sender, item_ids, **kwargs):
    search_items_changed(item_ids)


@receiver(post_save, sender=Source)
def source_renamed(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        search_items_changed(list(instance.evidence.values_list("pk", flat=True)))


@receiver(post_save, sender=Topic)
@receiver(post_save, sender=Place)
def subject_renamed(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        search_items_changed(list(instance.evidence.values_list("pk", flat=True)))


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def section_privacy_changed(sender, instance, raw=False, **kwargs):
    """A Wagtail view restriction takes the items below it out of the public index (or, when it
    goes, puts them back). The admin offers none on the evidence tree; code or a shell might."""
    if raw:
        return
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        below = EvidencePage.objects.descendant_of(page, inclusive=True)
        search_items_changed(list(below.values_list("pk", flat=True)))
