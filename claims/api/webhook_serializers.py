"""Shapes of the webhook API and of the messages themselves, for validation and the schema."""

from rest_framework import serializers

from claims.api.shapes import ClaimSerializer, PlaceSerializer, VerificationSerializer
from claims.models.webhooks import SUBSCRIBABLE_EVENTS, EventType, SubscriptionState
from claims.webhooks import subscriptions


class WebhookInputSerializer(serializers.Serializer):
    url = serializers.CharField(
        max_length=1000,
        help_text="An HTTPS URL on a public address; redirects are not followed.",
    )
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=SUBSCRIBABLE_EVENTS),
        min_length=1,
        max_length=len(SUBSCRIBABLE_EVENTS),
    )
    filter = serializers.DictField(
        child=serializers.JSONField(),
        required=False,
        default=dict,
        help_text=(
            "Claims-list parameters (`place`, `region`, `side`, `claimant`, `verb`, `status`, "
            "`stated_after`, `stated_before`, `q`), each a string or a list of strings: claim "
            "and verification events are sent for claims that match, place events for places "
            "with a claim that matches. Empty: everything."
        ),
    )
    description = serializers.CharField(
        max_length=subscriptions.DESCRIPTION_MAX_LENGTH, required=False, allow_blank=True
    )


class WebhookSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    events = serializers.ListField(child=serializers.ChoiceField(choices=SUBSCRIBABLE_EVENTS))
    filter = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    state = serializers.ChoiceField(choices=SubscriptionState.choices)
    paused_reason = serializers.CharField(
        allow_blank=True, help_text="Why it is paused: by its owner, or after 3 days of failures."
    )
    paused_at = serializers.DateTimeField(allow_null=True)
    failing_since = serializers.DateTimeField(
        allow_null=True, help_text="The first failure since the last success."
    )
    last_success_at = serializers.DateTimeField(allow_null=True)
    pending_messages = serializers.IntegerField(help_text="Messages waiting to be delivered.")
    created_at = serializers.DateTimeField()
    api_url = serializers.URLField(help_text="This subscription in the API.")
    attempts_url = serializers.URLField()


class WebhookCreatedSerializer(WebhookSerializer):
    secret = serializers.CharField(
        help_text="The signing secret (whsec_…). Shown only in this answer: keep it now."
    )


class WebhookAttemptSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    message_id = serializers.CharField(help_text="The webhook-id header the message was sent with.")
    event_type = serializers.ChoiceField(choices=EventType.choices)
    attempted_at = serializers.DateTimeField()
    succeeded = serializers.BooleanField()
    status_code = serializers.IntegerField(allow_null=True, help_text="Null: no HTTP answer.")
    duration_ms = serializers.IntegerField()
    error = serializers.CharField(allow_blank=True)
    response_excerpt = serializers.CharField(allow_blank=True)
    message_delivered = serializers.BooleanField(
        help_text="Whether the message has arrived by now (this or a later attempt)."
    )


class WebhookAttemptPageSerializer(serializers.Serializer):
    results = WebhookAttemptSerializer(many=True)
    next = serializers.URLField(allow_null=True)
    has_more = serializers.BooleanField()


class TestQueuedSerializer(serializers.Serializer):
    message_id = serializers.CharField()
    detail = serializers.CharField()


# --- The messages endpoints receive (OpenAPI 3.1 "webhooks") ---------------------------------


class PublicVerificationSerializer(VerificationSerializer):
    """A verification as messages carry it: never who recorded it."""

    recorded_by = None

    class Meta:
        ref_name = "WebhookVerification"


def envelope(event_type: str, data) -> type[serializers.Serializer]:
    name = "".join(part.title() for part in event_type.replace(".", "_").split("_"))
    fields = {
        "type": serializers.ChoiceField(choices=[event_type]),
        "timestamp": serializers.DateTimeField(help_text="When the change was written."),
        "data": data,
        "Meta": type("Meta", (), {"ref_name": f"{name}Message"}),
    }
    return type(f"{name}MessageSerializer", (serializers.Serializer,), fields)


class TestDataSerializer(serializers.Serializer):
    subscription = serializers.IntegerField()
    message = serializers.CharField()


MESSAGES = {
    EventType.CLAIM_CREATED: envelope(EventType.CLAIM_CREATED, ClaimSerializer()),
    EventType.CLAIM_CHANGED: envelope(EventType.CLAIM_CHANGED, ClaimSerializer()),
    EventType.VERIFICATION_RECORDED: envelope(
        EventType.VERIFICATION_RECORDED, PublicVerificationSerializer()
    ),
    EventType.PLACE_PICTURE_CHANGED: envelope(EventType.PLACE_PICTURE_CHANGED, PlaceSerializer()),
    EventType.TEST: envelope(EventType.TEST, TestDataSerializer()),
}
