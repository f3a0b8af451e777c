"""An editor turns a pasted article into claims: paste, review, accept two, reject one."""

from playwright.sync_api import expect

from claims import services
from claims.choices import Verb
from claims.models import Actor, Claim, Source
from tests.conftest import _user_in

ARTICLE = (
    "On Friday Russia's Defence Ministry said its forces had completed the capture of Soledar "
    "on Thursday evening.\n\n"
    "Serhii Cherevaty, a Ukrainian army spokesman, said the claim was not true.\n\n"
    "Hanna Maliar said heavy fighting continued in Bakhmut."
)


def test_editor_pastes_an_article_accepts_two_proposals_and_rejects_one(site, page):
    _user_in("Editors", "editor")
    services.actor_name_add(
        actor=Actor.objects.get(slug="russian-mod"),
        name="Russia's Defence Ministry",
        language="en",
        kind="official",
    )
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{site}/accounts/login/?next=/claims/extract/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Claims from an article")).to_be_visible()

    page.get_by_label("Text").fill(ARTICLE)
    page.get_by_label("URL").fill("https://news.example.org/soledar-friday")
    page.get_by_label("Title").fill("Moscow claims Soledar; Kyiv says not true")
    page.get_by_label("Publisher").fill("reuters")
    page.get_by_label("Publication date").fill("2023-01-20")
    page.get_by_role("button", name="Propose claims").click()

    expect(page.get_by_role("heading", name="Review proposed claims")).to_be_visible()
    expect(page.locator(".proposal")).to_have_count(3)
    first = page.locator("#proposal-1")
    expect(first.locator("mark.m-verb")).to_have_text("completed the capture")
    expect(first.locator("mark.m-place")).to_have_text("Soledar")
    page.wait_for_load_state("load")  # the unstyled menu is wide until the stylesheet is in
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.locator("#proposal-3").get_by_label("Reject").check()
    page.get_by_role("button", name="Record accepted proposals").click()

    expect(page.get_by_text("Recorded 2 claims and 0 verifications")).to_be_visible()
    source = Source.objects.get(url="https://news.example.org/soledar-friday")
    claims = Claim.objects.filter(citations__source=source)
    assert sorted(claims.values_list("verb", flat=True)) == [Verb.CAPTURED, Verb.DENIED]
    denial = claims.get(verb=Verb.DENIED)
    assert denial.answers == claims.get(verb=Verb.CAPTURED)
    assert not Claim.objects.filter(claimant__slug="hanna-maliar", place__slug="bakhmut").exists()
    expect(page.locator("#cites-heading")).to_be_visible()
    expect(page.get_by_role("link", name="Serhii Cherevaty denies")).to_be_visible()
