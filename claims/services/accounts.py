"""Accounts and their API tokens."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext

MAX_TOKEN_DAYS = 365


@transaction.atomic
def api_token_create(*, user, days: int) -> tuple:
    """Issue an API token for ``user`` that expires after ``days``.

    Returns ``(record, token)``: only a hash of the token is stored, so this is the one moment
    its text exists; show it to the user once.
    """
    from knox.models import AuthToken

    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied(gettext("Only active accounts can have API tokens."))
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ValidationError(
            {"days": gettext("A token lasts from 1 to %(days)s days.") % {"days": MAX_TOKEN_DAYS}}
        )
    return AuthToken.objects.create(user=user, expiry=timedelta(days=days))


@transaction.atomic
def api_token_revoke(*, user, token_key: str) -> int:
    """Revoke ``user``'s token whose key (its first characters) is ``token_key``."""
    from knox.models import AuthToken

    deleted, _ = AuthToken.objects.filter(user=user, token_key=token_key).delete()
    return deleted


@transaction.atomic
def account_password_set(*, user, password: str | None) -> int:
    """Give ``user`` a new password (None: none that works) and revoke every API token of
    theirs; the number revoked.

    A new password usually means the old one may be known to someone else, who could have made
    tokens with it: those must stop working with it.
    """
    from knox.models import AuthToken

    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save(update_fields=["password"])
    revoked, _ = AuthToken.objects.filter(user=user).delete()
    return revoked
