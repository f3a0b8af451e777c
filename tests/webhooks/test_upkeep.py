"""claims.webhooks.upkeep: the sweeper that restarts lanes a dead worker left, and the 30-day
purge. Delivery itself is tested in tests/webhooks/test_delivery.py."""

import logging
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from claims.models import WebhookAttempt, WebhookDelivery
from claims.webhooks import delivery, subscriptions, upkeep
from tests.webhooks.receiver import run_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def stalled(receiver, subscribe, places, russian_actor, record_claim):
    """A message whose task is gone, due well before ``now``: a worker died on it."""

    def make(place=None, count=1):
        subscription = subscribe(receiver.url)
        for _ in range(count):
            record_claim(place or places[0], russian_actor)
        DBTaskResult.objects.all().delete()
        due = timezone.now() - upkeep.STALLED_AFTER - timedelta(seconds=1)
        WebhookDelivery.objects.update(next_attempt_at=due)
        return subscription

    return make


def our_tasks():
    return DBTaskResult.objects.filter(task_path__startswith=upkeep.TASK_PREFIX)


# --- Restarting stalled lanes ----------------------------------------------------------------


def test_a_message_whose_worker_died_mid_send_is_sent_again_by_the_sweeper(
    receiver, subscribe, places, russian_actor, record_claim
):
    subscription = subscribe(receiver.url)
    record_claim(places[0], russian_actor)
    DBTaskResult.objects.all().delete()
    # A worker leased the message, then was killed before recording anything.
    job = delivery.take_head(subscription.pk, f"place:{places[0].pk}")
    assert job is not None
    assert run_tasks() == 0
    assert upkeep.restart_stalled_lanes() == 0, "the lease still runs"
    now = timezone.now()
    WebhookDelivery.objects.update(
        leased_until=now - timedelta(seconds=1), next_attempt_at=now - timedelta(minutes=1)
    )
    assert upkeep.restart_stalled_lanes() == 1
    assert upkeep.restart_stalled_lanes() == 0, "restarted once, not flooded"
    run_tasks()
    (arrived,) = receiver.accepted
    assert arrived.headers["webhook-id"] == f"msg_{WebhookDelivery.objects.get().event_id.hex}"


def test_a_message_due_only_just_now_is_left_to_its_own_task(stalled):
    stalled()
    WebhookDelivery.objects.update(next_attempt_at=timezone.now())
    assert upkeep.restart_stalled_lanes() == 0
    assert not our_tasks().exists()


def test_a_restarted_lane_gets_one_task_and_is_marked_with_the_moment(stalled):
    stalled()
    now = timezone.now()
    assert upkeep.restart_stalled_lanes(now=now) == 1
    assert our_tasks().count() == 1
    assert list(WebhookDelivery.objects.values_list("kicked_at", flat=True)) == [now]


def test_a_lane_still_stalled_long_after_its_restart_is_restarted_again(stalled):
    stalled()
    now = timezone.now()
    assert upkeep.restart_stalled_lanes(now=now) == 1
    assert upkeep.restart_stalled_lanes(now=now + upkeep.STALLED_AFTER) == 0
    later = now + upkeep.STALLED_AFTER + timedelta(seconds=1)
    assert upkeep.restart_stalled_lanes(now=later) == 1
    assert our_tasks().count() == 2


def test_only_the_head_of_each_lane_is_restarted(stalled, places, russian_actor, record_claim):
    stalled(places[0], count=3)
    assert upkeep.restart_stalled_lanes() == 1
    (kicked,) = WebhookDelivery.objects.filter(kicked_at__isnull=False)
    assert kicked.pk == WebhookDelivery.objects.order_by("id").first().pk


def test_each_stalled_lane_is_restarted(stalled, places):
    stalled(places[0])
    stalled(places[1])
    lanes = set(WebhookDelivery.objects.values_list("subscription_id", "lane"))
    assert len(lanes) == 3  # the first subscription also hears of the second place's claim
    assert upkeep.restart_stalled_lanes() == 3


def test_a_paused_subscriptions_lanes_are_left_alone(stalled):
    subscription = stalled()
    subscriptions.subscription_pause(subscription=subscription)
    assert upkeep.restart_stalled_lanes() == 0


def test_a_delivered_message_is_never_restarted(stalled):
    stalled()
    WebhookDelivery.objects.update(state="delivered")
    assert upkeep.restart_stalled_lanes() == 0


# --- Purging ---------------------------------------------------------------------------------


def test_attempts_and_messages_are_kept_30_days(
    receiver, subscribe, places, russian_actor, record_claim
):
    subscribe(receiver.url)
    record_claim(places[0], russian_actor)
    run_tasks()
    assert upkeep.purge(now=timezone.now() + timedelta(days=29))["attempts"] == 0
    purged = upkeep.purge(now=timezone.now() + timedelta(days=31))
    assert purged["attempts"] == 1
    assert purged["events"] >= 1
    assert not WebhookAttempt.objects.exists()
    assert not WebhookDelivery.objects.exists()
    assert not DBTaskResult.objects.exists(), "finished task rows go too"


def test_nothing_to_purge_purges_nothing(db):
    assert upkeep.purge() == {"attempts": 0, "events": 0, "task rows": 0}


def test_task_rows_go_after_a_day_finished_or_left_running_but_never_while_ready(
    receiver, subscribe, places, russian_actor, record_claim
):
    subscribe(receiver.url)
    for _ in range(3):
        record_claim(places[0], russian_actor)
    finished, running, ready = our_tasks().order_by("id")
    long_ago = timezone.now() - upkeep.KEEP_TASK_ROWS - timedelta(minutes=1)
    our_tasks().filter(pk=finished.pk).update(
        status="SUCCESSFUL", started_at=long_ago, finished_at=long_ago
    )
    our_tasks().filter(pk=running.pk).update(status="RUNNING", started_at=long_ago)
    assert upkeep.purge()["task rows"] == 2
    assert list(our_tasks().values_list("pk", flat=True)) == [ready.pk]


def test_recent_task_rows_are_kept(receiver, subscribe, places, russian_actor, record_claim):
    subscribe(receiver.url)
    record_claim(places[0], russian_actor)
    recently = timezone.now() - timedelta(hours=1)
    our_tasks().update(status="RUNNING", started_at=recently)
    assert upkeep.purge()["task rows"] == 0
    assert our_tasks().count() == 1


# --- The sweeper -----------------------------------------------------------------------------


def test_the_sweeper_is_a_daemon_thread_that_stops_when_told():
    sweeper = upkeep.Sweeper()
    assert sweeper.daemon and sweeper.name == "webhook-sweeper"
    sweeper.stopping.set()
    sweeper.run()  # returns at once: nothing swept


def test_a_failing_round_is_logged_and_sweeping_goes_on(monkeypatch, caplog):
    sweeper = upkeep.Sweeper()
    rounds = []

    def restart():
        rounds.append("restart")
        if len(rounds) == 1:
            raise ConnectionError("database gone")
        sweeper.stopping.set()

    monkeypatch.setattr(upkeep, "SWEEP_SECONDS", 0)
    monkeypatch.setattr(upkeep, "restart_stalled_lanes", restart)
    monkeypatch.setattr(upkeep, "purge", lambda: rounds.append("purge"))
    monkeypatch.setattr(upkeep, "close_old_connections", lambda: rounds.append("closed"))
    with caplog.at_level(logging.ERROR, logger=upkeep.__name__):
        sweeper.run()
    # The first round failed before its purge; the second purged, the hour being new.
    assert rounds == ["restart", "closed", "restart", "purge", "closed"]
    assert "Webhook upkeep failed" in caplog.text
