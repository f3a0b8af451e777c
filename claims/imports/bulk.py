"""How the imports write a whole file without making every other write wait.

Every write takes the data version's lock (:func:`claims.services._begin_write`) first and holds
it to its commit, so that the times writes stamp on what they change follow the order in which
they commit: a sync client that has seen time T never meets an older change later. An import
that wrote row by row inside its transaction held that lock for minutes. Here it runs in
phases, and holds the lock only around its commit:

1. **Reading and checking**, row by row (the file is never held whole): every cell parsed, every
   slug looked up; all problems of all rows are reported and nothing is written.
2. **Planning**, without locks: the records the file names are read once (:class:`World`), and
   row by row, with the services' own rules (``claim_build``, ``check_verdict``,
   ``verification_build``, ``source_completion``, ``check_citations_distinct``, the models'
   ``full_clean``), everything the file creates is decided, on unsaved instances.
3. **Writing**, in one transaction, without the version lock: the catalogue records, sources,
   claims, citations, verdicts and the history rows a save would write go in with one ``COPY``
   per table (PostgreSQL; ``bulk_create`` on SQLite), so the number of statements does not grow
   with the file; each touched place's picture is rebuilt once, at the end. New rows are
   invisible to others until the commit, so no other write waits for them; the rare changes to
   records already on file (an actor's organisation, a source's missing publisher, a verdict on
   a claim on file) lock only those rows.
4. **Commit**, under the version lock, held for a fraction of a second (well under
   ``DATABASE_LOCK_TIMEOUT``): see :func:`run`.

Why the result is the one the import would have alone, and nothing else sees it half done:

- *All or nothing*: everything is one transaction; a refusal anywhere rolls all of it back.
- *Nobody's change is overwritten or ignored*: the plan read the world as it stood when the
  version said ``loaded_at``. Every write stamps what it changes at or after the version's
  change time, so :meth:`World.changed_since` finds, by time, every change another write made
  since to a record the plan read (looked for once before the lock, then under it only for
  changes since that first look); a new record with a key the file also creates trips a unique
  constraint at insert. Either way the attempt is rolled back and the file planned again.
- *Time order is commit order*: every row is stamped with one moment a little ahead of the
  write (``stamp``); the version lock is taken just before ``stamp`` and the commit comes just
  after it. A write that committed before the import took its time before taking the lock,
  so before ``stamp``; a write after it takes the lock after the commit, so after ``stamp``.
  If the lock comes only after ``stamp`` (the write outlasted the time foreseen for it, or
  writers were queued for the lock), the import still commits when no write has committed a
  time at or after ``stamp`` meanwhile (the version's time says so); otherwise it starts
  again with twice the time; the last attempt, in practice never reached, writes under the
  lock from the start, when other writers wait at most ``DATABASE_LOCK_TIMEOUT`` and are
  answered 503. On SQLite, whose transactions take its one write lock at their first write
  anyway, every attempt writes under the lock.
"""

import itertools
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from operator import attrgetter

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, models, transaction
from django.utils import timezone

from claims import selectors, services
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
from claims.models.actors import default_side_colour
from claims.text import full_clean_with_text_rules
from claims.views.errors import is_lock_timeout
from claims.webhooks import events

