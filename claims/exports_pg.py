"""The CSV and JSONL exports on PostgreSQL, where the database writes every line.

The rows, the joins, the text of each line and the quoting are all done by one
``COPY (SELECT …) TO STDOUT``; Python only gathers what arrives into large chunks and passes them
on, so an export runs at close to the speed of COPY itself and memory stays flat. The SQL is
read off the same column declarations (:mod:`claims.formats.claims`) as the Python writers of
``claims.exports``; the tests parse both outputs and compare them row by row.
"""

import csv
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction

from claims import representations as rep
from claims.formats import claims as spec
from claims.formats.cells import literal

CHUNK_BYTES = 256 * 1024
# No JSON text contains these two bytes unescaped, so COPY's CSV mode with them as quote and
# delimiter passes each JSON document through untouched, one per line.
_JSON_LINES = "FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02'"


def _json_object(columns, links: rep.Links) -> str:
    pairs = ", ".join(f"{literal(c.name)}, {c.sql_for(links)}" for c in columns)
    return f"json_build_object({pairs})"


def _jsonl_select(links: rep.Links, where: str) -> str:
    """One API claim per row, from the columns of :data:`claims.formats.claims.API`."""
    cited = spec.CITATIONS
    return f"""
        SELECT {_json_object(spec.API.columns, links)}
        {spec.FROM}
        LEFT JOIN (
            SELECT ci.claim_id, json_agg({_json_object(spec.CITATION.columns, links)}
                ORDER BY {cited.sql_order}) AS items
            {cited.tables}
            {_for_claims(where)}
            GROUP BY ci.claim_id
        ) citations ON citations.claim_id = c.id
        {where}
        ORDER BY c.id
    """


def _csv_select(links: rep.Links, where: str) -> str:
    """The columns of :data:`claims.formats.claims.CSV`, as ``claims.exports`` writes them:
    each cell over a related list (a claim's sources, a place's names) joins the list's lines
    in its order."""
    columns = spec.CSV.columns
    joins = []
    for name, related in spec.CSV.related.items():
        key = f"{related.alias}.{related.key}"
        lines = ", ".join(
            f"string_agg({c.sql_for(links)}, E'\\n' ORDER BY {related.sql_order}) AS {c.name}"
            for c in columns
            if c.over == name
        )
        if related.row_key == "id":
            # A claim's own lists, aggregated in claim order and merged with the claims; they
            # take the claims' filter.
            only = _for_claims(where, key)
            joins.append(
                f"LEFT JOIN (SELECT {key}, {lines} {related.tables} {only} GROUP BY {key})"
                f" {name} ON {name}.{related.key} = c.{related.row_key}"
            )
        else:
            # A list of a row the claims share (a place's names), made once per place and
            # memoized: joined as a table, it could only join in claim order by a nested loop
            # over every place's lines for every claim.
            joins.append(
                f"LEFT JOIN LATERAL (SELECT {lines} {related.tables}"
                f" WHERE {key} = c.{related.row_key}) {name} ON true"
            )
    cells = ", ".join(
        f"coalesce({c.over}.{c.name}, '')" if c.over else c.sql_for(links) for c in columns
    )
    return f"""
        SELECT {cells}
        {spec.FROM}
        {" ".join(joins)}
        {where}
        ORDER BY c.id
    """


def _for_claims(where: str, key: str = "ci.claim_id") -> str:
    """The claims' filter applied to rows that name a claim by ``key`` (their citations)."""
    return where.replace("WHERE c.id IN", f"WHERE {key} IN", 1)


def _where(queryset) -> tuple[str, tuple]:
    """The claims list's filters as a WHERE clause on ``c.id``; nothing for all claims, which
    lets PostgreSQL read the claims in id order straight from the primary key."""
    if not queryset.query.where:
        return "", ()
    try:
        sql, params = queryset.order_by().values("id").query.sql_with_params()
    except EmptyResultSet:  # a filter that can match nothing, such as a search without words
        return "WHERE false", ()
    return f"WHERE c.id IN ({sql})", params


# Parallel workers would each aggregate all the citations again, and the lines are built in one
# process anyway: measured faster without them. A download runs as long as the client reads, so
# it has its own statement timeout (EXPORT_STATEMENT_TIMEOUT, 0 for none) instead of the web
# requests' one.
SET_UP = (
    "SELECT set_config('max_parallel_workers_per_gather', '0', true),"
    " set_config('statement_timeout', %s, true), set_config('enable_sort', %s, true)"
)


@dataclass(frozen=True)
class Copy:
    """One export as PostgreSQL runs it: the COPY, its parameters and what goes before its
    first line (the CSV's header). benchmarks/targets.py times the same statement alone."""

    statement: str
    params: tuple
    prefix: bytes = b""
    # Every claim, in id order: PostgreSQL would rather join the claims to their verdicts in
    # the verdicts' order and sort all 200,000 joined rows (on disk) before sending the first;
    # read in id order instead, they stream from the first row. A filtered export is left to
    # the planner, which sorts the few rows it finds rather than walk every claim.
    streamed_in_order: bool = False

    def set_up_params(self) -> list[str]:
        sort = "off" if self.streamed_in_order else "on"
        return [str(settings.EXPORT_STATEMENT_TIMEOUT * 1000), sort]


def _copy(export: Copy, using: str):
    """Stream the COPY in chunks of about CHUNK_BYTES, from the database the claims are read
    from (a replica, for anonymous readers, when there is one)."""
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute(SET_UP, export.set_up_params())
        yield from _chunks(cursor.cursor, export)


def _chunks(cursor, export: Copy):
    with cursor.copy(export.statement, export.params) as copy:
        buffer = bytearray(export.prefix)
        for data in copy:
            buffer += data
            if len(buffer) >= CHUNK_BYTES:
                yield bytes(buffer)
                buffer.clear()
        if buffer:
            yield bytes(buffer)


def jsonl_copy(queryset, links: rep.Links) -> Copy:
    where, params = _where(queryset)
    # The filter appears twice: for the claims and for their citations.
    select = _jsonl_select(links, where)
    return Copy(f"COPY ({select}) TO STDOUT ({_JSON_LINES})", params * 2)


def csv_copy(queryset, links: rep.Links) -> Copy:
    where, params = _where(queryset)
    header = io.StringIO()
    csv.writer(header, lineterminator="\n").writerow(spec.CSV.names)
    prefix = ("\ufeff" + header.getvalue()).encode()
    select = _csv_select(links, where)
    return Copy(f"COPY ({select}) TO STDOUT (FORMAT csv)", params * 2, prefix, not where)


def jsonl_chunks(queryset, links: rep.Links):
    return _copy(jsonl_copy(queryset, links), queryset.db)


def csv_chunks(queryset, links: rep.Links):
    return _copy(csv_copy(queryset, links), queryset.db)
