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

from dataclasses import dataclass, field

from claims import services
from claims.choices import BOOKKEEPING_STATUSES, ActorKind, EvidenceKind, Status, Verb
from claims.formats.verifications import CSV
from claims.imports import actors, bulk, cells, common, planner, world
from claims.imports.common import ActorRef, Cells, Report, RowError
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
    claim_id: int | None = None


def import_file(
    handle, *, source_name: str, dry_run: bool = False, create_missing=False, progress=None
) -> Report:
    """Check then record every verdict in ``handle``; nothing is written unless all are good."""
    report = Report()
    rows = common.read_file(handle, report, columns=CSV.names, required=REQUIRED)
    if rows is None:
        return report
    plans = []
    bulk.phase(progress, "Reading")
    for row in rows:
        try:
            plans.append(_parse(row.line, row.values))
        except RowError as error:
            report.errors.append((row.line, str(error)))
        if progress is not None:
            progress.update()
    if not report.errors:
        _find_claims(plans)
        problems = actors.check(
            {p.line: [*([p.verifier] if p.verifier else []), *_publishers(p)] for p in plans},
            create_missing=create_missing,
        )
        for plan in plans:
            found = problems.get(plan.line, []) + _claim_problems(plan)
            if found:
                report.errors.append((plan.line, "; ".join(found)))
    if report.errors:
        report.errors.sort()
        return report
    plans.sort(key=lambda plan: (plan.values["decided_at"], plan.line))
    bulk.run(lambda trial: _Planner(plans, trial), report, dry_run=dry_run, progress=progress)
    report.errors.sort()
    return report


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
    if problem := common.width_problem(values):
        raise RowError(problem)
    cells = Cells(values)
    v = cells.read_row(VerificationRow)
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


def _find_claims(plans: list[Plan]) -> None:
    """Finds the claim each row judges, as the claims import identifies claims, in a few
    queries for the whole file."""
    found = {}
    places = {p.values["claim_place"] for p in plans}
    claimants = sorted({p.values["claim_claimant"] for p in plans})
    for batch in world.chunks(places):
        for claim in (
            Claim.objects.filter(place__slug__in=batch, claimant__slug__in=claimants)
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
            found.setdefault(key, claim["pk"])
    for plan in plans:
        v = plan.values
        key = (
            v["claim_place"],
            v["claim_claimant"],
            v["claim_stated_at"],
            v["claim_verb"],
            v["claim_side"] or "",
        )
        plan.claim_id = found.get(key)


def _claim_problems(plan: Plan) -> list[str]:
    if plan.claim_id is not None:
        return []
    v = plan.values
    return [
        f"claim: no claim by “{v['claim_claimant']}” about “{v['claim_place']}” "
        f"({v['claim_verb']}) stated at {v['claim_stated_at'].isoformat()} is on file; "
        "import it with import_claims first"
    ]


class _Planner(planner.Planner):
    """Decides each verdict as ``verification_record`` would, in the file's order, without
    writing or locking anything (see :mod:`claims.imports.bulk`)."""

    def __init__(self, plans: list[Plan], report: Report):
        super().__init__(report)
        self.plans = plans

    def load(self) -> world.World:
        refs = [ref for p in self.plans for ref in [*([p.verifier] if p.verifier else [])]]
        refs += [ref for p in self.plans for ref in _publishers(p)]
        return world.World.load(
            actors={r.slug for r in refs} | {r.parent for r in refs if r.parent},
            urls={e.url for p in self.plans for e in p.evidence if e.url},
            titles={e.title for p in self.plans for e in p.evidence if not e.url},
            claim_ids={p.claim_id for p in self.plans},
        )

    def plan(self) -> None:
        for plan in self.plans:
            self.row(plan.line, self._row, plan)

    def _row(self, plan: Plan) -> None:
        v = plan.values
        verifier = self.actor(plan.line, plan.verifier) if plan.verifier else None
        claim = self.world.claims_by_pk[plan.claim_id]
        key = (claim.pk, v["status"], v["decided_at"], verifier.pk if verifier else None)
        if key in self.world.verdicts:
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
        self.world.verdicts.add(key)
        self.report.created += 1