# Plans made without the lock before one is made under it (see the module's docstring): with
# the time foreseen for the write doubled each time, the last is in practice never reached.
ATTEMPTS = 4
# Keys per IN list: SQLite allows 32,766 variables in a statement.
CHUNK = 5000
# Rows per INSERT.
BATCH = 1000
# How far ahead of the plan an import stamps its rows: a margin, plus the time its plan took
# times this (writing takes about as long as planning, by copying), doubled on each new
# attempt. Time foreseen and not needed is spent waiting, without locks, for the stamp.
STAMP_AHEAD_S = 2
WRITE_PER_PLAN = 2
# The version lock is asked for this long before the stamp, times the attempt's number, and
# held until just after it: the writers queued for it go first, and stamp earlier times only
# if they are through before the stamp. Each holds it for a few dozen statements.
LOCK_BEFORE_STAMP_S = 1
# Relations to records the import has not saved yet: checked by the database at insert.
CLAIM_RELATIONS = {"place", "claimant", "side", "answers", "current_verification"}
VERIFICATION_RELATIONS = {"claim", "verifier", "recorded_by", "current_for"}


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
        _insert(Side, self.new_sides, self.stamp)
        self._insert_tree(Place, self.new_places)
        for name in self.new_names:
            name.place = name.place  # its id, now that the place is saved
            name.derive()
        _insert(PlaceName, self.new_names, self.stamp)
        for actor in self.new_actors:
            actor.side = actor.side
        self._insert_tree(Actor, self.new_actors)
        for source in self.new_sources:
            source.publisher = source.publisher
        _insert(Source, self.new_sources, self.stamp)
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
        _copy(Verification, [*firsts, *(v.verification for v in verdicts)], self.stamp)
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
        _upsert(Claim, claims, ["status", "current_verification", "version", "updated_at"])
        _history(Claim, [c.claim for c in self.claims if c.verdict is not None], now, update=True)
        self._write_verdicts()
        touched = {claim.place_id for claim in claims}
        touched |= {v.claim.place_id for v in self.verdicts}
        services.refresh_place_states(touched)
        events.claims_created(claims)
        events.verifications_recorded([v.verification for v in verdicts])

    def _insert_tree(self, model, records: list) -> None:
        for record in records:
            record.pk = None
        for level in _levels(records):
            for record in level:
                record.parent = record.parent  # its id, now that the parent is saved
                record.derive()
            _insert(model, level, self.stamp)

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
        _copy(Claim, claims, self.stamp)
        for claim, answers in answered:
            claim.answers = answers
        _upsert(Claim, [claim for claim, _ in answered], ["answers"])
        # A new claim's history starts unreviewed, as claim_create records it; the verdict a
        # file carries over adds a second row when it is recorded (see finish()).
        _history(Claim, claims, self.stamp)
        citations = [
            Citation(claim=c.claim, source=source, excerpt="", locator="", position=position)
            for c in self.claims
            for position, (source, _) in enumerate(c.citations)
        ]
        _insert(Citation, citations, self.stamp)

    def _evidence(self, verdicts: list[Verdict]) -> None:
        links = []
        for verdict in verdicts:
            sources = {source.pk: source for source in verdict.evidence}
            links.extend(
                VerificationEvidence(verification=verdict.verification, source=source)
                for source in sources.values()
            )
        _copy(VerificationEvidence, links, self.stamp)

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
        _copy(Verification, [item.verdict.verification for item in self.verdicts], self.stamp)
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
        _upsert(
            Claim,
            list(claims.values()),
            ["status", "current_verification", "version", "updated_at"],
        )
        _history(Claim, history, self.stamp, update=True)
        events.verifications_recorded([item.verdict.verification for item in self.verdicts])


def _check_references_now() -> None:
    """Check the new rows' foreign keys now, before the lock, rather than at commit, under it
    (PostgreSQL defers them to the end of the transaction)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _levels(records: list) -> list[list]:
    """``records`` (places or actors) in the order their parents allow: those whose parent is
    on file (or none) first, then their children, and so on."""
    new = {id(r) for r in records}
    depth = {}

    def level(record) -> int:
        if id(record) not in depth:
            parent = record.parent
            depth[id(record)] = level(parent) + 1 if parent is not None and id(parent) in new else 0
        return depth[id(record)]

    levels: dict[int, list] = {}
    for record in records:
        levels.setdefault(level(record), []).append(record)
    return [levels[n] for n in sorted(levels)]


def _insert(model, records: list, stamp: datetime) -> None:
    """Insert with the history rows a save would have written (simple-history's signals do
    not see bulk inserts)."""
    _copy(model, records, stamp)
    _history(model, records, stamp)


def _history(model, records: list, stamp: datetime, *, update: bool = False) -> None:
    """The history rows simple-history writes for a save of each of ``records`` (its
    ``bulk_history_create``), dated ``stamp``. On PostgreSQL copied straight from the values:
    building a historical instance per row took a third of an import's time."""
    if connection.vendor != "postgresql":
        model.history.bulk_history_create(
            records, batch_size=BATCH, update=update, default_date=stamp
        )
        return
    history = model.history.model
    tracked = [(f, history._meta.get_field(f.name)) for f in history.tracked_fields]
    columns = [column.column for _, column in tracked]
    columns += ["history_date", "history_change_reason", "history_type", "history_user_id"]
    kind = "~" if update else "+"
    values = _values_of([field for field, _ in tracked])
    rows = (
        [
            *values(record),
            stamp,
            getattr(record, "_change_reason", "") or "",
            kind,
            getattr(getattr(record, "_history_user", None), "pk", None),
        ]
        for record in records
    )
    _copy_rows(history._meta.db_table, columns, rows)


def _values_of(fields: list) -> Callable:
    """A function giving a record's values of ``fields``, as ``COPY`` takes them."""
    # psycopg adapts plain values itself; only JSON needs Django's preparation.
    getters = [
        partial(_json_value, f) if isinstance(f, models.JSONField) else attrgetter(f.attname)
        for f in fields
    ]
    return lambda record: [get(record) for get in getters]


def _json_value(field, record):
    return field.get_db_prep_save(getattr(record, field.attname), connection=connection)


def _copy_rows(table: str, columns: list[str], rows: Iterable[list]) -> None:
    """``COPY`` ``rows`` into ``table`` (PostgreSQL only)."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    # The driver's own cursor copies; Django's error classes are kept for its errors.
    with (
        connection.cursor() as cursor,
        connection.wrap_database_errors,
        cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def _copy(model, records: list, stamp: datetime) -> None:
    """Insert ``records``, which get their ids, stamped ``stamp`` where a save stamps the time.
    On PostgreSQL with ``COPY`` and ids taken from the sequence first: ``bulk_create`` spends
    most of an import's time preparing values."""
    fields = model._meta.concrete_fields
    stamped = [
        f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    for record in records:
        for f in stamped:
            setattr(record, f.attname, stamp)
    if connection.vendor != "postgresql":
        model.objects.bulk_create(records, batch_size=BATCH)
        return
    if not records:
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, len(records)],
        )
        for record, (pk,) in zip(records, cursor.fetchall(), strict=True):
            record.pk = pk
            record._state.adding = False
    _copy_rows(
        table,
        [f.column for f in fields],
        map(_values_of(fields), records),
    )


