"""API serializers.

Read serializers describe, for the OpenAPI schema, the dicts that ``claims.representations``
builds from ``values()``; lists never instantiate them. Write serializers validate input, which
the views hand to ``claims.services``.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_slug
from rest_framework import serializers

from claims import merge, services
from claims.choices import (
    ActorKind,
    Control,
    EvidenceKind,
    NameKind,
    PlaceKind,
    Precision,
    SourceKind,
    Status,
    Verb,
)
from claims.inputs import BoundedDateTimeField, api_language, api_url, length
from claims.inputs import api_line as line
from claims.inputs import api_text as text
from claims.models import Actor, Citation, Claim, Place, Side, Source
from claims.models.claims import QUOTE_MAX_LENGTH, SUMMARY_MAX_LENGTH
from claims.models.fields import CHANGE_REASON_MAX_LENGTH
from claims.models.verifications import RATIONALE_MAX_LENGTH
from claims.pagination import MAX_ID
from claims.picture import ADMITTED

# --- Read shapes (schema only) --------------------------------------------------------------


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


class CitationSerializer(serializers.Serializer):
    source = SourceRefSerializer()
    excerpt = serializers.CharField(allow_blank=True)
    locator = serializers.CharField(allow_blank=True)


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


class ClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField()
    page_url = serializers.URLField()
    place = PlaceRefSerializer()
    claimant = ActorRefSerializer()
    verb = serializers.ChoiceField(choices=Verb.choices)
    side = SideRefSerializer(allow_null=True, help_text="The side the assertion is about.")
    ambiguous = serializers.BooleanField(
        help_text="Hedged or unclear wording: shown, never taken as a side's position."
    )
    implied_control = ImpliedControlSerializer()
    stated_at = serializers.DateTimeField()
    stated_precision = serializers.ChoiceField(choices=Precision.choices)
    effective_at = serializers.DateTimeField()
    effective_precision = serializers.ChoiceField(choices=Precision.choices)
    quote = serializers.CharField(allow_blank=True)
    language = serializers.CharField(allow_blank=True)
    summary = serializers.CharField()
    answers = serializers.IntegerField(allow_null=True, help_text="Id of the claim it answers.")
    citations = CitationSerializer(many=True)
    status = serializers.ChoiceField(choices=Status.choices)
    version = serializers.IntegerField(help_text="Send it back when writing, to detect conflicts.")
    recorded_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class EvidenceSourceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField(allow_blank=True)
    title = serializers.CharField()
    api_url = serializers.URLField()


class VerificationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    claim = serializers.IntegerField()
    claim_url = serializers.URLField()
    place = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    rationale = serializers.CharField(allow_blank=True)
    evidence_kind = serializers.ChoiceField(choices=[("", "—"), *EvidenceKind.choices])
    evidence = EvidenceSourceSerializer(many=True)
    verifier = serializers.CharField(
        allow_null=True, help_text="Slug of the actor whose judgement it is; null: the newsroom's."
    )
    recorded_by = serializers.CharField(allow_null=True)
    decided_at = serializers.DateTimeField()
    recorded_at = serializers.DateTimeField()
    claim_version = serializers.IntegerField()


class ClaimDetailSerializer(ClaimSerializer):
    verifications = VerificationSerializer(many=True)
    sentence = serializers.CharField(
        help_text="The claim and where its verification stands, in one or two plain sentences "
        "a reporter can quote."
    )


class PlaceNameSerializer(serializers.Serializer):
    name = serializers.CharField()
    language = serializers.CharField()
    kind = serializers.ChoiceField(choices=NameKind.choices)


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


class PlaceSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=PlaceKind.choices)
    region = serializers.CharField(allow_null=True)
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    names = PlaceNameSerializer(many=True)
    claim_count = serializers.IntegerField()
    last_stated_at = serializers.DateTimeField(allow_null=True)
    picture = PictureSerializer()
    url = serializers.URLField()
    page_url = serializers.URLField()
    claims_url = serializers.URLField()
    updated_at = serializers.DateTimeField()


class PlaceDetailSerializer(PlaceSerializer):
    sentence = serializers.CharField(
        help_text="The picture (now, or as of the day asked) in one or two plain sentences a "
        "reporter can quote: who said what and when, and what verifiers found."
    )


class ActorSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=ActorKind.choices)
    description = serializers.CharField(allow_blank=True)
    side = SideRefSerializer(allow_null=True)
    independent = serializers.BooleanField()
    parent = serializers.CharField(allow_null=True)
    url = serializers.URLField()
    updated_at = serializers.DateTimeField()


class SourceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField(allow_blank=True)
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=SourceKind.choices)
    publisher = serializers.CharField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    language = serializers.CharField(allow_blank=True)
    archived_url = serializers.CharField(allow_blank=True)
    retrieved_at = serializers.DateTimeField(allow_null=True)
    api_url = serializers.URLField()
    updated_at = serializers.DateTimeField()


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


# --- Write input ----------------------------------------------------------------------------


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


class CitationInputSerializer(serializers.Serializer):
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


class ClaimInputSerializer(serializers.Serializer):
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


class ClaimPatchSerializer(serializers.Serializer):
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


class NewEvidenceSerializer(serializers.Serializer):
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


class VerificationInputSerializer(serializers.Serializer):
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
