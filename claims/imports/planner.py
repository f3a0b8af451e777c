"""An import's plan: the records a file creates, decided row by row with the services' own
rules on unsaved instances, and written in one go (see :mod:`claims.imports.bulk`)."""

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from claims import selectors, services
from claims.choices import SourceKind, Status
from claims.imports import common, rows
from claims.imports.common import Report, RowError
from claims.imports.world import World, chunks
from claims.models import (
    Actor,
    Citation,
    Claim,
    Place,
    PlaceName,
    Side,
    Source,
    Verification,
    VerificationEvidence,
)
from claims.models.actors import default_side_colour
from claims.text import full_clean_with_text_rules
from claims.webhooks import events

# Relations to records the import has not saved yet: checked by the database at insert.
CLAIM_RELATIONS = {"place", "claimant", "side", "answers", "current_verification"}
VERIFICATION_RELATIONS = {"claim", "verifier", "recorded_by", "current_for"}


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


@dataclass
class NewVerdict:
    line: int
    claim: Claim
    verdict: Verdict


class Refused(Exception):
    """A service refused a record during the write: the whole file is rolled back."""

    def __init__(self, line: int, error: Exception):
        super().__init__(error)
        self.line, self.error = line, error


class Changed(Exception):
    """A record the plan read changed before the write took the lock."""


