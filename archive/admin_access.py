"""Restricted evidence in the admin: who may see it is the one rule of the public site
(`user_can_view_restricted`); what is restricted here also counts drafts, revisions and files.

Wagtail asks permission policies and page permission testers before it lists, shows or acts on
anything; this module gives it ones that leave restricted evidence out for users without
`archive.view_restricted_evidence`, so each admin view needs no code of its own:

- pages: `RestrictedPagePermissionPolicy` (explorer, search, reports, the admin API, the site
  history, workflow reports) and `HiddenPagePermissionTester` (every action on one page);
- files (the Wagtail document model): `RestrictedDocumentPermissionPolicy` (index, chooser,
  edit, delete, usage);
- the rest through named hooks in archive/wagtail_hooks.py, and `RestrictedAdminMiddleware`,
  which answers 404 — the public side's answer for a restricted item — to an admin URL that
  names a hidden page, revision, file or source, instead of the 403 a denied permission gives.

In the admin an item is restricted when its access level is restricted, or its latest revision
(a draft waiting to be published) makes it so; a file is restricted when a restricted item or
any revision saved as restricted holds it, or when no item holds it and someone else uploaded
it; a source, when only restricted items and revisions name it. A revision saved as
restricted stays hidden even after the item is made public again: what a witness said while
restricted is not published by a later edit.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from wagtail.models import Page, PagePermissionTester, Revision, TaskState, WorkflowState
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy

from archive.choices import AccessLevel
from archive.models import EvidenceFile, EvidencePage, user_can_view_restricted

RESTRICTED = AccessLevel.RESTRICTED


# --- What is restricted ------------------------------------------------------------------------


def restricted_pages():
    """Evidence items restricted now or by their latest revision."""
    return EvidencePage.objects.filter(
        Q(access_level=RESTRICTED) | Q(latest_revision__content__access_level=RESTRICTED)
    )


def restricted_revisions():
    """Revisions saved as restricted, and every revision of a restricted item."""
    restricted_ids = restricted_pages().values_list("pk", flat=True)
    return Revision.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
    ).filter(
        Q(content__access_level=RESTRICTED) | Q(object_id__in=[str(pk) for pk in restricted_ids])
    )


def _restricted_holdings() -> tuple[set[int], set[int]]:
    """The ids of files and sources that restricted items or revisions hold."""
    files, sources = set(), set()
    files.update(
        EvidenceFile.objects.filter(item_links__item__in=restricted_pages()).values_list(
            "pk", flat=True
        )
    )
    sources.update(restricted_pages().exclude(source=None).values_list("source_id", flat=True))
    held = restricted_revisions().values_list("content__file_links", "content__source")
    for links, source in held:
        files.update(link["file"] for link in links or () if link.get("file"))
        if source:
            sources.add(source)
    return files, sources


def _cached(user, name: str, compute):
    """Asked many times a request (each listing row, each check): computed once per user object,
    as Wagtail caches a user's permissions."""
    attribute = f"_archive_{name}"
    if not hasattr(user, attribute):
        setattr(user, attribute, frozenset(compute()))
    return getattr(user, attribute)


def hidden_page_ids(user) -> frozenset[int]:
    if user_can_view_restricted(user):
        return frozenset()
    return _cached(user, "hidden_pages", lambda: restricted_pages().values_list("pk", flat=True))


def hidden_revision_ids(user) -> frozenset[int]:
    if user_can_view_restricted(user):
        return frozenset()
    return _cached(
        user, "hidden_revisions", lambda: restricted_revisions().values_list("pk", flat=True)
    )


def hidden_file_ids(user) -> frozenset[int]:
    """Files restricted items or revisions hold (a file a public item also holds stays hidden
    here: the admin must not be the way a restricted original is found), and files no item
    holds that someone else uploaded: Wagtail deletes a deleted item's revisions with it, so a
    restricted item's file left behind cannot be told from any other."""
    if user_can_view_restricted(user):
        return frozenset()

    def compute():
        unheld = EvidenceFile.objects.filter(item_links=None)
        if user.is_authenticated:
            unheld = unheld.exclude(uploaded_by_user=user)
        return _restricted_holdings()[0] | set(unheld.values_list("pk", flat=True))

    return _cached(user, "hidden_files", compute)


