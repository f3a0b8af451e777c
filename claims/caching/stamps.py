"""Stamps: which state of the data an answer is made from, and the cache keys made of them.

What concerns one place (its page, its card, its feed, its API answers) is keyed on that place's
version (:class:`claims.models.PlaceVersion`), which moves only with writes that change what the
place shows, so a write about one place leaves every other place's copies warm; everything that
spans places is keyed on the global version.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.utils import translation

from claims import selectors


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
