"""The CSV and JSONL exports on PostgreSQL, where the database writes every line.

The rows, the joins, the text of each line and the quoting are all done by one
``COPY (SELECT …) TO STDOUT``; Python only gathers what arrives into large chunks and passes them
on, so an export runs at close to the speed of COPY itself and memory stays flat. The output
means the same as ``claims.exports`` writes on other databases: the tests parse both and compare
them row by row, so the two cannot drift apart.
"""

import csv
import io

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction

from claims import exports
from claims import representations as rep
from claims.choices import Control

CHUNK_BYTES = 256 * 1024
# No JSON text contains these two bytes unescaped, so COPY's CSV mode with them as quote and
# delimiter passes each JSON document through untouched, one per line.
_JSON_LINES = "FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02'"


def _literal(text: str) -> str:
    """A string constant, with "%" doubled: the statement also carries the filters' parameters."""
    return "'" + text.replace("'", "''").replace("%", "%%") + "'"


def _api_time(column: str) -> str:
    """A timestamp as orjson writes it with OPT_UTC_Z: microseconds only when there are some."""
    utc = f"({column} AT TIME ZONE 'UTC')"
    return (
        f"(to_char({utc}, 'YYYY-MM-DD\"T\"HH24:MI:SS')"
        f" || CASE WHEN mod(date_part('microseconds', {utc})::int, 1000000) = 0 THEN ''"
        f" ELSE to_char({utc}, '.US') END || 'Z')"
    )


def _iso_time(column: str) -> str:
    """A timestamp as :func:`claims.exports.csv_time` writes it; empty for none."""
    pattern = 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"'
    return f"coalesce(to_char({column} AT TIME ZONE 'UTC', '{pattern}'), '')"


def _safe(expression: str) -> str:
    """:func:`claims.exports.spreadsheet_safe` in SQL."""
    starts = _literal("".join(exports.FORMULA_STARTS))
    return (
        f"(CASE WHEN {expression} <> '' AND strpos({starts}, left({expression}, 1)) > 0"
        f" THEN '''' || {expression} ELSE {expression} END)"
    )


def _describe(control: str, side_name: str) -> str:
    """:func:`claims.control.describe` in SQL, from the same labels."""
    labels = " ".join(
        f"WHEN {_literal(value)} THEN {side_name} || {_literal(' ' + label)}"
        for value, label in Control.choices
    )
    none = "'no claim about control'"
    return (
        f"(CASE WHEN {side_name} IS NULL THEN {none}"
        f" ELSE CASE {control} {labels} ELSE {none} END END)"
    )


_CLAIM_JOINS = """
    FROM claims_claim c
    JOIN claims_place p ON p.id = c.place_id
    LEFT JOIN claims_place region ON region.id = p.parent_id
    JOIN claims_actor a ON a.id = c.claimant_id
    LEFT JOIN claims_side a_side ON a_side.id = a.side_id
    LEFT JOIN claims_side s ON s.id = c.side_id
    LEFT JOIN claims_verification v ON v.id = c.current_verification_id
    LEFT JOIN claims_side imp ON imp.id = c.implied_side_id
"""


def _side_json(alias: str) -> str:
    return (
        f"CASE WHEN {alias}.id IS NULL THEN NULL"
        f" ELSE json_build_object('slug', {alias}.slug, 'name', {alias}.name) END"
    )


def _jsonl_select(links: rep.Links, where: str) -> str:
    """One API claim per row, as :func:`claims.representations.claim_dicts` builds it."""
    citations = f"""
        SELECT ci.claim_id, json_agg(json_build_object(
            'source', json_build_object(
                'id', so.id, 'url', so.url, 'title', so.title, 'kind', so.kind,
                'publisher', pub.slug,
                'api_url', {_literal(links.source_api)} || so.id || '/'),
            'excerpt', ci.excerpt, 'locator', ci.locator) ORDER BY ci.position, ci.id) AS items
        FROM claims_citation ci
        JOIN claims_source so ON so.id = ci.source_id
        LEFT JOIN claims_actor pub ON pub.id = so.publisher_id
        {_for_claims(where)}
        GROUP BY ci.claim_id
    """
    return f"""
        SELECT json_build_object(
            'id', c.id,
            'url', {_literal(links.claim_api)} || c.id || '/',
            'page_url', {_literal(links.claim_page)} || c.id || '/',
            'place', json_build_object(
                'slug', p.slug, 'name', p.name,
                'url', {_literal(links.place_api)} || p.slug || '/'),
            'claimant', json_build_object(
                'slug', a.slug, 'name', a.name, 'kind', a.kind, 'side', {_side_json("a_side")},
                'url', {_literal(links.actor_api)} || a.slug || '/'),
            'verb', c.verb,
            'side', {_side_json("s")},
            'ambiguous', c.ambiguous,
            'implied_control', json_build_object(
                'side', imp.slug, 'control', nullif(c.implied_control, '')),
            'stated_at', {_api_time("c.stated_at")},
            'stated_precision', c.stated_precision,
            'effective_at', {_api_time("c.effective_at")},
            'effective_precision', c.effective_precision,
            'quote', c.quote,
            'language', c.language,
            'summary', c.summary,
            'answers', c.answers_id,
            'citations', coalesce(cit.items, '[]'::json),
            'status', c.status,
            'version', c.version,
            'recorded_at', {_api_time("c.recorded_at")},
            'updated_at', {_api_time("c.updated_at")})
        {_CLAIM_JOINS}
        LEFT JOIN ({citations}) cit ON cit.claim_id = c.id
        {where}
        ORDER BY c.id
    """


