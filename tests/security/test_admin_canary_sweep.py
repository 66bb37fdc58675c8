"""The canary sweep: every routed URL, GET, as anonymous, an Editor, a Moderator and a
researcher; restricted canaries reach only the researcher.

The archive is seeded by tests/security/canaries.py (restricted, draft, deleted, in moderation,
restricted after publishing, a restricted draft pending on a public item), read through the
real worker. Every pattern of the URLconf is filled with the ids of those items, their files,
revisions, source and workflow states, and of ordinary objects, and requested; listings are
asked again with a search for a word the canaries hold and as CSV/XLSX exports.
"""

from __future__ import annotations

import io
import zipfile

import pytest

from django.apps import apps
from django.test import Client

from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.models import Collection, Page, TaskState, WorkflowState

from archive.models import EvidenceFile, Source
from tests.search.conftest import engine_settings
from tests.security.canaries import DRAFT, SECRET, WORD, build_canary_archive, revisions_of
from tests.security.url_walk import Pattern, concrete_paths

pytestmark = pytest.mark.django_db(transaction=True)

# Patterns not requested, and why (each would change state or has no GET to leak through).
SKIPPED = {
    "admin/logout/": "logs the user out: the rest of the sweep would run anonymous",
    "admin/failwhale/": "Wagtail's deliberate 500, for testing error reporting",
}
SEARCH_VARIANTS = [f"?q={WORD}"]
EXPORT_VARIANTS = [f"?q={WORD}", "?export=csv", "?export=xlsx"]
API_VARIANTS = ["?child_of={index}", f"?search={WORD}", "?fields=*", "?type=archive.EvidencePage"]


@pytest.fixture(params=["database", "elasticsearch"])
def canary_archive(request, site_tree, work_queue):
    with engine_settings(request.param):
        archive = build_canary_archive(site_tree["index"], site_tree["home"])
        work_queue()
        for evidence_file in EvidenceFile.objects.all():
            assert evidence_file.status == "ready", (evidence_file.title, evidence_file.error)
        archive.engine = request.param
        yield archive


def viewers_for(archive) -> dict:
    """Everyone on the database's own engine. On Elasticsearch, the public only: the engine
    serves public search alone (admin search is Wagtail's database backend whatever
    ELASTICSEARCH_URL says: WAGTAILSEARCH_BACKENDS), so signed-in users would see the same
    admin twice."""
    if archive.engine == "elasticsearch":
        return {"anonymous": None}
    return {"anonymous": None, **archive.users}


def scenarios(archive) -> list[dict[str, str]]:
    """Values for the patterns' parameters: one set per item (canary or not), with its files,
    revisions, source, references and workflow states; the ordinary item's set comes first."""
    items = [archive.public_item, *archive.restricted.values(), archive.public_draft]
    found = []
    for item in items:
        files = list(EvidenceFile.objects.filter(item_links__item=item))
        found.append(_scenario(archive, item.pk, item, files[0] if files else None))
    # The deleted item: its page is gone, its revisions and file are not.
    deleted_file = EvidenceFile.objects.filter(title__startswith=f"{SECRET}deleted").get()
    found.append(_scenario(archive, archive.deleted_id, None, deleted_file))
    found.append(_scenario(archive, archive.index.pk, archive.index, None))
    found.append(_scenario(archive, archive.letter.pk, archive.letter, None))
    return found


def _scenario(archive, page_id, page, evidence_file) -> dict[str, str]:
    revisions = revisions_of(page_id)
    workflow_state = WorkflowState.objects.filter(object_id=str(page_id)).first()
    task_state = TaskState.objects.filter(workflow_state=workflow_state).first()
    values = {
        "page": page_id,
        "revision_id": revisions[-1] if revisions else None,
        "revision_id_a": revisions[0] if revisions else None,
        "revision_id_b": revisions[-1] if revisions else None,
        "file": evidence_file.pk if evidence_file else None,
        "filename": evidence_file.filename if evidence_file else None,
        "source": (
            page.specific.source_id
            if page and getattr(page.specific, "source_id", None)
            else archive.public_source.pk
        ),
        "reference": getattr(page.specific, "reference", None) if page else None,
        "url_path": page.specific.url.strip("/") + "/" if page and page.url else None,
        "workflow_state_id": workflow_state.pk if workflow_state else 1,
        "task_state_id": task_state.pk if task_state else 1,
        "task_id": task_state.task_id if task_state else 1,
    }
    return {name: str(value) for name, value in values.items() if value is not None}


PAGE_PARAMETERS = {"page_id", "parent_page_id", "page_to_move_id", "destination_id", "page_pk"}
FILE_PARAMETERS = {"document_id", "doc_id"}


def _pk_kind(pattern: Pattern) -> str:
    model = pattern.model
    if model is None:
        view = getattr(pattern.leaf.callback, "cls", None)
        name = getattr(view, "__name__", "")
        model = {"PagesAdminAPIViewSet": Page, "DocumentsAdminAPIViewSet": EvidenceFile}.get(name)
        if (
            "wagtailadmin_pages" in str(pattern.leaf.callback.__module__)
            or "pages/" in pattern.route
        ):
            model = model or Page
    if isinstance(model, str):
        model = apps.get_model(model)
    if model is not None and issubclass(model, Page):
        return "page"
    if model is EvidenceFile:
        return "file"
    return "source" if model is Source else "ordinary"


