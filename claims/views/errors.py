"""Error pages: JSON under /api/, the site's own pages elsewhere.

When the database is down, read-only or out of space, the answer is a 503 (with Retry-After),
never a 500 with a stack: the fault is the infrastructure's and passes by itself, since
connections are health-checked and reopened on the next request.
"""

import sys

from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, InternalError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views import defaults

RETRY_AFTER_SECONDS = 5
# SQLSTATE class 25 "invalid transaction state" 006: a write refused by a read-only database.
READ_ONLY = "25006"
# SQLSTATE classes that mean the server cannot serve now: connection exceptions (08),
# insufficient resources such as a full disk (53), operator intervention such as a shutdown (57).
UNAVAILABLE_CLASSES = ("08", "53", "57")


def is_database_fault(error: BaseException | None) -> bool:
    """Whether ``error`` means the database cannot serve now, rather than a bug."""
    if isinstance(error, InterfaceError):
        return True
    sqlstate = getattr(getattr(error, "__cause__", None), "sqlstate", None)
    if isinstance(error, OperationalError):
        if sqlstate is None:
            # No answer from a server: the connection failed. On SQLite, "no such table" or
            # "no such column" is a schema out of step with the code, a bug to see as one.
            return not str(error).startswith("no such ")
        return sqlstate[:2] in UNAVAILABLE_CLASSES
    if isinstance(error, InternalError):
        return sqlstate == READ_ONLY
    return False


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def unavailable(request):
    message = "The database is unavailable; please try again in a few seconds."
    if _is_api(request):
        response = JsonResponse({"detail": message}, status=503)
    else:
        response = HttpResponse(render_to_string("503.html", {"message": message}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def not_found(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def bad_request(request, exception=None):
    """Django's own refusals before a view runs (a body over DATA_UPLOAD_MAX_MEMORY_SIZE, too
    many fields, a malformed header): JSON under /api/ like every other API answer."""
    if not _is_api(request):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        return JsonResponse({"detail": "The request body is too large."}, status=413)
    return JsonResponse({"detail": "Bad request."}, status=400)


def permission_denied(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": "You may not do this."}, status=403)
    return defaults.permission_denied(request, exception)


def server_error(request):
    if is_database_fault(sys.exc_info()[1]):
        return unavailable(request)
    if _is_api(request):
        return JsonResponse({"detail": "Server error."}, status=500)
    return defaults.server_error(request)