def _csv_select(links: rep.Links, where: str) -> str:
    """The columns of :data:`claims.exports.CSV_COLUMNS`, as ``claims.exports._csv_row``."""

    in_order = "ORDER BY ci.position, ci.id"
    citations = f"""
        SELECT ci.claim_id,
            string_agg({_safe("so.url")}, E'\\n' {in_order}) AS urls,
            string_agg({_safe("so.title")}, E'\\n' {in_order}) AS titles,
            string_agg(coalesce(pub.slug, ''), E'\\n' {in_order}) AS publishers,
            string_agg({_iso_time("so.published_at")}, E'\\n' {in_order}) AS published,
            string_agg({_safe("coalesce(pub.name, '')")}, E'\\n' {in_order}) AS publisher_names,
            string_agg(coalesce(pub.kind, ''), E'\\n' {in_order}) AS publisher_kinds,
            string_agg(coalesce(pub_side.slug, ''), E'\\n' {in_order}) AS publisher_sides
        FROM claims_citation ci
        JOIN claims_source so ON so.id = ci.source_id
        LEFT JOIN claims_actor pub ON pub.id = so.publisher_id
        LEFT JOIN claims_side pub_side ON pub_side.id = pub.side_id
        {_for_claims(where)}
        GROUP BY ci.claim_id
    """
    names_order = "ORDER BY pn.language, pn.name"
    names = f"""
        SELECT pn.place_id,
            string_agg({_safe("pn.name")}, E'\\n' {names_order}) AS names,
            string_agg(pn.language, E'\\n' {names_order}) AS languages,
            string_agg(pn.kind, E'\\n' {names_order}) AS kinds
        FROM claims_placename pn
        GROUP BY pn.place_id
    """
    columns = [
        "c.id",
        "p.slug",
        _safe("p.name"),
        "p.kind",
        "p.latitude",
        "p.longitude",
        "coalesce(region.slug, '')",
        _safe("coalesce(region.name, '')"),
        "a.slug",
        _safe("a.name"),
        "a.kind",
        "coalesce(a_side.slug, '')",
        _safe("coalesce(a_side.name, '')"),
        "c.verb",
        "coalesce(s.slug, '')",
        _safe("coalesce(s.name, '')"),
        _safe(_describe("c.implied_control", "imp.name")),
        _iso_time("c.stated_at"),
        "c.stated_precision",
        _iso_time("c.effective_at"),
        "c.effective_precision",
        _safe("c.quote"),
        "c.language",
        _safe("c.summary"),
        "c.answers_id",
        "c.status",
        _safe("coalesce(v.rationale, '')"),
        _iso_time("v.decided_at"),
        "coalesce(cit.urls, '')",
        "coalesce(cit.titles, '')",
        _iso_time("c.recorded_at"),
        _iso_time("c.updated_at"),
        f"{_literal(links.claim_page)} || c.id || '/'",
        "CASE WHEN c.ambiguous THEN 'true' ELSE 'false' END",
        "coalesce(names.names, '')",
        "coalesce(names.languages, '')",
        "coalesce(names.kinds, '')",
        "coalesce(org.slug, '')",
        _safe("coalesce(org.name, '')"),
        "coalesce(cit.publishers, '')",
        "coalesce(cit.published, '')",
        "coalesce(verifier.slug, '')",
        "coalesce(cit.publisher_names, '')",
        "coalesce(cit.publisher_kinds, '')",
        "coalesce(cit.publisher_sides, '')",
    ]
    return f"""
        SELECT {", ".join(columns)}
        {_CLAIM_JOINS}
        LEFT JOIN claims_actor org ON org.id = a.parent_id
        LEFT JOIN claims_actor verifier ON verifier.id = v.verifier_id
        LEFT JOIN ({citations}) cit ON cit.claim_id = c.id
        LEFT JOIN ({names}) names ON names.place_id = c.place_id
        {where}
        ORDER BY c.id
    """


def _for_claims(where: str) -> str:
    """The claims' filter applied to their citations."""
    return where.replace("WHERE c.id IN", "WHERE ci.claim_id IN", 1)


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
    csv.writer(header, lineterminator="\n").writerow(exports.CSV_COLUMNS)
    prefix = ("\ufeff" + header.getvalue()).encode()
    return _copy(_csv_select(links, where), params * 2, "FORMAT csv", queryset.db, prefix)
