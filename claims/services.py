"""Every write to ClaimTracker, one function per action.

Each function is atomic, validates with ``full_clean()`` and enforces the newsroom's rules, so
the editor desk, the API, the importer and the demo loader cannot drift apart. Each checks
everything first, then bumps the data version (see :class:`claims.models.DataVersion`) just
before its first row, which queues concurrent writers for what is left and makes change
timestamps follow commit order, and stamps the version of every place
whose page the write changes (:func:`touch_places`), so that only those places' cached copies
go cold.

``user=None`` means the system itself (management commands); views and the API always pass the
requesting user, whose permissions are checked here.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext, gettext_noop
from psycopg import errors as psycopg_errors

from claims import merge, picture, pictures
from claims.choices import (
    LEAD_STATUSES,
    STATUSES_NEEDING_INDEPENDENT_EVIDENCE,
    Precision,
    SourceKind,
    Status,
    Verb,
)
from claims.constraints import validate_constraints
from claims.days import end_of_day
from claims.languages import local_name
from claims.models import (
    Actor,
    ActorName,
    Citation,
    Claim,
    DataVersion,
    Place,
    PlaceName,
    PlacePosition,
    PlaceState,
    PlaceVersion,
    Side,
    Source,
    Verification,
    VerificationEvidence,
)
from claims.models.actors import NO_SIDE_COLOUR, default_side_colour
from claims.models.fields import CHANGE_REASON_MAX_LENGTH
from claims.text import check_text_field, full_clean_with_text_rules
from claims.webhooks import events

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


DUPLICATE_MESSAGE = gettext_noop("The claimant already said something about this place that day.")


class LikelyDuplicate(Exception):
    """The claimant already said something about this place that day; nothing was written.

    ``duplicates`` are those claims (:func:`likely_duplicates`), for the editor to open one
    and add a source there, or to send the claim again with ``allow_duplicate=True``.
    """

    def __init__(self, duplicates):
        self.duplicates = duplicates
        super().__init__(DUPLICATE_MESSAGE)


class StaleVersion(Exception):
    """The claim changed after the editor loaded it; nothing was written.

    ``claim`` is the claim as it stands now, ``expected`` the version the editor had,
    ``changes`` what others changed since, field by field (:func:`claims.merge.changes_since`),
    and ``conflicts`` the fields both changed, which need the editor's choice.
    """

    def __init__(self, claim: Claim, expected: int, changes=(), conflicts=()):
        self.claim = claim
        self.expected = expected
        self.changes = list(changes)
        self.conflicts = list(conflicts)
        super().__init__(
            f"Claim {claim.pk} is at version {claim.version}, not {expected}: "
            "someone changed it meanwhile."
        )


def _require(user, permission: str) -> None:
    if user is None:
        return
    if not user.is_authenticated or not user.has_perm(permission):
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
        _stamp_places(place_ids, _bump())


def _stamp_places(place_ids: Iterable[int], version: DataVersion) -> None:
    PlaceVersion.objects.bulk_create(
        [
            PlaceVersion(place_id=pk, version=version.version, changed_at=version.changed_at)
            for pk in sorted(set(place_ids))
        ],
        update_conflicts=True,
        unique_fields=["place"],
        update_fields=["version", "changed_at"],
    )


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


def _touch_places_showing(*, actors: Sequence[int] = (), sources: Sequence[int] = ()) -> None:
    """The places whose pages show these actors (as claimants, their organisation, verifiers,
    or publishers of what is cited or given as evidence) or these sources (cited, or evidence
    for a verdict). Rare writes (corrections), so a few queries over the whole table are fine."""
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
    touch_places({pk for rows, path in shown for pk in _place_ids(rows, path)})


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
        _touch_places_showing(actors=[record.pk])
    elif isinstance(record, ActorName):
        _touch_places_showing(actors=[record.actor_id])
    elif isinstance(record, Source):
        _touch_places_showing(sources=[record.pk])


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
    _stamp_places(places, version)
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


# --- Sides, places, actors, sources ---------------------------------------------------------


@transaction.atomic
def side_create(
    *, name: str, colour: str = "", slug: str = "", position: int = 0, name_uk: str = ""
) -> Side:
    """Add a belligerent (system only: sides are set up by administrators).

    Without a ``colour`` it gets the first palette colour no side has, never the grey of
    places and actors with no side.
    """
    _begin_write()
    colour = colour or default_side_colour(Side.objects.values_list("colour", flat=True))
    side = Side(
        name=name, name_uk=name_uk, slug=slug or slugify(name), colour=colour, position=position
    )
    full_clean_with_text_rules(side)
    side.save()
    _touch_what_shows(side)
    return side


@transaction.atomic
def side_update(*, side: Side, user=None, reason: str = "", **changes) -> Side:
    """Rename a side or change its colour (kept in the side's history)."""
    _require(user, PERM_CHANGE_SIDE)
    _begin_write()
    _apply(side, changes, {"name", "name_uk", "colour"})
    if side.colour.lower() == NO_SIDE_COLOUR:
        raise ValidationError(
            {"colour": gettext("This grey means “no side”: choose another colour.")}
        )
    _save(side, user, reason=reason)
    _touch_what_shows(side)
    return side


@dataclass
class NameInput:
    name: str
    language: str
    kind: str = "official"


@transaction.atomic
def place_create(
    *,
    name: str,
    kind: str,
    parent: Place | None = None,
    latitude=None,
    longitude=None,
    slug: str = "",
    names: Sequence[NameInput] = (),
    user=None,
) -> Place:
    """Create a place with its other names. The slug is derived from the name unless given."""
    _require(user, PERM_ADD_PLACE)
    _begin_write()
    place = Place(
        name=name,
        kind=kind,
        parent=parent,
        latitude=latitude,
        longitude=longitude,
        slug=slug or unique_slug(Place, name),
    )
    _save(place, user)
    for alias in names:
        _save(
            PlaceName(place=place, name=alias.name, language=alias.language, kind=alias.kind),
            user,
        )
    _touch_what_shows(place)
    return place


@transaction.atomic
def place_name_add(*, place: Place, name: str, language: str, kind: str, user=None) -> PlaceName:
    """Give a place another name, found by searches in any spelling (kept in its history)."""
    _require(user, PERM_CHANGE_PLACE)
    _begin_write()
    return _saved_and_shown(PlaceName(place=place, name=name, language=language, kind=kind), user)


@transaction.atomic
def place_name_update(*, record: PlaceName, user=None, **changes) -> PlaceName:
    _require(user, PERM_CHANGE_PLACE)
    _begin_write()
    _apply(record, changes, {"name", "language", "kind"})
    return _saved_and_shown(record, user)


@transaction.atomic
def actor_name_add(*, actor: Actor, name: str, language: str, kind: str, user=None) -> ActorName:
    """Give an actor an alias, found by searches as its name is (kept in its history)."""
    _require(user, PERM_CHANGE_ACTOR)
    _begin_write()
    return _saved_and_shown(ActorName(actor=actor, name=name, language=language, kind=kind), user)


@transaction.atomic
def actor_name_update(*, record: ActorName, user=None, **changes) -> ActorName:
    _require(user, PERM_CHANGE_ACTOR)
    _begin_write()
    _apply(record, changes, {"name", "language", "kind"})
    return _saved_and_shown(record, user)


@transaction.atomic
def actor_create(
    *,
    name: str,
    kind: str,
    side: Side | None = None,
    parent: Actor | None = None,
    description: str = "",
    slug: str = "",
    user=None,
) -> Actor:
    """Create an actor; leave ``side`` empty for one independent of the belligerents."""
    _require(user, PERM_ADD_ACTOR)
    _begin_write()
    actor = Actor(
        name=name,
        kind=kind,
        side=side,
        parent=parent,
        description=description,
        slug=slug or unique_slug(Actor, name),
    )
    return _save(actor, user)


@transaction.atomic
def actor_update(*, actor: Actor, user=None, reason: str = "", **changes) -> Actor:
    _require(user, PERM_CHANGE_ACTOR)
    _begin_write()
    side_before = actor.side_id
    _apply(actor, changes, {"name", "kind", "side", "parent", "description"})
    _save(actor, user, reason=reason)
    if side_before != actor.side_id:
        _refresh_actor_places(actor)
    _touch_what_shows(actor)
    return actor


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
    if user is not None and not (user.is_authenticated and user.has_perm(PERM_VERDICT)):
        raise PermissionDenied(gettext("Only verification leads may change a source's publisher."))


CATALOGUE_MODELS = (Side, Place, PlaceName, Actor, ActorName, Source)


def _catalogue_permission(instance, action: str) -> str:
    owners = {PlaceName: Place, ActorName: Actor}
    model = owners.get(type(instance), type(instance))
    if type(instance) in owners and action != "change":
        action = "change"  # a place's or an actor's names are part of it
    return f"claims.{action}_{model._meta.model_name}"


@transaction.atomic
def catalogue_save(*, instance, user=None):
    """Save a catalogue record edited as a whole (the admin's forms do this).

    Changing an actor's side changes which side its claims speak for, so the pictures of the
    places it has made claims about are rebuilt.
    """
    if not isinstance(instance, CATALOGUE_MODELS):
        raise TypeError(f"{type(instance).__name__} is not a catalogue record.")
    _require(user, _catalogue_permission(instance, "add" if instance._state.adding else "change"))
    _begin_write()
    side_before = None
    if isinstance(instance, Actor) and not instance._state.adding:
        side_before = Actor.objects.values_list("side_id", flat=True).get(pk=instance.pk)
    if isinstance(instance, Source) and not instance._state.adding:
        publisher_before = Source.objects.values_list("publisher_id", flat=True).get(pk=instance.pk)
        if publisher_before is not None and instance.publisher_id != publisher_before:
            _require_publisher_correction(user)
    _save(instance, user)
    if isinstance(instance, Actor) and side_before != instance.side_id:
        _refresh_actor_places(instance)
    _touch_what_shows(instance)
    return instance


@transaction.atomic
def catalogue_delete(*, instance, user=None) -> None:
    """Delete a catalogue record nothing refers to (protected references make this fail)."""
    if not isinstance(instance, CATALOGUE_MODELS):
        raise TypeError(f"{type(instance).__name__} is not a catalogue record.")
    _require(user, _catalogue_permission(instance, "delete"))
    _begin_write()
    _touch_what_shows(instance)
    _history_user(instance, user)
    instance.delete()


def _refresh_actor_places(actor: Actor) -> None:
    """After an actor changed sides: what its claims imply, and the pictures they are part of."""
    _refresh_implied(Claim.objects.filter(claimant=actor))
    refresh_place_states(
        Claim.objects.filter(claimant=actor).values_list("place_id", flat=True).distinct()
    )


def _refresh_implied(claims) -> None:
    """Re-derive what ``claims`` imply after something they read (the claim a denial answers,
    the claimant's side) changed. A derived column, so no history row; the change time moves,
    so that sync clients fetch the claims again."""
    for claim in claims.select_related("claimant", "answers"):
        if claim.implication() != (claim.implied_side_id, claim.implied_control):
            # Saving re-derives the columns; neither they nor the change time are history.
            claim.skip_history_when_saving = True
            claim.save(update_fields=["updated_at"])


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


def _apply(instance, changes: dict, allowed: set[str]) -> None:
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, gettext("This field cannot be changed here.")))
    for name, value in changes.items():
        setattr(instance, name, value)


