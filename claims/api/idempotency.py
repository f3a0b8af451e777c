"""``Idempotency-Key`` on API writes: a retried POST returns the first answer, writes nothing."""

import functools
import hashlib
import json

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError

from claims import services
from claims.api import parsers

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255

PARAMETER = OpenApiParameter(
    HEADER,
    type={
        "type": "string",
        "minLength": 1,
        "maxLength": MAX_KEY_LENGTH,
        "pattern": "^[\\u0020-\\u007e]+$",
    },
    location=OpenApiParameter.HEADER,
    required=False,
    description=(
        f"1 to {MAX_KEY_LENGTH} printable ASCII characters, unique per request: e.g. a UUID. "
        "Retrying with the same key within 24 hours returns the first "
        "successful answer (with `Idempotent-Replayed: true`) and writes nothing; the same "
        "key with a different request (other JSON, not other spacing) is refused with 422."
    ),
)

KEY_REUSED = OpenApiResponse(
    description="The Idempotency-Key was already used for a different request; nothing written."
)


class KeyReused(APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "idempotency_key_reused"


def _valid_key(key: str) -> str:
    if not key or len(key) > MAX_KEY_LENGTH or not key.isascii() or not key.isprintable():
        raise ValidationError(
            {HEADER: [f"Send 1 to {MAX_KEY_LENGTH} printable ASCII characters, e.g. a UUID."]}
        )
    return key


def _fingerprint(request) -> str:
    """What makes two requests the same: method, path and the JSON body's meaning, so that a
    client that re-serialises its retry (other spacing, other key order) is not refused."""
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    try:
        body = parsers.loads(request.body)
    except ValueError:
        # Not JSON (or too deep): the handler refuses it, and the bytes are all there is.
        digest.update(request.body)
    else:
        canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
        digest.update(canonical.encode())
    return digest.hexdigest()


def idempotent(handler):
    """Make a view's POST handler honour ``Idempotency-Key`` (optional: without it, as before)."""

    @functools.wraps(handler)
    def wrapper(view, request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return handler(view, request, *args, **kwargs)
        fingerprint = _fingerprint(request)

        def write() -> services.Answer:
            response = handler(view, request, *args, **kwargs)
            return services.Answer(
                status=response.status_code,
                body=response.content,
                content_type=response["Content-Type"],
                location=response.get("Location", ""),
            )

        try:
            answer = services.run_idempotently(
                user=request.user, key=_valid_key(key), fingerprint=fingerprint, write=write
            )
        except services.IdempotencyKeyReused as reused:
            raise KeyReused(str(reused)) from None
        response = HttpResponse(answer.body, status=answer.status, content_type=answer.content_type)
        if answer.location:
            response["Location"] = answer.location
        if answer.replayed:
            response["Idempotent-Replayed"] = "true"
        return response

    return wrapper
