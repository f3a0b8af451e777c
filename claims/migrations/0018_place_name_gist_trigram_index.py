from django.db import migrations

# Trigram similarity (``%``) on a place's own name: PostgreSQL priced 0014's GIN index above a
# sequential scan of the ~2,000 places and chose the scan, which computes similarity on every
# name (2 ms, 6 ms on a loaded machine). A GiST trigram index is costed low enough to be chosen
# and answers in about 0.2 ms; the GIN index still serves LIKE '%…%'.
GIST_INDEXES = [("claims_place", "folded_name")]


def add_gist_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in GIST_INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_{column}_trgm_gist "
            f"ON {table} USING gist ({column} gist_trgm_ops)"
        )


def drop_gist_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in GIST_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_{column}_trgm_gist")


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0017_side_name_uk"),
    ]

    operations = [
        migrations.RunPython(add_gist_indexes, drop_gist_indexes),
    ]
