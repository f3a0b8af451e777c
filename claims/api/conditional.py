"""ETag and Last-Modified for API responses, from the global data version, or for answers
about one place from that place's version (:func:`claims.caching.place_stamp`).

Every write bumps the versions in the same transaction, so "nothing changed" is known from one
indexed single-row read, before any list query runs; the same version keys the cached bodies.
"""

import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from claims import caching, roles


def clock() -> float:
    return time.time()


class Validators:
    def __init__(self, request, stamp: caching.Stamp | None = None):
        stamp = stamp or caching.global_stamp()
        # Editors see who recorded what; readers do not: their copies never mix.
        self.audience = "newsroom" if roles.sees_editors(request.user) else "public"
        self.data_stamp = f"{stamp.text}|{self.audience}"
        query = "&".join(sorted(f"{k}={v}" for k, values in request.GET.lists() for v in values))
        language = translation.get_language()
        key = f"{self.data_stamp}|{language}|{request.path}|{query}".encode()
        self.etag = f'"{hashlib.blake2b(key, digest_size=12).hexdigest()}"'
        self.last_modified = int(stamp.changed_at.timestamp())

    @property
    def settled_last_modified(self) -> int | None:
        """Last-Modified counts whole seconds: while the data's second is still running, a
        write later in it would carry the same date, and a client revalidating with
        If-Modified-Since alone would be told its old copy is current. Until then only the ETag
        validates."""
        return self.last_modified if clock() >= self.last_modified + 1 else None

    def not_modified(self, request):
        """A 304 response when the client's copy is current, else None."""
        return get_conditional_response(
            request, etag=self.etag, last_modified=self.settled_last_modified
        )

    def copy_of(self, body: Callable[[], bytes]):
        """What the cache keeps of an answer: its body and the validators it was made under."""
        return lambda: (body(), self.etag, self.last_modified)

    def stamp(self, response):
        response["ETag"] = self.etag
        if self.settled_last_modified is not None:
            response["Last-Modified"] = http_date(self.last_modified)
        response["Cache-Control"] = "no-cache"
        patch_vary_headers(response, ("Authorization", "Cookie", "Accept-Language"))
        return response


def respond(
    request, body: Callable[[], bytes], stamp: caching.Stamp | None = None, parameters=()
) -> HttpResponse:
    """Answer a read: 304 if the client's copy is current, else the JSON ``body``, made once
    per data version (``stamp``, default the global one) and URL and then served from the cache
    (API_CACHE_SECONDS). ``parameters`` names the query parameters whose addresses the worker
    remakes after writes about the place (:func:`claims.caching.remake`)."""
    stamp = stamp or caching.global_stamp()
    validators = Validators(request, stamp)
    not_modified = validators.not_modified(request)
    if not_modified is not None:
        return validators.stamp(not_modified)
    seconds = settings.API_CACHE_SECONDS
    if not seconds:
        response = HttpResponse(body(), content_type="application/json")
        caching.mark(response, hit=False)
        return validators.stamp(response)
    key = caching.version_key("api", request, validators.data_stamp)
    if request.user.is_authenticated:
        copy = caching.read(key)
    else:
        copy = caching.read_copy(key, stamp, request, seconds, parameters)
    state = "hit"
    if copy is None and not request.user.is_authenticated:
        # Readers who ask while one request or the worker remakes an answer after a write get
        # the previous one, with the validators it was made under, so no client keeps an old
        # body under a new ETag. Signed-in readers and token holders never do: whoever has just
        # written reads what they wrote.
        latest = caching.version_key("api-latest", request, validators.audience)
        copy, state = caching.remake(
            key,
            latest,
            validators.copy_of(body),
            keep=tuple,
            seconds=seconds,
            request=request,
            stamp=stamp,
            parameters=parameters,
        )
    elif copy is None:
        copy, state = validators.copy_of(body)(), "miss"
        caching.store(key, copy, seconds)
    content, etag, last_modified = copy
    response = HttpResponse(content, content_type="application/json")
    response["X-Cache"] = state
    validators.etag, validators.last_modified = etag, last_modified
    return validators.stamp(response)
