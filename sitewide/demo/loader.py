"""Loading the demonstration archive: site tree, sources, evidence with files, a letter.

Files go in through the real path (EvidenceFile.save() hashes, types and queues them; the task
worker reads them), so the demo shows what a researcher's upload would produce. Loading is
idempotent: items are found again by slug, sources, topics and places by name, files by SHA-256;
something already there is left exactly as it is (except a letter written before citations were
structured, whose body is rebuilt once). The letter is published after the files are read,
because publishing checks its quotations against the pages' text.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils.html import escape
from django.utils.translation import get_supported_language_variant

from wagtail.models import Collection, Locale, Page, Site

from archive.choices import AccessLevel, FileStatus
from archive.models import (
    EvidenceFile,
    EvidenceIndexPage,
    EvidencePage,
    HomePage,
    Place,
    Source,
    Topic,
)
from archive.services.files import evidence_file_create
from archive.services.items import evidence_item_create
from archive.services.worker import run_queued_tasks, wait_until_read
from letters.checks import CitationPublishError, page_citations_check
from letters.models import LetterIndexPage, LetterPage
from sitewide.demo import content
from sitewide.demo.files import DemoContentError, file_bytes

WAGTAIL_WELCOME_TITLE = "Welcome to your new Wagtail site!"
SITE_HOSTNAME, SITE_PORT = "localhost", 8000


@dataclass
class FileSummary:
    name: str
    file_id: int
    sha256: str
    created: bool
    status: str = ""
    page_count: int = 0


@dataclass
class ItemSummary:
    key: str
    reference: str
    title: str
    kind: str
    access_level: str
    created: bool
    files: list[FileSummary] = field(default_factory=list)

    def line(self) -> str:
        files = ", ".join(
            f"{f.status}{f' {f.page_count} p.' if f.page_count else ''}" for f in self.files
        )
        restricted = " [restricted]" if self.access_level == AccessLevel.RESTRICTED else ""
        return (
            f"{'created' if self.created else 'exists':8} {self.reference:13} {self.kind:22} "
            f"{len(self.files)} file{'s' if len(self.files) != 1 else ' '} ({files}) "
            f"{self.title}{restricted}"
        )


@dataclass
class DemoSummary:
    items: list[ItemSummary] = field(default_factory=list)
    # Everything else this run created or changed, in words ("source: …", "default site …").
    changes: list[str] = field(default_factory=list)
    letter_url: str = ""
    letter_created: bool = False

    @property
    def files(self) -> list[FileSummary]:
        return [f for item in self.items for f in item.files]

    @property
    def changed(self) -> bool:
        return bool(
            self.changes
            or self.letter_created
            or any(i.created for i in self.items)
            or any(f.created for f in self.files)
        )

    def totals(self) -> str:
        files = {f.file_id: f for f in self.files}.values()  # one original can back two items
        statuses: dict[str, int] = {}
        for f in files:
            statuses[f.status] = statuses.get(f.status, 0) + 1
        restricted = sum(i.access_level == AccessLevel.RESTRICTED for i in self.items)
        return (
            f"{len(self.items)} items ({sum(i.created for i in self.items)} created, "
            f"{len(self.items) - restricted} public, {restricted} restricted, "
            f"{len({i.kind for i in self.items})} kinds); "
            f"{len(files)} files ({sum(f.created for f in files)} new; "
            + ", ".join(f"{n} {s}" for s, n in sorted(statuses.items()))
            + f"); {sum(f.page_count for f in files)} pages; "
            f"letter {'created' if self.letter_created else 'exists'}; "
            f"{len(self.changes)} other changes."
        )


def demo_load() -> DemoSummary:
    """Load the demonstration archive (or confirm it is there) and read its new files.

    Must run outside a transaction: new files are queued for reading when the load commits,
    and read before this returns.
    """
    if connection.in_atomic_block:
        raise RuntimeError(
            "demo_load() must run outside a transaction: its files are queued when it commits."
        )
    summary = DemoSummary()
    with transaction.atomic():
        _wagtail_basics_ensure(summary)
        home = _home_ensure(summary)
        evidence_index = _index_ensure(EvidenceIndexPage, home, content.EVIDENCE_INDEX, summary)
        letter_index = _index_ensure(LetterIndexPage, home, content.LETTER_INDEX, summary)
        sources = {spec.name: _source_ensure(spec, summary) for spec in content.SOURCES}
        topics = {name: _named_ensure(Topic, name, summary) for name in content.TOPICS}
        places = {name: _named_ensure(Place, name, summary) for name in content.PLACES}
        for item in content.ITEMS:
            summary.items.append(
                _item_ensure(item, evidence_index, sources=sources, topics=topics, places=places)
            )
    wait_until_read([f.file_id for f in summary.files if f.created])
    with transaction.atomic():
        _letter_ensure(content.LETTER, letter_index, summary)
    # Work what publishing queued (Wagtail's reference index, behind "Cited in") right away.
    run_queued_tasks()
    _statuses_refresh(summary)
    return summary


def demo_item_get(key: str) -> EvidencePage | None:
    """The loaded item for a key of sitewide.demo.content.ITEMS (for features that cite it)."""
    return EvidencePage.objects.filter(slug=content.item_by_key(key).slug).first()


# --- The site ---------------------------------------------------------------------------------


def _wagtail_basics_ensure(summary: DemoSummary) -> None:
    """The rows Wagtail's data migrations create, for a database that was flushed since."""
    if not Locale.objects.exists():
        Locale.objects.create(language_code=get_supported_language_variant(settings.LANGUAGE_CODE))
        summary.changes.append("default locale")
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
        summary.changes.append("root collection")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root"))
        summary.changes.append("root page")