def hidden_source_ids(user) -> frozenset[int]:
    """Sources named only by restricted items or revisions: a witness may be their own source."""
    if user_can_view_restricted(user):
        return frozenset()

    def compute():
        sources = _restricted_holdings()[1]
        shown = (
            EvidencePage.objects.exclude(pk__in=restricted_pages().values("pk"))
            .filter(source__in=sources)
            .values_list("source_id", flat=True)
        )
        return sources - set(shown)

    return _cached(user, "hidden_sources", compute)


def pages_visible_to(user, pages):
    """`pages` (any page queryset) without the restricted evidence `user` may not see."""
    if user_can_view_restricted(user):
        return pages
    return pages.exclude(pk__in=restricted_pages().values("pk"))


def files_visible_to(user, files):
    hidden = hidden_file_ids(user)
    return files.exclude(pk__in=hidden) if hidden else files


def sources_visible_to(user, sources):
    hidden = hidden_source_ids(user)
    return sources.exclude(pk__in=hidden) if hidden else sources


# --- Permission policies and the page permission tester ---------------------------------------


class RestrictedPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page policy, without restricted evidence for users who may not see it."""

    def instances_user_has_any_permission_for(self, user, actions):
        return pages_visible_to(user, super().instances_user_has_any_permission_for(user, actions))

    def explorable_instances(self, user):
        return pages_visible_to(user, super().explorable_instances(user))

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if instance.pk in hidden_page_ids(user):
            return False
        return super().user_has_any_permission_for_instance(user, actions, instance)


class RestrictedDocumentPermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's document policy, without restricted files for users who may not see them."""

    def instances_user_has_any_permission_for(self, user, actions):
        return files_visible_to(user, super().instances_user_has_any_permission_for(user, actions))

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if instance.pk in hidden_file_ids(user):
            return False
        return super().user_has_any_permission_for_instance(user, actions, instance)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)


class HiddenPagePermissionTester(PagePermissionTester):
    """For a restricted item and a user without the permission: no action at all, so a view
    that is reached another way than its URL (a button, a bulk action) still refuses."""

    def __init__(self, user, page):
        super().__init__(user, page)
        self.permissions = set()


def _refuse(*args, **kwargs) -> bool:
    return False


for _name in dir(PagePermissionTester):
    if _name.startswith(("can_", "user_can_", "user_has_lock", "page_locked")):
        setattr(HiddenPagePermissionTester, _name, _refuse)


def page_permission_tester(user, page) -> PagePermissionTester:
    if page.pk in hidden_page_ids(user):
        return HiddenPagePermissionTester(user, page)
    return PagePermissionTester(user, page)


# --- 404 for an admin URL that names something hidden ------------------------------------------

PAGE_PARAMETERS = {"page_id", "parent_page_id", "page_to_move_id", "destination_id", "page_pk"}
FILE_PARAMETERS = {"document_id", "doc_id"}
REVISION_PARAMETERS = {"revision_id", "revision_id_a", "revision_id_b"}
# Where a bare `pk` names a page, a file or a source (the namespaces Wagtail gives them).
PK_NAMESPACES = {
    "wagtailadmin_pages": "page",
    "evidence_chooser": "page",
    "pages": "page",  # wagtailadmin_api:pages
    "wagtaildocs": "file",
    "wagtaildocs_chooser": "file",
    "documents": "file",  # wagtailadmin_api:documents
    "wagtailsnippets_archive_source": "source",
    "wagtailsnippetchoosers_archive_source": "source",
}
BULK_MODELS = {("wagtailcore", "page"): "page", ("archive", "evidencepage"): "page"}
BULK_MODELS[("archive", "evidencefile")] = "file"
PAGE_MODELS = {("wagtailcore", "page"), ("archive", "evidencepage")}


