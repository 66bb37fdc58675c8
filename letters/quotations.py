"""Checking a quotation against the stored text of the cited page(s), and finding it to mark it.

Pure functions, no database: the caller passes the page texts. Text extracted from a PDF differs
from what a researcher types in ways that do not change the words: line breaks, words hyphenated
across lines, curly or straight quotes, ligatures, composed or decomposed accents, full-width forms,
soft hyphens. Both sides are normalised the same way before comparing, and every normalised
character remembers where it came from, so a match can be marked in the original text.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import models


class CheckResult(models.TextChoices):
    FOUND = "found_on_cited_page", "Found on the cited page"
    FOUND_ELSEWHERE = "found_on_other_page", "Found on another page"
    NOT_FOUND = "not_found", "Not found"
    TEXT_UNAVAILABLE = "text_unavailable", "Text not yet available"
    NOT_QUOTED = "not_quoted", "No quotation to check"
    NEEDS_CITATION = "needs_citation", "Claim needs evidence but cites none"


# Results a researcher should look at before publishing.
ATTENTION_RESULTS = frozenset(
    {
        CheckResult.FOUND_ELSEWHERE,
        CheckResult.NOT_FOUND,
        CheckResult.TEXT_UNAVAILABLE,
        CheckResult.NEEDS_CITATION,
    }
)

_TRANSLATE = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u0060\u00b4", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    # Editorial brackets in a quotation ("[T]he cameras") are not in the source; dropping them on
    # both sides lets the bracketed letters still match.
    "[": "",
    "]": "",
}
_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_ELLIPSIS = re.compile(r"\s*(?:\[\s*\.\.\.\s*\]|\.\.\.)\s*")


@dataclass(frozen=True)
class Normalised:
    """Normalised text, and for each of its characters the [start, end) it came from."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        return self.starts[start], self.ends[end - 1]


def _clusters(text: str):
    """A base character with the combining marks after it, so é and e+◌́ normalise alike."""
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or not unicodedata.combining(text[i]):
            yield start, i
            start = i


def _characters(text: str):
    """(character, start, end, is_line_break) after Unicode, quote and case folding."""
    for start, end in _clusters(text):
        cluster = text[start:end]
        for ch in unicodedata.normalize("NFKC", cluster) if not cluster.isascii() else cluster:
            if ch in _INVISIBLE:
                continue
            if ch in _LINE_BREAKS:
                yield " ", start, end, True
            elif ch.isspace():
                yield " ", start, end, False
            else:
                for folded in _TRANSLATE.get(ch, ch).casefold():
                    yield folded, start, end, False


def normalise_with_map(text: str) -> Normalised:
    chars = list(_characters(text))
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = 0
    while i < len(chars):
        ch, start, end, _ = chars[i]
        if ch == "-":
            # A word hyphenated across a line break joins up ("sur-\nveillance"), and a hyphen
            # inside a word is dropped, so "hard-coded", "hard-\ncoded" and "hardcoded" agree.
            j = i + 1
            line_break = False
            while j < len(chars) and chars[j][0] == " ":
                line_break = line_break or chars[j][3]
                j += 1
            before = out[-1] if out else ""
            after = chars[j][0] if j < len(chars) else ""
            if before.isalnum() and after.isalpha() and line_break:
                i = j
                continue
            if before.isalnum() and after.isalnum() and j == i + 1:
                i += 1
                continue
        if ch == " ":
            if not out or out[-1] == " ":
                i += 1
                continue
        out.append(ch)
        starts.append(start)
        ends.append(end)
        i += 1
    if out and out[-1] == " ":
        out.pop()
        starts.pop()
        ends.pop()
    return Normalised("".join(out), tuple(starts), tuple(ends))


def normalise(text: str) -> str:
    return normalise_with_map(text).text