# --- Claims ---------------------------------------------------------------------------------


@dataclass
class CitationInput:
    """A citation: an existing ``source``, or a ``url`` that finds or creates one."""

    source: Source | None = None
    url: str = ""
    title: str = ""
    kind: str = ""
    publisher: Actor | None = None
    published_at: datetime | None = None
    excerpt: str = ""
    locator: str = ""


@dataclass
class PlaceInput:
    """A place to create along with a claim about it."""

    name: str
    kind: str
    parent: Place | None = None
    latitude: object = None
    longitude: object = None


@dataclass
class ActorInput:
    """A claimant to create along with its claim."""

    name: str
    kind: str
    side: Side | None = None
    description: str = ""


@dataclass
class ClaimInput:
    """A claim's content. ``place`` / ``claimant`` may instead be created from ``new_place`` /
    ``new_claimant`` in the same transaction as the claim."""

    place: Place | None
    claimant: Actor | None
    verb: str
    summary: str
    stated_at: datetime
    side: Side | None = None
    effective_at: datetime | None = None
    stated_precision: str = Precision.EXACT
    effective_precision: str = Precision.DAY
    quote: str = ""
    language: str = ""
    answers: Claim | None = None
    ambiguous: bool = False
    citations: Sequence[CitationInput] = field(default_factory=list)
    new_place: PlaceInput | None = None
    new_claimant: ActorInput | None = None


