"""How an import writes what it planned: each batch of new records as soon as it is planned
(:func:`write`, into the sink of :mod:`claims.imports.staging`), then, once the file is
planned and published, the changes to records on file and each touched place's picture, once
(:func:`finish`)."""

from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError

from claims import picture, services
from claims.choices import Status
from claims.imports import rows
from claims.imports.world import chunks
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
from claims.webhooks import events

# Places whose pictures are rebuilt together: each batch reads all their claims at once, and
# an import's places can hold a file's worth.
PICTURES_AT_ONCE = 25

if TYPE_CHECKING:
    from claims.imports.planner import NewClaim, NewVerdict, Planner, Verdict


class Refused(Exception):
    """A service refused a record during the write: the whole file is rolled back."""

    def __init__(self, line: int, error: Exception):
        super().__init__(error)
        self.line, self.error = line, error


def write(planner: "Planner") -> None:
    """The new records of the planned batch, with their history rows. They are the import's
    alone until it commits (staged, or in its own transaction), so no other write waits."""
    sink, stamp, batch = planner.sink, planner.sink.stamp, planner.batch
    for side in batch.sides:
        side.pk = None  # not its stand-in id, which SQLite would store
    rows.insert(Side, batch.sides, stamp, sink)
    _insert_tree(Place, batch.places, stamp, sink)
    for name in batch.names:
        name.place = name.place  # its id, now that the place is saved
        name.derive()
    rows.insert(PlaceName, batch.names, stamp, sink)
    for actor in batch.actors:
        actor.side = actor.side
    _insert_tree(Actor, batch.actors, stamp, sink)
    for source in batch.sources:
        source.publisher = source.publisher
    rows.insert(Source, batch.sources, stamp, sink)
    for source in batch.amended.values():
        source.publisher = source.publisher
        values = {"publisher": source.publisher_id, "published_at": source.published_at}
        rows.amend(Source, source.pk, values, sink)
    _insert_claims(planner, batch.claims)
    _insert_verdicts(planner, batch.verdicts)
    planner.touched |= {item.claim.place_id for item in [*batch.claims, *batch.verdicts]}


def finish(planner: "Planner", stamp: datetime) -> None:
    """Once every batch is published: the changes to records on file (organisations, completed
    sources), each judged claim's status and version, each touched place's picture, once, and
    the events. Other writes to these records (rare: an import's records are mostly its own)
    wait for the commit, at most DATABASE_LOCK_TIMEOUT; no write waits for the version lock,
    which the import takes only around its commit (:mod:`claims.imports.bulk`)."""
    _complete(planner, stamp)
    _settle_judged(planner, stamp)
    services.refresh_place_states(planner.touched, touch=False, batch_size=PICTURES_AT_ONCE)
    events.claims_created(_each(Claim, planner.new_claims))
    events.verifications_recorded(_each(Verification, planner.new_verifications))


def _complete(planner: "Planner", stamp: datetime) -> None:
    """Organisations given to actors on file and sources on file completed, checked by their
    models' rules and written the import's way, stamped ``stamp`` with a history row each.
    Not through ``actor_update`` and ``save_completed_source``: each takes the version lock at
    once to cool the places that show the record, and would hold it through the rest of the
    write. Those places are stamped with the touched ones, under the lock, at the end."""
    actors = Actor.objects.in_bulk(list(planner.organisations)) if planner.organisations else {}
    for pk, (line, organisation) in planner.organisations.items():
        actor = actors[pk]
        actor.parent = organisation
        actor._change_reason = "Organisation added"
        _checked(line, actor)
    sources = Source.objects.in_bulk(list(planner.completed)) if planner.completed else {}
    for pk, (completed, changed) in planner.completed.items():
        source = sources[pk]
        # The publisher may be the file's own, saved since its stand-in was named.
        source.publisher, source.published_at = completed.publisher, completed.published_at
        source._change_reason = f"Added the {' and '.join(changed)}"
        _checked(0, source)
    for model, records, fields in [
        (Actor, list(actors.values()), ["parent", "updated_at"]),
        (Source, list(sources.values()), ["publisher", "published_at", "updated_at"]),
    ]:
        for record in records:
            record.updated_at = stamp
        rows.upsert(model, records, fields)
        rows.history(model, records, stamp, update=True)
    planner.shown |= services.places_showing(actors=list(actors), sources=list(sources))


def _checked(line: int, record) -> None:
    try:
        full_clean_with_text_rules(record)
    except ValidationError as error:
        raise Refused(line, error) from None


def _insert_verdicts(planner: "Planner", verdicts: list["NewVerdict"]) -> None:
    """Verdicts on claims on file, with their evidence. The claims themselves (status, version,
    history) are settled once every batch is published (:func:`_settle_judged`)."""
    sink, stamp = planner.sink, planner.sink.stamp
    for item in verdicts:
        verification = item.verdict.verification
        verification.claim = item.claim
        verification.verifier = verification.verifier  # its id, now that it is saved
    rows.copy(Verification, [item.verdict.verification for item in verdicts], stamp, sink)
    _evidence([item.verdict for item in verdicts], stamp, sink)
    planner.new_verifications.extend(item.verdict.verification.pk for item in verdicts)


def _each(model, ids: list[int]):
    """The records ``ids`` name, read a chunk at a time (only if someone listens)."""
    for batch in chunks(ids):
        yield from model.objects.filter(pk__in=batch).order_by("pk")


def _insert_tree(model, records: list, stamp, sink) -> None:
    for record in records:
        record.pk = None
    for level in rows.levels(records):
        for record in level:
            record.parent = record.parent  # its id, now that the parent is saved
            record.derive()
        rows.insert(model, level, stamp, sink)


