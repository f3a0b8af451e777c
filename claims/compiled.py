"""``values()`` reads whose SQL is compiled once per shape and run with each request's values.

Building and compiling a queryset cost the uncached claims API about a third of its CPU
(cProfile, docs/benchmarks.md): four queries a request, each assembled from Python objects and
compiled again although their SQL only changes with the filters' values. Here a read is made by
its queryset once per key (the caller's: what the SQL depends on), with stand-in values where a
request brings its own (a cursor's time and id, the ids of the rows whose citations are read);
later requests with the same key run that SQL with their values in the stand-ins' places.

Rows come back as ``values()`` gives them, through the backend's converters; on PostgreSQL
timestamps are read by psycopg's C loader (Django's own is Python and cost ~7% of the CPU), as
UTC, as Django reads them. Queries go through Django's cursor, so they are counted and logged.
"""

import functools
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from threading import Lock

from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.db.models.base import ModelState

# Compiled reads kept per process, the oldest dropped first: a key per filter combination in
# use (places, actors, page sizes), most of them a few kilobytes of SQL.
CAPACITY = 2048
_STAND_IN_ID = 2**62 + 7919
_STAND_IN_TIME = datetime(1971, 2, 3, 4, 5, 6, tzinfo=UTC)


@dataclass(frozen=True)
class Statement:
    sql: str | None  # None: the filters match nothing (Django's EmptyResultSet)
    params: tuple
    names: tuple[str, ...]
    # Where each bound value goes in ``params``, the field that adapts it, and the type of
    # value the backend takes unchanged from that field (None if it changes every value).
    slots: tuple[tuple[tuple[int, ...], models.Field, type | None], ...]
    # Django's (position, (functions, expression)) for columns the backend's values need
    # converting in (times on SQLite, for one).
    converters: tuple


_cache: OrderedDict[Hashable, Statement] = OrderedDict()
_lock = Lock()


def stand_in(field: models.Field, number: int):
    """A value of ``field``'s kind that no request brings, distinct for each ``number``."""
    if isinstance(field, models.DateTimeField):
        return _STAND_IN_TIME + timedelta(microseconds=number)
    if isinstance(field, models.CharField | models.TextField):
        return f"\x1fstand-in {number}\x1f"
    return _STAND_IN_ID + number


def first(
    key: Hashable,
    model: type[models.Model],
    build: Callable[..., models.QuerySet],
    fields: Sequence[models.Field],
    values: Sequence,
    using: str,
):
    """The first record of ``build(*values)``, a queryset of ``model``, as an instance, or
    None; see :func:`rows`."""
    names = tuple(field.attname for field in model._meta.concrete_fields)
    found = rows(key, lambda *bound: build(*bound).values(*names)[:1], fields, values, using)
    if not found:
        return None
    return model.from_db(using, names, [found[0][name] for name in names])


def rows(
    key: Hashable | None,
    build: Callable[..., models.QuerySet],
    fields: Sequence[models.Field],
    values: Sequence,
    using: str,
) -> list[dict]:
    """The rows of ``build(*values)``, a ``values()`` queryset, with ``fields`` adapting the
    ``values``; compiled once for ``key`` (None: a shape not to keep, compiled each time)."""
    key = None if key is None else (key, using)
    statement = _cache.get(key) if key is not None else None
    if statement is None:
        statement = _compile(build, fields, using)
        if statement is None:
            return list(build(*values))
        if key is not None:
            with _lock:
                _cache[key] = statement
                while len(_cache) > CAPACITY:
                    _cache.popitem(last=False)
    if statement.sql is None:
        return []
    connection = connections[using]
    params = list(statement.params)
    for (positions, field, unchanged), value in zip(statement.slots, values, strict=True):
        adapted = value if type(value) is unchanged else field.get_db_prep_value(value, connection)
        for position in positions:
            params[position] = adapted
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _fast_timestamps(cursor.cursor)
        cursor.execute(statement.sql, params)
        found = cursor.fetchall()
    if statement.converters:
        found = _converted(found, statement.converters, connection)
    names = statement.names
    return [dict(zip(names, row, strict=True)) for row in found]


def _compile(build, fields, using) -> Statement | None:
    """The statement for ``build`` with stand-ins, or None if a stand-in cannot be found in
    its parameters (a value the queryset transformed: such a read is compiled each time)."""
    connection = connections[using]
    stand_ins = [stand_in(field, number) for number, field in enumerate(fields)]
    queryset = build(*stand_ins)
    query = queryset.query
    compiler = query.get_compiler(using)
    names = tuple(
        query.selected or (*query.extra_select, *query.values_select, *query.annotation_select)
    )
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return Statement(None, (), names, (), ())
    # A request's own value may equal a stand-in: a slot is where a second set of stand-ins
    # lands too.
    others = [stand_in(field, len(fields) + n) for n, field in enumerate(fields)]
    _, other_params = build(*others).query.get_compiler(using).as_sql()
    if len(other_params) != len(params):
        return None
    positions = [[] for _ in stand_ins]
    for n, (field, first, second) in enumerate(zip(fields, stand_ins, others, strict=True)):
        first = field.get_db_prep_value(first, connection)
        second = field.get_db_prep_value(second, connection)
        for i, (param, other) in enumerate(zip(params, other_params, strict=True)):
            if param == first and other == second:
                positions[n].append(i)
    if not all(positions):
        return None
    slots = tuple(
        (tuple(found), field, _unchanged(field, value, connection))
        for found, field, value in zip(positions, fields, stand_ins, strict=True)
    )
    expressions = [column[0] for column in compiler.select]
    converters = tuple(compiler.get_converters(expressions).items())
    return Statement(sql, tuple(params), names, slots, converters)


def _converted(found, converters, connection):
    for row in map(list, found):
        for position, (functions, expression) in converters:
            value = row[position]
            for function in functions:
                value = function(value, expression, connection)
            row[position] = value
        yield row


def _unchanged(field, value, connection) -> type | None:
    """The type of ``value`` if ``field`` gives the backend such values as they are (ids, and
    times on PostgreSQL): adapting each of them would cost a call through the field."""
    return type(value) if field.get_db_prep_value(value, connection) is value else None


def _fast_timestamps(cursor) -> None:
    from psycopg.types.datetime import TimestamptzLoader

    # Registering psycopg's class picks its C implementation; the session's time zone is UTC.
    cursor.adapters.register_loader("timestamptz", TimestamptzLoader)


def rows_by_id(key: Hashable, model, columns: Sequence[str], ids: Sequence[int], using: str):
    """``model.objects.filter(pk__in=ids).values(*columns)``, compiled once for ``key`` and each
    number of ids (the few records a page names, read on every uncached request)."""
    return rows(
        (key, len(ids)),
        lambda *bound: model.objects.filter(pk__in=bound).order_by().values(*columns),
        [model._meta.pk] * len(ids),
        ids,
        using,
    )


@functools.cache
def attnames(model) -> tuple[str, ...]:
    """``model``'s concrete fields' attribute names, in order: the columns ``record`` takes."""
    return tuple(f.attname for f in model._meta.concrete_fields)


def record(model, using: str, names: tuple[str, ...], values: list):
    """``model.from_db(using, names, values)`` for a row with every concrete field, without
    ``Model.__init__``: a place page builds about a hundred records from plain rows, and the
    constructor (each field set through its descriptor, the init signals, which none of these
    models has receivers for) was most of their cost."""
    made = model.__new__(model)
    made.__dict__.update(zip(names, values, strict=True))
    state = made._state = ModelState()
    state.adding, state.db = False, using
    return made
