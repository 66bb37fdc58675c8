"""An archive seeded with canaries: restricted, draft, deleted and restricted-after-publishing
evidence whose every field, file name and page text carries a unique string that must never
reach anyone without `archive.view_restricted_evidence`."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission, User

from wagtail.actions.delete_page import DeletePageAction
from wagtail.log_actions import log
from wagtail.models import Page, Revision, Workflow

from archive.choices import AccessLevel
from archive.models import EvidenceFile, EvidencePage, Source
from archive.services.worker import run_queued_tasks
from tests.factories import cite, claim, make_file, make_item, make_letter, make_pdf

# Every restricted canary starts with SECRET (compared case-insensitively: slugs lower-case it);
# a public draft's starts with DRAFT, which only the public must not see.
SECRET = "zqcanary"
DRAFT = "zqdraftcanary"
# A word every canary item holds beside its canary: searching for it finds them if they leak,
# and searching never echoes the canary itself into the page.
WORD = "fennelwort"


@dataclass
class CanaryArchive:
    index: Page
    public_item: EvidencePage
    public_source: Source
    letter: Page
    restricted: dict[str, EvidencePage] = field(default_factory=dict)  # state → item
    deleted_id: int = 0
    public_draft: EvidencePage | None = None
    files: dict[str, EvidenceFile] = field(default_factory=dict)  # state → its file
    secret_source: Source | None = None
    secret_references: list[str] = field(default_factory=list)
    draft_references: list[str] = field(default_factory=list)
    users: dict[str, User] = field(default_factory=dict)
    engine: str = ""


def canary_fields(token: str) -> dict:
    return {
        "title": f"{token} testimony {WORD}",
        "summary": f"{token} summary {WORD}",
        "authors": f"{token} author",
        "original_url": f"https://example.org/{token}/original",
        "archived_url": f"https://archive.example.org/{token}/copy",
        "kind": "testimony",
    }


def canary_file(token: str) -> EvidenceFile:
    pdf = make_pdf([f"{token} witness statement {WORD}", f"{token} second page"])
    evidence_file = make_file(f"{token}-statement.pdf", pdf, title=f"{token} file {WORD}")
    # As the admin's upload does: the file's creation is in the site history under its title.
    log(instance=evidence_file, action="wagtail.create")
    return evidence_file


def build_canary_archive(index, home, researcher_permission: bool = True) -> CanaryArchive:
    users = _users()
    researcher = users["researcher"]
    public_source = Source.objects.create(name="Open Public Body", source_type="ngo")
    secret_source = Source.objects.create(name=f"{SECRET}source {WORD}", source_type="individual")
    public_item = make_item(
        index,
        title="Ordinary public report",
        summary="An ordinary public summary",
        source=public_source,
        files=[make_file("public-report.pdf", make_pdf(["ordinary public words"]))],
    )
    archive = CanaryArchive(
        index=index,
        public_item=public_item,
        public_source=public_source,
        letter=None,
        secret_source=secret_source,
        users=users,
    )

    def restricted(state: str, **options) -> EvidencePage:
        token = f"{SECRET}{state}"
        archive.files[state] = canary_file(token)
        item = make_item(
            index,
            **canary_fields(token),
            source=secret_source,
            access_level=AccessLevel.RESTRICTED,
            files=[archive.files[state]],
            **options,
        )
        archive.restricted[state] = item
        archive.secret_references.append(item.reference)
        return item

    restricted("live")
    restricted("draft", publish=False)

    # Published while public (so a public revision holds its canaries), then restricted.
    token = f"{SECRET}after"
    archive.files["after"] = canary_file(token)
    after = make_item(
        index,
        **canary_fields(token),
        source=secret_source,
        files=[archive.files["after"]],
    )
    after.access_level = AccessLevel.RESTRICTED
    after.save_revision(user=researcher).publish(user=researcher)
    archive.restricted["after"] = after
    archive.secret_references.append(after.reference)

    # Public and live, with a restricted draft waiting: the draft's canaries are restricted.
    pending = make_item(index, title="Quiet public item", summary="Nothing to see")
    pending.access_level = AccessLevel.RESTRICTED
    for name, value in canary_fields(f"{SECRET}pending").items():
        setattr(pending, name, value)
    pending.save_revision(user=researcher)
    archive.restricted["pending"] = EvidencePage.objects.get(pk=pending.pk)
    # (Its reference is not a canary: the public sees its live, public version.)

    # Deleted the Wagtail way (logged; its revisions stay in the database), its file kept.
    deleted = restricted("deleted")
    archive.restricted.pop("deleted")
    archive.deleted_id = deleted.pk
    run_queued_tasks()  # index it first, as a worker would have before anyone deleted it
    DeletePageAction(deleted, user=researcher).execute()

    # In moderation: the default workflow's task waits for a moderator.
    in_review = restricted("review", publish=False)
    workflow = Workflow.objects.filter(active=True).first()
    assert workflow is not None, "Wagtail's default moderation workflow is missing"
    workflow.start(in_review, researcher)

    archive.public_draft = make_item(
        index,
        **canary_fields(DRAFT) | {"kind": "report"},
        files=[make_file(f"{DRAFT}.pdf", make_pdf([f"{DRAFT} draft text {WORD}"]))],
        publish=False,
    )
    archive.draft_references.append(archive.public_draft.reference)

    # A draft letter citing restricted evidence (its publish guard would refuse it).
    from tests.factories import make_letter_index

    letters = make_letter_index(home)
    archive.letter = make_letter(
        letters,
        title="Draft letter to a camera maker",
        body=[claim("Cameras watch the cells.", cite(archive.restricted["live"], "1"))],
        publish=False,
    )
    return archive


def revisions_of(page_id: int) -> list[int]:
    return list(
        Revision.page_revisions.filter(object_id=str(page_id))
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )


def _users() -> dict[str, User]:
    editors = Group.objects.get(name="Editors")
    moderators = Group.objects.get(name="Moderators")
    editor = User.objects.create_user("editor", password="x")
    editor.groups.add(editors)
    moderator = User.objects.create_user("moderator", password="x")
    moderator.groups.add(moderators)
    researcher = User.objects.create_user("researcher", password="x")
    researcher.groups.add(editors, moderators)
    researcher.user_permissions.add(
        Permission.objects.get(
            codename="view_restricted_evidence", content_type__app_label="archive"
        )
    )
    return {"editor": editor, "moderator": moderator, "researcher": researcher}
