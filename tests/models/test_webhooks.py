"""The webhook models (claims.models.webhooks): one delivery of an event per subscription,
states inside their vocabularies, message ids receivers can deduplicate by, and deliveries
that go with their subscription."""

import uuid
from datetime import UTC, datetime

import pytest

from claims.models import WebhookDelivery, WebhookEvent, WebhookSubscription
from claims.models.webhooks import SUBSCRIBABLE_EVENTS, EventType
from tests.models.refusals import refused_by_database

pytestmark = pytest.mark.django_db

AT = datetime(2023, 1, 13, 9, tzinfo=UTC)


@pytest.fixture
def subscription(editor):
    return WebhookSubscription.objects.create(
        owner=editor,
        url="https://newsroom.example/hook",
        event_types=["claim.created"],
        secret="whsec_" + "A" * 32,
    )


@pytest.fixture
def event(db):
    return WebhookEvent.objects.create(type=EventType.CLAIM_CREATED, occurred_at=AT, body="{}")


def deliver(subscription, event, **fields):
    return WebhookDelivery.objects.create(
        subscription=subscription, event=event, lane="soledar", next_attempt_at=AT, **fields
    )


def test_an_event_is_delivered_once_to_each_subscription(subscription, event):
    deliver(subscription, event)
    refused_by_database(lambda: deliver(subscription, event))


def test_states_outside_their_vocabularies_are_refused(subscription, event):
    refused_by_database(lambda: deliver(subscription, event, state="lost"))
    subscription.state = "deleted"
    refused_by_database(subscription.save)


def test_a_new_subscription_is_active_and_a_paused_one_is_not(subscription):
    assert subscription.is_active
    subscription.state = WebhookSubscription.State.PAUSED
    assert not subscription.is_active


def test_a_message_id_is_fixed_by_the_event():
    event = WebhookEvent(id=uuid.UUID(int=255), type=EventType.TEST, occurred_at=AT, body="{}")
    assert event.message_id == "msg_000000000000000000000000000000ff"


def test_a_test_message_cannot_be_subscribed_to():
    assert EventType.TEST not in SUBSCRIBABLE_EVENTS
    assert set(SUBSCRIBABLE_EVENTS) == set(EventType.values) - {EventType.TEST}


def test_deliveries_go_with_their_subscription_and_the_event_stays(subscription, event):
    deliver(subscription, event)
    subscription.delete()
    assert not WebhookDelivery.objects.exists()
    assert WebhookEvent.objects.filter(pk=event.pk).exists()
