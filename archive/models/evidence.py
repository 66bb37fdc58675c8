"""Evidence items and the index that lists them."""

from __future__ import annotations

import datetime
from typing import NamedTuple

from django.core.paginator import Paginator
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.text import slugify

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager, PageQuerySet, PageViewRestriction
from wagtail.search import index

from archive.authors import AUTHORS_HELP, Author, author_parse, authors_validate
from archive.choices import LANGUAGES, AccessLevel, DatePrecision, EvidenceKind
from archive.compiled_query import CompiledQuery
from archive.models.files import EvidenceFile, PageText, user_can_view_restricted
from archive.models.page_urls import RequestRootUrlMixin
from archive.models.references import reference_allocate
from archive.models.taxonomy import Place, Topic
from archive.page_forms import EvidencePageForm
from archive.panels import FileFactsPanel
from archive.processing.language import dominant_language
from archive.processing.page_images import READING_WIDTH
from archive.unprefixed import reverse_unprefixed


def anchor_prefix(file_position: int) -> str:
    """The first file's pages are #page-N (what search results and citations link to); the
    second file's are #f2-page-N, and so on."""
    return "" if file_position == 0 else f"f{file_position + 1}-"


class EvidenceQuerySet(PageQuerySet):
    def public(self) -> EvidenceQuerySet:
        """Live, public items outside any Wagtail private section: what anyone may see.

        The access level is the archive's one control (the admin offers no privacy options on
        the evidence tree: `private_page_options`), but a view restriction made another way
        still keeps an item from the public, as Wagtail's own `public()` would. Asked in the
        same SQL (Wagtail's reads every restriction first: one more query on every page view
        and every kept response served)."""
        restriction_above = PageViewRestriction.objects.filter(
            page__path=Substr(OuterRef("path"), 1, Length("page__path"))
        )
        return (
            self.live().filter(access_level=AccessLevel.PUBLIC).exclude(Exists(restriction_above))
        )

    def viewable_by(self, user) -> EvidenceQuerySet:
        if user_can_view_restricted(user):
            return self.live()
        return self.public()


EvidenceManager = PageManager.from_queryset(EvidenceQuerySet)


class EvidenceIndexPage(RequestRootUrlMixin, Page):
    """The public list of evidence, newest first. A page so editors can place and title it."""

    intro = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["archive.EvidencePage"]
    max_count = 1
    private_page_options: list[str] = []  # evidence is restricted by its access level instead
    page_size = 20

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = (
            EvidencePage.objects.viewable_by(request.user)
            .select_related("source")
            .order_by("-first_published_at", "-pk")
        )
        kind = request.GET.get("kind", "")
        if kind in EvidenceKind.values:
            items = items.filter(kind=kind)
        else:
            kind = ""
        context["items"] = Paginator(items, self.page_size).get_page(request.GET.get("page"))
        context["kinds"] = EvidenceKind.choices
        context["selected_kind"] = kind
        return context


def date_in_language(published_on: datetime.date | None, precision: str) -> str:
    """A publication date at its precision (year, month or day) in the interface's language."""
    if not published_on:
        return ""
    formats = {"year": "Y", "month": "YEAR_MONTH_FORMAT", "day": "DATE_FORMAT"}
    return date_format(published_on, formats.get(precision, "DATE_FORMAT"))


