"""The place page a reader finishes: the picture and its sentence first, then the columns; the
rest folded, so the demo town fits three desktop screens."""

from playwright.sync_api import expect

DESKTOP = {"width": 1280, "height": 900}


def test_soledar_fits_three_desktop_screens_before_anything_folded(site, page):
    page.set_viewport_size(DESKTOP)
    page.goto(f"{site}/places/soledar/")
    assert not page.evaluate("[...document.querySelectorAll('main details')].some(d => d.open)")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= 3 * DESKTOP["height"], f"{height} px"


def test_the_page_leads_with_the_picture_and_the_sentence_then_the_columns(site, page):
    page.goto(f"{site}/places/soledar/")
    order = page.evaluate(
        """() => ['#picture-heading', '.sentence-text', '#claims-heading', '#conflicts-heading',
                  '#timeline-heading']
                 .map(s => document.querySelector(s).getBoundingClientRect().top)"""
    )
    assert order == sorted(order)
    expect(page.get_by_role("button", name="Copy sentence")).to_be_visible()


def test_the_timeline_keeps_every_label_and_every_mark_apart(site, page):
    page.set_viewport_size(DESKTOP)
    page.goto(f"{site}/places/soledar/")
    page.locator(".timeline-fold > summary").click()
    svg = page.locator("svg.timeline")
    box = svg.bounding_box()
    labels = svg.locator("text")
    for i in range(labels.count()):
        label = labels.nth(i).bounding_box()
        assert box["x"] <= label["x"] and label["x"] + label["width"] <= box["x"] + box["width"]
    marks = [m.bounding_box() for m in svg.locator(".mark").all()]
    for i, a in enumerate(marks):
        for b in marks[i + 1 :]:
            overlap_x = min(a["x"] + a["width"], b["x"] + b["width"]) - max(a["x"], b["x"])
            overlap_y = min(a["y"] + a["height"], b["y"] + b["height"]) - max(a["y"], b["y"])
            assert overlap_x <= 1 or overlap_y <= 1


def test_a_long_pages_folds_load_when_opened(site, page, monkeypatch):
    from claims.selectors import pages

    monkeypatch.setattr(pages, "INLINE_CLAIMS", 2)
    page.set_viewport_size(DESKTOP)
    page.goto(f"{site}/places/soledar/")
    expect(page.locator("svg.timeline")).to_have_count(0)
    page.locator(".timeline-fold > summary").click()
    expect(page.locator("#timeline-body svg.timeline")).to_be_visible()
    fold = page.locator("details:has(#column-1-earlier)")
    fold.locator("summary").click()
    expect(fold.locator("ul#column-1-earlier li").first).to_be_visible()
    # The page did not move: the parts came into it.
    assert page.url == f"{site}/places/soledar/"
