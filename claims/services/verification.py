"""Verdicts on claims: the append-only verifications, who may record which, and the
independent-evidence rule."""

from collections.abc import Iterable, Sequence
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from claims import picture
from claims.choices import (
    LEAD_STATUSES,
    STATUSES,
    STATUSES_NEEDING_INDEPENDENT_EVIDENCE,
    Status,
)
from claims.languages import local_name
from claims.models import (
    Actor,
    Claim,
    Source,
    Verification,
    VerificationEvidence,
)
from claims.models.fields import out_of_range, out_of_range_message
from claims.services.claims import CitationInput, _claim_at, _lock_claim
from claims.services.sources import _FoundSource, _source_stored, _url_source_found
from claims.services.state import refresh_place_states
from claims.services.writes import (
    PERM_VERDICT,
    PERM_VERIFY,
    _allowed,
    _begin_write,
    _history_user,
    _require,
)
from claims.webhooks import events


def independent_evidence(claim: Claim, sources: Iterable[Source]) -> list[Source]:
    """The sources that can confirm ``claim``: published by someone independent of the claimant.

    That is an actor with no side, or the opposing side (an admission). The claimant itself and
    sources without a known publisher never count.
    """
    claimant = claim.claimant
    usable = []
    for source in sources:
        publisher = source.publisher
        if publisher is None or publisher.pk == claimant.pk:
            continue
        if publisher.side_id is None or (
            claimant.side_id is not None and publisher.side_id != claimant.side_id
        ):
            usable.append(source)
    return usable


@transaction.atomic
def verification_record(
    *,
    claim: Claim,
    expected_version: int,
    status: str,
    rationale: str,
    evidence_kind: str = "",
    evidence: Sequence[Source] = (),
    new_evidence: Sequence[CitationInput] = (),
    decided_at: datetime | None = None,
    verifier: Actor | None = None,
    user=None,
    imported: bool = False,
    release: bool = False,
) -> Verification:
    """Append a verification to ``claim``; the claim's status becomes the one that stands.

    ``decided_at`` is when ``verifier`` (empty: the newsroom) published or the editor judged,
    default now, never in the future. It may lie before other verdicts on the claim, even before
    the claim was stated (an assessment the claim repeats): the claim's status is the verdict
    with the latest ``decided_at`` (see :func:`claims.picture.current`), so entering an earlier
    verdict later changes nothing but the history.

    Rules, enforced for every caller: a rationale is always required; ``confirmed``, ``false``
    and ``superseded`` need the verification-lead permission; ``confirmed`` and
    ``partially_confirmed`` need evidence from someone independent of the claimant. ``new_evidence``
    are URLs that find or create sources in the same transaction (a new one names its publisher).
    Raises :class:`StaleVersion` if the claim changed after ``expected_version`` was read.

    ``imported`` (the system only) records a judgement carried over from another ClaimTracker's
    export, whose evidence came with it as the claim's sources: the evidence rule is not re-run.
    ``release`` (:func:`claim_release` only) records a claim's return to ``unreviewed``.
    """
    if release:
        _require(user, PERM_VERIFY)
    else:
        check_verdict(status=status, user=user, imported=imported)
    read = _claim_at(claim.pk, expected_version)
    if not imported and decided_at is None and status != Status.IN_REVIEW:
        _refuse_a_repeat(read, status, rationale, evidence_kind, verifier, user)
    found = [_FoundSource(source, [], "evidence") for source in evidence]
    for item in new_evidence:
        found.append(
            _url_source_found(item, user=user, field="new_evidence", publisher_required=True)
        )
    found = list({f.source.pk or f.source.url: f for f in found}.values())
    check_evidence(read, status, [f.source for f in found], imported=imported)
    verification = verification_build(
        claim=read,
        status=status,
        rationale=rationale,
        evidence_kind=evidence_kind,
        verifier=verifier,
        decided_at=decided_at,
        now=timezone.now(),
        user=user,
    )
    verification.full_clean()
    now = _begin_write()
    current = _lock_claim(claim.pk, expected_version)
    # The caller gets the claim as this write leaves it (its new version and status), as events do.
    verification.claim = current
    verification.decided_at = decided_at or now
    verification.save()
    for item in found:
        source = _source_stored(item, user)
        VerificationEvidence.objects.create(verification=verification, source=source)
    standing = _standing_verification(current)
    current.status = standing.status
    current.current_verification = standing
    current.version += 1
    _history_user(current, user)
    current._change_reason = f"Verification: {Status(status).label}"
    current.save(update_fields=["status", "current_verification", "version", "updated_at"])
    events.verification_recorded(verification)
    refresh_place_states([current.place_id])
    return verification


