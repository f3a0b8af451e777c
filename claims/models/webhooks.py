"""Webhooks: who wants to be told what, and every message on its way to them.

A write that causes an event stores the event and one delivery per matching subscription in its
own transaction (``claims.webhooks.events``); worker processes send them
(``claims.webhooks.delivery``). Nothing here is sent from a web request.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from claims.models.fields import choices_constraint


class EventType(models.TextChoices):
    CLAIM_CREATED = "claim.created", _("A claim was recorded")
    CLAIM_CHANGED = "claim.changed", _("A claim was edited")
    VERIFICATION_RECORDED = "verification.recorded", _("A claim's verification status changed")
    PLACE_PICTURE_CHANGED = (
        "place.picture_changed",
        _("A place's standing positions, dispute state or verdict changed"),
    )
    TEST = "webhook.test", _("A test message sent on request")


SUBSCRIBABLE_EVENTS = [value for value in EventType.values if value != EventType.TEST]


class SubscriptionState(models.TextChoices):
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"


class DeliveryState(models.TextChoices):
    PENDING = "pending", "Pending"
    DELIVERED = "delivered", "Delivered"


class WebhookSubscription(models.Model):
    """An endpoint a token holder registered, with the events and claims it wants.

    ``claim_filter`` holds claims-list parameters (``{"place": ["soledar"]}``): an event about a
    claim is sent when the claim matches them; an event about a place when one of the place's
    claims does. ``secret`` signs every message (Standard Webhooks, ``whsec_…``). A subscription
    whose deliveries have all failed for three days is paused, with the reason for its owner.
    """

    State = SubscriptionState

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhook_subscriptions"
    )
    url = models.CharField(max_length=1000)
    description = models.CharField(max_length=200, blank=True)
    event_types = models.JSONField(default=list)
    claim_filter = models.JSONField(default=dict, blank=True)
    secret = models.CharField(max_length=100)
    state = models.CharField(max_length=10, choices=State.choices, default=State.ACTIVE)
    paused_reason = models.CharField(max_length=500, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    # The first failure since the last success: three days of nothing but failures pause it.
    failing_since = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [choices_constraint("webhooksubscription", "state", SubscriptionState)]
        indexes = [models.Index(fields=["state"], name="webhooksub_state_idx")]

    def __str__(self):
        return f"webhook {self.pk} → {self.url}"

    @property
    def is_active(self) -> bool:
        return self.state == self.State.ACTIVE


class WebhookEvent(models.Model):
    """Something that happened, with the exact body every subscriber receives.

    The body is fixed when the event is stored, so each retry sends the same bytes under the same
    ``webhook-id``: a receiver can use the id to drop a duplicate.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    type = models.CharField(max_length=40, choices=EventType.choices)
    occurred_at = models.DateTimeField()
    body = models.TextField()

    def __str__(self):
        return f"{self.type} {self.message_id}"

    @property
    def message_id(self) -> str:
        return f"msg_{self.id.hex}"


class WebhookDelivery(models.Model):
    """One event on its way to one subscription; pending until the endpoint answers 2xx.

    Deliveries of one subscription share a ``lane`` per place and leave it in ``id`` order (the
    order their writes committed): a message waits until the one before it has arrived. A worker
    takes the head of a lane by setting ``lease`` and ``leased_until``; a worker that dies while
    sending leaves a lease that runs out, and the message is sent again.
    """

    State = DeliveryState

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    lane = models.CharField(max_length=40)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    lease = models.UUIDField(null=True, blank=True)
    leased_until = models.DateTimeField(null=True, blank=True)
    # When a worker was last asked to look at this lane by the sweeper (claims.webhooks.upkeep).
    kicked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            choices_constraint("webhookdelivery", "state", DeliveryState),
            models.UniqueConstraint(
                fields=["subscription", "event"], name="webhookdelivery_once_per_subscription"
            ),
        ]
        indexes = [
            models.Index(
                fields=["subscription", "lane", "state", "id"], name="webhookdelivery_lane_idx"
            ),
            models.Index(
                fields=["next_attempt_at"],
                name="webhookdelivery_pending_idx",
                condition=Q(state="pending"),
            ),
        ]
        verbose_name_plural = "webhook deliveries"

    def __str__(self):
        return f"delivery {self.pk} ({self.state})"


class WebhookAttempt(models.Model):
    """One try at sending a message: what the endpoint answered and how long it took.

    Kept 30 days and listed for the subscription's owner (API and account page).
    """

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="tries")
    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="attempts"
    )
    attempted_at = models.DateTimeField(db_index=True)
    succeeded = models.BooleanField(default=False)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    response_excerpt = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["subscription", "attempted_at", "id"], name="webhookattempt_sub_idx"
            )
        ]

    def __str__(self):
        return f"attempt {self.pk} ({self.status_code or self.error})"
