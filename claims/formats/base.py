"""What a format is made of: columns, each declared once with everything every writer needs.

A :class:`Column` names an output column (an API key or a CSV header cell) and says which
``values()`` paths it reads, how Python renders it from such a row, how the OpenAPI schema
describes it and, for the formats PostgreSQL also writes with COPY, the same value as an SQL
expression. A :class:`Format` is an ordered set of columns: the API dicts, the schema component,
the CSV header and rows, the JSONL and the importer's accepted header are all read off it.
"""

import copy
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import router
from rest_framework import serializers

from claims import compiled
from claims.formats.cells import csv_time, csv_time_sql, lines, safe_sql, spreadsheet_safe


@dataclass(frozen=True)
class Column:
    name: str
    paths: tuple[str, ...]
    # (row, links) -> the value written; ``links`` is a representations.Links
    render: Callable[[dict, Any], Any]
    schema: serializers.Field | None = None
    # The same value in SQL over the COPY statement's aliases; a callable takes the links.
    sql: str | Callable[[Any], str] | None = None
    # For a cell listing several related rows: the related list it reads (Format.related).
    over: str | None = None

    def sql_for(self, links) -> str:
        return self.sql(links) if callable(self.sql) else self.sql


@dataclass(frozen=True)
class Related:
    """Rows that belong to each row of a format (a claim's citations), read in one query; for
    COPY, the tables they are read from, under ``alias``."""

    model: Any
    key: str  # the related model's column naming the row
    row_key: str  # the row's value it names
    order: tuple[str, ...]
    alias: str = ""
    tables: str = ""

    @property
    def sql_order(self) -> str:
        return ", ".join(f"{self.alias}.{name}" for name in self.order)


@dataclass
class Format:
    columns: tuple[Column, ...]
    related: dict[str, Related] = field(default_factory=dict)
    # Paths read besides the columns' own (ids that related rows and callers look rows up by).
    reads: tuple[str, ...] = ("id",)
    _writers: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def names(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def values(self) -> tuple[str, ...]:
        """What ``values()`` reads for it: each path once."""
        paths = [*self.reads, *(p for c in self.columns if c.over is None for p in c.paths)]
        return tuple(dict.fromkeys(paths))

    def item_values(self, over: str) -> tuple[str, ...]:
        paths = (p for c in self.columns if c.over == over for p in c.paths)
        return tuple(dict.fromkeys(paths))

    def extended(self, *columns: Column) -> "Format":
        """The format with more columns at its end (a new column never moves the old ones)."""
        return Format((*self.columns, *columns), self.related, self.reads)

    def attach(self, rows: list[dict]) -> None:
        """Put each row's related rows under their name (one query per related list, its SQL
        compiled once per number of rows)."""
        for name, related in self.related.items():
            found = defaultdict(list)
            ids = list({row[related.row_key] for row in rows})
            if ids:
                for item in self._related_rows(name, related, ids):
                    found[item.pop(related.key)].append(item)
            for row in rows:
                row[name] = found[row[related.row_key]]

    def _related_rows(self, name: str, related: Related, ids: list) -> list[dict]:
        wanted = self.item_values(name)

        def build(*bound):
            return (
                related.model.objects.filter(**{f"{related.key}__in": bound})
                .order_by(related.key, *related.order)
                .values(related.key, *wanted)
            )

        using = router.db_for_read(related.model)
        key = (related.model, related.key, related.order, wanted, len(ids), using)
        field = related.model._meta.get_field(related.key)
        return compiled.rows(key, build, (field,) * len(ids), ids, using)

    def as_dict(self, row: dict, links) -> dict:
        return self._writer("{", "}", named=True)(row, links)

    def dicts(self, rows: list[dict], links) -> list[dict]:
        """:meth:`as_dict` of each row, the writer looked up once."""
        write = self._writer("{", "}", named=True)
        return [write(row, links) for row in rows]

    def as_list(self, row: dict, links) -> list:
        return self._writer("[", "]", named=False)(row, links)

    def _writer(self, opening: str, closing: str, named: bool):
        """One function writing every column, made once per set of columns: a call per column
        cost the API's lists five times the time of one literal, so the literal is written out
        from the columns (a plain value is read inline, anything else calls its render)."""
        key = (id(self.columns), named)
        if key not in self._writers or self._writers[key][0] is not self.columns:
            renders, items = {}, []
            for i, column in enumerate(self.columns):
                if isinstance(column.render, Value):
                    written = f"row[{column.render.path!r}]"
                else:
                    renders[f"render_{i}"] = column.render
                    written = f"render_{i}(row, links)"
                items.append(f"{column.name!r}: {written}" if named else written)
            source = f"lambda row, links: {opening}{', '.join(items)}{closing}"
            self._writers[key] = (self.columns, eval(source, renders))
        return self._writers[key][1]

    def serializer(self, name: str) -> type[serializers.Serializer]:
        """The OpenAPI component for the dicts :meth:`as_dict` makes (schema only): its fields
        are the columns' when asked, then any a subclass declares; a subclass leaves a column
        out as DRF's declarations do, by setting its name to None."""
        spec = self

        def get_fields(serializer) -> dict:
            own = {
                column.name: copy.deepcopy(column.schema)
                for column in spec.columns
                if getattr(type(serializer), column.name, True) is not None
            }
            return {**own, **serializers.Serializer.get_fields(serializer)}

        return type(name, (serializers.Serializer,), {"get_fields": get_fields})


@dataclass(frozen=True)
class Value:
    """A column's render that gives the value read unchanged."""

    path: str

    def __call__(self, row, links):
        return row[self.path]


def value(path: str) -> Value:
    return Value(path)


# How a CSV cell writes a value in Python, and the same in SQL.
_KINDS = {
    "plain": (lambda found: found, lambda sql: sql),  # slugs, choices, numbers
    "text": (spreadsheet_safe, safe_sql),  # free text: never run as a spreadsheet formula
    "time": (csv_time, csv_time_sql),
    "bool": (
        lambda found: "true" if found else "false",
        lambda sql: f"CASE WHEN {sql} THEN 'true' ELSE 'false' END",
    ),
}


def cell(name: str, path: str, sql: str | None = None, kind: str = "plain") -> Column:
    """A CSV cell: empty for none, else the value as ``kind`` writes it (and ``sql`` in SQL,
    for a format COPY writes too)."""
    write, wrap = _KINDS[kind]

    def render(row, links):
        found = row[path]
        return "" if found is None else write(found)

    return Column(name, (path,), render, sql=None if sql is None else wrap(sql))


def each_cell(name: str, over: str, path: str, sql: str, kind: str = "plain") -> Column:
    """One line per related row (a claim's sources): ``sql`` is the line over the related
    list's aliases, which the COPY statement aggregates in the list's order."""
    write, wrap = _KINDS[kind]
    return Column(
        name,
        (path,),
        lambda row, links: lines("" if (f := i[path]) is None else write(f) for i in row[over]),
        sql=wrap(sql),
        over=over,
    )
