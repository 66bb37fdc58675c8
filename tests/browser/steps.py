"""A researcher's hands in the browser, counted: every click (a press, a drag, a file picked)
and every typed character goes through these helpers, so a test's count of the steps a task
takes is measured, not written by hand."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Researcher:
    page: object  # a Playwright Page
    clicks: int = 0
    typed: int = 0
    log: list[str] = field(default_factory=list)

    def _count(self, clicks: int, what: str, typed: int = 0) -> None:
        self.clicks += clicks
        self.typed += typed
        self.log.append(what)

    def click(self, selector: str, **kwargs) -> None:
        self.page.locator(selector).first.click(**kwargs)
        self._count(1, f"click {selector}")

    def open(self, url: str) -> None:
        """Following a bookmark or the browser's history: one click, nothing typed."""
        self.page.goto(url)
        self._count(1, f"open {url}")

    def type(self, selector: str, text: str) -> None:
        """Click into a field (unless it has the focus already) and type. The admin moves the
        focus into a block it has just added a moment later (a run on 2026-12-02 looked first and
        counted a 19th click): a person starts typing after half a second, so the focus has that
        long to arrive."""
        target = self.page.locator(selector).first
        for _ in range(10):
            focused = target.evaluate(
                "(el) => el === document.activeElement || el.contains(document.activeElement)"
            )
            if focused:
                break
            self.page.wait_for_timeout(50)
        if not focused:
            target.click()
        target.press_sequentially(text)
        self._count(0 if focused else 1, f"type {len(text)} into {selector}", typed=len(text))

    def pick_file(self, selector: str, path: str) -> None:
        """Press the file button, then pick the file in the system's dialog: two clicks. The
        press takes the focus, as a real one does (the field left behind sees its change: the
        admin fills the slug from the title then)."""
        target = self.page.locator(selector).first
        target.focus()
        target.set_input_files(path)
        self._count(2, f"pick {path}")

    def select_text(self, selector: str, words: str) -> None:
        """Press at the first letter of `words` inside the element, drag to its last, release:
        one click's worth of effort (a drag)."""
        target = self.page.locator(selector).first
        target.scroll_into_view_if_needed()
        # A researcher presses once the words are there to press on: still (a scroll into view
        # may glide, an image loading above them moves them; two looks 50 ms apart agree) and
        # uncovered at both ends (the chooser's backdrop fades out over them after an item is
        # chosen: a press on it began the selection elsewhere, the cause of the misses of
        # 2026-12-01).
        box = seen = None
        for _ in range(100):
            seen = target.evaluate(
                """(el, words) => {
                    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
                    let node;
                    while ((node = walker.nextNode())) {
                        const at = node.data.indexOf(words);
                        if (at === -1) continue;
                        const range = document.createRange();
                        range.setStart(node, at);
                        range.setEnd(node, at + words.length);
                        const rects = range.getClientRects();
                        const first = rects[0], last = rects[rects.length - 1];
                        const box = {
                            x1: first.left + 1, y1: first.top + first.height / 2,
                            x2: last.right - 1, y2: last.top + last.height / 2,
                        };
                        const on = (x, y) => el.contains(document.elementFromPoint(x, y));
                        box.uncovered = on(box.x1, box.y1) && on(box.x2, box.y2);
                        box.still = [...document.images].every((image) => image.complete);
                        return box;
                    }
                    return null;
                }""",
                words,
            )
            if seen is not None and seen == box and seen["uncovered"] and seen["still"]:
                break
            box = seen
            self.page.wait_for_timeout(50)
        assert seen, f"“{words}” is not in {selector}"
        assert seen == box and seen["uncovered"], f"“{words}” never came clear: {seen}"
        mouse = self.page.mouse
        mouse.move(box["x1"], box["y1"])
        mouse.down()
        mouse.move(box["x2"], box["y2"], steps=8)
        mouse.up()
        selected = self.page.evaluate("() => String(window.getSelection())").strip()
        assert selected == words, f"the drag over “{words}” selected {selected!r} ({box})"
        self._count(1, f"select “{words}”")


def admin_login(page, base: str, username: str, password: str) -> None:
    """Log in to the admin (not counted: every path starts there)."""
    page.goto(f"{base}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")
