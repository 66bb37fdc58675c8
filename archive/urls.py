"""URLs of the evidence domain that live outside the Wagtail page tree."""

from django.urls import path

from archive import views

app_name = "archive"

urlpatterns = [
    path("evidence/<str:reference>/", views.evidence_detail, name="evidence"),
    path("files/<int:pk>/preview.webp", views.serve_preview, name="preview"),
    path("files/<int:pk>/<path:filename>", views.serve_file, name="file"),
    path("sources/<slug:slug>/", views.source_detail, name="source"),
]
