"""Letters: published texts whose claims stand on evidence in the archive."""

from django.db import models

from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class LetterStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SENT = "sent", "Sent"
    ANSWERED = "answered", "Answered"


class LetterPage(Page):
    """A public letter to a named recipient. A page: it has a public URL, revisions, workflow."""

    recipient = models.CharField(max_length=255)
    date_sent = models.DateField(null=True, blank=True)
    letter_status = models.CharField(
        max_length=10, choices=LetterStatus.choices, default=LetterStatus.DRAFT
    )
    body = RichTextField(blank=True)

    content_panels = Page.content_panels + [
        FieldRowPanel(
            [FieldPanel("recipient"), FieldPanel("date_sent"), FieldPanel("letter_status")]
        ),
        FieldPanel("body"),
    ]
    parent_page_types = ["letters.LetterIndexPage"]
    subpage_types: list[str] = []


class LetterIndexPage(Page):
    """Lists the published letters, newest first."""

    intro = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["archive.HomePage"]
    subpage_types = ["letters.LetterPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["letters"] = LetterPage.objects.live().child_of(self).order_by("-date_sent")
        return context
