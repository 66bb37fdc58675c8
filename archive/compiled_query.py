"""Querysets compiled to SQL once per process, then run again with new values.

Django builds and compiles a queryset to SQL each time it is evaluated. For the public checks
asked on every public page view that work dwarfs the query: `EvidencePage.objects.public()`
filtered by a few ids took 1.1 ms to build and compile and 0.06 ms to run (BENCHMARKS.md,
docs/decisions/0008). A `CompiledQuery` builds its queryset once per shape with stand-in values,
keeps the SQL and where the stand-ins landed among its parameters, and from then on only swaps
the real values in. The rule stays written once, as a queryset; only its compiling is saved.

Values are ints, strings or tuples of ints (for `__in`; each length is its own shape). A
queryset that transforms a value (a `contains` lookup wraps it in `%`) cannot be compiled this
way, and building one raises ValueError rather than running wrong SQL.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from django.db import connections
from django.db.models import Model, QuerySet


class CompiledQuery:
    def __init__(self, build: Callable[..., QuerySet]):
        self._build = build
        # shape -> (database alias, SQL, parameters with stand-ins, {position: value index})
        self._compiled: dict[tuple, tuple[str, str, tuple, dict[int, int]]] = {}

    def rows(self, *values) -> list[tuple]:
        """The queryset's rows for these values, as the database returns them (a `values_list`
        queryset gives the columns it names, without Django's converters)."""
        alias, sql, params = self._sql(values)
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def instances(self, model: type[Model], *values) -> list[Model]:
        """The queryset's model instances for these values (the queryset must select `model`'s
        own columns, as `model.objects.filter(...)` does)."""
        alias, sql, params = self._sql(values)
        return list(model.objects.db_manager(alias).raw(sql, params))

    def _sql(self, values: tuple) -> tuple[str, str, tuple]:
        shape = tuple(len(v) if isinstance(v, tuple) else type(v).__name__ for v in values)
        if shape not in self._compiled:
            self._compiled[shape] = self._compile(values)
        alias, sql, params, slots = self._compiled[shape]
        flat = list(
            itertools.chain.from_iterable(v if isinstance(v, tuple) else (v,) for v in values)
        )
        params = list(params)
        for position, index in slots.items():
            params[position] = flat[index]
        return alias, sql, tuple(params)

    def _compile(self, values: tuple) -> tuple[str, str, tuple, dict[int, int]]:
        stand_ins: list = []

        def stand_in(value):
            # Negative ids and NUL-marked strings: values no real row or rule parameter has.
            if isinstance(value, bool) or not isinstance(value, int | str):
                raise ValueError(f"CompiledQuery takes ints, strings and tuples, not {value!r}")
            marker = (
                -(10**12) - len(stand_ins) if isinstance(value, int) else f"\0{len(stand_ins)}\0"
            )
            stand_ins.append(marker)
            return marker

        shaped = [
            tuple(stand_in(v) for v in value) if isinstance(value, tuple) else stand_in(value)
            for value in values
        ]
        queryset = self._build(*shaped)
        sql, params = queryset.query.get_compiler(queryset.db).as_sql()
        slots = {
            position: stand_ins.index(param)
            for position, param in enumerate(params)
            if type(param) in (int, str) and param in stand_ins
        }
        if sorted(slots.values()) != list(range(len(stand_ins))):
            raise ValueError("CompiledQuery: a value was transformed or repeated in the SQL")
        return queryset.db, sql, tuple(params), slots
