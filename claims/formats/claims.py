"""The claim's outside formats: the API object (also each JSONL line) and the CSV row.

To add a claim field to every format, append ``field(...)`` to :data:`ADDED` (and migrate the
model): it then ends the API object, the schema component, each JSONL line and the CSV row, and
the importer accepts its column. The SQL of each column is over the aliases of :data:`FROM`.
"""

from rest_framework import serializers

from claims.choices import Precision, Status, Verb
from claims.control import describe
from claims.formats import refs
from claims.formats.base import Column, Format, Related, cell, each_cell, value
from claims.formats.cells import api_time_sql, describe_sql, literal, safe_sql, spreadsheet_safe
from claims.models import Citation, PlaceName

# What the COPY statements read a claim from; each column's SQL names these aliases.
FROM = """
    FROM claims_claim c
    JOIN claims_place p ON p.id = c.place_id
    LEFT JOIN claims_place region ON region.id = p.parent_id
    JOIN claims_actor a ON a.id = c.claimant_id
    LEFT JOIN claims_side a_side ON a_side.id = a.side_id
    LEFT JOIN claims_side s ON s.id = c.side_id
    LEFT JOIN claims_verification v ON v.id = c.current_verification_id
    LEFT JOIN claims_side imp ON imp.id = c.implied_side_id
    LEFT JOIN claims_actor org ON org.id = a.parent_id
    LEFT JOIN claims_actor verifier ON verifier.id = v.verifier_id
"""
# A claim's citations with their sources, in the order the claim gives them.
CITATIONS = Related(
    Citation,
    "claim_id",
    "id",
    ("position", "id"),
    alias="ci",
    tables="""
        FROM claims_citation ci
        JOIN claims_source so ON so.id = ci.source_id
        LEFT JOIN claims_actor pub ON pub.id = so.publisher_id
        LEFT JOIN claims_side pub_side ON pub_side.id = pub.side_id
    """,
)
# A place's other names, in the order pages list them.
NAMES = Related(
    PlaceName,
    "place_id",
    "place_id",
    ("language", "name"),
    alias="pn",
    tables="FROM claims_placename pn",
)


def _source(row, links) -> dict:
    return {
        "id": row["source_id"],
        "url": row["source__url"],
        "title": row["source__title"],
        "kind": row["source__kind"],
        "publisher": row["source__publisher__slug"],
        "api_url": f"{links.source_api}{row['source_id']}/",
    }


# One citation in the API (over ``ci``, ``so`` and ``pub``).
CITATION = Format(
    (
        Column(
            "source",
            (
                "source_id",
                "source__url",
                "source__title",
                "source__kind",
                "source__publisher__slug",
            ),
            _source,
            refs.SourceRefSerializer(),
            lambda links: (
                "json_build_object('id', so.id, 'url', so.url, 'title', so.title,"
                " 'kind', so.kind, 'publisher', pub.slug,"
                f" 'api_url', {literal(links.source_api)} || so.id || '/')"
            ),
        ),
        Column(
            "excerpt",
            ("excerpt",),
            value("excerpt"),
            serializers.CharField(allow_blank=True),
            "ci.excerpt",
        ),
        Column(
            "locator",
            ("locator",),
            value("locator"),
            serializers.CharField(allow_blank=True),
            "ci.locator",
        ),
    ),
    reads=(),
)
CitationSerializer = CITATION.serializer("CitationSerializer")


def field(name: str, schema: serializers.Field, path: str | None = None) -> Column:
    """A claim's own field as the API gives it: its value unchanged."""
    path = path or name
    sql = f"c.{path}"
    if isinstance(schema, serializers.DateTimeField):
        sql = api_time_sql(sql)
    return Column(name, (path,), value(path), schema, sql)


def _link(name: str, prefix: str):
    return Column(
        name,
        ("id",),
        lambda row, links: f"{getattr(links, prefix)}{row['id']}/",
        serializers.URLField(),
        lambda links: f"{literal(getattr(links, prefix))} || c.id || '/'",
    )


def _place(row, links):
    slug = row["place__slug"]
    return {"slug": slug, "name": row["place__name"], "url": f"{links.place_api}{slug}/"}


def _claimant(row, links):
    slug = row["claimant__slug"]
    return {
        "slug": slug,
        "name": row["claimant__name"],
        "kind": row["claimant__kind"],
        "side": refs.side_ref(row["claimant__side__slug"], row["claimant__side__name"]),
        "url": f"{links.actor_api}{slug}/",
    }


