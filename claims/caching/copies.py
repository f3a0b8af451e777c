"""Copies of answers, kept per data version, and remade after writes.

After a write, the copies of what it touched that readers asked for are remade off the request
path by a worker (:mod:`claims.remakes`); until then readers get the copy before the write,
marked ``X-Cache: stale``, for at most STALE_SECONDS after the write (:func:`remake`).
"""

import math
import time
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.utils import translation

from claims.caching.shared import add, forget, read, read_many, store, store_many
from claims.caching.stamps import Stamp


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
