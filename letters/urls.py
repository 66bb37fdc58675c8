"""Citation downloads. Mounted by config/urls.py ahead of Wagtail's page tree, because the tree's
URLs cannot end in a file name: /evidence/<reference>/cite.bib, <letter URL>cite.ris,
<letter URL>evidence-pack.zip."""

from django.urls import path, re_path

from letters import views

app_name = "letters"

urlpatterns = [
    path(
        "evidence/<str:reference>/cite.<str:fmt>",
        views.evidence_cite,
        name="evidence_cite",
    ),
    re_path(
        r"^(?P<page_path>(?:[\w\-]+/)+)cite\.(?P<fmt>bib|ris|json)$",
        views.page_bibliography,
        name="page_bibliography",
    ),
    re_path(
        r"^(?P<page_path>(?:[\w\-]+/)+)evidence-pack\.zip$",
        views.page_evidence_pack,
        name="page_evidence_pack",
    ),
]
