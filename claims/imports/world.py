"""What an import's plan reads: the records a file names, as on file, and how it finds out
that another write changed them meanwhile (see :mod:`claims.imports.bulk`).

A big file is planned in batches (:mod:`claims.imports.batches`), so what later rows look up
is kept small: places, actors and sides (few) as records; sources and claims as keys
(:class:`SourceKey`, :class:`ClaimKey`), turned back into stand-in records when a row needs one.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

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


class ClaimKey(NamedTuple):
    """A claim a later row may find again (a duplicate) or answer: what those rules read."""

    pk: int
    place_id: int
    side_id: int | None
    verb: str
    stated_at: datetime
    updated_at: datetime | None  # as on file; None for the file's own


class SourceKey(NamedTuple):
    """A source a later row may cite again: what completing it reads."""

    pk: int
    url: str
    title: str
    publisher_id: int | None
    published_at: datetime | None
    updated_at: datetime | None  # as on file; None for the file's own


CLAIM_KEY = ("pk", "place_id", "side_id", "verb", "stated_at", "updated_at")
SOURCE_KEY = ("pk", "url", "title", "publisher_id", "published_at", "updated_at")


def record_of(model, key: ClaimKey | SourceKey):
    """A stand-in for the saved record ``key`` keeps: enough for the rules that read it."""
    record = model(**key._asdict())
    record._state.adding = False
    return record


def source_key(source: Source) -> SourceKey:
    """``source``'s key; the file's own sources are marked ``_ours``."""
    values = (getattr(source, name) for name in SOURCE_KEY[:-1])
    return SourceKey(*values, None if getattr(source, "_ours", False) else source.updated_at)


@dataclass
class World:
    """The records a file names, as on file: by slug, URL or title, and the claims already
    recorded between its places and actors."""

    places: dict[str, Place] = field(default_factory=dict)
    names: dict[str, dict] = field(default_factory=dict)  # by place slug
    sides: dict[str, Side] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    sources_by_url: dict[str, Source | SourceKey] = field(default_factory=dict)
    sources_by_title: dict[str, Source | SourceKey] = field(default_factory=dict)
    claims: dict[tuple, Claim | ClaimKey] = field(default_factory=dict)
    # The claims on file a batch of rows judges, and the verdicts on file about them.
    claims_by_pk: dict[int, Claim] = field(default_factory=dict)
    verdicts: set[tuple] = field(default_factory=set)
    # Every claim on file the file judges, by id: its time of change as first read.
    judged: dict[int, datetime] = field(default_factory=dict)
    # Sources held as records since the last batch was written: kept as keys after it.
    fresh: list[Source] = field(default_factory=list)

    @classmethod
    def load(cls, *, places=(), actors=()) -> "World":
        world = cls()
        for batch in chunks(places):
            world.places.update((p.slug, p) for p in Place.objects.filter(slug__in=batch))
        slugs = {p.pk: p.slug for p in world.places.values()}
        for batch in chunks(slugs):
            for name in PlaceName.objects.filter(place_id__in=batch).order_by("pk"):
                world.names.setdefault(slugs[name.place_id], {})[(name.name, name.language)] = name
        world.sides = {side.slug: side for side in Side.objects.all()}
        for batch in chunks(actors):
            for actor in Actor.objects.select_related("parent", "side").filter(slug__in=batch):
                world.actors[actor.slug] = actor
        actor_ids = [a.pk for a in world.actors.values()]
        if slugs and actor_ids:
            for batch in chunks(slugs):
                for claimant_id, *key in (
                    Claim.objects.filter(place_id__in=batch, claimant_id__in=actor_ids)
                    .order_by("pk")
                    .values_list("claimant_id", *CLAIM_KEY)
                ):
                    found = ClaimKey(*key)
                    world.claims.setdefault(world.key(claimant_id, found), found)
        return world

    def load_claims(self, ids: Iterable[int]) -> None:
        """The claims on file a batch of rows judges, with the verdicts on file about them, in
        place of the last batch's: a file's worth of claims and verdicts is never held."""
        self.claims_by_pk, self.verdicts = {}, set()
        for batch in chunks(ids):
            for claim in Claim.objects.select_related("claimant").filter(pk__in=batch):
                self.claims_by_pk[claim.pk] = claim
                self.judged.setdefault(claim.pk, claim.updated_at)
            self.verdicts.update(
                Verification.objects.filter(claim_id__in=batch).values_list(
                    "claim_id", "status", "decided_at", "verifier_id"
                )
            )

    def load_sources(self, *, urls=(), titles=()) -> None:
        """The sources on file that a batch of rows names and no earlier batch did."""
        urls = [url for url in urls if url not in self.sources_by_url]
        titles = [title for title in titles if title not in self.sources_by_title]
        for batch in chunks(urls):
            for source in Source.objects.select_related("publisher").filter(url__in=batch):
                self.keep(source)
        for batch in chunks(titles):
            for source in (
                Source.objects.select_related("publisher")
                .filter(url="", title__in=batch)
                .order_by("-pk")  # the first on file with the title is the one kept
            ):
                self.keep(source)

    def keep(self, source: Source | SourceKey) -> None:
        kept = self.sources_by_url if source.url else self.sources_by_title
        kept[source.url or source.title] = source
        if isinstance(source, Source):
            self.fresh.append(source)

    def keep_keys(self) -> None:
        """Keep of the sources held as records (saved, or on file) only the keys that later
        rows look up."""
        fresh, self.fresh = self.fresh, []
        for source in fresh:
            self.keep(source_key(source))

    @staticmethod
    def key(claimant_id: int, claim: Claim | ClaimKey) -> tuple:
        return (claimant_id, claim.place_id, claim.stated_at, claim.verb, claim.side_id)

    @classmethod
    def claim_key(cls, claim: Claim) -> tuple:
        return cls.key(claim.claimant_id, claim)

    def claim(self, claimant, place, stated_at, verb, side) -> Claim | ClaimKey | None:
        return self.claims.get((claimant.pk, place.pk, stated_at, verb, side.pk if side else None))

    def names_of(self, place: Place) -> dict:
        return {key: name.kind for key, name in self.names.get(place.slug, {}).items()}

    def changed_since(self, moment: datetime, planner: "Planner", stamp: datetime) -> bool:
        """Whether another write changed a record this world holds, or made one with a key the
        plan gives a new record, since it was loaded. Every write stamps what it changes at or
        after the data version's change time, so with ``moment`` the version's time before
        loading, this reads only what changed around then, not the whole world again; the
        import's own rows carry ``stamp``."""
        ours = planner.made
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
        known_places = [p.pk for p in self.places.values() if p.pk not in ours[Place]]
        for batch in chunks(known_places):
            for pk in PlaceName.objects.filter(place_id__in=batch).values_list("pk", flat=True):
                if pk not in names and pk not in ours[PlaceName]:
                    return True
        claims = {c.pk: c.updated_at for c in self.claims.values()} | self.judged
        # A verdict recorded on a claim raises its version and stamps it (verification_record),
        # so the claims judged are watched through their own time of change.
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
        return False