def _home_ensure(summary: DemoSummary) -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        page_type = ContentType.objects.get_for_model(Page)
        for welcome in root.get_children().filter(
            content_type=page_type, title=WAGTAIL_WELCOME_TITLE, numchild=0
        ):
            welcome.delete()  # its Site goes with it (on_delete=CASCADE); we make a new one
            summary.changes.append(f"removed Wagtail's default page {WAGTAIL_WELCOME_TITLE!r}")
        slug = "home"
        if root.get_children().filter(slug=slug).exists():
            slug = "evidence-archive"
        home = HomePage(title=content.HOME_TITLE, slug=slug, intro=content.HOME_INTRO)
        root.add_child(instance=home)
        home.save_revision().publish()
        summary.changes.append(f"home page {home.title!r}")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or site.root_page_id != home.pk:
        site = site or Site(is_default_site=True)
        site.root_page = home
        site.hostname, site.port = SITE_HOSTNAME, SITE_PORT
        site.site_name = content.HOME_TITLE
        site.save()
        summary.changes.append(f"default site {SITE_HOSTNAME}:{SITE_PORT} serving the home page")
    return home


def _index_ensure(model: type[Page], home: HomePage, spec: dict, summary: DemoSummary) -> Page:
    index = model.objects.first()  # max_count = 1: wherever it is, it is the one
    if index is None:
        index = model(**spec)
        home.add_child(instance=index)
        index.save_revision().publish()
        summary.changes.append(f"{model._meta.verbose_name} {index.title!r}")
    return index


def _source_ensure(spec: content.SourceSpec, summary: DemoSummary) -> Source:
    source, created = Source.objects.get_or_create(
        name=spec.name,
        defaults={
            "source_type": spec.source_type,
            "url": spec.url,
            "description": spec.description,
        },
    )
    if created:
        summary.changes.append(f"source {spec.name!r}")
    return source


def _named_ensure(model: type[Topic] | type[Place], name: str, summary: DemoSummary):
    obj, created = model.objects.get_or_create(name=name)
    if created:
        summary.changes.append(f"{model._meta.verbose_name} {name!r}")
    return obj


# --- Evidence ---------------------------------------------------------------------------------


def _item_ensure(
    item: content.Item,
    parent: EvidenceIndexPage,
    *,
    sources: dict[str, Source],
    topics: dict[str, Topic],
    places: dict[str, Place],
) -> ItemSummary:
    page = EvidencePage.objects.filter(slug=item.slug).first()
    if page is not None:
        files = [FileSummary(f.filename, f.pk, f.sha256, created=False) for f in page.files]
        return _item_summary(item.key, page, files, created=False)
    files = [_file_ensure(spec) for spec in item.files]
    page = evidence_item_create(
        parent=parent,
        title=item.title,
        files=[EvidenceFile.objects.get(pk=f.file_id) for f in files],
        slug=item.slug,
        summary=item.summary,
        kind=item.kind,
        source=sources[item.source],
        authors="\n".join(item.authors),
        published_on=item.published_on,
        date_precision=item.date_precision,
        retrieved_on=item.retrieved_on,
        original_url=item.original_url,
        archived_url=item.archived_url,
        language=item.language,
        access_level=item.access_level,
        topics=[topics[name] for name in item.topics],
        places=[places[name] for name in item.places],
    )
    return _item_summary(item.key, page, files, created=True)


