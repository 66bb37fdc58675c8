"""Public search URLs: the page (in each interface language, config/urls.py) and the read-only
JSON API (one address, no language prefix)."""

from django.urls import path

from search import views

app_name = "search"

page_urlpatterns = [path("search/", views.search_page, name="search")]
api_urlpatterns = [path("api/v1/search/", views.search_api, name="api")]
urlpatterns = page_urlpatterns + api_urlpatterns
