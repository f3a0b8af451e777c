"""The webhook API's declared shapes (claims.api.webhook_serializers): they check what clients
send, and describe exactly what the API answers and what messages carry."""

import pytest

from claims.api.webhook_serializers import (
    MESSAGES,
    PublicVerificationSerializer,
    WebhookCreatedSerializer,
    WebhookInputSerializer,
    WebhookSerializer,
)
from claims.models.webhooks import SUBSCRIBABLE_EVENTS, EventType
from claims.webhooks import subscriptions

pytestmark = pytest.mark.django_db

HOOK = "https://hooks.example.org/claimtracker"


class TestInput:
    def test_a_subscription_without_a_filter_filters_nothing(self):
        given = WebhookInputSerializer(data={"url": HOOK, "events": ["claim.created"]})
        assert given.is_valid(), given.errors
        assert given.validated_data["filter"] == {}

    @pytest.mark.parametrize(
        ("data", "field"),
        [
            ({"url": HOOK, "events": []}, "events"),
            ({"url": HOOK, "events": ["claim.deleted"]}, "events"),
            ({"url": HOOK, "events": ["webhook.test"]}, "events"),
            ({"url": "x" * 1001, "events": ["claim.created"]}, "url"),
            (
                {
                    "url": HOOK,
                    "events": ["claim.created"],
                    "description": "x" * (subscriptions.DESCRIPTION_MAX_LENGTH + 1),
                },
                "description",
            ),
        ],
    )
    def test_bad_input_is_refused_naming_the_field(self, data, field):
        given = WebhookInputSerializer(data=data)
        assert not given.is_valid()
        assert list(given.errors) == [field]

    def test_only_the_test_message_cannot_be_subscribed_to(self):
        assert set(SUBSCRIBABLE_EVENTS) == set(EventType.values) - {EventType.TEST}


class TestAnswers:
    def test_the_declared_subscription_is_exactly_what_the_api_answers(self, token_for, editor):
        api = token_for(editor)
        body = {"url": HOOK, "events": ["claim.created"]}
        created = api.post("/api/v1/webhooks/", body, format="json")
        assert created.status_code == 201, created.content
        assert set(created.json()) == set(WebhookCreatedSerializer().fields)
        shown = api.get(created.json()["api_url"]).json()
        assert set(shown) == set(WebhookSerializer().fields)

    def test_every_event_has_a_declared_message(self):
        assert set(MESSAGES) == set(EventType.values)
        for event_type, message in MESSAGES.items():
            assert set(message().fields) == {"type", "timestamp", "data"}
            assert message().fields["type"].choices == {event_type: event_type}

    def test_a_message_never_says_who_recorded_a_verification(self):
        assert "recorded_by" not in PublicVerificationSerializer().fields
