"""The worker's task: one run sends a lane's waiting messages in order and says how many."""

import pytest
from django_tasks_db.models import DBTaskResult

from claims.models import WebhookDelivery
from claims.webhooks import tasks

pytestmark = pytest.mark.django_db


class TestDeliver:
    def test_one_run_sends_the_lanes_waiting_messages_in_order(
        self, receiver, subscribe, places, russian_actor, record_claim
    ):
        subscription = subscribe(receiver.url)
        written = [record_claim(places[0], russian_actor) for _ in range(3)]
        (lane,) = {d.lane for d in WebhookDelivery.objects.all()}

        arrived = tasks.deliver.call(subscription.pk, lane)

        assert arrived == 3
        assert [r.message["data"]["id"] for r in receiver.accepted] == [c.pk for c in written]

    def test_a_lane_with_nothing_waiting_sends_nothing(self, receiver, subscribe, places):
        subscription = subscribe(receiver.url)
        assert tasks.deliver.call(subscription.pk, f"place:{places[0].pk}") == 0
        assert receiver.received == []

    def test_each_lane_is_queued_as_its_own_task(
        self, receiver, subscribe, places, russian_actor, record_claim
    ):
        subscription = subscribe(receiver.url)
        record_claim(places[0], russian_actor)
        record_claim(places[1], russian_actor)
        queued = DBTaskResult.objects.filter(task_path="claims.webhooks.tasks.deliver")
        assert sorted(tuple(t.args_kwargs["args"]) for t in queued) == sorted(
            (subscription.pk, f"place:{place.pk}") for place in places
        )
