"""The shared cache, used so that an outage of it degrades service instead of failing it.

Rate limits, cached API bodies and cached pages are optimisations and guards; if the cache
(Redis) is unreachable, requests go on without them and the failure is logged.
"""

import functools
import logging
import pickle

import redis
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.base import default_key_func
from django.core.cache.backends.redis import RedisCache

log = logging.getLogger(__name__)


def read(key: str):
    try:
        return cache.get(key)
    except Exception:  # the cache backend's own connection errors vary by backend
        log.warning("cache unavailable: get %s", key, exc_info=True)
        return None


def read_many(keys: list[str], *, what: str | None = None) -> dict:
    """What the cache holds of ``keys``, in one round trip; nothing if the cache is down (logged
    as ``what``, else the keys).

    On Redis, one MGET through the connection the counters keep (:func:`_redis_client`), and
    the keys are not checked for memcached: these are keys this code builds (ASCII, no spaces),
    and checking them, with a new client for each call, was most of what reading a place page's
    hundred claim cards cost."""
    try:
        backend = caches[DEFAULT_CACHE_ALIAS]  # ``cache`` is a proxy to it
        if not isinstance(backend, RedisCache):
            return cache.get_many(keys)
        if backend.key_func is default_key_func:
            # What make_key makes, without a call for each of a place page's hundred cards.
            head = f"{backend.key_prefix}:{backend.version}:"
            full = [head + key for key in keys]
        else:
            full = [backend.make_key(key) for key in keys]
        client = _redis_client(backend._cache)
        try:
            found = client.mget(full)
        except redis.ConnectionError:
            # The client's connection was dropped (a restart of Redis): it connects again.
            found = client.mget(full)
        loads = backend._cache._serializer.loads
        return {
            key: pickle.loads(value) if value[:1] == PICKLED else loads(value)
            for key, value in zip(keys, found, strict=True)
            if value is not None
        }
    except Exception:
        log.warning("cache unavailable: get %s", what or ", ".join(keys), exc_info=True)
        return {}


# How every pickle Django's Redis serializer writes begins (protocol 2 or later); anything else
# is an integer it stored as digits.
PICKLED = pickle.PROTO


def store(key: str, value, timeout: int) -> None:
    try:
        cache.set(key, value, timeout)
    except Exception:
        log.warning("cache unavailable: set %s", key, exc_info=True)


def store_many(values: dict, timeout: int) -> None:
    try:
        cache.set_many(values, timeout)
    except Exception:
        log.warning("cache unavailable: set %s", ", ".join(values), exc_info=True)


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
        backend = caches[DEFAULT_CACHE_ALIAS]  # ``cache`` is a proxy to it
        if isinstance(backend, RedisCache):
            # Django's incr asks whether the key exists first: two round trips on every request
            # that a rate limit counts. INCR creates the key; only the window's first request
            # sets its lifetime.
            full = backend.make_and_validate_key(key)
            client = _redis_client(backend._cache)
            try:
                seen = client.incr(full)
            except redis.ConnectionError:
                # The client's connection was dropped (a restart of Redis): it connects again.
                seen = client.incr(full)
            if seen == 1:
                client.expire(full, timeout)
            return seen
        try:
            return cache.incr(key)
        except ValueError:
            # The window's first request; another process may have just created it too.
            return 1 if cache.add(key, 1, timeout=timeout) else cache.incr(key)
    except Exception:
        log.warning("cache unavailable: count %s", key, exc_info=True)
        return None


@functools.cache
def _redis_client(redis_cache):
    # Django's Redis cache makes a new client (and its table of ~170 reply parsers) for every
    # command: 5% of the CPU of an uncached API request. One per backend object (Django keeps
    # one per thread) keeps one connection of the backend's pool for itself: taking one from
    # the pool and giving it back was 40% of the Python calls of a count.
    pool = redis_cache.get_client(write=True).connection_pool
    return redis.Redis(connection_pool=pool, single_connection_client=True)


def cache_works() -> bool:
    try:
        cache.set("readyz", 1, 5)
        return cache.get("readyz") == 1
    except Exception:
        return False


def forget(key: str) -> None:
    try:
        cache.delete(key)
    except Exception:
        log.warning("cache unavailable: delete %s", key, exc_info=True)
