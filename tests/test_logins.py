"""Logging in (claims.logins): the lockout, a correct password, the session cookie, logging out."""

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


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
