"""How every write begins: permissions, the data version's lock and timestamp, the
place versions that cool cached copies, saving with the text rules."""

from collections.abc import Iterable, Sequence
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from psycopg import errors as psycopg_errors

from claims import remakes
from claims.constraints import validate_constraints
from claims.models import (
    Actor,
    ActorName,
    Citation,
    Claim,
    DataVersion,
    Place,
    PlaceName,
    PlaceVersion,
    Side,
    Source,
    Verification,
    VerificationEvidence,
)
from claims.models.fields import CHANGE_REASON_MAX_LENGTH
from claims.services.change_times import move_change_times
from claims.text import check_text_field, full_clean_with_text_rules


def _apply(instance, changes: dict, allowed: set[str]) -> None:
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, gettext("This field cannot be changed here.")))
    for name, value in changes.items():
        setattr(instance, name, value)


PERM_ADD_CLAIM = "claims.add_claim"
PERM_CHANGE_CLAIM = "claims.change_claim"
PERM_VERIFY = "claims.add_verification"
PERM_VERDICT = "claims.record_verdict"
PERM_ADD_SOURCE = "claims.add_source"
PERM_CHANGE_SOURCE = "claims.change_source"
PERM_ADD_ACTOR = "claims.add_actor"
PERM_CHANGE_ACTOR = "claims.change_actor"
PERM_ADD_PLACE = "claims.add_place"
PERM_CHANGE_PLACE = "claims.change_place"
PERM_CHANGE_SIDE = "claims.change_side"


def _allowed(user, permission: str) -> bool:
    """Whether ``user`` may make a write that needs ``permission``: the system (``None``) always
    may; a person only when signed in and holding it."""
    return user is None or (user.is_authenticated and user.has_perm(permission))


def _require(user, permission: str) -> None:
    if not _allowed(user, permission):
        raise PermissionDenied(
            gettext("You do not have permission to do this (%(permission)s).")
            % {"permission": permission}
        )


def _history_user(instance, user):
    if user is not None and user.is_authenticated:
        instance._history_user = user
    return instance


