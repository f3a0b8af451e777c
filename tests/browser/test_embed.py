"""A newsroom frames the status card on its own site: the card names the place in its heading,
and its links open the full page in a new tab, outside the frame."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect


@pytest.fixture
def newsroom(site):
    """Another origin (127.0.0.1 on its own port; the live server is localhost) whose article
    frames the card."""
    article = (
        "<!doctype html><html lang=en><title>Story</title><h1>Our story</h1>"
        f'<iframe title="Soledar status" src="{site}/embed/places/soledar/" '
        'width="400" height="700"></iframe>'
    ).encode()

    class Article(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(article)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Article)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


def test_a_framed_card_names_the_place_and_opens_links_outside_the_frame(site, page, newsroom):
    assert "localhost" in site  # so that 127.0.0.1 is another origin
    page.goto(newsroom)
    card = page.frame_locator("iframe")
    expect(card.locator("h1")).to_contain_text("Soledar")
    expect(card.locator(".sentence-text")).to_contain_text("As of 13 January 2023")
    links = card.locator("a[href]")
    for i in range(links.count()):
        expect(links.nth(i)).to_have_attribute("target", "_blank")
        expect(links.nth(i)).to_have_attribute("rel", "noopener")
    with page.context.expect_page() as opened:
        card.get_by_role("link", name="Soledar").first.click()
    full_page = opened.value
    full_page.wait_for_load_state()
    assert full_page.url == f"{site}/places/soledar/"
    expect(full_page.locator("h1")).to_have_text("Soledar")
    assert page.url == newsroom  # the article stayed where it was
    full_page.close()