class Planner:
    """What the two imports share: the records a file creates, stood in for by unsaved
    instances (with temporary negative ids, so that the models' checks can compare them)
    until the write phase makes them."""

    def __init__(self, report: Report):
        self.report = report
        self.world = World()
        self.now = timezone.now()
        # Changes to records on file, through their services, under the lock.
        self.updates: list[tuple[int, Callable]] = []
        self.new_sides: list[Side] = []
        self.new_places: list[Place] = []
        self.new_names: list[PlaceName] = []
        self.new_actors: list[Actor] = []
        self.new_sources: list[Source] = []
        self.completed: dict[int, tuple[Source, list[str]]] = {}
        self.claims: list[NewClaim] = []
        self.verdicts: list[NewVerdict] = []
        # The places whose pictures the write changed: stamped under the version lock.
        self.touched: set[int] = set()
        self._ids = itertools.count(-1, -1)
        # A progress bar (tqdm's interface), advanced by one for each row planned.
        self.progress = None

    # -- to be provided by each import

    def load(self) -> World:
        raise NotImplementedError

    def plan(self) -> None:
        raise NotImplementedError

    # -- planning

    def prepare(self) -> None:
        self.loaded_at = selectors.data_version().changed_at
        self.now = timezone.now()
        self.world = self.load()
        self.plan()

    def row(self, line: int, decide: Callable, *args) -> None:
        try:
            decide(*args)
        except (ValidationError, RowError) as error:
            self.report.errors.append((line, common.message(error)))
        if self.progress is not None:
            self.progress.update()

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
            self.new_sides.append(side)
            self.world.sides[slug] = side
            self.report.made("sides")
        return side

    def new_place(self, line: int, **values) -> Place:
        place = self._stand_in(Place(**values))
        full_clean_with_text_rules(place, exclude={"parent"}, database=False)
        self.new_places.append(place)
        self.world.places[place.slug] = place
        self.report.made("places")
        return place

    def new_place_name(self, line: int, place: Place, *, name: str, language: str, kind: str):
        record = PlaceName(place=place, name=name, language=language, kind=kind)
        full_clean_with_text_rules(record, exclude={"place"}, database=False)
        self.new_names.append(record)
        self.world.names.setdefault(place.pk, {})[(name, language)] = record
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
        self.new_actors.append(actor)
        self.world.actors[ref.slug] = actor
        self.report.made("actors")
        return actor

    def set_organisation(self, line: int, actor: Actor, organisation: Actor) -> None:
        """``actor`` (which had none) speaks for ``organisation``."""
        actor.parent = organisation
        if actor.pk > 0:
            self.updates.append(
                (
                    line,
                    lambda: services.actor_update(
                        actor=Actor.objects.get(pk=actor.pk),
                        parent=organisation,
                        reason="Organisation added",
                    ),
                )
            )

    def source(
        self, line: int, *, url, title, publisher, published_at, field, publisher_required=False
    ) -> Source:
        """The source a row cites or gives as evidence: found by URL (or by title, without
        one) and completed, or made (a new one by URL naming its publisher, if required)."""
        found = (
            self.world.sources_by_url.get(url) if url else self.world.sources_by_title.get(title)
        )
        if found is not None:
            changed = services.source_completion(
                found, publisher=publisher, published_at=published_at, field=field
            )
            if changed and found.pk is not None:
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
        self.new_sources.append(source)
        if url:
            self.world.sources_by_url[url] = source
        else:
            self.world.sources_by_title[title] = source
        self.report.made("sources")
        return source

    def new_claim(self, line: int, values: dict, *, citations, verdict: Verdict | None) -> Claim:
        claim = self._stand_in(services.claim_build(values))
        full_clean_with_text_rules(claim, exclude=CLAIM_RELATIONS, database=False)
        services.check_citations_distinct([source for source, _ in citations])
        if verdict is not None:
            verdict.verification = self._verification(claim, verdict)
        self.claims.append(NewClaim(line, claim, citations, verdict))
        self.world.claims[World.claim_key(claim)] = claim
        return claim

    def new_verdict(self, line: int, claim: Claim, verdict: Verdict) -> None:
        verdict.verification = self._verification(claim, verdict)
        self.verdicts.append(NewVerdict(line, claim, verdict))

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

    # -- writing: new rows first, before the lock; then, under it, what others can see change

    def write(self, stamp: datetime) -> None:
        """Write everything, with ``stamp`` as the change and recording time of every row.

        Sync clients follow those times, so no other write may commit a time after ``stamp``
        before this transaction commits: :func:`run` takes the version lock before ``stamp``
        comes and commits after it has passed."""
        self.stamp = stamp
        self.insert()
        self.finish()

    def insert(self) -> None:
        """The new records: invisible to others until commit, so no other write waits."""
        for side in self.new_sides:
            side.pk = None  # not its stand-in id, which SQLite would store
        rows.insert(Side, self.new_sides, self.stamp)
        self._insert_tree(Place, self.new_places)
        for name in self.new_names:
            name.place = name.place  # its id, now that the place is saved
            name.derive()
        rows.insert(PlaceName, self.new_names, self.stamp)
        for actor in self.new_actors:
            actor.side = actor.side
        self._insert_tree(Actor, self.new_actors)
        for source in self.new_sources:
            source.publisher = source.publisher
        rows.insert(Source, self.new_sources, self.stamp)
        self._insert_claims()

    def finish(self) -> None:
        """Changes to records on file, the verdicts, the claims' statuses, and each touched
        place's picture, once. Other writes to these records (rare: an import's records are
        mostly its own) wait for the commit, at most DATABASE_LOCK_TIMEOUT."""
        now = self.stamp
        for line, make in self.updates:
            try:
                make()
            except (ValidationError, RowError) as error:
                raise Refused(line, error) from None
        for source, changed in self.completed.values():
            source.publisher = source.publisher
            services.save_completed_source(source, changed)
        claims = [c.claim for c in self.claims]
        firsts = [services.first_verification(claim, now=now) for claim in claims]
        verdicts = [c.verdict for c in self.claims if c.verdict is not None]
        for verdict in verdicts:
            verdict.verification.claim = verdict.verification.claim  # its id, now it is saved
            verdict.verification.verifier = verdict.verification.verifier
        rows.copy(Verification, [*firsts, *(v.verification for v in verdicts)], self.stamp)
        self._evidence(verdicts)
        for item, first in zip(self.claims, firsts, strict=True):
            pool = [first]
            if item.verdict is not None:
                pool.append(item.verdict.verification)
                item.claim.version += 1
                item.claim._change_reason = f"Verification: {Status(item.verdict.status).label}"
            current = services.standing(pool)
            item.claim.status, item.claim.current_verification = current.status, current
            item.claim.updated_at = now
        rows.upsert(Claim, claims, ["status", "current_verification", "version", "updated_at"])
        judged = [c.claim for c in self.claims if c.verdict is not None]
        rows.history(Claim, judged, now, update=True)
        self._write_verdicts()
        touched = {claim.place_id for claim in claims}
        touched |= {v.claim.place_id for v in self.verdicts}
        services.refresh_place_states(touched, touch=False)
        self.touched = touched
        events.claims_created(claims)
        events.verifications_recorded([v.verification for v in verdicts])

    def _insert_tree(self, model, records: list) -> None:
        for record in records:
            record.pk = None
        for level in rows.levels(records):
            for record in level:
                record.parent = record.parent  # its id, now that the parent is saved
                record.derive()
            rows.insert(model, level, self.stamp)

    def _insert_claims(self) -> None:
        claims = [c.claim for c in self.claims]
        answered = []
        for claim in claims:
            claim.pk = None
            claim.place, claim.claimant, claim.side = claim.place, claim.claimant, claim.side
            claim.derive()
            if claim.answers_id is not None:
                # Answers lie earlier in the file and may share the insert's batch: linked after.
                answered.append((claim, claim.answers))
                claim.answers = None
        rows.copy(Claim, claims, self.stamp)
        for claim, answers in answered:
            claim.answers = answers
        rows.upsert(Claim, [claim for claim, _ in answered], ["answers"])
        # A new claim's history starts unreviewed, as claim_create records it; the verdict a
        # file carries over adds a second row when it is recorded (see finish()).
        rows.history(Claim, claims, self.stamp)
        citations = [
            Citation(claim=c.claim, source=source, excerpt="", locator="", position=position)
            for c in self.claims
            for position, (source, _) in enumerate(c.citations)
        ]
        rows.insert(Citation, citations, self.stamp)

    def _evidence(self, verdicts: list[Verdict]) -> None:
        links = []
        for verdict in verdicts:
            sources = {source.pk: source for source in verdict.evidence}
            links.extend(
                VerificationEvidence(verification=verdict.verification, source=source)
                for source in sources.values()
            )
        rows.copy(VerificationEvidence, links, self.stamp)

    def _write_verdicts(self) -> None:
        """Verdicts on claims already on file, in the file's order: each raises the claim's
        version, and the claim's status becomes the verdict that stands."""
        if not self.verdicts:
            return
        claims = {}
        for item in self.verdicts:
            claim = claims.setdefault(item.claim.pk, item.claim)
            verification = item.verdict.verification
            verification.claim = claim
            verification.verifier = verification.verifier
        on_file = {claim_id: [] for claim_id in claims}
        for batch in chunks(claims):
            for verification in Verification.objects.filter(claim_id__in=batch).order_by("pk"):
                on_file[verification.claim_id].append(verification)
        for item in self.verdicts:
            item.verdict.verification.claim_version = item.claim.version + 1
            item.claim.version += 1
        rows.copy(Verification, [item.verdict.verification for item in self.verdicts], self.stamp)
        self._evidence([item.verdict for item in self.verdicts])
        history = []
        for item in self.verdicts:
            claim = item.claim
            on_file[claim.pk].append(item.verdict.verification)
            current = services.standing(on_file[claim.pk])
            claim.status, claim.current_verification = current.status, current
            history.append(_snapshot(claim, item.verdict))
        for claim in claims.values():
            claim.updated_at = self.stamp
        rows.upsert(
            Claim,
            list(claims.values()),
            ["status", "current_verification", "version", "updated_at"],
        )
        rows.history(Claim, history, self.stamp, update=True)
        events.verifications_recorded([item.verdict.verification for item in self.verdicts])


def _snapshot(claim: Claim, verdict: Verdict) -> Claim:
    """The claim as it stood after ``verdict``, for its history row."""
    copy = Claim(**{f.attname: getattr(claim, f.attname) for f in Claim._meta.concrete_fields})
    copy.version = verdict.verification.claim_version
    copy._change_reason = f"Verification: {Status(verdict.status).label}"
    return copy
