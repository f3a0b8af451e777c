"""/api/v1/webhooks/ (claims.api.webhooks): each account manages its own endpoints. The schema's
messages are tested in test_webhook_schema.py."""

import pytest
from django.test import override_settings

from claims.models import WebhookSubscription
from claims.webhooks import subscriptions
from tests.webhooks.receiver import run_tasks

pytestmark = pytest.mark.django_db

HOOKS = "/api/v1/webhooks/"
HOOK = "https://hooks.example.org/claimtracker"


def create(client, **overrides):
    body = {"url": HOOK, "events": ["claim.created"], **overrides}
    return client.post(HOOKS, body, format="json")


class TestSubscribing:
    def test_a_token_holder_subscribes_and_sees_the_secret_once(self, token_for, editor, russia):
        client = token_for(editor)
        response = create(
            client,
            events=["verification.recorded", "place.picture_changed"],
            filter={"side": "russia", "status": ["confirmed", "false"]},
            description="Map desk",
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["secret"].startswith("whsec_")
        assert body["events"] == ["verification.recorded", "place.picture_changed"]
        assert body["filter"] == {"side": ["russia"], "status": ["confirmed", "false"]}
        assert body["state"] == "active"
        assert response["Location"] == body["api_url"]
        listed = client.get(HOOKS).json()
        assert [s["id"] for s in listed] == [body["id"]]
        assert "secret" not in listed[0]
        assert "secret" not in client.get(body["api_url"]).json()

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"url": "http://hooks.example.org/x"}, "url"),
            ({"url": "https://10.0.0.1/x"}, "url"),
            ({"events": ["claim.deleted"]}, "events"),
            ({"events": []}, "events"),
            ({"filter": {"colour": "red"}}, "filter.colour"),
            ({"filter": {"side": "mars"}}, "filter.side"),
            ({"filter": {"place": ["a", "b"]}}, "filter.place"),
            ({"filter": {"q": "\x00"}}, "filter.q"),
            ({"filter": {"verb": [{"nested": 1}]}}, "filter.verb"),
            ({"filter": "soledar"}, "filter"),
        ],
    )
    def test_bad_input_is_a_400_naming_the_field(self, token_for, editor, russia, overrides, field):
        response = create(token_for(editor), **overrides)
        assert response.status_code == 400
        assert field in response.json()

    def test_an_account_has_at_most_twenty(self, token_for, editor):
        client = token_for(editor)
        for _ in range(subscriptions.MAX_PER_ACCOUNT):
            assert create(client).status_code == 201
        refused = create(client)
        assert refused.status_code == 400
        assert "delete one first" in refused.json()["url"][0]

    def test_anonymous_callers_get_401(self, api_client):
        assert api_client.get(HOOKS).status_code == 401
        assert create(api_client).status_code == 401


class TestOwnEndpointsOnly:
    def test_another_accounts_subscription_is_a_404_everywhere(
        self, token_for, editor, second_editor
    ):
        theirs = create(token_for(second_editor)).json()
        client = token_for(editor)
        assert client.get(HOOKS).json() == []
        url = f"{HOOKS}{theirs['id']}/"
        assert client.get(url).status_code == 404
        assert client.get(f"{url}attempts/").status_code == 404
        for action in ("pause", "resume", "test"):
            assert client.post(f"{url}{action}/").status_code == 404
        assert client.delete(url).status_code == 404
        assert WebhookSubscription.objects.filter(pk=theirs["id"]).exists()


class TestManaging:
    def test_pause_resume_and_delete(self, token_for, editor):
        client = token_for(editor)
        url = create(client).json()["api_url"]
        paused = client.post(f"{url}pause/").json()
        assert paused["state"] == "paused"
        assert paused["paused_reason"] == "Paused by its owner."
        assert client.post(f"{url}resume/").json()["state"] == "active"
        assert client.delete(url).status_code == 204
        assert client.get(url).status_code == 404

    @override_settings(WEBHOOK_ALLOW_INSECURE=True, WEBHOOK_TIMEOUT_SECONDS=1)
    def test_a_test_message_arrives_and_its_attempt_is_listed(self, token_for, editor, receiver):
        client = token_for(editor)
        created = create(client, url=receiver.url).json()
        queued = client.post(f"{created['api_url']}test/")
        assert queued.status_code == 202
        run_tasks()
        (arrived,) = receiver.accepted
        assert arrived.message["type"] == "webhook.test"
        assert arrived.headers["webhook-id"] == queued.json()["message_id"]
        page = client.get(created["attempts_url"]).json()
        (attempt,) = page["results"]
        assert attempt["message_id"] == queued.json()["message_id"]
        assert attempt["status_code"] == 200
        assert attempt["succeeded"] and attempt["message_delivered"]
        assert page["has_more"] is False

    def test_attempts_refuse_unknown_parameters_and_bad_cursors(self, token_for, editor):
        client = token_for(editor)
        attempts = create(client).json()["attempts_url"]
        assert "colour" in client.get(attempts, {"colour": "red"}).json()
        assert "cursor" in client.get(attempts, {"cursor": "nonsense"}).json()
        assert "page_size" in client.get(attempts, {"page_size": "0"}).json()
