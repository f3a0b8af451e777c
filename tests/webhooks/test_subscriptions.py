"""Changes to webhook subscriptions (claims.webhooks.subscriptions), shared by the API and the
account page: only active accounts subscribe, every bad part of a request is named at once, and
events are kept in their declared order. Through the API: tests/api/test_webhooks.py."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from claims.models import WebhookSubscription
from claims.webhooks import subscriptions

pytestmark = pytest.mark.django_db


def test_an_inactive_account_cannot_subscribe(editor):
    editor.is_active = False
    with pytest.raises(PermissionDenied):
        subscriptions.subscription_create(
            owner=editor, url="https://hooks.example.org/x", event_types=["claim.created"]
        )
    assert not WebhookSubscription.objects.exists()


def test_every_bad_part_of_a_subscription_is_named_at_once(editor):
    with pytest.raises(ValidationError) as refused:
        subscriptions.subscription_create(
            owner=editor,
            url="http://hooks.example.org/x",
            event_types=[],
            claim_filter={"colour": "red"},
            description="Map desk\x00",
        )
    assert set(refused.value.message_dict) == {
        "url",
        "events",
        "filter.colour",
        "description",
    }
    assert not WebhookSubscription.objects.exists()


def test_events_are_kept_in_their_declared_order_once_each():
    chosen = ["place.picture_changed", "claim.created", "place.picture_changed"]
    assert subscriptions.clean_event_types(chosen) == ["claim.created", "place.picture_changed"]