CLAIM_FIELDS = (
    "place",
    "claimant",
    "verb",
    "side",
    "stated_at",
    "stated_precision",
    "effective_at",
    "effective_precision",
    "quote",
    "summary",
    "language",
    "answers",
    "ambiguous",
)


def likely_duplicates(*, claimant: Actor, place: Place, stated_at: datetime, exclude_pk=None):
    """Claims by the same claimant about the same place stated the same day."""
    day = timezone.localtime(stated_at).date()
    start = end_of_day(day) - timedelta(days=1)
    duplicates = Claim.objects.filter(
        claimant=claimant,
        place=place,
        stated_at__gte=start,
        stated_at__lt=end_of_day(day),
    )
    if exclude_pk:
        duplicates = duplicates.exclude(pk=exclude_pk)
    return duplicates.order_by("stated_at")


@transaction.atomic
def claim_create(*, data: ClaimInput, user=None, allow_duplicate: bool = False) -> Claim:
    """Record a claim with its citations and its first, ``unreviewed``, verification.

    A claim its claimant already made about the place that day is refused with
    :class:`LikelyDuplicate` unless ``allow_duplicate`` says the editor has seen those.

    ``effective_at`` defaults to ``stated_at``; a denial that answers a claim takes that claim's
    side when it names none. The claim counts as unreviewed from the moment it was stated, so
    "as of" views of back-filled claims read right. Refreshes the place's control picture.
    """
    _require(user, PERM_ADD_CLAIM)
    values = {name: getattr(data, name) for name in CLAIM_FIELDS}
    if not allow_duplicate and data.place is not None and data.claimant is not None:
        duplicates = likely_duplicates(
            claimant=data.claimant, place=data.place, stated_at=data.stated_at
        )
        if duplicates.exists():
            raise LikelyDuplicate(duplicates)
    if values["place"] is None and data.new_place is not None:
        values["place"] = place_create(**vars(data.new_place), user=user)
    if values["claimant"] is None and data.new_claimant is not None:
        values["claimant"] = actor_create(**vars(data.new_claimant), user=user)
    claim = _checked(claim_build(values))
    first = first_verification(claim, now=timezone.now(), user=user)
    _checked(first, exclude=["claim"])  # the claim is saved under the lock
    citations = _citations_checked(claim, data.citations, user, replace=False)
    now = _begin_write()
    first.decided_at = min(claim.stated_at, now)
    _stored(claim, user)
    _citations_stored(claim, citations, user)
    first.claim = claim
    first.save()
    claim.status = Status.UNREVIEWED
    claim.current_verification = first
    # Caching the first status is part of creating the claim, not a change worth a history row.
    claim.skip_history_when_saving = True
    claim.save(update_fields=["status", "current_verification", "updated_at"])
    del claim.skip_history_when_saving
    events.claim_created(claim)
    refresh_place_states([claim.place_id])
    return claim


