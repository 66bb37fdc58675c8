"""The interface's language in templates: links that keep the reader's language, the language
switcher's links, and an item's language on its text (lang= and dir=)."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


@register.filter
def in_language(path) -> str:
    """The public page at `path` in the interface's current language: "/search/" under a
    Tibetan page is "/bo/search/". Machine addresses (files, API) and other sites' come back as
    they are; so does a path already in the language."""
    path = str(path or "")
    if not path.startswith("/") or path.startswith("//"):
        return path
    return path_in(path, translation.get_language() or settings.LANGUAGE_CODE)


def path_in(path: str, language: str) -> str:
    """`path` (in whichever language its prefix says) in `language`. Django's translate_url
    resolves the path in the active language only, so it is asked in the path's own."""
    with translation.override(translation.get_language_from_path(path) or settings.LANGUAGE_CODE):
        return translate_url(path, language)


@register.simple_tag(takes_context=True)
def language_links(context, here: str = "") -> list[dict]:
    """One link per interface language to the page being read (or to `here`: an error page must
    not echo the address it was asked for), in that language, named in it."""
    request = context.get("request")
    if not here:
        here = request.get_full_path() if request is not None else "/"
    current = translation.get_language()
    links = []
    for code, name in settings.LANGUAGES:
        info = translation.get_language_info(code)
        links.append(
            {
                "code": code,
                # "English", not Django's "British English": the switcher names languages.
                "name": name if code == settings.LANGUAGE_CODE else info["name_local"],
                "url": path_in(here, code),
                "current": code == current,
                "dir": "rtl" if info["bidi"] else "ltr",
            }
        )
    return links


@register.simple_tag
def text_lang(language_code) -> str:
    """lang= and dir="auto" for text in `language_code` (an item's or a page's), so a screen
    reader speaks it in its language and Uyghur runs right to left inside an English page; dir=
    alone when the language is not known ("" or "other"): the browser takes the direction from
    the text itself."""
    code = str(language_code or "").strip()
    if not code or code == "other":
        return mark_safe('dir="auto"')
    return format_html('lang="{}" dir="auto"', code)


@register.simple_tag
def print_page_counter() -> str:
    """The words print.css puts around counter(page) and counter(pages) in each printed page's
    margin, in the page's language ("Page 2 of 5", "第 2 页，共 5 页"): CSS cannot translate, so
    the root element carries them as data-* attributes. A translation must keep the page
    before the page count."""
    words = gettext("Page %(page)s of %(pages)s")
    before, _, rest = words.partition("%(page)s")
    middle, _, after = rest.partition("%(pages)s")
    return format_html(
        'data-print-page-before="{}" data-print-page-middle="{}" data-print-page-after="{}"',
        before,
        middle,
        after,
    )
