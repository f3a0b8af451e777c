"""How every write begins (claims.services.writes): it queues for the data version's lock only
once everything it checks is checked, since what runs under the lock is what other writers wait
for; and it waits at most DATABASE_LOCK_TIMEOUT seconds for a lock another write holds (a long
import, say), then answers 503 with Retry-After — JSON under /api/, a plain page on the desk —
and leaves nothing half-written."""

from unittest import mock

import psycopg
import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import services
from claims.choices import Status
from claims.models import Claim, DataVersion, IdempotencyRecord, Verification
from tests.api.answers import claim_payload
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
    # statement timeout) and bumped; the duplicate check again, now that no other write can
    # commit the same claim; the claim and its history row, the first verification, the
    # claim's cached status; the webhook subscriptions for "claim created"; the place's version
    # (touch_places: a savepoint, the version again, its bump, the place's stamp, the release);
    # the subscriptions for the place's picture; the place's change time moved (for clients
    # syncing places); its picture rebuilt (the place's claims, the sides, the verifications,
    # positions deleted and inserted, the state: the claims' count and last statement come from
    # the claims already read); the release of the service's savepoint (the test runs in a
    # transaction).
    locks = 2 + postgres
    assert len(locked) == locks + 1 + 4 + 1 + 5 + 1 + 1 + 6 + 1, "\n".join(q[:80] for q in locked)


CLAIMS = "/api/v1/claims/"
PAYLOAD = claim_payload(
    citations=[{"url": "https://example.org/lock-timeout", "title": "Statement"}]
)


def verify(client, claim):
    return client.post(
        reverse("claims:claim_verify", args=[claim.pk]),
        {
            "version": claim.version,
            "status": Status.DISPUTED,
            "rationale": "CNN saw Ukrainian troops in the town.",
            "evidence_source_kind": "article",
        },
    )


def assert_busy_json(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"].startswith("The data is being changed by another write")


def assert_busy_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Content-Type"].startswith("text/html")
    assert b"being changed by another write" in response.content


def test_sqlite_waits_for_its_write_lock_as_long_as_the_setting_says(settings):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's own busy timeout")
    assert connection.settings_dict["OPTIONS"]["timeout"] == settings.DATABASE_LOCK_TIMEOUT


class TestAWriteThatCannotGetItsLockAnswers503:
    """SQLite's busy timeout raises "database is locked"; simulated here, as the test database
    lives in one process's memory. PostgreSQL's real lock wait is tested below."""

    def test_under_the_api_in_json(self, token_for, demo_data, editor):
        client = token_for(editor)
        client.raise_request_exception = False
        before = Claim.objects.count()
        locked = OperationalError("database is locked")
        with mock.patch("claims.services.writes.limit_lock_waits", side_effect=locked):
            response = client.post(CLAIMS, PAYLOAD, format="json")
        assert_busy_json(response)
        assert Claim.objects.count() == before

    def test_on_the_desk_as_a_plain_page(self, client, demo_data, editor):
        client.force_login(editor)
        client.raise_request_exception = False
        claim = Claim.objects.get(claimant__slug="serhii-cherevaty")
        before = Verification.objects.count()
        locked = OperationalError("database is locked")
        with mock.patch("claims.services.writes.limit_lock_waits", side_effect=locked):
            response = verify(client, claim)
        assert_busy_page(response)
        assert Verification.objects.count() == before


@pytest.fixture
def version_row_held():
    """Another session holds the lock every write takes, as an import that holds it would."""
    with psycopg.connect(
        dbname=connection.settings_dict["NAME"],
        user=connection.settings_dict["USER"],
        password=connection.settings_dict["PASSWORD"],
        host=connection.settings_dict["HOST"],
        port=connection.settings_dict["PORT"],
        options="-c claimtracker.allow_truncate=on",
    ) as other:
        other.execute("SELECT version FROM claims_dataversion WHERE id = 1 FOR UPDATE")
        yield
        other.rollback()


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
class TestPostgresLockTimeout:
    def test_an_api_write_gives_up_after_the_lock_timeout(
        self, settings, token_for, demo_data, editor, version_row_held
    ):
        settings.DATABASE_LOCK_TIMEOUT = 1
        client = token_for(editor)
        client.raise_request_exception = False
        before = (Claim.objects.count(), DataVersion.objects.get().version)
        response = client.post(
            CLAIMS, PAYLOAD, format="json", HTTP_IDEMPOTENCY_KEY="lock-timeout-1"
        )
        assert_busy_json(response)
        assert (Claim.objects.count(), DataVersion.objects.get().version) == before
        assert not IdempotencyRecord.objects.exists()  # the key is free for the retry

    def test_a_desk_write_gives_up_after_the_lock_timeout(
        self, settings, client, demo_data, editor, version_row_held
    ):
        settings.DATABASE_LOCK_TIMEOUT = 1
        client.force_login(editor)
        client.raise_request_exception = False
        claim = Claim.objects.get(claimant__slug="serhii-cherevaty")
        before = Verification.objects.count()
        assert_busy_page(verify(client, claim))
        assert Verification.objects.count() == before

    def test_the_whole_wait_for_the_version_is_bounded_not_only_each_lock_wait(
        self, settings, token_for, demo_data, editor, version_row_held
    ):
        """A writer queued behind others waits for several locks in turn, each shorter than
        lock_timeout; without it at all, the wait for the version row still ends in time."""
        settings.DATABASE_LOCK_TIMEOUT = 1
        client = token_for(editor)
        client.raise_request_exception = False
        before = (Claim.objects.count(), DataVersion.objects.get().version)
        with mock.patch("claims.services.writes.limit_lock_waits"):
            response = client.post(CLAIMS, PAYLOAD, format="json")
        assert_busy_json(response)
        assert (Claim.objects.count(), DataVersion.objects.get().version) == before
