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
marked ``X-Cache: stale``, for at most STALE_SECONDS after the write (:func:`remake`).
"""

import functools
import hashlib
import logging
import math
import time
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

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


def anonymous_page(view=None, *, scope=None, parameters=()):
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
        return functools.partial(anonymous_page, scope=scope, parameters=parameters)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.PAGE_CACHE_SECONDS
        personal = request.user.is_authenticated or len(messages.get_messages(request)) > 0
        if not seconds or personal or request.htmx:
            return view(request, *args, **kwargs)
        stamp = scope(request, kwargs) if scope else global_stamp()
        key = version_key("page", request, stamp.text)
        cached, state = read_copy(key, stamp, request, seconds, parameters), "hit"
        if cached is None:
            cached, state = remake(
                key,
                version_key("page-latest", request, ""),
                lambda: view(request, *args, **kwargs),
                keep=_page_copy,
                seconds=seconds,
                request=request,
                stamp=stamp,
                parameters=parameters,
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


def read_copy(key: str, stamp: Stamp, request, seconds: int, parameters=()):
    """The copy under ``key``, in one round trip; a hit on a place's copy renews its address
    for the worker (:func:`renew`)."""
    if stamp.place is None:
        return read(key)
    found = read_many([key, renewed_key(key)])
    cached = found.get(key)
    if cached is not None and renewed_key(key) not in found:
        renew(key, stamp.place, request, seconds, parameters)
    return cached


# Longer than any page takes to make; if the request making it dies, others wait no longer.
REMAKE_LOCK_SECONDS = 10
# After a write, readers of the place get the copy made at the version the write replaced while
# the worker makes the new one, for at most this long after the write (the lifetime of the
# marker :func:`mark_due` leaves); past it, or for a copy of any other version, a reader's
# request makes the copy, as it would with no worker at all. Copies that span places (no due
# marker) are served while another request makes the new one only if made at most this long ago.
STALE_SECONDS = 10
# A place's addresses the worker remakes after a write: its page, card, feed and API answers in
# the languages readers asked for, and a few variants (a date on the page, a page size).
WANTED_PER_PLACE = 24
# The parameter that names the place in a list of its rows: an address with it alone is as
# much the place's own as one without a query.
PLACE_PARAMETERS = frozenset({"place"})


@dataclass(frozen=True)
class Previous:
    """The newest copy of an address (kept apart from its versioned key), when it was made,
    and the version of the place it was made at (None for copies that span places)."""

    copy: object
    made_at: float
    version: int | None = None


def remake(
    key: str,
    latest: str,
    make,
    *,
    keep,
    seconds: int,
    request=None,
    stamp=None,
    parameters=frozenset(),
):
    """The answer for a copy missing from the cache, and whether it is a ``miss`` (made now) or
    ``stale`` (the copy before the last write, while another request or the worker makes the
    new one).

    ``latest`` keys the newest copy of the same address (per language and audience, as the
    caller builds it), kept apart from the versioned ``key``; ``keep`` turns what ``make``
    returns into the copy to store, or None to store nothing. The lock is one ``add``: a reader
    never waits on it, and a cache outage lets every request make its own copy, as before.

    Given the reader's ``request`` and a ``stamp`` of one place, the address is remembered for
    the worker to remake after the place's next writes (:func:`wanted`; only if its query has
    no parameter but ``parameters``, those the view takes). After a write the
    worker is to remake it for (:func:`mark_due`), for STALE_SECONDS, the reader gets the copy
    made at the version that write replaced, however long ago it was made, and never an older
    one. After a write the worker is not to remake it for, so does a reader while another
    request holds the lock and makes it; otherwise the reader makes it, even while another is.
    The worker's own requests (:func:`off_path`) always make the copy unless another request
    is making it.
    """
    worker = request is not None and off_path(request)
    place = stamp.place if not worker and stamp is not None else None
    version = stamp.version if stamp is not None else None
    replaced = None
    if place is not None:
        due = _due_key(place, stamp.version)
        found = read_many([due, latest])
        replaced = _replaced_copy(found.get(latest), found.get(due))
        if replaced is not None and found[due][1]:
            _want(place, request, seconds, parameters)
            return replaced, "stale"
    lock = f"remake:{key}"
    held = add(lock, 1, REMAKE_LOCK_SECONDS)
    if not held:
        if place is not None:
            previous = replaced
        else:
            # No marker says which version a write replaced: a copy made lately is at most
            # that old. The worker's answer is thrown away, so it takes any.
            previous = _copy(read(latest), None if worker else STALE_SECONDS)
        if previous is not None:
            if place is not None:
                _want(place, request, seconds, parameters)
            return previous, "stale"
    try:
        made = make()
        copy = keep(made)
        if copy is not None:
            store(key, copy, seconds)
            store(latest, Previous(copy, time.time(), version), seconds)
            if place is not None:
                _want(place, request, seconds, parameters)
    finally:
        if held:
            forget(lock)
    return made, "miss"


def _replaced_copy(previous, due):
    """The copy in ``previous`` if ``due`` (see :func:`mark_due`) says the write being remade
    replaced the version it was made at."""
    if not isinstance(previous, Previous) or not isinstance(due, tuple) or len(due) != 2:
        return None
    return previous.copy if getattr(previous, "version", -1) == due[0] else None


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


def renewed_key(key: str) -> str:
    """Present while a hit on the copy under ``key`` has lately renewed its address
    (:func:`renew`)."""
    return f"remake-renewed:{key}"


def renew(key: str, place: int, request, seconds: int, parameters=frozenset()) -> None:
    """After a hit on the copy under ``key`` whose :func:`renewed_key` the same read found
    missing: remember its address again, at most once per half of ``seconds`` (one ``add``),
    so that an address read only from the cache stays wanted for the next write."""
    if off_path(request) or request.user.is_authenticated:
        return
    if add(renewed_key(key), 1, max(seconds // 2, 1)):
        _want(place, request, seconds, parameters)


def _want(place: int, request, seconds: int, parameters=frozenset()) -> None:
    """Remember for ``seconds`` (as long as its copies are kept) that readers ask for this
    address of ``place`` in the active language, so that the worker remakes it after writes.

    Addresses with a parameter the view does not take (``parameters``), or a cursor, are
    one-offs and never remembered. Of at most WANTED_PER_PLACE, those with no parameter but the
    place's are kept ahead of the others (a date, a page size), then the most recently asked.
    Reads renew it (:func:`renew`), never the worker's remakes: an address nobody asked for
    again is forgotten, and the first reader after that makes it in the request. A lost update
    (two processes at once) only means that.
    """
    if set(request.GET) - set(parameters):
        return
    address = (
        request.build_absolute_uri(),
        translation.get_language(),
        # The worker must call the view under the prefix the reader's server mounted it at.
        request.path.removesuffix(request.path_info),
    )
    key, now = _wanted_key(place), time.time()
    wanted = read(key)
    wanted = wanted if isinstance(wanted, dict) else {}
    if wanted.get(address, 0) > now + seconds / 2:
        return  # renewed lately: spare the write
    wanted = {known: until for known, until in wanted.items() if until > now}
    wanted[address] = now + seconds
    ranked = sorted(wanted.items(), key=lambda item: (_variant(item[0][0]), -item[1]))
    kept = dict(ranked[:WANTED_PER_PLACE])
    store(key, kept, math.ceil(max(kept.values()) - now))


def _variant(url: str) -> bool:
    """Whether ``url`` asks for more than the place (a date, a page size)."""
    return bool(set(parse_qs(urlsplit(url).query, keep_blank_values=True)) - PLACE_PARAMETERS)


def wanted(place_ids) -> dict[int, list[tuple[str, str, str]]]:
    """The addresses (absolute URL, language, script name) of each of these places that readers
    asked for lately, for the places that have any, the place asked for most recently first;
    one round trip."""
    keys = {_wanted_key(place): place for place in place_ids}
    now = time.time()
    found = []
    for key, addresses in read_many(list(keys)).items():
        if not isinstance(addresses, dict):
            continue
        current = {a: until for a, until in addresses.items() if until > now and len(a) == 3}
        if current:
            found.append((max(current.values()), keys[key], list(current)))
    return {place: addresses for _, place, addresses in sorted(found, reverse=True)}


def _due_key(place: int, version: int | None) -> str:
    return f"remake-due:{place}:{version}"


def mark_due(changes: dict[int, tuple[int | None, int]], scheduled) -> None:
    """Say, for STALE_SECONDS, which version a write replaced of each place in ``changes``
    (place: the version the write replaced, and the version it made), and whether the worker
    is to remake its copies (the places in ``scheduled``): readers of those get the copies
    made at the replaced versions meanwhile, readers of the others only while one request
    makes the new copy (:func:`remake`)."""
    store_many(
        {
            _due_key(place, made): (replaced, place in scheduled)
            for place, (replaced, made) in changes.items()
        },
        STALE_SECONDS,
    )


def forget(key: str) -> None:
    try:
        cache.delete(key)
    except Exception:
        log.warning("cache unavailable: delete %s", key, exc_info=True)
