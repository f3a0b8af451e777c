"""Atom feeds parse with feedparser and survive whatever text got into the data."""

import feedparser
import pytest

from claims.feeds import xml_safe
from claims.models import Claim

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url", ["/feeds/claims.atom", "/feeds/verifications.atom", "/places/soledar/feed.atom"]
)
def test_feeds_parse_cleanly(client, demo_data, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.entries
    for entry in feed.entries:
        assert entry.title and entry.link and entry.id


def test_the_claims_feed_has_the_newest_claims_with_their_status(client, demo_data):
    feed = feedparser.parse(client.get("/feeds/claims.atom").content)
    newest = Claim.objects.order_by("-recorded_at", "-id").first()
    assert feed.entries[0].id == f"tag:claimtracker.invalid,2023:claim/{newest.pk}"
    assert "Verification status:" in feed.entries[0].summary


def test_the_place_feed_merges_claims_and_verification_changes(client, demo_data):
    feed = feedparser.parse(client.get("/places/bakhmut/feed.atom").content)
    assert {e.id.split(":")[-1].split("/")[0] for e in feed.entries} == {"claim"}
    feed = feedparser.parse(client.get("/places/soledar/feed.atom").content)
    assert {e.id.split(":")[-1].split("/")[0] for e in feed.entries} == {"claim", "verification"}


def test_an_unknown_place_has_no_feed(client):
    assert client.get("/places/atlantis/feed.atom").status_code == 404


def test_xml_unsafe_characters_are_dropped_not_fatal():
    assert xml_safe("a\x00b\x0bc\ud800d\ufffe") == "abcd"
    assert xml_safe("line\nbreak\ttab") == "line\nbreak\ttab"


def test_entry_ids_are_tag_uris_that_do_not_depend_on_the_host(client, demo_data, settings):
    settings.ALLOWED_HOSTS = ["claims.example.org", "mirror.example.net", "testserver"]
    first = feedparser.parse(
        client.get("/feeds/claims.atom", HTTP_HOST="claims.example.org").content
    )
    second = feedparser.parse(
        client.get("/feeds/claims.atom", HTTP_HOST="mirror.example.net").content
    )
    ids = [entry.id for entry in first.entries]
    assert ids == [entry.id for entry in second.entries]
    assert all(i.startswith("tag:claimtracker.invalid,2023:claim/") for i in ids)
    assert first.feed.id == second.feed.id == "tag:claimtracker.invalid,2023:feed/claims"


def test_a_place_feed_says_what_its_picture_is_now(client, demo_data):
    feed = feedparser.parse(client.get("/places/soledar/feed.atom").content)
    assert "Now: Contested: Russia says it controls it since 11 Jan 2023" in feed.feed.subtitle
    assert "Ukraine says it holds part of it or is still there" in feed.feed.subtitle


def test_the_claims_feed_takes_the_lists_filters_as_a_feed_of_its_own(client, demo_data):
    # ?place=bakhmut returned 26 Soledar entries out of 39: every parameter was ignored.
    everything = feedparser.parse(client.get("/feeds/claims.atom").content)
    bakhmut = feedparser.parse(client.get("/feeds/claims.atom", {"place": "Бахмут"}).content)
    expected = set(Claim.objects.filter(place__slug="bakhmut").values_list("pk", flat=True))
    assert {int(e.id.rsplit("/", 1)[1]) for e in bakhmut.entries} == expected
    assert bakhmut.feed.id != everything.feed.id
    assert "/claims/?place=" in bakhmut.feed.link


@pytest.mark.parametrize(
    ("url", "params", "named"),
    [
        ("/feeds/claims.atom", {"foo": "bar"}, "foo"),
        ("/feeds/claims.atom", {"status": "x"}, "status"),
        ("/feeds/verifications.atom", {"status": "x"}, "status"),
    ],
)
def test_a_bad_or_unknown_filter_is_a_400_naming_it(client, demo_data, url, params, named):
    response = client.get(url, params)
    assert response.status_code == 400
    assert named in response.json()
