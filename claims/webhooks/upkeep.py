"""Keeping deliveries moving when a worker dies, and forgetting them after 30 days.

Every message gets a task when it is stored, and every failure queues the retry's task, so
nothing here is needed while workers live. A worker killed mid-send is another matter: its task
stays "running" for ever in django-tasks-db and its lease on the message runs out with nobody to
notice. Each worker therefore runs a sweeper beside its tasks (``manage.py worker``) that gives
such lanes a new task. Sending twice is allowed (delivery is at least once, and the receiver
sees the same ``webhook-id``); losing a message is not.
"""

import logging
import threading
from datetime import timedelta

from django.db import close_old_connections, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from claims.models import WebhookAttempt, WebhookDelivery, WebhookEvent
from claims.models.webhooks import DeliveryState, SubscriptionState
from claims.webhooks import tasks

logger = logging.getLogger(__name__)

# A lane whose first message has been due this long with no worker on it gets a new task; and
# not again for as long, so a busy queue is not flooded with duplicates.
STALLED_AFTER = timedelta(seconds=30)
KEEP = timedelta(days=30)
# Finished task rows are django-tasks-db's bookkeeping, not the subscriber's record (attempts are).
KEEP_TASK_ROWS = timedelta(days=1)
SWEEP_SECONDS = 10
PURGE_SECONDS = 3600
TASK_PREFIX = "claims.webhooks."


def restart_stalled_lanes(now=None) -> int:
    """Queue a task for each lane whose first message is due, unleased and unattended."""
    now = now or timezone.now()
    earlier = WebhookDelivery.objects.filter(
        subscription=OuterRef("subscription"),
        lane=OuterRef("lane"),
        state=DeliveryState.PENDING,
        id__lt=OuterRef("id"),
    )
    heads = list(
        WebhookDelivery.objects.filter(
            state=DeliveryState.PENDING,
            subscription__state=SubscriptionState.ACTIVE,
            next_attempt_at__lte=now - STALLED_AFTER,
        )
        .filter(Q(leased_until__isnull=True) | Q(leased_until__lt=now))
        .filter(Q(kicked_at__isnull=True) | Q(kicked_at__lt=now - STALLED_AFTER))
        .filter(~Exists(earlier))
        .values_list("id", "subscription_id", "lane")[:1000]
    )
    with transaction.atomic():
        for _, subscription_id, lane in heads:
            tasks.deliver.enqueue(subscription_id, lane)
        WebhookDelivery.objects.filter(id__in=[pk for pk, _, _ in heads]).update(kicked_at=now)
    return len(heads)


def purge(now=None) -> dict[str, int]:
    """Forget messages and attempts older than 30 days, and stale task rows."""
    now = now or timezone.now()
    with transaction.atomic():
        attempts, _ = WebhookAttempt.objects.filter(attempted_at__lt=now - KEEP).delete()
        events, _ = WebhookEvent.objects.filter(occurred_at__lt=now - KEEP).delete()
        ours = DBTaskResult.objects.filter(task_path__startswith=TASK_PREFIX)
        finished, _ = ours.finished().filter(finished_at__lt=now - KEEP_TASK_ROWS).delete()
        # Left "running" by a worker that died: its lane was restarted long ago.
        orphaned, _ = ours.running().filter(started_at__lt=now - KEEP_TASK_ROWS).delete()
    return {"attempts": attempts, "events": events, "task rows": finished + orphaned}


class Sweeper(threading.Thread):
    """Runs ``restart_stalled_lanes`` every few seconds and ``purge`` hourly, in a worker."""

    def __init__(self):
        super().__init__(name="webhook-sweeper", daemon=True)
        self.stopping = threading.Event()

    def run(self):
        last_purge = 0.0
        while not self.stopping.wait(SWEEP_SECONDS):
            try:
                restart_stalled_lanes()
                if timezone.now().timestamp() - last_purge > PURGE_SECONDS:
                    purge()
                    last_purge = timezone.now().timestamp()
            except Exception:
                # A database outage must not end the sweeping: try again next round.
                logger.exception("Webhook upkeep failed; trying again in %s s", SWEEP_SECONDS)
            finally:
                close_old_connections()
