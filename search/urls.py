"""Public search URLs: the page and the read-only JSON API."""

from django.urls import path

from search import views

app_name = "search"

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("api/v1/search/", views.search_api, name="api"),
]
