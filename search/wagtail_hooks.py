"""What search adds to the evidence page: the words of the search that led there (a hit's link
carries them as ?q=…), marked on the page texts."""

import itertools
import re

from wagtail import hooks

from archive import page_fragments

WORD = re.compile(r"\w+")
OPERATORS = frozenset({"and", "or", "not"})
MAX_QUERY = 200
MAX_WORDS = 10
MAX_MARKS_PER_PAGE = 50


def search_word_pattern(query: str) -> re.Pattern | None:
    """The query's words, each matched at the start of a word and as a prefix ("camera" marks
    "cameras": what the engines' stemming also finds), ignoring case; None without words."""
    words = {w for w in WORD.findall(query[:MAX_QUERY].casefold()) if w not in OPERATORS}
    words = sorted((w for w in words if len(w) > 1), key=len, reverse=True)[:MAX_WORDS]
    if not words:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")\w*", re.IGNORECASE)


@hooks.register(page_fragments.TEXT_MARKS)
def evidence_search_word_marks(request, entry):
    pattern = search_word_pattern(request.GET.get("q", "")) if request else None
    if pattern is None:
        return {}
    marks = {}
    for page in entry["pages"]:
        found = itertools.islice(pattern.finditer(page.text), MAX_MARKS_PER_PAGE)
        spans = [match.span() for match in found]
        if spans:
            marks[page.number] = spans
    return marks
