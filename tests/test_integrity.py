"""The record cannot be quietly rewritten.

Verification history is append-only in the ORM and, on PostgreSQL, in the database itself
(claims migration 0005), whatever SQL is sent; every write to the other records goes through a
path that keeps their edit history; and a ``pg_dump`` backup restores every claim and
verification.
"""

import os
import subprocess

import psycopg
import pytest
from django.db import DatabaseError, connection, models, transaction
from simple_history.models import registered_models

from claims import services
from claims.choices import Status, Verb
from claims.models import Claim, Verification, VerificationEvidence
from claims.models.verifications import ImmutableRecordError
from tests.factories import BASE_TIME, PlaceFactory, SourceFactory

APPEND_ONLY = "verification history is append-only"
VERIFICATION = Verification._meta.db_table
EVIDENCE = VerificationEvidence._meta.db_table


def record_verified_claim(claimant, witness, *, summary="The town was taken."):
    """A claim confirmed through the services, with one evidence link."""
    claim = services.claim_create(
        data=services.ClaimInput(
            place=PlaceFactory(),
            claimant=claimant,
            verb=Verb.CAPTURED,
            side=claimant.side,
            summary=summary,
            stated_at=BASE_TIME,
        )
    )
    services.verification_record(
        claim=claim,
        expected_version=claim.version,
        status=Status.CONFIRMED,
        rationale="The wire agency's reporter saw the flag raised.",
        evidence=[SourceFactory(publisher=witness)],
    )
    return Claim.objects.get(pk=claim.pk)


@pytest.fixture
def verified_claim(russian_actor, independent_actor):
    return record_verified_claim(russian_actor, independent_actor)


def history_snapshot():
    """Every verification and evidence link as stored, to compare before and after."""
    return (
        list(Verification.objects.order_by("pk").values_list("pk", "status", "rationale")),
        list(VerificationEvidence.objects.order_by("pk").values_list("pk", "source_id")),
    )


# --- The database refuses, on PostgreSQL ----------------------------------------------------


def execute_in_savepoint(sql, *, allow_truncate):
    """Run ``sql`` in a savepoint, in a session that has or has not opted in to TRUNCATE.

    The savepoint keeps a refused statement from aborting the test's transaction. Deferred
    foreign-key checks still pending from the test's inserts are run first, because TRUNCATE
    refuses a table with pending trigger events before our trigger is even asked.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT set_config('claimtracker.allow_truncate', %s, true)", [allow_truncate]
        )
        cursor.execute(sql)


@pytest.mark.postgres_only
@pytest.mark.django_db
class TestTheDatabaseRefusesToRewriteVerifications:
    @pytest.mark.parametrize(
        "sql",
        [
            f"UPDATE {VERIFICATION} SET rationale = 'Never happened.'",
            f"DELETE FROM {VERIFICATION}",
            f"UPDATE {EVIDENCE} SET source_id = source_id",
            f"DELETE FROM {EVIDENCE}",
        ],
    )
    def test_update_and_delete_are_refused_even_to_a_session_allowed_to_truncate(
        self, verified_claim, sql
    ):
        before = history_snapshot()
        with pytest.raises(DatabaseError, match=APPEND_ONLY):
            execute_in_savepoint(sql, allow_truncate="on")
        assert history_snapshot() == before

    @pytest.mark.parametrize(
        "sql",
        [
            # CASCADE gets past the foreign keys pointing at verifications, to the trigger.
            f"TRUNCATE {VERIFICATION} CASCADE",
            f"TRUNCATE {EVIDENCE}",
        ],
    )
    def test_truncate_is_refused(self, verified_claim, sql):
        before = history_snapshot()
        with pytest.raises(DatabaseError, match=APPEND_ONLY):
            execute_in_savepoint(sql, allow_truncate="off")
        assert history_snapshot() == before
        assert Claim.objects.filter(pk=verified_claim.pk).exists()

    @pytest.mark.parametrize(
        "sql",
        [
            "UPDATE {claims} SET status = 'false' WHERE id = {pk}",
            "UPDATE {claims} SET current_verification_id = NULL WHERE id = {pk}",
        ],
    )
    def test_a_claims_status_can_only_be_its_standing_verifications(self, verified_claim, sql):
        with pytest.raises(DatabaseError, match="status of its standing verification"):
            execute_in_savepoint(
                sql.format(claims=Claim._meta.db_table, pk=verified_claim.pk), allow_truncate="off"
            )
        verified_claim.refresh_from_db()
        assert verified_claim.status == verified_claim.current_verification.status

    def test_only_a_session_that_opts_in_may_truncate(self, verified_claim):
        """The opt-in exists for the test runner's flush between transactional tests."""
        with transaction.atomic():
            execute_in_savepoint(f"TRUNCATE {EVIDENCE}", allow_truncate="on")
            assert not VerificationEvidence.objects.exists()
            transaction.set_rollback(True)
        assert VerificationEvidence.objects.exists()

    def test_a_queryset_without_the_orm_guard_is_refused_too(self, verified_claim):
        unguarded = models.QuerySet(model=Verification).filter(claim=verified_claim)
        with pytest.raises(DatabaseError, match=APPEND_ONLY), transaction.atomic():
            unguarded.update(status=Status.FALSE)
        assert verified_claim.verifications.filter(status=Status.CONFIRMED).exists()


