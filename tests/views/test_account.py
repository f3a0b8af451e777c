"""The account page (claims.views.account): tokens made there, never while the account is locked
out; changing the password, on the site or in the admin, revokes every token and says so; there
is no password reset."""

import pytest
from django.urls import reverse
from knox.models import AuthToken

from claims import services

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


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
        client.post(
            reverse("login"),
            {"username": "editor", "password": "wrong guess"},
            REMOTE_ADDR="203.0.113.5",
        )
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


def test_the_account_page_creates_shows_once_and_revokes(client, editor):
    client.force_login(editor)
    created = client.post("/account/", {"days": "7"})
    token = created.context["new_token"]
    assert token and token in created.text
    assert token not in client.get("/account/").text
    record = AuthToken.objects.get(user=editor)
    client.post("/account/tokens/revoke/", {"token_key": record.token_key})
    assert not AuthToken.objects.filter(user=editor).exists()
