"""URLs of the evidence domain that live outside the Wagtail page tree."""

from django.urls import path

import archive.converters  # noqa: F401  (registers <id:…>: ids the database can hold)
from archive import views

app_name = "archive"

urlpatterns = [
    path("evidence/<str:reference>/", views.evidence_detail, name="evidence"),
    path("files/<id:pk>/preview.webp", views.serve_preview, name="preview"),
    path(
        "files/<id:pk>/pages/<int:width>/<int:number>.webp",
        views.serve_page_image,
        name="page_image",
    ),
    path(
        "files/<id:pk>/pages/words/<int:number>.json",
        views.serve_page_words,
        name="page_words",
    ),
    path("files/<id:pk>/<path:filename>", views.serve_file, name="file"),
    path("sources/<slug:slug>/", views.source_detail, name="source"),
]
