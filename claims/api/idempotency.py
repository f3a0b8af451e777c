"""``Idempotency-Key`` on API writes: a retried POST returns the first answer, writes nothing."""

import functools
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError

from claims import services
from claims.api import parsers
from claims.models import IdempotencyRecord

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
# Clients may retry with the same key for at least this long; older records are purged.
KEY_HOURS = 24

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
    """The key was already used for a different request."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "idempotency_key_reused"


@dataclass(frozen=True)
class Answer:
    """An HTTP answer to a write, as kept for replaying it."""

    status: int
    body: bytes
    content_type: str = "application/json"
    location: str = ""
    replayed: bool = False


@transaction.atomic
def run_idempotently(*, user, key: str, fingerprint: str, write: Callable[[], Answer]) -> Answer:
    """Run ``write`` once per ``(user, key)``; a retry gets the first successful answer back.

    The key is claimed before writing, in the same transaction as the write: a concurrent retry
    waits on the unique index until this transaction ends, then replays what it committed. A
    write that fails (an exception or an answer other than 2xx) keeps nothing, so the client can
    correct the request and send it again with the same key.
    """
    services.limit_lock_waits()
    try:
        with transaction.atomic():
            record = IdempotencyRecord.objects.create(user=user, key=key, fingerprint=fingerprint)
    except IntegrityError:
        record = IdempotencyRecord.objects.get(user=user, key=key)
        if record.fingerprint != fingerprint:
            raise KeyReused(
                "This Idempotency-Key was already used for a different request."
            ) from None
        return Answer(
            status=record.status,
            body=bytes(record.body),
            content_type=record.content_type,
            location=record.location,
            replayed=True,
        )
    answer = write()
    if 200 <= answer.status < 300:
        record.status = answer.status
        record.body = answer.body
        record.content_type = answer.content_type
        record.location = answer.location
        record.save(update_fields=["status", "body", "content_type", "location"])
    else:
        record.delete()
    return answer


@transaction.atomic
def records_purge(*, older_than_hours: int = KEY_HOURS) -> int:
    """Forget the answers to writes older than ``older_than_hours``; returns how many."""
    cutoff = timezone.now() - timedelta(hours=older_than_hours)
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted


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

        def write() -> Answer:
            response = handler(view, request, *args, **kwargs)
            return Answer(
                status=response.status_code,
                body=response.content,
                content_type=response["Content-Type"],
                location=response.get("Location", ""),
            )

        answer = run_idempotently(
            user=request.user, key=_valid_key(key), fingerprint=fingerprint, write=write
        )
        response = HttpResponse(answer.body, status=answer.status, content_type=answer.content_type)
        if answer.location:
            response["Location"] = answer.location
        if answer.replayed:
            response["Idempotent-Replayed"] = "true"
        return response

    return wrapper
