"""claims.caching.stamps: copies about one place are keyed on that place's version (and the
versions of what they show), so a write cools only what it touched."""

import pytest

from claims import services
from claims.choices import PlaceKind
from tests.caching.places import place_urls, place_with_a_claim, served, warm
from tests.factories import in_review

pytestmark = pytest.mark.django_db


class TestAWriteOnlyCoolsWhatItTouched:
    """Copies about one place are keyed on that place's version: a write about another place
    leaves them in the cache, a write that changes what they show does not."""

    def test_a_verification_about_one_place_leaves_the_others_warm(
        self, client, two_places, editor, django_assert_num_queries
    ):
        (kupiansk, claim), (lyman, _) = two_places
        before = warm(client, kupiansk, lyman)
        in_review(claim, editor)
        for url in place_urls(lyman.slug):
            # The one query is the place's version; no other query: the copy is served.
            with django_assert_num_queries(1):
                again = client.get(url)
            assert again["X-Cache"] == "hit", url
            assert again.content == before[url].content, url
        for url in place_urls(kupiansk.slug):
            assert served(client, url)["X-Cache"] == "miss", url
        assert b"In review" in client.get(f"/places/{kupiansk.slug}/").content

    def test_an_unchanged_place_still_answers_304(self, api_client, two_places, editor):
        (kupiansk, claim), (lyman, _) = two_places
        url = f"/api/v1/places/{lyman.slug}/"
        etag = api_client.get(url)["ETag"]
        in_review(claim, editor)
        assert api_client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
        kupiansk_url = f"/api/v1/places/{kupiansk.slug}/"
        assert api_client.get(kupiansk_url)["ETag"] != etag

    def test_lists_across_places_still_follow_every_write(
        self, client, api_client, two_places, editor, russian_actor
    ):
        _, (lyman, _) = two_places
        wider = [f"/api/v1/claims/?place={lyman.slug}&verb=captured", "/api/v1/claims/", "/"]
        for url in wider:
            served(client, url)
        place_with_a_claim("Vovchansk", russian_actor, editor)
        for url in wider:
            assert served(client, url)["X-Cache"] == "miss", url

    def test_a_source_shown_on_a_page_cools_it_when_corrected(self, client, two_places, lead):
        (kupiansk, claim), (lyman, _) = two_places
        warm(client, kupiansk, lyman)
        source = claim.citations.get().source
        source.title = "Corrected report title"
        services.catalogue_save(instance=source, user=lead)
        for url in place_urls(kupiansk.slug):
            assert served(client, url)["X-Cache"] == "miss", url
        listed = client.get(f"/api/v1/claims/?place={kupiansk.slug}")
        assert b"Corrected report title" in listed.content
        for url in place_urls(lyman.slug):
            assert served(client, url)["X-Cache"] == "hit", url

    def test_an_actor_shown_on_a_page_cools_it_when_renamed(
        self, client, two_places, editor, russian_actor
    ):
        (kupiansk, _), (lyman, _) = two_places
        warm(client, kupiansk, lyman)
        services.actor_update(actor=russian_actor, name="Renamed ministry", user=editor)
        page = served(client, f"/places/{kupiansk.slug}/")
        assert page["X-Cache"] == "miss"
        assert b"Renamed ministry" in page.content
        for url in place_urls(lyman.slug):
            assert served(client, url)["X-Cache"] == "hit", url

    def test_a_region_renamed_cools_the_places_inside_it(
        self, client, two_places, editor, ukrainian_actor
    ):
        _, (lyman, _) = two_places
        oblast = services.place_create(name="Kharkiv Oblast", kind=PlaceKind.OBLAST, user=editor)
        inside, _ = place_with_a_claim("Izium", ukrainian_actor, editor, parent=oblast)
        warm(client, inside, lyman)
        oblast.name = "Kharkiv Region"
        services.catalogue_save(instance=oblast, user=editor)
        page = served(client, f"/places/{inside.slug}/")
        assert page["X-Cache"] == "miss"
        assert b"Kharkiv Region" in page.content
        assert served(client, f"/places/{lyman.slug}/")["X-Cache"] == "hit"

    def test_a_side_renamed_cools_every_place(self, client, two_places, russia):
        (kupiansk, _), (lyman, _) = two_places
        warm(client, kupiansk, lyman)
        services.side_update(side=russia, name="Russian Federation")
        for place in (kupiansk, lyman):
            page = served(client, f"/places/{place.slug}/")
            assert page["X-Cache"] == "miss"
            assert b"Russian Federation" in page.content

    def test_a_card_from_the_cache_may_still_be_framed(self, client, two_places):
        (kupiansk, _), _ = two_places
        url = f"/embed/places/{kupiansk.slug}/"
        for expected in ("miss", "hit"):
            response = client.get(url)
            assert response["X-Cache"] == expected
            assert "X-Frame-Options" not in response
            assert "frame-ancestors *" in response["Content-Security-Policy"]