EDIT_HISTORY = "edit history is append-only"
HISTORY_MODELS = [model.history.model for model in registered_models.values()]
HISTORY_TABLES = sorted(model._meta.db_table for model in HISTORY_MODELS)


def edit_history_snapshot():
    return {
        model._meta.db_table: sorted(map(repr, model.objects.values_list()))
        for model in HISTORY_MODELS
    }


@pytest.mark.postgres_only
@pytest.mark.django_db
class TestTheDatabaseRefusesToRewriteEditHistory:
    def test_every_history_table_is_guarded(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT DISTINCT event_object_table FROM information_schema.triggers "
                "WHERE trigger_name LIKE %s",
                ["%_append_only"],
            )
            guarded = {row[0] for row in cursor.fetchall()}
        assert set(HISTORY_TABLES) <= guarded

    @pytest.mark.parametrize("table", HISTORY_TABLES)
    @pytest.mark.parametrize(
        "sql",
        [
            "UPDATE {table} SET history_change_reason = 'Never happened.'",
            "UPDATE {table} SET history_date = now()",
            "DELETE FROM {table}",
        ],
    )
    def test_update_and_delete_are_refused(self, demo_data, table, sql):
        from claims.models import Actor

        # The demo data has every kind of history but an alias.
        actor = Actor.objects.get(slug="igor-konashenkov")
        services.actor_name_add(
            actor=actor, name="Konashenkov", language="en", kind="transliteration"
        )
        before = edit_history_snapshot()
        with pytest.raises(DatabaseError, match=EDIT_HISTORY):
            execute_in_savepoint(sql.format(table=table), allow_truncate="on")
        assert edit_history_snapshot() == before

    def test_truncate_is_refused(self, verified_claim):
        table = Claim.history.model._meta.db_table
        before = edit_history_snapshot()
        with pytest.raises(DatabaseError, match=EDIT_HISTORY):
            execute_in_savepoint(f"TRUNCATE {table}", allow_truncate="off")
        assert edit_history_snapshot() == before

    def test_deleting_an_account_keeps_its_edits_anonymous(self, verified_claim):
        from tests.conftest import _user_in

        someone = _user_in("Editors", "leaving")
        services.claim_update(
            claim=verified_claim,
            expected_version=verified_claim.version,
            summary="Reworded.",
            user=someone,
            reason="Wording.",
        )
        someone.delete()
        latest = Claim.history.filter(id=verified_claim.pk).latest("history_id")
        assert latest.summary == "Reworded." and latest.history_user_id is None


# --- The ORM refuses, on every database -----------------------------------------------------


@pytest.mark.django_db
class TestTheOrmRefusesBulkChanges:
    @pytest.mark.parametrize(
        ("model", "field"), [(Verification, "rationale"), (VerificationEvidence, "source")]
    )
    @pytest.mark.parametrize(
        "change",
        [
            lambda rows, field: rows.update(**{field: models.F(field)}),
            lambda rows, field: rows.delete(),
            lambda rows, field: rows.bulk_update(list(rows), [field]),
        ],
        ids=["update", "delete", "bulk_update"],
    )
    def test_bulk_changes_to_append_only_rows_are_refused(
        self, verified_claim, model, field, change
    ):
        before = history_snapshot()
        with pytest.raises(ImmutableRecordError):
            change(model.objects.all(), field)
        assert history_snapshot() == before


