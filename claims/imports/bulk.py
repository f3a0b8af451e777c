"""How the imports write a whole file without making every other write wait.

Every write takes the data version's lock (:func:`claims.services._begin_write`), so an import
that wrote row by row inside its transaction held it for minutes. An import here runs in two
phases. Planning reads the records the file names once (:class:`World`) and decides, row by
row and with the services' own rules (``claim_build``, ``check_verdict``, ``verification_build``,
``source_completion``, ``check_citations_distinct``, the models' ``full_clean``), everything the
file creates; all problems of all rows are reported and nothing is locked. Writing then takes
the lock and, in one short transaction, creates the few catalogue records (sides, places,
names, actors) through their services and the many claims, citations, sources, verdicts and
their history rows with bulk inserts, and rebuilds each touched place's picture once.

If another write changed a record the plan read in between, the plan is made again; the last
attempt plans under the lock, so an import always ends, with the result it would have alone.
"""

import hashlib
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from claims import services
from claims.choices import SourceKind, Status
from claims.imports import common
from claims.imports.common import Report, Rollback, RowError
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
from claims.text import full_clean_with_text_rules
from claims.views.errors import is_lock_timeout
from claims.webhooks import events

# Plans made without the lock before one is made under it (see the module's docstring).
ATTEMPTS = 3
# Keys per IN list: SQLite allows 32,766 variables in a statement.
CHUNK = 5000
# Relations to records the import has not saved yet: checked by the database at insert.
CLAIM_RELATIONS = {"place", "claimant", "side", "answers", "current_verification"}
VERIFICATION_RELATIONS = {"claim", "verifier", "recorded_by", "current_for"}


def chunks(values: Iterable) -> Iterable[list]:
    values = sorted(values, key=str)
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def real(record):
    """The saved record that stands in for ``record`` once the write phase has made it."""
    return getattr(record, "_made", record)


