"""ETag and Last-Modified for API responses, from the global data version.

Every write bumps the version in the same transaction, so "nothing changed" is known from one
indexed single-row read, before any list query runs.
"""

import hashlib

from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from claims import selectors


class Validators:
    def __init__(self, request):
        version = selectors.data_version()
        query = "&".join(sorted(f"{k}={v}" for k, values in request.GET.lists() for v in values))
        key = f"{version.version}|{request.path}|{query}".encode()
        self.etag = f'"{hashlib.blake2b(key, digest_size=12).hexdigest()}"'
        self.last_modified = int(version.changed_at.timestamp())

    def not_modified(self, request):
        """A 304 response when the client's copy is current, else None."""
        return get_conditional_response(request, etag=self.etag, last_modified=self.last_modified)

    def stamp(self, response):
        response["ETag"] = self.etag
        response["Last-Modified"] = http_date(self.last_modified)
        response["Cache-Control"] = "no-cache"
        return response
