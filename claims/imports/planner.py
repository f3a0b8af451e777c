"""An import's plan: the records a file creates, decided row by row with the services' own
rules on unsaved instances, batch by batch, each batch written before the next is planned
(:mod:`claims.imports.batches`, :mod:`claims.imports.bulk`)."""

import itertools
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from claims import selectors, services
from claims.choices import SourceKind
from claims.imports import batches, common
from claims.imports.batches import Refused
from claims.imports.common import Report, RowError
from claims.imports.world import ClaimKey, SourceKey, World, record_of
from claims.models import Actor, Claim, Place, PlaceName, Side, Source, Verification
from claims.models.actors import default_side_colour
from claims.text import full_clean_with_text_rules

__all__ = ["Changed", "Planner", "Refused", "Verdict"]

# Relations to records the import has not saved yet: checked by the database at insert.
CLAIM_RELATIONS = {"place", "claimant", "side", "answers", "current_verification"}
VERIFICATION_RELATIONS = {"claim", "verifier", "recorded_by", "current_for"}

# Rows planned before their records are written and forgotten: what the import holds at once.
BATCH_ROWS = 2000


@dataclass
class Verdict:
    """A dated verdict a row records on a claim, with the sources that are its evidence."""

    status: str
    rationale: str
    decided_at: datetime | None
    verifier: Actor | None
    evidence: list = field(default_factory=list)
    evidence_kind: str = ""
    imported: bool = True
    verification: Verification | None = None


@dataclass
class NewClaim:
    line: int
    claim: Claim
    citations: list  # (source, SourceItem)
    verdict: Verdict | None
    key: tuple  # in the world, by its stand-ins' ids
    file_id: int | None


@dataclass
class NewVerdict:
    line: int
    claim: Claim
    verdict: Verdict


@dataclass
class Batch:
    """What the rows of one batch create, until it is written."""

    sides: list[Side] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    names: list[PlaceName] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    claims: list[NewClaim] = field(default_factory=list)
    verdicts: list[NewVerdict] = field(default_factory=list)  # on claims on file
    # Sources of earlier batches that a row of this one completed.
    amended: dict[int, Source] = field(default_factory=dict)


class Changed(Exception):
    """A record the plan read changed before the write took the lock."""


def batched(rows: Iterable, size: int) -> Iterator[list]:
    rows = iter(rows)
    while batch := list(itertools.islice(rows, size)):
        yield batch


