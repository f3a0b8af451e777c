"""ETag and Last-Modified on API reads: a current copy is a 304, and copies made for the
newsroom, for readers or in another language never answer for one another."""

import time
from datetime import UTC, datetime

import pytest
from django.utils.http import http_date, parse_http_date

from claims import services
from claims.api import conditional
from claims.models import Claim, DataVersion
from tests.api.answers import CLAIMS

pytestmark = pytest.mark.django_db

ACTORS = "/api/v1/actors/"


@pytest.fixture
def a_minute_on(monkeypatch):
    """Requests made a minute after the last write, whose second is long over."""
    monkeypatch.setattr(conditional, "clock", lambda: time.time() + 60)


def test_a_current_copy_is_answered_304_without_a_body(api_client):
    first = api_client.get(ACTORS)
    again = api_client.get(ACTORS, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


def test_every_answer_says_to_revalidate_and_what_it_varies_on(api_client):
    response = api_client.get(ACTORS)
    assert response["Cache-Control"] == "no-cache"
    vary = {v.strip() for v in response["Vary"].split(",")}
    assert {"Authorization", "Cookie", "Accept-Language"} <= vary


def test_last_modified_is_the_data_versions_time(api_client, a_minute_on):
    response = api_client.get(ACTORS)
    changed = DataVersion.objects.get().changed_at
    assert parse_http_date(response["Last-Modified"]) == int(changed.timestamp())


def test_the_newsroom_and_readers_never_share_a_copy(api_client, token_for, editor):
    public = api_client.get(ACTORS)["ETag"]
    newsroom = token_for(editor).get(ACTORS)
    assert newsroom["ETag"] != public
    assert token_for(editor).get(ACTORS, HTTP_IF_NONE_MATCH=public).status_code == 200


def test_another_language_or_query_is_another_copy(api_client):
    english = api_client.get(ACTORS)["ETag"]
    assert api_client.get(ACTORS, HTTP_ACCEPT_LANGUAGE="uk")["ETag"] != english
    assert api_client.get(ACTORS, {"page_size": 5})["ETag"] != english
    # The order a client writes its parameters in does not make a new copy.
    both = api_client.get(ACTORS + "?page_size=5&q=mod")["ETag"]
    assert api_client.get(ACTORS + "?q=mod&page_size=5")["ETag"] == both


class TestConditionalRequests:
    def test_a_repeat_with_if_none_match_is_304(self, api_client, demo_data, a_minute_on):
        first = api_client.get(CLAIMS, {"place": "soledar"})
        assert first["ETag"] and first["Last-Modified"]
        again = api_client.get(CLAIMS, {"place": "soledar"}, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304
        assert again["ETag"] == first["ETag"]

    def test_a_repeat_with_if_modified_since_is_304(self, api_client, demo_data, a_minute_on):
        first = api_client.get("/api/v1/places/soledar/")
        again = api_client.get(
            "/api/v1/places/soledar/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
        )
        assert again.status_code == 304

    def test_a_write_in_the_same_second_is_never_answered_304(self, api_client, monkeypatch):
        # The data changed at 12:00:00.2 and the clock reads 12:00:00.5: a write at 12:00:00.9
        # would carry the same whole-second date.
        second = int(time.time()) - 3600
        DataVersion.objects.update_or_create(
            id=1, defaults={"version": 7, "changed_at": datetime.fromtimestamp(second + 0.2, UTC)}
        )
        monkeypatch.setattr(conditional, "clock", lambda: second + 0.5)
        first = api_client.get(ACTORS)
        assert first.has_header("ETag")
        assert not first.has_header("Last-Modified")
        DataVersion.objects.update(version=8, changed_at=datetime.fromtimestamp(second + 0.9, UTC))
        # A client holding that second's date from elsewhere is not told its copy is current.
        again = api_client.get(ACTORS, HTTP_IF_MODIFIED_SINCE=http_date(second))
        assert again.status_code == 200
        monkeypatch.setattr(conditional, "clock", lambda: second + 60)
        settled = api_client.get(ACTORS)
        assert parse_http_date(settled["Last-Modified"]) == second

    def test_any_write_changes_the_etag(self, api_client, demo_data, editor):
        first = api_client.get(CLAIMS)
        claim = Claim.objects.get(claimant__slug="isw", place__slug="soledar")
        services.claim_take_into_review(claim=claim, expected_version=claim.version, user=editor)
        again = api_client.get(CLAIMS, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 200
        assert again["ETag"] != first["ETag"]

    def test_other_parameters_have_other_etags(self, api_client, demo_data):
        assert (
            api_client.get(CLAIMS, {"place": "soledar"})["ETag"]
            != api_client.get(CLAIMS, {"place": "bakhmut"})["ETag"]
        )
