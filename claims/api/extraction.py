"""POST /api/v1/extract/: the proposals the desk shows for a pasted article, as JSON.

Reads only: nothing is written. Token (or session) users only, as extraction costs CPU.
"""

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated

from claims import selectors
from claims.api.base import UnknownMethodFirst, json_response
from claims.api.serializers import SlugReferenceField, StrictInput
from claims.choices import EvidenceKind, Status, Verb
from claims.extraction import MAX_BYTES, InputRefused
from claims.inputs import EARLIEST
from claims.models import Actor


class ExtractInputSerializer(StrictInput):
    text = serializers.CharField(
        trim_whitespace=False,
        max_length=MAX_BYTES,
        help_text="The article's text (plain text; HTML is stripped), at most 200 KB.",
    )
    published = serializers.DateField(help_text="Publication date, YYYY-MM-DD.")
    publisher = SlugReferenceField(
        slug_field="slug",
        queryset=Actor.objects.all(),
        required=False,
        help_text="The outlet's actor slug: the verifier of checks the text reports unnamed.",
    )

    def validate_published(self, value):
        if value > timezone.localdate():
            raise serializers.ValidationError("A publication date cannot be in the future.")
        if value < EARLIEST:
            raise serializers.ValidationError(f"Give a date from {EARLIEST:%Y} on.")
        return value


class ClaimProposalSerializer(serializers.Serializer):
    place = serializers.CharField(help_text="A place's slug, or the name as written if unknown.")
    place_known = serializers.BooleanField()
    claimant = serializers.CharField(help_text="An actor's slug, or a proposed new name.")
    claimant_known = serializers.BooleanField()
    claimant_side = serializers.CharField(allow_null=True)
    claimant_kind = serializers.CharField()
    verb = serializers.ChoiceField(Verb.choices)
    side = serializers.CharField(allow_null=True)
    stated_at = serializers.DateField()
    effective_at = serializers.DateField(allow_null=True)
    quote = serializers.CharField(help_text="The sentence the claim was read from, exactly.")
    answers = serializers.IntegerField(
        allow_null=True, help_text="Index of the proposal this one answers."
    )
    confidence = serializers.FloatField()
    why = serializers.ListField(child=serializers.CharField())


class VerificationProposalSerializer(serializers.Serializer):
    claim = serializers.IntegerField(help_text="Index of the claim proposal it judges.")
    verifier = serializers.CharField(allow_null=True)
    verifier_known = serializers.BooleanField()
    status = serializers.ChoiceField(Status.choices)
    decided_at = serializers.DateField()
    evidence_kind = serializers.ChoiceField(EvidenceKind.choices, allow_blank=True)
    quote = serializers.CharField()
    why = serializers.ListField(child=serializers.CharField())


class ExtractionSerializer(serializers.Serializer):
    published = serializers.DateField()
    notes = serializers.ListField(child=serializers.CharField())
    claims = ClaimProposalSerializer(many=True)
    verifications = VerificationProposalSerializer(many=True)


@extend_schema(
    summary="Propose the claims a news article reports (writes nothing)",
    request=ExtractInputSerializer,
    responses={200: ExtractionSerializer, 400: OpenApiResponse(description="Unreadable input")},
)
class Extract(UnknownMethodFirst, generics.GenericAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = ExtractInputSerializer

    def post(self, request, *args, **kwargs):
        payload = ExtractInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        publisher = data.get("publisher")
        try:
            result = selectors.article_proposals(
                data["text"],
                published=data["published"],
                publisher=publisher.slug if publisher else None,
            )
        except InputRefused as refused:
            raise ValidationError({"text": [str(refused)]}) from None
        body = result.as_dict()
        for proposal in body["claims"] + body["verifications"]:
            # Offsets for the desk's highlighting; API clients have the quote and `why`.
            proposal.pop("marks")
            proposal.pop("sentence")
        return json_response(body)
