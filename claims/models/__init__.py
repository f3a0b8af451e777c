"""The data model: who claims control of which place, on what source, and how it was verified."""

from claims.models.actors import Actor, ActorName, Side
from claims.models.claims import Citation, Claim
from claims.models.idempotency import IdempotencyRecord
from claims.models.places import Place, PlaceName
from claims.models.sources import Source
from claims.models.state import DataVersion, PlacePosition, PlaceState, PlaceVersion
from claims.models.verifications import Verification, VerificationEvidence
from claims.models.webhooks import (
    WebhookAttempt,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)

__all__ = [
    "Actor",
    "ActorName",
    "Citation",
    "Claim",
    "DataVersion",
    "IdempotencyRecord",
    "Place",
    "PlaceName",
    "PlacePosition",
    "PlaceState",
    "PlaceVersion",
    "Side",
    "Source",
    "Verification",
    "VerificationEvidence",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEvent",
    "WebhookSubscription",
]
