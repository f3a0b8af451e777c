"""The shared cache, used so that an outage of it degrades service instead of failing it.

Rate limits, cached API bodies and cached pages are optimisations and guards; if the cache
(Redis) is unreachable, requests go on without them and the failure is logged.

Cached copies are keyed on a version that every write bumps in its own transaction: a copy can
never outlive the data it was made from, so no invalidation is needed and the timeout only
bounds how long unused copies occupy the cache. What concerns one place (its page, its card, its
feed, its API answers) is keyed on that place's version (:class:`claims.models.PlaceVersion`),
which moves only with writes that change what the place shows, so a write about one place leaves
every other place's copies warm; everything that spans places is keyed on the global version.

After a write, the copies of what it touched that readers asked for are remade off the request
path by a worker (:mod:`claims.remakes`); until then readers get the copy before the write,
marked ``X-Cache: stale``, if it is recent (:func:`remake`).
"""

import functools
import hashlib
import logging
import math
import time
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from claims import selectors

log = logging.getLogger(__name__)


def read(key: str):
    try:
        return cache.get(key)
    except Exception:  # the cache backend's own connection errors vary by backend
        log.warning("cache unavailable: get %s", key, exc_info=True)
        return None


def read_many(keys: list[str]) -> dict:
    """What the cache holds of ``keys``, in one round trip; nothing if the cache is down."""
    try:
        return cache.get_many(keys)
    except Exception:
        log.warning("cache unavailable: get %s", ", ".join(keys), exc_info=True)
        return {}


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
    # one per thread) borrows connections from the backend's pool and holds none of its own.
    return redis_cache.get_client(write=True)


def cache_works() -> bool:
    try:
        cache.set("readyz", 1, 5)
        return cache.get("readyz") == 1
    except Exception:
        return False


@dataclass(frozen=True)
class Stamp:
    """Names the state of the data an answer is made from (cache keys, ETags), and when it
    last changed (Last-Modified)."""

    text: str
    changed_at: datetime
    # For the state of one place: which place, and the number of the write that made it.
    place: int | None = None
    version: int | None = None


def global_stamp() -> Stamp:
    """The whole database's state: for answers that span places."""
    version = selectors.data_version()
    return Stamp(version.stamp, version.changed_at)


def place_stamp(slug: str) -> Stamp:
    """The state of what the place called ``slug`` shows; the global state when there is no
    such place (a 404 is never kept) or it was never stamped. One query either way, or two on
    that fallback.

    The version is read from the same database as the answer, before it, so on a lagging
    replica a copy is keyed on the replica's (older) version and the data it holds is at least
    that new: never a newer key over older data.
    """
    version = selectors.place_version(slug)
    if version is None:
        return global_stamp()
    return Stamp(
        f"place {version.place_id}: {version.stamp}",
        version.changed_at,
        place=version.place_id,
        version=version.version,
    )


def by_place(request, kwargs) -> Stamp:
    """The scope of pages about the place in the URL (``slug``)."""
    return place_stamp(kwargs["slug"])


def version_key(prefix: str, request, stamp: str) -> str:
    """A key for what ``request`` gets in the state of the data that ``stamp`` names.

    The absolute URL is part of it because bodies contain absolute links; the active language,
    because the same API address answers in the words of each reader's Accept-Language.
    """
    url = request.build_absolute_uri()
    language = translation.get_language()
    digest = hashlib.blake2b(f"{stamp}|{language}|{url}".encode(), digest_size=16).hexdigest()
    return f"{prefix}:{digest}"


def mark(response, *, hit: bool) -> None:
    """Say whether the answer came from the cache (``X-Cache: hit`` or ``miss``; a page may
    also say ``stale``, see :func:`anonymous_page`): how `make bench` counts its hit ratio, and
    a quick check for anyone asking why a page is slow."""
    response["X-Cache"] = "hit" if hit else "miss"


def anonymous_page(view=None, *, scope=None):
    """Serve readers who are not logged in a copy of the page made since the last write that
    changed it: any write, or with ``scope`` (e.g. :func:`by_place`), the last one that changed
    the ``Stamp`` it returns for the request and the view's keyword arguments.

    A logged-in reader, or one with a flash message waiting, always gets a fresh page: it may
    show an account, permissions or a message meant for that reader alone. So do htmx fragment
    requests. A cookie alone proves neither: anyone can send ``sessionid=x`` (a session is
    looked up, one query, only when such a cookie comes), and made-up cookies must not turn
    every request into a full page build. Only 200 answers are kept. PAGE_CACHE_SECONDS=0
    turns it off.

    After a write, a page about one place is remade by the worker, other pages by one request
    at a time (:func:`remake`); readers who ask meanwhile get the copy it replaces
    (``X-Cache: stale``), so a crowd on a page just written about never remakes it several
    times at once.
    """
    if view is None:
        return functools.partial(anonymous_page, scope=scope)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.PAGE_CACHE_SECONDS
        personal = request.user.is_authenticated or len(messages.get_messages(request)) > 0
        if not seconds or personal or request.htmx:
            return view(request, *args, **kwargs)
        stamp = scope(request, kwargs) if scope else global_stamp()
        key = version_key("page", request, stamp.text)
        cached, state = read(key), "hit"
        if cached is None:
            cached, state = remake(
                key,
                version_key("page-latest", request, ""),
                lambda: view(request, *args, **kwargs),
                keep=_page_copy,
                seconds=seconds,
                request=request,
                stamp=stamp,
            )
        if isinstance(cached, HttpResponse):
            response = cached
        else:
            content, content_type = cached
            response = HttpResponse(content, content_type=content_type)
        response["X-Cache"] = state
        # Shared caches downstream must keep logged-in readers and fragments apart too.
        patch_vary_headers(response, ("Cookie", "HX-Request"))
        return response

    return wrapper


