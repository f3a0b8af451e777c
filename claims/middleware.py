"""Health checks for load balancers, answered ahead of host checks and HTTPS redirects."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse

from claims.caching import cache_works


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
