"""Recording what an editor accepted from an article's proposed claims, in one write."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from claims.choices import (
    STATUSES_NEEDING_INDEPENDENT_EVIDENCE,
    SourceKind,
)
from claims.models import (
    Actor,
    Claim,
    Place,
    Source,
    Verification,
)
from claims.services.claims import (
    DUPLICATE_MESSAGE,
    CitationInput,
    ClaimInput,
    LikelyDuplicate,
    claim_create,
)
from claims.services.sources import _source_for_url, source_create
from claims.services.verification import verification_record
from claims.services.writes import PERM_ADD_CLAIM, _begin_write, _require


@dataclass
class ArticleInput:
    """The pasted article as a source: an existing ``source``, or one found or made from the
    ``url`` (or, without a URL, made from the title)."""

    title: str
    published_at: datetime
    url: str = ""
    publisher: Actor | None = None
    source: Source | None = None


@dataclass
class ProposedClaim:
    """An accepted proposal: the claim (citations are added here), the index of the
    proposal it answers, if any, and whether the editor accepts it as a likely duplicate."""

    index: int
    data: ClaimInput
    answers: int | None = None
    allow_duplicate: bool = False


@dataclass
class ProposedVerification:
    claim: int  # the index of the accepted proposal it judges
    status: str
    rationale: str
    decided_at: datetime
    evidence_kind: str = ""
    verifier: Actor | None = None


@dataclass
class ArticleRecorded:
    source: Source
    claims: list[Claim]
    verifications: list[Verification]


def _answer_order(claims: Sequence[ProposedClaim]) -> list[ProposedClaim]:
    """Answered claims before their answers; refuses answers to proposals not accepted."""
    by_index = {c.index: c for c in claims}
    ordered, placed = [], set()

    def place(item: ProposedClaim, trail=()):
        if item.index in placed:
            return
        if item.answers is not None:
            if item.answers == item.index:
                raise ValidationError(
                    {f"claim-{item.index}": gettext("A proposal cannot answer itself.")}
                )
            if item.answers not in by_index:
                raise ValidationError(
                    {
                        f"claim-{item.index}": gettext(
                            "It answers proposal %(number)s, which is not accepted: accept that "
                            "one too, or clear the answer."
                        )
                        % {"number": item.answers + 1}
                    }
                )
            if item.answers in trail:
                raise ValidationError(
                    {f"claim-{item.index}": gettext("Two proposals answer each other.")}
                )
            place(by_index[item.answers], (*trail, item.index))
        placed.add(item.index)
        ordered.append(item)

    for item in claims:
        place(item)
    return ordered


def _made_key(kind: str, name: str) -> tuple[str, str]:
    return kind, " ".join(name.split()).casefold()


def _reuse_made(data: ClaimInput, made: dict) -> None:
    """A village or a claimant not on file that several accepted proposals name is created
    once, by the first, and the others refer to it."""
    if data.place is None and data.new_place is not None:
        place = made.get(_made_key("place", data.new_place.name))
        if place is not None:
            data.place, data.new_place = place, None
    if data.claimant is None and data.new_claimant is not None:
        actor = made.get(_made_key("actor", data.new_claimant.name))
        if actor is not None:
            data.claimant, data.new_claimant = actor, None


def _remember_made(data: ClaimInput, claim: Claim, made: dict) -> None:
    if data.new_place is not None:
        made[_made_key("place", data.new_place.name)] = claim.place
    if data.new_claimant is not None:
        made[_made_key("actor", data.new_claimant.name)] = claim.claimant


@transaction.atomic
def article_claims_record(
    *,
    article: ArticleInput,
    claims: Sequence[ProposedClaim],
    verifications: Sequence[ProposedVerification] = (),
    user=None,
) -> ArticleRecorded:
    """Record the proposals an editor accepted from one article, all or nothing.

    The article becomes (or is) the source every claim cites, with the claim's sentence as the
    excerpt; each claim goes through :func:`claim_create` and each verification through
    :func:`verification_record`, so every rule, the history and the webhooks are the same as for
    claims entered by hand. A place or a claimant not on file is created (through
    :func:`place_create` / :func:`actor_create`) with the first claim naming it, once per
    article. A claim that answers another proposal is created after it. Errors
    are keyed ``claim-N`` / ``verification-N`` by the proposal's index.
    """
    _require(user, PERM_ADD_CLAIM)
    if not claims:
        raise ValidationError({"__all__": gettext("Accept at least one proposed claim.")})
    _begin_write()
    source = article.source
    if source is None and article.url.strip():
        source = _source_for_url(
            article.url,
            title=article.title,
            kind=SourceKind.ARTICLE,
            publisher=article.publisher,
            published_at=article.published_at,
            user=user,
            field="url",
        )
    elif source is None:
        source = source_create(
            title=article.title,
            kind=SourceKind.ARTICLE,
            publisher=article.publisher,
            published_at=article.published_at,
            user=user,
        )
    created: dict[int, Claim] = {}
    made: dict[tuple[str, str], Place | Actor] = {}
    for item in _answer_order(claims):
        data = item.data
        _reuse_made(data, made)
        data.answers = created[item.answers] if item.answers is not None else None
        data.citations = [CitationInput(source=source, excerpt=data.quote)]
        try:
            created[item.index] = claim_create(
                data=data, user=user, allow_duplicate=item.allow_duplicate
            )
        except LikelyDuplicate:
            raise ValidationError({f"claim-{item.index}": gettext(DUPLICATE_MESSAGE)}) from None
        except ValidationError as invalid:
            raise ValidationError({f"claim-{item.index}": invalid.messages}) from None
        _remember_made(data, created[item.index], made)
    versions = {claim.pk: claim.version for claim in created.values()}
    recorded = []
    for number, item in enumerate(verifications):
        claim = created.get(item.claim)
        if claim is None:
            raise ValidationError(
                {
                    f"verification-{number}": gettext(
                        "It judges a proposed claim that is not accepted."
                    )
                }
            )
        evidence = [source] if item.status in STATUSES_NEEDING_INDEPENDENT_EVIDENCE else []
        try:
            verification = verification_record(
                claim=claim,
                expected_version=versions[claim.pk],
                status=item.status,
                rationale=item.rationale,
                evidence_kind=item.evidence_kind,
                evidence=evidence,
                decided_at=item.decided_at,
                verifier=item.verifier,
                user=user,
            )
        except ValidationError as invalid:
            raise ValidationError({f"verification-{number}": invalid.messages}) from None
        versions[claim.pk] = verification.claim_version
        recorded.append(verification)
    return ArticleRecorded(
        source=source, claims=[created[c.index] for c in claims], verifications=recorded
    )
