"""Verification history is append-only in the database too, on PostgreSQL.

The ORM already refuses to change or remove verifications and their evidence
(``AppendOnlyQuerySet``); these triggers refuse it to everything else that connects, a database
shell included:

* a row trigger refuses every ``UPDATE`` and ``DELETE``, unconditionally;
* a statement trigger refuses ``TRUNCATE``, which row triggers never see.

Django's test runner empties every table with ``TRUNCATE`` between transactional and live-server
tests, so a session may opt in to truncation with ``SET claimtracker.allow_truncate = on``; the
test settings do that for their connections, and nothing else should.

What this does not stop: the tables' owner can drop or disable the triggers, a superuser can
skip them (``session_replication_role = replica``), and any role with the ``TRUNCATE`` privilege
can opt in as above. The real line of defence is an application role that does not own the
tables and holds only ``SELECT`` and ``INSERT`` on these two; the triggers make a mistake or a
careless script fail loudly instead of erasing the record. SQLite (local use only) has only the
ORM's guard.
"""

from django.db import migrations

APPEND_ONLY_MODELS = ("Verification", "VerificationEvidence")
FUNCTION = "claims_refuse_history_rewrite"

CREATE_FUNCTION = f"""
CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' AND current_setting('claimtracker.allow_truncate', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'verification history is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING HINT = 'Record a new verification instead of changing or removing one.';
END;
$$;
"""
DROP_FUNCTION = f"DROP FUNCTION IF EXISTS {FUNCTION}();"

CREATE_TRIGGERS = f"""
CREATE TRIGGER {{table}}_append_only BEFORE UPDATE OR DELETE ON {{table}}
    FOR EACH ROW EXECUTE FUNCTION {FUNCTION}();
CREATE TRIGGER {{table}}_no_truncate BEFORE TRUNCATE ON {{table}}
    FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}();
"""
DROP_TRIGGERS = """
DROP TRIGGER IF EXISTS {table}_append_only ON {table};
DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};
"""


def _tables(apps):
    return [apps.get_model("claims", name)._meta.db_table for name in APPEND_ONLY_MODELS]


def _execute(schema_editor, sql):
    # Without parameters, so the driver leaves plpgsql's % placeholders alone.
    schema_editor.execute(sql, params=None)


def install_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    _execute(schema_editor, CREATE_FUNCTION)
    for table in _tables(apps):
        _execute(schema_editor, CREATE_TRIGGERS.format(table=table))


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in _tables(apps):
        _execute(schema_editor, DROP_TRIGGERS.format(table=table))
    _execute(schema_editor, DROP_FUNCTION)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0004_verification_claim_version"),
    ]

    operations = [
        migrations.RunPython(install_triggers, drop_triggers),
    ]
