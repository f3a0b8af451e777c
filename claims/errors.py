"""Database faults, told apart from bugs, and the 503 they are answered with.

When the database is down, read-only or out of space, the answer is a 503 (with Retry-After),
never a 500 with a stack: the fault is the infrastructure's and passes by itself, since
connections are health-checked and reopened on the next request. Used by the error pages, the
API's error handler, the middleware and the importer alike, so it depends on none of them.
"""

from django.db import InterfaceError, InternalError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

RETRY_AFTER_SECONDS = 5
# SQLSTATE class 25 "invalid transaction state" 006: a write refused by a read-only database.
READ_ONLY = "25006"
# SQLSTATE classes that mean the server cannot serve now: connection exceptions (08),
# insufficient resources such as a full disk (53), operator intervention such as a shutdown (57).
UNAVAILABLE_CLASSES = ("08", "53", "57")
# SQLSTATE 55P03 lock_not_available: a write waited DATABASE_LOCK_TIMEOUT for a lock another
# write held (a long import, say); the transaction was rolled back, so a retry is safe.
LOCK_NOT_AVAILABLE = "55P03"
# SQLSTATE 40P01 deadlock_detected: two writes waited for each other's locks (a write touching
# a record an import is writing, say) and this one was rolled back; a retry is safe too.
DEADLOCK = "40P01"
BUSY = "The data is being changed by another write; please try again in a few seconds."


def is_database_fault(error: BaseException | None) -> bool:
    """Whether ``error`` means the database cannot serve now, rather than a bug."""
    if isinstance(error, InterfaceError):
        return True
    sqlstate = getattr(getattr(error, "__cause__", None), "sqlstate", None)
    if isinstance(error, OperationalError):
        if sqlstate is None:
            # No answer from a server: the connection failed, or SQLite's write lock stayed
            # taken past its timeout. On SQLite, "no such table" or "no such column" is a
            # schema out of step with the code, a bug to see as one.
            return not str(error).startswith("no such ")
        return sqlstate[:2] in UNAVAILABLE_CLASSES or sqlstate in (LOCK_NOT_AVAILABLE, DEADLOCK)
    if isinstance(error, InternalError):
        return sqlstate == READ_ONLY
    return False


def is_api(request) -> bool:
    return request.path.startswith("/api/")


def is_lock_timeout(error: BaseException | None) -> bool:
    """Whether ``error`` is a write that gave up waiting for a lock (PostgreSQL's
    ``lock_timeout`` or deadlock detection, SQLite's busy ``timeout``), not an outage."""
    if not isinstance(error, OperationalError):
        return False
    sqlstate = getattr(getattr(error, "__cause__", None), "sqlstate", None)
    return sqlstate in (LOCK_NOT_AVAILABLE, DEADLOCK) or str(error) == "database is locked"


def unavailable(request, error: BaseException | None = None):
    if is_lock_timeout(error):
        message = BUSY
    else:
        message = "The database is unavailable; please try again in a few seconds."
    if is_api(request):
        response = JsonResponse({"detail": message}, status=503)
    else:
        response = HttpResponse(render_to_string("503.html", {"message": message}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
