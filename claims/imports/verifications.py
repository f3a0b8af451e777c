"""Import verifications from the CSV format ``/export/verifications.csv`` writes
(docs/csv-format.md): dated verdicts, each naming the claim it judges the way the claims import
identifies claims (claimant, place, stated time, verb and side).

All or nothing, like the claims import: every row is checked first, with the desk's rules (a
rationale, independent evidence for a confirmation: those of ``verification_record``), and each
bad one reported with all of its problems; then every verdict is written in one short
transaction (:mod:`claims.imports.bulk`). A
verdict already on file (same claim, status, decision time and verifier) is left alone, so a
second run creates nothing.
"""

from array import array
from dataclasses import dataclass, field

from claims import services
from claims.choices import BOOKKEEPING_STATUSES, ActorKind, EvidenceKind, Status, Verb
from claims.formats.verifications import CSV
from claims.imports import actors, cells, common, planner, reading, world
from claims.imports.common import ActorRef, Report
from claims.inputs import length
from claims.models import Actor, Claim, Place, Side, Verification

REQUIRED = (
    "claim_place",
    "claim_claimant",
    "claim_stated_at",
    "claim_verb",
    "status",
    "decided_at",
    "rationale",
)


VERDICTS = [s for s in Status.values if s not in BOOKKEEPING_STATUSES]


@dataclass
class Plan:
    line: int
    values: dict
    evidence: list = field(default_factory=list)
    verifier: ActorRef | None = None


def import_file(
    handle, *, source_name: str, dry_run: bool = False, create_missing=False, progress=None
) -> Report:
    """Check then record every verdict in ``handle``; nothing is written unless all are good."""
    # The actors the rows name, gathered as they are parsed: reading the parsed rows back for
    # them took a tenth of importing 100,000 verdicts.
    refs = set()
    # The claim each row judges, found by the check, in the order the rows are read back.
    claim_ids = array("q")

    def parse(line: int, values: dict) -> Plan:
        plan = _parse(line, values)
        refs.update(_actors(plan))
        return plan

    return reading.import_rows(
        handle,
        columns=CSV.names,
        required=REQUIRED,
        parse=parse,
        moment=lambda plan: plan.values["decided_at"],
        check=lambda plans, report: _check(
            plans, refs, claim_ids, report, create_missing=create_missing
        ),
        planner=lambda plans, report: _Planner(plans, refs, claim_ids, report),
        dry_run=dry_run,
        progress=progress,
    )


def _check(
    plans, refs: set[ActorRef], claim_ids: array, report: Report, *, create_missing: bool
) -> None:
    """Each row's claim must be on file, and its actors (``refs``, all the rows') on file or
    described; the claims are looked up a batch of rows at a time, so a big file's are never
    held at once, and each row's is added to ``claim_ids`` (0 if none) for the planner."""
    catalogue = actors.Known(refs, create_missing=create_missing)
    for batch in planner.batched(plans, planner.BATCH_ROWS):
        found = _find_claims(batch)
        claim_ids.extend(found.get(_claim_key(plan), 0) for plan in batch)
        for plan in batch:
            problems = catalogue.problems(_actors(plan)) + _claim_problems(plan, found)
            if problems:
                report.errors.append((plan.line, "; ".join(problems)))


class VerificationRow(cells.RowForm):
    claim_place = cells.slug_cell(length(Place, "slug"))
    claim_claimant = cells.slug_cell(length(Actor, "slug"))
    claim_stated_at = cells.MomentCell(required=True)
    claim_verb = cells.ChoiceCell(Verb)
    claim_side = cells.slug_cell(length(Side, "slug"), required=False)
    status = cells.ChoiceCell(VERDICTS, what="is not a verdict; use one of")
    decided_at = cells.MomentCell(required=True)
    verifier = cells.slug_cell(length(Actor, "slug"), required=False)
    verifier_name = cells.line_cell(length(Actor, "name"))
    verifier_kind = cells.ChoiceCell(ActorKind, blank=True)
    verifier_side = cells.slug_cell(length(Side, "slug"), required=False)
    rationale = cells.text_cell(length(Verification, "rationale"), required=True)
    evidence_kind = cells.ChoiceCell(EvidenceKind, blank=True)


def _parse(line: int, values: dict) -> Plan:
    cells, v = common.row_cells(values, VerificationRow)
    plan = Plan(line, v)
    plan.evidence = common.sources(cells, "evidence")
    if v["verifier"]:
        plan.verifier = ActorRef(
            v["verifier"],
            "verifier",
            name=v["verifier_name"] or "",
            kind=v["verifier_kind"] or "",
            side=v["verifier_side"]
            if cells.values["verifier_side"].strip() or v["verifier_name"]
            else None,
        )
    cells.finish()
    return plan


