"""The site's own middleware: readiness, the page rate limit's answer, and private pages kept
out of caches in both languages. Its behaviour through whole requests is tested with what it
protects: readiness and database faults in test_production.py, the page limit in
test_slow_things.py."""

import pytest
from django.http import HttpResponse
from django.urls import reverse

from claims import middleware
from claims.middleware import parse_rate, too_many_requests

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("rate", "parsed"),
    [
        ("600/minute", (600, 60)),
        ("30/m", (30, 60)),
        ("5/second", (5, 1)),
        ("1000/day", (1000, 86_400)),
    ],
)
def test_rates_read_as_the_api_writes_them(rate, parsed):
    assert parse_rate(rate) == parsed


def test_over_the_limit_says_when_to_come_back_in_whole_seconds():
    response = too_many_requests(wait=12.3)
    assert response.status_code == 429
    assert response["Retry-After"] == "13"
    assert "13 seconds" in response.content.decode()
    assert too_many_requests(wait=0)["Retry-After"] == "1"  # never "come back now"


def test_an_unreachable_cache_is_not_ready_and_named(client, monkeypatch):
    # A ready process and an unreachable database: test_production.py, TestHealthChecks.
    monkeypatch.setattr(middleware.caching, "cache_works", lambda: False)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["cache"] == "unreachable"
    assert response.json()["database"] == "ok"


def test_log_in_pages_are_never_stored_in_either_language(client):
    for url in ("/accounts/login/", "/uk/accounts/login/"):
        assert "no-store" in client.get(url)["Cache-Control"], url


@pytest.mark.parametrize(
    "path", ["/review/", "/account/", "/claims/new/", "/places/", reverse("password_change")]
)
def test_pages_for_a_logged_in_editor_are_never_stored(client, editor, path):
    client.force_login(editor)
    response = client.get(path)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_the_login_page_is_never_stored_but_public_pages_may_be(client):
    assert "no-store" in client.get(reverse("login"))["Cache-Control"]
    assert "no-store" not in client.get("/places/").get("Cache-Control", "")


class TestContentSecurityPolicy:
    """The policy built once per process is the one django-csp builds for each response."""

    @pytest.mark.parametrize("url", ["/", "/api/v1/claims/", "/places/", "/nowhere/"])
    def test_headers_are_django_csps_own(self, client, url, rf):
        from csp.middleware import CSPMiddleware

        response = client.get(url)
        theirs = CSPMiddleware(lambda request: None)
        request = rf.get(url)
        theirs.process_request(request)
        expected = theirs.process_response(request, HttpResponse())
        assert response["Content-Security-Policy"] == expected["Content-Security-Policy"]

    def test_a_changed_setting_changes_the_policy(self, client, settings):
        settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
        assert client.get("/api/v1/")["Content-Security-Policy"] == "default-src 'none'"

    def test_a_view_with_a_policy_of_its_own_keeps_it(self, rf):
        from csp.decorators import csp_replace

        policy = middleware.ContentSecurityPolicyMiddleware(
            csp_replace({"frame-ancestors": ["*"]})(lambda request: HttpResponse())
        )
        response = policy(rf.get("/embed/"))
        assert "frame-ancestors *" in response["Content-Security-Policy"]

    def test_a_nonce_asked_for_is_in_the_policy(self, rf, settings):
        from csp.constants import NONCE

        settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": [NONCE]}}

        def view(request):
            return HttpResponse(str(request.csp_nonce))

        response = middleware.ContentSecurityPolicyMiddleware(view)(rf.get("/"))
        nonce = response.content.decode()
        assert f"script-src 'nonce-{nonce}'" in response["Content-Security-Policy"]


def test_api_requests_leave_a_waiting_message_for_the_next_page(rf):
    from django.contrib.messages import get_messages

    seen = {}

    def view(request):
        seen[request.path] = hasattr(request, "_messages")
        return HttpResponse()

    messages = middleware.SiteMessageMiddleware(view)
    for path in ("/api/v1/claims/", "/claims/"):
        request = rf.get(path)
        request.session = {}
        messages(request)
        assert list(get_messages(request)) == []
    assert seen == {"/api/v1/claims/": False, "/claims/": True}