_API = Format(
    (
        field("id", serializers.IntegerField()),
        _link("url", "claim_api"),
        _link("page_url", "claim_page"),
        Column(
            "place",
            ("place__slug", "place__name"),
            _place,
            refs.PlaceRefSerializer(),
            lambda links: (
                "json_build_object('slug', p.slug, 'name', p.name,"
                f" 'url', {literal(links.place_api)} || p.slug || '/')"
            ),
        ),
        Column(
            "claimant",
            (
                "claimant__slug",
                "claimant__name",
                "claimant__kind",
                "claimant__side__slug",
                "claimant__side__name",
            ),
            _claimant,
            refs.ActorRefSerializer(),
            lambda links: (
                "json_build_object('slug', a.slug, 'name', a.name, 'kind', a.kind,"
                f" 'side', {refs.side_json('a_side')},"
                f" 'url', {literal(links.actor_api)} || a.slug || '/')"
            ),
        ),
        field("verb", serializers.ChoiceField(choices=Verb.choices)),
        Column(
            "side",
            ("side__slug", "side__name"),
            lambda row, links: refs.side_ref(row["side__slug"], row["side__name"]),
            refs.SideRefSerializer(allow_null=True, help_text="The side the assertion is about."),
            refs.side_json("s"),
        ),
        field(
            "ambiguous",
            serializers.BooleanField(
                help_text="Hedged or unclear wording: shown, never taken as a side's position."
            ),
        ),
        Column(
            "implied_control",
            ("implied_side__slug", "implied_control"),
            lambda row, links: {
                "side": row["implied_side__slug"],
                "control": row["implied_control"] or None,
            },
            refs.ImpliedControlSerializer(),
            "json_build_object('side', imp.slug, 'control', nullif(c.implied_control, ''))",
        ),
        field("stated_at", serializers.DateTimeField()),
        field("stated_precision", serializers.ChoiceField(choices=Precision.choices)),
        field("effective_at", serializers.DateTimeField()),
        field("effective_precision", serializers.ChoiceField(choices=Precision.choices)),
        field("quote", serializers.CharField(allow_blank=True)),
        field("language", serializers.CharField(allow_blank=True)),
        field("summary", serializers.CharField()),
        field(
            "answers",
            serializers.IntegerField(allow_null=True, help_text="Id of the claim it answers."),
            "answers_id",
        ),
        Column(
            "citations",
            CITATION.values,
            lambda row, links: CITATION.dicts(row["citations"], links),
            CitationSerializer(many=True),
            "coalesce(citations.items, '[]'::json)",
            over="citations",
        ),
        field("status", serializers.ChoiceField(choices=Status.choices)),
        field(
            "version",
            serializers.IntegerField(help_text="Send it back when writing, to detect conflicts."),
        ),
        field("recorded_at", serializers.DateTimeField()),
        field("updated_at", serializers.DateTimeField()),
    ),
    related={"citations": CITATIONS},
)


def _text(name: str, path: str, sql: str) -> Column:
    return cell(name, path, sql, "text")


def _time(name: str, path: str, sql: str) -> Column:
    return cell(name, path, sql, "time")


# What a CSV gives of each source a row cites, over ``so``, ``pub`` and ``pub_side``: enough to
# create its publisher in another database. The claims and verifications CSVs share it.
SOURCE_CELLS = {
    "urls": ("source__url", "so.url", "text"),
    "titles": ("source__title", "so.title", "text"),
    "publishers": ("source__publisher__slug", "coalesce(pub.slug, '')", "plain"),
    "published_at": ("source__published_at", "so.published_at", "time"),
    "publisher_names": ("source__publisher__name", "coalesce(pub.name, '')", "text"),
    "publisher_kinds": ("source__publisher__kind", "coalesce(pub.kind, '')", "plain"),
    "publisher_sides": ("source__publisher__side__slug", "coalesce(pub_side.slug, '')", "plain"),
}


def source_cell(prefix: str, over: str, what: str) -> Column:
    path, sql, kind = SOURCE_CELLS[what]
    return each_cell(f"{prefix}_{what}", over, path, sql, kind)


def _cited(what: str) -> Column:
    return source_cell("citation", "citations", what)


