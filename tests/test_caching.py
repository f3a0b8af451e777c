"""Cached API answers and pages for readers: served without queries, never stale, never
personal."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims import caching as page_caching
from claims import services
from claims.choices import PlaceKind, Verb
from claims.models import Claim, DataVersion, PlaceVersion
from tests.factories import BASE_TIME, in_review

CLAIMS = "/api/v1/claims/"
SOLEDAR = "/places/soledar/"


def take_into_review(claim, user):
    services.claim_take_into_review(claim=claim, expected_version=claim.version, user=user)


class TestApi:
    def test_a_repeated_request_costs_one_query(
        self, api_client, demo_data, caching, django_assert_num_queries
    ):
        first = api_client.get(CLAIMS, {"place": "soledar"})
        # The throttle counts in the cache; the data version is the one query.
        with django_assert_num_queries(1):
            again = api_client.get(CLAIMS, {"place": "soledar"})
        assert again.content == first.content
        assert again["ETag"] == first["ETag"]

    def test_a_write_is_seen_at_once(self, api_client, demo_data, caching, editor):
        claim = Claim.objects.get(claimant__slug="isw", place__slug="soledar")
        api_client.get(f"{CLAIMS}{claim.pk}/")
        take_into_review(claim, editor)
        assert api_client.get(f"{CLAIMS}{claim.pk}/").json()["status"] == "in_review"

    def test_links_follow_the_host_asked_for(self, api_client, demo_data, caching):
        here = api_client.get(CLAIMS, {"place": "soledar"}, HTTP_HOST="localhost")
        there = api_client.get(CLAIMS, {"place": "soledar"}, HTTP_HOST="127.0.0.1")
        assert here.json()["results"][0]["url"].startswith("http://localhost/")
        assert there.json()["results"][0]["url"].startswith("http://127.0.0.1/")

    def test_errors_are_not_kept(self, api_client, demo_data, caching):
        assert api_client.get(CLAIMS, {"cursor": "garbage"}).status_code == 400
        assert api_client.get(f"{CLAIMS}999999/").status_code == 404

    @pytest.mark.parametrize(
        ("query", "model"),
        [({"status": "confirmed"}, DataVersion), ({"place": "soledar"}, PlaceVersion)],
        ids=["across places", "one place"],
    )
    def test_a_restored_backup_cannot_reuse_an_old_answer(
        self, api_client, demo_data, caching, query, model
    ):
        """Restoring winds the version counter back; the next write reuses a number, not a
        moment."""
        first = api_client.get(CLAIMS, query)
        model.objects.update(changed_at=timezone.now() + timedelta(seconds=1))
        again = api_client.get(CLAIMS, query, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 200
        assert again["ETag"] != first["ETag"]

    def test_off_when_set_to_zero(self, api_client, demo_data, caching, settings):
        settings.API_CACHE_SECONDS = 0
        api_client.get(CLAIMS, {"place": "soledar"})
        with CaptureQueriesContext(connection) as queries:
            api_client.get(CLAIMS, {"place": "soledar"})
        assert len(queries) > 1


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


def place_with_a_claim(name: str, claimant, editor, *, parent=None, url: str = ""):
    """A place made through the services (so it has a version of its own) with one claim."""
    place = services.place_create(name=name, kind=PlaceKind.TOWN, parent=parent, user=editor)
    citations = [services.CitationInput(url=url, title=f"Report on {name}")] if url else []
    claim = services.claim_create(
        data=services.ClaimInput(
            place=place,
            claimant=claimant,
            verb=Verb.CAPTURED,
            side=claimant.side,
            summary=f"{name} was taken.",
            stated_at=BASE_TIME,
            citations=citations,
        ),
        user=editor,
    )
    return place, claim


def place_urls(slug: str) -> list[str]:
    """Everything about one place that is cached: page, card, feed and API answers."""
    return [
        f"/places/{slug}/",
        f"/embed/places/{slug}/",
        f"/places/{slug}/feed.atom",
        f"/api/v1/places/{slug}/",
        f"/api/v1/claims/?place={slug}",
        f"/api/v1/verifications/?place={slug}",
    ]


class TestAWriteOnlyCoolsWhatItTouched:
    """Copies about one place are keyed on that place's version: a write about another place
    leaves them in the cache, a write that changes what they show does not."""

    @pytest.fixture
    def two_places(self, db, caching, editor, russian_actor, ukrainian_actor):
        kupiansk = place_with_a_claim(
            "Kupiansk", russian_actor, editor, url="https://example.org/kupiansk"
        )
        lyman = place_with_a_claim("Lyman", ukrainian_actor, editor)
        return kupiansk, lyman

    def served(self, client, url):
        response = client.get(url)
        assert response.status_code == 200, url
        return response

    def warm(self, client, *places):
        return {url: self.served(client, url) for place in places for url in place_urls(place.slug)}

    def test_a_verification_about_one_place_leaves_the_others_warm(
        self, client, two_places, editor, django_assert_num_queries
    ):
        (kupiansk, claim), (lyman, _) = two_places
        before = self.warm(client, kupiansk, lyman)
        in_review(claim, editor)
        for url in place_urls(lyman.slug):
            # The one query is the place's version; no other query: the copy is served.
            with django_assert_num_queries(1):
                again = client.get(url)
            assert again["X-Cache"] == "hit", url
            assert again.content == before[url].content, url
        for url in place_urls(kupiansk.slug):
            assert self.served(client, url)["X-Cache"] == "miss", url
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
            self.served(client, url)
        place_with_a_claim("Vovchansk", russian_actor, editor)
        for url in wider:
            assert self.served(client, url)["X-Cache"] == "miss", url

    def test_a_source_shown_on_a_page_cools_it_when_corrected(self, client, two_places, lead):
        (kupiansk, claim), (lyman, _) = two_places
        self.warm(client, kupiansk, lyman)
        source = claim.citations.get().source
        source.title = "Corrected report title"
        services.catalogue_save(instance=source, user=lead)
        for url in place_urls(kupiansk.slug):
            assert self.served(client, url)["X-Cache"] == "miss", url
        listed = client.get(f"/api/v1/claims/?place={kupiansk.slug}")
        assert b"Corrected report title" in listed.content
        for url in place_urls(lyman.slug):
            assert self.served(client, url)["X-Cache"] == "hit", url

    def test_an_actor_shown_on_a_page_cools_it_when_renamed(
        self, client, two_places, editor, russian_actor
    ):
        (kupiansk, _), (lyman, _) = two_places
        self.warm(client, kupiansk, lyman)
        services.actor_update(actor=russian_actor, name="Renamed ministry", user=editor)
        page = self.served(client, f"/places/{kupiansk.slug}/")
        assert page["X-Cache"] == "miss"
        assert b"Renamed ministry" in page.content
        for url in place_urls(lyman.slug):
            assert self.served(client, url)["X-Cache"] == "hit", url

    def test_a_region_renamed_cools_the_places_inside_it(
        self, client, two_places, editor, ukrainian_actor
    ):
        _, (lyman, _) = two_places
        oblast = services.place_create(name="Kharkiv Oblast", kind=PlaceKind.OBLAST, user=editor)
        inside, _ = place_with_a_claim("Izium", ukrainian_actor, editor, parent=oblast)
        self.warm(client, inside, lyman)
        oblast.name = "Kharkiv Region"
        services.catalogue_save(instance=oblast, user=editor)
        page = self.served(client, f"/places/{inside.slug}/")
        assert page["X-Cache"] == "miss"
        assert b"Kharkiv Region" in page.content
        assert self.served(client, f"/places/{lyman.slug}/")["X-Cache"] == "hit"

    def test_a_side_renamed_cools_every_place(self, client, two_places, russia):
        (kupiansk, _), (lyman, _) = two_places
        self.warm(client, kupiansk, lyman)
        services.side_update(side=russia, name="Russian Federation")
        for place in (kupiansk, lyman):
            page = self.served(client, f"/places/{place.slug}/")
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

    def write_while_another_request_remakes(self, claim, editor, monkeypatch, on_commit):
        """A verdict committed with no remake queued, so that readers learn which version it
        replaced; then another request holds every lock, making the copies after the write."""
        with monkeypatch.context() as patched, on_commit(execute=True):
            patched.setattr(page_caching, "wanted", lambda place_ids: {})
            in_review(claim, editor)
        monkeypatch.setattr(page_caching.copies, "add", lambda *args: False)

    def test_while_one_request_remakes_a_page_the_others_get_the_previous_copy(
        self, client, two_places, editor, monkeypatch, django_capture_on_commit_callbacks
    ):
        (kupiansk, claim), _ = two_places
        url = f"/places/{kupiansk.slug}/"
        before = self.served(client, url).content
        self.write_while_another_request_remakes(
            claim, editor, monkeypatch, django_capture_on_commit_callbacks
        )
        stale = self.served(client, url)
        assert stale["X-Cache"] == "stale"
        assert stale.content == before
        monkeypatch.undo()
        fresh = self.served(client, url)
        assert fresh["X-Cache"] == "miss"
        assert b"In review" in fresh.content
        assert self.served(client, url)["X-Cache"] == "hit"

    def test_a_previous_copy_is_never_another_languages_or_an_editors(
        self, client, two_places, editor, monkeypatch
    ):
        (kupiansk, claim), _ = two_places
        self.served(client, f"/places/{kupiansk.slug}/")
        in_review(claim, editor)
        monkeypatch.setattr(page_caching.copies, "add", lambda *args: False)
        # No Ukrainian copy was ever made: the page is made, in Ukrainian, not served stale.
        ukrainian = self.served(client, f"/uk/places/{kupiansk.slug}/")
        assert ukrainian["X-Cache"] == "miss"
        assert b'lang="uk"' in ukrainian.content
        client.force_login(editor)
        assert b"Log out editor" in self.served(client, f"/places/{kupiansk.slug}/").content

    def test_while_one_request_remakes_an_api_answer_readers_get_the_previous_with_its_etag(
        self, client, two_places, editor, token_for, monkeypatch, django_capture_on_commit_callbacks
    ):
        (kupiansk, claim), _ = two_places
        url = f"{CLAIMS}?place={kupiansk.slug}"
        before = self.served(client, url)
        self.write_while_another_request_remakes(
            claim, editor, monkeypatch, django_capture_on_commit_callbacks
        )
        stale = self.served(client, url)
        assert stale["X-Cache"] == "stale"
        assert stale.content == before.content
        # The old body keeps its old validators: a client revalidating it gets the new answer.
        assert stale["ETag"] == before["ETag"]
        # Whoever has just written reads what they wrote, never the copy before the write.
        own = token_for(editor).get(url)
        assert own["X-Cache"] == "miss"
        assert own.json()["results"][0]["status"] == "in_review"
        monkeypatch.undo()
        fresh = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
        assert fresh.status_code == 200
        assert fresh["X-Cache"] == "miss"
        assert fresh["ETag"] != before["ETag"]
        assert fresh.json()["results"][0]["status"] == "in_review"
        assert self.served(client, url)["X-Cache"] == "hit"
