"""API input: write serializers validate what clients send, which the views hand to
``claims.services``. What the API answers is described in ``claims.api.shapes``.
"""

from collections.abc import Mapping

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_slug
from rest_framework import serializers

from claims import merge, services
from claims.choices import EvidenceKind, Precision, SourceKind, Status, Verb
from claims.inputs import BoundedDateTimeField, api_language, api_url, length
from claims.inputs import api_line as line
from claims.inputs import api_text as text
from claims.models import Actor, Citation, Claim, Place, Side, Source
from claims.models.claims import QUOTE_MAX_LENGTH, SUMMARY_MAX_LENGTH
from claims.models.fields import CHANGE_REASON_MAX_LENGTH
from claims.models.verifications import RATIONALE_MAX_LENGTH
from claims.pagination import MAX_ID


class BoundedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """Refuses ids no row can have before asking the database (which would overflow)."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int) or not 1 <= data <= MAX_ID:
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)


class SlugReferenceField(serializers.SlugRelatedField):
    """A record named by its slug; what cannot be a slug is refused before the lookup.

    The database is never asked about such input: PostgreSQL cannot compare a NUL, and the "does
    not exist" error would quote the input back, which JSON cannot carry if it holds a surrogate.
    """

    default_error_messages = {"invalid": "Give a slug: letters, digits, hyphens, underscores."}

    def to_internal_value(self, data):
        field = self.get_queryset().model._meta.get_field(self.slug_field)
        if not isinstance(data, str) or len(data) > field.max_length:
            self.fail("invalid")
        try:
            validate_slug(data)
        except DjangoValidationError:
            self.fail("invalid")
        return super().to_internal_value(data)


def choice(choices, **kwargs):
    """A choice whose error lists the choices rather than quoting the input back (see above)."""
    values = ", ".join(value for value, _ in choices)
    return serializers.ChoiceField(
        choices, error_messages={"invalid_choice": f"Choose one of: {values}."}, **kwargs
    )


class StrictInput(serializers.Serializer):
    """Input that names each field it takes: any other (a typo, or ``status`` and ``id``, which
    only answers carry) is refused naming it, where DRF would drop it and answer 201, leaving
    the client to believe it was written."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            writable = sorted(name for name, field in self.fields.items() if not field.read_only)
            unknown = sorted(set(data) - set(writable))
            if unknown:
                message = f"Not a field this write takes; it takes: {', '.join(writable)}."
                raise serializers.ValidationError({name: [message] for name in unknown})
        return super().to_internal_value(data)


class CitationInputSerializer(StrictInput):
    source = BoundedPrimaryKeyField(
        queryset=Source.objects.all(), required=False, allow_null=True, help_text="A source id."
    )
    url = api_url(
        length(Source, "url"),
        required=False,
        allow_blank=True,
        help_text="Reuses the source with this URL, or creates one.",
    )
    title = line(length(Source, "title"), required=False, allow_blank=True)
    excerpt = text(length(Citation, "excerpt"), required=False, allow_blank=True)
    locator = line(length(Citation, "locator"), required=False, allow_blank=True)

    def validate(self, data):
        if not data.get("source") and not data.get("url"):
            raise serializers.ValidationError("Give a source id or a URL.")
        return data

    def to_input(self, data) -> services.CitationInput:
        return services.CitationInput(
            source=data.get("source"),
            url=data.get("url", ""),
            title=data.get("title", ""),
            excerpt=data.get("excerpt", ""),
            locator=data.get("locator", ""),
        )


class ClaimInputSerializer(StrictInput):
    place = SlugReferenceField(slug_field="slug", queryset=Place.objects.all())
    claimant = SlugReferenceField(slug_field="slug", queryset=Actor.objects.all())
    verb = choice(Verb.choices)
    side = SlugReferenceField(
        slug_field="slug", queryset=Side.objects.all(), required=False, allow_null=True
    )
    stated_at = BoundedDateTimeField()
    stated_precision = choice(Precision.choices, default=Precision.EXACT)
    effective_at = BoundedDateTimeField(required=False, allow_null=True)
    effective_precision = choice(Precision.choices, default=Precision.DAY)
    quote = text(QUOTE_MAX_LENGTH, required=False, allow_blank=True, default="")
    language = api_language(length(Claim, "language"), required=False, allow_blank=True, default="")
    summary = text(SUMMARY_MAX_LENGTH)
    answers = BoundedPrimaryKeyField(queryset=Claim.objects.all(), required=False, allow_null=True)
    ambiguous = serializers.BooleanField(
        default=False, help_text="Hedged or unclear wording: never taken as a side's position."
    )
    citations = CitationInputSerializer(many=True, required=False, max_length=20)
    allow_duplicate = serializers.BooleanField(
        default=False,
        help_text="Save even if the claimant said something about the place that same day.",
    )

    def to_input(self) -> services.ClaimInput:
        data = self.validated_data
        citation = CitationInputSerializer()
        return services.ClaimInput(
            place=data["place"],
            claimant=data["claimant"],
            verb=data["verb"],
            side=data.get("side"),
            stated_at=data["stated_at"],
            stated_precision=data["stated_precision"],
            effective_at=data.get("effective_at"),
            effective_precision=data["effective_precision"],
            quote=data["quote"],
            language=data["language"],
            summary=data["summary"],
            answers=data.get("answers"),
            ambiguous=data["ambiguous"],
            citations=[citation.to_input(c) for c in data.get("citations", [])],
        )


