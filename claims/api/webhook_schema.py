"""The messages ClaimTracker sends, as OpenAPI 3.1 ``webhooks`` (listed in the API docs)."""

from drf_spectacular.utils import OpenApiResponse, OpenApiWebhook, extend_schema

from claims.api.webhook_serializers import MESSAGES
from claims.models.webhooks import EventType

HEADERS = [
    {
        "name": name,
        "in": "header",
        "required": True,
        "schema": {"type": "string"},
        "description": description,
    }
    for name, description in (
        (
            "webhook-id",
            "The message's id (`msg_…`): the same on every retry; drop repeats by it.",
        ),
        (
            "webhook-timestamp",
            "When this attempt was made, in Unix seconds; refuse ones far from now.",
        ),
        (
            "webhook-signature",
            "`v1,` + base64 of HMAC-SHA256 over `{webhook-id}.{webhook-timestamp}.{body}`, keyed "
            "with the base64-decoded part of the secret after `whsec_`.",
        ),
    )
]
RESPONSES = {
    200: OpenApiResponse(description="Any 2xx: received. Anything else is retried."),
    410: OpenApiResponse(description="Gone: the subscription is paused, nothing more is sent."),
}
DESCRIPTIONS = {
    EventType.CLAIM_CREATED: "A claim was recorded; `data` is the claim as the API returns it.",
    EventType.CLAIM_CHANGED: "A claim's content was edited; `data` is the claim as it is now.",
    EventType.VERIFICATION_RECORDED: (
        "A claim's verification status changed; `data` is the verification (without who recorded "
        "it)."
    ),
    EventType.PLACE_PICTURE_CHANGED: (
        "A place's standing positions, dispute state or verdict changed; `data` is the place "
        "with its picture."
    ),
    EventType.TEST: "Sent when the subscription's owner asks for a test message.",
}


def _webhook(event_type: str) -> OpenApiWebhook:
    return OpenApiWebhook(
        name=EventType(event_type).value,
        decorator=extend_schema(
            summary=EventType(event_type).label,
            description=(
                f"{DESCRIPTIONS[event_type]} Messages about one place reach an endpoint in the "
                "order they happened; a message is sent at least once (the same `webhook-id` "
                "each time)."
            ),
            tags=["webhooks"],
            request=MESSAGES[event_type],
            responses=RESPONSES,
        ),
    )


claim_created = _webhook(EventType.CLAIM_CREATED)
claim_changed = _webhook(EventType.CLAIM_CHANGED)
verification_recorded = _webhook(EventType.VERIFICATION_RECORDED)
place_picture_changed = _webhook(EventType.PLACE_PICTURE_CHANGED)
webhook_test = _webhook(EventType.TEST)


def add_signature_headers(result, generator, request, public):
    """drf-spectacular leaves parameters out of webhooks; the signature headers belong there."""
    for path_item in result.get("webhooks", {}).values():
        path_item["post"]["parameters"] = HEADERS
    return result
