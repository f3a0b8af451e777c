"""Sending messages: one lane (a subscription's messages about one place) at a time, in order.

A worker leases the lane's oldest pending message in a short transaction, sends it with no
transaction open, and records the attempt in another. A 2xx answer delivers it and the worker
moves on to the next; anything else schedules a retry of the same message, with exponential
backoff and jitter, and the lane waits: a later message about that place is never sent before an
earlier one has arrived. A worker killed mid-send leaves a lease that runs out; the sweeper
(``claims.webhooks.upkeep``) then has the message sent again, under the same ``webhook-id``.
"""

import http.client
import random
import ssl
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from claims.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from claims.models.webhooks import DeliveryState, SubscriptionState
from claims.webhooks import safety, signing, tasks

# How long past the send deadline a lease lasts before another worker may take the message.
LEASE_MARGIN = timedelta(seconds=10)
# A worker drains one lane for at most this long, then queues the rest behind other lanes.
DRAIN_SECONDS = 20
MAX_BACKOFF_SECONDS = 3600
PAUSE_AFTER = timedelta(days=3)


@dataclass(frozen=True)
class Job:
    delivery_id: int
    subscription_id: int
    lane: str
    lease: uuid.UUID
    url: str
    secret: str
    message_id: str
    body: bytes


@dataclass
class Outcome:
    status_code: int | None = None
    excerpt: str = ""
    error: str = ""
    retry_after: str = ""
    duration_ms: int = 0

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def drain(subscription_id: int, lane: str) -> int:
    started = time.monotonic()
    delivered = 0
    while (job := take_head(subscription_id, lane)) is not None:
        if not record(job, attempt(job)):
            break
        delivered += 1
        if time.monotonic() - started > DRAIN_SECONDS:
            tasks.deliver.enqueue(subscription_id, lane)
            break
    return delivered


@transaction.atomic
def take_head(subscription_id: int, lane: str) -> Job | None:
    """Lease the lane's oldest pending message, if it may be sent now."""
    now = timezone.now()
    head = (
        WebhookDelivery.objects.select_for_update(of=("self",))
        .select_related("subscription", "event")
        .filter(subscription_id=subscription_id, lane=lane, state=DeliveryState.PENDING)
        .order_by("id")
        .first()
    )
    if (
        head is None
        or head.subscription.state != SubscriptionState.ACTIVE
        or (head.leased_until is not None and head.leased_until > now)
        or head.next_attempt_at > now
    ):
        return None
    head.lease = uuid.uuid4()
    head.leased_until = now + timedelta(seconds=settings.WEBHOOK_TIMEOUT_SECONDS) + LEASE_MARGIN
    head.save(update_fields=["lease", "leased_until"])
    return Job(
        delivery_id=head.pk,
        subscription_id=subscription_id,
        lane=lane,
        lease=head.lease,
        url=head.subscription.url,
        secret=head.subscription.secret,
        message_id=head.event.message_id,
        body=head.event.body.encode(),
    )


def attempt(job: Job) -> Outcome:
    """Send the message once (no transaction is open here)."""
    timeout = settings.WEBHOOK_TIMEOUT_SECONDS
    headers = signing.headers(job.secret, job.message_id, int(time.time()), job.body)
    started = time.monotonic()
    outcome = Outcome()
    try:
        answer = safety.post(job.url, job.body, headers, timeout=timeout)
    except safety.Refused as refused:
        outcome.error = f"Refused: {refused}"
    except TimeoutError:
        outcome.error = f"No answer within {timeout} s."
    except ssl.SSLError as failure:
        outcome.error = f"TLS failed: {failure.reason or failure}"
    except (OSError, http.client.HTTPException) as failure:
        outcome.error = f"{type(failure).__name__}: {failure}" if str(failure) else repr(failure)
    else:
        outcome.status_code = answer.status
        outcome.excerpt = answer.excerpt
        outcome.retry_after = answer.retry_after
        if 300 <= answer.status < 400:
            outcome.error = "Redirects are not followed: register the URL it points to."
        elif not outcome.succeeded:
            outcome.error = f"Answered {answer.status}."
    outcome.duration_ms = round((time.monotonic() - started) * 1000)
    outcome.error = outcome.error[:500]
    return outcome


@transaction.atomic
def record(job: Job, outcome: Outcome) -> bool:
    """Keep the attempt and move the message on; True if it arrived.

    The subscription is locked first (as resuming one does), then the message. A message whose
    lease ran out and went to another worker is left to that worker; the attempt is still kept.
    """
    now = timezone.now()
    subscription = (
        WebhookSubscription.objects.select_for_update(no_key=True)
        .filter(pk=job.subscription_id)
        .first()
    )
    delivery = WebhookDelivery.objects.select_for_update().filter(pk=job.delivery_id).first()
    if subscription is None or delivery is None:
        return False  # deleted meanwhile
    WebhookAttempt.objects.create(
        delivery=delivery,
        subscription=subscription,
        attempted_at=now,
        succeeded=outcome.succeeded,
        status_code=outcome.status_code,
        duration_ms=outcome.duration_ms,
        error=outcome.error,
        response_excerpt=outcome.excerpt,
    )
    if delivery.lease != job.lease or delivery.state != DeliveryState.PENDING:
        return False
    delivery.attempts += 1
    delivery.lease = delivery.leased_until = None
    if outcome.succeeded:
        delivery.state = DeliveryState.DELIVERED
        delivery.delivered_at = now
        delivery.save(update_fields=["attempts", "lease", "leased_until", "state", "delivered_at"])
        subscription.failing_since = None
        subscription.last_success_at = now
        subscription.save(update_fields=["failing_since", "last_success_at"])
        return True
    delivery.next_attempt_at = now + backoff(delivery.attempts, outcome.retry_after)
    delivery.save(update_fields=["attempts", "lease", "leased_until", "next_attempt_at"])
    subscription.failing_since = subscription.failing_since or now
    reason = _pause_reason(subscription, outcome, now)
    if reason:
        subscription.state = SubscriptionState.PAUSED
        subscription.paused_reason = reason[:500]
        subscription.paused_at = now
    subscription.save(update_fields=["failing_since", "state", "paused_reason", "paused_at"])
    if subscription.state == SubscriptionState.ACTIVE:
        tasks.deliver.using(run_after=delivery.next_attempt_at).enqueue(
            job.subscription_id, job.lane
        )
    return False


def _pause_reason(subscription: WebhookSubscription, outcome: Outcome, now) -> str:
    if outcome.status_code == 410:
        return "The endpoint answered 410 Gone, which asks for no more messages."
    if now - subscription.failing_since >= PAUSE_AFTER:
        return (
            f"Every attempt has failed since {subscription.failing_since:%Y-%m-%d %H:%M} UTC "
            f"(3 days). The last one: {outcome.error}"
        )
    return ""


def backoff(attempts: int, retry_after: str = "") -> timedelta:
    """How long to wait after the ``attempts``-th failure: doubling from
    ``WEBHOOK_RETRY_BASE_SECONDS`` up to an hour, with jitter so that endpoints that failed
    together are not all retried at the same moment; longer if the endpoint asked for it
    (``Retry-After`` in seconds), up to an hour."""
    ceiling = min(
        MAX_BACKOFF_SECONDS, settings.WEBHOOK_RETRY_BASE_SECONDS * 2 ** min(attempts - 1, 20)
    )
    seconds = random.uniform(ceiling / 2, ceiling)
    if retry_after.isdecimal() and retry_after.isascii():
        seconds = max(seconds, min(int(retry_after), MAX_BACKOFF_SECONDS))
    return timedelta(seconds=seconds)
