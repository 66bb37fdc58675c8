"""The JSON API's routes, under /api/v1/ beside search's /api/v1/search/."""

from django.urls import path, re_path

import archive.converters  # noqa: F401  (registers <id:…>: ids the database can hold)
from api import views

app_name = "api"

urlpatterns = [
    path("api/v1/openapi.json", views.openapi, name="openapi"),
    path("api/v1/evidence/", views.evidence_list, name="evidence_list"),
    path("api/v1/evidence/<str:reference>/", views.evidence_detail, name="evidence"),
    path(
        "api/v1/evidence/<str:reference>/files/<id:file>/pages/<id:page>/",
        views.evidence_page,
        name="page",
    ),
    path("api/v1/letters/", views.letter_list, name="letter_list"),
    path("api/v1/letters/<str:letter>/", views.letter_detail, name="letter"),
    # Last, and mounted after search's /api/v1/search/: whatever else is asked under /api/v1/.
    re_path(r"^api/v1/(?P<rest>.*)$", views.not_found, name="not_found"),
]