def limit_lock_waits() -> None:
    """Make the current transaction give up on any lock it waits for longer than
    ``DATABASE_LOCK_TIMEOUT`` seconds (PostgreSQL's ``lock_not_available``, answered 503 with
    Retry-After), rather than hold a worker until the server kills it. SQLite's connection
    ``timeout`` option does the same for its one write lock."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('lock_timeout', %s, true)",
                [f"{settings.DATABASE_LOCK_TIMEOUT * 1000}ms"],
            )


# Places whose versions one query reads or writes (SQLite binds at most 32,766 parameters,
# PostgreSQL 65,535 when they are sent apart from the SQL: claimtracker/env.py).
STAMP_BATCH = 2000


def _begin_write() -> datetime:
    """Bump the data version under its row lock and return the write's timestamp.

    The lock is held until commit, so the timestamps of concurrent writes are taken in the
    order they commit. Every write queues for it, so take it as late as possible: after every
    check, lookup and validation query, just before the write's first row is written (what is
    written under it is what other writers wait for). The whole wait for it is bounded by
    ``DATABASE_LOCK_TIMEOUT`` seconds (:func:`_lock_version`).
    """
    limit_lock_waits()
    version = _lock_version()
    return _bumped(version).changed_at


# SQLSTATE 57014 query_canceled: the statement outlasted its statement_timeout.
QUERY_CANCELED = "57014"


def _lock_version() -> DataVersion | None:
    """The data version row, locked, after waiting for it at most ``DATABASE_LOCK_TIMEOUT``
    seconds in all; a longer wait raises the same error as a lock timeout (503, Retry-After).

    ``lock_timeout`` alone does not bound it: PostgreSQL times each lock wait separately, and a
    writer queued for one row waits first for the tuple lock, then for each transaction that
    takes the row before it, each wait within the timeout. A ``statement_timeout`` on the
    locking statement alone bounds the sum; the transaction's own is restored after it.
    """
    rows = DataVersion.objects.select_for_update().filter(pk=1)
    if connection.vendor != "postgresql":
        return rows.first()  # SQLite's busy timeout bounds the wait for its one write lock
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT previous, set_config('statement_timeout', %s, true) FROM "
            "(SELECT current_setting('statement_timeout') AS previous OFFSET 0) AS saved",
            [f"{settings.DATABASE_LOCK_TIMEOUT * 1000}ms"],
        )
        previous = cursor.fetchone()[0]
        try:
            version = rows.first()
        except OperationalError as error:
            if getattr(error.__cause__, "sqlstate", None) != QUERY_CANCELED:
                raise
            waited = f"Waited {settings.DATABASE_LOCK_TIMEOUT} s for the data version's lock."
            raise OperationalError(waited) from psycopg_errors.LockNotAvailable(waited)
        cursor.execute("SELECT set_config('statement_timeout', %s, true)", [previous])
    return version


def _bump() -> DataVersion:
    return _bumped(DataVersion.objects.select_for_update().filter(pk=1).first())


def _bumped(version: DataVersion | None) -> DataVersion:
    if version is None:
        version = DataVersion(pk=1, version=0)
    version.version += 1
    version.changed_at = timezone.now()
    version.save()
    return version


@transaction.atomic
def touch_places(place_ids: Iterable[int]) -> None:
    """Mark what the places show as changed: their copies in the cache (pages, cards, feeds,
    API answers, keyed on :class:`claims.models.PlaceVersion`) go cold, other places' stay.

    Each touch takes a version number of its own (the global version, bumped again under the
    lock the write already holds, so it costs no wait): a place's stamp then never repeats,
    even when this runs outside a service that bumped already (the synthetic generator).
    """
    place_ids = sorted(set(place_ids))
    if place_ids:
        version = _bump()
        remakes.after_commit(_stamp_places(place_ids, version), version.version)


def _stamp_places(
    place_ids: Iterable[int], version: DataVersion, *, changed_at: datetime | None = None
) -> dict[int, int | None]:
    """Stamp the places with ``version``; returns the version each had before (None if none),
    when copies are remade after writes, else nothing. A place's answer (its picture, claim
    count, names) changed with them: its change time moves too, for clients syncing places, to
    ``changed_at`` (an import's rows' time) or the version's."""
    place_ids = sorted(set(place_ids))
    move_change_times(Place, place_ids, changed_at or version.changed_at)
    replaced = {}
    if remakes.enabled():
        replaced = dict.fromkeys(place_ids)
        for start in range(0, len(place_ids), STAMP_BATCH):
            replaced.update(
                PlaceVersion.objects.filter(
                    place_id__in=place_ids[start : start + STAMP_BATCH]
                ).values_list("place_id", "version")
            )
    PlaceVersion.objects.bulk_create(
        [
            PlaceVersion(place_id=pk, version=version.version, changed_at=version.changed_at)
            for pk in place_ids
        ],
        update_conflicts=True,
        unique_fields=["place"],
        update_fields=["version", "changed_at"],
        batch_size=STAMP_BATCH,
    )
    return replaced


def _touch_all_places() -> None:
    """Sides are on every place's page (columns, colours, the map's legend)."""
    touch_places(Place.objects.values_list("pk", flat=True))


def _touch_place_and_inside(place: Place) -> None:
    """A place's page names its region up to three levels up, so a change to a region's name
    shows on the pages of the places inside it."""
    found, level = {place.pk}, [place.pk]
    for _ in range(3):
        level = list(Place.objects.filter(parent_id__in=level).values_list("pk", flat=True))
        found.update(level)
    touch_places(found)


