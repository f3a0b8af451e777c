"""The data-version row, the database cache table, and full-text search on PostgreSQL.

The search column is PostgreSQL-only, so it is not a model field: a stored generated tsvector
over ``search_document`` (``simple`` configuration, as quotes come in English, Ukrainian and
Russian), with a GIN index. SQLite searches ``search_document`` directly.
"""

from django.core.management import call_command
from django.db import migrations
from django.utils import timezone

SEARCH_COLUMN = """
ALTER TABLE claims_claim ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_document)) STORED;
CREATE INDEX claim_search_vector_idx ON claims_claim USING GIN (search_vector);
"""
DROP_SEARCH_COLUMN = """
DROP INDEX IF EXISTS claim_search_vector_idx;
ALTER TABLE claims_claim DROP COLUMN IF EXISTS search_vector;
"""


def create_data_version(apps, schema_editor):
    DataVersion = apps.get_model("claims", "DataVersion")
    DataVersion.objects.using(schema_editor.connection.alias).get_or_create(
        pk=1, defaults={"version": 0, "changed_at": timezone.now()}
    )


def delete_data_version(apps, schema_editor):
    DataVersion = apps.get_model("claims", "DataVersion")
    DataVersion.objects.using(schema_editor.connection.alias).filter(pk=1).delete()


def create_cache_table(apps, schema_editor):
    # Throttling and login lockout share the database cache by default; a fresh database must
    # have its table without anyone remembering to run createcachetable.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def add_search_column(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SEARCH_COLUMN)


def drop_search_column(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SEARCH_COLUMN)


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial")]

    operations = [
        migrations.RunPython(create_data_version, delete_data_version),
        migrations.RunPython(create_cache_table, migrations.RunPython.noop),
        migrations.RunPython(add_search_column, drop_search_column),
    ]
