"""Two editors in two browsers edit the same claim: both changes are kept, and the conflict page
fits a phone."""

from urllib.parse import urlsplit

from playwright.sync_api import expect

from claims.models import Claim
from tests.browser.conftest import LOCAL_HOSTS
from tests.conftest import _user_in

PHONE = {"width": 375, "height": 800}


def log_in(page, site, username, next_url):
    page.goto(f"{site}/accounts/login/?next={next_url}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()


def fits_the_screen(page) -> bool:
    # Measured once the stylesheet has loaded: before it, the unstyled wide menu is in the flow.
    page.wait_for_load_state("load")
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_maria_and_ivan_edit_the_same_claim_and_both_changes_are_kept(site, page, browser):
    _user_in("Editors", "maria")
    _user_in("Editors", "ivan")
    claim = Claim.objects.get(claimant__slug="serhii-cherevaty")
    edit_url = f"/claims/{claim.pk}/edit/"

    page.set_viewport_size(PHONE)
    ivan_context = browser.new_context(viewport=PHONE)
    stray = []

    def guard(route):
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            stray.append(route.request.url)
            route.abort()

    ivan_context.route("**/*", guard)
    ivan = ivan_context.new_page()
    ivan.set_default_timeout(10_000)

    log_in(page, site, "maria", edit_url)
    log_in(ivan, site, "ivan", edit_url)
    expect(page.get_by_role("heading", name=f"Edit claim {claim.pk}")).to_be_visible()
    expect(ivan.get_by_role("heading", name=f"Edit claim {claim.pk}")).to_be_visible()

    page.locator("#id_summary").fill("Maria: the army says units are still in Soledar.")
    page.get_by_label("What changed and why").fill("Clearer summary")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_contain_text("Serhii Cherevaty")

    ivan.locator("#id_quote").fill("Ivan: «Our units are in the town.»")
    ivan.get_by_label("What changed and why").fill("Quote from the briefing")
    ivan.get_by_role("button", name="Save").click()
    notice = ivan.locator("#conflict")
    expect(notice).to_contain_text("Someone else changed this claim")
    expect(notice).to_contain_text("Theirs: Maria: the army says units are still in Soledar.")
    expect(notice).to_contain_text("Yours: unchanged, so theirs is kept.")
    expect(ivan.locator("#id_summary")).to_have_value(
        "Maria: the army says units are still in Soledar."
    )
    expect(ivan.locator("#id_quote")).to_have_value("Ivan: «Our units are in the town.»")
    assert fits_the_screen(ivan)
    ivan.get_by_role("button", name="Save, keeping their changes").click()
    expect(ivan.locator("h1")).to_contain_text("Serhii Cherevaty")

    claim.refresh_from_db()
    assert claim.summary == "Maria: the army says units are still in Soledar."
    assert claim.quote == "Ivan: «Our units are in the town.»"
    page.reload()
    expect(page.locator("body")).to_contain_text("Ivan: «Our units are in the town.»")
    expect(page.locator("body")).to_contain_text("Maria: the army says units are still")
    assert fits_the_screen(page)
    ivan.wait_for_load_state("networkidle")
    ivan_context.close()
    assert not stray, f"the page tried to load from outside: {stray}"
