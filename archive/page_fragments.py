"""What other apps add to the evidence page, through named Wagtail hooks.

The evidence page belongs to the archive; letters (and later other apps) add to it the way
`wagtail/documents/views/serve.py` lets others in with `before_serve_document`: the archive asks
every function registered under a hook name and renders what they give, without importing them.

- `evidence_page_head`, called as `fn(request, page)`: HTML for the page's `<head>` (meta tags,
  links), or "".
- `evidence_page_after_metadata`, `fn(request, page)`: HTML right after the item's metadata,
  near the top where a phone reaches it ("Cite this"), or "".
- `evidence_page_after_files`, `fn(request, page)`: HTML after the files ("Cited in"), or "".
- `evidence_page_text_marks`, `fn(request, entry)` with entry one file's `{"file", "pages", ...}`:
  `{page number: [(start, end), ...]}`, spans of the page texts to mark.

Functions must be cheap: the evidence page is the archive's hottest path.
"""

from __future__ import annotations

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from wagtail import hooks

HEAD = "evidence_page_head"
AFTER_METADATA = "evidence_page_after_metadata"
AFTER_FILES = "evidence_page_after_files"
TEXT_MARKS = "evidence_page_text_marks"
FRAGMENT_HOOKS = frozenset({HEAD, AFTER_METADATA, AFTER_FILES})


def fragments(hook_name: str, request, page) -> SafeString:
    """Everything registered under hook_name for this page, in registration order (plain
    strings escaped, SafeStrings kept)."""
    if hook_name not in FRAGMENT_HOOKS:
        raise ValueError(f"not an evidence page fragment hook: {hook_name!r}")
    parts = (fn(request, page) for fn in hooks.get_hooks(hook_name))
    return mark_safe("\n".join(conditional_escape(part) for part in parts if part))  # noqa: S308


def text_marks(request, entry: dict) -> dict[int, list[tuple[int, int]]]:
    """The spans every registered function asks to mark on this file's pages, merged."""
    marks: dict[int, list[tuple[int, int]]] = {}
    for fn in hooks.get_hooks(TEXT_MARKS):
        for number, spans in (fn(request, entry) or {}).items():
            marks.setdefault(number, []).extend(spans)
    return marks