class Planner:
    """What the two imports share: the records a file creates, stood in for by unsaved
    instances (with temporary negative ids, so that the models' checks can compare them)
    until their batch is written into ``sink`` (:mod:`claims.imports.staging`)."""

    def __init__(self, report: Report, plans: Iterable = ()):
        self.report = report
        self.plans = plans
        self.world = World()
        self.now = timezone.now()
        self.sink = None
        # Changes to records on file, written when the file is published: organisations
        # given to actors that had none (actor id: line, organisation), sources completed.
        self.organisations: dict[int, tuple[int, Actor]] = {}
        self.completed: dict[int, tuple[Source, list[str]]] = {}
        self.batch = Batch()
        # Claims on file the file judges: the version its last verdict on each gives it.
        self.judged: dict[int, int] = {}
        # The catalogue records the file made (ids), which others' changes are told from.
        self.made: dict[type, set[int]] = {Side: set(), Place: set(), PlaceName: set()}
        # Claims the file names by its own ids (answers): records, then keys once written.
        self.by_file_id: dict[int, Claim | ClaimKey] = {}
        self.new_claims: list[int] = []
        self.new_verifications: list[int] = []
        # The places whose pictures the write changed: stamped under the version lock.
        self.touched: set[int] = set()
        # Places that show a record on file the file completed: stamped too, not redrawn.
        self.shown: set[int] = set()
        self._ids = itertools.count(-1, -1)
        # A progress bar (tqdm's interface), advanced by one for each row planned.
        self.progress = None

    # -- to be provided by each import

    def load(self) -> World:
        raise NotImplementedError

    def sources_named(self, plan) -> list:
        """The sources (``common.SourceItem``) a row names."""
        raise NotImplementedError

    def load_batch(self, plans: list) -> None:
        """Read the sources on file the rows of a batch name and no earlier batch did."""
        items = [item for plan in plans for item in self.sources_named(plan)]
        self.world.load_sources(
            urls={item.url for item in items if item.url},
            titles={item.title for item in items if not item.url},
        )

    def decide(self, plan) -> None:
        raise NotImplementedError

    # -- planning

    def prepare(self) -> None:
        """Plan every row, writing each batch into the sink as it is planned."""
        self.loaded_at = selectors.data_version().changed_at
        self.now = timezone.now()
        self.world = self.load()
        for plans in batched(self.plans, BATCH_ROWS):
            self.load_batch(plans)
            for plan in plans:
                self.row(plan.line, self.decide, plan)
            started = time.monotonic()
            batches.write(self)
            self.sink.seconds += time.monotonic() - started
            self.forget()

    def finish(self, stamp: datetime) -> None:
        batches.finish(self, stamp)

    def row(self, line: int, decide: Callable, *args) -> None:
        try:
            decide(*args)
        except (ValidationError, RowError) as error:
            self.report.errors.append((line, common.message(error)))
        if self.progress is not None:
            self.progress.update()

    def forget(self) -> None:
        """Keep of a written batch only what later rows look up: keys with the saved ids."""
        batch = self.batch
        for record, model in [
            *((side, Side) for side in batch.sides),
            *((place, Place) for place in batch.places),
            *((name, PlaceName) for name in batch.names),
        ]:
            self.made[model].add(record.pk)
        for item in batch.claims:
            claim = item.claim
            self.world.claims.pop(item.key, None)
            key = ClaimKey(
                claim.pk, claim.place_id, claim.side_id, claim.verb, claim.stated_at, None
            )
            self.world.claims[World.claim_key(claim)] = key
            if item.file_id is not None and self.by_file_id.get(item.file_id) is claim:
                self.by_file_id[item.file_id] = key
        self.world.keep_keys()
        self.batch = Batch()

    def _stand_in(self, record):
        record.pk = next(self._ids)
        return record

    def side(self, line: int, slug: str, name: str) -> Side | None:
        if not slug:
            return None
        side = self.world.sides.get(slug)
        if side is None:
            taken = [s.colour for s in self.world.sides.values()]
            side = self._stand_in(
                Side(
                    name=name or slug.replace("-", " ").title(),
                    slug=slug,
                    position=99,
                    colour=default_side_colour(taken),
                )
            )
            # Sides are few, and unique by name too: checked against the database as a save would.
            full_clean_with_text_rules(side)
            self.batch.sides.append(side)
            self.world.sides[slug] = side
            self.report.made("sides")
        return side

    def new_place(self, line: int, **values) -> Place:
        place = self._stand_in(Place(**values))
        full_clean_with_text_rules(place, exclude={"parent"}, database=False)
        self.batch.places.append(place)
        self.world.places[place.slug] = place
        self.report.made("places")
        return place

    def new_place_name(self, line: int, place: Place, *, name: str, language: str, kind: str):
        record = PlaceName(place=place, name=name, language=language, kind=kind)
        full_clean_with_text_rules(record, exclude={"place"}, database=False)
        self.batch.names.append(record)
        self.world.names.setdefault(place.slug, {})[(name, language)] = record
        self.report.made("place names")

    def actor(self, line: int, ref) -> Actor:
        """The actor ``ref`` names, as :func:`claims.imports.actors.resolve` finds or makes it."""
        actor = self.world.actors.get(ref.slug)
        if actor is not None:
            return actor
        parent = self.world.actors.get(ref.parent) if ref.parent else None
        if ref.parent and parent is None:
            raise RowError(f"{ref.column}: its organisation “{ref.parent}” is not on file")
        actor = self._stand_in(
            Actor(
                name=ref.name or ref.slug.replace("-", " ").title(),
                slug=ref.slug,
                kind=ref.kind or "other",
                side=self.world.sides.get(ref.side) if ref.side else None,
                parent=parent,
            )
        )
        full_clean_with_text_rules(actor, exclude={"side", "parent"}, database=False)
        self.batch.actors.append(actor)
        self.world.actors[ref.slug] = actor
        self.report.made("actors")
        return actor

    def set_organisation(self, line: int, actor: Actor, organisation: Actor) -> None:
        """``actor`` (which had none) speaks for ``organisation``."""
        actor.parent = organisation
        if actor.pk > 0:
            self.organisations[actor.pk] = (line, organisation)

    def claim_of(self, found: Claim | ClaimKey) -> Claim:
        """A claim of an earlier batch, or on file, stood in for from its key."""
        if isinstance(found, Claim):
            return found
        claim = record_of(Claim, found)
        if found.side_id is not None:
            sides = {side.pk: side for side in self.world.sides.values()}
            claim.side = sides[found.side_id]  # perhaps the file's own, not on file yet
        return claim

    def _source_of(self, found: Source | SourceKey) -> Source:
        if isinstance(found, Source):
            return found
        source = record_of(Source, found)
        source._ours = found.updated_at is None
        actors = {actor.pk: actor for actor in self.world.actors.values()}
        if found.publisher_id in actors:
            source.publisher = actors[found.publisher_id]
        self.world.keep(source)
        return source

    def source(
        self, line: int, *, url, title, publisher, published_at, field, publisher_required=False
    ) -> Source:
        """The source a row cites or gives as evidence: found by URL (or by title, without
        one) and completed, or made (a new one by URL naming its publisher, if required)."""
        found = (
            self.world.sources_by_url.get(url) if url else self.world.sources_by_title.get(title)
        )
        if found is not None:
            found = self._source_of(found)
            changed = services.source_completion(
                found, publisher=publisher, published_at=published_at, field=field
            )
            if changed and found.pk is not None and found.pk > 0:
                if getattr(found, "_ours", False):
                    self.batch.amended[found.pk] = found
                else:
                    _, before = self.completed.get(found.pk, (found, []))
                    self.completed[found.pk] = (found, before + changed)
            return found
        if url and publisher_required and publisher is None:
            raise ValidationError(
                {
                    field: f"Name the publisher of {url}: it is not on file yet, and who "
                    "published a source decides whether it counts as independent evidence."
                }
            )
        source = Source(
            url=url,
            title=(title or url[:300]) if url else title,
            kind=SourceKind.ARTICLE,
            publisher=publisher,
            published_at=published_at,
            retrieved_at=self.now if url else None,
        )
        full_clean_with_text_rules(source, exclude={"publisher"}, database=False)
        source._ours = True
        self.batch.sources.append(source)
        self.world.keep(source)
        self.report.made("sources")
        return source

    def new_claim(
        self, line: int, values: dict, *, citations, verdict: Verdict | None, file_id=None
    ) -> Claim:
        claim = self._stand_in(services.claim_build(values))
        full_clean_with_text_rules(claim, exclude=CLAIM_RELATIONS, database=False)
        services.check_citations_distinct([source for source, _ in citations])
        if verdict is not None:
            verdict.verification = self._verification(claim, verdict)
        key = World.claim_key(claim)
        self.batch.claims.append(NewClaim(line, claim, citations, verdict, key, file_id))
        self.world.claims[key] = claim
        if file_id is not None:
            self.by_file_id[file_id] = claim
        return claim

    def new_verdict(self, line: int, claim: Claim, verdict: Verdict) -> None:
        """A verdict on a claim on file, at the version the file's earlier verdicts gave it."""
        claim.version = self.judged.get(claim.pk, claim.version)
        verdict.verification = self._verification(claim, verdict)
        self.judged[claim.pk] = verdict.verification.claim_version
        self.batch.verdicts.append(NewVerdict(line, claim, verdict))

    def _verification(self, claim: Claim, verdict: Verdict) -> Verification:
        verification = services.verification_build(
            claim=claim,
            status=verdict.status,
            rationale=verdict.rationale,
            evidence_kind=verdict.evidence_kind,
            verifier=verdict.verifier,
            decided_at=verdict.decided_at,
            now=self.now,
        )
        full_clean_with_text_rules(verification, exclude=VERIFICATION_RELATIONS, database=False)
        return verification
