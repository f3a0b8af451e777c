"""Health checks for load balancers, and database faults turned into 503s."""

import logging

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse

from claims.caching import cache_works
from claims.views.errors import is_database_fault, unavailable

log = logging.getLogger(__name__)


class HealthCheckMiddleware:
    """``/healthz``: the process is up. ``/readyz``: it can serve (database reachable and
    migrated, cache reachable); 503 naming what is wrong otherwise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            return JsonResponse({"status": "ok"})
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
    if not cache_works():
        checks["cache"] = "unreachable"
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", **checks}, status=200 if ready else 503
    )


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
