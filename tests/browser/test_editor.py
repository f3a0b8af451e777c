"""An editor in a real browser: log in, take a claim from the queue, record a verdict with new
evidence, and see it on the place page."""

import re

from playwright.sync_api import expect

from claims.models import Claim
from tests.conftest import _user_in


def test_editor_takes_a_claim_and_records_disputed_with_a_new_url(site, page):
    _user_in("Editors", "editor")
    page.goto(f"{site}/accounts/login/?next=/review/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()

    claim = Claim.objects.get(claimant__slug="yevgeny-prigozhin")
    page.get_by_role("button", name=f"Take claim {claim.pk} into review").click()
    expect(page.get_by_role("heading", name=re.compile("^Verify:"))).to_be_visible()

    page.get_by_label("Status").select_option("disputed")
    page.get_by_label("Rationale").fill(
        "Wire reports put Ukrainian units in the town that evening."
    )
    page.get_by_label("Evidence by URL").fill("https://news.example.org/soledar-evening")
    page.get_by_label("Title of a new source").fill("Evening report from Soledar")
    page.get_by_label("Publisher of a new source").select_option(label="Reuters (independent)")
    page.get_by_role("button", name="Record verification").click()

    expect(page.locator("h1")).to_contain_text("Yevgeny Prigozhin claims capture")
    history = page.locator("ol.history")
    expect(history).to_contain_text("Disputed")
    expect(history).to_contain_text("Evening report from Soledar")

    page.get_by_role("link", name="Soledar").first.click()
    card = page.locator(f"#claim-{claim.pk}")
    expect(card).to_contain_text("Disputed")
