"""Readiness checks for load balancers, limits on pages, private pages never stored, database
faults turned into 503s, and two library middlewares made cheaper for the API's reads.
(``/healthz`` is answered before Django: claimtracker.wsgi.)"""

import functools
import http
import logging
import time

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.contrib.messages.middleware import MessageMiddleware
from django.core.signals import setting_changed
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.dispatch import receiver
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


# Attributes through which a view gives a response a policy of its own (django-csp's decorators).
_OWN_POLICY = tuple(
    f"_csp_{part}{suffix}"
    for part in ("config", "update", "replace", "exempt")
    for suffix in ("", "_ro")
)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the site's policy built once.

    django-csp builds both headers (the policy and the report-only one) from the settings for
    every response: 4% of an uncached API answer's CPU (cProfile, docs/benchmarks.md) for two
    strings that only a nonce or a view's own policy (``csp_*`` decorators) change. Responses
    with either are still built by django-csp; the rest get the same headers, built once.
    """

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            hasattr(response, name) for name in _OWN_POLICY
        ):
            return super().process_response(request, response)
        if settings.DEBUG and response.status_code in (
            http.HTTPStatus.INTERNAL_SERVER_ERROR,
            http.HTTPStatus.NOT_FOUND,
        ):
            return response
        for header, policy, excluded in _site_policies():
            if policy and header not in response and not request.path_info.startswith(excluded):
                response[header] = policy
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


@functools.cache
def _site_policies() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """Each header with the policy the settings give it, and the paths it leaves out."""
    return tuple(
        (
            header,
            build_policy(report_only=report_only),
            tuple((getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()),
        )
        for header, name, report_only in (
            (HEADER, "CONTENT_SECURITY_POLICY", False),
            (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", True),
        )
    )


@receiver(setting_changed)
def _policy_changed(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _site_policies.cache_clear()


class SiteMessageMiddleware(MessageMiddleware):
    """Django's messages, for pages: the API never shows one, so its requests neither load
    nor store them (a message waiting for a reader stays for the next page)."""

    def process_request(self, request):
        if not request.path.startswith("/api/"):
            super().process_request(request)
