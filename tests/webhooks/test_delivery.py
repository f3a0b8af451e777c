"""Delivery to a real receiver on 127.0.0.1: signed, in order per place, retried, never lost."""

import base64
import hashlib
import hmac
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from claims.models import WebhookAttempt, WebhookDelivery
from claims.webhooks import delivery, subscriptions
from tests.webhooks.receiver import run_tasks

pytestmark = pytest.mark.django_db


def signature_is_valid(secret: str, received) -> bool:
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{received.headers['webhook-id']}.{received.headers['webhook-timestamp']}.".encode()
    expected = hmac.new(key, signed + received.body, hashlib.sha256).digest()
    version, _, value = received.headers["webhook-signature"].partition(",")
    return version == "v1" and hmac.compare_digest(base64.b64decode(value), expected)


def make_due():
    """Let time pass: every retry and every lease is due now."""
    past = timezone.now() - timedelta(seconds=1)
    WebhookDelivery.objects.update(next_attempt_at=past)
    DBTaskResult.objects.filter(status="READY").update(run_after=past)


def refused_once_then_delivered(status, receiver, subscribe, record_claim, place, claimant):
    """A new subscription whose first message, about a claim by ``claimant``, the receiver
    refuses with ``status`` and accepts at the retry."""
    receiver.answer = lambda number: status if number == 0 else 200
    subscription = subscribe(receiver.url)
    record_claim(place, claimant)
    run_tasks()
    make_due()
    run_tasks()
    return subscription