def _upsert(model, records: list, fields: list[str]) -> None:
    """Write ``fields`` of saved ``records``: on PostgreSQL one UPDATE from arrays, elsewhere
    one statement per row (``bulk_update`` builds a CASE per row and grows quadratically)."""
    if not records:
        return
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    rows = [[getattr(r, f.attname) for f in columns] + [r.pk] for r in records]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            pk = quote(meta.pk.column)
            sets = ", ".join(f"{quote(f.column)} = v.{quote(f.column)}" for f in columns)
            arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in [*columns, meta.pk])
            names = ", ".join(quote(f.column) for f in [*columns, meta.pk])
            cursor.execute(
                f"UPDATE {quote(meta.db_table)} AS t SET {sets} "
                f"FROM unnest({arrays}) AS v({names}) WHERE t.{pk} = v.{pk}",
                [list(column) for column in zip(*rows, strict=True)],
            )
        else:
            sets = ", ".join(f"{quote(f.column)} = %s" for f in columns)
            cursor.executemany(
                f"UPDATE {quote(meta.db_table)} SET {sets} WHERE {quote(meta.pk.column)} = %s",
                rows,
            )


def _snapshot(claim: Claim, verdict: Verdict) -> Claim:
    """The claim as it stood after ``verdict``, for its history row."""
    copy = Claim(**{f.attname: getattr(claim, f.attname) for f in Claim._meta.concrete_fields})
    copy.version = verdict.verification.claim_version
    copy._change_reason = f"Verification: {Status(verdict.status).label}"
    return copy


def run(
    make_planner: Callable[[Report], Planner], report: Report, *, dry_run: bool, progress=None
) -> None:
    """Plan without locks, write in one transaction, and hold the version lock only around its
    commit (see the module's docstring); ``report`` gets the outcome of the attempt that
    counted.

    Every row is stamped with a moment a little ahead (``stamp``), the lock is taken just
    before it and the transaction commits just after it: so no other write commits an earlier
    time later, which the sync feeds rely on. If the write took longer than foreseen, the lock
    is met after the stamp and the attempt starts again with more time. SQLite, whose
    transactions here take its one write lock at their start, and the last attempt, write
    under the lock from the start.

    ``progress``, a progress bar, counts the rows planned, then shows the write.
    """
    for attempt in range(ATTEMPTS):
        trial = Report(rows=report.rows)
        planner = make_planner(trial)
        planner.progress = phase(progress, "Checking")
        locked = attempt == ATTEMPTS - 1 or connection.vendor != "postgresql"
        try:
            if not locked:
                started = time.monotonic()
                planner.prepare()
                if trial.errors:
                    break
                ahead = STAMP_AHEAD_S + WRITE_PER_PLAN * (time.monotonic() - started) * 2**attempt
            with transaction.atomic():
                services.limit_lock_waits()
                if locked:
                    now = services.begin_bulk_write()
                    planner.prepare()
                    if trial.errors:
                        raise Rollback
                    phase(progress, "Writing", done=True)
                    planner.write(now)
                else:
                    phase(progress, "Writing", done=True)
                    _write_ahead(planner, timezone.now() + timedelta(seconds=ahead), attempt)
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


def phase(progress, name: str, *, done: bool = False):
    """Start the phase ``name`` on the progress bar (if any): counting from none, or done."""
    if progress is not None:
        progress.reset(total=progress.total)
        progress.set_description(name)
        if done:
            progress.update(progress.total)
    return progress


def _write_ahead(planner: Planner, stamp: datetime, attempt: int) -> None:
    try:
        planner.write(stamp)
        _check_references_now()
    except IntegrityError:
        raise Changed from None  # another write just made a record the file makes
    # Others' changes since the plan are looked for twice: all of them before the lock, and
    # under it only those since that first look, which are few.
    looked_at = selectors.data_version().changed_at
    if planner.world.changed_since(planner.loaded_at, planner, stamp):
        raise Changed
    _sleep_until(stamp - timedelta(seconds=LOCK_BEFORE_STAMP_S * (attempt + 1)))
    if services.begin_bulk_write(stamp=stamp) is None:
        raise Changed  # the write or the queue took longer than foreseen; another stamped later
    if planner.world.changed_since(looked_at, planner, stamp):
        raise Changed
    _sleep_until(stamp)


def _sleep_until(moment: datetime) -> None:
    pause = (moment - timezone.now()).total_seconds()
    if pause > 0:
        time.sleep(pause)