def _refuse_a_repeat(claim: Claim, status, rationale, evidence_kind, verifier, user) -> None:
    """The history is append-only: a form sent again (the browser's Back, then Record) would
    add a copy of the verdict just recorded that no one can remove."""
    latest = claim.current_verification
    if latest is None or user is None:
        return
    same = (
        latest.status == status
        and latest.rationale == (rationale or "").strip()
        and latest.evidence_kind == evidence_kind
        and latest.verifier_id == (verifier.pk if verifier else None)
        and latest.recorded_by_id == user.pk
    )
    if same:
        raise ValidationError(
            gettext(
                "You recorded this verdict, with this rationale, as the claim's latest already: "
                "nothing new was recorded."
            )
        )


def check_verdict(*, status: str, user=None, imported: bool = False) -> None:
    """Who may record ``status``, and whether it is a verdict at all."""
    if imported and user is not None:
        raise PermissionDenied(gettext("Only the importer records imported verifications."))
    _require(user, PERM_VERIFY)
    if status == Status.UNREVIEWED:
        raise ValidationError(
            {"status": gettext("A claim starts unreviewed; record a judgement instead.")}
        )
    if status not in STATUSES:
        raise ValidationError(
            {"status": gettext("Unknown status “%(status)s”.") % {"status": status}}
        )
    if status in LEAD_STATUSES:
        _require_lead(user, status)


def verification_build(
    *,
    claim: Claim,
    status: str,
    rationale: str,
    evidence_kind: str,
    verifier: Actor | None,
    decided_at: datetime | None,
    now: datetime,
    user=None,
) -> Verification:
    """An unsaved verdict on ``claim`` (at ``claim.version``), dated ``decided_at`` (default
    ``now``, never later)."""
    decided_at = decided_at or now
    if decided_at > now:
        raise ValidationError(
            {"decided_at": gettext("A verification cannot be dated in the future.")}
        )
    if out_of_range(decided_at):
        raise ValidationError({"decided_at": out_of_range_message()})
    return Verification(
        claim=claim,
        status=status,
        rationale=(rationale or "").strip(),
        evidence_kind=evidence_kind,
        verifier=verifier,
        recorded_by=user if user is not None and user.is_authenticated else None,
        decided_at=decided_at,
        claim_version=claim.version + 1,
    )


def standing(verifications: Iterable[Verification]) -> Verification:
    """Of a claim's saved verifications, the one that stands (:func:`claims.picture.current`)."""
    rows = list(verifications)
    best = picture.current(
        picture.Judgement(v.pk, v.claim_id, v.status, v.decided_at, v.verifier_id) for v in rows
    )
    return next(v for v in rows if v.pk == best.id)


def _standing_verification(claim: Claim) -> Verification:
    return standing(claim.verifications.all())


def check_evidence(claim: Claim, status: str, sources: Sequence[Source], *, imported=False):
    """``confirmed`` and ``partially_confirmed`` need a source independent of the claimant,
    except for a judgement imported with the claim it came with."""
    needs_evidence = status in STATUSES_NEEDING_INDEPENDENT_EVIDENCE and not imported
    if needs_evidence and not independent_evidence(claim, sources):
        raise ValidationError({"evidence": _not_independent_message(claim, status, sources)})


