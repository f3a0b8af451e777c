"""Import verifications from the CSV format ``/export/verifications.csv`` writes
(docs/csv-format.md): dated verdicts, each naming the claim it judges the way the claims import
identifies claims (claimant, place, stated time, verb and side).

All or nothing, like the claims import: every row is checked first and each bad one reported
with all of its problems; then every verdict is recorded through ``verification_record``, with
the desk's rules (a rationale, independent evidence for a confirmation), in one transaction. A
verdict already on file (same claim, status, decision time and verifier) is left alone, so a
second run creates nothing.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from claims import services
from claims.choices import BOOKKEEPING_STATUSES, ActorKind, EvidenceKind, SourceKind, Status, Verb
from claims.exports import VERIFICATION_CSV_COLUMNS
from claims.imports import actors, common
from claims.imports.common import ActorRef, Cells, Report, Rollback, RowError
from claims.models import Claim, Source, Verification
from claims.models.verifications import RATIONALE_MAX_LENGTH

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
    claim: Claim | None = None


def import_file(
    handle, *, source_name: str, dry_run: bool = False, create_missing=False, progress=None
) -> Report:
    """Check then record every verdict in ``handle``; nothing is written unless all are good."""
    report = Report()
    rows = common.read_file(handle, report, columns=VERIFICATION_CSV_COLUMNS, required=REQUIRED)
    if rows is None:
        return report
    plans = []
    for row in rows:
        try:
            plans.append(_parse(row.line, row.values))
        except RowError as error:
            report.errors.append((row.line, str(error)))
    if not report.errors:
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
    try:
        with transaction.atomic():
            for plan in plans:
                try:
                    with transaction.atomic():
                        _write(plan, report)
                except (ValidationError, RowError) as error:
                    report.errors.append((plan.line, common.message(error)))
                if progress is not None:
                    progress.update(1)
            if report.errors or dry_run:
                raise Rollback
    except Rollback:
        pass
    report.errors.sort()
    return report


def _parse(line: int, values: dict) -> Plan:
    if problem := common.width_problem(values):
        raise RowError(problem)
    cells = Cells(values)
    slug, text_line = common.slug, common.line
    v = {
        "claim_place": cells.read("claim_place", slug, max_length=200),
        "claim_claimant": cells.read("claim_claimant", slug, max_length=200),
        "claim_stated_at": cells.read("claim_stated_at", common.moment, required=True),
        "claim_verb": cells.read("claim_verb", common.choice, Verb),
        "claim_side": cells.read("claim_side", slug, max_length=100, required=False),
        "status": cells.read("status", _verdict),
        "decided_at": cells.read("decided_at", common.moment, required=True),
        "verifier": cells.read("verifier", slug, max_length=200, required=False),
        "verifier_name": cells.read("verifier_name", text_line, max_length=200),
        "verifier_kind": cells.read("verifier_kind", common.choice, ActorKind, blank=True),
        "verifier_side": cells.read("verifier_side", slug, max_length=100, required=False),
        "rationale": cells.read(
            "rationale", common.text, max_length=RATIONALE_MAX_LENGTH, required=True
        ),
        "evidence_kind": cells.read("evidence_kind", common.choice, EvidenceKind, blank=True),
    }
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


def _verdict(value: str, column: str) -> str:
    value = value.strip()
    if value not in VERDICTS:
        raise RowError(
            f"{column}: “{value[:40]}” is not a verdict; use one of {', '.join(VERDICTS)}"
        )
    return value


def _publishers(plan: Plan) -> list[ActorRef]:
    return [item.publisher for item in plan.evidence if item.publisher]


def _claim_problems(plan: Plan) -> list[str]:
    """Finds the claim the row judges, as the claims import identifies claims."""
    v = plan.values
    side = {"side__slug": v["claim_side"]} if v["claim_side"] else {"side__isnull": True}
    plan.claim = Claim.objects.filter(
        place__slug=v["claim_place"],
        claimant__slug=v["claim_claimant"],
        stated_at=v["claim_stated_at"],
        verb=v["claim_verb"],
        **side,
    ).first()
    if plan.claim is not None:
        return []
    return [
        f"claim: no claim by “{v['claim_claimant']}” about “{v['claim_place']}” "
        f"({v['claim_verb']}) stated at {v['claim_stated_at'].isoformat()} is on file; "
        "import it with import_claims first"
    ]


def _write(plan: Plan, report: Report) -> None:
    v = plan.values
    verifier = actors.resolve(plan.verifier, report) if plan.verifier else None
    claim = Claim.objects.get(pk=plan.claim.pk)
    if Verification.objects.filter(
        claim=claim, status=v["status"], decided_at=v["decided_at"], verifier=verifier
    ).exists():
        report.present += 1
        return
    sources, new_evidence = [], []
    for item in plan.evidence:
        publisher = actors.resolve(item.publisher, report) if item.publisher else None
        if item.url:
            if not Source.objects.filter(url=item.url).exists():
                report.made("sources")
            new_evidence.append(
                services.CitationInput(
                    url=item.url,
                    title=item.title,
                    publisher=publisher,
                    published_at=item.published_at,
                )
            )
            continue
        source = Source.objects.filter(url="", title=item.title).first()
        if source is None:
            source = services.source_create(
                title=item.title,
                kind=SourceKind.ARTICLE,
                publisher=publisher,
                published_at=item.published_at,
            )
            report.made("sources")
        else:
            services.source_complete(
                source,
                publisher=publisher,
                published_at=item.published_at,
                field="evidence_publishers",
            )
        sources.append(source)
    services.verification_record(
        claim=claim,
        expected_version=claim.version,
        status=v["status"],
        rationale=v["rationale"],
        evidence_kind=v["evidence_kind"],
        evidence=sources,
        new_evidence=new_evidence,
        decided_at=v["decided_at"],
        verifier=verifier,
    )
    report.created += 1
