"""On PostgreSQL, a claim's cached status can only be its standing verification's.

``Claim.status`` and ``Claim.current_verification`` cache the verification that stands: the
verdict with the latest ``decided_at`` (then the latest recorded), or, before any verdict, the
latest bookkeeping row — ``claims.picture.current``. The services keep them so in the
transaction that records a verification; this trigger refuses any other write to them, from a
database shell as much as from code, so that the status lists filter on cannot be rewritten
apart from the history it summarises. SQLite (local use only) has the services' guard alone.
"""

from django.db import migrations

from claims.choices import BOOKKEEPING_STATUSES

FUNCTION = "claims_claim_status_is_standing"
BOOKKEEPING = ", ".join(f"'{status}'" for status in sorted(BOOKKEEPING_STATUSES))

CREATE = f"""
CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    standing_id bigint;
    standing_status varchar;
BEGIN
    SELECT id, status INTO standing_id, standing_status
        FROM claims_verification
        WHERE claim_id = NEW.id
        ORDER BY (status NOT IN ({BOOKKEEPING})) DESC, decided_at DESC, id DESC
        LIMIT 1;
    IF standing_id IS NULL THEN
        IF NEW.current_verification_id IS NULL AND NEW.status = 'unreviewed' THEN
            RETURN NEW;
        END IF;
    ELSIF NEW.current_verification_id = standing_id AND NEW.status = standing_status THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'claim % may only carry the status of its standing verification', NEW.id
        USING HINT = 'Record a verification; the claim''s status follows it.';
END;
$$;
CREATE TRIGGER claims_claim_status_is_standing
    BEFORE INSERT OR UPDATE OF status, current_verification_id ON claims_claim
    FOR EACH ROW EXECUTE FUNCTION {FUNCTION}();
"""
DROP = f"""
DROP TRIGGER IF EXISTS claims_claim_status_is_standing ON claims_claim;
DROP FUNCTION IF EXISTS {FUNCTION}();
"""


def _run(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            # Without parameters, so the driver leaves plpgsql's % placeholders alone.
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("claims", "0009_rebuild_pictures")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
