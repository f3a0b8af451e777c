"""What the API answers, for the OpenAPI schema: lists never instantiate these.

The resources' components are read off their column declarations in :mod:`claims.formats`, the
same ones ``claims.representations`` builds the answers from.
"""

from rest_framework import serializers

from claims import formats

ClaimSerializer = formats.claims.API.serializer("ClaimSerializer")
VerificationSerializer = formats.verifications.API.serializer("VerificationSerializer")
PlaceSerializer = formats.catalogue.PLACE.serializer("PlaceSerializer")
ActorSerializer = formats.catalogue.ACTOR.serializer("ActorSerializer")
SourceSerializer = formats.catalogue.SOURCE.serializer("SourceSerializer")


class ClaimDetailSerializer(ClaimSerializer):
    verifications = VerificationSerializer(many=True)
    sentence = serializers.CharField(
        help_text="The claim and where its verification stands, in one or two plain sentences "
        "a reporter can quote."
    )


class PlaceDetailSerializer(PlaceSerializer):
    sentence = serializers.CharField(
        help_text="The picture (now, or as of the day asked) in one or two plain sentences a "
        "reporter can quote: who said what and when, and what verifiers found."
    )


class ApiRootSerializer(serializers.Serializer):
    version = serializers.CharField()
    endpoints = serializers.DictField(child=serializers.URLField(), help_text="Lists by name.")
    schema = serializers.URLField()
    docs = serializers.URLField()


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="`status`, `citations` or a claim field.")
    label = serializers.CharField()
    before = serializers.CharField(help_text="The value at your version, as text.")
    theirs = serializers.CharField(help_text="The value now, as text.")


class ConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current = ClaimDetailSerializer(help_text="The claim as it stands now.")
    changes = FieldChangeSerializer(many=True, help_text="What changed since your version.")
    conflicts = serializers.ListField(
        child=serializers.CharField(), help_text="Fields you and they both changed."
    )
    verifications = VerificationSerializer(
        many=True, help_text="What was recorded since your version."
    )


class DuplicatesSerializer(serializers.Serializer):
    detail = serializers.CharField()
    duplicates = ClaimSerializer(many=True)
