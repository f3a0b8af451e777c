"""Downloads: streaming CSV and JSONL of claims (taking the claims list's filters), CSV of
verifications, GeoJSON of places."""

from django.core.exceptions import ValidationError
from django.db import connection
from django.http import JsonResponse, StreamingHttpResponse
from django.utils import timezone

from claims import exports, exports_pg, parameters, replicas
from claims.filtersets import ClaimFilterSet, PlaceFilterSet, VerificationFilterSet
from claims.models import Claim, Place, Verification
from claims.representations import links_for


def _download(chunks, content_type: str, filename: str) -> StreamingHttpResponse:
    """A streamed file named ``<name>-YYYYMMDD-HHMM.<extension>`` for ``filename`` "name.ext",
    read where this request reads (a replica, for anonymous readers, when there is one)."""
    response = StreamingHttpResponse(replicas.streamed(chunks), content_type=content_type)
    name, extension = filename.rsplit(".", 1)
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.{extension}"'
    response["Cache-Control"] = "no-store"
    return response


def _writer():
    """PostgreSQL writes the lines itself (COPY); other databases go through Python."""
    return exports_pg if connection.vendor == "postgresql" else exports


def _filtered(filterset_class, request, queryset):
    try:
        return parameters.filtered(filterset_class, request, queryset, paging=False), None
    except ValidationError as invalid:
        return None, JsonResponse(invalid.message_dict, status=400)


def claims_csv(request):
    claims, error = _filtered(ClaimFilterSet, request, Claim.objects.all())
    if error:
        return error
    links = links_for(request.build_absolute_uri("/"))
    chunks = _writer().csv_chunks(claims, links)
    return _download(chunks, "text/csv; charset=utf-8", "claims.csv")


def claims_jsonl(request):
    claims, error = _filtered(ClaimFilterSet, request, Claim.objects.all())
    if error:
        return error
    links = links_for(request.build_absolute_uri("/"))
    chunks = _writer().jsonl_chunks(claims, links)
    return _download(chunks, "application/x-ndjson", "claims.jsonl")


def verifications_csv(request):
    verifications, error = _filtered(VerificationFilterSet, request, Verification.objects.all())
    if error:
        return error
    links = links_for(request.build_absolute_uri("/"))
    chunks = exports.verification_csv_chunks(verifications, links)
    return _download(chunks, "text/csv; charset=utf-8", "verifications.csv")


def places_geojson(request):
    places, error = _filtered(PlaceFilterSet, request, Place.objects.all())
    if error:
        return error
    links = links_for(request.build_absolute_uri("/"))
    chunks = exports.geojson_chunks(places, links)
    return _download(chunks, "application/geo+json", "places.geojson")