def quotation_parts(quotation: str) -> list[str]:
    """The normalised pieces of a quotation; an ellipsis ("…", "...", "[...]") marks an omission."""
    text = unicodedata.normalize("NFKC", quotation).strip().strip("\"'\u201c\u201d\u2018\u2019")
    return [normalise(part) for part in _ELLIPSIS.split(text) if normalise(part)]


@dataclass(frozen=True)
class PageSpan:
    page: int
    start: int
    end: int


class FileText:
    """The pages of one file joined into one normalised text, for matches across page breaks."""

    def __init__(self, pages: Sequence[tuple[int, str]]):
        self.numbers = [number for number, _ in pages]
        self.offsets: list[int] = []
        raw: list[str] = []
        position = 0
        for _, text in pages:
            self.offsets.append(position)
            raw.append(text)
            position += len(text) + 1
        # A line break between pages lets a word hyphenated across the page break join up.
        self.raw = "\n".join(raw)
        self.normalised = normalise_with_map(self.raw)
        self.has_text = bool(self.normalised.text)

    def find_all(self, parts: Sequence[str]) -> list[list[PageSpan]]:
        """Every occurrence of the parts in order, each as the page spans it covers."""
        if not parts or not self.has_text:
            return []
        text = self.normalised.text
        matches = []
        start = text.find(parts[0])
        while start != -1:
            spans = [(start, start + len(parts[0]))]
            cursor = start + len(parts[0])
            for part in parts[1:]:
                found = text.find(part, cursor)
                if found == -1:
                    return matches
                spans.append((found, found + len(part)))
                cursor = found + len(part)
            matches.append([s for a, b in spans for s in self._page_spans(a, b)])
            start = text.find(parts[0], start + 1)
        return matches

    def _page_spans(self, start: int, end: int) -> list[PageSpan]:
        raw_start, raw_end = self.normalised.source_span(start, end)
        spans = []
        first = bisect.bisect_right(self.offsets, raw_start) - 1
        last = bisect.bisect_right(self.offsets, raw_end - 1) - 1
        for index in range(first, last + 1):
            page_start = self.offsets[index]
            page_end = page_start + len(self.raw_page(index))
            a, b = max(raw_start, page_start), min(raw_end, page_end)
            if a < b:
                spans.append(PageSpan(self.numbers[index], a - page_start, b - page_start))
        return spans

    def raw_page(self, index: int) -> str:
        end = self.offsets[index + 1] - 1 if index + 1 < len(self.offsets) else len(self.raw)
        return self.raw[self.offsets[index] : end]


@dataclass(frozen=True)
class FilePages:
    """What the checker knows of one file of the cited item: its page texts, if read."""

    pages: Sequence[tuple[int, str]]
    readable: bool = True  # False while the file is pending, processing, or has no text


@dataclass(frozen=True)
class QuotationCheck:
    result: CheckResult
    pages: tuple[int, ...] = ()  # the pages the quotation was found on
    file_position: int = 0  # which of the item's files (0 = the first)

    @property
    def first_page(self) -> int | None:
        return self.pages[0] if self.pages else None


def check_quotation(
    quotation: str,
    files: Sequence[FilePages],
    *,
    cited_pages: tuple[int, int] | None = None,
    file_position: int = 0,
) -> QuotationCheck:
    """Where the quotation stands in the cited item's files, compared with where it is cited.

    `cited_pages` is the pinpoint (first, last) in the file at `file_position`; without one, a
    quotation anywhere in that file counts as found on the cited page.
    """
    parts = quotation_parts(quotation)
    if not parts:
        return QuotationCheck(CheckResult.NOT_QUOTED)
    texts = {n: FileText(f.pages) for n, f in enumerate(files) if f.readable}
    cited = texts.get(file_position)
    if cited is not None:
        matches = cited.find_all(parts)
        for spans in matches:
            pages = tuple(sorted({s.page for s in spans}))
            if cited_pages is None or any(cited_pages[0] <= p <= cited_pages[1] for p in pages):
                return QuotationCheck(CheckResult.FOUND, pages, file_position)
        if matches:
            pages = tuple(sorted({s.page for s in matches[0]}))
            return QuotationCheck(CheckResult.FOUND_ELSEWHERE, pages, file_position)
    for position, text in texts.items():
        if position == file_position:
            continue
        matches = text.find_all(parts)
        if matches:
            pages = tuple(sorted({s.page for s in matches[0]}))
            return QuotationCheck(CheckResult.FOUND_ELSEWHERE, pages, position)
    if cited is None or not cited.has_text:
        return QuotationCheck(CheckResult.TEXT_UNAVAILABLE, file_position=file_position)
    return QuotationCheck(CheckResult.NOT_FOUND, file_position=file_position)


