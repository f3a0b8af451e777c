"""The claims list's SQL is compiled once per shape and gives what the queryset gives."""

import pytest
from django.db import connection
from django.db.models.sql.compiler import SQLCompiler

from claims import compiled
from claims.models import Claim, Place
from tests.factories import ClaimFactory, PlaceFactory

pytestmark = pytest.mark.django_db

CLAIMS = "/api/v1/claims/"


@pytest.fixture
def compiles(monkeypatch):
    """How many times Django compiled a query."""
    count = [0]
    as_sql = SQLCompiler.as_sql

    def counting(self, *args, **kwargs):
        count[0] += 1
        return as_sql(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counting)
    return count


def _pages(client, url):
    found = []
    while url:
        page = client.get(url).json()
        found.append(page)
        url = page["next"]
    return found


def test_a_list_read_again_compiles_nothing(api_client, russian_actor, compiles):
    place = PlaceFactory()
    ClaimFactory.create_batch(3, place=place, claimant=russian_actor)
    url = f"{CLAIMS}?place={place.slug}&page_size=2"
    first = _pages(api_client, url)
    compiles[0] = 0
    again = _pages(api_client, url)
    assert again == first
    assert compiles[0] == 0


def test_pages_forwards_and_back_hold_every_claim_once(api_client, russian_actor):
    place = PlaceFactory()
    made = ClaimFactory.create_batch(5, place=place, claimant=russian_actor)
    for _ in range(2):  # compiled, then from the compiled SQL
        pages = _pages(api_client, f"{CLAIMS}?place={place.slug}&page_size=2")
        assert sorted(c["id"] for p in pages for c in p["results"]) == sorted(c.pk for c in made)
        back = api_client.get(pages[-1]["previous"]).json()
        assert back["results"] == pages[-2]["results"]


def test_another_place_reads_its_own_claims(api_client, russian_actor):
    here, there = PlaceFactory(), PlaceFactory()
    mine = ClaimFactory(place=here, claimant=russian_actor)
    theirs = ClaimFactory(place=there, claimant=russian_actor)
    for place, claim in ((here, mine), (there, theirs), (here, mine)):
        results = api_client.get(f"{CLAIMS}?place={place.slug}").json()["results"]
        assert [c["id"] for c in results] == [claim.pk]


def test_a_place_added_after_the_first_read_is_found(api_client, russian_actor):
    PlaceFactory()
    assert api_client.get(f"{CLAIMS}?place=not-yet").status_code == 400
    later = PlaceFactory(slug="not-yet")
    ClaimFactory(place=later, claimant=russian_actor)
    assert len(api_client.get(f"{CLAIMS}?place=not-yet").json()["results"]) == 1


def test_a_read_that_matches_nothing_is_empty(compiles):
    def build():
        return Claim.objects.none().values("id")

    assert compiled.rows(("nothing",), build, (), (), "default") == []
    assert compiled.rows(("nothing",), build, (), (), "default") == []
    assert compiles[0] == 1


def test_a_value_the_queryset_transforms_is_compiled_each_time():
    PlaceFactory(slug="a-x")
    PlaceFactory(slug="b-x")
    slug = Place._meta.get_field("slug")

    def build(text):
        return Place.objects.filter(slug=f"{text}-x").values("slug")

    for text in ("a", "b"):
        found = compiled.rows(("suffixed",), build, (slug,), (text,), "default")
        assert found == [{"slug": f"{text}-x"}]


# The moment claims.compiled compiles a list with, to find where a cursor's time goes.
STAND_IN = "1971-02-03T04:05:06Z"


@pytest.mark.parametrize("since", ["1971-02-03T04:05:07Z", STAND_IN])
def test_a_filter_value_equal_to_the_stand_in_is_not_taken_for_the_cursor(
    api_client, russian_actor, since
):
    place = PlaceFactory()
    ClaimFactory.create_batch(3, place=place, claimant=russian_actor)
    url = f"/api/v1/claims/?place={place.slug}&page_size=1&updated_since={since}"
    first = api_client.get(url).json()
    second = api_client.get(first["next"]).json()
    assert api_client.get(second["previous"]).json()["results"] == first["results"]


@pytest.mark.postgres_only
def test_a_read_repeated_on_a_connection_is_prepared_and_not_planned_again(
    api_client, russian_actor
):
    """Parameters go apart from the SQL, so psycopg prepares a read it has run five times and
    PostgreSQL stops planning it: the same read for another place reuses the statement."""
    first, second = PlaceFactory(), PlaceFactory()
    ClaimFactory(place=first, claimant=russian_actor)
    ClaimFactory(place=second, claimant=russian_actor)
    for place in (first, second) * 4:
        assert api_client.get(CLAIMS, {"place": place.slug}).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans + custom_plans FROM pg_prepared_statements"
            " WHERE statement LIKE %s",
            ['SELECT "claims_claim"."id"%claims_claim"."place_id" = $1%'],
        )
        executions = [row[0] for row in cursor.fetchall()]
    # Prepared on its fifth run; the three runs after it used the prepared statement.
    assert executions == [3]
