"""On a 360 or 390 px phone no page scrolls sideways, for readers and for editors, and the menu
opens without JavaScript."""

import pytest
from playwright.sync_api import expect

from tests.browser.site_pages import desk_pages, public_pages, ukrainian_pages
from tests.browser.test_merge import log_in
from tests.conftest import _user_in

WIDTHS = [360, 390]


def too_wide(page, site, paths) -> list[str]:
    found = []
    for path in paths:
        page.goto(site + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > page.evaluate("window.innerWidth"):
            found.append(f"{path}: {width} px")
    return found


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways_for_a_reader(site, page, width):
    page.set_viewport_size({"width": width, "height": 800})
    assert not too_wide(page, site, public_pages())


@pytest.mark.parametrize("width", WIDTHS)
def test_no_ukrainian_page_scrolls_sideways(site, page, width):
    page.set_viewport_size({"width": width, "height": 800})
    assert not too_wide(page, site, ukrainian_pages())


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways_for_an_editor(site, page, width):
    editor = _user_in("Editors", "editor")
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, site, editor.username, "/review/")
    assert not too_wide(page, site, public_pages() + desk_pages())


def test_phone_menu_opens_without_javascript(site, browser, outside_requests):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})
    try:
        plain = context.new_page()
        plain.goto(f"{site}/places/soledar/")
        log_in_link = plain.get_by_role("link", name="Log in")
        expect(log_in_link).to_be_hidden()
        plain.get_by_text("Menu", exact=True).click()
        expect(log_in_link).to_be_visible()
        box = log_in_link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360
        log_in_link.click()
        expect(plain.get_by_label("Username")).to_be_visible()
    finally:
        context.close()


def test_tables_become_stacked_rows_on_a_phone(site, page):
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{site}/claims/")
    first = page.locator("#results tbody tr").first
    cells = first.locator("td")
    assert cells.nth(0).bounding_box()["y"] < cells.nth(1).bounding_box()["y"]
    assert cells.nth(1).bounding_box()["width"] > 250


# Every help text under a filter box, and the message that refuses a filter, with the box below.
FILTER_TEXTS = """() => {
    const boxes = [...document.querySelectorAll('.filters input, .filters select')]
        .map(box => box.getBoundingClientRect()).filter(r => r.height > 0);
    return [...document.querySelectorAll('.filters small')].map(small => {
        const r = small.getBoundingClientRect();
        const covered = boxes.some(b =>
            r.left < b.right && b.left < r.right && r.top < b.bottom && b.top < r.bottom);
        return [small.textContent.trim(), parseFloat(getComputedStyle(small).fontSize), covered];
    });
}"""


@pytest.mark.parametrize("path", ["/places/", "/claims/?place=nowhere"])
def test_filter_help_texts_are_readable_and_never_under_a_box(site, page, path):
    # The next box covered each hint, and they were 11.7 px; a refused filter's message too.
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(site + path)
    texts = page.evaluate(FILTER_TEXTS)
    assert texts
    assert [text for text, size, covered in texts if covered or size < 12] == []
