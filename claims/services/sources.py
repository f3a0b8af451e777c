"""Writes to sources: finding or creating one by its URL, completing its publisher and date."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from claims.choices import (
    SourceKind,
)
from claims.models import (
    Actor,
    Source,
)
from claims.services.writes import (
    PERM_ADD_SOURCE,
    PERM_VERDICT,
    _allowed,
    _begin_write,
    _checked,
    _require,
    _save,
    _saved_and_shown,
    _stored,
)
from claims.text import check_text_field


@transaction.atomic
def source_create(
    *,
    title: str,
    kind: str,
    url: str = "",
    publisher: Actor | None = None,
    published_at: datetime | None = None,
    language: str = "",
    archived_url: str = "",
    retrieved_at: datetime | None = None,
    user=None,
) -> Source:
    """Create a source. A URL another source already has is refused: reuse that source."""
    _require(user, PERM_ADD_SOURCE)
    _begin_write()
    source = Source(
        title=title,
        kind=kind,
        url=url.strip(),
        publisher=publisher,
        published_at=published_at,
        language=language,
        archived_url=archived_url.strip(),
        retrieved_at=retrieved_at,
    )
    return _save(source, user)


def _require_publisher_correction(user) -> None:
    """Who published a source decides whether it counts as independent evidence: once set, only
    a verification lead may correct it."""
    if not _allowed(user, PERM_VERDICT):
        raise PermissionDenied(gettext("Only verification leads may change a source's publisher."))


@dataclass
class _FoundSource:
    """A source a write cites: one on file (``changed`` names what it fills in) or a new one,
    both still unsaved, so that they are stored under the version lock."""

    source: Source
    changed: list[str]
    field: str


def _source_for_url(url: str, *, user, **found) -> Source:
    """The source with this URL (see :func:`_source_found`), stored."""
    return _source_stored(_source_found(url, user=user, **found), user)


def _source_found(
    url: str,
    *,
    title: str,
    kind: str,
    publisher,
    user,
    field: str,
    published_at: datetime | None = None,
    publisher_required=False,
) -> _FoundSource:
    """The source with this URL, or a new one (with ``title``, or the URL itself) if there is
    none, checked but not saved (:func:`_source_stored` saves it).

    A source's publisher is set once: a source on file without one takes ``publisher``; one
    that names another publisher is refused (``field`` names the input in the error), as
    changing who published something is a correction only a verification lead may make. The
    publication time is filled in the same way.
    """
    url = url.strip()
    check_text_field("url", url)  # before the lookup, which cannot compare a NUL or a surrogate
    existing = Source.objects.select_related("publisher").filter(url=url).first()
    if existing is not None:
        changed = source_completion(
            existing, publisher=publisher, published_at=published_at, field=field
        )
        return _FoundSource(existing, changed, field)
    if publisher_required and publisher is None:
        raise ValidationError(
            {
                field: gettext(
                    "Name the publisher of %(url)s: it is not on file yet, and who published a "
                    "source decides whether it counts as independent evidence."
                )
                % {"url": url}
            }
        )
    _require(user, PERM_ADD_SOURCE)
    source = Source(
        url=url,
        title=title or url[:300],
        kind=kind or SourceKind.ARTICLE,
        publisher=publisher,
        published_at=published_at,
        retrieved_at=timezone.now(),
    )
    return _FoundSource(_checked(source), [], field)


def _url_source_found(item, *, user, field: str, publisher_required=False) -> _FoundSource:
    """:func:`_source_found` for a source given by URL with what the editor typed about it
    (a citation or a piece of new evidence: :class:`claims.services.CitationInput`)."""
    return _source_found(
        item.url,
        title=item.title,
        kind=item.kind,
        publisher=item.publisher,
        published_at=item.published_at,
        user=user,
        field=field,
        publisher_required=publisher_required,
    )


def _source_stored(found: _FoundSource, user) -> Source:
    source = found.source
    if source.pk is not None:
        return save_completed_source(source, found.changed, user) if found.changed else source
    try:
        # Another transaction may add the same URL between the lookup and the insert.
        with transaction.atomic():
            return _stored(source, user)
    except IntegrityError:
        return source_complete(
            Source.objects.get(url=source.url),
            publisher=source.publisher,
            published_at=source.published_at,
            user=user,
            field=found.field,
        )


def source_complete(source: Source, *, publisher, published_at, field: str, user=None) -> Source:
    """``source`` with the publisher and publication time it lacked, recorded as a change;
    refuses different ones, naming ``field`` (correcting them is a lead's correction)."""
    changed = source_completion(source, publisher=publisher, published_at=published_at, field=field)
    if changed:
        save_completed_source(source, changed, user)
    return source


def save_completed_source(source: Source, changed: Sequence[str], user=None) -> Source:
    """Save what :func:`source_completion` filled in, recorded as a change."""
    return _saved_and_shown(source, user, reason=f"Added the {' and '.join(changed)}")


def source_completion(source: Source, *, publisher, published_at, field: str) -> list[str]:
    """Fill in (unsaved) what ``source`` lacked of ``publisher`` and ``published_at``; returns
    what changed. Refuses values that differ from those on file, naming ``field``."""
    problems, changed = [], []
    if publisher is not None and source.publisher_id != publisher.pk:
        if source.publisher_id is None:
            source.publisher = publisher
            changed.append("publisher")
        else:
            problems.append(
                f"{source.url or source.title} is on file as published by "
                f"{source.publisher.name}, not {publisher.name}. Leave the publisher out to use "
                "the one on file; a verification lead can correct it on the source's page."
            )
    if published_at is not None and source.published_at != published_at:
        if source.published_at is None:
            source.published_at = published_at
            changed.append("publication time")
        else:
            problems.append(
                f"{source.url or source.title} is on file as published at "
                f"{source.published_at.isoformat()}, not {published_at.isoformat()}."
            )
    if problems:
        raise ValidationError({field: problems})
    return changed