def _as_ids(values) -> set[int]:
    return {int(value) for value in values if str(value).isdigit()}


def names_hidden_object(request, match) -> bool:
    """Does this admin URL (its path parameters, or a bulk action's ?id=) name a page, revision,
    file or source that the user may not see?"""
    user = request.user
    if user_can_view_restricted(user) or not user.is_authenticated:
        return False
    kwargs = match.kwargs
    wanted = {"page": set(), "file": set(), "revision": set(), "source": set()}
    for name, value in kwargs.items():
        if name in PAGE_PARAMETERS:
            wanted["page"] |= _as_ids([value])
        elif name in FILE_PARAMETERS:
            wanted["file"] |= _as_ids([value])
        elif name in REVISION_PARAMETERS:
            wanted["revision"] |= _as_ids([value])
        elif name == "pk":
            kind = next((PK_NAMESPACES[n] for n in match.namespaces if n in PK_NAMESPACES), None)
            if kind:
                wanted[kind] |= _as_ids([value])
        elif name in ("task_state_id", "workflow_state_id"):
            states = (
                TaskState.objects.filter(pk=value).values_list("workflow_state__object_id")
                if name == "task_state_id"
                else WorkflowState.objects.filter(pk=value).values_list("object_id")
            )
            wanted["page"] |= _as_ids(object_id for (object_id,) in states)
    if (kwargs.get("app_label"), kwargs.get("model_name")) in PAGE_MODELS and "object_id" in kwargs:
        wanted["page"] |= _as_ids([kwargs["object_id"]])
    bulk = BULK_MODELS.get((kwargs.get("app_label"), kwargs.get("model_name")))
    if match.url_name == "wagtail_bulk_action" and bulk:
        wanted[bulk] |= _as_ids(request.GET.getlist("id"))
    return bool(
        wanted["page"] & hidden_page_ids(user)
        or wanted["revision"] & hidden_revision_ids(user)
        or wanted["file"] & hidden_file_ids(user)
        or wanted["source"] & hidden_source_ids(user)
    )


# Who is looking, for what renders without a request: a chooser widget showing the chosen item's
# title inside a form (a letter's citation of restricted evidence, edited by an Editor).
_viewer: ContextVar = ContextVar("archive_admin_viewer", default=None)


def page_hidden_from_viewer(page_id: int) -> bool:
    """Is this item restricted and the current request's user (if any) without the
    permission? Outside a request nobody is known to have it."""
    viewer = _viewer.get()
    if viewer is not None:
        return page_id in hidden_page_ids(viewer)
    return restricted_pages().filter(pk=page_id).exists()


class RestrictedAdminMiddleware:
    """404 for an admin URL naming something restricted, before its view runs: the same answer
    as for an id that does not exist, so the admin tells no one that it does."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _viewer.set(request.user)
        try:
            return self.get_response(request)
        finally:
            _viewer.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (
            match is None
            or "wagtailadmin" not in (match.app_names or [])
            and not (request.path.startswith(_admin_prefix()))
        ):
            return None
        if names_hidden_object(request, match):
            raise Http404
        return None

    def process_exception(self, request, exception):
        """Publishing from anywhere but the edit form (a workflow's approval, a revision's
        publish, a bulk action) reaches `shared_file_guard` inside Wagtail's transaction, which
        rolls back: answer with the reason and the page the user came from, not a 500."""
        from archive.services.restriction import SharedFileError

        if not isinstance(exception, SharedFileError) or not request.path.startswith(
            _admin_prefix()
        ):
            return None
        messages.error(request, exception.message_for(request.user))
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = _admin_prefix()
        return redirect(back)


def _admin_prefix() -> str:
    from django.urls import reverse

    return reverse("wagtailadmin_home")