def claim_build(values: dict) -> Claim:
    """An unsaved claim from ``values`` (``CLAIM_FIELDS``), with what they imply filled in."""
    _complete(values)
    return Claim(**values)


def first_verification(claim: Claim, *, now: datetime, user=None) -> Verification:
    """A new claim's first judgement: ``unreviewed`` from the moment it was stated, so that
    "as of" views of back-filled claims read right."""
    return Verification(
        claim=claim,
        status=Status.UNREVIEWED,
        recorded_by=user if user is not None and user.is_authenticated else None,
        decided_at=min(claim.stated_at, now),
    )


def _complete(values: dict) -> None:
    """Fill what a claim's other fields imply: the effective moment, a denial's side."""
    if values.get("effective_at") is None:
        values["effective_at"] = values.get("stated_at")
    answers = values.get("answers")
    if values.get("verb") == Verb.DENIED and answers is not None and values.get("side") is None:
        values["side"] = answers.side


def check_citations_distinct(sources: Sequence[Source]) -> None:
    """A claim cites each source once (sources not yet saved count by identity)."""
    keys = [source.pk if source.pk is not None else id(source) for source in sources]
    if len(set(keys)) != len(keys):
        raise ValidationError({"citations": gettext("The same source is cited twice.")})


@dataclass
class _CitationsChecked:
    """What :func:`_citations_checked` found to write, before the version lock."""

    sources: list[_FoundSource]
    saves: list[tuple[Citation, _FoundSource]]
    stale: list[Citation]


def _citations_checked(
    claim: Claim, citations: Iterable[CitationInput], user, *, replace: bool
) -> _CitationsChecked:
    """The citations to save (and, with ``replace``, to delete) for ``claim``, checked."""
    wanted = []
    for position, item in enumerate(citations):
        if item.source is not None:
            found = _FoundSource(item.source, [], "citations")
        elif not item.url.strip():
            raise ValidationError({"citations": gettext("Each citation needs a source or a URL.")})
        else:
            found = _source_found(
                item.url,
                title=item.title,
                kind=item.kind,
                publisher=item.publisher,
                published_at=item.published_at,
                user=user,
                field="citations",
            )
        wanted.append((found, item, position))
    check_citations_distinct([found.source for found, _, _ in wanted])
    existing = {c.source_id: c for c in claim.citations.all()} if replace else {}
    saves = []
    for found, item, position in wanted:
        source = found.source
        citation = existing.pop(source.pk, None) or Citation(claim=claim, source=source)
        kept = (citation.excerpt, citation.locator, citation.position)
        if citation.pk is None or kept != (item.excerpt, item.locator, position):
            # An unchanged citation is not saved: its history lists only real corrections.
            citation.excerpt, citation.locator = item.excerpt, item.locator
            citation.position = position
            saves.append((_checked(citation, exclude=["claim", "source"]), found))
    return _CitationsChecked([found for found, _, _ in wanted], saves, list(existing.values()))


def _citations_stored(claim: Claim, checked: _CitationsChecked, user) -> None:
    stored = {id(found): _source_stored(found, user) for found in checked.sources}
    for citation, found in checked.saves:
        # The source on file if another write added the same URL meanwhile.
        citation.claim, citation.source = claim, stored[id(found)]
        _stored(citation, user)
    for stale in checked.stale:
        _history_user(stale, user)
        stale.delete()


