"""Database faults told apart from bugs (claims.errors): an outage or a lock wait is a 503 with
Retry-After, in JSON for the API and as a page elsewhere; anything else stays a bug."""

import json

import pytest
from django.db import DatabaseError, IntegrityError, InterfaceError, InternalError, OperationalError
from django.test import RequestFactory

from claims.errors import BUSY, RETRY_AFTER_SECONDS, is_database_fault, is_lock_timeout, unavailable


class ServerError(Exception):
    """What psycopg raises, as far as these checks read it: the server's SQLSTATE."""

    def __init__(self, sqlstate: str):
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def fault(kind, sqlstate=None, message="server said no"):
    """A Django database error as psycopg's would be wrapped, with the server's SQLSTATE."""
    error = kind(message)
    error.__cause__ = ServerError(sqlstate) if sqlstate else None
    return error


@pytest.mark.parametrize(
    "error",
    [
        fault(OperationalError, "08006"),  # the connection failed
        fault(OperationalError, "53100"),  # the disk is full
        fault(OperationalError, "57P01"),  # an administrator shut the server down
        fault(OperationalError, "55P03"),  # a lock wait ran past lock_timeout
        fault(OperationalError, "40P01"),  # a deadlock, this write rolled back
        fault(InternalError, "25006"),  # a write sent to a read-only server
        fault(OperationalError, message="database is locked"),  # SQLite's busy timeout
        fault(InterfaceError, message="connection already closed"),
    ],
)
def test_outages_and_lock_waits_are_database_faults(error):
    assert is_database_fault(error)


@pytest.mark.parametrize(
    "error",
    [
        fault(OperationalError, message="no such table: claims_claim"),  # SQLite, schema behind
        fault(OperationalError, "42703"),  # an undefined column: a bug
        fault(InternalError, "XX000"),
        fault(IntegrityError, "23505"),
        fault(DatabaseError, "08006"),
        ValueError("not the database at all"),
        None,
    ],
)
def test_bugs_and_refusals_are_not_database_faults(error):
    assert not is_database_fault(error)


def test_only_lock_waits_count_as_lock_timeouts():
    assert is_lock_timeout(fault(OperationalError, "55P03"))
    assert is_lock_timeout(fault(OperationalError, message="database is locked"))
    assert not is_lock_timeout(fault(OperationalError, "08006"))
    assert not is_lock_timeout(fault(InternalError, "55P03"))


def test_the_api_gets_a_json_503_that_says_to_retry():
    request = RequestFactory().get("/api/v1/claims/")
    response = unavailable(request, fault(OperationalError, "55P03"))
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert json.loads(response.content) == {"detail": BUSY}


def test_a_page_gets_a_503_page_that_says_the_database_is_unavailable():
    request = RequestFactory().get("/places/soledar/")
    response = unavailable(request, fault(OperationalError, "08006"))
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "The database is unavailable" in response.content.decode()
