"""The home page."""

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from archive.models.evidence import EvidenceIndexPage, EvidencePage
from archive.models.page_urls import RequestRootUrlMixin


class HomePage(RequestRootUrlMixin, Page):
    """The site root: what the archive is, and the newest public evidence."""

    intro = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    max_count = 1
    # A restriction here would cover the evidence tree, whose access level is the one control.
    private_page_options: list[str] = []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest"] = (
            EvidencePage.objects.viewable_by(request.user)
            .select_related("source")
            .order_by("-first_published_at", "-pk")[:6]
        )
        context["evidence_index"] = EvidenceIndexPage.objects.live().first()
        return context