def _item_summary(key: str, page: EvidencePage, files: list, *, created: bool) -> ItemSummary:
    return ItemSummary(
        key=key,
        reference=page.reference,
        title=page.title,
        kind=page.kind,
        access_level=page.access_level,
        created=created,
        files=files,
    )


def _file_ensure(spec: content.FileSpec) -> FileSummary:
    data = file_bytes(spec)
    sha256 = hashlib.sha256(data).hexdigest()
    existing = EvidenceFile.objects.filter(sha256=sha256).first()
    if existing is not None:
        return FileSummary(existing.filename, existing.pk, sha256, created=False)
    # hashes, sniffs and queues reading on commit
    evidence_file = evidence_file_create(name=spec.name, content=data, title=spec.title)
    return FileSummary(evidence_file.filename, evidence_file.pk, evidence_file.sha256, created=True)


def _statuses_refresh(summary: DemoSummary) -> None:
    facts = {
        f.pk: f
        for f in EvidenceFile.objects.filter(pk__in=[f.file_id for f in summary.files]).only(
            "pk", "status", "page_count"
        )
    }
    for f in summary.files:
        fresh = facts.get(f.file_id)
        f.status = fresh.status if fresh else FileStatus.FAILED
        f.page_count = fresh.page_count if fresh else 0


# --- The letter -------------------------------------------------------------------------------

_MARKUP = re.compile(r"\[\[(quote|cite):(\w+)(?::(\d+))?\]\]")


def _letter_ensure(spec: content.LetterSpec, parent: LetterIndexPage, summary: DemoSummary) -> None:
    """Create the letter, or rebuild a letter whose body predates structured citations.

    Runs after the files are read: publishing checks each quotation against its page's text.
    """
    letter = LetterPage.objects.filter(slug=spec.slug).first()
    if letter is not None and any(b.block_type == "claim" for b in letter.body):
        summary.letter_url = letter.url or ""
        return
    if letter is None:
        letter = LetterPage(
            title=spec.title,
            slug=spec.slug,
            recipient=spec.recipient,
            date_sent=spec.date_sent,
            letter_status=spec.letter_status,
            body=letter_body(spec),
        )
        parent.add_child(instance=letter)
        summary.letter_created = True
    else:
        letter.body = letter_body(spec)
        summary.changes.append("letter body rebuilt with structured citations")
    try:
        letter.save_revision().publish()
    except CitationPublishError as error:
        raise DemoContentError(f"The demo letter cannot be published: {error}") from error
    page_citations_check(page=letter)
    summary.letter_url = letter.url or ""


def letter_body(spec: content.LetterSpec) -> list[dict]:
    """The letter's StreamField data: a paragraph with markers becomes a claim citing them."""
    quotations = {q.key: q for q in content.QUOTATIONS}

    def item_pk(item_key: str) -> int:
        item = EvidencePage.objects.filter(slug=content.item_by_key(item_key).slug).first()
        if item is None or item.access_level != AccessLevel.PUBLIC:
            # A public letter must never point at restricted (or missing) evidence.
            raise DemoContentError(f"The demo letter cites {item_key!r}, which is not public.")
        return item.pk

    blocks = []
    for paragraph in spec.paragraphs:
        citations = []

        def expand(match: re.Match, citations=citations) -> str:
            kind, key, page = match.group(1), match.group(2), match.group(3)
            if kind == "quote":
                quotation = quotations[key]
                citations.append(
                    _citation(item_pk(quotation.item), str(quotation.page), quotation.text)
                )
                return f"\u201c{escape(quotation.text)}\u201d"
            citations.append(_citation(item_pk(key), page or "", ""))
            return ""

        html = "<p>" + " ".join(_MARKUP.sub(expand, escape(paragraph)).split()) + "</p>"
        html = html.replace(" ,", ",").replace(" .", ".")
        if citations:
            value = {"text": html, "needs_evidence": True, "citations": citations}
            blocks.append({"type": "claim", "value": value})
        else:
            blocks.append({"type": "paragraph", "value": html})
    return blocks


def _citation(evidence_pk: int, pinpoint: str, quotation: str) -> dict:
    return {"evidence": evidence_pk, "pinpoint": pinpoint, "file": None, "quotation": quotation}
