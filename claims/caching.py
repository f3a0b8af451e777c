"""The shared cache, used so that an outage of it degrades service instead of failing it.

Rate limits, cached API bodies and cached page fragments are optimisations and guards; if the
cache (Redis) is unreachable, requests go on without them and the failure is logged.
"""

import logging

from django.core.cache import cache

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


def count(key: str, timeout: int) -> int | None:
    """Add one to a counter that lives ``timeout`` seconds; None if the cache is down."""
    try:
        try:
            return cache.incr(key)
        except ValueError:
            # The first request of the window; another process may have just created it too.
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