def _named(name: str, path: str, sql: str, kind: str = "plain") -> Column:
    return each_cell(name, "names", path, sql, kind)


# The CSV row (docs/csv-format.md), in order. Never rename or reorder: add new columns at the end.
_CSV = Format(
    (
        cell("id", "id", "c.id"),
        cell("place", "place__slug", "p.slug"),
        _text("place_name", "place__name", "p.name"),
        cell("place_kind", "place__kind", "p.kind"),
        cell("latitude", "place__latitude", "p.latitude"),
        cell("longitude", "place__longitude", "p.longitude"),
        cell("region", "place__parent__slug", "coalesce(region.slug, '')"),
        _text("region_name", "place__parent__name", "coalesce(region.name, '')"),
        cell("claimant", "claimant__slug", "a.slug"),
        _text("claimant_name", "claimant__name", "a.name"),
        cell("claimant_kind", "claimant__kind", "a.kind"),
        cell("claimant_side", "claimant__side__slug", "coalesce(a_side.slug, '')"),
        _text("claimant_side_name", "claimant__side__name", "coalesce(a_side.name, '')"),
        cell("verb", "verb", "c.verb"),
        cell("side", "side__slug", "coalesce(s.slug, '')"),
        _text("side_name", "side__name", "coalesce(s.name, '')"),
        Column(
            "implied_control",
            ("implied_side__name", "implied_control"),
            lambda row, links: spreadsheet_safe(
                describe(row["implied_side__name"], row["implied_control"])
            ),
            sql=safe_sql(describe_sql("c.implied_control", "imp.name")),
        ),
        _time("stated_at", "stated_at", "c.stated_at"),
        cell("stated_precision", "stated_precision", "c.stated_precision"),
        _time("effective_at", "effective_at", "c.effective_at"),
        cell("effective_precision", "effective_precision", "c.effective_precision"),
        _text("quote", "quote", "c.quote"),
        cell("language", "language", "c.language"),
        _text("summary", "summary", "c.summary"),
        cell("answers", "answers_id", "c.answers_id"),
        cell("status", "status", "c.status"),
        _text("status_rationale", "current_verification__rationale", "coalesce(v.rationale, '')"),
        _time("status_decided_at", "current_verification__decided_at", "v.decided_at"),
        _cited("urls"),
        _cited("titles"),
        _time("recorded_at", "recorded_at", "c.recorded_at"),
        _time("updated_at", "updated_at", "c.updated_at"),
        _link("page_url", "claim_page"),
        cell("ambiguous", "ambiguous", "c.ambiguous", "bool"),
        _named("place_other_names", "name", "pn.name", "text"),
        _named("place_other_name_languages", "language", "pn.language"),
        _named("place_other_name_kinds", "kind", "pn.kind"),
        cell("claimant_organisation", "claimant__parent__slug", "coalesce(org.slug, '')"),
        _text("claimant_organisation_name", "claimant__parent__name", "coalesce(org.name, '')"),
        _cited("publishers"),
        _cited("published_at"),
        cell(
            "status_verifier",
            "current_verification__verifier__slug",
            "coalesce(verifier.slug, '')",
        ),
        _cited("publisher_names"),
        _cited("publisher_kinds"),
        _cited("publisher_sides"),
    ),
    related={"citations": CITATIONS, "names": NAMES},
    reads=("id", "place_id"),
)


def csv_cell(column: Column) -> Column:
    """The CSV cell of a claim's own field, written as its API type says."""
    kind = "plain"
    if isinstance(column.schema, serializers.DateTimeField):
        kind = "time"
    elif isinstance(column.schema, serializers.BooleanField):
        kind = "bool"
    elif isinstance(column.schema, serializers.CharField):
        kind = "text"
    return cell(column.name, column.paths[0], f"c.{column.paths[0]}", kind)


# Claim fields added since these formats were fixed, as ``field(...)``: each ends the API
# object, the schema component, the JSONL line and the CSV row, and the importer accepts its
# column (docs/csv-format.md documents it: a test checks every column is there).
ADDED: tuple[Column, ...] = ()


def formats_with(*added: Column) -> tuple[Format, Format]:
    """The API and CSV formats with claim fields added at their ends."""
    return _API.extended(*added), _CSV.extended(*(csv_cell(column) for column in added))


API, CSV = formats_with(*ADDED)
