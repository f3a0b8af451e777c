"""Logging in (claims.logins): the lockout, which an outsider cannot turn against an editor
behind a proxy or from many addresses, a correct password, the session cookie, logging out."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from claims import logins

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
LOGIN = "/accounts/login/"


class TestLogins:
    def test_password_guessing_is_throttled(self, client, editor, settings):
        url = reverse("login")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(url, {"username": "editor", "password": "wrong guess"})
        locked = client.post(url, {"username": "editor", "password": "correct horse battery"})
        assert locked.status_code == 429
        assert "Too many failed log-ins" in locked.text
        assert "_auth_user_id" not in client.session

    def test_a_locked_out_account_keeps_its_api_token_and_an_admin_can_unlock_it(
        self, client, editor, settings, token_for
    ):
        api = token_for(editor)
        url = reverse("login")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(url, {"username": "editor", "password": "wrong guess"})
        password = {"username": "editor", "password": "correct horse battery"}
        assert client.post(url, password).status_code == 429
        assert api.get("/api/v1/claims/").status_code == 200
        assert api.post("/api/v1/claims/", {}, format="json").status_code == 400  # not 401/403
        call_command("axes_reset_username", "editor")
        assert client.post(url, password).status_code == 302

    def test_a_correct_password_logs_in(self, client, editor):
        response = client.post(
            reverse("login"), {"username": "editor", "password": "correct horse battery"}
        )
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(editor.pk)

    def test_session_cookies_are_http_only_and_secure_without_debug(self, client, editor):
        response = client.post(
            reverse("login"), {"username": "editor", "password": "correct horse battery"}
        )
        cookie = response.cookies["sessionid"]
        assert cookie["httponly"] is True
        assert cookie["secure"] is True

    def test_logout_is_a_post(self, client, editor):
        client.force_login(editor)
        assert client.get(reverse("logout")).status_code == 405
        assert client.post(reverse("logout")).status_code == 302


def guess(client, address, password="wrong guess", **extra):
    return client.post(
        LOGIN, {"username": "editor", "password": password}, REMOTE_ADDR=address, **extra
    )


def test_behind_a_proxy_the_lockout_counts_the_address_the_proxy_saw(client, editor, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy = "10.0.0.2"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        guess(client, proxy, HTTP_X_FORWARDED_FOR="203.0.113.5")
    locked = guess(client, proxy, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert locked.status_code == 429
    # The editor, behind the same proxy, is not locked out by someone else's guesses; and a
    # forwarded address the guesser made up in front of the real one changes nothing.
    assert guess(client, proxy, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.9").status_code == 302
    spoofed = guess(client, proxy, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.9, 203.0.113.5")
    assert spoofed.status_code == 429


def test_guessing_from_many_addresses_slows_the_account_down_but_never_locks_it(
    client, editor, settings
):
    settings.LOGIN_USERNAME_FAILURE_LIMIT = 3
    for n in range(3):
        guess(client, f"203.0.113.{n}")
    cache.delete(logins._key("pace", "editor"))
    # Past the per-username limit one attempt goes through every LOGIN_SLOWDOWN_SECONDS ...
    assert guess(client, "203.0.113.50").status_code == 200
    slowed = guess(client, "198.51.100.9", PASSWORD)
    assert slowed.status_code == 200
    assert "one attempt every 10 seconds" in slowed.text
    assert "_auth_user_id" not in client.session
    # ... and once that time has passed, the right password still logs in.
    cache.delete(logins._key("pace", "editor"))
    assert guess(client, "198.51.100.9", PASSWORD).status_code == 302
