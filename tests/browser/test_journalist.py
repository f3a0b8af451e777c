"""A reporter on deadline, in a real browser: open a place, filter claims, follow a claim."""

import re

from playwright.sync_api import expect


def test_soledar_shows_who_claims_what_at_a_glance(site, page):
    page.goto(f"{site}/places/soledar/")
    picture = page.locator("section.picture")
    expect(picture).to_contain_text("Contested")
    expect(picture).to_contain_text("Says it controls it since 11 Jan 2023")
    expect(picture).to_contain_text("denies Russia's capture claim")
    expect(picture).to_contain_text("Unconfirmed by the newsroom on 13 Jan 2023")
    # Leaflet drew the place's marker from the page's own data, with no tile server.
    expect(page.locator(".map path.leaflet-interactive")).to_have_count(1)


def test_going_back_to_11_january(site, page):
    page.goto(f"{site}/places/soledar/")
    page.get_by_label("As of the end of").fill("2023-01-11")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"as_of=2023-01-11"))
    picture = page.locator("section.picture")
    expect(picture).to_contain_text("Wagner Group")
    expect(picture).to_contain_text("In review")
    expect(page.locator("main")).not_to_contain_text("Igor Konashenkov")


def test_filter_claims_then_follow_one(site, page):
    page.goto(f"{site}/claims/")
    rows = page.locator("#results tbody tr")
    everything = rows.count()
    page.get_by_role("combobox", name=re.compile(r"^Side")).select_option("ukraine")
    expect(page).to_have_url(re.compile(r"side=ukraine"))
    expect(rows).not_to_have_count(everything)
    expect(page.locator("#results")).not_to_contain_text("Igor Konashenkov")
    row = page.get_by_role("row", name=re.compile("Serhii Cherevaty"))
    row.get_by_role("link", name="Denies Russia's capture claim").click()
    expect(page.locator("h1")).to_contain_text("Serhii Cherevaty denies Russia's capture claim")
    expect(page.locator("#cite-text")).to_contain_text("Serhii Cherevaty (Ukraine)")


def test_place_search_in_cyrillic(site, page):
    page.goto(f"{site}/places/")
    page.get_by_label("Name").fill("Артёмовск")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#results tbody tr")).to_have_count(1)
    expect(page.locator("#results")).to_contain_text("Bakhmut")


def test_pages_work_without_javascript(site, browser, outside_requests):
    context = browser.new_context(java_script_enabled=False)
    try:
        plain = context.new_page()
        plain.goto(f"{site}/claims/?side=russia")
        expect(plain.locator("#results")).to_contain_text("Igor Konashenkov")
        plain.get_by_role("combobox", name=re.compile(r"^Status")).select_option("superseded")
        plain.get_by_role("button", name="Filter").click()
        expect(plain).to_have_url(re.compile(r"status=superseded"))
        expect(plain.locator("#results tbody tr")).to_have_count(1)
    finally:
        context.close()
