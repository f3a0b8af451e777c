"""axe-core in the browser: no serious or critical accessibility violation on any page of the
site, for readers (the embed card included) and for editors at the desk."""

import pytest

from tests.browser.site_pages import desk_pages, public_pages, ukrainian_pages
from tests.browser.test_merge import log_in
from tests.conftest import _user_in
from tests.tools import AXE_JS, require_axe


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe-core is injected as an inline script, which the site's CSP rightly refuses.
    return {**browser_context_args, "bypass_csp": True}


def serious_violations(page, site, paths) -> list[str]:
    found = []
    for path in paths:
        page.goto(site + path)
        page.add_script_tag(path=str(AXE_JS))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        for v in result["violations"]:
            if v["impact"] in ("serious", "critical"):
                targets = [n["target"] for n in v["nodes"]][:5]
                found.append(f"{path}: {v['id']} ({v['impact']}): {v['help']} — {targets}")
    return found


@pytest.mark.parametrize("width", [1280, 390])
def test_no_serious_or_critical_violations_on_readers_pages(site, page, width):
    require_axe()
    page.set_viewport_size({"width": width, "height": 900})
    found = serious_violations(page, site, public_pages())
    assert not found, "\n".join(found)


def test_no_serious_or_critical_violations_on_ukrainian_pages(site, page):
    require_axe()
    found = serious_violations(page, site, ukrainian_pages())
    assert not found, "\n".join(found)


@pytest.mark.parametrize("width", [1280, 390])
def test_no_serious_or_critical_violations_at_the_desk(site, page, width):
    require_axe()
    editor = _user_in("Editors", "editor")
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, site, editor.username, "/review/")
    found = serious_violations(page, site, desk_pages())
    assert not found, "\n".join(found)


def test_no_serious_or_critical_violations_on_the_extraction_review_on_a_phone(site, page):
    """The review of proposed claims exists only as the answer to a pasted article."""
    require_axe()
    editor = _user_in("Editors", "editor")
    page.set_viewport_size({"width": 390, "height": 900})
    log_in(page, site, editor.username, "/claims/extract/")
    page.get_by_label("Text").fill(
        "On Friday Russia's Defence Ministry said its forces had completed the capture of "
        "Soledar on Thursday evening.\n\nReuters could not independently verify the claim."
    )
    page.get_by_label("URL").fill("https://news.example.org/soledar")
    page.get_by_label("Title").fill("Moscow claims Soledar")
    page.get_by_label("Publisher").fill("reuters")
    page.get_by_label("Publication date").fill("2023-01-13")
    page.get_by_role("button", name="Propose claims").click()
    page.get_by_role("heading", name="Review proposed claims").wait_for()
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    found = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not found, "\n".join(found)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
