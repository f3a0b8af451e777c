"""Readiness checks for load balancers, limits on pages, private pages never stored, and
database faults turned into 503s. (``/healthz`` is answered before Django: claimtracker.wsgi.)"""

import logging
import time

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

from claims import caching
from claims.clients import client_address
from claims.errors import is_database_fault, unavailable

log = logging.getLogger(__name__)


class HealthCheckMiddleware:
    """``/readyz``: the process can serve (database reachable and migrated, cache reachable);
    503 naming what is wrong otherwise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/readyz":
            return readiness()
        return self.get_response(request)


def readiness() -> JsonResponse:
    checks = {"database": "ok", "migrations": "ok", "cache": "ok"}
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            checks["migrations"] = "unapplied migrations"
    except Exception as error:  # any failure to reach the database means "not ready"
        checks["database"] = f"unreachable: {type(error).__name__}"
        checks["migrations"] = "unknown"
    if not caching.cache_works():
        checks["cache"] = "unreachable"
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", **checks}, status=200 if ready else 503
    )


class SiteRateLimitMiddleware:
    """Pages, feeds and downloads: a generous limit per client address, as the API has.

    Addresses are read as the API's limits read them (NUM_PROXIES); downloads, which cost far
    more, count apart from pages. Counted in the shared cache and let through when it is down,
    like the API's. A request over the limit is a 429 with Retry-After, before any work.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(("/api/", "/static/")):
            return self.get_response(request)
        scope = "export" if request.path.startswith("/export/") else "page"
        rate = settings.SITE_THROTTLE_RATES.get(scope)
        if rate:
            limit, seconds = parse_rate(rate)
            now = time.time()
            window = int(now // seconds)
            key = f"throttle_{scope}_{client_address(request)}:{window}"
            seen = caching.count(key, timeout=seconds)
            if seen is not None and seen > limit:
                return too_many_requests(wait=(window + 1) * seconds - now)
        return self.get_response(request)


PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86_400}


def parse_rate(rate: str) -> tuple[int, int]:
    """A rate such as 600/minute as (600, 60): the API's format (env.env_rate checks it)."""
    count, period = rate.split("/")
    return int(count), PERIODS[period[0]]


def too_many_requests(wait: float) -> HttpResponse:
    seconds = max(int(wait) + 1, 1)
    message = f"Too many requests from your address; please try again in {seconds} seconds."
    response = HttpResponse(render_to_string("429.html", {"message": message}), status=429)
    response["Retry-After"] = str(seconds)
    return response


class DatabaseFaultMiddleware:
    """A view that meets a database fault answers 503 and logs one line, not a stack trace:
    during an outage every request fails the same way, and hundreds of identical traces would
    bury whatever else the log says."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_fault(exception):
            return None
        log.warning("database unavailable: %s %s: %s", request.method, request.path, exception)
        return unavailable(request, exception)


class PrivatePagesMiddleware:
    """What a logged-in editor is shown (the desk, their account with a new token, names of
    colleagues) and the log-in pages are never stored by a browser or a proxy: a shared computer's
    history or a cache must not hand them to the next person. Anonymous readers' pages are the
    same for everyone and keep their own caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.path.startswith(("/accounts/", "/uk/accounts/")) or (
            user and user.is_authenticated
        ):
            add_never_cache_headers(response)
        return response