@transaction.atomic
def claim_update(
    *,
    claim: Claim,
    expected_version: int,
    user=None,
    reason: str = "",
    citations: Sequence[CitationInput] | None = None,
    seen_version: int | None = None,
    choices: dict[str, str] | None = None,
    **changes,
) -> Claim:
    """Edit a claim's content, merging with what others changed since ``expected_version``.

    ``changes`` (and ``citations``, which replace the claim's citations when given) are the
    editor's values, entered on top of ``expected_version``. If the claim changed since, nothing
    is written and :class:`StaleVersion` carries the changes, until the editor has seen them
    (``seen_version`` is the version they were shown) and chosen, in ``choices``
    (``{field: "theirs" | "mine"}``), for every field both changed. Then fields only the others
    changed keep their values. Only fields that really change are written: a save that changes
    nothing writes nothing, and kept citations get no history entry.
    """
    _require(user, PERM_CHANGE_CLAIM)
    current = Claim.objects.get(pk=claim.pk)
    read_version = current.version
    unknown = set(changes) - set(CLAIM_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, gettext("This field cannot be changed here.")))
    mine = dict(changes)
    # What the other fields imply (a denial's side, the effective moment) is what the editor
    # means, not a change to it.
    implied = {n: mine.get(n, getattr(current, n)) for n in ("verb", "answers", "side")}
    implied.update(
        stated_at=mine.get("stated_at", current.stated_at),
        effective_at=mine.get("effective_at", current.effective_at),
    )
    _complete(implied)
    for name in ("side", "effective_at"):
        if name in mine:
            mine[name] = implied[name]
    if citations is not None:
        mine["citations"] = citations
    if current.version != expected_version:
        theirs = merge.changes_since(current, expected_version)
        conflicts = merge.conflicts(theirs, mine)
        unchosen = [name for name in conflicts if (choices or {}).get(name) not in merge.CHOICES]
        if seen_version != current.version or unchosen:
            raise StaleVersion(current, expected_version, theirs, conflicts)
        mine = merge.merged(theirs, mine, choices or {})
    new_citations = mine.pop("citations", None)
    stored = merge.values_of(current)
    edits = {
        name: value for name, value in mine.items() if not merge.same(name, value, stored[name])
    }
    citations_change = new_citations is not None and not merge.same(
        "citations", new_citations, merge.citations_of(current)
    )
    if not edits and not citations_change:
        return current
    old_place_id = current.place_id
    _apply(current, edits, set(CLAIM_FIELDS))
    completed = {name: getattr(current, name) for name in ("verb", "answers", "side")}
    completed.update(stated_at=current.stated_at, effective_at=current.effective_at)
    _complete(completed)
    current.side, current.effective_at = completed["side"], completed["effective_at"]
    current.version += 1
    _checked(current, reason=reason or "Edited")
    if citations_change:
        checked = _citations_checked(current, new_citations, user, replace=True)
    _begin_write()
    try:
        _lock_claim(current.pk, read_version)
    except StaleVersion as stale:
        # Changed again since it was read above: the editor sees all since their version.
        theirs = merge.changes_since(stale.claim, expected_version)
        wanted = {**changes, **({"citations": citations} if citations is not None else {})}
        conflicts = merge.conflicts(theirs, wanted)
        raise StaleVersion(stale.claim, expected_version, theirs, conflicts) from None
    _stored(current, user, reason=reason or "Edited")
    answering = Claim.objects.filter(answers=current)
    _refresh_implied(answering)
    touch_places(answering.values_list("place_id", flat=True))
    if citations_change:
        _citations_stored(current, checked, user)
    events.claim_changed(current)
    refresh_place_states({old_place_id, current.place_id})
    return current


def _lock_claim(pk: int, expected_version: int) -> Claim:
    """The claim, locked (after the version's lock, as in every write), if still at
    ``expected_version``."""
    return _claim_at(pk, expected_version, rows=Claim.objects.select_for_update())


def _claim_at(pk: int, expected_version: int, *, rows=Claim.objects) -> Claim:
    """The claim if still at ``expected_version``: what a write checks its input against
    before it takes the version lock (:func:`_lock_claim` then makes sure)."""
    current = rows.get(pk=pk)
    if current.version != expected_version:
        raise StaleVersion(
            current, expected_version, merge.changes_since(current, expected_version)
        )
    return current


# --- Verification ---------------------------------------------------------------------------


def independent_evidence(claim: Claim, sources: Iterable[Source]) -> list[Source]:
    """The sources that can confirm ``claim``: published by someone independent of the claimant.

    That is an actor with no side, or the opposing side (an admission). The claimant itself and
    sources without a known publisher never count.
    """
    claimant = claim.claimant
    usable = []
    for source in sources:
        publisher = source.publisher
        if publisher is None or publisher.pk == claimant.pk:
            continue
        if publisher.side_id is None or (
            claimant.side_id is not None and publisher.side_id != claimant.side_id
        ):
            usable.append(source)
    return usable


