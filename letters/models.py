"""Letters and campaign pages: published texts whose claims stand on evidence in the archive."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from archive.models.page_urls import RequestRootUrlMixin
from letters.blocks import CitingBodyBlock
from letters.check_records import CitationCheck  # noqa: F401  (a model of this app)
from letters.checks import EvidenceTexts, citation_check, publish_guard
from letters.citations import citations_collect, is_public_evidence
from letters.panels import CitationChecksPanel


class LetterStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    ANSWERED = "answered", _("Answered")


class CitingPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The acknowledgement holds for one publication: each edit starts with it unticked, so
        # a warning that appears later is not waved through by an old tick.
        if "citations_acknowledged" in self.fields:
            self.initial["citations_acknowledged"] = False


class CitingPage(RequestRootUrlMixin, Page):
    """What letters and campaign pages share: a body of claims that cite evidence."""

    body = StreamField(CitingBodyBlock(), blank=True)
    citations_acknowledged = models.BooleanField(
        default=False,
        verbose_name="I have checked the flagged citations",
        help_text="Needed to publish while a quotation is not found where it is cited, its "
        "text is not available yet, or a claim that needs evidence cites none.",
    )

    citation_panels = [
        MultiFieldPanel(
            [CitationChecksPanel(), FieldPanel("citations_acknowledged")],
            heading="Citation checks",
        )
    ]
    base_form_class = CitingPageForm

    class Meta:
        abstract = True

    def citations(self, *, public: bool = True):
        """The body's citations, numbered; `public` shows only live, public evidence."""
        return citations_collect(self.body, shown=is_public_evidence if public else None)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A preview in the admin shows every citation with its check, but restricted evidence
        # only to those who may see it; the public sees only live, public evidence, numbered
        # without gaps.
        preview = getattr(request, "is_preview", False)
        if preview:
            from archive.admin_access import hidden_page_ids

            hidden = hidden_page_ids(request.user)
            citations = citations_collect(
                self.body, shown=lambda evidence: evidence is not None and evidence.pk not in hidden
            )
        else:
            citations = self.citations()
        context["footnotes"] = [c for c in citations if c.number]
        context["preview"] = preview
        if preview:
            texts = EvidenceTexts()
            for citation in citations:
                citation.check = citation_check(citation, texts)
        return context

    def publish(self, revision, *args, **kwargs):
        # Every way of publishing that bypasses the edit view (workflow approval, scheduled
        # publishing, bulk actions, scripts) ends here; the edit view asks before_publish_page.
        publish_guard(revision.as_object())
        return super().publish(revision, *args, **kwargs)


class LetterPage(CitingPage):
    """A public letter to a named recipient. A page: it has a public URL, revisions, workflow."""

    recipient = models.CharField(max_length=255)
    date_sent = models.DateField(null=True, blank=True)
    letter_status = models.CharField(
        max_length=10, choices=LetterStatus.choices, default=LetterStatus.DRAFT
    )

    content_panels = (
        Page.content_panels
        + [
            FieldRowPanel(
                [FieldPanel("recipient"), FieldPanel("date_sent"), FieldPanel("letter_status")]
            ),
            FieldPanel("body"),
        ]
        + CitingPage.citation_panels
    )
    parent_page_types = ["letters.LetterIndexPage"]
    subpage_types: list[str] = []

    @property
    def date(self):
        return self.date_sent


class CampaignPage(CitingPage):
    """A campaign page: an argument made in public, each claim citing its evidence.

    A page for the same reasons as a letter; it has no recipient, and may hold narrower
    campaign pages beneath it.
    """

    intro = models.TextField(blank=True, help_text="One or two sentences shown in listings.")

    content_panels = (
        Page.content_panels + [FieldPanel("intro"), FieldPanel("body")] + CitingPage.citation_panels
    )
    parent_page_types = ["archive.HomePage", "letters.CampaignPage"]
    subpage_types = ["letters.CampaignPage"]

    @property
    def date(self):
        return self.last_published_at.date() if self.last_published_at else None


class LetterIndexPage(RequestRootUrlMixin, Page):
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
