"""manage.py api_token: create, list and revoke a user's API tokens from the shell. How tokens
are stored is in tests/services/test_accounts.py, an expired one refused in
tests/api/test_views.py."""

import pytest
from django.core.management import CommandError, call_command
from knox.models import AuthToken

from claims import services
from claims.services.accounts import MAX_TOKEN_DAYS

pytestmark = pytest.mark.django_db


def test_the_command_creates_lists_and_revokes(editor, capsys):
    call_command("api_token", "create", "editor", "--days", "10")
    token = capsys.readouterr().out.strip()
    record = AuthToken.objects.get(user=editor)
    assert token.startswith(record.token_key)
    call_command("api_token", "list", "editor")
    assert record.token_key in capsys.readouterr().out
    call_command("api_token", "revoke", "editor", "--all")
    assert not AuthToken.objects.filter(user=editor).exists()


def test_create_prints_only_the_token_on_stdout_and_the_expiry_on_stderr(editor, capsys):
    call_command("api_token", "create", "editor", "--days", "10")
    out, err = capsys.readouterr()
    assert len(out.strip().split()) == 1
    record = AuthToken.objects.get(user=editor)
    assert f"Expires {record.expiry:%Y-%m-%d %H:%M} UTC; shown only now." in err


def test_a_token_lasts_ninety_days_unless_told(editor, capsys):
    call_command("api_token", "create", "editor")
    record = AuthToken.objects.get(user=editor)
    assert (record.expiry - record.created).days in (89, 90)


@pytest.mark.parametrize("days", ["0", str(MAX_TOKEN_DAYS + 1), "-5"])
def test_a_lifetime_out_of_range_is_a_command_error_and_makes_nothing(editor, days):
    with pytest.raises(CommandError, match=f"from 1 to {MAX_TOKEN_DAYS} days"):
        call_command("api_token", "create", "editor", "--days", days)
    assert not AuthToken.objects.exists()


@pytest.mark.parametrize("action", ["create", "list", "revoke"])
def test_an_unknown_account_is_named_in_the_error(db, action):
    with pytest.raises(CommandError, match="No account named 'nobody'"):
        call_command("api_token", action, "nobody")


def test_list_shows_only_that_accounts_tokens_oldest_first(editor, second_editor, capsys):
    first, _ = services.api_token_create(user=editor, days=5)
    second, _ = services.api_token_create(user=editor, days=30)
    services.api_token_create(user=second_editor, days=5)
    call_command("api_token", "list", "editor")
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[0] for line in lines] == [first.token_key, second.token_key]
    assert lines[0].endswith(f"expires {first.expiry:%Y-%m-%d}")


def test_list_of_an_account_without_tokens_prints_nothing(editor, capsys):
    call_command("api_token", "list", "editor")
    assert capsys.readouterr().out == ""


def test_revoking_one_token_keeps_the_others(editor, capsys):
    gone, _ = services.api_token_create(user=editor, days=5)
    kept, _ = services.api_token_create(user=editor, days=5)
    call_command("api_token", "revoke", "editor", gone.token_key)
    assert capsys.readouterr().out.strip() == "Revoked."
    assert list(AuthToken.objects.values_list("pk", flat=True)) == [kept.pk]


def test_another_accounts_token_cannot_be_revoked_by_naming_it(editor, second_editor):
    theirs, _ = services.api_token_create(user=second_editor, days=5)
    with pytest.raises(CommandError, match="No such token for this account"):
        call_command("api_token", "revoke", "editor", theirs.token_key)
    assert AuthToken.objects.filter(pk=theirs.pk).exists()


def test_revoke_needs_a_token_or_all(editor):
    services.api_token_create(user=editor, days=5)
    with pytest.raises(CommandError, match="Name the token to revoke, or use --all"):
        call_command("api_token", "revoke", "editor")
    assert AuthToken.objects.count() == 1


def test_revoking_all_says_how_many_and_leaves_other_accounts_alone(editor, second_editor, capsys):
    for _ in range(2):
        services.api_token_create(user=editor, days=5)
    theirs, _ = services.api_token_create(user=second_editor, days=5)
    call_command("api_token", "revoke", "editor", "--all")
    assert capsys.readouterr().out.strip() == "Revoked 2 token(s)."
    assert list(AuthToken.objects.values_list("pk", flat=True)) == [theirs.pk]


def test_an_action_is_required(editor):
    with pytest.raises(CommandError):
        call_command("api_token")


def test_an_inactive_account_gets_no_token_and_a_command_error(editor):
    editor.is_active = False
    editor.save()
    with pytest.raises(CommandError, match="Only active accounts can have API tokens"):
        call_command("api_token", "create", editor.username)
    assert not AuthToken.objects.filter(user=editor).exists()