@transaction.atomic
def verification_record(
    *,
    claim: Claim,
    expected_version: int,
    status: str,
    rationale: str,
    evidence_kind: str = "",
    evidence: Sequence[Source] = (),
    new_evidence: Sequence[CitationInput] = (),
    decided_at: datetime | None = None,
    verifier: Actor | None = None,
    user=None,
    imported: bool = False,
) -> Verification:
    """Append a verification to ``claim``; the claim's status becomes the one that stands.

    ``decided_at`` is when ``verifier`` (empty: the newsroom) published or the editor judged,
    default now, never in the future. It may lie before other verdicts on the claim, even before
    the claim was stated (an assessment the claim repeats): the claim's status is the verdict
    with the latest ``decided_at`` (see :func:`claims.picture.current`), so entering an earlier
    verdict later changes nothing but the history.

    Rules, enforced for every caller: a rationale is always required; ``confirmed``, ``false``
    and ``superseded`` need the verification-lead permission; ``confirmed`` and
    ``partially_confirmed`` need evidence from someone independent of the claimant. ``new_evidence``
    are URLs that find or create sources in the same transaction (a new one names its publisher).
    Raises :class:`StaleVersion` if the claim changed after ``expected_version`` was read.

    ``imported`` (the system only) records a judgement carried over from another ClaimTracker's
    export, whose evidence came with it as the claim's sources: the evidence rule is not re-run.
    """
    check_verdict(status=status, user=user, imported=imported)
    read = _claim_at(claim.pk, expected_version)
    found = [_FoundSource(source, [], "evidence") for source in evidence]
    for item in new_evidence:
        found.append(
            _source_found(
                item.url,
                title=item.title,
                kind=item.kind,
                publisher=item.publisher,
                published_at=item.published_at,
                user=user,
                field="new_evidence",
                publisher_required=True,
            )
        )
    found = list({f.source.pk or f.source.url: f for f in found}.values())
    check_evidence(read, status, [f.source for f in found], imported=imported)
    verification = verification_build(
        claim=read,
        status=status,
        rationale=rationale,
        evidence_kind=evidence_kind,
        verifier=verifier,
        decided_at=decided_at,
        now=timezone.now(),
        user=user,
    )
    verification.full_clean()
    now = _begin_write()
    current = _lock_claim(claim.pk, expected_version)
    # The caller gets the claim as this write leaves it (its new version and status), as events do.
    verification.claim = current
    verification.decided_at = decided_at or now
    verification.save()
    for item in found:
        source = _source_stored(item, user)
        VerificationEvidence.objects.create(verification=verification, source=source)
    standing = _standing_verification(current)
    current.status = standing.status
    current.current_verification = standing
    current.version += 1
    _history_user(current, user)
    current._change_reason = f"Verification: {Status(status).label}"
    current.save(update_fields=["status", "current_verification", "version", "updated_at"])
    events.verification_recorded(verification)
    refresh_place_states([current.place_id])
    return verification


def check_verdict(*, status: str, user=None, imported: bool = False) -> None:
    """Who may record ``status``, and whether it is a verdict at all."""
    if imported and user is not None:
        raise PermissionDenied(gettext("Only the importer records imported verifications."))
    _require(user, PERM_VERIFY)
    if status == Status.UNREVIEWED:
        raise ValidationError(
            {"status": gettext("A claim starts unreviewed; record a judgement instead.")}
        )
    if status not in Status.values:
        raise ValidationError(
            {"status": gettext("Unknown status “%(status)s”.") % {"status": status}}
        )
    if status in LEAD_STATUSES:
        _require_lead(user, status)


def verification_build(
    *,
    claim: Claim,
    status: str,
    rationale: str,
    evidence_kind: str,
    verifier: Actor | None,
    decided_at: datetime | None,
    now: datetime,
    user=None,
) -> Verification:
    """An unsaved verdict on ``claim`` (at ``claim.version``), dated ``decided_at`` (default
    ``now``, never later)."""
    decided_at = decided_at or now
    if decided_at > now:
        raise ValidationError(
            {"decided_at": gettext("A verification cannot be dated in the future.")}
        )
    return Verification(
        claim=claim,
        status=status,
        rationale=(rationale or "").strip(),
        evidence_kind=evidence_kind,
        verifier=verifier,
        recorded_by=user if user is not None and user.is_authenticated else None,
        decided_at=decided_at,
        claim_version=claim.version + 1,
    )


def standing(verifications: Iterable[Verification]) -> Verification:
    """Of a claim's saved verifications, the one that stands (:func:`claims.picture.current`)."""
    rows = list(verifications)
    best = picture.current(
        picture.Judgement(v.pk, v.claim_id, v.status, v.decided_at, v.verifier_id) for v in rows
    )
    return next(v for v in rows if v.pk == best.id)


def _standing_verification(claim: Claim) -> Verification:
    return standing(claim.verifications.all())


def check_evidence(claim: Claim, status: str, sources: Sequence[Source], *, imported=False):
    """``confirmed`` and ``partially_confirmed`` need a source independent of the claimant,
    except for a judgement imported with the claim it came with."""
    needs_evidence = status in STATUSES_NEEDING_INDEPENDENT_EVIDENCE and not imported
    if needs_evidence and not independent_evidence(claim, sources):
        raise ValidationError({"evidence": _not_independent_message(claim, status, sources)})


