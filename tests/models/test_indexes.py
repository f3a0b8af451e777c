"""The indexes migration 0023 dropped: every foreign key left without an index of its own is
still the first column of another, and none of the dropped ones is left behind on either
database."""

import importlib

import pytest
from django.apps import apps
from django.db import connection

migration = importlib.import_module("claims.migrations.0023_fewer_indexes")

pytestmark = pytest.mark.django_db


def _indexes(table: str) -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    return {
        name: info["columns"] for name, info in found.items() if info["index"] or info["unique"]
    }


def test_the_dropped_indexes_are_gone_whatever_their_names():
    for table, index, column in migration.DROPPED:
        indexes = _indexes(table)
        assert index not in indexes
        assert [column] not in indexes.values()


def test_every_foreign_key_of_a_claims_table_leads_an_index():
    """Deleting or protecting a referenced row looks its referrers up by that column."""
    for model in apps.get_app_config("claims").get_models():
        if model.__name__.startswith("Historical"):
            continue
        leading = {columns[0] for columns in _indexes(model._meta.db_table).values()}
        for field in model._meta.concrete_fields:
            if field.is_relation and not field.primary_key:
                assert field.column in leading, f"{model._meta.db_table}.{field.column}"