def quotation_marks(
    quotation: str, pages: Sequence[tuple[int, str]], letters: PageLetters | None = None
) -> dict[int, list]:
    """Where to mark the quotation's occurrences: {page number: [(start, end), ...]}.

    Normalising with a map costs ~1 µs a character in Python (0.33 s for a 352-page book, on
    every footnote link with a new quotation), so it runs only on the pages that can hold a
    match: those where the quotation's letters and digits occur in the page's, found by C-speed
    string operations (candidate_runs). `letters`, the pages' PageLetters, may be kept by the
    caller between requests: it is most of what is left of the cost."""
    parts = quotation_parts(quotation)
    marks: dict[int, list] = {}
    for run in candidate_runs(parts, pages, letters or PageLetters(pages)):
        for spans in FileText(run).find_all(parts):
            for span in spans:
                marks.setdefault(span.page, []).append((span.start, span.end))
    return marks


_NOT_ALNUM = re.compile(r"[\W_]+")
# A quotation of a few common letters occurs on most pages; marking its first occurrences is
# what a reader needs, and looking at every page would bring back the full cost.
MAX_CANDIDATES = 100


def letters_only(text: str) -> str:
    """Only the letters and digits of text, folded as normalise_with_map folds them. Whatever
    normalise_with_map joins, drops or maps (hyphens, spaces, quotes, brackets, invisible
    characters) is not a letter or digit, so if a quotation matches a page after normalising,
    its letters and digits occur in the page's letters and digits."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return _NOT_ALNUM.sub("", text.casefold())


class PageLetters:
    """A file's pages as letters and digits only (letters_only), joined, with where each starts."""

    def __init__(self, pages: Sequence[tuple[int, str]]):
        projected = [letters_only(text) for _, text in pages]
        self.offsets: list[int] = []
        position = 0
        for text in projected:
            self.offsets.append(position)
            position += len(text)
        self.joined = "".join(projected)


def candidate_runs(
    parts: Sequence[str], pages: Sequence[tuple[int, str]], letters: PageLetters
) -> list[Sequence[tuple[int, str]]]:
    """The runs of consecutive pages that can hold a match of the parts (an exact match lies
    within one run): for a quotation in one part, the pages of each occurrence of its letters;
    for one with omissions, from the first part's first page to the last part's last."""
    if not parts:
        return []
    keys = [letters_only(part) for part in parts]
    if not all(keys):  # punctuation alone: nothing to narrow the search by
        return [pages]
    joined, offsets = letters.joined, letters.offsets

    def pages_of(key: str) -> list[tuple[int, int]]:
        found, start = [], joined.find(key)
        while start != -1 and len(found) < MAX_CANDIDATES:
            first = bisect.bisect_right(offsets, start) - 1
            found.append((first, bisect.bisect_right(offsets, start + len(key) - 1) - 1))
            start = joined.find(key, start + 1)
        return found

    if len(keys) > 1:
        first, last = pages_of(keys[0]), pages_of(keys[-1])
        if not first or not last or last[-1][1] < first[0][0]:
            return []
        return [pages[first[0][0] : last[-1][1] + 1]]
    indexes = sorted({i for a, b in pages_of(keys[0]) for i in range(a, b + 1)})
    runs: list[list[int]] = []
    for index in indexes:
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    return [pages[run[0] : run[-1] + 1] for run in runs]
