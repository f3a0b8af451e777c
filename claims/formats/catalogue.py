"""The outside formats of places, actors and sources (the API objects)."""

from rest_framework import serializers

from claims.choices import ActorKind, NameKind, PlaceKind, SourceKind
from claims.formats import refs
from claims.formats.base import Column, Format, Related, value
from claims.formats.pictures import PictureSerializer
from claims.models import PlaceName


def _column(name: str, schema: serializers.Field, path: str | None = None) -> Column:
    path = path or name
    return Column(name, (path,), value(path), schema)


def _link(name: str, prefix: str, key: str, suffix: str = "/") -> Column:
    return Column(
        name,
        (key,),
        lambda row, links: f"{getattr(links, prefix)}{row[key]}{suffix}",
        serializers.URLField(),
    )


def _degrees(path: str):
    return lambda row, links: float(row[path]) if row[path] is not None else None


class PlaceNameSerializer(serializers.Serializer):
    name = serializers.CharField()
    language = serializers.CharField()
    kind = serializers.ChoiceField(choices=NameKind.choices)


# The place's picture now is read from its stored state (``state__picture``) for a whole batch at
# once: ``representations.place_dicts`` puts it in each row under ``picture`` first.
PLACE = Format(
    (
        _column("slug", serializers.CharField()),
        _column("name", serializers.CharField()),
        _column("kind", serializers.ChoiceField(choices=PlaceKind.choices)),
        _column("region", serializers.CharField(allow_null=True), "parent__slug"),
        Column(
            "latitude", ("latitude",), _degrees("latitude"), serializers.FloatField(allow_null=True)
        ),
        Column(
            "longitude",
            ("longitude",),
            _degrees("longitude"),
            serializers.FloatField(allow_null=True),
        ),
        Column(
            "names",
            ("name", "language", "kind"),
            lambda row, links: row["names"],
            PlaceNameSerializer(many=True),
            over="names",
        ),
        Column(
            "claim_count",
            ("state__claim_count",),
            lambda row, links: row["state__claim_count"] or 0,
            serializers.IntegerField(),
        ),
        _column(
            "last_stated_at", serializers.DateTimeField(allow_null=True), "state__last_stated_at"
        ),
        Column("picture", ("state__picture",), value("picture"), PictureSerializer()),
        _link("url", "place_api", "slug"),
        _link("page_url", "place_page", "slug"),
        Column(
            "claims_url",
            ("slug",),
            lambda row, links: f"{links.claim_list}?place={row['slug']}",
            serializers.URLField(),
        ),
        _column("updated_at", serializers.DateTimeField()),
    ),
    related={"names": Related(PlaceName, "place_id", "id", ("language", "name"))},
    reads=("id", "state__last_statement_at"),  # the places list can be paged in its order
)

ACTOR = Format(
    (
        _column("slug", serializers.CharField()),
        _column("name", serializers.CharField()),
        _column("kind", serializers.ChoiceField(choices=ActorKind.choices)),
        _column("description", serializers.CharField(allow_blank=True)),
        Column(
            "side",
            ("side__slug", "side__name"),
            lambda row, links: refs.side_ref(row["side__slug"], row["side__name"]),
            refs.SideRefSerializer(allow_null=True),
        ),
        Column(
            "independent",
            ("side__slug",),
            lambda row, links: row["side__slug"] is None,
            serializers.BooleanField(),
        ),
        _column("parent", serializers.CharField(allow_null=True), "parent__slug"),
        _link("url", "actor_api", "slug"),
        _column("updated_at", serializers.DateTimeField()),
    ),
)

SOURCE = Format(
    (
        _column("id", serializers.IntegerField()),
        _column("url", serializers.CharField(allow_blank=True)),
        _column("title", serializers.CharField()),
        _column("kind", serializers.ChoiceField(choices=SourceKind.choices)),
        _column("publisher", serializers.CharField(allow_null=True), "publisher__slug"),
        _column("published_at", serializers.DateTimeField(allow_null=True)),
        _column("language", serializers.CharField(allow_blank=True)),
        _column("archived_url", serializers.CharField(allow_blank=True)),
        _column("retrieved_at", serializers.DateTimeField(allow_null=True)),
        _link("api_url", "source_api", "id"),
        _column("updated_at", serializers.DateTimeField()),
    ),
)
