"""The shared cache, used so that an outage of it degrades service instead of failing it.

Rate limits, cached API bodies and cached pages are optimisations and guards; if the cache
(Redis) is unreachable, requests go on without them and the failure is logged.

Cached copies are keyed on the global data version, which every write bumps in its own
transaction: a copy can never outlive the data it was made from, so no invalidation is needed
and the timeout only bounds how long unused copies occupy the cache.
"""

import functools
import hashlib
import logging

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from claims import selectors

log = logging.getLogger(__name__)


def get(key: str):
    try:
        return cache.get(key)
    except Exception:  # the cache backend's own connection errors vary by backend
        log.warning("cache unavailable: get %s", key, exc_info=True)
        return None


def set(key: str, value, timeout: int) -> None:
    try:
        cache.set(key, value, timeout)
    except Exception:
        log.warning("cache unavailable: set %s", key, exc_info=True)


def add(key: str, value, timeout: int) -> bool:
    """Store ``value`` unless ``key`` holds one; True if stored, or if the cache is down (a
    guard that fails open, like the rate limits)."""
    try:
        return cache.add(key, value, timeout)
    except Exception:
        log.warning("cache unavailable: add %s", key, exc_info=True)
        return True


def count(key: str, timeout: int) -> int | None:
    """Add one to a counter that lives ``timeout`` seconds; None if the cache is down."""
    try:
        try:
            return cache.incr(key)
        except ValueError:
            # The window's first request; another process may have just created it too.
            return 1 if cache.add(key, 1, timeout=timeout) else cache.incr(key)
    except Exception:
        log.warning("cache unavailable: count %s", key, exc_info=True)
        return None


def cache_works() -> bool:
    try:
        cache.set("readyz", 1, 5)
        return cache.get("readyz") == 1
    except Exception:
        return False


def version_key(prefix: str, request, stamp: str) -> str:
    """A key for what ``request`` gets in the state of the data that ``stamp`` names.

    The absolute URL is part of it because bodies contain absolute links; the active language,
    because the same API address answers in the words of each reader's Accept-Language.
    """
    url = request.build_absolute_uri()
    language = translation.get_language()
    digest = hashlib.blake2b(f"{stamp}|{language}|{url}".encode(), digest_size=16).hexdigest()
    return f"{prefix}:{digest}"


def anonymous_page(view):
    """Serve readers who are not logged in a copy of the page made since the last write.

    A logged-in reader, or one with a flash message waiting, always gets a fresh page: it may
    show an account, permissions or a message meant for that reader alone. So do htmx fragment
    requests. A cookie alone proves neither: anyone can send ``sessionid=x`` (a session is
    looked up, one query, only when such a cookie comes), and made-up cookies must not turn
    every request into a full page build. Only 200 answers are kept. PAGE_CACHE_SECONDS=0
    turns it off.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.PAGE_CACHE_SECONDS
        personal = request.user.is_authenticated or len(messages.get_messages(request)) > 0
        if not seconds or personal or request.htmx:
            return view(request, *args, **kwargs)
        key = version_key("page", request, selectors.data_version().stamp)
        cached = get(key)
        if cached is not None:
            content, content_type = cached
            response = HttpResponse(content, content_type=content_type)
        else:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                set(key, (response.content, response["Content-Type"]), seconds)
        # Shared caches downstream must keep logged-in readers and fragments apart too.
        patch_vary_headers(response, ("Cookie", "HX-Request"))
        return response

    return wrapper