def _not_independent_message(claim: Claim, status: str, sources: Sequence[Source]) -> str:
    """Why none of ``sources`` can confirm ``claim``, source by source."""
    need = gettext(
        "“%(status)s” needs at least one evidence source published by someone independent of "
        "the belligerents or by the side opposing the claimant."
    ) % {"status": Status(status).label}
    if not sources:
        return " ".join((need, gettext("No evidence source was given.")))
    reasons = []
    for source in sources:
        publisher = source.publisher
        name = f"“{source.title}”"
        if publisher is None:
            reasons.append(gettext("%(source)s has no known publisher") % {"source": name})
        elif publisher.pk == claim.claimant_id:
            reasons.append(
                gettext("%(source)s was published by the claimant itself") % {"source": name}
            )
        elif claim.claimant.side_id is None:
            reasons.append(
                gettext(
                    "%(source)s was published by %(publisher)s, who speaks for %(side)s, a party "
                    "to the fighting"
                )
                % {"source": name, **_speaker(publisher)}
            )
        else:
            reasons.append(
                gettext(
                    "%(source)s was published by %(publisher)s, who speaks for %(side)s, the "
                    "claimant's own side"
                )
                % {"source": name, **_speaker(publisher)}
            )
    return f"{need} " + gettext("Of the sources given, %(reasons)s.") % {
        "reasons": "; ".join(reasons)
    }


def _speaker(publisher: Actor) -> dict:
    return {"publisher": local_name(publisher), "side": local_name(publisher.side)}


def _require_lead(user, status: str) -> None:
    if user is None:
        return
    if not user.is_authenticated or not user.has_perm(PERM_VERDICT):
        raise PermissionDenied(
            gettext("Only verification leads may record “%(status)s”.")
            % {"status": Status(status).label}
        )


class HeldByAnother(Exception):
    """Another editor has the claim in review; taking it needs ``take_over=True``."""

    def __init__(self, claim: Claim, holder, since: datetime):
        self.claim, self.holder, self.since = claim, holder, since
        super().__init__(f"Claim {claim.pk} is in review by someone else.")


@transaction.atomic
def claim_take_into_review(
    *, claim: Claim, expected_version: int, user, take_over: bool = False
) -> Verification:
    """Put a queued claim ``in_review`` under ``user``, so others see who has it.

    Who holds it is the verification's ``recorded_by``, which only the newsroom sees; the
    public rationale names no one. A claim another editor holds raises :class:`HeldByAnother`
    unless ``take_over`` says the editor knows, and the takeover is then recorded as such.
    """
    if claim.status not in (Status.UNREVIEWED, Status.IN_REVIEW):
        raise ValidationError({"status": gettext("Only claims waiting for review can be taken.")})
    latest = claim.current_verification
    held_by_another = (
        claim.status == Status.IN_REVIEW
        and latest is not None
        and latest.recorded_by_id is not None
        and latest.recorded_by_id != user.pk
    )
    if held_by_another and not take_over:
        raise HeldByAnother(claim, latest.recorded_by, latest.recorded_at)
    return verification_record(
        claim=claim,
        expected_version=expected_version,
        status=Status.IN_REVIEW,
        rationale="Taken over from another editor." if held_by_another else "Taken into review.",
        user=user,
    )


# --- Derived state --------------------------------------------------------------------------


def refresh_place_states(
    place_ids: Iterable[int], *, batch_size: int = 500, touch: bool = True
) -> None:
    """Store the control picture now of the given places (see :mod:`claims.picture`).

    ``touch=False`` leaves stamping the places to the caller, under the version lock: an import
    rebuilds pictures before it takes that lock (:func:`begin_bulk_write`)."""
    place_ids = sorted(set(place_ids))
    if touch:
        touch_places(place_ids)
    with events.watching_place_pictures(place_ids):
        for start in range(0, len(place_ids), batch_size):
            _refresh_batch(place_ids[start : start + batch_size])


def _refresh_batch(place_ids: list[int]) -> None:
    states, positions = pictures.cached(place_ids)
    PlacePosition.objects.filter(place_id__in=place_ids).delete()
    PlacePosition.objects.bulk_create(positions)
    PlaceState.objects.bulk_create(
        states,
        update_conflicts=True,
        unique_fields=["place"],
        update_fields=[
            "contested",
            "verdict",
            "claim_count",
            "last_stated_at",
            "last_statement_at",
            "picture",
            "changed_at",
        ],
    )


# --- API tokens -----------------------------------------------------------------------------

MAX_TOKEN_DAYS = 365


@transaction.atomic
def api_token_create(*, user, days: int) -> tuple:
    """Issue an API token for ``user`` that expires after ``days``.

    Returns ``(record, token)``: only a hash of the token is stored, so this is the one moment
    its text exists; show it to the user once.
    """
    from knox.models import AuthToken

    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied(gettext("Only active accounts can have API tokens."))
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ValidationError(
            {"days": gettext("A token lasts from 1 to %(days)s days.") % {"days": MAX_TOKEN_DAYS}}
        )
    return AuthToken.objects.create(user=user, expiry=timedelta(days=days))


@transaction.atomic
def api_token_revoke(*, user, token_key: str) -> int:
    """Revoke ``user``'s token whose key (its first characters) is ``token_key``."""
    from knox.models import AuthToken

    deleted, _ = AuthToken.objects.filter(user=user, token_key=token_key).delete()
    return deleted


