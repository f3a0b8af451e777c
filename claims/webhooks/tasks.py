"""The tasks workers run (django-tasks, stored by django-tasks-db in the app's database)."""

from django_tasks import task


@task()
def deliver(subscription_id: int, lane: str) -> int:
    """Send a subscription's waiting messages in one lane, in order; returns how many arrived."""
    from claims.webhooks import delivery  # which enqueues this task again: imported late

    return delivery.drain(subscription_id, lane)