def _insert_claims(planner: "Planner", items: list["NewClaim"]) -> None:
    """The batch's new claims, each with its first verification, the verdict the file carries
    over, the status that stands, and their citations. Staged rows carry no constraints, so
    on PostgreSQL each claim is numbered first and copied once, judged; SQLite's inserts
    check references as they go, so its claims are inserted first and judged after."""
    sink, stamp = planner.sink, planner.sink.stamp
    claims = [c.claim for c in items]
    for claim in claims:
        claim.pk = None
        claim.place, claim.claimant, claim.side = claim.place, claim.claimant, claim.side
        claim.derive()
    if sink.staged:
        rows.number(Claim, claims)
        rows.stamp_all(Claim, claims, stamp)
        for claim in claims:
            if claim.answers_id is not None:
                claim.answers = claim.answers  # its id, now that it is numbered
        # A new claim's history starts unreviewed, as claim_create records it; the verdict a
        # file carries over adds a second row when it is recorded (see _judge()).
        rows.history(Claim, claims, stamp, sink)
        _judge(planner, items)
        rows.copy(Claim, claims, stamp, sink)
    else:
        # Answers lie earlier in the batch and may share the insert's rows: linked after.
        answered = [(c, c.answers) for c in claims if c.answers_id is not None and c.answers_id < 0]
        for claim, _ in answered:
            claim.answers = None
        rows.copy(Claim, claims, stamp, sink)
        for claim, answers in answered:
            claim.answers = answers
        rows.upsert(Claim, [claim for claim, _ in answered], ["answers"], sink)
        rows.history(Claim, claims, stamp, sink)
        _judge(planner, items)
        fields = ["status", "current_verification", "version", "updated_at"]
        rows.upsert(Claim, claims, fields, sink)
    judged = [c.claim for c in items if c.verdict is not None]
    rows.history(Claim, judged, stamp, sink, update=True)
    citations = [
        Citation(claim=c.claim, source=source, excerpt="", locator="", position=position)
        for c in items
        for position, (source, _) in enumerate(c.citations)
    ]
    rows.insert(Citation, citations, stamp, sink)
    planner.new_claims.extend(claim.pk for claim in claims)


def _judge(planner: "Planner", items: list["NewClaim"]) -> None:
    """Each new claim's first verification and the verdict the file carries over, written,
    and the status that stands, set on the claim."""
    sink, stamp = planner.sink, planner.sink.stamp
    claims = [c.claim for c in items]
    firsts = [services.first_verification(claim, now=planner.now) for claim in claims]
    verdicts = [c.verdict for c in items if c.verdict is not None]
    for verdict in verdicts:
        verdict.verification.claim = verdict.verification.claim  # its id, now it is numbered
        verdict.verification.verifier = verdict.verification.verifier
    rows.copy(Verification, [*firsts, *(v.verification for v in verdicts)], stamp, sink)
    _evidence(verdicts, stamp, sink)
    for item, first in zip(items, firsts, strict=True):
        pool = [first]
        if item.verdict is not None:
            pool.append(item.verdict.verification)
            item.claim.version += 1
            item.claim._change_reason = f"Verification: {Status(item.verdict.status).label}"
        current = services.standing(pool)
        item.claim.status, item.claim.current_verification = current.status, current
        item.claim.updated_at = stamp
    planner.new_verifications.extend(v.verification.pk for v in verdicts)


def _evidence(verdicts: list["Verdict"], stamp, sink=None) -> None:
    links = []
    for verdict in verdicts:
        sources = {source.pk: source for source in verdict.evidence}
        links.extend(
            VerificationEvidence(verification=verdict.verification, source=source)
            for source in sources.values()
        )
    rows.copy(VerificationEvidence, links, stamp, sink)


def _settle_judged(planner: "Planner", stamp: datetime) -> None:
    """The claims on file the file judged, a chunk at a time: each raised to the version of the
    file's last verdict on it, with the status of the verdict that stands and a history row
    for each of the file's verdicts, as ``verification_record`` leaves it. The file's verdicts
    are those above the version on file; the chunk's verdicts, on file and the file's, are
    read back from the real tables, so the plan never held them all: as the picture's
    judgements, not records, which took a fifth of importing 100,000 verdicts."""
    for batch in chunks(planner.judged):
        claims = Claim.objects.in_bulk(batch)
        pools = {pk: [] for pk in claims}
        for pk, claim_id, status, decided_at, verifier_id, version in (
            Verification.objects.filter(claim_id__in=batch)
            .order_by("pk")
            .values_list("pk", "claim_id", "status", "decided_at", "verifier_id", "claim_version")
        ):
            judgement = picture.Judgement(pk, claim_id, status, decided_at, verifier_id)
            pools[claim_id].append((judgement, version))
        history = []
        for claim in claims.values():
            pool = []
            for judgement, version in pools[claim.pk]:
                pool.append(judgement)
                if version > claim.version:
                    current = picture.current(pool)
                    claim.status, claim.current_verification_id = current.status, current.id
                    history.append(_snapshot(claim, version, judgement.status))
            claim.version = planner.judged[claim.pk]
            claim.updated_at = stamp
        rows.upsert(
            Claim,
            list(claims.values()),
            ["status", "current_verification", "version", "updated_at"],
        )
        rows.history(Claim, history, stamp, update=True)


def _snapshot(claim: Claim, version: int, status: str) -> Claim:
    """The claim as it stood after the verdict of ``status`` that raised it to ``version``,
    for its history row: its values, not a record to save (``copy.copy`` of a model instance
    took 5% of importing 100,000 verdicts)."""
    snapshot = Claim.__new__(Claim)
    snapshot.__dict__.update(claim.__dict__)
    snapshot.version = version
    snapshot._change_reason = f"Verification: {Status(status).label}"
    return snapshot
