"""Root URLs: the machine routes (admin, sitemap, API, guarded files) at one address each, then
the public pages (stable evidence URLs, citation downloads, search, Wagtail's page tree) in each
interface language: English at today's URLs, the others under /zh-hans/, /zh-hant/, /bo/, /ug/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap

from search import urls as search_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("sitemap.xml", sitemap),
    # Ahead of api.urls, whose last route answers whatever else is asked under /api/v1/.
    path("", include((search_urls.api_urlpatterns, "search"), namespace="search_api")),
    path("", include("api.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

# archive.urls holds the files' routes too: they are reversed without a prefix
# (archive.unprefixed), so a file, a page image or a preview has one address in every language.
urlpatterns += i18n_patterns(
    path("", include("archive.urls")),
    path("", include("letters.urls")),
    path("", include((search_urls.page_urlpatterns, "search"))),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
