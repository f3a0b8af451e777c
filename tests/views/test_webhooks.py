"""Webhooks on the account page: the same services as the API, for the account's own only."""

import pytest

from claims.models import WebhookSubscription
from tests.tools import require_vnu, vnu_problems
from tests.webhooks.receiver import run_tasks

pytestmark = pytest.mark.django_db

HOOK = "https://hooks.example.org/claimtracker"
EVENTS = ["claim.created", "place.picture_changed"]


@pytest.fixture
def logged_in(client, editor):
    client.force_login(editor)
    return client


def subscribe(client, **overrides):
    return client.post("/account/webhooks/", {"url": HOOK, "events": EVENTS, **overrides})


def test_the_account_page_offers_webhooks(logged_in):
    page = logged_in.get("/account/").text
    assert "Webhooks" in page
    assert 'action="/account/webhooks/"' in page
    assert "place.picture_changed" in page


def test_subscribing_shows_the_secret_once(logged_in, russia):
    created = subscribe(logged_in, **{"filter-side": "russia", "filter-status": "confirmed"})
    assert created.status_code == 200
    subscription = WebhookSubscription.objects.get()
    assert subscription.secret in created.text
    assert subscription.event_types == EVENTS
    assert subscription.claim_filter == {"side": ["russia"], "status": ["confirmed"]}
    account = logged_in.get("/account/").text
    assert subscription.secret not in account
    assert HOOK in account
    assert "side=russia" in account


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"url": "http://hooks.example.org/x"}, "must use HTTPS"),
        ({"url": "https://192.168.0.1/x"}, "not a public address"),
        ({"events": []}, "This field is required"),
        ({"filter-place": "nowhere"}, "Nothing is called"),
    ],
)
def test_bad_input_is_shown_on_the_form_once(logged_in, overrides, message):
    refused = subscribe(logged_in, **overrides)
    assert refused.status_code == 400
    assert refused.text.count(message) == 1
    assert not WebhookSubscription.objects.exists()


def test_pause_resume_test_and_delete(logged_in, insecure, receiver):
    subscribe(logged_in, url=receiver.url)
    subscription = WebhookSubscription.objects.get()
    base = f"/account/webhooks/{subscription.pk}/"
    logged_in.post(base + "pause/")
    subscription.refresh_from_db()
    assert subscription.state == "paused"
    assert "Paused by its owner." in logged_in.get("/account/").text
    logged_in.post(base + "resume/")
    logged_in.post(base + "test/")
    run_tasks()
    assert receiver.accepted[0].message["type"] == "webhook.test"
    attempts = logged_in.get(base).text
    assert "Delivered" in attempts
    assert "HTTP 200" in attempts
    assert receiver.accepted[0].headers["webhook-id"] in attempts
    logged_in.post(base + "delete/")
    assert not WebhookSubscription.objects.exists()


def test_another_accounts_webhook_cannot_be_seen_or_touched(client, editor, second_editor):
    client.force_login(second_editor)
    subscribe(client)
    theirs = WebhookSubscription.objects.get()
    client.force_login(editor)
    assert client.get(f"/account/webhooks/{theirs.pk}/").status_code == 404
    assert client.post(f"/account/webhooks/{theirs.pk}/delete/").status_code == 404
    assert HOOK not in client.get("/account/").text
    assert WebhookSubscription.objects.filter(pk=theirs.pk).exists()


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get("/account/webhooks/1/").url.startswith("/accounts/login/")
    assert client.post("/account/webhooks/", {"url": HOOK}).url.startswith("/accounts/login/")


def test_webhook_pages_are_valid_html(logged_in, tmp_path):
    require_vnu()
    created = subscribe(logged_in)
    subscription = WebhookSubscription.objects.get()
    pages = {
        "account.html": logged_in.get("/account/").content,
        "created.html": created.content,
        "invalid.html": subscribe(logged_in, url="ftp://x").content,
        "attempts.html": logged_in.get(f"/account/webhooks/{subscription.pk}/").content,
    }
    problems = vnu_problems(pages, tmp_path)
    assert not problems, "\n".join(problems)