@transaction.atomic
def account_password_set(*, user, password: str | None) -> int:
    """Give ``user`` a new password (None: none that works) and revoke every API token of
    theirs; the number revoked.

    A new password usually means the old one may be known to someone else, who could have made
    tokens with it: those must stop working with it.
    """
    from knox.models import AuthToken

    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save(update_fields=["password"])
    revoked, _ = AuthToken.objects.filter(user=user).delete()
    return revoked


# --- Claims from an article ----------------------------------------------------------------


@dataclass
class ArticleInput:
    """The pasted article as a source: an existing ``source``, or one found or made from the
    ``url`` (or, without a URL, made from the title)."""

    title: str
    published_at: datetime
    url: str = ""
    publisher: Actor | None = None
    source: Source | None = None


@dataclass
class ProposedClaim:
    """An accepted proposal: the claim (citations are added here), the index of the
    proposal it answers, if any, and whether the editor accepts it as a likely duplicate."""

    index: int
    data: ClaimInput
    answers: int | None = None
    allow_duplicate: bool = False


@dataclass
class ProposedVerification:
    claim: int  # the index of the accepted proposal it judges
    status: str
    rationale: str
    decided_at: datetime
    evidence_kind: str = ""
    verifier: Actor | None = None


@dataclass
class ArticleRecorded:
    source: Source
    claims: list[Claim]
    verifications: list[Verification]


def _answer_order(claims: Sequence[ProposedClaim]) -> list[ProposedClaim]:
    """Answered claims before their answers; refuses answers to proposals not accepted."""
    by_index = {c.index: c for c in claims}
    ordered, placed = [], set()

    def place(item: ProposedClaim, trail=()):
        if item.index in placed:
            return
        if item.answers is not None:
            if item.answers not in by_index:
                raise ValidationError(
                    {
                        f"claim-{item.index}": gettext(
                            "It answers proposal %(number)s, which is not accepted: accept that "
                            "one too, or clear the answer."
                        )
                        % {"number": item.answers + 1}
                    }
                )
            if item.answers in trail:
                raise ValidationError(
                    {f"claim-{item.index}": gettext("Two proposals answer each other.")}
                )
            place(by_index[item.answers], (*trail, item.index))
        placed.add(item.index)
        ordered.append(item)

    for item in claims:
        place(item)
    return ordered


@transaction.atomic
def article_claims_record(
    *,
    article: ArticleInput,
    claims: Sequence[ProposedClaim],
    verifications: Sequence[ProposedVerification] = (),
    user=None,
) -> ArticleRecorded:
    """Record the proposals an editor accepted from one article, all or nothing.

    The article becomes (or is) the source every claim cites, with the claim's sentence as the
    excerpt; each claim goes through :func:`claim_create` and each verification through
    :func:`verification_record`, so every rule, the history and the webhooks are the same as for
    claims entered by hand. A claim that answers another proposal is created after it. Errors
    are keyed ``claim-N`` / ``verification-N`` by the proposal's index.
    """
    _require(user, PERM_ADD_CLAIM)
    if not claims:
        raise ValidationError({"__all__": gettext("Accept at least one proposed claim.")})
    _begin_write()
    source = article.source
    if source is None and article.url.strip():
        source = _source_for_url(
            article.url,
            title=article.title,
            kind=SourceKind.ARTICLE,
            publisher=article.publisher,
            published_at=article.published_at,
            user=user,
            field="url",
        )
    elif source is None:
        source = source_create(
            title=article.title,
            kind=SourceKind.ARTICLE,
            publisher=article.publisher,
            published_at=article.published_at,
            user=user,
        )
    created: dict[int, Claim] = {}
    for item in _answer_order(claims):
        data = item.data
        data.answers = created[item.answers] if item.answers is not None else None
        data.citations = [CitationInput(source=source, excerpt=data.quote)]
        try:
            created[item.index] = claim_create(
                data=data, user=user, allow_duplicate=item.allow_duplicate
            )
        except LikelyDuplicate:
            raise ValidationError({f"claim-{item.index}": gettext(DUPLICATE_MESSAGE)}) from None
        except ValidationError as invalid:
            raise ValidationError({f"claim-{item.index}": invalid.messages}) from None
    versions = {claim.pk: claim.version for claim in created.values()}
    recorded = []
    for number, item in enumerate(verifications):
        claim = created.get(item.claim)
        if claim is None:
            raise ValidationError(
                {
                    f"verification-{number}": gettext(
                        "It judges a proposed claim that is not accepted."
                    )
                }
            )
        evidence = [source] if item.status in STATUSES_NEEDING_INDEPENDENT_EVIDENCE else []
        try:
            verification = verification_record(
                claim=claim,
                expected_version=versions[claim.pk],
                status=item.status,
                rationale=item.rationale,
                evidence_kind=item.evidence_kind,
                evidence=evidence,
                decided_at=item.decided_at,
                verifier=item.verifier,
                user=user,
            )
        except ValidationError as invalid:
            raise ValidationError({f"verification-{number}": invalid.messages}) from None
        versions[claim.pk] = verification.claim_version
        recorded.append(verification)
    return ArticleRecorded(
        source=source, claims=[created[c.index] for c in claims], verifications=recorded
    )