class ClaimPatchSerializer(StrictInput):
    """A correction: only the fields sent change."""

    version = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="The claim's version you are correcting."
    )
    seen_version = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        help_text="After a 409: the version whose changes you have seen.",
    )
    choices = serializers.DictField(
        child=choice([(merge.THEIRS, "theirs"), (merge.MINE, "mine")]),
        required=False,
        help_text="After a 409: for each field in `conflicts`, whose value to keep.",
    )
    reason = line(CHANGE_REASON_MAX_LENGTH, help_text="What changed and why (public).")
    place = SlugReferenceField(slug_field="slug", queryset=Place.objects.all(), required=False)
    claimant = SlugReferenceField(slug_field="slug", queryset=Actor.objects.all(), required=False)
    verb = choice(Verb.choices, required=False)
    side = SlugReferenceField(
        slug_field="slug", queryset=Side.objects.all(), required=False, allow_null=True
    )
    stated_at = BoundedDateTimeField(required=False)
    stated_precision = choice(Precision.choices, required=False)
    effective_at = BoundedDateTimeField(required=False)
    effective_precision = choice(Precision.choices, required=False)
    quote = text(QUOTE_MAX_LENGTH, required=False, allow_blank=True)
    language = api_language(length(Claim, "language"), required=False, allow_blank=True)
    summary = text(SUMMARY_MAX_LENGTH, required=False)
    answers = BoundedPrimaryKeyField(queryset=Claim.objects.all(), required=False, allow_null=True)
    citations = CitationInputSerializer(
        many=True, required=False, max_length=20, help_text="Replaces the citations."
    )

    def validate_choices(self, value):
        unknown = set(value) - set(merge.MERGED_FIELDS)
        if unknown:
            raise serializers.ValidationError(f"Not a claim field: {', '.join(sorted(unknown))}.")
        return value

    def arguments(self) -> dict:
        data = dict(self.validated_data)
        arguments = {
            "expected_version": data.pop("version"),
            "seen_version": data.pop("seen_version", None),
            "choices": data.pop("choices", {}),
            "reason": data.pop("reason"),
        }
        if "citations" in data:
            citation = CitationInputSerializer()
            arguments["citations"] = [citation.to_input(c) for c in data.pop("citations")]
        return {**arguments, **data}


class NewEvidenceSerializer(StrictInput):
    url = api_url(length(Source, "url"))
    title = line(length(Source, "title"), required=False, allow_blank=True, default="")
    kind = choice(SourceKind.choices, default=SourceKind.ARTICLE)
    publisher = SlugReferenceField(
        slug_field="slug",
        queryset=Actor.objects.all(),
        required=False,
        allow_null=True,
        help_text=(
            "The publishing actor's slug: required for a URL not on file; for one on file, "
            "leave it out to use the publisher on file."
        ),
    )


class VerificationInputSerializer(StrictInput):
    version = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="The claim's version you are judging."
    )
    status = choice(
        [(value, label) for value, label in Status.choices if value != Status.UNREVIEWED]
    )
    rationale = text(RATIONALE_MAX_LENGTH)
    evidence_kind = choice(EvidenceKind.choices, required=False, allow_blank=True, default="")
    evidence = serializers.ListField(
        child=BoundedPrimaryKeyField(queryset=Source.objects.all()),
        required=False,
        max_length=20,
        help_text="Ids of sources already on file.",
    )
    new_evidence = NewEvidenceSerializer(many=True, required=False, max_length=5)
    decided_at = BoundedDateTimeField(
        required=False,
        allow_null=True,
        help_text=(
            "When the verifier published or the editor judged (default: now); not in the "
            "future. The claim's status is the verdict decided last."
        ),
    )
    verifier = SlugReferenceField(
        slug_field="slug",
        queryset=Actor.objects.all(),
        required=False,
        allow_null=True,
        help_text="Slug of the actor whose judgement this is (ISW…); leave out for your own.",
    )

    def service_arguments(self) -> dict:
        data = self.validated_data
        return {
            "expected_version": data["version"],
            "status": data["status"],
            "rationale": data["rationale"],
            "decided_at": data.get("decided_at"),
            "verifier": data.get("verifier"),
            "evidence_kind": data["evidence_kind"],
            "evidence": list(data.get("evidence", [])),
            "new_evidence": [
                services.CitationInput(
                    url=item["url"],
                    title=item["title"],
                    kind=item["kind"],
                    publisher=item.get("publisher"),
                )
                for item in data.get("new_evidence", [])
            ],
        }