class EvidencePage(RequestRootUrlMixin, Page):
    """One sourced piece of evidence.

    A page because it has a public URL, revisions (its history of changes is kept) and
    moderation. Its canonical URL is /evidence/<reference>/ whatever its slug becomes.
    """

    reference = models.CharField(max_length=20, unique=True, editable=False)
    summary = models.TextField(blank=True)
    kind = models.CharField(max_length=30, choices=EvidenceKind.choices, default="report")
    source = models.ForeignKey(
        "archive.Source",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    # People and organisations, one a line, marked explicitly (archive/authors.py).
    authors = models.TextField(blank=True, help_text=AUTHORS_HELP, validators=[authors_validate])
    published_on = models.DateField(null=True, blank=True, verbose_name="publication date")
    date_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    retrieved_on = models.DateField(null=True, blank=True, verbose_name="retrieval date")
    original_url = models.URLField(blank=True, max_length=1000)
    archived_url = models.URLField(blank=True, max_length=1000)
    language = models.CharField(
        max_length=10,
        choices=LANGUAGES,
        blank=True,
        help_text="Leave empty to have it detected from the text of the files.",
    )
    topics = ParentalManyToManyField("archive.Topic", blank=True, related_name="evidence")
    places = ParentalManyToManyField("archive.Place", blank=True, related_name="evidence")
    access_level = models.CharField(
        max_length=20,
        choices=AccessLevel.choices,
        default=AccessLevel.PUBLIC,
        help_text="Restricted evidence is shown only to researchers with permission.",
    )

    objects = EvidenceManager()

    parent_page_types = ["archive.EvidenceIndexPage"]
    subpage_types: list[str] = []
    private_page_options: list[str] = []  # the access level is the one control
    exclude_fields_in_copy = ["reference"]
    base_form_class = EvidencePageForm

    content_panels = Page.content_panels + [
        FieldPanel("reference", read_only=True, help_text="Given on creation; never changes."),
        FieldPanel("summary"),
        FieldRowPanel(
            [
                FieldPanel("kind"),
                # Absent for anyone without the permission (archive/page_forms.EvidencePageForm).
                FieldPanel("access_level", permission="archive.view_restricted_evidence"),
            ]
        ),
        MultiFieldPanel(
            [
                FieldPanel("source"),
                FieldPanel("authors"),
                FieldRowPanel([FieldPanel("published_on"), FieldPanel("date_precision")]),
                FieldPanel("retrieved_on"),
                FieldPanel("original_url"),
                FieldPanel("archived_url"),
                FieldPanel("language"),
            ],
            heading="Source",
        ),
        MultiFieldPanel([FieldPanel("topics"), FieldPanel("places")], heading="Subject"),
        InlinePanel("file_links", label="Files"),
        FieldPanel("new_files"),  # a form field (archive/page_forms.py)
        FieldPanel("publish_despite_file_problems"),  # a form field (archive/page_forms.py)
    ]

    search_fields = Page.search_fields + [
        index.SearchField("reference", boost=5),
        index.SearchField("reference_words", boost=5),
        index.AutocompleteField("reference"),
        index.AutocompleteField("reference_words"),
        index.SearchField("summary"),
        index.SearchField("authors"),
        index.FilterField("kind"),
        index.FilterField("access_level"),
        index.FilterField("language"),
        index.FilterField("published_on"),
        index.RelatedFields("source", [index.SearchField("name")]),
    ]

    class Meta:
        verbose_name = "evidence item"
        verbose_name_plural = "evidence items"
        permissions = [("view_restricted_evidence", "Can view restricted evidence")]

    def save(self, *args, **kwargs):
        if not self.reference:
            self.reference = reference_allocate(year=timezone.now().year)
        from archive.services.restriction import item_restricted, shared_file_guard

        update_fields = kwargs.get("update_fields")
        relevant = {"access_level", "live", "file_links"}
        with transaction.atomic():
            # Every way of making an item public ends here (the edit view, publication by
            # workflow, schedule or script, add_child): it may not hold a restricted item's file.
            if self.live and (update_fields is None or relevant & set(update_fields)):
                shared_file_guard(self)
            super().save(*args, **kwargs)
            if self.is_restricted and (update_fields is None or "access_level" in update_fields):
                # Items sharing one of its files are restricted with it, in this transaction.
                self.also_restricted = item_restricted(self)

    def save_revision(self, *args, **kwargs):
        revision = super().save_revision(*args, **kwargs)
        if self.is_restricted:
            from archive.services.restriction import item_restrict_now

            # A draft that says "restricted" withdraws the item now, not at publication.
            self.restricted_at_once = item_restrict_now(self)
        return revision

    def full_clean(self, *args, **kwargs):
        # A title in Tibetan, Uyghur or Chinese has no ASCII slug (WAGTAIL_ALLOW_UNICODE_SLUGS is
        # off): the item's address is its reference anyway, so the slug can be that.
        if not self.slug and not slugify(self.title):
            if not self.reference:
                self.reference = reference_allocate(year=timezone.now().year)
            self.slug = self.reference.lower()
        super().full_clean(*args, **kwargs)

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request)
        if parts is None:
            return None
        site_id, root_url, _ = parts
        # In the interface's language: /bo/evidence/EV-…/ under a Tibetan page.
        return site_id, root_url, reverse("archive:evidence", args=[self.reference])

    @property
    def reference_words(self) -> str:
        """The reference as separate words, for the admin's search and the evidence chooser:
        PostgreSQL's parser reads "EV-2026-0042" as 'ev', '-2026', '-0042', and Wagtail's
        PostgreSQL backend asks for 'ev' & '2026' & '0042', so the reference alone found nothing."""
        return self.reference.replace("-", " ")

    @cached_property
    def text_language(self) -> str:
        """The item's language: as the researcher gave it, else the one most of its pages were
        detected in ("" when neither tells)."""
        if self.language or self.pk is None:
            return self.language
        codes = PageText.objects.filter(file__in=[f.pk for f in self.files]).values_list(
            "language", flat=True
        )
        return dominant_language(list(codes))

    @property
    def text_language_display(self) -> str:
        return dict(LANGUAGES).get(self.text_language, self.text_language)

    @property
    def is_restricted(self) -> bool:
        return self.access_level == AccessLevel.RESTRICTED

    def serve(self, request, *args, **kwargs):
        # 404, not a login redirect: a restricted item must not even be shown to exist.
        if self.is_restricted and not user_can_view_restricted(request.user):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def permissions_for_user(self, user):
        # A restricted item allows no action to a user without the permission, whatever their
        # group may do with pages (archive/admin_access.py).
        from archive.admin_access import page_permission_tester

        return page_permission_tester(user, self)

    def get_sitemap_urls(self, request=None):
        return [] if self.is_restricted else super().get_sitemap_urls(request)

    @property
    def author_names(self) -> list[Author]:
        """The authors as people and organisations; a line saved before validation that no
        longer reads (there should be none after migration 0009) counts as an organisation."""
        names = []
        for line in self.authors.splitlines():
            if line.strip():
                try:
                    names.append(author_parse(line))
                except ValueError:
                    names.append(Author(literal=" ".join(line.split())))
        return names

    @property
    def author_list(self) -> list[str]:
        """The authors' names as written in running text."""
        return [author.display for author in self.author_names]

    @property
    def date_display(self) -> str:
        if not self.published_on:
            return ""
        formats = {"year": "%Y", "month": "%B %Y", "day": "%-d %B %Y"}
        return self.published_on.strftime(formats[self.date_precision])

    @property
    def date_display_local(self) -> str:
        """The date as date_display gives it (its precision), in the interface's language:
        "2024年3月" under a Chinese page. date_display stays English: the search index, the
        citations and the API keep one text whatever the reader's language."""
        return date_in_language(self.published_on, self.date_precision)

    @cached_property
    def files(self) -> list:
        """The item's files in order (asked once per page view: the context and meta tags).
        A preview's as its revision holds them; a saved item's through one compiled query."""
        if self.pk is None or _held_in_memory(self, "file_links"):
            return [link.file for link in self.file_links.select_related("file").all()]
        return _FILES.instances(EvidenceFile, self.pk)

    def subject_names(self, relation: str) -> list[str]:
        """The names of the item's topics or places (`relation`), in order."""
        if self.pk is None or _held_in_memory(self, relation):
            return [str(subject) for subject in getattr(self, relation).all()]
        return [name for (name,) in _SUBJECT_NAMES[relation].rows(self.pk)]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        files = self.files
        by_file: dict[int, list] = {}
        for page in page_texts(tuple(f.pk for f in files)):
            by_file.setdefault(page.file_id, []).append(page)
        context["file_entries"] = [
            {
                "file": f,
                "anchor_prefix": anchor_prefix(i),
                "pages": by_file.get(f.pk, []),
                "page_images": page_images_entry(f),
            }
            for i, f in enumerate(files)
        ]
        if not self.language:  # from the pages just read, not another query
            pages = [p.language for entries in by_file.values() for p in entries]
            self.text_language = dominant_language(pages)
        # Researchers see each file's messages and a photo's metadata; everyone else a neutral
        # sentence (an internal error can say more than the public should read).
        context["researcher"] = user_can_view_restricted(request.user)
        context["topic_names"] = self.subject_names("topics")
        context["place_names"] = self.subject_names("places")
        return context


