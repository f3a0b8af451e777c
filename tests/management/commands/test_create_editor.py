"""manage.py create_editor: an editor or a lead with the password from the environment."""

import io

import pytest
from django.core.management import CommandError, call_command

from claims import services
from claims.models import Actor

pytestmark = pytest.mark.django_db


class TestCreateEditor:
    def test_creates_an_editor_with_the_password_from_the_environment(self, monkeypatch, db):
        monkeypatch.setenv("CLAIMTRACKER_EDITOR_PASSWORD", "a long and unusual passphrase")
        call_command("create_editor", "maria")
        user = Actor._meta.apps.get_model("auth", "User").objects.get(username="maria")
        assert user.check_password("a long and unusual passphrase")
        assert user.has_perm(services.PERM_VERIFY)
        assert not user.has_perm(services.PERM_VERDICT)

    def test_lead_flag_grants_final_verdicts(self, monkeypatch, db):
        monkeypatch.setenv("CLAIMTRACKER_EDITOR_PASSWORD", "a long and unusual passphrase")
        call_command("create_editor", "olena", "--lead")
        user = Actor._meta.apps.get_model("auth", "User").objects.get(username="olena")
        assert user.has_perm(services.PERM_VERDICT)

    def test_weak_passwords_and_existing_names_are_refused(self, monkeypatch, db):
        monkeypatch.setenv("CLAIMTRACKER_EDITOR_PASSWORD", "password")
        with pytest.raises(CommandError, match="too common"):
            call_command("create_editor", "weak")
        monkeypatch.setenv("CLAIMTRACKER_EDITOR_PASSWORD", "a long and unusual passphrase")
        call_command("create_editor", "twice")
        with pytest.raises(CommandError, match="already exists"):
            call_command("create_editor", "twice")

    def test_without_a_terminal_it_says_how_to_give_the_password(self, monkeypatch, db):
        monkeypatch.delenv("CLAIMTRACKER_EDITOR_PASSWORD", raising=False)
        monkeypatch.setattr("sys.stdin", io.StringIO(""))
        with pytest.raises(CommandError, match="CLAIMTRACKER_EDITOR_PASSWORD") as refused:
            call_command("create_editor", "maria")
        assert "No terminal" in str(refused.value)
