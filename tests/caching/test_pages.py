"""claims.caching.pages: anonymous pages served from the shared cache without queries, seen
fresh after every write, never personal."""

import pytest

from claims.models import Claim
from tests.caching.places import take_into_review

pytestmark = pytest.mark.django_db

SOLEDAR = "/places/soledar/"


class TestPages:
    def test_a_reader_gets_the_page_with_one_query(
        self, client, demo_data, caching, django_assert_num_queries
    ):
        first = client.get(SOLEDAR)
        with django_assert_num_queries(1):
            again = client.get(SOLEDAR)
        assert again.status_code == 200
        assert again.content == first.content

    def test_a_write_is_seen_at_once(self, client, demo_data, caching, editor):
        claim = Claim.objects.get(claimant__slug="isw", place__slug="soledar")
        assert b"In review" not in client.get(f"/claims/{claim.pk}/").content
        take_into_review(claim, editor)
        assert b"In review" in client.get(f"/claims/{claim.pk}/").content

    def test_a_logged_in_reader_never_gets_the_shared_copy(
        self, client, demo_data, caching, editor
    ):
        client.get(SOLEDAR)
        client.force_login(editor)
        assert b"Log out editor" in client.get(SOLEDAR).content
        client.logout()
        assert b"Log out editor" not in client.get(SOLEDAR).content

    def test_each_date_is_its_own_page_and_a_bad_one_is_not_kept(self, client, demo_data, caching):
        today = client.get(SOLEDAR).content
        earlier = client.get(SOLEDAR, {"as_of": "2023-01-10"}).content
        assert earlier != today
        assert client.get(SOLEDAR, {"as_of": "tuesday"}).status_code == 400
        assert client.get(SOLEDAR, {"as_of": "tuesday"}).status_code == 400

    def test_copies_tell_shared_caches_they_vary_by_cookie(self, client, demo_data, caching):
        for _ in range(2):  # made, then served from the cache
            assert "Cookie" in client.get(SOLEDAR)["Vary"]

    def test_htmx_fragments_are_made_fresh(self, client, demo_data, caching):
        full = client.get("/claims/", {"place": "soledar"})
        fragment = client.get("/claims/", {"place": "soledar"}, HTTP_HX_REQUEST="true")
        assert len(fragment.content) < len(full.content)
