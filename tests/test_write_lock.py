"""Every write queues for the data version's lock (claims.services.writes._begin_write), so a write
takes it only once everything it checks is checked: what runs under it is what the other
writers wait for."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import services
from tests.factories import PlaceFactory, claim_input

pytestmark = pytest.mark.django_db


def after_the_version_lock(queries) -> list[str]:
    sql = [q["sql"] for q in queries]
    first = next(
        n for n, q in enumerate(sql) if q.startswith("SELECT") and "claims_dataversion" in q
    )
    return sql[first:]


def test_a_claim_is_checked_before_the_version_lock_is_taken(russian_actor, editor):
    place = PlaceFactory(name="Soledar", slug="soledar")
    with CaptureQueriesContext(connection) as queries:
        services.claim_create(data=claim_input(place, russian_actor), user=editor)
    locked = after_the_version_lock(queries.captured_queries)
    assert not [q for q in locked if '"_check"' in q]  # no check-constraint validation
    postgres = connection.vendor == "postgresql"
    # The version row locked (its whole wait bounded on PostgreSQL, which then restores the
    # statement timeout) and bumped; the claim and its history row, the first verification, the
    # claim's cached status; the webhook subscriptions for "claim created"; the place's version
    # (touch_places: a savepoint, the version again, its bump, the place's stamp, the release);
    # the subscriptions for the place's picture; its picture rebuilt (the place's claims, the
    # sides, the verifications, positions deleted and inserted, the state: the claims' count and
    # last statement come from the claims already read); the
    # release of the service's savepoint (the test runs in a transaction).
    assert len(locked) == 2 + postgres + 4 + 1 + 5 + 1 + 6 + 1, "\n".join(q[:80] for q in locked)
