"""API tokens: stored hashed, expiring, made and revoked on the account page (the
command is tested in tests/management/commands/test_api_token.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from knox.models import AuthToken

from claims import services
from tests.api.answers import CLAIMS

pytestmark = pytest.mark.django_db


class TestTokens:
    def test_tokens_are_stored_hashed(self, editor):
        record, token = services.api_token_create(user=editor, days=30)
        stored = AuthToken.objects.get(pk=record.pk)
        assert token not in (stored.digest, stored.token_key)
        assert stored.expiry > timezone.now() + timedelta(days=29)

    def test_an_expired_token_is_refused(self, api_client, editor):
        record, token = services.api_token_create(user=editor, days=1)
        AuthToken.objects.filter(pk=record.pk).update(expiry=timezone.now() - timedelta(minutes=1))
        api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        assert api_client.post(CLAIMS, {}, format="json").status_code == 401

    def test_the_account_page_creates_shows_once_and_revokes(self, client, editor):
        client.force_login(editor)
        created = client.post("/account/", {"days": "7"})
        token = created.context["new_token"]
        assert token and token in created.text
        assert token not in client.get("/account/").text
        record = AuthToken.objects.get(user=editor)
        client.post("/account/tokens/revoke/", {"token_key": record.token_key})
        assert not AuthToken.objects.filter(user=editor).exists()
