"""Events are stored with the writes that cause them, for the subscriptions that want them."""

import json

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from claims import services
from claims.choices import Status, Verb
from claims.models import WebhookDelivery, WebhookEvent
from claims.webhooks import subscriptions
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

HOOK = "https://hooks.example.org/claimtracker"
ALL = ["claim.created", "claim.changed", "verification.recorded", "place.picture_changed"]


def messages(subscription=None) -> list[dict]:
    deliveries = WebhookDelivery.objects.select_related("event").order_by("id")
    if subscription is not None:
        deliveries = deliveries.filter(subscription=subscription)
    return [json.loads(d.event.body) for d in deliveries]


def types(subscription=None) -> list[str]:
    return [m["type"] for m in messages(subscription)]


class TestSameTransaction:
    def test_a_committed_write_stores_its_event_a_delivery_and_a_task(
        self, subscribe, places, russian_actor, record_claim
    ):
        subscription = subscribe(HOOK)
        claim = record_claim(places[0], russian_actor)
        (delivery,) = WebhookDelivery.objects.all()
        assert delivery.subscription == subscription
        assert delivery.lane == f"place:{places[0].pk}"
        assert messages()[0]["data"]["id"] == claim.pk
        (task,) = DBTaskResult.objects.all()
        assert task.task_path == "claims.webhooks.tasks.deliver"
        assert task.args_kwargs["args"] == [subscription.pk, delivery.lane]

    def test_a_rolled_back_write_leaves_no_event_and_no_task(
        self, subscribe, places, russian_actor, record_claim
    ):
        subscribe(HOOK)
        with pytest.raises(RuntimeError), transaction.atomic():
            record_claim(places[0], russian_actor)
            assert WebhookEvent.objects.count() == 1
            raise RuntimeError("the request failed after the claim was written")
        assert not WebhookEvent.objects.exists()
        assert not WebhookDelivery.objects.exists()
        assert not DBTaskResult.objects.exists()

    def test_without_subscriptions_nothing_is_stored(self, places, russian_actor, record_claim):
        record_claim(places[0], russian_actor)
        assert not WebhookEvent.objects.exists()
        assert not DBTaskResult.objects.exists()


class TestWhichEvents:
    def test_each_service_emits_its_event_before_the_picture_change(
        self, subscribe, places, russian_actor, ukrainian_actor, record_claim, editor, lead
    ):
        subscription = subscribe(HOOK, events=ALL)
        soledar = places[0]
        capture = record_claim(soledar, russian_actor)
        assert types() == ["claim.created", "place.picture_changed"]
        services.claim_update(
            claim=capture, expected_version=capture.version, user=editor, summary="Reworded."
        )
        assert types()[2:] == ["claim.changed"]
        denial = record_claim(soledar, ukrainian_actor, verb=Verb.HOLDS)
        assert types()[3:] == ["claim.created", "place.picture_changed"]
        assert messages()[4]["data"]["picture"]["contested"] is True
        services.verification_record(
            claim=denial,
            expected_version=denial.version,
            status=Status.DISPUTED,
            rationale="Footage contradicts it.",
            user=editor,
        )
        assert types()[5] == "verification.recorded"
        assert {d.subscription for d in WebhookDelivery.objects.all()} == {subscription}

    def test_a_claim_that_leaves_the_picture_as_it_was_sends_no_picture_change(
        self, subscribe, places, russian_actor, record_claim
    ):
        record_claim(places[0], russian_actor)
        subscribe(HOOK, events=["place.picture_changed"])
        record_claim(places[0], russian_actor, summary="Said again.")
        assert types() == []

    def test_only_the_event_types_asked_for_are_sent(
        self, subscribe, places, russian_actor, record_claim
    ):
        subscribe(HOOK, events=["verification.recorded"])
        record_claim(places[0], russian_actor)
        assert types() == []

    def test_the_claim_filter_is_the_claims_lists(
        self, subscribe, places, russian_actor, ukrainian_actor, record_claim
    ):
        soledar, bakhmut = places
        only_soledar = subscribe(HOOK, claim_filter={"place": "soledar"})
        only_russia = subscribe(HOOK + "/ru", claim_filter={"side": ["russia"]})
        record_claim(soledar, ukrainian_actor)
        record_claim(bakhmut, russian_actor)
        assert [m["data"]["place"]["slug"] for m in messages(only_soledar)] == ["soledar"]
        assert [m["data"]["claimant"]["side"]["slug"] for m in messages(only_russia)] == ["russia"]

    def test_a_paused_subscription_keeps_its_messages_without_tasks(
        self, subscribe, places, russian_actor, record_claim
    ):
        subscription = subscriptions.subscription_pause(subscription=subscribe(HOOK))
        record_claim(places[0], russian_actor)
        assert WebhookDelivery.objects.filter(subscription=subscription).count() == 1
        assert not DBTaskResult.objects.exists()

    def test_an_inactive_account_gets_nothing(
        self, subscribe, places, russian_actor, record_claim, second_editor
    ):
        subscribe(HOOK, owner=second_editor)
        second_editor.is_active = False
        second_editor.save()
        record_claim(places[0], russian_actor)
        assert not WebhookEvent.objects.exists()


class TestPayloads:
    def test_a_claim_message_carries_the_apis_claim(
        self, subscribe, places, russian_actor, record_claim, client, settings
    ):
        settings.SITE_URL = "https://claims.example.org"
        subscribe(HOOK)
        claim = record_claim(places[0], russian_actor)
        message = messages()[0]
        assert set(message) == {"type", "timestamp", "data"}
        assert message["timestamp"].endswith("Z")
        from_api = client.get(f"/api/v1/claims/?place={places[0].slug}").json()["results"][0]
        assert message["data"] == json.loads(
            json.dumps(from_api).replace("http://testserver", "https://claims.example.org")
        )
        assert message["data"]["id"] == claim.pk

    def test_no_message_names_an_editor(
        self, subscribe, places, russian_actor, independent_actor, record_claim, editor, lead
    ):
        editor.first_name, editor.last_name = "Maria", "Kovalenko"
        editor.save()
        subscribe(HOOK, events=ALL)
        claim = record_claim(places[0], russian_actor)
        claim = services.claim_take_into_review(
            claim=claim, expected_version=claim.version, user=editor
        ).claim
        services.verification_record(
            claim=claim,
            expected_version=claim.version,
            status=Status.CONFIRMED,
            rationale="Satellite images show it.",
            evidence=[SourceFactory(publisher=independent_actor)],
            user=lead,
        )
        bodies = " ".join(e.body for e in WebhookEvent.objects.all())
        assert "verification.recorded" in bodies
        for identity in ("Maria", "Kovalenko", editor.username, lead.username, "recorded_by"):
            assert identity not in bodies
