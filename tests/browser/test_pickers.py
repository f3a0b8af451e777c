"""The evidence picker in a browser on a phone: type, pick with the keyboard, record."""

from playwright.sync_api import expect

from claims.models import Claim
from tests.browser.test_merge import PHONE, fits_the_screen, log_in
from tests.conftest import _user_in


def test_an_editor_finds_a_source_by_typing_and_ticks_it_with_the_keyboard(site, page):
    _user_in("Editors", "editor")
    claim = Claim.objects.get(claimant__slug="yevgeny-prigozhin")
    page.set_viewport_size(PHONE)
    log_in(page, site, "editor", f"/claims/{claim.pk}/verify/")
    expect(page.get_by_role("heading", name="Verify:", exact=False)).to_be_visible()

    page.wait_for_load_state("load")  # htmx binds the type-ahead once the page has loaded
    search = page.get_by_role("searchbox", name="Find a source on file")
    search.fill("CNN")
    results = page.locator("#evidence-found")
    expect(results).to_contain_text("found")
    first = results.get_by_role("checkbox").first
    first.focus()
    page.keyboard.press("Space")
    expect(first).to_be_checked()
    picked = first.get_attribute("value")
    assert fits_the_screen(page)

    page.get_by_label("Status").select_option("disputed")
    page.get_by_label("Rationale").fill("CNN's team saw the pullback.")
    page.get_by_role("button", name="Record verification").click()
    expect(page.locator("ol.history")).to_contain_text("CNN's team saw the pullback.")
    latest = claim.verifications.latest("recorded_at")
    assert [str(s.pk) for s in latest.evidence.all()] == [picked]