class TestDelivery:
    def test_messages_arrive_signed_and_in_order_for_each_place_despite_failures(
        self, receiver, subscribe, places, russian_actor, ukrainian_actor, record_claim
    ):
        # Every third request fails: each failure holds back the later messages of its place.
        receiver.answer = lambda number: 500 if number % 3 == 1 else 200
        subscription = subscribe(receiver.url, events=["claim.created", "place.picture_changed"])
        written = [
            record_claim(places[i % 2], (russian_actor, ukrainian_actor)[i % 3 == 0])
            for i in range(12)
        ]
        for _ in range(20):
            run_tasks()
            make_due()
        assert all(signature_is_valid(subscription.secret, r) for r in receiver.received)
        created = [r.message for r in receiver.accepted if r.message["type"] == "claim.created"]
        assert sorted(m["data"]["id"] for m in created) == [c.pk for c in written]
        for place in places:
            ids = [m["data"]["id"] for m in created if m["data"]["place"]["slug"] == place.slug]
            assert ids == sorted(ids), f"{place.slug} out of order"
        assert len(receiver.accepted) == WebhookDelivery.objects.count()
        assert not WebhookDelivery.objects.filter(state="pending").exists()

    def test_a_retry_carries_the_same_id_and_body_with_a_fresh_signature(
        self, receiver, subscribe, places, russian_actor, record_claim
    ):
        subscription = refused_once_then_delivered(
            503, receiver, subscribe, record_claim, places[0], russian_actor
        )
        first, second = receiver.received
        assert first.headers["webhook-id"] == second.headers["webhook-id"]
        assert first.headers["webhook-id"].startswith("msg_")
        assert first.body == second.body
        assert all(signature_is_valid(subscription.secret, r) for r in (first, second))
        assert [a.status_code for a in WebhookAttempt.objects.order_by("id")] == [503, 200]

    def test_a_failure_schedules_a_retry_with_backoff_and_holds_the_place_back(
        self, receiver, subscribe, places, russian_actor, record_claim, settings
    ):
        settings.WEBHOOK_RETRY_BASE_SECONDS = 60
        receiver.answer = 500
        subscription = subscribe(receiver.url)
        record_claim(places[0], russian_actor)
        record_claim(places[0], russian_actor)
        run_tasks()
        assert len(receiver.received) == 1, "the second message waits for the first"
        head = WebhookDelivery.objects.order_by("id").first()
        wait = head.next_attempt_at - timezone.now()
        assert timedelta(seconds=25) < wait <= timedelta(seconds=60)
        retry = DBTaskResult.objects.get(status="READY")
        assert retry.run_after == head.next_attempt_at
        subscription.refresh_from_db()
        assert subscription.failing_since is not None
        assert subscription.state == "active"

    def test_backoff_doubles_with_jitter_up_to_an_hour(self, settings):
        settings.WEBHOOK_RETRY_BASE_SECONDS = 10
        for attempts, low, high in ((1, 5, 10), (2, 10, 20), (4, 40, 80), (12, 1800, 3600)):
            waits = {delivery.backoff(attempts).total_seconds() for _ in range(20)}
            assert all(low <= wait <= high for wait in waits)
            assert len(waits) > 1, "jitter"
        assert delivery.backoff(1, retry_after="120").total_seconds() >= 120
        assert delivery.backoff(1, retry_after="99999").total_seconds() == 3600

    def test_retries_go_on_for_days_and_three_days_of_failure_pause_with_the_reason(
        self, receiver, subscribe, places, russian_actor, record_claim
    ):
        receiver.answer = 500
        subscription = subscribe(receiver.url)
        record_claim(places[0], russian_actor)
        run_tasks()
        two_days_ago = timezone.now() - timedelta(days=2)
        type(subscription).objects.update(failing_since=two_days_ago)
        make_due()
        run_tasks()
        subscription.refresh_from_db()
        assert subscription.state == "active", "still retrying after two days"
        type(subscription).objects.update(failing_since=two_days_ago - timedelta(days=1))
        make_due()
        run_tasks()
        subscription.refresh_from_db()
        assert subscription.state == "paused"
        assert "3 days" in subscription.paused_reason
        assert "Answered 500" in subscription.paused_reason
        make_due()
        assert run_tasks() == 0, "a paused subscription gets no more tasks"
        assert WebhookDelivery.objects.get().state == "pending", "its message waits"

    def test_resuming_sends_what_waited(
        self, receiver, subscribe, places, russian_actor, record_claim
    ):
        subscription = subscriptions.subscription_pause(subscription=subscribe(receiver.url))
        record_claim(places[0], russian_actor)
        record_claim(places[1], russian_actor)
        run_tasks()
        assert receiver.received == []
        subscriptions.subscription_resume(subscription=subscription)
        run_tasks()
        assert len(receiver.accepted) == 2

    def test_410_gone_pauses_at_once(
        self, receiver, subscribe, places, russian_actor, record_claim
    ):
        receiver.answer = 410
        subscription = subscribe(receiver.url)
        record_claim(places[0], russian_actor)
        run_tasks()
        subscription.refresh_from_db()
        assert subscription.state == "paused"
        assert "410" in subscription.paused_reason

    def test_success_clears_the_failure_streak(
        self, receiver, subscribe, places, russian_actor, record_claim
    ):
        subscription = refused_once_then_delivered(
            500, receiver, subscribe, record_claim, places[0], russian_actor
        )
        subscription.refresh_from_db()
        assert subscription.failing_since is None
        assert subscription.last_success_at is not None


class TestWorkerDeath:
    def test_a_late_answer_from_a_lost_lease_does_not_deliver_twice_in_the_books(
        self, receiver, subscribe, places, russian_actor, record_claim
    ):
        subscription = subscribe(receiver.url)
        record_claim(places[0], russian_actor)
        lane = f"place:{places[0].pk}"
        stale = delivery.take_head(subscription.pk, lane)
        WebhookDelivery.objects.update(leased_until=timezone.now() - timedelta(seconds=1))
        fresh = delivery.take_head(subscription.pk, lane)
        assert delivery.record(fresh, delivery.Outcome(status_code=200)) is True
        assert delivery.record(stale, delivery.Outcome(status_code=200)) is False
        assert WebhookDelivery.objects.get().attempts == 1
        assert WebhookAttempt.objects.count() == 2, "both attempts are kept"


@pytest.mark.django_db(transaction=True)
def test_the_worker_command_delivers_what_is_queued(
    receiver, subscribe, places, russian_actor, record_claim
):
    from django.core.management import call_command

    subscription = subscribe(receiver.url)
    claim = record_claim(places[0], russian_actor)
    call_command("worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
    (arrived,) = receiver.accepted
    assert arrived.message["data"]["id"] == claim.pk
    assert signature_is_valid(subscription.secret, arrived)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
