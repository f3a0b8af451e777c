"""Log-ins: a lockout per account *and* address, and a slower pace per account.

django-axes locks a username for one client address after AXES_FAILURE_LIMIT wrong passwords
(addresses as claims.clients sees them), so a guesser locks only themselves out. Guessing one
account's password from many addresses is met by a second, higher count per username
(LOGIN_USERNAME_FAILURE_LIMIT in the lockout's cool-off time): past it, that username gets one
attempt every LOGIN_SLOWDOWN_SECONDS from anywhere. That slows a distributed guess to a crawl and
never locks the editor out: they wait a few seconds and try again.
"""

import hashlib
import time

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from claims import caching


def _key(prefix: str, username: str) -> str:
    digest = hashlib.blake2b(username.casefold().encode(), digest_size=16).hexdigest()
    return f"login-{prefix}:{digest}"


def _window() -> int:
    return int(time.time() // _window_seconds())


def _window_seconds() -> int:
    return max(int(settings.AXES_COOLOFF_TIME * 3600), 60)


def failures(username: str) -> int:
    """Wrong passwords for ``username`` from every address in the current window."""
    return caching.read(f"{_key('failures', username)}:{_window()}") or 0


def record_failure(username: str) -> None:
    caching.count(f"{_key('failures', username)}:{_window()}", timeout=_window_seconds())


def under_attack(username: str) -> bool:
    return failures(username) >= settings.LOGIN_USERNAME_FAILURE_LIMIT


def must_wait(username: str) -> bool:
    """Whether this attempt comes too soon after another at an account being guessed at."""
    if not under_attack(username):
        return False
    return not caching.add(_key("pace", username), 1, timeout=settings.LOGIN_SLOWDOWN_SECONDS)


def is_locked_out(request, username: str) -> bool:
    """Locked for this client by django-axes, or being guessed at from everywhere."""
    locked = AxesProxyHandler.is_locked(request, credentials={"username": username})
    return locked or under_attack(username)


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "slowed": (
            "Many wrong passwords were tried for this account recently, so it takes one attempt "
            "every %(seconds)d seconds. Wait a moment and try again."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if username and must_wait(username):
            raise ValidationError(
                self.error_messages["slowed"],
                code="slowed",
                params={"seconds": settings.LOGIN_SLOWDOWN_SECONDS},
            )
        try:
            return super().clean()
        except ValidationError as refused:
            if username and refused.code == "invalid_login":
                record_failure(username)
            raise
