"""Edit history is append-only in the database too, on PostgreSQL, like verifications (0005).

django-simple-history keeps every change to claims, citations, sources, actors, places, names
and sides in ``claims_historical*`` tables; the public corrections list and the desk's merge are
read from them. These triggers refuse ``UPDATE``, ``DELETE`` and ``TRUNCATE`` there to
everything that connects, a database shell included, with one exception: deleting an account
sets ``history_user_id`` to NULL on its rows (the edits stay, anonymous), and an ``UPDATE`` that
changes nothing else is let through. Truncation is opted into as in 0005 (tests only).

What this does not stop is the same as for 0005: the tables' owner can drop the triggers; an
application role holding only ``SELECT`` and ``INSERT`` on these tables is the real defence. A
model that gains history later needs its table added here by a migration of its own.
"""

from django.db import migrations

FUNCTION = "claims_refuse_edit_history_rewrite"

CREATE_FUNCTION = f"""
CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' AND current_setting('claimtracker.allow_truncate', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.history_user_id IS NULL
            AND to_jsonb(NEW) - 'history_user_id' = to_jsonb(OLD) - 'history_user_id' THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'edit history is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING HINT = 'Save the record again through the application; its history grows.';
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
    return sorted(
        model._meta.db_table
        for model in apps.get_app_config("claims").get_models()
        if model._meta.model_name.startswith("historical")
    )


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
    dependencies = [("claims", "0012_actor_names")]

    operations = [migrations.RunPython(install_triggers, drop_triggers)]
