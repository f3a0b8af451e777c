"""The REST API, /api/v1/.

Lists are rendered from ``values()`` through orjson with keyset paging; DRF supplies
authentication, permissions, throttling, input validation and the OpenAPI schema. Writes call
the same services as the editor desk.
"""

import orjson
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.urls import reverse
from django.utils.functional import Promise
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.exceptions import MethodNotAllowed, NotFound, ValidationError
from rest_framework.exceptions import PermissionDenied as Forbidden
from rest_framework.pagination import BasePagination
from rest_framework.permissions import AllowAny, IsAuthenticatedOrReadOnly

from claims import caching, pictures, roles, sentences, services
from claims import representations as rep
from claims.api import idempotency, params, serializers, shapes
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
from claims.pagination import KeysetPaginator


def _lazy_text(value):
    # Labels are lazy translations, read in the language of the request being answered.
    if isinstance(value, Promise):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def dumps(data) -> bytes:
    return orjson.dumps(data, default=_lazy_text, option=orjson.OPT_UTC_Z)


def json_response(data, status=200) -> HttpResponse:
    return HttpResponse(dumps(data), status=status, content_type="application/json")


def links(request) -> rep.Links:
    return rep.links_for(request.build_absolute_uri("/"))


class UnknownMethodFirst:
    """A method a view does not offer is a 405, before permissions ask for a token."""

    def initial(self, request, *args, **kwargs):
        method = request.method.lower()
        if method not in self.http_method_names or not hasattr(self, method):
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)


class KeysetSchemaPagination(BasePagination):
    """Describes the keyset envelope and its parameters in the schema; views page themselves."""

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "cursor",
                "in": "query",
                "required": False,
                "description": "Opaque position from a previous response's `cursor` or `next`.",
                "schema": {"type": "string"},
            },
            {
                "name": "page_size",
                "in": "query",
                "required": False,
                "description": f"Rows per page, 1 to {params.MAX_PAGE_SIZE}.",
                "schema": {"type": "integer", "minimum": 1, "maximum": params.MAX_PAGE_SIZE},
            },
        ]

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["results", "next", "cursor", "has_more"],
            "properties": {
                "results": schema,
                "next": {"type": "string", "format": "uri", "nullable": True},
                "previous": {"type": "string", "format": "uri", "nullable": True},
                "cursor": {
                    "type": "string",
                    "nullable": True,
                    "description": "Keep this to ask later for what changed after this page.",
                },
                "has_more": {"type": "boolean"},
            },
        }


# With only these parameters, a list filtered to one place by its slug holds that place's rows
# and nothing any other place decides; any other filter (a region, a name that other places'
# names could make ambiguous) may read other places, so such lists stay on the global version.
ONE_PLACE_PARAMETERS = frozenset({"place", "cursor", "page_size"})


def one_place_stamp(request) -> caching.Stamp:
    """The place's version for a list of one place's rows (by its slug), else the global one;
    an unknown slug or a name falls back to the global version too (:func:`place_stamp`)."""
    places = request.GET.getlist("place")
    if len(places) == 1 and set(request.GET) <= ONE_PLACE_PARAMETERS:
        return caching.place_stamp(places[0])
    return caching.global_stamp()


class KeysetListView(UnknownMethodFirst, generics.ListAPIView):
    """A public list: strict parameters, conditional requests, keyset paging, values() rows."""

    permission_classes = [AllowAny]
    filter_backends = [DjangoFilterBackend]
    pagination_class = KeysetSchemaPagination
    order_field = "updated_at"
    columns: tuple = ()

    def build(self, rows, request) -> list[dict]:
        raise NotImplementedError

    def ordering(self, request) -> tuple[str, bool]:
        """The field pages are ordered by, and whether descending: change order by default."""
        return self.order_field, False

    def list(self, request, *args, **kwargs):
        def body() -> bytes:
            queryset = params.filtered(self.filterset_class, request, self.get_queryset())
            field, descending = self.ordering(request)
            paginator = KeysetPaginator(
                field, descending=descending, page_size=params.page_size(request)
            )
            try:
                page = paginator.paginate(queryset.values(*self.columns), request.GET.get("cursor"))
            except DjangoValidationError as invalid:
                raise ValidationError({"cursor": invalid.messages}) from None
            return dumps(
                {
                    "results": self.build(page.items, request),
                    "next": self._page_url(request, page.next_cursor),
                    "previous": self._page_url(request, page.previous_cursor),
                    "cursor": page.resume_cursor,
                    "has_more": page.has_more,
                }
            )

        return respond(request, body, self.stamp(request))

    def stamp(self, request) -> caching.Stamp:
        """What the answer depends on: everything, unless a list says otherwise."""
        return caching.global_stamp()

    def _page_url(self, request, cursor):
        if cursor is None:
            return None
        query = request.GET.copy()
        query["cursor"] = cursor
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


