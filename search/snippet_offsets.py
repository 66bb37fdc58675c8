"""A snippet as plain text with the offsets of its matched words, for API clients that do not
want to parse HTML: the text the snippet shows, unescaped, and [start, end) pairs in Unicode
code points (Python's str indices; a JavaScript client counting UTF-16 units must convert for
characters outside the Basic Multilingual Plane)."""

from __future__ import annotations

from html.parser import HTMLParser


class _Marks(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.length = 0
        self.opened: int | None = None
        self.marks: list[list[int]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "mark" and self.opened is None:
            self.opened = self.length

    def handle_endtag(self, tag):
        if tag == "mark" and self.opened is not None:
            if self.length > self.opened:
                self.marks.append([self.opened, self.length])
            self.opened = None

    def handle_data(self, data):
        self.parts.append(data)
        self.length += len(data)


def plain_snippet(html: str) -> tuple[str, list[list[int]]]:
    """The snippet's text and where each <mark> falls in it."""
    parser = _Marks()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts), parser.marks
