"""Every URL the project and Wagtail route, as concrete paths: the URLconf walked recursively,
each pattern's parameters filled with real ids, every path checked to resolve to its pattern."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern

# A route's <converter:name>, and a regex's named or unnamed group (one level of nested
# parentheses is enough for every pattern Django, Wagtail and this project route).
ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
REGEX_GROUP = re.compile(r"\((?:\?P<(?P<name>\w+)>)?(?:[^()]|\([^()]*\))*\)")


@dataclass
class Pattern:
    """One routed leaf: the patterns from the root down to it, and what its view is."""

    levels: list  # RoutePattern / RegexPattern objects, root first
    leaf: URLPattern

    @property
    def route(self) -> str:
        return "".join(str(level) for level in self.levels)

    @property
    def parameters(self) -> list[str]:
        names = []
        for level in self.levels:
            if isinstance(level, RoutePattern):
                names += [m["name"] for m in ROUTE_PARAMETER.finditer(str(level))]
            else:
                names += [m["name"] or "_" for m in REGEX_GROUP.finditer(str(level))]
        return names

    @property
    def model(self):
        """The model a class-based view or viewset names, if it names one."""
        callback = self.leaf.callback
        for owner in (getattr(callback, "view_initkwargs", None) or {}, callback):
            model = owner.get("model") if isinstance(owner, dict) else None
            if model is not None and not isinstance(model, str | type(None)):
                return model
        view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
        model = getattr(view_class, "model", None)
        return model if isinstance(model, type) else None


def routed_patterns() -> list[Pattern]:
    def walk(patterns, levels):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, [*levels, entry.pattern])
            else:
                yield Pattern([*levels, entry.pattern], entry)

    return list(walk(get_resolver().url_patterns, []))


def _fill_route(text: str, values: dict[str, str]) -> str:
    return ROUTE_PARAMETER.sub(lambda m: values[m["name"]], text)


def _fill_regex(text: str, values: dict[str, str]) -> str:
    filled = REGEX_GROUP.sub(lambda m: values[m["name"] or "_"], text)
    filled = filled.removeprefix("^").removesuffix("$").removesuffix(r"\Z")
    return re.sub(r"\\(.)", r"\1", filled)  # "\." → "."


def build_path(pattern: Pattern, values: dict[str, str]) -> str:
    parts = []
    for level in pattern.levels:
        if isinstance(level, LocalePrefixPattern):
            # The interface languages' prefix (config/urls.py): walked as English, at no prefix;
            # /bo/… and the others reach the same views (tests/sitewide/test_interface_languages).
            continue
        fill = _fill_route if isinstance(level, RoutePattern) else _fill_regex
        assert isinstance(level, RoutePattern | RegexPattern), level
        parts.append(fill(str(level), values))
    return "/" + "".join(parts)


def resolves_to(path: str, pattern: Pattern) -> bool:
    try:
        match = resolve(path.split("?")[0])
    except Resolver404:
        return False
    return match.func is pattern.leaf.callback or getattr(match, "route", "") == pattern.route


@dataclass
class Walk:
    """The paths to request, and the patterns left out with the reason."""

    paths: list[tuple[Pattern, str]] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)


def concrete_paths(fillings, skip: dict[str, str]) -> Walk:
    """Fill every routed pattern with each set of values `fillings(pattern)` offers (dicts of
    parameter → text); patterns in `skip` (route → reason) are left out, and so is a pattern
    none of whose fillings resolves back to it (listed, with the reason)."""
    walk = Walk()
    for pattern in routed_patterns():
        if pattern.route in skip:
            walk.skipped[pattern.route] = skip[pattern.route]
            continue
        paths = []
        for values in fillings(pattern):
            path = build_path(pattern, values)
            if path not in paths and resolves_to(path, pattern):
                paths.append(path)
        if not paths:
            walk.skipped[pattern.route] = "no filling resolves back to this pattern"
        walk.paths += [(pattern, path) for path in paths]
    return walk
