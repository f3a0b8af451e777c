"""Rate limits for API clients, counted in the shared cache so they hold across processes."""

import functools
import logging

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.redis import RedisCache
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from claims import caching

log = logging.getLogger(__name__)


def count(key: str, timeout: int) -> int | None:
    """:func:`claims.caching.count`, on Redis with a client kept per process: Django's Redis
    cache makes a new client (and its table of ~170 reply parsers) for every command, 5% of the
    CPU of an uncached API request that only counts once."""
    backend = caches[DEFAULT_CACHE_ALIAS]
    if not isinstance(backend, RedisCache):
        return caching.count(key, timeout)
    try:
        full = backend.make_and_validate_key(key)
        client = _client(backend._cache)
        seen = client.incr(full)
        if seen == 1:
            client.expire(full, timeout)
        return seen
    except Exception:  # the cache backend's own connection errors vary by backend
        log.warning("cache unavailable: count %s", key, exc_info=True)
        return None


@functools.cache
def _client(redis_cache):
    # One per cache backend object (Django keeps one per thread); the client only borrows
    # connections from the backend's pool, so it holds none of its own.
    return redis_cache.get_client(write=True)


class WindowCountThrottle(SimpleRateThrottle):
    """Counts each client's requests in fixed windows with the cache's increment.

    DRF's own throttle reads and rewrites a list of every request's time in the window: its cost
    grows with the limit, and two server processes can overwrite each other's list. A counter
    costs the same at any limit and, on Redis, is incremented atomically. If the cache is down,
    requests are let through: the limit is a guard, not a reason to refuse service.
    """

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_ends = (window + 1) * self.duration
        seen = count(f"{self.key}:{window}", timeout=self.duration)
        return seen is None or seen <= self.num_requests

    def wait(self):
        return max(self.window_ends - self.now, 0)


class AnonymousRateThrottle(WindowCountThrottle, AnonRateThrottle):
    """Anonymous clients, by IP address (rate: API_THROTTLE_ANON)."""


class TokenRateThrottle(WindowCountThrottle, UserRateThrottle):
    """Authenticated clients, by account (rate: API_THROTTLE_USER); anonymous ones are left to
    the anonymous limit instead of being counted twice."""

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)