def _not_independent_message(claim: Claim, status: str, sources: Sequence[Source]) -> str:
    """Why none of ``sources`` can confirm ``claim``, source by source."""
    need = gettext(
        "“%(status)s” needs at least one evidence source published by someone independent of "
        "the belligerents or by the side opposing the claimant."
    ) % {"status": Status(status).label}
    if not sources:
        return " ".join((need, gettext("No evidence source was given.")))
    reasons = []
    for source in sources:
        publisher = source.publisher
        name = f"“{source.title}”"
        if publisher is None:
            reasons.append(gettext("%(source)s has no known publisher") % {"source": name})
        elif publisher.pk == claim.claimant_id:
            reasons.append(
                gettext("%(source)s was published by the claimant itself") % {"source": name}
            )
        elif claim.claimant.side_id is None:
            reasons.append(
                gettext(
                    "%(source)s was published by %(publisher)s, who speaks for %(side)s, a party "
                    "to the fighting"
                )
                % {"source": name, **_speaker(publisher)}
            )
        else:
            reasons.append(
                gettext(
                    "%(source)s was published by %(publisher)s, who speaks for %(side)s, the "
                    "claimant's own side"
                )
                % {"source": name, **_speaker(publisher)}
            )
    return f"{need} " + gettext("Of the sources given, %(reasons)s.") % {
        "reasons": "; ".join(reasons)
    }


def _speaker(publisher: Actor) -> dict:
    return {"publisher": local_name(publisher), "side": local_name(publisher.side)}


def _require_lead(user, status: str) -> None:
    if not _allowed(user, PERM_VERDICT):
        raise PermissionDenied(
            gettext("Only verification leads may record “%(status)s”.")
            % {"status": Status(status).label}
        )


class HeldByAnother(Exception):
    """Another editor has the claim in review; taking it needs ``take_over=True``."""

    def __init__(self, claim: Claim, holder, since: datetime):
        self.claim, self.holder, self.since = claim, holder, since
        super().__init__(f"Claim {claim.pk} is in review by someone else.")


@transaction.atomic
def claim_take_into_review(
    *, claim: Claim, expected_version: int, user, take_over: bool = False
) -> Verification:
    """Put a queued claim ``in_review`` under ``user``, so others see who has it.

    Who holds it is the verification's ``recorded_by``, which only the newsroom sees; the
    public rationale names no one. A claim another editor holds raises :class:`HeldByAnother`
    unless ``take_over`` says the editor knows, and the takeover is then recorded as such.
    """
    if claim.status not in (Status.UNREVIEWED, Status.IN_REVIEW):
        raise ValidationError({"status": gettext("Only claims waiting for review can be taken.")})
    latest = claim.current_verification
    held_by_another = (
        claim.status == Status.IN_REVIEW
        and latest is not None
        and latest.recorded_by_id is not None
        and latest.recorded_by_id != user.pk
    )
    if held_by_another and not take_over:
        raise HeldByAnother(claim, latest.recorded_by, latest.recorded_at)
    return verification_record(
        claim=claim,
        expected_version=expected_version,
        status=Status.IN_REVIEW,
        rationale="Taken over from another editor." if held_by_another else "Taken into review.",
        user=user,
    )


@transaction.atomic
def claim_release(*, claim: Claim, expected_version: int, user) -> Verification:
    """Hand a claim ``user`` holds in review back to the queue, held by no one: recorded like a
    take, with a public rationale that names no one. The editor who holds it may, and a lead
    may release anyone's (an editor gone on leave)."""
    latest = claim.current_verification
    if claim.status != Status.IN_REVIEW or latest is None:
        raise ValidationError({"status": gettext("Only a claim in review can be released.")})
    if latest.recorded_by_id != user.pk and not _allowed(user, PERM_VERDICT):
        raise PermissionDenied(
            gettext("Only the editor who holds this claim, or a verification lead, may release it.")
        )
    return verification_record(
        claim=claim,
        expected_version=expected_version,
        status=Status.UNREVIEWED,
        rationale="Released back to the review queue.",
        user=user,
        release=True,
    )
