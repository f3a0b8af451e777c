"""How an import writes its rows: ``COPY`` on PostgreSQL (``bulk_create`` elsewhere), with the
history rows a save would write, and ids taken from the sequence first, into the tables a
``sink`` names (:mod:`claims.imports.staging`; None: the real ones)."""

from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial
from operator import attrgetter

from django.db import connection, models

# Rows per INSERT.
BATCH = 1000


def check_references_now() -> None:
    """Check the new rows' foreign keys now, before the lock, rather than at commit, under it
    (PostgreSQL defers them to the end of the transaction)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def levels(records: list) -> list[list]:
    """``records`` (places or actors) in the order their parents allow: those whose parent is
    on file (or none) first, then their children, and so on."""
    new = {id(r) for r in records}
    depth = {}

    def level(record) -> int:
        if id(record) not in depth:
            parent = record.parent
            depth[id(record)] = level(parent) + 1 if parent is not None and id(parent) in new else 0
        return depth[id(record)]

    levels: dict[int, list] = {}
    for record in records:
        levels.setdefault(level(record), []).append(record)
    return [levels[n] for n in sorted(levels)]


def table(model, sink) -> str:
    return sink.table(model) if sink is not None else model._meta.db_table


def insert(model, records: list, stamp: datetime, sink=None) -> None:
    """Insert with the history rows a save would have written (simple-history's signals do
    not see bulk inserts)."""
    copy(model, records, stamp, sink)
    history(model, records, stamp, sink)


def history(model, records: list, stamp: datetime, sink=None, *, update: bool = False) -> None:
    """The history rows simple-history writes for a save of each of ``records`` (its
    ``bulk_history_create``), dated ``stamp``. On PostgreSQL copied straight from the values:
    building a historical instance per row took a third of an import's time."""
    if connection.vendor != "postgresql":
        model.history.bulk_history_create(
            records, batch_size=BATCH, update=update, default_date=stamp
        )
        return
    history = model.history.model
    tracked = [(f, history._meta.get_field(f.name)) for f in history.tracked_fields]
    columns = [column.column for _, column in tracked]
    columns += ["history_date", "history_change_reason", "history_type", "history_user_id"]
    kind = "~" if update else "+"
    values = _values_of([field for field, _ in tracked])
    rows = (
        [
            *values(record),
            stamp,
            getattr(record, "_change_reason", "") or "",
            kind,
            getattr(getattr(record, "_history_user", None), "pk", None),
        ]
        for record in records
    )
    _copy_rows(table(history, sink), columns, rows)


def _values_of(fields: list) -> Callable:
    """A function giving a record's values of ``fields``, as ``COPY`` takes them."""
    # psycopg adapts plain values itself; only JSON needs Django's preparation.
    getters = [
        partial(_json_value, f) if isinstance(f, models.JSONField) else attrgetter(f.attname)
        for f in fields
    ]
    return lambda record: [get(record) for get in getters]


def _json_value(field, record):
    return field.get_db_prep_save(getattr(record, field.attname), connection=connection)


def _copy_rows(table: str, columns: list[str], rows: Iterable[list]) -> None:
    """``COPY`` ``rows`` into ``table`` (PostgreSQL only)."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    # The driver's own cursor copies; Django's error classes are kept for its errors.
    with (
        connection.cursor() as cursor,
        connection.wrap_database_errors,
        cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def copy(model, records: list, stamp: datetime, sink=None) -> None:
    """Insert ``records``, which get their ids (unless :func:`number` gave them), stamped
    ``stamp`` where a save stamps the time. On PostgreSQL with ``COPY`` and ids taken from the
    sequence first: ``bulk_create`` spends most of an import's time preparing values."""
    fields = model._meta.concrete_fields
    stamp_all(model, records, stamp)
    if connection.vendor != "postgresql":
        model.objects.bulk_create(records, batch_size=BATCH)
        return
    if not records:
        return
    number(model, [record for record in records if record.pk is None])
    _copy_rows(
        table(model, sink),
        [f.column for f in fields],
        map(_values_of(fields), records),
    )


def stamp_all(model, records: list, stamp: datetime) -> None:
    """Set ``stamp`` where a save stamps the time."""
    stamped = [
        f
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    for record in records:
        for f in stamped:
            setattr(record, f.attname, stamp)


def number(model, records: list) -> None:
    """Give ``records`` ids from their table's sequence (PostgreSQL), before they are copied,
    so that rows copied before them can name them."""
    if not records:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, len(records)],
        )
        for record, (pk,) in zip(records, cursor.fetchall(), strict=True):
            record.pk = pk
            record._state.adding = False


def upsert(model, records: list, fields: list[str], sink=None) -> None:
    """Write ``fields`` of saved ``records``: on PostgreSQL one UPDATE from arrays, elsewhere
    one statement per row (``bulk_update`` builds a CASE per row and grows quadratically)."""
    if not records:
        return
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    rows = [[getattr(r, f.attname) for f in columns] + [r.pk] for r in records]
    quote = connection.ops.quote_name
    target = quote(table(model, sink))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            pk = quote(meta.pk.column)
            sets = ", ".join(f"{quote(f.column)} = v.{quote(f.column)}" for f in columns)
            arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in [*columns, meta.pk])
            names = ", ".join(quote(f.column) for f in [*columns, meta.pk])
            cursor.execute(
                f"UPDATE {target} AS t SET {sets} "
                f"FROM unnest({arrays}) AS v({names}) WHERE t.{pk} = v.{pk}",
                [list(column) for column in zip(*rows, strict=True)],
            )
        else:
            sets = ", ".join(f"{quote(f.column)} = %s" for f in columns)
            cursor.executemany(
                f"UPDATE {target} SET {sets} WHERE {quote(meta.pk.column)} = %s",
                rows,
            )


def amend(model, pk: int, values: dict, sink) -> None:
    """Change ``values`` of a record the import wrote in an earlier batch, and of its history
    row, before they are published (a later row completed it)."""
    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(model._meta.get_field(name).column)} = %s" for name in values)
    with connection.cursor() as cursor:
        for target in (model, model.history.model):
            cursor.execute(
                f"UPDATE {quote(table(target, sink))} SET {sets} WHERE id = %s",
                [*values.values(), pk],
            )
