"""Every route the URLconf has, as concrete URLs: for tests that must cover new routes too.

`public_routes()` walks the root URLconf (leaving out the admin) and gives each route's
regular expression, joined across includes. `RouteFiller` turns one into request paths: every
named or numbered group filled with a known good value (real ids and slugs from the test's
data, by group name), else with a string generated from the group's own pattern, so a route
added tomorrow is walked without anyone listing it here. `paths_varying()` then swaps one group
at a time for each hostile value, keeping the others good.
"""

from __future__ import annotations

import re
import re._parser as sre_parse  # the regex parser `re` itself uses; stable since 3.11
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from django.urls import URLPattern, URLResolver, get_resolver

c = sre_parse  # the opcodes (LITERAL, IN, ...) are re-exported by the parser module


@dataclass(frozen=True)
class Route:
    name: str  # the view's dotted path, for messages
    pieces: tuple[str, ...]  # one regular expression per level of include()

    def __str__(self) -> str:
        return "".join(p.lstrip("^").replace("\\Z", "").rstrip("$") for p in self.pieces)


def public_routes(prefix_excluded: Sequence[str] = ("admin/",)) -> list[Route]:
    routes: list[Route] = []

    def walk(patterns, pieces: tuple[str, ...]) -> None:
        for pattern in patterns:
            regex = pattern.pattern.regex.pattern
            if isinstance(pattern, URLResolver):
                if not pieces and str(pattern.pattern).startswith(tuple(prefix_excluded)):
                    continue
                walk(pattern.url_patterns, (*pieces, regex))
            elif isinstance(pattern, URLPattern):
                view = pattern.lookup_str
                routes.append(Route(view, (*pieces, regex)))

    walk(get_resolver().url_patterns, ())
    return routes


class RouteFiller:
    """Fill a route's groups: `good` maps a group name (or "1", "2" for unnamed groups) to
    values that reach real objects; each value is a piece of URL path, not yet quoted."""

    def __init__(self, good: Mapping[str, Sequence[str]]):
        self.good = good

    def good_paths(self, route: Route) -> list[str]:
        """The route with each group at each of its good values in turn (at least one path)."""
        paths = {self._path(route, {})}
        for piece in route.pieces:
            for group in _groups(piece):
                for value in self.good.get(group, ()):
                    paths.add(self._path(route, {group: quote(value, safe="/")}))
        return sorted(paths)

    def paths_varying(self, route: Route, hostile: Sequence[str]) -> Iterator[tuple[str, str]]:
        """(group, path) with one group at a time given each hostile value (already
        URL-encoded), the rest at their first good value."""
        for piece in route.pieces:
            for group in _groups(piece):
                for value in hostile:
                    yield group, self._path(route, {group: value})

    def _path(self, route: Route, chosen: Mapping[str, str]) -> str:
        return "/" + "".join(self._generate(piece, chosen) for piece in route.pieces)

    def _generate(self, regex: str, chosen: Mapping[str, str]) -> str:
        compiled = re.compile(regex)
        names = {index: name for name, index in compiled.groupindex.items()}
        return self._emit(sre_parse.parse(regex), names, chosen)

    def _emit(self, parsed, names: dict[int, str], chosen: Mapping[str, str]) -> str:
        out = []
        for op, arg in parsed:
            if op == c.LITERAL:
                out.append(chr(arg))
            elif op == c.IN:
                out.append(_a_member(arg))
            elif op == c.ANY:
                out.append("a")
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
                low, _, sub = arg
                out.append(self._emit(sub, names, chosen) * max(low, 1))
            elif op == c.SUBPATTERN:
                number, _, _, sub = arg
                group = names.get(number, str(number)) if number else None
                if group in chosen:
                    out.append(chosen[group])
                elif group and self.good.get(group):
                    out.append(quote(self.good[group][0], safe="/"))
                else:
                    out.append(self._emit(sub, names, chosen))
            elif op == c.BRANCH:
                out.append(self._emit(arg[1][0], names, chosen))
            elif op in (c.AT, c.ASSERT, c.ASSERT_NOT):
                continue
            else:
                raise ValueError(f"cannot generate a string for {op} in a route")
        return "".join(out)


def _groups(regex: str) -> list[str]:
    compiled = re.compile(regex)
    names = {index: name for name, index in compiled.groupindex.items()}
    return [names.get(i, str(i)) for i in range(1, compiled.groups + 1)]


def _a_member(items) -> str:
    """A character that a character class [..] accepts."""
    negated = any(op == c.NEGATE for op, _ in items)
    if negated:
        refused = "".join(chr(a) for op, a in items if op == c.LITERAL)
        return next(ch for ch in "ax1" if ch not in refused)
    op, arg = items[0]
    if op == c.LITERAL:
        return chr(arg)
    if op == c.RANGE:
        return chr(arg[0])
    if op == c.CATEGORY:
        return {c.CATEGORY_DIGIT: "1", c.CATEGORY_SPACE: " "}.get(arg, "a")
    return "a"
