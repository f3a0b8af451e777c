"""Browser tests: Playwright driving Debian's Chromium against Django's live server.

Every request that would leave the live server is blocked and fails the test, which is how a
stray CDN link or an outside map tile would be caught.
"""

import os
from urllib.parse import urlsplit

import pytest

from tests.tools import CHROMIUM, require_chromium

# Playwright runs an event loop in the test thread; the live server's ORM calls are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            # The live server reads committed data, from another thread.
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    require_chromium()
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def outside_requests(context):
    """Requests the page tried to send anywhere but the live server; the test fails if any."""
    attempted = []

    def guard(route):
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            attempted.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    yield attempted
    assert not attempted, f"the page tried to load from outside: {attempted}"


@pytest.fixture
def site(live_server, outside_requests, page):
    """The demo data served by a live server, and a page that may not leave it."""
    from claims import demo

    demo.load()
    page.set_default_timeout(10_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # A CSP refusal is reported on the console: a blocked script or style is a broken page.
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield live_server.url
    # Let requests still in flight (a debounced htmx search) finish before the database is
    # flushed under the live server.
    page.wait_for_load_state("networkidle")
    page.close()
    assert not errors, f"JavaScript errors or CSP refusals: {errors}"