def places_showing(*, actors: Sequence[int] = (), sources: Sequence[int] = ()) -> set[int]:
    """The places whose pages show these actors (as claimants, their organisation, verifiers,
    or publishers of what is cited or given as evidence) or these sources (cited, or evidence
    for a verdict). Rare writes (corrections, an import's completed records), so a few queries
    over the whole table are fine."""
    shown = []
    if actors:
        speakers = Q(claimant_id__in=actors) | Q(claimant__parent_id__in=actors)
        shown += [
            (Claim.objects.filter(speakers), "place_id"),
            (Verification.objects.filter(verifier_id__in=actors), "claim__place_id"),
            (Citation.objects.filter(source__publisher_id__in=actors), "claim__place_id"),
            (
                VerificationEvidence.objects.filter(source__publisher_id__in=actors),
                "verification__claim__place_id",
            ),
        ]
    if sources:
        shown += [
            (Citation.objects.filter(source_id__in=sources), "claim__place_id"),
            (
                VerificationEvidence.objects.filter(source_id__in=sources),
                "verification__claim__place_id",
            ),
        ]
    return {pk for rows, path in shown for pk in _place_ids(rows, path)}


def _place_ids(rows, path: str):
    return rows.order_by().values_list(path, flat=True).distinct()


def _touch_what_shows(record) -> None:
    """Cool the cached copies of every place that shows this catalogue record."""
    if isinstance(record, Side):
        _touch_all_places()
    elif isinstance(record, Place):
        _touch_place_and_inside(record)
    elif isinstance(record, PlaceName):
        touch_places([record.place_id])
    elif isinstance(record, Actor):
        touch_places(places_showing(actors=[record.pk]))
    elif isinstance(record, ActorName):
        touch_places(places_showing(actors=[record.actor_id]))
    elif isinstance(record, Source):
        touch_places(places_showing(sources=[record.pk]))


def begin_bulk_write(
    *, stamp: datetime | None = None, places: Iterable[int] = ()
) -> datetime | None:
    """Start an import's write phase: the one version bump of its transaction (see
    :mod:`claims.imports.bulk`, which must keep that transaction short), which stamps
    ``places``, whose pictures it changed (:func:`refresh_place_states` with ``touch=False``).

    With ``stamp``, the time the import's rows already carry: None (and nothing bumped) if a
    write has committed that time or a later one meanwhile, when committing them would put an
    older change after a newer one; else the version takes the later of now and ``stamp``."""
    if stamp is None:
        now = _begin_write()
        touch_places(places)
        return now
    limit_lock_waits()
    version = _lock_version()
    if version is not None and version.changed_at >= stamp:
        return None
    version = _bumped(version)  # the first write ever, if None: nothing committed before it
    version.changed_at = max(version.changed_at, stamp)
    version.save()
    # The places' change time is the import's, as its rows' is: another write's would make the
    # import's own check after this lock (World.changed_since) take it for a change by others.
    stamped = _stamp_places(places, version, changed_at=stamp)
    remakes.after_commit(stamped, version.version)
    return version.changed_at


def _save(instance, user, *, reason: str = ""):
    _checked(instance, reason=reason)
    return _stored(instance, user, reason=reason)


def _checked(instance, *, exclude=(), reason: str = ""):
    """Validate an unsaved change, before the version lock is taken, so that other writers do
    not wait for its queries: the check constraints of each model take one
    (:mod:`claims.constraints`)."""
    full_clean_with_text_rules(instance, exclude=exclude, database=False)
    instance.validate_unique(exclude=set(exclude))
    validate_constraints(instance, exclude=exclude)
    if reason:
        check_text_field("reason", reason, max_length=CHANGE_REASON_MAX_LENGTH)
    return instance


def _stored(instance, user, *, reason: str = ""):
    """Save a change :func:`_checked` passed."""
    _history_user(instance, user)
    if reason:
        instance._change_reason = reason
    instance.save()
    return instance


def _saved_and_shown(record, user, *, reason: str = ""):
    """Save a changed catalogue record and cool the copies of the places that show it."""
    _save(record, user, reason=reason)
    _touch_what_shows(record)
    return record


def unique_slug(model, text: str, *, exclude_pk=None) -> str:
    base = slugify(text, allow_unicode=False)[:180] or model.__name__.lower()
    slug, n = base, 2
    existing = model.objects.exclude(pk=exclude_pk) if exclude_pk else model.objects.all()
    while existing.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