def _held_in_memory(item: EvidencePage, relation: str) -> bool:
    """Does `item` hold this relation itself, as a preview or a revision does (modelcluster),
    rather than read it from the database?"""
    return relation in getattr(item, "_cluster_related_objects", {})


# Asked on every evidence page, so compiled once (archive/compiled_query.py).
_FILES = CompiledQuery(
    lambda item_id: EvidenceFile.objects.filter(item_links__item=item_id).order_by(
        "item_links__sort_order", "item_links__id"
    )
)
_SUBJECT_NAMES = {
    "topics": CompiledQuery(lambda item: Topic.objects.filter(evidence=item).values_list("name")),
    "places": CompiledQuery(lambda item: Place.objects.filter(evidence=item).values_list("name")),
}


def page_images_entry(evidence_file: EvidenceFile) -> dict | None:
    """What the evidence page needs to show a file's page images: their URL folder and each
    one's size; None for a file without page images."""
    if evidence_file.page_image_source is None:
        return None
    from archive.page_images import page_image_size  # it imports the models

    url = reverse_unprefixed("archive:page_image", args=[evidence_file.pk, READING_WIDTH, 1])
    return {
        "prefix": url.rsplit("/", 1)[0],
        "size": lambda number: page_image_size(evidence_file, number, READING_WIDTH),
    }


class PageRow(NamedTuple):
    file_id: int
    number: int
    text: str
    language: str
    note: str  # why the page has this text, or none (shown to the public only when neutral)


def _page_texts(file_ids: tuple[int, ...]):
    pages = PageText.objects.filter(file__in=file_ids).order_by("file_id", "number")
    return pages.values_list("file_id", "number", "text", "language", "note")


_PAGE_TEXTS = CompiledQuery(_page_texts)


def page_texts(file_ids: tuple[int, ...]) -> list[PageRow]:
    """The files' pages in order, as rows, not model instances: a book's evidence page holds
    hundreds of pages."""
    if not file_ids:
        return []
    return [PageRow._make(row) for row in _PAGE_TEXTS.rows(file_ids)]


class EvidenceFileLink(Orderable):
    """Which files an item holds, in order; one original can back several items."""

    item = ParentalKey(EvidencePage, on_delete=models.CASCADE, related_name="file_links")
    file = models.ForeignKey(
        "archive.EvidenceFile", on_delete=models.PROTECT, related_name="item_links"
    )

    panels = [FieldPanel("file"), FileFactsPanel()]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["item", "file"], name="unique_file_per_item")
        ]