def fillings(archive, all_scenarios):
    constants = {
        "fmt": "bib",
        "slug": archive.public_source.slug,
        "content_type_app_name": "archive",
        "content_type_model_name": "evidencepage",
        "app_label": "archive",
        "model_name": "evidencepage",
        "app_name": "archive",
        "action_name": "approve",
        "action": "delete",
        "session_id": "1",
        "uploaded_file_id": "1",
        "image_id": "1",
        "filter_spec": "original",
        "uidb64": "MQ",
        "token": "set-password",
        "redirect_id": "1",
        "collection_id": str(Collection.get_first_root_node().pk),
        "page_view_restriction_id": "1",
        "object_id": str(archive.restricted["live"].pk),
        "pk": "1",
        "workflow_pk": "1",
    }

    def fill(pattern: Pattern) -> list[dict[str, str]]:
        names = pattern.parameters
        if not names:
            return [{}]
        result = []
        for scenario in all_scenarios:
            values = {}
            for name in names:
                if name in PAGE_PARAMETERS:
                    value = scenario.get("page")
                elif name in FILE_PARAMETERS:
                    value = scenario.get("file")
                elif name in (
                    "revision_id",
                    "revision_id_a",
                    "revision_id_b",
                    "filename",
                    "reference",
                    "task_state_id",
                    "workflow_state_id",
                    "task_id",
                ):
                    value = scenario.get(name)
                elif name == "slug" and "sources/" in pattern.route:
                    source = Source.objects.filter(pk=scenario.get("source")).first()
                    value = source.slug if source else None
                elif name in ("page_path", "_"):
                    value = scenario.get("url_path")
                elif name == "pk":
                    kind = _pk_kind(pattern)
                    value = {
                        "page": scenario.get("page"),
                        "file": scenario.get("file"),
                        "source": scenario.get("source"),
                    }.get(kind, constants["pk"])
                else:
                    value = constants.get(name, "1")
                if value is None:
                    break
                values[name] = value
            else:
                result.append(values)
        return result

    return fill


def _variants(archive, pattern: Pattern) -> list[str]:
    """Listings asked again with a search (and, where they export, as CSV and XLSX)."""
    if "admin/api/" in pattern.route and not pattern.parameters:
        return [v.format(index=archive.index.pk) for v in API_VARIANTS]
    view = getattr(pattern.leaf.callback, "view_class", None)
    if getattr(view, "list_export", None):
        return EXPORT_VARIANTS
    if not pattern.parameters or set(pattern.parameters) <= {"parent_page_id"}:
        return SEARCH_VARIANTS
    return []


def body_of(response) -> bytes:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body.startswith(b"PK\x03\x04"):  # XLSX and ZIP: the canary would hide in compression
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            body += b"".join(archive.read(name) for name in archive.namelist())
    return body


def _bulk_paths(archive) -> list[str]:
    """Bulk actions' confirmation pages list the chosen objects by title: every registered one,
    with each item's (or file's) id."""
    paths = []
    kinds = {"page": "page", "evidencepage": "page", "evidencefile": "file"}
    for app_label, models in bulk_action_registry.actions.items():
        for model_name, actions in models.items():
            kind = kinds.get(model_name)
            for action in actions if kind else ():
                for scenario in scenarios(archive):
                    if kind in scenario:
                        paths.append(
                            f"/admin/bulk/{app_label}/{model_name}/{action}/?id={scenario[kind]}"
                        )
    return paths


def sweep(archive, walk, viewers):
    """Every viewer asks every path (and, where the path answers 200, its variants): yields
    (viewer, path, status, secrets found in the body or headers)."""
    secrets = [SECRET, *archive.secret_references]
    public_secrets = [*secrets, DRAFT, *archive.draft_references]
    bulk = _bulk_paths(archive)
    for viewer, user in viewers.items():
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        watched = public_secrets if user is None else secrets
        queue = [(path, _variants(archive, pattern)) for pattern, path in walk.paths]
        queue += [(path, []) for path in bulk]
        for path, variants in queue:
            for asked in [path, *variants]:
                if asked is not path:
                    asked = path + asked
                response = client.get(asked)
                text = (
                    (body_of(response) + str(response.headers).encode())
                    .decode(errors="replace")
                    .lower()
                )
                found = [s for s in watched if s.lower() in text and s.lower() not in asked.lower()]
                yield viewer, asked, response.status_code, found
                if response.status_code != 200:
                    break  # a variant of a refused or redirected path says nothing new


def test_restricted_canaries_reach_only_the_researcher(canary_archive):
    archive = canary_archive
    walk = concrete_paths(fillings(archive, scenarios(archive)), SKIPPED)
    leaks, errors, seen_by_researcher, asked = [], [], {}, 0
    viewers = viewers_for(archive)
    for viewer, path, status, found in sweep(archive, walk, viewers):
        asked += 1
        if status >= 500:
            errors.append((viewer, path, status))
        elif viewer == "researcher":
            seen_by_researcher[path] = found
        elif found:
            leaks.append((viewer, path, status, found))

    print(f"{asked} requests over {len(walk.paths)} paths; patterns skipped:")
    for route, reason in sorted(walk.skipped.items()):
        print(f"  {route}: {reason}")
    assert not errors and not leaks, "\n".join(map(str, errors + leaks))
    # The sweep can see a canary: the researcher's edit view of each restricted item shows it.
    if "researcher" not in viewers:
        return
    for state, item in archive.restricted.items():
        edit = f"/admin/pages/{item.pk}/edit/"
        assert SECRET in seen_by_researcher[edit], (state, edit)
