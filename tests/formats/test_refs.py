"""Small objects the formats nest (claims.formats.refs): a side, or none for the independent,
written the same by Python and, on PostgreSQL, by SQL."""

import json

import pytest
from django.db import connection

from claims.formats.refs import side_json, side_ref
from tests.factories import SideFactory


def test_a_side_is_its_slug_and_name_and_no_side_is_none():
    assert side_ref("russia", "Russia") == {"slug": "russia", "name": "Russia"}
    assert side_ref(None, None) is None


@pytest.mark.django_db
@pytest.mark.postgres_only
@pytest.mark.parametrize("named", [True, False], ids=["a side", "independent"])
def test_sql_writes_a_side_as_python_does(named):
    side = SideFactory(name='Ukraine\'s "Armed" Forces', slug="ukraine") if named else None
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {side_json('s')} FROM (SELECT 1) AS one LEFT JOIN claims_side s ON s.id = %s",
            [side.pk if side else None],
        )
        (written,) = cursor.fetchone()
    found = json.loads(written) if isinstance(written, str) else written
    assert found == (side_ref(side.slug, side.name) if side else None)
