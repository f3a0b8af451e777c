"""Full-text search on PostgreSQL is answered from the GIN index over the stored tsvector.

How fast it is belongs in `make bench` (docs/benchmarks.md); this pins only that the plan uses
the index, so a change to the search condition that quietly falls back to reading every claim
fails here.
"""

import pytest
from django.db import connection

from claims.filtersets import ClaimFilterSet
from claims.models import Claim
from tests.factories import ClaimFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres_only]

SEARCH_INDEX = "claim_search_vector_idx"


def plan_of(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # On a test-sized table a sequential scan is rightly cheaper, so the planner would pick
        # it; ruling sequential scans out asks whether the index can answer the query at all.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.fixture
def claims():
    return [
        ClaimFactory(summary="Pontoon bridge over the river destroyed."),
        ClaimFactory(summary="Fighting on the outskirts of the town."),
    ]


def test_search_finds_claims_through_the_gin_index(claims):
    found = Claim.objects.search("pontoon")
    assert list(found) == [claims[0]]
    assert SEARCH_INDEX in plan_of(found)


def test_text_filter_of_pages_api_and_exports_uses_the_gin_index(claims):
    filtered = ClaimFilterSet({"q": "pontoon bridge"}, queryset=Claim.objects.all()).qs
    assert list(filtered) == [claims[0]]
    assert SEARCH_INDEX in plan_of(filtered)