@dataclass
class World:
    """The records a file names, as on file: by slug, URL or title, and the claims already
    recorded between its places and actors. ``fingerprint`` tells whether any changed."""

    places: dict[str, Place] = field(default_factory=dict)
    names: dict[int, dict] = field(default_factory=dict)
    sides: dict[str, Side] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    sources_by_url: dict[str, Source] = field(default_factory=dict)
    sources_by_title: dict[str, Source] = field(default_factory=dict)
    claims: dict[tuple, Claim] = field(default_factory=dict)
    claims_by_pk: dict[int, Claim] = field(default_factory=dict)
    verdicts: set[tuple] = field(default_factory=set)
    fingerprint: str = ""

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
            world.actors.update(
                (a.slug, a)
                for a in Actor.objects.select_related("parent", "side").filter(slug__in=batch)
            )
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
        world.fingerprint = world._fingerprint()
        return world

    @staticmethod
    def claim_key(claim: Claim) -> tuple:
        return (claim.claimant_id, claim.place_id, claim.stated_at, claim.verb, claim.side_id)

    def claim(self, claimant, place, stated_at, verb, side) -> Claim | None:
        return self.claims.get((claimant.pk, place.pk, stated_at, verb, side.pk if side else None))

    def names_of(self, place: Place) -> dict:
        return {key: name.kind for key, name in self.names.get(place.pk, {}).items()}

    def _fingerprint(self) -> str:
        """Everything the plan may have read of each record, so that a change by another write
        between planning and writing is noticed."""
        parts = [
            sorted((p.pk, p.updated_at.isoformat()) for p in self.places.values()),
            sorted((n.pk, n.kind) for names in self.names.values() for n in names.values()),
            sorted((s.pk, s.slug, s.name) for s in self.sides.values()),
            sorted(
                (a.pk, a.updated_at.isoformat(), a.side_id, a.parent_id)
                for a in self.actors.values()
            ),
            sorted(
                (s.pk, s.updated_at.isoformat())
                for s in [*self.sources_by_url.values(), *self.sources_by_title.values()]
            ),
            sorted(
                (c.pk, c.version, c.status, c.current_verification_id) for c in self.claims.values()
            ),
        ]
        return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


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
        self.catalogue: list[tuple[int, Callable, object]] = []
        self.new_sources: list[Source] = []
        self.completed: dict[int, tuple[Source, list[str]]] = {}
        self.claims: list[NewClaim] = []
        self.verdicts: list[NewVerdict] = []
        self._ids = itertools.count(-1, -1)

    # -- to be provided by each import

    def load(self) -> World:
        raise NotImplementedError

    def plan(self) -> None:
        raise NotImplementedError

    # -- planning

    def prepare(self) -> None:
        self.now = timezone.now()
        self.world = self.load()
        self.plan()

    def row(self, line: int, decide: Callable, *args) -> None:
        try:
            decide(*args)
        except (ValidationError, RowError) as error:
            self.report.errors.append((line, common.message(error)))

    def _stand_in(self, record):
        record.pk = next(self._ids)
        return record

    def side(self, line: int, slug: str, name: str) -> Side | None:
        if not slug:
            return None
        side = self.world.sides.get(slug)
        if side is None:
            side = self._stand_in(
                Side(name=name or slug.replace("-", " ").title(), slug=slug, position=99)
            )
            self.catalogue.append(
                (
                    line,
                    lambda s=side: services.side_create(name=s.name, slug=s.slug, position=99),
                    side,
                )
            )
            self.world.sides[slug] = side
            self.report.made("sides")
        return side

    def new_place(self, line: int, **values) -> Place:
        place = self._stand_in(Place(**values))

        def make(p=place):
            return services.place_create(
                name=p.name,
                slug=p.slug,
                kind=p.kind,
                parent=real(p.parent) if p.parent_id else None,
                latitude=p.latitude,
                longitude=p.longitude,
            )

        self.catalogue.append((line, make, place))
        self.world.places[place.slug] = place
        self.report.made("places")
        return place

    def new_place_name(self, line: int, place: Place, *, name: str, language: str, kind: str):
        record = PlaceName(place=place, name=name, language=language, kind=kind)
        self.catalogue.append(
            (
                line,
                lambda: services.place_name_add(
                    place=real(place), name=name, language=language, kind=kind
                ),
                None,
            )
        )
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

        def make(a=actor):
            return services.actor_create(
                name=a.name,
                slug=a.slug,
                kind=a.kind,
                side=real(a.side) if a.side_id else None,
                parent=real(a.parent) if a.parent_id else None,
            )

        self.catalogue.append((line, make, actor))
        self.world.actors[ref.slug] = actor
        self.report.made("actors")
        return actor

    def set_organisation(self, line: int, actor: Actor, organisation: Actor) -> None:
        """``actor`` (which had none) speaks for ``organisation``."""
        actor.parent = organisation
        if actor.pk > 0:
            self.catalogue.append(
                (
                    line,
                    lambda: services.actor_update(
                        actor=Actor.objects.get(pk=actor.pk),
                        parent=real(organisation),
                        reason="Organisation added",
                    ),
                    None,
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

    # -- writing

    def write(self, now: datetime) -> None:
        for line, make, stand_in in self.catalogue:
            try:
                made = make()
            except (ValidationError, RowError) as error:
                raise Refused(line, error) from None
            if stand_in is not None:
                stand_in._made = made
        for source, changed in self.completed.values():
            if source.publisher_id:
                source.publisher = real(source.publisher)
            services.save_completed_source(source, changed)
        self._write_sources()
        self._write_claims(now)
        self._write_verdicts()
        touched = {real(c.claim.place).pk for c in self.claims}
        touched |= {v.claim.place_id for v in self.verdicts}
        services.refresh_place_states(touched)

    def _write_sources(self) -> None:
        for source in self.new_sources:
            if source.publisher_id:
                source.publisher = real(source.publisher)
        Source.objects.bulk_create(self.new_sources)
        Source.history.bulk_history_create(self.new_sources)

    def _write_claims(self, now: datetime) -> None:
        claims = [c.claim for c in self.claims]
        answered = []
        for claim in claims:
            claim.pk = None
            claim.place, claim.claimant = real(claim.place), real(claim.claimant)
            claim.side = real(claim.side) if claim.side_id else None
            claim.derive()
            if claim.answers_id is not None:
                # Answers lie earlier in the file and may share the insert's batch: linked after.
                answered.append((claim, claim.answers))
                claim.answers = None
        Claim.objects.bulk_create(claims)
        for claim, answers in answered:
            claim.answers = answers
        Claim.objects.bulk_update([claim for claim, _ in answered], ["answers"])
        Claim.history.bulk_history_create(claims)
        citations = [
            Citation(claim=c.claim, source=source, excerpt="", locator="", position=position)
            for c in self.claims
            for position, (source, _) in enumerate(c.citations)
        ]
        Citation.objects.bulk_create(citations)
        Citation.history.bulk_history_create(citations)
        firsts = [services.first_verification(claim, now=now) for claim in claims]
        verdicts = [c for c in self.claims if c.verdict is not None]
        for c in verdicts:
            verification = c.verdict.verification
            verification.claim = c.claim
            if verification.verifier_id:
                verification.verifier = real(verification.verifier)
        Verification.objects.bulk_create([*firsts, *(c.verdict.verification for c in verdicts)])
        self._evidence([c.verdict for c in verdicts])
        by_claim = {id(c.claim): c for c in verdicts}
        for claim, first in zip(claims, firsts, strict=True):
            pool = [first]
            if (item := by_claim.get(id(claim))) is not None:
                pool.append(item.verdict.verification)
                claim.version += 1
                claim._change_reason = f"Verification: {Status(item.verdict.status).label}"
            current = services.standing(pool)
            claim.status, claim.current_verification = current.status, current
            claim.updated_at = now
        Claim.objects.bulk_update(
            claims, ["status", "current_verification", "version", "updated_at"]
        )
        Claim.history.bulk_history_create([c.claim for c in verdicts], update=True)
        events.claims_created(claims)
        events.verifications_recorded([c.verdict.verification for c in verdicts])

    def _evidence(self, verdicts: list[Verdict]) -> None:
        links = []
        for verdict in verdicts:
            sources = {real(source).pk: real(source) for source in verdict.evidence}
            links.extend(
                VerificationEvidence(verification=verdict.verification, source=source)
                for source in sources.values()
            )
        VerificationEvidence.objects.bulk_create(links)

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
            if verification.verifier_id:
                verification.verifier = real(verification.verifier)
        # No claim lock is needed: every write to a claim first takes the version lock, held here.
        on_file = {claim_id: [] for claim_id in claims}
        for batch in chunks(claims):
            for verification in Verification.objects.filter(claim_id__in=batch).order_by("pk"):
                on_file[verification.claim_id].append(verification)
        for item in self.verdicts:
            item.verdict.verification.claim_version = item.claim.version + 1
            item.claim.version += 1
        Verification.objects.bulk_create([item.verdict.verification for item in self.verdicts])
        self._evidence([item.verdict for item in self.verdicts])
        history = []
        for item in self.verdicts:
            claim = item.claim
            on_file[claim.pk].append(item.verdict.verification)
            current = services.standing(on_file[claim.pk])
            claim.status, claim.current_verification = current.status, current
            history.append(_snapshot(claim, item.verdict))
        now = timezone.now()
        for claim in claims.values():
            claim.updated_at = now
        Claim.objects.bulk_update(
            list(claims.values()), ["status", "current_verification", "version", "updated_at"]
        )
        Claim.history.bulk_history_create(history, update=True)
        events.verifications_recorded([item.verdict.verification for item in self.verdicts])


def _snapshot(claim: Claim, verdict: Verdict) -> Claim:
    """The claim as it stood after ``verdict``, for its history row."""
    copy = Claim(**{f.attname: getattr(claim, f.attname) for f in Claim._meta.concrete_fields})
    copy.version = verdict.verification.claim_version
    copy._change_reason = f"Verification: {Status(verdict.status).label}"
    return copy


def run(make_planner: Callable[[Report], Planner], report: Report, *, dry_run: bool) -> None:
    """Plan, then write in one short transaction (see the module's docstring); ``report`` gets
    the outcome of the attempt that counted."""
    for attempt in range(ATTEMPTS):
        trial = Report(rows=report.rows)
        planner = make_planner(trial)
        locked = attempt == ATTEMPTS - 1
        try:
            if not locked:
                planner.prepare()
                if trial.errors:
                    break
            with transaction.atomic():
                now = services.begin_bulk_write()
                if locked:
                    planner.prepare()
                    if trial.errors:
                        raise Rollback
                elif planner.load().fingerprint != planner.world.fingerprint:
                    raise Changed
                planner.write(now)
                if dry_run:
                    raise Rollback
        except Changed:
            continue
        except Rollback:
            pass
        except Refused as refused:
            trial.errors.append((refused.line, common.message(refused.error)))
        except IntegrityError as error:
            trial.errors.append((0, f"the database refused the file: {error}"))
        except OperationalError as error:
            if not is_lock_timeout(error) or locked:
                raise
            continue
        break
    report.created, report.present = trial.created, trial.present
    report.created_records = trial.created_records
    report.errors.extend(trial.errors)
