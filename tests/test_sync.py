"""Incremental sync: a consumer following the cursor never misses a change and never gets one
twice, however writes interleave with its polls."""

from datetime import timedelta

import pytest

from claims import services
from claims.choices import Status, Verb
from claims.models import Citation
from tests.factories import BASE_TIME, PlaceFactory, SourceFactory

pytestmark = pytest.mark.django_db


class Consumer:
    """Keeps a copy of a list endpoint by polling with the cursor it was last given."""

    def __init__(self, client, url, page_size=3):
        self.client, self.url, self.page_size = client, url, page_size
        self.cursor = None
        self.copy: dict[int, dict] = {}
        self.deliveries: list[tuple[int, str]] = []

    def poll(self):
        params = {"page_size": self.page_size}
        if self.cursor:
            params["cursor"] = self.cursor
        while True:
            body = self.client.get(self.url, params).json()
            for item in body["results"]:
                key = item.get("id", item.get("slug"))  # places go by their slug
                self.deliveries.append((key, item.get("updated_at") or item["recorded_at"]))
                self.copy[key] = item
            if body["cursor"]:
                self.cursor = body["cursor"]
                params["cursor"] = body["cursor"]
            if not body["has_more"]:
                return


def write_claim(place, claimant, editor, hours):
    return services.claim_create(
        data=services.ClaimInput(
            place=place,
            claimant=claimant,
            verb=Verb.CAPTURED,
            side=claimant.side,
            summary=f"Claim at hour {hours}.",
            stated_at=BASE_TIME + timedelta(hours=hours),
        ),
        user=editor,
        allow_duplicate=True,  # several statements the same day, hours apart
    )


def test_claim_changes_between_polls_arrive_once_each(api_client, russian_actor, editor):
    place = PlaceFactory()
    claims = [write_claim(place, russian_actor, editor, h) for h in range(7)]
    consumer = Consumer(api_client, "/api/v1/claims/")
    consumer.poll()
    assert set(consumer.copy) == {c.pk for c in claims}

    consumer.poll()
    assert len(consumer.deliveries) == 7  # nothing new, nothing repeated

    services.verification_record(
        claim=claims[2],
        expected_version=1,
        status=Status.DISPUTED,
        rationale="Contradicted.",
        user=editor,
    )
    newer = [write_claim(place, russian_actor, editor, h) for h in range(7, 9)]
    services.claim_update(claim=claims[0], expected_version=1, user=editor, summary="Corrected.")
    consumer.poll()
    assert [pk for pk, _ in consumer.deliveries[7:]] == [
        claims[2].pk,
        *[c.pk for c in newer],
        claims[0].pk,
    ]
    assert consumer.copy[claims[2].pk]["status"] == Status.DISPUTED
    assert consumer.copy[claims[0].pk]["summary"] == "Corrected."

    consumer.poll()
    assert len(consumer.deliveries) == 11  # the fourth poll brought nothing again


def test_writes_during_paging_are_seen_exactly_once(api_client, russian_actor, editor):
    place = PlaceFactory()
    claims = [write_claim(place, russian_actor, editor, h) for h in range(6)]
    consumer = Consumer(api_client, "/api/v1/claims/", page_size=2)
    first = api_client.get("/api/v1/claims/", {"page_size": 2}).json()
    consumer.cursor = first["cursor"]
    for item in first["results"]:
        consumer.deliveries.append((item["id"], item["updated_at"]))
        consumer.copy[item["id"]] = item
    # An item already delivered changes, and a new one arrives, while the consumer pages on.
    services.claim_update(
        claim=claims[0], expected_version=1, user=editor, summary="Changed mid-sync."
    )
    late = write_claim(place, russian_actor, editor, 99)
    consumer.poll()
    delivered = [pk for pk, _ in consumer.deliveries]
    assert delivered == [c.pk for c in claims[:2]] + [c.pk for c in claims[2:]] + [
        claims[0].pk,
        late.pk,
    ]
    assert consumer.copy[claims[0].pk]["summary"] == "Changed mid-sync."


def test_the_verification_feed_delivers_each_status_change_once(api_client, russian_actor, editor):
    place = PlaceFactory()
    claim = write_claim(place, russian_actor, editor, 0)
    consumer = Consumer(api_client, "/api/v1/verifications/")
    consumer.poll()
    assert [c["status"] for c in consumer.copy.values()] == [Status.UNREVIEWED]
    services.claim_take_into_review(claim=claim, expected_version=1, user=editor)
    services.verification_record(
        claim=claim,
        expected_version=2,
        status=Status.UNCONFIRMED,
        rationale="No one else saw it.",
        user=editor,
    )
    consumer.poll()
    statuses = [consumer.copy[pk]["status"] for pk, _ in consumer.deliveries]
    assert statuses == [Status.UNREVIEWED, Status.IN_REVIEW, Status.UNCONFIRMED]
    consumer.poll()
    assert len(consumer.deliveries) == 3


def test_updated_since_starts_a_sync_from_a_moment(api_client, russian_actor, editor):
    place = PlaceFactory()
    old = write_claim(place, russian_actor, editor, 0)
    results = api_client.get(
        "/api/v1/claims/", {"updated_since": old.updated_at.isoformat()}
    ).json()
    assert [c["id"] for c in results["results"]] == [old.pk]
    later = old.updated_at + timedelta(microseconds=1)
    assert (
        api_client.get("/api/v1/claims/", {"updated_since": later.isoformat()}).json()["results"]
        == []
    )


class TestRecordsTheAnswersShow:
    """A claim's answer names its place, claimant, sides and cited sources, a place's answer its
    picture and names: a change to any of them reaches clients syncing by the change time."""

    def test_renaming_a_cited_source_or_the_claimant_brings_the_claims_back(
        self, api_client, russian_actor, editor
    ):
        place = PlaceFactory()
        claim = write_claim(place, russian_actor, editor, 0)
        source = SourceFactory()
        Citation.objects.create(claim=claim, source=source)
        consumer = Consumer(api_client, "/api/v1/claims/")
        consumer.poll()
        source.title = "Corrected title"
        services.catalogue_save(instance=source, user=editor)
        consumer.poll()
        assert consumer.deliveries[-1][0] == claim.pk
        assert consumer.copy[claim.pk]["citations"][0]["source"]["title"] == "Corrected title"
        services.actor_update(actor=russian_actor, name="Russian Ministry of Defence", user=editor)
        consumer.poll()
        assert consumer.copy[claim.pk]["claimant"]["name"] == "Russian Ministry of Defence"
        delivered = len(consumer.deliveries)
        services.actor_update(actor=russian_actor, description="Unshown.", user=editor)
        consumer.poll()
        assert len(consumer.deliveries) == delivered  # nothing a claim shows changed

    def test_a_claim_or_another_name_brings_its_place_back(self, api_client, russian_actor, editor):
        place = PlaceFactory()
        consumer = Consumer(api_client, "/api/v1/places/")
        consumer.poll()
        write_claim(place, russian_actor, editor, 0)
        consumer.poll()
        assert consumer.copy[place.slug]["claim_count"] == 1
        services.place_name_add(place=place, name="Соледар", language="uk", kind="official")
        consumer.poll()
        assert "Соледар" in [n["name"] for n in consumer.copy[place.slug]["names"]]
