"""Small objects the formats nest (a side, a place, an actor, a source), for the schema."""

from rest_framework import serializers

from claims.choices import ActorKind, Control, SourceKind


def side_ref(slug, name):
    return {"slug": slug, "name": name} if slug else None


def side_json(alias: str) -> str:
    """:func:`side_ref` in SQL, for the side under ``alias``."""
    return (
        f"CASE WHEN {alias}.id IS NULL THEN NULL"
        f" ELSE json_build_object('slug', {alias}.slug, 'name', {alias}.name) END"
    )


class SideRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class PlaceRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    url = serializers.URLField()


class ActorRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=ActorKind.choices)
    side = SideRefSerializer(allow_null=True, help_text="Null: independent of the belligerents.")
    url = serializers.URLField()


class SourceRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField(allow_blank=True)
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=SourceKind.choices)
    publisher = serializers.CharField(allow_null=True, help_text="The publishing actor's slug.")
    api_url = serializers.URLField()


class ImpliedControlSerializer(serializers.Serializer):
    side = serializers.CharField(
        allow_null=True,
        help_text=(
            "The side whose control the claim speaks to: the claimant's own side for a side's "
            "claim, the side named for an independent assessment. Null when it claims none."
        ),
    )
    control = serializers.ChoiceField(
        choices=[c for c in Control.values if c != Control.UNCLEAR],
        allow_null=True,
        help_text="What it says of that side's control; null for context (no control claim).",
    )
