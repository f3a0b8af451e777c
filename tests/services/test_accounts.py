"""Accounts and their API tokens (claims.services.accounts): a token only for an active account
and a lifetime the service allows, revoked only on its own account, and every one of them
revoked with a new password. The account page and the command that call these are tested in
tests/views/test_account.py and tests/management/commands/test_api_token.py."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from knox.models import AuthToken

from claims import services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("days", [0, services.MAX_TOKEN_DAYS + 1])
def test_a_lifetime_outside_the_allowed_range_is_refused_on_the_days_field(editor, days):
    with pytest.raises(ValidationError) as refused:
        services.api_token_create(user=editor, days=days)
    assert list(refused.value.message_dict) == ["days"]
    assert not AuthToken.objects.exists()


def test_an_anonymous_or_inactive_account_gets_no_token(editor):
    editor.is_active = False
    for user in (AnonymousUser(), editor):
        with pytest.raises(PermissionDenied):
            services.api_token_create(user=user, days=30)
    assert not AuthToken.objects.exists()


def test_revoking_a_key_of_another_account_revokes_nothing(editor, second_editor):
    theirs, _ = services.api_token_create(user=second_editor, days=30)
    assert services.api_token_revoke(user=editor, token_key=theirs.token_key) == 0
    assert services.api_token_revoke(user=second_editor, token_key=theirs.token_key) == 1
    assert not AuthToken.objects.exists()


def test_a_new_password_revokes_every_token_of_that_account_only(editor, second_editor):
    services.api_token_create(user=editor, days=5)
    services.api_token_create(user=editor, days=30)
    kept, _ = services.api_token_create(user=second_editor, days=30)
    assert services.account_password_set(user=editor, password="a new long pass phrase") == 2
    editor.refresh_from_db()
    assert editor.check_password("a new long pass phrase")
    assert list(AuthToken.objects.all()) == [kept]


def test_no_password_leaves_none_that_works_and_revokes_the_tokens(editor):
    services.api_token_create(user=editor, days=30)
    assert services.account_password_set(user=editor, password=None) == 1
    editor.refresh_from_db()
    assert not editor.has_usable_password()
    assert not AuthToken.objects.filter(user=editor).exists()


def test_tokens_are_stored_hashed(editor):
    record, token = services.api_token_create(user=editor, days=30)
    stored = AuthToken.objects.get(pk=record.pk)
    assert token not in (stored.digest, stored.token_key)
    assert stored.expiry > timezone.now() + timedelta(days=29)