# Longer than any page takes to make; if the request making it dies, others wait no longer.
REMAKE_LOCK_SECONDS = 10
# After a write, readers of the place get the copy before it while the worker makes the new
# one, if that copy was made at most this long ago and the write was at most this long ago; past
# either, a reader's request makes it, as it would with no worker at all.
STALE_SECONDS = 10
# A place's addresses the worker remakes after a write: its page, card, feed and API answers in
# the languages readers asked for, and a few variants (a date on the page, a page size).
WANTED_PER_PLACE = 24


@dataclass(frozen=True)
class Previous:
    """The newest copy of an address (kept apart from its versioned key), and when it was made."""

    copy: object
    made_at: float


def remake(key: str, latest: str, make, *, keep, seconds: int, request=None, stamp=None):
    """The answer for a copy missing from the cache, and whether it is a ``miss`` (made now) or
    ``stale`` (the copy before the last write, while another request or the worker makes the
    new one).

    ``latest`` keys the newest copy of the same address (per language and audience, as the
    caller builds it), kept apart from the versioned ``key``; ``keep`` turns what ``make``
    returns into the copy to store, or None to store nothing. The lock is one ``add``: a reader
    never waits on it, and a cache outage lets every request make its own copy, as before.

    Given the reader's ``request`` and a ``stamp`` of one place, the address is remembered for
    the worker to remake after the place's next writes (:func:`wanted`); and after a write the
    worker is to remake it for (:func:`mark_due`), the reader gets the copy before the write
    without waiting for the lock, if that copy is at most STALE_SECONDS old. The worker's own
    requests (:func:`off_path`) always make the copy unless another request is making it.
    """
    reader = request is not None and not off_path(request)
    place = stamp.place if reader and stamp is not None else None
    if place is not None:
        due = _due_key(place, stamp.version)
        found = read_many([due, latest])
        previous = _copy(found.get(latest), STALE_SECONDS) if due in found else None
        if previous is not None:
            _want(place, request, seconds)
            return previous, "stale"
    lock = f"remake:{key}"
    held = add(lock, 1, REMAKE_LOCK_SECONDS)
    if not held:
        previous = _copy(read(latest))
        if previous is not None:
            if place is not None:
                _want(place, request, seconds)
            return previous, "stale"
    try:
        made = make()
        copy = keep(made)
        if copy is not None:
            store(key, copy, seconds)
            store(latest, Previous(copy, time.time()), seconds)
            if place is not None:
                _want(place, request, seconds)
    finally:
        if held:
            forget(lock)
    return made, "miss"


def _copy(previous, max_age: float | None = None):
    if not isinstance(previous, Previous):
        return None
    if max_age is not None and time.time() - previous.made_at > max_age:
        return None
    return previous.copy


def _page_copy(response):
    if response.status_code == 200 and not response.streaming:
        return (response.content, response["Content-Type"])
    return None


def off_path(request) -> bool:
    """Whether ``request`` is the worker's, remaking a copy after a write
    (:mod:`claims.remakes`), rather than a reader's."""
    return getattr(request, "remade_off_path", False)


def _wanted_key(place: int) -> str:
    return f"remake-wanted:{place}"


def _want(place: int, request, seconds: int) -> None:
    """Remember for ``seconds`` (as long as its copies are kept) that readers ask for this
    address of ``place`` in the active language, so that the worker remakes it after writes.

    Only a reader's miss or stale copy renews it, never a hit (which costs no write) nor the
    worker's remake: an address nobody asked for again is forgotten, and the first reader after
    that makes it in the request. A lost update (two processes at once) only means that.
    """
    address = (request.build_absolute_uri(), translation.get_language())
    key, now = _wanted_key(place), time.time()
    wanted = read(key)
    wanted = wanted if isinstance(wanted, dict) else {}
    if wanted.get(address, 0) > now + seconds / 2:
        return  # renewed lately: spare the write
    wanted = {known: until for known, until in wanted.items() if until > now}
    wanted[address] = now + seconds
    kept = dict(sorted(wanted.items(), key=lambda item: item[1])[-WANTED_PER_PLACE:])
    store(key, kept, math.ceil(max(kept.values()) - now))


def wanted(place_ids) -> dict[int, list[tuple[str, str]]]:
    """The addresses (absolute URL, language) of each of these places that readers asked for
    lately, for the places that have any; one round trip."""
    keys = {_wanted_key(place): place for place in place_ids}
    now = time.time()
    found = {}
    for key, addresses in read_many(list(keys)).items():
        if not isinstance(addresses, dict):
            continue
        current = [address for address, until in addresses.items() if until > now]
        if current:
            found[keys[key]] = current
    return found


def _due_key(place: int, version: int | None) -> str:
    return f"remake-due:{place}:{version}"


def mark_due(place_ids, version: int) -> None:
    """Say, for STALE_SECONDS, that the worker is to remake these places' copies after the write
    numbered ``version``: their readers get the previous copies meanwhile (:func:`remake`)."""
    store_many({_due_key(place, version): True for place in place_ids}, STALE_SECONDS)


def forget(key: str) -> None:
    try:
        cache.delete(key)
    except Exception:
        log.warning("cache unavailable: delete %s", key, exc_info=True)
