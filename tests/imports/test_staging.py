"""claims.imports.staging: staged rows wait, stamped with a stand-in, in temporary tables private
to the import's connection, and go into the real tables with the write's moment; the tables
never outlive the import, even when a failure leaves the caller's transaction unusable."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from claims.choices import SourceKind
from claims.imports import rows
from claims.imports.staging import PENDING, Staging
from claims.models import Side, Source

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db]


def staging_tables() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables "
            "WHERE schemaname LIKE 'pg_temp%%' AND tablename LIKE 'import\\_%%'"
        )
        return {name for (name,) in cursor.fetchall()}


def test_staged_rows_are_published_with_the_writes_moment_and_their_history():
    staging = Staging()
    url = "https://www.understandingwar.org/backgrounder/soledar"
    source = Source(url=url, title="ISW on Soledar", kind=SourceKind.ARTICLE)
    rows.insert(Source, [source], staging.stamp, staging)
    assert not Source.objects.filter(url=url).exists()  # waiting in the staging table
    stamp = timezone.now()
    staging.publish(stamp)
    staging.drop()
    published = Source.objects.get(url=url)
    assert (published.pk, published.created_at, published.updated_at) == (source.pk, stamp, stamp)
    assert published.history.get().history_date == stamp
    assert PENDING not in (published.created_at, published.updated_at)
    assert staging_tables() == set()


@pytest.mark.django_db(transaction=True)
def test_tables_made_inside_a_transaction_go_at_its_end_even_if_a_failure_stopped_the_drop():
    staging = Staging()
    with pytest.raises(DatabaseError), transaction.atomic():
        staging.table(Side)
        assert staging_tables() == {"import_claims_side"}
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 / 0")  # the transaction can run nothing more
    staging.drop()  # quietly: the transaction's end took them
    assert staging_tables() == set()

    with transaction.atomic():
        Staging().table(Side)  # and never dropped: the commit takes it
    assert staging_tables() == set()