def _publishers(plan: Plan) -> list[ActorRef]:
    return [item.publisher for item in plan.evidence if item.publisher]


def _actors(plan: Plan) -> list[ActorRef]:
    return [*([plan.verifier] if plan.verifier else []), *_publishers(plan)]


def _claim_key(plan: Plan) -> tuple:
    v = plan.values
    return (
        v["claim_place"],
        v["claim_claimant"],
        v["claim_stated_at"],
        v["claim_verb"],
        v["claim_side"] or "",
    )


def _find_claims(plans: list[Plan]) -> dict[tuple, int]:
    """The claim each of ``plans`` judges, as the claims import identifies claims, in a few
    queries for a batch of rows."""
    found, wanted = {}, {_claim_key(plan) for plan in plans}
    places = {key[0] for key in wanted}
    claimants = sorted({key[1] for key in wanted})
    stated = sorted({key[2] for key in wanted})
    for batch in world.chunks(places):
        for claim in (
            Claim.objects.filter(
                place__slug__in=batch, claimant__slug__in=claimants, stated_at__in=stated
            )
            .values("pk", "place__slug", "claimant__slug", "stated_at", "verb", "side__slug")
            .order_by("pk")
        ):
            key = (
                claim["place__slug"],
                claim["claimant__slug"],
                claim["stated_at"],
                claim["verb"],
                claim["side__slug"] or "",
            )
            if key in wanted:
                found.setdefault(key, claim["pk"])
    return found


def _claim_problems(plan: Plan, found: dict) -> list[str]:
    if _claim_key(plan) in found:
        return []
    v = plan.values
    return [
        f"claim: no claim by “{v['claim_claimant']}” about “{v['claim_place']}” "
        f"({v['claim_verb']}) stated at {v['claim_stated_at'].isoformat()} is on file; "
        "import it with import_claims first"
    ]


class _Planner(planner.Planner):
    """Decides each verdict as ``verification_record`` would, in the order of the times they
    were decided, without writing or locking anything (see :mod:`claims.imports.bulk`), a batch
    of rows at a time: the claims a batch judges are read with it and forgotten after it."""

    def __init__(self, plans, refs: set[ActorRef], claim_ids: array, report: Report):
        super().__init__(report, plans)
        self.refs = refs
        # The rows are planned in the order the check read them: looking their claims up
        # again took a twentieth of importing 100,000 verdicts.
        self.claim_ids = claim_ids
        self.planned = 0
        self.claim_of_line: dict[int, int] = {}
        # The file's own verdicts at the latest decision time planned: rows come in the order
        # of their decision times, so only these can be repeated by a later row.
        self.own: set[tuple] = set()

    def load(self) -> world.World:
        return world.World.load(
            actors={r.slug for r in self.refs} | {r.parent for r in self.refs if r.parent}
        )

    def sources_named(self, plan: Plan) -> list:
        return plan.evidence

    def load_batch(self, plans: list) -> None:
        super().load_batch(plans)
        ids = self.claim_ids[self.planned : self.planned + len(plans)]
        self.planned += len(plans)
        self.claim_of_line = {plan.line: pk for plan, pk in zip(plans, ids, strict=True)}
        self.world.load_claims(set(ids))

    def forget(self) -> None:
        latest = max((key[2] for key in self.own), default=None)
        self.own = {key for key in self.own if key[2] == latest}
        super().forget()

    def decide(self, plan: Plan) -> None:
        v = plan.values
        verifier = self.actor(plan.line, plan.verifier) if plan.verifier else None
        claim = self.world.claims_by_pk[self.claim_of_line[plan.line]]
        key = (claim.pk, v["status"], v["decided_at"], verifier.pk if verifier else None)
        if key in self.world.verdicts or key in self.own:
            self.report.present += 1
            return
        services.check_verdict(status=v["status"])
        sources, new_evidence = [], []
        for item in plan.evidence:
            publisher = self.actor(plan.line, item.publisher) if item.publisher else None
            source = self.source(
                plan.line,
                url=item.url,
                title=item.title,
                publisher=publisher,
                published_at=item.published_at,
                field="new_evidence" if item.url else "evidence_publishers",
                publisher_required=bool(item.url),
            )
            (new_evidence if item.url else sources).append(source)
        evidence = list({id(s): s for s in [*sources, *new_evidence]}.values())
        services.check_evidence(claim, v["status"], evidence)
        self.new_verdict(
            plan.line,
            claim,
            planner.Verdict(
                status=v["status"],
                rationale=v["rationale"],
                decided_at=v["decided_at"],
                verifier=verifier,
                evidence=evidence,
                evidence_kind=v["evidence_kind"],
                imported=False,
            ),
        )
        self.own.add(key)
        self.report.created += 1