class DetailView(UnknownMethodFirst, generics.GenericAPIView):
    permission_classes = [AllowAny]
    lookup = "pk"
    columns: tuple = ()

    def build(self, rows, request) -> list[dict]:
        raise NotImplementedError

    def get(self, request, **kwargs):
        def body() -> bytes:
            found = self.get_queryset().filter(**{self.lookup: kwargs[self.lookup]})
            rows = list(found.values(*self.columns))
            if not rows:
                raise NotFound(f"No {self.get_queryset().model._meta.verbose_name} here.")
            return dumps(self.build(rows, request)[0])

        return respond(request, body)


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
    queryset = Claim.objects.all()
    filterset_class = ClaimFilterSet
    serializer_class = shapes.ClaimSerializer
    permission_classes = [IsAuthenticatedOrReadOnly]
    columns = rep.CLAIM_COLUMNS

    def stamp(self, request):
        return one_place_stamp(request)

    def build(self, rows, request):
        return rep.claim_dicts(rows, links(request))

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
        data = payload.to_input()
        if not payload.validated_data["allow_duplicate"]:
            duplicates = services.likely_duplicates(
                claimant=data.claimant, place=data.place, stated_at=data.stated_at
            )
            if duplicates.exists():
                rows = list(duplicates.values(*rep.CLAIM_COLUMNS))
                return json_response(
                    {
                        "detail": "The claimant already said something about this place that "
                        "day. Send allow_duplicate=true to record this one as well.",
                        "duplicates": rep.claim_dicts(rows, links(request)),
                    },
                    status=409,
                )
        claim = _call(services.claim_create, data=data, user=request.user)
        body = claim_detail_dict(claim.pk, request)
        response = json_response(body, status=201)
        response["Location"] = body["url"]
        return response


def redact(verifications: list[dict], request) -> list[dict]:
    """Editors' usernames are for the newsroom: anonymous readers get ``recorded_by: null``."""
    if not roles.sees_editors(request.user):
        for verification in verifications:
            verification["recorded_by"] = None
    return verifications


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
    rows = list(Claim.objects.filter(pk=pk).values(*rep.CLAIM_COLUMNS))
    if not rows:
        return None
    claim = rep.claim_dicts(rows, links(request))[0]
    loaded = Claim.objects.with_related().get(pk=pk)
    claim["sentence"] = sentences.for_claim(loaded)
    verifications = Verification.objects.filter(claim_id=pk).order_by("decided_at", "id")
    claim["verifications"] = redact(
        rep.verification_dicts(
            list(verifications.values(*rep.VERIFICATION_COLUMNS)), links(request)
        ),
        request,
    )
    return claim


def stale_version_response(stale: services.StaleVersion, request) -> HttpResponse:
    """The 409 for a write on top of an old version: field by field what others changed
    (the same changes the desk's conflict page shows), the fields that need your choice, what
    was recorded meanwhile, and the claim as it stands."""
    since = Verification.objects.filter(
        claim=stale.claim, claim_version__gt=stale.expected
    ).order_by("claim_version")
    verifications = redact(
        rep.verification_dicts(list(since.values(*rep.VERIFICATION_COLUMNS)), links(request)),
        request,
    )
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
    queryset = Claim.objects.all()
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
        rows = list(created.values(*rep.VERIFICATION_COLUMNS))
        return json_response(rep.verification_dicts(rows, links(request))[0], status=201)