# --- Writes keep their edit history ---------------------------------------------------------


@pytest.mark.django_db
class TestServicesKeepHistory:
    def test_recording_a_verification_appends_one_row_and_one_claim_history_record(
        self, verified_claim, independent_actor, lead
    ):
        witness = SourceFactory(publisher=independent_actor)
        verifications = Verification.objects.count()
        claim_history = verified_claim.history.count()
        recorded = services.verification_record(
            claim=verified_claim,
            expected_version=verified_claim.version,
            status=Status.PARTIALLY_CONFIRMED,
            rationale="Only the outskirts are confirmed.",
            evidence=[witness],
            user=lead,
        )
        assert Verification.objects.count() == verifications + 1
        assert list(recorded.evidence.all()) == [witness]
        assert verified_claim.history.count() == claim_history + 1
        assert verified_claim.history.first().history_user == lead

    def test_editing_a_claim_adds_one_history_record_with_who_and_why(self, verified_claim, editor):
        claim_history = verified_claim.history.count()
        services.claim_update(
            claim=verified_claim,
            expected_version=verified_claim.version,
            user=editor,
            reason="Fixed a typo",
            summary="The town was captured.",
        )
        assert verified_claim.history.count() == claim_history + 1
        latest = verified_claim.history.first()
        assert (latest.summary, latest.history_user, latest.history_change_reason) == (
            "The town was captured.",
            editor,
            "Fixed a typo",
        )


# --- Backups --------------------------------------------------------------------------------


def server_settings() -> dict[str, str]:
    """How to reach the test database's server, as libpq connection keywords."""
    settings = connection.settings_dict
    keywords = {"host": "HOST", "port": "PORT", "user": "USER", "password": "PASSWORD"}
    return {keyword: str(settings[key]) for keyword, key in keywords.items() if settings[key]}


def run_client(*command: str) -> None:
    """Run a PostgreSQL client program against the test database's server."""
    server = {f"PG{keyword.upper()}": value for keyword, value in server_settings().items()}
    subprocess.run(command, check=True, capture_output=True, env={**os.environ, **server})


def stored_rows(cursor, sql: str) -> list[tuple]:
    cursor.execute(sql)
    return [tuple(row) for row in cursor.fetchall()]


CLAIM_ROWS = f"SELECT id, status, current_verification_id FROM {Claim._meta.db_table} ORDER BY id"
VERIFICATION_ROWS = f"SELECT id, claim_id, status, rationale FROM {VERIFICATION} ORDER BY id"
EVIDENCE_ROWS = f"SELECT id, verification_id, source_id FROM {EVIDENCE} ORDER BY id"


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_pg_dump_restores_every_claim_and_verification_into_a_fresh_database(
    tmp_path, russian_actor, independent_actor
):
    """The commands the README gives; the append-only triggers come back with the data."""
    for n in range(3):
        record_verified_claim(russian_actor, independent_actor, summary=f"Claim {n}.")
    dump = tmp_path / "claimtracker.dump"
    fresh = f"{connection.settings_dict['NAME']}_restored"
    run_client("pg_dump", "--format=custom", f"--file={dump}", connection.settings_dict["NAME"])
    run_client("createdb", fresh)
    try:
        run_client("pg_restore", "--no-owner", "--exit-on-error", f"--dbname={fresh}", str(dump))
        with (
            connection.cursor() as original,
            psycopg.connect(dbname=fresh, autocommit=True, **server_settings()) as restored,
            restored.cursor() as copy,
        ):
            for sql in (CLAIM_ROWS, VERIFICATION_ROWS, EVIDENCE_ROWS):
                assert stored_rows(copy, sql) == stored_rows(original, sql)
            assert len(stored_rows(copy, VERIFICATION_ROWS)) == 6  # unreviewed, then confirmed
            with pytest.raises(psycopg.DatabaseError, match=APPEND_ONLY):
                copy.execute(f"DELETE FROM {VERIFICATION}")
    finally:
        run_client("dropdb", "--if-exists", fresh)
