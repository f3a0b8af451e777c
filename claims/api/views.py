"""The REST API, /api/v1/.

Lists are rendered from ``values()`` through orjson with keyset paging
(:mod:`claims.api.base`); DRF supplies authentication, permissions, throttling, input validation
and the OpenAPI schema. Writes call the same services as the editor desk and only translate
their errors into status codes.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.exceptions import PermissionDenied as Forbidden
from rest_framework.permissions import AllowAny, IsAuthenticatedOrReadOnly

from claims import caching, pictures, sentences, services
from claims import representations as rep
from claims.api import idempotency, serializers, shapes
from claims.api.base import (
    DetailView,
    KeysetListView,
    Resource,
    UnknownMethodFirst,
    dumps,
    json_response,
    one_place_stamp,
)
from claims.api.conditional import respond
from claims.api.errors import as_drf_validation_error
from claims.api.idempotency import idempotent
from claims.filtersets import (
    ActorFilterSet,
    ClaimFilterSet,
    PlaceFilterSet,
    SourceFilterSet,
    VerificationFilterSet,
    as_of_date,
)
from claims.models import Actor, Claim, Place, Source, Verification

CLAIMS = Resource(Claim, rep.CLAIM_COLUMNS, rep.claim_dicts)
VERIFICATIONS = Resource(
    Verification, rep.VERIFICATION_COLUMNS, rep.verification_dicts, redacted=True
)
PLACES = Resource(Place, rep.PLACE_COLUMNS, rep.place_dicts)
ACTORS = Resource(Actor, rep.ACTOR_COLUMNS, rep.actor_dicts)
SOURCES = Resource(Source, rep.SOURCE_COLUMNS, rep.source_dicts)


ROOT_ENDPOINTS = {
    "claims": "api:claim-list",
    "verifications": "api:verification-list",
    "places": "api:place-list",
    "actors": "api:actor-list",
    "sources": "api:source-list",
}


@extend_schema(summary="What this API offers", responses=shapes.ApiRootSerializer)
class ApiRoot(UnknownMethodFirst, generics.GenericAPIView):
    """The entry point: every list endpoint, the schema and its documentation."""

    permission_classes = [AllowAny]
    serializer_class = shapes.ApiRootSerializer

    def get(self, request, version="v1"):
        def absolute(name, **kwargs):
            return request.build_absolute_uri(reverse(name, kwargs=kwargs))

        return json_response(
            {
                "version": version,
                "endpoints": {
                    key: absolute(name, version=version) for key, name in ROOT_ENDPOINTS.items()
                },
                "schema": absolute("api-schema"),
                "docs": absolute("api-docs"),
            }
        )


# --- Claims ---------------------------------------------------------------------------------


@extend_schema(
    summary="Claims, oldest change first",
    description=(
        "Every claim, in the order it was last changed (`updated_at`, then `id`). Follow `next` "
        "until `has_more` is false, keep `cursor`, and ask again with it later to receive only "
        "what changed since: no change is missed or sent twice. Filters take the same names as "
        "the /claims/ page."
    ),
)
class ClaimList(KeysetListView):
    resource = CLAIMS
    filterset_class = ClaimFilterSet
    serializer_class = shapes.ClaimSerializer
    permission_classes = [IsAuthenticatedOrReadOnly]

    def stamp(self, request):
        return one_place_stamp(request)

    @extend_schema(
        summary="Record a claim",
        request=serializers.ClaimInputSerializer,
        parameters=[idempotency.PARAMETER],
        responses={
            201: shapes.ClaimSerializer,
            409: shapes.DuplicatesSerializer,
            422: idempotency.KEY_REUSED,
        },
    )
    @idempotent
    def post(self, request, *args, **kwargs):
        payload = serializers.ClaimInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            claim = _call(
                services.claim_create,
                data=payload.to_input(),
                user=request.user,
                allow_duplicate=payload.validated_data["allow_duplicate"],
            )
        except services.LikelyDuplicate as likely:
            rows = list(likely.duplicates.values(*CLAIMS.columns))
            return json_response(
                {
                    "detail": "The claimant already said something about this place that "
                    "day. Send allow_duplicate=true to record this one as well.",
                    "duplicates": CLAIMS.build(rows, request),
                },
                status=409,
            )
        body = claim_detail_dict(claim.pk, request)
        response = json_response(body, status=201)
        response["Location"] = body["url"]
        return response


def _call(service, **kwargs):
    """Run a service, turning its Django errors into API errors."""
    try:
        return service(**kwargs)
    except DjangoValidationError as invalid:
        raise as_drf_validation_error(invalid) from None
    except PermissionDenied as denied:
        raise Forbidden(str(denied)) from None


def claim_detail_dict(pk: int, request) -> dict | None:
    """The claim with its verification history; None if there is no such claim."""
    rows = list(Claim.objects.filter(pk=pk).values(*CLAIMS.columns))
    if not rows:
        return None
    claim = CLAIMS.build(rows, request)[0]
    loaded = Claim.objects.with_related().get(pk=pk)
    claim["sentence"] = sentences.for_claim(loaded)
    verifications = Verification.objects.filter(claim_id=pk).order_by("decided_at", "id")
    claim["verifications"] = VERIFICATIONS.build(
        list(verifications.values(*VERIFICATIONS.columns)), request
    )
    return claim


def stale_version_response(stale: services.StaleVersion, request) -> HttpResponse:
    """The 409 for a write on top of an old version: field by field what others changed
    (the same changes the desk's conflict page shows), the fields that need your choice, what
    was recorded meanwhile, and the claim as it stands."""
    since = Verification.objects.filter(
        claim=stale.claim, claim_version__gt=stale.expected
    ).order_by("claim_version")
    verifications = VERIFICATIONS.build(list(since.values(*VERIFICATIONS.columns)), request)
    return json_response(
        {
            "detail": (
                f"The claim is at version {stale.claim.version}, not {stale.expected}: someone "
                "changed it meanwhile. Nothing was written."
            ),
            "current": claim_detail_dict(stale.claim.pk, request),
            "changes": [change.as_dict() for change in stale.changes],
            "conflicts": stale.conflicts,
            "verifications": verifications,
        },
        status=409,
    )


@extend_schema(summary="One claim, with its verification history")
class ClaimDetail(DetailView):
    resource = CLAIMS
    serializer_class = shapes.ClaimDetailSerializer
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(
        summary="Correct a claim",
        description=(
            "Send only the fields you change, with the claim's `version` as you read it. If "
            "someone changed the claim since, nothing is written and the 409 lists, field by "
            "field, what they changed and which of your fields they changed too (`conflicts`). "
            "Send the edit again with `seen_version` set to the version now and, for each "
            'conflict, `choices: {field: "theirs" | "mine"}`: fields only they changed '
            "keep their values."
        ),
        request=serializers.ClaimPatchSerializer,
        parameters=[idempotency.PARAMETER],
        responses={
            200: shapes.ClaimDetailSerializer,
            404: OpenApiResponse(description="No such claim."),
            409: shapes.ConflictSerializer,
            422: idempotency.KEY_REUSED,
        },
    )
    @idempotent
    def patch(self, request, pk, **kwargs):
        claim = Claim.objects.filter(pk=pk).first()
        if claim is None:
            raise NotFound("No claim here.")
        payload = serializers.ClaimPatchSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            _call(services.claim_update, claim=claim, user=request.user, **payload.arguments())
        except services.StaleVersion as stale:
            return stale_version_response(stale, request)
        return json_response(claim_detail_dict(claim.pk, request))

    def get(self, request, **kwargs):
        def body() -> bytes:
            claim = claim_detail_dict(kwargs["pk"], request)
            if claim is None:
                raise NotFound("No claim here.")
            return dumps(claim)

        return respond(request, body)


@extend_schema(
    summary="Record a verification",
    description=(
        "Send the claim's `version` as you read it. If someone changed the claim since, nothing "
        "is written and the answer is 409 with the claim as it stands and what was recorded."
    ),
    request=serializers.VerificationInputSerializer,
    parameters=[idempotency.PARAMETER],
    responses={
        201: shapes.VerificationSerializer,
        404: OpenApiResponse(description="No such claim."),
        409: shapes.ConflictSerializer,
        422: idempotency.KEY_REUSED,
    },
)
class ClaimVerifications(UnknownMethodFirst, generics.GenericAPIView):
    permission_classes = [IsAuthenticatedOrReadOnly]
    serializer_class = serializers.VerificationInputSerializer

    @idempotent
    def post(self, request, pk, **kwargs):
        claim = Claim.objects.filter(pk=pk).select_related("claimant").first()
        if claim is None:
            raise NotFound("No claim here.")
        payload = serializers.VerificationInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        arguments = payload.service_arguments()
        try:
            verification = _call(
                services.verification_record, claim=claim, user=request.user, **arguments
            )
        except services.StaleVersion as stale:
            return stale_version_response(stale, request)
        created = Verification.objects.filter(pk=verification.pk)
        rows = list(created.values(*VERIFICATIONS.columns))
        return json_response(VERIFICATIONS.build(rows, request)[0], status=201)


# --- Verifications feed ---------------------------------------------------------------------


@extend_schema(
    summary="Verification changes, in the order they were recorded",
    description="The feed of status changes. Keep `cursor` to receive only newer ones later.",
)
class VerificationList(KeysetListView):
    resource = VERIFICATIONS
    filterset_class = VerificationFilterSet
    serializer_class = shapes.VerificationSerializer
    order_field = "recorded_at"

    def stamp(self, request):
        return one_place_stamp(request)


@extend_schema(summary="One verification")
class VerificationDetail(DetailView):
    resource = VERIFICATIONS
    serializer_class = shapes.VerificationSerializer


# --- Places, actors, sources ----------------------------------------------------------------


@extend_schema(
    summary="Places with their control picture now",
    description=(
        "Every place, in the order it last changed. With `contested=true`, the places contested "
        "now, live disputes first: ordered by the latest statement any side made about them."
    ),
)
class PlaceList(KeysetListView):
    resource = PLACES
    filterset_class = PlaceFilterSet
    serializer_class = shapes.PlaceSerializer

    def ordering(self, request):
        if request.GET.get("contested") == "true":
            return "state__last_statement_at", True
        return super().ordering(request)


@extend_schema(
    summary="One place, with its control picture now or as of a day",
    parameters=[
        OpenApiParameter(
            "as_of",
            OpenApiTypes.DATE,
            description=(
                "The picture as it stood at the end of this day (YYYY-MM-DD): only statements "
                "made and verdicts decided by then."
            ),
        )
    ],
)
class PlaceDetail(DetailView):
    resource = PLACES
    serializer_class = shapes.PlaceDetailSerializer
    lookup = "slug"
    parameters = ("as_of",)

    def get(self, request, **kwargs):
        self.refuse_unknown_parameters(request)
        try:
            as_of = as_of_date(request.GET.get("as_of"))
        except DjangoValidationError as invalid:
            raise ValidationError({"as_of": invalid.messages}) from None

        def body() -> bytes:
            rows = list(Place.objects.filter(slug=kwargs["slug"]).values(*PLACES.columns))
            if not rows:
                raise NotFound("No place here.")
            place = PLACES.build(rows, request)[0]
            record = Place.objects.select_related("state").get(pk=rows[0]["id"])
            then = pictures.place_picture(record, as_of)
            if as_of is not None:
                place["picture"] = rep.picture_dict(then, as_of, rep.PictureSlugs([then]))
            place["sentence"] = sentences.for_place(pictures.view(record, then, as_of=as_of))
            return dumps(place)

        return respond(request, body, caching.place_stamp(kwargs["slug"]), parameters=("as_of",))


def catalogue_views(resource, filterset_class, serializer_class, lookup, summary):
    """The public list (``summary`` describes it) and the one-record read of a catalogue
    (actors, sources), which need nothing beyond the generic views; the classes are named as
    the URLs use them."""
    model = resource.model
    shared = {"resource": resource, "serializer_class": serializer_class, "__module__": __name__}
    listing = type(
        f"{model.__name__}List", (KeysetListView,), {**shared, "filterset_class": filterset_class}
    )
    record = type(f"{model.__name__}Detail", (DetailView,), {**shared, "lookup": lookup})
    one = f"One {model._meta.verbose_name}"
    return extend_schema(summary=summary)(listing), extend_schema(summary=one)(record)


ActorList, ActorDetail = catalogue_views(
    ACTORS, ActorFilterSet, shapes.ActorSerializer, "slug", "Actors: who makes and checks claims"
)
SourceList, SourceDetail = catalogue_views(
    SOURCES, SourceFilterSet, shapes.SourceSerializer, "pk", "Sources of claims and evidence"
)
