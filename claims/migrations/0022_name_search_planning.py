from django.db import migrations

# Searching the names of places and actors: 0014 and 0016 gave each folded name and skeleton a
# GIN trigram index, and 0018 a place's own name a GiST one, because PostgreSQL priced the GIN
# index above a sequential scan that computed similarity on every name. At 4,400 other names of
# places the same happened again (13 ms of a 19 ms search). A GiST trigram index with a long
# signature (256 bytes against the default 12) is chosen for LIKE '%…%' and `%` alike and
# answers either in about 0.05 ms instead of 0.5-0.9 ms, since far fewer names pass its
# signature only to fail the recheck; it takes the GIN indexes' place.
SEARCH_COLUMNS = [
    ("claims_place", "folded_name"),
    ("claims_place", "skeleton"),
    ("claims_placename", "folded"),
    ("claims_placename", "skeleton"),
    ("claims_actor", "folded_name"),
    ("claims_actor", "skeleton"),
    ("claims_actorname", "folded"),
    ("claims_actorname", "skeleton"),
]
SIGNATURE_BYTES = 256

# Planning a search also cost more than running it: for each LIKE '%…%' and `%` the planner
# applies the operator to every value of the column's statistics (a hundred common values and a
# hundred histogram bounds) to estimate selectivity, about 0.3 ms a condition and twelve
# conditions a search. Those estimates serve no choice here, so the columns keep the smallest
# statistics, and ANALYZE replaces what was gathered before.
SMALLEST_STATISTICS = 1


def plan_cheaply(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in SEARCH_COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_{column}_trgm")
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_{column}_trgm_gist")
        schema_editor.execute(
            f"CREATE INDEX {table}_{column}_trgm_gist ON {table} "
            f"USING gist ({column} gist_trgm_ops(siglen={SIGNATURE_BYTES}))"
        )
    _set_statistics(schema_editor, SMALLEST_STATISTICS)


def plan_as_before(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in SEARCH_COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_{column}_trgm_gist")
        schema_editor.execute(
            f"CREATE INDEX {table}_{column}_trgm ON {table} USING gin ({column} gin_trgm_ops)"
        )
    schema_editor.execute(
        "CREATE INDEX claims_place_folded_name_trgm_gist "
        "ON claims_place USING gist (folded_name gist_trgm_ops)"
    )
    _set_statistics(schema_editor, -1)


def _set_statistics(schema_editor, target: int) -> None:
    for table, column in SEARCH_COLUMNS:
        schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET STATISTICS {target}")
    for table in dict(SEARCH_COLUMNS):
        schema_editor.execute(f"ANALYZE {table}")


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0021_skeletons_fold_g_h_and_w_v"),
    ]

    operations = [migrations.RunPython(plan_cheaply, plan_as_before)]
