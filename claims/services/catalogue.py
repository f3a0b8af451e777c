"""Writes to the catalogue: sides, places, actors, sources and their other names."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from claims.models import (
    Actor,
    ActorName,
    Claim,
    Place,
    PlaceName,
    Side,
    Source,
)
from claims.models.actors import NO_SIDE_COLOUR, default_side_colour
from claims.services.change_times import move_change_times
from claims.services.sources import _require_publisher_correction
from claims.services.state import refresh_place_states
from claims.services.writes import (
    PERM_ADD_ACTOR,
    PERM_ADD_PLACE,
    PERM_CHANGE_ACTOR,
    PERM_CHANGE_SIDE,
    _apply,
    _begin_write,
    _history_user,
    _require,
    _save,
    _saved_and_shown,
    _touch_what_shows,
    unique_slug,
)
from claims.text import full_clean_with_text_rules


@dataclass(frozen=True)
class Seen:
    """What an editor's form showed of a record: the fields it edits, and the values it showed of
    those the editor changed."""

    fields: Sequence[str]
    changed: Mapping[str, object] = field(default_factory=dict)


def _keep_others_edits(instance, seen: Seen | None):
    """Another editor may have saved ``instance`` while this editor's form was open. Their change
    to a field this editor left alone stays; a field both changed, to different values, refuses
    the save with the value it holds now (the form then shows that value, so saving again
    replaces it). Called after :func:`_begin_write`, whose lock orders the two saves. Returns
    the record as stored (None if not read), which :func:`_shown_before` reads again."""
    if seen is None or instance.pk is None:
        return None
    stored = type(instance)._default_manager.get(pk=instance.pk)
    clashes = {}
    for name in seen.fields:
        try:
            model_field = instance._meta.get_field(name)
        except FieldDoesNotExist:
            continue  # a form field that is not stored, such as a reason
        now = _comparable(model_field.value_from_object(stored))
        if name not in seen.changed:
            setattr(instance, model_field.attname, getattr(stored, model_field.attname))
        elif now != _comparable(seen.changed[name]) and now != _comparable(
            model_field.value_from_object(instance)
        ):
            clashes[name] = gettext(
                "Another editor changed this to “%(value)s” while you were editing; save again "
                "to replace it with yours."
            ) % {"value": _shown(stored, model_field)}
    if clashes:
        raise ValidationError(clashes)
    return stored


# What a claim's answers (API, CSV, JSONL) show of each catalogue record it points at.
SHOWN_IN_CLAIMS = {
    Side: ("slug", "name"),
    Place: ("slug", "name"),
    Actor: ("slug", "name", "kind", "side_id"),
    Source: ("url", "title", "kind", "publisher_id", "published_at"),
}


def _shown_before(instance, stored=None) -> tuple | None:
    """What the claims' answers show of ``instance`` as stored (``stored``, if already read), to
    tell after saving whether they changed (None: a new record, which no claim shows yet)."""
    shown = SHOWN_IN_CLAIMS.get(type(instance))
    if shown is None or instance.pk is None:
        return None
    if stored is not None:
        return tuple(getattr(stored, name) for name in shown)
    return type(instance)._default_manager.values_list(*shown).get(pk=instance.pk)


def _touch_claims_showing(instance, before: tuple | None) -> None:
    """A claim's answer carries the names of its place, claimant, sides and cited sources: when
    one of them changed, the claims' change time moves, so that clients syncing claims by it
    (cursor, updated_since) fetch them again. A derived change: no history rows."""
    shown = SHOWN_IN_CLAIMS.get(type(instance))
    if before is None or tuple(getattr(instance, name) for name in shown) == before:
        return
    showing = {
        Side: Q(side=instance)
        | Q(claimant__side=instance)
        | Q(citations__source__publisher__side=instance),
        Place: Q(place=instance),
        Actor: Q(claimant=instance) | Q(citations__source__publisher=instance),
        Source: Q(citations__source=instance),
    }[type(instance)]
    move_change_times(Claim, Claim.objects.filter(showing).values("pk"), timezone.now())


def _comparable(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime):
        return value.replace(microsecond=0)
    return value


def _shown(record, model_field) -> str:
    if model_field.choices:
        return str(getattr(record, f"get_{model_field.name}_display")())
    value = getattr(record, model_field.name)
    return "—" if value in (None, "") else str(value)


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
def side_update(
    *, side: Side, user=None, reason: str = "", seen: Seen | None = None, **changes
) -> Side:
    """Rename a side or change its colour (kept in the side's history); ``seen``: what the
    editor's form showed (:func:`_keep_others_edits`)."""
    _require(user, PERM_CHANGE_SIDE)
    _begin_write()
    _apply(side, changes, {"name", "name_uk", "colour"})
    before = _shown_before(side, _keep_others_edits(side, seen))
    if side.colour.lower() == NO_SIDE_COLOUR:
        raise ValidationError(
            {"colour": gettext("This grey means “no side”: choose another colour.")}
        )
    _save(side, user, reason=reason)
    _touch_what_shows(side)
    _touch_claims_showing(side, before)
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
    return _name_saved(PlaceName(place=place, name=name, language=language, kind=kind), user)


@transaction.atomic
def actor_name_add(*, actor: Actor, name: str, language: str, kind: str, user=None) -> ActorName:
    """Give an actor an alias, found by searches as its name is (kept in its history)."""
    return _name_saved(ActorName(actor=actor, name=name, language=language, kind=kind), user)


@transaction.atomic
def name_update(
    *, record: PlaceName | ActorName, user=None, seen: Seen | None = None, **changes
) -> PlaceName | ActorName:
    """Correct another name of a place or an actor (kept in its history); ``seen``: what the
    editor's form showed (:func:`_keep_others_edits`)."""
    return _name_saved(record, user, changes, seen)


def _name_saved(
    record: PlaceName | ActorName, user, changes=None, seen: Seen | None = None
) -> PlaceName | ActorName:
    """Save a name under its owner's change permission: a place's or an actor's."""
    _require(user, _catalogue_permission(record, "change"))
    _begin_write()
    if changes:
        _apply(record, changes, {"name", "language", "kind"})
    _keep_others_edits(record, seen)
    _saved_and_shown(record, user)
    # The place's or actor's answer lists its names: its change time moves for syncing clients.
    owner = record.place if isinstance(record, PlaceName) else record.actor
    move_change_times(type(owner), [owner.pk], timezone.now())
    return record


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
    before = _shown_before(actor)
    side_before = actor.side_id
    _apply(actor, changes, {"name", "kind", "side", "parent", "description"})
    _save(actor, user, reason=reason)
    if side_before != actor.side_id:
        _refresh_actor_places(actor)
    _touch_what_shows(actor)
    _touch_claims_showing(actor, before)
    return actor


CATALOGUE_MODELS = (Side, Place, PlaceName, Actor, ActorName, Source)


def _catalogue_permission(instance, action: str) -> str:
    owners = {PlaceName: Place, ActorName: Actor}
    model = owners.get(type(instance), type(instance))
    if type(instance) in owners and action != "change":
        action = "change"  # a place's or an actor's names are part of it
    return f"claims.{action}_{model._meta.model_name}"


@transaction.atomic
def catalogue_save(*, instance, user=None, seen: Seen | None = None):
    """Save a catalogue record edited as a whole (the admin's and the desk's forms do this);
    ``seen``: what the editor's form showed (:func:`_keep_others_edits`).

    Changing an actor's side changes which side its claims speak for, so the pictures of the
    places it has made claims about are rebuilt.
    """
    if not isinstance(instance, CATALOGUE_MODELS):
        raise TypeError(f"{type(instance).__name__} is not a catalogue record.")
    _require(user, _catalogue_permission(instance, "add" if instance._state.adding else "change"))
    _begin_write()
    before = _shown_before(instance, _keep_others_edits(instance, seen))
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
    _touch_claims_showing(instance, before)
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
