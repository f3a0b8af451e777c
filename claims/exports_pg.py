"""The CSV and JSONL exports on PostgreSQL, where the database writes every line.

The rows, the joins, the text of each line and the quoting are all done by one
``COPY (SELECT …) TO STDOUT``; Python only gathers what arrives into large chunks and passes them
on, so an export runs at close to the speed of COPY itself and memory stays flat. The SQL is
read off the same column declarations (:mod:`claims.formats.claims`) as the Python writers of
``claims.exports``; the tests parse both outputs and compare them row by row.
"""

import csv
import io

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
        # Only the claim's own lists take the claims' filter (a place's names need none).
        only = _for_claims(where, key) if related.row_key == "id" else ""
        joins.append(
            f"LEFT JOIN (SELECT {key}, {lines} {related.tables} {only} GROUP BY {key}) {name}"
            f" ON {name}.{related.key} = c.{related.row_key}"
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


def _copy(select: str, params: tuple, options: str, using: str, prefix: bytes = b""):
    """Stream ``COPY (select) TO STDOUT`` in chunks of about CHUNK_BYTES, from the database the
    claims are read from (a replica, for anonymous readers, when there is one)."""
    statement = f"COPY ({select}) TO STDOUT ({options})"
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        # Parallel workers would each aggregate all the citations again, and the lines are
        # built in one process anyway: measured faster without them.
        # A download runs as long as the client reads, so it has its own statement timeout
        # (EXPORT_STATEMENT_TIMEOUT, 0 for none) instead of the web requests' one.
        cursor.execute(
            "SELECT set_config('max_parallel_workers_per_gather', '0', true),"
            " set_config('statement_timeout', %s, true)",
            [str(settings.EXPORT_STATEMENT_TIMEOUT * 1000)],
        )
        yield from _chunks(cursor.cursor, statement, params, prefix)


def _chunks(cursor, statement: str, params: tuple, prefix: bytes):
    with cursor.copy(statement, params) as copy:
        buffer = bytearray(prefix)
        for data in copy:
            buffer += data
            if len(buffer) >= CHUNK_BYTES:
                yield bytes(buffer)
                buffer.clear()
        if buffer:
            yield bytes(buffer)


def jsonl_chunks(queryset, links: rep.Links):
    where, params = _where(queryset)
    # The filter appears twice: for the claims and for their citations.
    return _copy(_jsonl_select(links, where), params * 2, _JSON_LINES, queryset.db)


def csv_chunks(queryset, links: rep.Links):
    where, params = _where(queryset)
    header = io.StringIO()
    csv.writer(header, lineterminator="\n").writerow(spec.CSV.names)
    prefix = ("\ufeff" + header.getvalue()).encode()
    return _copy(_csv_select(links, where), params * 2, "FORMAT csv", queryset.db, prefix)
