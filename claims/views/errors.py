"""Error pages: JSON under /api/, the site's own pages elsewhere (a database fault is a 503,
see :mod:`claims.errors`)."""

import sys

from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.views import defaults

from claims.errors import is_api, is_database_fault, unavailable


def not_found(request, exception=None):
    if is_api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def bad_request(request, exception=None):
    """Django's own refusals before a view runs (a body over DATA_UPLOAD_MAX_MEMORY_SIZE, too
    many fields, a malformed header): JSON under /api/ like every other API answer."""
    if not is_api(request):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        return JsonResponse({"detail": "The request body is too large."}, status=413)
    return JsonResponse({"detail": "Bad request."}, status=400)


def permission_denied(request, exception=None):
    if is_api(request):
        return JsonResponse({"detail": "You may not do this."}, status=403)
    return defaults.permission_denied(request, exception)


def server_error(request):
    error = sys.exc_info()[1]
    if is_database_fault(error):
        return unavailable(request, error)
    if is_api(request):
        return JsonResponse({"detail": "Server error."}, status=500)
    return defaults.server_error(request)
