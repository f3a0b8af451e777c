"""Accounts: a new password revokes tokens, a locked account mints none, no password reset,
lockouts that an outsider cannot turn against an editor, and private pages never stored."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from knox.models import AuthToken

from claims import logins, services

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
LOGIN = "/accounts/login/"


def guess(client, address, password="wrong guess", **extra):
    return client.post(
        LOGIN, {"username": "editor", "password": password}, REMOTE_ADDR=address, **extra
    )


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/password_reset/",
        "/accounts/password_reset/done/",
        "/accounts/reset/MQ/set-password/",
        "/accounts/reset/done/",
    ],
)
def test_there_is_no_password_reset(client, path):
    assert client.get(path).status_code == 404
    assert client.post(path, {"email": "editor@example.org"}).status_code == 404


def test_a_password_change_revokes_every_token_and_says_so(client, editor, token_for):
    api = token_for(editor)
    services.api_token_create(user=editor, days=5)
    client.force_login(editor)
    form = client.get(reverse("password_change"))
    assert "All your API tokens will be revoked" in form.text
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a new long pass phrase",
            "new_password2": "a new long pass phrase",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("account")
    assert "Password changed. Your API tokens were revoked (2)" in response.text
    assert not AuthToken.objects.filter(user=editor).exists()
    assert api.post("/api/v1/claims/", {}, format="json").status_code == 401
    # Still logged in with the new password, and only with it.
    assert client.get(reverse("account")).status_code == 200
    editor.refresh_from_db()
    assert editor.check_password("a new long pass phrase")


def test_a_wrong_old_password_changes_nothing(client, editor, token_for):
    token_for(editor)
    client.force_login(editor)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "nope",
            "new_password1": "a new long pass phrase",
            "new_password2": "a new long pass phrase",
        },
    )
    assert response.status_code == 200
    assert AuthToken.objects.filter(user=editor).count() == 1


def test_a_locked_out_account_cannot_create_tokens(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        guess(client, "203.0.113.5")
    client.force_login(editor)
    response = client.post(reverse("account"), {"days": 365}, REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 400
    assert "locked after repeated wrong passwords" in response.text
    assert not AuthToken.objects.filter(user=editor).exists()
    # From an address that guessed nothing, the editor works as usual.
    assert (
        client.post(reverse("account"), {"days": 30}, REMOTE_ADDR="198.51.100.9").status_code == 200
    )
    assert AuthToken.objects.filter(user=editor).count() == 1


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


@pytest.mark.parametrize(
    "path", ["/review/", "/account/", "/claims/new/", "/places/", reverse("password_change")]
)
def test_pages_for_a_logged_in_editor_are_never_stored(client, editor, path):
    client.force_login(editor)
    response = client.get(path)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_the_login_page_is_never_stored_but_public_pages_may_be(client):
    assert "no-store" in client.get(LOGIN)["Cache-Control"]
    assert "no-store" not in client.get("/places/").get("Cache-Control", "")


def test_a_password_an_administrator_sets_revokes_the_tokens_too(client, editor, token_for):
    from django.contrib.auth import get_user_model

    token_for(editor)
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "root pass")
    client.force_login(admin)
    response = client.post(
        f"/admin/auth/user/{editor.pk}/password/",
        {
            "usable_password": "true",
            "password1": "set by the admin 42",
            "password2": "set by the admin 42",
        },
    )
    assert response.status_code == 302, response.text[:2000]
    editor.refresh_from_db()
    assert editor.check_password("set by the admin 42")
    assert not AuthToken.objects.filter(user=editor).exists()


def test_changing_ones_own_password_in_the_admin_revokes_the_tokens_too(client, token_for):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", "root@example.org", PASSWORD)
    token_for(admin)
    client.force_login(admin)
    new = "a new long pass phrase"
    client.post(
        "/admin/password_change/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    admin.refresh_from_db()
    assert admin.check_password(new)
    assert not AuthToken.objects.filter(user=admin).exists()
