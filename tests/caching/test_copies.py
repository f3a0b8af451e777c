"""claims.caching.copies: API answers kept per version and served without queries; while one
request remakes a copy after a write, the others get the copy the write replaced, never another
language's or an editor's."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims import caching as page_caching
from claims.models import Claim, DataVersion, PlaceVersion
from tests.caching.places import served, take_into_review
from tests.factories import in_review

pytestmark = pytest.mark.django_db

CLAIMS = "/api/v1/claims/"


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


def write_while_another_request_remakes(claim, editor, monkeypatch, on_commit):
    """A verdict committed with no remake queued, so that readers learn which version it
    replaced; then another request holds every lock, making the copies after the write."""
    with monkeypatch.context() as patched, on_commit(execute=True):
        patched.setattr(page_caching, "wanted", lambda place_ids: {})
        in_review(claim, editor)
    monkeypatch.setattr(page_caching.copies, "add", lambda *args: False)


class TestPreviousCopies:
    def test_while_one_request_remakes_a_page_the_others_get_the_previous_copy(
        self, client, two_places, editor, monkeypatch, django_capture_on_commit_callbacks
    ):
        (kupiansk, claim), _ = two_places
        url = f"/places/{kupiansk.slug}/"
        before = served(client, url).content
        write_while_another_request_remakes(
            claim, editor, monkeypatch, django_capture_on_commit_callbacks
        )
        stale = served(client, url)
        assert stale["X-Cache"] == "stale"
        assert stale.content == before
        monkeypatch.undo()
        fresh = served(client, url)
        assert fresh["X-Cache"] == "miss"
        assert b"In review" in fresh.content
        assert served(client, url)["X-Cache"] == "hit"

    def test_a_previous_copy_is_never_another_languages_or_an_editors(
        self, client, two_places, editor, monkeypatch
    ):
        (kupiansk, claim), _ = two_places
        served(client, f"/places/{kupiansk.slug}/")
        in_review(claim, editor)
        monkeypatch.setattr(page_caching.copies, "add", lambda *args: False)
        # No Ukrainian copy was ever made: the page is made, in Ukrainian, not served stale.
        ukrainian = served(client, f"/uk/places/{kupiansk.slug}/")
        assert ukrainian["X-Cache"] == "miss"
        assert b'lang="uk"' in ukrainian.content
        client.force_login(editor)
        assert b"Log out editor" in served(client, f"/places/{kupiansk.slug}/").content

    def test_while_one_request_remakes_an_api_answer_readers_get_the_previous_with_its_etag(
        self, client, two_places, editor, token_for, monkeypatch, django_capture_on_commit_callbacks
    ):
        (kupiansk, claim), _ = two_places
        url = f"{CLAIMS}?place={kupiansk.slug}"
        before = served(client, url)
        write_while_another_request_remakes(
            claim, editor, monkeypatch, django_capture_on_commit_callbacks
        )
        stale = served(client, url)
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
        assert served(client, url)["X-Cache"] == "hit"
