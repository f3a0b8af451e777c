"""An editor subscribes a webhook on the account page of a phone-sized browser."""

from playwright.sync_api import expect

from claims.models import WebhookSubscription
from tests.conftest import _user_in


def test_an_editor_subscribes_a_webhook_on_a_phone_and_keeps_the_secret(site, page):
    _user_in("Editors", "editor")
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{site}/accounts/login/?next=/account/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()

    page.get_by_text("Subscribe an endpoint").click()
    page.get_by_label("Endpoint URL").fill(
        "https://newsroom.example.org/hooks/claimtracker/a-rather-long-path-that-must-wrap"
    )
    page.get_by_label("A claim's verification status changed").uncheck()
    page.locator("#id_filter-place").fill("soledar")
    page.get_by_role("button", name="Subscribe").click()

    expect(page.get_by_role("heading", name="Webhook subscribed")).to_be_visible()
    secret = WebhookSubscription.objects.get().secret
    expect(page.locator("#webhook-secret")).to_have_text(secret)
    # The heading can be laid out before the stylesheet has loaded, when the unstyled menu is
    # wide: measure the page as the reader sees it.
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_role("link", name="Back to your account").click()
    expect(page.locator("article.webhook")).to_contain_text("place=soledar")
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert "verification.recorded" not in WebhookSubscription.objects.get().event_types