# --- Verifications feed ---------------------------------------------------------------------


@extend_schema(
    summary="Verification changes, in the order they were recorded",
    description="The feed of status changes. Keep `cursor` to receive only newer ones later.",
)
class VerificationList(KeysetListView):
    queryset = Verification.objects.all()
    filterset_class = VerificationFilterSet
    serializer_class = shapes.VerificationSerializer
    order_field = "recorded_at"
    columns = rep.VERIFICATION_COLUMNS

    def build(self, rows, request):
        return redact(rep.verification_dicts(rows, links(request)), request)

    def stamp(self, request):
        return one_place_stamp(request)


@extend_schema(summary="One verification")
class VerificationDetail(DetailView):
    queryset = Verification.objects.all()
    serializer_class = shapes.VerificationSerializer
    columns = rep.VERIFICATION_COLUMNS

    def build(self, rows, request):
        return redact(rep.verification_dicts(rows, links(request)), request)


# --- Places, actors, sources ----------------------------------------------------------------


@extend_schema(
    summary="Places with their control picture now",
    description=(
        "Every place, in the order it last changed. With `contested=true`, the places contested "
        "now, live disputes first: ordered by the latest statement any side made about them."
    ),
)
class PlaceList(KeysetListView):
    queryset = Place.objects.all()
    filterset_class = PlaceFilterSet
    serializer_class = shapes.PlaceSerializer
    columns = rep.PLACE_COLUMNS

    def ordering(self, request):
        if request.GET.get("contested") == "true":
            return "state__last_statement_at", True
        return super().ordering(request)

    def build(self, rows, request):
        return rep.place_dicts(rows, links(request))


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
    queryset = Place.objects.all()
    serializer_class = shapes.PlaceDetailSerializer
    lookup = "slug"
    columns = rep.PLACE_COLUMNS

    def get(self, request, **kwargs):
        unknown = set(request.GET) - {"as_of"}
        if unknown:
            raise ValidationError({key: ["Unknown parameter."] for key in sorted(unknown)})
        try:
            as_of = as_of_date(request.GET.get("as_of"))
        except DjangoValidationError as invalid:
            raise ValidationError({"as_of": invalid.messages}) from None

        def body() -> bytes:
            rows = list(Place.objects.filter(slug=kwargs["slug"]).values(*self.columns))
            if not rows:
                raise NotFound("No place here.")
            place = rep.place_dicts(rows, links(request))[0]
            record = Place.objects.select_related("state").get(pk=rows[0]["id"])
            then = pictures.place_picture(record, as_of)
            if as_of is not None:
                place["picture"] = rep.picture_dict(then, as_of, rep.PictureSlugs([then]))
            place["sentence"] = sentences.for_place(pictures.view(record, then, as_of=as_of))
            return dumps(place)

        return respond(request, body, caching.place_stamp(kwargs["slug"]))


@extend_schema(summary="Actors: who makes and checks claims")
class ActorList(KeysetListView):
    queryset = Actor.objects.all()
    filterset_class = ActorFilterSet
    serializer_class = shapes.ActorSerializer
    columns = rep.ACTOR_COLUMNS

    def build(self, rows, request):
        return rep.actor_dicts(rows, links(request))


@extend_schema(summary="One actor")
class ActorDetail(DetailView):
    queryset = Actor.objects.all()
    serializer_class = shapes.ActorSerializer
    lookup = "slug"
    columns = rep.ACTOR_COLUMNS

    def build(self, rows, request):
        return rep.actor_dicts(rows, links(request))


@extend_schema(summary="Sources of claims and evidence")
class SourceList(KeysetListView):
    queryset = Source.objects.all()
    filterset_class = SourceFilterSet
    serializer_class = shapes.SourceSerializer
    columns = rep.SOURCE_COLUMNS

    def build(self, rows, request):
        return rep.source_dicts(rows, links(request))


@extend_schema(summary="One source")
class SourceDetail(DetailView):
    queryset = Source.objects.all()
    serializer_class = shapes.SourceSerializer
    columns = rep.SOURCE_COLUMNS

    def build(self, rows, request):
        return rep.source_dicts(rows, links(request))
