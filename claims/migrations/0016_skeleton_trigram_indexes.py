from django.db import migrations

# A name's skeleton is matched with LIKE '%…%' (Bachmut finds Bakhmut), which a B-tree cannot
# serve; trigram indexes can, as 0014's do for the folded names.
TRIGRAM_INDEXES = [
    ("claims_place", "skeleton"),
    ("claims_placename", "skeleton"),
    ("claims_actor", "skeleton"),
    ("claims_actorname", "skeleton"),
]


def add_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in TRIGRAM_INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_{column}_trgm "
            f"ON {table} USING gin ({column} gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0015_place_version"),
    ]

    operations = [
        migrations.RunPython(add_trigram_indexes, drop_trigram_indexes),
    ]
