"""What an import's plan reads: the records a file names, as on file, and how it finds out
that another write changed them meanwhile (see :mod:`claims.imports.bulk`)."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from claims.models import (
    Actor,
    Claim,
    Place,
    PlaceName,
    Side,
    Source,
    Verification,
)

if TYPE_CHECKING:
    from claims.imports.planner import Planner

# Keys per IN list: SQLite allows 32,766 variables in a statement.
CHUNK = 5000


def chunks(values: Iterable) -> Iterable[list]:
    values = sorted(values, key=str)
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


@dataclass
class World:
    """The records a file names, as on file: by slug, URL or title, and the claims already
    recorded between its places and actors."""

    places: dict[str, Place] = field(default_factory=dict)
    names: dict[int, dict] = field(default_factory=dict)
    sides: dict[str, Side] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    sources_by_url: dict[str, Source] = field(default_factory=dict)
    sources_by_title: dict[str, Source] = field(default_factory=dict)
    claims: dict[tuple, Claim] = field(default_factory=dict)
    claims_by_pk: dict[int, Claim] = field(default_factory=dict)
    verdicts: set[tuple] = field(default_factory=set)

    @classmethod
    def load(cls, *, places=(), actors=(), urls=(), titles=(), claim_ids=()) -> "World":
        world = cls()
        for batch in chunks(places):
            world.places.update((p.slug, p) for p in Place.objects.filter(slug__in=batch))
        place_ids = [p.pk for p in world.places.values()]
        for batch in chunks(place_ids):
            for name in PlaceName.objects.filter(place_id__in=batch).order_by("pk"):
                world.names.setdefault(name.place_id, {})[(name.name, name.language)] = name
        world.sides = {side.slug: side for side in Side.objects.all()}
        for batch in chunks(actors):
            for actor in Actor.objects.select_related("parent", "side").filter(slug__in=batch):
                world.actors[actor.slug] = actor
        for batch in chunks(urls):
            world.sources_by_url.update(
                (s.url, s) for s in Source.objects.select_related("publisher").filter(url__in=batch)
            )
        for batch in chunks(titles):
            for source in (
                Source.objects.select_related("publisher")
                .filter(url="", title__in=batch)
                .order_by("pk")
            ):
                world.sources_by_title.setdefault(source.title, source)
        actor_ids = [a.pk for a in world.actors.values()]
        if place_ids and actor_ids:
            for batch in chunks(place_ids):
                for claim in (
                    Claim.objects.filter(place_id__in=batch, claimant_id__in=actor_ids)
                    .select_related("side")
                    .order_by("pk")
                ):
                    world.claims.setdefault(world.claim_key(claim), claim)
        for batch in chunks(claim_ids):
            for claim in Claim.objects.select_related("claimant").filter(pk__in=batch):
                world.claims.setdefault(world.claim_key(claim), claim)
                world.claims_by_pk[claim.pk] = claim
            world.verdicts.update(
                Verification.objects.filter(claim_id__in=batch).values_list(
                    "claim_id", "status", "decided_at", "verifier_id"
                )
            )
        return world

    @staticmethod
    def claim_key(claim: Claim) -> tuple:
        return (claim.claimant_id, claim.place_id, claim.stated_at, claim.verb, claim.side_id)

    def claim(self, claimant, place, stated_at, verb, side) -> Claim | None:
        return self.claims.get((claimant.pk, place.pk, stated_at, verb, side.pk if side else None))

    def names_of(self, place: Place) -> dict:
        return {key: name.kind for key, name in self.names.get(place.pk, {}).items()}

    def changed_since(self, moment: datetime, planner: "Planner", stamp: datetime) -> bool:
        """Whether another write changed a record this world holds, or made one with a key the
        plan gives a new record, since it was loaded. Every write stamps what it changes at or
        after the data version's change time, so with ``moment`` the version's time before
        loading, this reads only what changed around then, not the whole world again; the
        import's own rows carry ``stamp``."""
        ours = {
            PlaceName: {r.pk for r in planner.new_names},
            Side: {r.pk for r in planner.new_sides},
        }
        checks = [
            (Place, "slug", self.places),
            (Actor, "slug", self.actors),
            (Source, "url", self.sources_by_url),
            (Source, "title", self.sources_by_title),
        ]
        for model, key, records in checks:
            for value, changed in (
                model.objects.filter(updated_at__gte=moment)
                .exclude(updated_at=stamp)
                .values_list(key, "updated_at")
            ):
                seen = records.get(value)
                if seen is not None and seen.updated_at != changed:
                    return True
        sides = {(s.pk, s.slug, s.name, s.colour) for s in self.sides.values()}
        for side in Side.objects.exclude(pk__in=ours[Side]).values_list(
            "pk", "slug", "name", "colour"
        ):
            if side not in sides:
                return True
        names = {n.pk for place_names in self.names.values() for n in place_names.values()}
        new_places = {p.pk for p in planner.new_places}
        known_places = [p.pk for p in self.places.values() if p.pk not in new_places]
        for batch in chunks(known_places):
            for pk in PlaceName.objects.filter(place_id__in=batch).values_list("pk", flat=True):
                if pk not in names and pk not in ours[PlaceName]:
                    return True
        claims = {c.pk: c.updated_at for c in [*self.claims.values(), *self.claims_by_pk.values()]}
        for pk, changed, *key in (
            Claim.objects.filter(updated_at__gte=moment)
            .exclude(updated_at=stamp)
            .values_list(
                "pk", "updated_at", "claimant_id", "place_id", "stated_at", "verb", "side_id"
            )
        ):
            if claims.get(pk, changed) != changed or (
                pk not in claims and tuple(key) in self.claims
            ):
                return True
        for batch in chunks(self.claims_by_pk):
            for verdict in (
                Verification.objects.filter(recorded_at__gte=moment, claim_id__in=batch)
                .exclude(recorded_at=stamp)
                .values_list("claim_id", "status", "decided_at", "verifier_id")
            ):
                if verdict not in self.verdicts:
                    return True
        return False
