"""The control picture as the API gives it (``representations.picture_dict``), for the schema."""

from rest_framework import serializers

from claims.choices import Control, Status
from claims.picture import ADMITTED


class PositionVerifierSerializer(serializers.Serializer):
    actor = serializers.CharField(
        allow_null=True, help_text="The verifier's slug; null for the newsroom's own judgement."
    )
    kind = serializers.ChoiceField(
        choices=["verification", "admission"],
        help_text="`admission`: the other side conceded the place (evidence of its own kind).",
    )
    status = serializers.ChoiceField(
        choices=[*Status.values, ADMITTED], help_text="`admitted` for an admission."
    )
    decided_at = serializers.DateTimeField()
    claim = serializers.IntegerField(help_text="The claim judged (or the admitting claim).")


class PositionSerializer(serializers.Serializer):
    side = serializers.CharField(help_text="The side's slug.")
    control = serializers.ChoiceField(choices=Control.choices)
    since = serializers.DateTimeField(
        allow_null=True, help_text="When the side made the first statement this position rests on."
    )
    claims = serializers.ListField(
        child=serializers.IntegerField(), help_text="Ids of the claims supporting it (latest 50)."
    )
    claim_count = serializers.IntegerField()
    status = serializers.ChoiceField(
        choices=[("", "none"), *Status.choices],
        help_text="The strongest verdict any verifier holds on its claims.",
    )
    verifiers = PositionVerifierSerializer(many=True)
    verifiers_disagree = serializers.BooleanField()
    contradicted_within_side = serializers.BooleanField()
    context = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Ids of the side's later statements that claim no control (latest 20).",
    )


class AssessmentSerializer(serializers.Serializer):
    actor = serializers.CharField()
    claim = serializers.IntegerField()
    stated_at = serializers.DateTimeField()
    status = serializers.ChoiceField(choices=Status.choices)


class PictureSerializer(serializers.Serializer):
    as_of = serializers.DateField(allow_null=True)
    contested = serializers.BooleanField(
        help_text="Two sides' standing positions cannot both be true."
    )
    last_statement_at = serializers.DateTimeField(
        allow_null=True, help_text="The latest statement any side made about the place."
    )
    verdict = serializers.ChoiceField(choices=[("", "no claims"), *Status.choices])
    positions = PositionSerializer(many=True)
    independent = AssessmentSerializer(many=True)
