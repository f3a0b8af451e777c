"""Cached copies of pages and API answers, rate-limit counters and guards in the shared cache.

Cached copies are keyed on a version that every write bumps in its own transaction: a copy can
never outlive the data it was made from, so no invalidation is needed and the timeout only
bounds how long unused copies occupy the cache.

- :mod:`~claims.caching.shared`: the cache itself, whose outage degrades service, never fails it;
- :mod:`~claims.caching.stamps`: which state of the data an answer is made from, and its keys;
- :mod:`~claims.caching.copies`: copies per version, served stale and remade after writes;
- :mod:`~claims.caching.pages`: whole pages for readers who are not logged in.
"""

from claims.caching.copies import (
    STALE_SECONDS,
    WANTED_PER_PLACE,
    mark_due,
    off_path,
    read_copy,
    remake,
    wanted,
)
from claims.caching.pages import anonymous_page
from claims.caching.shared import add, cache_works, count, forget, read, read_many, store
from claims.caching.stamps import (
    Stamp,
    by_place,
    global_stamp,
    mark,
    place_stamp,
    version_key,
)

__all__ = [
    "STALE_SECONDS",
    "WANTED_PER_PLACE",
    "Stamp",
    "add",
    "anonymous_page",
    "by_place",
    "cache_works",
    "count",
    "forget",
    "global_stamp",
    "mark",
    "mark_due",
    "off_path",
    "place_stamp",
    "read",
    "read_copy",
    "read_many",
    "remake",
    "store",
    "version_key",
    "wanted",
]
